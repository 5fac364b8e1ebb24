//! Patterns are data: a folder given with --patterns changes behaviour without
//! recompiling, and a broken file stops the run naming file and line.

mod common;

use common::*;
use std::path::Path;

fn copy_patterns(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(root().join("patterns")).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
        }
    }
}

#[test]
fn an_added_synonym_takes_effect_without_recompiling() {
    let tmp = tempfile::tempdir().unwrap();
    let pat = tmp.path().join("patterns");
    copy_patterns(&pat);
    let before = jxcheck(&root(), &["sections", "corpus/000_dcb98461ec04ccb6.txt"]);
    assert!(String::from_utf8_lossy(&before.stdout).contains("L3 1.资金管理\t-\t"));
    let mut s = std::fs::read_to_string(pat.join("sections.toml")).unwrap();
    s.push_str("\n[[section]]\nid = \"budget.funds\"\nsynonyms = [\"资金管理\"]\n");
    std::fs::write(pat.join("sections.toml"), s).unwrap();
    let o = jxcheck(
        &root(),
        &[
            "--patterns",
            pat.to_str().unwrap(),
            "sections",
            "corpus/000_dcb98461ec04ccb6.txt",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("L3 1.资金管理\tbudget.funds\t255-286"));
}

#[test]
fn a_broken_patterns_file_is_a_clear_startup_error() {
    let tmp = tempfile::tempdir().unwrap();
    let pat = tmp.path().join("patterns");
    copy_patterns(&pat);
    let s = std::fs::read_to_string(pat.join("normalize.toml")).unwrap();
    let line = s.lines().position(|l| l.contains("第\\s*(\\d{1,4})\\s*页")).unwrap() + 1;
    std::fs::write(
        pat.join("normalize.toml"),
        s.replace("第\\s*(\\d{1,4})\\s*页", "第\\s*(\\d{1,4}\\s*页"),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = jxcheck(
        &root(),
        &[
            "--patterns",
            pat.to_str().unwrap(),
            "scan",
            "corpus",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(&format!("normalize.toml:{line}: bad pattern")), "{err}");
    assert!(!out.exists(), "nothing is written when the patterns are broken");
}

#[test]
fn a_bad_table_change_word_is_a_startup_error() {
    let tmp = tempfile::tempdir().unwrap();
    let pat = tmp.path().join("patterns");
    copy_patterns(&pat);
    let s = std::fs::read_to_string(pat.join("figures.toml")).unwrap();
    let bad = s.replace("prior = [\"上年同期\"", "prior = [\"本期\", \"上年同期\"");
    assert_ne!(s, bad);
    std::fs::write(pat.join("figures.toml"), bad).unwrap();
    let o = jxcheck(
        &root(),
        &[
            "--patterns",
            pat.to_str().unwrap(),
            "sections",
            "corpus/000_dcb98461ec04ccb6.txt",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("figures.toml:") && err.contains("\"本期\" is both current and prior"),
        "{err}"
    );
}

//! Scale and the nightly job, on corpora synthesised from the real reports
//! (`jxcheck synth`): the same bytes from one thread, two threads, a warm
//! state database and merged shards; what the state database re-checks; exit
//! status 2 with --fail-on; a run killed with SIGKILL and the run after it.

mod common;

use common::{jxcheck, read_csv, root};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// `jxcheck synth --from corpus --count N --out DIR/syn --format F`.
fn synth(dir: &Path, count: usize, format: &str) -> PathBuf {
    let out = dir.join("syn");
    let o = jxcheck(
        &root(),
        &[
            "synth",
            "--from",
            "corpus",
            "--count",
            &count.to_string(),
            "--format",
            format,
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    out
}

/// Runs jxcheck in `cwd`, asserting exit status 0.
fn ok(cwd: &Path, args: &[&str]) -> Output {
    let o = jxcheck(cwd, args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// The six CSV files of an output folder, asserting nothing else is there
/// but jxcheck's hidden lock and manifest.
fn csvs(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut hidden = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            hidden.push(name);
            continue;
        }
        out.insert(name, std::fs::read(e.path()).unwrap());
    }
    hidden.sort();
    assert_eq!(hidden, [".jxcheck-manifest", ".jxcheck.lock"], "{}", dir.display());
    let names: Vec<&str> = out.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "discrepancies.csv",
            "figures.csv",
            "indicators.csv",
            "projects.csv",
            "reports.csv",
            "scores.csv"
        ],
        "{}",
        dir.display()
    );
    out
}

/// The JSON lines of a `--log-format json` run: per-file lines and the summary.
fn log_lines(o: &Output) -> (Vec<String>, String) {
    let text = String::from_utf8(o.stderr.clone()).unwrap();
    let mut files = Vec::new();
    let mut summary = String::new();
    for l in text.lines() {
        assert!(l.starts_with('{') && l.ends_with('}'), "not a JSON line: {l}");
        if l.starts_with("{\"summary\":true") {
            summary = l.to_string();
        } else {
            files.push(l.to_string());
        }
    }
    (files, summary)
}

/// A number field of a flat JSON line.
fn field(line: &str, name: &str) -> u64 {
    let key = format!("\"{name}\":");
    let at = line.find(&key).unwrap_or_else(|| panic!("{name} in {line}")) + key.len();
    line[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap()
}

#[test]
fn same_bytes_from_threads_warm_state_and_merged_shards() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    synth(t, 15, "both");
    let inputs = ["syn/txt", "syn/pdf"];
    let scan = |extra: &[&str]| {
        let mut args = vec!["scan", "--quiet"];
        args.extend(inputs);
        args.extend(extra);
        ok(t, &args)
    };
    scan(&["-j", "1", "--out", "j1"]);
    scan(&["-j", "2", "--out", "j2"]);
    scan(&["-j", "2", "--state", "state.db", "--out", "cold"]);
    let warm = scan(&[
        "-j",
        "2",
        "--state",
        "state.db",
        "--out",
        "warm",
        "--log-format",
        "json",
    ]);
    let (files, summary) = log_lines(&warm);
    assert_eq!(files.len(), 30);
    assert!(files.iter().all(|l| l.ends_with("\"cached\":true}")), "{files:?}");
    assert_eq!((field(&summary, "analysed"), field(&summary, "unchanged")), (0, 30));
    let mut shard_rows = 0;
    for k in 0..3 {
        let shard = format!("{k}/3");
        let out = format!("s{k}");
        scan(&["--shard", &shard, "--out", &out]);
        let (_, rows) = read_csv(&t.join(&out).join("reports.csv"));
        assert!(!rows.is_empty() && rows.len() < 30, "shard {k}: {} files", rows.len());
        shard_rows += rows.len();
    }
    assert_eq!(shard_rows, 30);
    ok(t, &["merge", "s0", "s1", "s2", "--out", "merged"]);

    let one = csvs(&t.join("j1"));
    for other in ["j2", "cold", "warm", "merged"] {
        let o = csvs(&t.join(other));
        for (name, bytes) in &one {
            assert!(o[name] == *bytes, "{other}/{name} differs from the -j1 run");
        }
    }
    // real content: 30 reports, each PDF read like its text twin
    let (h, rows) = read_csv(&t.join("j1/reports.csv"));
    assert_eq!(rows.len(), 30);
    let status = common::col(&h, "status");
    assert!(rows.iter().all(|r| r[status] == "ok"), "{rows:?}");
    let (h, rows) = read_csv(&t.join("j1/discrepancies.csv"));
    let (file, rule, claimed, expected) = (
        common::col(&h, "file"),
        common::col(&h, "rule"),
        common::col(&h, "claimed"),
        common::col(&h, "expected"),
    );
    type Finding = (String, String, String);
    let mut by_twin: BTreeMap<(String, bool), Vec<Finding>> = BTreeMap::new();
    for r in &rows {
        let stem = Path::new(&r[file]).file_stem().unwrap().to_string_lossy().into_owned();
        by_twin.entry((stem, r[file].ends_with(".pdf"))).or_default().push((
            r[rule].clone(),
            r[claimed].clone(),
            r[expected].clone(),
        ));
    }
    let texts: Vec<_> = by_twin.keys().filter(|k| !k.1).cloned().collect();
    assert!(texts.len() >= 12, "{}", texts.len());
    for k in texts {
        let mut a = by_twin[&k].clone();
        let mut b = by_twin.get(&(k.0.clone(), true)).cloned().unwrap_or_default();
        a.sort();
        b.sort();
        assert_eq!(a, b, "{}: text and PDF findings differ", k.0);
    }
}

#[test]
fn variants_keep_their_seeds_findings_and_planted_ones_are_found() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let syn = synth(t, 20, "text");
    ok(t, &["scan", "syn/txt", "--out", "out", "--quiet"]);
    let seeds = common::scan_corpus(&[]);
    // (file name → set of (rule, severity, line))
    let findings = |dir: &Path| {
        let (h, rows) = read_csv(&dir.join("discrepancies.csv"));
        let (file, rule, sev, line) = (
            common::col(&h, "file"),
            common::col(&h, "rule"),
            common::col(&h, "severity"),
            common::col(&h, "line"),
        );
        let mut m: BTreeMap<String, BTreeSet<(String, String, String)>> = BTreeMap::new();
        for r in rows {
            let name = Path::new(&r[file]).file_name().unwrap().to_string_lossy().into_owned();
            m.entry(name)
                .or_default()
                .insert((r[rule].clone(), r[sev].clone(), r[line].clone()));
        }
        m
    };
    let got = findings(&t.join("out"));
    let want = findings(seeds.path());
    let (rh, reports) = read_csv(&t.join("out/reports.csv"));
    let (mh, manifest) = read_csv(&syn.join("manifest.csv"));
    assert_eq!(manifest.len(), 20);
    let m = |name: &str| common::col(&mh, name);
    let mut planted = 0;
    for (row, report) in manifest.iter().zip(&reports) {
        let name = Path::new(&row[m("file")])
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(report[common::col(&rh, "file")].ends_with(&name));
        assert_eq!(report[common::col(&rh, "department")], row[m("department")]);
        assert_eq!(report[common::col(&rh, "year")], row[m("year")]);
        assert_ne!(row[m("department")], "", "{name}");
        let seed = format!("{}.txt", row[m("seed")]);
        let mine = got.get(&name).cloned().unwrap_or_default();
        if row[m("planted_rule")].is_empty() {
            let theirs = want.get(&seed).cloned().unwrap_or_default();
            assert_eq!(mine, theirs, "{name}: findings differ from its seed {seed}");
        } else {
            planted += 1;
            let hit = mine
                .iter()
                .any(|(r, s, l)| *r == row[m("planted_rule")] && s == "error" && *l == row[m("planted_line")]);
            assert!(
                hit,
                "{name}: planted {} at line {} not found",
                row[m("planted_rule")],
                row[m("planted_line")]
            );
        }
    }
    assert_eq!(planted, 5);
}

#[test]
fn state_rechecks_changed_files_and_everything_after_a_rubric_change() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    synth(t, 10, "text");
    // a private copy of the patterns, to change a rubric in
    let patterns = t.join("patterns");
    for e in walkdir::WalkDir::new(root().join("patterns")) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(root().join("patterns")).unwrap();
        if e.file_type().is_dir() {
            std::fs::create_dir_all(patterns.join(rel)).unwrap();
        } else {
            std::fs::copy(e.path(), patterns.join(rel)).unwrap();
        }
    }
    let run = |out: &str, extra: &[&str]| {
        let mut args = vec![
            "--patterns",
            "patterns",
            "scan",
            "syn/txt",
            "--state",
            "state.db",
            "--log-format",
            "json",
            "--out",
            out,
        ];
        args.extend(extra);
        let (_, summary) = log_lines(&ok(t, &args));
        (field(&summary, "analysed"), field(&summary, "unchanged"))
    };
    assert_eq!(run("a", &[]), (10, 0));
    assert_eq!(run("b", &[]), (0, 10));
    // one file changed: only it is analysed; --changed-only writes only it
    let changed = std::fs::read_dir(t.join("syn/txt"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let mut text = std::fs::read_to_string(&changed).unwrap();
    text.push_str("\n附件：无\n");
    std::fs::write(&changed, text).unwrap();
    assert_eq!(run("c", &["--changed-only"]), (1, 9));
    let (h, rows) = read_csv(&t.join("c/reports.csv"));
    assert_eq!(rows.len(), 1);
    assert!(rows[0][common::col(&h, "file")].ends_with(&*changed.file_name().unwrap().to_string_lossy()));
    // a rubric edited: every report is checked again
    let rubric = patterns.join("rubrics/shenzhen-municipal.toml");
    let mut r = std::fs::read_to_string(&rubric).unwrap();
    r.push_str("\n# a local note\n");
    std::fs::write(&rubric, r).unwrap();
    assert_eq!(run("d", &[]), (10, 0));
    ok(t, &["--patterns", "patterns", "scan", "syn/txt", "--out", "e", "-q"]);
    assert_eq!(csvs(&t.join("d")), csvs(&t.join("e")));
}

#[test]
fn fail_on_gives_exit_status_2() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    synth(t, 3, "text");
    let code = |args: &[&str]| jxcheck(t, args).status.code();
    assert_eq!(code(&["scan", "syn/txt", "--out", "o", "-q"]), Some(0));
    assert_eq!(
        code(&["scan", "syn/txt", "--out", "o", "-q", "--fail-on", "error"]),
        Some(2)
    );
    assert_eq!(
        code(&["scan", "syn/txt", "--out", "o", "-q", "--fail-on", "warning"]),
        Some(2)
    );
    std::fs::create_dir(t.join("calm")).unwrap();
    std::fs::write(t.join("calm/note.txt"), "本单位2021年度无项目支出。\n").unwrap();
    assert_eq!(
        code(&["scan", "calm", "--out", "o", "-q", "--fail-on", "warning"]),
        Some(0)
    );
    assert_eq!(
        code(&["scan", "calm", "--out", "o", "-q", "--fail-on", "fatal"]),
        Some(1)
    );
}

#[test]
fn a_killed_run_keeps_what_it_finished_and_the_next_run_completes() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    synth(t, 150, "text");
    let mut child = Command::new(env!("CARGO_BIN_EXE_jxcheck"))
        .current_dir(t)
        .args([
            "scan",
            "syn/txt",
            "-j",
            "1",
            "--state",
            "state.db",
            "--log-format",
            "json",
            "--out",
            "out",
        ])
        .env_remove("JXCHECK_PATTERNS")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    for _ in 0..20 {
        lines.next().unwrap().unwrap();
    }
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    assert!(!status.success(), "the run finished before it was killed");
    // nothing half-written is visible; what was logged was saved
    assert!(!t.join("out/reports.csv").exists());
    let saved: i64 = rusqlite::Connection::open(t.join("state.db"))
        .unwrap()
        .query_row("SELECT count(*) FROM jxcheck_files", [], |r| r.get(0))
        .unwrap();
    assert!((20..150).contains(&saved), "{saved} saved");

    let again = ok(
        t,
        &[
            "scan",
            "syn/txt",
            "--state",
            "state.db",
            "--log-format",
            "json",
            "--out",
            "out",
        ],
    );
    let (files, summary) = log_lines(&again);
    assert_eq!(files.len(), 150);
    assert_eq!(field(&summary, "unchanged"), saved as u64);
    assert_eq!(field(&summary, "analysed"), 150 - saved as u64);
    ok(t, &["scan", "syn/txt", "--out", "fresh", "-q"]);
    assert_eq!(csvs(&t.join("out")), csvs(&t.join("fresh")));
}

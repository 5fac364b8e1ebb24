//! Helpers shared by the integration tests: paths, running the binary,
//! golden-file comparison.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn corpus() -> PathBuf {
    root().join("corpus")
}

/// The corpus files, sorted.
pub fn corpus_files() -> Vec<PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    assert_eq!(v.len(), 5, "corpus/ must hold the five seed reports");
    v
}

/// Runs the built `jxcheck` binary in `cwd`.
pub fn jxcheck(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jxcheck"))
        .current_dir(cwd)
        .args(args)
        .env_remove("JXCHECK_PATTERNS")
        .output()
        .expect("run jxcheck")
}

/// `jxcheck scan corpus --out TMP --quiet` (with extra args), asserting success.
pub fn scan_corpus(extra: &[&str]) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec!["scan", "corpus", "--out", out.path().to_str().unwrap(), "--quiet"];
    args.extend_from_slice(extra);
    let o = jxcheck(&root(), &args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    out
}

/// Compares `actual` with the golden file `fixtures/<rel>`. With
/// `UPDATE_GOLDEN=1` the golden file is (re)written instead — review the diff
/// before committing it.
pub fn golden(rel: &str, actual: &str) {
    let path = root().join("fixtures").join(rel);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("golden file {} missing ({e}); run with UPDATE_GOLDEN=1", path.display()));
    if expected != actual {
        let diff: Vec<String> = expected
            .lines()
            .zip(actual.lines())
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .take(5)
            .map(|(i, (a, b))| format!("line {}:\n  golden: {a}\n  actual: {b}", i + 1))
            .collect();
        panic!(
            "{} differs from the golden file ({} vs {} lines)\n{}",
            rel,
            expected.lines().count(),
            actual.lines().count(),
            diff.join("\n")
        );
    }
}

/// Parses a CSV file into header + rows.
pub fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new().from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

pub fn col(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

/// A copy of a corpus report with `from` replaced by `to` (exactly once),
/// analysed; the discrepancy rows the edit added (findings the unmodified
/// report already has are left out).
pub fn planted(stem: &str, edits: &[(&str, &str)]) -> Vec<jxcheck::output::DiscrepancyRow> {
    // compared without the line, which an inserted row shifts; each baseline
    // finding cancels one equal finding after the edit
    let mut before = analysed(stem, &[]);
    let key =
        |r: &jxcheck::output::DiscrepancyRow| (r.rule.clone(), r.item.clone(), r.claimed.clone(), r.expected.clone());
    let mut added = Vec::new();
    for r in analysed(stem, edits) {
        match before.iter().position(|b| key(b) == key(&r)) {
            Some(i) => {
                before.remove(i);
            }
            None => added.push(r),
        }
    }
    added
}

pub fn analysed(stem: &str, edits: &[(&str, &str)]) -> Vec<jxcheck::output::DiscrepancyRow> {
    let src = corpus_files()
        .into_iter()
        .find(|f| f.to_string_lossy().contains(stem))
        .unwrap();
    let mut text = std::fs::read_to_string(&src).unwrap();
    for (from, to) in edits {
        assert_eq!(text.matches(from).count(), 1, "{from:?} must occur once in {stem}");
        text = text.replacen(from, to, 1);
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(src.file_name().unwrap());
    std::fs::write(&path, text).unwrap();
    let p = jxcheck::patterns::Patterns::builtin().unwrap();
    let a = jxcheck::pipeline::analyse(&path, &p);
    jxcheck::pipeline::result("planted.txt", &a).discrepancies
}

/// A finding as (rule, severity, item, claimed, expected, line).
pub type Row = (String, String, String, String, String, Option<u32>);

pub fn finding(r: &jxcheck::output::DiscrepancyRow) -> Row {
    (
        r.rule.clone(),
        r.severity.clone(),
        r.item.clone(),
        r.claimed.clone(),
        r.expected.clone(),
        r.line,
    )
}

/// An expected finding.
pub fn f(rule: &str, sev: &str, item: &str, claimed: &str, expected: &str, line: u32) -> Row {
    (
        rule.into(),
        sev.into(),
        item.into(),
        claimed.into(),
        expected.into(),
        Some(line),
    )
}

/// Scans a folder holding the corpus texts and the given files (their twins in
/// other formats), for tests comparing a format's reading with the text's.
pub fn scan_with<P: AsRef<Path>>(files: &[P]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    for f in corpus_files() {
        std::fs::copy(&f, input.join(f.file_name().unwrap())).unwrap();
    }
    for p in files {
        let p = p.as_ref();
        std::fs::copy(p, input.join(p.file_name().unwrap())).unwrap();
    }
    let o = jxcheck(tmp.path(), &["scan", "in", "--out", "out", "--quiet"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    tmp
}

/// Per file name: the sorted rows of the named columns of one output CSV.
pub fn table(out: &Path, csv: &str, cols: &[&str]) -> std::collections::BTreeMap<String, Vec<Vec<String>>> {
    let (h, rows) = read_csv(&out.join(csv));
    let mut by: std::collections::BTreeMap<String, Vec<Vec<String>>> = std::collections::BTreeMap::new();
    for r in rows {
        let file = Path::new(&r[col(&h, "file")])
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        by.entry(file)
            .or_default()
            .push(cols.iter().map(|c| r[col(&h, c)].clone()).collect());
    }
    for v in by.values_mut() {
        v.sort();
    }
    by
}

/// What a format's twin of a corpus report must give as its text does: per
/// output CSV, the columns compared.
pub const TWIN_CHECKS: [(&str, &[&str]); 4] = [
    (
        "scores.csv",
        &["level1", "level2", "indicator", "points", "claimed", "recomputed"],
    ),
    ("figures.csv", &["section", "key", "value", "unit"]),
    (
        "discrepancies.csv",
        &["rule", "severity", "item", "claimed", "expected"],
    ),
    (
        "reports.csv",
        &[
            "status",
            "department",
            "year",
            "rubric",
            "claimed_total",
            "recomputed_total",
            "errors",
            "warnings",
        ],
    ),
];

/// A fixture's tab-separated rows (a row a line, cells split at tabs).
pub fn tab_rows(rel: &str) -> Vec<Vec<String>> {
    std::fs::read_to_string(root().join(rel))
        .unwrap()
        .lines()
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

/// A document's tables as their rows' cells.
pub fn table_cells(doc: &jxcheck::model::Document) -> Vec<Vec<Vec<String>>> {
    doc.tables()
        .iter()
        .map(|t| {
            doc.lines
                .slice(t.rows.clone())
                .iter()
                .map(|l| l.cells().iter().map(str::to_owned).collect())
                .collect()
        })
        .collect()
}

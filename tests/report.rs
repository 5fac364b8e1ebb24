//! `jxcheck report` end to end on the corpus plus a planted copy, and on a
//! merge of shards: every finding id in the index and on its report page
//! beside its source line; the workbook's sheets hold the CSVs' rows with
//! numbers typed. Also finding ids (stable across threads and other files
//! joining) and `--review` (dismissed not counted, stale ids listed).

mod common;

use calamine::{open_workbook_auto, Data, Reader};
use common::*;
use std::collections::HashMap;
use std::path::Path;

const TABLES: [&str; 6] = [
    "reports",
    "discrepancies",
    "figures",
    "scores",
    "indicators",
    "projects",
];

/// The corpus and a copy of its first report with the stated execution
/// rate changed (97% → 90%), in a fresh folder `in/`.
fn inputs() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("in");
    std::fs::create_dir_all(&dir).unwrap();
    for f in corpus_files() {
        std::fs::copy(&f, dir.join(f.file_name().unwrap())).unwrap();
    }
    let seed = std::fs::read_to_string(corpus().join("000_dcb98461ec04ccb6.txt")).unwrap();
    assert_eq!(seed.matches("执行进度 97%").count(), 1);
    std::fs::write(
        dir.join("900_planted.txt"),
        seed.replace("执行进度 97%", "执行进度 90%"),
    )
    .unwrap();
    t
}

fn scan(cwd: &Path, args: &[&str]) -> std::process::Output {
    let mut a = vec!["scan", "in", "--quiet"];
    a.extend_from_slice(args);
    let o = jxcheck(cwd, &a);
    assert!(
        o.status.code().is_some_and(|c| c == 0 || c == 2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

fn check_report(cwd: &Path, out: &str) {
    let dir = cwd.join(out);
    let o = jxcheck(cwd, &["report", out, "--quiet"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (rh, reports) = read_csv(&dir.join("reports.csv"));
    let (fh, findings) = read_csv(&dir.join("discrepancies.csv"));
    assert!(findings.len() >= 15, "corpus and planted copy give findings");
    let index = std::fs::read_to_string(dir.join("report/index.html")).unwrap();
    assert!(
        !index.contains("http://") && !index.contains("https://"),
        "no network resource"
    );
    // report pages: one per reports.csv row, in its order
    let page_of: HashMap<String, String> = reports
        .iter()
        .enumerate()
        .map(|(i, r)| (r[col(&rh, "file")].clone(), format!("report/r/{:05}.html", i + 1)))
        .collect();
    let mut pages: HashMap<String, String> = HashMap::new();
    for (file, page) in &page_of {
        let html = std::fs::read_to_string(dir.join(page)).unwrap();
        assert!(
            html.contains(&format!(">{file}<")) || html.contains(file.as_str()),
            "{page} names {file}"
        );
        pages.insert(file.clone(), html);
    }
    for f in &findings {
        let id = &f[col(&fh, "id")];
        assert_eq!(id.len(), 12, "{id}");
        assert!(index.contains(&format!("\"{id}\"")), "index lists {id}");
        let html = &pages[&f[col(&fh, "file")]];
        let at = html
            .find(&format!("id=\"{id}\""))
            .unwrap_or_else(|| panic!("page of {} shows finding {id}", f[0]));
        // beside it, its source line, re-read from the input and highlighted
        let line = &f[col(&fh, "line")];
        let card = &html[at..html[at..].find("黄色：报告值").map_or(html.len(), |e| at + e)];
        assert!(
            card.contains(&format!("<div class=\"hit\"><i>{line}</i>")),
            "{id}: line {line} in context"
        );
        assert!(!card.contains("原文件已不在原处"), "{id}: source re-read");
    }
    // the planted copy's new finding is there with its own id
    let planted: Vec<_> = findings
        .iter()
        .filter(|f| f[0].ends_with("900_planted.txt") && f[col(&fh, "claimed")] == "90")
        .collect();
    assert_eq!(planted.len(), 1, "planted ARITH.PCT");
    // the workbook: same rows as the CSVs, numbers typed
    let mut wb = open_workbook_auto(dir.join("report.xlsx")).unwrap();
    for t in TABLES {
        let (_, rows) = read_csv(&dir.join(format!("{t}.csv")));
        let range = wb.worksheet_range(t).unwrap();
        let height = if rows.is_empty() {
            range.height().max(1)
        } else {
            range.height()
        };
        assert_eq!(height, rows.len() + 1, "{t}: header + rows");
    }
    let r = wb.worksheet_range("reports").unwrap();
    let header: Vec<String> = r.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    let errors = header.iter().position(|h| h == "errors").unwrap();
    let sha = header.iter().position(|h| h == "sha256").unwrap();
    for (row, csv) in r.rows().skip(1).zip(&reports) {
        assert_eq!(row[errors], Data::Float(csv[col(&rh, "errors")].parse().unwrap()));
        assert!(matches!(row[sha], Data::String(_)));
    }
    let d = wb.worksheet_range("discrepancies").unwrap();
    let header: Vec<String> = d.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    let id = header.iter().position(|h| h == "id").unwrap();
    for (row, csv) in d.rows().skip(1).zip(&findings) {
        assert_eq!(row[id], Data::String(csv[col(&fh, "id")].clone()), "ids stay text");
    }
}

#[test]
fn report_on_a_scan_and_on_a_merge_of_shards() {
    let t = inputs();
    scan(t.path(), &["--out", "all"]);
    check_report(t.path(), "all");
    scan(t.path(), &["--out", "p0", "--shard", "0/2", "-j1"]);
    scan(t.path(), &["--out", "p1", "--shard", "1/2", "-j2"]);
    let o = jxcheck(t.path(), &["merge", "p0", "p1", "--out", "merged"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    check_report(t.path(), "merged");
    // the merge's findings, ids included, are the single run's
    assert_eq!(
        std::fs::read(t.path().join("all/discrepancies.csv")).unwrap(),
        std::fs::read(t.path().join("merged/discrepancies.csv")).unwrap()
    );
}

/// `merge --review`: the merged folder is what `scan --review` over all the
/// inputs writes — the merge's marks replace those a shard's scan applied,
/// and reports.csv counts are recounted, not adjusted twice.
#[test]
fn merge_with_review_is_the_reviewed_single_scan() {
    let t = inputs();
    scan(t.path(), &["--out", "plain"]);
    let (fh, findings) = read_csv(&t.path().join("plain/discrepancies.csv"));
    let errors: Vec<&String> = findings
        .iter()
        .filter(|f| f[col(&fh, "severity")] == "error")
        .map(|f| &f[col(&fh, "id")])
        .collect();
    let warnings: Vec<&String> = findings
        .iter()
        .filter(|f| f[col(&fh, "severity")] == "warning")
        .map(|f| &f[col(&fh, "id")])
        .collect();
    assert!(errors.len() >= 2 && !warnings.is_empty());
    // the merge's review: dismiss two errors, confirm a warning, one stale id
    let marks = format!(
        "id,verdict,note\n{},dismissed,口径不同\n{},dismissed,\n{},confirmed,已核实\nfeedfacecafe,dismissed,\n",
        errors[0], errors[1], warnings[0]
    );
    std::fs::write(t.path().join("marks.csv"), marks).unwrap();
    // an older review one shard was scanned with: other marks
    let old = format!("id,verdict,note\n{},dismissed,旧\n", warnings[0]);
    std::fs::write(t.path().join("old.csv"), old).unwrap();
    scan(t.path(), &["--out", "whole", "--review", "marks.csv"]);
    scan(t.path(), &["--out", "p0", "--shard", "0/2", "--review", "old.csv"]);
    scan(t.path(), &["--out", "p1", "--shard", "1/2", "--review", "old.csv"]);
    let o = jxcheck(
        t.path(),
        &["merge", "p0", "p1", "--out", "merged", "--review", "marks.csv"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("1 review mark") && stderr.contains("feedfacecafe"),
        "{stderr}"
    );
    for table in TABLES {
        let name = format!("{table}.csv");
        assert_eq!(
            std::fs::read_to_string(t.path().join("whole").join(&name)).unwrap(),
            std::fs::read_to_string(t.path().join("merged").join(&name)).unwrap(),
            "{name}"
        );
    }
    // and the counts are the plain scan's less the two dismissed errors
    let (rh, plain) = read_csv(&t.path().join("plain/reports.csv"));
    let (_, merged) = read_csv(&t.path().join("merged/reports.csv"));
    let sum = |rows: &[Vec<String>], c: &str| -> usize {
        rows.iter().map(|r| r[col(&rh, c)].parse::<usize>().unwrap()).sum()
    };
    assert_eq!(sum(&merged, "errors") + 2, sum(&plain, "errors"));
    assert_eq!(sum(&merged, "warnings"), sum(&plain, "warnings"));
    check_report(t.path(), "merged");
}

/// (file name, rule, claimed) → id.
fn ids(dir: &Path) -> HashMap<(String, String, String, String), String> {
    let (h, rows) = read_csv(&dir.join("discrepancies.csv"));
    rows.iter()
        .map(|r| {
            let name = Path::new(&r[0]).file_name().unwrap().to_string_lossy().to_string();
            (
                (
                    name,
                    r[col(&h, "rule")].clone(),
                    r[col(&h, "item")].clone(),
                    r[col(&h, "claimed")].clone(),
                ),
                r[col(&h, "id")].clone(),
            )
        })
        .collect()
}

#[test]
fn finding_ids_do_not_depend_on_threads_paths_or_other_files() {
    let t = inputs();
    scan(t.path(), &["--out", "a", "-j1"]);
    // one file alone, under another folder name, two threads
    let alone = t.path().join("alone");
    std::fs::create_dir_all(&alone).unwrap();
    std::fs::copy(t.path().join("in/001_1043f48496861f1f.txt"), alone.join("x.txt")).unwrap();
    let o = jxcheck(t.path(), &["scan", "alone", "--out", "b", "-j2", "--quiet"]);
    assert!(o.status.success());
    let (a, b) = (ids(&t.path().join("a")), ids(&t.path().join("b")));
    assert!(!b.is_empty());
    for ((_, rule, item, claimed), id) in &b {
        let key = (
            "001_1043f48496861f1f.txt".to_string(),
            rule.clone(),
            item.clone(),
            claimed.clone(),
        );
        assert_eq!(a.get(&key), Some(id), "{rule} {item}");
    }
    // ids are unique within a run
    let mut all: Vec<&String> = a.values().collect();
    let n = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), n);
}

#[test]
fn review_marks_dismiss_confirm_and_list_stale_ids() {
    let t = inputs();
    scan(t.path(), &["--out", "first"]);
    let (fh, findings) = read_csv(&t.path().join("first/discrepancies.csv"));
    let (rh, reports) = read_csv(&t.path().join("first/reports.csv"));
    // dismiss every error of the first file, confirm its first warning
    let first = &reports[0][0];
    let mine: Vec<_> = findings.iter().filter(|f| &f[0] == first).collect();
    let errors: Vec<_> = mine.iter().filter(|f| f[col(&fh, "severity")] == "error").collect();
    let warning = mine.iter().find(|f| f[col(&fh, "severity")] == "warning").unwrap();
    assert!(!errors.is_empty());
    let mut review = String::from("id,verdict,note\n");
    for e in &errors {
        review.push_str(&format!("{},dismissed,\"已核实，系口径不同\"\n", e[col(&fh, "id")]));
    }
    review.push_str(&format!("{},confirmed,\n", warning[col(&fh, "id")]));
    review.push_str("deadbeef0000,dismissed,old mark\n");
    std::fs::write(t.path().join("review.csv"), review).unwrap();
    let o = scan(t.path(), &["--out", "second", "--review", "review.csv"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("deadbeef0000") && stderr.contains("1 review mark"),
        "{stderr}"
    );
    let (h2, findings2) = read_csv(&t.path().join("second/discrepancies.csv"));
    assert_eq!(findings2.len(), findings.len(), "dismissed findings stay listed");
    for f in &findings2 {
        let want = if errors.iter().any(|e| e[col(&fh, "id")] == f[col(&h2, "id")]) {
            "dismissed: 已核实，系口径不同"
        } else if f[col(&h2, "id")] == warning[col(&fh, "id")] {
            "confirmed"
        } else {
            ""
        };
        assert_eq!(f[col(&h2, "review")], want);
    }
    let (_, reports2) = read_csv(&t.path().join("second/reports.csv"));
    assert_eq!(reports2[0][col(&rh, "errors")], "0");
    assert_eq!(reports2[0][col(&rh, "warnings")], reports[0][col(&rh, "warnings")]);
    assert_eq!(reports2[1], reports[1]);
    // --fail-on counts what is left: dismiss every error of the run → exit 0
    let mut all = String::from("id,verdict\n");
    for f in findings.iter().filter(|f| f[col(&fh, "severity")] == "error") {
        all.push_str(&format!("{},dismissed\n", f[col(&fh, "id")]));
    }
    std::fs::write(t.path().join("all.csv"), all).unwrap();
    let o = jxcheck(
        t.path(),
        &["scan", "in", "--quiet", "--out", "third", "--fail-on", "error"],
    );
    assert_eq!(o.status.code(), Some(2));
    let o = jxcheck(
        t.path(),
        &[
            "scan",
            "in",
            "--quiet",
            "--out",
            "third",
            "--fail-on",
            "error",
            "--review",
            "all.csv",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
}

/// Messages as an auditor writes them: what was compared with what, numbers
/// with units, the rule in words; no internal keys, no interval or set
/// notation. One planted finding per family the corpus does not show.
#[test]
fn messages_read_as_an_auditor_writes_them() {
    let msg = |d: &[jxcheck::output::DiscrepancyRow], rule: &str| -> (String, String) {
        let r = d
            .iter()
            .find(|r| r.rule == rule)
            .unwrap_or_else(|| panic!("{rule} in {d:?}"));
        (r.message.clone(), r.unit.clone())
    };
    // GRADE: corpus 000 prints no scale; 88.58 with 优 kept
    let d = planted(
        "000_",
        &[
            ("\t93.58\t", "\t88.58\t"),
            ("总得分为 93.58 分", "总得分为 88.58 分"),
            ("\t4.88", "\t-0.12"),
        ],
    );
    assert_eq!(
        msg(&d, "GRADE.BAND").0,
        "自评总分88.58分，按所识别评分办法（shenzhen-municipal）的等级标准应评为“良”，而报告评为“优”。"
    );
    // CLAIM: a second prose total
    let d = planted(
        "000_",
        &[("总得分为 93.58 分。", "总得分为 93.58 分。我局本次自评得分 95.58 分。")],
    );
    assert_eq!(
        msg(&d, "CLAIM.CONFLICT"),
        (
            "自评总分在前文（第408行）为93.58分，此处为95.58分，前后不一致。".to_string(),
            "分".to_string()
        )
    );
    // INDICATOR: full marks for a missed target
    let d = planted(
        "002_",
        &[
            (
                "三级指标\t预期指标值\t实际完成指标值",
                "三级指标\t预期指标值\t实际完成指标值\t分值\t得分",
            ),
            ("办文投诉 率\t2%\t0%", "办文投诉 率\t2%\t5%\t2\t2"),
        ],
    );
    assert_eq!(
        msg(&d, "INDICATOR.MISS"),
        (
            "“办文投诉率”目标值为“2%”（即不高于2%），实际完成“5%”，未达到目标；但该行仍给满分2分。".to_string(),
            "%".to_string()
        )
    );
    // no formula notation or internal keys in the corpus's messages
    let (h, rows) = read_csv(&root().join("fixtures/corpus/discrepancies.csv"));
    for r in &rows {
        let m = &r[col(&h, "message")];
        for bad in ["[", "{", "∪", "→", "procurement.", "adjustment.", "budget."] {
            assert!(!m.contains(bad), "{bad} in {m}");
        }
    }
}

/// A scan whose output folder sits under its inputs reads neither its CSVs
/// nor the workbook and pages `report` added there.
#[test]
fn report_files_under_the_inputs_are_not_read_back() {
    let t = inputs();
    scan(t.path(), &["--out", "in/results"]);
    let o = jxcheck(t.path(), &["report", "in/results", "--quiet"]);
    assert!(o.status.success());
    assert!(t.path().join("in/results/report/index.html").is_file());
    scan(t.path(), &["--out", "in/results"]);
    let (_, rows) = read_csv(&t.path().join("in/results/reports.csv"));
    assert_eq!(rows.len(), 6, "{rows:?}");
}

/// A PDF finding says its page and its line within the page; its report
/// page links into the PDF at that page.
#[test]
fn pdf_findings_give_the_line_within_the_page() {
    let t = tempfile::tempdir().unwrap();
    let o = jxcheck(
        t.path(),
        &[
            "synth",
            "--from",
            root().join("corpus").to_str().unwrap(),
            "--count",
            "1",
            "--format",
            "pdf",
            "--out",
            "syn",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = jxcheck(t.path(), &["scan", "syn/pdf", "--out", "out", "--quiet"]);
    assert!(o.status.success());
    let (h, rows) = read_csv(&t.path().join("out/discrepancies.csv"));
    assert!(!rows.is_empty());
    let suffix = regex::Regex::new(r"（第(\d+)页第(\d+)行）$").unwrap();
    for r in &rows {
        let m = &r[col(&h, "message")];
        let c = suffix.captures(m).unwrap_or_else(|| panic!("no page/line in {m}"));
        assert_eq!(c[1], r[col(&h, "page")], "{m}");
        let within: u32 = c[2].parse().unwrap();
        let line: u32 = r[col(&h, "line")].parse().unwrap();
        // an A4 page holds at most ~60 lines; the running line counts from page 1
        assert!((1..=60).contains(&within) && within <= line, "{m}");
    }
    let o = jxcheck(t.path(), &["report", "out", "--quiet"]);
    assert!(o.status.success());
    let page = std::fs::read_to_string(t.path().join("out/report/r/00001.html")).unwrap();
    assert!(
        page.contains(&format!(".pdf#page={}", rows[0][col(&h, "page")])),
        "link into the PDF"
    );
}

/// `help scan` lists every output file with its columns in the contract's
/// order, and every rule id.
#[test]
fn help_scan_lists_files_columns_and_rules() {
    let o = jxcheck(&root(), &["help", "scan"]);
    assert!(o.status.success());
    let text = String::from_utf8_lossy(&o.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for t in jxcheck::output::TABLES {
        assert!(text.contains(t.name), "{}", t.name);
        let cols = t.header().join(", ");
        assert!(text.contains(&cols), "{}: {cols}", t.name);
    }
    use jxcheck::check::*;
    for rule in [
        score_sum::RULE,
        score_max::RULE,
        score_weight::RULE,
        score_rule::RULE,
        score_tier::RULE,
        grade_band::RULE,
        claim_conflict::RULE,
        indicator_miss::RULE,
        rubric_text::RULE,
        arith_sum::RULE,
        arith_part::RULE,
        arith_pct::RULE,
        arith_diff::RULE,
        arith_balance::RULE,
    ] {
        assert!(text.contains(rule), "{rule}");
    }
}

/// A dismissed finding on a form leaves that form's counts in projects.csv
/// too, not only the file's in reports.csv (the planted 执行率 of the 财政部
/// form in fixtures/forms: one ARITH.RATE error, part 乡村道路养护工程).
#[test]
fn review_marks_recount_the_forms_in_projects_csv() {
    let t = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/forms/txt/mof_e_rate.tab.txt");
    std::fs::create_dir(t.path().join("in")).unwrap();
    std::fs::copy(&src, t.path().join("in/form.txt")).unwrap();
    let o = jxcheck(t.path(), &["scan", "in", "--quiet", "--out", "first"]);
    assert!(o.status.success());
    let (fh, findings) = read_csv(&t.path().join("first/discrepancies.csv"));
    let (ph, projects) = read_csv(&t.path().join("first/projects.csv"));
    assert_eq!(projects.len(), 1);
    assert_eq!(projects[0][col(&ph, "part")], "乡村道路养护工程");
    let rate: Vec<_> = findings
        .iter()
        .filter(|f| f[col(&fh, "rule")] == "ARITH.RATE" && f[col(&fh, "severity")] == "error")
        .collect();
    assert_eq!(rate.len(), 1);
    assert_eq!(rate[0][col(&fh, "part")], "乡村道路养护工程");
    let before: usize = projects[0][col(&ph, "errors")].parse().unwrap();
    assert!(before >= 1);
    std::fs::write(
        t.path().join("review.csv"),
        format!("id,verdict,note\n{},dismissed,\n", rate[0][col(&fh, "id")]),
    )
    .unwrap();
    let o = jxcheck(
        t.path(),
        &["scan", "in", "--quiet", "--out", "second", "--review", "review.csv"],
    );
    assert!(o.status.success());
    let (_, projects2) = read_csv(&t.path().join("second/projects.csv"));
    assert_eq!(projects2[0][col(&ph, "errors")], (before - 1).to_string());
    assert_eq!(projects2[0][col(&ph, "warnings")], projects[0][col(&ph, "warnings")]);
}

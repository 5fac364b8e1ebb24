//! Scanned documents (fixtures/scans/out, made by fixtures/scans/make.sh from
//! the corpus reports' LibreOffice PDFs): read by OCR, each must give what its
//! digital twin gives — claimed total, scorecard lines, keyed figures with the
//! same digits, the twin's error findings and no error the twin lacks. The
//! tests that need Tesseract skip with a note when it is not installed; the
//! rest (no engine: `needs_ocr` saying how to install it; page images decoded,
//! ruling lines found) run everywhere.

mod common;

use common::*;
use jxcheck::ingest::{self, ocr};
use jxcheck::model::Status;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn scans() -> PathBuf {
    root().join("fixtures/scans/out")
}

fn twin(stem: &str) -> PathBuf {
    root().join(format!("fixtures/producers/out/{stem}.libreoffice.pdf"))
}

/// The engine, or a note on stderr and None.
fn engine() -> Option<&'static ocr::Engine> {
    let e = ocr::engine();
    if e.is_none() {
        eprintln!("note: tesseract with chi_sim is not installed; OCR test skipped (see .ci/run)");
    }
    e
}

/// Scans the files (copied into one folder) without the time budget (the
/// machine may be shared; the budget is not what is tested here).
fn scan(files: &[PathBuf]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    for f in files {
        std::fs::copy(f, input.join(f.file_name().unwrap())).unwrap();
    }
    let o = jxcheck(
        tmp.path(),
        &["scan", "in", "--out", "out", "--quiet", "--file-timeout", "0"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    tmp
}

fn one(t: &BTreeMap<String, Vec<Vec<String>>>, file: &str) -> Vec<String> {
    t.get(file).and_then(|v| v.first()).cloned().unwrap_or_default()
}

#[test]
fn scanned_reports_read_like_their_text() {
    if engine().is_none() {
        return;
    }
    let t003 = "003_45f879206ba15da6.libreoffice.pdf";
    let files = vec![
        scans().join("003.scan200.pdf"),
        twin("003_45f879206ba15da6"),
        scans().join("000s.scan300.pdf"),
        scans().join("000s.scan150.pdf"),
        scans().join("000s.g4.pdf"),
        scans().join("000s.digital.pdf"),
        scans().join("004.mixed.pdf"),
        twin("004_a1c8d28368b3a598"),
        scans().join("003.p1.png"),
    ];
    let tmp = scan(&files);
    let out = tmp.path().join("out");
    let reports = table(
        &out,
        "reports.csv",
        &[
            "status",
            "pages",
            "department",
            "year",
            "claimed_total",
            "claimed_grade",
            "ocr_pages",
        ],
    );

    // the whole report, 11 pages at 200 dpi: its text's total, grade, year
    let scan = one(&reports, "003.scan200.pdf");
    let text = one(&reports, t003);
    assert_eq!(scan[0], "ok");
    assert_eq!(scan[6], "11", "every page read by OCR");
    assert_eq!(text[6], "", "the twin has a text layer");
    assert_eq!(scan[4], "99.44");
    assert_eq!(
        (&scan[1], &scan[3], &scan[4], &scan[5]),
        (&text[1], &text[3], &text[4], &text[5])
    );

    // keyed figures: the twin's digits found, ≥ 98%
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let figs = table(&out, "figures.csv", &["key", "raw", "confidence"]);
    let keyed: Vec<String> = figs[t003]
        .iter()
        .filter(|r| !r[0].is_empty())
        .map(|r| digits(&r[1]))
        .collect();
    let mut got: Vec<String> = figs["003.scan200.pdf"].iter().map(|r| digits(&r[1])).collect();
    let mut exact = 0;
    for d in &keyed {
        if let Some(i) = got.iter().position(|g| g == d) {
            got.swap_remove(i);
            exact += 1;
        }
    }
    assert!(keyed.len() >= 20, "{} keyed figures in the twin", keyed.len());
    assert!(
        exact * 100 >= keyed.len() * 98,
        "{exact} of {} keyed figures with exact digits",
        keyed.len()
    );
    // every OCR figure carries its confidence, none a text-layer one
    for r in &figs["003.scan200.pdf"] {
        let c: f32 = r[2].parse().unwrap_or(-1.0);
        assert!((0.0..=1.0).contains(&c), "confidence {:?} of {}", r[2], r[1]);
    }
    assert!(figs[t003].iter().all(|r| r[2].is_empty()));

    // findings: the twin's errors, and no error the twin lacks
    let errors = error_findings(&out);
    assert!(!errors(t003).is_empty(), "the twin has an error finding");
    assert_eq!(errors("003.scan200.pdf"), errors(t003));

    // the scorecard pages at 300 dpi: its lines, indicator by indicator
    let scores = table(&out, "scores.csv", &["level1", "indicator", "points"]);
    let lines = |f: &str| scores.get(f).map_or(0, Vec::len);
    assert_eq!(lines("000s.digital.pdf"), 6);
    assert_eq!(lines("000s.scan300.pdf"), lines("000s.digital.pdf"));
    let names = |f: &str| scores[f].iter().map(|r| r[1].clone()).collect::<Vec<_>>();
    assert_eq!(names("000s.scan300.pdf"), names("000s.digital.pdf"));
    assert_eq!(one(&reports, "000s.scan300.pdf")[6], "4");
    assert!(errors("000s.scan300.pdf").len() <= errors("000s.digital.pdf").len());
    // at 150 dpi grey and 300 dpi bi-level (CCITT G4): every line the same,
    // level, indicator, points and score (a stray `“7` no longer hides 7 points)
    let full = table(&out, "scores.csv", &["level1", "indicator", "points", "claimed"]);
    for f in ["000s.scan150.pdf", "000s.g4.pdf"] {
        assert_eq!(one(&reports, f)[6], "4", "{f}");
        assert_eq!(full[f], full["000s.digital.pdf"], "{f}");
        // no error its text lacks (the rule text's lost clause is a warning)
        for e in errors(f) {
            assert!(errors("000s.digital.pdf").contains(&e), "{f}: {e:?}");
        }
    }

    // a digital report with a scanned annex: only the annex is OCR'd
    let mixed = one(&reports, "004.mixed.pdf");
    let t004 = one(&reports, "004_a1c8d28368b3a598.libreoffice.pdf");
    assert_eq!(
        (mixed[0].as_str(), mixed[1].as_str(), mixed[6].as_str()),
        ("ok", "10", "2")
    );
    assert_eq!((&mixed[2], &mixed[3]), (&t004[2], &t004[3]));

    // an image file: one page, the report's department from its title page
    let png = one(&reports, "003.p1.png");
    assert_eq!((png[0].as_str(), png[6].as_str()), ("ok", "1"));
    assert_eq!(png[2], text[2]);
}

#[test]
fn without_the_engine_a_scan_says_how_to_install_it() {
    // the library: no engine given
    let bytes = std::fs::read(scans().join("000s.g4.pdf")).unwrap();
    let f = ingest::pdf::read_with(&bytes, None).expect_err("no text without OCR");
    assert_eq!(f.status, Status::NeedsOcr);
    assert!(
        f.reason.contains("4 page(s)") && f.reason.contains(ocr::INSTALL),
        "{}",
        f.reason
    );
    let png = std::fs::read(scans().join("003.p1.png")).unwrap();
    let i = ingest::image(&png, "png", None);
    assert_eq!(i.status, Some(Status::NeedsOcr));
    assert!(i.error.contains("apt-get install tesseract-ocr"), "{}", i.error);
    // a digital PDF with a scanned annex is read, partially, and says so
    let mixed = std::fs::read(scans().join("004.mixed.pdf")).unwrap();
    let t = ingest::pdf::read_with(&mixed, None).expect("the digital pages read");
    assert_eq!(t.status, Status::Partial);
    assert!(
        t.reason.starts_with("2 page(s) of images only not read"),
        "{}",
        t.reason
    );
    assert!(t.ocr.is_none());

    // the binary, told the engine is somewhere it is not
    let tmp = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_jxcheck"))
        .current_dir(tmp.path())
        .args(["scan"])
        .arg(scans().join("000s.scan150.pdf"))
        .args(["--out", "out", "--quiet"])
        .env("JXCHECK_TESSERACT", tmp.path().join("no-such-tesseract"))
        .output()
        .unwrap();
    assert!(o.status.success());
    let r = table(
        &tmp.path().join("out"),
        "reports.csv",
        &["status", "error", "ocr_pages"],
    );
    let row = one(&r, "000s.scan150.pdf");
    assert_eq!(row[0], "needs_ocr");
    assert!(
        row[1].contains("apt-get install tesseract-ocr tesseract-ocr-chi-sim"),
        "{}",
        row[1]
    );
    assert_eq!(row[2], "");
}

#[test]
fn page_images_decode_and_their_rules_are_found() {
    // the 300 dpi grey JPEG of the scorecard's first page (landscape A4)
    let jpg = std::fs::read(scans().join("000s.p1.jpg")).unwrap();
    let img = ocr::decode_jpeg(&jpg).unwrap();
    assert_eq!((img.w, img.h), (3300, 2550));
    assert_eq!(ocr::skew(&img), 0.0, "a level page");
    let rules = ocr::find_rules(&img, 120, 12);
    let across = rules.iter().filter(|r| r.x1 - r.x0 > r.y1 - r.y0).count();
    let down = rules.len() - across;
    // the table's rows and columns: 5 columns of rules (6 edges), rows above 3
    assert!(across >= 4 && down >= 6, "{across} horizontal, {down} vertical rules");
    // the same page turned 1.5 degrees (000s.rotated.pdf page 1): measured back
    let pdf = std::fs::read(scans().join("000s.rotated.pdf")).unwrap();
    let turned = first_jpeg(&pdf).expect("a DCT image in the PDF");
    let a = ocr::skew(&ocr::decode_jpeg(&turned).unwrap());
    assert!((a.abs() - 1.5).abs() <= 0.2, "skew {a}");
}

/// The first JPEG (DCT stream) in a PDF's bytes, as a scanner wrote it.
fn first_jpeg(pdf: &[u8]) -> Option<Vec<u8>> {
    let start = pdf.windows(3).position(|w| w == b"\xff\xd8\xff")?;
    let end = start + pdf[start..].windows(2).position(|w| w == b"\xff\xd9")? + 2;
    // a JPEG's entropy-coded data may hold FF D9 only as its end marker
    Some(pdf[start..end].to_vec())
}

#[test]
fn engine_damage_on_200_dpi_prose_and_turned_pages_is_undone() {
    if engine().is_none() {
        return;
    }
    let files: Vec<PathBuf> = [
        "001.p6.scan200.pdf",
        "001.p6.digital.pdf",
        "000.p11.scan200.pdf",
        "000.p11.digital.pdf",
        "000s.rotated.pdf",
        "000s.digital.pdf",
    ]
    .iter()
    .map(|f| scans().join(f))
    .collect();
    let tmp = scan(&files);
    let out = tmp.path().join("out");
    let figs = table(&out, "figures.csv", &["key", "raw"]);
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let keyed = |f: &str| -> Vec<String> {
        figs[f]
            .iter()
            .filter(|r| !r[0].is_empty())
            .map(|r| digits(&r[1]))
            .collect()
    };
    let key = |f: &str, k: &str| figs[f].iter().find(|r| r[0] == k).map(|r| r[1].clone());

    // a page of prose whose engine boxes end before their words (`日` boxed
    // 15 px wide, `局` two lines tall): `固定资产为1778.87万元` was cut into
    // cells and lost; every keyed figure of its text is found
    let (s, t) = ("001.p6.scan200.pdf", "001.p6.digital.pdf");
    let mut want = keyed(t);
    want.sort();
    assert_eq!(want, ["177887", "21886", "23326", "9383"]);
    let got: Vec<String> = figs[s].iter().map(|r| digits(&r[1])).collect();
    for k in keyed(t) {
        assert!(got.contains(&k), "{k} not found in {got:?}");
    }
    assert_eq!(key(s, "assets.fixed").as_deref(), Some("1778.87万元"));

    // a number the Chinese model misreads unsure (`119%` as `1199%`), read
    // again by the Latin model (there when Debian's tesseract-ocr is)
    let (s, t) = ("000.p11.scan200.pdf", "000.p11.digital.pdf");
    assert_eq!(key(t, "procurement.rate").as_deref(), Some("119%"));
    if engine().is_some_and(|e| e.latin) {
        assert_eq!(key(s, "procurement.rate").as_deref(), Some("119%"));
    }

    // pages turned 1–2 degrees, a red seal on the first: the text's
    // scorecard lines (level, indicator, points, score), no error it lacks
    let scores = table(&out, "scores.csv", &["level1", "indicator", "points", "claimed"]);
    assert_eq!(scores["000s.digital.pdf"].len(), 6);
    assert_eq!(scores["000s.rotated.pdf"], scores["000s.digital.pdf"]);
    let errors = error_findings(&out);
    for e in errors("000s.rotated.pdf") {
        assert!(errors("000s.digital.pdf").contains(&e), "{e:?}");
    }
}

/// Each file's error findings (rule, severity, item, claimed, expected) in
/// the scan output `out`.
fn error_findings(out: &Path) -> impl Fn(&str) -> Vec<Vec<String>> {
    let finds = table(
        out,
        "discrepancies.csv",
        &["rule", "severity", "item", "claimed", "expected"],
    );
    move |f: &str| {
        finds
            .get(f)
            .map(|v| v.iter().filter(|r| r[1] == "error").cloned().collect())
            .unwrap_or_default()
    }
}

/// The cells (tab-separated) of the first line of `jxcheck text FILE`
/// (in fixtures/scans/out) that holds `label`.
fn row_with(file: &str, label: &str) -> Vec<String> {
    row_in(&scans().join(file), label)
}

/// The cells of the first line of `jxcheck text PATH` that holds `label`.
fn row_in(path: &Path, label: &str) -> Vec<String> {
    let o = jxcheck(&root(), &["text", path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let line = text.lines().find(|l| l.contains(label)).unwrap_or_default();
    line.split('\t').skip(1).map(str::to_string).collect()
}

#[test]
fn engine_misreadings_of_table_pages_are_read_again() {
    let Some(e) = engine() else { return };
    // a page whose lines the engine lost read as one block (the one-line
    // 综合评分 row beside a cell of seven lines came out `综 … 9 8`): read a
    // ruled band at a time, the row is its text's, claimed total and all
    let read = row_with("002.p33.scan200.pdf", "综合评分");
    let text = row_with("002.p33.digital.pdf", "综合评分");
    assert_eq!(text, ["综合评分", "", "", "", "", "93.58", ""]);
    assert_eq!(read, text);

    // a scorecard row whose points `2` the Chinese model read as `之`
    // (confidence 69): read again alone by the digit model
    if e.latin {
        let read = row_with("001.p21.scan200.pdf", "政府采购执行情况");
        let text = row_with("001.p21.digital.pdf", "政府采购执行情况");
        assert_eq!(text[..6], ["部门管理", "20", "资金管理", "8", "政府采购执行情况", "2"]);
        assert_eq!(read[..6], text[..6]);
    }
}

#[test]
fn a_garbled_total_label_is_read_again() {
    if engine().is_none() {
        return;
    }
    // 001's 三公经费 tables at 200 dpi: the engine read the header's `合计`
    // as `合讲` and the total row's as `答计` (答 unsure, 46), so the row's
    // sum was not checked; read again as its whole line, twice, the label
    // is its text's
    let read = row_with("001.p5.scan200.pdf", "76.77%");
    let text = row_with("001.p5.digital.pdf", "76.77%");
    assert_eq!(text, ["合计", "23.5", "18.04", "4.46", "76.77%"]);
    assert_eq!(read, text);
    let header = |f: &str| row_with(f, "因公出国")[..2].to_vec();
    assert_eq!(header("001.p5.scan200.pdf"), ["年度", "合计"]);
    assert_eq!(header("001.p5.scan200.pdf"), header("001.p5.digital.pdf"));
    // and the scan gives its text's error findings: the total row's
    // 收回指标 (0 + 1.00 + 4.46 = 5.46, printed 4.46) among them
    let tmp = scan(&[scans().join("001.p5.scan200.pdf"), scans().join("001.p5.digital.pdf")]);
    let errors = error_findings(&tmp.path().join("out"));
    let twin = errors("001.p5.digital.pdf");
    let sum = ["ARITH.SUM", "error", "合计·收回指标", "4.46", "5.46"];
    assert!(twin.iter().any(|e| e == &sum), "{twin:?}");
    assert_eq!(errors("001.p5.scan200.pdf"), twin);
}

#[test]
fn cells_of_two_lines_are_read_again() {
    if engine().is_none() {
        return;
    }
    // a form's cells wrapped onto two lines beside one-line cells: read on
    // the whole page the engine ran `项目支 / 出` together into one word two
    // lines tall (`人`, confidence 23) and the row merged into the one
    // above; `部门名 / 称` came out `可`. Read again alone, each is its text's.
    let forms = root().join("fixtures/forms");
    let (scan, text) = (
        forms.join("scan/department_e_group.pdf"),
        forms.join("pdf/department_e_group.pdf"),
    );
    for label in ["项目支出", "基本支出", "部门名称"] {
        let read = row_in(&scan, label);
        assert!(!read.is_empty(), "{label} not read");
        assert_eq!(read, row_in(&text, label), "{label}");
    }
}

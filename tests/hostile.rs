//! Bad inputs get their row and the run goes on; bad arguments exit 1.

mod common;

use common::*;
use jxcheck::ingest::walk::{self, Found};
use jxcheck::output::FileResult;
use jxcheck::run::{self, RunOptions};

fn status_of(rows: &[Vec<String>], h: &[String], name: &str) -> (String, String) {
    let r = rows
        .iter()
        .find(|r| r[col(h, "file")].ends_with(name))
        .unwrap_or_else(|| panic!("no row for {name}"));
    (r[col(h, "status")].clone(), r[col(h, "error")].clone())
}

#[test]
fn hostile_inputs_each_get_a_row() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("in");
    std::fs::create_dir_all(d.join("sub")).unwrap();
    std::fs::write(d.join("empty.txt"), b"").unwrap();
    // pseudo-random bytes, fixed seed
    let mut x: u32 = 0x1234_5678;
    let random: Vec<u8> = (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect();
    std::fs::write(d.join("random.txt"), &random).unwrap();
    std::fs::write(d.join("scan.pdf"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    std::fs::write(d.join("report.pdf"), b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n").unwrap();
    std::fs::copy(corpus().join("004_a1c8d28368b3a598.txt"), d.join("sub/good.txt")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&d, d.join("sub/loop")).unwrap();

    let out = tmp.path().join("out");
    let o = jxcheck(tmp.path(), &["scan", "in", "--out", out.to_str().unwrap(), "--quiet"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (h, rows) = read_csv(&out.join("reports.csv"));
    let files: Vec<&str> = rows.iter().map(|r| r[col(&h, "file")].as_str()).collect();
    let mut expected = vec![
        "in/empty.txt",
        "in/random.txt",
        "in/report.pdf",
        "in/scan.pdf",
        "in/sub/good.txt",
    ];
    if cfg!(unix) {
        expected.push("in/sub/loop");
    }
    assert_eq!(files, expected);
    assert_eq!(status_of(&rows, &h, "empty.txt"), ("error".into(), "empty file".into()));
    let (s, e) = status_of(&rows, &h, "random.txt");
    assert_eq!(s, "unsupported");
    assert!(e.starts_with("binary content"), "{e}");
    assert_eq!(status_of(&rows, &h, "scan.pdf").0, "needs_ocr");
    let (s, e) = status_of(&rows, &h, "report.pdf");
    assert_eq!((s.as_str(), &rows[2][col(&h, "format")][..]), ("error", "pdf"));
    assert!(e.contains("unreadable PDF"), "{e}");
    let good = rows.iter().find(|r| r[0] == "in/sub/good.txt").unwrap();
    assert_eq!(good[col(&h, "status")], "ok");
    assert_eq!(good[col(&h, "department")], "广州市规划和自然资源局荔湾区分局");
    if cfg!(unix) {
        let (s, e) = status_of(&rows, &h, "sub/loop");
        assert_eq!(s, "error");
        assert!(e.starts_with("directory loop"), "{e}");
    }
}

/// A panic inside one file's work becomes that file's error row; the others
/// are untouched.
#[test]
fn a_panic_in_one_file_is_its_error_row() {
    let found = walk::discover(&[corpus()]).unwrap();
    let p = jxcheck::patterns::Patterns::builtin().unwrap();
    let work = |f: &Found| -> FileResult {
        if f.path().ends_with("002_96471e5ce4531d3d.txt") {
            let v: Vec<u8> = Vec::new();
            let i = f.path().as_os_str().len();
            let _ = v[i]; // index out of bounds
        }
        run::process_one(f, &p)
    };
    for threads in [1, 2] {
        let res = run::process_all(
            &found,
            &RunOptions {
                threads,
                progress: false,
            },
            work,
        )
        .unwrap();
        assert_eq!(res.len(), 5);
        let bad = &res[2].report;
        assert!(bad.file.ends_with("002_96471e5ce4531d3d.txt"));
        assert_eq!(bad.status, "error");
        assert!(
            bad.error.contains("internal error") && bad.error.contains("index out of bounds"),
            "{}",
            bad.error
        );
        assert!(bad.error.contains("tests/hostile.rs:"), "{}", bad.error);
        for (i, r) in res.iter().enumerate().filter(|(i, _)| *i != 2) {
            assert_eq!(r.report.status, "ok", "{i}");
        }
    }
}

#[test]
fn bad_arguments_exit_1() {
    let tmp = tempfile::tempdir().unwrap();
    // (a missing input is that input's error row: see reliability.rs)
    // output "folder" is a file
    std::fs::write(tmp.path().join("taken"), b"x").unwrap();
    let o = jxcheck(
        &root(),
        &[
            "scan",
            "corpus",
            "--out",
            tmp.path().join("taken").to_str().unwrap(),
            "--quiet",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot create output folder"));
    // missing --out, unknown flag: usage errors are exit 1 too (not clap's 2)
    for args in [
        &["scan", "corpus"][..],
        &["scan", "corpus", "--out", "x", "--bogus"][..],
    ] {
        let o = jxcheck(&root(), args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(String::from_utf8_lossy(&o.stderr).contains("error"), "{args:?}");
    }
    // help is not an error
    let o = jxcheck(&root(), &["scan", "--help"]);
    assert_eq!(o.status.code(), Some(0));
    let help = String::from_utf8_lossy(&o.stdout);
    assert!(
        help.contains("reports.csv") && help.contains("--threads") && help.contains("--excel"),
        "{help}"
    );
}

/// `--excel` writes a BOM; text cells that would run as formulas are quoted.
#[test]
fn excel_bom_and_formula_guard() {
    let tmp = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(corpus().join("000_dcb98461ec04ccb6.txt")).unwrap();
    let evil = text.replacen(
        "部门名称（公章）：深圳市规划和自然资源局",
        "部门名称（公章）：=HYPERLINK(\"http://x\")",
        1,
    );
    assert_ne!(text, evil);
    std::fs::write(tmp.path().join("evil.txt"), evil).unwrap();
    let out = tmp.path().join("out");
    let o = jxcheck(
        tmp.path(),
        &["scan", "evil.txt", "--out", out.to_str().unwrap(), "--excel", "--quiet"],
    );
    assert!(o.status.success());
    for name in [
        "reports.csv",
        "discrepancies.csv",
        "figures.csv",
        "scores.csv",
        "indicators.csv",
        "projects.csv",
    ] {
        assert!(
            std::fs::read(out.join(name)).unwrap().starts_with(b"\xEF\xBB\xBFfile,"),
            "{name}"
        );
    }
    let raw = std::fs::read_to_string(out.join("reports.csv")).unwrap();
    let raw = raw.trim_start_matches('\u{feff}');
    let mut r = csv::Reader::from_reader(raw.as_bytes());
    let h: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let row = r.records().next().unwrap().unwrap();
    assert_eq!(&row[col(&h, "department")], "'=HYPERLINK(\"http://x\")");
    assert_eq!(&row[col(&h, "year")], "2021");
}

/// An output folder inside a scanned folder: the second run does not read the
/// first run's CSV files as reports.
#[test]
fn own_outputs_are_not_read_back() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("in");
    std::fs::create_dir(&d).unwrap();
    std::fs::copy(corpus().join("003_45f879206ba15da6.txt"), d.join("a.txt")).unwrap();
    for _ in 0..2 {
        let o = jxcheck(tmp.path(), &["scan", "in", "--out", "in/out", "--quiet"]);
        assert!(o.status.success());
        let (_, rows) = read_csv(&d.join("out/reports.csv"));
        assert_eq!(rows.len(), 1);
    }
}

/// Office and HTML files whose few bytes describe a huge grid: read in
/// memory and time proportional to what they hold, or cut at the grid budget
/// and marked `partial`.
#[test]
fn a_small_file_cannot_describe_a_huge_grid() {
    use jxcheck::ingest::{self, grid};
    use jxcheck::model::Status;
    use std::path::Path;

    // one cell at A1, one at XFD1048576: calamine's dense range would hold
    // 17 billion cells; read as the two cells (and the empty columns between)
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("corners.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "项目支出绩效自评表").unwrap();
    ws.write_number(1_048_575, 16_383, 7.5).unwrap();
    wb.save(&path).unwrap();
    let got = ingest::decode(&std::fs::read(&path).unwrap(), &path);
    assert_eq!(got.status, Some(Status::Ok), "{}", got.error);
    let lines: Vec<_> = got.doc.unwrap().pages.into_iter().flat_map(|p| p.lines).collect();
    let rows: Vec<_> = lines.iter().filter(|l| l.table.is_some()).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].cells[0].text, "项目支出绩效自评表");
    assert_eq!(rows[1].cells.len(), 16_384);
    assert_eq!(rows[1].cells[16_383].text, "7.5");

    // 5,000 rows each a cell 1,000 columns wide and 65,534 rows tall:
    // 5 million cells, past the budget: read up to it, `partial`
    let html = format!(
        "<table>{}</table>",
        "<tr><td colspan=1000 rowspan=65534>1</td></tr>".repeat(5_000)
    );
    let got = ingest::decode(html.as_bytes(), Path::new("spans.html"));
    assert_eq!(got.status, Some(Status::Partial));
    assert_eq!(
        got.error,
        format!("tables larger than {} cells in all: read up to there", grid::MAX_CELLS)
    );
    let rows = got
        .doc
        .unwrap()
        .pages
        .iter()
        .flat_map(|p| &p.lines)
        .filter(|l| l.table.is_some())
        .count();
    assert!(rows < 5_000, "{rows} rows");
}

/// XLS workbooks of a few KB whose cells span huge grids
/// (`fixtures/office/make.py`, `write_corners`): calamine builds every sheet
/// of a workbook as a dense grid when it opens it, so they are refused from
/// the cell records' extents before it does. Before: six sheets with cells at
/// A1 and IV65536 took 3.7 GB before `sheet 表1 too large`; twelve sheets to
/// IV13700 (42 million cells in all) took 1.4 GB and passed. Now 16 MB each
/// (peak RSS of `jxcheck scan`, release).
#[test]
fn a_small_xls_cannot_describe_huge_sheets() {
    use jxcheck::ingest;
    use jxcheck::model::Status;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/office/extra");
    let read = |name: &str| {
        let p = dir.join(name);
        ingest::decode(&std::fs::read(&p).unwrap(), &p)
    };
    let got = read("corners.xls");
    assert_eq!(got.status, Some(Status::Error));
    assert_eq!(got.error, "sheet 表1 too large");
    let got = read("spread.xls");
    assert_eq!(got.status, Some(Status::Error));
    // 12 sheets × 13,700 rows × 256 columns; the limit is 2 GiB at 56 bytes a cell
    assert_eq!(
        got.error,
        format!(
            "too large to analyse: its sheets span {} cells in all (at most {})",
            12 * 13_700 * 256,
            (2u64 << 30) / 56
        )
    );
    // a workbook within the limits still reads
    let got = read("hidden_columns.xls");
    assert_eq!(got.status, Some(Status::Ok), "{}", got.error);
}

/// Before: a weighted form whose 单项得分 and 权重 were each just under the
/// 10^20 reading limit multiplied past the decimal range (10^38) in the
/// 折算得分 check and projects.csv, a panic turning the file into an
/// internal-error row. Now the products saturate and the form is read.
#[test]
fn a_weighted_form_of_huge_numbers_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let big = "9999999999999999999";
    let form = format!(
        "预算项目绩效自评表\n项目名称\t高龄老人津贴发放\n\
         预算执行情况（万元）\t\t全年预算数\t全年执行数\t执行率\n年度资金总额\t8\t8\t100%\n\
         一级指标\t二级指标\t三级指标\t预期指标值\t实际完成值\t单项指标得分\t权重占比(%)\t单项指标折算得分\n\
         产出指标\t数量指标\t津贴发放人数\t≥200人\t205人\t{big}\t{big}\t40\n\
         满意度指标\t服务对象满意度指标\t老人满意度\t≥95%\t96%\t{big}\t{big}\t{big}\n总分\t100\t98\n"
    );
    let path = tmp.path().join("form.txt");
    std::fs::write(&path, form).unwrap();
    let p = jxcheck::patterns::Patterns::builtin().unwrap();
    let a = jxcheck::pipeline::analyse(&path, &p);
    assert_eq!(a.status(), jxcheck::model::Status::Ok, "{}", a.ingested.error);
    assert_eq!(a.forms.len(), 1);
    // the 折算得分 of the first row (40) is not 单项得分 × 权重
    assert!(
        a.findings
            .iter()
            .any(|f| f.rule.to_string().starts_with("SCORE") && f.item.contains("津贴发放人数")),
        "{:?}",
        a.findings
            .iter()
            .map(|f| (f.rule.to_string(), f.item.clone()))
            .collect::<Vec<_>>()
    );
}

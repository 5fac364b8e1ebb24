//! The PDF text layer on what real producers emit (fixtures/producers/out,
//! made by fixtures/producers/make.sh from the office fixtures): the corpus
//! reports exported by LibreOffice (from DOCX), printed by Chromium and by
//! wkhtmltopdf (from HTML), and typeset without table rules. Each PDF's scan
//! must give its text twin's department, year, claimed total, scorecard lines
//! and findings.

mod common;

use common::*;
use std::path::PathBuf;

/// What is compared, per CSV: the columns.
const CHECKS: [(&str, &[&str]); 3] = [
    ("reports.csv", &["department", "year", "claimed_total"]),
    ("scores.csv", &["level1", "level2", "indicator", "points", "claimed"]),
    (
        "discrepancies.csv",
        &["rule", "severity", "item", "claimed", "expected"],
    ),
];

/// Producer PDFs whose CSV does not yet match its text twin (issue 15, open
/// work). Each is asserted to still differ, so a fix must remove it here.
const KNOWN_GAPS: &[(&str, &str)] = &[];

fn producer_pdfs() -> Vec<PathBuf> {
    let dir = root().join("fixtures/producers/out");
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    v.sort();
    v
}

#[test]
fn every_producer_reads_like_its_text() {
    let pdfs = producer_pdfs();
    // three producers for each of the five reports, two unruled typesettings
    // for each of the three with scorecards
    let producers = ["libreoffice", "chromium", "wkhtmltopdf"];
    for stem in corpus_files()
        .iter()
        .map(|f| f.file_stem().unwrap().to_string_lossy().into_owned())
    {
        for p in producers {
            assert!(
                pdfs.iter()
                    .any(|f| f.file_name().unwrap().to_string_lossy() == format!("{stem}.{p}.pdf")),
                "{stem}.{p}.pdf missing"
            );
        }
    }
    assert_eq!(pdfs.len(), 5 * 3 + 3 * 2, "producer PDFs");

    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    for f in corpus_files().iter().chain(&pdfs) {
        std::fs::copy(f, input.join(f.file_name().unwrap())).unwrap();
    }
    let o = jxcheck(tmp.path(), &["scan", "in", "--out", "out", "--quiet"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = tmp.path().join("out");

    let mut compared = 0;
    let mut failures = Vec::new();
    for (csv, cols) in CHECKS {
        let t = table(&out, csv, cols);
        for pdf in &pdfs {
            let name = pdf.file_name().unwrap().to_string_lossy().into_owned();
            let stem = name.split('.').next().unwrap();
            let text = t.get(&format!("{stem}.txt"));
            let same = t.get(&name) == text;
            let known = KNOWN_GAPS.contains(&(name.as_str(), csv));
            if known {
                assert!(!same, "{name} {csv} now matches its text: remove it from KNOWN_GAPS");
            } else if !same {
                failures.push(format!(
                    "{csv}: {name} differs from {stem}.txt\n  pdf:  {:?}\n  text: {:?}",
                    t.get(&name),
                    text
                ));
            } else {
                compared += text.map_or(0, Vec::len);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // not vacuous: scorecard lines and findings were compared (147 at issue
    // 15's first step, 299 with 10 gaps left, 328 with 7, 354 with 5, 377
    // with 3, 378 with 2, 404 with none)
    assert!(compared >= 404, "{compared} rows compared");
    // every scorecard report's PDFs have scorecard lines
    let scores = table(&out, "scores.csv", &["indicator"]);
    for pdf in &pdfs {
        let name = pdf.file_name().unwrap().to_string_lossy().into_owned();
        let stem = name.split('.').next().unwrap();
        if scores.contains_key(&format!("{stem}.txt")) && !KNOWN_GAPS.contains(&(name.as_str(), "scores.csv")) {
            assert!(
                scores.get(&name).is_some_and(|v| v.len() >= 20),
                "{name}: scorecard lines"
            );
        }
    }
}

/// An unruled table printed by Chromium (label columns squeezed to one
/// character per line, cells centred vertically, rows cut by page breaks):
/// every scorecard line comes out as in the text, 公用经费控制率 too, whose
/// 一级指标 cell (`部门绩效`, rowspan 3) is centred beside the second of its
/// rows, so that without rules it read as the group above's.
#[test]
fn unruled_chromium_scorecard_rows_are_rebuilt() {
    let stem = "000_dcb98461ec04ccb6";
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let pdf = format!("{stem}.unruled-chromium.pdf");
    let txt = format!("{stem}.txt");
    std::fs::copy(root().join("fixtures/producers/out").join(&pdf), input.join(&pdf)).unwrap();
    let text = corpus_files().into_iter().find(|f| f.ends_with(&txt)).unwrap();
    std::fs::copy(text, input.join(&txt)).unwrap();
    let o = jxcheck(tmp.path(), &["scan", "in", "--out", "out", "--quiet"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let t = table(&tmp.path().join("out"), "scores.csv", CHECKS[1].1);
    let want = t.get(&txt).unwrap();
    let got = t.get(&pdf).unwrap();
    assert_eq!(want.len(), 21);
    assert_eq!(got, want);
    let row = got.iter().find(|r| r[2] == "公用经费控制率").unwrap();
    assert_eq!(row[..2], ["部门绩效", "经济性"]);
}

/// Two unruled scorecard tables one after the other, each under its own
/// header row and set with other column widths, the first ending on the
/// page the second starts on, the second running on to a page where its
/// rows stand in its right columns only (fixtures/tables/make.py,
/// LibreOffice). Each is a table of its own, in its own columns: every body
/// row's cells as in the source (restart.txt), the second table's header
/// too. Before, the second was refitted into the first's columns
/// (`二级指标 三级指标` in one cell) and its last page began a third table
/// with `信息公开及时性` in column 0; a wrapped cell's last lines at a page
/// foot were read as text below the table.
#[test]
fn unruled_tables_restarted_under_their_own_header_keep_their_columns() {
    let p = jxcheck::patterns::Patterns::builtin().unwrap();
    let a = jxcheck::pipeline::analyse(&root().join("fixtures/tables/restart.libreoffice.pdf"), &p);
    let doc = a.doc.as_ref().unwrap();
    let want = tab_rows("fixtures/tables/restart.txt");
    // the source's tables: a header row, then six body rows, twice
    assert_eq!(want.len(), 14);
    let tables: Vec<Vec<Vec<String>>> = table_cells(doc)
        .into_iter()
        .filter(|rows| rows.iter().any(|r| r.iter().any(|c| c == "分值")))
        .collect();
    assert_eq!(tables.len(), 2, "{tables:#?}");
    // body rows: those with points (a number in column 3)
    let body = |t: &[Vec<String>]| -> Vec<Vec<String>> {
        t.iter()
            .filter(|r| r.get(3).is_some_and(|c| c.parse::<u32>().is_ok()))
            .cloned()
            .collect()
    };
    assert_eq!(body(&tables[0]), want[1..7], "first table");
    assert_eq!(body(&tables[1]), want[8..14], "second table");
    // the second table's own header, in its own columns
    assert_eq!(tables[1][0], want[7]);
    assert_eq!(tables[1].len(), 7, "{:#?}", tables[1]);
}

/// An unruled scorecard printed by Chromium in four tables under the same
/// header, cut by page breaks (fixtures/tables/pagefoot.py): page 3 ends
/// with the third table's head and its first row, the rest of the second
/// table's last rubric in two paragraphs; the third table's body goes on
/// atop page 4 with its level-1 column empty there; the last row's rubric
/// paragraphs run on over the next page break above the total rows. Read
/// as the scorecard reader reads the grid (header rows skipped; a row with
/// neither indicator nor points continues the row above), every body row's
/// cells are the source's (pagefoot.txt, spaces aside), and the totals follow (the
/// headers squeezed one character a line are another matter). Before,
/// the rubric lines under the head at the page foot were loose text, page
/// 4's rows came without their level-1 column (`资产管理` in column 0), and
/// the last rubric's lines on page 5 were rows of their own.
#[test]
fn unruled_rows_cut_by_page_breaks_keep_their_cells() {
    let p = jxcheck::patterns::Patterns::builtin().unwrap();
    let a = jxcheck::pipeline::analyse(&root().join("fixtures/tables/pagefoot.chromium.pdf"), &p);
    let doc = a.doc.as_ref().unwrap();
    let want = tab_rows("fixtures/tables/pagefoot.txt");
    assert_eq!(want.len(), 14);
    let mut rows: Vec<Vec<String>> = Vec::new();
    for i in 0..doc.lines.len() {
        let l = doc.lines.at(i);
        if l.table().is_none() {
            continue;
        }
        let cells: Vec<String> = l.cells().iter().map(str::to_owned).collect();
        if cells.iter().any(|c| c == "评价指标" || c == "一级指标") {
            continue;
        }
        assert_eq!(cells.len(), 7, "{cells:?}");
        let total = ["综合得分", "自评等级"].contains(&cells[0].as_str());
        match rows.last_mut() {
            Some(last) if !total && cells[2].is_empty() && cells[3].is_empty() => {
                for (c, more) in last.iter_mut().zip(&cells) {
                    if !more.is_empty() {
                        if !c.is_empty() {
                            c.push(' ');
                        }
                        c.push_str(more);
                    }
                }
            }
            _ => rows.push(cells),
        }
    }
    assert_eq!(rows.len(), 16, "{rows:#?}");
    // (spaces aside: whether `2.` and `支出` stand a space apart is the
    // text layer's reading of the glyphs, not the table's)
    let squeeze = |r: &[String]| -> Vec<String> {
        r.iter()
            .map(|c| c.chars().filter(|c| !c.is_whitespace()).collect())
            .collect()
    };
    for (got, want) in rows.iter().zip(&want) {
        assert_eq!(squeeze(got), squeeze(want));
    }
    assert_eq!(rows[14], ["综合得分", "", "", "", "", "92.5", ""]);
    assert_eq!(rows[15], ["自评等级", "", "", "", "", "优", ""]);
}

/// Two unruled scorecards printed by Chromium with narrow label and points
/// columns (fixtures/tables/narrow.py): each header row's cells wrap a
/// character or two a line (`名` / `称`, `参` / `考` / `分` / `值`), a
/// colspan header's second line is centred into the next column (`一级` /
/// `指标`), and the tall `扣分情况及整改说明` cell stands beside `评价指标`;
/// the second ends in total and grade rows whose labels stand one character
/// a line. Every header row, body row, total and grade row comes out with
/// its cells as in the source (narrow.txt), each table in its own columns.
/// Before, the header's narrow columns ran together (`参名 考称 分值`,
/// `产40出`) and the total block was loose characters.
#[test]
fn unruled_narrow_columns_join_their_squeezed_cells() {
    let p = jxcheck::patterns::Patterns::builtin().unwrap();
    let a = jxcheck::pipeline::analyse(&root().join("fixtures/tables/narrow.chromium.pdf"), &p);
    let doc = a.doc.as_ref().unwrap();
    let text = std::fs::read_to_string(root().join("fixtures/tables/narrow.txt")).unwrap();
    let want: Vec<Vec<Vec<String>>> = text
        .split("\n\n")
        .map(|t| t.lines().map(|l| l.split('\t').map(str::to_owned).collect()).collect())
        .collect();
    // the source: two tables of three header rows, three and four body
    // rows, the second with its total and grade rows
    assert_eq!(want.iter().map(Vec::len).collect::<Vec<_>>(), [6, 9]);
    let tables = table_cells(doc);
    assert_eq!(tables.len(), 2, "{tables:#?}");
    for (got, want) in tables.iter().zip(&want) {
        assert_eq!(got.len(), want.len(), "{got:#?}");
        // the top header row: its words in order (`评价指标`, centred over
        // six columns, stands in the column it starts in)
        let words = |r: &[String]| r.iter().filter(|c| !c.is_empty()).cloned().collect::<Vec<_>>();
        assert_eq!(words(&got[0]), words(&want[0]));
        // every other row cell by cell
        assert_eq!(got[1..], want[1..]);
    }
}

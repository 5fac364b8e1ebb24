//! Tables ruled between their columns but not between their rows
//! (fixtures/tables/ruledcols.py): Chromium, wkhtmltopdf and LibreOffice
//! print one scorecard each. The lattice sees one tall row; its table rows
//! must come out one grid row each, as the source has them.

mod common;

use common::*;

/// Before, each PDF gave the table as one row of six glued columns, the
/// scores of different rows run together (Chromium's `得分10 9 10 9.2518
/// 15.519 90.75`); LibreOffice's also split a wrapped cell at `分，` (Writer
/// carries the character before a comma down to the next line).
#[test]
fn rows_without_rules_between_them_are_rows() {
    let p = jxcheck::patterns::Patterns::builtin().unwrap();
    let want = tab_rows("fixtures/tables/ruledcols.txt");
    assert_eq!(want.len(), 9);
    for producer in ["chromium", "wkhtmltopdf", "libreoffice"] {
        let path = root().join(format!("fixtures/tables/ruledcols.{producer}.pdf"));
        let a = jxcheck::pipeline::analyse(&path, &p);
        let doc = a.doc.as_ref().unwrap();
        let tables = table_cells(doc);
        assert_eq!(tables.len(), 1, "{producer}: {tables:#?}");
        assert_eq!(tables[0], want, "{producer}");
    }
}

/// The scan reads the scorecard: its seven indicators with points and
/// scores, and no error finding (the card adds up: 100 points, 90.75 scored).
#[test]
fn the_scorecard_is_read_and_adds_up() {
    let want = tab_rows("fixtures/tables/ruledcols.txt");
    let mut expected: Vec<Vec<String>> = want[1..8]
        .iter()
        .map(|r| vec![r[2].clone(), r[3].clone(), r[5].clone()])
        .collect();
    expected.sort();
    let tmp = tempfile::tempdir().unwrap();
    let dir = root().join("fixtures/tables");
    let o = jxcheck(tmp.path(), &["scan", dir.to_str().unwrap(), "--out", "out", "--quiet"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = tmp.path().join("out");
    let scores = table(&out, "scores.csv", &["indicator", "points", "claimed"]);
    let findings = table(&out, "discrepancies.csv", &["severity", "rule", "item"]);
    for producer in ["chromium", "wkhtmltopdf", "libreoffice"] {
        let name = format!("ruledcols.{producer}.pdf");
        assert_eq!(scores.get(&name), Some(&expected), "{name}");
        let errors: Vec<_> = findings
            .get(&name)
            .into_iter()
            .flatten()
            .filter(|r| r[0] == "error")
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
}

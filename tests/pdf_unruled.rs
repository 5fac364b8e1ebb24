//! Unruled (stream) tables as Chromium prints them (issue 15): how a
//! browser lays out wrapped, narrow and paragraph-spaced cells in a table
//! without rules, on fixtures made the way real documents are made
//! (fixtures/tables/*.py: HTML printed by Chromium --print-to-pdf).

mod common;

use common::*;

/// A scorecard's total, grade and signature rows under a last rubric set in
/// paragraphs (fixtures/tables/totals.py): Chromium keeps the last `<p>`'s
/// margin inside the cell, so the total row starts a line and a margin
/// below the rubric's last line, and its label column, empty in every body
/// row, is squeezed to two characters a line (`综合` / `评分`). Each comes
/// out as one row with its label and its value in the rubric column, as in
/// the source (totals.txt), and the report's claimed total and grade are
/// read. Before, the labels' lines were loose text, glued to the value
/// (`88.75评分评分`), and no total was claimed. The rubrics' paragraphs
/// stand a blank band apart, as wide as the band between two rows: a
/// body row keeps its paragraphs above and below its centred cells (before,
/// `1. 利用人次较上年增长的，得15分；`, above the row's centred cells, was a
/// row of its own, read as the rest of the row before).
#[test]
fn unruled_totals_after_a_rubric_in_paragraphs_are_rows() {
    let p = jxcheck::patterns::Patterns::builtin().unwrap();
    let a = jxcheck::pipeline::analyse(&root().join("fixtures/tables/totals.chromium.pdf"), &p);
    let doc = a.doc.as_ref().unwrap();
    let want = tab_rows("fixtures/tables/totals.txt");
    // the source: three body rows, then the total, grade and signature rows
    assert_eq!(want.len(), 6);
    assert_eq!(want[3], ["综合评分", "", "", "", "", "88.75", ""]);
    let tables = table_cells(doc);
    let t = tables
        .iter()
        .find(|t| t.iter().any(|r| r.first().is_some_and(|c| c == "综合评分")))
        .unwrap_or_else(|| panic!("no table with the total row: {tables:#?}"));
    // read as the scorecard reader reads the grid (header rows skipped; a
    // row with nothing in its label, indicator and points cells continues
    // the row above: the first row's last paragraphs, its third one cut by
    // the page break), every body row comes out with the source's cells,
    // its rubric's paragraphs in one cell, and the totals follow
    let mut rows: Vec<Vec<String>> = Vec::new();
    for r in t
        .iter()
        .filter(|r| !r.iter().any(|c| c == "评价指标" || c == "一级指标"))
    {
        assert_eq!(r.len(), 7, "{r:?}");
        match rows.last_mut() {
            Some(last) if r[..4].iter().all(String::is_empty) => {
                for (c, more) in last.iter_mut().zip(r) {
                    if !more.is_empty() {
                        if !c.is_empty() {
                            c.push(' ');
                        }
                        c.push_str(more);
                    }
                }
            }
            _ => rows.push(r.clone()),
        }
    }
    assert_eq!(rows, want, "{t:#?}");
    // (the second and third rows' paragraphs, above and below their
    // centred cells, were in those rows already)
    let at = t.iter().position(|r| r[1] == "效益").unwrap();
    assert_eq!(t[at..at + 2], want[1..3]);

    // and the scan reads the claimed total and grade from them
    let tmp = scan_with(&[root().join("fixtures/tables/totals.chromium.pdf")]);
    let r = table(
        &tmp.path().join("out"),
        "reports.csv",
        &["claimed_total", "claimed_grade"],
    );
    assert_eq!(r["totals.chromium.pdf"], [["88.75", "良"]]);
}

/// Sub-rows under a rowspan in a vertically centred unruled table
/// (fixtures/tables/subrows.py: a number and a name spanning one to five
/// short items, one a sub-row, as 000's budget item list prints them):
/// every item is a row of its own, in order, and each group's number and
/// name come out once, on a row of that group's items (Chromium centres
/// them: on the middle item's line, or for an even count on a line of its
/// own between the two middle items, which stays with the item above).
/// Before, the items of a group were glued into one cell
/// (`异地备份系统运行维护`, `查阅大厅运行在线查阅平台`; with 4b0d909 the
/// header and first group too: `明细项目档案征集库房温湿度控制`).
#[test]
fn unruled_rowspan_sub_rows_are_rows() {
    let p = jxcheck::patterns::Patterns::builtin().unwrap();
    let a = jxcheck::pipeline::analyse(&root().join("fixtures/tables/subrows.chromium.pdf"), &p);
    let doc = a.doc.as_ref().unwrap();
    let want = tab_rows("fixtures/tables/subrows.txt");
    assert_eq!(want.len(), 16);
    let tables = table_cells(doc);
    let t = tables
        .iter()
        .find(|t| t.first().is_some_and(|r| r == &["序号", "项目名称", "明细项目"]))
        .unwrap_or_else(|| panic!("no items table: {tables:#?}"));
    let body = &t[1..];
    for r in body {
        assert_eq!(r.len(), 3, "{r:?}");
    }
    // one row an item, in the source's order
    let items: Vec<&str> = body.iter().map(|r| r[2].as_str()).collect();
    let want_items: Vec<&str> = want.iter().map(|r| r[2].as_str()).collect();
    assert_eq!(items, want_items, "{t:#?}");
    // each group's number and name once, together, within its items' rows
    let mut at = 0;
    for (n, w) in want.iter().enumerate() {
        if w[0].is_empty() {
            continue;
        }
        let len = want[n + 1..].iter().take_while(|r| r[0].is_empty()).count() + 1;
        let group = &body[at..at + len];
        let numbered: Vec<&Vec<String>> = group.iter().filter(|r| !r[0].is_empty()).collect();
        assert_eq!(numbered.len(), 1, "{group:?}");
        assert_eq!(numbered[0][..2], w[..2], "{group:?}");
        assert!(group.iter().filter(|r| r[1].is_empty()).count() == len - 1, "{group:?}");
        at += len;
    }
    assert_eq!(at, body.len());
}

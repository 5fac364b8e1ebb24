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

/// A scorecard's head alone at a page's foot, its body atop the next page
/// (fixtures/tables/foothead.py: Chromium sets the head rows at the foot
/// when the first body row, one long rubric in paragraphs beside short
/// centred cells, does not fit under them). The body rows come out with the
/// source's cells (foothead.txt), each rubric's paragraphs in one cell, in
/// the head's table.
#[test]
fn unruled_head_at_a_page_foot_has_its_body_atop_the_next() {
    let p = jxcheck::patterns::Patterns::builtin().unwrap();
    let a = jxcheck::pipeline::analyse(&root().join("fixtures/tables/foothead.chromium.pdf"), &p);
    let doc = a.doc.as_ref().unwrap();
    let want = tab_rows("fixtures/tables/foothead.txt");
    assert_eq!(want.len(), 4);
    assert_eq!(want[0][4..6], ["资金使用合规性", "4"]);
    let tables = table_cells(doc);
    let t = tables
        .iter()
        .find(|t| t.iter().any(|r| r.iter().any(|c| c == "资金使用合规性")))
        .unwrap_or_else(|| panic!("no table with the first body row: {tables:#?}"));
    // the head (three rows, on page 1) and its two body rows (page 2) are
    // one table
    assert_eq!(t.len(), 5, "{t:#?}");
    assert_eq!(t[0][0], "评价指标");
    assert_eq!(t[2], want[2]);
    // (a paragraph opening with a character joins the one before as a
    // wrapped line does, without a space: compared without spaces)
    let squeeze = |rows: &[Vec<String>]| -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.replace(' ', "")).collect())
            .collect()
    };
    assert_eq!(squeeze(&t[3..5]), squeeze(&want[0..2]));
    assert_eq!(t[3][7], "4");
    assert_eq!(t[4][4..6], ["信息公开规范性", "2"]);
}

/// The same break in a real producer's print: 001's report printed without
/// rules by Chromium (fixtures/producers/out, fixtures/producers/make.sh).
/// Page 18 ends with a scorecard table's head (its first row `评价指标`,
/// centred beside `指标说明` and `扣分情况及整改情况说明` wrapped a few
/// characters a line), its last row sliced by the page break; page 19 holds
/// its two body rows, each a rubric of several paragraphs beside its
/// indicator name squeezed two characters a line (`财务` / `合规` / `性`)
/// and two figures. Before, the head's first row came out as two rows,
/// page 19 as loose lines (`合规3`), and 财务合规性 and 预决算信息公开 were
/// missing from the scorecard. The source row (corpus/001_….txt): four
/// empty cells, the indicator, its points, the rubric, the score, and an
/// empty reason. And the last table's `名称`, merged from the head's last
/// row into the empty level-1 cell of the body row under it (centred across
/// both), is the head's: the row 公众或服务对象满意度 keeps its level-1
/// empty, so the scorecard carries 部门绩效 and 公平性 down to it.
#[test]
fn producer_head_at_a_page_foot_has_its_body_atop_the_next() {
    let p = jxcheck::patterns::Patterns::builtin().unwrap();
    let pdf = root().join("fixtures/producers/out/001_1043f48496861f1f.unruled-chromium.pdf");
    let a = jxcheck::pipeline::analyse(&pdf, &p);
    let doc = a.doc.as_ref().unwrap();
    let tables = table_cells(doc);
    let row = |name: &str| -> Vec<String> {
        let rows: Vec<&Vec<String>> = tables
            .iter()
            .flatten()
            .filter(|r| r.iter().any(|c| c == name))
            .collect();
        assert_eq!(rows.len(), 1, "{name}: {rows:#?}");
        rows[0].clone()
    };
    let finance = row("财务合规性");
    assert_eq!(finance[..6], ["", "", "", "", "财务合规性", "3"]);
    assert!(finance[6].starts_with("部门（单位）资金支出规范性"), "{finance:?}");
    assert!(finance[6].contains("2. 资金调整、调剂规范性（1分）。"), "{finance:?}");
    assert!(finance[6].ends_with("本项指标得0分。"), "{finance:?}");
    assert_eq!(finance[7..], ["3", ""]);
    let public = row("预决算信息公开");
    assert_eq!(public[..6], ["", "", "", "", "预决算信息公开", "3"]);
    assert!(public[6].starts_with("1. 部门预算公开（1.5分）"), "{public:?}");
    assert_eq!(public[7], "3");
    // the head's first row is one row
    let head = tables
        .iter()
        .flatten()
        .filter(|r| r.iter().any(|c| c == "评价指标"))
        .filter(|r| r.iter().any(|c| c == "得分情况"))
        .count();
    assert_eq!(head, 8, "a head's first row per scorecard table (as corpus/001_….txt)");
    let last = row("公众或服务对象满意度");
    assert_eq!(last[..6], ["", "", "", "", "公众或服务对象满意度", "6"]);
    assert!(tables.iter().flatten().any(|r| r[0] == "名称" && r[1] == "参考分值"));
}

//! The PDF text layer on the typeset corpus (fixtures/pdf, made by
//! fixtures/pdf/make.sh) and on hostile PDFs (fixtures/pdf/hostile).

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::Path;

const SITUATIONS: [&str; 5] = ["gbk", "ucs2", "tounicode", "gb1", "truetype"];

#[test]
fn typeset_corpus_reads_like_its_text() {
    let dir = root().join("fixtures/pdf");
    let mut pdfs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    pdfs.sort();
    assert_eq!(
        pdfs.len(),
        corpus_files().len() * SITUATIONS.len(),
        "one PDF per report and font situation"
    );
    let refs: Vec<&Path> = pdfs.iter().map(|p| p.as_path()).collect();
    let tmp = scan_with(&refs);
    let out = tmp.path().join("out");
    let checks = TWIN_CHECKS;
    let mut compared = 0;
    for (csv, cols) in checks {
        let t = table(&out, csv, cols);
        for pdf in &pdfs {
            let name = pdf.file_name().unwrap().to_string_lossy().into_owned();
            let stem = name.split('.').next().unwrap();
            let text = t.get(&format!("{stem}.txt"));
            assert!(
                csv != "reports.csv" || text.is_some_and(|v| v[0][0] == "ok"),
                "{stem}.txt read"
            );
            assert_eq!(t.get(&name), text, "{csv}: {name} differs from {stem}.txt");
            compared += text.map_or(0, Vec::len);
        }
    }
    // not vacuous: the texts have scores, figures and findings to compare
    assert!(compared > 2000, "{compared} rows compared");
    // the PDFs have pages; the texts do not
    let (h, rows) = read_csv(&out.join("reports.csv"));
    let pages: BTreeMap<String, String> = rows
        .iter()
        .map(|r| (r[col(&h, "file")].clone(), r[col(&h, "pages")].clone()))
        .collect();
    assert_eq!(pages["in/000_dcb98461ec04ccb6.gbk.pdf"], "28");
    assert_eq!(pages["in/003_45f879206ba15da6.ucs2.pdf"], "8");
}

#[test]
fn findings_point_at_pdf_pages() {
    let pdf = root().join("fixtures/pdf/001_1043f48496861f1f.gbk.pdf");
    let tmp = scan_with(&[&pdf]);
    let (h, rows) = read_csv(&tmp.path().join("out/discrepancies.csv"));
    let mine: Vec<_> = rows
        .iter()
        .filter(|r| r[col(&h, "file")].ends_with(".gbk.pdf"))
        .collect();
    assert_eq!(mine.len(), 5);
    // SCORE.RULE on 政府采购执行情况 sits in the scorecard table, page 14, visual line 441
    let r = mine
        .iter()
        .find(|r| r[col(&h, "rule")] == "SCORE.RULE" && r[col(&h, "claimed")] == "2")
        .expect("SCORE.RULE 2");
    assert_eq!((&r[col(&h, "page")][..], &r[col(&h, "line")][..]), ("14", "441"));
    assert!(mine
        .iter()
        .all(|r| !r[col(&h, "page")].is_empty() && r[col(&h, "line")] != "0"));
}

#[test]
fn hostile_pdfs_each_get_one_clear_row() {
    let dir = root().join("fixtures/pdf/hostile");
    let good = root().join("fixtures/pdf/003_45f879206ba15da6.ucs2.pdf");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files.push(good);
    let refs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let tmp = scan_with(&refs);
    let out = tmp.path().join("out");
    let (h, rows) = read_csv(&out.join("reports.csv"));
    let expect = [
        ("bad-xref.pdf", "partial", "cross-reference table rebuilt"),
        ("corrupt.pdf", "error", "unreadable PDF"),
        ("cyclic-pages.pdf", "error", "no pages"),
        ("deep-forms.pdf", "error", "Form XObjects nested deeper than 12"),
        ("encrypted-empty-aes256.pdf", "ok", ""),
        ("encrypted-empty-rc4.pdf", "ok", ""),
        ("encrypted-password.pdf", "encrypted", "needs a password"),
        ("inflate-bomb.pdf", "error", "more than 32 MiB"),
        ("scan.pdf", "needs_ocr", "needs OCR"),
        ("truncated.pdf", "error", "truncated or damaged"),
        (
            "unmappable.pdf",
            "partial",
            "100.0% of glyphs (40 of 40) have no Unicode mapping",
        ),
    ];
    assert_eq!(files.len(), expect.len() + 1, "every hostile file has an expectation");
    for (name, status, says) in expect {
        let mine: Vec<_> = rows
            .iter()
            .filter(|r| r[col(&h, "file")] == format!("in/{name}"))
            .collect();
        assert_eq!(mine.len(), 1, "{name}: one row");
        assert_eq!(mine[0][col(&h, "status")], status, "{name}");
        assert!(
            mine[0][col(&h, "error")].contains(says),
            "{name}: {}",
            mine[0][col(&h, "error")]
        );
    }
    // the decrypted and the rebuilt files read like their texts; good rows intact
    let t = table(&out, "figures.csv", &["key", "value", "unit"]);
    assert_eq!(t.get("encrypted-empty-aes256.pdf"), t.get("003_45f879206ba15da6.txt"));
    assert_eq!(t.get("encrypted-empty-rc4.pdf"), t.get("003_45f879206ba15da6.txt"));
    assert_eq!(t.get("bad-xref.pdf"), t.get("004_a1c8d28368b3a598.txt"));
    assert_eq!(
        t.get("003_45f879206ba15da6.ucs2.pdf"),
        t.get("003_45f879206ba15da6.txt")
    );
    assert!(t.get("003_45f879206ba15da6.txt").is_some_and(|v| v.len() > 10));
    let alone = scan_corpus(&[]);
    let before = table(
        alone.path(),
        "discrepancies.csv",
        &["rule", "item", "claimed", "expected", "line"],
    );
    let after = table(
        &out,
        "discrepancies.csv",
        &["rule", "item", "claimed", "expected", "line"],
    );
    for f in corpus_files() {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(before.get(&name), after.get(&name), "{name}");
    }
}

/// A table set sideways on a portrait page (`fixtures/turned/make.sh`:
/// Chromium printing HTML turned with CSS `rotate`, text running up and
/// down): the page is turned by its text's direction, so the title and the
/// grid read as they do upright. Before: the glyphs of each turned line were
/// grouped across lines (`1:1  分得5 8 02 9 24`, cells of characters from
/// every row).
#[test]
fn a_table_set_sideways_reads_upright() {
    let p = jxcheck::patterns::Patterns::builtin().unwrap();
    let want = [
        "附表：某县水利局2023年度项目支出绩效自评表",
        "一级指标\t二级指标\t三级指标\t分值\t得分",
        "决策\t项目立项\t立项依据充分性\t5\t5",
        "过程\t资金管理\t资金到位率\t10\t8",
        "产出\t产出数量\t维修渠道长度\t20\t20",
        "效益\t满意度\t受益群众满意度\t10\t9",
        "合计\t\t\t45\t42",
    ];
    for way in ["up", "down"] {
        let path = root().join(format!("fixtures/turned/turned-{way}.chromium.pdf"));
        let a = jxcheck::pipeline::analyse(&path, &p);
        let doc = a.doc.as_ref().unwrap();
        let got: Vec<&str> = doc.lines.iter().map(|l| l.text).collect();
        assert_eq!(got, want, "{way}");
        // a grid: the score row's cells in their columns
        let total = doc.lines.at(6);
        assert!(total.table().is_some(), "{way}");
        assert_eq!(total.cells(), ["合计", "", "", "45", "42"], "{way}");
    }
}

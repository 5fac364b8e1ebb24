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

/// The lines of a document with text, in order.
fn texts(doc: &jxcheck::model::Document) -> Vec<&str> {
    doc.lines.iter().map(|l| l.text).filter(|t| !t.is_empty()).collect()
}

/// Two-column report pages (fixtures/columns/make.py: CSS `column-count: 2`
/// printed by Chromium, a DOCX section with `w:cols w:num="2"` exported by
/// LibreOffice) read as written: the full-width title and lead, the left
/// column's paragraphs whole, then the right column's, then the full-width
/// table and closing line. Before, each visual line joined the two columns
/// (`一、部门基本情况 | 农产品质量检测项目：预算数为120万元，执行`).
#[test]
fn two_column_pages_read_left_column_then_right() {
    let p = jxcheck::patterns::Patterns::builtin().unwrap();
    let want = [
        "某县农业农村局2023年度部门整体支出绩效自评报告",
        "根据县财政局关于开展2023年度预算绩效自评工作的通知要求，我局对本年度部门整体支出情况进行了全面自评，现将有关情况报告如下。",
        // the left column
        "一、部门基本情况",
        "我局内设办公室、计划财务股、农业产业股、农田建设股、质量安全股和农村社会事业股六个股室，下属农业技术推广中心和动物疫病预防控制中心两个事业单位，年末在职人员八十六人。主要职责包括拟订全县农业产业发展规划，组织高标准农田建设，监管农产品质量安全，推进农村人居环境整治和乡村振兴各项工作。",
        "二、预算执行情况",
        "2023年度部门收入合计1280.50万元，其中财政拨款收入1150.20万元，其他收入130.30万元。全年支出合计1236.40万元，其中基本支出836.40万元，项目支出400.00万元。",
        "高标准农田建设项目：预算数为400万元，执行数为300万元，执行率80%。项目资金按工程进度拨付，未完工标段的资金结转下年使用。",
        // the right column
        "农产品质量检测项目：预算数为120万元，执行数为108万元，执行率90%。全年完成农产品抽检两千四百批次，合格率百分之九十九以上。",
        "三、绩效目标完成情况",
        "全年新建高标准农田两万一千亩，改造提升一万五千亩，新增灌溉面积八千亩；培训新型职业农民一千二百人次，推广主导品种和主推技术二十项。通过项目实施，粮食综合生产能力稳步提高，农民人均可支配收入同比增长百分之七点二。",
        "四、存在的问题及改进措施",
        "一是部分项目前期论证不够充分，预算编制与实际需求存在差距；二是个别项目实施进度偏慢，资金支付集中在第四季度。下一步我局将加强项目库建设，细化绩效目标，强化绩效监控，对执行进度滞后的项目及时督促整改，切实提高财政资金使用效益。",
        // full width again
        "项目名称\t预算数（万元）\t执行数（万元）\t执行率",
        "高标准农田建设\t400\t300\t75%",
        "农产品质量检测\t120\t108\t90%",
        "特此报告。",
    ];
    for producer in ["chromium", "libreoffice"] {
        let path = root().join(format!("fixtures/columns/report.{producer}.pdf"));
        let a = jxcheck::pipeline::analyse(&path, &p);
        let doc = a.doc.as_ref().unwrap();
        assert_eq!(texts(doc), want, "{producer}");
        // the table below the columns is a grid
        let tables = doc.tables();
        assert_eq!(tables.len(), 1, "{producer}");
        // the rate planted wrong inside the left column is found, on its
        // line: 300 ÷ 400 = 75%, printed 80%
        let arith: Vec<_> = a.findings.iter().filter(|f| f.rule.starts_with("ARITH")).collect();
        assert_eq!(arith.len(), 1, "{producer}: {arith:?}");
        let f = arith[0];
        assert_eq!(
            (f.rule, &f.claimed[..], &f.expected[..], f.page),
            ("ARITH.PCT", "80", "75", Some(1)),
            "{producer}"
        );
        assert!(
            doc.lines
                .at(f.index)
                .text
                .starts_with("高标准农田建设项目：预算数为400万元"),
            "{producer}"
        );
        // the correct rate in the right column is no finding; nothing else is
        assert_eq!(a.findings.len(), 1, "{producer}: {:?}", a.findings);
    }
}

/// Text turned on an upright page (fixtures/columns/make.py, Chromium): a
/// side note set running up beside a table is read as a line of its own at
/// the foot of its page, and header cells set vertically read in their
/// cells (`年度得分` running up; `分值` running down; `一级指标` upright
/// CJK stacked). Before, the note's characters were read with the table's
/// rows (`认确`, `核审人` between them, `已自评结论…`) and the header
/// running up was reversed (`分得度年`).
#[test]
fn turned_text_on_an_upright_page_reads_as_its_own_line() {
    let p = jxcheck::patterns::Patterns::builtin().unwrap();
    let path = root().join("fixtures/columns/side.chromium.pdf");
    let a = jxcheck::pipeline::analyse(&path, &p);
    let doc = a.doc.as_ref().unwrap();
    let want = [
        "附表：某县水利局2023年度项目支出绩效自评表",
        "项目名称：农村饮水安全巩固提升工程",
        "一级指标\t三级指标\t分值\t年度得分",
        "产出\t新建供水管网长度\t60\t55",
        "效益\t受益人口覆盖率\t40\t38",
        "合计\t\t100\t93",
        "自评结论：项目总体完成年度绩效目标，自评得分93分。",
        "本页数据已经单位负责人审核确认",
    ];
    assert_eq!(texts(doc), want);
    // one table, its rows whole and in their columns
    let tables = doc.tables();
    assert_eq!(tables.len(), 1);
    let rows: Vec<_> = doc.lines.iter().filter(|l| l.table().is_some()).collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0].cells(), ["一级指标", "三级指标", "分值", "年度得分"]);
    assert_eq!(rows[3].cells(), ["合计", "", "100", "93"]);
    // the note is a plain line on page 1
    let note = doc.lines.iter().find(|l| l.text.starts_with("本页数据")).unwrap();
    assert!(note.table().is_none());
    assert_eq!(note.page, Some(1));
}

/// An unruled table of two wide columns of wrapped text (fixtures/columns,
/// Chromium) is no two-column page: its rows start on both sides at once, so
/// it is read row by row (each row's left cell, then its right one), never
/// column by column.
#[test]
fn a_wide_two_column_table_is_not_read_as_columns() {
    let p = jxcheck::patterns::Patterns::builtin().unwrap();
    let path = root().join("fixtures/columns/pairs.chromium.pdf");
    let a = jxcheck::pipeline::analyse(&path, &p);
    let doc = a.doc.as_ref().unwrap();
    let all: String = doc.lines.iter().map(|l| l.text).collect::<Vec<_>>().join("\n");
    // each row's cells, row by row (the first words of each cell)
    let order = [
        "指标及评价要点",
        "完成情况",
        "决策指标",
        "项目立项符合",
        "过程指标",
        "财政资金按工程",
        "产出指标",
        "全年新建高标准",
        "效益指标",
        "项目区粮食",
        "满意度指标",
        "通过入户问卷",
        "管理指标",
        "项目档案按要求",
    ];
    // (each found after the one before; read column by column, 过程指标
    // would come before 项目立项符合)
    let mut from = 0;
    for w in order {
        let Some(at) = all[from..].find(w) else {
            panic!("{w} not read after byte {from}:\n{all}")
        };
        from += at + w.len();
    }
}

/// A page turned by `/Rotate 90` whose text runs up as stored (a landscape
/// page kept portrait: fixtures/turned/rotate.py) reads as its table: once
/// turned, its text is upright and no further turn applies. Before, the
/// glyphs kept the direction they had as stored and the page was turned
/// twice (`合计 | 效益满意度受益群众满意度109 | 产出…`).
#[test]
fn a_page_turned_by_rotate_reads_upright() {
    let p = jxcheck::patterns::Patterns::builtin().unwrap();
    let path = root().join("fixtures/turned/turned-up.rotate90.pdf");
    let a = jxcheck::pipeline::analyse(&path, &p);
    let doc = a.doc.as_ref().unwrap();
    let want = [
        "附表：某县水利局2023年度项目支出绩效自评表",
        "一级指标\t二级指标\t三级指标\t分值\t得分",
        "决策\t项目立项\t立项依据充分性\t5\t5",
        "过程\t资金管理\t资金到位率\t10\t8",
        "产出\t产出数量\t维修渠道长度\t20\t20",
        "效益\t满意度\t受益群众满意度\t10\t9",
        "合计\t\t\t45\t42",
    ];
    assert_eq!(texts(doc), want);
    assert_eq!(doc.lines.at(6).cells(), ["合计", "", "", "45", "42"]);
}

/// Two columns over two pages (fixtures/columns/long.chromium.pdf): every
/// paragraph comes out whole and in order, those cut at the foot of a
/// column rejoined atop the next one (right column of page 1 → left column
/// of page 2, left → right within a page). The paragraphs are the
/// generator's (long.txt, one a line).
#[test]
fn paragraphs_flow_from_column_to_column_and_page_to_page() {
    let p = jxcheck::patterns::Patterns::builtin().unwrap();
    let text = std::fs::read_to_string(root().join("fixtures/columns/long.txt")).unwrap();
    let want: Vec<&str> = text.lines().collect();
    assert_eq!(want.len(), 21);
    let path = root().join("fixtures/columns/long.chromium.pdf");
    let a = jxcheck::pipeline::analyse(&path, &p);
    let doc = a.doc.as_ref().unwrap();
    assert_eq!(texts(doc), want);
}

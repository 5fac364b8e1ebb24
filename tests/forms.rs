//! The self-evaluation forms (fixtures/forms, made by fixtures/forms/make.py):
//! every family in text (tab, `|`, space-joined), HTML with rowspan/colspan,
//! DOCX and XLSX with merged cells, and through LibreOffice (PDF, ODT, DOC from
//! the DOCX; ODS, XLS from the XLSX) and wkhtmltopdf (PDF from the HTML);
//! planted errors found with their rule and severity, consistent forms
//! clean, every score line and total read, projects.csv filled; the copy
//! shapes of fixtures/forms/shapes (make_shapes.py) and CLAIM.CONFLICT; the
//! Writer PDFs scanned (fixtures/forms/scan, make_scan.sh) read by OCR.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::Path;

/// Scans the given fixture folders (under fixtures/forms) into one output.
fn scan(folders: &[&str]) -> tempfile::TempDir {
    scan_with(folders, &[])
}

/// Like `scan`, with more options for `jxcheck scan`.
fn scan_with(folders: &[&str], options: &[&str]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    for f in folders {
        let dst = input.join(f);
        std::fs::create_dir_all(&dst).unwrap();
        for e in std::fs::read_dir(root().join("fixtures/forms").join(f)).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, dst.join(p.file_name().unwrap())).unwrap();
        }
    }
    let mut args = vec!["scan", "in", "--out", "out", "--quiet"];
    args.extend_from_slice(options);
    let o = jxcheck(tmp.path(), &args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    tmp
}

/// expected.csv: fixture → (rule, part, claimed_total, indicators, severity).
fn expected() -> BTreeMap<String, Vec<String>> {
    let (h, rows) = read_csv(&root().join("fixtures/forms/expected.csv"));
    rows.into_iter()
        .map(|r| {
            let v = ["rule", "part", "claimed_total", "indicators", "severity"]
                .iter()
                .map(|c| r[col(&h, c)].clone())
                .collect();
            (r[col(&h, "fixture")].clone(), v)
        })
        .collect()
}

/// `in/txt/mof_ok.pipe.txt` → `mof_ok`.
fn stem(file: &str) -> String {
    let name = Path::new(file).file_name().unwrap().to_string_lossy().into_owned();
    name.split('.').next().unwrap().to_string()
}

/// The given columns of a CSV's rows for one fixture (by stem), in order.
fn pick<const N: usize>(out: &Path, csv: &str, of: &str, cols: [&str; N]) -> Vec<[String; N]> {
    rows(out, csv)
        .into_iter()
        .filter(|r| stem(&r["file"]) == of)
        .map(|r| cols.map(|c| r[c].clone()))
        .collect()
}

/// A CSV's rows as maps, keyed by their file's stem (one row per file).
fn by_stem(out: &Path, csv: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    rows(out, csv).into_iter().map(|r| (stem(&r["file"]), r)).collect()
}

/// Per file: the rows of a CSV as maps.
fn rows(out: &Path, csv: &str) -> Vec<BTreeMap<String, String>> {
    let (h, rows) = read_csv(&out.join(csv));
    rows.into_iter().map(|r| h.iter().cloned().zip(r).collect()).collect()
}

fn check_folder(folder: &str, min_files: usize) {
    let tmp = scan(&[folder]);
    let out = tmp.path().join("out");
    let exp = expected();
    let reports = rows(&out, "reports.csv");
    let findings = rows(&out, "discrepancies.csv");
    let mut seen = 0;
    for rep in &reports {
        let file = &rep["file"];
        let Some(e) = exp.get(&stem(file)) else { continue };
        seen += 1;
        let mine: Vec<_> = findings.iter().filter(|f| &f["file"] == file).collect();
        let errors: Vec<_> = mine.iter().filter(|f| f["severity"] == "error").collect();
        let loud: Vec<_> = mine.iter().filter(|f| f["severity"] != "info").collect();
        let (rule, severity) = (&e[0], &e[4]);
        if rule.is_empty() {
            assert!(loud.is_empty(), "{file}: a consistent form gives {loud:?}");
        } else {
            assert!(
                mine.iter().any(|f| &f["rule"] == rule && &f["severity"] == severity),
                "{file}: planted {rule} ({severity}) not found; found {mine:?}"
            );
            // the finding names its form
            assert!(loud.iter().all(|f| f["part"] == e[1]), "{file}: part {loud:?}");
            // a planted warning (执行数 above 预算数) raises no error
            if severity != "error" {
                assert!(errors.is_empty(), "{file}: {errors:?}");
            }
        }
        assert_eq!(rep["parts"], "1", "{file}");
        assert_eq!(rep["claimed_total"], e[2], "{file}: claimed total");
    }
    assert!(seen >= min_files, "{folder}: {seen} fixtures checked");
}

/// The forms of make.py's FAMILIES, each consistent and with every planted error.
const FORMS: usize = 22;

#[test]
fn text_forms_planted_errors_and_clean_forms() {
    // 22 forms × tab, pipe, space + 2 region forms
    check_folder("txt", 3 * FORMS + 2);
}

#[test]
fn html_forms_planted_errors_and_clean_forms() {
    check_folder("html", FORMS);
}

#[test]
fn pdf_forms_planted_errors_and_clean_forms() {
    // LibreOffice Writer's PDF of the DOCX
    check_folder("pdf", FORMS);
}

#[test]
fn browser_pdf_forms_planted_errors_and_clean_forms() {
    // wkhtmltopdf's PDF of the HTML
    check_folder("pdf_html", FORMS);
}

#[test]
fn odt_forms_planted_errors_and_clean_forms() {
    check_folder("odt", FORMS);
}

#[test]
fn doc_forms_planted_errors_and_clean_forms() {
    check_folder("doc", FORMS);
}

#[test]
fn ods_forms_planted_errors_and_clean_forms() {
    check_folder("ods", FORMS);
}

#[test]
fn xls_forms_planted_errors_and_clean_forms() {
    check_folder("xls", FORMS);
}

#[test]
fn every_score_line_total_and_money_cell_is_read() {
    let tmp = scan(&[
        "txt", "html", "pdf", "pdf_html", "docx", "xlsx", "odt", "doc", "ods", "xls",
    ]);
    let out = tmp.path().join("out");
    let exp = expected();
    let scores = rows(&out, "scores.csv");
    let inds = rows(&out, "indicators.csv");
    let projects = rows(&out, "projects.csv");
    for p in &projects {
        let s = stem(&p["file"]);
        if s == "two_forms" || s.starts_with("region") {
            continue;
        }
        let e = &exp[&s];
        let n: usize = e[3].parse().unwrap();
        assert_eq!(p["part"], e[1], "{}", p["file"]);
        assert_eq!(p["indicators"], e[3], "{}", p["file"]);
        assert_eq!(p["claimed_total"], e[2], "{}", p["file"]);
        // every indicator is a score line, and the money row too where it scores
        let lines = scores
            .iter()
            .filter(|r| r["file"] == p["file"] && r["part"] == e[1])
            .count();
        let money = usize::from(!s.starts_with("weighted"));
        assert_eq!(lines, n + money, "{}: score lines", p["file"]);
        let irows = inds
            .iter()
            .filter(|r| r["file"] == p["file"] && r["part"] == e[1])
            .count();
        assert_eq!(irows, n, "{}: indicator rows", p["file"]);
    }
    // the consistent 财政部 form, hand-checked, in every format
    let mof: Vec<_> = projects.iter().filter(|p| stem(&p["file"]) == "mof_ok").collect();
    assert_eq!(
        mof.len(),
        12,
        "tab, pipe, space, html, two pdf, docx, xlsx, odt, doc, ods, xls"
    );
    for p in mof {
        let got: Vec<&str> = [
            "department",
            "year",
            "form",
            "authority",
            "budget_initial",
            "budget_annual",
            "spent",
            "rate_claimed",
            "rate_recomputed",
            "money_points",
            "money_score",
            "points_total",
            "claimed_total",
            "recomputed_total",
            "indicators_missed",
            "errors",
        ]
        .iter()
        .map(|c| p[*c].as_str())
        .collect();
        assert_eq!(
            got,
            [
                "县公路养护站",
                "2023",
                "mof-project-2020",
                "县交通运输局",
                "1200000",
                "1000000",
                "950000",
                "0.95",
                "0.95",
                "10",
                "9.5",
                "100",
                "97.5",
                "97.5",
                "1",
                "0"
            ],
            "{}",
            p["file"]
        );
    }
    // keyed money cells of the total row
    let figs = rows(&out, "figures.csv");
    let key = |k: &str| {
        figs.iter()
            .find(|f| f["file"].ends_with("mof_ok.pipe.txt") && f["key"] == k)
            .map(|f| f["value"].clone())
    };
    assert_eq!(key("form.budget.initial").as_deref(), Some("1200000"));
    assert_eq!(key("form.budget.annual").as_deref(), Some("1000000"));
    assert_eq!(key("form.spent").as_deref(), Some("950000"));
    assert_eq!(key("form.rate").as_deref(), Some("0.95"));
    // a target split over 指标性质 | 指标值 | 度量单位 keeps its unit (四川)
    let split: Vec<(&str, &str, &str)> = inds
        .iter()
        .filter(|r| r["file"].ends_with("sichuan_ok.xlsx"))
        .map(|r| (r["indicator"].as_str(), r["target"].as_str(), r["met"].as_str()))
        .collect();
    assert_eq!(
        split,
        [
            ("服务老人人数", "≥3000人", "yes"),
            ("服务合格率", "≥95%", "yes"),
            ("投诉次数", "≤5次", "yes"),
            ("老人满意度", "≥90%", "yes")
        ]
    );
    // the indicator missed (93% against ≥95%) is marked so
    let miss = inds
        .iter()
        .find(|r| r["file"].ends_with("mof_ok.tab.txt") && r["indicator"] == "路面合格率")
        .unwrap();
    assert_eq!(
        (miss["target"].as_str(), miss["actual"].as_str(), miss["met"].as_str()),
        ("≥95%", "93%", "no")
    );
}

#[test]
fn two_forms_in_one_document_are_two_parts() {
    let tmp = scan(&["txt"]);
    let out = tmp.path().join("out");
    let rep = rows(&out, "reports.csv");
    let r = rep.iter().find(|r| r["file"].ends_with("two_forms.pipe.txt")).unwrap();
    assert_eq!(r["parts"], "2");
    // no one claimed total for a document of two forms
    assert_eq!(r["claimed_total"], "");
    let parts: Vec<String> = rows(&out, "projects.csv")
        .into_iter()
        .filter(|p| p["file"].ends_with("two_forms.pipe.txt"))
        .map(|p| format!("{}|{}|{}", p["part"], p["form"], p["claimed_total"]))
        .collect();
    assert_eq!(
        parts,
        [
            "乡村道路养护工程|mof-project-2020|97.5",
            "村集体产业发展项目|transfer-target|98"
        ]
    );
    let errors = rows(&out, "discrepancies.csv")
        .into_iter()
        .filter(|f| f["file"].ends_with("two_forms.pipe.txt") && f["severity"] != "info")
        .count();
    assert_eq!(errors, 0);
}

#[test]
fn money_by_source_adds_up_per_block_and_across_sub_programmes() {
    let tmp = scan(&["txt"]);
    let out = tmp.path().join("out");
    let mut got: Vec<String> = rows(&out, "discrepancies.csv")
        .into_iter()
        .filter(|f| f["file"].ends_with("region_e_sum.txt"))
        .map(|f| format!("{} {} {} {}", f["rule"], f["severity"], f["claimed"], f["expected"]))
        .collect();
    got.sort();
    // 送戏下乡: 100 + 61 + 20 = 181 ≠ 180; 市级: 90 + 61 = 151 ≠ 150
    assert_eq!(got, ["ARITH.SUM error 150.00 151", "ARITH.SUM error 180.00 181"]);
}

/// Issue 16's first try: a standard project form (100 / 100 / 80, 分值 10,
/// 执行率 95%, 得分 10; five indicators; 总分 100 / 98). The wrong rate and the
/// money score are found; the old readers no longer add "分值合计为90" or list
/// 总分 as an indicator.
#[test]
fn the_issue_form_wrong_rate_and_money_score_and_nothing_false() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let form = "项目支出绩效自评表\n（2022年度）\n项目名称\t社区卫生服务\n主管部门\t区卫生健康局\t实施单位\t社区卫生服务中心\n\
        项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n\
        年度资金总额\t100\t100\t80\t10\t95%\t10\n其中：当年财政拨款\t100\t100\t80\t—\t—\t—\n\
        年度总体目标\t预期目标\t实际完成情况\n\t为辖区居民提供基本公共卫生服务\t已为辖区居民提供基本公共卫生服务\n\
        一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n\
        产出指标\t数量指标\t建立健康档案人数\t≥5000人\t5200人\t30\t30\t无\n\
        \t质量指标\t档案合格率\t≥90%\t92%\t20\t20\t无\n\
        \t时效指标\t服务及时率\t≥95%\t96%\t20\t20\t无\n\
        效益指标\t社会效益指标\t居民健康知识知晓率\t≥80%\t85%\t10\t10\t无\n\
        满意度指标\t服务对象满意度指标\t居民满意度\t≥90%\t88%\t10\t8\t个别投诉\n\
        总分\t\t\t\t\t100\t98\t\n";
    std::fs::write(input.join("form.txt"), form).unwrap();
    let o = jxcheck(tmp.path(), &["scan", "in", "--out", "out", "--quiet"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = tmp.path().join("out");
    let mut got: Vec<String> = rows(&out, "discrepancies.csv")
        .into_iter()
        .filter(|f| f["severity"] != "info")
        .map(|f| {
            format!(
                "{} {} {} {} {}",
                f["rule"], f["severity"], f["claimed"], f["expected"], f["part"]
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            "ARITH.RATE error 95 80 社区卫生服务",
            "SCORE.RULE error 10 8 社区卫生服务"
        ]
    );
    let scores = rows(&out, "scores.csv");
    assert_eq!(scores.len(), 6, "five indicators and the money row");
    assert!(scores.iter().all(|s| s["indicator"] != "总分"));
    let p = &rows(&out, "projects.csv")[0];
    assert_eq!(
        [
            p["department"].as_str(),
            p["authority"].as_str(),
            p["claimed_total"].as_str(),
            p["recomputed_total"].as_str()
        ],
        ["社区卫生服务中心", "区卫生健康局", "98", "98"]
    );
    assert_eq!(rows(&out, "reports.csv")[0]["claimed_total"], "98");
}

#[test]
fn docx_forms_planted_errors_and_clean_forms() {
    check_folder("docx", FORMS);
}

#[test]
fn xlsx_forms_planted_errors_and_clean_forms() {
    check_folder("xlsx", FORMS);
}

/// The forms whose 200 dpi scans (fixtures/forms/scan, made by make_scan.sh
/// from the Writer PDFs) are read right. `≥95%` read as `=95%` made a met
/// target a false INDICATOR.MISS error on five forms (department_*,
/// exec20_*); such a finding on a scan is now a warning saying the sign came
/// from OCR (`check/ocr_trust.rs`). Read again (`ingest/ocr_reread.rs`):
/// department_e_group's 项目支出 row (a cell of two lines the engine ran into
/// one tall word, its ARITH.SUM lost); the transfer forms' money row (`32`
/// read `让`, `80%` read `80%6`: false SCORE.MAX and SCORE.SUM errors). On
/// mof_e_miss `≥95%` is read `三95%` (the engine reads ≥ and ≤ alike as 三):
/// the planted miss is a warning saying the sign came from OCR.
/// Not yet right (Tesseract chi_sim):
/// - department_e_miss: the engine drops the lines `全事故` / `数` of the
///   item `文物安全事故数` (no word box at all), so the miss is found on the
///   item `文物安`, not the twin's;
/// - weighted_e_fold: the 单项指标折算得分 header (four lines) read `单项指得`
///   and row labels cut (`时效指`), the planted SCORE.RULE (weight fold)
///   not found.
const SCAN_READ: [&str; 20] = [
    "department_ok",
    "department_e_group",
    "exec20_ok",
    "exec20_e_money",
    "mof_ok",
    "mof_e_rate",
    "mof_e_money",
    "mof_e_sum",
    "mof_e_max",
    "mof_e_points",
    "mof_e_parts",
    "mof_e_over",
    "mof_e_miss",
    "sichuan_ok",
    "sichuan_e_rate",
    "sichuan_e_sum",
    "sichuan_e_miss",
    "weighted_ok",
    "transfer_ok",
    "transfer_e_money",
];

/// Scanned forms: each planted error found with its rule, on the item its
/// digital twin (the Writer PDF) names, and its severity — or `warning` where
/// OCR trust lowered the error, saying the digits or scoring text came from
/// OCR; no error finding the twin lacks (so none on a consistent form).
#[test]
fn scanned_forms_planted_errors_and_clean_forms() {
    if jxcheck::ingest::ocr::engine().is_none() {
        eprintln!("note: tesseract with chi_sim is not installed; scanned forms test skipped (see .ci/run)");
        return;
    }
    // without the time budget: the machine may be shared
    let tmp = scan_with(&["pdf", "scan"], &["--file-timeout", "0"]);
    let out = tmp.path().join("out");
    let exp = expected();
    let reports = rows(&out, "reports.csv");
    let findings = rows(&out, "discrepancies.csv");
    let of = |file: &str| -> Vec<&BTreeMap<String, String>> { findings.iter().filter(|f| f["file"] == file).collect() };
    for stem in SCAN_READ {
        let (file, twin) = (format!("in/scan/{stem}.pdf"), format!("in/pdf/{stem}.pdf"));
        let e = &exp[stem];
        let rep = reports.iter().find(|r| r["file"] == file).unwrap();
        assert_eq!(rep["ocr_pages"], "1", "{file}: read by OCR");
        assert_eq!(rep["parts"], "1", "{file}");
        assert_eq!(rep["claimed_total"], e[2], "{file}: claimed total");
        let (mine, theirs) = (of(&file), of(&twin));
        let (rule, severity) = (&e[0], &e[4]);
        if !rule.is_empty() {
            let found = mine.iter().any(|f| {
                &f["rule"] == rule
                    && theirs
                        .iter()
                        .any(|t| &t["rule"] == rule && &t["severity"] == severity && t["item"] == f["item"])
                    && (&f["severity"] == severity
                        || (severity == "error" && f["severity"] == "warning" && f["message"].contains("OCR识别")))
            });
            assert!(found, "{file}: planted {rule} ({severity}) not found; found {mine:?}");
        }
        for f in mine.iter().filter(|f| f["severity"] == "error") {
            assert!(
                theirs
                    .iter()
                    .any(|t| t["severity"] == "error" && t["rule"] == f["rule"] && t["item"] == f["item"]),
                "{file}: an error its twin lacks: {f:?}"
            );
        }
    }
    // a narrow cell's lines below its first, given no box by the engine,
    // are read again (ocr_reread::uncovered): the twins print 时效指标 and
    // 文物安全事故数 in cells wrapped to two and three lines; the scans gave
    // `时效指` and `文物安` before (the last 数 is still read 效)
    let inds = rows(&out, "indicators.csv");
    let has = |stem: &str, ok: &dyn Fn(&BTreeMap<String, String>) -> bool| {
        inds.iter().any(|r| r["file"] == format!("in/scan/{stem}.pdf") && ok(r))
    };
    for stem in ["weighted_ok", "weighted_e_fold"] {
        assert!(has(stem, &|r| r["level2"] == "时效指标"), "{stem}: 时效指标");
    }
    for stem in ["department_ok", "department_e_group", "department_e_miss"] {
        assert!(
            has(stem, &|r| r["indicator"].starts_with("文物安全事故")),
            "{stem}: 文物安全事故数"
        );
    }
}

/// The shapes real copies come in (fixtures/forms/make_shapes.py): each read
/// to the same values as a clean grid would give.
#[test]
fn copy_shapes_are_read_like_grids() {
    let tmp = scan(&["shapes"]);
    let out = tmp.path().join("out");
    let projects = by_stem(&out, "projects.csv");
    let get = |stem: &str, c: &str| projects.get(stem).map(|r| r[c].clone()).unwrap_or_default();
    // one cell per paragraph, 年初/预算数 broken over two paragraphs (r15, p15 shape)
    for (c, v) in [
        ("part", "社区健身器材更新"),
        ("budget_initial", "564000"),
        ("budget_annual", "564000"),
        ("spent", "507600"),
        ("rate_claimed", "0.9"),
        ("money_points", "10"),
        ("money_score", "9"),
        ("points_total", "100"),
        ("claimed_total", "97"),
        ("recomputed_total", "97"),
        ("indicators", "4"),
        ("indicators_missed", "1"),
    ] {
        assert_eq!(get("paragraphs", c), v, "paragraphs {c}");
    }
    // a header over two rows (p29 shape): every score read; 9+… = 99
    for (c, v) in [("claimed_total", "99"), ("recomputed_total", "99"), ("indicators", "4")] {
        assert_eq!(get("two_rows", c), v, "two_rows {c}");
    }
    // run together (p27, p25 shapes): digits split by the row's arithmetic
    for (c, v) in [
        ("part", "老旧小区雨污分流改造"),
        ("budget_initial", "4865000"),
        ("spent", "2432500"),
        ("rate_claimed", "0.5"),
        ("money_points", "10"),
        ("money_score", "5"),
    ] {
        assert_eq!(get("glued_a", c), v, "glued_a {c}");
    }
    for (c, v) in [
        ("budget_annual", "7360000"),
        ("spent", "7360000"),
        ("rate_claimed", "1"),
    ] {
        assert_eq!(get("glued_b", c), v, "glued_b {c}");
    }
    // identity fields run together (p11, d17, r21 shapes): each value up to
    // the next label; one running into a label not known (`填报日期:`) or
    // into `项目实施单位` is left unread, not glued to it
    for (stem, c, v) in [
        ("glued_a", "authority", "区住房和城乡建设局"),
        ("glued_a", "department", "区市政设施维护中心"),
        ("glued_c", "part", "乡村文化广场修缮"),
        ("glued_c", "authority", ""),
        ("glued_c", "department", ""),
        ("glued_c", "budget_annual", "84000"),
        ("glued_c", "spent", "75600"),
        ("glued_c", "rate_claimed", "0.9"),
        ("glued_c", "money_points", "20"),
        ("glued_c", "money_score", "18"),
    ] {
        assert_eq!(get(stem, c), v, "{stem} {c}");
    }
    assert!(projects.contains_key("glued_c"));
    // its indicator rows without 分值 (20-point template): the rows whose
    // values settle themselves (`100%100%15`), not `3320`; 总分 read, the
    // unread row's score no SCORE.SUM (checked with the shapes below)
    assert_eq!(get("glued_c", "claimed_total"), "98");
    assert_eq!(
        pick(
            &out,
            "indicators.csv",
            "glued_c",
            ["level2", "indicator", "target", "actual"]
        ),
        [
            ["质量指标", "验收合格率", "100%", "100%"],
            ["时效指标", "按期完工率", "100%", "100%"],
            ["服务对象满意度", "群众满意度", "90%", "93%"],
        ]
    );
    let glued_scores: Vec<String> = rows(&out, "scores.csv")
        .into_iter()
        .filter(|r| stem(&r["file"]) == "glued_c")
        .map(|r| r["claimed"].clone())
        .collect();
    assert_eq!(glued_scores, ["18", "15", "15", "30"]);
    // row labels after their values (r22, r10 shapes): the total row placed
    // by its arithmetic, the rate printed elsewhere on the line found as the
    // one percentage agreeing with it, the scrambled rows left
    for (c, v) in [
        ("budget_initial", "180000"),
        ("budget_annual", "180000"),
        ("spent", "153000"),
        ("rate_claimed", "0.85"),
        ("rate_recomputed", "0.85"),
        ("money_points", "10"),
        ("money_score", "8.5"),
    ] {
        assert_eq!(get("values_first", c), v, "values_first {c}");
    }
    // the total row's cells printed apart (r22's second form): placed only
    // where every cell binds the others; with the rate misprinted, none
    for (c, v) in [
        ("budget_initial", "30000"),
        ("budget_annual", "30000"),
        ("spent", "22800"),
        ("rate_claimed", "0.76"),
        ("money_points", "10"),
        ("money_score", "7.6"),
    ] {
        assert_eq!(get("scattered", c), v, "scattered {c}");
        assert_eq!(get("scattered_off", c), "", "scattered_off {c}");
    }
    // no score columns (p09 shape): three indicators, target and actual
    let inds: Vec<(String, String, String)> = rows(&out, "indicators.csv")
        .into_iter()
        .filter(|r| stem(&r["file"]) == "no_scores")
        .map(|r| (r["indicator"].clone(), r["target"].clone(), r["actual"].clone()))
        .collect();
    assert_eq!(
        inds,
        vec![
            (
                "指标1：新建便民服务站".to_string(),
                "6个".to_string(),
                "6个".to_string()
            ),
            (
                "指标2：配备服务设备".to_string(),
                "48套".to_string(),
                "48套".to_string()
            ),
            ("指标1：验收合格率".to_string(), "100%".to_string(), "100%".to_string()),
        ]
    );
    // score lines of the two-row header and the paragraphs, as printed
    let scores: Vec<(String, String, String)> = rows(&out, "scores.csv")
        .into_iter()
        .filter(|r| ["two_rows", "paragraphs"].contains(&stem(&r["file"]).as_str()))
        .map(|r| (stem(&r["file"]), r["points"].clone(), r["claimed"].clone()))
        .collect();
    let want: Vec<(String, String, String)> = [
        ("paragraphs", "10", "9"),
        ("paragraphs", "30", "30"),
        ("paragraphs", "20", "20"),
        ("paragraphs", "20", "18"),
        ("paragraphs", "20", "20"),
        ("two_rows", "10", "10"),
        ("two_rows", "30.00", "30.00"),
        ("two_rows", "20.00", "20.00"),
        ("two_rows", "30.00", "29.00"),
        ("two_rows", "10.00", "10.00"),
    ]
    .iter()
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    .collect();
    let mut got = scores.clone();
    got.sort();
    let mut want_sorted = want.clone();
    want_sorted.sort();
    assert_eq!(got, want_sorted);
    // a heading's points (产出指标（50分）) are a figure
    let heads: Vec<(String, String)> = rows(&out, "figures.csv")
        .into_iter()
        .filter(|r| stem(&r["file"]) == "two_rows" && r["label"].ends_with("指标 分值"))
        .map(|r| (r["label"].clone(), r["value"].clone()))
        .collect();
    assert_eq!(
        heads,
        vec![
            ("产出指标 分值".to_string(), "50".to_string()),
            ("效益指标 分值".to_string(), "30".to_string())
        ]
    );
    // consistent shapes: no error or warning
    let bad: Vec<String> = rows(&out, "discrepancies.csv")
        .into_iter()
        .filter(|r| !["claim_e", "labels_after_e"].contains(&stem(&r["file"]).as_str()) && r["severity"] != "info")
        .map(|r| format!("{} {} {}", r["file"], r["rule"], r["message"]))
        .collect();
    assert!(bad.is_empty(), "{bad:?}");
}

/// Indicator rows printed before their labels (r22's PDF text): each row's
/// target, actual, 分值 and 得分 read by the header's columns, names left
/// empty, 总分's 100 / 98.5 taken from right after the rows; a planted 总分
/// (99.5 against 90 + 8.5) is a SCORE.SUM error, the consistent form has none.
#[test]
fn indicator_rows_before_their_labels_are_read() {
    let tmp = scan(&["shapes"]);
    let out = tmp.path().join("out");
    assert_eq!(
        pick(
            &out,
            "indicators.csv",
            "labels_after",
            ["indicator", "target", "actual", "met", "part"]
        ),
        [
            ["", ">=24场", "26场", "yes", ""],
            ["", "'=100%", "100%", "yes", ""],
            ["", "及时", "及时", "yes", ""],
            ["", ">=95%", "98%", "yes", ""],
            ["", ">=90%", "96%", "yes", ""],
        ]
    );
    assert_eq!(
        pick(&out, "scores.csv", "labels_after", ["points", "claimed"]),
        [
            ["10", "8.5"],
            ["10", "10"],
            ["20", "20"],
            ["20", "20"],
            ["30", "30"],
            ["10", "10"]
        ]
    );
    for (file, total) in [("labels_after", "98.5"), ("labels_after_e", "99.5")] {
        let p = rows(&out, "projects.csv")
            .into_iter()
            .find(|r| stem(&r["file"]) == file)
            .unwrap_or_default();
        assert_eq!(
            [&p["points_total"], &p["claimed_total"], &p["recomputed_total"]],
            ["100", total, "98.5"],
            "{file}"
        );
    }
    let found: Vec<(String, String, String)> = rows(&out, "discrepancies.csv")
        .into_iter()
        .filter(|r| stem(&r["file"]).starts_with("labels_after") && r["severity"] != "info")
        .map(|r| (stem(&r["file"]), r["rule"].clone(), r["severity"].clone()))
        .collect();
    assert_eq!(
        found,
        vec![(
            "labels_after_e".to_string(),
            "SCORE.SUM".to_string(),
            "error".to_string()
        )]
    );
}

/// A form copied from OCR with header words misread one character off
/// (r11 shape: `年初预箅数`, `调整预算教`): read in text that shows OCR's
/// signs (`IO` for 10), its money row and 自评得分 taken; the same text
/// without the sign reads no money row (no guessing in typed text).
#[test]
fn misread_header_words_are_read_only_in_ocr_text() {
    let tmp = scan(&["shapes"]);
    let out = tmp.path().join("out");
    let projects = by_stem(&out, "projects.csv");
    let get = |stem: &str, c: &str| projects.get(stem).map(|r| r[c].clone()).unwrap_or_default();
    for (c, v) in [
        ("form", "ningxia-project"),
        ("part", "小学公用经费"),
        ("authority", "某市教育局"),
        ("budget_initial", "526000"),
        ("budget_annual", "526000"),
        ("spent", "526000"),
        ("rate_claimed", "1"),
        ("claimed_total", "96"),
    ] {
        assert_eq!(get("ocr_glued", c), v, "ocr_glued {c}");
    }
    for c in ["budget_initial", "budget_annual", "spent", "rate_claimed"] {
        assert_eq!(get("ocr_glued_clean", c), "", "ocr_glued_clean {c}");
    }
}

/// A 区域 form scoring its blocks as a whole (p15 shape): each block's score
/// a figure, the labelled money values beside it not taken for one.
#[test]
fn block_scores_are_read() {
    let tmp = scan(&["shapes"]);
    let out = tmp.path().join("out");
    let got: Vec<(String, String)> = rows(&out, "figures.csv")
        .into_iter()
        .filter(|r| stem(&r["file"]) == "blocks" && r["label"].ends_with("情况 得分"))
        .map(|r| (r["label"].clone(), r["value"].clone()))
        .collect();
    let want: Vec<(String, String)> = [
        ("预算执行情况 得分", "20"),
        ("年度目标完成情况 得分", "18"),
        ("年度绩效指标完成情况 得分", "57"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(got, want);
}

/// Two forms flattened onto one line (r22 shape): two parts, each with its
/// own money row.
#[test]
fn two_forms_on_one_line_are_two_parts() {
    let tmp = scan(&["shapes"]);
    let out = tmp.path().join("out");
    let got: Vec<[String; 7]> = rows(&out, "projects.csv")
        .into_iter()
        .filter(|r| stem(&r["file"]) == "two_on_a_line")
        .map(|r| {
            [
                "part",
                "authority",
                "budget_annual",
                "spent",
                "rate_claimed",
                "money_points",
                "money_score",
            ]
            .map(|c| r[c].clone())
        })
        .collect();
    let want: Vec<[String; 7]> = [
        ["全民健身赛事补助", "某区体育局", "120000", "96000", "0.8", "10", "8"],
        ["体育场馆安全检测", "某区体育局", "50000", "45500", "0.91", "10", "9.1"],
    ]
    .iter()
    .map(|r| r.map(str::to_string))
    .collect();
    assert_eq!(got, want);
}

/// 四川's form pasted one cell per line with ` |` frames (r02 shape): the
/// identity lines joined as one row (`实施单位 (盖章)`'s gloss no name), the
/// indicator table read by column (a row under merged levels shorter, an
/// empty cell an empty column), the 合计 row's points and score in theirs.
#[test]
fn framed_one_cell_per_line_form_is_read_by_column() {
    let tmp = scan(&["shapes"]);
    let out = tmp.path().join("out");
    let p = rows(&out, "projects.csv")
        .into_iter()
        .find(|r| stem(&r["file"]) == "framed")
        .expect("framed read");
    for (c, v) in [
        ("part", "乡镇卫生院设备购置"),
        ("authority", "某县卫生健康局本级"),
        ("department", "某县中心卫生院"),
        ("form", "sichuan-project"),
        ("budget_initial", "1205000"),
        ("spent", "1084500"),
        ("money_points", "10"),
        ("money_score", "9"),
        ("points_total", "100"),
        ("claimed_total", "97"),
        ("recomputed_total", "97"),
        ("indicators", "3"),
        ("indicators_missed", "1"),
    ] {
        assert_eq!(p[c], v, "framed {c}");
    }
    assert_eq!(
        pick(
            &out,
            "indicators.csv",
            "framed",
            ["level1", "level2", "indicator", "target", "actual"]
        ),
        [
            ["产出指标", "数量指标", "购置设备数量", "≥50台", "52"],
            ["产出指标", "数量指标", "验收合格率", "'=100%", ""],
            ["效益指标", "社会效益指标", "门诊服务覆盖率", "≥90%", "85"],
        ]
    );
    assert_eq!(
        pick(&out, "scores.csv", "framed", ["points", "claimed"]),
        [["10", "9"], ["30", "30"], ["30", "30"], ["30", "28"]]
    );
}

/// CLAIM.CONFLICT: the prose of a report restating its form's rate and score
/// with other values (该项目: the same subject → error); the same report with
/// the form's values gives nothing.
#[test]
fn prose_against_the_form_is_a_claim_conflict() {
    let tmp = scan(&["shapes"]);
    let out = tmp.path().join("out");
    let mut got: Vec<(String, String, String, String, String)> = rows(&out, "discrepancies.csv")
        .into_iter()
        .filter(|r| stem(&r["file"]).starts_with("claim"))
        .map(|r| {
            (
                stem(&r["file"]),
                r["rule"].clone(),
                r["severity"].clone(),
                r["claimed"].clone(),
                r["expected"].clone(),
            )
        })
        .collect();
    got.sort();
    let s = |a: &str| a.to_string();
    assert_eq!(
        got,
        vec![
            (s("claim_e"), s("CLAIM.CONFLICT"), s("error"), s("90%"), s("95%")),
            (s("claim_e"), s("CLAIM.CONFLICT"), s("error"), s("95"), s("97.5")),
        ]
    );
}

/// A 重庆 部门整体 form run together by a sharing site (d17 shape,
/// fixtures/forms/flat): money after its header, every indicator row read from
/// the right (得分系数, 权重 and 得分 glued), 总分; the planted errors found,
/// the consistent copy clean though the excerpt stops inside the table.
#[test]
fn run_together_forms_are_read_row_by_row() {
    let tmp = scan(&["flat"]);
    let out = tmp.path().join("out");
    let projects = by_stem(&out, "projects.csv");
    for s in ["flat_ok", "flat_e"] {
        let p = &projects[s];
        for (c, v) in [
            ("form", "chongqing-department"),
            // `主管部门…自评总分` run together: up to the total's label (d17 shape)
            ("authority", "某区某街道办事处"),
            ("budget_initial", "12506000"),
            ("budget_annual", "13024000"),
            ("spent", "12372800"),
            ("rate_claimed", "0.95"),
            ("money_points", "10"),
            ("money_score", "9.5"),
            ("claimed_total", "98.5"),
            ("indicators", "8"),
        ] {
            assert_eq!(p[c], v, "{s} {c}");
        }
    }
    assert_eq!(projects["flat_ok"]["recomputed_total"], "52.5");
    assert_eq!(projects["flat_e"]["recomputed_total"], "50.5");
    let inds: Vec<(String, String, String)> = rows(&out, "indicators.csv")
        .into_iter()
        .filter(|r| stem(&r["file"]) == "flat_ok")
        .map(|r| (r["indicator"].clone(), r["target"].clone(), r["actual"].clone()))
        .collect();
    let want: Vec<(String, String, String)> = [
        ("在职人员控制率", "100%", "96%"),
        ("预算调整率", "5%", "2.1%"),
        ("公用经费控制率", "100%", "98%"),
        ("政府采购执行率", "100%", "100%"),
        ("制度健全性", "健全", "健全"),
        ("辖区网格巡查次数", "1200次", "1316次"),
        ("居民满意度", "90%", "93.5%"),
        ("安全生产事故次数", "0次", "0次"),
    ]
    .iter()
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    .collect();
    assert_eq!(inds, want);
    // 指标权重 and 指标得分 split from `33`, `44`, `55`, `1010`
    let scores: Vec<(String, String)> = rows(&out, "scores.csv")
        .into_iter()
        .filter(|r| stem(&r["file"]) == "flat_e")
        .map(|r| (r["points"].clone(), r["claimed"].clone()))
        .collect();
    let want: Vec<(String, String)> = [
        ("10", "9.5"),
        ("3", "3"),
        ("3", "3"),
        ("4", "4"),
        ("3", "3"),
        ("5", "5"),
        ("10", "10"),
        ("10", "8"),
        ("5", "5"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(scores, want);
    let found: Vec<(String, String, String, String)> = rows(&out, "discrepancies.csv")
        .into_iter()
        .filter(|r| r["severity"] != "info")
        .map(|r| {
            (
                stem(&r["file"]),
                r["rule"].clone(),
                r["severity"].clone(),
                r["item"].clone(),
            )
        })
        .collect();
    let mut found = found;
    found.sort();
    let want: Vec<(String, String, String, String)> = [
        ("flat_e", "SCORE.COEF", "error", "辖区网格巡查次数"),
        ("flat_e", "SCORE.COEF", "warning", "居民满意度"),
        ("flat_e", "SCORE.SUM", "warning", "总分"),
        ("flat_levels_e", "SCORE.WEIGHT", "warning", "分值合计"),
    ]
    .iter()
    .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
    .collect();
    assert_eq!(found, want);
    // the r21 shape: headings' points and 总分's points and score run together
    let p = &projects["flat_levels_ok"];
    assert_eq!((p["points_total"].as_str(), p["claimed_total"].as_str()), ("100", "98"));
    // identity run together with 项目负责人 and 资金情况 after it
    for (c, v) in [
        ("part", "某村产业路硬化项目"),
        ("authority", "某县农业农村局"),
        ("department", "某县农业农村局"),
    ] {
        assert_eq!(p[c], v, "flat_levels_ok {c}");
    }
    let heads: Vec<(String, String)> = rows(&out, "figures.csv")
        .into_iter()
        .filter(|r| stem(&r["file"]) == "flat_levels_ok" && r["label"].ends_with("指标 分值"))
        .map(|r| (r["label"].clone(), r["value"].clone()))
        .collect();
    let want: Vec<(String, String)> = [
        ("产出指标 分值", "50"),
        ("效益指标 分值", "30"),
        ("满意度指标 分值", "10"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(heads, want);
}

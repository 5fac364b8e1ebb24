//! Scorecards on the real corpus (golden scores.csv, totals, grades, no
//! findings where the printed tables add up), and errors planted in copies of
//! corpus reports, each found with its rule, item and both values.

mod common;

use common::*;
use jxcheck::output::DiscrepancyRow;
use jxcheck::patterns::Patterns;
use jxcheck::pipeline;

#[test]
fn scores_csv_has_21_rows_per_scorecard_as_printed() {
    let out = scan_corpus(&[]);
    let (h, rows) = read_csv(&out.path().join("scores.csv"));
    let of = |stem: &str| {
        rows.iter()
            .filter(|r| r[col(&h, "file")].contains(stem))
            .collect::<Vec<_>>()
    };
    for stem in ["000_", "001_", "002_"] {
        assert_eq!(of(stem).len(), 21, "{stem}");
    }
    assert!(of("003_").is_empty() && of("004_").is_empty());
    let pick = |stem: &str, ind: &str| {
        of(stem)
            .into_iter()
            .find(|r| r[col(&h, "indicator")] == ind)
            .map(|r| {
                (
                    r[col(&h, "level1")].clone(),
                    r[col(&h, "level2")].clone(),
                    r[col(&h, "points")].clone(),
                    r[col(&h, "claimed")].clone(),
                    r[col(&h, "line")].clone(),
                )
            })
            .unwrap()
    };
    let s = |a: &str, b: &str, c: &str, d: &str, e: &str| (a.into(), b.into(), c.into(), d.into(), e.into());
    assert_eq!(
        pick("000_", "固定资产利用率"),
        s("部门管理", "资产管理", "1", "0.7", "452")
    );
    assert_eq!(pick("000_", "预算执行率"), s("部门绩效", "效率性", "6", "4.88", "460"));
    assert_eq!(
        pick("002_", "社会效益、经济效益、生态效益及可持续影响等"),
        s("部门绩效", "效果性", "25", "24.67", "257")
    );
    assert_eq!(
        pick("002_", "公众或服务对象满意度"),
        s("部门绩效", "公平性", "6", "5.33", "259")
    );
    assert_eq!(
        pick("001_", "编外人员控制率"),
        s("部门管理", "人员管理", "1", "0", "288")
    );
    assert_eq!(
        pick("001_", "公众或服务对象满意度"),
        s("部门绩效", "公平性", "6", "4", "308")
    );
    let text = std::fs::read_to_string(out.path().join("scores.csv")).unwrap();
    golden("corpus/scores.csv", &text);
}

#[test]
fn claimed_totals_and_grades_and_no_false_findings() {
    let out = scan_corpus(&[]);
    let (h, rows) = read_csv(&out.path().join("reports.csv"));
    let got: Vec<(String, String, String, String)> = rows
        .iter()
        .map(|r| {
            (
                r[col(&h, "claimed_total")].clone(),
                r[col(&h, "claimed_grade")].clone(),
                r[col(&h, "errors")].clone(),
                r[col(&h, "warnings")].clone(),
            )
        })
        .collect();
    // errors and warnings are the figures' and the rubric engine's
    // (tests/figures.rs and tests/rubric.rs list them)
    let want = [
        ("93.58", "优", "3", "3"),
        ("96", "", "3", "2"),
        ("93.58", "优", "2", "0"),
        ("99.44", "优秀", "1", "0"),
        ("", "", "0", "0"),
    ];
    for (g, w) in got.iter().zip(want) {
        assert_eq!((g.0.as_str(), g.1.as_str(), g.2.as_str(), g.3.as_str()), w);
    }
    // the printed scorecards add up: no SCORE.SUM/MAX/WEIGHT or GRADE finding
    let (h, d) = read_csv(&out.path().join("discrepancies.csv"));
    let rule = col(&h, "rule");
    assert!(d.iter().all(|r| !is_table_rule(&r[rule])), "{d:?}");
}

/// The rules about a scorecard's own table: sums, maxima, weights, grades.
fn is_table_rule(rule: &str) -> bool {
    ["SCORE.SUM", "SCORE.MAX", "SCORE.WEIGHT", "GRADE."]
        .iter()
        .any(|r| rule.starts_with(r))
}

fn only(rows: &[DiscrepancyRow], rule: &str) -> Vec<(String, String, String, String, Option<u32>)> {
    rows.iter()
        .filter(|r| r.rule == rule)
        .map(|r| {
            (
                r.item.clone(),
                r.claimed.clone(),
                r.expected.clone(),
                r.difference.clone(),
                r.line,
            )
        })
        .collect()
}

fn t(a: &str, b: &str, c: &str, d: &str, l: u32) -> (String, String, String, String, Option<u32>) {
    (a.into(), b.into(), c.into(), d.into(), Some(l))
}

/// Corpus 000, 绩效指标明确性 5 → 4 with 综合评分 kept at 93.58.
#[test]
fn changed_line_score_is_score_sum() {
    let row = "绩效指标明确性\t7\t";
    let src = std::fs::read_to_string(corpus().join("000_dcb98461ec04ccb6.txt")).unwrap();
    let line = src.lines().find(|l| l.contains(row)).unwrap();
    assert!(line.ends_with("\t5"));
    let edited = format!("{}\t4", &line[..line.len() - 2]);
    let d = planted("000_", &[(line, &edited)]);
    assert_eq!(only(&d, "SCORE.SUM"), [t("综合评分", "93.58", "92.58", "-1", 469)]);
    let f = d.iter().find(|r| r.rule == "SCORE.SUM").unwrap();
    assert_eq!((f.severity.as_str(), f.section.as_str()), ("error", "annex_scorecard"));
    assert!(
        f.message.contains("92.58") && f.message.contains("93.58"),
        "{}",
        f.message
    );
    assert!(f.evidence.starts_with("综合评分"));
    assert_eq!(d.len(), 1, "{d:?}");
}

/// Corpus 000, 固定资产利用率 (1 point) claims 1.7, total adjusted to 94.58
/// (and the prose total with it): only SCORE.MAX.
#[test]
fn score_above_points_is_score_max() {
    let src = std::fs::read_to_string(corpus().join("000_dcb98461ec04ccb6.txt")).unwrap();
    let line = src.lines().find(|l| l.contains("固定资产利用率\t1\t")).unwrap();
    assert!(line.ends_with("\t0.7"));
    let edited = format!("{}\t1.7", &line[..line.len() - 4]);
    let d = planted(
        "000_",
        &[
            (line, &edited),
            ("\t93.58\t", "\t94.58\t"),
            ("总得分为 93.58 分", "总得分为 94.58 分"),
        ],
    );
    assert_eq!(only(&d, "SCORE.MAX"), [t("固定资产利用率", "1.7", "1", "-0.7", 452)]);
    assert_eq!(d.len(), 1, "{d:?}");
}

/// Corpus 000: the prose total no longer matches the table → SCORE.SUM on
/// the prose line; a second, different prose total → CLAIM.CONFLICT too.
#[test]
fn prose_total_differing_from_table() {
    let d = planted("000_", &[("总得分为 93.58 分", "总得分为 95.58 分")]);
    assert_eq!(
        only(&d, "SCORE.SUM"),
        [t("总得分为 95.58 分", "95.58", "93.58", "-2", 408)]
    );
    assert_eq!(d.len(), 1, "{d:?}");
    let d = planted(
        "000_",
        &[("总得分为 93.58 分。", "总得分为 93.58 分。我局本次自评得分 95.58 分。")],
    );
    assert_eq!(
        only(&d, "CLAIM.CONFLICT"),
        [t("自评得分 95.58 分", "95.58", "93.58", "-2", 408)]
    );
    assert_eq!(
        only(&d, "SCORE.SUM"),
        [t("自评得分 95.58 分", "95.58", "93.58", "-2", 408)]
    );
}

/// Rounding: a total printed as 93.6 matches lines summing to 93.58; 93.7 does not.
#[test]
fn rounding_is_honoured() {
    let d = planted(
        "000_",
        &[("\t93.58\t", "\t93.6\t"), ("总得分为 93.58 分", "总得分为 93.6 分")],
    );
    assert!(d.is_empty(), "{d:?}");
    let d = planted("000_", &[("\t93.58\t", "\t93.7\t")]);
    assert_eq!(
        only(&d, "SCORE.SUM"),
        [
            t("总得分为 93.58 分", "93.58", "93.7", "0.12", 408),
            t("综合评分", "93.7", "93.58", "-0.12", 469)
        ]
    );
}

/// Corpus 003 prints its own scale (优秀 ≥ 85): 84.44 with 优秀 kept → GRADE.BAND.
#[test]
fn score_below_its_band_is_grade_band() {
    let d = planted("003_", &[("自评得分99.44分", "自评得分84.44分")]);
    let g = only(&d, "GRADE.BAND");
    assert_eq!(g, [t("评价等级为“优秀", "优秀", "良好", "", 146)]);
    let f = d.iter().find(|r| r.rule == "GRADE.BAND").unwrap();
    assert!(f.message.contains("报告自定的等级标准"), "{}", f.message);
    // 85 exactly is still 优秀 under that scale; under the default (优 ≥ 90) it would not be
    assert!(planted("003_", &[("自评得分99.44分", "自评得分85分")]).is_empty());
    // corpus 000 prints no scale: the default bands apply (优 needs 90)
    let d = planted(
        "000_",
        &[
            ("\t93.58\t", "\t88.58\t"),
            ("总得分为 93.58 分", "总得分为 88.58 分"),
            ("\t4.88", "\t-0.12"),
        ],
    );
    assert_eq!(only(&d, "GRADE.BAND"), [t("评分等级", "优", "良", "", 470)]);
}

/// Corpus 001 prints points at every level: 预算编制合理性 5 → 6 breaks both its
/// group (预算编制 10) and 部门决策 (25).
#[test]
fn points_not_adding_up_is_score_weight() {
    let src = std::fs::read_to_string(corpus().join("001_1043f48496861f1f.txt")).unwrap();
    let line = src
        .lines()
        .find(|l| l.starts_with("部门决策\t25\t预算编制\t10\t预算编制合理性\t5\t"))
        .unwrap();
    let edited = line.replacen("预算编制合理性\t5\t", "预算编制合理性\t6\t", 1);
    let d = planted("001_", &[(line, &edited)]);
    let w = only(&d, "SCORE.WEIGHT");
    assert_eq!(
        w,
        [t("部门决策", "25", "26", "1", 260), t("预算编制", "10", "11", "1", 260)]
    );
}

/// A row wrapped by extraction: 预算执行率's criterion runs onto the next line
/// (after a page break with a repeated header) and its score with it.
#[test]
fn wrapped_row_keeps_its_score() {
    let src = std::fs::read_to_string(corpus().join("000_dcb98461ec04ccb6.txt")).unwrap();
    let line = src.lines().find(|l| l.contains("\t预算执行率\t6\t")).unwrap();
    assert!(line.ends_with("\t4.88"));
    let cut = line.len() - "\t4.88".len();
    let wrapped = format!(
        "{}\n\n评价指标\t\t\t\t指标说明\t评分标准\t分数\n一级指标\t二级指标\t三级指标\t分值\t\t\t\n\t\t\t\t\t（续）执行率按季度计算\t4.88",
        &line[..cut]
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wrapped.txt");
    std::fs::write(&path, src.replacen(line, &wrapped, 1)).unwrap();
    let p = Patterns::builtin().unwrap();
    let a = pipeline::analyse(&path, &p);
    let r = pipeline::result("wrapped.txt", &a);
    assert_eq!(r.scores.len(), 21);
    let row = r.scores.iter().find(|s| s.indicator == "预算执行率").unwrap();
    assert_eq!((row.points.as_str(), row.claimed.as_str()), ("6", "4.88"));
    // no scorecard finding from the wrapped row
    assert!(
        r.discrepancies.iter().all(|d| !is_table_rule(&d.rule)),
        "{:?}",
        r.discrepancies
    );
}

/// A 小计 row closing a group is checked against its members (corpus 001's
/// 预算编制 group: 5 + 5).
#[test]
fn subtotal_rows_are_checked() {
    let src = std::fs::read_to_string(corpus().join("001_1043f48496861f1f.txt")).unwrap();
    let line = src
        .lines()
        .find(|l| l.contains("\t预算编制规范性\t5\t"))
        .unwrap()
        .to_string();
    let with = |v: &str| planted("001_", &[(&line, &format!("{line}\n\t\t\t\t小计\t10\t\t\t{v}\t"))]);
    assert!(with("10").is_empty(), "{:?}", with("10"));
    assert_eq!(only(&with("9"), "SCORE.SUM"), [t("预算编制小计", "9", "10", "1", 262)]);
}

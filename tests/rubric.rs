//! The rubric engine on the real corpus: the printed criteria of corpus
//! 000–002 read into rules (golden, plus explicit rules), the scoring
//! findings (each listed and defended), the rubric recognised and the totals
//! recomputed, indicators.csv, errors planted in copies of corpus reports,
//! each rule kind on a small table, a rubric added through `--patterns DIR`,
//! and `jxcheck explain`.

mod common;

use common::*;
use jxcheck::output::DiscrepancyRow;
use jxcheck::patterns::Patterns;
use jxcheck::pipeline;
use jxcheck::rubric::Origin;
use std::path::Path;

fn scoring(rows: &[DiscrepancyRow]) -> Vec<Row> {
    rows.iter()
        .filter(|d| {
            ["SCORE.RULE", "SCORE.TIER", "RUBRIC.", "INDICATOR."]
                .iter()
                .any(|r| d.rule.starts_with(r))
        })
        .map(finding)
        .collect()
}

/// Every rule the printed criteria of corpus 000–002 state, as read: one line
/// per scorecard line (where the rule came from, the rule, every score it
/// allows whatever the figures).
#[test]
fn printed_criteria_are_read_into_rules() {
    let p = Patterns::builtin().unwrap();
    let mut text = String::new();
    for file in &corpus_files()[..3] {
        let a = pipeline::analyse(file, &p);
        let stem = &file.file_name().unwrap().to_string_lossy()[..3];
        let scored: Vec<_> = a.scoring.lines(&a.facts).collect();
        assert_eq!(scored.len(), 21, "{stem}: every scorecard line is scored");
        for (l, s) in scored {
            let from = match &s.origin {
                Origin::Printed => "printed".to_string(),
                Origin::Library { id, .. } => id.clone(),
                Origin::Points => "points".to_string(),
            };
            let rule = s.rule.as_ref().map(|r| r.describe()).unwrap_or_default();
            text.push_str(&format!(
                "{stem}:{} {} | {from} | {rule} | {}\n",
                l.line,
                l.indicator,
                s.all.describe()
            ));
            // every line of a report that prints its criteria is read from them
            assert_eq!(s.origin, Origin::Printed, "{stem}:{} {}", l.line, l.indicator);
        }
    }
    golden("rubric/criteria.txt", &text);
    // the patterns the issue names, asserted directly
    let want = [
        // tiers on a variable bound to figures
        "000:468 公众或服务对象满意度 | printed | satisfaction 分档：95% ≤ x → 6；90% ≤ x < 95% → 4；80% ≤ x < 90% → 2；x < 80% → 1 | {1, 2, 4, 6}",
        // a rate times points with its exception, plus a judgement part
        "000:443 政府采购执行情况 | printed | 政府采购执行率得分：procurement.rate × 1分（如实际采购金额大于采购计划金额,本项得0分 → 0） + 政府采购政策功能的执行和落实情况：酌情 0–1分 | [0, 2]",
        // per-point deduction beyond a limit, sub-items with their own points, a zero-if
        "001:273 财务合规性 | printed | 资金支出规范性：酌情 0–1分 + 资金调整、调剂规范性：1分：adjustment.rate 超出 10% 起每1%扣0.1分 + 会计核算规范性：酌情 0–1分（本项指标得0分 → 0） | [0, 3]",
        // a per-item deduction of the item before: (8分) on a 3-point indicator
        "002:223 绩效目标完整性 | printed | 8分，每项扣1分 | {0, 1, 2, 3}",
        // sums of two tiered parts
        "000:459 公用经费控制率 | printed | 三公经费控制率：sangong.rate 分档：x < 90% → 3；90% ≤ x ≤ 100% → 2；100% < x → 0 + 日常公用经费控制率：public.rate 分档：x < 90% → 3；90% ≤ x ≤ 100% → 2；100% < x → 0 | {0, 2, 3, 4, 5, 6}",
        // a step deduction stated in prose
        "001:300 重点工作完成情况 | printed | 8分，每项扣4分 | {0, 4, 8}",
        // qualitative tiers the scorer picks
        "002:231 预决算信息公开 | printed | 部门预算公开：分档 {1.5, 1, 0} + 部门决算公开：分档 {1.5, 1, 0} | {0, 1, 1.5, 2, 2.5, 3}",
        // a generic subject (比率) standing for the indicator
        "001:288 编外人员控制率 | printed | offquota.rate 分档：x < 5% → 1；5% ≤ x ≤ 10% → 0.5；10% < x → 0 | {0, 0.5, 1}",
        // judgement only (酌情扣分)
        "000:466 社会效益、经济效益、生态效益及可持续影响等 | printed | 酌情 0–25分 | [0, 25]",
    ];
    for w in want {
        assert!(text.lines().any(|l| l == w), "missing: {w}\n{text}");
    }
}

/// The scoring findings on the unmodified corpus, each defended in the
/// rubric issue's closing note; corpus 004 gets no error of any kind.
#[test]
fn corpus_scoring_findings_are_the_defended_ones() {
    let all: Vec<Vec<DiscrepancyRow>> = ["000_", "001_", "002_", "003_", "004_"]
        .iter()
        .map(|s| analysed(s, &[]))
        .collect();
    assert_eq!(
        scoring(&all[0]),
        [
            // the criterion gives (8分) to a 3-point indicator
            f("RUBRIC.TEXT", "error", "绩效目标完整性", "8", "3", 438),
            // 实际采购支出 10.39 亿元 > 采购预算金额 8.7 亿元: the rate part is 0, at most 1
            f("SCORE.RULE", "error", "政府采购执行情况", "2", "1", 443),
            // budget cut from 256 to 181 亿元 (29%) > 10%: the adjustment part is 0
            f("SCORE.RULE", "warning", "财务合规性", "3", "2", 444),
        ]
    );
    assert_eq!(
        scoring(&all[1]),
        [
            // 采购完成率 93.83% × 1 + 1 = 1.94 at most
            f("SCORE.RULE", "error", "政府采购执行情况", "2", "1.94", 268),
            // 期中调整 5414.51 on 年初 7825.28 万元 = 69.19% > 10%
            f("SCORE.RULE", "warning", "财务合规性", "3", "2", 273),
        ]
    );
    assert_eq!(
        scoring(&all[2]),
        [
            f("RUBRIC.TEXT", "error", "绩效目标完整性", "8", "3", 223),
            // tiers 6/4/2/1: 5.33 is none of them
            f("SCORE.TIER", "error", "公众或服务对象满意度", "5.33", "4", 259),
        ]
    );
    assert!(scoring(&all[3]).is_empty() && scoring(&all[4]).is_empty());
    assert!(all[4].iter().all(|d| d.severity != "error"), "{:?}", all[4]);
}

/// reports.csv names the rubric each scorecard follows and the total the
/// engine arrives at; scores.csv and indicators.csv are golden.
#[test]
fn rubric_recognised_totals_recomputed_and_tables_golden() {
    let out = scan_corpus(&[]);
    let (h, rows) = read_csv(&out.path().join("reports.csv"));
    let got: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r[col(&h, "rubric")].as_str(),
                r[col(&h, "claimed_total")].as_str(),
                r[col(&h, "recomputed_total")].as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            // 93.58 − 1 (采购) − 1 (财务合规性)
            ("shenzhen-municipal", "93.58", "91.58"),
            // 96 − 0.06 − 1
            ("shenzhen-district-2020", "96", "94.94"),
            // 93.58 − 1.33 (满意度 5.33 → the tier below, 4)
            ("shenzhen-municipal", "93.58", "92.25"),
            ("", "99.44", ""),
            ("", "", ""),
        ]
    );
    for csv in ["scores.csv", "indicators.csv"] {
        let text = std::fs::read_to_string(out.path().join(csv)).unwrap();
        golden(&format!("corpus/{csv}"), &text);
    }
    let (h, ind) = read_csv(&out.path().join("indicators.csv"));
    assert_eq!(ind.len(), 29);
    let row = ind.iter().find(|r| r[col(&h, "indicator")] == "设备交付率").unwrap();
    assert_eq!(
        (row[col(&h, "target")].as_str(), row[col(&h, "met")].as_str()),
        ("100%", "yes")
    );
}

/// Errors planted in copies of corpus reports are caught with the right rule
/// and values, and nothing else scoring-related appears.
#[test]
fn planted_scoring_errors_are_caught() {
    let added = |stem: &str, edits: &[(&str, &str)]| scoring(&planted(stem, edits));
    // 000: 三公 spending raised above its budget while 公用经费控制率 keeps 6
    assert_eq!(
        added(
            "000_",
            &[(
                "实际支出382万元，完成全年预算数601万元的63.48%，与2020年决算数501.24万元相比，减少119.73万元，减少23.89%",
                "实际支出650万元，完成全年预算数601万元的108.15%，与2020年决算数501.24万元相比，增加148.76万元，增长29.68%",
            )]
        ),
        [f("SCORE.RULE", "error", "公用经费控制率", "6", "3", 459)]
    );
    // 001: 编外 74 of 174 is 42.5% (> 10% → 0), yet claimed 1
    let row = "编外人员控制率\t1\t部门（单位）本年度使用劳务派遣人员数量";
    let src = std::fs::read_to_string(corpus().join("001_1043f48496861f1f.txt")).unwrap();
    let line = src.lines().find(|l| l.contains(row)).unwrap();
    let claimed1 = line.replacen("得0分。\t0\t", "得0分。\t1\t", 1);
    assert_ne!(line, claimed1);
    assert_eq!(
        added("001_", &[(line, &claimed1)]),
        [f("SCORE.RULE", "error", "编外人员控制率", "1", "0", 288)]
    );
    // 000: 0.8 is no tier of 固定资产利用率 (1 / 0.7 / 0.4 / 0)
    assert_eq!(
        added("000_", &[("得0分。\t0.7", "得0分。\t0.8")]),
        [f("SCORE.TIER", "error", "固定资产利用率", "0.8", "0.7", 452)]
    );
    // 001: a criterion giving 9 points to the 7-point 绩效指标明确性
    assert_eq!(
        added(
            "001_",
            &[(
                "细化分解为具体工作任务，与部门年度任务数或计划数相对应（2分）",
                "细化分解为具体工作任务，与部门年度任务数或计划数相对应（4分）"
            )]
        ),
        [f("RUBRIC.TEXT", "error", "绩效指标明确性", "9", "7", 267)]
    );
    // 002: an indicator missing its target while the report calls it achieved
    assert_eq!(
        added(
            "002_",
            &[
                (
                    "信息系统 全年正常 运行率\t95%\t99%",
                    "信息系统 全年正常 运行率\t95%\t90%"
                ),
                (
                    "档案安全事故率、整理扫描工作完成率均达标准。",
                    "档案安全事故率、整理扫描工作完成率均达标准。信息系统全年正常运行率达标。"
                ),
            ]
        ),
        [f(
            "INDICATOR.MISS",
            "warning",
            "信息系统全年正常运行率",
            "90%",
            "95%",
            176
        )]
    );
    // 002: … and with full marks in its own row (分值/得分 columns)
    assert_eq!(
        added(
            "002_",
            &[
                (
                    "三级指标\t预期指标值\t实际完成指标值",
                    "三级指标\t预期指标值\t实际完成指标值\t分值\t得分"
                ),
                ("办文投诉 率\t2%\t0%", "办文投诉 率\t2%\t5%\t2\t2"),
            ]
        ),
        [f("INDICATOR.MISS", "error", "办文投诉率", "5%", "2%", 194)]
    );
}

fn scan_file(path: &Path, patterns: Option<&Path>) -> (tempfile::TempDir, std::process::Output) {
    let out = tempfile::tempdir().unwrap();
    let mut args: Vec<String> = Vec::new();
    if let Some(p) = patterns {
        args.extend(["--patterns".into(), p.display().to_string()]);
    }
    args.extend([
        "scan".into(),
        path.display().to_string(),
        "--out".into(),
        out.path().display().to_string(),
        "--quiet".into(),
    ]);
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = jxcheck(&root(), &a);
    (out, o)
}

fn rows_of(out: &Path) -> (String, String, Vec<Row>) {
    let (h, r) = read_csv(&out.join("reports.csv"));
    let (rubric, total) = (
        r[0][col(&h, "rubric")].clone(),
        r[0][col(&h, "recomputed_total")].clone(),
    );
    let (h, d) = read_csv(&out.join("discrepancies.csv"));
    let rows = d
        .iter()
        .map(|r| {
            let c = |n: &str| r[col(&h, n)].clone();
            (
                c("rule"),
                c("severity"),
                c("item"),
                c("claimed"),
                c("expected"),
                c("line").parse().ok(),
            )
        })
        .collect();
    (rubric, total, rows)
}

/// The library rubrics' rule kinds on small tables that print no criteria:
/// threshold with per-point deduction, tiers, steps, judgement (Hunan) and
/// capped proportional (MOF self-evaluation table).
#[test]
fn library_rule_kinds_on_small_tables() {
    let (out, o) = scan_file(&root().join("fixtures/rubric/hunan-table.txt"), None);
    assert!(o.status.success());
    let (rubric, total, rows) = rows_of(out.path());
    assert_eq!(rubric, "hunan-yueyang");
    assert_eq!(
        rows,
        [
            // threshold: 在编 110 / 编制 100 = 110%, 0.5 off per point above 100% → 0
            f("SCORE.RULE", "error", "财政供养人员控制率", "5", "0", 10),
            // tiers 5/4/3/2/0: 4.5 is none
            f("SCORE.TIER", "error", "重点支出安排率", "4.5", "4", 11),
            // tiers on the adjustment 1000 → 1150 (15%): 1 point (inferred: a warning)
            f("SCORE.RULE", "warning", "预算调整率", "3", "1", 13),
            // steps of 0.5: 2.7 is none
            f("SCORE.TIER", "error", "支付进度", "2.7", "2.5", 14),
        ]
    );
    // 95.7 − 5 − 0.5 − 2 − 0.2 (管理制度健全性 2.5 is a judgement: kept)
    assert_eq!(total, "88");
    let (out, _) = scan_file(&root().join("fixtures/rubric/mof-table.txt"), None);
    let (rubric, total, rows) = rows_of(out.path());
    assert_eq!(rubric, "mof-selfeval-2020");
    // min(1100 / 1150, 1) × 10 = 9.57
    assert_eq!(rows, [f("SCORE.RULE", "error", "预算执行率", "10", "9.57", 10)]);
    assert_eq!(total, "95.57");
}

/// A copy of the repository's patterns folder.
fn patterns_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let copy = |from: &Path, to: &Path| {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            if e.path().is_file() {
                std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
            }
        }
    };
    copy(&root().join("patterns"), dir.path());
    copy(&root().join("patterns/rubrics"), &dir.path().join("rubrics"));
    dir
}

/// A province's rubric written as a TOML file changes the results without
/// rebuilding; its reverse-proportional and band rules and its grade bands
/// apply. A broken rubric
/// file is a start-up error naming the file and line.
#[test]
fn a_rubric_added_under_patterns_dir_changes_results() {
    let table = root().join("fixtures/rubric/province-table.txt");
    let (out, o) = scan_file(&table, None);
    assert!(o.status.success());
    let (rubric, _, rows) = rows_of(out.path());
    assert_eq!((rubric.as_str(), rows.len()), ("", 0));

    let dir = patterns_copy();
    let toml = std::fs::read_to_string(root().join("fixtures/rubric/test-province.toml")).unwrap();
    std::fs::write(dir.path().join("rubrics/test-province.toml"), &toml).unwrap();
    let (out, o) = scan_file(&table, Some(dir.path()));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (rubric, total, rows) = rows_of(out.path());
    assert_eq!(rubric, "test-province");
    assert_eq!(
        rows,
        [
            // reverse: 10 × 100% / 110% = 9.09
            f("SCORE.RULE", "error", "人员编制使用率", "10", "9.09", 10),
            // bands 80–100% or 0–60% of 10: 7 is in neither
            f("SCORE.RULE", "error", "工作质量", "7", "6", 11),
            // the rubric's own grade bands: 95 is 良 when 优 starts at 96
            f("GRADE.BAND", "error", "评分等级", "优", "良", 14),
        ]
    );
    assert_eq!(total, "93.09");

    // a broken file: a tier score above the indicator's points
    let broken = toml.replace("shares = [[0.8, 1], [0, 0.6]]", "shares = [[0.8, 1.2], [0, 0.6]]");
    assert_ne!(broken, toml);
    std::fs::write(dir.path().join("rubrics/test-province.toml"), &broken).unwrap();
    let (_, o) = scan_file(&table, Some(dir.path()));
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    let line = broken.lines().position(|l| l.contains("name = \"工作质量\"")).unwrap() + 1;
    assert!(
        err.contains(&format!("test-province.toml:{line}:")) && err.contains("at most 12"),
        "{err}"
    );
}

/// `jxcheck explain` prints, for a line, the rule and its source, the figures
/// with their lines, the allowed range, the claim and the verdict.
#[test]
fn explain_shows_rule_figures_range_and_verdict() {
    let o = jxcheck(
        &root(),
        &["explain", "corpus/000_dcb98461ec04ccb6.txt", "--item", "政府采购"],
    );
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    for want in [
        "[第443行] 部门管理 / 资金管理 / 政府采购执行情况   分值 2   自评 2",
        "规则来源  报告所印评分标准",
        "procurement.actual = 10.39 亿元（实际采购支出 10.39 亿元 第270行）",
        "procurement.budget = 8.7 亿元（采购预算金额 8.7 亿元 第270行）",
        "允许      [0, 1]（不看数据时 [0, 2]）",
        "重算      1",
        "结论      SCORE.RULE error",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    assert!(!text.contains("财务合规性"));
}

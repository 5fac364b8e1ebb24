//! `jxcheck explain` on documents without a scorecard: a self-evaluation form
//! (money block, indicator lines and total recomputed; its findings with the
//! figures used) and a corpus report (one line saying there is neither, then
//! the figures-based findings). Values hand-checked against the sources.

mod common;
use common::*;

fn explain(file: &str) -> String {
    let o = jxcheck(&root(), &["explain", file]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

fn has(out: &str, line: &str) {
    assert!(out.lines().any(|l| l == line), "missing line {line:?} in:\n{out}");
}

#[test]
fn explain_form_shows_money_indicators_total_and_finding() {
    // fixture: 全年预算数 100, 全年执行数 95, 执行率 printed 85% (planted),
    // money points 10 score 9.5; indicator scores 20+13+15+20+10+10 = 88;
    // 总分 97.5 = 88 + 9.5.
    let out = explain("fixtures/forms/txt/mof_e_rate.tab.txt");
    has(&out, "[表1] 乡村道路养护工程（mof-project-2020）");
    // 95 ÷ 100 = 95%, not the printed 85%
    has(
        &out,
        "  资金（万元）  第6行 预算数 100  执行数 95  执行率 85%，重算 95%",
    );
    // 95% × 10 = 9.5
    has(&out, "  资金得分  分值 10  自评 9.5  按执行率 9.5");
    has(
        &out,
        "  [第14行] 产出指标 / 数量指标 / 养护道路里程   分值 20   得分 20   目标 ≥120公里   实际 125公里   达成 yes",
    );
    // 93% against ≥95%: not met
    has(
        &out,
        "  [第15行] 产出指标 / 质量指标 / 路面合格率   分值 15   得分 13   目标 ≥95%   实际 93%   达成 no",
    );
    has(
        &out,
        "  [第19行] 满意度指标 / 服务对象满意度指标 / 沿线群众满意度   分值 10   得分 10   目标 ≥90%   实际 96%   达成 yes",
    );
    assert_eq!(out.lines().filter(|l| l.starts_with("  [第")).count(), 6, "{out}");
    has(&out, "  总分      自评 97.5，重算 97.5（含资金得分）");
    // exactly the one planted finding (fixtures/forms/expected.csv)
    has(&out, "发现 1 条");
    let f: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("[ARITH.RATE] error 第6行  "))
        .collect();
    assert_eq!(f.len(), 1, "{out}");
    has(
        &out,
        "  数据      part 乡村道路养护工程；item 年度资金总额；claimed 85%；expected 95%；difference 10%",
    );
    assert!(!out.contains("无评分表，亦无自评表"), "{out}");
}

#[test]
fn explain_report_without_scorecard_or_form_lists_figure_findings() {
    // corpus/003: no scorecard, no form; one finding: 货币资金 176432.02万元
    // printed as part of 资产 115019.20万元 (line 36); the gap
    // 115019.2 − 176432.02 = −61412.82 万元 = 614,128,200 元.
    let out = explain("corpus/003_45f879206ba15da6.txt");
    has(&out, "石家庄市自然资源和规划局 2022  评分办法：未识别");
    has(&out, "无评分表，亦无自评表：以下仅列数据核对的发现");
    assert!(!out.contains("[表"), "{out}");
    has(&out, "发现 1 条");
    assert!(
        out.lines().any(|l| l.starts_with("[ARITH.PART] error 第36行  ")),
        "{out}"
    );
    has(
        &out,
        "  数据      item 货币资金；claimed 176432.02万元；expected 115019.2万元；difference -61412.82万元；amount_yuan 614128200",
    );
}

#[test]
fn explain_item_filters_form_lines_and_findings() {
    let o = jxcheck(
        &root(),
        &["explain", "fixtures/forms/txt/mof_e_rate.tab.txt", "--item", "路面"],
    );
    assert!(o.status.success());
    let out = String::from_utf8(o.stdout).unwrap();
    let rows: Vec<&str> = out.lines().filter(|l| l.starts_with("  [第")).collect();
    assert_eq!(rows.len(), 1, "{out}");
    assert!(
        rows[0].starts_with("  [第15行] 产出指标 / 质量指标 / 路面合格率"),
        "{out}"
    );
    // the total is still recomputed over every line
    has(&out, "  总分      自评 97.5，重算 97.5（含资金得分）");
    has(&out, "发现 0 条");
}

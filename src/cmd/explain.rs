//! `jxcheck explain FILE [--item NAME]` — show how each scorecard line was
//! scored: the rule and where it came from, the figures used, the allowed
//! range, the claim and the verdict; then the indicator table's rows; then
//! each self-evaluation form (money block and indicator lines recomputed);
//! then every finding of the file with the figures it used.

use crate::check::{form_indicator, form_score, Finding};
use crate::extract::forms::Form;
use crate::num::plain;
use crate::num::Printed;
use crate::patterns::Patterns;
use crate::pipeline::Analysis;
use crate::rubric::{Assessment, Origin, Verdict};
use anyhow::Result;
use clap::Args;
use rust_decimal::Decimal;
use std::fmt::Write;
use std::path::PathBuf;

/// Explain how a report's scorecard was re-scored.
///
/// For every scorecard line (or those whose indicator contains NAME):
///
///   [line N] level 1 / level 2 / indicator   points P   claimed C
///     rule from   the report's printed criterion, or a rubric file
///     criterion   the criterion text as printed
///     rule        the rule read from it
///     figures     each figure used: key = value (label, raw, line)
///     steps       what the figures gave
///     allowed     the scores the rule allows given the figures
///     recomputed  the score jxcheck arrives at
///     verdict     agrees, or the finding (rule id, severity, message)
///
/// then every performance-indicator row with its target, actual and whether
/// it was met; then each self-evaluation form read:
///
///   [表 K] project（variant）
///     资金  预算数 / 执行数 / 执行率 as printed, the rate recomputed, the
///           money score and the score the rule gives
///     指标  each line: points, score, target, actual, met
///     总分  claimed vs recomputed
///
/// then every finding (as scan writes them; with --item, those whose item
/// contains NAME): rule, severity, page/line,
/// message, and the figures it used (named as the discrepancies.csv
/// columns: claimed, expected, difference = expected − claimed, amount_yuan). Everything needed to confirm or reject a finding is printed;
/// line numbers are the source file's.
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct ExplainArgs {
    /// The report to explain.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Only lines whose indicator name contains this text.
    #[arg(long, value_name = "NAME")]
    pub item: Option<String>,
}

pub fn run(args: &ExplainArgs, patterns: &Patterns) -> Result<()> {
    let a = super::analysed(&args.file, patterns)?;
    print!("{}", render(&a, patterns, args.item.as_deref()));
    Ok(())
}

/// The explanation as text.
pub fn render(a: &Analysis, p: &Patterns, item: Option<&str>) -> String {
    let mut o = String::new();
    let rubric = a.scoring.rubric.as_deref().and_then(|id| p.rubrics.rubric(id));
    let _ = writeln!(
        o,
        "{} {}  评分办法：{}",
        a.meta.department,
        a.meta.year,
        rubric
            .map(|r| format!("{}（{}，{}）", r.id, r.name, r.file))
            .unwrap_or_else(|| "未识别".into())
    );
    if let Some(t) = a.facts.total() {
        let re = a.scoring.total.map(plain).unwrap_or_else(|| "—".into());
        let _ = writeln!(o, "自评总分 {}（第{}行），重算 {}", t.value.raw, t.line, re);
    }
    let wanted = |name: &str| item.is_none_or(|i| name.contains(i));
    for (l, s) in a.scoring.lines(&a.facts) {
        if !wanted(&l.indicator) {
            continue;
        }
        let raw = |x: &Option<crate::num::Printed>| x.as_ref().map(|v| v.raw.clone()).unwrap_or("—".into());
        let _ = writeln!(
            o,
            "\n[第{}行] {} / {} / {}   分值 {}   自评 {}",
            l.line,
            l.level1,
            l.level2,
            l.indicator,
            raw(&l.points),
            raw(&l.claimed)
        );
        line(&mut o, s, &l.criterion);
        let found: Vec<&Finding> = a
            .findings
            .iter()
            .filter(|f| f.index == l.index && (f.rule.starts_with("SCORE.") || f.rule.starts_with("RUBRIC.")))
            .collect();
        if found.is_empty() {
            let v = match s.verdict {
                Verdict::Below => "低于规则所给（酌情扣分，不属矛盾）",
                Verdict::NotJudged => "未判（无自评分或超出分值，见 SCORE.MAX）",
                _ => "相符",
            };
            let _ = writeln!(o, "  结论      {v}");
        }
        for f in found {
            let _ = writeln!(o, "  结论      {} {}：{}", f.rule, f.severity.as_str(), f.message);
        }
    }
    if !a.facts.indicators.is_empty() && item.is_none_or(|n| a.facts.indicators.iter().any(|r| r.indicator.contains(n)))
    {
        let _ = writeln!(o, "\n绩效指标表");
        for (r, j) in a.facts.indicators.iter().zip(&a.scoring.indicators) {
            if !wanted(&r.indicator) {
                continue;
            }
            let _ = writeln!(
                o,
                "[第{}行] {} / {} / {}   目标 {}   实际 {}   达成 {}{}",
                r.line,
                r.level1,
                r.level2,
                r.indicator,
                r.target,
                r.actual,
                j.met.as_str(),
                if j.rule.is_empty() {
                    String::new()
                } else {
                    format!("（{}）", j.rule)
                }
            );
        }
    }
    if rubric.is_none() && a.facts.scorecards.is_empty() && a.forms.is_empty() {
        let _ = writeln!(o, "\n无评分表，亦无自评表：以下仅列数据核对的发现");
    }
    for (k, f) in a.forms.iter().enumerate() {
        form(&mut o, k + 1, f, item);
    }
    findings(&mut o, a, item);
    o
}

/// One self-evaluation form: money block, indicator lines, total.
fn form(o: &mut String, k: usize, f: &Form, item: Option<&str>) {
    let variant = if f.variant.is_empty() { "—" } else { &f.variant };
    let _ = writeln!(o, "\n[表{k}] {}（{variant}）", f.part());
    let raw = |x: &Option<Printed>| x.as_ref().map(|v| v.raw.clone()).unwrap_or("—".into());
    let unit = if f.money_unit.is_empty() {
        String::new()
    } else {
        format!("（{}）", f.money_unit)
    };
    let mut money_score = None;
    if let Some(t) = f.total_row() {
        let re = match (&t.spent, &t.annual) {
            (Some(s), Some(b)) if b.value > Decimal::ZERO => s
                .value
                .checked_mul(Decimal::ONE_HUNDRED)
                .and_then(|x| x.checked_div(b.value))
                .map(|r| format!("{}%", plain(r.round_dp(2)))),
            _ => None,
        };
        let _ = writeln!(
            o,
            "  资金{unit}  第{}行 预算数 {}  执行数 {}  执行率 {}，重算 {}",
            t.line,
            raw(&t.annual),
            raw(&t.spent),
            t.rate
                .as_ref()
                .map(|r| format!("{}{}", r.printed.raw, if r.percent { "%" } else { "" }))
                .unwrap_or("—".into()),
            re.unwrap_or_else(|| "—".into())
        );
        if let Some(pts) = form_score::money_points(f) {
            let want = form_score::money_expected(f)
                .map(|(_, mid)| plain(mid.round_dp(2)))
                .unwrap_or_else(|| "—".into());
            let _ = writeln!(
                o,
                "  资金得分  分值 {}  自评 {}  按执行率 {}",
                plain(pts),
                raw(&t.score),
                want
            );
        }
        money_score = t.score.as_ref().map(|s| s.value);
    }
    let mut sum = Decimal::ZERO;
    let mut any = false;
    for r in &f.indicators {
        let (met, _, _) = form_indicator::judge(r);
        // a weighted form's total adds the 折算得分 (as projects.csv does)
        if let Some(s) = r.folded.as_ref().or(r.score.as_ref()) {
            sum = sum.checked_add(s.value).unwrap_or(sum);
            any = true;
        }
        if item.is_some_and(|i| !r.name.contains(i)) {
            continue;
        }
        let _ = writeln!(
            o,
            "  [第{}行] {} / {} / {}   分值 {}   得分 {}   目标 {}   实际 {}   达成 {}",
            r.line,
            r.level1,
            r.level2,
            r.name,
            raw(&r.points),
            raw(&r.score),
            r.target,
            r.actual,
            met.as_str()
        );
    }
    if f.money_in_total {
        if let Some(m) = money_score {
            sum = sum.checked_add(m).unwrap_or(sum);
            any = true;
        }
    }
    let claimed = f.total_score.as_ref().map(|t| t.printed.raw.clone());
    if claimed.is_some() || any {
        let _ = writeln!(
            o,
            "  总分      自评 {}，重算 {}{}",
            claimed.unwrap_or_else(|| "—".into()),
            if any { plain(sum) } else { "—".into() },
            if f.money_in_total {
                "（含资金得分）"
            } else {
                "（不含资金得分）"
            }
        );
    }
}

/// Every finding of the file, with the figures it used.
fn findings(o: &mut String, a: &Analysis, item: Option<&str>) {
    let shown: Vec<&Finding> = a
        .findings
        .iter()
        .filter(|f| item.is_none_or(|i| f.item.contains(i)))
        .collect();
    let _ = writeln!(o, "\n发现 {} 条", shown.len());
    for f in shown {
        let at = match f.page {
            Some(p) => format!("第{p}页 第{}行", f.line),
            None => format!("第{}行", f.line),
        };
        let _ = writeln!(o, "[{}] {} {}  {}", f.rule, f.severity.as_str(), at, f.message);
        let mut used = Vec::new();
        if !f.part.is_empty() {
            used.push(format!("part {}", f.part));
        }
        if !f.item.is_empty() {
            used.push(format!("item {}", f.item));
        }
        if !f.claimed.is_empty() {
            used.push(format!("claimed {}{}", f.claimed, f.unit));
        }
        if !f.expected.is_empty() {
            used.push(format!("expected {}{}", f.expected, f.unit));
        }
        if let Some(d) = f.difference {
            used.push(format!("difference {}{}", plain(d), f.unit));
        }
        if let Some(y) = f.amount_yuan {
            used.push(format!("amount_yuan {}", plain(y)));
        }
        if !used.is_empty() {
            let _ = writeln!(o, "  数据      {}", used.join("；"));
        }
        if !f.evidence.is_empty() {
            let _ = writeln!(
                o,
                "  原文      {}",
                f.evidence.split_whitespace().collect::<Vec<_>>().join(" ")
            );
        }
    }
}

fn line(o: &mut String, s: &Assessment, criterion: &str) {
    let from = match &s.origin {
        Origin::Library { file, .. } => format!("{}（{file}）", s.origin.describe()),
        Origin::Points => "无可用规则：仅以分值为限".to_string(),
        o => o.describe(),
    };
    let _ = writeln!(o, "  规则来源  {from}");
    if !criterion.is_empty() {
        let _ = writeln!(
            o,
            "  评分标准  {}",
            criterion.split_whitespace().collect::<Vec<_>>().join(" ")
        );
    }
    if let Some(r) = &s.rule {
        let _ = writeln!(o, "  规则      {}", r.describe());
    }
    if let Some(m) = s.printed_max {
        let _ = writeln!(o, "  注意      评分标准最多给 {} 分，超过分值", plain(m));
    }
    for (_, i) in &s.outcome.used {
        let _ = writeln!(
            o,
            "  数据      {}{}",
            i.how,
            if i.inferred { "（按通常理解推定）" } else { "" }
        );
    }
    for st in &s.outcome.steps {
        let _ = writeln!(o, "  计算      {st}");
    }
    let _ = writeln!(
        o,
        "  允许      {}（不看数据时 {}）",
        s.allowed.describe(),
        s.all.describe()
    );
    if let Some(r) = s.recomputed {
        let _ = writeln!(o, "  重算      {}", plain(r));
    }
}

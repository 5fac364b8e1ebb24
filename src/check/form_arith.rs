//! ARITH on self-evaluation forms: ARITH.RATE (执行率 against 全年执行数 ÷ 全年预算数,
//! rounding and truncation as the spec says), ARITH.SUM (each money column's
//! total against its 其中 rows, per group in department forms, and money by
//! source against its total and across sub-programmes), ARITH.PART (a part above
//! its total; 执行数 above 预算数).

use super::{Finding, Severity};
use crate::extract::forms::{Form, MoneyKind, MoneyRow, SourceBlock};
use crate::num::{plain, Interval, Printed};
use rust_decimal::Decimal;

pub const RATE: &str = "ARITH.RATE";
pub const SUM: &str = "ARITH.SUM";
pub const PART: &str = "ARITH.PART";

pub fn check(f: &Form) -> Vec<Finding> {
    let mut out = Vec::new();
    for m in &f.money {
        rate(f, m, &mut out);
        overspent(f, m, &mut out);
    }
    sums(f, &mut out);
    for b in &f.sources {
        source_sum(f, b, &mut out);
    }
    across_blocks(f, &mut out);
    out
}

fn base(f: &Form, rule: &'static str, m: &MoneyRow) -> Finding {
    Finding {
        rule,
        severity: Severity::Error,
        item: m.label.clone(),
        evidence: m.evidence.clone(),
        index: m.index,
        line: m.line,
        page: m.page,
        part: f.part().to_string(),
        ..Finding::default()
    }
}

/// `v` cut (not rounded) to `d` decimals.
fn truncated(v: Decimal, d: u32) -> Decimal {
    v.trunc_with_scale(d)
}

fn rate(f: &Form, m: &MoneyRow, out: &mut Vec<Finding>) {
    let (Some(r), Some(a), Some(s)) = (&m.rate, &m.annual, &m.spent) else {
        return;
    };
    if a.value <= Decimal::ZERO {
        return;
    }
    let Some(ratio) = s.interval().divided_by(a.interval()) else {
        return;
    };
    let claimed = r.interval();
    let exact = s.value.checked_div(a.value).unwrap_or_default();
    let scale = if r.percent { Decimal::ONE_HUNDRED } else { Decimal::ONE };
    let shown = exact * scale;
    let d = r.printed.decimals;
    let pct = if r.percent { "%" } else { "" };
    if ratio.overlaps(claimed) {
        // within the inputs' rounding, yet the printed figures themselves
        // give another value that the printed one only truncates (p21
        // 31.69 ÷ 32.4 = 97.8086% printed 97.80%; p23 27.8 ÷ 29 = 0.95862
        // printed 0.958): `info`, as the spec asks
        if d > 0 && shown.round_dp(d) != r.printed.value && truncated(shown, d) == r.printed.value {
            out.push(Finding {
                severity: Severity::Info,
                claimed: r.printed.raw.clone(),
                expected: plain(shown.round_dp(d)),
                difference: Some(shown.round_dp(d) - r.printed.value),
                unit: pct.to_string(),
                message: format!(
                    "“{}”执行率印为{}{pct}，{}÷{}={}{pct}，四舍五入应为{}{pct}；印出的是截断值，不算矛盾。",
                    m.label,
                    r.printed.raw,
                    s.raw,
                    a.raw,
                    plain(shown.round_dp(d + 3)),
                    plain(shown.round_dp(d))
                ),
                ..base(f, RATE, m)
            });
        }
        return;
    }
    let mut x = Finding {
        claimed: r.printed.raw.clone(),
        expected: plain(shown.round_dp(d.max(2))),
        difference: Some(shown.round_dp(d.max(2)) - r.printed.value),
        unit: pct.to_string(),
        ..base(f, RATE, m)
    };
    // cut to the printed decimals, or cut to a whole number and printed with
    // zeros (46/148 = 31.08% printed 31.00%): the spec's truncation
    if truncated(shown, d) == r.printed.value || (truncated(shown, 0) == r.printed.value && d > 0) {
        x.severity = Severity::Info;
        x.message = format!(
            "“{}”执行率印为{}{pct}，{}÷{}={}{pct}，四舍五入应为{}{pct}；印出的是截断值，不算矛盾。",
            m.label,
            r.printed.raw,
            s.raw,
            a.raw,
            plain(shown.round_dp(d + 3)),
            plain(shown.round_dp(d))
        );
    } else {
        x.message = format!(
            "“{}”执行率印为{}{pct}，但全年执行数÷全年预算数={}÷{}={}{pct}（超出四舍五入范围）。",
            m.label,
            r.printed.raw,
            s.raw,
            a.raw,
            plain(shown.round_dp(d.max(2)))
        );
        // a row rebuilt from a flattened line, its rate found elsewhere on it
        if f.scrambled == Some(m.index) {
            x.severity = Severity::Warning;
            x.message
                .push_str("（该行取自打乱的扁平文本，执行率按算术配到此行，请对照原件）");
        }
    }
    out.push(x);
}

fn overspent(f: &Form, m: &MoneyRow, out: &mut Vec<Finding>) {
    let (Some(a), Some(s)) = (&m.annual, &m.spent) else {
        return;
    };
    if s.interval().lo > a.interval().hi && a.value > Decimal::ZERO {
        out.push(Finding {
            severity: Severity::Warning,
            claimed: s.raw.clone(),
            expected: a.raw.clone(),
            difference: Some(a.value - s.value),
            unit: f.money_unit.clone(),
            amount_yuan: Some((s.value - a.value) * f.factor),
            message: format!("“{}”全年执行数{}高于全年预算数{}。", m.label, s.raw, a.raw),
            ..base(f, PART, m)
        });
    }
}

type Col = fn(&MoneyRow) -> Option<&Printed>;

const COLUMNS: [(&str, Col); 3] = [
    ("年初预算数", |m| m.initial.as_ref()),
    ("全年预算数", |m| m.annual.as_ref()),
    ("全年执行数", |m| m.spent.as_ref()),
];

/// Each money column's total against its parts (per group when grouped).
fn sums(f: &Form, out: &mut Vec<Finding>) {
    let Some(total) = f.total_row() else { return };
    let groups: Vec<Option<usize>> = if f.groups.is_empty() {
        vec![None]
    } else {
        (0..f.groups.len()).map(Some).collect()
    };
    for g in groups {
        let parts: Vec<&MoneyRow> = f
            .money
            .iter()
            .filter(|m| m.kind == MoneyKind::Part && m.group == g)
            .collect();
        if parts.is_empty() {
            continue;
        }
        let gname = g
            .and_then(|k| f.groups.get(k))
            .map(|s| format!("（{s}）"))
            .unwrap_or_default();
        for (col, get) in COLUMNS {
            let Some(t) = get(total) else { continue };
            let vals: Vec<&Printed> = parts.iter().filter_map(|m| get(m)).collect();
            if vals.is_empty() {
                continue;
            }
            let sum: Decimal = vals.iter().map(|p| p.value).sum();
            let iv = vals
                .iter()
                .fold(Interval::exact(Decimal::ZERO), |a, p| a + p.interval());
            let blanks = parts.len() - vals.len();
            let names: Vec<String> = parts
                .iter()
                .filter(|m| get(m).is_some())
                .map(|m| format!("{}{}", m.label, get(m).map(|p| p.raw.as_str()).unwrap_or("")))
                .collect();
            if vals.len() >= 2 && !iv.overlaps(t.interval()) {
                out.push(Finding {
                    item: format!("{}{gname} {col}", total.label),
                    claimed: t.raw.clone(),
                    expected: plain(sum),
                    difference: Some(sum - t.value),
                    unit: f.money_unit.clone(),
                    amount_yuan: Some((sum - t.value).abs() * f.factor),
                    message: format!(
                        "{col}：{}{gname}印为{}，其中各项{}合计为{}，两者不符。",
                        total.label,
                        t.raw,
                        names.join("+"),
                        plain(sum)
                    ),
                    severity: if blanks > 0 { Severity::Warning } else { Severity::Error },
                    ..base(f, SUM, total)
                });
            } else if let Some(big) = vals.iter().find(|p| p.interval().lo > t.interval().hi) {
                out.push(Finding {
                    rule: PART,
                    item: format!("{}{gname} {col}", total.label),
                    claimed: t.raw.clone(),
                    expected: big.raw.clone(),
                    difference: Some(big.value - t.value),
                    unit: f.money_unit.clone(),
                    amount_yuan: Some((big.value - t.value) * f.factor),
                    message: format!(
                        "{col}：{}{gname}印为{}，小于其中一项（{}）{}；总额不能小于其组成部分。",
                        total.label,
                        t.raw,
                        names.first().cloned().unwrap_or_default(),
                        big.raw
                    ),
                    ..base(f, PART, total)
                });
            }
        }
    }
}

fn source_sum(f: &Form, b: &SourceBlock, out: &mut Vec<Finding>) {
    let Some((tl, t)) = &b.total else { return };
    if b.sources.len() < 2 {
        return;
    }
    let sum: Decimal = b.sources.iter().map(|s| s.1.printed.value).sum();
    let iv = b
        .sources
        .iter()
        .fold(Interval::exact(Decimal::ZERO), |a, s| a + s.1.printed.interval());
    if iv.overlaps(t.printed.interval()) {
        return;
    }
    let names: Vec<String> = b
        .sources
        .iter()
        .map(|s| format!("{}{}", s.0, s.1.printed.raw))
        .collect();
    out.push(Finding {
        rule: SUM,
        item: format!("{} {tl}", b.heading),
        claimed: t.printed.raw.clone(),
        expected: plain(sum),
        difference: Some(sum - t.printed.value),
        unit: f.money_unit.clone(),
        amount_yuan: Some((sum - t.printed.value).abs() * f.factor),
        message: format!(
            "{}：{tl}印为{}，但{}={}。",
            b.heading,
            t.printed.raw,
            names.join("+"),
            plain(sum)
        ),
        evidence: format!("{} {tl} {}", b.heading, t.printed.raw),
        index: t.index,
        line: t.line,
        page: t.page,
        part: f.part().to_string(),
        ..Finding::default()
    });
}

/// A block headed 合计 followed by sub-programme blocks: each source (and the
/// total) of the 合计 block against the sum over the sub-programmes.
fn across_blocks(f: &Form, out: &mut Vec<Finding>) {
    let Some(k) = f.sources.iter().position(|b| b.heading.contains("合计")) else {
        return;
    };
    let whole = &f.sources[k];
    let subs: Vec<&SourceBlock> = f.sources[k + 1..]
        .iter()
        .filter(|b| b.total.is_some() || !b.sources.is_empty())
        .collect();
    if subs.len() < 2 {
        return;
    }
    for (label, at) in whole.sources.iter().chain(whole.total.iter()) {
        let key = |l: &str| l.chars().take(4).collect::<String>();
        let vals: Vec<&Printed> = subs
            .iter()
            .filter_map(|b| {
                b.sources
                    .iter()
                    .chain(b.total.iter())
                    .find(|(l, _)| key(l) == key(label))
                    .map(|(_, a)| &a.printed)
            })
            .collect();
        if vals.len() != subs.len() {
            continue;
        }
        let sum: Decimal = vals.iter().map(|p| p.value).sum();
        let iv = vals
            .iter()
            .fold(Interval::exact(Decimal::ZERO), |a, p| a + p.interval());
        if iv.overlaps(at.printed.interval()) {
            continue;
        }
        let parts: Vec<String> = vals.iter().map(|p| p.raw.clone()).collect();
        out.push(Finding {
            rule: SUM,
            item: format!("{} {label}", whole.heading),
            claimed: at.printed.raw.clone(),
            expected: plain(sum),
            difference: Some(sum - at.printed.value),
            unit: f.money_unit.clone(),
            amount_yuan: Some((sum - at.printed.value).abs() * f.factor),
            message: format!(
                "{label}：合计印为{}，但各子项目{}相加为{}={}。",
                at.printed.raw,
                label,
                parts.join("+"),
                plain(sum)
            ),
            evidence: format!("{} {label} {}", whole.heading, at.printed.raw),
            index: at.index,
            line: at.line,
            page: at.page,
            part: f.part().to_string(),
            ..Finding::default()
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::check::{findings_of, Severity};

    fn form(spent: &str, rate: &str, score: &str) -> String {
        format!(
            "项目支出绩效自评表\n项目名称\t测试项目\n项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n\
             年度资金总额\t1480.00\t1480.00\t{spent}\t10\t{rate}\t{score}\n\
             一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n\
             产出指标\t数量指标\t完成数量\t≥10个\t10个\t90\t90\n总分\t100\t{}\n",
            90 + score.parse::<u32>().unwrap_or(0)
        )
    }

    fn rate_findings(text: &str) -> Vec<(&'static str, Severity, String)> {
        findings_of(text)
            .into_iter()
            .filter(|f| f.rule == super::RATE)
            .map(|f| (f.rule, f.severity, f.expected))
            .collect()
    }

    #[test]
    fn rates_rounded_truncated_and_wrong() {
        // 460.00/1480.00 = 31.081%: printed 31.08% agrees; 31.00% is a
        // truncation (info); 35% is wrong
        assert!(rate_findings(&form("460.00", "31.08%", "3")).is_empty());
        assert_eq!(
            rate_findings(&form("460.00", "31.00%", "3")),
            [("ARITH.RATE", Severity::Info, "31.08".into())]
        );
        assert_eq!(
            rate_findings(&form("460.00", "35%", "3")),
            [("ARITH.RATE", Severity::Error, "31.08".into())]
        );
        // a fraction truncated at 3 decimals: 1418.80/1480.00 = 0.95865 printed 0.958
        let f = rate_findings(&form("1418.80", "0.958", "9"));
        assert_eq!(f, [("ARITH.RATE", Severity::Info, "0.959".into())]);
    }

    #[test]
    fn a_rate_within_the_inputs_rounding_yet_truncated_is_info() {
        // 31.69/32.4 = 97.8086%: 32.4 stands for [32.35, 32.45), so 97.80%
        // and 97.81% both agree within rounding; the printed figures give
        // 97.80% only by truncation (info), 97.81% as rounded (nothing)
        let t = |rate: &str| form("31.69", rate, "9").replace("1480.00\t1480.00", "32.4\t32.4");
        assert_eq!(
            rate_findings(&t("97.80%")),
            [("ARITH.RATE", Severity::Info, "97.81".into())]
        );
        assert!(rate_findings(&t("97.81%")).is_empty());
    }
}

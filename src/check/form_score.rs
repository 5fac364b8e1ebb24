//! SCORE on self-evaluation forms: SCORE.WEIGHT (分值 adding up to 总分's
//! points), SCORE.SUM (得分 adding up to 总分), SCORE.MAX (a score above its
//! points), SCORE.RULE (the money score against 执行率 × 分值, capped, floors
//! tolerated as the variant says; 折算得分 = 单项得分 × 权重), SCORE.DEDUCTED (a
//! met target with a deduction: `info`, a deduction may be discretionary),
//! SCORE.COEF (重庆's 得分系数: 得分 = 系数 × 权重, and a full coefficient on a
//! missed target). A form the excerpt cuts short is held to what its visible
//! rows allow: 总分 no higher than their scores plus the points not shown.

use super::{Finding, Severity};
use crate::extract::forms::{Form, FormIndicator, MoneyRow};
use crate::num::{plain, Interval, Printed};
use rust_decimal::Decimal;

pub const WEIGHT: &str = "SCORE.WEIGHT";
pub const SUM: &str = "SCORE.SUM";
pub const MAX: &str = "SCORE.MAX";
pub const RULE: &str = "SCORE.RULE";
pub const DEDUCTED: &str = "SCORE.DEDUCTED";
pub const COEF: &str = "SCORE.COEF";

fn at_ind(f: &Form, rule: &'static str, r: &FormIndicator) -> Finding {
    Finding {
        rule,
        severity: Severity::Error,
        item: r.name.clone(),
        evidence: r.evidence.clone(),
        index: r.index,
        line: r.line,
        page: r.page,
        unit: "分".into(),
        part: f.part().to_string(),
        ..Finding::default()
    }
}

fn at_money(f: &Form, rule: &'static str, m: &MoneyRow) -> Finding {
    Finding {
        rule,
        severity: Severity::Error,
        item: format!("{} 得分", m.label),
        evidence: m.evidence.clone(),
        index: m.index,
        line: m.line,
        page: m.page,
        unit: "分".into(),
        part: f.part().to_string(),
        ..Finding::default()
    }
}

/// The money row's points: printed, else the variant's default when the
/// row prints a score.
pub fn money_points(f: &Form) -> Option<Decimal> {
    let t = f.total_row()?;
    match &t.points {
        Some(p) => Some(p.value),
        None if t.score.is_some() && f.money_points_default > 0 => Some(Decimal::from(f.money_points_default)),
        None => None,
    }
}

/// The money score the rule gives: 执行率 × 分值 capped at 分值 (执行率 from the
/// money when printed, else as printed), as an interval.
pub fn money_expected(f: &Form) -> Option<(Interval, Decimal)> {
    let t = f.total_row()?;
    let pts = money_points(f)?;
    let ratio = match (&t.spent, &t.annual) {
        (Some(s), Some(a)) if a.value > Decimal::ZERO => s.interval().divided_by(a.interval())?,
        _ => t.rate.as_ref()?.interval(),
    };
    let cap = |v: Decimal| v.min(pts).max(Decimal::ZERO);
    let iv = Interval {
        lo: cap(ratio.lo * pts),
        hi: cap(ratio.hi * pts),
    };
    let mid = match (&t.spent, &t.annual) {
        (Some(s), Some(a)) if a.value > Decimal::ZERO => cap(s.value.checked_div(a.value)? * pts),
        _ => cap(t.rate.as_ref()?.fraction() * pts),
    };
    Some((iv, mid))
}

pub fn check(f: &Form) -> Vec<Finding> {
    let mut out = Vec::new();
    let scored: Vec<&FormIndicator> = f
        .indicators
        .iter()
        .filter(|r| r.points.is_some() || r.score.is_some())
        .collect();
    // SCORE.MAX
    for r in &scored {
        if let (Some(p), Some(s)) = (&r.points, &r.score) {
            if s.awarded().lo > p.value && r.weight.is_none() {
                out.push(Finding {
                    claimed: s.raw.clone(),
                    expected: p.raw.clone(),
                    difference: Some(p.value - s.value),
                    message: format!("“{}”得分{}高于其分值{}。", r.name, s.raw, p.raw),
                    ..at_ind(f, MAX, r)
                });
            }
        }
    }
    if let Some(t) = f.total_row() {
        if let (Some(pts), Some(s)) = (money_points(f), &t.score) {
            if s.awarded().lo > pts {
                out.push(Finding {
                    claimed: s.raw.clone(),
                    expected: plain(pts),
                    difference: Some(pts - s.value),
                    message: format!("预算执行得分{}高于其分值{}。", s.raw, plain(pts)),
                    ..at_money(f, MAX, t)
                });
            }
        }
        money_rule(f, t, &mut out);
        from_parts(f, t, &mut out);
    }
    weights(f, &scored, &mut out);
    levels(f, &mut out);
    sum(f, &scored, &mut out);
    fold(f, &scored, &mut out);
    out
}

fn money_rule(f: &Form, t: &MoneyRow, out: &mut Vec<Finding>) {
    let Some(s) = &t.score else { return };
    let Some((iv, mid)) = money_expected(f) else { return };
    let Some(pts) = money_points(f) else { return };
    if iv.overlaps(s.awarded()) {
        return;
    }
    let rate_txt = t
        .rate
        .as_ref()
        .map(|r| format!("{}{}", r.printed.raw, if r.percent { "%" } else { "" }))
        .unwrap_or_default();
    let shown = plain(mid.round_dp(2));
    let floored = f.floor_tolerated && s.value < iv.lo && s.value >= iv.lo.floor() && s.decimals == 0;
    let mut x = Finding {
        claimed: s.raw.clone(),
        expected: shown.clone(),
        difference: Some(mid.round_dp(2) - s.value),
        ..at_money(f, RULE, t)
    };
    // a whole score that is the expected one rounded (r15: 10 × 86.2% = 8.62
    // printed 9): the form may round an unwieldy value; not sure enough for an
    // error. A due value of one decimal (9.5) would have been printed as is.
    let rounded = s.decimals == 0
        && s.value > iv.hi
        && (s.value - iv.hi) < Decimal::new(5, 1)
        && s.value <= pts
        && mid.normalize().scale() > 1;
    if rounded {
        x.severity = Severity::Warning;
        x.message = format!(
            "预算执行得分印为{}，按执行率{}×分值{}应为{}；表中可能四舍五入取整，请核对评分规则。",
            s.raw,
            rate_txt,
            plain(pts),
            shown
        );
    } else if floored {
        x.severity = Severity::Info;
        x.message = format!(
            "预算执行得分印为{}，按执行率{}×分值{}应为{}；表中取整（向下）得分，不算矛盾。",
            s.raw,
            rate_txt,
            plain(pts),
            shown
        );
    } else {
        x.message = format!(
            "预算执行得分印为{}，但执行率（全年执行数÷全年预算数）×分值{}={}（执行率印为{}）。",
            s.raw,
            plain(pts),
            shown,
            rate_txt
        );
    }
    out.push(x);
}

fn weights(f: &Form, scored: &[&FormIndicator], out: &mut Vec<Finding>) {
    if scored.len() < 2 || scored.iter().any(|r| r.points.is_none()) || scored.iter().any(|r| r.weight.is_some()) {
        return;
    }
    let mut sum: Decimal = scored.iter().filter_map(|r| r.points.as_ref()).map(|p| p.value).sum();
    let mut what = format!("{}项指标分值", scored.len());
    if f.money_in_total {
        if let Some(m) = money_points(f) {
            sum += m;
            what.push_str(&format!("与预算执行分值{}", plain(m)));
        }
    }
    // without printed points in 总分 an excerpt or a half-read form would
    // look short: nothing to compare with
    let Some(tp) = &f.total_points else { return };
    let (target, printed) = (tp.printed.value, true);
    if sum == target {
        // the points agree with a 总分 that is not the templates' 100: the
        // form is consistent with itself, so a warning, not an error
        let full = Decimal::ONE_HUNDRED;
        if target != full && f.money_in_total {
            out.push(Finding {
                rule: WEIGHT,
                severity: Severity::Warning,
                item: "分值合计".into(),
                claimed: plain(target),
                expected: plain(full),
                difference: Some(target - full),
                unit: "分".into(),
                message: format!(
                    "{what}合计为{}，与总分所列分值一致，但自评表满分应为{}分。",
                    plain(sum),
                    plain(full)
                ),
                evidence: format!("总分 {}", tp.printed.raw),
                index: tp.index,
                line: tp.line,
                page: tp.page,
                part: f.part().to_string(),
                ..Finding::default()
            });
        }
        return;
    }
    let (index, line, page, evidence) = match &f.total_points {
        Some(p) => (p.index, p.line, p.page, format!("总分 {}", p.printed.raw)),
        None => (
            scored[0].index,
            scored[0].line,
            scored[0].page,
            scored[0].evidence.clone(),
        ),
    };
    out.push(Finding {
        rule: WEIGHT,
        severity: if printed { Severity::Error } else { Severity::Warning },
        item: "分值合计".into(),
        claimed: plain(target),
        expected: plain(sum),
        difference: Some(sum - target),
        unit: "分".into(),
        message: format!(
            "{what}合计为{}，{}{}。",
            plain(sum),
            if printed {
                "总分所列分值为"
            } else {
                "未列总分分值，满分通常为"
            },
            plain(target)
        ),
        evidence,
        index,
        line,
        page,
        part: f.part().to_string(),
        ..Finding::default()
    });
}

fn sum(f: &Form, scored: &[&FormIndicator], out: &mut Vec<Finding>) {
    let Some(total) = &f.total_score else { return };
    if scored.is_empty() || scored.iter().any(|r| r.score.is_none()) {
        return;
    }
    if f.truncated {
        reachable(f, scored, total, out);
        return;
    }
    let folded = scored.iter().all(|r| r.folded.is_some());
    let pick = |r: &&FormIndicator| -> Option<Printed> {
        if folded {
            r.folded.clone()
        } else {
            r.score.clone()
        }
    };
    let vals: Vec<Printed> = scored.iter().filter_map(pick).collect();
    let mut s: Decimal = vals.iter().map(|p| p.value).sum();
    let mut iv = vals.iter().fold(Interval::exact(Decimal::ZERO), |a, p| a + p.awarded());
    let mut what = format!("{}项指标{}合计", vals.len(), if folded { "折算得分" } else { "得分" });
    if f.money_in_total {
        if let Some(ms) = f.total_row().and_then(|t| t.score.as_ref()) {
            s += ms.value;
            iv = iv + ms.awarded();
            what = format!("{what}加预算执行得分{}", ms.raw);
        }
    }
    if iv.overlaps(total.printed.interval()) {
        return;
    }
    out.push(Finding {
        rule: SUM,
        // a lone number after 总分 may be its points, not its score
        severity: if f.total_points.is_some() {
            Severity::Error
        } else {
            Severity::Warning
        },
        item: "总分".into(),
        claimed: total.printed.raw.clone(),
        expected: plain(s),
        difference: Some(crate::num::sub(s, total.printed.value)),
        unit: "分".into(),
        message: format!("{what}为{}，表中总分为{}，两者不符。", plain(s), total.printed.raw),
        evidence: format!("总分 {}", total.printed.raw),
        index: total.index,
        line: total.line,
        page: total.page,
        part: f.part().to_string(),
        ..Finding::default()
    });
}

fn fold(f: &Form, scored: &[&FormIndicator], out: &mut Vec<Finding>) {
    for r in scored {
        let (Some(s), Some(w), Some(x)) = (&r.score, &r.weight, &r.folded) else {
            continue;
        };
        let pct = Decimal::new(1, 2);
        let iv = s.awarded().scale(pct);
        let iv = Interval {
            lo: crate::num::mul(iv.lo, w.interval().lo),
            hi: crate::num::mul(iv.hi, w.interval().hi),
        };
        if iv.overlaps(x.interval()) {
            continue;
        }
        let e = crate::num::mul(crate::num::mul(s.value, w.value), pct);
        out.push(Finding {
            claimed: x.raw.clone(),
            expected: plain(e.round_dp(2)),
            difference: Some(crate::num::sub(e.round_dp(2), x.value)),
            message: format!(
                "“{}”折算得分印为{}，但单项得分{}×权重{}%={}。",
                r.name,
                x.raw,
                s.raw,
                w.raw,
                plain(e.round_dp(2))
            ),
            ..at_ind(f, RULE, r)
        });
    }
    let _ = f;
}

/// SCORE.DEDUCTED: a met target with a deduction (only noteworthy).
pub fn deducted(f: &Form, r: &FormIndicator) -> Option<Finding> {
    // a weighted row's 单项指标得分 is out of 100 (折算得分 = 单项得分 × 权重,
    // the weighted-hebei variant: p13, r15)
    let hundred = Printed::parse("100");
    let (p, of) = match (&r.points, &r.weight, &r.folded) {
        (Some(p), _, _) => (p, "分值"),
        (None, Some(_), Some(_)) => (hundred.as_ref()?, "单项满分"),
        _ => return None,
    };
    let s = r.score.as_ref()?;
    if s.value >= p.value {
        return None;
    }
    Some(Finding {
        severity: Severity::Info,
        claimed: s.raw.clone(),
        expected: p.raw.clone(),
        difference: Some(p.value - s.value),
        message: format!(
            "“{}”实际完成值{}达到年度指标值{}，但得分{}低于{of}{}（扣分可能另有理由）。",
            r.name, r.actual, r.target, s.raw, p.raw
        ),
        ..at_ind(f, DEDUCTED, r)
    })
}

/// A form cut short: 总分 must lie between the visible scores and those
/// plus the points of the rows not shown (总分's points, else 100, less the
/// visible points). Only a `warning`: the rows not shown are not read.
fn reachable(f: &Form, scored: &[&FormIndicator], total: &crate::extract::forms::At, out: &mut Vec<Finding>) {
    if scored.iter().any(|r| r.points.is_none() || r.weight.is_some()) {
        return;
    }
    let mut pts: Decimal = scored.iter().filter_map(|r| r.points.as_ref()).map(|p| p.value).sum();
    let mut plain_got: Decimal = scored.iter().filter_map(|r| r.score.as_ref()).map(|p| p.value).sum();
    let mut got = scored
        .iter()
        .filter_map(|r| r.score.as_ref())
        .fold(Interval::exact(Decimal::ZERO), |a, p| a + p.awarded());
    if f.money_in_total {
        if let (Some(m), Some(ms)) = (money_points(f), f.total_row().and_then(|t| t.score.as_ref())) {
            pts += m;
            plain_got += ms.value;
            got = got + ms.awarded();
        }
    }
    let full = f
        .total_points
        .as_ref()
        .map_or(Decimal::ONE_HUNDRED, |p| p.printed.value);
    let left = full - pts;
    if left < Decimal::ZERO {
        return;
    }
    let claimed = total.printed.interval();
    let most = got.hi + left;
    let (expected, msg) = if claimed.lo > most {
        (
            plain_got + left,
            format!(
                "可见各项得分合计{}，未列出的指标至多还有{}分，总分最多{}，表中总分为{}。",
                plain(plain_got),
                plain(left),
                plain(plain_got + left),
                total.printed.raw
            ),
        )
    } else if claimed.hi < got.lo {
        (
            plain_got,
            format!(
                "可见各项得分合计已达{}，高于表中总分{}。",
                plain(plain_got),
                total.printed.raw
            ),
        )
    } else {
        return;
    };
    out.push(Finding {
        rule: SUM,
        severity: Severity::Warning,
        item: "总分".into(),
        claimed: total.printed.raw.clone(),
        expected: plain(expected.round_dp(2)),
        difference: Some(expected - total.printed.value),
        unit: "分".into(),
        message: format!("{msg}（表格在摘录中未完整列出）"),
        evidence: format!("总分 {}", total.printed.raw),
        index: total.index,
        line: total.line,
        page: total.page,
        part: f.part().to_string(),
        ..Finding::default()
    });
}

/// SCORE.COEF: 得分 against 得分系数 × 权重 (a `warning`: the forms with a
/// coefficient reach us run together, their digits split by this very rule).
pub fn coef(f: &Form, r: &FormIndicator) -> Option<Finding> {
    let (Some(c), Some(p), Some(s)) = (&r.coef, &r.points, &r.score) else {
        return None;
    };
    let due = c.interval();
    let iv = Interval {
        lo: due.lo * p.interval().lo,
        hi: due.hi * p.interval().hi,
    };
    if iv.overlaps(s.interval()) {
        return None;
    }
    let e = c.fraction() * p.value;
    Some(Finding {
        severity: Severity::Warning,
        claimed: s.raw.clone(),
        expected: plain(e.round_dp(2)),
        difference: Some(e.round_dp(2) - s.value),
        message: format!(
            "“{}”得分{}，但得分系数{}%×权重{}={}。",
            r.name,
            s.raw,
            c.printed.raw,
            p.raw,
            plain(e.round_dp(2))
        ),
        ..at_ind(f, COEF, r)
    })
}

/// SCORE.WEIGHT from the first-level headings' points (`产出指标(70分)`):
/// with the money row's points when inside the 100, more than 总分's points
/// (r21: 70 + 20 + 10 + 10 = 110 of 100). Less is no finding (a heading may
/// be cut off); a `warning`, the forms differ on where the money row sits.
fn levels(f: &Form, out: &mut Vec<Finding>) {
    let Some(tp) = &f.total_points else { return };
    if f.level_points.len() < 2 {
        return;
    }
    let mut sum: Decimal = f.level_points.iter().map(|(_, a)| a.printed.value).sum();
    let parts: Vec<String> = f
        .level_points
        .iter()
        .map(|(n, a)| format!("{n}{}", a.printed.raw))
        .collect();
    let mut what = parts.join("+");
    if f.money_in_total {
        if let Some(m) = f.total_row().and_then(|t| t.points.as_ref()) {
            sum += m.value;
            what.push_str(&format!("+预算执行{}", m.raw));
        }
    }
    if sum <= tp.printed.value {
        return;
    }
    out.push(Finding {
        rule: WEIGHT,
        severity: Severity::Warning,
        item: "分值合计".into(),
        claimed: tp.printed.raw.clone(),
        expected: plain(sum),
        difference: Some(sum - tp.printed.value),
        unit: "分".into(),
        message: format!(
            "一级指标分值{what}={}，超过总分所列分值{}。",
            plain(sum),
            tp.printed.raw
        ),
        evidence: format!("总分 {}", tp.printed.raw),
        index: tp.index,
        line: tp.line,
        page: tp.page,
        part: f.part().to_string(),
        ..Finding::default()
    });
}

/// SCORE.RULE on a total row printing no money (0 or blank) while its
/// 其中 rows do (p07: 年度资金总额 0 / 0 / 0, 其中:本年财政拨款 132.912 of
/// 132.912): the money score the parts give (执行率 × 分值, capped) against
/// the one printed. A `warning`: which row the form meant is the reader's call.
fn from_parts(f: &Form, t: &MoneyRow, out: &mut Vec<Finding>) {
    let Some(sc) = &t.score else { return };
    let zero = |p: &Option<Printed>| p.as_ref().is_none_or(|x| x.value.is_zero());
    if !(zero(&t.spent) && zero(&t.annual)) {
        return;
    }
    let parts: Vec<&MoneyRow> = f
        .money
        .iter()
        .filter(|m| m.kind == crate::extract::forms::MoneyKind::Part && m.group.is_none())
        .filter(|m| m.annual.as_ref().is_some_and(|a| a.value > Decimal::ZERO) && m.spent.is_some())
        .collect();
    let [m] = parts.as_slice() else { return };
    let (Some(a), Some(s)) = (&m.annual, &m.spent) else {
        return;
    };
    let Some(pts) = money_points(f) else { return };
    let Some(ratio) = s.interval().divided_by(a.interval()) else {
        return;
    };
    let cap = |v: Decimal| v.min(pts).max(Decimal::ZERO);
    let iv = Interval {
        lo: cap(ratio.lo * pts),
        hi: cap(ratio.hi * pts),
    };
    if iv.overlaps(sc.awarded()) {
        return;
    }
    let Some(exact) = s.value.checked_div(a.value) else {
        return;
    };
    let due = cap(exact * pts).round_dp(2);
    out.push(Finding {
        severity: Severity::Warning,
        claimed: sc.raw.clone(),
        expected: plain(due),
        difference: Some(due - sc.value),
        message: format!(
            "预算执行得分印为{}（{}行未列资金），但{}全年执行数{}÷全年预算数{}={}%，×分值{}应为{}。",
            sc.raw,
            t.label,
            m.label,
            s.raw,
            a.raw,
            plain((exact * Decimal::ONE_HUNDRED).round_dp(2)),
            plain(pts),
            plain(due)
        ),
        ..at_money(f, RULE, t)
    });
}

#[cfg(test)]
mod tests {
    use crate::check::{findings_of, Severity};

    fn form(score: &str) -> String {
        format!(
            "项目支出绩效自评表\n项目名称\t测试项目\n项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n\
             年度资金总额\t0\t0\t0\t10\t0\t{score}\n\
             其中：本年财政拨款\t60.5\t48.4\t48.4\t—\t—\t—\n\
             一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n\
             产出指标\t数量指标\t完成数量\t≥10个\t10个\t90\t90\n"
        )
    }

    #[test]
    fn a_zero_total_row_scored_against_its_part() {
        // 48.4 of 48.4 spent: 100% of 10 is 10, printed 0
        let f: Vec<_> = findings_of(&form("0"))
            .into_iter()
            .filter(|f| f.rule == super::RULE)
            .map(|f| (f.severity, f.claimed, f.expected))
            .collect();
        assert_eq!(f, [(Severity::Warning, "0".to_string(), "10".to_string())]);
        // scored as its part says: nothing from the part (the printed 0% is
        // another matter)
        assert!(findings_of(&form("10"))
            .iter()
            .all(|f| f.rule != super::RULE || !f.message.contains("行未列资金")));
    }

    /// A form of 10 money points and indicators of 25 + 45 + `last` points,
    /// with 总分 printing `total` points; the 成本指标 row sits under 产出指标.
    fn pointed(last: &str, total: &str) -> String {
        format!(
            "项目支出绩效自评表\n项目名称\t测试项目\n项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n\
             年度资金总额\t100\t100\t100\t10\t100%\t10\n\
             一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n\
             产出指标\t数量指标\t完成数量\t≥10个\t10个\t25\t25\n\
             产出指标\t成本指标\t单位成本\t≤5万元\t4万元\t45\t45\n\
             满意度指标\t服务对象满意度指标\t满意度\t≥90%\t95%\t{last}\t{last}\n\
             总分\t{total}\t{total}\n"
        )
    }

    #[test]
    fn points_agreeing_with_a_total_other_than_100_are_a_warning() {
        let weight = |text: &str| -> Vec<(Severity, String, String)> {
            findings_of(text)
                .into_iter()
                .filter(|f| f.rule == super::WEIGHT)
                .map(|f| (f.severity, f.claimed, f.expected))
                .collect()
        };
        // 10 + 25 + 45 + 20 = 100: nothing
        assert_eq!(weight(&pointed("20", "100")), []);
        // 10 + 25 + 45 + 25 = 105, and 总分 prints 105: consistent, yet not 100
        assert_eq!(
            weight(&pointed("25", "105")),
            [(Severity::Warning, "105".into(), "100".into())]
        );
    }

    #[test]
    fn a_level_word_of_both_lists_after_level_1_is_level_2() {
        let p = crate::patterns::Patterns::builtin().unwrap();
        let text = pointed("20", "100");
        let ingested = crate::ingest::from_bytes(text.as_bytes(), std::path::Path::new("t.txt"));
        let forms = crate::pipeline::analyse_ingested(ingested, &p).forms;
        let cost = forms[0].indicators.iter().find(|r| r.name == "单位成本").unwrap();
        assert_eq!((cost.level1.as_str(), cost.level2.as_str()), ("产出指标", "成本指标"));
    }

    /// A weighted row's 单项指标得分 is out of 100: a met target scored 60 of
    /// 100 is a deduction (`info`), one scored 100 is none (written here).
    #[test]
    fn a_met_weighted_row_below_100_is_a_deduction() {
        let t = "预算项目绩效自评表\n项目名称\t测试项目\n项目资金（万元）\t全年预算数\t全年执行数\t执行率\n年度资金总额\t8\t8\t100%\n\
             一级指标\t二级指标\t三级指标\t预期指标值\t实际完成值\t单项指标得分\t权重占比(%)\t单项指标折算得分\n\
             产出指标\t数量指标\t发放人数\t≥200人\t205人\t60\t50\t30\n\
             \t时效指标\t按月发放率\t≥98%\t100%\t100\t50\t50\n";
        let f: Vec<_> = findings_of(t)
            .into_iter()
            .filter(|f| f.rule == super::DEDUCTED)
            .map(|f| (f.severity, f.item, f.claimed, f.expected))
            .collect();
        assert_eq!(
            f,
            [(
                Severity::Info,
                "发放人数".to_string(),
                "60".to_string(),
                "100".to_string()
            )]
        );
    }
}

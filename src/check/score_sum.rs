//! SCORE.SUM — the indicator scores add up to the table's total (and to each
//! subtotal), and a total stated in prose equals the table's.

use super::words::{place, pts};
use super::{Finding, Severity};
use crate::extract::scorecard::Scorecard;
use crate::extract::Facts;
use crate::num::{plain, Interval};

pub const RULE: &str = "SCORE.SUM";

pub fn check(f: &Facts) -> Vec<Finding> {
    let mut out = Vec::new();
    for card in &f.scorecards {
        let start = out.len();
        if let Some(total) = &card.total {
            if let Some(sum) = sum_of(card, |_| true) {
                if !sum.1.overlaps(total.value.interval()) {
                    out.push(Finding {
                        rule: RULE,
                        severity: Severity::Error,
                        item: total.label.clone(),
                        claimed: total.value.raw.clone(),
                        expected: plain(sum.0),
                        difference: Some(sum.0 - total.value.value),
                        message: format!(
                            "评分表{}项指标得分合计{}分，而表中“{}”填报{}分，相差{}分；总分应等于各项得分之和（差额超出四舍五入范围）。",
                            card.lines.len(),
                            pts(sum.0),
                            total.label,
                            total.value.raw,
                            pts((sum.0 - total.value.value).abs())
                        ),
                        unit: "分".into(),
                        evidence: total.evidence.clone(),
                        index: total.index,
                        line: total.line,
                        page: total.page,
                        ..Finding::default()
                    });
                }
            }
        }
        for (group, st) in &card.subtotals {
            if let Some(sum) = sum_of(card, |l| l.level1 == *group || l.level2 == *group) {
                if !sum.1.overlaps(st.value.interval()) {
                    out.push(Finding {
                        rule: RULE,
                        severity: Severity::Error,
                        item: format!("{group}{}", st.label),
                        claimed: st.value.raw.clone(),
                        expected: plain(sum.0),
                        difference: Some(sum.0 - st.value.value),
                        message: format!(
                            "“{group}”下各项指标得分合计{}分，而其{}填报{}分，相差{}分；小计应等于所属各项得分之和。",
                            pts(sum.0),
                            st.label,
                            st.value.raw,
                            pts((sum.0 - st.value.value).abs())
                        ),
                        unit: "分".into(),
                        evidence: st.evidence.clone(),
                        index: st.index,
                        line: st.line,
                        page: st.page,
                        ..Finding::default()
                    });
                }
            }
        }
        // a card read in part sums only the part read
        super::score_weight::soften(card, &mut out[start..]);
    }
    // prose totals against the table's
    if let Some(table) = f.scorecards.iter().find_map(|c| c.total.as_ref()) {
        for t in &f.claims.totals {
            if !t.value.interval().overlaps(table.value.interval()) {
                out.push(Finding {
                    rule: RULE,
                    severity: Severity::Error,
                    item: t.label.clone(),
                    claimed: t.value.raw.clone(),
                    expected: table.value.raw.clone(),
                    difference: Some(table.value.value - t.value.value),
                    message: format!(
                        "正文所述{}为{}分，而评分表“{}”为{}分（{}），两处自评总分应一致。",
                        t.label,
                        t.value.raw,
                        table.label,
                        table.value.raw,
                        place(table.line, table.page)
                    ),
                    unit: "分".into(),
                    evidence: t.evidence.clone(),
                    index: t.index,
                    line: t.line,
                    page: t.page,
                    ..Finding::default()
                });
            }
        }
    }
    out
}

/// The sum of the scores of the lines `pick` selects (value, interval); None
/// when any selected line has no score or nothing is selected.
fn sum_of(
    card: &Scorecard,
    pick: impl Fn(&crate::extract::scorecard::ScoreLine) -> bool,
) -> Option<(rust_decimal::Decimal, Interval)> {
    let mut v = rust_decimal::Decimal::ZERO;
    let mut iv = Interval::exact(v);
    let mut n = 0;
    for l in card.lines.iter().filter(|l| pick(l)) {
        let c = l.claimed.as_ref()?;
        v += c.value;
        iv = iv + c.awarded();
        n += 1;
    }
    (n > 0).then_some((v, iv))
}

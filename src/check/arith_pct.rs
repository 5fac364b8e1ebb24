//! ARITH.PCT — a stated rate is the ratio of its stated figures: `完成预算的
//! 79.83%`, `占财政拨款支出的 3.80%`, a table's rate column, and rate keys
//! (执行率 = 决算数 / 调整后预算) with both figures in the paragraph.

use super::arith::{finding, show, truncates_to};
use super::{Finding, Severity};
use crate::extract::figures::Figure;
use crate::extract::relations::{Related, Relation};
use crate::extract::Facts;
use crate::num::plain;
use rust_decimal::Decimal;

pub const RULE: &str = "ARITH.PCT";

pub fn check(f: &Facts) -> Vec<Finding> {
    let figs = &f.figures;
    let mut out = Vec::new();
    for r in &f.relations {
        // Shares of one whole together past 100%, beyond rounding.
        if let Relation::Shares { shares } = &r.relation {
            let add =
                |f: &dyn Fn(usize) -> Decimal| shares.iter().try_fold(Decimal::ZERO, |acc, &k| acc.checked_add(f(k)));
            let (Some(lo), Some(total)) = (add(&|k| figs[k].interval().lo), add(&|k| figs[k].printed.value)) else {
                continue;
            };
            if lo > Decimal::ONE {
                let rf = &figs[r.anchor];
                let named: Vec<String> = shares.iter().map(|&k| show(&figs[k])).collect();
                let message = format!(
                    "各项占比{}合计{}{}，超过100%。",
                    named.join("、"),
                    plain(total),
                    rf.unit
                );
                out.push(finding(RULE, r, rf, total, Decimal::from(100), message));
            }
            continue;
        }
        if let Relation::Excess {
            rate,
            current,
            excess,
            over,
        } = &r.relation
        {
            out.extend(excess_rate(r, &figs[*rate], &figs[*current], &figs[*excess], *over));
            continue;
        }
        let Relation::Ratio { rate, num, den } = &r.relation else {
            continue;
        };
        let (rf, nf, df) = (&figs[*rate], &figs[*num], &figs[*den]);
        let Some(ratio) = nf.interval().divided_by(df.interval()) else {
            continue;
        };
        if df.value().is_zero() {
            continue;
        }
        let Some(exact) = nf.value().checked_div(df.value()) else {
            continue;
        };
        // In the rate's printed unit (percent).
        let scale = if rf.factor.is_zero() { Decimal::ONE } else { rf.factor };
        if ratio.overlaps(rf.interval()) {
            // Within the operands' rounding, but the printed operands give a
            // rate that rounds elsewhere and truncates to the printed one
            // (d25 2.48÷7.69=32.2497% printed 32.24%; d05 38.2877% printed
            // 38.28%): spec "Rounding" — info, saying so.
            let Some(in_unit) = exact.checked_div(scale) else {
                continue;
            };
            let d = rf.printed.decimals;
            let rounded = in_unit.round_dp_with_strategy(d, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
            if rounded.abs() != rf.printed.value.abs() && truncates_to(in_unit, rf) {
                out.push(truncation(r, rf, nf, df, in_unit));
            }
            continue;
        }
        // checked: a ratio near the decimal range is skipped, not a panic
        let (Some(expected), Some(lo), Some(hi)) = (
            exact.checked_div(scale),
            ratio.lo.checked_div(scale),
            ratio.hi.checked_div(scale),
        ) else {
            continue;
        };
        let exact_in_unit = expected;
        let expected = expected.round_dp(rf.printed.decimals.max(2));
        let claimed = rf.printed.value;
        let in_unit = exact_in_unit;
        if truncates_to(in_unit, rf) {
            // Spec "Rounding": agreement by truncation is not an error.
            out.push(truncation(r, rf, nf, df, in_unit));
            continue;
        }
        let (lo, hi) = (lo.round_dp(2), hi.round_dp(2));
        let range = if lo == hi {
            String::new()
        } else {
            format!(
                "（按所印位数取舍，比值最低{}{}、最高{}{}）",
                plain(lo),
                rf.unit,
                plain(hi),
                rf.unit
            )
        };
        let message = format!(
            "{}÷{}={}{}，与所列{}不符{}。",
            show(nf),
            show(df),
            plain(expected),
            rf.unit,
            show(rf),
            range
        );
        out.push(finding(RULE, r, rf, claimed, expected, message));
    }
    out
}

/// A rate printed by truncating its exact value (`in_unit`, in the rate's
/// unit): an info finding that says so.
fn truncation(r: &Related, rf: &Figure, nf: &Figure, df: &Figure, in_unit: Decimal) -> Finding {
    let message = format!(
        "{}÷{}={}{}，所列{}为截去尾数所得，按四舍五入应为{}{}。",
        show(nf),
        show(df),
        plain(in_unit.round_dp(rf.printed.decimals + 2)),
        rf.unit,
        show(rf),
        plain(in_unit.round_dp(rf.printed.decimals)),
        rf.unit
    );
    let mut x = finding(
        RULE,
        r,
        rf,
        rf.printed.value,
        in_unit.round_dp(rf.printed.decimals),
        message,
    );
    x.severity = Severity::Info;
    x
}

/// A completion rate against the budget implied by the stated gap
/// (`1741.75万元 … 完成年初预算100%，决算数大于预算数55.93万元`: the budget is
/// 1741.75 − 55.93 = 1685.82, so 103.32%).
fn excess_rate(r: &Related, rf: &Figure, cf: &Figure, ef: &Figure, over: bool) -> Option<Finding> {
    let budget = if over {
        cf.interval() - ef.interval()
    } else {
        cf.interval() + ef.interval()
    };
    let ratio = cf.interval().divided_by(budget)?;
    if ratio.overlaps(rf.interval()) {
        return None;
    }
    let b = if over {
        cf.value().checked_sub(ef.value())?
    } else {
        cf.value().checked_add(ef.value())?
    };
    if b <= Decimal::ZERO {
        return None;
    }
    let scale = if rf.factor.is_zero() { Decimal::ONE } else { rf.factor };
    let exact = cf.value().checked_div(b)?.checked_div(scale)?;
    if truncates_to(exact, rf) {
        return None;
    }
    let expected = exact.round_dp(rf.printed.decimals.max(2));
    let in_cur = super::arith::in_unit(b, cf);
    // the budget with the decimals its operands print (`820.20`)
    let mut budget = in_cur.round_dp(cf.printed.decimals.max(ef.printed.decimals));
    budget.rescale(cf.printed.decimals.max(ef.printed.decimals));
    let message = format!(
        "决算数{}比预算数{}{}，预算数应为{}{}，{}÷{}{}={}{}，与所列完成预算{}不符。",
        show(cf),
        if over { "多" } else { "少" },
        show(ef),
        budget,
        cf.unit,
        show(cf),
        budget,
        cf.unit,
        plain(expected),
        rf.unit,
        show(rf)
    );
    let mut x = finding(RULE, r, rf, rf.printed.value, expected, message);
    x.severity = Severity::Warning;
    Some(x)
}

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

//! ARITH.PCT — a stated rate is the ratio of its stated figures: `完成预算的
//! 79.83%`, `占财政拨款支出的 3.80%`, a table's rate column, and rate keys
//! (执行率 = 决算数 / 调整后预算) with both figures in the paragraph.

use super::arith::{finding, show};
use super::Finding;
use crate::extract::relations::Relation;
use crate::extract::Facts;
use crate::num::plain;
use rust_decimal::Decimal;

pub const RULE: &str = "ARITH.PCT";

pub fn check(f: &Facts) -> Vec<Finding> {
    let figs = &f.figures;
    let mut out = Vec::new();
    for r in &f.relations {
        let Relation::Ratio { rate, num, den } = &r.relation else {
            continue;
        };
        let (rf, nf, df) = (&figs[*rate], &figs[*num], &figs[*den]);
        let Some(ratio) = nf.interval().divided_by(df.interval()) else {
            continue;
        };
        if ratio.overlaps(rf.interval()) || df.value().is_zero() {
            continue;
        }
        let Some(exact) = nf.value().checked_div(df.value()) else {
            continue;
        };
        // In the rate's printed unit (percent).
        let scale = if rf.factor.is_zero() { Decimal::ONE } else { rf.factor };
        // checked: a ratio near the decimal range is skipped, not a panic
        let (Some(expected), Some(lo), Some(hi)) = (
            exact.checked_div(scale),
            ratio.lo.checked_div(scale),
            ratio.hi.checked_div(scale),
        ) else {
            continue;
        };
        let expected = expected.round_dp(rf.printed.decimals.max(2));
        let claimed = rf.printed.value;
        let message = format!(
            "{}÷{}={}{}（舍入范围内{}至{}），与所列{}不符。",
            show(nf),
            show(df),
            plain(expected),
            rf.unit,
            plain(lo.round_dp(2)),
            plain(hi.round_dp(2)),
            show(rf)
        );
        out.push(finding(RULE, r, rf, claimed, expected, message));
    }
    out
}

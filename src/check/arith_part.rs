//! ARITH.PART — a part is not larger than its whole: `其中` parts (each, and
//! together), a `其中` column against its column, a breakdown listed after
//! `其中`, and bounds such as spending within the budget.

use super::arith::{finding, in_unit, show};
use super::Finding;
use crate::extract::relations::Relation;
use crate::extract::Facts;
use crate::num::Interval;
use rust_decimal::Decimal;

pub const RULE: &str = "ARITH.PART";

pub fn check(f: &Facts) -> Vec<Finding> {
    let figs = &f.figures;
    let mut out = Vec::new();
    for r in &f.relations {
        let Relation::Part { whole, parts } = &r.relation else {
            continue;
        };
        let w = figs[*whole].interval();
        let sum = parts
            .iter()
            .fold(Interval::exact(Decimal::ZERO), |a, &k| a + figs[k].interval());
        if sum.lo <= w.hi {
            continue;
        }
        // Parts together: only when no single part already exceeds the whole
        // (that one is reported on its own).
        if parts.len() > 1 && parts.iter().any(|&k| figs[k].interval().lo > w.hi) {
            continue;
        }
        let anchor = &figs[r.anchor];
        let whole_f = &figs[*whole];
        let value: Decimal = parts.iter().map(|&k| figs[k].value()).sum();
        let named: Vec<String> = parts
            .iter()
            .map(|&k| format!("{}{}", figs[k].label, show(&figs[k])))
            .collect();
        let what = if parts.len() > 1 { "合计" } else { "" };
        let message = format!(
            "{}{}大于{}{}，部分不应超过整体。",
            named.join("、"),
            what,
            whole_f.label,
            show(whole_f)
        );
        let claimed = in_unit(value, whole_f);
        let expected = in_unit(whole_f.value(), whole_f);
        out.push(finding(RULE, r, anchor, claimed, expected, message));
    }
    out
}

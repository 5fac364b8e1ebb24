//! ARITH.SUM — parts add up to their total: table total rows and columns,
//! complete breakdowns (`按资金来源分…`), `合计…其中…`, key identities
//! (年初预算 + 调整 = 调整后预算), and a budget's sources against its uses.

use super::arith::{finding, in_unit, show, shown};
use super::Finding;
use crate::extract::relations::Relation;
use crate::extract::Facts;
use crate::num::Interval;
use rust_decimal::Decimal;

pub const RULE: &str = "ARITH.SUM";

pub fn check(f: &Facts) -> Vec<Finding> {
    let figs = &f.figures;
    let mut out = Vec::new();
    for r in &f.relations {
        let Relation::Sum { plus, minus, total } = &r.relation else {
            continue;
        };
        let zero = Interval::exact(Decimal::ZERO);
        let sum = |ks: &[usize]| ks.iter().fold(zero, |acc, &k| acc + figs[k].interval());
        let value = |ks: &[usize]| ks.iter().map(|&k| figs[k].value()).sum::<Decimal>();
        let lhs = sum(plus) - sum(minus);
        let rhs = sum(total);
        if lhs.overlaps(rhs) {
            continue;
        }
        let anchor = &figs[r.anchor];
        let parts = value(plus) - value(minus);
        let whole = value(total);
        let mut terms: Vec<String> = plus
            .iter()
            .map(|&k| format!("{}{}", figs[k].label, show(&figs[k])))
            .collect();
        terms.extend(minus.iter().map(|&k| format!("减{}{}", figs[k].label, show(&figs[k]))));
        let claimed = in_unit(whole, anchor);
        let expected = in_unit(parts, anchor);
        let totals: Vec<String> = total
            .iter()
            .map(|&k| format!("{}{}", figs[k].label, show(&figs[k])))
            .collect();
        let message = format!(
            "{}之和为{}{}，与{}不符，差额超出舍入误差。",
            terms.join("、"),
            shown(expected, anchor),
            anchor.unit,
            totals.join("、"),
        );
        out.push(finding(RULE, r, anchor, claimed, expected, message));
    }
    out
}

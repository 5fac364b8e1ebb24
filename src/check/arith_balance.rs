//! ARITH.BALANCE — opening carry-over + income − spending = closing
//! carry-over, when the report states all four once.

use super::arith::{finding, in_unit, show, shown};
use super::Finding;
use crate::extract::relations::Relation;
use crate::extract::Facts;

pub const RULE: &str = "ARITH.BALANCE";

pub fn check(f: &Facts) -> Vec<Finding> {
    let figs = &f.figures;
    let mut out = Vec::new();
    for r in &f.relations {
        let Relation::Balance {
            opening,
            income,
            spending,
            closing,
        } = &r.relation
        else {
            continue;
        };
        let (o, i, s, c) = (&figs[*opening], &figs[*income], &figs[*spending], &figs[*closing]);
        let lhs = o.interval() + i.interval() - s.interval();
        if lhs.overlaps(c.interval()) {
            continue;
        }
        let expected = in_unit(o.value() + i.value() - s.value(), c);
        let message = format!(
            "{}{} + {}{} − {}{} = {}{}，与{}{}不符。",
            o.label,
            show(o),
            i.label,
            show(i),
            s.label,
            show(s),
            shown(expected, c),
            c.unit,
            c.label,
            show(c)
        );
        out.push(finding(RULE, r, c, c.printed.value, expected, message));
    }
    out
}

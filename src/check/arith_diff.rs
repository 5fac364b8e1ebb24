//! ARITH.DIFF — a stated change agrees with its two values: `与上年 501.24
//! 万元相比，减少 119.73 万元，下降 23.89%` against this year's figure.

use super::arith::{finding, in_unit, show, shown};
use super::Finding;
use crate::extract::relations::Relation;
use crate::extract::Facts;
use crate::num::{plain, Interval};
use rust_decimal::Decimal;

pub const RULE: &str = "ARITH.DIFF";

pub fn check(f: &Facts) -> Vec<Finding> {
    let figs = &f.figures;
    let mut out = Vec::new();
    for r in &f.relations {
        let Relation::Change {
            current,
            base,
            delta,
            pct,
            decrease,
        } = &r.relation
        else {
            continue;
        };
        let cur = &figs[*current];
        // The change as this year minus the base (negative for a decrease).
        let signed = |i: Interval| {
            if *decrease {
                Interval { lo: -i.hi, hi: -i.lo }
            } else {
                i
            }
        };
        if let (Some(b), Some(d)) = (base, delta) {
            let (bf, df) = (&figs[*b], &figs[*d]);
            let actual = cur.interval() - bf.interval();
            if !actual.overlaps(signed(df.interval())) {
                let expected = (cur.value() - bf.value()).abs();
                let message = format!(
                    "{}与{}相差{}{}，与所列变动{}不符（{}）。",
                    show(cur),
                    show(bf),
                    shown(in_unit(expected, df), df),
                    df.unit,
                    show(df),
                    if *decrease { "减少" } else { "增加" }
                );
                out.push(finding(RULE, r, df, df.printed.value, in_unit(expected, df), message));
                continue;
            }
        }
        let Some(p) = pct else { continue };
        let pf = &figs[*p];
        // The base: stated, or this year's figure less the change.
        let (base_i, base_v) = match (base, delta) {
            (Some(b), _) => (figs[*b].interval(), figs[*b].value()),
            (None, Some(d)) => {
                let di = signed(figs[*d].interval());
                let dv = if *decrease { -figs[*d].value() } else { figs[*d].value() };
                (cur.interval() - di, cur.value() - dv)
            }
            _ => continue,
        };
        let change_i = match delta {
            Some(d) => figs[*d].interval(),
            None => {
                let a = cur.interval() - base_i;
                Interval {
                    lo: a.lo.abs().min(a.hi.abs()),
                    hi: a.lo.abs().max(a.hi.abs()),
                }
            }
        };
        let Some(ratio) = change_i.divided_by(base_i) else {
            continue;
        };
        if ratio.overlaps(pf.interval()) || base_v.is_zero() {
            continue;
        }
        let change_v = match delta {
            Some(d) => figs[*d].value(),
            None => (cur.value() - base_v).abs(),
        };
        let scale = if pf.factor.is_zero() { Decimal::ONE } else { pf.factor };
        let expected = (change_v / base_v / scale).round_dp(pf.printed.decimals.max(2));
        let message = format!(
            "变动{}÷基数{}={}{}，与所列变动率{}不符。",
            plain(in_unit(change_v, cur).round_dp(4)),
            plain(in_unit(base_v, cur).round_dp(4)),
            plain(expected),
            pf.unit,
            show(pf)
        );
        out.push(finding(RULE, r, pf, pf.printed.value, expected, message));
    }
    out
}

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
        if let Relation::Named { count, names } = &r.relation {
            out.extend(named(r, &figs[*count], names));
            continue;
        }
        let Relation::Sum { plus, minus, total } = &r.relation else {
            continue;
        };
        let zero = Interval::exact(Decimal::ZERO);
        let sum = |ks: &[usize]| ks.iter().fold(zero, |acc, &k| acc + figs[k].interval());
        let value = |ks: &[usize]| ks.iter().map(|&k| figs[k].value()).sum::<Decimal>();
        let lhs = sum(plus) - sum(minus);
        let rhs = sum(total);
        // A list read as most likely complete (a warning) whose items mix
        // decimals (`30万元；30万元；29.99万元`) prints whole numbers exactly:
        // the items printed with fewer decimals than the list's finest are read as
        // exact (r03, p07 of the real dev set).
        let members: Vec<usize> = plus.iter().chain(minus).chain(total).copied().collect();
        let finest = members.iter().map(|&k| figs[k].printed.decimals).max().unwrap_or(0);
        let mixed = members.iter().any(|&k| figs[k].printed.decimals < finest);
        let at_finest = |ks: &[usize]| {
            ks.iter().fold(zero, |acc, &k| {
                let f = &figs[k];
                if f.printed.decimals < finest {
                    acc + Interval::exact(f.value())
                } else {
                    acc + f.interval()
                }
            })
        };
        let strict = r.warning && mixed && !(at_finest(plus) - at_finest(minus)).overlaps(at_finest(total));
        if lhs.overlaps(rhs) && !strict {
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
        let message = if lhs.overlaps(rhs) {
            format!(
                "{}之和为{}{}，与{}不符（所列金额中位数较少的按准确数计，最细为{}位小数）。",
                terms.join("、"),
                shown(expected, anchor),
                anchor.unit,
                totals.join("、"),
                finest
            )
        } else {
            format!(
                "{}之和为{}{}，与{}不符，差额超出舍入误差。",
                terms.join("、"),
                shown(expected, anchor),
                anchor.unit,
                totals.join("、"),
            )
        };
        out.push(finding(RULE, r, anchor, claimed, expected, message));
    }
    out
}

/// A count of named bodies against the names listed: a warning when they
/// differ (a name may hold two bodies, `办公室（财务室）`, or a list be cut).
fn named(
    r: &crate::extract::relations::Related,
    cf: &crate::extract::figures::Figure,
    names: &[String],
) -> Option<Finding> {
    let listed = Decimal::from(names.len());
    if cf.printed.value == listed {
        return None;
    }
    let message = format!(
        "所称{}{}，列出名称{}个（{}），数目不符（一个名称可能含两个机构，请核对）。",
        show(cf),
        r.item,
        names.len(),
        names.join("、")
    );
    let mut x = finding(RULE, r, cf, cf.printed.value, listed, message);
    x.severity = super::Severity::Warning;
    Some(x)
}

//! CLAIM.CONFLICT (figures) — one canonical figure (`budget.adjusted`,
//! `sangong.actual` …) of one subject stated twice with values no rounding
//! reconciles, such as prose against a table. Figures of different scopes (a
//! project, a sub-unit, another year) are never compared; a figure that is a
//! `其中` part of another of the same key (在职人员 1172 人，其中在职 1133 人) is
//! not a second statement of it.

use super::arith::show;
use super::{Finding, Severity};
use crate::extract::relations::Relation;
use crate::extract::Facts;
use crate::num::plain;
use crate::patterns::UnitKind;
use std::collections::{BTreeMap, BTreeSet};

pub const RULE: &str = "CLAIM.CONFLICT";

/// How many distinct earlier values of one key a figure is compared with.
const KEEP: usize = 8;

pub fn check(f: &Facts) -> Vec<Finding> {
    // (whole, part) pairs of the relations: not two statements of one figure.
    let mut nested: BTreeSet<(usize, usize)> = BTreeSet::new();
    for r in &f.relations {
        match &r.relation {
            Relation::Part { whole, parts } => nested.extend(parts.iter().map(|&p| (*whole, p))),
            Relation::Sum { plus, minus, total } => {
                for &t in total {
                    nested.extend(plus.iter().chain(minus).map(|&p| (t, p)));
                }
            }
            _ => {}
        }
    }
    let inner: BTreeSet<usize> = nested
        .iter()
        .filter(|&&(w, p)| f.figures[w].key == f.figures[p].key)
        .map(|&(_, p)| p)
        .collect();
    let mut by_key: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (k, fig) in f.figures.iter().enumerate() {
        if !fig.key.is_empty() && !fig.approx && !fig.prior {
            by_key
                .entry((fig.key.as_str(), fig.scope.as_str()))
                .or_default()
                .push(k);
        }
    }
    let mut out = Vec::new();
    for ks in by_key.values() {
        // Distinct values met so far (each one's first statement), nearest last.
        let mut seen: Vec<usize> = Vec::new();
        for &k in ks {
            let other = &f.figures[k];
            let agrees = seen.iter().any(|&s| {
                f.figures[s].interval().overlaps(other.interval())
                    || nested.contains(&(s, k))
                    || nested.contains(&(k, s))
            });
            let Some(&first_k) = seen.last() else {
                seen.push(k);
                continue;
            };
            if agrees || inner.contains(&k) {
                continue;
            }
            let first = &f.figures[first_k];
            let factor = if other.factor.is_zero() {
                rust_decimal::Decimal::ONE
            } else {
                other.factor
            };
            let claimed = other.value() / factor;
            let expected = first.value() / factor;
            let amount_yuan = (other.kind == UnitKind::Money).then(|| (first.value() - other.value()).abs());
            let first_where = if first.is_table() { "表中" } else { "正文" };
            let other_where = if other.is_table() { "表中" } else { "正文" };
            out.push(Finding {
                rule: RULE,
                severity: Severity::Error,
                item: other.label.clone(),
                claimed: plain(claimed),
                expected: plain(expected),
                difference: Some(expected - claimed),
                message: format!(
                    "“{}”在第{}行{}为{}，在第{}行{}为{}，同一数字前后不一致。",
                    other.label,
                    first.line,
                    first_where,
                    show(first),
                    other.line,
                    other_where,
                    show(other)
                ),
                evidence: format!(
                    "{}：{}（第{}行）；{}：{}（第{}行）",
                    first.label, first.raw, first.line, other.label, other.raw, other.line
                ),
                index: other.index,
                line: other.line,
                page: other.page,
                unit: other.unit.clone(),
                amount_yuan,
                ..Finding::default()
            });
            if seen.len() < KEEP {
                seen.push(k);
            }
        }
    }
    out
}

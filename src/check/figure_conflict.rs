//! CLAIM.CONFLICT (figures) — one canonical figure (`budget.adjusted`,
//! `sangong.actual` …) stated twice with values no rounding reconciles, such
//! as prose against a table.

use super::arith::show;
use super::{Finding, Severity};
use crate::extract::Facts;
use crate::num::plain;
use std::collections::BTreeMap;

pub const RULE: &str = "CLAIM.CONFLICT";

pub fn check(f: &Facts) -> Vec<Finding> {
    let mut by_key: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (k, fig) in f.figures.iter().enumerate() {
        if !fig.key.is_empty() && !fig.approx && !fig.prior {
            by_key.entry(fig.key.as_str()).or_default().push(k);
        }
    }
    let mut out = Vec::new();
    for (key, ks) in by_key {
        let first = &f.figures[ks[0]];
        for &k in &ks[1..] {
            let other = &f.figures[k];
            if other.interval().overlaps(first.interval()) {
                continue;
            }
            let claimed = other.value() / other.factor;
            let expected = first.value() / other.factor;
            out.push(Finding {
                rule: RULE,
                severity: Severity::Error,
                item: other.label.clone(),
                claimed: plain(claimed),
                expected: plain(expected),
                difference: Some(expected - claimed),
                message: format!(
                    "{key}在第{}行为{}，在第{}行为{}，同一数字两处不一致。",
                    first.line,
                    show(first),
                    other.line,
                    show(other)
                ),
                evidence: format!(
                    "{}：{}（第{}行）；{}：{}（第{}行）",
                    first.label, first.raw, first.line, other.label, other.raw, other.line
                ),
                index: other.index,
                line: other.line,
                page: other.page,
                ..Finding::default()
            });
        }
    }
    out
}

//! SCORE.MAX — no indicator scores above its points, or below zero.

use super::{Finding, Severity};
use crate::extract::Facts;
use crate::num::plain;
use rust_decimal::Decimal;

pub const RULE: &str = "SCORE.MAX";

pub fn check(f: &Facts) -> Vec<Finding> {
    let mut out = Vec::new();
    for l in f.scorecards.iter().flat_map(|c| &c.lines) {
        let (Some(pts), Some(c)) = (&l.points, &l.claimed) else {
            continue;
        };
        let (expected, message) = if c.awarded().lo > pts.value {
            (
                pts.value,
                format!(
                    "“{}”自评{}分，超过该指标的分值{}分；得分不能高于分值。",
                    l.indicator, c.raw, pts.raw
                ),
            )
        } else if c.value < Decimal::ZERO {
            (
                Decimal::ZERO,
                format!(
                    "“{}”自评{}分，为负数；得分应在0至{}分之间。",
                    l.indicator, c.raw, pts.raw
                ),
            )
        } else {
            continue;
        };
        out.push(Finding {
            rule: RULE,
            severity: Severity::Error,
            item: l.indicator.clone(),
            claimed: c.raw.clone(),
            expected: plain(expected),
            difference: Some(expected - c.value),
            message,
            evidence: l.evidence.clone(),
            index: l.index,
            line: l.line,
            page: l.page,
            unit: "分".into(),
            ..Finding::default()
        });
    }
    out
}

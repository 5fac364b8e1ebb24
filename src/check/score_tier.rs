//! SCORE.TIER — a tiered indicator (tiers, steps of a checklist, or sums of
//! them) claims a score that no combination of its tiers gives.

use super::{words, Finding, Severity};
use crate::extract::Facts;
use crate::rubric::score::show;
use crate::rubric::{Scoring, Verdict};

pub const RULE: &str = "SCORE.TIER";

pub fn check(f: &Facts, s: &Scoring) -> Vec<Finding> {
    let mut out = Vec::new();
    for (l, a) in s.lines(f) {
        let Some(c) = &l.claimed else { continue };
        if a.verdict != Verdict::NoTier {
            continue;
        }
        let expected = a.all.at_or_below(c.value).unwrap_or_default();
        out.push(Finding {
            rule: RULE,
            severity: Severity::Error,
            item: l.indicator.clone(),
            claimed: c.raw.clone(),
            expected: show(expected),
            difference: Some(expected.round_dp(4) - c.value),
            message: format!(
                "“{}”自评{}分；按{}分档计分，该项{}，自评分数不在其中（其下最近的一档为{}分）。",
                l.indicator,
                c.raw,
                words::origin(&a.origin),
                words::allowed(&a.all),
                words::pts(expected)
            ),
            unit: "分".into(),
            evidence: l.evidence.clone(),
            index: l.index,
            line: l.line,
            page: l.page,
            ..Finding::default()
        });
    }
    out
}

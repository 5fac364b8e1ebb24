//! SCORE.TIER — a tiered indicator (tiers, steps of a checklist, or sums of
//! them) claims a score that no combination of its tiers gives.

use super::{Finding, Severity};
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
                "“{}”按{}分档计分，只能得{}分，自评{}分不在其中。",
                l.indicator,
                a.origin.describe(),
                a.all.describe(),
                c.raw
            ),
            evidence: l.evidence.clone(),
            index: l.index,
            line: l.line,
            page: l.page,
            ..Finding::default()
        });
    }
    out
}

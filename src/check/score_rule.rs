//! SCORE.RULE — the indicator's rule (its printed criterion, else the library
//! rubric's), applied to figures the report states, allows a range of scores;
//! a claim above it is an error (a warning when the figures only fit the rule
//! under the usual reading), a claim below it is a discretionary deduction
//! (info).

use super::{Finding, Severity};
use crate::extract::Facts;
use crate::rubric::score::show;
use crate::rubric::{Scoring, Verdict};

pub const RULE: &str = "SCORE.RULE";

pub fn check(f: &Facts, s: &Scoring) -> Vec<Finding> {
    let mut out = Vec::new();
    for (l, a) in s.lines(f) {
        let Some(c) = &l.claimed else { continue };
        let (severity, expected, how) = match a.verdict {
            Verdict::Above | Verdict::Between => (
                if a.outcome.inferred() {
                    Severity::Warning
                } else {
                    Severity::Error
                },
                a.recomputed.unwrap_or(c.value),
                "高于规则所允许",
            ),
            Verdict::Below if !a.outcome.used.is_empty() => (
                Severity::Info,
                a.allowed.min().unwrap_or(c.value),
                "低于规则所给（自评人酌情扣分，不属矛盾）",
            ),
            _ => continue,
        };
        let steps = if a.outcome.steps.is_empty() {
            String::new()
        } else {
            format!("，依报告数据：{}", a.outcome.steps.join("；"))
        };
        let used: Vec<String> = a.outcome.used.iter().map(|(_, i)| i.how.clone()).collect();
        out.push(Finding {
            rule: RULE,
            severity,
            item: l.indicator.clone(),
            claimed: c.raw.clone(),
            expected: show(expected),
            difference: Some(expected.round_dp(4) - c.value),
            message: format!(
                "“{}”自评{}分，按{}{}，可得{}分，自评{}（所用数据：{}）。",
                l.indicator,
                c.raw,
                a.origin.describe(),
                steps,
                a.allowed.describe(),
                how,
                used.join("；")
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

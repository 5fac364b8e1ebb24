//! SCORE.RULE — the indicator's rule (its printed criterion, else the library
//! rubric's), applied to figures the report states, allows a range of scores;
//! a claim above it is an error (a warning when the figures only fit the rule
//! under the usual reading), a claim below it is a discretionary deduction
//! (info).

use super::{words, Finding, Severity};
use crate::extract::Facts;
use crate::rubric::score::show;
use crate::rubric::{Scoring, Verdict};

pub const RULE: &str = "SCORE.RULE";

pub fn check(f: &Facts, s: &Scoring) -> Vec<Finding> {
    let mut out = Vec::new();
    for (l, a) in s.lines(f) {
        let Some(c) = &l.claimed else { continue };
        let (severity, expected) = match a.verdict {
            Verdict::Above | Verdict::Between => (
                if a.outcome.inferred() {
                    Severity::Warning
                } else {
                    Severity::Error
                },
                a.recomputed.unwrap_or(c.value),
            ),
            Verdict::Below if !a.outcome.used.is_empty() => (Severity::Info, a.allowed.min().unwrap_or(c.value)),
            _ => continue,
        };
        let how = match a.verdict {
            Verdict::Above => format!(
                "自评高出规则所允许的最高分{}分",
                words::pts((c.value - a.allowed.max().unwrap_or(c.value)).abs())
            ),
            Verdict::Between => "自评分数不在规则可给的分数之中".to_string(),
            _ => "自评低于规则所给，属自评人酌情扣分，不构成矛盾".to_string(),
        };
        let mut sources: Vec<String> = Vec::new();
        for (_, i) in &a.outcome.used {
            let s = words::source_of(&i.how);
            if !sources.contains(&s) {
                sources.push(s);
            }
        }
        let data = if sources.is_empty() {
            String::new()
        } else {
            format!("，以报告所列{}计算", sources.join("、"))
        };
        let caveat = if severity == Severity::Warning {
            "（所用数据按通常理解取得，报告或另有口径，请核对）"
        } else {
            ""
        };
        out.push(Finding {
            rule: RULE,
            severity,
            item: l.indicator.clone(),
            claimed: c.raw.clone(),
            expected: show(expected),
            difference: Some(expected.round_dp(4) - c.value),
            message: format!(
                "“{}”自评{}分；按{}{}，该项{}，{}{}。",
                l.indicator,
                c.raw,
                words::origin(&a.origin),
                data,
                words::allowed(&a.allowed),
                how,
                caveat
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

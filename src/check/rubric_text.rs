//! RUBRIC.TEXT — a printed criterion awards more points than its indicator
//! carries (`(8分)` in the text of a 3-point indicator).

use super::{words, Finding, Severity};
use crate::extract::Facts;
use crate::rubric::score::show;
use crate::rubric::Scoring;

pub const RULE: &str = "RUBRIC.TEXT";

pub fn check(f: &Facts, s: &Scoring) -> Vec<Finding> {
    let mut out = Vec::new();
    for (l, a) in s.lines(f) {
        let Some(pts) = &l.points else { continue };
        let Some(most) = a.printed_max else { continue };
        out.push(Finding {
            rule: RULE,
            severity: Severity::Error,
            item: l.indicator.clone(),
            claimed: show(most),
            expected: pts.raw.clone(),
            difference: Some(pts.value - most),
            message: format!(
                "“{}”分值为{}分，但其评分标准写明最多可给{}分，超出分值{}分；评分标准所给不应超过指标分值。",
                l.indicator,
                pts.raw,
                words::pts(most),
                words::pts((most - pts.value).abs())
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

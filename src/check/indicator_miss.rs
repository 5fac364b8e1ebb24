//! INDICATOR.MISS — a performance indicator's actual misses its target while
//! its row gives it full marks or calls it achieved (error), or a sentence of
//! the report calls it achieved (warning).

use super::{words, Finding, Severity};
use crate::extract::Facts;
use crate::patterns::IndicatorPatterns;
use crate::rubric::target::Met;
use crate::rubric::Scoring;

pub const RULE: &str = "INDICATOR.MISS";

pub fn check(f: &Facts, s: &Scoring, p: &IndicatorPatterns) -> Vec<Finding> {
    let mut out = Vec::new();
    for (r, j) in f.indicators.iter().zip(&s.indicators) {
        if j.met != Met::No {
            continue;
        }
        let full = matches!((&r.points, &r.score), (Some(pts), Some(s)) if s.value >= pts.value);
        let status = p.judge.achieved_cells.iter().any(|w| r.status.trim() == w);
        let (severity, claim, evidence, line, page) = if full || status {
            let claim = if full {
                format!(
                    "该行仍给满分{}分",
                    r.score.as_ref().map(|s| s.raw.as_str()).unwrap_or("")
                )
            } else {
                format!("该行完成情况仍填“{}”", r.status.trim())
            };
            (Severity::Error, claim, r.evidence.clone(), r.line, r.page)
        } else if let Some((line, page, s)) = &r.said {
            (
                Severity::Warning,
                format!("报告{}称其已达成", words::place(*line, *page)),
                s.clone(),
                *line,
                *page,
            )
        } else {
            continue;
        };
        let rule = if j.rule.is_empty() {
            String::new()
        } else {
            format!("（即{}）", words::comparison(&j.rule))
        };
        let unit = words::unit_of(&j.rule);
        let amount_yuan = words::yuan_per(&unit).and_then(|k| {
            let n = words::number_in;
            Some((n(&r.target)? - n(&r.actual)?).abs() * k)
        });
        out.push(Finding {
            rule: RULE,
            severity,
            item: r.indicator.clone(),
            claimed: r.actual.clone(),
            expected: r.target.clone(),
            difference: None,
            message: format!(
                "“{}”目标值为“{}”{}，实际完成“{}”，未达到目标；但{}。",
                r.indicator, r.target, rule, r.actual, claim
            ),
            unit,
            amount_yuan,
            evidence,
            index: r.index,
            line,
            page,
            ..Finding::default()
        });
    }
    out
}

//! CLAIM.CONFLICT — the self-evaluation total, or its grade, stated twice with
//! different values.

use super::{words, Finding, Severity};
use crate::extract::Facts;
use crate::patterns::ScorePatterns;

pub const RULE: &str = "CLAIM.CONFLICT";

pub fn check(f: &Facts, p: &ScorePatterns) -> Vec<Finding> {
    let mut out = Vec::new();
    // prose totals against the first prose total (table totals are SCORE.SUM's)
    if let Some(first) = f.claims.totals.first() {
        for t in f.claims.totals.iter().skip(1) {
            if !t.value.interval().overlaps(first.value.interval()) {
                out.push(Finding {
                    rule: RULE,
                    severity: Severity::Error,
                    item: t.label.clone(),
                    claimed: t.value.raw.clone(),
                    expected: first.value.raw.clone(),
                    difference: Some(first.value.value - t.value.value),
                    message: format!(
                        "自评总分在前文（{}）为{}分，此处为{}分，前后不一致。",
                        words::place(first.line, first.page),
                        first.value.raw,
                        t.value.raw
                    ),
                    unit: "分".into(),
                    evidence: t.evidence.clone(),
                    index: t.index,
                    line: t.line,
                    page: t.page,
                    ..Finding::default()
                });
            }
        }
    }
    // grades: every statement against the first (table first, then prose)
    let stated: Vec<_> = f
        .scorecards
        .iter()
        .filter_map(|c| c.grade.as_ref())
        .chain(&f.claims.grades)
        .collect();
    if let Some(first) = stated.first() {
        for g in stated.iter().skip(1) {
            let (a, b) = (p.rank(&first.value), p.rank(&g.value));
            if a.is_some() && b.is_some() && a != b {
                out.push(Finding {
                    rule: RULE,
                    severity: Severity::Error,
                    item: g.label.clone(),
                    claimed: g.value.clone(),
                    expected: first.value.clone(),
                    difference: None,
                    message: format!(
                        "评价等级在前文（{}）为“{}”，此处为“{}”，前后不一致。",
                        words::place(first.line, first.page),
                        first.value,
                        g.value
                    ),
                    evidence: g.evidence.clone(),
                    index: g.index,
                    line: g.line,
                    page: g.page,
                    ..Finding::default()
                });
            }
        }
    }
    out
}

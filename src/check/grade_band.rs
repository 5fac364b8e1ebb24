//! GRADE.BAND — the grade claimed is the one the total earns under the bands
//! in force: the report's own scale when it prints one, else the recognised
//! rubric's bands, else the default in `patterns/scores.toml`.

use super::{words, Finding, Severity};
use crate::extract::claims::grade_for;
use crate::extract::Facts;
use crate::patterns::{Rubric, ScorePatterns};

pub const RULE: &str = "GRADE.BAND";

pub fn check(f: &Facts, p: &ScorePatterns, rubric: Option<&Rubric>) -> Vec<Finding> {
    let (Some(total), Some(grade)) = (f.total(), f.grade()) else {
        return Vec::new();
    };
    let (bands, whose) = match (&f.claims.bands, rubric.filter(|r| !r.bands.is_empty())) {
        (Some(b), _) => (
            &b.value,
            format!("报告自定的等级标准（{}）", words::place(b.line, b.page)),
        ),
        (None, Some(r)) => (&r.bands, format!("所识别评分办法（{}）的等级标准", r.id)),
        (None, None) => (
            &p.default_bands,
            "默认等级标准（优≥90、良≥80、中≥60、差<60）".to_string(),
        ),
    };
    let Some(claimed_rank) = p.rank(&grade.value) else {
        return Vec::new();
    };
    // any value the printed total may stand for will do
    let iv = total.value.interval();
    let ranks: Vec<u8> = [iv.lo, total.value.value, iv.hi]
        .iter()
        .filter_map(|v| grade_for(*v, bands))
        .filter_map(|g| p.rank(g))
        .collect();
    if ranks.contains(&claimed_rank) || ranks.is_empty() {
        return Vec::new();
    }
    let expected = grade_for(total.value.value, bands).unwrap_or("").to_string();
    vec![Finding {
        rule: RULE,
        severity: Severity::Error,
        item: grade.label.clone(),
        claimed: grade.value.clone(),
        expected: expected.clone(),
        difference: None,
        message: format!(
            "自评总分{}分，按{}应评为“{}”，而报告评为“{}”。",
            total.value.raw, whose, expected, grade.value
        ),
        evidence: grade.evidence.clone(),
        index: grade.index,
        line: grade.line,
        page: grade.page,
        ..Finding::default()
    }]
}

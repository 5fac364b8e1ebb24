//! What a report claims in prose about its own evaluation: the total score
//! (`总得分为 93.58 分`, `我局本次自评得分 96 分`), the grade (`评价等级为“优秀`),
//! and its own grade scale (`得分≥85分为优秀；75≤得分<85分为良好…`).
//!
//! A report may quote other scores (a city-wide 加权得分, a survey's 原始得分):
//! a total counts only when its sentence speaks of the self-evaluation
//! (`context_words`) and of nothing else (`exclude_words`).

use super::scorecard::Stated;
use super::sentence;
use crate::model::Lines;
use crate::num::Printed;
use crate::patterns::{Band, ScorePatterns};
use rust_decimal::Decimal;
use std::str::FromStr;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Claims {
    pub totals: Vec<Stated<Printed>>,
    pub grades: Vec<Stated<String>>,
    /// The report's own grade scale, best band first.
    pub bands: Option<Stated<Vec<Band>>>,
}

pub fn extract(lines: Lines<'_>, p: &ScorePatterns) -> Claims {
    let mut c = Claims::default();
    for (i, line) in lines.iter().enumerate() {
        if line.cells().len() > 1 {
            continue; // tables are read by the scorecard reader
        }
        let text = line.text;
        for (v, label, s) in gated(text, &p.total_patterns, "score", &p.context_words, &p.exclude_words) {
            if let Some(v) = Printed::parse(v) {
                c.totals
                    .push(super::scorecard::at(&line, i, v, label.into()).with_evidence(s));
            }
        }
        for (g, label, s) in gated(
            text,
            &p.grade_patterns,
            "grade",
            &p.grade_context_words,
            &p.grade_exclude_words,
        ) {
            c.grades
                .push(super::scorecard::at(&line, i, g.to_string(), label.into()).with_evidence(s));
        }
        if c.bands.is_none() {
            if let Some(b) = bands(text, p) {
                c.bands = Some(super::scorecard::at(&line, i, b, "评价等级".into()));
            }
        }
    }
    c
}

/// Matches of `patterns` in `text` whose sentence contains one of `context`
/// and none of `exclude`: (the named group's text, the whole match, the sentence).
fn gated<'t>(
    text: &'t str,
    patterns: &[crate::patterns::LazyRegex],
    group: &str,
    context: &[String],
    exclude: &[String],
) -> Vec<(&'t str, &'t str, &'t str)> {
    let mut out = Vec::new();
    for r in patterns {
        for caps in r.captures_iter(text) {
            let (Some(m), Some(all)) = (caps.name(group), caps.get(0)) else {
                continue;
            };
            let s = sentence::around(text, all.start());
            let about_self = context.iter().any(|w| s.contains(w.as_str()));
            let about_other = exclude.iter().any(|w| s.contains(w.as_str()));
            if about_self && !about_other {
                out.push((m.as_str(), all.as_str(), s));
            }
        }
    }
    out
}

/// A grade scale printed in `text`: at least two clauses each naming a grade
/// and (but for the lowest) its lower bound.
pub fn bands(text: &str, p: &ScorePatterns) -> Option<Vec<Band>> {
    let mut out: Vec<Band> = Vec::new();
    for clause in text.split(['；', ';', '，', ',', '。']) {
        let clause = clause.trim();
        // (the cheap test first)
        if !clause.contains('分') {
            continue;
        }
        let Some(g) = p.band_grade.captures(clause).and_then(|c| c.name("grade")) else {
            continue;
        };
        let lower = p.band_lower.iter().find_map(|r| r.captures(clause));
        let (min, exclusive) = match lower {
            Some(caps) => {
                let n = caps.name("n").and_then(|m| Decimal::from_str(m.as_str()).ok())?;
                let op = caps.name("op").map(|m| m.as_str()).unwrap_or("");
                (n, op == "<" || op == ">")
            }
            None => (Decimal::ZERO, false),
        };
        out.push(Band {
            grade: g.as_str().to_string(),
            min,
            min_exclusive: exclusive,
        });
    }
    if out.len() < 2 {
        return None;
    }
    out.sort_by_key(|b| std::cmp::Reverse(b.min));
    Some(out)
}

/// The grade a score earns under `bands` (best first).
pub fn grade_for(score: Decimal, bands: &[Band]) -> Option<&str> {
    bands
        .iter()
        .find(|b| if b.min_exclusive { score > b.min } else { score >= b.min })
        .map(|b| b.grade.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patterns::Patterns;

    #[test]
    fn corpus_003_scale() {
        let p = Patterns::builtin().unwrap();
        let t = "部门整体支出综合绩效评价分为4个等级：得分≥85分为优秀；75≤得分<85分为良好；60≤得分<75分为一般；得分<60分为较差。";
        let b = bands(t, &p.scores).unwrap();
        let got: Vec<(String, String)> = b.iter().map(|b| (b.grade.clone(), b.min.to_string())).collect();
        assert_eq!(
            got,
            [("优秀", "85"), ("良好", "75"), ("一般", "60"), ("较差", "0")]
                .map(|(a, b)| (a.to_string(), b.to_string()))
        );
        assert_eq!(grade_for(Decimal::from(85), &b), Some("优秀"));
        assert_eq!(grade_for(Decimal::from_str("84.99").unwrap(), &b), Some("良好"));
        assert_eq!(grade_for(Decimal::from(10), &b), Some("较差"));
    }

    #[test]
    fn sentences() {
        let t = "今年加权得分为 94.58 分。我局总得分为 93.58 分。";
        assert_eq!(
            sentence::around(t, t.find("总得分").unwrap()),
            "我局总得分为 93.58 分。"
        );
    }
}

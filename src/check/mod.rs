//! Check: compare what a report states with itself and report each
//! contradiction as a `Finding`. One rule per file, each with its id (the
//! spec's `FAMILY.NAME`), a doc line, and tests from real reports.

mod arith;
pub mod arith_balance;
pub mod arith_copy;
pub mod arith_diff;
pub mod arith_part;
pub mod arith_pct;
pub mod arith_sum;
pub mod claim_conflict;
pub mod figure_conflict;
pub mod form_arith;
pub mod form_claim;
pub mod form_indicator;
pub mod form_score;
pub mod grade_band;
pub mod indicator_miss;
pub mod ocr_trust;
pub mod rubric_text;
pub mod score_max;
pub mod score_rule;
pub mod score_sum;
pub mod score_tier;
pub mod score_weight;
pub mod table_change;
mod words;

use crate::extract::Facts;
use crate::num::plain;
use crate::patterns::Patterns;
use crate::rubric::Scoring;
use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Severity {
    #[default]
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One contradiction, with where its evidence starts. Build one with the
/// fields a rule knows and `..Finding::default()` for the rest.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub item: String,
    pub claimed: String,
    pub expected: String,
    /// expected − claimed, when both are numbers.
    pub difference: Option<Decimal>,
    pub message: String,
    pub evidence: String,
    /// Index into `Document::lines` (for the section and ordering).
    pub index: usize,
    pub line: u32,
    pub page: Option<u32>,
    /// Unit of `claimed`/`expected` as the report prints it (万元, %, 分, 人 …).
    pub unit: String,
    /// Size of a money gap in yuan (absolute), when the finding is about money.
    pub amount_yuan: Option<Decimal>,
    /// The form or project the finding belongs to; empty for the whole report.
    pub part: String,
}

impl Finding {
    pub fn difference_text(&self) -> String {
        self.difference.map(plain).unwrap_or_default()
    }
}

/// Every rule over the facts of one report, in report order.
pub fn run(facts: &Facts, scoring: &Scoring, p: &Patterns) -> Vec<Finding> {
    let mut out = Vec::new();
    out.extend(score_sum::check(facts));
    out.extend(score_max::check(facts));
    out.extend(score_weight::check(facts));
    out.extend(score_rule::check(facts, scoring));
    out.extend(score_tier::check(facts, scoring));
    out.extend(rubric_text::check(facts, scoring));
    out.extend(indicator_miss::check(facts, scoring, &p.indicators));
    let rubric = scoring.rubric.as_deref().and_then(|id| p.rubrics.rubric(id));
    out.extend(grade_band::check(facts, &p.scores, rubric));
    out.extend(claim_conflict::check(facts, &p.scores));
    out.extend(arith_sum::check(facts));
    out.extend(arith_part::check(facts));
    out.extend(arith_pct::check(facts));
    out.extend(arith_diff::check(facts));
    out.extend(arith_balance::check(facts));
    out.extend(figure_conflict::check(facts));
    out.extend(table_change::check(facts));
    arith_copy::relabel(facts, &mut out);
    out.sort_by(|a, b| (a.index, a.rule, &a.item).cmp(&(b.index, b.rule, &b.item)));
    out
}

/// Evidence for the CSV: one line, at most 200 characters.
pub fn shorten(s: &str) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= 200 {
        one
    } else {
        let mut t: String = one.chars().take(199).collect();
        t.push('…');
        t
    }
}

/// Findings for a report given as text (for the rules' unit tests).
#[cfg(test)]
pub(crate) fn findings_of(text: &str) -> Vec<Finding> {
    let p = Patterns::builtin().expect("built-in patterns");
    let ingested = crate::ingest::from_bytes(text.as_bytes(), std::path::Path::new("t.txt"));
    crate::pipeline::analyse_ingested(ingested, &p).findings
}

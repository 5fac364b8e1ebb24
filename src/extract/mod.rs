//! Extract: what a report states — its identity (department, year, kind),
//! its scorecards, the totals, grades and grade scale it claims in prose,
//! and its figures with the relations between them.

pub mod claims;
pub mod figures;
pub mod forms;
pub mod forms_flat;
pub mod forms_glued;
pub mod forms_rows;
pub mod indicators;
pub mod meta;
pub mod originals;
pub mod relations;
pub mod scorecard;
pub mod sentence;
pub mod table_changes;

use crate::model::Document;
use crate::num::Printed;
use crate::patterns::Patterns;
use crate::segment::Outline;
use figures::Figure;
use relations::Related;
use scorecard::{Scorecard, Stated};

/// `text.match_indices(word)`, a `contains` test first: most lines hold
/// none of the words searched, and the test (SIMD for short words) tells
/// so faster than the searcher `match_indices` sets up and runs.
pub(crate) fn occurrences<'t>(text: &'t str, word: &'t str) -> std::str::MatchIndices<'t, &'t str> {
    if text.contains(word) {
        text.match_indices(word)
    } else {
        // (none, as in `text`)
        "".match_indices(word)
    }
}

/// Everything extracted from one report that the checks use.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    pub scorecards: Vec<Scorecard>,
    pub claims: claims::Claims,
    pub figures: Vec<Figure>,
    pub relations: Vec<Related>,
    pub indicators: Vec<indicators::IndicatorRow>,
    pub table_changes: Vec<table_changes::ChangeRow>,
}

impl Facts {
    /// Extracts from a normalised document; `year` is the report's (figures
    /// naming other years are prior-year figures).
    pub fn extract(doc: &Document, outline: &Outline, year: &str, p: &Patterns) -> Facts {
        let scorecards = scorecard::extract(doc.lines.view(), &p.scores);
        let mut skip = std::collections::BTreeSet::new();
        for c in &scorecards {
            let last = c
                .lines
                .iter()
                .map(|l| l.index)
                .chain(c.total.iter().map(|t| t.index))
                .chain(c.grade.iter().map(|g| g.index))
                .max()
                .unwrap_or(c.header_index);
            skip.extend(c.header_index..=last);
        }
        let scope = figures::Scope {
            year,
            headings: outline.sections.iter().map(|s| s.index).collect(),
            skip,
        };
        let (figures, blocks) = figures::extract(doc, &scope, &p.figures);
        let relations = relations::extract(doc, &figures, &blocks, &p.figures);
        Facts {
            claims: claims::extract(doc.lines.view(), &p.scores),
            scorecards,
            figures,
            relations,
            indicators: indicators::extract(doc.lines.view(), &p.indicators),
            table_changes: table_changes::extract(doc, &p.figures.table_change),
        }
    }

    /// The self-evaluation total: the scorecard's total row, else the first
    /// total stated in prose.
    pub fn total(&self) -> Option<&Stated<Printed>> {
        self.scorecards
            .iter()
            .find_map(|c| c.total.as_ref())
            .or(self.claims.totals.first())
    }

    /// The grade claimed: the scorecard's grade row, else the first in prose.
    pub fn grade(&self) -> Option<&Stated<String>> {
        self.scorecards
            .iter()
            .find_map(|c| c.grade.as_ref())
            .or(self.claims.grades.first())
    }
}

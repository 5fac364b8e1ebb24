//! Extract: what a report states — its identity (department, year, kind),
//! its scorecards, and the totals, grades and grade scale it claims in prose.
//! Later issues add budget figures and indicator tables.

pub mod claims;
pub mod meta;
pub mod scorecard;

use crate::model::Document;
use crate::num::Printed;
use crate::patterns::Patterns;
use scorecard::{Scorecard, Stated};

/// Everything extracted from one report that the checks use.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    pub scorecards: Vec<Scorecard>,
    pub claims: claims::Claims,
}

impl Facts {
    pub fn extract(doc: &Document, p: &Patterns) -> Facts {
        Facts {
            scorecards: scorecard::extract(&doc.lines, &p.scores),
            claims: claims::extract(&doc.lines, &p.scores),
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

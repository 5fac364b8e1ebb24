//! The rows of the five CSV files (`../shared/spec/outputs.md`), each with
//! its columns in the contract's order.

use super::table::{Col, Table};

/// reports.csv: one row per input file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportRow {
    pub file: String,
    pub sha256: String,
    pub format: String,
    pub encoding: String,
    pub pages: Option<u32>,
    pub status: String,
    pub error: String,
    pub department: String,
    pub year: String,
    pub report_kind: String,
    pub rubric: String,
    pub claimed_total: String,
    pub recomputed_total: String,
    pub claimed_grade: String,
    pub sections: Option<usize>,
    pub errors: usize,
    pub warnings: usize,
}

pub const REPORTS: Table = Table {
    name: "reports.csv",
    columns: &[
        ("file", Col::Path),
        ("sha256", Col::Plain),
        ("format", Col::Plain),
        ("encoding", Col::Plain),
        ("pages", Col::Plain),
        ("status", Col::Plain),
        ("error", Col::Text),
        ("department", Col::Text),
        ("year", Col::Plain),
        ("report_kind", Col::Text),
        ("rubric", Col::Plain),
        ("claimed_total", Col::Plain),
        ("recomputed_total", Col::Plain),
        ("claimed_grade", Col::Text),
        ("sections", Col::Plain),
        ("errors", Col::Plain),
        ("warnings", Col::Plain),
    ],
};

impl ReportRow {
    pub fn record(&self) -> Vec<String> {
        vec![
            self.file.clone(),
            self.sha256.clone(),
            self.format.clone(),
            self.encoding.clone(),
            opt(self.pages),
            self.status.clone(),
            self.error.clone(),
            self.department.clone(),
            self.year.clone(),
            self.report_kind.clone(),
            self.rubric.clone(),
            self.claimed_total.clone(),
            self.recomputed_total.clone(),
            self.claimed_grade.clone(),
            opt(self.sections),
            self.errors.to_string(),
            self.warnings.to_string(),
        ]
    }
}

/// discrepancies.csv: one row per finding.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DiscrepancyRow {
    pub file: String,
    pub department: String,
    pub year: String,
    pub rule: String,
    pub severity: String,
    pub section: String,
    pub item: String,
    pub claimed: String,
    pub expected: String,
    pub difference: String,
    pub message: String,
    pub evidence: String,
    pub page: Option<u32>,
    pub line: Option<u32>,
}

pub const DISCREPANCIES: Table = Table {
    name: "discrepancies.csv",
    columns: &[
        ("file", Col::Path),
        ("department", Col::Text),
        ("year", Col::Plain),
        ("rule", Col::Plain),
        ("severity", Col::Plain),
        ("section", Col::Plain),
        ("item", Col::Text),
        ("claimed", Col::Value),
        ("expected", Col::Value),
        ("difference", Col::Value),
        ("message", Col::Text),
        ("evidence", Col::Text),
        ("page", Col::Plain),
        ("line", Col::Plain),
    ],
};

impl DiscrepancyRow {
    pub fn record(&self) -> Vec<String> {
        vec![
            self.file.clone(),
            self.department.clone(),
            self.year.clone(),
            self.rule.clone(),
            self.severity.clone(),
            self.section.clone(),
            self.item.clone(),
            self.claimed.clone(),
            self.expected.clone(),
            self.difference.clone(),
            self.message.clone(),
            self.evidence.clone(),
            opt(self.page),
            opt(self.line),
        ]
    }
}

/// figures.csv: every quantity extracted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FigureRow {
    pub file: String,
    pub section: String,
    pub key: String,
    pub label: String,
    pub value: String,
    pub unit: String,
    pub raw: String,
    pub page: Option<u32>,
    pub line: Option<u32>,
}

pub const FIGURES: Table = Table {
    name: "figures.csv",
    columns: &[
        ("file", Col::Path),
        ("section", Col::Plain),
        ("key", Col::Plain),
        ("label", Col::Text),
        ("value", Col::Value),
        ("unit", Col::Text),
        ("raw", Col::Text),
        ("page", Col::Plain),
        ("line", Col::Plain),
    ],
};

impl FigureRow {
    pub fn record(&self) -> Vec<String> {
        vec![
            self.file.clone(),
            self.section.clone(),
            self.key.clone(),
            self.label.clone(),
            self.value.clone(),
            self.unit.clone(),
            self.raw.clone(),
            opt(self.page),
            opt(self.line),
        ]
    }
}

/// scores.csv: every scorecard line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScoreRow {
    pub file: String,
    pub rubric: String,
    pub level1: String,
    pub level2: String,
    pub indicator: String,
    pub points: String,
    pub claimed: String,
    pub recomputed: String,
    pub basis: String,
    pub page: Option<u32>,
    pub line: Option<u32>,
}

pub const SCORES: Table = Table {
    name: "scores.csv",
    columns: &[
        ("file", Col::Path),
        ("rubric", Col::Plain),
        ("level1", Col::Text),
        ("level2", Col::Text),
        ("indicator", Col::Text),
        ("points", Col::Value),
        ("claimed", Col::Value),
        ("recomputed", Col::Value),
        ("basis", Col::Text),
        ("page", Col::Plain),
        ("line", Col::Plain),
    ],
};

impl ScoreRow {
    pub fn record(&self) -> Vec<String> {
        vec![
            self.file.clone(),
            self.rubric.clone(),
            self.level1.clone(),
            self.level2.clone(),
            self.indicator.clone(),
            self.points.clone(),
            self.claimed.clone(),
            self.recomputed.clone(),
            self.basis.clone(),
            opt(self.page),
            opt(self.line),
        ]
    }
}

/// indicators.csv: every performance-indicator table row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IndicatorRow {
    pub file: String,
    pub level1: String,
    pub level2: String,
    pub indicator: String,
    pub target: String,
    pub actual: String,
    pub met: String,
    pub page: Option<u32>,
    pub line: Option<u32>,
}

pub const INDICATORS: Table = Table {
    name: "indicators.csv",
    columns: &[
        ("file", Col::Path),
        ("level1", Col::Text),
        ("level2", Col::Text),
        ("indicator", Col::Text),
        ("target", Col::Text),
        ("actual", Col::Text),
        ("met", Col::Plain),
        ("page", Col::Plain),
        ("line", Col::Plain),
    ],
};

impl IndicatorRow {
    pub fn record(&self) -> Vec<String> {
        vec![
            self.file.clone(),
            self.level1.clone(),
            self.level2.clone(),
            self.indicator.clone(),
            self.target.clone(),
            self.actual.clone(),
            self.met.clone(),
            opt(self.page),
            opt(self.line),
        ]
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

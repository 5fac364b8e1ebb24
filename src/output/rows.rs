//! The rows of the six CSV files (`../shared/spec/outputs.md`), each with
//! its columns in the contract's order. One macro declares a row's struct,
//! its table (file name, columns and how each is written) and its record, so
//! the three cannot drift apart.

use super::table::{Col, Table};

/// A value that becomes one CSV cell (`None` → empty: not known).
pub trait Cell {
    fn cell(&self) -> String;
}

impl Cell for String {
    fn cell(&self) -> String {
        self.clone()
    }
}

impl Cell for usize {
    fn cell(&self) -> String {
        self.to_string()
    }
}

impl<T: ToString> Cell for Option<T> {
    fn cell(&self) -> String {
        self.as_ref().map(|x| x.to_string()).unwrap_or_default()
    }
}

macro_rules! csv_row {
    ($(#[$doc:meta])* $name:ident, $table:ident, $file:literal, { $($(#[$fdoc:meta])* $field:ident : $ty:ty = $col:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct $name {
            $($(#[$fdoc])* pub $field: $ty,)+
        }

        pub const $table: Table = Table {
            name: $file,
            columns: &[$((stringify!($field), Col::$col)),+],
        };

        impl $name {
            /// The cells in the table's column order.
            pub fn record(&self) -> Vec<String> {
                vec![$(Cell::cell(&self.$field)),+]
            }
        }
    };
}

csv_row!(
    /// reports.csv: one row per input file.
    ReportRow, REPORTS, "reports.csv", {
    file: String = Path,
    sha256: String = Plain,
    format: String = Plain,
    encoding: String = Plain,
    pages: Option<u32> = Plain,
    status: String = Plain,
    error: String = Text,
    department: String = Text,
    year: String = Plain,
    report_kind: String = Text,
    rubric: String = Plain,
    claimed_total: String = Plain,
    recomputed_total: String = Plain,
    claimed_grade: String = Text,
    sections: Option<usize> = Plain,
    errors: usize = Plain,
    warnings: usize = Plain,
    /// Self-evaluation forms read in the file (empty when none).
    parts: Option<usize> = Plain,
    /// Pages whose text came from OCR (empty when none).
    ocr_pages: Option<usize> = Plain,
});

csv_row!(
    /// discrepancies.csv: one row per finding.
    DiscrepancyRow, DISCREPANCIES, "discrepancies.csv", {
    file: String = Path,
    department: String = Text,
    year: String = Plain,
    rule: String = Plain,
    severity: String = Plain,
    section: String = Plain,
    item: String = Text,
    claimed: String = Value,
    expected: String = Value,
    difference: String = Value,
    message: String = Text,
    evidence: String = Text,
    page: Option<u32> = Plain,
    line: Option<u32> = Plain,
    /// Stable finding id (same file bytes, rule, item and values → same id).
    id: String = Plain,
    /// Unit of claimed/expected as printed (万元, %, 分, 人 …).
    unit: String = Text,
    /// Size of a money gap in yuan, when the finding is about money.
    amount_yuan: String = Value,
    /// The form or project the finding belongs to; empty for the whole report.
    part: String = Text,
    /// Verdict and note from a review file.
    review: String = Text,
});

csv_row!(
    /// figures.csv: every quantity extracted.
    FigureRow, FIGURES, "figures.csv", {
    file: String = Path,
    section: String = Plain,
    key: String = Plain,
    label: String = Text,
    value: String = Value,
    unit: String = Text,
    raw: String = Text,
    page: Option<u32> = Plain,
    line: Option<u32> = Plain,
    part: String = Text,
    /// OCR confidence 0–1 of the figure's characters; empty when not OCR'd.
    confidence: String = Plain,
});

csv_row!(
    /// scores.csv: every scorecard line.
    ScoreRow, SCORES, "scores.csv", {
    file: String = Path,
    rubric: String = Plain,
    level1: String = Text,
    level2: String = Text,
    indicator: String = Text,
    points: String = Value,
    claimed: String = Value,
    recomputed: String = Value,
    basis: String = Text,
    page: Option<u32> = Plain,
    line: Option<u32> = Plain,
    part: String = Text,
});

csv_row!(
    /// indicators.csv: every performance-indicator table row.
    IndicatorRow, INDICATORS, "indicators.csv", {
    file: String = Path,
    level1: String = Text,
    level2: String = Text,
    indicator: String = Text,
    target: String = Text,
    actual: String = Text,
    met: String = Plain,
    page: Option<u32> = Plain,
    line: Option<u32> = Plain,
    part: String = Text,
});

csv_row!(
    /// projects.csv: one row per self-evaluation form.
    ProjectRow, PROJECTS, "projects.csv", {
    file: String = Path,
    department: String = Text,
    year: String = Plain,
    part: String = Text,
    form: String = Plain,
    authority: String = Text,
    budget_initial: String = Value,
    budget_annual: String = Value,
    spent: String = Value,
    rate_claimed: String = Value,
    rate_recomputed: String = Value,
    money_points: String = Value,
    money_score: String = Value,
    points_total: String = Value,
    claimed_total: String = Value,
    recomputed_total: String = Value,
    indicators: usize = Plain,
    indicators_missed: usize = Plain,
    errors: usize = Plain,
    warnings: usize = Plain,
    page: Option<u32> = Plain,
    line: Option<u32> = Plain,
});

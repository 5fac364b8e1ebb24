//! The line model every stage shares: what ingest produces (`RawDoc`), what the
//! normaliser turns it into (`Document` of `Line`s), and the per-file status.
//!
//! Every format arrives as pages of raw lines; a raw line may carry cells with
//! horizontal positions (PDF table columns) or be split on tabs (text extracted
//! from PDFs by other tools). After normalisation each `Line` still knows the
//! page and the source line it came from, so every later finding can point an
//! auditor at the original.
//!
//! **Tables are grids, and ingest owns their shape.** A line that is a row of a
//! table carries a grid row (`Line::table()` is `Some(TableRow { table, row })`): rows of one table share
//! `table` (numbered from 0 in document order) and count `row` from 0. In such a
//! line cell `j` is column `j` of the table, for every format: a merged cell's
//! text sits in its first (top-left) cell, whose `span` says how many columns and
//! rows it covers, and every cell it covers is present, empty, with
//! `Span::COVERED`. Readers (scorecards, indicators, figures, forms) consume this
//! grid and never re-derive columns. Prose stays lines with `table() == None`.

use std::fmt;

mod lines;

pub use lines::{CellIter, Cells, Keep, Line, LineIter, LineStore, Lines, Prev};

/// The outcome of reading one file, as written in reports.csv `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// Read completely.
    Ok,
    /// Read, but some part could not be (undecodable bytes, unreadable pages).
    Partial,
    /// A PDF without a text layer (scanned images).
    NeedsOcr,
    /// A PDF that needs a password.
    Encrypted,
    /// A format jxcheck cannot read (yet).
    Unsupported,
    /// Readable, but not a budget/performance document (a README, a results
    /// CSV, source code): one row, no findings.
    NotReport,
    /// The file could not be read at all, or its processing failed.
    Error,
}

impl Status {
    /// The spelling used in reports.csv.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Partial => "partial",
            Status::NeedsOcr => "needs_ocr",
            Status::Encrypted => "encrypted",
            Status::Unsupported => "unsupported",
            Status::NotReport => "not_report",
            Status::Error => "error",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How many grid columns and rows a cell covers. A plain cell is 1×1; a cell
/// hidden under a merged neighbour is `COVERED` (0×0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    pub cols: u16,
    pub rows: u16,
}

impl Span {
    /// A plain cell.
    pub const ONE: Span = Span { cols: 1, rows: 1 };
    /// A cell covered by a merged cell to its left or above.
    pub const COVERED: Span = Span { cols: 0, rows: 0 };

    pub fn new(cols: u16, rows: u16) -> Span {
        Span {
            cols: cols.max(1),
            rows: rows.max(1),
        }
    }

    pub fn is_covered(self) -> bool {
        self.cols == 0
    }
}

impl Default for Span {
    fn default() -> Self {
        Span::ONE
    }
}

/// Which table a row belongs to and where in it: see the module docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TableRow {
    /// The table's number in the document, from 0.
    pub table: u32,
    /// The row's index in its table, from 0.
    pub row: u32,
}

/// One cell of a raw line. Text files give cells without positions; the PDF
/// text layer gives each cell its left edge and width in page units.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell {
    pub text: String,
    /// Left edge in PDF user-space units, when the format has geometry.
    pub x: Option<f32>,
    /// Width in PDF user-space units, when the format has geometry.
    pub width: Option<f32>,
    /// Columns and rows this cell covers in its table's grid.
    pub span: Span,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Self {
        Cell {
            text: text.into(),
            ..Cell::default()
        }
    }

    /// A cell of a grid with its span.
    pub fn spanned(text: impl Into<String>, span: Span) -> Self {
        Cell {
            text: text.into(),
            span,
            ..Cell::default()
        }
    }

    /// The empty cell under a merged neighbour.
    pub fn covered() -> Self {
        Cell::spanned("", Span::COVERED)
    }
}

/// A line as the format delivered it, before any cleaning.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawLine {
    /// 1-based line number in the source (for text files, the physical line;
    /// for PDFs, the running line number across the document).
    pub number: u32,
    /// The cells of the line; a line that is not a table row has one cell.
    pub cells: Vec<Cell>,
    /// The table and row this line is, when ingest knows it is a grid row.
    pub table: Option<TableRow>,
}

impl RawLine {
    /// A line of a text file: cells are its tab-separated parts.
    pub fn from_text(number: u32, text: &str) -> Self {
        // exact capacity: a collected `Split` starts at four cells (192
        // bytes), most lines have one
        let mut cells = Vec::with_capacity(text.matches('\t').count() + 1);
        cells.extend(text.split('\t').map(Cell::text));
        RawLine {
            number,
            cells,
            table: None,
        }
    }

    /// A row of a grid: `cells[j]` is column `j`.
    pub fn row(number: u32, cells: Vec<Cell>, table: TableRow) -> Self {
        RawLine {
            number,
            cells,
            table: Some(table),
        }
    }
}

/// A page of raw lines. Text files are one page with `number == None` unless
/// the normaliser finds running page numbers in them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawPage {
    pub number: Option<u32>,
    pub lines: Vec<RawLine>,
}

/// Everything a format reader hands to the normaliser.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawDoc {
    pub pages: Vec<RawPage>,
    /// True when the format has real pages (PDF); text files find theirs from
    /// running page numbers.
    pub paged: bool,
    /// A large text file not yet split into lines: the normaliser splits,
    /// rebuilds the tables of and cleans it chunk by chunk
    /// (`ingest::text::Chunks`), so its raw lines are never all in memory
    /// at once (issue 20). `pages` is then empty; `materialize` splits it
    /// whole for a reader of raw lines.
    pub pending: Option<String>,
}

impl RawDoc {
    /// Splits a pending text into `pages` (a no-op for any other document).
    pub fn materialize(&mut self) {
        if let Some(text) = self.pending.take() {
            *self = crate::ingest::text::to_raw_doc(&text);
        }
    }
}

/// A table of a document as readers see it: the range of its rows in
/// `Document::lines` and its column count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableView {
    pub table: u32,
    pub rows: std::ops::Range<usize>,
    pub columns: usize,
}

/// A normalised report: its lines, the page count found, and notes on what the
/// normaliser could not do.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    pub lines: LineStore,
    /// Pages: the format's own count, or the running page numbers found in a
    /// text file (None when a text file shows none).
    pub pages: Option<u32>,
    /// The ideographs normalisation folded, as printed, by source line: a
    /// finding's evidence quotes the document in its own script.
    pub originals: crate::extract::originals::Originals,
}

impl Document {
    /// The document's grid tables in order, each a run of consecutive lines with
    /// the same `table` number. One pass over the lines.
    pub fn tables(&self) -> Vec<TableView> {
        let mut out: Vec<TableView> = Vec::new();
        for (i, l) in self.lines.iter().enumerate() {
            let Some(t) = l.table() else { continue };
            match out.last_mut() {
                Some(v) if v.table == t.table && v.rows.end == i => {
                    v.rows.end = i + 1;
                    v.columns = v.columns.max(l.cells().len());
                }
                _ => out.push(TableView {
                    table: t.table,
                    rows: i..i + 1,
                    columns: l.cells().len(),
                }),
            }
        }
        out
    }
}

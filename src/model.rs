//! The line model every stage shares: what ingest produces (`RawDoc`), what the
//! normaliser turns it into (`Document` of `Line`s), and the per-file status.
//!
//! Every format (text today, PDF later) arrives as pages of raw lines; a raw line
//! may carry cells with horizontal positions (PDF table columns) or be split on
//! tabs (text extracted from PDFs by other tools). After normalisation each
//! `Line` still knows the page and the source line it came from, so every later
//! finding can point an auditor at the original.

use std::fmt;

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
            Status::Error => "error",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
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
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Self {
        Cell {
            text: text.into(),
            x: None,
            width: None,
        }
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
}

impl RawLine {
    /// A line of a text file: cells are its tab-separated parts.
    pub fn from_text(number: u32, text: &str) -> Self {
        RawLine {
            number,
            cells: text.split('\t').map(Cell::text).collect(),
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
}

/// A normalised line: clean text, its cells, and where it came from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    /// Page the line starts on, when known.
    pub page: Option<u32>,
    /// Source line the text starts at (1-based).
    pub line: u32,
    /// Last source line that contributed (differs from `line` when a sentence
    /// broken by a page break was rejoined).
    pub end_line: u32,
    /// Cleaned text; for table rows the cells joined by tabs.
    pub text: String,
    /// Cleaned cells; a single element for a line that is not a table row.
    pub cells: Vec<String>,
}

impl Line {
    /// A table row has at least two cells with something in them.
    pub fn is_table_row(&self) -> bool {
        self.cells.iter().filter(|c| !c.is_empty()).count() >= 2
    }

    /// The line's text when it is not a table row, or its only non-empty cell.
    pub fn single_text(&self) -> Option<&str> {
        let mut it = self.cells.iter().filter(|c| !c.is_empty());
        match (it.next(), it.next()) {
            (Some(one), None) => Some(one.as_str()),
            (None, _) => Some(""),
            _ => None,
        }
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.is_empty())
    }
}

/// A normalised report: its lines, the page count found, and notes on what the
/// normaliser could not do.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    pub lines: Vec<Line>,
    /// Pages: the format's own count, or the running page numbers found in a
    /// text file (None when a text file shows none).
    pub pages: Option<u32>,
}

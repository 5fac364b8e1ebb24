//! The report of a scan's (or a merge's) folder: reads the CSV files back and
//! writes `report.xlsx` (`xlsx`) and the offline HTML pages (`html`, with
//! plots from `svg`). Reading is by column name, so a folder written by an
//! older version with fewer columns still reports (missing cells are empty).

pub mod html;
pub mod svg;
pub mod xlsx;

use anyhow::{Context, Result};
use std::collections::HashMap;
use std::path::Path;

/// One CSV file of the folder, in memory.
#[derive(Debug, Default, Clone)]
pub struct Csv {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    index: HashMap<String, usize>,
}

impl Csv {
    /// Reads `path` (with or without the Excel byte-order mark); cells keep
    /// the formula guard's `'` (see `unguard`).
    pub fn read(path: &Path) -> Result<Csv> {
        let mut r = reader(path)?;
        let header: Vec<String> = r
            .headers()
            .with_context(|| format!("cannot read {}", path.display()))?
            .iter()
            .map(str::to_string)
            .collect();
        let mut rows = Vec::new();
        for (i, rec) in r.records().enumerate() {
            let rec = rec.with_context(|| format!("{} line {}", path.display(), i + 2))?;
            rows.push(rec.iter().map(str::to_string).collect());
        }
        Ok(Csv::new(header, rows))
    }

    pub fn new(header: Vec<String>, rows: Vec<Vec<String>>) -> Csv {
        let index = header.iter().enumerate().map(|(i, h)| (h.clone(), i)).collect();
        Csv { header, rows, index }
    }

    /// The cell of column `name` in `row`, unguarded; empty when the column
    /// or the cell is missing.
    pub fn get<'a>(&self, row: &'a [String], name: &str) -> &'a str {
        self.index
            .get(name)
            .and_then(|&i| row.get(i))
            .map(|s| unguard(s))
            .unwrap_or("")
    }

    /// Rows grouped by their `file` cell: file → range of row indices (the
    /// files are sorted by file, so each file's rows are consecutive).
    pub fn by_file(&self) -> HashMap<String, std::ops::Range<usize>> {
        let mut out: HashMap<String, std::ops::Range<usize>> = HashMap::new();
        for (i, r) in self.rows.iter().enumerate() {
            let f = self.get(r, "file").to_string();
            let e = out.entry(f).or_insert(i..i);
            e.end = i + 1;
        }
        out
    }
}

/// A CSV reader over a file, skipping a UTF-8 byte-order mark.
pub fn reader(path: &Path) -> Result<csv::Reader<Box<dyn std::io::Read>>> {
    use std::io::{BufRead, BufReader};
    let f = std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut b = BufReader::with_capacity(1 << 16, f);
    let bom = b
        .fill_buf()
        .with_context(|| format!("cannot read {}", path.display()))?
        .starts_with(b"\xEF\xBB\xBF");
    if bom {
        b.consume(3);
    }
    Ok(csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(Box::new(b) as Box<dyn std::io::Read>))
}

/// A cell without the `'` the CSV writer put before text a spreadsheet
/// would run as a formula.
pub fn unguard(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => s,
    }
}

/// The number a cell holds, when it is a plain number.
pub fn number(s: &str) -> Option<f64> {
    let t = s.trim();
    let body = t.strip_prefix(['-', '+']).unwrap_or(t);
    let ok = !body.is_empty()
        && body.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && body.bytes().filter(|&b| b == b'.').count() <= 1
        && !body.starts_with('.')
        && !body.ends_with('.');
    if ok {
        t.parse().ok()
    } else {
        None
    }
}

/// The folder's tables needed by the HTML pages (figures.csv is streamed
/// into the workbook only).
pub struct Folder {
    pub reports: Csv,
    pub findings: Csv,
    pub scores: Csv,
    pub indicators: Csv,
    pub projects: Csv,
}

impl Folder {
    pub fn read(dir: &Path) -> Result<Folder> {
        let get = |name: &str| -> Result<Csv> {
            let p = dir.join(name);
            if name == "projects.csv" && !p.exists() {
                return Ok(Csv::default());
            }
            Csv::read(&p)
        };
        Ok(Folder {
            reports: get("reports.csv")?,
            findings: get("discrepancies.csv")?,
            scores: get("scores.csv")?,
            indicators: get("indicators.csv")?,
            projects: get("projects.csv")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells() {
        assert_eq!(unguard("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(unguard("'quoted"), "'quoted");
        assert_eq!(number("-12.5"), Some(-12.5));
        assert_eq!(number("2021"), Some(2021.0));
        assert_eq!(number("1,000"), None);
        assert_eq!(number("优"), None);
        assert_eq!(number("1."), None);
    }
}

//! Output: write the five CSV files of the contract into DIR — each to a
//! temporary file in DIR first, renamed into place only when all are written,
//! so a reader never sees a half-written file.

pub mod rows;
pub mod table;

pub use rows::{DiscrepancyRow, FigureRow, IndicatorRow, ReportRow, ScoreRow};

use anyhow::{Context, Result};
use std::path::Path;

/// Everything one file contributed to the outputs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileResult {
    pub report: ReportRow,
    pub discrepancies: Vec<DiscrepancyRow>,
    pub figures: Vec<FigureRow>,
    pub scores: Vec<ScoreRow>,
    pub indicators: Vec<IndicatorRow>,
}

/// Writes all five CSVs for `results` (already in output order) into `dir`.
pub fn write_all(dir: &Path, results: &[FileResult], excel: bool) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create output folder {}", dir.display()))?;
    let mut staged = Vec::new();
    macro_rules! stage {
        ($table:expr, $rows:expr) => {{
            let mut tmp = tempfile::Builder::new()
                .prefix(".jxcheck-")
                .suffix(".tmp")
                .tempfile_in(dir)
                .with_context(|| format!("cannot write into output folder {}", dir.display()))?;
            $table
                .write(std::io::BufWriter::new(tmp.as_file_mut()), $rows, excel)
                .with_context(|| format!("cannot write {}", dir.join($table.name).display()))?;
            tmp.as_file().sync_all().ok();
            staged.push((tmp, $table.name));
        }};
    }
    stage!(rows::REPORTS, results.iter().map(|r| r.report.record()));
    stage!(
        rows::DISCREPANCIES,
        results.iter().flat_map(|r| r.discrepancies.iter().map(|d| d.record()))
    );
    stage!(
        rows::FIGURES,
        results.iter().flat_map(|r| r.figures.iter().map(|d| d.record()))
    );
    stage!(
        rows::SCORES,
        results.iter().flat_map(|r| r.scores.iter().map(|d| d.record()))
    );
    stage!(
        rows::INDICATORS,
        results.iter().flat_map(|r| r.indicators.iter().map(|d| d.record()))
    );
    for (tmp, name) in staged {
        let dest = dir.join(name);
        tmp.persist(&dest)
            .with_context(|| format!("cannot move output into place: {}", dest.display()))?;
    }
    Ok(())
}

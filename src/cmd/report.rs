//! `jxcheck report DIR` — turn a scan's (or a merge's) CSV files into a
//! workbook and offline HTML pages an auditor reads.

use crate::report::{html, xlsx, Folder};
use anyhow::{bail, Context, Result};
use clap::Args;
use std::path::PathBuf;
use std::time::Instant;

/// Make a workbook and HTML pages from the CSV files of a scan or a merge.
///
/// Reads DIR/reports.csv, discrepancies.csv, figures.csv, scores.csv,
/// indicators.csv and projects.csv (as `jxcheck scan --out DIR` or
/// `jxcheck merge --out DIR` wrote them) and adds:
///
///   DIR/report.xlsx         a sheet per CSV file: numbers as numbers, rates
///                           as percentages, frozen header row, filters; a
///                           finding's file links to its row in `reports`
///   DIR/report/index.html   counts by status, severity and rule; plots
///                           (claimed vs recomputed totals, claimed scores and
///                           grades, findings per rule, year, department); a
///                           sortable, filterable, paged table of all findings
///                           and of all files
///   DIR/report/r/NNNNN.html one page per row of reports.csv: each finding
///                           beside the source lines around it (re-read from
///                           the input file when it is still there with the
///                           same bytes, else the evidence cell), numbers
///                           highlighted, page and line, a link into the PDF
///                           at the page; the scorecard with recomputed
///                           scores, the forms, the indicators
///
/// The pages are self-contained (no network resources): copy the folder to
/// a shared drive and open index.html in any browser. The CSV files are not
/// changed. Paths in reports.csv are relative to the folder the scan ran in:
/// run `report` from there, or give that folder with --root.
///
/// Example:
///
///   jxcheck scan reports --out results
///   jxcheck report results        (then open results/report/index.html)
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct ReportArgs {
    /// Output folder of a scan or a merge.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Folder the scan ran in, to find the input files for the source
    /// context (default: the current folder).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Write only the workbook.
    #[arg(long, conflicts_with = "no_xlsx")]
    pub no_html: bool,
    /// Write only the HTML pages.
    #[arg(long)]
    pub no_xlsx: bool,
    /// No summary line.
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(args: &ReportArgs) -> Result<()> {
    let started = Instant::now();
    let dir = &args.dir;
    if !dir.join("reports.csv").is_file() {
        bail!(
            "{} holds no reports.csv: give the --out folder of a jxcheck scan or merge",
            dir.display()
        );
    }
    let root = match &args.root {
        Some(r) => r.clone(),
        None => std::env::current_dir().context("cannot read the current folder")?,
    };
    // The workbook and the pages are independent: written side by side.
    let xlsx_out = dir.join("report.xlsx");
    let html_out = dir.join("report");
    let (workbook, pages) = std::thread::scope(|s| {
        let workbook = (!args.no_xlsx).then(|| s.spawn(|| xlsx::write(dir, &xlsx_out)));
        let pages = (!args.no_html).then(|| -> Result<usize> {
            let folder = Folder::read(dir)?;
            html::write(&folder, &html_out, &root)
        });
        let workbook = workbook.map(|j| {
            j.join()
                .unwrap_or_else(|_| Err(anyhow::anyhow!("the workbook writer stopped unexpectedly")))
        });
        (workbook, pages)
    });
    let mut said = Vec::new();
    if let Some(counts) = workbook {
        let rows: Vec<String> = counts?
            .iter()
            .map(|(n, c)| format!("{c} {}", n.trim_end_matches(".csv")))
            .collect();
        said.push(format!("{} ({})", xlsx_out.display(), rows.join(", ")));
    }
    if let Some(pages) = pages {
        let pages = pages?;
        said.push(format!(
            "{} and {pages} report page(s)",
            html_out.join("index.html").display()
        ));
    }
    if !args.quiet {
        eprintln!(
            "jxcheck: wrote {} in {:.1} s",
            said.join("; "),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

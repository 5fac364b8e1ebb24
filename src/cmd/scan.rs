//! `jxcheck scan INPUT... --out DIR` — read every report under the inputs and
//! write the five CSV files of the output contract.

use crate::ingest::walk;
use crate::output;
use crate::patterns::Patterns;
use crate::run::{self, RunOptions};
use anyhow::{bail, Result};
use clap::Args;
use std::path::PathBuf;

/// Read every report under the inputs and write the CSV files.
///
/// INPUT is any mix of files and folders; folders are read recursively, hidden
/// files and folders (names starting with `.`) are skipped, symbolic links are
/// followed and loops among them reported, not followed forever. The format
/// of each file is told from its bytes: text in UTF-8, GBK/GB18030 or UTF-16
/// (with BOM), HTML, and PDFs with a text layer (Chinese fonts with or without
/// ToUnicode maps; ruled tables keep their columns; `page` is the PDF page).
/// A scanned PDF is reported `needs_ocr`, one needing a password `encrypted`.
///
/// Written into DIR (created if needed; files written whole, then renamed into
/// place; nothing else is written there; inputs are never modified):
///
///   reports.csv        one row per input file: format, encoding, status,
///                      department, year, report kind, sections found
///   discrepancies.csv  one row per contradiction found
///   figures.csv        every budget figure extracted
///   scores.csv         every scorecard line
///   indicators.csv     every performance-indicator row
///
/// Rows are sorted by file, then by position in the report: the same inputs
/// give byte-identical files at any --threads. A file that cannot be read gets
/// its row with a status (partial, needs_ocr, encrypted, unsupported, error)
/// and the run goes on. Exit status: 0 when the run completed, 1 when it could
/// not (bad arguments, output folder not writable).
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct ScanArgs {
    /// Report files or folders to read.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Folder to write the CSV files into.
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N", default_value_t = 0)]
    pub threads: usize,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    /// Start every CSV with a UTF-8 byte-order mark so Excel reads Chinese
    /// correctly.
    #[arg(long)]
    pub excel: bool,
}

pub fn run(args: &ScanArgs, patterns: &Patterns) -> Result<()> {
    let found = match walk::discover(&args.inputs) {
        Ok(f) => f,
        Err(e) => bail!(e),
    };
    // never read our own outputs back in when DIR sits under an input
    let out_abs = args.out.canonicalize().ok();
    let found: Vec<_> = found
        .into_iter()
        .filter(|f| {
            let p = f.path();
            let own = out_abs.as_ref().is_some_and(|o| {
                p.parent().and_then(|d| d.canonicalize().ok()).is_some_and(|d| &d == o)
                    && p.file_name().and_then(|n| n.to_str()).is_some_and(is_output_name)
            });
            !own
        })
        .collect();
    let opts = RunOptions {
        threads: args.threads,
        progress: !args.quiet,
    };
    let results = run::scan(&found, patterns, &opts)?;
    output::write_all(&args.out, &results, args.excel)?;
    if !args.quiet {
        let bad = results.iter().filter(|r| r.report.status != "ok").count();
        eprintln!(
            "jxcheck: {} file(s) read, {} not fully read; CSV files in {}",
            results.len(),
            bad,
            args.out.display()
        );
    }
    Ok(())
}

fn is_output_name(n: &str) -> bool {
    [
        output::rows::REPORTS.name,
        output::rows::DISCREPANCIES.name,
        output::rows::FIGURES.name,
        output::rows::SCORES.name,
        output::rows::INDICATORS.name,
    ]
    .contains(&n)
}

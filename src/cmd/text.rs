//! `jxcheck text FILE` — print a report's normalised lines.

use crate::patterns::Patterns;
use crate::pipeline;
use anyhow::{bail, Result};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

/// Print a report's text as jxcheck reads it, after normalisation.
///
/// One line per normalised line: `<page>:<line>[-<last line>] <TAB> <text>`
/// (page empty when the file shows none; a line range when a sentence broken by
/// a page break was rejoined; table cells stay tab-separated). Full-width
/// digits are folded, HTML/LaTeX/markdown debris removed, running page numbers
/// dropped. The line numbers are those of the source file: findings point at
/// them.
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct TextArgs {
    /// The report to read.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

pub fn run(args: &TextArgs, patterns: &Patterns) -> Result<()> {
    if !args.file.is_file() {
        bail!("not a file: {}", args.file.display());
    }
    let a = pipeline::analyse(&args.file, patterns);
    let Some(doc) = &a.doc else {
        bail!("{}: {}: {}", args.file.display(), a.status(), a.ingested.error);
    };
    if !a.ingested.error.is_empty() {
        eprintln!("jxcheck: {}: {}: {}", args.file.display(), a.status(), a.ingested.error);
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = doc.lines.iter().try_for_each(|l| {
        let page = l.page.map(|p| p.to_string()).unwrap_or_default();
        let range = if l.end_line != l.line {
            format!("{}-{}", l.line, l.end_line)
        } else {
            l.line.to_string()
        };
        writeln!(out, "{page}:{range}\t{}", l.text)
    });
    match written.and_then(|()| out.flush()) {
        // the reader stopped reading (`jxcheck text FILE | head`): done
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.map_err(|e| anyhow::anyhow!("cannot write to standard output: {e}")),
    }
}

//! `jxcheck sections FILE` — print a report's section tree.

use crate::patterns::Patterns;
use anyhow::Result;
use clap::Args;
use std::path::PathBuf;

/// Print the section tree of one report.
///
/// One line per heading, indented by depth:
///
///   L<level> <numbering><title> <TAB> <canonical id or -> <TAB> <first>-<last line> [<TAB> p<page>]
///
/// Levels follow the numbering (L1 一、, L2 （一）, L3 1./1、, L4 （1）, L5 ①);
/// `附件` is L1 and a table title sits one below its section. The canonical id
/// comes from patterns/sections.toml; the line range is in the source file.
/// Numbered lists inside prose (a department's duties `1.`…`22.`) are items,
/// not headings, and are not shown.
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct SectionsArgs {
    /// The report to read.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

pub fn run(args: &SectionsArgs, patterns: &Patterns) -> Result<()> {
    let a = super::analysed(&args.file, patterns)?;
    print!("{}", a.outline.render());
    Ok(())
}

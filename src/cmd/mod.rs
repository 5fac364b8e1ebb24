//! The subcommands, one per file, each with its usage text at the top.

pub mod explain;
pub mod merge;
pub mod report;
pub mod scan;
pub mod sections;
pub mod synth;
pub mod text;

use crate::model::Status;
use crate::patterns::Patterns;
use crate::pipeline::{self, Analysis};
use anyhow::{bail, Result};
use std::path::Path;

/// One report through the stages, for the single-file commands: an error
/// when it is not a file or could not be read; a `partial` read is said on
/// stderr and goes on.
pub fn analysed(file: &Path, patterns: &Patterns) -> Result<Analysis> {
    if !file.is_file() {
        bail!("not a file: {}", file.display());
    }
    let a = pipeline::analyse(file, patterns);
    match a.status() {
        Status::Ok => {}
        Status::Partial => eprintln!("jxcheck: {}: partial: {}", file.display(), a.ingested.error),
        s => bail!("{}: {s}: {}", file.display(), a.ingested.error),
    }
    Ok(a)
}

//! The subcommands, one per file, each with its usage text at the top.

pub mod explain;
pub mod scan;
pub mod sections;
pub mod text;

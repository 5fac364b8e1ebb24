//! The `jxcheck` command line: parses arguments, loads the patterns, runs the
//! subcommand, maps failure to exit status 1.

use clap::{Parser, Subcommand};
use jxcheck::cmd;
use jxcheck::patterns::Patterns;
use std::path::PathBuf;
use std::process::ExitCode;

/// Check Chinese budget-performance self-evaluation reports
/// (部门整体支出绩效自评报告) for contradictions in their own figures and scores.
#[derive(Debug, Parser)]
#[command(name = "jxcheck", version, propagate_version = true)]
struct Cli {
    /// Read patterns (heading styles, section synonyms, clean-up rules,
    /// figure labels, criteria, rubrics under rubrics/) from this folder
    /// instead of the built-in copy of the repository's patterns/ (also taken
    /// from the JXCHECK_PATTERNS environment variable).
    #[arg(long, global = true, value_name = "DIR")]
    patterns: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Scan(cmd::scan::ScanArgs),
    Merge(cmd::merge::MergeArgs),
    Report(cmd::report::ReportArgs),
    Explain(cmd::explain::ExplainArgs),
    Sections(cmd::sections::SectionsArgs),
    Text(cmd::text::TextArgs),
    Synth(cmd::synth::SynthArgs),
}

fn main() -> ExitCode {
    quiet_on_closed_stdout();
    // The contract's exit status for bad arguments is 1 (clap's own is 2);
    // --help and --version still print and exit 0.
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let result = Patterns::load(cli.patterns.as_deref()).and_then(|p| match &cli.command {
        Command::Scan(a) => cmd::scan::run(a, std::sync::Arc::new(p)),
        Command::Merge(a) => cmd::merge::run(a).map(|()| ExitCode::SUCCESS),
        Command::Report(a) => cmd::report::run(a).map(|()| ExitCode::SUCCESS),
        Command::Explain(a) => cmd::explain::run(a, &p).map(|()| ExitCode::SUCCESS),
        Command::Sections(a) => cmd::sections::run(a, &p).map(|()| ExitCode::SUCCESS),
        Command::Text(a) => cmd::text::run(a, &p).map(|()| ExitCode::SUCCESS),
        Command::Synth(a) => cmd::synth::run(a, &p).map(|()| ExitCode::SUCCESS),
    });
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("jxcheck: error: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// `jxcheck explain … | head`: when the reader of stdout goes away, `print!`
/// panics ("failed printing to stdout: Broken pipe"); end quietly instead,
/// as command-line tools do. Any other panic is reported as usual.
fn quiet_on_closed_stdout() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let msg = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if msg.starts_with("failed printing to stdout") && msg.contains("Broken pipe") {
            std::process::exit(0);
        }
        default(info);
    }));
}

// The pipeline allocates many small strings per line; mimalloc serves them
// markedly faster than the system allocator (see README, "Performance").
// Built with `no_thp`: its arenas are not advised into 2 MB transparent huge
// pages, which raised the base RSS from ~15 to ~27 MB and zeroed 2 MB for each
// file thread's first allocations.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

//! `jxcheck scan INPUT... --out DIR` — read every report under the inputs and
//! write the five CSV files of the output contract.

use crate::ingest::{self, walk, walk::Found, Ingested};
use crate::model::Status;
use crate::output::log::{self, Val};
use crate::output::{self, Rendered};
use crate::patterns::Patterns;
use crate::pipeline;
use crate::run::{self, RunOptions};
use crate::shard::{Manifest, Shard};
use crate::state::{Known, State};
use anyhow::{bail, Result};
use clap::{Args, ValueEnum};
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc::RecvTimeoutError;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A line on stderr; a closed stderr (the log reader went away) does not
/// stop the run.
macro_rules! say {
    ($($t:tt)*) => {{
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), $($t)*);
    }};
}

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
///   reports.csv        one row per input file: file, sha256, format, encoding,
///                      pages, status, error, department, year, report_kind,
///                      rubric, claimed_total, recomputed_total, claimed_grade,
///                      sections, errors, warnings, parts, ocr_pages
///   discrepancies.csv  one row per contradiction: file, department, year,
///                      rule, severity, section, item, claimed, expected,
///                      difference, message, evidence, page, line, id, unit,
///                      amount_yuan, part, review
///   figures.csv        every quantity: file, section, key, label, value, unit,
///                      raw, page, line, part, confidence
///   scores.csv         every scorecard line: file, rubric, level1, level2,
///                      indicator, points, claimed, recomputed, basis, page,
///                      line, part
///   indicators.csv     every performance-indicator row: file, level1, level2,
///                      indicator, target, actual, met, page, line, part
///   projects.csv       one row per self-evaluation form: file, department,
///                      year, part, form, authority, budget_initial,
///                      budget_annual, spent, rate_claimed, rate_recomputed,
///                      money_points, money_score, points_total,
///                      claimed_total, recomputed_total, indicators,
///                      indicators_missed, errors, warnings, page, line
///
/// Rules (discrepancies.csv `rule`; what claimed/expected hold per rule:
/// docs/outputs.md):
///
///   SCORE.SUM      indicator scores vs the total or a subtotal; prose total
///                  vs the table's
///   SCORE.MAX      a score above its points (or negative)
///   SCORE.WEIGHT   indicator points vs their group's, groups' vs 100
///   SCORE.RULE     a score the indicator's rule, applied to the report's
///                  own figures, does not allow
///   SCORE.TIER     a score no tier of a tiered indicator gives
///   GRADE.BAND     the grade vs the grade the total earns
///   CLAIM.CONFLICT the same total, grade or figure stated twice differently
///   INDICATOR.MISS an indicator missing its target yet given full marks or
///                  called achieved
///   RUBRIC.TEXT    a printed criterion giving more than its points
///   ARITH.SUM      parts vs their total
///   ARITH.PART     a part larger than its whole (spending above budget)
///   ARITH.PCT      a stated rate vs the ratio of stated figures
///   ARITH.DIFF     a stated change vs its two values
///   ARITH.COPY     a wrong rate printed as the rate on the line above
///   ARITH.BALANCE  opening + income − spending vs closing
///
/// `jxcheck report DIR` then makes a workbook and HTML pages of DIR.
///
/// Rows are sorted by file, then by position in the report: the same inputs
/// give byte-identical files at any --threads. A file that cannot be read gets
/// its row with a status (partial, needs_ocr, encrypted, unsupported, error)
/// and the run goes on.
///
/// For nightly runs: --state FILE remembers each file's sha256, size and
/// results (with the tool and patterns versions) in an SQLite database; the
/// next run re-analyses only new and changed files, and all files when the
/// tool or any file under patterns/ (a rubric, say) changed. The CSVs are
/// still complete, from the stored rows, unless --changed-only. A run that is
/// killed keeps every file finished before it.
///
/// For many machines: --shard K/N processes only the files whose path hash
/// falls in shard K (counted from 0) of N — give every machine the same
/// inputs and its own K, e.g. --shard $JOB_COMPLETION_INDEX/3 on a Kubernetes
/// indexed job — then `jxcheck merge` joins their output folders into the
/// files one run would have written.
///
/// Exit status: 0 when the run completed; 1 when it could not (bad arguments,
/// output folder or state file not usable); 2 with --fail-on when findings at
/// or above that severity were written.
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
    /// No progress bar and no summary line.
    #[arg(long, short)]
    pub quiet: bool,
    /// Start every CSV with a UTF-8 byte-order mark so Excel reads Chinese
    /// correctly.
    #[arg(long)]
    pub excel: bool,
    /// Remember results in this SQLite file (created if missing) and skip
    /// files whose bytes, tool version and patterns are unchanged.
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// With --state: write rows only for files new or changed since the
    /// state file last saw them.
    #[arg(long, requires = "state")]
    pub changed_only: bool,
    /// Exit with status 2 when any finding written has this severity or a
    /// higher one (error > warning).
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,
    /// How progress is told on stderr: `text` (a progress bar on a terminal
    /// and a summary line) or `json` (one JSON line per file: file, status,
    /// error (why a file was not fully read), findings, errors, warnings, ms,
    /// cached; then one summary line).
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "text")]
    pub log_format: LogFormat,
    /// Process only shard K of N (0 ≤ K < N) of the files, split by the hash
    /// of their paths as found.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    /// A reviewer's marks: a CSV with columns id,verdict,note (verdict
    /// confirmed or dismissed). Matching findings carry them in `review`;
    /// dismissed ones are not counted in reports.csv nor by --fail-on; ids
    /// that match no finding are listed on stderr.
    #[arg(long, value_name = "FILE")]
    pub review: Option<PathBuf>,
    /// Time budget per file: SECS for each started MB of its size. A file
    /// that takes longer gets an `error` row ("took longer than N s") and the
    /// run goes on without it. 0 turns the budget off.
    #[arg(long, value_name = "SECS", default_value_t = DEFAULT_FILE_TIMEOUT, value_parser = seconds)]
    pub file_timeout: f64,
}

/// Seconds per started MB a file may take (a 1 MB report takes well under
/// one second; a 2-core machine shared with other work needs slack).
pub const DEFAULT_FILE_TIMEOUT: f64 = 10.0;

fn seconds(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if (0.0..1e9).contains(&v) => Ok(v),
        _ => Err(format!("expected a number of seconds ≥ 0, got {s:?}")),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

/// What became of one file in a worker.
enum Outcome {
    /// Analysed now; `known` is what the state should remember of its bytes
    /// (none when they could not be read).
    Fresh(Box<Rendered>, Option<Known>),
    /// Unchanged since the state file saw it (these bytes).
    Unchanged(Known),
}

/// Counts over the run.
#[derive(Default)]
struct Tally {
    files: usize,
    analysed: usize,
    unchanged: usize,
    written: usize,
    not_ok: usize,
    /// Files by status other than ok.
    statuses: std::collections::BTreeMap<String, usize>,
    errors: usize,
    warnings: usize,
}

pub fn run(args: &ScanArgs, patterns: Arc<Patterns>) -> Result<ExitCode> {
    let started = Instant::now();
    let found = match walk::discover(&args.inputs) {
        Ok(f) => f,
        Err(e) => bail!(e),
    };
    let all = found.len();
    // never read our own outputs back in when DIR sits under an input
    let out_abs = args.out.canonicalize().ok();
    let found: Vec<_> = found
        .into_iter()
        .filter(|f| {
            let p = f.path();
            let own = out_abs.as_ref().is_some_and(|o| {
                p.parent().and_then(|d| d.canonicalize().ok()).is_some_and(|d| &d == o)
                    && p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(output::is_output_name)
            });
            // nor what `jxcheck report` added there (report.xlsx, report/)
            let report = out_abs.as_ref().is_some_and(|o| {
                p.canonicalize()
                    .is_ok_and(|c| c == o.join("report.xlsx") || c.starts_with(o.join("report")))
            });
            !own && !report
        })
        .filter(|f| args.shard.is_none_or(|s| s.contains(&walk::display(f.path()))))
        .collect();
    // first: a second run into the same folder stops here, touching nothing
    let mut out = output::Writer::create(&args.out, args.excel)?;
    let state = match &args.state {
        Some(path) => Some(State::open(path, &patterns.version)?),
        None => None,
    };
    let known = Arc::new(match &state {
        Some(s) => s.known()?,
        None => HashMap::new(),
    });
    let per_mb = (args.file_timeout > 0.0).then(|| Duration::from_secs_f64(args.file_timeout));
    let json = args.log_format == LogFormat::Json;
    let opts = RunOptions {
        threads: args.threads,
        progress: !args.quiet && !json,
    };
    let mut review = match &args.review {
        Some(path) => Some(crate::review::Review::load(path)?),
        None => None,
    };
    let mut tally = Tally::default();
    let work = |f: &Found| {
        let t0 = Instant::now();
        let outcome = timed(f, per_mb, {
            let (f, p, known) = (f.clone(), Arc::clone(&patterns), Arc::clone(&known));
            move || analyse(&f, &p, &known)
        })
        .unwrap_or_else(|late| Outcome::Fresh(late, None));
        (outcome, t0.elapsed().as_secs_f64() * 1000.0)
    };
    run::stream(&found, &opts, work, |f, (outcome, ms)| {
        let file = walk::display(f.path());
        let (mut r, unchanged) = match outcome {
            Outcome::Fresh(r, k) => {
                if let (Some(s), Some(k)) = (&state, &k) {
                    s.save(k, &r)?;
                }
                (*r, false)
            }
            Outcome::Unchanged(k) => match state.as_ref().map(|s| s.stored(&file, &k)).transpose()?.flatten() {
                Some(r) => (r, true),
                // the row went missing or changed under us (another run with
                // other patterns replaced it), or is damaged: do it now
                None => {
                    let r = timed(f, per_mb, {
                        let (f, p) = (f.clone(), Arc::clone(&patterns));
                        move || run::guarded(&f, &|f| run::process_one(f, &p)).render()
                    });
                    (r.unwrap_or_else(|late| *late), false)
                }
            },
        };
        if let Some(rv) = review.as_mut() {
            rv.apply(&mut r)?;
        }
        tally.files += 1;
        if unchanged {
            tally.unchanged += 1;
        } else {
            tally.analysed += 1;
        }
        if !(unchanged && args.changed_only) {
            out.push(&r)?;
            tally.written += 1;
            tally.errors += r.errors;
            tally.warnings += r.warnings;
            tally.not_ok += usize::from(r.status != "ok");
            if r.status != "ok" {
                *tally.statuses.entry(r.status.clone()).or_default() += 1;
            }
        }
        if json {
            say!(
                "{}",
                log::line(&[
                    ("file", Val::Str(&file)),
                    ("status", Val::Str(&r.status)),
                    ("error", Val::Str(&log::error_of(&r))),
                    ("findings", Val::Int(r.findings as u64)),
                    ("errors", Val::Int(r.errors as u64)),
                    ("warnings", Val::Int(r.warnings as u64)),
                    ("ms", Val::Ms(ms)),
                    ("cached", Val::Bool(unchanged)),
                ])
            );
        }
        Ok(())
    })?;
    let mut inputs: Vec<String> = args.inputs.iter().map(|p| walk::display(p)).collect();
    inputs.sort();
    out.finish(Manifest {
        tool_version: crate::state::TOOL_VERSION.to_string(),
        patterns_version: patterns.version.clone(),
        cwd: std::env::current_dir().map(|d| walk::display(&d)).unwrap_or_default(),
        inputs,
        shard: args.shard.map(|s| (s.index, s.count)),
        excel: args.excel,
        files: Vec::new(),
    })?;
    if let Some(rv) = &review {
        let stale = rv.unmatched();
        if !stale.is_empty() {
            eprintln!(
                "jxcheck: {} review mark(s) in {} match no finding of this run (stale?): {}",
                stale.len(),
                args.review
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
                stale.join(", ")
            );
        }
    }
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if json {
        say!(
            "{}",
            log::line(&[
                ("summary", Val::Bool(true)),
                ("files", Val::Int(tally.files as u64)),
                ("analysed", Val::Int(tally.analysed as u64)),
                ("unchanged", Val::Int(tally.unchanged as u64)),
                ("written", Val::Int(tally.written as u64)),
                ("errors", Val::Int(tally.errors as u64)),
                ("warnings", Val::Int(tally.warnings as u64)),
                ("ms", Val::Ms(ms)),
                ("not_ok", Val::Int(tally.not_ok as u64)),
            ])
        );
    } else if !args.quiet {
        let shard = match args.shard {
            Some(s) => format!(" (shard {}/{} of {all})", s.index, s.count),
            None => String::new(),
        };
        let from_state = match &args.state {
            Some(p) => format!(", {} unchanged since {}", tally.unchanged, p.display()),
            None => String::new(),
        };
        let not_ok = if tally.statuses.is_empty() {
            "all read".to_string()
        } else {
            let parts: Vec<String> = tally.statuses.iter().map(|(s, n)| format!("{n} {s}")).collect();
            format!("not fully read: {}", parts.join(", "))
        };
        say!(
            "jxcheck: {} file(s){shard}: {} analysed{from_state}; {} written ({not_ok}); \
             {} error and {} warning finding(s); CSV files in {}\n\
             jxcheck: for a workbook and HTML pages: jxcheck report {}",
            tally.files,
            tally.analysed,
            tally.written,
            tally.errors,
            tally.warnings,
            args.out.display(),
            args.out.display()
        );
    }
    let alarm = match args.fail_on {
        Some(FailOn::Error) => tally.errors > 0,
        Some(FailOn::Warning) => tally.errors + tally.warnings > 0,
        None => false,
    };
    Ok(if alarm { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

/// Runs `job` for `f` within the file's time budget; a job that overruns it
/// is abandoned and `Err` holds `f`'s `error` row.
fn timed<T, J>(f: &Found, per_mb: Option<Duration>, job: J) -> Result<T, Box<Rendered>>
where
    T: Send + 'static,
    J: FnOnce() -> T + Send + 'static,
{
    let Some(per_mb) = per_mb else { return Ok(job()) };
    let size = std::fs::metadata(f.path()).map_or(0, |m| m.len());
    // a page read by OCR takes seconds: three times the per-MB budget per page
    let limit = run::budget(per_mb, size) + crate::ingest::ocr::extra_budget(f.path(), per_mb * 3);
    let why = match run::within(limit, job) {
        Ok(o) => return Ok(o),
        Err(RecvTimeoutError::Timeout) => format!(
            "took longer than {} s (the time budget for its size; see --file-timeout): abandoned",
            limit.as_secs_f64()
        ),
        Err(RecvTimeoutError::Disconnected) => {
            "internal error while processing this file (please report): its worker stopped".to_string()
        }
    };
    Err(Box::new(
        pipeline::failed(&walk::display(f.path()), Status::Error, why).render(),
    ))
}

/// One file in a worker: read its bytes and hash them; when the state knows
/// them, say so; otherwise run the stages (a panic becomes its error row).
fn analyse(f: &Found, p: &Patterns, known: &HashMap<String, Known>) -> Outcome {
    let Found::File(path) = f else {
        return Outcome::Fresh(Box::new(run::guarded(f, &|f| run::process_one(f, p)).render()), None);
    };
    let file = walk::display(path);
    let bytes = match ingest::load(path) {
        Ok(b) => b,
        Err(why) => {
            let failed = Ingested::fail("", Status::Error, why);
            return Outcome::Fresh(
                Box::new(pipeline::result(&file, &pipeline::analyse_ingested(failed, p)).render()),
                None,
            );
        }
    };
    let k = Known {
        sha256: ingest::sha256(&bytes),
        size: bytes.len() as u64,
    };
    if known.get(&file) == Some(&k) {
        return Outcome::Unchanged(k);
    }
    if let Some(why) = ingest::too_big(&bytes) {
        let failed = Ingested {
            sha256: k.sha256.clone(),
            ..Ingested::fail("", Status::Error, why)
        };
        let r = pipeline::result(&file, &pipeline::analyse_ingested(failed, p));
        return Outcome::Fresh(Box::new(r.render()), Some(k));
    }
    // the bytes are freed once decoded, before the stages run
    let bytes = std::cell::Cell::new(bytes);
    let r = run::guarded(f, &|_| {
        let mut ingested = ingest::from_bytes(&bytes.take(), path);
        ingested.sha256 = k.sha256.clone();
        pipeline::result(&file, &pipeline::analyse_ingested(ingested, p))
    });
    Outcome::Fresh(Box::new(r.render()), Some(k))
}

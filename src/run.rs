//! Runs the pipeline over many files in parallel (rayon), one result per
//! input in input order, whatever happens in any one file: a panic inside a
//! file's work is caught and becomes that file's `error` row.

use crate::ingest::walk::{self, Found};
use crate::model::Status;
use crate::output::FileResult;
use crate::patterns::Patterns;
use crate::pipeline;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::cell::RefCell;
use std::io::IsTerminal;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Worker threads; 0 = one per core.
    pub threads: usize,
    /// Show a progress bar (only drawn when stderr is a terminal).
    pub progress: bool,
}

/// Processes every found file with the real pipeline.
pub fn scan(found: &[Found], p: &Patterns, opts: &RunOptions) -> anyhow::Result<Vec<FileResult>> {
    process_all(found, opts, |f| process_one(f, p))
}

/// One found entry → its rows.
pub fn process_one(f: &Found, p: &Patterns) -> FileResult {
    let file = walk::display(f.path());
    match f {
        Found::Problem(_, why) => pipeline::failed(&file, Status::Error, why.clone()),
        Found::File(path) => pipeline::result(&file, &pipeline::analyse(path, p)),
    }
}

/// Applies `work` to every entry on a pool of `opts.threads`, catching
/// panics per entry; results come back in the order of `found`.
pub fn process_all<F>(found: &[Found], opts: &RunOptions, work: F) -> anyhow::Result<Vec<FileResult>>
where
    F: Fn(&Found) -> FileResult + Sync,
{
    install_panic_hook();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads)
        .build()
        .map_err(|e| anyhow::anyhow!("cannot start {} worker threads: {e}", opts.threads))?;
    let bar = progress_bar(found.len() as u64, opts.progress);
    let results = pool.install(|| {
        found
            .par_iter()
            .map(|f| {
                let r = guarded(f, &work);
                bar.inc(1);
                r
            })
            .collect::<Vec<_>>()
    });
    bar.finish_and_clear();
    Ok(results)
}

fn guarded<F: Fn(&Found) -> FileResult>(f: &Found, work: &F) -> FileResult {
    IN_FILE.with(|c| *c.borrow_mut() = Some(String::new()));
    let out = panic::catch_unwind(AssertUnwindSafe(|| work(f)));
    let msg = IN_FILE.with(|c| c.borrow_mut().take()).unwrap_or_default();
    match out {
        Ok(r) => r,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            let at = if msg.is_empty() {
                String::new()
            } else {
                format!(" at {msg}")
            };
            pipeline::failed(
                &walk::display(f.path()),
                Status::Error,
                format!("internal error while processing this file (please report): {what}{at}"),
            )
        }
    }
}

thread_local! {
    /// Some(location) while a file is being processed on this thread.
    static IN_FILE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Panics inside a file's work are recorded quietly (they become its row);
/// any other panic is reported as usual.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let handled = IN_FILE.with(|c| {
                let mut c = c.borrow_mut();
                match c.as_mut() {
                    Some(loc) => {
                        if let Some(l) = info.location() {
                            *loc = format!("{}:{}", l.file(), l.line());
                        }
                        true
                    }
                    None => false,
                }
            });
            if !handled {
                default(info);
            }
        }));
    });
}

fn progress_bar(n: u64, wanted: bool) -> ProgressBar {
    if !wanted || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(n);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed} (eta {eta})") {
        bar.set_style(style);
    }
    bar
}

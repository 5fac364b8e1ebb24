//! Runs the pipeline over many files on a pool of worker threads and hands
//! each file's result to a sink in input order, as soon as it and all before it
//! are done. Workers never run more than a window of files ahead of the sink,
//! so memory holds a window of results, not the corpus's. A panic inside one
//! file's work is caught and becomes that file's `error` row; work that
//! overruns its time budget (`within`) is abandoned, its result discarded.

use crate::ingest::walk::{self, Found};
use crate::model::Status;
use crate::output::FileResult;
use crate::patterns::Patterns;
use crate::pipeline;
use indicatif::{ProgressBar, ProgressStyle};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex, Once};
use std::time::Duration;

#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Worker threads; 0 = one per core.
    pub threads: usize,
    /// Show a progress bar (only drawn when stderr is a terminal).
    pub progress: bool,
}

/// The time budget of one file: `per_mb` for every started MiB of its size
/// (so at least `per_mb`).
pub fn budget(per_mb: Duration, size: u64) -> Duration {
    let mib = size.div_ceil(1 << 20).max(1);
    per_mb.saturating_mul(u32::try_from(mib).unwrap_or(u32::MAX))
}

/// Runs `job` on this thread's file thread and waits at most `limit` for it:
/// `Err(Timeout)` when it took longer (`Err(Disconnected)` if it died). A
/// file thread that overran is abandoned — it runs on until its job ends (or
/// the process does), its result is dropped, and it then exits — so the
/// caller goes on at once and its next job gets a new file thread. A file
/// thread that finished in time takes the caller's next job: a thread (and
/// its allocator heap) per file cost about a tenth of a PDF scan. A thread
/// that cannot be started runs `job` here instead.
pub fn within<T, J>(limit: Duration, job: J) -> Result<T, mpsc::RecvTimeoutError>
where
    T: Send + 'static,
    J: FnOnce() -> T + Send + 'static,
{
    let (tx, rx) = mpsc::sync_channel::<T>(1);
    let mut job: FileJob = Box::new(move || {
        let _ = tx.send(job());
    });
    let mut thread = FILE_THREAD.with(|c| c.borrow_mut().take());
    // the idle file thread, else a new one; one whose receiver is gone
    // (it cannot be, but a send says so) is replaced once
    for _ in 0..2 {
        let Some(to) = thread.take().or_else(file_thread) else {
            break;
        };
        match to.send(job) {
            Ok(()) => {
                let out = rx.recv_timeout(limit);
                if out.is_ok() {
                    FILE_THREAD.with(|c| *c.borrow_mut() = Some(to));
                }
                return out;
            }
            Err(mpsc::SendError(back)) => job = back,
        }
    }
    job();
    rx.try_recv().map_err(|_| mpsc::RecvTimeoutError::Disconnected)
}

/// A job `within` hands to a file thread.
type FileJob = Box<dyn FnOnce() + Send>;

thread_local! {
    /// This thread's idle file thread (`within`), if it has one.
    static FILE_THREAD: RefCell<Option<mpsc::Sender<FileJob>>> = const { RefCell::new(None) };
}

/// Starts a file thread: it runs the jobs it is sent one after another and
/// ends when its sender is dropped. A job that panics drops its result
/// channel (the caller sees `Disconnected`); the thread goes on.
fn file_thread() -> Option<mpsc::Sender<FileJob>> {
    let (tx, rx) = mpsc::channel::<FileJob>();
    std::thread::Builder::new()
        .name("jxcheck-file".into())
        .spawn(move || {
            for job in rx {
                let _ = panic::catch_unwind(AssertUnwindSafe(job));
            }
        })
        .ok()?;
    Some(tx)
}

impl RunOptions {
    /// The number of worker threads this asks for (0 → one per core).
    pub fn workers(&self) -> usize {
        match self.threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        }
    }
}

/// One found entry → its rows.
pub fn process_one(f: &Found, p: &Patterns) -> FileResult {
    let file = walk::display(f.path());
    match f {
        Found::Problem(_, why) => pipeline::failed(&file, Status::Error, why.clone()),
        Found::Special(_, why) => pipeline::failed(&file, Status::Unsupported, why.clone()),
        Found::File(path) => pipeline::result(&file, &pipeline::analyse(path, p)),
    }
}

/// Applies `work` to every entry, catching panics per entry; results come
/// back in the order of `found` (for tests and small inputs: `scan` streams).
pub fn process_all<F>(found: &[Found], opts: &RunOptions, work: F) -> anyhow::Result<Vec<FileResult>>
where
    F: Fn(&Found) -> FileResult + Sync,
{
    let mut out = Vec::with_capacity(found.len());
    stream(
        found,
        opts,
        |f| guarded(f, &work),
        |_, r| {
            out.push(r);
            Ok(())
        },
    )?;
    Ok(out)
}

/// Applies `work` to every entry on `opts.workers()` threads and calls `sink`
/// with each result in the order of `found`; an error from `sink` stops the
/// run and is returned. `work` must not panic: wrap what may in `guarded`.
pub fn stream<T, F, S>(found: &[Found], opts: &RunOptions, work: F, mut sink: S) -> anyhow::Result<()>
where
    T: Send,
    F: Fn(&Found) -> T + Sync,
    S: FnMut(&Found, T) -> anyhow::Result<()>,
{
    install_panic_hook();
    let workers = opts.workers().clamp(1, found.len().max(1));
    // how far workers may run ahead of the sink
    let window = (workers * 16).max(64);
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let written = (Mutex::new(0usize), Condvar::new());
    let bar = progress_bar(found.len() as u64, opts.progress);
    let (tx, rx) = mpsc::channel::<(usize, T)>();
    let result = std::thread::scope(|s| {
        for _ in 0..workers {
            let tx = tx.clone();
            let (next, stop, written, work) = (&next, &stop, &written, &work);
            s.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= found.len() {
                    break;
                }
                {
                    let (lock, cv) = written;
                    let mut w = lock.lock().unwrap_or_else(|e| e.into_inner());
                    while i >= *w + window && !stop.load(Ordering::SeqCst) {
                        w = cv.wait(w).unwrap_or_else(|e| e.into_inner());
                    }
                }
                if stop.load(Ordering::SeqCst) || tx.send((i, work(&found[i]))).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut pending = BTreeMap::new();
        let mut done = 0usize;
        let mut failure = None;
        for (i, r) in rx.iter() {
            pending.insert(i, r);
            while let Some(r) = pending.remove(&done) {
                if let Err(e) = sink(&found[done], r) {
                    failure = Some(e);
                    break;
                }
                done += 1;
                bar.inc(1);
            }
            if failure.is_some() {
                break;
            }
            let (lock, cv) = &written;
            *lock.lock().unwrap_or_else(|e| e.into_inner()) = done;
            cv.notify_all();
        }
        if failure.is_none() && done < found.len() {
            failure = Some(anyhow::anyhow!(
                "internal error: a worker stopped before {}",
                found[done].path().display()
            ));
        }
        if failure.is_some() {
            let (lock, cv) = &written;
            let _held = lock.lock().unwrap_or_else(|e| e.into_inner());
            stop.store(true, Ordering::SeqCst);
            cv.notify_all();
        }
        drop(rx);
        failure
    });
    bar.finish_and_clear();
    match result {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Runs `work` on one entry; a panic becomes the entry's `error` row naming
/// the panic and where it happened.
pub fn guarded<F: Fn(&Found) -> FileResult>(f: &Found, work: &F) -> FileResult {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use std::time::Instant;

    #[test]
    fn budget_grows_per_started_mib() {
        let s = Duration::from_secs(5);
        assert_eq!(budget(s, 0), s);
        assert_eq!(budget(s, 1 << 20), s);
        assert_eq!(budget(s, (1 << 20) + 1), 2 * s);
        assert_eq!(budget(s, u64::MAX), s.saturating_mul(u32::MAX));
    }

    /// A file whose work never ends gets its row after its budget and the
    /// files after it theirs; the run does not wait for it.
    #[test]
    fn a_stuck_file_is_abandoned_and_the_run_goes_on() {
        let found: Vec<Found> = (0..6).map(|i| Found::File(PathBuf::from(format!("f{i}")))).collect();
        let t0 = Instant::now();
        let mut got = Vec::new();
        stream(
            &found,
            &RunOptions {
                threads: 2,
                progress: false,
            },
            |f| {
                let stuck = f.path().ends_with("f2");
                within(Duration::from_millis(200), move || {
                    if stuck {
                        loop {
                            std::thread::sleep(Duration::from_secs(3600));
                        }
                    }
                    "done"
                })
                .unwrap_or("took too long")
            },
            |f, r| {
                got.push((f.path().display().to_string(), r));
                Ok(())
            },
        )
        .unwrap();
        assert!(t0.elapsed() < Duration::from_secs(20), "{:?}", t0.elapsed());
        let want: Vec<(String, &str)> = (0..6)
            .map(|i| (format!("f{i}"), if i == 2 { "took too long" } else { "done" }))
            .collect();
        assert_eq!(got, want);
    }

    /// Jobs that end in time share one file thread; one that overran keeps
    /// its thread, and the next job gets another.
    #[test]
    fn a_file_thread_is_reused_until_a_job_overruns() {
        let id = || std::thread::current().id();
        let a = within(Duration::from_secs(60), id).unwrap();
        let b = within(Duration::from_secs(60), id).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, id());
        let (go, wait) = mpsc::channel::<()>();
        let late = within(Duration::from_millis(50), move || {
            let _ = wait.recv();
            id()
        });
        assert_eq!(late, Err(mpsc::RecvTimeoutError::Timeout));
        let c = within(Duration::from_secs(60), id).unwrap();
        assert_ne!(c, a);
        go.send(()).unwrap();
        // after a job that died, the next one still runs
        let r: Result<(), _> = within(Duration::from_secs(60), || panic!("boom"));
        assert_eq!(r, Err(mpsc::RecvTimeoutError::Disconnected));
        assert_eq!(within(Duration::from_secs(60), || 7), Ok(7));
    }

    #[test]
    fn a_job_that_dies_is_not_a_timeout() {
        let r: Result<(), _> = within(Duration::from_secs(60), || panic!("boom"));
        assert_eq!(r, Err(mpsc::RecvTimeoutError::Disconnected));
    }
}

//! Heap bytes held after each stage, and the peak within it, for one file
//! (a measuring aid for the README's memory numbers and issue 20):
//! `mem_stages FILE`. Counts every allocation through the binary's own
//! allocator (mimalloc), so the numbers are what the structures take, not
//! what the allocator keeps cached; the process's peak RSS is printed last.

use jxcheck::check;
use jxcheck::extract::{forms, meta, Facts};
use jxcheck::patterns::Patterns;
use jxcheck::{ingest, normalize, pipeline, segment};
use std::alloc::{GlobalAlloc, Layout};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// mimalloc, counting the bytes live and the most live since `mark`.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { mimalloc::MiMalloc.alloc(l) };
        if !p.is_null() {
            let now = LIVE.fetch_add(l.size(), Relaxed) + l.size();
            PEAK.fetch_max(now, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { mimalloc::MiMalloc.dealloc(p, l) };
        LIVE.fetch_sub(l.size(), Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = unsafe { mimalloc::MiMalloc.realloc(p, l, new) };
        if !q.is_null() {
            let now = LIVE.fetch_add(new, Relaxed) + new;
            PEAK.fetch_max(now, Relaxed);
            LIVE.fetch_sub(l.size(), Relaxed);
        }
        q
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Prints the stage's live and peak heap (MB and × the input) and resets the peak.
fn mark(stage: &str, input: usize, extra: &str) {
    let (live, peak) = (LIVE.load(Relaxed), PEAK.swap(LIVE.load(Relaxed), Relaxed));
    let mb = |b: usize| b as f64 / 1048576.0;
    let x = |b: usize| b as f64 / input.max(1) as f64;
    println!(
        "{stage:<10} live {:>8.1} MB ({:>6.1}×)  peak {:>8.1} MB ({:>6.1}×) {extra}",
        mb(live),
        x(live),
        mb(peak),
        x(peak)
    );
}

fn rss_peak_mb() -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0)
        / 1024
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: mem_stages FILE");
    let path = Path::new(&path);
    let p = Patterns::builtin().expect("patterns");
    let base = LIVE.load(Relaxed);
    let bytes = std::fs::read(path).expect("read FILE");
    let n = bytes.len();
    println!(
        "{}: {:.1} MB; patterns {:.1} MB; estimate {} MB",
        path.display(),
        n as f64 / 1048576.0,
        base as f64 / 1048576.0,
        ingest::memory_estimate(&bytes) >> 20
    );
    mark("read", n, "");
    let mut ing = ingest::decode(&bytes, path);
    let raw = ing.doc.take().expect("a text");
    let raw_lines: usize = raw.pages.iter().map(|p| p.lines.len()).sum();
    mark("decode", n, &format!("({raw_lines} raw lines)"));
    let cleaned = normalize::clean_owned(raw, &p.normalize);
    mark("clean", n, "");
    let marks = segment::classify(&cleaned, &p.sections);
    mark("classify", n, "");
    let doc = normalize::reflow(cleaned, &marks);
    drop(marks);
    mark("reflow", n, &format!("({} lines)", doc.lines.len()));
    let outline = segment::segment(&doc, &p.sections);
    mark("segment", n, "");
    let m = meta::extract(&doc, &p.report);
    mark("meta", n, "");
    let facts = Facts::extract(&doc, &outline, &m.year, &p);
    mark("facts", n, &format!("({} figures)", facts.figures.len()));
    let fs = forms::extract(&doc, &p.forms, &m.year, false);
    mark("forms", n, &format!("({} forms)", fs.len()));
    let claims = check::form_claim::check(&fs, &facts, &doc, &p.forms.words);
    mark("form_claim", n, &format!("({} findings)", claims.len()));
    drop((doc, facts, fs, claims, outline, m));
    mark("dropped", n, "");
    let a = pipeline::analyse_ingested(ingest::decode(&bytes, path), &p);
    mark("analyse", n, &format!("({} findings)", a.findings.len()));
    let r = pipeline::result("x.txt", &a);
    mark("result", n, "");
    let text = r.render();
    let out: usize = text.tables.iter().map(|t| t.len()).sum();
    mark("render", n, &format!("({out} bytes of rows)"));
    println!("peak RSS {} MB", rss_peak_mb());
}

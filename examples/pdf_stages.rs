//! Milliseconds each stage of `jxcheck scan` takes over a folder of PDFs, in
//! one process as the scan runs them (the first pass pays every lazy set-up,
//! the second shows the warm cost): a profiling aid for scripts/bench-pdf.sh
//! (issue 15). `pdf_stages DIR [PASSES]`.

use jxcheck::extract::{forms, meta, Facts};
use jxcheck::patterns::Patterns;
use jxcheck::rubric::Scoring;
use jxcheck::{check, ingest, normalize, pipeline, segment};
use std::path::Path;
use std::time::Instant;

/// Adds the time since `t` to stage `i` and restarts `t`.
fn add(sums: &mut Vec<(&'static str, f64)>, i: usize, name: &'static str, t: &mut Instant) {
    if sums.len() <= i {
        sums.push((name, 0.0));
    }
    sums[i].1 += t.elapsed().as_secs_f64() * 1e3;
    *t = Instant::now();
}

fn main() {
    let t = Instant::now();
    let dir = std::env::args().nth(1).expect("usage: pdf_stages DIR [PASSES]");
    let passes: usize = std::env::args().nth(2).and_then(|s| s.parse().ok()).unwrap_or(2);
    let p = Patterns::builtin().expect("patterns");
    println!("patterns       {:>8.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("DIR")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    files.sort();
    for pass in 0..passes {
        let mut sums: Vec<(&'static str, f64)> = Vec::new();
        for f in &files {
            let mut t = Instant::now();
            let bytes = std::fs::read(f).expect("read");
            let sha = ingest::sha256(&bytes);
            add(&mut sums, 0, "read+sha", &mut t);
            let mut ing = ingest::from_bytes(&bytes, f);
            ing.sha256 = sha;
            add(&mut sums, 1, "ingest", &mut t);
            let full = ing.clone();
            let raw = ing.doc.take().expect("a text");
            let cleaned = normalize::clean_owned(raw, &p.normalize);
            add(&mut sums, 2, "clean", &mut t);
            let marks = segment::classify(&cleaned, &p.sections);
            let doc = normalize::reflow(cleaned, &marks);
            let outline = segment::segment(&doc, &p.sections);
            add(&mut sums, 3, "segment", &mut t);
            let m = meta::extract(&doc, &p.report);
            add(&mut sums, 4, "meta", &mut t);
            let facts = Facts::extract(&doc, &outline, &m.year, &p);
            add(&mut sums, 5, "facts", &mut t);
            let fm = forms::extract(&doc, &p.forms, &m.year, full.ocr.is_some());
            add(&mut sums, 6, "forms", &mut t);
            let scoring = Scoring::score(&facts, &p.rubrics, &p.indicators);
            add(&mut sums, 7, "scoring", &mut t);
            let _ = check::run(&facts, &scoring, &p);
            add(&mut sums, 8, "checks", &mut t);
            drop((fm, doc));
            let t1 = Instant::now();
            let a = pipeline::analyse_ingested(full, &p);
            let an = t1.elapsed().as_secs_f64() * 1e3;
            let mut t = Instant::now();
            let _ = pipeline::result(&Path::new(f).display().to_string(), &a).render();
            add(&mut sums, 9, "rows", &mut t);
            if sums.len() <= 10 {
                sums.push(("analyse (all)", 0.0));
            }
            sums[10].1 += an;
        }
        println!("pass {pass}: {} files", files.len());
        for (n, s) in &sums {
            println!("  {n:<14} {s:>8.1} ms");
        }
    }
    println!("total          {:>8.1} ms", t.elapsed().as_secs_f64() * 1e3);
}

// the binary's allocator, so the times are the scan's
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

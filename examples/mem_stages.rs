//! Peak resident memory after each stage for one file (a measuring aid for
//! the README's memory numbers): `mem_stages FILE`.

use jxcheck::extract::{meta, Facts};
use jxcheck::patterns::Patterns;
use jxcheck::{ingest, normalize, pipeline, segment};
use std::path::Path;

fn rss() -> String {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let get = |k: &str| {
        s.lines()
            .find(|l| l.starts_with(k))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
            / 1024
    };
    format!("rss {} MB, peak {} MB", get("VmRSS:"), get("VmHWM:"))
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: mem_stages FILE");
    let path = Path::new(&path);
    let p = Patterns::builtin().expect("patterns");
    let bytes = std::fs::read(path).expect("read FILE");
    println!("input {} MB: {}", bytes.len() >> 20, rss());
    let mut ing = ingest::decode(&bytes, path);
    println!("decode: {}", rss());
    let raw = ing.doc.take().expect("a text");
    let lines: usize = raw.pages.iter().map(|p| p.lines.len()).sum();
    println!("raw lines {lines}");
    let cleaned = normalize::clean(&raw, &p.normalize);
    println!("clean: {}", rss());
    drop(raw);
    let marks = segment::classify(&cleaned, &p.sections);
    let doc = normalize::reflow(cleaned, &marks);
    println!("reflow: {} (lines {})", rss(), doc.lines.len());
    let outline = segment::segment(&doc, &p.sections);
    let m = meta::extract(&doc, &p.report);
    println!("segment+meta: {}", rss());
    let facts = Facts::extract(&doc, &outline, &m.year, &p);
    println!("facts: {} (figures {})", rss(), facts.figures.len());
    drop((doc, facts));
    let a = pipeline::analyse_ingested(ingest::decode(&bytes, path), &p);
    println!("analyse: {}", rss());
    let r = pipeline::result("x.txt", &a);
    println!("result: {}", rss());
    let text = r.render();
    println!(
        "render: {} ({} bytes)",
        rss(),
        text.tables.iter().map(|t| t.len()).sum::<usize>()
    );
}

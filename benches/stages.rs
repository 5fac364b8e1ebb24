//! Per-stage benchmarks over the five corpus reports (criterion): decode
//! (sniff and decode the bytes), normalise (clean, classify headings, reflow),
//! segment (section tree), extract (meta, scorecards, claims, figures,
//! indicators), check (rubric scoring and every check rule), write (rows
//! rendered as CSV). Each stage is timed on the output of the one before,
//! prepared outside the timing loop. Throughput is the reports' bytes.
//! The whole run, against `rg` and `pdftotext`, is scripts/bench.sh.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use jxcheck::extract::meta;
use jxcheck::extract::Facts;
use jxcheck::ingest;
use jxcheck::patterns::Patterns;
use jxcheck::rubric::Scoring;
use jxcheck::{check, normalize, pipeline, segment};
use std::hint::black_box;
use std::path::{Path, PathBuf};

fn corpus() -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let b = std::fs::read(&p).expect("corpus file");
            (p, b)
        })
        .collect()
}

fn stages(c: &mut Criterion) {
    let p = Patterns::builtin().expect("built-in patterns");
    let files = corpus();
    let bytes: u64 = files.iter().map(|(_, b)| b.len() as u64).sum();
    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::Bytes(bytes));

    g.bench_function("decode", |b| {
        b.iter(|| {
            for (path, bytes) in &files {
                black_box(ingest::decode(black_box(bytes), path));
            }
        })
    });
    let raws: Vec<_> = files
        .iter()
        .filter_map(|(path, bytes)| ingest::decode(bytes, path).doc)
        .collect();

    g.bench_function("normalise", |b| {
        b.iter(|| {
            for raw in &raws {
                let cleaned = normalize::clean(black_box(raw), &p.normalize);
                let marks = segment::classify(&cleaned, &p.sections);
                black_box(normalize::reflow(cleaned, &marks));
            }
        })
    });
    let docs: Vec<_> = raws
        .iter()
        .map(|raw| {
            let cleaned = normalize::clean(raw, &p.normalize);
            let marks = segment::classify(&cleaned, &p.sections);
            normalize::reflow(cleaned, &marks)
        })
        .collect();

    g.bench_function("segment", |b| {
        b.iter(|| {
            for doc in &docs {
                black_box(segment::segment(black_box(doc), &p.sections));
            }
        })
    });
    let outlines: Vec<_> = docs.iter().map(|d| segment::segment(d, &p.sections)).collect();

    g.bench_function("extract", |b| {
        b.iter(|| {
            for (doc, outline) in docs.iter().zip(&outlines) {
                let m = meta::extract(black_box(doc), &p.report);
                black_box(Facts::extract(doc, outline, &m.year, &p));
            }
        })
    });
    let facts: Vec<_> = docs
        .iter()
        .zip(&outlines)
        .map(|(doc, outline)| {
            let m = meta::extract(doc, &p.report);
            Facts::extract(doc, outline, &m.year, &p)
        })
        .collect();

    g.bench_function("check", |b| {
        b.iter(|| {
            for f in &facts {
                let scoring = Scoring::score(black_box(f), &p.rubrics, &p.indicators);
                black_box(check::run(f, &scoring, &p));
            }
        })
    });

    let analyses: Vec<_> = files.iter().map(|(path, _)| pipeline::analyse(path, &p)).collect();
    g.bench_function("write", |b| {
        b.iter(|| {
            for a in &analyses {
                black_box(pipeline::result("corpus/report.txt", black_box(a)).render());
            }
        })
    });

    g.bench_function("whole_file", |b| {
        b.iter(|| {
            for (path, bytes) in &files {
                let a = pipeline::analyse_ingested(ingest::decode(black_box(bytes), path), &p);
                black_box(pipeline::result("corpus/report.txt", &a).render());
            }
        })
    });
    g.finish();
}

fn startup(c: &mut Criterion) {
    c.bench_function("load_patterns", |b| b.iter(|| black_box(Patterns::builtin())));
}

criterion_group!(benches, stages, startup);
criterion_main!(benches);

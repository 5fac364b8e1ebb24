//! Reading an office document against its text twin (criterion): for each
//! corpus report with tables, the whole per-file work (decode the bytes,
//! normalise, extract, check, render the rows) on the .txt, the .docx, the
//! .html and the .xlsx of fixtures/office/out. The bound: a DOCX or
//! XLSX costs no more than twice its text.

use criterion::{criterion_group, criterion_main, Criterion};
use jxcheck::ingest;
use jxcheck::patterns::Patterns;
use jxcheck::pipeline;
use std::hint::black_box;
use std::path::{Path, PathBuf};

const REPORTS: [&str; 3] = ["000_dcb98461ec04ccb6", "001_1043f48496861f1f", "002_96471e5ce4531d3d"];

fn file(rel: &str) -> (PathBuf, Vec<u8>) {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    let b = std::fs::read(&p).expect("fixture");
    (p, b)
}

fn office(c: &mut Criterion) {
    let p = Patterns::builtin().expect("built-in patterns");
    let mut g = c.benchmark_group("office");
    for (ext, dir) in [
        ("txt", "corpus"),
        ("docx", "fixtures/office/out"),
        ("html", "fixtures/office/out"),
        ("xlsx", "fixtures/office/out"),
    ] {
        let files: Vec<_> = REPORTS.iter().map(|r| file(&format!("{dir}/{r}.{ext}"))).collect();
        g.bench_function(ext, |b| {
            b.iter(|| {
                for (path, bytes) in &files {
                    let a = pipeline::analyse_ingested(ingest::decode(black_box(bytes), path), &p);
                    black_box(pipeline::result("report", &a).render());
                }
            })
        });
    }
    g.finish();
}

criterion_group!(benches, office);
criterion_main!(benches);

//! Whole-file benchmark of the PDF text layer: bytes of a typeset corpus
//! report (fixtures/pdf) → pages of lines, per font situation. The
//! comparison with poppler's `pdftotext -layout` is scripts/bench-pdf.sh.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::path::Path;

fn text_layer(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/pdf");
    let mut g = c.benchmark_group("pdf_text_layer");
    for situation in ["gbk", "ucs2", "tounicode", "gb1", "truetype"] {
        let path = dir.join(format!("000_dcb98461ec04ccb6.{situation}.pdf"));
        let bytes = std::fs::read(&path).expect("fixture PDF (run fixtures/pdf/make.sh)");
        let pages = jxcheck::ingest::pdf::read(&bytes)
            .map(|t| t.doc.pages.len())
            .unwrap_or(0);
        g.throughput(Throughput::Elements(pages as u64));
        g.bench_function(situation, |b| {
            b.iter(|| jxcheck::ingest::pdf::read(std::hint::black_box(&bytes)).map(|t| t.doc.pages.len()))
        });
    }
    g.finish();
}

criterion_group!(benches, text_layer);
criterion_main!(benches);

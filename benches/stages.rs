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
use jxcheck::synth::hostile;
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

/// Chinese digits, for names that differ without Arabic numbers.
const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// A named generator of a hostile text of size n.
type Shape = (&'static str, Box<dyn Fn(usize) -> String>);

/// Hostile shapes that used to be quadratic, each at n and 2n: time should
/// double, not quadruple (issue 20). `wide_row`: one table row of numeric
/// cells (row labels); `org_names`: a body naming many organisations and no
/// 部门名称 line (metadata); `indicators`: an indicator table and prose
/// naming each row (claims); `no_stops`: one paragraph of figures without a
/// sentence stop (sentence bounds).
fn linear(c: &mut Criterion) {
    let p = Patterns::builtin().expect("built-in patterns");
    let cn = |i: usize| {
        i.to_string()
            .chars()
            .map(|c| DIGITS[c as usize - '0' as usize])
            .collect::<String>()
    };
    let shapes: [Shape; 4] = [
        (
            "wide_row",
            Box::new(|n| {
                let row: Vec<String> = (0..n).map(|i| format!("{}.{:02}", i, i % 100)).collect();
                format!("项目\t预算数（万元）\n{}\n", row.join("\t"))
            }),
        ),
        (
            "org_names",
            Box::new(move |n| {
                (0..n)
                    .map(|i| format!("深圳市福田区第{}管理局开展工作，我局完成任务\n", cn(i)))
                    .collect()
            }),
        ),
        (
            "indicators",
            Box::new(move |n| {
                let mut s = String::from("三级指标\t年度指标值\t实际完成值\n");
                for i in 0..n {
                    s.push_str(&format!("服务满意度{}号\t≥90%\t95%\n", cn(i)));
                }
                for i in 0..n {
                    s.push_str(&format!("项目{}进展顺利。\n", cn(i)));
                }
                s
            }),
        ),
        (
            "no_stops",
            Box::new(|n| {
                (0..n)
                    .map(|i| format!("收入 {}.{:02} 万元，", i, i % 100))
                    .collect::<String>()
                    + "\n"
            }),
        ),
    ];
    let mut g = c.benchmark_group("linear");
    g.sample_size(10);
    for (name, make) in &shapes {
        for n in [2_000usize, 4_000] {
            let text = make(n);
            g.throughput(Throughput::Bytes(text.len() as u64));
            g.bench_function(format!("{name}/{n}"), |b| {
                b.iter(|| {
                    let ing = ingest::decode(black_box(text.as_bytes()), Path::new("x.txt"));
                    black_box(pipeline::analyse_ingested(ing, &p))
                })
            });
        }
    }
    g.finish();
}

/// Doubling input size should double the time (issue 20): the whole
/// analysis of a hostile mix (`synth::hostile::mix`: every shape that was once
/// super-linear, repeated) and of typical report text (the corpus repeated)
/// at 1, 2, 4, 8 and 16 MB (up to `DOUBLING_MAX_MB`), and of one table row of
/// 12,500 to 100,000 cells. scripts/bench-linear.sh prints the ratios.
fn doubling(c: &mut Criterion) {
    let p = Patterns::builtin().expect("built-in patterns");
    let max_mb: usize = std::env::var("DOUBLING_MAX_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(16);
    let seed: String = corpus()
        .iter()
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    let mut inputs: Vec<(String, String)> = Vec::new();
    for mb in [1usize, 2, 4, 8, 16].into_iter().filter(|&m| m <= max_mb) {
        inputs.push((format!("mix/{mb}MB"), hostile::mix(mb << 20)));
        inputs.push((format!("typical/{mb}MB"), hostile::typical(&seed, mb << 20)));
    }
    for cells in [12_500usize, 25_000, 50_000, 100_000] {
        inputs.push((format!("row/{cells}"), hostile::wide_row(cells)));
    }
    let mut g = c.benchmark_group("doubling");
    g.sample_size(10);
    g.sampling_mode(criterion::SamplingMode::Flat);
    g.warm_up_time(std::time::Duration::from_millis(1));
    for (name, text) in &inputs {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name.as_str(), |b| {
            b.iter(|| {
                let ing = ingest::decode(black_box(text.as_bytes()), Path::new("x.txt"));
                black_box(pipeline::result("x.txt", &pipeline::analyse_ingested(ing, &p)).render())
            })
        });
    }
    g.finish();
}

criterion_group!(benches, stages, startup, linear, doubling);
criterion_main!(benches);

//! Seconds each stage takes on doubling inputs, and each doubling's ratio
//! (≈ 2 when the stage is linear): a profiling aid beside the criterion group
//! `doubling` (issue 20). `stage_times KIND MB...` with KIND `mix` (the
//! hostile mix), `typical` (the corpus repeated) or `short` (short lines).

use jxcheck::extract::{claims, figures, indicators, meta, relations, scorecard, table_changes};
use jxcheck::patterns::Patterns;
use jxcheck::synth::hostile;
use jxcheck::{check, ingest, normalize, pipeline, segment};
use std::path::Path;
use std::time::Instant;

/// The stages of `pipeline::analyse_ingested`, the fact readers one by one.
fn times(text: &str, p: &Patterns) -> Vec<(&'static str, f64)> {
    let mut out = Vec::new();
    let mut t = Instant::now();
    let mut lap = |name: &'static str, out: &mut Vec<(&'static str, f64)>| {
        out.push((name, t.elapsed().as_secs_f64()));
        t = Instant::now();
    };
    let mut ing = ingest::decode(text.as_bytes(), Path::new("x.txt"));
    let raw = ing.doc.take().expect("a text");
    lap("decode", &mut out);
    let cleaned = normalize::clean_owned(raw, &p.normalize);
    lap("clean", &mut out);
    let marks = segment::classify(&cleaned, &p.sections);
    lap("classify", &mut out);
    let doc = normalize::reflow(cleaned, &marks);
    lap("reflow", &mut out);
    let outline = segment::segment(&doc, &p.sections);
    lap("segment", &mut out);
    let m = meta::extract(&doc, &p.report);
    lap("meta", &mut out);
    let cards = scorecard::extract(doc.lines.view(), &p.scores);
    lap("scorecards", &mut out);
    let scope = figures::Scope {
        year: &m.year,
        headings: outline.sections.iter().map(|s| s.index).collect(),
        skip: Default::default(),
    };
    let (figs, blocks) = figures::extract(&doc, &scope, &p.figures);
    lap("figures", &mut out);
    let rel = relations::extract(&doc, &figs, &blocks, &p.figures);
    lap("relations", &mut out);
    let cl = claims::extract(doc.lines.view(), &p.scores);
    lap("claims", &mut out);
    let ind = indicators::extract(doc.lines.view(), &p.indicators);
    lap("indicators", &mut out);
    let ch = table_changes::extract(&doc, &p.figures.table_change);
    lap("table_changes", &mut out);
    drop((cards, figs, blocks, rel, cl, ind, ch));
    let t0 = Instant::now();
    let a = pipeline::analyse_ingested(ingest::decode(text.as_bytes(), Path::new("x.txt")), p);
    out.push(("analyse (all)", t0.elapsed().as_secs_f64()));
    let t0 = Instant::now();
    let _ = check::run(&a.facts, &a.scoring, p);
    out.push(("checks", t0.elapsed().as_secs_f64()));
    let t0 = Instant::now();
    let _ = pipeline::result("x.txt", &a).render();
    out.push(("rows", t0.elapsed().as_secs_f64()));
    out
}

fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let Some((kind, sizes)) = a.split_first() else {
        eprintln!("usage: stage_times mix|typical|short MB...");
        std::process::exit(1);
    };
    let p = Patterns::builtin().expect("patterns");
    let seed = hostile::corpus_text(&Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")).expect("corpus/");
    let mut prev: Option<Vec<(&str, f64)>> = None;
    for mb in sizes {
        let n: usize = mb.parse::<usize>().expect("MB is a number") << 20;
        let text = match kind.as_str() {
            "mix" => hostile::mix(n),
            "typical" => hostile::typical(&seed, n),
            "short" => hostile::short_lines(n),
            _ => panic!("unknown kind {kind}"),
        };
        let now = times(&text, &p);
        println!("{kind} {mb} MB");
        for (i, (name, s)) in now.iter().enumerate() {
            let ratio = prev.as_ref().map(|pr| s / pr[i].1.max(1e-9));
            match ratio {
                Some(r) => println!("  {name:<14} {s:>8.3} s  ×{r:.2}"),
                None => println!("  {name:<14} {s:>8.3} s"),
            }
        }
        prev = Some(now);
    }
}

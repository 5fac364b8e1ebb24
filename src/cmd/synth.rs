//! `jxcheck synth --from DIR --count N --out DIR` — make a synthetic corpus
//! of varied reports from real ones, for scale tests and benchmarks.

use crate::ingest::{self, sniff, walk};
use crate::output::table::writer;
use crate::patterns::Patterns;
use crate::synth::{pdf, Rng, Seed};
use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Make a synthetic corpus from real reports, for scale tests and benchmarks.
///
/// Every text report under --from is a seed. Variant i is made from seed
/// i mod (number of seeds): a new department (another city before the
/// seed's department name), all years shifted together, and every money
/// figure scaled by one factor (0.5–3) and printed with the seed's decimals
/// and thousands separators. Only factors under which the seed's checks
/// find exactly what they find in the seed are used (a coarse `1 亿元` can
/// round out of its relations), so a variant's findings are its seed's. One variant in --plant-every carries one planted
/// contradiction: a money figure or the claimed total changed where the
/// seed's own checks catch it (found by trying, when the seed is prepared).
///
/// Written into DIR (which must be empty or missing):
///
///   txt/NNNNNN_SEED.txt  the variants as UTF-8 text (--format text, both)
///   pdf/NNNNNN_SEED.pdf  the same typeset as A4 PDFs: GBK-EUC-H font without
///                        ToUnicode, ruled tables, running headers (pdf, both)
///   manifest.csv         file, format, seed, department, year, scale,
///                        planted_rule, planted_line (text only; PDF lines
///                        are counted differently)
///
/// The same --from, --count and --seed give the same files on any machine.
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct SynthArgs {
    /// Folder (or file) of real text reports to vary.
    #[arg(long, value_name = "DIR")]
    pub from: PathBuf,
    /// How many reports to make.
    #[arg(long, short = 'n', value_name = "N")]
    pub count: usize,
    /// Folder to write them into.
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,
    /// Which formats to write.
    #[arg(long, value_enum, default_value = "both")]
    pub format: SynthFormat,
    /// Seed of the random choices.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// One variant in this many carries a planted contradiction (0: none).
    #[arg(long, value_name = "K", default_value_t = 4)]
    pub plant_every: usize,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N", default_value_t = 0)]
    pub threads: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SynthFormat {
    Text,
    Pdf,
    Both,
}

pub fn run(args: &SynthArgs, patterns: &Patterns) -> Result<()> {
    let texts = seeds(&args.from)?;
    if texts.is_empty() {
        bail!("no text reports under {} to make variants of", args.from.display());
    }
    if args.out.exists() {
        let mut entries = std::fs::read_dir(&args.out)
            .with_context(|| format!("cannot read output folder {}", args.out.display()))?;
        if entries.next().is_some() {
            bail!(
                "{} is not empty; synth writes into a new or empty folder",
                args.out.display()
            );
        }
    }
    let text_out = matches!(args.format, SynthFormat::Text | SynthFormat::Both);
    let pdf_out = matches!(args.format, SynthFormat::Pdf | SynthFormat::Both);
    for (on, sub) in [(text_out, "txt"), (pdf_out, "pdf")] {
        if on {
            let d = args.out.join(sub);
            std::fs::create_dir_all(&d).with_context(|| format!("cannot create {}", d.display()))?;
        }
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads)
        .build()
        .map_err(|e| anyhow::anyhow!("cannot start worker threads: {e}"))?;
    let seeds: Vec<Seed> = pool.install(|| {
        texts
            .par_iter()
            .map(|(name, text)| Seed::prepare(name, text, patterns))
            .collect()
    });
    let rows: Vec<Result<Vec<Vec<String>>>> = pool.install(|| {
        (0..args.count)
            .into_par_iter()
            .map(|i| {
                let seed = &seeds[i % seeds.len()];
                let mut rng = Rng::new(args.seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ i as u64);
                let plant = args.plant_every > 0 && i % args.plant_every == args.plant_every - 1;
                let v = seed.variant(&mut rng, plant);
                let stem = format!("{i:06}_{}", seed.name);
                let mut rows = Vec::new();
                let row = |file: String, format: &str, line: Option<u32>| {
                    vec![
                        file,
                        format.to_string(),
                        seed.name.clone(),
                        v.department.clone(),
                        v.year.map(|y| y.to_string()).unwrap_or_default(),
                        v.scale.to_string(),
                        v.planted.as_ref().map(|p| p.0.clone()).unwrap_or_default(),
                        line.map(|l| l.to_string()).unwrap_or_default(),
                    ]
                };
                if text_out {
                    let file = format!("txt/{stem}.txt");
                    write(&args.out.join(&file), v.text.as_bytes())?;
                    rows.push(row(file, "txt", v.planted.as_ref().map(|p| p.1)));
                }
                if pdf_out {
                    let file = format!("pdf/{stem}.pdf");
                    write(&args.out.join(&file), &pdf::typeset(&v.text))?;
                    rows.push(row(file, "pdf", None));
                }
                Ok(rows)
            })
            .collect()
    });
    let manifest = args.out.join("manifest.csv");
    let f = std::fs::File::create(&manifest).with_context(|| format!("cannot write {}", manifest.display()))?;
    let mut w = writer(std::io::BufWriter::new(f));
    w.write_record([
        "file",
        "format",
        "seed",
        "department",
        "year",
        "scale",
        "planted_rule",
        "planted_line",
    ])?;
    for r in rows {
        for row in r? {
            w.write_record(&row)?;
        }
    }
    w.flush()
        .with_context(|| format!("cannot write {}", manifest.display()))?;
    let plants: usize = seeds.iter().map(|s| s.plants.len()).sum();
    let scales: Vec<String> = seeds.iter().map(|s| s.scales.len().to_string()).collect();
    let unplaced: usize = seeds.iter().map(|s| s.unplaced).sum();
    eprintln!(
        "jxcheck: {} report(s) from {} seed(s) in {} ({} plantable change(s) found; scale factors usable \
         per seed: {}; {} money figure(s) not found again in their line, left as they were)",
        args.count,
        seeds.len(),
        args.out.display(),
        plants,
        scales.join("/"),
        unplaced
    );
    Ok(())
}

/// The text reports under `from`, by file stem, in path order.
fn seeds(from: &Path) -> Result<Vec<(String, String)>> {
    let found = walk::discover(&[from.to_path_buf()]).map_err(|e| anyhow::anyhow!(e))?;
    let mut out = Vec::new();
    for f in found {
        let walk::Found::File(path) = f else { continue };
        let Ok(bytes) = ingest::load(&path) else { continue };
        if sniff::sniff(&bytes, &path) != sniff::Format::Text {
            continue;
        }
        let dec = ingest::text::decode(&bytes);
        if dec.looks_binary() || dec.text.trim().is_empty() {
            continue;
        }
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.push((name, dec.text.to_string()));
    }
    Ok(out)
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

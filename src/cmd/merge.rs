//! `jxcheck merge DIR... --out DIR` — join the output folders of sharded
//! scans into the CSV files one scan over all the inputs would have written.

use crate::output::rows::DISCREPANCIES;
use crate::output::{self, table::Table, TABLES};
use crate::review::{Recount, Review};
use crate::shard::Manifest;
use anyhow::{bail, Context, Result};
use clap::Args;
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

/// Join the output folders of sharded scans into one.
///
/// Each DIR holds the six CSV files of a `jxcheck scan --shard K/N` (or of
/// any scans over disjoint files). Rows are merged by file, keeping each
/// file's rows in their order, so the result is byte-identical to what one
/// `jxcheck scan` over all the inputs would have written — given the same
/// paths as found (run every shard from the same working folder with the
/// same INPUT arguments) and the same --excel choice.
///
/// Each DIR is checked before anything is written: its manifest (the hidden
/// `.jxcheck-manifest` every scan writes last) must be there, and each CSV
/// file must have the length and sha256 it records — a file cut short, a row
/// added, changed or deleted is refused. All DIRs must come from the same
/// tool and patterns versions, the same working folder and the same --excel
/// choice; sharded scans must share their INPUT arguments and N, and every
/// shard 0..N-1 must be given once. Refused as well: a header that is not the
/// contract's, rows not sorted by file, a file twice in a reports.csv, a row
/// of a file that has no report row, and the same file in two folders.
/// Written into DIR as `scan` writes: whole files renamed into place, then
/// the manifest.
///
/// With --review FILE the merged findings carry the marks of FILE (and only
/// those), and reports.csv and projects.csv count errors and warnings
/// without the dismissed ones, as `scan --review` would have; ids of FILE
/// that match no finding are listed on stderr.
///
/// Example, three machines then one merge:
///
///   jxcheck scan reports --shard 0/3 --out part0     (and 1/3, 2/3 elsewhere)
///   jxcheck merge part0 part1 part2 --out all --review marks.csv
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct MergeArgs {
    /// Output folders of the shards.
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Folder to write the merged CSV files into.
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,
    /// A reviewer's marks (columns id,verdict,note), as for `scan --review`.
    #[arg(long, value_name = "FILE")]
    pub review: Option<PathBuf>,
}

pub fn run(args: &MergeArgs) -> Result<()> {
    let manifests = args
        .dirs
        .iter()
        .map(|d| Manifest::read(d))
        .collect::<Result<Vec<_>>>()?;
    let merged = agree(&args.dirs, &manifests)?;
    for (dir, m) in args.dirs.iter().zip(&manifests) {
        for table in TABLES {
            verify(&dir.join(table.name), m.file(table.name))?;
        }
    }
    let mut recount = match &args.review {
        Some(path) => {
            let mut rc = Recount::new(Review::load(path)?);
            for dir in &args.dirs {
                let mut input = Input::open(&dir.join(DISCREPANCIES.name), &DISCREPANCIES)?;
                while let Some(rec) = &input.head {
                    rc.count(rec);
                    input.advance()?;
                }
            }
            Some(rc)
        }
        None => None,
    };
    let mut inputs: Vec<Vec<Input>> = Vec::new();
    for table in TABLES {
        let mut per_dir = Vec::new();
        for dir in &args.dirs {
            per_dir.push(Input::open(&dir.join(table.name), table)?);
        }
        inputs.push(per_dir);
    }
    let boms: Vec<bool> = inputs.iter().flatten().map(|i| i.bom).collect();
    let excel = boms.first().copied().unwrap_or(false);
    if boms.iter().any(|&b| b != excel) {
        bail!(
            "some of the files start with the Excel byte-order mark (--excel) and some do not; rerun the shards alike"
        );
    }
    let mut out = output::Writer::create(&args.out, excel)?;
    // the files each folder has a report row for
    let mut reported: Vec<HashSet<Vec<u8>>> = vec![HashSet::new(); args.dirs.len()];
    for (i, (table, mut per_dir)) in TABLES.iter().zip(inputs).enumerate() {
        merge(table, &mut per_dir, &mut reported, i == 0, recount.as_mut(), |bytes| {
            out.push_table(i, bytes)
        })?;
    }
    out.finish(merged)?;
    if let (Some(rc), Some(path)) = (&recount, &args.review) {
        let stale = rc.unmatched();
        if !stale.is_empty() {
            eprintln!(
                "jxcheck: {} review mark(s) in {} match no finding of these folders (stale?): {}",
                stale.len(),
                path.display(),
                stale.join(", ")
            );
        }
    }
    Ok(())
}

/// The manifests agree: one run's shards (or scans of disjoint inputs), by
/// the same tool with the same patterns from the same working folder. The
/// merged folder's manifest.
fn agree(dirs: &[PathBuf], ms: &[Manifest]) -> Result<Manifest> {
    let Some(first) = ms.first() else {
        bail!("nothing to merge");
    };
    let d0 = dirs[0].display();
    for (d, m) in dirs.iter().zip(ms).skip(1) {
        let d = d.display();
        if m.tool_version != first.tool_version {
            bail!(
                "{d} was written by jxcheck {} and {d0} by {}; rerun the shards with one version",
                m.tool_version,
                first.tool_version
            );
        }
        if m.patterns_version != first.patterns_version {
            bail!("{d} and {d0} were written with different patterns (--patterns); rerun the shards alike");
        }
        if m.cwd != first.cwd {
            bail!(
                "{d} was scanned from {} and {d0} from {}: file paths differ; run every shard from the same working folder",
                m.cwd,
                first.cwd
            );
        }
        if m.excel != first.excel {
            bail!("some of the folders were written with --excel and some not; rerun the shards alike");
        }
    }
    let sharded = ms.iter().filter(|m| m.shard.is_some()).count();
    if sharded > 0 {
        if sharded < ms.len() {
            bail!("some folders are shards (--shard) and some are not");
        }
        let n = first.shard.map_or(0, |s| s.1);
        let mut seen = vec![false; usize::try_from(n).unwrap_or(0)];
        for (d, m) in dirs.iter().zip(ms) {
            let Some((k, mn)) = m.shard else { continue };
            if mn != n || m.inputs != first.inputs {
                bail!(
                    "{} is shard {k}/{mn} of other inputs than {d0} (shard of {n} over {:?}); merge joins the shards of one run",
                    d.display(),
                    first.inputs
                );
            }
            let slot = usize::try_from(k).ok().and_then(|k| seen.get_mut(k));
            match slot {
                Some(s) if !*s => *s = true,
                _ => bail!("shard {k}/{n} is given twice"),
            }
        }
        let missing: Vec<String> = (0..n)
            .filter(|&k| !seen[k as usize])
            .map(|k| format!("{k}/{n}"))
            .collect();
        if !missing.is_empty() {
            bail!(
                "shard(s) {} missing: merge needs every shard of the run",
                missing.join(", ")
            );
        }
    }
    let mut inputs: Vec<String> = ms.iter().flat_map(|m| m.inputs.iter().cloned()).collect();
    inputs.sort();
    inputs.dedup();
    Ok(Manifest {
        inputs,
        shard: None,
        files: Vec::new(),
        ..first.clone()
    })
}

/// The file at `path` has the length and sha256 its manifest records.
fn verify(path: &Path, want: Option<(u64, &str)>) -> Result<()> {
    let Some((len, sha)) = want else {
        bail!("{} is not in its folder's manifest", path.display());
    };
    let mut f = File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut n = 0u64;
    loop {
        let k = f
            .read(&mut buf)
            .with_context(|| format!("cannot read {}", path.display()))?;
        if k == 0 {
            break;
        }
        h.update(&buf[..k]);
        n += k as u64;
    }
    if n != len || crate::patterns::hex(&h.finalize()) != sha {
        bail!(
            "{} is not what its scan wrote ({n} bytes where the manifest says {len}, or other content): damaged or edited; rerun that shard",
            path.display()
        );
    }
    Ok(())
}

/// One shard's CSV file being read, one record ahead.
struct Input {
    path: PathBuf,
    bom: bool,
    reader: csv::Reader<Box<dyn Read>>,
    head: Option<csv::ByteRecord>,
    /// The line of `head`, for messages.
    line: u64,
}

impl Input {
    fn open(path: &Path, table: &Table) -> Result<Input> {
        let f = File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
        let mut r = BufReader::new(f);
        let mut first = [0u8; 3];
        let mut got = 0;
        while got < 3 {
            let n = r
                .read(&mut first[got..])
                .with_context(|| format!("cannot read {}", path.display()))?;
            if n == 0 {
                break;
            }
            got += n;
        }
        let bom = got == 3 && first == *b"\xEF\xBB\xBF";
        let rest: Box<dyn Read> = if bom {
            Box::new(r)
        } else {
            Box::new(std::io::Cursor::new(first[..got].to_vec()).chain(r))
        };
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(rest);
        let mut header = csv::ByteRecord::new();
        let ok = reader
            .read_byte_record(&mut header)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let want = table.header();
        if !ok || header.iter().ne(want.iter().map(|h| h.as_bytes())) {
            bail!(
                "{} is not a jxcheck {} (its header is not {})",
                path.display(),
                table.name,
                want.join(",")
            );
        }
        let mut input = Input {
            path: path.to_path_buf(),
            bom,
            reader,
            head: None,
            line: 1,
        };
        input.advance()?;
        Ok(input)
    }

    fn key(&self) -> Option<&[u8]> {
        self.head.as_ref().map(|r| r.get(0).unwrap_or(b""))
    }

    /// Reads the next record into `head`, checking the file stays sorted.
    fn advance(&mut self) -> Result<()> {
        let mut rec = csv::ByteRecord::new();
        let more = self
            .reader
            .read_byte_record(&mut rec)
            .with_context(|| format!("cannot read {}", self.path.display()))?;
        self.line = rec.position().map_or(self.line + 1, |p| p.line());
        let next = more.then_some(rec);
        if let (Some(prev), Some(n)) = (self.key(), next.as_ref()) {
            if n.get(0).unwrap_or(b"") < prev {
                bail!(
                    "{} line {}: rows are not sorted by file (was it written by jxcheck?)",
                    self.path.display(),
                    self.line
                );
            }
        }
        self.head = next;
        Ok(())
    }
}

/// Writes the records of `inputs` in file order through `emit`, each input's
/// rows for one file kept together and in order. For reports.csv
/// (`reports`), records each input's files in `reported` and refuses a file
/// twice; for the other tables, refuses a row whose file has no report row.
fn merge(
    table: &Table,
    inputs: &mut [Input],
    reported: &mut [HashSet<Vec<u8>>],
    reports: bool,
    mut recount: Option<&mut Recount>,
    mut emit: impl FnMut(&[u8]) -> Result<()>,
) -> Result<()> {
    let mut buf = Vec::new();
    loop {
        let mut best: Option<usize> = None;
        for (i, input) in inputs.iter().enumerate() {
            let Some(k) = input.key() else { continue };
            match best {
                None => best = Some(i),
                Some(b) => {
                    let bk = inputs[b].key().unwrap_or(b"");
                    if k == bk {
                        bail!(
                            "{}: {} is in both {} and {}; merge joins shards of disjoint files",
                            table.name,
                            String::from_utf8_lossy(k),
                            inputs[b].path.display(),
                            input.path.display()
                        );
                    }
                    if k < bk {
                        best = Some(i);
                    }
                }
            }
        }
        let Some(b) = best else { return Ok(()) };
        // this input's rows for the file, all of them
        let key = inputs[b].key().unwrap_or(b"").to_vec();
        if reports {
            if !reported[b].insert(key.clone()) {
                bail!(
                    "{} line {}: {} has a second report row",
                    inputs[b].path.display(),
                    inputs[b].line,
                    String::from_utf8_lossy(&key)
                );
            }
        } else if !reported[b].contains(&key) {
            bail!(
                "{} line {}: {} has rows here but no row in reports.csv",
                inputs[b].path.display(),
                inputs[b].line,
                String::from_utf8_lossy(&key)
            );
        }
        while inputs[b].key() == Some(&key[..]) {
            if let Some(rec) = &inputs[b].head {
                if rec.len() != table.columns.len() {
                    bail!(
                        "{} line {}: {} cells where {} has {} columns",
                        inputs[b].path.display(),
                        inputs[b].line,
                        rec.len(),
                        table.name,
                        table.columns.len()
                    );
                }
                buf.clear();
                let mut w = output::table::writer(&mut buf);
                match recount.as_deref_mut() {
                    Some(rc) => w.write_byte_record(&rc.fix(table.name, rec))?,
                    None => w.write_byte_record(rec)?,
                }
                w.flush()?;
                drop(w);
                emit(&buf)?;
            }
            inputs[b].advance()?;
        }
    }
}

//! `jxcheck merge DIR... --out DIR` — join the output folders of sharded
//! scans into the CSV files one scan over all the inputs would have written.

use crate::output::{self, table::Table, TABLES};
use anyhow::{bail, Context, Result};
use clap::Args;
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
/// Refused: a folder missing one of the files, a header that is not the
/// contract's, rows not sorted by file, the same file in two folders, and a
/// mix of files with and without the Excel byte-order mark (the output has
/// the mark when the inputs do). Written into DIR as `scan` writes: whole
/// files renamed into place.
///
/// Example, three machines then one merge:
///
///   jxcheck scan reports --shard 0/3 --out part0     (and 1/3, 2/3 elsewhere)
///   jxcheck merge part0 part1 part2 --out all
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct MergeArgs {
    /// Output folders of the shards.
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Folder to write the merged CSV files into.
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,
}

pub fn run(args: &MergeArgs) -> Result<()> {
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
    for (i, (table, mut per_dir)) in TABLES.iter().zip(inputs).enumerate() {
        merge(table, &mut per_dir, |bytes| out.push_table(i, bytes))?;
    }
    out.finish()
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
/// rows for one file kept together and in order.
fn merge(table: &Table, inputs: &mut [Input], mut emit: impl FnMut(&[u8]) -> Result<()>) -> Result<()> {
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
                w.write_byte_record(rec)?;
                w.flush()?;
                drop(w);
                emit(&buf)?;
            }
            inputs[b].advance()?;
        }
    }
}

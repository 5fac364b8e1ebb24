//! Output: write the six CSV files of the contract into DIR. Each file's rows
//! are rendered to CSV bytes where the file was analysed (`Rendered`), then
//! appended in input order to temporary files in DIR (`Writer`), which are
//! renamed into place only when all are complete — a reader never sees a
//! half-written file, and memory holds one file's rows, not the corpus's.
//!
//! One writer per folder: `Writer::create` takes an exclusive lock on
//! `DIR/.jxcheck.lock` (an advisory lock the system drops when the process
//! ends, however it ends) and refuses at once when another run holds it. The
//! lock file stays (removing it would let two runs lock two files). Files are
//! created with the mode the umask allows (0644 typically).

pub mod log;
pub mod rows;
pub mod table;

pub use rows::{DiscrepancyRow, FigureRow, IndicatorRow, ProjectRow, ReportRow, ScoreRow};

use crate::shard::{Manifest, MANIFEST};
use anyhow::{Context, Result};
use sha2::{Digest, Sha256};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use table::Table;

/// The six tables, in the order `Rendered::tables` holds them.
pub const TABLES: [&Table; 6] = [
    &rows::REPORTS,
    &rows::DISCREPANCIES,
    &rows::FIGURES,
    &rows::SCORES,
    &rows::INDICATORS,
    &rows::PROJECTS,
];

/// Everything one file contributed to the outputs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileResult {
    pub report: ReportRow,
    pub discrepancies: Vec<DiscrepancyRow>,
    pub figures: Vec<FigureRow>,
    pub scores: Vec<ScoreRow>,
    pub indicators: Vec<IndicatorRow>,
    pub projects: Vec<ProjectRow>,
}

/// One file's rows as CSV lines (no header), per table in `TABLES` order,
/// with what a run needs to know of them without parsing them again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    pub file: String,
    pub status: String,
    /// Findings by severity, as counted in reports.csv.
    pub errors: usize,
    pub warnings: usize,
    /// Rows in discrepancies.csv (every severity).
    pub findings: usize,
    pub tables: [Vec<u8>; 6],
}

impl FileResult {
    /// Writes this file's rows as CSV lines.
    pub fn render(&self) -> Rendered {
        let mut tables: [Vec<u8>; 6] = Default::default();
        // each record made as it is written (collecting them all first
        // held a second copy of every row)
        type Records<'a> = Box<dyn Iterator<Item = Vec<String>> + 'a>;
        let records: [Records; 6] = [
            Box::new(std::iter::once(self.report.record())),
            Box::new(self.discrepancies.iter().map(|r| r.record())),
            Box::new(self.figures.iter().map(|r| r.record())),
            Box::new(self.scores.iter().map(|r| r.record())),
            Box::new(self.indicators.iter().map(|r| r.record())),
            Box::new(self.projects.iter().map(|r| r.record())),
        ];
        for ((buf, table), recs) in tables.iter_mut().zip(TABLES).zip(records) {
            // writing into a Vec cannot fail; a csv error here would be a bug
            let _ = table.write_rows(&mut *buf, recs);
        }
        Rendered {
            file: self.report.file.clone(),
            status: self.report.status.clone(),
            errors: self.report.errors,
            warnings: self.report.warnings,
            findings: self.discrepancies.len(),
            tables,
        }
    }
}

/// Names of the temporary files in DIR while a run writes.
const TMP_PREFIX: &str = ".jxcheck-";
const TMP_SUFFIX: &str = ".tmp";

/// The lock file in DIR.
pub const LOCK: &str = ".jxcheck.lock";

/// Holds DIR's lock until dropped.
pub struct Lock {
    _file: std::fs::File,
}

impl Lock {
    /// Locks DIR (which must exist) for this process, or says who holds it.
    pub fn take(dir: &Path) -> Result<Lock> {
        let path = dir.join(LOCK);
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .with_context(|| format!("cannot write into output folder {}", dir.display()))?;
        match file.try_lock() {
            Ok(()) => Ok(Lock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => anyhow::bail!(
                "another jxcheck is writing into {} (it holds {}); nothing was written — wait for it or use another --out",
                dir.display(),
                path.display()
            ),
            Err(std::fs::TryLockError::Error(e)) => {
                Err(e).with_context(|| format!("cannot lock output folder {}", dir.display()))
            }
        }
    }
}

/// Mode of the files written, before the umask.
#[cfg(unix)]
fn file_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o666))
}

#[cfg(not(unix))]
fn file_permissions() -> Option<std::fs::Permissions> {
    None
}

/// The six CSV files being written: header first, then rows appended in the
/// order given; `finish` renames them into place.
pub struct Writer {
    dir: PathBuf,
    started: std::time::SystemTime,
    files: Vec<Out>,
    _lock: Lock,
}

/// One CSV file being written, with the length and hash of what was written.
struct Out {
    w: BufWriter<tempfile::NamedTempFile>,
    name: &'static str,
    len: u64,
    sha: Sha256,
}

impl Out {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.w.write_all(bytes)?;
        self.sha.update(bytes);
        self.len += bytes.len() as u64;
        Ok(())
    }
}

impl Writer {
    /// Creates DIR if needed, locks it (see the module doc) and starts the
    /// six files (with a UTF-8 byte-order mark first when `excel`).
    pub fn create(dir: &Path, excel: bool) -> Result<Self> {
        let started = std::time::SystemTime::now();
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create output folder {}", dir.display()))?;
        let lock = Lock::take(dir)?;
        let mut files = Vec::new();
        for table in TABLES {
            let mut b = tempfile::Builder::new();
            b.prefix(TMP_PREFIX).suffix(TMP_SUFFIX);
            if let Some(mode) = file_permissions() {
                b.permissions(mode);
            }
            let tmp = b
                .tempfile_in(dir)
                .with_context(|| format!("cannot write into output folder {}", dir.display()))?;
            let mut out = Out {
                w: BufWriter::with_capacity(1 << 16, tmp),
                name: table.name,
                len: 0,
                sha: Sha256::new(),
            };
            let mut header = Vec::new();
            // writing into a Vec cannot fail
            let _ = table.write_header(&mut header, excel);
            out.write(&header)
                .with_context(|| format!("cannot write {}", dir.join(table.name).display()))?;
            files.push(out);
        }
        Ok(Writer {
            dir: dir.to_path_buf(),
            started,
            files,
            _lock: lock,
        })
    }

    /// Appends one file's rows.
    pub fn push(&mut self, r: &Rendered) -> Result<()> {
        for (i, bytes) in r.tables.iter().enumerate() {
            self.push_table(i, bytes)?;
        }
        Ok(())
    }

    /// Appends CSV lines to table `i` (in `TABLES` order).
    pub fn push_table(&mut self, i: usize, bytes: &[u8]) -> Result<()> {
        let out = &mut self.files[i];
        out.write(bytes)
            .with_context(|| format!("cannot write {}", self.dir.join(out.name).display()))
    }

    /// Flushes the six files to disk and renames them into place, then the
    /// manifest (`m` with the files' lengths and hashes filled in); then
    /// removes what a killed run left behind (its temporary files, older
    /// than this run).
    pub fn finish(self, mut m: Manifest) -> Result<()> {
        let mut staged = Vec::new();
        m.files.clear();
        for out in self.files {
            let dest = self.dir.join(out.name);
            m.files
                .push((out.name.to_string(), out.len, crate::patterns::hex(&out.sha.finalize())));
            let tmp = out
                .w
                .into_inner()
                .map_err(|e| anyhow::anyhow!("cannot write {}: {}", dest.display(), e.error()))?;
            tmp.as_file()
                .sync_all()
                .with_context(|| format!("cannot write {}", dest.display()))?;
            staged.push((tmp, dest));
        }
        for (tmp, dest) in staged {
            tmp.persist(&dest)
                .with_context(|| format!("cannot move output into place: {}", dest.display()))?;
        }
        let dest = self.dir.join(MANIFEST);
        let mut b = tempfile::Builder::new();
        b.prefix(TMP_PREFIX).suffix(TMP_SUFFIX);
        if let Some(mode) = file_permissions() {
            b.permissions(mode);
        }
        let mut tmp = b
            .tempfile_in(&self.dir)
            .with_context(|| format!("cannot write {}", dest.display()))?;
        tmp.write_all(m.render().as_bytes())
            .and_then(|()| tmp.as_file().sync_all())
            .with_context(|| format!("cannot write {}", dest.display()))?;
        tmp.persist(&dest)
            .with_context(|| format!("cannot move output into place: {}", dest.display()))?;
        for entry in std::fs::read_dir(&self.dir).into_iter().flatten().flatten() {
            let name = entry.file_name();
            let ours = name
                .to_str()
                .is_some_and(|n| n.starts_with(TMP_PREFIX) && n.ends_with(TMP_SUFFIX));
            let stale = entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t < self.started);
            if ours && stale {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        Ok(())
    }
}

/// Whether `name` is one of the files jxcheck writes.
pub fn is_output_name(name: &str) -> bool {
    TABLES.iter().any(|t| t.name == name)
}

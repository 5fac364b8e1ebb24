//! The nightly job's memory (`scan --state FILE`): an embedded SQLite database
//! remembering, per input path, the file's sha256 and size, the tool and
//! patterns versions that analysed it, its status and its rendered rows. A
//! later run reuses the rows of a file whose bytes and versions are unchanged.
//!
//! Every file's result is its own committed transaction (WAL journal), so a
//! run killed mid-way loses at most the files still in flight. The tables are
//! named `jxcheck_*`; tables of an older layout are dropped and rebuilt (they
//! only ever hold a cache).
//!
//! Trusted only after checking: a database that fails `PRAGMA quick_check` is
//! refused as corrupt; one holding other tables and not ours, or stamped with
//! another application id, is another application's and refused untouched;
//! WAL is switched on only in a file jxcheck creates. Schema creation runs in
//! an immediate transaction with busy retries, so runs starting together on
//! a new file wait for each other. A stored row is reused only when its
//! hash, size, tool and patterns versions are the ones asked for and its CSV
//! lines parse with the right columns for the right file.

use crate::output::table::{guard, Col};
use crate::output::{Rendered, TABLES};
use anyhow::{bail, Context, Result};
use rusqlite::{params, Connection, ErrorCode, OptionalExtension};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// `PRAGMA application_id` of jxcheck's state files ("JXCK").
const APPLICATION_ID: i32 = 0x4A58_434B;

/// How long to wait for another run holding the database.
const BUSY: Duration = Duration::from_secs(30);

/// Bumped whenever the tables below change.
const SCHEMA: &str = "2";

/// The version of this build, as stored per file.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// What is remembered of a file's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    pub sha256: String,
    pub size: u64,
}

/// An open state database.
pub struct State {
    conn: Connection,
    path: PathBuf,
    patterns: String,
}

impl State {
    /// Opens (or creates) the database at `path` for results made with the
    /// patterns whose hash is `patterns_version`.
    pub fn open(path: &Path, patterns_version: &str) -> Result<State> {
        let what = || format!("state database {}", path.display());
        if path.is_dir() {
            bail!("{} is a folder", what());
        }
        let conn = Connection::open(path).with_context(|| format!("cannot open {}", what()))?;
        conn.busy_timeout(BUSY)
            .with_context(|| format!("cannot open {}", what()))?;
        let state = State {
            conn,
            path: path.to_path_buf(),
            patterns: patterns_version.to_string(),
        };
        state.check().with_context(|| format!("refusing {}", what()))?;
        retry_busy(|| state.prepare())
            .with_context(|| format!("cannot use {} (is it a jxcheck state file?)", what()))?;
        Ok(state)
    }

    /// Refuses a corrupt database and another application's.
    fn check(&self) -> Result<()> {
        let checked: rusqlite::Result<Vec<String>> = retry_busy(|| {
            let mut stmt = self.conn.prepare("PRAGMA quick_check")?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            rows.collect()
        });
        let problems = match checked {
            Ok(p) => p,
            Err(e) if e.sqlite_error_code() == Some(ErrorCode::NotADatabase) => {
                bail!("it is not an SQLite database (is it a jxcheck state file?)")
            }
            Err(e) => return Err(e).context("cannot check it"),
        };
        if problems.as_slice() != ["ok"] {
            bail!(
                "it is corrupt (quick_check: {}); move it away and run again to rebuild it",
                problems.into_iter().take(3).collect::<Vec<_>>().join("; ")
            );
        }
        let app: i32 = self.conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        let tables: Vec<String> = {
            let mut stmt = self
                .conn
                .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let ours = tables.iter().any(|t| t == "jxcheck_meta");
        if app != 0 && app != APPLICATION_ID {
            bail!("it belongs to another application (application_id {app:#x}); give --state a file of its own");
        }
        if app == 0 && !tables.is_empty() && !ours {
            bail!(
                "it holds another application's tables ({}); give --state a file of its own",
                tables.join(", ")
            );
        }
        Ok(())
    }

    fn prepare(&self) -> rusqlite::Result<()> {
        // a file jxcheck creates: stamp it and switch on WAL (outside any
        // transaction); an existing one keeps its journal mode
        let fresh = || -> rusqlite::Result<bool> {
            let n: i64 = self
                .conn
                .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
            Ok(n == 0)
        };
        if fresh()? {
            self.conn.pragma_update(None, "journal_mode", "WAL")?;
        }
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        let made = self.create_tables();
        match made {
            Ok(()) => self.conn.execute_batch("COMMIT"),
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }

    /// The tables, created or rebuilt inside the caller's transaction.
    fn create_tables(&self) -> rusqlite::Result<()> {
        let app: i32 = self.conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        if app == 0 {
            self.conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        }
        self.conn
            .execute_batch("CREATE TABLE IF NOT EXISTS jxcheck_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);")?;
        let schema: Option<String> = self
            .conn
            .query_row("SELECT value FROM jxcheck_meta WHERE key = 'schema'", [], |r| r.get(0))
            .optional()?;
        if schema.as_deref() != Some(SCHEMA) {
            self.conn.execute_batch(
                "DROP TABLE IF EXISTS jxcheck_files;
                 CREATE TABLE jxcheck_files (
                     path TEXT PRIMARY KEY,
                     sha256 TEXT NOT NULL,
                     size INTEGER NOT NULL,
                     tool_version TEXT NOT NULL,
                     patterns_version TEXT NOT NULL,
                     status TEXT NOT NULL,
                     errors INTEGER NOT NULL,
                     warnings INTEGER NOT NULL,
                     findings INTEGER NOT NULL,
                     reports BLOB NOT NULL,
                     discrepancies BLOB NOT NULL,
                     figures BLOB NOT NULL,
                     scores BLOB NOT NULL,
                     indicators BLOB NOT NULL,
                     projects BLOB NOT NULL
                 );",
            )?;
            self.conn.execute(
                "INSERT OR REPLACE INTO jxcheck_meta (key, value) VALUES ('schema', ?1)",
                [SCHEMA],
            )?;
        }
        Ok(())
    }

    /// The files whose stored results were made by this tool version with
    /// these patterns, by path.
    pub fn known(&self) -> Result<HashMap<String, Known>> {
        let mut stmt = self
            .conn
            .prepare("SELECT path, sha256, size FROM jxcheck_files WHERE tool_version = ?1 AND patterns_version = ?2")
            .with_context(|| self.failed("read"))?;
        let rows = stmt
            .query_map(params![TOOL_VERSION, self.patterns], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    Known {
                        sha256: r.get(1)?,
                        size: r.get::<_, i64>(2)? as u64,
                    },
                ))
            })
            .with_context(|| self.failed("read"))?;
        rows.collect::<rusqlite::Result<HashMap<_, _>>>()
            .with_context(|| self.failed("read"))
    }

    /// The stored rows of `path`, when they were made from bytes `known` by
    /// this tool with these patterns, and are whole; `None` otherwise (the
    /// caller analyses the file again).
    pub fn stored(&self, path: &str, known: &Known) -> Result<Option<Rendered>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT status, errors, warnings, findings, reports, discrepancies, figures, scores, indicators, projects
                 FROM jxcheck_files
                 WHERE path = ?1 AND sha256 = ?2 AND size = ?3 AND tool_version = ?4 AND patterns_version = ?5",
            )
            .with_context(|| self.failed("read"))?;
        let size = i64::try_from(known.size).unwrap_or(i64::MAX);
        let row = stmt
            .query_row(params![path, known.sha256, size, TOOL_VERSION, self.patterns], |r| {
                let count = |i: usize| r.get::<_, i64>(i).map(|n| usize::try_from(n).unwrap_or(usize::MAX));
                Ok(Rendered {
                    file: path.to_string(),
                    status: r.get(0)?,
                    errors: count(1)?,
                    warnings: count(2)?,
                    findings: count(3)?,
                    tables: [r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?],
                })
            })
            .optional();
        match row {
            Ok(Some(r)) if whole(&r) => Ok(Some(r)),
            Ok(_) => Ok(None),
            // a value of the wrong type: not a row this tool wrote
            Err(rusqlite::Error::InvalidColumnType(..)) | Err(rusqlite::Error::FromSqlConversionFailure(..)) => {
                Ok(None)
            }
            Err(e) => Err(e).with_context(|| self.failed("read")),
        }
    }

    /// Remembers the rows of a file with these bytes (committed on return).
    pub fn save(&self, known: &Known, r: &Rendered) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "INSERT OR REPLACE INTO jxcheck_files
                 (path, sha256, size, tool_version, patterns_version, status, errors, warnings, findings,
                  reports, discrepancies, figures, scores, indicators, projects)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            )
            .with_context(|| self.failed("write"))?;
        stmt.execute(params![
            r.file,
            known.sha256,
            known.size as i64,
            TOOL_VERSION,
            self.patterns,
            r.status,
            r.errors as i64,
            r.warnings as i64,
            r.findings as i64,
            r.tables[0],
            r.tables[1],
            r.tables[2],
            r.tables[3],
            r.tables[4],
            r.tables[5],
        ])
        .with_context(|| self.failed("write"))?;
        Ok(())
    }

    fn failed(&self, what: &str) -> String {
        format!("cannot {what} state database {}", self.path.display())
    }
}

/// Whether stored rows are what `save` was given: one report row, every
/// line a CSV record of its table's columns, every record about `r.file`,
/// and the counts agreeing.
fn whole(r: &Rendered) -> bool {
    let file = guard(&r.file, Col::Path);
    let mut records = [0usize; 6];
    for (i, (bytes, table)) in r.tables.iter().zip(TABLES).enumerate() {
        let mut rd = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes.as_slice());
        for rec in rd.records() {
            let Ok(rec) = rec else { return false };
            if rec.len() != table.columns.len() || rec.get(0) != Some(file.as_ref()) {
                return false;
            }
            records[i] += 1;
        }
    }
    records[0] == 1 && records[1] == r.findings
}

/// Runs `f` again while the database is busy (another run holds a lock that
/// the busy handler cannot wait for, e.g. while it switches to WAL), for up
/// to `BUSY`.
fn retry_busy<T>(mut f: impl FnMut() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let t0 = Instant::now();
    loop {
        match f() {
            Err(e)
                if matches!(
                    e.sqlite_error_code(),
                    Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
                ) && t0.elapsed() < BUSY =>
            {
                std::thread::sleep(Duration::from_millis(50));
            }
            r => return r,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{DiscrepancyRow, FileResult, ReportRow};

    fn rendered(file: &str) -> Rendered {
        let d = DiscrepancyRow {
            file: file.into(),
            rule: "ARITH.SUM".into(),
            ..Default::default()
        };
        FileResult {
            report: ReportRow {
                file: file.into(),
                status: "ok".into(),
                errors: 1,
                warnings: 2,
                ..Default::default()
            },
            discrepancies: vec![d.clone(), d.clone(), d],
            ..Default::default()
        }
        .render()
    }

    fn known(sha: &str) -> Known {
        Known {
            sha256: sha.into(),
            size: 7,
        }
    }

    #[test]
    fn remembers_by_path_and_versions() {
        let d = tempfile::tempdir().unwrap();
        let db = d.path().join("state.sqlite");
        let k = known("ab");
        {
            let s = State::open(&db, "p1").unwrap();
            s.save(&k, &rendered("x/1.txt")).unwrap();
            assert_eq!(s.known().unwrap().get("x/1.txt"), Some(&k));
        }
        let s = State::open(&db, "p1").unwrap();
        assert_eq!(s.stored("x/1.txt", &k).unwrap(), Some(rendered("x/1.txt")));
        assert_eq!(s.stored("x/2.txt", &k).unwrap(), None);
        // other patterns: nothing is known
        assert!(State::open(&db, "p2").unwrap().known().unwrap().is_empty());
    }

    /// Before: `stored` returned whatever row the path had, so a run with
    /// other patterns that replaced it meanwhile changed this run's rows.
    #[test]
    fn rows_are_revalidated_on_reuse() {
        let d = tempfile::tempdir().unwrap();
        let db = d.path().join("state.sqlite");
        let a = State::open(&db, "p1").unwrap();
        let b = State::open(&db, "p2").unwrap();
        a.save(&known("ab"), &rendered("x/1.txt")).unwrap();
        assert!(a.stored("x/1.txt", &known("ab")).unwrap().is_some());
        // another run, other patterns, same file: its row replaces ours
        b.save(&known("ab"), &rendered("x/1.txt")).unwrap();
        assert_eq!(a.stored("x/1.txt", &known("ab")).unwrap(), None);
        // other bytes
        assert_eq!(b.stored("x/1.txt", &known("cd")).unwrap(), None);
        // a damaged row (a line cut short) is not reused
        let mut r = rendered("x/2.txt");
        r.tables[1].truncate(r.tables[1].len() - 5);
        b.save(&known("ab"), &r).unwrap();
        assert_eq!(b.stored("x/2.txt", &known("ab")).unwrap(), None);
        // rows of another file under this path
        b.save(
            &known("ab"),
            &Rendered {
                file: "x/3.txt".into(),
                ..rendered("x/4.txt")
            },
        )
        .unwrap();
        assert_eq!(b.stored("x/3.txt", &known("ab")).unwrap(), None);
    }

    #[test]
    fn refuses_what_is_not_a_database() {
        let d = tempfile::tempdir().unwrap();
        let f = d.path().join("notes.txt");
        std::fs::write(&f, "this is not SQLite, and it is long enough to have a header").unwrap();
        let e = State::open(&f, "p").err().unwrap();
        assert!(format!("{e:#}").contains("jxcheck state file"), "{e:#}");
        assert_eq!(
            std::fs::read(&f).unwrap(),
            b"this is not SQLite, and it is long enough to have a header"
        );
    }

    /// Before: a corrupt file was read and its damaged rows written out.
    #[test]
    fn refuses_a_corrupt_database() {
        let d = tempfile::tempdir().unwrap();
        let db = d.path().join("state.sqlite");
        {
            let s = State::open(&db, "p").unwrap();
            for i in 0..200 {
                s.save(&known("ab"), &rendered(&format!("dir/{i:04}.txt"))).unwrap();
            }
            s.conn.pragma_update(None, "wal_checkpoint", "TRUNCATE").unwrap();
        }
        let mut bytes = std::fs::read(&db).unwrap();
        let page = 4096;
        assert!(bytes.len() > 4 * page);
        // scribble over the headers and cell pointers of pages 2 to 4
        for p in 1..4 {
            for b in &mut bytes[p * page..p * page + 40] {
                *b = 0x5A;
            }
        }
        std::fs::write(&db, &bytes).unwrap();
        let e = State::open(&db, "p").err().expect("a corrupt state file is refused");
        assert!(format!("{e:#}").starts_with("refusing state database"), "{e:#}");
    }

    /// Before: another application's database was adopted and switched to WAL.
    #[test]
    fn refuses_another_applications_database_untouched() {
        let d = tempfile::tempdir().unwrap();
        let db = d.path().join("theirs.sqlite");
        Connection::open(&db)
            .unwrap()
            .execute_batch("CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('keep');")
            .unwrap();
        let before = std::fs::read(&db).unwrap();
        let e = State::open(&db, "p").err().unwrap();
        assert!(format!("{e:#}").contains("another application"), "{e:#}");
        assert_eq!(std::fs::read(&db).unwrap(), before);
        assert!(!d.path().join("theirs.sqlite-wal").exists());
        // stamped with another application id, even without tables
        let other = d.path().join("other.sqlite");
        Connection::open(&other)
            .unwrap()
            .pragma_update(None, "application_id", 42)
            .unwrap();
        assert!(State::open(&other, "p").is_err());
    }

    /// Before: of runs creating a new state file at once, one failed with
    /// "database is locked".
    #[test]
    fn concurrent_creation_is_safe() {
        let d = tempfile::tempdir().unwrap();
        let db = d.path().join("new.sqlite");
        let barrier = std::sync::Barrier::new(6);
        std::thread::scope(|s| {
            let hs: Vec<_> = (0..6)
                .map(|i| {
                    let (db, barrier) = (&db, &barrier);
                    s.spawn(move || {
                        barrier.wait();
                        let st = State::open(db, "p")?;
                        st.save(&known("ab"), &rendered(&format!("f{i}")))
                    })
                })
                .collect();
            for h in hs {
                h.join().unwrap().unwrap();
            }
        });
        assert_eq!(State::open(&db, "p").unwrap().known().unwrap().len(), 6);
    }
}

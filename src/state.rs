//! The nightly job's memory (`scan --state FILE`): an embedded SQLite database
//! remembering, per input path, the file's sha256 and size, the tool and
//! patterns versions that analysed it, its status and its rendered rows. A
//! later run reuses the rows of a file whose bytes and versions are unchanged.
//!
//! Every file's result is its own committed transaction (WAL journal), so a
//! run killed mid-way loses at most the files still in flight. The tables are
//! named `jxcheck_*` and nothing else in the database is touched; tables of an
//! older layout are dropped and rebuilt (they only ever hold a cache).

use crate::output::Rendered;
use anyhow::{bail, Context, Result};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

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
        let state = State {
            conn,
            path: path.to_path_buf(),
            patterns: patterns_version.to_string(),
        };
        state
            .prepare()
            .with_context(|| format!("cannot use {} (is it a jxcheck state file?)", what()))?;
        Ok(state)
    }

    fn prepare(&self) -> rusqlite::Result<()> {
        self.conn.busy_timeout(std::time::Duration::from_secs(30))?;
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        self.conn
            .execute_batch("CREATE TABLE IF NOT EXISTS jxcheck_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);")?;
        let schema: Option<String> = self
            .conn
            .query_row("SELECT value FROM jxcheck_meta WHERE key = 'schema'", [], |r| r.get(0))
            .optional()?;
        if schema.as_deref() != Some(SCHEMA) {
            self.conn.execute_batch(
                "BEGIN;
                 DROP TABLE IF EXISTS jxcheck_files;
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
                 );
                 COMMIT;",
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

    /// The stored rows of `path`.
    pub fn stored(&self, path: &str) -> Result<Option<Rendered>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT status, errors, warnings, findings, reports, discrepancies, figures, scores, indicators, projects
                 FROM jxcheck_files WHERE path = ?1",
            )
            .with_context(|| self.failed("read"))?;
        stmt.query_row([path], |r| {
            Ok(Rendered {
                file: path.to_string(),
                status: r.get(0)?,
                errors: r.get::<_, i64>(1)? as usize,
                warnings: r.get::<_, i64>(2)? as usize,
                findings: r.get::<_, i64>(3)? as usize,
                tables: [r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?],
            })
        })
        .optional()
        .with_context(|| self.failed("read"))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(file: &str) -> Rendered {
        Rendered {
            file: file.into(),
            status: "ok".into(),
            errors: 1,
            warnings: 2,
            findings: 3,
            tables: [
                b"a\n".to_vec(),
                b"b\n".to_vec(),
                vec![],
                b"d\n".to_vec(),
                b"e,\"f\"\n".to_vec(),
                b"g\n".to_vec(),
            ],
        }
    }

    #[test]
    fn remembers_by_path_and_versions() {
        let d = tempfile::tempdir().unwrap();
        let db = d.path().join("state.sqlite");
        let k = Known {
            sha256: "ab".into(),
            size: 7,
        };
        {
            let s = State::open(&db, "p1").unwrap();
            s.save(&k, &rendered("x/1.txt")).unwrap();
            assert_eq!(s.known().unwrap().get("x/1.txt"), Some(&k));
        }
        let s = State::open(&db, "p1").unwrap();
        assert_eq!(s.stored("x/1.txt").unwrap(), Some(rendered("x/1.txt")));
        assert_eq!(s.stored("x/2.txt").unwrap(), None);
        // other patterns: nothing is known
        assert!(State::open(&db, "p2").unwrap().known().unwrap().is_empty());
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

    #[test]
    fn keeps_other_tables() {
        let d = tempfile::tempdir().unwrap();
        let db = d.path().join("mine.sqlite");
        Connection::open(&db)
            .unwrap()
            .execute_batch("CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('keep');")
            .unwrap();
        State::open(&db, "p").unwrap();
        let c = Connection::open(&db).unwrap();
        let x: String = c.query_row("SELECT x FROM notes", [], |r| r.get(0)).unwrap();
        assert_eq!(x, "keep");
    }
}

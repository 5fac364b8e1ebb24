//! Review marks (`--review FILE`): a CSV of `id,verdict,note` (more columns
//! allowed) a reviewer keeps across nightly runs. A finding whose id is listed
//! carries `verdict: note` in discrepancies.csv `review`; a `dismissed` one
//! stays in discrepancies.csv but is no longer counted in reports.csv
//! errors/warnings (nor, therefore, by `--fail-on`). Applied to each file's
//! rendered rows as they are written, so rows remembered by `--state` are
//! reviewed afresh on every run.

use crate::output::rows::{DISCREPANCIES, PROJECTS, REPORTS};
use crate::output::Rendered;
use anyhow::{bail, Context, Result};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// A reviewer's verdict on one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub dismissed: bool,
    /// `dismissed: note` / `confirmed` as written into `review`.
    pub text: String,
}

/// The marks of a review file and which of them matched a finding.
#[derive(Debug, Default)]
pub struct Review {
    marks: BTreeMap<String, Mark>,
    used: HashSet<String>,
}

fn col(name: &str, table: &crate::output::table::Table) -> usize {
    table.columns.iter().position(|(n, _)| *n == name).unwrap_or(0)
}

impl Review {
    /// Reads a review file; an unknown verdict or a missing column is an
    /// error naming the file and line.
    pub fn load(path: &Path) -> Result<Review> {
        let bytes = std::fs::read(path).with_context(|| format!("cannot read review file {}", path.display()))?;
        let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let mut r = csv::ReaderBuilder::new().flexible(true).from_reader(text);
        let head = r
            .headers()
            .with_context(|| format!("cannot read review file {}", path.display()))?
            .clone();
        let find = |n: &str| head.iter().position(|h| h.trim().eq_ignore_ascii_case(n));
        let (Some(id), Some(verdict)) = (find("id"), find("verdict")) else {
            bail!(
                "review file {} needs the columns id and verdict (and note)",
                path.display()
            );
        };
        let note = find("note");
        let mut marks = BTreeMap::new();
        for (i, rec) in r.records().enumerate() {
            let rec = rec.with_context(|| format!("review file {} line {}", path.display(), i + 2))?;
            let key = rec.get(id).unwrap_or("").trim();
            if key.is_empty() {
                continue;
            }
            let v = rec.get(verdict).unwrap_or("").trim().to_ascii_lowercase();
            if v != "confirmed" && v != "dismissed" {
                bail!(
                    "review file {} line {}: verdict {:?} is neither confirmed nor dismissed",
                    path.display(),
                    i + 2,
                    v
                );
            }
            let note = note.and_then(|n| rec.get(n)).unwrap_or("").trim();
            let text = if note.is_empty() {
                v.clone()
            } else {
                format!("{v}: {note}")
            };
            marks.insert(
                key.to_string(),
                Mark {
                    dismissed: v == "dismissed",
                    text,
                },
            );
        }
        Ok(Review {
            marks,
            used: HashSet::new(),
        })
    }

    pub fn len(&self) -> usize {
        self.marks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.marks.is_empty()
    }

    /// Marks one file's findings and recounts its errors and warnings.
    pub fn apply(&mut self, r: &mut Rendered) -> Result<()> {
        if self.marks.is_empty() || r.findings == 0 {
            return Ok(());
        }
        let (id, sev, review) = (
            col("id", &DISCREPANCIES),
            col("severity", &DISCREPANCIES),
            col("review", &DISCREPANCIES),
        );
        let part = col("part", &DISCREPANCIES);
        let mut rows = read(&r.tables[1])?;
        let mut changed = false;
        let (mut errors, mut warnings) = (0, 0);
        // dismissed findings per form (part): (errors, warnings)
        let mut dismissed: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for row in &mut rows {
            let mark = row.get(id).and_then(|k| self.marks.get(k));
            if let Some(m) = mark {
                self.used.insert(row[id].clone());
                if row.get(review) != Some(&m.text) {
                    row[review] = m.text.to_string();
                    changed = true;
                }
            }
            if mark.is_some_and(|m| m.dismissed) {
                let p = row.get(part).cloned().unwrap_or_default();
                if !p.is_empty() {
                    let d = dismissed.entry(p).or_default();
                    match row.get(sev).map(String::as_str) {
                        Some("error") => d.0 += 1,
                        Some("warning") => d.1 += 1,
                        _ => {}
                    }
                }
                continue;
            }
            match row.get(sev).map(String::as_str) {
                Some("error") => errors += 1,
                Some("warning") => warnings += 1,
                _ => {}
            }
        }
        if changed {
            r.tables[1] = write(&DISCREPANCIES, rows)?;
        }
        if (errors, warnings) != (r.errors, r.warnings) {
            let mut report = read(&r.tables[0])?;
            if let Some(row) = report.first_mut() {
                row[col("errors", &REPORTS)] = errors.to_string();
                row[col("warnings", &REPORTS)] = warnings.to_string();
            }
            r.tables[0] = write(&REPORTS, report)?;
            r.errors = errors;
            r.warnings = warnings;
        }
        if !dismissed.is_empty() {
            // a form's counts in projects.csv leave out its dismissed findings too
            let (pp, pe, pw) = (
                col("part", &PROJECTS),
                col("errors", &PROJECTS),
                col("warnings", &PROJECTS),
            );
            let mut projects = read(&r.tables[5])?;
            for row in &mut projects {
                let Some(&(de, dw)) = row.get(pp).and_then(|p| dismissed.get(p)) else {
                    continue;
                };
                for (c, d) in [(pe, de), (pw, dw)] {
                    if let Some(n) = row.get(c).and_then(|v| v.parse::<usize>().ok()) {
                        row[c] = n.saturating_sub(d).to_string();
                    }
                }
            }
            r.tables[5] = write(&PROJECTS, projects)?;
        }
        Ok(())
    }

    /// The mark of finding `id`, noting that it matched.
    fn mark(&mut self, id: &[u8]) -> Option<&Mark> {
        let id = std::str::from_utf8(id).ok()?;
        let m = self.marks.get(id)?;
        if !self.used.contains(id) {
            self.used.insert(id.to_string());
        }
        Some(m)
    }

    /// Ids of the review file that matched no finding (stale marks).
    pub fn unmatched(&self) -> Vec<&str> {
        self.marks
            .keys()
            .filter(|k| !self.used.contains(*k))
            .map(String::as_str)
            .collect()
    }
}

/// Review marks applied to finished CSV rows (`merge --review`): the
/// findings' `review` cells are set from the marks (cleared where the file has
/// none, so the merge's review is the one that counts), and the errors and
/// warnings of reports.csv and projects.csv are recounted from the findings
/// that are not dismissed — not adjusted, so marks a shard's own scan applied
/// are neither counted twice nor kept when the merge's review drops them.
pub struct Recount {
    review: Review,
    /// (errors, warnings) not dismissed, by file and by (file, part)
    files: HashMap<Vec<u8>, (usize, usize)>,
    parts: HashMap<(Vec<u8>, Vec<u8>), (usize, usize)>,
}

impl Recount {
    pub fn new(review: Review) -> Recount {
        Recount {
            review,
            files: HashMap::new(),
            parts: HashMap::new(),
        }
    }

    /// Counts one discrepancies.csv row (a first pass over every finding).
    pub fn count(&mut self, rec: &csv::ByteRecord) {
        let get = |name| rec.get(col(name, &DISCREPANCIES)).unwrap_or(b"");
        let file = get("file").to_vec();
        let dismissed = self.review.mark(get("id")).is_some_and(|m| m.dismissed);
        let (e, w) = match get("severity") {
            b"error" => (1, 0),
            b"warning" => (0, 1),
            _ => (0, 0),
        };
        let add = |c: &mut (usize, usize)| {
            if !dismissed {
                c.0 += e;
                c.1 += w;
            }
        };
        add(self.files.entry(file.clone()).or_default());
        let part = get("part");
        if !part.is_empty() {
            add(self.parts.entry((file, part.to_vec())).or_default());
        }
    }

    /// Rewrites one row of table `name` (after every finding was counted).
    pub fn fix(&mut self, name: &str, rec: &csv::ByteRecord) -> csv::ByteRecord {
        let cell = |t: &crate::output::table::Table, c: &str| rec.get(col(c, t)).unwrap_or(b"").to_vec();
        let set = |t: &crate::output::table::Table, vals: &[(&str, Vec<u8>)]| {
            let mut out = csv::ByteRecord::new();
            for (i, v) in rec.iter().enumerate() {
                match vals.iter().find(|(c, _)| col(c, t) == i) {
                    Some((_, nv)) => out.push_field(nv),
                    None => out.push_field(v),
                }
            }
            out
        };
        let counts = |(e, w): (usize, usize)| {
            [
                ("errors", e.to_string().into_bytes()),
                ("warnings", w.to_string().into_bytes()),
            ]
        };
        if name == REPORTS.name {
            let c = self.files.get(&cell(&REPORTS, "file")).copied().unwrap_or_default();
            set(&REPORTS, &counts(c))
        } else if name == PROJECTS.name {
            let key = (cell(&PROJECTS, "file"), cell(&PROJECTS, "part"));
            let c = self.parts.get(&key).copied().unwrap_or_default();
            set(&PROJECTS, &counts(c))
        } else if name == DISCREPANCIES.name {
            let text = self
                .review
                .mark(&cell(&DISCREPANCIES, "id"))
                // starts with the verdict: no formula guard needed
                .map(|m| m.text.to_string())
                .unwrap_or_default();
            set(&DISCREPANCIES, &[("review", text.into_bytes())])
        } else {
            rec.clone()
        }
    }

    /// Ids of the review file that matched no finding (stale marks).
    pub fn unmatched(&self) -> Vec<&str> {
        self.review.unmatched()
    }
}

fn read(bytes: &[u8]) -> Result<Vec<Vec<String>>> {
    let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(bytes);
    let mut out = Vec::new();
    for rec in r.records() {
        out.push(rec?.iter().map(str::to_string).collect());
    }
    Ok(out)
}

fn write(table: &crate::output::table::Table, rows: Vec<Vec<String>>) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    table.write_rows(&mut buf, rows.into_iter())?;
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{DiscrepancyRow, FileResult, ReportRow};

    #[test]
    fn dismissed_not_counted_and_stale_listed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("review.csv");
        std::fs::write(
            &path,
            "id,verdict,note,who\naaa,dismissed,\"rounding, explained on p.3\",li\nbbb,confirmed,,wang\nzzz,dismissed,old,li\n",
        )
        .unwrap();
        let mut review = Review::load(&path).unwrap();
        let finding = |id: &str, sev: &str| DiscrepancyRow {
            file: "a.txt".into(),
            id: id.into(),
            severity: sev.into(),
            message: "=x".into(),
            ..Default::default()
        };
        let fr = FileResult {
            report: ReportRow {
                file: "a.txt".into(),
                status: "ok".into(),
                errors: 2,
                warnings: 1,
                ..Default::default()
            },
            discrepancies: vec![
                finding("aaa", "error"),
                finding("bbb", "error"),
                finding("ccc", "warning"),
            ],
            ..Default::default()
        };
        let mut r = fr.render();
        review.apply(&mut r).unwrap();
        assert_eq!((r.errors, r.warnings), (1, 1));
        let rows = read(&r.tables[1]).unwrap();
        let rv = col("review", &DISCREPANCIES);
        assert_eq!(rows[0][rv], "dismissed: rounding, explained on p.3");
        assert_eq!(rows[1][rv], "confirmed");
        assert_eq!(rows[2][rv], "");
        // the formula guard is not applied twice
        assert_eq!(rows[0][col("message", &DISCREPANCIES)], "'=x");
        let report = read(&r.tables[0]).unwrap();
        assert_eq!(report[0][col("errors", &REPORTS)], "1");
        assert_eq!(review.unmatched(), vec!["zzz"]);
    }

    #[test]
    fn unknown_verdict_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("review.csv");
        std::fs::write(&path, "id,verdict,note\naaa,maybe,\n").unwrap();
        let e = Review::load(&path).unwrap_err().to_string();
        assert!(e.contains("line 2") && e.contains("maybe"), "{e}");
    }
}

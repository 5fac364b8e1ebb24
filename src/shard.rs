//! `--shard K/N`: which inputs one of N machines processes. A file belongs to
//! shard `hash(path) mod N`, the hash being the first 8 bytes of the sha256 of
//! its path as found (as written in the CSVs), so every machine given the same
//! inputs agrees on the split without talking to the others.
//!
//! And what `merge` needs to trust a shard: the `Manifest` every scan (and
//! merge) writes last into its output folder, as the hidden file
//! `.jxcheck-manifest` (hidden like the lock and temporary files, so the
//! folder's visible content stays the CSV files): the tool and patterns
//! versions, the working folder and INPUT arguments, the shard, and each CSV
//! file's length and sha256.

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::str::FromStr;

/// The manifest's file name in an output folder.
pub const MANIFEST: &str = ".jxcheck-manifest";

/// First line of a manifest.
const MAGIC: &str = "jxcheck-manifest\t1";

/// What a finished scan or merge wrote, and how.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    pub tool_version: String,
    pub patterns_version: String,
    /// The working folder the paths as found are relative to.
    pub cwd: String,
    /// The INPUT arguments, as given (sorted).
    pub inputs: Vec<String>,
    /// `Some((K, N))` for `--shard K/N`.
    pub shard: Option<(u64, u64)>,
    pub excel: bool,
    /// Each CSV file written: (name, length in bytes, sha256).
    pub files: Vec<(String, u64, String)>,
}

impl Manifest {
    /// The manifest's text.
    pub fn render(&self) -> String {
        let mut s = format!("{MAGIC}\n");
        let mut kv = |k: &str, v: &str| s.push_str(&format!("{k}\t{}\n", escape(v)));
        kv("tool_version", &self.tool_version);
        kv("patterns_version", &self.patterns_version);
        kv("cwd", &self.cwd);
        for i in &self.inputs {
            kv("input", i);
        }
        if let Some((k, n)) = self.shard {
            kv("shard", &format!("{k}/{n}"));
        }
        kv("excel", if self.excel { "true" } else { "false" });
        for (name, len, sha) in &self.files {
            kv("file", &format!("{name} {len} {sha}"));
        }
        s
    }

    /// Reads the manifest of output folder `dir`.
    pub fn read(dir: &Path) -> Result<Manifest> {
        let path = dir.join(MANIFEST);
        let text = std::fs::read_to_string(&path).with_context(|| {
            format!(
                "{} has no readable {MANIFEST}: not the output of a finished jxcheck scan (of this version)",
                dir.display()
            )
        })?;
        let bad = |why: &str| anyhow::anyhow!("{}: {why}", path.display());
        let mut lines = text.lines();
        if lines.next() != Some(MAGIC) {
            return Err(bad("not a jxcheck manifest"));
        }
        let mut m = Manifest::default();
        for line in lines {
            let (k, v) = line.split_once('\t').ok_or_else(|| bad("a line without a tab"))?;
            let v = unescape(v);
            match k {
                "tool_version" => m.tool_version = v,
                "patterns_version" => m.patterns_version = v,
                "cwd" => m.cwd = v,
                "input" => m.inputs.push(v),
                "shard" => {
                    let s: Shard = v.parse().map_err(|e: String| bad(&e))?;
                    m.shard = Some((s.index, s.count));
                }
                "excel" => m.excel = v == "true",
                "file" => {
                    let mut it = v.rsplitn(3, ' ');
                    let (Some(sha), Some(len), Some(name)) = (it.next(), it.next(), it.next()) else {
                        return Err(bad("a bad file line"));
                    };
                    let len = len.parse().map_err(|_| bad("a bad file length"))?;
                    m.files.push((name.to_string(), len, sha.to_string()));
                }
                _ => return Err(bad(&format!("unknown key {k:?}"))),
            }
        }
        if m.tool_version.is_empty() || m.patterns_version.is_empty() {
            bail!("{}: incomplete manifest", path.display());
        }
        Ok(m)
    }

    /// The recorded length and sha256 of CSV file `name`.
    pub fn file(&self, name: &str) -> Option<(u64, &str)> {
        self.files
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, l, s)| (*l, s.as_str()))
    }
}

/// Tabs, line ends and backslashes escaped (paths may hold them).
fn escape(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

fn unescape(v: &str) -> String {
    let mut out = String::new();
    let mut it = v.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(o) => out.push(o),
            None => out.push('\\'),
        }
    }
    out
}

/// Shard `index` of `count` (0 ≤ index < count).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl Shard {
    /// Whether the file found at `path` falls in this shard.
    pub fn contains(&self, path: &str) -> bool {
        of(path, self.count) == self.index
    }
}

/// The shard of `path` among `count`.
pub fn of(path: &str, count: u64) -> u64 {
    let h = Sha256::digest(path.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&h[..8]);
    u64::from_be_bytes(first) % count.max(1)
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("expected K/N with 0 ≤ K < N (e.g. 0/3, 1/3, 2/3), got {s:?}");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u64 = k.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index >= count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_splits() {
        assert_eq!("1/3".parse(), Ok(Shard { index: 1, count: 3 }));
        assert!("3/3".parse::<Shard>().is_err());
        assert!("1/0".parse::<Shard>().is_err());
        assert!("x".parse::<Shard>().is_err());
        // the split is a partition and does not depend on the machine
        let paths: Vec<String> = (0..300).map(|i| format!("reports/{i:03}.pdf")).collect();
        let mut sizes = [0; 3];
        for p in &paths {
            let owners: Vec<u64> = (0..3).filter(|&k| Shard { index: k, count: 3 }.contains(p)).collect();
            assert_eq!(owners.len(), 1);
            sizes[owners[0] as usize] += 1;
        }
        assert!(sizes.iter().all(|&n| n > 70), "{sizes:?}");
        // sha256("a") begins ca978112ca1bbdca
        assert_eq!(of("a", u64::MAX), 0xca978112ca1bbdca);
    }

    #[test]
    fn manifest_round_trips() {
        let m = Manifest {
            tool_version: "0.1.0".into(),
            patterns_version: "ab".into(),
            cwd: "/work/a\tb\\c\nd".into(),
            inputs: vec!["reports".into(), "x y.txt".into()],
            shard: Some((1, 3)),
            excel: true,
            files: vec![("reports.csv".into(), 12, "00ff".into())],
        };
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join(MANIFEST), m.render()).unwrap();
        assert_eq!(Manifest::read(d.path()).unwrap(), m);
        assert_eq!(m.file("reports.csv"), Some((12, "00ff")));
    }
}

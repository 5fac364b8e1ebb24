//! Finds the files under the inputs: files as given, folders recursively,
//! hidden entries skipped, symlinks followed with loops detected. Anything that
//! cannot be listed becomes a `Found::Problem`, which the run reports as a row.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// One thing found under the inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A regular file to read.
    File(PathBuf),
    /// Something that could not be listed or followed (a symlink loop, a
    /// folder without permission, a dangling link); the string says why.
    Problem(PathBuf, String),
}

impl Found {
    pub fn path(&self) -> &Path {
        match self {
            Found::File(p) | Found::Problem(p, _) => p,
        }
    }
}

/// The inputs' files, deduplicated and sorted by their path as found.
/// An input that does not exist is an argument error (`Err`).
pub fn discover(inputs: &[PathBuf]) -> Result<Vec<Found>, String> {
    let mut out: BTreeMap<String, Found> = BTreeMap::new();
    for input in inputs {
        if std::fs::metadata(input).is_err() && std::fs::symlink_metadata(input).is_err() {
            return Err(format!("input not found: {}", input.display()));
        }
        for entry in WalkDir::new(input)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()))
        {
            let found = match entry {
                Ok(e) if e.file_type().is_file() => Found::File(e.into_path()),
                Ok(_) => continue, // folders (walked), sockets, devices
                Err(err) => {
                    let path = err.path().map(Path::to_path_buf).unwrap_or_else(|| input.clone());
                    let why = match err.loop_ancestor() {
                        Some(anc) => format!("directory loop: {} leads back to {}", path.display(), anc.display()),
                        None => match err.io_error() {
                            Some(io) if io.kind() == std::io::ErrorKind::NotFound => {
                                format!("dangling link: {}", path.display())
                            }
                            Some(io) => format!("cannot list {}: {io}", path.display()),
                            None => err.to_string(),
                        },
                    };
                    Found::Problem(path, why)
                }
            };
            out.entry(display(found.path())).or_insert(found);
        }
    }
    Ok(out.into_values().collect())
}

/// The path as written in the CSVs.
pub fn display(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|s| s.starts_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_skipped_and_sorted() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir(d.path().join("b")).unwrap();
        std::fs::write(d.path().join("b/2.txt"), "x").unwrap();
        std::fs::write(d.path().join("a.txt"), "x").unwrap();
        std::fs::write(d.path().join(".hidden.txt"), "x").unwrap();
        std::fs::create_dir(d.path().join(".git")).unwrap();
        std::fs::write(d.path().join(".git/c.txt"), "x").unwrap();
        let found = discover(&[d.path().to_path_buf()]).unwrap();
        let names: Vec<_> = found
            .iter()
            .map(|f| f.path().strip_prefix(d.path()).unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["a.txt", "b/2.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loop_is_a_problem_not_a_hang() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir(d.path().join("sub")).unwrap();
        std::fs::write(d.path().join("sub/r.txt"), "x").unwrap();
        std::os::unix::fs::symlink(d.path(), d.path().join("sub/loop")).unwrap();
        let found = discover(&[d.path().to_path_buf()]).unwrap();
        assert!(found
            .iter()
            .any(|f| matches!(f, Found::File(p) if p.ends_with("sub/r.txt"))));
        assert!(found.iter().any(
            |f| matches!(f, Found::Problem(p, why) if p.ends_with("sub/loop") && why.starts_with("directory loop"))
        ));
    }

    #[test]
    fn missing_input_is_an_argument_error() {
        assert!(discover(&[PathBuf::from("/no/such/dir/jx")]).is_err());
    }
}

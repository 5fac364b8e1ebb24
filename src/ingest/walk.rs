//! Finds the files under the inputs: files as given, folders recursively,
//! hidden entries skipped, symlinks followed with loops detected. Anything that
//! cannot be listed (or does not exist) becomes a `Found::Problem`, anything
//! that is not a regular file (a FIFO, a device, a socket, or a link to one) a
//! `Found::Special`; the run reports each as a row. Paths are kept as the
//! operating system gives them (bytes) and named in the CSVs losslessly
//! (`display`).

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
    /// Not a regular file (FIFO, device, socket, or a link to one): never
    /// opened, since reading it could block or never end.
    Special(PathBuf, String),
}

impl Found {
    pub fn path(&self) -> &Path {
        match self {
            Found::File(p) | Found::Problem(p, _) | Found::Special(p, _) => p,
        }
    }
}

/// The inputs' files, deduplicated and sorted by their path as written. An
/// input that does not exist is its own `Problem` (the others are still
/// read); `Err` is kept for callers that treat nothing at all as an error.
pub fn discover(inputs: &[PathBuf]) -> Result<Vec<Found>, String> {
    // keyed by the name written and the path's bytes: two paths never share
    // a row, even were their names to look alike
    let mut out: BTreeMap<(String, PathBuf), Found> = BTreeMap::new();
    for input in inputs {
        if std::fs::metadata(input).is_err() && std::fs::symlink_metadata(input).is_err() {
            let f = Found::Problem(input.clone(), format!("input not found: {}", display(input)));
            out.entry((written(input), input.clone())).or_insert(f);
            continue;
        }
        for entry in WalkDir::new(input)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()))
        {
            let found = match entry {
                Ok(e) if e.file_type().is_file() => Found::File(e.into_path()),
                Ok(e) if e.file_type().is_dir() => continue, // walked
                Ok(e) => {
                    let what = kind_of(&e.file_type());
                    Found::Special(e.into_path(), format!("{what}, not a regular file: not read"))
                }
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
            out.entry((written(found.path()), found.path().to_path_buf()))
                .or_insert(found);
        }
    }
    Ok(out.into_values().collect())
}

/// The path as its `file` cell is written (formula-guarded): the order of
/// the rows, which merge checks.
fn written(p: &Path) -> String {
    crate::output::table::guard(&display(p), crate::output::table::Col::Path).into_owned()
}

/// What a non-regular, non-folder entry is.
fn kind_of(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    let _ = t;
    "a special file"
}

/// The path as written in the CSVs: as is when it is UTF-8; otherwise (a
/// GBK name from a Windows zip) decoded as GB18030 when its bytes are valid
/// GB18030 and no other path has that name, else with each undecodable byte
/// written `\xNN`. Lossless: different paths get different names.
pub fn display(p: &Path) -> String {
    if let Some(s) = p.to_str() {
        return s.to_string();
    }
    let bytes = p.as_os_str().as_encoded_bytes();
    let (gb, _, bad) = encoding_rs::GB18030.decode(bytes);
    if !bad && !gb.contains('\u{FFFD}') && std::fs::symlink_metadata(gb.as_ref()).is_err() {
        return gb.into_owned();
    }
    escaped(bytes)
}

/// UTF-8 runs as they are, every other byte as `\xNN`.
fn escaped(bytes: &[u8]) -> String {
    let mut s = String::new();
    for chunk in bytes.utf8_chunks() {
        s.push_str(chunk.valid());
        for b in chunk.invalid() {
            s.push_str(&format!("\\x{b:02X}"));
        }
    }
    s
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().starts_with(b".")
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
    fn missing_input_is_its_own_problem() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("a.txt"), "x").unwrap();
        let missing = PathBuf::from("/no/such/dir/jx");
        let found = discover(&[missing.clone(), d.path().to_path_buf()]).unwrap();
        assert_eq!(found.len(), 2);
        assert!(
            matches!(&found[0], Found::Problem(p, why) if *p == missing && why == "input not found: /no/such/dir/jx")
        );
        assert!(matches!(&found[1], Found::File(p) if p.ends_with("a.txt")));
    }

    /// GBK names (a Windows zip unpacked on Linux) keep their bytes: three
    /// files that lossy UTF-8 made two are three, named readably.
    #[cfg(unix)]
    #[test]
    fn non_utf8_names_are_kept_apart_and_readable() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let d = tempfile::tempdir().unwrap();
        let gbk = encoding_rs::GBK.encode("财政局报告.txt").0.into_owned();
        let mut other = gbk.clone();
        other[0] = 0xFF; // not GB18030 either
        for name in [&gbk[..], &other[..], "财政局报告.txt".as_bytes()] {
            std::fs::write(d.path().join(OsStr::from_bytes(name)), "x").unwrap();
        }
        let found = discover(&[d.path().to_path_buf()]).unwrap();
        let names: Vec<String> = found
            .iter()
            .map(|f| display(f.path()).rsplit('/').next().unwrap().to_string())
            .collect();
        assert_eq!(found.len(), 3);
        let mut want = vec![
            "财政局报告.txt".to_string(),
            // the GBK twin of an existing UTF-8 name is escaped, not merged
            escaped(&gbk),
            escaped(&other),
        ];
        want.sort();
        let mut got = names.clone();
        got.sort();
        assert_eq!(got, want);
        assert!(
            want.iter().filter(|n| !n.starts_with('财')).all(|n| n.contains("\\x")),
            "{want:?}"
        );
        // alone, a GBK name reads as Chinese
        let e = tempfile::tempdir().unwrap();
        std::fs::write(e.path().join(OsStr::from_bytes(&gbk)), "x").unwrap();
        let found = discover(&[e.path().to_path_buf()]).unwrap();
        assert!(display(found[0].path()).ends_with("/财政局报告.txt"));
    }

    #[cfg(unix)]
    #[test]
    fn fifos_and_devices_are_special() {
        let d = tempfile::tempdir().unwrap();
        let fifo = d.path().join("pipe.txt");
        assert!(std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success());
        std::os::unix::fs::symlink("/dev/zero", d.path().join("zero.txt")).unwrap();
        let found = discover(&[d.path().to_path_buf()]).unwrap();
        assert!(matches!(&found[0], Found::Special(p, why) if p.ends_with("pipe.txt") && why.contains("FIFO")));
        assert!(matches!(&found[1], Found::Special(p, why) if p.ends_with("zero.txt") && why.contains("device")));
    }
}

//! Reading parts of a zip container (DOCX, XLSX, ODF) with bounded
//! decompression: every part is read through a size limit and the whole
//! archive through a budget, so a zip bomb stops with a reason instead of
//! filling memory.

use std::io::{Cursor, Read};
use zip::ZipArchive;

/// The most one part may inflate to.
pub const MAX_PART: u64 = 128 * 1024 * 1024;
/// The most all parts read from one archive may inflate to.
pub const MAX_TOTAL: u64 = 256 * 1024 * 1024;

/// An open archive and what has been inflated from it so far.
pub struct Zip<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    inflated: u64,
}

impl<'a> Zip<'a> {
    /// Opens the archive; `Err` says why it is not a readable zip.
    pub fn open(bytes: &'a [u8]) -> Result<Self, String> {
        ZipArchive::new(Cursor::new(bytes))
            .map(|archive| Zip { archive, inflated: 0 })
            .map_err(|e| format!("corrupt zip archive: {e}"))
    }

    pub fn has(&self, name: &str) -> bool {
        self.archive.index_for_name(name).is_some()
    }

    pub fn names(&self) -> Vec<String> {
        self.archive
            .file_names()
            .filter_map(|n| n.ok().map(|n| n.into_owned()))
            .collect()
    }

    /// A part's bytes; `Ok(None)` when it is absent.
    pub fn bytes(&mut self, name: &str) -> Result<Option<Vec<u8>>, String> {
        let Some(i) = self.archive.index_for_name(name) else {
            return Ok(None);
        };
        let left = MAX_TOTAL.saturating_sub(self.inflated);
        let limit = MAX_PART.min(left);
        let mut f = self
            .archive
            .by_index(i)
            .map_err(|e| format!("corrupt zip archive: {name}: {e}"))?;
        if f.encrypted() {
            return Err(format!("{name} is encrypted"));
        }
        let mut out = Vec::with_capacity(f.size().min(limit) as usize);
        (&mut f)
            .take(limit + 1)
            .read_to_end(&mut out)
            .map_err(|e| format!("corrupt zip archive: {name}: {e}"))?;
        if out.len() as u64 > limit {
            return Err(format!(
                "zip bomb refused: {name} inflates past {} MB",
                limit / (1024 * 1024)
            ));
        }
        self.inflated += out.len() as u64;
        Ok(Some(out))
    }

    /// A part as text (UTF-8, a BOM dropped; invalid bytes replaced).
    pub fn text(&mut self, name: &str) -> Result<Option<String>, String> {
        Ok(self.bytes(name)?.map(|b| {
            let b = b.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&b);
            String::from_utf8_lossy(b).into_owned()
        }))
    }
}

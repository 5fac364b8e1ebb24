//! Ingest: find the input files, read their bytes, tell their format from the
//! bytes, and turn them into pages of raw lines (`RawDoc`) for the normaliser.
//!
//! Nothing here writes to an input. A file that cannot be read becomes an
//! `Ingested` with a status and a reason, never an error that stops the run.

pub mod doc;
pub mod doc_lists;
pub mod doc_styles;
pub mod docx;
pub mod grid;
pub mod html;
pub mod numbering;
pub mod numfmt;
pub mod ocr;
mod ocr_reread;
pub mod ods;
pub mod odt;
pub mod pdf;
pub mod sheet;
pub mod sniff;
pub mod text;
pub mod text_tables;
pub mod walk;
mod xml;
pub mod zipped;

use crate::model::{RawDoc, Status};
use sha2::{Digest, Sha256};
use sniff::Format;
use std::path::Path;

/// Files larger than this are not read (a report is a few MB at most).
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// What reading one file gave.
#[derive(Debug, Clone, Default)]
pub struct Ingested {
    pub sha256: String,
    pub format: String,
    pub encoding: String,
    pub status: Option<Status>,
    pub error: String,
    pub doc: Option<RawDoc>,
    /// Pages read by OCR and their words' confidence (None: no OCR).
    pub ocr: Option<ocr::OcrInfo>,
}

impl Ingested {
    pub fn fail(format: &str, status: Status, error: impl Into<String>) -> Self {
        Ingested {
            format: format.into(),
            status: Some(status),
            error: error.into(),
            ..Default::default()
        }
    }
}

/// Why an office file could not be read: `error`, or `encrypted`.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub status: Status,
    pub reason: String,
}

impl Failure {
    pub fn error(reason: impl Into<String>) -> Self {
        Failure {
            status: Status::Error,
            reason: reason.into(),
        }
    }

    pub fn encrypted(reason: impl Into<String>) -> Self {
        Failure {
            status: Status::Encrypted,
            reason: reason.into(),
        }
    }
}

/// The outcome of an office reader as an `Ingested`: a document without any
/// text is an `error` ("no text"), like an empty text file.
fn office(format: Format, res: Result<RawDoc, Failure>) -> Ingested {
    match res {
        Ok(doc) => {
            let empty = doc
                .pages
                .iter()
                .flat_map(|p| &p.lines)
                .all(|l| l.cells.iter().all(|c| c.text.trim().is_empty()));
            if empty {
                return Ingested::fail(format.name(), Status::Error, "no text: the document holds none");
            }
            Ingested {
                format: format.name().into(),
                status: Some(Status::Ok),
                doc: Some(doc),
                ..Default::default()
            }
        }
        Err(f) => Ingested::fail(format.name(), f.status, f.reason),
    }
}

/// An image file read by OCR: JPEG decoded here (deskewed, its ruling
/// lines found), other kinds handed to the engine as they are. Its page is
/// taken as A4 at the image's width (portrait or landscape).
pub fn image(bytes: &[u8], kind: &'static str, engine: Option<&ocr::Engine>) -> Ingested {
    let name = Format::Image(kind).name();
    let Some(engine) = engine else {
        return Ingested::fail(
            name,
            Status::NeedsOcr,
            format!("an image: no text layer; {}", ocr::INSTALL),
        );
    };
    let page_box = |w: f32, h: f32| {
        let wide = if w > h { 842.0 } else { 595.0 };
        [0.0, 0.0, wide, wide * h / w.max(1.0)]
    };
    let read = match kind {
        "jpeg" => ocr::decode_jpeg(bytes).and_then(|g| {
            let bx = page_box(g.w as f32, g.h as f32);
            ocr::read_image(engine, g, bx).map(|p| (p, bx))
        }),
        _ => {
            // the size from a PNG header; other kinds assumed 300 dpi
            let (w, h) = match (kind, bytes.get(16..24)) {
                ("png", Some(b)) => (
                    u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as f32,
                    u32::from_be_bytes([b[4], b[5], b[6], b[7]]) as f32,
                ),
                _ => (2480.0, 3508.0),
            };
            let bx = page_box(w, h);
            let dpi = w.max(1.0) / (bx[2] / 72.0);
            tempfile::Builder::new()
                .suffix(&format!(".{kind}"))
                .tempfile()
                .and_then(|mut f| std::io::Write::write_all(&mut f, bytes).map(|_| f))
                .map_err(|e| format!("OCR: no temporary file: {e}"))
                .and_then(|f| ocr::run_file(engine, f.path(), dpi))
                .map(|words| {
                    let s = bx[2] / w.max(1.0);
                    let page = ocr::OcrPage {
                        words: ocr::to_page_words(&words, |x| x * s, |y| bx[3] - y * s, s),
                        ..Default::default()
                    };
                    (page, bx)
                })
        }
    };
    match read {
        Ok((page, bx)) if !page.words.is_empty() => {
            let mut info = ocr::OcrInfo::default();
            info.add(1, &page);
            Ingested {
                format: name.into(),
                status: Some(Status::Ok),
                doc: Some(pdf::lay_out_ocr(vec![(1, page, bx)])),
                ocr: Some(info),
                ..Default::default()
            }
        }
        Ok(_) => Ingested::fail(name, Status::Error, "an image: OCR found no text in it"),
        Err(why) => Ingested::fail(name, Status::NeedsOcr, format!("an image: {why}")),
    }
}

/// The most memory one file's analysis may take (estimated before it starts
/// by `memory_estimate`): a file that would need more gets an `error` row
/// instead of taking the process (and the rows of the files beside it) down.
pub const MAX_MEMORY: u64 = 2 << 30;

/// Reads one file and decodes it according to its sniffed format.
pub fn read(path: &Path) -> Ingested {
    match load(path) {
        Ok(bytes) => match too_big(&bytes) {
            Some(why) => Ingested {
                sha256: sha256(&bytes),
                ..Ingested::fail("", Status::Error, why)
            },
            None => decode(&bytes, path),
        },
        Err(why) => Ingested::fail("", Status::Error, why),
    }
}

/// Reads one file's bytes, refusing files over `MAX_FILE_BYTES` and
/// anything that is not a regular file; `Err` says why the file cannot be
/// read (its status is `error`). Reads at most the limit, even from a file
/// that grows while it is read.
pub fn load(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let too_large = |n: u64| format!("file too large: {n} bytes (limit {MAX_FILE_BYTES})");
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let size = match file.metadata() {
        Ok(m) if !m.is_file() => return Err("not a regular file: not read".into()),
        Ok(m) if m.len() > MAX_FILE_BYTES => return Err(too_large(m.len())),
        Ok(m) => m.len(),
        Err(e) => return Err(format!("cannot read: {e}")),
    };
    // room for the whole file and the byte that shows it ended: one read, no regrowth
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0).saturating_add(1));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Memory the analysis of these bytes is expected to take at most, from
/// what drives it (measured with `examples/mem_stages.rs` and the peak RSS
/// of `jxcheck scan`, issue 20; each cost about 1.5× the worst seen):
/// - the text itself, a few copies: 4 bytes a byte;
/// - each line, however short (its 12 bytes in the line store, its mark,
///   its share of the chunk being split and of the passes over the joined
///   text; ~16.5 bytes at the peak in all for 2-byte lines, 16 MB of them in
///   155 MB): 24 bytes;
/// - each tab-separated cell: 300 bytes;
/// - each number in a table row (a figure and its row, ~800 bytes): 1 KB;
/// - each number in prose followed by a unit (`万元`, `%`: a figure, often a
///   finding, their rows; ~2.5 KB): 3.5 KB.
///
/// Only text and HTML are counted this way; other formats keep the rough
/// per-byte bound (their own limits, pages and parts, bound the rest).
pub fn memory_estimate(bytes: &[u8]) -> u64 {
    match sniff::sniff(bytes, Path::new("")) {
        Format::Text | Format::Html => text_memory_estimate(bytes),
        _ => {
            let (mut lines, mut cells) = (1u64, 0u64);
            for &b in bytes {
                lines += u64::from(b == b'\n' || b == b'\r');
                cells += u64::from(b == b'\t');
            }
            (bytes.len() as u64)
                .saturating_mul(4)
                .saturating_add(lines.saturating_mul(500))
                .saturating_add(cells.saturating_mul(1500))
        }
    }
}

/// `memory_estimate` for text: one pass over the bytes (see there).
fn text_memory_estimate(bytes: &[u8]) -> u64 {
    let (mut lines, mut cells, mut table_numbers, mut prose_figures) = (1u64, 0u64, 0u64, 0u64);
    // this line's numbers, those of them followed by a unit, and its tabs
    let (mut numbers, mut figures, mut tabbed) = (0u64, 0u64, false);
    let mut prev = b'\n';
    // inside a number; after one, spaces only so far
    let (mut in_number, mut after_number) = (false, false);
    for &b in bytes {
        if b.is_ascii_digit() {
            if !in_number && prev != b'.' {
                numbers += 1;
            }
            (in_number, after_number) = (true, false);
        } else if in_number && matches!(b, b'.' | b',') {
        } else if (in_number || after_number) && b == b' ' {
            (in_number, after_number) = (false, true);
        } else if in_number || after_number {
            (in_number, after_number) = (false, false);
            // a unit or a percent sign after the number: a figure
            figures += u64::from(b >= 0x80 || b == b'%');
        }
        match b {
            b'\t' => {
                cells += 1;
                tabbed = true;
            }
            b'\n' | b'\r' => {
                lines += 1;
                if tabbed {
                    table_numbers += numbers;
                } else {
                    prose_figures += figures;
                }
                (numbers, figures, tabbed) = (0, 0, false);
            }
            _ => {}
        }
        prev = b;
    }
    if tabbed {
        table_numbers += numbers;
    } else {
        prose_figures += figures;
    }
    (bytes.len() as u64)
        .saturating_mul(4)
        .saturating_add(lines.saturating_mul(24))
        .saturating_add(cells.saturating_mul(300))
        .saturating_add(table_numbers.saturating_mul(1024))
        .saturating_add(prose_figures.saturating_mul(3584))
}

/// Why a file would take more memory than `MAX_MEMORY`, when it would.
pub fn too_big(bytes: &[u8]) -> Option<String> {
    let need = memory_estimate(bytes);
    (need > MAX_MEMORY).then(|| {
        format!(
            "too large to analyse: would need about {} MB of memory (limit {} MB); split the file",
            need >> 20,
            MAX_MEMORY >> 20
        )
    })
}

/// The sha256 of bytes, as written in reports.csv.
pub fn sha256(bytes: &[u8]) -> String {
    crate::patterns::hex(&Sha256::digest(bytes))
}

/// Decodes a file's bytes (`from_bytes`) and records their sha256.
pub fn decode(bytes: &[u8], path: &Path) -> Ingested {
    let mut out = from_bytes(bytes, path);
    out.sha256 = sha256(bytes);
    out
}

/// Decodes bytes already read; `path` only helps name the format. A document
/// whose tables would pass `grid::MAX_CELLS` cells is read up to there and
/// marked `partial`.
pub fn from_bytes(bytes: &[u8], path: &Path) -> Ingested {
    grid::begin_document();
    let mut out = by_format(bytes, path);
    if grid::was_cut() && out.status == Some(Status::Ok) {
        out.status = Some(Status::Partial);
        out.error = format!("tables larger than {} cells in all: read up to there", grid::MAX_CELLS);
    }
    out
}

fn by_format(bytes: &[u8], path: &Path) -> Ingested {
    let format = sniff::sniff(bytes, path);
    match format {
        Format::Pdf => match pdf::read(bytes) {
            Ok(t) => Ingested {
                format: format.name().into(),
                status: Some(t.status),
                error: t.reason,
                doc: Some(t.doc),
                ocr: t.ocr,
                ..Default::default()
            },
            Err(f) => Ingested::fail(format.name(), f.status, f.reason),
        },
        Format::Docx => office(format, docx::read(bytes).map_err(Failure::error)),
        Format::Xlsx | Format::Xls | Format::Ods => office(format, sheet::read(bytes, format)),
        Format::EncryptedOffice => Ingested::fail(
            format.name(),
            Status::Encrypted,
            "a password-protected office file (encrypted package)",
        ),
        Format::Image(kind) => image(bytes, kind, ocr::engine()),
        Format::Doc => match doc::read(bytes) {
            Ok(t) => {
                let mut out = office(format, Ok(t.doc));
                if out.status == Some(Status::Ok) && !t.missing.is_empty() {
                    out.status = Some(Status::Partial);
                    out.error = format!("Word 97–2003: {} not read", t.missing.join(", "));
                }
                out
            }
            Err(f) => Ingested::fail(format.name(), f.status, f.reason),
        },
        Format::Odt => office(format, odt::read(bytes).map_err(Failure::error)),
        Format::Other(_) | Format::Binary => Ingested::fail(
            format.name(),
            Status::Unsupported,
            format!("{} files are not supported", format.describe()),
        ),
        Format::Text | Format::Html => {
            let dec = if format == Format::Html {
                html::decode(bytes)
            } else {
                text::decode(bytes)
            };
            let mut out = Ingested {
                format: format.name().into(),
                encoding: dec.encoding.to_string(),
                ..Default::default()
            };
            if dec.looks_binary() {
                out.status = Some(Status::Unsupported);
                out.error = format!(
                    "binary content, not a text report ({:.0}% of characters undecodable or control codes)",
                    dec.junk_share() * 100.0
                );
                return out;
            }
            if dec.text.trim().is_empty() {
                out.status = Some(Status::Error);
                out.error = if bytes.is_empty() {
                    "empty file".into()
                } else {
                    "no text: the file holds only whitespace".into()
                };
                return out;
            }
            if dec.replaced > 0 {
                out.status = Some(Status::Partial);
                out.error = format!(
                    "{} undecodable byte sequence(s) as {} replaced by U+FFFD",
                    dec.replaced, dec.encoding
                );
            } else {
                out.status = Some(Status::Ok);
            }
            out.doc = Some(if format == Format::Html {
                html::read(&dec.text)
            } else {
                text::to_raw_doc_owned(dec.text)
            });
            out
        }
    }
}

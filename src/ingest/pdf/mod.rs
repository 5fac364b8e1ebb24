//! The PDF text layer: reads a PDF with lopdf (objects, streams, decryption)
//! and our own content-stream interpreter into the same `RawDoc` as text
//! files — pages of lines, lines of cells with their positions.
//!
//! Read in order: `lex` (content-stream tokens) → `objects` (lenient object
//! access, bounded stream decoding) → `cmap` and `names` (codes to Unicode) →
//! `fonts` → `interp` (operators to glyphs and rules) → `layout` (lines,
//! paragraphs and reading order, with `lattice` for ruled tables and `stream`
//! for unruled ones). A page's `/Rotate` is applied to its marks first.
//!
//! Every way a PDF can be bad ends in a status: `encrypted` (needs a
//! password), `needs_ocr` (images, no text), `partial` (unmappable glyphs, a
//! rebuilt cross-reference table), `error` (unreadable, or a limit reached:
//! decoded bytes per stream and per file, Form XObject nesting, glyph count).

mod cmap;
mod fonts;
mod interp;
mod lattice;
mod layout;
mod lex;
mod names;
mod objects;
mod stream;

use crate::model::{RawDoc, Status};
use lopdf::{Dictionary, Document, LoadOptions, Object};
use objects::Doc;

/// Pages beyond this are not read (the file is `partial`).
pub const MAX_PAGES: usize = 20_000;

/// Why a PDF could not be read: the reports.csv status and a one-line reason.
#[derive(Debug, Clone)]
pub struct PdfFailure {
    pub status: Status,
    pub reason: String,
}

/// A PDF's text: its pages, and `partial` with a reason when some of it could
/// not be read.
#[derive(Debug, Clone)]
pub struct PdfText {
    pub doc: RawDoc,
    pub status: Status,
    pub reason: String,
}

fn fail(status: Status, reason: impl Into<String>) -> PdfFailure {
    PdfFailure {
        status,
        reason: reason.into(),
    }
}

/// Reads a PDF into pages of lines.
pub fn read(bytes: &[u8]) -> Result<PdfText, PdfFailure> {
    let options = LoadOptions {
        max_decompressed_size: Some(objects::MAX_STREAM_BYTES),
        ..LoadOptions::default()
    };
    let mut doc = match Document::load_mem_with_options(bytes, options.clone()) {
        Ok(d) => d,
        Err(e @ (lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword)) => return Err(load_error(&e)),
        Err(first) => {
            // damaged beyond lenient loading: rebuild the cross-reference table by scanning
            let rebuild = LoadOptions {
                force_reconstruct: true,
                ..options
            };
            Document::load_mem_with_options(bytes, rebuild).map_err(|_| load_error(&first))?
        }
    };
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(fail(Status::Encrypted, "encrypted: the PDF needs a password to open"));
    }
    let mut pages = doc.get_pages();
    let mut orphans = false;
    if pages.is_empty() {
        // no usable page tree: take the page objects that survive, in object order
        pages = doc
            .objects
            .iter()
            .filter(|(_, o)| o.as_dict().is_ok_and(|d| d.has_type(b"Page")))
            .enumerate()
            .map(|(i, (&id, _))| (i as u32 + 1, id))
            .collect();
        orphans = !pages.is_empty();
    }
    if pages.is_empty() {
        return Err(fail(
            Status::Error,
            "no pages: the page tree is missing, empty or broken",
        ));
    }
    let d = Doc::new(&doc);
    let mut interp = interp::Interp::new(&d);
    let mut laid = Vec::with_capacity(pages.len().min(MAX_PAGES));
    let mut images = 0;
    let mut unmapped = 0;
    let mut glyphs = 0;
    let mut fonts: Vec<String> = Vec::new();
    for (&number, &id) in pages.iter().take(MAX_PAGES) {
        let Ok(page) = doc.get_dictionary(id) else { continue };
        let mut content = Vec::new();
        for cid in doc.get_page_contents(id) {
            let obj = Object::Reference(cid);
            match d.stream_data(&obj) {
                Ok(Some(data)) => {
                    content.extend_from_slice(&data);
                    content.push(b'\n');
                }
                Ok(None) => {}
                Err(limit) => return Err(fail(Status::Error, format!("page {number}: {}", limit.0))),
            }
        }
        let resources = inherited(&d, page, b"Resources").and_then(|o| o.as_dict().ok());
        let marks = interp
            .page(&content, resources)
            .map_err(|limit| fail(Status::Error, format!("page {number}: {}", limit.0)))?;
        images += marks.images;
        unmapped += marks.unmapped;
        glyphs += marks.glyphs.iter().filter(|g| !g.ch.is_whitespace()).count();
        for f in &marks.unmapped_fonts {
            if !fonts.contains(f) {
                fonts.push(f.clone());
            }
        }
        let bx = page_box(&d, page);
        let rotate = inherited(&d, page, b"Rotate").and_then(|o| d.number(o)).unwrap_or(0.0);
        let mut marks = marks;
        let bx = rotate_marks(&mut marks, bx, rotate);
        laid.push(layout::PageIn {
            number,
            marks,
            bottom: bx[1],
            height: bx[3] - bx[1],
        });
    }
    if glyphs == 0 {
        return Err(if images > 0 {
            fail(
                Status::NeedsOcr,
                format!(
                    "no text layer: {} page(s) of images only (scanned; needs OCR)",
                    pages.len()
                ),
            )
        } else {
            fail(Status::Error, "no text on any page")
        });
    }
    let mut problems = Vec::new();
    if unmapped > 0 {
        problems.push(format!(
            "{:.1}% of glyphs ({unmapped} of {glyphs}) have no Unicode mapping (font {})",
            unmapped as f64 * 100.0 / glyphs as f64,
            fonts.join("; ")
        ));
    }
    if pages.len() > MAX_PAGES {
        problems.push(format!(
            "only the first {MAX_PAGES} of {} pages read (limit)",
            pages.len()
        ));
    }
    if orphans {
        problems.push(format!(
            "damaged file: no page tree; {} page object(s) recovered, order and completeness unknown",
            pages.len()
        ));
    } else if doc.xref_recovery == Some(lopdf::xref::XrefRecovery::Reconstructed) {
        problems.push(format!(
            "damaged file: cross-reference table rebuilt by scanning; {} page(s) recovered",
            pages.len()
        ));
    }
    let raw = layout::lay_out(laid);
    Ok(PdfText {
        doc: raw,
        status: if problems.is_empty() {
            Status::Ok
        } else {
            Status::Partial
        },
        reason: problems.join("; "),
    })
}

fn load_error(e: &lopdf::Error) -> PdfFailure {
    match e {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => {
            fail(Status::Encrypted, "encrypted: the PDF needs a password to open")
        }
        other => fail(
            Status::Error,
            format!("unreadable PDF (truncated or damaged beyond repair): {other}"),
        ),
    }
}

/// An inheritable page attribute: from the page or the nearest ancestor.
fn inherited<'a>(d: &Doc<'a>, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..64 {
        if let Some(o) = d.get(node, key) {
            return Some(o);
        }
        node = d.dict(node, b"Parent")?;
    }
    None
}

/// The page's box (CropBox, else MediaBox): left, bottom, right, top.
fn page_box(d: &Doc<'_>, page: &Dictionary) -> [f32; 4] {
    for key in [b"CropBox".as_slice(), b"MediaBox"] {
        if let Some(Object::Array(a)) = inherited(d, page, key) {
            let v: Vec<f32> = a.iter().filter_map(|o| d.number(o)).collect();
            if v.len() == 4 && (v[3] - v[1]).abs() > 1.0 && v.iter().all(|x| x.is_finite()) {
                return [v[0].min(v[2]), v[1].min(v[3]), v[0].max(v[2]), v[1].max(v[3])];
            }
        }
    }
    [0.0, 0.0, 595.0, 842.0]
}

/// Turns a page's marks as `/Rotate` (a multiple of 90, clockwise) shows
/// them; returns the box as shown.
fn rotate_marks(marks: &mut interp::Marks, b: [f32; 4], rotate: f32) -> [f32; 4] {
    let quarter = ((rotate / 90.0).round() as i64).rem_euclid(4);
    let [l, bo, r, t] = b;
    let turn = |x: f32, y: f32| match quarter {
        1 => (y - bo, r - x),
        2 => (r - x, t - y),
        3 => (t - y, x - l),
        _ => (x, y),
    };
    if quarter == 0 {
        return b;
    }
    for g in &mut marks.glyphs {
        (g.x, g.y) = turn(g.x, g.y);
    }
    for rule in &mut marks.rules {
        let (x0, y0) = turn(rule.x0, rule.y0);
        let (x1, y1) = turn(rule.x1, rule.y1);
        *rule = interp::Rule {
            x0: x0.min(x1),
            y0: y0.min(y1),
            x1: x0.max(x1),
            y1: y0.max(y1),
        };
    }
    let (w, h) = (r - l, t - bo);
    if quarter == 2 {
        [0.0, 0.0, w, h]
    } else {
        [0.0, 0.0, h, w]
    }
}

#[cfg(test)]
mod tests;

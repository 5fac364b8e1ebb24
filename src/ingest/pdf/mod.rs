//! The PDF text layer: reads a PDF with lopdf (objects, streams, decryption)
//! and our own content-stream interpreter into the same `RawDoc` as text
//! files — pages of lines, lines of cells with their positions.
//!
//! Read in order: `lex` (content-stream tokens) → `objects` (lenient object
//! access, bounded stream decoding) → `cmap` and `names` (codes to Unicode) →
//! `fonts` → `interp` (operators to glyphs and rules) → `layout` (lines,
//! paragraphs and reading order, with `lattice` for ruled tables and `stream`
//! for unruled ones). A page's `/Rotate` is applied to its marks first, then a
//! page whose text mostly runs turned (a table set sideways) is turned to read
//! left to right.
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
mod order;
mod rowless;
mod stream;

use super::ocr::{self, OcrInfo, OcrPage};
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
    /// The pages read by OCR and their words' confidence, when any were.
    pub ocr: Option<OcrInfo>,
}

fn fail(status: Status, reason: impl Into<String>) -> PdfFailure {
    PdfFailure {
        status,
        reason: reason.into(),
    }
}

/// Reads a PDF into pages of lines; pages without text are read by OCR
/// when the engine is installed.
pub fn read(bytes: &[u8]) -> Result<PdfText, PdfFailure> {
    read_with(bytes, ocr::engine_for_pdf(bytes))
}

/// A page with images and no text: where OCR takes its image from.
struct Scanned {
    /// Index into the pages laid out.
    at: usize,
    number: u32,
    /// The largest image drawn and the box it fills, when it can be decoded
    /// here and fills most of an unturned page.
    image: Option<(lopdf::ObjectId, ocr::Placement)>,
    /// The page box as shown.
    shown: [f32; 4],
}

/// `read` with the OCR engine given (None: pages without text are not read).
pub fn read_with(bytes: &[u8], engine: Option<&ocr::Engine>) -> Result<PdfText, PdfFailure> {
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
    let mut scanned: Vec<Scanned> = Vec::new();
    for (&number, &id) in pages.iter().take(MAX_PAGES) {
        let Ok(page) = doc.get_dictionary(id) else { continue };
        let mut content = Vec::new();
        for cid in doc.get_page_contents(id) {
            let obj = Object::Reference(cid);
            match d.stream_data(&obj) {
                Ok(Some(data)) => {
                    // (the first stream taken as it is: no copy)
                    if content.is_empty() {
                        content = data;
                    } else {
                        content.extend_from_slice(&data);
                    }
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
        let on_page = marks.glyphs.iter().filter(|g| !g.ch.is_whitespace()).count();
        glyphs += on_page;
        for f in &marks.unmapped_fonts {
            if !fonts.contains(f) {
                fonts.push(f.clone());
            }
        }
        let bx = page_box(&d, page);
        let rotate = inherited(&d, page, b"Rotate").and_then(|o| d.number(o)).unwrap_or(0.0);
        let mut marks = marks;
        let raw_box = bx;
        let bx = rotate_marks(&mut marks, bx, rotate);
        // a page whose text mostly runs turned (a table set sideways) is
        // turned so that it reads left to right, as a viewer turns it
        let bx = match text_turn(&marks.glyphs) {
            0 => bx,
            q => rotate_marks(&mut marks, bx, f32::from(q) * 90.0),
        };
        if on_page == 0 && marks.images > 0 {
            scanned.push(Scanned {
                at: laid.len(),
                number,
                image: page_image(&d, &marks.placed, raw_box, rotate),
                shown: bx,
            });
        }
        laid.push(layout::PageIn {
            number,
            marks,
            bottom: bx[1],
            height: bx[3] - bx[1],
            ocr: false,
        });
    }
    let mut problems = Vec::new();
    let mut info = None;
    match engine {
        Some(engine) if !scanned.is_empty() => {
            let (read, missed) = ocr_pages(engine, &d, bytes, &scanned);
            let mut got = OcrInfo::default();
            for (k, page) in read {
                let s = &scanned[k];
                got.add(s.number, &page);
                glyphs += page.words.len();
                laid[s.at].ocr = true;
                let marks = &mut laid[s.at].marks;
                marks.glyphs = glyphs_of(&page);
                marks.rules = page.rules.iter().map(|r| centre_line(*r)).collect();
            }
            if !missed.is_empty() {
                problems.push(format!(
                    "OCR could not read {} page(s): {}",
                    missed.len(),
                    missed.join("; ")
                ));
            }
            info = (!got.pages.is_empty()).then_some(got);
        }
        _ => {}
    }
    if glyphs == 0 {
        return Err(if images > 0 {
            fail(
                Status::NeedsOcr,
                match (engine, problems.first()) {
                    (None, _) => format!(
                        "no text layer: {} page(s) of images only (scanned); {}",
                        pages.len(),
                        ocr::INSTALL
                    ),
                    (Some(_), Some(why)) => format!("no text layer, and {why}"),
                    (Some(_), None) => format!(
                        "no text layer: {} page(s) of images only (scanned; needs OCR)",
                        pages.len()
                    ),
                },
            )
        } else {
            fail(Status::Error, "no text on any page")
        });
    }
    if engine.is_none() && !scanned.is_empty() {
        problems.push(format!(
            "{} page(s) of images only not read (scanned); {}",
            scanned.len(),
            ocr::INSTALL
        ));
    }
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
        ocr: info,
    })
}

/// Pages OCR reads in parallel at once (bounds the decoded images held).
const OCR_BATCH: usize = 8;

/// Reads the scanned pages: their images decoded here (a batch at a time),
/// or rendered by pdftoppm; the engine runs on several pages at once. Gives
/// the pages read (index into `scanned`) and why others were not.
fn ocr_pages(
    engine: &ocr::Engine,
    d: &Doc<'_>,
    bytes: &[u8],
    scanned: &[Scanned],
) -> (Vec<(usize, OcrPage)>, Vec<String>) {
    use rayon::prelude::*;
    let mut read = Vec::new();
    let mut missed = Vec::new();
    // the file for pdftoppm, written once when a page needs rendering
    let mut file: Option<tempfile::NamedTempFile> = None;
    let renderer = ocr::renderer();
    for (b, batch) in scanned.chunks(OCR_BATCH).enumerate() {
        let mut jobs = Vec::new();
        for (i, s) in batch.iter().enumerate() {
            let k = b * OCR_BATCH + i;
            if k >= ocr::MAX_PAGES {
                missed.push(format!(
                    "page {}: beyond {} OCR pages (limit)",
                    s.number,
                    ocr::MAX_PAGES
                ));
                continue;
            }
            let decoded = s.image.and_then(|(id, at)| decode_image(d, id).map(|g| (g, at)));
            match decoded {
                Some((g, at)) => jobs.push((k, Ok((g, at)))),
                None if renderer => {
                    if file.is_none() {
                        file = tempfile::NamedTempFile::new()
                            .and_then(|mut f| std::io::Write::write_all(&mut f, bytes).map(|_| f))
                            .ok();
                    }
                    match &file {
                        Some(f) => jobs.push((k, Err(f.path().to_path_buf()))),
                        None => missed.push(format!("page {}: no temporary file to render it", s.number)),
                    }
                }
                None => missed.push(format!(
                    "page {}: its image is in a format read only through poppler-utils' pdftoppm (not installed)",
                    s.number
                )),
            }
        }
        let done: Vec<(usize, Result<OcrPage, String>)> = jobs
            .into_par_iter()
            .map(|(k, src)| {
                let s = &scanned[k];
                let page = match src {
                    Ok((g, at)) => ocr::read_image(engine, g, at),
                    Err(path) => ocr::render(&path, s.number).and_then(|g| ocr::read_image(engine, g, s.shown)),
                };
                (k, page)
            })
            .collect();
        for (k, page) in done {
            match page {
                Ok(p) => read.push((k, p)),
                Err(why) => missed.push(format!("page {}: {why}", scanned[k].number)),
            }
        }
    }
    (read, missed)
}

/// The page's image for OCR: the largest one drawn, when it fills at least
/// half of an unturned page, unrotated and unflipped.
fn page_image(
    d: &Doc<'_>,
    placed: &[(lopdf::ObjectId, [f32; 6])],
    bx: [f32; 4],
    rotate: f32,
) -> Option<(lopdf::ObjectId, ocr::Placement)> {
    if ((rotate / 90.0).round() as i64).rem_euclid(4) != 0 {
        return None;
    }
    let &(id, m) = placed
        .iter()
        .max_by(|a, b| (a.1[0] * a.1[3]).abs().total_cmp(&(b.1[0] * b.1[3]).abs()))?;
    let area = (bx[2] - bx[0]) * (bx[3] - bx[1]);
    let straight = m[1].abs() < 1e-3 * m[0].abs() && m[2].abs() < 1e-3 * m[3].abs() && m[0] > 0.0 && m[3] > 0.0;
    if !straight || m[0] * m[3] < 0.5 * area {
        return None;
    }
    // decodable here: DCT alone, Flate or none with plain samples
    let s = d.doc.get_object(id).ok()?.as_stream().ok()?;
    let filters: Vec<&[u8]> = match d.get(&s.dict, b"Filter") {
        Some(Object::Name(n)) => vec![n.as_slice()],
        Some(Object::Array(a)) => a.iter().filter_map(|o| d.deref(o).as_name().ok()).collect(),
        _ => Vec::new(),
    };
    let ok = matches!(filters.as_slice(), [b"DCTDecode"] | [b"FlateDecode"] | []);
    ok.then_some((id, [m[4], m[5], m[4] + m[0], m[5] + m[3]]))
}

/// Decodes an image XObject to grey: JPEG bytes as they are, Flate samples
/// (8-bit grey, RGB or CMYK, 1-bit); None for anything else.
fn decode_image(d: &Doc<'_>, id: lopdf::ObjectId) -> Option<ocr::Gray> {
    let obj = d.doc.get_object(id).ok()?;
    let s = obj.as_stream().ok()?;
    let dct = match d.get(&s.dict, b"Filter") {
        Some(Object::Name(n)) => n == b"DCTDecode",
        Some(Object::Array(a)) => a.len() == 1 && d.deref(&a[0]).as_name().ok() == Some(b"DCTDecode".as_slice()),
        _ => false,
    };
    if dct {
        return ocr::decode_jpeg(&s.content).ok();
    }
    let w = d.num(&s.dict, b"Width")? as usize;
    let h = d.num(&s.dict, b"Height")? as usize;
    let mask = matches!(d.get(&s.dict, b"ImageMask"), Some(Object::Boolean(true)));
    let bits = if mask {
        1
    } else {
        d.num(&s.dict, b"BitsPerComponent")? as u32
    };
    let comps = match d.get(&s.dict, b"ColorSpace") {
        _ if mask => 1,
        Some(Object::Name(n)) if n == b"DeviceGray" || n == b"CalGray" => 1,
        Some(Object::Name(n)) if n == b"DeviceRGB" || n == b"CalRGB" => 3,
        Some(Object::Name(n)) if n == b"DeviceCMYK" => 4,
        Some(Object::Array(a)) if d.deref(a.first()?).as_name().ok() == Some(b"ICCBased".as_slice()) => {
            let icc = d.deref(a.get(1)?).as_stream().ok()?;
            d.num(&icc.dict, b"N")? as usize
        }
        _ => return None,
    };
    let decode_inverted = d
        .array(&s.dict, b"Decode")
        .and_then(|a| Some(d.number(a.first()?)? > 0.5))
        .unwrap_or(false);
    // an image mask paints its set bits (0 by default)
    let invert = if mask { !decode_inverted } else { decode_inverted };
    let data = d.stream_data(obj).ok()??;
    ocr::from_samples(&data, w, h, bits, comps, invert)
}

/// An OCR'd page's words as glyphs: each word's width shared among its
/// characters (a CJK character twice a digit's), all on the word's bottom.
fn glyphs_of(page: &OcrPage) -> Vec<interp::Glyph> {
    let mut out = Vec::new();
    for w in &page.words {
        let chars: Vec<char> = w.text.chars().collect();
        let weight = |c: char| if c.is_ascii() { 0.5 } else { 1.0 };
        let total: f32 = chars.iter().map(|&c| weight(c)).sum();
        if total <= 0.0 {
            continue;
        }
        let unit = (w.x1 - w.x0) / total;
        let mut x = w.x0;
        for c in chars {
            let gw = unit * weight(c);
            out.push(interp::Glyph {
                x,
                y: w.y0,
                w: gw,
                size: w.size,
                ch: c,
                quarter: 0,
            });
            x += gw;
        }
    }
    out
}

/// A ruling line's band as the line through its middle (how the text
/// layer's rules are kept).
fn centre_line(r: ocr::PageRule) -> interp::Rule {
    let [x0, y0, x1, y1] = r;
    if x1 - x0 >= y1 - y0 {
        let y = (y0 + y1) / 2.0;
        interp::Rule { x0, y0: y, x1, y1: y }
    } else {
        let x = (x0 + x1) / 2.0;
        interp::Rule { x0: x, y0, x1: x, y1 }
    }
}

/// Lays out pages read by OCR alone (an image file): each page's words and
/// rules, its number and box (left, bottom, right, top).
pub fn lay_out_ocr(pages: Vec<(u32, OcrPage, [f32; 4])>) -> RawDoc {
    let laid = pages
        .into_iter()
        .map(|(number, page, bx)| layout::PageIn {
            number,
            marks: interp::Marks {
                glyphs: glyphs_of(&page),
                rules: page.rules.iter().map(|r| centre_line(*r)).collect(),
                ..interp::Marks::default()
            },
            bottom: bx[1],
            height: bx[3] - bx[1],
            ocr: true,
        })
        .collect();
    layout::lay_out(laid)
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

/// The quarter turn clockwise that makes most of a page's text run left to
/// right: 0 unless more than half its visible glyphs run the same other way
/// (text running upward needs a quarter turn clockwise, `/Rotate 90`).
fn text_turn(glyphs: &[interp::Glyph]) -> u8 {
    let mut count = [0usize; 4];
    for g in glyphs.iter().filter(|g| !g.ch.is_whitespace()) {
        count[usize::from(g.quarter & 3)] += 1;
    }
    let total: usize = count.iter().sum();
    match (1..4).find(|&q| count[q] * 2 > total) {
        // upward (1) → 90 clockwise; upside down (2) → 180; downward (3) → 270
        Some(q) => q as u8,
        None => 0,
    }
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
        // the way it runs on the page as shown: a turn clockwise takes
        // quarters off its counterclockwise direction
        g.quarter = ((i64::from(g.quarter) - quarter).rem_euclid(4)) as u8;
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

//! OCR: reads a page image (a scanned PDF page, an image file) into
//! positioned words and ruling lines in page coordinates, so the PDF layout
//! (lines, lattice and stream tables) and every later stage run unchanged.
//!
//! The engine is Tesseract's command-line program with its Simplified
//! Chinese model (`tesseract IMG stdout -l chi_sim --psm 6 tsv`), chosen by
//! measurement (docs/ocr.md). Before it reads a page the image is turned
//! grey (the red channel of a colour scan, so red seals fade), scaled to an
//! effective 300 dpi, deskewed (projection profile), and its long dark runs
//! are taken out as ruling lines (they become the table rules) and erased
//! (so Tesseract does not read them as `|`). Every word keeps its confidence
//! (0–1), which figures.csv reports and the trust post-pass uses.
//!
//! Without the engine nothing here runs: the file gets `needs_ocr` and the
//! message says how to install it (`INSTALL`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// How to install the engine, for the `needs_ocr` message.
pub const INSTALL: &str = "OCR engine not installed: apt-get install tesseract-ocr tesseract-ocr-chi-sim poppler-utils";
/// One page may take this long in Tesseract before it is given up.
pub const PAGE_TIMEOUT: Duration = Duration::from_secs(60);
/// Pages of one file read by OCR at most; the rest make the file `partial`.
pub const MAX_PAGES: usize = 500;
/// The resolution pages are read at.
const TARGET_DPI: f32 = 300.0;
/// A dark pixel: grey level below this.
pub(super) const DARK: u8 = 150;
/// Images larger than this (pixels) are not read.
const MAX_PIXELS: usize = 120_000_000;

/// Whether text that came in as plain text reads like OCR output: a Latin
/// `O`, `I` or `l` (one or two) standing for a digit — glued to a digit
/// (`(分)O76%`, `O0B`) or alone between Chinese characters (`第O份`,
/// `2370人IO指标`). Measured on ../shared/real: it holds in the three texts
/// copied from OCR (d17, p11, r11) and in none of the other fifty (whose
/// Latin letters are words, codes and hashes: `ICP`, `KVA`, `FEAB6FBF…`).
pub fn text_looks_ocr<'a>(texts: impl Iterator<Item = &'a str>) -> bool {
    let cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    for t in texts {
        let cs: Vec<char> = t.chars().collect();
        let mut k = 0;
        while k < cs.len() {
            if !cs[k].is_ascii_alphabetic() {
                k += 1;
                continue;
            }
            let start = k;
            while k < cs.len() && cs[k].is_ascii_alphabetic() {
                k += 1;
            }
            let run = &cs[start..k];
            if run.len() > 2 || !run.iter().all(|c| matches!(c, 'O' | 'I' | 'l')) {
                continue;
            }
            let (before, after) = (start.checked_sub(1).map(|b| cs[b]), cs.get(k).copied());
            let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
            if digit(before) || digit(after) || before.is_some_and(cjk) && after.is_some_and(cjk) {
                return true;
            }
        }
    }
    false
}

/// A grey image, 8 bits, row by row, 0 = black.
#[derive(Debug, Clone, PartialEq)]
pub struct Gray {
    pub w: usize,
    pub h: usize,
    pub px: Vec<u8>,
}

/// A word Tesseract read: its text, box in image pixels, confidence 0–100.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub text: String,
    pub left: f32,
    pub top: f32,
    pub width: f32,
    pub height: f32,
    pub conf: f32,
    /// Block, paragraph and line numbers: words of one line share them.
    pub line: (u32, u32, u32),
}

/// A word on the page, in PDF units (y up): its box and confidence 0–1.
#[derive(Debug, Clone, PartialEq)]
pub struct PageWord {
    pub text: String,
    pub x0: f32,
    pub x1: f32,
    /// Bottom of the word's box.
    pub y0: f32,
    /// The word's line height (the font size it stands for).
    pub size: f32,
    pub conf: f32,
}

/// A ruling line on the page, in PDF units: x0, y0, x1, y1.
pub type PageRule = [f32; 4];

/// What OCR read on one page.
#[derive(Debug, Clone, Default)]
pub struct OcrPage {
    pub words: Vec<PageWord>,
    pub rules: Vec<PageRule>,
    /// The skew corrected, degrees.
    pub skew: f32,
}

/// The words of OCR'd pages that hold digits, with their confidence: what
/// figures.csv `confidence` and the trust post-pass look up.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OcrInfo {
    /// Pages whose text came from OCR.
    pub pages: Vec<u32>,
    /// (page, digits of the word, confidence 0–1).
    pub digits: Vec<(u32, String, f32)>,
}

impl OcrInfo {
    pub fn add(&mut self, page: u32, p: &OcrPage) {
        self.pages.push(page);
        for w in &p.words {
            let d: String = w.text.chars().filter(char::is_ascii_digit).collect();
            if !d.is_empty() {
                self.digits.push((page, d, w.conf));
            }
        }
    }

    /// The confidence of a number printed on an OCR'd page: the lowest of
    /// the words whose digits it holds or that hold its digits (a number
    /// the engine split in two is as sure as its weaker part). None when the
    /// page was not OCR'd.
    pub fn confidence(&self, page: Option<u32>, printed: &str) -> Option<f32> {
        let page = page?;
        if !self.pages.contains(&page) {
            return None;
        }
        let want: String = printed.chars().filter(char::is_ascii_digit).collect();
        if want.is_empty() {
            return None;
        }
        let on_page = || self.digits.iter().filter(|(p, _, _)| *p == page);
        let hit = on_page()
            .filter(|(_, d, _)| *d == want || (d.len() >= 2 && want.contains(d.as_str())) || d.contains(&want))
            .map(|(_, _, c)| *c)
            .fold(None, |m: Option<f32>, c| Some(m.map_or(c, |m| m.min(c))));
        // not found (the engine's words cut differently): the page's least sure digits
        hit.or_else(|| on_page().map(|(_, _, c)| *c).reduce(f32::min))
    }
}

/// The engine: the Tesseract program, when it is installed with chi_sim.
#[derive(Debug, Clone)]
pub struct Engine {
    pub program: PathBuf,
    /// Whether its Latin model (`eng`) is there too, to read unsure numbers
    /// again (`ocr_reread::numbers`).
    pub latin: bool,
}

/// The engine found on this machine (`JXCHECK_TESSERACT` names the program;
/// `tesseract` on PATH otherwise), looked for once (one `--list-langs` run).
pub fn engine() -> Option<&'static Engine> {
    static FOUND: OnceLock<Option<Engine>> = OnceLock::new();
    FOUND
        .get_or_init(|| {
            let program = std::env::var_os("JXCHECK_TESSERACT")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("tesseract"));
            let langs = langs(&program);
            let latin = langs.iter().any(|l| l == "eng");
            langs
                .iter()
                .any(|l| l == "chi_sim")
                .then_some(Engine { program, latin })
        })
        .as_ref()
}

/// The engine for a PDF: looked for only when the file holds an image
/// XObject (`/Image`; an image's dictionary is never inside a compressed
/// object stream), so a PDF that can have no scanned page starts no engine
/// process (it was ~1% of the time of reading text-layer PDFs).
pub fn engine_for_pdf(bytes: &[u8]) -> Option<&'static Engine> {
    has_image(bytes).then(engine).flatten()
}

/// Whether PDF bytes name an image XObject.
fn has_image(bytes: &[u8]) -> bool {
    aho_corasick::AhoCorasick::new(["/Image"]).is_ok_and(|f| f.is_match(bytes))
}

/// The models `program` knows (none when it does not run).
fn langs(program: &Path) -> Vec<String> {
    Command::new(program)
        .arg("--list-langs")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .map(|l| l.trim().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Whether `program` runs and knows chi_sim.
pub fn probe(program: &Path) -> bool {
    langs(program).iter().any(|l| l == "chi_sim")
}

/// Whether poppler's pdftoppm is installed (to render pages whose images
/// are not decoded here: CCITT, JBIG2, JPEG 2000, turned pages).
pub fn renderer() -> bool {
    static FOUND: OnceLock<bool> = OnceLock::new();
    *FOUND.get_or_init(|| {
        Command::new("pdftoppm")
            .arg("-v")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok()
    })
}

/// Extra time a file may take for OCR: `per_page` for each page it may have
/// to read (an image file: one; a PDF: each image it holds, at most
/// `MAX_PAGES`); nothing without the engine or for other files.
pub fn extra_budget(path: &Path, per_page: Duration) -> Duration {
    // never open what is not a regular file (opening a FIFO blocks)
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return Duration::ZERO;
    }
    let Ok(bytes) = super::load(path) else {
        return Duration::ZERO;
    };
    let pages = match super::sniff::sniff(&bytes, path) {
        super::sniff::Format::Image(_) => 1,
        super::sniff::Format::Pdf => {
            // built once per process, not once per file
            static IMAGE: std::sync::LazyLock<Option<aho_corasick::AhoCorasick>> =
                std::sync::LazyLock::new(|| aho_corasick::AhoCorasick::new(["/Image"]).ok());
            IMAGE.as_ref().map_or(0, |f| f.find_iter(&bytes).count()).min(MAX_PAGES)
        }
        _ => 0,
    };
    // the engine looked for only when a page may need it
    if pages == 0 || engine().is_none() {
        return Duration::ZERO;
    }
    per_page.saturating_mul(u32::try_from(pages).unwrap_or(u32::MAX))
}

/// Decodes a baseline or progressive JPEG to grey: the red channel of a
/// colour image (red seals and stamps fade into the paper).
pub fn decode_jpeg(bytes: &[u8]) -> Result<Gray, String> {
    use zune_jpeg::zune_core::bytestream::ZCursor;
    use zune_jpeg::zune_core::options::DecoderOptions;
    let opts = DecoderOptions::default().set_max_width(30_000).set_max_height(30_000);
    let mut dec = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), opts);
    let px = dec.decode().map_err(|e| format!("JPEG: {e:?}"))?;
    let (w, h) = dec.dimensions().ok_or("JPEG: no size")?;
    let n = dec.output_colorspace().map_or(1, |c| c.num_components()).max(1);
    if w * h > MAX_PIXELS || px.len() < w * h * n {
        return Err("JPEG: too large or truncated".into());
    }
    let px = if n == 1 {
        px
    } else {
        px.chunks_exact(n).map(|c| c[0]).collect()
    };
    Ok(Gray { w, h, px })
}

/// Reads raw samples (after Flate): 8-bit grey or RGB, or 1-bit; `invert`
/// for a `/Decode [1 0]` or an image mask.
pub fn from_samples(data: &[u8], w: usize, h: usize, bits: u32, comps: usize, invert: bool) -> Option<Gray> {
    if w == 0 || h == 0 || w * h > MAX_PIXELS {
        return None;
    }
    let mut px = Vec::with_capacity(w * h);
    match (bits, comps) {
        (8, 1 | 3 | 4) => {
            let row = w * comps;
            for y in 0..h {
                let r = data.get(y * row..(y + 1) * row)?;
                px.extend(
                    r.chunks_exact(comps)
                        .map(|c| if comps == 4 { 255 - c[0].max(c[3]) } else { c[0] }),
                );
            }
        }
        (1, 1) => {
            let row = w.div_ceil(8);
            for y in 0..h {
                let r = data.get(y * row..(y + 1) * row)?;
                px.extend((0..w).map(|x| if r[x / 8] & (0x80 >> (x % 8)) != 0 { 255 } else { 0 }));
            }
        }
        _ => return None,
    }
    if invert {
        px.iter_mut().for_each(|p| *p = 255 - *p);
    }
    Some(Gray { w, h, px })
}

/// Reads a binary PGM (P5, 8-bit), as pdftoppm writes it.
pub fn read_pgm(bytes: &[u8]) -> Option<Gray> {
    let mut fields = Vec::new();
    let mut i = 2;
    if bytes.get(..2)? != b"P5" {
        return None;
    }
    while fields.len() < 3 {
        while bytes.get(i)?.is_ascii_whitespace() {
            i += 1;
        }
        if bytes[i] == b'#' {
            while *bytes.get(i)? != b'\n' {
                i += 1;
            }
            continue;
        }
        let start = i;
        while bytes.get(i)?.is_ascii_digit() {
            i += 1;
        }
        fields.push(std::str::from_utf8(&bytes[start..i]).ok()?.parse::<usize>().ok()?);
    }
    let (w, h) = (fields[0], fields[1]);
    if fields[2] != 255 || w * h > MAX_PIXELS {
        return None;
    }
    let px = bytes.get(i + 1..i + 1 + w * h)?.to_vec();
    Some(Gray { w, h, px })
}

pub(super) fn write_pgm(img: &Gray, path: &Path) -> std::io::Result<()> {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
    write!(f, "P5\n{} {}\n255\n", img.w, img.h)?;
    f.write_all(&img.px)?;
    f.flush()
}

/// Scales by an integer factor (bilinear), for scans under 250 dpi.
fn upscale(img: &Gray, k: usize) -> Gray {
    let (w, h) = (img.w * k, img.h * k);
    let mut px = vec![255u8; w * h];
    let kf = k as f32;
    for y in 0..h {
        let sy = ((y as f32 + 0.5) / kf - 0.5).max(0.0);
        let y0 = (sy as usize).min(img.h - 1);
        let y1 = (y0 + 1).min(img.h - 1);
        let fy = sy - y0 as f32;
        for x in 0..w {
            let sx = ((x as f32 + 0.5) / kf - 0.5).max(0.0);
            let x0 = (sx as usize).min(img.w - 1);
            let x1 = (x0 + 1).min(img.w - 1);
            let fx = sx - x0 as f32;
            let p = |xx: usize, yy: usize| f32::from(img.px[yy * img.w + xx]);
            let top = p(x0, y0) * (1.0 - fx) + p(x1, y0) * fx;
            let bot = p(x0, y1) * (1.0 - fx) + p(x1, y1) * fx;
            px[y * w + x] = (top * (1.0 - fy) + bot * fy).round() as u8;
        }
    }
    Gray { w, h, px }
}

/// The skew of the text lines in degrees (positive: lines fall to the
/// right), by projection profile over −3°…3° in 0.1° steps on a quarter
/// of the pixels.
pub fn skew(img: &Gray) -> f32 {
    let step = 4;
    let mut dark = Vec::new();
    for y in (0..img.h).step_by(step) {
        for x in (0..img.w).step_by(step) {
            if img.px[y * img.w + x] < DARK {
                dark.push(((x / step) as f32, (y / step) as f32));
            }
        }
    }
    if dark.len() < 100 {
        return 0.0;
    }
    let rows = img.h / step + img.w / step + 2;
    let mut best = (f64::MIN, 0.0f32);
    let mut bins = vec![0u32; rows * 2];
    for k in -30..=30 {
        let a = k as f32 / 10.0;
        let t = a.to_radians().tan();
        bins.iter_mut().for_each(|b| *b = 0);
        for &(x, y) in &dark {
            let r = (y - x * t + rows as f32).round();
            if r >= 0.0 && (r as usize) < bins.len() {
                bins[r as usize] += 1;
            }
        }
        let score: f64 = bins.iter().map(|&b| f64::from(b) * f64::from(b)).sum();
        // ties go to the smaller angle
        if score > best.0 * 1.0005 || (score > best.0 && a.abs() < best.1.abs()) {
            best = (score, a);
        }
    }
    best.1
}

/// Turns the image by `deg` about its centre so lines falling by that angle
/// become level (bilinear: each pixel a blend of the four it falls
/// between, so strokes keep their shape instead of turning into stairs —
/// nearest neighbour made the turned scorecard's `分值` read as `分什`;
/// white outside).
pub fn rotate(img: &Gray, deg: f32) -> Gray {
    let (s, c) = deg.to_radians().sin_cos();
    let (cx, cy) = (img.w as f32 / 2.0, img.h as f32 / 2.0);
    let mut px = vec![255u8; img.w * img.h];
    let at = |x: isize, y: isize| -> f32 {
        if x < 0 || y < 0 || x as usize >= img.w || y as usize >= img.h {
            255.0
        } else {
            f32::from(img.px[y as usize * img.w + x as usize])
        }
    };
    for y in 0..img.h {
        let dy = y as f32 - cy;
        for x in 0..img.w {
            let dx = x as f32 - cx;
            let sx = cx + dx * c - dy * s;
            let sy = cy + dx * s + dy * c;
            if sx < -1.0 || sy < -1.0 || sx >= img.w as f32 || sy >= img.h as f32 {
                continue;
            }
            let (x0, y0) = (sx.floor(), sy.floor());
            let (fx, fy) = (sx - x0, sy - y0);
            let (x0, y0) = (x0 as isize, y0 as isize);
            let top = at(x0, y0) * (1.0 - fx) + at(x0 + 1, y0) * fx;
            let bot = at(x0, y0 + 1) * (1.0 - fx) + at(x0 + 1, y0 + 1) * fx;
            px[y * img.w + x] = (top * (1.0 - fy) + bot * fy).round().clamp(0.0, 255.0) as u8;
        }
    }
    Gray { w: img.w, h: img.h, px }
}

/// A ruling line found in the image, in pixels: the band it covers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PixRule {
    pub x0: usize,
    pub y0: usize,
    pub x1: usize,
    pub y1: usize,
}

/// Long dark runs, horizontal and vertical (at least `min` pixels, at most
/// `thick` thick; gaps of two pixels bridged): the table rules. A pixel
/// counts as dark when it or a neighbour across the run is, so a rule a
/// little off level is still one run. A shorter vertical run (a quarter of
/// `min`) is a rule too when it joins two horizontal rules: the sides of a
/// low row (a row sliced by the page break, `综合评分` under a scorecard),
/// which no text stroke does.
pub fn find_rules(img: &Gray, min: usize, thick: usize) -> Vec<PixRule> {
    let mut out = find_horizontal(img, min, thick);
    // vertical: the same scan on the transposed image
    let mut px = vec![0u8; img.w * img.h];
    for y in 0..img.h {
        for x in 0..img.w {
            px[x * img.h + y] = img.px[y * img.w + x];
        }
    }
    let t = Gray { w: img.h, h: img.w, px };
    let short = (min / 4).max(3 * thick).min(min);
    // a horizontal rule the vertical one's end at `y` runs into (x in its span)
    let meets = |hs: &[PixRule], x0: usize, x1: usize, y: usize| {
        hs.iter()
            .any(|h| h.y0 <= y + 2 && y <= h.y1 + 2 && h.x0 <= x1 + 2 && x0 <= h.x1 + 2)
    };
    let turn = |r: PixRule| PixRule {
        x0: r.y0,
        y0: r.x0,
        x1: r.y1,
        y1: r.x1,
    };
    let across = out.clone();
    let long: Vec<PixRule> = find_horizontal(&t, min, thick).into_iter().map(turn).collect();
    // the short ones in a scan of their own, so a text stroke beside a long
    // rule never joins it (and makes it too thick to be a rule); kept when
    // both ends run into horizontal rules and a long vertical rule stands
    // in line with it (the table's column edge), which no stroke inside a
    // cell does
    if short < min {
        let in_line = |r: &PixRule| long.iter().any(|l| l.x0 <= r.x1 + thick && r.x0 <= l.x1 + thick);
        out.extend(
            find_horizontal(&t, short, thick)
                .into_iter()
                .map(turn)
                .filter(|r| r.y1 + 1 - r.y0 < min)
                .filter(|r| meets(&across, r.x0, r.x1, r.y0) && meets(&across, r.x0, r.x1, r.y1))
                .filter(in_line),
        );
    }
    out.extend(long);
    out
}

fn find_horizontal(flat: &Gray, min: usize, thick: usize) -> Vec<PixRule> {
    let mut rules = Vec::new();
    let dark = |x: usize, y: usize| flat.px[y * flat.w + x] < DARK;
    let mut open: Vec<PixRule> = Vec::new();
    for y in 0..flat.h {
        let mut runs = Vec::new();
        let (mut start, mut gap) = (None::<usize>, 0usize);
        for x in 0..=flat.w {
            let d = x < flat.w && (dark(x, y) || (y > 0 && dark(x, y - 1)) || (y + 1 < flat.h && dark(x, y + 1)));
            if d {
                if start.is_none() {
                    start = Some(x);
                }
                gap = 0;
            } else if let Some(s) = start {
                gap += 1;
                if gap > 2 || x == flat.w {
                    let end = x - gap;
                    if end + 1 - s >= min {
                        runs.push((s, end));
                    }
                    start = None;
                }
            }
        }
        let mut next = Vec::new();
        for (s, e) in runs {
            match open.iter().position(|r| r.y1 + 1 == y && s <= r.x1 && e >= r.x0) {
                Some(i) => {
                    let mut r = open.swap_remove(i);
                    r.y1 = y;
                    r.x0 = r.x0.min(s);
                    r.x1 = r.x1.max(e);
                    next.push(r);
                }
                None => next.push(PixRule {
                    x0: s,
                    y0: y,
                    x1: e,
                    y1: y,
                }),
            }
        }
        rules.extend(open.drain(..).filter(|r| r.y1 - r.y0 < thick + 2));
        open = next;
    }
    rules.extend(open.drain(..).filter(|r| r.y1 - r.y0 < thick + 2));
    rules
}

/// Whitens the rules' bands (`pad` pixels beyond: JPEG leaves grey edges)
/// so the engine reads no `|`.
fn erase(img: &mut Gray, rules: &[PixRule], pad: usize) {
    for r in rules {
        let (x0, x1) = (r.x0.saturating_sub(pad), (r.x1 + pad).min(img.w - 1));
        let (y0, y1) = (r.y0.saturating_sub(pad), (r.y1 + pad).min(img.h - 1));
        for y in y0..=y1 {
            img.px[y * img.w + x0..=y * img.w + x1].fill(255);
        }
    }
}

/// Parses Tesseract's `tsv` output: the word rows (level 5) with text.
pub fn parse_tsv(tsv: &str) -> Vec<Word> {
    parse_pages(tsv).into_iter().map(|(_, w)| w).collect()
}

/// `parse_tsv` with each word's page of the run (1 on, for a list of images).
pub(super) fn parse_pages(tsv: &str) -> Vec<(usize, Word)> {
    let mut out = Vec::new();
    for row in tsv.lines().skip(1) {
        let f: Vec<&str> = row.split('\t').collect();
        if f.len() < 12 || f[0] != "5" {
            continue;
        }
        let n = |i: usize| f[i].trim().parse::<f32>().ok().filter(|v| v.is_finite());
        let u = |i: usize| f[i].trim().parse::<u32>().unwrap_or(0);
        let text = f[11..].join("\t").trim().to_string();
        let (Some(left), Some(top), Some(width), Some(height), Some(conf)) = (n(6), n(7), n(8), n(9), n(10)) else {
            continue;
        };
        if text.is_empty() || conf < 0.0 {
            continue;
        }
        out.push((
            u(1) as usize,
            Word {
                text,
                left,
                top,
                width,
                height,
                conf,
                line: (u(2), u(3), u(4)),
            },
        ));
    }
    out
}

/// Strokes the engine reads from leftover rules or specks: not text.
fn junk(s: &str) -> bool {
    s.chars().all(|c| "|丨｜[]「」_~`'\"‘’“”".contains(c))
}

/// Where an image's pixels land on the page: left, bottom, right, top (PDF units).
pub type Placement = [f32; 4];

/// Reads one page image: prepares it (grey, 300 dpi, level, rules out) and
/// runs the engine; `at` is where the image lies on the page.
pub fn read_image(engine: &Engine, img: Gray, at: Placement) -> Result<OcrPage, String> {
    let width_in = (at[2] - at[0]).abs() / 72.0;
    let dpi = if width_in > 0.0 {
        img.w as f32 / width_in
    } else {
        TARGET_DPI
    };
    let k = if dpi < 250.0 && dpi > 0.0 {
        (TARGET_DPI / dpi).round().clamp(1.0, 4.0) as usize
    } else {
        1
    };
    let mut img = if k > 1 && img.w * img.h * k * k <= MAX_PIXELS {
        upscale(&img, k)
    } else {
        img
    };
    // the effective resolution after scaling
    let eff = if width_in > 0.0 {
        img.w as f32 / width_in
    } else {
        TARGET_DPI
    };
    let angle = skew(&img);
    if angle.abs() >= 0.2 {
        img = rotate(&img, angle);
    }
    // a rule is at least 0.4 inch long and at most 0.04 inch thick
    let min = (0.4 * eff) as usize;
    let thick = (0.04 * eff).ceil() as usize;
    let pix_rules = find_rules(&img, min.max(20), thick.max(2));
    erase(&mut img, &pix_rules, (eff / 100.0).ceil() as usize);
    let mut words = run(engine, &img, eff, &pix_rules)?;
    super::ocr_reread::cells(engine, &img, &mut words, eff, &pix_rules);
    super::ocr_reread::uncovered(engine, &img, &mut words, eff, &pix_rules);
    super::ocr_reread::labels(engine, &img, &mut words, eff);
    super::ocr_reread::numbers(engine, &img, &mut words, eff);
    close_false_gaps(&mut words, &img, &pix_rules);
    let sx = (at[2] - at[0]) / img.w as f32;
    let sy = (at[3] - at[1]) / img.h as f32;
    let to_x = |x: f32| at[0] + x * sx;
    let to_y = |y: f32| at[3] - y * sy;
    let rules = pix_rules
        .iter()
        .map(|r| {
            let (a, b) = (to_y(r.y0 as f32), to_y(r.y1 as f32 + 1.0));
            [to_x(r.x0 as f32), a.min(b), to_x(r.x1 as f32 + 1.0), a.max(b)]
        })
        .collect();
    Ok(OcrPage {
        words: to_page_words(&words, to_x, to_y, sy.abs()),
        rules,
        skew: angle,
    })
}

/// An empty stretch of the page this many line heights wide is a real gap
/// between words (a table's columns); a narrower one is the space inside a
/// line of prose (after `，` a CJK line leaves about 0.7).
const INK_GAP: f32 = 1.0;

/// The engine's boxes for CJK words are loose: a box may end well before its
/// word does (`日` boxed 15 px wide), leaving a gap the page does not have,
/// which the layout would take for a column gap and cut the sentence into
/// cells (001's `固定资产为1778.87万元` on the 200 dpi scan). Between two
/// words of one line, a gap with ink all along it (no empty stretch of
/// `INK_GAP` line heights) and no ruling line across it is closed: the
/// first word reaches to the second.
pub fn close_false_gaps(words: &mut [Word], img: &Gray, rules: &[PixRule]) {
    let mut i = 0;
    while i < words.len() {
        let mut j = i;
        while j < words.len() && words[j].line == words[i].line {
            j += 1;
        }
        let line = &mut words[i..j];
        i = j;
        let median = |mut v: Vec<f32>| {
            v.sort_by(f32::total_cmp);
            v.get(v.len() / 2).copied().unwrap_or(0.0)
        };
        let top = median(line.iter().map(|w| w.top).collect()).max(0.0);
        let bottom = median(line.iter().map(|w| w.top + w.height).collect());
        let height = bottom - top;
        if height < 2.0 {
            continue;
        }
        let (y0, y1) = (top as usize, (bottom.ceil() as usize).min(img.h));
        for k in 1..line.len() {
            let (a, b) = (&line[k - 1], &line[k]);
            let (from, to) = (a.left + a.width, b.left);
            // a line's first word without a letter, digit or character
            // (a `-` speck in the margin, a bullet) keeps its own box
            let speck = k == 1 && !a.text.chars().any(char::is_alphanumeric);
            if to <= from || b.left <= a.left || speck {
                continue;
            }
            let (x0, x1) = (from.max(0.0) as usize, (to.ceil() as usize).min(img.w));
            let ruled = rules
                .iter()
                .any(|r| r.y1 - r.y0 > r.x1 - r.x0 && r.x1 >= x0 && r.x0 < x1 && r.y0 <= y1 && r.y1 >= y0);
            if ruled || empty_stretch(img, x0, x1, y0, y1) >= INK_GAP * height {
                continue;
            }
            line[k - 1].width = to - a.left;
        }
    }
}

/// The widest run of ink-free columns between x0 and x1 in rows y0..y1.
fn empty_stretch(img: &Gray, x0: usize, x1: usize, y0: usize, y1: usize) -> f32 {
    let (mut best, mut run) = (0usize, 0usize);
    for x in x0..x1 {
        let ink = (y0..y1).any(|y| img.px[y * img.w + x] < DARK);
        run = if ink { 0 } else { run + 1 };
        best = best.max(run);
    }
    best as f32
}

/// Quote marks the engine reads from specks and cell edges.
const QUOTES: [char; 7] = ['“', '”', '"', '\'', '‘', '’', '`'];

/// Undoes the engine's usual damage to a word (`later`/`earlier`: the
/// line's other words): a quote mark touching a digit (`“7`), or an opening
/// quote no later word closes (`“预算编制合理性`), or a closing one nothing
/// opened, is a speck; `≥` read as `工` or `^` before a number, or as `2`
/// before a percentage that then exceeds 200 (`290%` for `≥90%`), is `≥`
/// again, so a target never reads as a figure it is not.
pub fn repair<'a>(text: &str, later: impl Iterator<Item = &'a str>, earlier: impl Iterator<Item = &'a str>) -> String {
    let later: Vec<&str> = later.collect();
    let earlier: Vec<&str> = earlier.collect();
    let mut t = text.to_string();
    let digit_after = |s: &str, c: char| {
        s.strip_prefix(c)
            .is_some_and(|r| r.starts_with(|d: char| d.is_ascii_digit()))
    };
    while let Some(c) = t.chars().next().filter(|c| QUOTES.contains(c)) {
        let rest = &t[c.len_utf8()..];
        let unclosed = c == '“' && !rest.contains('”') && !later.iter().any(|w| w.contains('”'));
        if digit_after(&t, c) || unclosed {
            t = rest.to_string();
        } else {
            break;
        }
    }
    while let Some(c) = t.chars().last().filter(|c| QUOTES.contains(c)) {
        let head = &t[..t.len() - c.len_utf8()];
        let unopened = c == '”' && !head.contains('“') && !earlier.iter().any(|w| w.contains('“'));
        if head.ends_with(|d: char| d.is_ascii_digit()) || unopened {
            t = head.to_string();
        } else {
            break;
        }
    }
    // a title mark touching a digit with none to close it (`《2` for a
    // score) is a speck, like a quote; `《2021年工作计划》` keeps its marks
    if let Some(rest) = t.strip_prefix(['《', '〈']) {
        let closed = rest.contains(['》', '〉']) || later.iter().any(|w| w.contains(['》', '〉']));
        if rest.starts_with(|d: char| d.is_ascii_digit()) && !closed {
            t = rest.to_string();
        }
    }
    for damage in ['工', '^'] {
        if digit_after(&t, damage) {
            t = format!("≥{}", &t[damage.len_utf8()..]);
        }
    }
    // 2 + a percentage of 10–100 (not 200%, 205%): ≥ before it
    if let Some(rest) = t.strip_prefix('2') {
        let num = rest.trim_end_matches(['%', '％']);
        let pct = num.len() < rest.len();
        let ok = num.starts_with(|c: char| ('1'..='9').contains(&c))
            && num.chars().all(|c| c.is_ascii_digit() || c == '.')
            && num.parse::<f64>().is_ok_and(|v| (10.0..=100.0).contains(&v));
        if pct && ok {
            t = format!("≥{rest}");
        }
    }
    t
}

/// Whether word `n` of a line is part of a page marker (`- 3 -`, `—3—`):
/// a number of 1–3 digits between two dashes, in one word or three.
fn page_marker(line: &[&Word], n: usize) -> bool {
    let dash = |s: &str| !s.is_empty() && s.chars().all(|c| "-—–一－".contains(c));
    let num = |s: &str| (1..=3).contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit());
    let one = |s: &str| {
        let inner = s.trim_matches(|c: char| "-—–一－".contains(c));
        let edge = |c: char| "-—–一－".contains(c);
        s.starts_with(edge) && s.ends_with(edge) && num(inner.trim())
    };
    let text = |i: usize| line.get(i).map_or("", |w| w.text.as_str());
    if one(text(n)) {
        return true;
    }
    // three words: dash, number, dash, with word n any of them
    (n.saturating_sub(2)..=n)
        .any(|s| s + 2 < line.len() && s + 2 >= n && dash(text(s)) && num(text(s + 1)) && dash(text(s + 2)))
}

/// Words in page units: each line's words take its median height as their
/// size; junk strokes are dropped.
pub fn to_page_words(words: &[Word], to_x: impl Fn(f32) -> f32, to_y: impl Fn(f32) -> f32, sy: f32) -> Vec<PageWord> {
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let mut j = i;
        while j < words.len() && words[j].line == words[i].line {
            j += 1;
        }
        let line: Vec<&Word> = words[i..j].iter().filter(|w| !junk(&w.text)).collect();
        // the font size: the CJK words' median height (digits stand 0.7 em tall)
        let median = |mut v: Vec<f32>| {
            v.sort_by(f32::total_cmp);
            v.get(v.len() / 2).copied()
        };
        let cjk = |w: &&&Word| w.text.chars().any(crate::normalize::chars::is_cjk);
        let px = median(line.iter().filter(cjk).map(|w| w.height).collect())
            .or_else(|| median(line.iter().map(|w| w.height).collect()).map(|h| h / 0.72))
            .unwrap_or(0.0);
        let size = px * sy;
        // one baseline for the line: a word whose box ends high (一, 、, ”)
        // sits on it too
        let base = median(line.iter().map(|w| w.top + w.height).collect()).unwrap_or(0.0);
        // and one top: a box starting there belongs to the line however far
        // down it reaches (`局` boxed two lines tall, `部` boxed as a speck
        // at its top), so it is not set on a line of its own
        let top = median(line.iter().map(|w| w.top).collect()).unwrap_or(0.0);
        for (n, w) in line.iter().enumerate() {
            // bars are leftover rules; a closing quote opening a word, or an
            // opening one ending it, is a speck the engine read at a cell edge
            let text = w
                .text
                .trim_matches(['|', '丨', '｜'])
                .trim_start_matches('”')
                .trim_end_matches('“');
            let later = line[n + 1..].iter().map(|w| w.text.as_str());
            let earlier = line[..n].iter().map(|w| w.text.as_str());
            let text = repair(text, later, earlier);
            if text.is_empty() || page_marker(&line, n) {
                continue;
            }
            // the engine's CJK word boxes may reach over the next word (read
            // order is right, boxes are not): a word ends where the next begins
            let mut right = match line.get(n + 1) {
                Some(next) if next.left > w.left && next.left < w.left + w.width => next.left,
                _ => w.left + w.width,
            };
            // and a box may cover only part of its word (`,其` boxed as the
            // comma): it reaches as far as its characters need, up to the next
            // word, so no false gap splits the line into cells
            let need = w.left + width_needed(&text, px);
            if right < w.left + 0.5 * (need - w.left) {
                let limit = line.get(n + 1).map_or(f32::MAX, |next| next.left.max(w.left));
                right = need.min(limit).max(right);
            }
            let (a, b) = (to_x(w.left), to_x(right));
            out.push(PageWord {
                text,
                x0: a.min(b),
                x1: a.max(b),
                y0: to_y(
                    if (w.top + w.height - base).abs() < 0.5 * px || (w.top - top).abs() < 0.5 * px {
                        base
                    } else {
                        w.top + w.height
                    },
                ),
                size: size.max(1.0),
                conf: (w.conf / 100.0).clamp(0.0, 1.0),
            });
        }
        i = j;
    }
    out
}

/// The least width (pixels) a word's characters take at font size `em`:
/// a CJK character most of an em, a digit or Latin letter a quarter, a mark
/// half (the engine reads a full-width `，` as `,`).
fn width_needed(text: &str, em: f32) -> f32 {
    text.chars()
        .map(|c| {
            if crate::normalize::chars::is_cjk(c) {
                0.9
            } else if c.is_alphanumeric() {
                0.25
            } else {
                0.5
            }
        })
        .sum::<f32>()
        * em
}

/// Runs the engine on a grey image; its words, in the image's pixels. A
/// page whose lines the engine lost (`lost_lines`) is read again a band at
/// a time (`bands`), in one engine run, when its rules cut it into bands.
fn run(engine: &Engine, img: &Gray, dpi: f32, rules: &[PixRule]) -> Result<Vec<Word>, String> {
    let whole = parse_tsv(&read_tsv(engine, img, dpi, &[])?);
    if !lost_lines(&whole) {
        return Ok(whole);
    }
    let bands = bands(img, rules);
    if bands.is_empty() {
        return Ok(whole);
    }
    let tsv = read_tsv(engine, img, dpi, &bands)?;
    let margin = band_margin(dpi);
    let mut words = Vec::new();
    for (page, mut w) in parse_pages(&tsv) {
        // a band's words: down by the band's top, on lines of their own
        let Some(&(y0, _)) = page.checked_sub(1).and_then(|k| bands.get(k)) else {
            continue;
        };
        w.top += y0 as f32 - margin as f32;
        w.line.0 = w
            .line
            .0
            .saturating_add(u32::try_from(page).unwrap_or(u32::MAX).saturating_mul(100_000));
        words.push(w);
    }
    Ok(words)
}

/// White added above and below each band read alone (a sixth of an inch):
/// the engine misreads a line touching the image's edge.
fn band_margin(dpi: f32) -> usize {
    (dpi / 6.0).round().max(1.0) as usize
}

/// The engine's TSV for the image, whole (`bands` empty) or a band at a
/// time (each band a page of one run).
fn read_tsv(engine: &Engine, img: &Gray, dpi: f32, bands: &[(usize, usize)]) -> Result<String, String> {
    let margin = band_margin(dpi);
    let kept = kept(img, dpi, bands);
    if let (Some(k), Some(_)) = (&kept, std::env::var_os("JXCHECK_OCR_DUMP")) {
        let _ = write_pgm(img, &k.with_extension("pgm"));
    }
    if let Some(tsv) = kept.as_ref().and_then(|p| std::fs::read_to_string(p).ok()) {
        return Ok(tsv);
    }
    let dir = tempfile::tempdir().map_err(|e| format!("OCR: no temporary folder: {e}"))?;
    let cannot = |e: std::io::Error| format!("OCR: cannot write the page image: {e}");
    let tsv = if bands.is_empty() {
        let path = dir.path().join("page.pgm");
        write_pgm(img, &path).map_err(cannot)?;
        tesseract(engine, &path, dpi)?
    } else {
        let mut list = String::new();
        for (n, &(y0, y1)) in bands.iter().enumerate() {
            let mut px = vec![255u8; img.w * (y1 - y0 + 2 * margin)];
            px[margin * img.w..(margin + y1 - y0) * img.w].copy_from_slice(&img.px[y0 * img.w..y1 * img.w]);
            let band = Gray {
                w: img.w,
                h: y1 - y0 + 2 * margin,
                px,
            };
            let path = dir.path().join(format!("band{n}.pgm"));
            write_pgm(&band, &path).map_err(cannot)?;
            list.push_str(&format!("{}\n", path.display()));
        }
        let path = dir.path().join("bands.txt");
        std::fs::write(&path, list).map_err(cannot)?;
        tesseract(engine, &path, dpi)?
    };
    if let Some(p) = kept {
        let _ = std::fs::write(p, &tsv);
    }
    Ok(tsv)
}

/// Share of a page's words whose box is taller than `TALL` times the
/// page's median word: above `LOST` the engine lost the page's lines.
const TALL: f32 = 1.8;
const LOST: f32 = 0.10;

/// Whether the engine lost the page's lines: read as one block, a page
/// whose columns of lines do not line up (a one-line `综合评分 93.58` row
/// beside a cell of seven wrapped lines, 002's last page) came out as
/// slanted lines across the columns, boxes two to four lines tall (`综 …
/// 9 8`). On the five corpus reports scanned at 200 dpi (141 pages) that
/// page had 24% of its words that tall, every other page 3% or less.
fn lost_lines(words: &[Word]) -> bool {
    if words.len() < 5 {
        return false;
    }
    let mut h: Vec<f32> = words.iter().map(|w| w.height).collect();
    h.sort_by(f32::total_cmp);
    let median = h[h.len() / 2];
    let tall = h.iter().filter(|&&x| x > TALL * median).count();
    tall as f32 > LOST * words.len() as f32
}

/// The bands (first row, row past the last) a page is read in: cut at the
/// middle of every horizontal rule whose row, the rules erased, has no ink
/// left across the whole page, so no word is cut; the bands with ink. None
/// when no rule cuts it. Each table row band alone has lines that line up.
fn bands(img: &Gray, rules: &[PixRule]) -> Vec<(usize, usize)> {
    let mut cuts: Vec<usize> = rules
        .iter()
        .filter(|r| r.x1 - r.x0 > r.y1 - r.y0)
        .map(|r| (r.y0 + r.y1) / 2)
        .filter(|&y| y < img.h && img.px[y * img.w..(y + 1) * img.w].iter().all(|&p| p >= DARK))
        .collect();
    if cuts.is_empty() {
        return Vec::new();
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::new();
    let mut from = 0;
    for y in cuts.into_iter().chain(std::iter::once(img.h)) {
        if y > from && img.px[from * img.w..y * img.w].iter().any(|&p| p < DARK) {
            out.push((from, y));
        }
        from = y;
    }
    out
}

/// For measuring only (scripts/ocr-measure.py re-runs the pipeline many
/// times): with `JXCHECK_OCR_KEEP` naming a folder, the engine's TSV for a
/// prepared page image is kept there under a hash of the image, and read
/// back instead of running the engine on the same image again; with
/// `JXCHECK_OCR_DUMP` set too, the prepared image is written beside it (PGM)
/// to look at what the engine was given.
fn kept(img: &Gray, dpi: f32, bands: &[(usize, usize)]) -> Option<PathBuf> {
    use sha2::{Digest, Sha256};
    let dir = PathBuf::from(std::env::var_os("JXCHECK_OCR_KEEP")?);
    let mut h = Sha256::new();
    h.update(format!("{} {} {}", img.w, img.h, dpi.round()).as_bytes());
    if !bands.is_empty() {
        h.update(format!("bands {bands:?} {}", band_margin(dpi)).as_bytes());
    }
    h.update(&img.px);
    let name: String = h.finalize().iter().take(12).map(|b| format!("{b:02x}")).collect();
    Some(dir.join(format!("{name}.tsv")))
}

/// Runs the engine on an image file it reads itself (PNG, TIFF, JPEG …).
pub fn run_file(engine: &Engine, path: &Path, dpi: f32) -> Result<Vec<Word>, String> {
    tesseract(engine, path, dpi).map(|t| parse_tsv(&t))
}

fn tesseract(engine: &Engine, path: &Path, dpi: f32) -> Result<String, String> {
    tesseract_with(engine, path, dpi, &["-l", "chi_sim", "--psm", "6"])
}

pub(super) fn tesseract_with(engine: &Engine, path: &Path, dpi: f32, args: &[&str]) -> Result<String, String> {
    let mut child = Command::new(&engine.program)
        .arg(path)
        .arg("stdout")
        .args(args)
        .arg("--dpi")
        .arg(format!("{}", dpi.round().clamp(70.0, 1200.0) as u32))
        .arg("tsv")
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("OCR: cannot run tesseract: {e}"))?;
    // read stdout on a thread so a full pipe never blocks the engine
    let mut stdout = child.stdout.take().ok_or("OCR: no output pipe")?;
    let reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stdout, &mut s);
        s
    });
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                let out = reader.join().unwrap_or_default();
                if !status.success() {
                    return Err(format!("OCR: tesseract failed ({status})"));
                }
                return Ok(String::from_utf8_lossy(&out).into_owned());
            }
            Ok(None) if start.elapsed() > PAGE_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "OCR: a page took more than {} s (limit)",
                    PAGE_TIMEOUT.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(format!("OCR: {e}")),
        }
    }
}

/// Renders page `number` of a PDF (its bytes in `pdf`) with pdftoppm at
/// 300 dpi grey; the image covers the page as shown (its box and rotation).
pub fn render(pdf: &Path, number: u32) -> Result<Gray, String> {
    let dir = tempfile::tempdir().map_err(|e| format!("OCR: no temporary folder: {e}"))?;
    let stem = dir.path().join("page");
    let n = number.to_string();
    let status = Command::new("pdftoppm")
        .args(["-gray", "-r", "300", "-singlefile", "-f", &n, "-l", &n])
        .arg(pdf)
        .arg(&stem)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("OCR: cannot run pdftoppm: {e}"))?;
    if !status.success() {
        return Err(format!("OCR: pdftoppm could not render page {number}"));
    }
    let bytes = std::fs::read(dir.path().join("page.pgm")).map_err(|e| format!("OCR: {e}"))?;
    read_pgm(&bytes).ok_or_else(|| "OCR: unreadable rendered page".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_reads_like_ocr_by_letters_standing_for_digits() {
        for t in ["得分(分)O76%", "数量第O份", "人数300人IO指标2", "2O21年"] {
            assert!(text_looks_ocr([t].into_iter()), "{t}");
        }
        for t in [
            "ICP备案号",
            "10KVA变压器",
            "FEAB6FBF67D44",
            "LED灯20盏",
            "xx县",
            "Office软件",
            "I",
        ] {
            assert!(!text_looks_ocr([t].into_iter()), "{t}");
        }
    }

    const TSV: &str = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext
1\t1\t0\t0\t0\t0\t0\t0\t3300\t2550\t-1\t
4\t1\t1\t1\t1\t0\t379\t154\t410\t44\t-1\t
5\t1\t1\t1\t1\t1\t379\t154\t37\t44\t96.703064\t内
5\t1\t1\t1\t1\t2\t576\t158\t111\t35\t92.684273\t2019
5\t1\t1\t1\t1\t3\t700\t154\t89\t43\t93.064468\t年
5\t1\t1\t1\t2\t1\t350\t353\t13\t69\t75.700966\t|
5\t1\t1\t1\t2\t2\t393\t357\t80\t54\t61.5\t|合计
5\t1\t1\t1\t2\t3\t493\t357\t80\t54\t88.0\t”资金“
";

    #[test]
    fn tsv_words_with_boxes_and_confidence() {
        let w = parse_tsv(TSV);
        assert_eq!(w.len(), 6);
        assert_eq!(w[1].text, "2019");
        assert_eq!(
            (w[1].left, w[1].top, w[1].width, w[1].height),
            (576.0, 158.0, 111.0, 35.0)
        );
        assert!((w[1].conf - 92.684_27).abs() < 1e-3);
        assert_eq!(w[1].line, (1, 1, 1));
        assert_eq!(w[3].line, (1, 1, 2));
        // at 300 dpi a pixel is 0.24 pt; the image fills a 792 x 612 page
        let at = [0.0f32, 0.0, 792.0, 612.0];
        let s = 0.24f32;
        let pw = to_page_words(&w, |x| at[0] + x * s, |y| at[3] - y * s, s);
        let texts: Vec<&str> = pw.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            ["内", "2019", "年", "合计", "资金"],
            "a bare | is dropped, a leading one trimmed"
        );
        assert!((pw[1].x0 - 576.0 * s).abs() < 1e-3 && (pw[1].x1 - 687.0 * s).abs() < 1e-3);
        assert!((pw[1].y0 - (612.0 - 197.0 * s)).abs() < 1e-3, "on the line's baseline");
        assert!((pw[1].size - 44.0 * s).abs() < 1e-3, "the CJK words' median height");
        assert!((pw[3].conf - 0.615).abs() < 1e-6);
    }

    /// Word rows of one TSV line (block 1, par 1, line `l`): (left, width, text).
    fn tsv_line(l: u32, top: u32, words: &[(u32, u32, &str)]) -> String {
        words
            .iter()
            .enumerate()
            .map(|(i, (left, width, text))| {
                format!("5\t1\t1\t1\t{l}\t{}\t{left}\t{top}\t{width}\t44\t90.0\t{text}\n", i + 1)
            })
            .collect()
    }

    fn texts(tsv_rows: &str) -> Vec<String> {
        let w = parse_tsv(&format!("level\n{tsv_rows}"));
        to_page_words(&w, |x| x, |y| 1000.0 - y, 1.0)
            .into_iter()
            .map(|p| p.text)
            .collect()
    }

    #[test]
    fn ocr_damage_is_undone_not_read_as_figures() {
        // ≥ read as 2, 工 or ^ before a target; 200% and 2.5% stay numbers
        let rows = tsv_line(
            1,
            100,
            &[
                (100, 80, "满意度"),
                (300, 60, "290%"),
                (400, 60, "工95%"),
                (500, 60, "^80%"),
            ],
        ) + &tsv_line(
            2,
            200,
            &[
                (100, 80, "增长"),
                (300, 60, "200%"),
                (400, 60, "2.5%"),
                (500, 60, "2100%"),
            ],
        );
        assert_eq!(
            texts(&rows),
            ["满意度", "≥90%", "≥95%", "≥80%", "增长", "200%", "2.5%", "≥100%"]
        );
        // a page marker between figures, as three words or one, is no text
        let rows = tsv_line(
            1,
            100,
            &[
                (100, 60, "1,234.5"),
                (300, 20, "-"),
                (330, 20, "3"),
                (360, 20, "-"),
                (500, 60, "67.8"),
            ],
        ) + &tsv_line(
            2,
            200,
            &[(100, 60, "12"), (300, 60, "—12—"), (500, 60, "-3"), (600, 60, "2-3")],
        );
        assert_eq!(texts(&rows), ["1,234.5", "67.8", "12", "-3", "2-3"]);
        // quote specks: touching a digit, an opening one never closed, a
        // closing one never opened; a quoted term keeps its quotes
        let rows = tsv_line(1, 100, &[(100, 60, "“7"), (300, 60, "“预算编制合理性"), (500, 60, "5")])
            + &tsv_line(3, 150, &[(100, 60, "8”"), (300, 60, "分”")])
            + &tsv_line(
                2,
                200,
                &[
                    (100, 60, "“十四五”"),
                    (300, 60, "规划"),
                    (500, 60, "“两个"),
                    (600, 60, "维护”"),
                ],
            );
        assert_eq!(
            texts(&rows),
            [
                "7",
                "预算编制合理性",
                "5",
                "8",
                "分",
                "“十四五”",
                "规划",
                "“两个",
                "维护”"
            ]
        );
    }

    #[test]
    fn a_title_mark_speck_before_a_score_is_dropped() {
        let rows = tsv_line(1, 100, &[(100, 60, "分"), (300, 60, "《2")])
            + &tsv_line(
                2,
                200,
                &[
                    (100, 60, "《2021年工作计划》"),
                    (300, 60, "《2021年"),
                    (400, 60, "计划》"),
                ],
            );
        assert_eq!(texts(&rows), ["分", "2", "《2021年工作计划》", "《2021年", "计划》"]);
    }

    #[test]
    fn a_box_starting_on_the_line_stays_on_it() {
        // `局` boxed two lines tall and `部` boxed as a speck at its top:
        // both on the line's baseline; a word of another cell lower down
        // (top and bottom both away) keeps its own
        let w = parse_tsv(&format!(
            "level\n{}",
            "5\t1\t1\t1\t1\t1\t100\t100\t44\t44\t90\t我\n\
             5\t1\t1\t1\t1\t2\t150\t98\t44\t105\t90\t局\n\
             5\t1\t1\t1\t1\t3\t200\t101\t7\t7\t90\t部\n\
             5\t1\t1\t1\t1\t4\t250\t100\t44\t44\t90\t门\n\
             5\t1\t1\t1\t1\t5\t300\t100\t44\t44\t90\t有\n\
             5\t1\t1\t1\t1\t6\t900\t180\t44\t44\t90\t注\n"
        ));
        let p = to_page_words(&w, |x| x, |y| 1000.0 - y, 1.0);
        let ys: Vec<f32> = p.iter().map(|w| w.y0).collect();
        assert_eq!(ys, [856.0, 856.0, 856.0, 856.0, 856.0, 776.0]);
    }

    /// A white image with black blocks (x0, y0, x1, y1 exclusive).
    fn blocks(w: usize, h: usize, b: &[(usize, usize, usize, usize)]) -> Gray {
        let mut px = vec![255u8; w * h];
        for &(x0, y0, x1, y1) in b {
            for y in y0..y1 {
                px[y * w + x0..y * w + x1].fill(0);
            }
        }
        Gray { w, h, px }
    }

    #[test]
    fn a_gap_the_ink_does_not_have_is_closed() {
        // a line 40 px tall: `31` boxed to 170, `日` boxed from 226, but the
        // ink runs on (a glyph at 180–220); far off, `万元` after a real gap,
        // and `合计` across a vertical rule with ink right beside it
        let img = blocks(
            1200,
            200,
            &[
                (100, 60, 170, 100),
                (180, 60, 220, 100),
                (226, 60, 270, 100),
                (500, 60, 560, 100),
                (700, 60, 748, 100),
                (750, 20, 753, 180),
                (755, 60, 800, 100),
            ],
        );
        let rules = find_rules(&img, 150, 4);
        assert_eq!(rules.len(), 1, "{rules:?}");
        let mut w = parse_tsv(&format!(
            "level\n{}",
            tsv_line(
                1,
                60,
                &[
                    (100, 70, "31"),
                    (226, 44, "日"),
                    (500, 60, "万元"),
                    (700, 48, "费"),
                    (755, 45, "合计")
                ]
            )
        ));
        // tsv_line's boxes are 44 tall; this line's ink is 40
        w.iter_mut().for_each(|x| x.height = 40.0);
        close_false_gaps(&mut w, &img, &rules);
        let right: Vec<f32> = w.iter().map(|x| x.left + x.width).collect();
        assert_eq!(right, [226.0, 270.0, 560.0, 748.0, 800.0]);
    }

    #[test]
    fn a_low_row_s_sides_are_rules_text_strokes_are_not() {
        // two horizontal rules 60 px apart joined by short verticals (a
        // row sliced by the page break) in line with the sides of the table
        // below; a stroke between the rules touching neither, and one
        // touching both in a cell of the table (no column edge in line)
        let img = blocks(
            800,
            500,
            &[
                (50, 100, 750, 103),
                (50, 160, 750, 163),
                (50, 100, 53, 163),
                (400, 100, 403, 163),
                (200, 115, 203, 155),
                (50, 200, 750, 203),
                (50, 240, 750, 243),
                (50, 200, 53, 480),
                (400, 240, 403, 480),
                (300, 200, 303, 243),
            ],
        );
        let rules = find_rules(&img, 160, 4);
        let mut down: Vec<(usize, usize)> = rules
            .iter()
            .filter(|r| r.y1 - r.y0 > r.x1 - r.x0)
            .map(|r| (r.x0, r.y0))
            .collect();
        down.sort();
        assert_eq!(rules.len() - down.len(), 4, "{rules:?}");
        let xs: Vec<usize> = down.iter().map(|d| d.0 / 10).collect();
        assert_eq!(xs, [4, 4, 39, 39], "{rules:?}");
    }

    #[test]
    fn a_box_covering_part_of_its_word_reaches_the_next_word() {
        // `,其` boxed as its comma (7 px wide), 109 px before `他`: the word
        // reaches as far as its character needs, not into the next word
        let w = parse_tsv(&format!(
            "level\n{}",
            tsv_line(
                1,
                100,
                &[
                    (951, 50, "万元"),
                    (1100, 7, ",其"),
                    (1216, 40, "他"),
                    (1260, 230, "资金支出")
                ]
            )
        ));
        let p = to_page_words(&w, |x| x, |y| 1000.0 - y, 1.0);
        assert_eq!(p[1].text, ",其");
        assert!((p[1].x1 - (1100.0 + 1.4 * 44.0)).abs() < 1e-3, "{}", p[1].x1);
        assert!(p[2].x0 - p[1].x1 < 1.5 * 44.0, "no cell gap");
        // a box as wide as its text is kept
        assert_eq!(p[3].x1, 1490.0);
    }

    #[test]
    fn confidence_of_a_printed_number() {
        let mut info = OcrInfo::default();
        let page = OcrPage {
            words: ["预算1,234.5", "56万元", "合计", "78.9"]
                .iter()
                .zip([0.95f32, 0.60, 0.99, 0.97])
                .map(|(t, c)| PageWord {
                    text: t.to_string(),
                    x0: 0.0,
                    x1: 1.0,
                    y0: 0.0,
                    size: 10.0,
                    conf: c,
                })
                .collect(),
            ..Default::default()
        };
        info.add(3, &page);
        assert_eq!(info.pages, [3]);
        assert_eq!(info.confidence(Some(3), "1,234.5"), Some(0.95));
        assert_eq!(
            info.confidence(Some(3), "1,234.556"),
            Some(0.60),
            "split number: the weaker part"
        );
        assert_eq!(info.confidence(Some(3), "78.9%"), Some(0.97));
        assert_eq!(info.confidence(Some(2), "78.9"), None, "not an OCR page");
        assert_eq!(
            info.confidence(Some(3), "444"),
            Some(0.60),
            "unmatched: the page's least sure"
        );
    }

    #[test]
    fn samples_pgm_and_rules() {
        // a 60 x 40 white image with a 2-pixel horizontal rule and a vertical one
        let (w, h) = (60usize, 40usize);
        let mut px = vec![255u8; w * h];
        for x in 5..55 {
            px[10 * w + x] = 0;
            px[11 * w + x] = 0;
        }
        for y in 5..38 {
            px[y * w + 30] = 0;
        }
        let img = from_samples(&px, w, h, 8, 1, false).expect("grey samples");
        let mut pgm = format!("P5\n# made by a test\n{w} {h}\n255\n").into_bytes();
        pgm.extend_from_slice(&px);
        assert_eq!(read_pgm(&pgm), Some(img.clone()));
        let rules = find_rules(&img, 25, 3);
        assert_eq!(rules.len(), 2, "{rules:?}");
        let hz = rules.iter().find(|r| r.x1 - r.x0 > r.y1 - r.y0).expect("horizontal");
        assert!(hz.x0 == 5 && hz.x1 == 54 && hz.y0 >= 9 && hz.y1 <= 12, "{hz:?}");
        let vt = rules.iter().find(|r| r.y1 - r.y0 > r.x1 - r.x0).expect("vertical");
        assert!(vt.y0 == 5 && vt.y1 == 37 && vt.x0 >= 29 && vt.x1 <= 31, "{vt:?}");
        // 1-bit, inverted (an image mask): set bits are black
        let bits = [0b1000_0000u8, 0b0000_0000];
        let one = from_samples(&bits, 8, 2, 1, 1, true).expect("1-bit");
        assert_eq!(one.px[0], 0);
        assert_eq!(one.px[1], 255);
        assert!(from_samples(&bits, 8, 3, 1, 1, false).is_none(), "short data");
    }

    #[test]
    fn skew_is_measured_and_undone() {
        // text-like lines falling 1.5 degrees to the right
        let (w, h) = (800usize, 600usize);
        let mut px = vec![255u8; w * h];
        let t = 1.5f32.to_radians().tan();
        for base in (60..560).step_by(40) {
            for x in 50..750 {
                let y = base as f32 + x as f32 * t;
                for dy in 0..8 {
                    let yy = y as usize + dy;
                    if yy < h && (x / 12) % 3 != 0 {
                        px[yy * w + x] = 0;
                    }
                }
            }
        }
        let img = Gray { w, h, px };
        let a = skew(&img);
        assert!((a - 1.5).abs() <= 0.15, "measured {a}");
        let level = rotate(&img, a);
        assert!(skew(&level).abs() <= 0.15);
    }

    #[test]
    fn a_page_of_slanted_lines_is_read_in_its_ruled_bands() {
        // words of one height: the lines are kept
        let word = |top: f32, height: f32| Word {
            text: "字".into(),
            left: 0.0,
            top,
            width: 50.0,
            height,
            conf: 90.0,
            line: (1, 1, 1),
        };
        let mut ws: Vec<Word> = (0..20).map(|k| word(k as f32 * 80.0, 58.0)).collect();
        assert!(!lost_lines(&ws));
        // one in ten two lines tall (a loose box): still kept
        ws[0].height = 130.0;
        ws[5].height = 130.0;
        assert!(!lost_lines(&ws));
        // a quarter two to four lines tall: the engine lost the lines
        for k in [1, 2, 3] {
            ws[k * 3].height = 200.0;
        }
        assert!(lost_lines(&ws));

        // a page of two rows ruled across, text in both; a rule with a
        // stroke crossing its middle row cuts nothing
        let mut img = blocks(100, 100, &[(10, 10, 30, 20), (10, 60, 30, 70), (50, 40, 52, 55)]);
        let rule = |y: usize| PixRule {
            x0: 0,
            y0: y,
            x1: 99,
            y1: y,
        };
        assert_eq!(bands(&img, &[rule(35)]), vec![(0, 35), (35, 100)]);
        assert_eq!(bands(&img, &[rule(45)]), Vec::<(usize, usize)>::new());
        // a band without ink is not read
        img.px[40 * 100..71 * 100].fill(255);
        assert_eq!(bands(&img, &[rule(35)]), vec![(0, 35)]);
    }

    #[test]
    fn a_pdf_without_images_needs_no_engine() {
        assert!(!has_image(b"%PDF-1.4 1 0 obj << /Type /Page /Font << >> >> endobj"));
        assert!(has_image(
            b"5 0 obj << /Type /XObject /Subtype /Image /Width 10 >> stream"
        ));
    }
}

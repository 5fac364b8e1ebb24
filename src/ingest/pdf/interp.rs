//! Runs a page's content streams: graphics and text state, matrices, shown
//! strings → positioned glyphs (with widths from the font, Tc/Tw/Tz/Ts and TJ
//! kerning), Form XObjects, /ActualText spans, and the straight lines and
//! rectangles that rule tables. Nothing here decides what is a line or a cell.
//!
//! What counts as a rule: a stroked straight segment or rectangle edge, or a
//! filled rectangle or path thin enough to be a line; never a wide fill
//! (page backgrounds, cell shading), never a mark in (near-)white, and only
//! the part inside the current clipping box.

use super::cmap;
use super::fonts::{Code, Font, Text};
use super::lex::{Item, Lexer, Obj};
use super::objects::{Doc, Limit};
use lopdf::{Dictionary, Object, ObjectId};
use std::collections::HashMap;
use std::rc::Rc;

/// Form XObjects nested deeper than this make the file an error.
pub const MAX_FORM_DEPTH: usize = 12;
/// Glyphs per file beyond this make the file an error.
pub const MAX_GLYPHS: usize = 20_000_000;
const MAX_SAVED_STATES: usize = 256;
const MAX_RULES: usize = 100_000;
const MAX_OPERANDS: usize = 4096;
/// Glyphs a page makes room for at most before its content is run.
const PAGE_GLYPHS_RESERVED: usize = 1 << 14;

/// A glyph on the page, in device space (PDF units, y up).
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub x: f32,
    pub y: f32,
    /// Advance width (without character or word spacing).
    pub w: f32,
    pub size: f32,
    pub ch: char,
    /// Which way the text runs, in quarter turns counterclockwise from
    /// left-to-right (1: upward, 2: upside down, 3: downward), from the text
    /// rendering matrix: a table turned on its page (a landscape table set
    /// on a portrait page, a browser's CSS `rotate`) draws its text turned.
    pub quarter: u8,
}

/// The quarter turn (0–3) nearest a matrix's x axis direction.
fn quarter_of(m: &[f32; 6]) -> u8 {
    let angle = m[1].atan2(m[0]);
    if !angle.is_finite() {
        return 0;
    }
    ((angle / std::f32::consts::FRAC_PI_2).round() as i64).rem_euclid(4) as u8
}

/// A horizontal or vertical segment: a table rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Rule {
    pub fn vertical(&self) -> bool {
        (self.x1 - self.x0).abs() < (self.y1 - self.y0).abs()
    }
}

/// What one page drew.
#[derive(Debug, Default)]
pub struct Marks {
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
    pub images: usize,
    /// Glyphs whose character the font does not tell.
    pub unmapped: usize,
    /// Fonts that gave unmapped glyphs.
    pub unmapped_fonts: Vec<String>,
    /// Image XObjects drawn: the object and the matrix that maps the unit
    /// square onto the page (what OCR reads when the page has no text).
    pub placed: Vec<(lopdf::ObjectId, [f32; 6])>,
}

type M = [f32; 6];
const ID: M = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(a: &M, b: &M) -> M {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn apply(m: &M, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

#[derive(Clone)]
struct GState {
    ctm: M,
    font: Option<Rc<Font>>,
    size: f32,
    tc: f32,
    tw: f32,
    th: f32,
    tl: f32,
    rise: f32,
    /// The non-stroking (fill) colour is near-white.
    fill_white: bool,
    /// The stroking colour is near-white.
    stroke_white: bool,
    /// The clipping box in device space: x0, y0, x1, y1.
    clip: [f32; 4],
}

/// No clipping.
const NO_CLIP: [f32; 4] = [f32::MIN, f32::MIN, f32::MAX, f32::MAX];
/// A filled shape this thin (PDF units) is a rule along its long side.
const THIN: f32 = 2.5;

/// Whether colour operands (gray, RGB or CMYK by their count) are near-white.
fn near_white(ops: &[Obj<'_>]) -> bool {
    let v: Vec<f32> = ops.iter().filter_map(Obj::num).collect();
    if v.len() != ops.len() {
        return false; // a pattern name: not a plain colour
    }
    match v.len() {
        1 | 3 => v.iter().all(|&c| c >= 0.95),
        4 => v.iter().all(|&c| c <= 0.05),
        _ => false,
    }
}

/// Interprets pages of one document; fonts are loaded once per document.
pub struct Interp<'a, 'd> {
    d: &'a Doc<'d>,
    fonts: HashMap<FontKey, Rc<Font>>,
    /// The fonts last set by name in a resource dictionary (its address):
    /// `Tf` repeats a few names many times; found without the lookups.
    recent: Vec<(usize, Vec<u8>, Rc<Font>)>,
    glyphs_total: usize,
}

/// Fonts `recent` holds at most.
const RECENT_FONTS: usize = 16;

#[derive(Hash, PartialEq, Eq)]
enum FontKey {
    Id(ObjectId),
    Ptr(usize),
}

struct Run<'r> {
    marks: &'r mut Marks,
    gs: GState,
    saved: Vec<GState>,
    overflow: usize,
    tm: M,
    tlm: M,
    path: Vec<(f32, f32, bool)>, // (x, y, starts a subpath)
    rects: Vec<[f32; 4]>,
    spans: Vec<Option<(String, usize)>>,
    /// `W`/`W*` seen: the current path clips when it is ended.
    clip_next: bool,
}

/// How a path is painted.
#[derive(Clone, Copy, PartialEq)]
enum Paint {
    Stroke,
    Fill,
    Both,
}

impl<'a, 'd> Interp<'a, 'd> {
    pub fn new(d: &'a Doc<'d>) -> Self {
        Interp {
            d,
            fonts: HashMap::new(),
            recent: Vec::new(),
            glyphs_total: 0,
        }
    }

    /// Runs one page's content with its resources.
    pub fn page(&mut self, content: &[u8], resources: Option<&'d Dictionary>) -> Result<Marks, Limit> {
        let mut marks = Marks::default();
        // room for the page's glyphs made once (a glyph takes 4 or more bytes
        // of content, as hex or with its string's operators), not by
        // doubling string after string; trimmed below when much was left over
        marks.glyphs.reserve((content.len() / 4).min(PAGE_GLYPHS_RESERVED));
        let gs = GState {
            ctm: ID,
            font: None,
            size: 0.0,
            tc: 0.0,
            tw: 0.0,
            th: 1.0,
            tl: 0.0,
            rise: 0.0,
            fill_white: false,
            stroke_white: false,
            clip: NO_CLIP,
        };
        self.run(content, resources, gs, &mut marks, 0)?;
        if marks.glyphs.capacity() > 2 * marks.glyphs.len() + 64 {
            marks.glyphs.shrink_to_fit();
        }
        self.glyphs_total += marks.glyphs.len();
        if self.glyphs_total > MAX_GLYPHS {
            return Err(Limit(format!("more than {MAX_GLYPHS} glyphs (limit)")));
        }
        Ok(marks)
    }

    fn font(&mut self, resources: Option<&'d Dictionary>, name: &[u8]) -> Result<Rc<Font>, Limit> {
        let at = resources.map_or(0, |r| r as *const Dictionary as usize);
        if let Some((_, _, f)) = self.recent.iter().find(|(r, n, _)| *r == at && n.as_slice() == name) {
            return Ok(f.clone());
        }
        let font = self.font_by_name(resources, name)?;
        if self.recent.len() < RECENT_FONTS {
            self.recent.push((at, name.to_vec(), font.clone()));
        }
        Ok(font)
    }

    fn font_by_name(&mut self, resources: Option<&'d Dictionary>, name: &[u8]) -> Result<Rc<Font>, Limit> {
        let d = self.d;
        let entry = resources
            .and_then(|r| d.dict(r, b"Font"))
            .and_then(|f| f.get(name).ok());
        let Some(entry) = entry else {
            return Ok(Rc::new(Font::fallback()));
        };
        let key = match entry {
            Object::Reference(id) => FontKey::Id(*id),
            o => FontKey::Ptr(o as *const Object as usize),
        };
        if let Some(f) = self.fonts.get(&key) {
            return Ok(f.clone());
        }
        let font = match d.deref(entry) {
            Object::Dictionary(fd) => Font::load(d, fd)?,
            _ => Font::fallback(),
        };
        let font = Rc::new(font);
        self.fonts.insert(key, font.clone());
        Ok(font)
    }

    fn run(
        &mut self,
        content: &[u8],
        resources: Option<&'d Dictionary>,
        gs: GState,
        marks: &mut Marks,
        depth: usize,
    ) -> Result<(), Limit> {
        let mut r = Run {
            marks,
            gs,
            saved: Vec::new(),
            overflow: 0,
            tm: ID,
            tlm: ID,
            path: Vec::new(),
            rects: Vec::new(),
            spans: Vec::new(),
            clip_next: false,
        };
        let mut lx = Lexer::new(content);
        let mut ops: Vec<Obj<'_>> = Vec::new();
        while let Some(item) = lx.next() {
            let op = match item {
                Item::Obj(o) => {
                    if ops.len() < MAX_OPERANDS {
                        ops.push(o);
                    }
                    continue;
                }
                Item::Op(op) => op,
            };
            let n = |i: usize| ops.get(i).and_then(Obj::num).unwrap_or(0.0);
            match op {
                b"q" => {
                    if r.saved.len() < MAX_SAVED_STATES {
                        r.saved.push(r.gs.clone());
                    } else {
                        r.overflow += 1;
                    }
                }
                b"Q" => {
                    if r.overflow > 0 {
                        r.overflow -= 1;
                    } else if let Some(g) = r.saved.pop() {
                        r.gs = g;
                    }
                }
                b"cm" if ops.len() >= 6 => {
                    let m = [n(0), n(1), n(2), n(3), n(4), n(5)];
                    r.gs.ctm = mul(&m, &r.gs.ctm);
                }
                b"BT" => {
                    r.tm = ID;
                    r.tlm = ID;
                }
                b"Tf" => {
                    if let Some(Obj::Name(name)) = ops.first() {
                        r.gs.font = Some(self.font(resources, name)?);
                    }
                    r.gs.size = n(1);
                }
                b"Tc" => r.gs.tc = n(0),
                b"Tw" => r.gs.tw = n(0),
                b"Tz" => r.gs.th = n(0) / 100.0,
                b"TL" => r.gs.tl = n(0),
                b"Ts" => r.gs.rise = n(0),
                b"Td" => r.td(n(0), n(1)),
                b"TD" => {
                    r.gs.tl = -n(1);
                    r.td(n(0), n(1));
                }
                b"Tm" if ops.len() >= 6 => {
                    r.tm = [n(0), n(1), n(2), n(3), n(4), n(5)];
                    r.tlm = r.tm;
                }
                b"T*" => r.next_line(),
                b"Tj" => {
                    if let Some(Obj::Str(s)) = ops.first() {
                        r.show(s);
                    }
                }
                b"'" => {
                    r.next_line();
                    if let Some(Obj::Str(s)) = ops.first() {
                        r.show(s);
                    }
                }
                b"\"" => {
                    r.gs.tw = n(0);
                    r.gs.tc = n(1);
                    r.next_line();
                    if let Some(Obj::Str(s)) = ops.get(2) {
                        r.show(s);
                    }
                }
                b"TJ" => {
                    if let Some(Obj::Arr(items)) = ops.first() {
                        for it in items {
                            match it {
                                Obj::Str(s) => r.show(s),
                                Obj::Num(k) => {
                                    let tx = -k / 1000.0 * r.gs.size * r.gs.th;
                                    r.tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &r.tm);
                                }
                                _ => {}
                            }
                        }
                    }
                }
                b"m" => r.path.push((n(0), n(1), true)),
                b"l" => r.path.push((n(0), n(1), false)),
                b"re" => r.rects.push([n(0), n(1), n(2), n(3)]),
                b"c" | b"v" | b"y" => {
                    // curves are not rules: restart the subpath at the end point
                    let k = ops.len();
                    if k >= 2 {
                        r.path.push((n(k - 2), n(k - 1), true));
                    }
                }
                b"S" | b"s" => r.paint(Paint::Stroke),
                b"f" | b"F" | b"f*" => r.paint(Paint::Fill),
                b"B" | b"B*" | b"b" | b"b*" => r.paint(Paint::Both),
                b"n" => {
                    r.clip();
                    r.path.clear();
                    r.rects.clear();
                }
                b"W" | b"W*" => r.clip_next = true,
                b"g" | b"rg" | b"k" | b"sc" | b"scn" => r.gs.fill_white = near_white(&ops),
                b"G" | b"RG" | b"K" | b"SC" | b"SCN" => r.gs.stroke_white = near_white(&ops),
                b"cs" => r.gs.fill_white = false,
                b"CS" => r.gs.stroke_white = false,
                b"Do" => {
                    if let Some(Obj::Name(name)) = ops.first() {
                        self.xobject(resources, name, &mut r, depth)?;
                    }
                }
                b"ID" => {
                    lx.skip_inline_image();
                    r.marks.images += 1;
                }
                b"BMC" => r.spans.push(None),
                b"BDC" => {
                    let text = match ops.get(1) {
                        Some(Obj::Dict(entries)) => entries.iter().find_map(|(k, v)| match v {
                            Obj::Str(s) if *k == b"ActualText" => Some(text_string(s)),
                            _ => None,
                        }),
                        Some(Obj::Name(prop)) => self.actual_text_property(resources, prop),
                        _ => None,
                    };
                    let start = r.marks.glyphs.len();
                    r.spans.push(text.map(|t| (t, start)));
                }
                b"EMC" => {
                    if let Some(Some((text, start))) = r.spans.pop() {
                        r.replace_span(&text, start);
                    }
                }
                _ => {}
            }
            ops.clear();
        }
        Ok(())
    }

    fn actual_text_property(&self, resources: Option<&'d Dictionary>, prop: &[u8]) -> Option<String> {
        let d = self.d;
        let props = resources.and_then(|r| d.dict(r, b"Properties"))?;
        let entry = props.get(prop).ok().map(|o| d.deref(o))?.as_dict().ok()?;
        let s = d.get(entry, b"ActualText")?.as_str().ok()?;
        Some(text_string(s))
    }

    fn xobject(
        &mut self,
        resources: Option<&'d Dictionary>,
        name: &[u8],
        r: &mut Run<'_>,
        depth: usize,
    ) -> Result<(), Limit> {
        let d = self.d;
        let Some(entry) = resources
            .and_then(|res| d.dict(res, b"XObject"))
            .and_then(|x| x.get(name).ok())
        else {
            return Ok(());
        };
        let obj = d.deref(entry);
        let Object::Stream(s) = obj else { return Ok(()) };
        match d.name(&s.dict, b"Subtype") {
            Some(b"Image") => {
                r.marks.images += 1;
                if let (Object::Reference(id), true) = (entry, r.marks.placed.len() < 64) {
                    r.marks.placed.push((*id, r.gs.ctm));
                }
                Ok(())
            }
            Some(b"Form") => {
                if depth + 1 > MAX_FORM_DEPTH {
                    return Err(Limit(format!(
                        "Form XObjects nested deeper than {MAX_FORM_DEPTH} (limit)"
                    )));
                }
                let Some(data) = d.stream_data(obj)? else { return Ok(()) };
                let m = match d.array(&s.dict, b"Matrix") {
                    Some(a) if a.len() == 6 => {
                        let v: Vec<f32> = a.iter().map(|o| d.number(o).unwrap_or(0.0)).collect();
                        [v[0], v[1], v[2], v[3], v[4], v[5]]
                    }
                    _ => ID,
                };
                let mut gs = r.gs.clone();
                gs.ctm = mul(&m, &gs.ctm);
                let res = d.dict(&s.dict, b"Resources").or(resources);
                self.run(&data, res, gs, r.marks, depth + 1)
            }
            _ => Ok(()),
        }
    }
}

/// A PDF text string: UTF-16BE with its BOM, else PDFDocEncoding (as Latin-1).
fn text_string(s: &[u8]) -> String {
    if let Some(utf16) = s.strip_prefix(&[0xfe, 0xff]) {
        return cmap::utf16be(utf16);
    }
    s.iter().map(|&b| char::from(b)).collect()
}

impl Run<'_> {
    fn td(&mut self, tx: f32, ty: f32) {
        self.tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &self.tlm);
        self.tm = self.tlm;
    }

    fn next_line(&mut self) {
        let tl = self.gs.tl;
        self.td(0.0, -tl);
    }

    fn show(&mut self, bytes: &[u8]) {
        let Some(font) = self.gs.font.clone() else { return };
        let (size, th, tc, tw, rise) = (self.gs.size, self.gs.th, self.gs.tc, self.gs.tw, self.gs.rise);
        let ctm = self.gs.ctm;
        // A shown string only moves the text matrix (its linear part stays),
        // so the text rendering matrix's scales and turn hold for all of it.
        let trm = mul(&self.tm, &ctm);
        let hscale = trm[0].hypot(trm[1]);
        let vscale = trm[2].hypot(trm[3]);
        let dev_size = (size * vscale).abs();
        let quarter = quarter_of(&trm);
        // a turned glyph's advance runs along its own direction
        let (ux, uy) = match quarter {
            1 => (0.0, 1.0),
            2 => (-1.0, 0.0),
            3 => (0.0, -1.0),
            _ => (1.0, 0.0),
        };
        // about a glyph a byte (two for CID fonts): room made once, never
        // much more than a short string needs
        self.marks.glyphs.reserve(bytes.len().min(4096));
        font.decode(bytes, |code: Code<'_>| {
            let trm = mul(&self.tm, &ctm);
            let (x, y) = apply(&trm, 0.0, rise);
            let w = code.width / 1000.0 * size * th * hscale;
            let mut push = |ch: char, x: f32, y: f32, w: f32| {
                // a space glyph some producers map to a tab or line break
                // (wkhtmltopdf's ToUnicode gives U+0009): a space
                let ch = if ch.is_control() && ch.is_whitespace() { ' ' } else { ch };
                if x.is_finite() && y.is_finite() {
                    self.marks.glyphs.push(Glyph {
                        x,
                        y,
                        w,
                        size: dev_size,
                        ch,
                        quarter,
                    });
                }
            };
            match code.text {
                Some(Text::One(c)) => {
                    if c == '\u{FFFD}' {
                        self.marks.unmapped += 1;
                    }
                    push(c, x, y, w);
                }
                Some(Text::Many(s)) => {
                    let n = s.chars().count().max(1) as f32;
                    for (k, c) in s.chars().enumerate() {
                        let along = w * k as f32 / n;
                        push(c, x + ux * along, y + uy * along, w / n);
                    }
                }
                None => {
                    self.marks.unmapped += 1;
                    if !self.marks.unmapped_fonts.contains(&font.describe) {
                        self.marks.unmapped_fonts.push(font.describe.clone());
                    }
                    push('\u{FFFD}', x, y, w);
                }
            }
            let tx = (code.width / 1000.0 * size + tc + if code.space { tw } else { 0.0 }) * th;
            self.tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &self.tm);
        });
    }

    /// Replaces the glyphs shown inside an /ActualText span by its text, laid
    /// over the same extent.
    fn replace_span(&mut self, text: &str, start: usize) {
        let g = &mut self.marks.glyphs;
        if start >= g.len() {
            return;
        }
        let first = g[start].clone();
        let end = g.last().map_or(first.x + first.w, |l| l.x + l.w);
        g.truncate(start);
        let n = text.chars().count().max(1) as f32;
        let w = (end - first.x) / n;
        for (k, ch) in text.chars().enumerate() {
            g.push(Glyph {
                x: first.x + w * k as f32,
                w,
                ch,
                ..first.clone()
            });
        }
    }

    /// Ends a path after `W`: its device-space box narrows the clip.
    fn clip(&mut self) {
        if !std::mem::take(&mut self.clip_next) {
            return;
        }
        let ctm = self.gs.ctm;
        let mut pts: Vec<(f32, f32)> = self.path.iter().map(|&(x, y, _)| (x, y)).collect();
        for &[x, y, w, h] in &self.rects {
            pts.push((x, y));
            pts.push((x + w, y + h));
        }
        let mut b = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
        for (x, y) in pts {
            let (x, y) = apply(&ctm, x, y);
            if x.is_finite() && y.is_finite() {
                b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
            }
        }
        if b[0] <= b[2] {
            let c = &mut self.gs.clip;
            *c = [c[0].max(b[0]), c[1].max(b[1]), c[2].min(b[2]), c[3].min(b[3])];
        }
    }

    fn paint(&mut self, how: Paint) {
        self.clip();
        let ctm = self.gs.ctm;
        let stroked = how != Paint::Fill && !self.gs.stroke_white;
        let filled = how != Paint::Stroke && !self.gs.fill_white;
        let mut segs: Vec<((f32, f32), (f32, f32))> = Vec::new();
        // a thin filled shape (device-space box) is a rule along its long side
        let thin = |pts: &[(f32, f32)], segs: &mut Vec<_>| {
            let mut b = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
            for &(x, y) in pts {
                let (x, y) = apply(&ctm, x, y);
                b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
            }
            let (w, h) = (b[2] - b[0], b[3] - b[1]);
            if w <= THIN && h > w {
                let x = (b[0] + b[2]) / 2.0;
                segs.push(((x, b[1]), (x, b[3])));
            } else if h <= THIN && w > h {
                let y = (b[1] + b[3]) / 2.0;
                segs.push(((b[0], y), (b[2], y)));
            }
        };
        for [x, y, w, h] in self.rects.drain(..) {
            if stroked {
                for (a, b) in [
                    ((x, y), (x + w, y)),
                    ((x, y + h), (x + w, y + h)),
                    ((x, y), (x, y + h)),
                    ((x + w, y), (x + w, y + h)),
                ] {
                    segs.push((apply(&ctm, a.0, a.1), apply(&ctm, b.0, b.1)));
                }
            } else if filled {
                thin(&[(x, y), (x + w, y + h)], &mut segs);
            }
        }
        if stroked {
            for pair in self.path.windows(2) {
                let ((x0, y0, _), (x1, y1, starts)) = (pair[0], pair[1]);
                if !starts {
                    segs.push((apply(&ctm, x0, y0), apply(&ctm, x1, y1)));
                }
            }
        } else if filled {
            // each subpath on its own: a border drawn as a run of thin polygons
            let mut start = 0;
            for i in 1..=self.path.len() {
                if i == self.path.len() || self.path[i].2 {
                    let pts: Vec<(f32, f32)> = self.path[start..i].iter().map(|&(x, y, _)| (x, y)).collect();
                    if pts.len() >= 2 {
                        thin(&pts, &mut segs);
                    }
                    start = i;
                }
            }
        }
        self.path.clear();
        self.rects.clear();
        let c = self.gs.clip;
        for ((x0, y0), (x1, y1)) in segs {
            if self.marks.rules.len() >= MAX_RULES {
                break;
            }
            if !(x0.is_finite() && y0.is_finite() && x1.is_finite() && y1.is_finite()) {
                continue;
            }
            let horizontal = (y1 - y0).abs() < 0.5 && (x1 - x0).abs() > 1.0;
            let vertical = (x1 - x0).abs() < 0.5 && (y1 - y0).abs() > 1.0;
            if !(horizontal || vertical) {
                continue;
            }
            // the visible part: inside the clipping box
            let (ax, bx) = (x0.min(x1).max(c[0]), x0.max(x1).min(c[2]));
            let (ay, by) = (y0.min(y1).max(c[1]), y0.max(y1).min(c[3]));
            let slack = 1.0;
            if (horizontal && (ax >= bx || ay > by + slack)) || (vertical && (ay >= by || ax > bx + slack)) {
                continue;
            }
            self.marks.rules.push(Rule {
                x0: ax.min(bx),
                y0: ay.min(by),
                x1: bx.max(ax),
                y1: by.max(ay),
            });
        }
    }
}

//! Fonts → Unicode and widths. A font turns the bytes of a shown string into
//! codes, each with its text and advance width, trying in order: the font's
//! ToUnicode map; a predefined Chinese CMap read from the bytes (GBK-EUC,
//! UniGB-UCS2, UniGB-UTF16); Adobe-GB1 CIDs through the bundled table; and
//! for simple fonts, /Encoding with /Differences glyph names.

use super::cmap::{self, CidMap, CodeMap, Codespace, Predefined, ToUnicode, Uni};
use super::objects::{Doc, Limit};
use lopdf::{Dictionary, Object};
use std::cell::RefCell;

/// The text of a code, borrowed from the font's map (no copy per glyph).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Text<'a> {
    One(char),
    Many(&'a str),
}

impl<'a> From<&'a Uni> for Text<'a> {
    fn from(u: &'a Uni) -> Self {
        match u {
            Uni::One(c) => Text::One(*c),
            Uni::Many(s) => Text::Many(s),
        }
    }
}

/// One code of a shown string.
#[derive(Debug, Clone, PartialEq)]
pub struct Code<'a> {
    /// None when the font gives no way to know the character.
    pub text: Option<Text<'a>>,
    /// Advance in thousandths of the font size.
    pub width: f32,
    /// A single-byte code 32 (word spacing applies to it).
    pub space: bool,
}

/// How a composite font's codes become CIDs.
#[derive(Debug, Clone)]
enum CidOf {
    Predefined(Predefined),
    Embedded(CidMap),
    /// A CMap jxcheck does not know: two-byte codes, CID unknown.
    Unknown,
}

/// A code's text as found once (per byte for simple fonts, per code on first
/// use for composite ones): the lookups a glyph would repeat, done once.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Known {
    None,
    One(char),
    /// Several characters: the ToUnicode entry, looked up again (borrowed).
    Mapped,
}

/// A composite font's decoded code: its text and advance width.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Decoded {
    text: Known,
    width: f32,
}

/// Codes a composite font remembers at most (beyond, they are decoded each
/// time): a Chinese font uses a few thousand.
const MAX_MEMO: usize = 1 << 16;

/// Two-byte codes' decodings: a block of 256 per first byte, made on first use
/// (at most 256 blocks of 256: the codes' count bounds it).
type Memo2 = Vec<Option<Box<[Option<Decoded>; 256]>>>;

// (a font is made once per document and shared through an Rc: the size of
// the composite variant costs nothing)
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
enum Kind {
    Simple {
        widths: Box<[f32; 256]>,
        /// Code → text: the ToUnicode map, else /Encoding and /Differences
        /// (built once).
        known: Box<[Known; 256]>,
    },
    Composite {
        codespace: Codespace,
        /// The code length for each first byte when the codespace leaves no
        /// choice (see `Codespace::lens_by_first`), 0 when it does.
        lens: Box<[u8; 256]>,
        /// Code (length, value) → text and width, filled on first use.
        memo: RefCell<CodeMap<u64, Decoded>>,
        /// The same for two-byte codes (most CJK text), found without
        /// hashing: by first byte a block of 256, by second byte the entry.
        memo2: RefCell<Memo2>,
        cid_of: CidOf,
        /// The CIDs are Adobe-GB1 (so the bundled table can name them).
        gb1: bool,
        dw: f32,
        widths: CodeMap<u32, f32>,
        ranges: Vec<(u32, u32, f32)>,
    },
}

#[derive(Debug, Clone)]
pub struct Font {
    kind: Kind,
    to_unicode: Option<ToUnicode>,
    /// How the font maps to Unicode, for the `partial` reason.
    pub describe: String,
}

/// A simple font's text by byte: its ToUnicode entry, else its encoding's.
fn known_bytes(to_unicode: Option<&ToUnicode>, chars: &[Option<char>; 256]) -> Box<[Known; 256]> {
    let mut known = Box::new([Known::None; 256]);
    for (b, k) in known.iter_mut().enumerate() {
        *k = match to_unicode.and_then(|t| t.get(b as u32)) {
            Some(Uni::One(c)) => Known::One(*c),
            Some(Uni::Many(_)) => Known::Mapped,
            None => chars[b].map_or(Known::None, Known::One),
        };
    }
    known
}

impl Font {
    /// A stand-in for a font that is missing or unreadable: bytes as Latin-1.
    pub fn fallback() -> Font {
        let mut chars = Box::new([None; 256]);
        for (i, c) in chars.iter_mut().enumerate() {
            *c = char::from_u32(i as u32).filter(|c| !c.is_control());
        }
        let known = known_bytes(None, &chars);
        Font {
            kind: Kind::Simple {
                widths: Box::new([500.0; 256]),
                known,
            },
            to_unicode: None,
            describe: "a missing font".into(),
        }
    }

    pub fn load(d: &Doc<'_>, font: &Dictionary) -> Result<Font, Limit> {
        let to_unicode = match font.get(b"ToUnicode").ok() {
            Some(o) => d.stream_data(o)?.map(|data| cmap::parse_to_unicode(&data)),
            None => None,
        };
        let base = d
            .name(font, b"BaseFont")
            .map(String::from_utf8_lossy)
            .unwrap_or_default();
        let subtype = d.name(font, b"Subtype").unwrap_or(b"");
        if subtype == b"Type0" {
            return composite(d, font, to_unicode, &base);
        }
        Ok(simple(d, font, to_unicode, &base, subtype == b"Type3"))
    }

    /// The text of a known code (`Mapped`: the ToUnicode entry for `value`).
    fn text_of(&self, known: Known, value: u32) -> Option<Text<'_>> {
        match known {
            Known::None => None,
            Known::One(c) => Some(Text::One(c)),
            Known::Mapped => self.to_unicode.as_ref().and_then(|t| t.get(value)).map(Text::from),
        }
    }

    /// Splits `bytes` into codes and calls `each` for every one.
    pub fn decode<'f>(&'f self, bytes: &[u8], mut each: impl FnMut(Code<'f>)) {
        match &self.kind {
            Kind::Simple { widths, known, .. } => {
                for &b in bytes {
                    each(Code {
                        text: self.text_of(known[usize::from(b)], u32::from(b)),
                        width: widths[usize::from(b)],
                        space: b == 32,
                    });
                }
            }
            Kind::Composite {
                codespace,
                lens,
                memo,
                memo2,
                ..
            } => {
                let mut i = 0;
                while i < bytes.len() {
                    let rest = &bytes[i..];
                    let n = match lens[usize::from(rest[0])] {
                        0 => codespace.code_len(rest),
                        len => usize::from(len),
                    }
                    .min(rest.len());
                    let code = &rest[..n];
                    i += n;
                    let value = code.iter().fold(0u32, |v, &b| v << 8 | u32::from(b));
                    // n is at most 4 (codespace ranges are), so (n, value) is the code
                    let d = if let &[hi, lo] = code {
                        let (hi, lo) = (usize::from(hi), usize::from(lo));
                        let found = memo2.borrow().get(hi).and_then(|b| b.as_ref()).and_then(|b| b[lo]);
                        match found {
                            Some(d) => d,
                            None => {
                                let d = self.decode_code(code, value);
                                let mut m = memo2.borrow_mut();
                                if m.is_empty() {
                                    m.resize_with(256, || None);
                                }
                                if let Some(block) = m.get_mut(hi) {
                                    block.get_or_insert_with(|| Box::new([None; 256]))[lo] = Some(d);
                                }
                                d
                            }
                        }
                    } else {
                        let key = (n as u64) << 32 | u64::from(value);
                        let found = memo.borrow().get(&key).copied();
                        match found {
                            Some(d) => d,
                            None => {
                                let d = self.decode_code(code, value);
                                let mut m = memo.borrow_mut();
                                if m.len() < MAX_MEMO {
                                    m.insert(key, d);
                                }
                                d
                            }
                        }
                    };
                    each(Code {
                        text: self.text_of(d.text, value),
                        width: d.width,
                        space: n == 1 && value == 32,
                    });
                }
            }
        }
    }

    /// A composite font's code (its bytes and their value) decoded: the
    /// ToUnicode map, else a predefined CMap's character, else the Adobe-GB1
    /// table by CID; the width by CID from /W, else /DW.
    fn decode_code(&self, code: &[u8], value: u32) -> Decoded {
        let Kind::Composite {
            cid_of,
            gb1,
            dw,
            widths,
            ranges,
            ..
        } = &self.kind
        else {
            return Decoded {
                text: Known::None,
                width: 0.0,
            };
        };
        let from_bytes = match cid_of {
            CidOf::Predefined(p) => p.unicode(code),
            _ => None,
        };
        let cid = match cid_of {
            CidOf::Predefined(p) => p.cid(code, from_bytes),
            CidOf::Embedded(m) => m.cid(value),
            CidOf::Unknown => None,
        };
        let text = match self.to_unicode.as_ref().and_then(|t| t.get(value)) {
            Some(Uni::One(c)) => Known::One(*c),
            Some(Uni::Many(_)) => Known::Mapped,
            None => from_bytes
                .or_else(|| cid.filter(|_| *gb1).and_then(cmap::gb1_unicode))
                .map_or(Known::None, Known::One),
        };
        let width = cid
            .and_then(|c| {
                widths
                    .get(&c)
                    .copied()
                    .or_else(|| ranges.iter().find(|r| r.0 <= c && c <= r.1).map(|r| r.2))
            })
            .unwrap_or(*dw);
        Decoded { text, width }
    }
}

fn composite(d: &Doc<'_>, font: &Dictionary, to_unicode: Option<ToUnicode>, base: &str) -> Result<Font, Limit> {
    let desc = d
        .array(font, b"DescendantFonts")
        .and_then(|a| a.first())
        .map(|o| d.deref(o))
        .and_then(|o| o.as_dict().ok());
    let (ordering, dw, widths, ranges) = match desc {
        Some(cf) => {
            let info = d.dict(cf, b"CIDSystemInfo");
            let ordering = info
                .and_then(|i| d.get(i, b"Ordering"))
                .and_then(|o| o.as_str().ok())
                .map(|s| String::from_utf8_lossy(s).into_owned())
                .unwrap_or_default();
            let dw = d.num(cf, b"DW").unwrap_or(1000.0);
            let (w, r) = cid_widths(d, d.array(cf, b"W").unwrap_or(&[]));
            (ordering, dw, w, r)
        }
        None => (String::new(), 1000.0, CodeMap::default(), Vec::new()),
    };
    let enc = font.get(b"Encoding").ok().map(|o| d.deref(o));
    let (codespace, cid_of, enc_name) = match enc {
        Some(Object::Name(n)) => match Predefined::by_name(n) {
            Some((p, _vertical)) => (
                p.codespace(),
                CidOf::Predefined(p),
                String::from_utf8_lossy(n).into_owned(),
            ),
            None => (
                Codespace::fixed(2),
                CidOf::Unknown,
                String::from_utf8_lossy(n).into_owned(),
            ),
        },
        Some(o @ Object::Stream(_)) => {
            let m = d
                .stream_data(o)?
                .map(|data| cmap::parse_cid_map(&data))
                .unwrap_or_default();
            let cs = if m.codespace.is_empty() {
                Codespace::fixed(2)
            } else {
                m.codespace.clone()
            };
            (cs, CidOf::Embedded(m), "an embedded CMap".into())
        }
        _ => (
            Codespace::fixed(2),
            CidOf::Predefined(Predefined::Identity),
            "Identity-H".into(),
        ),
    };
    // a ToUnicode map's codespace is the better guide when the encoding is unknown
    let codespace = match (&cid_of, &to_unicode) {
        (CidOf::Unknown, Some(t)) if !t.codespace.is_empty() => t.codespace.clone(),
        _ => codespace,
    };
    let gb1 = ordering == "GB1";
    let describe = format!(
        "{base} ({enc_name}, {}{})",
        if ordering.is_empty() { "no ordering" } else { &ordering },
        if to_unicode.is_some() {
            ", ToUnicode"
        } else {
            ", no ToUnicode"
        }
    );
    Ok(Font {
        kind: Kind::Composite {
            lens: Box::new(codespace.lens_by_first()),
            memo: RefCell::new(CodeMap::default()),
            memo2: RefCell::new(Vec::new()),
            codespace,
            cid_of,
            gb1,
            dw,
            widths,
            ranges,
        },
        to_unicode,
        describe,
    })
}

/// /W in both forms: `c [w1 w2 …]` and `c_first c_last w`.
/// Widths by CID: single entries, and `(first, last, width)` ranges.
type CidWidths = (CodeMap<u32, f32>, Vec<(u32, u32, f32)>);

fn cid_widths(d: &Doc<'_>, w: &[Object]) -> CidWidths {
    let mut single = CodeMap::default();
    let mut ranges = Vec::new();
    let mut i = 0;
    while i < w.len() {
        let Some(first) = d.number(&w[i]) else {
            i += 1;
            continue;
        };
        let first = first.max(0.0) as u32;
        match w.get(i + 1).map(|o| d.deref(o)) {
            Some(Object::Array(list)) => {
                for (k, o) in list.iter().enumerate().take(65_536) {
                    if let Some(v) = d.number(o) {
                        single.insert(first + k as u32, v);
                    }
                }
                i += 2;
            }
            Some(o) => {
                let last = d.number(o).map(|l| l.max(0.0) as u32);
                let v = w.get(i + 2).and_then(|o| d.number(o));
                if let (Some(last), Some(v)) = (last, v) {
                    if last >= first {
                        ranges.push((first, last, v));
                    }
                }
                i += 3;
            }
            None => break,
        }
    }
    (single, ranges)
}

fn simple(d: &Doc<'_>, font: &Dictionary, to_unicode: Option<ToUnicode>, base: &str, type3: bool) -> Font {
    let mut chars: Box<[Option<char>; 256]> = Box::new([None; 256]);
    let enc = font.get(b"Encoding").ok().map(|o| d.deref(o));
    let (base_enc, diffs) = match enc {
        Some(Object::Name(n)) => (Some(n.as_slice()), None),
        Some(Object::Dictionary(e)) => (d.name(e, b"BaseEncoding"), d.array(e, b"Differences")),
        _ => (None, None),
    };
    let table = match base_enc {
        Some(b"MacRomanEncoding") => encoding_rs::MACINTOSH,
        _ => encoding_rs::WINDOWS_1252,
    };
    for (i, c) in chars.iter_mut().enumerate() {
        if i >= 32 {
            let byte = [i as u8];
            let (s, _, bad) = table.decode(&byte);
            *c = s.chars().next().filter(|c| !bad && !c.is_control());
        }
    }
    if let Some(diffs) = diffs {
        let mut code = 0usize;
        for o in diffs {
            match d.deref(o) {
                Object::Integer(n) => code = (*n).clamp(0, 255) as usize,
                Object::Name(name) => {
                    if code < 256 {
                        chars[code] = super::names::glyph_unicode(name);
                    }
                    code += 1;
                }
                _ => {}
            }
        }
    }
    let mut widths = Box::new([0.0f32; 256]);
    let descriptor = d.dict(font, b"FontDescriptor");
    let missing = descriptor.and_then(|fd| d.num(fd, b"MissingWidth"));
    let scale = if type3 {
        d.array(font, b"FontMatrix")
            .and_then(|m| m.first())
            .and_then(|o| d.number(o))
            .map_or(1.0, |a| a * 1000.0)
    } else {
        1.0
    };
    match d.array(font, b"Widths") {
        Some(list) => {
            let first = d.num(font, b"FirstChar").unwrap_or(0.0).max(0.0) as usize;
            widths.fill(missing.unwrap_or(0.0));
            for (k, o) in list.iter().enumerate() {
                if let (Some(v), Some(slot)) = (d.number(o), widths.get_mut(first + k)) {
                    *slot = v * scale;
                }
            }
        }
        None => {
            let w = if base.contains("Courier") { 600.0 } else { 500.0 };
            widths.fill(missing.unwrap_or(w));
        }
    }
    let describe = format!(
        "{base} (simple{})",
        if to_unicode.is_some() { ", ToUnicode" } else { "" }
    );
    let known = known_bytes(to_unicode.as_ref(), &chars);
    Font {
        kind: Kind::Simple { widths, known },
        to_unicode,
        describe,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::pdf::cmap::parse_to_unicode;

    fn owned(t: Option<Text<'_>>) -> Option<String> {
        t.map(|t| match t {
            Text::One(c) => c.to_string(),
            Text::Many(s) => s.to_string(),
        })
    }

    /// The decoding the tables and the memo replace: every lookup made again
    /// for every code, as `decode` did before them.
    fn direct(f: &Font, bytes: &[u8]) -> Vec<(Option<String>, f32, bool)> {
        let Kind::Composite {
            codespace,
            cid_of,
            gb1,
            dw,
            widths,
            ranges,
            ..
        } = &f.kind
        else {
            panic!("a composite font")
        };
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            let n = codespace.code_len(&bytes[i..]).min(bytes.len() - i);
            let code = &bytes[i..i + n];
            i += n;
            let value = code.iter().fold(0u32, |v, &b| v << 8 | u32::from(b));
            let from_bytes = match cid_of {
                CidOf::Predefined(p) => p.unicode(code),
                _ => None,
            };
            let cid = match cid_of {
                CidOf::Predefined(p) => p.cid(code, from_bytes),
                CidOf::Embedded(m) => m.cid(value),
                CidOf::Unknown => None,
            };
            let text = f
                .to_unicode
                .as_ref()
                .and_then(|t| t.get(value).map(Text::from))
                .or_else(|| from_bytes.map(Text::One))
                .or_else(|| cid.filter(|_| *gb1).and_then(cmap::gb1_unicode).map(Text::One));
            let width = cid
                .and_then(|c| {
                    widths
                        .get(&c)
                        .copied()
                        .or_else(|| ranges.iter().find(|r| r.0 <= c && c <= r.1).map(|r| r.2))
                })
                .unwrap_or(*dw);
            out.push((owned(text), width, n == 1 && value == 32));
        }
        out
    }

    fn decoded(f: &Font, bytes: &[u8]) -> Vec<(Option<String>, f32, bool)> {
        let mut out = Vec::new();
        f.decode(bytes, |c| out.push((owned(c.text), c.width, c.space)));
        out
    }

    fn composite(codespace: Codespace, cid_of: CidOf, to_unicode: Option<ToUnicode>, gb1: bool) -> Font {
        let mut widths = CodeMap::default();
        for (cid, w) in [(1, 250.0), (17, 480.0), (814, 500.0), (7716, 260.0), (0x4e2d, 900.0)] {
            widths.insert(cid, w);
        }
        Font {
            kind: Kind::Composite {
                lens: Box::new(codespace.lens_by_first()),
                memo: RefCell::new(CodeMap::default()),
                memo2: RefCell::new(Vec::new()),
                codespace,
                cid_of,
                gb1,
                dw: 1000.0,
                widths,
                ranges: vec![(10, 20, 333.0), (0x30, 0x39, 550.0), (15, 16, 1.0)],
            },
            to_unicode,
            describe: String::new(),
        }
    }

    /// Bytes from a fixed linear congruential sequence, then chosen codes.
    fn sample(extra: &[u8]) -> Vec<u8> {
        let mut seed = 2024u32;
        let mut b: Vec<u8> = (0..3000)
            .map(|_| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (seed >> 16) as u8
            })
            .collect();
        b.extend_from_slice(extra);
        b
    }

    /// Decoded twice (the second time from the memo), the same as directly.
    fn same(f: &Font, bytes: &[u8]) -> Vec<(Option<String>, f32, bool)> {
        let want = direct(f, bytes);
        assert_eq!(decoded(f, bytes), want);
        assert_eq!(decoded(f, bytes), want);
        want
    }

    #[test]
    fn memo_decodes_as_the_direct_lookups() {
        let tu = parse_to_unicode(
            b"1 begincodespacerange <0000> <ffff> endcodespacerange\n\
              3 beginbfchar <0001> <0020> <0002> <4e2d56fd> <0031> <0041> endbfchar\n\
              1 beginbfrange <0010> <0014> <6570> endbfrange",
        );
        // Identity-H with ToUnicode (one and several characters), Adobe-GB1
        // for the rest; an odd last byte is a code of its own
        let f = composite(
            Codespace::fixed(2),
            CidOf::Predefined(Predefined::Identity),
            Some(tu.clone()),
            true,
        );
        let got = same(&f, &sample(&[0, 2, 0, 0x31, 0, 0x11, 0x4e, 0x2d, 0x00, 0x01, 0x07]));
        let n = got.len();
        assert_eq!(got[n - 6], (Some("中国".into()), 1000.0, false));
        assert_eq!(got[n - 5], (Some("A".into()), 550.0, false));
        assert_eq!(got[n - 4], (Some("\u{6571}".into()), 480.0, false));
        assert_eq!(got[n - 3].1, 900.0);
        assert_eq!(got[n - 2], (Some(" ".into()), 250.0, false));
        assert_eq!(got[n - 1], (Some("&".into()), 1000.0, false));
        // GBK-EUC: one- and two-byte codes mixed, FF outside every range, a
        // lead byte cut off at the end (the `0` before them is eaten by a
        // lead byte the sample may end on, or is a code of its own)
        let f = composite(Codespace::euc(), CidOf::Predefined(Predefined::GbEuc), None, true);
        let got = same(&f, &sample(b"0 !\xd6\xd0\xff\xd6"));
        let n = got.len();
        assert_eq!(got[n - 5], (Some(" ".into()), 260.0, true));
        assert_eq!(got[n - 4], (Some("!".into()), 500.0, false));
        assert_eq!(got[n - 3].0.as_deref(), Some("中"));
        assert_eq!(got[n - 2], (None, 1000.0, false));
        assert_eq!(got[n - 1], (None, 1000.0, false));
        // UTF-16: D8–DB start a two- or a four-byte range, left to
        // `code_len`, which takes the shortest that matches: a surrogate pair
        // reads as two codes (as it always did), neither a character
        let f = composite(Codespace::utf16(), CidOf::Predefined(Predefined::Utf16), None, true);
        let got = same(&f, &sample(&[0x4e, 0x2d, 0xd8, 0x40, 0xdc, 0x0b, 0xd8, 0x40]));
        let n = got.len();
        assert_eq!(got[n - 4].0.as_deref(), Some("中"));
        assert_eq!(got[n - 3], (None, 1000.0, false));
        assert_eq!(got[n - 2], (None, 1000.0, false));
        assert_eq!(got[n - 1], (None, 1000.0, false));
        // an embedded CMap: one-byte and two-byte codes, a range and a single,
        // codes outside every range
        let m = cmap::parse_cid_map(
            b"2 begincodespacerange <00> <80> <8140> <fefe> endcodespacerange\n\
              1 begincidrange <20> <7e> 1 endcidrange\n\
              1 begincidchar <8141> 17 endcidchar",
        );
        let f = composite(m.codespace.clone(), CidOf::Embedded(m), None, true);
        let got = same(&f, &sample(b"0\x31\x81\x41\xff\x81"));
        let n = got.len();
        assert_eq!(got[n - 4], (Some("1".into()), 333.0, false));
        assert_eq!(got[n - 3], (Some("0".into()), 480.0, false));
        assert_eq!(got[n - 2], (None, 1000.0, false));
        assert_eq!(got[n - 1], (None, 1000.0, false));
        // an unknown CMap read with its ToUnicode's codespace
        let f = composite(tu.codespace.clone(), CidOf::Unknown, Some(tu), false);
        same(&f, &sample(&[0, 2]));
    }

    #[test]
    fn simple_font_table_decodes_as_the_maps() {
        let tu = parse_to_unicode(
            b"1 begincodespacerange <00> <ff> endcodespacerange\n\
              2 beginbfchar <41> <4e2d> <42> <00660069> endbfchar",
        );
        let mut chars = Box::new([None; 256]);
        for (i, c) in chars.iter_mut().enumerate().skip(32).take(95) {
            *c = char::from_u32(i as u32);
        }
        let mut widths = Box::new([0.0f32; 256]);
        for (i, w) in widths.iter_mut().enumerate() {
            *w = i as f32;
        }
        let f = Font {
            kind: Kind::Simple {
                widths,
                known: known_bytes(Some(&tu), &chars),
            },
            to_unicode: Some(tu.clone()),
            describe: String::new(),
        };
        let all: Vec<u8> = (0..=255).collect();
        let got = decoded(&f, &all);
        for (b, (text, w, space)) in got.iter().enumerate() {
            let want = tu.get(b as u32).map(Text::from).or_else(|| chars[b].map(Text::One));
            assert_eq!((text, *w, *space), (&owned(want), b as f32, b == 32));
        }
        assert_eq!(got[0x41].0.as_deref(), Some("中"));
        assert_eq!(got[0x42].0.as_deref(), Some("fi"));
        assert_eq!(got[0x43].0.as_deref(), Some("C"));
        assert_eq!(got[0x10].0, None);
    }
}

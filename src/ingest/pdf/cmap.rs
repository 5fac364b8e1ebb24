//! CMaps: how a composite font's bytes split into codes (codespace ranges), the
//! ToUnicode maps fonts carry (bfchar/bfrange), embedded code→CID maps
//! (cidchar/cidrange), the predefined Chinese CMaps by name, and the Adobe-GB1
//! CID→Unicode table for Identity-encoded fonts without ToUnicode.

use super::lex::{Item, Lexer, Obj};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// A hasher for small integer keys (codes, CIDs, characters) looked up once
/// per glyph: one multiply instead of SipHash's rounds. The maps are never
/// iterated, so their order cannot reach the output.
#[derive(Default, Clone, Copy)]
pub struct CodeHasher(u64);

impl Hasher for CodeHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        // Fx-style: rotate, mix in, multiply by a large odd constant
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// A map keyed by codes, CIDs or characters.
pub type CodeMap<K, V> = HashMap<K, V, BuildHasherDefault<CodeHasher>>;

/// More entries than this in one CMap are ignored (a real one has < 30,000).
const MAX_ENTRIES: usize = 200_000;

/// Byte ranges that make up codes, by length.
#[derive(Debug, Clone, Default)]
pub struct Codespace {
    ranges: Vec<(usize, Vec<u8>, Vec<u8>)>,
}

impl Codespace {
    pub fn fixed(len: usize) -> Self {
        Codespace {
            ranges: vec![(len, vec![0; len], vec![0xff; len])],
        }
    }

    /// The `GBK-EUC`/`GB-EUC` layout: 00–80 one byte, 81–FE lead two.
    pub fn euc() -> Self {
        Codespace {
            ranges: vec![(1, vec![0x00], vec![0x80]), (2, vec![0x81, 0x40], vec![0xfe, 0xfe])],
        }
    }

    /// UTF-16: surrogate pairs are four bytes.
    pub fn utf16() -> Self {
        Codespace {
            ranges: vec![
                (4, vec![0xd8, 0, 0xdc, 0], vec![0xdb, 0xff, 0xdf, 0xff]),
                (2, vec![0, 0], vec![0xff, 0xff]),
            ],
        }
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// The length of the code starting at `bytes[0]`: the shortest range that
    /// matches; when none does, the shortest length whose first byte fits,
    /// else the shortest length of all.
    pub fn code_len(&self, bytes: &[u8]) -> usize {
        let mut best: Option<usize> = None;
        for (len, lo, hi) in &self.ranges {
            if bytes.len() >= *len && (0..*len).all(|i| lo[i] <= bytes[i] && bytes[i] <= hi[i]) {
                best = Some(best.map_or(*len, |b: usize| b.min(*len)));
            }
        }
        if let Some(b) = best {
            return b;
        }
        let first = self
            .ranges
            .iter()
            .filter(|(_, lo, hi)| lo[0] <= bytes[0] && bytes[0] <= hi[0])
            .map(|r| r.0)
            .min();
        first
            .or_else(|| self.ranges.iter().map(|r| r.0).min())
            .unwrap_or(1)
            .clamp(1, bytes.len().max(1))
    }
}

impl Codespace {
    /// For each first byte, the length `code_len` gives whatever follows
    /// (capped by the bytes left), or 0 when the following bytes decide: when
    /// every range that holds the byte has one length, that length (a match
    /// and the fallback agree); when none does, the shortest of all.
    pub fn lens_by_first(&self) -> [u8; 256] {
        let shortest = self.ranges.iter().map(|r| r.0).min().unwrap_or(1);
        let mut out = [0u8; 256];
        for (b, slot) in out.iter_mut().enumerate() {
            let mut lens = self
                .ranges
                .iter()
                .filter(|(_, lo, hi)| usize::from(lo[0]) <= b && b <= usize::from(hi[0]))
                .map(|r| r.0);
            let len = match lens.next() {
                None => shortest,
                Some(first) if lens.all(|l| l == first) => first,
                Some(_) => 0,
            };
            *slot = u8::try_from(len).ok().filter(|l| (1..=4).contains(l)).unwrap_or(0);
        }
        out
    }
}

fn code_value(b: &[u8]) -> u32 {
    b.iter().take(4).fold(0u32, |v, &x| v << 8 | u32::from(x))
}

/// Text that a code stands for.
#[derive(Debug, Clone, PartialEq)]
pub enum Uni {
    One(char),
    Many(String),
}

/// A parsed ToUnicode map.
#[derive(Debug, Clone, Default)]
pub struct ToUnicode {
    pub codespace: Codespace,
    map: CodeMap<u32, Uni>,
}

impl ToUnicode {
    pub fn get(&self, code: u32) -> Option<&Uni> {
        self.map.get(&code)
    }
}

/// UTF-16BE bytes as text; an odd last byte is taken as the high half of a
/// unit, unpaired surrogates become U+FFFD.
pub fn utf16be(b: &[u8]) -> String {
    let units = b
        .chunks(2)
        .map(|c| u16::from(c[0]) << 8 | u16::from(*c.get(1).unwrap_or(&0)));
    char::decode_utf16(units).map(|r| r.unwrap_or('\u{FFFD}')).collect()
}

/// Decodes a bfchar/bfrange destination (UTF-16BE, odd lengths tolerated).
fn utf16_text(b: &[u8]) -> Option<Uni> {
    let mut s = utf16be(b);
    s.retain(|c| c != '\0');
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (None, _) => None,
        (Some(c), None) => Some(Uni::One(c)),
        _ => Some(Uni::Many(s)),
    }
}

/// Adds `step` to the last character of a destination (bfrange increments).
fn advance(u: &Uni, step: u32) -> Option<Uni> {
    match u {
        Uni::One(c) => char::from_u32(*c as u32 + step).map(Uni::One),
        Uni::Many(s) => {
            let mut chars: Vec<char> = s.chars().collect();
            let last = chars.pop()?;
            chars.push(char::from_u32(last as u32 + step)?);
            Some(Uni::Many(chars.into_iter().collect()))
        }
    }
}

/// The sections of a CMap: what each `end…` keyword closes, with its operands.
fn sections(data: &[u8], mut on: impl FnMut(&[u8], &[Obj<'_>])) {
    let mut lx = Lexer::new(data);
    let mut stack: Vec<Obj<'_>> = Vec::new();
    while let Some(item) = lx.next() {
        match item {
            Item::Obj(o) => {
                if stack.len() < 3 * MAX_ENTRIES {
                    stack.push(o);
                }
            }
            Item::Op(op) => {
                if op.starts_with(b"end") {
                    on(op, &stack);
                }
                stack.clear();
            }
        }
    }
}

fn codespace_from(objs: &[Obj<'_>], into: &mut Codespace) {
    for pair in objs.chunks(2) {
        if let [Obj::Str(lo), Obj::Str(hi)] = pair {
            if !lo.is_empty() && lo.len() == hi.len() && lo.len() <= 4 {
                into.ranges.push((lo.len(), lo.clone(), hi.clone()));
            }
        }
    }
}

/// Parses a ToUnicode CMap stream.
pub fn parse_to_unicode(data: &[u8]) -> ToUnicode {
    let mut t = ToUnicode::default();
    sections(data, |op, objs| match op {
        b"endcodespacerange" => codespace_from(objs, &mut t.codespace),
        b"endbfchar" => {
            for pair in objs.chunks(2) {
                if t.map.len() >= MAX_ENTRIES {
                    break;
                }
                let dst = match pair.get(1) {
                    Some(Obj::Str(d)) => utf16_text(d),
                    Some(Obj::Name(n)) => super::names::glyph_unicode(n).map(Uni::One),
                    _ => None,
                };
                if let (Some(Obj::Str(src)), Some(dst)) = (pair.first(), dst) {
                    t.map.insert(code_value(src), dst);
                }
            }
        }
        b"endbfrange" => {
            for triple in objs.chunks(3) {
                let (Some(Obj::Str(lo)), Some(Obj::Str(hi))) = (triple.first(), triple.get(1)) else {
                    continue;
                };
                let (lo, hi) = (code_value(lo), code_value(hi));
                if hi < lo || (hi - lo) as usize > MAX_ENTRIES - t.map.len().min(MAX_ENTRIES) {
                    continue;
                }
                match triple.get(2) {
                    Some(Obj::Str(d)) => {
                        if let Some(first) = utf16_text(d) {
                            for (k, code) in (lo..=hi).enumerate() {
                                if let Some(u) = advance(&first, k as u32) {
                                    t.map.insert(code, u);
                                }
                            }
                        }
                    }
                    Some(Obj::Arr(items)) => {
                        for (code, item) in (lo..=hi).zip(items) {
                            if let Obj::Str(d) = item {
                                if let Some(u) = utf16_text(d) {
                                    t.map.insert(code, u);
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    });
    t
}

/// An embedded code→CID CMap (a font's /Encoding stream).
#[derive(Debug, Clone, Default)]
pub struct CidMap {
    pub codespace: Codespace,
    ranges: Vec<(u32, u32, u32)>,
    chars: CodeMap<u32, u32>,
}

impl CidMap {
    pub fn cid(&self, code: u32) -> Option<u32> {
        if let Some(&c) = self.chars.get(&code) {
            return Some(c);
        }
        self.ranges
            .iter()
            .find(|(lo, hi, _)| *lo <= code && code <= *hi)
            .map(|(lo, _, cid)| cid + (code - lo))
    }
}

pub fn parse_cid_map(data: &[u8]) -> CidMap {
    let mut m = CidMap::default();
    sections(data, |op, objs| match op {
        b"endcodespacerange" => codespace_from(objs, &mut m.codespace),
        b"endcidrange" => {
            for t in objs.chunks(3) {
                if let [Obj::Str(lo), Obj::Str(hi), Obj::Num(cid)] = t {
                    if m.ranges.len() < MAX_ENTRIES {
                        m.ranges.push((code_value(lo), code_value(hi), *cid as u32));
                    }
                }
            }
        }
        b"endcidchar" => {
            for p in objs.chunks(2) {
                if let [Obj::Str(c), Obj::Num(cid)] = p {
                    if m.chars.len() < MAX_ENTRIES {
                        m.chars.insert(code_value(c), *cid as u32);
                    }
                }
            }
        }
        _ => {}
    });
    m
}

/// A predefined CMap named by a Type0 font's /Encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Predefined {
    /// Identity-H/V: the code is the CID.
    Identity,
    /// GBK-EUC, GB-EUC, GBpc-EUC, GBKp-EUC, GBT-EUC: GBK bytes.
    GbEuc,
    /// UniGB-UCS2: UCS-2 big-endian.
    Ucs2,
    /// UniGB-UTF16: UTF-16 big-endian.
    Utf16,
}

impl Predefined {
    /// Recognises a CMap name; `None` for names jxcheck does not know.
    pub fn by_name(name: &[u8]) -> Option<(Predefined, bool)> {
        let s = std::str::from_utf8(name).ok()?;
        let vertical = s.ends_with("-V");
        let base = s.trim_end_matches("-H").trim_end_matches("-V");
        let kind = match base {
            "Identity" => Predefined::Identity,
            "GBK-EUC" | "GB-EUC" | "GBpc-EUC" | "GBKp-EUC" | "GBT-EUC" | "GBTpc-EUC" => Predefined::GbEuc,
            "UniGB-UCS2" => Predefined::Ucs2,
            "UniGB-UTF16" => Predefined::Utf16,
            _ => return None,
        };
        Some((kind, vertical))
    }

    pub fn codespace(self) -> Codespace {
        match self {
            Predefined::Identity | Predefined::Ucs2 => Codespace::fixed(2),
            Predefined::GbEuc => Codespace::euc(),
            Predefined::Utf16 => Codespace::utf16(),
        }
    }

    /// The text a code stands for, read from the bytes themselves.
    pub fn unicode(self, code: &[u8]) -> Option<char> {
        match (self, code) {
            (Predefined::GbEuc, [b]) if *b < 0x80 => Some(char::from(*b)),
            (Predefined::GbEuc, [a, b]) => gbk_pair(*a, *b),
            (Predefined::Ucs2 | Predefined::Utf16, [a, b]) => char::from_u32(u32::from(*a) << 8 | u32::from(*b)),
            (Predefined::Utf16, [a, b, c, d]) => {
                let hi = u16::from(*a) << 8 | u16::from(*b);
                let lo = u16::from(*c) << 8 | u16::from(*d);
                char::decode_utf16([hi, lo]).next()?.ok()
            }
            _ => None,
        }
    }

    /// The Adobe-GB1 CID of a code (for its width).
    pub fn cid(self, code: &[u8], text: Option<char>) -> Option<u32> {
        match (self, code) {
            (Predefined::Identity, _) => Some(code_value(code)),
            // GBK-EUC maps single bytes to the half-width CIDs: space 7716, 21–7E from 814
            (Predefined::GbEuc, [0x20]) => Some(7716),
            (Predefined::GbEuc, [b @ 0x21..=0x7e]) => Some(814 + u32::from(*b - 0x21)),
            _ => text.and_then(gb1_cid).map(u32::from),
        }
    }
}

/// A two-byte GBK sequence as a character (decoded when a font first meets
/// the code: fonts remember their codes, so no table is built up front).
fn gbk_pair(a: u8, b: u8) -> Option<char> {
    if !(0x81..=0xfe).contains(&a) || !(0x40..=0xfe).contains(&b) {
        return None;
    }
    // (no byte-order mark fits these ranges: nothing to sniff)
    encoding_rs::GBK
        .decode_without_bom_handling_and_without_replacement(&[a, b])
        .and_then(|s| s.chars().next())
        .filter(|&c| c != '\u{FFFD}')
}

/// Adobe-GB1 CID → Unicode (from Adobe's Adobe-GB1-UCS2; see data/adobe-gb1).
static GB1: &[u8] = include_bytes!("../../../data/adobe-gb1/cid2uni.bin");

pub fn gb1_unicode(cid: u32) -> Option<char> {
    let i = cid as usize * 4;
    let b = GB1.get(i..i + 4)?;
    let v = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    if v == 0 {
        return None;
    }
    char::from_u32(v)
}

/// The lowest Adobe-GB1 CID for a character: a table by code point for the
/// Basic Multilingual Plane (CID + 1, 0 for none), a map for the rest; built
/// once per process.
pub fn gb1_cid(c: char) -> Option<u16> {
    struct Rev {
        bmp: Vec<u16>,
        astral: CodeMap<char, u16>,
    }
    static REV: OnceLock<Rev> = OnceLock::new();
    let rev = REV.get_or_init(|| {
        let mut r = Rev {
            bmp: vec![0; 0x10000],
            astral: CodeMap::default(),
        };
        // from the highest CID down, so the lowest one for a character stays
        for cid in (0..(GB1.len() / 4).min(usize::from(u16::MAX)) as u32).rev() {
            if let Some(ch) = gb1_unicode(cid) {
                match r.bmp.get_mut(ch as usize) {
                    Some(slot) => *slot = cid as u16 + 1,
                    None => {
                        r.astral.insert(ch, cid as u16);
                    }
                }
            }
        }
        r
    });
    match rev.bmp.get(c as usize) {
        Some(&v) => v.checked_sub(1),
        None => rev.astral.get(&c).copied(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_unicode_forms() {
        let t = parse_to_unicode(
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
              2 beginbfchar <0003> <0020> <0a1B> <4E2D56FD> endbfchar\n\
              2 beginbfrange <0010> <0012> <6570> <0020> <0021> [<5143> <FB01>] endbfrange",
        );
        assert_eq!(t.get(3), Some(&Uni::One(' ')));
        assert_eq!(t.get(0x0a1b), Some(&Uni::Many("中国".into())));
        assert_eq!(t.get(0x10), Some(&Uni::One('数')));
        assert_eq!(t.get(0x12), Some(&Uni::One('敲')));
        assert_eq!(t.get(0x20), Some(&Uni::One('元')));
        assert_eq!(t.get(0x21), Some(&Uni::One('ﬁ')));
        assert_eq!(t.codespace.code_len(&[0x12, 0x34]), 2);
    }

    #[test]
    fn predefined_chinese_cmaps() {
        let (gbk, v) = Predefined::by_name(b"GBK-EUC-H").unwrap();
        assert!(!v);
        assert_eq!(gbk.codespace().code_len(&[0x31, 0xd6]), 1);
        assert_eq!(gbk.codespace().code_len(&[0xd6, 0xd0]), 2);
        assert_eq!(gbk.unicode(&[0xd6, 0xd0]), Some('中'));
        assert_eq!(gbk.cid(b"1", Some('1')), Some(814 + 0x10));
        let (ucs2, _) = Predefined::by_name(b"UniGB-UCS2-H").unwrap();
        assert_eq!(ucs2.unicode(&[0x4e, 0x2d]), Some('中'));
        assert_eq!(ucs2.cid(&[0, 0x31], Some('1')), Some(18));
        assert_eq!(Predefined::by_name(b"UniJIS-UCS2-H"), None);
    }

    #[test]
    fn adobe_gb1_table() {
        assert_eq!(gb1_unicode(1), Some(' '));
        assert_eq!(gb1_unicode(17), Some('0'));
        let cid = gb1_cid('中').unwrap();
        assert_eq!(gb1_unicode(u32::from(cid)), Some('中'));
    }
}

#[cfg(test)]
mod lens_tests {
    use super::*;

    /// Bytes from a fixed linear congruential sequence (no randomness in tests).
    fn bytes(n: usize, mut seed: u32) -> Vec<u8> {
        (0..n)
            .map(|_| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (seed >> 16) as u8
            })
            .collect()
    }

    /// Wherever `lens_by_first` gives a length, `code_len` gives the same
    /// (capped by the bytes left), for every first byte and what follows.
    fn agrees(cs: &Codespace) -> usize {
        let lens = cs.lens_by_first();
        let tails = bytes(4 * 64, 7);
        let mut decided = 0;
        for first in 0..=255u8 {
            for tail in tails.chunks(3).take(64) {
                for len in 1..=4 {
                    let mut code = vec![first];
                    code.extend_from_slice(tail);
                    code.truncate(len);
                    let l = lens[usize::from(first)];
                    if l != 0 {
                        assert_eq!(usize::from(l).min(code.len()), cs.code_len(&code), "{code:02x?}");
                    }
                }
            }
            decided += usize::from(lens[usize::from(first)] != 0);
        }
        decided
    }

    #[test]
    fn lengths_by_first_byte_agree_with_code_len() {
        // fixed two bytes: every first byte decides
        assert_eq!(agrees(&Codespace::fixed(2)), 256);
        assert_eq!(Codespace::fixed(2).lens_by_first()[0x41], 2);
        // GBK-EUC: 00–80 one byte, 81–FE two, FF in no range (the shortest: 1)
        let euc = Codespace::euc().lens_by_first();
        assert_eq!((euc[0x31], euc[0x80], euc[0x81], euc[0xfe], euc[0xff]), (1, 1, 2, 2, 1));
        assert_eq!(agrees(&Codespace::euc()), 256);
        // UTF-16: D8–DB lead two or four bytes by what follows: left to code_len
        let utf16 = Codespace::utf16().lens_by_first();
        assert_eq!((utf16[0x4e], utf16[0xd8], utf16[0xdb], utf16[0xdc]), (2, 0, 0, 2));
        assert_eq!(agrees(&Codespace::utf16()), 252);
        // no ranges at all: one byte
        assert_eq!(Codespace::default().lens_by_first()[0x20], 1);
        assert_eq!(agrees(&Codespace::default()), 256);
        // a ToUnicode's mixed codespace with gaps and a first byte shared by
        // one- and two-byte ranges
        let t = parse_to_unicode(b"3 begincodespacerange <00> <7f> <8140> <9ffe> <9f> <a0> endcodespacerange");
        let lens = t.codespace.lens_by_first();
        assert_eq!(
            (lens[0x7f], lens[0x80], lens[0x81], lens[0x9f], lens[0xa0], lens[0xa1]),
            (1, 1, 2, 0, 1, 1)
        );
        assert_eq!(agrees(&t.codespace), 255);
    }
}

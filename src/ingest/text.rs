//! Decodes text files: BOM (UTF-8, UTF-16LE/BE), else UTF-8 (with a few bad
//! bytes replaced), else GB18030 (a superset of GBK and GB2312); and splits
//! them into raw lines.

use crate::model::{RawDoc, RawLine, RawPage};
use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};

/// A decoded text and how it was decoded.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    /// `utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be`, `gb18030`.
    pub encoding: &'static str,
    /// Byte sequences that could not be decoded (now U+FFFD).
    pub replaced: usize,
    /// Control characters other than tab, line feed, carriage return, form feed.
    pub controls: usize,
    pub chars: usize,
}

impl Decoded {
    /// Share of the characters that are undecodable or control codes.
    pub fn junk_share(&self) -> f64 {
        if self.chars == 0 {
            return 0.0;
        }
        (self.replaced + self.controls) as f64 / self.chars as f64
    }

    /// More than a tenth junk: this is not a text report.
    pub fn looks_binary(&self) -> bool {
        self.chars > 0 && self.junk_share() > 0.10
    }
}

/// Decodes bytes by BOM, strict UTF-8, BOM-less UTF-16 (by its zero bytes),
/// else GB18030.
pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let name = if enc == UTF_8 {
            "utf-8-bom"
        } else if enc == UTF_16LE {
            "utf-16le"
        } else {
            "utf-16be"
        };
        return finish(enc, &bytes[bom_len..], name);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return counted(s.to_string(), "utf-8", 0);
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        let name = if enc == UTF_16LE { "utf-16le" } else { "utf-16be" };
        return finish(enc, bytes, name);
    }
    if mostly_utf8(bytes) {
        let text = String::from_utf8_lossy(bytes).into_owned();
        return counted(text, "utf-8", bad_utf8(bytes));
    }
    finish(GB18030, bytes, "gb18030")
}

/// Bytes that are UTF-8 but for a few bad sequences (a stray byte, a cut
/// character): at least 50 well-formed multi-byte characters per bad
/// sequence, or fewer bad sequences than GB18030 would have. GBK text is
/// not: most of its byte pairs are not UTF-8, and the few that happen to be
/// are outnumbered by the bad ones.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += usize::from(!chunk.invalid().is_empty());
    }
    if bad.saturating_mul(50) <= good {
        return true;
    }
    let gb_bad = gb18030_errors(bytes);
    gb_bad > 0 && bad <= gb_bad
}

/// Maximal bad sequences in `bytes` read as UTF-8 (each becomes one U+FFFD).
fn bad_utf8(bytes: &[u8]) -> usize {
    bytes.utf8_chunks().filter(|c| !c.invalid().is_empty()).count()
}

/// Byte sequences GB18030 cannot decode.
fn gb18030_errors(bytes: &[u8]) -> usize {
    let (out, had_errors) = GB18030.decode_without_bom_handling(bytes);
    if !had_errors {
        return 0;
    }
    let before = bytes
        .utf8_chunks()
        .map(|c| c.valid().matches('\u{FFFD}').count())
        .sum::<usize>();
    out.matches('\u{FFFD}').count().saturating_sub(before)
}

fn finish(enc: &'static Encoding, bytes: &[u8], name: &'static str) -> Decoded {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    let replaced = if had_errors {
        text.chars().filter(|&c| c == '\u{FFFD}').count()
    } else {
        0
    };
    counted(text.into_owned(), name, replaced)
}

fn counted(text: String, encoding: &'static str, replaced: usize) -> Decoded {
    let mut chars = 0;
    let mut controls = 0;
    for c in text.chars() {
        chars += 1;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c') {
            controls += 1;
        }
    }
    Decoded {
        text,
        encoding,
        replaced,
        controls,
        chars,
    }
}

/// UTF-16 without a BOM shows as ASCII with a zero byte on every other
/// position; Chinese text in UTF-16 has no such tell, so only texts with some
/// ASCII (digits, spaces, line ends) are recognised.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 8 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let n = bytes.len().min(4096) / 2;
    let (mut even0, mut odd0) = (0, 0);
    for i in 0..n {
        if bytes[2 * i] == 0 {
            even0 += 1;
        }
        if bytes[2 * i + 1] == 0 {
            odd0 += 1;
        }
    }
    let (hi, lo) = (n / 5, n / 50);
    if odd0 >= hi && even0 <= lo {
        Some(UTF_16LE)
    } else if even0 >= hi && odd0 <= lo {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Text of at least this many bytes, without form feeds, is left pending
/// in its `RawDoc` and split chunk by chunk as it is normalised.
pub const STREAM_FROM: usize = 1 << 20;

/// Lines a pending text's chunk holds at least (see `Chunks`).
const CHUNK_LINES: u32 = 8192;

/// `to_raw_doc` for an owned text: a large one without form feeds is left
/// pending (see `RawDoc::pending`).
pub fn to_raw_doc_owned(text: String) -> RawDoc {
    if text.len() >= STREAM_FROM && !text.contains('\x0c') {
        RawDoc {
            pages: Vec::new(),
            paged: false,
            pending: Some(text),
        }
    } else {
        to_raw_doc(&text)
    }
}

/// The first line of `rest` (ended by LF, CRLF or CR) and what follows it.
fn next_line(rest: &str) -> (&str, &str) {
    let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
    let (line, mut after) = rest.split_at(end);
    if after.starts_with("\r\n") {
        after = &after[2..];
    } else if !after.is_empty() {
        after = &after[1..];
    }
    (line, after)
}

/// A pending text's raw pages, one chunk of lines at a time, each with its
/// tables rebuilt (numbered on across chunks). A chunk ends after
/// `CHUNK_LINES` lines at two blank lines in a row, failing that at a blank
/// line after twice as many, failing that after four times as many: a table
/// (whose one-cell rows may be parted by single blank lines) is cut only
/// when it runs that long without a blank line, which no published table does.
pub struct Chunks<'a> {
    rest: &'a str,
    number: u32,
    next_table: u32,
}

impl<'a> Chunks<'a> {
    pub fn new(text: &'a str) -> Self {
        Chunks {
            rest: text,
            number: 0,
            next_table: 0,
        }
    }
}

impl Iterator for Chunks<'_> {
    type Item = RawPage;

    fn next(&mut self) -> Option<RawPage> {
        if self.rest.is_empty() {
            return None;
        }
        let mut lines = Vec::with_capacity(CHUNK_LINES as usize);
        let (mut n, mut blank_before) = (0u32, false);
        while !self.rest.is_empty() {
            let (line, after) = next_line(self.rest);
            self.rest = after;
            self.number = self.number.saturating_add(1);
            n += 1;
            lines.push(RawLine::from_text(self.number, line));
            let blank = line.trim().is_empty();
            let cut =
                (n >= CHUNK_LINES && blank && blank_before) || (n >= 2 * CHUNK_LINES && blank) || n >= 4 * CHUNK_LINES;
            if cut {
                break;
            }
            blank_before = blank;
        }
        let mut doc = RawDoc {
            pages: vec![RawPage { number: None, lines }],
            ..RawDoc::default()
        };
        self.next_table = super::text_tables::apply(&mut doc, self.next_table);
        doc.pages.pop()
    }
}

/// Splits decoded text into raw lines (LF, CRLF or CR ends), tab-separated
/// cells, and pages at form feeds (which `pdftotext` writes between pages).
pub fn to_raw_doc(text: &str) -> RawDoc {
    // one counting pass, so the (single, for most files) page's line vector
    // is allocated once at its size rather than doubled up to twice it
    let ends = memchr_count(text.as_bytes());
    let mut pages = vec![RawPage {
        number: None,
        lines: Vec::with_capacity(ends + 1),
    }];
    let mut number = 0u32;
    let mut rest = text;
    let mut saw_ff = false;
    while !rest.is_empty() {
        number += 1;
        let (line, after) = next_line(rest);
        rest = after;
        let mut parts = line.split('\x0c');
        if let Some(first) = parts.next() {
            // `\fpage2`: nothing of this line is on the page before
            if !first.is_empty() || !line.contains('\x0c') {
                push_line(&mut pages, number, first);
            }
        }
        for part in parts {
            saw_ff = true;
            pages.push(RawPage::default());
            push_line(&mut pages, number, part);
        }
    }
    if saw_ff {
        for (i, p) in pages.iter_mut().enumerate() {
            p.number = Some(i as u32 + 1);
        }
        // pdftotext ends with a form feed: no empty last page.
        if pages.len() > 1 && pages.last().is_some_and(|p| p.lines.iter().all(is_blank_raw)) {
            pages.pop();
        }
    }
    let mut doc = RawDoc {
        pages,
        paged: saw_ff,
        pending: None,
    };
    super::text_tables::apply(&mut doc, 0);
    doc
}

/// The raw lines `to_raw_doc` or `Chunks` make of a text without form feeds.
pub fn line_count(text: &str) -> usize {
    let ends = memchr_count(text.as_bytes());
    ends + usize::from(!text.ends_with(['\n', '\r']) && !text.is_empty())
}

/// Line ends (`\n`, or `\r` not followed by `\n`) in `b`: an upper bound
/// on the lines `to_raw_doc` makes of one page.
fn memchr_count(b: &[u8]) -> usize {
    b.iter()
        .enumerate()
        .filter(|&(i, &c)| c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')))
        .count()
}

fn push_line(pages: &mut [RawPage], number: u32, text: &str) {
    if let Some(page) = pages.last_mut() {
        page.lines.push(RawLine::from_text(number, text));
    }
}

fn is_blank_raw(l: &RawLine) -> bool {
    l.cells.iter().all(|c| c.text.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_recognised() {
        let s = "部门名称（公章）：深圳市规划和自然资源局\r\n";
        assert_eq!(decode(s.as_bytes()).encoding, "utf-8");
        let (gbk, _, _) = encoding_rs::GBK.encode(s);
        let d = decode(&gbk);
        assert_eq!((d.encoding, d.text.as_str(), d.replaced), ("gb18030", s, 0));
        let mut le = vec![0xff, 0xfe];
        le.extend(s.encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode(&le).text, s);
        assert_eq!(decode(&le).encoding, "utf-16le");
        let mut be = vec![0xfe, 0xff];
        be.extend(s.encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode(&be).encoding, "utf-16be");
        let mut bom8 = vec![0xef, 0xbb, 0xbf];
        bom8.extend(s.as_bytes());
        assert_eq!(decode(&bom8).text, s);
    }

    #[test]
    fn undecodable_bytes_are_counted() {
        let mut gbk = encoding_rs::GBK.encode("总得分为 93.58 分").0.into_owned();
        gbk.push(0x81); // a lead byte with no trail byte
        let d = decode(&gbk);
        assert_eq!(d.encoding, "gb18030");
        assert_eq!(d.replaced, 1);
        assert!(!d.looks_binary());
    }

    /// One stray byte in a UTF-8 report keeps it UTF-8 (before: the whole
    /// file was read as GB18030 and its text lost).
    #[test]
    fn a_stray_byte_keeps_utf8() {
        let s = "部门名称（公章）：深圳市规划和自然资源局\n总得分为 93.58 分。\n".repeat(5);
        let mut b = s.as_bytes().to_vec();
        b.insert(s.find('深').unwrap(), 0xFF);
        let at = s.find('总').unwrap() + 1; // 总 cut to its first byte
        b.drain(at + 1..at + 3);
        let d = decode(&b);
        assert_eq!((d.encoding, d.replaced), ("utf-8", 2));
        assert!(d.text.contains("深圳市规划和自然资源局"));
        // a UTF-8 text that is all ASCII but one bad byte
        let d = decode(b"Total 93.58\xff points\n");
        assert_eq!((d.encoding, d.replaced), ("utf-8", 1));
        // GBK stays GBK, with or without a bad byte
        let mut gbk = encoding_rs::GBK.encode(&s).0.into_owned();
        assert_eq!(decode(&gbk).encoding, "gb18030");
        gbk.push(0x81);
        let d = decode(&gbk);
        assert_eq!((d.encoding, d.replaced), ("gb18030", 1));
    }

    #[test]
    fn lines_cells_and_form_feeds() {
        let doc = to_raw_doc("a\tb\r\nc\rd\n\x0cpage2\n\x0c");
        assert!(doc.paged);
        assert_eq!(doc.pages.len(), 2);
        assert_eq!(doc.pages[0].lines[0].cells.len(), 2);
        assert_eq!(
            doc.pages[0].lines.iter().map(|l| l.number).collect::<Vec<_>>(),
            vec![1, 2, 3]
        );
        assert_eq!(doc.pages[1].lines[0].cells[0].text, "page2");
        assert_eq!(doc.pages[1].lines[0].number, 4);
    }
}

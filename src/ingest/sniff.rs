//! Tells a file's format from its first bytes; the extension only breaks ties
//! (a `.txt` holding a PDF is read as a PDF).

use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Text,
    Html,
    Image(&'static str),
    /// A known binary container jxcheck does not read (docx, doc, zip, rtf…).
    Other(&'static str),
    /// Unknown binary data.
    Binary,
}

impl Format {
    /// The reports.csv `format` spelling.
    pub fn name(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Text => "txt",
            Format::Html => "html",
            Format::Image(n) | Format::Other(n) => n,
            Format::Binary => "binary",
        }
    }

    pub fn describe(self) -> String {
        match self {
            Format::Binary => "unknown binary".into(),
            f => f.name().to_uppercase(),
        }
    }
}

/// Sniffs the format from the bytes (magic numbers), then the extension.
pub fn sniff(bytes: &[u8], path: &Path) -> Format {
    let head = &bytes[..bytes.len().min(1024)];
    if find(head, b"%PDF-").is_some() {
        return Format::Pdf;
    }
    let magic: &[(&[u8], Format)] = &[
        (b"\x89PNG\r\n\x1a\n", Format::Image("png")),
        (b"\xff\xd8\xff", Format::Image("jpeg")),
        (b"GIF8", Format::Image("gif")),
        (b"II*\0", Format::Image("tiff")),
        (b"MM\0*", Format::Image("tiff")),
        (b"BM", Format::Image("bmp")),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", Format::Other("doc")),
        (b"{\\rtf", Format::Other("rtf")),
        (b"Rar!", Format::Other("rar")),
        (b"7z\xbc\xaf\x27\x1c", Format::Other("7z")),
        (b"\x1f\x8b", Format::Other("gz")),
    ];
    for (m, f) in magic {
        if head.starts_with(m) {
            return *f;
        }
    }
    if head.starts_with(b"PK\x03\x04") {
        const OFFICE: &[&str] = &["docx", "xlsx", "pptx", "odt", "ods", "wps", "et"];
        let ext = ext(path);
        return match OFFICE.iter().find(|n| **n == ext) {
            Some(n) => Format::Other(n),
            None if find(bytes, b"word/").is_some() => Format::Other("docx"),
            None if find(bytes, b"xl/").is_some() => Format::Other("xlsx"),
            None => Format::Other("zip"),
        };
    }
    // Text of some kind: HTML when it says so near the start.
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let lower_no_nul: Vec<u8> = lower.iter().copied().filter(|&b| b != 0).collect();
    if find(&lower_no_nul, b"<!doctype html").is_some() || find(&lower_no_nul, b"<html").is_some() {
        return Format::Html;
    }
    match ext(path).as_str() {
        "htm" | "html" | "xhtml" | "mht" if !looks_binary(head) => Format::Html,
        _ => Format::Text,
    }
}

fn looks_binary(head: &[u8]) -> bool {
    head.contains(&0) && !head.starts_with(b"\xff\xfe") && !head.starts_with(b"\xfe\xff")
}

fn ext(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_wins_over_extension() {
        assert_eq!(sniff(b"%PDF-1.7\n...", Path::new("a.txt")), Format::Pdf);
        assert_eq!(sniff("一、部门基本情况".as_bytes(), Path::new("a.pdf")), Format::Text);
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\n....", Path::new("scan.pdf")),
            Format::Image("png")
        );
        assert_eq!(sniff(b"<!DOCTYPE html><p>x</p>", Path::new("a.txt")), Format::Html);
        assert_eq!(
            sniff(b"PK\x03\x04 word/document.xml", Path::new("a")),
            Format::Other("docx")
        );
    }
}

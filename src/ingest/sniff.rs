//! Tells a file's format from its bytes; the extension only breaks ties (a
//! `.txt` holding a PDF is read as a PDF, a `.doc` holding a DOCX as a DOCX).
//! Zip containers are told by their parts (word/document.xml, xl/workbook.xml,
//! an ODF `mimetype`), OLE compound files by their streams (WordDocument,
//! Workbook; EncryptionInfo for a password-protected OOXML file).

use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Text,
    Html,
    /// Word 2007+ (also WPS's .docx).
    Docx,
    /// Excel 2007+.
    Xlsx,
    /// OpenDocument text or spreadsheet.
    Odt,
    Ods,
    /// Word 97–2003 (and WPS's binary .wps): an OLE file with a WordDocument stream.
    Doc,
    /// Excel 97–2003 (BIFF8; WPS's .et): an OLE file with a Workbook stream.
    Xls,
    /// An OOXML file encrypted with a password (OLE with EncryptedPackage).
    EncryptedOffice,
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
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
            Format::Odt => "odt",
            Format::Ods => "ods",
            Format::Doc => "doc",
            Format::Xls => "xls",
            Format::EncryptedOffice => "office",
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
    if head.starts_with(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") {
        return ole(bytes, path);
    }
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return zipped(bytes, path);
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

/// A zip container by its parts; a corrupt one by the names its local
/// headers show, then its extension (its reader then says what is wrong).
fn zipped(bytes: &[u8], path: &Path) -> Format {
    if let Ok(mut z) = super::zipped::Zip::open(bytes) {
        if z.has("word/document.xml") {
            return Format::Docx;
        }
        if z.has("xl/workbook.xml") {
            return Format::Xlsx;
        }
        if let Ok(Some(m)) = z.bytes("mimetype") {
            match &m[..] {
                b"application/vnd.oasis.opendocument.text" => return Format::Odt,
                b"application/vnd.oasis.opendocument.spreadsheet" => return Format::Ods,
                _ => {}
            }
        }
        return match ext(path).as_str() {
            "pptx" => Format::Other("pptx"),
            "odp" => Format::Other("odp"),
            _ => Format::Other("zip"),
        };
    }
    if find(bytes, b"word/document.xml").is_some() {
        return Format::Docx;
    }
    if find(bytes, b"xl/workbook.xml").is_some() {
        return Format::Xlsx;
    }
    match ext(path).as_str() {
        "docx" | "wps" => Format::Docx,
        "xlsx" | "et" => Format::Xlsx,
        "odt" => Format::Odt,
        "ods" => Format::Ods,
        _ => Format::Other("zip"),
    }
}

/// An OLE compound file by its streams.
fn ole(bytes: &[u8], path: &Path) -> Format {
    match cfb::CompoundFile::open(std::io::Cursor::new(bytes)) {
        Ok(c) => {
            if c.is_stream("/EncryptedPackage") || c.is_stream("/EncryptionInfo") {
                Format::EncryptedOffice
            } else if c.is_stream("/WordDocument") {
                Format::Doc
            } else if c.is_stream("/Workbook") || c.is_stream("/Book") {
                Format::Xls
            } else if c.is_stream("/PowerPoint Document") {
                Format::Other("ppt")
            } else {
                Format::Other("ole")
            }
        }
        // unreadable: the extension names it, its reader says what is wrong
        Err(_) => match ext(path).as_str() {
            "xls" | "et" => Format::Xls,
            _ => Format::Doc,
        },
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
        assert_eq!(sniff(b"PK\x03\x04 word/document.xml", Path::new("a")), Format::Docx);
        assert_eq!(sniff(b"PK\x03\x04 junk", Path::new("a.xlsx")), Format::Xlsx);
        assert_eq!(sniff(b"PK\x03\x04 junk", Path::new("a.bin")), Format::Other("zip"));
    }
}

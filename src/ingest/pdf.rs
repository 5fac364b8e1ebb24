//! The PDF seam. A later issue replaces this stub with a text layer built on
//! lopdf; whatever it becomes, it hands back the same `RawDoc` as text files:
//! pages (with their numbers) of raw lines, each line's cells carrying their
//! horizontal position and width so tables keep their columns.

use crate::model::{RawDoc, Status};

/// Why a PDF could not be read: the reports.csv status and a one-line reason.
#[derive(Debug, Clone)]
pub struct PdfFailure {
    pub status: Status,
    pub reason: String,
}

/// Reads a PDF into pages of lines. For now every PDF is `unsupported`.
pub fn read(_bytes: &[u8]) -> Result<RawDoc, PdfFailure> {
    Err(PdfFailure {
        status: Status::Unsupported,
        reason: "PDF text layer not built yet; convert with `pdftotext -layout` and scan the .txt".into(),
    })
}

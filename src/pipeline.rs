//! One file through every stage: ingest → normalise → segment → extract →
//! (later: rubric → check) → the rows it contributes to the outputs.

use crate::extract::meta::{self, Meta};
use crate::ingest::{self, Ingested};
use crate::model::{Document, Status};
use crate::normalize;
use crate::output::{FileResult, ReportRow};
use crate::patterns::Patterns;
use crate::segment::{self, Outline};
use std::path::Path;

/// What the stages made of one file.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub ingested: Ingested,
    /// The normalised document, when the file could be read.
    pub doc: Option<Document>,
    pub outline: Outline,
    pub meta: Meta,
}

impl Analysis {
    pub fn status(&self) -> Status {
        self.ingested.status.unwrap_or(Status::Error)
    }
}

/// Reads and analyses one file.
pub fn analyse(path: &Path, p: &Patterns) -> Analysis {
    let ingested = ingest::read(path);
    analyse_ingested(ingested, p)
}

/// Analyses bytes already ingested.
pub fn analyse_ingested(mut ingested: Ingested, p: &Patterns) -> Analysis {
    let Some(raw) = ingested.doc.take() else {
        return Analysis {
            ingested,
            doc: None,
            outline: Outline::default(),
            meta: Meta::default(),
        };
    };
    let cleaned = normalize::clean(&raw, &p.normalize);
    let marks = segment::classify(&cleaned, &p.sections);
    let doc = normalize::reflow(cleaned, &marks);
    let outline = segment::segment(&doc, &p.sections);
    let meta = meta::extract(&doc, &p.report);
    Analysis {
        ingested,
        doc: Some(doc),
        outline,
        meta,
    }
}

/// The rows one file contributes; `file` is its path as found.
pub fn result(file: &str, a: &Analysis) -> FileResult {
    let read = a.doc.is_some();
    FileResult {
        report: ReportRow {
            file: file.to_string(),
            sha256: a.ingested.sha256.clone(),
            format: a.ingested.format.clone(),
            encoding: a.ingested.encoding.clone(),
            pages: a.doc.as_ref().and_then(|d| d.pages),
            status: a.status().to_string(),
            error: a.ingested.error.clone(),
            department: a.meta.department.clone(),
            year: a.meta.year.clone(),
            report_kind: a.meta.report_kind.clone(),
            sections: read.then(|| a.outline.canonical_count()),
            ..Default::default()
        },
        ..Default::default()
    }
}

/// A row for a file that failed before or outside the stages.
pub fn failed(file: &str, status: Status, error: impl Into<String>) -> FileResult {
    FileResult {
        report: ReportRow {
            file: file.to_string(),
            status: status.to_string(),
            error: one_line(&error.into()),
            ..Default::default()
        },
        ..Default::default()
    }
}

/// Errors are one line in reports.csv.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

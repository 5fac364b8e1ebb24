//! Spreadsheets (XLSX, XLS, ODS) via calamine. placeholder
use super::sniff::Format;
use super::Failure;
use crate::model::RawDoc;

pub fn read(_bytes: &[u8], _format: Format) -> Result<RawDoc, Failure> {
    Err(Failure::error("not yet"))
}

//! `report.xlsx`: one sheet per CSV file of the folder (projects included),
//! rows as in the CSV. Counts, scores, money and page/line numbers are
//! numbers, rates are percentages; ids, hashes and paths stay text. Every
//! sheet has a bold frozen header, filters and widths from its contents; in
//! discrepancies, figures, scores, indicators and projects the `file` cell
//! links to the report's row in `reports`. Sheets are written row by row
//! (constant memory), so the CSVs of a large corpus are never all in memory.

use super::{number, reader, unguard};
use crate::output::table::Col;
use crate::output::TABLES;
use anyhow::{Context, Result};
use rust_xlsxwriter::{Format, Url, Workbook, Worksheet};
use std::collections::HashMap;
use std::path::Path;

/// Excel's limits: rows per sheet, hyperlinks per sheet.
const MAX_ROWS: usize = 1_048_576;
const MAX_LINKS: usize = 65_530;

/// Plain columns that hold counts or numbers (the rest of Plain — ids,
/// hashes, statuses — stay text).
const NUMERIC_PLAIN: [&str; 11] = [
    "pages",
    "sections",
    "errors",
    "warnings",
    "parts",
    "ocr_pages",
    "page",
    "line",
    "indicators",
    "indicators_missed",
    "year",
];

/// Columns that hold fractions shown as percentages.
const PERCENT: [&str; 2] = ["rate_claimed", "rate_recomputed"];

/// What was written: rows per sheet (header excluded), in `TABLES` order.
pub fn write(dir: &Path, out: &Path) -> Result<Vec<(String, usize)>> {
    let mut wb = Workbook::new();
    // Level 3: on 10,000 reports deflate at the default level 6 was a quarter
    // of `report`'s time; level 1 made the file half as large again.
    wb.set_zip_compression_level(3);
    let head = Format::new().set_bold().set_background_color("#DDE4EE");
    let pct = Format::new().set_num_format("0.00%");
    let link_fmt = Format::new()
        .set_font_color("#1F4E9A")
        .set_underline(rust_xlsxwriter::FormatUnderline::Single);
    // file → its row in the reports sheet (1-based Excel row)
    let mut report_row: HashMap<String, usize> = HashMap::new();
    let mut counts = Vec::new();
    for table in TABLES {
        let path = dir.join(table.name);
        if !path.exists() && table.name == "projects.csv" {
            continue;
        }
        let sheet_name = table.name.trim_end_matches(".csv");
        let ws = wb.add_worksheet_with_constant_memory()?;
        ws.set_name(sheet_name)?;
        let mut r = reader(&path)?;
        let header: Vec<String> = r
            .headers()
            .with_context(|| format!("cannot read {}", path.display()))?
            .iter()
            .map(str::to_string)
            .collect();
        let kinds: Vec<Kind> = header.iter().map(|h| kind(table, h)).collect();
        let file_col = header.iter().position(|h| h == "file");
        let unit_col = header.iter().position(|h| h == "unit");
        let mut widths: Vec<usize> = header.iter().map(|h| width(h) + 3).collect();
        for (j, h) in header.iter().enumerate() {
            ws.write_string_with_format(0, j as u16, h, &head)?;
        }
        let mut n = 0usize;
        let mut links = 0usize;
        let mut truncated = false;
        for rec in r.records() {
            let rec = rec.with_context(|| format!("{} line {}", path.display(), n + 2))?;
            if n + 1 >= MAX_ROWS {
                truncated = true;
                break;
            }
            n += 1;
            let row = n as u32;
            let unit_pct = unit_col.and_then(|u| rec.get(u)).is_some_and(|u| u.trim() == "%");
            for (j, raw) in rec.iter().enumerate() {
                let cell = unguard(raw);
                if cell.is_empty() {
                    continue;
                }
                let col = j as u16;
                if n <= 2000 {
                    if let Some(w) = widths.get_mut(j) {
                        *w = (*w).max(width(cell));
                    }
                }
                let k = kinds.get(j).copied().unwrap_or(Kind::Text);
                if table.name == "reports.csv" && Some(j) == file_col {
                    report_row.insert(cell.to_string(), n + 1);
                }
                if Some(j) == file_col && table.name != "reports.csv" && links < MAX_LINKS {
                    if let Some(target) = report_row.get(cell) {
                        ws.write_url_with_format(
                            row,
                            col,
                            Url::new(format!("internal:'reports'!A{target}")).set_text(cell),
                            &link_fmt,
                        )?;
                        links += 1;
                        continue;
                    }
                }
                match (k, number(cell)) {
                    (Kind::Percent, Some(v)) => ws.write_number_with_format(row, col, v, &pct)?,
                    (Kind::Number, Some(v)) if unit_pct && header[j] == "value" => {
                        ws.write_number_with_format(row, col, v, &pct)?
                    }
                    (Kind::Number, Some(v)) => ws.write_number(row, col, v)?,
                    _ => ws.write_string(row, col, cell)?,
                };
            }
        }
        if truncated {
            eprintln!(
                "jxcheck: {}: more rows than an Excel sheet holds; the sheet stops at row {MAX_ROWS} (the CSV has them all)",
                table.name
            );
        }
        finish(ws, &widths, n, header.len())?;
        counts.push((table.name.to_string(), n));
    }
    wb.save(out)
        .with_context(|| format!("cannot write {}", out.display()))?;
    Ok(counts)
}

fn finish(ws: &mut Worksheet, widths: &[usize], rows: usize, cols: usize) -> Result<()> {
    for (j, w) in widths.iter().enumerate() {
        ws.set_column_width(j as u16, (*w).clamp(6, 60) as f64)?;
    }
    ws.set_freeze_panes(1, 0)?;
    if cols > 0 {
        ws.autofilter(0, 0, rows as u32, (cols - 1) as u16)?;
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Text,
    Number,
    Percent,
}

fn kind(table: &crate::output::table::Table, name: &str) -> Kind {
    if PERCENT.contains(&name) {
        return Kind::Percent;
    }
    match table.columns.iter().find(|(n, _)| *n == name).map(|(_, c)| *c) {
        Some(Col::Value) => Kind::Number,
        Some(Col::Plain) if NUMERIC_PLAIN.contains(&name) => Kind::Number,
        _ => Kind::Text,
    }
}

/// Display width: CJK characters count double.
fn width(s: &str) -> usize {
    s.chars().map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 }).sum()
}

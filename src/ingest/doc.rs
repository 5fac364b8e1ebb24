//! Word 97–2003 (.doc, and WPS's binary .wps, which is the same format) to
//! raw lines: the text of the main document assembled from the piece table
//! (the CLX in the table stream; cfb opens the compound file), paragraphs
//! and table cells told apart by their paragraph properties (the PAPX FKPs:
//! in-table, table-terminating row mark, nesting depth), fields shown by
//! their result, not their code.
//!
//! Not read (the status is `partial`, and the reason says so, when a document
//! uses them): automatic list numbers, which Word 97 keeps in list tables
//! (LST/LFO) rather than in the text, and the column spans of horizontally
//! merged cells (TDefTable), so a row with a wide merged cell has fewer cells
//! than its table. Vertically merged cells are empty cells in the text, as
//! on the grid.

use super::grid::Grid;
use super::Failure;
use crate::model::{Cell, RawDoc, RawLine, RawPage, TableRow};
use std::io::{Cursor, Read};

fn u16_at(d: &[u8], i: usize) -> Option<u16> {
    d.get(i..i + 2).map(|b| u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(d: &[u8], i: usize) -> Option<u32> {
    d.get(i..i + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn stream(cf: &mut cfb::CompoundFile<Cursor<&[u8]>>, name: &str) -> Result<Vec<u8>, Failure> {
    let mut out = Vec::new();
    cf.open_stream(name)
        .and_then(|s| s.take(super::MAX_FILE_BYTES).read_to_end(&mut out))
        .map_err(|e| Failure::error(format!("unreadable {name} stream: {e}")))?;
    Ok(out)
}

/// Paragraph properties that matter here, for a run of file positions.
#[derive(Debug, Clone, Copy, Default)]
struct Papx {
    start: u32,
    end: u32,
    in_table: bool,
    ttp: bool,
    depth: u32,
    list: bool,
}

/// What reading a .doc gave: the document and what could not be read.
pub struct DocText {
    pub doc: RawDoc,
    pub missing: Vec<&'static str>,
}

pub fn read(bytes: &[u8]) -> Result<DocText, Failure> {
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| Failure::error(format!("corrupt OLE compound file: {e}")))?;
    let word = stream(&mut cf, "/WordDocument")?;
    if u16_at(&word, 0) != Some(0xA5EC) {
        return Err(Failure::error("not a Word 97–2003 document (no FIB)"));
    }
    let flags = u16_at(&word, 0x0A).unwrap_or(0);
    if flags & 0x0100 != 0 {
        return Err(Failure::encrypted("a password-protected Word 97–2003 document"));
    }
    let table_name = if flags & 0x0200 != 0 { "/1Table" } else { "/0Table" };
    let table = stream(&mut cf, table_name)?;
    let ccp_text = u32_at(&word, 0x4C).ok_or_else(|| Failure::error("truncated FIB"))?;
    let fc_lcb = |i: usize| {
        Some((
            u32_at(&word, 0x9A + 8 * i)? as usize,
            u32_at(&word, 0x9A + 8 * i + 4)? as usize,
        ))
    };
    let (fc_clx, lcb_clx) = fc_lcb(33).ok_or_else(|| Failure::error("truncated FIB"))?;
    let (fc_papx, lcb_papx) = fc_lcb(13).ok_or_else(|| Failure::error("truncated FIB"))?;
    let clx = table
        .get(fc_clx..fc_clx.saturating_add(lcb_clx))
        .ok_or_else(|| Failure::error("piece table outside the table stream"))?;
    let chars = piece_text(clx, &word, ccp_text)?;
    let papx = table
        .get(fc_papx..fc_papx.saturating_add(lcb_papx))
        .map(|plc| papx_runs(plc, &word))
        .unwrap_or_default();
    Ok(lay_out(&chars, &papx))
}

/// The main document's characters with the file position of each.
fn piece_text(clx: &[u8], word: &[u8], ccp_text: u32) -> Result<Vec<(char, u32)>, Failure> {
    let mut i = 0usize;
    let plc = loop {
        match clx.get(i) {
            Some(1) => {
                let cb = u16_at(clx, i + 1).ok_or_else(|| Failure::error("truncated CLX"))? as usize;
                i += 3 + cb;
            }
            Some(2) => {
                let lcb = u32_at(clx, i + 1).ok_or_else(|| Failure::error("truncated CLX"))? as usize;
                break clx
                    .get(i + 5..(i + 5).saturating_add(lcb))
                    .ok_or_else(|| Failure::error("truncated piece table"))?;
            }
            _ => return Err(Failure::error("no piece table in the CLX")),
        }
    };
    let n = plc.len().saturating_sub(4) / 12;
    let mut out = Vec::new();
    for k in 0..n {
        let (Some(cp0), Some(cp1), Some(fc)) = (
            u32_at(plc, 4 * k),
            u32_at(plc, 4 * (k + 1)),
            u32_at(plc, 4 * (n + 1) + 8 * k + 2),
        ) else {
            break;
        };
        if cp0 >= ccp_text {
            break;
        }
        let count = cp1.min(ccp_text).saturating_sub(cp0) as usize;
        if fc & 0x4000_0000 != 0 {
            let start = ((fc & 0x3FFF_FFFF) / 2) as usize;
            let bytes = word.get(start..start.saturating_add(count)).unwrap_or(&[]);
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            for (j, ch) in text.chars().enumerate() {
                out.push((ch, (start + j) as u32));
            }
        } else {
            let start = fc as usize;
            let bytes = word.get(start..start.saturating_add(2 * count)).unwrap_or(&[]);
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            for (j, r) in char::decode_utf16(units.iter().copied()).enumerate() {
                out.push((r.unwrap_or('\u{FFFD}'), (start + 2 * j) as u32));
            }
        }
    }
    Ok(out)
}

/// The paragraph property runs of every PAPX FKP page.
fn papx_runs(plc: &[u8], word: &[u8]) -> Vec<Papx> {
    let n = plc.len().saturating_sub(4) / 8;
    let mut out = Vec::new();
    for k in 0..n {
        let Some(pn) = u32_at(plc, 4 * (n + 1) + 4 * k) else {
            break;
        };
        let Some(page) = word.get(pn as usize * 512..pn as usize * 512 + 512) else {
            continue;
        };
        let crun = page[511] as usize;
        for r in 0..crun {
            let (Some(fc0), Some(fc1)) = (u32_at(page, 4 * r), u32_at(page, 4 * (r + 1))) else {
                break;
            };
            let mut p = Papx {
                start: fc0,
                end: fc1,
                depth: 0,
                ..Papx::default()
            };
            let b_off = page.get(4 * (crun + 1) + 13 * r).copied().unwrap_or(0) as usize * 2;
            if b_off > 0 {
                let (grpprl, len) = match page.get(b_off) {
                    Some(0) => (b_off + 2, 2 * page.get(b_off + 1).copied().unwrap_or(0) as usize),
                    Some(&cb) => (b_off + 1, (2 * cb as usize).saturating_sub(1)),
                    None => (b_off, 0),
                };
                // skip the style index
                let sprms = page.get(grpprl + 2..(grpprl + len).min(512)).unwrap_or(&[]);
                read_sprms(sprms, &mut p);
            }
            out.push(p);
        }
    }
    out.sort_by_key(|p| p.start);
    out
}

fn read_sprms(d: &[u8], p: &mut Papx) {
    let mut i = 0usize;
    while let Some(op) = u16_at(d, i) {
        let arg = i + 2;
        let size = match op >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            _ => match op {
                0xD608 => u16_at(d, arg).map_or(0, |c| c as usize + 1),
                _ => d.get(arg).map_or(0, |&c| c as usize + 1),
            },
        };
        let b = d.get(arg).copied().unwrap_or(0);
        match op {
            0x2416 => p.in_table = b != 0,
            0x2417 => p.ttp = b != 0,
            0x6649 => p.depth = u32_at(d, arg).unwrap_or(0),
            0x460B => p.list = u16_at(d, arg).unwrap_or(0) != 0,
            _ => {}
        }
        i = arg + size;
    }
}

fn props_at(runs: &[Papx], fc: u32) -> Papx {
    let i = runs.partition_point(|p| p.start <= fc);
    match i.checked_sub(1).and_then(|i| runs.get(i)) {
        Some(p) if fc < p.end => *p,
        _ => Papx::default(),
    }
}

fn lay_out(chars: &[(char, u32)], runs: &[Papx]) -> DocText {
    let mut lines: Vec<RawLine> = Vec::new();
    let mut para = String::new();
    let mut cell: Vec<String> = Vec::new();
    let mut grid: Option<Grid> = None;
    let mut row_open = false;
    let mut tables = 0u32;
    let mut fields: Vec<bool> = Vec::new(); // per open field: showing its result yet
    let mut lists = false;
    let mut ragged = false;
    let mut row_cells = 0usize;
    let mut widths: Vec<usize> = Vec::new();
    let push_line = |lines: &mut Vec<RawLine>, text: &str| {
        for part in text.split('\n') {
            let n = lines.len() as u32 + 1;
            lines.push(RawLine {
                number: n,
                cells: vec![Cell::text(part.trim_end())],
                table: None,
            });
        }
    };
    let finish_table = |lines: &mut Vec<RawLine>, grid: &mut Option<Grid>, tables: &mut u32| {
        if let Some(g) = grid.take() {
            let rows = g.finish();
            if rows.is_empty() {
                return;
            }
            let t = *tables;
            *tables += 1;
            for (r, cells) in rows.into_iter().enumerate() {
                let n = lines.len() as u32 + 1;
                lines.push(RawLine::row(
                    n,
                    cells,
                    TableRow {
                        table: t,
                        row: r as u32,
                    },
                ));
            }
        }
    };
    for &(ch, fc) in chars {
        match ch {
            '\u{13}' => {
                fields.push(false);
                continue;
            }
            '\u{14}' => {
                if let Some(f) = fields.last_mut() {
                    *f = true;
                }
                continue;
            }
            '\u{15}' => {
                fields.pop();
                continue;
            }
            _ if fields.last() == Some(&false) => continue,
            _ => {}
        }
        match ch {
            '\r' | '\u{7}' => {
                let p = props_at(runs, fc);
                lists |= p.list;
                if !p.in_table && p.depth == 0 {
                    if grid.is_some() {
                        // rows of one table with different cell counts: a merged cell spans columns
                        ragged |= widths.iter().any(|&w| Some(&w) != widths.first());
                        widths.clear();
                    }
                    finish_table(&mut lines, &mut grid, &mut tables);
                    push_line(&mut lines, &std::mem::take(&mut para));
                    continue;
                }
                let text = std::mem::take(&mut para);
                if p.depth > 1 || (ch == '\r' && !p.ttp) {
                    // a paragraph of a cell, or a nested table's cell
                    cell.push(text.replace('\n', " "));
                    continue;
                }
                let g = grid.get_or_insert_with(Grid::new);
                if p.ttp {
                    widths.push(row_cells);
                    row_cells = 0;
                    row_open = false;
                    cell.clear();
                    continue;
                }
                if !row_open {
                    g.start_row();
                    row_open = true;
                }
                cell.push(text.replace('\n', " "));
                let s: Vec<&str> = cell.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect();
                g.place(s.join(" "), 1, 1);
                row_cells += 1;
                cell.clear();
            }
            '\u{b}' => para.push('\n'),
            '\u{c}' => {
                if grid.is_none() && !para.is_empty() {
                    push_line(&mut lines, &std::mem::take(&mut para));
                }
            }
            '\t' | '\u{a0}' => para.push(' '),
            '\u{1e}' => para.push('-'),
            '\u{1}' | '\u{8}' | '\u{1f}' | '\u{5}' | '\u{2}' => {}
            c if (c as u32) < 0x20 => {}
            c => para.push(c),
        }
    }
    ragged |= widths.iter().any(|&w| Some(&w) != widths.first());
    finish_table(&mut lines, &mut grid, &mut tables);
    if !para.is_empty() {
        push_line(&mut lines, &para);
    }
    let mut missing = Vec::new();
    if lists {
        missing.push("automatic list numbers");
    }
    if ragged {
        missing.push("column spans of merged cells");
    }
    DocText {
        doc: RawDoc {
            pages: vec![RawPage { number: None, lines }],
            paged: false,
        },
        missing,
    }
}

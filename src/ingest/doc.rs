//! Word 97–2003 (.doc, and WPS's binary .wps, which is the same format) to
//! raw lines: the text of the main document assembled from the piece table
//! (the CLX in the table stream; cfb opens the compound file), paragraphs
//! and table cells told apart by their paragraph properties (the PAPX FKPs:
//! in-table, table-terminating row mark, nesting depth), fields shown by
//! their result, not their code.
//!
//! Automatic list numbers are rendered from the list tables (`doc_lists`)
//! for the paragraph's list (`sprmPIlfo`, `sprmPIlvl`, directly or from its
//! style, `doc_styles`). Tables are grids: each row's TAP (`sprmTDefTable`
//! on its row mark) gives its cells' edges; the edges of all rows of a table,
//! those within `EDGE_TOLERANCE` taken as one, are the table's columns, so a
//! cell spans the columns between its edges; cells marked merged (`TC`
//! fMerged, `sprmTMerge`) join the cell before them and vertically merged
//! continuations (fVertMerge without fVertRestart, `sprmTVertMerge`) are
//! covered by the cell above. A table whose rows lack a TAP and differ in
//! cell count is laid out cell by cell, and the status says its spans were
//! not read.

use super::doc_lists::{self, DocLists};
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
    istd: u16,
    in_table: bool,
    ttp: bool,
    depth: u32,
    /// The list (1-based LFO index) and level, when set on the paragraph.
    ilfo: Option<u16>,
    ilvl: Option<u8>,
    /// A row mark's table row definition: an index into the `RowDef`s.
    row: Option<u32>,
}

/// A table row's definition (TAP): its cells' edges in twips
/// (`rgdxaCenter`, one more than its cells) and each cell's merge flags
/// (`TC.tcgrf`).
#[derive(Debug, Clone, Default, PartialEq)]
struct RowDef {
    edges: Vec<i16>,
    flags: Vec<u16>,
}

const F_FIRST_MERGED: u16 = 0x1;
const F_MERGED: u16 = 0x2;
const F_VERT_MERGE: u16 = 0x20;
const F_VERT_RESTART: u16 = 0x40;

/// Cell edges closer than this (twips; 20 = 1 pt) are one column edge:
/// writers round each row's widths on their own.
const EDGE_TOLERANCE: i32 = 30;

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
    // the Data stream holds paragraph properties too large for an FKP
    let data = if cf.is_stream("/Data") {
        stream(&mut cf, "/Data")?
    } else {
        Vec::new()
    };
    let (papx, rows) = table
        .get(fc_papx..fc_papx.saturating_add(lcb_papx))
        .map(|plc| papx_runs(plc, &word, &data))
        .unwrap_or_default();
    let pair = |i| fc_lcb(i).unwrap_or((0, 0));
    let mut lists = doc_lists::read(&table, pair(73), pair(74));
    let styles = super::doc_styles::read(&table, pair(1));
    Ok(lay_out(&chars, &papx, &rows, &mut lists, &styles))
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

/// The paragraph property runs of every PAPX FKP page, and the table row
/// definitions their row marks carry.
fn papx_runs(plc: &[u8], word: &[u8], data: &[u8]) -> (Vec<Papx>, Vec<RowDef>) {
    let n = plc.len().saturating_sub(4) / 8;
    let mut out = Vec::new();
    let mut rows = Vec::new();
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
                ..Papx::default()
            };
            let b_off = page.get(4 * (crun + 1) + 13 * r).copied().unwrap_or(0) as usize * 2;
            if b_off > 0 {
                let (grpprl, len) = match page.get(b_off) {
                    Some(0) => (b_off + 2, 2 * page.get(b_off + 1).copied().unwrap_or(0) as usize),
                    Some(&cb) => (b_off + 1, (2 * cb as usize).saturating_sub(1)),
                    None => (b_off, 0),
                };
                p.istd = u16_at(page, grpprl).unwrap_or(0);
                let sprms = page.get(grpprl + 2..(grpprl + len).min(512)).unwrap_or(&[]);
                let mut row = None;
                read_sprms(sprms, &mut p, &mut row, Some(data));
                if let Some(def) = row {
                    // row marks of one table often share their properties
                    if rows.last() != Some(&def) {
                        rows.push(def);
                    }
                    p.row = Some(rows.len() as u32 - 1);
                }
            }
            out.push(p);
        }
    }
    out.sort_by_key(|p| p.start);
    (out, rows)
}

/// The size of a sprm's operand at `arg` ([MS-DOC] 2.2.5.1: by its spra,
/// variable ones by their first byte, two exceptions).
pub(super) fn operand_size(op: u16, d: &[u8], arg: usize) -> usize {
    match op >> 13 {
        0 | 1 => 1,
        2 | 4 | 5 => 2,
        3 => 4,
        7 => 3,
        _ => match op {
            // sprmTDefTable, sprmTDefTable10: a 2-byte size
            0xD608 | 0xD606 => u16_at(d, arg).map_or(0, |c| c as usize + 1),
            // sprmPChgTabs with its size byte at 255: deletions, then additions
            0xC615 if d.get(arg) == Some(&255) => {
                let del = d.get(arg + 1).copied().unwrap_or(0) as usize;
                let add = d.get(arg + 2 + 4 * del).copied().unwrap_or(0) as usize;
                1 + 1 + 4 * del + 1 + 3 * add
            }
            _ => d.get(arg).map_or(0, |&c| c as usize + 1),
        },
    }
}

/// Applies the paragraph and table sprms that matter to `p` and `row`;
/// `data` (the Data stream) resolves sprmPHugePapx once.
fn read_sprms(d: &[u8], p: &mut Papx, row: &mut Option<RowDef>, data: Option<&[u8]>) {
    let mut i = 0usize;
    while let Some(op) = u16_at(d, i) {
        let arg = i + 2;
        let size = operand_size(op, d, arg);
        let b = d.get(arg).copied().unwrap_or(0);
        match op {
            0x2416 => p.in_table = b != 0,
            0x2417 => p.ttp = b != 0,
            0x6649 => p.depth = u32_at(d, arg).unwrap_or(0),
            0x460B => p.ilfo = u16_at(d, arg),
            0x260A => p.ilvl = Some(b),
            0xD608 => *row = tdef_table(d.get(arg + 2..arg + size).unwrap_or(&[])),
            0x5624 | 0x5625 => {
                // sprmTMerge / sprmTSplit: cells itcFirst..itcLim
                if let Some(r) = row.as_mut() {
                    let lim = d.get(arg + 1).copied().unwrap_or(0) as usize;
                    for k in b as usize..lim.min(r.flags.len()) {
                        r.flags[k] &= !(F_FIRST_MERGED | F_MERGED);
                        if op == 0x5624 {
                            r.flags[k] |= if k == b as usize { F_FIRST_MERGED } else { F_MERGED };
                        }
                    }
                }
            }
            0xD62B => {
                // sprmTVertMerge: cb, itc, 0 none / 1 continues / 3 restarts
                if let (Some(r), Some(&itc), Some(&v)) = (row.as_mut(), d.get(arg + 1), d.get(arg + 2)) {
                    if let Some(f) = r.flags.get_mut(itc as usize) {
                        *f &= !(F_VERT_MERGE | F_VERT_RESTART);
                        *f |= match v {
                            1 => F_VERT_MERGE,
                            3 => F_VERT_MERGE | F_VERT_RESTART,
                            _ => 0,
                        };
                    }
                }
            }
            0x7621 => {
                // sprmTInsert: itcInsert, ctc cells of dxaCol each
                let ctc = d.get(arg + 1).copied().unwrap_or(0) as usize;
                let width = u16_at(d, arg + 2).unwrap_or(0) as i16;
                if let Some(r) = row.as_mut() {
                    r.insert(b as usize, ctc, width);
                }
            }
            0x5622 => {
                // sprmTDelete: cells itcFirst..itcLim
                let lim = d.get(arg + 1).copied().unwrap_or(0) as usize;
                if let Some(r) = row.as_mut() {
                    r.delete(b as usize, lim);
                }
            }
            0x6646 => {
                // sprmPHugePapx: the properties are in the Data stream
                if let (Some(data), Some(at)) = (data, u32_at(d, arg)) {
                    let at = at as usize;
                    let cb = u16_at(data, at).unwrap_or(0) as usize;
                    if let Some(more) = data.get(at + 2..(at + 2).saturating_add(cb)) {
                        read_sprms(more, p, row, None);
                    }
                }
            }
            _ => {}
        }
        i = arg + size;
    }
}

/// sprmTDefTable's operand after its size: itcMac, rgdxaCenter, rgTc80.
fn tdef_table(d: &[u8]) -> Option<RowDef> {
    let cells = *d.first()? as usize;
    let edges: Vec<i16> = (0..=cells)
        .map_while(|k| u16_at(d, 1 + 2 * k).map(|v| v as i16))
        .collect();
    if edges.len() != cells + 1 {
        return None;
    }
    let tcs = 1 + 2 * (cells + 1);
    let flags = (0..cells).map(|k| u16_at(d, tcs + 20 * k).unwrap_or(0)).collect();
    Some(RowDef { edges, flags })
}

impl RowDef {
    fn insert(&mut self, at: usize, n: usize, width: i16) {
        let n = n.min(64);
        let cells = self.flags.len();
        let Some(&last) = self.edges.last() else {
            return;
        };
        if at >= cells {
            for k in 1..=n {
                self.edges.push(last.saturating_add(width.saturating_mul(k as i16)));
                self.flags.push(0);
            }
            return;
        }
        let base = self.edges[at];
        let shift = width.saturating_mul(n as i16);
        for e in self.edges.iter_mut().skip(at) {
            *e = e.saturating_add(shift);
        }
        for k in 0..n {
            self.edges
                .insert(at + k, base.saturating_add(width.saturating_mul(k as i16)));
            self.flags.insert(at, 0);
        }
    }

    fn delete(&mut self, first: usize, lim: usize) {
        let lim = lim.min(self.flags.len());
        if first >= lim {
            return;
        }
        let gone = self.edges[lim].saturating_sub(self.edges[first]);
        for e in self.edges.iter_mut().skip(lim + 1) {
            *e = e.saturating_sub(gone);
        }
        self.edges.drain(first + 1..=lim);
        self.flags.drain(first..lim);
    }
}

fn props_at(runs: &[Papx], fc: u32) -> Papx {
    let i = runs.partition_point(|p| p.start <= fc);
    match i.checked_sub(1).and_then(|i| runs.get(i)) {
        Some(p) if fc < p.end => *p,
        _ => Papx::default(),
    }
}

/// A table being read: its finished rows (cells' text, row definition) and
/// the cells of the row under way.
#[derive(Default)]
struct TableBuf {
    rows: Vec<(Vec<String>, Option<u32>)>,
    cells: Vec<String>,
}

fn lay_out(
    chars: &[(char, u32)],
    runs: &[Papx],
    defs: &[RowDef],
    lists: &mut DocLists,
    styles: &super::doc_styles::StyleLists,
) -> DocText {
    let mut out = Out::default();
    let mut para = String::new();
    let mut cell: Vec<String> = Vec::new();
    let mut table: Option<TableBuf> = None;
    let mut fields: Vec<bool> = Vec::new(); // per open field: showing its result yet
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
                let mut text = std::mem::take(&mut para);
                if !p.ttp {
                    let (s_ilfo, s_ilvl) = styles.get(&p.istd).copied().unwrap_or_default();
                    let ilfo = p.ilfo.or(s_ilfo).unwrap_or(0);
                    let ilvl = p.ilvl.or(s_ilvl).unwrap_or(0);
                    if let Some(number) = lists.next(ilfo, ilvl) {
                        text.insert_str(0, &number);
                    }
                }
                if !p.in_table && p.depth == 0 {
                    if let Some(t) = table.take() {
                        out.table(t, defs);
                    }
                    out.text(&text);
                    continue;
                }
                if p.depth > 1 || (ch == '\r' && !p.ttp) {
                    // a paragraph of a cell, or a nested table's cell
                    cell.push(text.replace('\n', " "));
                    continue;
                }
                let t = table.get_or_insert_with(TableBuf::default);
                if p.ttp {
                    t.rows.push((std::mem::take(&mut t.cells), p.row));
                    cell.clear();
                    continue;
                }
                cell.push(text.replace('\n', " "));
                let s: Vec<&str> = cell.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect();
                t.cells.push(s.join(" "));
                cell.clear();
            }
            '\u{b}' => para.push('\n'),
            '\u{c}' => {
                if table.is_none() && !para.is_empty() {
                    out.text(&std::mem::take(&mut para));
                }
            }
            '\t' | '\u{a0}' => para.push(' '),
            '\u{1e}' => para.push('-'),
            '\u{1}' | '\u{8}' | '\u{1f}' | '\u{5}' | '\u{2}' => {}
            c if (c as u32) < 0x20 => {}
            c => para.push(c),
        }
    }
    if let Some(t) = table.take() {
        out.table(t, defs);
    }
    if !para.is_empty() {
        out.text(&para);
    }
    let mut missing = Vec::new();
    if out.unspanned {
        missing.push("column spans of merged cells");
    }
    DocText {
        doc: RawDoc {
            pages: vec![RawPage {
                number: None,
                lines: out.lines,
            }],
            paged: false,
            pending: None,
        },
        missing,
    }
}

#[derive(Default)]
struct Out {
    lines: Vec<RawLine>,
    tables: u32,
    /// A table's rows differ in cell count and lack the edges that place them.
    unspanned: bool,
}

impl Out {
    fn text(&mut self, text: &str) {
        for part in text.split('\n') {
            let n = self.lines.len() as u32 + 1;
            self.lines.push(RawLine {
                number: n,
                cells: vec![Cell::text(part.trim_end())],
                table: None,
            });
        }
    }

    fn table(&mut self, mut t: TableBuf, defs: &[RowDef]) {
        if !t.cells.is_empty() {
            // a row without its row mark (a cut file)
            t.rows.push((std::mem::take(&mut t.cells), None));
        }
        let (rows, unspanned) = grid_rows(&t.rows, defs);
        self.unspanned |= unspanned;
        if rows.is_empty() {
            return;
        }
        let table = self.tables;
        self.tables += 1;
        for (r, cells) in rows.into_iter().enumerate() {
            let n = self.lines.len() as u32 + 1;
            self.lines
                .push(RawLine::row(n, cells, TableRow { table, row: r as u32 }));
        }
    }
}

/// A table's rows on its grid (see the module doc); `true` when rows of
/// different cell counts had no edges to place them by.
fn grid_rows(rows: &[(Vec<String>, Option<u32>)], defs: &[RowDef]) -> (Vec<Vec<Cell>>, bool) {
    let def_of = |row: &Option<u32>, cells: usize| {
        row.and_then(|i| defs.get(i as usize))
            .filter(|d| d.edges.len() > cells && cells > 0)
    };
    // the table's column edges: every row's cell edges, near ones as one
    let mut all: Vec<i32> = rows
        .iter()
        .filter_map(|(cells, row)| Some((cells.len(), def_of(row, cells.len())?)))
        .flat_map(|(n, d)| d.edges[..=n].iter().map(|&e| i32::from(e)))
        .collect();
    all.sort_unstable();
    all.dedup();
    let mut columns: Vec<(i32, usize)> = Vec::with_capacity(all.len());
    let mut col = 0usize;
    for (k, &e) in all.iter().enumerate() {
        if k > 0 && e - all[k - 1] > EDGE_TOLERANCE {
            col += 1;
        }
        columns.push((e, col));
    }
    let column_of = |e: i16| {
        let i = columns.partition_point(|&(v, _)| v < i32::from(e));
        columns.get(i).or(columns.last()).map_or(0, |c| c.1)
    };
    let mut grid = Grid::new();
    let mut unplaced: Vec<usize> = Vec::new();
    for (cells, row) in rows {
        grid.start_row();
        let Some(def) = def_of(row, cells.len()) else {
            unplaced.push(cells.len());
            for c in cells {
                grid.place(c.clone(), 1, 1);
            }
            continue;
        };
        // cells merged into the one before them join it
        let mut logical: Vec<(String, usize, usize, bool)> = Vec::new();
        for (k, text) in cells.iter().enumerate() {
            let flags = def.flags.get(k).copied().unwrap_or(0);
            let (c0, c1) = (column_of(def.edges[k]), column_of(def.edges[k + 1]));
            if flags & F_MERGED != 0 && flags & F_FIRST_MERGED == 0 {
                if let Some(last) = logical.last_mut() {
                    last.2 = c1.max(last.2);
                    if !text.trim().is_empty() {
                        if !last.0.is_empty() {
                            last.0.push(' ');
                        }
                        last.0.push_str(text);
                    }
                    continue;
                }
            }
            let continues = flags & F_VERT_MERGE != 0 && flags & F_VERT_RESTART == 0;
            logical.push((text.clone(), c0, c1, continues));
        }
        for (text, c0, c1, continues) in logical {
            let span = c1.saturating_sub(c0).max(1);
            grid.seek(c0);
            if continues {
                grid.continue_above(span);
            } else {
                grid.place(text, span, 1);
            }
        }
    }
    let unspanned = unplaced.iter().any(|&n| n != unplaced[0]) || {
        // rows placed cell by cell beside rows placed by their edges
        !unplaced.is_empty() && unplaced.len() < rows.len() && columns.last().map(|c| c.1) != unplaced.first().copied()
    };
    (grid.finish(), unspanned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(rows: Vec<Vec<Cell>>) -> Vec<Vec<String>> {
        rows.into_iter()
            .map(|r| {
                r.into_iter()
                    .map(|c| match c.span {
                        s if s.is_covered() => "~".into(),
                        s if s.cols > 1 || s.rows > 1 => format!("{}{}x{}", c.text, s.cols, s.rows),
                        _ => c.text,
                    })
                    .collect()
            })
            .collect()
    }

    fn def(edges: &[i16], flags: &[u16]) -> RowDef {
        RowDef {
            edges: edges.to_vec(),
            flags: flags.to_vec(),
        }
    }

    #[test]
    fn cells_span_the_columns_between_their_edges() {
        let defs = [
            // a title over the whole table (right edge 2 twips off)
            def(&[-108, 3002], &[0]),
            // a header over the last two columns
            def(&[-108, 1000, 3000], &[0, 0]),
            // a group label restarting a vertical merge, then two more rows
            def(&[-108, 1000, 2000, 3000], &[F_VERT_MERGE | F_VERT_RESTART, 0, 0]),
            def(&[-108, 1000, 2000, 3000], &[F_VERT_MERGE, 0, 0]),
            // Word 97's horizontal merge: a first-merged and a merged cell
            def(&[-108, 1000, 2000, 3000], &[0, F_FIRST_MERGED, F_MERGED]),
        ];
        let row = |cells: &[&str], d: u32| (cells.iter().map(|s| s.to_string()).collect(), Some(d));
        let rows = [
            row(&["T"], 0),
            row(&["a", "B"], 1),
            row(&["G", "1", "2"], 2),
            row(&["", "3", "4"], 3),
            row(&["x", "M", ""], 4),
        ];
        let (grid, unspanned) = grid_rows(&rows, &defs);
        assert!(!unspanned);
        assert_eq!(
            show(grid),
            [
                vec!["T3x1", "~", "~"],
                vec!["a", "B2x1", "~"],
                vec!["G1x2", "1", "2"],
                vec!["~", "3", "4"],
                vec!["x", "M2x1", "~"],
            ]
        );
    }

    #[test]
    fn rows_without_edges_are_laid_cell_by_cell_and_say_so() {
        let rows = [
            (vec!["a".to_string(), "b".to_string()], None),
            (vec!["c".to_string()], None),
        ];
        let (grid, unspanned) = grid_rows(&rows, &[]);
        assert!(unspanned);
        assert_eq!(show(grid), [vec!["a", "b"], vec!["c", ""]]);
    }

    #[test]
    fn inserted_and_deleted_cells_move_the_edges() {
        let mut d = def(&[0, 100, 200], &[0, 0]);
        d.insert(1, 2, 50);
        assert_eq!(d.edges, [0, 100, 150, 200, 300]);
        assert_eq!(d.flags.len(), 4);
        d.delete(1, 3);
        assert_eq!(d.edges, [0, 100, 200]);
        d.insert(9, 1, 70);
        assert_eq!(d.edges, [0, 100, 200, 270]);
        d.delete(2, 99);
        assert_eq!(d.edges, [0, 100, 200]);
    }

    #[test]
    fn damaged_files_never_panic() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/office/out");
        let bytes = std::fs::read(dir.join("000_dcb98461ec04ccb6.doc")).unwrap();
        let mut seed = 7u64;
        for _ in 0..300 {
            let mut b = bytes.clone();
            for _ in 0..20 {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let i = (seed >> 33) as usize % b.len();
                b[i] = (seed >> 13) as u8;
            }
            let _ = read(&b);
        }
    }
}

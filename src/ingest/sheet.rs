//! Spreadsheets (XLSX, XLS; ODS through `ods`) to raw lines via calamine: every visible
//! worksheet in order is a table titled by its name (a prose line, then the
//! grid); merged ranges are expanded (`grid`); numbers read **as displayed**
//! through their number format (`numfmt`); hidden sheets and hidden rows are
//! skipped, and so are hidden columns (a merged range keeps the visible
//! columns it covers). calamine gives values, merges and (XLSX) styles; what
//! it does not expose is read here: XLSX hidden rows and columns from the
//! sheet XML (`<row hidden>`, `<col min max hidden>`), and for XLS the cells'
//! formats, hidden rows and columns (ROW, COLINFO) and the FILEPASS
//! (password) record from the BIFF8 records of the Workbook stream.

use super::grid::Grid;
use super::sniff::Format;
use super::xml::{attr, Xml};
use super::zipped::Zip;
use super::{numfmt, Failure};
use crate::model::{Cell, RawDoc, RawLine, RawPage, TableRow};
use calamine::{Data, Reader, SheetType, SheetVisible, Xls, Xlsx};
use quick_xml::events::Event;
use std::collections::{HashMap, HashSet};
use std::io::Cursor;

/// Cells read from one sheet at most (a hostile used range).
const MAX_CELLS: u64 = 4_000_000;

/// One visible sheet as the person sees it.
pub struct SheetView {
    pub name: String,
    /// (row, col) → displayed text, absolute positions.
    pub cells: Vec<((u32, u32), String)>,
    /// Merged ranges: top-left and bottom-right, inclusive.
    pub merges: Vec<((u32, u32), (u32, u32))>,
    pub hidden_rows: HashSet<u32>,
    pub hidden_cols: HashSet<u32>,
}

/// Reads a workbook; `format` says which kind the bytes are.
pub fn read(bytes: &[u8], format: Format) -> Result<RawDoc, Failure> {
    let sheets = match format {
        Format::Xlsx => xlsx(bytes)?,
        Format::Xls => xls(bytes)?,
        Format::Ods => super::ods::read(bytes).map_err(Failure::error)?,
        _ => return Err(Failure::error("not a spreadsheet")),
    };
    Ok(to_doc(sheets))
}

fn to_doc(sheets: Vec<SheetView>) -> RawDoc {
    let mut lines: Vec<RawLine> = Vec::new();
    let mut table = 0u32;
    for s in sheets {
        let s = without_hidden_cols(s);
        let rows = grid_of(&s);
        if rows.is_empty() {
            continue;
        }
        for text in [String::new(), s.name.clone()] {
            let n = lines.len() as u32 + 1;
            lines.push(RawLine {
                number: n,
                cells: vec![Cell::text(text)],
                table: None,
            });
        }
        for (r, cells) in rows.into_iter().enumerate() {
            let n = lines.len() as u32 + 1;
            lines.push(RawLine::row(n, cells, TableRow { table, row: r as u32 }));
        }
        table += 1;
    }
    RawDoc {
        pages: vec![RawPage { number: None, lines }],
        paged: false,
        pending: None,
    }
}

/// The sheet with its hidden columns taken out: the columns right of them
/// move left; a merged range keeps the visible columns it covers.
fn without_hidden_cols(mut s: SheetView) -> SheetView {
    if s.hidden_cols.is_empty() {
        return s;
    }
    let mut hidden: Vec<u32> = s.hidden_cols.iter().copied().collect();
    hidden.sort_unstable();
    let is_hidden = |c: u32| hidden.binary_search(&c).is_ok();
    let shift = |c: u32| c - hidden.partition_point(|&h| h < c) as u32;
    s.cells.retain(|((_, c), _)| !is_hidden(*c));
    for ((_, c), _) in &mut s.cells {
        *c = shift(*c);
    }
    s.merges = s
        .merges
        .iter()
        .filter_map(|&((r0, c0), (r1, c1))| {
            let visible = |c: &u32| !is_hidden(*c);
            let first = (c0..=c1).find(visible)?;
            let last = (c0..=c1).rev().find(visible)?;
            Some(((r0, shift(first)), (r1, shift(last))))
        })
        .collect();
    s.hidden_cols.clear();
    s
}

/// The sheet's visible rows as a grid: empty rows dropped, merged ranges
/// spanning the visible rows they cover.
fn grid_of(s: &SheetView) -> Vec<Vec<Cell>> {
    let mut by_row: std::collections::BTreeMap<u32, Vec<(u32, &str)>> = Default::default();
    for ((r, c), t) in &s.cells {
        if !s.hidden_rows.contains(r) && !t.trim().is_empty() {
            by_row.entry(*r).or_default().push((*c, t.as_str()));
        }
    }
    if by_row.is_empty() {
        return Vec::new();
    }
    let min_col = by_row.values().flatten().map(|(c, _)| *c).min().unwrap_or(0);
    // merged ranges by their top-left cell; covered positions
    let mut origin: HashMap<(u32, u32), (u32, u32)> = HashMap::new();
    let mut covered: HashSet<(u32, u32)> = HashSet::new();
    for &((r0, c0), (r1, c1)) in &s.merges {
        if r1 < r0 || c1 < c0 || (r1 - r0) as u64 * (c1 - c0) as u64 > 100_000 {
            continue;
        }
        // merges over merges: the covered cells stay within a grid's budget
        if covered.len() > super::grid::MAX_CELLS {
            break;
        }
        origin.insert((r0, c0), (r1, c1));
        for r in r0..=r1 {
            for c in c0..=c1 {
                if (r, c) != (r0, c0) {
                    covered.insert((r, c));
                }
            }
        }
    }
    // rows shown: those with text, and those a visible merged cell reaches
    let mut rows: Vec<u32> = by_row.keys().copied().collect();
    rows.sort_unstable();
    let shown: HashSet<u32> = rows.iter().copied().collect();
    let mut g = Grid::new();
    for &r in &rows {
        g.start_row();
        let cells: HashMap<u32, &str> = by_row[&r].iter().copied().collect();
        let max_col = by_row[&r].iter().map(|(c, _)| *c).max().unwrap_or(min_col);
        let mut c = min_col;
        while c <= max_col {
            if covered.contains(&(r, c)) {
                c += 1;
                continue;
            }
            let text = cells
                .get(&c)
                .map(|t| t.trim().replace(['\n', '\r'], " "))
                .unwrap_or_default();
            let (cols, nrows) = match origin.get(&(r, c)) {
                Some(&(r1, c1)) => {
                    let nrows = shown.iter().filter(|&&x| x > r && x <= r1).count() + 1;
                    ((c1 - c + 1) as usize, nrows)
                }
                None => (1, 1),
            };
            if g.place(text, cols, nrows).is_none() && g.is_full() {
                return g.finish();
            }
            c += cols as u32;
        }
    }
    g.finish()
}

/// A cell value as displayed with its number format.
fn shown(v: &Data, fmt: Option<&str>) -> String {
    match v {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => match fmt {
            Some(f) => numfmt::display(*i as f64, f),
            None => i.to_string(),
        },
        Data::Float(f) => match fmt {
            Some(code) => numfmt::display(*f, code),
            None => numfmt::general(*f),
        },
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        Data::DateTime(d) => numfmt::date(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn xlsx(bytes: &[u8]) -> Result<Vec<SheetView>, Failure> {
    let hidden = xlsx_hidden(bytes).map_err(Failure::error)?;
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| Failure::error(format!("unreadable XLSX: {e}")))?;
    let metas: Vec<_> = wb.sheets_metadata().to_vec();
    let mut out = Vec::new();
    for m in metas {
        if m.visible != SheetVisible::Visible || m.typ != SheetType::WorkSheet {
            continue;
        }
        // cells streamed with their style, never as calamine's dense range: one
        // cell at A1 and one at XFD1048576 would make a range of 17 billion
        let unreadable = |e: calamine::XlsxError| Failure::error(format!("unreadable sheet {}: {e}", m.name));
        let mut reader = wb.worksheet_cells_reader(&m.name).map_err(unreadable)?;
        let mut cells = Vec::new();
        while let Some((cell, style)) = reader.next_cell_with_style_id().map_err(unreadable)? {
            let v: Data = cell.get_value().clone().into();
            if v == Data::Empty {
                continue;
            }
            if cells.len() as u64 >= MAX_CELLS {
                return Err(Failure::error(format!(
                    "sheet {} too large: over {MAX_CELLS} cells",
                    m.name
                )));
            }
            let fmt = reader
                .styles()
                .get(style)
                .and_then(|st| st.number_format.as_ref())
                .map(|n| n.format_code.as_str());
            cells.push((cell.get_position(), shown(&v, fmt)));
        }
        drop(reader);
        let merges = wb
            .merge_cells_by_sheet_name(&m.name)
            .unwrap_or_default()
            .into_iter()
            .map(|d| (d.start, d.end))
            .collect();
        let (hidden_rows, hidden_cols) = hidden.get(&m.name).cloned().unwrap_or_default();
        out.push(SheetView {
            hidden_rows,
            hidden_cols,
            name: m.name,
            cells,
            merges,
        });
    }
    Ok(out)
}

/// Hidden rows and columns (0-based) of each sheet of an XLSX, by sheet
/// name: read from each sheet part's `<row r=… hidden="1">` and
/// `<col min=… max=… hidden="1">` (1-based, inclusive).
type Hidden = (HashSet<u32>, HashSet<u32>);

/// Columns a sheet has at most (XLSX: XFD).
const MAX_COLS: u32 = 16_384;

fn xlsx_hidden(bytes: &[u8]) -> Result<HashMap<String, Hidden>, String> {
    let mut zip = Zip::open(bytes)?;
    let workbook = zip.text("xl/workbook.xml")?.ok_or("no xl/workbook.xml")?;
    let rels = zip.text("xl/_rels/workbook.xml.rels")?.unwrap_or_default();
    let mut targets: HashMap<String, String> = HashMap::new();
    let mut x = Xml::new(&rels);
    while let Ok(ev) = x.next() {
        match ev {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                if let (Some(id), Some(t)) = (attr(&e, "Id"), attr(&e, "Target")) {
                    let path = match t.strip_prefix('/') {
                        Some(abs) => abs.to_string(),
                        None => format!("xl/{t}"),
                    };
                    targets.insert(id, path);
                }
            }
            _ => {}
        }
    }
    let mut sheets = Vec::new();
    let mut x = Xml::new(&workbook);
    while let Ok(ev) = x.next() {
        match ev {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sheet" => {
                let id = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == "id")
                    .map(|a| a.value.into_owned());
                if let (Some(name), Some(path)) = (attr(&e, "name"), id.and_then(|i| targets.get(&i).cloned())) {
                    sheets.push((name, path));
                }
            }
            _ => {}
        }
    }
    let mut out = HashMap::new();
    for (name, path) in sheets {
        let Some(xml) = zip.text(&path)? else { continue };
        let (mut hidden, mut cols) = (HashSet::new(), HashSet::new());
        let mut x = Xml::new(&xml);
        while let Ok(ev) = x.next() {
            match ev {
                Event::Eof => break,
                Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "row" => {
                    let h = attr(&e, "hidden").is_some_and(|v| v == "1" || v == "true");
                    if let (true, Some(r)) = (h, attr(&e, "r").and_then(|r| r.parse::<u32>().ok())) {
                        hidden.insert(r.saturating_sub(1));
                    }
                }
                Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "col" => {
                    let h = attr(&e, "hidden").is_some_and(|v| v == "1" || v == "true");
                    let n = |k: &str| attr(&e, k).and_then(|v| v.parse::<u32>().ok());
                    if let (true, Some(min), Some(max)) = (h, n("min"), n("max")) {
                        cols.extend(min.max(1) - 1..max.min(MAX_COLS));
                    }
                }
                _ => {}
            }
        }
        out.insert(name, (hidden, cols));
    }
    Ok(out)
}

fn xls(bytes: &[u8]) -> Result<Vec<SheetView>, Failure> {
    let biff = Biff::scan(bytes)?;
    biff.check_dense_size()?;
    let mut wb: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(|e| Failure::error(format!("unreadable XLS: {e}")))?;
    let metas: Vec<_> = wb.sheets_metadata().to_vec();
    let mut out = Vec::new();
    for (i, m) in metas.into_iter().enumerate() {
        if m.visible != SheetVisible::Visible || m.typ != SheetType::WorkSheet {
            continue;
        }
        let range = wb
            .worksheet_range(&m.name)
            .map_err(|e| Failure::error(format!("unreadable sheet {}: {e}", m.name)))?;
        if range.get_size().0 as u64 * range.get_size().1 as u64 > MAX_CELLS {
            return Err(Failure::error(format!("sheet {} too large", m.name)));
        }
        let merges = wb
            .merge_cells_by_sheet_name(&m.name)
            .unwrap_or_default()
            .into_iter()
            .map(|d| (d.start, d.end))
            .collect();
        let sheet = biff.sheets.get(&m.name).or_else(|| biff.by_index.get(i));
        let mut cells = Vec::new();
        for (r, c, v) in range.used_cells() {
            let pos = (
                range.start().map_or(0, |s| s.0) + r as u32,
                range.start().map_or(0, |s| s.1) + c as u32,
            );
            let fmt = sheet
                .and_then(|s| s.xf.get(&pos))
                .and_then(|&xf| biff.xf_format.get(xf as usize))
                .and_then(|&ifmt| {
                    biff.formats
                        .get(&ifmt)
                        .map(String::as_str)
                        .or(numfmt::builtin(ifmt as u32))
                });
            cells.push((pos, shown(v, fmt)));
        }
        out.push(SheetView {
            hidden_rows: sheet.map(|s| s.hidden_rows.clone()).unwrap_or_default(),
            hidden_cols: sheet.map(|s| s.hidden_cols.clone()).unwrap_or_default(),
            name: m.name,
            cells,
            merges,
        });
    }
    Ok(out)
}

/// What calamine does not give from a BIFF8 Workbook stream.
#[derive(Default)]
struct Biff {
    formats: HashMap<u16, String>,
    /// XF index → number format index.
    xf_format: Vec<u16>,
    sheets: HashMap<String, BiffSheet>,
    by_index: Vec<BiffSheet>,
    /// The sheets' names, parallel to `by_index`.
    names: Vec<String>,
}

#[derive(Default, Clone)]
struct BiffSheet {
    /// The XF of every cell with a value (the records calamine reads).
    xf: HashMap<(u32, u32), u16>,
    hidden_rows: HashSet<u32>,
    hidden_cols: HashSet<u32>,
}

impl BiffSheet {
    /// The cells of the dense grid from the first to the last cell with a
    /// value (what calamine allocates for the sheet).
    fn dense_cells(&self) -> u64 {
        let mut ext: Option<(u32, u32, u32, u32)> = None;
        for &(r, c) in self.xf.keys() {
            ext = Some(match ext {
                None => (r, r, c, c),
                Some((r0, r1, c0, c1)) => (r0.min(r), r1.max(r), c0.min(c), c1.max(c)),
            });
        }
        ext.map_or(0, |(r0, r1, c0, c1)| {
            (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1)
        })
    }
}

fn u16_at(d: &[u8], i: usize) -> Option<u16> {
    d.get(i..i + 2).map(|b| u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(d: &[u8], i: usize) -> Option<u32> {
    d.get(i..i + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// An XLUnicodeString's text (`cch` characters at `at`, after a flags byte).
fn biff_string(d: &[u8], at: usize, cch: usize) -> String {
    let Some(&flags) = d.get(at) else {
        return String::new();
    };
    let body = &d[(at + 1).min(d.len())..];
    if flags & 1 == 0 {
        body.iter().take(cch).map(|&b| b as char).collect()
    } else {
        let units: Vec<u16> = body
            .chunks_exact(2)
            .take(cch)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    }
}

/// The most cells calamine's dense sheets may hold in all, every sheet of a
/// workbook together (it builds them all when it opens the file): at up to
/// 56 bytes a cell (a value, 32, and a formula string, 24), what fits in the
/// memory limit of one file.
const MAX_DENSE_CELLS: u64 = super::MAX_MEMORY / 56;

impl Biff {
    /// Refuses a workbook whose sheets, as calamine builds them (each a dense
    /// grid from its first to its last cell with a value, hidden sheets too),
    /// would hold more than `MAX_CELLS` cells in one sheet or
    /// `MAX_DENSE_CELLS` in all — before calamine allocates them. Before: a
    /// 9 KB XLS of six sheets, each with cells at A1 and IV65536, took 3.7 GB
    /// before it was refused (issue 20).
    fn check_dense_size(&self) -> Result<(), Failure> {
        let mut total = 0u64;
        for (k, sheet) in self.by_index.iter().enumerate() {
            let n = sheet.dense_cells();
            if n > MAX_CELLS {
                let name = self.names.get(k).map_or("?", String::as_str);
                return Err(Failure::error(format!("sheet {name} too large")));
            }
            total = total.saturating_add(n);
        }
        if total > MAX_DENSE_CELLS {
            return Err(Failure::error(format!(
                "too large to analyse: its sheets span {total} cells in all (at most {MAX_DENSE_CELLS})"
            )));
        }
        Ok(())
    }

    fn scan(bytes: &[u8]) -> Result<Biff, Failure> {
        use std::io::Read;
        let mut cf = cfb::CompoundFile::open(Cursor::new(bytes))
            .map_err(|e| Failure::error(format!("corrupt OLE compound file: {e}")))?;
        let name = if cf.is_stream("/Workbook") {
            "/Workbook"
        } else {
            "/Book"
        };
        let mut stream = Vec::new();
        cf.open_stream(name)
            .and_then(|mut s| s.by_ref().take(super::MAX_FILE_BYTES).read_to_end(&mut stream))
            .map_err(|e| Failure::error(format!("unreadable Workbook stream: {e}")))?;
        let mut biff = Biff::default();
        let mut boundsheets: Vec<(u32, String)> = Vec::new();
        // the globals substream
        let mut i = 0usize;
        while let (Some(typ), Some(len)) = (u16_at(&stream, i), u16_at(&stream, i + 2)) {
            let d = &stream[(i + 4).min(stream.len())..(i + 4 + len as usize).min(stream.len())];
            i += 4 + len as usize;
            match typ {
                0x002F => return Err(Failure::encrypted("a password-protected XLS (FILEPASS)")),
                0x041E => {
                    if let (Some(ifmt), Some(cch)) = (u16_at(d, 0), u16_at(d, 2)) {
                        biff.formats.insert(ifmt, biff_string(d, 4, cch as usize));
                    }
                }
                0x00E0 => biff.xf_format.push(u16_at(d, 2).unwrap_or(0)),
                0x0085 => {
                    if let (Some(pos), Some(&cch)) = (u32_at(d, 0), d.get(6)) {
                        boundsheets.push((pos, biff_string(d, 7, cch as usize)));
                    }
                }
                0x000A => break,
                _ => {}
            }
        }
        for (pos, name) in boundsheets {
            let mut sheet = BiffSheet::default();
            let mut i = pos as usize;
            let mut first = true;
            while let (Some(typ), Some(len)) = (u16_at(&stream, i), u16_at(&stream, i + 2)) {
                let d = &stream[(i + 4).min(stream.len())..(i + 4 + len as usize).min(stream.len())];
                i += 4 + len as usize;
                if first && typ != 0x0809 {
                    break;
                }
                first = false;
                let rc = |d: &[u8]| Some((u16_at(d, 0)? as u32, u16_at(d, 2)? as u32, u16_at(d, 4)?));
                match typ {
                    // NUMBER, RK, FORMULA, LABELSST, LABEL, BOOLERR
                    0x0203 | 0x027E | 0x0006 | 0x00FD | 0x0204 | 0x0205 => {
                        if let Some((r, c, xf)) = rc(d) {
                            sheet.xf.insert((r, c), xf);
                        }
                    }
                    // MULRK: row, first col, (xf, rk)*, last col
                    0x00BD => {
                        if let (Some(r), Some(c0)) = (u16_at(d, 0), u16_at(d, 2)) {
                            let n = d.len().saturating_sub(6) / 6;
                            for k in 0..n {
                                if let Some(xf) = u16_at(d, 4 + 6 * k) {
                                    sheet.xf.insert((r as u32, c0 as u32 + k as u32), xf);
                                }
                            }
                        }
                    }
                    // ROW: fDyZero (0x20) hides it
                    0x0208 => {
                        if let (Some(r), Some(flags)) = (u16_at(d, 0), u16_at(d, 12)) {
                            if flags & 0x20 != 0 {
                                sheet.hidden_rows.insert(r as u32);
                            }
                        }
                    }
                    // COLINFO: colFirst, colLast, width, xf, flags (fHidden 0x1)
                    0x007D => {
                        if let (Some(c0), Some(c1), Some(flags)) = (u16_at(d, 0), u16_at(d, 2), u16_at(d, 8)) {
                            if flags & 1 != 0 {
                                sheet.hidden_cols.extend(c0 as u32..=(c1 as u32).min(MAX_COLS - 1));
                            }
                        }
                    }
                    0x000A => break,
                    _ => {}
                }
            }
            biff.by_index.push(sheet.clone());
            biff.names.push(name.clone());
            biff.sheets.insert(name, sheet);
        }
        Ok(biff)
    }
}

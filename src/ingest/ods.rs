//! OpenDocument spreadsheets (ODS) to the sheets `sheet` lays out: read from
//! content.xml (zip + quick-xml, bounded by `zipped`) rather than through
//! calamine, because ODF stores each cell's text as displayed (`<text:p>`
//! 85.63%) beside its value, and marks hidden rows (`table:visibility`) and
//! hidden sheets (`table:display="false"` in the sheet's style) and hidden
//! columns (`table:visibility` of a `table:table-column`), none of which
//! calamine exposes. Repeated empty rows and columns are skipped, not
//! materialised.

use super::sheet::SheetView;
use super::xml::{attr, Xml};
use super::zipped::Zip;
use quick_xml::events::Event;
use std::collections::HashSet;

/// Repeats of a non-empty row or cell materialised at most.
const MAX_REPEAT: u32 = 1000;
/// Columns per row at most.
const MAX_COLS: u32 = 16_384;

#[derive(Default)]
struct PendingCell {
    text: String,
    cols: u32,
    rows: u32,
    repeat: u32,
    covered: bool,
    paras: u32,
}

pub fn read(bytes: &[u8]) -> Result<Vec<SheetView>, String> {
    let mut zip = Zip::open(bytes)?;
    let xml = zip.text("content.xml")?.ok_or("not an ODF document: no content.xml")?;
    let mut x = Xml::new(&xml);
    let mut hidden_styles: HashSet<String> = HashSet::new();
    let mut style: Option<String> = None;
    let mut out = Vec::new();
    let mut sheet: Option<(SheetView, bool)> = None;
    let mut table_depth = 0u32;
    let mut row = 0u32;
    let mut col_defs = 0u32;
    let mut row_repeat = 1u32;
    let mut row_hidden = false;
    let mut cells: Vec<PendingCell> = Vec::new();
    let mut cell: Option<PendingCell> = None;
    let mut skip = 0u32; // inside office:annotation
    loop {
        let ev = x.next()?;
        match ev {
            Event::Eof => break,
            Event::Start(_) if skip > 0 => skip += 1,
            Event::End(_) if skip > 0 => skip -= 1,
            _ if skip > 0 => {}
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                match e.name().as_ref() {
                    "office:annotation" if !empty => skip = 1,
                    "style:style" => style = attr(e, "style:name"),
                    "style:table-properties" => {
                        if let (Some(s), Some("false")) = (&style, attr(e, "table:display").as_deref()) {
                            hidden_styles.insert(s.clone());
                        }
                    }
                    "table:table" => {
                        table_depth += 1;
                        if table_depth == 1 {
                            let hidden = attr(e, "table:style-name").is_some_and(|s| hidden_styles.contains(&s));
                            sheet = Some((
                                SheetView {
                                    name: attr(e, "table:name").unwrap_or_default(),
                                    cells: Vec::new(),
                                    merges: Vec::new(),
                                    hidden_rows: HashSet::new(),
                                    hidden_cols: HashSet::new(),
                                },
                                hidden,
                            ));
                            row = 0;
                            col_defs = 0;
                        }
                    }
                    // column definitions: collapsed ones are hidden columns
                    "table:table-column" if table_depth == 1 => {
                        let rep = num(e, "table:number-columns-repeated").clamp(1, MAX_COLS);
                        if attr(e, "table:visibility").is_some_and(|v| v != "visible") {
                            if let Some((s, _)) = sheet.as_mut() {
                                s.hidden_cols
                                    .extend(col_defs..col_defs.saturating_add(rep).min(MAX_COLS));
                            }
                        }
                        col_defs = col_defs.saturating_add(rep);
                    }
                    "table:table-row" if table_depth == 1 => {
                        row_repeat = num(e, "table:number-rows-repeated").max(1);
                        row_hidden = attr(e, "table:visibility").is_some_and(|v| v != "visible");
                        cells.clear();
                        if empty {
                            row = row.saturating_add(row_repeat);
                        }
                    }
                    n @ ("table:table-cell" | "table:covered-table-cell") if table_depth == 1 => {
                        let c = PendingCell {
                            cols: num(e, "table:number-columns-spanned").max(1),
                            rows: num(e, "table:number-rows-spanned").max(1),
                            repeat: num(e, "table:number-columns-repeated").max(1),
                            covered: n == "table:covered-table-cell",
                            ..PendingCell::default()
                        };
                        if empty {
                            cells.push(c);
                        } else {
                            cell = Some(c);
                        }
                    }
                    "text:p" | "text:h" => {
                        if let Some(c) = cell.as_mut() {
                            if c.paras > 0 {
                                c.text.push(' ');
                            }
                            c.paras += 1;
                        }
                    }
                    "text:s" => {
                        if let Some(c) = cell.as_mut() {
                            let n = num(e, "text:c").clamp(1, 100);
                            c.text.extend(std::iter::repeat_n(' ', n as usize));
                        }
                    }
                    "text:tab" | "text:line-break" => {
                        if let Some(c) = cell.as_mut() {
                            c.text.push(' ');
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                if let Some(c) = cell.as_mut() {
                    c.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(c) = cell.as_mut() {
                    c.text.push_str(&super::xml::entity(&r));
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "style:style" => style = None,
                "table:table-cell" | "table:covered-table-cell" if table_depth == 1 => {
                    if let Some(c) = cell.take() {
                        cells.push(c);
                    }
                }
                "table:table-row" if table_depth == 1 => {
                    if let Some((s, _)) = sheet.as_mut() {
                        let has_text = cells.iter().any(|c| !c.covered && !c.text.trim().is_empty());
                        let times = if has_text { row_repeat.min(MAX_REPEAT) } else { 0 };
                        for k in 0..times {
                            let r = row + k;
                            if row_hidden {
                                s.hidden_rows.insert(r);
                            }
                            let mut col = 0u32;
                            for c in &cells {
                                if col >= MAX_COLS {
                                    break;
                                }
                                let rep = if c.text.trim().is_empty() {
                                    c.repeat
                                } else {
                                    c.repeat.min(MAX_REPEAT)
                                };
                                if !c.covered && !c.text.trim().is_empty() {
                                    for j in 0..rep.min(MAX_COLS) {
                                        s.cells.push(((r, col + j), c.text.clone()));
                                        if c.cols > 1 || c.rows > 1 {
                                            s.merges.push(((r, col + j), (r + c.rows - 1, col + j + c.cols - 1)));
                                        }
                                    }
                                } else if !c.covered && (c.cols > 1 || c.rows > 1) {
                                    s.merges.push(((r, col), (r + c.rows - 1, col + c.cols - 1)));
                                }
                                col = col.saturating_add(rep);
                            }
                        }
                        row = row.saturating_add(row_repeat);
                    }
                }
                "table:table" => {
                    if table_depth == 1 {
                        if let Some((s, hidden)) = sheet.take() {
                            if !hidden {
                                out.push(s);
                            }
                        }
                    }
                    table_depth = table_depth.saturating_sub(1);
                }
                _ => {}
            },
            _ => {}
        }
    }
    Ok(out)
}

fn num(e: &quick_xml::events::BytesStart, key: &str) -> u32 {
    attr(e, key).and_then(|v| v.parse().ok()).unwrap_or(0)
}

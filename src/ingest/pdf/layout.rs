//! Glyphs → lines, tables and paragraphs, in reading order.
//!
//! Ruled tables come from `lattice` (grids where rules meet): each glyph goes
//! to the cell box holding it, a cell's lines are joined inside the cell, and
//! each grid row becomes one grid line (`RawLine::row`: cell j = column j,
//! spanning cells with their span, covered cells empty). Unruled tables come
//! from `stream` (columns from text edges shared across lines). A table
//! continued on the next page with the same column edges keeps its number,
//! and a row broken by the page break is rejoined. Other glyphs sharing a
//! baseline make a line; a wide gap starts a new cell. Running headers and
//! page numbers (lines in the top or bottom margin that repeat from page to
//! page) are dropped, and a paragraph wrapped at the right margin, or a
//! centred title wrapped in two lines, is rejoined, across a page break too.
//! Lines are numbered in reading order across the document (a table row
//! counts its visual lines). Reading order within a page (two-column bands
//! read column by column, turned runs read apart) comes from `order`.

use super::interp::{Glyph, Marks, Rule};
use super::lattice::{self, Grid};
use super::order::{self, Band};
use super::rowless;
use super::stream;
use crate::model::{Cell, RawDoc, RawLine, RawPage, Span, TableRow};
use crate::normalize::chars::is_cjk;
use std::collections::HashMap;

/// One page's marks and its box.
pub struct PageIn {
    pub number: u32,
    pub marks: Marks,
    /// The page box: bottom and height (PDF units).
    pub bottom: f32,
    pub height: f32,
    /// The glyphs came from OCR: words without space glyphs between them,
    /// so a tight gap does not part cells.
    pub ocr: bool,
}

/// Share of the page height, at top and bottom, where running headers and
/// page numbers live.
const MARGIN_BAND: f32 = 0.08;
/// A gap wider than this many font sizes starts a new cell (outside tables).
const CELL_GAP: f32 = 1.5;

/// How many rows back a piece of a sliced row looks for the cell spanning
/// down over it (keeps hostile tables linear).
const SPAN_BACK: usize = 512;

/// A row of a table found on one page, before table numbers are known.
pub(super) struct PageRow {
    /// Top of the row.
    pub y: f32,
    pub cells: Vec<Cell>,
    /// Visual lines in the row (for line numbering).
    pub lines: u32,
    /// Which table of the page.
    pub key: usize,
}

/// A table found on one page: its column edges.
pub(super) struct PageTable {
    pub xs: Vec<f32>,
    /// A lattice grid (its columns are its rules), not a stream table.
    pub ruled: bool,
    /// A row cut by a page break may end or start it (no closing rule, or
    /// no rules at all).
    pub open: bool,
    /// Ruled, with no rule at its top (`top`) or at its foot (`foot`): a row
    /// sliced there by the page break.
    pub sliced: (bool, bool),
}

/// A page's visual lines and tables.
struct PageLines {
    number: u32,
    ocr: bool,
    bottom: f32,
    height: f32,
    /// The free lines in reading order: the lines above a two-column band,
    /// its left column, its right one, ...; each part top to bottom.
    parts: Vec<Vec<VLine>>,
    /// The page's two-column bands.
    bands: Vec<Band>,
    /// Lines of text running another way than the page (side notes,
    /// stamps), read along their direction; top to bottom.
    turned: Vec<VLine>,
    tables: Vec<PageTable>,
    rows: Vec<PageRow>,
}

/// A visual line on a page.
pub(super) struct VLine {
    pub y: f32,
    pub size: f32,
    pub glyphs: Vec<Glyph>,
}

impl VLine {
    pub fn x0(&self) -> f32 {
        self.glyphs.first().map_or(0.0, |g| g.x)
    }
    pub fn x1(&self) -> f32 {
        self.glyphs.iter().map(|g| g.x + g.w).fold(f32::MIN, f32::max)
    }
    fn key(&self) -> String {
        self.glyphs
            .iter()
            .map(|g| g.ch)
            .filter(|c| !c.is_ascii_digit() && !c.is_whitespace())
            .collect()
    }
}

/// A line after cell splitting, before paragraphs are joined.
struct Laid {
    page: u32,
    y: f32,
    size: f32,
    x0: f32,
    x1: f32,
    /// Width of the line's first word (a run of non-CJK glyphs, else its
    /// first glyph): what did not fit on the line before when it wrapped.
    lead: f32,
    cells: Vec<Cell>,
    /// Running number of the first visual line.
    number: u32,
    /// The grid row this is, when it is one.
    table: Option<TableRow>,
    /// The edges of its column, when it lies in a two-column band.
    edges: Option<(f32, f32)>,
}

/// The table being continued: its number, next row, column edges, header.
struct Open {
    table: u32,
    /// The table is ruled (a lattice grid).
    ruled: bool,
    /// The table's last part is open at its foot.
    open: bool,
    /// ... and is ruled with no rule at its foot (a row sliced there).
    sliced: bool,
    next_row: u32,
    xs: Vec<f32>,
    /// The column edges its rows had on their last page (an unruled table
    /// continued with other columns keeps `xs`).
    page_xs: Vec<f32>,
    header: Vec<String>,
}

impl Open {
    /// A table just begun in columns `xs`: no rows yet, open at no foot.
    fn new(table: u32, ruled: bool, xs: &[f32]) -> Open {
        Open {
            table,
            ruled,
            open: false,
            sliced: false,
            next_row: 0,
            xs: xs.to_vec(),
            page_xs: Vec::new(),
            header: Vec::new(),
        }
    }
}

pub fn lay_out(pages: Vec<PageIn>) -> RawDoc {
    let mut budget = lattice::DOC_PAIRS;
    let mut per_page: Vec<PageLines> = pages.into_iter().map(|p| page_lines(p, &mut budget)).collect();
    drop_running(&mut per_page);

    let mut laid: Vec<Laid> = Vec::new();
    let mut counter = 0u32;
    let mut tables = 0u32;
    let mut open: Option<Open> = None;
    let mut votes = stream::Votes::default();
    for p in &mut per_page {
        // stream tables among the free lines
        // (an unruled table open at the foot of the page before may go on
        // atop this one, when no ruled row stands above its lines)
        let top = p.parts.iter().flatten().map(|l| l.y).fold(f32::MIN, f32::max);
        let top = if top == f32::MIN { f32::MAX } else { top };
        let cont: Vec<&[f32]> = open
            .as_ref()
            .filter(|o| !o.ruled && o.open && p.rows.iter().all(|r| r.y < top))
            .map(|o| {
                let mut v = vec![o.xs.as_slice()];
                if !same_edges(&o.xs, &o.page_xs) {
                    v.push(o.page_xs.as_slice());
                }
                v
            })
            .unwrap_or_default();
        // (a line repeating the open table's header starts a table there)
        let head: Vec<String> = open
            .as_ref()
            .filter(|o| !o.ruled)
            .map(|o| o.header.clone())
            .unwrap_or_default();
        // (and whether that table is a head alone at the foot of the page
        // before: its body must follow atop this page)
        let foot_head = !cont.is_empty() && open.as_ref().is_some_and(|o| foot_head(&laid, o.table, p.number));
        // (each column of a two-column band on its own)
        let mut lines: Vec<VLine> = Vec::new();
        for (k, mut part) in std::mem::take(&mut p.parts).into_iter().enumerate() {
            let cont: &[&[f32]] = if k == 0 { &cont } else { &[] };
            let head = stream::Carry {
                xs: cont,
                header: &head,
                head_only: k == 0 && foot_head,
            };
            let (rows, tabs) = stream::tables(&mut part, p.tables.len(), p.ocr, &head, &mut votes);
            p.rows.extend(rows);
            p.tables.extend(tabs);
            lines.extend(part);
        }
        // text turned on the upright page (a side note, a stamp) is no part
        // of the flow it stands beside: it goes at the foot of its page, so
        // that it parts no paragraph or table there
        let upright = lines.len();
        lines.extend(std::mem::take(&mut p.turned));
        enum E {
            Line(usize),
            Row(usize),
        }
        // in reading order: by height, a band's left column before its right one
        let bands = &p.bands;
        let mut entries: Vec<((f32, usize, f32), E)> = lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let key = if i < upright {
                    order::order_key(bands, l.y, l.x0(), l.x1())
                } else {
                    (f32::NEG_INFINITY, 0, l.y)
                };
                (key, E::Line(i))
            })
            .collect();
        entries.extend(p.rows.iter().enumerate().map(|(i, r)| {
            let xs = &p.tables[r.key].xs;
            let (x0, x1) = (xs.first().copied().unwrap_or(0.0), xs.last().copied().unwrap_or(0.0));
            (order::order_key(bands, r.y, x0, x1), E::Row(i))
        }));
        entries.sort_by(|a, b| order::before(&a.0, &b.0));
        let mut current: Option<usize> = None; // table key on this page being written
        let mut may_join = false;
        // the first row continues a row sliced by the page break; then the
        // row that may repeat the header
        let mut sliced = false;
        let mut header_only = false;
        let mut refit = false;
        let mut first = true;
        let carried = open.take();
        let mut carried = carried;
        for (_, e) in entries {
            match e {
                E::Line(i) => {
                    let line = &lines[i];
                    let edges = bands
                        .iter()
                        .find_map(|b| b.column(line.y, line.x0(), line.x1()).map(|c| b.edges(c)));
                    counter += 1;
                    current = None;
                    open = None;
                    carried = None;
                    laid.push(Laid {
                        page: p.number,
                        y: line.y,
                        size: line.size,
                        x0: line.x0(),
                        x1: line.x1(),
                        lead: lead(line),
                        cells: gap_cells(line),
                        number: counter,
                        table: None,
                        edges,
                    });
                }
                E::Row(i) => {
                    let fitted;
                    let mut row = &p.rows[i];
                    let xs = &p.tables[row.key].xs;
                    if current != Some(row.key) {
                        current = Some(row.key);
                        // a new table here, or the one left open on the last page
                        // (or, for an unruled table, the one just above it
                        // on this page when its columns fit that one's)
                        let cut = p.tables[row.key].open;
                        let above = open.take().filter(|o| {
                            !first
                                && cut
                                && !p.tables[row.key].ruled
                                && p.rows
                                    .iter()
                                    .filter(|r| r.key == row.key)
                                    .all(|r| fit(&r.cells, &o.xs).is_some())
                        });
                        let cont = if first { carried.take() } else { above };
                        carried = None;
                        // (not onto a lone header row with other columns at
                        // the foot of the page before: Chromium prints a
                        // table's head there when no body row fits under it)
                        let lone_head = |o: &Open| o.next_row == 1 && !same_edges(&o.xs, xs);
                        // (a row sliced there by the page break joins
                        // even a lone row: the page's columns hold its own)
                        sliced = first
                            && cont
                                .as_ref()
                                .is_some_and(|o| o.sliced && p.tables[row.key].sliced.0 && has_edges(xs, &o.xs));
                        may_join = sliced
                            || first
                                && cont
                                    .as_ref()
                                    .is_some_and(|o| (o.open || cut || same_edges(&o.xs, xs)) && !lone_head(o));
                        // an unruled table continued with fewer columns
                        // (its first columns empty on this page) keeps the
                        // columns it had
                        refit = cont.as_ref().is_some_and(|o| {
                            (o.open || !first)
                                && !same_edges(&o.xs, xs)
                                && p.rows
                                    .iter()
                                    .filter(|r| r.key == row.key)
                                    .all(|r| fit(&r.cells, &o.xs).is_some())
                        });
                        // (or, when they fit neither and the table so far
                        // is its head (no figure in its rows), its body's
                        // own finer columns: the table's columns were read
                        // off a head whose cells span several; the first
                        // columns they leave empty stay the table's)
                        let body: Vec<&PageRow> = p.rows.iter().filter(|r| r.key == row.key).collect();
                        let finer = cont
                            .as_ref()
                            .filter(|o| may_join && !refit && !o.ruled && !p.tables[row.key].ruled)
                            .filter(|o| head_only(&laid, o.table))
                            .and_then(|o| finer(&o.xs, xs, &body));
                        let cont = match (cont, finer) {
                            (Some(mut o), Some(w)) => {
                                // (its rows so far, its head and a cut
                                // row's rest, go into them too: a table's
                                // rows share its columns)
                                let t = Some(o.table);
                                let (x0, x1) = (w.first().copied().unwrap_or(0.0), w.last().copied().unwrap_or(0.0));
                                for l in laid.iter_mut().rev().take_while(|l| l.table.map(|r| r.table) == t) {
                                    if let Some(cells) = fit(&l.cells, &w) {
                                        (l.cells, l.x0, l.x1) = (cells, x0, x1);
                                    }
                                }
                                o.xs = w;
                                refit = true;
                                Some(o)
                            }
                            (cont, _) => cont,
                        };
                        open = match cont {
                            Some(o) if same_edges(&o.xs, xs) || refit => Some(o),
                            _ => {
                                tables += 1;
                                Some(Open::new(tables - 1, p.tables[row.key].ruled, xs))
                            }
                        };
                        if first && !p.tables[row.key].ruled {
                            if let Some(o) = open.as_mut().filter(|o| o.next_row == 0) {
                                head_at_foot(&mut laid, p.number, xs, o);
                            }
                        }
                    }
                    // an unruled table restarted under a header row of its
                    // own (the document's next table, printed with other
                    // widths: without rules its rows run on from the table
                    // above, on the same page or atop the next): from that
                    // row on a new table in its own columns, never refitted
                    // into the columns of the one above; a header repeated
                    // atop a page in the same columns is dropped below
                    let repeated = may_join
                        && open.as_ref().is_some_and(|o| {
                            row.cells
                                .iter()
                                .map(|c| c.text.as_str())
                                .eq(o.header.iter().map(String::as_str))
                        });
                    let restart = !repeated
                        && !p.tables[row.key].ruled
                        && open.as_ref().is_some_and(|o| {
                            !o.ruled && o.next_row > 0 && stream::same_words(&o.header, &texts(&row.cells))
                        });
                    if restart {
                        tables += 1;
                        open = Some(Open::new(tables - 1, false, xs));
                        refit = false;
                        may_join = false;
                        sliced = false;
                    }
                    if refit {
                        if let Some(cells) = open.as_ref().and_then(|o| fit(&row.cells, &o.xs)) {
                            fitted = PageRow {
                                y: row.y,
                                cells,
                                lines: row.lines,
                                key: row.key,
                            };
                            row = &fitted;
                        }
                    }
                    if may_join {
                        // continued: a repeated header row is dropped, a broken row rejoined
                        let texts: Vec<String> = row.cells.iter().map(|c| c.text.clone()).collect();
                        let header = open.as_ref().is_some_and(|o| o.next_row > 0 && texts == o.header);
                        if header {
                            counter += row.lines;
                            first = false;
                            continue;
                        }
                        may_join = false;
                        let prev = laid.last_mut().filter(|l| l.table.is_some() && !header_only);
                        header_only = false;
                        if let Some(prev) = prev {
                            // a ruled row sliced by the page break (no rule
                            // at the foot of the page before, none atop this
                            // one): its cells join those above them, whatever
                            // they hold; the next row may repeat the header
                            if let Some(map) = sliced.then(|| beneath(&prev.cells, &row.cells)).flatten() {
                                let table = prev.table.map(|t| t.table);
                                for (from, _) in map {
                                    // under a cell spanning down from a row
                                    // above: into that row's cell
                                    let piece = &row.cells[from];
                                    let centre = piece.x.unwrap_or(0.0) + piece.width.unwrap_or(0.0) / 2.0;
                                    let home = laid
                                        .iter_mut()
                                        .rev()
                                        .take_while(|l| l.table.map(|t| t.table) == table)
                                        .take(SPAN_BACK)
                                        .find_map(|l| {
                                            l.cells.iter_mut().find(|c| !c.span.is_covered() && holds(c, centre))
                                        });
                                    if let Some(home) = home {
                                        join_text(&mut home.text, &piece.text);
                                    }
                                }
                                counter += row.lines;
                                first = false;
                                sliced = false;
                                may_join = true;
                                header_only = true;
                                continue;
                            }
                            if let Some(map) = broken(&prev.cells, &row.cells) {
                                for (from, to) in map {
                                    join_text(&mut prev.cells[to].text, &row.cells[from].text);
                                }
                                counter += row.lines;
                                first = false;
                                continue;
                            }
                        }
                    }
                    let Some(o) = &mut open else { continue };
                    o.open = p.tables[row.key].open;
                    o.page_xs.clone_from(xs);
                    o.sliced = p.tables[row.key].sliced.1;
                    if o.next_row == 0 {
                        o.header = row.cells.iter().map(|c| c.text.clone()).collect();
                    }
                    let number = counter + 1;
                    counter += row.lines.max(1);
                    let x0 = xs.first().copied().unwrap_or(0.0);
                    let x1 = xs.last().copied().unwrap_or(0.0);
                    laid.push(Laid {
                        page: p.number,
                        y: row.y,
                        size: 0.0,
                        x0,
                        x1,
                        lead: 0.0,
                        cells: row.cells.clone(),
                        number,
                        table: Some(TableRow {
                            table: o.table,
                            row: o.next_row,
                        }),
                        edges: None,
                    });
                    o.next_row += 1;
                }
            }
            first = false;
        }
        // a table open at the foot of the page may continue on the next
        if current.is_none() {
            open = None;
        }
    }
    paragraphs(laid, per_page.iter().map(|p| p.number).collect())
}

/// A new unruled table atop a page whose head (its header and first row,
/// too few lines to be taken for a table there) stands at the foot of the
/// page before, as Word and Writer break a table anywhere: the free lines
/// ending that page, each in the table's columns (two of them with two
/// cells or more, one with three), become its first rows; a one-cell line
/// under a row's cell with text is that cell's next line.
fn head_at_foot(laid: &mut Vec<Laid>, page: u32, xs: &[f32], o: &mut Open) {
    let Some(prev) = laid.last().map(|l| l.page).filter(|&q| q < page) else {
        return;
    };
    let n = laid
        .iter()
        .rev()
        .take_while(|l| l.table.is_none() && l.page == prev && l.edges.is_none() && fit(&l.cells, xs).is_some())
        .count();
    // (from its first line with two cells: one-cell lines above it, a
    // title, a unit, stay text)
    let Some(from) = (laid.len() - n..laid.len()).find(|&k| laid[k].cells.len() >= 2) else {
        return;
    };
    let foot = &laid[from..];
    let multi = foot.iter().filter(|l| l.cells.len() >= 2).count();
    if multi < 2 || !foot.iter().any(|l| l.cells.len() >= 3) {
        return;
    }
    // each line a row of its own, or (one cell under a row's cell with
    // text) that cell's next line; anything else and they are no head
    let fitted: Vec<Vec<Cell>> = foot.iter().filter_map(|l| fit(&l.cells, xs)).collect();
    let mut plan: Vec<Option<(usize, usize)>> = Vec::with_capacity(fitted.len());
    let mut row: Option<usize> = None;
    for (k, cells) in fitted.iter().enumerate() {
        let filled: Vec<usize> = (0..cells.len()).filter(|&j| !cells[j].text.is_empty()).collect();
        if filled.len() >= 2 {
            plan.push(None);
            row = Some(k);
            continue;
        }
        let above = row
            .zip(filled.first().copied())
            .filter(|&(r, j)| !fitted[r][j].text.is_empty());
        let Some(above) = above else { return };
        plan.push(Some(above));
    }
    let x0 = xs.first().copied().unwrap_or(0.0);
    let x1 = xs.last().copied().unwrap_or(0.0);
    let mut rows = vec![0usize; fitted.len()];
    for (k, cells) in fitted.into_iter().enumerate() {
        match plan[k] {
            Some((r, j)) => {
                let at = rows[r];
                let text = cells[j].text.clone();
                join_text(&mut laid[at].cells[j].text, &text);
            }
            None => {
                let l = &mut laid[from + k];
                (l.cells, l.x0, l.x1, l.size, l.lead) = (cells, x0, x1, 0.0, 0.0);
                l.table = Some(TableRow {
                    table: o.table,
                    row: o.next_row,
                });
                if o.next_row == 0 {
                    o.header = l.cells.iter().map(|c| c.text.clone()).collect();
                }
                o.next_row += 1;
                rows[k] = from + k;
            }
        }
    }
    // (the joined lines leave; only the page's foot is touched)
    let tail: Vec<Laid> = laid
        .drain(from..)
        .zip(&plan)
        .filter(|(_, p)| p.is_none())
        .map(|(l, _)| l)
        .collect();
    laid.extend(tail);
}

/// The width of a line's first word: see `Laid::lead`.
fn lead(line: &VLine) -> f32 {
    let x0 = line.x0();
    let mut end = x0;
    for g in &line.glyphs {
        end = g.x + g.w;
        if wide(g.ch) || g.ch.is_whitespace() {
            break;
        }
    }
    end - x0
}

fn texts(cells: &[Cell]) -> Vec<&str> {
    cells.iter().map(|c| c.text.as_str()).collect()
}

fn same_edges(a: &[f32], b: &[f32]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= 3.0)
}

/// Every edge of `part` is one of `all`'s (a table's columns, or some of
/// them merged).
fn has_edges(all: &[f32], part: &[f32]) -> bool {
    part.iter().all(|x| all.iter().any(|y| (x - y).abs() <= 3.0))
}

/// Table `t`, the last laid, is a head alone at the foot of the page before
/// `page`: all its rows there, words only.
fn foot_head(laid: &[Laid], t: u32, page: u32) -> bool {
    laid.last().is_some_and(|l| l.table.is_some_and(|r| r.table == t))
        && laid
            .iter()
            .rev()
            .take_while(|l| l.table.is_some_and(|r| r.table == t))
            .all(|l| l.page.checked_add(1) == Some(page))
        && head_only(laid, t)
}

/// The rows laid of table `t` (the last lines laid) hold no figure: a
/// table's head, perhaps with a cut row's rest of words.
fn head_only(laid: &[Laid], t: u32) -> bool {
    let number = |s: &str| {
        s.chars().any(|c| c.is_ascii_digit())
            && s.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | '%' | ',' | '-'))
    };
    laid.iter()
        .rev()
        .take_while(|l| l.table.is_some_and(|r| r.table == t))
        .all(|l| l.cells.iter().all(|c| !number(c.text.trim())))
}

/// The columns of a table's rows continued on a page (`xs`) that fit none
/// of the columns the table had (`open`): theirs, when they are finer (more
/// of them than the table had: a head's spanning cells set its edges
/// only roughly), with the table's first columns left of theirs kept (empty on
/// this page: a rowspan's label printed on the page before), their first
/// column widened to meet them. Each row must fit the result.
fn finer(open: &[f32], xs: &[f32], rows: &[&PageRow]) -> Option<Vec<f32>> {
    let &first = xs.first()?;
    // the table's edges left of (or at) the rows' first one
    let m = open.iter().rposition(|&e| e <= first + 3.0)?;
    let mut out: Vec<f32> = open[..=m].to_vec();
    out.extend_from_slice(&xs[1..]);
    if out.len() <= open.len() || out.windows(2).any(|w| w[1] <= w[0]) {
        return None;
    }
    rows.iter().all(|r| fit(&r.cells, &out).is_some()).then_some(out)
}

/// An unruled row's cells put in the given columns: each cell with text in
/// the column it overlaps most (more than half of the cell), two in one
/// column not at all.
fn fit(cells: &[Cell], xs: &[f32]) -> Option<Vec<Cell>> {
    let mut out: Vec<Cell> = xs
        .windows(2)
        .map(|w| Cell {
            x: Some(w[0]),
            width: Some(w[1] - w[0]),
            ..Cell::default()
        })
        .collect();
    for c in cells.iter().filter(|c| !c.text.is_empty()) {
        if c.span.is_covered() || c.span != Span::default() {
            return None;
        }
        let (x0, w) = (c.x?, c.width?);
        let x1 = x0 + w;
        let (j, o) = xs
            .windows(2)
            .enumerate()
            .map(|(j, b)| (j, x1.min(b[1]) - x0.max(b[0])))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))?;
        if o < 0.5 * w || !out[j].text.is_empty() {
            return None;
        }
        out[j].text = c.text.clone();
    }
    Some(out)
}

/// The first row on a page continues the last row of the page before (a
/// row broken by the page break): each of its cells with text lies under a
/// cell of that row with text, some of those get nothing, and none of its
/// cells is a bare number (a new row brings its own figures). Gives which
/// cell joins which.
fn broken(prev: &[Cell], next: &[Cell]) -> Option<Vec<(usize, usize)>> {
    let number = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | '%' | ',' | '-'))
    };
    let mut map = Vec::new();
    for (k, n) in next.iter().enumerate() {
        if n.text.is_empty() {
            continue;
        }
        if number(&n.text) {
            return None;
        }
        let centre = n.x.unwrap_or(0.0) + n.width.unwrap_or(0.0) / 2.0;
        let to = prev.iter().position(|p| {
            let x = p.x.unwrap_or(f32::MIN);
            !p.span.is_covered() && x <= centre && centre <= x + p.width.unwrap_or(0.0)
        })?;
        if prev[to].text.is_empty() {
            return None;
        }
        map.push((k, to));
    }
    let hit = |j: usize| map.iter().any(|&(_, to)| to == j);
    let gap = prev.iter().enumerate().any(|(j, p)| !p.text.is_empty() && !hit(j));
    (!map.is_empty() && gap).then_some(map)
}

/// The cell's columns hold `x`.
fn holds(c: &Cell, x: f32) -> bool {
    let x0 = c.x.unwrap_or(f32::MIN);
    x0 <= x && x <= x0 + c.width.unwrap_or(0.0)
}

/// For each cell of `next` with text, the cell of `prev` above it (holding
/// its centre; a covered one when a cell spanning down from a row above
/// covers it); `None` when one has none.
fn beneath(prev: &[Cell], next: &[Cell]) -> Option<Vec<(usize, usize)>> {
    let mut map = Vec::new();
    for (k, n) in next.iter().enumerate() {
        if n.text.is_empty() {
            continue;
        }
        let centre = n.x.unwrap_or(0.0) + n.width.unwrap_or(0.0) / 2.0;
        let to = prev
            .iter()
            .position(|p| !p.span.is_covered() && holds(p, centre))
            .or_else(|| prev.iter().position(|p| holds(p, centre)))?;
        map.push((k, to));
    }
    Some(map)
}

/// A page's grids, the rows of its ruled tables and the lines of the rest.
fn page_lines(p: PageIn, budget: &mut usize) -> PageLines {
    let rules = unstruck(&p.marks.rules, &p.marks.glyphs);
    let grids = lattice::grids(&rules, budget);
    let mut free = Vec::with_capacity(if grids.is_empty() { p.marks.glyphs.len() } else { 0 });
    let mut inside: Vec<Vec<Vec<Glyph>>> = grids.iter().map(|g| vec![Vec::new(); g.rows() * g.cols()]).collect();
    for g in p.marks.glyphs {
        let (px, py) = order::centre(&g);
        let hit = grids
            .iter()
            .enumerate()
            .find_map(|(k, grid)| grid.locate(px, py).map(|(r, c)| (k, grid.owner[r * grid.cols() + c])));
        match hit {
            Some((k, cell)) => inside[k][cell].push(g),
            None => free.push(g),
        }
    }
    let mut tables = Vec::new();
    let mut rows = Vec::new();
    let mut boxes: Vec<[f32; 4]> = Vec::new();
    for (grid, cells) in grids.iter().zip(inside) {
        if cells.iter().all(|c| c.iter().all(|g| g.ch.is_whitespace())) {
            // an empty grid: no glyph in it (a drawing), its glyphs already free
            continue;
        }
        let key = tables.len();
        let (grid, cells) = rowless::cut(grid, cells);
        let grid = &grid;
        rows.extend(grid_rows(grid, cells, key));
        if let (Some(&x0), Some(&x1), Some(&y1), Some(&y0)) =
            (grid.xs.first(), grid.xs.last(), grid.ys.first(), grid.ys.last())
        {
            boxes.push([x0, y0, x1, y1]);
        }
        tables.push(PageTable {
            xs: grid.xs.clone(),
            ruled: true,
            open: grid.open,
            sliced: (grid.open_top, grid.open_foot),
        });
    }
    // runs turned on the upright page read as lines of their own; two
    // columns of text read one after the other
    let (free, turned) = order::turned(free);
    let (parts, bands) = order::columns(lines_of(free), &boxes);
    PageLines {
        number: p.number,
        ocr: p.ocr,
        bottom: p.bottom,
        height: p.height,
        parts,
        bands,
        turned,
        tables,
        rows,
    }
}

/// Share of a horizontal rule's length that, run through the middle of
/// glyphs, makes it no cell edge.
const STRUCK: f32 = 0.2;
/// Glyph checks per page for struck rules (beyond it rules are kept).
const STRIKE_WORK: usize = 4_000_000;

/// The rules without those struck through text: a horizontal rule crossing
/// the middle of glyphs along a fifth of its length or more is no cell edge
/// (strike-through, or wkhtmltopdf drawing a sliced cell's box again across
/// the row under it, through that row's text). Only upright glyphs count.
fn unstruck(rules: &[Rule], glyphs: &[Glyph]) -> Vec<Rule> {
    if rules.iter().all(Rule::vertical) {
        return rules.to_vec();
    }
    // sorted by baseline, ties in drawing order (as a stable sort leaves them):
    // keyed top down, the order pages are mostly drawn in (a stable sort
    // takes such runs as they are), then read back bottom up group by group
    // (a page's glyphs are far fewer than 2^32: MAX_GLYPHS; the index fits
    // the key's low half, and the keys sort as fast as u64s)
    let mut keys: Vec<u64> = glyphs
        .iter()
        .enumerate()
        .filter(|(_, g)| g.quarter & 3 == 0 && !g.ch.is_whitespace() && g.size > 0.0)
        .filter_map(|(i, g)| Some(u64::from(!total_key(g.y)) << 32 | u64::from(u32::try_from(i).ok()?)))
        .collect();
    if keys.is_empty() {
        return rules.to_vec();
    }
    keys.sort();
    let mut by_y: Vec<&Glyph> = Vec::with_capacity(keys.len());
    let mut end = keys.len();
    while end > 0 {
        let y = keys[end - 1] >> 32;
        let start = keys[..end].iter().rposition(|k| k >> 32 != y).map_or(0, |p| p + 1);
        by_y.extend(
            keys[start..end]
                .iter()
                .map(|&k| &glyphs[(k & u64::from(u32::MAX)) as usize]),
        );
        end = start;
    }
    drop(keys);
    let big = by_y.iter().map(|g| g.size).fold(0.0, f32::max);
    let mut work = 0usize;
    rules
        .iter()
        .filter(|r| {
            if r.vertical() || work > STRIKE_WORK {
                return true;
            }
            let y = (r.y0 + r.y1) / 2.0;
            let len = r.x1 - r.x0;
            // glyphs whose body (above the baseline, up to two thirds: clear
            // of the rule under a cell and of the one atop it) holds y
            let from = by_y.partition_point(|g| g.y < y - 0.65 * big);
            let mut struck = 0.0;
            for g in by_y[from..].iter().take_while(|g| g.y < y) {
                work += 1;
                let mid = g.x + g.w / 2.0;
                if y > g.y && y < g.y + 0.65 * g.size && mid > r.x0 && mid < r.x1 {
                    struck += g.w;
                }
            }
            struck < STRUCK * len
        })
        .copied()
        .collect()
}

/// The rows of a grid with its cells' glyphs (indexed by owner cell).
fn grid_rows(grid: &Grid, mut cells: Vec<Vec<Glyph>>, key: usize) -> Vec<PageRow> {
    let n = grid.cols();
    let mut out = Vec::with_capacity(grid.rows());
    for r in 0..grid.rows() {
        let mut row = Vec::with_capacity(n);
        let mut baselines: Vec<f32> = Vec::new();
        for c in 0..n {
            let x = grid.xs[c];
            match grid.span(r, c) {
                None => row.push(Cell {
                    x: Some(x),
                    width: Some(grid.xs[c + 1] - x),
                    ..Cell::covered()
                }),
                Some((cols, rows)) => {
                    let width = grid.xs[(c + cols).min(n)] - x;
                    let (glyphs, turned) = order::turned(std::mem::take(&mut cells[r * n + c]));
                    let lines = order::with_turned(lines_of(glyphs), turned);
                    baselines.extend(lines.iter().map(|l| l.y));
                    row.push(Cell {
                        text: cell_text(&lines, x, width),
                        x: Some(x),
                        width: Some(width),
                        span: Span::new(cols as u16, rows as u16),
                    });
                }
            }
        }
        baselines.sort_by(|a, b| b.total_cmp(a));
        baselines.dedup_by(|b, a| (*a - *b).abs() < 2.0);
        out.push(PageRow {
            y: grid.ys[r],
            cells: row,
            lines: baselines.len() as u32,
            key,
        });
    }
    out
}

/// A cell's text from its lines: wrapped lines rejoined; lines that did not
/// fill the cell are separate entries, kept apart by a space where digits
/// would meet (`100` over `200` is never `100200`).
pub(super) fn cell_text(lines: &[VLine], left: f32, width: f32) -> String {
    let inner = inner_width(lines, left, width);
    let mut s = String::new();
    let mut prev: Option<&VLine> = None;
    for l in lines {
        let refs: Vec<&Glyph> = l.glyphs.iter().collect();
        let t = text_of(&refs);
        if let Some(p) = prev {
            let digits = s.chars().last().is_some_and(|c| c.is_ascii_digit())
                && t.chars().next().is_some_and(|c| c.is_ascii_digit());
            if digits && !wraps(p, l, inner) {
                s.push(' ');
            }
        }
        join_text(&mut s, &t);
        prev = Some(l);
    }
    s
}

/// The width a cell's lines may fill: the cell less its padding on both
/// sides, the padding being the nearest its text comes to the left edge, at
/// most what producers use (Word 5.4 pt, typesetters 5 pt, browsers less).
pub(super) fn inner_width(lines: &[VLine], left: f32, width: f32) -> f32 {
    let size = lines.iter().map(|l| l.size).fold(1.0, f32::max);
    let pad = lines
        .iter()
        .map(|l| l.x0() - left)
        .fold(f32::MAX, f32::min)
        .clamp(0.0, 0.7 * size);
    width - 2.0 * pad
}

/// Line `next` is `prev` wrapped in a cell `inner` wide: its first glyph
/// would not have fitted on `prev`, with the punctuation after it that no
/// line may start with (`分，`: Writer and browsers carry the character
/// before such a mark down with it).
pub(super) fn wraps(prev: &VLine, next: &VLine, inner: f32) -> bool {
    let mut next_w = next.glyphs.first().map_or(0.0, |g| g.w);
    if let Some(g) = next.glyphs.get(1).filter(|g| no_line_start(g.ch)) {
        next_w += g.w;
    }
    (prev.x1() - prev.x0()) + next_w > inner - 0.5
}

/// Punctuation a CJK line never starts with (closing marks, pauses, stops).
fn no_line_start(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '」'
            | '』'
            | '】'
            | '》'
            | '”'
            | '’'
            | ','
            | '.'
            | ';'
            | ':'
            | ')'
            | '%'
            | '％'
    )
}

/// Groups glyphs into baseline lines, each sorted by x; overprinted
/// duplicates (fake bold) are dropped.
#[allow(clippy::neg_cmp_op_on_partial_ord)]
pub(super) fn lines_of(glyphs: Vec<Glyph>) -> Vec<VLine> {
    // top to bottom, left to right, ties in drawing order (as a stable sort
    // leaves them): integer keys sort several times faster than the glyphs
    // (packed in one integer; a stable sort takes the runs in drawing order as
    // they are)
    let mut keys: Vec<u128> = glyphs
        .iter()
        .enumerate()
        .map(|(i, g)| u128::from(!total_key(g.y)) << 96 | u128::from(total_key(g.x)) << 64 | i as u128)
        .collect();
    keys.sort();
    let at = |k: u128| &glyphs[(k & u128::from(u64::MAX)) as usize];
    // a line is a run of the sorted glyphs: its first glyph's baseline, its
    // largest size so far; each run's keys are then sorted by x (the key's
    // middle part) and its glyphs copied out once
    let mut lines: Vec<VLine> = Vec::new();
    let mut start = 0;
    while start < keys.len() {
        let first = at(keys[start]);
        let (y, mut size) = (first.y, first.size);
        let mut end = start + 1;
        while let Some(g) = keys.get(end).map(|&k| at(k)) {
            // (not `>`: a NaN distance starts a line, as it always did)
            if !((y - g.y).abs() <= 0.35 * size.max(g.size).max(1.0)) {
                break;
            }
            size = size.max(g.size);
            end += 1;
        }
        let run = &mut keys[start..end];
        // (a line drawn left to right is in order already: no sort)
        if !run.is_sorted_by_key(|&k| (k >> 64) as u32) {
            run.sort_by_key(|&k| (k >> 64) as u32);
        }
        let mut kept: Vec<Glyph> = Vec::with_capacity(run.len());
        for g in run.iter().map(|&k| at(k)) {
            let dup = kept
                .last()
                .is_some_and(|a| a.ch == g.ch && (g.x - a.x).abs() < 0.3 * a.w.max(0.5) && (g.y - a.y).abs() < 1.0);
            if !dup {
                kept.push(g.clone());
            }
        }
        while kept.last().is_some_and(|g| g.ch.is_whitespace()) {
            kept.pop();
        }
        let lead = kept.iter().take_while(|g| g.ch.is_whitespace()).count();
        if lead > 0 {
            kept.drain(..lead);
        }
        if !kept.is_empty() {
            lines.push(VLine { y, size, glyphs: kept });
        }
        start = end;
    }
    lines
}

/// An integer whose order is `f32::total_cmp`'s: negative values' bits
/// reversed below the positive ones'.
pub(super) fn total_key(v: f32) -> u32 {
    let b = v.to_bits();
    if b & 0x8000_0000 != 0 {
        !b
    } else {
        b | 0x8000_0000
    }
}

/// Drops lines in the top and bottom margins that repeat on other pages once
/// digits are ignored (running headers, `- 3 -`, `第 3 页`), and bare numbers there.
fn drop_running(pages: &mut [PageLines]) {
    let in_band = |y: f32, bottom: f32, height: f32| {
        height > 0.0 && (y < bottom + MARGIN_BAND * height || y > bottom + (1.0 - MARGIN_BAND) * height)
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for p in pages.iter() {
        let mut keys: Vec<String> = p
            .parts
            .iter()
            .flatten()
            .filter(|l| in_band(l.y, p.bottom, p.height))
            .map(VLine::key)
            .collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            *seen.entry(k).or_default() += 1;
        }
    }
    for p in pages.iter_mut() {
        let (bottom, height) = (p.bottom, p.height);
        for part in &mut p.parts {
            part.retain(|l| {
                if !in_band(l.y, bottom, height) {
                    return true;
                }
                // bare numbers count together: page numbers on two pages or
                // more; one character is a narrow cell's wrapped line, not a header
                let key = l.key();
                key.chars().count() == 1 || seen.get(&key).copied().unwrap_or(0) < 2
            });
        }
    }
}

fn gap_cells(line: &VLine) -> Vec<Cell> {
    // groups as runs of one list of the line's glyphs: a gap wider than
    // CELL_GAP after a non-empty group starts the next
    let refs: Vec<&Glyph> = line.glyphs.iter().collect();
    let cell = |g: &[&Glyph]| Cell {
        x: Some(g[0].x),
        width: Some(g.last().map_or(0.0, |l| l.x + l.w) - g[0].x),
        text: text_of(g),
        ..Cell::default()
    };
    let mut cells = Vec::new();
    let (mut start, mut end) = (0, f32::MIN);
    for (k, g) in refs.iter().enumerate() {
        let gap = g.x - end;
        if gap > CELL_GAP * line.size && k > start {
            cells.push(cell(&refs[start..k]));
            start = k;
        }
        end = end.max(g.x + g.w);
    }
    if start < refs.len() {
        cells.push(cell(&refs[start..]));
    }
    cells
}

/// The text of glyphs in x order: a space where a gap separates two non-CJK
/// glyphs that have none between them, or opens a list marker after CJK
/// text (`×1分 4. 四季度`).
pub(super) fn text_of(glyphs: &[&Glyph]) -> String {
    let mut s = String::with_capacity(glyphs.len() * 3);
    let mut prev: Option<&Glyph> = None;
    for (i, g) in glyphs.iter().enumerate() {
        if let Some(p) = prev {
            let gap = g.x - (p.x + p.w);
            if gap > 0.25 * g.size.max(p.size) && !p.ch.is_whitespace() && !g.ch.is_whitespace() {
                let marker = || {
                    !p.ch.is_ascii_digit() && {
                        let next: String = glyphs[i..].iter().take(5).map(|g| g.ch).collect();
                        starts_item(&next)
                    }
                };
                if (!wide(p.ch) && !wide(g.ch)) || marker() {
                    s.push(' ');
                }
            }
        }
        s.push(g.ch);
        prev = Some(g);
    }
    let t = s.trim();
    if t.len() == s.len() {
        s
    } else {
        t.to_string()
    }
}

fn wide(c: char) -> bool {
    is_cjk(c) || ('\u{3000}'..='\u{303f}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c)
}

/// Appends a wrapped continuation. A wrap between two words stood for a
/// space, and one before a list marker (`5. `, `（2）`); anywhere else (CJK,
/// punctuation, a number cut in a narrow cell: `212347` + `70.91`) the
/// pieces are glued.
pub(super) fn join_text(into: &mut String, more: &str) {
    if more.is_empty() {
        return;
    }
    if let (Some(a), Some(b)) = (into.chars().last(), more.chars().next()) {
        let words =
            a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() && !(a.is_ascii_digit() && b.is_ascii_digit());
        if !a.is_whitespace() && (words || starts_item(more)) {
            into.push(' ');
        }
    }
    into.push_str(more);
}

/// Text that opens with a list marker (`5. `, `2、`, `(3)`, `（3）`): a wrap
/// before it stood for a space.
fn starts_item(s: &str) -> bool {
    let rest = s.trim_start_matches(['(', '（']);
    let opened = rest.len() < s.len();
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return false;
    }
    let mut after = rest[digits..].chars();
    match (after.next(), after.next()) {
        (Some(')' | '）'), _) => opened,
        (Some('、'), _) => !opened,
        (Some('.'), Some(c)) => !opened && !c.is_ascii_digit(),
        _ => false,
    }
}

/// The most common value, to the nearest point (ties: the larger).
fn mode(values: impl Iterator<Item = f32>) -> f32 {
    let mut counts: HashMap<i32, usize> = HashMap::new();
    for v in values {
        *counts.entry(v.round() as i32).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(v, n)| (n, v))
        .map_or(0.0, |(v, _)| v as f32)
}

/// The last prose line kept, for paragraph joining.
struct Tail {
    /// Page index holding its RawLine.
    home: usize,
    /// Page index of its last visual line.
    page: usize,
    y: f32,
    size: f32,
    x0: f32,
    x1: f32,
    /// The edges of the text block (or column) its last visual line is in.
    left: f32,
    right: f32,
    /// Its last visual line ends its page.
    at_end: bool,
}

/// Rejoins paragraphs wrapped at the right margin and builds the pages.
fn paragraphs(laid: Vec<Laid>, page_numbers: Vec<u32>) -> RawDoc {
    let prose = |l: &Laid| l.table.is_none() && l.cells.len() == 1;
    // the text block's edges: where most prose lines start and end (lines
    // in a column of a two-column band have their column's)
    let block = |l: &&Laid| prose(l) && l.edges.is_none();
    let spread = laid.iter().any(|l| block(&l));
    let block = |l: &&Laid| if spread { block(l) } else { prose(l) };
    let left = mode(laid.iter().filter(block).map(|l| l.x0));
    let right = mode(laid.iter().filter(block).map(|l| l.x1));
    let mut pages: Vec<RawPage> = page_numbers
        .iter()
        .map(|&n| RawPage {
            number: Some(n),
            lines: Vec::new(),
        })
        .collect();
    let index: HashMap<u32, usize> = page_numbers.iter().enumerate().map(|(i, &n)| (n, i)).collect();
    // the last prose line kept: where its RawLine lives, and its last visual line
    let mut tail: Option<Tail> = None;
    for (i, l) in laid.iter().enumerate() {
        let pi = index.get(&l.page).copied().unwrap_or(0);
        let last_on_page = laid.get(i + 1).is_none_or(|n| n.page != l.page);
        let (l_left, l_right) = l.edges.unwrap_or((left, right));
        if prose(l) {
            if let Some(t) = &mut tail {
                // the line before reached the margin, or the next one's first
                // word would not have fitted on it (its column's margin in a
                // two-column band: the left column goes on atop the right one)
                let (left, right) = (t.left, t.right);
                let fills = t.x1 >= right - 1.5 * t.size || t.x1 + l.lead >= right - 0.5 * t.size;
                let flush = (l.x0 - l_left).abs() <= 0.5 * l.size;
                let close = if t.page == pi {
                    t.y - l.y < 2.5 * l.size
                } else {
                    t.at_end && pi == t.page + 1
                };
                // a wrapped centred title: a wide centred line, then a centred one
                let mid = (left + right) / 2.0;
                let centred = |x0: f32, x1: f32, size: f32| ((x0 + x1) / 2.0 - mid).abs() <= size;
                let title = t.page == pi
                    && t.y - l.y < 2.0 * l.size
                    && t.x1 - t.x0 >= 0.6 * (right - left)
                    && t.x0 > left + 0.5 * t.size
                    && centred(t.x0, t.x1, t.size)
                    && centred(l.x0, l.x1, l.size);
                if (title || (fills && flush && close)) && (t.size - l.size).abs() < 0.5 {
                    if let Some(c) = pages[t.home].lines.last_mut().and_then(|r| r.cells.first_mut()) {
                        join_text(&mut c.text, &l.cells[0].text);
                        let x = c.x.unwrap_or(left);
                        c.width = Some(l.x1.max(x + c.width.unwrap_or(0.0)) - x);
                    }
                    t.page = pi;
                    t.y = l.y;
                    t.x0 = l.x0;
                    t.x1 = l.x1;
                    (t.left, t.right) = (l_left, l_right);
                    t.at_end = last_on_page;
                    continue;
                }
            }
        }
        if prose(l) && i > 0 {
            // a new paragraph: a blank line before it, as in text files, so the
            // normaliser's reflow treats a sentence cut here alike in both
            pages[pi].lines.push(RawLine {
                number: l.number,
                cells: vec![Cell::default()],
                table: None,
            });
        }
        pages[pi].lines.push(RawLine {
            number: l.number,
            cells: l.cells.clone(),
            table: l.table,
        });
        tail = prose(l).then_some(Tail {
            home: pi,
            page: pi,
            y: l.y,
            size: l.size,
            x0: l.x0,
            x1: l.x1,
            left: l_left,
            right: l_right,
            at_end: last_on_page,
        });
    }
    RawDoc {
        pages,
        paged: true,
        pending: None,
    }
}

//! Builds a table's grid from the cells a format lists row by row with their
//! spans (HTML rowspan/colspan, Word gridSpan/vMerge, spreadsheet merged
//! ranges): cell `j` of every row is column `j`, a merged cell's text sits in
//! its first cell with its `Span`, every cell it covers is present, empty and
//! `Span::COVERED` (see `model`). Spans are clamped so hostile input cannot
//! make a huge grid.

use crate::model::{Cell, Span};
use std::cell::Cell as Counter;

/// Widest span honoured (HTML clamps colspan at 1000 too).
const MAX_SPAN: usize = 1000;
/// Grid cells one document may make in all its tables (each is a slot while
/// the table is built and a `Cell` after): a few spans of 1,000 × 1,000 in a
/// file of a few kilobytes would otherwise take gigabytes and minutes.
pub const MAX_CELLS: usize = 4_000_000;

thread_local! {
    /// Cells still allowed in the document being read on this thread.
    static LEFT: Counter<usize> = const { Counter::new(MAX_CELLS) };
    /// Whether a table of that document was cut at the budget.
    static CUT: Counter<bool> = const { Counter::new(false) };
}

/// Starts a document on this thread: the whole budget, nothing cut yet.
pub fn begin_document() {
    LEFT.with(|l| l.set(MAX_CELLS));
    CUT.with(|c| c.set(false));
}

/// Whether a table of the current document was cut at `MAX_CELLS`.
pub fn was_cut() -> bool {
    CUT.with(Counter::get)
}

/// Takes `n` cells from the document's budget; false (and the document
/// marked cut) when they are not there.
fn take(n: usize) -> bool {
    let ok = LEFT.with(|l| match l.get().checked_sub(n) {
        Some(rest) => {
            l.set(rest);
            true
        }
        None => false,
    });
    if !ok {
        CUT.with(|c| c.set(true));
    }
    ok
}

#[derive(Debug, Clone)]
enum Slot {
    Free,
    Origin(String, u16, u16),
    /// Covered by the merged cell at (row, col).
    Covered(usize, usize),
}

/// A row span still reaching down: the cell at (`row`, `col`) covers `cols`
/// columns of every row up to `last`.
#[derive(Debug, Clone, Copy)]
struct Pending {
    row: usize,
    col: usize,
    cols: usize,
    last: usize,
}

/// A table being laid out; see the module docs. Rows exist only once started:
/// a row span marks the rows below as they start (`pending`), so a span past
/// the table's end costs nothing.
#[derive(Debug, Default)]
pub struct Grid {
    rows: Vec<Vec<Slot>>,
    pending: Vec<Pending>,
    cursor: usize,
    /// Set once the budget ran out: the table takes no more cells.
    full: bool,
}

impl Grid {
    pub fn new() -> Self {
        Grid::default()
    }

    /// Starts the next row; the row spans from above cover their columns.
    pub fn start_row(&mut self) {
        self.cursor = 0;
        if self.full {
            return;
        }
        self.rows.push(Vec::new());
        let r = self.rows.len() - 1;
        self.pending.retain(|p| p.last >= r);
        let pending = std::mem::take(&mut self.pending);
        for p in &pending {
            for j in p.col..p.col + p.cols {
                if let Some(s) = self.slot_mut(r, j) {
                    *s = Slot::Covered(p.row, p.col);
                }
            }
        }
        self.pending = pending;
    }

    /// Whether the budget ran out while building this table.
    pub fn is_full(&self) -> bool {
        self.full
    }

    fn row_index(&self) -> Option<usize> {
        self.rows.len().checked_sub(1)
    }

    /// The slot at (`r`, `c`) of a started row, growing the row (from the
    /// budget) to reach it.
    fn slot_mut(&mut self, r: usize, c: usize) -> Option<&mut Slot> {
        if self.full {
            return None;
        }
        let len = self.rows.get(r)?.len();
        if len <= c {
            if c >= MAX_SPAN * MAX_SPAN || !take(c + 1 - len) {
                self.full = true;
                return None;
            }
            self.rows.get_mut(r)?.resize(c + 1, Slot::Free);
        }
        self.rows.get_mut(r)?.get_mut(c)
    }

    fn is_free(&self, r: usize, c: usize) -> bool {
        self.rows
            .get(r)
            .and_then(|row| row.get(c))
            .is_none_or(|s| matches!(s, Slot::Free))
    }

    /// The first free column of the current row from the cursor.
    fn free_from_cursor(&self, r: usize) -> usize {
        let mut c = self.cursor;
        while !self.is_free(r, c) {
            c += 1;
        }
        c
    }

    /// Places a cell at the first free column of the current row, covering
    /// `cols` columns and `rows` rows. Returns its column.
    pub fn place(&mut self, text: String, cols: usize, rows: usize) -> Option<usize> {
        let r = self.row_index()?;
        let cols = cols.clamp(1, MAX_SPAN);
        let rows = rows.clamp(1, MAX_SPAN);
        let c = self.free_from_cursor(r);
        *self.slot_mut(r, c)? = Slot::Origin(text, cols as u16, rows as u16);
        for j in c + 1..c + cols {
            *self.slot_mut(r, j)? = Slot::Covered(r, c);
        }
        if rows > 1 {
            self.pending.push(Pending {
                row: r,
                col: c,
                cols,
                last: r + rows - 1,
            });
        }
        self.cursor = c + cols;
        Some(c)
    }

    /// Skips `n` columns of the current row, leaving them empty (Word's
    /// `gridBefore`).
    pub fn skip(&mut self, n: usize) {
        self.cursor += n.min(MAX_SPAN);
    }

    /// Moves to column `col` of the current row: the next cell goes to the
    /// first free column from there (Word 97 gives each cell's edges, from
    /// which its column is known).
    pub fn seek(&mut self, col: usize) {
        self.cursor = col.min(MAX_SPAN * MAX_SPAN);
    }

    /// Word's `vMerge` continuation: the cell at the first free column of the
    /// current row continues the merged cell above it, which grows one row.
    /// Without a cell above, it is an empty cell of its own.
    pub fn continue_above(&mut self, cols: usize) -> Option<usize> {
        let r = self.row_index()?;
        let c = self.free_from_cursor(r);
        let origin = r
            .checked_sub(1)
            .and_then(|up| match self.rows.get(up).and_then(|row| row.get(c)) {
                Some(Slot::Origin(..)) => Some((up, c)),
                Some(Slot::Covered(oi, oj)) => Some((*oi, *oj)),
                _ => None,
            });
        let Some((oi, oj)) = origin else {
            return self.place(String::new(), cols, 1);
        };
        let width = match self.rows.get_mut(oi).and_then(|row| row.get_mut(oj)) {
            Some(Slot::Origin(_, w, h)) => {
                *h = h.saturating_add(1);
                *w as usize
            }
            _ => return self.place(String::new(), cols, 1),
        };
        for j in oj..oj + width {
            *self.slot_mut(r, j)? = Slot::Covered(oi, oj);
        }
        self.cursor = (oj + width).max(c + 1);
        Some(c)
    }

    /// The finished grid: one row of cells per started row, all rows as wide
    /// as the widest; spans clipped to the table. Padding the rows takes from
    /// the budget too: rows it cannot pay for are left out (the document is
    /// then marked cut).
    pub fn finish(self) -> Vec<Vec<Cell>> {
        let width = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let height = self.rows.len();
        if width == 0 {
            return Vec::new();
        }
        let mut out = Vec::with_capacity(height);
        for (r, row) in self.rows.into_iter().enumerate() {
            if !take(width - row.len()) {
                break;
            }
            let mut cells = Vec::with_capacity(width);
            let mut row = row.into_iter();
            for j in 0..width {
                cells.push(match row.next() {
                    None | Some(Slot::Free) => Cell::text(""),
                    Some(Slot::Origin(t, w, h)) => {
                        let h = (h as usize).min(height - r).max(1) as u16;
                        let w = (w as usize).min(width - j).max(1) as u16;
                        Cell::spanned(t, Span::new(w, h))
                    }
                    Some(Slot::Covered(..)) => Cell::covered(),
                });
            }
            out.push(cells);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(g: Vec<Vec<Cell>>) -> Vec<Vec<String>> {
        g.into_iter()
            .map(|r| {
                r.into_iter()
                    .map(|c| match (c.span.is_covered(), c.span) {
                        (true, _) => "~".to_string(),
                        (false, s) if s != Span::ONE => format!("{}{}x{}", c.text, s.cols, s.rows),
                        _ => c.text,
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn rowspan_and_colspan_land_on_columns() {
        // | A (2 rows) | B C (2 cols) |
        // |            | d  | e       |
        let mut g = Grid::new();
        g.start_row();
        g.place("A".into(), 1, 2);
        g.place("B".into(), 2, 1);
        g.start_row();
        g.place("d".into(), 1, 1);
        g.place("e".into(), 1, 1);
        assert_eq!(texts(g.finish()), [["A1x2", "B2x1", "~"], ["~", "d", "e"]]);
    }

    #[test]
    fn vmerge_grows_the_cell_above() {
        let mut g = Grid::new();
        for (i, cont) in [false, true, true].iter().enumerate() {
            g.start_row();
            if *cont {
                g.continue_above(1);
            } else {
                g.place("组".into(), 1, 1);
            }
            g.place(format!("x{i}"), 1, 1);
        }
        assert_eq!(texts(g.finish()), [["组1x3", "x0"], ["~", "x1"], ["~", "x2"]]);
    }

    #[test]
    fn a_row_span_past_the_table_costs_nothing() {
        // 3,000 one-row tables, each a cell of 1,000 × 1,000: built eagerly
        // that was 3 billion slots; the rows below never start, so each
        // table is 1,000 cells and the document stays within its budget
        begin_document();
        for _ in 0..3_000 {
            let mut g = Grid::new();
            g.start_row();
            g.place("x".into(), 1_000, 1_000);
            let rows = g.finish();
            assert_eq!((rows.len(), rows[0].len()), (1, 1_000));
            assert_eq!(rows[0][0].span, Span::new(1_000, 1));
        }
        assert!(!was_cut());
    }

    #[test]
    fn a_document_stops_at_its_cell_budget() {
        begin_document();
        let mut kept = 0;
        for _ in 0..5_000 {
            let mut g = Grid::new();
            g.start_row();
            g.place("x".into(), 1_000, 1);
            kept += g.finish().len();
        }
        // 4,000 tables of 1,000 cells fill the budget; the rest are empty
        assert_eq!(kept, MAX_CELLS / 1_000);
        assert!(was_cut());
        begin_document();
        assert!(!was_cut());
    }

    #[test]
    fn spans_past_the_table_are_clipped() {
        let mut g = Grid::new();
        g.start_row();
        g.place("a".into(), 1, 65_000);
        g.place("b".into(), 1_000_000, 1);
        let rows = g.finish();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0][0].span, Span::ONE);
        assert_eq!(rows[0].len(), 1 + MAX_SPAN);
    }
}

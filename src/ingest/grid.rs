//! Builds a table's grid from the cells a format lists row by row with their
//! spans (HTML rowspan/colspan, Word gridSpan/vMerge, spreadsheet merged
//! ranges): cell `j` of every row is column `j`, a merged cell's text sits in
//! its first cell with its `Span`, every cell it covers is present, empty and
//! `Span::COVERED` (see `model`). Spans are clamped so hostile input cannot
//! make a huge grid.

use crate::model::{Cell, Span};

/// Widest span honoured (HTML clamps colspan at 1000 too).
const MAX_SPAN: usize = 1000;
/// A table stops growing at this many grid slots.
const MAX_SLOTS: usize = 4_000_000;

#[derive(Debug, Clone)]
enum Slot {
    Free,
    Origin(String, u16, u16),
    /// Covered by the merged cell at (row, col).
    Covered(usize, usize),
}

/// A table being laid out; see the module docs.
#[derive(Debug, Default)]
pub struct Grid {
    rows: Vec<Vec<Slot>>,
    /// Rows started so far (rows past it exist only for pending row spans).
    started: usize,
    cursor: usize,
    slots: usize,
}

impl Grid {
    pub fn new() -> Self {
        Grid::default()
    }

    /// Starts the next row.
    pub fn start_row(&mut self) {
        self.started += 1;
        self.cursor = 0;
        if self.rows.len() < self.started {
            self.rows.push(Vec::new());
        }
    }

    fn row_index(&self) -> Option<usize> {
        self.started.checked_sub(1)
    }

    fn slot_mut(&mut self, r: usize, c: usize) -> Option<&mut Slot> {
        while self.rows.len() <= r {
            self.rows.push(Vec::new());
        }
        let row = &mut self.rows[r];
        if row.len() <= c {
            let grow = c + 1 - row.len();
            if self.slots + grow > MAX_SLOTS {
                return None;
            }
            self.slots += grow;
            row.resize(c + 1, Slot::Free);
        }
        row.get_mut(c)
    }

    fn is_free(&self, r: usize, c: usize) -> bool {
        self.rows
            .get(r)
            .and_then(|row| row.get(c))
            .is_none_or(|s| matches!(s, Slot::Free))
    }

    /// Places a cell at the first free column of the current row, covering
    /// `cols` columns and `rows` rows. Returns its column.
    pub fn place(&mut self, text: String, cols: usize, rows: usize) -> Option<usize> {
        let r = self.row_index()?;
        let cols = cols.clamp(1, MAX_SPAN);
        let rows = rows.clamp(1, MAX_SPAN);
        let mut c = self.cursor;
        while !self.is_free(r, c) {
            c += 1;
        }
        *self.slot_mut(r, c)? = Slot::Origin(text, cols as u16, rows as u16);
        for i in r..r + rows {
            for j in c..c + cols {
                if (i, j) != (r, c) {
                    *self.slot_mut(i, j)? = Slot::Covered(r, c);
                }
            }
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
        self.cursor = col.min(MAX_SLOTS);
    }

    /// Word's `vMerge` continuation: the cell at the first free column of the
    /// current row continues the merged cell above it, which grows one row.
    /// Without a cell above, it is an empty cell of its own.
    pub fn continue_above(&mut self, cols: usize) -> Option<usize> {
        let r = self.row_index()?;
        let mut c = self.cursor;
        while !self.is_free(r, c) {
            c += 1;
        }
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
    /// as the widest; spans clipped to the table.
    pub fn finish(self) -> Vec<Vec<Cell>> {
        let height = self.started;
        let width = self.rows.iter().take(height).map(Vec::len).max().unwrap_or(0);
        let mut out = Vec::with_capacity(height);
        for (r, row) in self.rows.into_iter().take(height).enumerate() {
            let mut cells = Vec::with_capacity(width);
            for j in 0..width {
                cells.push(match row.get(j) {
                    None | Some(Slot::Free) => Cell::text(""),
                    Some(Slot::Origin(t, w, h)) => {
                        let h = (*h as usize).min(height - r).max(1) as u16;
                        let w = (*w as usize).min(width - j).max(1) as u16;
                        Cell::spanned(t.clone(), Span::new(w, h))
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

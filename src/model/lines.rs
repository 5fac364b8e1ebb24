//! The normalised lines of a document, stored compactly: one text buffer and
//! 16 bytes a line (issue 20), read through `Line` views.
//!
//! `LineStore` owns the lines: their texts end to end in one `String`, and
//! per line its start in that buffer, source line, last source line and page.
//! Only a line of several cells, a grid row or a spanning cell also has a
//! `LineCells` (kept aside, found by binary search). A file of millions of
//! short lines thus costs about its own size plus 16 bytes a line, where a
//! struct per line with its own string cost 80.
//!
//! Readers never see the layout: `Lines` is a borrowed range of lines (what a
//! slice `Lines<'_>` was), `Line` one line's view (`text`, `page`, `line`,
//! `end_line`, `cells()`, `spans()`, `table()`), both `Copy`.

use super::{Span, TableRow};
use std::ops::{Bound, RangeBounds};

/// Per line (12 bytes): where its text starts in the buffer, its source
/// line and page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Meta {
    start: u32,
    /// The source line; the top bit says its last source line differs (a
    /// rejoined sentence: see `LineStore::ends`).
    line: u32,
    /// The page (0: unknown); the top bit says the line has `LineCells`.
    page: u32,
}

/// The flag bit of `Meta::line` and `Meta::page` (line numbers and pages
/// stay far below 2³¹: files are at most 512 MiB).
const TOP: u32 = 1 << 31;
const HAS_CELLS: u32 = TOP;

/// What a line of several cells, or a grid row, holds beside its text.
#[derive(Debug, Clone, PartialEq, Default)]
struct LineCells {
    cells: Vec<String>,
    spans: Vec<Span>,
    table: Option<TableRow>,
}

/// The lines of a document (see the module docs).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LineStore {
    text: String,
    meta: Vec<Meta>,
    /// The `LineCells` of the lines that have them, by line index, ascending.
    cells: Vec<(u32, LineCells)>,
    /// The last source line of the lines whose `end_line` is not their
    /// `line`, by line index, ascending.
    ends: Vec<(u32, u32)>,
}

/// What `LineStore::compact` does with a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Remove it.
    Drop,
    /// Keep it as a line of its own.
    Line,
    /// Append its text to the last kept line (a sentence rejoined).
    Join,
}

/// What `compact` tells its judge about the last kept line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prev {
    /// Its last character.
    pub last: Option<char>,
    /// One cell, outside any table.
    pub plain: bool,
}

fn to_u32(n: usize) -> u32 {
    // texts are at most the 512 MiB file limit, far below 4 GiB
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl LineStore {
    /// An empty store with room for `lines` lines of `bytes` bytes of text.
    pub fn with_capacity(lines: usize, bytes: usize) -> LineStore {
        LineStore {
            text: String::with_capacity(bytes),
            meta: Vec::with_capacity(lines),
            cells: Vec::new(),
            ends: Vec::new(),
        }
    }

    /// Plain lines from texts, numbered from 1, no page.
    #[cfg(test)]
    pub fn from_texts<S: AsRef<str>>(texts: &[S]) -> LineStore {
        let mut s = LineStore::default();
        for (i, t) in texts.iter().enumerate() {
            let n = to_u32(i + 1);
            s.push_plain(None, n, t.as_ref());
        }
        s
    }

    /// Room for `lines` more lines.
    pub fn reserve(&mut self, lines: usize) {
        self.meta.reserve(lines);
    }

    /// Adds a line of cells: its text is the cells joined by tabs. A single
    /// plain cell outside a grid keeps no cell vector.
    pub fn push(
        &mut self,
        page: Option<u32>,
        line: u32,
        end_line: u32,
        cells: Vec<String>,
        spans: Vec<Span>,
        table: Option<TableRow>,
    ) {
        let plain = cells.len() <= 1 && table.is_none() && spans.iter().all(|s| *s == Span::ONE);
        if plain {
            let t = cells.first().map_or("", String::as_str);
            self.push_meta(page, line, end_line, t);
            return;
        }
        let start = to_u32(self.text.len());
        for (j, c) in cells.iter().enumerate() {
            if j > 0 {
                self.text.push('\t');
            }
            self.text.push_str(c);
        }
        let index = to_u32(self.meta.len());
        self.push_at(start, page, line, end_line, true);
        self.cells.push((index, LineCells { cells, spans, table }));
    }

    /// Adds a plain line of one cell.
    pub fn push_plain(&mut self, page: Option<u32>, line: u32, text: &str) {
        self.push_meta(page, line, line, text);
    }

    /// Adds a copy of another store's line.
    pub fn push_line(&mut self, l: Line<'_>) {
        match l.grid {
            None => self.push_meta(l.page, l.line, l.end_line, l.text),
            Some(g) => self.push(l.page, l.line, l.end_line, g.cells.clone(), g.spans.clone(), g.table),
        }
    }

    /// Adds a plain line's text and its entry.
    fn push_meta(&mut self, page: Option<u32>, line: u32, end_line: u32, text: &str) {
        let start = to_u32(self.text.len());
        self.text.push_str(text);
        self.push_at(start, page, line, end_line, false);
    }

    fn push_at(&mut self, start: u32, page: Option<u32>, line: u32, end_line: u32, cells: bool) {
        let flag = if cells { HAS_CELLS } else { 0 };
        let line = line & !TOP;
        let has_end = if end_line != line {
            self.ends.push((to_u32(self.meta.len()), end_line));
            TOP
        } else {
            0
        };
        self.meta.push(Meta {
            start,
            line: line | has_end,
            page: page.unwrap_or(0) & !HAS_CELLS | flag,
        });
    }

    /// Shrinks the buffers to what they hold (after cleaning, which
    /// reserves for the raw text).
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.meta.shrink_to_fit();
    }

    /// Forgets every line's page (a text file that shows no page numbers).
    pub fn clear_pages(&mut self) {
        for m in &mut self.meta {
            m.page &= HAS_CELLS;
        }
    }

    pub fn len(&self) -> usize {
        self.meta.len()
    }

    pub fn is_empty(&self) -> bool {
        self.meta.is_empty()
    }

    /// All the lines as a `Lines` range.
    pub fn view(&self) -> Lines<'_> {
        Lines {
            store: self,
            start: 0,
            end: self.meta.len(),
        }
    }

    pub fn iter(&self) -> LineIter<'_> {
        self.view().iter()
    }

    /// Line `i` (panics past the end, like indexing a slice).
    pub fn at(&self, i: usize) -> Line<'_> {
        self.view().at(i)
    }

    pub fn get(&self, i: usize) -> Option<Line<'_>> {
        self.view().get(i)
    }

    pub fn first(&self) -> Option<Line<'_>> {
        self.get(0)
    }

    pub fn last(&self) -> Option<Line<'_>> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }

    /// Lines `range` as a `Lines` range.
    pub fn slice(&self, range: impl RangeBounds<usize>) -> Lines<'_> {
        self.view().slice(range)
    }

    fn line(&self, i: usize) -> Option<Line<'_>> {
        let m = self.meta.get(i)?;
        let end = self.meta.get(i + 1).map_or(self.text.len(), |n| n.start as usize);
        let text = self.text.get(m.start as usize..end).unwrap_or("");
        let grid = if m.page & HAS_CELLS != 0 {
            let k = self.cells.partition_point(|(j, _)| (*j as usize) < i);
            self.cells.get(k).filter(|(j, _)| *j as usize == i).map(|(_, g)| g)
        } else {
            None
        };
        let page = m.page & !HAS_CELLS;
        let line = m.line & !TOP;
        let end_line = if m.line & TOP != 0 {
            let k = self.ends.partition_point(|(j, _)| (*j as usize) < i);
            self.ends.get(k).filter(|(j, _)| *j as usize == i).map_or(line, |e| e.1)
        } else {
            line
        };
        Some(Line {
            page: (page != 0).then_some(page),
            line,
            end_line,
            text,
            grid,
        })
    }

    /// Removes lines and joins lines to the one before, in place and in one
    /// pass (no second buffer): `judge(i, line, prev)` decides for each line,
    /// `prev` describing the last line kept so far. A joined line's text is
    /// appended to the last kept line's text and last cell; its own cells go.
    pub fn compact(&mut self, mut judge: impl FnMut(usize, Line<'_>, Option<Prev>) -> Keep) {
        let mut buf = std::mem::take(&mut self.text).into_bytes();
        let mut cells = std::mem::take(&mut self.cells).into_iter().peekable();
        let mut kept_cells: Vec<(u32, LineCells)> = Vec::new();
        let mut ends = std::mem::take(&mut self.ends).into_iter().peekable();
        let mut kept_ends: Vec<(u32, u32)> = Vec::new();
        let mut w = 0usize; // write position in `buf`
        let mut kept = 0usize;
        let mut prev: Option<Prev> = None;
        let n = self.meta.len();
        for i in 0..n {
            let m = self.meta[i];
            let (start, end) = (
                m.start as usize,
                self.meta.get(i + 1).map_or(buf.len(), |x| x.start as usize),
            );
            let (start, end) = (start.min(buf.len()), end.min(buf.len()).max(start.min(buf.len())));
            let grid = if m.page & HAS_CELLS != 0 && cells.peek().is_some_and(|(j, _)| *j as usize == i) {
                cells.next().map(|(_, g)| g)
            } else {
                None
            };
            let line = m.line & !TOP;
            let end_line = if m.line & TOP != 0 && ends.peek().is_some_and(|(j, _)| *j as usize == i) {
                ends.next().map_or(line, |e| e.1)
            } else {
                line
            };
            let verdict = {
                let text = std::str::from_utf8(&buf[start..end]).unwrap_or("");
                let page = m.page & !HAS_CELLS;
                let view = Line {
                    page: (page != 0).then_some(page),
                    line,
                    end_line,
                    text,
                    grid: grid.as_ref(),
                };
                judge(i, view, prev)
            };
            let join = verdict == Keep::Join && kept > 0;
            if verdict == Keep::Drop {
                continue;
            }
            let len = end - start;
            buf.copy_within(start..end, w);
            let last = last_char(&buf[w..w + len]).or(if join { prev.and_then(|p| p.last) } else { None });
            if join {
                // the last kept line now ends where this one does
                let k = to_u32(kept - 1);
                match kept_ends.last_mut() {
                    Some(e) if e.0 == k => e.1 = end_line,
                    _ => kept_ends.push((k, end_line)),
                }
                if let Some(km) = self.meta.get_mut(kept - 1) {
                    km.line |= TOP;
                }
                if let Some((j, g)) = kept_cells.last_mut() {
                    if *j as usize == kept - 1 {
                        if let (Some(c), Ok(t)) = (g.cells.last_mut(), std::str::from_utf8(&buf[w..w + len])) {
                            c.push_str(t);
                        }
                    }
                }
                w += len;
                prev = Some(Prev {
                    last,
                    plain: prev.is_some_and(|p| p.plain),
                });
                continue;
            }
            let plain = grid.as_ref().is_none_or(|g| g.cells.len() <= 1 && g.table.is_none());
            if let Some(g) = grid {
                kept_cells.push((to_u32(kept), g));
            }
            if end_line != line {
                kept_ends.push((to_u32(kept), end_line));
            }
            self.meta[kept] = Meta { start: to_u32(w), ..m };
            kept += 1;
            w += len;
            prev = Some(Prev { last, plain });
        }
        self.meta.truncate(kept);
        buf.truncate(w);
        self.text = match String::from_utf8(buf) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        };
        self.cells = kept_cells;
        self.ends = kept_ends;
    }
}

/// The last character of a UTF-8 byte string.
fn last_char(b: &[u8]) -> Option<char> {
    let from = b.len().saturating_sub(4);
    let tail = &b[from..];
    (0..tail.len())
        .find_map(|k| std::str::from_utf8(&tail[k..]).ok())
        .and_then(|s| s.chars().next_back())
}

impl<'a> IntoIterator for &'a LineStore {
    type Item = Line<'a>;
    type IntoIter = LineIter<'a>;
    fn into_iter(self) -> LineIter<'a> {
        self.iter()
    }
}

/// A range of a document's lines, as a slice of lines was: `Copy`, indexed
/// with `at`/`get`, cut with `slice`.
#[derive(Clone, Copy)]
pub struct Lines<'a> {
    store: &'a LineStore,
    start: usize,
    end: usize,
}

impl std::fmt::Debug for Lines<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a> Lines<'a> {
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }

    /// Line `i` of the range (panics past its end, like indexing a slice).
    pub fn at(&self, i: usize) -> Line<'a> {
        match self.get(i) {
            Some(l) => l,
            None => panic!("line {i} of a range of {}", self.len()),
        }
    }

    pub fn get(&self, i: usize) -> Option<Line<'a>> {
        if i >= self.len() {
            return None;
        }
        self.store.line(self.start + i)
    }

    pub fn first(&self) -> Option<Line<'a>> {
        self.get(0)
    }

    pub fn last(&self) -> Option<Line<'a>> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }

    pub fn iter(&self) -> LineIter<'a> {
        LineIter {
            store: self.store,
            front: self.start,
            back: self.end,
        }
    }

    /// A sub-range (panics when out of bounds, like slicing).
    pub fn slice(&self, range: impl RangeBounds<usize>) -> Lines<'a> {
        let lo = match range.start_bound() {
            Bound::Included(&a) => a,
            Bound::Excluded(&a) => a + 1,
            Bound::Unbounded => 0,
        };
        let hi = match range.end_bound() {
            Bound::Included(&b) => b + 1,
            Bound::Excluded(&b) => b,
            Bound::Unbounded => self.len(),
        };
        assert!(
            lo <= hi && hi <= self.len(),
            "lines {lo}..{hi} of a range of {}",
            self.len()
        );
        Lines {
            store: self.store,
            start: self.start + lo,
            end: self.start + hi,
        }
    }
}

impl<'a> IntoIterator for Lines<'a> {
    type Item = Line<'a>;
    type IntoIter = LineIter<'a>;
    fn into_iter(self) -> LineIter<'a> {
        self.iter()
    }
}

impl<'a> IntoIterator for &Lines<'a> {
    type Item = Line<'a>;
    type IntoIter = LineIter<'a>;
    fn into_iter(self) -> LineIter<'a> {
        self.iter()
    }
}

/// The lines of a `Lines` range in order.
#[derive(Clone)]
pub struct LineIter<'a> {
    store: &'a LineStore,
    front: usize,
    back: usize,
}

impl<'a> Iterator for LineIter<'a> {
    type Item = Line<'a>;
    fn next(&mut self) -> Option<Line<'a>> {
        if self.front >= self.back {
            return None;
        }
        self.front += 1;
        self.store.line(self.front - 1)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back - self.front;
        (n, Some(n))
    }
    fn nth(&mut self, n: usize) -> Option<Line<'a>> {
        self.front = self.front.saturating_add(n).min(self.back);
        self.next()
    }
}

impl DoubleEndedIterator for LineIter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.front >= self.back {
            return None;
        }
        self.back -= 1;
        self.store.line(self.back)
    }
}

impl ExactSizeIterator for LineIter<'_> {}

/// One normalised line: clean text, its cells, and where it came from.
#[derive(Clone, Copy, PartialEq)]
pub struct Line<'a> {
    /// Page the line starts on, when known.
    pub page: Option<u32>,
    /// Source line the text starts at (1-based).
    pub line: u32,
    /// Last source line that contributed (differs from `line` when a sentence
    /// broken by a page break was rejoined).
    pub end_line: u32,
    /// Cleaned text; for a line of several cells the cells joined by tabs.
    pub text: &'a str,
    grid: Option<&'a LineCells>,
}

impl std::fmt::Debug for Line<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut d = f.debug_struct("Line");
        d.field("page", &self.page).field("line", &self.line);
        if self.end_line != self.line {
            d.field("end_line", &self.end_line);
        }
        d.field("text", &self.text);
        if let Some(t) = self.table() {
            d.field("table", &t);
        }
        d.finish()
    }
}

impl<'a> Line<'a> {
    /// The line's cells; a plain line has one, its text. In a grid row
    /// (`table()` set) cell `j` is column `j`.
    pub fn cells(&self) -> Cells<'a> {
        match self.grid {
            Some(g) => Cells::Many(&g.cells),
            None => Cells::One(self.text),
        }
    }

    /// The table and row, when the line is a row of a grid.
    pub fn table(&self) -> Option<TableRow> {
        self.grid.and_then(|g| g.table)
    }

    /// Each cell's span, parallel to `cells()` when any is known (empty for a
    /// plain line: see `span`).
    pub fn spans(&self) -> &'a [Span] {
        self.grid.map_or(&[], |g| &g.spans)
    }

    /// A table row has at least two cells with something in them.
    pub fn is_table_row(&self) -> bool {
        self.cells().iter().filter(|c| !c.is_empty()).count() >= 2
    }

    /// The line's text when it is not a table row, or its only non-empty cell.
    pub fn single_text(&self) -> Option<&'a str> {
        let mut it = self.cells().iter().filter(|c| !c.is_empty());
        match (it.next(), it.next()) {
            (Some(one), None) => Some(one),
            (None, _) => Some(""),
            _ => None,
        }
    }

    pub fn is_blank(&self) -> bool {
        self.cells().iter().all(str::is_empty)
    }

    /// Cell `j`'s span (`Span::ONE` when unknown).
    pub fn span(&self, j: usize) -> Span {
        self.spans().get(j).copied().unwrap_or_default()
    }
}

/// A line's cells: its one text, or the cells of a row.
#[derive(Clone, Copy)]
pub enum Cells<'a> {
    One(&'a str),
    Many(&'a [String]),
}

impl std::fmt::Debug for Cells<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a> Cells<'a> {
    pub fn len(&self) -> usize {
        match self {
            Cells::One(_) => 1,
            Cells::Many(c) => c.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, j: usize) -> Option<&'a str> {
        match self {
            Cells::One(t) => (j == 0).then_some(*t),
            Cells::Many(c) => c.get(j).map(String::as_str),
        }
    }

    pub fn first(&self) -> Option<&'a str> {
        self.get(0)
    }

    pub fn last(&self) -> Option<&'a str> {
        self.len().checked_sub(1).and_then(|j| self.get(j))
    }

    pub fn iter(&self) -> CellIter<'a> {
        CellIter {
            cells: *self,
            front: 0,
            back: self.len(),
        }
    }

    /// The cells joined by `sep`.
    pub fn join(&self, sep: &str) -> String {
        match self {
            Cells::One(t) => (*t).to_string(),
            Cells::Many(c) => c.join(sep),
        }
    }
}

impl std::ops::Index<usize> for Cells<'_> {
    type Output = str;
    fn index(&self, j: usize) -> &str {
        match self.get(j) {
            Some(c) => c,
            None => panic!("cell {j} of {}", self.len()),
        }
    }
}

impl<S: AsRef<str>> PartialEq<Vec<S>> for Cells<'_> {
    fn eq(&self, other: &Vec<S>) -> bool {
        self.len() == other.len() && self.iter().zip(other).all(|(a, b)| a == b.as_ref())
    }
}

impl<S: AsRef<str>, const N: usize> PartialEq<[S; N]> for Cells<'_> {
    fn eq(&self, other: &[S; N]) -> bool {
        self.len() == N && self.iter().zip(other).all(|(a, b)| a == b.as_ref())
    }
}

impl<'a> IntoIterator for Cells<'a> {
    type Item = &'a str;
    type IntoIter = CellIter<'a>;
    fn into_iter(self) -> CellIter<'a> {
        self.iter()
    }
}

/// The cells of a line in order.
#[derive(Clone)]
pub struct CellIter<'a> {
    cells: Cells<'a>,
    front: usize,
    back: usize,
}

impl<'a> Iterator for CellIter<'a> {
    type Item = &'a str;
    fn next(&mut self) -> Option<&'a str> {
        if self.front >= self.back {
            return None;
        }
        self.front += 1;
        self.cells.get(self.front - 1)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back - self.front;
        (n, Some(n))
    }
}

impl DoubleEndedIterator for CellIter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.front >= self.back {
            return None;
        }
        self.back -= 1;
        self.cells.get(self.back)
    }
}

impl ExactSizeIterator for CellIter<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> LineStore {
        let mut s = LineStore::default();
        s.push_plain(Some(1), 1, "第一行");
        s.push(
            Some(1),
            2,
            2,
            vec!["项目".into(), "100".into()],
            vec![],
            Some(TableRow { table: 0, row: 0 }),
        );
        s.push_plain(Some(2), 3, "");
        s.push_plain(Some(2), 4, "接续");
        s.push(
            Some(2),
            5,
            5,
            vec!["跨列".into(), String::new()],
            vec![Span::new(2, 1), Span::COVERED],
            None,
        );
        s
    }

    #[test]
    fn lines_read_back_as_pushed() {
        let s = store();
        assert_eq!(s.len(), 5);
        assert_eq!(s.at(0).text, "第一行");
        assert_eq!(s.at(0).cells(), ["第一行"]);
        assert_eq!(s.at(1).text, "项目\t100");
        assert_eq!(s.at(1).cells(), ["项目", "100"]);
        assert_eq!(s.at(1).table(), Some(TableRow { table: 0, row: 0 }));
        assert!(s.at(2).is_blank());
        assert_eq!(s.at(3).page, Some(2));
        assert!(s.at(4).span(1).is_covered());
        let v = s.slice(1..4);
        assert_eq!(v.len(), 3);
        assert_eq!(v.at(2).text, "接续");
        assert_eq!(v.iter().rev().map(|l| l.line).collect::<Vec<_>>(), vec![4, 3, 2]);
        assert_eq!(v.slice(1..).first().map(|l| l.line), Some(3));
    }

    #[test]
    fn compact_drops_and_joins_in_place() {
        let mut s = store();
        s.compact(|_, l, prev| {
            if l.is_blank() {
                Keep::Drop
            } else if l.text == "接续" && prev.is_some_and(|p| p.plain) {
                Keep::Join
            } else {
                Keep::Line
            }
        });
        // the blank line dropped; 接续 follows the table row, which is not plain
        assert_eq!(s.len(), 4);
        assert_eq!(s.at(2).text, "接续");
        assert_eq!(s.at(1).cells(), ["项目", "100"]);
        assert_eq!(s.at(3).cells(), ["跨列", ""]);
        let mut t = LineStore::from_texts(&["一句话没", "", "说完。", "下一段"]);
        t.compact(|_, l, prev| match (l.is_blank(), prev) {
            (true, _) => Keep::Drop,
            (false, Some(p)) if p.last != Some('。') && l.line == 3 => Keep::Join,
            _ => Keep::Line,
        });
        assert_eq!(
            t.iter().map(|l| l.text).collect::<Vec<_>>(),
            vec!["一句话没说完。", "下一段"]
        );
        assert_eq!((t.at(0).line, t.at(0).end_line), (1, 3));
    }
}

//! Unruled (stream) tables: runs of lines whose words stand in shared
//! columns. Learnt from Camelot's stream mode and pdfplumber's text strategy:
//! columns from text edges shared across lines (narrow cells first, so a
//! header spanning several columns or two cells run together do not merge
//! them); a run of glyphs crossing the gutter between two columns is cut
//! there. Rows are keyed on one column whose cells never wrap (the anchor,
//! preferably numeric: the points column), and every wrapped line of the
//! other columns — even one character per line, as browsers squeeze narrow
//! label columns — joins the row it sits beside: in top-aligned tables (Word)
//! a row runs from its anchor line to the next; in vertically centred ones
//! (browsers) rows are parted by the blank bands between them, but for those
//! between a cell's paragraphs, inside a row's extent centred on its anchor.

use super::interp::Glyph;
use super::layout::{join_text, text_of, PageRow, PageTable, VLine};
use crate::model::Cell;
use crate::normalize::chars::is_cjk;

/// Within a table line, a gap wider than this many font sizes separates cells.
const SEG_GAP: f32 = 0.9;
/// ... or this many where no space glyph stands in the gap (producers
/// print each cell on its own; browsers leave narrow gutters).
const TIGHT_GAP: f32 = 0.4;
/// Lines further apart than this many font sizes are not one table.
const LINE_GAP: f32 = 2.5;
/// ... unless every cell of the line falls in the columns found so far (a
/// tall header row, vertically centred), up to this many.
const FAR_GAP: f32 = 4.0;
/// Consecutive lines of one cell are closer than this many font sizes; a
/// wider blank band parts two rows of a centred table.
const WRAP_GAP: f32 = 1.6;
/// A table has at least this many lines with two cells or more.
const MIN_LINES: usize = 3;
/// More columns than this is not a table (and bounds the column search).
const MAX_COLS: usize = 48;
/// The column search looks at the block's width in at most this many bins.
const MAX_BINS: usize = 4096;

/// A run of glyphs on a line: part of one cell (or of two run together).
struct Seg<'a> {
    x0: f32,
    x1: f32,
    glyphs: Vec<&'a Glyph>,
    /// For each glyph: a space glyph stands before it in the run (a word
    /// break inside a cell, never the gutter between two cells).
    spaced: Vec<bool>,
}

fn segments(line: &VLine, ocr: bool) -> Vec<Seg<'_>> {
    // (a segment is made with its first glyph, so none is empty; its right
    // edge is the largest glyph end, folded in drawing order)
    let mut out: Vec<Seg<'_>> = Vec::new();
    let mut end = f32::MIN;
    let mut space = false;
    for g in &line.glyphs {
        if g.ch.is_whitespace() {
            space = true;
            continue;
        }
        let gap = g.x - end;
        if out.is_empty() || gap > SEG_GAP * line.size || (!ocr && !space && gap > TIGHT_GAP * line.size) {
            out.push(Seg {
                x0: g.x,
                x1: f32::MIN,
                glyphs: Vec::new(),
                spaced: Vec::new(),
            });
        }
        if let Some(last) = out.last_mut() {
            last.spaced.push(space && !last.glyphs.is_empty());
            last.glyphs.push(g);
            last.x1 = last.x1.max(g.x + g.w);
        }
        space = false;
        end = end.max(g.x + g.w);
    }
    out
}

/// Finds the stream tables among a page's lines (top to bottom), takes their
/// lines out and returns their rows; table keys start at `first_key`.
/// `cont`: the column edges of an unruled table left open at the foot of the
/// page before (its own, then those its rows had on that page), when nothing
/// on this page stands above its lines: the lines atop the page that no
/// table here took, whose runs each fall in one of its columns, continue it
/// when a line with two cells or more is among them, however few they are
/// (a table's last rows, its total, carried over), or when they all stand
/// in one column right of its left edge (a long cell carried over a page).
pub(super) fn tables(
    lines: &mut Vec<VLine>,
    first_key: usize,
    ocr: bool,
    carry: &Carry,
    votes: &mut Votes,
) -> (Vec<PageRow>, Vec<PageTable>) {
    let (cont, head) = (carry.xs, carry.header);
    let segs: Vec<Vec<Seg>> = lines.iter().map(|l| segments(l, ocr)).collect();
    let multi = |i: usize| segs[i].len() >= 2;
    let words = |k: usize| -> Vec<String> { segs[k].iter().map(|s| spaced_text(&s.glyphs, &s.spaced)).collect() };
    let mut rows = Vec::new();
    let mut tables = Vec::new();
    let mut used = vec![false; lines.len()];
    let mut i = 0;
    // a head alone at the foot of the page before (Chromium sets it there
    // when its first body row does not fit under it) has its body atop
    // this page, however few lines have two cells or more there (a row of
    // one long rubric beside short centred cells): its lines, in its
    // columns as they read, down to the text under the table
    if let Some(xs) = cont.first().filter(|xs| carry.head_only && xs.len() > 3) {
        let end = body_atop(lines, &segs, xs, head);
        let block: Vec<usize> = (0..end).collect();
        if block.iter().any(|&k| multi(k)) {
            let top = votes.top > votes.centred;
            let found = columns(&segs, &block, top)
                .filter(|bands| bands.len() >= 3)
                .and_then(|bands| table_in(lines, &segs, &block, first_key, bands, votes));
            if let Some((rs, tab)) = found {
                used[..end].iter_mut().for_each(|u| *u = true);
                rows.extend(rs);
                tables.push(tab);
                i = end;
            }
        }
    }
    // the columns of the table open from the page before (its rows go on
    // atop this page in them)
    let carried: Vec<(f32, f32)> = cont
        .first()
        .filter(|xs| xs.len() > 2)
        .map(|xs| xs.windows(2).map(|w| (w[0], w[1])).collect())
        .unwrap_or_default();
    let in_one = |bands: &[(f32, f32)], k: usize| {
        !bands.is_empty()
            && segs[k]
                .iter()
                .all(|s| bands.iter().filter(|b| s.x1.min(b.1) - s.x0.max(b.0) > 1.0).count() == 1)
    };
    // (nothing atop the page is left to carry on once its body is read)
    let first_multi = (0..lines.len()).find(|&k| multi(k)).filter(|_| i == 0);
    while i < lines.len() {
        if !multi(i) {
            i += 1;
            continue;
        }
        // the block: lines close below, multi-cell or narrower than the
        // block; a wider gap only when the line's cells fall in its columns
        let (mut lo, mut hi) = (lines[i].x0(), lines[i].x1());
        let mut bands: Vec<(f32, f32)> = Vec::new();
        for s in &segs[i] {
            add(&mut bands, s);
        }
        let hits = |bands: &[(f32, f32)], s: &Seg| bands.iter().filter(|b| s.x0 < b.1 && s.x1 > b.0).count();
        let in_bands = |bands: &[(f32, f32)], k: usize| segs[k].iter().any(|s| hits(bands, s) > 0);
        let mut end = i + 1;
        let mut last_multi = i;
        let first_words = words(i);
        // a block atop the page (nothing but loose lines above it) may be
        // the open table's rows carried over: a wrapped line standing in
        // one of its columns, one no line of the block has reached yet (a
        // cell set lower in its row than its neighbours, as centred cells
        // are), does not end it
        let atop_page = !carried.is_empty() && first_multi == Some(i);
        // a label a narrow column prints a character or two a line (`综` /
        // `合` / `评` / `分`): such a line with the next close below it, at
        // its x, squeezed too, starts a stack that a blank band above does
        // not part from the block, in whatever column (Chromium keeps a
        // cell's last `<p>` margin, so a row after a rubric in paragraphs
        // starts a line and a margin below it; its label column may be one
        // no line above has text in: the total and grade rows under a
        // scorecard whose level-1 column is empty on the page, as
        // 002_96471e5ce4531d3d.unruled-chromium.pdf and
        // fixtures/tables/totals.chromium.pdf print them)
        let squeezed = |k: usize| segs[k].len() == 1 && segs[k][0].glyphs.len() <= 2;
        let stack_top = |k: usize| {
            squeezed(k)
                && k + 1 < lines.len()
                && squeezed(k + 1)
                && (segs[k + 1][0].x0 - segs[k][0].x0).abs() <= 3.0
                && lines[k].y - lines[k + 1].y <= WRAP_GAP * lines[k + 1].size.max(1.0)
        };
        while end < lines.len() {
            let gap = lines[end - 1].y - lines[end].y;
            let size = lines[end].size.max(1.0);
            if gap > FAR_GAP * size || bands.len() > MAX_COLS {
                break;
            }
            if multi(end) {
                if gap > LINE_GAP * size && !in_bands(&bands, end) {
                    break;
                }
                // a line repeating the header of the table open from the
                // page before, or this block's first line, starts the
                // document's next table (set in columns of its own)
                let w = words(end);
                if same_words(head, &w) || same_words(&first_words, &w) {
                    break;
                }
                lo = lo.min(lines[end].x0());
                hi = hi.max(lines[end].x1());
                for s in &segs[end] {
                    add(&mut bands, s);
                }
                last_multi = end;
            } else if ((lines[end].x1() - lines[end].x0() > 0.6 * (hi - lo)
                && segs[end].iter().any(|s| hits(&bands, s) != 1))
                || (gap > WRAP_GAP * size && !in_bands(&bands, end) && !stack_top(end)))
                && !(atop_page && in_one(&carried, end))
            {
                break;
            }
            end += 1;
        }
        // trailing single-cell lines stay only when close (wrapped cells)
        // (no further apart than the block's own closest lines either: a
        // font whose line height is over WRAP_GAP sizes wraps at that pitch)
        let pitch = (i + 1..=last_multi)
            .map(|k| lines[k - 1].y - lines[k].y)
            .filter(|&g| g > 0.5 * lines[i].size.max(1.0))
            .fold(f32::MAX, f32::min);
        let mut stop = last_multi + 1;
        while stop < end && {
            let gap = lines[stop - 1].y - lines[stop].y;
            gap <= WRAP_GAP * lines[stop].size.max(1.0) || gap <= pitch + 0.5
        } {
            stop += 1;
        }
        // (and then rows whose label a narrow column prints a character or
        // two a line, beside their value: `综` / `合` / `评` / `分` and `91`;
        // each between blank bands, of one-run lines, the first and one
        // more at least such squeezed lines at one x)
        let stacked = |mut stop: usize, end: usize| {
            while stop < end {
                let mut g = stop + 1;
                while g < end && lines[g - 1].y - lines[g].y <= WRAP_GAP * lines[g].size.max(1.0) {
                    g += 1;
                }
                let x = segs[stop].first().map_or(0.0, |s| s.x0);
                let stack = (stop..g)
                    .filter(|&k| squeezed(k) && (segs[k][0].x0 - x).abs() <= 3.0)
                    .count();
                if !squeezed(stop) || stack < 2 || !(stop..g).all(|k| segs[k].len() == 1) {
                    break;
                }
                stop = g;
            }
            stop
        };
        let reach = end;
        let stop = stacked(stop, reach);
        let mut end = stop;
        let block: Vec<usize> = (i..end).collect();
        let count = block.iter().filter(|&&k| multi(k)).count();
        if count < MIN_LINES {
            i = last_multi + 1;
            continue;
        }
        // single-cell lines just above that sit inside one column (a wrapped
        // cell's first lines, the rest of a row cut by the page break)
        let mut block = block;
        if let Some(bands) = columns(&segs, &block, votes.top > votes.centred) {
            let inside = |k: usize| {
                segs[k]
                    .iter()
                    .all(|s| bands.iter().filter(|b| s.x0 < b.1 + 1.0 && s.x1 > b.0 - 1.0).count() == 1)
            };
            // (the lines atop the page may be a cut row's last lines, parted
            // from the next row by a blank band)
            let atop = (0..i).all(|k| !used[k] && !multi(k) && inside(k));
            let mut k = i;
            while k > 0 && !used[k - 1] && !multi(k - 1) && inside(k - 1) {
                let far = if atop { 2.0 * FAR_GAP } else { WRAP_GAP };
                if lines[k - 1].y - lines[k].y > far * lines[k].size.max(1.0) {
                    break;
                }
                k -= 1;
                block.insert(0, k);
            }
            // (and the lines below it to the foot of the page, each inside
            // a column the block's lines from its last with two cells on
            // have text in: the rest of a row cut by the page break, whose
            // cells still run there, parted from the lines above by a
            // cell's paragraph spacing)
            let column = |s: &Seg| bands.iter().position(|b| s.x0 < b.1 + 1.0 && s.x1 > b.0 - 1.0);
            let last: Vec<Option<usize>> = (last_multi..end).flat_map(|k| segs[k].iter().map(column)).collect();
            // (a block of words only is a table's head: the lines under
            // it, in any of its columns but the first, are its first row
            // cut by the page break)
            let head = block
                .iter()
                .all(|&k| segs[k].iter().all(|s| !numeric(&spaced_text(&s.glyphs, &s.spaced))));
            // (never the first column: a line at the table's left edge
            // under it is the text that follows the table)
            let below = |k: usize, head: bool, far: f32| {
                !used[k]
                    && !multi(k)
                    && inside(k)
                    && segs[k]
                        .iter()
                        .all(|s| column(s).is_some_and(|c| c > 0 && (head || last.contains(&Some(c)))))
                    && lines[k - 1].y - lines[k].y <= far * lines[k].size.max(1.0)
            };
            let foot = (end..lines.len()).all(|k| below(k, head, 2.0 * FAR_GAP));
            if foot && end < lines.len() {
                block.extend(end..lines.len());
                end = lines.len();
            }
            // (short of the foot, such lines flush with their column's
            // left edge are the last row's cell's further paragraphs, set
            // apart by their spacing, as `<p>` in a browser's cell)
            let flush = |k: usize| {
                segs[k]
                    .first()
                    .and_then(|s| column(s).map(|c| (s.x0 - bands[c].0).abs() <= 1.5))
                    .unwrap_or(false)
            };
            let more = (end..lines.len())
                .take_while(|&k| below(k, false, FAR_GAP) && flush(k))
                .count();
            block.extend(end..end + more);
            end += more;
            // (and the squeezed rows after those paragraphs, under their
            // margin: the totals under a last rubric in `<p>`)
            if more > 0 {
                let to = stacked(end, reach.max(end));
                block.extend(end..to);
                end = to;
            }
        }
        if let Some((rs, tab)) = table(lines, &segs, &block, first_key + tables.len(), votes) {
            for &k in &block {
                used[k] = true;
            }
            rows.extend(rs);
            tables.push(tab);
        }
        i = end;
    }
    // lines atop the page that no table took: the open table's last rows
    // (in its columns, or in those its last page had)
    for xs in cont.iter().filter(|xs| xs.len() > 2) {
        let bands: Vec<(f32, f32)> = xs.windows(2).map(|w| (w[0], w[1])).collect();
        let fits = |k: usize| {
            segs[k]
                .iter()
                .all(|s| bands.iter().filter(|b| s.x1.min(b.1) - s.x0.max(b.0) > 1.0).count() == 1)
        };
        let mut end = 0;
        while end < lines.len()
            && !used[end]
            && fits(end)
            && (end == 0 || lines[end - 1].y - lines[end].y <= FAR_GAP * lines[end].size.max(1.0))
        {
            end += 1;
        }
        // (or a whole run of lines in one column right of the table's left
        // edge: a long cell carried over a page by itself)
        let one = |k: usize| {
            segs[k]
                .first()
                .and_then(|s| bands.iter().position(|b| s.x1.min(b.1) - s.x0.max(b.0) > 1.0))
        };
        let lone =
            end >= 2 && one(0).is_some_and(|b| b > 0) && (0..end).all(|k| segs[k].len() == 1 && one(k) == one(0));
        if (0..end).any(multi) || lone {
            let block: Vec<usize> = (0..end).collect();
            if let Some((rs, tab)) = table_in(lines, &segs, &block, first_key + tables.len(), bands, votes) {
                used[..end].iter_mut().for_each(|u| *u = true);
                rows.extend(rs);
                tables.push(tab);
                break;
            }
        }
    }
    drop(segs);
    let mut k = 0;
    lines.retain(|_| {
        k += 1;
        !used[k - 1]
    });
    (rows, tables)
}

/// The unruled table open at the foot of the page before: its column edges
/// there (its own, then those its rows had on that page), its header row,
/// and whether it is a head alone there.
pub(super) struct Carry<'a> {
    pub xs: &'a [&'a [f32]],
    pub header: &'a [String],
    pub head_only: bool,
}

/// How many lines atop a page are the body of a table whose head (column
/// edges `xs`, header row `head`) ends the page before: those within its
/// edges, each close under the one before, down to a line repeating its
/// header or one from its first column across its third (text under the
/// table, `附注：…`: a cell's line keeps to its column).
fn body_atop(lines: &[VLine], segs: &[Vec<Seg>], xs: &[f32], head: &[String]) -> usize {
    let (Some(&left), Some(&right)) = (xs.first(), xs.last()) else {
        return 0;
    };
    let (first, third) = (xs.get(1).copied().unwrap_or(right), xs.get(3).copied().unwrap_or(right));
    let mut end = 0;
    while let Some(line) = lines.get(end) {
        let size = line.size.max(1.0);
        let within = line.x0() >= left - size && line.x1() <= right + size;
        let close = end == 0 || lines[end - 1].y - line.y <= FAR_GAP * size;
        let words: Vec<String> = segs[end].iter().map(|s| spaced_text(&s.glyphs, &s.spaced)).collect();
        let prose = segs[end].len() == 1 && line.x0() < first && line.x1() > third;
        if !within || !close || prose || same_words(head, &words) {
            break;
        }
        end += 1;
    }
    end
}

/// A table's header row (its cells' text) and a row or line (its cells'
/// or runs' text) hold the same words: as many non-empty ones, three at
/// least, no digits in them, in order, one of them at least the same and
/// the others each the start of the other, two characters or more (a
/// header cell wrapped in one table and not in the next: `一级指` /
/// `一级指标`, `指标说` / `指标说明`).
pub(super) fn same_words<A: AsRef<str>, B: AsRef<str>>(header: &[A], row: &[B]) -> bool {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let a: Vec<String> = header
        .iter()
        .map(|h| squeeze(h.as_ref()))
        .filter(|h| !h.is_empty())
        .collect();
    let b: Vec<String> = row
        .iter()
        .map(|h| squeeze(h.as_ref()))
        .filter(|h| !h.is_empty())
        .collect();
    // (words only: a row of figures is no header)
    let words = |v: &[String]| v.iter().all(|w| !w.chars().any(|c| c.is_ascii_digit()));
    a.len() >= 3
        && words(&a)
        && words(&b)
        && a.len() == b.len()
        && a.iter()
            .zip(&b)
            .all(|(x, y)| x.starts_with(y.as_str()) || y.starts_with(x.as_str()))
        && a.iter().zip(&b).any(|(x, y)| x == y)
        && a.iter()
            .zip(&b)
            .all(|(x, y)| x.chars().count().min(y.chars().count()) >= 2)
}

/// How the document's stream tables so far set their cells: rows seen
/// centred vertically (browsers), rows seen top-aligned (Word, Writer). One
/// producer sets a document; a table too short to tell follows the rest.
#[derive(Default)]
pub(super) struct Votes {
    centred: usize,
    top: usize,
}

/// A number as a points or score cell prints it.
fn numeric(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '%' | '-' | ','))
}

/// One block's columns and rows, when it has two columns or more.
fn table(
    lines: &[VLine],
    segs: &[Vec<Seg>],
    block: &[usize],
    key: usize,
    votes: &mut Votes,
) -> Option<(Vec<PageRow>, PageTable)> {
    let top = votes.top > votes.centred;
    table_in(lines, segs, block, key, columns(segs, block, top)?, votes)
}

/// One block's rows in the given columns.
fn table_in(
    lines: &[VLine],
    segs: &[Vec<Seg>],
    block: &[usize],
    key: usize,
    bands: Vec<(f32, f32)>,
    votes: &mut Votes,
) -> Option<(Vec<PageRow>, PageTable)> {
    let nb = bands.len();
    // each line's cells (runs cut at the gutters), and where its text ends
    // in each column (for the wrap test)
    let mut grid: Vec<Vec<String>> = Vec::with_capacity(block.len());
    let mut ends: Vec<Vec<f32>> = Vec::with_capacity(block.len());
    let mut begins: Vec<Vec<f32>> = Vec::with_capacity(block.len());
    let mut leads: Vec<Vec<f32>> = Vec::with_capacity(block.len());
    let mut wholes: Vec<Vec<bool>> = Vec::with_capacity(block.len());
    for &k in block {
        let mut cells = vec![String::new(); nb];
        let mut e = vec![f32::MIN; nb];
        let mut x = vec![f32::MAX; nb];
        let mut lead = vec![0.0f32; nb];
        let mut close = vec![0.0f32; nb];
        let mut whole = vec![false; nb];
        for s in &segs[k] {
            for (piece, spaced) in cut(&bands, &s.glyphs, &s.spaced) {
                let x0 = piece.first().map_or(0.0, |g| g.x);
                let x1 = piece.iter().map(|g| g.x + g.w).fold(f32::MIN, f32::max);
                // a run over several columns belongs where it starts (a
                // header centred over its columns, one overflowing its column)
                let b = bands.iter().position(|band| band.1 > x0 + 0.5).unwrap_or(nb - 1);
                if cells[b].is_empty() {
                    lead[b] = unit(&piece);
                    whole[b] = lead[b] >= x1 - x0 - 0.5;
                    close[b] = piece
                        .iter()
                        .take_while(|g| closing(g.ch))
                        .last()
                        .map_or(0.0, |g| g.x + g.w - x0);
                } else {
                    cells[b].push(' ');
                }
                cells[b].push_str(&spaced_text(&piece, &spaced));
                e[b] = e[b].max(x1);
                x[b] = x[b].min(x0);
            }
        }
        // a line that is one unbreakable piece, under which the next line
        // opens with punctuation that may not start a line (`3` / `、6、9`):
        // the piece that did not fit on the line before held that
        // punctuation too (kinsoku)
        if let Some(prev) = leads.len().checked_sub(1) {
            for b in 0..nb {
                if wholes[prev][b] && close[b] > 0.0 {
                    leads[prev][b] += close[b];
                }
            }
        }
        grid.push(cells);
        ends.push(e);
        begins.push(x);
        leads.push(lead);
        wholes.push(whole);
    }
    let ys: Vec<f32> = block.iter().map(|&k| lines[k].y).collect();
    let size = |n: usize| lines[block[n]].size.max(1.0);
    // the anchor column: never wraps (two of its lines closer than a line
    // apart), numeric, on the most lines; a column's header words above its
    // first number (`参考` / `分值`) do not count
    let columns: Vec<(usize, usize, usize, bool, usize)> = (0..nb)
        .map(|b| {
            let from = (0..grid.len()).find(|&n| numeric(&grid[n][b])).unwrap_or(0);
            let filled: Vec<usize> = (from..grid.len()).filter(|&n| !grid[n][b].is_empty()).collect();
            let wraps = filled
                .windows(2)
                .filter(|w| ys[w[0]] - ys[w[1]] < WRAP_GAP * size(w[1]))
                .count();
            let numbers = filled.iter().filter(|&&n| numeric(&grid[n][b])).count();
            (b, filled.len(), wraps, numbers * 2 > filled.len(), from)
        })
        .collect();
    let anchor = columns
        .iter()
        .copied()
        .filter(|&(_, count, _, num, _)| count >= 2 || (num && count == 1))
        .min_by_key(|&(b, count, wraps, num, _)| (wraps, !num, std::cmp::Reverse(count), b))?;
    // no column keys rows when none holds numbers and the best one is words
    // on most of its lines one after another, in a document whose tables
    // so far are top-aligned (a long cell's lines carried over from the
    // page before): rows are parted by blank bands only
    let keyless = votes.top > votes.centred && !columns.iter().any(|c| c.3) && anchor.2 * 2 >= anchor.1;
    let (anchor, from) = (anchor.0, anchor.4);
    let anchors: Vec<usize> = (from..grid.len())
        .filter(|&n| !keyless && !grid[n][anchor].is_empty())
        .collect();
    let gap = |n: usize| ys[n - 1] - ys[n];
    // between two anchors the row changes at the widest gap (at the next
    // anchor when the gaps are even, as in top-aligned cells)
    let widest = |a: usize, b: usize| {
        let mut split = b;
        let mut best = f32::MIN;
        for n in a + 1..=b {
            if gap(n) >= best - 0.5 {
                best = if gap(n) > best + 0.5 || best == f32::MIN {
                    gap(n)
                } else {
                    best.max(gap(n))
                };
                split = n;
            }
        }
        split
    };
    let splits: Vec<usize> = anchors.windows(2).map(|w| widest(w[0], w[1])).collect();
    // centred: some row has lines above its anchor, or an anchor stands
    // alone in the middle of lines set apart by blank bands
    let band = |n: usize| gap(n) > WRAP_GAP * size(n);
    // the blank-band groups: each line's group's first and last line, and
    // how many anchors each group holds
    let mut group = vec![0usize; grid.len()];
    let mut tops: Vec<usize> = Vec::new();
    for (n, g) in group.iter_mut().enumerate() {
        if n == 0 || band(n) {
            tops.push(n);
        }
        *g = tops.len() - 1;
    }
    let bottom_of = |g: usize| tops.get(g + 1).map_or(grid.len() - 1, |&t| t - 1);
    let mut in_group = vec![0usize; tops.len()];
    for &a in &anchors {
        in_group[group[a]] += 1;
    }
    // how the cells sit: an anchor alone in the middle of its group, or a
    // row that takes lines above its anchor, is a centred row; a row running
    // down from its anchor over two lines or more, with the widest gap just
    // before the next anchor, a top-aligned one; the most rows decide (a
    // cell's paragraph spacing does not turn a top-aligned table). A group
    // cut by the block's edge may be a row cut by the page break: a lone
    // anchor there counts only when nothing else decides, neither this
    // table's rows nor those of the document's tables so far.
    let (mut centred_rows, mut edge_rows, mut started) = (0, 0, 0);
    for &a in &anchors {
        let (top, bottom) = (tops[group[a]], bottom_of(group[a]));
        let mid = (ys[top] + ys[bottom]) / 2.0;
        // (and the cells that go on below the anchor's line run through it
        // from above: in a top-aligned row they start on it, under a header)
        let through = if a == 0 || a >= bottom {
            true
        } else {
            let below: Vec<usize> = (0..nb).filter(|&b| !grid[a + 1][b].is_empty()).collect();
            let from_above = below.iter().filter(|&&b| !grid[a - 1][b].is_empty()).count();
            // (a line above across a blank band is another row's: a
            // header's last line over a centred row's first)
            if from_above * 2 < below.len() && below.len() >= 2 && !band(a) {
                // cells starting on the anchor's line and going on below
                started += 1;
            }
            from_above * 2 >= below.len()
        };
        if in_group[group[a]] == 1
            && top < a
            && through
            && (ys[a] - mid).abs() <= 0.25 * (ys[top] - ys[bottom]) + 0.5 * size(a)
        {
            if top > 0 && bottom + 1 < grid.len() {
                centred_rows += 1;
            } else {
                edge_rows += 1;
            }
        }
    }
    let mut top_rows = 0;
    for (w, &s) in anchors.windows(2).zip(&splits) {
        if s < w[1] {
            centred_rows += 1;
        } else if w[1] - w[0] >= 3 {
            top_rows += 1;
        }
    }
    let top_rows = top_rows.max(started);
    // (a header row above the first anchor, three lines or more between
    // blank bands, with a column whose text stands on none of its first
    // and last lines but is centred between them: `评价指标` beside a
    // neighbour's wrapped `扣分 / 情况及整 / 改情况说明`; a top-aligned cell
    // starts on its row's first line)
    // (a block without anchors is all header: a table's head left at the
    // foot of a page)
    let head_end = anchors.first().map_or(tops.len(), |&a| group[a]);
    for (g, &top) in tops.iter().enumerate().take(head_end) {
        let bottom = bottom_of(g);
        if bottom < top + 2 {
            continue;
        }
        let mid = (ys[top] + ys[bottom]) / 2.0;
        let centred_cell = (0..nb).any(|b| {
            let own: Vec<usize> = (top..=bottom).filter(|&n| !grid[n][b].is_empty()).collect();
            match (own.first(), own.last()) {
                (Some(&f), Some(&l)) => f > top && l < bottom && ((ys[f] + ys[l]) / 2.0 - mid).abs() <= 0.25 * size(f),
                _ => false,
            }
        });
        if centred_cell {
            centred_rows += 1;
        }
    }
    // (a block without a figure is a head alone, keyed by a column of
    // words whose lines say nothing of how cells sit: the document's tables
    // so far decide, when they have)
    let words_only = !columns.iter().any(|c| c.3);
    let centred = match (centred_rows.cmp(&top_rows), votes.centred.cmp(&votes.top)) {
        (std::cmp::Ordering::Equal, std::cmp::Ordering::Equal) => edge_rows > 0,
        (_, doc) if words_only && doc.is_ne() => doc.is_gt(),
        (std::cmp::Ordering::Equal, doc) => doc.is_gt(),
        (own, _) => own.is_gt(),
    };
    votes.centred += centred_rows;
    votes.top += top_rows;
    let mut is_start = vec![false; grid.len() + 1];
    is_start[0] = true;
    for &s in &splits {
        is_start[s] = true;
    }
    let first = anchors.first().copied().unwrap_or(0);
    // centred: rows are parted by blank bands wider than a line;
    // top-aligned: a row starts at its anchor, and above the first, header
    // rows part at such blank bands
    let banded = if centred || keyless { grid.len() } else { first };
    is_start[first] |= !centred;
    let inner = if centred && !keyless {
        paragraph_bands(&ys, &grid, &anchors, &splits, &band, size(first))
    } else {
        Vec::new()
    };
    for (n, start) in is_start.iter_mut().enumerate().take(banded).skip(1) {
        if band(n) && !inner.get(n).copied().unwrap_or(false) {
            *start = true;
        }
    }
    // a centred row of sub-rows (see `sub_rows`) whose anchor, centred
    // between two of them, stands on a line of its own between them (an
    // even count of sub-items under a rowspan: `渔业服务` / `21` / `水产管理`
    // in 000_dcb98461ec04ccb6.unruled-chromium.pdf, fixtures/tables/
    // subrows.chromium.pdf): a sub-item a band below the one before in its
    // column starts a row (the anchor's line stays with the sub-row above)
    if centred && !keyless {
        let mut s = 0;
        while s < grid.len() {
            let e = (s + 1..grid.len()).find(|&k| is_start[k]).unwrap_or(grid.len());
            if e - s >= 3 && sub_rows(&ys, &grid, s, e - 1, size(s)) {
                for k in sub_row_starts(&ys, &grid, s, e - 1, size(s)) {
                    is_start[k] = true;
                }
            }
            s = e;
        }
    }
    // a line also starts a row where a column holds text on it and on the
    // line before, and that line's text stopped short of the column's edge
    // by more than this line's first word (not wrapped: a header over a
    // header, a short cell over the next); (top-aligned tables only: centred
    // rows are parted by blank bands)
    // (the column's right edge: its text's, never past the gutter when
    // the columns are given, as for a table carried over from the page before)
    let right: Vec<f32> = (0..nb)
        .map(|b| ends.iter().map(|e| e[b]).fold(f32::MIN, f32::max).min(bands[b].1))
        .collect();
    for n in 1..grid.len() {
        if centred {
            break;
        }
        // (a line holding only a number is a cell of its own when the next
        // line's first piece would have fitted after it at all: `93.58` over
        // `优`)
        let short = (0..nb).any(|b| {
            let slack = if numeric(&grid[n - 1][b]) { 0.0 } else { 0.5 * size(n) };
            !grid[n][b].is_empty() && !grid[n - 1][b].is_empty() && ends[n - 1][b] + leads[n][b] < right[b] - slack
        });
        if short {
            is_start[n] = true;
        }
    }
    // top-aligned: above the first anchor (the header), or anywhere when no
    // column keys the rows, a line with text in a column empty on the line
    // before starts a row (`一级指标 二级指标` under `评价指标`, `名称 参考`
    // under `一级指标`, `综合评分 93.58` under a cell's last line): a cell's
    // text starts on its row's first line
    let head = if keyless { grid.len() } else { first };
    for n in 1..head {
        if centred {
            break;
        }
        if (0..nb).any(|b| !grid[n][b].is_empty() && grid[n - 1][b].is_empty()) {
            is_start[n] = true;
        }
    }
    let mut starts: Vec<usize> = (0..grid.len()).filter(|&n| is_start[n]).collect();
    starts.push(grid.len());
    let mut edges: Vec<f32> = bands.iter().map(|b| b.0).collect();
    edges.push(bands.last().map_or(0.0, |b| b.1));
    for w in starts.windows(2) {
        centred_lines(&mut grid, &mut begins, &mut ends, &bands, w[0]..w[1]);
    }
    let mut out = Vec::new();
    for w in starts.windows(2) {
        let (s, e) = (w[0], w[1]);
        let mut cells: Vec<Cell> = bands
            .iter()
            .map(|&(x0, x1)| Cell {
                x: Some(x0),
                width: Some(x1 - x0),
                ..Cell::default()
            })
            .collect();
        for line in &grid[s..e] {
            for (c, t) in cells.iter_mut().zip(line) {
                let digits = c.text.chars().last().is_some_and(|a| a.is_ascii_digit())
                    && t.chars().next().is_some_and(|b| b.is_ascii_digit());
                if digits {
                    c.text.push(' ');
                }
                join_text(&mut c.text, t);
            }
        }
        out.push(PageRow {
            y: ys[s],
            cells,
            lines: (e - s) as u32,
            key,
        });
    }
    if centred {
        let body: Vec<bool> = starts
            .windows(2)
            .map(|w| anchors.iter().any(|&a| a >= w[0] && a < w[1]))
            .collect();
        for (col, from, to) in centred_spans(&grid, &ys, &starts, &body, size(0)) {
            let text = std::mem::take(&mut out[from].cells[col].text);
            out[to].cells[col].text = text;
        }
    }
    Some((
        out,
        PageTable {
            xs: edges,
            ruled: false,
            open: true,
            sliced: (false, false),
        },
    ))
}

/// The blank bands inside the rows of a vertically centred table (as
/// browsers print it): a cell's paragraphs (`<p>`) stand a margin apart, a
/// band as wide as the one between two rows (a line and a margin either
/// way), so bands alone do not part its rows. Every cell of a centred row,
/// its anchor too, is centred on the row's extent: an anchor's row runs
/// from the split above it to the split below (the widest gap between two
/// anchors) when the anchor's line stands midway between their lines; the
/// first anchor's row reaches as far above its line as it does below (to a
/// line there, under a band or the block's top), the last one's as far
/// below as above (to a line there, over a band or the block's end). Bands
/// between lines of such a row are marked (by the index of the line below
/// them). A row's extent none of whose columns wraps (each column's lines
/// in it a line or more of blank apart), and where some column holds two
/// lines or more, is sub-rows under cells spanning them (a rowspan: a
/// number and a name beside one short item a sub-row), not paragraphs: its
/// bands still part rows. Paragraphs of a rubric wrap (001's 管理制度健全性
/// and 公用经费控制率, totals.chromium.pdf's rubrics); sub-items do not
/// (000_dcb98461ec04ccb6.unruled-chromium.pdf's 渔业管理 / 海域使用金 /
/// 土地储备管理 items, fixtures/tables/subrows.chromium.pdf).
/// Seen in Chromium's prints of rubrics in paragraphs:
/// 001_1043f48496861f1f.unruled-chromium.pdf (公用经费控制率, whose first
/// paragraphs above its anchor were rows of their own, joined to the row
/// before) and fixtures/tables/totals.chromium.pdf (馆藏查阅利用人次,
/// 查阅者满意度). Linear: each anchor looks at its own row's lines.
fn paragraph_bands(
    ys: &[f32],
    grid: &[Vec<String>],
    anchors: &[usize],
    splits: &[usize],
    band: &dyn Fn(usize) -> bool,
    size: f32,
) -> Vec<bool> {
    let n = ys.len();
    let mut inner = vec![false; n + 1];
    let tol = 0.5 * size;
    // a row's edge line: none past it, or a band beyond it
    let edge_above = |k: usize| k == 0 || band(k);
    let edge_below = |k: usize| k + 1 >= n || band(k + 1);
    for (i, &a) in anchors.iter().enumerate() {
        let top = i.checked_sub(1).and_then(|p| splits.get(p)).copied();
        let bottom = splits.get(i).map(|&s| s.saturating_sub(1));
        let (t, b) = match (top, bottom) {
            (Some(t), Some(b)) => (t, b),
            (None, Some(b)) if b >= a => {
                // the line as far above the anchor as `b` is below it
                let want = 2.0 * ys[a] - ys[b];
                let Some(t) = (0..=a).rev().take_while(|&k| ys[k] <= want + tol).last() else {
                    continue;
                };
                if !edge_above(t) {
                    continue;
                }
                (t, b)
            }
            (Some(t), None) if t <= a => {
                let want = 2.0 * ys[a] - ys[t];
                let Some(b) = (a..n).take_while(|&k| ys[k] >= want - tol).last() else {
                    continue;
                };
                if !edge_below(b) {
                    continue;
                }
                (t, b)
            }
            _ => continue,
        };
        if t > a || b < a || b >= n || ((ys[t] + ys[b]) / 2.0 - ys[a]).abs() > tol {
            continue;
        }
        if sub_rows(ys, grid, t, b, size) {
            continue;
        }
        for flag in &mut inner[t + 1..=b] {
            *flag = true;
        }
    }
    inner
}

/// Lines `t..=b` of a table are sub-rows (see `paragraph_bands`): no
/// column's consecutive lines among them closer than a wrapped line's, and
/// some column with two lines or more. Linear in the lines and columns.
fn sub_rows(ys: &[f32], grid: &[Vec<String>], t: usize, b: usize, size: f32) -> bool {
    let mut stacked = false;
    for (p, k) in column_pairs(grid, t, b) {
        if ys[p] - ys[k] <= WRAP_GAP * size {
            return false;
        }
        stacked = true;
    }
    stacked
}

/// Each column's consecutive filled lines among `t..=b`, as pairs (line
/// above, line below), column by column. Linear in the lines and columns.
fn column_pairs(grid: &[Vec<String>], t: usize, b: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
    let nb = grid.first().map_or(0, Vec::len);
    (0..nb).flat_map(move |c| {
        let filled = (t..=b).filter(move |&k| grid.get(k).and_then(|r| r.get(c)).is_some_and(|s| !s.is_empty()));
        filled.clone().zip(filled.skip(1))
    })
}

/// The lines among `t..=b` (sub-rows) holding a column's text a band below
/// the column's text before, with no band between the two lines.
fn sub_row_starts(ys: &[f32], grid: &[Vec<String>], t: usize, b: usize, size: f32) -> Vec<usize> {
    column_pairs(grid, t, b)
        .filter(|&(p, k)| k > p + 1 && !(p + 1..=k).any(|m| ys[m - 1] - ys[m] > WRAP_GAP * size))
        .map(|(_, k)| k)
        .collect()
}

/// The lines of a row's cells centred over several columns (a header
/// spanning columns, as browsers and Word centre them): a piece that stands
/// under a cell's line running past its column's right edge, inside that
/// line's extent, with nothing of its own column above it in the row, is
/// that cell's next line (`二级指` over `标`: the `标`, centred, starts in
/// the next column). Moves its text to that cell's column.
fn centred_lines(
    grid: &mut [Vec<String>],
    begins: &mut [Vec<f32>],
    ends: &mut [Vec<f32>],
    bands: &[(f32, f32)],
    rows: std::ops::Range<usize>,
) {
    let nb = bands.len();
    for n in rows.start + 1..rows.end {
        for b in 1..nb {
            if grid[n][b].is_empty() {
                continue;
            }
            // the nearest line above in the row with text at or left of `b`
            let Some(k) = (rows.start..n).rev().find(|&k| (0..=b).any(|c| !grid[k][c].is_empty())) else {
                continue;
            };
            if !grid[k][b].is_empty() {
                continue;
            }
            let over = (0..b).rev().find(|&c| !grid[k][c].is_empty()).filter(|&c| {
                grid[n][c].is_empty()
                    && ends[k][c] > bands[c].1 + 0.5
                    && begins[n][b] >= begins[k][c] - 1.0
                    && ends[n][b] <= ends[k][c] + 1.0
            });
            if let Some(c) = over {
                grid[n][c] = std::mem::take(&mut grid[n][b]);
                begins[n][c] = begins[n][b];
                ends[n][c] = ends[n][b];
                begins[n][b] = f32::MAX;
                ends[n][b] = f32::MIN;
            }
        }
    }
}

/// Cells of a vertically centred table (browsers) that span rows: a cell
/// whose text is not centred on its own row's lines (by more than a quarter
/// of the font size) but is on those of a run of body rows around it, all
/// empty in its column, covers that run; its text belongs to the run's
/// first row, where a rowspan's text stands in a ruled table and in the
/// text. (Browsers centre a rowspan cell's content across its rows, so
/// without rules its text sits beside a later row: `部门绩效` beside the
/// second of the three rows it covers.) Returns (column, row it sits on,
/// first row it covers). `starts`: each row's first line, then the end.
fn centred_spans(
    grid: &[Vec<String>],
    ys: &[f32],
    starts: &[usize],
    body: &[bool],
    size: f32,
) -> Vec<(usize, usize, usize)> {
    let rows = starts.len().saturating_sub(1);
    let nb = grid.first().map_or(0, Vec::len);
    let tol = 0.25 * size;
    let first_body = body.iter().position(|&b| b);
    let mut moves = Vec::new();
    // a row's extent (first and last baseline) over the lines with text in
    // a column other than `col`
    let extent = |r: usize, col: usize| {
        let lines = (starts[r]..starts[r + 1]).filter(|&n| (0..nb).any(|c| c != col && !grid[n][c].is_empty()));
        lines.fold(None, |acc: Option<(f32, f32)>, n| {
            Some(acc.map_or((ys[n], ys[n]), |(t, b)| (t.max(ys[n]), b.min(ys[n]))))
        })
    };
    for col in (0..nb).filter(|&c| grid.iter().any(|l| !l[c].is_empty())) {
        let filled = |r: usize| (starts[r]..starts[r + 1]).any(|n| !grid[n][col].is_empty());
        for r in (0..rows).filter(|&r| body[r] && filled(r)) {
            let own: Vec<f32> = (starts[r]..starts[r + 1])
                .filter(|&n| !grid[n][col].is_empty())
                .map(|n| ys[n])
                .collect();
            let (Some(first), Some(last)) = (own.first(), own.last()) else {
                continue;
            };
            let mid = (first + last) / 2.0;
            let Some((t, b)) = extent(r, col) else { continue };
            let off = |t: f32, b: f32| ((t + b) / 2.0 - mid).abs();
            let here = off(t, b);
            if here <= tol {
                continue;
            }
            // the body rows around, empty in the column (and the header
            // row right above the first: a cell spanning from the head's
            // last row into the body, as a CMS editor merges an empty
            // cell under `名称`, is the head's; a head holds words, never
            // a figure)
            let mut lo = r;
            let words = (starts[r]..starts[r + 1]).all(|n| !grid[n][col].chars().any(|c| c.is_ascii_digit()));
            while lo > 0 && (body[lo - 1] || (Some(lo) == first_body && words)) && !filled(lo - 1) {
                lo -= 1;
                if !body[lo] {
                    break;
                }
            }
            let mut hi = r;
            while hi + 1 < rows && body[hi + 1] && !filled(hi + 1) {
                hi += 1;
            }
            // (the best fit; and none with another first row fitting too)
            let mut best: Option<(f32, usize)> = None;
            let mut firsts = Vec::new();
            for a in lo..=r {
                for z in r..=hi {
                    if (a, z) == (r, r) {
                        continue;
                    }
                    let (Some((t, _)), Some((_, b))) = (extent(a, col), extent(z, col)) else {
                        continue;
                    };
                    let o = off(t, b);
                    if o <= tol && !firsts.contains(&a) {
                        firsts.push(a);
                    }
                    if best.is_none_or(|(d, _)| o < d) {
                        best = Some((o, a));
                    }
                }
            }
            if let Some((o, a)) = best {
                if o <= tol && o * 2.0 < here && a < r && firsts.len() == 1 {
                    moves.push((col, r, a));
                }
            }
        }
    }
    moves
}

/// The width of what opens a line of a cell and could not be parted from
/// it when the line before wrapped: a word of letters, digits and signs, or one CJK
/// character, with the punctuation that may not start or end a line held
/// to it (`位)`, `分)。`, `（单`).
fn unit(glyphs: &[&Glyph]) -> f32 {
    let Some(first) = glyphs.first() else { return 0.0 };
    let opening = |c: char| "([{（【《〈「『“‘".contains(c);
    let mut k = 0;
    while k < glyphs.len() && opening(glyphs[k].ch) {
        k += 1;
    }
    if k < glyphs.len() {
        if is_cjk(glyphs[k].ch) {
            k += 1;
        } else {
            // letters, digits and the signs between them (`25%)×1`), and
            // the character an opening bracket ends on (`=(一`)
            while k < glyphs.len() && !glyphs[k].ch.is_whitespace() && !is_cjk(glyphs[k].ch) {
                k += 1;
            }
            if k < glyphs.len() && opening(glyphs[k - 1].ch) && is_cjk(glyphs[k].ch) {
                k += 1;
            }
        }
    }
    while k < glyphs.len() && closing(glyphs[k].ch) {
        k += 1;
    }
    // a quotation mark parts from neither side (UAX #14 rule LB19, as ICU
    // breaks lines for LibreOffice and Chromium): `公”经` moves as one
    // (the rule the next piece's `short` test serves is for top-aligned
    // tables, Word's and Writer's)
    while k > 0 && k < glyphs.len() && quote(glyphs[k - 1].ch) && !glyphs[k].ch.is_whitespace() {
        k += 1;
        while k < glyphs.len() && closing(glyphs[k].ch) {
            k += 1;
        }
    }
    let last = glyphs[k.clamp(1, glyphs.len()) - 1];
    last.x + last.w - first.x
}

/// A quotation mark (UAX #14 class QU).
fn quote(c: char) -> bool {
    "\"'“”‘’".contains(c)
}

/// Punctuation that may not start a line (it stays with the piece before).
fn closing(c: char) -> bool {
    ")]},.;:!?%/…·～）】》〉」』〕”’，。、；：？！".contains(c)
}

/// Cuts a run of glyphs where it crosses the gutter between two columns
/// (cells run together when the gap between columns is narrow): at a gap
/// between two glyphs whose centres stand in different columns.
/// Each piece comes with its glyphs' `spaced` flags (a space glyph stood
/// before the glyph).
fn cut<'a>(bands: &[(f32, f32)], glyphs: &[&'a Glyph], spaced: &[bool]) -> Vec<(Vec<&'a Glyph>, Vec<bool>)> {
    let column = |g: &Glyph| band_of(bands, g.x, g.x + g.w);
    let mut out: Vec<(Vec<&Glyph>, Vec<bool>)> = Vec::new();
    let mut prev: Option<(&Glyph, usize)> = None;
    for (&g, &sp) in glyphs.iter().zip(spaced) {
        let c = column(g);
        let new = match prev {
            None => true,
            Some((p, pc)) => pc != c && g.x - (p.x + p.w) > 0.1 * g.size.max(1.0),
        };
        if new {
            out.push((Vec::new(), Vec::new()));
        }
        if let Some(last) = out.last_mut() {
            last.1.push(sp && !last.0.is_empty());
            last.0.push(g);
        }
        prev = Some((g, c));
    }
    out
}

/// A piece's text, with a space where the producer printed a space glyph
/// (`×100% 1. 固定`: both producers print the spaces of a cell's text; a
/// gap alone is read as `text_of` reads it).
fn spaced_text(glyphs: &[&Glyph], spaced: &[bool]) -> String {
    let mut out = String::new();
    let mut from = 0;
    for k in 1..=glyphs.len() {
        if k == glyphs.len() || spaced[k] {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&text_of(&glyphs[from..k]));
            from = k;
        }
    }
    out
}

/// A block's columns, from how many of its lines put ink at each x (one
/// bin a point): a column is a run of inked bins; a gutter is a bin no line
/// inks, or one inked by under a third as many lines as the columns on both
/// sides (a header spanning them, two cells run together).
fn columns(segs: &[Vec<Seg>], block: &[usize], top: bool) -> Option<Vec<(f32, f32)>> {
    let glyphs = || block.iter().flat_map(|&k| segs[k].iter().flat_map(|s| s.glyphs.iter()));
    let lo = glyphs().map(|g| g.x).fold(f32::MAX, f32::min);
    let hi = glyphs().map(|g| g.x + g.w).fold(f32::MIN, f32::max);
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return None;
    }
    let step = ((hi - lo) / MAX_BINS as f32).max(1.0);
    let n = ((hi - lo) / step).ceil() as usize + 1;
    let bin = |x: f32| (((x - lo) / step).max(0.0) as usize).min(n - 1);
    let mut count = vec![0u32; n];
    let mut stamp = vec![usize::MAX; n];
    // where a run of ink starts a cell: a segment's start, or a run after a
    // gap with no space glyph in it (cells run together in a narrow gutter);
    // a run after a space is the next word of the same cell. Each start
    // with its line and whether text stands before it on that line.
    let mut starts: Vec<(f32, usize, bool)> = Vec::new();
    // each segment's ink: its glyphs, with gaps under a third of the font
    // size filled (letter and justification spacing)
    let mut inks: Vec<(usize, Vec<(f32, f32)>)> = Vec::new();
    // (and whether it is a squeezed cell's line: one run of a few glyphs)
    let mut squeezed: Vec<bool> = Vec::new();
    for (li, &k) in block.iter().enumerate() {
        for (si, s) in segs[k].iter().enumerate() {
            let mut runs: Vec<(f32, f32)> = Vec::new();
            for (g, &spaced) in s.glyphs.iter().zip(&s.spaced) {
                match runs.last_mut() {
                    Some(r) if g.x - r.1 < 0.3 * g.size.max(1.0) => r.1 = r.1.max(g.x + g.w),
                    _ => {
                        if runs.is_empty() || !spaced {
                            starts.push((g.x, li, si > 0 || !runs.is_empty()));
                        }
                        runs.push((g.x, g.x + g.w));
                    }
                }
            }
            squeezed.push(runs.len() == 1 && s.glyphs.len() <= SQUEEZED);
            inks.push((li, runs));
        }
    }
    let shared = shared_edges(&mut starts);
    let sizes: Vec<f32> = block
        .iter()
        .map(|&k| segs[k].first().and_then(|s| s.glyphs.first()).map_or(10.0, |g| g.size))
        .collect();
    let spanning = spanning_runs(&inks, &squeezed, &sizes);
    let inner: Vec<f32> = shared.iter().filter(|e| e.1).map(|e| e.0).collect();
    for (li, runs) in inks {
        // a run of ink from one shared edge across (or onto) a column edge
        // that other lines start cells at, after other text, is a header
        // spanning columns (`一级指标` over `名称 | 参考分值`) or a cell
        // overflowing its column: not ink of a column (Word's cells keep
        // their text a padding clear of the next column; centred cells, whose
        // starts line up only by chance, start on no shared edge). Only in
        // documents whose tables are top-aligned (Word, Writer): browsers'
        // narrow gutters and centred cells make edges by chance.
        let (x0, x1) = (runs.first().map_or(0.0, |r| r.0), runs.last().map_or(0.0, |r| r.1));
        let from_edge = shared.iter().any(|e| (e.0 - x0).abs() <= EDGE_TOL);
        let e = inner.partition_point(|&e| e <= x0 + EDGE_TOL);
        if top && from_edge && inner.get(e).is_some_and(|&e| e < x1 + EDGE_TOL) {
            continue;
        }
        for (x0, x1) in runs {
            if spanning.contains(&(li, x0.to_bits())) {
                continue;
            }
            for x in bin(x0)..=bin(x1 - 0.25).max(bin(x0)) {
                if stamp[x] != li {
                    stamp[x] = li;
                    count[x] += 1;
                }
            }
        }
    }
    // the highest count at or before each bin, and at or after, within its run
    let mut left = vec![0u32; n];
    let mut right = vec![0u32; n];
    let mut m = 0;
    for x in 0..n {
        m = if count[x] == 0 { 0 } else { m.max(count[x]) };
        left[x] = m;
    }
    m = 0;
    for x in (0..n).rev() {
        m = if count[x] == 0 { 0 } else { m.max(count[x]) };
        right[x] = m;
    }
    let gutter = |x: usize| count[x] == 0 || count[x] * 3 <= left[x].min(right[x]);
    let mut bands: Vec<(f32, f32)> = Vec::new();
    let mut open: Option<usize> = None;
    for x in 0..=n {
        let ink = x < n && !gutter(x);
        match (open, ink) {
            (None, true) => open = Some(x),
            (Some(a), false) => {
                bands.push((lo + a as f32 * step, lo + x as f32 * step));
                open = None;
            }
            _ => {}
        }
        if bands.len() > MAX_COLS {
            return None;
        }
    }
    // a column no cell starts in is the overflow of the one before (a
    // wrapped cell's next word on one line: "部门决策 (20" / "分)"), never a
    // column of its own
    let mut first = vec![f32::MAX; bands.len()];
    for (x, _, _) in starts {
        let b = bands.partition_point(|b| b.1 <= x);
        if b < bands.len() && x >= bands[b].0 - step {
            first[b] = first[b].min(x);
        }
    }
    let mut kept: Vec<(f32, f32)> = Vec::with_capacity(bands.len());
    for (b, band) in bands.into_iter().enumerate() {
        match kept.last_mut() {
            Some(last) if first[b] == f32::MAX => last.1 = band.1,
            _ => kept.push(band),
        }
    }
    (kept.len() >= 2).then_some(kept)
}

/// The runs of ink laid over two columns (a header cell centred over the
/// columns under it, wrapped in narrow columns: `一级` / `指标` over `名`
/// / `称` and `参` / `考`): among the squeezed cells' lines (a cell's
/// whole text on the line, one run of `SQUEEZED` glyphs at most, as
/// browsers and Word wrap CJK in a narrow column), those each of which
/// overlaps two such of other lines that stand apart by half a font size
/// or more (short cells of one column overlap where they are aligned).
/// Each as (line, start's bits).
/// Bounded: blocks of more runs than `MAX_SPAN_RUNS` are left as they are.
fn spanning_runs(
    inks: &[(usize, Vec<(f32, f32)>)],
    squeezed: &[bool],
    sizes: &[f32],
) -> std::collections::HashSet<(usize, u32)> {
    let runs: Vec<(usize, f32, f32)> = inks
        .iter()
        .zip(squeezed)
        .filter(|(_, &sq)| sq)
        .flat_map(|((li, rs), _)| rs.iter().map(move |&(a, b)| (*li, a, b)))
        .collect();
    let mut out = std::collections::HashSet::new();
    if runs.len() > MAX_SPAN_RUNS {
        return out;
    }
    for &(li, x0, x1) in &runs {
        let gap = 0.5 * sizes.get(li).copied().unwrap_or(10.0).max(1.0);
        let over = runs.iter().filter(|r| r.0 != li && r.2 > x0 && r.1 < x1);
        let (mut end, mut start) = (f32::MAX, f32::MIN);
        for r in over {
            end = end.min(r.2);
            start = start.max(r.1);
        }
        if end + gap <= start {
            out.insert((li, x0.to_bits()));
        }
    }
    out
}

/// A cell's line of at most this many glyphs, in one run, is a squeezed
/// cell's (a narrow column wraps CJK a character or a few a line).
const SQUEEZED: usize = 4;

/// Blocks with more runs of ink than this keep every run's ink.
const MAX_SPAN_RUNS: usize = 2000;

/// Starts closer than this (points) are one text edge.
const EDGE_TOL: f32 = 1.0;

/// The x of the text edges shared across lines (Camelot's and pdfplumber's
/// "text edges"): where cells of two lines or more start; with whether one
/// of them follows other text on its line (a column inside the table, not
/// its left margin or a paragraph's indent). `starts` is sorted on the way.
fn shared_edges(starts: &mut [(f32, usize, bool)]) -> Vec<(f32, bool)> {
    starts.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut edges = Vec::new();
    let mut k = 0;
    while k < starts.len() {
        let x = starts[k].0;
        let mut j = k;
        let mut left = false;
        while j < starts.len() && starts[j].0 - x <= EDGE_TOL {
            left |= starts[j].2;
            j += 1;
        }
        // (two lines: the edge's starts are not all of one line)
        let lines = starts[k..j].iter().any(|s| s.1 != starts[k].1);
        if lines {
            edges.push((x, left));
        }
        k = j;
    }
    edges
}

fn add(bands: &mut Vec<(f32, f32)>, s: &Seg) {
    add_extent(bands, s.x0, s.x1);
}

/// Adds a cell's extent to the columns: widens the one column it overlaps,
/// starts a new one where it overlaps none, leaves them when it spans several.
fn add_extent(bands: &mut Vec<(f32, f32)>, x0: f32, x1: f32) {
    let mut hits = (0..bands.len()).filter(|&b| x0 < bands[b].1 && x1 > bands[b].0);
    match (hits.next(), hits.next()) {
        (None, _) => {
            let at = bands.partition_point(|b| b.0 < x0);
            bands.insert(at, (x0, x1));
        }
        (Some(b), None) => {
            let (lo, hi) = (bands[b].0.min(x0), bands[b].1.max(x1));
            let clear_left = b == 0 || bands[b - 1].1 < lo;
            let clear_right = b + 1 == bands.len() || bands[b + 1].0 > hi;
            if clear_left && clear_right {
                bands[b] = (lo, hi);
            }
        }
        _ => {}
    }
}

/// The column of an extent: the first it overlaps most of, else the nearest.
fn band_of(bands: &[(f32, f32)], x0: f32, x1: f32) -> usize {
    let overlap = |b: &(f32, f32)| x1.min(b.1) - x0.max(b.0);
    let mut best = 0;
    let mut score = f32::MIN;
    for (k, b) in bands.iter().enumerate() {
        let o = overlap(b);
        if o > score + 0.5 {
            score = o;
            best = k;
        }
    }
    best
}

//! Unruled (stream) tables: runs of lines whose words stand in shared
//! columns. Learnt from Camelot's stream mode: columns from text edges shared
//! across lines; then rows from one column whose cells never wrap (the
//! anchor, e.g. the points column), each wrapped line attached to its row:
//! between two anchor lines the row changes at the widest line gap (at the
//! next anchor when the gaps are even, as top-aligned Word cells are).

use super::interp::Glyph;
use super::layout::{join_text, text_of, PageRow, PageTable, VLine};
use crate::model::Cell;

/// Within a table line, a gap wider than this many font sizes separates cells.
const SEG_GAP: f32 = 0.9;
/// Lines further apart than this many font sizes are not one table.
const LINE_GAP: f32 = 2.5;
/// A table has at least this many lines with two cells or more.
const MIN_LINES: usize = 3;

/// A run of glyphs on a line: part of one cell.
struct Seg {
    x0: f32,
    x1: f32,
    text: String,
}

fn segments(line: &VLine) -> Vec<Seg> {
    let mut out: Vec<Vec<&Glyph>> = Vec::new();
    let mut end = f32::MIN;
    for g in &line.glyphs {
        if g.ch.is_whitespace() {
            continue;
        }
        if out.is_empty() || g.x - end > SEG_GAP * line.size {
            out.push(Vec::new());
        }
        if let Some(last) = out.last_mut() {
            last.push(g);
        }
        end = end.max(g.x + g.w);
    }
    out.into_iter()
        .filter(|g| !g.is_empty())
        .map(|g| Seg {
            x0: g[0].x,
            x1: g.iter().map(|x| x.x + x.w).fold(f32::MIN, f32::max),
            text: text_of(&g),
        })
        .collect()
}

/// Finds the stream tables among a page's lines (top to bottom), takes their
/// lines out and returns their rows; table keys start at `first_key`.
pub(super) fn tables(lines: &mut Vec<VLine>, first_key: usize) -> (Vec<PageRow>, Vec<PageTable>) {
    let segs: Vec<Vec<Seg>> = lines.iter().map(segments).collect();
    let multi = |i: usize| segs[i].len() >= 2;
    let mut rows = Vec::new();
    let mut tables = Vec::new();
    let mut used = vec![false; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        if !multi(i) {
            i += 1;
            continue;
        }
        // the block: lines close below, multi-cell or narrower than the block
        let (mut lo, mut hi) = (lines[i].x0(), lines[i].x1());
        let mut end = i + 1;
        let mut last_multi = i;
        while end < lines.len() {
            let gap = lines[end - 1].y - lines[end].y;
            let size = lines[end].size.max(1.0);
            if gap > LINE_GAP * size {
                break;
            }
            if multi(end) {
                lo = lo.min(lines[end].x0());
                hi = hi.max(lines[end].x1());
                last_multi = end;
            } else if lines[end].x1() - lines[end].x0() > 0.6 * (hi - lo) || gap > 1.6 * size {
                break;
            }
            end += 1;
        }
        // trailing single-cell lines stay only when close (wrapped cells)
        let block: Vec<usize> = (i..end).collect();
        let count = block.iter().filter(|&&k| multi(k)).count();
        if count < MIN_LINES {
            i = last_multi + 1;
            continue;
        }
        // single-cell lines just above or below that sit inside one column
        // (a wrapped cell's first or last lines)
        let mut block = block;
        if let Some(bands) = columns(&segs, &block) {
            let inside = |k: usize| {
                segs[k]
                    .iter()
                    .all(|s| bands.iter().any(|b| s.x0 >= b.0 - 1.0 && s.x1 <= b.1 + 1.0))
            };
            let mut k = i;
            while k > 0 && !used[k - 1] && !multi(k - 1) && inside(k - 1) {
                if lines[k - 1].y - lines[k].y > 1.6 * lines[k].size.max(1.0) {
                    break;
                }
                k -= 1;
                block.insert(0, k);
            }
        }
        if let Some((rs, tab)) = table(lines, &segs, &block, first_key + tables.len()) {
            for &k in &block {
                used[k] = true;
            }
            rows.extend(rs);
            tables.push(tab);
        }
        i = end;
    }
    let mut k = 0;
    lines.retain(|_| {
        k += 1;
        !used[k - 1]
    });
    (rows, tables)
}

/// One block's columns and rows, when it has two columns or more.
fn table(lines: &[VLine], segs: &[Vec<Seg>], block: &[usize], key: usize) -> Option<(Vec<PageRow>, PageTable)> {
    let bands = columns(segs, block)?;
    // where each line's text ends in each column (for the wrap test)
    let ends: Vec<Vec<f32>> = block
        .iter()
        .map(|&k| {
            let mut e = vec![f32::MIN; bands.len()];
            for s in &segs[k] {
                let b = band_of(&bands, s);
                e[b] = e[b].max(s.x1);
            }
            e
        })
        .collect();
    // each line's cells
    let grid: Vec<Vec<String>> = block
        .iter()
        .map(|&k| {
            let mut cells = vec![String::new(); bands.len()];
            for s in &segs[k] {
                let b = band_of(&bands, s);
                if !cells[b].is_empty() {
                    cells[b].push(' ');
                }
                cells[b].push_str(&s.text);
            }
            cells
        })
        .collect();
    // the anchor column: text on the most lines, never on two lines running
    let ys: Vec<f32> = block.iter().map(|&k| lines[k].y).collect();
    let size = |n: usize| lines[block[n]].size.max(1.0);
    let anchor = (0..bands.len())
        .map(|b| {
            let count = grid.iter().filter(|c| !c[b].is_empty()).count();
            let wraps = (1..grid.len())
                .filter(|&n| !grid[n][b].is_empty() && !grid[n - 1][b].is_empty() && ys[n - 1] - ys[n] < 1.6 * size(n))
                .count();
            (b, count, wraps)
        })
        .filter(|&(_, count, _)| count >= 2)
        .min_by_key(|&(b, count, wraps)| (wraps, std::cmp::Reverse(count), b))?
        .0;
    let anchors: Vec<usize> = (0..grid.len()).filter(|&n| !grid[n][anchor].is_empty()).collect();
    // where each row starts; the lines above the first anchor (a header, or
    // the rest of a row cut by the page break) are one row
    let mut starts = vec![0usize];
    let mut marks = vec![0usize];
    marks.extend(anchors.iter().copied().filter(|&a| a > 0));
    for w in marks.windows(2) {
        let (a, b) = (w[0], w[1]);
        let mut split = b;
        let mut best = f32::MIN;
        for n in a + 1..=b {
            let gap = ys[n - 1] - ys[n];
            if gap >= best - 0.5 {
                if gap > best + 0.5 || best == f32::MIN {
                    best = gap;
                } else {
                    best = best.max(gap);
                }
                split = n;
            }
        }
        starts.push(split);
    }
    // a line also starts a row where a column holds text on it and on the
    // line before, and that line's text stopped short of the column's edge
    // (not wrapped: a header over a header, a short cell over the next)
    let mut is_start = vec![false; grid.len() + 1];
    for &n in &starts {
        is_start[n] = true;
    }
    for n in 1..grid.len() {
        let short = (0..bands.len()).any(|b| {
            !grid[n][b].is_empty() && !grid[n - 1][b].is_empty() && ends[n - 1][b] < bands[b].1 - 1.2 * size(n)
        });
        if short && !is_start[n] {
            is_start[n] = true;
            starts.push(n);
        }
    }
    starts.sort_unstable();
    starts.push(grid.len());
    let mut edges: Vec<f32> = bands.iter().map(|b| b.0).collect();
    edges.push(bands.last().map_or(0.0, |b| b.1));
    let mut out = Vec::new();
    for w in starts.windows(2) {
        let (s, e) = (w[0], w[1]);
        if s >= e {
            continue;
        }
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
    Some((out, PageTable { xs: edges, open: true }))
}

/// A block's columns: seeded by the lines with the most cells, widened by
/// cells that fall in exactly one of them; a cell across several spans them.
fn columns(segs: &[Vec<Seg>], block: &[usize]) -> Option<Vec<(f32, f32)>> {
    let most = block.iter().map(|&k| segs[k].len()).max()?;
    let mut bands: Vec<(f32, f32)> = Vec::new();
    for &k in block.iter().filter(|&&k| segs[k].len() == most) {
        for s in &segs[k] {
            add(&mut bands, s);
        }
    }
    for &k in block {
        for s in &segs[k] {
            add(&mut bands, s);
        }
    }
    (bands.len() >= 2).then_some(bands)
}

/// Adds a cell's extent to the columns: widens the one column it overlaps,
/// starts a new one where it overlaps none, leaves them when it spans several.
fn add(bands: &mut Vec<(f32, f32)>, s: &Seg) {
    let hits: Vec<usize> = (0..bands.len())
        .filter(|&b| s.x0 < bands[b].1 && s.x1 > bands[b].0)
        .collect();
    match hits.as_slice() {
        [] => {
            let at = bands.partition_point(|b| b.0 < s.x0);
            bands.insert(at, (s.x0, s.x1));
        }
        [b] => {
            let b = *b;
            let (lo, hi) = (bands[b].0.min(s.x0), bands[b].1.max(s.x1));
            let clear_left = b == 0 || bands[b - 1].1 < lo;
            let clear_right = b + 1 == bands.len() || bands[b + 1].0 > hi;
            if clear_left && clear_right {
                bands[b] = (lo, hi);
            }
        }
        _ => {}
    }
}

/// The column a cell belongs to: the first it overlaps most of, else the nearest.
fn band_of(bands: &[(f32, f32)], s: &Seg) -> usize {
    let overlap = |b: &(f32, f32)| s.x1.min(b.1) - s.x0.max(b.0);
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

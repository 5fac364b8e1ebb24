//! Ruled columns without row rules: a grid row that holds several table
//! rows, cut where they part.
//!
//! Some tables rule only their columns (Word's inside-vertical borders, a
//! web page's `border-left`/`border-right` cells, a boxed table with no inner
//! horizontal borders). The lattice then sees one tall row whose every cell
//! holds a column's worth of entries, and each column's numbers would run
//! together. Such a row is cut where no entry of any cell crosses (entries
//! are a cell's lines, wrapped lines kept together), when at least two
//! cells hold entries in three or more of those bands and one of them holds
//! mostly numbers (scores, amounts: the mark of a table, where a ruled row of
//! prose or of two aligned lists has none). Rows a merged cell enters or
//! leaves, and rows with turned text, are left whole.

use super::interp::Glyph;
use super::lattice::Grid;
use super::layout::{inner_width, lines_of, text_of, wraps, VLine};
use super::order;

/// Bands a row must hold, and the entries two of its cells must spread
/// over them, to be cut.
const MIN_BANDS: usize = 3;
/// Beyond this many bands a row is left whole (keeps hostile pages linear:
/// the grid's cell count is bounded by the lattice).
const MAX_BANDS: usize = 1_000;

/// The grid with its rule-less rows cut, and its cells' glyphs moved to the
/// cut rows' cells (indexed by owner cell as `lattice` gives them).
pub(super) fn cut(grid: &Grid, cells: Vec<Vec<Glyph>>) -> (Grid, Vec<Vec<Glyph>>) {
    let n = grid.cols();
    let rows = grid.rows();
    // per old row: the y edges inside it where it is cut (top to bottom)
    let mut cuts: Vec<Vec<f32>> = vec![Vec::new(); rows];
    for (r, at) in cuts.iter_mut().enumerate() {
        if alone(grid, r) {
            *at = bands(grid, r, &cells);
        }
    }
    if cuts.iter().all(Vec::is_empty) {
        return (grid.clone(), cells);
    }
    // the new row edges, and where each old row starts among the new rows
    let mut ys = Vec::with_capacity(grid.ys.len() + cuts.iter().map(Vec::len).sum::<usize>());
    let mut start = Vec::with_capacity(rows);
    for (r, at) in cuts.iter().enumerate() {
        start.push(ys.len());
        ys.push(grid.ys[r]);
        ys.extend_from_slice(at);
    }
    ys.push(grid.ys[rows]);
    let new_rows = ys.len() - 1;
    let mut owner = vec![0; new_rows * n];
    let mut moved: Vec<Vec<Glyph>> = vec![Vec::new(); new_rows * n];
    for r in 0..rows {
        let parts = cuts[r].len() + 1;
        for c in 0..n {
            let old = grid.owner[r * n + c];
            let (or, oc) = (old / n, old % n);
            for i in 0..parts {
                // a cut row's cells own themselves in each part (same column
                // spans); other rows point where their owner starts
                let row = if parts > 1 { start[r] + i } else { start[or] };
                owner[(start[r] + i) * n + c] = row * n + oc;
            }
        }
    }
    for (old, glyphs) in cells.into_iter().enumerate() {
        let (r, c) = (old / n, old % n);
        if r >= rows {
            continue;
        }
        if cuts[r].is_empty() {
            moved[start[r] * n + c].extend(glyphs);
            continue;
        }
        for g in glyphs {
            let (_, y) = order::centre(&g);
            let i = cuts[r].iter().take_while(|&&e| y < e).count();
            moved[(start[r] + i) * n + c].push(g);
        }
    }
    let grid = Grid {
        xs: grid.xs.clone(),
        ys,
        owner,
        open: grid.open,
        open_top: grid.open_top,
        open_foot: grid.open_foot,
    };
    (grid, moved)
}

/// Row `r` has no merged cell entering or leaving it (its cells' owners are
/// in it, and no cell below is owned from it).
fn alone(grid: &Grid, r: usize) -> bool {
    let n = grid.cols();
    (0..n).all(|c| {
        grid.owner.get(r * n + c).is_some_and(|&o| o / n == r)
            && grid.owner.get((r + 1) * n + c).is_none_or(|&o| o / n != r)
    })
}

/// An entry of a cell: a line and the lines wrapped from it.
struct Entry {
    /// Its top and bottom (the first line's ascent, the last one's descent).
    top: f32,
    bottom: f32,
    /// Its text is a number (a score, an amount, a rate, a dash).
    number: bool,
}

/// Where row `r` is cut: the middles of the gaps no entry crosses, when
/// the row holds a table's rows (else none).
fn bands(grid: &Grid, r: usize, cells: &[Vec<Glyph>]) -> Vec<f32> {
    let n = grid.cols();
    // cheap first: two cells must reach over three lines, one of them
    // mostly figures
    let (mut tall, mut figures) = (0, false);
    for gs in (0..n)
        .filter(|&c| grid.owner[r * n + c] == r * n + c)
        .filter_map(|c| cells.get(r * n + c))
    {
        let (lo, hi, size) = gs.iter().fold((f32::MAX, f32::MIN, 0.0f32), |(lo, hi, s), g| {
            (lo.min(g.y), hi.max(g.y), s.max(g.size))
        });
        if hi - lo >= 1.5 * size {
            tall += 1;
            let digits = gs.iter().filter(|g| g.ch.is_ascii_digit()).count();
            figures |= 2 * digits >= gs.iter().filter(|g| !g.ch.is_whitespace()).count();
        }
    }
    if tall < 2 || !figures {
        return Vec::new();
    }
    let mut per_cell: Vec<(Vec<VLine>, f32, f32)> = Vec::new();
    for c in 0..n {
        let own = r * n + c;
        if grid.owner[own] != own {
            continue;
        }
        let Some(glyphs) = cells.get(own) else { continue };
        if glyphs.iter().any(|g| g.quarter & 3 != 0) {
            return Vec::new();
        }
        let cols = (c + 1..n).take_while(|&k| grid.owner[r * n + k] == own).count() + 1;
        let (left, right) = (grid.xs[c], grid.xs[(c + cols).min(n)]);
        let lines: Vec<VLine> = lines_of(glyphs.iter().filter(|g| !g.ch.is_whitespace()).cloned().collect());
        per_cell.push((lines, left, right - left));
    }
    // the pitch of lines wrapped inside a cell: the closest two lines of a
    // cell come (rows further apart, by the cells' padding, are no wrap)
    let pitch = per_cell
        .iter()
        .flat_map(|(lines, _, _)| lines.windows(2).map(|w| w[0].y - w[1].y))
        .fold(f32::MAX, f32::min);
    let per_cell: Vec<Vec<Entry>> = per_cell
        .iter()
        .map(|(lines, left, width)| entries(lines, *left, *width, pitch))
        .collect();
    // the row's bands: runs of overlapping entries, top to bottom
    let mut all: Vec<(f32, f32)> = per_cell.iter().flatten().map(|e| (e.top, e.bottom)).collect();
    all.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut bands: Vec<(f32, f32)> = Vec::new();
    for (top, bottom) in all {
        match bands.last_mut() {
            Some(last) if top > last.1 => last.1 = last.1.min(bottom),
            _ => bands.push((top, bottom)),
        }
    }
    if bands.len() < MIN_BANDS || bands.len() > MAX_BANDS {
        return Vec::new();
    }
    let band_of = |e: &Entry| bands.partition_point(|b| b.1 > e.top);
    let spread = |es: &[Entry]| {
        let mut seen: Vec<usize> = es.iter().map(band_of).collect();
        seen.dedup();
        seen.len()
    };
    let tabular: Vec<&Vec<Entry>> = per_cell.iter().filter(|es| spread(es) >= MIN_BANDS).collect();
    // mostly numbers: all but a header's entries (one or two)
    let numeric = tabular.iter().any(|es| {
        let numbers = es.iter().filter(|e| e.number).count();
        numbers >= MIN_BANDS && numbers + 2 >= es.len()
    });
    if tabular.len() < 2 || !numeric {
        return Vec::new();
    }
    bands.windows(2).map(|w| (w[0].1 + w[1].0) / 2.0).collect()
}

/// A cell's entries, top to bottom: a line wrapped from the one above (by
/// its width, and no further below it than `pitch`) joins its entry.
fn entries(lines: &[VLine], left: f32, width: f32, pitch: f32) -> Vec<Entry> {
    let inner = inner_width(lines, left, width);
    let mut out: Vec<Entry> = Vec::new();
    let mut text = String::new();
    for (i, l) in lines.iter().enumerate() {
        let (top, bottom) = (l.y + 0.8 * l.size, l.y - 0.2 * l.size);
        let refs: Vec<&Glyph> = l.glyphs.iter().collect();
        let t = text_of(&refs);
        match (i.checked_sub(1).map(|k| &lines[k]), out.last_mut()) {
            (Some(p), Some(e)) if wraps(p, l, inner) && p.y - l.y <= pitch + 0.2 * l.size => {
                e.bottom = bottom;
                text.push_str(&t);
                e.number = number(&text);
            }
            _ => {
                text = t;
                out.push(Entry {
                    top,
                    bottom,
                    number: number(&text),
                });
            }
        }
    }
    out
}

/// Text that is a number as tables print them: digits with separators, a
/// sign, a percent; or a dash for none.
fn number(s: &str) -> bool {
    let s = s.trim();
    let dash = !s.is_empty() && s.chars().all(|c| matches!(c, '-' | '—' | '–' | '－' | '/'));
    dash || (s.chars().any(|c| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '%' | '-' | '+' | '．' | '，' | '％')))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyphs(text: &str, x: f32, y: f32) -> Vec<Glyph> {
        let mut at = x;
        text.chars()
            .map(|ch| {
                let w = if ch.is_ascii() { 5.0 } else { 10.0 };
                at += w;
                Glyph {
                    x: at - w,
                    y,
                    w,
                    size: 10.0,
                    ch,
                    quarter: 0,
                }
            })
            .collect()
    }

    /// Ruled rows 200 high and three columns (60, 100, 50 wide).
    fn grid(rows: usize) -> Grid {
        let ys: Vec<f32> = (0..=rows).map(|r| 700.0 - 200.0 * r as f32).collect();
        Grid {
            xs: vec![50.0, 110.0, 210.0, 260.0],
            ys,
            owner: (0..rows * 3).collect(),
            open: false,
            open_top: false,
            open_foot: false,
        }
    }

    fn texts(cells: &[Vec<Glyph>]) -> Vec<String> {
        cells
            .iter()
            .map(|g| {
                lines_of(g.clone())
                    .iter()
                    .map(|l| text_of(&l.glyphs.iter().collect::<Vec<_>>()))
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .collect()
    }

    #[test]
    fn a_row_of_scores_under_column_rules_is_cut_into_its_rows() {
        // three table rows, the middle one's text wrapped over two lines
        let mut cells = vec![Vec::new(); 3];
        cells[0].extend(glyphs("指标一", 52.0, 680.0));
        cells[1].extend(glyphs("按计划完成得满分", 112.0, 680.0));
        cells[2].extend(glyphs("9.12", 212.0, 680.0));
        cells[0].extend(glyphs("指标二", 52.0, 664.0));
        cells[1].extend(glyphs("按期完成的得满分否", 112.0, 664.0));
        cells[1].extend(glyphs("则不得分", 112.0, 651.0));
        cells[2].extend(glyphs("18", 212.0, 664.0));
        cells[0].extend(glyphs("指标三", 52.0, 635.0));
        cells[1].extend(glyphs("酌情扣分", 112.0, 635.0));
        cells[2].extend(glyphs("10", 212.0, 635.0));
        let (g, moved) = cut(&grid(1), cells);
        assert_eq!(g.rows(), 3);
        assert_eq!(g.owner, (0..9).collect::<Vec<_>>());
        assert_eq!(
            texts(&moved),
            [
                "指标一",
                "按计划完成得满分",
                "9.12",
                "指标二",
                "按期完成的得满分否/则不得分",
                "18",
                "指标三",
                "酌情扣分",
                "10"
            ]
        );
    }

    #[test]
    fn a_ruled_row_of_prose_or_lists_stays_whole() {
        // two aligned lists, no numbers: a form's 预期目标 / 实际完成情况
        let mut cells = vec![Vec::new(); 3];
        for (i, y) in [680.0, 664.0, 648.0].into_iter().enumerate() {
            cells[1].extend(glyphs(&format!("{}、完成任务", i + 1), 112.0, y));
            cells[2].extend(glyphs(&format!("{}、已完成", i + 1), 212.0, y));
        }
        let (g, moved) = cut(&grid(1), cells.clone());
        assert_eq!(g.rows(), 1);
        assert_eq!(texts(&moved), texts(&cells));
        // two numbers only: one row with a two-line cell
        let mut cells = vec![Vec::new(); 3];
        cells[1].extend(glyphs("一", 112.0, 680.0));
        cells[1].extend(glyphs("二", 112.0, 664.0));
        cells[2].extend(glyphs("100", 212.0, 680.0));
        cells[2].extend(glyphs("200", 212.0, 664.0));
        assert_eq!(cut(&grid(1), cells).0.rows(), 1);
    }
}

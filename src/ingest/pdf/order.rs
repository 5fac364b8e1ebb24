//! Reading order inside a page: two-column bands and turned runs.
//!
//! A band of lines parted by a vertical gutter that no glyph crosses, with
//! prose on both sides (at least `MIN_SIDE` lines a side, most of them full:
//! starting at their column's left edge, reaching its right edge, one run of
//! text each), is read left column first, then the right one. Full-width
//! lines (a title, a table, a paragraph) end a band and stay where they are.
//! A stream table's column gap is no gutter: its cells are short, start
//! anywhere and leave gaps inside the row.
//!
//! Glyphs that run another way than the page (a side note set vertically, a
//! header cell turned a quarter) are taken out of the upright lines and read
//! along their own direction as lines of their own: auditors want their
//! text, and read with the upright lines they scramble them.

use super::interp::Glyph;
use super::layout::{lines_of, VLine};

/// Lines on each side of a gutter that make a two-column band.
const MIN_SIDE: usize = 5;
/// The narrowest gutter, in font sizes (CSS columns' default gap is 1 em).
const MIN_GUTTER: f32 = 0.8;
/// Candidate gutters followed at once (keeps hostile pages linear).
const MAX_CANDIDATES: usize = 16;
/// Checks of ruled tables against gutters per page (beyond it a page is
/// read as one column).
const BOX_WORK: usize = 1_000_000;
/// One-sided lines looked at below a band (headings, short lines under
/// balanced columns; keeps the look linear).
const MAX_TRAIL: usize = 8;
/// A gap inside a run wider than this many font sizes parts cells (as
/// outside tables).
const CELL_GAP: f32 = 1.5;
/// A column line starts this close to its column's left edge (a first-line
/// indent is 2 em).
const INDENT: f32 = 2.5;

/// A two-column band of a page: its baselines and its columns' edges.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Band {
    /// Highest and lowest baselines in it.
    pub top: f32,
    pub bottom: f32,
    /// The gutter's middle.
    pub gutter: f32,
    /// Left and right edges of the left column and of the right one.
    pub left: (f32, f32),
    pub right: (f32, f32),
}

impl Band {
    /// The column (0 left, 1 right) of a piece at baseline `y` spanning
    /// `x0..x1`, when the band holds it.
    pub fn column(&self, y: f32, x0: f32, x1: f32) -> Option<usize> {
        (y <= self.top + 0.5 && y >= self.bottom - 0.5).then(|| usize::from((x0 + x1) / 2.0 >= self.gutter))
    }

    /// The edges of that column.
    pub fn edges(&self, column: usize) -> (f32, f32) {
        if column == 0 {
            self.left
        } else {
            self.right
        }
    }
}

/// Where an entry at baseline (or top) `y` spanning `x0..x1` sorts on its
/// page: by its band's top, its column, then its own height; outside bands
/// by its height. Sorted descending on the first and last, ascending on the
/// column.
pub(super) fn order_key(bands: &[Band], y: f32, x0: f32, x1: f32) -> (f32, usize, f32) {
    bands
        .iter()
        .find_map(|b| b.column(y, x0, x1).map(|c| (b.top, c, y)))
        .unwrap_or((y, 0, y))
}

/// Compares two order keys: reading order first.
pub(super) fn before(a: &(f32, usize, f32), b: &(f32, usize, f32)) -> std::cmp::Ordering {
    b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(b.2.total_cmp(&a.2))
}

/// A page's lines (top to bottom) cut into parts in reading order: the
/// lines above a band, its left column, its right column, and so on; each
/// part top to bottom. `boxes` are the ruled tables (`[x0, y0, x1, y1]`):
/// one crossing a gutter ends its band.
pub(super) fn columns(lines: Vec<VLine>, boxes: &[[f32; 4]]) -> (Vec<Vec<VLine>>, Vec<Band>) {
    let found = bands(&lines, boxes);
    if found.is_empty() {
        return (vec![lines], Vec::new());
    }
    let mut parts = Vec::new();
    let mut bands = Vec::new();
    let mut current = Vec::new();
    let mut k = 0;
    let mut lines = lines.into_iter().enumerate().peekable();
    while let Some((i, line)) = lines.next() {
        match found.get(k) {
            Some(&(s, e, band)) if i >= s && i < e => {
                parts.push(std::mem::take(&mut current));
                let (mut left, mut right) = (Vec::new(), Vec::new());
                let mut add = |line: VLine| {
                    let (l, r) = split(line, band.gutter);
                    left.extend(l);
                    right.extend(r);
                };
                add(line);
                while lines.peek().is_some_and(|(j, _)| *j < e) {
                    if let Some((_, l)) = lines.next() {
                        add(l);
                    }
                }
                parts.push(left);
                parts.push(right);
                bands.push(band);
                k += 1;
            }
            _ => current.push(line),
        }
    }
    parts.push(current);
    parts.retain(|p| !p.is_empty());
    (parts, bands)
}

/// A line's pieces left and right of `x`.
fn split(line: VLine, x: f32) -> (Option<VLine>, Option<VLine>) {
    let (l, r): (Vec<Glyph>, Vec<Glyph>) = line.glyphs.into_iter().partition(|g| g.x + g.w / 2.0 < x);
    let piece = |mut glyphs: Vec<Glyph>| {
        while glyphs.last().is_some_and(|g| g.ch.is_whitespace()) {
            glyphs.pop();
        }
        let lead = glyphs.iter().take_while(|g| g.ch.is_whitespace()).count();
        glyphs.drain(..lead);
        (!glyphs.is_empty()).then(|| VLine {
            y: line.y,
            size: glyphs.iter().map(|g| g.size).fold(0.0, f32::max),
            glyphs,
        })
    };
    (piece(l), piece(r))
}

/// The runs of ink on a line: glyph extents merged, left to right.
fn runs(line: &VLine) -> Vec<(f32, f32)> {
    let mut out: Vec<(f32, f32)> = Vec::new();
    let tight = 0.05 * line.size.max(1.0);
    for g in line.glyphs.iter().filter(|g| !g.ch.is_whitespace()) {
        let (x0, x1) = (g.x, g.x + g.w.max(0.0));
        match out.last_mut() {
            Some(last) if x0 <= last.1 + tight => last.1 = last.1.max(x1),
            _ => out.push((x0, x1)),
        }
    }
    out
}

/// The two-column bands among a page's lines: `(first, end, band)` with
/// line indices, in order, not overlapping.
fn bands(lines: &[VLine], boxes: &[[f32; 4]]) -> Vec<(usize, usize, Band)> {
    if lines.len() < MIN_SIDE {
        return Vec::new();
    }
    let inks: Vec<Vec<(f32, f32)>> = lines.iter().map(runs).collect();
    let lo = inks
        .iter()
        .filter_map(|r| r.first())
        .map(|r| r.0)
        .fold(f32::MAX, f32::min);
    let hi = inks
        .iter()
        .filter_map(|r| r.last())
        .map(|r| r.1)
        .fold(f32::MIN, f32::max);
    if hi.partial_cmp(&lo) != Some(std::cmp::Ordering::Greater) {
        return Vec::new();
    }
    let mut sizes: Vec<f32> = lines.iter().map(|l| l.size).collect();
    sizes.sort_by(f32::total_cmp);
    let em = sizes[sizes.len() / 2].max(1.0);
    let min = MIN_GUTTER * em;
    // the blank stretches of each line between the page's text edges
    let gaps = |ink: &[(f32, f32)]| {
        let mut out = Vec::with_capacity(ink.len() + 1);
        let mut end = lo;
        for &(a, b) in ink {
            if a > end {
                out.push((end, a));
            }
            end = end.max(b);
        }
        if hi > end {
            out.push((end, hi));
        }
        out
    };
    // candidate gutters: (first line, left, right), narrowed line by line
    let mut active: Vec<(usize, f32, f32)> = Vec::new();
    let mut done: Vec<(usize, usize, f32, f32)> = Vec::new();
    let mut work = 0usize;
    for (i, ink) in inks.iter().enumerate() {
        let blank = gaps(ink);
        let mut next: Vec<(usize, f32, f32)> = Vec::new();
        for &(s, a, b) in &active {
            // a ruled table across the gutter between this line and the last
            let (y_prev, y) = (lines[i - 1].y, lines[i].y);
            work += boxes.len();
            if work > BOX_WORK {
                return Vec::new();
            }
            let boxed = boxes
                .iter()
                .any(|bx| bx[3] > y && bx[1] < y_prev && bx[0] < b && bx[2] > a);
            let best = blank
                .iter()
                .map(|&(c, d)| (a.max(c), b.min(d)))
                .max_by(|p, q| (p.1 - p.0).total_cmp(&(q.1 - q.0)));
            match best {
                Some((c, d)) if d - c >= min && !boxed => next.push((s, c, d)),
                _ => done.push((s, i, a, b)),
            }
        }
        // a gutter opens between text on both sides
        for &(c, d) in blank.iter().filter(|&&(c, d)| c > lo && d < hi && d - c >= min) {
            if next.len() < MAX_CANDIDATES && !next.iter().any(|&(_, a, b)| a < d && b > c) {
                next.push((i, c, d));
            }
        }
        active = next;
    }
    done.extend(active.into_iter().map(|(s, a, b)| (s, lines.len(), a, b)));
    let mut good: Vec<(usize, usize, Band)> = done
        .into_iter()
        .filter_map(|(s, e, a, b)| {
            judge(&lines[s..e], &inks[s..e], (a + b) / 2.0, em).map(|(t, u, band)| (s + t, s + u, band))
        })
        .collect();
    // the longest bands first, then no overlaps, in page order
    good.sort_by(|p, q| (q.1 - q.0).cmp(&(p.1 - p.0)).then(p.0.cmp(&q.0)));
    let mut out: Vec<(usize, usize, Band)> = Vec::new();
    for g in good {
        if out.iter().all(|o| g.1 <= o.0 || g.0 >= o.1) {
            out.push(g);
        }
    }
    out.sort_by_key(|g| g.0);
    out
}

/// One side of a line in a band: its ink's left and right edges and the
/// number of runs parted by a cell gap.
#[derive(Clone, Copy)]
struct Piece {
    x0: f32,
    x1: f32,
    cells: usize,
}

fn piece(ink: &[(f32, f32)], em: f32) -> Option<Piece> {
    let first = ink.first()?;
    let last = ink.last()?;
    let cells = 1 + ink.windows(2).filter(|w| w[1].0 - w[0].1 > CELL_GAP * em).count();
    Some(Piece {
        x0: first.0,
        x1: last.1,
        cells,
    })
}

/// The most common value to the nearest point (ties: the smaller).
fn common(values: impl Iterator<Item = f32>) -> Option<f32> {
    let mut v: Vec<i32> = values.map(|x| x.round() as i32).collect();
    v.sort_unstable();
    let mut best: Option<(usize, i32)> = None;
    for run in v.chunk_by(|a, b| a == b) {
        if best.is_none_or(|(n, _)| run.len() > n) {
            best = Some((run.len(), run[0]));
        }
    }
    best.map(|(_, x)| x as f32)
}

/// Whether lines parted at `gutter` read as two columns of prose; gives the
/// band's lines (trimmed of lines at its ends that are not column lines) and
/// the band.
fn judge(lines: &[VLine], inks: &[Vec<(f32, f32)>], gutter: f32, em: f32) -> Option<(usize, usize, Band)> {
    let sides: Vec<(Option<Piece>, Option<Piece>)> = inks
        .iter()
        .map(|ink| {
            let cut = ink.partition_point(|r| (r.0 + r.1) / 2.0 < gutter);
            (piece(&ink[..cut], em), piece(&ink[cut..], em))
        })
        .collect();
    let count = |s: usize, e: usize| {
        (
            sides[s..e].iter().filter(|p| p.0.is_some()).count(),
            sides[s..e].iter().filter(|p| p.1.is_some()).count(),
        )
    };
    let (l, r) = count(0, sides.len());
    if l < MIN_SIDE || r < MIN_SIDE {
        return None;
    }
    // the columns' edges: where most lines start, the furthest they reach
    let ll = common(sides.iter().filter_map(|p| p.0).map(|p| p.x0))?;
    let rl = common(sides.iter().filter_map(|p| p.1).map(|p| p.x0))?;
    let lr = sides.iter().filter_map(|p| p.0).map(|p| p.x1).fold(f32::MIN, f32::max);
    let rr = sides.iter().filter_map(|p| p.1).map(|p| p.x1).fold(f32::MIN, f32::max);
    let column = |p: &Piece, left: f32| p.cells == 1 && p.x0 >= left - 0.5 * em && p.x0 <= left + INDENT * em;
    let fits = |k: usize| sides[k].0.is_none_or(|p| column(&p, ll)) && sides[k].1.is_none_or(|p| column(&p, rl));
    // trim lines at the ends that are no column lines (a table's row, a
    // heading above the columns)
    let (mut s, mut e) = (0, sides.len());
    while s < e && !fits(s) {
        s += 1;
    }
    while e > s && !fits(e - 1) {
        e -= 1;
    }
    // ... and one-sided lines below the band after a break: a heading or a
    // short line under balanced columns, not a column's last lines
    let pitch = {
        let mut steps: Vec<f32> = Vec::new();
        for side in 0..2 {
            let ys: Vec<f32> = (s..e)
                .filter(|&k| {
                    if side == 0 {
                        sides[k].0.is_some()
                    } else {
                        sides[k].1.is_some()
                    }
                })
                .map(|k| lines[k].y)
                .collect();
            steps.extend(ys.windows(2).map(|w| w[0] - w[1]));
        }
        steps.sort_by(f32::total_cmp);
        steps.get(steps.len() / 2).copied().unwrap_or(em)
    };
    for _ in 0..MAX_TRAIL {
        if e <= s + 1 {
            break;
        }
        let k = e - 1;
        let (on_left, on_right) = (sides[k].0.is_some(), sides[k].1.is_some());
        if on_left == on_right {
            break;
        }
        let other = (s..k).rev().find(|&j| {
            if on_left {
                sides[j].1.is_some()
            } else {
                sides[j].0.is_some()
            }
        });
        let own = (s..k).rev().find(|&j| {
            if on_left {
                sides[j].0.is_some()
            } else {
                sides[j].1.is_some()
            }
        });
        let far = |j: Option<usize>, by: f32| j.is_none_or(|j| lines[j].y - lines[k].y > by * pitch);
        if far(other, 1.5) && far(own, 1.3) {
            e -= 1;
        } else {
            break;
        }
    }
    let (l, r) = count(s, e);
    if l < MIN_SIDE || r < MIN_SIDE {
        return None;
    }
    let band = &sides[s..e];
    let lefts: Vec<Piece> = band.iter().filter_map(|p| p.0).collect();
    let rights: Vec<Piece> = band.iter().filter_map(|p| p.1).collect();
    let lr = lefts.iter().map(|p| p.x1).fold(f32::MIN, f32::max).min(lr);
    let rr = rights.iter().map(|p| p.x1).fold(f32::MIN, f32::max).min(rr);
    // prose: most lines start at the column's edge and run to its other edge
    let share = |ps: &[Piece], ok: &dyn Fn(&Piece) -> bool| ps.iter().filter(|p| ok(p)).count() * 10;
    let starts = |ps: &[Piece], left: f32| share(ps, &|p| column(p, left)) >= 8 * ps.len();
    let full = |ps: &[Piece], right: f32| share(ps, &|p| p.x1 >= right - 1.5 * em) >= 5 * ps.len();
    let (wl, wr) = (lr - ll, rr - rl);
    let wide = wl >= 8.0 * em && wr >= 8.0 * em && wl.min(wr) >= 0.5 * wl.max(wr);
    if !(starts(&lefts, ll) && starts(&rights, rl) && full(&lefts, lr) && full(&rights, rr) && wide) {
        return None;
    }
    // a table's rows start on both sides at once (a cell's first line beside
    // its neighbour's); the paragraphs of two columns start apart
    let opening = |right_side: bool| {
        let edge = if right_side { rr } else { lr };
        let mut out: Vec<f32> = Vec::new();
        let mut prev: Option<(f32, Piece)> = None;
        for k in s..e {
            let Some(p) = (if right_side { sides[k].1 } else { sides[k].0 }) else {
                continue;
            };
            let y = lines[k].y;
            if let Some((py, pp)) = prev {
                if pp.x1 < edge - 1.5 * em || py - y > 1.3 * pitch {
                    out.push(y);
                }
            }
            prev = Some((y, p));
        }
        out
    };
    let (ol, or) = (opening(false), opening(true));
    let together = ol
        .iter()
        .filter(|y| or.iter().any(|z| (*y - z).abs() < 0.3 * em))
        .count();
    if together >= 2 && 3 * together >= 2 * ol.len().min(or.len()) {
        return None;
    }
    let ys = lines[s..e].iter().map(|l| l.y);
    let top = ys.clone().fold(f32::MIN, f32::max);
    let bottom = ys.fold(f32::MAX, f32::min);
    Some((
        s,
        e,
        Band {
            top,
            bottom,
            gutter: (lr + rl) / 2.0,
            left: (ll, lr),
            right: (rl, rr),
        },
    ))
}

/// Glyphs parted into those that run upright and the lines of those that
/// run another way (top to bottom by where they start), each read along its
/// own direction and laid out left to right from where its run starts on
/// the page (the top of a run, its left edge).
pub(super) fn turned(glyphs: Vec<Glyph>) -> (Vec<Glyph>, Vec<VLine>) {
    if glyphs.iter().all(|g| g.quarter & 3 == 0) {
        return (glyphs, Vec::new());
    }
    let (upright, other): (Vec<Glyph>, Vec<Glyph>) = glyphs.into_iter().partition(|g| g.quarter & 3 == 0);
    let mut out = Vec::new();
    for q in 1..4u8 {
        let run: Vec<Glyph> = other.iter().filter(|g| g.quarter & 3 == q).cloned().collect();
        if run.is_empty() {
            continue;
        }
        // into the run's own frame (its text running left to right), keeping
        // each glyph's place on the page
        let framed: Vec<Glyph> = run
            .into_iter()
            .map(|g| {
                let (x, y) = match q {
                    1 => (g.y, -g.x),
                    2 => (-g.x, -g.y),
                    _ => (-g.y, g.x),
                };
                Glyph { x, y, ..g }
            })
            .collect();
        let back = |x: f32, y: f32| match q {
            1 => (-y, x),
            2 => (-x, -y),
            _ => (y, -x),
        };
        for (k, line) in lines_of(framed).into_iter().enumerate() {
            // where it lies on the page: its ink's top-left corner
            let (mut left, mut top) = (f32::MAX, f32::MIN);
            for g in &line.glyphs {
                for along in [0.0, g.w] {
                    let (x, y) = back(g.x + along, g.y);
                    left = left.min(x);
                    top = top.max(y);
                }
            }
            // (lines of one run keep their order among themselves)
            let y = top - 0.5 * line.size - 0.001 * k as f32;
            let mut x = left;
            let glyphs = line
                .glyphs
                .iter()
                .map(|g| {
                    let laid = Glyph {
                        x,
                        y,
                        quarter: 0,
                        ..g.clone()
                    };
                    x += g.w;
                    laid
                })
                .collect();
            out.push(VLine {
                y,
                size: line.size,
                glyphs,
            });
        }
    }
    out.sort_by(|a, b| b.y.total_cmp(&a.y));
    (upright, out)
}

/// Upright lines and turned ones together, top to bottom (a turned line
/// after an upright one at its height).
pub(super) fn with_turned(mut lines: Vec<VLine>, turned: Vec<VLine>) -> Vec<VLine> {
    if turned.is_empty() {
        return lines;
    }
    lines.extend(turned);
    lines.sort_by(|a, b| b.y.total_cmp(&a.y));
    lines
}

/// A point inside a glyph's body, whichever way it runs (what places it in
/// a table cell).
pub(super) fn centre(g: &Glyph) -> (f32, f32) {
    let (half, up) = (g.w / 2.0, 0.3 * g.size);
    match g.quarter & 3 {
        1 => (g.x - up, g.y + half),
        2 => (g.x - half, g.y - up),
        3 => (g.x + up, g.y - half),
        _ => (g.x + half, g.y + up),
    }
}

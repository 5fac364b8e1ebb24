//! Ruled (lattice) tables: a page's rules, snapped and joined, make grids
//! where horizontal and vertical rules meet; a missing inner rule makes a
//! spanning cell. Learnt from pdfplumber's edge/intersection finder and
//! Camelot's lattice mode: the grid lines are where rules are, each cell a
//! box, and text belongs to the box holding it.

use super::interp::Rule;

/// Rules closer than this (PDF units) across their length are one line.
const SNAP: f32 = 2.0;
/// Collinear pieces with a gap up to this are one rule.
const JOIN: f32 = 2.5;
/// A rule reaching this close to another meets it.
const MEET: f32 = 2.0;
/// Grid lines closer than this are one (double borders, per-cell borders).
const MERGE: f32 = 3.0;
/// Beyond this many horizontal × vertical rules a page gets no lattice
/// (kept linear on hostile input; its tables read as unruled).
const MAX_PAIRS: usize = 1_000_000;
/// Rule pairs a whole document may test; pages beyond it get no lattice.
pub const DOC_PAIRS: usize = 50_000_000;
/// Beyond this many cells a grid is not a table.
const MAX_CELLS: usize = 200_000;
/// Beyond this many cell-edge × rule checks a grid is not built.
const MAX_WORK: usize = 50_000_000;

/// A snapped rule: its position across and its extent along.
#[derive(Debug, Clone, Copy)]
struct Seg {
    pos: f32,
    a: f32,
    b: f32,
}

/// A ruled table on a page.
#[derive(Debug, Clone)]
pub struct Grid {
    /// Column edges, left to right.
    pub xs: Vec<f32>,
    /// Row edges, top to bottom (descending y).
    pub ys: Vec<f32>,
    /// For each cell `r * cols + c`: the cell whose box holds it (its merged
    /// region's top-left cell).
    pub owner: Vec<usize>,
    /// No rule closes the grid at its top or bottom: its vertical rules run
    /// on (a table cut by a page break, as browsers print it).
    pub open: bool,
    /// ... at its top, and at its bottom (a row sliced by the page break,
    /// as wkhtmltopdf prints it, leaves both).
    pub open_top: bool,
    pub open_foot: bool,
}

impl Grid {
    pub fn cols(&self) -> usize {
        self.xs.len() - 1
    }
    pub fn rows(&self) -> usize {
        self.ys.len() - 1
    }
    /// The cell holding point (x, y), when it is inside the grid.
    pub fn locate(&self, x: f32, y: f32) -> Option<(usize, usize)> {
        let (x0, x1) = (self.xs[0], self.xs[self.xs.len() - 1]);
        let (y1, y0) = (self.ys[0], self.ys[self.ys.len() - 1]);
        if !(x > x0 && x < x1 && y > y0 && y < y1) {
            return None;
        }
        let c = self
            .xs
            .partition_point(|&e| e <= x)
            .saturating_sub(1)
            .min(self.cols() - 1);
        let r = self
            .ys
            .partition_point(|&e| e >= y)
            .saturating_sub(1)
            .min(self.rows() - 1);
        Some((r, c))
    }
    /// The span of cell (r, c): columns × rows of its region when it is the
    /// region's top-left, `None` when a neighbour covers it.
    pub fn span(&self, r: usize, c: usize) -> Option<(usize, usize)> {
        let n = self.cols();
        let me = r * n + c;
        if self.owner[me] != me {
            return None;
        }
        let cols = (c..n).take_while(|&k| self.owner[r * n + k] == me).count();
        let rows = (r..self.rows()).take_while(|&k| self.owner[k * n + c] == me).count();
        Some((cols.max(1), rows.max(1)))
    }
}

/// Clusters positions (sorted) whose neighbours are within `tol`; each
/// cluster becomes its mean.
fn cluster(mut v: Vec<f32>, tol: f32) -> Vec<f32> {
    v.sort_by(f32::total_cmp);
    let mut out: Vec<(f32, f32, usize)> = Vec::new(); // last, sum, count
    for x in v {
        match out.last_mut() {
            Some((last, sum, n)) if x - *last <= tol => {
                *last = x;
                *sum += x;
                *n += 1;
            }
            _ => out.push((x, x, 1)),
        }
    }
    out.into_iter().map(|(_, s, n)| s / n as f32).collect()
}

/// Snaps segments to shared positions and joins collinear pieces.
fn snap(mut segs: Vec<Seg>) -> Vec<Seg> {
    segs.sort_by(|p, q| p.pos.total_cmp(&q.pos));
    // positions: consecutive within SNAP share their first position
    let mut anchor = f32::MIN;
    for s in &mut segs {
        if s.pos - anchor > SNAP {
            anchor = s.pos;
        }
        s.pos = anchor;
    }
    segs.sort_by(|p, q| p.pos.total_cmp(&q.pos).then(p.a.total_cmp(&q.a)));
    let mut out: Vec<Seg> = Vec::new();
    for s in segs {
        match out.last_mut() {
            Some(l) if l.pos == s.pos && s.a <= l.b + JOIN => l.b = l.b.max(s.b),
            _ => out.push(s),
        }
    }
    out
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// The ruled tables of a page, top to bottom; `budget` is what is left of
/// the document's rule pairs (`DOC_PAIRS`).
pub fn grids(rules: &[Rule], budget: &mut usize) -> Vec<Grid> {
    let mut hs = Vec::new();
    let mut vs = Vec::new();
    for r in rules {
        if r.vertical() {
            vs.push(Seg {
                pos: (r.x0 + r.x1) / 2.0,
                a: r.y0,
                b: r.y1,
            });
        } else {
            hs.push(Seg {
                pos: (r.y0 + r.y1) / 2.0,
                a: r.x0,
                b: r.x1,
            });
        }
    }
    let hs = snap(hs);
    let vs = snap(vs);
    let pairs = hs.len().saturating_mul(vs.len());
    if hs.len() < 2 || vs.len() < 2 || pairs > MAX_PAIRS || pairs > *budget {
        return Vec::new();
    }
    *budget -= pairs;
    // connected components of rules that meet
    let nh = hs.len();
    let mut parent: Vec<usize> = (0..nh + vs.len()).collect();
    for (i, h) in hs.iter().enumerate() {
        for (j, v) in vs.iter().enumerate() {
            let meet = h.pos >= v.a - MEET && h.pos <= v.b + MEET && v.pos >= h.a - MEET && v.pos <= h.b + MEET;
            if meet {
                let (a, b) = (find(&mut parent, i), find(&mut parent, nh + j));
                if a != b {
                    parent[a] = b;
                }
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<Seg>, Vec<Seg>)> = Default::default();
    for i in 0..nh + vs.len() {
        let root = find(&mut parent, i);
        let g = groups.entry(root).or_default();
        if i < nh {
            g.0.push(hs[i]);
        } else {
            g.1.push(vs[i - nh]);
        }
    }
    let mut out: Vec<Grid> = groups.into_values().flat_map(|(h, v)| split(&h, &v)).collect();
    out.sort_by(|a, b| b.ys[0].total_cmp(&a.ys[0]).then(a.xs[0].total_cmp(&b.xs[0])));
    out
}

/// Is there a rule along grid line `edge` covering `mid`?
fn covered(segs: &[Seg], edge: f32, mid: f32) -> bool {
    segs.iter()
        .any(|s| (s.pos - edge).abs() <= MERGE && s.a - MEET <= mid && mid <= s.b + MEET)
}

/// One component's grids: tables stacked on each other (sharing a rule) are
/// told apart where the column rules of one row are neither a subset nor a
/// superset of the next row's (a merged cell only removes rules).
fn split(hs: &[Seg], vs: &[Seg]) -> Vec<Grid> {
    let Some(g) = grid(hs, vs) else { return Vec::new() };
    let walls: Vec<Vec<usize>> = (0..g.rows())
        .map(|r| {
            let ym = (g.ys[r] + g.ys[r + 1]) / 2.0;
            (0..g.xs.len()).filter(|&k| covered(vs, g.xs[k], ym)).collect()
        })
        .collect();
    let subset = |a: &[usize], b: &[usize]| a.iter().all(|k| b.contains(k));
    let mut bounds = vec![0];
    for r in 1..g.rows() {
        if !subset(&walls[r - 1], &walls[r]) && !subset(&walls[r], &walls[r - 1]) {
            bounds.push(r);
        }
    }
    if bounds.len() == 1 {
        return vec![g];
    }
    bounds.push(g.rows());
    let mut out = Vec::new();
    for w in bounds.windows(2) {
        let (top, bottom) = (g.ys[w[0]], g.ys[w[1]]);
        let h: Vec<Seg> = hs
            .iter()
            .filter(|s| s.pos >= bottom - MERGE && s.pos <= top + MERGE)
            .copied()
            .collect();
        let v: Vec<Seg> = vs
            .iter()
            .filter(|s| s.a < top - MERGE && s.b > bottom + MERGE)
            .map(|s| Seg {
                pos: s.pos,
                a: s.a.max(bottom),
                b: s.b.min(top),
            })
            .collect();
        out.extend(grid(&h, &v));
    }
    out
}

/// One component's grid, when it has at least two rules each way.
fn grid(hs: &[Seg], vs: &[Seg]) -> Option<Grid> {
    let mut ys = cluster(hs.iter().map(|s| s.pos).collect(), MERGE);
    let xs = cluster(vs.iter().map(|s| s.pos).collect(), MERGE);
    // a table cut by a page break has no rule at the cut (browsers): its
    // vertical rules reach past the last horizontal one, and end the grid
    let low = vs.iter().map(|s| s.a).fold(f32::MAX, f32::min);
    let high = vs.iter().map(|s| s.b).fold(f32::MIN, f32::max);
    let mut open_foot = false;
    let mut open_top = false;
    if ys.first().is_some_and(|&y| low < y - MERGE) {
        ys.insert(0, low);
        open_foot = true;
    }
    if ys.last().is_some_and(|&y| high > y + MERGE) {
        ys.push(high);
        open_top = true;
    }
    let open = open_foot || open_top;
    ys.reverse();
    // a one-column box is a frame or a text box, not a table
    if xs.len() < 3 || ys.len() < 2 {
        return None;
    }
    let (cols, rows) = (xs.len() - 1, ys.len() - 1);
    // each cell edge is looked up among the rules: bounded work per grid
    let work = cols.saturating_mul(rows).saturating_mul(hs.len() + vs.len());
    if cols.saturating_mul(rows) > MAX_CELLS || work > MAX_WORK {
        return None;
    }
    // wall[r][c]: rule between (r, c) and (r, c+1); floor[r][c]: between (r, c) and (r+1, c)
    let mut wall = vec![false; rows * cols];
    let mut floor = vec![false; rows * cols];
    for r in 0..rows {
        let ym = (ys[r] + ys[r + 1]) / 2.0;
        for c in 0..cols.saturating_sub(1) {
            wall[r * cols + c] = covered(vs, xs[c + 1], ym);
        }
    }
    for c in 0..cols {
        let xm = (xs[c] + xs[c + 1]) / 2.0;
        for r in 0..rows.saturating_sub(1) {
            floor[r * cols + c] = covered(hs, ys[r + 1], xm);
        }
    }
    // regions: from each unassigned cell, as wide as its row has no wall and
    // as deep as no floor crosses that width
    let mut owner = vec![usize::MAX; rows * cols];
    for r in 0..rows {
        for c in 0..cols {
            let me = r * cols + c;
            if owner[me] != usize::MAX {
                continue;
            }
            let mut c1 = c;
            while c1 + 1 < cols && !wall[r * cols + c1] && owner[r * cols + c1 + 1] == usize::MAX {
                c1 += 1;
            }
            let mut r1 = r;
            while r1 + 1 < rows && (c..=c1).all(|k| !floor[r1 * cols + k] && owner[(r1 + 1) * cols + k] == usize::MAX) {
                r1 += 1;
            }
            for rr in r..=r1 {
                for cc in c..=c1 {
                    owner[rr * cols + cc] = me;
                }
            }
        }
    }
    Some(Grid {
        xs,
        ys,
        owner,
        open,
        open_top,
        open_foot,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(y: f32, x0: f32, x1: f32) -> Rule {
        Rule { x0, y0: y, x1, y1: y }
    }
    fn v(x: f32, y0: f32, y1: f32) -> Rule {
        Rule { x0: x, y0, x1: x, y1 }
    }

    #[test]
    fn a_colspan_and_a_rowspan_keep_later_columns() {
        // 3 columns × 3 rows; row 0 cells 0-1 merged; column 2 rows 1-2 merged
        let rules = vec![
            h(300.0, 0.0, 300.0),
            h(280.0, 0.0, 300.0),
            h(260.0, 0.0, 200.0), // no floor under column 2 at 260
            h(240.0, 0.0, 300.0),
            v(0.0, 240.0, 300.0),
            v(100.0, 240.0, 280.0), // no wall between columns 0 and 1 in row 0
            v(200.0, 240.0, 300.0),
            v(300.0, 240.0, 300.0),
        ];
        let g = &grids(&rules, &mut { DOC_PAIRS })[0];
        assert_eq!((g.rows(), g.cols()), (3, 3));
        assert_eq!(g.span(0, 0), Some((2, 1)));
        assert_eq!(g.span(0, 1), None);
        assert_eq!(g.span(0, 2), Some((1, 1)));
        assert_eq!(g.span(1, 2), Some((1, 2)));
        assert_eq!(g.span(2, 2), None);
        assert_eq!(g.locate(250.0, 245.0), Some((2, 2)));
        assert_eq!(g.locate(350.0, 245.0), None);
    }

    #[test]
    fn split_and_doubled_rules_snap_into_one_grid() {
        // each cell drawn as its own box, 0.7 pt apart: one 2 × 1 grid
        let mut rules = Vec::new();
        for (x0, x1) in [(0.0, 100.0), (100.7, 200.0)] {
            rules.push(h(100.0, x0, x1));
            rules.push(h(80.3, x0, x1));
            rules.push(v(x0, 80.0, 100.0));
            rules.push(v(x1, 80.0, 100.0));
        }
        let g = grids(&rules, &mut { DOC_PAIRS });
        assert_eq!(g.len(), 1);
        assert_eq!((g[0].rows(), g[0].cols()), (1, 2));
    }
}

//! Glyphs → lines and cells. Glyphs sharing a baseline make a line, ordered by
//! x. Where ruled columns cross a line (vertical rules), its cells are the
//! columns, empty ones included, and the lines of one ruled row (no horizontal
//! rule between them) are one row, each cell's wrapped text rejoined. Elsewhere
//! a wide horizontal gap starts a new cell. Running headers and page numbers
//! (lines in the top or bottom margin that repeat from page to page) are
//! dropped, and a paragraph wrapped at the right margin is rejoined, across a
//! page break too. Lines are numbered in reading order across the document.

use super::interp::{Glyph, Marks, Rule};
use crate::model::{Cell, RawDoc, RawLine, RawPage};
use crate::normalize::chars::is_cjk;
use std::collections::HashMap;

/// One page's marks and its box.
pub struct PageIn {
    pub number: u32,
    pub marks: Marks,
    /// The page box: bottom and height (PDF units).
    pub bottom: f32,
    pub height: f32,
}

/// Share of the page height, at top and bottom, where running headers and
/// page numbers live.
const MARGIN_BAND: f32 = 0.08;
/// A gap wider than this many font sizes starts a new cell (unruled tables).
const CELL_GAP: f32 = 1.5;

/// A page's visual lines and rules.
struct PageLines {
    number: u32,
    bottom: f32,
    height: f32,
    lines: Vec<VLine>,
    rules: Vec<Rule>,
}

/// A visual line on a page.
struct VLine {
    y: f32,
    size: f32,
    glyphs: Vec<Glyph>,
}

impl VLine {
    fn x0(&self) -> f32 {
        self.glyphs.first().map_or(0.0, |g| g.x)
    }
    fn x1(&self) -> f32 {
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

/// A line after cell splitting, before paragraphs and rows are joined.
struct Laid {
    page: u32,
    y: f32,
    size: f32,
    x0: f32,
    x1: f32,
    /// Column boundaries when ruled columns cross the line.
    columns: Option<Vec<f32>>,
    cells: Vec<Cell>,
    /// Running number of the first visual line.
    number: u32,
}

pub fn lay_out(pages: Vec<PageIn>) -> RawDoc {
    let mut per_page: Vec<PageLines> = pages
        .into_iter()
        .map(|p| PageLines {
            number: p.number,
            bottom: p.bottom,
            height: p.height,
            lines: lines_of(p.marks.glyphs),
            rules: p.marks.rules,
        })
        .collect();
    drop_running(&mut per_page);

    let mut laid: Vec<Laid> = Vec::new();
    let mut counter = 0u32;
    for PageLines {
        number, lines, rules, ..
    } in &per_page
    {
        let verticals: Vec<&Rule> = rules.iter().filter(|r| r.vertical()).collect();
        let horizontals: Vec<&Rule> = rules.iter().filter(|r| !r.vertical()).collect();
        for line in lines {
            counter += 1;
            let columns = columns_at(line, &verticals);
            let cells = match &columns {
                Some(cols) => ruled_cells(line, cols),
                None => gap_cells(line),
            };
            let next = Laid {
                page: *number,
                y: line.y,
                size: line.size,
                x0: line.x0(),
                x1: line.x1(),
                columns,
                cells,
                number: counter,
            };
            if let Some(prev) = laid.last_mut() {
                if same_row(prev, &next, &horizontals) {
                    for (c, n) in prev.cells.iter_mut().zip(next.cells) {
                        join_text(&mut c.text, &n.text);
                    }
                    prev.y = next.y;
                    continue;
                }
            }
            laid.push(next);
        }
    }
    paragraphs(laid, per_page.iter().map(|p| p.number).collect())
}

/// Groups glyphs into baseline lines, each sorted by x; overprinted
/// duplicates (fake bold) are dropped.
fn lines_of(mut glyphs: Vec<Glyph>) -> Vec<VLine> {
    glyphs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut lines: Vec<VLine> = Vec::new();
    for g in glyphs {
        match lines.last_mut() {
            Some(l) if (l.y - g.y).abs() <= 0.35 * l.size.max(g.size).max(1.0) => {
                l.size = l.size.max(g.size);
                l.glyphs.push(g);
            }
            _ => lines.push(VLine {
                y: g.y,
                size: g.size,
                glyphs: vec![g],
            }),
        }
    }
    for l in &mut lines {
        l.glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
        l.glyphs
            .dedup_by(|b, a| a.ch == b.ch && (b.x - a.x).abs() < 0.3 * a.w.max(0.5) && (b.y - a.y).abs() < 1.0);
        while l.glyphs.last().is_some_and(|g| g.ch.is_whitespace()) {
            l.glyphs.pop();
        }
        while l.glyphs.first().is_some_and(|g| g.ch.is_whitespace()) {
            l.glyphs.remove(0);
        }
    }
    lines.retain(|l| !l.glyphs.is_empty());
    lines
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
            .lines
            .iter()
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
        p.lines.retain(|l| {
            if !in_band(l.y, bottom, height) {
                return true;
            }
            let k = l.key();
            !(k.is_empty() || seen.get(&k).copied().unwrap_or(0) >= 2)
        });
    }
}

/// The x of the vertical rules crossing a line, when at least two do and
/// some of its glyphs lie between them.
fn columns_at(line: &VLine, verticals: &[&Rule]) -> Option<Vec<f32>> {
    let probe = line.y + 0.3 * line.size;
    let mut xs: Vec<f32> = verticals
        .iter()
        .filter(|r| r.y0 - 1.0 <= probe && probe <= r.y1 + 1.0)
        .map(|r| (r.x0 + r.x1) / 2.0)
        .collect();
    xs.sort_by(f32::total_cmp);
    xs.dedup_by(|b, a| (*b - *a).abs() < 2.0);
    if xs.len() < 2 {
        return None;
    }
    let (lo, hi) = (xs[0], xs[xs.len() - 1]);
    line.glyphs
        .iter()
        .any(|g| g.x + g.w / 2.0 > lo && g.x + g.w / 2.0 < hi)
        .then_some(xs)
}

fn ruled_cells(line: &VLine, cols: &[f32]) -> Vec<Cell> {
    let mut buckets: Vec<Vec<&Glyph>> = vec![Vec::new(); cols.len() + 1];
    for g in &line.glyphs {
        let c = g.x + g.w / 2.0;
        let k = cols.iter().take_while(|&&x| x <= c).count(); // 0 = left of the table
        buckets[k].push(g);
    }
    let mut cells = Vec::new();
    for (k, b) in buckets.iter().enumerate() {
        let outside = k == 0 || k == cols.len();
        if outside && b.is_empty() {
            continue;
        }
        let (x, w) = if outside {
            (b[0].x, b.last().map_or(0.0, |g| g.x + g.w) - b[0].x)
        } else {
            (cols[k - 1], cols[k] - cols[k - 1])
        };
        cells.push(Cell {
            text: text_of(b),
            x: Some(x),
            width: Some(w),
            ..Cell::default()
        });
    }
    cells
}

fn gap_cells(line: &VLine) -> Vec<Cell> {
    let mut groups: Vec<Vec<&Glyph>> = vec![Vec::new()];
    let mut end = f32::MIN;
    for g in &line.glyphs {
        let gap = g.x - end;
        if gap > CELL_GAP * line.size && !groups.last().is_some_and(Vec::is_empty) {
            groups.push(Vec::new());
        }
        if let Some(last) = groups.last_mut() {
            last.push(g);
        }
        end = end.max(g.x + g.w);
    }
    groups
        .into_iter()
        .filter(|g| !g.is_empty())
        .map(|g| Cell {
            x: Some(g[0].x),
            width: Some(g.last().map_or(0.0, |l| l.x + l.w) - g[0].x),
            text: text_of(&g),
            ..Cell::default()
        })
        .collect()
}

/// The text of glyphs in x order: a space where a gap separates two non-CJK
/// glyphs that have none between them.
fn text_of(glyphs: &[&Glyph]) -> String {
    let mut s = String::with_capacity(glyphs.len() * 3);
    let mut prev: Option<&Glyph> = None;
    for g in glyphs {
        if let Some(p) = prev {
            let gap = g.x - (p.x + p.w);
            if gap > 0.25 * g.size.max(p.size)
                && !p.ch.is_whitespace()
                && !g.ch.is_whitespace()
                && !wide(p.ch)
                && !wide(g.ch)
            {
                s.push(' ');
            }
        }
        s.push(g.ch);
        prev = Some(g);
    }
    s.trim().to_string()
}

fn wide(c: char) -> bool {
    is_cjk(c) || ('\u{3000}'..='\u{303f}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c)
}

/// Appends a wrapped continuation. A wrap between two words stood for a
/// space, and one before a list marker (`5. `, `（2）`); anywhere else (CJK,
/// punctuation, a number cut in a narrow cell: `212347` + `70.91`) the
/// pieces are glued.
fn join_text(into: &mut String, more: &str) {
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

/// The next line continues the same ruled row: same columns, same page, no
/// horizontal rule between them.
fn same_row(prev: &Laid, next: &Laid, horizontals: &[&Rule]) -> bool {
    let (Some(a), Some(b)) = (&prev.columns, &next.columns) else {
        return false;
    };
    if prev.page != next.page || a.len() != b.len() || a.iter().zip(b).any(|(x, y)| (x - y).abs() > 2.0) {
        return false;
    }
    if prev.cells.len() != next.cells.len() {
        return false;
    }
    let (lo, hi) = (a[0], a[a.len() - 1]);
    let ruled = horizontals.iter().any(|r| r.x0 < hi && r.x1 > lo);
    if !ruled {
        return false; // rows cannot be told apart without horizontal rules
    }
    let top = prev.y - 0.2 * prev.size;
    let bottom = next.y + 0.8 * next.size;
    !horizontals
        .iter()
        .any(|r| r.y0 < top && r.y0 > bottom && r.x0 < hi - 1.0 && r.x1 > lo + 1.0)
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
    x1: f32,
    /// Its last visual line ends its page.
    at_end: bool,
}

/// Rejoins paragraphs wrapped at the right margin and builds the pages.
fn paragraphs(laid: Vec<Laid>, page_numbers: Vec<u32>) -> RawDoc {
    let prose = |l: &Laid| l.columns.is_none() && l.cells.len() == 1;
    // the text block's edges: where most prose lines start and end
    let left = mode(laid.iter().filter(|l| prose(l)).map(|l| l.x0));
    let right = mode(laid.iter().filter(|l| prose(l)).map(|l| l.x1));
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
        if prose(l) {
            if let Some(t) = &mut tail {
                let fills = t.x1 >= right - 1.5 * t.size;
                let flush = (l.x0 - left).abs() <= 0.5 * l.size;
                let close = if t.page == pi {
                    t.y - l.y < 2.5 * l.size
                } else {
                    t.at_end && pi == t.page + 1
                };
                if fills && flush && close && (t.size - l.size).abs() < 0.5 {
                    if let Some(c) = pages[t.home].lines.last_mut().and_then(|r| r.cells.first_mut()) {
                        join_text(&mut c.text, &l.cells[0].text);
                        let x = c.x.unwrap_or(left);
                        c.width = Some(l.x1.max(x + c.width.unwrap_or(0.0)) - x);
                    }
                    t.page = pi;
                    t.y = l.y;
                    t.x1 = l.x1;
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
            table: None,
        });
        tail = prose(l).then_some(Tail {
            home: pi,
            page: pi,
            y: l.y,
            size: l.size,
            x1: l.x1,
            at_end: last_on_page,
        });
    }
    RawDoc { pages, paged: true }
}

//! Finds the tables that web pages and copied documents leave in plain text and
//! turns each into grid rows of the model (`RawLine::row`, see `model.rs`).
//!
//! Shapes recognised (each seen in published excerpts, see `../shared/real`'s
//! README: p01/p05/p17/p19/p21/p29 for pipes, d19/d25 and d03/d27 for one cell
//! per line, p23/p13 for space-joined rows):
//! - **`|`-joined rows**: two or more consecutive lines holding `|`; a line's
//!   cells are its `|`-separated parts (a leading and a trailing `|` are
//!   frames, a run of pipes gives empty cells, empty cells padding the row's end
//!   are dropped). A line that is only pipes stays a (blank) row of the table.
//! - **One cell per line**: a run of lines each holding one cell and ending
//!   with ` |`, or cells each followed by a lone `|` line, or cells separated
//!   by single blank lines. The header tells the column count: the label
//!   cells before the first row (a label followed by numbers). Every row must
//!   then be a label and numbers (or dashes); otherwise the run stays prose.
//! - **Space-joined rows**: two or more consecutive lines each ending in the
//!   same number (≥ 2) of number-like tokens after a label; the line above,
//!   when it holds exactly one token per column, is the header row.
//!
//! Lines already split on tabs are left as they are. Anything else, or a run
//! that breaks its shape, stays prose: a wrong grid is worse than none.

use crate::model::{Cell, RawDoc, RawLine, Span, TableRow};

/// Rewrites the table runs of every page as grid rows; tables are numbered
/// from `first` in document order. Returns the next free table number.
pub fn apply(doc: &mut RawDoc, first: u32) -> u32 {
    let mut next = first;
    for page in &mut doc.pages {
        let lines = std::mem::take(&mut page.lines);
        page.lines = rewrite(lines, &mut next);
    }
    next
}

/// One line's text when it is a plain text line (one cell).
fn plain(l: &RawLine) -> Option<&str> {
    match l.cells.as_slice() {
        [one] if l.table.is_none() => Some(one.text.as_str()),
        _ => None,
    }
}

fn rewrite(mut lines: Vec<RawLine>, next: &mut u32) -> Vec<RawLine> {
    let mut out = Vec::with_capacity(lines.len());
    let mut i = 0;
    // `Some(whether it ends in a pipe)` when the line before `i` was moved
    // to `out` (noted before the move); `None` when a table took it
    let mut moved: Option<bool> = None;
    while i < lines.len() {
        // a one-cell run starts at its first cell, not inside another run
        // (whose header was not understood): after a `|` line or an `X |` line
        let inside = match (i, moved) {
            (0, _) => false,
            (_, Some(pipe)) => pipe,
            (_, None) => plain(&lines[i - 1]).is_some_and(ends_in_pipe),
        };
        moved = None;
        if let Some((rows, used)) = (!inside).then(|| one_per_line(&lines[i..])).flatten() {
            push_table(&mut out, rows, next);
            i += used;
            continue;
        }
        if let Some((pieces, used)) = (!inside).then(|| framed_tables(&lines[i..])).flatten() {
            for piece in pieces {
                match piece {
                    Piece::Prose(l) => out.push(l),
                    Piece::Table(rows) => push_table(&mut out, rows, next),
                }
            }
            i += used;
            continue;
        }
        if let Some((rows, used)) = piped(&lines[i..]) {
            push_table(&mut out, rows, next);
            i += used;
            continue;
        }
        if let Some((rows, used)) = spaced(&lines[i..]) {
            push_table(&mut out, rows, next);
            i += used;
            continue;
        }
        // moved, not cloned (the raw lines are the biggest structure of a
        // file of short lines): the look-back above reads `moved`
        moved = Some(plain(&lines[i]).is_some_and(ends_in_pipe));
        out.push(std::mem::take(&mut lines[i]));
        i += 1;
    }
    out
}

/// A `|` line or an `X |` line: what a one-cell run never starts after.
fn ends_in_pipe(t: &str) -> bool {
    t.trim() == "|" || t.trim_end().ends_with(" |")
}

/// A row found: its first source line and its cells.
type Row = (u32, Vec<Cell>);

fn texts(cells: Vec<String>) -> Vec<Cell> {
    cells.into_iter().map(Cell::text).collect()
}

fn push_table(out: &mut Vec<RawLine>, rows: Vec<Row>, next: &mut u32) {
    let table = *next;
    *next = next.saturating_add(1);
    for (r, (number, cells)) in rows.into_iter().enumerate() {
        let cells = if cells.is_empty() { vec![Cell::text("")] } else { cells };
        out.push(RawLine::row(number, cells, TableRow { table, row: r as u32 }));
    }
}

fn is_pipe_only(t: &str) -> bool {
    let t = t.trim();
    !t.is_empty() && t.chars().all(|c| c == '|' || c == '｜' || c.is_whitespace())
}

/// The cells of a `|`-joined line (frames stripped, trailing padding dropped).
fn pipe_cells(t: &str) -> Vec<String> {
    let t = t.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    let mut cells: Vec<String> = t.split('|').map(|c| c.trim().to_string()).collect();
    while cells.last().is_some_and(|c| c.is_empty()) {
        cells.pop();
    }
    cells
}

/// A markdown rule line `|---|:--|`.
fn is_rule(t: &str) -> bool {
    let t = t.trim();
    t.contains('-') && t.contains('|') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// `|`-joined rows: a run of lines holding `|`, at least two with two cells.
fn piped(lines: &[RawLine]) -> Option<(Vec<Row>, usize)> {
    let mut rows = Vec::new();
    let mut used = 0;
    let mut wide = 0;
    for l in lines {
        let Some(t) = plain(l) else { break };
        if !t.contains('|') {
            break;
        }
        used += 1;
        if is_rule(t) {
            continue;
        }
        let cells = if is_pipe_only(t) { Vec::new() } else { pipe_cells(t) };
        if cells.len() >= 2 {
            wide += 1;
        }
        rows.push((l.number, texts(cells)));
    }
    // a run ending in pipe-only lines: those stay outside the table
    while used > 0 && rows.last().is_some_and(|r| r.1.is_empty()) {
        rows.pop();
        used -= 1;
    }
    (wide >= 2).then_some((rows, used))
}

/// Number-like: a figure, a percentage, a score, or a dash for "none".
fn is_numberish(t: &str) -> bool {
    let t = t.trim();
    if matches!(t, "—" | "-" | "－" | "/" | "——" | "--") {
        return true;
    }
    let t = t.trim_start_matches(['≥', '≤', '=', '＝', '>', '<', '≧', '≦', '＞', '＜']);
    let t = t.strip_prefix('-').unwrap_or(t);
    let mut digits = 0;
    let mut rest = t;
    while let Some(c) = rest.chars().next() {
        if c.is_ascii_digit() || c == ',' || c == '.' {
            if c.is_ascii_digit() {
                digits += 1;
            }
            rest = &rest[c.len_utf8()..];
        } else {
            break;
        }
    }
    // a year (`2015年`, `2016年度`) labels a row (d03's rows are years)
    let year = digits == 4 && !t.contains('.') && rest.starts_with('年');
    digits > 0 && !year && rest.chars().count() <= 4 && !rest.chars().any(|c| c.is_ascii_digit())
}

/// One cell per line: `X |` lines, `X` / `|` pairs, or `X` / blank pairs.
/// A lone `|` line among `X |` lines, and a second blank line between two
/// cells, is an empty cell (d25, d27).
fn one_per_line(lines: &[RawLine]) -> Option<(Vec<Row>, usize)> {
    let mut cells: Vec<(u32, String)> = Vec::new();
    let mut used = 0;
    let first = plain(lines.first()?)?.trim();
    if first.is_empty() || first.contains('\t') {
        return None;
    }
    let ending = |t: &str| t.ends_with(" |") && t.matches('|').count() == 1;
    if ending(first) {
        for l in lines {
            let Some(t) = plain(l).map(str::trim) else { break };
            if t == "|" {
                cells.push((l.number, String::new()));
            } else if ending(t) {
                cells.push((l.number, t.trim_end_matches('|').trim().to_string()));
            } else {
                break;
            }
            used += 1;
        }
    } else {
        // a cell line, then a separator line (a lone pipe, or blank), repeated
        let sep_pipe = lines.get(1).and_then(plain).is_some_and(|t| t.trim() == "|");
        let sep_blank = lines.get(1).and_then(plain).is_some_and(|t| t.trim().is_empty());
        if !sep_pipe && !sep_blank {
            return None;
        }
        let mut k = 0;
        while k + 1 < lines.len() {
            let (Some(c), Some(s)) = (plain(&lines[k]), plain(&lines[k + 1])) else {
                break;
            };
            let (c, s) = (c.trim(), s.trim());
            if sep_blank && c.is_empty() && !cells.is_empty() {
                // an extra blank line: an empty cell, when a cell follows
                if s.is_empty() || s.contains('|') || s.chars().count() > 40 {
                    break;
                }
                cells.push((lines[k].number, String::new()));
                k += 1;
                continue;
            }
            let sep_ok = if sep_pipe { s == "|" } else { s.is_empty() };
            if c.is_empty() || c.contains('|') || !sep_ok || c.chars().count() > 40 {
                break;
            }
            cells.push((lines[k].number, c.to_string()));
            k += 2;
        }
        used = k;
    }
    while cells.last().is_some_and(|c| c.1.is_empty()) {
        cells.pop();
    }
    if cells.len() < 6 {
        return None;
    }
    // the header: labels up to the first row (a label, maybe empty cells, then a number)
    let first_num = cells.iter().position(|(_, c)| is_numberish(c))?;
    let label_at = cells[..first_num].iter().rposition(|(_, c)| !c.is_empty())?;
    let header = &cells[..label_at];
    if header.len() < 2 || header.iter().any(|(_, c)| c.is_empty() || is_numberish(c)) {
        return None;
    }
    let body = &cells[label_at..];
    let h = header.len();
    // a flat header first, then a two-level one (a group cell over sub-columns)
    let mut layouts = vec![Layout::flat(header)];
    for groups in 1..h {
        layouts.extend(Layout::two_level(header, groups));
    }
    for layout in layouts {
        let Some(n_rows) = body_rows(body, &layout, header) else {
            continue;
        };
        let mut rows = layout.header_rows(cells[0].0, header);
        let w = layout.width();
        for r in 0..n_rows {
            let row = &body[r * w..(r + 1) * w];
            rows.push((row[0].0, row.iter().map(|c| Cell::text(c.1.clone())).collect()));
        }
        let consumed_cells = label_at + n_rows * w;
        return Some((rows, consumed_lines(lines, used, &cells, consumed_cells)));
    }
    None
}

/// A stretch of a framed run: a prose line as it was, or a table's rows.
enum Piece {
    Prose(RawLine),
    Table(Vec<Row>),
}

/// A row label: text with a letter (not an operator, unit or number), short.
fn is_row_label(t: &str) -> bool {
    !t.is_empty() && !is_numberish(t) && t.chars().count() <= 40 && t.chars().any(char::is_alphabetic)
}

/// Tables inside a run of `X |` lines that is not one table as a whole (a
/// form copied one cell per line, lone `|` lines for its empty cells: r02 of
/// ../shared/real, the 四川 form r08 prints as `|` rows). Each table: its
/// header, the short text cells between an empty or number cell and the
/// first row label; then rows, each a label followed by number, dash or
/// empty cells (merged cells leave rows of different lengths, as in r08's
/// rows), a long text cell after them (a note spanning rows) kept as the
/// row's last cell. A row without a number ends the table, which needs two
/// rows. The cells outside tables stay prose lines as they were.
fn framed_tables(lines: &[RawLine]) -> Option<(Vec<Piece>, usize)> {
    let ending = |t: &str| t.ends_with(" |") && t.matches('|').count() == 1;
    let first = plain(lines.first()?)?.trim();
    if !ending(first) {
        return None;
    }
    // the run's cells, one per line
    let mut cells: Vec<String> = Vec::new();
    for l in lines {
        let Some(t) = plain(l).map(str::trim) else { break };
        if t == "|" {
            cells.push(String::new());
        } else if ending(t) {
            cells.push(t.trim_end_matches('|').trim().to_string());
        } else {
            break;
        }
    }
    let used = cells.len();
    let blank_or_num = |c: &str| c.is_empty() || is_numberish(c);
    let mut pieces = Vec::new();
    let mut prose_from = 0;
    let mut tables = 0;
    let mut k = 0;
    while k + 1 < used {
        // a row label with a number after it
        if !(is_row_label(&cells[k]) && !cells[k + 1].is_empty() && is_numberish(&cells[k + 1])) {
            k += 1;
            continue;
        }
        let head_from = (prose_from..k)
            .rev()
            .find(|&j| blank_or_num(&cells[j]))
            .map_or(prose_from, |j| j + 1);
        let header = &cells[head_from..k];
        if header.len() < 2 || header.iter().any(|c| !is_row_label(c)) {
            k += 1;
            continue;
        }
        let mut rows: Vec<Row> = Vec::new();
        let mut j = k;
        while j < used && is_row_label(&cells[j]) {
            let mut row = vec![cells[j].clone()];
            let mut e = j + 1;
            while e < used && blank_or_num(&cells[e]) {
                row.push(cells[e].clone());
                e += 1;
            }
            if !row[1..].iter().any(|c| !c.is_empty()) {
                break;
            }
            if e < used && cells[e].chars().count() > 40 {
                row.push(cells[e].clone());
                e += 1;
            }
            while row.last().is_some_and(|c| c.is_empty()) {
                row.pop();
            }
            rows.push((lines[j].number, texts(row)));
            j = e;
        }
        if rows.len() < 2 {
            k += 1;
            continue;
        }
        pieces.extend(lines[prose_from..head_from].iter().cloned().map(Piece::Prose));
        let mut head = texts(header.to_vec());
        // a header one cell wider than every row: its first cell spans the
        // rows (`预算执行情况(10分)` left of the block), their first cell covered
        let widest = rows.iter().map(|r| r.1.len()).max().unwrap_or(0);
        if header.len() == widest + 1 {
            let n = u16::try_from(rows.len() + 1).unwrap_or(u16::MAX);
            head[0] = Cell::spanned(header[0].clone(), Span::new(1, n));
            for r in &mut rows {
                r.1.insert(0, Cell::covered());
            }
        }
        let mut all = vec![(lines[head_from].number, head)];
        all.extend(rows);
        pieces.push(Piece::Table(all));
        tables += 1;
        prose_from = j;
        k = j;
    }
    if tables == 0 {
        return None;
    }
    pieces.extend(lines[prose_from..used].iter().cloned().map(Piece::Prose));
    Some((pieces, used))
}

/// How a one-cell-per-line header maps onto columns.
#[derive(Debug, Clone, PartialEq)]
enum Layout {
    /// One header cell per column.
    Flat(usize),
    /// A top row of `top` cells, some of them groups, then the sub-column
    /// cells under the groups; `spans[i]` is how many columns top cell `i`
    /// covers (1 = a plain cell spanning both header rows).
    TwoLevel { spans: Vec<usize> },
}

impl Layout {
    fn flat(header: &[(u32, String)]) -> Layout {
        Layout::Flat(header.len())
    }

    /// The two-level readings of `header` with `groups` group cells. Two
    /// shapes, each seen in published tables:
    /// - every top cell is a group of the same width and the sub-columns
    ///   repeat the same labels under each (a two-sided 收入/支出 table over
    ///   项目/行次/金额 twice: d27, and the 收入支出决算总表 of the official
    ///   部门决算 templates);
    /// - one group, the last top cell, whose sub-columns open with a label
    ///   the top row already has (its own 合计 under 公车购置及运行维护费,
    ///   beside the table's 合计: d03; 因公出国/公务接待/公务用车 三公 tables
    ///   with 合计 under 公务用车购置及运行费 as in d19's 其中 rows).
    ///
    /// Anything else is ambiguous (the flattening lost where the top row
    /// ends) and gives no reading.
    fn two_level(header: &[(u32, String)], groups: usize) -> Option<Layout> {
        let h = header.len();
        let text = |i: usize| header[i].1.as_str();
        // every top cell a group
        let sub = h.checked_sub(groups)?;
        if groups >= 2 && sub % groups == 0 && sub / groups >= 2 {
            let w = sub / groups;
            let same = (0..sub).all(|i| text(groups + i) == text(groups + i % w));
            let distinct_top = (0..groups).all(|i| (0..sub).all(|j| text(i) != text(groups + j)));
            if same && distinct_top {
                return Some(Layout::TwoLevel { spans: vec![w; groups] });
            }
        }
        // one group, last in the top row, its sub-row opening with a repeated label
        if groups == 1 {
            let k = (2..h).rev().find(|&k| (0..k).any(|i| text(i) == text(k)))?;
            let sub = h - k;
            if sub < 2 {
                return None;
            }
            let mut spans = vec![1; k];
            *spans.last_mut()? = sub;
            return Some(Layout::TwoLevel { spans });
        }
        None
    }

    fn width(&self) -> usize {
        match self {
            Layout::Flat(w) => *w,
            Layout::TwoLevel { spans } => spans.iter().sum(),
        }
    }

    /// Label columns: column 0, and any column whose header repeats it (the
    /// 支出 side's 项目 in a two-sided table).
    fn label_columns(&self, header: &[(u32, String)]) -> Vec<bool> {
        let names = self.column_names(header);
        names
            .iter()
            .enumerate()
            .map(|(j, n)| j == 0 || *n == names[0])
            .collect()
    }

    /// The lowest header cell over each column.
    fn column_names<'h>(&self, header: &'h [(u32, String)]) -> Vec<&'h str> {
        match self {
            Layout::Flat(_) => header.iter().map(|c| c.1.as_str()).collect(),
            Layout::TwoLevel { spans } => {
                let mut sub = header[spans.len()..].iter();
                let mut out = Vec::new();
                for (i, &s) in spans.iter().enumerate() {
                    if s == 1 {
                        out.push(header[i].1.as_str());
                    } else {
                        out.extend(sub.by_ref().take(s).map(|c| c.1.as_str()));
                    }
                }
                out
            }
        }
    }

    /// The header as grid rows: one row, or a top row with merged cells and
    /// a sub-row (cells under a plain top cell are covered by it).
    fn header_rows(&self, number: u32, header: &[(u32, String)]) -> Vec<Row> {
        match self {
            Layout::Flat(_) => vec![(number, header.iter().map(|c| Cell::text(c.1.clone())).collect())],
            Layout::TwoLevel { spans } => {
                let mut top = Vec::new();
                let mut below = Vec::new();
                let mut sub = header[spans.len()..].iter();
                for (i, &s) in spans.iter().enumerate() {
                    let t = header[i].1.clone();
                    if s == 1 {
                        top.push(Cell::spanned(t, Span::new(1, 2)));
                        below.push(Cell::covered());
                    } else {
                        top.push(Cell::spanned(t, Span::new(s as u16, 1)));
                        top.extend((1..s).map(|_| Cell::covered()));
                        below.extend(sub.by_ref().take(s).map(|c| Cell::text(c.1.clone())));
                    }
                }
                let sub_number = header.get(spans.len()).map_or(number, |c| c.0);
                vec![(number, top), (sub_number, below)]
            }
        }
    }
}

/// How many whole rows of `body` fit the layout: every row a label, then
/// numbers, dashes or empty cells (label columns hold text), each with a
/// number. A row that breaks the shape ends the table, which needs two rows.
fn body_rows(body: &[(u32, String)], layout: &Layout, header: &[(u32, String)]) -> Option<usize> {
    let w = layout.width();
    if w < 2 {
        return None;
    }
    let labels = layout.label_columns(header);
    let whole = body.len() / w;
    let mut n = 0;
    for r in 0..whole {
        let row = &body[r * w..(r + 1) * w];
        let ok = !row[0].1.is_empty()
            && !is_numberish(&row[0].1)
            && row[1..].iter().any(|(_, c)| is_numberish(c))
            && row
                .iter()
                .enumerate()
                .skip(1)
                .all(|(j, (_, c))| c.is_empty() || is_numberish(c) || labels.get(j).copied().unwrap_or(false));
        if !ok {
            break;
        }
        n += 1;
    }
    (n >= 2).then_some(n)
}

/// How many source lines the first `n` cells took.
fn consumed_lines(lines: &[RawLine], used: usize, cells: &[(u32, String)], n: usize) -> usize {
    if n >= cells.len() {
        return used;
    }
    let stop = cells[n].0;
    lines[..used].iter().position(|l| l.number == stop).unwrap_or(used)
}

/// The trailing number-like tokens of a space-joined line and the label before.
fn spaced_row(t: &str) -> Option<Vec<String>> {
    let toks: Vec<&str> = t.split_whitespace().collect();
    let k = toks.iter().rev().take_while(|x| is_numberish(x)).count();
    if k < 2 || k == toks.len() {
        return None;
    }
    let label = toks[..toks.len() - k].join(" ");
    if label.chars().count() > 60 {
        return None;
    }
    let mut cells = vec![label];
    cells.extend(toks[toks.len() - k..].iter().map(|s| s.to_string()));
    Some(cells)
}

/// Space-joined rows with the same number of columns, and the header above.
fn spaced(lines: &[RawLine]) -> Option<(Vec<Row>, usize)> {
    let head = plain(lines.first()?)?;
    let header: Vec<&str> = head.split_whitespace().collect();
    let header_ok = header.len() >= 3 && !header.iter().any(|t| is_numberish(t));
    let start = usize::from(header_ok);
    let mut rows: Vec<Row> = Vec::new();
    let mut width = None;
    for l in &lines[start..] {
        let Some(cells) = plain(l).and_then(spaced_row) else {
            break;
        };
        if *width.get_or_insert(cells.len()) != cells.len() {
            break;
        }
        rows.push((l.number, texts(cells)));
    }
    if rows.len() < 2 {
        return None;
    }
    let width = width?;
    let n = rows.len();
    if header_ok && header.len() == width {
        let h = (lines[0].number, header.iter().map(|s| Cell::text(*s)).collect());
        rows.insert(0, h);
        Some((rows, n + 1))
    } else if header_ok {
        None // the header line is not one of this table's rows: let it be
    } else {
        Some((rows, n))
    }
}

/// Keeps `RawPage` in the signature tests use.
#[cfg(test)]
fn page_of(text: &str) -> crate::model::RawPage {
    let doc = crate::ingest::text::to_raw_doc(text);
    doc.pages.into_iter().next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(text: &str) -> Vec<(Option<TableRow>, Vec<String>)> {
        page_of(text)
            .lines
            .into_iter()
            .map(|l| (l.table, l.cells.into_iter().map(|c| c.text).collect()))
            .collect()
    }

    fn t(table: u32, row: u32) -> Option<TableRow> {
        Some(TableRow { table, row })
    }

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn pipe_rows_with_frames_and_runs_of_pipes() {
        let g = grid("标题\n项目名称 | 修路工程 | |||||\n| 年初预算数 | 全年预算数 | 得分 |\n年度资金总额 || 9.5 | 10 | ||||\n正文");
        assert_eq!(g[0], (None, s(&["标题"])));
        assert_eq!(g[1], (t(0, 0), s(&["项目名称", "修路工程"])));
        assert_eq!(g[2], (t(0, 1), s(&["年初预算数", "全年预算数", "得分"])));
        assert_eq!(g[3], (t(0, 2), s(&["年度资金总额", "", "9.5", "10"])));
        assert_eq!(g[4], (None, s(&["正文"])));
    }

    #[test]
    fn a_lone_pipe_line_is_prose() {
        let g = grid("网站首页 | 关于我们\n正文");
        assert_eq!(g[0].0, None);
    }

    #[test]
    fn one_cell_per_line_under_a_header() {
        let g =
            grid("单位:万元\n项目 |\n预算数 |\n决算数 |\n合计 |\n120 |\n118 |\n公务接待费 |\n20 |\n18.5 |\n说明文字");
        assert_eq!(g[1], (t(0, 0), s(&["项目", "预算数", "决算数"])));
        assert_eq!(g[2], (t(0, 1), s(&["合计", "120", "118"])));
        assert_eq!(g[3], (t(0, 2), s(&["公务接待费", "20", "18.5"])));
        assert_eq!(g[4], (None, s(&["说明文字"])));
    }

    #[test]
    fn one_cell_per_line_with_lone_pipes_and_blank_lines() {
        let g = grid("项目\n|\n预算数\n|\n合计\n|\n30\n|\n接待费\n|\n—\n|\n");
        assert_eq!(g[0], (t(0, 0), s(&["项目", "预算数"])));
        assert_eq!(g[2], (t(0, 2), s(&["接待费", "—"])));
        let g = grid("项目\n\n预算数\n\n合计\n\n30\n\n接待费\n\n12\n\n");
        assert_eq!(g[1], (t(0, 1), s(&["合计", "30"])));
    }

    #[test]
    fn tables_inside_a_framed_run_with_empty_cells() {
        // a 四川 form copied one cell per line (r02 shape), written here
        let note = "1.预算执行率=预算执行数/调整后预算数,未达到90%的需说明原因;2.年中调整的应单独说明理由 |";
        let cells = [
            "报表编号:demo |",
            "|",
            "项目名称 |",
            "社区养老服务补贴 |",
            "|",
            "预算执行情况(10分) |",
            "年度预算数(万元) |",
            "年初预算 |",
            "调整后预算数 |",
            "预算执行数 |",
            "预算执行率 |",
            "权重 |",
            "得分 |",
            "原因 |",
            "总额 |",
            "50.00 |",
            "60.00 |",
            "57.00 |",
            "95.00% |",
            "10 |",
            "|",
            note,
            "其中:财政资金 |",
            "50.00 |",
            "60.00 |",
            "57.00 |",
            "95.00% |",
            "/ |",
            "/ |",
            "其他资金 |",
            "|",
            "|",
            "/ |",
            "/ |",
            "绩效指标(90分) |",
            "一级指标 |",
            "产出指标 |",
            "= |",
            "100 |",
            "% |",
        ];
        let g = grid(&cells.join("\n"));
        assert_eq!(g[0], (None, s(&["报表编号:demo |"])));
        assert_eq!(g[3], (None, s(&["社区养老服务补贴 |"])));
        let (head, h) = (&g[5], t(0, 0));
        assert_eq!(head.0, h);
        assert_eq!(head.1.len(), 9);
        assert_eq!(head.1[0], "预算执行情况(10分)");
        let mut total = s(&["", "总额", "50.00", "60.00", "57.00", "95.00%", "10", ""]);
        total.push(note.trim_end_matches(" |").to_string());
        assert_eq!(g[6], (t(0, 1), total));
        assert_eq!(
            g[7],
            (
                t(0, 2),
                s(&["", "其中:财政资金", "50.00", "60.00", "57.00", "95.00%", "/", "/"])
            )
        );
        assert_eq!(g[8], (t(0, 3), s(&["", "其他资金", "", "", "/", "/"])));
        // the indicator cells after it stay prose (operators and units are no row labels)
        assert_eq!(g[9], (None, s(&["绩效指标(90分) |"])));
        assert!(g[9..].iter().all(|r| r.0.is_none()), "{g:?}");
    }

    #[test]
    fn ambiguous_one_cell_runs_stay_prose() {
        // a label where a number should be: the shape breaks in its first rows
        let g = grid("专项名称\n\n食品监管\n\n主管部门\n\n市场局\n\n自评得分\n\n省级部门\n\n100\n\n预算\n\n");
        assert!(g.iter().all(|r| r.0.is_none()), "{g:?}");
    }

    #[test]
    fn space_joined_rows_with_their_header() {
        let g = grid("项目资金 年初预算数 全年预算数 得分\n年度资金总额 29 27.8 8\n其中:财政拨款 29 27.8 8\n其他");
        assert_eq!(g[0], (t(0, 0), s(&["项目资金", "年初预算数", "全年预算数", "得分"])));
        assert_eq!(g[2], (t(0, 2), s(&["其中:财政拨款", "29", "27.8", "8"])));
        assert_eq!(g[3].0, None);
        // one such line alone is prose
        let g = grid("共有职工 12 人 3 个\n正文");
        assert!(g.iter().all(|r| r.0.is_none()));
    }

    #[test]
    fn two_level_headers_one_cell_per_line() {
        // a group (the last top cell) over sub-columns opening with 合计; years label rows
        let g = grid("年份\n|\n合计\n|\n差旅费\n|\n会议及培训费\n|\n合计\n|\n会议费\n|\n培训费\n|\n2022年\n|\n60\n|\n25\n|\n35\n|\n15\n|\n20\n|\n2023年\n|\n48\n|\n30\n|\n18\n|\n6\n|\n12\n|\n正文");
        assert_eq!(g[0], (t(0, 0), s(&["年份", "合计", "差旅费", "会议及培训费", "", ""])));
        assert_eq!(g[1], (t(0, 1), s(&["", "", "", "合计", "会议费", "培训费"])));
        assert_eq!(g[2], (t(0, 2), s(&["2022年", "60", "25", "35", "15", "20"])));
        assert_eq!(g[3].1[0], "2023年");
        let p = page_of("年份\n|\n合计\n|\n差旅费\n|\n会议及培训费\n|\n合计\n|\n会议费\n|\n培训费\n|\n2022年\n|\n60\n|\n25\n|\n35\n|\n15\n|\n20\n|\n2023年\n|\n48\n|\n30\n|\n18\n|\n6\n|\n12\n|\n");
        let spans: Vec<Span> = p.lines[0].cells.iter().map(|c| c.span).collect();
        assert_eq!(spans[3], Span::new(3, 1));
        assert_eq!(spans[1], Span::new(1, 2));
        assert!(spans[4].is_covered() && p.lines[1].cells[1].span.is_covered());
        // every top cell a group over the same repeated sub-columns
        let g = grid("收入\n\n支出\n\n项目\n\n金额\n\n项目\n\n金额\n\n一、拨款\n\n10\n\n一、教育\n\n8\n\n二、其他\n\n2\n\n二、科技\n\n4\n\n");
        assert_eq!(g[0], (t(0, 0), s(&["收入", "", "支出", ""])));
        assert_eq!(g[1], (t(0, 1), s(&["项目", "金额", "项目", "金额"])));
        assert_eq!(g[3], (t(0, 3), s(&["二、其他", "2", "二、科技", "4"])));
        // no repeated label to tell where the top row ends: stays prose
        let g = grid("年份\n|\n差旅费\n|\n会议及培训费\n|\n会议费\n|\n培训费\n|\n2022年\n|\n25\n|\n15\n|\n20\n|\n2023年\n|\n30\n|\n6\n|\n12\n|\n");
        assert!(g.iter().all(|r| r.0.is_none()), "{g:?}");
    }

    #[test]
    fn tab_lines_are_left_alone() {
        let g = grid("a\tb\nc\td");
        assert!(g.iter().all(|r| r.0.is_none()));
    }
}

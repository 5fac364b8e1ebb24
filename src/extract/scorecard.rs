//! Scorecards (评分表): the table of indicators with their points and the
//! score the department gave itself, its total row and grade row.
//!
//! Columns are found from the header row (`一级指标 二级指标 三级指标 分值`, or
//! `名称 参考分值` sub-headers giving points at every level); header rows
//! repeated on each page are skipped; empty leading cells inherit from the row
//! above; a row without indicator and points continues the row before (a cell
//! wrapped onto a new page), and may carry its missing score. The score is the
//! first number after the points column, past the criterion texts.

use crate::model::{Cells, Line, Lines};
use crate::num::Printed;
use crate::patterns::ScorePatterns;

/// A value the report states, with where it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct Stated<T> {
    pub value: T,
    /// Index into `Document::lines`.
    pub index: usize,
    pub line: u32,
    pub page: Option<u32>,
    /// The source text (a row's text, a sentence).
    pub evidence: String,
    /// The label the report gives it (`综合评分`, `总得分为`).
    pub label: String,
}

impl<T> Stated<T> {
    /// The same value with other evidence (a sentence rather than the line).
    pub fn with_evidence(mut self, evidence: &str) -> Self {
        self.evidence = evidence.to_string();
        self
    }
}

/// One indicator row of a scorecard.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreLine {
    pub level1: String,
    pub level1_points: Option<Printed>,
    pub level2: String,
    pub level2_points: Option<Printed>,
    pub indicator: String,
    pub points: Option<Printed>,
    pub claimed: Option<Printed>,
    /// The criterion texts (指标说明, 评分标准) before the score, for the
    /// rubric engine.
    pub criterion: String,
    /// Text after the score (扣分情况及整改情况说明).
    pub remark: String,
    pub index: usize,
    pub line: u32,
    pub page: Option<u32>,
    pub evidence: String,
}

/// A scorecard table.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scorecard {
    pub lines: Vec<ScoreLine>,
    pub total: Option<Stated<Printed>>,
    pub grade: Option<Stated<String>>,
    /// Subtotal rows: the level-1 or level-2 group they close, and the value.
    pub subtotals: Vec<(String, Stated<Printed>)>,
    /// Index of the header row.
    pub header_index: usize,
}

/// Column positions of a scorecard layout.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Layout {
    l1: usize,
    l1_points: Option<usize>,
    l2: Option<usize>,
    l2_points: Option<usize>,
    ind: usize,
    points: usize,
}

fn key(s: &str) -> String {
    crate::normalize::chars::without_whitespace(s)
}

/// `key(cell) == word`, without building the key.
fn key_is(cell: &str, word: &str) -> bool {
    cell.chars().filter(|c| !c.is_whitespace()).eq(word.chars())
}

fn pos(cells: Cells<'_>, words: &[String]) -> Option<usize> {
    cells.iter().position(|c| words.iter().any(|w| key_is(c, w)))
}

/// A header row and the layout it (with its sub-header) defines.
fn layout(lines: Lines<'_>, i: usize, p: &ScorePatterns) -> Option<Layout> {
    let cells = lines.at(i).cells();
    // a header row holds at least the first level, the indicator and points
    if cells.len() < 3 {
        return None;
    }
    let l1 = pos(cells, &p.header_cells[..1])?;
    if !p.header_cells.iter().all(|h| cells.iter().any(|c| key(c) == *h)) {
        return None;
    }
    let ind = cells.iter().position(|c| key(c) == "三级指标")?;
    let l2 = cells.iter().position(|c| key(c) == "二级指标");
    let is_points = |c: Option<&str>| c.is_some_and(|c| p.points_cells.contains(&key(c)));
    if let Some(pc) = cells
        .iter()
        .skip(ind + 1)
        .position(|c| p.points_cells.contains(&key(c)))
    {
        return Some(Layout {
            l1,
            l1_points: None,
            l2,
            l2_points: None,
            ind,
            points: ind + 1 + pc,
        });
    }
    // points in a sub-header: 名称 参考分值 名称 参考分值 名称 参考分值
    let sub = lines.get(i + 1)?.cells();
    if !is_points(sub.get(ind + 1)) && !is_points(sub.get(l1 + 1)) {
        return None;
    }
    Some(Layout {
        l1,
        l1_points: is_points(sub.get(l1 + 1)).then_some(l1 + 1),
        l2,
        l2_points: l2.filter(|&c| is_points(sub.get(c + 1))).map(|c| c + 1),
        ind,
        points: ind + 1,
    })
}

/// A row that only repeats header words (`评价指标`, `名称 参考分值`).
fn is_header_row(cells: Cells<'_>, p: &ScorePatterns) -> bool {
    let words: Vec<String> = cells.iter().map(key).filter(|c| !c.is_empty()).collect();
    !words.is_empty()
        && words.iter().any(|w| {
            w == "评价指标"
                || w == "名称"
                || p.header_cells.contains(w)
                || w == "二级指标"
                || p.points_cells.contains(w)
        })
        && words
            .iter()
            .all(|w| w.chars().count() <= 12 && Printed::parse(w).is_none())
}

fn starts_with_any(s: &str, words: &[String]) -> Option<String> {
    let k = key(s);
    words.iter().find(|w| k.starts_with(w.as_str())).cloned()
}

/// A group's name and points: `部门决策 (20分)` in one cell, or the name with
/// its points in their own `参考分值` column.
fn group_cell(raw: &str, points_cell: &str, p: &ScorePatterns) -> (String, Option<Printed>) {
    match p.group_points.captures(raw) {
        Some(c) => (
            c.get(1).map(|m| m.as_str().trim().to_string()).unwrap_or_default(),
            c.get(2).and_then(|m| Printed::parse(m.as_str())),
        ),
        None => (raw.to_string(), Printed::parse(points_cell)),
    }
}

/// A value stated on line `i`.
pub fn at<T>(line: &Line, index: usize, value: T, label: String) -> Stated<T> {
    Stated {
        value,
        index,
        line: line.line,
        page: line.page,
        evidence: line.text.to_string(),
        label,
    }
}

/// Finds every scorecard in the document.
pub fn extract(lines: Lines<'_>, p: &ScorePatterns) -> Vec<Scorecard> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        match layout(lines, i, p) {
            Some(lay) => {
                let (card, next) = read_table(lines, i, lay, p);
                if !card.lines.is_empty() {
                    out.push(card);
                }
                i = next.max(i + 1);
            }
            None => i += 1,
        }
    }
    out
}

fn read_table(lines: Lines<'_>, start: usize, lay: Layout, p: &ScorePatterns) -> (Scorecard, usize) {
    let mut card = Scorecard {
        header_index: start,
        ..Default::default()
    };
    let (mut l1, mut l1p, mut l2, mut l2p) = (String::new(), None, String::new(), None);
    let mut i = start + 1;
    while i < lines.len() {
        let line = &lines.at(i);
        let cells = line.cells();
        let first = cells.iter().find(|c| !c.trim().is_empty()).unwrap_or("");
        if let Some(label) = starts_with_any(first, &p.total_labels) {
            // a total row may repeat the points (100) before the score
            let after_points = cells.iter().skip(lay.points + 1).find_map(Printed::parse);
            if let Some(v) = after_points.or_else(|| cells.iter().find_map(Printed::parse)) {
                card.total = Some(at(line, i, v, label));
            }
            i += 1;
            continue;
        }
        if let Some(label) = starts_with_any(first, &p.grade_labels) {
            let label_at = cells.iter().position(|c| !c.trim().is_empty()).unwrap_or(0);
            if let Some(g) = cells
                .iter()
                .skip(label_at + 1)
                .map(|c| c.trim())
                .find(|c| !c.is_empty())
            {
                card.grade = Some(at(line, i, g.to_string(), label));
            }
            i += 1;
            continue;
        }
        if line.cells().len() < 2 {
            // the table ends at its total, or at any plain line once it has rows
            if card.total.is_some() || card.grade.is_some() || !card.lines.is_empty() && !first.is_empty() {
                break;
            }
            i += 1;
            continue;
        }
        if layout(lines, i, p).is_some() || is_header_row(cells, p) {
            i += 1;
            continue;
        }
        let cell = |c: Option<usize>| c.and_then(|c| cells.get(c)).map(|s| s.trim()).unwrap_or("");
        let ind = cell(Some(lay.ind));
        let pts = cell(Some(lay.points));
        if ind.is_empty() && pts.is_empty() {
            // a wrapped cell: its text continues the row above; a score may be here
            if let Some(last) = card.lines.last_mut() {
                let extra: Vec<&str> = cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
                if last.claimed.is_none() {
                    last.claimed = extra.iter().rev().find_map(|c| Printed::parse(c));
                }
                let extra: Vec<&str> = extra.into_iter().filter(|c| Printed::parse(c).is_none()).collect();
                if !extra.is_empty() {
                    last.criterion.push(' ');
                    last.criterion.push_str(&extra.join(" "));
                }
            }
            i += 1;
            continue;
        }
        if !cell(Some(lay.l1)).is_empty() {
            (l1, l1p) = group_cell(cell(Some(lay.l1)), cell(lay.l1_points), p);
            l2.clear();
            l2p = None;
        }
        if lay.l2.is_some() && !cell(lay.l2).is_empty() {
            (l2, l2p) = group_cell(cell(lay.l2), cell(lay.l2_points), p);
        }
        if p.subtotal_labels.iter().any(|s| key(ind).starts_with(s.as_str())) {
            if let Some(v) = cells.iter().skip(lay.points + 1).find_map(Printed::parse) {
                let group = if l2.is_empty() { l1.clone() } else { l2.clone() };
                card.subtotals.push((group, at(line, i, v, ind.to_string())));
            }
            i += 1;
            continue;
        }
        let after: Vec<&str> = cells.iter().skip(lay.points + 1).collect();
        let at = after.iter().position(|c| Printed::parse(c).is_some());
        let claimed = at.and_then(|i| Printed::parse(after[i]));
        // the criterion texts stand before the score; a remark (扣分情况) after it
        let text = |cs: &[&str]| {
            cs.iter()
                .map(|c| c.trim())
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
                .join("\t")
        };
        let criterion = text(&after[..at.unwrap_or(after.len())]);
        let remark = at.map(|i| text(&after[i + 1..])).unwrap_or_default();
        card.lines.push(ScoreLine {
            level1: l1.clone(),
            level1_points: l1p.clone(),
            level2: l2.clone(),
            level2_points: l2p.clone(),
            indicator: ind.to_string(),
            points: Printed::parse(pts),
            claimed,
            criterion,
            remark,
            index: i,
            line: line.line,
            page: line.page,
            evidence: line.text.to_string(),
        });
        i += 1;
    }
    (card, i)
}

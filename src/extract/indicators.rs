//! Performance-indicator tables (绩效指标表): one row per 三级指标 with its
//! target (预期指标值/年度指标值) and actual (实际完成值), the group it sits in,
//! and its points, score and status where the table has those columns.
//!
//! Extraction leaves such tables ragged: merged group cells shift a row's
//! cells left, a wrapped name continues on the next line (`设备交付` + `率`), a
//! caption written down the first column leaves fragments (`成 情 况`). So a
//! row is read from the right: the last non-empty cells are actual and
//! target, the one before is the indicator; group words are recognised by
//! name (`patterns/indicators.toml`).

use crate::model::{Cells, Lines};
use crate::num::Printed;
use crate::patterns::IndicatorPatterns;
use aho_corasick::{AhoCorasick, AhoCorasickKind};
use std::collections::HashMap;

/// One indicator row.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorRow {
    pub level1: String,
    pub level2: String,
    pub indicator: String,
    /// As written (spaces collapsed).
    pub target: String,
    pub actual: String,
    pub points: Option<Printed>,
    pub score: Option<Printed>,
    /// A 完成情况 cell, as written.
    pub status: String,
    /// A sentence outside the table calling it achieved: (line, page, text).
    pub said: Option<(u32, Option<u32>, String)>,
    /// Index into `Document::lines`.
    pub index: usize,
    pub line: u32,
    pub page: Option<u32>,
    pub evidence: String,
}

fn key(s: &str) -> String {
    if !s.contains(char::is_whitespace) {
        return s.to_string();
    }
    crate::normalize::chars::without_whitespace(s)
}

/// Where the header's columns are.
struct Header {
    /// The first column holds none of the known headers (a caption).
    caption: bool,
    points: bool,
    score: bool,
    status: bool,
}

fn header(cells: Cells<'_>, p: &IndicatorPatterns) -> Option<Header> {
    // a header names at least the indicator, target and actual columns
    if cells.len() < 3 {
        return None;
    }
    let t = &p.table;
    let has = |words: &[String]| cells.iter().position(|c| words.contains(&key(c)));
    let actual = has(&t.actual_cells)?;
    let target = cells
        .iter()
        .position(|c| t.target_cells.contains(&key(c)) && !t.actual_cells.contains(&key(c)))?;
    has(&t.indicator_cells)?;
    if target > actual {
        return None;
    }
    let after = |words: &[String]| has(words).is_some_and(|c| c > actual);
    let known = |c: &str| {
        let k = key(c);
        [
            &t.indicator_cells,
            &t.target_cells,
            &t.actual_cells,
            &t.level1_words,
            &t.level2_words,
        ]
        .iter()
        .any(|l| l.contains(&k))
            || k.ends_with("指标")
    };
    Some(Header {
        caption: cells.first().is_some_and(|c| !c.trim().is_empty() && !known(c)),
        points: after(&t.points_cells),
        score: after(&t.score_cells),
        status: after(&t.status_cells),
    })
}

/// Every indicator row of every indicator table in the document.
pub fn extract(lines: Lines<'_>, p: &IndicatorPatterns) -> Vec<IndicatorRow> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        match header(lines.at(i).cells(), p) {
            Some(h) => i = read(lines, i + 1, &h, p, &mut out),
            None => i += 1,
        }
    }
    if !out.is_empty() {
        let prose = sentences(lines);
        let names: Vec<&str> = out.iter().map(|r| r.indicator.as_str()).collect();
        let found = said(&prose, &names, p);
        for (row, s) in out.iter_mut().zip(found) {
            row.said = s;
        }
    }
    out
}

/// A sentence outside tables, with its text squeezed of whitespace.
struct Sentence<'a> {
    line: u32,
    page: Option<u32>,
    text: &'a str,
    key: String,
}

/// The document's prose sentences, split once for every indicator's look-up.
fn sentences(lines: Lines<'_>) -> Vec<Sentence<'_>> {
    lines
        .iter()
        .filter(|l| !l.is_table_row())
        .flat_map(|l| {
            l.text.split(['。', '；', ';']).map(move |s| Sentence {
                line: l.line,
                page: l.page,
                text: s,
                key: key(s),
            })
        })
        .collect()
}

/// What `said` finds: (line, page, sentence).
type Said = Option<(u32, Option<u32>, String)>;

/// For each name, the first sentence outside tables that names the indicator
/// (4 characters or more) and calls it achieved (`…完成率均达标准`) after
/// naming it, without a negation. All names are looked up in one pass over
/// the sentences (an Aho–Corasick automaton over the distinct names), so
/// the cost is the prose's length plus the matches, not rows × sentences.
fn said(prose: &[Sentence], names: &[&str], p: &IndicatorPatterns) -> Vec<Said> {
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut pats: Vec<&str> = Vec::new();
    for &n in names {
        if n.chars().count() >= 4 {
            ids.entry(n).or_insert_with(|| {
                pats.push(n);
                pats.len() - 1
            });
        }
    }
    let mut first: Vec<Option<usize>> = vec![None; pats.len()];
    // a contiguous NFA: its search is as exact as a DFA's, and building a DFA
    // over a document's indicator names cost more than the prose's search
    if let Ok(ac) = AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .build(&pats)
    {
        let j = &p.judge;
        let mut left = pats.len();
        // stamp[id] == sentence + 1: the name was already judged there (on
        // its first occurrence, as `find` would)
        let mut stamp = vec![0usize; pats.len()];
        for (si, s) in prose.iter().enumerate() {
            if left == 0 {
                break;
            }
            let k = &s.key;
            let mut negated: Option<bool> = None;
            let mut last_word: Option<Option<usize>> = None;
            for m in ac.find_overlapping_iter(k.as_str()) {
                let id = m.pattern().as_usize();
                if first[id].is_some() || stamp[id] == si + 1 {
                    continue;
                }
                stamp[id] = si + 1;
                if *negated.get_or_insert_with(|| j.negations.iter().any(|w| k.contains(w.as_str()))) {
                    continue;
                }
                // an achieved word after the name: the last one starts there
                let last =
                    *last_word.get_or_insert_with(|| j.achieved_words.iter().filter_map(|w| k.rfind(w.as_str())).max());
                if last.is_some_and(|a| a >= m.end()) {
                    first[id] = Some(si);
                    left -= 1;
                }
            }
        }
    }
    names
        .iter()
        .map(|n| {
            let s = &prose[ids.get(n).and_then(|&i| first[i])?];
            Some((s.line, s.page, s.text.trim().to_string()))
        })
        .collect()
}

fn read(lines: Lines<'_>, mut i: usize, h: &Header, p: &IndicatorPatterns, out: &mut Vec<IndicatorRow>) -> usize {
    let t = &p.table;
    let (mut l1, mut l2) = (String::new(), String::new());
    let mut mine: Vec<IndicatorRow> = Vec::new();
    while i < lines.len() {
        let line = &lines.at(i);
        if line.text.trim().is_empty() {
            i += 1;
            continue;
        }
        let words: Vec<String> = line.cells().iter().map(key).filter(|c| !c.is_empty()).collect();
        let group_only = !words.is_empty()
            && words
                .iter()
                .all(|w| t.level1_words.contains(w) || t.level2_words.contains(w));
        if (!line.is_table_row() && !group_only) || header(line.cells(), p).is_some() {
            break;
        }
        let mut cells: Vec<(usize, String)> = line
            .cells()
            .iter()
            .enumerate()
            .map(|(c, s)| (c, s.split_whitespace().collect::<Vec<_>>().join(" ")))
            .filter(|(_, s)| !s.is_empty())
            .collect();
        // a caption written down the first column
        if h.caption {
            cells.retain(|(c, s)| *c != 0 || t.level1_words.contains(&key(s)) || t.level2_words.contains(&key(s)));
        }
        // group cells, in order
        let levels: Vec<String> = cells
            .iter()
            .map(|(_, s)| key(s))
            .filter(|k| t.level1_words.contains(k) || t.level2_words.contains(k))
            .collect();
        cells.retain(|(_, s)| !t.level1_words.contains(&key(s)) && !t.level2_words.contains(&key(s)));
        match levels.as_slice() {
            [a, b, ..] => {
                l1 = a.clone();
                l2 = b.clone();
            }
            [a] if t.level2_words.contains(a) && (!t.level1_words.contains(a) || !l1.is_empty() && l1 != *a) => {
                l2 = a.clone()
            }
            [a] => {
                l1 = a.clone();
                l2.clear();
            }
            [] => {}
        }
        let mut rest: Vec<String> = cells.into_iter().map(|(_, s)| s).collect();
        let mut status = String::new();
        if h.status && rest.len() >= 4 && Printed::parse(rest[rest.len() - 1].as_str()).is_none() {
            status = rest.pop().unwrap_or_default();
        }
        let mut score = None;
        let mut points = None;
        if h.score && rest.len() >= 4 {
            score = rest.last().and_then(|s| Printed::parse(s));
            if score.is_some() {
                rest.pop();
            }
        }
        if h.points && rest.len() >= 4 {
            points = rest.last().and_then(|s| Printed::parse(s));
            if points.is_some() {
                rest.pop();
            }
        }
        match rest.len() {
            0 => {}
            1 => {
                // a wrapped name continues the row above
                let s = &rest[0];
                if let Some(last) = mine.last_mut() {
                    if s.chars().count() <= 8 && Printed::parse(s).is_none() {
                        last.indicator.push_str(&key(s));
                    }
                }
            }
            n => {
                let (name, target, actual) = if n == 2 {
                    (&rest[0], &rest[1], String::new())
                } else {
                    (&rest[n - 3], &rest[n - 2], rest[n - 1].clone())
                };
                mine.push(IndicatorRow {
                    level1: l1.clone(),
                    level2: l2.clone(),
                    indicator: key(name),
                    target: target.clone(),
                    actual,
                    points,
                    score,
                    status,
                    said: None,
                    index: i,
                    line: line.line,
                    page: line.page,
                    evidence: line.text.to_string(),
                });
            }
        }
        i += 1;
    }
    out.extend(mine);
    i
}

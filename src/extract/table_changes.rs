//! Reads year-comparison tables: a grid whose header names a current-year
//! column, a prior-year column, a change-amount column and/or a change-rate
//! column (`本期 | 上年同期 | 增加额 | 增长率`). Each data row becomes a
//! `ChangeRow` of printed cells, found by the header's roles, not positions.
//!
//! Header words are seen in ../shared/real d15 (医院收支对比表: 本期, 上年同期,
//! 增加额, 增长率) and d03 (三公 table: 2016年, 2015年, 2016年比2015年增减%);
//! two cells naming years (`2016年`, `2015年`) give current (the later) and
//! prior (the earlier).

use crate::model::Document;
use crate::num::Printed;

const CURRENT: &[&str] = &["本期", "本年", "本年数", "本年决算数"];
const PRIOR: &[&str] = &["上年同期", "上年", "上年数", "上年决算数"];
const DELTA: &[&str] = &["增加额", "增减额", "增减"];
const RATE: &[&str] = &["增长率", "增减率", "增减%", "增长%", "增减(%)", "增长(%)"];

/// One data row of a comparison table, with its printed values by role.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeRow {
    pub index: usize,
    pub line: u32,
    pub page: Option<u32>,
    pub item: String,
    pub evidence: String,
    pub current: Printed,
    pub prior: Printed,
    pub delta: Option<Printed>,
    pub rate: Option<Printed>,
    /// Money unit of the table (`元`, `万元`) from a `单位` line just above; empty when none.
    pub unit: &'static str,
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '％' => '%',
            c => c,
        })
        .collect()
}

/// A year named alone by a header cell (`2016年`, `2016年决算数`).
fn year_of(s: &str) -> Option<u32> {
    let d: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    (d.len() == 4 && s[4..].starts_with('年') && !s.contains('比'))
        .then(|| d.parse().ok())
        .flatten()
}

fn value(s: &str) -> Option<Printed> {
    Printed::parse(squash(s).trim_end_matches('%'))
}

#[derive(Default)]
struct Roles {
    current: Option<usize>,
    prior: Option<usize>,
    delta: Option<usize>,
    rate: Option<usize>,
}

fn roles(header: &[String]) -> Option<Roles> {
    let mut r = Roles::default();
    let mut years: Vec<(u32, usize)> = Vec::new();
    for (j, c) in header.iter().enumerate() {
        let c = squash(c);
        if CURRENT.contains(&c.as_str()) {
            r.current.get_or_insert(j);
        } else if PRIOR.contains(&c.as_str()) {
            r.prior.get_or_insert(j);
        } else if DELTA.contains(&c.as_str()) {
            r.delta.get_or_insert(j);
        } else if RATE.iter().any(|w| c.ends_with(w)) {
            r.rate.get_or_insert(j);
        } else if let Some(y) = year_of(&c) {
            years.push((y, j));
        }
    }
    if r.current.is_none() && r.prior.is_none() && years.len() == 2 && years[0].0 != years[1].0 {
        years.sort();
        r.prior = Some(years[0].1);
        r.current = Some(years[1].1);
    }
    (r.current.is_some() && r.prior.is_some() && (r.delta.is_some() || r.rate.is_some())).then_some(r)
}

/// Every data row of every comparison table, in document order.
pub fn extract(doc: &Document) -> Vec<ChangeRow> {
    let mut out = Vec::new();
    for t in doc.tables() {
        let start = t.rows.start;
        let unit = (start.saturating_sub(2)..start)
            .filter_map(|k| doc.lines.get(k))
            .find_map(|l| {
                let s = squash(&l.text);
                let at = s.find("单位")?;
                let rest = &s[at..];
                Some(if rest.contains("万元") {
                    "万元"
                } else if rest.contains('元') {
                    "元"
                } else {
                    ""
                })
            })
            .unwrap_or("");
        let mut found: Option<Roles> = None;
        for i in t.rows.clone() {
            let Some(l) = doc.lines.get(i) else { continue };
            let Some(r) = &found else {
                found = roles(&l.cells);
                continue;
            };
            let cell = |j: Option<usize>| j.and_then(|j| l.cells.get(j)).and_then(|c| value(c));
            let (Some(current), Some(prior)) = (cell(r.current), cell(r.prior)) else {
                continue;
            };
            let item = l.cells.first().map(|c| squash(c)).unwrap_or_default();
            out.push(ChangeRow {
                index: i,
                line: l.line,
                page: l.page,
                item,
                evidence: l.cells.join(" | "),
                current,
                prior,
                delta: cell(r.delta),
                rate: cell(r.rate),
                unit,
            });
        }
    }
    out
}

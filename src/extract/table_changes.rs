//! Reads year-comparison tables: a grid whose header names a current-year
//! column, a prior-year column, a change-amount column and/or a change-rate
//! column (`本期 | 上年同期 | 增加额 | 增长率`), or whose rows are the two years
//! and a change row (d03: `2015年` / `2016年` / `2016年比2015年增减%` under a
//! two-level header). Each item becomes a `ChangeRow` of printed cells, found
//! by the header's roles, not positions. The header words are data:
//! `[table_change]` in patterns/figures.toml.

use crate::model::Document;
use crate::num::Printed;
use crate::patterns::TableChangeWords;

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

/// A year named alone by a header cell (`2016年`, `2016年决算数`).
fn year_of(s: &str) -> Option<u32> {
    let d: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    (d.len() == 4 && s[4..].starts_with('年') && !s.contains('比'))
        .then(|| d.parse().ok())
        .flatten()
}

fn value(s: &str) -> Option<Printed> {
    Printed::parse(TableChangeWords::fold(s).trim_end_matches('%'))
}

#[derive(Default)]
struct Roles {
    current: Option<usize>,
    prior: Option<usize>,
    delta: Option<usize>,
    rate: Option<usize>,
}

fn roles(header: crate::model::Cells<'_>, w: &TableChangeWords) -> Option<Roles> {
    let mut r = Roles::default();
    let mut years: Vec<(u32, usize)> = Vec::new();
    for (j, c) in header.iter().enumerate() {
        let c = TableChangeWords::fold(c);
        if w.current.contains(&c) {
            r.current.get_or_insert(j);
        } else if w.prior.contains(&c) {
            r.prior.get_or_insert(j);
        } else if w.is_rate(&c) {
            r.rate.get_or_insert(j);
        } else if w.is_amount(&c) {
            r.delta.get_or_insert(j);
        } else if let Some(y) = year_of(&c) {
            years.push((y, j));
        }
    }
    years_roles(&mut r, years);
    (r.current.is_some() && r.prior.is_some() && (r.delta.is_some() || r.rate.is_some())).then_some(r)
}

/// Two different years and no named roles: the later is current.
fn years_roles(r: &mut Roles, mut years: Vec<(u32, usize)>) {
    if r.current.is_none() && r.prior.is_none() && years.len() == 2 && years[0].0 != years[1].0 {
        years.sort();
        r.prior = Some(years[0].1);
        r.current = Some(years[1].1);
    }
}

/// The table's money unit from a `单位` line just above it; empty when none.
fn unit_above(doc: &Document, start: usize) -> &'static str {
    (start.saturating_sub(2)..start)
        .filter_map(|k| doc.lines.get(k))
        .find_map(|l| {
            let s = TableChangeWords::fold(l.text);
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
        .unwrap_or("")
}

/// Column `j`'s name from the header rows above `first` (a group cell's
/// text, then its sub-column's: `公车购置及运行维护费/车辆购置`).
fn column_name(doc: &Document, rows: std::ops::Range<usize>, j: usize) -> String {
    let mut parts: Vec<String> = Vec::new();
    for i in rows {
        let Some(l) = doc.lines.get(i) else { continue };
        // the cell over column j: its own, or a merged cell left of it that spans it
        let owner = (0..=j)
            .rev()
            .find(|&k| l.spans().get(k).is_none_or(|s| !s.is_covered()));
        let spans_j = |k: usize| l.spans().get(k).is_none_or(|s| k + usize::from(s.cols) > j);
        let own = owner.is_some_and(spans_j);
        let t = owner
            .and_then(|k| l.cells().get(k))
            .map(TableChangeWords::fold)
            .unwrap_or_default();
        if !t.is_empty() && own && !parts.contains(&t) {
            parts.push(t);
        }
    }
    parts.join("/")
}

/// A table whose rows are the years: `2015年 | …`, `2016年 | …`, and a change
/// row (`2016年比2015年增减%`); its columns are the items.
fn by_rows(
    doc: &Document,
    t: &crate::model::TableView,
    w: &TableChangeWords,
    unit: &'static str,
    out: &mut Vec<ChangeRow>,
) {
    let label = |i: usize| {
        doc.lines
            .get(i)
            .and_then(|l| l.cells().first())
            .map(TableChangeWords::fold)
            .unwrap_or_default()
    };
    let mut years: Vec<(u32, usize)> = Vec::new();
    let mut r = Roles::default();
    for i in t.rows.clone() {
        let c = label(i);
        if let Some(y) = year_of(&c) {
            years.push((y, i));
        } else if w.is_rate(&c) {
            r.rate.get_or_insert(i);
        } else if w.is_amount(&c) {
            r.delta.get_or_insert(i);
        }
    }
    years_roles(&mut r, years);
    let (Some(cur), Some(pri)) = (r.current, r.prior) else {
        return;
    };
    if r.rate.is_none() && r.delta.is_none() {
        return;
    }
    let header = t.rows.start..cur.min(pri);
    let (Some(lc), Some(lp)) = (doc.lines.get(cur), doc.lines.get(pri)) else {
        return;
    };
    let cell = |i: Option<usize>, j: usize| {
        i.and_then(|i| doc.lines.get(i))
            .and_then(|l| l.cells().get(j))
            .and_then(value)
    };
    let at = r.rate.or(r.delta).unwrap_or(cur);
    let Some(la) = doc.lines.get(at) else { return };
    for j in 1..t.columns {
        let (Some(current), Some(prior)) = (cell(Some(cur), j), cell(Some(pri), j)) else {
            continue;
        };
        let item = column_name(doc, header.clone(), j);
        if item.is_empty() {
            continue;
        }
        let show = |l: &crate::model::Line| {
            format!(
                "{} {}",
                l.cells().first().map_or("", |c| c),
                l.cells().get(j).map_or("", |c| c)
            )
        };
        out.push(ChangeRow {
            index: at,
            line: la.line,
            page: la.page,
            item,
            evidence: format!("{}；{}；{}", show(&lp), show(&lc), show(&la)),
            current,
            prior,
            delta: cell(r.delta, j),
            rate: cell(r.rate, j),
            unit,
        });
    }
}

/// Every item of every comparison table, in document order.
pub fn extract(doc: &Document, w: &TableChangeWords) -> Vec<ChangeRow> {
    let mut out = Vec::new();
    for t in doc.tables() {
        let unit = unit_above(doc, t.rows.start);
        let before = out.len();
        let mut found: Option<Roles> = None;
        for i in t.rows.clone() {
            let Some(l) = doc.lines.get(i) else { continue };
            let Some(r) = &found else {
                found = roles(l.cells(), w);
                continue;
            };
            let cell = |j: Option<usize>| j.and_then(|j| l.cells().get(j)).and_then(value);
            let (Some(current), Some(prior)) = (cell(r.current), cell(r.prior)) else {
                continue;
            };
            let item = l.cells().first().map(TableChangeWords::fold).unwrap_or_default();
            out.push(ChangeRow {
                index: i,
                line: l.line,
                page: l.page,
                item,
                evidence: l.cells().join(" | "),
                current,
                prior,
                delta: cell(r.delta),
                rate: cell(r.rate),
                unit,
            });
        }
        if out.len() == before {
            by_rows(doc, &t, w, unit, &mut out);
        }
    }
    out
}

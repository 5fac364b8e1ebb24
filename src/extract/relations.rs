//! Relations: which of a report's figures must agree with which — parts and
//! their whole (`其中`), breakdowns and their total, table total rows and
//! rate columns, rates and their numerator and denominator, changes and
//! their two values, key identities and the balance identity. The ARITH
//! checks test them; what counts as a relation comes from
//! `patterns/figures.toml`.

use super::figures::{tables, Figure};
use super::sentence;
use crate::model::Document;
use crate::patterns::{FigurePatterns, UnitKind};
use std::collections::BTreeMap;

/// What must hold between figures (indices into the figure list).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Relation {
    /// Σ plus − Σ minus = Σ total.
    Sum {
        plus: Vec<usize>,
        minus: Vec<usize>,
        total: Vec<usize>,
    },
    /// Σ parts ≤ whole.
    Part { whole: usize, parts: Vec<usize> },
    /// rate = num / den.
    Ratio { rate: usize, num: usize, den: usize },
    /// current vs base: |current − base| = delta, delta / base = pct.
    /// `decrease` is the direction the amount is stated with (else the
    /// rate's); `pct_decrease` the rate's own, when it has a direction word.
    Change {
        current: usize,
        base: Option<usize>,
        delta: Option<usize>,
        pct: Option<usize>,
        decrease: bool,
        pct_decrease: Option<bool>,
        /// The base is a budget (`与2021年度预算相比`), not last year's figure.
        budget_base: bool,
    },
    /// A completion rate with the gap between spending and budget stated
    /// after it (`…1741.75万元…；完成年初预算100%，决算数大于预算数55.93万元`):
    /// rate = current ÷ (current − excess) when `over`, (current + excess)
    /// when under.
    Excess {
        rate: usize,
        current: usize,
        excess: usize,
        over: bool,
    },
    /// A count of named bodies and the names listed with it (`设9个内设机构，
    /// 分别为：办公室、…`): as many names as the count.
    Named { count: usize, names: Vec<String> },
    /// Shares of one whole (`5.21万元，占67.75%；2.48万元，占32.24%`): together
    /// at most 100%.
    Shares { shares: Vec<usize> },
    /// opening + income − spending = closing.
    Balance {
        opening: usize,
        income: usize,
        spending: usize,
        closing: usize,
    },
}

/// A relation with what the report calls it and how sure the reading is.
#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    pub relation: Relation,
    /// What is related, in the report's words.
    pub item: String,
    /// The relation is inferred (from keys) or declared a warning in the
    /// patterns: a failure is a warning, not an error.
    pub warning: bool,
    /// A sentence next to the figures that explains a gap.
    pub explanation: Option<String>,
    /// The figure the finding points at.
    pub anchor: usize,
    /// The anchor's line text.
    pub evidence: String,
}

struct Builder<'a> {
    doc: &'a Document,
    figs: &'a [Figure],
    p: &'a FigurePatterns,
    out: Vec<Related>,
    /// Per (key, scope): the first figure, when every figure of that key and
    /// scope states one value (None when they differ). Built once, so a rate
    /// looks up its denominator in constant time.
    single: BTreeMap<(String, String), Option<usize>>,
    /// The relations pushed so far, so a repeat is dropped in constant time.
    seen: std::collections::HashSet<Relation>,
}

impl Builder<'_> {
    fn push(&mut self, relation: Relation, item: String, warning: bool, anchor: usize) {
        if !self.seen.insert(relation.clone()) {
            return;
        }
        let explanation = self.explain(&relation, anchor);
        let evidence = self.doc.lines.at(self.figs[anchor].index).text.to_string();
        self.out.push(Related {
            relation,
            item,
            warning,
            explanation,
            anchor,
            evidence,
        });
    }

    /// `parts` add up to the figure `total`, which the finding points at.
    fn total(&mut self, parts: Vec<usize>, total: usize, item: String) {
        let relation = Relation::Sum {
            plus: parts,
            minus: Vec::new(),
            total: vec![total],
        };
        self.push(relation, item, false, total);
    }

    /// Figures of a relation.
    fn members(r: &Relation) -> Vec<usize> {
        match r {
            Relation::Sum { plus, minus, total } => plus.iter().chain(minus).chain(total).copied().collect(),
            Relation::Part { whole, parts } => std::iter::once(*whole).chain(parts.iter().copied()).collect(),
            Relation::Ratio { rate, num, den } => vec![*rate, *num, *den],
            Relation::Change {
                current,
                base,
                delta,
                pct,
                ..
            } => std::iter::once(*current)
                .chain(*base)
                .chain(*delta)
                .chain(*pct)
                .collect(),
            Relation::Excess {
                rate, current, excess, ..
            } => vec![*rate, *current, *excess],
            Relation::Named { count, .. } => vec![*count],
            Relation::Shares { shares } => shares.clone(),
            Relation::Balance {
                opening,
                income,
                spending,
                closing,
            } => vec![*opening, *income, *spending, *closing],
        }
    }

    /// A sentence explaining a gap: in the anchor's paragraph or the next,
    /// holding one of the relation's figures or naming two of them.
    fn explain(&self, r: &Relation, anchor: usize) -> Option<String> {
        let members = Self::members(r);
        let at = &self.figs[anchor];
        if at.is_table() {
            return None;
        }
        let labels: Vec<String> = members
            .iter()
            .map(|&m| self.p.squash(&self.figs[m].label))
            .filter(|l| l.chars().count() >= 2)
            .collect();
        for li in [at.index, at.index + 1] {
            let Some(line) = self.doc.lines.get(li) else { break };
            if line.is_table_row() {
                break;
            }
            // the next numbered item (`2.公务接待费…`, d25 d29) explains its own figures
            if li > at.index && list_numbered(line.text) {
                break;
            }
            let text = line.text;
            let mut s = 0;
            while s < text.len() {
                let e = sentence::end(text, s);
                let sentence = &text[s..e];
                if self.p.explanation_words.iter().any(|w| sentence.contains(w.as_str())) {
                    let holds = members.iter().any(|&m| {
                        self.figs[m].index == li
                            && !self.figs[m].is_table()
                            && self.figs[m].at >= s
                            && self.figs[m].at < e
                    });
                    let squashed = self.p.squash(sentence);
                    let named = labels.iter().filter(|l| squashed.contains(l.as_str())).count();
                    if holds || named >= 2 {
                        return Some(sentence.trim().to_string());
                    }
                }
                s = e + text[e..].chars().next().map(char::len_utf8).unwrap_or(0);
            }
        }
        None
    }
}

/// Can two figures be added or compared? Money converts between 元, 万元
/// and 亿元; counts and areas only compare in the same unit (人 with 人).
fn comparable(a: &Figure, b: &Figure) -> bool {
    a.kind == b.kind && (a.kind == UnitKind::Money || a.kind == UnitKind::Rate || a.unit == b.unit)
}

/// Does a reference (`预算`, `财政拨款支出`) name this label?
fn names(p: &FigurePatterns, reference: &str, label: &str) -> bool {
    let a = p.squash(&p.clean_label(reference));
    let b = p.squash(label);
    a.chars().count() >= 2 && b.chars().count() >= 2 && (b.contains(a.as_str()) || a.contains(b.as_str()))
}

/// Every relation among `figs` (as extracted from `doc`).
pub fn extract(doc: &Document, figs: &[Figure], blocks: &[tables::Block], p: &FigurePatterns) -> Vec<Related> {
    let mut single: BTreeMap<(String, String), Option<usize>> = BTreeMap::new();
    for (k, f) in figs.iter().enumerate() {
        if f.key.is_empty() || f.approx {
            continue;
        }
        single
            .entry((f.key.clone(), f.scope.clone()))
            .and_modify(|e| {
                if e.is_some_and(|first| figs[first].value() != f.value()) {
                    *e = None;
                }
            })
            .or_insert(Some(k));
    }
    let mut b = Builder {
        doc,
        figs,
        p,
        out: Vec::new(),
        single,
        seen: std::collections::HashSet::new(),
    };
    let mut by_line: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (k, f) in figs.iter().enumerate() {
        if !f.is_table() {
            by_line.entry(f.index).or_default().push(k);
        }
    }
    let mut by_row: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (k, f) in figs.iter().enumerate() {
        if f.col.is_some() {
            by_row.entry(f.index).or_default().push(k);
        }
    }
    for block in blocks {
        table(&mut b, block, &by_row);
    }
    for (&li, on) in &by_line {
        let text = doc.lines.at(li).text;
        rates(&mut b, text, on);
        groups(&mut b, text, on);
        parts(&mut b, text, on);
        identities(&mut b, on);
        changes(&mut b, text, on);
        paired_changes(&mut b, text, on);
        shares(&mut b, text, on);
        excess(&mut b, text, on);
        named_counts(&mut b, text, on);
        zero_against_table(&mut b, text, on);
    }
    balance(&mut b);
    b.out
}

/// Total rows, rate columns and `其中` columns of one table block. `by_row`
/// holds each row's table figures in figure order, so a block reads only its
/// own rows; every column summary is computed once.
fn table(b: &mut Builder, block: &tables::Block, by_row: &BTreeMap<usize, Vec<usize>>) {
    let p = b.p;
    let mut cell: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let rows: std::collections::BTreeSet<usize> = block.rows.iter().copied().collect();
    for r in &rows {
        for &k in by_row.get(r).map(Vec::as_slice).unwrap_or_default() {
            let f = &b.figs[k];
            if let (Some(c), false) = (f.col, f.approx) {
                cell.insert((f.index, c), k);
            }
        }
    }
    // A row's cells in column order.
    let row_cells = |r: usize| cell.range((r, 0)..=(r, usize::MAX)).map(|(&(_, c), &k)| (c, k));
    // Each column's kind: its first row's figure's.
    let mut kinds: BTreeMap<usize, UnitKind> = BTreeMap::new();
    for (&(_, c), &k) in &cell {
        kinds.entry(c).or_insert(b.figs[k].kind);
    }
    let cols: Vec<usize> = kinds.keys().copied().collect();
    let kind_of = |c: usize| kinds.get(&c).copied();
    // Total columns: `合计` adds up the leaf columns of its row; a `小计`
    // sub-column adds up its siblings under the same spanning header.
    let empty: Vec<String> = Vec::new();
    let head = |c: usize| block.headers.get(c).unwrap_or(&empty);
    // A `合计` under a spanning header is that group's subtotal, as `小计` is
    // (d03: 公车购置及运行维护费 over 合计 | 车辆购置 | 车辆运行).
    let is_sub = |c: usize| {
        head(c)
            .get(1)
            .is_some_and(|s| p.subtotal_labels.iter().any(|w| w == s) || tables::is_total(s, p))
    };
    let money: Vec<usize> = cols
        .iter()
        .copied()
        .filter(|&c| kind_of(c) == Some(UnitKind::Money))
        .collect();
    let total_cols: Vec<usize> = money
        .iter()
        .copied()
        .filter(|&c| head(c).first().is_some_and(|h| tables::is_total(h, p)))
        .collect();
    let total_set: std::collections::BTreeSet<usize> = total_cols.iter().copied().collect();
    let leaf_set: std::collections::BTreeSet<usize> = money
        .iter()
        .copied()
        .filter(|&c| !total_set.contains(&c) && !is_sub(c) && !head(c).get(1).is_some_and(|s| s.starts_with("其中")))
        .collect();
    let sub_set: std::collections::BTreeSet<usize> = money.iter().copied().filter(|&c| is_sub(c)).collect();
    let is_money = |k: usize| b.figs[k].kind == UnitKind::Money;
    for &r in &block.rows {
        // only amounts add up: a change-rate row (`2016年比2015年增减%`, d03)
        // under the same columns holds rates
        let at = |c: &usize| cell.get(&(r, *c)).copied().filter(|&k| is_money(k));
        if let [t] = total_cols.as_slice() {
            let leaves: Vec<usize> = row_cells(r)
                .filter(|&(c, k)| leaf_set.contains(&c) && is_money(k))
                .map(|(_, k)| k)
                .collect();
            if let (Some(tf), true) = (at(t), leaves.len() >= 2) {
                b.total(leaves, tf, b.figs[tf].label.clone());
            }
        }
        if sub_set.is_empty() {
            continue;
        }
        // This row's leaf figures under each top header, in column order.
        let mut under: BTreeMap<Option<&String>, Vec<usize>> = BTreeMap::new();
        for (c, k) in row_cells(r) {
            if leaf_set.contains(&c) && is_money(k) {
                under.entry(head(c).first()).or_default().push(k);
            }
        }
        let subs: Vec<(usize, usize)> = row_cells(r)
            .filter(|&(c, k)| sub_set.contains(&c) && is_money(k))
            .collect();
        for (sc, sf) in subs {
            let siblings = under.get(&head(sc).first()).cloned().unwrap_or_default();
            if siblings.len() >= 2 {
                b.total(siblings, sf, b.figs[sf].label.clone());
            }
        }
    }
    // Each column's figures, in the block's row order.
    let mut in_cols: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
    for &r in &block.rows {
        for (c, k) in row_cells(r) {
            in_cols.entry(c).or_default().push((r, k));
        }
    }
    // A `其中` column's parent: the nearest column on its left with the same
    // top header that is not a `其中` column itself.
    let qizhong = |h: &Vec<String>| h.get(1).is_some_and(|s| s.starts_with("其中"));
    let mut parent_of: Vec<Option<usize>> = Vec::with_capacity(block.headers.len());
    let mut last: BTreeMap<Option<&String>, usize> = BTreeMap::new();
    for (c, h) in block.headers.iter().enumerate() {
        parent_of.push(last.get(&h.first()).copied());
        if !qizhong(h) {
            last.insert(h.first(), c);
        }
    }
    // A rate column's numerator and denominator columns: by their headers,
    // nearest on the left among the non-rate columns.
    let has = |h: &str, words: &[String]| words.iter().any(|w| h.contains(w.as_str()));
    let mut num_den: BTreeMap<usize, (Option<usize>, Option<usize>)> = BTreeMap::new();
    let (mut last_num, mut last_den) = (None, None);
    for &c in &cols {
        if kind_of(c) == Some(UnitKind::Rate) {
            num_den.insert(c, (last_num, last_den));
        } else {
            let h = block.header(c);
            let den = has(&h, &p.denominator_words);
            if den {
                last_den = Some(c);
            }
            if has(&h, &p.numerator_words) && !den {
                last_num = Some(c);
            }
        }
    }
    let none: Vec<(usize, usize)> = Vec::new();
    for &c in &cols {
        let Some(kind) = kind_of(c) else { continue };
        let col = in_cols.get(&c).unwrap_or(&none);
        let in_col: Vec<usize> = col.iter().map(|&(_, k)| k).collect();
        if kind != UnitKind::Rate {
            let totals: Vec<usize> = in_col
                .iter()
                .copied()
                .filter(|&k| tables::is_total(&b.figs[k].phrase, p))
                .collect();
            let leaves: Vec<usize> = in_col
                .iter()
                .copied()
                .filter(|&k| {
                    let l = &b.figs[k].phrase;
                    !tables::is_total(l, p)
                        && !p.subtotal_labels.iter().any(|s| l.contains(s.as_str()))
                        && !l.starts_with("其中")
                })
                .collect();
            // numbered rows (1. 2. 3.) are the parts; an unnumbered row among
            // them continues the `其中` above it (`其中:运行费` / `购置费`)
            let numbered: Vec<usize> = leaves
                .iter()
                .copied()
                .filter(|&k| list_numbered(&b.figs[k].phrase))
                .collect();
            let leaves = if numbered.len() >= 2 { numbered } else { leaves };
            if totals.len() == 1 && leaves.len() >= 2 {
                let t = totals[0];
                b.total(leaves, t, b.figs[t].label.clone());
            }
            qizhong_rows(b, block, c, col, by_row);
            // A `其中` column is part of the column to its left with the same top header.
            let h = head(c);
            if h.len() == 2 && qizhong(h) {
                if let Some(pc) = parent_of.get(c).copied().flatten() {
                    for &(r, part) in col {
                        if let Some(&w) = cell.get(&(r, pc)) {
                            b.push(
                                Relation::Part {
                                    whole: w,
                                    parts: vec![part],
                                },
                                b.figs[part].label.clone(),
                                false,
                                part,
                            );
                        }
                    }
                }
            }
            continue;
        }
        let Some(&(Some(nc), Some(dc))) = num_den.get(&c) else {
            continue;
        };
        for &(r, rate) in col {
            if let (Some(&n), Some(&d)) = (cell.get(&(r, nc)), cell.get(&(r, dc))) {
                if comparable(&b.figs[n], &b.figs[d]) {
                    b.push(
                        Relation::Ratio { rate, num: n, den: d },
                        b.figs[rate].label.clone(),
                        false,
                        rate,
                    );
                }
            }
        }
    }
}

/// A `其中` row list in one amount column: a row, the `其中:A` row right
/// under it and the unnumbered rows after that (`1、总收入 / 其中:医疗收入 /
/// 财政拨款收入 / 其他收入 / 2、总支出`, d15; `公务用车购置及运行维护费 /
/// 其中:公务用车运行维护费 / 公务用车购置费`, the 三公 tables of d19 and d25;
/// the project form's `年度资金总额 / 其中:本年财政拨款 / 上年结转 / 其他资金`):
/// the parts add up to the row above. A `其中` list may leave a part out, so
/// a gap is a warning. Change columns (`增加额`) are not summed: their
/// rounding and signs follow the two years'.
fn qizhong_rows(
    b: &mut Builder,
    block: &tables::Block,
    c: usize,
    col: &[(usize, usize)],
    by_row: &BTreeMap<usize, Vec<usize>>,
) {
    let p = b.p;
    let header = block.header(c);
    if p.table_change.is_amount(&header) || p.table_change.is_rate(&header) {
        return;
    }
    let label = |r: usize| -> String {
        by_row
            .get(&r)
            .and_then(|ks| ks.first())
            .map(|&k| b.figs[k].phrase.clone())
            .unwrap_or_else(|| {
                b.doc
                    .lines
                    .at(r)
                    .cells()
                    .iter()
                    .map(|s| s.trim())
                    .find(|s| !s.is_empty())
                    .unwrap_or_default()
                    .to_string()
            })
    };
    let at: BTreeMap<usize, usize> = col.iter().copied().collect();
    let rows = &block.rows;
    let mut n = 1;
    while n < rows.len() {
        let l = label(rows[n]);
        let Some(first) = l.strip_prefix("其中").map(|s| s.trim_start_matches(['：', ':', ' '])) else {
            n += 1;
            continue;
        };
        let whole_row = rows[n - 1];
        let whole_label = label(whole_row);
        let mut parts_rows = vec![rows[n]];
        let mut m = n + 1;
        while m < rows.len() {
            let l = label(rows[m]);
            if l.is_empty() || l.starts_with("其中") || list_numbered(&l) || tables::is_total(&l, p) {
                break;
            }
            parts_rows.push(rows[m]);
            m += 1;
        }
        n = m;
        if first.is_empty() || whole_label.starts_with("其中") || parts_rows.len() < 2 {
            continue;
        }
        let (Some(&w), Some(parts)) = (
            at.get(&whole_row),
            parts_rows
                .iter()
                .map(|r| at.get(r).copied())
                .collect::<Option<Vec<usize>>>(),
        ) else {
            continue;
        };
        let figs = b.figs;
        if figs[w].kind != UnitKind::Money || parts.iter().any(|&k| !comparable(&figs[k], &figs[w])) {
            continue;
        }
        let relation = Relation::Sum {
            plus: parts,
            minus: Vec::new(),
            total: vec![w],
        };
        b.push(relation, figs[w].label.clone(), true, w);
    }
}

/// Rates against a stated reference (`完成预算的 79.83%`), and rate keys
/// with their numerator and denominator keys in the same paragraph.
fn rates(b: &mut Builder, text: &str, on: &[usize]) {
    let p = b.p;
    let figs = b.figs;
    for &r in on {
        let rf = &figs[r];
        if rf.kind != UnitKind::Rate || rf.approx {
            continue;
        }
        let s0 = sentence::start(text, rf.at);
        let before = &text[s0..rf.at];
        let reference = p
            .rate_patterns
            .iter()
            .find_map(|re| re.captures(before))
            .and_then(|c| c.name("ref"));
        if let Some(m) = reference {
            let (rs, re) = (s0 + m.start(), s0 + m.end());
            let inside = on
                .iter()
                .copied()
                .rev()
                .find(|&k| figs[k].kind != UnitKind::Rate && figs[k].at >= rs && figs[k].end <= re);
            let named = |f: &Figure| f.kind != UnitKind::Rate && !f.prior && names(p, m.as_str(), &f.label);
            let den = inside.or_else(|| {
                figs[..r]
                    .iter()
                    .enumerate()
                    .rev()
                    .take_while(|(_, f)| f.index + 15 >= rf.index)
                    .find(|(_, f)| named(f) && !(f.index == rf.index && f.at >= rs))
                    .map(|(k, _)| k)
            });
            let Some(d) = den else { continue };
            let num = on.iter().copied().rev().find(|&k| {
                let f = &figs[k];
                k != d
                    && f.at >= s0
                    && f.at < rf.at
                    && !(f.at >= rs && f.end <= re)
                    && comparable(f, &figs[d])
                    && !f.prior
            });
            if let Some(n) = num {
                if !figs[n].approx && !figs[d].approx {
                    let item = if rf.label.is_empty() {
                        figs[d].label.clone()
                    } else {
                        rf.label.clone()
                    };
                    b.push(
                        Relation::Ratio {
                            rate: r,
                            num: n,
                            den: d,
                        },
                        item,
                        false,
                        r,
                    );
                }
            }
            continue;
        }
        let Some(ratio) = p.ratios.iter().find(|x| x.rate == rf.key) else {
            continue;
        };
        let last_with = |key: &str| {
            on.iter()
                .copied()
                .rev()
                .find(|&k| figs[k].at < rf.at && figs[k].key == key)
        };
        let num = last_with(&ratio.numerator);
        // The denominator in the paragraph, else stated once (one value) in
        // the report, in the rate's scope (r13: the funds arranged are stated
        // a section before the rate paid).
        let anywhere = |key: &str| {
            b.single
                .get(&(key.to_string(), rf.scope.clone()))
                .copied()
                .flatten()
                .filter(|&first| figs[first].index < rf.index)
        };
        let den = ratio
            .denominator
            .iter()
            .find_map(|d| last_with(d))
            .or_else(|| ratio.denominator.iter().find_map(|d| anywhere(d)));
        if let (Some(n), Some(d)) = (num, den) {
            if !figs[n].approx && !figs[d].approx {
                b.push(
                    Relation::Ratio {
                        rate: r,
                        num: n,
                        den: d,
                    },
                    rf.label.clone(),
                    true,
                    r,
                );
            }
        }
    }
}

/// Breakdowns by source and by nature under a stage: they add up to the
/// stage's headline figure, or (in a budget) to each other.
fn groups(b: &mut Builder, text: &str, on: &[usize]) {
    let p = b.p;
    let figs = b.figs;
    // (stage, dimension) → items in order.
    let mut found: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for &k in on {
        let f = &figs[k];
        for s in &p.stages {
            if let Some(item) = f.key.strip_prefix(&format!("{}.", s.key)).and_then(|i| p.item(i)) {
                found
                    .entry((s.key.clone(), item.dimension().to_string()))
                    .or_default()
                    .push(k);
            }
        }
    }
    let tops = |items: &[usize]| -> Vec<usize> {
        items
            .iter()
            .copied()
            .filter(|&k| {
                let own = figs[k].key.split('.').skip(2).collect::<Vec<_>>().join(".");
                let within = p.item(&own).and_then(|i| i.within.clone());
                match within {
                    Some(w) => !items.iter().any(|&o| figs[o].key.ends_with(&format!(".{w}"))),
                    None => true,
                }
            })
            .collect()
    };
    for ((stage, _dim), items) in &found {
        if items.iter().any(|&k| figs[k].approx) {
            continue;
        }
        let top = tops(items);
        if top.len() < 2 {
            continue;
        }
        let first = &figs[items[0]];
        let head = on
            .iter()
            .copied()
            .rev()
            .find(|&k| figs[k].key == *stage && figs[k].at < first.at && !figs[k].approx);
        let Some(h) = head else { continue };
        let between = &text[figs[h].end..first.at];
        let cue = |words: &[String]| {
            words
                .iter()
                .filter_map(|w| between.rfind(w.as_str()).map(|at| (at, w.clone())))
                .max_by_key(|x| x.0)
        };
        let complete = cue(&p.complete_cues);
        let partial = cue(&p.part_cues);
        let whole_is_total = p.total_words.iter().any(|w| figs[h].phrase.contains(w.as_str()));
        let is_complete = match (&complete, &partial) {
            (Some(c), Some(q)) => c.0 > q.0 || whole_is_total,
            (Some(_), None) => true,
            (None, Some(_)) => whole_is_total,
            (None, None) => false,
        };
        if is_complete {
            let item = complete.map(|c| c.1).unwrap_or_else(|| figs[h].label.clone());
            b.total(top, h, item);
        } else {
            b.push(Relation::Part { whole: h, parts: top }, figs[h].label.clone(), false, h);
        }
    }
    // A budget with no headline: its sources and its uses balance.
    for s in p.stages.iter().filter(|s| s.balanced) {
        let (Some(src), Some(nat)) = (
            found.get(&(s.key.clone(), "source".into())),
            found.get(&(s.key.clone(), "nature".into())),
        ) else {
            continue;
        };
        if on.iter().any(|&k| figs[k].key == s.key) || src.iter().chain(nat).any(|&k| figs[k].approx) {
            continue;
        }
        let (a, n) = (tops(src), tops(nat));
        if a.len() >= 2 && n.len() >= 2 {
            let anchor = n[n.len() - 1];
            b.push(
                Relation::Sum {
                    plus: a,
                    minus: Vec::new(),
                    total: n,
                },
                "资金来源合计与支出合计".into(),
                false,
                anchor,
            );
        }
    }
}

/// Is the figure a change against another year (a direction word right
/// before it: `同比增加 52044.27 元`)? Such a figure is neither a whole nor a part.
fn is_change(p: &FigurePatterns, figs: &[Figure], text: &str, k: usize) -> bool {
    let f = &figs[k];
    let from = text[..f.at]
        .char_indices()
        .rev()
        .find(|(_, c)| p.clause_breaks.contains(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    p.direction_before(&text[from..f.at]).is_some()
}

/// `X 万元，其中 A、B、C`: each part, and the parts together, within the whole.
fn parts(b: &mut Builder, text: &str, on: &[usize]) {
    let p = b.p;
    let figs = b.figs;
    let change = |k: usize| is_change(p, figs, text, k);
    let mut cues: Vec<(usize, usize)> = Vec::new();
    for c in &p.part_cues {
        for (q, _) in super::occurrences(text, c.as_str()) {
            let prev = text[..q].trim_end().chars().next_back();
            if prev.is_none_or(|ch| p.clause_breaks.contains(&ch)) {
                cues.push((q, q + c.len()));
            }
        }
    }
    cues.sort_unstable();
    for (n, &(q, qe)) in cues.iter().enumerate() {
        let mut s0 = sentence::start(text, q);
        // `…共完成预算资金89.97万元。其中：30万元…；29.99万元…。` (r03, r04): the
        // list opens a sentence of its own; its whole ends the sentence before,
        // and its parts run to the full stop.
        let opens = text[s0..q].trim().is_empty() && s0 > 0;
        let mut end = sentence::end(text, qe);
        if opens {
            // the stop ending the sentence before: start from its first byte
            let mut stop = s0 - 1;
            while stop > 0 && !text.is_char_boundary(stop) {
                stop -= 1;
            }
            s0 = sentence::start(text, stop);
            end = text[qe..]
                .find(['。', '！', '？', '!', '?'])
                .map_or(text.len(), |k| qe + k);
        }
        let Some(w) = on
            .iter()
            .copied()
            .rev()
            .find(|&k| figs[k].at >= s0 && figs[k].end <= q && figs[k].kind != UnitKind::Rate && !change(k))
        else {
            continue;
        };
        let opened = text[s0..q].matches(['（', '(']).count();
        let closed = text[s0..q].matches(['）', ')']).count();
        if opened > closed {
            if let Some(k) = text[qe..].find(['）', ')']) {
                end = end.min(qe + k);
            }
        }
        if let Some(&(next, _)) = cues.get(n + 1) {
            end = end.min(next);
        }
        let whole = &figs[w];
        let ps: Vec<usize> = on
            .iter()
            .copied()
            .filter(|&k| figs[k].at >= qe && figs[k].end <= end && comparable(&figs[k], whole))
            .filter(|&k| !change(k))
            .collect();
        if ps.is_empty() || whole.approx {
            continue;
        }
        for &k in ps.iter().filter(|&&k| !figs[k].approx) {
            b.push(
                Relation::Part {
                    whole: w,
                    parts: vec![k],
                },
                figs[k].label.clone(),
                false,
                k,
            );
        }
        if ps.len() >= 2 && ps.iter().all(|&k| !figs[k].approx) {
            // Staff by group (在职、离休、退休…): every part a staff key, the list is complete.
            let staff = whole.kind == UnitKind::Count
                && ps
                    .iter()
                    .all(|&k| figs[k].key.starts_with("staff.") && figs[k].key != "staff.quota");
            if p.total_words.iter().any(|t| whole.phrase.contains(t.as_str())) || staff {
                b.total(ps, w, whole.label.clone());
            } else if p.likely_total_words.iter().any(|t| whole.phrase.contains(t.as_str())) {
                let relation = Relation::Sum {
                    plus: ps,
                    minus: Vec::new(),
                    total: vec![w],
                };
                b.push(relation, whole.label.clone(), true, w);
            } else {
                b.push(Relation::Part { whole: w, parts: ps }, whole.label.clone(), true, w);
            }
        }
    }
}

/// Key identities in one paragraph, and bounds (`spending ≤ budget`).
fn identities(b: &mut Builder, on: &[usize]) {
    let p = b.p;
    let figs = b.figs;
    let one = |key: &str| -> Option<usize> {
        let mut it = on.iter().copied().filter(|&k| figs[k].key == key && !figs[k].approx);
        let first = it.next()?;
        it.all(|k| figs[k].value() == figs[first].value()).then_some(first)
    };
    for id in &p.identities {
        let Some(t) = one(&id.total) else { continue };
        let mut plus = Vec::new();
        let mut minus = Vec::new();
        let mut all = true;
        for part in &id.parts {
            let (neg, key) = match part.strip_prefix('-') {
                Some(k) => (true, k),
                None => (false, part.as_str()),
            };
            match one(key) {
                Some(k) => {
                    let negative = p.negative_words.iter().any(|w| figs[k].phrase.contains(w.as_str()));
                    if neg ^ negative {
                        minus.push(k);
                    } else {
                        plus.push(k);
                    }
                }
                None => all = false,
            }
        }
        if all {
            b.push(
                Relation::Sum {
                    plus,
                    minus,
                    total: vec![t],
                },
                figs[t].label.clone(),
                false,
                t,
            );
        }
    }
    for bound in &p.bounds {
        let Some(part) = one(&bound.part) else { continue };
        let Some(whole) = bound.whole.iter().find_map(|w| one(w)) else {
            continue;
        };
        let item = format!("{}与{}", figs[part].label, figs[whole].label);
        b.push(
            Relation::Part {
                whole,
                parts: vec![part],
            },
            item,
            bound.warning,
            part,
        );
    }
}

/// Changes against another year, found by the role of each figure, not its
/// place: in a sentence with a change cue (`比上年`, `同比`, `与…相比`, `增收`),
/// a figure right after a direction word (`增加 52044.27 元`, `增长 50.63%`,
/// `减少0.1万元`) is the change — a rate is its rate, anything else its
/// amount; a run of such figures is one change. The current value is the
/// nearest figure before the run that is neither a change nor another
/// year's; inside a `其中` list the change belongs to the list's whole
/// (d11), which makes the reading a warning. A figure inside the cue's base
/// (`与2020年决算数501.24万元相比`) is the base.
fn changes(b: &mut Builder, text: &str, on: &[usize]) {
    let p = b.p;
    let figs = b.figs;
    // (cue start, base span when it holds text)
    let mut cues: Vec<(usize, Option<(usize, usize)>)> = Vec::new();
    for re in &p.change_patterns {
        for c in re.captures_iter(text) {
            let (Some(m), Some(base_m)) = (c.get(0), c.name("base")) else {
                continue;
            };
            let base = (!base_m.as_str().trim().is_empty()).then(|| (base_m.start(), base_m.end()));
            cues.push((m.start(), base));
        }
    }
    if cues.is_empty() {
        return;
    }
    cues.sort_unstable();
    // Each figure's direction word, and whether a cue opens before it in its sentence.
    let dir_of = |n: usize| -> Option<bool> {
        let f = &figs[on[n]];
        let s0 = sentence::start(text, f.at);
        if !cues.iter().any(|&(c, _)| c >= s0 && c < f.at) {
            return None;
        }
        let from = if n > 0 && figs[on[n - 1]].end <= f.at {
            figs[on[n - 1]].end.max(s0)
        } else {
            s0
        };
        p.direction_before(&text[from..f.at])
    };
    let dirs: Vec<Option<bool>> = (0..on.len()).map(dir_of).collect();
    let in_base = |k: usize| {
        cues.iter()
            .filter_map(|&(_, b)| b)
            .any(|(a, e)| figs[k].at >= a && figs[k].end <= e)
    };
    let mut n = 0;
    while n < on.len() {
        if dirs[n].is_none() {
            n += 1;
            continue;
        }
        let first = n;
        let s0 = sentence::start(text, figs[on[n]].at);
        let mut run = vec![n];
        n += 1;
        while n < on.len() && dirs[n].is_some() && sentence::start(text, figs[on[n]].at) == s0 {
            run.push(n);
            n += 1;
        }
        let delta_n = run.iter().copied().find(|&r| figs[on[r]].kind != UnitKind::Rate);
        let pct_n = run.iter().copied().find(|&r| figs[on[r]].kind == UnitKind::Rate);
        let delta = delta_n.map(|r| on[r]);
        let pct = pct_n.map(|r| on[r]);
        let (Some(lead), true) = (delta.or(pct), run.len() <= 3) else {
            continue;
        };
        let start_at = figs[on[first]].at;
        // Not a rate's reference (`完成全年预算数601万元的63.48%`): that is an
        // object of the sentence, not its subject.
        let usable = |k: usize| {
            let f = &figs[k];
            f.at >= s0
                && f.end <= start_at
                && !f.prior
                && !f.approx
                && !in_base(k)
                && f.kind != UnitKind::Rate
                && !text[f.end..].trim_start().starts_with('的')
        };
        let like = |k: usize| match delta {
            Some(d) => comparable(&figs[k], &figs[d]),
            None => figs[k].kind != UnitKind::Rate,
        };
        let before: Vec<usize> = (0..first)
            .filter(|&m| dirs[m].is_none() && usable(on[m]) && like(on[m]))
            .map(|m| on[m])
            .collect();
        let Some(&nearest) = before.last() else { continue };
        // A `其中` list between the whole and the change: the change is the whole's.
        let cue = p
            .part_cues
            .iter()
            .filter_map(|c| text[s0..figs[nearest].at].rfind(c.as_str()).map(|k| s0 + k))
            .max();
        let (cur, unsure) = match cue {
            Some(q) => match before.iter().copied().rev().find(|&k| figs[k].end <= q) {
                Some(w) => (w, true),
                None => (nearest, true),
            },
            None => (nearest, false),
        };
        let base = on
            .iter()
            .copied()
            .find(|&k| in_base(k) && figs[k].at >= s0 && figs[k].end <= start_at && comparable(&figs[k], &figs[cur]));
        let checkable = matches!(
            (base, delta, pct),
            (Some(_), Some(_), _) | (Some(_), None, Some(_)) | (None, Some(_), Some(_))
        );
        if !checkable
            || [Some(cur), base, delta, pct]
                .into_iter()
                .flatten()
                .any(|k| figs[k].approx)
        {
            continue;
        }
        let decrease = delta_n.or(pct_n).and_then(|r| dirs[r]).unwrap_or(false);
        let pct_decrease = pct_n.and_then(|r| dirs[r]);
        // the run's cue: the last one opening before it in its sentence
        let budget_base = cues
            .iter()
            .rfind(|&&(c, _)| c >= s0 && c < start_at)
            .and_then(|&(_, span)| span)
            .is_some_and(|(a, e)| p.budget_base_words.iter().any(|w| text[a..e].contains(w.as_str())));
        b.push(
            Relation::Change {
                current: cur,
                base,
                delta,
                pct,
                decrease,
                pct_decrease,
                budget_base,
            },
            figs[cur].label.clone(),
            unsure,
            lead,
        );
    }
}

/// Changes of paired values (`收、支总计各是A,B万元。与上年相比，收、支总计
/// 各减少C,D万元，各下降a%、b%。` d05; `分别为…`, `各…`: the [number]
/// paired_markers, seen in d03, d05, r12): pairs of figures joined by a
/// separator after a pair marker, a pair without a direction word the
/// values, the next pair with one the change amounts, a pair of rates with one
/// the change rates; value i changes by amount i and rate i. Inferred, so a
/// failure is a warning.
fn paired_changes(b: &mut Builder, text: &str, on: &[usize]) {
    let p = b.p;
    let figs = b.figs;
    let mut order: Vec<usize> = on.iter().copied().filter(|&k| !figs[k].prior).collect();
    order.sort_by_key(|&k| figs[k].at);
    // (first, second, direction) of each pair, in reading order
    let mut pairs: Vec<(usize, usize, Option<bool>)> = Vec::new();
    let mut n = 0;
    while n + 1 < order.len() {
        let (a, c) = (order[n], order[n + 1]);
        let (fa, fc) = (&figs[a], &figs[c]);
        let joined = fa.end <= fc.at && matches!(text[fa.end..fc.at].trim(), "," | "，" | "、" | "和");
        let clause = text[..fa.at]
            .char_indices()
            .rev()
            .find(|(_, ch)| p.clause_breaks.contains(ch))
            .map_or(0, |(i, ch)| i + ch.len_utf8());
        let lead = &text[clause..fa.at];
        let marked = p.paired_markers.iter().any(|m| lead.contains(m.as_str()));
        if joined && marked && comparable(fa, fc) && fa.unit == fc.unit {
            pairs.push((a, c, p.direction_before(lead)));
            n += 2;
        } else {
            n += 1;
        }
    }
    let mut v = 0;
    while v < pairs.len() {
        let (va, vc, vdir) = pairs[v];
        if vdir.is_some() || figs[va].kind == UnitKind::Rate {
            v += 1;
            continue;
        }
        // the change pairs after it, up to the next pair of values
        let mut delta = None;
        let mut pct = None;
        let mut w = v + 1;
        while w < pairs.len() && pairs[w].2.is_some() {
            let (a, c, dir) = pairs[w];
            if figs[a].kind == UnitKind::Rate {
                pct.get_or_insert((a, c, dir));
            } else if comparable(&figs[a], &figs[va]) {
                delta.get_or_insert((a, c, dir));
            }
            w += 1;
        }
        if let (Some((da, dc, Some(ddir))), Some((pa, pc, pdir))) = (delta, pct) {
            for (cur, d, r) in [(va, da, pa), (vc, dc, pc)] {
                b.push(
                    Relation::Change {
                        current: cur,
                        base: None,
                        delta: Some(d),
                        pct: Some(r),
                        decrease: ddir,
                        pct_decrease: pdir,
                        budget_base: false,
                    },
                    // the pair's label is printed once, before its first value
                    if figs[cur].label.is_empty() {
                        figs[va].label.clone()
                    } else {
                        figs[cur].label.clone()
                    },
                    true,
                    r,
                );
            }
        }
        v = w.max(v + 1);
    }
}

/// Bare shares in one paragraph (`因公出国费0万元，占0%；公务接待费5.21万元，占
/// 67.75%；公务用车费2.48万元，占32.24%`, d25 and d05 of the real dev set): a
/// rate right after a lone `占`, its amount the money figure just before it in
/// its sentence. Together they are shares of one whole: they cannot pass
/// 100%; and when a figure stated shortly before equals the amounts' sum, each
/// share is its amount ÷ that whole (inferred, so a warning).
fn shares(b: &mut Builder, text: &str, on: &[usize]) {
    let p = b.p;
    let figs = b.figs;
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (n, &k) in on.iter().enumerate() {
        let f = &figs[k];
        if f.kind != UnitKind::Rate || f.approx || n == 0 {
            continue;
        }
        let from = text[..f.at]
            .char_indices()
            .rev()
            .find(|(_, c)| p.clause_breaks.contains(c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        if text[from..f.at].trim() != "占" {
            continue;
        }
        let a = on[n - 1];
        let af = &figs[a];
        if af.kind == UnitKind::Money && !af.approx && sentence::start(text, af.at) == sentence::start(text, f.at) {
            pairs.push((k, a));
        }
    }
    if pairs.len() < 2 {
        return;
    }
    let shares: Vec<usize> = pairs.iter().map(|&(k, _)| k).collect();
    let last = shares[shares.len() - 1];
    b.push(Relation::Shares { shares }, "各项占比".into(), false, last);
    // The whole: a money figure shortly before whose value the amounts add up to.
    let first = pairs[0].1;
    let sum = pairs.iter().fold(
        crate::num::Interval::exact(rust_decimal::Decimal::ZERO),
        |acc, &(_, a)| acc + figs[a].interval(),
    );
    let whole = figs[..first]
        .iter()
        .enumerate()
        .rev()
        .take_while(|(_, f)| f.index + 15 >= figs[first].index)
        .find(|(_, f)| f.kind == UnitKind::Money && !f.approx && !f.prior && f.interval().overlaps(sum))
        .map(|(w, _)| w);
    if let Some(w) = whole {
        for &(k, a) in &pairs {
            b.push(
                Relation::Ratio {
                    rate: k,
                    num: a,
                    den: w,
                },
                figs[a].label.clone(),
                true,
                k,
            );
        }
    }
}

/// A completion rate followed by the gap between spending and budget
/// (`一般公共预算财政拨款支出总计1741.75万元，与上年相比减少53.7万元，降低2.99%；
/// 完成年初预算100%，决算数大于预算数55.93万元`, d07; the 部门决算公开
/// template's `决算数大于/小于预算数`, also d25): the spending is the
/// paragraph's last money figure before the rate that is neither a change
/// nor another year's. Which budget the gap is against is not said (年初 or
/// adjusted), so a failure is a warning.
fn excess(b: &mut Builder, text: &str, on: &[usize]) {
    let p = b.p;
    let figs = b.figs;
    if p.excess_patterns.is_empty() {
        return;
    }
    for (n, &r) in on.iter().enumerate() {
        let rf = &figs[r];
        if rf.kind != UnitKind::Rate || rf.approx || rf.prior {
            continue;
        }
        let Some(&e) = on.get(n + 1) else { continue };
        let ef = &figs[e];
        if ef.kind != UnitKind::Money || ef.approx || ef.at < rf.end {
            continue;
        }
        let Some(c) = p
            .excess_patterns
            .iter()
            .find_map(|re| re.captures(&text[rf.end..ef.at]))
        else {
            continue;
        };
        let over = c.name("over").is_some();
        // the rate is a completion rate: `完成…预算` right before it
        let head = &text[sentence::start(text, rf.at)..rf.at];
        if !head.contains("完成") || !head.contains("预算") {
            continue;
        }
        let current = on[..n].iter().copied().rev().find(|&k| {
            let f = &figs[k];
            f.kind == UnitKind::Money && !f.approx && !f.prior && !is_change(p, figs, text, k)
        });
        let Some(cur) = current else { continue };
        b.push(
            Relation::Excess {
                rate: r,
                current: cur,
                excess: e,
                over,
            },
            figs[cur].label.clone(),
            true,
            r,
        );
    }
}

/// A change stated as none against the budget (`公务用车购置及运行维护费支出
/// 2.48万元，与2021年度预算相比无变化`) under a table printing that item's
/// budget (`公务用车购置及运行维护费 | 15 | 2.48`): d25, where 因公出国(境)费 `0万元
/// …无增减` stands against a budget of 20 too; the 三公 决算 tables print
/// 预算数 beside 决算数 (d19, d25). The current value is the money figure
/// just before the words in the sentence; the base the one table cell, in a
/// column headed `预算` within the 60 lines before, whose row names it. The
/// pairing is inferred: a warning.
fn zero_against_table(b: &mut Builder, text: &str, on: &[usize]) {
    let p = b.p;
    let figs = b.figs;
    for &z in on {
        let zf = &figs[z];
        if zf.kind != UnitKind::Rate || !zf.approx || !zf.printed.value.is_zero() || !zf.phrase.contains("预算") {
            continue;
        }
        if !p.zero_change_words.iter().any(|w| w == &zf.raw) {
            continue;
        }
        let s0 = sentence::start(text, zf.at);
        // (the zero figures are listed before the line's other figures)
        let Some(&cur) = on
            .iter()
            .filter(|&&k| {
                let f = &figs[k];
                f.kind == UnitKind::Money && !f.approx && !f.prior && f.at >= s0 && f.end <= zf.at
            })
            .max_by_key(|&&k| figs[k].at)
        else {
            continue;
        };
        let cf = &figs[cur];
        // The item: the figure's label, or the words from the sentence's start
        // to the amount when the label stops at a bracket (`1.因公出国(境)费
        // 支出0万元` labels `费支出`; the 三公 item's `(境)`, d03 d19 d25).
        let trim = |s: &str| -> String {
            let s = p.squash(s);
            s.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == '、')
                .trim_end_matches("支出")
                .trim_end_matches("决算")
                .to_string()
        };
        let items: Vec<String> = [trim(&cf.label), trim(&text[s0..cf.at])]
            .into_iter()
            .filter(|i| i.chars().count() >= 2)
            .collect();
        if items.is_empty() {
            continue;
        }
        let budget = |f: &Figure| {
            f.is_table()
                && !f.approx
                && f.index < cf.index
                && f.index + 60 >= cf.index
                && comparable(f, cf)
                && f.label.rsplit('·').next().is_some_and(|h| p.squash(h).contains("预算"))
                && items.iter().any(|i| {
                    p.squash(&f.phrase)
                        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == '、')
                        == i.as_str()
                })
        };
        let mut found = figs[..cur]
            .iter()
            .enumerate()
            .rev()
            .take_while(|(_, f)| f.index + 60 >= cf.index)
            .filter(|(_, f)| budget(f));
        let (Some((base, _)), None) = (found.next(), found.next()) else {
            continue;
        };
        b.push(
            Relation::Change {
                current: cur,
                base: Some(base),
                delta: None,
                pct: Some(z),
                decrease: false,
                pct_decrease: None,
                budget_base: true,
            },
            cf.label.clone(),
            true,
            z,
        );
    }
}

/// Counts of named bodies with the list of their names after the count
/// (`[relations] body_nouns`, `list_opens`): `设9个内设机构，分别为：办公室、
/// …、项目服务股。` (d27), `直属事业单位10个，即县国库集中支付中心、…` (r04).
/// Names are `、`-separated up to the full stop; a list ending in `等` is
/// open, and lists of fewer than three names are not read. A list before
/// the count (`下设办公室、预算股…等16个股室`) is not read: there `等` may
/// close a complete list (d21) or cut one short (r04).
fn named_counts(b: &mut Builder, text: &str, on: &[usize]) {
    let p = b.p;
    let figs = b.figs;
    if p.body_nouns.is_empty() {
        return;
    }
    for &k in on {
        let f = &figs[k];
        if f.kind != UnitKind::Count || f.unit != "个" || f.approx || f.printed.decimals > 0 {
            continue;
        }
        let after = &text[f.end..];
        let before = text[..f.at].trim_end();
        // `9个内设机构，分别为` or `直属事业单位10个，即`
        let (noun, rest) = match p.body_nouns.iter().find(|w| after.starts_with(w.as_str())) {
            Some(w) => (w, &after[w.len()..]),
            None => match p.body_nouns.iter().find(|w| before.ends_with(w.as_str())) {
                Some(w) => (w, after),
                None => continue,
            },
        };
        let rest = rest.trim_start_matches([',', '，', ' ']);
        let Some(open) = p.list_opens.iter().find(|w| rest.starts_with(w.as_str())) else {
            continue;
        };
        let body = rest[open.len()..].trim_start_matches([':', '：', ' ']);
        let end = body.find(['。', '；', ';']).unwrap_or(body.len());
        let body = body[..end].trim_end();
        if body.ends_with('等') || body.contains("等等") {
            continue;
        }
        let names: Vec<String> = body
            .split('、')
            .map(|s| s.trim().trim_end_matches(['。', '，', ',']).to_string())
            .collect();
        let plausible = |s: &String| {
            let c = s.chars().count();
            (2..=30).contains(&c) && !s.chars().any(|ch| ch.is_ascii_digit() || p.clause_breaks.contains(&ch))
        };
        if names.len() < 3 || !names.iter().all(plausible) {
            continue;
        }
        b.push(Relation::Named { count: k, names }, noun.clone(), true, k);
    }
}

/// opening + income − spending = closing, when the report states each once.
fn balance(b: &mut Builder) {
    let figs = b.figs;
    let bal = &b.p.balance;
    let one = |key: &str| -> Option<usize> {
        let mut it = figs
            .iter()
            .enumerate()
            .filter(|(_, f)| f.key == key && !f.approx && f.scope.is_empty())
            .map(|(k, _)| k);
        let first = it.next()?;
        it.all(|k| figs[k].value() == figs[first].value()).then_some(first)
    };
    if let (Some(o), Some(i), Some(s), Some(c)) = (
        one(&bal.opening),
        one(&bal.income),
        one(&bal.spending),
        one(&bal.closing),
    ) {
        b.push(
            Relation::Balance {
                opening: o,
                income: i,
                spending: s,
                closing: c,
            },
            figs[c].label.clone(),
            false,
            c,
        );
    }
}

/// A row label numbered as a list item: `1.`, `2、`, `（一）`, `(二)`.
fn list_numbered(label: &str) -> bool {
    let t = label.trim_start();
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 {
        return t[digits..].starts_with(['.', '、', '．']);
    }
    let inner = t.strip_prefix(['（', '(']).unwrap_or("");
    inner.starts_with(['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'])
}

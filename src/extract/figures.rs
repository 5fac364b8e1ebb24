//! Figures: every quantity a report prints (money, rates, counts, areas) with
//! its label, unit, normalised value and canonical key, from prose and from
//! tables. What the numbers are (units, labels, keys) comes from
//! `patterns/figures.toml`.

use super::sentence;
use crate::model::{Document, Line};
use crate::num::{Interval, Printed};
use crate::patterns::{FigurePatterns, UnitKind};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// One quantity as printed.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Canonical key (`budget.initial`), empty when unknown.
    pub key: String,
    /// What the number belongs to, in the report's words.
    pub label: String,
    /// The clause before the number, uncleaned (for `合计`-style cues).
    pub phrase: String,
    pub printed: Printed,
    /// The characters as printed, unit included.
    pub raw: String,
    /// The unit as written.
    pub unit: String,
    pub kind: UnitKind,
    pub factor: Decimal,
    /// Approximate (`约 57 万元`, `90%以上`) or inside a table's text cell:
    /// extracted, never checked.
    pub approx: bool,
    /// Another year's figure (a comparison base, `上年`): never keyed.
    pub prior: bool,
    /// Whose figure it is beyond the year: empty for the report's own subject
    /// (the department), else the project or sub-unit its sentence names
    /// (`项目:委托业务`, `下属单位`). Figures are compared only within one scope.
    pub scope: String,
    /// Index into `Document::lines`.
    pub index: usize,
    pub line: u32,
    pub page: Option<u32>,
    /// Byte offsets of the number and the end of its unit in the line's text
    /// (prose), or the cell's column in a table row.
    pub at: usize,
    pub end: usize,
    /// Column in a table row; None in prose.
    pub col: Option<usize>,
}

impl Figure {
    /// The normalised value: yuan, a fraction, a count or an area.
    pub fn value(&self) -> Decimal {
        self.printed.value * self.factor
    }

    /// The normalised values the printed number stands for. Whole counts of
    /// people and things are exact; everything else is rounded as printed.
    pub fn interval(&self) -> Interval {
        let i = if self.kind == UnitKind::Count && self.printed.decimals == 0 {
            Interval::exact(self.printed.value)
        } else {
            self.printed.interval()
        };
        i.scale(self.factor)
    }

    /// Found in a table row.
    pub fn is_table(&self) -> bool {
        self.col.is_some()
    }
}

/// A number with its unit found in a piece of text.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub printed: Printed,
    pub unit: String,
    pub kind: UnitKind,
    pub factor: Decimal,
    pub approx: bool,
    /// Byte range of the number with its unit (without approximation words).
    pub at: usize,
    pub end: usize,
}

/// Every number-with-unit in `text`.
pub(crate) fn find(text: &str, p: &FigurePatterns) -> Vec<Found> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(c) = p.number.captures_at(text, pos) {
        let (Some(whole), Some(num), Some(unit)) = (c.get(0), c.name("num"), c.name("unit")) else {
            break;
        };
        pos = whole.end();
        let before = &text[..whole.start()];
        let after = &text[whole.end()..];
        // Part of a longer token (`GB18030`, `3.5.2`), or a per-unit measure (`元/平方米`).
        if before.ends_with(|ch: char| ch.is_ascii_alphanumeric() || ch == '.' || ch == '_')
            || after.starts_with(['/', '／'])
            || after.starts_with(|ch: char| ch.is_ascii_digit())
        {
            // `4125.49,4143.91万元`: not a thousands separator but a pair; the
            // second number starts after the comma (d05)
            if let Some(k) = num.as_str().find(',') {
                pos = num.start() + k + 1;
            }
            continue;
        }
        let Some(printed) = Printed::parse(num.as_str()) else {
            continue;
        };
        let Some(u) = p.unit(unit.as_str()) else {
            continue;
        };
        // A bare `万` is money only at the end of the amount (`19204.096万。`),
        // not the start of a word (`3万户`, `万元` is its own unit).
        if u.text == "万" && after.starts_with(|ch: char| crate::normalize::chars::is_cjk(ch)) {
            continue;
        }
        // the first of a pair sharing this unit (`各是4125.49,4143.91万元`)
        if let Some(first) = p.paired.captures(before).and_then(|c| c.name("num")) {
            if let Some(printed) = Printed::parse(first.as_str()) {
                out.push(Found {
                    printed,
                    unit: u.text.to_string(),
                    kind: u.kind,
                    factor: u.factor,
                    approx: true,
                    at: first.start(),
                    end: first.end(),
                });
            }
        }
        let b = before.trim_end();
        let a = after.trim_start();
        let approx = p.approx_before.iter().any(|w| b.ends_with(w.as_str()))
            || p.approx_after.iter().any(|w| a.starts_with(w.as_str()));
        out.push(Found {
            printed,
            unit: u.text.to_string(),
            kind: u.kind,
            factor: u.factor,
            approx,
            at: whole.start(),
            end: whole.end(),
        });
    }
    out
}

/// What extraction needs to know besides the document.
pub struct Scope<'a> {
    /// The report's year: labels naming another year are prior-year figures.
    pub year: &'a str,
    /// Line indices where a section starts (stages reset there).
    pub headings: BTreeSet<usize>,
    /// Line indices that belong to scorecards (their criteria are rubric
    /// text, not the report's figures).
    pub skip: BTreeSet<usize>,
}

/// Every figure in the document, in reading order, and the table blocks
/// they were read from.
pub fn extract(doc: &Document, scope: &Scope, p: &FigurePatterns) -> (Vec<Figure>, Vec<tables::Block>) {
    let mut out = Vec::new();
    let mut blocks = Vec::new();
    let mut stage: Option<String> = None;
    let mut i = 0;
    while i < doc.lines.len() {
        if scope.headings.contains(&i) {
            stage = None;
        }
        if scope.skip.contains(&i) {
            i += 1;
            continue;
        }
        let line = &doc.lines.at(i);
        if line.is_table_row() {
            let start = i;
            while i < doc.lines.len() && doc.lines.at(i).is_table_row() && !scope.skip.contains(&i) {
                i += 1;
            }
            blocks.extend(tables::extract(doc, start, i, p, &mut out));
            continue;
        }
        prose(line, i, scope, p, &mut stage, &mut out);
        i += 1;
    }
    (out, blocks)
}

/// Is `label` another year's (names a year other than the report's, or 上年)?
fn is_prior(phrase: &str, year: &str, p: &FigurePatterns) -> bool {
    if p.prior_words.iter().any(|w| phrase.contains(w.as_str())) {
        return true;
    }
    if year.is_empty() {
        return false;
    }
    let digits: Vec<char> = phrase.chars().collect();
    let mut k = 0;
    while k + 4 <= digits.len() {
        if digits[k..k + 4].iter().all(|c| c.is_ascii_digit())
            && (k == 0 || !digits[k - 1].is_ascii_digit())
            && digits.get(k + 4).is_none_or(|c| !c.is_ascii_digit())
        {
            let y: String = digits[k..k + 4].iter().collect();
            if (y.starts_with("20") || y.starts_with("19")) && y != year {
                return true;
            }
            k += 4;
        } else {
            k += 1;
        }
    }
    false
}

/// The stage cues of one line (`年初`, `调整后`, `决算`…), found once so each
/// figure can ask for the last cue before it.
struct Cues<'p> {
    /// Spans of masking words (`年初结转和结余`): cues inside them do not count.
    masked: Vec<(usize, usize)>,
    /// Every cue: span and stage, in pattern order.
    hits: Vec<(usize, usize, &'p str)>,
}

impl<'p> Cues<'p> {
    fn of(text: &str, p: &'p FigurePatterns) -> Self {
        if !p.any_cue.is_match(text) {
            return Cues {
                masked: Vec::new(),
                hits: Vec::new(),
            };
        }
        let masked = p
            .stage_masks
            .iter()
            .flat_map(|w| super::occurrences(text, w.as_str()).map(|(a, m)| (a, a + m.len())))
            .collect();
        let hits = p
            .stages
            .iter()
            .flat_map(|s| s.cues.iter().map(move |c| (s, c)))
            .flat_map(|(s, c)| {
                super::occurrences(text, c.as_str()).map(move |(at, m)| (at, at + m.len(), s.key.as_str()))
            })
            .collect();
        Cues { masked, hits }
    }

    /// The stage of the last cue ending by byte `upto` that no mask ending by
    /// `upto` covers — the last cue of `text[..upto]`.
    fn last_before(&self, upto: usize) -> Option<String> {
        self.hits
            .iter()
            .filter(|&&(a, e, _)| e <= upto && !self.masked.iter().any(|&(ma, me)| me <= upto && a >= ma && e <= me))
            .max_by_key(|&&(_, e, _)| e)
            .map(|&(_, _, k)| k.to_string())
    }
}

/// Byte spans of the comparison bases in `text` (`与2020年决算数501.24万元相比`).
fn base_spans(text: &str, p: &FigurePatterns) -> Vec<(usize, usize)> {
    p.change_patterns
        .iter()
        .flat_map(|r| r.captures_iter(text))
        .filter_map(|c| c.name("base").map(|m| (m.start(), m.end())))
        .collect()
}

/// Figures in one prose line.
fn prose(
    line: &Line,
    index: usize,
    scope: &Scope,
    p: &FigurePatterns,
    stage: &mut Option<String>,
    out: &mut Vec<Figure>,
) {
    let text = line.text;
    let found = find(text, p);
    let cues = Cues::of(text, p);
    flat_amounts(line, index, &found, p, out);
    zero_changes(line, index, p, out);
    if found.is_empty() {
        if let Some(s) = cues.last_before(text.len()) {
            *stage = Some(s);
        }
        return;
    }
    let bases = base_spans(text, p);
    for (n, f) in found.iter().enumerate() {
        // A parenthesis right before the number (`固定资产原值（房屋、车辆等）23575.36万元`)
        // belongs to the label before it.
        let head = text[..f.at].trim_end();
        let (scan_to, aside) = match head.strip_suffix(['）', ')']) {
            Some(inner) => match inner.rfind(['（', '(']) {
                Some(open) => (open, Some(open..f.at)),
                None => (f.at, None),
            },
            None => (f.at, None),
        };
        let clause = text[..scan_to]
            .char_indices()
            .rev()
            .find(|(_, c)| p.clause_breaks.contains(c))
            .map(|(k, c)| k + c.len_utf8())
            .unwrap_or(0);
        // The clause, without earlier figures inside it (`完成全年预算数601万元的`).
        let mut phrase = String::new();
        let mut from = clause;
        for g in found[..n].iter().filter(|g| g.end > clause) {
            phrase.push_str(&text[from.max(clause)..g.at.max(from)]);
            from = g.end;
        }
        let upto = aside.as_ref().map_or(f.at, |r| r.start);
        phrase.push_str(&text[from.max(clause)..upto.max(from.max(clause))]);
        let mut label = p.clean_label(&phrase);
        for w in &p.approx_before {
            if let Some(s) = label.strip_suffix(w.as_str()) {
                label = p.clean_label(s);
            }
        }
        let prior = is_prior(&phrase, scope.year, p) || bases.iter().any(|&(a, b)| f.at >= a && f.end <= b);
        if let Some(s) = cues.last_before(f.at) {
            *stage = Some(s);
        }
        let sent = sentence::start(text, f.at);
        // Context: this sentence and the one before it.
        let prev_stop = text[..sent].char_indices().next_back().map_or(0, |(k, _)| k);
        let context_from = sentence::start(text, prev_stop);
        let context = &text[context_from..f.at];
        let key = if prior {
            String::new()
        } else {
            key_of(&label, f.kind, context, stage.as_deref(), p)
        };
        let scope = subject(&text[sent..f.at]);
        out.push(Figure {
            key,
            label,
            phrase: phrase.trim().to_string(),
            printed: f.printed.clone(),
            raw: text[f.at..f.end].to_string(),
            unit: f.unit.clone(),
            kind: f.kind,
            factor: f.factor,
            approx: f.approx,
            prior,
            scope,
            index,
            line: line.line,
            page: line.page,
            at: f.at,
            end: f.end,
            col: None,
        });
    }
    if let Some(s) = cues.last_before(text.len()) {
        *stage = Some(s);
    }
}

/// Changes stated as none (`与上年决算数持平`): a 0% change, read but never
/// checked (`基本持平` is only roughly none; the base is often not printed).
fn zero_changes(line: &Line, index: usize, p: &FigurePatterns, out: &mut Vec<Figure>) {
    let text = line.text;
    let Some(u) = p.unit("%") else { return };
    for w in &p.zero_change_words {
        for (at, m) in super::occurrences(text, w.as_str()) {
            let clause = text[..at]
                .char_indices()
                .rev()
                .find(|(_, c)| p.clause_breaks.contains(c))
                .map_or(0, |(k, c)| k + c.len_utf8());
            let phrase = &text[clause..at];
            if !p.zero_change_compare.iter().any(|c| phrase.contains(c.as_str())) {
                continue;
            }
            let Some(printed) = Printed::parse("0") else { return };
            out.push(Figure {
                key: String::new(),
                label: p.clean_label(phrase),
                phrase: phrase.trim().to_string(),
                printed,
                raw: m.to_string(),
                unit: u.text.to_string(),
                kind: u.kind,
                factor: u.factor,
                approx: true,
                prior: false,
                scope: String::new(),
                index,
                line: line.line,
                page: line.page,
                at,
                end: at + m.len(),
                col: None,
            });
        }
    }
}

/// Bare amounts of a flattened sheet (`… 8 11,122,315.04 13,628,965.89 …`
/// in a line that prints `金额单位:元`): read with the line's unit, never
/// checked (the rows they belonged to are lost), unlabelled.
fn flat_amounts(line: &Line, index: usize, found: &[Found], p: &FigurePatterns, out: &mut Vec<Figure>) {
    let text = line.text;
    let Some(re) = &p.flat_amount else { return };
    if !text.contains(',') {
        return;
    }
    let Some(unit) = tables::unit_in(text, p) else { return };
    let Some(u) = p.unit(&unit) else { return };
    for c in re.captures_iter(text) {
        let Some(m) = c.name("num") else { continue };
        let before = text[..m.start()].chars().next_back();
        let after = text[m.end()..].chars().next();
        let glued = |ch: Option<char>| ch.is_some_and(|ch| ch.is_ascii_alphanumeric() || ch == '.' || ch == ',');
        if glued(before) || glued(after) || after == Some('%') {
            continue;
        }
        if found.iter().any(|f| f.at < m.end() && m.start() < f.end) {
            continue;
        }
        let Some(printed) = Printed::parse(m.as_str()) else {
            continue;
        };
        out.push(Figure {
            key: String::new(),
            label: String::new(),
            phrase: String::new(),
            printed,
            raw: m.as_str().to_string(),
            unit: u.text.to_string(),
            kind: u.kind,
            factor: u.factor,
            approx: true,
            prior: false,
            scope: String::new(),
            index,
            line: line.line,
            page: line.page,
            at: m.start(),
            end: m.end(),
            col: None,
        });
    }
}

/// The subject a sentence names before a figure, when it is not the report's
/// own department: a project (`委托业务项目…`, `该项目…`, not `项目支出`, a
/// breakdown of the department's spending) or a sub-unit (`下属单位`,
/// `所属单位`, `二级单位`). Empty for the department itself.
pub(crate) fn subject(sentence: &str) -> String {
    for w in ["下属", "所属", "二级单位"] {
        if sentence.contains(w) {
            return "下属单位".into();
        }
    }
    let mut from = 0;
    let mut found = None;
    while let Some(k) = sentence[from..].find("项目") {
        let at = from + k;
        let rest = &sentence[at + "项目".len()..];
        if !rest.starts_with("支出") && !rest.starts_with("经费支出") {
            found = Some(at);
        }
        from = at + "项目".len();
    }
    let Some(at) = found else { return String::new() };
    let name: String = sentence[..at]
        .chars()
        .rev()
        .take_while(|c| crate::normalize::chars::is_cjk(*c))
        .take(12)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let name = name.trim_start_matches(['该', '本', '此', '各']);
    format!("项目:{name}")
}

/// The key of a figure: a breakdown item under the current stage, else a
/// key by its label (context keys first).
pub(crate) fn key_of(label: &str, kind: UnitKind, context: &str, stage: Option<&str>, p: &FigurePatterns) -> String {
    if kind == UnitKind::Money {
        // Income is no stage of spending (d07: `财政拨款收入` after a 决算 heading
        // is not `spending.final.…`).
        if label.contains("收入") && stage.is_some_and(|s| s.starts_with("spending")) {
            return p
                .key_for(label, kind, context)
                .map(|k| k.key.clone())
                .unwrap_or_default();
        }
        if let (Some(s), Some(item)) = (stage, p.item_for(label)) {
            return format!("{s}.{}", item.key);
        }
    }
    p.key_for(label, kind, context)
        .map(|k| k.key.clone())
        .unwrap_or_default()
}

pub mod tables {
    //! Figures in table rows: a caption's or header's unit applies to the
    //! cells below it; the total row's cells get the column's key.

    use super::{find, Figure};
    use crate::model::Document;
    use crate::num::Printed;
    use crate::patterns::{FigurePatterns, UnitKind};
    use std::collections::BTreeMap;

    /// A table block: consecutive rows holding numbers, with the header rows
    /// above them.
    #[derive(Debug, Clone)]
    pub struct Block {
        /// Line indices of the numeric rows.
        pub rows: Vec<usize>,
        /// Per column: the header cells top to bottom.
        pub headers: Vec<Vec<String>>,
        /// Caption and title lines' text above the table.
        pub caption: String,
    }

    /// A cell that is a number, with its unit when written in the cell.
    pub(crate) fn cell_number(cell: &str, p: &FigurePatterns) -> Option<(Printed, Option<String>, bool)> {
        let t = cell.trim();
        if let Some(n) = Printed::parse(t) {
            return Some((n, None, false));
        }
        let f = find(t, p);
        match f.as_slice() {
            [one] if one.end == t.len() && t[..one.at].trim().chars().all(|c| "≥≤><约".contains(c)) => {
                Some((one.printed.clone(), Some(one.unit.clone()), one.approx))
            }
            // a signed rate or amount in a change column (d15 `-6.76%`, d03's `增减%` row)
            [one] if one.end == t.len() && matches!(t[..one.at].trim(), "-" | "－" | "+") => {
                let raw = format!("{}{}", t[..one.at].trim().replace('－', "-"), one.printed.raw);
                let n = Printed::parse(&raw)?;
                Some((n, Some(one.unit.clone()), one.approx))
            }
            _ => None,
        }
    }

    /// A row with a number in it (alone in a cell, or inside a text cell).
    fn is_numeric_row(cells: crate::model::Cells<'_>, p: &FigurePatterns) -> bool {
        cells
            .iter()
            .any(|c| cell_number(c, p).is_some() || !find(c, p).is_empty())
    }

    /// A row without numbers that fills fewer than half its cells: a wrapped
    /// cell's continuation, not a header.
    fn is_sparse(line: &crate::model::Line, width: usize) -> bool {
        let covered = |j: usize| line.spans().get(j).is_some_and(|s| s.is_covered());
        let filled = (0..line.cells().len())
            .filter(|&j| !line.cells()[j].trim().is_empty() || covered(j))
            .count();
        filled * 2 < width
    }

    /// Splits the table rows `start..end` into blocks of numeric rows, each
    /// with the header rows above it.
    pub fn blocks(doc: &Document, start: usize, end: usize, p: &FigurePatterns) -> Vec<Block> {
        let mut caption = String::new();
        let mut k = start;
        let mut taken = 0;
        while k > 0 && taken < 4 {
            k -= 1;
            let l = &doc.lines.at(k);
            if l.is_table_row() {
                break;
            }
            caption = format!("{} {}", l.text, caption);
            taken += 1;
        }
        let width = (start..end).map(|r| doc.lines.at(r).cells().len()).max().unwrap_or(0);
        let mut out: Vec<Block> = Vec::new();
        let mut headers_rows: Vec<usize> = Vec::new();
        let mut rows: Vec<usize> = Vec::new();
        let close = |rows: &mut Vec<usize>, hdr: &[usize], out: &mut Vec<Block>| {
            if rows.is_empty() {
                return;
            }
            out.push(Block {
                rows: std::mem::take(rows),
                headers: headers(doc, hdr, width),
                caption: caption.clone(),
            });
        };
        // A text row is a header when it is full, or right under a header
        // (a sub-header); a sparse text row among numbers is a wrapped cell.
        let mut after_header = false;
        for r in start..end {
            let cells = doc.lines.at(r).cells();
            if is_numeric_row(cells, p) {
                rows.push(r);
                after_header = false;
            } else if !is_sparse(&doc.lines.at(r), width) || (after_header && rows.is_empty()) {
                close(&mut rows, &headers_rows, &mut out);
                headers_rows.push(r);
                if headers_rows.len() > 2 {
                    headers_rows.remove(0);
                }
                after_header = true;
            }
        }
        close(&mut rows, &headers_rows, &mut out);
        out
    }

    /// Column headers from up to two header rows: the upper row only when
    /// the lower is a sub-header (starts further right), and a spanning upper
    /// cell covers the empty cells to its right that have a sub-header.
    fn headers(doc: &Document, rows: &[usize], width: usize) -> Vec<Vec<String>> {
        let first_filled = |r: usize| doc.lines.at(r).cells().iter().position(|c| !c.trim().is_empty());
        // a row with a merged cell over some (not all) columns is a group row
        // (d03, d27); one over the whole width is a title
        let merged = |r: usize| {
            doc.lines
                .at(r)
                .spans()
                .iter()
                .any(|s| s.cols > 1 && usize::from(s.cols) < width)
        };
        let hdr: Vec<usize> = match rows {
            [a, b] if first_filled(*b) > first_filled(*a) || merged(*a) => vec![*a, *b],
            [.., b] => vec![*b],
            [] => vec![],
        };
        let mut out = vec![Vec::new(); width];
        for (n, &r) in hdr.iter().enumerate() {
            let cells = doc.lines.at(r).cells();
            // the last non-empty cell left of `c`, carried along (looking
            // back from each cell would be quadratic in the row's width)
            let mut left: &str = "";
            for (c, col) in out.iter_mut().enumerate() {
                let here = cells.get(c).map(|s| s.trim()).unwrap_or_default();
                let mut t = here.to_string();
                if t.is_empty() && n + 1 < hdr.len() {
                    let below = doc
                        .lines
                        .at(hdr[n + 1])
                        .cells()
                        .get(c)
                        .is_some_and(|s| !s.trim().is_empty());
                    if below {
                        t = left.to_string();
                    }
                }
                if !here.is_empty() {
                    left = here;
                }
                if !t.is_empty() {
                    col.push(t);
                }
            }
        }
        out
    }

    impl Block {
        /// The column's header as one label (`预算数（元）/全额`).
        pub fn header(&self, c: usize) -> String {
            self.headers.get(c).map(|h| h.join("/")).unwrap_or_default()
        }

        /// The unit of a column's plain numbers: its header's, else the
        /// caption's; `%` for a rate column.
        pub fn unit(&self, c: usize, p: &FigurePatterns) -> Option<String> {
            self.header_unit(c, p).or_else(|| self.caption_unit(p))
        }

        /// A column's unit from its header alone (`unit` without the caption).
        fn header_unit(&self, c: usize, p: &FigurePatterns) -> Option<String> {
            let h = self.header(c);
            if h.contains('率') || h.contains('%') {
                return Some("%".into());
            }
            unit_in(&h, p)
        }

        /// The caption's unit (`单位：万元`), read once per table.
        fn caption_unit(&self, p: &FigurePatterns) -> Option<String> {
            unit_in(&self.caption, p)
        }

        /// The label of row `r`: its first cell that is neither a number nor
        /// a row code, left of column `before`.
        pub fn row_label(&self, doc: &Document, r: usize, before: usize, p: &FigurePatterns) -> String {
            self.row_labels(doc, r, p).before(before).to_string()
        }

        /// Row `r`'s label cells, found once for all its columns (looking it
        /// up per column would scan the row once per cell: quadratic). The
        /// first label cell, and in a two-sided table (收入 | 支出, each over
        /// 项目/行次/金额: d27, the 收入支出决算总表 template) every later cell
        /// under a header equal to the first one's.
        pub fn row_labels<'d>(&self, doc: &'d Document, r: usize, p: &FigurePatterns) -> RowLabel<'d> {
            let is_label = |s: &str| !s.is_empty() && !p.code.is_match(s) && cell_number(s, p).is_none();
            let cells: Vec<(usize, &'d str)> = doc
                .lines
                .at(r)
                .cells()
                .iter()
                .map(|s| s.trim())
                .enumerate()
                .filter(|(_, s)| is_label(s))
                .collect();
            let Some(&(first, _)) = cells.first() else {
                return RowLabel { at: Vec::new() };
            };
            let name = |c: usize| self.headers.get(c).and_then(|h| h.last());
            let at = cells
                .into_iter()
                .filter(|&(c, _)| c == first || (name(first).is_some() && name(c) == name(first)))
                .collect();
            RowLabel { at }
        }
    }

    /// A row's label cells: each neither a number nor a row code.
    pub struct RowLabel<'d> {
        at: Vec<(usize, &'d str)>,
    }

    impl RowLabel<'_> {
        /// The label as seen from column `before`: the nearest label cell left
        /// of it; empty when there is none.
        pub fn before(&self, before: usize) -> &str {
            self.at.iter().rev().find(|(c, _)| *c < before).map_or("", |(_, s)| s)
        }
    }

    pub(crate) fn unit_in(s: &str, p: &FigurePatterns) -> Option<String> {
        p.table_units
            .iter()
            .find_map(|r| r.captures(s))
            .map(|m| m[1].to_string())
    }

    pub(crate) fn is_total(label: &str, p: &FigurePatterns) -> bool {
        let l = crate::normalize::chars::without_whitespace(label);
        // each label compared as it is read, without a string made for it
        p.total_labels
            .iter()
            .any(|t| t.chars().filter(|c| !c.is_whitespace()).eq(l.chars()))
    }

    /// The context words of the figure keys that occur in the caption, one per
    /// line: what `column_key_in` needs of a caption, found once per table (the
    /// caption may be long, and a table wide).
    fn caption_context(caption: &str, p: &FigurePatterns) -> String {
        let mut words: Vec<&str> = p
            .keys
            .iter()
            .flat_map(|k| k.context.iter())
            .map(String::as_str)
            .filter(|w| caption.contains(w))
            .collect();
        words.sort_unstable();
        words.dedup();
        words.join("\n")
    }

    /// The key of a column header (`预算数（元）`/`其中：财政拨款`) in a
    /// table whose caption's `caption_context` is `caption` (context words
    /// hold no whitespace, so matching against them is matching against the
    /// caption).
    fn column_key_in(b: &Block, c: usize, kind: UnitKind, p: &FigurePatterns, caption: &str) -> String {
        let Some(h) = b.headers.get(c) else {
            return String::new();
        };
        let strip = |s: &str| -> String {
            let mut t = s.to_string();
            for r in &p.table_units {
                t = r.replace_all(&t, "").to_string();
            }
            t.trim().to_string()
        };
        let context = format!("{} {}", caption, h.join(" "));
        let Some(top) = h.first() else {
            return String::new();
        };
        let top_key = p.key_for(&strip(top), kind, &context).map(|k| k.key.clone());
        match (top_key, h.get(1)) {
            (Some(k), None) => k,
            (Some(k), Some(sub)) => {
                let sub = strip(sub);
                if p.whole_words.contains(&sub) {
                    k
                } else if let Some(item) = sub
                    .strip_prefix("其中")
                    .map(|s| s.trim_start_matches(['：', ':']).trim())
                    .and_then(|s| p.item_for(s))
                {
                    format!("{k}.{}", item.key)
                } else {
                    String::new()
                }
            }
            (None, _) => String::new(),
        }
    }

    /// The money unit of a table that prints none (no `单位` caption, no unit
    /// in a header) when the prose before it states the same amounts with one
    /// unit: at least `AGREE` distinct cell values equal to earlier prose money
    /// figures, all of those in one unit (d03: a 三公 comparison table with no
    /// unit under the paragraph that prints 2364万元, 12万元, 1356万元). That a
    /// table repeats its paragraph's amounts in the paragraph's unit is seen
    /// where the unit is printed (d19: 4432万元, 39万元, 323万元 above a
    /// `单位:万元` table of the same). A cell is compared as printed (`2364`
    /// with `2364万元`); amounts stated in two units agree on none.
    fn prose_unit(doc: &Document, b: &Block, before: &[Figure], p: &FigurePatterns) -> Option<String> {
        const AGREE: usize = 3;
        let mut by_value: BTreeMap<rust_decimal::Decimal, Option<&str>> = BTreeMap::new();
        for f in before.iter().filter(|f| f.col.is_none() && f.kind == UnitKind::Money) {
            let v = f.printed.value.normalize();
            by_value
                .entry(v)
                .and_modify(|u| {
                    if *u != Some(f.unit.as_str()) {
                        *u = None;
                    }
                })
                .or_insert(Some(f.unit.as_str()));
        }
        if by_value.is_empty() {
            return None;
        }
        let mut matched: BTreeMap<rust_decimal::Decimal, &str> = BTreeMap::new();
        let mut units: Vec<&str> = Vec::new();
        for &r in &b.rows {
            let labels = b.row_labels(doc, r, p);
            for (c, cell) in doc.lines.at(r).cells().iter().enumerate() {
                let label = labels.before(c);
                if !label.is_empty() && p.table_change.is_rate(label) {
                    continue;
                }
                if b.header_unit(c, p).is_some() {
                    continue;
                }
                let Some((n, None, _)) = cell_number(cell, p) else {
                    continue;
                };
                let v = n.value.normalize();
                match by_value.get(&v) {
                    Some(Some(u)) => {
                        matched.insert(v, u);
                        if !units.contains(u) {
                            units.push(u);
                        }
                    }
                    Some(None) => return None,
                    None => {}
                }
            }
        }
        match units.as_slice() {
            [one] if matched.len() >= AGREE => Some((*one).to_string()),
            _ => None,
        }
    }

    /// Figures of the table rows `start..end`.
    pub fn extract(doc: &Document, start: usize, end: usize, p: &FigurePatterns, out: &mut Vec<Figure>) -> Vec<Block> {
        let found = blocks(doc, start, end, p);
        for b in &found {
            let width = b.rows.iter().map(|&r| doc.lines.at(r).cells().len()).max().unwrap_or(0);
            let caption_unit = b.caption_unit(p).or_else(|| prose_unit(doc, b, out, p));
            let units: Vec<Option<String>> = (0..width)
                .map(|c| b.header_unit(c, p).or_else(|| caption_unit.clone()))
                .collect();
            // columns of row numbers (`行次`, `行号`): no amounts
            let row_numbers: Vec<bool> = (0..width)
                .map(|c| {
                    let last = b.headers.get(c).and_then(|h| h.last()).map_or("", String::as_str);
                    let h: String = last.chars().filter(|ch| !ch.is_whitespace()).collect();
                    !h.is_empty() && p.row_number_headers.contains(&h)
                })
                .collect();
            // each column's key per unit kind, found once per table
            let caption = caption_context(&b.caption, p);
            let keys: std::cell::RefCell<BTreeMap<(usize, UnitKind), String>> = Default::default();
            let column_key = |b: &Block, c: usize, kind: UnitKind, p: &FigurePatterns| -> String {
                keys.borrow_mut()
                    .entry((c, kind))
                    .or_insert_with(|| column_key_in(b, c, kind, p, &caption))
                    .clone()
            };
            for &r in &b.rows {
                let line = &doc.lines.at(r);
                let labels = b.row_labels(doc, r, p);
                for (c, cell) in line.cells().iter().enumerate() {
                    if row_numbers[c] {
                        continue;
                    }
                    let row_label = labels.before(c).to_string();
                    let col_label = b.header(c);
                    let label = match (row_label.is_empty(), col_label.is_empty()) {
                        (false, false) => format!("{row_label}·{col_label}"),
                        (false, true) => row_label.clone(),
                        (true, _) => col_label.clone(),
                    };
                    let push = |printed: Printed, unit: &str, approx: bool, raw: &str, out: &mut Vec<Figure>| {
                        let Some(u) = p.unit(unit) else { return };
                        let key = if approx {
                            String::new()
                        } else if is_total(&row_label, p) {
                            column_key(b, c, u.kind, p)
                        } else {
                            // A breakdown row (`基本支出`) under a stage column (`预算数`).
                            let stage = column_key(b, c, u.kind, p);
                            match p.item_for(&row_label) {
                                Some(item) if u.kind == UnitKind::Money && p.stage(&stage).is_some() => {
                                    format!("{stage}.{}", item.key)
                                }
                                _ => String::new(),
                            }
                        };
                        out.push(Figure {
                            key,
                            label: label.clone(),
                            phrase: row_label.clone(),
                            printed,
                            raw: raw.to_string(),
                            unit: u.text.to_string(),
                            kind: u.kind,
                            factor: u.factor,
                            approx,
                            prior: false,
                            scope: String::new(),
                            index: r,
                            line: line.line,
                            page: line.page,
                            at: c,
                            end: c,
                            col: Some(c),
                        });
                    };
                    match cell_number(cell, p) {
                        Some((n, Some(unit), approx)) => push(n, &unit, approx, cell.trim(), out),
                        Some((n, None, _)) => {
                            // a change-rate row (`2016年比2015年增减%`, d03) holds rates
                            if !row_label.is_empty() && p.table_change.is_rate(&row_label) {
                                push(n, "%", false, cell.trim(), out);
                            } else if let Some(unit) = &units[c] {
                                push(n, unit, false, cell.trim(), out);
                            }
                        }
                        None => {
                            // Numbers with units inside a text cell (`半年 6 次，一年 12 次`).
                            for f in find(cell, p) {
                                push(f.printed.clone(), &f.unit, true, &cell[f.at..f.end], out);
                            }
                        }
                    }
                }
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patterns::Patterns;

    fn p() -> Patterns {
        Patterns::builtin().unwrap()
    }

    #[test]
    fn numbers_with_units() {
        let p = p();
        let f = find(
            "年初预算 7825.28 万元，约 57 万元，收入 174,867.73 万元，满意度90%以上，1.2元/平方米，2020 年",
            &p.figures,
        );
        let got: Vec<(String, String, bool)> = f
            .iter()
            .map(|x| (x.printed.raw.clone(), x.unit.clone(), x.approx))
            .collect();
        assert_eq!(
            got,
            [
                ("7825.28".into(), "万元".into(), false),
                ("57".into(), "万元".into(), true),
                ("174,867.73".into(), "万元".into(), false),
                ("90".into(), "%".into(), true),
            ]
        );
    }

    #[test]
    fn labels_are_cleaned() {
        let p = p();
        let f = &p.figures;
        assert_eq!(f.clean_label("2020 年年初预算为"), "年初预算");
        assert_eq!(f.clean_label("我局 2021 年度采购预算金额为"), "采购预算金额");
        assert_eq!(f.clean_label("其中财政拨款支出"), "财政拨款支出");
        assert_eq!(f.clean_label("a. 人员经费支出"), "人员经费支出");
        assert_eq!(f.clean_label("信息中心总编制为"), "总编制");
        assert!(is_prior("与2020年决算数", "2021", f));
        assert!(!is_prior("2021年“三公”经费财政拨款预算", "2021", f));
        assert!(is_prior("上年结转", "", f));
    }
}

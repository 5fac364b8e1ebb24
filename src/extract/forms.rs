//! Reads the self-evaluation forms (项目支出绩效自评表 and kin, 部门整体支出绩效自评表)
//! of a document from its rows: identity (项目名称, 主管部门, 实施单位, year), the money
//! block by row and column, the indicator rows (levels, 指标性质, target, actual,
//! 分值/权重, 得分, 折算得分, reason), 总分, the printed notes, and money split by
//! source (transfer forms). Several forms in one document give several `Form`s.
//!
//! The rows are the grid rows ingest delivers (`Line::cells`). A row whose width
//! matches its header is read by column; rows that copies print shifted (only
//! two of three money cells; a label at the end of the row before; a whole form
//! on one line) are read as runs of "label, then numbers", numbers aligned to
//! the header's roles from the right. What fits neither stays unread.

use crate::model::{Document, Line, LineStore, Lines};
use crate::num::Printed;
use crate::patterns::forms::{squeeze, FormPatterns, FormWords, Variant};
use rust_decimal::Decimal;

/// A value as printed, with where it sits.
#[derive(Debug, Clone, PartialEq)]
pub struct At {
    pub printed: Printed,
    pub index: usize,
    pub line: u32,
    pub page: Option<u32>,
}

/// A rate as printed: its number and whether it carried `%` (or was read as a
/// percentage because it is above 1.5).
#[derive(Debug, Clone, PartialEq)]
pub struct Rate {
    pub printed: Printed,
    pub percent: bool,
}

impl Rate {
    /// The rate as a fraction.
    pub fn fraction(&self) -> Decimal {
        if self.percent {
            self.printed.value / Decimal::ONE_HUNDRED
        } else {
            self.printed.value
        }
    }

    /// The interval the printed rate stands for, as a fraction.
    pub fn interval(&self) -> crate::num::Interval {
        let i = self.printed.interval();
        if self.percent {
            i.scale(Decimal::new(1, 2))
        } else {
            i
        }
    }
}

/// Which kind of money row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyKind {
    Total,
    Part,
    /// A sub-heading (按收入性质分) starting a group of parts.
    Group,
}

/// One row of the money block.
#[derive(Debug, Clone, PartialEq)]
pub struct MoneyRow {
    pub label: String,
    pub kind: MoneyKind,
    /// Group the row belongs to (index into the form's groups), when any.
    pub group: Option<usize>,
    pub initial: Option<Printed>,
    pub annual: Option<Printed>,
    pub spent: Option<Printed>,
    pub points: Option<Printed>,
    pub rate: Option<Rate>,
    pub score: Option<Printed>,
    pub index: usize,
    pub line: u32,
    pub page: Option<u32>,
    pub evidence: String,
}

impl MoneyRow {
    /// Some cell of the row holds a value.
    pub fn has_any(&self) -> bool {
        self.initial.is_some()
            || self.annual.is_some()
            || self.spent.is_some()
            || self.points.is_some()
            || self.rate.is_some()
            || self.score.is_some()
    }
}

/// One indicator row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FormIndicator {
    pub level1: String,
    pub level2: String,
    pub name: String,
    pub nature: String,
    pub target: String,
    pub unit: String,
    pub actual: String,
    pub points: Option<Printed>,
    pub score: Option<Printed>,
    pub weight: Option<Printed>,
    pub folded: Option<Printed>,
    /// 得分系数 (重庆): the share of the points awarded, 得分 = 系数 × 权重.
    pub coef: Option<Rate>,
    pub reason: String,
    /// Lower is better (成本, 投诉率 …): a target without operator reads as ≤.
    pub lower: bool,
    pub index: usize,
    pub line: u32,
    pub page: Option<u32>,
    pub evidence: String,
}

/// A block of money by source (年度预算资金总额, then 中央补助 / 市级资金 / …).
#[derive(Debug, Clone, PartialEq)]
pub struct SourceBlock {
    pub heading: String,
    pub total: Option<(String, At)>,
    pub sources: Vec<(String, At)>,
}

/// One form read.
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub variant: String,
    pub money_points_default: u32,
    pub money_in_total: bool,
    pub floor_tolerated: bool,
    pub project: String,
    pub department: String,
    pub authority: String,
    pub unit: String,
    pub year: String,
    /// Money unit as printed (元 or 万元) and its factor to yuan.
    pub money_unit: String,
    pub factor: Decimal,
    pub money: Vec<MoneyRow>,
    pub groups: Vec<String>,
    pub goals: Vec<String>,
    pub indicators: Vec<FormIndicator>,
    /// 总分: points and score as printed.
    pub total_points: Option<At>,
    pub total_score: Option<At>,
    pub notes: Vec<String>,
    pub sources: Vec<SourceBlock>,
    /// Points printed on a first-level heading (`产出指标(50分)`).
    pub level_points: Vec<(String, At)>,
    /// The score a block scored as a whole prints in its row (预算执行情况 20).
    pub block_scores: Vec<(String, At)>,
    /// Lines of the document the form covers.
    pub start: usize,
    pub end: usize,
    /// The line whose money rows print their labels after their values
    /// (its total row read by arithmetic, its other rows not read).
    pub scrambled: Option<usize>,
    /// The form runs on past the text read (an excerpt cut mid-row), or
    /// rows of it were left unread (a run-together row its values do not
    /// settle): its scores need not add up to 总分.
    pub truncated: bool,
}

impl Form {
    /// The form's name as a `part`: its project, else its department.
    pub fn part(&self) -> &str {
        if self.project.is_empty() {
            &self.department
        } else {
            &self.project
        }
    }

    /// The total money row.
    pub fn total_row(&self) -> Option<&MoneyRow> {
        self.money.iter().find(|m| m.kind == MoneyKind::Total)
    }

    /// The money row that carries the execution score: the total row.
    pub fn money_points(&self) -> Option<Decimal> {
        let t = self.total_row()?;
        t.points.as_ref().map(|p| p.value)
    }

    pub fn page(&self, doc: &Document) -> Option<u32> {
        doc.lines.get(self.start).and_then(|l| l.page)
    }
}

/// The role of a money header cell (one enum with the glued-row splitter).
use super::forms_glued::Role as M;

/// The role of an indicator header cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum I {
    Level1,
    Level2,
    Name,
    Nature,
    Target,
    Unit,
    Actual,
    Points,
    Score,
    Weight,
    Folded,
    Reason,
    Coef,
    Core,
}

/// The longest word of `words` the cell starts with, both squeezed.
fn starts(cell: &str, words: &[String]) -> Option<usize> {
    words.iter().filter_map(|w| squeezed_prefix(cell, w)).max()
}

/// The characters of `squeeze(s)`, made as they are read.
fn squeezed_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().filter(|c| !c.is_whitespace()).map(|c| match c {
        '（' => '(',
        '）' => ')',
        '：' => ':',
        _ => c,
    })
}

/// `squeeze(cell).starts_with(&squeeze(word))`, and then `squeeze(word)`'s
/// length in characters, compared as it goes (no string made per word and
/// cell, and a long cell squeezed only as far as the word reaches).
fn squeezed_prefix(cell: &str, word: &str) -> Option<usize> {
    let mut rest = squeezed_chars(cell);
    let mut n = 0;
    for c in squeezed_chars(word) {
        if rest.next() != Some(c) {
            return None;
        }
        n += 1;
    }
    Some(n)
}

fn role_of<T: Copy>(cell: &str, map: &[(T, &[String])]) -> Option<T> {
    let mut best: Option<(usize, T)> = None;
    for (r, words) in map {
        if let Some(n) = starts(cell, words) {
            if best.is_none_or(|b| n > b.0) {
                best = Some((n, *r));
            }
        }
    }
    best.map(|b| b.1)
}

fn words<'a>(w: &'a FormWords, key: &str, which: &str) -> &'a [String] {
    let map = if which == "money" {
        &w.money_columns
    } else if which == "identity" {
        &w.identity
    } else {
        &w.indicator_columns
    };
    map.get(key).map(Vec::as_slice).unwrap_or(&[])
}

/// A plain number cell (`10`, `9.78`, `1,100`), after dropping 分 and spaces.
fn number(s: &str) -> Option<Printed> {
    let t = s.trim().trim_end_matches('分').trim();
    Printed::parse(t)
}

/// A rate cell: `100%`, `97.80%`, `0.958`, `1`.
fn rate(s: &str) -> Option<Rate> {
    let t = s.trim();
    if let Some(p) = t.strip_suffix('%') {
        return Printed::parse(p.trim()).map(|printed| Rate { printed, percent: true });
    }
    let printed = Printed::parse(t)?;
    let percent = printed.value > Decimal::new(15, 1);
    Some(Rate { printed, percent })
}

fn is_dash(s: &str) -> bool {
    matches!(s.trim(), "—" | "-" | "－" | "/" | "——" | "--" | "／" | "无")
}

/// A value cell of a money row: a number, a rate, or a dash.
fn is_value(s: &str) -> bool {
    let t = s.trim();
    is_dash(t) || number(t).is_some() || rate(t).is_some()
}

/// The cells of a line as rows are read: a grid row's cells, a multi-cell
/// line's cells, or a long single line's whitespace tokens (a form copied onto
/// one line), else the one text.
fn cells_of(l: &Line) -> Vec<String> {
    if l.cells().len() >= 2 {
        return l.cells().iter().map(|c| c.trim().to_string()).collect();
    }
    vec![l.text.trim().to_string()]
}

/// A line's whitespace tokens; a lone `|` (the frame a one-cell-per-line
/// copy ends its cells with, r02) is no token.
fn tokens(l: &Line) -> Vec<String> {
    l.text
        .split_whitespace()
        .filter(|t| *t != "|")
        .map(str::to_string)
        .collect()
}

struct Ctx<'a> {
    w: &'a FormWords,
    /// The document is OCR text: header words may be read one character off.
    ocr: bool,
    /// What the identity, money-column, indicator-column and total words
    /// start with (`Firsts`).
    firsts: [Firsts; 4],
}

/// The first characters of some words, squeezed (`squeezed_chars`): a cell
/// whose squeezed text starts with none of them starts with none of the
/// words and equals none of them, so it is told without comparing it with
/// each word (most cells of a document are no header).
struct Firsts {
    chars: Vec<char>,
    /// A word squeezes to nothing: every cell starts with it.
    any: bool,
}

impl Firsts {
    fn of<'w>(words: impl Iterator<Item = &'w String>) -> Self {
        let mut chars = Vec::new();
        let mut any = false;
        for w in words {
            match squeezed_chars(w).next() {
                Some(c) => chars.push(c),
                None => any = true,
            }
        }
        chars.sort_unstable();
        chars.dedup();
        Firsts { chars, any }
    }

    /// `cell` may start with (or equal) one of the words.
    fn may_start(&self, cell: &str) -> bool {
        self.any
            || squeezed_chars(cell)
                .next()
                .is_some_and(|c| self.chars.binary_search(&c).is_ok())
    }
}

const IDENTITY: usize = 0;
const MONEY: usize = 1;
const INDICATOR: usize = 2;
const TOTAL: usize = 3;

impl<'a> Ctx<'a> {
    fn new(w: &'a FormWords, ocr: bool) -> Self {
        Ctx {
            w,
            ocr,
            firsts: [
                Firsts::of(w.identity.values().flatten()),
                Firsts::of(w.money_columns.values().flatten()),
                Firsts::of(w.indicator_columns.values().flatten()),
                Firsts::of(w.total_labels.iter()),
            ],
        }
    }
}

impl Ctx<'_> {
    fn money_role(&self, cell: &str) -> Option<M> {
        if !self.firsts[MONEY].may_start(cell) {
            return None;
        }
        self.money_role_of_every_word(cell)
    }

    /// `money_role`, every word compared.
    fn money_role_of_every_word(&self, cell: &str) -> Option<M> {
        let w = self.w;
        let map: [(M, &[String]); 6] = [
            (M::Initial, words(w, "initial", "money")),
            (M::Annual, words(w, "annual", "money")),
            (M::Spent, words(w, "spent", "money")),
            (M::Points, words(w, "points", "money")),
            (M::Rate, words(w, "rate", "money")),
            (M::Score, words(w, "score", "money")),
        ];
        role_of(cell, &map)
    }

    fn indicator_role(&self, cell: &str) -> Option<I> {
        if !self.firsts[INDICATOR].may_start(cell) {
            return None;
        }
        self.indicator_role_of_every_word(cell)
    }

    /// `indicator_role`, every word compared.
    fn indicator_role_of_every_word(&self, cell: &str) -> Option<I> {
        let w = self.w;
        let map: [(I, &[String]); 14] = [
            (I::Level1, words(w, "level1", "ind")),
            (I::Level2, words(w, "level2", "ind")),
            (I::Name, words(w, "indicator", "ind")),
            (I::Nature, words(w, "nature", "ind")),
            (I::Target, words(w, "target", "ind")),
            (I::Unit, words(w, "unit", "ind")),
            (I::Actual, words(w, "actual", "ind")),
            (I::Points, words(w, "points", "ind")),
            (I::Score, words(w, "score", "ind")),
            (I::Weight, words(w, "weight", "ind")),
            (I::Folded, words(w, "folded", "ind")),
            (I::Reason, words(w, "reason", "ind")),
            (I::Coef, words(w, "coef", "ind")),
            (I::Core, words(w, "core", "ind")),
        ];
        role_of(cell, &map)
    }

    fn identity(&self, cell: &str) -> Option<(&'static str, usize)> {
        if !self.firsts[IDENTITY].may_start(cell) {
            return None;
        }
        self.identity_of_every_word(cell)
    }

    /// `identity`, every word compared.
    fn identity_of_every_word(&self, cell: &str) -> Option<(&'static str, usize)> {
        let mut best: Option<(&'static str, usize)> = None;
        for key in ["project", "department", "authority", "unit"] {
            if let Some(n) = starts(cell, words(self.w, key, "identity")) {
                if best.is_none_or(|b| n > b.1) {
                    best = Some((key, n));
                }
            }
        }
        best
    }

    fn money_kind(&self, label: &str) -> Option<MoneyKind> {
        let c = squeeze(label);
        let c = c.trim_end_matches(':');
        let r = &self.w.money_rows;
        if r.groups.iter().any(|g| c.contains(&squeeze(g))) {
            return Some(MoneyKind::Group);
        }
        if c.starts_with("其中") {
            return Some(MoneyKind::Part);
        }
        if r.total.iter().any(|t| c.ends_with(&squeeze(t)) || c == squeeze(t)) {
            return Some(MoneyKind::Total);
        }
        if r.parts.iter().any(|p| c.contains(&squeeze(p))) {
            return Some(MoneyKind::Part);
        }
        None
    }

    fn level(&self, cell: &str) -> Option<u8> {
        let c = squeeze(cell);
        let c = c.split(['(', '（']).next().unwrap_or("");
        if self.w.levels.level2.iter().any(|l| c == squeeze(l)) && !self.w.levels.level1.iter().any(|l| c == squeeze(l))
        {
            return Some(2);
        }
        if self.w.levels.level1.iter().any(|l| c == squeeze(l)) {
            return Some(1);
        }
        None
    }

    fn is_total(&self, cell: &str) -> bool {
        self.firsts[TOTAL].may_start(cell) && self.is_total_of_every_word(cell)
    }

    /// `is_total`, every word compared.
    fn is_total_of_every_word(&self, cell: &str) -> bool {
        // `squeeze(cell) == squeeze(t)`, without building either
        self.w
            .total_labels
            .iter()
            .any(|t| squeezed_chars(cell).eq(squeezed_chars(t)))
    }
}

/// Finds and reads every form of a document.
///
/// `ocr`: the document's text came from OCR (pages read by the engine, or a
/// text that reads like OCR output, `ingest::ocr::text_looks_ocr`).
pub fn extract(doc: &Document, p: &FormPatterns, year: &str, ocr: bool) -> Vec<Form> {
    let lines = doc.lines.view();
    let mut out = extract_lines(lines, p, year, ocr);
    // several forms flattened onto one line (r22): each piece read on its
    // own, in place of what was read across them
    let cx = Ctx::new(&p.words, ocr);
    for (at, pieces) in lines
        .iter()
        .enumerate()
        .filter_map(|(k, l)| Some((k, split_forms(&l, p, &cx)?)))
    {
        let Some(whole) = out.iter().position(|f| (f.start..f.end.max(f.start + 1)).contains(&at)) else {
            continue;
        };
        let (from, end) = (out[whole].start.min(at), out[whole].end.max(at + 1).min(lines.len()));
        let n = pieces.len();
        let mut read: Vec<Form> = Vec::new();
        for (k, piece) in pieces.into_iter().enumerate() {
            // the first piece keeps the lines above, the last the lines below
            let l = lines.at(at);
            let mut sub = LineStore::default();
            let shift = if k == 0 { from } else { at };
            if k == 0 {
                lines.slice(from..at).iter().for_each(|x| sub.push_line(x));
            }
            sub.push_plain(l.page, l.line, &piece);
            if k > 0 && k + 1 == n {
                lines.slice(at + 1..end).iter().for_each(|x| sub.push_line(x));
            }
            for mut f in extract_lines(sub.view(), p, year, ocr) {
                relocate(&mut f, shift);
                read.push(f);
            }
        }
        if read.len() >= 2 {
            out.splice(whole..=whole, read);
        }
    }
    out
}

/// A long line of flattened text holding the titles of two or more forms,
/// each followed by its identity (项目名称 …) and money header: the line cut
/// before each title's word (`财政项目支出绩效自评表 (2022 年度) 项目名称 …`
/// twice on one line, r22): the pieces' texts. None for any other line.
fn split_forms(l: &Line, p: &FormPatterns, cx: &Ctx) -> Option<Vec<String>> {
    if l.is_table_row() || l.cells().len() > 1 || l.text.chars().count() < 200 {
        return None;
    }
    let text = l.text;
    let mut cuts: Vec<usize> = Vec::new();
    for v in &p.variants {
        for (k, _) in super::occurrences(text, v.title.as_str()) {
            // back to the start of the word holding the title
            let start = text[..k].rfind(char::is_whitespace).map_or(0, |w| w + 1);
            if !cuts.contains(&start) {
                cuts.push(start);
            }
        }
    }
    cuts.sort_unstable();
    if cuts.first() != Some(&0) {
        cuts.insert(0, 0);
    }
    cuts.push(text.len());
    let pieces: Vec<&str> = cuts
        .windows(2)
        .map(|w| &text[w[0]..w[1]])
        .filter(|t| !t.trim().is_empty())
        .collect();
    // each piece a form: an identity label and a money header of its own
    let whole = pieces.iter().all(|t| {
        let toks: Vec<&str> = t.split_whitespace().collect();
        toks.iter()
            .any(|w| matches!(cx.identity(w), Some(("project", _)) | Some(("department", _))))
            && toks.iter().filter(|w| cx.money_role(w).is_some()).count() >= 3
    });
    (pieces.len() >= 2 && whole).then(|| pieces.into_iter().map(|t| t.trim().to_string()).collect())
}

/// A form read from a part of the document's lines: its line indexes made
/// the document's again (`shift` is where the part starts).
fn relocate(f: &mut Form, shift: usize) {
    f.start += shift;
    f.end += shift;
    f.scrambled = f.scrambled.map(|s| s + shift);
    for m in &mut f.money {
        m.index += shift;
    }
    for r in &mut f.indicators {
        r.index += shift;
    }
    let ats = f
        .total_points
        .iter_mut()
        .chain(f.total_score.iter_mut())
        .chain(f.level_points.iter_mut().map(|(_, a)| a))
        .chain(f.block_scores.iter_mut().map(|(_, a)| a))
        .chain(f.sources.iter_mut().flat_map(|b| {
            b.total
                .iter_mut()
                .map(|(_, a)| a)
                .chain(b.sources.iter_mut().map(|(_, a)| a))
        }));
    for a in ats {
        a.index += shift;
    }
}

/// The forms of some lines (the document's, or part of them).
fn extract_lines(lines: Lines<'_>, p: &FormPatterns, year: &str, ocr: bool) -> Vec<Form> {
    let cx = Ctx::new(&p.words, ocr);
    // form starts: lines naming a project or a department
    let mut starts: Vec<usize> = Vec::new();
    let mut since_header = true;
    for (i, l) in lines.iter().enumerate() {
        // `cells_of` and the first of `tokens`, borrowed
        let cells: Vec<&str> = if l.cells().len() >= 2 {
            l.cells().iter().map(|c| c.trim()).collect()
        } else {
            vec![l.text.trim()]
        };
        let first = l.text.split_whitespace().find(|t| *t != "|");
        let starts_here = cells
            .iter()
            .copied()
            .chain(first)
            .take(4)
            .any(|c| matches!(cx.identity(c), Some(("project", _)) | Some(("department", _))));
        if starts_here && since_header {
            starts.push(i);
            since_header = false;
        }
        if !since_header && cells.iter().any(|c| cx.money_role(c).is_some() || cx.is_total(c)) {
            since_header = true;
        }
    }
    // no start, or a form's tail before the first start (an excerpt
    // beginning mid-form): read from the top too
    let head_has_form = starts.first().is_some_and(|&s| {
        lines.slice(..s).iter().any(|l| {
            cells_of(&l)
                .iter()
                .any(|c| cx.is_total(c) || cx.indicator_role(c) == Some(I::Level2))
        })
    });
    if (starts.is_empty() || head_has_form) && !lines.is_empty() && starts.first() != Some(&0) {
        starts.insert(0, 0);
    }
    let mut out = Vec::new();
    for (k, &s) in starts.iter().enumerate() {
        let e = starts.get(k + 1).copied().unwrap_or(lines.len());
        // the title a line or three above belongs to the form
        let from = s.saturating_sub(3).max(if k == 0 { 0 } else { starts[k - 1] + 1 });
        let squeezed = squeezed_lines(lines.slice(from..e));
        let next: String = match starts.get(k + 1) {
            Some(&n) if k == 0 && s == 0 => {
                squeezed_lines(lines.slice(n..starts.get(k + 2).copied().unwrap_or(lines.len())))
            }
            _ => String::new(),
        };
        let Some(v) = p
            .variant_for_text(&squeezed, ocr)
            .or_else(|| p.variant_for_text(&next, ocr))
        else {
            continue;
        };
        if let Some(f) = read(lines, from, s, e, v, &cx, year) {
            out.push(f);
        }
    }
    out
}

/// The lines' texts squeezed and joined, in one string sized once.
fn squeezed_lines(lines: Lines<'_>) -> String {
    let mut out = String::with_capacity(lines.iter().map(|l| l.text.len()).sum());
    for l in lines.iter() {
        crate::patterns::forms::squeeze_into(&mut out, l.text);
    }
    out
}

fn year_in(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let mut i = 0;
    while i + 5 <= b.len() {
        if b[i..i + 4].iter().all(u8::is_ascii_digit)
            && text[i + 4..].starts_with('年')
            && (b[i] == b'2' || b[i] == b'1')
        {
            let before_digit = i > 0 && b[i - 1].is_ascii_digit();
            if !before_digit {
                return Some(text[i..i + 4].to_string());
            }
        }
        i += 1;
    }
    None
}

fn read(lines: Lines<'_>, from: usize, start: usize, end: usize, v: &Variant, cx: &Ctx, year: &str) -> Option<Form> {
    let mut f = Form {
        variant: v.id.clone(),
        money_points_default: v.money_points,
        money_in_total: v.money_in_total,
        floor_tolerated: v.floor_tolerated,
        project: String::new(),
        department: String::new(),
        authority: String::new(),
        unit: String::new(),
        year: String::new(),
        money_unit: "万元".into(),
        factor: Decimal::new(10000, 0),
        money: Vec::new(),
        groups: Vec::new(),
        goals: Vec::new(),
        indicators: Vec::new(),
        total_points: None,
        total_score: None,
        notes: Vec::new(),
        sources: Vec::new(),
        level_points: Vec::new(),
        block_scores: Vec::new(),
        scrambled: None,
        truncated: false,
        start: from,
        end,
    };
    for l in &lines.slice(from..end.min(start + 6)) {
        if let Some(y) = year_in(l.text) {
            f.year = y;
            break;
        }
    }
    if f.year.is_empty() {
        f.year = year.to_string();
    }
    let mut money_header: Option<Vec<(usize, M)>> = None;
    let mut money_zone = false;
    let mut ind_header: Option<Vec<I>> = None;
    let mut pending: Option<(String, usize)> = None;
    let mut levels = (String::new(), String::new());
    let mut group: Option<usize> = None;
    let mut block: Option<SourceBlock> = None;
    // a header row of indicator roles that needs the next row to be complete
    let mut partial: Option<(usize, Vec<I>)> = None;
    // the column roles of a money block printed as label/value pairs
    let mut pairs_roles: Option<Vec<Option<M>>> = None;
    let view = form_view(lines, start.min(from), start, end, cx);
    for (i, l, vstream) in view.iter() {
        let l = &l;
        let sq = squeeze(l.text);
        if sq.contains("(元)")
            || sq.ends_with("元)") && !sq.contains("万元") && money_header.is_none() && sq.contains("资金")
        {
            f.money_unit = "元".into();
            f.factor = Decimal::ONE;
        }
        notes(&mut f, cx, l);
        // a long single line is read token by token; else cell by cell
        let single = l.cells().iter().filter(|c| !c.trim().is_empty()).count() <= 1;
        let cells = if single && l.text.split_whitespace().count() > 1 {
            tokens(l)
        } else {
            cells_of(l)
        };
        identity(&mut f, cx, &cells);
        block_scores(&mut f, cx, &cells, l, i);
        // money by source: `label: number` lines under a `…(万元)` heading
        if single {
            if let Some(b) = source_line(cx, l, i, &mut block) {
                f.sources.push(b);
            }
        }
        // headers
        let mroles: Vec<(usize, M)> = cells
            .iter()
            .enumerate()
            .filter_map(|(j, c)| cx.money_role(c).map(|r| (j, r)))
            .collect();
        let iroles: Vec<(usize, I)> = cells
            .iter()
            .enumerate()
            .filter_map(|(j, c)| cx.indicator_role(c).map(|r| (j, r)))
            .collect();
        // on one line a money header may come before the indicator header
        let i_start = iroles
            .iter()
            .find(|x| !matches!(x.1, I::Points | I::Score))
            .map(|x| x.0)
            .unwrap_or(usize::MAX);
        let iroles: Vec<(usize, I)> = iroles.into_iter().filter(|x| x.0 >= i_start).collect();
        let mroles: Vec<(usize, M)> = mroles.into_iter().filter(|x| x.0 < i_start).collect();
        if ind_header.is_none() && !money_zone && paired_money(&mut f, cx, &cells, &mut pairs_roles, l, i) {
            continue;
        }
        if ind_header.is_none() && mroles.len() >= 3 && i_start != usize::MAX {
            let last = mroles.iter().map(|x| x.0).max().unwrap_or(0);
            money_header = Some(mroles.clone());
            money_cells(
                &mut f,
                cx,
                &cells[last + 1..i_start.max(last + 1)],
                &mroles,
                &mut pending,
                &mut group,
                l,
                i,
            );
        }
        // in a form spread one cell per paragraph the header is the first run
        // of role cells, not every role word further on
        // (and on a line read token by token, a role word far past the header
        // is no column of it: r22's PDF text prints its 偏差原因分析及改进措施
        // column word after the rows)
        let iroles: Vec<(usize, I)> = if vstream {
            first_run(iroles, 2)
        } else if single && cells.len() > 1 {
            first_run(iroles, 3)
        } else {
            iroles
        };
        let roles: Vec<I> = iroles.iter().map(|x| x.1).collect();
        // a header printed over two rows (p29: 年度指标值/分值/得分 above,
        // 一级指标/三级指标/指标性质 below; r10): the rows together
        let joined: Option<Vec<I>> = match &partial {
            Some((pi, pr)) if ind_header.is_none() && i <= pi + 3 && roles.len() >= 3 && !is_header(&roles) => {
                let mut u = pr.clone();
                u.extend(roles.iter().copied().filter(|r| !pr.contains(r)));
                is_header(&u).then_some(u)
            }
            _ => None,
        };
        if ind_header.is_none() && joined.is_none() && roles.len() >= 3 && !is_header(&roles) {
            partial = Some((i, roles.clone()));
        }
        if is_header(&roles) || joined.is_some() {
            let mut h = ind_header.take().or(joined).unwrap_or_default();
            // a two-row header adds its second row's roles
            for (_, r) in &iroles {
                if !h.contains(r) {
                    h.push(*r);
                }
            }
            // a money header printed before it on the same line ends there
            ind_header = Some(h);
            money_zone = false;
            // cells after the header on the same row are indicator rows (a form on one line)
            let last = iroles.iter().map(|x| x.0).max().unwrap_or(0);
            // a framed stream keeps its empty cells: rows by column (r02)
            let framed = vstream && cells.iter().any(|c| c.is_empty());
            let first = iroles.iter().map(|x| x.0).min().unwrap_or(0);
            let contiguous = iroles.len() == last + 1 - first;
            if framed
                && contiguous
                && framed_rows(
                    &mut f,
                    cx,
                    &cells[last + 1..],
                    &iroles.iter().map(|x| x.1).collect::<Vec<_>>(),
                    &mut levels,
                    l,
                    i,
                )
            {
                continue;
            }
            if cells.len() > last + 1 {
                indicator_cells(
                    &mut f,
                    cx,
                    &cells[last + 1..],
                    ind_header.as_deref().unwrap_or(&[]),
                    &mut levels,
                    l,
                    i,
                    vstream,
                );
            }
            continue;
        }
        if ind_header.is_none() && mroles.len() >= 3 {
            money_header = Some(mroles.clone());
            money_zone = true;
            // the rest of the row after the header: labels and values
            let last = mroles.iter().map(|x| x.0).max().unwrap_or(0);
            money_cells(&mut f, cx, &cells[last + 1..], &mroles, &mut pending, &mut group, l, i);
            continue;
        }
        // a second header row of sub-columns under the first (河北's template,
        // p13: 预期指标值 over 符号 | 单位(文字描述), 自评得分 over 单项指标得分 |
        // 权重占比(%) | 单项指标折算得分): every cell a role, before any row
        if let Some(h) = ind_header.as_mut() {
            let all_roles = iroles.len() >= 3 && iroles.len() == cells.iter().filter(|c| !c.trim().is_empty()).count();
            if all_roles && f.indicators.is_empty() && roles.iter().any(|r| !h.contains(r)) {
                for r in &roles {
                    if !h.contains(r) {
                        h.push(*r);
                    }
                }
                continue;
            }
        }
        if let Some(h) = &ind_header {
            if cells.iter().any(|c| cx.is_total(c)) {
                total(&mut f, cx, &cells, l, i);
                continue;
            }
            indicator_cells(&mut f, cx, &cells, h, &mut levels, l, i, vstream);
            continue;
        }
        if money_zone {
            let h = money_header.clone().unwrap_or_default();
            if sq.starts_with("年度总体目标") || sq.starts_with("年度总体") || sq.contains("预期目标") {
                money_zone = false;
                goals(&mut f, &cells);
                continue;
            }
            if l.table().is_some() && positional(&mut f, cx, &cells, &h, &mut group, l, i) {
                continue;
            }
            money_cells(&mut f, cx, &cells, &h, &mut pending, &mut group, l, i);
            continue;
        }
        if cells.iter().any(|c| cx.is_total(c)) {
            total(&mut f, cx, &cells, l, i);
        }
    }
    if let Some(b) = block.take() {
        if b.total.is_some() || !b.sources.is_empty() {
            f.sources.push(b);
        }
    }
    if f.total_row().is_none() {
        glued(&mut f, cx, lines, start.min(from), end);
    }
    if f.indicators.is_empty() {
        super::forms_flat::read(&mut f, cx.w, lines, start.min(from), end, cx.ocr);
    }
    let read_something = !f.money.is_empty() || !f.indicators.is_empty() || !f.sources.is_empty();
    read_something.then_some(f)
}

/// Indicator header roles that make a header: a name column (or the
/// second level) with scores, or a name with target and actual (forms that
/// print no score column: p09, r10).
fn is_header(roles: &[I]) -> bool {
    let has = |r: I| roles.contains(&r);
    roles.len() >= 3
        && (has(I::Name) || has(I::Level2))
        && (has(I::Score) || has(I::Points) || has(I::Name) && has(I::Target) && has(I::Actual))
}

/// The header's role cells in a form joined from paragraphs (or a line read
/// token by token): the run that starts at the first level or name column,
/// gaps of up to `gap - 1` cells allowed (a header word split in two, `年度
/// 指标值`; r22's first indicator name printed inside its header).
fn first_run(iroles: Vec<(usize, I)>, gap: usize) -> Vec<(usize, I)> {
    let Some(k) = iroles
        .iter()
        .position(|x| matches!(x.1, I::Level1 | I::Level2 | I::Name))
    else {
        return iroles;
    };
    let mut out: Vec<(usize, I)> = vec![iroles[k]];
    for x in &iroles[k + 1..] {
        let prev = out.last().map(|p| p.0).unwrap_or(x.0);
        if x.0 > prev + gap {
            break;
        }
        out.push(*x);
    }
    out
}

/// Paragraphs shorter than this are the cells of a form printed one cell
/// per paragraph.
const SHORT: usize = 40;

/// A form's lines as its reader sees them, in order: (index in the
/// document, line, read as one run-on line), each line the document's or
/// one joined from several (kept in `joined`): see `form_view`.
struct FormView<'a> {
    rows: Vec<(usize, ViewRow<'a>, bool)>,
    joined: LineStore,
}

#[derive(Clone, Copy)]
enum ViewRow<'a> {
    Doc(Line<'a>),
    Joined(usize),
}

impl<'a> FormView<'a> {
    fn new() -> Self {
        FormView {
            rows: Vec::new(),
            joined: LineStore::default(),
        }
    }

    /// The document's lines `range` of `lines`, each read as a row.
    fn extend(&mut self, lines: Lines<'a>, range: std::ops::Range<usize>) {
        let lo = range.start;
        let part = lines.slice(range);
        self.rows
            .extend(part.iter().enumerate().map(|(k, l)| (lo + k, ViewRow::Doc(l), false)));
    }

    /// A line joined from the cells of several, standing at `index`.
    fn join(&mut self, index: usize, first: Line<'_>, end_line: u32, cells: Vec<String>, run_on: bool) {
        let spans = vec![crate::model::Span::ONE; cells.len()];
        self.joined.push(first.page, first.line, end_line, cells, spans, None);
        let k = self.joined.len() - 1;
        self.rows.push((index, ViewRow::Joined(k), run_on));
    }

    fn iter(&self) -> impl Iterator<Item = (usize, Line<'_>, bool)> + '_ {
        self.rows.iter().map(|&(i, r, s)| {
            let l = match r {
                ViewRow::Doc(l) => l,
                ViewRow::Joined(k) => self.joined.at(k),
            };
            (i, l, s)
        })
    }
}

/// The lines a form is read from. A form printed one cell per paragraph
/// (r15, p15, r02: a word processor's table pasted as text) is joined, from
/// its identity line on, into one line whose cells are the paragraphs, read
/// like a form run onto one line (the `bool`); header words broken over two
/// paragraphs (`年初` / `预算数`) are joined again. Other forms are their lines.
fn form_view<'a>(lines: Lines<'a>, lo: usize, start: usize, end: usize, cx: &Ctx) -> FormView<'a> {
    let end = end.min(lines.len());
    let lo = lo.min(end);
    let start = start.clamp(lo, end);
    let body = &lines.slice(start..end);
    let filled: Vec<Line> = body.iter().filter(|l| !l.text.trim().is_empty()).collect();
    let short = filled
        .iter()
        .filter(|l| !l.is_table_row() && l.text.trim().chars().count() <= SHORT)
        .count();
    // and the numbers stand alone (r15, p15), not after their labels
    // (`其中:中央补助 668.00`, p03's money by source)
    let lone = filled.iter().filter(|l| number(l.text.trim()).is_some()).count();
    let labelled = filled
        .iter()
        .filter(|l| {
            let t = l.text.trim();
            t.split_whitespace().count() >= 2 && t.split_whitespace().last().is_some_and(|w| number(w).is_some())
        })
        .count();
    let paragraphs = short >= 20 && short * 10 >= filled.len() * 7 && lone >= 5 && lone > labelled;
    if !paragraphs {
        if let Some(v) = framed_view(lines, lo, start, end, cx) {
            return v;
        }
    }
    let mut out = FormView::new();
    out.extend(lines, lo..if paragraphs { start } else { end });
    if !paragraphs || filled.is_empty() {
        return out;
    }
    let mut cells: Vec<String> = Vec::new();
    for l in &filled {
        let t = l.text.trim();
        if let Some(prev) = cells.last_mut() {
            let joined = format!("{prev}{t}");
            let broken = prev.chars().count() <= 3
                && !prev.chars().any(|c| c.is_ascii_digit())
                && cx.money_role(prev).is_none()
                && cx.indicator_role(prev).is_none()
                && (cx.money_role(&joined).is_some() || cx.indicator_role(&joined).is_some());
            if broken {
                *prev = joined;
                continue;
            }
        }
        cells.push(t.to_string());
    }
    let first = filled[0];
    let last_line = filled.last().map_or(first.end_line, |l| l.end_line);
    out.join(start, first, last_line, cells, true);
    out
}

/// A plain line's cell in a framed one-cell-per-line copy: `X |` → `X`, a
/// lone `|` → the empty cell; None for a line without the frame.
fn framed_cell<'a>(l: &Line<'a>) -> Option<&'a str> {
    if l.is_table_row() {
        return None;
    }
    let t = l.text.trim();
    t.strip_suffix('|').map(str::trim)
}

/// Shortest framed run before the indicator table joined into one row (a
/// label and its value on lines of their own: `项目名称 |` / `… |`).
const FRAMED_ROW: usize = 4;

/// Shortest framed run read as one stream (the indicator header alone is
/// 7–10 cells, each row as many).
const FRAMED_RUN: usize = 20;

/// The lines of a form whose indicator table was pasted one cell per line,
/// each cell closed by ` |` and an empty cell a lone `|` (r02's 四川 template,
/// its money block already a grid): the first run of at least `FRAMED_RUN`
/// such lines that holds an indicator header is joined into one line whose
/// cells are the framed cells, empty ones kept (they place the row's cells
/// in their columns, `framed_rows`); the lines around stay as they are.
fn framed_view<'a>(lines: Lines<'a>, lo: usize, start: usize, end: usize, cx: &Ctx) -> Option<FormView<'a>> {
    let end = end.min(lines.len());
    let lo = lo.min(end);
    let start = start.clamp(lo, end);
    let mut k = start;
    // the framed runs before the indicator table (identity, goals: r02),
    // each joined into one line of cells, read as a row (not a stream)
    let mut out = FormView::new();
    out.extend(lines, lo..start);
    let cells_of_run = |from: usize, run: usize| -> Vec<String> {
        lines
            .slice(from..from + run)
            .iter()
            .filter_map(|l| framed_cell(&l).map(str::to_string))
            .collect()
    };
    while k < end {
        let run = lines
            .slice(k..end)
            .iter()
            .take_while(|l| framed_cell(l).is_some())
            .count();
        if run == 0 {
            out.extend(lines, k..k + 1);
            k += 1;
            continue;
        }
        let last = lines.at(k + run - 1).end_line;
        if run >= FRAMED_RUN {
            let cells = cells_of_run(k, run);
            let roles = cells.iter().filter(|c| cx.indicator_role(c).is_some()).count();
            let has_level = cells
                .iter()
                .any(|c| matches!(cx.indicator_role(c), Some(I::Level1) | Some(I::Level2)));
            if roles >= 5 && has_level {
                out.join(k, lines.at(k), last, cells, true);
                out.extend(lines, k + run..end);
                return Some(out);
            }
        }
        if run >= FRAMED_ROW {
            out.join(k, lines.at(k), last, cells_of_run(k, run), false);
        } else {
            out.extend(lines, k..k + run);
        }
        k += run;
    }
    None
}

/// The indicator rows of a framed stream (`framed_view`) after its header:
/// each row as wide as the header, less the level cells a merged level
/// prints only in its first row (a row starting with a level-2 word lacks
/// level 1, a row starting with a name lacks both); every cell in its
/// column. Stops at the total row (read by `total`). False, reading
/// nothing, when a row does not fit (a score or points cell holding text,
/// the stream ending mid-row) or the header does not start with both levels.
#[allow(clippy::too_many_arguments)]
fn framed_rows(
    f: &mut Form,
    cx: &Ctx,
    cells: &[String],
    h: &[I],
    levels: &mut (String, String),
    l: &Line,
    i: usize,
) -> bool {
    let w = h.len();
    if w < 5 || h[0] != I::Level1 || h[1] != I::Level2 {
        return false;
    }
    let mut rows: Vec<FormIndicator> = Vec::new();
    let (mut l1, mut l2) = levels.clone();
    let mut k = 0;
    let mut total_at = None;
    while k < cells.len() {
        // the total row: 总分 or the template's 合计 (r02, 四川)
        if cx.is_total(&cells[k]) || cx.money_kind(&cells[k]) == Some(MoneyKind::Total) {
            total_at = Some(k);
            break;
        }
        if cells[k].is_empty() {
            k += 1;
            continue;
        }
        let width = match cx.level(&cells[k]) {
            Some(1) => w,
            Some(_) => w - 1,
            None => w - 2,
        };
        let Some(row) = cells.get(k..k + width) else {
            return false;
        };
        let col = |r: I| {
            h.iter()
                .position(|x| *x == r)
                .and_then(|p| (p + width).checked_sub(w))
                .and_then(|p| row.get(p))
                .map(String::as_str)
                .unwrap_or("")
        };
        if width == w {
            l1 = row[0].split(['(', '（']).next().unwrap_or("").to_string();
        }
        if width >= w - 1 {
            l2 = row[width + 1 - w].to_string();
        }
        let name = col(I::Name);
        let num = |r: I| {
            let c = col(r);
            if c.is_empty() || is_dash(c) {
                Ok(None)
            } else {
                number(c).map(Some).ok_or(())
            }
        };
        let (Ok(points), Ok(score)) = (num(I::Points), num(I::Score)) else {
            return false;
        };
        if name.is_empty() || number(name).is_some() || cx.level(name).is_some() {
            return false;
        }
        let op = col(I::Nature);
        let unit = col(I::Unit);
        let value = col(I::Target);
        let target = if is_operator(op) && !value.is_empty() {
            with_unit(&format!("{op}{value}"), unit)
        } else {
            with_unit(value, unit)
        };
        rows.push(FormIndicator {
            level1: l1.clone(),
            level2: l2.clone(),
            name: name.to_string(),
            nature: if is_operator(op) { op.to_string() } else { String::new() },
            target,
            unit: unit.to_string(),
            actual: col(I::Actual).to_string(),
            points,
            score,
            reason: col(I::Reason).to_string(),
            lower: cx.w.lower_is_better.iter().any(|x| name.contains(x.as_str())),
            index: i,
            line: l.line,
            page: l.page,
            evidence: row.join(" "),
            ..FormIndicator::default()
        });
        k += width;
    }
    if rows.is_empty() {
        return false;
    }
    f.indicators.extend(rows);
    *levels = (l1, l2);
    // its cells under the header's last columns: 分值 and 得分 in theirs,
    // an empty one unread (r02 prints 合计 | 100 | | : the points, no score)
    if let Some(t) = total_at {
        let tail = h.iter().position(|r| matches!(r, I::Points | I::Score)).map(|p| w - p);
        let after = &cells[t + 1..];
        let cell_of = |r: I| {
            let p = h.iter().position(|x| *x == r)?;
            let c = after.get(p + tail? - w)?;
            number(c)
        };
        let at = |p: Printed| At {
            printed: p,
            index: i,
            line: l.line,
            page: l.page,
        };
        let fits = tail.is_some_and(|n| after.len() >= n && after[..n].iter().all(|c| c.is_empty() || is_value(c)));
        if fits {
            f.total_points = cell_of(I::Points).map(at);
            f.total_score = cell_of(I::Score).map(at);
        } else {
            total(f, cx, &cells[t..], l, i);
        }
    }
    true
}

/// Money rows run together with their header on one long line (p11, p25,
/// p27): see `forms_glued`.
fn glued(f: &mut Form, cx: &Ctx, lines: Lines<'_>, lo: usize, end: usize) {
    use super::forms_glued::{header_roles, runs, split_run, Role};
    let w = cx.w;
    let cols: Vec<(Role, Vec<String>)> = [
        (Role::Initial, "initial"),
        (Role::Annual, "annual"),
        (Role::Spent, "spent"),
        (Role::Points, "points"),
        (Role::Rate, "rate"),
        (Role::Score, "score"),
    ]
    .into_iter()
    .map(|(r, k)| (r, words(w, k, "money").iter().map(|x| squeeze(x)).collect()))
    .collect();
    let labels: Vec<String> = w
        .money_rows
        .total
        .iter()
        .chain(w.money_rows.parts.iter())
        .map(|x| squeeze(x))
        .collect();
    for (i, l) in lines.iter().enumerate().take(end).skip(lo) {
        if l.is_table_row() || l.text.chars().count() < 40 {
            continue;
        }
        let sq = squeeze(l.text);
        let found = runs(&sq, &labels);
        let mut good: Option<Vec<Role>> = None;
        for (at, label, run) in &found {
            let Some(kind) = cx.money_kind(label) else { continue };
            if kind == MoneyKind::Total && f.total_row().is_some() {
                continue;
            }
            // the header is the text just before the row: at most 80
            // characters, from its `(万元)` on; a later row may reuse the
            // header of the row before
            let head = &sq[..*at];
            let mut from = head.len();
            for _ in 0..80 {
                match head[..from].chars().next_back() {
                    Some(c) => from -= c.len_utf8(),
                    None => break,
                }
            }
            let head = &head[from..];
            let head = head.rfind("(万元)").map_or(head, |k| &head[k..]);
            let own = header_roles(head, &cols);
            let (roles, nums) = match split_run(run, &own) {
                Some(n) => (own, n),
                None => match good.as_ref().and_then(|g| split_run(run, g).map(|n| (g.clone(), n))) {
                    Some(x) => x,
                    None => continue,
                },
            };
            good = Some(roles.clone());
            let mut row = new_row(label, kind, None, &l, i);
            for (r, v) in roles.iter().zip(&nums) {
                set(&mut row, *r, v);
            }
            f.money.push(row);
        }
    }
}

fn notes(f: &mut Form, cx: &Ctx, l: &Line) {
    let sq = squeeze(l.text);
    let n = &cx.w.notes;
    let hit = |ws: &[String]| ws.iter().any(|w| sq.contains(&squeeze(w)));
    if hit(&n.money_outside) {
        f.money_in_total = false;
    }
    if (hit(&n.rate_formula) && sq.contains('/')) || (hit(&n.cap) && sq.contains("分值")) || hit(&n.money_outside) {
        let t = l.text.trim().to_string();
        if !f.notes.contains(&t) && t.chars().count() < 300 {
            f.notes.push(t);
        }
    }
}

/// Cells after a block heading searched for its score.
const BLOCK_REACH: usize = 8;

/// The score of a block scored as a whole (`block_headings`): after the
/// heading, within `BLOCK_REACH` cells and before another heading, the last
/// of the first run of numbers that are no labelled value (`预算数:` `2.38`
/// is a value; p15 prints `预算执行情况 | 预算数: | 2.38 | 执行数: | 2.38 |
/// 20`), at most 100.
fn block_scores(f: &mut Form, cx: &Ctx, cells: &[String], l: &Line, i: usize) {
    let heads: Vec<String> = cx.w.block_headings.iter().map(|h| squeeze(h)).collect();
    let head_of = |c: &str| {
        let sq = squeeze(c);
        let name = sq.split('(').next().unwrap_or("").to_string();
        heads.contains(&name).then_some(name)
    };
    let cells: Vec<&str> = cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
    for (k, c) in cells.iter().enumerate() {
        let Some(name) = head_of(c) else { continue };
        if f.block_scores.iter().any(|(n, _)| *n == name) {
            continue;
        }
        let mut found: Option<Printed> = None;
        for j in k + 1..(k + 1 + BLOCK_REACH).min(cells.len()) {
            let cell = cells[j];
            if head_of(cell).is_some() || cx.is_total(cell) || cx.identity(cell).is_some() {
                break;
            }
            let labelled = cells[j - 1].ends_with(':') || cells[j - 1].ends_with('：');
            match number(cell) {
                Some(p) if !labelled && !cell.contains('%') => found = Some(p),
                _ if found.is_some() => break,
                _ => {}
            }
        }
        if let Some(p) = found.filter(|p| p.value > Decimal::ZERO && p.value <= Decimal::ONE_HUNDRED) {
            let at = At {
                printed: p,
                index: i,
                line: l.line,
                page: l.page,
            };
            f.block_scores.push((name, at));
        }
    }
}

/// Cells this long that start with no identity label may hold one inside:
/// a form whose cells were run together (d17 `…自评表主管部门财政处室自评总分…`,
/// r11, r21 `…项目名称…主管部门中江县水利局实施单位…`).
const GLUED_CELL: usize = 30;

/// The identity values inside a cell of a form run together: each label
/// found (longest at each place, first of each field), its value up to the
/// next label of the form. A value that runs on to no label, or longer than
/// a name is (`GLUED_NAME`), is left unread.
fn glued_identity(f: &mut Form, cx: &Ctx, cell: &str) {
    const GLUED_NAME: usize = 40;
    let sq = squeeze(cell);
    let keys: Vec<(&'static str, Vec<String>)> = ["project", "department", "authority", "unit"]
        .into_iter()
        .map(|k| (k, words(cx.w, k, "identity").iter().map(|w| squeeze(w)).collect()))
        .collect();
    for (_, end, key) in super::forms_glued::words_in(&sq, &keys) {
        let rest = sq[end..].trim_start_matches(':');
        let Some(value) = cut_before_label(cx, rest) else {
            continue;
        };
        // the value runs into a label not known here (p11 `农业工作科填报日期:`),
        // an organisation's name ends in the next label's first word (p11
        // `区市场监督管理局项目实施单位`): unread
        // the label itself goes on (p27 `主管部门及代码…`), or an organisation's
        // name holds a digit (it ran on into the form's next fields,
        // `…项目类别1、部门预算项目…`)
        let org = key != "project";
        let cut_short = value.ends_with(':')
            || org && (value.ends_with("项目") || value.contains(|c: char| c.is_ascii_digit()))
            || value.starts_with('及')
            || org && cx.ocr && ends_in_misread_label(cx, value);
        let value = value.trim_end_matches([':', '(']).to_string();
        if value.is_empty() || cut_short || value.chars().count() > GLUED_NAME {
            continue;
        }
        let slot = match key {
            "project" => &mut f.project,
            "department" => &mut f.department,
            "authority" => &mut f.authority,
            _ => &mut f.unit,
        };
        if slot.is_empty() {
            *slot = value;
        }
    }
}

/// An organisation's name in OCR text running into an identity label read
/// one character off (r11 `银川市教育局实施第位` — 实施单位): its last
/// characters are a label of four or more with one other.
fn ends_in_misread_label(cx: &Ctx, value: &str) -> bool {
    let v: Vec<char> = value.chars().collect();
    cx.w.identity.values().flatten().any(|w| {
        let w: Vec<char> = squeeze(w).chars().collect();
        w.len() >= 4 && v.len() > w.len() && v[v.len() - w.len()..].iter().zip(&w).filter(|(a, b)| a != b).count() == 1
    })
}

fn identity(f: &mut Form, cx: &Ctx, cells: &[String]) {
    for (j, c) in cells.iter().enumerate() {
        if c.chars().count() >= GLUED_CELL && !c.contains(char::is_whitespace) {
            glued_identity(f, cx, c);
        }
        let Some((key, n)) = cx.identity(c) else {
            continue;
        };
        let sq = squeeze(c);
        let rest: String = sq
            .chars()
            .skip(n)
            .collect::<String>()
            .trim_start_matches(':')
            .to_string();
        // in a form run together (p27, p11) the value runs on into the next
        // label: cut it there
        let rest = cut_at_label(cx, &rest);
        // a gloss of the label, not its value: `实施单位 (盖章)` (r02)
        let gloss = rest.starts_with('(') && rest.ends_with(')') && rest.matches('(').count() == 1;
        let rest = if gloss { String::new() } else { rest };
        let value = if !rest.is_empty() {
            rest
        } else {
            match cells[j + 1..].iter().find(|x| !x.trim().is_empty()) {
                // nor a money row's label (r22 prints `实施单位 其中:当年财政拨款`,
                // the unit's name before its label)
                Some(x)
                    if cx.identity(x).is_none()
                        && cx.money_role(x).is_none()
                        && cx.money_kind(x).is_none()
                        && !is_value(x) =>
                {
                    // the next paragraph may run on into the next labels (r15)
                    cut_at_label(cx, x.trim())
                }
                _ => continue,
            }
        };
        // a code prefix `219001-` is not part of the name, nor 四川's project
        // code `51092324T000010263357-` (r02, r08)
        let value = match value.split_once('-') {
            Some((code, name))
                if !name.is_empty()
                    && (code.chars().all(|c| c.is_ascii_digit())
                        || code.len() >= 15 && code.chars().all(|c| c.is_ascii_alphanumeric())) =>
            {
                name.to_string()
            }
            _ => value,
        };
        let slot = match key {
            "project" => &mut f.project,
            "department" => &mut f.department,
            "authority" => &mut f.authority,
            _ => &mut f.unit,
        };
        if slot.is_empty() {
            *slot = value;
        }
    }
}

/// `s` up to the first identity or money-header word in it.
fn cut_at_label(cx: &Ctx, s: &str) -> String {
    match cut_before_label(cx, s) {
        Some(v) => v.trim_end_matches([':', '(']).to_string(),
        None => s.to_string(),
    }
}

/// `s` before the first identity, money-header or total word in it (and
/// after its start), as printed; `None` when no label follows.
fn cut_before_label<'s>(cx: &Ctx, s: &'s str) -> Option<&'s str> {
    let w = cx.w;
    let cut = w
        .identity
        .values()
        .chain(w.money_columns.values())
        .flatten()
        .chain(&w.identity_ends)
        .chain(&w.total_labels)
        .map(|x| squeeze(x))
        .chain(["项目资金".to_string()])
        .filter(|x| x.chars().count() >= 3)
        .filter_map(|x| s.find(x.as_str()))
        .filter(|&k| k > 0)
        .min();
    cut.map(|k| &s[..k])
}

fn goals(f: &mut Form, cells: &[String]) {
    for c in cells {
        let t = c.trim();
        if t.chars().count() > 12 && !f.goals.iter().any(|g| g == t) {
            f.goals.push(t.to_string());
        }
    }
}

fn new_row(label: &str, kind: MoneyKind, group: Option<usize>, l: &Line, i: usize) -> MoneyRow {
    MoneyRow {
        label: label.trim().trim_end_matches([':', '：']).to_string(),
        kind,
        group,
        initial: None,
        annual: None,
        spent: None,
        points: None,
        rate: None,
        score: None,
        index: i,
        line: l.line,
        page: l.page,
        evidence: l.text.to_string(),
    }
}

fn set(row: &mut MoneyRow, role: M, cell: &str) {
    if is_dash(cell) {
        return;
    }
    match role {
        M::Initial => row.initial = number(cell),
        M::Annual => row.annual = number(cell),
        M::Spent => row.spent = number(cell),
        M::Points => row.points = number(cell),
        M::Score => row.score = number(cell),
        M::Rate => row.rate = rate(cell),
    }
}

/// Label/value pairs and the numbers after them.
type Pairs<'a> = (Vec<(&'a str, &'a str)>, Vec<&'a str>);

/// A row of label/value pairs and the numbers after them: `预算数 6.84 到位数
/// 6.84 执行数 6.84 100.00` → ([(预算数, 6.84), …], [100.00]).
fn label_pairs(cells: &[String]) -> Option<Pairs<'_>> {
    let cells: Vec<&str> = cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
    let mut pairs = Vec::new();
    let mut k = 0;
    while k + 1 < cells.len() && !is_value(cells[k]) && is_value(cells[k + 1]) {
        pairs.push((cells[k], cells[k + 1]));
        k += 2;
    }
    let rest = &cells[k..];
    (pairs.len() >= 2 && rest.len() <= 1 && rest.iter().all(|c| rate(c).is_some())).then(|| (pairs, rest.to_vec()))
}

/// A money block printed as label/value pairs, one pair per column: 河北's
/// 预算项目绩效自评表 (冀财绩 template; p13 is a filled copy) heads its columns
/// 预算安排情况(调整后) | 资金到位情况 | 资金执行情况 | 预算执行进度(%) and prints
/// each cell's label beside its value: `预算数 6.84 到位数 6.84 执行数 6.84
/// 100.00`, then `其中:财政资金 6.84 …` and `其他 0.00 …`. The first row's
/// labels give the columns' roles (到位数 none; at least two of 年初/全年预算数
/// and 执行数, the first a budget), its trailing number the rate; rows of the same
/// number of pairs under it, labelled alike or as parts, are its 其中 rows.
fn paired_money(
    f: &mut Form,
    cx: &Ctx,
    cells: &[String],
    roles: &mut Option<Vec<Option<M>>>,
    l: &Line,
    i: usize,
) -> bool {
    let Some((pairs, rest)) = label_pairs(cells) else {
        *roles = None;
        return false;
    };
    let Some(cols) = roles.as_ref() else {
        let cols: Vec<Option<M>> = pairs.iter().map(|(lb, _)| cx.money_role(lb)).collect();
        let money = cols
            .iter()
            .filter(|r| matches!(r, Some(M::Initial | M::Annual | M::Spent)))
            .count();
        if money < 2 || !matches!(cols[0], Some(M::Initial | M::Annual)) || cx.money_kind(pairs[0].0).is_none() {
            return false;
        }
        let mut row = new_row(pairs[0].0, MoneyKind::Total, None, l, i);
        for ((_, v), r) in pairs.iter().zip(&cols) {
            if let Some(r) = r {
                set(&mut row, *r, v);
            }
        }
        if let Some(v) = rest.first() {
            row.rate = rate(v);
        }
        f.money.push(row);
        *roles = Some(cols);
        return true;
    };
    let alike = pairs.iter().all(|(lb, _)| squeeze(lb) == squeeze(pairs[0].0));
    if pairs.len() != cols.len() || !(alike || cx.money_kind(pairs[0].0) == Some(MoneyKind::Part)) {
        *roles = None;
        return false;
    }
    let mut row = new_row(pairs[0].0, MoneyKind::Part, None, l, i);
    for ((_, v), r) in pairs.iter().zip(cols) {
        if let Some(r) = r {
            set(&mut row, *r, v);
        }
    }
    f.money.push(row);
    true
}

/// A grid row of the money block read by column: the label left of the first
/// role column, values under their headers.
#[allow(clippy::too_many_arguments)]
fn positional(
    f: &mut Form,
    cx: &Ctx,
    cells: &[String],
    h: &[(usize, M)],
    group: &mut Option<usize>,
    l: &Line,
    i: usize,
) -> bool {
    let Some(first) = h.iter().map(|x| x.0).min() else {
        return false;
    };
    let Some(last) = h.iter().map(|x| x.0).max() else {
        return false;
    };
    if cells.len() <= last {
        return false;
    }
    let Some((lj, label)) = cells[..first]
        .iter()
        .enumerate()
        .rev()
        .find(|(_, c)| !c.trim().is_empty())
    else {
        return false;
    };
    if cells[lj + 1..first].iter().any(|c| is_value(c) && !c.trim().is_empty()) {
        return false; // a value left of the header's columns: the row is shifted
    }
    let Some(kind) = cx.money_kind(label) else { return false };
    if !h
        .iter()
        .all(|(j, _)| cells[*j].trim().is_empty() || is_value(&cells[*j]))
    {
        return false;
    }
    if kind == MoneyKind::Group {
        f.groups.push(label.trim().to_string());
        *group = Some(f.groups.len() - 1);
    }
    let g = if kind == MoneyKind::Total { None } else { *group };
    let mut row = new_row(label, kind, g, l, i);
    for (j, r) in h {
        set(&mut row, *r, &cells[*j]);
    }
    if row.has_any() || kind == MoneyKind::Group {
        f.money.push(row);
    }
    true
}

/// Cells of the money block read as runs of "label, then values", values
/// aligned to the header's roles from the right; a label with no values takes
/// the values that start the next row.
#[allow(clippy::too_many_arguments)]
fn money_cells(
    f: &mut Form,
    cx: &Ctx,
    cells: &[String],
    h: &[(usize, M)],
    pending: &mut Option<(String, usize)>,
    group: &mut Option<usize>,
    l: &Line,
    i: usize,
) {
    if f.scrambled == Some(i) {
        return;
    }
    let roles: Vec<M> = h.iter().map(|x| x.1).collect();
    let mut label: Option<String> = pending.take().map(|p| p.0);
    let mut values: Vec<String> = Vec::new();
    let flush = |f: &mut Form, label: &Option<String>, values: &mut Vec<String>, group: &mut Option<usize>| {
        let Some(lab) = label else {
            values.clear();
            return;
        };
        let Some(kind) = cx.money_kind(lab) else {
            values.clear();
            return;
        };
        if kind == MoneyKind::Group {
            f.groups.push(lab.trim().to_string());
            *group = Some(f.groups.len() - 1);
        }
        let g = if kind == MoneyKind::Total { None } else { *group };
        let mut row = new_row(lab, kind, g, l, i);
        // values beyond the roles are not this row's
        values.truncate(roles.len());
        let n = values.len();
        if n > 0 {
            let start = roles.len() - n;
            // fewer values than roles: money first, then the printed
            // 分值/执行率/得分 from the right — unless the row has only money
            let money_roles = roles
                .iter()
                .filter(|r| matches!(r, M::Initial | M::Annual | M::Spent))
                .count();
            if n <= money_roles && kind != MoneyKind::Total {
                // a part row: its money columns from the right of the money roles
                let ms: Vec<M> = roles
                    .iter()
                    .copied()
                    .filter(|r| matches!(r, M::Initial | M::Annual | M::Spent))
                    .collect();
                for (k, v) in values.iter().enumerate() {
                    set(&mut row, ms[ms.len() - n + k], v);
                }
            } else {
                for (k, v) in values.iter().enumerate() {
                    set(&mut row, roles[start + k], v);
                }
            }
        }
        if row.has_any() || kind == MoneyKind::Group {
            f.money.push(row);
        }
        values.clear();
    };
    for c in cells {
        let t = c.trim();
        if t.is_empty() {
            continue;
        }
        if STOP.iter().any(|w| squeeze(t).starts_with(w)) {
            break;
        }
        if is_value(t) {
            values.push(t.to_string());
            continue;
        }
        if label.is_none() && !values.is_empty() && f.total_row().is_none() && lead_row(f, cx, &values, &roles, l, i) {
            // the labels of a row printed after its values: the rows after
            // the total cannot be told apart, so none is read
            return;
        }
        if cx.money_kind(t).is_some() || label.is_none() {
            if label.is_some()
                && values.is_empty()
                && cx.money_kind(t).is_some()
                && label.as_deref().is_some_and(|x| {
                    cx.money_kind(x) == Some(MoneyKind::Part)
                        && x.starts_with("其中")
                        && squeeze(x).trim_end_matches(':') == "其中"
                })
            {
                // `其中:` then its label
                label = Some(format!("其中:{t}"));
                continue;
            }
            if label.is_some() && values.is_empty() {
                // a label with no values: keep the newer one (the older had none)
                if label
                    .as_deref()
                    .is_some_and(|x| cx.money_kind(x) == Some(MoneyKind::Group))
                {
                    flush(f, &label, &mut values, group);
                }
                label = Some(t.to_string());
                continue;
            }
            flush(f, &label, &mut values, group);
            label = Some(t.to_string());
            continue;
        }
        // other text (e.g. a label split over cells): joins the label when no values yet
        if values.is_empty() {
            if let Some(lb) = &mut label {
                lb.push_str(t);
            }
        } else {
            flush(f, &label, &mut values, group);
            label = None;
        }
    }
    if values.is_empty() {
        if let Some(lb) = label {
            if cx.money_kind(&lb).is_some() {
                *pending = Some((lb, i));
            }
        }
    } else {
        flush(f, &label, &mut values, group);
    }
}

/// Values right after the money header with no row label before them (a
/// flattened PDF or sheet prints the row's label after its values: r10, r22
/// of ../shared/real): the total row, when its label is on the line and the
/// row's arithmetic places the values (`forms_glued::assign_values`).
fn lead_row(f: &mut Form, cx: &Ctx, values: &[String], roles: &[M], l: &Line, i: usize) -> bool {
    let sq = squeeze(l.text);
    let Some(label) =
        cx.w.money_rows
            .total
            .iter()
            .map(|t| squeeze(t))
            .filter(|t| t.chars().count() >= 4 && sq.contains(t.as_str()))
            .max_by_key(|t| t.len())
    else {
        return false;
    };
    let vals: Vec<&str> = values.iter().map(String::as_str).collect();
    let Some(placed) =
        super::forms_glued::assign_values(&vals, roles).or_else(|| scattered(cx, &vals, roles, l, &label))
    else {
        return false;
    };
    let mut row = new_row(&label, MoneyKind::Total, None, l, i);
    for (r, v) in &placed {
        set(&mut row, *r, v);
    }
    if row.rate.is_none() {
        row.rate = moved_rate(&row, l);
    }
    f.money.push(row);
    f.scrambled = Some(i);
    true
}

/// Most numbers after the total row's label tried as its moved cells.
const SCATTERED_MAX: usize = 8;

/// The total row's cells when the flattening printed only some of them after
/// the header and moved the rest further on (r22's second form: `20000.00
/// 20000.00 4.52` after the header, `9,034` after 实施单位, `10 45.17%` after
/// 年度总体目标): the values right after the header taken in the header's
/// order with roles left out, each role left out filled by a number printed
/// after the row's label (before the indicator header) — the one way whose
/// arithmetic binds every cell (执行数 ÷ 预算数 = 执行率 to its printed
/// places, 得分 = 执行率 × 分值 to the cent, capped). A guess the row's own
/// figures confirm, like `assign_values`; None when none or several fit.
fn scattered(cx: &Ctx, lead: &[&str], roles: &[M], l: &Line, label: &str) -> Option<Vec<(M, String)>> {
    use super::forms_glued::valid;
    let need = [M::Spent, M::Points, M::Rate, M::Score];
    if lead.len() < 2 || lead.len() + 1 >= roles.len() || !need.iter().all(|r| roles.contains(r)) {
        return None;
    }
    let toks: Vec<&str> = l.text.split_whitespace().collect();
    let from = toks.iter().position(|t| squeeze(t).contains(label))?;
    let cands: Vec<&str> = toks[from + 1..]
        .iter()
        .take_while(|t| !matches!(cx.indicator_role(t), Some(I::Level1 | I::Level2 | I::Name)))
        .copied()
        .filter(|t| t.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .collect();
    if cands.is_empty() || cands.len() > SCATTERED_MAX {
        return None;
    }
    let plain = |t: &str| t.trim().replace(',', "");
    let mut found: Vec<Vec<(M, String)>> = Vec::new();
    // which roles the lead values fill: each subset of the header's roles of
    // their number, in order (at most C(6, 3) = 20)
    let n = roles.len();
    for mask in 0u32..(1 << n) {
        if mask.count_ones() as usize != lead.len() {
            continue;
        }
        let taken: Vec<M> = (0..n).filter(|k| mask & (1 << k) != 0).map(|k| roles[k]).collect();
        if !taken.iter().zip(lead).all(|(r, v)| valid(&plain(v), *r)) {
            continue;
        }
        let missing: Vec<M> = roles.iter().copied().filter(|r| !taken.contains(r)).collect();
        // the moved cells in the order printed (the flattening keeps it)
        let mut pick: Vec<usize> = Vec::new();
        choose(&cands, &missing, 0, &mut pick, &mut |pick: &[usize]| {
            let mut cells: Vec<(M, String)> = taken.iter().zip(lead).map(|(r, v)| (*r, v.to_string())).collect();
            cells.extend(missing.iter().zip(pick).map(|(r, &k)| (*r, cands[k].to_string())));
            if binds(&cells) && !found.iter().any(|x| same(x, &cells)) {
                found.push(cells);
            }
        });
    }
    match found.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// Every increasing choice of `cands` for the `missing` roles, each valid for its role.
fn choose(cands: &[&str], missing: &[M], from: usize, pick: &mut Vec<usize>, each: &mut dyn FnMut(&[usize])) {
    if pick.len() == missing.len() {
        each(pick);
        return;
    }
    let role = missing[pick.len()];
    for k in from..cands.len() {
        if super::forms_glued::valid(&cands[k].replace(',', ""), role) {
            pick.push(k);
            choose(cands, missing, k + 1, pick, each);
            pick.pop();
        }
    }
}

/// Two readings of a row giving each role the same value.
fn same(a: &[(M, String)], b: &[(M, String)]) -> bool {
    a.len() == b.len()
        && a.iter()
            .all(|(r, v)| b.iter().any(|(r2, v2)| r == r2 && number(v) == number(v2)))
}

/// A total row whose every cell the others confirm: 执行数 ÷ 预算数 rounds to
/// the printed 执行率, 执行率 × 分值 (capped) rounds to the printed 得分.
fn binds(cells: &[(M, String)]) -> bool {
    let get = |r: M| cells.iter().find(|(x, _)| *x == r).map(|(_, v)| v.as_str());
    let num = |r: M| get(r).and_then(number).map(|p| p.value);
    let (Some(spent), Some(budget), Some(points), Some(score)) = (
        num(M::Spent),
        num(M::Annual).or_else(|| num(M::Initial)),
        num(M::Points),
        num(M::Score),
    ) else {
        return false;
    };
    let Some(r) = get(M::Rate).and_then(rate).filter(|r| r.percent) else {
        return false;
    };
    if budget <= Decimal::ZERO || points <= Decimal::ZERO || points > Decimal::ONE_HUNDRED || score > points {
        return false;
    }
    let Some(pct) = spent
        .checked_div(budget)
        .and_then(|x| x.checked_mul(Decimal::ONE_HUNDRED))
        .map(|x| x.round_dp(r.printed.decimals))
    else {
        return false;
    };
    let rate_ok = pct == r.printed.value;
    let due = (r.fraction().min(Decimal::ONE) * points).round_dp(2);
    rate_ok && (due - score).abs() <= Decimal::new(1, 2)
}

/// The 执行率 the flattening moved away from its row's values (r22: printed
/// after 年度总体目标, the way `assign_values` allows one cell to be
/// elsewhere): the one percentage on the line within one point of 执行数 ÷
/// 预算数, else none.
fn moved_rate(row: &MoneyRow, l: &Line) -> Option<Rate> {
    let (Some(s), Some(a)) = (&row.spent, row.annual.as_ref().or(row.initial.as_ref())) else {
        return None;
    };
    if a.value <= Decimal::ZERO {
        return None;
    }
    let ratio = s.value.checked_div(a.value)?;
    let mut found: Vec<Rate> = Vec::new();
    for t in l.text.split_whitespace() {
        if !t.ends_with('%') || !t.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let Some(r) = rate(t) else { continue };
        if (r.fraction() - ratio).abs() <= Decimal::new(1, 2) && !found.iter().any(|x| x.printed.raw == r.printed.raw) {
            found.push(r);
        }
    }
    match found.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// Cells that end the money block (the goals, the indicators, the basic facts).
const STOP: &[&str] = &[
    "年度总体目标",
    "年度总体",
    "绩效指标",
    "项目基本情况",
    "年度目标",
    "预期目标",
];

fn is_operator(s: &str) -> bool {
    matches!(
        s.trim(),
        "≥" | "≤" | "=" | "＝" | "﹦" | "≧" | "≦" | "═" | ">" | "<" | "＞" | "＜" | ">=" | "<=" | "定性" | "定量"
    )
}

/// The indicator rows of a row of cells (several when a form sits on one line).
#[allow(clippy::too_many_arguments)]
fn indicator_cells(
    f: &mut Form,
    cx: &Ctx,
    cells: &[String],
    h: &[I],
    levels: &mut (String, String),
    l: &Line,
    i: usize,
    vstream: bool,
) {
    // a row of cells is one indicator; only a form run onto one line (its
    // whitespace tokens, or its paragraphs joined by `form_view`) holds
    // several, told apart by their trailing numbers
    let stream = vstream || l.cells().iter().filter(|c| !c.trim().is_empty()).count() <= 1;
    let trailing: Vec<I> = if vstream && !h.iter().any(|r| matches!(r, I::Points | I::Score | I::Folded)) {
        // no score column named: the number ending each row is its score (p15)
        vec![I::Score]
    } else if h.contains(&I::Folded) {
        vec![I::Score, I::Weight, I::Folded]
    } else if points_first(h) {
        vec![I::Score]
    } else {
        h.iter()
            .copied()
            .filter(|r| matches!(r, I::Points | I::Score))
            .collect()
    };
    let need = trailing.len().max(1);
    // name (+ points, target, actual when 分值 comes first) + the trailing numbers
    let min_body = if points_first(h) { 5 } else { need + 1 };
    let cells: Vec<&str> = cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
    if stream && !vstream && values_first(f, cx, &cells, h, l, i) {
        return;
    }
    // segments end after a run of ≥ `need` plain numbers followed by text
    let mut seg: Vec<&str> = Vec::new();
    let mut k = 0;
    while k < cells.len() {
        if vstream && cx.is_total(cells[k]) {
            // the 总分 row ends the indicators of a form joined from paragraphs
            let rest: Vec<String> = cells[k..].iter().map(|c| c.to_string()).collect();
            total(f, cx, &rest, l, i);
            break;
        }
        seg.push(cells[k]);
        let run = seg.iter().rev().take_while(|c| number(c).is_some()).count();
        let next_text = cells.get(k + 1).is_none_or(|n| number(n).is_none());
        let body = seg.iter().filter(|c| cx.level(c).is_none()).count();
        if stream && run >= need && next_text && body >= min_body {
            // a reason cell right after the numbers belongs to the row
            if let Some(n) = cells.get(k + 1) {
                let ends = cells.get(k + 2).is_none_or(|x| cx.level(x).is_some());
                if cx.level(n).is_none()
                    && h.contains(&I::Reason)
                    && n.chars().count() <= 40
                    && !is_operator(n)
                    && (ends || looks_reason(n))
                {
                    seg.push(n);
                    k += 1;
                }
            }
            one_indicator(f, cx, &seg, &trailing, h, levels, l, i);
            seg.clear();
        }
        k += 1;
    }
    if !seg.is_empty() {
        one_indicator(f, cx, &seg, &trailing, h, levels, l, i);
    }
}

/// A cell that can only be a value, never an indicator's name: a number, a
/// percentage, or a target opening with its comparison sign (`=100%`, `>=90%`).
fn value_only(s: &str) -> bool {
    let t = s.trim();
    number(t).is_some()
        || rate(t).is_some()
        || [">=", "<=", "=", "＝", "≥", "≤", ">", "<", "＞", "＜", "≧", "≦"]
            .iter()
            .any(|op| t.starts_with(op) && t.chars().nth(op.chars().count()).is_some_and(|c| c.is_ascii_digit()))
}

/// Indicator rows printed before their labels (a PDF's text written column
/// by column, r22: `分值 得分 =100% 100% 10 10 =100% 100% 20 20 及时 及时 20 20
/// … 100 98.62 率 产出指标 … 总分`; r10 prints value rows apart from their
/// names too, `37442人 3 3 14种 1 1 …`). Only when the first cell after the
/// header is a value no name can be: rows are read as runs of the header's
/// value columns (target, actual, points, score …), each run's number columns
/// numbers, at least two runs; their names, printed after them in an order
/// the text does not keep, stay empty. The one or two numbers right after
/// the runs are the 总分 row's when a total label follows with no number of
/// its own. Returns whether the cells were read this way.
fn values_first(f: &mut Form, cx: &Ctx, cells: &[&str], h: &[I], l: &Line, i: usize) -> bool {
    if cells.first().is_none_or(|c| !value_only(c)) {
        return false;
    }
    let cols: Vec<I> = h
        .iter()
        .copied()
        .filter(|r| {
            matches!(
                r,
                I::Target | I::Actual | I::Points | I::Score | I::Weight | I::Folded | I::Nature | I::Unit
            )
        })
        .collect();
    let numeric = |r: &I| matches!(r, I::Points | I::Score | I::Weight | I::Folded);
    if cols.len() < 3 || !cols.iter().any(numeric) {
        return false;
    }
    let fits = |run: &[&str]| {
        run.len() == cols.len()
            && cols.iter().zip(run).all(|(r, c)| {
                if numeric(r) {
                    number(c).is_some()
                } else {
                    cx.level(c).is_none() && !cx.is_total(c) && cx.indicator_role(c).is_none()
                }
            })
    };
    let runs: Vec<&[&str]> = cells.chunks(cols.len()).take_while(|run| fits(run)).collect();
    if runs.len() < 2 {
        return false;
    }
    for run in &runs {
        let mut row = FormIndicator {
            index: i,
            line: l.line,
            page: l.page,
            evidence: l.text.to_string(),
            ..FormIndicator::default()
        };
        for (r, c) in cols.iter().zip(run.iter()) {
            match r {
                I::Target => row.target = c.to_string(),
                I::Actual => row.actual = c.to_string(),
                I::Points => row.points = number(c),
                I::Score => row.score = number(c),
                I::Weight => row.weight = number(c),
                I::Folded => row.folded = number(c),
                I::Nature => row.nature = c.to_string(),
                I::Unit => row.unit = c.to_string(),
                _ => {}
            }
        }
        if row.nature.is_empty() {
            let t = row.target.trim_start();
            row.nature = [">=", "<=", "≥", "≤", "=", "＝", ">", "<", "＞", "＜", "≧", "≦"]
                .iter()
                .find(|op| t.starts_with(*op))
                .map(|op| op.to_string())
                .unwrap_or_default();
        }
        f.indicators.push(row);
    }
    // the 总分 row's numbers right after the runs, its label further on
    let rest = &cells[runs.len() * cols.len()..];
    let nums: Vec<Printed> = rest.iter().map_while(|c| number(c)).take(3).collect();
    let label = rest.iter().position(|c| cx.is_total(c));
    let labels_follow = label.is_some_and(|k| {
        rest[nums.len()..k].iter().any(|c| cx.level(c).is_some()) && rest.get(k + 1).is_none_or(|c| number(c).is_none())
    });
    if labels_follow && nums.len() <= 2 {
        set_total(f, &nums, l, i);
    }
    true
}

/// The points a heading prints in brackets: `产出指标(50分)`, `效 益 指 标 （30分）`.
fn heading_points(cell: &str) -> Option<Printed> {
    let c = squeeze(cell);
    let (_, tail) = c.split_once('(')?;
    let inner = tail.strip_suffix(')')?;
    let n = inner.strip_suffix('分')?;
    number(n)
}

/// 分值 printed right after the indicator's name, before its target (衔接 forms).
fn points_first(h: &[I]) -> bool {
    let at = |r: I| h.iter().position(|x| *x == r);
    matches!((at(I::Points), at(I::Target)), (Some(p), Some(t)) if p < t)
}

fn looks_reason(s: &str) -> bool {
    matches!(s, "无" | "/" | "—" | "-")
        || s.contains("原因")
        || s.contains("完成") && s.chars().count() <= 6
        || s.starts_with("已")
}

#[allow(clippy::too_many_arguments)]
fn one_indicator(
    f: &mut Form,
    cx: &Ctx,
    seg: &[&str],
    trailing: &[I],
    h: &[I],
    levels: &mut (String, String),
    l: &Line,
    i: usize,
) {
    let mut rest: Vec<&str> = seg.to_vec();
    // levels printed in the name's cell, spaces between (p09: `产出指标  数量指标 指标1:…`)
    if let Some(first) = rest.first().copied() {
        let words: Vec<&str> = first.split_whitespace().collect();
        // (not a level cell broken by a space itself: p01's `社会效益 指标`)
        if words.len() >= 2 && cx.level(words[0]).is_some() && cx.level(first).is_none() {
            rest.splice(0..1, words);
        }
    }
    // a block's points printed before its levels (p15: `50` after the header)
    while rest.len() >= 2 && number(rest[0]).is_some() && cx.level(rest[1]).is_some() {
        rest.remove(0);
    }
    // levels first; a word of both lists (成本指标: 二级 under 产出指标 in
    // 财预〔2020〕10号's template, 一级 in the 2021 framework) after the row's
    // level 1 is its level 2: the printed columns decide
    let mut took_level1 = false;
    // one level 2 per row: a level word after it is the indicator's name
    // (p13: `服务对象满意度指标 服务对象满意度 …`)
    let mut took_level2 = false;
    while let Some(first) = rest.first().copied() {
        match cx.level(first) {
            Some(1) if !took_level1 => {
                took_level1 = true;
                took_level2 = false;
                levels.0 = first.split(['(', '（']).next().unwrap_or(first).to_string();
                levels.1.clear();
                // `(50分)` in a cell of its own after the heading (p05, p07)
                let own = rest.get(1).and_then(|c| heading_points(&format!("x{c}")));
                if own.is_some() {
                    rest.remove(1);
                }
                if let Some(p) = own.or_else(|| heading_points(rest[0])) {
                    let at = At {
                        printed: p,
                        index: i,
                        line: l.line,
                        page: l.page,
                    };
                    if !f.level_points.iter().any(|(n, _)| *n == levels.0) {
                        f.level_points.push((levels.0.clone(), at));
                    }
                }
            }
            Some(_) if !took_level2 => {
                took_level2 = true;
                levels.1 = first.to_string();
            }
            _ => break,
        }
        rest.remove(0);
    }
    let mut reason = String::new();
    if rest.len() >= 2 && number(rest[rest.len() - 1]).is_none() && number(rest[rest.len() - 2]).is_some() {
        reason = rest.pop().unwrap_or_default().to_string();
    }
    let run = rest.iter().rev().take_while(|c| number(c).is_some()).count();
    let mut row = FormIndicator {
        level1: levels.0.clone(),
        level2: levels.1.clone(),
        reason,
        index: i,
        line: l.line,
        page: l.page,
        evidence: l.text.to_string(),
        ..FormIndicator::default()
    };
    let n = trailing.len();
    if n > 0 && run >= n {
        let nums: Vec<&str> = rest.split_off(rest.len() - n);
        for (r, v) in trailing.iter().zip(nums) {
            let p = number(v);
            match r {
                I::Points => row.points = p,
                I::Score => row.score = p,
                I::Weight => row.weight = p,
                I::Folded => row.folded = p,
                _ => {}
            }
        }
    } else if rest.is_empty() {
        return;
    }
    // only numbers: the scores of the indicator above (its text ran long)
    if rest.is_empty() {
        if let Some(prev) = f.indicators.last_mut() {
            if prev.points.is_none() && prev.score.is_none() {
                prev.points = row.points;
                prev.score = row.score;
                prev.weight = row.weight;
                prev.folded = row.folded;
            }
        }
        return;
    }
    let name = rest.remove(0);
    if cx.indicator_role(name).is_some() && row.points.is_none() && row.score.is_none() {
        return; // a header cell
    }
    if rest.is_empty() && row.points.is_none() && row.score.is_none() {
        return; // a name alone: a header's wrapped words (`改进措施`), no indicator
    }
    if rest.len() == 1 && squeeze(rest[0]) == squeeze(name) && row.points.is_none() && row.score.is_none() {
        return; // a label over two columns (p13's closing `预算执行率 预算执行率`), no indicator
    }
    row.name = name.to_string();
    row.lower = cx.w.lower_is_better.iter().any(|w| row.name.contains(w.as_str()));
    if points_first(h) && rest.first().is_some_and(|c| number(c).is_some()) && rest.len() >= 2 {
        row.points = number(rest.remove(0));
    }
    let has_nature = h.contains(&I::Nature);
    let has_unit = h.contains(&I::Unit);
    // a description of the indicator between its name and the 指标性质 sign
    // (河北's template, p13: `享受补贴政策人数占…的比例 >= 98 %(百分比) 100%`)
    if has_nature && has_unit && rest.len() >= 5 && !is_operator(rest[0]) && is_operator(rest[1]) {
        rest.remove(0);
    }
    match rest.as_slice() {
        [] => {}
        [a] => row.actual = a.to_string(),
        [a, b] => {
            row.target = a.to_string();
            row.actual = b.to_string();
        }
        [op, v, u, a, ..] if has_nature && is_operator(op) && has_unit => {
            row.nature = op.to_string();
            // `%(百分比)` under 单位(文字描述): the unit before its gloss
            let u = u
                .split(['(', '（'])
                .next()
                .filter(|x| !x.trim().is_empty())
                .unwrap_or(u);
            row.target = with_unit(&format!("{op}{v}"), u);
            row.unit = u.to_string();
            row.actual = a.to_string();
        }
        [op, v, a] if is_operator(op) => {
            row.nature = op.to_string();
            row.target = format!("{op}{v}");
            row.actual = a.to_string();
        }
        [.., t, a] => {
            row.target = t.to_string();
            row.actual = a.to_string();
        }
    }
    if row.nature.is_empty() {
        let t = row.target.trim_start();
        if let Some(c) = t.chars().next() {
            if is_operator(&c.to_string()) {
                row.nature = c.to_string();
            }
        }
    }
    f.indicators.push(row);
}

/// A target split over 指标性质 | 指标值 | 度量单位 (四川's template, r02 r08) as
/// written in one cell: `≥` `12` `处` → `≥12处`; a unit cell holding no unit
/// (`/`, `—`) or one the value already ends with adds nothing.
fn with_unit(target: &str, unit: &str) -> String {
    let u = unit.trim();
    if u.is_empty() || target.ends_with(u) || !u.chars().any(|c| c.is_alphabetic() || c == '%' || c == '‰') {
        target.to_string()
    } else {
        format!("{target}{u}")
    }
}

fn total(f: &mut Form, cx: &Ctx, cells: &[String], l: &Line, i: usize) {
    let Some(j) = cells.iter().position(|c| cx.is_total(c)) else {
        return;
    };
    let nums: Vec<Printed> = cells[j + 1..]
        .iter()
        .filter(|c| !c.trim().is_empty())
        .map_while(|c| number(c))
        .collect();
    set_total(f, &nums, l, i);
}

/// The 总分 row's numbers: one is the score; two or more, points then score.
fn set_total(f: &mut Form, nums: &[Printed], l: &Line, i: usize) {
    let at = |p: &Printed| At {
        printed: p.clone(),
        index: i,
        line: l.line,
        page: l.page,
    };
    match nums {
        [s] => f.total_score = Some(at(s)),
        [p, s, ..] => {
            f.total_points = Some(at(p));
            f.total_score = Some(at(s));
        }
        [] => {}
    }
}

/// A `label: number` line of money by source; returns a finished block when a
/// new heading starts.
fn source_line(cx: &Ctx, l: &Line, i: usize, block: &mut Option<SourceBlock>) -> Option<SourceBlock> {
    let t = l.text.trim();
    let sq = squeeze(t);
    if sq.ends_with("(万元)") && !sq.contains(char::is_numeric)
        || sq.ends_with("(元)") && !sq.contains(char::is_numeric)
    {
        let done = block.take();
        *block = Some(SourceBlock {
            heading: t.to_string(),
            total: None,
            sources: Vec::new(),
        });
        return done.filter(|b| b.total.is_some() || !b.sources.is_empty());
    }
    let mut done = None;
    let mut t = t;
    if let Some(k) = t
        .find("(万元)")
        .map(|k| k + "(万元)".len())
        .or_else(|| t.find("（万元）").map(|k| k + "（万元）".len()))
    {
        if t[k..].contains(char::is_numeric) && !t[..k].contains(char::is_numeric) {
            done = block.take().filter(|b| b.total.is_some() || !b.sources.is_empty());
            *block = Some(SourceBlock {
                heading: t[..k].trim().to_string(),
                total: None,
                sources: Vec::new(),
            });
            t = t[k..].trim();
        }
    }
    let b = block.as_mut()?;
    // the last token is the number; the rest the label
    let (label, num) = t.rsplit_once(|c: char| c.is_whitespace() || c == ':' || c == '：')?;
    let Some(p) = number(num) else { return done };
    let label = label.trim().trim_end_matches([':', '：']).trim();
    if label.is_empty() || label.contains(char::is_numeric) && label.chars().count() > 30 {
        return done;
    }
    let at = At {
        printed: p,
        index: i,
        line: l.line,
        page: l.page,
    };
    let kind = cx.money_kind(label);
    let lab = squeeze(label);
    let lab = lab.trim_start_matches("其中:");
    // a closing paren of the label's own `(…)` stays; only an unmatched one goes
    let lab = if lab.ends_with(')') && lab.matches(')').count() > lab.matches('(').count() {
        &lab[..lab.len() - 1]
    } else {
        lab
    };
    let lab = lab.to_string();
    let is_total = kind == Some(MoneyKind::Total) || lab.contains("总额") || lab.contains("合计");
    if is_total && b.total.is_none() {
        b.total = Some((lab, at));
    } else if kind.is_some() {
        b.sources.push((lab, at));
    }
    done
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squeezed_prefix_is_starts_with_of_squeeze() {
        let words = [
            "项目 名称",
            "预算（万元）",
            "主管部门：",
            "",
            " ",
            "年度 目标",
            "项目名称：",
        ];
        let cells = [
            "项目名称",
            "项目名称:xx",
            "预算(万元)合计",
            "主管部门:",
            "年度目标",
            "项",
            "",
            "年度",
            // cells not squeezed yet
            "项目 名称：xx",
            "预算（万元） 合计",
            " 主管 部门：",
            "年 度",
        ];
        for w in words {
            for c in cells {
                let want = squeeze(c)
                    .starts_with(squeeze(w).as_str())
                    .then(|| squeeze(w).chars().count());
                assert_eq!(squeezed_prefix(c, w), want, "{c:?} / {w:?}");
                assert_eq!(
                    squeezed_chars(c).eq(squeezed_chars(w)),
                    squeeze(c) == squeeze(w),
                    "{c:?} / {w:?}"
                );
            }
        }
    }

    fn forms_of(text: &str) -> Vec<Form> {
        let p = crate::patterns::Patterns::builtin().unwrap();
        let ingested = crate::ingest::from_bytes(text.as_bytes(), std::path::Path::new("t.txt"));
        let raw = ingested.doc.unwrap();
        let cleaned = crate::normalize::clean(&raw, &p.normalize);
        extract(&cleaned, &p.forms, "", false)
    }

    #[test]
    fn a_source_label_keeps_its_own_closing_paren() {
        // a 区域 form's money by source (p03 shape), written here
        let t = "中央对地方转移支付项目绩效自评表\n（2024年度）\n专项名称 乡村文化站运行\n资金情况\n文化站运行补助资金（万元） 年度预算资金总额：60.50\n其中：中央补助 40.00\n市级资金 15.00\n本级资金（包括结转结余） 5.50\n";
        let f = forms_of(t);
        assert_eq!(f.len(), 1, "{f:?}");
        let labels: Vec<&str> = f[0].sources[0].sources.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(labels, ["中央补助", "市级资金", "本级资金(包括结转结余)"]);
        assert_eq!(f[0].sources[0].sources[2].1.printed.raw, "5.50");
    }

    #[test]
    fn a_pipe_form_is_read() {
        let t = "项目支出绩效自评表\n（2023年度）\n项目名称 | 乡村道路维护 | |||\n主管部门 | 县交通局 | 实施单位 | 县公路站 |\n项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |\n年度资金总额 | 100 | 100 | 80 | 10 | 80% | 8 |\n其中：当年财政拨款 | 100 | 100 | 80 | — | 80% | — |\n上年结转资金 | — | — | — | — | — | — |\n年度总体目标 | 预期目标 | 实际完成情况 |\n绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |\n产出指标 | 数量指标 | 维护道路里程 | ≥50公里 | 52公里 | 50 | 50 | 无 |\n效益指标 | 社会效益指标 | 通行条件改善 | 明显 | 明显 | 30 | 30 | 无 |\n满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥90% | 95% | 10 | 10 | 无 |\n总分 | 100 | 98 |\n";
        let f = forms_of(t);
        assert_eq!(f.len(), 1, "{f:?}");
        let f = &f[0];
        assert_eq!(f.variant, "mof-project-2020");
        assert_eq!(
            (
                f.project.as_str(),
                f.authority.as_str(),
                f.unit.as_str(),
                f.year.as_str()
            ),
            ("乡村道路维护", "县交通局", "县公路站", "2023")
        );
        let t0 = f.total_row().unwrap();
        assert_eq!(t0.spent.as_ref().unwrap().raw, "80");
        assert_eq!(t0.rate.as_ref().unwrap().fraction(), Decimal::new(8, 1));
        assert_eq!(f.money.len(), 2);
        assert_eq!(f.indicators.len(), 3);
        assert_eq!(f.indicators[0].target, "≥50公里");
        assert_eq!(f.indicators[0].level1, "产出指标");
        assert_eq!(f.indicators[2].score.as_ref().unwrap().raw, "10");
        assert_eq!(f.total_score.as_ref().unwrap().printed.raw, "98");
    }

    #[test]
    fn a_target_split_over_nature_value_and_unit_keeps_its_unit() {
        // 四川's template: 指标性质 | 指标值 | 度量单位 | 完成值 (written here)
        let t = "部门预算项目支出绩效自评表\n（2022年度）\n项目名称\t51000021R000000019951-河道清淤\n主管部门\t县水利局\t实施单位\t县河道站\n\
            项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n年度资金总额\t20\t20\t20\t10\t100%\t10\n\
            一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位\t完成值\t分值\t得分\t原因\n\
            产出指标\t数量指标\t清淤河段\t≥\t12\t处\t13\t50\t50\t无\n\
            \t质量指标\t验收合格率\t=\t100\t%\t100\t20\t20\t无\n\
            效益指标\t社会效益指标\t行洪能力\t≥\t提升\t/\t提升\t10\t10\t无\n\
            总分\t\t\t\t\t\t\t90\t90\t\n";
        let f = forms_of(t);
        assert_eq!(f.len(), 1, "{f:?}");
        let got: Vec<(&str, &str, &str)> = f[0]
            .indicators
            .iter()
            .map(|r| (r.target.as_str(), r.unit.as_str(), r.actual.as_str()))
            .collect();
        assert_eq!(
            got,
            [("≥12处", "处", "13"), ("=100%", "%", "100"), ("≥提升", "/", "提升")]
        );
        assert_eq!(with_unit("≥12处", "处"), "≥12处");
        // 四川's project code before the name is no part of it
        assert_eq!(f[0].project, "河道清淤");
    }

    #[test]
    fn a_money_block_of_label_value_pairs_is_read_by_its_first_row() {
        // 河北's 预算项目绩效自评表 shape (written here): each cell's label beside its value
        let t = "县卫健局2021年度预算项目绩效自评表\n一、基本情况 项目名称: 村医补助 实施(主管)单位 县卫健局 金额单位: 万元\n\
            二、预算执行情况 预算安排情况(调整后) 资金到位情况 资金执行情况 预算执行进度(%)\n\
            预算数 12.50 到位数 12.50 执行数 11.25 90.00\n\
            其中:财政资金 10.00 其中:财政资金 10.00 其中:财政资金 9.00\n\
            其他 2.50 其他 2.50 其他 2.25\n\
            三、目标完成情况 年度预期目标 具体完成情况 总体完成率(%)\n\
            四、年度绩效指标完成情况 一级指标 二级指标 三级指标 指标分值 预期指标值 单项指标实际完成值 单项指标完成情况 自评得分\n\
            符号 单位(文字描述) 单项指标得分 权重占比(%) 单项指标折算得分\n\
            产出指标 数量指标 补助村医人数 领取补助的在岗村医人数 >= 40 人(人数) 42 完成 100.00 60.00 60.00\n\
            满意度指标 服务对象满意度指标 服务对象满意度 村医对补助发放的满意程度 >= 90 %(百分比) 95% 完成 80.00 40.00 32.00\n\
            预算执行率 预算执行率\n";
        let f = forms_of(t);
        assert_eq!(f.len(), 1, "{f:?}");
        let got: Vec<(String, MoneyKind, String, String, String)> = f[0]
            .money
            .iter()
            .map(|m| {
                let raw = |p: &Option<Printed>| p.as_ref().map(|p| p.raw.clone()).unwrap_or_default();
                (m.label.clone(), m.kind, raw(&m.annual), raw(&m.spent), raw(&m.initial))
            })
            .collect();
        let s = |a: &str| a.to_string();
        assert_eq!(
            got,
            [
                (s("预算数"), MoneyKind::Total, s("12.50"), s("11.25"), s("")),
                (s("其中:财政资金"), MoneyKind::Part, s("10.00"), s("9.00"), s("")),
                (s("其他"), MoneyKind::Part, s("2.50"), s("2.25"), s("")),
            ]
        );
        assert_eq!(
            f[0].money[0].rate.as_ref().map(|r| r.fraction()),
            Some(Decimal::new(9, 1))
        );
        // the indicator rows under a header of two rows: a description before
        // the sign, the unit before its gloss, 单项得分 × 权重 = 折算得分
        let raw = |p: &Option<Printed>| p.as_ref().map(|p| p.raw.clone()).unwrap_or_default();
        let inds: Vec<[String; 7]> = f[0]
            .indicators
            .iter()
            .map(|r| {
                [
                    r.level2.clone(),
                    r.name.clone(),
                    r.target.clone(),
                    r.actual.clone(),
                    raw(&r.score),
                    raw(&r.weight),
                    raw(&r.folded),
                ]
            })
            .collect();
        assert_eq!(
            inds,
            [
                ["数量指标", "补助村医人数", ">=40人", "42", "100.00", "60.00", "60.00"].map(s),
                [
                    "服务对象满意度指标",
                    "服务对象满意度",
                    ">=90%",
                    "95%",
                    "80.00",
                    "40.00",
                    "32.00"
                ]
                .map(s),
            ]
        );
        // two pairs that are no money columns start nothing
        assert!(label_pairs(&["完成".into(), "5".into()]).is_none());
    }

    /// The first-character test turns no cell away that a word would have
    /// named: identity, money and indicator roles and totals answer as
    /// comparing every word does, on every cell and token of the corpus and
    /// of the form fixtures' texts, on every word itself, a word with text
    /// after it, spaced out or behind a space, and on the empty cell.
    #[test]
    fn first_character_test_answers_as_every_word_does() {
        let p = crate::patterns::Patterns::builtin().unwrap();
        let w = &p.forms.words;
        let cx = Ctx::new(w, false);
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut cells: Vec<String> = vec![String::new(), " ".into(), "|".into()];
        for dir in ["corpus", "fixtures/forms/txt", "fixtures/forms/flat"] {
            for e in std::fs::read_dir(root.join(dir)).unwrap() {
                let Ok(text) = std::fs::read_to_string(e.unwrap().path()) else {
                    continue;
                };
                for l in text.lines() {
                    cells.push(l.to_string());
                    cells.extend(l.split(['\t', '|']).map(|c| c.trim().to_string()));
                    cells.extend(l.split_whitespace().map(str::to_string));
                }
            }
        }
        let words: Vec<&String> = w
            .identity
            .values()
            .chain(w.money_columns.values())
            .chain(w.indicator_columns.values())
            .flatten()
            .chain(&w.total_labels)
            .collect();
        for word in words {
            cells.push(word.clone());
            cells.push(format!("{word}（万元）"));
            cells.push(format!(" {word}"));
            cells.push(word.chars().map(|c| format!("{c} ")).collect());
        }
        cells.sort();
        cells.dedup();
        assert!(cells.len() > 3000, "{}", cells.len());
        let mut named = [0usize; 4];
        for c in &cells {
            let id = cx.identity_of_every_word(c);
            assert_eq!(cx.identity(c), id, "{c:?}");
            let money = cx.money_role_of_every_word(c);
            assert_eq!(cx.money_role(c), money, "{c:?}");
            let ind = cx.indicator_role_of_every_word(c);
            assert_eq!(cx.indicator_role(c), ind, "{c:?}");
            let total = cx.is_total_of_every_word(c);
            assert_eq!(cx.is_total(c), total, "{c:?}");
            for (n, named) in [id.is_some(), money.is_some(), ind.is_some(), total]
                .iter()
                .zip(&mut named)
            {
                *named += usize::from(*n);
            }
        }
        // every kind of word names cells (the test compares real answers)
        assert!(named.iter().all(|&n| n >= 15), "{named:?}");
        assert_eq!(cx.identity("项目名称"), Some(("project", 4)));
        assert!(!cx.firsts[IDENTITY].may_start("绩效目标") && cx.firsts[IDENTITY].may_start(" 项目 名称"));
    }
}

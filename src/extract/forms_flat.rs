//! Reads a form whose every cell was run together when it was copied as text
//! (a document-sharing site's OCR of a .docx: no space, no tab, no pipe
//! between cells, page markers `2、` at each page's start): the money values
//! right after their header, the indicator rows after theirs, and the
//! `自评总分` printed before both.
//!
//! The shapes: cells run together — money rows in p11, p25 and p27 of
//! ../shared/real (`forms_glued`), indicator rows in p11 and d17; page markers
//! splitting the text (p11 `10` / `2、0%` = `100%`, d17, r11). A row is read
//! only where the text itself marks its end — the 是否核心指标 column of the
//! 重庆 部门整体绩效自评表 (d17's template) ends every indicator row with 是
//! or 否 right after its score — and its glued numbers only the way their
//! arithmetic allows (指标权重 then 指标得分 = 得分系数 × 权重); what the text does
//! not settle stays unread.

use super::forms::{At, Form, FormIndicator, MoneyKind, MoneyRow, Rate};
use super::forms_glued::{valid, words_in, words_in_tolerant, Role};
use crate::model::Lines;
use crate::num::Printed;
use crate::patterns::forms::{squeeze, FormWords};
use rust_decimal::Decimal;

/// The text of a run of lines squeezed and joined, page markers dropped,
/// with the byte offset each line starts at.
#[derive(Debug, Clone, PartialEq)]
pub struct Joined {
    pub text: String,
    /// (byte offset in `text`, index of the line in the document)
    pub starts: Vec<(usize, usize)>,
}

impl Joined {
    /// The document line the byte offset `at` falls on.
    pub fn line_at(&self, at: usize) -> usize {
        let k = self.starts.partition_point(|s| s.0 <= at);
        self.starts.get(k.saturating_sub(1)).map_or(0, |s| s.1)
    }
}

/// A page marker `n、` starting a squeezed line: n.
fn marker(sq: &str) -> Option<(u32, usize)> {
    let digits = sq.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 || !sq[digits..].starts_with('、') {
        return None;
    }
    let n = sq[..digits].parse().ok()?;
    Some((n, digits + '、'.len_utf8()))
}

/// Joins lines `lo..end`; a marker counts as a page marker when the line
/// before or after carries the next or previous number (1、 2、 3、 …).
pub fn join(lines: Lines<'_>, lo: usize, end: usize) -> Joined {
    let end = end.min(lines.len());
    let lo = lo.min(end);
    let sq: Vec<String> = lines.slice(lo..end).iter().map(|l| squeeze(l.text)).collect();
    let marks: Vec<Option<(u32, usize)>> = sq.iter().map(|s| marker(s)).collect();
    let mut out = Joined {
        text: String::new(),
        starts: Vec::new(),
    };
    for (k, s) in sq.iter().enumerate() {
        let mut body = s.as_str();
        if let Some((n, len)) = marks[k] {
            let before = k > 0 && marks[k - 1].is_some_and(|m| m.0 + 1 == n);
            let after = marks.get(k + 1).copied().flatten().is_some_and(|m| m.0 == n + 1);
            if before || after {
                body = &s[len..];
            }
        }
        out.starts.push((out.text.len(), lo + k));
        out.text.push_str(body);
    }
    out
}

/// The role of an indicator header word in a run-together header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    Name,
    Unit,
    Nature,
    Target,
    Actual,
    Points,
    Score,
    Coef,
    Core,
    Other,
}

/// Header words are at most this many characters apart within a header
/// (d17: the OCR's `年成值全完值` for 全年完成值 sits between two).
const GAP: usize = 8;

/// The first run of header words, neighbours at most `GAP` characters
/// apart, holding every role `need` asks: its roles in order and the byte
/// offset where it ends.
fn header<R: Copy + PartialEq>(text: &str, found: &[(usize, usize, R)], need: &[R]) -> Option<(Vec<R>, usize)> {
    header_run(text, found, need).map(|(roles, end, _)| (roles, end))
}

/// As `header`, with the run's place in `found`.
fn header_run<R: Copy + PartialEq>(
    text: &str,
    found: &[(usize, usize, R)],
    need: &[R],
) -> Option<(Vec<R>, usize, std::ops::RangeInclusive<usize>)> {
    let mut k = 0;
    while k < found.len() {
        let mut j = k;
        while j + 1 < found.len() && text[found[j].1..found[j + 1].0].chars().count() <= GAP {
            j += 1;
        }
        let roles: Vec<R> = found[k..=j].iter().map(|x| x.2).collect();
        if need.iter().all(|r| roles.contains(r)) {
            return Some((roles, found[j].1, k..=j));
        }
        k = j + 1;
    }
    None
}

fn ind_words(w: &FormWords) -> Vec<(Col, Vec<String>)> {
    [
        (Col::Name, "indicator"),
        (Col::Unit, "unit"),
        (Col::Nature, "nature"),
        (Col::Target, "target"),
        (Col::Actual, "actual"),
        (Col::Points, "points"),
        (Col::Score, "score"),
        (Col::Coef, "coef"),
        (Col::Core, "core"),
        (Col::Other, "level1"),
        (Col::Other, "level2"),
        (Col::Other, "reason"),
    ]
    .into_iter()
    .map(|(c, k)| (c, squeezed(&w.indicator_columns, k)))
    .collect()
}

fn money_words(w: &FormWords) -> Vec<(Role, Vec<String>)> {
    [
        (Role::Initial, "initial"),
        (Role::Annual, "annual"),
        (Role::Spent, "spent"),
        (Role::Points, "points"),
        (Role::Rate, "rate"),
        (Role::Score, "score"),
    ]
    .into_iter()
    .map(|(r, k)| (r, squeezed(&w.money_columns, k)))
    .collect()
}

/// The header words a pattern lists under `key`, squeezed as the text is.
fn squeezed(columns: &std::collections::BTreeMap<String, Vec<String>>, key: &str) -> Vec<String> {
    columns
        .get(key)
        .map_or(Vec::new(), |ws| ws.iter().map(|x| squeeze(x)).collect())
}

/// Rows longer than this are not indicator rows (the table has ended).
const MAX_ROW: usize = 120;

/// Reads the run-together parts of `f` from lines `lo..end` (only when they
/// are run together): the headings' points and 总分, the money row when none
/// was read, the indicator rows when none were. Returns whether a money row
/// or indicators were added.
pub fn read(f: &mut Form, w: &FormWords, lines: Lines<'_>, lo: usize, end: usize, ocr: bool) -> bool {
    if !run_together(lines, lo, end) {
        return false;
    }
    let j = join(lines, lo, end);
    let mut added = false;
    if f.level_points.is_empty() {
        f.level_points = level_points(&j, w, lines);
    }
    if f.total_score.is_none() {
        if let Some((p, s)) = total_pair(&j, w, lines) {
            f.total_points = p;
            f.total_score = Some(s);
        }
    }
    if f.total_row().is_none() {
        if let Some(m) = money(&j, w, lines, ocr) {
            f.money.push(m);
            added = true;
        }
    }
    if f.indicators.is_empty() {
        added |= indicators(f, &j, w, lines) || percent_rows(f, &j, w, lines);
    }
    if f.total_score.is_none() && added {
        f.total_score = total(&j, w, lines);
    }
    added
}

/// The lines hold a form run together: long, with hardly a space (one in
/// a hundred characters at most).
fn run_together(lines: Lines<'_>, lo: usize, end: usize) -> bool {
    let end = end.min(lines.len());
    let text = lines.slice(lo.min(end)..end).iter().map(|l| l.text);
    let (mut chars, mut spaces) = (0usize, 0usize);
    for t in text {
        for c in t.chars() {
            chars += 1;
            spaces += usize::from(c == ' ' || c == '\t' || c == '　');
        }
    }
    chars >= 300 && spaces * 100 <= chars
}

/// First-level headings printing their points run together
/// (`产出指标(70分)数量指标…`, r21; the headings' points as p05, p07, p19
/// print them in cells).
fn level_points(j: &Joined, w: &FormWords, lines: Lines<'_>) -> Vec<(String, At)> {
    let mut out: Vec<(String, At)> = Vec::new();
    for l1 in &w.levels.level1 {
        let l1 = squeeze(l1);
        let mut from = 0;
        while let Some(k) = j.text[from..].find(l1.as_str()) {
            let at_k = from + k;
            from = at_k + l1.len();
            let rest = &j.text[from..];
            let Some(inner) = rest.strip_prefix('(') else { continue };
            let Some(close) = inner.find("分)") else { continue };
            if let Some(p) = Printed::parse(&inner[..close]) {
                if !out.iter().any(|(n, _)| *n == l1) && p.value <= Decimal::ONE_HUNDRED {
                    out.push((l1.clone(), at(j, lines, at_k, p)));
                }
            }
        }
    }
    out.sort_by_key(|(_, a)| (a.index, a.line));
    out
}

/// `总分100100`: a total label then its points and score run together
/// (r21), the one split with 得分 ≤ 分值 ≤ 100; or a score alone.
fn total_pair(j: &Joined, w: &FormWords, lines: Lines<'_>) -> Option<(Option<At>, At)> {
    let labels: Vec<String> = w.total_labels.iter().map(|x| squeeze(x)).collect();
    for (k, _) in j.text.char_indices() {
        let rest = &j.text[k..];
        let Some(l) = labels
            .iter()
            .filter(|l| rest.starts_with(l.as_str()))
            .max_by_key(|l| l.len())
        else {
            continue;
        };
        let after = &rest[l.len()..];
        let n = after
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(after.len());
        let run = &after[..n];
        if run.len() < 5 {
            continue;
        }
        let splits: Vec<(Printed, Printed)> = (1..run.len())
            .filter(|&c| valid(&run[..c], Role::Points) && valid(&run[c..], Role::Score))
            .filter_map(|c| Some((Printed::parse(&run[..c])?, Printed::parse(&run[c..])?)))
            .filter(|(p, s)| p.value <= Decimal::ONE_HUNDRED && p.value > Decimal::ZERO && s.value <= p.value)
            .collect();
        if let [(p, s)] = splits.as_slice() {
            return Some((Some(at(j, lines, k, p.clone())), at(j, lines, k, s.clone())));
        }
    }
    None
}

fn at(j: &Joined, lines: Lines<'_>, off: usize, p: Printed) -> At {
    let i = j.line_at(off);
    let l = lines.get(i);
    At {
        printed: p,
        index: i,
        line: l.map_or(0, |l| l.line),
        page: l.and_then(|l| l.page),
    }
}

/// `自评总分(分)97.6`: a total label, `(分)` at most, then a number.
fn total(j: &Joined, w: &FormWords, lines: Lines<'_>) -> Option<At> {
    let labels: Vec<String> = w.total_labels.iter().map(|x| squeeze(x)).collect();
    for (k, _) in j.text.char_indices() {
        let rest = &j.text[k..];
        let Some(l) = labels
            .iter()
            .filter(|l| rest.starts_with(l.as_str()))
            .max_by_key(|l| l.len())
        else {
            continue;
        };
        let after = &rest[l.len()..];
        let after = after.strip_prefix("(分)").unwrap_or(after).trim_start_matches(':');
        let n = after
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(after.len());
        if let Some(p) = Printed::parse(&after[..n]) {
            if p.value <= Decimal::ONE_HUNDRED {
                return Some(at(j, lines, k, p));
            }
        }
    }
    None
}

/// The money values right after a run-together money header (d17:
/// `…执行率得分(分)O76%107.6`; cells the OCR lost left as letters): split
/// over all the header's roles as `forms_glued::split_run` does, else over
/// its roles from 执行率 on when 执行率 × 分值 = 得分 settles a single split.
fn money(j: &Joined, w: &FormWords, lines: Lines<'_>, ocr: bool) -> Option<MoneyRow> {
    let (roles, end) = money_header(&j.text, &money_words(w), ocr)?;
    let mut uniq: Vec<Role> = Vec::new();
    for r in roles {
        if !uniq.contains(&r) {
            uniq.push(r);
        }
    }
    let after = skip_bracket(&j.text[end..]);
    let len = after
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '%'))
        .unwrap_or(after.len());
    let run: String = after[..len]
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.' || *c == '%')
        .collect();
    let (roles, vals): (Vec<Role>, Vec<String>) = match super::forms_glued::split_run(&run, &uniq) {
        Some(v) => (uniq.clone(), v),
        None => {
            // 执行率, 分值, 得分: the one tail of the run that splits over them
            let k = uniq.iter().position(|r| *r == Role::Rate)?;
            let tail = uniq[k..].to_vec();
            let hits: Vec<(usize, Vec<String>)> = (0..run.len())
                .filter(|s| run.is_char_boundary(*s))
                .filter_map(|s| split_rate_tail(&run[s..], &tail).map(|v| (s, v)))
                .collect();
            let [(s, v)] = hits.as_slice() else { return None };
            // the money before it, when printed: split with that rate
            let head = &run[..*s];
            let with_rate = v.first().map(|r| format!("{head}{r}")).unwrap_or_default();
            match super::forms_glued::split_run(&with_rate, &uniq[..=k]).filter(|_| !head.is_empty()) {
                Some(mut hv) => {
                    hv.extend(v.iter().skip(1).cloned());
                    (uniq.clone(), hv)
                }
                None => (tail, v.clone()),
            }
        }
    };
    let i = j.line_at(end);
    let l = lines.get(i)?;
    let mut row = MoneyRow {
        label: "预算执行情况".into(),
        kind: MoneyKind::Total,
        group: None,
        initial: None,
        annual: None,
        spent: None,
        points: None,
        rate: None,
        score: None,
        index: i,
        line: l.line,
        page: l.page,
        evidence: format!("{}{}", tail_chars(&j.text[..end], 30), &after[..len]),
    };
    for (r, v) in roles.iter().zip(&vals) {
        match r {
            Role::Initial => row.initial = Printed::parse(v),
            Role::Annual => row.annual = Printed::parse(v),
            Role::Spent => row.spent = Printed::parse(v),
            Role::Points => row.points = Printed::parse(v),
            Role::Score => row.score = Printed::parse(v),
            Role::Rate => row.rate = rate(v),
        }
    }
    Some(row)
}

/// The money header of run-together text: its roles in order and where it
/// ends. It names 执行数 and 执行率 and 得分 — or, with no 得分 column,
/// 执行率 after a budget and 执行数 (p25's 全年预算数(A)/全年执行数(B)/预算执行率(B/A),
/// r11's 宁夏 form 年初预算数/调整预算数(A)/全年执行数(B)/执行率(B/A): the row
/// scored in the indicator table). In OCR text a header word of five
/// characters or more may be one character off (r11's `年初预匏数`,
/// `调整预算将`) when the header run around it holds at least two words as
/// printed and no more misread ones than those.
fn money_header(text: &str, words: &[(Role, Vec<String>)], ocr: bool) -> Option<(Vec<Role>, usize)> {
    let found: Vec<(usize, usize, Role, bool)> = if ocr {
        words_in_tolerant(text, words)
    } else {
        words_in(text, words)
            .into_iter()
            .map(|(a, b, r)| (a, b, r, true))
            .collect()
    };
    let plain: Vec<(usize, usize, Role)> = found.iter().map(|x| (x.0, x.1, x.2)).collect();
    let budget_first = |roles: &[Role]| {
        let at = |r: Role| roles.iter().position(|x| *x == r);
        let b = at(Role::Annual).or(at(Role::Initial));
        matches!((b, at(Role::Spent), at(Role::Rate)), (Some(b), Some(s), Some(r)) if b < s && s < r)
    };
    let (roles, end, run) = header_run(text, &plain, &[Role::Spent, Role::Rate, Role::Score])
        .or_else(|| header_run(text, &plain, &[Role::Spent, Role::Rate]).filter(|(r, _, _)| budget_first(r)))?;
    let exact = found[run.clone()].iter().filter(|x| x.3).count();
    let near = run.clone().count() - exact;
    (near == 0 || exact >= 2 && near <= exact).then_some((roles, end))
}

/// The last `n` characters of `s`.
fn tail_chars(s: &str, n: usize) -> &str {
    let k = s.char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |x| x.0);
    &s[k..]
}

/// `s` without a short bracket at its start (`(分)`, `(万元)`).
fn skip_bracket(s: &str) -> &str {
    if let Some(r) = s.strip_prefix('(') {
        if let Some(k) = r.find(')') {
            if r[..k].chars().count() <= 4 {
                return &r[k + 1..];
            }
        }
    }
    s
}

fn rate(s: &str) -> Option<Rate> {
    match s.strip_suffix('%') {
        Some(p) => Printed::parse(p).map(|printed| Rate { printed, percent: true }),
        None => Printed::parse(s).map(|printed| {
            let percent = printed.value > Decimal::new(15, 1);
            Rate { printed, percent }
        }),
    }
}

/// Splits `run` over [执行率, 分值, 得分] (in the header's order): the one
/// split where 得分 = 执行率 × 分值 (capped at 分值) within 0.05.
fn split_rate_tail(run: &str, roles: &[Role]) -> Option<Vec<String>> {
    if !(roles.contains(&Role::Points) && roles.contains(&Role::Score)) || roles.len() != 3 || run.len() > 24 {
        return None;
    }
    let mut found: Vec<Vec<String>> = Vec::new();
    let n = run.len();
    for a in 1..n {
        for b in a + 1..n {
            let parts = [&run[..a], &run[a..b], &run[b..]];
            if !parts.iter().zip(roles).all(|(p, r)| valid(p, *r)) {
                continue;
            }
            let get = |r: Role| roles.iter().position(|x| *x == r).map(|k| parts[k]);
            let (Some(rt), Some(pt), Some(sc)) = (
                get(Role::Rate).and_then(rate),
                get(Role::Points).and_then(Printed::parse),
                get(Role::Score).and_then(Printed::parse),
            ) else {
                continue;
            };
            let r = rt.fraction();
            if r > Decimal::TWO || pt.value <= Decimal::ZERO || pt.value > Decimal::ONE_HUNDRED || sc.value > pt.value {
                continue;
            }
            let due = r.min(Decimal::ONE) * pt.value;
            if (due - sc.value).abs() <= Decimal::new(5, 2) && !sc.value.is_zero() {
                found.push(parts.iter().map(|p| p.to_string()).collect());
            }
        }
    }
    match found.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// The indicator rows after a run-together header that has a 是否核心指标
/// column: each row ends at a 是 or 否 right after a digit.
fn indicators(f: &mut Form, j: &Joined, w: &FormWords, lines: Lines<'_>) -> bool {
    let found = words_in(&j.text, &ind_words(w));
    let Some((roles, end)) = header(&j.text, &found, &[Col::Name, Col::Points, Col::Score, Col::Core]) else {
        return false;
    };
    // the core column must end the header: it ends each row
    if roles.last() != Some(&Col::Core) {
        return false;
    }
    let has_coef = roles.contains(&Col::Coef);
    let values = roles
        .iter()
        .filter(|r| matches!(r, Col::Target | Col::Actual))
        .count()
        .max(2);
    let body = &j.text[end..];
    let mut start = 0;
    let mut prev: Option<char> = None;
    let mut read = 0;
    let mut rows_seen = 0;
    for (k, c) in body.char_indices() {
        let ends = matches!(c, '是' | '否') && prev.is_some_and(|p| p.is_ascii_digit());
        prev = Some(c);
        if !ends {
            continue;
        }
        let seg = &body[start..k];
        if seg.chars().count() > MAX_ROW {
            break;
        }
        rows_seen += 1;
        if let Some(mut r) = row(seg, has_coef, values, w) {
            let off = end + start;
            let i = j.line_at(off);
            let l = lines.get(i);
            r.index = i;
            r.line = l.map_or(0, |l| l.line);
            r.page = l.and_then(|l| l.page);
            r.evidence = format!("{seg}{c}");
            f.indicators.push(r);
            read += 1;
        }
        start = k + c.len_utf8();
    }
    // text left after the last row: the excerpt stops inside the table
    if read > 0 && body[start..].chars().count() > 0 && body[start..].chars().count() <= MAX_ROW {
        f.truncated = true;
    }
    rows_seen >= 2 && read > 0
}

/// The indicator rows of a run-together table printing no 分值 column
/// (../shared/notes/forms.md family 4, the 20-point execution template:
/// 目标值(A) | 完成值(B) | 得分; p11): the text after its header cut at each
/// second-level word, a row read only where its values settle themselves —
/// a percentage target, a percentage actual and the score, `100%100%10`
/// (`6620` for 6 | 6 | 20 settles nothing and stays unread); its name the
/// text before them. Stops at 总分.
fn percent_rows(f: &mut Form, j: &Joined, w: &FormWords, lines: Lines<'_>) -> bool {
    let found = words_in(&j.text, &ind_words(w));
    let Some((roles, end)) = header(&j.text, &found, &[Col::Name, Col::Target, Col::Actual, Col::Score]) else {
        return false;
    };
    if roles.contains(&Col::Points) || roles.contains(&Col::Core) {
        return false;
    }
    let body = &j.text[end..];
    let totals: Vec<String> = w.total_labels.iter().map(|x| squeeze(x)).collect();
    let stop = totals
        .iter()
        .filter_map(|t| body.find(t.as_str()))
        .min()
        .unwrap_or(body.len());
    let body = &body[..stop];
    let level2: Vec<((), Vec<String>)> = vec![((), w.levels.level2.iter().map(|x| squeeze(x)).collect())];
    let cuts = words_in(body, &level2);
    let mut read = 0;
    let mut skipped = false;
    for (k, (_, from, _)) in cuts.iter().enumerate() {
        let to = cuts.get(k + 1).map_or(body.len(), |c| c.0);
        let seg = &body[*from..to];
        if seg.chars().count() > MAX_ROW {
            continue;
        }
        let triple = percent_triple(seg);
        let name = triple
            .as_ref()
            .map_or("", |t| seg[..t.0].trim_matches(|c: char| c == ':' || c == '、'));
        let Some((_, target, actual, score)) = triple.filter(|_| !name.is_empty()) else {
            // a row with figures left unread: the scores read need not add up
            skipped |= seg.contains(|c: char| c.is_ascii_digit());
            continue;
        };
        let off = end + from;
        let i = j.line_at(off);
        let l = lines.get(i);
        f.indicators.push(FormIndicator {
            level2: body[cuts[k].0..*from].to_string(),
            name: name.to_string(),
            target,
            actual,
            score: Some(score),
            lower: w.lower_is_better.iter().any(|x| name.contains(x.as_str())),
            index: i,
            line: l.map_or(0, |l| l.line),
            page: l.and_then(|l| l.page),
            evidence: seg.to_string(),
            ..FormIndicator::default()
        });
        read += 1;
    }
    if read > 0 && skipped {
        f.truncated = true;
    }
    read > 0
}

/// The first `n%n%n` of `s` (a number not run on from digits before it):
/// its byte offset, the two percentages as printed and the last number, at
/// most 100.
fn percent_triple(s: &str) -> Option<(usize, String, String, Printed)> {
    let b = s.as_bytes();
    // a number `digits[.digits]` at `k`: its end
    let num = |k: usize| {
        let d = b[k..].iter().take_while(|c| c.is_ascii_digit()).count();
        if d == 0 {
            return None;
        }
        let mut e = k + d;
        if b.get(e) == Some(&b'.') {
            let f = b[e + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if f > 0 {
                e += 1 + f;
            }
        }
        Some(e)
    };
    for k in 0..b.len() {
        if !b[k].is_ascii_digit() || k > 0 && (b[k - 1].is_ascii_digit() || b[k - 1] == b'.') {
            continue;
        }
        let Some(e1) = num(k).filter(|&e| b.get(e) == Some(&b'%')) else {
            continue;
        };
        let Some(e2) = num(e1 + 1).filter(|&e| b.get(e) == Some(&b'%')) else {
            continue;
        };
        let Some(e3) = num(e2 + 1) else { continue };
        let score = Printed::parse(&s[e2 + 1..e3])?;
        if score.value > Decimal::ONE_HUNDRED || !plain_number(&s[k..e1]) || !plain_number(&s[e1 + 1..e2]) {
            return None;
        }
        return Some((k, s[k..=e1].to_string(), s[e1 + 1..=e2].to_string(), score));
    }
    None
}

/// A plain number (no leading zero, a point at most) of `s`.
fn plain_number(s: &str) -> bool {
    valid(s, Role::Initial)
}

/// One row `名称 单位 性质 指标值… 完成值 系数% 权重得分` read from the right.
fn row(seg: &str, has_coef: bool, values: usize, w: &FormWords) -> Option<FormIndicator> {
    // 权重 and 得分 run together at the end
    let dl = seg
        .bytes()
        .rev()
        .take_while(|b| b.is_ascii_digit() || *b == b'.')
        .count();
    let digits = &seg[seg.len() - dl..];
    let mut left = &seg[..seg.len() - dl];
    let mut back = ""; // digits of the cell before the coefficient, run into it
    let mut coef: Option<Rate> = None;
    if has_coef {
        let l = left.strip_suffix('%')?;
        let cl = l.bytes().rev().take_while(|b| b.is_ascii_digit() || *b == b'.').count();
        let all = &l[l.len() - cl..];
        // the longest tail that is a coefficient (at most 100%)
        let k = (0..all.len()).find(|&k| {
            plain_number(&all[k..]) && all[k..].parse::<Decimal>().is_ok_and(|v| v <= Decimal::ONE_HUNDRED)
        })?;
        coef = rate(&format!("{}%", &all[k..]));
        back = &all[..k];
        left = &l[..l.len() - cl];
    }
    let (points, score) = split_points_score(digits, coef.as_ref())?;
    let mut r = FormIndicator {
        points: Some(points),
        score: Some(score),
        coef,
        ..FormIndicator::default()
    };
    // target and actual: numbers with a unit after them, from the right
    let mut vals: Vec<String> = Vec::new();
    let mut rest = left.to_string();
    if !back.is_empty() {
        vals.push(back.to_string());
    }
    while vals.len() < values {
        let Some((v, before)) = value_at_end(&rest) else { break };
        vals.insert(0, v);
        rest = before;
    }
    let mut unit_seen = String::new();
    match vals.as_slice() {
        [] => {
            // a word target met by the same word (`高高`, `好好`)
            let cs: Vec<char> = rest.chars().collect();
            for n in (1..=4).rev() {
                if cs.len() > 2 * n && cs[cs.len() - n..] == cs[cs.len() - 2 * n..cs.len() - n] {
                    let word: String = cs[cs.len() - n..].iter().collect();
                    if !word.chars().any(|c| c.is_ascii_digit()) {
                        r.target = word.clone();
                        r.actual = word;
                        rest = cs[..cs.len() - 2 * n].iter().collect();
                    }
                    break;
                }
            }
        }
        [a] => r.actual = a.clone(),
        [.., t, a] => {
            r.target = t.clone();
            r.actual = a.clone();
        }
    }
    if let Some(u) = [&r.actual, &r.target]
        .iter()
        .map(|v| v.trim_start_matches(|c: char| !c.is_ascii_digit()))
        .map(|v| v.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.'))
        .find(|u| !u.is_empty())
    {
        unit_seen = u.to_string();
    }
    // 指标性质 words and the unit after the name
    for n in &w.natures {
        let n = squeeze(n);
        if let Some(k) = rest.rfind(n.as_str()) {
            r.nature = n.clone();
            rest = format!("{}{}", &rest[..k], &rest[k + n.len()..]);
            break;
        }
    }
    if let Some(s) = rest.strip_suffix('%') {
        r.unit = "%".into();
        rest = s.to_string();
    } else if !unit_seen.is_empty() && unit_seen != "%" {
        if let Some(s) = rest.strip_suffix(unit_seen.as_str()) {
            r.unit = unit_seen.clone();
            rest = s.to_string();
        }
    }
    if r.unit.is_empty() && unit_seen == "%" {
        r.unit = "%".into();
    }
    let name = rest.trim_matches(|c: char| c == ':' || c == '、').to_string();
    if name.chars().count() < 2 {
        return None;
    }
    r.lower = w.lower_is_better.iter().any(|x| name.contains(x.as_str()));
    r.name = name;
    Some(r)
}

/// The last value of `s`: an operator at most, a number, then `%` or one
/// or two unit characters (`26次`, `72.74%`, `0`); and the text before it.
fn value_at_end(s: &str) -> Option<(String, String)> {
    let mut cs: Vec<char> = s.chars().collect();
    // the unit: one or two characters (`%`, `次`, `人次`)
    let u = cs
        .iter()
        .rev()
        .take(2)
        .take_while(|c| !c.is_ascii_digit() && **c != '.' && !c.is_ascii_alphabetic())
        .count();
    let unit: String = cs[cs.len() - u..].iter().collect();
    cs.truncate(cs.len() - u);
    let n = cs.iter().rev().take_while(|c| c.is_ascii_digit() || **c == '.').count();
    if n == 0 {
        return None;
    }
    let num: String = cs[cs.len() - n..].iter().collect();
    if !plain_number(&num) {
        return None;
    }
    cs.truncate(cs.len() - n);
    let mut op = String::new();
    if let Some(&c) = cs.last() {
        if matches!(c, '≥' | '≤' | '>' | '<' | '=' | '＞' | '＜' | '＝') {
            op.push(c);
            cs.pop();
        }
    }
    Some((format!("{op}{num}{unit}"), cs.into_iter().collect()))
}

/// 权重 and 得分 run together (`22`, `1010`): the split with 得分 ≤ 权重 ≤ 100,
/// the one agreeing with 得分系数 × 权重 when a coefficient is printed, else
/// the only one.
fn split_points_score(d: &str, coef: Option<&Rate>) -> Option<(Printed, Printed)> {
    if d.len() < 2 || d.len() > 12 {
        return None;
    }
    let mut all: Vec<(Printed, Printed)> = Vec::new();
    for k in 1..d.len() {
        let (a, b) = (&d[..k], &d[k..]);
        if !(valid(a, Role::Points) && valid(b, Role::Score)) {
            continue;
        }
        let (Some(p), Some(s)) = (Printed::parse(a), Printed::parse(b)) else {
            continue;
        };
        if p.value <= Decimal::ZERO || p.value > Decimal::ONE_HUNDRED || s.value > p.value {
            continue;
        }
        all.push((p, s));
    }
    if let Some(c) = coef {
        let agree: Vec<&(Printed, Printed)> = all
            .iter()
            .filter(|(p, s)| (c.fraction() * p.value - s.value).abs() <= Decimal::new(5, 2))
            .collect();
        if let [one] = agree.as_slice() {
            return Some((*one).clone());
        }
    }
    match all.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate_of(s: &str) -> Rate {
        rate(s).unwrap_or(Rate {
            printed: Printed::parse("0").unwrap_or_else(|| unreachable!()),
            percent: true,
        })
    }

    #[test]
    fn glued_points_and_score_split_by_the_coefficient() {
        let full = rate_of("100%");
        let (p, s) = split_points_score("1010", Some(&full)).unwrap_or_else(|| unreachable!());
        assert_eq!((p.raw.as_str(), s.raw.as_str()), ("10", "10"));
        let (p, s) = split_points_score("22", Some(&full)).unwrap_or_else(|| unreachable!());
        assert_eq!((p.raw.as_str(), s.raw.as_str()), ("2", "2"));
        // 80% of 5 is 4: 54 → 5 | 4
        let (p, s) = split_points_score("54", Some(&rate_of("80%"))).unwrap_or_else(|| unreachable!());
        assert_eq!((p.raw.as_str(), s.raw.as_str()), ("5", "4"));
        // 1510 without a coefficient: 15 | 10 only (151 | 0 is above 100)
        let (p, s) = split_points_score("1510", None).unwrap_or_else(|| unreachable!());
        assert_eq!((p.raw.as_str(), s.raw.as_str()), ("15", "10"));
        // 2010: 20 | 10, 20 | 1.0? no (2 | 010 has a leading zero); 201 | 0 above 100
        assert!(split_points_score("5", None).is_none());
    }

    #[test]
    fn a_row_reads_from_the_right() {
        let w = FormWords {
            natures: vec!["定量指标".into(), "定性指标".into()],
            lower_is_better: vec!["控制率".into()],
            ..FormWords::default()
        };
        let r = row("办公用房控制率%定量指标95%90%100%44", true, 2, &w).unwrap_or_else(|| unreachable!());
        assert_eq!(r.name, "办公用房控制率");
        assert_eq!((r.unit.as_str(), r.nature.as_str()), ("%", "定量指标"));
        assert_eq!((r.target.as_str(), r.actual.as_str()), ("95%", "90%"));
        assert_eq!(r.points.map(|p| p.raw), Some("4".into()));
        assert!(r.lower);
        // the actual run into the coefficient: 0 then 100%
        let r = row("闲置率%5%0100%33", true, 2, &w).unwrap_or_else(|| unreachable!());
        assert_eq!((r.target.as_str(), r.actual.as_str()), ("5%", "0"));
        assert_eq!(r.coef.map(|c| c.printed.raw), Some("100".into()));
        // units after the numbers, and a word target met
        let r = row("培训人次人次30人次45人次100%1010", true, 2, &w).unwrap_or_else(|| unreachable!());
        assert_eq!((r.target.as_str(), r.actual.as_str()), ("30人次", "45人次"));
        let r = row("制度执行情况定性指标优优100%55", true, 2, &w).unwrap_or_else(|| unreachable!());
        assert_eq!(
            (r.name.as_str(), r.target.as_str(), r.actual.as_str()),
            ("制度执行情况", "优", "优")
        );
        // no coefficient where the header has one: unread
        assert!(row("某指标%90%90%22", true, 2, &w).is_some());
        assert!(row("某指标2", true, 2, &w).is_none());
    }

    #[test]
    fn money_after_its_header_splits_by_rate_times_points() {
        let roles = [Role::Rate, Role::Points, Role::Score];
        assert_eq!(
            split_rate_tail("85%108.5", &roles),
            Some(vec!["85%".into(), "10".into(), "8.5".into()])
        );
        // 100%1010: 100% | 10 | 10 only
        assert_eq!(
            split_rate_tail("100%1010", &roles),
            Some(vec!["100%".into(), "10".into(), "10".into()])
        );
        assert_eq!(split_rate_tail("85%109", &roles), None);
    }

    #[test]
    fn page_markers_are_dropped_when_they_count_pages() {
        let mk = |ts: &[&str]| {
            let mut s = crate::model::LineStore::default();
            ts.iter().for_each(|t| s.push_plain(None, 1, t));
            s
        };
        let lines = mk(&["1、表头甲10", "2、0%乙", "3、丙"]);
        let j = join(lines.view(), 0, 3);
        assert_eq!(j.text, "表头甲100%乙丙");
        assert_eq!(j.line_at(j.text.find('乙').unwrap_or(0)), 1);
        // a lone `1、` is an item number, kept
        let j = join(mk(&["1、甲"]).view(), 0, 1);
        assert_eq!(j.text, "1、甲");
    }
}

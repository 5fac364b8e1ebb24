//! A report's identity for reports.csv: the department (its `部门名称` line
//! when filled, else its title, else the organisation the body speaks for),
//! the year evaluated (the title's `2021 年度`), and the report kind.

use crate::model::{Document, Lines};
use crate::patterns::ReportPatterns;
use aho_corasick::{AhoCorasick, AhoCorasickKind};
use std::collections::HashMap;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub department: String,
    pub year: String,
    pub report_kind: String,
    /// Index of the title line, when found.
    pub title_line: Option<usize>,
}

pub fn extract(doc: &Document, p: &ReportPatterns) -> Meta {
    let title_line = find_title(doc.lines.view(), p);
    let title = title_line.map(|i| doc.lines.at(i).text).unwrap_or("");
    let department = from_name_line(doc.lines.view(), p)
        .or_else(|| from_title(doc.lines.view(), title_line, p))
        .or_else(|| from_body(doc.lines.view(), p))
        .unwrap_or_default();
    let year = year_in(title, p)
        .or_else(|| doc.lines.iter().take(p.title_lines).find_map(|l| year_in(l.text, p)))
        .or_else(|| cell_after(doc.lines.view(), &p.year_cells).and_then(|c| year_in(&format!("{c}年"), p)))
        .unwrap_or_default();
    let report_kind = p
        .kinds
        .iter()
        .find(|k| !title.is_empty() && k.all.iter().all(|w| title.contains(w.as_str())))
        .map(|k| k.id.clone())
        .unwrap_or_default();
    Meta {
        department,
        year,
        report_kind,
        title_line,
    }
}

/// The first line (of the first few) that reads as the report's title.
fn find_title(lines: Lines<'_>, p: &ReportPatterns) -> Option<usize> {
    lines.iter().take(p.title_lines).position(|l| {
        l.single_text()
            .is_some_and(|t| p.title.is_match(t) && t.chars().count() <= 80)
    })
}

fn year_in(text: &str, p: &ReportPatterns) -> Option<String> {
    p.year
        .captures(text)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_string())
}

/// `部门名称（公章）：深圳市规划和自然资源局`, or a table cell so labelled.
fn from_name_line(lines: Lines<'_>, p: &ReportPatterns) -> Option<String> {
    for l in lines {
        let Some(t) = l.single_text() else { continue };
        for r in &p.department_lines {
            if let Some(name) = r.captures(t).and_then(|c| c.get(1)) {
                let name = tidy(name.as_str());
                if !name.is_empty() {
                    return Some(name);
                }
            }
        }
    }
    cell_after(lines, &p.department_cells)
        .map(|s| tidy(&s))
        .filter(|s| !s.is_empty())
}

/// The non-empty cell after a cell carrying one of `labels`.
fn cell_after(lines: Lines<'_>, labels: &[String]) -> Option<String> {
    for l in lines.iter().filter(|l| l.is_table_row()) {
        let mut cells = l.cells().iter();
        while let Some(c) = cells.next() {
            let key = crate::normalize::chars::without_whitespace(c);
            if labels.contains(&key) {
                if let Some(v) = cells.by_ref().find(|c| !c.trim().is_empty()) {
                    return Some(v.trim().to_string());
                }
            }
        }
    }
    None
}

/// `广州市…分局 2022 年部门整体支出绩效自评报告`: the name before the year; or
/// a line above the title that is an organisation's name on its own.
fn from_title(lines: Lines<'_>, title: Option<usize>, p: &ReportPatterns) -> Option<String> {
    let i = title?;
    let t = &lines.at(i).text;
    if let Some(m) = p.year.find(t) {
        let before = tidy(&t[..m.start()]);
        if is_org_name(&before, p) {
            return Some(before);
        }
    }
    lines
        .slice(..i)
        .iter()
        .rev()
        .filter_map(|l| l.single_text())
        .filter(|t| !t.is_empty())
        .take(2)
        .map(tidy)
        .find(|t| is_org_name(t, p))
}

fn is_org_name(s: &str, p: &ReportPatterns) -> bool {
    p.org_full.is_match(s)
}

/// A match may start with the words before the name (`关于深圳市…中心`):
/// leading `lead_words` are dropped while what remains is still a name.
fn trim_lead<'a>(mut name: &'a str, p: &ReportPatterns) -> &'a str {
    'again: loop {
        for w in &p.lead_words {
            if let Some(rest) = name.strip_prefix(w.as_str()) {
                if p.org_full.is_match(rest) {
                    name = rest;
                    continue 'again;
                }
            }
        }
        return name;
    }
}

/// The organisation the body speaks for: names (`深圳市龙岗区…局`) ending like
/// the report's self-reference (`我局` → 局), not cited as the issuer of a
/// document (`…财政局关于…`), scored by how often their name without the place
/// prefix occurs. The occurrences of all those names are counted in one pass
/// over the text (Aho–Corasick), not one pass per name.
fn from_body(lines: Lines<'_>, p: &ReportPatterns) -> Option<String> {
    // joined without a vector of the lines' texts (16 bytes a line, more
    // than the text itself in a file of short lines)
    let mut text = String::with_capacity(lines.iter().map(|l| l.text.len() + 1).sum());
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        text.push_str(l.text);
    }
    let mut self_suffix: HashMap<&str, usize> = HashMap::new();
    for c in p.self_reference.captures_iter(&text) {
        if let Some(m) = c.get(1) {
            *self_suffix.entry(m.as_str()).or_default() += 1;
        }
    }
    let suffix = self_suffix
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(s, _)| s)
        .filter(|s| !matches!(*s, "单位" | "部门"));
    // candidates: (name, core id, start)
    let mut cores: HashMap<&str, usize> = HashMap::new();
    let mut core_list: Vec<&str> = Vec::new();
    let mut candidates: Vec<(&str, usize, usize)> = Vec::new();
    for m in p.org_name.find_iter(&text) {
        let name = trim_lead(m.as_str(), p);
        if !balanced(name) {
            // `省级(计划单列市)财政部门`: the match starts inside brackets
            continue;
        }
        let after = &text[m.end()..];
        if p.not_self_after.iter().any(|w| after.starts_with(w.as_str())) {
            continue;
        }
        if let Some(sfx) = suffix {
            if !name.ends_with(sfx) {
                continue;
            }
        }
        let core = strip_place(name, p);
        let id = *cores.entry(core).or_insert_with(|| {
            core_list.push(core);
            core_list.len() - 1
        });
        candidates.push((name, id, m.start()));
    }
    let counts = occurrences(&text, &core_list);
    let mut best: Option<(usize, usize, usize, &str)> = None; // (score, len, -pos, name)
    for (name, id, start) in candidates {
        let key = (counts[id], name.chars().count(), usize::MAX - start);
        if best.as_ref().is_none_or(|b| key > (b.0, b.1, b.2)) {
            best = Some((key.0, key.1, key.2, name));
        }
    }
    best.map(|b| b.3.to_string())
}

/// For each pattern, how many times it occurs in `text` without overlapping
/// itself, counted left to right — what `text.matches(pat).count()` gives —
/// for all patterns in one pass.
fn occurrences(text: &str, pats: &[&str]) -> Vec<usize> {
    let mut counts = vec![0usize; pats.len()];
    // where each pattern's last counted occurrence ended
    let mut free_from = vec![0usize; pats.len()];
    let nonempty: Vec<usize> = (0..pats.len()).filter(|&i| !pats[i].is_empty()).collect();
    for (i, c) in counts.iter_mut().enumerate() {
        if pats[i].is_empty() {
            *c = text.matches("").count();
        }
    }
    // a contiguous NFA: cheaper to build than a DFA for one short search
    let Ok(ac) = AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .build(nonempty.iter().map(|&i| pats[i]))
    else {
        for &i in &nonempty {
            counts[i] = text.matches(pats[i]).count();
        }
        return counts;
    };
    for m in ac.find_overlapping_iter(text) {
        let i = nonempty[m.pattern().as_usize()];
        if m.start() >= free_from[i] {
            counts[i] += 1;
            free_from[i] = m.end();
        }
    }
    counts
}

/// Every closing bracket of `s` closes one opened before it, and none is left open.
fn balanced(s: &str) -> bool {
    let mut depth = 0i32;
    for c in s.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0
}

/// The name without its leading place names (`深圳市龙岗区`).
fn strip_place<'a>(name: &'a str, p: &ReportPatterns) -> &'a str {
    match p.place.find(name) {
        Some(m) if m.end() < name.len() => &name[m.end()..],
        _ => name,
    }
}

/// Trims spaces, punctuation and undecodable characters (U+FFFD) around a name.
fn tidy(s: &str) -> String {
    s.trim()
        .trim_matches(|c: char| matches!(c, '：' | ':' | '，' | ',' | '。' | ' ' | '　' | '\u{FFFD}'))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One pass counts what `str::matches` counts, per pattern, overlaps
    /// with other patterns included and with itself excluded.
    #[test]
    fn occurrences_match_str_matches() {
        let text = "规划局规划局局规划和自然资源局，自然资源局；局局局";
        let pats = ["规划局", "局", "自然资源局", "局局", "和自然", "无", ""];
        let want: Vec<usize> = pats.iter().map(|p| text.matches(p).count()).collect();
        assert_eq!(occurrences(text, &pats), want);
    }

    fn department(text: &str) -> String {
        let p = crate::patterns::Patterns::builtin().expect("built-in patterns");
        let ingested = crate::ingest::from_bytes(text.as_bytes(), std::path::Path::new("t.txt"));
        crate::pipeline::analyse_ingested(ingested, &p).meta.department
    }

    /// A name found from inside brackets is no name: `省级(计划单列市)财政部门`
    /// is the generic finance departments, not an organisation `计划单列市)财政部`.
    #[test]
    fn names_start_outside_brackets() {
        assert!(balanced("深圳市(本级)财政局") && balanced("某县教育局"));
        assert!(!balanced("计划单列市)财政部") && !balanced("某市(本级财政局"));
        let text = "一、资金下达\n省级(计划单列市)财政部门在接到资金预算后，在30日内下达。省级(计划单列市)财政部门按时拨付。\n";
        assert_eq!(department(text), "");
        let text = "我局全年工作……\n某省某市交通运输局（本级）按时拨付资金，某省某市交通运输局完成年度任务。我局自评得分95分。\n";
        assert_eq!(department(text), "某省某市交通运输局");
    }
}

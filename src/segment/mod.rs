//! Segment: cut a normalised report into its sections — numbered headings
//! (`一、` → `（一）` → `1.` → `（1）`), `附件` and table titles — build the tree,
//! and map each heading to a canonical section id from `sections.toml`.

pub mod heading;

use crate::model::{Document, Line};
use crate::patterns::SectionPatterns;
use heading::{Candidate, CandidateKind};

/// One section of the tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub level: u8,
    /// Numbering as printed (`（一）`), empty for unnumbered headings.
    pub numbering: String,
    pub title: String,
    /// Canonical id (`overview`, `annex_scorecard`…), None when unknown.
    pub id: Option<String>,
    /// Index of the heading line in `Document::lines`.
    pub index: usize,
    /// Index one past the section's last line.
    pub end: usize,
    /// Source lines: heading line and last line of the section.
    pub first_line: u32,
    pub last_line: u32,
    pub page: Option<u32>,
    /// Index of the parent in the section list.
    pub parent: Option<usize>,
}

/// The section tree of a document, in reading order (parents before children).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outline {
    pub sections: Vec<Section>,
}

impl Outline {
    /// Distinct canonical ids recognised.
    pub fn canonical_count(&self) -> usize {
        let mut ids: Vec<&str> = self.sections.iter().filter_map(|s| s.id.as_deref()).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    }

    /// The innermost section containing line index `i`.
    pub fn section_at(&self, i: usize) -> Option<&Section> {
        self.sections.iter().rev().find(|s| s.index <= i && i < s.end)
    }

    /// The canonical id of the innermost section with one, around line `i`.
    pub fn canonical_at(&self, i: usize) -> Option<&str> {
        let mut cur = self.sections.iter().rposition(|s| s.index <= i && i < s.end);
        while let Some(k) = cur {
            if let Some(id) = self.sections[k].id.as_deref() {
                return Some(id);
            }
            cur = self.sections[k].parent;
        }
        None
    }

    /// Children of section `k` (or the roots with None).
    pub fn children(&self, k: Option<usize>) -> impl Iterator<Item = (usize, &Section)> {
        self.sections.iter().enumerate().filter(move |(_, s)| s.parent == k)
    }

    /// Renders the tree, one section a line: indent, numbering and title,
    /// canonical id (`-` when none), source line range, page when known.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for s in &self.sections {
            let indent = "  ".repeat(self.depth(s) as usize);
            out.push_str(&format!(
                "{indent}L{} {}{}\t{}\t{}-{}",
                s.level,
                s.numbering,
                s.title,
                s.id.as_deref().unwrap_or("-"),
                s.first_line,
                s.last_line
            ));
            if let Some(p) = s.page {
                out.push_str(&format!("\tp{p}"));
            }
            out.push('\n');
        }
        out
    }

    fn depth(&self, s: &Section) -> u32 {
        let mut d = 0;
        let mut p = s.parent;
        while let Some(k) = p {
            d += 1;
            p = self.sections[k].parent;
        }
        d
    }
}

/// Candidates on a document before reflow (blank lines included): what the
/// reflow needs to know which lines are headings and which are list items.
pub fn classify(doc: &Document, p: &SectionPatterns) -> Vec<crate::normalize::Mark> {
    let c = heading::candidates(doc.lines.view(), p);
    heading::marks(doc.lines.view(), &c)
}

/// Builds the outline of a reflowed document.
pub fn segment(doc: &Document, p: &SectionPatterns) -> Outline {
    let cands: Vec<Candidate> = heading::candidates(doc.lines.view(), p)
        .into_iter()
        .filter(|c| c.heading)
        .collect();
    let mut sections: Vec<Section> = Vec::with_capacity(cands.len());
    let mut stack: Vec<usize> = Vec::new(); // indices into sections
    let mut relative_flag: Vec<bool> = Vec::new();
    for c in &cands {
        let relative = matches!(c.kind, CandidateKind::Unnumbered { relative: true });
        let level = if relative {
            while stack.last().is_some_and(|&k| relative_flag[k]) {
                stack.pop();
            }
            stack.last().map(|&k| sections[k].level + 1).unwrap_or(1)
        } else {
            c.level.max(1)
        };
        while stack.last().is_some_and(|&k| sections[k].level >= level) {
            stack.pop();
        }
        let line: &Line = &doc.lines.at(c.index);
        sections.push(Section {
            level,
            numbering: c.numbering.clone(),
            title: c.title.clone(),
            id: canonical(&c.title, p).map(str::to_string),
            index: c.index,
            end: doc.lines.len(),
            first_line: line.line,
            last_line: line.end_line,
            page: line.page,
            parent: stack.last().copied(),
        });
        relative_flag.push(relative);
        stack.push(sections.len() - 1);
    }
    // a section ends where the next section at its level or above begins
    for k in 0..sections.len() {
        let lvl = sections[k].level;
        let end = sections[k + 1..]
            .iter()
            .find(|s| s.level <= lvl)
            .map(|s| s.index)
            .unwrap_or(doc.lines.len());
        sections[k].end = end;
        let last = doc
            .lines
            .slice(sections[k].index..end)
            .iter()
            .map(|l| l.end_line)
            .max()
            .unwrap_or(sections[k].first_line);
        sections[k].last_line = last;
    }
    Outline { sections }
}

/// The canonical id of a heading title: the longest synonym it contains, after
/// removing `（单位）`, years, spaces and trailing punctuation.
///
/// One pass of the synonyms' automaton finds every synonym the key contains;
/// the longest in characters wins, and of equally long ones the first in
/// reading order (section by section) — what searching each in turn picks
/// (`canonical_by_synonym`, tested against it).
pub fn canonical<'a>(title: &str, p: &'a SectionPatterns) -> Option<&'a str> {
    let key = title_key(title);
    let Some(search) = p.synonym_search() else {
        return canonical_by_synonym(&key, p);
    };
    // (characters, pattern) of the best so far
    let mut best: Option<(usize, usize)> = None;
    for m in search.automaton.find_overlapping_iter(key.as_str()) {
        let k = m.pattern().as_usize();
        let n = search.chars.get(k).copied().unwrap_or(0);
        if best.is_none_or(|(bn, bk)| n > bn || (n == bn && k < bk)) {
            best = Some((n, k));
        }
    }
    let (_, k) = best?;
    let i = *search.section.get(k)?;
    p.sections.get(i).map(|s| s.id.as_str())
}

/// `canonical` of a title key, searching for one synonym after another.
fn canonical_by_synonym<'a>(key: &str, p: &'a SectionPatterns) -> Option<&'a str> {
    let mut best: Option<(&str, usize)> = None;
    for s in &p.sections {
        for syn in &s.synonyms {
            // A synonym longer than the key is not in it, and one of no more
            // bytes than the best's characters has no more characters: neither
            // can change the answer, so neither is searched for.
            if syn.len() > key.len() || best.is_some_and(|(_, m)| syn.len() <= m) || !key.contains(syn.as_str()) {
                continue;
            }
            let n = syn.chars().count();
            if best.is_none_or(|(_, m)| n > m) {
                best = Some((s.id.as_str(), n));
            }
        }
    }
    best.map(|(id, _)| id)
}

pub(crate) fn title_key(title: &str) -> String {
    let mut t = crate::normalize::chars::without_whitespace(title);
    if t.contains("单位") {
        for x in ["（单位）", "(单位)"] {
            t = t.replace(x, "");
        }
    }
    // years: 2021年, 2021年度
    let mut out = String::with_capacity(t.len());
    let v: Vec<char> = t.chars().collect();
    let mut i = 0;
    while i < v.len() {
        if i + 4 < v.len() && v[i..i + 4].iter().all(|c| c.is_ascii_digit()) && v[i + 4] == '年' {
            i += 5;
            if v.get(i) == Some(&'度') {
                i += 1;
            }
            continue;
        }
        out.push(v[i]);
        i += 1;
    }
    out.trim_end_matches(['。', '：', ':', '，', ',', '.', '；'])
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patterns::Patterns;

    #[test]
    fn canonical_ids() {
        let p = Patterns::builtin().unwrap();
        let s = &p.sections;
        assert_eq!(canonical("部门（单位）基本情况", s), Some("overview"));
        assert_eq!(canonical("2021 年部门预算编制情况", s), Some("budget.preparation"));
        assert_eq!(canonical("部门整体支出绩效存在问题及改进措施", s), Some("problems"));
        assert_eq!(canonical("部门整体支出绩效评分表", s), Some("annex_scorecard"));
        assert_eq!(
            canonical("部门（单位）整体支出绩效目标完成情况自评表", s),
            Some("annex_selfeval_table")
        );
        assert_eq!(canonical("部门整体支出绩效评价指标评分情况", s), Some("score_summary"));
        assert_eq!(canonical("年度总体工作和重点工作任务。", s), Some("tasks"));
        assert_eq!(canonical("资金管理", s), None);
    }
    /// The search as it was before its length pruning: every synonym searched.
    fn canonical_searching_all<'a>(title: &str, p: &'a SectionPatterns) -> Option<&'a str> {
        let key = title_key(title);
        let mut best: Option<(&str, usize)> = None;
        for s in &p.sections {
            for syn in &s.synonyms {
                if !key.contains(syn.as_str()) {
                    continue;
                }
                let n = syn.chars().count();
                if best.is_none_or(|(_, m)| n > m) {
                    best = Some((s.id.as_str(), n));
                }
            }
        }
        best.map(|(id, _)| id)
    }

    #[test]
    fn pruned_search_picks_what_searching_every_synonym_picks() {
        let p = Patterns::builtin().unwrap();
        let s = &p.sections;
        let syns: Vec<&str> = s
            .sections
            .iter()
            .flat_map(|x| x.synonyms.iter().map(String::as_str))
            .collect();
        let mut titles: Vec<String> = Vec::new();
        for (k, a) in syns.iter().enumerate() {
            let b = syns[(k * 7 + 3) % syns.len()];
            titles.push((*a).to_string());
            titles.push(format!("部门（单位）{a}"));
            titles.push(format!("2021年度{a}。"));
            titles.push(format!("{a}{b}"));
            titles.push(format!("{b} 和 {a}"));
            titles.push(a.chars().skip(1).collect());
            titles.push(a.chars().take(a.chars().count().saturating_sub(1)).collect());
        }
        titles.extend(["", "资金管理", "(单位)基本情况", "单位", "2021 年"].map(String::from));
        assert!(titles.len() > 100);
        for t in &titles {
            assert_eq!(canonical(t, s), canonical_searching_all(t, s), "{t}");
            assert_eq!(
                canonical_by_synonym(&title_key(t), s),
                canonical_searching_all(t, s),
                "{t}"
            );
        }
    }

    /// The synonyms' automaton picks what searching every synonym picks, on
    /// every line and cell of the corpus and on every synonym with the next
    /// one's words around it (equally long synonyms of two sections in one
    /// title: the first section's wins).
    #[test]
    fn automaton_picks_what_searching_every_synonym_picks_on_the_corpus() {
        let p = Patterns::builtin().unwrap();
        let s = &p.sections;
        assert!(s.synonym_search().is_some());
        let mut titles: Vec<String> = Vec::new();
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        for e in std::fs::read_dir(corpus).unwrap() {
            let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
            for l in text.lines() {
                titles.push(l.to_string());
                titles.extend(l.split('\t').map(|c| c.trim().to_string()));
            }
        }
        assert!(titles.len() > 1000, "{}", titles.len());
        let syns: Vec<&str> = s
            .sections
            .iter()
            .flat_map(|x| x.synonyms.iter().map(String::as_str))
            .collect();
        for (k, a) in syns.iter().enumerate() {
            for b in [syns[(k + 1) % syns.len()], syns[(k + syns.len() - 1) % syns.len()]] {
                titles.push(format!("{a}{b}"));
                titles.push(format!("{b}{a}"));
            }
        }
        let mut named = 0;
        for t in &titles {
            let want = canonical_searching_all(t, s);
            named += usize::from(want.is_some());
            assert_eq!(canonical(t, s), want, "{t}");
        }
        assert!(named > 100, "{named}");
        assert_eq!(
            canonical("部门（单位）整体支出绩效目标完成情况自评表", s),
            Some("annex_selfeval_table")
        );
    }
}

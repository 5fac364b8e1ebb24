//! Recognises heading candidates (numbered lines, `附件`, table titles) and
//! decides which numbered lines are headings and which are list items: a run
//! of siblings (`1.`…`22.` duties) is a list when its members read as prose.

use crate::model::Lines;
use crate::normalize::Mark;
use crate::patterns::SectionPatterns;

/// A line recognised as a possible heading.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Index into the document's lines.
    pub index: usize,
    /// Numbering level (1 = `一、`), or for unnumbered headings the level they
    /// take (absolute) — relative ones are placed by the tree builder.
    pub level: u8,
    /// The numbering as printed (`（一）`), empty when unnumbered.
    pub numbering: String,
    /// The numeral's value (for sequence runs), 0 when unnumbered.
    pub value: u32,
    pub title: String,
    pub kind: CandidateKind,
    /// Decided: a heading (true) or a list item (false).
    pub heading: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CandidateKind {
    Numbered,
    Unnumbered { relative: bool },
}

/// Finds the candidates and decides each one. `lines` may include blanks.
pub fn candidates(lines: Lines<'_>, p: &SectionPatterns) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    let mut outline_started = false;
    for (index, line) in lines.iter().enumerate() {
        let Some(text) = line.single_text() else {
            continue;
        };
        if text.is_empty() {
            continue;
        }
        if let Some(c) = numbered(index, text, p) {
            outline_started |= c.level == 1;
            out.push(c);
            continue;
        }
        if let Some(c) = unnumbered(index, text, outline_started, p) {
            out.push(c);
        }
    }
    decide_runs(&mut out, p);
    out
}

/// `附件`, a table title, or a bare section title.
fn unnumbered(index: usize, text: &str, outline_started: bool, p: &SectionPatterns) -> Option<Candidate> {
    let make = |level: u8, relative: bool| Candidate {
        index,
        level,
        numbering: String::new(),
        value: 0,
        title: text.to_string(),
        kind: CandidateKind::Unnumbered { relative },
        heading: true,
    };
    for u in &p.unnumbered {
        if (!u.after_outline || outline_started) && u.regex.is_match(text) {
            return Some(make(u.level.unwrap_or(0), u.relative));
        }
    }
    (outline_started && is_bare_title(text, p)).then(|| make(0, true))
}

/// The marks reflow needs, one per line.
pub fn marks(lines: Lines<'_>, cands: &[Candidate]) -> Vec<Mark> {
    let mut m = vec![Mark::Text; lines.len()];
    for c in cands {
        m[c.index] = if c.heading { Mark::Heading } else { Mark::Item };
    }
    m
}

fn numbered(index: usize, text: &str, p: &SectionPatterns) -> Option<Candidate> {
    for n in &p.numbering {
        if let Some(caps) = n.regex.captures(text) {
            let whole = caps.get(0)?;
            let title = text[whole.end()..].trim().to_string();
            if title.is_empty() {
                return None;
            }
            let numeral = caps.get(1)?.as_str();
            return Some(Candidate {
                index,
                level: n.level,
                numbering: whole.as_str().trim().to_string(),
                value: numeral_value(numeral),
                title,
                kind: CandidateKind::Numbered,
                heading: false,
            });
        }
    }
    None
}

/// A short line that is exactly one of the canonical sections' synonyms.
fn is_bare_title(text: &str, p: &SectionPatterns) -> bool {
    let n = text.chars().count();
    if n == 0 || n > p.shape.bare_title_max_chars {
        return false;
    }
    let key = super::title_key(text);
    p.sections.iter().any(|s| s.synonyms.contains(&key))
}

/// Whether a title reads as a heading (short, no sentence inside it).
pub fn heading_shaped(title: &str, p: &SectionPatterns) -> bool {
    let body = title.trim_end_matches(['。', '.', '；', ';']);
    // (a long line is told by its first characters, not counted to its end)
    let chars = body.chars().take(p.shape.max_chars.saturating_add(1)).count();
    chars > 0
        && chars <= p.shape.max_chars
        && body.chars().filter(|c| matches!(c, '，' | ',')).count() <= p.shape.max_commas
        && !body.contains(['。', '；', ';', '！', '？', '!', '?'])
}

/// Groups numbered candidates into runs of siblings and decides each run:
/// a run is a list when at least half its members are prose, or when it is
/// long (`list_min_run`) and most members end like sentences.
fn decide_runs(cands: &mut [Candidate], p: &SectionPatterns) {
    // run id per candidate
    let mut run_of = vec![usize::MAX; cands.len()];
    let mut open: Vec<Option<(usize, u32)>> = vec![None; 11]; // per level: (run id, last value)
    let mut runs = 0usize;
    for (i, c) in cands.iter().enumerate() {
        let lvl = c.level as usize;
        match c.kind {
            CandidateKind::Unnumbered { relative } => {
                // an absolute unnumbered heading closes runs at and below it
                if !relative {
                    for o in open.iter_mut().skip(lvl.max(1)) {
                        *o = None;
                    }
                }
                continue;
            }
            CandidateKind::Numbered => {}
        }
        for o in open.iter_mut().skip(lvl + 1) {
            *o = None;
        }
        let run = match open.get(lvl).copied().flatten() {
            Some((r, last)) if c.value > last => r,
            _ => {
                runs += 1;
                runs - 1
            }
        };
        if let Some(o) = open.get_mut(lvl) {
            *o = Some((run, c.value));
        }
        run_of[i] = run;
    }
    for r in 0..runs {
        let members: Vec<usize> = (0..cands.len()).filter(|&i| run_of[i] == r).collect();
        let n = members.len();
        let prose = members.iter().filter(|&&i| !heading_shaped(&cands[i].title, p)).count();
        let sentence_end = members
            .iter()
            .filter(|&&i| cands[i].title.ends_with(['。', '；', ';']))
            .count();
        let list = prose * 2 >= n || (n >= p.shape.list_min_run && sentence_end * 2 > n);
        for &i in &members {
            cands[i].heading = !list && heading_shaped(&cands[i].title, p);
        }
    }
}

/// Value of `一`…`九十九`, `1`…`99`, `①`…`⑳`.
pub fn numeral_value(s: &str) -> u32 {
    if let Ok(n) = s.parse::<u32>() {
        return n;
    }
    let digit = |c: char| "零一二三四五六七八九".chars().position(|d| d == c).map(|p| p as u32);
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [c] if ('①'..='⑳').contains(c) => *c as u32 - '①' as u32 + 1,
        ['十'] => 10,
        [c] => digit(*c).unwrap_or(0),
        ['十', u] => 10 + digit(*u).unwrap_or(0),
        [t, '十'] => digit(*t).unwrap_or(0) * 10,
        [t, '十', u] => digit(*t).unwrap_or(0) * 10 + digit(*u).unwrap_or(0),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals() {
        assert_eq!(numeral_value("十七"), 17);
        assert_eq!(numeral_value("二十"), 20);
        assert_eq!(numeral_value("十"), 10);
        assert_eq!(numeral_value("四"), 4);
        assert_eq!(numeral_value("22"), 22);
        assert_eq!(numeral_value("③"), 3);
    }
}

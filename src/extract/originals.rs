//! Originals: where normalisation folded a line's traditional-script (or
//! radical, compatibility) ideographs to the simplified ones the patterns
//! are written in, the ideographs the document printed, so a finding's
//! evidence quotes the document as published (issue 17 item 5: 5 of the
//! real dev set are traditional-script mirrors, d07 d15 d25 d29 p29).
//!
//! Sparse: only lines whose ideographs changed are kept, and of those only
//! the changed ideographs, each by its ordinal among the line's ideographs
//! (folding is character for character, so the cleaned line has as many
//! ideographs as the source line; pinyin glosses, spaces and width folding
//! touch no ideograph). A line whose counts differ is not kept.

use crate::check::Finding;
use crate::model::Document;
use crate::normalize::chars::is_cjk;
use std::collections::BTreeMap;

/// An ideograph as normalisation sees one: unified, compatibility, or a
/// radical code point (`⼟`, folded to 土).
fn ideograph(c: char) -> bool {
    is_cjk(c) || matches!(c as u32, 0x2E80..=0x2FDF)
}

/// The changed ideographs of one source line: (ordinal among the line's
/// ideographs, folded, as printed).
type Changes = Vec<(u32, char, char)>;

/// The original ideographs of the folded lines of one document, by source
/// line number (1-based, as `Line::line`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Originals {
    lines: BTreeMap<u32, Changes>,
}

impl Originals {
    /// Notes source line `line` as printed (`raw`, its cells) against its
    /// cleaned cells; keeps the ideographs folding changed, if any.
    pub fn note<'a, R, C>(&mut self, line: u32, raw: R, cleaned: C)
    where
        R: IntoIterator<Item = &'a str>,
        R::IntoIter: Clone,
        C: IntoIterator<Item = &'a str>,
        C::IntoIter: Clone,
    {
        // (a pure-ASCII line has no ideograph to fold, and a line cleaning
        // left as it was has none folded: quick scans)
        let raw = raw.into_iter();
        let cleaned = cleaned.into_iter();
        if raw.clone().all(str::is_ascii) || raw.clone().eq(cleaned.clone()) {
            return;
        }
        let mut a = raw.flat_map(str::chars).filter(|&c| ideograph(c));
        let mut b = cleaned.flat_map(str::chars).filter(|&c| ideograph(c));
        let mut changes: Changes = Vec::new();
        let mut n = 0u32;
        loop {
            match (a.next(), b.next()) {
                (Some(x), Some(y)) => {
                    if x != y {
                        changes.push((n, y, x));
                    }
                    n = n.saturating_add(1);
                }
                (None, None) => break,
                // not character for character: no alignment to trust
                _ => return,
            }
        }
        if !changes.is_empty() {
            self.lines.insert(line, changes);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// `evidence`, quoted from `text` — the cleaned text of source line
    /// `line` — in the script the document printed: by position where the
    /// evidence is part of that line, else each folded ideograph that stands
    /// for one printed ideograph only in this document. None when nothing
    /// changes.
    pub fn restore(&self, evidence: &str, line: u32, text: &str) -> Option<String> {
        if self.lines.is_empty() {
            return None;
        }
        let out = match (self.lines.get(&line), text.find(evidence)) {
            (Some(changes), Some(at)) if !evidence.is_empty() => {
                let first = text[..at].chars().filter(|&c| ideograph(c)).count();
                let mut n = u32::try_from(first).ok()?;
                let mut k = changes.partition_point(|&(o, _, _)| o < n);
                let mut s = String::with_capacity(evidence.len() + 8);
                for c in evidence.chars() {
                    if !ideograph(c) {
                        s.push(c);
                        continue;
                    }
                    match changes.get(k) {
                        Some(&(o, folded, printed)) if o == n && folded == c => {
                            s.push(printed);
                            k += 1;
                        }
                        _ => s.push(c),
                    }
                    n = n.saturating_add(1);
                }
                s
            }
            _ => {
                let map = self.dictionary();
                evidence
                    .chars()
                    .map(|c| map.get(&c).copied().flatten().unwrap_or(c))
                    .collect()
            }
        };
        (out != evidence).then_some(out)
    }

    /// Folded → printed over the whole document, None where one folded
    /// ideograph stands for several printed ones (`发` for 發 and 髮). A
    /// mirror mixing both scripts (d07) may print a folded ideograph as
    /// itself elsewhere; only the evidence of several lines comes this way.
    fn dictionary(&self) -> BTreeMap<char, Option<char>> {
        let mut map: BTreeMap<char, Option<char>> = BTreeMap::new();
        for &(_, folded, printed) in self.lines.values().flatten() {
            map.entry(folded)
                .and_modify(|e| {
                    if *e != Some(printed) {
                        *e = None;
                    }
                })
                .or_insert(Some(printed));
        }
        map
    }

    /// Each finding's evidence in the document's own script. The finding's
    /// line is where its evidence starts; a line rejoined across a page
    /// break (two source lines) goes by the dictionary.
    pub fn restore_findings(&self, findings: &mut [Finding], doc: &Document) {
        if self.lines.is_empty() {
            return;
        }
        for f in findings {
            let Some(l) = doc.lines.get(f.index) else { continue };
            let line = if l.line == l.end_line { l.line } else { 0 };
            if let Some(e) = self.restore(&f.evidence, line, l.text) {
                f.evidence = e;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::chars::fold_script;

    /// Notes `raw` as line 3, folded as normalisation folds it.
    fn noted(raw: &str) -> (Originals, String) {
        let clean = fold_script(raw);
        let mut o = Originals::default();
        o.note(3, [raw], [clean.as_str()]);
        (o, clean)
    }

    #[test]
    fn keeps_only_changed_lines_and_ideographs() {
        let (o, _) = noted("一般公共预算支出12.5万元");
        assert!(o.is_empty(), "nothing folded, nothing kept");
        let (o, clean) = noted("公務接待費支出5.21萬元");
        assert_eq!(clean, "公务接待费支出5.21万元");
        assert_eq!(o.lines[&3], vec![(1, '务', '務'), (4, '费', '費'), (7, '万', '萬')]);
    }

    #[test]
    fn evidence_by_position_and_by_dictionary() {
        let (o, clean) = noted("公務接待費支出5.21萬元，較上年減少0.1萬元");
        // the whole line, and a part of it
        assert_eq!(
            o.restore(&clean, 3, &clean).as_deref(),
            Some("公務接待費支出5.21萬元，較上年減少0.1萬元")
        );
        assert_eq!(o.restore("减少0.1万元", 3, &clean).as_deref(), Some("減少0.1萬元"));
        // evidence made of other lines' text: ideograph by ideograph
        assert_eq!(o.restore("费用 | 万元", 9, "").as_deref(), Some("費用 | 萬元"));
        // nothing to change
        assert_eq!(o.restore("支出", 3, &clean), None);
    }

    #[test]
    fn each_line_by_position_and_no_guess_between_two_originals() {
        // 预 printed as 預 on one line and as 预 (simplified) on another: by
        // position each line is right.
        let mut o = Originals::default();
        let a = "預算數";
        o.note(1, [a], [fold_script(a).as_str()]);
        let b = "预算數";
        o.note(2, [b], [fold_script(b).as_str()]);
        assert_eq!(o.restore("预算数", 1, "预算数").as_deref(), Some("預算數"));
        assert_eq!(o.restore("预算数", 2, "预算数").as_deref(), Some("预算數"));
        // 发 printed as 發 and as 髮: the dictionary does not guess
        o.note(4, ["發髮"], ["发发"]);
        assert_eq!(o.restore("发数", 7, "").as_deref(), Some("发數"));
    }

    #[test]
    fn counts_that_differ_keep_nothing() {
        let mut o = Originals::default();
        o.note(1, ["預算數"], ["预算"]);
        assert!(o.is_empty());
    }
}

//! `sections.toml`: numbering styles, the heading/list-item shape, unnumbered
//! headings and the canonical section synonyms.

use super::LazyRegex;
use super::Source;
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use anyhow::Result;
use serde::Deserialize;
use std::collections::HashSet;
use std::sync::OnceLock;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    numbering: Vec<RawNumbering>,
    heading_shape: HeadingShape,
    #[serde(default)]
    unnumbered: Vec<RawUnnumbered>,
    section: Vec<Section>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNumbering {
    level: u8,
    style: String,
    pattern: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnnumbered {
    name: String,
    pattern: String,
    #[serde(default)]
    level: Option<u8>,
    #[serde(default)]
    relative: bool,
    #[serde(default)]
    after_outline: bool,
}

/// Limits telling a numbered heading from a numbered list item.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeadingShape {
    pub max_chars: usize,
    pub max_commas: usize,
    pub list_min_run: usize,
    pub bare_title_max_chars: usize,
}

/// One numbering style (`一、`, `（一）`, …) and its level.
#[derive(Debug)]
pub struct Numbering {
    pub level: u8,
    pub style: String,
    pub regex: LazyRegex,
}

/// A heading recognised without a number (`附件`, a table title).
#[derive(Debug)]
pub struct Unnumbered {
    pub name: String,
    pub regex: LazyRegex,
    /// Absolute level, when not relative.
    pub level: Option<u8>,
    /// One below the nearest enclosing numbered heading or annex.
    pub relative: bool,
    /// Only once a level-1 numbered heading has been seen.
    pub after_outline: bool,
}

/// A canonical section and the titles that mean it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    pub synonyms: Vec<String>,
}

#[derive(Debug)]
pub struct SectionPatterns {
    pub numbering: Vec<Numbering>,
    pub shape: HeadingShape,
    pub unnumbered: Vec<Unnumbered>,
    pub sections: Vec<Section>,
    /// Every synonym in one automaton, built on first use (`synonym_search`).
    synonyms: OnceLock<Option<SynonymSearch>>,
}

/// All sections' synonyms in one Aho–Corasick automaton, in reading order
/// (section by section, each section's synonyms in turn): one pass over a
/// title finds every synonym it contains, instead of one search a synonym.
#[derive(Debug)]
pub struct SynonymSearch {
    /// Pattern `k` is the `k`-th synonym in reading order; every occurrence
    /// of each (`find_overlapping_iter`).
    pub automaton: AhoCorasick,
    /// Pattern `k`'s section (index into `sections`).
    pub section: Vec<usize>,
    /// Pattern `k`'s length in characters.
    pub chars: Vec<usize>,
}

impl SectionPatterns {
    /// The synonyms' automaton, or None when it cannot be built (the caller
    /// then searches synonym by synonym).
    pub fn synonym_search(&self) -> Option<&SynonymSearch> {
        self.synonyms
            .get_or_init(|| {
                let mut section = Vec::new();
                let mut chars = Vec::new();
                let mut words: Vec<&str> = Vec::new();
                for (i, s) in self.sections.iter().enumerate() {
                    for syn in &s.synonyms {
                        section.push(i);
                        chars.push(syn.chars().count());
                        words.push(syn.as_str());
                    }
                }
                // a contiguous NFA: built cheaply, and searched over short titles
                let automaton = AhoCorasick::builder()
                    .kind(Some(AhoCorasickKind::ContiguousNFA))
                    .match_kind(MatchKind::Standard)
                    .build(&words)
                    .ok()?;
                Some(SynonymSearch {
                    automaton,
                    section,
                    chars,
                })
            })
            .as_ref()
    }
}

impl SectionPatterns {
    pub(crate) fn load(src: &Source) -> Result<Self> {
        let f: File = src.parse()?;
        let mut numbering = Vec::new();
        for n in f.numbering {
            if n.level == 0 || n.level > 9 {
                return Err(src.invalid(&n.pattern, format!("numbering level {} must be 1..9", n.level)));
            }
            let regex = src.regex(&n.pattern)?;
            if regex.captures_len() < 2 {
                return Err(src.invalid(&n.pattern, "numbering pattern must capture the numeral in group 1"));
            }
            numbering.push(Numbering {
                level: n.level,
                style: n.style,
                regex,
            });
        }
        if numbering.is_empty() {
            return Err(src.invalid("[[numbering]]", "at least one [[numbering]] style is needed"));
        }
        let mut unnumbered = Vec::new();
        for u in f.unnumbered {
            if u.level.is_none() && !u.relative {
                return Err(src.invalid(
                    &u.pattern,
                    format!("unnumbered heading {:?} needs `level` or `relative = true`", u.name),
                ));
            }
            unnumbered.push(Unnumbered {
                regex: src.regex(&u.pattern)?,
                name: u.name,
                level: u.level,
                relative: u.relative,
                after_outline: u.after_outline,
            });
        }
        let mut seen = HashSet::new();
        for s in &f.section {
            if !seen.insert(s.id.clone()) {
                return Err(src.invalid(&format!("\"{}\"", s.id), format!("section id {:?} defined twice", s.id)));
            }
            if s.synonyms.iter().any(|x| x.trim().is_empty()) || s.synonyms.is_empty() {
                return Err(src.invalid(
                    &format!("\"{}\"", s.id),
                    format!("section {:?} needs non-empty synonyms", s.id),
                ));
            }
        }
        Ok(SectionPatterns {
            numbering,
            shape: f.heading_shape,
            unnumbered,
            sections: f.section,
            synonyms: OnceLock::new(),
        })
    }
}

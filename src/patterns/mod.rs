//! Loads the domain knowledge under `patterns/` (heading styles, canonical
//! sections, metadata clues, clean-up rules) and validates it at start-up.
//!
//! The repository's `patterns/` folder is compiled into the binary as the
//! default; `--patterns DIR` (or `JXCHECK_PATTERNS`) reads a folder instead,
//! so an auditor can change or add rules without recompiling. Every error
//! names the file and, where it can, the line.

mod figures;
pub mod forms;
mod indicators;
mod normalize;
mod report;
pub mod rubrics;
mod scores;
mod sections;

pub use figures::{FigurePatterns, Kind as UnitKind, TableChangeWords};
pub use forms::FormPatterns;
pub use indicators::IndicatorPatterns;
pub use normalize::NormalizePatterns;
pub use report::{Kind, ReportPatterns};
pub use rubrics::{Rubric, RubricPatterns, Variable};
pub use scores::{Band, ScorePatterns};
pub use sections::{Numbering, SectionPatterns, Unnumbered};

use anyhow::{anyhow, Context, Result};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A pattern's regex, compiled the first time it is used.
///
/// Compiling every pattern at start-up cost more than a short scan's files
/// need (most of a report's patterns are never tried on it, and a run of
/// one file paid for all of them). Start-up still parses each pattern, so a
/// syntax error stops the run with the file and line as before; a patterns
/// folder (`--patterns`, `JXCHECK_PATTERNS`) is compiled whole at start-up,
/// and a test compiles every built-in pattern, so the first use cannot meet
/// an error the loading did not report.
pub struct LazyRegex {
    pattern: String,
    /// Its groups, the whole match included (`Regex::captures_len`).
    captures: usize,
    /// The names of its named groups.
    names: Vec<String>,
    compiled: OnceLock<regex::Regex>,
    /// What every match must start with, worked out on first use (`Pre`).
    pre: OnceLock<Option<Pre>>,
}

/// A literal pre-check a pattern allows: every match starts with one of
/// `literals` (regex-syntax's prefix extraction, as the regex crate's own
/// prefilters use it), and, when `anchored` (`^…`), at the haystack's start,
/// whose first byte must then be one of `first` (worked out from the parsed
/// pattern, so `\d` or `\p{Han}` need no literal list) and whose first
/// character one of `first_chars`. A pattern anchored at the end (`…$`)
/// ends every match at the haystack's end, whose last character must then
/// be one of `last_chars` (`\s+$`, `(?:为|是)$`). A haystack that fails
/// cannot match: `is_match`, `captures` and `find` then answer without
/// searching (and without compiling the pattern when no haystack ever
/// passes; most lines fail the numbering and page-number patterns at their
/// first character).
#[derive(Debug)]
struct Pre {
    anchored: bool,
    /// The bytes a match can start with (read when anchored: the haystack's first byte must be one).
    first: [bool; 256],
    literals: Vec<String>,
    /// Anchored: the characters a match can start with, when known.
    first_chars: Option<Chars>,
    /// Anchored at the end: the characters a match can end with, when known.
    last_chars: Option<Chars>,
    /// Words a match holds: one of each group (`required`).
    required: Vec<Vec<String>>,
}

/// A set of characters as sorted, disjoint, non-adjacent ranges.
#[derive(Debug)]
struct Chars(Vec<(char, char)>);

impl Chars {
    fn of(mut ranges: Vec<(char, char)>) -> Chars {
        ranges.sort_unstable();
        let mut out: Vec<(char, char)> = Vec::with_capacity(ranges.len());
        for (a, b) in ranges {
            match out.last_mut() {
                Some(last) if u32::from(a) <= u32::from(last.1).saturating_add(1) => last.1 = last.1.max(b),
                _ => out.push((a, b)),
            }
        }
        Chars(out)
    }

    #[inline]
    fn contains(&self, c: char) -> bool {
        // the first range ending at or after `c`
        let k = self.0.partition_point(|&(_, b)| b < c);
        self.0.get(k).is_some_and(|&(a, _)| a <= c)
    }
}

impl Pre {
    /// Unanchored patterns are pre-checked only with this many literals or
    /// fewer (each is a substring search of the haystack).
    const UNANCHORED_MAX: usize = 4;
    /// At most this many groups of required words are tested.
    const GROUPS_MAX: usize = 2;

    fn of(pattern: &str) -> Option<Pre> {
        use regex_syntax::hir::{literal::Extractor, Look};
        // the syntax the regex crate compiles with by default (as `Source::regex`)
        let hir = regex_syntax::ParserBuilder::new().build().parse(pattern).ok()?;
        let anchored = hir.properties().look_set_prefix().contains(Look::Start);
        let last_chars = if hir.properties().look_set_suffix().contains(Look::End) {
            match edge_chars(&hir, true) {
                (Some(set), false) => Some(Chars::of(set)),
                _ => None,
            }
        } else {
            None
        };
        let seq = Extractor::new().extract(&hir);
        let literals: Option<Vec<String>> = seq.literals().and_then(|lits| {
            // an empty literal: a match may start with anything
            if lits.is_empty() || lits.iter().any(|l| l.as_bytes().is_empty()) {
                return None;
            }
            lits.iter()
                .map(|l| String::from_utf8(l.as_bytes().to_vec()).ok())
                .collect()
        });
        if anchored {
            // the first byte of every match, whether or not the literals are few
            let (first, empty) = first_bytes(&hir);
            if empty {
                return None;
            }
            let first_chars = match edge_chars(&hir, false) {
                (Some(set), false) => Some(Chars::of(set)),
                _ => None,
            };
            return Some(Pre {
                anchored,
                first,
                literals: literals.unwrap_or_default(),
                first_chars,
                last_chars,
                // (an anchored search fails at once where the start fails)
                required: Vec::new(),
            });
        }
        let literals = literals.filter(|l| l.len() <= Self::UNANCHORED_MAX).unwrap_or_default();
        // words every match holds, where its start tells nothing (each group
        // is one more scan of the haystack)
        let required = if literals.is_empty() {
            required(&hir)
        } else {
            Vec::new()
        };
        if literals.is_empty() && last_chars.is_none() && required.is_empty() {
            return None;
        }
        Some(Pre {
            anchored,
            first: [true; 256],
            literals,
            first_chars: None,
            last_chars,
            required,
        })
    }

    /// `hay` may hold a match.
    #[inline]
    fn may_match(&self, hay: &str) -> bool {
        if let Some(last) = &self.last_chars {
            if !hay.chars().next_back().is_some_and(|c| last.contains(c)) {
                return false;
            }
        }
        let start = if self.anchored {
            let Some(&b) = hay.as_bytes().first() else {
                return false;
            };
            // (no literals: the first byte is all that is known)
            self.first[usize::from(b)]
                && self
                    .first_chars
                    .as_ref()
                    .is_none_or(|f| hay.chars().next().is_some_and(|c| f.contains(c)))
                && (self.literals.is_empty() || self.literals.iter().any(|l| hay.starts_with(l.as_str())))
        } else {
            // (no literals: the end and the required words tell)
            self.literals.is_empty() || self.literals.iter().any(|l| hay.contains(l.as_str()))
        };
        start && self.required.iter().all(|g| g.iter().any(|w| hay.contains(w.as_str())))
    }
}

/// Words every match of `h` holds: groups of at most `Pre::UNANCHORED_MAX`
/// words (none empty), one word of each group in every match (`[["分"],
/// ["×", "*"]]`). A literal is a group of one; a class of few characters,
/// a group of them; a repetition of at least one holds what its part holds;
/// a concatenation, what each of its parts holds; an alternation, one word
/// of its branches' best groups. At most `Pre::GROUPS_MAX` groups are kept,
/// the fewest and longest words first.
fn required(h: &regex_syntax::hir::Hir) -> Vec<Vec<String>> {
    use regex_syntax::hir::{Class, HirKind};
    let mut groups: Vec<Vec<String>> = match h.kind() {
        HirKind::Empty | HirKind::Look(_) | HirKind::Class(Class::Bytes(_)) => Vec::new(),
        HirKind::Literal(l) => match String::from_utf8(l.0.to_vec()) {
            Ok(w) => vec![vec![w]],
            Err(_) => Vec::new(),
        },
        HirKind::Class(Class::Unicode(c)) => {
            let mut v = Vec::new();
            'ranges: for r in c.ranges() {
                for u in u32::from(r.start())..=u32::from(r.end()) {
                    if v.len() >= Pre::UNANCHORED_MAX {
                        v.clear();
                        break 'ranges;
                    }
                    if let Some(ch) = char::from_u32(u) {
                        v.push(ch.to_string());
                    }
                }
            }
            vec![v]
        }
        HirKind::Repetition(r) if r.min >= 1 => required(&r.sub),
        HirKind::Repetition(_) => Vec::new(),
        HirKind::Capture(c) => required(&c.sub),
        HirKind::Concat(hs) => hs.iter().flat_map(required).collect(),
        HirKind::Alternation(hs) => {
            let mut v: Vec<String> = Vec::new();
            for h in hs {
                match required(h).into_iter().next() {
                    Some(best) => v.extend(best),
                    None => return Vec::new(),
                }
            }
            v.sort();
            v.dedup();
            vec![v]
        }
    };
    groups.retain(|g| !g.is_empty() && g.len() <= Pre::UNANCHORED_MAX && g.iter().all(|w| !w.is_empty()));
    // the fewest words, then the longest shortest word
    groups.sort_by_key(|g| (g.len(), std::cmp::Reverse(g.iter().map(String::len).min().unwrap_or(0))));
    groups.dedup();
    groups.truncate(Pre::GROUPS_MAX);
    groups
}

/// The characters a match of `h` can start with (`last`: end with), as
/// ranges, and whether `h` can match the empty string (then its match may
/// start with what follows it, or with anything). None when a byte class
/// (not valid UTF-8 text) makes the characters unknown.
fn edge_chars(h: &regex_syntax::hir::Hir, last: bool) -> (Option<Vec<(char, char)>>, bool) {
    use regex_syntax::hir::{Class, HirKind};
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => (Some(Vec::new()), true),
        HirKind::Literal(l) => {
            let Ok(text) = std::str::from_utf8(&l.0) else {
                return (None, false);
            };
            let c = if last {
                text.chars().next_back()
            } else {
                text.chars().next()
            };
            match c {
                Some(c) => (Some(vec![(c, c)]), false),
                None => (Some(Vec::new()), true),
            }
        }
        HirKind::Class(Class::Unicode(c)) => (Some(c.ranges().iter().map(|r| (r.start(), r.end())).collect()), false),
        HirKind::Class(Class::Bytes(_)) => (None, false),
        HirKind::Repetition(r) => {
            let (s, empty) = edge_chars(&r.sub, last);
            (s, empty || r.min == 0)
        }
        HirKind::Capture(c) => edge_chars(&c.sub, last),
        HirKind::Concat(hs) => {
            let mut set = Vec::new();
            let ordered: Box<dyn Iterator<Item = &regex_syntax::hir::Hir>> = if last {
                Box::new(hs.iter().rev())
            } else {
                Box::new(hs.iter())
            };
            for h in ordered {
                let (s, empty) = edge_chars(h, last);
                let Some(s) = s else {
                    return (None, false);
                };
                set.extend(s);
                if !empty {
                    return (Some(set), false);
                }
            }
            (Some(set), true)
        }
        HirKind::Alternation(hs) => {
            let mut set = Vec::new();
            let mut any_empty = false;
            for h in hs {
                let (s, empty) = edge_chars(h, last);
                let Some(s) = s else {
                    return (None, false);
                };
                set.extend(s);
                any_empty |= empty;
            }
            (Some(set), any_empty)
        }
    }
}

/// The bytes a match of `h` can start with (every character's UTF-8 lead
/// byte), and whether `h` can match the empty string (then its match may
/// start with what follows it, or with anything).
fn first_bytes(h: &regex_syntax::hir::Hir) -> ([bool; 256], bool) {
    use regex_syntax::hir::{Class, HirKind};
    let mut set = [false; 256];
    fn mark(lo: u8, hi: u8, set: &mut [bool; 256]) {
        for b in lo..=hi {
            set[usize::from(b)] = true;
        }
    }
    // a character's UTF-8 lead byte grows with the character
    let lead = |c: char| {
        let mut buf = [0; 4];
        c.encode_utf8(&mut buf).as_bytes()[0]
    };
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => (set, true),
        HirKind::Literal(l) => match l.0.first() {
            Some(&b) => {
                set[usize::from(b)] = true;
                (set, false)
            }
            None => (set, true),
        },
        HirKind::Class(Class::Unicode(c)) => {
            for r in c.ranges() {
                mark(lead(r.start()), lead(r.end()), &mut set);
            }
            (set, false)
        }
        HirKind::Class(Class::Bytes(c)) => {
            for r in c.ranges() {
                mark(r.start(), r.end(), &mut set);
            }
            (set, false)
        }
        HirKind::Repetition(r) => {
            let (s, empty) = first_bytes(&r.sub);
            (s, empty || r.min == 0)
        }
        HirKind::Capture(c) => first_bytes(&c.sub),
        HirKind::Concat(hs) => {
            for h in hs {
                let (s, empty) = first_bytes(h);
                for (a, b) in set.iter_mut().zip(s) {
                    *a |= b;
                }
                if !empty {
                    return (set, false);
                }
            }
            (set, true)
        }
        HirKind::Alternation(hs) => {
            let mut any_empty = false;
            for h in hs {
                let (s, empty) = first_bytes(h);
                for (a, b) in set.iter_mut().zip(s) {
                    *a |= b;
                }
                any_empty |= empty;
            }
            (set, any_empty)
        }
    }
}

impl LazyRegex {
    /// `Regex::is_match`, pre-checked (see `Pre`).
    pub fn is_match(&self, hay: &str) -> bool {
        self.may_match(hay) && self.regex().is_match(hay)
    }

    /// `Regex::captures`, pre-checked (see `Pre`).
    pub fn captures<'h>(&self, hay: &'h str) -> Option<regex::Captures<'h>> {
        if !self.may_match(hay) {
            return None;
        }
        self.regex().captures(hay)
    }

    /// `Regex::find`, pre-checked (see `Pre`).
    pub fn find<'h>(&self, hay: &'h str) -> Option<regex::Match<'h>> {
        if !self.may_match(hay) {
            return None;
        }
        self.regex().find(hay)
    }

    /// `Regex::captures_at`, pre-checked (see `Pre`: a haystack that cannot
    /// match anywhere cannot match from `start`).
    pub fn captures_at<'h>(&self, hay: &'h str, start: usize) -> Option<regex::Captures<'h>> {
        if !self.may_match(hay) {
            return None;
        }
        self.regex().captures_at(hay, start)
    }

    /// `Regex::captures_iter`, pre-checked (see `Pre`).
    pub fn captures_iter<'r, 'h>(
        &'r self,
        hay: &'h str,
    ) -> std::iter::Flatten<std::option::IntoIter<regex::CaptureMatches<'r, 'h>>> {
        self.may_match(hay)
            .then(|| self.regex().captures_iter(hay))
            .into_iter()
            .flatten()
    }

    /// `Regex::find_iter`, pre-checked (see `Pre`).
    pub fn find_iter<'r, 'h>(
        &'r self,
        hay: &'h str,
    ) -> std::iter::Flatten<std::option::IntoIter<regex::Matches<'r, 'h>>> {
        self.may_match(hay)
            .then(|| self.regex().find_iter(hay))
            .into_iter()
            .flatten()
    }

    /// The literal pre-check passes (or the pattern has none).
    #[inline]
    fn may_match(&self, hay: &str) -> bool {
        match self.pre.get_or_init(|| Pre::of(&self.pattern)) {
            Some(pre) => pre.may_match(hay),
            None => true,
        }
    }

    /// The compiled regex.
    #[inline]
    fn regex(&self) -> &regex::Regex {
        self.compiled.get_or_init(|| Self::compile(&self.pattern))
    }

    fn compile(pattern: &str) -> regex::Regex {
        regex::Regex::new(pattern).unwrap_or_else(|e| {
            // unreachable for checked patterns (see the type's comment): a
            // pattern that cannot be compiled matches nothing, said once
            eprintln!("jxcheck: pattern {pattern:?} cannot be compiled ({e}); it matches nothing");
            regex::Regex::new(r"\b\B").expect("a constant pattern")
        })
    }

    /// The pattern's source text.
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// How many groups it has, the whole match included, as
    /// `Regex::captures_len` says, without compiling it.
    pub fn captures_len(&self) -> usize {
        self.captures
    }

    /// It has a group of this name.
    pub fn has_group(&self, name: &str) -> bool {
        self.names.iter().any(|n| n == name)
    }
}

#[cfg(test)]
impl LazyRegex {
    fn deref_compiled(&self) -> &regex::Regex {
        self
    }
}

impl std::ops::Deref for LazyRegex {
    type Target = regex::Regex;
    fn deref(&self) -> &regex::Regex {
        self.regex()
    }
}

impl std::fmt::Debug for LazyRegex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LazyRegex({:?})", self.pattern)
    }
}

/// The files every patterns folder must hold, with the built-in copies.
const BUILTIN: &[(&str, &str)] = &[
    ("normalize.toml", include_str!("../../patterns/normalize.toml")),
    ("report.toml", include_str!("../../patterns/report.toml")),
    ("scores.toml", include_str!("../../patterns/scores.toml")),
    ("sections.toml", include_str!("../../patterns/sections.toml")),
    ("figures.toml", include_str!("../../patterns/figures.toml")),
    ("criteria.toml", include_str!("../../patterns/criteria.toml")),
    ("indicators.toml", include_str!("../../patterns/indicators.toml")),
    ("forms.toml", include_str!("../../patterns/forms.toml")),
];

/// The self-evaluation form variants compiled in (`patterns/forms/*.toml`); a
/// patterns folder brings its own `forms/` (every `*.toml` in it, by name).
const BUILTIN_FORMS: &[(&str, &str)] = &[
    (
        "chongqing-department.toml",
        include_str!("../../patterns/forms/chongqing-department.toml"),
    ),
    (
        "execution-20.toml",
        include_str!("../../patterns/forms/execution-20.toml"),
    ),
    (
        "mof-department-2020.toml",
        include_str!("../../patterns/forms/mof-department-2020.toml"),
    ),
    (
        "mof-project-2020.toml",
        include_str!("../../patterns/forms/mof-project-2020.toml"),
    ),
    (
        "ningxia-project.toml",
        include_str!("../../patterns/forms/ningxia-project.toml"),
    ),
    (
        "sichuan-project.toml",
        include_str!("../../patterns/forms/sichuan-project.toml"),
    ),
    (
        "transfer-region.toml",
        include_str!("../../patterns/forms/transfer-region.toml"),
    ),
    (
        "transfer-target.toml",
        include_str!("../../patterns/forms/transfer-target.toml"),
    ),
    (
        "weighted-hebei.toml",
        include_str!("../../patterns/forms/weighted-hebei.toml"),
    ),
];

/// The library rubrics compiled in (`patterns/rubrics/*.toml`); a patterns
/// folder brings its own `rubrics/` (every `*.toml` in it, by name).
const BUILTIN_RUBRICS: &[(&str, &str)] = &[
    (
        "hunan-yueyang.toml",
        include_str!("../../patterns/rubrics/hunan-yueyang.toml"),
    ),
    (
        "mof-selfeval-2020.toml",
        include_str!("../../patterns/rubrics/mof-selfeval-2020.toml"),
    ),
    (
        "shenzhen-district-2020.toml",
        include_str!("../../patterns/rubrics/shenzhen-district-2020.toml"),
    ),
    (
        "shenzhen-municipal.toml",
        include_str!("../../patterns/rubrics/shenzhen-municipal.toml"),
    ),
    (
        "sichuan-dazhou.toml",
        include_str!("../../patterns/rubrics/sichuan-dazhou.toml"),
    ),
];

/// All loaded and compiled patterns.
#[derive(Debug)]
pub struct Patterns {
    pub normalize: NormalizePatterns,
    pub report: ReportPatterns,
    pub scores: ScorePatterns,
    pub sections: SectionPatterns,
    pub figures: FigurePatterns,
    pub rubrics: RubricPatterns,
    pub indicators: IndicatorPatterns,
    pub forms: FormPatterns,
    /// Hex sha256 over every file's name and bytes: changes when any rule does.
    pub version: String,
    /// Where they came from (`built-in` or the folder).
    pub origin: String,
}

/// One patterns file's text and the name errors should use for it.
pub(crate) struct Source<'a> {
    pub name: String,
    pub text: &'a str,
    /// Compile regexes at loading (a folder's patterns) rather than on first
    /// use (the built-in ones, compiled whole by a test).
    pub eager: bool,
}

#[cfg(test)]
thread_local! {
    /// Every pattern `Source::regex` was given on this thread (for the tests).
    static SEEN: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl Source<'_> {
    /// Parses the file as TOML into `T`; errors carry the file and line.
    pub fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T> {
        toml::from_str(self.text).map_err(|e| anyhow!("{}: {}", self.name, e.to_string().trim()))
    }

    /// Checks a regex found in this file (compiles it when `eager`, else
    /// parses it and leaves compiling to its first use); an error names the
    /// file and the line the pattern is written on.
    pub fn regex(&self, pattern: &str) -> Result<LazyRegex> {
        let bad = |e: &dyn std::fmt::Display| {
            let at = self.line_of(pattern).map(|n| format!(":{n}")).unwrap_or_default();
            anyhow!("{}{}: bad pattern {:?}: {}", self.name, at, pattern, e)
        };
        let compiled = OnceLock::new();
        let mut names = Vec::new();
        let captures = if self.eager {
            let r = regex::Regex::new(pattern).map_err(|e| bad(&e))?;
            let n = r.captures_len();
            names.extend(r.capture_names().flatten().map(String::from));
            let _ = compiled.set(r);
            n
        } else {
            // the syntax the regex crate compiles with by default
            let hir = regex_syntax::ParserBuilder::new()
                .build()
                .parse(pattern)
                .map_err(|e| bad(&e))?;
            group_names(&hir, &mut names);
            hir.properties().explicit_captures_len() + 1
        };
        #[cfg(test)]
        SEEN.with(|s| s.borrow_mut().push(pattern.to_string()));
        Ok(LazyRegex {
            pattern: pattern.to_string(),
            captures,
            names,
            compiled,
            pre: OnceLock::new(),
        })
    }

    /// Reports a validation problem with the file and the line of `needle`.
    pub fn invalid(&self, needle: &str, what: impl std::fmt::Display) -> anyhow::Error {
        let at = self.line_of(needle).map(|n| format!(":{n}")).unwrap_or_default();
        anyhow!("{}{}: {}", self.name, at, what)
    }

    fn line_of(&self, needle: &str) -> Option<usize> {
        if needle.is_empty() {
            return None;
        }
        self.text.lines().position(|l| l.contains(needle)).map(|i| i + 1)
    }
}

impl Patterns {
    /// The patterns compiled into the binary (the repository's `patterns/`).
    pub fn builtin() -> Result<Self> {
        let (files, rubrics, forms) = builtin_texts();
        Self::from_texts(&files, &rubrics, &forms, "built-in".into(), false)
    }

    /// Reads and validates a patterns folder.
    pub fn from_dir(dir: &Path) -> Result<Self> {
        let mut files = Vec::new();
        for (name, _) in BUILTIN {
            let path: PathBuf = dir.join(name);
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read patterns file {}", path.display()))?;
            files.push((path.display().to_string(), text));
        }
        let mut rubrics = Vec::new();
        let rdir = dir.join("rubrics");
        if rdir.is_dir() {
            let mut paths: Vec<PathBuf> = std::fs::read_dir(&rdir)
                .with_context(|| format!("cannot read rubrics folder {}", rdir.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect();
            paths.sort();
            for path in paths {
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read rubric file {}", path.display()))?;
                rubrics.push((path.display().to_string(), text));
            }
        }
        let forms = toml_files(&dir.join("forms"))?;
        Self::from_texts(&files, &rubrics, &forms, dir.display().to_string(), true)
    }

    /// `--patterns DIR` when given, else `JXCHECK_PATTERNS`, else built-in.
    pub fn load(dir: Option<&Path>) -> Result<Self> {
        match dir {
            Some(d) => Self::from_dir(d),
            None => match std::env::var_os("JXCHECK_PATTERNS") {
                Some(d) if !d.is_empty() => Self::from_dir(Path::new(&d)),
                _ => Self::builtin(),
            },
        }
    }

    fn from_texts(
        files: &[(String, String)],
        rubrics: &[(String, String)],
        forms: &[(String, String)],
        origin: String,
        eager: bool,
    ) -> Result<Self> {
        let src = |i: usize| Source {
            name: files[i].0.clone(),
            text: &files[i].1,
            eager,
        };
        let mut h = Sha256::new();
        let base = |n: &str| {
            Path::new(n.trim_end_matches(" (built-in)"))
                .file_name()
                .map(|f| f.to_os_string())
        };
        for ((_, text), (name, _)) in files.iter().zip(BUILTIN) {
            h.update(name.as_bytes());
            h.update([0]);
            h.update(text.as_bytes());
            h.update([0]);
        }
        for (name, text) in rubrics {
            h.update(b"rubrics/");
            h.update(base(name).unwrap_or_default().as_encoded_bytes());
            h.update([0]);
            h.update(text.as_bytes());
            h.update([0]);
        }
        for (name, text) in forms {
            h.update(b"forms/");
            h.update(base(name).unwrap_or_default().as_encoded_bytes());
            h.update([0]);
            h.update(text.as_bytes());
            h.update([0]);
        }
        let form_sources: Vec<Source> = forms
            .iter()
            .map(|(n, t)| Source {
                name: n.clone(),
                text: t,
                eager,
            })
            .collect();
        let figures = FigurePatterns::load(&src(4))?;
        let rubric_sources: Vec<Source> = rubrics
            .iter()
            .map(|(n, t)| Source {
                name: n.clone(),
                text: t,
                eager,
            })
            .collect();
        Ok(Patterns {
            normalize: NormalizePatterns::load(&src(0))?,
            report: ReportPatterns::load(&src(1))?,
            scores: ScorePatterns::load(&src(2))?,
            sections: SectionPatterns::load(&src(3))?,
            rubrics: RubricPatterns::load(&src(5), &rubric_sources, &figures)?,
            indicators: IndicatorPatterns::load(&src(6))?,
            forms: FormPatterns::load(&src(7), &form_sources)?,
            figures,
            version: hex(&h.finalize()),
            origin,
        })
    }
}

/// The built-in files, rubrics and forms: (name for errors, text) each.
type Texts = Vec<(String, String)>;
fn builtin_texts() -> (Texts, Texts, Texts) {
    let named = |dir: &str, list: &[(&str, &str)]| -> Texts {
        list.iter()
            .map(|(n, t)| (format!("patterns/{dir}{n} (built-in)"), t.to_string()))
            .collect()
    };
    (
        named("", BUILTIN),
        named("rubrics/", BUILTIN_RUBRICS),
        named("forms/", BUILTIN_FORMS),
    )
}

/// The names of a parsed pattern's named groups, outermost first.
fn group_names(h: &regex_syntax::hir::Hir, out: &mut Vec<String>) {
    use regex_syntax::hir::HirKind;
    match h.kind() {
        HirKind::Capture(c) => {
            if let Some(n) = &c.name {
                out.push(n.to_string());
            }
            group_names(&c.sub, out);
        }
        HirKind::Repetition(r) => group_names(&r.sub, out),
        HirKind::Concat(hs) | HirKind::Alternation(hs) => hs.iter().for_each(|h| group_names(h, out)),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => {}
    }
}

/// Every `*.toml` of a folder, sorted by name (none when the folder is absent).
fn toml_files(dir: &Path) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    if dir.is_dir() {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .with_context(|| format!("cannot read folder {}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
            out.push((path.display().to_string(), text));
        }
    }
    Ok(out)
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_patterns_load() {
        let p = Patterns::builtin().unwrap();
        assert_eq!(p.sections.numbering.len(), 5);
        assert!(p.sections.sections.iter().any(|s| s.id == "annex_scorecard"));
        assert_eq!(p.version.len(), 64);
    }

    #[test]
    fn repository_folder_equals_builtin() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("patterns");
        let a = Patterns::from_dir(&dir).unwrap();
        let b = Patterns::builtin().unwrap();
        assert_eq!(a.version, b.version);
    }

    /// A temporary copy of the repository's patterns folder.
    fn copy() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("patterns");
        for (n, _) in BUILTIN {
            std::fs::copy(src.join(n), dir.path().join(n)).unwrap();
        }
        std::fs::create_dir(dir.path().join("rubrics")).unwrap();
        for (n, _) in BUILTIN_RUBRICS {
            std::fs::copy(src.join("rubrics").join(n), dir.path().join("rubrics").join(n)).unwrap();
        }
        std::fs::create_dir(dir.path().join("forms")).unwrap();
        for (n, _) in BUILTIN_FORMS {
            std::fs::copy(src.join("forms").join(n), dir.path().join("forms").join(n)).unwrap();
        }
        dir
    }

    #[test]
    fn bad_regex_names_file_and_line() {
        let dir = copy();
        let sec = std::fs::read_to_string(dir.path().join("sections.toml")).unwrap();
        let broken = sec.replacen(r"'^[（(]\s*(\d{1,2})\s*[）)]\s*'", r"'^[（(]\s*(\d{1,2}\s*[）)]\s*'", 1);
        assert_ne!(sec, broken);
        std::fs::write(dir.path().join("sections.toml"), broken).unwrap();
        let err = Patterns::from_dir(dir.path()).unwrap_err().to_string();
        assert!(err.contains("sections.toml:"), "{err}");
        let line = sec
            .lines()
            .position(|l| l.contains(r"'^[（(]\s*(\d{1,2})\s*[）)]\s*'"))
            .unwrap()
            + 1;
        assert!(err.contains(&format!("sections.toml:{line}:")), "{err}");
    }

    /// The built-in patterns are compiled on first use: compiled whole
    /// here, every one compiles, and they say what the parsed ones say.
    #[test]
    fn every_builtin_pattern_compiles() {
        let (files, rubrics, forms) = builtin_texts();
        let eager = Patterns::from_texts(&files, &rubrics, &forms, "built-in".into(), true).unwrap();
        let lazy = Patterns::builtin().unwrap();
        assert_eq!(eager.version, lazy.version);
        assert_eq!(format!("{:?}", eager), format!("{:?}", lazy));
    }

    /// A built-in file's bad pattern (parsed at start-up, not compiled)
    /// stops the loading with the file and line, as a folder's does; so do
    /// a missing group and a missing named group.
    #[test]
    fn a_parsed_pattern_is_checked_like_a_compiled_one() {
        let text = "a = 1\npattern = '^(x'\ngroup = '^(?P<score>x)'\n";
        for eager in [false, true] {
            let src = Source {
                name: "t.toml".into(),
                text,
                eager,
            };
            let err = src.regex("^(x").unwrap_err().to_string();
            assert!(err.starts_with("t.toml:2: bad pattern \"^(x\": "), "{err}");
            let r = src.regex("^(?P<score>x)(y)(?:z)").unwrap();
            assert_eq!(r.captures_len(), 3);
            assert!(r.has_group("score") && !r.has_group("grade"));
            assert_eq!(r.captures_len(), r.deref_compiled().captures_len());
            assert!(r.is_match("xyz") && !r.is_match("yz"));
        }
    }

    /// The literal pre-check never turns a match away: every built-in
    /// pattern answers `is_match`, `find` and `captures` as its compiled
    /// regex does, on every line of the corpus and on lines made to start
    /// like headings, page numbers and table captions.
    #[test]
    fn pre_checked_searches_answer_as_the_regex_does() {
        SEEN.with(|s| s.borrow_mut().clear());
        let _ = Patterns::builtin().unwrap();
        let mut patterns = SEEN.with(|s| s.borrow().clone());
        patterns.sort();
        patterns.dedup();
        assert!(patterns.len() > 50, "{}", patterns.len());
        let mut hays: Vec<String> = vec![
            "",
            " ",
            "一、部门基本情况",
            "（一）主要职能",
            "(二)",
            "1.项目",
            "1、",
            "①完成",
            "第3页",
            "第 3 页 共 9 页",
            "- 4 -",
            "— 12 —",
            "Page 2 of 9",
            "3/12",
            "附件1",
            "附 件",
            "表1 项目支出表",
            "单位：万元",
            "（万元）",
            "自评得分为93.58分",
            "评分等级：优",
            "得分=完成率×10分",
            "<p>x</p>",
            "&nbsp;",
            "a",
            "A",
            "12",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        for e in std::fs::read_dir(corpus).unwrap() {
            let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
            for l in text.lines() {
                hays.push(l.to_string());
                hays.extend(l.split('\t').map(|c| c.trim().to_string()));
                // ends a pattern anchored there may look at (`\s+$`, `的$`)
                for end in [" ", "的", "为", "：", "表"] {
                    hays.push(format!("{l}{end}"));
                }
                // a clause's start and end, as labels are cut
                for clause in l.split(['，', '。', '；']) {
                    hays.push(clause.to_string());
                }
            }
        }
        hays.sort();
        hays.dedup();
        assert!(hays.len() > 1000, "{}", hays.len());
        let src = Source {
            name: "t".into(),
            text: "",
            eager: false,
        };
        let mut checked = 0;
        for pat in &patterns {
            let lazy = src.regex(pat).unwrap();
            if Pre::of(pat).is_none() {
                continue;
            }
            checked += 1;
            let re = regex::Regex::new(pat).unwrap();
            for h in &hays {
                assert_eq!(lazy.is_match(h), re.is_match(h), "{pat:?} on {h:?}");
                assert_eq!(
                    lazy.find(h).map(|m| m.range()),
                    re.find(h).map(|m| m.range()),
                    "{pat:?} on {h:?}"
                );
                let groups =
                    |c: Option<regex::Captures>| c.map(|c| c.iter().map(|g| g.map(|g| g.range())).collect::<Vec<_>>());
                assert_eq!(groups(lazy.captures(h)), groups(re.captures(h)), "{pat:?} on {h:?}");
                let all = |c: Vec<regex::Captures>| c.into_iter().map(|c| groups(Some(c))).collect::<Vec<_>>();
                assert_eq!(
                    all(lazy.captures_iter(h).collect()),
                    all(re.captures_iter(h).collect()),
                    "{pat:?} on {h:?}"
                );
                assert_eq!(
                    lazy.find_iter(h).map(|m| m.range()).collect::<Vec<_>>(),
                    re.find_iter(h).map(|m| m.range()).collect::<Vec<_>>(),
                    "{pat:?} on {h:?}"
                );
                let mid = h.char_indices().nth(2).map_or(0, |(k, _)| k);
                assert_eq!(
                    groups(lazy.captures_at(h, mid)),
                    groups(re.captures_at(h, mid)),
                    "{pat:?} on {h:?}"
                );
            }
        }
        // the numbering and page-number patterns are among those checked
        assert!(checked >= 20, "{checked}");
        let heading = src.regex(r"^([一二三四五六七八九十]{1,3})\s*[、．]\s*").unwrap();
        assert!(!heading.is_match("部门基本情况") && heading.is_match("十二、其他"));
        assert!(heading.compiled.get().is_some());
        let never = src.regex(r"^第\s*(\d{1,4})\s*页$").unwrap();
        assert!(!never.is_match("部门") && never.compiled.get().is_none());
        // the end of a pattern anchored there: its last character
        let back = src.regex(r"(?:为|是|达到|：|:)$").unwrap();
        assert!(!back.is_match("收入合计") && !back.is_match("") && back.compiled.get().is_none());
        assert!(back.is_match("收入合计为") && back.find("达到").map(|m| m.range()) == Some(0..6));
        let space = src.regex(r"\s+$").unwrap();
        assert!(!space.is_match("收入") && space.compiled.get().is_none() && space.is_match("收入\u{3000}"));
        // the first character, where the first byte tells too little (本 and 是 share E6)
        // a word every match holds, not at its start (`分`)
        let total = src
            .regex(r"(?:总得分|自评得分|综合得分|评价得分|最终得分)\s*(?P<score>\d{1,3})\s*分")
            .unwrap();
        assert!(!total.is_match("自评结果为 93") && total.compiled.get().is_none());
        assert!(total.is_match("自评得分 93 分") && !total.is_match("自评得分 分"));
        let year = src.regex(r"^(?:\d{4}\s*年|本年度?)\s*").unwrap();
        assert!(!year.is_match("是年") && year.compiled.get().is_none() && year.is_match("本年度收入"));
    }

    #[test]
    fn unknown_figure_key_names_file_and_line() {
        let dir = copy();
        let fig = std::fs::read_to_string(dir.path().join("figures.toml")).unwrap();
        let broken = fig.replacen("numerator = \"spending.final\"", "numerator = \"spending.finl\"", 1);
        assert_ne!(fig, broken);
        std::fs::write(dir.path().join("figures.toml"), &broken).unwrap();
        let err = Patterns::from_dir(dir.path()).unwrap_err().to_string();
        let line = broken.lines().position(|l| l.contains("spending.finl")).unwrap() + 1;
        assert!(
            err.contains(&format!("figures.toml:{line}:")) && err.contains("not a [[key]]"),
            "{err}"
        );
    }

    #[test]
    fn bad_toml_names_file() {
        let dir = copy();
        std::fs::write(dir.path().join("report.toml"), "[department\nx=1").unwrap();
        let err = Patterns::from_dir(dir.path()).unwrap_err().to_string();
        assert!(err.contains("report.toml") && err.contains("line 1"), "{err}");
    }
}

//! `figures.toml`: units, labels, canonical keys, breakdown items and the
//! relations between figures that the ARITH checks test.

use super::LazyRegex;
use super::Source;
use anyhow::Result;
use regex::Regex;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::str::FromStr;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    units: RawUnits,
    number: RawNumber,
    label: RawLabel,
    key: Vec<RawKey>,
    stage: Vec<RawStage>,
    stage_masks: RawMasks,
    item: Vec<RawItem>,
    relations: RawRelations,
    identity: Vec<RawIdentity>,
    balance: Balance,
    ratio: Vec<Ratio>,
    bound: Vec<RawBound>,
    table: RawTable,
    table_change: RawTableChange,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTableChange {
    current: Vec<String>,
    prior: Vec<String>,
    change_words: Vec<String>,
    rate_suffixes: Vec<String>,
    amount_suffixes: Vec<String>,
}

/// Header words of year-comparison tables (`[table_change]`): cells are
/// compared with whitespace removed and `（）％` folded (see `fold`).
#[derive(Debug, Clone)]
pub struct TableChangeWords {
    pub current: Vec<String>,
    pub prior: Vec<String>,
    pub change_words: Vec<String>,
    pub rate_suffixes: Vec<String>,
    pub amount_suffixes: Vec<String>,
}

impl TableChangeWords {
    /// A header cell as the word lists spell it: no whitespace, `（）％` folded.
    pub fn fold(s: &str) -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '（' => '(',
                '）' => ')',
                '％' => '%',
                c => c,
            })
            .collect()
    }

    /// `fold(s)`, borrowed when folding changes nothing (most cells).
    fn folded(s: &str) -> std::borrow::Cow<'_, str> {
        if s.contains(|c: char| c.is_whitespace() || matches!(c, '（' | '）' | '％')) {
            std::borrow::Cow::Owned(Self::fold(s))
        } else {
            std::borrow::Cow::Borrowed(s)
        }
    }

    /// The folded cell ends with a change word followed by one of `suffixes`
    /// (`ends_with(w + s)`, tested without building `w + s`).
    fn ends_with_change(&self, cell: &str, suffixes: &[String]) -> bool {
        let c = Self::folded(cell);
        suffixes.iter().any(|s| {
            c.strip_suffix(s.as_str())
                .is_some_and(|head| self.change_words.iter().any(|w| head.ends_with(w.as_str())))
        })
    }

    /// A change-rate header (`增长率`, `2016年比2015年增减%`).
    pub fn is_rate(&self, cell: &str) -> bool {
        self.ends_with_change(cell, &self.rate_suffixes)
    }

    /// A change-amount header (`增加额`, `增减`).
    pub fn is_amount(&self, cell: &str) -> bool {
        self.ends_with_change(cell, &self.amount_suffixes)
    }

    fn load(t: RawTableChange, src: &Source) -> Result<Self> {
        let lists = [
            ("current", &t.current),
            ("prior", &t.prior),
            ("change_words", &t.change_words),
            ("rate_suffixes", &t.rate_suffixes),
        ];
        for (name, list) in lists {
            if list.is_empty() {
                return Err(src.invalid("[table_change]", format!("table_change.{name} is empty")));
            }
            if let Some(w) = list.iter().find(|w| w.is_empty() || **w != Self::fold(w)) {
                return Err(src.invalid(
                    w,
                    format!("table_change.{name}: {w:?} must be non-empty, without spaces or full-width （）％"),
                ));
            }
        }
        if let Some(w) = t.current.iter().find(|w| t.prior.contains(w)) {
            return Err(src.invalid(w, format!("table_change: {w:?} is both current and prior")));
        }
        if let Some(w) = t.amount_suffixes.iter().find(|w| **w != Self::fold(w)) {
            return Err(src.invalid(w, format!("table_change.amount_suffixes: {w:?} has spaces")));
        }
        Ok(TableChangeWords {
            current: t.current,
            prior: t.prior,
            change_words: t.change_words,
            rate_suffixes: t.rate_suffixes,
            amount_suffixes: t.amount_suffixes,
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnits {
    money: BTreeMap<String, String>,
    rate: BTreeMap<String, String>,
    count: BTreeMap<String, String>,
    area: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNumber {
    approx_before: Vec<String>,
    approx_after: Vec<String>,
    paired_markers: Vec<String>,
    #[serde(default)]
    flat_amount: Option<String>,
    #[serde(default)]
    zero_change_words: Vec<String>,
    #[serde(default)]
    zero_change_compare: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLabel {
    clause_breaks: String,
    strip_front: Vec<String>,
    strip_back: Vec<String>,
    ignore_chars: String,
    prior_words: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKey {
    key: String,
    kind: String,
    #[serde(default)]
    context: Vec<String>,
    #[serde(default)]
    suffix: bool,
    labels: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStage {
    key: String,
    cues: Vec<String>,
    balanced: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMasks {
    words: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    key: String,
    #[serde(default)]
    within: Option<String>,
    labels: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRelations {
    part_cues: Vec<String>,
    complete_cues: Vec<String>,
    total_words: Vec<String>,
    likely_total_words: Vec<String>,
    rate_patterns: Vec<String>,
    #[serde(default)]
    excess_patterns: Vec<String>,
    #[serde(default)]
    body_nouns: Vec<String>,
    #[serde(default)]
    list_opens: Vec<String>,
    change_patterns: Vec<String>,
    #[serde(default)]
    budget_base_words: Vec<String>,
    increase_words: Vec<String>,
    decrease_words: Vec<String>,
    explanation_words: Vec<String>,
    negative_words: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIdentity {
    rule: String,
    total: String,
    parts: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBound {
    part: String,
    whole: Vec<String>,
    severity: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    unit_patterns: Vec<String>,
    total_labels: Vec<String>,
    subtotal_labels: Vec<String>,
    code_pattern: String,
    denominator_words: Vec<String>,
    numerator_words: Vec<String>,
    whole_words: Vec<String>,
    #[serde(default)]
    row_number_headers: Vec<String>,
}

/// What a unit measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Money,
    Rate,
    Count,
    Area,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Money => "money",
            Kind::Rate => "rate",
            Kind::Count => "count",
            Kind::Area => "area",
        }
    }
}

/// A unit as written, what it measures and its factor to the normalised value.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub text: String,
    pub kind: Kind,
    pub factor: Decimal,
}

/// A canonical key and the labels that name it.
#[derive(Debug, Clone)]
pub struct KeyDef {
    pub key: String,
    pub kind: Kind,
    pub context: Vec<String>,
    /// A label ending in one of `labels` counts (tried after exact labels).
    pub suffix: bool,
    /// Labels with the ignored characters removed.
    pub labels: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Stage {
    pub key: String,
    pub cues: Vec<String>,
    /// A budget stage: its sources and its uses must balance.
    pub balanced: bool,
}

#[derive(Debug, Clone)]
pub struct Item {
    pub key: String,
    pub within: Option<String>,
    pub labels: Vec<String>,
}

impl Item {
    /// `source` or `nature`: the breakdown this item belongs to.
    pub fn dimension(&self) -> &str {
        self.key.split('.').next().unwrap_or("")
    }
}

#[derive(Debug, Clone)]
pub struct Identity {
    pub rule: &'static str,
    pub total: String,
    pub parts: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Balance {
    pub opening: String,
    pub income: String,
    pub spending: String,
    pub closing: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ratio {
    pub rate: String,
    pub numerator: String,
    pub denominator: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Bound {
    pub part: String,
    pub whole: Vec<String>,
    pub warning: bool,
}

#[derive(Debug)]
pub struct FigurePatterns {
    /// Units, longest first (so `万元` wins over `元`).
    pub units: Vec<Unit>,
    /// A number and its unit; groups `num`, `unit`.
    pub number: LazyRegex,
    pub approx_before: Vec<String>,
    pub approx_after: Vec<String>,
    /// The first of a pair sharing one unit (`各是A,B万元`): group `num`,
    /// matched against the text right before the second number.
    pub paired: LazyRegex,
    /// A bare amount in a flattened sheet row (`11,122,315.04`), read only
    /// in a line that prints its unit (`金额单位：元`); group `num`.
    pub flat_amount: Option<LazyRegex>,
    /// Words before paired values (`各`, `分别`).
    pub paired_markers: Vec<String>,
    /// Words stating no change (`持平`), and the words one of which their
    /// clause must hold (`与`) to be read as a change of 0%.
    pub zero_change_words: Vec<String>,
    pub zero_change_compare: Vec<String>,
    pub clause_breaks: Vec<char>,
    pub strip_front: Vec<LazyRegex>,
    pub strip_back: Vec<LazyRegex>,
    pub ignore_chars: Vec<char>,
    pub prior_words: Vec<String>,
    /// Context keys first, then the rest, each in file order.
    pub keys: Vec<KeyDef>,
    pub stages: Vec<Stage>,
    /// Matches a text holding any stage cue (a quick test before finding
    /// them one by one).
    pub any_cue: Regex,
    /// Words whose stage cue does not count.
    pub stage_masks: Vec<String>,
    pub items: Vec<Item>,
    pub part_cues: Vec<String>,
    pub complete_cues: Vec<String>,
    pub total_words: Vec<String>,
    /// A whole labelled with one of these is most likely complete.
    pub likely_total_words: Vec<String>,
    pub rate_patterns: Vec<LazyRegex>,
    /// The gap between spending and budget stated after a completion rate
    /// (`完成年初预算100%，决算数大于预算数55.93万元`): groups `over`/`under`.
    pub excess_patterns: Vec<LazyRegex>,
    /// Bodies a report counts and names (`设9个内设机构，分别为：…`), longest first.
    pub body_nouns: Vec<String>,
    /// Words opening the list of names after such a count.
    pub list_opens: Vec<String>,
    pub change_patterns: Vec<LazyRegex>,
    /// Words in a change's base that make it a budget, not last year's
    /// figure (`与2021年度预算相比`).
    pub budget_base_words: Vec<String>,
    /// Direction words before a change's amount or rate, longest first.
    pub increase_words: Vec<String>,
    pub decrease_words: Vec<String>,
    pub explanation_words: Vec<String>,
    pub negative_words: Vec<String>,
    pub identities: Vec<Identity>,
    pub balance: Balance,
    pub ratios: Vec<Ratio>,
    pub bounds: Vec<Bound>,
    pub table_units: Vec<LazyRegex>,
    /// Header words of year-comparison tables.
    pub table_change: TableChangeWords,
    pub total_labels: Vec<String>,
    pub subtotal_labels: Vec<String>,
    /// Headers of a column of row numbers (`行次`): its cells are no amounts.
    pub row_number_headers: Vec<String>,
    pub code: LazyRegex,
    pub denominator_words: Vec<String>,
    pub numerator_words: Vec<String>,
    pub whole_words: Vec<String>,
}

impl FigurePatterns {
    /// A key figures can carry: a [[key]], or a stage key with an item key
    /// (`budget.adjusted.nature.public`).
    pub fn is_key(&self, k: &str) -> bool {
        self.keys.iter().any(|d| d.key == k)
            || self.stages.iter().any(|s| {
                k.strip_prefix(s.key.as_str())
                    .and_then(|rest| rest.strip_prefix('.'))
                    .is_some_and(|item| self.items.iter().any(|i| i.key == item))
            })
    }

    pub(crate) fn load(src: &Source) -> Result<Self> {
        let f: File = src.parse()?;
        let mut units = Vec::new();
        for (kind, map) in [
            (Kind::Money, &f.units.money),
            (Kind::Rate, &f.units.rate),
            (Kind::Count, &f.units.count),
            (Kind::Area, &f.units.area),
        ] {
            for (text, factor) in map {
                let factor = Decimal::from_str(factor)
                    .map_err(|e| src.invalid(&format!("\"{text}\" ="), format!("bad factor for {text:?}: {e}")))?;
                units.push(Unit {
                    text: text.clone(),
                    kind,
                    factor,
                });
            }
        }
        units.sort_by(|a, b| {
            b.text
                .chars()
                .count()
                .cmp(&a.text.chars().count())
                .then(a.text.cmp(&b.text))
        });
        let alternatives: Vec<String> = units.iter().map(|u| regex::escape(&u.text)).collect();
        let number = src.regex(&format!(
            r"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<unit>{})",
            alternatives.join("|")
        ))?;
        if f.number.paired_markers.iter().any(|m| m.is_empty()) {
            return Err(src.invalid("paired_markers", "number.paired_markers: an empty marker"));
        }
        let markers: Vec<String> = f.number.paired_markers.iter().map(|m| regex::escape(m)).collect();
        let paired = src.regex(&format!(
            r"(?:{})\p{{Han}}{{0,2}}\s*(?P<num>\d+(?:\.\d+)?)\s*[,，、和]\s*$",
            markers.join("|")
        ))?;
        let ignore_chars: Vec<char> = f.label.ignore_chars.chars().collect();
        let squash = |s: &str| -> String { s.chars().filter(|c| !ignore_chars.contains(c)).collect() };
        let kind_of = |k: &str, at: &str| -> Result<Kind> {
            match k {
                "money" => Ok(Kind::Money),
                "rate" => Ok(Kind::Rate),
                "count" => Ok(Kind::Count),
                "area" => Ok(Kind::Area),
                other => Err(src.invalid(at, format!("unknown kind {other:?} (money, rate, count, area)"))),
            }
        };
        let mut keys = Vec::new();
        for k in &f.key {
            if keys.iter().any(|d: &KeyDef| d.key == k.key) {
                return Err(src.invalid(
                    &format!("key = \"{}\"", k.key),
                    format!("key {:?} defined twice", k.key),
                ));
            }
            keys.push(KeyDef {
                key: k.key.clone(),
                kind: kind_of(&k.kind, &format!("key = \"{}\"", k.key))?,
                context: k.context.clone(),
                suffix: k.suffix,
                labels: k.labels.iter().map(|l| squash(l)).collect(),
            });
        }
        keys.sort_by_key(|k| k.context.is_empty());
        let known = |key: &str, at: &str| -> Result<()> {
            if keys.iter().any(|k| k.key == key) {
                Ok(())
            } else {
                Err(src.invalid(at, format!("{key:?} is not a [[key]]")))
            }
        };
        for s in &f.stage {
            known(&s.key, &format!("key = \"{}\"", s.key))?;
        }
        let items: Vec<Item> = f
            .item
            .iter()
            .map(|i| Item {
                key: i.key.clone(),
                within: i.within.clone(),
                labels: i.labels.iter().map(|l| squash(l)).collect(),
            })
            .collect();
        for i in &items {
            if let Some(w) = &i.within {
                if !items.iter().any(|o| &o.key == w) {
                    return Err(src.invalid(&format!("within = \"{w}\""), format!("{w:?} is not an [[item]]")));
                }
            }
        }
        let mut identities = Vec::new();
        for i in &f.identity {
            let rule = match i.rule.as_str() {
                "ARITH.SUM" => "ARITH.SUM",
                "ARITH.BALANCE" => "ARITH.BALANCE",
                other => return Err(src.invalid(&format!("rule = \"{other}\""), "identity rule must be ARITH.SUM")),
            };
            known(&i.total, &format!("total = \"{}\"", i.total))?;
            for p in &i.parts {
                known(p, &format!("\"{p}\""))?;
            }
            identities.push(Identity {
                rule,
                total: i.total.clone(),
                parts: i.parts.clone(),
            });
        }
        for k in [
            &f.balance.opening,
            &f.balance.income,
            &f.balance.spending,
            &f.balance.closing,
        ] {
            known(k, &format!("\"{k}\""))?;
        }
        for r in &f.ratio {
            known(&r.rate, &format!("rate = \"{}\"", r.rate))?;
            known(&r.numerator, &format!("numerator = \"{}\"", r.numerator))?;
            for d in &r.denominator {
                known(d, &format!("\"{d}\""))?;
            }
        }
        let mut bounds = Vec::new();
        for b in &f.bound {
            known(&b.part, &format!("part = \"{}\"", b.part))?;
            for w in &b.whole {
                known(w, &format!("\"{w}\""))?;
            }
            let warning = match b.severity.as_str() {
                "warning" => true,
                "error" => false,
                other => {
                    return Err(src.invalid(
                        &format!("severity = \"{other}\""),
                        "bound severity must be error or warning",
                    ))
                }
            };
            bounds.push(Bound {
                part: b.part.clone(),
                whole: b.whole.clone(),
                warning,
            });
        }
        let named = |p: &String, groups: &[&str]| -> Result<LazyRegex> {
            let r = src.regex(p)?;
            for g in groups {
                if !r.has_group(g) {
                    return Err(src.invalid(p, format!("pattern must have a group named `{g}`")));
                }
            }
            Ok(r)
        };
        let regexes = |ps: &[String]| -> Result<Vec<LazyRegex>> { ps.iter().map(|p| src.regex(p)).collect() };
        let table_units = regexes(&f.table.unit_patterns)?;
        let table_change = TableChangeWords::load(f.table_change, src)?;
        if let Some((p, _)) = f
            .table
            .unit_patterns
            .iter()
            .zip(&table_units)
            .find(|(_, r)| r.captures_len() < 2)
        {
            return Err(src.invalid(p, "a unit pattern must capture the unit"));
        }
        Ok(FigurePatterns {
            units,
            number,
            approx_before: f.number.approx_before,
            approx_after: f.number.approx_after,
            paired,
            flat_amount: match &f.number.flat_amount {
                Some(r) => Some(named(r, &["num"])?),
                None => None,
            },
            zero_change_words: f.number.zero_change_words,
            paired_markers: f.number.paired_markers.clone(),
            zero_change_compare: f.number.zero_change_compare,
            clause_breaks: f.label.clause_breaks.chars().collect(),
            strip_front: regexes(&f.label.strip_front)?,
            strip_back: regexes(&f.label.strip_back)?,
            ignore_chars,
            prior_words: f.label.prior_words,
            keys,
            any_cue: any_of(f.stage.iter().flat_map(|s| &s.cues))?,
            stages: f
                .stage
                .into_iter()
                .map(|s| Stage {
                    key: s.key,
                    cues: s.cues,
                    balanced: s.balanced,
                })
                .collect(),
            stage_masks: f.stage_masks.words,
            items,
            part_cues: f.relations.part_cues,
            complete_cues: f.relations.complete_cues,
            total_words: f.relations.total_words,
            likely_total_words: f.relations.likely_total_words,
            rate_patterns: f
                .relations
                .rate_patterns
                .iter()
                .map(|p| named(p, &["ref"]))
                .collect::<Result<_>>()?,
            excess_patterns: f
                .relations
                .excess_patterns
                .iter()
                .map(|p| named(p, &["over", "under"]))
                .collect::<Result<_>>()?,
            body_nouns: longest_first(f.relations.body_nouns),
            list_opens: longest_first(f.relations.list_opens),
            change_patterns: f
                .relations
                .change_patterns
                .iter()
                .map(|p| named(p, &["base", "dir"]))
                .collect::<Result<_>>()?,
            budget_base_words: f.relations.budget_base_words,
            increase_words: longest_first(f.relations.increase_words),
            decrease_words: longest_first(f.relations.decrease_words),
            explanation_words: f.relations.explanation_words,
            negative_words: f.relations.negative_words,
            identities,
            balance: f.balance,
            ratios: f.ratio,
            bounds,
            table_units,
            table_change,
            total_labels: f.table.total_labels,
            subtotal_labels: f.table.subtotal_labels,
            row_number_headers: f.table.row_number_headers,
            code: src.regex(&f.table.code_pattern)?,
            denominator_words: f.table.denominator_words,
            numerator_words: f.table.numerator_words,
            whole_words: f.table.whole_words,
        })
    }

    /// The unit written exactly as `text`.
    pub fn unit(&self, text: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.text == text)
    }

    /// A label with the ignored characters (quotes, spaces) removed.
    pub fn squash(&self, s: &str) -> String {
        s.chars().filter(|c| !self.ignore_chars.contains(c)).collect()
    }

    /// Cleans the clause before a number into its label.
    pub fn clean_label(&self, phrase: &str) -> String {
        let mut s = phrase.trim().to_string();
        loop {
            let before = s.clone();
            for r in &self.strip_front {
                if let Some(m) = r.find(&s) {
                    if m.start() == 0 && m.end() > 0 {
                        s = s[m.end()..].to_string();
                    }
                }
            }
            for r in &self.strip_back {
                if let Some(m) = r.find(&s) {
                    if m.end() == s.len() && m.start() < m.end() {
                        s.truncate(m.start());
                    }
                }
            }
            if s == before {
                return s;
            }
        }
    }

    /// The key for a label of a figure of `kind`, given the text before it
    /// (for keys that need context).
    pub fn key_for(&self, label: &str, kind: Kind, context: &str) -> Option<&KeyDef> {
        let l = self.squash(label);
        if l.is_empty() {
            return None;
        }
        let in_context = |k: &KeyDef| k.context.is_empty() || k.context.iter().any(|c| context.contains(c.as_str()));
        self.keys
            .iter()
            .find(|k| k.kind == kind && k.labels.contains(&l) && in_context(k))
            .or_else(|| {
                self.keys.iter().find(|k| {
                    k.kind == kind && k.suffix && k.labels.iter().any(|x| l.ends_with(x.as_str())) && in_context(k)
                })
            })
    }

    /// The direction word right before a figure's number (`同比增加 `, `下降`,
    /// `增幅为`): Some(true) for a decrease, Some(false) for an increase.
    pub fn direction_before(&self, before: &str) -> Option<bool> {
        let t = before.trim_end().trim_end_matches(['为', '了', '达', '：', ':', ' ']);
        let t = t.strip_suffix("幅度").unwrap_or(t);
        let up = self.increase_words.iter().find(|w| t.ends_with(w.as_str()));
        let down = self.decrease_words.iter().find(|w| t.ends_with(w.as_str()));
        match (up, down) {
            (Some(u), Some(d)) => Some(d.chars().count() > u.chars().count()),
            (Some(_), None) => Some(false),
            (None, Some(_)) => Some(true),
            (None, None) => None,
        }
    }

    /// The breakdown item a label names, trying it also without a stage cue
    /// in front (`年初一般公共预算` → 一般公共预算).
    pub fn item_for(&self, label: &str) -> Option<&Item> {
        let l = self.squash(label);
        let find = |s: &str| self.items.iter().find(|i| i.labels.iter().any(|x| x == s));
        find(&l).or_else(|| {
            self.stages
                .iter()
                .flat_map(|s| &s.cues)
                .find_map(|c| l.strip_prefix(c.as_str()).and_then(find))
        })
    }

    pub fn item(&self, key: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.key == key)
    }

    pub fn stage(&self, key: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.key == key)
    }
}

/// Words sorted longest first (so `增加` is found before `增`).
fn longest_first(mut words: Vec<String>) -> Vec<String> {
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    words
}

/// A regex matching any of the literal `words` (never matching when empty).
fn any_of<'a>(words: impl Iterator<Item = &'a String>) -> Result<Regex, regex::Error> {
    let alts: Vec<String> = words.filter(|w| !w.is_empty()).map(|w| regex::escape(w)).collect();
    if alts.is_empty() {
        return Regex::new(r"[^\s\S]");
    }
    Regex::new(&alts.join("|"))
}

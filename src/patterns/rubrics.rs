//! Loads `criteria.toml` (the variables rules are written in, and the
//! printed-criteria reader's patterns) and every `rubrics/*.toml` (library
//! rubrics: groups, indicators with their rules, grade bands), and validates
//! them: known kinds and keys, parts that add up to their indicator,
//! indicators to their group, first-level groups to 100.

use super::figures::FigurePatterns;
use super::scores::Band;
use super::LazyRegex;
use super::Source;
use crate::rubric::criteria::{self, squash};
use crate::rubric::expr::{Cond, Expr};
use crate::rubric::rule::{Part, Rule, Tier};
use anyhow::Result;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::str::FromStr;

/// A quantity rules are written in, and how to find it in the figures.
#[derive(Debug, Clone)]
pub struct Variable {
    pub id: String,
    /// Names as criteria write them, squashed (no quotes or spaces).
    pub names: Vec<String>,
    /// Tried in order; the first the figures give is used.
    pub values: Vec<Expr>,
    pub inferred: bool,
}

/// The printed-criteria reader's patterns.
#[derive(Debug)]
pub struct CriteriaPatterns {
    pub item: LazyRegex,
    pub points: LazyRegex,
    pub times: LazyRegex,
    pub tier: LazyRegex,
    pub award: LazyRegex,
    pub per_item: LazyRegex,
    pub per_point: LazyRegex,
    pub zero_if: LazyRegex,
    pub zero_words: Vec<String>,
    pub alternative_words: Vec<String>,
    pub tier_words: Vec<String>,
    pub judgement_words: Vec<String>,
    pub self_words: Vec<String>,
}

/// A group of indicators (一级/二级指标) and its points.
#[derive(Debug, Clone)]
pub struct Group {
    pub name: String,
    pub aliases: Vec<String>,
    pub points: Decimal,
    pub parent: Option<String>,
}

/// A library indicator: its names, points and rule.
#[derive(Debug, Clone)]
pub struct Indicator {
    pub name: String,
    pub aliases: Vec<String>,
    pub group: String,
    pub points: Decimal,
    pub rule: Rule,
    /// Name and aliases squashed, for look-ups.
    squashed: Vec<String>,
}

impl Indicator {
    /// The indicator answers to `name` (squashed comparison).
    pub fn is_named(&self, name: &str) -> bool {
        self.answers_to(&squash(name))
    }

    /// `is_named` for a name already squashed.
    fn answers_to(&self, squashed: &str) -> bool {
        self.squashed.iter().any(|n| n == squashed)
    }
}

/// A scoring rubric from `patterns/rubrics/`.
#[derive(Debug, Clone)]
pub struct Rubric {
    pub id: String,
    pub name: String,
    pub jurisdiction: String,
    pub source: String,
    pub years: Option<(u32, u32)>,
    pub groups: Vec<Group>,
    /// Groups whose indicators are all listed (their points add up).
    pub complete: Vec<String>,
    pub indicators: Vec<Indicator>,
    /// Grade bands, best first (empty: the default bands of scores.toml).
    pub bands: Vec<Band>,
    /// The file it was read from.
    pub file: String,
}

impl Rubric {
    pub fn indicator(&self, name: &str) -> Option<&Indicator> {
        let n = squash(name);
        self.indicators.iter().find(|i| i.answers_to(&n))
    }
}

#[derive(Debug)]
pub struct RubricPatterns {
    pub variables: Vec<Variable>,
    pub criteria: CriteriaPatterns,
    pub rubrics: Vec<Rubric>,
}

impl RubricPatterns {
    /// The variable a (squashed) name means.
    pub fn variable(&self, name: &str) -> Option<&Variable> {
        let n = squash(name);
        self.variables.iter().find(|v| v.id == n || v.names.contains(&n))
    }

    /// The variable whose longest name the text contains.
    pub fn variable_in(&self, text: &str) -> Option<&Variable> {
        let t = squash(text);
        self.variables
            .iter()
            .flat_map(|v| v.names.iter().map(move |n| (n, v)))
            .filter(|(n, _)| t.contains(n.as_str()))
            .max_by_key(|(n, _)| n.chars().count())
            .map(|(_, v)| v)
    }

    pub fn rubric(&self, id: &str) -> Option<&Rubric> {
        self.rubrics.iter().find(|r| r.id == id)
    }

    pub(crate) fn load(criteria: &Source, rubrics: &[Source], figures: &FigurePatterns) -> Result<Self> {
        let f: CriteriaFile = criteria.parse()?;
        let mut variables: Vec<Variable> = Vec::new();
        for v in &f.variable {
            let at = format!("id = \"{}\"", v.id);
            if variables.iter().any(|w| w.id == v.id) {
                return Err(criteria.invalid(&at, format!("variable {:?} defined twice", v.id)));
            }
            let mut values = Vec::new();
            for e in &v.values {
                let x = Expr::parse(e).map_err(|m| criteria.invalid(e, m))?;
                for k in x.keys() {
                    if !figures.is_key(k) {
                        return Err(criteria.invalid(e, format!("{k:?} is not a figure key of figures.toml")));
                    }
                }
                values.push(x);
            }
            variables.push(Variable {
                id: v.id.clone(),
                names: v.names.iter().map(|n| squash(n)).collect(),
                values,
                inferred: v.inferred,
            });
        }
        let c = &f.criteria;
        let named = |pat: &str, groups: &[&str]| -> Result<LazyRegex> {
            let r = criteria.regex(pat)?;
            for g in groups {
                if !r.has_group(g) {
                    return Err(criteria.invalid(pat, format!("pattern must have a group named `{g}`")));
                }
            }
            Ok(r)
        };
        let criteria_patterns = CriteriaPatterns {
            item: named(&c.item, &["n"])?,
            points: named(&c.points, &["n"])?,
            times: named(&c.times, &["var", "n"])?,
            tier: named(&c.tier, &["cond", "n"])?,
            award: named(&c.award, &["n"])?,
            per_item: named(&c.per_item, &["n"])?,
            per_point: named(&c.per_point, &["limit", "dir", "per"])?,
            zero_if: named(&c.zero_if, &["a", "op", "b"])?,
            zero_words: c.zero_words.clone(),
            alternative_words: c.alternative_words.clone(),
            tier_words: c.tier_words.clone(),
            judgement_words: c.judgement_words.clone(),
            self_words: c.self_words.iter().map(|w| squash(w)).collect(),
        };
        let mut out = RubricPatterns {
            variables,
            criteria: criteria_patterns,
            rubrics: Vec::new(),
        };
        // a rubric may extend another: build bases first, in any file order
        let mut pending: Vec<(&Source, RubricFile)> = Vec::new();
        for src in rubrics {
            let f: RubricFile = src.parse()?;
            if let Some((other, _)) = pending.iter().find(|(_, o)| o.id == f.id) {
                return Err(src.invalid(
                    &format!("id = \"{}\"", f.id),
                    format!("rubric id {:?} is also used by {}", f.id, other.name),
                ));
            }
            pending.push((src, f));
        }
        while !pending.is_empty() {
            let ready = pending
                .iter()
                .position(|(_, f)| f.extends.as_ref().is_none_or(|b| out.rubric(b).is_some()));
            let Some(i) = ready else {
                let (src, f) = &pending[0];
                let base = f.extends.clone().unwrap_or_default();
                return Err(src.invalid(
                    &format!("extends = \"{base}\""),
                    format!("extends {base:?}: no such rubric (or the extends form a loop)"),
                ));
            };
            let (src, f) = pending.remove(i);
            let base = f.extends.as_ref().and_then(|b| out.rubric(b)).cloned();
            let r = load_rubric(src, f, base.as_ref(), &out, figures)?;
            out.rubrics.push(r);
        }
        out.rubrics.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(out)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CriteriaFile {
    variable: Vec<VariableSpec>,
    criteria: CriteriaSpec,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VariableSpec {
    id: String,
    names: Vec<String>,
    values: Vec<String>,
    #[serde(default)]
    inferred: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CriteriaSpec {
    item: String,
    points: String,
    times: String,
    tier: String,
    award: String,
    per_item: String,
    per_point: String,
    zero_if: String,
    zero_words: Vec<String>,
    alternative_words: Vec<String>,
    tier_words: Vec<String>,
    judgement_words: Vec<String>,
    self_words: Vec<String>,
}

/// A number written as TOML integer, float or string (`2`, `0.7`, `"0.7"`).
#[derive(Deserialize, Clone, Debug)]
#[serde(untagged)]
enum Num {
    I(i64),
    F(f64),
    S(String),
}

impl Num {
    fn text(&self) -> String {
        match self {
            Num::I(i) => i.to_string(),
            Num::F(f) => f.to_string(),
            Num::S(s) => s.clone(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RubricFile {
    id: String,
    name: String,
    jurisdiction: String,
    #[serde(default)]
    source: String,
    years: Option<[u32; 2]>,
    /// Another rubric's id: its groups and indicators, with this file's
    /// groups and indicators replacing those of the same name.
    extends: Option<String>,
    #[serde(default)]
    band: Vec<BandSpec>,
    #[serde(default)]
    group: Vec<GroupSpec>,
    #[serde(default)]
    indicator: Vec<RuleSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BandSpec {
    grade: String,
    min: Num,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupSpec {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    points: Num,
    parent: Option<String>,
    /// False when the rubric's indicators under it are not all known.
    #[serde(default = "yes")]
    complete: bool,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TierSpec {
    /// `≥95%`, `90% ≤ x < 95%`; empty for a tier the scorer picks.
    #[serde(default)]
    when: String,
    score: Num,
}

/// An indicator, or one part of one.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    group: Option<String>,
    points: Option<Num>,
    kind: String,
    var: Option<String>,
    target: Option<Num>,
    limit: Option<Num>,
    direction: Option<String>,
    per: Option<Num>,
    unit: Option<Num>,
    step: Option<Num>,
    #[serde(default)]
    tiers: Vec<TierSpec>,
    #[serde(default)]
    shares: Vec<[Num; 2]>,
    zero_if: Option<String>,
    #[serde(default)]
    part: Vec<RuleSpec>,
}

fn load_rubric(
    src: &Source,
    f: RubricFile,
    base: Option<&Rubric>,
    rp: &RubricPatterns,
    figures: &FigurePatterns,
) -> Result<Rubric> {
    let num = |n: &Num, what: &str| -> Result<Decimal> {
        let t = n.text();
        Decimal::from_str(&t).map_err(|e| src.invalid(&t, format!("{what}: bad number {t:?}: {e}")))
    };
    let mut groups: Vec<(Group, bool)> = base
        .map(|b| {
            b.groups
                .iter()
                .map(|g| (g.clone(), b.complete.contains(&g.name)))
                .collect()
        })
        .unwrap_or_default();
    for g in &f.group {
        let new = Group {
            name: g.name.clone(),
            aliases: g.aliases.clone(),
            points: num(&g.points, "group points")?,
            parent: g.parent.clone(),
        };
        match groups.iter_mut().find(|(o, _)| o.name == g.name) {
            Some(slot) => *slot = (new, g.complete),
            None => groups.push((new, g.complete)),
        }
    }
    let complete: Vec<String> = groups.iter().filter(|(_, c)| *c).map(|(g, _)| g.name.clone()).collect();
    let groups: Vec<Group> = groups.into_iter().map(|(g, _)| g).collect();
    for g in &groups {
        if let Some(parent) = &g.parent {
            if !groups.iter().any(|p| p.name == *parent && p.parent.is_none()) {
                return Err(src.invalid(
                    &format!("parent = \"{parent}\""),
                    format!("group {:?}: parent {parent:?} is not a first-level group", g.name),
                ));
            }
        }
    }
    let mut indicators: Vec<Indicator> = base.map(|b| b.indicators.clone()).unwrap_or_default();
    for s in &f.indicator {
        let at = format!("name = \"{}\"", s.name);
        let group = s
            .group
            .clone()
            .ok_or_else(|| src.invalid(&at, format!("indicator {:?} has no group", s.name)))?;
        if !groups.iter().any(|g| g.name == group) {
            return Err(src.invalid(
                &at,
                format!("indicator {:?}: group {group:?} is not a [[group]]", s.name),
            ));
        }
        let points = s
            .points
            .as_ref()
            .ok_or_else(|| src.invalid(&at, format!("indicator {:?} has no points", s.name)))?;
        let points = num(points, "points")?;
        let rule = compile(s, src, rp, figures, &num)?;
        let most = rule.points();
        if most != points {
            return Err(src.invalid(
                &at,
                format!(
                    "indicator {:?} carries {points} points but its rule gives at most {most}",
                    s.name
                ),
            ));
        }
        let new = Indicator {
            name: s.name.clone(),
            aliases: s.aliases.clone(),
            group,
            points,
            rule,
            squashed: std::iter::once(&s.name).chain(&s.aliases).map(|n| squash(n)).collect(),
        };
        match indicators
            .iter_mut()
            .find(|o| o.is_named(&new.name) || new.aliases.iter().any(|a| o.is_named(a)))
        {
            Some(slot) => *slot = new,
            None => indicators.push(new),
        }
    }
    // points add up: indicators to their group, groups to their parent, first level to 100
    for g in groups.iter().filter(|g| complete.contains(&g.name)) {
        let under: Decimal = indicators
            .iter()
            .filter(|i| i.group == g.name)
            .map(|i| i.points)
            .chain(
                groups
                    .iter()
                    .filter(|c| c.parent.as_deref() == Some(&g.name))
                    .map(|c| c.points),
            )
            .sum();
        if under != g.points {
            return Err(src.invalid(
                &format!("name = \"{}\"", g.name),
                format!(
                    "group {:?} carries {} points but what it holds adds to {under} (set complete = false if the rubric lists only some)",
                    g.name, g.points
                ),
            ));
        }
    }
    let first: Decimal = groups.iter().filter(|g| g.parent.is_none()).map(|g| g.points).sum();
    if first != Decimal::ONE_HUNDRED {
        return Err(src.invalid("[[group]]", format!("first-level groups add to {first}, not 100")));
    }
    let mut bands = match (f.band.is_empty(), base) {
        (true, Some(b)) => b.bands.clone(),
        _ => Vec::new(),
    };
    for b in &f.band {
        bands.push(Band {
            grade: b.grade.clone(),
            min: num(&b.min, "band minimum")?,
            min_exclusive: false,
        });
    }
    Ok(Rubric {
        id: f.id,
        name: f.name,
        jurisdiction: f.jurisdiction,
        source: f.source,
        years: f.years.map(|[a, b]| (a, b)),
        groups,
        complete,
        indicators,
        bands,
        file: src.name.clone(),
    })
}

fn compile(
    s: &RuleSpec,
    src: &Source,
    rp: &RubricPatterns,
    figures: &FigurePatterns,
    num: &dyn Fn(&Num, &str) -> Result<Decimal>,
) -> Result<Rule> {
    let at = format!("name = \"{}\"", s.name);
    let bad = |what: String| src.invalid(&at, format!("{:?}: {what}", s.name));
    let need = |n: &Option<Num>, what: &str| -> Result<Decimal> {
        match n {
            Some(n) => num(n, what),
            None => Err(bad(format!("kind {:?} needs `{what}`", s.kind))),
        }
    };
    let expr = |e: &str| -> Result<Expr> {
        let x = Expr::parse(e).map_err(|m| src.invalid(e, m))?;
        for k in x.keys() {
            if rp.variable(k).is_none() && !figures.is_key(k) {
                return Err(src.invalid(
                    e,
                    format!("{k:?} is neither a variable of criteria.toml nor a figure key"),
                ));
            }
        }
        Ok(x)
    };
    let var = || -> Result<Expr> {
        match &s.var {
            Some(v) => expr(v),
            None => Err(bad(format!("kind {:?} needs `var`", s.kind))),
        }
    };
    let rule = match s.kind.as_str() {
        "judgement" => Rule::Judgement {
            points: need(&s.points, "points")?,
        },
        "steps" => Rule::Steps {
            points: need(&s.points, "points")?,
            step: need(&s.step, "step")?,
        },
        "proportional" | "reverse" => Rule::Proportional {
            points: need(&s.points, "points")?,
            var: var()?,
            target: match &s.target {
                Some(t) => num(t, "target")?,
                None => Decimal::ONE,
            },
            reverse: s.kind == "reverse",
        },
        "threshold" => Rule::Threshold {
            points: need(&s.points, "points")?,
            var: var()?,
            limit: need(&s.limit, "limit")?,
            above: match s.direction.as_deref() {
                None | Some("above") => true,
                Some("below") => false,
                Some(o) => return Err(bad(format!("direction {o:?} is neither \"above\" nor \"below\""))),
            },
            per: need(&s.per, "per")?,
            unit: match &s.unit {
                Some(u) => num(u, "unit")?,
                None => Decimal::new(1, 2),
            },
        },
        "tiers" => {
            if s.tiers.is_empty() {
                return Err(bad("kind \"tiers\" needs `tiers`".into()));
            }
            let mut tiers = Vec::new();
            for t in &s.tiers {
                let (lo, hi) = if t.when.trim().is_empty() {
                    (None, None)
                } else {
                    let (_, lo, hi) = criteria::range(&t.when)
                        .ok_or_else(|| src.invalid(&t.when, format!("cannot read the tier condition {:?}", t.when)))?;
                    (lo, hi)
                };
                tiers.push(Tier {
                    lo,
                    hi,
                    score: num(&t.score, "tier score")?,
                });
            }
            let var = match &s.var {
                Some(v) => Some(expr(v)?),
                None => None,
            };
            Rule::Tiers { var, tiers }
        }
        "bands" => {
            let mut shares = Vec::new();
            for [a, b] in &s.shares {
                shares.push((num(a, "share")?, num(b, "share")?));
            }
            if shares.is_empty() {
                return Err(bad("kind \"bands\" needs `shares`".into()));
            }
            Rule::Bands {
                points: need(&s.points, "points")?,
                shares,
            }
        }
        "sum" => {
            let mut parts = Vec::new();
            for p in &s.part {
                parts.push(Part {
                    name: p.name.clone(),
                    rule: compile(p, src, rp, figures, num)?,
                });
            }
            if parts.is_empty() {
                return Err(bad("kind \"sum\" needs [[…part]] tables".into()));
            }
            Rule::Sum(parts)
        }
        other => {
            return Err(bad(format!(
                "unknown kind {other:?} (judgement, steps, proportional, reverse, threshold, tiers, bands, sum)"
            )))
        }
    };
    Ok(match &s.zero_if {
        Some(c) => {
            let cond = Cond::parse(c).map_err(|m| src.invalid(c, m))?;
            for k in cond.keys() {
                if rp.variable(k).is_none() && !figures.is_key(k) {
                    return Err(src.invalid(c, format!("{k:?} is neither a variable nor a figure key")));
                }
            }
            Rule::ZeroIf {
                cond: Some(cond),
                text: c.clone(),
                rule: Box::new(rule),
            }
        }
        None => rule,
    })
}

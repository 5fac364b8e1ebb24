//! Scores each scorecard line: picks its rule (the printed criterion when it
//! states one, else the recognised library rubric's indicator), applies it to
//! the report's figures, and compares the claim with what the rule allows.
//! Also recognises which library rubric the scorecard follows.

use super::criteria;
use super::inputs::Figures;
use super::rule::{NoFigures, Outcome, Rule};
use super::target::{self, Judged};
use super::values::Values;
use crate::extract::scorecard::{ScoreLine, Scorecard};
use crate::extract::Facts;
use crate::num::{plain, Interval};
use crate::patterns::{IndicatorPatterns, Rubric, RubricPatterns};
use rust_decimal::Decimal;

/// Where a line's rule came from.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    /// The report's own printed criterion.
    Printed,
    /// A library rubric (its id and file).
    Library { id: String, file: String },
    /// No rule: bounded by the indicator's points only.
    Points,
}

/// How a claim compares with what the rule allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Some allowed score agrees with the claim (within rounding).
    Agrees,
    /// Above every score the rule allows given the figures.
    Above,
    /// Below every allowed score: a discretionary deduction.
    Below,
    /// Between allowed scores, none of which it is.
    Between,
    /// A tiered rule, and no tier gives the claim.
    NoTier,
    /// Above the indicator's points (SCORE.MAX) or no claim: not judged here.
    NotJudged,
}

/// One scorecard line, scored.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub origin: Origin,
    pub rule: Option<Rule>,
    /// The most the printed criterion gives, when above the indicator's points.
    pub printed_max: Option<Decimal>,
    /// What the rule allows whatever the figures (within the points).
    pub all: Values,
    /// What it allows given the report's figures (within the points).
    pub allowed: Values,
    pub outcome: Outcome,
    pub verdict: Verdict,
    pub recomputed: Option<Decimal>,
}

impl Origin {
    /// Where the rule came from, for messages: `报告所印评分标准`,
    /// `评分办法 shenzhen-municipal`.
    pub fn describe(&self) -> String {
        match self {
            Origin::Printed => "报告所印评分标准".to_string(),
            Origin::Library { id, .. } => format!("评分办法 {id}"),
            Origin::Points => "分值".to_string(),
        }
    }
}

impl Assessment {
    /// `scores.csv` basis: where the rule came from, the figures used, the
    /// range allowed.
    pub fn basis(&self) -> String {
        let from = match &self.origin {
            Origin::Printed => "评分标准".to_string(),
            Origin::Library { id, .. } => format!("rubric {id}"),
            Origin::Points => "分值".to_string(),
        };
        let mut parts = vec![from];
        parts.extend(self.outcome.steps.iter().cloned());
        parts.push(format!("允许 {}", self.allowed.describe()));
        parts.join("；")
    }
}

/// Every line of every scorecard, scored, and the rubric recognised.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scoring {
    /// The library rubric the (first) scorecard follows.
    pub rubric: Option<String>,
    /// Per scorecard, per line.
    pub cards: Vec<Vec<Assessment>>,
    /// The sum of the first scorecard's recomputed scores, when every line
    /// has one.
    pub total: Option<Decimal>,
    /// Each performance-indicator row (`Facts::indicators`) judged.
    pub indicators: Vec<Judged>,
}

impl Scoring {
    pub fn score(facts: &Facts, p: &RubricPatterns, ip: &IndicatorPatterns) -> Scoring {
        let rubric = facts.scorecards.first().and_then(|c| recognise(c, p));
        let env = Figures {
            figures: &facts.figures,
            patterns: p,
        };
        let cards: Vec<Vec<Assessment>> = facts
            .scorecards
            .iter()
            .map(|c| c.lines.iter().map(|l| assess(l, rubric, &env, p)).collect())
            .collect();
        let total = cards.first().and_then(|lines| {
            let mut sum = Decimal::ZERO;
            for a in lines {
                sum += a.recomputed?;
            }
            (!lines.is_empty()).then_some(sum)
        });
        Scoring {
            rubric: rubric.map(|r| r.id.clone()),
            cards,
            total,
            indicators: facts.indicators.iter().map(|r| target::judge(r, ip)).collect(),
        }
    }

    /// Every scorecard line of `facts` with its assessment, in report order.
    pub fn lines<'a>(&'a self, facts: &'a Facts) -> impl Iterator<Item = (&'a ScoreLine, &'a Assessment)> + 'a {
        facts
            .scorecards
            .iter()
            .zip(&self.cards)
            .flat_map(|(card, scored)| card.lines.iter().zip(scored))
    }
}

/// The library rubric whose indicators (by name, with the same points) make
/// up most of the scorecard; at least 60% of its lines must match. A line
/// under a group the rubric leaves open (its indicators vary by report, as
/// the MOF table's 产出指标) matches by the group's name.
pub fn recognise<'a>(card: &Scorecard, p: &'a RubricPatterns) -> Option<&'a Rubric> {
    let n = card.lines.len();
    if n == 0 {
        return None;
    }
    let mut best: Option<(usize, &Rubric)> = None;
    // each line's group names squashed once, not once per rubric and group
    let levels: Vec<[String; 2]> = card
        .lines
        .iter()
        .map(|l| [criteria::squash(&l.level1), criteria::squash(&l.level2)])
        .collect();
    for r in &p.rubrics {
        let open_groups: Vec<(String, &_)> = r
            .groups
            .iter()
            .filter(|g| !r.complete.contains(&g.name))
            .map(|g| (criteria::squash(&g.name), g))
            .collect();
        let hits = card
            .lines
            .iter()
            .zip(&levels)
            .filter(|(l, squashed)| {
                let named = r
                    .indicator(&l.indicator)
                    .is_some_and(|i| l.points.as_ref().is_some_and(|pts| pts.value == i.points));
                named
                    || open_groups.iter().any(|(name, g)| {
                        [&l.level1, &l.level2]
                            .iter()
                            .zip(squashed.iter())
                            .any(|(n, sq)| sq == name || g.aliases.contains(n))
                    })
            })
            .count();
        if hits * 10 >= n * 6 && best.is_none_or(|(b, _)| hits > b) {
            best = Some((hits, r));
        }
    }
    best.map(|(_, r)| r)
}

fn assess(l: &ScoreLine, rubric: Option<&Rubric>, env: &Figures, p: &RubricPatterns) -> Assessment {
    let points = l.points.as_ref().map(|x| x.value);
    let printed = criteria::parse(&l.criterion, &l.indicator, points, p);
    let (origin, rule) = match (printed, rubric.and_then(|r| r.indicator(&l.indicator).map(|i| (r, i)))) {
        (Some(rule), _) => (Origin::Printed, Some(rule)),
        (None, Some((r, i))) if points.is_none_or(|p| p == i.points) => (
            Origin::Library {
                id: r.id.clone(),
                file: r.file.clone(),
            },
            Some(i.rule.clone()),
        ),
        _ => (Origin::Points, None),
    };
    let cap = |v: Values| match points {
        Some(p) => {
            let w = v.within(Decimal::ZERO, p);
            if w.is_empty() {
                Values::range(Decimal::ZERO, p)
            } else {
                w
            }
        }
        None => v,
    };
    let (printed_max, all, outcome) = match &rule {
        Some(r) => {
            let most = r.points();
            let over = (origin == Origin::Printed && points.is_some_and(|p| most > p)).then_some(most);
            (over, cap(r.eval(&NoFigures).values), r.eval(env))
        }
        None => (
            None,
            points.map(|p| Values::range(Decimal::ZERO, p)).unwrap_or_default(),
            Outcome::default(),
        ),
    };
    let allowed = if rule.is_some() {
        cap(outcome.values.clone())
    } else {
        all.clone()
    };
    let claim = l.claimed.as_ref().map(|c| c.awarded());
    let verdict = judge(claim, points, &all, &allowed);
    let recomputed = l.claimed.as_ref().and_then(|c| match verdict {
        Verdict::Agrees | Verdict::Below => Some(c.value),
        Verdict::NotJudged => None,
        _ => allowed.single().or_else(|| allowed.at_or_below(c.value)).map(round2),
    });
    Assessment {
        origin,
        rule,
        printed_max,
        all,
        allowed,
        outcome,
        verdict,
        recomputed,
    }
}

fn judge(claim: Option<Interval>, points: Option<Decimal>, all: &Values, allowed: &Values) -> Verdict {
    let Some(c) = claim else { return Verdict::NotJudged };
    if points.is_some_and(|p| c.lo > p) || all.is_empty() {
        return Verdict::NotJudged;
    }
    if all.is_discrete() && !all.meets(c) {
        return Verdict::NoTier;
    }
    if allowed.meets(c) {
        return Verdict::Agrees;
    }
    match (allowed.min(), allowed.max()) {
        (_, Some(hi)) if c.lo > hi => Verdict::Above,
        (Some(lo), _) if c.hi < lo => Verdict::Below,
        _ => Verdict::Between,
    }
}

/// A recomputed score as scorecards print them, to 2 decimals.
fn round2(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// A score for messages: `1.94`.
pub fn show(d: Decimal) -> String {
    plain(d.round_dp(4))
}

//! Scoring rules (rubrics.md §6) and what each allows given the report's
//! figures: proportional (capped), reverse proportional, threshold with a
//! per-point deduction, tiers, checklists of steps, qualitative bands,
//! judgement ranges, zero-if conditions and sums of parts.

use super::expr::{Cond, Expr};
use super::values::Values;
use crate::num::{plain, Interval};
use rust_decimal::Decimal;

/// One bound of a tier: the value and whether it belongs to the tier.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    pub value: Decimal,
    pub inclusive: bool,
}

/// A tier: scores `score` when the variable lies between its bounds.
#[derive(Debug, Clone, PartialEq)]
pub struct Tier {
    pub lo: Option<Bound>,
    pub hi: Option<Bound>,
    pub score: Decimal,
}

impl Tier {
    /// Some value of `x` lies in the tier.
    fn admits(&self, x: Interval) -> bool {
        let above_lo = self
            .lo
            .is_none_or(|b| if b.inclusive { x.hi >= b.value } else { x.hi > b.value });
        let below_hi = self
            .hi
            .is_none_or(|b| if b.inclusive { x.lo <= b.value } else { x.lo < b.value });
        above_lo && below_hi
    }

    /// `90% ≤ x < 95%`.
    pub fn describe(&self) -> String {
        let pct = |d: Decimal| format!("{}%", plain(d * Decimal::ONE_HUNDRED));
        let lo = self
            .lo
            .map(|b| format!("{} {} ", pct(b.value), if b.inclusive { "≤" } else { "<" }))
            .unwrap_or_default();
        let hi = self
            .hi
            .map(|b| format!(" {} {}", if b.inclusive { "≤" } else { "<" }, pct(b.value)))
            .unwrap_or_default();
        format!("{lo}x{hi} → {}", plain(self.score))
    }
}

/// How an indicator (or one part of it) earns its points.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// At the scorer's judgement (`酌情扣分`, a sub-item's `(1分)` with no
    /// formula): anything from 0 to the points.
    Judgement { points: Decimal },
    /// Checklist: `points − k·step`, floored at 0 (`一项扣1分，扣完为止`), or
    /// `step` per condition met.
    Steps { points: Decimal, step: Decimal },
    /// `points × min(1, x / target)`; reverse: `points × min(1, target / x)`.
    Proportional {
        points: Decimal,
        var: Expr,
        target: Decimal,
        reverse: bool,
    },
    /// Full points while `x` is within `limit`; beyond it, `per` points off
    /// for every `unit` (0.01 = a percentage point), floored at 0. `above`:
    /// the deduction applies above the limit (else below).
    Threshold {
        points: Decimal,
        var: Expr,
        limit: Decimal,
        above: bool,
        per: Decimal,
        unit: Decimal,
    },
    /// Stepped bands on `var` (none: qualitative tiers chosen by the scorer).
    Tiers { var: Option<Expr>, tiers: Vec<Tier> },
    /// Qualitative bands as shares of the points (`80–100%` achieved …).
    Bands {
        points: Decimal,
        shares: Vec<(Decimal, Decimal)>,
    },
    /// Parts, each with its own rule, added up.
    Sum(Vec<Part>),
    /// 0 when the condition holds (`如实际采购金额大于采购计划金额，本项得0分`),
    /// else the inner rule; `cond: None` is a condition no figure can decide
    /// (`发生违规支出的，本项得0分`), which only adds 0 to what is allowed.
    ZeroIf {
        cond: Option<Cond>,
        text: String,
        rule: Box<Rule>,
    },
}

/// A named part of a sum.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub name: String,
    pub rule: Rule,
}

/// One input as the report states it.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    pub value: Interval,
    /// The figures behind it only hold under the usual reading of the rule.
    pub inferred: bool,
    /// How it was found, with the figures used and their lines:
    /// `procurement.actual = 10.39 亿元（实际采购支出 10.39 亿元 第270行）`.
    pub how: String,
}

/// Resolves a rule's variables and keys to the report's figures.
pub trait Env {
    fn get(&self, name: &str) -> Option<Input>;
}

/// No figures: what a rule allows whatever the report states.
pub struct NoFigures;

impl Env for NoFigures {
    fn get(&self, _: &str) -> Option<Input> {
        None
    }
}

/// What a rule allows, and why.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outcome {
    pub values: Values,
    /// Inputs that narrowed the result, by name.
    pub used: Vec<(String, Input)>,
    /// One line per step that used a figure.
    pub steps: Vec<String>,
}

impl Outcome {
    pub fn inferred(&self) -> bool {
        self.used.iter().any(|(_, i)| i.inferred)
    }
}

impl Rule {
    /// The most the rule can give.
    pub fn points(&self) -> Decimal {
        self.eval(&NoFigures).values.max().unwrap_or_default()
    }

    /// The rule in one line: `procurement.rate × 1分（procurement.actual >
    /// procurement.budget 时 0 分） + 酌情 0–1分`.
    pub fn describe(&self) -> String {
        let p = |d: &Decimal| plain(*d);
        match self {
            Rule::Judgement { points } => format!("酌情 0–{}分", p(points)),
            Rule::Steps { points, step } => format!("{}分，每项扣{}分", p(points), p(step)),
            Rule::Proportional {
                points,
                var,
                target,
                reverse,
            } => {
                let t = if *target == Decimal::ONE {
                    String::new()
                } else {
                    format!("（目标 {}）", show(Interval::exact(*target)))
                };
                let how = if *reverse { "反向比例" } else { "×" };
                format!("{} {how} {}分{t}", show_expr(var), p(points))
            }
            Rule::Threshold {
                points,
                var,
                limit,
                above,
                per,
                unit,
            } => format!(
                "{}分：{} {} {} 起每{}扣{}分",
                p(points),
                show_expr(var),
                if *above { "超出" } else { "低于" },
                show(Interval::exact(*limit)),
                show(Interval::exact(*unit)),
                p(per)
            ),
            Rule::Tiers { var, tiers } => {
                let ts: Vec<String> = tiers
                    .iter()
                    .map(|t| match (&t.lo, &t.hi) {
                        (None, None) => p(&t.score),
                        _ => t.describe(),
                    })
                    .collect();
                match var {
                    Some(v) => format!("{} 分档：{}", show_expr(v), ts.join("；")),
                    None => format!("分档 {{{}}}", ts.join(", ")),
                }
            }
            Rule::Bands { points, shares } => {
                let b: Vec<String> = shares.iter().map(|(a, b)| format!("{}–{}", p(a), p(b))).collect();
                format!("{}分 × 档位 [{}]", p(points), b.join(", "))
            }
            Rule::Sum(parts) => parts
                .iter()
                .map(|x| format!("{}：{}", x.name, x.rule.describe()))
                .collect::<Vec<_>>()
                .join(" + "),
            Rule::ZeroIf { text, rule, .. } => format!("{}（{text} → 0）", rule.describe()),
        }
    }

    /// Every score the rule allows given the report's figures.
    pub fn eval(&self, env: &dyn Env) -> Outcome {
        let mut out = Outcome::default();
        out.values = self.eval_into(env, &mut out);
        out
    }

    fn eval_into(&self, env: &dyn Env, out: &mut Outcome) -> Values {
        let zero = Decimal::ZERO;
        match self {
            Rule::Judgement { points } => Values::range(zero, *points),
            Rule::Steps { points, step } => {
                let mut v = vec![Interval::exact(zero)];
                let mut s = *points;
                while s > zero && *step > zero && v.len() < 1000 {
                    v.push(Interval::exact(s));
                    s -= *step;
                }
                Values::of(v)
            }
            Rule::Proportional {
                points,
                var,
                target,
                reverse,
            } => {
                let Some(x) = value(var, env, out) else {
                    return Values::range(zero, *points);
                };
                let f = |r: Decimal| (*points * r.min(Decimal::ONE)).max(zero);
                let v = if *reverse {
                    let Some(q) = Interval::exact(*target).divided_by(x) else {
                        return Values::range(zero, *points);
                    };
                    Values::range(f(q.lo), f(q.hi))
                } else if *target > zero {
                    Values::range(f(x.lo / target), f(x.hi / target))
                } else {
                    Values::range(zero, *points)
                };
                out.steps.push(format!(
                    "{} × {} 分{} → {}",
                    show(x),
                    plain(*points),
                    if *reverse { "（反向）" } else { "" },
                    v.describe()
                ));
                v
            }
            Rule::Threshold {
                points,
                var,
                limit,
                above,
                per,
                unit,
            } => {
                let Some(x) = value(var, env, out) else {
                    return Values::range(zero, *points);
                };
                let score = |x: Decimal| {
                    let over = if *above { x - limit } else { limit - x };
                    if over <= zero || *unit <= zero {
                        *points
                    } else {
                        (*points - *per * over / *unit).max(zero)
                    }
                };
                let (a, b) = (score(x.lo), score(x.hi));
                let v = Values::range(a.min(b), a.max(b));
                out.steps.push(format!(
                    "{} {} {}，每{}扣{}分 → {}",
                    show(x),
                    if *above { "超出" } else { "低于" },
                    show(Interval::exact(*limit)),
                    show(Interval::exact(*unit)),
                    plain(*per),
                    v.describe()
                ));
                v
            }
            Rule::Tiers { var, tiers } => {
                let all = Values::of(tiers.iter().map(|t| Interval::exact(t.score)));
                let Some(x) = var.as_ref().and_then(|v| value(v, env, out)) else {
                    return all;
                };
                let hit: Vec<&Tier> = tiers.iter().filter(|t| t.admits(x)).collect();
                if hit.is_empty() {
                    return all;
                }
                let v = Values::of(hit.iter().map(|t| Interval::exact(t.score)));
                out.steps.push(format!(
                    "{} 落在 {} → {}",
                    show(x),
                    hit.iter().map(|t| t.describe()).collect::<Vec<_>>().join("；"),
                    v.describe()
                ));
                v
            }
            Rule::Bands { points, shares } => Values::of(shares.iter().map(|(lo, hi)| Interval {
                lo: *points * lo,
                hi: *points * hi,
            })),
            Rule::Sum(parts) => {
                let mut acc = Values::point(zero);
                for p in parts {
                    acc = acc.plus(&p.rule.eval_into(env, out));
                }
                acc
            }
            Rule::ZeroIf { cond, text, rule } => {
                let decided = cond.as_ref().and_then(|c| {
                    let key = |k: &str| {
                        let i = env.get(k)?;
                        Some(i.value)
                    };
                    let r = c.holds(&key)?;
                    for k in c.keys() {
                        if let Some(i) = env.get(k) {
                            note(out, k, i);
                        }
                    }
                    Some(r)
                });
                match decided {
                    Some(true) => {
                        out.steps.push(format!("{text} → 0"));
                        Values::point(zero)
                    }
                    Some(false) => rule.eval_into(env, out),
                    None => rule.eval_into(env, out).union(&Values::point(zero)),
                }
            }
        }
    }
}

fn note(out: &mut Outcome, name: &str, i: Input) {
    if !out.used.iter().any(|(n, _)| n == name) {
        out.used.push((name.to_string(), i));
    }
}

/// The value of an expression over the report's inputs, noting each used.
fn value(e: &Expr, env: &dyn Env, out: &mut Outcome) -> Option<Interval> {
    let key = |k: &str| env.get(k).map(|i| i.value);
    let v = e.eval(&key)?;
    for k in e.keys() {
        if let Some(i) = env.get(k) {
            note(out, k, i);
        }
    }
    Some(v)
}

fn show_expr(e: &Expr) -> String {
    e.to_string()
}

/// A fraction as a percentage, or a number, to 4 significant decimals.
pub fn show(x: Interval) -> String {
    let pct = |d: Decimal| plain((d * Decimal::ONE_HUNDRED).round_dp(2));
    if x.lo == x.hi {
        format!("{}%", pct(x.lo))
    } else {
        format!("{}%–{}%", pct(x.lo), pct(x.hi))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    struct Figs(BTreeMap<&'static str, Interval>);

    impl Env for Figs {
        fn get(&self, name: &str) -> Option<Input> {
            self.0.get(name).map(|v| Input {
                value: *v,
                inferred: false,
                how: String::new(),
            })
        }
    }

    fn figs(pairs: &[(&'static str, &str)]) -> Figs {
        Figs(
            pairs
                .iter()
                .map(|(k, v)| {
                    let p = crate::num::Printed::parse(v).unwrap();
                    (*k, p.interval())
                })
                .collect(),
        )
    }

    fn key(k: &str) -> Expr {
        Expr::Key(k.into())
    }

    fn tier(lo: Option<(&str, bool)>, hi: Option<(&str, bool)>, score: &str) -> Tier {
        let b = |x: Option<(&str, bool)>| x.map(|(v, inclusive)| Bound { value: d(v), inclusive });
        Tier {
            lo: b(lo),
            hi: b(hi),
            score: d(score),
        }
    }

    #[test]
    fn proportional_capped_and_reverse() {
        let r = Rule::Proportional {
            points: d("10"),
            var: key("x"),
            target: d("1"),
            reverse: false,
        };
        // MOF 预算执行率 × 10, capped: 79.83% → 7.98
        let v = r.eval(&figs(&[("x", "0.7983")])).values;
        assert!(v.meets(Interval::exact(d("7.983"))) && !v.meets(Interval::exact(d("8"))));
        assert_eq!(r.eval(&figs(&[("x", "1.19")])).values.single(), Some(d("10")));
        assert_eq!(r.eval(&NoFigures).values.describe(), "[0, 10]");
        let rev = Rule::Proportional {
            points: d("5"),
            var: key("x"),
            target: d("0.02"),
            reverse: true,
        };
        // lower is better: 4% against a 2% target gives half
        assert_eq!(
            rev.eval(&figs(&[("x", "0.04000")])).values.max().unwrap().round_dp(3),
            d("2.5")
        );
    }

    #[test]
    fn threshold_per_point() {
        // 调整、调剂资金 within 10%: 1 point; 0.1 off per point beyond
        let r = Rule::Threshold {
            points: d("1"),
            var: key("x"),
            limit: d("0.10"),
            above: true,
            per: d("0.1"),
            unit: d("0.01"),
        };
        assert_eq!(r.eval(&figs(&[("x", "0.1500")])).values.describe(), "[0.4995, 0.5005]");
        assert_eq!(r.eval(&figs(&[("x", "0.6919")])).values.single(), Some(d("0")));
        assert_eq!(r.eval(&figs(&[("x", "0.0800")])).values.single(), Some(d("1")));
    }

    #[test]
    fn tiers_steps_bands_and_sums() {
        // 固定资产利用率 tiers
        let t = Rule::Tiers {
            var: Some(key("x")),
            tiers: vec![
                tier(Some(("0.90", true)), None, "1"),
                tier(Some(("0.75", true)), Some(("0.90", false)), "0.7"),
                tier(Some(("0.60", true)), Some(("0.75", false)), "0.4"),
                tier(None, Some(("0.60", false)), "0"),
            ],
        };
        assert_eq!(t.eval(&NoFigures).values.describe(), "{0, 0.4, 0.7, 1}");
        assert!(t.eval(&NoFigures).values.is_discrete());
        assert_eq!(t.eval(&figs(&[("x", "0.8")])).values.describe(), "{0.7}");
        // 89.96% printed as 90.0% sits on a boundary: both tiers stay possible
        assert_eq!(t.eval(&figs(&[("x", "0.900")])).values.describe(), "{0.7, 1}");
        let steps = Rule::Steps {
            points: d("8"),
            step: d("4"),
        };
        assert_eq!(steps.eval(&NoFigures).values.describe(), "{0, 4, 8}");
        let bands = Rule::Bands {
            points: d("10"),
            shares: vec![(d("0.8"), d("1")), (d("0.6"), d("0.8")), (d("0"), d("0.6"))],
        };
        assert_eq!(bands.eval(&NoFigures).values.describe(), "[0, 10]");
        // 政府采购执行率×1分 (0 if over plan) + 政策功能 (1分, judgement)
        let sum = Rule::Sum(vec![
            Part {
                name: "执行率".into(),
                rule: Rule::ZeroIf {
                    cond: Some(Cond::parse("a > b").unwrap()),
                    text: "a > b".into(),
                    rule: Box::new(Rule::Proportional {
                        points: d("1"),
                        var: Expr::parse("a / b").unwrap(),
                        target: d("1"),
                        reverse: false,
                    }),
                },
            },
            Part {
                name: "政策功能".into(),
                rule: Rule::Judgement { points: d("1") },
            },
        ]);
        let over = sum.eval(&figs(&[("a", "10.39"), ("b", "8.7")]));
        assert_eq!(over.values.describe(), "[0, 1]");
        assert_eq!(over.used.len(), 2);
        let under = sum.eval(&figs(&[("a", "2188.60"), ("b", "2332.60")]));
        assert!(!under.values.meets(Interval::exact(d("2"))));
        assert_eq!(sum.eval(&NoFigures).values.describe(), "[0, 2]");
        assert_eq!(sum.points(), d("2"));
    }
}

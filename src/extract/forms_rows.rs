//! The rows a self-evaluation form contributes to the outputs: its
//! projects.csv row, its score lines (the money row included), its indicator
//! rows and its money cells as keyed figures (`form.budget.initial`,
//! `form.budget.annual`, `form.spent`, `form.rate`), each with `part`.

use crate::check::form_indicator::{judge, Met};
use crate::check::form_score::{money_expected, money_points};
use crate::check::{Finding, Severity};
use crate::extract::forms::{Form, MoneyRow};
use crate::num::{plain, Printed};
use crate::output::{FigureRow, IndicatorRow, ProjectRow, ScoreRow};
use crate::pipeline::Analysis;
use rust_decimal::Decimal;

/// What one form adds.
pub struct FormRows {
    pub project: ProjectRow,
    pub scores: Vec<ScoreRow>,
    pub indicators: Vec<IndicatorRow>,
    pub figures: Vec<FigureRow>,
}

fn yuan(p: &Option<Printed>, f: &Form) -> String {
    p.as_ref()
        .map(|x| plain(crate::num::mul(x.value, f.factor)))
        .unwrap_or_default()
}

fn raw(p: &Option<Printed>) -> String {
    p.as_ref().map(|x| x.raw.clone()).unwrap_or_default()
}

pub fn rows(file: &str, f: &Form, a: &Analysis, findings: &[&Finding]) -> FormRows {
    let part = f.part().to_string();
    let section = |i: usize| a.outline.canonical_at(i).unwrap_or("").to_string();
    let mut figures = Vec::new();
    for m in &f.money {
        money_figures(file, f, m, &part, section(m.index), &mut figures);
    }
    for b in &f.sources {
        for (label, at) in b.total.iter().chain(b.sources.iter()) {
            figures.push(FigureRow {
                file: file.to_string(),
                section: section(at.index),
                key: String::new(),
                label: format!("{} {label}", b.heading),
                value: plain(crate::num::mul(at.printed.value, f.factor)),
                unit: f.money_unit.clone(),
                raw: at.printed.raw.clone(),
                page: at.page,
                line: Some(at.line),
                part: part.clone(),
                ..Default::default()
            });
        }
    }
    // the scores of a form's blocks and the points of its level-1 rows
    for (list, what) in [(&f.block_scores, "得分"), (&f.level_points, "分值")] {
        for (name, at) in list {
            figures.push(FigureRow {
                file: file.to_string(),
                section: section(at.index),
                label: format!("{name} {what}"),
                value: plain(at.printed.value),
                unit: "分".into(),
                raw: at.printed.raw.clone(),
                page: at.page,
                line: Some(at.line),
                part: part.clone(),
                ..Default::default()
            });
        }
    }
    let mut scores = Vec::new();
    if let Some(t) = f.total_row() {
        if t.score.is_some() || t.points.is_some() {
            let exp = money_expected(f).map(|e| plain(e.1.round_dp(2))).unwrap_or_default();
            scores.push(ScoreRow {
                file: file.to_string(),
                rubric: f.variant.clone(),
                level1: "预算执行".into(),
                level2: String::new(),
                indicator: format!("{} 预算执行率", t.label),
                points: t
                    .points
                    .as_ref()
                    .map(|p| p.raw.clone())
                    .or_else(|| money_points(f).map(plain))
                    .unwrap_or_default(),
                claimed: raw(&t.score),
                recomputed: exp.clone(),
                basis: if exp.is_empty() {
                    String::new()
                } else {
                    "执行率×分值（不超过分值）".into()
                },
                page: t.page,
                line: Some(t.line),
                part: part.clone(),
            });
        }
    }
    let mut indicators = Vec::new();
    let mut missed = 0;
    for r in &f.indicators {
        let (met, _, _) = judge(r);
        if met == Met::No {
            missed += 1;
        }
        indicators.push(IndicatorRow {
            file: file.to_string(),
            level1: r.level1.clone(),
            level2: r.level2.clone(),
            indicator: r.name.clone(),
            target: r.target.clone(),
            actual: r.actual.clone(),
            met: met.as_str().to_string(),
            page: r.page,
            line: Some(r.line),
            part: part.clone(),
        });
        if r.points.is_some() || r.score.is_some() || r.folded.is_some() {
            let (claimed, recomputed, basis) = match (&r.folded, &r.weight, &r.score) {
                (Some(x), Some(w), Some(s)) => (
                    x.raw.clone(),
                    plain((crate::num::mul(s.value, w.value) / Decimal::ONE_HUNDRED).round_dp(2)),
                    "单项得分×权重".to_string(),
                ),
                _ => (raw(&r.score), String::new(), String::new()),
            };
            scores.push(ScoreRow {
                file: file.to_string(),
                rubric: f.variant.clone(),
                level1: r.level1.clone(),
                level2: r.level2.clone(),
                indicator: r.name.clone(),
                points: raw(&r.points).if_empty(|| raw(&r.weight)),
                claimed,
                recomputed,
                basis,
                page: r.page,
                line: Some(r.line),
                part: part.clone(),
            });
        }
        for (what, p) in [
            ("分值", &r.points),
            ("得分", &r.score),
            ("权重", &r.weight),
            ("折算得分", &r.folded),
        ] {
            if let Some(p) = p {
                figures.push(FigureRow {
                    file: file.to_string(),
                    section: section(r.index),
                    label: format!("{} {what}", r.name).trim_start().to_string(),
                    value: plain(p.value),
                    unit: "分".into(),
                    raw: p.raw.clone(),
                    page: r.page,
                    line: Some(r.line),
                    part: part.clone(),
                    ..Default::default()
                });
            }
        }
        if let Some(c) = &r.coef {
            figures.push(FigureRow {
                file: file.to_string(),
                section: section(r.index),
                label: format!("{} 得分系数", r.name).trim_start().to_string(),
                value: plain(c.fraction()),
                unit: "%".into(),
                raw: format!("{}%", c.printed.raw),
                page: r.page,
                line: Some(r.line),
                part: part.clone(),
                ..Default::default()
            });
        }
        for (what, t) in [("年度指标值", &r.target), ("实际完成值", &r.actual)] {
            if t.chars().any(|c| c.is_ascii_digit()) && t.chars().count() <= 24 {
                figures.push(FigureRow {
                    file: file.to_string(),
                    section: section(r.index),
                    label: format!("{} {what}", r.name).trim_start().to_string(),
                    raw: t.clone(),
                    page: r.page,
                    line: Some(r.line),
                    part: part.clone(),
                    ..Default::default()
                });
            }
        }
    }
    let scored: Vec<_> = f.indicators.iter().filter(|r| r.score.is_some()).collect();
    let recomputed_total = if scored.is_empty() {
        String::new()
    } else {
        // checked: a score past the decimal range is left out, never a panic
        let mut s = scored
            .iter()
            .filter_map(|r| r.folded.as_ref().or(r.score.as_ref()))
            .fold(Decimal::ZERO, |acc, p| acc.checked_add(p.value).unwrap_or(acc));
        if f.money_in_total {
            if let Some(ms) = f.total_row().and_then(|t| t.score.as_ref()) {
                s = s.checked_add(ms.value).unwrap_or(s);
            }
        }
        plain(s)
    };
    if let Some(t) = &f.total_score {
        let mut row = FigureRow {
            file: file.to_string(),
            section: section(t.index),
            label: "总分 得分".into(),
            value: plain(t.printed.value),
            unit: "分".into(),
            raw: t.printed.raw.clone(),
            page: t.page,
            line: Some(t.line),
            part: part.clone(),
            ..Default::default()
        };
        figures.push(row.clone());
        if let Some(p) = &f.total_points {
            row.label = "总分 分值".into();
            row.value = plain(p.printed.value);
            row.raw = p.printed.raw.clone();
            figures.push(row);
        }
    }
    let t = f.total_row();
    let rate_recomputed = t
        .and_then(|t| match (&t.spent, &t.annual) {
            (Some(s), Some(a)) if a.value > Decimal::ZERO => s.value.checked_div(a.value),
            _ => None,
        })
        .map(|v| plain(v.round_dp(6)))
        .unwrap_or_default();
    let project = ProjectRow {
        file: file.to_string(),
        department: if f.unit.is_empty() {
            f.department.clone()
        } else {
            f.unit.clone()
        },
        year: f.year.clone(),
        part: part.clone(),
        form: f.variant.clone(),
        authority: f.authority.clone(),
        budget_initial: t.map(|t| yuan(&t.initial, f)).unwrap_or_default(),
        budget_annual: t.map(|t| yuan(&t.annual, f)).unwrap_or_default(),
        spent: t.map(|t| yuan(&t.spent, f)).unwrap_or_default(),
        rate_claimed: t
            .and_then(|t| t.rate.as_ref())
            .map(|r| plain(r.fraction()))
            .unwrap_or_default(),
        rate_recomputed,
        money_points: money_points(f).map(plain).unwrap_or_default(),
        money_score: t.map(|t| raw(&t.score)).unwrap_or_default(),
        points_total: f
            .total_points
            .as_ref()
            .map(|p| p.printed.raw.clone())
            .unwrap_or_default(),
        claimed_total: f
            .total_score
            .as_ref()
            .map(|p| p.printed.raw.clone())
            .unwrap_or_default(),
        recomputed_total,
        indicators: f.indicators.len(),
        indicators_missed: missed,
        errors: findings.iter().filter(|x| x.severity == Severity::Error).count(),
        warnings: findings.iter().filter(|x| x.severity == Severity::Warning).count(),
        page: a.doc.as_ref().and_then(|d| f.page(d)),
        line: a.doc.as_ref().and_then(|d| d.lines.get(f.start)).map(|l| l.line),
    };
    FormRows {
        project,
        scores,
        indicators,
        figures,
    }
}

trait IfEmpty {
    fn if_empty(self, f: impl FnOnce() -> String) -> String;
}

impl IfEmpty for String {
    fn if_empty(self, f: impl FnOnce() -> String) -> String {
        if self.is_empty() {
            f()
        } else {
            self
        }
    }
}

fn money_figures(file: &str, f: &Form, m: &MoneyRow, part: &str, section: String, out: &mut Vec<FigureRow>) {
    let total = m.kind == crate::extract::forms::MoneyKind::Total;
    let key = |k: &str| if total { k.to_string() } else { String::new() };
    let cells: [(&str, String, &Option<Printed>); 5] = [
        ("年初预算数", key("form.budget.initial"), &m.initial),
        ("全年预算数", key("form.budget.annual"), &m.annual),
        ("全年执行数", key("form.spent"), &m.spent),
        ("分值", String::new(), &m.points),
        ("得分", String::new(), &m.score),
    ];
    for (i, (what, key, p)) in cells.into_iter().enumerate() {
        let Some(p) = p else { continue };
        let money = i < 3;
        out.push(FigureRow {
            file: file.to_string(),
            section: section.clone(),
            key,
            label: format!("{} {what}", m.label),
            value: if money {
                plain(crate::num::mul(p.value, f.factor))
            } else {
                plain(p.value)
            },
            unit: if money { f.money_unit.clone() } else { "分".into() },
            raw: p.raw.clone(),
            page: m.page,
            line: Some(m.line),
            part: part.to_string(),
            ..Default::default()
        });
    }
    if let Some(r) = &m.rate {
        out.push(FigureRow {
            file: file.to_string(),
            section,
            key: if total { "form.rate".into() } else { String::new() },
            label: format!("{} 执行率", m.label),
            value: plain(r.fraction()),
            unit: if r.percent { "%".into() } else { String::new() },
            raw: format!("{}{}", r.printed.raw, if r.percent { "%" } else { "" }),
            page: m.page,
            line: Some(m.line),
            part: part.to_string(),
            ..Default::default()
        });
    }
}

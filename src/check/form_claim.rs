//! CLAIM.CONFLICT between a self-evaluation form and the report prose around
//! it: the prose states the project's budget, spending, execution rate or
//! self-evaluation score, and the form prints another value for the same
//! quantity (p25-like reports carry both: a 自评报告 with its 自评表).
//!
//! Same quantity: a prose figure keyed `budget.initial` / `budget.adjusted` /
//! `spending.final` / `execution.rate` against the form's 年度资金总额 row
//! (年初预算数 / 全年预算数 / 全年执行数 / 执行率), a prose self-evaluation
//! total against the form's 总分. Same subject: the figure's scope names the
//! form's project, or the document holds one form and the sentence names the
//! project (or says 该项目/本项目) — then an `error`; one form and a sentence
//! that names no subject is a `warning` (the prose may speak of the whole
//! department); several forms and a sentence that names none of them: nothing.
//! Values agree when their printed precisions overlap.

use super::{words, Finding, Severity};
use crate::extract::forms::{Form, MoneyRow};
use crate::extract::Facts;
use crate::model::Document;
use crate::num::{Interval, Printed};
use crate::patterns::forms::{squeeze, FormWords};
use crate::patterns::UnitKind;
use rust_decimal::Decimal;

pub const RULE: &str = "CLAIM.CONFLICT";

/// Words by which a sentence points at the project it sits under.
const THIS_PROJECT: &[&str] = &["该项目", "本项目", "项目资金", "项目预算"];

/// The form's value for a prose key: (what, interval in the prose figure's
/// units — yuan or a fraction, printed).
fn form_value(f: &Form, t: &MoneyRow, key: &str) -> Option<(&'static str, Interval, String)> {
    let money = |p: &Option<Printed>| {
        p.as_ref().map(|x| {
            let i = x.interval();
            (
                Interval {
                    lo: i.lo * f.factor,
                    hi: i.hi * f.factor,
                },
                format!("{}{}", x.raw, f.money_unit),
            )
        })
    };
    let (what, (i, raw)) = match key {
        "budget.initial" => ("年初预算数", money(&t.initial)?),
        "budget.adjusted" => ("全年预算数", money(&t.annual)?),
        "spending.final" => ("全年执行数", money(&t.spent)?),
        "execution.rate" => {
            let r = t.rate.as_ref()?;
            (
                "预算执行率",
                (
                    r.interval(),
                    format!("{}{}", r.printed.raw, if r.percent { "%" } else { "" }),
                ),
            )
        }
        _ => return None,
    };
    Some((what, i, raw))
}

/// The quantity a prose figure states: its key, else (unkeyed, `该项目预算执行率`)
/// the form's own column words its label ends with, of the same kind.
fn quantity(g: &crate::extract::figures::Figure, w: &FormWords) -> Option<&'static str> {
    const KEYS: [(&str, &str, UnitKind); 4] = [
        ("budget.initial", "initial", UnitKind::Money),
        ("budget.adjusted", "annual", UnitKind::Money),
        ("spending.final", "spent", UnitKind::Money),
        ("execution.rate", "rate", UnitKind::Rate),
    ];
    if let Some((k, _, _)) = KEYS.iter().find(|(k, _, _)| *k == g.key) {
        return Some(k);
    }
    if !g.key.is_empty() {
        return None;
    }
    let label = squeeze(&g.label);
    let label = label.trim_end_matches(['为', '是', ':', '达']);
    KEYS.iter()
        .filter(|(_, _, kind)| *kind == g.kind)
        .find(|(_, role, _)| {
            w.money_columns
                .get(*role)
                .is_some_and(|ws| ws.iter().any(|x| label.ends_with(&squeeze(x))))
        })
        .map(|(k, _, _)| *k)
}

/// How sure the subject is: Some(true) error, Some(false) warning, None skip.
fn subject(forms: &[Form], k: usize, scope: &str, text: &str) -> Option<bool> {
    let f = &forms[k];
    let p = f.part();
    let names = |s: &str| !p.is_empty() && !s.is_empty() && (s.contains(p) || p.contains(s));
    // the figure reader's scope: `项目:名称`, `项目:` for 该项目, `下属单位`
    let name = scope.strip_prefix("项目:");
    if name.is_some_and(names) {
        return Some(true);
    }
    match name {
        Some("") => return (forms.len() == 1).then_some(true),
        None if scope.is_empty() => {}
        _ => return None, // another subject
    }
    if forms.len() != 1 {
        return None;
    }
    let named = !p.is_empty() && text.contains(p) || THIS_PROJECT.iter().any(|w| text.contains(w));
    Some(named)
}

/// Lines the form's own cells were read from: never prose.
fn form_lines(f: &Form) -> Vec<usize> {
    let mut v: Vec<usize> = f.money.iter().map(|m| m.index).collect();
    v.extend(f.indicators.iter().map(|r| r.index));
    v.extend(f.total_score.iter().map(|t| t.index));
    v.extend(f.total_points.iter().map(|t| t.index));
    v.sort_unstable();
    v.dedup();
    v
}

fn is_prose(doc: &Document, i: usize) -> bool {
    doc.lines
        .get(i)
        .is_some_and(|l| l.table().is_none() && !l.is_table_row())
}

/// Every conflict between the forms and the prose of one document. `facts`
/// is taken before the form reader claims its lines.
pub fn check(forms: &[Form], facts: &Facts, doc: &Document, w: &FormWords) -> Vec<Finding> {
    let mut out = Vec::new();
    if forms.is_empty() {
        return out;
    }
    let own: Vec<Vec<usize>> = forms.iter().map(form_lines).collect();
    let mine = |i: usize| own.iter().any(|o| o.binary_search(&i).is_ok());
    for g in &facts.figures {
        if g.approx || g.prior || g.col.is_some() || mine(g.index) || !is_prose(doc, g.index) {
            continue;
        }
        let Some(key) = quantity(g, w) else { continue };
        let text = doc.lines.get(g.index).map_or("", |l| l.text);
        for (k, f) in forms.iter().enumerate() {
            let Some(t) = f.total_row() else { continue };
            let Some((what, fi, fraw)) = form_value(f, t, key) else {
                continue;
            };
            let Some(sure) = subject(forms, k, &g.scope, text) else {
                continue;
            };
            let gi = g.interval();
            if gi.overlaps(fi) {
                continue;
            }
            let unit = if key == "execution.rate" { "%" } else { "元" };
            let scale = if key == "execution.rate" {
                Decimal::ONE_HUNDRED
            } else {
                Decimal::ONE
            };
            out.push(Finding {
                rule: RULE,
                severity: if sure { Severity::Error } else { Severity::Warning },
                item: format!("{} {what}", f.part()),
                claimed: g.raw.clone(),
                expected: fraw.clone(),
                difference: Some(((fi.lo + fi.hi) / Decimal::TWO - g.value()) * scale),
                message: format!(
                    "正文称{what}为{}，而自评表（{}）填列为{}，前后不一致{}。",
                    g.raw,
                    words::place(t.line, t.page),
                    fraw,
                    if sure {
                        ""
                    } else {
                        "（该句未写明主体，可能指整个部门）"
                    }
                ),
                unit: unit.into(),
                evidence: text.to_string(),
                index: g.index,
                line: g.line,
                page: g.page,
                amount_yuan: (key != "execution.rate").then(|| ((fi.lo + fi.hi) / Decimal::TWO - g.value()).abs()),
                part: f.part().to_string(),
            });
        }
    }
    // a prose self-evaluation total against the form's 总分
    for c in &facts.claims.totals {
        if mine(c.index) || !is_prose(doc, c.index) {
            continue;
        }
        let text = doc.lines.get(c.index).map_or("", |l| l.text);
        for (k, f) in forms.iter().enumerate() {
            let Some(ts) = &f.total_score else { continue };
            if ts.index == c.index {
                continue;
            }
            let Some(sure) = subject(forms, k, "", text) else {
                continue;
            };
            if c.value.interval().overlaps(ts.printed.interval()) {
                continue;
            }
            out.push(Finding {
                rule: RULE,
                severity: if sure { Severity::Error } else { Severity::Warning },
                item: format!("{} 自评得分", f.part()),
                claimed: c.value.raw.clone(),
                expected: ts.printed.raw.clone(),
                difference: Some(ts.printed.value - c.value.value),
                message: format!(
                    "正文称自评得分为{}分，而自评表（{}）总分为{}分，前后不一致{}。",
                    c.value.raw,
                    words::place(ts.line, ts.page),
                    ts.printed.raw,
                    if sure {
                        ""
                    } else {
                        "（该句未写明主体，可能指整个部门）"
                    }
                ),
                unit: "分".into(),
                evidence: c.evidence.clone(),
                index: c.index,
                line: c.line,
                page: c.page,
                part: f.part().to_string(),
                ..Finding::default()
            });
        }
    }
    out
}

//! INDICATOR on self-evaluation forms: INDICATOR.MISS — a numeric target missed
//! beyond rounding (≥ ≤ =, lower-is-better indicators such as 成本, 投诉率 read as
//! ≤) while the row gives full marks; a met target with a deduction goes to
//! SCORE.DEDUCTED (`info`). Where the row prints a 得分系数 (重庆), a full
//! coefficient on a missed target is the form's own scoring contradicting
//! its numbers: SCORE.COEF in place of INDICATOR.MISS.

use super::{Finding, Severity};
use crate::extract::forms::{Form, FormIndicator};
use crate::num::{plain, Printed};

pub const MISS: &str = "INDICATOR.MISS";

/// Whether an indicator's actual meets its target (the indicator tables' verdict).
pub use crate::rubric::target::Met;

/// A number in a cell and what follows it (its unit).
fn first_number(s: &str) -> Option<(Printed, String)> {
    let start = s.find(|c: char| c.is_ascii_digit())?;
    let rest = &s[start..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(rest.len());
    let p = Printed::parse(rest[..end].trim_end_matches('.'))?;
    let unit: String = rest[end..].trim().chars().take_while(|c| !c.is_whitespace()).collect();
    Some((p, unit))
}

/// The comparison a target asks for: its operator, else ≤ for a
/// lower-is-better indicator, else ≥; whether the operator was printed.
fn operator(r: &FormIndicator) -> (char, bool) {
    let t = format!("{}{}", r.nature, r.target);
    for c in t.chars() {
        match c {
            '≥' | '≧' | '>' | '＞' => return ('≥', true),
            '≤' | '≦' | '<' | '＜' => return ('≤', true),
            '=' | '＝' | '﹦' | '═' => return ('=', true),
            _ => {}
        }
    }
    if r.lower {
        ('≤', false)
    } else {
        ('≥', false)
    }
}

/// Judges a row: the numbers of target and actual with compatible units.
pub fn judge(r: &FormIndicator) -> (Met, char, bool) {
    let (op, printed) = operator(r);
    let (Some((t, tu)), Some((a, au))) = (first_number(&r.target), first_number(&r.actual)) else {
        let same = !r.target.is_empty() && r.target.trim() == r.actual.trim();
        return (if same { Met::Yes } else { Met::Unknown }, op, printed);
    };
    let unit_unit = if r.unit.is_empty() {
        String::new()
    } else {
        r.unit.clone()
    };
    let tu = if tu.is_empty() { unit_unit.clone() } else { tu };
    let au = if au.is_empty() { unit_unit } else { au };
    if !tu.is_empty() && !au.is_empty() && tu != au {
        return (Met::Unknown, op, printed);
    }
    // a target is a threshold as written (exact); the actual stands for its
    // rounding interval
    let (ti, ai) = (crate::num::Interval::exact(t.value), a.interval());
    let met = match op {
        '≥' => ai.hi >= ti.lo,
        '≤' => ai.lo <= ti.hi,
        _ => ai.overlaps(ti),
    };
    (if met { Met::Yes } else { Met::No }, op, printed)
}

pub fn check(f: &Form) -> Vec<Finding> {
    let mut out = Vec::new();
    for r in &f.indicators {
        out.extend(super::form_score::coef(f, r));
        let (met, op, printed) = judge(r);
        let full = matches!((&r.points, &r.score), (Some(p), Some(s)) if s.value >= p.value);
        match met {
            Met::No if full => {
                let (Some(p), Some(s)) = (&r.points, &r.score) else {
                    continue;
                };
                if let Some(c) = r.coef.as_ref().filter(|c| c.fraction() >= rust_decimal::Decimal::ONE) {
                    out.push(Finding {
                        rule: super::form_score::COEF,
                        severity: if printed { Severity::Error } else { Severity::Warning },
                        item: r.name.clone(),
                        claimed: format!("{}%", c.printed.raw),
                        expected: "<100%".into(),
                        unit: "%".into(),
                        message: format!(
                            "“{}”实际完成值{}未达到年度指标值{}（{}），得分系数却为{}%、得满分{}{}。",
                            r.name,
                            r.actual,
                            r.target,
                            op,
                            c.printed.raw,
                            s.raw,
                            if printed {
                                ""
                            } else {
                                "（指标值未印比较符号，按常规理解）"
                            }
                        ),
                        evidence: r.evidence.clone(),
                        index: r.index,
                        line: r.line,
                        page: r.page,
                        part: f.part().to_string(),
                        ..Finding::default()
                    });
                    continue;
                }
                out.push(Finding {
                    rule: MISS,
                    severity: if printed { Severity::Error } else { Severity::Warning },
                    item: r.name.clone(),
                    claimed: s.raw.clone(),
                    expected: format!("<{}", plain(p.value)),
                    unit: "分".into(),
                    message: format!(
                        "“{}”实际完成值{}未达到年度指标值{}（{}），却得满分{}{}。",
                        r.name,
                        r.actual,
                        r.target,
                        op,
                        s.raw,
                        if printed {
                            ""
                        } else {
                            "（指标值未印比较符号，按常规理解）"
                        }
                    ),
                    evidence: r.evidence.clone(),
                    index: r.index,
                    line: r.line,
                    page: r.page,
                    part: f.part().to_string(),
                    ..Finding::default()
                });
            }
            Met::Yes => out.extend(super::form_score::deducted(f, r)),
            _ => {}
        }
    }
    out
}

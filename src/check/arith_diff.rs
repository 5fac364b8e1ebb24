//! ARITH.DIFF — a stated change agrees with its two values: `与上年 501.24
//! 万元相比，减少 119.73 万元，下降 23.89%` against this year's figure. The
//! figures come by role (see `extract::relations`): this year's value, the
//! base when printed, the change amount and the change rate. Caught: an
//! amount that is not the two years' difference, a rate that is not amount ÷
//! last year (and says so when it is amount ÷ this year), an amount and a
//! rate whose direction words disagree. A rate that agrees only by
//! truncation is `info`.

use super::arith::{finding, in_unit, show, shown, truncates_to};
use super::{Finding, Severity};
use crate::extract::relations::Relation;
use crate::extract::Facts;
use crate::num::{plain, Interval};
use rust_decimal::Decimal;

pub const RULE: &str = "ARITH.DIFF";

fn word(decrease: bool) -> &'static str {
    if decrease {
        "减少"
    } else {
        "增加"
    }
}

pub fn check(f: &Facts) -> Vec<Finding> {
    let figs = &f.figures;
    let mut out = Vec::new();
    for r in &f.relations {
        let Relation::Change {
            current,
            base,
            delta,
            pct,
            decrease,
            pct_decrease,
            budget_base,
        } = &r.relation
        else {
            continue;
        };
        let cur = &figs[*current];
        // what the change is against: last year's figure, or a budget (d19, d25)
        let base_word = if *budget_base { "预算数" } else { "上年数" };
        // The amount and the rate say opposite directions (`减少0.04万元，增长0.01%`).
        if let (Some(d), Some(p), Some(pd)) = (delta, pct, pct_decrease) {
            let (df, pf) = (&figs[*d], &figs[*p]);
            if pd != decrease && !df.printed.value.is_zero() && !pf.printed.value.is_zero() {
                let message = format!(
                    "{}的变动额写作{}{}，变动率却写作{}{}，增减方向相反。",
                    cur.label,
                    word(*decrease),
                    show(df),
                    if *pd { "下降" } else { "增长" },
                    show(pf)
                );
                let mut x = finding(RULE, r, pf, pf.printed.value, -pf.printed.value, message);
                x.difference = None;
                out.push(x);
                continue;
            }
        }
        // The change as this year minus the base (negative for a decrease).
        let signed = |i: Interval| {
            if *decrease {
                Interval { lo: -i.hi, hi: -i.lo }
            } else {
                i
            }
        };
        if let (Some(b), Some(d)) = (base, delta) {
            let (bf, df) = (&figs[*b], &figs[*d]);
            let actual = cur.interval() - bf.interval();
            if !actual.overlaps(signed(df.interval())) {
                let diff = cur.value() - bf.value();
                let expected = diff.abs();
                let message = format!(
                    "{}为{}，{}（基数）为{}，两者相差{}{}{}，与所列{}{}不符。",
                    cur.label,
                    show(cur),
                    if *budget_base { "预算数" } else { "上年" },
                    show(bf),
                    word(diff.is_sign_negative()),
                    shown(in_unit(expected, df), df),
                    df.unit,
                    word(*decrease),
                    show(df),
                );
                out.push(finding(RULE, r, df, df.printed.value, in_unit(expected, df), message));
                continue;
            }
        }
        let Some(p) = pct else { continue };
        let pf = &figs[*p];
        // The base: stated, or this year's figure less the change.
        let (base_i, base_v) = match (base, delta) {
            (Some(b), _) => (figs[*b].interval(), figs[*b].value()),
            (None, Some(d)) => {
                let di = signed(figs[*d].interval());
                let dv = if *decrease { -figs[*d].value() } else { figs[*d].value() };
                (cur.interval() - di, cur.value() - dv)
            }
            _ => continue,
        };
        let change_i = match delta {
            Some(d) => figs[*d].interval(),
            None => {
                let a = cur.interval() - base_i;
                Interval {
                    lo: a.lo.abs().min(a.hi.abs()),
                    hi: a.lo.abs().max(a.hi.abs()),
                }
            }
        };
        // Growth from nothing (上年为0) has no rate; reports print 100% by
        // convention (d29 of the real dev set): a warning, saying so.
        if base_v.is_zero() && !pf.printed.value.is_zero() {
            let message = format!(
                "{}{base_word}为0（本年{}），增长率无从计算，所列{}只是惯例写法。",
                cur.label,
                show(cur),
                show(pf)
            );
            let mut x = finding(RULE, r, pf, pf.printed.value, Decimal::ZERO, message);
            x.severity = Severity::Warning;
            x.expected = String::new();
            x.difference = None;
            out.push(x);
            continue;
        }
        let Some(ratio) = change_i.divided_by(base_i) else {
            continue;
        };
        if ratio.overlaps(pf.interval()) || base_v.is_zero() {
            continue;
        }
        let change_v = match delta {
            Some(d) => figs[*d].value(),
            None => (cur.value() - base_v).abs(),
        };
        let scale = if pf.factor.is_zero() { Decimal::ONE } else { pf.factor };
        let Some(exact) = change_v.checked_div(base_v).and_then(|x| x.checked_div(scale)) else {
            continue;
        };
        let expected = exact.round_dp(pf.printed.decimals.max(2));
        let unit = |v: Decimal| format!("{}{}", plain(in_unit(v, cur).round_dp(4)), cur.unit);
        let mut message = format!(
            "变动额{}÷{base_word}{}={}{}，与所列变动率{}不符",
            unit(change_v),
            unit(base_v),
            plain(expected),
            pf.unit,
            show(pf)
        );
        // Divided by this year's figure instead of last year's?
        let on_current = change_i
            .divided_by(cur.interval())
            .is_some_and(|q| q.overlaps(pf.interval()));
        if on_current && !cur.value().is_zero() {
            message.push_str(&format!(
                "；所列变动率是以本年数{}为基数算出的，应以{base_word}为基数",
                show(cur)
            ));
        }
        message.push('。');
        let mut x = finding(RULE, r, pf, pf.printed.value, expected, message);
        if truncates_to(exact, pf) {
            x.severity = Severity::Info;
            x.message = format!(
                "变动额{}÷{base_word}{}={}{}，所列{}为截去尾数所得，按四舍五入应为{}{}。",
                unit(change_v),
                unit(base_v),
                plain(exact.round_dp(pf.printed.decimals + 2)),
                pf.unit,
                show(pf),
                plain(exact.round_dp(pf.printed.decimals)),
                pf.unit
            );
        }
        out.push(x);
    }
    out
}

//! ARITH.COPY — a rate copied from the line above (issue 17, "what real
//! documents get wrong"): a stated rate that its own operands contradict
//! (an ARITH.PCT or ARITH.DIFF finding) and that is printed exactly as the
//! rate of the same kind on the line or table row just above, which its own
//! operands bear out. The contradiction is the rate check's; this rule names
//! its likely cause, so the finding keeps that check's severity (an error
//! only when every operand is printed and the gap is beyond rounding) and
//! says which line it repeats.
//!
//! Not seen in the real dev set (../shared/real: no rate there repeats the
//! one above while its operands give another); built from the issue's
//! wording, on the layouts the rate checks already read: prose items one per
//! line (d29's 1、…19、 list of 较上年增长X%), a change table's rate column
//! (d15's 增長率, d03's 增减% row) and a table's rate column.

use super::{Finding, Severity};
use crate::extract::relations::Relation;
use crate::extract::Facts;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

pub const RULE: &str = "ARITH.COPY";

/// Which check reads a rate: rates are compared only with rates of the same
/// kind (a share with a share, a change rate with a change rate).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Share,
    Change,
    TableChange,
}

/// A rate the report states, where it stands and what it is called.
#[derive(Debug)]
struct Stated {
    kind: Kind,
    index: usize,
    /// Byte offset in a prose line; the column in a table row.
    at: usize,
    col: Option<usize>,
    value: Decimal,
    /// The number as printed (`20.50`), so 20.5 and 20.50 are not one print.
    digits: String,
    item: String,
}

fn digits(raw: &str) -> String {
    raw.trim().trim_end_matches(['%', '％']).trim().replace(',', "")
}

/// The rates the ARITH rate checks compare with their operands.
fn stated(f: &Facts) -> Vec<Stated> {
    let figs = &f.figures;
    let mut out = Vec::new();
    for r in &f.relations {
        let (kind, k) = match &r.relation {
            Relation::Ratio { rate, .. } => (Kind::Share, *rate),
            Relation::Change { pct: Some(p), .. } => (Kind::Change, *p),
            _ => continue,
        };
        let Some(rf) = figs.get(k) else { continue };
        // a zero-change word (`无变化`) is no printed rate
        if rf.approx {
            continue;
        }
        out.push(Stated {
            kind,
            index: rf.index,
            at: rf.at,
            col: rf.col,
            value: rf.printed.value,
            digits: digits(&rf.printed.raw),
            item: r.item.clone(),
        });
    }
    for c in &f.table_changes {
        if let Some(p) = &c.rate {
            out.push(Stated {
                kind: Kind::TableChange,
                index: c.index,
                at: 0,
                col: None,
                value: p.value,
                digits: digits(&p.raw),
                item: c.item.clone(),
            });
        }
    }
    out.sort_by_key(|s| (s.index, s.at));
    out
}

/// Is this finding a stated rate its operands contradict?
fn is_rate_gap(x: &Finding) -> bool {
    (x.rule == super::arith_pct::RULE || x.rule == super::arith_diff::RULE)
        && x.unit.trim() == "%"
        && x.severity != Severity::Info
        && !x.expected.is_empty()
        && x.difference.is_some()
}

/// The finding about `s`, if a rate check raised one.
fn finding_of(findings: &[Finding], s: &Stated) -> Option<usize> {
    findings.iter().position(|x| {
        let rule = match s.kind {
            Kind::Change => super::arith_diff::RULE,
            Kind::Share | Kind::TableChange => super::arith_pct::RULE,
        };
        is_rate_gap(x)
            && x.rule == rule
            && x.index == s.index
            && x.claimed
                .trim()
                .parse::<Decimal>()
                .is_ok_and(|v| v.abs() == s.value.abs())
    })
}

/// Renames the rate findings whose rate repeats the one above (see the
/// module doc); every other finding is left as it is.
pub fn relabel(f: &Facts, findings: &mut [Finding]) {
    let all = stated(f);
    // the rates a check found wrong, by their place in `all`
    let wrong: Vec<Option<usize>> = all.iter().map(|s| finding_of(findings, s)).collect();
    let mut done: BTreeSet<usize> = BTreeSet::new();
    for (n, s) in all.iter().enumerate() {
        let Some(x) = wrong[n] else { continue };
        // the nearest earlier rate of the same kind (same column in a table)
        let Some(m) = (0..n)
            .rev()
            .find(|&m| all[m].kind == s.kind && all[m].col == s.col && (all[m].index, all[m].at) < (s.index, s.at))
        else {
            continue;
        };
        let above = &all[m];
        // on the same line or the line (row) above, printed alike, and right
        let near = above.index == s.index || above.index + 1 == s.index;
        if !near || above.digits != s.digits || wrong[m].is_some() || !done.insert(x) {
            continue;
        }
        let Some(fx) = findings.get_mut(x) else { continue };
        fx.rule = RULE;
        let said = fx.message.trim_end_matches('。').to_string();
        fx.message = format!(
            "{said}；所列{}%与上一行“{}”的{}%一字不差，而后者与其自身数据相符，疑为照抄上一行。",
            s.digits, above.item, above.digits
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::check::{findings_of, Severity};

    #[test]
    fn a_change_rate_repeating_the_row_above() {
        // 差旅费 (45 − 60) ÷ 60 = −25%, printed −20.00%: the 办公费 row's rate,
        // which is right for 办公费 ((120 − 100) ÷ 100 = 20%) — copied.
        // 印刷费 (3 − 4) ÷ 4 = −25%, printed −30.00%: wrong, but repeats no row.
        let t = "二、支出对比情况\n单位：万元\n\
项目 | 本年数 | 上年数 | 增减额 | 增减率\n\
办公费 | 120.00 | 100.00 | 20.00 | 20.00%\n\
差旅费 | 45.00 | 60.00 | -15.00 | 20.00%\n\
印刷费 | 3.00 | 4.00 | -1.00 | -30.00%\n";
        let got: Vec<_> = findings_of(t)
            .into_iter()
            .filter(|f| f.unit == "%")
            .map(|f| (f.rule, f.severity, f.item, f.claimed, f.expected))
            .collect();
        let s = |x: &str| x.to_string();
        assert_eq!(
            got,
            vec![
                ("ARITH.COPY", Severity::Error, s("差旅费"), s("20.00"), s("-25.00")),
                ("ARITH.PCT", Severity::Error, s("印刷费"), s("-30.00"), s("-25.00")),
            ]
        );
    }
}

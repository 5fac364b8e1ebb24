//! ARITH.BALANCE — opening carry-over + income − spending = closing
//! carry-over, when the report states all four once.

use super::arith::{finding, in_unit, show, shown};
use super::Finding;
use crate::extract::relations::Relation;
use crate::extract::Facts;

pub const RULE: &str = "ARITH.BALANCE";

pub fn check(f: &Facts) -> Vec<Finding> {
    let figs = &f.figures;
    let mut out = Vec::new();
    for r in &f.relations {
        let Relation::Balance {
            opening,
            income,
            spending,
            closing,
        } = &r.relation
        else {
            continue;
        };
        let (o, i, s, c) = (&figs[*opening], &figs[*income], &figs[*spending], &figs[*closing]);
        let lhs = o.interval() + i.interval() - s.interval();
        if lhs.overlaps(c.interval()) {
            continue;
        }
        let expected = in_unit(o.value() + i.value() - s.value(), c);
        let message = format!(
            "{}{} + {}{} − {}{} = {}{}，与{}{}不符。",
            o.label,
            show(o),
            i.label,
            show(i),
            s.label,
            show(s),
            shown(expected, c),
            c.unit,
            c.label,
            show(c)
        );
        out.push(finding(RULE, r, c, c.printed.value, expected, message));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{findings_of, Severity};

    /// Corpus 003's carry-overs (年初结转和结余 4430.59, 年末结转和结余
    /// 1265.60 万元) with its 决算 income and spending stated as totals.
    #[test]
    fn balance_identity() {
        let ok = "2022年年初结转和结余4430.59万元，本年收入合计149668.57万元，支出决算数153231.51万元，年末结转和结余867.65万元。";
        assert!(findings_of(ok).is_empty(), "{:?}", findings_of(ok));
        let bad = ok.replace("867.65", "1265.60");
        let f = findings_of(&bad);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            (f[0].rule, f[0].severity, f[0].claimed.as_str(), f[0].expected.as_str()),
            ("ARITH.BALANCE", Severity::Error, "1265.60", "867.65")
        );
    }
}

//! Whether an indicator row's actual meets its target: the comparison the
//! target writes (`≥95%`, `≤2 小时`, `达 90%`), else lower-is-better wording
//! (投诉率, 事故率, 发生数) or at-least; compound targets
//! (`半年 6 次，一年 12 次`) by the clause matching the actual's period;
//! rounding honoured (an actual printed as 95% may be 94.5%).

use crate::extract::indicators::IndicatorRow;
use crate::num::Printed;
use crate::patterns::IndicatorPatterns;
use crate::rubric::criteria::squash;
use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Met {
    Yes,
    No,
    Unknown,
}

impl Met {
    pub fn as_str(self) -> &'static str {
        match self {
            Met::Yes => "yes",
            Met::No => "no",
            Met::Unknown => "unknown",
        }
    }
}

/// A number in a target or actual, with its unit and what surrounds it.
#[derive(Debug, Clone, PartialEq)]
struct Quantity {
    printed: Printed,
    percent: bool,
    unit: String,
}

impl Quantity {
    fn lo_hi(&self) -> (Decimal, Decimal) {
        let iv = self.printed.interval();
        let k = if self.percent { Decimal::new(1, 2) } else { Decimal::ONE };
        if !self.percent && self.printed.decimals == 0 && !self.unit.is_empty() {
            // whole counts (12 次, 2 级) are exact
            (self.printed.value, self.printed.value)
        } else {
            (iv.lo * k, iv.hi * k)
        }
    }

    fn value(&self) -> Decimal {
        if self.percent {
            self.printed.value / Decimal::ONE_HUNDRED
        } else {
            self.printed.value
        }
    }
}

/// The first number in `s` with its unit (`12 次/年` → 12, 次).
fn quantity(s: &str) -> Option<Quantity> {
    let cs: Vec<char> = s.chars().collect();
    let start = cs.iter().position(|c| c.is_ascii_digit())?;
    let mut end = start;
    while end < cs.len() && (cs[end].is_ascii_digit() || cs[end] == '.' || cs[end] == ',') {
        end += 1;
    }
    let num: String = cs[start..end].iter().collect();
    let printed = Printed::parse(num.trim_end_matches(['.', ',']))?;
    let mut rest = cs[end..].iter().skip_while(|c| c.is_whitespace());
    let mut unit = String::new();
    let mut percent = false;
    for c in rest.by_ref() {
        if *c == '%' || *c == '％' {
            percent = true;
            break;
        }
        if c.is_ascii_digit() || c.is_whitespace() || "，,；;。/、（）()".contains(*c) || unit.chars().count() >= 2
        {
            break;
        }
        unit.push(*c);
    }
    Some(Quantity { printed, percent, unit })
}

/// The clause of a compound target that speaks of the actual's period.
fn clause<'a>(target: &'a str, actual: &str) -> &'a str {
    // split at `，；;` and at a `,` that is not a thousands separator
    let cs: Vec<(usize, char)> = target.char_indices().collect();
    let mut clauses: Vec<&str> = Vec::new();
    let mut from = 0;
    for (k, &(at, c)) in cs.iter().enumerate() {
        let digit = |j: Option<&(usize, char)>| j.is_some_and(|(_, d)| d.is_ascii_digit());
        let thousands = c == ',' && k > 0 && digit(cs.get(k - 1)) && digit(cs.get(k + 1));
        if "，；;".contains(c) || (c == ',' && !thousands) {
            clauses.push(&target[from..at]);
            from = at + c.len_utf8();
        }
    }
    clauses.push(&target[from..]);
    clauses.retain(|c| c.chars().any(|ch| ch.is_ascii_digit()));
    if clauses.len() <= 1 {
        return target;
    }
    let yearly = actual.contains('年');
    clauses
        .iter()
        .find(|c| yearly && (c.contains("一年") || c.contains("全年") || c.contains("年度")))
        .or(clauses.last())
        .copied()
        .unwrap_or(target)
}

/// What was compared, for indicators.csv and messages.
#[derive(Debug, Clone, PartialEq)]
pub struct Judged {
    pub met: Met,
    /// `≥ 95%`, `≤ 2小时`, when a number was compared.
    pub rule: String,
}

/// Judges one row.
pub fn judge(row: &IndicatorRow, p: &IndicatorPatterns) -> Judged {
    let unknown = Judged {
        met: Met::Unknown,
        rule: String::new(),
    };
    if row.actual.trim().is_empty() {
        return unknown;
    }
    if squash(&row.target) == squash(&row.actual) {
        return Judged {
            met: Met::Yes,
            rule: "=".into(),
        };
    }
    let t_text = clause(&row.target, &row.actual);
    let (Some(t), Some(a)) = (quantity(t_text), quantity(&row.actual)) else {
        return unknown;
    };
    let unit_ok = t.percent == a.percent && (t.unit == a.unit || t.unit.is_empty() || a.unit.is_empty());
    if !unit_ok {
        return unknown;
    }
    let j = &p.judge;
    let written = |words: &[String]| words.iter().any(|w| t_text.contains(w.as_str()));
    let lower = if written(&j.at_most) {
        true
    } else if written(&j.at_least) {
        false
    } else {
        let name = format!("{}{}{}", row.level1, row.level2, row.indicator);
        j.lower_better.iter().any(|w| name.contains(w.as_str()))
    };
    let (lo, hi) = a.lo_hi();
    let target = t.value();
    let met = if lower { lo <= target } else { hi >= target };
    let shown = if t.percent {
        format!("{}%", crate::num::plain(t.printed.value))
    } else {
        format!("{}{}", t.printed.raw, t.unit)
    };
    Judged {
        met: if met { Met::Yes } else { Met::No },
        rule: format!("{} {shown}", if lower { "≤" } else { "≥" }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patterns::Patterns;

    fn row(name: &str, target: &str, actual: &str) -> IndicatorRow {
        IndicatorRow {
            level1: "产出指标".into(),
            level2: "质量指标".into(),
            indicator: name.into(),
            target: target.into(),
            actual: actual.into(),
            points: None,
            score: None,
            status: String::new(),
            said: None,
            index: 0,
            line: 1,
            page: None,
            evidence: String::new(),
        }
    }

    /// The forms corpus 002's indicator table uses, and their misses.
    #[test]
    fn directions_units_compounds_and_rounding() {
        let p = Patterns::builtin().unwrap();
        let m = |n: &str, t: &str, a: &str| judge(&row(n, t, a), &p.indicators).met;
        assert_eq!(m("运维巡检次数", "半年 6 次，一年 12 次", "12 次/年"), Met::Yes);
        assert_eq!(m("运维巡检次数", "半年 6 次，一年 12 次", "10 次/年"), Met::No);
        assert_eq!(m("办文投诉率", "2%", "0%"), Met::Yes);
        assert_eq!(m("办文投诉率", "2%", "5%"), Met::No);
        assert_eq!(m("会议调试服务", "≤20 次", "20 次"), Met::Yes);
        assert_eq!(m("会议调试服务", "≤20 次", "21 次"), Met::No);
        assert_eq!(m("硬件运维完成及时性", "≤2 小时", "≤2 小时"), Met::Yes);
        assert_eq!(m("硬件运维完成及时性", "≤2 小时", "3 小时"), Met::No);
        assert_eq!(m("信息系统全年正常运行率", "95%", "99%"), Met::Yes);
        assert_eq!(m("信息系统全年正常运行率", "95%", "94%"), Met::No);
        // 94.5% rounds to 95% (printed without decimals it may be 94.5–95.5)
        assert_eq!(m("信息系统全年正常运行率", "95%", "95%"), Met::Yes);
        assert_eq!(m("信息系统全年正常运行率", "95.0%", "94.6%"), Met::No);
        assert_eq!(
            m(
                "用户满意度",
                "用户评价“满意”及以上程度达 90%",
                "用户评价“满意”及以上程度达 85%"
            ),
            Met::No
        );
        assert_eq!(m("重大网络安全事故发生数", "0 次", "1 次"), Met::No);
        assert_eq!(m("信息安全成效", "绩效考核成绩优良", "绩效考核成绩优良"), Met::Yes);
        assert_eq!(m("信息安全成效", "绩效考核成绩优良", "合格"), Met::Unknown);
        assert_eq!(m("系统用户数", "10000", "13000"), Met::Yes);
        assert_eq!(m("会议次数", "20 次", "2 小时"), Met::Unknown);
        assert_eq!(m("预算支出", "124,718,718.75", "122,965,285.42"), Met::Yes);
    }
}

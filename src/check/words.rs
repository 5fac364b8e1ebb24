//! Words for findings' messages: what a rule allows, where an earlier
//! statement sits, a comparison — written as an auditor writes them, with no
//! interval or set notation and no internal keys (those belong to `explain`).

use crate::num::plain;
use crate::rubric::values::Values;
use crate::rubric::Origin;
use rust_decimal::Decimal;

/// A score as written in a message (at most 2 decimals).
pub fn pts(d: Decimal) -> String {
    plain(d.round_dp(2).normalize())
}

/// `只能得1、2、4或6分`, `应得1分`, `可得0至1分`, `可得0分或2至4分`.
pub fn allowed(v: &Values) -> String {
    let pieces = v.pieces();
    if pieces.is_empty() {
        return "不能得任何分数".into();
    }
    if let Some(one) = v.single() {
        return format!("应得{}分", pts(one));
    }
    if v.is_discrete() {
        let vals: Vec<String> = pieces.iter().map(|p| pts(p.lo)).collect();
        return format!("只能得{}分", or_list(&vals));
    }
    let vals: Vec<String> = pieces
        .iter()
        .map(|p| {
            if p.lo == p.hi {
                pts(p.lo)
            } else {
                format!("{}至{}", pts(p.lo), pts(p.hi))
            }
        })
        .collect();
    format!("可得{}分", or_list(&vals))
}

/// `1、2、4或6`.
pub fn or_list(v: &[String]) -> String {
    match v {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{}或{}", rest.join("、"), last),
    }
}

/// Where a rule came from, in words.
pub fn origin(o: &Origin) -> String {
    match o {
        Origin::Printed => "报告所印的评分标准".into(),
        Origin::Library { id, .. } => format!("所识别的评分办法（{id}）"),
        Origin::Points => "该项分值".into(),
    }
}

/// An earlier statement's place: `第3页` for paged formats (a running line
/// number would mislead in a PDF viewer), else `第12行`.
pub fn place(line: u32, page: Option<u32>) -> String {
    match page {
        Some(p) => format!("第{p}页"),
        None => format!("第{line}行"),
    }
}

/// `≥ 95%` → `不低于95%` (a target comparison in words).
pub fn comparison(rule: &str) -> String {
    let r = rule.trim();
    for (op, w) in [
        ("≥", "不低于"),
        (">=", "不低于"),
        ("≤", "不高于"),
        ("<=", "不高于"),
        (">", "高于"),
        ("<", "低于"),
        ("=", "等于"),
    ] {
        if let Some(rest) = r.strip_prefix(op) {
            return format!("{w}{}", rest.trim());
        }
    }
    r.to_string()
}

/// The unit after the number of a target (`≥ 95%` → `%`, `100人次` →
/// `人次`); empty when none.
pub fn unit_of(s: &str) -> String {
    let t = s.trim();
    let Some(end) = t.rfind(|c: char| c.is_ascii_digit()) else {
        return String::new();
    };
    let tail = t[end + 1..].trim();
    let unit: String = tail
        .chars()
        .take_while(|c| !c.is_whitespace() && !"，。,;；)）(（".contains(*c))
        .collect();
    if unit.chars().count() <= 4 {
        unit
    } else {
        String::new()
    }
}

/// Yuan per unit for the money units reports print.
pub fn yuan_per(unit: &str) -> Option<Decimal> {
    match unit {
        "元" => Some(Decimal::ONE),
        "万元" => Some(Decimal::from(10_000)),
        "亿元" => Some(Decimal::from(100_000_000)),
        _ => None,
    }
}

/// The first number in `s` (`≥ 200万元` → 200).
pub fn number_in(s: &str) -> Option<Decimal> {
    let start = s.find(|c: char| c.is_ascii_digit())?;
    let num: String = s[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .collect();
    crate::num::Printed::parse(num.trim_end_matches(['.', ','])).map(|p| p.value)
}

/// The figures an input was read from, from its `how` (`key = value
/// （实际采购支出 10.39 亿元 第270行，…）`): `实际采购支出10.39亿元（第270行）、…`,
/// without the key.
pub fn source_of(how: &str) -> String {
    let inner = match how.split_once('（') {
        Some((_, rest)) => rest.strip_suffix('）').unwrap_or(rest),
        None => how,
    };
    inner
        .split('，')
        .map(|part| match part.rsplit_once(' ') {
            Some((what, at)) if at.starts_with('第') => {
                format!("{}（{at}）", what.split_whitespace().collect::<String>())
            }
            _ => part.split_whitespace().collect::<String>(),
        })
        .collect::<Vec<_>>()
        .join("、")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::num::Interval;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn allowed_in_words() {
        let tiers = Values::of([d("1"), d("2"), d("4"), d("6")].map(Interval::exact));
        assert_eq!(allowed(&tiers), "只能得1、2、4或6分");
        assert_eq!(allowed(&Values::range(d("0"), d("1"))), "可得0至1分");
        assert_eq!(allowed(&Values::point(d("1.5"))), "应得1.5分");
        let mixed = Values::point(d("0")).union(&Values::range(d("2"), d("4")));
        assert_eq!(allowed(&mixed), "可得0或2至4分");
    }

    #[test]
    fn targets() {
        assert_eq!(comparison("≥ 95%"), "不低于95%");
        assert_eq!(comparison("≤ 2小时"), "不高于2小时");
        assert_eq!(unit_of("≥ 95%"), "%");
        assert_eq!(unit_of("100人次"), "人次");
        assert_eq!(unit_of("较好"), "");
        assert_eq!(
            source_of("procurement.actual = 10.39 亿元（实际采购支出 10.39 亿元 第270行）"),
            "实际采购支出10.39亿元（第270行）"
        );
        assert_eq!(
            source_of("x = 1%（调整后的预算数 181 亿元 第259行，年初预算安排 256 亿元 第3页第97行）"),
            "调整后的预算数181亿元（第259行）、年初预算安排256亿元（第3页第97行）"
        );
    }
}

//! ARITH.DIFF / ARITH.PCT in year-comparison tables: each row's change
//! amount is this year − last year, and its change rate is that change ÷ last
//! year, within the printed decimals (spec "Rounding"). A rate that agrees
//! only by truncation is `info`; a zero prior year has no rate (`warning`).
//! Seen in ../shared/real d15 (医院收支对比表) and d03 (三公 对比情况).

use super::{Finding, Severity};
use crate::extract::table_changes::ChangeRow;
use crate::extract::Facts;
use crate::num::Printed;
use rust_decimal::Decimal;

/// Half a unit of the last printed decimal.
fn half(p: &Printed) -> Decimal {
    Decimal::new(5, p.decimals.saturating_add(1).min(27))
}

fn money(unit: &str) -> Option<Decimal> {
    match unit {
        "万元" => Some(Decimal::from(10_000)),
        "元" => Some(Decimal::ONE),
        _ => None,
    }
}

fn base(r: &ChangeRow, rule: &'static str) -> Finding {
    Finding {
        rule,
        item: r.item.clone(),
        evidence: super::shorten(&r.evidence),
        index: r.index,
        line: r.line,
        page: r.page,
        ..Finding::default()
    }
}

fn overlap(a: (Decimal, Decimal), b: (Decimal, Decimal)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

fn diff(r: &ChangeRow, d: &Printed) -> Option<Finding> {
    let exact = r.current.value.checked_sub(r.prior.value)?;
    let slack = half(&r.current) + half(&r.prior);
    let hd = half(d);
    if overlap((exact - slack, exact + slack), (d.value - hd, d.value + hd)) {
        return None;
    }
    let u = r.unit;
    let mut f = base(r, "ARITH.DIFF");
    f.claimed = d.raw.replace(',', "");
    let mut e = exact;
    e.rescale(d.decimals);
    f.expected = e.to_string();
    f.difference = Some(exact - d.value);
    f.unit = u.to_string();
    f.amount_yuan = money(u).and_then(|m| (exact - d.value).abs().checked_mul(m));
    f.message = format!(
        "表中“{}”本年{}{u}、上年{}{u}，两者之差为{}{u}，但增减额一栏写作{}{u}。",
        r.item, r.current.raw, r.prior.raw, f.expected, d.raw
    );
    Some(f)
}

fn rate_of(c: Decimal, p: Decimal) -> Option<Decimal> {
    c.checked_sub(p)?.checked_div(p)?.checked_mul(Decimal::ONE_HUNDRED)
}

fn pct(r: &ChangeRow, rate: &Printed) -> Option<Finding> {
    let (c, p) = (r.current.value, r.prior.value);
    let (hc, hp) = (half(&r.current), half(&r.prior));
    let mut f = base(r, "ARITH.PCT");
    f.unit = "%".into();
    f.claimed = rate.raw.clone();
    if p.is_zero() {
        if rate.value.is_zero() {
            return None;
        }
        f.severity = Severity::Warning;
        f.message = format!("表中“{}”上年为0，无法计算增减率，但表中写作{}%。", r.item, rate.raw);
        return Some(f);
    }
    if (p - hp).is_sign_positive() != (p + hp).is_sign_positive() {
        return None; // the prior year may be zero within its rounding
    }
    let exact = rate_of(c, p)?;
    let corners = [
        rate_of(c - hc, p - hp)?,
        rate_of(c - hc, p + hp)?,
        rate_of(c + hc, p - hp)?,
        rate_of(c + hc, p + hp)?,
    ];
    let lo = corners.iter().copied().fold(exact, Decimal::min);
    let hi = corners.iter().copied().fold(exact, Decimal::max);
    let hr = half(rate);
    if overlap((lo, hi), (rate.value - hr, rate.value + hr)) {
        return None;
    }
    let mut shown = exact.round_dp(rate.decimals.max(2));
    shown.rescale(rate.decimals.max(2));
    f.expected = shown.to_string();
    f.difference = Some(shown - rate.value);
    let said = format!(
        "表中“{}”本年{}{u}、上年{}{u}，增减率应为({}−{})÷{}={}%，",
        r.item,
        r.current.raw,
        r.prior.raw,
        r.current.raw,
        r.prior.raw,
        r.prior.raw,
        shown,
        u = r.unit
    );
    if exact.trunc_with_scale(rate.decimals) == rate.value {
        f.severity = Severity::Info;
        f.message = format!("{said}表中写作{}%，是截尾而非四舍五入所得，不算矛盾。", rate.raw);
    } else {
        f.message = format!("{said}但表中写作{}%。", rate.raw);
    }
    Some(f)
}

pub fn check(f: &Facts) -> Vec<Finding> {
    let mut out = Vec::new();
    for r in &f.table_changes {
        out.extend(r.delta.as_ref().and_then(|d| diff(r, d)));
        out.extend(r.rate.as_ref().and_then(|p| pct(r, p)));
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::check::{findings_of, Severity};

    // Our own comparison table: 办公费 is right, 差旅费's rate is wrong
    // ((45−60)÷60 = −25%, printed −20%), 印刷费's rate is truncated
    // ((1−3)÷3 = −66.6667%, printed −66.66%), 会议费 has no prior year.
    const TEXT: &str = "二、支出对比情况\n单位：万元\n\
项目 | 本年数 | 上年数 | 增减额 | 增减率\n\
办公费 | 120.50 | 100.00 | 20.50 | 20.50%\n\
差旅费 | 45.00 | 60.00 | -15.00 | -20.00%\n\
印刷费 | 1.000000 | 3.000000 | -2.000000 | -66.66%\n\
培训费 | 8.00 | 5.00 | 2.00 | 60.00%\n\
会议费 | 3.00 | 0 | 3.00 | 100.00%\n";

    #[test]
    fn comparison_table_rows() {
        let got: Vec<_> = findings_of(TEXT)
            .into_iter()
            .filter(|f| f.rule == "ARITH.PCT" || f.rule == "ARITH.DIFF")
            .map(|f| (f.rule, f.severity, f.item, f.claimed, f.expected, f.unit))
            .collect();
        let s = |x: &str| x.to_string();
        assert_eq!(
            got,
            vec![
                (
                    "ARITH.PCT",
                    Severity::Error,
                    s("差旅费"),
                    s("-20.00"),
                    s("-25.00"),
                    s("%")
                ),
                (
                    "ARITH.PCT",
                    Severity::Info,
                    s("印刷费"),
                    s("-66.66"),
                    s("-66.67"),
                    s("%")
                ),
                (
                    "ARITH.DIFF",
                    Severity::Error,
                    s("培训费"),
                    s("2.00"),
                    s("3.00"),
                    s("万元")
                ),
                ("ARITH.PCT", Severity::Warning, s("会议费"), s("100.00"), s(""), s("%")),
            ]
        );
    }

    #[test]
    fn message_and_money() {
        let f: Vec<_> = findings_of(TEXT)
            .into_iter()
            .filter(|f| f.rule == "ARITH.DIFF")
            .collect();
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].amount_yuan, Some(rust_decimal::Decimal::from(10_000)));
        assert_eq!(
            f[0].message,
            "表中“培训费”本年8.00万元、上年5.00万元，两者之差为3.00万元，但增减额一栏写作2.00万元。"
        );
    }
}

//! Shared by the ARITH rules: how a figure is shown in a message, the
//! severity a failed relation gets, and the finding it becomes.

use super::{Finding, Severity};
use crate::extract::figures::Figure;
use crate::extract::relations::Related;
use crate::num::plain;
use rust_decimal::Decimal;

/// A figure as the message shows it: `5457.11万元`, `79.83%`.
pub(crate) fn show(f: &Figure) -> String {
    format!("{}{}", f.printed.raw.replace(',', ""), f.unit)
}

/// A normalised value shown in `like`'s unit.
pub(crate) fn in_unit(v: Decimal, like: &Figure) -> Decimal {
    if like.factor.is_zero() {
        v
    } else {
        v / like.factor
    }
}

/// Rounds a computed value for display to the printed decimals (at least 2).
pub(crate) fn shown(v: Decimal, like: &Figure) -> String {
    plain(v.round_dp(like.printed.decimals.max(2)))
}

/// A failed relation as a finding: an error, or a warning when the relation
/// is only inferred or the report explains the gap (then quoted).
pub(crate) fn finding(
    rule: &'static str,
    r: &Related,
    anchor: &Figure,
    claimed: Decimal,
    expected: Decimal,
    message: String,
) -> Finding {
    let severity = if r.warning || r.explanation.is_some() {
        Severity::Warning
    } else {
        Severity::Error
    };
    let message = match &r.explanation {
        Some(e) => format!("{message}报告说明：“{}”", super::shorten(e)),
        None => message,
    };
    // The claim keeps the decimals the report printed (`3.80`, not `3.8`).
    let mut shown_claim = claimed.normalize();
    if shown_claim.scale() < anchor.printed.decimals {
        shown_claim.rescale(anchor.printed.decimals);
    }
    let claimed_text = shown_claim.to_string();
    let expected_text = plain(expected);
    Finding {
        rule,
        severity,
        item: r.item.clone(),
        difference: Some(expected - claimed),
        claimed: claimed_text,
        expected: expected_text,
        message,
        evidence: r.evidence.clone(),
        index: anchor.index,
        line: anchor.line,
        page: anchor.page,
        ..Finding::default()
    }
}

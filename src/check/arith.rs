//! Shared by the ARITH rules: how a figure is shown in a message, the
//! severity a failed relation gets, and the finding it becomes.

use super::{Finding, Severity};
use crate::extract::figures::Figure;
use crate::extract::relations::Related;
use crate::num::plain;
use crate::patterns::UnitKind;
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

/// Does `exact` (in the printed unit) truncate — rather than round — to the
/// printed value at its printed decimals? Real reports truncate (0.95862
/// printed as 0.958); spec "Rounding": such a value is not an error.
pub(crate) fn truncates_to(exact: Decimal, printed: &Figure) -> bool {
    let d = printed.printed.decimals;
    let t = exact.abs().trunc_with_scale(d);
    t == printed.printed.value.abs()
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
    // The money gap in yuan: claimed and expected are in the anchor's unit.
    let amount_yuan = (anchor.kind == UnitKind::Money)
        .then(|| (expected - claimed).abs().checked_mul(anchor.factor))
        .flatten();
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
        unit: anchor.unit.clone(),
        amount_yuan,
        ..Finding::default()
    }
}

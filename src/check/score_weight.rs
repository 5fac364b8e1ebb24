//! SCORE.WEIGHT — indicator points add up to their group's points, and the
//! groups' points to 100.

use super::{Finding, Severity};
use crate::extract::scorecard::{ScoreLine, Scorecard};
use crate::extract::Facts;
use crate::num::{plain, Printed};
use rust_decimal::Decimal;

pub const RULE: &str = "SCORE.WEIGHT";

pub fn check(f: &Facts) -> Vec<Finding> {
    let mut out = Vec::new();
    for card in &f.scorecards {
        // level 2 groups, then level 1 groups
        for (name, pts, members) in groups(card, |l| (l.level2.clone(), l.level2_points.clone()), true) {
            push(&mut out, &name, &pts, &members, "二级指标");
        }
        let l1 = groups(card, |l| (l.level1.clone(), l.level1_points.clone()), false);
        for (name, pts, members) in &l1 {
            push(&mut out, name, pts, members, "一级指标");
        }
        // the whole table: 100
        let known: Vec<&Printed> = l1.iter().map(|g| &g.1).collect();
        let (sum, what) = if !l1.is_empty() && known.len() == l1.len() {
            (known.iter().map(|p| p.value).sum::<Decimal>(), "各一级指标分值")
        } else {
            (
                card.lines
                    .iter()
                    .filter_map(|l| l.points.as_ref())
                    .map(|p| p.value)
                    .sum(),
                "各指标分值",
            )
        };
        let hundred = Decimal::from(100);
        if let (Some(first), true) = (card.lines.first(), sum != hundred && !card.lines.is_empty()) {
            out.push(Finding {
                rule: RULE,
                severity: Severity::Error,
                item: "评分表满分".into(),
                claimed: plain(sum),
                expected: "100".into(),
                difference: Some(hundred - sum),
                message: format!("评分表{what}合计{}分，而满分应为100分。", plain(sum)),
                unit: "分".into(),
                evidence: first.evidence.clone(),
                index: first.index,
                line: first.line,
                page: first.page,
                ..Finding::default()
            });
        }
    }
    out
}

/// Groups of consecutive lines sharing a name, with the group's stated
/// points (only groups whose points are stated).
fn groups(
    card: &Scorecard,
    key: impl Fn(&ScoreLine) -> (String, Option<Printed>),
    nested: bool,
) -> Vec<(String, Printed, Vec<&ScoreLine>)> {
    let mut out: Vec<(String, Option<Printed>, Vec<&ScoreLine>)> = Vec::new();
    for l in &card.lines {
        let (name, pts) = key(l);
        if name.is_empty() {
            continue;
        }
        let same = out
            .last()
            .is_some_and(|g| g.0 == name && (!nested || g.2.last().is_some_and(|p| p.level1 == l.level1)));
        if same {
            if let Some(g) = out.last_mut() {
                g.2.push(l);
            }
        } else {
            out.push((name, pts, vec![l]));
        }
    }
    out.into_iter().filter_map(|(n, p, m)| p.map(|p| (n, p, m))).collect()
}

fn push(out: &mut Vec<Finding>, name: &str, pts: &Printed, members: &[&ScoreLine], level: &str) {
    let Some(first) = members.first() else { return };
    if members.iter().any(|l| l.points.is_none()) {
        return;
    }
    let sum: Decimal = members.iter().filter_map(|l| l.points.as_ref()).map(|p| p.value).sum();
    if sum == pts.value {
        return;
    }
    out.push(Finding {
        rule: RULE,
        severity: Severity::Error,
        item: name.to_string(),
        claimed: pts.raw.clone(),
        expected: plain(sum),
        difference: Some(sum - pts.value),
        message: format!(
            "{level}“{name}”分值为{}分，而其下{}项指标分值合计{}分；上级指标的分值应等于其下各项分值之和。",
            pts.raw,
            members.len(),
            plain(sum)
        ),
        unit: "分".into(),
        evidence: first.evidence.clone(),
        index: first.index,
        line: first.line,
        page: first.page,
        ..Finding::default()
    });
}

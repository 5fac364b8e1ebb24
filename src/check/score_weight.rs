//! SCORE.WEIGHT — indicator points add up to their group's points, and the
//! groups' points to 100.
//!
//! A card whose points come out more than `PART_GAP` from 100 was most
//! likely read in part (a table lost, cut by a page break or by the end of
//! an excerpt) rather than printed so: its findings here and SCORE.SUM's are
//! warnings that say so, not errors (a misprinted weight is a few points; the
//! smallest first-level group of the official rubrics is worth 10 or more).

use super::{Finding, Severity};
use crate::extract::scorecard::{ScoreLine, Scorecard};
use crate::extract::Facts;
use crate::num::{plain, Printed};
use rust_decimal::Decimal;

pub const RULE: &str = "SCORE.WEIGHT";

/// Points from 100 beyond which a card is taken as read in part.
const PART_GAP: u32 = 10;

/// What a finding on a card read in part adds to its message.
pub const IN_PART: &str = "评分表各项分值合计与100分相差超过10分，评分表可能未被完整读取（表格跨页、被截断或缺页），此项列为提示，请核对原文。";

/// The card's points total (the first-level groups' when every group states
/// its points, else the indicators'), and what it sums.
fn points(card: &Scorecard) -> (Decimal, &'static str) {
    let l1 = groups(card, |l| (l.level1.clone(), l.level1_points.clone()), false);
    let known: Vec<&Printed> = l1.iter().map(|g| &g.1).collect();
    if !l1.is_empty() && known.len() == l1.len() {
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
    }
}

/// The card's points are more than `PART_GAP` from 100: read in part.
pub fn in_part(card: &Scorecard) -> bool {
    (points(card).0 - Decimal::from(100)).abs() > Decimal::from(PART_GAP)
}

/// Errors on a card read in part become warnings saying so.
pub fn soften(card: &Scorecard, found: &mut [Finding]) {
    if !in_part(card) {
        return;
    }
    for f in found.iter_mut().filter(|f| f.severity == Severity::Error) {
        f.severity = Severity::Warning;
        f.message.push_str(IN_PART);
    }
}

pub fn check(f: &Facts) -> Vec<Finding> {
    let mut out = Vec::new();
    for card in &f.scorecards {
        let start = out.len();
        // level 2 groups, then level 1 groups
        for (name, pts, members) in groups(card, |l| (l.level2.clone(), l.level2_points.clone()), true) {
            push(&mut out, &name, &pts, &members, "二级指标");
        }
        let l1 = groups(card, |l| (l.level1.clone(), l.level1_points.clone()), false);
        for (name, pts, members) in &l1 {
            push(&mut out, name, pts, members, "一级指标");
        }
        // the whole table: 100
        let (sum, what) = points(card);
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
        soften(card, &mut out[start..]);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::findings_of;

    /// A scorecard as a text table: its rows' (indicator, points, score) and
    /// the 合计 row's.
    fn card(rows: &[(&str, u32, &str)], total: (u32, &str)) -> String {
        let mut s = String::from(
            "某县文化局2023年度部门整体支出绩效自评报告\n附件：部门整体支出绩效评价指标评分表\n一级指标\t二级指标\t三级指标\t分值\t得分\n",
        );
        for (i, (name, pts, got)) in rows.iter().enumerate() {
            let l1 = if i == 0 { "决策\t预算编制" } else { "\t" };
            s.push_str(&format!("{l1}\t{name}\t{pts}\t{got}\n"));
        }
        s.push_str(&format!("合计\t\t\t{}\t{}\n", total.0, total.1));
        s
    }

    fn found(text: &str) -> Vec<(&'static str, Severity, String, String)> {
        findings_of(text)
            .into_iter()
            .filter(|f| f.rule.starts_with("SCORE."))
            .map(|f| (f.rule, f.severity, f.item, f.claimed))
            .collect()
    }

    #[test]
    fn a_card_a_few_points_short_of_100_is_an_error() {
        // 95 points: a misprinted weight; the scores 30+24+18+20 = 92, not 91
        let text = card(
            &[
                ("预算编制合理性", 30, "30"),
                ("预算编制规范性", 25, "24"),
                ("预算执行率", 20, "18"),
                ("资金使用合规性", 20, "20"),
            ],
            (95, "91"),
        );
        assert_eq!(
            found(&text),
            [
                (RULE, Severity::Error, "评分表满分".into(), "95".into()),
                ("SCORE.SUM", Severity::Error, "合计".into(), "91".into()),
            ]
        );
    }

    #[test]
    fn a_card_far_from_100_was_read_in_part_a_warning() {
        // 55 points of 100: a table of the card lost (cut by a page, an
        // excerpt's end); its sum of scores (45, printed 44) is of a part too
        let text = card(
            &[
                ("预算编制合理性", 10, "10"),
                ("预算编制规范性", 10, "9"),
                ("预算执行率", 20, "18"),
                ("资金使用合规性", 15, "8"),
            ],
            (55, "44"),
        );
        let f = findings_of(&text);
        assert_eq!(
            found(&text),
            [
                (RULE, Severity::Warning, "评分表满分".into(), "55".into()),
                ("SCORE.SUM", Severity::Warning, "合计".into(), "44".into()),
            ]
        );
        assert!(f
            .iter()
            .filter(|f| f.rule.starts_with("SCORE."))
            .all(|f| f.message.ends_with(IN_PART)));
    }
}

//! Reads a scorecard's printed criterion (评分标准) into a rule: numbered
//! items become parts with their own points; tiers, a rate times points,
//! per-item and per-point deductions, zero-if conditions, judgement words and
//! alternatives that restate the whole score are recognised by the patterns
//! in `patterns/criteria.toml`.

use super::expr::{Cmp, Cond, Expr};
use super::rule::{Bound, Part, Rule, Tier};
use crate::patterns::RubricPatterns;
use rust_decimal::Decimal;
use std::str::FromStr;

/// The subject and bounds of a condition such as `90%≤满意度<95%`,
/// `90%>固定资产利用率≥75%` or `比率>10%` (percentages as fractions).
pub fn range(cond: &str) -> Option<(String, Option<Bound>, Option<Bound>)> {
    let mut s = cond.trim().to_string();
    // leading markers: `(1)`, `（2）`, `1.`
    let marker = marker_len(&s);
    s = s[marker..].trim().to_string();
    let mut pieces: Vec<String> = Vec::new();
    let mut ops: Vec<Cmp> = Vec::new();
    let mut cur = String::new();
    let cs: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < cs.len() {
        let next_eq = cs.get(i + 1) == Some(&'=');
        let op = match cs[i] {
            '≥' => Some((Cmp::Ge, 1)),
            '≤' => Some((Cmp::Le, 1)),
            '>' | '＞' if next_eq => Some((Cmp::Ge, 2)),
            '<' | '＜' if next_eq => Some((Cmp::Le, 2)),
            '>' | '＞' => Some((Cmp::Gt, 1)),
            '<' | '＜' => Some((Cmp::Lt, 1)),
            _ => None,
        };
        match op {
            Some((op, n)) => {
                pieces.push(std::mem::take(&mut cur));
                ops.push(op);
                i += n;
            }
            None => {
                cur.push(cs[i]);
                i += 1;
            }
        }
    }
    pieces.push(cur);
    let num = |t: &str| -> Option<Decimal> {
        let t = t.trim();
        let (body, pct) = match t.strip_suffix('%').or_else(|| t.strip_suffix('％')) {
            Some(b) => (b.trim(), true),
            None => (t, false),
        };
        let d = Decimal::from_str(body).ok()?;
        Some(if pct { d / Decimal::ONE_HUNDRED } else { d })
    };
    // x op n → bound on x; n op x → the mirrored bound
    let on_x = |op: Cmp, n: Decimal, x_left: bool| -> (bool, Bound) {
        let op = if x_left {
            op
        } else {
            match op {
                Cmp::Gt => Cmp::Lt,
                Cmp::Ge => Cmp::Le,
                Cmp::Lt => Cmp::Gt,
                Cmp::Le => Cmp::Ge,
            }
        };
        let lower = matches!(op, Cmp::Gt | Cmp::Ge);
        (
            lower,
            Bound {
                value: n,
                inclusive: matches!(op, Cmp::Ge | Cmp::Le),
            },
        )
    };
    let (mut lo, mut hi) = (None, None);
    let mut put = |(lower, b): (bool, Bound)| {
        if lower {
            lo = Some(b)
        } else {
            hi = Some(b)
        }
    };
    let subject;
    match (pieces.as_slice(), ops.as_slice()) {
        ([a, b], [op]) => match (num(a), num(b)) {
            (None, Some(n)) => {
                subject = a.clone();
                put(on_x(*op, n, true));
            }
            (Some(n), None) => {
                subject = b.clone();
                put(on_x(*op, n, false));
            }
            _ => return None,
        },
        ([a, x, b], [op1, op2]) => {
            let (n1, n2) = (num(a)?, num(b)?);
            if num(x).is_some() {
                return None;
            }
            subject = x.clone();
            put(on_x(*op1, n1, false));
            put(on_x(*op2, n2, true));
        }
        _ => return None,
    }
    // the subject is the words right before (or between) the comparisons:
    // drop a definition or marker in front (`…×100% (1) “三公”经费控制率`)
    let subject = subject
        .rsplit(|c: char| c.is_whitespace() || ")）。；;".contains(c))
        .next()
        .unwrap_or("")
        .trim()
        .to_string();
    Some((subject, lo, hi))
}

/// Length of a leading `(1)` / `（1）` / `1.` marker.
fn marker_len(s: &str) -> usize {
    let t = s.trim_start();
    let skipped = s.len() - t.len();
    let mut it = t.char_indices().peekable();
    let open = matches!(it.peek(), Some((_, '(' | '（')));
    if open {
        it.next();
    }
    let mut digits = false;
    while let Some((_, c)) = it.peek() {
        if c.is_ascii_digit() {
            digits = true;
            it.next();
        } else {
            break;
        }
    }
    if !digits {
        return 0;
    }
    match it.next() {
        Some((i, c)) if (open && (c == ')' || c == '）')) || (!open && (c == '.' || c == '、' || c == '．')) => {
            skipped + i + c.len_utf8()
        }
        _ => 0,
    }
}

/// Text without quotes, spaces and a trailing `的`, for matching names.
pub fn squash(s: &str) -> String {
    let t = crate::normalize::chars::without(s, |c| c.is_whitespace() || "“”\"'‘’「」".contains(c));
    t.trim_end_matches('的').to_string()
}

/// One numbered item's reading.
enum Piece {
    /// A part with its own points.
    Part(Part),
    /// A deduction per item applying to the part before (`发现一项不符合的扣1分`).
    Step(Decimal),
    /// A formula restating the whole part before (`本指标得分=…×6分`).
    Alternative(Rule),
    /// A condition that sets the indicator to 0.
    Zero(Option<Cond>, String),
}

/// The rule a printed criterion states, or None when it states none the
/// patterns can read. `indicator` names the indicator (for `比率<5%`
/// clauses); a criterion that only says the scorer deducts at discretion
/// (`酌情扣分`) is a judgement over its `points`.
pub fn parse(text: &str, indicator: &str, points: Option<Decimal>, p: &RubricPatterns) -> Option<Rule> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let items = items(&text, p);
    let judged = p.criteria.judgement_words.iter().any(|w| text.contains(w.as_str()));
    let mut parts: Vec<Part> = Vec::new();
    let mut zero: Option<(Option<Cond>, String)> = None;
    for item in &items {
        for piece in read_item(item, indicator, p) {
            match piece {
                Piece::Part(part) => merge_tiers(&mut parts, part),
                Piece::Step(step) => {
                    if let Some(last) = parts.last_mut() {
                        let points = last.rule.points();
                        // a deduction next to judgement words stays a range
                        if !p.criteria.judgement_words.iter().any(|w| item.contains(w.as_str())) {
                            last.rule = Rule::Steps { points, step };
                        }
                    }
                }
                Piece::Alternative(rule) => match parts.last_mut() {
                    Some(last) => last.rule = rule,
                    None => parts.push(Part {
                        name: name_of(item),
                        rule,
                    }),
                },
                Piece::Zero(cond, t) => {
                    if zero.as_ref().is_none_or(|(c, _)| c.is_none()) {
                        zero = Some((cond, t));
                    }
                }
            }
        }
    }
    let rule = match parts.len() {
        0 if judged => Rule::Judgement { points: points? },
        0 => return None,
        1 => parts.pop()?.rule,
        _ => Rule::Sum(parts),
    };
    Some(match zero {
        Some((cond, text)) => Rule::ZeroIf {
            cond,
            text,
            rule: Box::new(rule),
        },
        None => rule,
    })
}

/// The numbered items (`1.` … `n.` in sequence); the text before the first
/// counts as an item when it awards points itself.
fn items(text: &str, p: &RubricPatterns) -> Vec<String> {
    let mut starts: Vec<(usize, usize)> = Vec::new(); // (marker start, body start)
    let mut expect = 1u32;
    for c in p.criteria.item.captures_iter(text) {
        let (Some(m), Some(n)) = (c.get(0), c.name("n")) else {
            continue;
        };
        if n.as_str().parse::<u32>().ok() != Some(expect) {
            continue;
        }
        if text[m.end()..].chars().next().is_some_and(|c| c.is_ascii_digit()) {
            continue;
        }
        starts.push((m.start(), m.end()));
        expect += 1;
    }
    let mut out = Vec::new();
    let pre = &text[..starts.first().map(|s| s.0).unwrap_or(text.len())];
    if starts.is_empty() || p.criteria.award.is_match(pre) || p.criteria.times.is_match(pre) {
        out.push(pre.to_string());
    }
    for (i, (_, body)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map(|s| s.0).unwrap_or(text.len());
        out.push(text[*body..end].to_string());
    }
    out
}

/// A part's name: the item's first words.
fn name_of(item: &str) -> String {
    let cut = item
        .find(['（', '(', '，', ',', '。', '；', '=', '×'])
        .unwrap_or(item.len());
    item[..cut].chars().take(20).collect::<String>().trim().to_string()
}

fn dec(s: &str) -> Option<Decimal> {
    Decimal::from_str(s).ok()
}

/// The variable a subject names, or the subject itself (unknown to figures).
fn var_for(subject: &str, indicator: &str, p: &RubricPatterns) -> Expr {
    let s = squash(subject);
    let s = if p.criteria.self_words.contains(&s) || s.is_empty() {
        squash(indicator)
    } else {
        s
    };
    match p.variable(&s) {
        Some(v) => Expr::Key(v.id.clone()),
        None => Expr::Key(s),
    }
}

fn read_item(item: &str, indicator: &str, p: &RubricPatterns) -> Vec<Piece> {
    let c = &p.criteria;
    let own_points = c.points.captures(item).and_then(|m| dec(&m["n"]));
    let alternative = c.alternative_words.iter().any(|w| item.contains(w.as_str()));
    let mut out = Vec::new();
    // a zero-if comparing two variables (`如实际采购金额大于采购计划金额，本项得0分`)
    let zero_cond = c.zero_if.captures(item).map(|m| {
        let op = match &m["op"] {
            "小于" | "低于" | "少于" => Cmp::Lt,
            _ => Cmp::Gt,
        };
        let (a, b) = (p.variable(&squash(&m["a"])), p.variable(&squash(&m["b"])));
        let cond = match (a, b) {
            (Some(a), Some(b)) => Some(Cond {
                left: Expr::Key(a.id.clone()),
                op,
                right: Expr::Key(b.id.clone()),
            }),
            _ => None,
        };
        (cond, m[0].trim().to_string())
    });
    let wrap = |rule: Rule, zero: &Option<(Option<Cond>, String)>| match zero {
        Some((cond, text)) => Rule::ZeroIf {
            cond: cond.clone(),
            text: text.clone(),
            rule: Box::new(rule),
        },
        None => rule,
    };
    // 1. tiers on a quantity
    let tiers: Vec<(String, Tier)> = c
        .tier
        .captures_iter(item)
        .filter_map(|m| {
            let (subject, lo, hi) = range(&m["cond"])?;
            Some((
                subject,
                Tier {
                    lo,
                    hi,
                    score: dec(&m["n"])?,
                },
            ))
        })
        .collect();
    if !tiers.is_empty() {
        // tiers on each subject in turn (`“三公”经费控制率` then `日常公用经费控制率`)
        let mut groups: Vec<(String, Vec<Tier>)> = Vec::new();
        for (s, t) in tiers {
            let key = squash(&s);
            match groups.last_mut() {
                Some((k, v)) if *k == key => v.push(t),
                _ => groups.push((key, vec![t])),
            }
        }
        for (subject, tiers) in groups {
            out.push(Piece::Part(Part {
                name: subject.clone(),
                rule: Rule::Tiers {
                    var: Some(var_for(&subject, indicator, p)),
                    tiers,
                },
            }));
        }
        return out;
    }
    // 2. a per-point deduction beyond a limit
    if let Some(m) = c.per_point.captures(item) {
        let var = p
            .variable_in(item)
            .map(|v| Expr::Key(v.id.clone()))
            .unwrap_or_else(|| Expr::Key(squash(indicator)));
        let points = own_points.or_else(|| c.award.captures(item).and_then(|a| dec(&a["n"])));
        if let (Some(points), Some(limit), Some(per)) = (points, dec(&m["limit"]), dec(&m["per"])) {
            out.push(Piece::Part(Part {
                name: name_of(item),
                rule: wrap(
                    Rule::Threshold {
                        points,
                        var,
                        limit: limit / Decimal::ONE_HUNDRED,
                        above: !matches!(&m["dir"], "低于" | "少于"),
                        per,
                        unit: Decimal::new(1, 2),
                    },
                    &zero_cond,
                ),
            }));
            return out;
        }
    }
    // 3. a rate times points
    if let Some(m) = c.times.captures(item) {
        if let Some(points) = dec(&m["n"]) {
            let raw = m["var"].trim_start_matches(['(', '（']).trim_end_matches([')', '）']);
            let var = match p.variable(&squash(raw)) {
                Some(v) => Expr::Key(v.id.clone()),
                None => Expr::Key(squash(raw)),
            };
            let rule = wrap(
                Rule::Proportional {
                    points,
                    var,
                    target: Decimal::ONE,
                    reverse: false,
                },
                &zero_cond,
            );
            if alternative && own_points.is_none() {
                out.push(Piece::Alternative(rule));
            } else {
                out.push(Piece::Part(Part {
                    name: name_of(item),
                    rule,
                }));
            }
            return out;
        }
    }
    // 4. qualitative tiers the scorer picks (`按以下标准分档计分`)
    let awards: Vec<Decimal> = c.award.captures_iter(item).filter_map(|m| dec(&m["n"])).collect();
    if c.tier_words.iter().any(|w| item.contains(w.as_str())) && awards.len() >= 2 {
        let tiers = awards
            .iter()
            .map(|&score| Tier {
                lo: None,
                hi: None,
                score,
            })
            .collect();
        out.push(Piece::Part(Part {
            name: name_of(item),
            rule: Rule::Tiers { var: None, tiers },
        }));
        return out;
    }
    // 5. a deduction per item: of this item's points, or of the part before
    if let Some(m) = c.per_item.captures(item) {
        if let Some(step) = dec(&m["n"]) {
            let points = own_points.or_else(|| awards.iter().copied().max());
            match points {
                Some(points) if points > Decimal::ZERO => out.push(Piece::Part(Part {
                    name: name_of(item),
                    rule: Rule::Steps { points, step },
                })),
                _ => out.push(Piece::Step(step)),
            }
            return out;
        }
    }
    // 6. a part with its own points
    if let Some(points) = own_points {
        out.push(Piece::Part(Part {
            name: name_of(item),
            rule: wrap(Rule::Judgement { points }, &zero_cond),
        }));
        return out;
    }
    // 7. a condition setting the indicator to 0
    if let Some((cond, text)) = zero_cond {
        out.push(Piece::Zero(cond, text));
    } else if let Some(w) = c.zero_words.iter().find(|w| item.contains(w.as_str())) {
        out.push(Piece::Zero(None, w.clone()));
    }
    out
}

/// Consecutive one-tier items on the same variable are one tiered part
/// (`1. 满意度≥95%的，得6分； 2. 90%≤满意度<95%的，得4分 …`).
fn merge_tiers(parts: &mut Vec<Part>, part: Part) {
    if let (
        Some(Part {
            rule: Rule::Tiers {
                var: Some(v0),
                tiers: t0,
            },
            ..
        }),
        Rule::Tiers {
            var: Some(v1),
            tiers: t1,
        },
    ) = (parts.last_mut(), &part.rule)
    {
        if v0 == v1 {
            t0.extend(t1.iter().cloned());
            return;
        }
    }
    parts.push(part);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn ranges_in_either_order() {
        let (s, lo, hi) = range("2. 90%>固定资产利用率≥75%").unwrap();
        assert_eq!(s, "固定资产利用率");
        assert_eq!(
            (lo, hi),
            (
                Some(Bound {
                    value: d("0.75"),
                    inclusive: true
                }),
                Some(Bound {
                    value: d("0.9"),
                    inclusive: false
                })
            )
        );
        let (s, lo, hi) = range("(3) “三公”经费控制率>100%").unwrap();
        assert_eq!(
            (s.as_str(), lo.unwrap().value, lo.unwrap().inclusive, hi),
            ("“三公”经费控制率", d("1"), false, None)
        );
        let (_, lo, hi) = range("90% ≤满意度<95%").unwrap();
        assert_eq!((lo.unwrap().value, hi.unwrap().value), (d("0.9"), d("0.95")));
        assert!(range("得分").is_none() && range("a<b").is_none());
    }

    /// Items count only in sequence and never inside a number (`得 1.5 分`).
    #[test]
    fn items_in_sequence() {
        let p = crate::patterns::Patterns::builtin().unwrap();
        let r = parse("1. 甲（1分）； 3. 乙（2分）", "x", None, &p.rubrics).unwrap();
        assert_eq!(r.points(), d("1"));
        let r = parse("1. 甲（1分）； 2. 乙，得 1.5 分（2分）", "x", None, &p.rubrics).unwrap();
        assert_eq!(r.points(), d("3"));
    }
}

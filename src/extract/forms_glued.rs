//! Reads the money rows of a form whose cells were run together when it was
//! copied as text (`年度资金总额:310.2154.741050%5`): the header's roles in the
//! order printed, then each row label's run of digits split into one number
//! per role — the one split the row's own arithmetic allows (执行数 ÷ 预算数 =
//! 执行率, 得分 = 执行率 × 分值, capped), else nothing.
//!
//! Seen in p11 (`1.561.56120` under 预算数(A)/执行数(B)/执行率(B/A)/得分),
//! p25 (`21182118100%` under 全年预算数(A)/全年执行数(B)/预算执行率(B/A)) and
//! p27 (`310.2154.741050%5` under 年初预算数(A)/全年执行数(B)/分值/执行率/得分)
//! of ../shared/real.

use rust_decimal::Decimal;

/// A money column's role, as the form reader names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Initial,
    Annual,
    Spent,
    Points,
    Rate,
    Score,
}

/// Longest run of digits the splitter tries: the splits of a run of n
/// characters into k ≤ 6 numbers are at most C(n−1, k−1), 33,649 for 24.
const MAX_RUN: usize = 24;

/// Each header word of `words` found in `text`, longest at each position,
/// as (start, end, role), not overlapping.
pub fn words_in<R: Copy>(text: &str, words: &[(R, Vec<String>)]) -> Vec<(usize, usize, R)> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < text.len() {
        let rest = &text[k..];
        match longest_at(rest, words) {
            Some((r, w)) => {
                out.push((k, k + w.len(), r));
                k += w.len();
            }
            None => k += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    out
}

/// The longest header word `rest` starts with, and its role.
fn longest_at<'w, R: Copy>(rest: &str, words: &'w [(R, Vec<String>)]) -> Option<(R, &'w String)> {
    words
        .iter()
        .flat_map(|(r, ws)| ws.iter().map(move |w| (*r, w)))
        .filter(|(_, w)| !w.is_empty() && rest.starts_with(w.as_str()))
        .max_by_key(|(_, w)| w.len())
}

/// Header words this long or longer may be matched one character off in
/// OCR text (`年初预匏数` for 年初预算数, r11); shorter ones (执行率, 得分)
/// only as printed.
pub const TOLERANT_MIN: usize = 5;

/// As `words_in`, and, where no word starts, a word of `TOLERANT_MIN` or
/// more characters printed with one character misread (OCR text): each
/// found word with whether it matched exactly.
pub fn words_in_tolerant<R: Copy>(text: &str, words: &[(R, Vec<String>)]) -> Vec<(usize, usize, R, bool)> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < text.len() {
        let rest = &text[k..];
        if let Some((r, w)) = longest_at(rest, words) {
            out.push((k, k + w.len(), r, true));
            k += w.len();
            continue;
        }
        // a misread word ends where the next word or a mark starts (not
        // inside a longer word: `预算执行情况` is no 预算执行率)
        let ends = |after: &str| {
            after.chars().next().is_none_or(|c| !is_cjk(c))
                || words
                    .iter()
                    .flat_map(|(_, ws)| ws.iter())
                    .any(|w| !w.is_empty() && (after.starts_with(w.as_str()) || one_off(after, w).is_some()))
        };
        let near = words
            .iter()
            .flat_map(|(r, ws)| ws.iter().map(move |w| (*r, w)))
            .filter_map(|(r, w)| one_off(rest, w).map(|n| (r, n, w.chars().count())))
            .filter(|x| ends(&rest[x.1..]))
            .max_by_key(|x| x.2);
        match near {
            Some((r, n, _)) => {
                out.push((k, k + n, r, false));
                k += n;
            }
            None => k += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    out
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Whether `text` holds `word`, or — OCR text — `word` (of `TOLERANT_MIN`
/// characters or more) with one character misread and ending at a mark or
/// the text's end or another character (the variant test: r11's `年初预匏数`).
pub fn holds(text: &str, word: &str, ocr: bool) -> bool {
    text.contains(word) || ocr && text.char_indices().any(|(k, _)| one_off(&text[k..], word).is_some())
}

/// The byte length of the start of `rest` that is `word` with exactly one
/// character other (a word of `TOLERANT_MIN` characters or more), else None.
fn one_off(rest: &str, word: &str) -> Option<usize> {
    let n = word.chars().count();
    if n < TOLERANT_MIN {
        return None;
    }
    let mut len = 0;
    let mut diff = 0;
    let mut got = rest.chars();
    for w in word.chars() {
        let c = got.next()?;
        // a misread character is a character, never a digit or a mark
        if c != w && (diff > 0 || !c.is_alphabetic()) {
            return None;
        }
        diff += usize::from(c != w);
        len += c.len_utf8();
    }
    (diff == 1).then_some(len)
}

/// The header roles printed in the squeezed `text`, in order, each once:
/// at each position the longest header word starting there.
pub fn header_roles(text: &str, words: &[(Role, Vec<String>)]) -> Vec<Role> {
    let mut out: Vec<Role> = Vec::new();
    for (_, _, r) in words_in(text, words) {
        if !out.contains(&r) {
            out.push(r);
        }
    }
    out
}

/// Each row label of `labels` in the squeezed `text` followed (after an
/// optional colon) by a run of digits, `.` and `%` at least four long: the
/// label as printed (with a `其中:` before it) and the run, with the label's
/// byte position.
pub fn runs<'a>(text: &'a str, labels: &[String]) -> Vec<(usize, String, &'a str)> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < text.len() {
        let rest = &text[k..];
        let best = labels
            .iter()
            .filter(|w| w.chars().count() >= 4 && rest.starts_with(w.as_str()))
            .max_by_key(|w| w.len());
        let Some(w) = best else {
            k += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let after = rest[w.len()..].trim_start_matches(':');
        let run_len = after
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '%'))
            .unwrap_or(after.len());
        let run = &after[..run_len];
        if run.len() >= 4 && run.starts_with(|c: char| c.is_ascii_digit()) {
            let label = if text[..k].ends_with("其中:") {
                format!("其中:{w}")
            } else {
                w.clone()
            };
            out.push((k, label, run));
            k += w.len();
        } else {
            // a shorter label may start inside this one (财政资金|总额)
            k += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    out
}

/// Splits `run` into one number per role: the only split whose numbers
/// agree (执行数 ÷ 预算数 within one point of 执行率; 得分 ≤ 分值 and within
/// one point of 执行率 × 分值, capped). None when no split or several agree,
/// or the roles hold no rate to check against.
pub fn split_run(run: &str, roles: &[Role]) -> Option<Vec<String>> {
    if run.len() > MAX_RUN || !run.is_ascii() || roles.is_empty() || roles.len() > 6 {
        return None;
    }
    let has = |r: Role| roles.contains(&r);
    if !(has(Role::Rate) && has(Role::Spent) && (has(Role::Annual) || has(Role::Initial))) {
        return None;
    }
    let mut found: Vec<Vec<String>> = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    walk(run, roles, &mut cur, &mut found);
    // a zero spent at a zero rate agrees with any budget (`7367361|0|0%`):
    // no evidence, so such splits count only when nothing else agrees
    let rate_at = roles.iter().position(|r| *r == Role::Rate);
    let zero = |s: &Vec<String>| {
        rate_at
            .and_then(|k| s.get(k))
            .and_then(|p| value(p))
            .is_none_or(|v| v.is_zero())
    };
    let informative: Vec<&Vec<String>> = found.iter().filter(|s| !zero(s)).collect();
    match (informative.as_slice(), found.len()) {
        ([one], _) => Some((*one).clone()),
        ([], 1) => found.pop(),
        _ => None,
    }
}

fn walk<'a>(rest: &'a str, roles: &[Role], cur: &mut Vec<&'a str>, found: &mut Vec<Vec<String>>) {
    if found.len() > 16 {
        return;
    }
    let k = cur.len();
    if k == roles.len() {
        if rest.is_empty() && agrees(cur, roles) {
            found.push(cur.iter().map(|s| s.to_string()).collect());
        }
        return;
    }
    let left = roles.len() - k;
    // each remaining role needs at least one character
    for n in 1..=rest.len().saturating_sub(left - 1) {
        let piece = &rest[..n];
        if !valid(piece, roles[k]) {
            continue;
        }
        cur.push(piece);
        walk(&rest[n..], roles, cur, found);
        cur.pop();
    }
}

/// A piece is a plain number for its role: no leading zero, one point at
/// most, `%` only ending a rate, few decimals.
pub(crate) fn valid(p: &str, role: Role) -> bool {
    let (body, pct) = match p.strip_suffix('%') {
        Some(b) => (b, true),
        None => (p, false),
    };
    if pct && role != Role::Rate || body.is_empty() || body.contains('%') {
        return false;
    }
    let (int, dec) = match body.split_once('.') {
        Some((i, d)) => (i, Some(d)),
        None => (body, None),
    };
    if int.is_empty()
        || int.len() > 12
        || !int.bytes().all(|b| b.is_ascii_digit())
        || int.len() > 1 && int.starts_with('0')
    {
        return false;
    }
    let places = match dec {
        Some(d) if d.is_empty() || !d.bytes().all(|b| b.is_ascii_digit()) => return false,
        Some(d) => d.len(),
        None => 0,
    };
    let max = match role {
        Role::Initial | Role::Annual | Role::Spent => 4,
        Role::Rate if !pct => 4,
        _ => 2,
    };
    places <= max
}

fn value(p: &str) -> Option<Decimal> {
    p.trim_end_matches('%').parse::<Decimal>().ok()
}

fn agrees(cur: &[&str], roles: &[Role]) -> bool {
    let get = |r: Role| roles.iter().position(|x| *x == r).and_then(|k| cur.get(k).copied());
    let num = |r: Role| get(r).and_then(value);
    let (Some(spent), Some(budget)) = (num(Role::Spent), num(Role::Annual).or_else(|| num(Role::Initial))) else {
        return false;
    };
    let Some(rate_p) = get(Role::Rate) else { return false };
    let Some(rv) = value(rate_p) else { return false };
    let hundred = Decimal::ONE_HUNDRED;
    // a rate printed without % above 1.5 is a percentage (as the reader reads it)
    let rate = if rate_p.ends_with('%') || rv > Decimal::new(15, 1) {
        rv / hundred
    } else {
        rv
    };
    if rate > Decimal::TWO || budget <= Decimal::ZERO {
        return false;
    }
    // a printed 0 rate belongs to a row that spent nothing (else 21182118 |
    // 10 | 0% would pass for 2118 | 2118 | 100%)
    if rate.is_zero() && !spent.is_zero() {
        return false;
    }
    let Some(actual) = spent.checked_div(budget) else {
        return false;
    };
    if (actual - rate).abs() > Decimal::new(1, 2) {
        return false;
    }
    let points = num(Role::Points);
    if points.is_some_and(|p| p > hundred || p <= Decimal::ZERO) {
        return false;
    }
    if let Some(score) = num(Role::Score) {
        if score > hundred {
            return false;
        }
        if let Some(p) = points {
            let due = rate.min(Decimal::ONE) * p;
            if score > p || (score - due).abs() > Decimal::ONE {
                return false;
            }
        }
    }
    true
}

/// Values printed after the money header before any row label (a PDF or
/// sheet flattened to text puts the row's label after its values: r10, r22 of
/// ../shared/real): the first `roles.len()` values, or one role fewer with
/// one role left out (a cell the flattening moved elsewhere), assigned in
/// order — the one assignment whose arithmetic agrees (执行数 ÷ 预算数 = 执行率
/// within one point, 得分 = 执行率 × 分值 within one, capped; the rate
/// computed when it is the cell left out). None when none or several agree,
/// or no check could be made.
pub fn assign_values(values: &[&str], roles: &[Role]) -> Option<Vec<(Role, String)>> {
    if roles.len() < 3 || roles.len() > 6 {
        return None;
    }
    let plain: Vec<String> = values.iter().map(|v| v.trim().replace(',', "")).collect();
    let mut found: Vec<Vec<(Role, String)>> = Vec::new();
    let mut tries: Vec<Vec<Role>> = vec![roles.to_vec()];
    for k in 0..roles.len() {
        let mut r = roles.to_vec();
        r.remove(k);
        tries.push(r);
    }
    for r in tries {
        let Some(vals) = plain.get(..r.len()) else { continue };
        if !vals.iter().zip(&r).all(|(v, role)| valid(v, *role)) {
            continue;
        }
        let cur: Vec<&str> = vals.iter().map(String::as_str).collect();
        if checks(&cur, &r) > 0 {
            found.push(
                r.iter()
                    .zip(values)
                    .map(|(role, v)| (*role, v.trim().to_string()))
                    .collect(),
            );
        }
    }
    match found.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// How many arithmetic checks the values pass, 0 when one fails or none can
/// be made (the rate computed from 执行数 ÷ 预算数 when not printed).
fn checks(cur: &[&str], roles: &[Role]) -> usize {
    let get = |r: Role| roles.iter().position(|x| *x == r).and_then(|k| cur.get(k).copied());
    let num = |r: Role| get(r).and_then(value);
    let hundred = Decimal::ONE_HUNDRED;
    let budget = num(Role::Annual).or_else(|| num(Role::Initial));
    let spent = num(Role::Spent);
    let computed = match (spent, budget) {
        // money spent out of no budget: not a reading
        (Some(s), Some(b)) if b.is_zero() && !s.is_zero() => return 0,
        (Some(s), Some(b)) if b > Decimal::ZERO => s.checked_div(b),
        _ => None,
    };
    let printed = get(Role::Rate).and_then(|p| {
        let v = value(p)?;
        Some(if p.ends_with('%') || v > Decimal::new(15, 1) {
            v / hundred
        } else {
            v
        })
    });
    let points = num(Role::Points);
    let score = num(Role::Score);
    if points.is_some_and(|p| p > hundred || p <= Decimal::ZERO) || score.is_some_and(|s| s > hundred) {
        return 0;
    }
    let mut n = 0;
    if let (Some(c), Some(p)) = (computed, printed) {
        if (c - p).abs() > Decimal::new(1, 2) {
            return 0;
        }
        n += 1;
    }
    let rate = printed.or(computed);
    if rate.is_some_and(|r| r > Decimal::TWO) {
        return 0;
    }
    if let (Some(r), Some(p), Some(s)) = (rate, points, score) {
        let due = r.min(Decimal::ONE) * p;
        if s > p || (s - due).abs() > Decimal::ONE {
            return 0;
        }
        // a zero score of a zero rate is no evidence
        if !s.is_zero() {
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misread_header_words_match_one_character_off_at_a_word_end() {
        let words = vec![
            (Role::Initial, vec!["年初预算数".to_string()]),
            (Role::Annual, vec!["调整预算数".to_string(), "预算数".to_string()]),
            (Role::Spent, vec!["全年执行数".to_string()]),
            (Role::Rate, vec!["预算执行率".to_string(), "执行率".to_string()]),
        ];
        let text = "年初预匏数调整预算将,A、全年执行数(B)执行率(B/A)";
        let got: Vec<(&str, Role, bool)> = words_in_tolerant(text, &words)
            .into_iter()
            .map(|(a, b, r, e)| (&text[a..b], r, e))
            .collect();
        assert_eq!(
            got,
            vec![
                ("年初预匏数", Role::Initial, false),
                ("调整预算将", Role::Annual, false),
                ("全年执行数", Role::Spent, true),
                ("执行率", Role::Rate, true),
            ]
        );
        // inside a longer word, or a digit for a character: no match
        assert!(words_in_tolerant("预算执行情况良好", &words).is_empty());
        assert!(words_in_tolerant("年初预算9", &words).is_empty());
        assert!(holds("年初预匏数", "年初预算数", true) && !holds("年初预匏数", "年初预算数", false));
    }
    use Role::*;

    #[test]
    fn a_run_splits_the_one_way_its_arithmetic_allows() {
        // 120.5 spent of 240, 50% (50.2 truncated), 10 points, score 5
        assert_eq!(
            split_run("240120.51050%5", &[Initial, Spent, Points, Rate, Score]),
            Some(vec![
                "240".into(),
                "120.5".into(),
                "10".into(),
                "50%".into(),
                "5".into()
            ])
        );
        // a ratio rate and a score without its points
        assert_eq!(
            split_run("3.23.2120", &[Annual, Spent, Rate, Score]),
            Some(vec!["3.2".into(), "3.2".into(), "1".into(), "20".into()])
        );
        assert_eq!(
            split_run("980980100%", &[Annual, Spent, Rate]),
            Some(vec!["980".into(), "980".into(), "100%".into()])
        );
    }

    #[test]
    fn no_rate_or_several_splits_read_nothing() {
        assert_eq!(split_run("310.2154.74", &[Initial, Spent]), None);
        // no split agrees (1|1|11%, 1|11|1, 11|1|1)
        assert_eq!(split_run("1111", &[Annual, Spent, Rate]), None);
        // two agree (10|10|1.00|10 and 10|10|1.001|0): ambiguous, unread
        assert_eq!(split_run("10101.0010", &[Annual, Spent, Rate, Score]), None);
        // 5205|0|0% agrees too, but a zero rate over nothing spent is no evidence
        assert_eq!(
            split_run("520520100%", &[Annual, Spent, Rate]),
            Some(vec!["520".into(), "520".into(), "100%".into()])
        );
    }

    #[test]
    fn a_long_run_is_left_alone_quickly() {
        let roles = [Initial, Annual, Spent, Points, Rate, Score];
        assert_eq!(split_run(&"1".repeat(24), &roles), None);
        assert_eq!(split_run(&"1".repeat(25), &roles), None);
    }

    #[test]
    fn header_roles_and_runs_are_found_in_glued_text() {
        let words = vec![
            (Initial, vec!["年初预算数".to_string()]),
            (Annual, vec!["预算数".to_string()]),
            (Spent, vec!["执行数".to_string()]),
            (Points, vec!["分值".to_string()]),
            (Rate, vec!["执行率".to_string()]),
            (Score, vec!["得分".to_string()]),
        ];
        let t = "项目资金(万元)年初预算数(A)全年执行数(B)分值(10分)执行率(B/A)得分得分计算方法";
        assert_eq!(header_roles(t, &words), vec![Initial, Spent, Points, Rate, Score]);
        let labels = vec![
            "年度资金总额".to_string(),
            "资金总额".to_string(),
            "财政拨款".to_string(),
        ];
        let r = runs("年度资金总额:240120.51050%5执行率其中:财政拨款240120.5", &labels);
        assert_eq!(r.len(), 2);
        assert_eq!((r[0].1.as_str(), r[0].2), ("年度资金总额", "240120.51050%5"));
        assert_eq!((r[1].1.as_str(), r[1].2), ("其中:财政拨款", "240120.5"));
    }

    #[test]
    fn values_before_their_label_are_assigned_by_arithmetic() {
        let roles = [Initial, Annual, Spent, Points, Rate, Score];
        // 执行率 printed elsewhere: 172.8 of 240 = 72%, 10 points → 7.2
        assert_eq!(
            assign_values(&["240.00", "240.00", "172.8", "10", "7.2", "240.00", "—"], &roles),
            Some(vec![
                (Initial, "240.00".into()),
                (Annual, "240.00".into()),
                (Spent, "172.8".into()),
                (Points, "10".into()),
                (Score, "7.2".into())
            ])
        );
        // thousands separators, 执行数 printed elsewhere: 100% → 10 of 10
        assert_eq!(
            assign_values(&["0", "1,306.25", "10", "100%", "10", "1,306.25"], &roles),
            Some(vec![
                (Initial, "0".into()),
                (Annual, "1,306.25".into()),
                (Points, "10".into()),
                (Rate, "100%".into()),
                (Score, "10".into())
            ])
        );
        // too few values, or nothing to check: unread
        assert_eq!(assign_values(&["500", "500", "3.5"], &roles), None);
        assert_eq!(
            assign_values(&["5", "5", "5", "5", "5"], &[Initial, Annual, Points]),
            None
        );
    }
}

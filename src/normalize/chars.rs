//! Character-level rules: full-width digits, signs and number punctuation to
//! half-width; odd spaces and invisible characters; digits spaced out by
//! extraction (`1 7 7 8 . 8 7`) joined; traditional-script, compatibility and
//! radical code points folded to the simplified unified ideographs (`fold_script`);
//! pinyin glosses of mirror sites (`經(jīng)費`) dropped; letter-spaced text
//! (`经 费 总 预 算`) closed up. Full-width brackets, commas and colons used as
//! Chinese punctuation are kept.

use std::borrow::Cow;
use std::sync::OnceLock;

/// Folds full-width digits and number punctuation to ASCII, unifies spaces,
/// and drops invisible and control characters (tabs are kept).
pub fn fold_width(s: &str) -> String {
    fold_width_cow(s).into_owned()
}

/// `fold_width`, borrowing `s` when nothing changes.
pub fn fold_width_cow(s: &str) -> Cow<'_, str> {
    if !needs_folding(s) {
        return Cow::Borrowed(s);
    }
    // Pass 1: context-free mappings.
    let mut v: Vec<char> = Vec::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '０'..='９' => v.push(char::from(b'0' + (c as u32 - '０' as u32) as u8)),
            '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200A}' | '\u{202F}' | '\u{205F}' => v.push(' '),
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => {}
            '％' => v.push('%'),
            '＋' => v.push('+'),
            '＜' => v.push('<'),
            '＞' => v.push('>'),
            '＝' => v.push('='),
            '≦' => v.push('≤'),
            '≧' => v.push('≥'),
            '\t' => v.push('\t'),
            c if c.is_control() => {}
            c => v.push(c),
        }
    }
    // Pass 2: punctuation that is numeric only next to digits.
    let digit = |i: Option<&char>| i.is_some_and(|c| c.is_ascii_digit());
    let mut out = String::with_capacity(s.len());
    for i in 0..v.len() {
        let c = v[i];
        let prev = if i > 0 { v.get(i - 1) } else { None };
        let next = v.get(i + 1);
        let mapped = match c {
            '．' if digit(prev) || digit(next) => '.',
            '－' if digit(next) || digit(prev) => '-',
            '／' if digit(prev) && digit(next) => '/',
            '，' if digit(prev) && thousands_group(&v[i + 1..]) => ',',
            c => c,
        };
        out.push(mapped);
    }
    Cow::Owned(out)
}

/// Whether `fold_width` would change anything: a character pass 1 maps or
/// drops, or number punctuation that pass 2 may map (`，` only after a digit).
/// Read byte by byte, from one character's first byte to the next (a
/// continuation byte is never looked at: an ideograph is one step, not
/// three): `needs_folding_chars` says the same character by character.
fn needs_folding(s: &str) -> bool {
    let b = s.as_bytes();
    let at = |k: usize| b.get(k).copied().unwrap_or(0);
    let mut i = 0;
    while let Some(&x) = b.get(i) {
        let odd = match x {
            b'\t' => false,
            0x00..=0x1F | 0x7F => true,
            // U+0080–U+009F (controls), U+00A0, U+00AD
            0xC2 => matches!(at(i + 1), 0x80..=0xA0 | 0xAD),
            // U+2002–U+200D, U+202F, U+205F, U+2060, ≦ U+2266, ≧ U+2267
            0xE2 => matches!(
                (at(i + 1), at(i + 2)),
                (0x80, 0x82..=0x8D | 0xAF) | (0x81, 0x9F | 0xA0) | (0x89, 0xA6 | 0xA7)
            ),
            // U+3000
            0xE3 => at(i + 1) == 0x80 && at(i + 2) == 0x80,
            // U+FEFF; U+FF05 ％, U+FF0B ＋, U+FF0D－ U+FF0E ． U+FF0F ／, U+FF10–U+FF19 ０–９,
            // U+FF1C ＜ U+FF1D ＝ U+FF1E ＞; U+FF0C ， after an ASCII digit
            0xEF => match (at(i + 1), at(i + 2)) {
                (0xBB, 0xBF) => true,
                (0xBC, 0x85 | 0x8B | 0x8D..=0x99 | 0x9C..=0x9E) => true,
                (0xBC, 0x8C) => i > 0 && b[i - 1].is_ascii_digit(),
                _ => false,
            },
            _ => false,
        };
        if odd {
            return true;
        }
        // the character's length, from its first byte (`s` is UTF-8)
        i += match x {
            0xF0.. => 4,
            0xE0.. => 3,
            0xC0.. => 2,
            _ => 1,
        };
    }
    false
}

/// `needs_folding` character by character (the rule as first written; the
/// byte reading is tested against it).
#[cfg(test)]
fn needs_folding_chars(s: &str) -> bool {
    // every character the loop below looks for is a control character or
    // starts with one of these UTF-8 lead bytes (U+0080–U+00BF, U+2000–U+2FFF,
    // U+3000–U+3FFF, U+F000–U+FFFF): a line with none of them needs nothing
    if !s
        .bytes()
        .any(|b| (b < 0x20 && b != b'\t') || matches!(b, 0x7F | 0xC2 | 0xE2 | 0xE3 | 0xEF))
    {
        return false;
    }
    let mut prev_digit = false;
    for c in s.chars() {
        let odd = match c {
            '\t' => false,
            '，' => prev_digit,
            '０'..='９' | '．' | '－' | '／' | '％' | '＋' | '＜' | '＞' | '＝' | '≦' | '≧' => true,
            '\u{3000}'
            | '\u{00A0}'
            | '\u{2002}'..='\u{200D}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{2060}'
            | '\u{FEFF}'
            | '\u{00AD}' => true,
            c => c.is_control(),
        };
        if odd {
            return true;
        }
        prev_digit = c.is_ascii_digit();
    }
    false
}

/// Three digits and then no further digit: the group after a thousands separator.
fn thousands_group(rest: &[char]) -> bool {
    rest.len() >= 3 && rest[..3].iter().all(|c| c.is_ascii_digit()) && !rest.get(3).is_some_and(|c| c.is_ascii_digit())
}

/// The OpenCC traditional → simplified converter (its maintained dictionaries,
/// built into the `ferrous-opencc` crate), made once.
fn t2s() -> Option<&'static ferrous_opencc::OpenCC> {
    static CC: OnceLock<Option<ferrous_opencc::OpenCC>> = OnceLock::new();
    CC.get_or_init(|| ferrous_opencc::OpenCC::from_config(ferrous_opencc::config::BuiltinConfig::T2s).ok())
        .as_ref()
}

// What OpenCC says of the unified ideographs and extension A, remembered:
// two bits a character, lock-free.
const CC_LO: u32 = 0x3400;
const CC_HI: u32 = 0xA000;
const CC_WORDS: usize = ((CC_HI - CC_LO) as usize).div_ceil(64);
static CC_KNOWN: [std::sync::atomic::AtomicU64; CC_WORDS] = [const { std::sync::atomic::AtomicU64::new(0) }; CC_WORDS];
static CC_CHANGED: [std::sync::atomic::AtomicU64; CC_WORDS] =
    [const { std::sync::atomic::AtomicU64::new(0) }; CC_WORDS];

/// OpenCC changes this ideograph on its own (asked once per character and
/// process, then remembered: each file runs on a thread of its own, so a
/// per-thread memory asked OpenCC again for every file). The remembered
/// answer is read here; `ask_changes` asks.
#[inline]
fn changes(cc: &ferrous_opencc::OpenCC, c: char) -> bool {
    use std::sync::atomic::Ordering::{Acquire, Relaxed};
    let u = c as u32;
    if (CC_LO..CC_HI).contains(&u) {
        let (w, bit) = (((u - CC_LO) / 64) as usize, 1u64 << ((u - CC_LO) % 64));
        // CC_CHANGED is written before CC_KNOWN is released, read after it is acquired
        if CC_KNOWN[w].load(Acquire) & bit != 0 {
            return CC_CHANGED[w].load(Relaxed) & bit != 0;
        }
    }
    ask_changes(cc, c)
}

/// `changes` for a character not remembered yet, or outside the bit table.
#[cold]
#[inline(never)]
fn ask_changes(cc: &ferrous_opencc::OpenCC, c: char) -> bool {
    use std::collections::HashMap;
    use std::sync::atomic::Ordering::{Relaxed, Release};
    use std::sync::Mutex;
    static OTHERS: Mutex<Option<HashMap<char, bool>>> = Mutex::new(None);
    let ask = || {
        let mut buf = [0; 4];
        cc.convert(c.encode_utf8(&mut buf)) != *c.encode_utf8(&mut buf)
    };
    let u = c as u32;
    if (CC_LO..CC_HI).contains(&u) {
        let (w, bit) = (((u - CC_LO) / 64) as usize, 1u64 << ((u - CC_LO) % 64));
        let v = ask();
        if v {
            CC_CHANGED[w].fetch_or(bit, Relaxed);
        }
        CC_KNOWN[w].fetch_or(bit, Release);
        return v;
    }
    if let Some(&v) = OTHERS
        .lock()
        .ok()
        .and_then(|m| m.as_ref().and_then(|m| m.get(&c).copied()))
        .as_ref()
    {
        return v;
    }
    let v = ask();
    if let Ok(mut m) = OTHERS.lock() {
        m.get_or_insert_with(HashMap::new).insert(c, v);
    }
    v
}

/// CJK Radicals Supplement code points that PDF text layers emit for the
/// simplified ideograph they look like (Unicode gives them no decomposition).
const RADICALS: &[(char, char)] = &[
    ('⺟', '母'),
    ('⻉', '贝'),
    ('⻋', '车'),
    ('⻅', '见'),
    ('⻆', '角'),
    ('⻓', '长'),
    ('⻔', '门'),
    ('⻘', '青'),
    ('⻙', '韦'),
    ('⻚', '页'),
    ('⻛', '风'),
    ('⻜', '飞'),
    ('⻝', '食'),
    ('⻢', '马'),
    ('⻣', '骨'),
    ('⻤', '鬼'),
    ('⻥', '鱼'),
    ('⻦', '鸟'),
    ('⻩', '黄'),
    ('⻬', '齐'),
    ('⻮', '齿'),
    ('⻰', '龙'),
    ('⻳', '龟'),
];

/// One compatibility or radical code point as its unified ideograph
/// (`⼟` → 土, `⾦` → 金, `⻰` → 龙, `﨑` → 崎); other characters unchanged.
#[inline]
fn unify(c: char) -> char {
    match c as u32 {
        0x2E80..=0x2FDF | 0xF900..=0xFAFF | 0x2F800..=0x2FA1F => unify_cjk(c),
        _ => c,
    }
}

/// `unify` of a radical or compatibility ideograph.
fn unify_cjk(c: char) -> char {
    use unicode_normalization::UnicodeNormalization;
    match c as u32 {
        0x2E80..=0x2EFF => RADICALS.iter().find(|(r, _)| *r == c).map_or(c, |&(_, u)| u),
        // Kangxi radicals and CJK compatibility ideographs decompose (NFKC) to one ideograph.
        0x2F00..=0x2FDF | 0xF900..=0xFAFF | 0x2F800..=0x2FA1F => {
            let mut it = std::iter::once(c).nfkc();
            match (it.next(), it.next()) {
                (Some(u), None) => u,
                _ => c,
            }
        }
        _ => c,
    }
}

/// The tone-marked letters of pinyin.
const TONED: &str = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ";

/// A pinyin gloss a mirror site prints after a character (`(jīng)`): letters
/// only, with at least one tone mark.
fn pinyin_gloss(v: &[char], open: usize) -> Option<usize> {
    let mut k = open + 1;
    let mut toned = false;
    while k < v.len() && k - open <= 8 {
        let c = v[k];
        if c == ')' || c == '）' {
            return (toned && k > open + 1).then_some(k);
        }
        if TONED.contains(c) {
            toned = true;
        } else if !(c.is_ascii_lowercase() || c == 'ü') {
            return None;
        }
        k += 1;
    }
    None
}

/// Folds a line to the simplified script the patterns are written in:
/// radical and compatibility code points to unified ideographs, pinyin glosses
/// after a character dropped, then traditional characters to simplified ones
/// with OpenCC's character table (character for character, so the line keeps
/// its length in characters; the raw text keeps the original for evidence).
pub fn fold_script(s: &str) -> String {
    fold_script_cow(s).into_owned()
}

/// `fold_script`, borrowing `s` when nothing changes.
pub fn fold_script_cow(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        return Cow::Borrowed(s);
    }
    // most lines: nothing to unify, no gloss to drop (a gloss needs a
    // bracket and a toned letter) and no ideograph the character table
    // changes: one pass over the characters says so
    let cc = t2s();
    if script_plain(s, cc) {
        return Cow::Borrowed(s);
    }
    let v: Vec<char> = s.chars().map(unify).collect();
    let mut kept: Vec<char> = Vec::with_capacity(v.len());
    let mut i = 0;
    while i < v.len() {
        if (v[i] == '(' || v[i] == '（') && i > 0 && is_cjk(v[i - 1]) {
            if let Some(close) = pinyin_gloss(&v, i) {
                i = close + 1;
                continue;
            }
        }
        kept.push(v[i]);
        i += 1;
    }
    let folded: String = kept.iter().collect();
    let Some(cc) = t2s() else {
        return Cow::Owned(folded);
    };
    // a line none of whose ideographs the character table changes is left
    // as it is (most lines: the documents are simplified; OpenCC's phrase
    // rules only choose among a changed character's readings)
    if !kept.iter().any(|&c| is_cjk(c) && changes(cc, c)) {
        return Cow::Owned(folded);
    }
    let converted = cc.convert(&folded);
    if converted.chars().count() == kept.len() {
        return Cow::Owned(converted);
    }
    // A phrase rule changed the length: convert character by character.
    Cow::Owned(
        kept.iter()
            .map(|&c| {
                if !is_cjk(c) {
                    return c;
                }
                let one = cc.convert(c.encode_utf8(&mut [0; 4]));
                let mut it = one.chars();
                match (it.next(), it.next()) {
                    (Some(u), None) => u,
                    _ => c,
                }
            })
            .collect(),
    )
}

/// Nothing in `s` for `fold_script` to fold: no character to unify, no
/// ideograph the character table changes, and no gloss (a bracket and a
/// toned letter). ASCII and the common ideographs (U+4E00–U+9FFF) are read
/// on a short path; `script_plain_slow` is the rule as first written.
fn script_plain(s: &str, cc: Option<&ferrous_opencc::OpenCC>) -> bool {
    let (mut bracket, mut toned) = (false, false);
    for c in s.chars() {
        let u = c as u32;
        if u < 0x80 {
            bracket |= c == '(';
            continue;
        }
        if (0x4E00..=0x9FFF).contains(&u) {
            // a unified ideograph: `unify` keeps it; only the table may change it
            if cc.is_some_and(|cc| changes(cc, c)) {
                return false;
            }
            continue;
        }
        bracket |= c == '（';
        toned |= matches!(u, 0xE0..=0x1DC) && TONED.contains(c);
        if unify(c) != c || cc.is_some_and(|cc| is_cjk(c) && changes(cc, c)) {
            return false;
        }
    }
    !(bracket && toned)
}

/// `script_plain` as first written (the short paths are tested against it).
#[cfg(test)]
fn script_plain_slow(s: &str, cc: Option<&ferrous_opencc::OpenCC>) -> bool {
    let (mut bracket, mut toned) = (false, false);
    s.chars().all(|c| {
        bracket |= c == '(' || c == '（';
        toned |= matches!(c as u32, 0xE0..=0x1DC) && TONED.contains(c);
        unify(c) == c && !cc.is_some_and(|cc| is_cjk(c) && changes(cc, c))
    }) && !(bracket && toned)
}

/// Closes up letter-spaced text from PDF-to-HTML converters (`经 费 总预 算
/// 安 排` → `经费总预算安排`; d11 and d09 of the dev set): in a line where at
/// least four space-separated tokens are single ideographs, and they are a
/// third of the tokens holding ideographs, a space between two ideographs
/// goes. Cells of a space-joined row (`项目名称 委托业务项目`) stay apart.
pub fn close_letter_spacing(s: &str) -> String {
    close_letter_spacing_cow(s).into_owned()
}

/// `close_letter_spacing`, borrowing `s` when nothing changes.
pub fn close_letter_spacing_cow(s: &str) -> Cow<'_, str> {
    if !s.contains(' ') {
        return Cow::Borrowed(s);
    }
    let mut lone = 0;
    let mut han = 0;
    for t in s.split(' ').filter(|t| !t.is_empty()) {
        if t.chars().any(is_cjk) {
            han += 1;
            let mut it = t.chars();
            if matches!((it.next(), it.next()), (Some(c), None) if is_cjk(c)) {
                lone += 1;
            }
        }
    }
    if lone < 4 || lone * 3 < han {
        return Cow::Borrowed(s);
    }
    let v: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in v.iter().enumerate() {
        if c == ' ' && i > 0 && is_cjk(v[i - 1]) && v.get(i + 1).is_some_and(|&n| is_cjk(n)) {
            continue;
        }
        out.push(c);
    }
    Cow::Owned(out)
}

/// Joins digits spaced out by extraction: `1 7 7 8 . 8 7` → `1778.87`.
/// A run needs at least three single-character tokens (digits, `.`, `,`, a
/// final `%`) separated by one or two spaces, two of them digits, and nothing
/// alphanumeric glued to either end.
pub fn join_spaced_digits(s: &str) -> String {
    join_spaced_digits_cow(s).into_owned()
}

/// `join_spaced_digits`, borrowing `s` when there is no run to join.
pub fn join_spaced_digits_cow(s: &str) -> Cow<'_, str> {
    // every run starts with a digit followed by a space (spaces found by
    // memchr: most lines have few)
    if !digit_before_space(s) {
        return Cow::Borrowed(s);
    }
    let v: Vec<char> = s.chars().collect();
    let tok = |c: char| c.is_ascii_digit() || c == '.' || c == ',' || c == '%';
    let glued = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric() && !is_cjk(*c) || *c == '.');
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < v.len() {
        let starts = v[i].is_ascii_digit() && !glued(if i > 0 { v.get(i - 1) } else { None });
        if starts {
            // collect tokens
            let mut toks = vec![i];
            let mut j = i + 1;
            loop {
                let mut k = j;
                let mut spaces = 0;
                while k < v.len() && v[k] == ' ' && spaces < 3 {
                    k += 1;
                    spaces += 1;
                }
                if (1..=2).contains(&spaces)
                    && k < v.len()
                    && tok(v[k])
                    && !glued(v.get(k + 1))
                    && !v.get(k + 1).is_some_and(|c| tok(*c))
                {
                    toks.push(k);
                    j = k + 1;
                } else {
                    break;
                }
            }
            let digits = toks.iter().filter(|&&t| v[t].is_ascii_digit()).count();
            // the first token must itself be a lone character
            let first_alone = !v
                .get(i + 1)
                .is_some_and(|c| tok(*c) || c.is_alphanumeric() && !is_cjk(*c));
            if toks.len() >= 3 && digits >= 2 && first_alone {
                for &t in &toks {
                    out.push(v[t]);
                }
                i = j;
                continue;
            }
        }
        out.push(v[i]);
        i += 1;
    }
    Cow::Owned(out)
}

/// An ASCII digit right before a space, the spaces found by memchr (most
/// lines have few).
fn digit_before_space(s: &str) -> bool {
    let b = s.as_bytes();
    s.match_indices(' ').any(|(k, _)| k > 0 && b[k - 1].is_ascii_digit())
}

/// `s` without the characters `drop` names — what
/// `s.chars().filter(|&c| !drop(c)).collect()` makes, the runs between them
/// copied whole instead of pushed a character at a time.
pub fn without(s: &str, drop: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(s.len());
    for run in s.split(|c: char| drop(c)) {
        out.push_str(run);
    }
    out
}

/// `s` without whitespace (`without(s, char::is_whitespace)`).
pub fn without_whitespace(s: &str) -> String {
    without(s, char::is_whitespace)
}

/// A CJK ideograph (the common blocks).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Collapses runs of spaces to one and trims the ends.
pub fn squeeze_spaces(s: &str) -> String {
    squeeze_spaces_cow(s).into_owned()
}

/// `squeeze_spaces`, borrowing `s` when nothing changes.
pub fn squeeze_spaces_cow(s: &str) -> Cow<'_, str> {
    if !s.starts_with(' ') && !s.ends_with(' ') && !s.contains("  ") {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.trim_matches(|c: char| c == ' ').chars() {
        if c == ' ' {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_numbers_fold() {
        assert_eq!(fold_width("１８．０４"), "18.04");
        assert_eq!(fold_width("８０．１８％"), "80.18%");
        assert_eq!(fold_width("174，867.73 万元"), "174,867.73 万元");
        assert_eq!(fold_width("75≤得分＜85分为良好"), "75≤得分<85分为良好");
        assert_eq!(fold_width("－５"), "-5");
    }

    #[test]
    fn chinese_punctuation_and_brackets_stay() {
        assert_eq!(
            fold_width("（一）部门主要职能，其中：1，2"),
            "（一）部门主要职能，其中：1，2"
        );
        assert_eq!(fold_width("完成。．"), "完成。．");
        assert_eq!(fold_width("一\u{3000}二\u{200B}三"), "一 二三");
    }

    #[test]
    fn spaced_digits_join() {
        assert_eq!(join_spaced_digits("1 7 7 8 . 8 7"), "1778.87");
        assert_eq!(join_spaced_digits("决算数 1 7 7 8 . 8 7 万元"), "决算数 1778.87 万元");
        assert_eq!(join_spaced_digits("9 3 . 5 8 %"), "93.58%");
    }

    #[test]
    fn ordinary_spacing_is_kept() {
        for s in [
            "2021 年度部门整体绩效自评报告",
            "半年 6 次，一年 12 次",
            "人员经费支出 7 亿元，占 3.80%",
            "表 1 2",
            "2020年	23.5	0.00	1.00",
            "1 000 万元",
        ] {
            assert_eq!(join_spaced_digits(s), s);
        }
    }
}

#[cfg(test)]
mod script_tests {
    use super::*;

    /// Lines of every kind the short paths must read as the slow ones do:
    /// ASCII, simplified, traditional, full-width, radicals, compatibility
    /// ideographs, glosses, controls and odd spaces, mixed.
    const SAMPLES: &[&str] = &[
        "",
        "plain ascii 12, 3,456.7 (abc)",
        "部门整体支出绩效自评报告：综合评分93.58分，评分等级为优",
        "公務接待費支出決算5.21萬元，與上年相比減少0.1萬元",
        "１８．０４万元，８０．１８％，174，867.73 万元，1，2",
        "75≦得分＜85分为良好，≧９０分",
        "一\u{3000}二\u{200B}三\u{00A0}四\u{00AD}五\u{FEFF}六\u{0085}七\u{202F}八\u{205F}九\u{2060}",
        "⼟地⾦额⻰\u{F9DC}",
        "“三公”經(jīng)費決算數(shù)",
        "经费(万元)(abc)（万元）",
        "tab\tkept\r\n",
        "－５ －a 1/2 １／２ ．5 a．",
        "𠀀𪚥 U+20000 and 𠮷",
        "é ü ǖ à (à) 的(de)",
    ];

    /// `without` gives what filtering character by character gives, on
    /// every sample, every corpus line and every whitespace character
    /// between ideographs, digits and four-byte characters.
    #[test]
    fn without_copies_what_filtering_keeps() {
        let filtered = |s: &str, drop: &dyn Fn(char) -> bool| s.chars().filter(|&c| !drop(c)).collect::<String>();
        let quotes = |c: char| c.is_whitespace() || "“”\"'".contains(c);
        let mut texts: Vec<String> = SAMPLES.iter().map(|s| s.to_string()).collect();
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        for e in std::fs::read_dir(corpus).unwrap() {
            texts.extend(
                std::fs::read_to_string(e.unwrap().path())
                    .unwrap()
                    .lines()
                    .map(String::from),
            );
        }
        for c in (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
        {
            texts.push(format!("{c}一{c}{c}2 𠀀{c}“x”{c}"));
        }
        texts.extend(["", " ", "  ", "“”"].map(String::from));
        for t in &texts {
            assert_eq!(without_whitespace(t), filtered(t, &char::is_whitespace), "{t:?}");
            assert_eq!(without(t, quotes), filtered(t, &quotes), "{t:?}");
        }
        assert_eq!(without_whitespace(" 项目 名称\u{3000}："), "项目名称：");
    }

    #[test]
    fn byte_reading_of_needs_folding_matches_the_character_rule() {
        for s in SAMPLES {
            assert_eq!(needs_folding(s), needs_folding_chars(s), "{s:?}");
        }
        // every line and cell of the corpus
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        for e in std::fs::read_dir(corpus).unwrap() {
            let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
            for l in text.lines().chain(text.lines().flat_map(|l| l.split('\t'))) {
                assert_eq!(needs_folding(l), needs_folding_chars(l), "{l:?}");
            }
        }
        // every BMP character alone, after a digit, and before one
        for u in 0..0x1_0000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            for s in [c.to_string(), format!("7{c}"), format!("{c}7"), format!("一{c}二")] {
                assert_eq!(needs_folding(&s), needs_folding_chars(&s), "U+{u:04X} in {s:?}");
            }
        }
    }

    #[test]
    fn short_paths_of_script_plain_match_the_slow_rule() {
        let cc = t2s();
        assert!(cc.is_some());
        for s in SAMPLES {
            assert_eq!(script_plain(s, cc), script_plain_slow(s, cc), "{s:?}");
            assert_eq!(script_plain(s, None), script_plain_slow(s, None), "{s:?}");
        }
        for u in (0..0x3_0000u32).filter(|u| *u < 0x1_0000 || u % 7 == 0) {
            let Some(c) = char::from_u32(u) else { continue };
            for s in [c.to_string(), format!("经{c}(ā)")] {
                assert_eq!(script_plain(&s, cc), script_plain_slow(&s, cc), "U+{u:04X}");
            }
        }
        // and so the folds: simplified lines borrowed, the rest folded
        assert!(matches!(fold_script_cow(SAMPLES[2]), Cow::Borrowed(_)));
        assert_eq!(
            fold_script(SAMPLES[3]),
            "公务接待费支出决算5.21万元，与上年相比减少0.1万元"
        );
        assert!(matches!(fold_width_cow(SAMPLES[2]), Cow::Borrowed(_)));
        assert_eq!(fold_width(SAMPLES[4]), "18.04万元，80.18%，174,867.73 万元，1，2");
    }

    #[test]
    fn spaced_digit_check_finds_every_digit_before_a_space() {
        let old_check = |s: &str| s.as_bytes().windows(2).any(|w| w[0].is_ascii_digit() && w[1] == b' ');
        for s in SAMPLES.iter().copied().chain([
            "1 7 7 8 . 8 7",
            "决算数 1 7 7 8 . 8 7 万元",
            "a 1",
            " 1",
            "1 ",
            "１ ２ ３ 项目",
            "9 3 . 5 8 %",
        ]) {
            assert_eq!(digit_before_space(s), old_check(s), "{s:?}");
        }
        assert!(matches!(join_spaced_digits_cow("１ ２ ３ 项目 a 1"), Cow::Borrowed(_)));
        assert_eq!(join_spaced_digits("决算数 1 7 7 8 . 8 7 万元"), "决算数 1778.87 万元");
    }

    #[test]
    fn simplified_lines_skip_the_converter_and_stay() {
        let s = "部门整体支出绩效自评报告：综合评分93.58分，评分等级为优";
        assert_eq!(fold_script(s), s);
        // one traditional character is enough to convert the line
        assert_eq!(fold_script("部门整体支出绩效自评報告"), "部门整体支出绩效自评报告");
    }

    #[test]
    fn traditional_folds_to_simplified_keeping_length() {
        let t = "公務接待費支出決算5.21萬元，與上年相比減少0.1萬元";
        let s = fold_script(t);
        assert_eq!(s, "公务接待费支出决算5.21万元，与上年相比减少0.1万元");
        assert_eq!(s.chars().count(), t.chars().count());
        // simplified text is left as it is
        let simp = "年初预算安排干部培训经费，发展规划";
        assert_eq!(fold_script(simp), simp);
    }

    #[test]
    fn pinyin_glosses_and_radicals_go() {
        assert_eq!(fold_script("“三公”經(jīng)費決算數(shù)"), "“三公”经费决算数");
        // a bracket that is not a gloss stays
        assert_eq!(fold_script("经费(万元)(abc)"), "经费(万元)(abc)");
        assert_eq!(fold_script("⼟地⾦额⻰"), "土地金额龙");
        assert_eq!(fold_script("\u{F9DC}"), "隆");
    }

    #[test]
    fn letter_spacing_closes_only_when_spaced_out() {
        assert_eq!(
            close_letter_spacing("事业运行经 费 总预 算 安 排 1000.00 元 , 其中 : 基 本 支出"),
            "事业运行经费总预算安排 1000.00 元 , 其中 : 基本支出"
        );
        for kept in [
            "项目名称 委托业务项目 主管部门 某镇人民政府",
            "是 否 完成",
            "2021 年 预算",
        ] {
            assert_eq!(close_letter_spacing(kept), kept);
        }
    }
}

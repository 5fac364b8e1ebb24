//! Character-level rules: full-width digits, signs and number punctuation to
//! half-width; odd spaces and invisible characters; digits spaced out by
//! extraction (`1 7 7 8 . 8 7`) joined. Full-width brackets, commas and colons
//! used as Chinese punctuation are kept.

/// Folds full-width digits and number punctuation to ASCII, unifies spaces,
/// and drops invisible and control characters (tabs are kept).
pub fn fold_width(s: &str) -> String {
    if !needs_folding(s) {
        return s.to_string();
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
    out
}

/// Whether `fold_width` would change anything: a character pass 1 maps or
/// drops, or number punctuation that pass 2 may map (`，` only after a digit).
fn needs_folding(s: &str) -> bool {
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

/// Joins digits spaced out by extraction: `1 7 7 8 . 8 7` → `1778.87`.
/// A run needs at least three single-character tokens (digits, `.`, `,`, a
/// final `%`) separated by one or two spaces, two of them digits, and nothing
/// alphanumeric glued to either end.
pub fn join_spaced_digits(s: &str) -> String {
    // every run starts with a digit followed by a space
    if !s.as_bytes().windows(2).any(|w| w[0].is_ascii_digit() && w[1] == b' ') {
        return s.to_string();
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
    out
}

/// A CJK ideograph (the common blocks).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Collapses runs of spaces to one and trims the ends.
pub fn squeeze_spaces(s: &str) -> String {
    if !s.starts_with(' ') && !s.ends_with(' ') && !s.contains("  ") {
        return s.to_string();
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
    out
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

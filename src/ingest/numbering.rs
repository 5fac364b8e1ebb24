//! Word's automatic list numbering rendered as the reader sees it: the
//! number formats (decimal, chineseCounting 一/十一/二十, 甲乙丙, ①…),
//! a level's text pattern (`%1、`, `（%2）`, `%1.%2`) and its counters, which
//! restart when a higher level advances. Used by the DOCX reader.

use std::collections::HashMap;

/// One level of a list definition.
#[derive(Debug, Clone, Default)]
pub struct Level {
    pub start: u32,
    pub format: String,
    pub text: String,
    /// What follows the number: `tab` (Word's default), `space` or `nothing`.
    pub suffix: String,
}

/// Every list of a document: levels by abstract definition, instances by numId.
#[derive(Debug, Default)]
pub struct Lists {
    pub abstracts: HashMap<String, Vec<Level>>,
    /// numId → (abstractNumId, start overrides by level).
    pub nums: HashMap<String, (String, HashMap<usize, u32>)>,
    counters: HashMap<String, Vec<u32>>,
}

const MAX_LEVELS: usize = 9;

impl Lists {
    /// The number a paragraph of list `num_id` at level `ilvl` shows, with
    /// its suffix, advancing the list's counters; `None` when the list or
    /// level is undefined.
    pub fn next(&mut self, num_id: &str, ilvl: usize) -> Option<String> {
        if ilvl >= MAX_LEVELS || num_id == "0" {
            return None;
        }
        let (abs, overrides) = self.nums.get(num_id)?;
        let levels = self.abstracts.get(abs)?;
        let level = levels.get(ilvl)?;
        let start_of = |k: usize| -> u32 {
            overrides
                .get(&k)
                .copied()
                .or_else(|| levels.get(k).map(|l| l.start))
                .unwrap_or(1)
        };
        let counters = self
            .counters
            .entry(num_id.to_string())
            .or_insert_with(|| vec![0; MAX_LEVELS]);
        counters[ilvl] = if counters[ilvl] == 0 {
            start_of(ilvl)
        } else {
            counters[ilvl].saturating_add(1)
        };
        for c in counters.iter_mut().skip(ilvl + 1) {
            *c = 0;
        }
        let mut out = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(ch) = chars.next() {
            if ch == '%' {
                if let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                    chars.next();
                    let k = (d as usize).saturating_sub(1);
                    let n = match counters.get(k) {
                        Some(0) | None => start_of(k),
                        Some(n) => *n,
                    };
                    let fmt = levels.get(k).map_or("decimal", |l| l.format.as_str());
                    out.push_str(&format_number(n, fmt));
                    continue;
                }
            }
            out.push(ch);
        }
        if level.format == "none" && level.text.is_empty() {
            return Some(String::new());
        }
        match level.suffix.as_str() {
            "nothing" => {}
            _ => out.push(' '),
        }
        Some(out)
    }
}

const CN_DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const LEGAL_DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];

/// `n` in a Word number format.
pub fn format_number(n: u32, format: &str) -> String {
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand" => chinese(n, &CN_DIGITS, ['十', '百', '千']),
        "chineseLegalSimplified" => chinese(n, &LEGAL_DIGITS, ['拾', '佰', '仟']),
        "ideographDigital" | "taiwaneseDigital" => n
            .to_string()
            .chars()
            .map(|d| CN_DIGITS[d.to_digit(10).unwrap_or(0) as usize])
            .collect(),
        "ideographTraditional" => {
            const GAN: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
            n.checked_sub(1)
                .map(|i| GAN[i as usize % 10].to_string())
                .unwrap_or_default()
        }
        "ideographZodiac" => {
            const ZHI: [char; 12] = ['子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥'];
            n.checked_sub(1)
                .map(|i| ZHI[i as usize % 12].to_string())
                .unwrap_or_default()
        }
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1).map(String::from).unwrap_or_default()
        }
        "decimalEnclosedParen" if (1..=20).contains(&n) => {
            char::from_u32(0x2474 + n - 1).map(String::from).unwrap_or_default()
        }
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|d| char::from_u32(0xFF10 + d.to_digit(10).unwrap_or(0)).unwrap_or(d))
            .collect(),
        "decimalZero" if n < 10 => format!("0{n}"),
        "lowerLetter" => letters(n).to_lowercase(),
        "upperLetter" => letters(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        "none" | "bullet" => String::new(),
        _ => n.to_string(),
    }
}

/// 1 一, 10 十, 11 十一, 20 二十, 105 一百零五 (below 10,000).
fn chinese(n: u32, digits: &[char; 10], units: [char; 3]) -> String {
    if n == 0 || n >= 10_000 {
        return n.to_string();
    }
    let parts = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let unit = [Some(units[2]), Some(units[1]), Some(units[0]), None];
    let mut out = String::new();
    let mut zero = false;
    for (i, &d) in parts.iter().enumerate() {
        if d == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push(digits[0]);
            zero = false;
        }
        // 十一, not 一十一, when the number starts at the tens
        if !(i == 2 && d == 1 && out.is_empty()) {
            out.push(digits[d as usize]);
        }
        if let Some(u) = unit[i] {
            out.push(u);
        }
    }
    out
}

fn letters(n: u32) -> String {
    if n == 0 {
        return String::new();
    }
    // Word repeats the letter: 27 → AA
    let ch = (b'A' + ((n - 1) % 26) as u8) as char;
    std::iter::repeat_n(ch, ((n - 1) / 26 + 1).min(10) as usize).collect()
}

fn roman(mut n: u32) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    const R: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in R {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let cn: Vec<String> = [1, 10, 11, 20, 21, 105]
            .iter()
            .map(|&n| format_number(n, "chineseCounting"))
            .collect();
        assert_eq!(cn, ["一", "十", "十一", "二十", "二十一", "一百〇五"]);
        assert_eq!(format_number(3, "ideographTraditional"), "丙");
        assert_eq!(format_number(2, "decimalEnclosedCircle"), "②");
        assert_eq!(format_number(14, "upperRoman"), "XIV");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
    }

    #[test]
    fn levels_restart_under_a_higher_level() {
        let lvl = |f: &str, t: &str, s: &str| Level {
            start: 1,
            format: f.into(),
            text: t.into(),
            suffix: s.into(),
        };
        let mut l = Lists::default();
        l.abstracts.insert(
            "7".into(),
            vec![
                lvl("chineseCounting", "%1、", "nothing"),
                lvl("chineseCounting", "（%2）", "nothing"),
                lvl("decimal", "%3.", "tab"),
            ],
        );
        l.nums.insert("3".into(), ("7".into(), HashMap::new()));
        let seq: Vec<String> = [0, 1, 2, 2, 1, 2, 0, 1]
            .iter()
            .map(|&k| l.next("3", k).unwrap_or_default())
            .collect();
        assert_eq!(seq, ["一、", "（一）", "1. ", "2. ", "（二）", "1. ", "二、", "（一）"]);
        assert_eq!(l.next("9", 0), None);
    }
}

//! The self-evaluation forms' words (`patterns/forms.toml`) and variants
//! (`patterns/forms/*.toml`, one file per variant: an auditor adds a
//! province's form by adding a file), validated at start-up.

use super::Source;
use anyhow::Result;
use serde::Deserialize;
use std::collections::BTreeMap;

/// Words shared by every form variant.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct FormWords {
    pub identity: BTreeMap<String, Vec<String>>,
    /// Labels that end an identity value in a form run together (the field
    /// after 主管部门 / 项目名称 that is no identity of the form).
    #[serde(default)]
    pub identity_ends: Vec<String>,
    pub money_columns: BTreeMap<String, Vec<String>>,
    pub money_rows: MoneyRows,
    pub indicator_columns: BTreeMap<String, Vec<String>>,
    pub levels: Levels,
    pub total_labels: Vec<String>,
    pub lower_is_better: Vec<String>,
    /// 指标性质 values printed in an indicator row (定量指标 / 定性指标).
    #[serde(default)]
    pub natures: Vec<String>,
    /// Headings of the blocks a form scores as a whole (预算执行情况 …).
    #[serde(default)]
    pub block_headings: Vec<String>,
    pub notes: Notes,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct MoneyRows {
    pub total: Vec<String>,
    pub parts: Vec<String>,
    pub groups: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Levels {
    pub level1: Vec<String>,
    pub level2: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Notes {
    pub rate_formula: Vec<String>,
    pub cap: Vec<String>,
    pub money_outside: Vec<String>,
}

/// One form variant.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    pub id: String,
    pub title: String,
    /// Header words that must all appear in the form.
    pub require: Vec<String>,
    /// Words whose presence rules the variant out.
    #[serde(default)]
    pub forbid: Vec<String>,
    /// 分值 of the money row when the form does not print it.
    pub money_points: u32,
    /// Whether the money row's points are inside the 100.
    pub money_in_total: bool,
    /// Whether a money score floored below 执行率 × 分值 is tolerated.
    pub floor_tolerated: bool,
}

/// The loaded form patterns.
#[derive(Debug, Clone, Default)]
pub struct FormPatterns {
    pub words: FormWords,
    /// Most specific (most required words) first, then by id.
    pub variants: Vec<Variant>,
}

const MONEY_ROLES: &[&str] = &["initial", "annual", "spent", "points", "rate", "score"];
const INDICATOR_ROLES: &[&str] = &[
    "level1",
    "level2",
    "indicator",
    "nature",
    "target",
    "unit",
    "actual",
    "points",
    "score",
    "weight",
    "folded",
    "reason",
    "coef",
    "core",
];
const IDENTITY: &[&str] = &["project", "department", "authority", "unit"];

impl FormPatterns {
    pub(crate) fn load(words: &Source, variants: &[Source]) -> Result<Self> {
        let w: FormWords = words.parse()?;
        for (map, roles, what) in [
            (&w.money_columns, MONEY_ROLES, "money_columns"),
            (&w.indicator_columns, INDICATOR_ROLES, "indicator_columns"),
            (&w.identity, IDENTITY, "identity"),
        ] {
            for (k, v) in map {
                if !roles.contains(&k.as_str()) {
                    return Err(words.invalid(k, format!("[{what}] has no role {k:?} (known: {})", roles.join(", "))));
                }
                if v.iter().any(|s| s.trim().is_empty()) {
                    return Err(words.invalid(k, format!("[{what}] {k}: empty word")));
                }
            }
        }
        if w.money_rows.total.is_empty() || w.total_labels.is_empty() {
            return Err(words.invalid("money_rows", "money_rows.total and total_labels must not be empty"));
        }
        let mut out = FormPatterns {
            words: w,
            variants: Vec::new(),
        };
        for src in variants {
            let v: Variant = src.parse()?;
            if v.id.trim().is_empty() || v.require.is_empty() {
                return Err(src.invalid("id", "a form variant needs an id and at least one `require` word"));
            }
            if v.money_points > 100 {
                return Err(src.invalid("money_points", "money_points is above 100"));
            }
            if out.variants.iter().any(|o| o.id == v.id) {
                return Err(src.invalid(&v.id, format!("form id {:?} used twice", v.id)));
            }
            out.variants.push(v);
        }
        out.variants
            .sort_by(|a, b| b.require.len().cmp(&a.require.len()).then(a.id.cmp(&b.id)));
        Ok(out)
    }

    /// The variant a form's text (spaces removed) fits, most specific first.
    pub fn variant_for(&self, squeezed: &str) -> Option<&Variant> {
        self.variant_for_text(squeezed, false)
    }

    /// As `variant_for`; in OCR text (`ocr`) a required word of five
    /// characters or more may be printed one character off (r11).
    pub fn variant_for_text(&self, squeezed: &str, ocr: bool) -> Option<&Variant> {
        self.variants.iter().find(|v| {
            v.require
                .iter()
                .all(|w| crate::extract::forms_glued::holds(squeezed, &self::squeezed(w), ocr))
                && !v.forbid.iter().any(|w| squeezed.contains(&*self::squeezed(w)))
        })
    }

    /// A variant by id.
    pub fn variant(&self, id: &str) -> Option<&Variant> {
        self.variants.iter().find(|v| v.id == id)
    }
}

/// `squeeze(s)`, borrowed when squeezing changes nothing.
pub fn squeezed(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(|c: char| c.is_whitespace() || matches!(c, '（' | '）' | '：')) {
        std::borrow::Cow::Owned(squeeze(s))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Text without whitespace, full-width brackets folded (for matching words).
pub fn squeeze(s: &str) -> String {
    // sized once: collecting char by char grew the string a step at a time
    let mut out = String::with_capacity(s.len());
    squeeze_into(&mut out, s);
    out
}

/// Appends `squeeze(s)` to `out`: runs of characters squeezing keeps are
/// copied whole; a character is decoded only where one it changes can start.
pub fn squeeze_into(out: &mut String, s: &str) {
    let b = s.as_bytes();
    let (mut from, mut i) = (0, 0);
    while i < b.len() {
        // The first bytes of every character changed: ASCII whitespace, C2
        // (U+0085, U+00A0), E1 (U+1680), E2 (U+2000–U+205F), E3 (U+3000) and
        // EF (（）：). A continuation byte is never one of them, so `i` is
        // at a character's start here.
        if !matches!(b[i], b'\t'..=b'\r' | b' ' | 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF) {
            // on to the next character's first byte (an ideograph is one step)
            i += match b[i] {
                0xF0.. => 4,
                0xE0.. => 3,
                0xC0.. => 2,
                _ => 1,
            };
            continue;
        }
        let Some(c) = s[i..].chars().next() else { break };
        let to = match c {
            '（' => Some('('),
            '）' => Some(')'),
            '：' => Some(':'),
            c if c.is_whitespace() => None,
            _ => {
                i += c.len_utf8();
                continue;
            }
        };
        out.push_str(&s[from..i]);
        out.extend(to);
        i += c.len_utf8();
        from = i;
    }
    out.push_str(&s[from..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src<'a>(name: &str, text: &'a str) -> Source<'a> {
        Source {
            name: name.to_string(),
            text,
            eager: true,
        }
    }

    const WORDS: &str = include_str!("../../patterns/forms.toml");

    #[test]
    fn an_added_variant_file_is_recognised_and_the_most_specific_wins() {
        let general = "id = \"a\"\ntitle = \"表\"\nrequire = [\"全年执行数\"]\nmoney_points = 10\nmoney_in_total = true\nfloor_tolerated = true\n";
        let local = "id = \"b-province\"\ntitle = \"表\"\nrequire = [\"全年执行数\", \"省级特色列\"]\nmoney_points = 15\nmoney_in_total = true\nfloor_tolerated = false\n";
        let p = FormPatterns::load(
            &src("forms.toml", WORDS),
            &[src("a.toml", general), src("b.toml", local)],
        )
        .unwrap();
        assert_eq!(
            p.variant_for("全年执行数省级特色列").map(|v| v.id.as_str()),
            Some("b-province")
        );
        assert_eq!(
            p.variant_for("全 年执行数").map(|v| v.id.as_str()),
            None,
            "squeezed text only"
        );
        assert_eq!(p.variant_for("全年执行数").map(|v| v.money_points), Some(10));
    }

    #[test]
    fn bad_variants_name_their_file() {
        let bad = "id = \"x\"\ntitle = \"表\"\nrequire = [\"a\"]\nmoney_points = 200\nmoney_in_total = true\nfloor_tolerated = true\n";
        let e = FormPatterns::load(&src("forms.toml", WORDS), &[src("forms/x.toml", bad)]).unwrap_err();
        assert!(e.to_string().starts_with("forms/x.toml:4:"), "{e}");
        let typo = "id = \"x\"\ntitle = \"表\"\nrequires = [\"a\"]\nmoney_points = 10\nmoney_in_total = true\nfloor_tolerated = true\n";
        let e = FormPatterns::load(&src("forms.toml", WORDS), &[src("forms/y.toml", typo)]).unwrap_err();
        assert!(e.to_string().contains("forms/y.toml"), "{e}");
        let words = WORDS.replace("[money_columns]", "[money_columns]\nbudgett = [\"预算\"]");
        let e = FormPatterns::load(&src("forms.toml", &words), &[]).unwrap_err();
        assert!(e.to_string().contains("no role \"budgett\""), "{e}");
    }

    /// The run-copying `squeeze_into` gives what squeezing character by
    /// character gives, for every whitespace character and all three
    /// full-width marks, next to ASCII, CJK, other C2/E1/E2/E3/EF characters
    /// and four-byte characters.
    #[test]
    fn squeeze_into_equals_the_character_rule() {
        let reference = |s: &str| -> String {
            s.chars()
                .filter_map(|c| match c {
                    '（' => Some('('),
                    '）' => Some(')'),
                    '：' => Some(':'),
                    c if c.is_whitespace() => None,
                    c => Some(c),
                })
                .collect()
        };
        let mut pieces: Vec<String> = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
            .map(String::from)
            .collect();
        assert_eq!(pieces.len(), 25);
        for p in [
            "（", "）", "：", "a", "预算", "°", "©", "ᚁ", "—", "„", "※", "、", "。", "ｆ", "￥", "𠀀", "\u{FEFF}",
        ] {
            pieces.push(p.to_string());
        }
        for a in &pieces {
            for b in &pieces {
                for c in ["", "x", "金额（万元）：", "\u{3000}"] {
                    let s = format!("{c}{a}{b}{a}{c}");
                    let mut out = String::from("前");
                    squeeze_into(&mut out, &s);
                    assert_eq!(out, format!("前{}", reference(&s)), "{s:?}");
                }
            }
        }
    }
}

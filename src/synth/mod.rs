//! Synthetic corpora for scale tests and benchmarks (`jxcheck synth`): many
//! varied reports made from a few real ones. Each variant changes, the same
//! way everywhere in its text, the department (a new city before the seed's
//! department name), the years (shifted together) and every money figure
//! (scaled by one factor and printed with the seed's decimals and grouping,
//! so sums, ratios and balances that held still hold, within rounding). Some
//! variants carry one planted contradiction: a figure or the claimed total
//! changed where the seed's own checks are known to catch it.
//!
//! Where the figures are comes from the pipeline itself: the seed is analysed
//! once, and each money figure is found again in its source line.

pub mod hostile;
pub mod pdf;

use crate::extract::figures::Figure;
use crate::ingest;
use crate::num::Printed;
use crate::patterns::{Patterns, UnitKind};
use crate::pipeline::{self, Analysis};
use regex::Regex;
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::LazyLock;

/// Cities put in front of a department's name.
const CITIES: &[&str] = &[
    "杭州市",
    "成都市",
    "武汉市",
    "南京市",
    "长沙市",
    "郑州市",
    "西安市",
    "济南市",
    "合肥市",
    "福州市",
    "昆明市",
    "南宁市",
    "太原市",
    "贵阳市",
    "兰州市",
    "银川市",
    "海口市",
    "沈阳市",
    "哈尔滨市",
    "长春市",
    "南昌市",
    "西宁市",
    "拉萨市",
    "乌鲁木齐市",
    "呼和浩特市",
    "宁波市",
    "厦门市",
    "青岛市",
    "大连市",
    "苏州市",
];

/// A small deterministic generator (splitmix64): the same seed gives the
/// same corpus on every machine.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

/// A number in a source line that a variant rewrites.
#[derive(Debug, Clone)]
struct Spot {
    /// 0-based index into the seed's lines.
    line: usize,
    /// Byte span of the number in that line.
    start: usize,
    end: usize,
    printed: Printed,
    /// Money is scaled; a score is not.
    money: bool,
}

/// A contradiction a variant can carry: spot `spot` changed makes the seed's
/// checks report `rule` at `line`.
#[derive(Debug, Clone)]
pub struct Plant {
    spot: usize,
    pub rule: String,
    pub line: u32,
}

/// A real report prepared for variation.
#[derive(Debug, Clone)]
pub struct Seed {
    pub name: String,
    lines: Vec<String>,
    spots: Vec<Spot>,
    pub department: String,
    pub year: Option<i32>,
    pub plants: Vec<Plant>,
    /// Scale factors under which the seed's checks find exactly what they
    /// find in the seed (never empty: 1 when no other qualifies).
    pub scales: Vec<Decimal>,
    /// Money figures the pipeline read but that could not be found again in
    /// their source line (left unchanged in variants).
    pub unplaced: usize,
}

/// What one variant is.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub text: String,
    pub department: String,
    pub year: Option<i32>,
    pub scale: Decimal,
    /// The planted contradiction's rule and line, if any.
    pub planted: Option<(String, u32)>,
}

/// How far a planted change moves a figure or a score.
const MONEY_BUMP: Decimal = Decimal::from_parts(107, 0, 0, false, 2);
const SCORE_BUMP: Decimal = Decimal::from_parts(5, 0, 0, false, 0);
/// Scale factors tried per seed, in hundredths.
const SCALES: &[i64] = &[50, 60, 70, 75, 80, 90, 110, 120, 125, 150, 175, 200, 250, 300];
/// Candidates tried per seed when looking for plants.
const MAX_PLANT_TRIES: usize = 40;

impl Seed {
    /// Analyses the seed text and finds where its money figures and claimed
    /// total are; then tries planting a change at each and keeps those the
    /// checks catch.
    pub fn prepare(name: &str, text: &str, p: &Patterns) -> Seed {
        let text = text.replace("\r\n", "\n");
        let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
        let a = analyse(&text, p);
        let mut spots = Vec::new();
        let mut unplaced = 0;
        let mut money: Vec<&Figure> = a.facts.figures.iter().filter(|f| f.kind == UnitKind::Money).collect();
        money.sort_by_key(|f| (f.line, f.col, f.at));
        let mut taken: BTreeSet<(usize, usize)> = BTreeSet::new();
        for f in money {
            match locate(&lines, f.line, &f.printed.raw, &mut taken) {
                Some((line, start, end)) => spots.push(Spot {
                    line,
                    start,
                    end,
                    printed: f.printed.clone(),
                    money: true,
                }),
                None => unplaced += 1,
            }
        }
        if let Some(t) = a.facts.total() {
            if let Some((line, start, end)) = locate(&lines, t.line, &t.value.raw, &mut taken) {
                spots.push(Spot {
                    line,
                    start,
                    end,
                    printed: t.value.clone(),
                    money: false,
                });
            }
        }
        let year = a.meta.year.parse().ok();
        let mut seed = Seed {
            name: name.to_string(),
            lines,
            spots,
            department: a.meta.department.clone(),
            year,
            plants: Vec::new(),
            scales: Vec::new(),
            unplaced,
        };
        seed.find_scales(&a, p);
        seed.find_plants(&a, p);
        seed
    }

    /// Keeps the factors of `SCALES` under which the scaled seed gives the
    /// same findings as the seed. A figure printed coarsely (`1 亿元`) holds
    /// its relations only within its rounding, and rounding the scaled value
    /// can move it outside; such a factor would plant contradictions nobody
    /// chose, so it is not used for this seed.
    fn find_scales(&mut self, base: &Analysis, p: &Patterns) {
        let before = findings(base);
        self.scales = SCALES
            .iter()
            .map(|&c| Decimal::new(c, 2))
            .filter(|&k| findings(&analyse(&self.render(k, None), p)) == before)
            .collect();
        if self.scales.is_empty() {
            self.scales.push(Decimal::ONE);
        }
    }

    /// Tries each candidate change on the seed as it is; a change is a plant
    /// when it brings a new error finding.
    fn find_plants(&mut self, base: &Analysis, p: &Patterns) {
        let before: BTreeSet<(String, u32)> = errors(base);
        // the claimed total first, then money figures with a known key
        let mut order: Vec<usize> = (0..self.spots.len()).filter(|&i| !self.spots[i].money).collect();
        order.extend((0..self.spots.len()).filter(|&i| self.spots[i].money));
        for i in order.into_iter().take(MAX_PLANT_TRIES) {
            let text = self.render(Decimal::ONE, Some(i));
            let after = errors(&analyse(&text, p));
            let line = self.spots[i].line as u32 + 1;
            // prefer a finding on the changed line; else any new one
            let new: Vec<&(String, u32)> = after.difference(&before).collect();
            let pick = new.iter().find(|(_, l)| *l == line).or(new.first());
            if let Some((rule, line)) = pick {
                self.plants.push(Plant {
                    spot: i,
                    rule: rule.clone(),
                    line: *line,
                });
            }
        }
    }

    /// The seed's lines with money scaled by `k` and spot `plant` changed.
    fn render(&self, k: Decimal, plant: Option<usize>) -> String {
        let mut lines = self.lines.clone();
        let mut order: Vec<usize> = (0..self.spots.len()).collect();
        // right to left within a line, so earlier spans stay valid
        order.sort_by_key(|&i| (self.spots[i].line, std::cmp::Reverse(self.spots[i].start)));
        for i in order {
            let s = &self.spots[i];
            let mut v = s.printed.value;
            if s.money {
                v *= k;
            }
            if plant == Some(i) {
                v = if s.money {
                    v * MONEY_BUMP
                } else if v + SCORE_BUMP <= Decimal::ONE_HUNDRED {
                    v + SCORE_BUMP
                } else {
                    v - SCORE_BUMP
                };
            }
            let printed = print_like(v, &s.printed);
            lines[s.line].replace_range(s.start..s.end, &printed);
        }
        lines.join("\n")
    }

    /// Variant number `n` of this seed (deterministic in `rng`); `plant` asks
    /// for a planted contradiction when the seed has one to give.
    pub fn variant(&self, rng: &mut Rng, plant: bool) -> Variant {
        let scale = self.scales[rng.below(self.scales.len() as u64) as usize];
        let shift = [-3i32, -2, -1, 1, 2, 3][rng.below(6) as usize];
        let city = CITIES[rng.below(CITIES.len() as u64) as usize];
        let planted = if plant && !self.plants.is_empty() {
            Some(&self.plants[rng.below(self.plants.len() as u64) as usize])
        } else {
            None
        };
        let text = self.render(scale, planted.map(|p| p.spot));
        let text = shift_years(&text, shift);
        let department = rename(&self.department, city);
        let text = if self.department.is_empty() {
            text
        } else {
            text.replace(&self.department, &department)
        };
        Variant {
            text,
            department: if self.department.is_empty() {
                String::new()
            } else {
                department
            },
            year: self.year.map(|y| y + shift),
            scale,
            planted: planted.map(|p| (p.rule.clone(), p.line)),
        }
    }
}

fn analyse(text: &str, p: &Patterns) -> Analysis {
    pipeline::analyse_ingested(ingest::decode(text.as_bytes(), Path::new("seed.txt")), p)
}

/// Every finding of an analysis: rule, severity, line.
fn findings(a: &Analysis) -> BTreeSet<(String, &'static str, u32)> {
    a.findings
        .iter()
        .map(|f| (f.rule.to_string(), f.severity.as_str(), f.line))
        .collect()
}

fn errors(a: &Analysis) -> BTreeSet<(String, u32)> {
    a.findings
        .iter()
        .filter(|f| f.severity == crate::check::Severity::Error)
        .map(|f| (f.rule.to_string(), f.line))
        .collect()
}

/// How many source lines after its own a figure may sit: a paragraph the
/// normaliser rejoined across blank lines or a page break starts earlier.
const LOOK_AHEAD: usize = 8;

/// Finds `raw` as a whole number in source line `line` (1-based) or the few
/// after it, at the first place not already taken.
fn locate(
    lines: &[String],
    line: u32,
    raw: &str,
    taken: &mut BTreeSet<(usize, usize)>,
) -> Option<(usize, usize, usize)> {
    let first = (line as usize).checked_sub(1)?;
    if raw.is_empty() {
        return None;
    }
    let numberish = |c: char| c.is_ascii_digit() || c == '.' || c == ',';
    for (i, text) in lines.iter().enumerate().skip(first).take(LOOK_AHEAD + 1) {
        for (start, _) in text.match_indices(raw) {
            let end = start + raw.len();
            let before = text[..start].chars().next_back();
            let after = text[end..].chars().next();
            if before.is_some_and(numberish) || after.is_some_and(|c| c.is_ascii_digit()) {
                continue;
            }
            if after == Some('.') && text[end + 1..].starts_with(|c: char| c.is_ascii_digit()) {
                continue;
            }
            if taken.insert((i, start)) {
                return Some((i, start, end));
            }
        }
    }
    None
}

/// `v` printed with the decimals of `like`, with thousands separators when
/// `like` had them.
fn print_like(v: Decimal, like: &Printed) -> String {
    let d = like.decimals;
    let r = v.round_dp_with_strategy(d, RoundingStrategy::MidpointAwayFromZero);
    let s = format!("{:.*}", d as usize, r);
    if !like.raw.contains(',') {
        return s;
    }
    let (sign, body) = match s.strip_prefix('-') {
        Some(b) => ("-", b),
        None => ("", s.as_str()),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let mut grouped = String::new();
    for (n, c) in int.chars().enumerate() {
        if n > 0 && (int.len() - n) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// Every year written before `年` (`2020年`, `2021 年度`) moved by `shift`.
fn shift_years(text: &str, shift: i32) -> String {
    static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(^|[^0-9])((?:19|20)[0-9]{2})(\s*年)").unwrap());
    YEAR.replace_all(text, |c: &regex::Captures| {
        let y: i32 = c[2].parse().unwrap_or(0);
        format!("{}{}{}", &c[1], y + shift, &c[3])
    })
    .into_owned()
}

/// The department with `city` in place of its leading place name
/// (`深圳市规划和自然资源局` → `杭州市规划和自然资源局`).
fn rename(department: &str, city: &str) -> String {
    let head: String = department.chars().take(8).collect();
    match head.char_indices().find(|(_, c)| matches!(c, '市' | '省' | '县')) {
        Some((i, c)) => format!("{city}{}", &department[i + c.len_utf8()..]),
        None => format!("{city}{department}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_like_the_original() {
        let p = |s: &str| Printed::parse(s).unwrap();
        assert_eq!(print_like(Decimal::new(1234567, 2), &p("1,000.00")), "12,345.67");
        assert_eq!(print_like(Decimal::new(4115, 1), &p("300")), "412");
        assert_eq!(print_like(Decimal::new(-98765, 0), &p("-1,000")), "-98,765");
        assert_eq!(print_like(Decimal::new(5, 1), &p("1.00")), "0.50");
    }

    #[test]
    fn years_and_departments() {
        assert_eq!(
            shift_years("2020年度预算，2019 年决算，编号12020年，共2020人", 2),
            "2022年度预算，2021 年决算，编号12020年，共2020人"
        );
        assert_eq!(rename("深圳市规划和自然资源局", "杭州市"), "杭州市规划和自然资源局");
        assert_eq!(
            rename("广州市规划和自然资源局荔湾区分局", "成都市"),
            "成都市规划和自然资源局荔湾区分局"
        );
        assert_eq!(rename("自然资源局", "成都市"), "成都市自然资源局");
    }

    #[test]
    fn locates_whole_numbers_once() {
        let lines = vec!["合计 1,200.5 万元，其中 200.5 万元，又 200.5 万元".to_string()];
        let mut taken = BTreeSet::new();
        let a = locate(&lines, 1, "200.5", &mut taken).unwrap();
        let b = locate(&lines, 1, "200.5", &mut taken).unwrap();
        assert!(a.1 > lines[0].find("1,200.5").unwrap() + 2);
        assert!(b.1 > a.1);
        assert_eq!(locate(&lines, 1, "200.5", &mut taken), None);
        // a paragraph rejoined across a blank line starts before its figures
        let lines = vec![
            "预算数 10 万元，".to_string(),
            String::new(),
            "执行数 8.5 万元".to_string(),
        ];
        assert_eq!(locate(&lines, 1, "8.5", &mut taken), Some((2, 10, 13)));
    }
}

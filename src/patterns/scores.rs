//! `scores.toml`: how scorecards, claimed totals, grades and default grade
//! bands are recognised.

use super::LazyRegex;
use super::Source;
use anyhow::Result;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::str::FromStr;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    table: RawTable,
    prose: RawProse,
    grades: BTreeMap<String, u8>,
    default_band: Vec<RawBand>,
    bands: RawBands,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBands {
    grade_pattern: String,
    lower_patterns: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    header_cells: Vec<String>,
    points_cells: Vec<String>,
    total_labels: Vec<String>,
    grade_labels: Vec<String>,
    group_points: String,
    subtotal_labels: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProse {
    total_patterns: Vec<String>,
    context_words: Vec<String>,
    exclude_words: Vec<String>,
    grade_patterns: Vec<String>,
    grade_context_words: Vec<String>,
    grade_exclude_words: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBand {
    grade: String,
    min: String,
}

/// A grade band: scores at or above `min` (and below the next better band)
/// earn `grade`.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub grade: String,
    pub min: Decimal,
    /// True when the band's lower bound is exclusive (`得分>85`).
    pub min_exclusive: bool,
}

#[derive(Debug)]
pub struct ScorePatterns {
    pub header_cells: Vec<String>,
    pub points_cells: Vec<String>,
    pub total_labels: Vec<String>,
    pub grade_labels: Vec<String>,
    pub group_points: LazyRegex,
    pub subtotal_labels: Vec<String>,
    pub total_patterns: Vec<LazyRegex>,
    pub context_words: Vec<String>,
    pub exclude_words: Vec<String>,
    pub grade_patterns: Vec<LazyRegex>,
    pub grade_context_words: Vec<String>,
    pub grade_exclude_words: Vec<String>,
    /// Grade label → rank (1 = best).
    pub grades: BTreeMap<String, u8>,
    /// Best first.
    pub default_bands: Vec<Band>,
    /// A band clause's grade (group `grade`).
    pub band_grade: LazyRegex,
    /// A band clause's lower bound (groups `n`, optional `op`).
    pub band_lower: Vec<LazyRegex>,
}

impl ScorePatterns {
    pub(crate) fn load(src: &Source) -> Result<Self> {
        let f: File = src.parse()?;
        let named = |p: &String, group: &str| -> Result<LazyRegex> {
            let r = src.regex(p)?;
            if !r.has_group(group) {
                return Err(src.invalid(p, format!("pattern must have a group named `{group}`")));
            }
            Ok(r)
        };
        let total_patterns = f
            .prose
            .total_patterns
            .iter()
            .map(|p| named(p, "score"))
            .collect::<Result<_>>()?;
        let grade_patterns = f
            .prose
            .grade_patterns
            .iter()
            .map(|p| named(p, "grade"))
            .collect::<Result<_>>()?;
        let group_points = src.regex(&f.table.group_points)?;
        if group_points.captures_len() < 3 {
            return Err(src.invalid(&f.table.group_points, "group_points must capture name and points"));
        }
        let mut default_bands = Vec::new();
        for b in &f.default_band {
            let min = Decimal::from_str(&b.min)
                .map_err(|e| src.invalid(&format!("min = \"{}\"", b.min), format!("bad band minimum: {e}")))?;
            if !f.grades.contains_key(&b.grade) {
                return Err(src.invalid(
                    &format!("grade = \"{}\"", b.grade),
                    format!("band grade {:?} is not in [grades]", b.grade),
                ));
            }
            default_bands.push(Band {
                grade: b.grade.clone(),
                min,
                min_exclusive: false,
            });
        }
        if default_bands.windows(2).any(|w| w[0].min <= w[1].min) || default_bands.is_empty() {
            return Err(src.invalid(
                "[[default_band]]",
                "default bands must be listed best first, minimums falling",
            ));
        }
        let band_grade = named(&f.bands.grade_pattern, "grade")?;
        let band_lower = f
            .bands
            .lower_patterns
            .iter()
            .map(|p| named(p, "n"))
            .collect::<Result<_>>()?;
        Ok(ScorePatterns {
            band_grade,
            band_lower,
            header_cells: f.table.header_cells,
            points_cells: f.table.points_cells,
            total_labels: f.table.total_labels,
            grade_labels: f.table.grade_labels,
            group_points,
            subtotal_labels: f.table.subtotal_labels,
            total_patterns,
            context_words: f.prose.context_words,
            exclude_words: f.prose.exclude_words,
            grade_patterns,
            grade_context_words: f.prose.grade_context_words,
            grade_exclude_words: f.prose.grade_exclude_words,
            grades: f.grades,
            default_bands,
        })
    }

    /// The rank of a grade label (优秀 and 优 are both 1).
    pub fn rank(&self, grade: &str) -> Option<u8> {
        self.grades.get(grade.trim()).copied()
    }
}

//! Loads `indicators.toml`: how performance-indicator tables are recognised
//! (header words, group words) and how a row's actual is judged against its
//! target (lower-is-better words, comparison words, achieved words).

use super::Source;
use anyhow::Result;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableWords {
    pub indicator_cells: Vec<String>,
    pub target_cells: Vec<String>,
    pub actual_cells: Vec<String>,
    pub points_cells: Vec<String>,
    pub score_cells: Vec<String>,
    pub status_cells: Vec<String>,
    pub level1_words: Vec<String>,
    pub level2_words: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JudgeWords {
    pub lower_better: Vec<String>,
    pub at_least: Vec<String>,
    pub at_most: Vec<String>,
    pub achieved_cells: Vec<String>,
    pub achieved_words: Vec<String>,
    pub negations: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorPatterns {
    pub table: TableWords,
    pub judge: JudgeWords,
}

impl IndicatorPatterns {
    pub(crate) fn load(src: &Source) -> Result<Self> {
        let p: IndicatorPatterns = src.parse()?;
        for (name, list) in [
            ("indicator_cells", &p.table.indicator_cells),
            ("target_cells", &p.table.target_cells),
            ("actual_cells", &p.table.actual_cells),
        ] {
            if list.iter().all(|w| w.trim().is_empty()) {
                return Err(src.invalid(name, format!("{name} must name at least one header word")));
            }
        }
        Ok(p)
    }
}

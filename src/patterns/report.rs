//! `report.toml`: where a report names its department, year and kind.

use super::LazyRegex;
use super::Source;
use anyhow::Result;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    department: RawDepartment,
    year: RawYear,
    title: RawTitle,
    kind: Vec<Kind>,
    not_report: RawNotReport,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNotReport {
    extensions: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDepartment {
    line_patterns: Vec<String>,
    cell_labels: Vec<String>,
    org_suffixes: Vec<String>,
    place_pattern: String,
    self_reference: String,
    not_self_after: Vec<String>,
    lead_words: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYear {
    title_pattern: String,
    cell_labels: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTitle {
    pattern: String,
    search_lines: usize,
}

/// A report kind: its id and the words its title must all contain.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kind {
    pub id: String,
    pub all: Vec<String>,
}

#[derive(Debug)]
pub struct ReportPatterns {
    /// File extensions (lower case) of files that are never reports.
    pub not_report_extensions: Vec<String>,
    pub department_lines: Vec<LazyRegex>,
    pub department_cells: Vec<String>,
    /// `place…suffix` organisation names, suffixes longest first.
    pub org_name: LazyRegex,
    /// The same, anchored at both ends: the whole string is one name.
    pub org_full: LazyRegex,
    /// Leading place names of an organisation's name (anchored).
    pub place: LazyRegex,
    pub self_reference: LazyRegex,
    pub not_self_after: Vec<String>,
    pub lead_words: Vec<String>,
    pub year: LazyRegex,
    pub year_cells: Vec<String>,
    pub title: LazyRegex,
    pub title_lines: usize,
    pub kinds: Vec<Kind>,
}

impl ReportPatterns {
    /// Why the file at `path` is not a report (its kind of file), if it is not.
    pub fn not_report(&self, path: &std::path::Path) -> Option<String> {
        let ext = path.extension()?.to_str()?.to_lowercase();
        self.not_report_extensions
            .contains(&ext)
            .then(|| format!("not a report: a .{ext} file (documentation, data or source code)"))
    }

    pub(crate) fn load(src: &Source) -> Result<Self> {
        let f: File = src.parse()?;
        let d = f.department;
        let department_lines = d
            .line_patterns
            .iter()
            .map(|p| {
                let r = src.regex(p)?;
                if r.captures_len() < 2 {
                    return Err(src.invalid(p, "department line pattern must capture the name in group 1"));
                }
                Ok(r)
            })
            .collect::<Result<Vec<_>>>()?;
        let mut suffixes = d.org_suffixes.clone();
        if suffixes.is_empty() {
            return Err(src.invalid("org_suffixes", "org_suffixes must not be empty"));
        }
        suffixes.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
        let alt = suffixes.iter().map(|s| regex::escape(s)).collect::<Vec<_>>().join("|");
        let place = src.regex(&format!("^(?:{})", d.place_pattern))?;
        let org = format!(r"(?:{})[\p{{Han}}（）()]{{1,24}}?(?:{})", d.place_pattern, alt);
        let org_name = src.regex(&org)?;
        let org_full = src.regex(&format!("^(?:{org})$"))?;
        let self_reference = src.regex(&d.self_reference)?;
        if self_reference.captures_len() < 2 {
            return Err(src.invalid(&d.self_reference, "self_reference must capture the suffix in group 1"));
        }
        let year = src.regex(&f.year.title_pattern)?;
        if year.captures_len() < 2 {
            return Err(src.invalid(&f.year.title_pattern, "year pattern must capture the year in group 1"));
        }
        if f.kind.is_empty() {
            return Err(src.invalid("[[kind]]", "at least one [[kind]] is needed"));
        }
        Ok(ReportPatterns {
            not_report_extensions: f.not_report.extensions.iter().map(|e| e.to_lowercase()).collect(),
            department_lines,
            department_cells: d.cell_labels,
            org_name,
            org_full,
            place,
            self_reference,
            not_self_after: d.not_self_after,
            lead_words: d.lead_words,
            year,
            year_cells: f.year.cell_labels,
            title: src.regex(&f.title.pattern)?,
            title_lines: f.title.search_lines,
            kinds: f.kind,
        })
    }
}

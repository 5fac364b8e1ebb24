//! `normalize.toml`: running page numbers, HTML tags and entities, LaTeX
//! commands.

use super::LazyRegex;
use super::Source;
use anyhow::Result;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    page_number_patterns: Vec<String>,
    html_tags: Vec<String>,
    entities: BTreeMap<String, String>,
    latex: BTreeMap<String, String>,
}

#[derive(Debug)]
pub struct NormalizePatterns {
    pub page_numbers: Vec<LazyRegex>,
    /// Matches any listed HTML tag, opening, closing or self-closing.
    pub html_tag: LazyRegex,
    /// Entities, longest first.
    pub entities: Vec<(String, String)>,
    /// LaTeX commands, longest first (so `\geqslant` wins over `\geq`).
    pub latex: Vec<(String, String)>,
}

impl NormalizePatterns {
    pub(crate) fn load(src: &Source) -> Result<Self> {
        let f: File = src.parse()?;
        let page_numbers = f
            .page_number_patterns
            .iter()
            .map(|p| src.regex(p))
            .collect::<Result<Vec<_>>>()?;
        if f.html_tags
            .iter()
            .any(|t| t.is_empty() || t.contains(|c: char| c.is_whitespace() || c == '>'))
        {
            return Err(src.invalid("html_tags", "html_tags must be bare tag names"));
        }
        let alt = f
            .html_tags
            .iter()
            .map(|t| regex::escape(t))
            .collect::<Vec<_>>()
            .join("|");
        let html_tag = src.regex(&format!(
            r#"(?i)</?(?:{alt})(?:\s+[a-z:_-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*\s*/?>"#
        ))?;
        let mut entities: Vec<_> = f.entities.into_iter().collect();
        entities.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
        let mut latex: Vec<_> = f.latex.into_iter().collect();
        for (k, _) in &latex {
            if !k.starts_with('\\') {
                return Err(src.invalid(k, format!("latex command {k:?} must start with a backslash")));
            }
        }
        latex.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
        Ok(NormalizePatterns {
            page_numbers,
            html_tag,
            entities,
            latex,
        })
    }
}

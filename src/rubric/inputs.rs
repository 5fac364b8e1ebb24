//! A rule's inputs from the report's own figures: a variable of
//! `criteria.toml` is the first of its value expressions the keyed figures
//! give; a figure key is the first figure carrying it (not a prior-year or
//! approximate one).

use super::expr::Expr;
use super::rule::{show, Env, Input};
use crate::extract::figures::Figure;
use crate::patterns::RubricPatterns;

/// The figures of one report, as a rule's environment.
pub struct Figures<'a> {
    pub figures: &'a [Figure],
    pub patterns: &'a RubricPatterns,
}

impl Figures<'_> {
    fn figure(&self, key: &str) -> Option<&Figure> {
        self.figures.iter().find(|f| f.key == key && !f.prior && !f.approx)
    }
}

impl Env for Figures<'_> {
    fn get(&self, name: &str) -> Option<Input> {
        if let Some(v) = self.patterns.variable(name) {
            for e in &v.values {
                let value = e.eval(&|k: &str| self.figure(k).map(|f| f.interval()));
                let Some(value) = value else { continue };
                let used: Vec<&Figure> = e.keys().into_iter().filter_map(|k| self.figure(k)).collect();
                let mut sources: Vec<(String, String, u32, Option<u32>)> = Vec::new();
                for f in &used {
                    if !sources.iter().any(|s| s.1 == f.raw && s.2 == f.line) {
                        sources.push((f.label.clone(), f.raw.clone(), f.line, f.page));
                    }
                }
                let shown = match (e, used.as_slice()) {
                    (Expr::Key(_), [f]) => f.raw.clone(),
                    _ => show(value),
                };
                return Some(Input {
                    value,
                    inferred: v.inferred,
                    how: format!("{} = {}（{}）", v.id, shown, cite(&sources)),
                });
            }
            return None;
        }
        let f = self.figure(name)?;
        Some(Input {
            value: f.interval(),
            inferred: false,
            how: format!(
                "{} = {}（{}）",
                name,
                f.raw,
                cite(&[(f.label.clone(), f.raw.clone(), f.line, f.page)])
            ),
        })
    }
}

/// `实际采购支出 10.39亿元 第270行，采购预算金额 8.7亿元 第270行`.
fn cite(sources: &[(String, String, u32, Option<u32>)]) -> String {
    sources
        .iter()
        .map(|(label, raw, line, page)| match page {
            Some(p) => format!("{label} {raw} 第{p}页第{line}行"),
            None => format!("{label} {raw} 第{line}行"),
        })
        .collect::<Vec<_>>()
        .join("，")
}

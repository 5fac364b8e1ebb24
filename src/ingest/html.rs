//! HTML reports to text lines: scripts, styles and comments dropped, block
//! elements (`p`, `div`, `br`, `tr`, `li`, headings) end lines, table cells
//! become tab-separated, other tags removed, numeric character references
//! decoded. Named entities are left to the normaliser's table.

use regex::Regex;
use std::sync::LazyLock;

static DROP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)<!--.*?-->|<script\b.*?</script\s*>|<style\b.*?</style\s*>|<head\b.*?</head\s*>").unwrap()
});
static CELL_END: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)</t[dh]\s*>").unwrap());
static LINE_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)<br\s*/?>|</?(?:p|div|tr|li|h[1-6]|table|section|article)\b[^>]*>").unwrap());
static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^<>]*>").unwrap());
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));").unwrap());
static SPACE_RUN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[ \r\n]+").unwrap());

/// The text of an HTML document, one block a line.
pub fn to_text(html: &str) -> String {
    let s = DROP.replace_all(html, "");
    // source line breaks mean nothing in HTML
    let s = SPACE_RUN.replace_all(&s, " ");
    let s = CELL_END.replace_all(&s, "\t");
    let s = LINE_END.replace_all(&s, "\n");
    let s = TAG.replace_all(&s, "");
    let s = NUMERIC.replace_all(&s, |c: &regex::Captures| {
        let n = match (c.get(1), c.get(2)) {
            (Some(h), _) => u32::from_str_radix(h.as_str(), 16).ok(),
            (_, Some(d)) => d.as_str().parse().ok(),
            _ => None,
        };
        n.and_then(char::from_u32).map(String::from).unwrap_or_default()
    });
    s.lines()
        .map(|l| l.trim_matches(' ').trim_end_matches(['\t', ' ']))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_lines_and_cells() {
        let html = "<html><head><title>x</title><style>p{}</style></head><body>\n<p>一、部门基本情况</p>\
                    <table><tr><td>项目</td><td>年初预算</td></tr>\n<tr><td>合计</td><td>23.5</td></tr></table>\
                    <script>var a=1;</script><p>得分&#8805;85分</p></body></html>";
        let t = to_text(html);
        let lines: Vec<&str> = t.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines, ["一、部门基本情况", "项目\t年初预算", "合计\t23.5", "得分≥85分"]);
    }
}

//! HTML reports to raw lines through an HTML5 parser (scraper/html5ever):
//! the charset from the BOM or `<meta>` (GBK pages), entities decoded,
//! `<script>`, `<style>`, `<head>` and comments dropped; block elements
//! (`p`, `div`, `br`, `li`, headings …) end lines, a `&nbsp;` paragraph is a
//! blank line; tables become grids with `rowspan`/`colspan` expanded
//! (`grid`), and a `<p>` or `<br>` inside a cell stays inside it. A nested
//! table's text stays in its cell.

use super::grid::Grid;
use super::text::Decoded;
use crate::model::{Cell, RawDoc, RawLine, RawPage, TableRow};
use ego_tree::iter::Edge;
use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};
use scraper::{Html, Node};

/// Decodes an HTML page: BOM, else the `<meta>` charset in its first 4 KiB,
/// else strict UTF-8, else GB18030.
pub fn decode(bytes: &[u8]) -> Decoded {
    if Encoding::for_bom(bytes).is_some() {
        return super::text::decode(bytes);
    }
    match meta_charset(&bytes[..bytes.len().min(4096)]) {
        Some(enc) if enc == UTF_16LE || enc == UTF_16BE => super::text::decode(bytes),
        Some(enc) if enc != UTF_8 => {
            let (text, had_errors) = enc.decode_without_bom_handling(bytes);
            let replaced = if had_errors {
                text.chars().filter(|&c| c == '\u{FFFD}').count()
            } else {
                0
            };
            let mut chars = 0;
            let mut controls = 0;
            for c in text.chars() {
                chars += 1;
                if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c') {
                    controls += 1;
                }
            }
            let name = if enc == GB18030 || enc.name() == "GBK" {
                "gb18030"
            } else {
                enc.name()
            };
            Decoded {
                text: text.into_owned(),
                encoding: name,
                replaced,
                controls,
                chars,
            }
        }
        _ => super::text::decode(bytes),
    }
}

/// `<meta charset="gbk">` or `<meta http-equiv… content="…; charset=gb2312">`.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let mut from = 0;
    while let Some(i) = find(&lower[from..], b"charset") {
        let at = from + i + b"charset".len();
        from = at;
        let rest = &lower[at..];
        let rest = rest.trim_ascii_start();
        let Some(rest) = rest.strip_prefix(b"=") else { continue };
        let rest = rest.trim_ascii_start();
        let rest = rest
            .strip_prefix(b"\"")
            .or_else(|| rest.strip_prefix(b"'"))
            .unwrap_or(rest);
        let end = rest
            .iter()
            .position(|b| matches!(b, b'"' | b'\'' | b';' | b'>' | b' ' | b'/'))
            .unwrap_or(rest.len());
        if let Some(enc) = Encoding::for_label(&rest[..end]) {
            return Some(enc);
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Elements whose content is never text of the report.
const DROPPED: &[&str] = &[
    "script", "style", "head", "noscript", "template", "title", "select", "iframe", "object",
];
/// Elements that end a line (or, inside a cell, a paragraph of it).
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "address",
    "center",
    "form",
    "body",
    "html",
    "main",
    "nav",
    "aside",
    "figure",
    "figcaption",
    "hr",
    "caption",
];

struct TableState {
    grid: Grid,
    cell: Option<(String, usize, usize)>,
}

struct Walk {
    lines: Vec<RawLine>,
    line: String,
    /// The current line holds something other than markup whitespace.
    content: bool,
    tables: Vec<TableState>,
    table_count: u32,
}

impl Walk {
    fn cell(&mut self) -> Option<&mut String> {
        self.tables.last_mut().and_then(|t| t.cell.as_mut()).map(|c| &mut c.0)
    }

    /// Ends the current line; `always` makes an empty one (a `<br>`).
    fn end_line(&mut self, always: bool) {
        if let Some(c) = self.cell() {
            c.push(' ');
            return;
        }
        if self.content || always {
            let text = squeeze(&self.line);
            let n = self.lines.len() as u32 + 1;
            self.lines.push(RawLine {
                number: n,
                cells: vec![Cell::text(text)],
                table: None,
            });
        }
        self.line.clear();
        self.content = false;
    }

    fn text(&mut self, s: &str) {
        if let Some(c) = self.cell() {
            c.push_str(s);
            return;
        }
        if self.tables.is_empty() || !s.trim_ascii().is_empty() {
            if !s.trim_ascii().is_empty() {
                self.content = true;
            }
            self.line.push_str(s);
        }
    }
}

/// HTML whitespace runs to one space; no-break spaces to spaces; trimmed.
fn squeeze(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for ch in s.chars() {
        if ch.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(ch);
        }
    }
    out
}

fn span_attr(e: &scraper::node::Element, name: &str) -> usize {
    e.attr(name)
        .and_then(|v| v.trim().trim_end_matches(|c: char| !c.is_ascii_digit()).parse().ok())
        .unwrap_or(1)
}

/// The page's lines and tables.
pub fn read(text: &str) -> RawDoc {
    let html = Html::parse_document(text);
    let mut w = Walk {
        lines: Vec::new(),
        line: String::new(),
        content: false,
        tables: Vec::new(),
        table_count: 0,
    };
    let mut dropped = 0usize;
    for edge in html.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(e) => {
                    let name = e.name();
                    if dropped > 0 || DROPPED.contains(&name) {
                        dropped += 1;
                        continue;
                    }
                    match name {
                        "br" => w.end_line(true),
                        "table" => {
                            if w.cell().is_none() {
                                w.end_line(false);
                            }
                            w.tables.push(TableState {
                                grid: Grid::new(),
                                cell: None,
                            });
                        }
                        "tr" => {
                            if let Some(t) = w.tables.last_mut() {
                                t.grid.start_row();
                            }
                        }
                        "td" | "th" => {
                            let (cols, rows) = (span_attr(e, "colspan"), span_attr(e, "rowspan"));
                            if let Some(t) = w.tables.last_mut() {
                                t.cell = Some((String::new(), cols, rows));
                            }
                        }
                        n if BLOCKS.contains(&n) => w.end_line(false),
                        _ => {}
                    }
                }
                Node::Text(t) if dropped == 0 => w.text(t),
                _ => {}
            },
            Edge::Close(node) => {
                let Node::Element(e) = node.value() else { continue };
                let name = e.name();
                if dropped > 0 {
                    dropped -= 1;
                    continue;
                }
                match name {
                    "td" | "th" => {
                        if let Some(t) = w.tables.last_mut() {
                            if let Some((s, cols, rows)) = t.cell.take() {
                                // rowspan="0" spans to the end of the table
                                let rows = if rows == 0 { 1000 } else { rows };
                                t.grid.place(squeeze(&s), cols.max(1), rows);
                            }
                        }
                    }
                    "table" => {
                        let Some(t) = w.tables.pop() else { continue };
                        let rows = t.grid.finish();
                        if let Some(c) = w.cell() {
                            for row in rows {
                                for cell in row {
                                    c.push(' ');
                                    c.push_str(&cell.text);
                                }
                            }
                            continue;
                        }
                        if rows.is_empty() {
                            continue;
                        }
                        let table = w.table_count;
                        w.table_count += 1;
                        for (r, cells) in rows.into_iter().enumerate() {
                            let n = w.lines.len() as u32 + 1;
                            w.lines.push(RawLine::row(n, cells, TableRow { table, row: r as u32 }));
                        }
                    }
                    n if BLOCKS.contains(&n) => w.end_line(false),
                    _ => {}
                }
            }
        }
    }
    w.end_line(false);
    RawDoc {
        pages: vec![RawPage {
            number: None,
            lines: w.lines,
        }],
        paged: false,
        pending: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(html: &str) -> Vec<Vec<String>> {
        read(html).pages[0]
            .lines
            .iter()
            .map(|l| l.cells.iter().map(|c| c.text.clone()).collect())
            .collect()
    }

    #[test]
    fn blocks_cells_spans_and_entities() {
        let html = "<html><head><title>x</title><style>p{}</style></head><body>\n<p>一、部门基本情况</p><p>&nbsp;</p>\
                    <table><tr><td colspan=2><p>评价</p><p>指标</p></td><td>分值</td></tr>\n\
                    <tr><td rowspan=\"2\">部门决策</td><td>预算<br>编制</td><td>5</td></tr>\
                    <tr><td>目标</td><td>&#56;</td></tr></table>\
                    <script>var a='<p>x</p>';</script><p>&ldquo;三公&rdquo;&mdash;得分&ge;85分</p></body></html>";
        assert_eq!(
            rows(html),
            [
                vec!["一、部门基本情况"],
                vec![""],
                vec!["评价 指标", "", "分值"],
                vec!["部门决策", "预算 编制", "5"],
                vec!["", "目标", "8"],
                vec!["“三公”—得分≥85分"],
            ]
        );
        let doc = read(html);
        let l = &doc.pages[0].lines;
        assert!(l[2].cells[1].span.is_covered());
        assert_eq!(l[3].cells[0].span, crate::model::Span::new(1, 2));
        assert_eq!(l[4].table, Some(TableRow { table: 0, row: 2 }));
    }

    #[test]
    fn charset_from_meta() {
        let (gbk, _, _) =
            encoding_rs::GBK.encode("<html><head><meta charset=\"gbk\"></head><body><p>合计</p></body></html>");
        let d = decode(&gbk);
        assert_eq!(d.encoding, "gb18030");
        assert!(d.text.contains("<p>合计</p>"));
        let (gb, _, _) = encoding_rs::GBK
            .encode("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"><p>预算</p>");
        assert!(decode(&gb).text.contains("预算"));
    }
}

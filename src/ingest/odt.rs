//! OpenDocument text (ODT: LibreOffice, WPS, converters) to raw lines:
//! content.xml's text:h and text:p in order, each list paragraph with the
//! number its ODF list style shows (text:list-level-style-number: the
//! style:num-format 1/a/i/一/壹/①…, num-prefix/num-suffix or LibreOffice's
//! num-list-format, display-levels, start-value, what follows the label),
//! lists continuing the previous list of their style when
//! text:continue-numbering says so (or the list text:continue-list names),
//! headings outside lists numbered by the outline style; tables as grids
//! (`grid`: number-columns-spanned and number-rows-spanned, the covered
//! cells skipped), a nested table's text kept in its cell, text boxes read
//! where they are anchored. Notes, annotations and tracked deletions are left
//! out; headers and footers live in styles.xml and are not read. List styles
//! come from styles.xml and content.xml's automatic styles. Parts are read
//! through `zipped`'s bounds.

use super::grid::Grid;
use super::numbering::format_number;
use super::xml::{attr, entity, Xml};
use super::zipped::Zip;
use crate::model::{Cell, RawDoc, RawLine, RawPage, TableRow};
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;

/// List levels ODF defines.
const MAX_LEVELS: usize = 10;
/// Repeats of a cell materialised at most.
const MAX_REPEAT: usize = 1000;

/// Reads an ODT; `Err` says why it cannot be.
pub fn read(bytes: &[u8]) -> Result<RawDoc, String> {
    let mut zip = Zip::open(bytes)?;
    let content = zip
        .text("content.xml")?
        .ok_or("not an OpenDocument text: no content.xml")?;
    let mut styles = Styles::default();
    if let Some(s) = zip.text("styles.xml")? {
        styles.read(&s)?;
    }
    styles.read(&content)?;
    let lines = body_lines(&content, &styles)?;
    Ok(RawDoc {
        pages: vec![RawPage { number: None, lines }],
        paged: false,
        pending: None,
    })
}

/// One level of a list style.
#[derive(Debug, Clone, Default)]
struct Level {
    /// A Word-style format name for `numbering::format_number`; "none"
    /// shows no number; `None` for a bullet level.
    format: Option<String>,
    bullet: String,
    prefix: String,
    suffix: String,
    /// LibreOffice's whole label pattern (`%1%.%2%`), when given.
    pattern: Option<String>,
    display: usize,
    start: u32,
    /// What follows the label: a space, or nothing.
    gap: &'static str,
}

#[derive(Debug, Default)]
struct Styles {
    /// List style name → levels (index = level − 1).
    lists: HashMap<String, Vec<Level>>,
    outline: Vec<Level>,
    /// Paragraph style name → the list style it names.
    para_lists: HashMap<String, String>,
}

/// The format name of an ODF style:num-format.
fn format_name(f: &str) -> &'static str {
    match f.chars().next() {
        None => "none",
        Some('1') => "decimal",
        Some('0') => "decimalZero",
        Some('a') => "lowerLetter",
        Some('A') => "upperLetter",
        Some('i') => "lowerRoman",
        Some('I') => "upperRoman",
        Some('一' | '〇') => "chineseCounting",
        Some('壹') => "chineseLegalSimplified",
        Some('①') => "decimalEnclosedCircle",
        Some('⑴') => "decimalEnclosedParen",
        Some('甲') => "ideographTraditional",
        Some('子') => "ideographZodiac",
        Some('１') => "decimalFullWidth",
        _ => "decimal",
    }
}

impl Styles {
    fn read(&mut self, xml: &str) -> Result<(), String> {
        let mut x = Xml::new(xml);
        // (list style name or None for the outline), levels
        let mut list: Option<(Option<String>, Vec<Level>)> = None;
        let mut level: Option<(usize, Level)> = None;
        loop {
            let ev = x.next()?;
            let empty = matches!(ev, Event::Empty(_));
            match ev {
                Event::Eof => break,
                Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                    "text:list-style" => list = Some((attr(&e, "style:name"), Vec::new())),
                    "text:outline-style" => list = Some((None, Vec::new())),
                    n @ ("text:list-level-style-number"
                    | "text:outline-level-style"
                    | "text:list-level-style-bullet"
                    | "text:list-level-style-image") => {
                        let k = num(&e, "text:level").clamp(1, MAX_LEVELS) - 1;
                        let numbered = n != "text:list-level-style-bullet" && n != "text:list-level-style-image";
                        let l = Level {
                            format: numbered
                                .then(|| format_name(&attr(&e, "style:num-format").unwrap_or_default()).to_string()),
                            bullet: attr(&e, "text:bullet-char").unwrap_or_default(),
                            prefix: attr(&e, "style:num-prefix").unwrap_or_default(),
                            suffix: attr(&e, "style:num-suffix").unwrap_or_default(),
                            pattern: attr(&e, "loext:num-list-format"),
                            display: num(&e, "text:display-levels").clamp(1, MAX_LEVELS),
                            start: attr(&e, "text:start-value").and_then(|v| v.parse().ok()).unwrap_or(1),
                            gap: " ",
                        };
                        level = Some((k, l));
                        if empty {
                            self.end_level(&mut level, &mut list);
                        }
                    }
                    "style:list-level-label-alignment" => {
                        if let Some((_, l)) = level.as_mut() {
                            l.gap = match attr(&e, "text:label-followed-by").as_deref() {
                                Some("nothing") => "",
                                _ => " ",
                            };
                        }
                    }
                    "style:style" => {
                        if let (Some(s), Some(l)) = (attr(&e, "style:name"), attr(&e, "style:list-style-name")) {
                            self.para_lists.insert(s, l);
                        }
                    }
                    _ => {}
                },
                Event::End(e) => match e.name().as_ref() {
                    "text:list-level-style-number"
                    | "text:outline-level-style"
                    | "text:list-level-style-bullet"
                    | "text:list-level-style-image" => self.end_level(&mut level, &mut list),
                    "text:list-style" | "text:outline-style" => match list.take() {
                        Some((Some(name), levels)) => {
                            self.lists.insert(name, levels);
                        }
                        Some((None, levels)) => self.outline = levels,
                        None => {}
                    },
                    _ => {}
                },
                _ => {}
            }
        }
        Ok(())
    }

    /// A level read: into its list style's levels.
    fn end_level(&self, level: &mut Option<(usize, Level)>, list: &mut Option<(Option<String>, Vec<Level>)>) {
        if let (Some((k, l)), Some((_, levels))) = (level.take(), list.as_mut()) {
            if levels.len() <= k {
                levels.resize(k + 1, Level::default());
            }
            levels[k] = l;
        }
    }
}

fn num(e: &BytesStart, key: &str) -> usize {
    attr(e, key).and_then(|v| v.parse().ok()).unwrap_or(0)
}

/// Counters of one list chain (a list and the lists that continue it).
type Counters = Vec<u32>;

/// The label of level `k` (0-based) with `counters`, by `levels`.
fn label(levels: &[Level], counters: &[u32], k: usize) -> String {
    let Some(level) = levels.get(k) else {
        return String::new();
    };
    let Some(format) = &level.format else {
        return if level.bullet.is_empty() {
            String::new()
        } else {
            format!("{}{}", level.bullet, level.gap)
        };
    };
    let number = |i: usize| -> String {
        let f = levels.get(i).and_then(|l| l.format.as_deref()).unwrap_or("decimal");
        let n = counters.get(i).copied().filter(|&n| n > 0);
        let n = n.unwrap_or_else(|| levels.get(i).map_or(1, |l| l.start));
        format_number(n, f)
    };
    let body = if let Some(p) = &level.pattern {
        // %1% … %10%: the counters of those levels
        let mut out = String::new();
        let mut rest = p.as_str();
        while let Some(i) = rest.find('%') {
            out.push_str(&rest[..i]);
            let after = &rest[i + 1..];
            let digits: String = after.chars().take_while(|c| c.is_ascii_digit()).collect();
            match digits.parse::<usize>() {
                Ok(d) if (1..=MAX_LEVELS).contains(&d) && after[digits.len()..].starts_with('%') => {
                    out.push_str(&number(d - 1));
                    rest = &after[digits.len() + 1..];
                }
                _ => {
                    out.push('%');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    } else {
        if format == "none" && level.prefix.is_empty() && level.suffix.is_empty() {
            return String::new();
        }
        let first = (k + 1).saturating_sub(level.display);
        let nums: Vec<String> = (first..=k).map(number).filter(|s| !s.is_empty()).collect();
        format!("{}{}{}", level.prefix, nums.join("."), level.suffix)
    };
    if body.is_empty() {
        return body;
    }
    format!("{body}{}", level.gap)
}

/// What an open element is, for the body walk.
enum Open {
    List,
    /// A list item: numbered yet (its first paragraph takes the number).
    Item(bool),
    Header,
    Para,
    Table,
    Row,
    Cell,
    Other,
}

/// A list being read: its chain of counters and its style.
struct ListCtx {
    chain: usize,
    style: Option<String>,
}

#[derive(Default)]
struct TableCtx {
    grid: Grid,
    cell: Option<(Vec<String>, usize, usize, usize)>,
}

fn body_lines(xml: &str, styles: &Styles) -> Result<Vec<RawLine>, String> {
    let mut x = Xml::new(xml);
    let mut open: Vec<Open> = Vec::new();
    let mut skip = 0usize;
    let mut in_body = false;
    let mut out: Vec<RawLine> = Vec::new();
    let mut tables_done = 0u32;
    let mut paras: Vec<String> = Vec::new();
    let mut tables: Vec<TableCtx> = Vec::new();
    let mut lists: Vec<ListCtx> = Vec::new();
    let mut chains: Vec<Counters> = Vec::new();
    let mut last_of_style: HashMap<Option<String>, usize> = HashMap::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut outline: Counters = vec![0; MAX_LEVELS];
    let push_text = |out: &mut Vec<RawLine>, text: &str| {
        for part in text.split('\n') {
            let n = out.len() as u32 + 1;
            out.push(RawLine {
                number: n,
                cells: vec![Cell::text(part.replace('\t', " ").trim_end())],
                table: None,
            });
        }
    };
    loop {
        let ev = x.next()?;
        match ev {
            Event::Eof => break,
            Event::Start(_) if skip > 0 => skip += 1,
            Event::End(_) if skip > 0 => skip -= 1,
            _ if skip > 0 => {}
            Event::Start(e) if !in_body => {
                in_body = e.name().as_ref() == "office:text";
            }
            _ if !in_body => {}
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                let name = e.name();
                let what = match name.as_ref() {
                    "text:note"
                    | "office:annotation"
                    | "text:tracked-changes"
                    | "text:sequence-decls"
                    | "svg:title"
                    | "svg:desc"
                    | "draw:object" => {
                        if !empty {
                            skip = 1;
                        }
                        continue;
                    }
                    "text:list" => {
                        let style = attr(e, "text:style-name").or_else(|| lists.last().and_then(|l| l.style.clone()));
                        let chain = match lists.last() {
                            Some(outer) => outer.chain,
                            None => {
                                let cont = attr(e, "text:continue-list").and_then(|id| by_id.get(&id).copied());
                                let numbering = attr(e, "text:continue-numbering").as_deref() == Some("true");
                                let same_style = || last_of_style.get(&style).copied();
                                match cont.or_else(|| if numbering { same_style() } else { None }) {
                                    Some(c) => c,
                                    None => {
                                        chains.push(vec![0; MAX_LEVELS]);
                                        chains.len() - 1
                                    }
                                }
                            }
                        };
                        if let Some(id) = attr(e, "xml:id") {
                            by_id.insert(id, chain);
                        }
                        // the latest list of this style continues in this chain
                        last_of_style.insert(style.clone(), chain);
                        lists.push(ListCtx { chain, style });
                        Open::List
                    }
                    "text:list-item" => {
                        if let Some(v) = attr(e, "text:start-value").and_then(|v| v.parse::<u32>().ok()) {
                            let k = lists.len().saturating_sub(1).min(MAX_LEVELS - 1);
                            if let Some(c) = lists.last().and_then(|l| chains.get_mut(l.chain)) {
                                // the item shows v: the counter stands one below
                                c[k] = v.saturating_sub(1);
                            }
                        }
                        Open::Item(false)
                    }
                    "text:list-header" => Open::Header,
                    "text:p" | "text:h" => {
                        let mut number = String::new();
                        let item = open.iter_mut().rev().find(|o| !matches!(o, Open::Other));
                        if let Some(Open::Item(numbered)) = item {
                            if !*numbered {
                                *numbered = true;
                                number = list_number(e, &lists, &mut chains, styles);
                            }
                        } else if name.as_ref() == "text:h" && lists.is_empty() {
                            let k = num(e, "text:outline-level");
                            if (1..=MAX_LEVELS).contains(&k) && !styles.outline.is_empty() {
                                advance(&mut outline, k - 1, &styles.outline);
                                number = label(&styles.outline, &outline, k - 1);
                            }
                        }
                        if empty {
                            finish_para(number, &mut out, &mut tables, &push_text);
                            continue;
                        }
                        paras.push(number);
                        Open::Para
                    }
                    "text:s" => {
                        if let Some(p) = paras.last_mut() {
                            p.extend(std::iter::repeat_n(' ', num(e, "text:c").clamp(1, 100)));
                        }
                        Open::Other
                    }
                    "text:tab" => {
                        if let Some(p) = paras.last_mut() {
                            p.push('\t');
                        }
                        Open::Other
                    }
                    "text:line-break" => {
                        if let Some(p) = paras.last_mut() {
                            p.push('\n');
                        }
                        Open::Other
                    }
                    "table:table" => {
                        tables.push(TableCtx::default());
                        Open::Table
                    }
                    "table:table-row" => {
                        if let Some(t) = tables.last_mut() {
                            t.grid.start_row();
                        }
                        Open::Row
                    }
                    "table:table-cell" => {
                        if let Some(t) = tables.last_mut() {
                            let cols = num(e, "table:number-columns-spanned").max(1);
                            let rows = num(e, "table:number-rows-spanned").max(1);
                            let rep = num(e, "table:number-columns-repeated").clamp(1, MAX_REPEAT);
                            t.cell = Some((Vec::new(), cols, rows, rep));
                        }
                        if empty {
                            end_cell(&mut tables);
                            continue;
                        }
                        Open::Cell
                    }
                    "table:covered-table-cell" => {
                        // covered by a spanning cell: the grid knows
                        if !empty {
                            skip = 1;
                        }
                        continue;
                    }
                    _ => Open::Other,
                };
                if empty {
                    // an empty list, item or table closes at once
                    close(what, &mut lists, &mut tables, &mut tables_done, &mut out);
                } else {
                    open.push(what);
                }
            }
            Event::Text(t) => {
                if let Some(p) = paras.last_mut() {
                    p.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(p) = paras.last_mut() {
                    p.push_str(&entity(&r));
                }
            }
            Event::End(e) => {
                if e.name().as_ref() == "office:text" {
                    in_body = false;
                    continue;
                }
                match open.pop() {
                    Some(Open::Para) => {
                        let text = paras.pop().unwrap_or_default();
                        finish_para(text, &mut out, &mut tables, &push_text);
                    }
                    Some(Open::Cell) => end_cell(&mut tables),
                    Some(what) => close(what, &mut lists, &mut tables, &mut tables_done, &mut out),
                    None => {}
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// Steps level `k`'s counter (its start first) and restarts the deeper ones.
fn advance(counters: &mut Counters, k: usize, levels: &[Level]) {
    if let Some(c) = counters.get_mut(k) {
        *c = if *c == 0 {
            levels.get(k).map_or(1, |l| l.start)
        } else {
            c.saturating_add(1)
        };
    }
    for c in counters.iter_mut().skip(k + 1) {
        *c = 0;
    }
}

/// The number of the first paragraph of the innermost list item: its list
/// style (the list's, else the paragraph style's), its chain's counters.
fn list_number(e: &BytesStart, lists: &[ListCtx], chains: &mut [Counters], styles: &Styles) -> String {
    let Some(list) = lists.last() else {
        return String::new();
    };
    let k = (lists.len() - 1).min(MAX_LEVELS - 1);
    let style = list
        .style
        .clone()
        .or_else(|| attr(e, "text:style-name").and_then(|s| styles.para_lists.get(&s).cloned()));
    let Some(levels) = style.and_then(|s| styles.lists.get(&s)) else {
        return String::new();
    };
    let Some(counters) = chains.get_mut(list.chain) else {
        return String::new();
    };
    advance(counters, k, levels);
    label(levels, counters, k)
}

/// A finished paragraph: a line, or a paragraph of the innermost table's cell.
fn finish_para(
    text: String,
    out: &mut Vec<RawLine>,
    tables: &mut [TableCtx],
    push_text: &impl Fn(&mut Vec<RawLine>, &str),
) {
    let outside = tables.is_empty();
    match tables.last_mut().and_then(|t| t.cell.as_mut()) {
        Some(cell) => cell.0.push(text.replace(['\n', '\t'], " ")),
        None if outside => push_text(out, &text),
        // text of a table outside its cells (malformed): dropped
        None => {}
    }
}

fn end_cell(tables: &mut [TableCtx]) {
    let Some(t) = tables.last_mut() else {
        return;
    };
    if let Some((paras, cols, rows, rep)) = t.cell.take() {
        let text: Vec<&str> = paras.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect();
        let text = text.join(" ");
        let rep = if text.is_empty() { rep } else { rep.min(MAX_REPEAT) };
        for _ in 0..rep {
            t.grid.place(text.clone(), cols, rows);
        }
    }
}

fn close(what: Open, lists: &mut Vec<ListCtx>, tables: &mut Vec<TableCtx>, done: &mut u32, out: &mut Vec<RawLine>) {
    match what {
        Open::List => {
            lists.pop();
        }
        Open::Table => {
            let Some(t) = tables.pop() else {
                return;
            };
            let rows = t.grid.finish();
            let outside = tables.is_empty();
            match tables.last_mut().and_then(|o| o.cell.as_mut()) {
                // a nested table: its text stays in the outer cell
                Some(cell) => {
                    for r in rows {
                        let s: Vec<String> = r.into_iter().map(|c| c.text).filter(|s| !s.trim().is_empty()).collect();
                        if !s.is_empty() {
                            cell.0.push(s.join(" "));
                        }
                    }
                }
                None if outside && !rows.is_empty() => {
                    let table = *done;
                    *done += 1;
                    for (r, cells) in rows.into_iter().enumerate() {
                        let n = out.len() as u32 + 1;
                        out.push(RawLine::row(n, cells, TableRow { table, row: r as u32 }));
                    }
                }
                None => {}
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STYLES: &str = r#"<office:document-styles xmlns:office="o" xmlns:style="s" xmlns:text="t" xmlns:loext="l"><office:styles>
        <text:list-style style:name="L1">
          <text:list-level-style-number text:level="1" style:num-suffix="、" style:num-format="一, 二, 三, ..."><style:list-level-properties><style:list-level-label-alignment text:label-followed-by="nothing"/></style:list-level-properties></text:list-level-style-number>
          <text:list-level-style-number text:level="2" style:num-prefix="（" style:num-suffix="）" style:num-format="一, 二, 三, ..."><style:list-level-properties><style:list-level-label-alignment text:label-followed-by="nothing"/></style:list-level-properties></text:list-level-style-number>
          <text:list-level-style-number text:level="3" style:num-suffix="." style:num-format="1" text:display-levels="2"/>
        </text:list-style>
        <text:list-style style:name="L2"><text:list-level-style-number text:level="1" loext:num-list-format="第%1%条" style:num-format="1" text:start-value="3"/></text:list-style>
        <text:outline-style style:name="Outline"><text:outline-level-style text:level="1" style:num-format="I" style:num-suffix="."/></text:outline-style>
        </office:styles></office:document-styles>"#;

    fn lines(body: &str) -> Vec<Vec<String>> {
        let mut styles = Styles::default();
        styles.read(STYLES).unwrap();
        let xml = format!(
            r#"<office:document-content xmlns:office="o" xmlns:text="t" xmlns:table="tb"><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
        );
        body_lines(&xml, &styles)
            .unwrap()
            .into_iter()
            .map(|l| {
                l.cells
                    .into_iter()
                    .map(|c| match c.span {
                        s if s.is_covered() => "~".to_string(),
                        s if s.cols > 1 || s.rows > 1 => format!("{}{}x{}", c.text, s.cols, s.rows),
                        _ => c.text,
                    })
                    .collect()
            })
            .collect()
    }

    fn item(depth: usize, text: &str) -> String {
        let mut s = format!("<text:p>{text}</text:p>");
        for _ in 0..depth {
            s = format!("<text:list-item>{s}</text:list-item>");
            s = format!("<text:list>{s}</text:list>");
        }
        s
    }

    #[test]
    fn lists_number_as_their_style_shows() {
        let mut body = String::new();
        let list = |depth: usize, text: &str, cont: bool| {
            let inner = item(depth, text);
            let open = if cont {
                r#"<text:list text:style-name="L1" text:continue-numbering="true">"#
            } else {
                r#"<text:list text:style-name="L1">"#
            };
            format!("{open}{}", &inner["<text:list>".len()..])
        };
        body += &list(1, "甲", false);
        body += &list(2, "乙", true);
        body += "<text:p>正文</text:p>";
        body += &list(3, "丙", true);
        body += &list(3, "丁", true);
        body += &list(2, "戊", true);
        body += &list(1, "己", true);
        body += r#"<text:list text:style-name="L2"><text:list-item><text:p>款</text:p><text:p>续</text:p></text:list-item><text:list-item text:start-value="7"><text:p>项</text:p></text:list-item><text:list-header><text:p>头</text:p></text:list-header></text:list>"#;
        // a new list of L1 without continue-numbering restarts
        body += &list(1, "庚", false);
        body += r#"<text:h text:outline-level="1">标题</text:h><text:h text:outline-level="1">标题</text:h>"#;
        let got: Vec<String> = lines(&body).into_iter().map(|l| l.concat()).collect();
        assert_eq!(
            got,
            [
                "一、甲",
                "（一）乙",
                "正文",
                "一.1. 丙",
                "一.2. 丁",
                "（二）戊",
                "二、己",
                "第3条 款",
                "续",
                "第7条 项",
                "头",
                "一、庚",
                "I. 标题",
                "II. 标题"
            ]
        );
    }

    #[test]
    fn tables_are_grids() {
        let body = r#"<table:table>
          <table:table-row><table:table-cell table:number-columns-spanned="3"><text:p>总</text:p></table:table-cell><table:covered-table-cell/><table:covered-table-cell/></table:table-row>
          <table:table-row><table:table-cell table:number-rows-spanned="2"><text:p>组</text:p></table:table-cell><table:table-cell><text:p>a</text:p><text:p>b</text:p></table:table-cell><table:table-cell/></table:table-row>
          <table:table-row><table:covered-table-cell/><table:table-cell><table:table><table:table-row><table:table-cell><text:p>内</text:p></table:table-cell></table:table-row></table:table></table:table-cell><table:table-cell><text:p>9</text:p></table:table-cell></table:table-row>
        </table:table><text:p>后<text:note><text:note-body><text:p>注</text:p></text:note-body></text:note></text:p>"#;
        assert_eq!(
            lines(body),
            [
                vec!["总3x1", "~", "~"],
                vec!["组1x2", "a b", ""],
                vec!["~", "内", "9"],
                vec!["后"]
            ]
        );
    }
}

//! DOCX (Word, WPS, LibreOffice) to raw lines: body paragraphs in order with
//! their automatic numbering rendered (`numbering`), tables as grids with
//! `gridSpan` and `vMerge` expanded (`grid`), a nested table's text kept in
//! its cell, text boxes read where they are anchored (the drawing's fallback
//! copy skipped), headers, footers, deleted text and field codes left out.
//! Parts are read through `zipped`'s bounds.

use super::grid::Grid;
use super::numbering::{Level, Lists};
use super::xml::{attr, Xml};
use super::zipped::Zip;
use crate::model::{Cell, RawDoc, RawLine, RawPage, TableRow};
use quick_xml::events::Event;
use std::collections::HashMap;

/// Reads a DOCX; `Err` says why it cannot be.
pub fn read(bytes: &[u8]) -> Result<RawDoc, String> {
    let mut zip = Zip::open(bytes)?;
    let body = zip
        .text("word/document.xml")?
        .ok_or("not a Word document: no word/document.xml")?;
    let mut lists = match zip.text("word/numbering.xml")? {
        Some(x) => parse_numbering(&x),
        None => Lists::default(),
    };
    let styles = match zip.text("word/styles.xml")? {
        Some(x) => parse_style_numbering(&x),
        None => HashMap::new(),
    };
    let lines = body_lines(&body, &mut lists, &styles)?;
    Ok(RawDoc {
        pages: vec![RawPage { number: None, lines }],
        paged: false,
        pending: None,
    })
}

/// A paragraph being read.
#[derive(Default)]
struct Para {
    text: String,
    style: Option<String>,
    num_id: Option<String>,
    ilvl: Option<usize>,
}

/// A table cell being read.
#[derive(Default)]
struct TableCell {
    paras: Vec<String>,
    span: usize,
    continues: bool,
}

#[derive(Default)]
struct Table {
    grid: Grid,
    cell: Option<TableCell>,
}

struct Out {
    lines: Vec<RawLine>,
    tables: u32,
}

impl Out {
    fn push_text(&mut self, text: &str) {
        for part in text.split('\n') {
            let n = self.lines.len() as u32 + 1;
            self.lines.push(RawLine {
                number: n,
                cells: vec![Cell::text(part.replace('\t', " "))],
                table: None,
            });
        }
    }

    fn push_table(&mut self, rows: Vec<Vec<Cell>>) {
        if rows.is_empty() {
            return;
        }
        let table = self.tables;
        self.tables += 1;
        for (r, cells) in rows.into_iter().enumerate() {
            let n = self.lines.len() as u32 + 1;
            self.lines
                .push(RawLine::row(n, cells, TableRow { table, row: r as u32 }));
        }
    }
}

fn body_lines(
    xml: &str,
    lists: &mut Lists,
    styles: &HashMap<String, (Option<String>, Option<usize>)>,
) -> Result<Vec<RawLine>, String> {
    let mut x = Xml::new(xml);
    let mut out = Out {
        lines: Vec::new(),
        tables: 0,
    };
    let mut paras: Vec<Para> = Vec::new();
    let mut tables: Vec<Table> = Vec::new();
    let mut in_text = false;
    let mut skip_depth = 0usize; // inside mc:Fallback, w:del…
    loop {
        let ev = x.next()?;
        match ev {
            Event::Eof => break,
            Event::Start(_) if skip_depth > 0 => skip_depth += 1,
            Event::Empty(_) | Event::Text(_) | Event::GeneralRef(_) if skip_depth > 0 => {}
            Event::End(_) if skip_depth > 0 => skip_depth -= 1,
            Event::Start(e) => {
                let name = e.name();
                match name.as_ref() {
                    "mc:Fallback" | "w:instrText" | "w:delText" => skip_depth = 1,
                    "w:p" => paras.push(Para::default()),
                    "w:t" => in_text = true,
                    "w:tbl" => tables.push(Table::default()),
                    "w:tr" => {
                        if let Some(t) = tables.last_mut() {
                            t.grid.start_row();
                        }
                    }
                    "w:tc" => {
                        if let Some(t) = tables.last_mut() {
                            t.cell = Some(TableCell {
                                span: 1,
                                ..TableCell::default()
                            });
                        }
                    }
                    _ => {}
                }
            }
            Event::Empty(e) => {
                let name = e.name();
                match name.as_ref() {
                    "w:tab" | "w:ptab" => {
                        if let Some(p) = paras.last_mut() {
                            p.text.push('\t');
                        }
                    }
                    "w:br" | "w:cr" => {
                        if let Some(p) = paras.last_mut() {
                            p.text.push('\n');
                        }
                    }
                    "w:noBreakHyphen" => {
                        if let Some(p) = paras.last_mut() {
                            p.text.push('-');
                        }
                    }
                    "w:pStyle" => {
                        if let Some(p) = paras.last_mut() {
                            p.style = attr(&e, "w:val");
                        }
                    }
                    "w:numId" => {
                        if let Some(p) = paras.last_mut() {
                            p.num_id = attr(&e, "w:val");
                        }
                    }
                    "w:ilvl" => {
                        if let Some(p) = paras.last_mut() {
                            p.ilvl = attr(&e, "w:val").and_then(|v| v.parse().ok());
                        }
                    }
                    "w:gridSpan" => {
                        if let Some(c) = tables.last_mut().and_then(|t| t.cell.as_mut()) {
                            c.span = attr(&e, "w:val").and_then(|v| v.parse().ok()).unwrap_or(1);
                        }
                    }
                    "w:vMerge" => {
                        if let Some(c) = tables.last_mut().and_then(|t| t.cell.as_mut()) {
                            c.continues = attr(&e, "w:val").is_none_or(|v| v == "continue");
                        }
                    }
                    "w:gridBefore" => {
                        if let Some(t) = tables.last_mut() {
                            t.grid.skip(attr(&e, "w:val").and_then(|v| v.parse().ok()).unwrap_or(0));
                        }
                    }
                    // an empty paragraph: a blank line, or nothing in a cell
                    "w:p" if tables.last().is_none_or(|t| t.cell.is_none()) => out.push_text(""),
                    _ => {}
                }
            }
            Event::Text(t) if in_text => {
                if let Some(p) = paras.last_mut() {
                    p.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let Some(p) = paras.last_mut() {
                    p.text.push_str(&super::xml::entity(&r));
                }
            }
            Event::End(e) => {
                let name = e.name();
                match name.as_ref() {
                    "w:t" => in_text = false,
                    "w:p" => {
                        let Some(p) = paras.pop() else { continue };
                        let text = render(p, lists, styles);
                        match tables.last_mut().and_then(|t| t.cell.as_mut()) {
                            // a cell's paragraph (or a text box's inside a cell)
                            Some(c) => c.paras.push(text.replace(['\n', '\t'], " ")),
                            // a body paragraph; a text box's comes out before
                            // the paragraph it is anchored in
                            None => out.push_text(&text),
                        }
                    }
                    "w:tc" => {
                        if let Some(t) = tables.last_mut() {
                            if let Some(c) = t.cell.take() {
                                let text = c
                                    .paras
                                    .iter()
                                    .map(|s| s.trim())
                                    .filter(|s| !s.is_empty())
                                    .collect::<Vec<_>>()
                                    .join(" ");
                                if c.continues {
                                    t.grid.continue_above(c.span);
                                } else {
                                    t.grid.place(text, c.span, 1);
                                }
                            }
                        }
                    }
                    "w:tbl" => {
                        let Some(t) = tables.pop() else { continue };
                        let rows = t.grid.finish();
                        match tables.last_mut().and_then(|t| t.cell.as_mut()) {
                            // a nested table: its text stays in the enclosing cell
                            Some(c) => {
                                for row in rows {
                                    let s: Vec<&str> =
                                        row.iter().map(|c| c.text.trim()).filter(|s| !s.is_empty()).collect();
                                    if !s.is_empty() {
                                        c.paras.push(s.join(" "));
                                    }
                                }
                            }
                            None => out.push_table(rows),
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    Ok(out.lines)
}

/// A paragraph's text with its list number in front.
fn render(p: Para, lists: &mut Lists, styles: &HashMap<String, (Option<String>, Option<usize>)>) -> String {
    let from_style = p.style.as_ref().and_then(|s| styles.get(s));
    let num_id = p.num_id.or_else(|| from_style.and_then(|s| s.0.clone()));
    let ilvl = p.ilvl.or_else(|| from_style.and_then(|s| s.1)).unwrap_or(0);
    match num_id.and_then(|id| lists.next(&id, ilvl)) {
        Some(n) => n + &p.text,
        None => p.text,
    }
}

/// The list definitions of word/numbering.xml.
fn parse_numbering(xml: &str) -> Lists {
    let mut lists = Lists::default();
    let mut x = Xml::new(xml);
    let mut abs: Option<(String, Vec<Level>)> = None;
    let mut level: Option<(usize, Level)> = None;
    let mut num: Option<(String, String, HashMap<usize, u32>)> = None;
    let mut override_lvl: Option<usize> = None;
    while let Ok(ev) = x.next() {
        match ev {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                let v = attr(&e, "w:val");
                match e.name().as_ref() {
                    "w:abstractNum" => abs = attr(&e, "w:abstractNumId").map(|id| (id, Vec::new())),
                    "w:lvl" if abs.is_some() => {
                        let i = attr(&e, "w:ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                        level = Some((
                            i,
                            Level {
                                start: 1,
                                format: "decimal".into(),
                                suffix: "tab".into(),
                                ..Level::default()
                            },
                        ));
                    }
                    "w:start" => {
                        if let Some((_, l)) = level.as_mut() {
                            l.start = v.and_then(|v| v.parse().ok()).unwrap_or(1);
                        }
                    }
                    "w:numFmt" => {
                        if let (Some((_, l)), Some(v)) = (level.as_mut(), v) {
                            l.format = v;
                        }
                    }
                    "w:lvlText" => {
                        if let (Some((_, l)), Some(v)) = (level.as_mut(), v) {
                            l.text = v;
                        }
                    }
                    "w:suff" => {
                        if let (Some((_, l)), Some(v)) = (level.as_mut(), v) {
                            l.suffix = v;
                        }
                    }
                    "w:num" => {
                        num = attr(&e, "w:numId").map(|id| (id, String::new(), HashMap::new()));
                    }
                    "w:abstractNumId" => {
                        if let (Some(n), Some(v)) = (num.as_mut(), v) {
                            n.1 = v;
                        }
                    }
                    "w:lvlOverride" => {
                        override_lvl = attr(&e, "w:ilvl").and_then(|v| v.parse().ok());
                    }
                    "w:startOverride" => {
                        if let (Some(n), Some(i), Some(v)) =
                            (num.as_mut(), override_lvl, v.and_then(|v| v.parse().ok()))
                        {
                            n.2.insert(i, v);
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "w:lvl" => {
                    if let (Some((i, l)), Some((_, levels))) = (level.take(), abs.as_mut()) {
                        if i < 9 {
                            if levels.len() <= i {
                                levels.resize(i + 1, Level::default());
                            }
                            levels[i] = l;
                        }
                    }
                }
                "w:abstractNum" => {
                    if let Some((id, levels)) = abs.take() {
                        lists.abstracts.insert(id, levels);
                    }
                }
                "w:num" => {
                    if let Some((id, a, o)) = num.take() {
                        lists.nums.insert(id, (a, o));
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    lists
}

/// Paragraph styles that number their paragraphs: styleId → (numId, ilvl),
/// inherited through `basedOn`.
fn parse_style_numbering(xml: &str) -> HashMap<String, (Option<String>, Option<usize>)> {
    // styleId → (numId, ilvl, basedOn)
    type Own = (Option<String>, Option<usize>, Option<String>);
    let mut own: HashMap<String, Own> = HashMap::new();
    let mut x = Xml::new(xml);
    let mut cur: Option<(String, Own)> = None;
    while let Ok(ev) = x.next() {
        match ev {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "w:style" => cur = attr(&e, "w:styleId").map(|id| (id, (None, None, None))),
                "w:numId" => {
                    if let Some(c) = cur.as_mut() {
                        c.1 .0 = attr(&e, "w:val");
                    }
                }
                "w:ilvl" => {
                    if let Some(c) = cur.as_mut() {
                        c.1 .1 = attr(&e, "w:val").and_then(|v| v.parse().ok());
                    }
                }
                "w:basedOn" => {
                    if let Some(c) = cur.as_mut() {
                        c.1 .2 = attr(&e, "w:val");
                    }
                }
                _ => {}
            },
            Event::End(e) if e.name().as_ref() == "w:style" => {
                if let Some((id, o)) = cur.take() {
                    own.insert(id, o);
                }
            }
            _ => {}
        }
    }
    let mut out = HashMap::new();
    for id in own.keys() {
        let (mut n, mut l) = (None, None);
        let mut at = Some(id.clone());
        for _ in 0..16 {
            let Some(s) = at.as_ref().and_then(|a| own.get(a)) else {
                break;
            };
            n = n.or(s.0.clone());
            l = l.or(s.1);
            at = s.2.clone();
        }
        if n.is_some() {
            out.insert(id.clone(), (n, l));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(inner: &str) -> Vec<RawLine> {
        let xml = format!(
            r#"<?xml version="1.0"?><w:document xmlns:w="w" xmlns:mc="mc"><w:body>{inner}</w:body></w:document>"#
        );
        body_lines(&xml, &mut Lists::default(), &HashMap::new()).unwrap()
    }

    fn texts(lines: &[RawLine]) -> Vec<Vec<String>> {
        lines
            .iter()
            .map(|l| l.cells.iter().map(|c| c.text.clone()).collect())
            .collect()
    }

    #[test]
    fn merged_cells_nested_tables_and_text_boxes() {
        let tc = |s: &str, pr: &str| format!("<w:tc><w:tcPr>{pr}</w:tcPr><w:p><w:r><w:t>{s}</w:t></w:r></w:p></w:tc>");
        let nested = format!("<w:tbl><w:tr>{}{}</w:tr></w:tbl>", tc("甲", ""), tc("乙", ""));
        let xml = format!(
            "<w:p><w:r><w:t>一、概况 &amp; 说明</w:t></w:r></w:p><w:p/>\
             <w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}<w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p>{nested}</w:tc></w:tr>\
             <w:tr>{}{}{}</w:tr></w:tbl>\
             <w:p><w:r><w:t>前</w:t></w:r><w:r><mc:AlternateContent><mc:Choice><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></mc:Choice>\
             <mc:Fallback><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r>\
             <w:r><w:delText>删</w:delText><w:instrText> PAGE </w:instrText><w:t>后</w:t></w:r></w:p>",
            tc("评价指标", r#"<w:gridSpan w:val="2"/>"#),
            tc("分值", ""),
            tc("部门决策", r#"<w:vMerge w:val="restart"/>"#),
            tc("预算编制", ""),
            tc("", "<w:vMerge/>"),
            tc("目标设置", ""),
            tc("8", ""),
        );
        let lines = body(&xml);
        assert_eq!(
            texts(&lines),
            [
                vec!["一、概况 & 说明"],
                vec![""],
                vec!["评价指标", "", "分值"],
                vec!["部门决策", "预算编制", "x 甲 乙"],
                vec!["", "目标设置", "8"],
                vec!["框内"],
                vec!["前后"],
            ]
        );
        assert_eq!(lines[2].cells[0].span, crate::model::Span::new(2, 1));
        assert!(lines[2].cells[1].span.is_covered());
        assert_eq!(lines[3].cells[0].span, crate::model::Span::new(1, 2));
        assert!(lines[4].cells[0].span.is_covered());
        assert_eq!(lines[4].table, Some(TableRow { table: 0, row: 2 }));
        assert_eq!(lines[0].table, None);
    }

    #[test]
    fn numbering_from_paragraphs_and_styles() {
        let numbering = r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="4">
            <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="%1、"/></w:lvl>
            <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="（%2）"/></w:lvl>
            <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
            </w:abstractNum><w:num w:numId="2"><w:abstractNumId w:val="4"/></w:num></w:numbering>"#;
        let styles = r#"<w:styles xmlns:w="w"><w:style w:styleId="H1"><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>
            <w:style w:styleId="H1b"><w:basedOn w:val="H1"/></w:style></w:styles>"#;
        let p = |pr: &str, t: &str| format!("<w:p><w:pPr>{pr}</w:pPr><w:r><w:t>{t}</w:t></w:r></w:p>");
        let num = |l: u8| format!(r#"<w:numPr><w:ilvl w:val="{l}"/><w:numId w:val="2"/></w:numPr>"#);
        let xml = format!(
            r#"<w:document xmlns:w="w"><w:body>{}{}{}{}{}{}</w:body></w:document>"#,
            p(r#"<w:pStyle w:val="H1b"/>"#, "部门基本情况"),
            p(&num(1), "部门职能"),
            p(&num(2), "履行职责。"),
            p(&num(2), "负责调查。"),
            p("", "正文"),
            p(r#"<w:pStyle w:val="H1"/>"#, "绩效分析"),
        );
        let mut lists = parse_numbering(numbering);
        let st = parse_style_numbering(styles);
        let lines = body_lines(&xml, &mut lists, &st).unwrap();
        let t: Vec<String> = lines.iter().map(|l| l.cells[0].text.clone()).collect();
        assert_eq!(
            t,
            [
                "一、部门基本情况",
                "（一）部门职能",
                "1. 履行职责。",
                "2. 负责调查。",
                "正文",
                "二、绩效分析"
            ]
        );
    }
}

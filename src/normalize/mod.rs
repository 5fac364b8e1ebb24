//! Normalise: turn a format's raw pages of lines into the one line model
//! (`Document`) — characters folded, debris removed, running page numbers
//! dropped and recorded as page boundaries, and (in `reflow`) sentences broken
//! by a page break rejoined. Every line keeps its source line number.

pub mod chars;
pub mod debris;
mod reflow;

pub use reflow::{reflow, Mark};

use crate::model::{Document, LineStore, RawDoc, RawLine, Span};
use crate::patterns::NormalizePatterns;

/// Cleans every line and assigns pages. Blank lines are kept (the reflow
/// needs them); `reflow` drops them.
pub fn clean(raw: &RawDoc, p: &NormalizePatterns) -> Document {
    if let Some(text) = &raw.pending {
        return clean_pending(text, p);
    }
    clean_lines(
        (0, 0),
        raw.paged,
        raw.pages.iter().map(|pg| (pg.number, pg.lines.iter())),
        p,
    )
}

/// `clean`, freeing each raw line's cells once it is cleaned, so the raw
/// and the clean texts of a file are never both whole in memory (for a file
/// of short lines the lines are its biggest structures).
pub fn clean_owned(raw: RawDoc, p: &NormalizePatterns) -> Document {
    let RawDoc { pages, paged, pending } = raw;
    if let Some(text) = pending {
        return clean_pending(&text, p);
    }
    clean_lines(
        (0, 0),
        paged,
        pages.into_iter().map(|pg| (pg.number, pg.lines.into_iter())),
        p,
    )
}

/// `clean` of a text left pending by ingest: split into raw lines a chunk at
/// a time, each chunk freed once cleaned.
fn clean_pending(text: &str, p: &NormalizePatterns) -> Document {
    let chunks = crate::ingest::text::Chunks::new(text);
    // the line store at its size at once (cleaning only shortens a text):
    // grown chunk by chunk it would be copied at each doubling, half again
    // its size at the peak
    let lines = crate::ingest::text::line_count(text);
    clean_lines(
        (lines, text.len()),
        false,
        chunks.map(|pg| (pg.number, pg.lines.into_iter())),
        p,
    )
}

/// `clean` over pages given as (number, lines), owned or borrowed; `capacity`:
/// the lines and text bytes expected in all, when known.
fn clean_lines<L, I, P>(capacity: (usize, usize), paged: bool, pages: P, p: &NormalizePatterns) -> Document
where
    L: std::borrow::Borrow<RawLine>,
    I: ExactSizeIterator<Item = L>,
    P: Iterator<Item = (Option<u32>, I)>,
{
    let mut lines = LineStore::with_capacity(capacity.0, capacity.1);
    let mut originals = crate::extract::originals::Originals::default();
    let mut text_page = 1u32; // page counter for text files with running page numbers
    let mut markers = 0u32;
    let mut last_after_marker = false; // any content after the last marker
    let mut page_count = 0u32;
    for (page_number, page_lines) in pages {
        page_count = page_count.saturating_add(1);
        lines.reserve(page_lines.len());
        for rl in page_lines {
            let rl: &RawLine = rl.borrow();
            let cells: Vec<String> = rl.cells.iter().map(|c| clean_cell(&c.text, p)).collect();
            let cells = strip_markers(cells);
            originals.note(
                rl.number,
                rl.cells.iter().map(|c| c.text.as_str()),
                cells.iter().map(String::as_str),
            );
            let single = cells.iter().filter(|c| !c.is_empty()).count() <= 1;
            if single {
                let t = cells.iter().find(|c| !c.is_empty()).map(String::as_str).unwrap_or("");
                if !t.is_empty() && p.page_numbers.iter().any(|r| r.is_match(t)) {
                    markers += 1;
                    text_page += 1;
                    last_after_marker = false;
                    // a page boundary: recorded as a blank line, so a sentence
                    // broken here is seen as broken
                    lines.push_plain(None, rl.number, "");
                    continue;
                }
            }
            if cells.iter().any(|c| !c.is_empty()) {
                last_after_marker = true;
            }
            let page_no = if paged { page_number } else { Some(text_page) };
            // `push` keeps no cell vector for a plain line and no span
            // vector where every span is `Span::ONE`
            let spans = if rl.table.is_none() && rl.cells.iter().all(|c| c.span == Span::ONE) {
                Vec::new()
            } else {
                rl.cells.iter().map(|c| c.span).collect()
            };
            lines.push(page_no, rl.number, rl.number, cells, spans, rl.table);
        }
    }
    let pages = if paged {
        Some(page_count)
    } else if markers > 0 {
        Some(markers + u32::from(last_after_marker))
    } else {
        None
    };
    if pages.is_none() {
        lines.clear_pages();
    }
    // the text was reserved at the raw size; cleaning shortens it
    lines.shrink_to_fit();
    Document {
        lines,
        pages,
        originals,
    }
}

/// One cell through every character and debris rule.
pub fn clean_cell(s: &str, p: &NormalizePatterns) -> String {
    // each step borrows what it leaves unchanged (most cells: every step)
    let s = chars::fold_width_cow(s);
    let s = chars::fold_script_cow(&s);
    let s = debris::clean_cow(&s, p);
    let s = chars::join_spaced_digits_cow(&s);
    let s = chars::squeeze_spaces_cow(&s);
    chars::close_letter_spacing_cow(&s).into_owned()
}

/// Markdown line markers apply to the first cell only.
fn strip_markers(mut cells: Vec<String>) -> Vec<String> {
    if let Some(first) = cells.first_mut() {
        let stripped = debris::strip_line_markers(first);
        if stripped.len() != first.len() {
            *first = stripped.to_string();
        }
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::text::to_raw_doc;
    use crate::patterns::Patterns;

    /// A large text cleaned chunk by chunk (`RawDoc::pending`) gives the
    /// very lines, cells and grid rows of the text split whole: tables of
    /// each shape `text_tables` knows, parted by single and double blank
    /// lines, run across where the chunks may end.
    #[test]
    fn a_pending_text_cleans_like_the_whole() {
        let p = Patterns::builtin().unwrap();
        let mut t = String::new();
        for i in 0..4000 {
            t.push_str(&format!("第{i}段，项目支出预算{i}.50万元，执行率98%。\n\n"));
            t.push_str("项目 | 预算数 | 执行数\n公用经费 | 12.5 | 11.0\n差旅费 | 3 | 2.5\n\n\n");
            t.push_str("科目\t年初预算\t决算\n办公费\t1.2\t1.1\n\n");
            t.push_str("项目\n\n预算数\n\n执行数\n\n印刷费\n\n4.5\n\n4.0\n\n纸张费\n\n1.0\n\n0.9\n\n");
            t.push_str("公务接待费 5.00 4.80\n会议费 2.00 1.90\n\n");
        }
        assert!(t.len() >= crate::ingest::text::STREAM_FROM);
        let whole = clean(&to_raw_doc(&t), &p.normalize);
        let pending = crate::ingest::text::to_raw_doc_owned(t);
        assert!(pending.pending.is_some() && pending.pages.is_empty());
        let chunked = clean(&pending, &p.normalize);
        assert!(whole.lines.len() > 40_000, "{}", whole.lines.len());
        assert!(whole.lines.iter().filter(|l| l.table().is_some()).count() >= 4000 * 8);
        assert_eq!(chunked, whole);
        assert_eq!(clean_owned(pending, &p.normalize), whole);
    }

    #[test]
    fn page_numbers_become_boundaries() {
        let p = Patterns::builtin().unwrap();
        let raw = to_raw_doc("第一页\n- 4 -\n第二页\n第5页\n第三页\n");
        let doc = clean(&raw, &p.normalize);
        let kept: Vec<_> = doc
            .lines
            .iter()
            .filter(|l| !l.is_blank())
            .map(|l| (l.text, l.page, l.line))
            .collect();
        assert_eq!(
            kept,
            vec![("第一页", Some(1), 1), ("第二页", Some(2), 3), ("第三页", Some(3), 5)]
        );
        assert_eq!(doc.pages, Some(3));
    }

    #[test]
    fn no_page_numbers_no_pages() {
        let p = Patterns::builtin().unwrap();
        let doc = clean(&to_raw_doc("一、部门基本情况\n正文\n"), &p.normalize);
        assert_eq!(doc.pages, None);
        assert!(doc.lines.iter().all(|l| l.page.is_none()));
    }

    #[test]
    fn table_cells_stay_tab_separated() {
        let p = Patterns::builtin().unwrap();
        let doc = clean(
            &to_raw_doc("公务用车购置及运行维护费\t２２．５\t１８．０４\t4.46\t８０．１８％\n"),
            &p.normalize,
        );
        assert_eq!(
            doc.lines.at(0).cells(),
            vec!["公务用车购置及运行维护费", "22.5", "18.04", "4.46", "80.18%"]
        );
        assert_eq!(
            doc.lines.at(0).text,
            "公务用车购置及运行维护费\t22.5\t18.04\t4.46\t80.18%"
        );
    }

    #[test]
    fn grid_rows_keep_table_and_spans() {
        use crate::model::{Cell, RawLine, RawPage, Span, TableRow};
        let p = Patterns::builtin().unwrap();
        let t = |row| TableRow { table: 0, row };
        let raw = RawDoc {
            pages: vec![RawPage {
                number: None,
                lines: vec![
                    RawLine::from_text(1, "前言"),
                    RawLine::row(
                        2,
                        vec![
                            Cell::spanned("资金（万元）", Span::new(2, 1)),
                            Cell::covered(),
                            Cell::text("得分"),
                        ],
                        t(0),
                    ),
                    RawLine::row(
                        3,
                        vec![Cell::text("年初"), Cell::text("１００"), Cell::text("10")],
                        t(1),
                    ),
                ],
            }],
            paged: false,
            pending: None,
        };
        let doc = clean(&raw, &p.normalize);
        assert_eq!(doc.lines.at(1).cells(), vec!["资金（万元）", "", "得分"]);
        assert_eq!(doc.lines.at(1).span(0), Span::new(2, 1));
        assert!(doc.lines.at(1).span(1).is_covered());
        assert_eq!(&doc.lines.at(2).cells()[1], "100");
        let tables = doc.tables();
        assert_eq!(tables.len(), 1);
        assert_eq!((tables[0].rows.clone(), tables[0].columns), (1..3, 3));
        assert_eq!(doc.lines.at(0).table(), None);
    }
}

//! The text layer on small hand-written PDFs, one feature each.

use super::read;
use crate::model::Status;

/// A one-page PDF: `objects` are numbered from 1; then come the content
/// stream, the page (resources `res`), the page tree and the catalog.
fn pdf(objects: &[&str], res: &str, content: &str) -> Vec<u8> {
    let mut bodies: Vec<String> = objects.iter().map(|s| s.to_string()).collect();
    let n = bodies.len();
    bodies.push(format!(
        "<< /Length {} >>\nstream\n{content}\nendstream",
        content.len() + 1
    ));
    bodies.push(format!(
        "<< /Type /Page /Parent {} 0 R /MediaBox [0 0 595 842] /Resources << {res} >> /Contents {} 0 R >>",
        n + 3,
        n + 1
    ));
    bodies.push(format!("<< /Type /Pages /Kids [{} 0 R] /Count 1 >>", n + 2));
    bodies.push(format!("<< /Type /Catalog /Pages {} 0 R >>", n + 3));
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, b) in bodies.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{b}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", bodies.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root {} 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            bodies.len() + 1,
            bodies.len()
        )
        .as_bytes(),
    );
    out
}

/// Cells of every line: (text, x).
fn cells(bytes: &[u8]) -> Vec<Vec<(String, f32)>> {
    let t = read(bytes).unwrap_or_else(|f| panic!("{}: {}", f.status, f.reason));
    assert_eq!(t.status, Status::Ok, "{}", t.reason);
    t.doc.pages[0]
        .lines
        .iter()
        .filter(|l| l.cells.iter().any(|c| !c.text.is_empty()))
        .map(|l| l.cells.iter().map(|c| (c.text.clone(), c.x.unwrap_or(-1.0))).collect())
        .collect()
}

/// A non-embedded Adobe-GB1 font over Identity-H with the given /W.
fn gb1_font(w: &str) -> String {
    format!(
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H /DescendantFonts [<< \
         /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /DW 1000 /W {w} \
         /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> >>] >>"
    )
}

// Adobe-GB1 CIDs: '1' 18, '0' 17, '.' 15, '9' 26, '3' 20, '5' 22, '7' 24
const HUNDRED: &str = "<001200110011>";
const FIGURE: &str = "<001A0014000F00160018>";

#[test]
fn widths_from_both_w_forms_place_the_next_number() {
    // "100" is three half-width digits (18 pt at 12 pt); a -3000 kern adds 36 pt
    for w in ["[15 26 500]", "[15 [500 500 500 500 500 500 500 500 500 500 500 500]]"] {
        let f = gb1_font(w);
        let got = cells(&pdf(
            &[&f],
            "/Font << /F1 1 0 R >>",
            &format!("BT /F1 12 Tf 100 700 Td [{HUNDRED} -3000 {FIGURE}] TJ ET"),
        ));
        assert_eq!(got.len(), 1, "{w}");
        assert_eq!(got[0][0].0, "100");
        assert_eq!(got[0][1].0, "93.57");
        assert!((got[0][1].1 - 154.0).abs() < 0.01, "{w}: {}", got[0][1].1);
    }
    // with DW alone the digits would be 12 pt wide: the figure starts at 172
    let f = gb1_font("[]");
    let got = cells(&pdf(
        &[&f],
        "/Font << /F1 1 0 R >>",
        &format!("BT /F1 12 Tf 100 700 Td [{HUNDRED} -3000 {FIGURE}] TJ ET"),
    ));
    assert!((got[0][1].1 - 172.0).abs() < 0.01);
}

#[test]
fn actual_text_replaces_the_glyphs_it_covers() {
    let f = gb1_font("[15 26 500]");
    let got = cells(&pdf(
        &[&f],
        "/Font << /F1 1 0 R >>",
        &format!("BT /F1 12 Tf 72 700 Td /Span << /ActualText <FEFF4E2D56FD> >> BDC {HUNDRED} Tj EMC ET"),
    ));
    assert_eq!(got, vec![vec![("中国".to_string(), 72.0)]]);
}

#[test]
fn form_xobjects_are_drawn_with_their_matrix() {
    let f = gb1_font("[15 26 500]");
    let form_content = format!("BT /F1 12 Tf 0 0 Td {HUNDRED} Tj ET");
    let form = format!(
        "<< /Type /XObject /Subtype /Form /BBox [0 0 100 100] /Matrix [1 0 0 1 200 500] \
         /Resources << /Font << /F1 1 0 R >> >> /Length {} >>\nstream\n{form_content}\nendstream",
        form_content.len() + 1
    );
    let got = cells(&pdf(
        &[&f, &form],
        "/XObject << /Fm1 2 0 R >>",
        "q 1 0 0 1 10 0 cm /Fm1 Do Q",
    ));
    assert_eq!(got, vec![vec![("100".to_string(), 210.0)]]);
}

#[test]
fn simple_fonts_use_differences_and_widths() {
    let font = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 65 /LastChar 67 \
                /Widths [1000 500 500] /Encoding << /BaseEncoding /WinAnsiEncoding /Differences [65 /uni4E2D /two] >> >>";
    let got = cells(&pdf(
        &[font],
        "/Font << /F1 1 0 R >>",
        "BT /F1 10 Tf 50 700 Td (ABC) Tj ET",
    ));
    assert_eq!(got, vec![vec![("中2C".to_string(), 50.0)]]);
}

#[test]
fn predefined_cmaps_decode_gbk_and_ucs2_bytes() {
    for (enc, bytes) in [("GBK-EUC-H", "<D6D0B9FA31>"), ("UniGB-UCS2-H", "<4E2D56FD0031>")] {
        let f = format!(
            "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /{enc} /DescendantFonts [<< \
             /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /DW 1000 \
             /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> >>] >>"
        );
        let got = cells(&pdf(
            &[&f],
            "/Font << /F1 1 0 R >>",
            &format!("BT /F1 12 Tf 72 700 Td {bytes} Tj ET"),
        ));
        assert_eq!(got[0][0].0, "中国1", "{enc}");
    }
}

#[test]
fn ruled_cells_keep_empty_columns_and_rejoin_wrapped_text() {
    let f = gb1_font("[15 26 500]");
    // one ruled row of three columns (72–172–272–372); column 2 empty, column 3 wraps
    let content = format!(
        "0.5 w 72 660 100 40 re S 172 660 100 40 re S 272 660 100 40 re S \
         BT /F1 9 Tf 1 0 0 1 77 686 Tm {HUNDRED} Tj 1 0 0 1 277 686 Tm {FIGURE} Tj 1 0 0 1 277 674 Tm {HUNDRED} Tj ET"
    );
    let got = cells(&pdf(&[&f], "/Font << /F1 1 0 R >>", &content));
    let texts: Vec<Vec<&str>> = got.iter().map(|l| l.iter().map(|c| c.0.as_str()).collect()).collect();
    // two short lines in one cell are two entries: digits never glued (issue 15)
    assert_eq!(texts, vec![vec!["100", "", "93.57 100"]]);
}

#[test]
fn a_number_wrapped_in_a_narrow_cell_is_rejoined() {
    let f = gb1_font("[15 26 500]");
    // a 26 pt wide cell: "93.57" (22.5 pt) fills it and "100" wraps below
    let content = format!(
        "0.5 w 72 660 26 40 re S 98 660 60 40 re S \
         BT /F1 9 Tf 1 0 0 1 74 686 Tm {FIGURE} Tj 1 0 0 1 74 674 Tm {HUNDRED} Tj 1 0 0 1 100 686 Tm {HUNDRED} Tj ET"
    );
    let got = cells(&pdf(&[&f], "/Font << /F1 1 0 R >>", &content));
    let texts: Vec<Vec<&str>> = got.iter().map(|l| l.iter().map(|c| c.0.as_str()).collect()).collect();
    assert_eq!(texts, vec![vec!["93.57100", "100"]]);
}

#[test]
fn merged_cells_keep_later_columns_and_covered_cells_are_empty() {
    let f = gb1_font("[15 26 500]");
    // 3 columns × 2 rows; row 0: columns 0-1 merged (no rule at x=172 there)
    let content = format!(
        "0.5 w 72 700 m 372 700 l S 72 680 m 372 680 l S 72 660 m 372 660 l S \
         72 660 m 72 700 l S 172 660 m 172 680 l S 272 660 m 272 700 l S 372 660 m 372 700 l S \
         BT /F1 9 Tf 1 0 0 1 77 686 Tm {HUNDRED} Tj 1 0 0 1 277 686 Tm {FIGURE} Tj \
         1 0 0 1 177 666 Tm {HUNDRED} Tj ET"
    );
    let t = read(&pdf(&[&f], "/Font << /F1 1 0 R >>", &content)).unwrap_or_else(|f| panic!("{}", f.reason));
    let rows: Vec<_> = t.doc.pages[0].lines.iter().filter(|l| l.table.is_some()).collect();
    assert_eq!(rows.len(), 2);
    let texts: Vec<Vec<&str>> = rows
        .iter()
        .map(|l| l.cells.iter().map(|c| c.text.as_str()).collect())
        .collect();
    assert_eq!(texts, vec![vec!["100", "", "93.57"], vec!["", "100", ""]]);
    assert_eq!(rows[0].cells[0].span, crate::model::Span::new(2, 1));
    assert!(rows[0].cells[1].span.is_covered());
    assert_eq!(rows[1].table.map(|t| (t.table, t.row)), Some((0, 1)));
}

#[test]
fn page_size_white_background_is_not_a_table() {
    let f = gb1_font("[15 26 500]");
    // a white page-size fill and a shaded band, then two lines of text
    let content = format!(
        "1 1 1 rg 0 0 595 842 re f 0.9 g 72 600 400 30 re f 0 g \
         BT /F1 9 Tf 1 0 0 1 77 700 Tm {HUNDRED} Tj 1 0 0 1 77 610 Tm {FIGURE} Tj ET"
    );
    let t = read(&pdf(&[&f], "/Font << /F1 1 0 R >>", &content)).unwrap_or_else(|f| panic!("{}", f.reason));
    let lines: Vec<_> = t.doc.pages[0]
        .lines
        .iter()
        .filter(|l| !l.cells.iter().all(|c| c.text.is_empty()))
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(lines.iter().all(|l| l.table.is_none() && l.cells.len() == 1));
}

#[test]
fn a_rule_struck_through_a_rows_text_does_not_split_it() {
    let f = gb1_font("[15 26 500]");
    // 2 columns × 2 rows (72–172–272; 700–660–620); a rule at 677 runs
    // through the second line of row 0 (baseline 674), as wkhtmltopdf
    // draws a sliced cell's box again across the row under it
    let content = format!(
        "0.5 w 72 700 m 272 700 l S 72 660 m 272 660 l S 72 620 m 272 620 l S \
         72 620 m 72 700 l S 172 620 m 172 700 l S 272 620 m 272 700 l S 72 677 m 272 677 l S \
         BT /F1 9 Tf 1 0 0 1 77 686 Tm {HUNDRED} Tj 1 0 0 1 77 674 Tm {FIGURE} Tj \
         1 0 0 1 177 686 Tm {HUNDRED} Tj 1 0 0 1 177 674 Tm {FIGURE} Tj 1 0 0 1 77 646 Tm {HUNDRED} Tj ET"
    );
    let t = read(&pdf(&[&f], "/Font << /F1 1 0 R >>", &content)).unwrap_or_else(|f| panic!("{}", f.reason));
    let rows: Vec<Vec<&str>> = t.doc.pages[0]
        .lines
        .iter()
        .filter(|l| l.table.is_some())
        .map(|l| l.cells.iter().map(|c| c.text.as_str()).collect())
        .collect();
    assert_eq!(rows, vec![vec!["100 93.57", "100 93.57"], vec!["100", ""]]);
}

#[test]
fn a_rule_under_a_rows_baseline_still_parts_rows() {
    let f = gb1_font("[15 26 500]");
    // Word's Table Grid: the row's last baseline (662) 2 pt above the rule
    // under it (660), the next row's text just under that rule
    let content = format!(
        "0.5 w 72 700 m 272 700 l S 72 660 m 272 660 l S 72 620 m 272 620 l S \
         72 620 m 72 700 l S 172 620 m 172 700 l S 272 620 m 272 700 l S \
         BT /F1 9 Tf 1 0 0 1 77 662 Tm {FIGURE} Tj 1 0 0 1 177 662 Tm {FIGURE} Tj \
         1 0 0 1 77 652 Tm {HUNDRED} Tj ET"
    );
    let t = read(&pdf(&[&f], "/Font << /F1 1 0 R >>", &content)).unwrap_or_else(|f| panic!("{}", f.reason));
    let rows: Vec<Vec<&str>> = t.doc.pages[0]
        .lines
        .iter()
        .filter(|l| l.table.is_some())
        .map(|l| l.cells.iter().map(|c| c.text.as_str()).collect())
        .collect();
    assert_eq!(rows, vec![vec!["93.57", "93.57"], vec!["100", ""]]);
}

/// The integer sort keys of the line grouping order as `f32::total_cmp` does.
#[test]
fn total_key_orders_as_total_cmp() {
    let vals = [
        -f32::NAN,
        f32::NEG_INFINITY,
        -3.5e20,
        -1.0,
        -f32::MIN_POSITIVE,
        -1e-45,
        -0.0,
        0.0,
        1e-45,
        f32::MIN_POSITIVE,
        0.35,
        1.0,
        842.0,
        f32::INFINITY,
        f32::NAN,
    ];
    for a in vals {
        for b in vals {
            let (ka, kb) = (super::layout::total_key(a), super::layout::total_key(b));
            assert_eq!(ka.cmp(&kb), a.total_cmp(&b), "{a} {b}");
        }
    }
}

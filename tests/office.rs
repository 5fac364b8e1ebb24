//! Office formats on the corpus (fixtures/office/out, made by
//! fixtures/office/make.py with python-docx, openpyxl and LibreOffice): each
//! document reads like its text twin, a spreadsheet holding only the tables
//! gives the same score lines, and a folder mixing every format gives one
//! row per file.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The formats whose every file must read exactly like its text.
const DOCUMENTS: [&str; 4] = ["docx", "html", "doc", "odt"];
/// Spreadsheets: only the tables, so only the score lines are compared.
const SHEETS: [&str; 3] = ["xlsx", "xls", "ods"];

fn out_dir() -> PathBuf {
    root().join("fixtures/office/out")
}

fn fixtures(ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(out_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    v
}

const SCORE_COLS: [&str; 5] = ["level1", "level2", "indicator", "points", "claimed"];

/// Compares every file of `files` with its text twin on `checks`; returns
/// the number of rows compared.
fn compare(files: &[PathBuf], checks: &[(&str, &[&str])]) -> usize {
    let tmp = scan_with(files);
    let out = tmp.path().join("out");
    let mut compared = 0;
    for (csv, cols) in checks {
        let t = table(&out, csv, cols);
        for f in files {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            let stem = name.split('.').next().unwrap();
            let text = t.get(&format!("{stem}.txt"));
            assert_eq!(t.get(&name), text, "{csv}: {name} differs from {stem}.txt");
            compared += text.map_or(0, Vec::len);
        }
    }
    compared
}

#[test]
fn documents_read_like_their_text() {
    for ext in DOCUMENTS {
        let files = fixtures(ext);
        assert_eq!(files.len(), corpus_files().len(), "one {ext} per report");
        let checks = TWIN_CHECKS;
        let compared = compare(&files, &checks);
        // not vacuous: the texts have scores, figures and findings to compare
        assert!(compared > 500, "{ext}: {compared} rows compared");
    }
}

#[test]
fn sheets_give_the_score_lines_of_their_text() {
    for ext in SHEETS {
        let files = fixtures(ext);
        // reports 003 and 004 have no tables
        assert_eq!(files.len(), 3, "one {ext} per report with tables");
        let compared = compare(&files, &[("scores.csv", &SCORE_COLS)]);
        assert!(compared >= 21 * 3, "{ext}: {compared} score lines compared");
    }
}

#[test]
fn a_mixed_folder_gives_one_row_per_file() {
    let mut files = Vec::new();
    for ext in DOCUMENTS.iter().chain(SHEETS.iter()) {
        files.extend(fixtures(ext));
    }
    let n = files.len();
    let tmp = scan_with(&files);
    let (h, rows) = read_csv(&tmp.path().join("out/reports.csv"));
    assert_eq!(rows.len(), n + corpus_files().len());
    let mut by_format: BTreeMap<String, usize> = BTreeMap::new();
    for r in &rows {
        let status = &r[col(&h, "status")];
        assert_eq!(status, "ok", "{}: {}", r[col(&h, "file")], r[col(&h, "error")]);
        *by_format.entry(r[col(&h, "format")].clone()).or_default() += 1;
    }
    let expect: BTreeMap<String, usize> = [
        ("doc", 5),
        ("docx", 5),
        ("html", 5),
        ("ods", 3),
        ("odt", 5),
        ("txt", 5),
        ("xls", 3),
        ("xlsx", 3),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(by_format, expect);
}

/// Values as displayed, hidden rows and sheets skipped, merged headers on
/// the grid: the first sheet of report 002 in each spreadsheet format.
#[test]
fn sheets_show_what_the_person_saw() {
    for ext in SHEETS {
        let path = out_dir().join(format!("002_96471e5ce4531d3d.{ext}"));
        let got = jxcheck::ingest::read(&path);
        assert_eq!(got.status, Some(jxcheck::model::Status::Ok), "{ext}: {}", got.error);
        let doc = got.doc.unwrap();
        let lines: Vec<_> = doc.pages.iter().flat_map(|p| &p.lines).collect();
        let all: Vec<&str> = lines
            .iter()
            .flat_map(|l| l.cells.iter().map(|c| c.text.as_str()))
            .collect();
        // 0.9383 stored with 0.00% in the money table, 124718718.75 with #,##0.00
        assert!(all.contains(&"124,718,718.75"), "{ext}: #,##0.00 as displayed");
        assert!(all.contains(&"100%"), "{ext}: 0% as displayed");
        assert!(all.contains(&"21234770.91"), "{ext}: 0.00 as displayed");
        // the hidden sheet 底稿 and the hidden row 作废行 are not read
        assert!(
            !all.iter().any(|t| t.contains("作废行") || t.contains("草稿")),
            "{ext}: hidden content read"
        );
        assert!(
            !lines.iter().any(|l| l.cells.len() == 1 && l.cells[0].text == "底稿"),
            "{ext}"
        );
        // sheet 表1: its title row spans the table's 7 columns
        let title = lines
            .iter()
            .position(|l| l.cells[0].text == "表1")
            .expect("sheet title line");
        let first = lines[title + 1];
        assert_eq!(first.table.map(|t| (t.table, t.row)), Some((0, 0)));
        assert_eq!(first.cells[0].text, "部门（单位）整体支出绩效目标完成情况自评表");
        assert_eq!(first.cells[0].span.cols, 7, "{ext}");
        assert!(first.cells[1..].iter().all(|c| c.span.is_covered()), "{ext}");
    }
}

/// Hostile and broken office files: each gets a clear status and reason.
#[test]
fn broken_office_files_say_why() {
    use jxcheck::model::Status;
    use std::io::Write;
    let read = |bytes: &[u8], name: &str| jxcheck::ingest::from_bytes(bytes, Path::new(name));

    // a DOCX cut short: a corrupt archive
    let docx = std::fs::read(out_dir().join("003_45f879206ba15da6.docx")).unwrap();
    let cut = read(&docx[..docx.len() / 2], "cut.docx");
    assert_eq!((cut.format.as_str(), cut.status), ("docx", Some(Status::Error)));
    assert!(cut.error.contains("corrupt zip archive"), "{}", cut.error);

    // a DOCX named .doc is read as a DOCX; a spreadsheet named .txt as XLSX
    let renamed = read(&docx, "report.doc");
    assert_eq!((renamed.format.as_str(), renamed.status), ("docx", Some(Status::Ok)));
    let xlsx = std::fs::read(out_dir().join("001_1043f48496861f1f.xlsx")).unwrap();
    assert_eq!(read(&xlsx, "a.txt").format, "xlsx");

    // a zip bomb: word/document.xml inflating past the part limit
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        z.start_file("word/document.xml", opts).unwrap();
        let zeros = vec![b' '; 1 << 20];
        for _ in 0..(jxcheck::ingest::zipped::MAX_PART >> 20) + 1 {
            z.write_all(&zeros).unwrap();
        }
        z.finish().unwrap();
    }
    let bomb = read(buf.get_ref(), "bomb.docx");
    assert_eq!((bomb.format.as_str(), bomb.status), ("docx", Some(Status::Error)));
    assert!(bomb.error.contains("zip bomb refused"), "{}", bomb.error);

    // a password-protected DOCX: an OLE file holding EncryptionInfo + EncryptedPackage
    let mut ole = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    ole.create_stream("/EncryptionInfo")
        .unwrap()
        .write_all(&[4, 0, 4, 0])
        .unwrap();
    ole.create_stream("/EncryptedPackage")
        .unwrap()
        .write_all(&[0; 64])
        .unwrap();
    let bytes = ole.into_inner().into_inner();
    let enc = read(&bytes, "secret.docx");
    assert_eq!(enc.status, Some(Status::Encrypted), "{}", enc.error);

    // an OLE file that is neither Word nor Excel
    let mut ole = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    ole.create_stream("/Contents").unwrap().write_all(b"x").unwrap();
    let other = read(&ole.into_inner().into_inner(), "x.doc");
    assert_eq!(other.status, Some(Status::Unsupported));

    // a corrupt XLS (OLE header, then garbage)
    let mut junk = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".to_vec();
    junk.extend(std::iter::repeat_n(0x5a, 600));
    let bad = read(&junk, "bad.xls");
    assert_eq!((bad.format.as_str(), bad.status), ("xls", Some(Status::Error)));
    assert!(!bad.error.is_empty());

    // a DOCX without text
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        z.start_file("word/document.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(br#"<w:document xmlns:w="w"><w:body><w:p/></w:body></w:document>"#)
            .unwrap();
        z.finish().unwrap();
    }
    let empty = read(buf.get_ref(), "empty.docx");
    assert_eq!(empty.status, Some(Status::Error));
    assert!(empty.error.contains("no text"), "{}", empty.error);
}

/// The tables of a document as grids: per table row, each cell's text and
/// span (`~` for a covered cell).
fn grids(path: &Path) -> Vec<Vec<String>> {
    let got = jxcheck::ingest::read(path);
    assert_eq!(
        got.status,
        Some(jxcheck::model::Status::Ok),
        "{}: {}",
        path.display(),
        got.error
    );
    let doc = got.doc.unwrap();
    doc.pages
        .iter()
        .flat_map(|p| &p.lines)
        .filter(|l| l.table.is_some())
        .map(|l| {
            l.cells
                .iter()
                .map(|c| match c.span {
                    s if s.is_covered() => "~".to_string(),
                    s => format!("{}[{}x{}]", c.text, s.cols, s.rows),
                })
                .collect()
        })
        .collect()
}

/// Word 97–2003 and ODT tables are the grids of their DOCX twin: merged
/// header cells span their columns (in a .doc, cell edges mapped onto the
/// table's columns) and vertically merged group labels cover the rows below
/// them.
#[test]
fn doc_and_odt_tables_are_the_grids_of_their_docx() {
    let mut spans = 0;
    for doc in fixtures("doc").into_iter().chain(fixtures("odt")) {
        let docx = doc.with_extension("docx");
        let (a, b) = (grids(&doc), grids(&docx));
        assert_eq!(a, b, "{}", doc.display());
        spans += a.iter().flatten().filter(|c| c.as_str() == "~").count();
    }
    // not vacuous: the tables have merged cells of both kinds
    assert!(spans > 100, "{spans} covered cells");
}

/// A column the publisher hid is not read, in every spreadsheet format; the
/// title merged across it spans the visible columns only.
#[test]
fn hidden_columns_are_skipped() {
    for ext in SHEETS {
        let path = root().join(format!("fixtures/office/extra/hidden_columns.{ext}"));
        let got = jxcheck::ingest::read(&path);
        assert_eq!(got.status, Some(jxcheck::model::Status::Ok), "{ext}: {}", got.error);
        let rows: Vec<Vec<String>> = grids(&path);
        assert_eq!(
            rows,
            [
                vec!["项目绩效评分表[3x1]", "~", "~"],
                vec!["一级指标[1x1]", "分值[1x1]", "得分[1x1]"],
                vec!["决策[1x1]", "20[1x1]", "18[1x1]"],
                vec!["过程[1x1]", "20[1x1]", "19[1x1]"],
            ],
            "{ext}"
        );
    }
}

/// WPS Office's binary formats are the OLE formats of Word and Excel 97–2003
/// (.wps a WordDocument stream, .et a Workbook stream): told by content,
/// they are read as DOC and XLS whatever their extension.
#[test]
fn wps_binary_formats_are_read_as_doc_and_xls() {
    let doc = std::fs::read(out_dir().join("003_45f879206ba15da6.doc")).unwrap();
    let wps = jxcheck::ingest::from_bytes(&doc, Path::new("report.wps"));
    assert_eq!(
        (wps.format.as_str(), wps.status),
        ("doc", Some(jxcheck::model::Status::Ok))
    );
    let xls = std::fs::read(out_dir().join("002_96471e5ce4531d3d.xls")).unwrap();
    let et = jxcheck::ingest::from_bytes(&xls, Path::new("table.et"));
    assert_eq!(
        (et.format.as_str(), et.status),
        ("xls", Some(jxcheck::model::Status::Ok))
    );
}

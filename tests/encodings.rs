//! The corpus re-encoded (GBK, GB18030, UTF-16 with BOM, UTF-8 with BOM, CRLF)
//! gives the same rows, figures, findings and section trees; only `encoding`
//! (and the bytes' sha256) differ.

mod common;

use common::*;
use jxcheck::patterns::Patterns;
use jxcheck::pipeline;
use std::path::Path;

type Encoder = fn(&str) -> Vec<u8>;

fn variants() -> Vec<(&'static str, Encoder, &'static str)> {
    vec![
        ("gbk", |s| encoding_rs::GBK.encode(s).0.into_owned(), "gb18030"),
        ("gb18030", |s| encoding_rs::GB18030.encode(s).0.into_owned(), "gb18030"),
        (
            "utf16le",
            |s| {
                let mut v = vec![0xff, 0xfe];
                v.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
                v
            },
            "utf-16le",
        ),
        (
            "utf16be",
            |s| {
                let mut v = vec![0xfe, 0xff];
                v.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
                v
            },
            "utf-16be",
        ),
        (
            "utf8bom",
            |s| {
                let mut v = vec![0xef, 0xbb, 0xbf];
                v.extend(s.as_bytes());
                v
            },
            "utf-8-bom",
        ),
        ("crlf", |s| s.replace('\n', "\r\n").into_bytes(), "utf-8"),
        (
            "gbk_crlf",
            |s| encoding_rs::GBK.encode(&s.replace('\n', "\r\n")).0.into_owned(),
            "gb18030",
        ),
    ]
}

/// reports.csv rows keyed by file name, without file path, sha256, encoding.
fn rows_without_encoding(dir: &Path) -> Vec<(String, Vec<String>, String)> {
    let (h, rows) = read_csv(&dir.join("reports.csv"));
    let (f, sha, enc) = (col(&h, "file"), col(&h, "sha256"), col(&h, "encoding"));
    rows.into_iter()
        .map(|r| {
            let name = Path::new(&r[f]).file_name().unwrap().to_string_lossy().into_owned();
            let rest = r
                .iter()
                .enumerate()
                .filter(|(i, _)| ![f, sha, enc].contains(i))
                .map(|(_, v)| v.clone())
                .collect();
            (name, rest, r[enc].clone())
        })
        .collect()
}

/// A CSV's rows with `file` cut to the file name.
fn rows_by_name(dir: &Path, csv: &str) -> Vec<Vec<String>> {
    let (h, mut rows) = read_csv(&dir.join(csv));
    let f = col(&h, "file");
    // a finding's id hashes the file's bytes, which re-encoding changes
    let id = h.iter().position(|c| c == "id");
    for r in &mut rows {
        r[f] = Path::new(&r[f]).file_name().unwrap().to_string_lossy().into_owned();
        if let Some(i) = id {
            r[i].clear();
        }
    }
    rows
}

#[test]
fn re_encoded_corpus_gives_identical_rows_but_encoding() {
    let tmp = tempfile::tempdir().unwrap();
    let base_out = tmp.path().join("out-utf8");
    let o = jxcheck(
        &root(),
        &["scan", "corpus", "--out", base_out.to_str().unwrap(), "--quiet"],
    );
    assert!(o.status.success());
    let base = rows_without_encoding(&base_out);
    assert_eq!(base.len(), 5);
    assert!(base.iter().all(|(_, _, e)| e == "utf-8"));
    let p = Patterns::builtin().unwrap();
    for (name, encode, want_enc) in variants() {
        let dir = tmp.path().join(name);
        std::fs::create_dir(&dir).unwrap();
        for f in corpus_files() {
            let text = std::fs::read_to_string(&f).unwrap();
            std::fs::write(dir.join(f.file_name().unwrap()), encode(&text)).unwrap();
        }
        let out = tmp.path().join(format!("out-{name}"));
        let o = jxcheck(
            tmp.path(),
            &["scan", dir.to_str().unwrap(), "--out", out.to_str().unwrap(), "--quiet"],
        );
        assert!(o.status.success(), "{name}");
        let got = rows_without_encoding(&out);
        assert_eq!(got.len(), 5, "{name}");
        for (g, b) in got.iter().zip(&base) {
            assert_eq!((&g.0, &g.1), (&b.0, &b.1), "{name}: row differs beyond encoding");
            assert_eq!(g.2, want_enc, "{name}: {}", g.0);
        }
        // the same figures and the same findings
        for csv in ["figures.csv", "discrepancies.csv", "scores.csv"] {
            assert_eq!(rows_by_name(&out, csv), rows_by_name(&base_out, csv), "{name}: {csv}");
        }
        // and the section trees are the golden ones
        for f in corpus_files() {
            let a = pipeline::analyse(&dir.join(f.file_name().unwrap()), &p);
            let stem = f.file_stem().unwrap().to_str().unwrap();
            let want = std::fs::read_to_string(root().join(format!("fixtures/sections/{stem}.tree"))).unwrap();
            assert_eq!(a.outline.render(), want, "{name}: {stem}");
        }
    }
}

/// A GBK file with a broken byte is read (`partial`), not dropped.
#[test]
fn undecodable_bytes_make_the_row_partial() {
    let tmp = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(corpus().join("003_45f879206ba15da6.txt")).unwrap();
    let mut bytes = encoding_rs::GBK.encode(&text).0.into_owned();
    bytes.insert(0, 0xff); // 0xFF is never a GBK byte; the file starts with an ASCII space
    std::fs::write(tmp.path().join("broken.txt"), &bytes).unwrap();
    let out = tmp.path().join("out");
    let o = jxcheck(
        tmp.path(),
        &["scan", "broken.txt", "--out", out.to_str().unwrap(), "--quiet"],
    );
    assert!(o.status.success());
    let (h, rows) = read_csv(&out.join("reports.csv"));
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(r[col(&h, "status")], "partial");
    assert_eq!(r[col(&h, "encoding")], "gb18030");
    assert!(r[col(&h, "error")].contains("1 undecodable"), "{}", r[col(&h, "error")]);
    assert_eq!(r[col(&h, "department")], "石家庄市自然资源和规划局");
    assert_eq!(r[col(&h, "year")], "2022");
}

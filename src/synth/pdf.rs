//! Typesets a report's text as a PDF the way official-document systems do:
//! A4, justified paragraphs with a two-character indent (justified by `Tc`),
//! ruled tables (tab-separated rows of equal width) whose cells wrap inside
//! their columns, a running header from page 2 and `- N -` at the foot. The
//! font is the common case of Chinese government PDFs: non-embedded
//! STSong-Light through the predefined `GBK-EUC-H` CMap, no ToUnicode map.
//! A port of `fixtures/pdf/make.py`'s `gbk` situation, so synthesised PDFs
//! exercise the same reader paths as the fixtures.

use encoding_rs::GBK;
use flate2::write::ZlibEncoder;
use flate2::Compression;
use std::fmt::Write as _;
use std::io::Write as _;

const PAGE_W: f64 = 595.28;
const PAGE_H: f64 = 841.89;
const LEFT: f64 = 72.0;
const RIGHT: f64 = 72.0;
const TOP: f64 = 80.0;
const BOTTOM: f64 = 80.0;
const BODY_SIZE: f64 = 12.0;
const BODY_LEAD: f64 = 20.0;
const TABLE_SIZE: f64 = 9.0;
const TABLE_LEAD: f64 = 12.0;
const PAD: f64 = 5.0;

/// Advance of a character in thousandths of the font size.
fn advance(c: char) -> f64 {
    if c.is_ascii() {
        500.0
    } else {
        1000.0
    }
}

fn measure(text: &str, size: f64) -> f64 {
    text.chars().map(advance).sum::<f64>() * size / 1000.0
}

/// GBK bytes of `text`; a character GBK lacks becomes `?`.
fn gbk(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut buf = [0u8; 4];
    for c in text.chars() {
        let (bytes, _, bad) = GBK.encode(c.encode_utf8(&mut buf));
        if bad || bytes.len() > 2 {
            out.push(b'?');
        } else {
            out.extend_from_slice(&bytes);
        }
    }
    out
}

/// Breaks `text` into lines no wider than `width` (the first `indent`
/// narrower); runs of ASCII letters and digits are kept whole unless longer
/// than a line.
fn wrap(text: &str, size: f64, width: f64, indent: f64) -> Vec<String> {
    let mut tokens: Vec<String> = Vec::new();
    let word = |c: char| c.is_ascii_alphanumeric() || ".,%:/()-".contains(c);
    for c in text.chars() {
        match tokens.last_mut() {
            Some(t) if word(c) && t.chars().all(word) => t.push(c),
            _ => tokens.push(c.to_string()),
        }
    }
    let mut lines = Vec::new();
    let (mut cur, mut cur_w, mut avail) = (String::new(), 0.0, width - indent);
    for tok in tokens {
        let w = measure(&tok, size);
        if !cur.is_empty() && cur_w + w > avail {
            lines.push(std::mem::take(&mut cur));
            cur_w = 0.0;
            avail = width;
            if tok == " " {
                continue;
            }
        }
        if w > avail {
            for c in tok.chars() {
                let cw = advance(c) * size / 1000.0;
                if !cur.is_empty() && cur_w + cw > avail {
                    lines.push(std::mem::take(&mut cur));
                    cur_w = 0.0;
                    avail = width;
                }
                cur.push(c);
                cur_w += cw;
            }
            continue;
        }
        if tok == " " && cur.is_empty() {
            continue;
        }
        cur.push_str(&tok);
        cur_w += w;
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

struct Typesetter {
    title: String,
    pages: Vec<String>,
    y: f64,
}

impl Typesetter {
    fn new(title: &str) -> Self {
        let mut t = Typesetter {
            title: title.to_string(),
            pages: Vec::new(),
            y: 0.0,
        };
        t.new_page();
        t
    }

    fn ops(&mut self) -> &mut String {
        let n = self.pages.len() - 1;
        &mut self.pages[n]
    }

    fn new_page(&mut self) {
        self.pages.push(String::new());
        self.y = PAGE_H - TOP;
        let n = self.pages.len();
        if n > 1 {
            let title = self.title.clone();
            self.text_at(LEFT, PAGE_H - 50.0, 9.0, &title, 0.0);
            let _ = writeln!(
                self.ops(),
                "0.5 w {LEFT:.2} {:.2} m {:.2} {:.2} l S",
                PAGE_H - 56.0,
                PAGE_W - RIGHT,
                PAGE_H - 56.0
            );
        }
        let label = format!("- {n} -");
        let w = measure(&label, 9.0);
        self.text_at((PAGE_W - w) / 2.0, 45.0, 9.0, &label, 0.0);
    }

    fn text_at(&mut self, x: f64, y: f64, size: f64, text: &str, tc: f64) {
        let mut hex = String::with_capacity(text.len() * 4);
        for b in gbk(text) {
            let _ = write!(hex, "{b:02X}");
        }
        let _ = writeln!(
            self.ops(),
            "BT /F1 {size} Tf {tc:.4} Tc 1 0 0 1 {x:.2} {y:.2} Tm <{hex}> Tj ET"
        );
    }

    fn paragraph(&mut self, text: &str) {
        let width = PAGE_W - LEFT - RIGHT;
        let indent = 2.0 * BODY_SIZE;
        let lines = wrap(text, BODY_SIZE, width, indent);
        for (i, line) in lines.iter().enumerate() {
            if self.y - BODY_LEAD < BOTTOM {
                self.new_page();
            }
            self.y -= BODY_LEAD;
            let x = LEFT + if i == 0 { indent } else { 0.0 };
            let n = line.chars().count();
            let tc = if i + 1 < lines.len() && n > 1 {
                ((LEFT + width - x - measure(line, BODY_SIZE)) / (n - 1) as f64).max(0.0)
            } else {
                0.0
            };
            let y = self.y;
            self.text_at(x, y, BODY_SIZE, line, tc);
        }
        self.y -= 4.0;
    }

    fn table(&mut self, rows: &[Vec<&str>]) {
        fn cell<'a>(r: &[&'a str], i: usize) -> &'a str {
            r.get(i).copied().unwrap_or("")
        }
        let width = PAGE_W - LEFT - RIGHT;
        let ncol = rows.iter().map(Vec::len).max().unwrap_or(0);
        if ncol == 0 {
            return;
        }
        let natural: Vec<f64> = (0..ncol)
            .map(|i| rows.iter().map(|r| measure(cell(r, i), TABLE_SIZE)).fold(0.0, f64::max) + 2.0 * PAD)
            .collect();
        let least: Vec<f64> = natural.iter().map(|n| n.min(3.0 * TABLE_SIZE + 2.0 * PAD)).collect();
        let total: f64 = natural.iter().sum();
        let cols: Vec<f64> = if total <= width {
            natural.iter().map(|n| n * width / total).collect()
        } else {
            let spare = width - least.iter().sum::<f64>();
            let extra: Vec<f64> = natural.iter().zip(&least).map(|(n, m)| n - m).collect();
            let sum_extra: f64 = extra.iter().sum::<f64>().max(1e-9);
            least
                .iter()
                .zip(&extra)
                .map(|(m, e)| m + spare * e / sum_extra)
                .collect()
        };
        for row in rows {
            let cells: Vec<Vec<String>> = (0..ncol)
                .map(|i| {
                    let c = cell(row, i);
                    if c.is_empty() {
                        Vec::new()
                    } else {
                        wrap(c, TABLE_SIZE, cols[i] - 2.0 * PAD, 0.0)
                    }
                })
                .collect();
            let tallest = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
            let height = tallest as f64 * TABLE_LEAD + 2.0 * PAD;
            if self.y - height < BOTTOM {
                self.new_page();
            }
            let top = self.y;
            let mut x = LEFT;
            for (lines, w) in cells.iter().zip(&cols) {
                let _ = writeln!(self.ops(), "0.5 w {x:.2} {:.2} {w:.2} {height:.2} re S", top - height);
                for (k, line) in lines.iter().enumerate() {
                    self.text_at(
                        x + PAD,
                        top - PAD - TABLE_SIZE - k as f64 * TABLE_LEAD,
                        TABLE_SIZE,
                        line,
                        0.0,
                    );
                }
                x += w;
            }
            self.y = top - height;
        }
    }
}

/// A minimal PDF writer: numbered objects, compressed streams, a classic xref.
struct Writer {
    objects: Vec<Vec<u8>>,
}

impl Writer {
    fn add(&mut self, body: impl Into<Vec<u8>>) -> usize {
        self.objects.push(body.into());
        self.objects.len()
    }

    fn stream(&mut self, data: &[u8]) -> usize {
        let mut z = ZlibEncoder::new(Vec::new(), Compression::new(6));
        // writing into a Vec cannot fail
        let _ = z.write_all(data);
        let packed = z.finish().unwrap_or_default();
        let mut body = format!("<< /Length {} /Filter /FlateDecode >>\nstream\n", packed.len()).into_bytes();
        body.extend_from_slice(&packed);
        body.extend_from_slice(b"\nendstream");
        self.add(body)
    }

    fn bytes(&self, root: usize) -> Vec<u8> {
        let mut out = b"%PDF-1.6\n%\xe2\xe3\xcf\xd3\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in self.objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        let mut tail = format!("xref\n0 {}\n0000000000 65535 f \n", self.objects.len() + 1);
        for off in offsets {
            let _ = writeln!(tail, "{off:010} 00000 n ");
        }
        let _ = write!(
            tail,
            "trailer\n<< /Size {} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            self.objects.len() + 1
        );
        out.extend_from_slice(tail.as_bytes());
        out
    }
}

/// The PDF of a report's text: tab-separated lines become ruled tables
/// (consecutive lines with the same number of cells), other lines
/// paragraphs.
pub fn typeset(text: &str) -> Vec<u8> {
    let lines: Vec<&str> = text.lines().collect();
    let title = lines.iter().map(|l| l.trim()).find(|l| !l.is_empty()).unwrap_or("");
    let mut ts = Typesetter::new(title);
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.contains('\t') {
            let n = line.split('\t').count();
            let mut block = Vec::new();
            while i < lines.len() && lines[i].contains('\t') && lines[i].split('\t').count() == n {
                block.push(lines[i].split('\t').collect::<Vec<_>>());
                i += 1;
            }
            ts.table(&block);
            continue;
        }
        if !line.trim().is_empty() {
            ts.paragraph(line.trim());
        }
        i += 1;
    }
    let mut w = Writer { objects: Vec::new() };
    let descriptor = w.add(
        "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] \
         /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    );
    // GBK-EUC-H maps single bytes to the half-width CIDs 814-907 and 7716 (space)
    let cid = w.add(format!(
        "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light \
         /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> \
         /FontDescriptor {descriptor} 0 R /DW 1000 /W [1 95 500 814 907 500 7716 [500]] >>"
    ));
    let font = w.add(format!(
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-GBK-EUC-H /Encoding /GBK-EUC-H \
         /DescendantFonts [{cid} 0 R] >>"
    ));
    let pages_id = w.add("null");
    let mut kids = Vec::new();
    for ops in &ts.pages {
        let content = w.stream(ops.as_bytes());
        kids.push(w.add(format!(
            "<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] \
             /Resources << /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R >>"
        )));
    }
    let list: Vec<String> = kids.iter().map(|k| format!("{k} 0 R")).collect();
    w.objects[pages_id - 1] =
        format!("<< /Type /Pages /Kids [{}] /Count {} >>", list.join(" "), kids.len()).into_bytes();
    let root = w.add(format!("<< /Type /Catalog /Pages {pages_id} 0 R >>"));
    w.bytes(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_and_keeps_numbers_whole() {
        // 8 ems a line: `93.57%` (3 ems) does not fit after six characters
        let lines = wrap("预算执行率为93.57%，较上年提高", 12.0, 12.0 * 8.0, 0.0);
        assert_eq!(lines, vec!["预算执行率为", "93.57%，较上年提", "高"]);
    }

    #[test]
    fn reads_back() {
        let pdf = typeset("测试报告\n一、基本情况\n项目\t预算数（万元）\n办公经费\t1,234.56\n");
        let t = crate::ingest::pdf::read(&pdf).unwrap();
        assert_eq!(t.status, crate::model::Status::Ok);
        let text: Vec<String> = t.doc.pages[0]
            .lines
            .iter()
            .map(|l| l.cells.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join("|"))
            .collect();
        // paragraphs are separated by a blank line, as in text files
        assert_eq!(
            text,
            vec![
                "测试报告",
                "",
                "一、基本情况",
                "项目|预算数（万元）",
                "办公经费|1,234.56",
                "",
                "- 1 -"
            ]
        );
    }
}

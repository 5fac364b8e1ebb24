//! `--log-format json`: one JSON object per line on stderr, for log shippers
//! and cron wrappers. Hand-written (a few flat fields) rather than a JSON
//! library: strings are escaped per RFC 8259, numbers written plainly.

use std::fmt::Write;

/// A field value in a log line.
pub enum Val<'a> {
    Str(&'a str),
    Int(u64),
    Ms(f64),
    Bool(bool),
}

/// `{"k":v,...}` with the fields in the order given.
pub fn line(fields: &[(&str, Val)]) -> String {
    let mut s = String::from("{");
    for (i, (k, v)) in fields.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        string(&mut s, k);
        s.push(':');
        match v {
            Val::Str(x) => string(&mut s, x),
            Val::Int(n) => {
                let _ = write!(s, "{n}");
            }
            Val::Ms(ms) => {
                let _ = write!(s, "{:.3}", if ms.is_finite() { *ms } else { 0.0 });
            }
            Val::Bool(b) => s.push_str(if *b { "true" } else { "false" }),
        }
    }
    s.push('}');
    s
}

fn string(s: &mut String, x: &str) {
    s.push('"');
    for c in x.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            '\r' => s.push_str("\\r"),
            '\t' => s.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(s, "\\u{:04x}", c as u32);
            }
            c => s.push(c),
        }
    }
    s.push('"');
}

/// The `error` cell of a file's reports.csv row (why it was not read fully;
/// empty when it was), for the per-file log line.
pub fn error_of(r: &super::Rendered) -> String {
    let at = super::rows::REPORTS.columns.iter().position(|(n, _)| *n == "error");
    let mut rd = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&r.tables[0][..]);
    rd.records()
        .next()
        .and_then(|x| x.ok())
        .and_then(|rec| at.and_then(|i| rec.get(i).map(str::to_string)))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(
            line(&[
                ("file", Val::Str("a\"b\\c\n报告\u{1}.txt")),
                ("findings", Val::Int(3)),
                ("ms", Val::Ms(1.23456)),
                ("cached", Val::Bool(false)),
            ]),
            r#"{"file":"a\"b\\c\n报告\u0001.txt","findings":3,"ms":1.235,"cached":false}"#
        );
    }
}

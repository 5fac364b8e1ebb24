//! CSV writing for one table: header, rows, the spreadsheet formula guard,
//! the optional UTF-8 byte-order mark for Excel.

use std::io::Write;

/// How a column's cells are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    /// Free text from a report or a message: guarded against formulas.
    Text,
    /// A number or a value as printed: written as is when it is a plain
    /// number, guarded otherwise.
    Value,
    /// Controlled vocabulary, ids, counts: written as is.
    Plain,
    /// The path as found under the inputs: written as is (users join on
    /// it), but guarded like text when a spreadsheet would run it (`=1+2.txt`).
    Path,
}

/// A CSV file's name and columns.
pub struct Table {
    pub name: &'static str,
    pub columns: &'static [(&'static str, Col)],
}

impl Table {
    pub fn header(&self) -> Vec<&'static str> {
        self.columns.iter().map(|(n, _)| *n).collect()
    }

    /// The byte-order mark when `excel`, then the header line.
    pub fn write_header<W: Write>(&self, mut w: W, excel: bool) -> csv::Result<()> {
        if excel {
            w.write_all(b"\xEF\xBB\xBF")?;
        }
        let mut cw = writer(w);
        cw.write_record(self.header())?;
        cw.flush()?;
        Ok(())
    }

    /// Rows as CSV lines, cells guarded per column. Lines written by separate
    /// calls concatenate to what one call would write.
    pub fn write_rows<W: Write>(&self, w: W, rows: impl Iterator<Item = Vec<String>>) -> csv::Result<()> {
        let mut cw = writer(w);
        for row in rows {
            debug_assert_eq!(row.len(), self.columns.len(), "{}", self.name);
            let cells = row
                .iter()
                .zip(self.columns)
                .map(|(v, (_, col))| guard(v, *col).into_owned());
            cw.write_record(cells)?;
        }
        cw.flush()?;
        Ok(())
    }
}

/// The one CSV dialect of every file: RFC 4180 quoting, LF line ends.
pub fn writer<W: Write>(w: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w)
}

/// Prefixes `'` to a text cell a spreadsheet would run as a formula (it starts
/// with `=`, `+`, `-`, `@`, a tab or a carriage return). Numbers stay numbers.
pub fn guard(v: &str, col: Col) -> std::borrow::Cow<'_, str> {
    let risky = v.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let protect = match col {
        Col::Text | Col::Path => risky,
        Col::Value => risky && !is_plain_number(v),
        Col::Plain => false,
    };
    if protect {
        format!("'{v}").into()
    } else {
        v.into()
    }
}

/// `-12.5`, `+3`, `0.7`: an optional sign, digits, an optional fraction.
fn is_plain_number(v: &str) -> bool {
    let s = v.strip_prefix(['-', '+']).unwrap_or(v);
    let mut parts = s.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_guard() {
        assert_eq!(guard("=SUM(A1)", Col::Text), "'=SUM(A1)");
        assert_eq!(guard("+86 755", Col::Text), "'+86 755");
        assert_eq!(guard("-看上文", Col::Text), "'-看上文");
        assert_eq!(guard("@x", Col::Text), "'@x");
        assert_eq!(guard("\tx", Col::Text), "'\tx");
        assert_eq!(guard("深圳市", Col::Text), "深圳市");
        assert_eq!(guard("-12.5", Col::Value), "-12.5");
        assert_eq!(guard("-12.5", Col::Text), "'-12.5");
        assert_eq!(guard("=1+1", Col::Value), "'=1+1");
        assert_eq!(guard("-1", Col::Plain), "-1");
        assert_eq!(guard("=1+2.txt", Col::Path), "'=1+2.txt");
        assert_eq!(guard("in/=1+2.txt", Col::Path), "in/=1+2.txt");
    }

    #[test]
    fn excel_bom_and_lf() {
        const T: Table = Table {
            name: "t.csv",
            columns: &[("a", Col::Text), ("b", Col::Value)],
        };
        let mut buf = Vec::new();
        T.write_header(&mut buf, true).unwrap();
        T.write_rows(&mut buf, vec![vec!["=x".to_string(), "-1".to_string()]].into_iter())
            .unwrap();
        assert_eq!(buf, "\u{FEFF}a,b\n'=x,-1\n".as_bytes());
    }
}

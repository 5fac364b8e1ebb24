//! Spreadsheet numbers as displayed: a value through its number format
//! (`0.00%` shows 0.8563 as `85.63%`, `#,##0.00` shows 1234.5 as `1,234.50`,
//! `General` as Excel's General does), so figures see what the person saw.
//! Covers the number sections of Excel's format language: digit
//! placeholders `0 # ?`, thousands separators, percent, quoted and escaped
//! literals, colours and locales in brackets (ignored), and a negative
//! section; dates are shown as YYYY-MM-DD.

/// Excel's built-in number formats by id (the ones reports use).
pub fn builtin(id: u32) -> Option<&'static str> {
    Some(match id {
        0 => "General",
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        9 => "0%",
        10 => "0.00%",
        11 => "0.00E+00",
        14 => "yyyy-mm-dd",
        37 => "#,##0 ;(#,##0)",
        38 => "#,##0 ;[Red](#,##0)",
        39 => "#,##0.00;(#,##0.00)",
        40 => "#,##0.00;[Red](#,##0.00)",
        49 => "@",
        _ => return None,
    })
}

/// `v` as Excel's General format shows it: up to 11 significant digits,
/// no trailing zeros.
pub fn general(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    if v == v.trunc() && v.abs() < 1e15 {
        return format!("{}", v as i64);
    }
    let int_digits = if v.abs() >= 1.0 {
        v.abs().log10().floor() as i32 + 1
    } else {
        0
    };
    let decimals = (10 - int_digits).clamp(0, 15) as usize;
    let s = format!("{:.*}", decimals, v);
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

/// `v` shown through format `code`.
pub fn display(v: f64, code: &str) -> String {
    let code = code.trim();
    if code.is_empty() || code.eq_ignore_ascii_case("general") || code == "@" {
        return general(v);
    }
    let sections = split_sections(code);
    let (section, value, sign) = match (v < 0.0, sections.get(1)) {
        (true, Some(neg)) => (neg.as_str(), -v, ""),
        (true, None) => (sections[0].as_str(), -v, "-"),
        (false, _) => (sections[0].as_str(), v, ""),
    };
    if v == 0.0 {
        if let Some(zero) = sections.get(2) {
            return render(zero, 0.0).unwrap_or_else(|| general(v));
        }
    }
    match render(section, value) {
        Some(s) => format!("{sign}{s}"),
        None => general(v),
    }
}

fn split_sections(code: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                quoted = !quoted;
                if let Some(s) = out.last_mut() {
                    s.push(c);
                }
            }
            '\\' if !quoted => {
                let s = out.last_mut();
                if let (Some(s), Some(n)) = (s, chars.next()) {
                    s.push('\\');
                    s.push(n);
                }
            }
            ';' if !quoted => out.push(String::new()),
            _ => {
                if let Some(s) = out.last_mut() {
                    s.push(c);
                }
            }
        }
    }
    out
}

enum Tok {
    Lit(String),
    Digit(char),
    Point,
    Comma,
}

/// One section applied to a non-negative value; `None` when the section is
/// not a plain number format (dates, scientific, fractions).
fn render(section: &str, v: f64) -> Option<String> {
    let mut toks = Vec::new();
    let mut chars = section.chars().peekable();
    let mut percent = 0;
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                let mut s = String::new();
                for n in chars.by_ref() {
                    if n == '"' {
                        break;
                    }
                    s.push(n);
                }
                toks.push(Tok::Lit(s));
            }
            '\\' => {
                if let Some(n) = chars.next() {
                    toks.push(Tok::Lit(n.to_string()));
                }
            }
            '[' => {
                for n in chars.by_ref() {
                    if n == ']' {
                        break;
                    }
                }
            }
            '_' | '*' => {
                chars.next();
                if c == '_' {
                    toks.push(Tok::Lit(" ".into()));
                }
            }
            '0' | '#' | '?' => toks.push(Tok::Digit(c)),
            '.' => toks.push(Tok::Point),
            ',' => toks.push(Tok::Comma),
            '%' => {
                percent += 1;
                toks.push(Tok::Lit("%".into()));
            }
            'E' | 'e' | '/' | 'y' | 'm' | 'd' | 'h' | 's' | 'Y' | 'M' | 'D' | 'H' | 'S' | '@' => return None,
            _ => toks.push(Tok::Lit(c.to_string())),
        }
    }
    let first = toks.iter().position(|t| matches!(t, Tok::Digit(_)))?;
    let last = toks.iter().rposition(|t| matches!(t, Tok::Digit(_) | Tok::Point))?;
    let point = toks.iter().position(|t| matches!(t, Tok::Point));
    let (mut int_min, mut dec_min, mut dec_max, mut thousands) = (0usize, 0usize, 0usize, false);
    for (i, t) in toks.iter().enumerate().take(last + 1).skip(first) {
        let after_point = point.is_some_and(|p| i > p);
        match t {
            Tok::Digit(d) if after_point => {
                dec_max += 1;
                if *d == '0' {
                    dec_min = dec_max;
                }
            }
            Tok::Digit('0') => int_min += 1,
            Tok::Comma if !after_point => thousands = true,
            _ => {}
        }
    }
    // a comma right after the last integer placeholder scales by 1000
    let mut value = v;
    if let (Some(Tok::Comma), None) = (toks.get(last + 1), point) {
        value /= 1000.0;
        thousands = false;
    }
    for _ in 0..percent {
        value *= 100.0;
    }
    // Excel rounds to 15 significant digits, then half away from zero
    let s = match rust_decimal::Decimal::from_scientific(&format!("{value:.14e}")) {
        Ok(d) => format!(
            "{:.*}",
            dec_max,
            d.round_dp_with_strategy(dec_max as u32, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        ),
        Err(_) => format!("{:.*}", dec_max, value),
    };
    let (int, dec) = match s.split_once('.') {
        Some((i, d)) => (i.to_string(), d.to_string()),
        None => (s, String::new()),
    };
    let int = if int == "0" && int_min == 0 {
        String::new()
    } else if int.len() < int_min {
        format!("{}{int}", "0".repeat(int_min - int.len()))
    } else {
        int
    };
    let int = if thousands { group(&int) } else { int };
    let mut dec = dec;
    while dec.len() > dec_min && dec.ends_with('0') {
        dec.pop();
    }
    let mut number = int;
    if point.is_some() && (dec_max == 0 || !dec.is_empty() || dec_min > 0) {
        number.push('.');
        number.push_str(&dec);
    }
    if number.ends_with('.') && dec_max > 0 && dec.is_empty() {
        number.pop();
    }
    let lit = |ts: &[Tok]| -> String {
        ts.iter()
            .map(|t| match t {
                Tok::Lit(s) => s.as_str(),
                _ => "",
            })
            .collect()
    };
    Some(format!("{}{}{}", lit(&toks[..first]), number, lit(&toks[last + 1..])))
}

fn group(int: &str) -> String {
    let n = int.len();
    let mut out = String::with_capacity(n + n / 3);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// An Excel serial date as YYYY-MM-DD (1900 system).
pub fn date(serial: f64) -> String {
    if !(1.0..3_000_000.0).contains(&serial) {
        return general(serial);
    }
    // days since 1970-01-01; Excel's day 25569 is 1970-01-01
    let days = serial.floor() as i64 - 25569;
    let (y, m, d) = civil(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Howard Hinnant's days-to-civil.
fn civil(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_displayed() {
        let cases: &[(f64, &str, &str)] = &[
            (0.8563, "0.00%", "85.63%"),
            (1234.5, "#,##0.00", "1,234.50"),
            (1.0, "0%", "100%"),
            (0.954, "0.0%", "95.4%"),
            (21234770.91, "0.00", "21234770.91"),
            (124718718.75, "#,##0.00", "124,718,718.75"),
            (-1234.5, "#,##0.00;(#,##0.00)", "(1,234.50)"),
            (-3.0, "0", "-3"),
            (5.0, "0.00\"分\"", "5.00分"),
            (0.5, "#.##", ".5"),
            (12.0, "[Red]#,##0", "12"),
            (2.675, "0.00", "2.68"),
        ];
        for (v, f, want) in cases {
            assert_eq!(display(*v, f), *want, "{v} with {f}");
        }
        assert_eq!(general(5.68), "5.68");
        assert_eq!(general(0.1 + 0.2), "0.3");
        assert_eq!(general(96.0), "96");
        assert_eq!(display(2.9, "General"), "2.9");
        assert_eq!(date(44561.0), "2021-12-31");
    }
}

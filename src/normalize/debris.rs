//! Conversion debris: HTML tags and entities, LaTeX math (`$\geq$` → ≥,
//! `$<$` → <, `\%` → %), markdown emphasis and markers (`**三是**`, `- a.`).

use crate::patterns::NormalizePatterns;

/// Removes HTML, LaTeX and markdown debris from one cell.
pub fn clean(s: &str, p: &NormalizePatterns) -> String {
    clean_cow(s, p).into_owned()
}

/// `clean`, borrowing `s` when there is no debris to remove.
pub fn clean_cow<'a>(s: &'a str, p: &NormalizePatterns) -> std::borrow::Cow<'a, str> {
    // (one memchr scan per byte looked for: faster than one pass matching a set of characters)
    if !s.contains('<') && !s.contains('&') && !s.contains('$') && !s.contains('\\') && !s.contains('*') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut s = if s.contains('<') {
        p.html_tag.replace_all(s, " ").into_owned()
    } else {
        s.to_string()
    };
    if s.contains('&') {
        for (k, v) in &p.entities {
            if s.contains(k.as_str()) {
                s = s.replace(k.as_str(), v);
            }
        }
    }
    if s.contains('$') || s.contains('\\') {
        s = latex(&s, p);
    }
    if s.contains("**") {
        s = s.replace("**", "");
    }
    std::borrow::Cow::Owned(s)
}

/// Markdown line markers: `# ` headings and `- `/`* ` bullets at the start of a
/// line (`- 1、绩效目标…` → `1、绩效目标…`); not `- 4 -` (a page number) nor a
/// bare number after the dash (`- 12`, a negative). `-12` has no space.
pub fn strip_line_markers(s: &str) -> &str {
    let t = s.trim_start();
    let hashes = t.len() - t.trim_start_matches('#').len();
    if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
        return t[hashes..].trim_start();
    }
    for b in ["- ", "* ", "• ", "· "] {
        if let Some(rest) = t.strip_prefix(b) {
            let rest = rest.trim_start();
            let numeric = rest
                .trim_end_matches(['-', ' '])
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.');
            if !rest.is_empty() && !numeric {
                return rest;
            }
        }
    }
    s
}

/// Replaces `$…$` spans and bare commands with the symbols they stand for.
fn latex(s: &str, p: &NormalizePatterns) -> String {
    // `$…$` spans of up to 60 characters: commands replaced, delimiters dropped.
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('$') {
        let after = &rest[open + 1..];
        match after.find('$') {
            Some(close) if after[..close].chars().count() <= 60 => {
                out.push_str(&rest[..open]);
                let inner = commands(&after[..close], p);
                let inner = inner.split_whitespace().collect::<Vec<_>>().join(" ");
                out.push_str(&inner);
                rest = &after[close + 1..];
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    commands(&out, p)
}

/// Replaces known LaTeX commands (`\geq`, `\%`…); a command must not run on
/// into more letters (`\left` is not `\le`).
fn commands(s: &str, p: &NormalizePatterns) -> String {
    if !s.contains('\\') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let b = s.as_bytes();
    'outer: while i < s.len() {
        if b[i] == b'\\' {
            for (cmd, sym) in &p.latex {
                if s[i..].starts_with(cmd.as_str()) {
                    let end = i + cmd.len();
                    let letter_cmd = cmd[1..].bytes().all(|c| c.is_ascii_alphabetic());
                    if !(letter_cmd && b.get(end).is_some_and(|c| c.is_ascii_alphabetic())) {
                        out.push_str(sym);
                        i = end;
                        // `\geq 90` → `≥90`: a space after a command is its terminator
                        if letter_cmd && b.get(i) == Some(&b' ') {
                            i += 1;
                        }
                        continue 'outer;
                    }
                }
            }
        }
        let ch = s[i..].chars().next().unwrap_or(' ');
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patterns::Patterns;

    fn p() -> Patterns {
        Patterns::builtin().unwrap()
    }

    #[test]
    fn html_debris() {
        let p = p();
        assert_eq!(
            crate::normalize::chars::squeeze_spaces(&clean(
                "<p>部门(单位)本年度实际政府采购金额</p> <p>（1）按规定</p>",
                &p.normalize
            )),
            "部门(单位)本年度实际政府采购金额 （1）按规定"
        );
        assert_eq!(clean("满意度<95%的，得4分", &p.normalize), "满意度<95%的，得4分");
        assert_eq!(clean("a<br/>b&nbsp;c", &p.normalize), "a b c");
    }

    #[test]
    fn latex_debris() {
        let p = p();
        assert_eq!(clean(r"满意度$\geq$95%", &p.normalize), "满意度≥95%");
        assert_eq!(clean(r"90%$<$满意度", &p.normalize), "90%<满意度");
        assert_eq!(clean(r"执行率\%", &p.normalize), "执行率%");
        assert_eq!(clean(r"$90\% \leq$满意度", &p.normalize), "90% ≤满意度");
        assert_eq!(clean(r"$\geqslant$ 1", &p.normalize), "≥ 1");
        assert_eq!(clean(r"\left", &p.normalize), r"\left");
        assert_eq!(clean("费用 $ 元", &p.normalize), "费用 $ 元");
    }

    #[test]
    fn markdown_debris() {
        let p = p();
        assert_eq!(clean("**三是**加快推进医疗", &p.normalize), "三是加快推进医疗");
        assert_eq!(strip_line_markers("- a. 人员经费支出 7 亿元"), "a. 人员经费支出 7 亿元");
        assert_eq!(strip_line_markers("## 一、部门基本情况"), "一、部门基本情况");
        assert_eq!(strip_line_markers("- 4 -"), "- 4 -");
        assert_eq!(strip_line_markers("-12.5 万元"), "-12.5 万元");
        assert_eq!(strip_line_markers("- 12.5"), "- 12.5");
        assert_eq!(strip_line_markers("- 3、人员调度协调合理。"), "3、人员调度协调合理。");
    }
}

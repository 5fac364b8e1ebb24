//! Glyph names (from a simple font's /Differences) to Unicode: the `uniXXXX`
//! and `uXXXX[XX]` conventions, single letters, and the Adobe Glyph List names
//! for ASCII and the punctuation that reports use.

/// Adobe Glyph List names of ASCII and common punctuation.
const NAMES: &[(&str, char)] = &[
    ("space", ' '),
    ("exclam", '!'),
    ("quotedbl", '"'),
    ("numbersign", '#'),
    ("dollar", '$'),
    ("percent", '%'),
    ("ampersand", '&'),
    ("quotesingle", '\''),
    ("quoteright", '’'),
    ("quoteleft", '‘'),
    ("parenleft", '('),
    ("parenright", ')'),
    ("asterisk", '*'),
    ("plus", '+'),
    ("comma", ','),
    ("hyphen", '-'),
    ("minus", '−'),
    ("period", '.'),
    ("slash", '/'),
    ("zero", '0'),
    ("one", '1'),
    ("two", '2'),
    ("three", '3'),
    ("four", '4'),
    ("five", '5'),
    ("six", '6'),
    ("seven", '7'),
    ("eight", '8'),
    ("nine", '9'),
    ("colon", ':'),
    ("semicolon", ';'),
    ("less", '<'),
    ("equal", '='),
    ("greater", '>'),
    ("question", '?'),
    ("at", '@'),
    ("bracketleft", '['),
    ("backslash", '\\'),
    ("bracketright", ']'),
    ("asciicircum", '^'),
    ("underscore", '_'),
    ("grave", '`'),
    ("braceleft", '{'),
    ("bar", '|'),
    ("braceright", '}'),
    ("asciitilde", '~'),
    ("bullet", '•'),
    ("endash", '–'),
    ("emdash", '—'),
    ("quotedblleft", '“'),
    ("quotedblright", '”'),
    ("ellipsis", '…'),
    ("periodcentered", '·'),
    ("middot", '·'),
    ("multiply", '×'),
    ("divide", '÷'),
    ("plusminus", '±'),
    ("degree", '°'),
    ("greaterequal", '≥'),
    ("lessequal", '≤'),
    ("notequal", '≠'),
    ("nbspace", ' '),
    ("fi", 'ﬁ'),
    ("fl", 'ﬂ'),
];

/// The character a glyph name stands for, when it can be told from the name.
pub fn glyph_unicode(name: &[u8]) -> Option<char> {
    let s = std::str::from_utf8(name).ok()?;
    let base = s.split('.').next().unwrap_or(s);
    if base.len() == 1 && base.as_bytes()[0].is_ascii_alphabetic() {
        return base.chars().next();
    }
    if let Some(hex) = base.strip_prefix("uni") {
        if hex.len() >= 4 {
            return u32::from_str_radix(&hex[..4], 16).ok().and_then(char::from_u32);
        }
    }
    if let Some(hex) = base.strip_prefix('u') {
        if (4..=6).contains(&hex.len()) {
            return u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
        }
    }
    NAMES.iter().find(|(n, _)| *n == base).map(|&(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::glyph_unicode;

    #[test]
    fn names() {
        assert_eq!(glyph_unicode(b"A"), Some('A'));
        assert_eq!(glyph_unicode(b"seven"), Some('7'));
        assert_eq!(glyph_unicode(b"uni4E2D"), Some('中'));
        assert_eq!(glyph_unicode(b"u1F600"), Some('😀'));
        assert_eq!(glyph_unicode(b"percent.alt"), Some('%'));
        assert_eq!(glyph_unicode(b"g123"), None);
    }
}

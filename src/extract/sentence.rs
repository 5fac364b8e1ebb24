//! Sentences: where the sentence around a byte offset starts and ends
//! (`。！？；` and their ASCII forms close a sentence).

/// Characters that end a sentence.
pub const ENDS: &[char] = &['。', '！', '？', '；', '!', '?', ';'];

/// Byte offset where the sentence containing `at` starts.
pub fn start(text: &str, at: usize) -> usize {
    text[..at]
        .rfind(ENDS)
        .map(|i| i + text[i..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0)
}

/// Byte offset of the stop ending the sentence containing `at` (the text's
/// length when there is none).
pub fn end(text: &str, at: usize) -> usize {
    text[at..].find(ENDS).map(|i| at + i).unwrap_or(text.len())
}

/// The sentence around `at`, its stop included, trimmed.
pub fn around(text: &str, at: usize) -> &str {
    let e = end(text, at);
    let e = e + text[e..].chars().next().map_or(0, char::len_utf8);
    text[start(text, at)..e].trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds() {
        let t = "甲 1 万元。乙 2 万元；丙";
        let at = t.find('乙').unwrap();
        assert_eq!(&t[start(t, at)..end(t, at)], "乙 2 万元");
        assert_eq!(around(t, at), "乙 2 万元；");
        assert_eq!(around(t, t.find('丙').unwrap()), "丙");
    }
}

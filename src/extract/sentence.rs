//! Sentences: where the sentence around a byte offset starts and ends
//! (`。！？；` and their ASCII forms close a sentence).
//!
//! A "sentence" is at most `MAX_SENTENCE` bytes either side of the offset
//! asked about: a paragraph with no stop at all (a pasted table, a list run
//! together) would otherwise make every look-up scan back to its start, and
//! one look-up per figure in it quadratic. With the cap each look-up costs a
//! bounded amount, so the callers stay linear in the text.

/// Characters that end a sentence.
pub const ENDS: &[char] = &['。', '！', '？', '；', '!', '?', ';'];

/// How far (bytes) a look-up searches for the stop before or after an offset;
/// 4 KiB is ~1,300 Chinese characters, far longer than any real sentence.
pub const MAX_SENTENCE: usize = 4096;

/// Byte offset where the sentence containing `at` starts.
pub fn start(text: &str, at: usize) -> usize {
    let from = floor(text, at.saturating_sub(MAX_SENTENCE));
    text[from..at]
        .rfind(ENDS)
        .map(|i| from + i + text[from + i..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(from)
}

/// Byte offset of the stop ending the sentence containing `at` (the text's
/// length when there is none; at most `MAX_SENTENCE` bytes after `at`).
pub fn end(text: &str, at: usize) -> usize {
    let to = ceil(text, at.saturating_add(MAX_SENTENCE));
    text[at..to].find(ENDS).map(|i| at + i).unwrap_or(to)
}

/// The sentence around `at`, its stop included, trimmed.
pub fn around(text: &str, at: usize) -> &str {
    let e = end(text, at);
    let e = e + text[e..]
        .chars()
        .next()
        .filter(|c| ENDS.contains(c))
        .map_or(0, char::len_utf8);
    text[start(text, at)..e].trim()
}

/// The char boundary at or before `i`.
fn floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The char boundary at or after `i` (the text's length at most).
fn ceil(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
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

    /// A paragraph without stops: each look-up stays within the cap (before,
    /// every one scanned back to the paragraph's start).
    #[test]
    fn no_stop_is_capped_at_char_boundaries() {
        let t = "收入一万元，".repeat(10_000);
        let at = t.len() / 2 + 1; // inside a character: rounded to a boundary
        let at = floor(&t, at);
        let (s, e) = (start(&t, at), end(&t, at));
        assert!(t.is_char_boundary(s) && t.is_char_boundary(e));
        assert!((MAX_SENTENCE..MAX_SENTENCE + 4).contains(&(at - s)), "{}", at - s);
        assert!((MAX_SENTENCE..MAX_SENTENCE + 4).contains(&(e - at)), "{}", e - at);
        assert!(around(&t, at).len() < 2 * MAX_SENTENCE + 8);
        assert_eq!((start(&t, 0), end(&t, t.len())), (0, t.len()));
    }
}

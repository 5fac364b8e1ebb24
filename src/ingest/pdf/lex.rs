//! Tokenises content streams (and CMap streams) into operands and operators.
//!
//! Lenient by design: a malformed token is skipped, never an error, so one bad
//! byte costs a glyph, not a page. Nesting of arrays and dictionaries is capped.

/// An operand: what precedes an operator.
#[derive(Debug, Clone, PartialEq)]
pub enum Obj<'a> {
    Num(f32),
    Name(&'a [u8]),
    Str(Vec<u8>),
    Arr(Vec<Obj<'a>>),
    Dict(Vec<(&'a [u8], Obj<'a>)>),
    /// true, false, null and anything unrecognised.
    Other,
}

impl Obj<'_> {
    pub fn num(&self) -> Option<f32> {
        match self {
            Obj::Num(n) => Some(*n),
            _ => None,
        }
    }
}

/// One lexical item: an operand or an operator keyword.
#[derive(Debug, Clone, PartialEq)]
pub enum Item<'a> {
    Obj(Obj<'a>),
    Op(&'a [u8]),
}

/// Arrays and dictionaries nested deeper than this are flattened away.
const MAX_NESTING: usize = 32;

pub struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delim(b)
}

/// Each byte's value as a hex digit, 0xff when it is none.
const HEX: [u8; 256] = {
    let mut t = [0xff; 256];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        t[b'a' as usize + i] = 10 + i as u8;
        t[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    t
};

impl<'a> Lexer<'a> {
    pub fn new(src: &'a [u8]) -> Self {
        Lexer { src, pos: 0 }
    }

    fn skip_white(&mut self) {
        while let Some(&b) = self.src.get(self.pos) {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(&c) = self.src.get(self.pos) {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The next item, or None at the end.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Option<Item<'a>> {
        loop {
            self.skip_white();
            let &b = self.src.get(self.pos)?;
            match b {
                b']' | b'>' | b')' | b'}' | b'{' => {
                    self.pos += 1; // stray closer: skip
                }
                _ => {
                    if is_regular(b) && !(b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.')) {
                        let start = self.pos;
                        while self.src.get(self.pos).is_some_and(|&c| is_regular(c)) {
                            self.pos += 1;
                        }
                        let word = &self.src[start..self.pos];
                        return Some(match word {
                            b"true" | b"false" | b"null" => Item::Obj(Obj::Other),
                            _ => Item::Op(word),
                        });
                    }
                    return Some(Item::Obj(self.object(0)));
                }
            }
        }
    }

    /// Skips inline image data after `ID`, up to and including `EI`.
    pub fn skip_inline_image(&mut self) {
        let s = self.src;
        let mut i = self.pos + 1;
        while i + 2 <= s.len() {
            if &s[i..i + 2] == b"EI"
                && i > 0
                && is_white(s[i - 1])
                && s.get(i + 2).is_none_or(|&c| is_white(c) || is_delim(c))
            {
                self.pos = i + 2;
                return;
            }
            i += 1;
        }
        self.pos = s.len();
    }

    fn object(&mut self, depth: usize) -> Obj<'a> {
        self.skip_white();
        let Some(&b) = self.src.get(self.pos) else {
            return Obj::Other;
        };
        match b {
            b'/' => {
                self.pos += 1;
                let start = self.pos;
                while self.src.get(self.pos).is_some_and(|&c| is_regular(c)) {
                    self.pos += 1;
                }
                Obj::Name(&self.src[start..self.pos])
            }
            b'(' => Obj::Str(self.literal()),
            b'<' if self.src.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                let mut entries = Vec::new();
                loop {
                    self.skip_white();
                    match self.src.get(self.pos) {
                        None => break,
                        Some(b'>') => {
                            self.pos += 2.min(self.src.len() - self.pos);
                            break;
                        }
                        Some(b'/') => {
                            let Obj::Name(key) = self.object(depth + 1) else { break };
                            let value = if depth < MAX_NESTING {
                                self.object(depth + 1)
                            } else {
                                Obj::Other
                            };
                            entries.push((key, value));
                        }
                        Some(_) => {
                            self.object(depth + 1); // junk in a dictionary: skip it (always advances)
                        }
                    }
                }
                Obj::Dict(entries)
            }
            b'<' => Obj::Str(self.hex()),
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_white();
                    match self.src.get(self.pos) {
                        None => break,
                        Some(b']') => {
                            self.pos += 1;
                            break;
                        }
                        Some(&c) if is_regular(c) && !(c.is_ascii_digit() || matches!(c, b'+' | b'-' | b'.')) => {
                            // a keyword inside an array: an operator with its `]` missing
                            break;
                        }
                        Some(_) => {
                            if depth < MAX_NESTING {
                                items.push(self.object(depth + 1));
                            } else {
                                self.pos += 1;
                            }
                        }
                    }
                }
                Obj::Arr(items)
            }
            b'+' | b'-' | b'.' | b'0'..=b'9' => self.number(),
            _ => {
                self.pos += 1;
                Obj::Other
            }
        }
    }

    fn number(&mut self) -> Obj<'a> {
        // the token is the run of digits, signs and dots; lenient: `--5`,
        // `5.`, `.5`, `1.2.3` (take what parses: signs, digits, a dot,
        // digits; the rest of the run is skipped). One pass over the bytes.
        let s = self.src;
        let mut p = self.pos;
        let mut neg = false;
        while let Some(&c @ (b'+' | b'-')) = s.get(p) {
            neg ^= c == b'-';
            p += 1;
        }
        let mut int: f64 = 0.0;
        while let Some(&c @ b'0'..=b'9') = s.get(p) {
            int = int * 10.0 + f64::from(c - b'0');
            p += 1;
        }
        let mut frac: f64 = 0.0;
        if s.get(p) == Some(&b'.') {
            p += 1;
            let mut scale = 1.0;
            while let Some(&c @ b'0'..=b'9') = s.get(p) {
                scale /= 10.0;
                frac += f64::from(c - b'0') * scale;
                p += 1;
            }
        }
        while s
            .get(p)
            .is_some_and(|&c| c.is_ascii_digit() || matches!(c, b'+' | b'-' | b'.'))
        {
            p += 1;
        }
        self.pos = p;
        let v = int + frac;
        Obj::Num(if neg { -v as f32 } else { v as f32 })
    }

    fn literal(&mut self) -> Vec<u8> {
        self.pos += 1; // (
        let mut out = Vec::new();
        let mut depth = 1;
        while let Some(&c) = self.src.get(self.pos) {
            self.pos += 1;
            match c {
                b'(' => {
                    depth += 1;
                    out.push(c);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(c);
                }
                b'\\' => {
                    let Some(&e) = self.src.get(self.pos) else { break };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.src.get(self.pos) == Some(&b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.src.get(self.pos) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((v & 0xff) as u8);
                        }
                        other => out.push(other),
                    }
                }
                _ => out.push(c),
            }
        }
        out
    }

    fn hex(&mut self) -> Vec<u8> {
        self.pos += 1; // <
        let rest = self.src.get(self.pos..).unwrap_or_default();
        let digits = rest.iter().position(|&c| c == b'>').unwrap_or(rest.len());
        let mut out = Vec::with_capacity(digits / 2 + 1);
        // the usual string: an even count of hex digits and nothing else,
        // read two at a time (what the loop below makes of it too)
        let body = &rest[..digits];
        if body.len() % 2 == 0 {
            // every pair decoded, a non-digit noted on the way (no branch per byte)
            out.resize(body.len() / 2, 0);
            let mut seen = 0u8;
            for (o, p) in out.iter_mut().zip(body.chunks_exact(2)) {
                let (hi, lo) = (HEX[usize::from(p[0])], HEX[usize::from(p[1])]);
                seen |= hi | lo;
                *o = hi << 4 | lo;
            }
            if seen <= 0xf {
                self.pos += digits + usize::from(digits < rest.len());
                return out;
            }
            out.clear();
        }
        let mut hi: Option<u8> = None;
        while let Some(&c) = self.src.get(self.pos) {
            self.pos += 1;
            let v = match c {
                b'>' => break,
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => continue,
            };
            match hi.take() {
                None => hi = Some(v),
                Some(h) => out.push(h << 4 | v),
            }
        }
        if let Some(h) = hi {
            out.push(h << 4); // odd digit count: the last digit is followed by 0
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(s: &[u8]) -> Vec<Item<'_>> {
        let mut l = Lexer::new(s);
        std::iter::from_fn(|| l.next()).collect()
    }

    /// The strings of a source holding nothing else.
    fn strings(s: &[u8]) -> Vec<Vec<u8>> {
        items(s)
            .into_iter()
            .map(|i| match i {
                Item::Obj(Obj::Str(s)) => s,
                _ => panic!("{i:?}"),
            })
            .collect()
    }

    #[test]
    fn operands_and_operators() {
        let got = items(b"BT /F1 12 Tf 1 0 0 1 72.5 -.5 Tm (a\\(b\\)\\101) Tj [<4F60> -250 <59 7> ] TJ ET");
        assert_eq!(got[0], Item::Op(b"BT"));
        assert_eq!(got[1], Item::Obj(Obj::Name(b"F1")));
        assert_eq!(got[2], Item::Obj(Obj::Num(12.0)));
        assert_eq!(got[9], Item::Obj(Obj::Num(-0.5)));
        assert_eq!(got[11], Item::Obj(Obj::Str(b"a(b)A".to_vec())));
        assert_eq!(
            got[13],
            Item::Obj(Obj::Arr(vec![
                Obj::Str(vec![0x4f, 0x60]),
                Obj::Num(-250.0),
                Obj::Str(vec![0x59, 0x70])
            ]))
        );
        assert_eq!(got.last(), Some(&Item::Op(b"ET")));
    }

    #[test]
    fn hex_strings_read_two_digits_at_a_time_or_leniently() {
        let strs = strings(b"<4e2D0031> <4e 2d> <4e2> <4e2dzz31> <> <4e2d");
        let want: [&[u8]; 6] = [
            &[0x4e, 0x2d, 0x00, 0x31],
            &[0x4e, 0x2d],
            &[0x4e, 0x20],
            &[0x4e, 0x2d, 0x31],
            &[],
            &[0x4e, 0x2d],
        ];
        assert_eq!(strs, want);
    }

    #[test]
    fn dictionaries_and_junk() {
        let got = items(b"/Span <</ActualText (x) /MCID 3>> BDC ) ] --5 Td");
        assert!(matches!(&got[1], Item::Obj(Obj::Dict(d)) if d.len() == 2 && d[0].0 == b"ActualText"));
        assert_eq!(got[2], Item::Op(b"BDC"));
        assert_eq!(got[3], Item::Obj(Obj::Num(5.0)));
        assert_eq!(got[4], Item::Op(b"Td"));
    }

    /// The number reader before it read in one pass: the run of digits,
    /// signs and dots first, then parsed.
    fn number_two_passes(src: &[u8]) -> (f32, usize) {
        let end = src
            .iter()
            .position(|&c| !(c.is_ascii_digit() || matches!(c, b'+' | b'-' | b'.')))
            .unwrap_or(src.len());
        let raw = &src[..end];
        let mut neg = false;
        let mut i = 0;
        while i < raw.len() && matches!(raw[i], b'+' | b'-') {
            neg ^= raw[i] == b'-';
            i += 1;
        }
        let (mut int, mut frac, mut scale, mut dot) = (0.0f64, 0.0f64, 1.0f64, false);
        for &c in &raw[i..] {
            match c {
                b'0'..=b'9' if !dot => int = int * 10.0 + f64::from(c - b'0'),
                b'0'..=b'9' => {
                    scale /= 10.0;
                    frac += f64::from(c - b'0') * scale;
                }
                b'.' if !dot => dot = true,
                _ => break,
            }
        }
        let v = int + frac;
        (if neg { -v as f32 } else { v as f32 }, end)
    }

    #[test]
    fn numbers_read_in_one_pass_as_in_two() {
        let mut cases: Vec<Vec<u8>> = [
            "0",
            "-0",
            "+5",
            "--5",
            "-+-5",
            "5.",
            ".5",
            "-.5",
            "1.2.3",
            "12-3",
            "1.5-2",
            "..5",
            ".",
            "-",
            "+",
            "-.",
            "72.00",
            "791.89",
            "0.2022",
            "12345678901234567890",
            "0.000000000001",
            "3.14159265358979",
            "-0.0356",
            "9.",
            "00012.50000",
            "1.+2",
            "4-.5",
            "+-.",
            "123456789.987654321",
        ]
        .iter()
        .map(|c| c.as_bytes().to_vec())
        .collect();
        // and runs of the number bytes, pseudo-random
        let alphabet = b"0123456789.+-";
        let mut seed: u32 = 7;
        for len in 1..40 {
            for _ in 0..40 {
                let run: Vec<u8> = (0..len)
                    .map(|_| {
                        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                        alphabet[(seed >> 16) as usize % alphabet.len()]
                    })
                    .collect();
                cases.push(run);
            }
        }
        for case in cases {
            let mut src = case.clone();
            src.extend_from_slice(b" Td");
            let (want, end) = number_two_passes(&src);
            let mut l = Lexer::new(&src);
            let got = match l.next() {
                Some(Item::Obj(Obj::Num(n))) => n,
                other => panic!("{other:?} for {:?}", String::from_utf8_lossy(&case)),
            };
            assert_eq!(got.to_bits(), want.to_bits(), "{:?}", String::from_utf8_lossy(&case));
            assert_eq!(l.pos, end, "{:?}", String::from_utf8_lossy(&case));
            assert_eq!(l.next(), Some(Item::Op(b"Td")));
        }
    }

    #[test]
    fn hex_table_is_the_hex_digits() {
        for c in 0..=255u8 {
            let want = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => 0xff,
            };
            assert_eq!(HEX[usize::from(c)], want, "{c}");
        }
        // odd counts, white space, bad digits and an unclosed string: the
        // lenient reading (digits two at a time, the others skipped)
        let strs = strings(b"<4E2d 0> <4e\n2d> <4g2d> <0> <4e2d00310>");
        let want: [&[u8]; 5] = [
            &[0x4e, 0x2d, 0x00],
            &[0x4e, 0x2d],
            &[0x42, 0xd0],
            &[0x00],
            &[0x4e, 0x2d, 0x00, 0x31, 0x00],
        ];
        assert_eq!(strs, want);
    }
}

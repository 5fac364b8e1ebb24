//! Reads lopdf objects leniently (references resolved, wrong types as None) and
//! decodes streams within the file's byte budget.

use flate2::{Decompress, FlushDecompress, Status};
use lopdf::{Dictionary, Document, Object};
use std::cell::{Cell, RefCell};

/// Decoded bytes allowed per stream and per file.
pub const MAX_STREAM_BYTES: usize = 32 << 20;
pub const MAX_FILE_BYTES: usize = 256 << 20;

/// Why reading stopped: a limit that protects memory and time.
#[derive(Debug, Clone, PartialEq)]
pub struct Limit(pub String);

/// The document with a running count of decoded bytes.
pub struct Doc<'a> {
    pub doc: &'a Document,
    decoded: Cell<usize>,
    /// One zlib inflater for all the file's Flate streams, reset before each
    /// (made once: its state and window are not allocated and zeroed again
    /// for every page).
    inflater: RefCell<Option<Decompress>>,
}

impl<'a> Doc<'a> {
    pub fn new(doc: &'a Document) -> Self {
        Doc {
            doc,
            decoded: Cell::new(0),
            inflater: RefCell::new(None),
        }
    }

    pub fn deref(&self, o: &'a Object) -> &'a Object {
        match self.doc.dereference(o) {
            Ok((_, o)) => o,
            Err(_) => &Object::Null,
        }
    }

    pub fn get(&self, d: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
        d.get(key).ok().map(|o| self.deref(o))
    }

    pub fn dict(&self, d: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
        match self.get(d, key)? {
            Object::Dictionary(d) => Some(d),
            Object::Stream(s) => Some(&s.dict),
            _ => None,
        }
    }

    pub fn name(&self, d: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
        match self.get(d, key)? {
            Object::Name(n) => Some(n),
            _ => None,
        }
    }

    pub fn num(&self, d: &'a Dictionary, key: &[u8]) -> Option<f32> {
        self.get(d, key).and_then(|o| self.number(o))
    }

    pub fn number(&self, o: &'a Object) -> Option<f32> {
        match self.deref(o) {
            Object::Integer(i) => Some(*i as f32),
            Object::Real(r) if r.is_finite() => Some(*r),
            _ => None,
        }
    }

    pub fn array(&self, d: &'a Dictionary, key: &[u8]) -> Option<&'a [Object]> {
        match self.get(d, key)? {
            Object::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The decoded bytes of a stream, charged to the file's budget.
    pub fn stream_data(&self, o: &'a Object) -> Result<Option<Vec<u8>>, Limit> {
        let Object::Stream(s) = self.deref(o) else {
            return Ok(None);
        };
        let left = MAX_FILE_BYTES.saturating_sub(self.decoded.get());
        let cap = MAX_STREAM_BYTES.min(left);
        if only_flate(&s.dict) {
            let mut z = self.inflater.borrow_mut();
            let z = z.get_or_insert_with(|| Decompress::new(true));
            if let Some(data) = inflate(z, &s.content, cap) {
                self.decoded.set(self.decoded.get() + data.len());
                return Ok(Some(data));
            }
            // corrupt, cut short or over the limit: lopdf's reading below
            // (its raw-deflate retry, its partial output, its limit error)
        }
        let data = match s.decompressed_content_with_limit(cap) {
            Ok(d) => d,
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
                return Err(if cap < MAX_STREAM_BYTES {
                    Limit(format!(
                        "streams decode to more than {} MiB in all (limit)",
                        MAX_FILE_BYTES >> 20
                    ))
                } else {
                    Limit(format!(
                        "a stream decodes to more than {} MiB (limit)",
                        MAX_STREAM_BYTES >> 20
                    ))
                });
            }
            // undecodable filter: the raw bytes, as viewers do
            Err(_) if s.content.len() <= cap => s.content.clone(),
            Err(_) => return Ok(None),
        };
        self.decoded.set(self.decoded.get() + data.len());
        Ok(Some(data))
    }
}

/// The stream's one filter is FlateDecode, without parameters (no predictor).
fn only_flate(dict: &Dictionary) -> bool {
    if dict.get(b"DecodeParms").is_ok() {
        return false;
    }
    match dict.get(b"Filter") {
        Ok(Object::Name(n)) => n == b"FlateDecode",
        Ok(Object::Array(a)) => matches!(a.as_slice(), [Object::Name(n)] if n == b"FlateDecode"),
        _ => false,
    }
}

/// A whole zlib stream inflated with `z` (reset first): None unless it ends
/// as a zlib stream does (checksum right) within `cap` bytes. What it gives is
/// what lopdf's reading gives such a stream.
fn inflate(z: &mut Decompress, input: &[u8], cap: usize) -> Option<Vec<u8>> {
    z.reset(true);
    let mut out: Vec<u8> = Vec::with_capacity(input.len().saturating_mul(4).clamp(64, cap.saturating_add(1)));
    loop {
        if out.len() == out.capacity() {
            // grown by doubling, never past one byte over the limit
            let room = cap.saturating_add(1).checked_sub(out.len()).filter(|&r| r > 0)?;
            out.reserve_exact(out.len().max(4096).min(room));
        }
        let consumed = usize::try_from(z.total_in()).ok()?;
        let (before_in, before_out) = (z.total_in(), z.total_out());
        match z.decompress_vec(input.get(consumed..)?, &mut out, FlushDecompress::None) {
            Ok(Status::StreamEnd) => return (out.len() <= cap).then_some(out),
            Ok(_) => {
                let stuck = z.total_in() == before_in && z.total_out() == before_out;
                if stuck && out.len() < out.capacity() {
                    return None; // the input ended before the stream did
                }
            }
            Err(_) => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::ZlibEncoder;
    use flate2::Compression;
    use std::io::Write;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = ZlibEncoder::new(Vec::new(), Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn stream(content: Vec<u8>) -> lopdf::Stream {
        let mut dict = Dictionary::new();
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        lopdf::Stream::new(dict, content)
    }

    #[test]
    fn one_inflater_reads_streams_as_lopdf_does() {
        // content-like text long enough to need several output buffers
        let text: Vec<u8> = (0..20_000u32)
            .flat_map(|i| format!("BT /F1 12 Tf 1 0 0 1 72 {i} Tm <4e2d{:04x}> Tj ET\n", i % 997).into_bytes())
            .collect();
        let whole = zlib(&text);
        let mut trailing = whole.clone();
        trailing.extend_from_slice(b"\r\nendstream junk");
        let cut = whole[..whole.len() / 2].to_vec();
        let mut bad_sum = whole.clone();
        let n = bad_sum.len();
        bad_sum[n - 1] ^= 0x55;
        let doc = Document::new();
        let mut z = Decompress::new(true);
        for (content, ok) in [
            (whole.clone(), true),
            (trailing, true),
            (zlib(b""), true),
            (zlib(b"q 1 0 0 1 0 0 cm Q"), true),
            (cut, false),
            (bad_sum, false),
            (Vec::new(), false),
            (b"not zlib at all".to_vec(), false),
        ] {
            let s = stream(content);
            let want = s.decompressed_content_with_limit(MAX_STREAM_BYTES).unwrap();
            // the same inflater, again and again, after good and bad streams
            assert_eq!(inflate(&mut z, &s.content, MAX_STREAM_BYTES).is_some(), ok);
            if ok {
                assert_eq!(inflate(&mut z, &s.content, MAX_STREAM_BYTES), Some(want.clone()));
            }
            // through the document: lopdf's bytes whichever way they were read
            let o = Object::Stream(s);
            let d = Doc::new(&doc);
            assert_eq!(d.stream_data(&o), Ok(Some(want)));
        }
        // over the limit: left to lopdf, which reports it
        assert_eq!(inflate(&mut z, &whole, text.len() - 1), None);
        assert_eq!(inflate(&mut z, &whole, text.len()), Some(text.clone()));
        assert!(only_flate(&stream(Vec::new()).dict));
        let mut with_parms = stream(Vec::new());
        with_parms.dict.set("DecodeParms", Dictionary::new());
        assert!(!only_flate(&with_parms.dict));
    }
}

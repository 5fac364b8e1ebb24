//! Reads lopdf objects leniently (references resolved, wrong types as None) and
//! decodes streams within the file's byte budget.

use lopdf::{Dictionary, Document, Object};
use std::cell::Cell;

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
}

impl<'a> Doc<'a> {
    pub fn new(doc: &'a Document) -> Self {
        Doc {
            doc,
            decoded: Cell::new(0),
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

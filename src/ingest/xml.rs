//! Small helpers over quick-xml shared by the office readers: a reader that
//! turns malformed XML into an error with its byte position, attribute
//! lookup by qualified name, and entity references resolved.

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;

pub struct Xml<'a> {
    reader: Reader<&'a [u8]>,
    depth: usize,
}

/// Nesting deeper than this is refused (hostile XML).
const MAX_DEPTH: usize = 4096;

impl<'a> Xml<'a> {
    pub fn new(s: &'a str) -> Self {
        let mut reader = Reader::from_str(s);
        reader.config_mut().check_end_names = false;
        Xml { reader, depth: 0 }
    }

    /// The next event; `Err` names the position of malformed XML.
    pub fn next(&mut self) -> Result<Event<'a>, String> {
        let ev = self
            .reader
            .read_event()
            .map_err(|e| format!("malformed XML at byte {}: {e}", self.reader.buffer_position()))?;
        match &ev {
            Event::Start(_) => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err(format!("XML nested deeper than {MAX_DEPTH}"));
                }
            }
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        Ok(ev)
    }
}

/// An attribute's unescaped value by qualified name.
pub fn attr(e: &BytesStart, key: &str) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.as_ref() == key).map(|a| {
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map(|v| v.into_owned())
            .unwrap_or_else(|_| a.value.into_owned())
    })
}

/// The text an entity reference stands for (`&amp;`, `&#x4E00;` …).
pub fn entity(r: &BytesRef) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    match &**r {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => "",
    }
    .to_string()
}

//! Small, panic-free accessors over lopdf's object model (following references with a bound,
//! reading numbers and names) and stream decoding under the per-document decompression
//! budget.
//!
//! It owns the budget bookkeeping; it does not interpret content or fonts.

use std::time::Instant;

use lopdf::{Dictionary, Document, Object, Stream};

use crate::error::ExtractError;

/// Per-document budgets, counted down as work is done.
#[derive(Debug)]
pub(super) struct Budget {
    /// Bytes streams may still decompress to.
    pub(super) bytes_left: u64,
    /// Content-stream operators that may still be executed.
    pub(super) ops_left: u64,
    /// When extraction must stop, if ever.
    pub(super) deadline: Option<Instant>,
}

impl Budget {
    /// A budget with the given byte allowance, the default operator allowance and no
    /// deadline.
    pub(super) fn bytes(bytes_left: u64) -> Budget {
        Budget {
            bytes_left,
            ops_left: MAX_OPERATORS,
            deadline: None,
        }
    }

    /// Whether the deadline has passed.
    pub(super) fn expired(&self) -> bool {
        self.deadline.is_some_and(|d| Instant::now() >= d)
    }
}

/// Objects one document may hold.
pub(super) const MAX_OBJECTS: usize = 4_000_000;

/// Operators one document may execute before extraction stops with a limit error.
pub(super) const MAX_OPERATORS: u64 = 200_000_000;

/// Follows references (at most 16 hops). A dangling reference reads as `Null`.
pub(super) fn resolve<'a>(doc: &'a Document, mut obj: &'a Object) -> &'a Object {
    for _ in 0..16 {
        match obj {
            Object::Reference(id) => match doc.objects.get(id) {
                Some(o) => obj = o,
                None => return &Object::Null,
            },
            _ => return obj,
        }
    }
    &Object::Null
}

/// The dictionary an object is or refers to (a stream's dictionary counts).
pub(super) fn as_dict<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Dictionary> {
    match resolve(doc, obj) {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

/// `dict[key]`, references followed.
pub(super) fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    dict.get(key).ok().map(|o| resolve(doc, o))
}

pub(super) fn get_dict<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Dictionary> {
    dict.get(key).ok().and_then(|o| as_dict(doc, o))
}

pub(super) fn get_name<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a [u8]> {
    match get(doc, dict, key)? {
        Object::Name(n) => Some(n),
        _ => None,
    }
}

pub(super) fn get_array<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a [Object]> {
    match get(doc, dict, key)? {
        Object::Array(a) => Some(a),
        _ => None,
    }
}

pub(super) fn number(doc: &Document, obj: &Object) -> Option<f32> {
    match resolve(doc, obj) {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) if r.is_finite() => Some(*r),
        _ => None,
    }
}

pub(super) fn get_number(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<f32> {
    number(doc, dict.get(key).ok()?)
}

/// Numbers of an array (non-numbers skipped).
pub(super) fn numbers(doc: &Document, arr: &[Object]) -> Vec<f32> {
    arr.iter().filter_map(|o| number(doc, o)).collect()
}

/// Decoded bytes of a stream, charged to the budget.
///
/// # Errors
/// `limit` when the stream would exceed what the budget has left; `malformed` when a filter
/// fails (callers usually turn that into a warning).
pub(super) fn decode_stream(
    doc: &Document,
    stream: &Stream,
    budget: &mut Budget,
) -> Result<Vec<u8>, ExtractError> {
    let cap = usize::try_from(budget.bytes_left).unwrap_or(usize::MAX);
    let indirect = |k: &[u8]| matches!(stream.dict.get(k), Ok(Object::Reference(_)));
    let result = if indirect(b"Filter") || indirect(b"DecodeParms") {
        let mut copy = Stream::new(stream.dict.clone(), stream.content.clone());
        for key in [&b"Filter"[..], b"DecodeParms"] {
            if let Ok(o) = stream.dict.get(key) {
                copy.dict.set(key, resolve(doc, o).clone());
            }
        }
        copy.decompressed_content_with_limit(cap)
    } else {
        stream.decompressed_content_with_limit(cap)
    };
    match result {
        Ok(data) => {
            budget.bytes_left = budget.bytes_left.saturating_sub(data.len() as u64);
            Ok(data)
        }
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => Err(
            ExtractError::limit("decompressed stream data exceeds the per-document budget"),
        ),
        Err(e) => Err(ExtractError::malformed(format!(
            "cannot decode stream: {}",
            one_line(&e.to_string())
        ))),
    }
}

/// An error text as one lowercase-initial line.
pub(super) fn one_line(text: &str) -> String {
    let mut s: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if let Some(first) = s.chars().next() {
        if first.is_uppercase() && s.chars().nth(1).is_some_and(char::is_lowercase) {
            s = first.to_lowercase().chain(s.chars().skip(1)).collect();
        }
    }
    s.trim_end_matches('.').to_owned()
}

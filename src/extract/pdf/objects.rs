//! Small, panic-free accessors over lopdf's object model (following references with a bound,
//! reading numbers and names) and stream decoding under the per-document decompression
//! budget.
//!
//! It owns the budget bookkeeping; it does not interpret content or fonts.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use lopdf::{Dictionary, Document, Object, Stream};

use crate::error::ExtractError;

/// Per-document budgets, counted down as work is done.
///
/// The byte and operator allowances live in one pool per document that every page range
/// extracted from it draws on ([`Budget::share`]), so splitting a document across threads
/// neither multiplies nor resets its budget. Operators are drawn in batches of
/// [`OPS_BATCH`] so threads do not contend on every operator; the deadline is checked at
/// each draw.
#[derive(Debug)]
pub(super) struct Budget {
    pool: Arc<Pool>,
    /// Operators drawn from the pool and not yet executed.
    ops_drawn: u64,
    /// When extraction must stop, if ever.
    pub(super) deadline: Option<Instant>,
}

#[derive(Debug)]
struct Pool {
    /// Bytes streams may still decompress to.
    bytes_left: AtomicU64,
    /// Content-stream operators that may still be executed.
    ops_left: AtomicU64,
}

/// Operators drawn from the shared pool at a time (and the deadline-check interval).
pub(super) const OPS_BATCH: u64 = 4096;

/// Why [`Budget::take_op`] refused an operator.
pub(super) const OPERATOR_BUDGET_EXCEEDED: &str =
    "content streams exceed the per-document operator budget";

impl Budget {
    /// A budget with the given byte allowance, the default operator allowance and no
    /// deadline.
    #[cfg(test)]
    pub(super) fn bytes(bytes_left: u64) -> Budget {
        Budget::new(bytes_left, MAX_OPERATORS, None)
    }

    pub(super) fn new(bytes_left: u64, ops_left: u64, deadline: Option<Instant>) -> Budget {
        Budget {
            pool: Arc::new(Pool {
                bytes_left: AtomicU64::new(bytes_left),
                ops_left: AtomicU64::new(ops_left),
            }),
            ops_drawn: 0,
            deadline,
        }
    }

    /// Another handle on the same pool and deadline (for a page range run elsewhere).
    pub(super) fn share(&self) -> Budget {
        Budget {
            pool: Arc::clone(&self.pool),
            ops_drawn: 0,
            deadline: self.deadline,
        }
    }

    /// Whether the deadline has passed.
    pub(super) fn expired(&self) -> bool {
        self.deadline.is_some_and(|d| Instant::now() >= d)
    }

    /// Bytes streams may still decompress to.
    pub(super) fn bytes_left(&self) -> u64 {
        self.pool.bytes_left.load(Ordering::Relaxed)
    }

    fn charge_bytes(&self, n: u64) {
        let _ = self
            .pool
            .bytes_left
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                Some(left.saturating_sub(n))
            });
    }

    /// Accounts for one content-stream operator.
    ///
    /// # Errors
    /// The reason, when the operator allowance is spent or the deadline has passed (checked
    /// every [`OPS_BATCH`] operators).
    pub(super) fn take_op(&mut self) -> Result<(), &'static str> {
        if self.ops_drawn == 0 {
            if self.expired() {
                return Err(TIME_BUDGET_EXCEEDED);
            }
            let mut drawn = 0;
            let _ = self
                .pool
                .ops_left
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                    drawn = left.min(OPS_BATCH);
                    Some(left - drawn)
                });
            if drawn == 0 {
                return Err(OPERATOR_BUDGET_EXCEEDED);
            }
            self.ops_drawn = drawn;
        }
        self.ops_drawn -= 1;
        Ok(())
    }
}

/// Why extraction stopped when the deadline passed.
pub(crate) const TIME_BUDGET_EXCEEDED: &str = "extraction exceeds the per-document time budget";

/// Objects one document may hold.
pub(super) const MAX_OBJECTS: usize = 4_000_000;

/// Operators one document may execute before extraction stops with a limit error.
pub(super) const MAX_OPERATORS: u64 = 200_000_000;

/// Bytes one stream, and one page's content streams together, may decompress to: far
/// above any real page, and it keeps a single inflating stream from taking the whole
/// per-document allowance into memory at once.
pub(super) const MAX_STREAM_BYTES: u64 = 64 * 1024 * 1024;

/// Why a stream or a page's content was refused for its size.
pub(super) const STREAM_TOO_LARGE: &str = "stream data decompresses to more than 64 MiB";

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

/// Decoded bytes of a stream, charged to the budget. Threads sharing a pool may each
/// decode up to what is left before either charges it, so a split document can overshoot
/// its byte budget by at most one stream per extra thread.
///
/// # Errors
/// `limit` when the stream would exceed what the budget has left; `malformed` when a filter
/// fails (callers usually turn that into a warning).
pub(super) fn decode_stream(
    doc: &Document,
    stream: &Stream,
    budget: &mut Budget,
) -> Result<Vec<u8>, ExtractError> {
    let left = budget.bytes_left();
    let cap = usize::try_from(left.min(MAX_STREAM_BYTES)).unwrap_or(usize::MAX);
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
            budget.charge_bytes(data.len() as u64);
            Ok(data)
        }
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            Err(ExtractError::limit(if left > MAX_STREAM_BYTES {
                STREAM_TOO_LARGE
            } else {
                "decompressed stream data exceeds the per-document budget"
            }))
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_budgets_draw_on_one_pool() {
        let mut a = Budget::new(1000, OPS_BATCH + 10, None);
        let mut b = a.share();
        for _ in 0..OPS_BATCH {
            assert_eq!(a.take_op(), Ok(()));
        }
        for _ in 0..10 {
            assert_eq!(b.take_op(), Ok(()));
        }
        assert_eq!(a.take_op(), Err(OPERATOR_BUDGET_EXCEEDED));
        b.charge_bytes(600);
        assert_eq!(a.bytes_left(), 400);
        a.charge_bytes(600);
        assert_eq!(b.bytes_left(), 0);
        let past = Budget::new(1000, 1000, Some(Instant::now()));
        assert_eq!(past.share().take_op(), Err(TIME_BUDGET_EXCEEDED));
    }
}

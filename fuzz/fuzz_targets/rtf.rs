//! RTF extraction over arbitrary bytes: `extract::rtf::extract` must return a result or an
//! error, never panic, and stay within its budgets (group depth, time).
//!
//! RTF is text, so mutations get deep without help; an input that does not open with
//! `{\rtf` gets that header put in front, so every input reaches the parser.
#![no_main]

use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use techscan::extract::{ExtractOptions, rtf};

fuzz_target!(|data: &[u8]| {
    let options = ExtractOptions {
        timeout: Some(Duration::from_secs(5)),
        ..ExtractOptions::default()
    };
    if data.starts_with(b"{\\rtf") {
        let _ = rtf::extract(data, &options);
    } else {
        let mut bytes = b"{\\rtf1 ".to_vec();
        bytes.extend_from_slice(data);
        let _ = rtf::extract(&bytes, &options);
    }
});

//! PDF extraction over arbitrary bytes: `extract::pdf::extract` must return a result or an
//! error, never panic, and stay within its budgets.
#![no_main]

use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use techscan::extract::{ExtractOptions, pdf};

fuzz_target!(|data: &[u8]| {
    let options = ExtractOptions {
        // Small budgets so one input cannot run into libFuzzer's own timeout or rss limit.
        max_decompressed_bytes: 64 * 1024 * 1024,
        timeout: Some(Duration::from_secs(5)),
        ..ExtractOptions::default()
    };
    let _ = pdf::extract(data, &options);
});

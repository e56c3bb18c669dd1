//! OpenDocument text extraction over arbitrary bytes: `extract::odt::extract` must return a
//! result or an error, never panic, and stay within its budgets.
//!
//! As for DOCX, random bytes rarely survive the zip layer, so an input whose first byte is
//! odd is taken as XML: the rest is split at the first NUL byte into `content.xml` and
//! `styles.xml`, stored in a package after its `mimetype`. An even first byte passes the
//! rest through as a whole file.
#![no_main]

use std::io::{Cursor, Write};
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use techscan::extract::{ExtractOptions, odt};
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

fn package(xml: &[u8]) -> Option<Vec<u8>> {
    let mut parts = xml.splitn(2, |&b| b == 0);
    let content = parts.next().unwrap_or_default();
    let styles = parts.next().unwrap_or_default();
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    for (name, data) in [
        ("mimetype", &b"application/vnd.oasis.opendocument.text"[..]),
        ("content.xml", content),
        ("styles.xml", styles),
    ] {
        zip.start_file(name, options).ok()?;
        zip.write_all(data).ok()?;
    }
    Some(zip.finish().ok()?.into_inner())
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let options = ExtractOptions {
        // Small budgets so one input cannot run into libFuzzer's own timeout or rss limit.
        max_decompressed_bytes: 64 * 1024 * 1024,
        timeout: Some(Duration::from_secs(5)),
        ..ExtractOptions::default()
    };
    if mode % 2 == 1 {
        if let Some(bytes) = package(rest) {
            let _ = odt::extract(&bytes, &options);
        }
    } else {
        let _ = odt::extract(rest, &options);
    }
});

//! DOCX extraction over arbitrary bytes: `extract::docx::extract` must return a result or
//! an error, never panic, and stay within its budgets.
//!
//! Random bytes rarely survive the zip layer (CRCs, headers), so an input whose first byte
//! is odd is taken as XML instead: the rest is split at the first two NUL bytes into
//! `word/document.xml`, `word/numbering.xml` and `word/styles.xml`, stored (uncompressed)
//! in a package with the usual relationships. An even first byte passes the rest through
//! as a whole file, zip layer included.
#![no_main]

use std::io::{Cursor, Write};
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use techscan::extract::{ExtractOptions, docx};
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

const RELS: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
const DOC_RELS: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

fn package(xml: &[u8]) -> Option<Vec<u8>> {
    let mut parts = xml.splitn(3, |&b| b == 0);
    let document = parts.next().unwrap_or_default();
    let numbering = parts.next().unwrap_or_default();
    let styles = parts.next().unwrap_or_default();
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    for (name, data) in [
        ("_rels/.rels", RELS.as_bytes()),
        ("word/_rels/document.xml.rels", DOC_RELS.as_bytes()),
        ("word/document.xml", document),
        ("word/numbering.xml", numbering),
        ("word/styles.xml", styles),
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
            let _ = docx::extract(&bytes, &options);
        }
    } else {
        let _ = docx::extract(rest, &options);
    }
});

//! Text extraction: bytes of one document in, located [`Block`]s out.
//!
//! One submodule per format; this is the only place that names lopdf (`pdf/`) and cfb
//! (`doc/`), and the only place that parses DOCX (`docx/`), RTF (`rtf.rs`) and
//! OpenDocument (`odt.rs`). `package.rs` is the zip layer DOCX and ODT share, with its
//! decompression and XML budgets. Extractors never print, never panic on document
//! data, and report failure as an [`ExtractError`] with a kind.

pub mod doc;
pub mod docx;
pub mod normalize;
pub mod odt;
mod package;
pub mod pdf;
pub mod rtf;
pub mod text;

use crate::error::ExtractError;
use crate::model::{DocFormat, Extracted};

/// Per-document options and budgets for extraction.
#[derive(Clone, Debug)]
pub struct ExtractOptions {
    /// User password for encrypted PDFs (the empty password is always tried first).
    pub password: Option<String>,
    /// Maximum bytes any one stream or archive member may decompress to.
    pub max_decompressed_bytes: u64,
    /// Maximum nesting depth (Form XObjects, XML elements).
    pub max_depth: usize,
    /// Maximum XML elements over all parts of one DOCX package.
    pub max_xml_elements: u64,
    /// Time one document's extraction may take (checked between pages and every few
    /// thousand operators); `None` for no limit. On expiry the pages read so far are kept
    /// with a warning, or the document fails as `limit-exceeded` when none were.
    pub timeout: Option<std::time::Duration>,
}

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions {
            password: None,
            max_decompressed_bytes: 512 * 1024 * 1024,
            max_depth: 64,
            max_xml_elements: 20_000_000,
            timeout: Some(std::time::Duration::from_secs(60)),
        }
    }
}

/// The message of a document that ran out of its time budget: such a result depends on
/// the machine's load, not only on the document.
pub const TIME_BUDGET_EXCEEDED: &str = pdf::TIME_BUDGET_EXCEEDED;

/// Whether extraction stopped early on the time budget (a warning names it).
pub fn hit_time_budget(warnings: &[String]) -> bool {
    warnings.iter().any(|w| w.contains(TIME_BUDGET_EXCEEDED))
}

/// Extracts the text of one document of a known format.
///
/// # Errors
/// Returns an [`ExtractError`] whose kind says why the document could not be read.
pub fn extract(
    format: DocFormat,
    bytes: &[u8],
    options: &ExtractOptions,
) -> Result<Extracted, ExtractError> {
    match format {
        DocFormat::Pdf => pdf::extract(bytes, options),
        DocFormat::Docx => docx::extract(bytes, options),
        DocFormat::Text => text::extract(bytes),
        DocFormat::Doc => doc::extract(bytes, options),
        DocFormat::Rtf => rtf::extract(bytes, options),
        DocFormat::Odt => odt::extract(bytes, options),
    }
}

#[cfg(test)]
mod damaged_input_tests {
    //! Damaged copies of the sample agreements (truncated at many offsets, bytes flipped):
    //! every extractor returns a result or an error, never a panic.

    use super::*;

    /// A small deterministic generator (xorshift64), so failures reproduce.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    fn variants(bytes: &[u8], seed: u64) -> Vec<Vec<u8>> {
        let mut rng = Rng(seed);
        let mut out = Vec::new();
        for i in 1..=12 {
            out.push(bytes[..bytes.len() * i / 13].to_vec());
        }
        for _ in 0..12 {
            let mut v = bytes.to_vec();
            for _ in 0..8 {
                let at = (rng.next() % v.len() as u64) as usize;
                v[at] ^= (rng.next() % 255 + 1) as u8;
            }
            out.push(v);
        }
        out
    }

    #[test]
    fn damaged_samples_never_panic() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "pdf" || e == "docx"))
            .collect();
        files.sort();
        assert!(files.len() >= 12, "samples present");
        let options = ExtractOptions::default();
        let (mut ok, mut err) = (0, 0);
        for (n, path) in files.iter().enumerate() {
            let bytes = std::fs::read(path).unwrap();
            let format = if path.extension().is_some_and(|e| e == "pdf") {
                DocFormat::Pdf
            } else {
                DocFormat::Docx
            };
            for (i, v) in variants(&bytes, 0x9E37_79B9_7F4A_7C15 ^ n as u64)
                .iter()
                .enumerate()
            {
                let result = std::panic::catch_unwind(|| extract(format, v, &options));
                assert!(result.is_ok(), "{}: variant {i} panicked", path.display());
                if matches!(result, Ok(Ok(_))) {
                    ok += 1;
                } else {
                    err += 1;
                }
            }
        }
        assert_eq!(ok + err, files.len() * 24);
    }
}

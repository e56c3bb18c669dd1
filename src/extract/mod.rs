//! Text extraction: bytes of one document in, located [`Block`]s out.
//!
//! One submodule per format; this is the only place that names lopdf (`pdf/`) and the
//! only place that parses DOCX (`docx.rs`). Extractors never print, never panic on document
//! data, and report failure as an [`ExtractError`] with a kind.

pub mod docx;
pub mod normalize;
pub mod pdf;
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
            timeout: Some(std::time::Duration::from_secs(60)),
        }
    }
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
    }
}

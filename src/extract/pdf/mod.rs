//! PDF text extraction on lopdf's object model (content-stream interpreter, fonts,
//! layout). The only module that names lopdf.

use super::ExtractOptions;
use crate::error::ExtractError;
use crate::model::Extracted;

/// Extracts located paragraphs from a PDF.
///
/// # Errors
/// `encrypted` when the file needs a password that was not given, `malformed` when it
/// cannot be parsed at all.
pub fn extract(bytes: &[u8], options: &ExtractOptions) -> Result<Extracted, ExtractError> {
    let _ = (bytes, options);
    Err(ExtractError::unsupported("pdf extraction not built yet"))
}

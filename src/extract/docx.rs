//! DOCX text extraction: a streaming reader on `zip` + `quick-xml`.

use super::ExtractOptions;
use crate::error::ExtractError;
use crate::model::Extracted;

/// Extracts located paragraphs from a DOCX package.
///
/// # Errors
/// `malformed` when the package or its main part cannot be read.
pub fn extract(bytes: &[u8], options: &ExtractOptions) -> Result<Extracted, ExtractError> {
    let _ = (bytes, options);
    Err(ExtractError::unsupported("docx extraction not built yet"))
}

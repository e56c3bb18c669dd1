//! Image files (PNG, JPEG, TIFF including multi-page TIFF): scans read by OCR.
//!
//! The file is handed to the engine as it is; each frame is a page, laid out into
//! paragraphs as PDF pages are. Without OCR (`--ocr never`, no engine) an image file fails
//! with the reason, never a silent skip.

use super::ocr::{self, Image, OcrMode};
use super::{ExtractOptions, PageMap, read_scans};
use crate::error::ExtractError;
use crate::model::{Extracted, OcrInfo};

/// Whether `bytes` start like a PNG, JPEG or TIFF file.
pub fn is_image(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x89PNG\r\n\x1a\n")
        || bytes.starts_with(&[0xFF, 0xD8, 0xFF])
        || bytes.starts_with(b"II*\0")
        || bytes.starts_with(b"MM\0*")
}

/// Reads an image file by OCR.
///
/// # Errors
/// `unsupported` with `--ocr never` or when the engine or its language packs are missing
/// (naming the Debian packages); `malformed` when the engine cannot read the image;
/// `limit` when the time budget runs out.
pub fn extract(
    bytes: &[u8],
    options: &ExtractOptions,
    pool: &dyn PageMap,
) -> Result<Extracted, ExtractError> {
    if options.ocr == OcrMode::Never {
        return Err(ExtractError::unsupported(
            "image file: read only by ocr, which --ocr never turned off",
        ));
    }
    let deadline = options
        .timeout
        .and_then(|t| std::time::Instant::now().checked_add(t));
    let engine = ocr::engine()?;
    let image = Image {
        bytes: bytes.to_vec(),
        dpi: None,
    };
    let read = |_: usize, scripts: &[ocr::Script]| engine.read(&image, scripts, deadline);
    let pages = read_scans(1, None, &read, pool)
        .pop()
        .unwrap_or_else(|| Err(ExtractError::malformed("ocr failed: nothing read")))?;
    if pages.is_empty() {
        return Err(ExtractError::malformed(
            "ocr read no page: the image is empty or damaged",
        ));
    }
    let mut warnings = Vec::new();
    let mut info = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let n = i as u32 + 1;
        if page.chars() == 0 {
            warnings.push(format!("page {n}: ocr found no text on the page image"));
        } else {
            if page.turned != 0 {
                warnings.push(ocr::turned_warning(n as usize, page.turned));
            }
            info.push(OcrInfo {
                page: n,
                language: page.language.clone(),
                confidence: (page.confidence * 100.0).round() / 100.0,
                words: page.words,
            });
        }
    }
    Ok(Extracted {
        pages: Some(pages.len() as u32),
        blocks: super::pdf::ocr_blocks(&pages),
        warnings,
        ocr: info,
    })
}

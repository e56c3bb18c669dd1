//! Image files (PNG, JPEG, TIFF including multi-page TIFF): scans read by OCR.
//!
//! The file is handed to the engine as it is; each frame of a multi-page TIFF is a page,
//! read on its own (in parallel, checked for orientation and language as a PDF page image
//! is) and laid out into paragraphs as PDF pages are. A frame the engine fails on is that
//! page's warning; the file fails when no frame is read. Without OCR (`--ocr never`, no engine) an image file fails
//! with the reason, never a silent skip.

use super::ocr::{self, Image, OcrMode};
use super::{ExtractOptions, OcrResult, PageMap, read_scans};
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
    // A multi-page TIFF is read frame by frame, as a PDF is page by page: in parallel, each
    // frame checked for orientation and language on its own.
    let frames = ocr::tiff_frames(bytes).unwrap_or(1);
    // A JPEG's own resolution, when plausible, lets an English page scanned at low
    // resolution be read enlarged, as a PDF page image is.
    let image = Image {
        bytes: bytes.into(),
        dpi: super::resample::jpeg_resolution(bytes),
        frame: None,
    };
    let read = |k: usize, scripts: &[ocr::Script]| {
        if frames > 1 {
            let frame = Image {
                frame: Some(k as u32),
                ..image.clone()
            };
            engine.read(&frame, scripts, deadline)
        } else {
            engine.read(&image, scripts, deadline)
        }
    };
    let results = read_scans(frames.max(1), None, &read, pool);
    let pages = frame_pages(results)?;
    let mut warnings = Vec::new();
    let mut info = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let n = i as u32 + 1;
        match page {
            Err(e) => warnings.push(format!("page {n}: not read by ocr: {}", e.message)),
            Ok(page) if page.chars() == 0 => {
                warnings.push(format!("page {n}: ocr found no text on the page image"));
            }
            Ok(page) => {
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
    }
    let read: Vec<ocr::OcrPage> = pages
        .into_iter()
        .map(|p| p.unwrap_or_else(|_| ocr::OcrPage::empty()))
        .collect();
    Ok(Extracted {
        pages: Some(read.len() as u32),
        blocks: super::pdf::ocr_blocks(&read),
        warnings,
        ocr: info,
    })
}

/// The pages of an image file from the engine's readings: one reading of the whole file
/// (every page it holds), or one per frame of a multi-page TIFF. A frame that fails is
/// that page's warning, unless every one fails or the engine is missing.
///
/// # Errors
/// The error of the first frame when no frame was read or a frame found the engine or a
/// language pack missing; `malformed` when the image holds no page.
fn frame_pages(
    results: Vec<OcrResult>,
) -> Result<Vec<Result<ocr::OcrPage, ExtractError>>, ExtractError> {
    let single = results.len() == 1;
    let mut pages = Vec::new();
    let mut first_error = None;
    for result in results {
        match result {
            Ok(read) if single => pages.extend(read.into_iter().map(Ok)),
            Ok(mut read) if !read.is_empty() => pages.push(Ok(read.swap_remove(0))),
            Ok(_) => pages.push(Err(ExtractError::malformed(
                "ocr failed: tesseract read no page",
            ))),
            Err(e) if ocr::is_missing_engine(&e) => return Err(e),
            Err(e) => {
                first_error.get_or_insert_with(|| e.clone());
                pages.push(Err(e));
            }
        }
    }
    if pages.iter().all(Result::is_err) {
        return Err(first_error.unwrap_or_else(|| {
            ExtractError::malformed("ocr read no page: the image is empty or damaged")
        }));
    }
    Ok(pages)
}

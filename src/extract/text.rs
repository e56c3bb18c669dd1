//! Plain-text extraction (`.txt`, `.md`): decoding and paragraph splitting.
//!
//! Paragraphs are separated by blank lines; a file without any blank line is read one
//! paragraph per line. A form feed (as `pdftotext` writes between pages) starts a new page.

use crate::error::ExtractError;
use crate::model::{Block, BlockKind, Extracted};

/// Decodes plain text (UTF-8 with or without BOM, or UTF-16 with BOM) into paragraphs.
///
/// # Errors
/// Never fails on content; invalid UTF-8 is replaced and reported as a warning.
pub fn extract(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    let mut warnings = Vec::new();
    let text = decode(bytes, &mut warnings);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let paged = pages.len() > 1;
    let one_per_line = !text.lines().any(|l| l.trim().is_empty());
    let mut blocks = Vec::new();
    let mut paragraph = 0u32;
    for (page_index, page) in pages.iter().enumerate() {
        let page_no = paged.then(|| page_index as u32 + 1);
        if paged {
            paragraph = 0;
        }
        let mut current: Vec<&str> = Vec::new();
        let mut flush = |current: &mut Vec<&str>, blocks: &mut Vec<Block>| {
            if current.is_empty() {
                return;
            }
            paragraph += 1;
            blocks.push(Block {
                text: current.join("\n"),
                kind: BlockKind::Body,
                page: page_no,
                paragraph,
                label: None,
            });
            current.clear();
        };
        for line in page.lines() {
            let line = line.trim_end();
            if line.trim().is_empty() {
                flush(&mut current, &mut blocks);
            } else {
                current.push(line.trim_start());
                if one_per_line {
                    flush(&mut current, &mut blocks);
                }
            }
        }
        flush(&mut current, &mut blocks);
    }
    Ok(Extracted {
        ocr: Vec::new(),
        pages: paged.then_some(pages.len() as u32),
        blocks,
        warnings,
    })
}

fn decode(bytes: &[u8], warnings: &mut Vec<String>) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return lossy(rest, warnings);
    }
    let utf16 = |rest: &[u8], le: bool| -> String {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16_lossy(&units)
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, true);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, false);
    }
    lossy(bytes, warnings)
}

fn lossy(bytes: &[u8], warnings: &mut Vec<String>) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(e) => {
            warnings.push(format!(
                "text is not valid utf-8 (first bad byte at offset {}); undecodable bytes replaced",
                e.valid_up_to()
            ));
            String::from_utf8_lossy(bytes).into_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_separate_paragraphs() {
        let out = extract(b"1. Grant\nLicensor grants.\n\n2. Term\nFive years.\n").unwrap();
        assert_eq!(out.blocks.len(), 2);
        assert_eq!(out.blocks[0].text, "1. Grant\nLicensor grants.");
        assert_eq!(out.blocks[1].paragraph, 2);
        assert_eq!(out.pages, None);
    }

    #[test]
    fn file_without_blank_lines_is_one_paragraph_per_line() {
        let out = extract("第一条 甲方\n第二条 乙方\n".as_bytes()).unwrap();
        assert_eq!(out.blocks.len(), 2);
        assert_eq!(out.blocks[1].text, "第二条 乙方");
    }

    #[test]
    fn form_feed_starts_a_page() {
        let out = extract(b"a\n\nb\x0cc\n").unwrap();
        assert_eq!(out.pages, Some(2));
        assert_eq!(out.blocks[2].page, Some(2));
        assert_eq!(out.blocks[2].paragraph, 1);
    }

    #[test]
    fn invalid_utf8_is_a_warning_not_a_failure() {
        let out = extract(b"ab\xffcd").unwrap();
        assert_eq!(out.warnings.len(), 1);
        assert!(out.blocks[0].text.contains('\u{fffd}'));
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let out = extract(&[0xFF, 0xFE, b'h', 0, b'i', 0]).unwrap();
        assert_eq!(out.blocks[0].text, "hi");
    }
}

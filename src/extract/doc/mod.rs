//! Word 97–2003 `.doc` text extraction: the OLE compound file is opened with the `cfb`
//! crate, the File Information Block (`fib`) says where the stories are, the piece table
//! in the table stream (`0Table`/`1Table`) maps character positions to cp1252 or UTF-16
//! bytes of the `WordDocument` stream (`pieces`), and each story's characters become
//! located blocks here.
//!
//! What the text is: the main story's paragraphs (ended by `0x0D`, a page or section break
//! `0x0C`, or a table cell mark `0x07`; a paragraph is a table block when it ends a cell or
//! its properties say it is in a table, see `tables`), then the
//! header and footer stories (split with `PlcfHdd`; identical ones once), footnotes,
//! endnotes, comments and text boxes, each as their own blocks, in the order the DOCX
//! reader gives them. Field instructions (between `0x13` and `0x14`) are dropped and field
//! results kept; a line break `0x0B` is a line break in the paragraph; object anchors and
//! note references are dropped, non-breaking hyphens become `-` and optional hyphens soft
//! hyphens (U+00AD, which normalisation drops).
//! A numbered paragraph gets the list number Word prints as its label (`lists`).
//!
//! This module is the only user of `cfb`. It never prints and never panics on document
//! data: a file that is not a compound file, lacks a `WordDocument` stream, has a bad FIB
//! or a piece table pointing outside its streams is `malformed`; Word 6/95 files are
//! `unsupported`; password-protected ones `encrypted`; streams over the decompression
//! budget `limit-exceeded`.

mod fib;
mod lists;
mod pieces;
mod tables;

#[cfg(test)]
mod tests;

use std::collections::HashSet;
use std::io::{Cursor, Read};

use super::ExtractOptions;
use crate::error::ExtractError;
use crate::model::{Block, BlockKind, Extracted};

/// Extracts located paragraphs from a Word 97–2003 binary document.
///
/// # Errors
/// See the module documentation.
pub fn extract(bytes: &[u8], options: &ExtractOptions) -> Result<Extracted, ExtractError> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| {
        ExtractError::malformed(format!(
            "not an ole compound file: {}",
            e.to_string().to_lowercase()
        ))
    })?;
    if file.is_stream("/EncryptedPackage") {
        return Err(ExtractError::encrypted("docx is password-protected"));
    }
    if !file.is_stream("/WordDocument") {
        return Err(ExtractError::unsupported(
            "ole compound file without a worddocument stream (not a word document)",
        ));
    }
    let word = read_stream(&mut file, "/WordDocument", options)?;
    let fib = fib::read(&word)?;
    let table_name = if fib.table_stream_1 {
        "/1Table"
    } else {
        "/0Table"
    };
    if !file.is_stream(table_name) {
        return Err(ExtractError::malformed(format!(
            "doc: the fib names table stream {}, which is missing",
            &table_name[1..]
        )));
    }
    let table = read_stream(&mut file, table_name, options)?;
    drop(file);

    let c = fib.ccp;
    let lengths = [
        c.text,
        c.footnotes,
        c.headers,
        c.comments,
        c.endnotes,
        c.text_boxes,
        c.header_text_boxes,
    ];
    let total = lengths
        .iter()
        .try_fold(0u32, |sum, &n| sum.checked_add(n))
        .ok_or_else(|| ExtractError::malformed("doc: story lengths in the fib overflow"))?;
    let (units, piece_list) = pieces::text_units(&word, &table, fib.clx, total)?;
    let runs = tables::TableRuns::read(&word, &table, fib.papx);
    drop(word);
    let mut lists = lists::Lists::read(&table, fib.plf_lst, fib.plf_lfo);
    // The main story starts at character position 0.
    let mut main_props = |cp: usize| {
        let props = u32::try_from(cp)
            .ok()
            .and_then(|cp| pieces::file_offset(&piece_list, cp))
            .map(|fc| runs.props(fc))
            .unwrap_or_default();
        let label = (props.ilfo > 0)
            .then(|| lists.label(props.ilfo, props.ilvl))
            .flatten();
        (props.in_table, label)
    };
    let mut plain = |_: usize| (false, None);

    // Story ranges in character positions, in the order the FIB lists them.
    let mut ranges = Vec::with_capacity(lengths.len());
    let mut at = 0usize;
    for n in lengths {
        ranges.push(at..at + n as usize);
        at += n as usize;
    }
    let story = |i: usize| units.get(ranges[i].clone()).unwrap_or_default();

    let mut blocks = paragraphs(story(0), BlockKind::Body, &mut main_props);
    blocks.extend(paragraphs(story(5), BlockKind::TextBox, &mut plain));
    let mut warnings = Vec::new();
    let (headers, footers) = header_stories(story(2), &table, fib.hdd, &mut warnings);
    for part in [headers, footers] {
        let mut seen = HashSet::new();
        for story in part {
            let key: Vec<&str> = story.iter().map(|b| b.text.as_str()).collect();
            if !story.is_empty() && seen.insert(key.join("\n")) {
                blocks.extend(story);
            }
        }
    }
    blocks.extend(paragraphs(story(6), BlockKind::Header, &mut plain));
    blocks.extend(paragraphs(story(1), BlockKind::Footnote, &mut plain));
    blocks.extend(paragraphs(story(4), BlockKind::Endnote, &mut plain));
    blocks.extend(paragraphs(story(3), BlockKind::Comment, &mut plain));
    for (i, block) in blocks.iter_mut().enumerate() {
        block.paragraph = u32::try_from(i + 1).unwrap_or(u32::MAX);
    }
    Ok(Extracted {
        ocr: Vec::new(),
        pages: None,
        blocks,
        warnings,
    })
}

/// Reads one stream within the decompression budget.
fn read_stream(
    file: &mut cfb::CompoundFile<Cursor<&[u8]>>,
    name: &str,
    options: &ExtractOptions,
) -> Result<Vec<u8>, ExtractError> {
    let stream_name = &name[1..];
    let mut stream = file.open_stream(name).map_err(|e| {
        ExtractError::malformed(format!(
            "doc: cannot open the {stream_name} stream: {}",
            e.to_string().to_lowercase()
        ))
    })?;
    let budget = options.max_decompressed_bytes;
    if stream.len() > budget {
        return Err(ExtractError::limit(format!(
            "doc: {stream_name} stream of {} bytes is over the {budget}-byte budget",
            stream.len()
        )));
    }
    let mut data = Vec::new();
    (&mut stream)
        .take(budget)
        .read_to_end(&mut data)
        .map_err(|e| {
            ExtractError::malformed(format!(
                "doc: cannot read the {stream_name} stream: {}",
                e.to_string().to_lowercase()
            ))
        })?;
    Ok(data)
}

/// The header subdocument split into its stories with `PlcfHdd`: header stories and
/// footer stories, each a list of blocks. The first six stories are note separators and
/// are left out. Without a usable `PlcfHdd` the whole subdocument counts as header text.
fn header_stories(
    units: &[u16],
    table: &[u8],
    (fc, lcb): (u32, u32),
    warnings: &mut Vec<String>,
) -> (Vec<Vec<Block>>, Vec<Vec<Block>>) {
    if units.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let plc = table.get(fc as usize..(fc as usize).saturating_add(lcb as usize));
    let cps: Vec<usize> = plc
        .map(|p| {
            p.chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]) as usize)
                .collect()
        })
        .unwrap_or_default();
    if cps.len() < 2 || cps.windows(2).any(|w| w[1] < w[0]) {
        warnings.push(
            "doc: header story table is missing or damaged; headers and footers read as one"
                .to_owned(),
        );
        return (
            vec![paragraphs(units, BlockKind::Header, &mut |_| (false, None))],
            Vec::new(),
        );
    }
    let (mut headers, mut footers) = (Vec::new(), Vec::new());
    for (i, w) in cps.windows(2).enumerate().skip(6) {
        let Some(story) = units.get(w[0]..w[1].min(units.len())) else {
            continue;
        };
        // Per section: even header, odd header, even footer, odd footer, first-page
        // header, first-page footer.
        if matches!((i - 6) % 6, 2 | 3 | 5) {
            footers.push(paragraphs(story, BlockKind::Footer, &mut |_| (false, None)));
        } else {
            headers.push(paragraphs(story, BlockKind::Header, &mut |_| (false, None)));
        }
    }
    (headers, footers)
}

/// What a field's characters are while it is open.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Instruction,
    Result,
}

/// What the properties of the paragraph whose mark is at index `i` of a story say: whether
/// it is in a table, and its list label (asked once per paragraph, in order).
type ParagraphProps<'a> = dyn FnMut(usize) -> (bool, Option<String>) + 'a;

/// Splits a story's characters into blocks of `kind`. Body paragraphs that end in a cell
/// mark, or whose properties say so, become table blocks.
fn paragraphs(units: &[u16], kind: BlockKind, props: &mut ParagraphProps<'_>) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut text: Vec<u16> = Vec::new();
    let mut fields: Vec<Field> = Vec::new();
    let finish =
        |text: &mut Vec<u16>, (cell, label): (bool, Option<String>), blocks: &mut Vec<Block>| {
            let s = String::from_utf16_lossy(text);
            text.clear();
            let s = s.trim();
            if s.is_empty() {
                return;
            }
            blocks.push(Block {
                text: s.to_owned(),
                kind: if cell && kind == BlockKind::Body {
                    BlockKind::Table
                } else {
                    kind
                },
                page: None,
                paragraph: 0,
                label,
            });
        };
    for (i, &u) in units.iter().enumerate() {
        match u {
            0x13 => {
                fields.push(Field::Instruction);
                continue;
            }
            0x14 => {
                if let Some(f) = fields.last_mut() {
                    *f = Field::Result;
                }
                continue;
            }
            0x15 => {
                fields.pop();
                continue;
            }
            _ => {}
        }
        let visible = fields.iter().all(|&f| f == Field::Result);
        match u {
            0x0D | 0x0C => {
                // A paragraph mark inside an instruction ends it (Word never does this; a
                // damaged field must not hide the rest of the story).
                fields.retain(|&f| f == Field::Result);
                let (cell, label) = props(i);
                finish(&mut text, (u == 0x0D && cell, label), &mut blocks);
            }
            0x07 => {
                fields.retain(|&f| f == Field::Result);
                let (_, label) = props(i);
                finish(&mut text, (true, label), &mut blocks);
            }
            _ if !visible => {}
            0x0B => text.push(u16::from(b'\n')),
            0x1E => text.push(u16::from(b'-')),
            // An optional hyphen stays as a soft hyphen (normalisation drops it).
            0x1F => text.push(0xAD),
            0x09 | 0xA0 => text.push(u),
            // Anchors of pictures, drawn objects, note and comment references, note
            // separators, optional hyphens and other control characters.
            _ if u < 0x20 => {}
            _ => text.push(u),
        }
    }
    finish(&mut text, (false, None), &mut blocks);
    blocks
}

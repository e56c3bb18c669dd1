//! DOCX text extraction: a streaming reader on `zip` + `quick-xml`.
//!
//! The package is opened within the decompression budgets (`package`), the main part is
//! found through `_rels/.rels`, styles and numbering definitions are loaded
//! (`numbering`), then every story part is read in one pass each (`body`): the main
//! document (body, tables, text boxes), headers and footers (in the order the sections
//! reference them; identical parts once), footnotes, endnotes and comments. Blocks are
//! numbered 1.. over that order.
//!
//! Pages: when Word last saved the file it recorded where pages broke
//! (`w:lastRenderedPageBreak`); if any such marks exist, body blocks carry the page their
//! text starts on and `pages` is set. Files written by other tools get no page numbers.
//!
//! This module never prints and never panics on document data; everything that goes wrong
//! is an [`ExtractError`] (fatal) or a warning line: XML that breaks off keeps the text
//! read before the break (a main part with no text before it is `malformed`).

mod body;
pub(super) mod numbering;

#[cfg(test)]
mod corpus_tests;
#[cfg(test)]
mod tests;

use std::collections::HashSet;

use super::ExtractOptions;
use super::package::{Package, Relationship, XmlFailure};
use crate::error::ExtractError;
use crate::model::{BlockKind, Extracted};
use body::{Story, read_story};
use numbering::Lists;

/// Signature of an OLE compound file: a legacy `.doc`, or an encrypted OOXML package.
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Extracts located paragraphs from a DOCX package.
///
/// One block per non-empty paragraph, text as the accepted view of tracked changes.
/// `label` is the list number Word prints (`3.2`, `第一条`, `（一）`); bulleted
/// paragraphs get their bullet character (`•`) as the label.
///
/// # Errors
/// `malformed` when the bytes are not a zip package or have no readable main document
/// part; `encrypted` for a password-protected document; `unsupported` for a legacy `.doc`;
/// `limit-exceeded` when a member breaks the decompression budget, XML nests deeper
/// than `options.max_depth * 16` (at least 256), the package holds more than
/// `options.max_xml_elements` elements, or reading takes longer than `options.timeout`.
pub fn extract(bytes: &[u8], options: &ExtractOptions) -> Result<Extracted, ExtractError> {
    if bytes.starts_with(&OLE_MAGIC) {
        return Err(ole_error(bytes));
    }
    let mut package = Package::open(bytes, "docx", options)?;
    let main = main_part(&mut package)?;
    let rels = package.relationships(&main)?;
    let mut warnings = Vec::new();
    let mut lists = Lists::default();

    for kind in ["styles", "numbering"] {
        let Some(target) = first_target(&rels, kind) else {
            continue;
        };
        let Some(data) = package.read(target)? else {
            continue;
        };
        let read = if kind == "styles" {
            lists.read_styles(&data, &mut package.xml)
        } else {
            lists.read_numbering(&data, &mut package.xml)
        };
        secondary_failure(read, target, &mut warnings)?;
    }

    let data = package
        .read(&main)?
        .ok_or_else(|| ExtractError::malformed(format!("main document part {main} is missing")))?;
    let story = read_story(&data, BlockKind::Body, &mut lists, &mut package.xml)
        .map_err(|failure| failure.into_error(&main))?;
    drop(data);
    if !story.has_elements {
        let reason = story.damage.as_deref().unwrap_or("no xml elements");
        return Err(ExtractError::malformed(format!("{main}: {reason}")));
    }
    if let Some(damage) = &story.damage {
        if story.blocks.is_empty() {
            return Err(ExtractError::malformed(format!("{main}: {damage}")));
        }
        warnings.push(format!("{main}: {damage}; text after it is missing"));
    }
    let has_pages = story.rendered_page_breaks > 0;
    let pages = has_pages.then(|| story.rendered_page_breaks.saturating_add(1));
    let mut blocks = story.blocks;
    if !has_pages {
        for block in &mut blocks {
            block.page = None;
        }
    }

    for (kind, block_kind, refs) in [
        ("header", BlockKind::Header, &story.header_refs),
        ("footer", BlockKind::Footer, &story.footer_refs),
    ] {
        let mut seen_text = HashSet::new();
        for target in ordered_targets(&rels, kind, refs) {
            let Some(part) =
                read_secondary(&mut package, target, block_kind, &mut lists, &mut warnings)?
            else {
                continue;
            };
            let key: Vec<&str> = part.blocks.iter().map(|b| b.text.as_str()).collect();
            if part.blocks.is_empty() || !seen_text.insert(key.join("\n")) {
                continue;
            }
            blocks.extend(part.blocks);
        }
    }
    for (kind, block_kind) in [
        ("footnotes", BlockKind::Footnote),
        ("endnotes", BlockKind::Endnote),
        ("comments", BlockKind::Comment),
    ] {
        let Some(target) = first_target(&rels, kind) else {
            continue;
        };
        if let Some(part) =
            read_secondary(&mut package, target, block_kind, &mut lists, &mut warnings)?
        {
            blocks.extend(part.blocks);
        }
    }

    for (i, block) in blocks.iter_mut().enumerate() {
        block.paragraph = u32::try_from(i + 1).unwrap_or(u32::MAX);
    }
    Ok(Extracted {
        ocr: Vec::new(),
        pages,
        blocks,
        warnings,
    })
}

/// Tells a legacy `.doc` from an encrypted OOXML package: the latter stores its content in
/// an `EncryptedPackage` stream, whose name appears in UTF-16 in the directory.
fn ole_error(bytes: &[u8]) -> ExtractError {
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    if bytes.windows(name.len()).any(|w| w == name.as_slice()) {
        ExtractError::encrypted("docx is password-protected")
    } else {
        ExtractError::unsupported("legacy word .doc (ole compound file) is not supported")
    }
}

/// The main document part named by the package relationships; `word/document.xml` when
/// the package has no usable `_rels/.rels`.
fn main_part(package: &mut Package<'_>) -> Result<String, ExtractError> {
    let rels = package.relationships("")?;
    if let Some(target) = first_target(&rels, "officeDocument") {
        if package.contains(target) {
            return Ok(target.to_owned());
        }
        return Err(ExtractError::malformed(format!(
            "main document part {target} is missing"
        )));
    }
    if package.contains("word/document.xml") {
        return Ok("word/document.xml".to_owned());
    }
    Err(ExtractError::malformed("no main document part"))
}

fn first_target<'r>(rels: &'r [Relationship], kind: &str) -> Option<&'r str> {
    rels.iter()
        .find(|r| r.kind == kind)
        .map(|r| r.target.as_str())
}

/// Targets of `kind` in the order the document references them, then unreferenced ones.
fn ordered_targets<'r>(rels: &'r [Relationship], kind: &str, refs: &[String]) -> Vec<&'r str> {
    let mut out: Vec<&str> = Vec::new();
    let referenced = refs
        .iter()
        .filter_map(|id| rels.iter().find(|r| &r.id == id && r.kind == kind));
    let rest = rels.iter().filter(|r| r.kind == kind);
    for rel in referenced.chain(rest) {
        if !out.contains(&rel.target.as_str()) {
            out.push(&rel.target);
        }
    }
    out
}

/// Reads a story part other than the main one. Damage becomes a warning; budgets stay
/// fatal.
fn read_secondary(
    package: &mut Package<'_>,
    target: &str,
    kind: BlockKind,
    lists: &mut Lists,
    warnings: &mut Vec<String>,
) -> Result<Option<Story>, ExtractError> {
    let Some(data) = package.read(target)? else {
        return Ok(None);
    };
    let story =
        read_story(&data, kind, lists, &mut package.xml).map_err(|f| f.into_error(target))?;
    if let Some(damage) = &story.damage {
        warnings.push(format!("{target}: {damage}; rest of the part skipped"));
    }
    Ok(Some(story))
}

/// A damaged secondary part is a warning; a budget breach is fatal.
fn secondary_failure(
    result: Result<(), XmlFailure>,
    part: &str,
    warnings: &mut Vec<String>,
) -> Result<(), ExtractError> {
    match result {
        Ok(()) => Ok(()),
        Err(XmlFailure::Syntax(message)) => {
            warnings.push(format!("{part}: {message}; rest of the part skipped"));
            Ok(())
        }
        Err(failure) => Err(failure.into_error(part)),
    }
}

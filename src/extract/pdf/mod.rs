//! PDF text extraction on lopdf's object model: load and decrypt, walk the pages, run the
//! content-stream interpreter, lay glyphs out into lines and paragraphs. The only module
//! that names lopdf.
//!
//! Submodules: `lexer` (content tokens), `content` (interpreter), `font`, `cmap`,
//! `encoding`, `cid_unicode`, `truetype` and `tables` (character knowledge), `layout`
//! (reflow), `quality` (per-page text check), `objects` (object accessors and budgets).
//! This file owns document-level concerns: loading, encryption, page attributes inherited
//! through the page tree, per-page warnings and the time budget. It never prints and never
//! panics on document data.

#![allow(
    clippy::doc_markdown,
    reason = "PDF vocabulary (CMap, Type0, XObject, TrueType) is prose here, not code"
)]
#![allow(
    clippy::many_single_char_names,
    reason = "matrix and glyph arithmetic follows the PDF specification's a..f, x, y names"
)]

mod cid_unicode;
mod cmap;
mod content;
mod encoding;
mod font;
mod images;
mod layout;
mod lexer;
mod objects;
mod quality;
mod tables;

#[cfg(test)]
pub(crate) mod tests;
mod truetype;

use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId};

use super::ExtractOptions;
use super::ocr::{self, OcrMode, OcrPage};
use crate::error::ExtractError;
use crate::model::{ErrorKind, Extracted, OcrInfo};
use content::{Interpreter, PageText, rotation};
/// The message of a document that ran out of its time budget (in a `limit-exceeded` error,
/// or in the warning of a document whose first pages were kept).
pub(crate) use objects::TIME_BUDGET_EXCEEDED;
use objects::{
    Budget, MAX_OBJECTS, MAX_OPERATORS, as_dict, decode_stream, get, get_dict, number, one_line,
};

/// Extracts located paragraphs from a PDF: [`PdfDocument::open`], every page in one
/// [`PdfDocument::extract_pages`] run, [`PdfDocument::finish`].
///
/// # Errors
/// `encrypted` when the file needs a password that was not given (or the given one is
/// wrong), `malformed` when it cannot be parsed at all, `limit` when the object cap is
/// exceeded or the time, decompression or operator budget runs out before any page with
/// text was read. A budget that runs out later ends extraction with the pages read so far
/// and a `page N: unreadable, …` warning.
pub fn extract(bytes: &[u8], options: &ExtractOptions) -> Result<Extracted, ExtractError> {
    let doc = PdfDocument::open(bytes, options)?;
    let runs = vec![doc.extract_pages(0..doc.page_count())];
    let read = doc.ocr(&runs, options.ocr, &super::Sequential);
    doc.finish_with_ocr(runs, read)
}

/// A loaded PDF whose pages can be extracted in ranges, on several threads at once, and
/// then assembled into the same result a single run over all pages gives.
///
/// All ranges share the document's budgets: one deadline (counted from
/// [`PdfDocument::open`]), one decompressed-byte and one operator allowance.
pub struct PdfDocument {
    doc: Document,
    pages: Vec<ObjectId>,
    budget: Budget,
    max_depth: usize,
}

/// The pages of one [`PdfDocument::extract_pages`] range, to hand to
/// [`PdfDocument::finish`].
#[derive(Debug)]
pub struct PageRange {
    /// Index of the range's first page (0-based).
    first: usize,
    /// Laid-out lines of each page read (the last one partial when `stopped`).
    lines: Vec<Vec<layout::Line>>,
    /// Warnings of the pages read, in page order.
    warnings: Vec<String>,
    /// Pages with no text because no glyph could be decoded.
    undecoded_pages: usize,
    /// Pages whose page object is missing or could not be parsed.
    missing_pages: usize,
    /// Per page read: what OCR needs to know.
    scans: Vec<PageScan>,
    /// The error that ended the range early, at page `first + lines.len() - 1`.
    stopped: Option<ExtractError>,
}

impl PdfDocument {
    /// Loads and decrypts a PDF and finds its pages.
    ///
    /// # Errors
    /// `encrypted`, `malformed` or `limit` as for [`extract`].
    pub fn open(bytes: &[u8], options: &ExtractOptions) -> Result<PdfDocument, ExtractError> {
        let started = std::time::Instant::now();
        let doc = load(bytes, options)?;
        if doc.objects.len() > MAX_OBJECTS {
            return Err(ExtractError::limit(format!(
                "document holds {} objects, more than the {MAX_OBJECTS} allowed",
                doc.objects.len()
            )));
        }
        let pages = page_ids(&doc);
        if pages.is_empty() {
            return Err(ExtractError::malformed("no pages found"));
        }
        let budget = Budget::new(
            options.max_decompressed_bytes,
            MAX_OPERATORS,
            options.timeout.and_then(|t| started.checked_add(t)),
        );
        Ok(PdfDocument {
            doc,
            pages,
            budget,
            max_depth: options.max_depth,
        })
    }

    /// Number of pages.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Reads the pages in `range` (0-based, clamped to the document). Fonts are parsed
    /// once per range. A range stops at the first page that fails or runs out of budget.
    pub fn extract_pages(&self, range: std::ops::Range<usize>) -> PageRange {
        let doc = &self.doc;
        let total = self.pages.len();
        let first = range.start.min(total);
        let last = range.end.min(total);
        let mut out = PageRange {
            first,
            lines: Vec::with_capacity(last.saturating_sub(first)),
            warnings: Vec::new(),
            undecoded_pages: 0,
            missing_pages: 0,
            scans: Vec::new(),
            stopped: None,
        };
        let mut interp = Interpreter::new(doc, self.budget.share(), self.max_depth);
        for (index, &page_id) in self.pages.iter().enumerate().take(last).skip(first) {
            let n = index + 1;
            let mut text = PageText::default();
            let Some(page) = doc.objects.get(&page_id).and_then(|o| as_dict(doc, o)) else {
                out.warnings.push(format!("page {n}: page object missing"));
                out.missing_pages += 1;
                out.lines.push(Vec::new());
                out.scans.push(PageScan::default());
                continue;
            };
            let attrs = inherited(doc, page);
            let ran = if interp.budget.expired() {
                Err(ExtractError::limit(TIME_BUDGET_EXCEEDED))
            } else {
                page_content(doc, page, &mut interp.budget, n, &mut out.warnings).and_then(
                    |content| {
                        interp.run_page(
                            &content,
                            attrs.resources,
                            rotation(attrs.rotate),
                            &mut text,
                        )
                    },
                )
            };
            if let Err(e) = ran {
                out.lines.push(layout::lines(&text));
                out.scans.push(PageScan::default());
                out.stopped = Some(e);
                break;
            }
            for (font, cmap) in &text.unsupported_cmaps {
                out.warnings.push(format!(
                    "page {n}: font {font} uses predefined cmap {cmap} (not supported yet)"
                ));
            }
            for problem in &text.problems {
                out.warnings.push(format!("page {n}: {problem}"));
            }
            let lines = layout::lines(&text);
            let quality = page_quality(n, &text, &lines, attrs.area);
            if let Some(warning) = &quality {
                if lines.is_empty() && text.undecoded > 0 {
                    out.undecoded_pages += 1;
                }
                out.warnings.push(warning.clone());
            }
            out.scans.push(PageScan {
                images: text.images,
                image: text.largest_image.map(|(id, _, width)| (id, width)),
                quality,
                text_sample: if lines.is_empty() {
                    String::new()
                } else {
                    lines
                        .iter()
                        .take(40)
                        .map(|l| l.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                },
            });
            out.lines.push(lines);
        }
        out
    }

    /// Assembles page ranges into the document's text: ranges are put in page order, and
    /// the first one that stopped early ends the document there, exactly as one run over
    /// all pages would have.
    ///
    /// # Errors
    /// The error that stopped a range, unless it is a budget that ran out after some page
    /// had text (then the pages before it are kept with a `page N: unreadable` warning);
    /// `malformed` when the ranges leave a page unread or no page object could be read.
    pub fn finish(self, ranges: Vec<PageRange>) -> Result<Extracted, ExtractError> {
        self.finish_with_ocr(ranges, Vec::new())
    }

    /// The pages OCR reads under `mode`, and the script the text layer of the other pages
    /// is written in: `auto` takes pages without text or with garbled text that draw an
    /// image, `always` every page that draws an image.
    fn ocr_plan(
        ranges: &[PageRange],
        mode: OcrMode,
    ) -> (Vec<(usize, &PageScan)>, Option<ocr::Script>) {
        let mut wanted = Vec::new();
        let mut text = String::new();
        for range in ranges {
            for (i, scan) in range.scans.iter().enumerate() {
                let take = match mode {
                    OcrMode::Never => false,
                    OcrMode::Auto => scan.images > 0 && scan.quality.is_some(),
                    OcrMode::Always => scan.images > 0,
                };
                if take {
                    wanted.push((range.first + i, scan));
                } else if scan.quality.is_none() && text.len() < 20_000 {
                    text.push_str(&scan.text_sample);
                    text.push('\n');
                }
            }
        }
        wanted.sort_by_key(|(i, _)| *i);
        (wanted, ocr::script_of_text(&text))
    }

    /// Reads by OCR the pages that need it under `mode` (see [`super::read_scans`]),
    /// through `pool`: a result per page read, for [`PdfDocument::finish_with_ocr`].
    pub fn ocr(
        &self,
        ranges: &[PageRange],
        mode: OcrMode,
        pool: &dyn super::PageMap,
    ) -> Vec<(usize, Result<OcrPage, ExtractError>)> {
        let (wanted, hint) = Self::ocr_plan(ranges, mode);
        if wanted.is_empty() {
            return Vec::new();
        }
        let read = |k: usize, scripts: &[ocr::Script]| -> Result<Vec<OcrPage>, ExtractError> {
            let Some((_, scan)) = wanted.get(k) else {
                return Err(ExtractError::malformed("internal: no such page to read"));
            };
            let Some((source, width)) = &scan.image else {
                return Err(ExtractError::unsupported("no page image found"));
            };
            let engine = ocr::engine_for(hint)?;
            let mut budget = self.budget.share();
            let image = images::page_image(&self.doc, source, *width, &mut budget)
                .map_err(ExtractError::unsupported)?;
            engine.read(&image, scripts, self.budget.deadline)
        };
        let results = super::read_scans(wanted.len(), hint, &read, pool);
        wanted
            .iter()
            .zip(results)
            .map(|((index, _), result)| {
                (
                    *index,
                    result.and_then(|pages| {
                        pages.into_iter().next().ok_or_else(|| {
                            ExtractError::malformed("ocr failed: tesseract read no page")
                        })
                    }),
                )
            })
            .collect()
    }

    /// [`PdfDocument::finish`] with the pages read by OCR: a page read with some text
    /// takes the OCR'd lines instead of its own (and loses its quality warning); a page
    /// whose OCR failed keeps its warning and gains `page N: not read by ocr: …`.
    ///
    /// # Errors
    /// As [`PdfDocument::finish`]; `unsupported` when a page needs OCR and the engine or
    /// a language pack is missing, naming the pages and the Debian packages to install —
    /// also when other pages have text: `--ocr auto` and `always` promise the scanned
    /// pages are read, and a contract whose signature page or annex went unread is not
    /// assessed (`--ocr never` reads the text pages only); `limit` when no page has text
    /// and the time budget ran out before OCR read one.
    pub fn finish_with_ocr(
        self,
        mut ranges: Vec<PageRange>,
        read: Vec<(usize, Result<OcrPage, ExtractError>)>,
    ) -> Result<Extracted, ExtractError> {
        ranges.sort_by_key(|r| r.first);
        let total = self.pages.len();
        let mut ocr_info = Vec::new();
        let mut out_of_time: Option<ExtractError> = None;
        let mut no_engine: Option<(ExtractError, Vec<usize>)> = None;
        for (index, result) in read {
            let Some(range) = ranges
                .iter_mut()
                .find(|r| (r.first..r.first + r.lines.len()).contains(&index))
            else {
                continue;
            };
            let local = index - range.first;
            let n = index + 1;
            let quality = range.scans.get(local).and_then(|s| s.quality.clone());
            match result {
                Ok(page) if page.chars() > 0 => {
                    if page.turned != 0 {
                        range.warnings.push(ocr::turned_warning(n, page.turned));
                    }
                    if let Some(lines) = range.lines.get_mut(local) {
                        *lines = page.lines.iter().map(layout::Line::from_ocr).collect();
                    }
                    if let Some(q) = quality {
                        range.warnings.retain(|w| *w != q);
                    }
                    ocr_info.push(OcrInfo {
                        page: n as u32,
                        language: page.language.clone(),
                        confidence: (page.confidence * 100.0).round() / 100.0,
                        words: page.words,
                    });
                }
                Ok(page) => {
                    if let Some(q) = quality {
                        range.warnings.retain(|w| *w != q);
                    }
                    range.warnings.push(format!(
                        "page {n}: ocr found no text on the page image ({})",
                        page.language
                    ));
                }
                Err(e) if ocr::is_missing_engine(&e) => {
                    no_engine.get_or_insert_with(|| (e, Vec::new())).1.push(n);
                }
                Err(e) => {
                    if e.kind == ErrorKind::LimitExceeded {
                        out_of_time.get_or_insert_with(|| e.clone());
                    }
                    range
                        .warnings
                        .push(format!("page {n}: not read by ocr: {}", e.message));
                }
            }
        }
        let mut extracted = self.finish_ranges(ranges)?;
        if let Some((e, pages)) = no_engine {
            let escape = if extracted.blocks.is_empty() {
                ""
            } else {
                " (or --ocr never to read the text pages only)"
            };
            let verb = if pages.len() == 1 { "needs" } else { "need" };
            return Err(ExtractError::unsupported(format!(
                "{} of {total} {verb} ocr: {}{escape}",
                page_list(&pages),
                e.message
            )));
        }
        if extracted.blocks.is_empty() {
            if let Some(e) = out_of_time {
                return Err(e);
            }
        }
        extracted.ocr = ocr_info;
        Ok(extracted)
    }

    fn finish_ranges(self, mut ranges: Vec<PageRange>) -> Result<Extracted, ExtractError> {
        ranges.sort_by_key(|r| r.first);
        let total = self.pages.len();
        let mut warnings = Vec::new();
        let mut page_lines: Vec<Vec<layout::Line>> = Vec::with_capacity(total);
        let mut undecoded_pages = 0usize;
        let mut missing_pages = 0usize;
        let mut stopped_early = false;
        for range in ranges {
            if range.first != page_lines.len() {
                return Err(ExtractError::malformed(format!(
                    "internal: page ranges do not cover the document (gap before page {})",
                    page_lines.len() + 1
                )));
            }
            warnings.extend(range.warnings);
            undecoded_pages += range.undecoded_pages;
            missing_pages += range.missing_pages;
            let mut lines = range.lines;
            let Some(e) = range.stopped else {
                page_lines.append(&mut lines);
                continue;
            };
            // The range stopped at its last page: keep what came before, unless nothing did.
            let partial = lines.pop().unwrap_or_default();
            page_lines.append(&mut lines);
            if e.kind != ErrorKind::LimitExceeded || page_lines.iter().all(Vec::is_empty) {
                return Err(e);
            }
            let index = page_lines.len();
            warnings.push(format!(
                "page {}: unreadable, {} ({} of {total} pages not read)",
                index + 1,
                e.message,
                total - index,
            ));
            page_lines.push(partial);
            stopped_early = true;
            break;
        }
        if page_lines.len() != total && !stopped_early {
            return Err(ExtractError::malformed(format!(
                "internal: page ranges cover {} of {total} pages",
                page_lines.len()
            )));
        }
        if missing_pages == total {
            // Not a scan without text: the page tree points at nothing readable.
            return Err(ExtractError::malformed(format!(
                "no page object could be read ({total} page(s) listed)"
            )));
        }
        let blocks = layout::blocks(&page_lines);
        if blocks.is_empty() {
            let why = if undecoded_pages > 0 {
                "fonts carry no unicode mapping"
            } else {
                "no page has extractable text (scanned document?)"
            };
            warnings.push(format!("no text layer: {why}"));
        }
        Ok(Extracted {
            pages: Some(total as u32),
            blocks,
            warnings,
            ocr: Vec::new(),
        })
    }
}

/// Page numbers (1-based, ascending) as `page 3` or `pages 1–4, 7`.
fn page_list(pages: &[usize]) -> String {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &n in pages {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == n => *last = n,
            _ => runs.push((n, n)),
        }
    }
    let text: Vec<String> = runs
        .iter()
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}–{b}")
            }
        })
        .collect();
    let noun = if pages.len() == 1 { "page" } else { "pages" };
    format!("{noun} {}", text.join(", "))
}

/// Paragraph blocks of pages read by OCR (image files), laid out as PDF pages are.
pub(crate) fn ocr_blocks(pages: &[OcrPage]) -> Vec<crate::model::Block> {
    let lines: Vec<Vec<layout::Line>> = pages
        .iter()
        .map(|p| p.lines.iter().map(layout::Line::from_ocr).collect())
        .collect();
    layout::blocks(&lines)
}

/// What OCR needs to know of one page read from its text layer.
#[derive(Debug, Default)]
struct PageScan {
    /// Images the page draws.
    images: usize,
    /// The image drawn largest, and its width on the page.
    image: Option<(images::PageImage, f32)>,
    /// The page's quality warning (no text layer, garbled), when it has one.
    quality: Option<String>,
    /// The start of its text, for the document's script.
    text_sample: String,
}

/// Fewer characters than this over a page-size image read as a scan with a stamp.
const FEW_CHARS: usize = 80;

/// The quality warning for one page, if its text is missing or cannot be trusted. Every
/// warning starts with `page N:` and names the page `no text layer` or `unreadable`, the
/// words the risk stage turns into a partly-unreadable finding.
fn page_quality(n: usize, text: &PageText, lines: &[layout::Line], area: f32) -> Option<String> {
    if lines.is_empty() {
        return if text.undecoded > 0 {
            Some(format!(
                "page {n}: garbled text ({} glyphs without unicode mapping), unreadable",
                text.undecoded
            ))
        } else if text.images > 0 {
            Some(format!("page {n}: no text layer (scanned image?)"))
        } else {
            None
        };
    }
    let mut joined = String::new();
    for line in lines {
        joined.push_str(&line.text);
        joined.push('\n');
    }
    let counts = quality::Counts::of(&joined);
    let mut reasons: Vec<String> = counts.verdict().into_iter().collect();
    // Undecoded glyphs leave no text behind, so they are weighed against the decoded ones.
    if text.undecoded > 0 && text.undecoded * 10 >= counts.chars.max(1) {
        reasons.push(format!("{} glyphs without unicode mapping", text.undecoded));
    }
    if reasons.is_empty() {
        // A scan with a stamp or page number laid over it: a few words on a page-size image.
        if counts.chars < FEW_CHARS && text.image_area >= 0.5 * area {
            return Some(format!(
                "page {n}: no text layer (scanned image?) beyond {} characters",
                counts.chars
            ));
        }
        return None;
    }
    Some(format!(
        "page {n}: garbled text ({}), unreadable",
        reasons.join(", ")
    ))
}

/// Loads the document, decrypting with the empty password or `options.password`.
fn load(bytes: &[u8], options: &ExtractOptions) -> Result<Document, ExtractError> {
    match load_with(bytes, options, false) {
        Err(e) if e.kind == ErrorKind::Encrypted => {
            // lopdf decrypts only when the trailer's /Encrypt is a reference; retry files
            // that write the dictionary inline (cpdf and some older producers).
            match hoist_inline_encrypt(bytes) {
                Some(patched) => load_with(&patched, options, true).map_err(|_| e),
                None => Err(e),
            }
        }
        other => other,
    }
}

fn load_with(
    bytes: &[u8],
    options: &ExtractOptions,
    force_reconstruct: bool,
) -> Result<Document, ExtractError> {
    let load_options = LoadOptions {
        password: options.password.clone(),
        max_decompressed_size: Some(
            usize::try_from(options.max_decompressed_bytes).unwrap_or(usize::MAX),
        ),
        force_reconstruct,
        ..LoadOptions::default()
    };
    let needs_password = || {
        if options.password.is_some() {
            ExtractError::encrypted("document is encrypted and the given password does not open it")
        } else {
            ExtractError::encrypted("document is encrypted and needs a password")
        }
    };
    match Document::load_mem_with_options(bytes, load_options) {
        Ok(doc) => {
            if doc.trailer.get(b"Encrypt").is_ok() && doc.encryption_state.is_none() {
                return Err(needs_password());
            }
            Ok(doc)
        }
        Err(lopdf::Error::InvalidPassword) => Err(needs_password()),
        Err(lopdf::Error::Decryption(e)) => Err(ExtractError::encrypted(format!(
            "cannot decrypt document: {}",
            one_line(&e.to_string())
        ))),
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => Err(
            ExtractError::limit("decompressed stream data exceeds the per-document budget"),
        ),
        Err(e) => Err(ExtractError::malformed(format!(
            "cannot parse pdf: {}",
            one_line(&e.to_string())
        ))),
    }
}

/// Object number given to a hoisted /Encrypt dictionary (below lopdf's reconstruction cap).
const HOISTED_ENCRYPT_ID: u32 = 999_000;

/// Rewrites a file whose last trailer holds `/Encrypt << … >>` inline so that the
/// dictionary becomes indirect object [`HOISTED_ENCRYPT_ID`], placed before the trailer.
/// The result is meant for a reconstructing load (offsets are not fixed up).
fn hoist_inline_encrypt(bytes: &[u8]) -> Option<Vec<u8>> {
    let trailer = bytes.windows(7).rposition(|w| w == b"trailer")?;
    let key = trailer
        + bytes
            .get(trailer..)?
            .windows(8)
            .position(|w| w == b"/Encrypt")?;
    let mut start = key + 8;
    while bytes.get(start).is_some_and(u8::is_ascii_whitespace) {
        start += 1;
    }
    if bytes.get(start..start + 2)? != b"<<" {
        return None;
    }
    // Find the matching >>, skipping literal strings (which may hold any bytes).
    let mut depth = 0usize;
    let mut i = start;
    let end = loop {
        match bytes.get(i)? {
            b'(' => {
                let mut nest = 0usize;
                loop {
                    match bytes.get(i)? {
                        b'\\' => i += 1,
                        b'(' => nest += 1,
                        b')' => {
                            nest -= 1;
                            if nest == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
            }
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                depth += 1;
                i += 2;
            }
            b'>' if bytes.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                i += 2;
                if depth == 0 {
                    break i;
                }
            }
            _ => i += 1,
        }
    };
    let mut out = Vec::with_capacity(bytes.len() + 64);
    out.extend_from_slice(bytes.get(..trailer)?);
    out.extend_from_slice(format!("\n{HOISTED_ENCRYPT_ID} 0 obj\n").as_bytes());
    out.extend_from_slice(bytes.get(start..end)?);
    out.extend_from_slice(b"\nendobj\n");
    out.extend_from_slice(bytes.get(trailer..key)?);
    out.extend_from_slice(format!("/Encrypt {HOISTED_ENCRYPT_ID} 0 R").as_bytes());
    out.extend_from_slice(bytes.get(end..)?);
    Some(out)
}

/// Page objects in order: the page tree, or, when it yields nothing (damaged files), every
/// `/Type /Page` dictionary in object order.
fn page_ids(doc: &Document) -> Vec<ObjectId> {
    // A page tree that loops back on itself lists the same page again: each page counts
    // once, in the order first reached.
    let mut seen = std::collections::HashSet::new();
    let pages: Vec<ObjectId> = doc
        .page_iter()
        .take(MAX_PAGES)
        .filter(|id| seen.insert(*id))
        .collect();
    if !pages.is_empty() {
        return pages;
    }
    doc.objects
        .iter()
        .filter(|(_, o)| {
            as_dict(doc, o)
                .is_some_and(|d| matches!(d.get(b"Type"), Ok(Object::Name(n)) if n == b"Page"))
        })
        .map(|(id, _)| *id)
        .collect()
}

/// Pages one document may have; a page tree that lists more is read up to here.
const MAX_PAGES: usize = 100_000;

struct PageAttrs<'d> {
    resources: Option<&'d Dictionary>,
    rotate: i64,
    /// Area of `/MediaBox` (US Letter when missing or degenerate).
    area: f32,
}

/// `/Resources` and `/Rotate`, inherited through `/Parent` (at most 64 levels).
fn inherited<'d>(doc: &'d Document, page: &'d Dictionary) -> PageAttrs<'d> {
    let mut attrs = PageAttrs {
        resources: None,
        rotate: 0,
        area: 612.0 * 792.0,
    };
    let mut rotate = None;
    let mut media_box = None;
    let mut node = Some(page);
    for _ in 0..64 {
        let Some(d) = node else { break };
        if attrs.resources.is_none() {
            attrs.resources = get_dict(doc, d, b"Resources");
        }
        if rotate.is_none() {
            rotate = d.get(b"Rotate").ok().and_then(|o| number(doc, o));
        }
        if media_box.is_none() {
            media_box = objects::get_array(doc, d, b"MediaBox").map(|a| objects::numbers(doc, a));
        }
        if attrs.resources.is_some() && rotate.is_some() && media_box.is_some() {
            break;
        }
        node = get_dict(doc, d, b"Parent");
    }
    attrs.rotate = rotate.unwrap_or(0.0) as i64;
    if let Some([x0, y0, x1, y1]) = media_box.as_deref() {
        let area = ((x1 - x0) * (y1 - y0)).abs();
        if area.is_finite() && area >= 1.0 {
            attrs.area = area;
        }
    }
    attrs
}

/// The page's content streams, decoded and joined. A stream that cannot be decoded becomes a
/// warning; running out of budget is an error.
fn page_content(
    doc: &Document,
    page: &Dictionary,
    budget: &mut Budget,
    n: usize,
    warnings: &mut Vec<String>,
) -> Result<Vec<u8>, ExtractError> {
    let mut out = Vec::new();
    let streams: Vec<&Object> = match get(doc, page, b"Contents") {
        Some(Object::Array(items)) => items.iter().collect(),
        Some(o @ Object::Stream(_)) => vec![o],
        _ => Vec::new(),
    };
    for item in streams {
        let Object::Stream(stream) = objects::resolve(doc, item) else {
            continue;
        };
        match decode_stream(doc, stream, budget) {
            Ok(data) => {
                // The same stream listed many times must not add up without bound.
                if (out.len() + data.len()) as u64 > objects::MAX_STREAM_BYTES {
                    return Err(ExtractError::limit(
                        "page content streams decompress to more than 64 MiB together",
                    ));
                }
                out.extend_from_slice(&data);
                out.push(b'\n');
            }
            Err(e) if e.kind == ErrorKind::LimitExceeded => return Err(e),
            Err(e) => warnings.push(format!("page {n}: {}", e.message)),
        }
    }
    Ok(out)
}

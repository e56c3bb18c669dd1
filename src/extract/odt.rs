//! OpenDocument text (`.odt`, `.ott`) extraction: `content.xml` and the master pages of
//! `styles.xml`, read in one streaming pass each from the zip package (`package.rs`,
//! with the decompression and XML budgets the DOCX reader has).
//!
//! What the text is: paragraphs and headings (`text:p`, `text:h`, in lists too), table
//! cells as table blocks, text boxes (`draw:text-box`) as text-box blocks right after the
//! paragraph that anchors them, notes (`text:note`, footnote or endnote by
//! `text:note-class`; the citation mark dropped) and annotations as their own blocks after
//! the body, and the headers and footers of the master pages (identical ones once).
//! `text:s` is its count of spaces, `text:tab` a tab, `text:line-break` a line break;
//! tracked deletions (`text:tracked-changes`), index templates, form and shape
//! descriptions carry no document text and are skipped. A list item's first paragraph
//! gets the list number as its label (`lists`), or the `text:number` the writer stored.
//!
//! This module never prints and never panics on document data: XML that breaks off keeps
//! the text read before the break with a warning (a `content.xml` without any element is
//! `malformed`), budgets are fatal.

use std::collections::HashSet;
use std::mem;

use quick_xml::events::{BytesStart, Event};

use super::ExtractOptions;
use super::package::{Package, XmlBudget, XmlFailure, attr, resolve_ref, xml_reader};
use lists::Lists;

mod lists;
use crate::error::ExtractError;
use crate::model::{Block, BlockKind, Extracted};

/// Mime types of OpenDocument text documents and templates.
const TEXT_MIMETYPES: [&str; 3] = [
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.text-template",
    "application/vnd.oasis.opendocument.text-master",
];

/// Extracts located paragraphs from an OpenDocument text package.
///
/// # Errors
/// `malformed` when the bytes are not a zip package or have no readable `content.xml`;
/// `unsupported` for an OpenDocument file that is not a text document (a spreadsheet,
/// a presentation); `limit-exceeded` when a member breaks the decompression budget, XML
/// nests deeper than the budget, or the package holds more elements than allowed.
pub fn extract(bytes: &[u8], options: &ExtractOptions) -> Result<Extracted, ExtractError> {
    let mut package = Package::open(bytes, "odt", options)?;
    if let Some(mime) = package.read("mimetype")? {
        let mime = String::from_utf8_lossy(&mime);
        let mime = mime.trim();
        if !TEXT_MIMETYPES.contains(&mime) {
            return Err(ExtractError::unsupported(format!(
                "opendocument file of type {mime} is not a text document"
            )));
        }
    }
    if package.contains("META-INF/encryption.xml")
        || package
            .read("META-INF/manifest.xml")?
            .is_some_and(|m| contains(&m, b"encryption-data"))
    {
        return Err(ExtractError::encrypted("odt is password-protected"));
    }
    let mut warnings = Vec::new();
    let mut lists = Lists::default();
    // Styles first: the content's lists number by the list styles defined there.
    let styles = match package.read("styles.xml")? {
        Some(data) => {
            let part = read_part(&data, true, &mut lists, &mut package.xml)
                .map_err(|f| f.into_error("styles.xml"))?;
            if let Some(damage) = &part.damage {
                warnings.push(format!("styles.xml: {damage}; rest of the part skipped"));
            }
            part
        }
        None => Part::default(),
    };
    let data = package
        .read("content.xml")?
        .ok_or_else(|| ExtractError::malformed("odt: content.xml is missing"))?;
    let content = read_part(&data, false, &mut lists, &mut package.xml)
        .map_err(|f| f.into_error("content.xml"))?;
    drop(data);
    if !content.has_elements {
        let reason = content.damage.as_deref().unwrap_or("no xml elements");
        return Err(ExtractError::malformed(format!("content.xml: {reason}")));
    }
    if let Some(damage) = &content.damage {
        if content.body.is_empty() {
            return Err(ExtractError::malformed(format!("content.xml: {damage}")));
        }
        warnings.push(format!("content.xml: {damage}; text after it is missing"));
    }

    let mut blocks = content.body;
    for kind in [BlockKind::Header, BlockKind::Footer] {
        let mut seen = HashSet::new();
        for story in styles.stories.iter().filter(|s| s.0 == kind) {
            let key: Vec<&str> = story.1.iter().map(|b| b.text.as_str()).collect();
            if !story.1.is_empty() && seen.insert(key.join("\n")) {
                blocks.extend(story.1.iter().cloned());
            }
        }
    }
    for kind in [BlockKind::Footnote, BlockKind::Endnote, BlockKind::Comment] {
        blocks.extend(content.notes.iter().filter(|b| b.kind == kind).cloned());
    }
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

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// What one part yielded.
#[derive(Debug, Default)]
struct Part {
    /// Body blocks (text boxes after their anchor), in reading order.
    body: Vec<Block>,
    /// Note and annotation blocks, in reading order.
    notes: Vec<Block>,
    /// Header and footer stories (`styles.xml`), each with its blocks.
    stories: Vec<(BlockKind, Vec<Block>)>,
    damage: Option<String>,
    has_elements: bool,
}

/// Elements on the open-element stack that the reader acts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tag {
    Paragraph,
    Cell,
    TextBox,
    /// `text:note-body` of a footnote or an endnote.
    Note(BlockKind),
    Annotation,
    /// A header or footer of a master page.
    Story(BlockKind),
    /// `text:number`: the list label of the paragraph.
    Number,
    List,
    ListStyle,
    Other,
}

#[derive(Debug, Default)]
struct Paragraph {
    text: String,
    label: String,
    /// The list number of the list item this paragraph opens.
    list_label: Option<String>,
    kind: BlockKind,
}

/// A `text:list-item` whose first paragraph has not opened yet.
#[derive(Clone, Copy, Debug)]
struct ListItem {
    /// Its `text:start-value`.
    start: Option<u32>,
}

struct Reader<'l> {
    lists: &'l mut Lists,
    /// A list item just opened, waiting for its first paragraph: an item that opens with
    /// a nested list instead is not counted.
    item: Option<ListItem>,
    /// Reading `styles.xml`: only header and footer text counts.
    styles: bool,
    stack: Vec<Tag>,
    paragraphs: Vec<Paragraph>,
    /// Blocks of paragraphs nested in an open one (text boxes), waiting for it.
    deferred: Vec<Block>,
    /// The note class of the `text:note` being read.
    note_class: BlockKind,
    part: Part,
}

/// Elements whose subtree holds no document text (`parent` is the innermost element the
/// reader acts on): an annotation's author and date, a shape's title and description.
fn skipped(e: &BytesStart<'_>, parent: Option<Tag>) -> bool {
    let name = e.local_name();
    let name = name.as_ref();
    let qname = e.name();
    let prefix = qname.prefix().map(|p| p.into_inner().to_owned());
    if matches!(name, "creator" | "date" | "creator-initials") && parent == Some(Tag::Annotation) {
        return true;
    }
    if matches!(name, "title" | "desc") && prefix.as_deref() == Some("svg") {
        return true;
    }
    matches!(
        name,
        "tracked-changes"
            | "note-citation"
            | "sequence-decls"
            | "variable-decls"
            | "user-field-decls"
            | "forms"
            | "table-of-content-source"
            | "alphabetical-index-source"
            | "illustration-index-source"
            | "user-index-source"
            | "bibliography-source"
            | "binary-data"
            | "font-face-decls"
            | "deletion"
    )
}

/// Reads `content.xml` (or with `styles`, the master pages of `styles.xml`).
fn read_part(
    data: &[u8],
    styles: bool,
    lists: &mut Lists,
    budget: &mut XmlBudget,
) -> Result<Part, XmlFailure> {
    let max_depth = budget.max_depth;
    let mut reader = Reader {
        lists,
        item: None,
        styles,
        stack: Vec::with_capacity(32),
        paragraphs: Vec::new(),
        deferred: Vec::new(),
        note_class: BlockKind::Footnote,
        part: Part::default(),
    };
    let mut xml = xml_reader(data);
    let mut buf = Vec::with_capacity(1024);
    let mut skip = 0usize;
    loop {
        let event = match xml.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(e) => {
                if let XmlFailure::Syntax(message) = XmlFailure::syntax(&xml, &e) {
                    reader.part.damage = Some(message);
                }
                break;
            }
        };
        match event {
            Event::Start(e) => {
                reader.part.has_elements = true;
                if reader.stack.len() + skip >= max_depth {
                    return Err(XmlFailure::TooDeep(max_depth));
                }
                budget.element()?;
                if skip > 0 {
                    skip += 1;
                } else if skipped(&e, reader.stack.last().copied()) {
                    skip = 1;
                } else {
                    let tag = reader.open(&e);
                    reader.stack.push(tag);
                }
            }
            Event::Empty(e) => {
                reader.part.has_elements = true;
                budget.element()?;
                if skip == 0 && !skipped(&e, reader.stack.last().copied()) {
                    let tag = reader.open(&e);
                    reader.close(tag);
                }
            }
            Event::End(_) => {
                if skip > 0 {
                    skip -= 1;
                } else if let Some(tag) = reader.stack.pop() {
                    reader.close(tag);
                }
            }
            Event::Text(t) if skip == 0 => reader.append(&t.xml10_content()),
            Event::CData(t) if skip == 0 => reader.append(&t.xml10_content()),
            Event::GeneralRef(r) if skip == 0 => {
                if let Some(s) = resolve_ref(&r) {
                    reader.append(&s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    while !reader.paragraphs.is_empty() {
        reader.finish_paragraph();
    }
    let mut part = reader.part;
    part.body.append(&mut reader.deferred);
    Ok(part)
}

impl Reader<'_> {
    fn open(&mut self, e: &BytesStart<'_>) -> Tag {
        match e.local_name().as_ref() {
            "p" | "h" => {
                let kind = self.kind();
                self.paragraphs.push(Paragraph {
                    kind,
                    list_label: self
                        .item
                        .take()
                        .and_then(|item| self.lists.item(item.start)),
                    ..Paragraph::default()
                });
                Tag::Paragraph
            }
            "list-style" => {
                self.lists.style_element(e);
                Tag::ListStyle
            }
            "list-level-style-number" | "list-level-style-bullet" => {
                self.lists.style_element(e);
                Tag::Other
            }
            "list" => {
                self.item = None;
                self.lists.open(e);
                Tag::List
            }
            "list-item" => {
                self.item = Some(ListItem {
                    start: attr(e, "start-value").and_then(|v| v.trim().parse().ok()),
                });
                Tag::Other
            }
            "list-header" => {
                self.item = None;
                Tag::Other
            }
            "table-cell" | "covered-table-cell" => Tag::Cell,
            "text-box" => Tag::TextBox,
            "note" => {
                self.note_class = match attr(e, "note-class").as_deref() {
                    Some("endnote") => BlockKind::Endnote,
                    _ => BlockKind::Footnote,
                };
                Tag::Other
            }
            "note-body" => Tag::Note(self.note_class),
            "annotation" => Tag::Annotation,
            "header" | "header-left" | "header-first" if self.styles => {
                Tag::Story(BlockKind::Header)
            }
            "footer" | "footer-left" | "footer-first" if self.styles => {
                Tag::Story(BlockKind::Footer)
            }
            "number" => Tag::Number,
            "s" => {
                let n = attr(e, "c")
                    .and_then(|c| c.trim().parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, 256);
                self.append_raw(&" ".repeat(n));
                Tag::Other
            }
            "tab" => {
                self.append_raw("\t");
                Tag::Other
            }
            "line-break" => {
                self.append_raw("\n");
                Tag::Other
            }
            _ => Tag::Other,
        }
    }

    fn close(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph => self.finish_paragraph(),
            Tag::List => self.lists.close(),
            Tag::ListStyle => self.lists.style_end("list-style"),
            Tag::Story(kind) => {
                let blocks = mem::take(&mut self.part.body);
                self.part.stories.push((kind, blocks));
            }
            _ => {}
        }
    }

    /// The kind of a paragraph opened now.
    fn kind(&self) -> BlockKind {
        let mut kind = BlockKind::Body;
        for tag in &self.stack {
            kind = match (*tag, kind) {
                (Tag::Annotation, _) => BlockKind::Comment,
                (Tag::TextBox, BlockKind::Body | BlockKind::Table) => BlockKind::TextBox,
                (Tag::Cell, BlockKind::Body) => BlockKind::Table,
                (Tag::Note(k) | Tag::Story(k), _) | (_, k) => k,
            };
        }
        kind
    }

    fn in_number(&self) -> bool {
        self.stack.last() == Some(&Tag::Number)
    }

    /// Element text: XML whitespace (line ends, tabs) counts as a space.
    fn append(&mut self, text: &str) {
        if text.contains(['\n', '\r', '\t']) {
            let cleaned: String = text
                .chars()
                .map(|c| {
                    if matches!(c, '\n' | '\r' | '\t') {
                        ' '
                    } else {
                        c
                    }
                })
                .collect();
            self.append_raw(&cleaned);
        } else {
            self.append_raw(text);
        }
    }

    fn append_raw(&mut self, text: &str) {
        let number = self.in_number();
        if let Some(p) = self.paragraphs.last_mut() {
            if number {
                p.label.push_str(text);
            } else {
                p.text.push_str(text);
            }
        }
    }

    fn finish_paragraph(&mut self) {
        let Some(p) = self.paragraphs.pop() else {
            return;
        };
        let outermost = self.paragraphs.is_empty();
        let text = p.text.trim();
        let keep = !text.is_empty() && (!self.styles || self.inside_story());
        if keep {
            // A number the writer stored wins over the one counted here.
            let label = p.label.trim();
            let label = if label.is_empty() {
                p.list_label
            } else {
                Some(label.to_owned())
            };
            let block = Block {
                text: text.to_owned(),
                kind: p.kind,
                page: None,
                paragraph: 0,
                label,
            };
            match block.kind {
                BlockKind::Footnote | BlockKind::Endnote | BlockKind::Comment => {
                    self.part.notes.push(block);
                }
                _ if outermost => self.part.body.push(block),
                _ => self.deferred.push(block),
            }
        }
        if outermost {
            self.part.body.append(&mut self.deferred);
        }
    }

    fn inside_story(&self) -> bool {
        self.stack.iter().any(|t| matches!(t, Tag::Story(_)))
    }
}

#[cfg(test)]
mod tests;

//! `WordprocessingML` paragraphs: one streaming pass over a story part (the main document,
//! a header, footer, footnotes, endnotes or comments) that yields one [`Block`] per
//! non-empty `w:p`, with its list label.
//!
//! What the text is: the accepted view of tracked changes (`w:ins`, `w:moveTo` kept;
//! `w:del`, `w:moveFrom` dropped; a deleted paragraph mark joins the paragraph to the next;
//! a deleted table row disappears), the displayed result of fields (no `w:instrText`),
//! content controls, hyperlinks and smart tags read through, `mc:Choice` read and
//! `mc:Fallback` skipped, text-box paragraphs emitted as their own blocks right after the
//! paragraph that anchors them. This module reads one part's bytes; it never opens the
//! package and never decides which parts exist.

use std::mem;

use quick_xml::events::{BytesStart, Event};

use super::numbering::{Lists, ParagraphNumbering};
use crate::extract::package::{XmlBudget, XmlFailure, attr, resolve_ref, xml_reader};
use crate::model::{Block, BlockKind};

/// What one story part yielded.
#[derive(Debug, Default)]
pub(super) struct Story {
    /// Blocks in reading order; `paragraph` is left 0 for the caller to number.
    pub blocks: Vec<Block>,
    /// `r:id`s of `w:headerReference` and `w:footerReference`, in document order.
    pub header_refs: Vec<String>,
    pub footer_refs: Vec<String>,
    /// `w:lastRenderedPageBreak` elements seen (pages as Word last laid them out).
    pub rendered_page_breaks: u32,
    /// Where the XML stopped being well-formed; the blocks hold the text before it.
    pub damage: Option<String>,
    /// Whether the part had any element at all.
    pub has_elements: bool,
}

/// Elements on the open-element stack that the parser acts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tag {
    P,
    R,
    T,
    PPr,
    RPr,
    NumPr,
    Tbl,
    Tr,
    TrPr,
    TextBox,
    Other,
}

/// A paragraph being read.
#[derive(Debug, Default)]
struct Paragraph {
    text: String,
    kind: BlockKind,
    page: Option<u32>,
    numbering: ParagraphNumbering,
    mark_deleted: bool,
}

struct Parser<'l> {
    lists: &'l mut Lists,
    part_kind: BlockKind,
    stack: Vec<Tag>,
    paragraphs: Vec<Paragraph>,
    /// One flag per open `w:tr`: whether the row is a tracked deletion.
    rows: Vec<bool>,
    tables: usize,
    text_boxes: usize,
    /// One entry per open complex field: whether its result part (after `separate`) began.
    fields: Vec<bool>,
    /// Text of paragraphs whose mark was deleted, waiting for the next paragraph.
    carry: String,
    /// Text-box blocks waiting for their anchoring paragraph to be emitted.
    deferred: Vec<Block>,
    page: u32,
    story: Story,
}

/// Reads one story part.
///
/// XML that stops being well-formed ends the part early: the text before the error is
/// kept and [`Story::damage`] says where.
///
/// # Errors
/// [`XmlFailure::TooDeep`] when elements nest deeper than the budget's depth,
/// [`XmlFailure::OverBudget`] when the package's element or time budget runs out.
pub(super) fn read_story(
    data: &[u8],
    part_kind: BlockKind,
    lists: &mut Lists,
    budget: &mut XmlBudget,
) -> Result<Story, XmlFailure> {
    let max_depth = budget.max_depth;
    let mut parser = Parser {
        lists,
        part_kind,
        stack: Vec::with_capacity(32),
        paragraphs: Vec::new(),
        rows: Vec::new(),
        tables: 0,
        text_boxes: 0,
        fields: Vec::new(),
        carry: String::new(),
        deferred: Vec::new(),
        page: 1,
        story: Story::default(),
    };
    let mut reader = xml_reader(data);
    let mut buf = Vec::with_capacity(1024);
    // Depth of the subtree being skipped (deleted text, fallbacks, instructions), 0 if none.
    let mut skip = 0usize;
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(e) => {
                if let XmlFailure::Syntax(message) = XmlFailure::syntax(&reader, &e) {
                    parser.story.damage = Some(message);
                }
                break;
            }
        };
        match event {
            Event::Start(e) => {
                parser.story.has_elements = true;
                if parser.stack.len() + skip >= max_depth {
                    return Err(XmlFailure::TooDeep(max_depth));
                }
                budget.element()?;
                if skip > 0 {
                    skip += 1;
                } else if parser.skipped(&e) {
                    skip = 1;
                } else {
                    let tag = parser.open(&e, false);
                    parser.push(tag);
                }
            }
            Event::Empty(e) => {
                budget.element()?;
                if skip == 0 && !parser.skipped(&e) {
                    parser.open(&e, true);
                }
            }
            Event::End(_) => {
                if skip > 0 {
                    skip -= 1;
                } else if let Some(tag) = parser.stack.pop() {
                    parser.close(tag);
                }
            }
            Event::Text(t) if skip == 0 && parser.in_text() => {
                parser.append(&t.xml10_content());
            }
            Event::CData(t) if skip == 0 && parser.in_text() => {
                parser.append(&t.xml10_content());
            }
            Event::GeneralRef(r) if skip == 0 && parser.in_text() => {
                if let Some(s) = resolve_ref(&r) {
                    parser.append(&s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    // A truncated part may leave paragraphs open: keep what they hold.
    while !parser.paragraphs.is_empty() {
        parser.finish_paragraph();
    }
    parser.story.blocks.append(&mut parser.deferred);
    Ok(parser.story)
}

impl Parser<'_> {
    fn parent(&self) -> Option<Tag> {
        self.stack.last().copied()
    }

    fn grandparent(&self) -> Option<Tag> {
        self.stack
            .len()
            .checked_sub(2)
            .and_then(|i| self.stack.get(i))
            .copied()
    }

    fn in_text(&self) -> bool {
        self.parent() == Some(Tag::T)
    }

    /// Whether the element's subtree is left out of the accepted view. Markers among them
    /// (a deleted paragraph mark, a deleted row) are recorded here.
    fn skipped(&mut self, e: &BytesStart<'_>) -> bool {
        let name = e.local_name();
        let name = name.as_ref();
        match name {
            "del" | "moveFrom" => {
                if self.parent() == Some(Tag::RPr) && self.grandparent() == Some(Tag::PPr) {
                    if let Some(p) = self.paragraphs.last_mut() {
                        p.mark_deleted = true;
                    }
                } else if self.parent() == Some(Tag::TrPr)
                    && let Some(row) = self.rows.last_mut()
                {
                    *row = true;
                }
                true
            }
            "Fallback" | "delText" | "delInstrText" | "instrText" | "sdtPr" | "rt" | "fldData" => {
                true
            }
            _ => name.ends_with("Change"),
        }
    }

    /// Acts on an element start (or an empty element) and says what to push.
    fn open(&mut self, e: &BytesStart<'_>, empty: bool) -> Tag {
        let parent = self.parent();
        match e.local_name().as_ref() {
            "p" => {
                let kind = self.current_kind();
                self.paragraphs.push(Paragraph {
                    kind,
                    ..Paragraph::default()
                });
                if empty {
                    self.finish_paragraph();
                }
                return Tag::P;
            }
            "r" => return Tag::R,
            "t" => return Tag::T,
            "pPr" => return Tag::PPr,
            "rPr" => return Tag::RPr,
            "numPr" => return Tag::NumPr,
            "tbl" => return Tag::Tbl,
            "tr" => return Tag::Tr,
            "trPr" => return Tag::TrPr,
            "txbxContent" => return Tag::TextBox,
            "pStyle" if parent == Some(Tag::PPr) => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.numbering.style = attr(e, "val");
                }
            }
            "numId" if parent == Some(Tag::NumPr) => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.numbering.num_id = attr(e, "val").and_then(|v| v.trim().parse().ok());
                }
            }
            "ilvl" if parent == Some(Tag::NumPr) => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.numbering.ilvl = attr(e, "val").and_then(|v| v.trim().parse().ok());
                }
            }
            "tab" | "ptab" if parent == Some(Tag::R) => self.append("\t"),
            "br" | "cr" if parent == Some(Tag::R) => self.append("\n"),
            "noBreakHyphen" if parent == Some(Tag::R) => self.append("-"),
            "sym" if parent == Some(Tag::R) => {
                if let Some(c) = symbol(e) {
                    self.append(c.encode_utf8(&mut [0; 4]));
                }
            }
            "lastRenderedPageBreak" if self.part_kind == BlockKind::Body => {
                self.page = self.page.saturating_add(1);
                self.story.rendered_page_breaks = self.story.rendered_page_breaks.saturating_add(1);
            }
            "fldChar" => match attr(e, "fldCharType").as_deref() {
                Some("begin") => self.fields.push(false),
                Some("separate") => {
                    if let Some(f) = self.fields.last_mut() {
                        *f = true;
                    }
                }
                Some("end") => {
                    self.fields.pop();
                }
                _ => {}
            },
            "headerReference" => self.story.header_refs.extend(attr(e, "id")),
            "footerReference" => self.story.footer_refs.extend(attr(e, "id")),
            _ => {}
        }
        Tag::Other
    }

    fn push(&mut self, tag: Tag) {
        match tag {
            Tag::Tbl => self.tables += 1,
            Tag::Tr => self.rows.push(false),
            Tag::TextBox => self.text_boxes += 1,
            _ => {}
        }
        self.stack.push(tag);
    }

    fn close(&mut self, tag: Tag) {
        match tag {
            Tag::P => self.finish_paragraph(),
            Tag::Tbl => self.tables = self.tables.saturating_sub(1),
            Tag::Tr => {
                self.rows.pop();
            }
            Tag::TextBox => self.text_boxes = self.text_boxes.saturating_sub(1),
            _ => {}
        }
    }

    fn current_kind(&self) -> BlockKind {
        match self.part_kind {
            BlockKind::Body if self.text_boxes > 0 => BlockKind::TextBox,
            BlockKind::Body if self.tables > 0 => BlockKind::Table,
            kind => kind,
        }
    }

    fn append(&mut self, text: &str) {
        if !self.fields.iter().all(|&result| result) {
            return;
        }
        if let Some(p) = self.paragraphs.last_mut() {
            if p.page.is_none() && self.part_kind == BlockKind::Body {
                p.page = Some(self.page);
            }
            p.text.push_str(text);
        }
    }

    fn finish_paragraph(&mut self) {
        let Some(p) = self.paragraphs.pop() else {
            return;
        };
        // Field instructions do not cross paragraphs (results may: a table of contents).
        // Dropping unfinished instructions here keeps a dangling `begin` from hiding the
        // rest of the document.
        self.fields.retain(|&result| result);
        if self.rows.iter().any(|&deleted| deleted) {
            return;
        }
        if p.mark_deleted {
            // Word would run the two paragraphs together; a space keeps the words apart
            // (pandoc does the same).
            if !self.carry.is_empty() && !self.carry.ends_with(char::is_whitespace) {
                self.carry.push(' ');
            }
            self.carry.push_str(&p.text);
            return;
        }
        let label = self.lists.label(&p.numbering);
        let joined;
        let text = if self.carry.is_empty() {
            p.text.as_str()
        } else {
            if !self.carry.ends_with(char::is_whitespace)
                && !p.text.starts_with(char::is_whitespace)
            {
                self.carry.push(' ');
            }
            self.carry.push_str(&p.text);
            joined = mem::take(&mut self.carry);
            joined.as_str()
        };
        let text = text.trim();
        let outermost = self.paragraphs.is_empty();
        if !text.is_empty() {
            let block = Block {
                text: text.to_owned(),
                kind: p.kind,
                page: p.page,
                paragraph: 0,
                label,
            };
            if outermost {
                self.story.blocks.push(block);
            } else {
                self.deferred.push(block);
            }
        }
        if outermost {
            self.story.blocks.append(&mut self.deferred);
        }
    }
}

/// Best-effort text for `w:sym`: symbol-font bullets and checks map to Unicode look-alikes,
/// characters of ordinary fonts pass through, other pictographs are dropped.
fn symbol(e: &BytesStart<'_>) -> Option<char> {
    let code = u32::from_str_radix(attr(e, "char")?.trim(), 16).ok()?;
    let code = if (0xF000..=0xF0FF).contains(&code) {
        code - 0xF000
    } else {
        code
    };
    let font = attr(e, "font").unwrap_or_default().to_ascii_lowercase();
    if font.contains("symbol") || font.contains("wingdings") || font.contains("webdings") {
        return match code {
            0xB7 | 0x6C | 0x9F => Some('•'),
            0xA7 | 0x6E => Some('▪'),
            0xD8 => Some('➢'),
            0xFC => Some('✓'),
            0xFB => Some('✗'),
            0xA8 | 0x6F => Some('□'),
            0xFE => Some('☑'),
            _ => None,
        };
    }
    char::from_u32(code).filter(|c| !c.is_control())
}

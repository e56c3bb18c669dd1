//! RTF text extraction: one pass over the token stream (groups, control words, control
//! symbols, text) that yields located paragraphs, table cells, headers, footers, footnotes
//! and endnotes.
//!
//! What the text is: the body paragraphs (`\par`), table cells (`\cell`, `\nestcell`, or
//! any paragraph marked `\intbl`) as table blocks, header and footer destinations
//! (`\header`, `\headerl`, `\footerf`, …) as their own blocks after the body (identical ones
//! once), footnotes (`\footnote`; `\ftnalt` makes an endnote) and annotations as their own
//! blocks, and shape text (`\shptxt`) as text boxes. A list label (`\listtext`, `\pntext`)
//! becomes the block's label. Field instructions (`\fldinst`) are dropped and their
//! results (`\fldrslt`) kept; hidden text (`\v`) is dropped. Destinations that hold no
//! document text are skipped whole: the font, colour, style and list tables, document
//! information, pictures, object data, and every `\*` destination this reader does not
//! know.
//!
//! Characters: `\uN` is a UTF-16 unit (negative values wrap; surrogate pairs join), after
//! which the next `\ucN` (default 1) fallback characters are skipped; `\'hh` bytes
//! are decoded in the code page of the current font (`\fcharset` or `\cpg` in the font
//! table) or else of the document (`\ansicpg`), with runs of them decoded together so
//! double-byte code pages (GBK `\ansicpg936`, Big5, Shift-JIS) come through.
//!
//! This module never prints and never panics on document data: groups nested deeper than
//! the budget and documents that run past the time budget fail as `limit-exceeded`; a
//! file that is not RTF fails as `malformed`; a file that ends inside open groups keeps
//! the text read with a warning.

use std::collections::{BTreeMap, HashSet};
use std::time::Instant;

use encoding_rs::Encoding;

use super::ExtractOptions;
use crate::error::ExtractError;
use crate::model::{Block, BlockKind, Extracted};

/// Nesting cap used when `max_depth * 16` would be smaller than real documents need.
const MIN_GROUP_DEPTH: usize = 256;
/// Tokens read between two looks at the clock.
const DEADLINE_STRIDE: u64 = 1 << 16;

/// Extracts located paragraphs from an RTF document.
///
/// # Errors
/// `malformed` when the bytes do not start with `{\rtf`; `limit-exceeded` when groups
/// nest deeper than `options.max_depth * 16` (at least 256) or reading takes longer
/// than `options.timeout`.
pub fn extract(bytes: &[u8], options: &ExtractOptions) -> Result<Extracted, ExtractError> {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace() && !matches!(b, 0xEF | 0xBB | 0xBF))
        .unwrap_or(bytes.len());
    let body = bytes.get(start..).unwrap_or_default();
    if !body.starts_with(b"{\\rtf") {
        return Err(ExtractError::malformed(
            "not an rtf document: no {\\rtf header",
        ));
    }
    let deadline = options.timeout.and_then(|t| Instant::now().checked_add(t));
    let max_depth = options.max_depth.saturating_mul(16).max(MIN_GROUP_DEPTH);
    let mut reader = Reader::new(max_depth, deadline);
    reader.run(body)?;
    Ok(reader.finish())
}

/// What the text of a group is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dest {
    /// Document text of the group's story.
    Text,
    /// A list label (`\listtext`, `\pntext`) of the current paragraph.
    Label,
    /// The font table: font numbers and their character sets.
    FontTable,
    /// Nothing to keep.
    Skip,
}

/// Formatting and destination state, saved at `{` and restored at `}`.
#[derive(Clone, Debug)]
struct State {
    dest: Dest,
    /// Index into `Reader::stories` of the story the group's text belongs to.
    story: usize,
    /// Fallback characters to skip after `\uN`.
    uc: u32,
    /// Code page for `\'hh` bytes (the current font's, else the document's).
    encoding: Option<&'static Encoding>,
    in_table: bool,
    hidden: bool,
    /// Whether this group opened a story (its `}` finishes it).
    opens_story: bool,
    /// Inside `\upr`: the ANSI alternative is skipped, the `\ud` one read.
    in_upr: bool,
}

/// A story being read: the body, or one header, footer, note or text box.
#[derive(Debug, Default)]
struct Story {
    kind: BlockKind,
    text: String,
    label: String,
    in_table: bool,
    blocks: Vec<Block>,
}

struct Reader {
    max_depth: usize,
    deadline: Option<Instant>,
    tokens: u64,
    stack: Vec<State>,
    state: State,
    stories: Vec<Story>,
    /// Finished stories other than the body, in document order.
    done: Vec<Story>,
    default_encoding: &'static Encoding,
    fonts: BTreeMap<i32, &'static Encoding>,
    /// Font being defined in the font table.
    table_font: Option<i32>,
    /// Raw `\'hh` bytes waiting to be decoded together, with their code page.
    bytes: Vec<u8>,
    bytes_encoding: Option<&'static Encoding>,
    /// Fallback characters still to skip after a `\uN`.
    skip_chars: u32,
    /// A high surrogate from `\uN` waiting for its low half.
    high_surrogate: Option<u16>,
    /// Set by `\*`: the next control word opens a destination that may be skipped.
    starred: bool,
    /// Whether the current group has seen its first control word (destinations must be
    /// first).
    group_first: bool,
    warnings: Vec<String>,
}

impl Reader {
    fn new(max_depth: usize, deadline: Option<Instant>) -> Self {
        Reader {
            max_depth,
            deadline,
            tokens: 0,
            stack: Vec::new(),
            state: State {
                dest: Dest::Text,
                story: 0,
                uc: 1,
                encoding: None,
                in_table: false,
                hidden: false,
                opens_story: false,
                in_upr: false,
            },
            stories: vec![Story::default()],
            done: Vec::new(),
            default_encoding: encoding_rs::WINDOWS_1252,
            fonts: BTreeMap::new(),
            table_font: None,
            bytes: Vec::new(),
            bytes_encoding: None,
            skip_chars: 0,
            high_surrogate: None,
            starred: false,
            group_first: false,
            warnings: Vec::new(),
        }
    }

    fn run(&mut self, data: &[u8]) -> Result<(), ExtractError> {
        let mut i = 0usize;
        while let Some(&b) = data.get(i) {
            self.tokens += 1;
            if self.tokens % DEADLINE_STRIDE == 0
                && self.deadline.is_some_and(|d| Instant::now() >= d)
            {
                return Err(ExtractError::limit(format!(
                    "{}: rtf byte {i}",
                    super::TIME_BUDGET_EXCEEDED
                )));
            }
            match b {
                b'{' => {
                    self.flush_bytes();
                    self.skip_chars = 0;
                    if self.stack.len() >= self.max_depth {
                        return Err(ExtractError::limit(format!(
                            "rtf groups nest deeper than {}",
                            self.max_depth
                        )));
                    }
                    let mut inner = self.state.clone();
                    inner.opens_story = false;
                    self.stack.push(std::mem::replace(&mut self.state, inner));
                    self.group_first = true;
                    self.starred = false;
                    i += 1;
                }
                b'}' => {
                    self.flush_bytes();
                    self.skip_chars = 0;
                    self.close_group();
                    i += 1;
                }
                b'\\' => {
                    i = self.control(data, i + 1);
                }
                b'\r' | b'\n' => i += 1,
                _ => {
                    let end = data
                        .get(i..)
                        .and_then(|rest| {
                            rest.iter()
                                .position(|c| matches!(c, b'{' | b'}' | b'\\' | b'\r' | b'\n'))
                        })
                        .map_or(data.len(), |n| i + n);
                    for &c in data.get(i..end).unwrap_or_default() {
                        self.text_byte(c);
                    }
                    i = end;
                }
            }
        }
        self.flush_bytes();
        if !self.stack.is_empty() {
            self.warnings.push(format!(
                "rtf ends inside {} open group(s); text after the break is missing",
                self.stack.len()
            ));
            while !self.stack.is_empty() {
                self.close_group();
            }
        }
        Ok(())
    }

    fn close_group(&mut self) {
        let Some(outer) = self.stack.pop() else {
            return;
        };
        let inner = std::mem::replace(&mut self.state, outer);
        if inner.dest == Dest::FontTable {
            self.table_font = None;
        }
        if inner.opens_story {
            self.end_paragraph(inner.story);
            if let Some(story) = self.stories.get_mut(inner.story) {
                let story = std::mem::take(story);
                self.done.push(story);
            }
        }
        self.group_first = false;
        self.starred = false;
    }

    /// Reads a control word or symbol starting after its backslash; returns the index
    /// after it.
    fn control(&mut self, data: &[u8], at: usize) -> usize {
        let Some(&first) = data.get(at) else {
            return at;
        };
        if !first.is_ascii_alphabetic() {
            return self.symbol(data, at, first);
        }
        let mut end = at;
        while data.get(end).is_some_and(u8::is_ascii_alphabetic) && end - at < 32 {
            end += 1;
        }
        let word = std::str::from_utf8(data.get(at..end).unwrap_or_default()).unwrap_or("");
        let mut param: Option<i32> = None;
        let mut j = end;
        let negative =
            data.get(j) == Some(&b'-') && data.get(j + 1).is_some_and(u8::is_ascii_digit);
        if negative {
            j += 1;
        }
        let digits_start = j;
        let mut value: i64 = 0;
        while let Some(d) = data.get(j).filter(|d| d.is_ascii_digit()) {
            if j - digits_start < 10 {
                value = value * 10 + i64::from(d - b'0');
            }
            j += 1;
        }
        if j > digits_start {
            let value = if negative { -value } else { value };
            param = Some(value.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32);
        }
        if data.get(j) == Some(&b' ') {
            j += 1;
        }
        if word == "bin" {
            self.flush_bytes();
            let n = param.unwrap_or(0).max(0) as usize;
            return j.saturating_add(n).min(data.len());
        }
        self.word(word, param);
        j
    }

    /// A control symbol (`\'hh`, `\~`, `\{`, …).
    fn symbol(&mut self, data: &[u8], at: usize, symbol: u8) -> usize {
        let first = std::mem::take(&mut self.group_first);
        match symbol {
            b'\'' => {
                let hex = data
                    .get(at + 1..at + 3)
                    .and_then(|h| std::str::from_utf8(h).ok());
                let Some(byte) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) else {
                    return (at + 1).min(data.len());
                };
                if self.skip_chars > 0 {
                    self.skip_chars -= 1;
                } else if self.readable() {
                    if self.bytes_encoding != self.state.encoding {
                        self.flush_bytes();
                        self.bytes_encoding = self.state.encoding;
                    }
                    self.bytes.push(byte);
                }
                return at + 3;
            }
            b'*' => {
                self.starred = first;
                self.group_first = first;
                return at + 1;
            }
            b'\\' | b'{' | b'}' => self.put_str(char::from(symbol).encode_utf8(&mut [0; 4])),
            b'~' => self.put_str("\u{a0}"),
            b'_' => self.put_str("-"),
            b'\r' | b'\n' => self.paragraph_mark(),
            b'\t' => self.put_str("\t"),
            // An optional hyphen stays in the text as a soft hyphen (normalisation drops it).
            b'-' => self.put_str("\u{ad}"),
            _ => {
                // `\:` (index sub-entry), `\|` (formula): nothing.
                self.flush_bytes();
                self.consume_fallback();
            }
        }
        at + 1
    }

    /// Handles one control word with its parameter.
    fn word(&mut self, word: &str, param: Option<i32>) {
        let first = std::mem::take(&mut self.group_first);
        let starred = std::mem::take(&mut self.starred);
        if first && self.destination(word, starred) {
            return;
        }
        if self.state.dest == Dest::FontTable {
            self.font_table_word(word, param);
            return;
        }
        let skipping = self.skip_chars > 0;
        match word {
            "u" => {
                self.flush_bytes();
                self.unicode(param.unwrap_or(0));
                self.skip_chars = self.state.uc;
                return;
            }
            "uc" => self.state.uc = param.unwrap_or(1).clamp(0, 16) as u32,
            "ansicpg" => {
                if let Some(e) = param.and_then(code_page) {
                    self.default_encoding = e;
                }
            }
            "mac" => self.default_encoding = encoding_rs::MACINTOSH,
            "f" => {
                self.flush_bytes();
                self.state.encoding = param.and_then(|f| self.fonts.get(&f).copied());
            }
            "pard" => self.state.in_table = false,
            "intbl" => self.state.in_table = true,
            "v" => self.state.hidden = param != Some(0),
            "plain" => self.state.hidden = false,
            "ftnalt" => {
                if let Some(story) = self.stories.get_mut(self.state.story)
                    && story.kind == BlockKind::Footnote
                {
                    story.kind = BlockKind::Endnote;
                }
            }
            _ if skipping => {}
            "par" | "sect" => self.paragraph_mark(),
            "cell" | "nestcell" if self.readable() => {
                if let Some(story) = self.stories.get_mut(self.state.story) {
                    story.in_table = true;
                }
                self.end_paragraph(self.state.story);
            }
            "row" | "nestrow" if self.readable() => self.end_paragraph(self.state.story),
            "line" | "page" | "column" => self.put_str("\n"),
            "tab" => self.put_str("\t"),
            "emdash" => self.put_str("—"),
            "endash" => self.put_str("–"),
            "emspace" | "enspace" | "qmspace" => self.put_str(" "),
            "bullet" => self.put_str("•"),
            "lquote" => self.put_str("‘"),
            "rquote" => self.put_str("’"),
            "ldblquote" => self.put_str("“"),
            "rdblquote" => self.put_str("”"),
            _ => {}
        }
        if skipping {
            self.skip_chars -= 1;
        }
    }

    /// Opens a destination named by the group's first control word. Returns whether the
    /// word was a destination.
    fn destination(&mut self, word: &str, starred: bool) -> bool {
        let story = |kind| Some(kind);
        let opened: Option<BlockKind> = match word {
            "header" | "headerl" | "headerr" | "headerf" => story(BlockKind::Header),
            "footer" | "footerl" | "footerr" | "footerf" => story(BlockKind::Footer),
            "footnote" => story(BlockKind::Footnote),
            "annotation" => story(BlockKind::Comment),
            "shptxt" => story(BlockKind::TextBox),
            _ => None,
        };
        if let Some(kind) = opened {
            self.flush_bytes();
            if self.state.dest == Dest::Skip {
                return true;
            }
            self.stories.push(Story {
                kind,
                ..Story::default()
            });
            self.state.story = self.stories.len() - 1;
            self.state.opens_story = true;
            self.state.dest = Dest::Text;
            self.state.in_table = false;
            return true;
        }
        let dest = match word {
            "fonttbl" => Dest::FontTable,
            "listtext" | "pntext" => Dest::Label,
            // Read through: their text is document text.
            "field" | "fldrslt" | "shp" | "shpinst" | "object" | "result" | "ud" => {
                if word == "ud" && self.state.in_upr {
                    self.state.dest = Dest::Text;
                }
                return true;
            }
            "upr" => {
                // Its `\ud` alternative is read only where the `\upr` itself would be
                // (not inside `\info` or another skipped destination).
                self.state.in_upr = self.state.dest != Dest::Skip;
                self.state.dest = Dest::Skip;
                return true;
            }
            "colortbl" | "stylesheet" | "info" | "pict" | "fldinst" | "objdata" | "xe" | "tc"
            | "tcn" | "txe" | "listtable" | "listoverridetable" | "rsidtbl" | "revtbl"
            | "filetbl" | "generator" | "themedata" | "colorschememapping" | "latentstyles"
            | "datastore" | "xmlnstbl" | "sp" | "shprslt" | "nonshppict" | "shppict" | "atnid"
            | "atnauthor" | "atndate" | "atnref" | "pgdsctbl" | "bkmkstart" | "bkmkend"
            | "template" | "docvar" | "userprops" | "pn" | "fontemb" | "fontfile" | "mmathPr"
            | "defchp" | "defpap" | "passwordhash" => Dest::Skip,
            _ if starred => Dest::Skip,
            _ => return false,
        };
        self.flush_bytes();
        self.state.dest = match (self.state.dest, dest) {
            (Dest::Skip, _) => Dest::Skip,
            (_, d) => d,
        };
        true
    }

    fn font_table_word(&mut self, word: &str, param: Option<i32>) {
        match (word, param) {
            ("f", Some(n)) => self.table_font = Some(n),
            ("fcharset", Some(charset)) => {
                if let (Some(font), Some(e)) = (self.table_font, charset_encoding(charset)) {
                    self.fonts.entry(font).or_insert(e);
                }
            }
            ("cpg", Some(cp)) => {
                if let (Some(font), Some(e)) = (self.table_font, code_page(cp)) {
                    self.fonts.insert(font, e);
                }
            }
            _ => {}
        }
    }

    /// Whether text of the current group is kept.
    fn readable(&self) -> bool {
        matches!(self.state.dest, Dest::Text | Dest::Label) && !self.state.hidden
    }

    fn unicode(&mut self, value: i32) {
        let unit = (value.rem_euclid(65536)) as u16;
        if !self.readable() {
            return;
        }
        if (0xD800..0xDC00).contains(&unit) {
            self.high_surrogate = Some(unit);
            return;
        }
        let c = if (0xDC00..0xE000).contains(&unit) {
            match self.high_surrogate.take() {
                Some(high) => char::decode_utf16([high, unit]).next().and_then(Result::ok),
                None => None,
            }
        } else {
            char::from_u32(u32::from(unit))
        };
        self.high_surrogate = None;
        if let Some(c) = c {
            self.put_char(c);
        }
    }

    /// One byte of literal text.
    fn text_byte(&mut self, c: u8) {
        if self.skip_chars > 0 {
            self.skip_chars -= 1;
            return;
        }
        if self.state.dest == Dest::FontTable || !self.readable() {
            return;
        }
        if c.is_ascii() {
            self.flush_bytes();
            if !c.is_ascii_control() || c == b'\t' {
                self.put_char(char::from(c));
            }
        } else {
            // Raw 8-bit text: decoded in the current code page like `\'hh`.
            if self.bytes_encoding != self.state.encoding {
                self.flush_bytes();
                self.bytes_encoding = self.state.encoding;
            }
            self.bytes.push(c);
        }
    }

    /// A control word standing for a fallback character counts against `\uc`.
    fn consume_fallback(&mut self) {
        self.skip_chars = self.skip_chars.saturating_sub(1);
    }

    fn put_str(&mut self, s: &str) {
        if self.skip_chars > 0 {
            self.skip_chars -= 1;
            return;
        }
        self.flush_bytes();
        for c in s.chars() {
            self.put_char(c);
        }
    }

    fn put_char(&mut self, c: char) {
        if !self.readable() {
            return;
        }
        let label = self.state.dest == Dest::Label;
        let in_table = self.state.in_table;
        if let Some(story) = self.stories.get_mut(self.state.story) {
            if label {
                story.label.push(c);
            } else {
                story.text.push(c);
                story.in_table |= in_table;
            }
        }
    }

    fn flush_bytes(&mut self) {
        if self.bytes.is_empty() {
            return;
        }
        let encoding = self.bytes_encoding.unwrap_or(self.default_encoding);
        let bytes = std::mem::take(&mut self.bytes);
        let (text, _, _) = encoding.decode(&bytes);
        let label = self.state.dest == Dest::Label;
        let in_table = self.state.in_table;
        if let Some(story) = self.stories.get_mut(self.state.story) {
            if label {
                story.label.push_str(&text);
            } else {
                story.text.push_str(&text);
                story.in_table |= in_table;
            }
        }
        self.bytes = bytes;
        self.bytes.clear();
    }

    fn paragraph_mark(&mut self) {
        if self.skip_chars > 0 {
            self.skip_chars -= 1;
            return;
        }
        self.flush_bytes();
        // A `\par` inside a skipped destination or a label ends nothing of the document.
        if self.state.dest == Dest::Text && !self.state.hidden {
            self.end_paragraph(self.state.story);
        }
    }

    fn end_paragraph(&mut self, index: usize) {
        self.flush_bytes();
        let in_table = self.state.in_table;
        let Some(story) = self.stories.get_mut(index) else {
            return;
        };
        let text = std::mem::take(&mut story.text);
        let label = std::mem::take(&mut story.label);
        let table = std::mem::take(&mut story.in_table) || in_table;
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        let kind = match story.kind {
            BlockKind::Body if table => BlockKind::Table,
            kind => kind,
        };
        let label = label.trim();
        story.blocks.push(Block {
            text: text.to_owned(),
            kind,
            page: None,
            paragraph: 0,
            label: (!label.is_empty()).then(|| label.to_owned()),
        });
    }

    fn finish(mut self) -> Extracted {
        self.end_paragraph(0);
        let mut blocks = std::mem::take(&mut self.stories[0].blocks);
        // Text boxes stay with the body; other stories follow it in the order a word
        // processor's reading order gives them (headers, footers, notes, comments).
        let mut rest: Vec<Story> = std::mem::take(&mut self.done);
        for story in rest.iter_mut().filter(|s| s.kind == BlockKind::TextBox) {
            blocks.append(&mut story.blocks);
        }
        for kind in [
            BlockKind::Header,
            BlockKind::Footer,
            BlockKind::Footnote,
            BlockKind::Endnote,
            BlockKind::Comment,
        ] {
            let mut seen = HashSet::new();
            for story in rest.iter_mut().filter(|s| s.kind == kind) {
                if matches!(kind, BlockKind::Header | BlockKind::Footer) {
                    let key: Vec<&str> = story.blocks.iter().map(|b| b.text.as_str()).collect();
                    if story.blocks.is_empty() || !seen.insert(key.join("\n")) {
                        continue;
                    }
                }
                blocks.append(&mut story.blocks);
            }
        }
        for (i, block) in blocks.iter_mut().enumerate() {
            block.paragraph = u32::try_from(i + 1).unwrap_or(u32::MAX);
        }
        Extracted {
            ocr: Vec::new(),
            pages: None,
            blocks,
            warnings: self.warnings,
        }
    }
}

/// The encoding of an RTF `\fcharset`; `None` for ANSI/default (the document's code page
/// applies) and for symbol fonts.
fn charset_encoding(charset: i32) -> Option<&'static Encoding> {
    let cp = match charset {
        77 => return Some(encoding_rs::MACINTOSH),
        128 => 932,
        129 => 949,
        134 => 936,
        136 => 950,
        161 => 1253,
        162 => 1254,
        163 => 1258,
        177 => 1255,
        178 => 1256,
        186 => 1257,
        204 => 1251,
        222 => 874,
        238 => 1250,
        _ => return None,
    };
    code_page(cp)
}

/// The encoding of a Windows code page number.
pub(crate) fn code_page(cp: i32) -> Option<&'static Encoding> {
    Some(match cp {
        874 => encoding_rs::WINDOWS_874,
        932 => encoding_rs::SHIFT_JIS,
        936 | 20936 | 54936 => encoding_rs::GBK,
        949 => encoding_rs::EUC_KR,
        950 => encoding_rs::BIG5,
        1250 => encoding_rs::WINDOWS_1250,
        1251 => encoding_rs::WINDOWS_1251,
        1252 => encoding_rs::WINDOWS_1252,
        1253 => encoding_rs::WINDOWS_1253,
        1254 => encoding_rs::WINDOWS_1254,
        1255 => encoding_rs::WINDOWS_1255,
        1256 => encoding_rs::WINDOWS_1256,
        1257 => encoding_rs::WINDOWS_1257,
        1258 => encoding_rs::WINDOWS_1258,
        10000 => encoding_rs::MACINTOSH,
        65001 => encoding_rs::UTF_8,
        _ => return None,
    })
}

#[cfg(test)]
mod tests;

//! The zip package under a DOCX (OPC) or an ODT: members read within budgets, OPC
//! relationship parts, part-name resolution and the XML reader settings every part
//! parser shares.
//!
//! This module owns all access to the zip archive and enforces the decompression budgets
//! (per member, in total, and against absurd compression ratios) and holds the XML budget
//! every part parser draws on ([`XmlBudget`]: nesting depth, elements over the whole
//! package, the document's deadline). It knows nothing of `WordprocessingML` or
//! OpenDocument: it hands out bytes and relationships, never text.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::time::Instant;

use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};
use zip::ZipArchive;

use crate::error::ExtractError;
use crate::extract::ExtractOptions;

/// A member larger than this must not have a compression ratio above [`MAX_RATIO`].
const RATIO_CHECK_FLOOR: u64 = 8 * 1024 * 1024;
/// Deflate tops out near 1032:1; XML text rarely exceeds 100:1.
const MAX_RATIO: u64 = 400;
/// Nesting cap used when `max_depth * 16` would be smaller than any real document needs.
const MIN_XML_DEPTH: usize = 256;

/// One relationship of a part, with its target resolved to a part name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Relationship {
    pub id: String,
    /// The last path segment of the relationship type (`officeDocument`, `header`, ...),
    /// which is the same in transitional and strict OOXML.
    pub kind: String,
    /// Part name without a leading slash (`word/header1.xml`).
    pub target: String,
}

/// An opened DOCX package.
pub(super) struct Package<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    /// Lower-cased member name to archive index: part names are case-insensitive.
    names: HashMap<String, usize>,
    max_member: u64,
    remaining_total: u64,
    /// The XML budget shared by every part of the package.
    pub xml: XmlBudget,
}

/// What the XML parsers of one package may spend: nesting depth per part, elements over
/// all parts together, and the document's deadline (checked every [`DEADLINE_STRIDE`]
/// elements).
#[derive(Clone, Debug)]
pub(super) struct XmlBudget {
    pub max_depth: usize,
    max_elements: u64,
    elements: u64,
    deadline: Option<Instant>,
}

/// Elements counted between two looks at the clock.
const DEADLINE_STRIDE: u64 = 4096;

impl XmlBudget {
    /// A budget of `max_depth` nesting, `max_elements` elements, and no deadline.
    pub fn new(max_depth: usize, max_elements: u64) -> Self {
        XmlBudget {
            max_depth,
            max_elements,
            elements: 0,
            deadline: None,
        }
    }

    /// Counts one element (start or empty tag).
    ///
    /// # Errors
    /// [`XmlFailure::OverBudget`] when the package has more elements than allowed or the
    /// deadline has passed.
    pub fn element(&mut self) -> Result<(), XmlFailure> {
        self.elements += 1;
        if self.elements > self.max_elements {
            return Err(XmlFailure::OverBudget(format!(
                "more than {} xml elements",
                self.max_elements
            )));
        }
        if self.elements % DEADLINE_STRIDE == 0
            && self.deadline.is_some_and(|d| Instant::now() >= d)
        {
            return Err(XmlFailure::OverBudget(
                "time budget for the document exceeded".to_owned(),
            ));
        }
        Ok(())
    }
}

impl<'a> Package<'a> {
    /// Opens the zip archive of a `format` (`docx`, `odt`) document.
    ///
    /// # Errors
    /// `malformed` when the bytes are not a zip archive.
    pub fn open(
        bytes: &'a [u8],
        format: &str,
        options: &ExtractOptions,
    ) -> Result<Self, ExtractError> {
        let started = Instant::now();
        let archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            ExtractError::malformed(format!("not a {format} (zip) package: {}", lower(&e)))
        })?;
        let mut names = HashMap::with_capacity(archive.len());
        for (index, name) in archive.file_names().enumerate() {
            if let Ok(name) = name {
                names
                    .entry(name.trim_start_matches('/').to_lowercase())
                    .or_insert(index);
            }
        }
        Ok(Package {
            archive,
            names,
            max_member: options.max_decompressed_bytes,
            remaining_total: options.max_decompressed_bytes,
            xml: XmlBudget {
                deadline: options.timeout.and_then(|t| started.checked_add(t)),
                ..XmlBudget::new(
                    options.max_depth.saturating_mul(16).max(MIN_XML_DEPTH),
                    options.max_xml_elements,
                )
            },
        })
    }

    /// Whether a part exists.
    pub fn contains(&self, part: &str) -> bool {
        self.names.contains_key(&part.to_lowercase())
    }

    /// Reads a part completely, or `None` when the package has no such member. UTF-16
    /// parts (with a byte order mark) are transcoded to UTF-8.
    ///
    /// # Errors
    /// `limit` when the member breaks a decompression budget; `malformed` when it cannot
    /// be decompressed.
    pub fn read(&mut self, part: &str) -> Result<Option<Vec<u8>>, ExtractError> {
        let Some(&index) = self.names.get(&part.to_lowercase()) else {
            return Ok(None);
        };
        let mut file = self
            .archive
            .by_index(index)
            .map_err(|e| ExtractError::malformed(format!("{part}: {}", lower(&e))))?;
        let declared = file.size();
        let budget = self.max_member.min(self.remaining_total);
        if declared > budget {
            return Err(ExtractError::limit(format!(
                "{part}: member decompresses to {declared} bytes, over the {budget}-byte budget"
            )));
        }
        let compressed = file.compressed_size().max(1);
        // Neither size in the header is trusted for memory: the reader is capped at the
        // budget and at what a sane ratio allows for the compressed bytes actually present.
        let ratio_cap = compressed.saturating_mul(MAX_RATIO).max(RATIO_CHECK_FLOOR);
        let cap = budget.min(ratio_cap);
        if declared > cap {
            return Err(bomb(part, declared, compressed));
        }
        let mut data = Vec::with_capacity(declared.min(64 * 1024 * 1024) as usize);
        (&mut file)
            .take(cap.saturating_add(1))
            .read_to_end(&mut data)
            .map_err(|e| ExtractError::malformed(format!("{part}: {}", lower(&e))))?;
        let read = data.len() as u64;
        if read > cap {
            return Err(if cap < budget {
                bomb(part, read, compressed)
            } else {
                ExtractError::limit(format!(
                    "{part}: member decompresses to more than the {budget}-byte budget"
                ))
            });
        }
        self.remaining_total -= read;
        Ok(Some(transcode_utf16(data)))
    }
}

/// Budget error for a member whose compression ratio only a zip bomb reaches.
fn bomb(part: &str, size: u64, compressed: u64) -> ExtractError {
    ExtractError::limit(format!(
        "{part}: compression ratio over {}:1 ({size} bytes from {compressed}) looks like a zip bomb",
        size / compressed.max(1)
    ))
}

impl Package<'_> {
    /// The relationships of `part` (from `dir/_rels/name.rels`), with internal targets
    /// resolved to part names. External targets are left out.
    ///
    /// # Errors
    /// Budget errors from [`Package::read`]; a malformed relationship part yields no
    /// relationships rather than an error.
    pub fn relationships(&mut self, part: &str) -> Result<Vec<Relationship>, ExtractError> {
        let (dir, name) = match part.rfind('/') {
            Some(i) => (&part[..i], &part[i + 1..]),
            None => ("", part),
        };
        let rels_part = if dir.is_empty() {
            format!("_rels/{name}.rels")
        } else {
            format!("{dir}/_rels/{name}.rels")
        };
        let Some(data) = self.read(&rels_part)? else {
            return Ok(Vec::new());
        };
        Ok(parse_relationships(&data, dir, &mut self.xml))
    }
}

/// Parses a relationships part; `base` is the directory of the source part.
/// A part too deep or over the element budget yields the relationships read before.
fn parse_relationships(data: &[u8], base: &str, budget: &mut XmlBudget) -> Vec<Relationship> {
    let mut reader = xml_reader(data);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    let mut depth = 0usize;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                depth += 1;
                if depth > budget.max_depth || budget.element().is_err() {
                    break;
                }
                push_relationship(&e, base, &mut out);
            }
            Ok(Event::Empty(e)) => {
                if budget.element().is_err() {
                    break;
                }
                push_relationship(&e, base, &mut out);
            }
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
        buf.clear();
    }
    out
}

fn push_relationship(e: &BytesStart<'_>, base: &str, out: &mut Vec<Relationship>) {
    if e.local_name().as_ref() != "Relationship" {
        return;
    }
    if attr(e, "TargetMode").is_some_and(|m| m.eq_ignore_ascii_case("external")) {
        return;
    }
    let (Some(id), Some(kind), Some(target)) = (attr(e, "Id"), attr(e, "Type"), attr(e, "Target"))
    else {
        return;
    };
    let kind = kind.rsplit('/').next().unwrap_or_default().to_owned();
    out.push(Relationship {
        id,
        kind,
        target: resolve_target(base, &target),
    });
}

/// Resolves a relationship target against the source part's directory: absolute targets
/// start at the package root, `..` climbs, `%20`-style escapes are decoded.
pub(super) fn resolve_target(base: &str, target: &str) -> String {
    let target = percent_decode(target);
    let mut segments: Vec<&str> = Vec::new();
    let rest = if let Some(absolute) = target.strip_prefix('/') {
        absolute
    } else {
        segments.extend(base.split('/').filter(|s| !s.is_empty()));
        target.as_str()
    };
    for segment in rest.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    segments.join("/")
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if byte == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(byte);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Why an XML part could not be read to its end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum XmlFailure {
    /// Elements nest deeper than the budget allows (a hostile or broken file).
    TooDeep(usize),
    /// The package's element count or the document's time budget ran out.
    OverBudget(String),
    /// The XML is not well-formed; the message says where.
    Syntax(String),
}

impl XmlFailure {
    /// The failure as an extraction error for `part`: depth is a budget, syntax is damage.
    pub fn into_error(self, part: &str) -> ExtractError {
        match self {
            XmlFailure::TooDeep(max) => {
                ExtractError::limit(format!("{part}: xml nesting deeper than {max}"))
            }
            XmlFailure::OverBudget(what) => ExtractError::limit(format!("{part}: {what}")),
            XmlFailure::Syntax(message) => ExtractError::malformed(format!("{part}: {message}")),
        }
    }

    pub fn syntax(reader: &Reader<&[u8]>, e: &quick_xml::Error) -> Self {
        XmlFailure::Syntax(format!(
            "xml error at byte {}: {}",
            reader.error_position(),
            lower(e)
        ))
    }
}

/// A reader with the settings all part parsers use. quick-xml never expands entities
/// declared in a DTD: `Event::DocType` is ignored by every parser here and unknown
/// `&name;` references are dropped (see [`resolve_ref`]), so entity bombs cost nothing.
pub(super) fn xml_reader(data: &[u8]) -> Reader<&[u8]> {
    let mut reader = Reader::from_reader(data);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    config.allow_dangling_amp = true;
    reader
}

/// The value of the attribute with local name `local` (any prefix), unescaped.
pub(super) fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .map(
            |a| match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                Ok(v) => v.into_owned(),
                Err(_) => a.value.into_owned(),
            },
        )
}

/// The text of a character or predefined entity reference; other entities are dropped.
pub(super) fn resolve_ref(r: &BytesRef<'_>) -> Option<Cow<'static, str>> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(Cow::Owned(c.to_string()));
    }
    let s: &str = r;
    Some(Cow::Borrowed(match s {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => return None,
    }))
}

fn transcode_utf16(data: Vec<u8>) -> Vec<u8> {
    let little = data.starts_with(&[0xFF, 0xFE]);
    if !little && !data.starts_with(&[0xFE, 0xFF]) {
        return data;
    }
    let units = data
        .get(2..)
        .unwrap_or_default()
        .chunks_exact(2)
        .filter_map(|c| match *c {
            [a, b] if little => Some(u16::from_le_bytes([a, b])),
            [a, b] => Some(u16::from_be_bytes([a, b])),
            _ => None,
        });
    let text: String = char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    // The declaration still says UTF-16; the reader ignores it without the encoding feature.
    text.into_bytes()
}

/// A library error message, lower-cased to match techscan's message style.
pub(super) fn lower(e: &dyn std::fmt::Display) -> String {
    e.to_string().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_targets_resolve_against_the_source_directory() {
        assert_eq!(resolve_target("word", "header1.xml"), "word/header1.xml");
        assert_eq!(
            resolve_target("word", "../customXml/item1.xml"),
            "customXml/item1.xml"
        );
        assert_eq!(resolve_target("", "word/document.xml"), "word/document.xml");
    }

    #[test]
    fn absolute_and_escaped_targets_resolve_from_the_root() {
        assert_eq!(
            resolve_target("word", "/word/document2.xml"),
            "word/document2.xml"
        );
        assert_eq!(
            resolve_target("word", "my%20header.xml"),
            "word/my header.xml"
        );
    }

    #[test]
    fn relationship_types_keep_their_last_segment() {
        let xml = br#"<?xml version="1.0"?><Relationships xmlns="x">
            <Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" Target="word/document.xml"/>
            <Relationship Id="rId2" Type="http://x/hyperlink" Target="https://example.com" TargetMode="External"/>
            </Relationships>"#;
        let rels = parse_relationships(xml, "", &mut XmlBudget::new(100, 1000));
        assert_eq!(rels.len(), 1);
        assert_eq!(rels[0].kind, "officeDocument");
        assert_eq!(rels[0].target, "word/document.xml");
    }

    #[test]
    fn utf16_parts_are_transcoded() {
        let mut data = vec![0xFF, 0xFE];
        for u in "<a>é</a>".encode_utf16() {
            data.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(transcode_utf16(data), "<a>é</a>".as_bytes());
    }
}

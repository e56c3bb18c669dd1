//! Fonts as the content interpreter needs them: how a string splits into codes, each code's
//! text and each code's advance width.
//!
//! It owns reading font dictionaries: `ToUnicode` first; simple fonts (Type1, TrueType,
//! Type3) through `/Encoding` + `/Differences`; Type0/CID fonts through `/W`, `/DW` and
//! their (embedded or predefined) CMap. Missing pieces degrade to approximations, never to
//! errors. It knows nothing of positions or layout.

use lopdf::{Dictionary, Document, Object};

use super::cid_unicode::Collection;
use super::cmap::{CMap, CodeSpace};
use super::encoding::{BaseEncoding, Predefined, glyph_to_char, standard_width};
use super::objects::{
    Budget, as_dict, decode_stream, get, get_array, get_dict, get_name, get_number, number, numbers,
};

/// A decoded font.
#[derive(Debug)]
pub(super) struct Font {
    /// `/BaseFont` (or resource name) for messages.
    pub(super) name: String,
    to_unicode: Option<CMap>,
    kind: Kind,
    /// Glyph units → text space (0.001, or `/FontMatrix[0]` for Type3).
    pub(super) width_scale: f32,
    /// Name of a predefined CMap we cannot decode, for a warning.
    pub(super) unsupported_cmap: Option<String>,
}

#[derive(Debug)]
enum Kind {
    Simple {
        /// Unicode per code from the encoding, `'\0'` when unknown.
        chars: Box<[char; 256]>,
        widths: Box<[f32; 256]>,
    },
    Composite {
        codespace: CodeSpace,
        /// Embedded encoding CMap with CID entries.
        cids: Option<CMap>,
        predefined: Predefined,
        /// The character collection of `/CIDSystemInfo`, when its CIDs have known text.
        collection: Option<Collection>,
        /// Last resort without ToUnicode or collection: the embedded TrueType font's
        /// `cmap`.
        embedded: Option<Box<EmbeddedCmap>>,
        /// Sorted (first cid, last cid, width).
        widths: Vec<(u32, u32, f32)>,
        default_width: f32,
    },
}

impl Font {
    /// Reads a font dictionary. Streams it needs are charged to `budget`; a stream that
    /// cannot be decoded is treated as absent.
    pub(super) fn load(doc: &Document, dict: &Dictionary, budget: &mut Budget) -> Font {
        let subtype = get_name(doc, dict, b"Subtype").unwrap_or_default();
        let name = get_name(doc, dict, b"BaseFont")
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default();
        let to_unicode = match get(doc, dict, b"ToUnicode") {
            Some(Object::Stream(s)) => decode_stream(doc, s, budget)
                .ok()
                .map(|data| CMap::parse(&data))
                .filter(CMap::has_unicode),
            _ => None,
        };
        if subtype == b"Type0" {
            Self::load_composite(doc, dict, name, to_unicode, budget)
        } else {
            Self::load_simple(doc, dict, subtype, name, to_unicode)
        }
    }

    fn load_simple(
        doc: &Document,
        dict: &Dictionary,
        subtype: &[u8],
        name: String,
        to_unicode: Option<CMap>,
    ) -> Font {
        let descriptor = get_dict(doc, dict, b"FontDescriptor");
        let flags = descriptor
            .and_then(|d| get_number(doc, d, b"Flags"))
            .unwrap_or(0.0) as u32;
        let symbolic = flags & 4 != 0 && flags & 32 == 0;
        let lower = name.to_ascii_lowercase();
        let default_base = if lower.contains("symbol") {
            BaseEncoding::Symbol
        } else if subtype == b"Type1" || subtype == b"MMType1" {
            BaseEncoding::Standard
        } else {
            BaseEncoding::WinAnsi
        };
        let mut table = default_base.table();
        let mut differences: &[Object] = &[];
        match get(doc, dict, b"Encoding") {
            Some(Object::Name(n)) => {
                if let Some(b) = BaseEncoding::from_name(n) {
                    table = b.table();
                }
            }
            Some(Object::Dictionary(d)) => {
                if let Some(b) = get_name(doc, d, b"BaseEncoding").and_then(BaseEncoding::from_name)
                {
                    table = b.table();
                } else if subtype == b"Type3" {
                    table = [0; 256];
                }
                differences = get_array(doc, d, b"Differences").unwrap_or_default();
            }
            _ => {
                if symbolic && subtype == b"TrueType" {
                    // Symbolic TrueType fonts without an encoding: treat codes as Latin-1.
                    for (i, slot) in table.iter_mut().enumerate() {
                        *slot = i as u16;
                    }
                }
            }
        }
        let mut chars = Box::new(['\0'; 256]);
        for (slot, &u) in chars.iter_mut().zip(table.iter()) {
            *slot = char::from_u32(u32::from(u)).unwrap_or('\0');
        }
        let mut code = 0usize;
        for item in differences {
            match resolve_item(doc, item) {
                Item::Number(n) => code = n.max(0.0) as usize,
                Item::Name(n) => {
                    if let Some(slot) = chars.get_mut(code) {
                        *slot = glyph_to_char(n).unwrap_or('\0');
                    }
                    code += 1;
                }
                Item::Other => {}
            }
        }

        let mut width_scale = 0.001;
        if subtype == b"Type3" {
            if let Some(m) = get_array(doc, dict, b"FontMatrix") {
                if let Some(&a) = numbers(doc, m).first() {
                    if a.is_finite() && a != 0.0 {
                        width_scale = a.abs();
                    }
                }
            }
        }
        let mut widths = Box::new([0f32; 256]);
        let missing = descriptor
            .and_then(|d| get_number(doc, d, b"MissingWidth"))
            .unwrap_or(0.0);
        if let Some(ws) = get_array(doc, dict, b"Widths") {
            let first = get_number(doc, dict, b"FirstChar").unwrap_or(0.0).max(0.0) as usize;
            widths.fill(missing);
            for (i, w) in ws.iter().enumerate() {
                if let (Some(slot), Some(w)) = (widths.get_mut(first + i), number(doc, w)) {
                    *slot = w;
                }
            }
        } else {
            let base = get_name(doc, dict, b"BaseFont").unwrap_or_default();
            for (slot, &ch) in widths.iter_mut().zip(chars.iter()) {
                *slot = standard_width(base, if ch == '\0' { 'a' } else { ch });
            }
        }
        Font {
            name,
            to_unicode,
            kind: Kind::Simple { chars, widths },
            width_scale,
            unsupported_cmap: None,
        }
    }

    fn load_composite(
        doc: &Document,
        dict: &Dictionary,
        name: String,
        to_unicode: Option<CMap>,
        budget: &mut Budget,
    ) -> Font {
        let mut unsupported_cmap = None;
        let (codespace, cids, predefined) = match get(doc, dict, b"Encoding") {
            Some(Object::Name(n)) => {
                let p = Predefined::from_name(n);
                if p == Predefined::Unsupported {
                    unsupported_cmap = Some(String::from_utf8_lossy(n).into_owned());
                }
                match p {
                    Predefined::Shipped(program) => {
                        let cmap = CMap::parse(program);
                        (cmap.codespace.clone(), Some(cmap), p)
                    }
                    _ => (p.codespace(), None, p),
                }
            }
            Some(Object::Stream(s)) => {
                let cmap = decode_stream(doc, s, budget)
                    .ok()
                    .map(|d| CMap::parse(&d))
                    .unwrap_or_default();
                let p = cmap
                    .usecmap
                    .as_deref()
                    .map_or(Predefined::Identity, Predefined::from_name);
                // An embedded CMap that only names a shipped one (`usecmap`) reads through it.
                let cmap = match p {
                    Predefined::Shipped(program) if !cmap.has_cids() => CMap::parse(program),
                    _ => cmap,
                };
                let cs = if cmap.codespace.is_empty() {
                    p.codespace()
                } else {
                    cmap.codespace.clone()
                };
                (cs, Some(cmap).filter(CMap::has_cids), p)
            }
            _ => (CodeSpace::fixed(2), None, Predefined::Identity),
        };
        let descendant = get_array(doc, dict, b"DescendantFonts")
            .and_then(|a| a.first())
            .and_then(|o| as_dict(doc, o));
        let collection = descendant
            .and_then(|d| get_dict(doc, d, b"CIDSystemInfo"))
            .and_then(|info| {
                let text = |key: &[u8]| match get(doc, info, key) {
                    Some(Object::String(s, _)) => s.clone(),
                    Some(Object::Name(n)) => n.clone(),
                    _ => Vec::new(),
                };
                Collection::from_info(&text(b"Registry"), &text(b"Ordering"))
            });
        // The shipped CMaps (GB/T 12345) all map to Adobe-GB1 CIDs.
        let collection = collection.or(match predefined {
            Predefined::Shipped(_) => Some(Collection::AdobeGb1),
            _ => None,
        });
        // Without a ToUnicode, an unsupported CMap leaves no way to text.
        if to_unicode.is_some() {
            unsupported_cmap = None;
        }
        let mut embedded = None;
        if let (None, None, Some(cid_font)) = (&to_unicode, collection, descendant) {
            if get_name(doc, cid_font, b"Subtype") == Some(b"CIDFontType2".as_slice()) {
                let file = get_dict(doc, cid_font, b"FontDescriptor")
                    .and_then(|d| get(doc, d, b"FontFile2"));
                let glyph_chars = match file {
                    Some(Object::Stream(s)) => decode_stream(doc, s, budget)
                        .map(|data| super::truetype::glyph_chars(&data))
                        .unwrap_or_default(),
                    _ => Vec::new(),
                };
                let cid_to_gid = match get(doc, cid_font, b"CIDToGIDMap") {
                    Some(Object::Stream(s)) => decode_stream(doc, s, budget).ok(),
                    _ => None,
                };
                if !glyph_chars.is_empty() {
                    embedded = Some(Box::new(EmbeddedCmap {
                        glyph_chars,
                        cid_to_gid,
                    }));
                }
            }
        }
        let mut widths = Vec::new();
        let mut default_width = 1000.0;
        if let Some(cid_font) = descendant {
            default_width = get_number(doc, cid_font, b"DW").unwrap_or(1000.0);
            if let Some(w) = get_array(doc, cid_font, b"W") {
                parse_cid_widths(doc, w, &mut widths);
            }
        }
        widths.sort_by_key(|&(lo, _, _)| lo);
        Font {
            name,
            to_unicode,
            kind: Kind::Composite {
                codespace,
                cids,
                predefined,
                collection,
                embedded,
                widths,
                default_width,
            },
            width_scale: 0.001,
            unsupported_cmap,
        }
    }

    /// The next code of a string and its byte length (≥ 1 for non-empty input).
    pub(super) fn next_code(&self, bytes: &[u8]) -> (u32, usize) {
        match &self.kind {
            Kind::Simple { .. } => (u32::from(bytes.first().copied().unwrap_or(0)), 1),
            Kind::Composite { codespace, .. } => codespace.next_code(bytes),
        }
    }

    /// Appends the text of a code; `false` when the font gives no Unicode for it.
    pub(super) fn text(&self, code: u32, len: usize, out: &mut String) -> bool {
        if let Some(t) = self.to_unicode.as_ref().and_then(|m| m.lookup(code)) {
            out.push_str(t);
            return true;
        }
        match &self.kind {
            Kind::Simple { chars, .. } => match chars.get(code as usize) {
                Some(&c) if c != '\0' => {
                    out.push(c);
                    true
                }
                _ => false,
            },
            Kind::Composite {
                predefined,
                cids,
                collection,
                embedded,
                ..
            } => {
                if predefined.text(code, len, out) {
                    return true;
                }
                // Codes are CIDs (Identity) or map to CIDs (embedded CMap): the
                // collection's table gives their text.
                let cid = match (cids, predefined) {
                    (Some(m), _) => m.cid(code),
                    (None, Predefined::Identity) => Some(code),
                    _ => None,
                };
                let ch = match collection {
                    Some(c) => cid.and_then(|cid| c.char(cid)),
                    None => cid
                        .zip(embedded.as_deref())
                        .and_then(|(cid, e)| e.char(cid)),
                };
                match ch {
                    Some(ch) => {
                        out.push(ch);
                        true
                    }
                    None => false,
                }
            }
        }
    }

    /// Advance of a code in glyph units (1/1000 of text space for non-Type3 fonts).
    pub(super) fn width(&self, code: u32, len: usize) -> f32 {
        match &self.kind {
            Kind::Simple { widths, .. } => widths.get(code as usize).copied().unwrap_or(0.0),
            Kind::Composite {
                cids,
                predefined,
                widths,
                default_width,
                ..
            } => {
                let cid = match cids {
                    Some(m) => m.cid(code),
                    None => predefined.approx_cid(code, len),
                };
                let Some(cid) = cid else {
                    return *default_width;
                };
                let i = widths.partition_point(|&(lo, _, _)| lo <= cid);
                match i.checked_sub(1).and_then(|j| widths.get(j)) {
                    Some(&(_, hi, w)) if cid <= hi => w,
                    _ => *default_width,
                }
            }
        }
    }

    /// Whether a code with this byte length is the word-space character (`Tw` applies).
    pub(super) fn is_word_space(code: u32, len: usize) -> bool {
        code == 32 && len == 1
    }
}

/// An embedded TrueType font's `cmap`, inverted, with the font's `/CIDToGIDMap`.
#[derive(Debug)]
struct EmbeddedCmap {
    /// Sorted (glyph id, character).
    glyph_chars: Vec<(u16, char)>,
    /// Big-endian glyph id per CID, when the map is a stream (`None` for Identity).
    cid_to_gid: Option<Vec<u8>>,
}

impl EmbeddedCmap {
    fn char(&self, cid: u32) -> Option<char> {
        let gid = match &self.cid_to_gid {
            Some(map) => {
                let at = usize::try_from(cid).ok()?.checked_mul(2)?;
                u16::from_be_bytes([*map.get(at)?, *map.get(at + 1)?])
            }
            None => u16::try_from(cid).ok()?,
        };
        let i = self
            .glyph_chars
            .binary_search_by_key(&gid, |&(g, _)| g)
            .ok()?;
        self.glyph_chars.get(i).map(|&(_, ch)| ch)
    }
}

enum Item<'a> {
    Number(f32),
    Name(&'a [u8]),
    Other,
}

fn resolve_item<'a>(doc: &'a Document, obj: &'a Object) -> Item<'a> {
    match super::objects::resolve(doc, obj) {
        Object::Integer(i) => Item::Number(*i as f32),
        Object::Real(r) => Item::Number(*r),
        Object::Name(n) => Item::Name(n),
        _ => Item::Other,
    }
}

/// `/W` array: `c [w1 w2 …]` and `c_first c_last w` forms. Bounded by the array's size.
fn parse_cid_widths(doc: &Document, w: &[Object], out: &mut Vec<(u32, u32, f32)>) {
    let mut i = 0;
    while let Some(first) = w.get(i).and_then(|o| number(doc, o)) {
        let first = first.max(0.0) as u32;
        match w.get(i + 1).map(|o| super::objects::resolve(doc, o)) {
            Some(Object::Array(arr)) => {
                for (k, v) in arr.iter().enumerate() {
                    if let Some(v) = number(doc, v) {
                        let c = first.saturating_add(k as u32);
                        out.push((c, c, v));
                    }
                }
                i += 2;
            }
            Some(o) => {
                let last = number(doc, o).unwrap_or(-1.0);
                let width = w.get(i + 2).and_then(|o| number(doc, o));
                if let Some(width) = width {
                    if last >= first as f32 {
                        out.push((first, last as u32, width));
                    }
                }
                i += 3;
            }
            None => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    fn budget() -> Budget {
        Budget::bytes(1 << 20)
    }

    #[test]
    fn differences_override_base_encoding() {
        let doc = Document::with_version("1.5");
        let dict = dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
            "Encoding" => dictionary! {
                "BaseEncoding" => "WinAnsiEncoding",
                "Differences" => vec![65.into(), "fi".into(), "uni4E2D".into()],
            },
        };
        let font = Font::load(&doc, &dict, &mut budget());
        let mut s = String::new();
        for code in [65, 66, 67] {
            font.text(code, 1, &mut s);
        }
        assert_eq!(s, "\u{FB01}\u{4E2D}C");
        // Standard-14 fallback widths.
        assert!((font.width(u32::from(b' '), 1) - 278.0).abs() < 0.5);
    }

    #[test]
    fn cid_widths_read_both_forms() {
        let doc = Document::with_version("1.5");
        let mut out = Vec::new();
        let w: Vec<Object> = vec![
            1.into(),
            vec![500.into(), 600.into()].into(),
            10.into(),
            20.into(),
            250.into(),
        ];
        parse_cid_widths(&doc, &w, &mut out);
        assert_eq!(out, vec![(1, 1, 500.0), (2, 2, 600.0), (10, 20, 250.0)]);
    }
}

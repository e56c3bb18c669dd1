//! Character-set knowledge that does not come from the file: single-byte base encodings,
//! glyph names → Unicode, approximate standard-14 widths, and the predefined CJK CMaps:
//! Unicode ones and legacy-charset ones decoded as text, GB/T 12345 through shipped Adobe
//! CMaps (code → CID; the CID tables give the text).
//!
//! Pure lookups over static data; no document access and no allocation on the hot path.

use super::cmap::CodeSpace;
use super::tables;

/// A single-byte base encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum BaseEncoding {
    Standard,
    WinAnsi,
    MacRoman,
    PdfDoc,
    Symbol,
}

impl BaseEncoding {
    pub(super) fn from_name(name: &[u8]) -> Option<Self> {
        match name {
            b"WinAnsiEncoding" => Some(BaseEncoding::WinAnsi),
            b"MacRomanEncoding" | b"MacExpertEncoding" => Some(BaseEncoding::MacRoman),
            b"StandardEncoding" => Some(BaseEncoding::Standard),
            b"PDFDocEncoding" => Some(BaseEncoding::PdfDoc),
            _ => None,
        }
    }

    /// The 256-entry table (Unicode scalar per code, 0 when undefined).
    pub(super) fn table(self) -> [u16; 256] {
        match self {
            BaseEncoding::Standard => tables::STANDARD,
            BaseEncoding::WinAnsi => tables::WIN_ANSI,
            BaseEncoding::MacRoman => tables::MAC_ROMAN,
            BaseEncoding::PdfDoc => tables::PDF_DOC,
            BaseEncoding::Symbol => tables::SYMBOL,
        }
    }
}

/// Unicode for a glyph name: the Adobe Glyph List subset, `uniXXXX`, `uXXXX[XX]`, and
/// names with a suffix (`a.sc`, `f_i`).
pub(super) fn glyph_to_char(name: &[u8]) -> Option<char> {
    if let Ok(i) = tables::GLYPH_NAMES.binary_search_by(|(n, _)| n.as_bytes().cmp(name)) {
        let (_, code) = tables::GLYPH_NAMES.get(i)?;
        return char::from_u32(u32::from(*code));
    }
    let hex = |s: &[u8]| -> Option<char> {
        let text = std::str::from_utf8(s).ok()?;
        char::from_u32(u32::from_str_radix(text, 16).ok()?)
    };
    if let Some(rest) = name.strip_prefix(b"uni") {
        if rest.len() >= 4 {
            return hex(rest.get(..4)?);
        }
    }
    if let Some(rest) = name.strip_prefix(b"u") {
        if (4..=6).contains(&rest.len()) {
            return hex(rest);
        }
    }
    if let Some(dot) = name.iter().position(|&b| b == b'.') {
        if dot > 0 {
            return glyph_to_char(name.get(..dot)?);
        }
    }
    None
}

const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

const TIMES: [u16; 95] = [
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500, 500,
    500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667, 722, 611,
    556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722,
    722, 611, 333, 278, 333, 469, 500, 333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500,
    278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,
];

/// Approximate width (glyph units of 1/1000) of a character in a standard-14 font, for
/// fonts that carry no `/Widths`.
pub(super) fn standard_width(base_font: &[u8], ch: char) -> f32 {
    let name = base_font.to_ascii_lowercase();
    let has = |s: &[u8]| name.windows(s.len()).any(|w| w == s);
    if has(b"courier") || has(b"mono") {
        return 600.0;
    }
    let table = if has(b"times") || has(b"serif") && !has(b"sans") {
        &TIMES
    } else {
        &HELVETICA
    };
    let c = ch as u32;
    if (0x20..0x7f).contains(&c) {
        table
            .get((c - 0x20) as usize)
            .map_or(500.0, |&w| f32::from(w))
    } else if is_cjk(ch) {
        1000.0
    } else {
        500.0
    }
}

/// Whether a character is written without spaces between words (Han, kana, Hangul,
/// CJK punctuation and full-width forms).
pub(super) fn is_cjk(ch: char) -> bool {
    matches!(ch as u32,
        0x2E80..=0x2FDF | 0x3000..=0x30FF | 0x3100..=0x31FF | 0x3200..=0x9FFF |
        0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF |
        0x20000..=0x3FFFF)
}

/// Adobe's GB/T 12345 CMaps, verbatim from poppler-data (BSD-3-Clause; the notice is in
/// each file's header). A test compares them with poppler-data when it is installed.
const GBT_H: &[u8] = include_bytes!("cmaps/GBT-H");
const GBT_EUC_H: &[u8] = include_bytes!("cmaps/GBT-EUC-H");
const GBTPC_EUC_H: &[u8] = include_bytes!("cmaps/GBTpc-EUC-H");

/// How a predefined (named) CMap of a Type0 font turns codes into text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Predefined {
    /// `Identity-H`/`-V`: two-byte codes equal to CIDs; text needs a `ToUnicode`.
    Identity,
    /// `Uni*-UCS2-*`: two-byte codes are UCS-2.
    Ucs2,
    /// `Uni*-UTF16-*`: codes are UTF-16BE (2 or 4 bytes).
    Utf16,
    /// `Uni*-UTF8-*`: codes are UTF-8 (1 to 4 bytes).
    Utf8,
    /// `Uni*-UTF32-*`: four-byte codes are UTF-32BE.
    Utf32,
    /// Codes are bytes of a legacy multibyte charset (GBK, Big5, Shift-JIS, EUC-KR).
    Legacy(&'static encoding_rs::Encoding),
    /// Two-byte codes of a 94×94 charset in its 7-bit (ISO-2022) form, `<2121>`–`<7E7E>`:
    /// with the high bits set they are that charset's EUC bytes (`GB-H`: GB 2312, `H`:
    /// JIS X 0208, `KSC-H`: KS X 1001).
    SevenBit(&'static encoding_rs::Encoding),
    /// Codes map to CIDs through an Adobe CMap shipped with techscan (GB/T 12345, the
    /// traditional-form GB set, which no charset decoder knows); text comes from the
    /// font's collection.
    Shipped(&'static [u8]),
    /// A predefined CMap we cannot decode.
    Unsupported,
}

impl Predefined {
    pub(super) fn from_name(name: &[u8]) -> Predefined {
        let n = name;
        let starts = |p: &[u8]| n.starts_with(p);
        // Vertical variants differ from horizontal ones only in glyph forms.
        let horizontal = n.strip_suffix(b"-V").unwrap_or(n);
        let is = |p: &[u8]| horizontal == p || horizontal == [p, b"-H"].concat();
        if starts(b"Identity") {
            Predefined::Identity
        } else if starts(b"Uni") && n.windows(4).any(|w| w == b"UCS2") {
            Predefined::Ucs2
        } else if starts(b"Uni") && n.windows(5).any(|w| w == b"UTF16") {
            Predefined::Utf16
        } else if starts(b"Uni") && n.windows(4).any(|w| w == b"UTF8") {
            Predefined::Utf8
        } else if starts(b"Uni") && n.windows(5).any(|w| w == b"UTF32") {
            Predefined::Utf32
        } else if starts(b"GBK2K") {
            Predefined::Legacy(encoding_rs::GB18030)
        } else if starts(b"GBK-EUC")
            || starts(b"GBKp-EUC")
            || starts(b"GB-EUC")
            || starts(b"GBpc-EUC")
        {
            Predefined::Legacy(encoding_rs::GBK)
        } else if is(b"GBT") {
            Predefined::Shipped(GBT_H)
        } else if is(b"GBT-EUC") {
            Predefined::Shipped(GBT_EUC_H)
        } else if is(b"GBTpc-EUC") {
            Predefined::Shipped(GBTPC_EUC_H)
        } else if is(b"GB") {
            Predefined::SevenBit(encoding_rs::GBK)
        } else if starts(b"B5pc")
            || starts(b"B5-")
            || starts(b"ETen-B5")
            || starts(b"ETenms-B5")
            || starts(b"ETHK-B5")
            || (starts(b"HK") && n.windows(3).any(|w| w == b"-B5"))
        {
            // encoding_rs's Big5 is Big5-HKSCS, a superset of the ETen and HK variants.
            Predefined::Legacy(encoding_rs::BIG5)
        } else if n.windows(5).any(|w| w == b"-RKSJ") || starts(b"RKSJ") {
            Predefined::Legacy(encoding_rs::SHIFT_JIS)
        } else if is(b"EUC") || is(b"78-EUC") {
            Predefined::Legacy(encoding_rs::EUC_JP)
        } else if n == b"H" || n == b"V" || is(b"78") {
            Predefined::SevenBit(encoding_rs::EUC_JP)
        } else if starts(b"KSC-EUC") || starts(b"KSCms-UHC") || starts(b"KSCpc-EUC") {
            Predefined::Legacy(encoding_rs::EUC_KR)
        } else if is(b"KSC") {
            Predefined::SevenBit(encoding_rs::EUC_KR)
        } else {
            Predefined::Unsupported
        }
    }

    /// Code-space of the CMap.
    pub(super) fn codespace(self) -> CodeSpace {
        match self {
            Predefined::Identity
            | Predefined::Ucs2
            | Predefined::SevenBit(_)
            | Predefined::Unsupported
            // The shipped CMap's own ranges replace this when the font is loaded.
            | Predefined::Shipped(_) => CodeSpace::fixed(2),
            Predefined::Utf32 => CodeSpace::fixed(4),
            Predefined::Utf8 => CodeSpace::default().with(&[
                (b"\x00", b"\x7f"),
                (b"\xc2\x80", b"\xdf\xbf"),
                (b"\xe0\x80\x80", b"\xef\xbf\xbf"),
                (b"\xf0\x80\x80\x80", b"\xf4\xbf\xbf\xbf"),
            ]),
            Predefined::Utf16 => CodeSpace::default().with(&[
                (b"\xd8\x00\xdc\x00", b"\xdb\xff\xdf\xff"),
                (b"\x00\x00", b"\xd7\xff"),
                (b"\xe0\x00", b"\xff\xff"),
            ]),
            Predefined::Legacy(enc) => {
                if enc == encoding_rs::GB18030 {
                    CodeSpace::default().with(&[
                        (b"\x00", b"\x80"),
                        (b"\x81\x30\x81\x30", b"\xfe\x39\xfe\x39"),
                        (b"\x81\x40", b"\xfe\xfe"),
                    ])
                } else if enc == encoding_rs::EUC_JP {
                    CodeSpace::default().with(&[
                        (b"\x00", b"\x80"),
                        (b"\x8e\xa0", b"\x8e\xdf"),
                        (b"\xa1\xa1", b"\xfe\xfe"),
                    ])
                } else if enc == encoding_rs::SHIFT_JIS {
                    CodeSpace::default().with(&[
                        (b"\x00", b"\x80"),
                        (b"\xa0", b"\xdf"),
                        (b"\x81\x40", b"\x9f\xfc"),
                        (b"\xe0\x40", b"\xfc\xfc"),
                    ])
                } else {
                    CodeSpace::default().with(&[(b"\x00", b"\x80"), (b"\x81\x40", b"\xfe\xfe")])
                }
            }
        }
    }

    /// Text of a code, when the CMap itself is Unicode or a known charset.
    pub(super) fn text(self, code: u32, len: usize, out: &mut String) -> bool {
        match self {
            Predefined::Ucs2 => match char::from_u32(code) {
                Some(c) if code != 0 => {
                    out.push(c);
                    true
                }
                _ => false,
            },
            Predefined::Utf16 => {
                let ch = if len == 4 {
                    let hi = code >> 16;
                    let lo = code & 0xffff;
                    char::from_u32(0x10000 + ((hi & 0x3ff) << 10) + (lo & 0x3ff))
                } else {
                    char::from_u32(code)
                };
                match ch {
                    Some(c) if code != 0 => {
                        out.push(c);
                        true
                    }
                    _ => false,
                }
            }
            Predefined::Utf8 => {
                let bytes = code.to_be_bytes();
                match bytes
                    .get(4 - len.clamp(1, 4)..)
                    .and_then(|b| std::str::from_utf8(b).ok())
                {
                    Some(text) if code != 0 => {
                        out.push_str(text);
                        true
                    }
                    _ => false,
                }
            }
            Predefined::Utf32 => match char::from_u32(code) {
                Some(c) if code != 0 && len == 4 => {
                    out.push(c);
                    true
                }
                _ => false,
            },
            Predefined::SevenBit(enc) if len == 2 && code & 0x8080 == 0 => {
                Predefined::Legacy(enc).text(code | 0x8080, 2, out)
            }
            Predefined::Legacy(enc) => {
                let bytes = code.to_be_bytes();
                let Some(slice) = bytes.get(4 - len.clamp(1, 4)..) else {
                    return false;
                };
                match enc.decode_without_bom_handling_and_without_replacement(slice) {
                    Some(text) if !text.is_empty() => {
                        out.push_str(&text);
                        true
                    }
                    _ => false,
                }
            }
            Predefined::Identity
            | Predefined::SevenBit(_)
            | Predefined::Shipped(_)
            | Predefined::Unsupported => false,
        }
    }

    /// Approximate CID of a code in the Adobe ordering, enough to look up widths of
    /// proportional ASCII (CIDs 1–95 in every Adobe CJK ordering).
    pub(super) fn approx_cid(self, code: u32, len: usize) -> Option<u32> {
        match self {
            Predefined::Identity => Some(code),
            Predefined::Ucs2 | Predefined::Utf16 | Predefined::Utf8 | Predefined::Utf32
                if (0x20..0x7f).contains(&code) =>
            {
                Some(code - 0x1f)
            }
            Predefined::Legacy(_) if len == 1 && (0x20..0x7f).contains(&code) => Some(code - 0x1f),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_names_resolve_through_list_and_uni_forms() {
        assert_eq!(glyph_to_char(b"A"), Some('A'));
        assert_eq!(glyph_to_char(b"fi"), Some('\u{FB01}'));
        assert_eq!(glyph_to_char(b"quotedblleft"), Some('\u{201C}'));
        assert_eq!(glyph_to_char(b"uni4E2D"), Some('中'));
        assert_eq!(glyph_to_char(b"u1F600"), Some('\u{1F600}'));
        assert_eq!(glyph_to_char(b"a.sc"), Some('a'));
        assert_eq!(glyph_to_char(b"g123"), None);
    }

    #[test]
    fn base_encodings_differ_where_the_spec_says() {
        assert_eq!(BaseEncoding::WinAnsi.table()[0x93], 0x201C);
        assert_eq!(BaseEncoding::Standard.table()[0x27], 0x2019);
        assert_eq!(BaseEncoding::MacRoman.table()[0xD2], 0x201C);
    }

    #[test]
    fn predefined_gbk_cmap_decodes_gbk_bytes() {
        let p = Predefined::from_name(b"GBK-EUC-H");
        let (code, len) = p.codespace().next_code(b"\xd6\xd0A");
        let mut s = String::new();
        assert!(p.text(code, len, &mut s));
        assert_eq!(s, "中");
        let (code, len) = p.codespace().next_code(b"A");
        assert!(p.text(code, len, &mut s));
        assert_eq!(s, "中A");
    }

    #[test]
    fn predefined_gbk2k_cmap_decodes_four_byte_codes() {
        let p = Predefined::from_name(b"GBK2K-H");
        let mut s = String::new();
        // 㐀 (U+3400) is four bytes in GB 18030; 中 two; A one.
        let mut bytes: &[u8] = b"\x81\x39\xee\x39\xd6\xd0A";
        while !bytes.is_empty() {
            let (code, len) = p.codespace().next_code(bytes);
            assert!(p.text(code, len, &mut s), "{code:x}");
            bytes = &bytes[len..];
        }
        assert_eq!(s, "\u{3400}中A");
    }

    #[test]
    fn predefined_utf16_cmap_decodes_surrogates() {
        let p = Predefined::from_name(b"UniGB-UTF16-H");
        let (code, len) = p.codespace().next_code(b"\xd8\x3d\xde\x00");
        assert_eq!(len, 4);
        let mut s = String::new();
        assert!(p.text(code, len, &mut s));
        assert_eq!(s, "\u{1F600}");
    }
}

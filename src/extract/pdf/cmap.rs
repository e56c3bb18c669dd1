//! CMap programs: `ToUnicode` maps (code → text) and embedded encoding CMaps of Type0
//! fonts (code → CID), with their code-space ranges.
//!
//! It owns parsing (`begincodespacerange`, `bfchar`, `bfrange` in both forms, `cidchar`,
//! `cidrange`) and lookup. Malformed entries are skipped, never fatal; ranges are capped so
//! a crafted map cannot allocate without bound. It does not know fonts or widths.

use super::lexer::{Lexer, Token, decode_hex, decode_string};

/// Most code → value entries one CMap may hold.
const MAX_ENTRIES: usize = 1 << 18;

/// Code-space ranges: how many bytes the next code of a string takes.
#[derive(Clone, Debug, Default)]
pub(super) struct CodeSpace {
    /// (byte length, low bytes, high bytes), bytes left-aligned.
    ranges: Vec<(usize, [u8; 4], [u8; 4])>,
}

impl CodeSpace {
    /// A code space of fixed-length codes covering every value.
    pub(super) fn fixed(len: usize) -> Self {
        let len = len.clamp(1, 4);
        CodeSpace {
            ranges: vec![(len, [0; 4], [0xff; 4])],
        }
    }

    pub(super) fn push(&mut self, lo: &[u8], hi: &[u8]) {
        if lo.is_empty() || lo.len() > 4 || lo.len() != hi.len() {
            return;
        }
        let mut l = [0u8; 4];
        let mut h = [0u8; 4];
        l[..lo.len()].copy_from_slice(lo);
        h[..hi.len()].copy_from_slice(hi);
        self.ranges.push((lo.len(), l, h));
    }

    /// Adds ranges given as (len, lo, hi) byte arrays.
    pub(super) fn with(mut self, ranges: &[(&[u8], &[u8])]) -> Self {
        for (lo, hi) in ranges {
            self.push(lo, hi);
        }
        self
    }

    pub(super) fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// The code starting at `bytes[0]` and its length in bytes (at least 1 when `bytes` is
    /// not empty). A byte sequence matching no range takes the shortest length.
    pub(super) fn next_code(&self, bytes: &[u8]) -> (u32, usize) {
        if bytes.is_empty() {
            return (0, 0);
        }
        let mut shortest = 4;
        for &(len, lo, hi) in &self.ranges {
            shortest = shortest.min(len);
            if bytes.len() < len {
                continue;
            }
            let ok = (0..len).all(|i| {
                let b = bytes.get(i).copied().unwrap_or(0);
                b >= lo[i] && b <= hi[i]
            });
            if ok {
                return (code_of(bytes.get(..len).unwrap_or_default()), len);
            }
        }
        let len = if self.ranges.is_empty() { 1 } else { shortest }.min(bytes.len());
        (code_of(bytes.get(..len).unwrap_or_default()), len)
    }
}

/// Big-endian integer of up to 4 bytes.
pub(super) fn code_of(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .take(4)
        .fold(0u32, |acc, &b| (acc << 8) | u32::from(b))
}

/// A parsed CMap.
#[derive(Clone, Debug, Default)]
pub(super) struct CMap {
    pub(super) codespace: CodeSpace,
    /// Sorted (code, index into `texts`) for `bfchar`/`bfrange`.
    unicode: Vec<(u32, u32)>,
    texts: Vec<Box<str>>,
    /// Sorted, non-overlapping-ish (lo, hi, first cid) from `cidchar`/`cidrange`.
    cids: Vec<(u32, u32, u32)>,
    /// Name of a predefined CMap this one builds on (`usecmap`).
    pub(super) usecmap: Option<Vec<u8>>,
}

impl CMap {
    pub(super) fn has_unicode(&self) -> bool {
        !self.unicode.is_empty()
    }

    /// Text for a code, if mapped.
    pub(super) fn lookup(&self, code: u32) -> Option<&str> {
        let i = self.unicode.binary_search_by_key(&code, |&(c, _)| c).ok()?;
        let (_, t) = self.unicode.get(i)?;
        self.texts.get(*t as usize).map(AsRef::as_ref)
    }

    /// CID for a code, if the map has CID entries covering it.
    pub(super) fn cid(&self, code: u32) -> Option<u32> {
        let i = self.cids.partition_point(|&(lo, _, _)| lo <= code);
        let &(lo, hi, first) = self.cids.get(i.checked_sub(1)?)?;
        (code <= hi).then(|| first.saturating_add(code - lo))
    }

    pub(super) fn has_cids(&self) -> bool {
        !self.cids.is_empty()
    }

    /// Parses a CMap program. Never fails: what cannot be read is skipped.
    pub(super) fn parse(data: &[u8]) -> CMap {
        let mut cmap = CMap::default();
        let mut operands: Vec<Token<'_>> = Vec::new();
        let mut pending: Vec<(u32, String)> = Vec::new();
        let mut a = Vec::new();
        let mut b = Vec::new();
        for token in Lexer::new(data) {
            let Token::Op(op) = token else {
                if operands.len() < 1 << 16 {
                    operands.push(token);
                }
                continue;
            };
            match op {
                b"endcodespacerange" => {
                    for pair in operands.chunks_exact(2) {
                        if let [lo, hi] = pair {
                            decode_string(lo, &mut a);
                            decode_string(hi, &mut b);
                            cmap.codespace.push(&a, &b);
                        }
                    }
                }
                b"endbfchar" => {
                    for pair in operands.chunks_exact(2) {
                        if let [src, dst] = pair {
                            decode_string(src, &mut a);
                            if a.is_empty() || a.len() > 4 {
                                continue;
                            }
                            let text = if let Token::Name(n) = dst {
                                glyph_name_text(n)
                            } else {
                                decode_string(dst, &mut b);
                                utf16_text(&b)
                            };
                            if pending.len() < MAX_ENTRIES {
                                pending.push((code_of(&a), text));
                            }
                        }
                    }
                }
                b"endbfrange" => parse_bfranges(&operands, &mut pending, &mut a, &mut b),
                b"endcidchar" => {
                    for pair in operands.chunks_exact(2) {
                        if let [src, Token::Number(cid)] = pair {
                            decode_string(src, &mut a);
                            if !a.is_empty() && *cid >= 0.0 && cmap.cids.len() < MAX_ENTRIES {
                                let c = code_of(&a);
                                cmap.cids.push((c, c, *cid as u32));
                            }
                        }
                    }
                }
                b"endcidrange" => {
                    for triple in operands.chunks_exact(3) {
                        if let [lo, hi, Token::Number(cid)] = triple {
                            decode_string(lo, &mut a);
                            decode_string(hi, &mut b);
                            if a.is_empty() || b.is_empty() || *cid < 0.0 {
                                continue;
                            }
                            let (l, h) = (code_of(&a), code_of(&b));
                            if l <= h && cmap.cids.len() < MAX_ENTRIES {
                                cmap.cids.push((l, h, *cid as u32));
                            }
                        }
                    }
                }
                b"usecmap" => {
                    if let Some(Token::Name(n)) = operands.last() {
                        cmap.usecmap = Some(n.to_vec());
                    }
                }
                _ => {}
            }
            operands.clear();
        }
        // Later entries win, as in a CMap program.
        pending.reverse();
        pending.sort_by_key(|&(c, _)| c);
        pending.dedup_by_key(|&mut (c, _)| c);
        for (code, text) in pending {
            let idx = cmap.texts.len() as u32;
            cmap.texts.push(text.into_boxed_str());
            cmap.unicode.push((code, idx));
        }
        cmap.cids.sort_by_key(|&(lo, _, _)| lo);
        cmap
    }
}

fn parse_bfranges(
    operands: &[Token<'_>],
    pending: &mut Vec<(u32, String)>,
    a: &mut Vec<u8>,
    b: &mut Vec<u8>,
) {
    let mut i = 0;
    let mut dst = Vec::new();
    while i + 2 < operands.len() {
        let (Some(lo), Some(hi)) = (operands.get(i), operands.get(i + 1)) else {
            break;
        };
        decode_string(lo, a);
        decode_string(hi, b);
        let (l, h) = (code_of(a), code_of(b));
        let valid = !a.is_empty() && a.len() <= 4 && !b.is_empty() && l <= h;
        let count = if valid {
            (h - l).min(0xffff) as usize + 1
        } else {
            0
        };
        match operands.get(i + 2) {
            Some(Token::ArrayStart) => {
                let mut j = i + 3;
                let mut k = 0usize;
                while let Some(t) = operands.get(j) {
                    j += 1;
                    match t {
                        Token::ArrayEnd => break,
                        Token::Hex(raw) => {
                            if k < count && pending.len() < MAX_ENTRIES {
                                dst.clear();
                                decode_hex(raw, &mut dst);
                                pending.push((l + k as u32, utf16_text(&dst)));
                            }
                            k += 1;
                        }
                        Token::Name(n) => {
                            if k < count && pending.len() < MAX_ENTRIES {
                                pending.push((l + k as u32, glyph_name_text(n)));
                            }
                            k += 1;
                        }
                        _ => k += 1,
                    }
                }
                i = j;
            }
            Some(t @ (Token::Hex(_) | Token::Literal(_))) => {
                decode_string(t, &mut dst);
                let units: Vec<u16> = dst
                    .chunks(2)
                    .map(|c| match c {
                        [x, y] => u16::from(*x) << 8 | u16::from(*y),
                        [x] => u16::from(*x),
                        _ => 0,
                    })
                    .collect();
                if let Some((&last, head)) = units.split_last() {
                    for k in 0..count {
                        if pending.len() >= MAX_ENTRIES {
                            break;
                        }
                        let mut u = head.to_vec();
                        u.push(last.wrapping_add(k as u16));
                        pending.push((l + k as u32, String::from_utf16_lossy(&u)));
                    }
                }
                i += 3;
            }
            Some(Token::Name(n)) => {
                if count > 0 && pending.len() < MAX_ENTRIES {
                    pending.push((l, glyph_name_text(n)));
                }
                i += 3;
            }
            _ => i += 3,
        }
    }
}

/// UTF-16BE bytes to text; a single byte is taken as a Latin-1 character.
pub(super) fn utf16_text(bytes: &[u8]) -> String {
    if bytes.len() == 1 {
        return bytes
            .first()
            .map(|&b| char::from(b).to_string())
            .unwrap_or_default();
    }
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| match c {
            [x, y] => u16::from(*x) << 8 | u16::from(*y),
            _ => 0,
        })
        .collect();
    String::from_utf16_lossy(&units)
}

fn glyph_name_text(name: &[u8]) -> String {
    super::encoding::glyph_to_char(name)
        .map(String::from)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bfchar_and_bfrange_forms_map_codes() {
        let cmap = CMap::parse(
            b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
              1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
              2 beginbfchar <0003> <0020> <0010> <00660069> endbfchar\n\
              2 beginbfrange <0020> <0022> <0041>\n\
              <0030> <0032> [<0078> <D835DC00> <0079>] endbfrange\n\
              endcmap",
        );
        assert_eq!(cmap.lookup(3), Some(" "));
        assert_eq!(cmap.lookup(0x10), Some("fi"));
        assert_eq!(cmap.lookup(0x21), Some("B"));
        assert_eq!(cmap.lookup(0x22), Some("C"));
        assert_eq!(cmap.lookup(0x31), Some("\u{1D400}"));
        assert_eq!(cmap.lookup(0x32), Some("y"));
        assert_eq!(cmap.lookup(0x33), None);
        assert_eq!(cmap.codespace.next_code(&[0, 3, 1]), (3, 2));
    }

    #[test]
    fn malformed_entries_are_skipped() {
        let cmap = CMap::parse(
            b"3 beginbfchar <01> <0041> <02> endbfchar 1 beginbfrange <05> <01> <0041> endbfrange \
              1 beginbfrange <00> <FFFFFFFF> <0041> endbfrange",
        );
        // The oversized range is capped; later entries override earlier ones.
        assert_eq!(cmap.lookup(1), Some("B"));
        assert_eq!(cmap.lookup(2), Some("C"));
        assert!(cmap.unicode.len() <= 0x10000 + 2);
    }

    #[test]
    fn mixed_length_code_space_splits_codes() {
        let cs = CodeSpace::default().with(&[(b"\x00", b"\x80"), (b"\x81\x40", b"\xfe\xfe")]);
        assert_eq!(cs.next_code(b"A\xb0\xa1"), (0x41, 1));
        assert_eq!(cs.next_code(b"\xb0\xa1"), (0xb0a1, 2));
        assert_eq!(cs.next_code(b"\xff"), (0xff, 1));
    }

    #[test]
    fn cid_ranges_map_codes_to_cids() {
        let cmap = CMap::parse(
            b"1 begincidrange <8140> <817e> 633 endcidrange 1 begincidchar <20> 1 endcidchar",
        );
        assert_eq!(cmap.cid(0x8141), Some(634));
        assert_eq!(cmap.cid(0x20), Some(1));
        assert_eq!(cmap.cid(0x817f), None);
    }
}

//! The Unicode `cmap` table of an embedded TrueType/OpenType font, inverted to glyph id →
//! character: the last resort for CID fonts that carry neither a `ToUnicode` nor a known
//! character collection (Word and LibreOffice subsets written with `Identity-H`).
//!
//! It owns parsing the table directory and `cmap` subtables of formats 4 and 12 (Unicode
//! platform 0 or Windows platform 3, encodings 1 and 10). Every read is bounds-checked; a
//! damaged table yields fewer entries, never a panic. It knows nothing of PDF objects.

/// Most glyph entries kept from one font.
const MAX_GLYPHS: usize = 65_536;

/// Sorted, deduplicated (glyph id, character) pairs from the font's Unicode `cmap`; for a
/// glyph reached from several code points the lowest one wins.
pub(super) fn glyph_chars(font: &[u8]) -> Vec<(u16, char)> {
    let mut out = Vec::new();
    let Some(cmap) = table(font, *b"cmap") else {
        return out;
    };
    let count = u16_at(cmap, 2).unwrap_or(0);
    // Prefer a full-repertoire (format 12) subtable, then a BMP one.
    let mut best: Option<(u8, usize)> = None;
    for i in 0..usize::from(count) {
        let rec = 4 + i * 8;
        let (Some(platform), Some(encoding), Some(offset)) = (
            u16_at(cmap, rec),
            u16_at(cmap, rec + 2),
            u32_at(cmap, rec + 4),
        ) else {
            break;
        };
        let rank = match (platform, encoding) {
            (3, 10) | (0, 4 | 6) => 2,
            (3, 1) | (0, 0..=3) => 1,
            _ => continue,
        };
        if best.is_none_or(|(r, _)| rank > r) {
            best = Some((rank, offset as usize));
        }
    }
    let Some((_, offset)) = best else {
        return out;
    };
    let Some(sub) = cmap.get(offset..) else {
        return out;
    };
    match u16_at(sub, 0) {
        Some(4) => format4(sub, &mut out),
        Some(12) => format12(sub, &mut out),
        _ => {}
    }
    out.sort_unstable();
    out.dedup_by_key(|&mut (gid, _)| gid);
    out
}

fn format4(sub: &[u8], out: &mut Vec<(u16, char)>) {
    let segs = usize::from(u16_at(sub, 6).unwrap_or(0) / 2);
    let ends = 14;
    let starts = ends + 2 * segs + 2;
    let deltas = starts + 2 * segs;
    let range_offsets = deltas + 2 * segs;
    for s in 0..segs {
        let (Some(end), Some(start), Some(delta), Some(ro)) = (
            u16_at(sub, ends + 2 * s),
            u16_at(sub, starts + 2 * s),
            u16_at(sub, deltas + 2 * s),
            u16_at(sub, range_offsets + 2 * s),
        ) else {
            return;
        };
        if start > end || start == 0xFFFF {
            continue;
        }
        for code in start..=end {
            if out.len() >= MAX_GLYPHS {
                return;
            }
            let gid = if ro == 0 {
                code.wrapping_add(delta)
            } else {
                let at = range_offsets + 2 * s + usize::from(ro) + 2 * usize::from(code - start);
                match u16_at(sub, at) {
                    Some(0) | None => continue,
                    Some(g) => g.wrapping_add(delta),
                }
            };
            if let (true, Some(ch)) = (gid != 0, char::from_u32(u32::from(code))) {
                out.push((gid, ch));
            }
        }
    }
}

fn format12(sub: &[u8], out: &mut Vec<(u16, char)>) {
    let groups = u32_at(sub, 12).unwrap_or(0) as usize;
    for g in 0..groups.min(MAX_GLYPHS) {
        let at = 16 + g * 12;
        let (Some(first), Some(last), Some(gid)) =
            (u32_at(sub, at), u32_at(sub, at + 4), u32_at(sub, at + 8))
        else {
            return;
        };
        if first > last {
            continue;
        }
        for (k, code) in (first..=last).enumerate() {
            if out.len() >= MAX_GLYPHS {
                return;
            }
            let glyph = gid.saturating_add(k as u32);
            if let (Ok(glyph @ 1..), Some(ch)) = (u16::try_from(glyph), char::from_u32(code)) {
                out.push((glyph, ch));
            }
        }
    }
}

/// The bytes of a table of an sfnt font, by tag.
fn table(font: &[u8], tag: [u8; 4]) -> Option<&[u8]> {
    let count = usize::from(u16_at(font, 4)?);
    for i in 0..count {
        let rec = 12 + i * 16;
        if font.get(rec..rec + 4)? == tag.as_slice() {
            let offset = u32_at(font, rec + 8)? as usize;
            let len = u32_at(font, rec + 12)? as usize;
            return font.get(offset..offset.checked_add(len)?);
        }
    }
    None
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*b.get(at)?, *b.get(at + 1)?]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes([
        *b.get(at)?,
        *b.get(at + 1)?,
        *b.get(at + 2)?,
        *b.get(at + 3)?,
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal sfnt with one `cmap` table holding one format-4 subtable (3,1).
    fn font_with_format4(segments: &[(u16, u16, u16)]) -> Vec<u8> {
        // segments: (start, end, delta); a final 0xFFFF segment is added.
        let mut segs: Vec<(u16, u16, u16)> = segments.to_vec();
        segs.push((0xFFFF, 0xFFFF, 1));
        let n = segs.len() as u16;
        let mut sub = Vec::new();
        let len = 16 + 8 * segs.len();
        for v in [4u16, len as u16, 0, n * 2, 0, 0, 0] {
            sub.extend_from_slice(&v.to_be_bytes());
        }
        for s in &segs {
            sub.extend_from_slice(&s.1.to_be_bytes());
        }
        sub.extend_from_slice(&0u16.to_be_bytes());
        for s in &segs {
            sub.extend_from_slice(&s.0.to_be_bytes());
        }
        for s in &segs {
            sub.extend_from_slice(&s.2.to_be_bytes());
        }
        for _ in &segs {
            sub.extend_from_slice(&0u16.to_be_bytes());
        }
        let mut cmap = Vec::new();
        for v in [0u16, 1, 3, 1] {
            cmap.extend_from_slice(&v.to_be_bytes());
        }
        cmap.extend_from_slice(&12u32.to_be_bytes());
        cmap.extend_from_slice(&sub);
        let mut font = Vec::new();
        font.extend_from_slice(&0x0001_0000u32.to_be_bytes());
        for v in [1u16, 16, 0, 0] {
            font.extend_from_slice(&v.to_be_bytes());
        }
        font.extend_from_slice(b"cmap");
        font.extend_from_slice(&0u32.to_be_bytes());
        font.extend_from_slice(&28u32.to_be_bytes());
        font.extend_from_slice(&(cmap.len() as u32).to_be_bytes());
        font.extend_from_slice(&cmap);
        font
    }

    #[test]
    fn format4_segments_invert_to_glyph_chars() {
        // 'A'..'C' → glyphs 3..5; 技 (U+6280) → glyph 10.
        let font = font_with_format4(&[
            (0x41, 0x43, 3u16.wrapping_sub(0x41)),
            (0x6280, 0x6280, 10u16.wrapping_sub(0x6280)),
        ]);
        assert_eq!(
            glyph_chars(&font),
            vec![(3, 'A'), (4, 'B'), (5, 'C'), (10, '技')]
        );
    }

    #[test]
    fn damaged_fonts_yield_nothing() {
        assert!(glyph_chars(b"").is_empty());
        assert!(glyph_chars(&[0, 1, 0, 0, 0, 9]).is_empty());
        let mut font = font_with_format4(&[(0x41, 0x43, 3)]);
        font.truncate(font.len() - 10);
        let _ = glyph_chars(&font);
    }
}

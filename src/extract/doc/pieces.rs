//! The piece table ([MS-DOC] 2.9.38 `Clx`, 2.9.177 `PlcPcd`): where each run of character
//! positions is stored in the `WordDocument` stream, as 8-bit cp1252 ("compressed") or
//! UTF-16LE. [`text_units`] assembles the document's characters as UTF-16 code units
//! indexed by character position, so a story is a range of that vector, and returns the
//! pieces so a character position can be traced back to its file offset ([`file_offset`]).
//!
//! Everything read here is bounds-checked: a piece table that is truncated, runs
//! backwards, or points outside the `WordDocument` stream is `malformed`.

use super::fib::u32_at;
use crate::error::ExtractError;

/// `fc` bit that marks an 8-bit piece.
const COMPRESSED: u32 = 0x4000_0000;

/// One piece: characters from `cp` on are stored from byte `fc` of the `WordDocument`
/// stream, one byte each when `compressed`, else two.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Piece {
    pub cp: u32,
    pub fc: u32,
    pub compressed: bool,
}

/// The file offset of character position `cp` (pieces in order, as [`text_units`] gives
/// them).
pub(super) fn file_offset(pieces: &[Piece], cp: u32) -> Option<u32> {
    let piece = pieces.iter().rev().find(|p| p.cp <= cp)?;
    let chars = cp - piece.cp;
    let width = if piece.compressed { 1 } else { 2 };
    piece.fc.checked_add(chars.checked_mul(width)?)
}

/// The characters `[0, wanted)` of the document as UTF-16 code units, one per
/// character position, and the pieces they came from.
///
/// # Errors
/// `malformed` when the `Clx` at `clx` in `table` cannot be read, a piece runs outside the
/// `WordDocument` stream, or the pieces do not cover `wanted` characters.
pub(super) fn text_units(
    word: &[u8],
    table: &[u8],
    clx: (u32, u32),
    wanted: u32,
) -> Result<(Vec<u16>, Vec<Piece>), ExtractError> {
    let plc = piece_table(table, clx)?;
    let count = (plc.len().saturating_sub(4)) / 12;
    if count == 0 {
        return Err(ExtractError::malformed("doc: piece table is empty"));
    }
    let cp = |i: usize| u32_at(plc, i * 4).unwrap_or(0);
    let mut units: Vec<u16> = Vec::with_capacity((wanted as usize).min(word.len()));
    let mut pieces = Vec::new();
    for i in 0..count {
        let (start, end) = (cp(i), cp(i + 1));
        if end < start || start as usize != units.len() {
            return Err(ExtractError::malformed(format!(
                "doc: piece {i} covers characters {start}..{end}, expected to start at {}",
                units.len()
            )));
        }
        let pcd = (count + 1) * 4 + i * 8;
        let fc = u32_at(plc, pcd + 2).ok_or_else(|| {
            ExtractError::malformed(format!("doc: piece descriptor {i} is truncated"))
        })?;
        let chars = (end - start) as usize;
        let outside = || {
            ExtractError::malformed(format!(
                "doc: piece {i} points outside the worddocument stream ({} bytes)",
                word.len()
            ))
        };
        let compressed = fc & COMPRESSED != 0;
        let offset = if compressed {
            (fc & !COMPRESSED) / 2
        } else {
            fc
        };
        pieces.push(Piece {
            cp: start,
            fc: offset,
            compressed,
        });
        if compressed {
            let at = offset as usize;
            let bytes = word
                .get(at..at.checked_add(chars).ok_or_else(outside)?)
                .ok_or_else(outside)?;
            units.extend(bytes.iter().map(|&b| cp1252(b)));
        } else {
            let at = fc as usize;
            let bytes = word
                .get(at..at.checked_add(chars * 2).ok_or_else(outside)?)
                .ok_or_else(outside)?;
            units.extend(
                bytes
                    .chunks_exact(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]])),
            );
        }
        if units.len() >= wanted as usize {
            break;
        }
    }
    if units.len() < wanted as usize {
        return Err(ExtractError::malformed(format!(
            "doc: piece table covers {} characters, the fib counts {wanted}",
            units.len()
        )));
    }
    units.truncate(wanted as usize);
    Ok((units, pieces))
}

/// The `PlcPcd` inside the `Clx`, skipping any `Prc` (property modifiers) before it.
fn piece_table(table: &[u8], (fc, lcb): (u32, u32)) -> Result<&[u8], ExtractError> {
    let outside = || {
        ExtractError::malformed(format!(
            "doc: piece table at {fc}+{lcb} lies outside the table stream ({} bytes)",
            table.len()
        ))
    };
    let start = fc as usize;
    let clx = table
        .get(start..start.checked_add(lcb as usize).ok_or_else(outside)?)
        .ok_or_else(outside)?;
    let mut at = 0usize;
    loop {
        match clx.get(at) {
            Some(1) => {
                let size = clx
                    .get(at + 1..at + 3)
                    .map(|b| i16::from_le_bytes([b[0], b[1]]))
                    .ok_or_else(outside)?;
                at += 3 + usize::try_from(size.max(0)).unwrap_or(0);
            }
            Some(2) => {
                let len = u32_at(clx, at + 1).ok_or_else(outside)? as usize;
                return clx
                    .get(at + 5..(at + 5).checked_add(len).ok_or_else(outside)?)
                    .ok_or_else(outside);
            }
            Some(other) => {
                return Err(ExtractError::malformed(format!(
                    "doc: piece table has an unknown entry type {other:#04x}"
                )));
            }
            None => return Err(ExtractError::malformed("doc: no piece table in the clx")),
        }
    }
}

/// A byte of a compressed piece: cp1252 ([MS-DOC] 2.4.1 lists the same mapping).
fn cp1252(b: u8) -> u16 {
    if !(0x80..0xA0).contains(&b) {
        return u16::from(b);
    }
    let mut out = [0u16; 2];
    let byte = [b];
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&byte);
    text.chars()
        .next()
        .map_or(u16::from(b), |c| c.encode_utf16(&mut out)[0])
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::model::ErrorKind;

    /// A `Clx` holding one `PlcPcd` for pieces `(first cp, fc, compressed)`, ending at `end`.
    pub fn clx(pieces: &[(u32, u32, bool)], end: u32) -> Vec<u8> {
        let mut plc = Vec::new();
        for (cp, _, _) in pieces {
            plc.extend_from_slice(&cp.to_le_bytes());
        }
        plc.extend_from_slice(&end.to_le_bytes());
        for &(_, fc, compressed) in pieces {
            plc.extend_from_slice(&0u16.to_le_bytes());
            let fc = if compressed {
                (fc * 2) | COMPRESSED
            } else {
                fc
            };
            plc.extend_from_slice(&fc.to_le_bytes());
            plc.extend_from_slice(&0u16.to_le_bytes());
        }
        let mut out = vec![1, 2, 0, 0xAA, 0xBB, 2];
        out.extend_from_slice(&(plc.len() as u32).to_le_bytes());
        out.extend_from_slice(&plc);
        out
    }

    #[test]
    fn compressed_and_utf16_pieces_join_in_order() {
        let mut word = b"Hello \x93x\x94".to_vec();
        let utf16_at = word.len() as u32;
        for u in "合同".encode_utf16() {
            word.extend_from_slice(&u.to_le_bytes());
        }
        let table = clx(&[(0, 0, true), (9, utf16_at, false)], 11);
        let (units, pieces) = text_units(&word, &table, (0, table.len() as u32), 11).unwrap();
        assert_eq!(String::from_utf16_lossy(&units), "Hello “x”合同");
        assert_eq!(file_offset(&pieces, 3), Some(3));
        assert_eq!(file_offset(&pieces, 10), Some(utf16_at + 2));
    }

    #[test]
    fn pieces_outside_the_stream_are_malformed() {
        let word = b"short".to_vec();
        let table = clx(&[(0, 2, true)], 50);
        let err = text_units(&word, &table, (0, table.len() as u32), 50).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Malformed);
        assert!(err.message.contains("outside"), "{}", err.message);
        let err = text_units(&word, &table, (9999, 10), 5).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Malformed);
        let backwards = clx(&[(0, 0, true), (4, 0, true)], 2);
        let err = text_units(&word, &backwards, (0, backwards.len() as u32), 6).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Malformed);
        let huge = clx(&[(0, u32::MAX / 4, false)], u32::MAX);
        assert!(text_units(&word, &huge, (0, huge.len() as u32), u32::MAX).is_err());
    }
}

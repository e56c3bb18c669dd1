//! The File Information Block at the start of a Word 97–2003 `WordDocument` stream
//! ([MS-DOC] 2.5.1): which table stream holds the document's tables, whether the file is
//! encrypted, the length of each story in characters, and where the piece table (`Clx`)
//! and the header story table (`PlcfHdd`) sit in the table stream.
//!
//! This module reads fixed offsets only; every read is bounds-checked and a FIB too short
//! for what Word 97 writes is `malformed`.

use crate::error::ExtractError;

/// `wIdent` of a Word binary document.
const W_IDENT: u16 = 0xA5EC;
/// `nFib` of Word 97, the first version this reader understands.
const NFIB_WORD97: u16 = 0x00C1;

/// What the reader needs from the FIB.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Fib {
    /// `1Table` when set, `0Table` otherwise (`fWhichTblStm`).
    pub table_stream_1: bool,
    /// Story lengths in characters, in the order the stories follow one another in the
    /// document's character positions: main text, footnotes, headers, comments,
    /// endnotes, text boxes, header text boxes.
    pub ccp: Stories,
    /// Offset and length of the `Clx` (piece table) in the table stream.
    pub clx: (u32, u32),
    /// Offset and length of the `PlcfHdd` (header story boundaries) in the table stream.
    pub hdd: (u32, u32),
    /// Offset and length of the `PlcBtePapx` (paragraph property pages) in the table stream.
    pub papx: (u32, u32),
    /// Offsets and lengths of the list definitions (`PlfLst`) and list instances
    /// (`PlfLfo`) in the table stream; `(0, 0)` when the FIB is too short to name them.
    pub plf_lst: (u32, u32),
    pub plf_lfo: (u32, u32),
}

/// Character counts of the stories.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Stories {
    pub text: u32,
    pub footnotes: u32,
    pub headers: u32,
    pub comments: u32,
    pub endnotes: u32,
    pub text_boxes: u32,
    pub header_text_boxes: u32,
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    let b = data.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([b[0], b[1]]))
}

pub(super) fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    let b = data.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Reads the FIB from the start of the `WordDocument` stream.
///
/// # Errors
/// `malformed` for a stream that is not a Word 97+ FIB; `unsupported` for Word 6/95;
/// `encrypted` for a password-protected or obfuscated document.
pub(super) fn read(stream: &[u8]) -> Result<Fib, ExtractError> {
    let truncated = || ExtractError::malformed("doc: file information block (fib) is truncated");
    let ident = u16_at(stream, 0).ok_or_else(truncated)?;
    if ident != W_IDENT {
        return Err(ExtractError::malformed(format!(
            "doc: not a word document (fib identifier {ident:#06x}, expected 0xa5ec)"
        )));
    }
    let n_fib = u16_at(stream, 2).ok_or_else(truncated)?;
    if n_fib < NFIB_WORD97 {
        return Err(ExtractError::unsupported(format!(
            "doc: word 6/95 document (nfib {n_fib:#06x}) is not supported; save it as .docx"
        )));
    }
    let flags = u16_at(stream, 0x0A).ok_or_else(truncated)?;
    if flags & 0x0100 != 0 || flags & 0x8000 != 0 {
        return Err(ExtractError::encrypted("doc is password-protected"));
    }
    // FibBase is 32 bytes; then csw and fibRgW, cslw and fibRgLw, cbRgFcLcb and fibRgFcLcb.
    let csw = usize::from(u16_at(stream, 32).ok_or_else(truncated)?);
    let lw_at = 34 + csw * 2;
    let cslw = usize::from(u16_at(stream, lw_at).ok_or_else(truncated)?);
    if cslw < 11 {
        return Err(ExtractError::malformed(format!(
            "doc: fib has {cslw} long values, word 97 writes 22"
        )));
    }
    let lw = |i: usize| u32_at(stream, lw_at + 2 + i * 4).ok_or_else(truncated);
    let fc_at = lw_at + 2 + cslw * 4;
    let pairs = usize::from(u16_at(stream, fc_at).ok_or_else(truncated)?);
    if pairs < 34 {
        return Err(ExtractError::malformed(format!(
            "doc: fib has {pairs} offset pairs, word 97 writes 93"
        )));
    }
    let pair = |i: usize| -> Result<(u32, u32), ExtractError> {
        let at = fc_at + 2 + i * 8;
        Ok((
            u32_at(stream, at).ok_or_else(truncated)?,
            u32_at(stream, at + 4).ok_or_else(truncated)?,
        ))
    };
    Ok(Fib {
        table_stream_1: flags & 0x0200 != 0,
        ccp: Stories {
            text: lw(3)?,
            footnotes: lw(4)?,
            headers: lw(5)?,
            comments: lw(7)?,
            endnotes: lw(8)?,
            text_boxes: lw(9)?,
            header_text_boxes: lw(10)?,
        },
        hdd: pair(11)?,
        papx: pair(13)?,
        clx: pair(33)?,
        plf_lst: if pairs > 74 { pair(73)? } else { (0, 0) },
        plf_lfo: if pairs > 74 { pair(74)? } else { (0, 0) },
    })
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A Word 97 FIB with the given story lengths and table-stream locations.
    pub fn fib_bytes(fib: &Fib, size: usize) -> Vec<u8> {
        let mut out = vec![0u8; size.max(1024)];
        out[0..2].copy_from_slice(&W_IDENT.to_le_bytes());
        out[2..4].copy_from_slice(&0x00C1u16.to_le_bytes());
        let flags: u16 = if fib.table_stream_1 { 0x0200 } else { 0 };
        out[0x0A..0x0C].copy_from_slice(&flags.to_le_bytes());
        out[32..34].copy_from_slice(&14u16.to_le_bytes());
        let lw_at = 34 + 28;
        out[lw_at..lw_at + 2].copy_from_slice(&22u16.to_le_bytes());
        let c = fib.ccp;
        for (i, v) in [
            (3, c.text),
            (4, c.footnotes),
            (5, c.headers),
            (7, c.comments),
            (8, c.endnotes),
            (9, c.text_boxes),
            (10, c.header_text_boxes),
        ] {
            let at = lw_at + 2 + i * 4;
            out[at..at + 4].copy_from_slice(&v.to_le_bytes());
        }
        let fc_at = lw_at + 2 + 22 * 4;
        out[fc_at..fc_at + 2].copy_from_slice(&93u16.to_le_bytes());
        for (i, (fc, lcb)) in [
            (11, fib.hdd),
            (13, fib.papx),
            (33, fib.clx),
            (73, fib.plf_lst),
            (74, fib.plf_lfo),
        ] {
            let at = fc_at + 2 + i * 8;
            out[at..at + 4].copy_from_slice(&fc.to_le_bytes());
            out[at + 4..at + 8].copy_from_slice(&lcb.to_le_bytes());
        }
        out
    }

    #[test]
    fn a_written_fib_reads_back() {
        let fib = Fib {
            table_stream_1: true,
            ccp: Stories {
                text: 10,
                footnotes: 3,
                headers: 7,
                ..Stories::default()
            },
            clx: (100, 21),
            hdd: (40, 32),
            papx: (72, 12),
            plf_lst: (200, 30),
            plf_lfo: (230, 20),
        };
        assert_eq!(read(&fib_bytes(&fib, 0)).unwrap(), fib);
    }

    #[test]
    fn the_fib_offsets_are_those_of_word_97() {
        // fcClx sits at 0x01A2 and ccpText at 0x004C in every Word 97 FIB.
        let fib = Fib {
            ccp: Stories {
                text: 0x1234,
                ..Stories::default()
            },
            clx: (0xABCD, 1),
            ..Fib::default()
        };
        let bytes = fib_bytes(&fib, 0);
        assert_eq!(u32_at(&bytes, 0x01A2), Some(0xABCD));
        assert_eq!(u32_at(&bytes, 0x004C), Some(0x1234));
    }

    #[test]
    fn bad_fibs_are_clean_errors() {
        use crate::model::ErrorKind;
        assert_eq!(read(b"").unwrap_err().kind, ErrorKind::Malformed);
        assert_eq!(read(&[0u8; 600]).unwrap_err().kind, ErrorKind::Malformed);
        let mut word6 = fib_bytes(&Fib::default(), 0);
        word6[2..4].copy_from_slice(&0x0065u16.to_le_bytes());
        assert_eq!(read(&word6).unwrap_err().kind, ErrorKind::Unsupported);
        let mut encrypted = fib_bytes(&Fib::default(), 0);
        encrypted[0x0A] |= 0x01;
        encrypted[0x0B] |= 0x01;
        assert_eq!(read(&encrypted).unwrap_err().kind, ErrorKind::Encrypted);
        let short = fib_bytes(&Fib::default(), 0);
        assert_eq!(read(&short[..100]).unwrap_err().kind, ErrorKind::Malformed);
    }
}

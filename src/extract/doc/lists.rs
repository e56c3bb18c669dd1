//! List numbers of a Word 97–2003 document: the list definitions (`PlfLst` with the `LVL`
//! records after it, [MS-DOC] 2.9.147, 2.9.150) and list instances (`PlfLfo`, 2.9.146) in
//! the table stream, and running counters, turned into the labels Word prints (`3.2`,
//! `第一条`, `（一）`, `(a)`). A paragraph names its list by `sprmPIlfo` and its level by
//! `sprmPIlvl` (read in `tables`); this module never sees paragraph text.
//!
//! Counters belong to the list definition (`lsid`), so instances of one list continue each
//! other; using a level resets the deeper ones; a level never used prints as its start
//! value minus one. Numbers are printed in the level's format with the DOCX reader's
//! formatter (`docx::numbering`). Level overrides of list instances are not read.
//! Damaged tables yield no labels, never an error.

use std::collections::HashMap;

use super::fib::u32_at;
use crate::extract::docx::numbering::{bullet_look_alike, format_counter};

const LEVELS: usize = 9;
/// Size of an `LSTF`, an `LVLF` and an `LFO`.
const LSTF: usize = 28;
const LVLF: usize = 28;
const LFO: usize = 16;
/// Lists and instances read at most (Word allows a few thousand).
const MAX_LISTS: usize = 32_767;

#[derive(Clone, Debug, Default)]
struct Level {
    start: u32,
    nfc: u8,
    /// The number text: UTF-16 units, where a unit below 9 stands for that level's number.
    text: Vec<u16>,
}

/// List definitions, instances and running counters of one document.
#[derive(Debug, Default)]
pub(super) struct Lists {
    /// Levels per list definition (`lsid`).
    definitions: HashMap<i32, Vec<Level>>,
    /// `lsid` of each list instance; `ilfo` 1 is the first.
    instances: Vec<i32>,
    counters: HashMap<i32, [Option<u32>; LEVELS]>,
}

fn i32_at(data: &[u8], at: usize) -> Option<i32> {
    u32_at(data, at).map(|v| v as i32)
}

impl Lists {
    /// Reads the definitions at `plf_lst` and the instances at `plf_lfo` in the table
    /// stream.
    pub fn read(table: &[u8], plf_lst: (u32, u32), plf_lfo: (u32, u32)) -> Lists {
        let mut lists = Lists::default();
        lists.read_definitions(table, plf_lst);
        lists.read_instances(table, plf_lfo);
        lists
    }

    fn read_definitions(&mut self, table: &[u8], (fc, lcb): (u32, u32)) -> Option<()> {
        let at = fc as usize;
        if lcb < 2 {
            return None;
        }
        let count = table
            .get(at..at + 2)
            .map(|b| i16::from_le_bytes([b[0], b[1]]))?;
        let count = usize::try_from(count).ok()?.min(MAX_LISTS);
        let mut defs = Vec::with_capacity(count.min(1024));
        for i in 0..count {
            let lstf = at + 2 + i * LSTF;
            let lsid = i32_at(table, lstf)?;
            let simple = table.get(lstf + 26)? & 1 != 0;
            defs.push((lsid, if simple { 1 } else { LEVELS }));
        }
        // The LVL records follow the PlfLst, list after list.
        let mut pos = at.checked_add(lcb as usize)?;
        for (lsid, levels) in defs {
            let mut read = Vec::with_capacity(levels);
            for _ in 0..levels {
                let (level, next) = read_level(table, pos)?;
                read.push(level);
                pos = next;
            }
            self.definitions.insert(lsid, read);
        }
        Some(())
    }

    fn read_instances(&mut self, table: &[u8], (fc, lcb): (u32, u32)) -> Option<()> {
        let at = fc as usize;
        if lcb < 4 {
            return None;
        }
        let count = usize::try_from(i32_at(table, at)?).ok()?.min(MAX_LISTS);
        for i in 0..count {
            self.instances.push(i32_at(table, at + 4 + i * LFO)?);
        }
        Some(())
    }

    /// The label of a paragraph in list instance `ilfo` (1-based) at level `ilvl`, counted
    /// in: call once per numbered paragraph, in document order.
    pub fn label(&mut self, ilfo: u16, ilvl: u8) -> Option<String> {
        let lsid = *self.instances.get(usize::from(ilfo).checked_sub(1)?)?;
        let levels = self.definitions.get(&lsid)?;
        let ilvl = usize::from(ilvl).min(levels.len().saturating_sub(1));
        let level = levels.get(ilvl)?;
        let counters = self.counters.entry(lsid).or_insert([None; LEVELS]);
        let value = counters
            .get(ilvl)
            .copied()
            .flatten()
            .map_or(level.start, |n| n.saturating_add(1));
        if let Some(c) = counters.get_mut(ilvl) {
            *c = Some(value);
        }
        for c in counters.iter_mut().skip(ilvl + 1) {
            *c = None;
        }
        if level.nfc == 23 {
            let bullet: String = char::decode_utf16(level.text.iter().copied())
                .filter_map(Result::ok)
                .map(bullet_look_alike)
                .collect();
            return Some(bullet).filter(|b| !b.trim().is_empty());
        }
        let mut out = String::new();
        let mut units = Vec::new();
        let flush = |units: &mut Vec<u16>, out: &mut String| {
            out.extend(char::decode_utf16(units.drain(..)).filter_map(Result::ok));
        };
        for &u in &level.text {
            if u < LEVELS as u16 {
                flush(&mut units, &mut out);
                let k = usize::from(u);
                let of = levels.get(k).unwrap_or(level);
                let n = counters
                    .get(k)
                    .copied()
                    .flatten()
                    .unwrap_or_else(|| of.start.saturating_sub(1));
                out.push_str(&format_counter(n, nfc_name(of.nfc)));
            } else {
                units.push(u);
            }
        }
        flush(&mut units, &mut out);
        let out = out.trim().to_owned();
        (!out.is_empty()).then_some(out)
    }
}

/// One `LVL`: its `LVLF`, property lists, and number text; returns it with the offset after.
fn read_level(table: &[u8], at: usize) -> Option<(Level, usize)> {
    let lvlf = table.get(at..at + LVLF)?;
    let start = u32::try_from(i32_at(lvlf, 0)?).unwrap_or(0);
    let nfc = lvlf[4];
    let chpx = usize::from(lvlf[24]);
    let papx = usize::from(lvlf[25]);
    let xst = at + LVLF + papx + chpx;
    let cch = usize::from(u16::from_le_bytes([*table.get(xst)?, *table.get(xst + 1)?]));
    let text = table
        .get(xst + 2..xst + 2 + cch * 2)?
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    Some((Level { start, nfc, text }, xst + 2 + cch * 2))
}

/// The `ST_NumberFormat` name of an `MSONFC` number format code.
fn nfc_name(nfc: u8) -> &'static str {
    match nfc {
        1 => "upperRoman",
        2 => "lowerRoman",
        3 => "upperLetter",
        4 => "lowerLetter",
        5 => "ordinal",
        10 => "ideographDigital",
        11 => "japaneseCounting",
        14 | 19 => "decimalFullWidth",
        16 => "japaneseLegal",
        17 => "japaneseDigitalTenThousand",
        18 => "decimalEnclosedCircle",
        22 => "decimalZero",
        23 => "bullet",
        26 => "decimalEnclosedFullstop",
        27 => "decimalEnclosedParen",
        28 => "decimalEnclosedCircleChinese",
        29 => "ideographEnclosedCircle",
        30 => "ideographTraditional",
        31 => "ideographZodiac",
        32 => "ideographZodiacTraditional",
        33 => "taiwaneseCounting",
        34 => "ideographLegalTraditional",
        35 => "taiwaneseCountingThousand",
        36 => "taiwaneseDigital",
        37 => "chineseCounting",
        38 => "chineseLegalSimplified",
        39 => "chineseCountingThousand",
        255 => "none",
        _ => "decimal",
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A `PlfLst` of one multi-level list `lsid` followed by its nine LVLs, then a `PlfLfo`
    /// with one instance of it. `levels` are (start, nfc, number text) for levels 0 and 1.
    /// Returns the bytes and the two (offset, length) pairs.
    pub fn tables(lsid: i32, levels: &[(u32, u8, &str)]) -> (Vec<u8>, (u32, u32), (u32, u32)) {
        let mut out = Vec::new();
        out.extend_from_slice(&1i16.to_le_bytes());
        let mut lstf = vec![0u8; LSTF];
        lstf[..4].copy_from_slice(&lsid.to_le_bytes());
        out.extend(lstf);
        let lst = (0, out.len() as u32);
        for k in 0..LEVELS {
            let (start, nfc, text) = levels.get(k).copied().unwrap_or((1, 0, ""));
            let mut lvlf = vec![0u8; LVLF];
            lvlf[..4].copy_from_slice(&(start as i32).to_le_bytes());
            lvlf[4] = nfc;
            lvlf[25] = 2; // a two-byte grpprlPapx, skipped
            out.extend(lvlf);
            out.extend([0xAA, 0xBB]);
            let units: Vec<u16> = text
                .chars()
                .map(|c| c.to_digit(10).map_or(c as u16, |d| d as u16))
                .collect();
            out.extend_from_slice(&(units.len() as u16).to_le_bytes());
            out.extend(units.iter().flat_map(|u| u.to_le_bytes()));
        }
        let lfo_at = out.len() as u32;
        out.extend_from_slice(&1i32.to_le_bytes());
        let mut lfo = vec![0u8; LFO];
        lfo[..4].copy_from_slice(&lsid.to_le_bytes());
        out.extend(lfo);
        (out.clone(), lst, (lfo_at, out.len() as u32 - lfo_at))
    }

    #[test]
    fn counters_render_in_the_level_formats() {
        // Level 0: 第N条 in Chinese counting; level 1: N.M in decimal ("0" and "1" stand
        // for the level placeholders).
        let (table, lst, lfo) = tables(7, &[(1, 37, "第0条"), (1, 0, "0.1")]);
        let mut lists = Lists::read(&table, lst, lfo);
        let labels: Vec<Option<String>> = [(1, 0), (1, 1), (1, 1), (1, 0), (1, 1), (2, 0), (0, 0)]
            .iter()
            .map(|&(ilfo, ilvl)| lists.label(ilfo, ilvl))
            .collect();
        assert_eq!(
            labels,
            [
                Some("第一条".into()),
                Some("一.1".into()),
                Some("一.2".into()),
                Some("第二条".into()),
                Some("二.1".into()),
                None,
                None
            ]
        );
    }

    #[test]
    fn damaged_tables_give_no_labels() {
        let mut lists = Lists::read(&[0xFF; 40], (0, 40), (10, 30));
        assert_eq!(lists.label(1, 0), None);
        let (table, lst, lfo) = tables(3, &[(1, 4, "(0)")]);
        let mut lists = Lists::read(&table[..table.len() / 2], lst, lfo);
        assert_eq!(lists.label(1, 0), None);
    }
}

//! Paragraph properties that shape blocks: the paragraph property pages ([MS-DOC] 2.8.6
//! `PlcBtePapx`, 2.9.175 `PapxFkp`) give, for runs of file offsets, each paragraph's
//! properties. A paragraph whose properties carry `sprmPFInTable` or a positive
//! `sprmPItap` is in a table cell (a cell mark `0x07` ends only a cell's last paragraph;
//! this is how the others are known); `sprmPIlfo` and `sprmPIlvl` name its list and level.
//!
//! Only those properties are read. Property pages that are damaged or point outside
//! the `WordDocument` stream are left out: their paragraphs count as outside tables.

use super::fib::u32_at;

/// Size of a formatted disk page.
const PAGE: usize = 512;
const SPRM_P_F_IN_TABLE: u16 = 0x2416;
const SPRM_P_ITAP: u16 = 0x6649;
const SPRM_P_ILFO: u16 = 0x460B;
const SPRM_P_ILVL: u16 = 0x260A;

/// What a paragraph's properties say about its block.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Props {
    pub in_table: bool,
    /// List instance (1-based; 0 for none) and level.
    pub ilfo: u16,
    pub ilvl: u8,
}

/// File-offset ranges `[start, end)` of paragraphs with properties that matter, sorted.
#[derive(Debug, Default)]
pub(super) struct TableRuns(Vec<(u32, u32, Props)>);

impl TableRuns {
    /// Reads the runs from the `PlcBtePapx` at `papx` in the table stream.
    pub fn read(word: &[u8], table: &[u8], (fc, lcb): (u32, u32)) -> TableRuns {
        let Some(plc) = table.get(fc as usize..(fc as usize).saturating_add(lcb as usize)) else {
            return TableRuns::default();
        };
        let count = plc.len().saturating_sub(4) / 8;
        let mut runs = Vec::new();
        for i in 0..count {
            let Some(pn) = u32_at(plc, (count + 1) * 4 + i * 4) else {
                break;
            };
            let at = ((pn & 0x003F_FFFF) as usize).saturating_mul(PAGE);
            if let Some(page) = word.get(at..at.saturating_add(PAGE)) {
                read_page(page, &mut runs);
            }
        }
        runs.sort_unstable_by_key(|&(start, end, _)| (start, end));
        TableRuns(runs)
    }

    /// The properties of the paragraph whose mark is at file offset `fc`.
    pub fn props(&self, fc: u32) -> Props {
        let i = self.0.partition_point(|&(start, _, _)| start <= fc);
        match i.checked_sub(1).and_then(|i| self.0.get(i)) {
            Some(&(_, end, props)) if fc < end => props,
            _ => Props::default(),
        }
    }

    /// Whether the paragraph whose mark is at file offset `fc` is in a table.
    #[cfg(test)]
    pub fn contains(&self, fc: u32) -> bool {
        self.props(fc).in_table
    }
}

/// Adds the in-table runs of one `PapxFkp`.
fn read_page(page: &[u8], runs: &mut Vec<(u32, u32, Props)>) {
    let crun = usize::from(page.get(PAGE - 1).copied().unwrap_or(0));
    for k in 0..crun {
        let (Some(start), Some(end)) = (u32_at(page, k * 4), u32_at(page, k * 4 + 4)) else {
            return;
        };
        // rgbx: 13-byte BxPap entries after the crun+1 file offsets; the first byte is the
        // word offset of the PapxInFkp.
        let Some(&offset) = page.get((crun + 1) * 4 + k * 13) else {
            return;
        };
        if offset == 0 || end <= start {
            continue;
        }
        let at = usize::from(offset) * 2;
        let Some(&cb) = page.get(at) else {
            continue;
        };
        let (grpprl_at, size) = if cb == 0 {
            let Some(&cb2) = page.get(at + 1) else {
                continue;
            };
            (at + 2, usize::from(cb2) * 2)
        } else {
            (at + 1, usize::from(cb) * 2 - 1)
        };
        let Some(papx) = page.get(grpprl_at..(grpprl_at + size).min(PAGE)) else {
            continue;
        };
        // The first two bytes are the style index.
        let props = props(papx.get(2..).unwrap_or_default());
        if props != Props::default() {
            runs.push((start, end, props));
        }
    }
}

/// The properties a paragraph property list sets.
fn props(mut grpprl: &[u8]) -> Props {
    let mut props = Props::default();
    while let Some(&[lo, hi]) = grpprl.first_chunk::<2>() {
        let sprm = u16::from_le_bytes([lo, hi]);
        let rest = grpprl.get(2..).unwrap_or_default();
        let size = match sprm >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            _ => match (sprm, rest) {
                (0xD608, [a, b, ..]) => usize::from(u16::from_le_bytes([*a, *b])) + 1,
                (_, [n, ..]) => usize::from(*n) + 1,
                _ => return props,
            },
        };
        let operand = rest.get(..size.min(rest.len())).unwrap_or_default();
        match (sprm, operand) {
            (SPRM_P_F_IN_TABLE, [v, ..]) => props.in_table |= *v != 0,
            (SPRM_P_ITAP, _) => props.in_table |= u32_at(operand, 0).is_some_and(|v| v > 0),
            (SPRM_P_ILFO, [a, b, ..]) => props.ilfo = u16::from_le_bytes([*a, *b]),
            (SPRM_P_ILVL, [v, ..]) => props.ilvl = *v,
            _ => {}
        }
        let Some(next) = rest.get(size..) else {
            return props;
        };
        grpprl = next;
    }
    props
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A `PapxFkp` page with runs `(start, end, in table)`.
    pub fn page(runs: &[(u32, u32, bool)]) -> Vec<u8> {
        let runs: Vec<(u32, u32, bool, u16)> = runs.iter().map(|&(a, b, t)| (a, b, t, 0)).collect();
        page_with_lists(&runs)
    }

    /// A `PapxFkp` page with runs `(start, end, in table, list instance at level 0)`.
    pub fn page_with_lists(runs: &[(u32, u32, bool, u16)]) -> Vec<u8> {
        let mut page = vec![0u8; PAGE];
        let crun = runs.len();
        for (k, (start, end, _, _)) in runs.iter().enumerate() {
            page[k * 4..k * 4 + 4].copy_from_slice(&start.to_le_bytes());
            page[k * 4 + 4..k * 4 + 8].copy_from_slice(&end.to_le_bytes());
        }
        // PapxInFkp records from the end of the page backwards.
        let mut at = PAGE - 2;
        for (k, (_, _, table, ilfo)) in runs.iter().enumerate() {
            // istd 0, then sprmPJc (1-byte operand), then sprmPFInTable when in a table,
            // sprmPIlfo and sprmPIlvl when in a list.
            let mut grpprl = vec![0, 0, 0x03, 0x24, 1];
            if *table {
                grpprl.extend_from_slice(&[0x16, 0x24, 1]);
            }
            if *ilfo > 0 {
                grpprl.extend_from_slice(&[0x0B, 0x46]);
                grpprl.extend_from_slice(&ilfo.to_le_bytes());
                grpprl.extend_from_slice(&[0x0A, 0x26, 0]);
            }
            if grpprl.len() % 2 == 0 {
                grpprl.push(0);
            }
            let cb = grpprl.len().div_ceil(2) as u8;
            let record = [&[cb][..], &grpprl].concat();
            at -= record.len();
            at &= !1;
            page[at..at + record.len()].copy_from_slice(&record);
            page[(crun + 1) * 4 + k * 13] = (at / 2) as u8;
        }
        page[PAGE - 1] = crun as u8;
        page
    }

    #[test]
    fn table_runs_come_from_the_paragraph_properties() {
        let mut word = vec![0u8; PAGE];
        word.extend(page(&[
            (600, 620, false),
            (620, 700, true),
            (700, 710, false),
        ]));
        let mut table = Vec::new();
        for fc in [600u32, 710, 1] {
            table.extend_from_slice(&fc.to_le_bytes());
        }
        let table = [&table[..8], &1u32.to_le_bytes()[..]].concat();
        let runs = TableRuns::read(&word, &table, (0, table.len() as u32));
        assert!(!runs.contains(610));
        assert!(runs.contains(620) && runs.contains(699));
        assert!(!runs.contains(700));
    }

    #[test]
    fn damaged_property_pages_mark_nothing() {
        let runs = TableRuns::read(&[], &[0xFF; 12], (0, 12));
        assert!(!runs.contains(0));
        let runs = TableRuns::read(
            &[0xFF; 2048],
            &[0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0],
            (0, 12),
        );
        let _ = runs.contains(7);
        assert_eq!(props(&[0xFF]), Props::default());
        assert_eq!(props(&[0x08, 0xD6, 0xFF, 0xFF]), Props::default());
        assert!(props(&[0x49, 0x66, 1, 0, 0, 0]).in_table);
        let listed = props(&[0x0B, 0x46, 3, 0, 0x0A, 0x26, 1]);
        assert_eq!((listed.ilfo, listed.ilvl, listed.in_table), (3, 1, false));
    }
}

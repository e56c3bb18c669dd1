//! A JBIG2 writer for tests (ITU-T T.88): one page holding one immediate generic region,
//! coded with the MQ arithmetic coder (template 0 with its nominal adaptive pixels, no
//! typical prediction), in the embedded organisation a PDF `JBIG2Decode` stream holds.
//! Debian has a JBIG2 decoder but no encoder, so the scans the OCR tests read are coded
//! here.

/// (Qe, next index after an MPS, next index after an LPS, switch MPS on LPS): T.88 Table E.1.
#[rustfmt::skip]
const QE: [(u32, usize, usize, bool); 47] = [
    (0x5601, 1, 1, true), (0x3401, 2, 6, false), (0x1801, 3, 9, false),
    (0x0AC1, 4, 12, false), (0x0521, 5, 29, false), (0x0221, 38, 33, false),
    (0x5601, 7, 6, true), (0x5401, 8, 14, false), (0x4801, 9, 14, false),
    (0x3801, 10, 14, false), (0x3001, 11, 17, false), (0x2401, 12, 18, false),
    (0x1C01, 13, 20, false), (0x1601, 29, 21, false), (0x5601, 15, 14, true),
    (0x5401, 16, 14, false), (0x5101, 17, 15, false), (0x4801, 18, 16, false),
    (0x3801, 19, 17, false), (0x3401, 20, 18, false), (0x3001, 21, 19, false),
    (0x2801, 22, 19, false), (0x2401, 23, 20, false), (0x2201, 24, 21, false),
    (0x1C01, 25, 22, false), (0x1801, 26, 23, false), (0x1601, 27, 24, false),
    (0x1401, 28, 25, false), (0x1201, 29, 26, false), (0x1101, 30, 27, false),
    (0x0AC1, 31, 28, false), (0x09C1, 32, 29, false), (0x08A1, 33, 30, false),
    (0x0521, 34, 31, false), (0x0441, 35, 32, false), (0x02A1, 36, 33, false),
    (0x0221, 37, 34, false), (0x0141, 38, 35, false), (0x0111, 39, 36, false),
    (0x0085, 40, 37, false), (0x0049, 41, 38, false), (0x0025, 42, 39, false),
    (0x0015, 43, 40, false), (0x0009, 44, 41, false), (0x0005, 45, 42, false),
    (0x0001, 45, 43, false), (0x5601, 46, 46, false),
];

/// The MQ encoder of T.88 Annex E.2.
struct Mq {
    a: u32,
    c: u32,
    ct: u32,
    /// Bytes out; the first is the byte "before the start" that a carry may reach, dropped.
    out: Vec<u8>,
    /// Per context: (index into `QE`, MPS).
    states: Vec<(usize, u8)>,
}

impl Mq {
    fn new(contexts: usize) -> Self {
        Mq {
            a: 0x8000,
            c: 0,
            ct: 12,
            out: vec![0],
            states: vec![(0, 0); contexts],
        }
    }

    fn encode(&mut self, cx: usize, d: u8) {
        let (i, mps) = self.states[cx];
        let (qe, nmps, nlps, switch) = QE[i];
        self.a -= qe;
        if d == mps {
            if self.a & 0x8000 != 0 {
                self.c += qe;
                return;
            }
            if self.a < qe {
                self.a = qe;
            } else {
                self.c += qe;
            }
            self.states[cx].0 = nmps;
        } else {
            if self.a < qe {
                self.c += qe;
            } else {
                self.a = qe;
            }
            if switch {
                self.states[cx].1 = 1 - mps;
            }
            self.states[cx].0 = nlps;
        }
        while self.a & 0x8000 == 0 {
            self.a <<= 1;
            self.c <<= 1;
            self.ct -= 1;
            if self.ct == 0 {
                self.byte_out();
            }
        }
    }

    fn byte_out(&mut self) {
        let last = self.out.len() - 1;
        if self.out[last] == 0xFF {
            self.out.push((self.c >> 20) as u8);
            self.c &= 0xF_FFFF;
            self.ct = 7;
        } else if self.c < 0x800_0000 {
            self.out.push((self.c >> 19) as u8);
            self.c &= 0x7_FFFF;
            self.ct = 8;
        } else {
            self.out[last] += 1;
            if self.out[last] == 0xFF {
                self.c &= 0x7FF_FFFF;
                self.out.push((self.c >> 20) as u8);
                self.c &= 0xF_FFFF;
                self.ct = 7;
            } else {
                // The carry went into the byte before: bit 8 is dropped.
                self.out.push((self.c >> 19) as u8);
                self.c &= 0x7_FFFF;
                self.ct = 8;
            }
        }
    }

    fn flush(mut self) -> Vec<u8> {
        let top = self.c + self.a;
        self.c |= 0xFFFF;
        if self.c >= top {
            self.c -= 0x8000;
        }
        self.c <<= self.ct;
        self.byte_out();
        self.c <<= self.ct;
        self.byte_out();
        if self.out.last() != Some(&0xFF) {
            self.out.push(0xFF);
        }
        self.out.push(0xAC);
        self.out.split_off(1)
    }
}

/// A segment: header (number, type, no referred-to segments, page 1) and data.
fn segment(out: &mut Vec<u8>, number: u32, kind: u8, data: &[u8]) {
    out.extend_from_slice(&number.to_be_bytes());
    out.push(kind);
    out.push(0);
    out.push(1);
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(data);
}

/// A JBIG2 stream (embedded organisation) of a `width` × `height` bitmap given as PBM rows
/// (`P4` data: rows padded to a byte, 1 is black).
pub fn generic_region(width: u32, height: u32, rows: &[u8]) -> Vec<u8> {
    let stride = width.div_ceil(8) as usize;
    let (w, h) = (i64::from(width), i64::from(height));
    let pixel = |x: i64, y: i64| -> usize {
        if x < 0 || y < 0 || x >= w || y >= h {
            return 0;
        }
        let byte = rows[y as usize * stride + (x / 8) as usize];
        usize::from((byte >> (7 - x % 8)) & 1)
    };
    let mut mq = Mq::new(1 << 16);
    // Template 0: four pixels to the left, row above from x-3 to x+3 (A2 and A1 at its
    // ends), two rows above from x-2 to x+2 (A4 and A3 at its ends).
    let neighbours: [(i64, i64); 16] = [
        (-1, 0),
        (-2, 0),
        (-3, 0),
        (-4, 0),
        (3, -1),
        (2, -1),
        (1, -1),
        (0, -1),
        (-1, -1),
        (-2, -1),
        (-3, -1),
        (2, -2),
        (1, -2),
        (0, -2),
        (-1, -2),
        (-2, -2),
    ];
    for y in 0..h {
        for x in 0..w {
            let cx = neighbours
                .iter()
                .enumerate()
                .fold(0, |cx, (bit, (dx, dy))| cx | (pixel(x + dx, y + dy) << bit));
            mq.encode(cx, pixel(x, y) as u8);
        }
    }
    let coded = mq.flush();

    let mut page_info = Vec::new();
    page_info.extend_from_slice(&width.to_be_bytes());
    page_info.extend_from_slice(&height.to_be_bytes());
    page_info.extend_from_slice(&[0; 8]); // resolution unknown
    page_info.push(0); // flags: default pixel 0 (white), OR
    page_info.extend_from_slice(&[0, 0]); // not striped
    let mut region = Vec::new();
    region.extend_from_slice(&width.to_be_bytes());
    region.extend_from_slice(&height.to_be_bytes());
    region.extend_from_slice(&[0; 8]); // at (0, 0)
    region.push(0); // combination operator OR
    region.push(0); // arithmetic coding, template 0, no typical prediction
    for at in [3i8, -1, -3, -1, 2, -2, -2, -2] {
        region.push(at as u8);
    }
    region.extend_from_slice(&coded);
    let mut out = Vec::new();
    segment(&mut out, 0, 48, &page_info);
    segment(&mut out, 1, 38, &region);
    segment(&mut out, 2, 49, &[]);
    out
}

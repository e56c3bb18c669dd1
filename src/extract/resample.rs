//! Preparing a page image for OCR: decoding it to 8-bit gray samples (JPEG through
//! `zune-jpeg`, the PGM and PPM files `pdf/images.rs` writes), resampling them with a
//! bicubic filter into a larger PGM, and turning them upright.
//!
//! It owns only pixels: when to scale or turn, and how far, is [`super::ocr`]'s
//! decision. Images it cannot decode (TIFF, PNG, JPEG 2000, a damaged JPEG) are `None`,
//! and are read as they are.

use zune_jpeg::JpegDecoder;
use zune_jpeg::zune_core::bytestream::ZCursor;
use zune_jpeg::zune_core::colorspace::ColorSpace;
use zune_jpeg::zune_core::options::DecoderOptions;

/// An 8-bit gray image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gray {
    pub width: usize,
    pub height: usize,
    /// Row by row, `width * height` samples.
    pub samples: Vec<u8>,
}

/// The largest image decoded or made, in pixels a side (`zune-jpeg`'s own default limit).
const MAX_SIDE: usize = 1 << 14;

impl Gray {
    /// Decodes a JPEG, or a binary PGM (`P5`) or PPM (`P6`) with 8-bit samples; `None` for
    /// anything else or a file that does not decode.
    pub fn decode(bytes: &[u8]) -> Option<Gray> {
        if bytes.starts_with(&[0xFF, 0xD8]) {
            return Self::jpeg(bytes);
        }
        Self::netpbm(bytes)
    }

    fn jpeg(bytes: &[u8]) -> Option<Gray> {
        let options = DecoderOptions::default()
            .jpeg_set_out_colorspace(ColorSpace::Luma)
            .set_max_width(MAX_SIDE)
            .set_max_height(MAX_SIDE);
        let mut decoder = JpegDecoder::new_with_options(ZCursor::new(bytes), options);
        let samples = decoder.decode().ok()?;
        let info = decoder.info()?;
        let (width, height) = (usize::from(info.width), usize::from(info.height));
        (decoder.output_colorspace() == Some(ColorSpace::Luma)
            && samples.len() == width.checked_mul(height)?)
        .then_some(Gray {
            width,
            height,
            samples,
        })
    }

    fn netpbm(bytes: &[u8]) -> Option<Gray> {
        let channels = match bytes.get(..2)? {
            b"P5" => 1,
            b"P6" => 3,
            _ => return None,
        };
        // Magic, width, height and maxval, each ended by one white-space byte (no comments:
        // these are the files techscan writes).
        let mut fields = Vec::with_capacity(3);
        let mut at = 3;
        while fields.len() < 3 {
            let len = bytes.get(at..)?.iter().position(u8::is_ascii_whitespace)?;
            let field = std::str::from_utf8(bytes.get(at..at + len)?).ok()?;
            fields.push(field.parse::<usize>().ok()?);
            at += len + 1;
        }
        let (width, height) = (fields[0], fields[1]);
        if fields[2] != 255 || width == 0 || height == 0 || width.max(height) > MAX_SIDE {
            return None;
        }
        let data = bytes.get(at..at + width * height * channels)?;
        let samples = if channels == 1 {
            data.to_vec()
        } else {
            data.chunks_exact(3)
                .map(|p| {
                    let luma =
                        299 * u32::from(p[0]) + 587 * u32::from(p[1]) + 114 * u32::from(p[2]);
                    ((luma + 500) / 1000) as u8
                })
                .collect()
        };
        Some(Gray {
            width,
            height,
            samples,
        })
    }

    /// The image resampled to `width` × `height` (each at least its own size) with a
    /// bicubic filter, one direction after the other.
    pub fn enlarged(&self, width: usize, height: usize) -> Gray {
        let (width, height) = (
            width.clamp(self.width, MAX_SIDE.max(self.width)),
            height.clamp(self.height, MAX_SIDE.max(self.height)),
        );
        let columns = taps(self.width, width);
        let mut wide = vec![0u8; width * self.height];
        for (row, out) in self
            .samples
            .chunks_exact(self.width)
            .zip(wide.chunks_exact_mut(width))
        {
            for (o, (first, weights)) in out.iter_mut().zip(&columns) {
                let sum: f32 = weights
                    .iter()
                    .zip(&row[*first..])
                    .map(|(w, s)| w * f32::from(*s))
                    .sum();
                *o = sum.round().clamp(0.0, 255.0) as u8;
            }
        }
        let rows = taps(self.height, height);
        let mut samples = vec![0u8; width * height];
        let mut sum = vec![0f32; width];
        for (out, (first, weights)) in samples.chunks_exact_mut(width).zip(&rows) {
            sum.fill(0.0);
            for (k, w) in weights.iter().enumerate() {
                let from = (first + k) * width;
                for (s, v) in sum.iter_mut().zip(&wide[from..from + width]) {
                    *s += w * f32::from(*v);
                }
            }
            for (o, s) in out.iter_mut().zip(&sum) {
                *o = s.round().clamp(0.0, 255.0) as u8;
            }
        }
        Gray {
            width,
            height,
            samples,
        }
    }

    /// The image turned `degrees` clockwise (90, 180 or 270; anything else leaves it as
    /// it is).
    pub fn turned(&self, degrees: u16) -> Gray {
        let (w, h) = (self.width, self.height);
        let mut samples = vec![0u8; self.samples.len()];
        match degrees {
            // (x, y) goes to (h - 1 - y, x) in an h-wide image.
            90 => {
                for (y, row) in self.samples.chunks_exact(w).enumerate() {
                    for (x, s) in row.iter().enumerate() {
                        samples[x * h + (h - 1 - y)] = *s;
                    }
                }
            }
            180 => samples
                .iter_mut()
                .zip(self.samples.iter().rev())
                .for_each(|(o, s)| *o = *s),
            // (x, y) goes to (y, w - 1 - x) in an h-wide image.
            270 => {
                for (y, row) in self.samples.chunks_exact(w).enumerate() {
                    for (x, s) in row.iter().enumerate() {
                        samples[(w - 1 - x) * h + y] = *s;
                    }
                }
            }
            _ => return self.clone(),
        }
        let (width, height) = if degrees == 180 { (w, h) } else { (h, w) };
        Gray {
            width,
            height,
            samples,
        }
    }

    /// The image as a PGM file.
    pub fn pgm(&self) -> Vec<u8> {
        super::ocr::netpbm(self.width as u32, self.height as u32, 1, &self.samples)
    }
}

/// The resolution a JPEG file's JFIF header gives (dots per inch, or per centimetre
/// converted), when it is plausible for a scanned page: its longer side 3 to 20 inches
/// (many programs write 72 or 96 dpi whatever the image, which would make a 300 dpi page a
/// yard long). `None` without a header, a resolution, or a plausible one.
pub fn jpeg_resolution(bytes: &[u8]) -> Option<u32> {
    // SOI, then the JFIF APP0 segment: FF E0, length, "JFIF\0", version (2 bytes), units,
    // x density (big-endian), y density.
    let app0 = bytes.get(..18)?;
    if app0[..4] != [0xFF, 0xD8, 0xFF, 0xE0] || &app0[6..11] != b"JFIF\0" {
        return None;
    }
    let density = f64::from(u16::from_be_bytes([app0[14], app0[15]]));
    let dpi = match app0[13] {
        1 => density,
        2 => density * 2.54,
        _ => return None,
    };
    let options = DecoderOptions::default()
        .set_max_width(MAX_SIDE)
        .set_max_height(MAX_SIDE);
    let mut decoder = JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    decoder.decode_headers().ok()?;
    let info = decoder.info()?;
    let long_side = f64::from(info.width.max(info.height)) / dpi.max(1.0);
    (dpi >= 1.0 && (3.0..=20.0).contains(&long_side)).then(|| dpi.round() as u32)
}

/// The bicubic kernel (a = −0.5, Catmull–Rom), support 2.
fn cubic(x: f32) -> f32 {
    const A: f32 = -0.5;
    let x = x.abs();
    if x < 1.0 {
        ((A + 2.0) * x - (A + 3.0)) * x * x + 1.0
    } else if x < 2.0 {
        (((x - 5.0) * x + 8.0) * x - 4.0) * A
    } else {
        0.0
    }
}

/// For each of `to` output samples along one direction of `from` input samples (`to` ≥
/// `from`): the first input sample it reads and the normalised weights of it and the next
/// ones, clamped to the edge.
fn taps(from: usize, to: usize) -> Vec<(usize, Vec<f32>)> {
    let scale = from as f32 / to as f32;
    (0..to)
        .map(|i| {
            let centre = (i as f32 + 0.5) * scale;
            let first = (centre - 2.0).floor().max(0.0) as usize;
            let last = ((centre + 2.0).ceil() as usize).min(from);
            let mut weights: Vec<f32> = (first..last)
                .map(|j| cubic(j as f32 + 0.5 - centre))
                .collect();
            let total: f32 = weights.iter().sum();
            if total.abs() > f32::EPSILON {
                for w in &mut weights {
                    *w /= total;
                }
            }
            (first, weights)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gray_and_colour_netpbm_files_decode_and_others_do_not() {
        let gray = Gray::decode(b"P5\n2 1\n255\n\x00\xc8").unwrap();
        assert_eq!(
            (gray.width, gray.height, gray.samples),
            (2, 1, vec![0, 200])
        );
        let rgb = Gray::decode(b"P6\n1 1\n255\n\xff\x00\x00").unwrap();
        assert_eq!(rgb.samples, [76]);
        for bytes in [
            &b"P5\n2 1\n255\n\x00"[..],
            b"P5\n2 1\n65535\n\x00\x00\x00\x00",
            b"P5\n0 1\n255\n",
            b"II*\0",
            b"\xff\xd8\xff\xe0 not a jpeg",
            b"",
        ] {
            assert_eq!(Gray::decode(bytes), None, "{bytes:?}");
        }
    }

    /// The headers of a gray JPEG of `width` × `height` with a JFIF resolution of `density`
    /// in `units` (1 per inch, 2 per centimetre): SOI, APP0, DQT, SOF0, DHT, SOS, EOI.
    fn jpeg_headers(width: u16, height: u16, units: u8, density: u16) -> Vec<u8> {
        let mut out = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
        out.extend_from_slice(b"JFIF\0\x01\x01");
        out.push(units);
        out.extend_from_slice(&density.to_be_bytes());
        out.extend_from_slice(&density.to_be_bytes());
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(&[0xFF, 0xDB, 0, 67, 0]);
        out.extend_from_slice(&[1; 64]);
        out.extend_from_slice(&[0xFF, 0xC0, 0, 11, 8]);
        out.extend_from_slice(&height.to_be_bytes());
        out.extend_from_slice(&width.to_be_bytes());
        out.extend_from_slice(&[1, 1, 0x11, 0]);
        // One DC and one AC table with a single 1-bit code each.
        for class in [0x00, 0x10] {
            out.extend_from_slice(&[0xFF, 0xC4, 0, 20, class, 1]);
            out.extend_from_slice(&[0; 15]);
            out.push(0);
        }
        out.extend_from_slice(&[0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 63, 0]);
        out.extend_from_slice(&[0xFF, 0xD9]);
        out
    }

    #[test]
    fn a_jpeg_resolution_counts_only_when_it_makes_a_page_sized_page() {
        assert_eq!(
            jpeg_resolution(&jpeg_headers(1700, 2200, 1, 200)),
            Some(200)
        );
        assert_eq!(jpeg_resolution(&jpeg_headers(1700, 2200, 2, 79)), Some(201));
        // 72 dpi on a 300 dpi page: a page 46 inches long.
        assert_eq!(jpeg_resolution(&jpeg_headers(2480, 3300, 1, 72)), None);
        // No unit (an aspect ratio), or no resolution.
        assert_eq!(jpeg_resolution(&jpeg_headers(1700, 2200, 0, 1)), None);
        assert_eq!(jpeg_resolution(&jpeg_headers(1700, 2200, 1, 0)), None);
        assert_eq!(jpeg_resolution(b"\xff\xd8\xff\xe1 not jfif at all"), None);
        assert_eq!(jpeg_resolution(b"P5\n2 1\n255\n\x00\xc8"), None);
    }

    #[test]
    fn turning_moves_each_sample_where_a_clockwise_turn_puts_it() {
        // 3 × 2:  a b c
        //         d e f
        let image = Gray {
            width: 3,
            height: 2,
            samples: b"abcdef".to_vec(),
        };
        let turned = |d: u16| {
            let g = image.turned(d);
            (g.width, g.height, String::from_utf8(g.samples).unwrap())
        };
        assert_eq!(turned(90), (2, 3, "daebfc".to_owned()));
        assert_eq!(turned(180), (3, 2, "fedcba".to_owned()));
        assert_eq!(turned(270), (2, 3, "cfbead".to_owned()));
        assert_eq!(turned(0), (3, 2, "abcdef".to_owned()));
        assert_eq!(image.turned(90).turned(270), image);
    }

    #[test]
    fn enlarging_keeps_flat_areas_and_edges_where_they_were() {
        // A black bar on white, samples 8–10 of 20, enlarged 1.5 times: samples 12–16.5.
        let mut samples = vec![255u8; 20 * 4];
        for row in samples.chunks_exact_mut(20) {
            row[8..11].fill(0);
        }
        let image = Gray {
            width: 20,
            height: 4,
            samples,
        };
        let big = image.enlarged(30, 6);
        assert_eq!((big.width, big.height), (30, 6));
        for row in big.samples.chunks_exact(30) {
            assert_eq!(row[..10], [255; 10], "{row:?}");
            assert_eq!(row[20..], [255; 10], "{row:?}");
            assert!(row[12..16].iter().all(|&s| s < 40), "{row:?}");
            assert!((100..160).contains(&row[16]), "{row:?}");
        }
        // Never smaller than the image.
        assert_eq!(image.enlarged(5, 2).samples, image.samples);
        assert!(big.pgm().starts_with(b"P5\n30 6\n255\n"));
    }
}

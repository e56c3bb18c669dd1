//! A page's own image, taken out of its image XObject as a file the OCR engine reads.
//!
//! It owns the decoding choices: JPEG (`DCTDecode`) and JPEG 2000 (`JPXDecode`) data are
//! handed over unchanged; CCITT fax data is wrapped in a TIFF header; samples behind
//! Flate, LZW, run-length or no filter (predictors undone by lopdf) become a PGM or PPM
//! honouring `BitsPerComponent`, `ColorSpace` (gray, RGB, CMYK, indexed, ICC-based) and
//! `Decode`. JBIG2 and anything else it cannot decode is an error the caller turns into a
//! page warning. It never renders vector content: a page drawn with paths or type3 glyphs
//! only has no image to read.

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::objects::{Budget, decode_stream, get, get_array, get_number, resolve};
use crate::extract::ocr::{self, Image};

/// Images larger than this many pixels are not read (a scan at 600 dpi of an A3 page is
/// about 70 million).
const MAX_PIXELS: u64 = 120_000_000;

/// The image `id`, drawn `width` units wide on the page, as a file for the OCR engine.
///
/// # Errors
/// Why the image cannot be read (`jbig2 image data is not decoded`, …), one line.
pub(super) fn page_image(
    doc: &Document,
    id: ObjectId,
    width: f32,
    budget: &mut Budget,
) -> Result<Image, String> {
    let Some(Object::Stream(stream)) = doc.objects.get(&id).map(|o| resolve(doc, o)) else {
        return Err(format!("image {} {} R is not a stream", id.0, id.1));
    };
    let dict = &stream.dict;
    let num = |key: &[u8]| get_number(doc, dict, key).map(|n| n as i64);
    let (Some(w), Some(h)) = (num(b"Width"), num(b"Height")) else {
        return Err("image without width or height".to_owned());
    };
    let (Ok(w), Ok(h)) = (u32::try_from(w), u32::try_from(h)) else {
        return Err(format!("image of {w}×{h} pixels"));
    };
    if w == 0 || h == 0 || u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(format!("image of {w}×{h} pixels not read"));
    }
    let dpi = (width > 1.0).then(|| (w as f32 * 72.0 / width).round() as u32);
    let filters = filters(doc, dict);
    let image = |bytes: Vec<u8>| Image { bytes, dpi };
    match filters.last().map(Vec::as_slice) {
        // JPEG and JPEG 2000 files as they are (leptonica reads both).
        Some(b"DCTDecode" | b"DCT" | b"JPXDecode") if filters.len() == 1 => {
            Ok(image(stream.content.clone()))
        }
        Some(b"CCITTFaxDecode" | b"CCF") if filters.len() == 1 => {
            let parms = decode_parms(doc, dict);
            let k = parms
                .and_then(|p| get_number(doc, p, b"K"))
                .map_or(0, |k| k as i64);
            let black_is_1 = parms
                .is_some_and(|p| matches!(get(doc, p, b"BlackIs1"), Some(Object::Boolean(true))));
            let inverted = decode_inverted(doc, dict);
            Ok(image(ocr::ccitt_tiff(
                w,
                h,
                k,
                black_is_1 != inverted,
                &stream.content,
            )))
        }
        Some(b"JBIG2Decode") => Err("jbig2 image data is not decoded".to_owned()),
        // JPEG data behind a general filter (`[/FlateDecode /DCTDecode]`): undo the first
        // filters, hand over the JPEG.
        Some(b"DCTDecode" | b"DCT" | b"JPXDecode") => {
            let mut outer = lopdf::Stream::new(dict.clone(), stream.content.clone());
            let first: Vec<Object> = filters[..filters.len() - 1]
                .iter()
                .map(|f| Object::Name(f.clone()))
                .collect();
            outer.dict.set("Filter", Object::Array(first));
            outer.dict.remove(b"DecodeParms");
            let data = decode_stream(doc, &outer, budget).map_err(|e| e.message)?;
            Ok(image(data))
        }
        Some(b"CCITTFaxDecode" | b"CCF") => Err(format!(
            "image filter chain {} is not decoded",
            filters
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect::<Vec<_>>()
                .join(" ")
        )),
        _ => {
            let data = decode_stream(doc, stream, budget).map_err(|e| e.message)?;
            samples_to_netpbm(doc, dict, w, h, &data).map(image)
        }
    }
}

/// The stream's filter names, in order.
fn filters(doc: &Document, dict: &Dictionary) -> Vec<Vec<u8>> {
    match get(doc, dict, b"Filter") {
        Some(Object::Name(n)) => vec![n.clone()],
        Some(Object::Array(items)) => items
            .iter()
            .filter_map(|o| match resolve(doc, o) {
                Object::Name(n) => Some(n.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// `DecodeParms` of a stream's (last) filter.
fn decode_parms<'d>(doc: &'d Document, dict: &'d Dictionary) -> Option<&'d Dictionary> {
    match get(doc, dict, b"DecodeParms")? {
        Object::Dictionary(d) => Some(d),
        Object::Array(items) => items.last().and_then(|o| match resolve(doc, o) {
            Object::Dictionary(d) => Some(d),
            _ => None,
        }),
        _ => None,
    }
}

/// Whether `Decode` maps the first component's samples the other way round (`[1 0]`).
fn decode_inverted(doc: &Document, dict: &Dictionary) -> bool {
    get_array(doc, dict, b"Decode")
        .map(|a| super::objects::numbers(doc, a))
        .is_some_and(|d| matches!(d.as_slice(), [a, b, ..] if a > b))
}

/// The colour model of an image's samples.
enum Colour {
    Gray,
    Rgb,
    Cmyk,
    /// Indexed: a palette of RGB triples (base gray and CMYK converted).
    Indexed(Vec<[u8; 3]>),
}

impl Colour {
    fn components(&self) -> usize {
        match self {
            Colour::Gray | Colour::Indexed(_) => 1,
            Colour::Rgb => 3,
            Colour::Cmyk => 4,
        }
    }
}

fn colour_space(doc: &Document, obj: Option<&Object>, depth: u8) -> Result<Colour, String> {
    let Some(obj) = obj.map(|o| resolve(doc, o)) else {
        return Ok(Colour::Gray);
    };
    match obj {
        Object::Name(n) => match n.as_slice() {
            b"DeviceGray" | b"CalGray" | b"G" => Ok(Colour::Gray),
            b"DeviceRGB" | b"CalRGB" | b"RGB" => Ok(Colour::Rgb),
            b"DeviceCMYK" | b"CMYK" => Ok(Colour::Cmyk),
            other => Err(format!(
                "image colour space /{} is not decoded",
                String::from_utf8_lossy(other)
            )),
        },
        Object::Array(items) if depth < 4 => {
            let family = items.first().map(|o| resolve(doc, o));
            match family {
                Some(Object::Name(n)) if n == b"ICCBased" => {
                    let n = items
                        .get(1)
                        .map(|o| resolve(doc, o))
                        .and_then(|o| match o {
                            Object::Stream(s) => get_number(doc, &s.dict, b"N"),
                            _ => None,
                        })
                        .unwrap_or(3.0) as i64;
                    match n {
                        1 => Ok(Colour::Gray),
                        4 => Ok(Colour::Cmyk),
                        _ => Ok(Colour::Rgb),
                    }
                }
                Some(Object::Name(n)) if n == b"Indexed" || n == b"I" => {
                    let base = colour_space(doc, items.get(1), depth + 1)?;
                    let table: Vec<u8> = match items.get(3).map(|o| resolve(doc, o)) {
                        Some(Object::String(s, _)) => s.clone(),
                        Some(Object::Stream(s)) => s
                            .decompressed_content()
                            .unwrap_or_else(|_| s.content.clone()),
                        _ => return Err("indexed colour space without a palette".to_owned()),
                    };
                    let palette = table
                        .chunks(base.components())
                        .map(|c| to_rgb(&base, c))
                        .collect();
                    Ok(Colour::Indexed(palette))
                }
                Some(Object::Name(n)) if n == b"CalGray" => Ok(Colour::Gray),
                Some(Object::Name(n)) if n == b"CalRGB" => Ok(Colour::Rgb),
                Some(Object::Name(n)) => Err(format!(
                    "image colour space /{} is not decoded",
                    String::from_utf8_lossy(n)
                )),
                _ => Err("image colour space is not decoded".to_owned()),
            }
        }
        _ => Err("image colour space is not decoded".to_owned()),
    }
}

fn to_rgb(colour: &Colour, c: &[u8]) -> [u8; 3] {
    match (colour, c) {
        (Colour::Gray, [g, ..]) => [*g, *g, *g],
        (Colour::Rgb, [r, g, b, ..]) => [*r, *g, *b],
        (Colour::Cmyk, [c, m, y, k, ..]) => {
            let f = |v: u8| 255 - (u16::from(v) + u16::from(*k)).min(255) as u8;
            [f(*c), f(*m), f(*y)]
        }
        _ => [255, 255, 255],
    }
}

/// Unpacked samples (`bpc` bits each, rows padded to a byte) as a PGM or PPM file.
fn samples_to_netpbm(
    doc: &Document,
    dict: &Dictionary,
    w: u32,
    h: u32,
    data: &[u8],
) -> Result<Vec<u8>, String> {
    let mask = matches!(get(doc, dict, b"ImageMask"), Some(Object::Boolean(true)));
    let colour = if mask {
        Colour::Gray
    } else {
        colour_space(doc, dict.get(b"ColorSpace").ok(), 0)?
    };
    let bpc = if mask {
        1
    } else {
        get_number(doc, dict, b"BitsPerComponent").map_or(8, |b| b as u32)
    };
    if !matches!(bpc, 1 | 2 | 4 | 8 | 16) {
        return Err(format!(
            "image with {bpc} bits per component is not decoded"
        ));
    }
    let comps = colour.components();
    let (w, h) = (w as usize, h as usize);
    let row_bytes = (w * comps * bpc as usize).div_ceil(8);
    if data.len() < row_bytes * h {
        return Err(format!(
            "image data holds {} bytes, {} expected",
            data.len(),
            row_bytes * h
        ));
    }
    // An image mask paints its 0 samples (1 with Decode [1 0]): black ink on white, as a
    // gray image with the same samples shows.
    let invert = decode_inverted(doc, dict);
    let max = (1u32 << bpc) - 1;
    let sample = |row: &[u8], i: usize| -> u32 {
        match bpc {
            8 => row.get(i).copied().map_or(0, u32::from),
            16 => row.get(i * 2).copied().map_or(0, u32::from) * 257,
            _ => {
                let bit = i * bpc as usize;
                let byte = row.get(bit / 8).copied().unwrap_or(0);
                (u32::from(byte) >> (8 - bpc as usize - bit % 8)) & max
            }
        }
    };
    let scale = |v: u32| -> u8 {
        let v = if bpc == 16 { v / 257 } else { v * 255 / max };
        v as u8
    };
    let gray = matches!(colour, Colour::Gray);
    let mut out = Vec::with_capacity(w * h * if gray { 1 } else { 3 });
    for row in data.chunks(row_bytes).take(h) {
        for x in 0..w {
            match &colour {
                Colour::Gray => {
                    let v = scale(sample(row, x));
                    out.push(if invert { 255 - v } else { v });
                }
                Colour::Indexed(palette) => {
                    let rgb = palette
                        .get(sample(row, x) as usize)
                        .copied()
                        .unwrap_or([255; 3]);
                    out.extend_from_slice(&rgb);
                }
                Colour::Rgb | Colour::Cmyk => {
                    let c: Vec<u8> = (0..comps)
                        .map(|i| scale(sample(row, x * comps + i)))
                        .collect();
                    out.extend_from_slice(&to_rgb(&colour, &c));
                }
            }
        }
    }
    Ok(ocr::netpbm(
        w as u32,
        h as u32,
        if gray { 1 } else { 3 },
        &out,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{Stream, dictionary};

    fn image(dict: Dictionary, data: Vec<u8>) -> Result<Image, String> {
        let mut doc = Document::with_version("1.5");
        let id = doc.add_object(Stream::new(dict, data));
        page_image(&doc, id, 72.0, &mut Budget::bytes(1 << 20))
    }

    #[test]
    fn samples_become_pgm_and_ppm_with_decode_honoured() {
        let gray = image(
            dictionary! {"Width" => 2, "Height" => 1, "BitsPerComponent" => 8, "ColorSpace" => "DeviceGray"},
            vec![0, 200],
        )
        .unwrap();
        assert_eq!(gray.bytes, b"P5\n2 1\n255\n\x00\xc8");
        assert_eq!(gray.dpi, Some(2));
        let bits = image(
            dictionary! {"Width" => 4, "Height" => 1, "BitsPerComponent" => 1, "ColorSpace" => "DeviceGray", "Decode" => vec![1.into(), 0.into()]},
            vec![0b1010_0000],
        )
        .unwrap();
        assert_eq!(bits.bytes, b"P5\n4 1\n255\n\x00\xff\x00\xff");
        let rgb = image(
            dictionary! {"Width" => 1, "Height" => 1, "BitsPerComponent" => 8, "ColorSpace" => "DeviceRGB"},
            vec![1, 2, 3],
        )
        .unwrap();
        assert_eq!(rgb.bytes, b"P6\n1 1\n255\n\x01\x02\x03");
        let mask = image(
            dictionary! {"Width" => 2, "Height" => 1, "ImageMask" => true},
            vec![0b0100_0000],
        )
        .unwrap();
        assert_eq!(mask.bytes, b"P5\n2 1\n255\n\x00\xff");
    }

    #[test]
    fn compressed_images_pass_through_and_unreadable_ones_say_why() {
        let jpeg = image(
            dictionary! {"Width" => 8, "Height" => 8, "Filter" => "DCTDecode"},
            b"\xff\xd8jpeg".to_vec(),
        )
        .unwrap();
        assert_eq!(jpeg.bytes, b"\xff\xd8jpeg");
        let fax = image(
            dictionary! {"Width" => 8, "Height" => 8, "Filter" => "CCITTFaxDecode", "DecodeParms" => dictionary!{"K" => -1}},
            vec![9, 9],
        )
        .unwrap();
        assert!(fax.bytes.starts_with(b"II*\0") && fax.bytes.ends_with(&[9, 9]));
        let jbig2 = image(
            dictionary! {"Width" => 8, "Height" => 8, "Filter" => "JBIG2Decode"},
            vec![0],
        );
        assert_eq!(jbig2.unwrap_err(), "jbig2 image data is not decoded");
        let short = image(
            dictionary! {"Width" => 8, "Height" => 8, "BitsPerComponent" => 8},
            vec![0; 10],
        );
        assert!(short.unwrap_err().contains("64 expected"));
        let huge = image(
            dictionary! {"Width" => 100_000, "Height" => 100_000},
            vec![],
        );
        assert!(huge.unwrap_err().contains("not read"));
        let lab = image(
            dictionary! {"Width" => 1, "Height" => 1, "ColorSpace" => vec![Object::Name(b"Lab".to_vec())]},
            vec![0],
        );
        assert!(lab.unwrap_err().contains("/Lab"));
    }
}

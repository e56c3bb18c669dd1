//! A page's own image, taken out of its image XObject or inline image as a file the OCR
//! engine reads.
//!
//! It owns the decoding choices: JPEG (`DCTDecode`) and JPEG 2000 (`JPXDecode`) data are
//! handed over unchanged; CCITT fax data is wrapped in a TIFF header; JBIG2 data (with its
//! `JBIG2Globals`) is decoded by `hayro-jbig2`; samples behind Flate, LZW, run-length,
//! ASCII hex/85 or no filter (predictors undone by lopdf) become a PGM or PPM honouring
//! `BitsPerComponent`, `ColorSpace` (gray, RGB, CMYK, indexed, ICC-based) and `Decode`.
//! An inline image (`BI … ID … EI`) is the same, once its abbreviated keys and names are
//! spelled out and a named colour space is looked up in the page's resources. Anything it
//! cannot decode is an error naming the filter or colour space, which the caller turns into
//! a page warning. It never renders vector content: a page drawn with paths or type3 glyphs
//! only has no image to read.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use super::lexer::{Lexer, Token, decode_string};
use super::objects::{Budget, decode_stream, get, get_array, get_number, resolve};
use crate::extract::ocr::{self, Image};

/// The image OCR reads on a page.
#[derive(Clone, Debug)]
pub(super) enum PageImage {
    /// An image XObject.
    XObject(ObjectId),
    /// An inline image, as a stream with its keys and names spelled out.
    Inline(Box<Stream>),
}

/// Filters lopdf undoes (full names: inline images' abbreviations are spelled out first).
const GENERAL_FILTERS: [&[u8]; 5] = [
    b"FlateDecode",
    b"LZWDecode",
    b"RunLengthDecode",
    b"ASCIIHexDecode",
    b"ASCII85Decode",
];

/// An inline image's dictionary bytes (between `BI` and `ID`) and data as an image stream:
/// abbreviated keys, filter and colour space names spelled out, and a colour space named in
/// `resources` (`/CS /Cs1`) replaced by its definition. Keys it cannot parse are dropped,
/// so a broken dictionary makes an image `page_image` refuses with the reason.
pub(super) fn inline_image(
    doc: &Document,
    dict: &[u8],
    data: &[u8],
    resources: Option<&Dictionary>,
) -> Stream {
    let mut tokens = Lexer::new(dict).peekable();
    let mut out = Dictionary::new();
    while let Some(token) = tokens.next() {
        let Token::Name(key) = token else { continue };
        let Some(value) = inline_object(&mut tokens, 0) else {
            break;
        };
        let key: &[u8] = match key {
            b"BPC" => b"BitsPerComponent",
            b"CS" => b"ColorSpace",
            b"D" => b"Decode",
            b"DP" => b"DecodeParms",
            b"F" => b"Filter",
            b"H" => b"Height",
            b"IM" => b"ImageMask",
            b"I" => b"Interpolate",
            b"W" => b"Width",
            b"L" => b"Length",
            other => other,
        };
        let value = match key {
            b"Filter" => spell_out(value, filter_name),
            b"ColorSpace" => match spell_out(value, colour_name) {
                Object::Name(name) if !is_device_space(&name) => resources
                    .and_then(|r| super::objects::get_dict(doc, r, b"ColorSpace"))
                    .and_then(|spaces| spaces.get(&name).ok())
                    .cloned()
                    .unwrap_or(Object::Name(name)),
                other => other,
            },
            _ => value,
        };
        out.set(key.to_vec(), value);
    }
    out.remove(b"Length");
    Stream::new(out, data.to_vec())
}

/// One object of an inline image's dictionary, from its first token; `None` at the end.
fn inline_object(tokens: &mut std::iter::Peekable<Lexer<'_>>, depth: usize) -> Option<Object> {
    let token = tokens.next()?;
    Some(match token {
        Token::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => Object::Integer(n as i64),
        Token::Number(n) => Object::Real(n),
        Token::Name(n) => Object::Name(n.to_vec()),
        Token::Literal(_) | Token::Hex(_) => {
            let mut bytes = Vec::new();
            decode_string(&token, &mut bytes);
            Object::String(bytes, lopdf::StringFormat::Literal)
        }
        Token::Op(b"true") => Object::Boolean(true),
        Token::Op(b"false") => Object::Boolean(false),
        Token::ArrayStart if depth < 8 => {
            let mut items = Vec::new();
            while tokens.peek().is_some_and(|t| *t != Token::ArrayEnd) {
                items.push(inline_object(tokens, depth + 1)?);
            }
            tokens.next();
            Object::Array(items)
        }
        Token::DictStart if depth < 8 => {
            let mut dict = Dictionary::new();
            while let Some(t) = tokens.next() {
                match t {
                    Token::DictEnd => break,
                    Token::Name(key) => {
                        let key = key.to_vec();
                        dict.set(key, inline_object(tokens, depth + 1)?);
                    }
                    _ => {}
                }
            }
            Object::Dictionary(dict)
        }
        _ => Object::Null,
    })
}

/// `value` with `name` applied to its names (and to the names of an array).
fn spell_out(value: Object, name: fn(&[u8]) -> &[u8]) -> Object {
    match value {
        Object::Name(n) => Object::Name(name(&n).to_vec()),
        Object::Array(items) => Object::Array(
            items
                .into_iter()
                .map(|o| match o {
                    Object::Name(n) => Object::Name(name(&n).to_vec()),
                    other => other,
                })
                .collect(),
        ),
        other => other,
    }
}

fn filter_name(name: &[u8]) -> &[u8] {
    match name {
        b"AHx" => b"ASCIIHexDecode",
        b"A85" => b"ASCII85Decode",
        b"LZW" => b"LZWDecode",
        b"Fl" => b"FlateDecode",
        b"RL" => b"RunLengthDecode",
        b"CCF" => b"CCITTFaxDecode",
        b"DCT" => b"DCTDecode",
        other => other,
    }
}

fn colour_name(name: &[u8]) -> &[u8] {
    match name {
        b"G" => b"DeviceGray",
        b"RGB" => b"DeviceRGB",
        b"CMYK" => b"DeviceCMYK",
        b"I" => b"Indexed",
        other => other,
    }
}

fn is_device_space(name: &[u8]) -> bool {
    matches!(
        name,
        b"DeviceGray" | b"DeviceRGB" | b"DeviceCMYK" | b"Indexed" | b"Pattern"
    )
}

/// Images larger than this many pixels are not read (a scan at 600 dpi of an A3 page is
/// about 70 million).
const MAX_PIXELS: u64 = 120_000_000;

/// The image `source`, drawn `width` units wide on the page, as a file for the OCR engine.
///
/// # Errors
/// Why the image cannot be read (`image filter /Foo is not decoded`, `jbig2 image data
/// cannot be decoded: …`), one line.
pub(super) fn page_image(
    doc: &Document,
    source: &PageImage,
    width: f32,
    budget: &mut Budget,
) -> Result<Image, String> {
    let stream = match source {
        PageImage::XObject(id) => match doc.objects.get(id).map(|o| resolve(doc, o)) {
            Some(Object::Stream(stream)) => stream,
            _ => return Err(format!("image {} {} R is not a stream", id.0, id.1)),
        },
        PageImage::Inline(stream) => stream,
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
    let image = |bytes: Vec<u8>| Image {
        bytes: bytes.into(),
        dpi,
        frame: None,
    };
    let (last, outer) = match filters.split_last() {
        Some((last, outer)) => (Some(last.as_slice()), outer),
        None => (None, &[][..]),
    };
    // Every filter before the last must be a general one, and so must the last unless it
    // is an image filter.
    let general = |f: &&Vec<u8>| GENERAL_FILTERS.contains(&f.as_slice());
    let unknown = match last {
        Some(l) if is_image_filter(l) => outer.iter().find(|f| !general(f)),
        _ => filters.iter().find(|f| !general(f)),
    };
    if let Some(unknown) = unknown {
        return Err(format!(
            "image filter /{} is not decoded",
            String::from_utf8_lossy(unknown)
        ));
    }
    match last {
        // JPEG and JPEG 2000 files as they are (leptonica reads both), behind a general
        // filter (`[/FlateDecode /DCTDecode]`) once that is undone.
        Some(b"DCTDecode" | b"DCT" | b"JPXDecode") => {
            Ok(image(undo_outer_filters(doc, stream, outer, budget)?))
        }
        Some(b"CCITTFaxDecode" | b"CCF") => {
            let parms = decode_parms(doc, dict);
            let k = parms
                .and_then(|p| get_number(doc, p, b"K"))
                .map_or(0, |k| k as i64);
            let black_is_1 = parms
                .is_some_and(|p| matches!(get(doc, p, b"BlackIs1"), Some(Object::Boolean(true))));
            let inverted = decode_inverted(doc, dict);
            let data = undo_outer_filters(doc, stream, outer, budget)?;
            Ok(image(ocr::ccitt_tiff(
                w,
                h,
                k,
                black_is_1 != inverted,
                &data,
            )))
        }
        Some(b"JBIG2Decode") => {
            let data = undo_outer_filters(doc, stream, outer, budget)?;
            let globals = match decode_parms(doc, dict).and_then(|p| get(doc, p, b"JBIG2Globals")) {
                Some(Object::Stream(g)) => {
                    Some(decode_stream(doc, g, budget).map_err(|e| e.message)?)
                }
                _ => None,
            };
            jbig2_to_pgm(&data, globals.as_deref(), decode_inverted(doc, dict)).map(image)
        }
        _ => {
            let data = decode_stream(doc, stream, budget).map_err(|e| e.message)?;
            samples_to_netpbm(doc, dict, w, h, &data).map(image)
        }
    }
}

/// Whether a last filter is one whose data `page_image` hands over or decodes itself.
fn is_image_filter(name: &[u8]) -> bool {
    matches!(
        name,
        b"DCTDecode" | b"DCT" | b"JPXDecode" | b"CCITTFaxDecode" | b"CCF" | b"JBIG2Decode"
    )
}

/// The stream's data with the general `outer` filters before its image filter undone.
fn undo_outer_filters(
    doc: &Document,
    stream: &Stream,
    outer: &[Vec<u8>],
    budget: &mut Budget,
) -> Result<Vec<u8>, String> {
    if outer.is_empty() {
        return Ok(stream.content.clone());
    }
    let mut copy = Stream::new(stream.dict.clone(), stream.content.clone());
    let first: Vec<Object> = outer.iter().map(|f| Object::Name(f.clone())).collect();
    copy.dict.set("Filter", Object::Array(first));
    copy.dict.remove(b"DecodeParms");
    decode_stream(doc, &copy, budget).map_err(|e| e.message)
}

/// JBIG2 data (embedded organisation, as in PDF) as a PGM file: black pixels 0, white 255,
/// the other way round when `Decode` is `[1 0]`.
fn jbig2_to_pgm(data: &[u8], globals: Option<&[u8]>, inverted: bool) -> Result<Vec<u8>, String> {
    let why = |e: hayro_jbig2::DecodeError| {
        format!(
            "jbig2 image data cannot be decoded: {}",
            e.to_string().to_lowercase()
        )
    };
    let settings = hayro_jbig2::DecodeSettings::default();
    let globals = globals
        .map(|g| hayro_jbig2::Globals::new(g, &settings))
        .transpose()
        .map_err(why)?;
    let page = hayro_jbig2::Page::new_embedded(data, globals.as_ref(), &settings).map_err(why)?;
    let (w, h) = (page.width(), page.height());
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(format!("jbig2 image of {w}×{h} pixels not read"));
    }
    let (black, white) = if inverted { (255, 0) } else { (0, 255) };
    let mut gray = Gray {
        samples: Vec::with_capacity(w as usize * h as usize),
        width: w as usize,
        row_start: 0,
        black,
        white,
    };
    page.decode(&mut gray).map_err(why)?;
    gray.next_line_if_open();
    gray.samples.resize(w as usize * h as usize, white);
    Ok(ocr::netpbm(w, h, 1, &gray.samples))
}

/// Collects a JBIG2 bitmap as 8-bit gray rows of exactly `width` samples.
struct Gray {
    samples: Vec<u8>,
    width: usize,
    row_start: usize,
    black: u8,
    white: u8,
}

impl Gray {
    fn value(&self, black: bool) -> u8 {
        if black { self.black } else { self.white }
    }

    fn next_line_if_open(&mut self) {
        if self.samples.len() > self.row_start {
            hayro_jbig2::Decoder::next_line(self);
        }
    }
}

impl hayro_jbig2::Decoder for Gray {
    fn push_pixel(&mut self, black: bool) {
        let v = self.value(black);
        self.samples.push(v);
    }

    fn push_pixel_chunk(&mut self, black: bool, chunk_count: u32) {
        let v = self.value(black);
        let n = chunk_count as usize * 8;
        self.samples.resize(self.samples.len() + n, v);
    }

    fn next_line(&mut self) {
        let end = self.row_start + self.width;
        self.samples.resize(end, self.white);
        self.row_start = end;
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
        page_image(
            &doc,
            &PageImage::XObject(id),
            72.0,
            &mut Budget::bytes(1 << 20),
        )
    }

    #[test]
    fn samples_become_pgm_and_ppm_with_decode_honoured() {
        let gray = image(
            dictionary! {"Width" => 2, "Height" => 1, "BitsPerComponent" => 8, "ColorSpace" => "DeviceGray"},
            vec![0, 200],
        )
        .unwrap();
        assert_eq!(&*gray.bytes, b"P5\n2 1\n255\n\x00\xc8");
        assert_eq!(gray.dpi, Some(2));
        let bits = image(
            dictionary! {"Width" => 4, "Height" => 1, "BitsPerComponent" => 1, "ColorSpace" => "DeviceGray", "Decode" => vec![1.into(), 0.into()]},
            vec![0b1010_0000],
        )
        .unwrap();
        assert_eq!(&*bits.bytes, b"P5\n4 1\n255\n\x00\xff\x00\xff");
        let rgb = image(
            dictionary! {"Width" => 1, "Height" => 1, "BitsPerComponent" => 8, "ColorSpace" => "DeviceRGB"},
            vec![1, 2, 3],
        )
        .unwrap();
        assert_eq!(&*rgb.bytes, b"P6\n1 1\n255\n\x01\x02\x03");
        let mask = image(
            dictionary! {"Width" => 2, "Height" => 1, "ImageMask" => true},
            vec![0b0100_0000],
        )
        .unwrap();
        assert_eq!(&*mask.bytes, b"P5\n2 1\n255\n\x00\xff");
    }

    #[test]
    fn compressed_images_pass_through_and_unreadable_ones_say_why() {
        let jpeg = image(
            dictionary! {"Width" => 8, "Height" => 8, "Filter" => "DCTDecode"},
            b"\xff\xd8jpeg".to_vec(),
        )
        .unwrap();
        assert_eq!(&*jpeg.bytes, b"\xff\xd8jpeg");
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
        let jbig2 = jbig2.unwrap_err();
        assert!(
            jbig2.starts_with("jbig2 image data cannot be decoded: "),
            "{jbig2}"
        );
        let unknown = image(
            dictionary! {"Width" => 8, "Height" => 8, "Filter" => vec![Object::Name(b"FlateDecode".to_vec()), Object::Name(b"Foo".to_vec())]},
            vec![0],
        );
        assert_eq!(unknown.unwrap_err(), "image filter /Foo is not decoded");
        let before_jpeg = image(
            dictionary! {"Width" => 8, "Height" => 8, "Filter" => vec![Object::Name(b"Crypt".to_vec()), Object::Name(b"DCTDecode".to_vec())]},
            vec![0],
        );
        assert_eq!(
            before_jpeg.unwrap_err(),
            "image filter /Crypt is not decoded"
        );
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

    #[test]
    fn inline_images_spell_out_abbreviations_and_named_colour_spaces() {
        let doc = Document::with_version("1.5");
        let palette = Object::Array(vec![
            Object::Name(b"Indexed".to_vec()),
            Object::Name(b"DeviceRGB".to_vec()),
            1.into(),
            Object::String(
                vec![0, 0, 0, 255, 255, 255],
                lopdf::StringFormat::Hexadecimal,
            ),
        ]);
        let resources = dictionary! {"ColorSpace" => dictionary!{"Cs1" => palette}};
        let stream = inline_image(
            &doc,
            b"/W 2 /H 1 /BPC 8 /CS /Cs1 /F [/AHx] /DP << /K -1 >> /D [0 1] /IM false",
            b"0001>",
            Some(&resources),
        );
        let d = &stream.dict;
        assert_eq!(d.get(b"Width").unwrap(), &Object::Integer(2));
        assert_eq!(
            d.get(b"Filter").unwrap(),
            &Object::Array(vec![Object::Name(b"ASCIIHexDecode".to_vec())])
        );
        assert!(
            matches!(d.get(b"DecodeParms").unwrap(), Object::Dictionary(p) if p.get(b"K").unwrap() == &Object::Integer(-1))
        );
        assert_eq!(d.get(b"ImageMask").unwrap(), &Object::Boolean(false));
        let source = PageImage::Inline(Box::new(stream));
        let read = page_image(&doc, &source, 72.0, &mut Budget::bytes(1 << 20)).unwrap();
        assert_eq!(&*read.bytes, b"P6\n2 1\n255\n\x00\x00\x00\xff\xff\xff");
        // Device names, abbreviated, need no resources.
        let gray = inline_image(&doc, b"/W 1 /H 1 /CS /G /BPC 8 /F /Fl", b"", None);
        assert_eq!(
            gray.dict.get(b"ColorSpace").unwrap(),
            &Object::Name(b"DeviceGray".to_vec())
        );
        assert_eq!(
            gray.dict.get(b"Filter").unwrap(),
            &Object::Name(b"FlateDecode".to_vec())
        );
        // A broken dictionary gives an image refused with the reason, not a panic.
        let broken = inline_image(&doc, b"/W [1 2 << /H", b"xx", None);
        let source = PageImage::Inline(Box::new(broken));
        assert!(
            page_image(&doc, &source, 72.0, &mut Budget::bytes(1 << 20))
                .unwrap_err()
                .contains("without width or height")
        );
    }
}

//! A tiny PDF writer for hostile test documents: objects are written as given, byte for
//! byte, with a correct cross-reference table. Unlike lopdf's writer it happily writes
//! what no sane producer would (cyclic page trees, absurd nesting), which is the point.
//! Shared by the hostile-input tests and `examples/many_pages.rs` (through `#[path]`).

#![allow(dead_code, reason = "each user needs only some of the builders")]

use std::fmt::Write as _;

/// Writes a PDF whose objects `1..=objects.len()` are the given bodies (without
/// `N 0 obj`/`endobj`) and whose trailer's `/Root` is object `root`.
pub fn write(objects: &[Vec<u8>], root: usize) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for offset in offsets {
        let _ = writeln!(table, "{offset:010} 00000 n ");
    }
    let _ = write!(
        table,
        "trailer\n<< /Size {} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    );
    out.extend_from_slice(table.as_bytes());
    out
}

/// A stream object body.
pub fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut body = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    body.extend_from_slice(data);
    body.extend_from_slice(b"\nendstream");
    body
}

/// The shared resources: Helvetica as `/F1`.
const FONT: &str =
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";

/// A document of `pages` pages, each with a numbered clause of ordinary contract text.
/// Objects: 1 catalog, 2 pages, 3 font, then a page and its content per page.
pub fn many_pages(pages: usize) -> Vec<u8> {
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        Vec::new(),
        FONT.as_bytes().to_vec(),
    ];
    let mut kids = String::new();
    for n in 1..=pages {
        let page = objects.len() + 1;
        let _ = write!(kids, "{page} 0 R ");
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {} 0 R >>",
                page + 1
            )
            .into_bytes(),
        );
        let text = format!(
            "BT /F1 11 Tf 72 720 Td ({n}.1 The Supplier shall deliver the Products listed in \
             Schedule {n} to the Buyer's warehouse.) Tj 0 -14 Td (Delivery is complete on \
             acceptance by the Buyer.) Tj ET"
        );
        objects.push(stream("", text.as_bytes()));
    }
    objects[1] = format!(
        "<< /Type /Pages /Kids [{kids}] /Count {pages} /Resources << /Font << /F1 3 0 R >> >> >>"
    )
    .into_bytes();
    write(&objects, 1)
}

/// One page of text, then a page tree that points back at its own root: `/Kids` of the
/// second `Pages` node holds the root node again.
pub fn cyclic_page_tree() -> Vec<u8> {
    let objects =
        vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 /Resources << /Font << /F1 6 0 R >> >> >>"
            .to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>".to_vec(),
        stream("", b"BT /F1 12 Tf 72 700 Td (1.1 The Licensor grants a licence.) Tj ET"),
        b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 5 0 R] /Count 1 >>".to_vec(),
        FONT.as_bytes().to_vec(),
    ];
    write(&objects, 1)
}

/// A page whose content draws a chain of `depth` Form XObjects, each invoking the next
/// (all share one resources object), and whose page dictionary carries an array nested
/// `array_depth` deep.
pub fn deeply_nested(depth: usize, array_depth: usize) -> Vec<u8> {
    // 1 catalog, 2 pages, 3 page, 4 content, 5 font, 6 resources, 7.. forms.
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        Vec::new(),
        stream(
            "",
            b"BT /F1 12 Tf 72 700 Td (1.1 The Licensor grants a licence.) Tj ET /X7 Do",
        ),
        FONT.as_bytes().to_vec(),
        Vec::new(),
    ];
    let mut xobjects = String::new();
    for i in 0..depth {
        let id = 7 + i;
        let _ = write!(xobjects, "/X{id} {id} 0 R ");
        let ops = format!("q 1 0 0 1 0 0 cm /X{} Do Q", id + 1);
        objects.push(stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources 6 0 R",
            ops.as_bytes(),
        ));
    }
    objects[5] = format!("<< /Font << /F1 5 0 R >> /XObject << {xobjects} >> >>").into_bytes();
    let nested = format!("{}1{}", "[".repeat(array_depth), "]".repeat(array_depth));
    objects[2] = format!(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources 6 0 R \
         /Contents 4 0 R /Junk {nested} >>"
    )
    .into_bytes();
    write(&objects, 1)
}

/// Two pages: the first with a clause of text, the second whose `/Contents` lists one
/// small FlateDecode stream (1 MiB of spaces, about 1 KiB packed) `copies` times, so the
/// page inflates to `copies` MiB from a file of a few KiB.
pub fn inflating_page(copies: usize) -> Vec<u8> {
    let mut packed = lopdf::Stream::new(lopdf::Dictionary::new(), vec![b' '; 1 << 20]);
    packed
        .compress()
        .expect("deflating into memory cannot fail");
    let refs = "6 0 R ".repeat(copies);
    let objects =
        vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 /Resources << /Font << /F1 7 0 R >> >> >>"
            .to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R >>".to_vec(),
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents [{refs}] >>")
            .into_bytes(),
        stream("", b"BT /F1 12 Tf 72 700 Td (1.1 The Licensor grants a licence.) Tj ET"),
        stream("/Filter /FlateDecode", &packed.content),
        FONT.as_bytes().to_vec(),
    ];
    write(&objects, 1)
}

/// An image-only PDF (a scan): one page per JPEG, each drawn over the whole page, the page
/// sized so that the image is `dpi` dots per inch.
pub fn scanned(jpegs: &[Vec<u8>], dpi: f32) -> Vec<u8> {
    mixed(&[], jpegs, dpi)
}

/// A PDF whose first pages are text (one Helvetica line each, `text_pages`) and whose
/// other pages are scans, as [`scanned`]. Objects: 1 catalog, 2 pages, 3 font, then a page,
/// its content (and its image) per page.
pub fn mixed(text_pages: &[&str], jpegs: &[Vec<u8>], dpi: f32) -> Vec<u8> {
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        Vec::new(),
        FONT.as_bytes().to_vec(),
    ];
    let mut kids = String::new();
    for text in text_pages {
        let page = objects.len() + 1;
        let _ = write!(kids, "{page} 0 R ");
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] \
                 /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
                page + 1
            )
            .into_bytes(),
        );
        objects.push(stream(
            "",
            format!("BT /F1 11 Tf 72 720 Td ({text}) Tj ET").as_bytes(),
        ));
    }
    for jpeg in jpegs {
        let (w, h, components) = jpeg_size(jpeg).expect("a baseline or progressive JPEG");
        // pdftoppm -gray -jpeg writes gray pixels as three components.
        let space = match components {
            1 => "DeviceGray",
            4 => "DeviceCMYK",
            _ => "DeviceRGB",
        };
        let (pw, ph) = (w as f32 * 72.0 / dpi, h as f32 * 72.0 / dpi);
        let page = objects.len() + 1;
        let _ = write!(kids, "{page} 0 R ");
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {pw:.2} {ph:.2}] \
                 /Resources << /XObject << /Im0 {} 0 R >> >> /Contents {} 0 R >>",
                page + 2,
                page + 1
            )
            .into_bytes(),
        );
        objects.push(stream(
            "",
            format!("q {pw:.2} 0 0 {ph:.2} 0 0 cm /Im0 Do Q").as_bytes(),
        ));
        objects.push(stream(
            &format!(
                "/Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /{space} \
                 /BitsPerComponent 8 /Filter /DCTDecode"
            ),
            jpeg,
        ));
    }
    objects[1] = format!(
        "<< /Type /Pages /Count {} /Kids [{kids}] >>",
        text_pages.len() + jpegs.len()
    )
    .into_bytes();
    write(&objects, 1)
}

/// One page of [`pages`]: its size in points, its content stream, and the image XObjects
/// it may draw as `/Im0`, `/Im1`, … (the entries of each one's dictionary after
/// `/Type /XObject /Subtype /Image`, and its data). Every page has Helvetica as `/F1`.
pub struct Page {
    pub size: (f32, f32),
    pub content: Vec<u8>,
    pub images: Vec<(String, Vec<u8>)>,
}

/// A PDF of the given pages. Objects: 1 catalog, 2 pages, 3 font, then per page the page,
/// its content and its images.
pub fn pages(list: &[Page]) -> Vec<u8> {
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        Vec::new(),
        FONT.as_bytes().to_vec(),
    ];
    let mut kids = String::new();
    for page in list {
        let id = objects.len() + 1;
        let _ = write!(kids, "{id} 0 R ");
        let mut xobjects = String::new();
        for i in 0..page.images.len() {
            let _ = write!(xobjects, "/Im{i} {} 0 R ", id + 2 + i);
        }
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {:.2} {:.2}] \
                 /Resources << /Font << /F1 3 0 R >> /XObject << {xobjects}>> >> /Contents {} 0 R >>",
                page.size.0,
                page.size.1,
                id + 1
            )
            .into_bytes(),
        );
        objects.push(stream("", &page.content));
        for (dict, data) in &page.images {
            objects.push(stream(
                &format!("/Type /XObject /Subtype /Image {dict}"),
                data,
            ));
        }
    }
    objects[1] = format!("<< /Type /Pages /Count {} /Kids [{kids}] >>", list.len()).into_bytes();
    write(&objects, 1)
}

/// Width, height and number of components from a JPEG's start-of-frame marker.
pub fn jpeg_size(jpeg: &[u8]) -> Option<(u32, u32, u8)> {
    let mut i = 2;
    while i + 10 < jpeg.len() {
        if jpeg[i] != 0xFF {
            i += 1;
            continue;
        }
        let marker = jpeg[i + 1];
        if matches!(marker, 0xC0..=0xC2) {
            let h = u32::from(u16::from_be_bytes([jpeg[i + 5], jpeg[i + 6]]));
            let w = u32::from(u16::from_be_bytes([jpeg[i + 7], jpeg[i + 8]]));
            return Some((w, h, jpeg[i + 9]));
        }
        let len = usize::from(u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]));
        i += 2 + len;
    }
    None
}

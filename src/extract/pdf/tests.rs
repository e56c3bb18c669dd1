//! Behaviour tests of the PDF extractor: small documents built in code with lopdf's
//! writer, and (when `../shared/corpus` exists) a quality and robustness sweep over the real
//! corpus. Test code only.

#![allow(
    clippy::print_stderr,
    reason = "corpus tests report skips and measurements on stderr"
)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, Stream, dictionary};

use super::extract;
use crate::extract::ExtractOptions;
use crate::model::{BlockKind, ErrorKind, Extracted};

/// A one-page document whose page draws `page_ops`; `extra` lets a test add resources.
fn build(page_ops: &[u8], fonts: lopdf::Dictionary, xobjects: lopdf::Dictionary) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let content_id = doc.add_object(Stream::new(dictionary! {}, page_ops.to_vec()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
    });
    let resources = dictionary! { "Font" => fonts, "XObject" => xobjects };
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
            "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("writing to a Vec cannot fail");
    out
}

fn helvetica() -> lopdf::Dictionary {
    dictionary! {
        "F1" => dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding",
        },
    }
}

fn text_of(e: &Extracted) -> String {
    e.blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text layer of a test document (OCR is tested in `tests/it/ocr.rs`: these tests
/// must not depend on whether Tesseract is installed).
fn run(bytes: &[u8]) -> Extracted {
    let options = ExtractOptions {
        ocr: crate::extract::ocr::OcrMode::Never,
        ..ExtractOptions::default()
    };
    extract(bytes, &options).expect("test document extracts")
}

#[test]
fn simple_text_is_extracted_with_page_and_paragraph() {
    let pdf = build(
        b"BT /F1 12 Tf 72 700 Td (Technology Licence Agreement) Tj ET",
        helvetica(),
        dictionary! {},
    );
    let e = run(&pdf);
    assert_eq!(e.pages, Some(1));
    assert_eq!(e.blocks.len(), 1);
    assert_eq!(e.blocks[0].text, "Technology Licence Agreement");
    assert_eq!(e.blocks[0].page, Some(1));
    assert_eq!(e.blocks[0].paragraph, 1);
    assert_eq!(e.blocks[0].kind, BlockKind::Body);
}

#[test]
fn text_inside_form_xobject_is_extracted() {
    let mut doc_bytes = Vec::new();
    {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let form_id = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
                "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 0.into(), 0.into()],
                "Resources" => dictionary! { "Font" => helvetica() },
            },
            b"BT /F1 12 Tf 72 700 Td (Inside the form) Tj ET".to_vec(),
        ));
        // A form that draws itself must not loop.
        let loop_id = doc.new_object_id();
        doc.objects.insert(
            loop_id,
            Object::Stream(Stream::new(
                dictionary! {
                    "Type" => "XObject", "Subtype" => "Form",
                    "Resources" => dictionary! { "XObject" => dictionary! { "L" => loop_id } },
                },
                b"/L Do".to_vec(),
            )),
        );
        let content_id = doc.add_object(Stream::new(dictionary! {}, b"q /X Do Q /L Do".to_vec()));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            "Resources" => dictionary! { "XObject" => dictionary! { "X" => form_id, "L" => loop_id } },
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
            }),
        );
        let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog_id);
        doc.save_to(&mut doc_bytes)
            .expect("writing to a Vec cannot fail");
    }
    let e = run(&doc_bytes);
    assert_eq!(text_of(&e), "Inside the form");
    assert!(
        e.warnings.iter().any(|w| w.contains("cycle")),
        "{:?}",
        e.warnings
    );
}

#[test]
fn tj_kerning_gap_becomes_a_space() {
    let pdf = build(
        b"BT /F1 12 Tf 72 700 Td [(know) -30 (how) -600 (transfer)] TJ ET",
        helvetica(),
        dictionary! {},
    );
    assert_eq!(text_of(&run(&pdf)), "knowhow transfer");
}

#[test]
fn tounicode_bfrange_array_maps_cid_font() {
    let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
        1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
        1 beginbfrange <0001> <0004> [<6280> <672F> <8F6C> <8BA9>] endbfrange\n\
        endcmap end end";
    let mut doc = Document::with_version("1.5");
    let cmap_id = doc.add_object(Stream::new(dictionary! {}, cmap.to_vec()));
    let desc_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "SimSun",
        "DW" => 1000,
    });
    let fonts = dictionary! {
        "F2" => dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "SimSun",
            "Encoding" => "Identity-H",
            "DescendantFonts" => vec![desc_id.into()],
            "ToUnicode" => cmap_id,
        },
    };
    // Re-use build() by saving this doc's objects into the generated one is awkward; build
    // the page here instead.
    let pages_id = doc.new_object_id();
    let content_id = doc.add_object(Stream::new(
        dictionary! {},
        b"BT /F2 10.5 Tf 72 700 Td <0001000200030004> Tj ET".to_vec(),
    ));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        "Resources" => dictionary! { "Font" => fonts },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 },
        ),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes)
        .expect("writing to a Vec cannot fail");
    assert_eq!(text_of(&run(&bytes)), "技术转让");
}

#[test]
fn clause_numbers_split_paragraphs_and_page_numbers_are_dropped() {
    let pdf = build(
        b"BT /F1 10 Tf 14 TL 72 700 Td (1.1 The Licensor grants a licence.) Tj \
          T* (1.2 The Licensee shall pay royalties.) Tj ET \
          BT /F1 10 Tf 300 40 Td (- 1 -) Tj ET",
        helvetica(),
        dictionary! {},
    );
    let e = run(&pdf);
    let texts: Vec<&str> = e.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            "1.1 The Licensor grants a licence.",
            "1.2 The Licensee shall pay royalties."
        ]
    );
    assert_eq!(e.blocks[1].paragraph, 2);
}

#[test]
fn encrypted_trailer_without_decryption_is_an_encrypted_error() {
    let mut doc = Document::load_mem(&build(b"", helvetica(), dictionary! {}))
        .expect("generated document loads");
    let enc_id = doc.add_object(dictionary! {
        "Filter" => "Standard", "V" => 2, "R" => 3, "Length" => 128, "P" => -4,
        "O" => Object::string_literal(vec![1u8; 32]),
        "U" => Object::string_literal(vec![2u8; 32]),
    });
    doc.trailer.set("Encrypt", enc_id);
    doc.trailer.set(
        "ID",
        vec![
            Object::string_literal(vec![3u8; 16]),
            Object::string_literal(vec![3u8; 16]),
        ],
    );
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes)
        .expect("writing to a Vec cannot fail");
    let err = extract(&bytes, &ExtractOptions::default()).expect_err("must not open");
    assert_eq!(err.kind, ErrorKind::Encrypted, "{err}");
}

#[test]
fn garbage_is_a_malformed_error() {
    let err = extract(b"not a pdf at all", &ExtractOptions::default()).expect_err("garbage");
    assert_eq!(err.kind, ErrorKind::Malformed);
    let err = extract(b"%PDF-1.4\n%%EOF", &ExtractOptions::default()).expect_err("empty pdf");
    assert_eq!(err.kind, ErrorKind::Malformed);
}

#[test]
fn page_without_text_but_with_image_warns_no_text_layer() {
    let bytes = build(
        b"q 100 0 0 100 0 0 cm BI /W 1 /H 1 /CS /G /BPC 8 ID \x00 EI Q",
        helvetica(),
        dictionary! {},
    );
    let e = run(&bytes);
    assert!(e.blocks.is_empty());
    assert!(
        e.warnings
            .iter()
            .any(|w| w == "page 1: no text layer (scanned image?)"),
        "{:?}",
        e.warnings
    );
    assert!(e.warnings.iter().any(|w| w.starts_with("no text layer: ")));
}

/// A one-page document drawing `ops` with a Type0 font `/F2` whose descendant is `cid_font`,
/// encoded with `encoding` (a string is embedded as a CMap stream), and with `to_unicode` as
/// its ToUnicode stream when given.
fn build_cid(
    ops: &[u8],
    encoding: Object,
    cid_font: lopdf::Dictionary,
    to_unicode: Option<&[u8]>,
) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let desc_id = doc.add_object(cid_font);
    let encoding = match encoding {
        Object::String(program, _) => doc.add_object(Stream::new(dictionary! {}, program)).into(),
        other => other,
    };
    let mut font = dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "STSong-Light",
        "Encoding" => encoding,
        "DescendantFonts" => vec![desc_id.into()],
    };
    if let Some(cmap) = to_unicode {
        font.set(
            "ToUnicode",
            doc.add_object(Stream::new(dictionary! {}, cmap.to_vec())),
        );
    }
    let pages_id = doc.new_object_id();
    let content_id = doc.add_object(Stream::new(dictionary! {}, ops.to_vec()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        "Resources" => dictionary! { "Font" => dictionary! { "F2" => font } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 },
        ),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes)
        .expect("writing to a Vec cannot fail");
    bytes
}

fn cid_font(registry: &str, ordering: &str) -> lopdf::Dictionary {
    dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType0", "BaseFont" => "STSong-Light",
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal(registry),
            "Ordering" => Object::string_literal(ordering),
            "Supplement" => 4,
        },
        "DW" => 1000,
    }
}

#[test]
fn identity_cid_font_of_adobe_gb1_without_tounicode_reads_through_the_collection() {
    // CIDs 2095, 3468, 4615, 3230 are 技术转让 in Adobe-GB1.
    let pdf = build_cid(
        b"BT /F2 12 Tf 72 700 Td <082F0D8C12070C9E> Tj ET",
        "Identity-H".into(),
        cid_font("Adobe", "GB1"),
        None,
    );
    let e = run(&pdf);
    assert_eq!(text_of(&e), "技术转让");
    assert!(e.warnings.is_empty(), "{:?}", e.warnings);
}

#[test]
fn embedded_cmap_to_adobe_gb1_cids_reads_through_the_collection() {
    let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
        1 begincodespacerange <00> <FF> endcodespacerange\n\
        4 begincidchar <01> 2095 <02> 3468 <03> 4615 <04> 3230 endcidchar endcmap";
    let pdf = build_cid(
        b"BT /F2 12 Tf 72 700 Td <01020304> Tj ET",
        Object::string_literal(cmap.to_vec()),
        cid_font("Adobe", "GB1"),
        None,
    );
    assert_eq!(text_of(&run(&pdf)), "技术转让");
}

#[test]
fn cjk_type0_fonts_without_tounicode_read_through_predefined_cmaps_and_collections() {
    // (encoding, ordering, hex string drawn, text expected)
    let cases: &[(&str, &str, &str, &str)] = &[
        ("Identity-H", "CNS1", "04A60B94", "技術"),
        ("Identity-V", "CNS1", "04A60B94", "技術"),
        ("Identity-H", "Japan1", "0655095B", "技術"),
        ("Identity-H", "Korea1", "04DD08FF", "기술"),
        ("UniCNS-UCS2-H", "CNS1", "62808853", "技術"),
        ("UniCNS-UTF16-H", "CNS1", "62808853", "技術"),
        ("UniCNS-UTF32-H", "CNS1", "0000628000008853", "技術"),
        ("B5pc-H", "CNS1", "A7DEB34E", "技術"),
        ("ETen-B5-H", "CNS1", "A7DEB34E", "技術"),
        ("HKscs-B5-H", "CNS1", "A7DEB34E", "技術"),
        ("UniJIS-UCS2-H", "Japan1", "62808853", "技術"),
        ("UniJIS-UTF16-H", "Japan1", "62808853", "技術"),
        ("90ms-RKSJ-H", "Japan1", "8B5A8F7041", "技術A"),
        ("EUC-H", "Japan1", "B5BBBDD1", "技術"),
        ("H", "Japan1", "353B3D51", "技術"),
        ("UniKS-UCS2-H", "Korea1", "AE30C220", "기술"),
        ("UniKS-UTF16-H", "Korea1", "AE30C220", "기술"),
        ("KSCms-UHC-H", "Korea1", "B1E2BCFA", "기술"),
        ("KSC-H", "Korea1", "31623C7A", "기술"),
        ("UniGB-UTF8-H", "GB1", "E68A80E69CAF41", "技术A"),
        ("GB-H", "GB1", "3C3C4A75", "技术"),
        ("GBT-H", "GB1", "3C3C4A75572A4843", "技術轉讓"),
        ("GBT-V", "GB1", "3C3C4A75", "技術"),
        ("GBT-EUC-H", "GB1", "BCBCCAF5D7AAC8C3", "技術轉讓"),
        ("GBTpc-EUC-H", "GB1", "BCBCCAF5D7AAC8C3", "技術轉讓"),
    ];
    for (encoding, ordering, hex, want) in cases {
        let ops = format!("BT /F2 12 Tf 72 700 Td <{hex}> Tj ET");
        let pdf = build_cid(
            ops.as_bytes(),
            (*encoding).into(),
            cid_font("Adobe", ordering),
            None,
        );
        let e = run(&pdf);
        assert_eq!(text_of(&e), *want, "{encoding} / Adobe-{ordering}");
        assert!(e.warnings.is_empty(), "{encoding}: {:?}", e.warnings);
    }
}

#[test]
fn embedded_cmap_using_a_shipped_gbt_cmap_reads_through_it() {
    let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
        /GBT-H usecmap endcmap";
    let pdf = build_cid(
        b"BT /F2 12 Tf 72 700 Td <3C3C4A75> Tj ET",
        Object::string_literal(cmap.to_vec()),
        cid_font("Adobe", "GB1"),
        None,
    );
    assert_eq!(text_of(&run(&pdf)), "技術");
}

#[test]
#[cfg_attr(
    not(has_poppler_data),
    ignore = "poppler-data not installed (apt-get install poppler-data)"
)]
fn shipped_cmaps_are_poppler_datas_files() {
    for name in ["GBT-H", "GBT-EUC-H", "GBTpc-EUC-H"] {
        let source = format!("/usr/share/poppler/cMap/Adobe-GB1/{name}");
        let want = std::fs::read(&source)
            .unwrap_or_else(|e| panic!("{source}: {e} (apt-get install poppler-data)"));
        let path = format!(
            "{}/src/extract/pdf/cmaps/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        assert!(
            std::fs::read(&path).is_ok_and(|have| have == want),
            "{path} differs from {source}: copy it again"
        );
    }
}

#[test]
fn font_without_any_unicode_mapping_makes_the_page_unreadable() {
    let pdf = build_cid(
        b"BT /F2 12 Tf 72 700 Td <0101020203030404> Tj ET",
        "Identity-H".into(),
        cid_font("Adobe", "Identity"),
        None,
    );
    let e = run(&pdf);
    assert!(e.blocks.is_empty());
    assert!(
        e.warnings
            .iter()
            .any(|w| w == "page 1: garbled text (4 glyphs without unicode mapping), unreadable"),
        "{:?}",
        e.warnings
    );
}

#[test]
fn private_use_text_is_flagged_garbled() {
    // A ToUnicode that maps every glyph into the private-use area, as some subsetters do.
    let cmap = b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
        1 beginbfrange <0001> <0010> <E001> endbfrange";
    let pdf = build_cid(
        b"BT /F2 12 Tf 72 700 Td <00010002000300040005000600070008> Tj ET",
        "Identity-H".into(),
        cid_font("Adobe", "Identity"),
        Some(cmap),
    );
    let e = run(&pdf);
    assert!(
        e.warnings.iter().any(
            |w| w.starts_with("page 1: garbled text (8 private-use code points")
                && w.ends_with("unreadable")
        ),
        "{:?}",
        e.warnings
    );
}

#[test]
fn gbk_bytes_read_as_winansi_are_an_implausible_mix() {
    // 技术转让合同 in GBK, drawn with a WinAnsi font: what a missing /Encoding CMap yields.
    let pdf = build(
        b"BT /F1 12 Tf 72 700 Td (\xbc\xbc\xca\xf5\xd7\xaa\xc8\xc3\xba\xcf\xcd\xac \
          \xbc\xbc\xca\xf5\xd7\xaa\xc8\xc3\xba\xcf\xcd\xac) Tj ET",
        helvetica(),
        dictionary! {},
    );
    let e = run(&pdf);
    assert!(
        e.warnings
            .iter()
            .any(|w| w.starts_with("page 1: garbled text (implausible character mix")),
        "{:?}",
        e.warnings
    );
}

#[test]
fn clean_pages_carry_no_quality_warning() {
    let pdf = build(
        b"BT /F1 12 Tf 72 700 Td (The Licensor grants a licence to the know-how.) Tj ET",
        helvetica(),
        dictionary! {},
    );
    assert!(run(&pdf).warnings.is_empty());
}

/// Two pages: a short clause, then a page that draws a 10,000-operator form 100,000 times.
fn quick_then_slow() -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let form_id = doc.add_object(Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Form" },
        b"q Q\n".repeat(10_000),
    ));
    let mut slow = Stream::new(dictionary! {}, b"/X Do\n".repeat(100_000));
    slow.compress().expect("compress content");
    let quick_id = doc.add_object(Stream::new(
        dictionary! {},
        b"BT /F1 12 Tf 72 700 Td (1.1 The Licensor grants a licence.) Tj ET".to_vec(),
    ));
    let slow_id = doc.add_object(slow);
    let kids: Vec<Object> = [quick_id, slow_id]
        .into_iter()
        .map(|content| {
            doc.add_object(dictionary! {
                "Type" => "Page", "Parent" => pages_id, "Contents" => content,
            })
            .into()
        })
        .collect();
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => 2,
            "Resources" => dictionary! {
                "Font" => helvetica(), "XObject" => dictionary! { "X" => form_id },
            },
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes)
        .expect("writing to a Vec cannot fail");
    bytes
}

#[test]
fn time_budget_keeps_the_pages_read_before_it_ran_out() {
    let options = ExtractOptions {
        timeout: Some(Duration::from_millis(400)),
        ..ExtractOptions::default()
    };
    let start = Instant::now();
    let e = extract(&quick_then_slow(), &options).expect("first page was read");
    assert!(start.elapsed() < Duration::from_secs(10));
    assert_eq!(text_of(&e), "1.1 The Licensor grants a licence.");
    assert!(
        e.warnings
            .iter()
            .any(|w| w.starts_with("page 2: unreadable, ")
                && w.contains("time budget")
                && w.ends_with("(1 of 2 pages not read)")),
        "{:?}",
        e.warnings
    );
}

#[test]
fn time_budget_spent_before_any_page_is_a_limit_error() {
    let options = ExtractOptions {
        timeout: Some(Duration::ZERO),
        ..ExtractOptions::default()
    };
    let err = extract(&quick_then_slow(), &options).expect_err("nothing read in time");
    assert_eq!(err.kind, ErrorKind::LimitExceeded, "{err}");
}

#[test]
fn a_stamp_over_a_page_size_image_is_no_text_layer() {
    let image = b"BI /W 1 /H 1 /CS /G /BPC 8 ID \x00 EI";
    let stamp = b"BT /F1 10 Tf 300 300 Td (ABC-000123) Tj ET";
    let scan = [b"q 612 0 0 792 0 0 cm ".as_slice(), image, b" Q ", stamp].concat();
    let e = run(&build(&scan, helvetica(), dictionary! {}));
    assert!(
        e.warnings
            .iter()
            .any(|w| w == "page 1: no text layer (scanned image?) beyond 10 characters"),
        "{:?}",
        e.warnings
    );
    // A logo beside a short heading is not a scan.
    let logo = [b"q 60 0 0 60 72 700 cm ".as_slice(), image, b" Q ", stamp].concat();
    assert!(
        run(&build(&logo, helvetica(), dictionary! {}))
            .warnings
            .is_empty()
    );
}

#[test]
fn ops_helper_round_trips_through_lopdf_content() {
    // Content written by lopdf's encoder is read back by our lexer.
    let content = Content {
        operations: vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 11.into()]),
            Operation::new("Td", vec![72.into(), 600.into()]),
            Operation::new("Tj", vec![Object::string_literal("Grant (back) clause")]),
            Operation::new("ET", vec![]),
        ],
    };
    let ops = content.encode().expect("encode content");
    assert_eq!(
        text_of(&run(&build(&ops, helvetica(), dictionary! {}))),
        "Grant (back) clause"
    );
}

// ---------------------------------------------------------------------------------------
// Page ranges

/// A document of `pages` pages, each with a running header, a clause naming its page, a
/// Chinese line through an Identity-H Adobe-GB1 font without ToUnicode, a word hyphenated
/// across the line end on even pages, and a page number: furniture detection, fonts and
/// paragraph numbering all cross any split into page ranges.
pub(crate) fn long_document(pages: usize) -> Vec<u8> {
    const FIELDS: [&str; 13] = [
        "batteries",
        "catalysts",
        "drones",
        "encryption",
        "genomics",
        "lasers",
        "lidar",
        "magnets",
        "optics",
        "polymers",
        "radar",
        "sensors",
        "turbines",
    ];
    const PARTIES: [&str; 11] = [
        "Acme", "Borealis", "Cygnus", "Draco", "Eridanus", "Fornax", "Grus", "Hydra", "Indus",
        "Lyra", "Musca",
    ];
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let cjk_desc = doc.add_object(cid_font("Adobe", "GB1"));
    let cjk = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "STSong-Light",
        "Encoding" => "Identity-H", "DescendantFonts" => vec![cjk_desc.into()],
    });
    let mut kids = Vec::with_capacity(pages);
    for p in 1..=pages {
        let (field, party) = (FIELDS[p % 13], PARTIES[p % 11]);
        let wrap = if p % 2 == 0 {
            "(the technol-) Tj 0 -14 Td (ogy described in Schedule A.) Tj"
        } else {
            "(the know-how listed in the Annex.) Tj"
        };
        let ops = format!(
            "BT /F1 9 Tf 72 760 Td (ACME Ltd - Licence Agreement - Confidential) Tj ET\n\
             BT /F1 11 Tf 72 700 Td 14 TL ({p}.1 {party} grants a licence for {field} over) Tj \
             0 -14 Td {wrap} ET\n\
             BT /F2 11 Tf 72 600 Td <082F0D8C12070C9E> Tj ET\n\
             BT /F1 9 Tf 300 40 Td ({p}) Tj ET"
        );
        let content = doc.add_object(Stream::new(dictionary! {}, ops.into_bytes()));
        kids.push(
            doc.add_object(dictionary! {
                "Type" => "Page", "Parent" => pages_id, "Contents" => content,
            })
            .into(),
        );
    }
    let mut fonts = helvetica();
    fonts.set("F2", cjk);
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => pages as i64,
            "Resources" => dictionary! { "Font" => fonts },
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes)
        .expect("writing to a Vec cannot fail");
    bytes
}

/// Extracts `bytes` as ranges of `size` pages, handed to `finish` last range first.
fn extract_in_ranges(
    bytes: &[u8],
    options: &ExtractOptions,
    size: usize,
) -> Result<Extracted, crate::error::ExtractError> {
    let doc = super::PdfDocument::open(bytes, options)?;
    let n = doc.page_count();
    let mut ranges: Vec<_> = (0..n)
        .step_by(size)
        .map(|start| doc.extract_pages(start..(start + size).min(n)))
        .collect();
    ranges.reverse();
    doc.finish(ranges)
}

#[test]
fn page_ranges_assemble_into_the_sequential_text() {
    let long = long_document(300);
    let whole = run(&long);
    assert_eq!(whole.pages, Some(300));
    let page_2: Vec<&str> = whole
        .blocks
        .iter()
        .filter(|b| b.page == Some(2))
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(
        page_2.join("\n"),
        "ACME Ltd - Licence Agreement - Confidential\n\
         2.1 Cygnus grants a licence for drones over\nthe technol-\n\
         ogy described in Schedule A.\n技术转让"
    );
    assert!(
        whole
            .blocks
            .iter()
            .any(|b| b.kind == BlockKind::Header && b.page == Some(300)),
        "running header recognised across the document"
    );
    let options = ExtractOptions::default();
    for size in [1, 7, 16, 37, 150, 299, 300, 1000] {
        let split = extract_in_ranges(&long, &options, size).expect("ranges extract");
        assert_eq!(split, whole, "ranges of {size} pages");
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut samples = Vec::new();
    pdfs_under(&dir, &mut samples);
    assert!(samples.len() >= 7, "samples present");
    for path in samples {
        let bytes = std::fs::read(&path).expect("sample readable");
        let whole = extract(&bytes, &options);
        for size in [1, 2, 3] {
            assert_eq!(
                extract_in_ranges(&bytes, &options, size),
                whole,
                "{}: ranges of {size} pages",
                path.display()
            );
        }
    }
}

#[test]
fn page_ranges_share_the_time_budget_and_stop_like_a_sequential_read() {
    let options = ExtractOptions {
        timeout: Some(Duration::from_millis(400)),
        ..ExtractOptions::default()
    };
    let start = Instant::now();
    let e = extract_in_ranges(&quick_then_slow(), &options, 1).expect("first page was read");
    assert!(start.elapsed() < Duration::from_secs(10));
    assert_eq!(text_of(&e), "1.1 The Licensor grants a licence.");
    assert_eq!(
        e.warnings,
        [
            "page 2: unreadable, extraction exceeds the per-document time budget (1 of 2 pages not read)"
        ]
    );
    let none = ExtractOptions {
        timeout: Some(Duration::ZERO),
        ..ExtractOptions::default()
    };
    let err = extract_in_ranges(&quick_then_slow(), &none, 1).expect_err("nothing read in time");
    assert_eq!(err.kind, ErrorKind::LimitExceeded, "{err}");
}

#[test]
fn ranges_that_leave_a_page_unread_are_an_error_not_a_short_text() {
    let long = long_document(5);
    let doc = super::PdfDocument::open(&long, &ExtractOptions::default()).expect("opens");
    let ranges = vec![doc.extract_pages(0..2), doc.extract_pages(3..5)];
    let err = doc.finish(ranges).expect_err("page 3 missing");
    assert!(err.message.contains("page 3"), "{err}");
}

// ---------------------------------------------------------------------------------------
// Corpus sweep

/// The corpus folder `build.rs` probed; the tests that call it are ignored without it.
fn corpus() -> PathBuf {
    let p = PathBuf::from(env!("TECHSCAN_TEST_CORPUS"));
    assert!(p.is_dir(), "the corpus is absent: {}", p.display());
    p
}

fn pdfs_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            pdfs_under(&p, out);
        } else if p.extension().is_some_and(|x| x.eq_ignore_ascii_case("pdf")) {
            out.push(p);
        }
    }
}

/// Word bag (lowercased `\w+` runs) or, for Chinese, a bag of CJK ideographs.
fn bag(text: &str, chinese: bool) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    if chinese {
        for c in text.chars().filter(|&c| is_cjk(c)) {
            *m.entry(c.to_string()).or_default() += 1;
        }
    } else {
        for w in text
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
        {
            *m.entry(w.to_lowercase()).or_default() += 1;
        }
    }
    m
}

fn f1(got: &HashMap<String, usize>, want: &HashMap<String, usize>) -> f64 {
    let inter: usize = got
        .iter()
        .map(|(k, v)| (*v).min(want.get(k).copied().unwrap_or(0)))
        .sum();
    let g: usize = got.values().sum();
    let w: usize = want.values().sum();
    if g == 0 || w == 0 {
        return if g == w { 1.0 } else { 0.0 };
    }
    let p = inter as f64 / g as f64;
    let r = inter as f64 / w as f64;
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// Text of a PDF by `pdftotext` (poppler), when the tool is installed.
fn pdftotext(pdf: &Path) -> Option<String> {
    let out = std::process::Command::new("pdftotext")
        .args(["-q", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// CJK ideographs, the characters the Chinese score counts.
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3134F}')
}

/// Contracts whose score may fall below the per-file floor, with the reason.
const FIDELITY_EXCEPTIONS: &[(&str, &str)] = &[];

/// Lowest per-file F1 outside [`FIDELITY_EXCEPTIONS`].
const FIDELITY_FLOOR: f64 = 0.98;

/// Lowest mean F1 per language.
const FIDELITY_MEAN: f64 = 0.99;

/// The fidelity harness of issue 3: every corpus contract PDF against its reference text,
/// word-bag F1 in English and CJK-character-bag F1 in Chinese, printed per file and as a mean
/// per language. Two Chinese PDFs are incomplete renderings of their text; they are scored
/// against `pdftotext` when it is installed and left out (with the reason printed) otherwise.
#[test]
#[cfg_attr(not(has_corpus), ignore = "../shared/corpus absent")]
fn corpus_contracts_match_reference_text() {
    let root = corpus();
    let mut files = Vec::new();
    pdfs_under(&root.join("contracts/en"), &mut files);
    pdfs_under(&root.join("contracts/zh"), &mut files);
    let mut scores: Vec<(bool, f64, PathBuf)> = Vec::new();
    let mut failures = Vec::new();
    for pdf in &files {
        let name = pdf.to_string_lossy().into_owned();
        let chinese = name.contains("/zh/");
        let incomplete = [
            "002_tech-transfer-contract-1",
            "010_technology-teaching-contract",
        ]
        .iter()
        .any(|s| name.contains(s));
        let Ok(reference) = std::fs::read_to_string(pdf.with_extension("txt")) else {
            eprintln!("excluded {name}: no reference .txt");
            continue;
        };
        let clipped = if incomplete {
            let Some(t) = pdftotext(pdf) else {
                eprintln!(
                    "excluded {name}: the PDF renders only part of its .txt and pdftotext \
                     is not installed to stand in as the reference"
                );
                continue;
            };
            Some(t)
        } else {
            None
        };
        let bytes = std::fs::read(pdf).expect("corpus file readable");
        let got = match extract(&bytes, &ExtractOptions::default()) {
            Ok(e) => {
                for w in &e.warnings {
                    if w.contains("garbled") || w.contains("no text layer") {
                        failures.push(format!("{name}: false quality warning {w}"));
                    }
                }
                text_of(&e)
            }
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        let got_bag = bag(&got, chinese);
        let score = match &clipped {
            // Lines of these PDFs run past the page edge: pdftotext clips them, techscan
            // keeps the off-page text. Score recall against pdftotext and precision against
            // the .txt (everything extracted must be in the source text).
            Some(clipped) => {
                let r = recall(&got_bag, &bag(clipped, chinese));
                let p = recall(&bag(&reference, chinese), &got_bag);
                if r + p == 0.0 {
                    0.0
                } else {
                    2.0 * r * p / (r + p)
                }
            }
            None => f1(&got_bag, &bag(&reference, chinese)),
        };
        let against = if incomplete {
            "pdftotext (recall) and txt (precision)"
        } else {
            "txt"
        };
        eprintln!(
            "f1 {score:.4} {} vs {against} {name}",
            if chinese { "zh" } else { "en" }
        );
        let excepted = FIDELITY_EXCEPTIONS.iter().any(|(f, _)| name.contains(f));
        if score < FIDELITY_FLOOR && !excepted {
            failures.push(format!("{name}: f1 {score:.4} below {FIDELITY_FLOOR}"));
        }
        scores.push((chinese, score, pdf.clone()));
    }
    for (chinese, lang) in [(false, "en"), (true, "zh")] {
        let of_lang: Vec<f64> = scores
            .iter()
            .filter(|(c, _, _)| *c == chinese)
            .map(|(_, s, _)| *s)
            .collect();
        if of_lang.is_empty() {
            continue;
        }
        let mean = of_lang.iter().sum::<f64>() / of_lang.len() as f64;
        let min = of_lang.iter().copied().fold(f64::INFINITY, f64::min);
        eprintln!(
            "{lang}: {} files, mean f1 {mean:.4}, min {min:.4}",
            of_lang.len()
        );
        if mean < FIDELITY_MEAN {
            failures.push(format!("{lang}: mean f1 {mean:.4} below {FIDELITY_MEAN}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Character bag without whitespace, for the parser tests' short expected texts.
fn char_bag(text: &str) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        *m.entry(c.to_string()).or_default() += 1;
    }
    m
}

/// Share of `want`'s bag found in `got`'s.
fn recall(got: &HashMap<String, usize>, want: &HashMap<String, usize>) -> f64 {
    let total: usize = want.values().sum();
    if total == 0 {
        return 1.0;
    }
    let found: usize = want
        .iter()
        .map(|(k, v)| (*v).min(got.get(k).copied().unwrap_or(0)))
        .sum();
    found as f64 / total as f64
}

/// Parser-test files whose expected text techscan does not reach yet, with the reason.
const PARSER_TEST_EXCEPTIONS: &[(&str, &str)] = &[(
    "issue_566_test_2.pdf",
    "TrueType CID font whose ToUnicode maps glyph ids as WinAnsi: needs the font's cmap",
)];

/// The expected texts shipped with the parser tests: pdfminer's `expected_text.json`
/// (mostly snippets, so scored as character recall), PdfPig's `.txt` files (word-bag F1) and
/// PdfPig's `Type0_CJK_Font.pdf` (CJK F1 against `pdftotext`, when installed).
#[test]
#[cfg_attr(not(has_corpus), ignore = "../shared/corpus absent")]
fn parser_tests_match_their_expected_texts() {
    let root = corpus();
    let base = root.join("parser-tests/pdf");
    let mut failures = Vec::new();
    let extract_text = |p: &Path| -> Option<String> {
        let bytes = std::fs::read(p).ok()?;
        extract(&bytes, &ExtractOptions::default())
            .ok()
            .map(|e| text_of(&e))
    };
    let mut check = |name: &str, score: f64, floor: f64| {
        let excepted = PARSER_TEST_EXCEPTIONS
            .iter()
            .find(|(f, _)| name.ends_with(f));
        eprintln!(
            "{score:.4} {name}{}",
            excepted.map_or(String::new(), |(_, why)| format!(" (excepted: {why})"))
        );
        if score < floor && excepted.is_none() {
            failures.push(format!("{name}: {score:.4} below {floor}"));
        }
    };
    if let Ok(json) = std::fs::read_to_string(base.join("pdfminer/expected_text.json")) {
        let parsed: serde_json::Value = serde_json::from_str(&json).expect("expected_text.json");
        if let Some(expected) = parsed.get("expected").and_then(|e| e.as_object()) {
            for (file, want) in expected {
                let path = base.join("pdfminer").join(file);
                let (Some(want), true) = (want.as_str(), path.is_file()) else {
                    continue;
                };
                let got = extract_text(&path).unwrap_or_default();
                check(file, recall(&char_bag(&got), &char_bag(want)), 0.95);
            }
        }
    }
    let mut pdfpig = Vec::new();
    pdfs_under(&base.join("pdfpig"), &mut pdfpig);
    for pdf in &pdfpig {
        if let Ok(want) = std::fs::read_to_string(pdf.with_extension("txt")) {
            let got = extract_text(pdf).unwrap_or_default();
            check(
                &pdf.to_string_lossy(),
                f1(&bag(&got, false), &bag(&want, false)),
                0.95,
            );
        }
    }
    let cjk = base.join("pdfpig/Type0_CJK_Font.pdf");
    if let (Some(want), Some(got)) = (pdftotext(&cjk), extract_text(&cjk)) {
        check(
            "pdfpig/Type0_CJK_Font.pdf",
            f1(&bag(&got, true), &bag(&want, true)),
            0.99,
        );
    } else if cjk.is_file() {
        eprintln!("skipping Type0_CJK_Font.pdf: pdftotext not installed");
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
#[cfg_attr(not(has_corpus), ignore = "../shared/corpus absent")]
fn parser_hazard_files_end_cleanly_and_quickly() {
    let root = corpus();
    let mut files = Vec::new();
    pdfs_under(&root.join("parser-tests/pdf"), &mut files);
    pdfs_under(&root.join("contracts/derived"), &mut files);
    for pdf in &files {
        let bytes = std::fs::read(pdf).expect("corpus file readable");
        let start = Instant::now();
        // The parser's speed: OCR of the scans among them is measured in benches/.
        let options = ExtractOptions {
            ocr: crate::extract::ocr::OcrMode::Never,
            ..ExtractOptions::default()
        };
        let result = std::panic::catch_unwind(|| extract(&bytes, &options));
        let took = start.elapsed();
        assert!(result.is_ok(), "panic on {}", pdf.display());
        assert!(
            took < Duration::from_secs(20),
            "{} took {took:?}",
            pdf.display()
        );
    }
}

#[test]
#[cfg_attr(not(has_corpus), ignore = "../shared/corpus absent")]
fn corpus_passwords_open_encrypted_files() {
    let root = corpus();
    // cpdf made these with owner `foo` and user `baz` (see pdfminer's README.samples).
    let enc = root.join("parser-tests/pdf/pdfminer/encryption");
    for (file, password) in [
        ("rc4-40.pdf", "baz"),
        ("aes-128.pdf", "baz"),
        ("aes-256-r6.pdf", "usersecret"),
    ] {
        let Ok(bytes) = std::fs::read(enc.join(file)) else {
            continue;
        };
        let err = extract(&bytes, &ExtractOptions::default()).expect_err(file);
        assert_eq!(err.kind, ErrorKind::Encrypted, "{file}: {err}");
        let options = ExtractOptions {
            password: Some(password.to_owned()),
            ..ExtractOptions::default()
        };
        let e = extract(&bytes, &options).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(!e.blocks.is_empty(), "{file}: no text");
    }
    let wrong = ExtractOptions {
        password: Some("wrong".to_owned()),
        ..ExtractOptions::default()
    };
    if let Ok(bytes) = std::fs::read(enc.join("aes-128.pdf")) {
        let err = extract(&bytes, &wrong).expect_err("wrong password");
        assert_eq!(err.kind, ErrorKind::Encrypted);
    }
    let owner_only =
        root.join("contracts/derived/intl-tech-transfer-zh_owner-pw-only_aes128_no-extract.pdf");
    if let Ok(bytes) = std::fs::read(owner_only) {
        let e = extract(&bytes, &ExtractOptions::default()).expect("empty user password opens");
        assert!(!e.blocks.is_empty());
    }
}

/// Measurement aid, not a check (ignored unless asked for): with `TECHSCAN_PDF_DUMP=<dir>` set, writes each corpus
/// contract's extracted text to `<dir>/<stem>.txt` and prints pages, seconds and pages/s.
#[test]
#[ignore = "measurement aid: TECHSCAN_PDF_DUMP=<dir> cargo test --release --lib corpus_dump -- --ignored"]
fn corpus_dump_for_measurement_when_asked() {
    let root = corpus();
    let dir =
        PathBuf::from(std::env::var_os("TECHSCAN_PDF_DUMP").expect("TECHSCAN_PDF_DUMP=<dir>"));
    std::fs::create_dir_all(&dir).expect("dump dir");
    let mut files = Vec::new();
    pdfs_under(&root.join("contracts/en"), &mut files);
    pdfs_under(&root.join("contracts/zh"), &mut files);
    let inputs: Vec<(PathBuf, Vec<u8>)> = files
        .into_iter()
        .map(|p| {
            let b = std::fs::read(&p).expect("corpus file readable");
            (p, b)
        })
        .collect();
    let mut pages = 0u32;
    let mut outputs = Vec::new();
    let start = Instant::now();
    for (p, bytes) in &inputs {
        let e = extract(bytes, &ExtractOptions::default()).expect("corpus contract extracts");
        pages += e.pages.unwrap_or(0);
        outputs.push((p.clone(), e));
    }
    let secs = start.elapsed().as_secs_f64();
    for (p, e) in &outputs {
        let stem = p
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        std::fs::write(dir.join(format!("{stem}.txt")), text_of(e)).expect("dump write");
        for w in &e.warnings {
            eprintln!("{stem}: {w}");
        }
    }
    eprintln!(
        "{} files, {pages} pages in {secs:.3} s = {:.0} pages/s",
        inputs.len(),
        f64::from(pages) / secs
    );
    let mut hazards = Vec::new();
    pdfs_under(&root.join("parser-tests/pdf"), &mut hazards);
    pdfs_under(&root.join("contracts/derived"), &mut hazards);
    for p in hazards {
        let bytes = std::fs::read(&p).expect("corpus file readable");
        let start = Instant::now();
        let outcome = match extract(&bytes, &ExtractOptions::default()) {
            Ok(e) => format!(
                "ok {} blocks, {} warnings {:?}",
                e.blocks.len(),
                e.warnings.len(),
                e.warnings.first()
            ),
            Err(e) => format!("err {}: {e}", e.kind.as_str()),
        };
        eprintln!("{:>8.1?} {} {outcome}", start.elapsed(), p.display());
    }
}

#[test]
fn inline_encrypt_dictionary_is_hoisted_to_an_object() {
    let bytes = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer\n<</Root 1 0 R/Encrypt<</Filter/Standard/O(a)b>)>>/Size 2>>";
    let out = super::hoist_inline_encrypt(bytes).expect("inline dictionary found");
    let text = String::from_utf8_lossy(&out);
    assert!(
        text.contains("999000 0 obj\n<</Filter/Standard/O(a)b>)>>\nendobj\ntrailer"),
        "{text}"
    );
    assert!(text.ends_with("/Encrypt 999000 0 R/Size 2>>"), "{text}");
}

#[test]
fn page_lists_join_runs_of_pages() {
    assert_eq!(super::page_list(&[3]), "page 3");
    assert_eq!(
        super::page_list(&[1, 2, 3, 4, 7, 9, 10]),
        "pages 1–4, 7, 9–10"
    );
}

//! Word 97 binary documents built in the test with the `cfb` crate: a FIB, a piece table
//! with cp1252 and UTF-16 pieces, a header story table, and hostile variants of each.

use std::io::{Cursor, Write};

use super::fib::tests::fib_bytes;
use super::fib::{Fib, Stories};
use super::pieces::tests::clx;
use super::*;
use crate::model::ErrorKind;

const TEXT_AT: u32 = 1024;

/// The parts of a test document: stories in character-position order.
struct Doc {
    main_8bit: &'static str,
    main_utf16: &'static str,
    footnotes: &'static str,
    headers: &'static str,
    /// `PlcfHdd` character positions.
    hdd: Vec<u32>,
}

fn sample() -> Doc {
    Doc {
        main_8bit: "Title \u{93}quoted\u{94}\rCell A1\rCell A2\x07Cell B\x07\x07See \x13 HYPERLINK \"x\" \x14the site\x15 now\x02\x0bnext line\r",
        main_utf16: "第一条 技术秘密\x0c合同条款\r",
        footnotes: "\x02 A footnote.\r",
        headers: "Head\rFoot\r\r",
        hdd: vec![0, 0, 0, 0, 0, 0, 0, 0, 5, 5, 10, 10, 10, 11],
    }
}

fn cp1252(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            '\u{93}' => 0x93,
            '\u{94}' => 0x94,
            c => u8::try_from(u32::from(c)).unwrap(),
        })
        .collect()
}

/// Builds the OLE file; `tamper` may change the streams before they are written.
fn build(doc: &Doc, tamper: impl FnOnce(&mut Vec<u8>, &mut Vec<u8>)) -> Vec<u8> {
    let main_8bit = cp1252(doc.main_8bit);
    let utf16: Vec<u8> = doc
        .main_utf16
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let rest = cp1252(&format!("{}{}", doc.footnotes, doc.headers));
    let n8 = main_8bit.len() as u32;
    let n16 = doc.main_utf16.encode_utf16().count() as u32;
    let nrest = rest.len() as u32;
    let mut text = main_8bit.clone();
    let utf16_at = TEXT_AT + text.len() as u32;
    text.extend_from_slice(&utf16);
    let rest_at = TEXT_AT + text.len() as u32;
    text.extend_from_slice(&rest);
    // One paragraph property page: the first paragraph of the first cell is in a table
    // (its cell mark does not end it).
    let cell_start = TEXT_AT + doc.main_8bit.find("Cell A1").unwrap_or(0) as u32;
    let cell_end = cell_start + "Cell A1\r".len() as u32;
    while (TEXT_AT as usize + text.len()) % 512 != 0 {
        text.push(0);
    }
    let pn = (TEXT_AT as usize + text.len()) / 512;
    // The title is the first item of a list numbered "Article 1.".
    let title_end = TEXT_AT + doc.main_8bit.find('\r').map_or(0, |i| i + 1) as u32;
    text.extend(super::tables::tests::page_with_lists(&[
        (TEXT_AT, title_end, false, 1),
        (title_end, cell_start, false, 0),
        (cell_start, cell_end, true, 0),
    ]));

    let mut table = Vec::new();
    let hdd_at = table.len() as u32;
    for cp in &doc.hdd {
        table.extend_from_slice(&cp.to_le_bytes());
    }
    let hdd_len = table.len() as u32 - hdd_at;
    let papx_at = table.len() as u32;
    for v in [TEXT_AT, cell_end, pn as u32] {
        table.extend_from_slice(&v.to_le_bytes());
    }
    let clx_at = table.len() as u32;
    table.extend(clx(
        &[
            (0, TEXT_AT, true),
            (n8, utf16_at, false),
            (n8 + n16, rest_at, true),
        ],
        n8 + n16 + nrest,
    ));
    let clx_len = table.len() as u32 - clx_at;
    let lists_at = table.len() as u32;
    let (lists, lst, lfo) = super::lists::tests::tables(42, &[(1, 0, "Article 0.")]);
    table.extend(lists);
    let fib = Fib {
        table_stream_1: true,
        ccp: Stories {
            text: n8 + n16,
            footnotes: doc.footnotes.chars().count() as u32,
            headers: doc.headers.chars().count() as u32,
            ..Stories::default()
        },
        clx: (clx_at, clx_len),
        hdd: (hdd_at, hdd_len),
        papx: (papx_at, 12),
        plf_lst: (lists_at + lst.0, lst.1),
        plf_lfo: (lists_at + lfo.0, lfo.1),
    };
    let mut word = fib_bytes(&fib, TEXT_AT as usize);
    word.truncate(TEXT_AT as usize);
    word.extend_from_slice(&text);
    tamper(&mut word, &mut table);
    ole(&[("/WordDocument", &word), ("/1Table", &table)])
}

fn ole(streams: &[(&str, &[u8])]) -> Vec<u8> {
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    for (name, data) in streams {
        let mut stream = file.create_stream(name).unwrap();
        stream.write_all(data).unwrap();
    }
    file.flush().unwrap();
    file.into_inner().into_inner()
}

fn read(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    extract(bytes, &ExtractOptions::default())
}

#[test]
fn stories_become_located_blocks() {
    let x = read(&build(&sample(), |_, _| {})).unwrap();
    let got: Vec<(BlockKind, &str)> = x.blocks.iter().map(|b| (b.kind, b.text.as_str())).collect();
    assert_eq!(
        got,
        [
            (BlockKind::Body, "Title “quoted”"),
            (BlockKind::Table, "Cell A1"),
            (BlockKind::Table, "Cell A2"),
            (BlockKind::Table, "Cell B"),
            (BlockKind::Body, "See the site now\nnext line"),
            (BlockKind::Body, "第一条 技术秘密"),
            (BlockKind::Body, "合同条款"),
            (BlockKind::Header, "Head"),
            (BlockKind::Footer, "Foot"),
            (BlockKind::Footnote, "A footnote."),
        ]
    );
    assert_eq!(x.blocks[0].label.as_deref(), Some("Article 1."));
    assert!(x.blocks[1..].iter().all(|b| b.label.is_none()));
    let numbers: Vec<u32> = x.blocks.iter().map(|b| b.paragraph).collect();
    assert_eq!(numbers, (1..=10).collect::<Vec<u32>>());
    assert!(x.warnings.is_empty(), "{:?}", x.warnings);
}

#[test]
fn a_damaged_header_table_reads_headers_as_one_story() {
    let mut doc = sample();
    doc.hdd = vec![5, 0];
    let x = read(&build(&doc, |_, _| {})).unwrap();
    let headers: Vec<&str> = x
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Header)
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(headers, ["Head", "Foot"]);
    assert_eq!(x.warnings.len(), 1);
}

#[test]
fn hostile_documents_are_clean_errors() {
    let kind = |bytes: &[u8]| read(bytes).unwrap_err().kind;
    assert_eq!(kind(b"not ole at all"), ErrorKind::Malformed);
    let mut magic_only = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    magic_only.resize(600, 0);
    assert_eq!(kind(&magic_only), ErrorKind::Malformed);
    // Another OLE file (a spreadsheet), and an encrypted OOXML package.
    assert_eq!(kind(&ole(&[("/Workbook", b"x")])), ErrorKind::Unsupported);
    assert_eq!(
        kind(&ole(&[
            ("/EncryptedPackage", b"x"),
            ("/WordDocument", b"y")
        ])),
        ErrorKind::Encrypted
    );
    // A bad FIB, a missing table stream, and a piece table pointing out of bounds.
    let bad_fib = build(&sample(), |word, _| word[0] = 0);
    assert_eq!(kind(&bad_fib), ErrorKind::Malformed);
    assert_eq!(
        kind(&ole(&[("/WordDocument", &fib_bytes(&Fib::default(), 0))])),
        ErrorKind::Malformed
    );
    let outside = build(&sample(), |word, _| word.truncate(TEXT_AT as usize + 10));
    let err = read(&outside).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Malformed);
    assert!(err.message.contains("outside"), "{}", err.message);
    let no_clx = build(&sample(), |_, table| table.truncate(20));
    assert_eq!(kind(&no_clx), ErrorKind::Malformed);
    // Story lengths that overflow or exceed the pieces.
    let overflow = build(&sample(), |word, _| {
        word[0x4C..0x50].copy_from_slice(&u32::MAX.to_le_bytes());
    });
    assert_eq!(kind(&overflow), ErrorKind::Malformed);
    // Truncated and bit-flipped copies never panic.
    let good = build(&sample(), |_, _| {});
    for cut in (0..good.len()).step_by(97) {
        let _ = read(&good[..cut]);
    }
    let mut flipped = good.clone();
    for i in (512..flipped.len()).step_by(61) {
        flipped[i] ^= 0x5A;
        let _ = read(&flipped);
    }
}

#[test]
fn streams_over_the_budget_are_limit_errors() {
    let options = ExtractOptions {
        max_decompressed_bytes: 512,
        ..ExtractOptions::default()
    };
    let err = extract(&build(&sample(), |_, _| {}), &options).unwrap_err();
    assert_eq!(err.kind, ErrorKind::LimitExceeded, "{}", err.message);
}

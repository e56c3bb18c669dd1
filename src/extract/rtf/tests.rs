//! Hand-written RTF: the control words a word processor writes, and hostile input.

use super::*;
use crate::model::ErrorKind;

fn read(rtf: &str) -> Extracted {
    extract(rtf.as_bytes(), &ExtractOptions::default()).unwrap()
}

fn texts(x: &Extracted) -> Vec<(BlockKind, &str)> {
    x.blocks.iter().map(|b| (b.kind, b.text.as_str())).collect()
}

#[test]
fn paragraphs_skip_tables_of_fonts_colours_styles_and_info() {
    let x = read(
        r"{\rtf1\ansi\deff0{\fonttbl{\f0\froman Times;}}{\colortbl;\red0\green0\blue0;}
{\stylesheet{\s0 Normal;}}{\info{\title Secret title}{\author A}}
\pard\plain The Licensor grants\par
{\*\generator Writer;}{\*\unknowndest hidden}Second {\b bold} paragraph.\par}",
    );
    assert_eq!(
        texts(&x),
        [
            (BlockKind::Body, "The Licensor grants"),
            (BlockKind::Body, "Second bold paragraph.")
        ]
    );
    assert_eq!(x.blocks[1].paragraph, 2);
}

#[test]
fn unicode_escapes_skip_their_fallback_characters() {
    let x = read(
        r"{\rtf1\ansi\uc1\u25216?\u26415?\uc2 \u21512\'3f\'3f\u21516\'3f\'3f \u-28640\'3f\'3f end\par}",
    );
    assert_eq!(texts(&x), [(BlockKind::Body, "技术合同 造 end")]);
    // A surrogate pair, and a fallback that is a control word.
    let x = read(r"{\rtf1\uc1\u-10179?\u-8704?x\u8212\endash y\par}");
    assert_eq!(texts(&x), [(BlockKind::Body, "\u{1F600}x—y")]);
}

#[test]
fn hex_bytes_decode_in_the_document_code_page_gbk_included() {
    // 技术 in GBK is bc bc ca f5.
    let x = read(r"{\rtf1\ansi\ansicpg936\deff0 \'bc\'bc\'ca\'f5\'ba\'cf\'cd\'ac and more\par}");
    assert_eq!(texts(&x)[0].1, "技术合同 and more");
    let x = read(r"{\rtf1\ansi\ansicpg1252 caf\'e9 \'93q\'94\par}");
    assert_eq!(texts(&x)[0].1, "café “q”");
}

#[test]
fn a_font_charset_sets_the_code_page_of_its_text() {
    let x = read(
        r"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0\fswiss\fcharset0 Arial;}{\f1\fnil\fcharset134 \'cb\'ce\'cc\'e5;}}
\f0 Name: {\f1 \'d6\'d0\'b9\'fa}\'e9\par}",
    );
    assert_eq!(texts(&x)[0].1, "Name: 中国é");
}

#[test]
fn tables_headers_footers_and_notes_are_their_own_blocks() {
    let x = read(
        r"{\rtf1\ansi{\header\pard Page header\par}{\footer\pard Page footer\par}
\pard Body one{\footnote\pard\plain{\chftn} A footnote.\par}\par
\trowd\cellx1000\cellx2000\pard\intbl Cell A\cell Cell B\cell\row
\pard After table{\footnote\ftnalt\pard An endnote.}\par
{\header\pard Page header\par}}",
    );
    assert_eq!(
        texts(&x),
        [
            (BlockKind::Body, "Body one"),
            (BlockKind::Table, "Cell A"),
            (BlockKind::Table, "Cell B"),
            (BlockKind::Body, "After table"),
            (BlockKind::Header, "Page header"),
            (BlockKind::Footer, "Page footer"),
            (BlockKind::Footnote, "A footnote."),
            (BlockKind::Endnote, "An endnote."),
        ]
    );
}

#[test]
fn fields_keep_their_result_and_lists_their_label() {
    let x = read(
        r#"{\rtf1{\field{\*\fldinst HYPERLINK "http://x"}{\fldrslt see site}} now\par
{\listtext\pard\plain 2.1\tab}\pard Second clause\par
{\pntext (a)\tab}Item{\v hidden words} text\par}"#,
    );
    assert_eq!(x.blocks[0].text, "see site now");
    assert_eq!(x.blocks[1].text, "Second clause");
    assert_eq!(x.blocks[1].label.as_deref(), Some("2.1"));
    assert_eq!(x.blocks[2].label.as_deref(), Some("(a)"));
    assert_eq!(x.blocks[2].text, "Item text");
}

#[test]
fn unicode_alternatives_are_read_where_their_group_is() {
    let x = read(
        r"{\rtf1{\info{\upr{\title \'3f\'3f}{\*\ud{\title \u21512\'3f\u21516\'3f}}}}
{\upr{\'3f\'3f}{\*\ud{\u21512\'3f\u21516\'3f}}} text\par}",
    );
    assert_eq!(texts(&x), [(BlockKind::Body, "合同 text")]);
}

#[test]
fn pictures_and_binary_data_are_skipped() {
    let mut rtf =
        b"{\\rtf1 Before{\\pict\\pngblip 89504e47}{\\*\\objdata 0102}\\bin4 }}}} after\\par}"
            .to_vec();
    rtf.extend_from_slice(b"");
    let x = extract(&rtf, &ExtractOptions::default()).unwrap();
    assert_eq!(texts(&x), [(BlockKind::Body, "Before after")]);
}

#[test]
fn special_characters_map_to_unicode() {
    let x = read(r"{\rtf1 a\~b\_c\-d\emdash\lquote q\rquote\line e\tab f\par}");
    assert_eq!(x.blocks[0].text, "a\u{a0}b-c\u{ad}d—‘q’\ne\tf");
}

#[test]
fn hostile_rtf_ends_in_a_clean_result() {
    let options = ExtractOptions::default();
    assert_eq!(
        extract(b"not rtf", &options).unwrap_err().kind,
        ErrorKind::Malformed
    );
    assert_eq!(
        extract(b"", &options).unwrap_err().kind,
        ErrorKind::Malformed
    );
    let deep = format!("{{\\rtf1 {}x{}", "{".repeat(100_000), "}".repeat(100_000));
    assert_eq!(
        extract(deep.as_bytes(), &options).unwrap_err().kind,
        ErrorKind::LimitExceeded
    );
    // Truncated: the text before the break survives, with a warning.
    let x = extract(br"{\rtf1 {\b Kept text\par more", &options).unwrap();
    assert_eq!(
        texts(&x),
        [(BlockKind::Body, "Kept text"), (BlockKind::Body, "more")]
    );
    assert!(x.warnings[0].contains("open group"), "{:?}", x.warnings);
    // Stray closing braces, dangling escapes, huge parameters and \bin lengths.
    for junk in [
        &br"{\rtf1 a}}}}} b\par}"[..],
        br"{\rtf1 \'",
        br"{\rtf1 \'zz\u99999999999999999999 x\uc99999999 y\bin999999999999 z",
        br"{\rtf1 \bin-5 x\par\",
        br"{\rtf1 \abcdefghijklmnopqrstuvwxyzabcdefghijklmnop x}",
    ] {
        let result = extract(junk, &options);
        assert!(result.is_ok(), "{:?}", String::from_utf8_lossy(junk));
    }
}

//! OpenDocument packages built in the test with the `zip` crate, and hostile variants.

use std::io::{Cursor, Write};

use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

use super::*;
use crate::model::ErrorKind;

const NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/""#;

fn package(mime: &str, members: &[(&str, &[u8])], method: CompressionMethod) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(mime.as_bytes()).unwrap();
    let options = SimpleFileOptions::default().compression_method(method);
    for (name, data) in members {
        zip.start_file(*name, options).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn odt(body: &str, master: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
    );
    let styles = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-styles {NS}><office:master-styles>{master}</office:master-styles></office:document-styles>"#
    );
    package(
        TEXT_MIMETYPES[0],
        &[
            ("content.xml", content.as_bytes()),
            ("styles.xml", styles.as_bytes()),
        ],
        CompressionMethod::Deflated,
    )
}

fn read(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    extract(bytes, &ExtractOptions::default())
}

#[test]
fn paragraphs_tables_notes_boxes_headers_and_footers() {
    let body = r#"<text:sequence-decls><text:sequence-decl text:name="Table"/></text:sequence-decls>
<text:h text:outline-level="1"><text:number>1.</text:number>Grant of Licence</text:h>
<text:p>The<text:s text:c="3"/>Licensor<text:tab/>grants<text:line-break/>a licence<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Footnote text.</text:p></text:note-body></text:note>.</text:p>
<text:list><text:list-item><text:p>List <text:span>item</text:span></text:p></text:list-item></text:list>
<table:table><table:table-row><table:table-cell><text:p>Cell A</text:p></table:table-cell><table:covered-table-cell/><table:table-cell><text:p>单元格</text:p></table:table-cell></table:table-row></table:table>
<text:p>Anchor<draw:frame><svg:title>Picture title</svg:title><draw:text-box><text:p>Box text</text:p></draw:text-box></draw:frame> after</text:p>
<text:p><office:annotation><dc:creator>Reviewer</dc:creator><dc:date>2024-01-01</dc:date><text:p>A comment.</text:p></office:annotation>Commented</text:p>
<text:tracked-changes><text:changed-region><text:deletion><text:p>Deleted words</text:p></text:deletion></text:changed-region></text:tracked-changes>
<text:p>End<text:note text:note-class="endnote"><text:note-body><text:p>Endnote text.</text:p></text:note-body></text:note></text:p>"#;
    let master = r#"<style:master-page style:name="Standard"><style:header><text:p>Page header</text:p></style:header><style:footer><text:p>Page footer</text:p></style:footer></style:master-page><style:master-page style:name="Other"><style:header><text:p>Page header</text:p></style:header></style:master-page>"#;
    let x = read(&odt(body, master)).unwrap();
    let got: Vec<(BlockKind, &str)> = x.blocks.iter().map(|b| (b.kind, b.text.as_str())).collect();
    assert_eq!(
        got,
        [
            (BlockKind::Body, "Grant of Licence"),
            (BlockKind::Body, "The   Licensor\tgrants\na licence."),
            (BlockKind::Body, "List item"),
            (BlockKind::Table, "Cell A"),
            (BlockKind::Table, "单元格"),
            (BlockKind::Body, "Anchor after"),
            (BlockKind::TextBox, "Box text"),
            (BlockKind::Body, "Commented"),
            (BlockKind::Body, "End"),
            (BlockKind::Header, "Page header"),
            (BlockKind::Footer, "Page footer"),
            (BlockKind::Footnote, "Footnote text."),
            (BlockKind::Endnote, "Endnote text."),
            (BlockKind::Comment, "A comment."),
        ]
    );
    assert_eq!(x.blocks[0].label.as_deref(), Some("1."));
    assert_eq!(x.blocks[13].paragraph, 14);
}

#[test]
fn other_opendocument_types_and_broken_packages_are_clean_errors() {
    let kind = |bytes: &[u8]| read(bytes).unwrap_err().kind;
    let sheet = package(
        "application/vnd.oasis.opendocument.spreadsheet",
        &[("content.xml", b"<a/>")],
        CompressionMethod::Stored,
    );
    assert_eq!(kind(&sheet), ErrorKind::Unsupported);
    let no_content = package(TEXT_MIMETYPES[0], &[], CompressionMethod::Stored);
    assert_eq!(kind(&no_content), ErrorKind::Malformed);
    let encrypted = package(
        TEXT_MIMETYPES[0],
        &[
            ("META-INF/manifest.xml", b"<manifest:encryption-data/>"),
            ("content.xml", b"garbage"),
        ],
        CompressionMethod::Stored,
    );
    assert_eq!(kind(&encrypted), ErrorKind::Encrypted);
    assert_eq!(kind(b"PK\x03\x04 truncated"), ErrorKind::Malformed);
    let not_xml = package(
        TEXT_MIMETYPES[0],
        &[("content.xml", b"plain words")],
        CompressionMethod::Stored,
    );
    assert_eq!(kind(&not_xml), ErrorKind::Malformed);
}

#[test]
fn damaged_xml_keeps_the_text_before_the_break() {
    let content = format!(
        "<office:document-content {NS}><office:body><office:text><text:p>Kept</text:p><text:p>Cut <text:span"
    );
    let bytes = package(
        TEXT_MIMETYPES[0],
        &[("content.xml", content.as_bytes())],
        CompressionMethod::Stored,
    );
    let x = read(&bytes).unwrap();
    assert_eq!(x.blocks[0].text, "Kept");
    assert!(!x.warnings.is_empty());
}

#[test]
fn zip_bombs_and_deep_nesting_hit_the_budgets() {
    // 64 MiB of one byte deflates to a few dozen KiB: over the ratio cap.
    let zeros = vec![b' '; 64 * 1024 * 1024];
    let bomb = package(
        TEXT_MIMETYPES[0],
        &[("content.xml", &zeros)],
        CompressionMethod::Deflated,
    );
    let err = read(&bomb).unwrap_err();
    assert_eq!(err.kind, ErrorKind::LimitExceeded, "{}", err.message);
    let deep = format!(
        "{}x{}",
        "<text:span>".repeat(5000),
        "</text:span>".repeat(5000)
    );
    let err = read(&odt(&format!("<text:p>{deep}</text:p>"), "")).unwrap_err();
    assert_eq!(err.kind, ErrorKind::LimitExceeded, "{}", err.message);
}

#[test]
fn list_items_are_numbered_by_their_list_style() {
    let styles = r#"<office:styles><text:list-style style:name="L1"><text:list-level-style-number text:level="1" style:num-prefix="第" style:num-suffix="条" style:num-format="一, 二, 三, ..."/><text:list-level-style-number text:level="2" style:num-suffix="." style:num-format="1" text:display-levels="2"/></text:list-style><text:list-style style:name="B"><text:list-level-style-bullet text:level="1" text:bullet-char="•"/></text:list-style><text:list-style style:name="T"><text:list-level-style-number text:level="1" loext:num-list-format="(%1%)" style:num-format="a"/></text:list-style></office:styles>"#;
    let body = r#"<text:list xml:id="a" text:style-name="L1"><text:list-item><text:p>Definitions</text:p><text:list><text:list-item><text:p>Term one</text:p></text:list-item><text:list-item><text:p>Term two</text:p></text:list-item></text:list></text:list-item></text:list>
<text:p>Between</text:p>
<text:list text:continue-numbering="true" text:style-name="L1"><text:list-item><text:list><text:list-item><text:p>Term three</text:p></text:list-item></text:list></text:list-item><text:list-item><text:p>Licence</text:p></text:list-item></text:list>
<text:list text:style-name="L1"><text:list-item><text:p>Fresh list</text:p></text:list-item></text:list>
<text:list text:style-name="B"><text:list-item><text:p>Bullet</text:p></text:list-item></text:list>
<text:list text:style-name="T"><text:list-item text:start-value="3"><text:p>Third</text:p><text:p>Same item</text:p></text:list-item></text:list>"#;
    let content = format!(
        "<office:document-content {NS}><office:body><office:text>{body}</office:text></office:body></office:document-content>"
    );
    let styles = format!("<office:document-styles {NS}>{styles}</office:document-styles>");
    let bytes = package(
        TEXT_MIMETYPES[0],
        &[
            ("content.xml", content.as_bytes()),
            ("styles.xml", styles.as_bytes()),
        ],
        CompressionMethod::Stored,
    );
    let x = read(&bytes).unwrap();
    let got: Vec<(Option<&str>, &str)> = x
        .blocks
        .iter()
        .map(|b| (b.label.as_deref(), b.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (Some("第一条"), "Definitions"),
            (Some("一.1."), "Term one"),
            (Some("一.2."), "Term two"),
            (None, "Between"),
            (Some("一.3."), "Term three"),
            (Some("第二条"), "Licence"),
            (Some("第一条"), "Fresh list"),
            (Some("•"), "Bullet"),
            (Some("(c)"), "Third"),
            (None, "Same item"),
        ]
    );
}

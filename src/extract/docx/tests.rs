//! Behaviour of the DOCX extractor on small packages built here by hand, so the XML each
//! test depends on is visible in the test.

use std::fmt::Write as _;
use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;

use super::extract;
use crate::extract::ExtractOptions;
use crate::model::{BlockKind, ErrorKind, Extracted};

const NS: &str = concat!(
    r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
    r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" "#,
    r#"xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" "#,
    r#"xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" "#,
    r#"xmlns:v="urn:schemas-microsoft-com:vml""#
);
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A package under construction: the main part, then further parts with a relationship
/// from the main part (`rId1`, `rId2`, ... in the order they are added).
struct Fixture {
    main: String,
    body: String,
    parts: Vec<(String, String, String)>,
}

fn docx(body: &str) -> Fixture {
    Fixture {
        main: "word/document.xml".to_owned(),
        body: body.to_owned(),
        parts: Vec::new(),
    }
}

impl Fixture {
    /// Adds a part; `kind` is the last segment of the relationship type.
    fn part(mut self, kind: &str, name: &str, xml: &str) -> Self {
        self.parts
            .push((kind.to_owned(), name.to_owned(), xml.to_owned()));
        self
    }

    fn at(mut self, main: &str) -> Self {
        main.clone_into(&mut self.main);
        self
    }

    fn bytes(&self) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default();
        let mut put = |name: &str, text: &str| {
            zip.start_file(name, options).expect("start zip member");
            zip.write_all(text.as_bytes()).expect("write zip member");
        };
        put(
            "[Content_Types].xml",
            r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#,
        );
        put(
            "_rels/.rels",
            &format!(
                r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="/{}"/></Relationships>"#,
                self.main
            ),
        );
        let (dir, file) = self.main.rsplit_once('/').unwrap_or(("", &self.main));
        let mut rels = String::from(
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
        );
        for (i, (kind, name, xml)) in self.parts.iter().enumerate() {
            let target = name.strip_prefix(&format!("{dir}/")).unwrap_or(name);
            let _ = write!(
                rels,
                r#"<Relationship Id="rId{}" Type="{REL}/{kind}" Target="{target}"/>"#,
                i + 1
            );
            put(name, xml);
        }
        rels.push_str("</Relationships>");
        put(&format!("{dir}/_rels/{file}.rels"), &rels);
        put(
            &self.main,
            &format!(
                r"<w:document {NS}><w:body>{}</w:body></w:document>",
                self.body
            ),
        );
        zip.finish().expect("finish zip").into_inner()
    }

    fn extract(&self) -> Extracted {
        extract(&self.bytes(), &ExtractOptions::default()).expect("fixture extracts")
    }
}

fn texts(x: &Extracted) -> Vec<&str> {
    x.blocks.iter().map(|b| b.text.as_str()).collect()
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

#[test]
fn chinese_article_numbering_renders_like_word() {
    let numbering = format!(
        r#"<w:numbering {NS}>
        <w:abstractNum w:abstractNumId="0">
          <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1条"/></w:lvl>
          <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
          <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3、"/></w:lvl>
        </w:abstractNum>
        <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
        </w:numbering>"#
    );
    let item = |ilvl: u8, text: &str| {
        format!(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
        )
    };
    let mut body = String::new();
    for i in 0..11 {
        body.push_str(&item(0, &format!("条款{i}")));
    }
    body.push_str(&item(1, "项"));
    body.push_str(&item(2, "目"));
    let x = docx(&body)
        .part("numbering", "word/numbering.xml", &numbering)
        .extract();
    let labels: Vec<_> = x
        .blocks
        .iter()
        .map(|b| b.label.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(labels[0], "第一条");
    assert_eq!(labels[9], "第十条");
    assert_eq!(labels[10], "第十一条");
    assert_eq!(labels[11], "（一）");
    assert_eq!(labels[12], "1、");
    assert_eq!(x.blocks[10].display_text(), "第十一条 条款10");
}

#[test]
fn tracked_changes_show_the_accepted_view() {
    let body = r#"
      <w:p><w:r><w:t xml:space="preserve">kept </w:t></w:r>
        <w:ins w:id="1" w:author="a"><w:r><w:t>inserted</w:t></w:r></w:ins>
        <w:del w:id="2" w:author="a"><w:r><w:delText>deleted</w:delText></w:r></w:del></w:p>
      <w:p><w:moveFrom w:id="3" w:author="a"><w:r><w:t>moved away</w:t></w:r></w:moveFrom></w:p>
      <w:p><w:moveTo w:id="4" w:author="a"><w:r><w:t>moved here</w:t></w:r></w:moveTo></w:p>
      <w:p><w:pPr><w:rPr><w:del w:id="5" w:author="a"/></w:rPr></w:pPr><w:r><w:t xml:space="preserve">joined </w:t></w:r></w:p>
      <w:p><w:r><w:t>paragraph</w:t></w:r></w:p>
      <w:tbl><w:tr><w:trPr><w:del w:id="6" w:author="a"/></w:trPr><w:tc><w:p><w:r><w:t>gone row</w:t></w:r></w:p></w:tc></w:tr>
        <w:tr><w:tc><w:p><w:r><w:t>kept row</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#;
    let x = docx(body).extract();
    assert_eq!(
        texts(&x),
        [
            "kept inserted",
            "moved here",
            "joined paragraph",
            "kept row"
        ]
    );
}

#[test]
fn text_box_is_read_once_from_the_choice_branch() {
    let body = r#"<w:p><w:r><w:t xml:space="preserve">Anchor </w:t></w:r><w:r>
      <mc:AlternateContent>
        <mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx><w:txbxContent>
          <w:p><w:r><w:t>Boxed text</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice>
        <mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>
          <w:p><w:r><w:t>Boxed text</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
      </mc:AlternateContent></w:r><w:r><w:t>paragraph</w:t></w:r></w:p>"#;
    let x = docx(body).extract();
    assert_eq!(texts(&x), ["Anchor paragraph", "Boxed text"]);
    assert_eq!(x.blocks[1].kind, BlockKind::TextBox);
}

#[test]
fn headers_footers_and_notes_follow_the_body_once() {
    let header = |t: &str| format!(r"<w:hdr {NS}><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:hdr>");
    let body = format!(
        r#"{}<w:p><w:r><w:t>Body</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>
        <w:sectPr><w:headerReference w:type="even" r:id="rId2"/><w:headerReference w:type="default" r:id="rId1"/>
        <w:headerReference w:type="first" r:id="rId3"/><w:footerReference w:type="default" r:id="rId4"/></w:sectPr>"#,
        p("Title")
    );
    let x = docx(&body)
        .part("header", "word/header1.xml", &header("CONFIDENTIAL"))
        .part("header", "word/header2.xml", &header("Even page"))
        .part("header", "word/header3.xml", &header("CONFIDENTIAL"))
        .part(
            "footer",
            "word/footer1.xml",
            &format!(r"<w:ftr {NS}>{}</w:ftr>", p("Page footer")),
        )
        .part(
            "footnotes",
            "word/footnotes.xml",
            &format!(
                r#"<w:footnotes {NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
                <w:footnote w:id="1"><w:p><w:r><w:t>A note.</w:t></w:r></w:p></w:footnote></w:footnotes>"#
            ),
        )
        .part(
            "endnotes",
            "word/endnotes.xml",
            &format!(r#"<w:endnotes {NS}><w:endnote w:id="1">{}</w:endnote></w:endnotes>"#, p("An endnote.")),
        )
        .extract();
    assert_eq!(
        texts(&x),
        [
            "Title",
            "Body",
            "Even page",
            "CONFIDENTIAL",
            "Page footer",
            "A note.",
            "An endnote."
        ]
    );
    let kinds: Vec<_> = x.blocks.iter().map(|b| b.kind).collect();
    assert_eq!(
        kinds,
        [
            BlockKind::Body,
            BlockKind::Body,
            BlockKind::Header,
            BlockKind::Header,
            BlockKind::Footer,
            BlockKind::Footnote,
            BlockKind::Endnote
        ]
    );
    let numbers: Vec<_> = x.blocks.iter().map(|b| b.paragraph).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5, 6, 7]);
}

#[test]
fn nested_table_cells_become_table_blocks_in_reading_order() {
    let cell = |inner: &str| format!("<w:tc>{inner}</w:tc>");
    let body = format!(
        "{}<w:tbl><w:tr>{}{}</w:tr></w:tbl>{}",
        p("Before"),
        cell(&p("A1")),
        cell(&format!(
            "{}<w:tbl><w:tr>{}</w:tr></w:tbl>",
            p("B1"),
            cell(&p("inner"))
        )),
        p("After")
    );
    let x = docx(&body).extract();
    assert_eq!(texts(&x), ["Before", "A1", "B1", "inner", "After"]);
    let kinds: Vec<_> = x.blocks.iter().map(|b| b.kind).collect();
    assert_eq!(
        kinds,
        [
            BlockKind::Body,
            BlockKind::Table,
            BlockKind::Table,
            BlockKind::Table,
            BlockKind::Body
        ]
    );
}

#[test]
fn content_controls_fields_and_links_show_their_displayed_text() {
    let body = r#"
      <w:sdt><w:sdtPr><w:alias w:val="Party"/><w:placeholder><w:docPart w:val="x"/></w:placeholder></w:sdtPr>
        <w:sdtContent><w:p><w:r><w:t>Licensor: Acme</w:t></w:r></w:p></w:sdtContent></w:sdt>
      <w:p><w:r><w:t xml:space="preserve">See clause </w:t></w:r>
        <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> REF _Ref1 \h </w:instrText></w:r>
        <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3.2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
        <w:r><w:t xml:space="preserve"> and </w:t></w:r>
        <w:hyperlink r:id="rId9"><w:r><w:t>the website</w:t></w:r></w:hyperlink>
        <w:smartTag w:element="place"><w:r><w:t xml:space="preserve"> in Beijing</w:t></w:r></w:smartTag>
        <w:fldSimple w:instr=" PAGE "><w:r><w:t>7</w:t></w:r></w:fldSimple></w:p>"#;
    let x = docx(body).extract();
    assert_eq!(
        texts(&x),
        [
            "Licensor: Acme",
            "See clause 3.2 and the website in Beijing7"
        ]
    );
}

#[test]
fn tabs_breaks_hyphens_and_symbols_become_characters() {
    let body = r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>
      <w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:noBreakHyphen/><w:t>d</w:t>
      <w:cr/><w:sym w:font="Symbol" w:char="F0B7"/><w:t xml:space="preserve"> e &amp; f &#x4E2D;</w:t><w:softHyphen/></w:r></w:p>"#;
    let x = docx(body).extract();
    assert_eq!(texts(&x), ["a\tb\nc-d\n• e & f 中"]);
}

#[test]
fn main_part_is_found_through_package_relationships() {
    let x = docx(&p("Elsewhere")).at("content/main.xml").extract();
    assert_eq!(texts(&x), ["Elsewhere"]);
}

#[test]
fn rendered_page_breaks_give_pages() {
    let body = format!(
        "{}<w:p><w:r><w:lastRenderedPageBreak/><w:t>Second page</w:t></w:r></w:p>",
        p("First page")
    );
    let x = docx(&body).extract();
    assert_eq!(x.pages, Some(2));
    let pages: Vec<_> = x.blocks.iter().map(|b| b.page).collect();
    assert_eq!(pages, [Some(1), Some(2)]);
    assert_eq!(docx(&p("x")).extract().pages, None);
}

#[test]
fn comments_are_read_after_the_notes() {
    let x = docx(&p("Body"))
        .part(
            "comments",
            "word/comments.xml",
            &format!(
                r#"<w:comments {NS}><w:comment w:id="0">{}</w:comment></w:comments>"#,
                p("Check this.")
            ),
        )
        .extract();
    assert_eq!(texts(&x), ["Body", "Check this."]);
    assert_eq!(x.blocks[1].kind, BlockKind::Comment);
}

fn error_kind(bytes: &[u8], options: &ExtractOptions) -> ErrorKind {
    match extract(bytes, options) {
        Ok(_) => panic!("expected an error"),
        Err(e) => {
            assert_eq!(
                e.message,
                e.message.to_lowercase(),
                "message style: {}",
                e.message
            );
            e.kind
        }
    }
}

#[test]
fn non_zip_input_is_malformed() {
    let options = ExtractOptions::default();
    assert_eq!(
        error_kind(b"plain text, not a package", &options),
        ErrorKind::Malformed
    );
}

#[test]
fn ole_files_are_encrypted_or_legacy() {
    let options = ExtractOptions::default();
    let mut encrypted = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    encrypted.extend(vec![0; 500]);
    encrypted.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(error_kind(&encrypted, &options), ErrorKind::Encrypted);
    let legacy = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0];
    assert_eq!(error_kind(&legacy, &options), ErrorKind::Unsupported);
}

#[test]
fn package_without_main_part_is_malformed() {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("docProps/app.xml", SimpleFileOptions::default())
        .expect("start");
    zip.write_all(b"<Properties/>").expect("write");
    let bytes = zip.finish().expect("finish").into_inner();
    assert_eq!(
        error_kind(&bytes, &ExtractOptions::default()),
        ErrorKind::Malformed
    );
}

#[test]
fn members_over_the_decompression_budget_are_refused() {
    let body = p(&"x".repeat(20_000));
    let options = ExtractOptions {
        max_decompressed_bytes: 10_000,
        ..ExtractOptions::default()
    };
    assert_eq!(
        error_kind(&docx(&body).bytes(), &options),
        ErrorKind::LimitExceeded
    );
}

#[test]
fn deeply_nested_xml_is_refused() {
    let body = format!("{}{}", "<w:sdt>".repeat(5000), "</w:sdt>".repeat(5000));
    assert_eq!(
        error_kind(&docx(&body).bytes(), &ExtractOptions::default()),
        ErrorKind::LimitExceeded
    );
}

#[test]
fn element_budget_counts_every_part_of_the_package() {
    // 2,000 paragraphs of 4 elements each in the body; headers would add more.
    let body: String = (0..2000).map(|i| p(&format!("clause {i}"))).collect();
    let bytes = docx(&body).bytes();
    let ample = ExtractOptions {
        max_xml_elements: 20_000,
        ..ExtractOptions::default()
    };
    assert_eq!(
        extract(&bytes, &ample).expect("within budget").blocks.len(),
        2000
    );
    let tight = ExtractOptions {
        max_xml_elements: 5_000,
        ..ExtractOptions::default()
    };
    let err = extract(&bytes, &tight).expect_err("over budget");
    assert_eq!(err.kind, ErrorKind::LimitExceeded, "{err}");
    assert!(
        err.to_string().contains("more than 5000 xml elements"),
        "{err}"
    );
}

#[test]
fn time_budget_stops_a_long_main_part() {
    let body: String = (0..10_000).map(|i| p(&format!("clause {i}"))).collect();
    let options = ExtractOptions {
        timeout: Some(std::time::Duration::ZERO),
        ..ExtractOptions::default()
    };
    let err = extract(&docx(&body).bytes(), &options).expect_err("out of time");
    assert_eq!(err.kind, ErrorKind::LimitExceeded, "{err}");
    assert!(err.to_string().contains("time budget"), "{err}");
}

#[test]
fn dtd_entities_are_never_expanded() {
    let mut bomb =
        String::from(r#"<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY lol "lol">"#);
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_owned()
        } else {
            format!("lol{}", i - 1)
        };
        let _ = write!(
            bomb,
            r#"<!ENTITY lol{i} "{}">"#,
            format!("&{prev};").repeat(10)
        );
    }
    let _ = write!(
        bomb,
        r"]><w:document {NS}><w:body><w:p><w:r><w:t>safe &lol9;</w:t></w:r></w:p></w:body></w:document>"
    );
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default();
    zip.start_file("word/document.xml", options).expect("start");
    zip.write_all(bomb.as_bytes()).expect("write");
    let bytes = zip.finish().expect("finish").into_inner();
    let x = extract(&bytes, &ExtractOptions::default()).expect("extracts");
    assert_eq!(texts(&x), ["safe"]);
}

/// A contract of `paragraphs` numbered clauses and sub-clauses (English and Chinese), for
/// the benchmark in `corpus_tests`.
pub(super) fn long_contract(paragraphs: usize) -> Vec<u8> {
    let numbering = format!(
        r#"<w:numbering {NS}><w:abstractNum w:abstractNumId="0">
          <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1条"/></w:lvl>
          <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
        </w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
    );
    let mut body = String::new();
    for i in 0..paragraphs {
        let ilvl = u8::from(i % 5 != 0);
        let _ = write!(
            body,
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t xml:space="preserve">The Licensor grants the Licensee a non-exclusive licence to use the Technology </w:t></w:r><w:ins w:id="{i}" w:author="a"><w:r><w:t>and the Know-How </w:t></w:r></w:ins><w:r><w:t>许可方授予被许可方使用该技术的非独占许可。</w:t></w:r></w:p>"#
        );
    }
    docx(&body)
        .part("numbering", "word/numbering.xml", &numbering)
        .bytes()
}

#[test]
fn highly_compressed_members_are_refused_as_zip_bombs() {
    // 64 MiB of one character deflates to about 64 KiB: a 1000:1 ratio.
    let body = p(&"a".repeat(64 * 1024 * 1024));
    assert_eq!(
        error_kind(&docx(&body).bytes(), &ExtractOptions::default()),
        ErrorKind::LimitExceeded
    );
}

#[test]
fn a_field_without_end_hides_only_its_own_paragraph_instruction() {
    let body = format!(
        r#"<w:p><w:r><w:t xml:space="preserve">Before </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>
        <w:r><w:t>instruction-only</w:t></w:r></w:p>{}"#,
        p("Still read")
    );
    let x = docx(&body).extract();
    assert_eq!(texts(&x), ["Before", "Still read"]);
}

#[test]
fn numbering_written_by_docx_rs_renders_chinese_and_decimal_labels() {
    use docx_rs::{
        AbstractNumbering, Docx, IndentLevel, Level, LevelJc, LevelText, NumberFormat, Numbering,
        NumberingId, Paragraph, Run, Start,
    };
    let level = |ilvl: usize, format: &str, text: &str| {
        Level::new(
            ilvl,
            Start::new(1),
            NumberFormat::new(format),
            LevelText::new(text),
            LevelJc::new("left"),
        )
    };
    let para = |text: &str, ilvl: usize| {
        Paragraph::new()
            .add_run(Run::new().add_text(text))
            .numbering(NumberingId::new(1), IndentLevel::new(ilvl))
    };
    let mut out = Cursor::new(Vec::new());
    Docx::new()
        .add_abstract_numbering(
            AbstractNumbering::new(1)
                .add_level(level(0, "chineseCounting", "第%1条"))
                .add_level(level(1, "decimal", "%1.%2"))
                .add_level(level(2, "lowerLetter", "(%3)")),
        )
        .add_numbering(Numbering::new(1, 1))
        .add_paragraph(para("定义", 0))
        .add_paragraph(para("技术", 1))
        .add_paragraph(para("专有技术", 2))
        .add_paragraph(para("许可", 0))
        .add_paragraph(para("范围", 1))
        .build()
        .pack(&mut out)
        .expect("docx-rs packs");
    let x = extract(out.get_ref(), &ExtractOptions::default()).expect("extracts");
    let shown: Vec<_> = x
        .blocks
        .iter()
        .map(crate::model::Block::display_text)
        .collect();
    // Like Word, `%1` prints level 0 in its own format (一) unless the level is `isLgl`.
    assert_eq!(
        shown,
        [
            "第一条 定义",
            "一.1 技术",
            "(a) 专有技术",
            "第二条 许可",
            "二.1 范围"
        ]
    );
}

#[test]
fn main_part_broken_midway_keeps_the_text_before_the_break() {
    let mut bytes = Vec::new();
    {
        let mut zip = zip::ZipWriter::new(Cursor::new(&mut bytes));
        zip.start_file("word/document.xml", SimpleFileOptions::default())
            .expect("start");
        let xml = format!(
            "<w:document {NS}><w:body>{}<w:p><w:r><w:t>cut</w:t></w:r></w:p><w:p><w:r></w:t broken",
            p("Intact clause")
        );
        zip.write_all(xml.as_bytes()).expect("write");
        zip.finish().expect("finish");
    }
    let x = extract(&bytes, &ExtractOptions::default()).expect("partial text");
    assert_eq!(texts(&x)[0], "Intact clause");
    assert_eq!(x.warnings.len(), 1, "{:?}", x.warnings);
    assert!(x.warnings[0].starts_with("word/document.xml: xml error"));
}

#[test]
fn main_part_that_is_not_xml_is_malformed() {
    let mut bytes = Vec::new();
    {
        let mut zip = zip::ZipWriter::new(Cursor::new(&mut bytes));
        zip.start_file("word/document.xml", SimpleFileOptions::default())
            .expect("start");
        zip.write_all(b"\x00\x01 binary junk, not xml")
            .expect("write");
        zip.finish().expect("finish");
    }
    assert_eq!(
        error_kind(&bytes, &ExtractOptions::default()),
        ErrorKind::Malformed
    );
}

#[test]
fn main_part_with_a_broken_tag_before_any_text_is_malformed() {
    let mut bytes = Vec::new();
    {
        let mut zip = zip::ZipWriter::new(Cursor::new(&mut bytes));
        zip.start_file("word/document.xml", SimpleFileOptions::default())
            .expect("start");
        zip.write_all(b"<w:document><w:body><w:p attr=\"unterminated></w:body>")
            .expect("write");
        zip.finish().expect("finish");
    }
    assert_eq!(
        error_kind(&bytes, &ExtractOptions::default()),
        ErrorKind::Malformed
    );
}

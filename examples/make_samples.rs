//! Builds the sample agreements in `samples/` from their sources in `examples/sample-sources/*.md`.
//!
//! Run with `cargo run --example make_samples` (or `bash examples/build-samples.sh`, which also makes
//! the PDFs). Each source is a small line-based markup:
//!
//! | line                | becomes                                                         |
//! |---------------------|-----------------------------------------------------------------|
//! | `%key: value`       | document setting: `lang` (`en`/`zh`), `header`, `footer`        |
//! | `# Title`           | centred bold title                                              |
//! | `## Heading`        | bold heading (article or chapter heading, numbers written out)  |
//! | `#. Text`           | article with Word automatic numbering, level 1 (number in bold) |
//! | `##. Text`          | clause with Word automatic numbering, level 2                   |
//! | `| a | b |`         | table row (consecutive rows form one borderless table)          |
//! | `(a) Text` / `（一）` | indented paragraph (the label stays literal text)              |
//! | anything else       | body paragraph                                                  |
//!
//! Inline, `**text**` is bold and `[^text]` becomes a footnote. Blank lines are ignored.
//! Automatic numbering renders as `1.` / `1.1` in English documents and as `第一条` /
//! `（一）` (`chineseCounting`) in Chinese ones.

use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use docx_rs::{
    AbstractNumbering, AlignmentType, Docx, Footer, Footnote, Header, IndentLevel, Level, LevelJc,
    LevelSuffixType, LevelText, LineSpacing, NumberFormat, Numbering, NumberingId, PageMargin,
    Paragraph, Run, RunFonts, SpecialIndentType, Start, Style, StyleType, Table, TableCell,
    TableRow, VertAlignType, WidthType,
};

/// Latin font; Liberation Serif is metric-compatible with Times New Roman.
const LATIN_FONT: &str = "Liberation Serif";
/// CJK font for Chinese runs (package `fonts-noto-cjk`).
const CJK_FONT: &str = "Noto Serif CJK SC";
/// Fixed document dates so that regenerating gives the same bytes.
const FIXED_DATE: &str = "2025-01-01T00:00:00Z";
/// A4 in twentieths of a point.
const A4_WIDTH: u32 = 11_906;
const A4_HEIGHT: u32 = 16_838;
/// Text width of an A4 page with 1-inch margins, in twips.
const TEXT_WIDTH: usize = 9_026;
/// docx-rs already defines abstract numbering and numbering 1, so ours is 2.
const NUMBERING_ID: usize = 2;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lang {
    En,
    Zh,
}

struct Settings {
    lang: Lang,
    header: Option<String>,
    footer: Option<String>,
}

enum Block {
    Title(String),
    Heading(String),
    Numbered { level: usize, text: String },
    Indented(String),
    Body(String),
    Table(Vec<Vec<String>>),
}

fn main() -> Result<()> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = manifest.join("samples");
    let source_dir = manifest.join("examples/sample-sources");
    let mut sources: Vec<PathBuf> = std::fs::read_dir(&source_dir)
        .context("reading examples/sample-sources")?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|ext| ext == "md"))
        .collect();
    sources.sort();
    if sources.is_empty() {
        bail!("no sources in {}", source_dir.display());
    }
    let mut out = std::io::stdout().lock();
    for source in &sources {
        let stem = source
            .file_stem()
            .and_then(|s| s.to_str())
            .context("source name is not UTF-8")?;
        let text = std::fs::read_to_string(source)
            .with_context(|| format!("reading {}", source.display()))?;
        let (settings, blocks) = parse(&text);
        let target = root.join(format!("{stem}.docx"));
        let file =
            File::create(&target).with_context(|| format!("creating {}", target.display()))?;
        render(&settings, &blocks)
            .build()
            .pack(file)
            .with_context(|| format!("writing {}", target.display()))?;
        writeln!(out, "wrote {}", target.display())?;
    }
    Ok(())
}

fn parse(text: &str) -> (Settings, Vec<Block>) {
    let mut settings = Settings {
        lang: Lang::En,
        header: None,
        footer: None,
    };
    let mut blocks = Vec::new();
    for raw in text.lines() {
        let line = raw.trim_end();
        if line.trim().is_empty() {
            continue;
        }
        if let Some(setting) = line.strip_prefix('%') {
            let (key, value) = setting.split_once(':').unwrap_or((setting, ""));
            let value = value.trim().to_owned();
            match key.trim() {
                "lang" => settings.lang = if value == "zh" { Lang::Zh } else { Lang::En },
                "header" => settings.header = Some(value),
                "footer" => settings.footer = Some(value),
                _ => {}
            }
            continue;
        }
        let block = if let Some(rest) = line.strip_prefix("##. ") {
            Block::Numbered {
                level: 1,
                text: rest.to_owned(),
            }
        } else if let Some(rest) = line.strip_prefix("#. ") {
            Block::Numbered {
                level: 0,
                text: rest.to_owned(),
            }
        } else if let Some(rest) = line.strip_prefix("## ") {
            Block::Heading(rest.to_owned())
        } else if let Some(rest) = line.strip_prefix("# ") {
            Block::Title(rest.to_owned())
        } else if line.starts_with('|') {
            let cells: Vec<String> = line
                .trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_owned())
                .collect();
            if let Some(Block::Table(rows)) = blocks.last_mut() {
                rows.push(cells);
                continue;
            }
            Block::Table(vec![cells])
        } else if line.starts_with('(') || line.starts_with('（') {
            Block::Indented(line.to_owned())
        } else {
            Block::Body(line.to_owned())
        };
        blocks.push(block);
    }
    (settings, blocks)
}

fn fonts(lang: Lang) -> RunFonts {
    let f = RunFonts::new()
        .ascii(LATIN_FONT)
        .hi_ansi(LATIN_FONT)
        .cs(LATIN_FONT)
        .east_asia(CJK_FONT);
    // Lets Word and LibreOffice render ambiguous punctuation (quotes, dashes) in the CJK font.
    if lang == Lang::Zh {
        f.hint("eastAsia")
    } else {
        f
    }
}

fn render(settings: &Settings, blocks: &[Block]) -> Docx {
    let lang = settings.lang;
    let mut docx = Docx::new()
        .page_size(A4_WIDTH, A4_HEIGHT)
        .page_margin(PageMargin {
            top: 1440,
            left: 1440,
            bottom: 1440,
            right: 1440,
            header: 720,
            footer: 720,
            gutter: 0,
        })
        .default_fonts(fonts(lang))
        .default_size(if lang == Lang::Zh { 21 } else { 22 })
        .created_at(FIXED_DATE)
        .updated_at(FIXED_DATE)
        .add_abstract_numbering(numbering(lang))
        .add_numbering(Numbering::new(NUMBERING_ID, NUMBERING_ID))
        .add_style(footnote_reference_style());
    if let Some(text) = &settings.header {
        docx = docx.header(
            Header::new().add_paragraph(
                Paragraph::new().align(AlignmentType::Right).add_run(
                    Run::new()
                        .add_text(text)
                        .italic()
                        .size(18)
                        .fonts(fonts(lang)),
                ),
            ),
        );
    }
    if let Some(text) = &settings.footer {
        docx = docx.footer(
            Footer::new().add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_run(Run::new().add_text(text).size(16).fonts(fonts(lang))),
            ),
        );
    }
    for block in blocks {
        docx = match block {
            Block::Title(text) => docx.add_paragraph(
                inline(Paragraph::new(), text, lang, true)
                    .align(AlignmentType::Center)
                    .size(32)
                    .line_spacing(LineSpacing::new().after(240)),
            ),
            Block::Heading(text) => docx.add_paragraph(
                inline(Paragraph::new(), text, lang, true)
                    .keep_next(true)
                    .line_spacing(LineSpacing::new().before(200).after(80)),
            ),
            Block::Numbered { level, text } => {
                let p = Paragraph::new()
                    .numbering(NumberingId::new(NUMBERING_ID), IndentLevel::new(*level));
                let p = if *level == 0 {
                    inline(p, text, lang, false)
                        .keep_next(true)
                        .line_spacing(LineSpacing::new().before(200).after(80))
                } else {
                    inline(p, text, lang, false).line_spacing(LineSpacing::new().after(100))
                };
                docx.add_paragraph(p)
            }
            Block::Indented(text) => docx.add_paragraph(
                inline(Paragraph::new(), text, lang, false)
                    .indent(Some(567), None, None, None)
                    .line_spacing(LineSpacing::new().after(80)),
            ),
            Block::Body(text) => docx.add_paragraph(
                inline(Paragraph::new(), text, lang, false)
                    .align(AlignmentType::Both)
                    .line_spacing(LineSpacing::new().after(120)),
            ),
            Block::Table(rows) => docx.add_table(table(rows, lang)),
        };
    }
    docx
}

/// docx-rs marks footnote references with this character style but does not define it.
fn footnote_reference_style() -> Style {
    let mut style =
        Style::new("FootnoteReference", StyleType::Character).name("footnote reference");
    style.run_property = style.run_property.vert_align(VertAlignType::SuperScript);
    style
}

/// Word numbering definitions: `1.` / `1.1` in English, `第一条` / `（一）` in Chinese.
fn numbering(lang: Lang) -> AbstractNumbering {
    let (f0, t0, f1, t1) = match lang {
        Lang::En => ("decimal", "%1.", "decimal", "%1.%2"),
        Lang::Zh => ("chineseCounting", "第%1条", "chineseCounting", "（%2）"),
    };
    AbstractNumbering::new(NUMBERING_ID)
        .add_level(
            Level::new(
                0,
                Start::new(1),
                NumberFormat::new(f0),
                LevelText::new(t0),
                LevelJc::new("left"),
            )
            .suffix(if lang == Lang::Zh {
                LevelSuffixType::Space
            } else {
                LevelSuffixType::Tab
            })
            .indent(Some(0), None, None, None)
            .bold()
            .fonts(fonts(lang)),
        )
        .add_level(
            Level::new(
                1,
                Start::new(1),
                NumberFormat::new(f1),
                LevelText::new(t1),
                LevelJc::new("left"),
            )
            .suffix(if lang == Lang::Zh {
                LevelSuffixType::Nothing
            } else {
                LevelSuffixType::Tab
            })
            .indent(Some(567), Some(SpecialIndentType::Hanging(567)), None, None)
            .fonts(fonts(lang)),
        )
}

/// Adds `text` to `p` as runs, honouring `**bold**` and `[^footnote]`.
fn inline(mut p: Paragraph, text: &str, lang: Lang, bold: bool) -> Paragraph {
    let run = |s: &str, b: bool| {
        let r = Run::new().add_text(s).fonts(fonts(lang));
        if b { r.bold() } else { r }
    };
    let mut rest = text;
    let mut in_bold = false;
    while !rest.is_empty() {
        let next_bold = rest.find("**");
        let next_note = rest.find("[^");
        match (next_bold, next_note) {
            (Some(b), n) if n.is_none_or(|n| b < n) => {
                if b > 0 {
                    p = p.add_run(run(&rest[..b], bold || in_bold));
                }
                in_bold = !in_bold;
                rest = &rest[b + 2..];
            }
            (_, Some(n)) => {
                if n > 0 {
                    p = p.add_run(run(&rest[..n], bold || in_bold));
                }
                let body = &rest[n + 2..];
                let end = body.find(']').unwrap_or(body.len());
                let note = Footnote::new()
                    .add_content(Paragraph::new().add_run(run(&body[..end], false).size(18)));
                p = p.add_run(Run::new().add_footnote_reference(note));
                rest = body.get(end + 1..).unwrap_or("");
            }
            _ => {
                p = p.add_run(run(rest, bold || in_bold));
                rest = "";
            }
        }
    }
    p
}

/// A borderless table (used for signature blocks and schedules).
fn table(rows: &[Vec<String>], lang: Lang) -> Table {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let width = TEXT_WIDTH / columns;
    let rows = rows
        .iter()
        .map(|cells| {
            TableRow::new(
                (0..columns)
                    .map(|i| {
                        let text = cells.get(i).map_or("", String::as_str);
                        TableCell::new()
                            .width(width, WidthType::Dxa)
                            .add_paragraph(inline(Paragraph::new(), text, lang, false))
                    })
                    .collect(),
            )
        })
        .collect();
    Table::without_borders(rows)
        .set_grid(vec![width; columns])
        .width(TEXT_WIDTH, WidthType::Dxa)
}

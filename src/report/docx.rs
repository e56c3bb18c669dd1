//! Word memo (DOCX) that counsel can edit and send: summary, a table of every input with
//! its status and risk, a findings table, then per
//! document the quoted clauses with their locations, catalogue items, legal basis and
//! actions, and the files that could not be read. Written with docx-rs (which escapes
//! XML); every piece of document text first goes through
//! [`docx_text`](super::sanitize::docx_text), which removes the control characters XML
//! cannot carry and bidi/zero-width characters.
//!
//! The memo streams: docx-rs builds each paragraph and table row, whose XML goes straight
//! into `word/document.xml` while the documents are read one at a time (see [`Body`]); the
//! other parts of the package come from an empty docx-rs memo, and the package is laid out
//! exactly as `Docx::pack` lays it out (same parts, order and options), so the bytes are
//! those docx-rs would write for the whole memo. The ZIP is written to an anonymous
//! temporary file (its entry headers are completed by seeking back) and then copied out.

use std::io::{self, BufWriter, Seek, Write};

use docx_rs::{BuildXML, Docx, Paragraph, Run, Table, TableCell, TableRow, XMLDocx};
use zip::ZipWriter;
use zip::write::SimpleFileOptions;

use super::party_rows;
use super::sanitize::docx_text;
use super::{Report, status_str};
use crate::model::{DocumentReport, Finding, Status};

/// Longest quoted clause, in characters.
pub const QUOTE_LIMIT: usize = 1500;

fn text(s: &str) -> Run {
    Run::new().add_text(docx_text(s))
}

fn para(s: &str) -> Paragraph {
    Paragraph::new().add_run(text(s))
}

fn heading(s: &str, size: usize) -> Paragraph {
    Paragraph::new().add_run(text(s).bold().size(size))
}

fn labelled(label: &str, value: &str) -> Paragraph {
    Paragraph::new()
        .add_run(Run::new().add_text(label).bold())
        .add_run(text(value))
}

fn cell(s: &str) -> TableCell {
    TableCell::new().add_paragraph(para(s))
}

fn header_cell(s: &str) -> TableCell {
    TableCell::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text(s).bold()))
}

/// Writes the memo.
///
/// # Errors
/// Errors of the writer, of reading spooled documents back, or of packing the document
/// (reported as `io::Error`).
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    package(out, |body| memo(report, body))
}

fn memo(report: &Report, body: &mut Body<'_>) -> io::Result<()> {
    let s = &report.summary;
    body.paragraph(&heading("Technology export review", 36))?;
    body.paragraph(&para(&format!(
        "Prepared with {} {} · catalogue {} (edition {}) · {}",
        report.tool.name,
        report.tool.version,
        report.catalogue.id,
        report.catalogue.edition,
        report.catalogue.coverage.note
    )))?;
    body.paragraph(
        &Paragraph::new().add_run(
            Run::new()
                .add_text(
                    "Not legal advice: this memo points to the clauses to review. \
                     Edit it before sending.",
                )
                .italic(),
        ),
    )?;
    body.paragraph(&heading("Summary", 28))?;
    // Documents not assessed come first: an unread contract is never clean.
    if s.failed > 0 {
        body.paragraph(
            &Paragraph::new().add_run(
                Run::new()
                    .add_text(format!(
                        "{} file(s) could not be read and were not assessed (see the end of this memo).",
                        s.failed
                    ))
                    .bold()
                    .color("C00000"),
            ),
        )?;
    }
    body.paragraph(&para(&format!(
        "{} document(s): {} scanned, {} skipped, {} failed; {} finding(s); highest risk{} {}.",
        s.documents,
        s.scanned,
        s.skipped,
        s.failed,
        s.findings,
        if s.failed > 0 {
            " among those read"
        } else {
            ""
        },
        if s.scanned > 0 {
            s.max_risk.as_str()
        } else {
            "not assessed"
        }
    )))?;
    let risks = s.risk_counts();
    body.paragraph(&labelled("Documents by risk: ", &risks.join(" · ")))?;
    // Every input, so a document without findings (or one that was not read) is listed too.
    body.paragraph(&heading("Documents", 28))?;
    body.table_start(
        vec![4800, 1400, 1600, 1200],
        &TableRow::new(vec![
            header_cell("Document"),
            header_cell("Status"),
            header_cell("Risk"),
            header_cell("Findings"),
        ]),
    )?;
    for d in &report.documents {
        let d = d?;
        body.row(&TableRow::new(vec![
            cell(&d.path),
            cell(status_str(d.status)),
            cell(d.risk.map_or("not assessed", |r| r.as_str())),
            cell(&d.findings.len().to_string()),
        ]))?;
    }
    body.table_end()?;
    // Every finding of every document, under a heading written with the first one.
    let mut findings_table = false;
    for d in &report.documents {
        let d = d?;
        for f in &d.findings {
            if !findings_table {
                body.paragraph(&heading("Findings", 28))?;
                // Column widths in twentieths of a point (A4 text width is about 9,000).
                body.table_start(
                    vec![3300, 1000, 900, 1700, 2100],
                    &TableRow::new(vec![
                        header_cell("Document"),
                        header_cell("Severity"),
                        header_cell("Rule"),
                        header_cell("Location"),
                        header_cell("Catalogue item"),
                    ]),
                )?;
                findings_table = true;
            }
            body.row(&TableRow::new(vec![
                cell(&d.path),
                cell(f.severity.as_str()),
                cell(&f.rule),
                cell(&f.location.display()),
                cell(&item(f)),
            ]))?;
        }
    }
    if findings_table {
        body.table_end()?;
    }
    for d in &report.documents {
        let d = d?;
        if d.status == Status::Scanned && !d.findings.is_empty() {
            document(body, &d)?;
        }
    }
    let mut heading_written = false;
    for d in report.documents.not_scanned() {
        let d = d?;
        if !heading_written {
            body.paragraph(&heading("Not scanned", 28))?;
            heading_written = true;
        }
        let (kind, msg) = d
            .error
            .as_ref()
            .map_or(("", ""), |e| (e.kind.as_str(), e.message.as_str()));
        body.paragraph(&para(&format!(
            "{} — {} ({kind}): {msg}",
            d.path,
            status_str(d.status)
        )))?;
    }
    Ok(())
}

/// `word/document.xml` as it is written: docx-rs builds each element, and its XML goes out
/// at once. docx-rs gives every paragraph the next `w14:paraId` of a per-thread counter
/// when it is created, so elements must be created in document order, as a whole memo
/// would be.
pub struct Body<'w> {
    out: &'w mut dyn Write,
    /// The end tag of the table being written.
    table_end: Option<Vec<u8>>,
}

impl Body<'_> {
    /// Writes one paragraph.
    ///
    /// # Errors
    /// Only errors of the writer.
    pub fn paragraph(&mut self, p: &Paragraph) -> io::Result<()> {
        self.out.write_all(&p.build())
    }

    /// Starts a table with these column widths and its first (header) row.
    ///
    /// # Errors
    /// Only errors of the writer.
    pub fn table_start(&mut self, grid: Vec<usize>, first: &TableRow) -> io::Result<()> {
        // The table without rows, cut before its end tag: properties and grid.
        let empty = Table::new(Vec::new()).set_grid(grid).build();
        let cut = empty
            .windows(TABLE_END.len())
            .rposition(|w| w == TABLE_END)
            .ok_or_else(|| io::Error::other("docx-rs wrote a table without </w:tbl>"))?;
        self.out.write_all(&empty[..cut])?;
        self.table_end = Some(empty[cut..].to_vec());
        self.row(first)
    }

    /// Writes one row of the table being written.
    ///
    /// # Errors
    /// Only errors of the writer.
    pub fn row(&mut self, row: &TableRow) -> io::Result<()> {
        self.out.write_all(&row.build())
    }

    /// Ends the table being written.
    ///
    /// # Errors
    /// Only errors of the writer.
    pub fn table_end(&mut self) -> io::Result<()> {
        let end = self.table_end.take().unwrap_or_else(|| TABLE_END.to_vec());
        self.out.write_all(&end)
    }
}

const TABLE_END: &[u8] = b"</w:tbl>";

/// Writes a DOCX package whose body `body` writes, part for part as `Docx::pack` writes
/// one: directories, then the parts in the same order with the same ZIP options.
fn package(
    out: &mut dyn Write,
    body: impl FnOnce(&mut Body<'_>) -> io::Result<()>,
) -> io::Result<()> {
    // The parts of an empty memo; building it also restarts the paragraph ids at 1, where
    // the memo's own paragraphs start.
    let shell: XMLDocx = Docx::new().build();
    if !shell.media.is_empty()
        || shell.taskpanes.is_some()
        || !shell.web_extensions.is_empty()
        || !shell.custom_items.is_empty()
    {
        return Err(io::Error::other(
            "docx-rs's empty document has media or extensions (a bug in techscan)",
        ));
    }
    let (document_start, document_end) = split_body(&shell.document)?;
    let mut file = tempfile::tempfile()?;
    {
        let mut zip = ZipWriter::new(BufWriter::new(&mut file));
        let directory = SimpleFileOptions::default();
        for dir in ["word/", "word/_rels", "_rels/", "docProps/"] {
            zip.add_directory(dir, directory).map_err(io::Error::from)?;
        }
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .unix_permissions(0o755);
        let before: [(&str, &[u8]); 6] = [
            ("[Content_Types].xml", &shell.content_type),
            ("_rels/.rels", &shell.rels),
            ("docProps/app.xml", &shell.doc_props.app),
            ("docProps/core.xml", &shell.doc_props.core),
            ("docProps/custom.xml", &shell.doc_props.custom),
            ("word/_rels/document.xml.rels", &shell.document_rels),
        ];
        let after: [(&str, &[u8]); 7] = [
            ("word/styles.xml", &shell.styles),
            ("word/settings.xml", &shell.settings),
            ("word/fontTable.xml", &shell.font_table),
            ("word/comments.xml", &shell.comments),
            ("word/numbering.xml", &shell.numberings),
            ("word/commentsExtended.xml", &shell.comments_extended),
            ("word/footnotes.xml", &shell.footnotes),
        ];
        for (name, bytes) in before {
            part(&mut zip, name, bytes, options)?;
        }
        part(&mut zip, "word/document.xml", document_start, options)?;
        body(&mut Body {
            out: &mut zip,
            table_end: None,
        })?;
        zip.write_all(document_end)?;
        for (name, bytes) in after {
            part(&mut zip, name, bytes, options)?;
        }
        for (kind, parts, rels) in [
            ("header", &shell.headers, &shell.header_rels),
            ("footer", &shell.footers, &shell.footer_rels),
        ] {
            for (i, bytes) in parts.iter().enumerate() {
                let n = i + 1;
                part(&mut zip, &format!("word/{kind}{n}.xml"), bytes, options)?;
                if let Some(rels) = rels.get(i) {
                    part(
                        &mut zip,
                        &format!("word/_rels/{kind}{n}.xml.rels"),
                        rels,
                        options,
                    )?;
                }
            }
        }
        zip.finish().map_err(io::Error::from)?.flush()?;
    }
    file.rewind()?;
    io::copy(&mut file, out)?;
    Ok(())
}

/// One file of the package.
fn part<W: Write + Seek>(
    zip: &mut ZipWriter<W>,
    name: &str,
    bytes: &[u8],
    options: SimpleFileOptions,
) -> io::Result<()> {
    zip.start_file(name, options).map_err(io::Error::from)?;
    zip.write_all(bytes)
}

/// An empty `word/document.xml` cut where the body's elements go: after `<w:body>`.
fn split_body(document: &[u8]) -> io::Result<(&[u8], &[u8])> {
    const BODY: &[u8] = b"<w:body>";
    let at = document
        .windows(BODY.len())
        .position(|w| w == BODY)
        .ok_or_else(|| io::Error::other("docx-rs wrote a document without <w:body>"))?;
    Ok(document.split_at(at + BODY.len()))
}

fn item(f: &Finding) -> String {
    match (&f.item, f.control_point) {
        (Some(i), Some(cp)) => format!("{i}, control point {cp}"),
        (Some(i), None) => i.clone(),
        _ => String::new(),
    }
}

fn document(body: &mut Body<'_>, d: &DocumentReport) -> io::Result<()> {
    body.paragraph(&heading(
        &format!(
            "{} — {}",
            d.path,
            d.risk.map_or("not assessed", |r| r.as_str()).to_uppercase()
        ),
        26,
    ))?;
    body.paragraph(&labelled(
        "Export flow: ",
        &format!(
            "{}{}",
            d.export_flow.map_or("unclear", |f| f.as_str()),
            d.export_flow_reason
                .as_deref()
                .filter(|r| !r.is_empty())
                .map_or_else(String::new, |r| format!(" — {r}"))
        ),
    ))?;
    if !d.parties.is_empty() {
        body.paragraph(&labelled("Parties:", ""))?;
        for row in party_rows::rows(&d.parties) {
            let mut head = vec![row.name.clone()];
            if !row.roles.is_empty() {
                head.push(row.roles.clone());
            }
            head.push(row.kind.clone());
            head.push(row.seat.clone());
            body.paragraph(&para(&head.join(" · ")))?;
            if !row.evidence.is_empty() {
                body.paragraph(&labelled("Seat evidence: ", &row.evidence.join("; ")))?;
            }
        }
    }
    if !d.unresolved_mentions.is_empty() {
        body.paragraph(&labelled(
            "Mentions bound to no party: ",
            &party_rows::unresolved(&d.unresolved_mentions).join(" · "),
        ))?;
    }
    for f in &d.findings {
        body.paragraph(
            &Paragraph::new()
                .add_run(
                    Run::new()
                        .add_text(format!(
                            "{} {} · {}",
                            f.severity.as_str().to_uppercase(),
                            f.rule,
                            docx_text(&f.location.display())
                        ))
                        .bold(),
                )
                .add_run(Run::new().add_text(format!(
                    " · confidence {:.2}{}",
                    f.confidence,
                    super::ocr_marker(f.ocr)
                ))),
        )?;
        body.paragraph(&para(&f.message))?;
        if !f.evidence.is_empty() {
            let quote: String = if f.evidence.chars().count() > QUOTE_LIMIT {
                f.evidence.chars().take(QUOTE_LIMIT).chain(['…']).collect()
            } else {
                f.evidence.clone()
            };
            body.paragraph(
                &Paragraph::new()
                    .indent(Some(720), None, None, None)
                    .add_run(text(&format!("“{quote}”")).italic()),
            )?;
        }
        if f.item.is_some() {
            body.paragraph(&labelled("Catalogue item: ", &item(f)))?;
        }
        body.paragraph(&labelled("Legal basis: ", &f.legal_basis))?;
        body.paragraph(&labelled("What to do: ", &f.action))?;
    }
    for w in &d.waived {
        body.paragraph(&labelled(
            "Waived in the document: ",
            &format!(
                "{} ({}) — waiver at {}: {}",
                w.finding.rule,
                w.finding.location.display(),
                w.waiver_location.display(),
                w.reason
            ),
        ))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    /// A few paragraphs and a table, made afresh each call (paragraph ids follow creation).
    fn paragraphs(n: usize) -> Vec<Paragraph> {
        (0..n)
            .map(|i| heading(&format!("part {i} — 技术 & <x>"), 26 + i))
            .collect()
    }

    fn rows() -> Vec<TableRow> {
        (0..3)
            .map(|i| TableRow::new(vec![cell(&format!("row {i}")), cell("a & b")]))
            .collect()
    }

    #[test]
    fn a_streamed_package_is_byte_for_byte_what_docx_rs_packs() {
        let mut streamed = Vec::new();
        package(&mut streamed, |body| {
            for p in paragraphs(2) {
                body.paragraph(&p)?;
            }
            let mut rows = rows().into_iter();
            if let Some(first) = rows.next() {
                body.table_start(vec![4000, 2000], &first)?;
            }
            for r in rows {
                body.row(&r)?;
            }
            body.table_end()?;
            body.paragraph(&para("end"))
        })
        .unwrap();
        // The same elements, created in the same order from a restarted counter.
        let _ = Docx::new().build();
        let mut docx = Docx::new();
        for p in paragraphs(2) {
            docx = docx.add_paragraph(p);
        }
        docx = docx.add_table(Table::new(rows()).set_grid(vec![4000, 2000]));
        docx = docx.add_paragraph(para("end"));
        let mut packed = Cursor::new(Vec::new());
        docx.build().pack(&mut packed).unwrap();
        assert!(
            streamed == packed.get_ref().as_slice(),
            "the streamed package differs from docx-rs's"
        );
    }
}

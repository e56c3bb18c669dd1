//! Word memo (DOCX) that counsel can edit and send: summary, a table of every input with
//! its status and risk, a findings table, then per
//! document the quoted clauses with their locations, catalogue items, legal basis and
//! actions, and the files that could not be read. Written with docx-rs (which escapes
//! XML); every piece of document text first goes through
//! [`docx_text`](super::sanitize::docx_text), which removes the control characters XML
//! cannot carry and bidi/zero-width characters.
//!
//! The package is built in memory (docx-rs needs a seekable writer) and then written out.

use std::io::{self, Cursor, Write};

use docx_rs::{Docx, Paragraph, Run, Table, TableCell, TableRow};

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
/// Errors of the writer, or of packing the document (reported as `io::Error`).
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let s = &report.summary;
    let mut docx = Docx::new()
        .add_paragraph(heading("Technology export review", 36))
        .add_paragraph(para(&format!(
            "Prepared with {} {} · catalogue {} (edition {}) · {}",
            report.tool.name,
            report.tool.version,
            report.catalogue.id,
            report.catalogue.edition,
            report.catalogue.coverage.note
        )))
        .add_paragraph(
            Paragraph::new().add_run(
                Run::new()
                    .add_text(
                        "Not legal advice: this memo points to the clauses to review. \
                         Edit it before sending.",
                    )
                    .italic(),
            ),
        )
        .add_paragraph(heading("Summary", 28))
        .add_paragraph(para(&format!(
            "{} document(s): {} scanned, {} skipped, {} failed; {} finding(s); highest risk {}.",
            s.documents,
            s.scanned,
            s.skipped,
            s.failed,
            s.findings,
            if s.scanned > 0 {
                s.max_risk.as_str()
            } else {
                "not assessed"
            }
        )));
    let risks = s.risk_counts();
    docx = docx.add_paragraph(labelled("Documents by risk: ", &risks.join(" · ")));
    if s.failed > 0 {
        docx = docx.add_paragraph(
            Paragraph::new().add_run(
                Run::new()
                    .add_text(format!(
                        "{} file(s) could not be read and were not assessed (see the end of this memo).",
                        s.failed
                    ))
                    .bold()
                    .color("C00000"),
            ),
        );
    }
    // Every input, so a document without findings (or one that was not read) is listed too.
    docx = docx.add_paragraph(heading("Documents", 28));
    let mut rows = vec![TableRow::new(vec![
        header_cell("Document"),
        header_cell("Status"),
        header_cell("Risk"),
        header_cell("Findings"),
    ])];
    for d in &report.documents {
        rows.push(TableRow::new(vec![
            cell(&d.path),
            cell(status_str(d.status)),
            cell(d.risk.map_or("not assessed", |r| r.as_str())),
            cell(&d.findings.len().to_string()),
        ]));
    }
    docx = docx.add_table(Table::new(rows).set_grid(vec![4800, 1400, 1600, 1200]));
    let findings: Vec<(&DocumentReport, &Finding)> = report
        .documents
        .iter()
        .flat_map(|d| d.findings.iter().map(move |f| (d, f)))
        .collect();
    if !findings.is_empty() {
        docx = docx.add_paragraph(heading("Findings", 28));
        let mut rows = vec![TableRow::new(vec![
            header_cell("Document"),
            header_cell("Severity"),
            header_cell("Rule"),
            header_cell("Location"),
            header_cell("Catalogue item"),
        ])];
        for (d, f) in &findings {
            rows.push(TableRow::new(vec![
                cell(&d.path),
                cell(f.severity.as_str()),
                cell(&f.rule),
                cell(&f.location.display()),
                cell(&item(f)),
            ]));
        }
        // Column widths in twentieths of a point (A4 text width is about 9,000).
        docx = docx.add_table(Table::new(rows).set_grid(vec![3300, 1000, 900, 1700, 2100]));
    }
    for d in report
        .documents
        .iter()
        .filter(|d| d.status == Status::Scanned && !d.findings.is_empty())
    {
        docx = document(docx, d);
    }
    let unread: Vec<&DocumentReport> = report
        .documents
        .iter()
        .filter(|d| d.status != Status::Scanned)
        .collect();
    if !unread.is_empty() {
        docx = docx.add_paragraph(heading("Not scanned", 28));
        for d in unread {
            let (kind, msg) = d
                .error
                .as_ref()
                .map_or(("", ""), |e| (e.kind.as_str(), e.message.as_str()));
            docx = docx.add_paragraph(para(&format!(
                "{} — {} ({kind}): {msg}",
                d.path,
                status_str(d.status)
            )));
        }
    }
    let mut buf = Cursor::new(Vec::new());
    docx.build().pack(&mut buf).map_err(io::Error::other)?;
    out.write_all(buf.get_ref())
}

fn item(f: &Finding) -> String {
    match (&f.item, f.control_point) {
        (Some(i), Some(cp)) => format!("{i}, control point {cp}"),
        (Some(i), None) => i.clone(),
        _ => String::new(),
    }
}

fn document(mut docx: Docx, d: &DocumentReport) -> Docx {
    docx = docx
        .add_paragraph(heading(
            &format!(
                "{} — {}",
                d.path,
                d.risk.map_or("not assessed", |r| r.as_str()).to_uppercase()
            ),
            26,
        ))
        .add_paragraph(labelled(
            "Export flow: ",
            &format!(
                "{}{}",
                d.export_flow.map_or("unclear", |f| f.as_str()),
                d.export_flow_reason
                    .as_deref()
                    .filter(|r| !r.is_empty())
                    .map_or_else(String::new, |r| format!(" — {r}"))
            ),
        ));
    if !d.parties.is_empty() {
        let parties: Vec<String> = d
            .parties
            .iter()
            .map(|p| match (&p.role, &p.jurisdiction) {
                (Some(r), Some(j)) => format!("{} ({r}, {j})", p.name),
                (Some(x), None) | (None, Some(x)) => format!("{} ({x})", p.name),
                (None, None) => p.name.clone(),
            })
            .collect();
        docx = docx.add_paragraph(labelled("Parties: ", &parties.join("; ")));
    }
    for f in &d.findings {
        docx = docx
            .add_paragraph(
                Paragraph::new()
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
                    .add_run(Run::new().add_text(format!(" · confidence {:.2}", f.confidence))),
            )
            .add_paragraph(para(&f.message));
        if !f.evidence.is_empty() {
            let quote: String = if f.evidence.chars().count() > QUOTE_LIMIT {
                f.evidence.chars().take(QUOTE_LIMIT).chain(['…']).collect()
            } else {
                f.evidence.clone()
            };
            docx = docx.add_paragraph(
                Paragraph::new()
                    .indent(Some(720), None, None, None)
                    .add_run(text(&format!("“{quote}”")).italic()),
            );
        }
        if f.item.is_some() {
            docx = docx.add_paragraph(labelled("Catalogue item: ", &item(f)));
        }
        docx = docx
            .add_paragraph(labelled("Legal basis: ", &f.legal_basis))
            .add_paragraph(labelled("What to do: ", &f.action));
    }
    for w in &d.waived {
        docx = docx.add_paragraph(labelled(
            "Waived in the document: ",
            &format!(
                "{} ({}) — waiver at {}: {}",
                w.finding.rule,
                w.finding.location.display(),
                w.waiver_location.display(),
                w.reason
            ),
        ));
    }
    docx
}

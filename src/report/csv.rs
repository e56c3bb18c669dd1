//! CSV report for spreadsheets: one row per finding, one row per scanned document without
//! findings (so every input appears), and one row per failed or skipped document. A finding
//! waived inline in the document is a row with `error_kind` `waived` and the reason.
//!
//! Columns: `path,status,risk,export_flow,rule,severity,page,section,paragraph,item,
//! control_point,confidence,message,evidence,error_kind,error_message`. RFC 4180: comma
//! separated, CRLF line ends, quoted where needed. Every cell goes through
//! [`csv_cell`](super::sanitize::csv_cell), which also stops formula injection. Rows are in
//! document (path) order, findings in document order.

use std::io::{self, Write};

use super::Report;
use super::sanitize::csv_cell;
use crate::model::{DocumentReport, Finding};

/// The header row.
pub const COLUMNS: [&str; 16] = [
    "path",
    "status",
    "risk",
    "export_flow",
    "rule",
    "severity",
    "page",
    "section",
    "paragraph",
    "item",
    "control_point",
    "confidence",
    "message",
    "evidence",
    "error_kind",
    "error_message",
];

/// Writes the CSV report.
///
/// # Errors
/// Errors of the writer, or of reading spooled documents back.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    write_row(&COLUMNS.map(str::to_owned), out)?;
    for doc in &report.documents {
        let doc = doc?;
        if doc.findings.is_empty() && doc.waived.is_empty() {
            write_row(&row(&doc, None), out)?;
        }
        for f in &doc.findings {
            write_row(&row(&doc, Some(f)), out)?;
        }
        for w in &doc.waived {
            let mut cells = row(&doc, Some(&w.finding));
            "waived".clone_into(&mut cells[14]);
            cells[15] = format!("{} (waiver at {})", w.reason, w.waiver_location.display());
            write_row(&cells, out)?;
        }
    }
    Ok(())
}

fn row(doc: &DocumentReport, f: Option<&Finding>) -> [String; 16] {
    let opt = |v: Option<String>| v.unwrap_or_default();
    [
        doc.path.clone(),
        super::status_str(doc.status).to_owned(),
        opt(doc.risk.map(|r| r.as_str().to_owned())),
        opt(doc.export_flow.map(|e| e.as_str().to_owned())),
        opt(f.map(|f| f.rule.clone())),
        opt(f.map(|f| f.severity.as_str().to_owned())),
        opt(f.and_then(|f| f.location.page).map(|p| p.to_string())),
        opt(f.and_then(|f| f.location.section.clone())),
        opt(f.and_then(|f| f.location.paragraph).map(|p| p.to_string())),
        opt(f.and_then(|f| f.item.clone())),
        opt(f.and_then(|f| f.control_point).map(|c| c.to_string())),
        opt(f.map(|f| format!("{:.2}", f.confidence))),
        opt(f.map(|f| format!("{}{}", f.message, super::ocr_marker(f.ocr)))),
        opt(f.map(|f| f.evidence.clone())),
        opt(doc.error.as_ref().map(|e| e.kind.clone())),
        opt(doc.error.as_ref().map(|e| e.message.clone())),
    ]
}

fn write_row(cells: &[String], out: &mut dyn Write) -> io::Result<()> {
    let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
    out.write_all(line.join(",").as_bytes())?;
    out.write_all(b"\r\n")
}

//! JSON Lines report for huge runs: one line per document, written as each document
//! finishes (the CLI streams it from the pipeline's sink instead of keeping the documents),
//! then one summary line.
//!
//! # Wire format
//!
//! Every line but the last is one document object exactly as in the JSON report's
//! `documents[]` (see `report/json.rs`). The last line is
//! `{"summary": {…}, "schema_version", "tool", "catalogue", "fail_on"}` with the same fields
//! as the JSON report's top level, plus `"shard": {"index": K, "count": N}` when the run
//! scanned one shard (`--shard K/N`); a consumer tells it apart by its `summary` key
//! (document lines have `path`). A run that was cut short has no summary line.
//! `techscan merge` reads these files back (see `merge.rs`). Bidi and zero-width
//! characters are `\uXXXX` escapes, as in the JSON report.

use std::io::{self, Write};

use serde::Serialize;

use super::sanitize::json_invisible;
use super::{CatalogueInfo, Report, Summary, Tool};
use crate::model::{DocumentReport, Severity};
use crate::shard::Shard;

#[derive(Serialize)]
struct SummaryLine<'a> {
    summary: &'a Summary,
    schema_version: &'a str,
    tool: &'a Tool,
    catalogue: &'a CatalogueInfo,
    fail_on: Severity,
    #[serde(skip_serializing_if = "Option::is_none")]
    shard: Option<Shard>,
}

/// Writes one document line.
///
/// # Errors
/// Only errors of the writer.
pub fn write_document(doc: &DocumentReport, out: &mut dyn Write) -> io::Result<()> {
    let line = serde_json::to_string(doc)?;
    out.write_all(json_invisible(&line).as_bytes())?;
    out.write_all(b"\n")
}

/// Writes the final summary line from `report` (its `documents` are not written).
///
/// # Errors
/// Only errors of the writer.
pub fn write_summary(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let line = SummaryLine {
        summary: &report.summary,
        schema_version: report.schema_version,
        tool: &report.tool,
        catalogue: &report.catalogue,
        fail_on: report.fail_on,
        shard: report.shard,
    };
    serde_json::to_writer(&mut *out, &line)?;
    out.write_all(b"\n")
}

/// Writes a whole report: its documents, then the summary line.
///
/// # Errors
/// Errors of the writer, or of reading spooled documents back.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for doc in &report.documents {
        let doc = doc?;
        write_document(&doc, out)?;
    }
    write_summary(report, out)
}

//! The report model of a run and one emitter per output format.
//!
//! Emitters only format: every decision (risk, findings, export flow) was taken by the
//! pipeline. They write to `&mut dyn Write`, so tests capture them in a `Vec<u8>`.
//!
//! A report's documents are [`Documents`]: in memory, or spooled to a temporary file
//! ([`spool`]) so that a run of any size renders in flat memory. Emitters iterate them, in
//! as many passes as they need, and never collect them.

pub mod csv;
pub mod docx;
pub mod fingerprint;
pub mod html;
pub mod json;
pub mod jsonl;
pub mod markdown;
pub mod party_rows;
mod places;
pub mod sanitize;
pub mod sarif;
pub mod spool;
pub mod terminal;

pub use spool::{Documents, SpoolWriter};

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalogue::Coverage;
use crate::model::{DocumentReport, Lang, Severity, Status};
use crate::shard::Shard;

/// Version of the JSON report schema (`docs` in `report/json.rs`).
pub const SCHEMA_VERSION: &str = "1.0";

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Terminal,
    Json,
    /// One document per line, written as each document finishes, then a summary line.
    Jsonl,
    Csv,
    Html,
    Sarif,
    Markdown,
    /// A Word memo for counsel.
    Docx,
}

impl Format {
    /// Every format, in `--help` order.
    pub const ALL: [Format; 8] = [
        Format::Terminal,
        Format::Json,
        Format::Jsonl,
        Format::Csv,
        Format::Html,
        Format::Sarif,
        Format::Markdown,
        Format::Docx,
    ];

    /// The name `--format` accepts.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Terminal => "terminal",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Html => "html",
            Format::Sarif => "sarif",
            Format::Markdown => "markdown",
            Format::Docx => "docx",
        }
    }

    /// File extension used by `--output-dir` (`techscan-report.<ext>`).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Terminal => "txt",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Html => "html",
            Format::Sarif => "sarif",
            Format::Markdown => "md",
            Format::Docx => "docx",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct CatalogueInfo {
    pub id: String,
    pub edition: String,
    pub coverage: Coverage,
}

/// Counts over a run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Summary {
    pub documents: usize,
    pub scanned: usize,
    pub skipped: usize,
    pub failed: usize,
    pub findings: usize,
    /// Scanned documents by risk (`critical` … `none`); all five keys always present.
    pub by_risk: BTreeMap<String, usize>,
    /// Scanned documents by export flow.
    pub by_export_flow: BTreeMap<String, usize>,
    /// Findings by rule code.
    pub by_rule: BTreeMap<String, usize>,
    /// Failed documents by error kind.
    pub failed_by_kind: BTreeMap<String, usize>,
    /// Highest risk of any scanned document.
    pub max_risk: Severity,
}

impl Summary {
    /// `critical 1`, `high 3`, … from the highest severity down, every severity listed.
    pub fn risk_counts(&self) -> Vec<String> {
        SEVERITIES
            .iter()
            .map(|sev| {
                format!(
                    "{} {}",
                    sev.as_str(),
                    self.by_risk.get(sev.as_str()).copied().unwrap_or(0)
                )
            })
            .collect()
    }

    /// The run's verdict in words, the documents not assessed first: `3 document(s) NOT
    /// ASSESSED (could not be read); highest risk among the 11 read: high`, or `highest risk
    /// high` when every document was read. Never `highest risk none` while a document was
    /// not read: a failed document is not clean.
    pub fn verdict(&self) -> String {
        match (self.failed, self.scanned) {
            (0, _) => format!("highest risk {}", self.max_risk.as_str()),
            (failed, 0) => {
                format!("{failed} document(s) NOT ASSESSED (could not be read); none was read")
            }
            (failed, scanned) => format!(
                "{failed} document(s) NOT ASSESSED (could not be read); highest risk among the {scanned} read: {}",
                self.max_risk.as_str()
            ),
        }
    }

    /// `outbound 2`, `unclear 5`, … for the export flows that occur.
    pub fn flow_counts(&self) -> Vec<String> {
        self.by_export_flow
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect()
    }

    /// Counts over `documents`.
    pub fn of(documents: &[DocumentReport]) -> Summary {
        let mut s = Summary::empty();
        for d in documents {
            s.add(d);
        }
        s
    }

    /// The summary of no documents, with every risk key present.
    pub fn empty() -> Summary {
        let mut s = Summary::default();
        for sev in [
            Severity::Critical,
            Severity::High,
            Severity::Medium,
            Severity::Low,
            Severity::None,
        ] {
            s.by_risk.insert(sev.as_str().to_owned(), 0);
        }
        s
    }

    /// Counts one more document (streaming runs keep the summary, not the documents).
    pub fn add(&mut self, d: &DocumentReport) {
        self.documents += 1;
        match d.status {
            Status::Scanned => self.scanned += 1,
            Status::Skipped => self.skipped += 1,
            Status::Failed => {
                self.failed += 1;
                let kind = d.error.as_ref().map_or("unknown", |e| e.kind.as_str());
                *self.failed_by_kind.entry(kind.to_owned()).or_default() += 1;
            }
        }
        if let Some(risk) = d.risk {
            *self.by_risk.entry(risk.as_str().to_owned()).or_default() += 1;
            self.max_risk = self.max_risk.max(risk);
        }
        if let Some(flow) = d.export_flow {
            *self
                .by_export_flow
                .entry(flow.as_str().to_owned())
                .or_default() += 1;
        }
        self.findings += d.findings.len();
        for f in &d.findings {
            *self.by_rule.entry(f.rule.clone()).or_default() += 1;
        }
    }
}

/// The whole report of a run.
#[derive(Debug, Serialize)]
pub struct Report {
    pub schema_version: &'static str,
    pub tool: Tool,
    pub catalogue: CatalogueInfo,
    /// The `--fail-on` threshold the exit code used.
    pub fail_on: Severity,
    /// The part of the inputs this run scanned (`--shard K/N`); absent for a whole run
    /// and for a merged one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shard: Option<Shard>,
    /// In memory or spooled to a temporary file; emitters iterate them, never collect.
    pub documents: Documents,
    pub summary: Summary,
}

impl Report {
    /// A report of documents held in memory (tests, small runs), summary counted from them.
    pub fn new(
        catalogue: CatalogueInfo,
        fail_on: Severity,
        documents: Vec<DocumentReport>,
    ) -> Report {
        let summary = Summary::of(&documents);
        Report::with_summary(catalogue, fail_on, documents.into(), summary)
    }

    /// A report whose summary was counted while streaming: `summary` must be the counts
    /// over `documents` (emitters take the number of skipped and failed documents from it).
    /// `documents` may be empty when they were already written (JSON Lines).
    pub fn with_summary(
        catalogue: CatalogueInfo,
        fail_on: Severity,
        documents: Documents,
        summary: Summary,
    ) -> Report {
        Report {
            schema_version: SCHEMA_VERSION,
            tool: Tool {
                name: env!("CARGO_PKG_NAME").to_owned(),
                version: env!("CARGO_PKG_VERSION").to_owned(),
            },
            catalogue,
            fail_on,
            shard: None,
            documents,
            summary,
        }
    }
}

/// `scanned`, `skipped` or `failed`, as in the JSON report.
/// The marker every format puts on a finding or clause from a page read by OCR:
/// ` · read by OCR (page confidence 0.89)`; empty for text pages.
pub fn ocr_marker(ocr: Option<f32>) -> String {
    ocr.map_or_else(String::new, |c| {
        format!(" · read by OCR (page confidence {c:.2})")
    })
}

pub fn status_str(status: Status) -> &'static str {
    match status {
        Status::Scanned => "scanned",
        Status::Skipped => "skipped",
        Status::Failed => "failed",
    }
}

/// Severities from the highest down, as reports list them.
pub const SEVERITIES: [Severity; 5] = [
    Severity::Critical,
    Severity::High,
    Severity::Medium,
    Severity::Low,
    Severity::None,
];

/// Options that change how a report looks, not what it says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
    /// Language of the texts the emitter adds itself (SARIF rule documentation); finding
    /// messages arrive already in this language.
    pub lang: Lang,
    /// Columns the terminal report wraps to; `None`: [`DEFAULT_WIDTH`].
    pub width: Option<usize>,
}

/// Columns of a terminal report that does not go to a terminal.
pub const DEFAULT_WIDTH: usize = 100;

impl Style {
    /// The terminal report's width: as set, at least 40 columns, or [`DEFAULT_WIDTH`].
    pub fn width(self) -> usize {
        self.width.map_or(DEFAULT_WIDTH, |w| w.max(40))
    }
}

/// Writes `report` in `format`.
///
/// # Errors
/// Only errors of the writer.
pub fn write(
    format: Format,
    report: &Report,
    style: Style,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match format {
        Format::Terminal => terminal::write(report, style, out),
        Format::Json => json::write(report, out),
        Format::Jsonl => jsonl::write(report, out),
        Format::Csv => csv::write(report, out),
        Format::Html => html::write(report, out),
        Format::Sarif => sarif::write_in(report, style.lang, out),
        Format::Markdown => markdown::write(report, out),
        Format::Docx => docx::write(report, out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ErrorKind;

    #[test]
    fn the_verdict_names_documents_not_assessed_first_and_never_calls_them_clean() {
        let failed = DocumentReport::not_scanned(
            "a.doc".into(),
            Status::Failed,
            ErrorKind::Unsupported.as_str(),
            "not read".into(),
        );
        let skipped = DocumentReport::not_scanned(
            "a.csv".into(),
            Status::Skipped,
            "not-a-document",
            "data".into(),
        );
        let only_failed = Summary::of(&[failed.clone(), skipped.clone()]);
        assert_eq!(
            only_failed.verdict(),
            "1 document(s) NOT ASSESSED (could not be read); none was read"
        );
        assert!(!only_failed.verdict().contains("highest risk none"));
        assert_eq!(Summary::of(&[skipped]).verdict(), "highest risk none");
        let mut read = failed.clone();
        read.status = Status::Scanned;
        read.error = None;
        read.risk = Some(Severity::High);
        assert_eq!(
            Summary::of(&[failed, read]).verdict(),
            "1 document(s) NOT ASSESSED (could not be read); highest risk among the 1 read: high"
        );
    }
}

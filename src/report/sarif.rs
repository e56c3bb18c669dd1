//! SARIF 2.1.0 report for code-scanning tools (GitHub code scanning, VS Code SARIF viewer).
//!
//! A small private serde model, serialised in a fixed field order with `BTreeMap`s for
//! property bags, so the same input gives the same bytes. One run: `tool.driver.rules` is
//! the whole rule registry ([`RULES`]) with its documentation; one result per finding with
//! `ruleId`, `level` (critical/high → `error`, medium → `warning`, low → `note`), the
//! message with the quoted clause, and one location whose artifact URI is relative to the
//! current directory with forward slashes (absolute `file://` URIs for files outside it).
//!
//! SARIF regions must carry a line, character or byte offset, which contracts (PDF, DOCX)
//! do not have; page, section and paragraph therefore travel in the location's
//! `properties` (with the evidence text), not in a `region`. `partialFingerprints`
//! (`techscanFinding/v1`) is [`fingerprint::finding`](super::fingerprint::finding) of
//! normalised clause text, rule and path. Failed and skipped documents become
//! `toolExecutionNotifications` of the invocation (`error` and `note`), and every input,
//! scanned or not, is one of the run's `artifacts` with its `status` and `risk` in
//! `properties`, so a clean document is listed too. Findings waived by
//! an inline `techscan:allow` paragraph are results with an `inSource` suppression. Bidi and
//! zero-width characters are `\uXXXX` escapes, as in the JSON report.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Component, Path};

use serde::Serialize;
use serde_json::Value;

use super::sanitize::JsonInvisible;
use super::spool::Each;
use super::{Report, fingerprint, status_str};
use crate::model::{DocumentReport, Finding, Lang, Severity, Status};
use crate::risk::rules::{RULES, Rule};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// Key of the finding fingerprint in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "techscanFinding/v1";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

/// The run; its per-document arrays are serialised from the report's documents, read one
/// at a time.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    invocations: Vec<Invocation<'a>>,
    artifacts: Each<'a, Artifact>,
    results: Each<'a, SarifResult>,
}

/// One input of the run, whatever became of it: `properties.status` is `scanned`, `skipped`
/// or `failed`, and `properties.risk` is the document's risk (`null` when not assessed).
#[derive(Serialize)]
struct Artifact {
    location: ArtifactLocation,
    properties: BTreeMap<&'static str, Value>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: String,
    version: String,
    rules: Vec<RuleDescriptor>,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

fn text(s: impl Into<String>) -> Text {
    Text { text: s.into() }
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor {
    id: &'static str,
    name: &'static str,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
    properties: BTreeMap<&'static str, Value>,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation<'a> {
    execution_successful: bool,
    tool_execution_notifications: Each<'a, Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    descriptor: DescriptorReference,
}

#[derive(Serialize)]
struct DescriptorReference {
    id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression>,
    properties: BTreeMap<&'static str, Value>,
}

#[derive(Serialize)]
struct Suppression {
    kind: &'static str,
    justification: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
#[allow(clippy::struct_field_names)] // SARIF's names
struct Location {
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    properties: BTreeMap<&'static str, Value>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

/// SARIF level of a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
        Severity::None => "none",
    }
}

/// GitHub code scanning's `security-severity` (0.0–10.0) of a severity.
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.0",
        Severity::Low => "2.0",
        Severity::None => "0.0",
    }
}

/// Writes the SARIF log, pretty-printed, followed by a newline.
///
/// # Errors
/// Errors of the writer, or of reading spooled documents back.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    write_in(report, Lang::En, out)
}

/// Writes the SARIF log with the rules' documentation in `lang`. The documents are read
/// in four passes (notifications, artifacts, results, waived results), one at a time.
///
/// # Errors
/// Errors of the writer, or of reading spooled documents back.
pub fn write_in(report: &Report, lang: Lang, out: &mut dyn Write) -> io::Result<()> {
    let base = std::env::current_dir().ok();
    let base = base.as_deref();
    let docs = &report.documents;
    let notifications = docs.each(|d| {
        if d.status == Status::Scanned {
            Vec::new()
        } else {
            vec![notification(d, base)]
        }
    });
    // Every finding of every document, then every waived finding.
    let results = docs
        .each(|d| d.findings.iter().map(|f| result(d, f, base)).collect())
        .then(|d| {
            d.waived
                .iter()
                .map(|w| {
                    let mut r = result(d, &w.finding, base);
                    r.suppressions.push(Suppression {
                        kind: "inSource",
                        justification: format!(
                            "{} (techscan:allow at {})",
                            w.reason,
                            w.waiver_location.display()
                        ),
                    });
                    r
                })
                .collect()
        });
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: report.tool.name.clone(),
                    version: report.tool.version.clone(),
                    rules: RULES.iter().map(|r| descriptor(r, lang)).collect(),
                },
            },
            invocations: vec![Invocation {
                execution_successful: report.summary.failed == 0,
                tool_execution_notifications: notifications,
            }],
            artifacts: docs.each(|d| vec![artifact(d, base)]),
            results,
        }],
    };
    let mut escaped = JsonInvisible::new(&mut *out);
    serde_json::to_writer_pretty(&mut escaped, &log).map_err(|e| docs.serde_error(e))?;
    escaped.finish()?.write_all(b"\n")
}

fn descriptor(r: &Rule, lang: Lang) -> RuleDescriptor {
    let t = r.text(lang);
    let [_, why, example, basis, action] = crate::risk::rules::headings(lang);
    let help_text = format!(
        "{}\n\n{why}: {}\n\n{example}: {}\n\n{basis}: {}\n\n{action}: {}",
        t.what_it_detects, t.why_it_matters, t.example, t.legal_basis, t.action
    );
    let help_markdown = format!(
        "{}\n\n**{why}** {}\n\n**{example}** {}\n\n**{basis}** {}\n\n**{action}** {}",
        t.what_it_detects, t.why_it_matters, t.example, t.legal_basis, t.action
    );
    let mut properties = BTreeMap::new();
    properties.insert("severity", Value::from(r.severity.as_str()));
    properties.insert(
        "security-severity",
        Value::from(security_severity(r.severity)),
    );
    properties.insert(
        "tags",
        Value::from(vec!["export-control", "technology-transfer"]),
    );
    RuleDescriptor {
        id: r.code,
        name: r.name,
        short_description: text(r.name.replace('-', " ")),
        full_description: text(t.what_it_detects),
        help: Help {
            text: help_text,
            markdown: help_markdown,
        },
        default_configuration: Configuration {
            level: level(r.severity),
        },
        properties,
    }
}

fn result(doc: &DocumentReport, f: &Finding, base: Option<&Path>) -> SarifResult {
    let mut message = f.message.clone();
    message.push_str(&super::ocr_marker(f.ocr));
    if !f.evidence.is_empty() {
        let _ = write!(
            message,
            " — clause ({}): “{}”",
            f.location.display(),
            f.evidence
        );
    }
    let mut loc_props = BTreeMap::new();
    if let Some(p) = f.location.page {
        loc_props.insert("page", Value::from(p));
    }
    if let Some(s) = &f.location.section {
        loc_props.insert("section", Value::from(s.as_str()));
    }
    if let Some(p) = f.location.paragraph {
        loc_props.insert("paragraph", Value::from(p));
    }
    if !f.evidence.is_empty() {
        loc_props.insert("evidence", Value::from(f.evidence.as_str()));
    }
    let mut props = BTreeMap::new();
    props.insert("severity", Value::from(f.severity.as_str()));
    props.insert(
        "confidence",
        Value::from((f64::from(f.confidence) * 100.0).round() / 100.0),
    );
    if let Some(ocr) = f.ocr {
        props.insert("ocr", Value::from((f64::from(ocr) * 100.0).round() / 100.0));
    }
    if let Some(item) = &f.item {
        props.insert("item", Value::from(item.as_str()));
    }
    if let Some(cp) = f.control_point {
        props.insert("controlPoint", Value::from(cp));
    }
    props.insert("legalBasis", Value::from(f.legal_basis.as_str()));
    props.insert("action", Value::from(f.action.as_str()));
    if let Some(flow) = doc.export_flow {
        props.insert("exportFlow", Value::from(flow.as_str()));
    }
    let mut fingerprints = BTreeMap::new();
    fingerprints.insert(
        FINGERPRINT_KEY,
        fingerprint::finding(&f.evidence, &f.rule, &doc.path),
    );
    SarifResult {
        rule_id: f.rule.clone(),
        rule_index: RULES.iter().position(|r| r.code == f.rule),
        level: level(f.severity),
        message: text(message),
        locations: vec![Location {
            physical_location: physical(&doc.path, base),
            message: Some(text(f.location.display())),
            properties: loc_props,
        }],
        partial_fingerprints: fingerprints,
        suppressions: Vec::new(),
        properties: props,
    }
}

fn artifact(doc: &DocumentReport, base: Option<&Path>) -> Artifact {
    let mut properties = BTreeMap::new();
    properties.insert("status", Value::from(status_str(doc.status)));
    properties.insert(
        "risk",
        doc.risk.map_or(Value::Null, |r| Value::from(r.as_str())),
    );
    Artifact {
        location: physical(&doc.path, base).artifact_location,
        properties,
    }
}

fn notification(doc: &DocumentReport, base: Option<&Path>) -> Notification {
    let (kind, msg) = doc
        .error
        .as_ref()
        .map_or(("unknown", ""), |e| (e.kind.as_str(), e.message.as_str()));
    Notification {
        level: if doc.status == Status::Failed {
            "error"
        } else {
            "note"
        },
        message: text(format!(
            "{} {}: {kind}: {msg}",
            status_str(doc.status),
            doc.path
        )),
        locations: vec![Location {
            physical_location: physical(&doc.path, base),
            message: None,
            properties: BTreeMap::new(),
        }],
        descriptor: DescriptorReference {
            id: kind.to_owned(),
        },
    }
}

fn physical(path: &str, base: Option<&Path>) -> PhysicalLocation {
    PhysicalLocation {
        artifact_location: ArtifactLocation {
            uri: artifact_uri(Path::new(path), base),
        },
    }
}

/// URI of a scanned file: relative to `base` (the current directory) with forward slashes
/// when the file is under it or the path is relative, else an absolute `file://` URI.
/// Characters outside the URI's unreserved set are percent-encoded.
pub fn artifact_uri(path: &Path, base: Option<&Path>) -> String {
    let relative = if path.is_absolute() {
        base.and_then(|b| path.strip_prefix(b).ok())
    } else {
        Some(path)
    };
    if let Some(rel) = relative {
        let parts: Vec<String> = rel
            .components()
            .filter(|c| !matches!(c, Component::CurDir))
            .map(|c| percent_encode(&c.as_os_str().to_string_lossy()))
            .collect();
        parts.join("/")
    } else {
        let parts: Vec<String> = path
            .components()
            .filter_map(|c| match c {
                Component::Normal(s) => Some(percent_encode(&s.to_string_lossy())),
                _ => None,
            })
            .collect();
        format!("file:///{}", parts.join("/"))
    }
}

fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn artifact_uris_are_relative_with_forward_slashes() {
        let base = Path::new("/work/repo");
        let cases = [
            ("samples/a b.pdf", "samples/a%20b.pdf"),
            ("./samples/x.docx", "samples/x.docx"),
            ("/work/repo/dir/合同.pdf", "dir/%E5%90%88%E5%90%8C.pdf"),
            ("/elsewhere/c.txt", "file:///elsewhere/c.txt"),
        ];
        for (path, want) in cases {
            assert_eq!(artifact_uri(Path::new(path), Some(base)), want, "{path}");
        }
    }

    #[test]
    fn levels_follow_severity() {
        assert_eq!(level(Severity::Critical), "error");
        assert_eq!(level(Severity::High), "error");
        assert_eq!(level(Severity::Medium), "warning");
        assert_eq!(level(Severity::Low), "note");
    }
}

//! Human-readable report for a terminal: one section per document with findings first,
//! quoted evidence with the matched technology highlighted, then failures, skips and a
//! summary. Colour only when `Style::color` is set (the CLI honours `NO_COLOR` and
//! whether stdout is a terminal). All document text passes through
//! [`terminal_text`](super::sanitize::terminal_text).

use std::io::{self, Write};

use super::sanitize::terminal_text;
use super::{Report, Style};
use crate::model::{DocumentReport, Severity, Status};

/// Longest evidence quote printed, in characters.
const QUOTE_LIMIT: usize = 400;

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
    fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }
    fn severity(&self, sev: Severity) -> String {
        let code = match sev {
            Severity::Critical => "1;97;41",
            Severity::High => "1;31",
            Severity::Medium => "1;33",
            Severity::Low => "36",
            Severity::None => "32",
        };
        self.wrap(code, &sev.as_str().to_uppercase())
    }
}

/// Writes the terminal report.
///
/// # Errors
/// Errors of the writer, or of reading spooled documents back.
pub fn write(report: &Report, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let p = Paint { on: style.color };
    writeln!(
        out,
        "{} {} · catalogue {}, edition {} · {}",
        p.bold(&report.tool.name),
        report.tool.version,
        report.catalogue.id,
        report.catalogue.edition,
        report.catalogue.coverage.note
    )?;
    // Documents that could not be read come first: none of them is clean.
    write_not_scanned(report, Status::Failed, &p, out)?;
    for doc in &report.documents {
        let doc = doc?;
        if doc.status == Status::Scanned {
            write_document(&doc, &p, out)?;
        }
    }
    write_not_scanned(report, Status::Skipped, &p, out)?;
    write_summary(report, &p, out)
}

/// The documents of one status that were not scanned, under one heading.
fn write_not_scanned(
    report: &Report,
    status: Status,
    p: &Paint,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut heading = false;
    for d in report.documents.not_scanned() {
        let d = d?;
        if d.status != status {
            continue;
        }
        if !heading {
            writeln!(out)?;
            let title = if status == Status::Failed {
                p.wrap("1;31", "Not assessed: could not be read")
            } else {
                p.bold("Skipped")
            };
            writeln!(out, "{title}")?;
            heading = true;
        }
        let (kind, msg) = match &d.error {
            Some(e) => (e.kind.as_str(), e.message.as_str()),
            None => ("", ""),
        };
        let label = if status == Status::Failed {
            p.wrap("1;31", "FAILED ")
        } else {
            p.dim("skipped")
        };
        writeln!(
            out,
            "  {label} {} — {kind}: {}",
            terminal_text(&d.path),
            terminal_text(msg)
        )?;
    }
    Ok(())
}

fn write_document(doc: &DocumentReport, p: &Paint, out: &mut dyn Write) -> io::Result<()> {
    let risk = doc.risk.unwrap_or_default();
    writeln!(out)?;
    let flow = doc.export_flow.map_or("unclear", |f| f.as_str());
    let meta = format!(
        "{} · {} · {}",
        doc.format.map_or("?", |f| f.as_str()),
        doc.language.as_deref().unwrap_or("und"),
        doc.pages
            .map_or_else(String::new, |n| format!("{n} page(s)"))
    );
    writeln!(
        out,
        "{}  {}  export flow: {}  {}",
        p.severity(risk),
        p.bold(&terminal_text(&doc.path)),
        flow,
        p.dim(meta.trim_end_matches(" · "))
    )?;
    if let Some(reason) = doc.export_flow_reason.as_deref().filter(|r| !r.is_empty()) {
        writeln!(out, "  {}", p.dim(&terminal_text(reason)))?;
    }
    if !doc.parties.is_empty() {
        let parties: Vec<String> = doc
            .parties
            .iter()
            .map(|party| {
                let mut s = terminal_text(&party.name);
                let mut tags = Vec::new();
                if let Some(role) = &party.role {
                    tags.push(terminal_text(role));
                }
                tags.push(match party.region.is_mainland() {
                    Some(true) => "mainland".to_owned(),
                    Some(false) => party
                        .jurisdiction
                        .as_deref()
                        .map_or_else(|| "outside mainland".to_owned(), terminal_text),
                    None => "jurisdiction unknown".to_owned(),
                });
                s = format!("{s} ({})", tags.join(", "));
                s
            })
            .collect();
        writeln!(out, "  parties: {}", parties.join(" · "))?;
    }
    if !doc.ocr.is_empty() {
        let pages: Vec<String> = doc
            .ocr
            .iter()
            .map(|o| format!("p. {} {} {:.2}", o.page, o.language, o.confidence))
            .collect();
        writeln!(
            out,
            "  read by OCR (page, language, mean word confidence): {}",
            pages.join(" · ")
        )?;
    }
    for f in doc.findings.iter().filter(|f| f.severity > Severity::Low) {
        writeln!(
            out,
            "  {} {}  {}  confidence {:.2}{}",
            p.severity(f.severity),
            p.bold(&f.rule),
            f.location.display(),
            f.confidence,
            super::ocr_marker(f.ocr)
        )?;
        writeln!(out, "    {}", terminal_text(&f.message))?;
        if !f.evidence.is_empty() {
            let highlight: Vec<&str> = doc
                .technology
                .iter()
                .filter(|t| f.item.as_deref() == Some(t.item.as_str()))
                .map(|t| t.matched.as_str())
                .collect();
            writeln!(out, "    “{}”", quote(&f.evidence, &highlight, p))?;
        }
    }
    // What to do, once per rule rather than after every finding.
    let mut rules_seen: Vec<&str> = Vec::new();
    for f in doc.findings.iter().filter(|f| f.severity > Severity::Low) {
        if rules_seen.contains(&f.rule.as_str()) {
            continue;
        }
        rules_seen.push(&f.rule);
        writeln!(
            out,
            "  {} {}",
            p.bold(&format!("{} what to do:", f.rule)),
            f.action
        )?;
        writeln!(
            out,
            "  {} {}",
            p.dim(&format!("{} legal basis:", f.rule)),
            f.legal_basis
        )?;
    }
    let minor: Vec<String> = doc
        .findings
        .iter()
        .filter(|f| f.severity <= Severity::Low)
        .map(|f| {
            format!(
                "{} {} ({})",
                f.rule,
                terminal_text(&f.message),
                f.location.display()
            )
        })
        .collect();
    for m in minor {
        writeln!(out, "  {} {}", p.severity(Severity::Low), m)?;
    }
    if !doc.clauses.is_empty() {
        let clauses: Vec<String> = doc
            .clauses
            .iter()
            .map(|c| {
                let dir = if c.outbound {
                    "OUTBOUND".to_owned()
                } else {
                    format!("{:?}", c.direction).to_lowercase()
                };
                format!(
                    "{} {} [{}]{}",
                    c.kind.as_str(),
                    c.location.display(),
                    dir,
                    super::ocr_marker(c.ocr)
                )
            })
            .collect();
        writeln!(
            out,
            "  {} {}",
            p.dim("transfer clauses:"),
            clauses.join("; ")
        )?;
    }
    for w in &doc.waived {
        writeln!(
            out,
            "  {} {} {} ({}) — waived in the document at {}: {}",
            p.dim("waived:"),
            w.finding.rule,
            w.finding.severity.as_str(),
            w.finding.location.display(),
            w.waiver_location.display(),
            terminal_text(&w.reason)
        )?;
    }
    for w in &doc.warnings {
        writeln!(out, "  {} {}", p.dim("warning:"), terminal_text(w))?;
    }
    Ok(())
}

/// Quotes evidence, shortened to [`QUOTE_LIMIT`] characters, with highlighted terms.
fn quote(text: &str, highlight: &[&str], p: &Paint) -> String {
    let clean = terminal_text(text);
    let short: String = if clean.chars().count() > QUOTE_LIMIT {
        let mut s: String = clean.chars().take(QUOTE_LIMIT).collect();
        s.push('…');
        s
    } else {
        clean
    };
    if !p.on {
        return short;
    }
    let mut result = short;
    for term in highlight {
        let term = terminal_text(term);
        if !term.is_empty() && result.contains(&term) {
            result = result.replacen(&term, &p.wrap("1;4", &term), 1);
        }
    }
    result
}

fn write_summary(report: &Report, p: &Paint, out: &mut dyn Write) -> io::Result<()> {
    let s = &report.summary;
    writeln!(out)?;
    writeln!(out, "{}", p.bold("Summary"))?;
    if s.failed > 0 {
        writeln!(out, "  {}", p.wrap("1;31", &s.verdict()))?;
    }
    writeln!(
        out,
        "  documents {}  scanned {}  skipped {}  failed {}  findings {}",
        s.documents, s.scanned, s.skipped, s.failed, s.findings
    )?;
    let risks = s.risk_counts();
    writeln!(out, "  risk        {}", risks.join("  "))?;
    let flows = s.flow_counts();
    if !flows.is_empty() {
        writeln!(out, "  export flow {}", flows.join("  "))?;
    }
    if !s.failed_by_kind.is_empty() {
        let kinds: Vec<String> = s
            .failed_by_kind
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        writeln!(out, "  failed by   {}", kinds.join("  "))?;
    }
    Ok(())
}

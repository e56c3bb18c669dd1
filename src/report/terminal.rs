//! Human-readable report for a terminal: the documents that could not be read first, then
//! one section per document with findings first, quoted evidence with the matched technology
//! highlighted, its transfer clauses grouped by kind, then skips and a summary. Every line is
//! wrapped to [`Style::width`] columns (the terminal's width, or 100) at word boundaries
//! (Chinese text may break between characters; a word longer than a line, such as a long
//! address, is cut), and rows that would repeat one already shown are left out. Colour only
//! when `Style::color` is set (the CLI honours `NO_COLOR` and whether stdout is a terminal).
//! In English reports a Chinese seat reads `Shenzhen (深圳), mainland China`. All document
//! text passes through [`terminal_text`](super::sanitize::terminal_text).
//!
//! `textwrap` (with `unicode-width`, a CJK character being two columns; ANSI colour codes
//! take none) does the wrapping, which would otherwise be a second, worse implementation of
//! display widths here.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use super::party_rows;
use super::sanitize::terminal_text;
use super::{Report, Style};
use crate::model::{DocumentReport, Severity, Status};

/// How many locations of one kind of transfer clause are listed; the rest are counted.
const CLAUSE_LOCATIONS: usize = 3;

/// Writes paragraphs wrapped to a width.
struct Lines<'a> {
    out: &'a mut dyn Write,
    width: usize,
}

impl Lines<'_> {
    /// Writes `text` wrapped, the first line indented by `indent`, the others by `hang`.
    fn para(&mut self, indent: &str, hang: &str, text: &str) -> io::Result<()> {
        // Lines break at spaces only, never inside a hyphenated word or code
        // (`uncoded:rare-earth-restricted`); a run longer than a line — Chinese text, which has
        // no spaces, or a long address — is cut where the line ends.
        let options = textwrap::Options::new(self.width)
            .initial_indent(indent)
            .subsequent_indent(hang)
            .word_separator(textwrap::WordSeparator::AsciiSpace)
            .word_splitter(textwrap::WordSplitter::NoHyphenation)
            .break_words(true)
            // First fit never lets a line overflow (optimal fit may, to even out lines).
            .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit);
        for line in textwrap::wrap(text, options) {
            writeln!(self.out, "{}", line.trim_end())?;
        }
        Ok(())
    }

    /// A paragraph whose continuation lines sit two columns in from its first.
    fn line(&mut self, indent: &str, text: &str) -> io::Result<()> {
        let hang = format!("{indent}  ");
        self.para(indent, &hang, text)
    }

    fn blank(&mut self) -> io::Result<()> {
        writeln!(self.out)
    }
}

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
    let mut out = Lines {
        out,
        width: style.width(),
    };
    out.line(
        "",
        &format!(
            "{} {} · catalogue {}, edition {} · {}",
            p.bold(&report.tool.name),
            report.tool.version,
            report.catalogue.id,
            report.catalogue.edition,
            report.catalogue.coverage.note
        ),
    )?;
    // Documents that could not be read come first: none of them is clean.
    write_not_scanned(report, Status::Failed, &p, &mut out)?;
    for doc in &report.documents {
        let doc = doc?;
        if doc.status == Status::Scanned {
            write_document(&doc, &p, &mut out)?;
        }
    }
    write_not_scanned(report, Status::Skipped, &p, &mut out)?;
    write_summary(report, &p, &mut out)
}

/// The documents of one status that were not scanned, under one heading.
fn write_not_scanned(
    report: &Report,
    status: Status,
    p: &Paint,
    out: &mut Lines<'_>,
) -> io::Result<()> {
    let mut heading = false;
    for d in report.documents.not_scanned() {
        let d = d?;
        if d.status != status {
            continue;
        }
        if !heading {
            out.blank()?;
            let title = if status == Status::Failed {
                p.wrap("1;31", "Not assessed: could not be read")
            } else {
                p.bold("Skipped")
            };
            out.line("", &title)?;
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
        out.para(
            "  ",
            "          ",
            &format!(
                "{label} {} — {kind}: {}",
                terminal_text(&d.path),
                terminal_text(msg)
            ),
        )?;
    }
    Ok(())
}

fn write_document(doc: &DocumentReport, p: &Paint, out: &mut Lines<'_>) -> io::Result<()> {
    let risk = doc.risk.unwrap_or_default();
    out.blank()?;
    let flow = doc.export_flow.map_or("unclear", |f| f.as_str());
    let meta = format!(
        "{} · {} · {}",
        doc.format.map_or("?", |f| f.as_str()),
        doc.language.as_deref().unwrap_or("und"),
        doc.pages
            .map_or_else(String::new, |n| format!("{n} page(s)"))
    );
    out.line(
        "",
        &format!(
            "{}  {}  export flow: {}  {}",
            p.severity(risk),
            p.bold(&terminal_text(&doc.path)),
            flow,
            p.dim(meta.trim_end_matches(" · "))
        ),
    )?;
    if let Some(reason) = doc.export_flow_reason.as_deref().filter(|r| !r.is_empty()) {
        out.line("  ", &p.dim(&terminal_text(reason)))?;
    }
    if !doc.parties.is_empty() {
        out.line("  ", "parties:")?;
        for row in party_rows::rows(&doc.parties) {
            let mut head = vec![terminal_text(&row.name)];
            if !row.roles.is_empty() {
                head.push(terminal_text(&row.roles));
            }
            head.push(terminal_text(&row.kind));
            head.push(terminal_text(&row.seat));
            out.line("    ", &head.join(" · "))?;
            if !row.evidence.is_empty() {
                let evidence: Vec<String> = row.evidence.iter().map(|e| terminal_text(e)).collect();
                out.line(
                    "      ",
                    &p.dim(&format!("seat evidence: {}", evidence.join("; "))),
                )?;
            }
        }
    }
    if !doc.unresolved_mentions.is_empty() {
        let mentions: Vec<String> = party_rows::unresolved(&doc.unresolved_mentions)
            .iter()
            .map(|m| terminal_text(m))
            .collect();
        out.line(
            "  ",
            &format!("mentions bound to no party: {}", mentions.join(" · ")),
        )?;
    }
    if !doc.ocr.is_empty() {
        let pages: Vec<String> = doc
            .ocr
            .iter()
            .map(|o| format!("p. {} {} {:.2}", o.page, o.language, o.confidence))
            .collect();
        out.line(
            "  ",
            &format!(
                "read by OCR (page, language, mean word confidence): {}",
                pages.join(" · ")
            ),
        )?;
    }
    // A finding row that would read exactly like one already shown is left out.
    let mut shown: BTreeSet<(String, String, String)> = BTreeSet::new();
    for f in doc.findings.iter().filter(|f| f.severity > Severity::Low) {
        let key = (f.rule.clone(), f.location.display(), f.message.clone());
        if !shown.insert(key) {
            continue;
        }
        out.line(
            "  ",
            &format!(
                "{} {}  {}  confidence {:.2}{}",
                p.severity(f.severity),
                p.bold(&f.rule),
                f.location.display(),
                f.confidence,
                super::ocr_marker(f.ocr)
            ),
        )?;
        out.line("    ", &terminal_text(&f.message))?;
        if !f.evidence.is_empty() {
            let highlight: Vec<&str> = doc
                .technology
                .iter()
                .filter(|t| f.item.as_deref() == Some(t.item.as_str()))
                .map(|t| t.matched.as_str())
                .collect();
            out.line("    ", &format!("“{}”", quote(&f.evidence, &highlight, p)))?;
        }
    }
    // What to do, once per rule rather than after every finding.
    let mut rules_seen: Vec<&str> = Vec::new();
    for f in doc.findings.iter().filter(|f| f.severity > Severity::Low) {
        if rules_seen.contains(&f.rule.as_str()) {
            continue;
        }
        rules_seen.push(&f.rule);
        out.line(
            "  ",
            &format!(
                "{} {}",
                p.bold(&format!("{} what to do:", f.rule)),
                f.action
            ),
        )?;
        out.line(
            "  ",
            &format!(
                "{} {}",
                p.dim(&format!("{} legal basis:", f.rule)),
                f.legal_basis
            ),
        )?;
    }
    let mut minor_seen = BTreeSet::new();
    for f in doc.findings.iter().filter(|f| f.severity <= Severity::Low) {
        let row = format!(
            "{} {} ({})",
            f.rule,
            terminal_text(&f.message),
            f.location.display()
        );
        if minor_seen.insert(row.clone()) {
            out.line("  ", &format!("{} {row}", p.severity(Severity::Low)))?;
        }
    }
    write_clauses(doc, p, out)?;
    for w in &doc.waived {
        out.line(
            "  ",
            &format!(
                "{} {} {} ({}) — waived in the document at {}: {}",
                p.dim("waived:"),
                w.finding.rule,
                w.finding.severity.as_str(),
                w.finding.location.display(),
                w.waiver_location.display(),
                terminal_text(&w.reason)
            ),
        )?;
    }
    for w in &doc.warnings {
        out.line("  ", &format!("{} {}", p.dim("warning:"), terminal_text(w)))?;
    }
    Ok(())
}

/// A document's transfer clauses grouped by kind: how many of each (each location once),
/// and the first [`CLAUSE_LOCATIONS`] locations with their direction.
fn write_clauses(doc: &DocumentReport, p: &Paint, out: &mut Lines<'_>) -> io::Result<()> {
    if doc.clauses.is_empty() {
        return Ok(());
    }
    let mut by_kind: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for c in &doc.clauses {
        let dir = if c.outbound {
            "OUTBOUND".to_owned()
        } else {
            format!("{:?}", c.direction).to_lowercase()
        };
        let row = format!(
            "{} [{dir}]{}",
            c.location.display(),
            super::ocr_marker(c.ocr)
        );
        let rows = by_kind.entry(c.kind.as_str()).or_default();
        if !rows.contains(&row) {
            rows.push(row);
        }
    }
    out.line("  ", &p.dim("transfer clauses:"))?;
    for (kind, rows) in by_kind {
        let mut shown: Vec<String> = rows.iter().take(CLAUSE_LOCATIONS).cloned().collect();
        if rows.len() > CLAUSE_LOCATIONS {
            shown.push(format!("and {} more", rows.len() - CLAUSE_LOCATIONS));
        }
        out.line(
            "    ",
            &format!("{kind} {}: {}", rows.len(), shown.join("; ")),
        )?;
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

fn write_summary(report: &Report, p: &Paint, out: &mut Lines<'_>) -> io::Result<()> {
    let s = &report.summary;
    out.blank()?;
    out.line("", &p.bold("Summary"))?;
    if s.failed > 0 {
        out.line("  ", &p.wrap("1;31", &s.verdict()))?;
    }
    out.line(
        "  ",
        &format!(
            "documents {}  scanned {}  skipped {}  failed {}  findings {}",
            s.documents, s.scanned, s.skipped, s.failed, s.findings
        ),
    )?;
    let risks = s.risk_counts();
    out.line("  ", &format!("risk        {}", risks.join("  ")))?;
    let flows = s.flow_counts();
    if !flows.is_empty() {
        out.line("  ", &format!("export flow {}", flows.join("  ")))?;
    }
    if !s.failed_by_kind.is_empty() {
        let kinds: Vec<String> = s
            .failed_by_kind
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        out.line("  ", &format!("failed by   {}", kinds.join("  ")))?;
    }
    Ok(())
}

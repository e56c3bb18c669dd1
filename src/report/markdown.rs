//! Markdown report for pull-request comments (GitHub-flavoured): a summary table, then one
//! section per document with findings, quoted evidence, catalogue item and control point,
//! and what to do; unread files last.
//!
//! All document text (paths included) goes through
//! [`markdown_text`](super::sanitize::markdown_text): no HTML, link, mention or table break
//! from a contract survives. Quotes are shortened to [`QUOTE_LIMIT`] characters to keep
//! comments within size limits.

use std::io::{self, Write};

use super::party_rows;
use super::sanitize::markdown_text;
use super::{Report, status_str};
use crate::model::{DocumentReport, Severity, Status};

/// Longest evidence quote, in characters.
pub const QUOTE_LIMIT: usize = 600;

/// Writes the Markdown report.
///
/// # Errors
/// Errors of the writer, or of reading spooled documents back.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let s = &report.summary;
    writeln!(out, "## techscan report\n")?;
    writeln!(
        out,
        "{} {} · catalogue {} (edition {}) · fail on `{}`\n",
        report.tool.name,
        report.tool.version,
        markdown_text(&report.catalogue.id),
        markdown_text(&report.catalogue.edition),
        report.fail_on.as_str()
    )?;
    if s.failed > 0 {
        writeln!(out, "**{}**\n", s.verdict())?;
    }
    writeln!(
        out,
        "**{}** document(s): {} scanned, {} skipped, {} failed · **{}** finding(s) · highest risk{} **{}**\n",
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
    )?;
    writeln!(out, "| document | status | risk | export flow | findings |")?;
    writeln!(out, "|---|---|---|---|---|")?;
    for d in &report.documents {
        let d = d?;
        let mut counts: std::collections::BTreeMap<(&str, Severity), usize> =
            std::collections::BTreeMap::new();
        for f in &d.findings {
            *counts.entry((f.rule.as_str(), f.severity)).or_default() += 1;
        }
        let rules: Vec<String> = counts
            .iter()
            .map(|((rule, sev), n)| {
                let times = if *n > 1 {
                    format!(" ×{n}")
                } else {
                    String::new()
                };
                format!("{}{times} ({})", markdown_text(rule), sev.as_str())
            })
            .collect();
        writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            markdown_text(&d.path),
            status_str(d.status),
            d.risk.map_or("not assessed", |r| r.as_str()),
            d.export_flow.map_or("", |f| f.as_str()),
            if rules.is_empty() {
                "—".to_owned()
            } else {
                rules.join(", ")
            }
        )?;
    }
    let risks = s.risk_counts();
    writeln!(out, "\nRisk: {}", risks.join(" · "))?;
    let flows = s.flow_counts();
    if !flows.is_empty() {
        writeln!(out, "Export flow: {}", flows.join(" · "))?;
    }
    for d in &report.documents {
        let d = d?;
        if d.status == Status::Scanned && !(d.findings.is_empty() && d.waived.is_empty()) {
            write_document(&d, out)?;
        }
    }
    let mut heading = false;
    for d in report.documents.not_scanned() {
        let d = d?;
        if !heading {
            writeln!(out, "\n### Not scanned\n")?;
            heading = true;
        }
        let (kind, msg) = d
            .error
            .as_ref()
            .map_or(("", ""), |e| (e.kind.as_str(), e.message.as_str()));
        writeln!(
            out,
            "- **{}** {} — {}: {}",
            status_str(d.status),
            markdown_text(&d.path),
            markdown_text(kind),
            markdown_text(msg)
        )?;
    }
    writeln!(
        out,
        "\n<sub>Not legal advice: techscan points a lawyer at the clauses to check. `techscan explain CODE` documents each rule.</sub>"
    )
}

fn write_document(d: &DocumentReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "\n### {} — {}\n",
        markdown_text(&d.path),
        d.risk.map_or("not assessed", |r| r.as_str()).to_uppercase()
    )?;
    let flow = d.export_flow.map_or("unclear", |f| f.as_str());
    match d.export_flow_reason.as_deref().filter(|r| !r.is_empty()) {
        Some(reason) => writeln!(out, "Export flow **{flow}**: {}", markdown_text(reason))?,
        None => writeln!(out, "Export flow **{flow}**")?,
    }
    if !d.parties.is_empty() {
        writeln!(
            out,
            "\n| party | role | kind | seat | seat evidence |\n|---|---|---|---|---|"
        )?;
        for row in party_rows::rows(&d.parties) {
            let evidence: Vec<String> = row.evidence.iter().map(|e| markdown_text(e)).collect();
            writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                markdown_text(&row.name),
                markdown_text(&row.roles),
                markdown_text(&row.kind),
                markdown_text(&row.seat),
                evidence.join("; ")
            )?;
        }
    }
    if !d.unresolved_mentions.is_empty() {
        let mentions: Vec<String> = party_rows::unresolved(&d.unresolved_mentions)
            .iter()
            .map(|m| markdown_text(m))
            .collect();
        writeln!(
            out,
            "\nMentions bound to no party: {}",
            mentions.join(" · ")
        )?;
    }
    for f in &d.findings {
        let item = match (&f.item, f.control_point) {
            (Some(i), Some(cp)) => format!(" · item {} control point {cp}", markdown_text(i)),
            (Some(i), None) => format!(" · item {}", markdown_text(i)),
            _ => String::new(),
        };
        writeln!(
            out,
            "\n- **{} {}** {}{} · confidence {:.2}{}  \n  {}",
            f.severity.as_str().to_uppercase(),
            f.rule,
            markdown_text(&f.location.display()),
            item,
            f.confidence,
            super::ocr_marker(f.ocr),
            markdown_text(&f.message)
        )?;
        if !f.evidence.is_empty() {
            writeln!(out, "\n  > {}", markdown_text(&shorten(&f.evidence)))?;
        }
        writeln!(out, "\n  *What to do:* {}", markdown_text(&f.action))?;
    }
    for w in &d.waived {
        writeln!(
            out,
            "\n- waived: **{}** ({}) {} — waiver at {}: {}",
            markdown_text(&w.finding.rule),
            w.finding.severity.as_str(),
            markdown_text(&w.finding.location.display()),
            markdown_text(&w.waiver_location.display()),
            markdown_text(&w.reason)
        )?;
    }
    for w in &d.warnings {
        writeln!(out, "\n- warning: {}", markdown_text(w))?;
    }
    Ok(())
}

fn shorten(text: &str) -> String {
    if text.chars().count() > QUOTE_LIMIT {
        let mut s: String = text.chars().take(QUOTE_LIMIT).collect();
        s.push('…');
        s
    } else {
        text.to_owned()
    }
}

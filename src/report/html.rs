//! HTML report: one self-contained file a lawyer opens in a browser. Inline CSS, no
//! script, no external resource (fonts, images, styles): it renders the same offline and
//! from an e-mail attachment.
//!
//! Layout: a summary dashboard (counts, documents by risk and by export flow as an inline
//! SVG bar chart, an index of documents), then one section per scanned document (risk
//! badge, export flow and its reason, parties, each finding — most severe first — with its
//! quoted clause and the matched catalogue keyword highlighted, item and control point,
//! legal basis and action, transfer clauses), then files that were not scanned with the reason and pages that could
//! not be read. Every piece of document text, path and message goes through
//! [`html_text`](super::sanitize::html_text).

use std::fmt::Write as _;
use std::io::{self, Write};

use super::party_rows;
use super::sanitize::html_text;
use super::{Report, SEVERITIES, status_str};
use crate::model::{DocumentReport, Finding, Severity, Status, TechMatch};

const CSS: &str = "
:root{--crit:#7f1d1d;--high:#dc2626;--med:#b45309;--low:#0e7490;--none:#15803d;--na:#6b7280;--line:#e5e7eb;--muted:#6b7280}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','Noto Sans CJK SC',sans-serif;color:#111827;background:#f3f4f6;margin:0}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:0;overflow-wrap:anywhere}h3{font-size:15px;margin:16px 0 8px}
.muted{color:var(--muted);font-size:13px}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin:16px 0}
.stats{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}
.stat{background:#f9fafb;border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:110px}
.stat b{display:block;font-size:22px}
.charts{display:flex;flex-wrap:wrap;gap:24px}
.badge{display:inline-block;white-space:nowrap;border-radius:4px;padding:1px 8px;font-size:12px;font-weight:700;color:#fff;text-transform:uppercase;letter-spacing:.03em;vertical-align:middle}
.critical{background:var(--crit)}.high{background:var(--high)}.medium{background:var(--med)}.low{background:var(--low)}.none{background:var(--none)}.na{background:var(--na)}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#f9fafb;font-weight:600}
td.path{overflow-wrap:anywhere}
a{color:#1d4ed8;text-decoration:none}a:hover{text-decoration:underline}
.doc-head{display:flex;gap:12px;align-items:center;flex-wrap:wrap}
.finding{border-left:4px solid var(--line);padding:8px 14px;margin:12px 0;background:#fafafa;border-radius:0 6px 6px 0}
.finding.critical-b{border-color:var(--crit)}.finding.high-b{border-color:var(--high)}.finding.medium-b{border-color:var(--med)}.finding.low-b{border-color:var(--low)}
blockquote{margin:8px 0;padding:8px 12px;background:#fff;border:1px solid var(--line);border-radius:4px;white-space:pre-wrap;font-family:Georgia,'Noto Serif','Noto Serif CJK SC',serif}
mark{background:#fde68a;padding:0 2px;border-radius:2px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0;font-size:14px}
dt{color:var(--muted)}dd{margin:0}
.clauses li{margin:2px 0}
.warn{color:#92400e}
.fail{color:var(--high)}
footer{color:var(--muted);font-size:12px;text-align:center;margin:24px 0}
";

/// Longest quoted clause, in characters.
pub const QUOTE_LIMIT: usize = 1500;

/// Size at which a part being built is written out.
const FLUSH_AT: usize = 64 * 1024;

/// Writes the HTML report. Each part is built in a small buffer and written out as soon as
/// it is complete; the documents are read in four passes (index, sections, not scanned,
/// unreadable parts), one at a time.
///
/// # Errors
/// Errors of the writer, or of reading spooled documents back.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut h = String::with_capacity(16 * 1024);
    head(report, &mut h);
    dashboard(report, &mut h, out)?;
    for (i, d) in report.documents.iter().enumerate() {
        let d = d?;
        if d.status == Status::Scanned {
            document(i, &d, &mut h);
            flush(&mut h, out)?;
        }
    }
    not_scanned(report, &mut h, out)?;
    unreadable(report, &mut h, out)?;
    let _ = write!(
        h,
        "<footer>{} {} · Not legal advice: techscan points a lawyer at the clauses to check. \
         <code>techscan explain CODE</code> documents each rule.</footer>\n</main>\n</body>\n</html>\n",
        html_text(&report.tool.name),
        html_text(&report.tool.version)
    );
    out.write_all(h.as_bytes())
}

/// Writes out what `h` holds and empties it.
fn flush(h: &mut String, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(h.as_bytes())?;
    h.clear();
    Ok(())
}

/// A path, escaped, with line-break opportunities after `/`, `-` and `_`.
fn path_html(path: &str) -> String {
    html_text(path)
        .replace('/', "/<wbr>")
        .replace('-', "-<wbr>")
        .replace('_', "_<wbr>")
}

fn risk_class(risk: Option<Severity>) -> &'static str {
    risk.map_or("na", Severity::as_str)
}

fn badge(risk: Option<Severity>) -> String {
    format!(
        "<span class=\"badge {}\">{}</span>",
        risk_class(risk),
        risk.map_or("not assessed", Severity::as_str)
    )
}

fn head(report: &Report, h: &mut String) {
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <title>techscan report</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n\
         <h1>Technology export review</h1>\n<div class=\"muted\">{} {} · catalogue {} (edition {}) · fail on {}<br>{}</div>\n",
        html_text(&report.tool.name),
        html_text(&report.tool.version),
        html_text(&report.catalogue.id),
        html_text(&report.catalogue.edition),
        report.fail_on.as_str(),
        html_text(&report.catalogue.coverage.note)
    );
}

fn dashboard(report: &Report, h: &mut String, out: &mut dyn Write) -> io::Result<()> {
    let s = &report.summary;
    h.push_str("<section class=\"card\" id=\"summary\">\n<h2>Summary</h2>\n");
    // Documents not assessed come first: an unread contract is never clean.
    if s.failed > 0 {
        let _ = writeln!(
            h,
            "<p class=\"fail\"><b>{} file(s) could not be read and were not assessed</b> — \
             see <a href=\"#not-scanned\">Not scanned</a>.</p>",
            s.failed
        );
    }
    h.push_str("<div class=\"stats\">");
    for (label, n) in [
        ("documents", s.documents),
        ("scanned", s.scanned),
        ("skipped", s.skipped),
        ("failed", s.failed),
        ("findings", s.findings),
    ] {
        let _ = write!(h, "<div class=\"stat\"><b>{n}</b>{label}</div>");
    }
    // With nothing scanned there is no risk to show, only documents not assessed.
    let max_risk = (s.scanned > 0).then_some(s.max_risk);
    let _ = writeln!(
        h,
        "<div class=\"stat\"><b>{}</b>highest risk{}</div></div>",
        badge(max_risk),
        if s.failed > 0 {
            " among those read"
        } else {
            ""
        }
    );
    h.push_str("<div class=\"charts\">");
    let risks: Vec<(String, usize, &str)> = SEVERITIES
        .iter()
        .map(|sev| {
            (
                sev.as_str().to_owned(),
                s.by_risk.get(sev.as_str()).copied().unwrap_or(0),
                bar_colour(Some(*sev)),
            )
        })
        .collect();
    bar_chart("Scanned documents by risk", &risks, h);
    let flows: Vec<(String, usize, &str)> = s
        .by_export_flow
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                *v,
                if k == "outbound" {
                    "#dc2626"
                } else {
                    "#64748b"
                },
            )
        })
        .collect();
    if !flows.is_empty() {
        bar_chart("Scanned documents by export flow", &flows, h);
    }
    h.push_str("</div>\n");
    h.push_str(
        "<h3>Documents</h3>\n<table>\n<tr><th>document</th><th>status</th><th>risk</th>\
         <th>export flow</th><th>findings</th></tr>\n",
    );
    for (i, d) in report.documents.iter().enumerate() {
        let d = d?;
        let name = if d.status == Status::Scanned {
            format!("<a href=\"#doc-{i}\">{}</a>", path_html(&d.path))
        } else {
            format!("<a href=\"#not-scanned\">{}</a>", path_html(&d.path))
        };
        let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
        for f in &d.findings {
            *counts.entry(f.rule.as_str()).or_default() += 1;
        }
        let rules: Vec<String> = counts
            .iter()
            .map(|(rule, n)| {
                if *n > 1 {
                    format!("{} ×{n}", html_text(rule))
                } else {
                    html_text(rule)
                }
            })
            .collect();
        let _ = writeln!(
            h,
            "<tr><td class=\"path\">{name}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            if d.status == Status::Failed {
                "<b class=\"fail\">failed</b>"
            } else {
                status_str(d.status)
            },
            badge(d.risk),
            d.export_flow.map_or("", |f| f.as_str()),
            rules.join(", ")
        );
        if h.len() >= FLUSH_AT {
            flush(h, out)?;
        }
    }
    h.push_str("</table>\n</section>\n");
    Ok(())
}

fn bar_colour(risk: Option<Severity>) -> &'static str {
    match risk {
        Some(Severity::Critical) => "#7f1d1d",
        Some(Severity::High) => "#dc2626",
        Some(Severity::Medium) => "#b45309",
        Some(Severity::Low) => "#0e7490",
        Some(Severity::None) => "#15803d",
        None => "#6b7280",
    }
}

/// A horizontal bar chart as inline SVG; labels are techscan's own words, escaped anyway.
fn bar_chart(title: &str, bars: &[(String, usize, &str)], h: &mut String) {
    const LABEL: usize = 110;
    const WIDTH: usize = 220;
    const ROW: usize = 24;
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let height = bars.len() * ROW + 8;
    let _ = write!(
        h,
        "<figure style=\"margin:0\"><figcaption class=\"muted\">{}</figcaption>\
         <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{height}\" role=\"img\" aria-label=\"{}\">",
        html_text(title),
        LABEL + WIDTH + 40,
        html_text(title)
    );
    for (i, (label, n, colour)) in bars.iter().enumerate() {
        let y = i * ROW + 4;
        let w = if *n == 0 { 0 } else { (n * WIDTH / max).max(2) };
        let _ = write!(
            h,
            "<text x=\"0\" y=\"{}\" font-size=\"13\" fill=\"#374151\">{}</text>\
             <rect x=\"{LABEL}\" y=\"{y}\" width=\"{w}\" height=\"{}\" rx=\"3\" fill=\"{colour}\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"13\" fill=\"#111827\">{n}</text>",
            y + 15,
            html_text(label),
            ROW - 6,
            LABEL + w + 6,
            y + 15
        );
    }
    h.push_str("</svg></figure>");
}

fn document(i: usize, d: &DocumentReport, h: &mut String) {
    let _ = write!(
        h,
        "<section class=\"card\" id=\"doc-{i}\">\n<div class=\"doc-head\">{}<h2>{}</h2></div>\n",
        badge(d.risk),
        html_text(&d.path)
    );
    let meta: Vec<String> = [
        d.format.map(|f| f.as_str().to_owned()),
        d.language.as_deref().map(html_text),
        d.pages.map(|n| format!("{n} page(s)")),
    ]
    .into_iter()
    .flatten()
    .collect();
    let _ = writeln!(
        h,
        "<div class=\"muted\">{}</div>\n<p><b>Export flow: {}</b>{}</p>",
        meta.join(" · "),
        d.export_flow.map_or("unclear", |f| f.as_str()),
        d.export_flow_reason
            .as_deref()
            .filter(|r| !r.is_empty())
            .map_or_else(String::new, |r| format!(" — {}", html_text(r)))
    );
    if !d.parties.is_empty() {
        h.push_str(
            "<h3>Parties</h3>\n<table>\n<tr><th>party</th><th>role</th><th>kind</th><th>seat</th><th>seat evidence</th></tr>\n",
        );
        for row in party_rows::rows(&d.parties) {
            let evidence: Vec<String> = row.evidence.iter().map(|e| html_text(e)).collect();
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                html_text(&row.name),
                html_text(&row.roles),
                html_text(&row.kind),
                html_text(&row.seat),
                evidence.join("<br>")
            );
        }
        h.push_str("</table>\n");
    }
    if !d.unresolved_mentions.is_empty() {
        let mentions: Vec<String> = party_rows::unresolved(&d.unresolved_mentions)
            .iter()
            .map(|m| html_text(m))
            .collect();
        let _ = writeln!(
            h,
            "<p>Mentions bound to no party: {}</p>",
            mentions.join(" · ")
        );
    }
    if d.findings.is_empty() {
        h.push_str("<p>No findings.</p>\n");
    } else {
        let _ = writeln!(h, "<h3>Findings ({})</h3>", d.findings.len());
        // Most severe first; document order within a severity (a stable sort).
        let mut ordered: Vec<&Finding> = d.findings.iter().collect();
        ordered.sort_by_key(|f| std::cmp::Reverse(f.severity));
        for f in ordered {
            finding(d, f, h);
        }
    }
    if !d.waived.is_empty() {
        h.push_str("<h3>Waived in the document</h3>\n<ul>\n");
        for w in &d.waived {
            let _ = writeln!(
                h,
                "<li>{} <b>{}</b> · {} — waiver at {}: {}</li>",
                badge(Some(w.finding.severity)),
                html_text(&w.finding.rule),
                html_text(&w.finding.location.display()),
                html_text(&w.waiver_location.display()),
                html_text(&w.reason)
            );
        }
        h.push_str("</ul>\n");
    }
    if !d.clauses.is_empty() {
        h.push_str("<h3>Transfer clauses</h3>\n<ul class=\"clauses\">\n");
        for c in &d.clauses {
            let dir = if c.outbound {
                "<b>outbound</b>".to_owned()
            } else {
                format!("{:?}", c.direction).to_lowercase()
            };
            let parties = match (&c.giver, &c.receiver) {
                (Some(giver), Some(receiver)) => {
                    format!(" · {} → {}", html_text(giver), html_text(receiver))
                }
                _ => String::new(),
            };
            let _ = writeln!(
                h,
                "<li>{} · {} · {dir}{parties}{}</li>",
                c.kind.as_str(),
                html_text(&c.location.display()),
                super::ocr_marker(c.ocr)
            );
        }
        h.push_str("</ul>\n");
    }
    if !d.warnings.is_empty() {
        h.push_str("<h3>Warnings</h3>\n<ul>\n");
        for w in &d.warnings {
            let _ = writeln!(h, "<li class=\"warn\">{}</li>", html_text(w));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</section>\n");
}

fn finding(d: &DocumentReport, f: &Finding, h: &mut String) {
    let sev = f.severity.as_str();
    let _ = writeln!(
        h,
        "<div class=\"finding {sev}-b\">\n<div>{} <b>{}</b> · {} · confidence {:.2}{}</div>\n<div>{}</div>",
        badge(Some(f.severity)),
        html_text(&f.rule),
        html_text(&f.location.display()),
        f.confidence,
        super::ocr_marker(f.ocr),
        html_text(&f.message)
    );
    if !f.evidence.is_empty() {
        let terms: Vec<&str> = d
            .technology
            .iter()
            .filter(|t| f.item.as_deref() == Some(t.item.as_str()))
            .map(|t| t.matched.as_str())
            .collect();
        let _ = writeln!(
            h,
            "<blockquote>{}</blockquote>",
            highlight(&shorten(&f.evidence), &terms)
        );
    }
    h.push_str("<dl>");
    if let Some(item) = &f.item {
        // The match the finding rests on: same entry and control point, and the name its
        // message quotes (unnumbered control points share `control_point: None`).
        let same = |t: &&TechMatch| &t.item == item && t.control_point == f.control_point;
        let name = d
            .technology
            .iter()
            .filter(same)
            .filter(|t| f.message.contains(t.name.as_str()))
            .max_by_key(|t| t.name.len())
            .or_else(|| d.technology.iter().find(same))
            .map_or_else(String::new, |t| format!(" — {}", html_text(&t.name)));
        let _ = write!(
            h,
            "<dt>catalogue item</dt><dd>{}{name}</dd>",
            html_text(item)
        );
    }
    if let Some(cp) = f.control_point {
        let _ = write!(h, "<dt>control point</dt><dd>{cp}</dd>");
    }
    let _ = writeln!(
        h,
        "<dt>legal basis</dt><dd>{}</dd><dt>what to do</dt><dd>{}</dd></dl>\n</div>",
        html_text(&f.legal_basis),
        html_text(&f.action)
    );
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

/// Escapes `text` and wraps every occurrence of the `terms` in `<mark>`.
fn highlight(text: &str, terms: &[&str]) -> String {
    let mut ranges: Vec<(usize, usize)> = terms
        .iter()
        .filter(|t| !t.is_empty())
        .flat_map(|t| text.match_indices(t).map(|(i, m)| (i, i + m.len())))
        .collect();
    ranges.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut out = String::with_capacity(text.len() + 32);
    let mut pos = 0;
    for (start, end) in ranges {
        if start < pos {
            continue;
        }
        out.push_str(&html_text(&text[pos..start]));
        out.push_str("<mark>");
        out.push_str(&html_text(&text[start..end]));
        out.push_str("</mark>");
        pos = end;
    }
    out.push_str(&html_text(&text[pos..]));
    out
}

fn not_scanned(report: &Report, h: &mut String, out: &mut dyn Write) -> io::Result<()> {
    // Every document is scanned, skipped or failed, and the summary counts them.
    let unread = report.summary.skipped + report.summary.failed;
    if unread == 0 {
        return Ok(());
    }
    let _ = writeln!(
        h,
        "<section class=\"card\" id=\"not-scanned\">\n<h2>Not scanned ({unread})</h2>\n\
         <p class=\"muted\">A failed file is never clean: it was not assessed.</p>\n<table>\n\
         <tr><th>document</th><th>status</th><th>reason</th><th>message</th></tr>"
    );
    for d in report.documents.not_scanned() {
        let d = d?;
        let (kind, msg) = d
            .error
            .as_ref()
            .map_or(("", ""), |e| (e.kind.as_str(), e.message.as_str()));
        let status = if d.status == Status::Failed {
            "<span class=\"badge high\">failed</span>"
        } else {
            "<span class=\"badge na\">skipped</span>"
        };
        let _ = writeln!(
            h,
            "<tr><td class=\"path\">{}</td><td>{status}</td><td>{}</td><td>{}</td></tr>",
            path_html(&d.path),
            html_text(kind),
            html_text(msg)
        );
        if h.len() >= FLUSH_AT {
            flush(h, out)?;
        }
    }
    h.push_str("</table>\n</section>\n");
    Ok(())
}

fn unreadable(report: &Report, h: &mut String, out: &mut dyn Write) -> io::Result<()> {
    let mut any = false;
    for (i, d) in report.documents.iter().enumerate() {
        let d = d?;
        if d.status != Status::Scanned || d.warnings.is_empty() {
            continue;
        }
        if !any {
            h.push_str(
                "<section class=\"card\" id=\"unreadable\">\n<h2>Unreadable pages and parts</h2>\n<ul>\n",
            );
            any = true;
        }
        for w in &d.warnings {
            let _ = writeln!(
                h,
                "<li><a href=\"#doc-{i}\">{}</a>: <span class=\"warn\">{}</span></li>",
                html_text(&d.path),
                html_text(w)
            );
        }
        if h.len() >= FLUSH_AT {
            flush(h, out)?;
        }
    }
    if any {
        h.push_str("</ul>\n</section>\n");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlight_marks_terms_and_escapes_everything_else() {
        assert_eq!(
            highlight("<b>laser</b> radar & laser", &["laser", "radar"]),
            "&lt;b&gt;<mark>laser</mark>&lt;/b&gt; <mark>radar</mark> &amp; <mark>laser</mark>"
        );
        assert_eq!(highlight("abc", &[""]), "abc");
    }

    #[test]
    fn catalogue_item_row_names_the_match_the_finding_rests_on() {
        let tech = |cp: Option<u32>, name: &str| TechMatch {
            ocr: None,
            segment: 0,
            item: "203912X".into(),
            control_point: cp,
            numbering: None,
            edition_code: None,
            name: name.into(),
            name_zh: String::new(),
            status: crate::model::ItemStatus::Restricted,
            keyword: "UAV".into(),
            matched: "UAV".into(),
            location: crate::model::Location::default(),
            in_clause: true,
            generic: false,
            corroborated: true,
            corroboration: None,
            verification: "secondary".into(),
        };
        let mut d =
            DocumentReport::not_scanned("a.txt".into(), Status::Scanned, "none", String::new());
        d.technology = vec![tech(Some(5), "UAV — flight control"), tech(None, "UAV")];
        let f = Finding {
            ocr: None,
            rule: "TS201".into(),
            severity: Severity::High,
            message: "outbound licence: restricted technology UAV (203912X) via \"UAV\"".into(),
            location: crate::model::Location::default(),
            evidence: String::new(),
            item: Some("203912X".into()),
            control_point: None,
            legal_basis: String::new(),
            action: String::new(),
            confidence: 0.9,
        };
        let mut h = String::new();
        finding(&d, &f, &mut h);
        assert!(
            h.contains("<dt>catalogue item</dt><dd>203912X — UAV</dd>"),
            "{h}"
        );
    }
}

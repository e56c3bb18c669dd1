//! Inline waivers: a paragraph in a template such as
//! `techscan:allow TS201 — approved by export counsel 2026-03` accepts every finding of
//! that rule in the document. The waived findings leave `findings` (so they neither raise
//! the document's risk nor fail a CI run) and are kept, with the reason and where the
//! waiver stands, in `waived`, which every report shows.
//!
//! Several codes may follow one marker (`techscan:allow TS201, TS302 — reason`). A waiver
//! names rules, never "everything": a document cannot waive checks it does not name.

use crate::model::{Block, Finding, Location, Severity, Waived};

/// The marker that starts a waiver (matched case-insensitively).
pub const MARKER: &str = "techscan:allow";

/// A waiver paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waiver {
    pub rules: Vec<String>,
    pub reason: String,
    pub location: Location,
}

/// Finds the waiver paragraphs of a document.
pub fn parse(blocks: &[Block]) -> Vec<Waiver> {
    blocks
        .iter()
        .filter_map(|b| {
            let lower = b.text.to_ascii_lowercase();
            let at = lower.find(MARKER)?;
            let rest = &b.text[at + MARKER.len()..];
            let mut rules = Vec::new();
            let mut reason_start = rest.len();
            let mut pos = 0;
            for token in rest.split_inclusive([' ', ',', '\t', '\n']) {
                let code = token.trim_matches([' ', ',', ':', '\t', '\n']);
                if code.is_empty() {
                    pos += token.len();
                    continue;
                }
                if is_code(code) {
                    rules.push(code.to_ascii_uppercase());
                    pos += token.len();
                } else {
                    reason_start = pos;
                    break;
                }
            }
            if rules.is_empty() {
                return None;
            }
            let reason = rest[reason_start.min(rest.len())..]
                .trim_start_matches([' ', '—', '–', '-', ':', ','])
                .trim()
                .to_owned();
            Some(Waiver {
                rules,
                reason: if reason.is_empty() {
                    "(no reason given)".to_owned()
                } else {
                    reason
                },
                location: Location {
                    page: b.page,
                    section: None,
                    paragraph: Some(b.paragraph),
                },
            })
        })
        .collect()
}

fn is_code(s: &str) -> bool {
    s.len() == 5 && s[..2].eq_ignore_ascii_case("TS") && s[2..].bytes().all(|b| b.is_ascii_digit())
}

/// Moves the findings that a waiver names out of `findings`.
pub fn apply(waivers: &[Waiver], findings: &mut Vec<Finding>) -> Vec<Waived> {
    if waivers.is_empty() {
        return Vec::new();
    }
    let mut waived = Vec::new();
    findings.retain(
        |f| match waivers.iter().find(|w| w.rules.contains(&f.rule)) {
            Some(w) => {
                waived.push(Waived {
                    finding: f.clone(),
                    reason: w.reason.clone(),
                    waiver_location: w.location.clone(),
                });
                false
            }
            None => true,
        },
    );
    waived
}

/// A document's risk: the highest severity of its findings.
pub fn risk_of(findings: &[Finding]) -> Severity {
    findings
        .iter()
        .map(|f| f.severity)
        .max()
        .unwrap_or(Severity::None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(text: &str) -> Block {
        Block {
            text: text.to_owned(),
            paragraph: 9,
            ..Block::default()
        }
    }

    /// Paragraph text → (codes, reason) when it is a waiver.
    type Case = (
        &'static str,
        Option<(&'static [&'static str], &'static str)>,
    );

    #[test]
    fn waiver_paragraphs_give_codes_and_reason() {
        let cases: &[Case] = &[
            (
                "techscan:allow TS201 — approved by export counsel 2026-03",
                Some((&["TS201"], "approved by export counsel 2026-03")),
            ),
            (
                "Note: TECHSCAN:ALLOW ts201, TS302: licence 2026-014 granted",
                Some((&["TS201", "TS302"], "licence 2026-014 granted")),
            ),
            (
                "techscan:allow TS101",
                Some((&["TS101"], "(no reason given)")),
            ),
            ("techscan:allow everything", None),
            ("The Licensee shall grant back improvements.", None),
        ];
        for (text, want) in cases {
            let got = parse(&[block(text)]);
            match want {
                None => assert!(got.is_empty(), "{text}"),
                Some((rules, reason)) => {
                    assert_eq!(got.len(), 1, "{text}");
                    assert_eq!(got[0].rules, *rules, "{text}");
                    assert_eq!(got[0].reason, *reason, "{text}");
                    assert_eq!(got[0].location.paragraph, Some(9));
                }
            }
        }
    }
}

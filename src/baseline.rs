//! Baselines for CI: findings a team has reviewed and accepted, each with a reason, so a
//! gate fails only on new findings.
//!
//! A baseline is a TOML file of `[[finding]]` entries `{rule, path, fingerprint, reason}`;
//! `fingerprint` is [`report::fingerprint::finding`](crate::report::fingerprint::finding)
//! of the clause, so an entry survives reflowed text and moved paragraphs but not a changed
//! clause. A finding matching an entry is removed from the report (and the document's risk
//! recomputed from what remains); entries that matched nothing in a run are stale and
//! reported, so the baseline does not silently outlive the clauses it accepted. This module
//! parses, matches and writes; it does no I/O.

use serde::{Deserialize, Serialize};

use crate::model::{DocumentReport, Severity, Status};
use crate::report::fingerprint;

/// One accepted finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub rule: String,
    pub path: String,
    pub fingerprint: String,
    /// Why the finding is accepted (who approved it, when).
    pub reason: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default, rename = "finding")]
    findings: Vec<Entry>,
}

/// A loaded baseline with a record of which entries a run has used.
#[derive(Debug, Default)]
pub struct Baseline {
    entries: Vec<Entry>,
    used: Vec<bool>,
}

/// Reason written into new entries, for the reviewer to replace.
pub const REASON_PLACEHOLDER: &str = "TODO: why this finding is accepted, who approved it, when";

impl Baseline {
    /// Parses a baseline file.
    ///
    /// # Errors
    /// Invalid TOML or unknown fields (the message carries line and column).
    pub fn parse(text: &str) -> Result<Baseline, toml::de::Error> {
        let file: File = toml::from_str(text)?;
        let used = vec![false; file.findings.len()];
        Ok(Baseline {
            entries: file.findings,
            used,
        })
    }

    /// Removes the findings of `doc` that the baseline accepts and recomputes its risk;
    /// returns how many were removed.
    pub fn apply(&mut self, doc: &mut DocumentReport) -> usize {
        let before = doc.findings.len();
        let (entries, used) = (&self.entries, &mut self.used);
        doc.findings.retain(|f| {
            let fp = fingerprint::finding(&f.evidence, &f.rule, &doc.path);
            let hit = entries
                .iter()
                .position(|e| e.rule == f.rule && e.path == doc.path && e.fingerprint == fp);
            if let Some(i) = hit {
                used[i] = true;
            }
            hit.is_none()
        });
        let removed = before - doc.findings.len();
        if removed > 0 && doc.status == Status::Scanned {
            let risk = doc
                .findings
                .iter()
                .map(|f| f.severity)
                .max()
                .unwrap_or(Severity::None);
            doc.risk = Some(risk);
        }
        removed
    }

    /// The reason of the entry with the same rule, path and fingerprint as `entry`.
    pub fn reason_for(&self, entry: &Entry) -> Option<&str> {
        self.entries
            .iter()
            .find(|e| {
                e.rule == entry.rule && e.path == entry.path && e.fingerprint == entry.fingerprint
            })
            .map(|e| e.reason.as_str())
    }

    /// Entries no finding of the run matched.
    pub fn stale(&self) -> impl Iterator<Item = &Entry> {
        self.entries
            .iter()
            .zip(&self.used)
            .filter(|(_, used)| !**used)
            .map(|(e, _)| e)
    }
}

/// The baseline entries for every finding of `doc`, with the placeholder reason.
pub fn entries_for(doc: &DocumentReport) -> Vec<Entry> {
    doc.findings
        .iter()
        .map(|f| Entry {
            rule: f.rule.clone(),
            path: doc.path.clone(),
            fingerprint: fingerprint::finding(&f.evidence, &f.rule, &doc.path),
            reason: REASON_PLACEHOLDER.to_owned(),
        })
        .collect()
}

/// Serialises entries as a baseline file (deduplicated, in the order given).
///
/// # Errors
/// Only if TOML serialisation fails (a bug).
pub fn to_toml(entries: &[Entry]) -> Result<String, toml::ser::Error> {
    let mut findings: Vec<Entry> = Vec::with_capacity(entries.len());
    for e in entries {
        if !findings.contains(e) {
            findings.push(e.clone());
        }
    }
    let body = toml::to_string(&File { findings })?;
    Ok(format!(
        "# techscan baseline: accepted findings. Give each entry a reason; entries that no\n\
         # longer match a finding are reported as stale.\n\n{body}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Finding, Location};

    fn doc(evidence: &str) -> DocumentReport {
        let mut d =
            DocumentReport::not_scanned("a.txt".into(), Status::Scanned, "x", String::new());
        d.error = None;
        d.risk = Some(Severity::High);
        d.findings.push(Finding {
            ocr: None,
            rule: "TS201".into(),
            severity: Severity::High,
            message: String::new(),
            location: Location::default(),
            evidence: evidence.into(),
            item: None,
            control_point: None,
            legal_basis: String::new(),
            action: String::new(),
            confidence: 1.0,
        });
        d
    }

    #[test]
    fn accepted_finding_is_silenced_and_unused_entries_are_stale() {
        let written = to_toml(&entries_for(&doc("Party A grants back."))).unwrap_or_default();
        let mut stale = entries_for(&doc("another clause"));
        stale[0].reason = "approved 2026-03".into();
        let text = format!(
            "{written}\n{}",
            toml::to_string(&File { findings: stale }).unwrap_or_default()
        );
        let mut baseline = Baseline::parse(&text).unwrap_or_default();
        let mut d = doc("Party  A grants\nback.");
        assert_eq!(baseline.apply(&mut d), 1);
        assert!(d.findings.is_empty());
        assert_eq!(d.risk, Some(Severity::None));
        let stale: Vec<&Entry> = baseline.stale().collect();
        assert_eq!(stale.len(), 1);
        assert_eq!(stale[0].reason, "approved 2026-03");
        let mut new = doc("a new clause");
        assert_eq!(baseline.apply(&mut new), 0);
    }

    #[test]
    fn unknown_fields_are_rejected() {
        assert!(Baseline::parse("[[finding]]\nrule = \"TS201\"\nwho = \"x\"\n").is_err());
    }
}

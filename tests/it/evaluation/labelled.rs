//! The `labelled` set: `../shared/corpus/labels.tsv`, 54 contracts in every rendering (PDF,
//! DOCX, reference text), document-level kinds, export flow and risk, per half (see the module
//! above). Both halves were fitted by earlier sessions; the numbers are a regression guard.
//!
//! Besides the table, two CUAD cross-checks ride on these labels: License Grant = Yes contracts
//! where a licence is found, and anti-assignment clauses quoted by the labels that must never be
//! reported as an assignment.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{Counts, Half, KINDS, empty_kinds, kind_table, ratio, scan_report, unquote, verbose};
use crate::util::corpus;

/// One row of `labels.tsv`, by column name.
struct Label(BTreeMap<String, String>);

impl Label {
    fn get(&self, column: &str) -> &str {
        self.0.get(column).map_or("", String::as_str)
    }
    fn kinds(&self) -> Vec<&str> {
        self.get("transfer_types")
            .split(';')
            .map(str::trim)
            .filter(|k| !k.is_empty() && *k != "none")
            .collect()
    }
}

impl Label {
    /// The quoted text of the anti-assignment clauses among the hard-negative traps
    /// (`anti-assignment 9.8 "Neither Party may assign its rights…"`), squashed.
    fn anti_assignment_quotes(&self) -> Vec<String> {
        self.get("hard_negative_traps")
            .split(';')
            .filter(|t| {
                let t = t.to_lowercase();
                t.contains("anti-assignment") || t.contains("contract assignment")
            })
            .filter_map(|t| {
                let q = t.split('"').nth(1)?;
                let q = squash(q.trim_end_matches(['…', '.']));
                (q.chars().count() >= 8).then_some(q)
            })
            .collect()
    }
}

/// Lower case, single spaces, full-width slashes folded: for comparing quotes.
fn squash(text: &str) -> String {
    text.replace('／', "/")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn labels(text: &str) -> BTreeMap<String, Label> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let row: BTreeMap<String, String> = header
                .iter()
                .zip(line.split('\t'))
                .map(|(h, v)| ((*h).to_string(), unquote(v)))
                .collect();
            (row["contract_dir"].clone(), Label(row))
        })
        .collect()
}

/// Scores of one rendering (pdf, docx or txt).
#[derive(Default)]
struct Score {
    documents: usize,
    kinds: BTreeMap<&'static str, Counts>,
    flow_right: usize,
    risk_right: usize,
    /// Labelled none/low, reported high/critical.
    false_alarms: Vec<String>,
    /// CUAD License Grant = Yes: documents where techscan found a licence clause.
    cuad_licence: (usize, usize),
    /// Contracts whose labels quote an anti-assignment clause (CUAD Anti-Assignment or the
    /// hard-negative traps), and those where an `assignment` clause quotes it (must be none).
    anti_assignment: (usize, Vec<String>),
    /// CUAD Anti-Assignment = Yes, no assignment in the labels, and yet an `assignment`
    /// clause (from other language: counted as a false positive in the table too).
    assignment_beside_anti: Vec<String>,
    disagreements: Vec<String>,
}

fn score(
    report: &serde_json::Value,
    labels: &BTreeMap<String, Label>,
    ext: &str,
    half: Half,
) -> Score {
    let mut s = Score {
        kinds: empty_kinds(),
        ..Score::default()
    };
    for doc in report["documents"].as_array().unwrap() {
        let path = doc["path"].as_str().unwrap();
        let Some((dir, file)) = path.rsplit_once('/') else {
            continue;
        };
        let Some(key) = dir.split_once("corpus/").map(|(_, k)| k) else {
            continue;
        };
        let Some(label) = labels.get(key) else {
            continue;
        };
        if Half::of(key) != half {
            continue;
        }
        if !file.ends_with(&format!(".{ext}")) || doc["status"] != "scanned" {
            continue;
        }
        s.documents += 1;
        let want = label.kinds();
        let got: Vec<&str> = doc["clauses"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| c["kind"].as_str())
            .collect();
        let mut diff = String::new();
        for k in KINDS {
            let counts = s.kinds.get_mut(k).unwrap();
            counts.add(want.contains(&k), got.contains(&k));
            match (want.contains(&k), got.contains(&k)) {
                (false, true) => {
                    let quote = doc["clauses"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|c| c["kind"] == k)
                        .map(|c| {
                            let q = c["text"].as_str().unwrap_or("");
                            let q: String = q.chars().take(160).collect();
                            format!("{} {q}", c["location"])
                        })
                        .unwrap_or_default();
                    let _ = write!(diff, "\n      + {k}: {quote}");
                }
                (true, false) => {
                    let _ = write!(diff, "\n      - {k}");
                }
                _ => {}
            }
        }
        let flow = doc["export_flow"].as_str().unwrap_or("");
        let risk = doc["risk"].as_str().unwrap_or("");
        s.flow_right += usize::from(flow == label.get("export_flow"));
        s.risk_right += usize::from(risk == label.get("expected_risk"));
        if matches!(label.get("expected_risk"), "none" | "low")
            && matches!(risk, "high" | "critical")
        {
            s.false_alarms.push(key.to_string());
        }
        if label.get("cuad_license_grant") == "Yes" {
            s.cuad_licence.1 += 1;
            s.cuad_licence.0 += usize::from(got.contains(&"licence"));
        }
        let quotes = label.anti_assignment_quotes();
        if !quotes.is_empty() {
            s.anti_assignment.0 += 1;
            let quoted = doc["clauses"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|c| c["kind"] == "assignment")
                .any(|c| {
                    let text = squash(c["text"].as_str().unwrap_or(""));
                    quotes.iter().any(|q| text.contains(q.as_str()))
                });
            if quoted {
                s.anti_assignment.1.push(key.to_string());
            }
        }
        if label.get("cuad_anti_assignment") == "Yes"
            && !want.contains(&"assignment")
            && got.contains(&"assignment")
        {
            s.assignment_beside_anti.push(key.to_string());
        }
        if !diff.is_empty()
            || flow != label.get("export_flow")
            || risk != label.get("expected_risk")
        {
            s.disagreements.push(format!(
                "    {key}: flow {flow} (label {}), risk {risk} (label {}){diff}",
                label.get("export_flow"),
                label.get("expected_risk")
            ));
        }
    }
    s
}

fn table(ext: &str, half: Half, s: &Score) -> String {
    let mut out = format!(
        "  {ext} · {} half: {} labelled contracts scanned\n",
        half.label(),
        s.documents
    );
    kind_table(&mut out, &s.kinds);
    let _ = writeln!(
        out,
        "    export flow right {}/{} ({:.2}); risk right {}/{} ({:.2})",
        s.flow_right,
        s.documents,
        ratio(s.flow_right, s.documents),
        s.risk_right,
        s.documents,
        ratio(s.risk_right, s.documents)
    );
    let _ = writeln!(
        out,
        "    CUAD License Grant = Yes: licence found in {}/{}",
        s.cuad_licence.0, s.cuad_licence.1
    );
    let _ = writeln!(
        out,
        "    anti-assignment clauses quoted by the labels: {} contracts, reported as assignment in {} {:?}",
        s.anti_assignment.0,
        s.anti_assignment.1.len(),
        s.anti_assignment.1
    );
    let _ = writeln!(
        out,
        "    CUAD Anti-Assignment = Yes, no assignment labelled, assignment found elsewhere: {:?}",
        s.assignment_beside_anti
    );
    let _ = writeln!(
        out,
        "    labelled none/low reported high/critical: {:?}",
        s.false_alarms
    );
    out
}

#[test]
#[cfg_attr(not(has_corpus), ignore = "../shared/corpus absent")]
fn evaluation_labelled() {
    let dir = corpus();
    let labels = labels(&std::fs::read_to_string(dir.join("labels.tsv")).unwrap());
    let report = scan_report(&dir.join("contracts"));
    let mut failures = Vec::new();
    let mut printed = String::from(
        "labelled (../shared/corpus/labels.tsv; both halves were fitted by earlier sessions)\n",
    );
    for ext in ["pdf", "docx", "txt"] {
        let mut whole = Score {
            kinds: super::empty_kinds(),
            ..Score::default()
        };
        for half in Half::BOTH {
            let s = score(&report, &labels, ext, half);
            printed.push_str(&table(ext, half, &s));
            if verbose() && half == Half::Tuning {
                let _ = writeln!(
                    printed,
                    "    disagreements:\n{}",
                    s.disagreements.join("\n")
                );
            }
            whole.merge(s);
        }
        if whole.documents < 50 {
            failures.push(format!(
                "{ext}: only {} labelled contracts scanned",
                whole.documents
            ));
        }
        // Regression floors on the whole set: issue #17's bars for unseen contracts (macro-F1
        // 0.90, every kind P and R 0.85) and the export flow measured before #16 (49/54) less
        // two; the invariants below hold absolutely.
        let macro_f1 = super::macro_f1(&whole.kinds);
        if macro_f1 < 0.90 {
            failures.push(format!("{ext}: macro-F1 {macro_f1:.3} below 0.90"));
        }
        for (kind, c) in &whole.kinds {
            if c.precision() < 0.85 || c.recall() < 0.85 {
                failures.push(format!(
                    "{ext}: {kind} P {:.2} / R {:.2} below 0.85",
                    c.precision(),
                    c.recall()
                ));
            }
        }
        if whole.flow_right < 47 {
            failures.push(format!(
                "{ext}: export flow right {} below floor 47",
                whole.flow_right
            ));
        }
        if !whole.anti_assignment.1.is_empty() {
            failures.push(format!(
                "{ext}: assignment reported from anti-assignment only: {:?}",
                whole.anti_assignment.1
            ));
        }
        if !whole.false_alarms.is_empty() {
            failures.push(format!(
                "{ext}: none/low contracts reported high/critical: {:?}",
                whole.false_alarms
            ));
        }
    }
    println!("{printed}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

impl Score {
    /// Adds another half's counts to this one.
    fn merge(&mut self, other: Score) {
        self.documents += other.documents;
        for (k, c) in other.kinds {
            let mine = self.kinds.entry(k).or_default();
            mine.tp += c.tp;
            mine.fp += c.fp;
            mine.fn_ += c.fn_;
        }
        self.flow_right += other.flow_right;
        self.risk_right += other.risk_right;
        self.false_alarms.extend(other.false_alarms);
        self.cuad_licence.0 += other.cuad_licence.0;
        self.cuad_licence.1 += other.cuad_licence.1;
        self.anti_assignment.0 += other.anti_assignment.0;
        self.anti_assignment.1.extend(other.anti_assignment.1);
        self.assignment_beside_anti
            .extend(other.assignment_beside_anti);
    }
}

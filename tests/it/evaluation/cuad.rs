//! The `cuad` set: `../shared/corpus/cuad/`, 212 agreements with CUAD's lawyer-marked spans and
//! party names, scored at clause level per half (see the module above).
//!
//! - **Technology licence-span recall:** a `License Grant` span counts as technology when it
//!   names one of [`LICENCE_TECH`] (trademark-, endorsement-, content- and distribution-only
//!   grants name none); it is found when most of its word trigrams fall inside the document's
//!   reported `licence` clauses.
//! - **IP-ownership-assignment span recall:** an `IP Ownership Assignment` span counts when it
//!   names one of [`ASSIGNMENT_TECH`]; found by `assignment` or `grant-back` clauses.
//! - **False-licence rate:** of the contracts CUAD answers `License Grant: No`, the share with
//!   any `licence` clause. **False-assignment rate:** of those answering `IP Ownership
//!   Assignment: No`, the share with any `assignment` clause.
//! - **Anti-assignment spans reported as assignment:** `Anti-Assignment` spans found by
//!   `assignment` clauses. Must be 0 (the test fails otherwise).
//! - **Party names:** recall of the full names in `Parties-Answer` (each `;` item up to its
//!   first bracket; collective definitions such as `Party A, Party B (each a "Party")` skipped)
//!   among the reported parties, and precision of the reported parties against every name CUAD
//!   lists (full and short); two names match when more than half the words of the shorter occur
//!   in the other.
//!
//! The word lists (in `cuad_labels.rs`, shared with the scorer's trainer) were fixed once,
//! before any rule was changed against this set.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::cuad_labels::{ASSIGNMENT_TECH, LICENCE_TECH, names_any, python_list};
use super::{
    Counts, Half, covered_by, kind_shingles, ratio, same_name, scan_report, unquote, verbose,
};
use crate::util::corpus;

/// One CUAD row, by column name.
struct Row(BTreeMap<String, String>);

impl Row {
    fn get(&self, column: &str) -> &str {
        self.0.get(column).map_or("", String::as_str)
    }
    fn spans(&self, column: &str) -> Vec<String> {
        python_list(self.get(column))
    }
    fn answer(&self, column: &str) -> &str {
        self.get(&format!("{column}-Answer"))
    }
    /// Full party names from `Parties-Answer`.
    fn full_names(&self) -> Vec<String> {
        self.answer("Parties")
            .split(';')
            .map(str::trim)
            .filter(|item| {
                let lower = item.to_lowercase();
                !item.starts_with('(')
                    && !lower.contains("collectively")
                    && !lower.contains("individually")
            })
            .filter_map(|item| {
                let name = item.split('(').next()?.trim().trim_end_matches([',', ' ']);
                (!name.is_empty()).then(|| name.to_owned())
            })
            .collect()
    }
}

fn rows(text: &str) -> Vec<Row> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            Row(header
                .iter()
                .zip(line.split('\t'))
                .map(|(h, v)| ((*h).to_string(), unquote(v)))
                .collect())
        })
        .collect()
}

#[derive(Default)]
struct Score {
    documents: usize,
    licence_spans: Counts,
    assignment_spans: Counts,
    /// (contracts answered No with a licence clause, contracts answered No).
    false_licence: (usize, usize),
    false_assignment: (usize, usize),
    anti_assignment_spans: (usize, usize),
    anti_assignment_hits: Vec<String>,
    party_recall: (usize, usize),
    party_precision: (usize, usize),
    misses: Vec<String>,
}

fn score(report: &serde_json::Value, rows: &[Row], half: Half) -> Score {
    let by_file: BTreeMap<&str, &serde_json::Value> = report["documents"]
        .as_array()
        .map(|docs| {
            docs.iter()
                .filter_map(|d| {
                    let path = d["path"].as_str()?;
                    Some((path.rsplit('/').next()?, d))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut s = Score::default();
    for row in rows {
        let file = row.get("file").rsplit('/').next().unwrap_or("");
        if Half::of(file) != half {
            continue;
        }
        let Some(doc) = by_file.get(file) else {
            s.misses.push(format!("    {file}: not in the report"));
            continue;
        };
        if doc["status"] != "scanned" {
            s.misses.push(format!("    {file}: {}", doc["status"]));
            continue;
        }
        s.documents += 1;
        let licence = kind_shingles(doc, "licence");
        let mut assignment = kind_shingles(doc, "assignment");
        let assignment_only = assignment.clone();
        assignment.extend(kind_shingles(doc, "grant-back"));
        for span in row.spans("License Grant") {
            if names_any(&span, &LICENCE_TECH) {
                let found = covered_by(&span, &licence);
                s.licence_spans.add(true, found);
                if !found {
                    s.misses
                        .push(format!("    {file}: licence span missed: {}", clip(&span)));
                }
            }
        }
        for span in row.spans("IP Ownership Assignment") {
            if names_any(&span, &ASSIGNMENT_TECH) {
                let found = covered_by(&span, &assignment);
                s.assignment_spans.add(true, found);
                if !found {
                    s.misses.push(format!(
                        "    {file}: assignment span missed: {}",
                        clip(&span)
                    ));
                }
            }
        }
        let kinds: BTreeSet<&str> = super::clauses(doc)
            .iter()
            .filter_map(|c| c["kind"].as_str())
            .collect();
        if row.answer("License Grant") == "No" {
            s.false_licence.1 += 1;
            if kinds.contains("licence") {
                s.false_licence.0 += 1;
                s.misses.push(format!(
                    "    {file}: licence reported, CUAD: no licence: {}",
                    first_clause(doc, "licence")
                ));
            }
        }
        if row.answer("IP Ownership Assignment") == "No" {
            s.false_assignment.1 += 1;
            if kinds.contains("assignment") {
                s.false_assignment.0 += 1;
                s.misses.push(format!(
                    "    {file}: assignment reported, CUAD: no IP assignment: {}",
                    first_clause(doc, "assignment")
                ));
            }
        }
        for span in row.spans("Anti-Assignment") {
            s.anti_assignment_spans.1 += 1;
            if covered_by(&span, &assignment_only) {
                s.anti_assignment_spans.0 += 1;
                s.anti_assignment_hits
                    .push(format!("{file}: {}", clip(&span)));
            }
        }
        score_parties(&mut s, row, doc, file);
    }
    s
}

fn score_parties(s: &mut Score, row: &Row, doc: &serde_json::Value, file: &str) {
    let reported: Vec<&str> = doc["parties"]
        .as_array()
        .map(|ps| ps.iter().filter_map(|p| p["name"].as_str()).collect())
        .unwrap_or_default();
    let full = row.full_names();
    let mut every = row.spans("Parties");
    every.extend(full.iter().cloned());
    for name in &full {
        s.party_recall.1 += 1;
        if reported.iter().any(|r| same_name(r, name)) {
            s.party_recall.0 += 1;
        } else {
            s.misses.push(format!("    {file}: party missed: {name}"));
        }
    }
    for r in &reported {
        s.party_precision.1 += 1;
        if every.iter().any(|n| same_name(r, n)) {
            s.party_precision.0 += 1;
        } else {
            s.misses
                .push(format!("    {file}: party reported, not CUAD's: {r}"));
        }
    }
}

fn clip(text: &str) -> String {
    let t: String = text.chars().take(180).collect();
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn first_clause(doc: &serde_json::Value, kind: &str) -> String {
    super::clauses(doc)
        .iter()
        .find(|c| c["kind"] == kind)
        .map(|c| {
            format!(
                "{} {}",
                c["location"],
                clip(c["text"].as_str().unwrap_or(""))
            )
        })
        .unwrap_or_default()
}

fn table(half: Half, s: &Score) -> String {
    let mut out = format!(
        "  {} half: {} agreements scanned\n",
        half.label(),
        s.documents
    );
    let spans = |c: &Counts| format!("{}/{} ({:.2})", c.tp, c.tp + c.fn_, c.recall());
    let rate = |(a, b): (usize, usize)| {
        format!(
            "{a}/{b} ({:.2})",
            if b == 0 { 0.0 } else { a as f64 / b as f64 }
        )
    };
    let _ = writeln!(
        out,
        "    technology licence spans found      {}",
        spans(&s.licence_spans)
    );
    let _ = writeln!(
        out,
        "    technology IP-assignment spans found {}",
        spans(&s.assignment_spans)
    );
    let _ = writeln!(
        out,
        "    false-licence rate (CUAD: no licence)       {}",
        rate(s.false_licence)
    );
    let _ = writeln!(
        out,
        "    false-assignment rate (CUAD: no assignment) {}",
        rate(s.false_assignment)
    );
    let _ = writeln!(
        out,
        "    anti-assignment spans reported as assignment {}/{}",
        s.anti_assignment_spans.0, s.anti_assignment_spans.1
    );
    let _ = writeln!(
        out,
        "    party names found {}/{} ({:.2}); reported parties that are CUAD's {}/{} ({:.2})",
        s.party_recall.0,
        s.party_recall.1,
        ratio(s.party_recall.0, s.party_recall.1),
        s.party_precision.0,
        s.party_precision.1,
        ratio(s.party_precision.0, s.party_precision.1)
    );
    out
}

#[test]
#[cfg_attr(not(has_corpus), ignore = "../shared/corpus absent")]
fn evaluation_cuad() {
    let dir = corpus();
    let dir = dir.join("cuad");
    let rows = rows(&std::fs::read_to_string(dir.join("labels.tsv")).unwrap());
    assert!(rows.len() >= 200, "{} CUAD rows", rows.len());
    let report = scan_report(&dir.join("text"));
    let mut printed = String::from("cuad (../shared/corpus/cuad, clause level)\n");
    let mut failures = Vec::new();
    for half in Half::BOTH {
        let s = score(&report, &rows, half);
        printed.push_str(&table(half, &s));
        if verbose() && half == Half::Tuning {
            let _ = writeln!(printed, "    disagreements:\n{}", s.misses.join("\n"));
        }
        if s.documents < 90 {
            failures.push(format!(
                "{}: only {} agreements scanned",
                half.label(),
                s.documents
            ));
        }
        if !s.anti_assignment_hits.is_empty() {
            failures.push(format!(
                "{}: anti-assignment spans reported as assignment: {:?}",
                half.label(),
                s.anti_assignment_hits
            ));
        }
    }
    println!("{printed}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

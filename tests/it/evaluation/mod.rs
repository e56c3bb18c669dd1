//! The detection evaluation harness (issues #16, #17): scores `techscan scan` on three sets,
//! each split into a fixed **tuning half** and **check half**, and prints both halves.
//!
//! ```sh
//! cargo test --release --test it evaluation -- --nocapture --test-threads 1
//! TECHSCAN_EVAL_VERBOSE=1 cargo test --release --test it evaluation -- --nocapture --test-threads 1
//! TECHSCAN_EVAL_FROM=en/114,zh/105 cargo test --release --test it evaluation_heldout -- --nocapture
//! ```
//!
//! `TECHSCAN_EVAL_FROM` keeps only the held-out contracts of each named folder from that file
//! name on: a new batch, measured before any rule is changed for it.
//!
//! The sets:
//! - `labelled` — `../shared/corpus/labels.tsv`: 54 contracts in every rendering (PDF, DOCX,
//!   reference text), all six kinds, export flow and risk. Earlier sessions fitted rules to all
//!   54, so *both* of its halves are tuned: its check half is a regression guard, not a
//!   measurement of new contracts.
//! - `cuad` — `../shared/corpus/cuad/`: 212 more agreements with CUAD's lawyer-marked spans
//!   (clause-level span recall for technology licences and IP-ownership assignments,
//!   false-licence / false-assignment rates, anti-assignment spans reported as assignment) and
//!   CUAD's `Parties` (party-name recall and precision).
//! - `heldout` — `tests/contracts/`: contracts written for this purpose by people who had not
//!   read the rules and labelled before the rules ran (kinds with quotes, givers and receivers,
//!   parties with seats, export flow, risk). See `tests/contracts/README.md`.
//!
//! **The split** is fixed by a hash of each item's name, so nobody can move a contract from one
//! half to the other: an item is in the *check* half when the first byte of
//! SHA-256(name) is odd, else in the *tuning* half. The name is the `contract_dir` column for
//! `labelled` (`contracts/en/cuad/002_ibio-beijing-ccpharming-jda`), the file name for `cuad`
//! (`accurayinc-09-01-2010-ex-10-31-distributor-agreement.txt`) and the path under
//! `tests/contracts/` for `heldout` (`en/001-….txt`).
//!
//! Discipline: rules, word lists and weights change only while looking at the tuning half's
//! disagreements (`TECHSCAN_EVAL_VERBOSE=1` prints only those); both halves are reported in
//! every commit that changes detection, and a change that helps the tuning half but not the
//! check half is not kept. The README quotes check-half numbers.
//!
//! What fails the test: the invariants that must hold on every half (no anti-assignment span
//! or clause reported as an assignment; no `labelled` contract marked none/low reported
//! high/critical) and regression floors set a little below the measured levels.

mod cuad;
mod cuad_labels;
mod heldout;
mod labelled;

use std::collections::{BTreeMap, BTreeSet};

pub use cuad_labels::{shingles, words};
use std::fmt::Write as _;

use sha2::{Digest, Sha256};

/// The two fixed halves of an evaluation set.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Half {
    Tuning,
    Check,
}

impl Half {
    pub const BOTH: [Half; 2] = [Half::Tuning, Half::Check];

    /// The half `name` belongs to: check when the first byte of SHA-256(name) is odd.
    pub fn of(name: &str) -> Half {
        if Sha256::digest(name.as_bytes())[0] & 1 == 1 {
            Half::Check
        } else {
            Half::Tuning
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Half::Tuning => "tuning",
            Half::Check => "check",
        }
    }
}

/// The six transfer kinds, in report order.
pub const KINDS: [&str; 6] = [
    "assignment",
    "licence",
    "grant-back",
    "know-how",
    "technical-services",
    "jv-contribution",
];

/// True positives, false positives and false negatives of one question.
#[derive(Default, Clone)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn add(&mut self, want: bool, got: bool) {
        match (want, got) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (true, false) => self.fn_ += 1,
            (false, false) => {}
        }
    }
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// `a / b`, 1 when there is nothing to count.
pub fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// Per-kind document-level counts, as a table with macro-F1.
pub fn kind_table(out: &mut String, kinds: &BTreeMap<&'static str, Counts>) -> f64 {
    let _ = writeln!(
        out,
        "    {:<20} {:>3} {:>3} {:>3}  {:>5} {:>5} {:>5}",
        "kind", "tp", "fp", "fn", "P", "R", "F1"
    );
    for (k, c) in kinds {
        let _ = writeln!(
            out,
            "    {k:<20} {:>3} {:>3} {:>3}  {:>5.2} {:>5.2} {:>5.2}",
            c.tp,
            c.fp,
            c.fn_,
            c.precision(),
            c.recall(),
            c.f1()
        );
    }
    let macro_f1 = macro_f1(kinds);
    let _ = writeln!(out, "    macro-F1 {macro_f1:.3}");
    macro_f1
}

/// Mean F1 over the kinds that occur (labelled or reported) in the half.
pub fn macro_f1(kinds: &BTreeMap<&'static str, Counts>) -> f64 {
    let present: Vec<&Counts> = kinds.values().filter(|c| c.tp + c.fp + c.fn_ > 0).collect();
    if present.is_empty() {
        return 1.0;
    }
    present.iter().map(|c| c.f1()).sum::<f64>() / present.len() as f64
}

pub fn empty_kinds() -> BTreeMap<&'static str, Counts> {
    KINDS.iter().map(|k| (*k, Counts::default())).collect()
}

/// The share of `span`'s word trigrams that occur in `covered` (a union of reported clauses'
/// trigrams). A CUAD span whose pieces are joined by `<omitted>` counts each piece.
pub fn coverage(span: &str, covered: &BTreeSet<String>) -> f64 {
    let mut total = 0;
    let mut hit = 0;
    for piece in span.split("<omitted>") {
        let s = shingles(piece);
        total += s.len();
        hit += s.iter().filter(|t| covered.contains(*t)).count();
    }
    ratio(hit, total)
}

/// True when most of `span`'s words fall inside the clauses whose trigrams are `covered`.
pub fn covered_by(span: &str, covered: &BTreeSet<String>) -> bool {
    coverage(span, covered) > 0.5
}

/// Whether two party names are the same party: more than half of the words of the shorter
/// one occur in the other (case, punctuation and word order ignored).
pub fn same_name(a: &str, b: &str) -> bool {
    name_overlap(a, b) > 0.5
}

/// The share of the shorter name's words that occur in the other (0 when either is empty).
pub fn name_overlap(a: &str, b: &str) -> f64 {
    let (wa, wb): (BTreeSet<String>, BTreeSet<String>) = (
        words(a).into_iter().collect(),
        words(b).into_iter().collect(),
    );
    let shorter = wa.len().min(wb.len());
    if shorter == 0 {
        return 0.0;
    }
    let common = wa.intersection(&wb).count();
    ratio(common, shorter)
}

/// The clauses of a document report.
pub fn clauses(doc: &serde_json::Value) -> &[serde_json::Value] {
    doc["clauses"].as_array().map_or(&[], Vec::as_slice)
}

/// Trigram union of the reported clauses of one kind.
pub fn kind_shingles(doc: &serde_json::Value, kind: &str) -> BTreeSet<String> {
    clauses(doc)
        .iter()
        .filter(|c| c["kind"] == kind)
        .flat_map(|c| shingles(c["text"].as_str().unwrap_or("")))
        .collect()
}

/// A TSV cell as written by a CSV writer: `"say ""this"""` → `say "this"`.
pub fn unquote(cell: &str) -> String {
    match cell.strip_prefix('"').and_then(|c| c.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => cell.to_string(),
    }
}

/// `techscan scan --format json` over `path`, parsed; the exit code is not the question here.
pub fn scan_report(path: &std::path::Path) -> serde_json::Value {
    let out = crate::util::techscan()
        .args([
            "scan",
            "--quiet",
            "--no-progress",
            "--fail-on",
            "none",
            "--format",
            "json",
        ])
        .arg(path)
        .output()
        .unwrap();
    crate::util::json(&out)
}

pub fn verbose() -> bool {
    std::env::var_os("TECHSCAN_EVAL_VERBOSE").is_some()
}

#[test]
fn halves_are_fixed_by_name() {
    // Pinned: moving an item between halves would silently change every reported number.
    assert_eq!(Half::of("a"), Half::Tuning); // ca978112…
    assert_eq!(Half::of("d"), Half::Tuning); // 18ac3e73…
    assert_eq!(Half::of("e"), Half::Check); // 3f79bb7b…
    assert_eq!(Half::of("f"), Half::Check); // 252f10c8…
}

#[test]
fn coverage_counts_most_of_a_span() {
    let covered =
        shingles("Licensor hereby grants to Licensee a non-exclusive licence to use the Software.");
    assert!(covered_by(
        "hereby grants to Licensee a non-exclusive licence",
        &covered
    ));
    assert!(!covered_by(
        "Licensee shall pay the royalties within thirty days",
        &covered
    ));
    assert!(same_name(
        "ACCURAY INCORPORATED",
        "Accuray Incorporated, a Delaware corporation"
    ));
    assert!(!same_name("Siemens AG", "Accuray Inc."));
}

//! The `heldout` set: `tests/contracts/`, contracts written by people who had not read the
//! rules and labelled before the rules ran (`labels.toml`, `labels-zh.toml`; schema in
//! `tests/contracts/README.md`). Scored per half (see the module above):
//!
//! - document-level kinds (P / R / F1, macro-F1);
//! - clause level: a labelled transfer is found when most of its quote's word trigrams fall
//!   inside reported clauses of its kind; its direction is right when one of those clauses
//!   names the labelled giver and receiver (a reported name matches a party by its full name
//!   or one of its aliases, and stands for the labelled party it matches most closely);
//! - export flow and risk per contract; outbound high/critical contracts reported below high,
//!   and contracts labelled not outbound reported high/critical;
//! - party table: labelled party names found among the reported parties, and of those found,
//!   the region (mainland, Hong Kong, Macau, Taiwan, foreign) right, the kind right, the
//!   country right (`seat.country`; `blank-in-template` is `seat.blank_in_template`, `unknown`
//!   no country), and — of those whose label quotes one — the seat evidence found: a reported
//!   `seat_evidence` quote overlaps the labelled one (their longest common run of characters
//!   is at least 6 characters and at least half of the shorter quote).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Deserialize;

use super::{
    Counts, Half, clauses, empty_kinds, kind_table, name_overlap, ratio, same_name, shingles,
    verbose,
};
use crate::util::repo;

#[derive(Deserialize)]
struct Labels {
    contract: Vec<Contract>,
}

#[derive(Deserialize)]
#[allow(dead_code)] // every field is data the labellers wrote; not all are scored yet
struct Contract {
    file: String,
    language: String,
    style: String,
    export_flow: String,
    expected_risk: String,
    catalogue: String,
    notes: String,
    #[serde(default)]
    party: Vec<Party>,
    #[serde(default)]
    transfer: Vec<Transfer>,
    #[serde(default)]
    trap: Vec<Trap>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Party {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    kind: String,
    country: String,
    region: String,
    #[serde(default)]
    place: String,
    #[serde(default)]
    seat_evidence: String,
}

impl Party {
    /// Whether a reported party name (or giver / receiver) is this party.
    fn is(&self, reported: &str) -> bool {
        same_name(reported, &self.name)
            || self
                .aliases
                .iter()
                .any(|a| a.trim().eq_ignore_ascii_case(reported.trim()))
    }
    fn answers_to(&self, alias: &str) -> bool {
        self.name == alias || self.aliases.iter().any(|a| a == alias)
    }
    /// How closely a reported name matches this party: 2 for one of its aliases as
    /// written, else the share of words in common with its name.
    fn closeness(&self, reported: &str) -> f64 {
        if self
            .aliases
            .iter()
            .any(|a| a.trim().eq_ignore_ascii_case(reported.trim()))
        {
            2.0
        } else {
            name_overlap(reported, &self.name)
        }
    }
}

/// The labelled party a reported name stands for: of the parties it matches, the closest
/// (`鄂尔多斯…有限责任公司` shares `有限责任公司` and more with `蒙古国…有限责任公司`, but it is the
/// other party), the first of equals.
fn label_of<'a>(parties: &'a [Party], reported: &str) -> Option<&'a Party> {
    let mut best: Option<(&Party, f64)> = None;
    for p in parties.iter().filter(|p| p.is(reported)) {
        let c = p.closeness(reported);
        if best.is_none_or(|(_, b)| c > b) {
            best = Some((p, c));
        }
    }
    best.map(|(p, _)| p)
}

#[derive(Deserialize)]
struct Transfer {
    kind: String,
    giver: String,
    receiver: String,
    quote: String,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Trap {
    quote: String,
    why: String,
}

#[derive(Default)]
struct Score {
    documents: usize,
    kinds: BTreeMap<&'static str, Counts>,
    transfers_found: (usize, usize),
    direction_right: (usize, usize),
    flow_right: usize,
    risk_right: usize,
    /// Outbound high/critical contracts reported below high.
    under_called: Vec<String>,
    /// Contracts labelled not outbound reported high/critical.
    false_alarms: Vec<String>,
    parties_found: (usize, usize),
    region_right: (usize, usize),
    kind_right: (usize, usize),
    country_right: (usize, usize),
    seat_evidence_found: (usize, usize),
    disagreements: Vec<String>,
}

fn rank(risk: &str) -> u8 {
    match risk {
        "critical" => 4,
        "high" => 3,
        "medium" => 2,
        "low" => 1,
        _ => 0,
    }
}

fn score(report: &serde_json::Value, contracts: &[Contract], half: Half) -> Score {
    let by_path: BTreeMap<String, &serde_json::Value> = report["documents"]
        .as_array()
        .map(|docs| {
            docs.iter()
                .filter_map(|d| {
                    let path = d["path"].as_str()?;
                    let key = path.split_once("tests/contracts/")?.1;
                    Some((key.to_owned(), d))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut s = Score {
        kinds: empty_kinds(),
        ..Score::default()
    };
    for c in contracts {
        if Half::of(&c.file) != half {
            continue;
        }
        let Some(doc) = by_path.get(&c.file).filter(|d| d["status"] == "scanned") else {
            s.disagreements.push(format!("    {}: not scanned", c.file));
            continue;
        };
        s.documents += 1;
        let mut diff = String::new();
        let got: Vec<&str> = clauses(doc)
            .iter()
            .filter_map(|c| c["kind"].as_str())
            .collect();
        for (kind, counts) in &mut s.kinds {
            let want = c.transfer.iter().any(|t| t.kind == *kind);
            let found = got.contains(kind);
            counts.add(want, found);
            if want != found {
                let _ = write!(diff, "\n      {} {kind}", if want { "-" } else { "+" });
                if found {
                    let _ = write!(diff, ": {}", first_clause(doc, kind));
                }
            }
        }
        for t in &c.transfer {
            let quote = shingles(&t.quote);
            let covering: Vec<&serde_json::Value> = clauses(doc)
                .iter()
                .filter(|cl| cl["kind"] == t.kind.as_str())
                .filter(|cl| {
                    let text = shingles(cl["text"].as_str().unwrap_or(""));
                    quote.iter().filter(|q| text.contains(*q)).count() * 2 > quote.len()
                })
                .collect();
            s.transfers_found.1 += 1;
            if covering.is_empty() {
                let _ = write!(diff, "\n      missed {}: {}", t.kind, t.quote);
                continue;
            }
            s.transfers_found.0 += 1;
            let giver = c.party.iter().find(|p| p.answers_to(&t.giver));
            let receiver = c.party.iter().find(|p| p.answers_to(&t.receiver));
            s.direction_right.1 += 1;
            let right = covering.iter().any(|cl| {
                let g = cl["giver"].as_str().unwrap_or("");
                let r = cl["receiver"].as_str().unwrap_or("");
                let is = |want: Option<&Party>, name: &str| {
                    want.zip(label_of(&c.party, name))
                        .is_some_and(|(w, got)| std::ptr::eq(w, got))
                };
                is(giver, g) && is(receiver, r)
            });
            if right {
                s.direction_right.0 += 1;
            } else {
                let cl = covering[0];
                let _ = write!(
                    diff,
                    "\n      direction {}: {} -> {} (label {} -> {})",
                    t.kind, cl["giver"], cl["receiver"], t.giver, t.receiver
                );
            }
        }
        let flow = doc["export_flow"].as_str().unwrap_or("");
        let risk = doc["risk"].as_str().unwrap_or("");
        s.flow_right += usize::from(flow == c.export_flow);
        s.risk_right += usize::from(risk == c.expected_risk);
        if rank(&c.expected_risk) >= 3 && rank(risk) < 3 {
            s.under_called.push(c.file.clone());
        }
        if c.export_flow != "outbound" && rank(risk) >= 3 {
            s.false_alarms.push(c.file.clone());
        }
        let reported: Vec<&serde_json::Value> = doc["parties"]
            .as_array()
            .map(|p| p.iter().collect())
            .unwrap_or_default();
        for p in &c.party {
            s.parties_found.1 += 1;
            // The reported party that stands for this one and matches it best.
            let mut found = None;
            for r in &reported {
                let name = r["name"].as_str().unwrap_or("");
                let mine = label_of(&c.party, name).is_some_and(|l| std::ptr::eq(l, p));
                let c = p.closeness(name);
                if mine && found.is_none_or(|(_, b)| c > b) {
                    found = Some((*r, c));
                }
            }
            let Some((found, _)) = found else {
                let _ = write!(diff, "\n      party missed: {} ({})", p.name, p.region);
                continue;
            };
            s.parties_found.0 += 1;
            s.region_right.1 += 1;
            let region = found["region"].as_str().unwrap_or("");
            if region == p.region {
                s.region_right.0 += 1;
            } else {
                let _ = write!(
                    diff,
                    "\n      region of {}: {region} (label {})",
                    p.name, p.region
                );
            }
            score_table_row(&mut s, &mut diff, p, found);
        }
        if !diff.is_empty() || flow != c.export_flow || risk != c.expected_risk {
            s.disagreements.push(format!(
                "    {}: flow {flow} (label {}), risk {risk} (label {}){diff}",
                c.file, c.export_flow, c.expected_risk
            ));
        }
    }
    s
}

/// Kind, country and seat evidence of one found party.
fn score_table_row(s: &mut Score, diff: &mut String, p: &Party, found: &serde_json::Value) {
    let kind = found["kind"].as_str().unwrap_or("");
    s.kind_right.1 += 1;
    if kind == p.kind {
        s.kind_right.0 += 1;
    } else {
        let _ = write!(
            diff,
            "\n      kind of {}: {kind} (label {})",
            p.name, p.kind
        );
    }
    let seat = &found["seat"];
    let country = seat["country"].as_str();
    let blank = seat["blank_in_template"].as_bool().unwrap_or(false);
    let right = match p.country.as_str() {
        "blank-in-template" => blank,
        "unknown" => country.is_none() && !blank,
        want => country.is_some_and(|c| c.eq_ignore_ascii_case(want)),
    };
    s.country_right.1 += 1;
    if right {
        s.country_right.0 += 1;
    } else {
        let _ = write!(
            diff,
            "\n      country of {}: {} (label {})",
            p.name, seat, p.country
        );
    }
    if p.seat_evidence.trim().is_empty() {
        return;
    }
    let quotes: Vec<&str> = found["seat_evidence"]
        .as_array()
        .map(|e| e.iter().filter_map(|q| q["quote"].as_str()).collect())
        .unwrap_or_default();
    s.seat_evidence_found.1 += 1;
    if quotes.iter().any(|q| overlaps(q, &p.seat_evidence)) {
        s.seat_evidence_found.0 += 1;
    } else {
        let _ = write!(
            diff,
            "\n      seat evidence of {}: {quotes:?} (label {:?})",
            p.name, p.seat_evidence
        );
    }
}

/// Whether two quotes overlap: their longest common run of characters (whitespace
/// collapsed) is at least 6 characters and at least half of the shorter one.
fn overlaps(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> Vec<char> {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .collect()
    };
    let (a, b) = (norm(a), norm(b));
    let mut best = 0;
    let mut prev = vec![0usize; b.len() + 1];
    for ca in &a {
        let mut row = vec![0usize; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            if ca == cb {
                row[j + 1] = prev[j] + 1;
                best = best.max(row[j + 1]);
            }
        }
        prev = row;
    }
    let shorter = a.len().min(b.len());
    shorter > 0 && best >= 6 && best * 2 >= shorter
}

fn first_clause(doc: &serde_json::Value, kind: &str) -> String {
    clauses(doc)
        .iter()
        .find(|c| c["kind"] == kind)
        .map(|c| {
            let t: String = c["text"].as_str().unwrap_or("").chars().take(140).collect();
            format!("{} {t}", c["location"])
        })
        .unwrap_or_default()
}

fn table(half: Half, s: &Score) -> String {
    let mut out = format!(
        "  {} half: {} contracts scanned\n",
        half.label(),
        s.documents
    );
    kind_table(&mut out, &s.kinds);
    let pair = |(a, b): (usize, usize)| format!("{a}/{b} ({:.2})", ratio(a, b));
    let _ = writeln!(
        out,
        "    transfers found (clause level) {}",
        pair(s.transfers_found)
    );
    let _ = writeln!(
        out,
        "    direction right (of found)      {}",
        pair(s.direction_right)
    );
    let _ = writeln!(
        out,
        "    export flow right {}",
        pair((s.flow_right, s.documents))
    );
    let _ = writeln!(
        out,
        "    risk right        {}",
        pair((s.risk_right, s.documents))
    );
    let _ = writeln!(
        out,
        "    outbound high/critical reported below high: {:?}",
        s.under_called
    );
    let _ = writeln!(
        out,
        "    not outbound, reported high/critical: {:?}",
        s.false_alarms
    );
    let _ = writeln!(
        out,
        "    parties found {}; region right (of found) {}",
        pair(s.parties_found),
        pair(s.region_right)
    );
    let _ = writeln!(
        out,
        "    party kind right (of found) {}; country right (of found) {}; seat evidence found (of found, label quotes one) {}",
        pair(s.kind_right),
        pair(s.country_right),
        pair(s.seat_evidence_found)
    );
    out
}

fn load(dir: &std::path::Path) -> Vec<Contract> {
    let mut all = Vec::new();
    for file in ["labels.toml", "labels-zh.toml"] {
        let path = dir.join(file);
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let labels: Labels =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        all.extend(labels.contract);
    }
    all
}

#[test]
fn evaluation_heldout() {
    let dir = repo("tests/contracts");
    let mut contracts = load(&dir);
    // `TECHSCAN_EVAL_FROM=en/114,zh/105`: only the contracts of each named folder from that
    // file name on (a new batch, measured before any rule is changed for it).
    if let Ok(from) = std::env::var("TECHSCAN_EVAL_FROM") {
        let starts: Vec<&str> = from.split(',').map(str::trim).collect();
        contracts.retain(|c| {
            starts.iter().any(|s| {
                s.split_once('/').is_some_and(|(folder, _)| {
                    c.file.starts_with(&format!("{folder}/")) && c.file.as_str() >= *s
                })
            })
        });
    }
    assert!(
        !contracts.is_empty(),
        "no labelled contracts under {}",
        dir.display()
    );
    for c in &contracts {
        let text = std::fs::read_to_string(dir.join(&c.file))
            .unwrap_or_else(|e| panic!("{}: {e}", c.file));
        for t in &c.transfer {
            assert!(
                text.contains(&t.quote),
                "{}: quote not in the file: {}",
                c.file,
                t.quote
            );
        }
    }
    let report = super::scan_report(&dir);
    let mut printed =
        String::from("heldout (tests/contracts, written and labelled before the rules ran)\n");
    for half in Half::BOTH {
        let s = score(&report, &contracts, half);
        printed.push_str(&table(half, &s));
        if verbose() && half == Half::Tuning {
            let _ = writeln!(
                printed,
                "    disagreements:\n{}",
                s.disagreements.join("\n")
            );
        }
    }
    println!("{printed}");
}

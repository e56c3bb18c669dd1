//! Trains the learned sentence scorer and writes `dictionaries/scorer.tsv`:
//!
//! ```sh
//! cargo run --release --example train_scorer -- ../shared/corpus dictionaries/scorer.tsv
//! ```
//!
//! An example rather than a `techscan` subcommand: training is a developer's step that needs
//! the corpus, it must not grow the shipped command line, and an example is still built (so
//! kept compiling) by `cargo test` and clippy. It reads only the **tuning halves** (the
//! evaluation harness's split: check iff the first byte of SHA-256(name) is odd):
//!
//! - `cuad/` (name = file name): sentences inside technology `License Grant` spans are
//!   licence positives, inside technology `IP Ownership Assignment` spans assignment
//!   positives (technology as the `cuad` evaluation decides it, same word lists); every other
//!   sentence, including `Anti-Assignment` spans and trademark-only licence grants, is a
//!   negative for both. CUAD says nothing of the other four kinds.
//! - `tests/contracts/` (name = path under it): sentences holding a labelled transfer's quote
//!   are positives of its kind, every other sentence a negative of all six kinds.
//! - `labels.tsv` (name = `contract_dir`): the same with the quotes of its `evidence` column,
//!   read from each contract's reference `.txt`.
//!
//! Text is cut into sentences by techscan's own segmenter ([`scorer::units`]), so training
//! units are inference units. Thresholds come from out-of-fold scores within the tuning
//! halves (two folds by the second byte of SHA-256(name)): `recall` (and `recall-cjk`, the
//! same computed on sentences with CJK characters only) is the lowest score at
//! which sentences no rule marks are right the `--recall` share of the time, `veto` the
//! highest score below which rule-marked sentences are wrong the `--veto` share of the time
//! (`--recall assignment=0.5,licence=0.6`; a kind not named gets no threshold).
//! The file's header records the command, every input's SHA-256 and the parameters.

#![allow(clippy::print_stdout, reason = "an example binary reports on stdout")]

#[path = "../tests/it/evaluation/cuad_labels.rs"]
mod cuad_labels;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use sha2::{Digest, Sha256};
use techscan::analyze::Analyzer;
use techscan::analyze::scorer::{self, Example, Params};
use techscan::model::ClauseKind;

/// The training settings.
const PARAMS: Params = Params {
    l2: 1e-4,
    iterations: 300,
    rate: 0.1,
    min_count: 2,
    prune: 0.05,
    max_features: 4000,
};
/// Fewest out-of-fold sentences a threshold is set from.
const MIN_SUPPORT: usize = 5;

/// One tuning-half document.
struct Doc {
    name: String,
    extracted: techscan::model::Extracted,
    units: Vec<String>,
    /// Per unit: (labelled kinds, positive kinds).
    labels: Vec<(Vec<ClauseKind>, Vec<ClauseKind>)>,
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut positional = Vec::new();
    let mut recall_targets: Vec<(ClauseKind, f64)> = Vec::new();
    let mut veto_targets: Vec<(ClauseKind, f64)> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--recall" => recall_targets = targets(it.next().context("--recall KIND=P,…")?)?,
            "--veto" => veto_targets = targets(it.next().context("--veto KIND=P,…")?)?,
            _ => positional.push(a.clone()),
        }
    }
    let [corpus, out] = positional.as_slice() else {
        bail!("usage: train_scorer CORPUS OUT [--recall KIND=P,…] [--veto KIND=P,…]");
    };
    let corpus = PathBuf::from(corpus);
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut inputs: Vec<(String, String)> = Vec::new();
    let mut docs = Vec::new();
    docs.extend(cuad(&corpus, &mut inputs)?);
    docs.extend(heldout(&repo, &mut inputs)?);
    docs.extend(labelled(&corpus, &mut inputs)?);
    let examples = |docs: &[&Doc]| -> Vec<Example> {
        docs.iter()
            .flat_map(|d| {
                d.units.iter().zip(&d.labels).map(|(u, (l, p))| Example {
                    text: u.clone(),
                    labelled: l.clone(),
                    positive: p.clone(),
                })
            })
            .collect()
    };
    let all: Vec<&Doc> = docs.iter().collect();
    let mut model = scorer::train(&examples(&all), &PARAMS);

    // Out-of-fold scores for the thresholds.
    let analyzer = Analyzer::builtin().context("built-in rules")?;
    // kind, CJK, score, positive, rule-marked
    let mut oof: Vec<(ClauseKind, bool, f64, bool, bool)> = Vec::new();
    for fold in [0u8, 1] {
        let fold_of = |d: &&Doc| Sha256::digest(d.name.as_bytes())[1] & 1;
        let train: Vec<&Doc> = docs.iter().filter(|d| fold_of(d) != fold).collect();
        let test: Vec<&Doc> = docs.iter().filter(|d| fold_of(d) == fold).collect();
        let m = scorer::train(&examples(&train), &PARAMS);
        for d in test {
            let marked = marked_units(&analyzer, d);
            for (i, (u, (labelled, positive))) in d.units.iter().zip(&d.labels).enumerate() {
                let f = scorer::features(u);
                for k in labelled {
                    if let Some(km) = m.model(*k) {
                        oof.push((
                            *k,
                            scorer::has_cjk(u),
                            km.probability(&f),
                            positive.contains(k),
                            marked[i].contains(k),
                        ));
                    }
                }
            }
        }
    }
    for km in &mut model.models {
        let scored = |script: Option<bool>| -> Vec<(f64, bool, bool)> {
            oof.iter()
                .filter(|o| o.0 == km.kind && script.is_none_or(|cjk| o.1 == cjk))
                .map(|o| (o.2, o.3, o.4))
                .collect()
        };
        let (all, latin, cjk) = (scored(None), scored(Some(false)), scored(Some(true)));
        let target = |t: &[(ClauseKind, f64)]| t.iter().find(|(k, _)| *k == km.kind).map(|t| t.1);
        km.recall = target(&recall_targets).and_then(|p| recall_threshold(&latin, p));
        km.recall_cjk = target(&recall_targets).and_then(|p| recall_threshold(&cjk, p));
        km.veto = target(&veto_targets).and_then(|p| veto_threshold(&all, p));
        println!(
            "{:<20} positives {:>5} / {:>6}  recall threshold {:?} (CJK {:?})  veto threshold {:?}",
            km.kind.as_str(),
            all.iter().filter(|m| m.1).count(),
            all.len(),
            km.recall,
            km.recall_cjk,
            km.veto
        );
        if std::env::var_os("TRAIN_SCORER_CURVE").is_some() {
            println!(" without CJK:");
            curve(&latin);
            println!(" with CJK:");
            curve(&cjk);
        }
    }

    let mut header = vec![
        "techscan learned sentence scorer: logistic regression per kind (see dictionaries/README.md)".to_owned(),
        format!(
            "command: cargo run --release --example train_scorer -- ../shared/corpus dictionaries/scorer.tsv{}{}",
            flag("--recall", &recall_targets),
            flag("--veto", &veto_targets)
        ),
        PARAMS.describe(),
        format!(
            "thresholds (two-fold out-of-fold scores within the tuning halves, at least {MIN_SUPPORT} sentences): recall = lowest score whose sentences that no rule marks reach the --recall precision, set apart for sentences without and with CJK characters (recall-cjk); veto = highest score below which rule-marked sentences reach the --veto share of negatives"
        ),
        format!("training documents: {} (tuning halves only)", docs.len()),
    ];
    header.extend(inputs.iter().map(|(sha, p)| format!("input {sha} {p}")));
    let text = model.to_text(&header);
    std::fs::write(out, &text).with_context(|| format!("writing {out}"))?;
    println!(
        "{} documents, {} sentences, {} weights, {} bytes -> {out}",
        docs.len(),
        docs.iter().map(|d| d.units.len()).sum::<usize>(),
        model.models.iter().map(|m| m.weights.len()).sum::<usize>(),
        text.len()
    );
    Ok(())
}

fn flag(name: &str, targets: &[(ClauseKind, f64)]) -> String {
    if targets.is_empty() {
        return String::new();
    }
    let k: Vec<String> = targets
        .iter()
        .map(|(k, p)| format!("{}={p}", k.as_str()))
        .collect();
    format!(" {name} {}", k.join(","))
}

/// `assignment=0.5,licence=0.6` → kinds with their precision targets.
fn targets(list: &str) -> Result<Vec<(ClauseKind, f64)>> {
    list.split(',')
        .map(|item| {
            let (k, p) = item.split_once('=').context("expected KIND=P")?;
            Ok((kinds(k)?[0], p.parse()?))
        })
        .collect()
}

fn kinds(list: &str) -> Result<Vec<ClauseKind>> {
    list.split(',')
        .map(|k| {
            ClauseKind::ALL
                .into_iter()
                .find(|c| c.as_str() == k)
                .with_context(|| format!("unknown kind {k}"))
        })
        .collect()
}

/// Out-of-fold (score, positive, rule-marked) of one kind, for its thresholds.
type Scored = [(f64, bool, bool)];

/// Among sentences no rule marks, from the highest score down: the lowest score at which
/// the sentences scoring at least that are still `precision` right.
fn recall_threshold(scores: &Scored, precision: f64) -> Option<f64> {
    let mut unmarked: Vec<(f64, bool)> =
        scores.iter().filter(|s| !s.2).map(|s| (s.0, s.1)).collect();
    unmarked.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut cut = None;
    let mut tp = 0;
    for (n, (p, y)) in unmarked.iter().enumerate() {
        tp += usize::from(*y);
        if n + 1 >= MIN_SUPPORT && tp as f64 / (n + 1) as f64 >= precision {
            cut = Some(round4(*p));
        }
    }
    cut
}

/// Among rule-marked sentences, from the lowest score up: the highest score below which
/// the share of negatives is still `share`.
fn veto_threshold(scores: &Scored, share: f64) -> Option<f64> {
    let mut marked: Vec<(f64, bool)> = scores.iter().filter(|s| s.2).map(|s| (s.0, s.1)).collect();
    marked.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut cut = None;
    let mut neg = 0;
    for (n, (p, y)) in marked.iter().enumerate() {
        neg += usize::from(!*y);
        if n + 1 >= MIN_SUPPORT && neg as f64 / (n + 1) as f64 >= share {
            cut = Some(round4(*p + 1e-4));
        }
    }
    cut
}

/// Prints the out-of-fold precision curves (`TRAIN_SCORER_CURVE=1`).
fn curve(scores: &Scored) {
    let mut unmarked: Vec<(f64, bool)> =
        scores.iter().filter(|s| !s.2).map(|s| (s.0, s.1)).collect();
    unmarked.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut tp = 0;
    for (n, (p, y)) in unmarked.iter().enumerate().take(200) {
        tp += usize::from(*y);
        if [4, 9, 19, 29, 39, 59, 79, 119, 159, 199].contains(&n) {
            println!(
                "  unmarked top {:>3}: score >= {p:.3} precision {:.2}",
                n + 1,
                tp as f64 / (n + 1) as f64
            );
        }
    }
    let mut marked: Vec<(f64, bool)> = scores.iter().filter(|s| s.2).map(|s| (s.0, s.1)).collect();
    marked.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut neg = 0;
    for (n, (p, y)) in marked.iter().enumerate().take(60) {
        neg += usize::from(!*y);
        if [4, 9, 19, 29, 39, 59].contains(&n) {
            println!(
                "  marked bottom {:>3}: score < {p:.3} negatives {:.2}",
                n + 1,
                neg as f64 / (n + 1) as f64
            );
        }
    }
    println!(
        "  marked {} (positives {})",
        marked.len(),
        marked.iter().filter(|m| m.1).count()
    );
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Per unit, the kinds of the rule clauses that cover it (most of its word trigrams).
fn marked_units(analyzer: &Analyzer, doc: &Doc) -> Vec<Vec<ClauseKind>> {
    let analysis = analyzer.analyze(&doc.extracted);
    let clauses: Vec<(ClauseKind, BTreeSet<String>)> = analysis
        .clauses
        .iter()
        .map(|c| (c.kind, cuad_labels::shingles(&c.text)))
        .collect();
    doc.units
        .iter()
        .map(|u| {
            let s = cuad_labels::shingles(u);
            clauses
                .iter()
                .filter(|(_, c)| share(&s, c) > 0.5)
                .map(|(k, _)| *k)
                .collect()
        })
        .collect()
}

fn tuning(name: &str) -> bool {
    Sha256::digest(name.as_bytes())[0] & 1 == 0
}

fn read(path: &Path, label: String, inputs: &mut Vec<(String, String)>) -> Result<Vec<u8>> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    inputs.push((scorer::sha256_hex(&bytes), label));
    Ok(bytes)
}

fn share(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    if a.is_empty() {
        return 0.0;
    }
    a.intersection(b).count() as f64 / a.len() as f64
}

/// Whether a unit and a span overlap enough for the unit to carry the span's label: most
/// of the unit lies in the span, or most of the span (each `<omitted>` piece) in the unit.
fn overlaps(unit: &BTreeSet<String>, span: &str) -> bool {
    span.split("<omitted>").any(|piece| {
        let s = cuad_labels::shingles(piece);
        !s.is_empty() && (share(unit, &s) > 0.5 || share(&s, unit) > 0.5)
    })
}

fn labelled_doc(
    name: String,
    bytes: &[u8],
    kinds: &[ClauseKind],
    spans: &[(ClauseKind, String)],
) -> Result<Doc> {
    let extracted = techscan::extract::text::extract(bytes)?;
    let units = scorer::units(&extracted);
    let labels = units
        .iter()
        .map(|u| {
            let s = cuad_labels::shingles(u);
            let mut positive: Vec<ClauseKind> = spans
                .iter()
                .filter(|(_, span)| overlaps(&s, span))
                .map(|(k, _)| *k)
                .collect();
            positive.sort_unstable();
            positive.dedup();
            (kinds.to_vec(), positive)
        })
        .collect();
    Ok(Doc {
        name,
        extracted,
        units,
        labels,
    })
}

/// The CUAD tuning half: licence and assignment labels.
fn cuad(corpus: &Path, inputs: &mut Vec<(String, String)>) -> Result<Vec<Doc>> {
    let dir = corpus.join("cuad");
    let tsv = read(
        &dir.join("labels.tsv"),
        "corpus/cuad/labels.tsv".into(),
        inputs,
    )?;
    let tsv = String::from_utf8_lossy(&tsv);
    let mut lines = tsv.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let col = |row: &[&str], name: &str| -> String {
        header
            .iter()
            .position(|h| *h == name)
            .and_then(|i| row.get(i))
            .map(|c| unquote(c))
            .unwrap_or_default()
    };
    let mut docs = Vec::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let row: Vec<&str> = line.split('\t').collect();
        let file = col(&row, "file");
        let name = file.rsplit('/').next().unwrap_or("").to_owned();
        if !tuning(&name) {
            continue;
        }
        let mut spans = Vec::new();
        for span in cuad_labels::python_list(&col(&row, "License Grant")) {
            if cuad_labels::names_any(&span, &cuad_labels::LICENCE_TECH) {
                spans.push((ClauseKind::Licence, span));
            }
        }
        for span in cuad_labels::python_list(&col(&row, "IP Ownership Assignment")) {
            if cuad_labels::names_any(&span, &cuad_labels::ASSIGNMENT_TECH) {
                spans.push((ClauseKind::Assignment, span));
            }
        }
        let bytes = read(&dir.join(&file), format!("corpus/cuad/{file}"), inputs)?;
        docs.push(labelled_doc(
            name,
            &bytes,
            &[ClauseKind::Assignment, ClauseKind::Licence],
            &spans,
        )?);
    }
    Ok(docs)
}

#[derive(serde::Deserialize)]
struct HeldoutLabels {
    contract: Vec<HeldoutContract>,
}

#[derive(serde::Deserialize)]
struct HeldoutContract {
    file: String,
    #[serde(default)]
    transfer: Vec<HeldoutTransfer>,
}

#[derive(serde::Deserialize)]
struct HeldoutTransfer {
    kind: String,
    quote: String,
}

/// The held-out contracts' tuning half: all six kinds.
fn heldout(repo: &Path, inputs: &mut Vec<(String, String)>) -> Result<Vec<Doc>> {
    let dir = repo.join("tests/contracts");
    let mut docs = Vec::new();
    for labels in ["labels.toml", "labels-zh.toml"] {
        let text = read(
            &dir.join(labels),
            format!("repo/tests/contracts/{labels}"),
            inputs,
        )?;
        let parsed: HeldoutLabels = toml::from_str(&String::from_utf8_lossy(&text))
            .with_context(|| format!("parsing {labels}"))?;
        for c in parsed.contract {
            if !tuning(&c.file) {
                continue;
            }
            let spans: Vec<(ClauseKind, String)> = c
                .transfer
                .iter()
                .map(|t| Ok((kinds(&t.kind)?[0], t.quote.clone())))
                .collect::<Result<_>>()?;
            let bytes = read(
                &dir.join(&c.file),
                format!("repo/tests/contracts/{}", c.file),
                inputs,
            )?;
            docs.push(labelled_doc(c.file, &bytes, &ClauseKind::ALL, &spans)?);
        }
    }
    Ok(docs)
}

/// `labels.tsv`'s tuning half: the `evidence` column's quotes, all six kinds.
fn labelled(corpus: &Path, inputs: &mut Vec<(String, String)>) -> Result<Vec<Doc>> {
    let tsv = read(
        &corpus.join("labels.tsv"),
        "corpus/labels.tsv".into(),
        inputs,
    )?;
    let tsv = String::from_utf8_lossy(&tsv);
    let mut lines = tsv.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let dir_col = header.iter().position(|h| *h == "contract_dir");
    let ev_col = header.iter().position(|h| *h == "evidence");
    let (Some(dir_col), Some(ev_col)) = (dir_col, ev_col) else {
        bail!("labels.tsv: no contract_dir or evidence column");
    };
    let mut docs = Vec::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let row: Vec<&str> = line.split('\t').collect();
        let dir = row.get(dir_col).copied().unwrap_or("");
        if !tuning(dir) {
            continue;
        }
        let Some(slug) = dir
            .rsplit('/')
            .next()
            .and_then(|s| s.split_once('_'))
            .map(|s| s.1)
        else {
            continue;
        };
        let path = corpus.join(dir).join(format!("{slug}.txt"));
        if !path.exists() {
            continue;
        }
        let evidence = unquote(row.get(ev_col).copied().unwrap_or(""));
        let mut spans = Vec::new();
        for part in evidence.split(" | ") {
            let Some((kind, quotes)) = part.split_once(':') else {
                continue;
            };
            let Ok(kind) = kinds(kind.trim()) else {
                continue;
            };
            for q in quotes.split('"').skip(1).step_by(2) {
                spans.push((kind[0], q.to_owned()));
            }
        }
        let bytes = read(&path, format!("corpus/{dir}/{slug}.txt"), inputs)?;
        docs.push(labelled_doc(
            dir.to_owned(),
            &bytes,
            &ClauseKind::ALL,
            &spans,
        )?);
    }
    Ok(docs)
}

/// A TSV cell as written by a CSV writer: `"say ""this"""` → `say "this"`.
fn unquote(cell: &str) -> String {
    match cell.strip_prefix('"').and_then(|c| c.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => cell.to_string(),
    }
}

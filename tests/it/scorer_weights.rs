//! The shipped sentence-scorer weights (`dictionaries/scorer.tsv`) are what their header says:
//! every recorded training input still has its recorded SHA-256, every input is from a
//! tuning half (the evaluation's split), and the header names the command that made them.

use crate::evaluation::Half;
use crate::util::repo;

const WEIGHTS: &str = include_str!("../../dictionaries/scorer.tsv");

/// (sha256, label) of each `# input` line.
fn inputs() -> Vec<(&'static str, &'static str)> {
    WEIGHTS
        .lines()
        .filter_map(|l| l.strip_prefix("# input "))
        .filter_map(|l| l.split_once(' '))
        .collect()
}

/// The evaluation name of an input (the name that decides its half), when it has one.
fn split_name(label: &str) -> Option<String> {
    if let Some(file) = label.strip_prefix("corpus/cuad/text/") {
        return Some(file.to_owned());
    }
    if let Some(path) = label.strip_prefix("repo/tests/contracts/") {
        return path.contains('/').then(|| path.to_owned());
    }
    let path = label.strip_prefix("corpus/contracts/")?;
    let (dir, _) = path.rsplit_once('/')?;
    Some(format!("contracts/{dir}"))
}

fn sha256(bytes: &[u8]) -> String {
    techscan::analyze::scorer::sha256_hex(bytes)
}

#[test]
fn scorer_header_names_its_command_and_tuning_inputs_only() {
    assert!(
        WEIGHTS.lines().any(|l| l.starts_with(
            "# command: cargo run --release --example train_scorer -- ../shared/corpus dictionaries/scorer.tsv"
        )),
        "no training command in the header"
    );
    assert!(WEIGHTS.lines().any(|l| l.starts_with("# params: ")));
    let inputs = inputs();
    assert!(inputs.len() > 100, "{} inputs", inputs.len());
    for (_, label) in &inputs {
        if let Some(name) = split_name(label) {
            assert_eq!(
                Half::of(&name),
                Half::Tuning,
                "{label} is a check-half input"
            );
        }
    }
}

#[test]
fn scorer_repo_inputs_match_their_recorded_hashes() {
    let mut checked = 0;
    for (sha, label) in inputs() {
        if let Some(path) = label.strip_prefix("repo/") {
            let bytes = std::fs::read(repo(path)).unwrap();
            assert_eq!(
                sha256(&bytes),
                sha,
                "{label} changed since the scorer was trained: retrain with the command in its header"
            );
            checked += 1;
        }
    }
    assert!(checked > 10, "{checked} repo inputs");
}

#[test]
#[cfg_attr(not(has_corpus), ignore = "../shared/corpus absent")]
fn scorer_corpus_inputs_match_their_recorded_hashes() {
    let corpus = crate::util::corpus();
    let mut checked = 0;
    for (sha, label) in inputs() {
        if let Some(path) = label.strip_prefix("corpus/") {
            let bytes = std::fs::read(corpus.join(path)).unwrap();
            assert_eq!(
                sha256(&bytes),
                sha,
                "{label} changed since the scorer was trained: retrain with the command in its header"
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked} corpus inputs");
}

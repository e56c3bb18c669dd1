//! The sample agreements in `samples/` give the results `samples/expected.toml` states,
//! in both their DOCX and PDF renderings.

use std::collections::BTreeSet;

use crate::util::{json, repo, techscan};

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    language: String,
    kinds: Vec<String>,
    #[serde(default)]
    also_acceptable: Vec<String>,
    export_flow: String,
    risk: String,
    items: Vec<String>,
    #[serde(default)]
    control_points: Vec<u32>,
    #[serde(default)]
    note: String,
}

#[derive(serde::Deserialize)]
struct File {
    samples: std::collections::BTreeMap<String, Expected>,
}

fn expectations() -> Vec<(String, Expected)> {
    let text = std::fs::read_to_string(repo("samples/expected.toml")).unwrap();
    let file: File = toml::from_str(&text).unwrap();
    file.samples.into_iter().collect()
}

#[test]
fn samples_give_their_expected_results_in_every_format() {
    let out = techscan()
        .args(["scan", "--quiet", "--format", "json", "samples"])
        .output()
        .unwrap();
    let report = json(&out);
    let docs = report["documents"].as_array().unwrap();
    let mut failures = Vec::new();
    let expected = expectations();
    assert!(expected.len() >= 6, "at least six samples");
    for (name, want) in &expected {
        for ext in ["docx", "pdf"] {
            let path = format!("samples/{name}.{ext}");
            let Some(doc) = docs.iter().find(|d| d["path"] == path.as_str()) else {
                failures.push(format!("{path}: missing from the report"));
                continue;
            };
            let mut problems = Vec::new();
            if doc["status"] != "scanned" {
                problems.push(format!("status {} ({})", doc["status"], doc["error"]));
            }
            if doc["language"] != want.language.as_str() {
                problems.push(format!("language {} != {}", doc["language"], want.language));
            }
            let kinds: BTreeSet<&str> = doc["clauses"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["kind"].as_str().unwrap())
                .collect();
            let want_kinds: BTreeSet<&str> = want.kinds.iter().map(String::as_str).collect();
            let allowed: BTreeSet<&str> = want_kinds
                .iter()
                .copied()
                .chain(want.also_acceptable.iter().map(String::as_str))
                .collect();
            if !want_kinds.is_subset(&kinds) || !kinds.is_subset(&allowed) {
                problems.push(format!(
                    "kinds {kinds:?}: required {want_kinds:?}, allowed {allowed:?}"
                ));
            }
            if doc["export_flow"] != want.export_flow.as_str() {
                problems.push(format!(
                    "export_flow {} != {} ({})",
                    doc["export_flow"], want.export_flow, doc["export_flow_reason"]
                ));
            }
            if doc["risk"] != want.risk.as_str() {
                problems.push(format!("risk {} != {}", doc["risk"], want.risk));
            }
            let items: BTreeSet<&str> = doc["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| matches!(f["severity"].as_str(), Some("critical" | "high" | "medium")))
                .filter_map(|f| f["item"].as_str())
                .collect();
            for item in &want.items {
                if !items.contains(item.as_str()) {
                    problems.push(format!("item {item} not in findings {items:?}"));
                }
            }
            let cps: BTreeSet<u64> = doc["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|f| f["control_point"].as_u64())
                .collect();
            for cp in &want.control_points {
                if !cps.contains(&u64::from(*cp)) {
                    problems.push(format!(
                        "control point {cp} not in findings {cps:?} ({})",
                        want.note
                    ));
                }
            }
            if !problems.is_empty() {
                failures.push(format!("{path}: {}", problems.join("; ")));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "samples differ from samples/expected.toml:\n{}",
        failures.join("\n")
    );
}

//! The real-document corpus in `../shared/corpus` (these tests are ignored when it is absent):
//! every file ends as scanned, skipped or failed, and nothing panics.

use crate::util::{corpus, json, techscan};

#[test]
#[cfg_attr(not(has_corpus), ignore = "../shared/corpus absent")]
fn whole_corpus_is_accounted_for_without_internal_errors() {
    let dir = corpus();
    let files = walk(&dir);
    let out = techscan()
        .args(["scan", "--quiet", "--format", "json"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(matches!(out.status.code(), Some(0..=2)), "{:?}", out.status);
    let report = json(&out);
    let docs = report["documents"].as_array().unwrap();
    assert_eq!(
        docs.len(),
        files,
        "every file in the corpus appears in the report"
    );
    for d in docs {
        let kind = d["error"]["kind"].as_str().unwrap_or("");
        assert_ne!(kind, "internal", "{}: {}", d["path"], d["error"]["message"]);
    }
    println!("corpus summary: {}", report["summary"]);
}

fn walk(dir: &std::path::Path) -> usize {
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let ty = entry.file_type().unwrap();
        if ty.is_dir() && !entry.file_name().to_string_lossy().starts_with('.') {
            n += walk(&entry.path());
        } else if ty.is_file() {
            n += 1;
        }
    }
    n
}

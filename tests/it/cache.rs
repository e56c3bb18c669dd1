//! The incremental cache: a warm rescan gives byte-identical reports in every format, an
//! unchanged folder is served from the cache, a changed file, dictionary or option
//! invalidates what it should, `--no-cache` writes nothing, and an unusable cache never
//! fails a scan.

use std::path::{Path, PathBuf};

use crate::util::{corpus, fresh_cache_dir, repo, techscan};

/// Every format with the file name `--output-dir` gives it.
const FORMATS: &str = "terminal,json,jsonl,csv,html,sarif,markdown,docx";

/// Scans `inputs` into `out` in every format with the given cache folder (or
/// `--no-cache`); returns the exit code and stderr.
fn scan_into(out: &Path, cache: Option<&Path>, inputs: &[&Path]) -> (Option<i32>, String) {
    let mut cmd = techscan();
    cmd.args(["scan", "--format", FORMATS, "--output-dir"])
        .arg(out)
        .args(inputs);
    match cache {
        Some(dir) => cmd.arg("--cache-dir").arg(dir),
        None => cmd.arg("--no-cache"),
    };
    let output = cmd.output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Every report file of `dir`, sorted by name, with its bytes.
fn reports(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&path).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// `N from the cache` in the status line, 0 when absent.
fn hits(stderr: &str) -> usize {
    stderr
        .split("; ")
        .find_map(|part| part.trim_end().strip_suffix(" from the cache"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

/// Cold run, warm run and an uncached run over `inputs` give the same bytes in every
/// format; the warm run takes `expected_hits` documents from the cache.
fn assert_warm_equals_cold(inputs: &[&Path], expected_hits: usize) {
    let cache = tempfile::tempdir().unwrap();
    let (cold, warm, none) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let (code_cold, err_cold) = scan_into(cold.path(), Some(cache.path()), inputs);
    let (code_warm, err_warm) = scan_into(warm.path(), Some(cache.path()), inputs);
    let (code_none, _) = scan_into(none.path(), None, inputs);
    assert_eq!(hits(&err_cold), 0, "{err_cold}");
    assert_eq!(hits(&err_warm), expected_hits, "{err_warm}");
    assert!(!err_warm.contains("warning"), "{err_warm}");
    assert_eq!(code_cold, code_warm);
    assert_eq!(code_cold, code_none);
    let (cold, warm, none) = (
        reports(cold.path()),
        reports(warm.path()),
        reports(none.path()),
    );
    assert_eq!(cold.len(), 8, "one report per format");
    for ((name, a), (_, b)) in cold.iter().zip(&warm) {
        assert!(a == b, "{name}: the warm run differs from the cold run");
    }
    for ((name, a), (_, b)) in cold.iter().zip(&none) {
        assert!(a == b, "{name}: the cached run differs from --no-cache");
    }
}

#[test]
fn a_warm_rescan_of_the_samples_is_byte_identical_in_every_format() {
    // 14 agreements are scanned; README.md and expected.toml are excluded before reading.
    assert_warm_equals_cold(&[Path::new("samples")], 14);
}

#[test]
#[cfg_attr(not(has_corpus), ignore = "../shared/corpus absent")]
fn a_warm_rescan_of_the_corpus_is_byte_identical_in_every_format() {
    let dir = corpus();
    let out = techscan()
        .args(["scan", "--no-cache", "--format", "json"])
        .arg(&dir)
        .output()
        .unwrap();
    let report = crate::util::json(&out);
    // Everything read and sniffed as a document is cached except machine-dependent
    // failures (none expected in the corpus); skipped files never reach the cache.
    let cacheable = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            d["status"] == "scanned"
                || (d["status"] == "failed"
                    && d["format"].is_string()
                    && !["io", "internal", "limit-exceeded"]
                        .contains(&d["error"]["kind"].as_str().unwrap_or("")))
        })
        .count();
    assert!(cacheable > 200, "{cacheable}");
    assert_warm_equals_cold(&[&dir], cacheable);
}

/// A folder with copies of three sample agreements.
fn data_room() -> (tempfile::TempDir, [PathBuf; 3]) {
    let dir = tempfile::tempdir().unwrap();
    let names = [
        "01-inbound-licence-grant-back.docx",
        "02-outbound-patent-assignment-tts.docx",
        "05-nda-defines-know-how.docx",
    ];
    let paths = names.map(|n| {
        let to = dir.path().join(n);
        std::fs::copy(repo("samples").join(n), &to).unwrap();
        to
    });
    (dir, paths)
}

/// Scans `dir` as JSON with the cache in `cache` and extra arguments; returns the report
/// and the number of documents served from the cache.
fn scan_json(dir: &Path, cache: &Path, extra: &[&str]) -> (serde_json::Value, usize) {
    let out = techscan()
        .args(["scan", "--format", "json", "--cache-dir"])
        .arg(cache)
        .args(extra)
        .arg(dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("warning"), "{stderr}");
    (crate::util::json(&out), hits(&stderr))
}

fn risks(report: &serde_json::Value) -> Vec<(String, String)> {
    report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let path = d["path"].as_str().unwrap();
            let name = Path::new(path).file_name().unwrap().to_string_lossy();
            (name.into_owned(), d["risk"].as_str().unwrap().to_owned())
        })
        .collect()
}

#[test]
fn an_unchanged_folder_is_served_from_the_cache_and_a_changed_file_only_invalidates_itself() {
    let (dir, [a, b, c]) = data_room();
    let cache = tempfile::tempdir().unwrap();
    let (cold, n) = scan_json(dir.path(), cache.path(), &[]);
    assert_eq!(n, 0);
    let (warm, n) = scan_json(dir.path(), cache.path(), &[]);
    assert_eq!(n, 3);
    assert_eq!(cold, warm);
    // The NDA (risk none) now holds the rare-earth know-how licence, content the cache
    // has never seen: only it is scanned again, and its new result is reported.
    std::fs::copy(repo("samples/07-rare-earth-know-how-licence.docx"), &c).unwrap();
    let (changed, n) = scan_json(dir.path(), cache.path(), &[]);
    assert_eq!(n, 2);
    let before = risks(&cold);
    let after = risks(&changed);
    assert_eq!(after[0], before[0]);
    assert_eq!(after[1], before[1]);
    assert_eq!(before[2].1, "none");
    assert_eq!(after[2].1, "critical", "{after:?}");
    // Content is the key, not the name: the NDA's file now holding the assignment's bytes
    // is served from the assignment's entry, with the assignment's result.
    std::fs::copy(&b, &c).unwrap();
    let (same_as_b, n) = scan_json(dir.path(), cache.path(), &[]);
    assert_eq!(n, 3);
    assert_eq!(risks(&same_as_b)[2].1, before[1].1);
    assert_eq!(
        same_as_b["documents"][2]["findings"],
        cold["documents"][1]["findings"]
    );
    // A renamed file and a copy under a second name come from the cache with their own
    // paths.
    let renamed = dir.path().join("renamed.docx");
    std::fs::rename(&a, &renamed).unwrap();
    std::fs::copy(&renamed, dir.path().join("second-copy.docx")).unwrap();
    let (moved, n) = scan_json(dir.path(), cache.path(), &[]);
    assert_eq!(n, 4);
    let paths: Vec<String> = moved["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(paths.len(), 4);
    assert!(paths[2].ends_with("renamed.docx") && paths[3].ends_with("second-copy.docx"));
    assert_eq!(
        moved["documents"][2]["findings"],
        cold["documents"][0]["findings"]
    );
}

#[test]
fn a_changed_dictionary_or_option_invalidates_the_cached_results() {
    let (dir, _) = data_room();
    let cache = tempfile::tempdir().unwrap();
    let dict_dir = tempfile::tempdir().unwrap();
    let dict = dict_dir.path().join("user.toml");
    std::fs::copy(repo("dictionaries/examples/us-ear-ccl-example.toml"), &dict).unwrap();
    let with_dict = ["--dictionary", dict.to_str().unwrap()];
    assert_eq!(scan_json(dir.path(), cache.path(), &[]).1, 0);
    // Adding a dictionary invalidates; the same dictionary again hits.
    assert_eq!(scan_json(dir.path(), cache.path(), &with_dict).1, 0);
    assert_eq!(scan_json(dir.path(), cache.path(), &with_dict).1, 3);
    // An edited dictionary invalidates every result, even when its name is unchanged.
    let mut text = std::fs::read_to_string(&dict).unwrap();
    text.push_str("\n# reviewed\n");
    std::fs::write(&dict, text).unwrap();
    assert_eq!(scan_json(dir.path(), cache.path(), &with_dict).1, 0);
    assert_eq!(scan_json(dir.path(), cache.path(), &with_dict).1, 3);
    // Another edition is another result; each edition's results are kept.
    let (old, n) = scan_json(dir.path(), cache.path(), &["--catalogue", "2020"]);
    assert_eq!(n, 0);
    assert_eq!(old["documents"][0]["catalogue_edition"], "2020");
    assert_eq!(
        scan_json(dir.path(), cache.path(), &["--catalogue", "2020"]).1,
        3
    );
    assert_eq!(scan_json(dir.path(), cache.path(), &[]).1, 3);
    // A password is part of the key (hashed): another password, another result.
    assert_eq!(
        scan_json(dir.path(), cache.path(), &["--password", "hunter2-secret"]).1,
        0
    );
    let store = std::fs::read(cache.path().join("cache.redb")).unwrap();
    assert!(
        !store.windows(14).any(|w| w == b"hunter2-secret"),
        "no password in clear"
    );
    // The language of messages is part of a result: --lang zh is scanned afresh, and
    // its messages are Chinese, not the English ones from the cache.
    let (zh, n) = scan_json(dir.path(), cache.path(), &["--lang", "zh"]);
    assert_eq!(n, 0);
    let (en, n) = scan_json(dir.path(), cache.path(), &[]);
    assert_eq!(n, 3);
    let message = |r: &serde_json::Value| r["documents"][0]["findings"][0]["message"].clone();
    assert_ne!(message(&zh), message(&en));
    assert_eq!(scan_json(dir.path(), cache.path(), &["--lang", "zh"]).1, 3);
}

#[test]
fn options_that_only_shape_the_report_keep_every_cached_result() {
    let (dir, _) = data_room();
    let cache = tempfile::tempdir().unwrap();
    let (cold, n) = scan_json(dir.path(), cache.path(), &[]);
    assert_eq!(n, 0);
    for extra in [
        &["--jobs", "1"][..],
        &["--fail-on", "none"],
        &["--fail-on", "low", "--no-progress"],
        &["--shard", "1/1"],
    ] {
        let (warm, n) = scan_json(dir.path(), cache.path(), extra);
        assert_eq!(n, 3, "{extra:?}");
        assert_eq!(warm["documents"], cold["documents"], "{extra:?}");
    }
    // Another report format is rendered from the same cached results.
    let out = techscan()
        .args(["scan", "--format", "csv", "--cache-dir"])
        .arg(cache.path())
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(hits(&String::from_utf8_lossy(&out.stderr)), 3);
}

#[test]
fn archive_members_are_cached_by_content_like_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for name in [
        "01-inbound-licence-grant-back.docx",
        "07-rare-earth-know-how-licence.pdf",
    ] {
        zip.start_file(
            format!("room/{name}"),
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        std::io::Write::write_all(
            &mut zip,
            &std::fs::read(repo("samples").join(name)).unwrap(),
        )
        .unwrap();
    }
    std::fs::write(
        dir.path().join("room.zip"),
        zip.finish().unwrap().into_inner(),
    )
    .unwrap();
    let cache = tempfile::tempdir().unwrap();
    let (cold, n) = scan_json(dir.path(), cache.path(), &[]);
    assert_eq!(n, 0);
    let (warm, n) = scan_json(dir.path(), cache.path(), &[]);
    assert_eq!(n, 2);
    assert_eq!(cold, warm);
    assert!(
        warm["documents"][0]["path"]
            .as_str()
            .unwrap()
            .ends_with("room.zip!/room/01-inbound-licence-grant-back.docx")
    );
    // The same agreement as a file on disk is served from the member's entry.
    std::fs::copy(
        repo("samples/01-inbound-licence-grant-back.docx"),
        dir.path().join("loose.docx"),
    )
    .unwrap();
    let (with_loose, n) = scan_json(dir.path(), cache.path(), &[]);
    assert_eq!(n, 3);
    assert_eq!(
        with_loose["documents"][0]["findings"],
        cold["documents"][0]["findings"]
    );
}

#[test]
fn no_cache_reads_and_writes_nothing() {
    let (dir, _) = data_room();
    let cache = fresh_cache_dir();
    let out = techscan()
        .args(["scan", "--quiet", "--no-cache", "--format", "json"])
        .env("TECHSCAN_CACHE_DIR", &cache)
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!cache.exists(), "--no-cache created {}", cache.display());
    // The default folder comes from the environment when --cache-dir is not given.
    let out = techscan()
        .args(["scan", "--quiet", "--format", "json"])
        .env("TECHSCAN_CACHE_DIR", &cache)
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(cache.join("cache.redb").is_file());
    let out = techscan()
        .args(["scan", "--no-cache", "--cache-dir", "x"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "the two options conflict");
}

#[test]
fn an_unusable_cache_warns_once_and_the_scan_goes_on() {
    let (dir, _) = data_room();
    let reference = techscan()
        .args(["scan", "--no-cache", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let corrupt = tempfile::tempdir().unwrap();
    std::fs::write(
        corrupt.path().join("cache.redb"),
        b"this is not a redb file",
    )
    .unwrap();
    let blocker = tempfile::NamedTempFile::new().unwrap();
    let not_a_folder = blocker.path().join("cache");
    for cache in [corrupt.path(), not_a_folder.as_path()] {
        let out = techscan()
            .args(["scan", "--format", "json", "--cache-dir"])
            .arg(cache)
            .arg(dir.path())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.matches("warning").count(), 1, "{stderr}");
        assert!(stderr.contains("scanning without the cache"), "{stderr}");
        assert_eq!(out.status.code(), reference.status.code());
        assert_eq!(out.stdout, reference.stdout);
    }
    // No folder known at all: HOME and the techscan variables are unset.
    let out = techscan()
        .env_remove("TECHSCAN_CACHE_DIR")
        .args(["scan", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no cache folder"), "{stderr}");
    assert_eq!(out.stdout, reference.stdout);
}

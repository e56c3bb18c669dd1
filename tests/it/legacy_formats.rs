//! Word 97–2003 `.doc`, RTF and OpenDocument `.odt` measured against LibreOffice: corpus
//! contracts (DOCX) are saved in each format by LibreOffice in the test set-up, LibreOffice
//! converts each of those to text as the reference, and the words techscan reads from the
//! same file (every block, label first, as `techscan text --raw` lists them) are compared
//! with the reference as multisets (lower-cased alphanumeric words; CJK characters count one
//! word each). The bar is word-bag F1 ≥ 0.995 per format over the selection.
//!
//! Nothing derived from the corpus is written inside the repository: conversions go to a
//! temporary folder under `target/`. Run `cargo test --test it legacy_formats -- --nocapture`
//! for the per-format table.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use techscan::extract::{ExtractOptions, extract};
use techscan::model::DocFormat;

use crate::util::{corpus, repo, techscan};

/// English (CUAD) and Chinese (template) contracts converted per run.
const EN_FILES: usize = 20;
const ZH_FILES: usize = 10;
const BAR: f64 = 0.995;

type Words = BTreeMap<String, usize>;

fn is_cjk(c: char) -> bool {
    matches!(u32::from(c),
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

fn words(text: &str) -> Words {
    let mut out = Words::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Words| {
        if !word.is_empty() {
            *out.entry(std::mem::take(word)).or_default() += 1;
        }
    };
    for c in text.chars() {
        if is_cjk(c) {
            flush(&mut word, &mut out);
            *out.entry(c.to_string()).or_default() += 1;
        } else if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else {
            flush(&mut word, &mut out);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// (overlap, extracted total, reference total).
fn compare(got: &Words, want: &Words) -> (usize, usize, usize) {
    let overlap = got
        .iter()
        .map(|(w, n)| (*n).min(want.get(w).copied().unwrap_or(0)))
        .sum();
    (overlap, got.values().sum(), want.values().sum())
}

fn f1((overlap, got, want): (usize, usize, usize)) -> f64 {
    if got + want == 0 {
        return 1.0;
    }
    2.0 * overlap as f64 / (got + want) as f64
}

/// A scratch folder under `target/` (never inside the sources).
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs LibreOffice headless with a profile of its own (concurrent instances sharing one
/// profile block each other) and converts `files` to `to` in `outdir`.
fn convert(profile: &Path, to: &str, outdir: &Path, files: &[PathBuf]) {
    let program = if Command::new("soffice").arg("--version").output().is_ok() {
        "soffice"
    } else {
        "libreoffice"
    };
    let mut profile_arg = OsString::from("-env:UserInstallation=file://");
    profile_arg.push(profile.as_os_str());
    let status = Command::new(program)
        .arg(profile_arg)
        .args(["--headless", "--norestore", "--convert-to", to, "--outdir"])
        .arg(outdir)
        .args(files)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "soffice --convert-to {to} failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

/// The text techscan reads from a file: every block, label first.
fn techscan_words(path: &Path, format: DocFormat) -> Words {
    let bytes = std::fs::read(path).unwrap();
    let extracted = extract(format, &bytes, &ExtractOptions::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text: Vec<String> = extracted
        .blocks
        .iter()
        .map(techscan::model::Block::display_text)
        .collect();
    words(&text.join("\n"))
}

/// The first `n` DOCX contracts (by folder name) under `dir`.
fn contracts(dir: &Path, n: usize) -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    folders
        .iter()
        .filter_map(|folder| {
            let mut docx: Vec<PathBuf> = std::fs::read_dir(folder)
                .ok()?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "docx"))
                .collect();
            docx.sort();
            docx.into_iter().next()
        })
        .take(n)
        .collect()
}

#[test]
#[cfg_attr(
    not(all(has_corpus, has_libreoffice)),
    ignore = "needs ../shared/corpus and LibreOffice (apt-get install libreoffice-writer-nogui fonts-noto-cjk)"
)]
fn legacy_formats_read_as_libreoffice_reads_them() {
    let corpus = corpus().join("contracts");
    let mut sources = contracts(&corpus.join("en/cuad"), EN_FILES);
    sources.extend(contracts(&corpus.join("zh/td2000-templates"), ZH_FILES));
    assert_eq!(sources.len(), EN_FILES + ZH_FILES, "corpus selection");
    let root = scratch("legacy-formats-f1");
    let profile = root.join("profile");
    let mut table = Vec::new();
    let mut failures = Vec::new();
    for (ext, format) in [
        ("doc", DocFormat::Doc),
        ("rtf", DocFormat::Rtf),
        ("odt", DocFormat::Odt),
    ] {
        let saved = root.join(ext);
        let text = root.join(format!("{ext}-txt"));
        std::fs::create_dir_all(&saved).unwrap();
        std::fs::create_dir_all(&text).unwrap();
        convert(&profile, ext, &saved, &sources);
        let converted: Vec<PathBuf> = sources
            .iter()
            .map(|s| saved.join(s.with_extension(ext).file_name().unwrap()))
            .collect();
        convert(&profile, "txt:Text (encoded):UTF8", &text, &converted);
        let (mut sum, mut worst) = ((0, 0, 0), (1.0f64, String::new()));
        for file in &converted {
            let reference = text.join(file.with_extension("txt").file_name().unwrap());
            let want = words(&std::fs::read_to_string(&reference).unwrap());
            let got = techscan_words(file, format);
            let counts = compare(&got, &want);
            sum = (sum.0 + counts.0, sum.1 + counts.1, sum.2 + counts.2);
            let score = f1(counts);
            if score < worst.0 {
                worst = (
                    score,
                    file.file_name().unwrap().to_string_lossy().into_owned(),
                );
            }
        }
        let score = f1(sum);
        table.push(format!(
            "{ext:4} {:3} files  word-bag F1 {score:.4}  (techscan {} words, LibreOffice {}, common {})  worst {:.4} {}",
            converted.len(),
            sum.1,
            sum.2,
            sum.0,
            worst.0,
            worst.1
        ));
        if score < BAR {
            failures.push(format!("{ext}: F1 {score:.4} < {BAR}"));
        }
    }
    println!("format files  word-bag F1 against LibreOffice's text of the same file");
    for row in &table {
        println!("{row}");
    }
    assert!(failures.is_empty(), "{failures:?}\n{}", table.join("\n"));
}

/// The risk, flow, clause kinds, catalogue items and findings (rule, item, location) of
/// one document's JSON report.
fn assessment(doc: &serde_json::Value) -> String {
    let mut kinds: Vec<&str> = doc["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["kind"].as_str())
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    let mut items: Vec<&str> = doc["technology"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["item"].as_str())
        .collect();
    items.sort_unstable();
    items.dedup();
    let mut findings: Vec<String> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{}:{} at {}", f["rule"], f["item"], f["location"]))
        .collect();
    findings.sort();
    findings.dedup();
    format!(
        "risk {} · flow {} · kinds {kinds:?} · items {items:?} · findings {findings:?}",
        doc["risk"], doc["export_flow"]
    )
}

#[test]
#[cfg_attr(
    not(has_libreoffice),
    ignore = "needs LibreOffice (apt-get install libreoffice-writer-nogui fonts-noto-cjk)"
)]
fn samples_saved_in_legacy_formats_are_assessed_as_their_docx_twins() {
    let root = scratch("legacy-formats-twins");
    let profile = root.join("profile");
    let room = root.join("room");
    std::fs::create_dir_all(&room).unwrap();
    // Every sample: 07 and 02 are catalogue-positive; 03 and 04 number their clauses
    // with Word lists, so each saved copy must carry the list numbers for the same sections.
    let mut sources: Vec<PathBuf> = std::fs::read_dir(repo("samples"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect();
    sources.sort();
    assert_eq!(sources.len(), 7);
    for source in &sources {
        std::fs::copy(source, room.join(source.file_name().unwrap())).unwrap();
    }
    for ext in ["doc", "rtf", "odt"] {
        convert(&profile, ext, &room, &sources);
    }
    damaged_copies_end_cleanly(&room);
    // A data room also holds a .doc that cannot be read: the run exits 2, the rest is read.
    let mut broken = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    broken.resize(1024, 0);
    std::fs::write(room.join("unreadable.doc"), &broken).unwrap();
    let out = techscan()
        .args(["scan", "--quiet", "--format", "json"])
        .arg(&room)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "an unread .doc fails the run");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let docs = report["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 29, "{docs:#?}");
    let unreadable = docs
        .iter()
        .find(|d| {
            d["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("unreadable.doc"))
        })
        .unwrap();
    assert_eq!(unreadable["status"], "failed");
    assert!(unreadable["risk"].is_null());
    for source in &sources {
        let stem = source.file_stem().unwrap().to_string_lossy().into_owned();
        let by_ext = |ext: &str| {
            docs.iter()
                .find(|d| {
                    d["path"]
                        .as_str()
                        .is_some_and(|p| p.ends_with(&format!("{stem}.{ext}")))
                })
                .unwrap_or_else(|| panic!("{stem}.{ext} in the report"))
        };
        let twin = by_ext("docx");
        assert_eq!(twin["status"], "scanned");
        if stem.starts_with("07") || stem.starts_with("02") {
            assert!(
                matches!(twin["risk"].as_str(), Some("critical" | "high")),
                "{stem}: catalogue-positive"
            );
        }
        for ext in ["doc", "rtf", "odt"] {
            let doc = by_ext(ext);
            assert_eq!(doc["status"], "scanned", "{stem}.{ext}: {doc:#?}");
            assert_eq!(doc["format"], ext);
            assert_eq!(
                assessment(doc),
                assessment(twin),
                "{stem}.{ext} against its .docx twin"
            );
        }
    }
}

/// Truncated and byte-flipped copies of every `.doc`, `.rtf` and `.odt` in `dir` extract to
/// a result or an error, never a panic.
fn damaged_copies_end_cleanly(dir: &Path) {
    let mut files: Vec<(PathBuf, DocFormat)> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter_map(|p| {
            let format = match p.extension()?.to_str()? {
                "doc" => DocFormat::Doc,
                "rtf" => DocFormat::Rtf,
                "odt" => DocFormat::Odt,
                _ => return None,
            };
            Some((p, format))
        })
        .collect();
    files.sort();
    assert_eq!(files.len(), 21, "{files:?}");
    let options = ExtractOptions::default();
    // xorshift64: deterministic, so a failure reproduces.
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut outcomes = (0, 0);
    for (path, format) in &files {
        let bytes = std::fs::read(path).unwrap();
        let mut variants: Vec<Vec<u8>> = (1..=12)
            .map(|i| bytes[..bytes.len() * i / 13].to_vec())
            .collect();
        for _ in 0..12 {
            let mut v = bytes.clone();
            for _ in 0..8 {
                let at = (next() % v.len() as u64) as usize;
                v[at] ^= (next() % 255 + 1) as u8;
            }
            variants.push(v);
        }
        for (i, v) in variants.iter().enumerate() {
            let result = std::panic::catch_unwind(|| extract(*format, v, &options));
            let Ok(result) = result else {
                panic!("{}: damaged variant {i} panicked", path.display());
            };
            if result.is_ok() {
                outcomes.0 += 1;
            } else {
                outcomes.1 += 1;
            }
        }
    }
    assert_eq!(outcomes.0 + outcomes.1, files.len() * 24);
}

//! Checks against the shared real-document corpus (`../shared/corpus`), marked ignored (cfg
//! `has_corpus`, set by `build.rs`) when it is absent, so a fresh clone reports them as not run.
//!
//! Every `.docx` under `parser-tests/docx` and `contracts` must extract without panicking.
//! Where the corpus holds expected content, the words of the extracted text are compared
//! with it as multisets (lower-cased; CJK characters count one word each): pandoc's
//! `.native` trees (`Str` tokens; the `_accept` tree for tracked changes, and words only
//! the `_reject` tree has must not leak), mammoth's `expected.json` (its HTML with the tags
//! stripped, plus comment texts), and for contracts the `.txt` they were converted from.
//! pandoc and mammoth do not render headers and footers, so those blocks are left out of
//! their comparisons. Run `cargo test --lib extract::docx::corpus -- --nocapture` for
//! the table; `throughput_against_docx_rs` (ignored) measures speed in a release build.
#![allow(clippy::print_stdout)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::extract;
use crate::extract::ExtractOptions;
use crate::model::{BlockKind, Extracted};

type Words = BTreeMap<String, usize>;

/// The corpus folder `build.rs` probed; the tests that call it are ignored without it.
fn corpus() -> PathBuf {
    let path = PathBuf::from(env!("TECHSCAN_TEST_CORPUS"));
    assert!(path.is_dir(), "the corpus is absent: {}", path.display());
    path
}

fn docx_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = ["parser-tests/docx", "contracts"]
        .iter()
        .flat_map(|dir| walkdir::WalkDir::new(root.join(dir)).into_iter().flatten())
        .map(walkdir::DirEntry::into_path)
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
        })
        .collect();
    files.sort();
    files
}

fn is_cjk(c: char) -> bool {
    matches!(u32::from(c),
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

fn add_words(text: &str, out: &mut Words) {
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Words| {
        if !word.is_empty() {
            *out.entry(std::mem::take(word)).or_default() += 1;
        }
    };
    for c in text.chars() {
        if is_cjk(c) {
            flush(&mut word, out);
            *out.entry(c.to_string()).or_default() += 1;
        } else if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else {
            flush(&mut word, out);
        }
    }
    flush(&mut word, out);
}

fn words(text: &str) -> Words {
    let mut out = Words::new();
    add_words(text, &mut out);
    out
}

/// The text of every `Str "..."` token of a pandoc native tree, Haskell escapes decoded.
fn native_text(native: &str) -> String {
    let mut out = String::new();
    let mut rest = native;
    while let Some(at) = rest.find("Str \"") {
        rest = &rest[at + 5..];
        let mut chars = rest.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    rest = &rest[i + 1..];
                    break;
                }
                '\\' => match chars.next() {
                    Some((_, d)) if d.is_ascii_digit() => {
                        let mut code = d.to_digit(10).unwrap_or(0);
                        let mut tail = chars.clone();
                        while let Some((_, d)) =
                            tail.clone().next().filter(|(_, d)| d.is_ascii_digit())
                        {
                            code = code * 10 + d.to_digit(10).unwrap_or(0);
                            tail.next();
                        }
                        chars = tail;
                        out.extend(char::from_u32(code));
                    }
                    Some((_, 'n')) => out.push('\n'),
                    Some((_, '&')) | None => {}
                    Some((_, e)) => out.push(e),
                },
                c => out.push(c),
            }
        }
        out.push(' ');
    }
    out
}

/// Mammoth's HTML as text; `<sup>` note markers (`[1]`) are left out.
fn strip_html(html: &str) -> String {
    let mut html = html.to_owned();
    while let Some(start) = html.find("<sup>") {
        let end = html[start..]
            .find("</sup>")
            .map_or(html.len(), |e| start + e + 6);
        html.replace_range(start..end, " ");
    }
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// Expected words for a file, if the corpus has them: (words, what they came from, words
/// that must not appear beyond the expected count).
fn expected(path: &Path, mammoth: &serde_json::Value) -> Option<(Words, &'static str, Words)> {
    let stem = path.file_stem()?.to_str()?;
    let dir = path.parent()?;
    let accept = dir.join(format!("{stem}_accept.native"));
    let native = dir.join(format!("{stem}.native"));
    if accept.is_file() {
        let acc = words(&native_text(&std::fs::read_to_string(&accept).ok()?));
        let rej = std::fs::read_to_string(dir.join(format!("{stem}_reject.native")))
            .map(|s| words(&native_text(&s)))
            .unwrap_or_default();
        let only_rejected = rej
            .into_iter()
            .filter(|(w, n)| acc.get(w).copied().unwrap_or(0) < *n)
            .collect();
        return Some((acc, "pandoc _accept", only_rejected));
    }
    if native.is_file() {
        let text = native_text(&std::fs::read_to_string(&native).ok()?);
        return Some((words(&text), "pandoc native", Words::new()));
    }
    if let Some(entry) = mammoth
        .get("expected")
        .and_then(|e| e.get(format!("{stem}.docx")))
    {
        let mut w = Words::new();
        let html = entry.get("html").and_then(|h| h.as_str());
        if let Some(html) = html {
            add_words(&strip_html(html), &mut w);
        }
        let keys: &[&str] = if html.is_some() {
            &["comments_contain"]
        } else {
            &["text_contains", "comments_contain"]
        };
        for key in keys {
            for s in entry
                .get(key)
                .and_then(|v| v.as_array())
                .into_iter()
                .flatten()
            {
                add_words(s.as_str().unwrap_or_default(), &mut w);
            }
        }
        return (!w.is_empty()).then_some((w, "mammoth html", Words::new()));
    }
    let txt = dir.join(format!("{stem}.txt"));
    if txt.is_file() {
        let text = std::fs::read_to_string(&txt).ok()?;
        return Some((words(&text), "contract .txt", Words::new()));
    }
    None
}

fn extracted_words(x: &Extracted, with_headers: bool, with_labels: bool) -> Words {
    let mut w = Words::new();
    for b in &x.blocks {
        if !with_headers && matches!(b.kind, BlockKind::Header | BlockKind::Footer) {
            continue;
        }
        if with_labels {
            add_words(&b.display_text(), &mut w);
        } else {
            add_words(&b.text, &mut w);
        }
    }
    w
}

fn overlap(a: &Words, b: &Words) -> usize {
    a.iter()
        .map(|(w, n)| (*n).min(b.get(w).copied().unwrap_or(0)))
        .sum()
}

fn total(w: &Words) -> usize {
    w.values().sum()
}

#[test]
#[cfg_attr(not(has_corpus), ignore = "../shared/corpus absent")]
fn corpus_documents_extract_with_expected_words() {
    let root = corpus();
    let mammoth: serde_json::Value =
        std::fs::read_to_string(root.join("parser-tests/docx/mammoth/expected.json"))
            .ok()
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default();
    let files = docx_files(&root);
    assert!(!files.is_empty(), "no docx files under {}", root.display());
    let mut table = String::new();
    let mut low = Vec::new();
    let (mut checked, mut sum_recall, mut sum_precision) = (0usize, 0.0, 0.0);
    for path in &files {
        let name = path
            .strip_prefix(&root)
            .unwrap_or(path)
            .display()
            .to_string();
        let bytes = std::fs::read(path).unwrap_or_default();
        let x = match extract(&bytes, &ExtractOptions::default()) {
            Ok(x) => x,
            Err(e) => {
                let _ = writeln!(table, "{name:<90} error {:?}: {}", e.kind, e.message);
                low.push(format!("{name}: {e}"));
                continue;
            }
        };
        let Some((want, source, forbidden)) = expected(path, &mammoth) else {
            let _ = writeln!(
                table,
                "{name:<90} {:>5} blocks (no expected text)",
                x.blocks.len()
            );
            continue;
        };
        let contract = source == "contract .txt";
        let got = extracted_words(&x, contract, contract);
        let matched = overlap(&want, &got);
        let recall = matched as f64 / total(&want).max(1) as f64;
        let precision = matched as f64 / total(&got).max(1) as f64;
        let leaked: usize = forbidden
            .keys()
            .map(|w| {
                got.get(w)
                    .copied()
                    .unwrap_or(0)
                    .saturating_sub(want.get(w).copied().unwrap_or(0))
            })
            .sum();
        checked += 1;
        sum_recall += recall;
        sum_precision += precision;
        let _ = writeln!(
            table,
            "{name:<90} {:>5} blocks {:>6} words  recall {recall:.3}  precision {precision:.3}  {source}{}",
            x.blocks.len(),
            total(&want),
            if forbidden.is_empty() {
                String::new()
            } else {
                format!("  rejected-only words leaked: {leaked}")
            }
        );
        if recall < 0.9 || precision < 0.8 || leaked > 0 {
            low.push(format!(
                "{name}: recall {recall:.3} precision {precision:.3} leaked {leaked}"
            ));
        }
    }
    let mean_recall = sum_recall / checked.max(1) as f64;
    let mean_precision = sum_precision / checked.max(1) as f64;
    println!("{table}");
    println!(
        "{} files read, {checked} compared: mean recall {mean_recall:.3}, mean precision {mean_precision:.3}",
        files.len()
    );
    assert!(low.is_empty(), "below the floor:\n{}", low.join("\n"));
}

#[test]
#[cfg_attr(not(has_corpus), ignore = "../shared/corpus absent")]
fn damaged_corpus_documents_end_in_a_result_not_a_panic() {
    let root = corpus();
    let options = ExtractOptions::default();
    let (mut ok, mut failed) = (0usize, 0usize);
    for path in docx_files(&root) {
        let bytes = std::fs::read(&path).unwrap_or_default();
        let len = bytes.len();
        let mut variants: Vec<Vec<u8>> = [len / 10, len / 2, len * 9 / 10, len.saturating_sub(1)]
            .iter()
            .map(|&cut| bytes.get(..cut).unwrap_or_default().to_vec())
            .collect();
        for step in [3, 7] {
            let mut flipped = bytes.clone();
            for (i, b) in flipped.iter_mut().enumerate() {
                if i % (len / step).max(1) == len / (2 * step) {
                    *b ^= 0x5A;
                }
            }
            variants.push(flipped);
        }
        for variant in variants {
            match extract(&variant, &options) {
                Ok(_) => ok += 1,
                Err(e) => {
                    assert!(
                        !e.message.is_empty(),
                        "{}: empty error message",
                        path.display()
                    );
                    failed += 1;
                }
            }
        }
    }
    println!("damaged variants: {ok} extracted, {failed} refused with an error");
}

fn time<F: FnMut()>(mut f: F) -> (u32, Duration) {
    let start = Instant::now();
    let mut runs = 0;
    while runs < 3 || start.elapsed() < Duration::from_secs(2) {
        f();
        runs += 1;
    }
    (runs, start.elapsed())
}

#[test]
#[ignore = "benchmark: cargo test --release --lib extract::docx::corpus -- --ignored --nocapture"]
fn throughput_against_docx_rs() {
    let root = corpus();
    let docs: Vec<(PathBuf, Vec<u8>)> = docx_files(&root)
        .into_iter()
        .filter_map(|p| std::fs::read(&p).ok().map(|b| (p, b)))
        .collect();
    let options = ExtractOptions::default();
    let largest = docs
        .iter()
        .max_by_key(|(_, b)| b.len())
        .map(|(p, b)| (p.clone(), b.clone()));
    let generated = super::tests::long_contract(4000);
    let report = |label: &str, set: &[&[u8]]| {
        let (runs, ours) = time(|| {
            for b in set {
                let _ = std::hint::black_box(extract(b, &options));
            }
        });
        let ours_per = ours.as_secs_f64() / f64::from(runs);
        let mut failures = 0;
        let (runs_rs, theirs) = time(|| {
            failures = 0;
            for b in set {
                if std::hint::black_box(docx_rs::read_docx(b)).is_err() {
                    failures += 1;
                }
            }
        });
        let theirs_per = theirs.as_secs_f64() / f64::from(runs_rs);
        println!(
            "{label}: techscan {:.0} docs/s ({:.2} ms per pass), docx-rs {:.0} docs/s ({:.2} ms per pass, {failures} failed), ratio {:.1}x",
            set.len() as f64 / ours_per,
            ours_per * 1000.0,
            set.len() as f64 / theirs_per,
            theirs_per * 1000.0,
            theirs_per / ours_per
        );
    };
    let all: Vec<&[u8]> = docs.iter().map(|(_, b)| b.as_slice()).collect();
    report(&format!("all {} corpus docx", all.len()), &all);
    if let Some((path, bytes)) = &largest {
        report(
            &format!("largest {} ({} bytes)", path.display(), bytes.len()),
            &[bytes],
        );
    }
    report(
        &format!(
            "generated 4000-paragraph contract ({} bytes)",
            generated.len()
        ),
        &[&generated],
    );
}

#[test]
#[ignore = "inspection aid: TECHSCAN_DOCX=path cargo test --lib dump_blocks -- --ignored --nocapture"]
fn dump_blocks() {
    let path = std::env::var_os("TECHSCAN_DOCX").expect("set TECHSCAN_DOCX to a .docx path");
    let bytes = std::fs::read(&path).unwrap_or_default();
    match extract(&bytes, &ExtractOptions::default()) {
        Ok(x) => {
            println!("pages {:?}, warnings {:?}", x.pages, x.warnings);
            for b in &x.blocks {
                println!(
                    "{:>4} {:<9} p{:<4} {:<10} {:?}",
                    b.paragraph,
                    b.kind.as_str(),
                    b.page.map_or(String::new(), |p| p.to_string()),
                    b.label.as_deref().unwrap_or(""),
                    b.text
                );
            }
        }
        Err(e) => println!("error {:?}: {e}", e.kind),
    }
}

//! Hostile input: documents built to crash, hang or exhaust a scanner, and damaged copies of
//! real ones. Each goes through `pipeline::scan_one`, the code a scan runs per document, and
//! must end as scanned, skipped or failed with a kind: never `internal` (a caught panic) and
//! never later than its time budget allows. The real binary then lists every generated
//! input in its report.
//!
//! The generated set always runs: mutations of the samples (truncations at many offsets,
//! byte flips, PDF objects shuffled), a deeply nested PDF, a PDF whose page tree is a
//! cycle, a PDF page that inflates to 600 MiB, a billion-laughs DOCX and zip-bomb DOCX
//! files (by ratio and by declared size).
//! With `../shared/corpus` present, every file of `parser-tests` and `contracts/derived`
//! and mutations of some of them run too.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{Cursor, Write as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use techscan::discover::{Input, discover};
use techscan::extract::ExtractOptions;
use techscan::model::Status;
use techscan::pipeline::{Engine, scan_one};
use zip::write::SimpleFileOptions;

use crate::pdf_writer;
use crate::util::{corpus, json, repo, techscan};

/// The extraction time budget these tests give each document (`--timeout`).
const TIMEOUT: Duration = Duration::from_secs(10);
/// A document must be done within this: its extraction budget plus room for the analysis
/// of whatever text was read, in a debug build on a busy machine.
const WALL_LIMIT: Duration = Duration::from_secs(40);

/// One document's outcome.
struct Outcome {
    path: String,
    status: Status,
    kind: String,
    message: String,
    pages: Option<u32>,
    elapsed: Duration,
}

/// Scans every input on two threads, timing each document.
fn scan_timed(inputs: &[Input]) -> Vec<Outcome> {
    let engine = Engine::builtin(ExtractOptions {
        timeout: Some(TIMEOUT),
        ..ExtractOptions::default()
    })
    .unwrap();
    let engine = &engine;
    let mut outcomes: Vec<Outcome> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..2)
            .map(|w| {
                scope.spawn(move || {
                    inputs
                        .iter()
                        .skip(w)
                        .step_by(2)
                        .map(|input| {
                            let start = Instant::now();
                            let report = scan_one(engine, input);
                            let elapsed = start.elapsed();
                            let (kind, message) = report
                                .error
                                .map(|e| (e.kind, e.message))
                                .unwrap_or_default();
                            Outcome {
                                path: report.path,
                                status: report.status,
                                kind,
                                message,
                                pages: report.pages,
                                elapsed,
                            }
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    outcomes.sort_by(|a, b| a.path.cmp(&b.path));
    outcomes
}

/// Asserts the outcomes: one per input, none internal, none over the wall limit; prints
/// the counts (files, scanned, skipped, failed by kind) and the slowest documents.
fn check(label: &str, inputs: &[Input], outcomes: &[Outcome]) {
    assert_eq!(
        outcomes.len(),
        inputs.len(),
        "{label}: one outcome per input"
    );
    let mut want: Vec<String> = inputs.iter().map(Input::display).collect();
    want.sort();
    let got: Vec<&str> = outcomes.iter().map(|o| o.path.as_str()).collect();
    assert_eq!(got, want, "{label}: every input has an outcome");
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for o in outcomes {
        assert_ne!(o.kind, "internal", "{label}: {}: {}", o.path, o.message);
        assert!(
            o.elapsed < WALL_LIMIT,
            "{label}: {} took {:?}, over {WALL_LIMIT:?}",
            o.path,
            o.elapsed
        );
        let key = match o.status {
            Status::Scanned => "scanned".to_owned(),
            Status::Skipped => format!("skipped ({})", o.kind),
            Status::Failed => format!("failed ({})", o.kind),
        };
        *counts.entry(key).or_default() += 1;
    }
    let mut slowest: Vec<&Outcome> = outcomes.iter().collect();
    slowest.sort_by_key(|o| std::cmp::Reverse(o.elapsed));
    println!("{label}: {} file(s): {counts:?}", outcomes.len());
    for o in slowest.iter().take(3) {
        println!(
            "{label}: slow: {:.2}s {} ({:?}{})",
            o.elapsed.as_secs_f64(),
            o.path,
            o.status,
            if o.kind.is_empty() {
                String::new()
            } else {
                format!(" {}", o.kind)
            }
        );
    }
}

/// A small deterministic generator (xorshift64), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Damaged copies of `bytes`: cut at `cuts` offsets spread over the file, `flips` copies
/// with 16 bytes changed, and for a PDF one copy with its objects in shuffled order.
fn mutations(bytes: &[u8], seed: u64, cuts: usize, flips: usize) -> Vec<(String, Vec<u8>)> {
    let mut rng = Rng(seed | 1);
    let mut out = Vec::new();
    for i in 1..=cuts {
        let at = bytes.len() * i / (cuts + 1);
        out.push((format!("cut{at}"), bytes[..at].to_vec()));
    }
    for i in 0..flips {
        let mut v = bytes.to_vec();
        for _ in 0..16 {
            let at = rng.below(v.len());
            v[at] ^= (rng.next() % 255 + 1) as u8;
        }
        out.push((format!("flip{i}"), v));
    }
    if bytes.starts_with(b"%PDF") {
        out.push(("shuffled".to_owned(), shuffle_objects(bytes, &mut rng)));
    }
    out
}

/// The PDF with its `N G obj … endobj` blocks in random order: every cross-reference
/// offset is now wrong, so the reader has to rebuild the table or fail cleanly.
fn shuffle_objects(bytes: &[u8], rng: &mut Rng) -> Vec<u8> {
    let starts: Vec<usize> = (0..bytes.len())
        .filter(|&i| {
            (i == 0 || bytes[i - 1] == b'\n' || bytes[i - 1] == b'\r')
                && bytes[i].is_ascii_digit()
                && bytes[i..bytes.len().min(i + 24)]
                    .windows(4)
                    .any(|w| w == b" obj")
        })
        .collect();
    if starts.len() < 2 {
        return bytes.to_vec();
    }
    let end = starts[starts.len() - 1]
        + bytes[starts[starts.len() - 1]..]
            .windows(6)
            .position(|w| w == b"endobj")
            .map_or(0, |p| p + 6);
    let mut blocks: Vec<&[u8]> = starts
        .windows(2)
        .map(|w| &bytes[w[0]..w[1]])
        .chain(std::iter::once(&bytes[starts[starts.len() - 1]..end]))
        .collect();
    for i in (1..blocks.len()).rev() {
        blocks.swap(i, rng.below(i + 1));
    }
    let mut out = bytes[..starts[0]].to_vec();
    for b in blocks {
        out.extend_from_slice(b);
        if !b.ends_with(b"\n") {
            out.push(b'\n');
        }
    }
    out.extend_from_slice(&bytes[end..]);
    out
}

const CONTENT_TYPES: &str =
    r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#;
const RELS: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

/// A DOCX package whose main part is `document` (deflated).
fn docx(document: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default();
    for (name, data) in [
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("word/document.xml", document),
    ] {
        zip.start_file(name, options).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The classic billion laughs: ten levels of ten references, a billion `lol`s if expanded.
fn billion_laughs() -> Vec<u8> {
    let mut xml = String::from(r#"<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY lol "lol">"#);
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_owned()
        } else {
            format!("lol{}", i - 1)
        };
        let _ = write!(
            xml,
            r#"<!ENTITY lol{i} "{}">"#,
            format!("&{prev};").repeat(10)
        );
    }
    let _ = write!(
        xml,
        "]><w:document {W}><w:body><w:p><w:r><w:t>1.1 The Licensor grants a licence. &lol9;</w:t></w:r></w:p></w:body></w:document>"
    );
    docx(xml.as_bytes())
}

/// A main part of 48 MiB of one repeated paragraph: deflate packs it about 1000:1.
fn ratio_bomb() -> Vec<u8> {
    let para = format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", "a".repeat(4000));
    let mut xml = format!("<w:document {W}><w:body>");
    while xml.len() < 48 * 1024 * 1024 {
        xml.push_str(&para);
    }
    xml.push_str("</w:body></w:document>");
    docx(xml.as_bytes())
}

/// A small, valid DOCX whose zip headers claim the main part unpacks to almost 4 GiB.
fn declared_size_bomb() -> Vec<u8> {
    let mut bytes = docx(
        format!(
            "<w:document {W}><w:body><w:p><w:r><w:t>1.1 The Licensor grants a licence.</w:t></w:r></w:p></w:body></w:document>"
        )
        .as_bytes(),
    );
    let name = b"word/document.xml";
    let huge = 0xFFFF_0000u32.to_le_bytes();
    // Local header: size at 22, name at 30; central directory: size at 24, name at 46.
    for (sig, size_at, name_at) in [(b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)] {
        let found: Vec<usize> = (0..bytes.len().saturating_sub(name_at + name.len()))
            .filter(|&i| {
                &bytes[i..i + 4] == sig && &bytes[i + name_at..i + name_at + name.len()] == name
            })
            .collect();
        assert_eq!(found.len(), 1, "one header of each kind");
        bytes[found[0] + size_at..found[0] + size_at + 4].copy_from_slice(&huge);
    }
    bytes
}

/// Writes the generated hostile set into `dir`; returns how many files.
fn write_generated(dir: &Path) -> usize {
    let mut files: Vec<(String, Vec<u8>)> = vec![
        (
            "nested-forms.pdf".into(),
            pdf_writer::deeply_nested(2_000, 1),
        ),
        (
            "nested-forms-and-arrays.pdf".into(),
            pdf_writer::deeply_nested(10_000, 100_000),
        ),
        (
            "cyclic-page-tree.pdf".into(),
            pdf_writer::cyclic_page_tree(),
        ),
        ("inflating-page.pdf".into(), pdf_writer::inflating_page(600)),
        ("billion-laughs.docx".into(), billion_laughs()),
        ("zip-bomb-ratio.docx".into(), ratio_bomb()),
        ("zip-bomb-declared-size.docx".into(), declared_size_bomb()),
    ];
    let samples = [
        "01-inbound-licence-grant-back.pdf",
        "07-rare-earth-know-how-licence.pdf",
        "01-inbound-licence-grant-back.docx",
        "07-rare-earth-know-how-licence.docx",
    ];
    for (n, name) in samples.iter().enumerate() {
        let bytes = std::fs::read(repo("samples").join(name)).unwrap();
        let (stem, ext) = name.rsplit_once('.').unwrap();
        for (tag, v) in mutations(&bytes, 0x5EED ^ n as u64, 10, 4) {
            files.push((format!("{stem}.{tag}.{ext}"), v));
        }
    }
    for (name, bytes) in &files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    files.len()
}

#[test]
fn generated_hostile_documents_end_cleanly_in_time_and_are_all_reported() {
    let dir = tempfile::tempdir().unwrap();
    let written = write_generated(dir.path());
    let inputs = discover(&[dir.path().to_path_buf()]);
    assert_eq!(inputs.len(), written);
    let outcomes = scan_timed(&inputs);
    check("generated", &inputs, &outcomes);
    let by_name = |name: &str| {
        outcomes
            .iter()
            .find(|o| o.path.ends_with(name))
            .unwrap_or_else(|| panic!("{name} reported"))
    };
    for bomb in ["zip-bomb-ratio.docx", "zip-bomb-declared-size.docx"] {
        let o = by_name(bomb);
        assert_eq!(
            (o.status, o.kind.as_str()),
            (Status::Failed, "limit-exceeded"),
            "{bomb}: {}",
            o.message
        );
    }
    let laughs = by_name("billion-laughs.docx");
    assert_eq!(laughs.status, Status::Scanned, "{}", laughs.message);
    let cyclic = by_name("cyclic-page-tree.pdf");
    assert_eq!(cyclic.status, Status::Scanned, "{}", cyclic.message);
    assert_eq!(cyclic.pages, Some(1), "the cycle adds no pages");
    // 600 MiB of page content from a few KiB: the first page is kept, the second stops
    // at the per-page cap long before the memory or the per-document allowance is gone.
    let inflating = by_name("inflating-page.pdf");
    assert_eq!(inflating.status, Status::Scanned, "{}", inflating.message);
    assert_eq!(inflating.pages, Some(2));
    let nested = by_name("nested-forms.pdf");
    assert_eq!(nested.status, Status::Scanned, "{}", nested.message);
    // lopdf refuses the 100,000-deep array, so the only page object is unreadable: a
    // damaged file, not a scan without text.
    let arrays = by_name("nested-forms-and-arrays.pdf");
    assert_eq!(
        (arrays.status, arrays.kind.as_str()),
        (Status::Failed, "malformed"),
        "{}",
        arrays.message
    );

    // The real binary: every input in the JSON report, with a status.
    let out = techscan()
        .args(["scan", "--quiet", "--format", "json", "--timeout", "10"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "failed inputs exit 2");
    let report = json(&out);
    let docs = report["documents"].as_array().unwrap();
    let mut paths: Vec<&str> = docs.iter().map(|d| d["path"].as_str().unwrap()).collect();
    paths.sort_unstable();
    let want: Vec<String> = outcomes.iter().map(|o| o.path.clone()).collect();
    assert_eq!(paths, want);
    for d in docs {
        let status = d["status"].as_str().unwrap();
        assert!(
            ["scanned", "skipped", "failed"].contains(&status),
            "{}: {status}",
            d["path"]
        );
        assert_eq!(
            d["error"].is_object(),
            status != "scanned",
            "{}: an unread document says why",
            d["path"]
        );
    }
    assert_eq!(report["summary"]["documents"], written);
}

/// Every file under `dir`, sorted.
fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
#[cfg_attr(not(has_corpus), ignore = "../shared/corpus absent")]
fn corpus_parser_tests_derived_and_their_mutations_end_cleanly_in_time() {
    let corpus = corpus();
    let mut files = Vec::new();
    files_under(&corpus.join("parser-tests"), &mut files);
    files_under(&corpus.join("contracts/derived"), &mut files);
    let inputs: Vec<Input> = files.iter().map(|p| Input::file(p.clone())).collect();
    let outcomes = scan_timed(&inputs);
    check("corpus", &inputs, &outcomes);

    // Mutations of the known parser hazards and a few ordinary documents of each kind.
    let picks = [
        "parser-tests/pdf/pdfpig/specific/Hang.pdf",
        "parser-tests/pdf/pdfpig/specific/invalid-xref-loop.pdf",
        "parser-tests/pdf/pdfminer/contrib/issue-1113-evil-xobjects.pdf",
        "parser-tests/pdf/pdfminer/simple1.pdf",
        "parser-tests/pdf/pdfminer/encryption/rc4-40.pdf",
        "parser-tests/pdf/pdfminer/contrib/issue-1059-cmap-decode.pdf",
        "parser-tests/pdf/pypdf-sample-files/011-google-doc-document/google-doc-document.pdf",
        "parser-tests/docx/mammoth/utf8-bom.docx",
        "parser-tests/docx/pandoc/lists.docx",
        "parser-tests/docx/python-docx/tbl-cell-access.docx",
        "contracts/derived/ibio-ccpharming_truncated-60pct.pdf",
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut written = 0;
    for (n, pick) in picks.iter().enumerate() {
        let Ok(bytes) = std::fs::read(corpus.join(pick)) else {
            println!("corpus mutations: {pick} is absent, not mutated");
            continue;
        };
        let name = Path::new(pick).file_name().unwrap().to_string_lossy();
        let (stem, ext) = name.rsplit_once('.').unwrap();
        for (tag, v) in mutations(&bytes, 0xC0FF_EE00 ^ n as u64, 8, 4) {
            std::fs::write(dir.path().join(format!("{stem}.{tag}.{ext}")), v).unwrap();
            written += 1;
        }
    }
    let inputs = discover(&[dir.path().to_path_buf()]);
    assert_eq!(inputs.len(), written);
    let outcomes = scan_timed(&inputs);
    check("corpus mutations", &inputs, &outcomes);
}

/// The bigger variant: every PDF and DOCX of `parser-tests` and `contracts/derived` cut at
/// 6 offsets, with 3 byte-flipped copies and (PDFs) a shuffled copy: 808 inputs, about
/// 15 s in a debug build on top of the tests above, so kept out of plain `cargo test`:
/// `cargo test --test it every_corpus_file_mutated -- --ignored --nocapture`.
#[test]
#[ignore = "808 more inputs; run on demand"]
fn every_corpus_file_mutated_ends_cleanly_in_time() {
    let corpus = corpus();
    let mut files = Vec::new();
    files_under(&corpus.join("parser-tests"), &mut files);
    files_under(&corpus.join("contracts/derived"), &mut files);
    let dir = tempfile::tempdir().unwrap();
    let mut written = 0;
    for (n, path) in files.iter().enumerate() {
        let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase());
        if !matches!(ext.as_deref(), Some("pdf" | "docx")) {
            continue;
        }
        let bytes = std::fs::read(path).unwrap();
        let ext = ext.unwrap_or_default();
        for (tag, v) in mutations(&bytes, 0xB16 ^ n as u64, 6, 3) {
            std::fs::write(dir.path().join(format!("{n:04}.{tag}.{ext}")), v).unwrap();
            written += 1;
        }
    }
    let inputs = discover(&[dir.path().to_path_buf()]);
    assert_eq!(inputs.len(), written);
    let outcomes = scan_timed(&inputs);
    check("every corpus file mutated", &inputs, &outcomes);
}

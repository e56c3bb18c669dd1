//! Criterion benchmarks of the per-document hot paths, each over the sample agreements in
//! `samples/` (always present) and, when `../shared/corpus` is present, over a few corpus
//! contracts:
//!
//! - `extract_pdf` — techscan's PDF text extraction (content-stream interpreter, fonts,
//!   layout);
//! - `extract_docx` — the streaming DOCX reader;
//! - `analyze` — normalisation, segmentation, definitions, parties, transfer-clause
//!   classification and direction, from extracted text;
//! - `catalogue_match` — the catalogue keyword matcher over analysed segments.
//!
//! Run with `cargo bench --bench hot_paths` (add `-- extract_pdf` to run one group).
//! Throughput is reported in input bytes (extraction) or documents (analysis, matching).

#![allow(
    clippy::print_stderr,
    reason = "a benchmark says on stderr which inputs it uses"
)]

use std::path::{Path, PathBuf};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use techscan::analyze::{Analysis, Analyzer};
use techscan::catalogue::{Catalogue, Edition};
use techscan::extract::{self, ExtractOptions};
use techscan::model::{DocFormat, Extracted};

/// Corpus contracts used when the corpus is present: a few of each format, the first in
/// path order, so runs compare like with like.
const CORPUS_FILES_PER_FORMAT: usize = 6;

/// One set of input documents of one format.
struct Set {
    name: &'static str,
    format: DocFormat,
    files: Vec<(PathBuf, Vec<u8>)>,
}

fn files_with_extension(dir: &Path, ext: &str, limit: usize) -> Vec<(PathBuf, Vec<u8>)> {
    let mut paths: Vec<PathBuf> = walk(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext)))
        .collect();
    paths.sort();
    paths.truncate(limit);
    paths
        .into_iter()
        .filter_map(|p| std::fs::read(&p).ok().map(|b| (p, b)))
        .collect()
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn sets() -> Vec<Set> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let samples = root.join("samples");
    let mut sets = vec![
        Set {
            name: "samples",
            format: DocFormat::Pdf,
            files: files_with_extension(&samples, "pdf", usize::MAX),
        },
        Set {
            name: "samples",
            format: DocFormat::Docx,
            files: files_with_extension(&samples, "docx", usize::MAX),
        },
    ];
    let corpus = root.join("../shared/corpus/contracts");
    if corpus.is_dir() {
        for dir in ["en", "zh"] {
            let base = corpus.join(dir);
            sets.push(Set {
                name: if dir == "en" {
                    "corpus-en"
                } else {
                    "corpus-zh"
                },
                format: DocFormat::Pdf,
                files: files_with_extension(&base, "pdf", CORPUS_FILES_PER_FORMAT),
            });
            sets.push(Set {
                name: if dir == "en" {
                    "corpus-en"
                } else {
                    "corpus-zh"
                },
                format: DocFormat::Docx,
                files: files_with_extension(&base, "docx", CORPUS_FILES_PER_FORMAT),
            });
        }
    } else {
        eprintln!("hot_paths: ../shared/corpus is absent; benchmarking samples/ only");
    }
    sets.retain(|s| !s.files.is_empty());
    sets
}

/// Extracts every file of a set once (files that fail are left out of the later stages).
fn extracted(set: &Set, options: &ExtractOptions) -> Vec<Extracted> {
    set.files
        .iter()
        .filter_map(|(_, bytes)| extract::extract(set.format, bytes, options).ok())
        .collect()
}

fn bench(c: &mut Criterion) {
    let options = ExtractOptions::default();
    let analyzer = Analyzer::builtin().expect("built-in rules load");
    let catalogue = Catalogue::builtin().expect("built-in catalogue loads");
    let edition = Edition::latest();
    for set in sets() {
        let id = format!("{}-{}", set.name, set.format.as_str());
        let bytes: u64 = set.files.iter().map(|(_, b)| b.len() as u64).sum();
        let group_name = match set.format {
            DocFormat::Pdf => "extract_pdf",
            DocFormat::Docx => "extract_docx",
            DocFormat::Text => "extract_text",
            DocFormat::Doc => "extract_doc",
            DocFormat::Rtf => "extract_rtf",
            DocFormat::Odt => "extract_odt",
            DocFormat::Image => "extract_image",
        };
        let mut group = c.benchmark_group(group_name);
        group.throughput(Throughput::Bytes(bytes));
        group.bench_function(BenchmarkId::from_parameter(&id), |b| {
            b.iter(|| {
                for (_, data) in &set.files {
                    let _ = std::hint::black_box(extract::extract(set.format, data, &options));
                }
            });
        });
        group.finish();

        let texts = extracted(&set, &options);
        let mut group = c.benchmark_group("analyze");
        group.throughput(Throughput::Elements(texts.len() as u64));
        group.bench_function(BenchmarkId::from_parameter(&id), |b| {
            b.iter(|| {
                for text in &texts {
                    std::hint::black_box(analyzer.analyze(text));
                }
            });
        });
        group.finish();

        let analyses: Vec<Analysis> = texts.iter().map(|t| analyzer.analyze(t)).collect();
        let view = catalogue.for_edition(edition);
        let mut group = c.benchmark_group("catalogue_match");
        group.throughput(Throughput::Elements(analyses.len() as u64));
        group.bench_function(BenchmarkId::from_parameter(&id), |b| {
            b.iter(|| {
                for a in &analyses {
                    std::hint::black_box(view.find(&a.segments, &a.transfer_context));
                }
            });
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);

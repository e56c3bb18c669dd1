//! Times techscan's PDF extractor over a list of files: every file read into memory first,
//! then extracted through the pipeline's extraction stage on `--jobs N` threads (default
//! 1), files ordered largest first; with 2+ threads a PDF of more than 32 pages is also
//! split into page ranges across the threads. Prints
//! one summary line: files, pages, seconds, pages/s. Driven by `benches/pdf_vs_pdftotext.sh`,
//! which runs `pdftotext` over the same files in the same run and prints the ratio.
//!
//! Usage: `cargo run --release --example pdf_bench -- [--jobs N] FILE...`

#![allow(clippy::print_stdout, reason = "a benchmark binary reports on stdout")]

use std::time::Instant;

use anyhow::{Context as _, Result};
use techscan::extract::ExtractOptions;
use techscan::model::DocFormat;
use techscan::pipeline;

fn main() -> Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut jobs = 1usize;
    if let Some(i) = args.iter().position(|a| a == "--jobs") {
        jobs = args
            .get(i + 1)
            .context("--jobs needs a number")?
            .parse()
            .context("--jobs needs a number")?;
        args.drain(i..=i + 1);
    }
    let mut inputs = Vec::with_capacity(args.len());
    for path in &args {
        inputs.push((
            path.clone(),
            std::fs::read(path).with_context(|| path.clone())?,
        ));
    }
    inputs.sort_by_key(|(_, b)| std::cmp::Reverse(b.len()));
    let options = ExtractOptions::default();
    let docs: Vec<(DocFormat, &[u8])> = inputs
        .iter()
        .map(|(_, b)| (DocFormat::Pdf, b.as_slice()))
        .collect();
    let start = Instant::now();
    let results = pipeline::extract_all(&docs, jobs.max(1), &options)?;
    let secs = start.elapsed().as_secs_f64();
    let mut pages = 0u64;
    for ((path, _), result) in inputs.iter().zip(&results) {
        match result {
            Ok(e) => pages += u64::from(e.pages.unwrap_or(0)),
            Err(e) => println!("failed {path}: {e}"),
        }
    }
    println!(
        "techscan jobs={jobs} files={} pages={pages} seconds={secs:.3} pages_per_s={:.0}",
        inputs.len(),
        pages as f64 / secs
    );
    Ok(())
}

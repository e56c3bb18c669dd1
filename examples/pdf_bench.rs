//! Times techscan's PDF extractor over a list of files: every file read into memory first,
//! then extracted on `--jobs N` threads (default 1), files handed out largest first. Prints
//! one summary line: files, pages, seconds, pages/s. Driven by `benches/pdf_vs_pdftotext.sh`,
//! which runs `pdftotext` over the same files in the same run and prints the ratio.
//!
//! Usage: `cargo run --release --example pdf_bench -- [--jobs N] FILE...`

#![allow(clippy::print_stdout, reason = "a benchmark binary reports on stdout")]

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::{Context as _, Result};
use techscan::extract::{ExtractOptions, pdf};

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
    let next = AtomicUsize::new(0);
    let pages = AtomicU64::new(0);
    let failed = Mutex::new(Vec::new());
    let start = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..jobs.max(1) {
            s.spawn(|| {
                while let Some((path, bytes)) = inputs.get(next.fetch_add(1, Ordering::Relaxed)) {
                    match pdf::extract(bytes, &options) {
                        Ok(e) => {
                            pages.fetch_add(u64::from(e.pages.unwrap_or(0)), Ordering::Relaxed);
                        }
                        Err(e) => {
                            if let Ok(mut f) = failed.lock() {
                                f.push(format!("{path}: {e}"));
                            }
                        }
                    }
                }
            });
        }
    });
    let secs = start.elapsed().as_secs_f64();
    let pages = pages.load(Ordering::Relaxed);
    for f in failed.lock().map(|f| f.clone()).unwrap_or_default() {
        println!("failed {f}");
    }
    println!(
        "techscan jobs={jobs} files={} pages={pages} seconds={secs:.3} pages_per_s={:.0}",
        inputs.len(),
        pages as f64 / secs
    );
    Ok(())
}

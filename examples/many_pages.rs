//! Writes a PDF of N pages (default 10,000), each a numbered clause of ordinary supply
//! contract text, for measuring how techscan copes with very long documents:
//!
//! ```sh
//! cargo run --release --example many_pages -- /tmp/10k.pdf 10000
//! /usr/bin/time -v target/release/techscan scan --format json -o /dev/null /tmp/10k.pdf
//! ```
//!
//! The writer is the one the hostile-input tests use (`tests/it/pdf_writer.rs`).

#![allow(clippy::print_stdout, reason = "an example binary reports on stdout")]

#[path = "../tests/it/pdf_writer.rs"]
mod pdf_writer;

use anyhow::{Context as _, Result};

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args.next().context("usage: many_pages OUT.pdf [PAGES]")?;
    let pages: usize = match args.next() {
        Some(n) => n.parse().context("PAGES must be a number")?,
        None => 10_000,
    };
    let bytes = pdf_writer::many_pages(pages);
    std::fs::write(&path, &bytes).with_context(|| format!("cannot write {path}"))?;
    println!("{path}: {pages} pages, {} bytes", bytes.len());
    Ok(())
}

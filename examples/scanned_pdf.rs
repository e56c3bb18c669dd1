//! Wraps JPEG page images (a scan, e.g. `pdftoppm -r 300 -gray -jpeg`) into an image-only
//! PDF, one page per image, for measuring OCR (`benches/ocr_vs_pipeline.sh`):
//!
//! ```sh
//! pdftoppm -r 300 -gray -jpeg contract.pdf /tmp/page
//! cargo run --release --example scanned_pdf -- /tmp/scan.pdf 300 /tmp/page-*.jpg
//! ```
//!
//! The writer is the one the OCR tests use (`tests/it/pdf_writer.rs`).

#[path = "../tests/it/pdf_writer.rs"]
mod pdf_writer;

use anyhow::{Context as _, Result};

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: scanned_pdf OUT.pdf DPI PAGE.jpg...";
    let out = args.next().context(usage)?;
    let dpi: f32 = args
        .next()
        .context(usage)?
        .parse()
        .context("DPI is a number")?;
    let pages = args
        .map(|p| std::fs::read(&p).with_context(|| format!("cannot read {p}")))
        .collect::<Result<Vec<_>>>()?;
    anyhow::ensure!(!pages.is_empty(), "{usage}");
    std::fs::write(&out, pdf_writer::scanned(&pages, dpi))
        .with_context(|| format!("cannot write {out}"))
}

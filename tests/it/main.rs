//! The one integration-test binary: runs the built `techscan` CLI the way users do.
//!
//! A test that needs data or a tool a machine may lack never passes without it: it carries
//! `#[cfg_attr(not(has_corpus), ignore = "../shared/corpus absent")]` (or `has_sarif_schema`,
//! `has_tesseract`, `has_libreoffice`, `has_pdftoppm`, `has_poppler_data`, `has_chromium`,
//! `has_pyspark`), flags that `build.rs` sets after probing once per build, and reads the corpus
//! through [`util::corpus`], which is the folder that was probed. See `build.rs` for the
//! `TECHSCAN_TEST_*` variables (`TECHSCAN_TEST_WITHOUT=corpus` to check that a test is ignored,
//! `TECHSCAN_TEST_REQUIRE`, set by `.ci/run`, to make an absent item fail the build).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

mod archives;
mod cache;
mod catalogue;
mod ci;
mod cli;
mod corpus;
mod detection;
mod distributed;
mod evaluation;
mod formats;
mod hostile;
mod interrupt;
mod jbig2_writer;
mod legacy_formats;
mod ocr;
mod pdf_writer;
mod samples;
mod scorer_weights;
mod util;

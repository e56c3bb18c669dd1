//! The one integration-test binary: runs the built `techscan` CLI the way users do.

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
mod pdf_writer;
mod samples;
mod util;

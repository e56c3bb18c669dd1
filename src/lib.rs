//! techscan finds technology transfers out of mainland China in contracts and checks them
//! against the Catalogue of Technologies Prohibited or Restricted from Export.
//!
//! The pipeline: [`discover`] → [`extract`] (PDF, DOCX, text) → normalise → [`analyze`]
//! (segments, definitions, parties, transfer clauses, direction) → [`catalogue`] match →
//! [`risk`] assessment → [`report`]. [`pipeline`] wires the stages and is the only place
//! that runs in parallel.
//!
//! ```
//! use techscan::model::{Block, DocFormat, Extracted};
//! use techscan::pipeline::{Engine, assess_document};
//!
//! let engine = Engine::builtin(Default::default()).unwrap();
//! let text = Extracted {
//!     blocks: vec![Block { text: "This Agreement is governed by the laws of England.".into(), paragraph: 1, ..Block::default() }],
//!     ..Extracted::default()
//! };
//! let report = assess_document(&engine, "memo.txt".into(), DocFormat::Text, text);
//! assert!(report.findings.is_empty());
//! ```

pub mod analyze;
pub mod app;
pub mod archive;
pub mod baseline;
pub mod cache;
pub mod catalogue;
pub mod cli;
pub mod discover;
pub mod error;
pub mod extract;
mod fold;
pub mod merge;
pub mod model;
pub mod pipeline;
pub mod progress;
pub mod progress_bar;
pub mod report;
pub mod risk;
pub mod settings;
pub mod shard;

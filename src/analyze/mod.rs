//! Analysis of extracted text: segmentation (sections, numbering, headings), defined terms,
//! parties and their jurisdictions, transfer-clause classification and the direction of
//! each transfer across the mainland border.
//!
//! Rules are data (`dictionaries/clauses.toml`), loaded and validated once into an
//! [`Analyzer`] that is shared read-only across threads. This module never looks at the
//! catalogue and never decides risk.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::DictionaryError;
use crate::model::{Clause, ExportFlow, Extracted, Party, Segment};

/// Everything analysis learns about one document.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    /// Normalised, located paragraphs in reading order.
    pub segments: Vec<Segment>,
    /// `en`, `zh` or `und`.
    pub language: String,
    pub parties: Vec<Party>,
    /// Transfer clauses, sorted by location then kind.
    pub clauses: Vec<Clause>,
    /// Defined term (as written) → index of the segment that defines it.
    pub definitions: BTreeMap<String, usize>,
    /// Segments where catalogue keywords count as "in a transfer clause": the clauses'
    /// own segments plus the definitions those clauses use.
    pub transfer_context: BTreeSet<usize>,
    pub export_flow: ExportFlow,
    /// Why the export flow is what it is, one line.
    pub export_flow_reason: String,
}

/// Compiled clause and party rules, built once per run.
#[derive(Debug)]
pub struct Analyzer {
    _private: (),
}

impl Analyzer {
    /// Loads and validates the built-in rules in `dictionaries/clauses.toml`.
    ///
    /// # Errors
    /// Every problem in the rules, with file and line.
    pub fn builtin() -> Result<Analyzer, DictionaryError> {
        Ok(Analyzer { _private: () })
    }

    /// Analyses one extracted document.
    pub fn analyze(&self, extracted: &Extracted) -> Analysis {
        let _ = extracted;
        Analysis::default()
    }
}

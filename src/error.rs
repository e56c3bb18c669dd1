//! Error types of the library stages. Each stage has its own `thiserror` enum; `anyhow`
//! appears only in `main.rs` and `app.rs`.
//!
//! An [`ExtractError`] never aborts a run: the pipeline turns it into that document's
//! `failed` outcome with the error's kind and one-line message.

use crate::model::ErrorKind;

/// Why an extractor could not produce text for a document.
///
/// Messages are lowercase, one line, without a trailing period, and name the offending
/// value where there is one ("page 14: unsupported font encoding /Foo"). The path is
/// added once by the pipeline, not here.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ExtractError {
    pub kind: ErrorKind,
    pub message: String,
}

impl ExtractError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        ExtractError {
            kind,
            message: message.into(),
        }
    }

    pub fn malformed(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Malformed, message)
    }

    pub fn encrypted(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Encrypted, message)
    }

    pub fn unsupported(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unsupported, message)
    }

    pub fn limit(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::LimitExceeded, message)
    }
}

/// A problem in a dictionary file (clause rules or catalogue), with file and line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct DictionaryProblem {
    pub file: String,
    /// 1-based line, 0 when unknown.
    pub line: usize,
    pub message: String,
}

/// Every problem found while loading dictionaries, reported at once.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} problem(s) in dictionaries:\n{}", .0.len(), .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
pub struct DictionaryError(pub Vec<DictionaryProblem>);

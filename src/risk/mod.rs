//! Risk: rule registry and assessment (clauses × catalogue matches × direction →
//! findings and a document-level risk). Emitters only format what this module decides.

pub mod assess;
pub mod rules;
pub mod waivers;

pub use assess::{Assessment, assess};

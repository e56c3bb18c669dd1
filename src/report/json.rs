//! JSON report: the contract other tools rely on.
//!
//! # Wire format (`schema_version` "1.0")
//!
//! ```text
//! {
//!   "schema_version": "1.0",
//!   "tool": {"name": "techscan", "version": "0.1.0"},
//!   "catalogue": {"id", "edition", "coverage": {"active_items", "official_items_estimate", "unverified_items", "note"}},
//!                                                  // edition: "2025 (MOFCOM–MOST Announcement 2025 No. 28, …)" or per document
//!   "fail_on": "high",
//!   "shard": {"index": 2, "count": 4},             // only in a `--shard K/N` run: this run holds part of the inputs
//!   "documents": [{
//!     "path", "status": "scanned"|"skipped"|"failed",
//!     "error": {"kind", "message"} | null,          // kind: io|encrypted|malformed|unsupported|limit-exceeded|internal
//!     "format": "pdf"|"docx"|"doc"|"rtf"|"odt"|"text"|"image"|null, "language": "en"|"zh"|"und"|null, "pages": n|null,
//!     "risk": "critical"|"high"|"medium"|"low"|"none"|null,        // null: not scanned, never "no risk"
//!     "export_flow": "outbound"|"inbound-only"|"domestic"|"no-mainland"|"unclear"|null,
//!     "export_flow_reason": string|null,
//!     "parties": [{"name", "jurisdiction", "region", "role", "aliases", "evidence", "location",
//!                  "other_name", "legal_form", "kind", "kind_evidence",
//!                  "seat": {"country", "place", "blank_in_template"},
//!                  "seat_evidence": [{"basis", "quote"}]}],
//!                                                  // the party table: other_name the name in the
//!                                                  // other language; legal_form as written ("Co.,
//!                                                  // Ltd.", "GmbH", "有限公司") or null; kind
//!                                                  // company|institute|university|government|
//!                                                  // individual|jv-to-be-formed|unknown, with the
//!                                                  // words it was read from; seat.country in English
//!                                                  // ("China" for mainland, Hong Kong and Macau —
//!                                                  // region tells them apart) or null when unknown;
//!                                                  // seat_evidence deciding evidence first, basis
//!                                                  // laws-of|incorporation-adjective|
//!                                                  // place-of-incorporation|registered-address|
//!                                                  // credit-code|id-number|notice-address|address|
//!                                                  // signature-block|legal-form|name|template-blank|
//!                                                  // description|presumption, quote the exact words
//!                                                  // (empty only for a whole-document presumption)
//!     "unresolved_mentions": [{"text", "location", "clauses"}],
//!                                                  // party-like mentions in transfer clauses (a role
//!                                                  // word, a short name) that bind to no party
//!     "clauses": [{"kind", "text", "location": {"page", "section", "paragraph"}, "outbound",
//!                  "direction", "giver", "receiver", "confidence", "rules", "defined_terms",
//!                  "parallel"?: {"text", "location"}, "ocr"?: 0.91}],
//!                                                  // parallel: the clause in the other language of
//!                                                  // a bilingual contract; ocr: only on a page read
//!                                                  // by OCR, its mean word confidence (0–1), by
//!                                                  // which "confidence" was scaled
//!     "technology": [{"item", "control_point", "numbering", "edition_code"?, "name", "status",
//!                     "keyword", "matched", "location", "in_clause", "generic", "corroborated",
//!                     "corroboration"?, "verification", "ocr"?}],   // ocr: as in clauses
//!                                                  // edition_code: the entry's former code in the
//!                                                  // edition applied ("056101X" for 086501X under
//!                                                  // 2008/2020), only when it differs from item;
//!                                                  // corroboration: only for generic keywords,
//!                                                  // {"by": specific term|null, "location"|null}
//!                                                  // (null: inside a transfer clause)
//!     "findings": [{"rule", "severity", "message", "location", "evidence", "item", "control_point",
//!                   "legal_basis", "action", "confidence", "ocr"?}],   // ocr: as in clauses
//!     "warnings": [string],
//!     "catalogue_edition": "2025"|null,             // the edition this document was checked against
//!     "waived": [{"finding": {…as in findings}, "reason", "waiver_location"}]   // only when an inline
//!                                                  // `techscan:allow TS201 — reason` paragraph waived findings
//!     "ocr": [{"page", "language", "confidence", "words"}]   // only when pages were read by OCR:
//!                                                  // language "eng"|"chi_sim"|"chi_tra", confidence
//!                                                  // Tesseract's mean word confidence (0–1)
//!   }],
//!   "summary": {"documents", "scanned", "skipped", "failed", "findings", "by_risk", "by_export_flow",
//!               "by_rule", "failed_by_kind", "max_risk"}
//! }
//! ```
//!
//! `message`, `legal_basis`, `action` and technology `name` follow `--lang` (en, zh); keys
//! and codes never change with the language.
//!
//! Kinds are `assignment`, `licence`, `grant-back`, `know-how`, `technical-services`,
//! `jv-contribution`. Documents are in path order; findings in (location, rule, item)
//! order. The output has no timestamp, so the same input gives the same bytes.
//!
//! Bidi controls and zero-width characters in document text are written as `\uXXXX`
//! escapes ([`JsonInvisible`]): the decoded text is unchanged.

use std::io::{self, Write};

use super::Report;
use super::sanitize::JsonInvisible;

/// Writes the report as pretty-printed JSON followed by a newline, streaming the documents
/// from the report (one at a time when they are spooled).
///
/// # Errors
/// Errors of the writer, or of reading spooled documents back.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut escaped = JsonInvisible::new(&mut *out);
    serde_json::to_writer_pretty(&mut escaped, report)
        .map_err(|e| report.documents.serde_error(e))?;
    escaped.finish()?.write_all(b"\n")
}

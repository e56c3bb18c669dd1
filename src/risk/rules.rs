//! The registry of risk rules: stable codes, severities and the documentation that feeds
//! `techscan explain`, the reports and (later) SARIF rule metadata.
//!
//! Codes are never reused. `TS1xx` prohibited technology flowing outbound, `TS2xx`
//! restricted technology outbound, `TS3xx` outbound or listed technology needing a closer
//! look, `TS4xx` informational, `TS9xx` input that could not be fully read.
//!
//! Article numbers follow the consolidated 2020 text of the Regulations on the
//! Administration of Technology Import and Export; many translations still use the 2002
//! numbering, which the legal basis notes where it differs.

use crate::model::Severity;

/// One risk rule and its documentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub what_it_detects: &'static str,
    pub why_it_matters: &'static str,
    pub example: &'static str,
    pub legal_basis: &'static str,
    pub action: &'static str,
}

pub const PROHIBITED_OUTBOUND: &str = "TS101";
pub const RESTRICTED_OUTBOUND: &str = "TS201";
pub const LISTED_DIRECTION_UNCLEAR: &str = "TS301";
pub const OUTBOUND_UNLISTED: &str = "TS302";
pub const TRANSFER_NOT_OUTBOUND: &str = "TS401";
pub const CATALOGUE_TERM_IN_PASSING: &str = "TS402";
pub const PARTLY_UNREADABLE: &str = "TS901";

/// Every rule, ordered by code.
pub const RULES: &[Rule] = &[
    Rule {
        code: PROHIBITED_OUTBOUND,
        name: "prohibited-technology-outbound",
        severity: Severity::Critical,
        what_it_detects: "A transfer clause (assignment, licence, grant-back, know-how, technical services or JV contribution) by which a mainland party gives a party outside the mainland technology that a prohibited (J) entry of the Catalogue of Technologies Prohibited or Restricted from Export covers.",
        why_it_matters: "Prohibited technology may not be exported at all. Exporting it can lead to criminal liability (smuggling, illegal business operation, leaking state secrets) or confiscation and fines of 1-5 times the illegal gains, and a Chinese patent assignment of such technology cannot be recorded.",
        example: "甲方同意将其稀土分离提纯工艺技术秘密许可乙方（越南）使用 — a mainland company licenses rare-earth separation know-how to a Vietnamese company.",
        legal_basis: "Regulations on the Administration of Technology Import and Export (2020 text) Art. 2 (transfer modes), Art. 28 (catalogue), Art. 29 (prohibited technology may not be exported; Art. 32 in the 2002 numbering), Art. 43 (liability); Catalogue of Technologies Prohibited or Restricted from Export (2023, as amended 2025)",
        action: "Do not export. Remove the technology or the transfer from the agreement, or restructure so that the technology does not leave the mainland; obtain PRC export-control counsel's advice before signing.",
    },
    Rule {
        code: RESTRICTED_OUTBOUND,
        name: "restricted-technology-outbound",
        severity: Severity::High,
        what_it_detects: "A transfer clause by which a mainland party gives a party outside the mainland technology that a restricted (X) entry of the Catalogue covers, including a grant-back of improvements by a Chinese licensee under an inbound licence and technical services performed by a mainland party for a foreign one.",
        why_it_matters: "Restricted technology may be exported only under a MOFCOM licence: substantive negotiation needs a letter of intent first, and the contract takes effect only on the day the licence issues. A grant-back clause in an inbound licence is the export that reviewers most often miss.",
        example: "Licensee shall grant to Licensor an exclusive, royalty-free licence to all Improvements to the far-field speech recognition technology — the Chinese licensee grants back speech-recognition improvements (086501X control point 18).",
        legal_basis: "Regulations on the Administration of Technology Import and Export (2020 text) Art. 2, Art. 30 (licence management), Art. 31 (application), Art. 32 (30-working-day review), Art. 33 (letter of intent before substantive negotiation), Art. 34-35 (licence; the contract takes effect when the licence issues); Arts. 33-36 and following in the 2002 numbering; Measures for the Administration of Technologies Prohibited or Restricted from Export (2009) Arts. 3-7",
        action: "Apply to the provincial commerce department for a technology-export licence (letter of intent) before substantive negotiation; make signing and effectiveness conditional on the licence, which is when the contract takes effect; if the technology is a state secret, a secrecy review comes first.",
    },
    Rule {
        code: LISTED_DIRECTION_UNCLEAR,
        name: "listed-technology-direction-unclear",
        severity: Severity::Medium,
        what_it_detects: "A transfer clause that concerns technology on the Catalogue, where techscan could not establish who gives the technology to whom or where a party is established.",
        why_it_matters: "If the giver is a mainland party and the receiver is outside the mainland, the transfer is an export of prohibited or restricted technology; the direction decides everything.",
        example: "The Company shall provide the Technical Documentation for the LiDAR system to the Purchaser — with the parties' jurisdictions not stated in the preamble.",
        legal_basis: "Regulations on the Administration of Technology Import and Export (2020 text) Art. 2 (technology export is a transfer out of the PRC), Arts. 29-30",
        action: "Establish each party's place of incorporation and which party provides the technology; if a mainland party provides it to a party outside the mainland, treat the clause as TS101 (prohibited) or TS201 (restricted).",
    },
    Rule {
        code: OUTBOUND_UNLISTED,
        name: "outbound-transfer-unlisted-technology",
        severity: Severity::Medium,
        what_it_detects: "A transfer clause by which a mainland party gives technology to a party outside the mainland, where the technology did not match any catalogue entry techscan knows.",
        why_it_matters: "Technology that is not prohibited or restricted may be exported freely, but the export contract must be registered; and techscan's catalogue data is incomplete (see the coverage line of the report), so the technology must still be checked against the official catalogue.",
        example: "Party A shall dispatch engineers to provide commissioning services at the Purchaser's plant in Malaysia.",
        legal_basis: "Regulations on the Administration of Technology Import and Export (2020 text) Art. 2, Art. 36 (contract registration of freely exportable technology), Arts. 37-38 (filings, registration certificate), Art. 40 (changes)",
        action: "Check the technology against the official catalogue (and the dual-use export-control list); if it is not listed, register the technology-export contract with the commerce department (registration is not a condition of validity but is needed for foreign exchange, tax and customs).",
    },
    Rule {
        code: TRANSFER_NOT_OUTBOUND,
        name: "transfer-without-outbound-flow",
        severity: Severity::Low,
        what_it_detects: "Technology transfer clauses whose technology flows into the mainland, stays within it, or never touches it.",
        why_it_matters: "No export under Art. 2 follows from these clauses as written; amendments that add a grant-back, services by the mainland party or a transfer to an offshore affiliate would change that.",
        example: "Licensor (Germany) hereby grants to Licensee (Shenzhen) a non-exclusive licence under the Licensed Patents.",
        legal_basis: "Regulations on the Administration of Technology Import and Export (2020 text) Art. 2",
        action: "No export formality. Inbound transfers may need technology-import contract registration; re-check if the agreement is amended.",
    },
    Rule {
        code: CATALOGUE_TERM_IN_PASSING,
        name: "catalogue-term-in-passing",
        severity: Severity::Low,
        what_it_detects: "Catalogue technology named in the agreement outside any outbound transfer clause (recitals, descriptions of the business, inbound transfers).",
        why_it_matters: "The technology is in the deal's subject matter; a later clause, side letter or service arrangement that moves it out of the mainland would need a licence or be prohibited.",
        example: "WHEREAS, the Company develops speech synthesis products for the Chinese market.",
        legal_basis: "Catalogue of Technologies Prohibited or Restricted from Export (2023, as amended 2025)",
        action: "Confirm that no other document of the transaction moves this technology out of the mainland.",
    },
    Rule {
        code: PARTLY_UNREADABLE,
        name: "partly-unreadable-document",
        severity: Severity::Medium,
        what_it_detects: "Pages or parts of a document that techscan could not read as text (scanned images, fonts without a Unicode mapping).",
        why_it_matters: "A transfer clause on an unreadable page cannot be found; the document cannot be cleared on techscan's word alone.",
        example: "page 7: no text layer (scanned image?)",
        legal_basis: "-",
        action: "Review the listed pages by hand or run OCR and scan the result again.",
    },
];

/// Looks a rule up by code (case-insensitive).
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code.eq_ignore_ascii_case(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_sorted_and_well_formed() {
        let codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted);
        for r in RULES {
            assert!(r.code.len() == 5 && r.code.starts_with("TS"), "{}", r.code);
            assert!(!r.action.is_empty() && !r.why_it_matters.is_empty());
        }
    }

    #[test]
    fn lookup_is_case_insensitive() {
        assert_eq!(rule("ts201").map(|r| r.severity), Some(Severity::High));
        assert!(rule("TS999").is_none());
    }
}

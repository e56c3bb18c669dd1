//! The party table as every report shows it: one row per party in plain text — name (and
//! the other-language name), role and short names, kind, seat in English, and the seat
//! evidence as `basis “quote”` — plus the unresolved mentions. Each emitter escapes these
//! strings for its own medium; this module decides nothing.

use crate::model::{Party, Region, SeatBasis, UnresolvedMention};

use super::places::seat_in_english;

/// One party, as plain text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartyRow {
    /// `SHENZHEN X CO., LTD. (深圳某某有限公司)`.
    pub name: String,
    /// `Licensee, 乙方`; empty when the contract gives none.
    pub roles: String,
    /// `company (CO., LTD.)`, `university (University)`, `unknown`.
    pub kind: String,
    /// `Shenzhen, Guangdong, China (mainland)`, `Germany (foreign)`, `seat unknown`.
    pub seat: String,
    /// `laws-of “organized under the laws of …”`, one per piece of evidence.
    pub evidence: Vec<String>,
}

/// The rows of a document's party table, in the document's party order.
pub fn rows(parties: &[Party]) -> Vec<PartyRow> {
    parties.iter().map(row).collect()
}

fn row(p: &Party) -> PartyRow {
    let name = match &p.other_name {
        Some(o) => format!("{} ({o})", p.name),
        None => p.name.clone(),
    };
    let mut roles: Vec<&str> = p.role.iter().map(String::as_str).collect();
    for a in &p.aliases {
        if !roles.contains(&a.as_str()) {
            roles.push(a);
        }
    }
    let kind = match (&p.kind_evidence, p.kind.as_str()) {
        (Some(words), kind) => format!("{kind} ({words})"),
        (None, kind) => kind.to_owned(),
    };
    let evidence = p
        .seat_evidence
        .iter()
        .map(|e| match (e.basis, e.quote.is_empty()) {
            (SeatBasis::Presumption, true) => format!(
                "presumption ({})",
                p.jurisdiction
                    .as_deref()
                    .unwrap_or("the document as a whole")
            ),
            (basis, true) => basis.as_str().to_owned(),
            (basis, false) => format!("{} “{}”", basis.as_str(), e.quote),
        })
        .collect();
    PartyRow {
        name,
        roles: roles.join(", "),
        kind,
        seat: seat(p),
        evidence,
    }
}

/// The seat in English with the region the border test uses.
fn seat(p: &Party) -> String {
    let region = match p.region {
        Region::Mainland => "mainland",
        Region::HongKong => "Hong Kong",
        Region::Macau => "Macau",
        Region::Taiwan => "Taiwan",
        Region::Foreign => "foreign",
        Region::Unknown => "region unknown",
    };
    let s = &p.seat;
    if s.country.is_none() && s.place.is_none() && !s.blank_in_template {
        // No structured seat (a report written before the party table, or a region with no
        // country in words): the jurisdiction as found, its Chinese place names in English.
        return match p.region.is_mainland() {
            Some(mainland) => format!(
                "{} ({region})",
                seat_in_english(p.jurisdiction.as_deref(), mainland)
            ),
            None => "seat unknown".to_owned(),
        };
    }
    format!("{} ({region})", s.display())
}

/// `“Distributor” (¶ 3, 2 clauses)`, one per mention.
pub fn unresolved(mentions: &[UnresolvedMention]) -> Vec<String> {
    mentions
        .iter()
        .map(|m| {
            let clauses = if m.clauses == 1 {
                "1 clause".to_owned()
            } else {
                format!("{} clauses", m.clauses)
            };
            format!("“{}” ({}, {clauses})", m.text, m.location.display())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PartyKind, Seat, SeatEvidence};

    #[test]
    fn a_row_shows_the_seat_in_english_and_each_piece_of_evidence() {
        let p = Party {
            name: "SHENZHEN X CO., LTD.".to_owned(),
            other_name: Some("深圳某某有限公司".to_owned()),
            role: Some("Licensee".to_owned()),
            aliases: vec!["Licensee".to_owned(), "乙方".to_owned()],
            region: Region::Mainland,
            kind: PartyKind::Company,
            kind_evidence: Some("CO., LTD.".to_owned()),
            seat: Seat {
                country: Some("China".to_owned()),
                place: Some("Shenzhen, Guangdong".to_owned()),
                blank_in_template: false,
            },
            seat_evidence: vec![SeatEvidence {
                basis: SeatBasis::LawsOf,
                quote: "organized under the laws of the People's Republic of China".to_owned(),
            }],
            ..Party::default()
        };
        let r = row(&p);
        assert_eq!(r.name, "SHENZHEN X CO., LTD. (深圳某某有限公司)");
        assert_eq!(r.roles, "Licensee, 乙方");
        assert_eq!(r.kind, "company (CO., LTD.)");
        assert_eq!(r.seat, "Shenzhen, Guangdong, China (mainland)");
        assert_eq!(
            r.evidence,
            ["laws-of “organized under the laws of the People's Republic of China”"]
        );
    }

    #[test]
    fn without_a_structured_seat_the_jurisdiction_is_shown_in_english() {
        let p = Party {
            name: "甲方".to_owned(),
            jurisdiction: Some("深圳".to_owned()),
            region: Region::Mainland,
            ..Party::default()
        };
        assert_eq!(row(&p).seat, "Shenzhen (深圳), mainland China (mainland)");
        let unknown = Party {
            name: "Acme Ltd".to_owned(),
            ..Party::default()
        };
        assert_eq!(row(&unknown).seat, "seat unknown");
        assert_eq!(row(&unknown).kind, "unknown");
    }
}

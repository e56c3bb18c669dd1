//! Editions of the catalogue and the dates that decide which one applies.
//!
//! An [`Edition`] is the catalogue as it stood after one instrument took effect: the 2008
//! catalogue (Order 2008 No. 12), its 2020 amendment (Announcement 2020 No. 38), the 2023
//! replacement (Announcement 2023 No. 57) and its 2025 amendment (Announcement 2025
//! No. 28). Which entries are in force in an edition is worked out from each entry's
//! `history` (see `Item::status_in`). Dates are `YYYY-MM-DD` strings, which order
//! correctly as strings. This module only knows dates; it reads no contract text.

use std::fmt;

/// One edition of the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Edition {
    /// `2008`, `2020`, `2023`, `2025`.
    pub id: &'static str,
    /// The instrument that made this edition (`Announcement 2025 No. 28`).
    pub instrument: &'static str,
    /// The day the instrument took effect (`YYYY-MM-DD`).
    pub in_force: &'static str,
    /// What the edition is, in one line.
    pub description: &'static str,
    /// Entries of the official catalogue in this edition: 150 (2008), 164 (2020), 134
    /// (2023) as reported; 132 for 2025 is arithmetic (134 − 3 + 1), not a sourced figure.
    pub official_items: usize,
}

/// Every edition techscan models, oldest first. Facts: `law.md` §5 (revision history).
pub const EDITIONS: [Edition; 4] = [
    Edition {
        id: "2008",
        official_items: 150,
        instrument: "MOFCOM–MOST Order 2008 No. 12",
        in_force: "2008-11-01",
        description: "the 2008 catalogue (issued 2008-09-16, in force 2008-11-01)",
    },
    Edition {
        id: "2020",
        official_items: 164,
        instrument: "MOFCOM–MOST Announcement 2020 No. 38",
        in_force: "2020-08-28",
        description: "the 2008 catalogue as amended on 2020-08-28",
    },
    Edition {
        id: "2023",
        official_items: 134,
        instrument: "MOFCOM–MOST Announcement 2023 No. 57",
        in_force: "2023-12-21",
        description: "the 2023 catalogue, replacing the 2008 one on 2023-12-21",
    },
    Edition {
        id: "2025",
        official_items: 132,
        instrument: "MOFCOM–MOST Announcement 2025 No. 28",
        in_force: "2025-07-15",
        description: "the 2023 catalogue as amended on 2025-07-15",
    },
];

/// Index of the latest edition in [`EDITIONS`].
const LATEST: usize = EDITIONS.len() - 1;

impl Edition {
    /// The latest edition (2025).
    pub fn latest() -> &'static Edition {
        &EDITIONS[LATEST]
    }

    /// The earliest edition (2008).
    pub fn earliest() -> &'static Edition {
        &EDITIONS[0]
    }

    /// Looks an edition up by id, or `latest`.
    pub fn parse(text: &str) -> Option<&'static Edition> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("latest") {
            return Some(Edition::latest());
        }
        EDITIONS.iter().find(|e| e.id == t)
    }

    /// The edition in force on `date` (`YYYY-MM-DD`); `None` before the 2008 catalogue
    /// took effect (2008-11-01).
    pub fn in_force_on(date: &str) -> Option<&'static Edition> {
        EDITIONS.iter().rev().find(|e| e.in_force <= date)
    }

    /// Position in [`EDITIONS`], oldest first.
    pub fn index(&self) -> usize {
        EDITIONS
            .iter()
            .position(|e| e.id == self.id)
            .unwrap_or(LATEST)
    }

    /// `2025 (MOFCOM–MOST Announcement 2025 No. 28, in force 2025-07-15)`: the edition and
    /// its instrument, as reports name it.
    pub fn label(&self) -> String {
        format!(
            "{} ({}, in force {})",
            self.id, self.instrument, self.in_force
        )
    }
}

impl fmt::Display for Edition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id)
    }
}

/// Which edition a scan applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditionChoice {
    /// One edition for every document (`--catalogue`, `--as-of DATE`, or the default).
    Fixed(&'static Edition),
    /// Per document, the edition in force on the signing or effective date found in it
    /// (`--as-of signing`); today when none is found.
    Signing,
}

impl Default for EditionChoice {
    fn default() -> Self {
        EditionChoice::Fixed(Edition::latest())
    }
}

/// Checks a `YYYY-MM-DD` date (month 1–12, day valid for the month).
pub fn is_valid_date(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> { text.get(r)?.parse().ok() };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    if !b
        .iter()
        .enumerate()
        .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
    {
        return false;
    }
    (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)
}

/// Days in a month of the proleptic Gregorian calendar.
pub fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Today's date (UTC) as `YYYY-MM-DD`.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let m = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_of_picks_the_edition_on_both_sides_of_each_date() {
        let cases: &[(&str, Option<&str>)] = &[
            ("2008-10-31", None),
            ("2008-11-01", Some("2008")),
            ("2020-08-27", Some("2008")),
            ("2020-08-28", Some("2020")),
            ("2023-12-20", Some("2020")),
            ("2023-12-21", Some("2023")),
            ("2025-07-14", Some("2023")),
            ("2025-07-15", Some("2025")),
            ("2030-01-01", Some("2025")),
        ];
        for (date, want) in cases {
            assert_eq!(
                Edition::in_force_on(date).map(|e| e.id),
                *want,
                "date {date}"
            );
        }
    }

    #[test]
    fn editions_parse_by_id_and_latest() {
        assert_eq!(Edition::parse("latest").map(|e| e.id), Some("2025"));
        assert_eq!(Edition::parse("2020").map(Edition::index), Some(1));
        assert_eq!(Edition::parse("2021"), None);
        assert_eq!(
            Edition::latest().label(),
            "2025 (MOFCOM–MOST Announcement 2025 No. 28, in force 2025-07-15)"
        );
    }

    #[test]
    fn dates_are_validated_and_today_is_well_formed() {
        for (d, ok) in [
            ("2024-02-29", true),
            ("2023-02-29", false),
            ("2025-13-01", false),
            ("2025-1-01", false),
            ("2025-04-31", false),
            ("+025-04-01", false),
        ] {
            assert_eq!(is_valid_date(d), ok, "{d}");
        }
        assert!(is_valid_date(&today()));
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_089), (2025, 1, 1));
    }
}

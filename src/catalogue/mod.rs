//! The Catalogue of Technologies Prohibited or Restricted from Export as validated data
//! (`dictionaries/catalogue/*.toml`, schema in `dictionaries/README.md`), and the keyword
//! matcher over it (the only user of aho-corasick).
//!
//! `item.rs` holds the entry model, `load.rs` parses and validates dictionary files,
//! `matcher.rs` compiles and runs the keywords. This module finds technology; it never
//! decides direction or risk.

mod item;
mod load;
mod matcher;

use std::collections::BTreeSet;

pub use item::{ControlPoint, EventKind, HistoryEvent, Item, Keywords, Status, Verification};

use crate::error::DictionaryError;
use crate::model::{Segment, TechMatch};
use matcher::Matcher;

/// Catalogue id reported with every scan.
pub const CATALOGUE_ID: &str = "cn-tech-export-catalogue";

/// Edition of the built-in data: the 2023 catalogue (Announcement 2023 No. 57) as amended
/// by Announcement 2025 No. 28.
pub const EDITION: &str = "2025";

/// Estimated number of in-force entries in the official catalogue. Arithmetic, not a
/// sourced figure: 134 entries in 2023 (24 prohibited / 110 restricted), minus the 3
/// deleted and plus the 1 added by Announcement 2025 No. 28.
pub const OFFICIAL_ITEMS_ESTIMATE: usize = 132;

/// The shipped dictionary files, embedded at build time. A problem in them is a bug.
const BUILTIN: &[(&str, &str)] = &[
    (
        "dictionaries/catalogue/aerospace-geospatial.toml",
        include_str!("../../dictionaries/catalogue/aerospace-geospatial.toml"),
    ),
    (
        "dictionaries/catalogue/electronics-optics.toml",
        include_str!("../../dictionaries/catalogue/electronics-optics.toml"),
    ),
    (
        "dictionaries/catalogue/industry-traditional.toml",
        include_str!("../../dictionaries/catalogue/industry-traditional.toml"),
    ),
    (
        "dictionaries/catalogue/life-sciences-agriculture.toml",
        include_str!("../../dictionaries/catalogue/life-sciences-agriculture.toml"),
    ),
    (
        "dictionaries/catalogue/materials-energy.toml",
        include_str!("../../dictionaries/catalogue/materials-energy.toml"),
    ),
    (
        "dictionaries/catalogue/software-it.toml",
        include_str!("../../dictionaries/catalogue/software-it.toml"),
    ),
];

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
    items: Vec<Item>,
    matcher: Matcher,
}

impl Catalogue {
    /// Loads and validates the built-in catalogue data.
    ///
    /// # Errors
    /// Every problem in the data, with file and line (a bug in techscan when it happens).
    pub fn builtin() -> Result<Catalogue, DictionaryError> {
        let sources: Vec<(String, String)> = BUILTIN
            .iter()
            .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
            .collect();
        Catalogue::from_sources(&sources)
    }

    /// Loads catalogue data from `(file name, TOML text)` pairs with the same validation
    /// as the built-in data.
    ///
    /// # Errors
    /// Every problem in every file at once, each with file and 1-based line.
    pub fn from_sources(sources: &[(String, String)]) -> Result<Catalogue, DictionaryError> {
        let items = load::load(sources)?;
        let matcher = Matcher::build(&items)?;
        Ok(Catalogue {
            id: CATALOGUE_ID.to_owned(),
            edition: EDITION.to_owned(),
            items,
            matcher,
        })
    }

    /// Every entry in the data, active or not, in file order.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// Looks an entry up by id or by its report code (`086501X`, `uncoded:lidar-system`).
    pub fn item(&self, key: &str) -> Option<&Item> {
        self.items
            .iter()
            .find(|i| i.id == key || i.report_code() == key || i.code.as_deref() == Some(key))
    }

    /// Number of compiled patterns (keywords and generated spelling variants).
    pub fn pattern_count(&self) -> usize {
        self.matcher.pattern_count()
    }

    /// How much of the official catalogue the data covers.
    pub fn coverage(&self) -> Coverage {
        let active: Vec<&Item> = self.items.iter().filter(|i| i.is_active()).collect();
        let unverified = active
            .iter()
            .filter(|i| i.verification == Verification::Unverified)
            .count();
        let coded = active
            .iter()
            .filter(|i| i.code.is_some() && i.code_edition.as_deref().is_none_or(|e| e != "2008"))
            .count();
        Coverage {
            active_items: active.len(),
            official_items_estimate: OFFICIAL_ITEMS_ESTIMATE,
            unverified_items: unverified,
            note: format!(
                "catalogue data: {} of about {} in-force entries; {} unverified; current codes captured for {}",
                active.len(),
                OFFICIAL_ITEMS_ESTIMATE,
                unverified,
                coded
            ),
        }
    }

    /// Finds catalogue technology in a document's segments. Matches in
    /// `transfer_context` segments are marked `in_clause`.
    pub fn find(&self, segments: &[Segment], transfer_context: &BTreeSet<usize>) -> Vec<TechMatch> {
        self.matcher.find(&self.items, segments, transfer_context)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_data_loads() {
        let catalogue = match Catalogue::builtin() {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(catalogue.items().len(), 75);
        assert_eq!(catalogue.id, "cn-tech-export-catalogue");
    }
}

#[cfg(test)]
mod canonical_tests {
    use super::*;

    /// Shipped files keep entries sorted by id and every keyword list free of duplicates
    /// (duplicates are a validation problem, so `builtin()` catches those).
    #[test]
    fn shipped_files_are_canonical() {
        let catalogue = match Catalogue::builtin() {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        };
        for (file, _) in BUILTIN {
            let ids: Vec<&str> = catalogue
                .items()
                .iter()
                .filter(|i| i.file == *file)
                .map(|i| i.id.as_str())
                .collect();
            let mut sorted = ids.clone();
            sorted.sort_unstable();
            let diff: Vec<String> = ids
                .iter()
                .zip(&sorted)
                .enumerate()
                .filter(|(_, (a, b))| a != b)
                .map(|(n, (a, b))| format!("  entry {}: found `{a}`, expected `{b}`", n + 1))
                .collect();
            assert!(
                diff.is_empty(),
                "{file}: entries are not sorted by id:\n{}",
                diff.join("\n")
            );
            for item in catalogue.items().iter().filter(|i| i.file == *file) {
                let mut cps: Vec<Option<u32>> =
                    item.control_points.iter().map(|c| c.number).collect();
                let listed = cps.clone();
                cps.sort_unstable();
                assert_eq!(
                    listed, cps,
                    "{file}: control points of `{}` not sorted by number",
                    item.id
                );
            }
        }
    }

    #[test]
    fn coverage_is_computed_from_the_data() {
        let catalogue = match Catalogue::builtin() {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        };
        let coverage = catalogue.coverage();
        let active = catalogue.items().iter().filter(|i| i.is_active()).count();
        assert_eq!(coverage.active_items, active);
        assert_eq!(coverage.official_items_estimate, 132);
        assert!(
            coverage
                .note
                .starts_with(&format!("catalogue data: {active} of about 132"))
        );
        assert!(coverage.unverified_items > 0 && coverage.unverified_items < active);
    }

    #[test]
    fn every_research_row_is_encoded_once() {
        let catalogue = match Catalogue::builtin() {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        };
        // 80 rows: 75 entries plus the 5 sub-rows that are control points 17-21 of 086501X.
        let info = catalogue.item("086501X").map(|i| {
            i.control_points
                .iter()
                .filter_map(|c| c.number)
                .collect::<Vec<_>>()
        });
        assert_eq!(info, Some(vec![17, 18, 19, 20, 21]));
        assert_eq!(catalogue.items().len(), 75);
        assert_eq!(
            catalogue
                .item("uncoded:lidar-system")
                .map(|i| i.id.as_str()),
            Some("lidar-system")
        );
    }
}

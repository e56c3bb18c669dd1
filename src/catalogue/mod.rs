//! The Catalogue of Technologies Prohibited or Restricted from Export as validated data
//! (`dictionaries/catalogue/*.toml`, schema in `dictionaries/README.md`), and the keyword
//! matcher over it (the only user of aho-corasick).
//!
//! `item.rs` holds the entry model, `load.rs` parses and validates dictionary files,
//! `matcher.rs` compiles and runs the keywords. This module finds technology; it never
//! decides direction or risk.

mod edition;
mod import;
mod item;
mod load;
mod matcher;
mod signing;

use std::collections::BTreeSet;
use std::sync::OnceLock;

pub use edition::{EDITIONS, Edition, EditionChoice, is_valid_date, today};
pub use import::import_csv;
pub use item::{
    Comparison, ControlPoint, EventKind, FormerCode, HistoryEvent, Item, Keywords, Parameter,
    Status, UNVERIFIED_NOTICE, Verification, unverified_notice,
};
pub use signing::{SigningDate, find_signing_date};

use crate::error::DictionaryError;
use crate::model::{ItemStatus, Segment, TechMatch};
use matcher::Matcher;

/// Catalogue id reported with every scan.
pub const CATALOGUE_ID: &str = "cn-tech-export-catalogue";

/// Edition of the built-in data: the 2023 catalogue (Announcement 2023 No. 57) as amended
/// by Announcement 2025 No. 28.
pub const EDITION: &str = "2025";

/// Estimated number of in-force entries in the official catalogue. Arithmetic, not a
/// sourced figure: 134 entries in 2023 (24 prohibited / 110 restricted), minus the 3
/// deleted and plus the 1 added by Announcement 2025 No. 28.
pub const OFFICIAL_ITEMS_ESTIMATE: usize = EDITIONS[3].official_items;

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
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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

/// The loaded catalogue with one compiled matcher per edition, built once and shared
/// read-only. The latest edition's matcher is built (and so checked) on load; the others
/// on first use, so a scan against one edition does not pay for the other three.
#[derive(Debug)]
pub struct Catalogue {
    pub id: String,
    /// The default edition's id (`2025`, the latest).
    pub edition: String,
    items: Vec<Item>,
    /// One matcher per entry of [`EDITIONS`], same order, built on first use.
    matchers: Vec<OnceLock<Matcher>>,
}

/// What changed between two editions (see [`Catalogue::diff`]).
#[derive(Debug)]
pub struct EditionDiff<'a> {
    /// In force in the second edition, not in the first, with the events between them.
    pub added: Vec<(&'a Item, Vec<&'a HistoryEvent>)>,
    /// In force in the first edition, not in the second.
    pub removed: Vec<(&'a Item, Vec<&'a HistoryEvent>)>,
    /// In force in both, with the `amended` or `renumbered` events between them.
    pub amended: Vec<(&'a Item, Vec<&'a HistoryEvent>)>,
}

/// The catalogue as it stood in one edition (see [`Catalogue::for_edition`]).
#[derive(Clone, Copy, Debug)]
pub struct EditionView<'a> {
    catalogue: &'a Catalogue,
    pub edition: &'static Edition,
}

impl EditionView<'_> {
    /// Entries in force in this edition, with their status there, in file order.
    pub fn items(&self) -> Vec<(&Item, ItemStatus)> {
        self.catalogue
            .items
            .iter()
            .filter_map(|i| i.status_in(self.edition).map(|s| (i, s)))
            .collect()
    }

    /// Finds this edition's technology in a document's segments. Matches in
    /// `transfer_context` segments are marked `in_clause`.
    pub fn find(&self, segments: &[Segment], transfer_context: &BTreeSet<usize>) -> Vec<TechMatch> {
        self.catalogue
            .matcher(self.edition)
            .find(&self.catalogue.items, segments, transfer_context)
    }
}

/// The shipped catalogue files as `(file name, TOML text)`, in load order.
pub fn builtin_sources() -> &'static [(&'static str, &'static str)] {
    BUILTIN
}

impl Catalogue {
    /// Loads and validates the built-in catalogue data.
    ///
    /// # Errors
    /// Every problem in the data, with file and line (a bug in techscan when it happens).
    pub fn builtin() -> Result<Catalogue, DictionaryError> {
        Catalogue::builtin_with(&[])
    }

    /// Loads the built-in data together with user dictionaries (`(file name, TOML text)`),
    /// all through the same validation: a user entry that clashes with a built-in one
    /// (same id, code or keyword) is a problem of the user file.
    ///
    /// # Errors
    /// Every problem in every file at once, each with file and 1-based line.
    pub fn builtin_with(user: &[(String, String)]) -> Result<Catalogue, DictionaryError> {
        let sources: Vec<(String, String)> = BUILTIN
            .iter()
            .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
            .chain(user.iter().cloned())
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
        // Every edition's matcher, the latest included, is compiled on first use: a rescan
        // served entirely from the cache never needs one (a third of its start-up time).
        let matchers: Vec<OnceLock<Matcher>> = EDITIONS.iter().map(|_| OnceLock::new()).collect();
        Ok(Catalogue {
            id: CATALOGUE_ID.to_owned(),
            edition: EDITION.to_owned(),
            items,
            matchers,
        })
    }

    /// The compiled matcher of `edition`, built on first use.
    ///
    /// # Panics
    /// When an edition's keywords cannot be compiled (the automaton grew past
    /// aho-corasick's limits; the shipped editions are compiled by the tests): caught per
    /// document by the pipeline and reported as an `internal` failure.
    fn matcher(&self, edition: &Edition) -> &Matcher {
        self.matchers[edition.index()].get_or_init(|| {
            Matcher::build(&self.items, edition)
                .unwrap_or_else(|e| panic!("edition {}: {e}", edition.id))
        })
    }

    /// The catalogue as it stood in `edition`: its in-force entries and its matcher.
    pub fn for_edition(&self, edition: &'static Edition) -> EditionView<'_> {
        EditionView {
            catalogue: self,
            edition,
        }
    }

    /// Entries added, removed and amended between two editions (in either order), sorted
    /// by report code.
    pub fn diff(&self, from: &Edition, to: &Edition) -> EditionDiff<'_> {
        let (lo, hi) = if from.in_force <= to.in_force {
            (from.in_force, to.in_force)
        } else {
            (to.in_force, from.in_force)
        };
        let mut diff = EditionDiff {
            added: Vec::new(),
            removed: Vec::new(),
            amended: Vec::new(),
        };
        for item in &self.items {
            let events: Vec<&HistoryEvent> = item
                .history
                .iter()
                .filter(|h| h.date.as_str() > lo && h.date.as_str() <= hi)
                .collect();
            match (item.status_in(from), item.status_in(to)) {
                (None, Some(_)) => diff.added.push((item, events)),
                (Some(_), None) => diff.removed.push((item, events)),
                (Some(_), Some(_)) => {
                    let changes: Vec<&HistoryEvent> = events
                        .into_iter()
                        .filter(|h| matches!(h.event, EventKind::Amended | EventKind::Renumbered))
                        .collect();
                    if !changes.is_empty() {
                        diff.amended.push((item, changes));
                    }
                }
                _ => {}
            }
        }
        for list in [&mut diff.added, &mut diff.removed, &mut diff.amended] {
            list.sort_by_key(|(i, _)| i.report_code());
        }
        diff
    }

    /// Every entry in the data, active or not, in file order.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// Looks an entry up by id, by its report code (`086501X`, `uncoded:lidar-system`) or by
    /// a former code (`056101X`).
    pub fn item(&self, key: &str) -> Option<&Item> {
        self.items.iter().find(|i| {
            i.id == key
                || i.report_code() == key
                || i.code.as_deref() == Some(key)
                || i.former_codes.iter().any(|f| f.code == key)
        })
    }

    /// Number of compiled patterns (keywords and generated spelling variants) of the
    /// latest edition.
    pub fn pattern_count(&self) -> usize {
        self.matcher(Edition::latest()).pattern_count()
    }

    /// How much of the official catalogue (latest edition) the data covers.
    pub fn coverage(&self) -> Coverage {
        self.coverage_in(Edition::latest())
    }

    /// How much of the official catalogue of `edition` the data covers.
    pub fn coverage_in(&self, edition: &Edition) -> Coverage {
        let active: Vec<&Item> = self
            .items
            .iter()
            .filter(|i| i.regime == CATALOGUE_ID && i.status_in(edition).is_some())
            .collect();
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
            official_items_estimate: edition.official_items,
            unverified_items: unverified,
            note: format!(
                "catalogue data: {} of about {} in-force entries; {} unverified; current codes captured for {}",
                active.len(),
                edition.official_items,
                unverified,
                coded
            ),
        }
    }

    /// Finds catalogue technology of the latest edition in a document's segments. Matches
    /// in `transfer_context` segments are marked `in_clause`.
    pub fn find(&self, segments: &[Segment], transfer_context: &BTreeSet<usize>) -> Vec<TechMatch> {
        self.for_edition(Edition::latest())
            .find(segments, transfer_context)
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

    /// Matchers are compiled on first use, so the shipped keywords of every edition are
    /// compiled here.
    #[test]
    fn every_shipped_edition_compiles_its_matcher() {
        let catalogue = Catalogue::builtin().unwrap();
        for edition in &EDITIONS {
            if let Err(e) = Matcher::build(&catalogue.items, edition) {
                panic!("edition {}: {e}", edition.id);
            }
        }
    }
}

#[cfg(test)]
mod canonical_tests {
    use super::*;

    /// What a research note or a placeholder looks like: a bracketed note, or one of these
    /// words (lower case). Lawyer-facing text must hold none of them.
    const MARKERS: &[&str] = &[
        "placeholder",
        "recollection",
        "recalled",
        "not captured",
        "todo",
        "fixme",
        "tbd",
        "research note",
        "???",
    ];

    /// The placeholder markers in `text`.
    fn markers(text: &str) -> Vec<&'static str> {
        let lower = text.to_lowercase();
        let mut found: Vec<&str> = MARKERS
            .iter()
            .copied()
            .filter(|m| {
                lower.match_indices(m).any(|(at, _)| {
                    // Whole words only ("todo" is no marker inside "mastodon").
                    let before = lower[..at].chars().next_back();
                    let after = lower[at + m.len()..].chars().next();
                    !before.is_some_and(char::is_alphanumeric)
                        && !after.is_some_and(char::is_alphanumeric)
                })
            })
            .collect();
        if text.contains('[') || text.contains(']') {
            found.push("[bracketed note]");
        }
        found
    }

    fn strings<'a>(value: &'a toml::Value, path: &str, out: &mut Vec<(String, &'a str)>) {
        match value {
            toml::Value::String(s) => out.push((path.to_owned(), s)),
            toml::Value::Array(a) => a.iter().for_each(|v| strings(v, path, out)),
            toml::Value::Table(t) => {
                for (k, v) in t {
                    strings(v, &format!("{path}.{k}"), out);
                }
            }
            _ => {}
        }
    }

    /// Every string of the shipped catalogue (names, summaries, notes, code notes, sources,
    /// keywords) is checked text: no placeholder, bracketed note or research remark.
    /// Unverified data says so through its `verification`, which reports render in one plain
    /// form ([`UNVERIFIED_NOTICE`]).
    #[test]
    fn shipped_catalogue_strings_hold_no_placeholder_or_research_note() {
        let mut problems = Vec::new();
        for (file, text) in BUILTIN {
            let value: toml::Value = match toml::from_str(text) {
                Ok(v) => v,
                Err(e) => panic!("{file}: {e}"),
            };
            let mut all = Vec::new();
            strings(&value, "", &mut all);
            assert!(all.len() > 100, "{file}: its strings were read");
            for (path, s) in all {
                let found = markers(s);
                if !found.is_empty() {
                    problems.push(format!("{file}{path}: {found:?} in {s:?}"));
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        assert_eq!(markers("a [name inferred] x"), ["[bracketed note]"]);
        assert_eq!(markers("Placeholder row"), ["placeholder"]);
        assert!(markers("TODO: fix").contains(&"todo"));
        assert!(markers("mastodon").is_empty());
    }

    #[test]
    fn unverified_entries_say_so_in_one_plain_form_with_their_source() {
        let catalogue = match Catalogue::builtin() {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        };
        let Some(rare_earth) = catalogue.item("uncoded:rare-earth-restricted") else {
            panic!("rare-earth entry");
        };
        assert_eq!(rare_earth.verification, Verification::Unverified);
        let notice = unverified_notice(&rare_earth.sources, false);
        assert!(
            notice.starts_with("unverified — confirm against the official catalogue (source: http"),
            "{notice}"
        );
        assert_eq!(
            unverified_notice(&[], false),
            "unverified — confirm against the official catalogue (no source recorded)"
        );
        let segments = [crate::model::Segment {
            text: "The Licensor shall transfer its rare earth mining know-how.".to_owned(),
            ..crate::model::Segment::default()
        }];
        let found = catalogue.find(&segments, &std::collections::BTreeSet::from([0]));
        let m = found
            .iter()
            .find(|m| m.item == "uncoded:rare-earth-restricted")
            .unwrap_or_else(|| panic!("{found:?}"));
        assert_eq!(
            m.name,
            format!("Rare-earth technologies (six restricted entries) — {notice}")
        );
        assert!(
            m.name_zh
                .contains("（未经核实——请以官方目录为准；来源：http"),
            "{}",
            m.name_zh
        );
    }

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

#[cfg(test)]
mod edition_tests {
    use super::*;
    use crate::extract::normalize::normalize;
    use crate::model::Location;

    fn builtin() -> Catalogue {
        match Catalogue::builtin() {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        }
    }

    fn items_found(catalogue: &Catalogue, edition: &str, text: &str) -> Vec<String> {
        let Some(edition) = Edition::parse(edition) else {
            panic!("no edition {edition}");
        };
        let segments = [Segment {
            text: normalize(text),
            location: Location::default(),
            ..Segment::default()
        }];
        let mut items: Vec<String> = catalogue
            .for_edition(edition)
            .find(&segments, &BTreeSet::from([0]))
            .into_iter()
            .map(|m| m.item)
            .collect();
        items.dedup();
        items
    }

    #[test]
    fn deleted_and_added_items_match_only_in_their_editions() {
        let catalogue = builtin();
        // (text, edition, expected items)
        let cases: &[(&str, &str, &[&str])] = &[
            ("caffeine synthesis know-how", "2008", &["052701J"]),
            ("caffeine synthesis know-how", "2020", &[]),
            ("caffeine synthesis know-how", "2023", &[]),
            ("caffeine synthesis know-how", "2025", &[]),
            ("磷酸铁锂制备技术", "2008", &[]),
            ("磷酸铁锂制备技术", "2023", &[]),
            ("磷酸铁锂制备技术", "2025", &["252604X"]),
            (
                "traditional Chinese architecture know-how",
                "2023",
                &["085001J"],
            ),
            ("traditional Chinese architecture know-how", "2025", &[]),
            ("LiDAR system design", "2020", &[]),
            ("LiDAR system design", "2023", &["uncoded:lidar-system"]),
            ("speech synthesis engine", "2008", &[]),
            ("speech synthesis engine", "2020", &["086501X"]),
            ("CRISPR gene editing", "2008", &[]),
            // Control points that came with an amendment match only from its edition on.
            ("sintered NdFeB magnet know-how", "2020", &[]),
            ("sintered NdFeB magnet know-how", "2023", &["053302J"]),
            ("spodumene lithium extraction", "2023", &[]),
            (
                "spodumene lithium extraction",
                "2025",
                &["uncoded:non-ferrous-metallurgy"],
            ),
            ("microphone array beamforming", "2008", &[]),
            ("microphone array beamforming", "2020", &["086501X"]),
            // The item-level keywords of 086501X date from 2008.
            ("machine translation engine", "2008", &["086501X"]),
        ];
        for (text, edition, want) in cases {
            assert_eq!(
                items_found(&catalogue, edition, text),
                *want,
                "{text:?} under {edition}"
            );
        }
    }

    #[test]
    fn the_former_code_056101x_is_reported_in_the_editions_before_2023() {
        let catalogue = builtin();
        let segments = [Segment {
            text: normalize("far-field speech recognition"),
            location: Location::default(),
            ..Segment::default()
        }];
        // (edition, code in that edition)
        for (edition, want) in [
            ("2008", None),
            ("2020", Some("056101X")),
            ("2023", None),
            ("2025", None),
        ] {
            let Some(e) = Edition::parse(edition) else {
                panic!("no edition {edition}");
            };
            let found = catalogue
                .for_edition(e)
                .find(&segments, &BTreeSet::from([0]));
            if edition == "2008" {
                assert!(
                    found.is_empty(),
                    "the AI points are not in the 2008 edition"
                );
                continue;
            }
            assert_eq!(found[0].item, "086501X");
            assert_eq!(found[0].edition_code.as_deref(), want, "{edition}");
        }
        let by_old = catalogue.item("056101X").map(|i| i.id.as_str());
        assert_eq!(by_old, Some("information-processing"));
    }

    #[test]
    fn thresholds_of_the_battery_cathode_points_are_data() {
        let catalogue = builtin();
        let Some(item) = catalogue.item("252604X") else {
            panic!("252604X missing");
        };
        let lfp: Vec<String> = item.control_points[0]
            .parameters
            .iter()
            .map(item::Parameter::display)
            .collect();
        assert_eq!(
            lfp,
            [
                "powder compaction density >= 2.58 g/cm3 (at 220 MPa)",
                "0.1C discharge capacity >= 160 mAh/g",
                "first coulombic efficiency >= 97 %",
            ]
        );
        let Some(lidar) = catalogue.item("uncoded:lidar-system") else {
            panic!("lidar missing");
        };
        assert!(
            lidar
                .parameters
                .iter()
                .all(|p| p.value.is_none() && p.verification == Some(Verification::Unverified))
        );
    }

    #[test]
    fn the_latest_edition_agrees_with_the_recorded_status() {
        let catalogue = builtin();
        for item in catalogue.items() {
            assert_eq!(
                item.status_in(Edition::latest()),
                item.status.active(),
                "{} ({}:{}): status and history disagree",
                item.id,
                item.file,
                item.line
            );
        }
    }

    /// A keyword belongs to one entry among the entries in force together in any edition
    /// (the loader checks this for the latest edition only).
    #[test]
    fn no_keyword_is_shared_within_an_edition() {
        let catalogue = builtin();
        let mut clashes = BTreeSet::new();
        for edition in &EDITIONS {
            let mut seen: std::collections::BTreeMap<String, &str> =
                std::collections::BTreeMap::new();
            for (item, _) in catalogue.for_edition(edition).items() {
                let lists = std::iter::once(&item.keywords)
                    .chain(item.control_points.iter().map(|c| &c.keywords));
                for (k, _) in lists.flat_map(Keywords::all) {
                    let key = format!("{}\u{0}{}", item.regime, load::keyword_key(k));
                    if let Some(other) = seen.insert(key, &item.id) {
                        if other != item.id {
                            clashes.insert(format!(
                                "{}: `{k}` of `{}` and `{other}`",
                                edition.id, item.id
                            ));
                        }
                    }
                }
            }
        }
        // The one known clash: the prohibited and restricted twins of 085001 (traditional
        // Chinese architecture, in force together until 2025) share their name keywords. A
        // keyword cannot tell them apart; the prohibited twin, first in file order, is
        // reported, which is the conservative reading.
        let clashes: Vec<String> = clashes
            .into_iter()
            .filter(|c| {
                !(c.contains("`chinese-traditional-architecture-restricted` and `chinese-traditional-architecture-prohibited`"))
            })
            .collect();
        assert_eq!(clashes, Vec::<String>::new());
        let found = |e: &str| {
            let segments = [Segment {
                text: "traditional Chinese architecture".to_owned(),
                ..Segment::default()
            }];
            Edition::parse(e).map(|e| {
                catalogue
                    .for_edition(e)
                    .find(&segments, &BTreeSet::from([0]))
                    .into_iter()
                    .map(|m| m.item)
                    .collect::<Vec<_>>()
            })
        };
        assert_eq!(found("2020"), Some(vec!["085001J".to_owned()]));
    }

    #[test]
    fn coverage_is_stated_against_the_chosen_edition() {
        let catalogue = builtin();
        let c2008 = catalogue.coverage_in(Edition::earliest());
        assert_eq!(c2008.official_items_estimate, 150);
        assert_eq!(
            c2008.active_items,
            catalogue.for_edition(Edition::earliest()).items().len()
        );
        assert!(c2008.note.contains("of about 150 in-force entries"));
        assert_eq!(
            catalogue.coverage(),
            catalogue.coverage_in(Edition::latest())
        );
    }

    #[test]
    fn edition_views_list_the_documented_changes() {
        let catalogue = builtin();
        let count =
            |e: &str| Edition::parse(e).map_or(0, |e| catalogue.for_edition(e).items().len());
        // 2020 removes 9 deleted entries and adds 13 (8 named, 5 placeholders).
        assert_eq!(count("2020"), count("2008") - 9 + 13);
        // 2025 removes three building entries and adds 252604X.
        assert_eq!(count("2025"), count("2023") - 3 + 1);
    }
}

#[cfg(test)]
mod diff_tests {
    use super::*;

    fn codes(list: &[(&Item, Vec<&HistoryEvent>)]) -> Vec<String> {
        list.iter().map(|(i, _)| i.report_code()).collect()
    }

    #[test]
    fn diffs_show_the_documented_additions_and_removals() {
        let catalogue = match Catalogue::builtin() {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        };
        let e = |id: &str| Edition::parse(id).unwrap_or_else(Edition::latest);
        let d = catalogue.diff(e("2023"), e("2025"));
        assert_eq!(codes(&d.added), ["252604X"]);
        assert_eq!(codes(&d.removed), ["085001J", "085001X", "085002X"]);
        assert!(d.removed.iter().all(|(_, ev)| {
            ev.iter()
                .any(|h| h.instrument == "Announcement 2025 No. 28")
        }));
        assert_eq!(codes(&d.amended), ["uncoded:non-ferrous-metallurgy"]);

        let d = catalogue.diff(e("2020"), e("2023"));
        assert_eq!(
            codes(&d.added),
            [
                "uncoded:bulk-material-handling",
                "uncoded:crop-heterosis-utilisation",
                "uncoded:human-cell-cloning-gene-editing",
                "uncoded:lidar-system",
            ]
        );
        assert_eq!(
            codes(&d.removed),
            [
                "uncoded:medical-diagnostic-equipment",
                "uncoded:plant-growth-regulator",
                "uncoded:target-feature-extraction-recognition",
            ]
        );

        let d = catalogue.diff(e("2008"), e("2020"));
        assert_eq!(d.removed.len(), 9);
        assert!(codes(&d.removed).contains(&"052701J".to_owned()));
        assert_eq!(d.added.len(), 13);
    }
}

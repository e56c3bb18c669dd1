//! The catalogue entry as the rest of techscan sees it: [`Item`] with its control points,
//! history and keywords, after loading and validation (see `load.rs`).
//!
//! Plain data only: this module neither parses TOML nor matches text.

use serde::{Deserialize, Serialize};

use super::edition::Edition;
use crate::model::ItemStatus;

/// Legal status of an entry as the data records it, including entries kept for history.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// In force, export prohibited (code ends in `J`).
    Prohibited,
    /// In force, export needs a licence (code ends in `X`).
    Restricted,
    /// A prohibited entry that a later instrument deleted.
    DeletedProhibited,
    /// A restricted entry that a later instrument deleted.
    DeletedRestricted,
    /// Proposed in a consultation draft, not adopted.
    DraftOnly,
    /// Named in a source, but whether it is prohibited or restricted was not captured.
    Unknown,
}

impl Status {
    /// The status a match reports, for entries that can match (in force); `None` otherwise.
    pub fn active(self) -> Option<ItemStatus> {
        match self {
            Status::Prohibited => Some(ItemStatus::Prohibited),
            Status::Restricted => Some(ItemStatus::Restricted),
            Status::DeletedProhibited
            | Status::DeletedRestricted
            | Status::DraftOnly
            | Status::Unknown => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Prohibited => "prohibited",
            Status::Restricted => "restricted",
            Status::DeletedProhibited => "deleted-prohibited",
            Status::DeletedRestricted => "deleted-restricted",
            Status::DraftOnly => "draft-only",
            Status::Unknown => "unknown",
        }
    }

    /// The code suffix the status implies (`J` prohibited, `X` restricted), when it implies one.
    pub fn code_suffix(self) -> Option<char> {
        match self {
            Status::Prohibited | Status::DeletedProhibited => Some('J'),
            Status::Restricted | Status::DeletedRestricted => Some('X'),
            Status::DraftOnly | Status::Unknown => None,
        }
    }
}

/// How far the data of an entry or control point is checked against an official text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verification {
    /// Read from an official text or a full translation of it.
    Official,
    /// From law-firm, press or research reporting that quotes or summarises the official text.
    Secondary,
    /// Inferred, recollected or assumed; not seen in any source for the present status.
    Unverified,
}

/// The one plain form in which every lawyer-facing text marks catalogue data that no source
/// confirms (an entry's name, code or control point).
pub const UNVERIFIED_NOTICE: &str = "unverified — confirm against the official catalogue";

/// [`UNVERIFIED_NOTICE`] in Chinese reports.
pub const UNVERIFIED_NOTICE_ZH: &str = "未经核实——请以官方目录为准";

impl Verification {
    pub fn as_str(self) -> &'static str {
        match self {
            Verification::Official => "official",
            Verification::Secondary => "secondary",
            Verification::Unverified => "unverified",
        }
    }
}

/// `unverified — confirm against the official catalogue (source: URL)`: the notice with the
/// first of `sources` that is a web address or an instrument, or `no source recorded`
/// (Chinese: `未经核实——请以官方目录为准；来源：URL`).
pub fn unverified_notice(sources: &[String], zh: bool) -> String {
    let source = sources
        .iter()
        .find(|s| s.starts_with("http") || s.contains("Announcement") || s.contains("Order"));
    match (source, zh) {
        (Some(s), false) => format!("{UNVERIFIED_NOTICE} (source: {s})"),
        (None, false) => format!("{UNVERIFIED_NOTICE} (no source recorded)"),
        (Some(s), true) => format!("{UNVERIFIED_NOTICE_ZH}；来源：{s}"),
        (None, true) => format!("{UNVERIFIED_NOTICE_ZH}；无来源记录"),
    }
}

/// What an instrument did to an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EventKind {
    /// Proposed in a consultation draft.
    Proposed,
    Added,
    Amended,
    Removed,
    Renumbered,
}

/// One step in an entry's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HistoryEvent {
    pub event: EventKind,
    /// `Announcement 2023 No. 57`, `Order 2008 No. 12`, ...
    pub instrument: String,
    /// `YYYY-MM-DD`, the date the instrument was issued.
    pub date: String,
    pub note: Option<String>,
}

/// Keyword lists of an entry or control point. Generic keywords count only with
/// corroboration (see `matcher.rs`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Keywords {
    pub en: Vec<String>,
    pub zh: Vec<String>,
    pub generic_en: Vec<String>,
    pub generic_zh: Vec<String>,
}

impl Keywords {
    /// Every keyword with its generic flag, specific ones first.
    pub fn all(&self) -> impl Iterator<Item = (&str, bool)> {
        let specific = self.en.iter().chain(&self.zh).map(|k| (k.as_str(), false));
        let generic = self
            .generic_en
            .iter()
            .chain(&self.generic_zh)
            .map(|k| (k.as_str(), true));
        specific.chain(generic)
    }
}

/// A code an entry carried in an earlier numbering (`056101X` of the 2008 and 2020
/// catalogues, `086501X` since 2023).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FormerCode {
    pub code: String,
    /// The edition whose numbering the code belongs to (`2008`).
    pub numbering: String,
    /// The day the entry's current code replaced it (`YYYY-MM-DD`): the code applies in
    /// the editions in force before that day.
    pub until: String,
    pub note: Option<String>,
}

/// How a threshold compares: the control point covers values at or above (`>=`), above
/// (`>`), at or below (`<=`) or below (`<`) the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Comparison {
    #[serde(rename = ">=")]
    AtLeast,
    #[serde(rename = ">")]
    Above,
    #[serde(rename = "<=")]
    AtMost,
    #[serde(rename = "<")]
    Below,
}

impl Comparison {
    pub fn as_str(self) -> &'static str {
        match self {
            Comparison::AtLeast => ">=",
            Comparison::Above => ">",
            Comparison::AtMost => "<=",
            Comparison::Below => "<",
        }
    }
}

/// A technical threshold of a control point ("compaction density >= 2.58 g/cm3 at
/// 220 MPa"). `value` is absent when a source says a threshold exists but not what it is.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Parameter {
    /// What is measured (`powder compaction density`).
    pub quantity: String,
    pub comparison: Option<Comparison>,
    pub value: Option<f64>,
    pub unit: Option<String>,
    /// Measuring conditions (`at 220 MPa`).
    pub condition: Option<String>,
    /// Falls back to the control point's level.
    pub verification: Option<Verification>,
    pub note: Option<String>,
}

impl Parameter {
    /// `powder compaction density >= 2.58 g/cm3 (at 220 MPa)`, or `… (value not confirmed)`.
    pub fn display(&self) -> String {
        let value = match (self.comparison, self.value) {
            (Some(c), Some(v)) => {
                let unit = self
                    .unit
                    .as_deref()
                    .map_or_else(String::new, |u| format!(" {u}"));
                format!(" {} {v}{unit}", c.as_str())
            }
            _ => " (value not confirmed)".to_owned(),
        };
        let condition = self
            .condition
            .as_deref()
            .map_or_else(String::new, |c| format!(" ({c})"));
        format!("{}{value}{condition}", self.quantity)
    }
}

/// A control point (控制要点) of an entry.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ControlPoint {
    /// The point's number in the official text, when captured.
    pub number: Option<u32>,
    pub name_zh: Option<String>,
    pub name_en: String,
    pub text_zh: Option<String>,
    pub text_en: Option<String>,
    /// Falls back to the entry's level when absent.
    pub verification: Option<Verification>,
    pub keywords: Keywords,
    /// Technical thresholds the point's text sets, as far as captured.
    pub parameters: Vec<Parameter>,
    pub sources: Vec<String>,
    pub note: Option<String>,
    /// When the point was added or removed, if that differs from its entry (the 2020 AI
    /// points 17–21 of 086501X were appended to an entry that dates from 2008).
    pub history: Vec<HistoryEvent>,
}

impl ControlPoint {
    /// Whether the point is part of its entry in `edition` (its own history allows it; the
    /// entry's own status is checked by [`Item::status_in`]).
    pub fn in_force_in(&self, edition: &Edition) -> bool {
        history_allows(&self.history, edition.in_force).unwrap_or(true)
    }
}

/// What a history says about a date: `Some(false)` when the first `added` event is later
/// or a `removed` event is on or before it, `Some(true)` when an `added` event is on or
/// before it, `None` when the history has neither.
fn history_allows(history: &[HistoryEvent], date: &str) -> Option<bool> {
    let added = history
        .iter()
        .filter(|h| h.event == EventKind::Added)
        .map(|h| h.date.as_str())
        .min();
    let removed = history
        .iter()
        .filter(|h| h.event == EventKind::Removed)
        .any(|h| h.date.as_str() <= date);
    if removed || added.is_some_and(|a| a > date) {
        Some(false)
    } else if added.is_some() {
        Some(true)
    } else {
        None
    }
}

/// One catalogue entry (or a placeholder row standing for entries not yet identified).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Item {
    /// Stable slug chosen by techscan (`information-processing`); never an official code.
    pub id: String,
    /// The export-control regime the entry belongs to: `cn-tech-export-catalogue` (the
    /// built-in data) unless a user dictionary says otherwise (`us-ear-ccl`).
    pub regime: String,
    /// Free text about the entry as a whole (`illustrative, not legal data`).
    pub note: Option<String>,
    /// Official code exactly as seen in a source (`086501X`), when captured.
    pub code: Option<String>,
    /// The catalogue edition the code belongs to when it is not the current numbering
    /// (`2008` for old codes).
    pub code_edition: Option<String>,
    /// What the research table said about the code, when that was not a plain code.
    pub code_note: Option<String>,
    /// Codes the entry carried in earlier numberings.
    pub former_codes: Vec<FormerCode>,
    pub status: Status,
    pub verification: Verification,
    pub sector_zh: Option<String>,
    pub sector_en: Option<String>,
    pub name_zh: Option<String>,
    pub name_en: String,
    pub summary: Option<String>,
    pub history_note: Option<String>,
    /// Ids of entries whose specific keywords corroborate this entry's generic ones.
    pub related: Vec<String>,
    pub keywords: Keywords,
    pub sources: Vec<String>,
    pub history: Vec<HistoryEvent>,
    /// Thresholds known for the entry as a whole, not tied to a captured control point.
    pub parameters: Vec<Parameter>,
    pub control_points: Vec<ControlPoint>,
    /// Dictionary file and 1-based line the entry was read from.
    pub file: String,
    pub line: usize,
}

impl Item {
    /// The item reference used in reports: the captured code (`086501X`), the old code
    /// (its numbering edition is reported separately), or `uncoded:<id>` so that nothing looks
    /// like an official code when none was captured.
    ///
    /// Entries of another regime than the built-in catalogue carry it as a prefix
    /// (`us-ear-ccl:3E001`), so a finding always says which regime it rests on.
    pub fn report_code(&self) -> String {
        let code = match &self.code {
            Some(code) => code.clone(),
            None => format!("uncoded:{}", self.id),
        };
        if self.regime == super::CATALOGUE_ID {
            code
        } else {
            format!("{}:{code}", self.regime)
        }
    }

    /// The code the entry carried in `edition`, when that differs from its current code
    /// (`056101X` in the 2008 and 2020 editions for `086501X`).
    pub fn former_code_in(&self, edition: &Edition) -> Option<&FormerCode> {
        self.former_codes
            .iter()
            .filter(|f| edition.in_force < f.until.as_str())
            .min_by(|a, b| a.until.cmp(&b.until))
    }

    /// Whether the entry is in force in the current data (the latest edition) and so
    /// takes part in matching by default.
    pub fn is_active(&self) -> bool {
        self.status.active().is_some()
    }

    /// The entry's status in `edition`, or `None` when it is not in force there.
    ///
    /// - `draft-only` and `unknown` entries are never in force.
    /// - An `added` event dated after the edition took effect keeps the entry out; a
    ///   `removed` event on or before that day takes it out. A deleted entry is in force,
    ///   with its old status, in the editions before its removal.
    /// - An entry without an `added` event (only seen in 2022 draft reporting or in a later
    ///   amendment) is presumed in force from the 2008 edition on: when it first appeared
    ///   was not captured.
    /// - A deleted entry without a `removed` event is never in force (when it left is not
    ///   known).
    pub fn status_in(&self, edition: &Edition) -> Option<ItemStatus> {
        let status = match self.status {
            Status::Prohibited | Status::DeletedProhibited => ItemStatus::Prohibited,
            Status::Restricted | Status::DeletedRestricted => ItemStatus::Restricted,
            Status::DraftOnly | Status::Unknown => return None,
        };
        let deleted = matches!(
            self.status,
            Status::DeletedProhibited | Status::DeletedRestricted
        );
        let has_removal = self.history.iter().any(|h| h.event == EventKind::Removed);
        if deleted && !has_removal {
            return None;
        }
        history_allows(&self.history, edition.in_force)
            .unwrap_or(true)
            .then_some(status)
    }

    /// The history events that took effect in `edition`: dated after the previous
    /// edition's effective day and on or before this one's.
    pub fn events_in(&self, edition: &Edition) -> Vec<&HistoryEvent> {
        let previous = edition
            .index()
            .checked_sub(1)
            .map(|i| super::edition::EDITIONS[i].in_force);
        self.history
            .iter()
            .filter(|h| {
                h.date.as_str() <= edition.in_force && previous.is_none_or(|p| h.date.as_str() > p)
            })
            .collect()
    }
}

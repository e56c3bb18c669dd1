//! Parsing and validation of catalogue dictionary files (schema in `dictionaries/README.md`).
//!
//! Every `[[item]]` table is parsed on its own, so one broken entry does not hide the
//! problems of the next; all problems of all files are collected, each with its file and
//! 1-based line, before loading fails. This module builds [`Item`]s; it never matches text.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use toml::Spanned;

use super::CATALOGUE_ID;
use super::edition::is_valid_date;
use super::item::{
    Comparison, ControlPoint, EventKind, FormerCode, HistoryEvent, Item, Keywords, Parameter,
    Status, Verification,
};
use crate::error::{DictionaryError, DictionaryProblem};
use crate::extract::normalize::{is_cjk, normalize};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    item: Vec<RawItem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    id: Spanned<String>,
    regime: Option<Spanned<String>>,
    note: Option<String>,
    code: Option<Spanned<String>>,
    code_edition: Option<Spanned<String>>,
    code_note: Option<String>,
    #[serde(default)]
    former_codes: Vec<RawFormerCode>,
    status: Status,
    verification: Verification,
    sector_zh: Option<String>,
    sector_en: Option<String>,
    name_zh: Option<Spanned<String>>,
    name_en: Spanned<String>,
    summary: Option<String>,
    history_note: Option<String>,
    #[serde(default)]
    related: Vec<Spanned<String>>,
    #[serde(default)]
    keywords_en: Vec<Spanned<String>>,
    #[serde(default)]
    keywords_zh: Vec<Spanned<String>>,
    #[serde(default)]
    generic_keywords_en: Vec<Spanned<String>>,
    #[serde(default)]
    generic_keywords_zh: Vec<Spanned<String>>,
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    history: Vec<RawHistory>,
    #[serde(default)]
    parameters: Vec<RawParameter>,
    #[serde(default)]
    control_points: Vec<RawControlPoint>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHistory {
    event: EventKind,
    instrument: String,
    date: Spanned<String>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFormerCode {
    code: Spanned<String>,
    numbering: Spanned<String>,
    until: Spanned<String>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParameter {
    quantity: Spanned<String>,
    comparison: Option<Comparison>,
    value: Option<Spanned<f64>>,
    unit: Option<String>,
    condition: Option<String>,
    verification: Option<Verification>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawControlPoint {
    number: Option<Spanned<u32>>,
    name_zh: Option<String>,
    name_en: Spanned<String>,
    text_zh: Option<String>,
    text_en: Option<String>,
    verification: Option<Verification>,
    #[serde(default)]
    keywords_en: Vec<Spanned<String>>,
    #[serde(default)]
    keywords_zh: Vec<Spanned<String>>,
    #[serde(default)]
    generic_keywords_en: Vec<Spanned<String>>,
    #[serde(default)]
    generic_keywords_zh: Vec<Spanned<String>>,
    #[serde(default)]
    parameters: Vec<RawParameter>,
    #[serde(default)]
    sources: Vec<String>,
    note: Option<String>,
    #[serde(default)]
    history: Vec<RawHistory>,
}

/// Collects problems with the file text at hand, so spans become line numbers.
struct Problems<'a> {
    file: &'a str,
    text: &'a str,
    out: &'a mut Vec<DictionaryProblem>,
}

impl Problems<'_> {
    fn at(&mut self, offset: usize, message: impl Into<String>) {
        self.out.push(DictionaryProblem {
            file: self.file.to_owned(),
            line: line_of(self.text, offset),
            message: message.into(),
        });
    }
}

/// A non-empty string of `a-z`, `0-9` and `-`.
fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// 1-based line of a byte offset.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.get(..end).map_or(0, |t| t.matches('\n').count()) + 1
}

/// Byte offsets where each `[[item]]` table starts (the preamble starts at 0).
fn chunk_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim() == "[[item]]" && offset > 0 {
            starts.push(offset);
        }
        offset += line.len();
    }
    starts
}

/// The key under which keywords are compared: NFKC, lower case, hyphens as spaces,
/// whitespace collapsed.
pub(crate) fn keyword_key(keyword: &str) -> String {
    normalize(&keyword.replace(['-', '\u{2010}', '\u{2011}'], " ")).to_lowercase()
}

/// Parses and validates dictionary sources into items, in file order.
pub(crate) fn load(sources: &[(String, String)]) -> Result<Vec<Item>, DictionaryError> {
    let mut problems = Vec::new();
    // (file index, absolute offset of the chunk, raw item)
    let mut raws: Vec<(usize, usize, RawItem)> = Vec::new();
    for (index, (file, text)) in sources.iter().enumerate() {
        let starts = chunk_starts(text);
        for (n, &start) in starts.iter().enumerate() {
            let end = starts.get(n + 1).copied().unwrap_or(text.len());
            let chunk = &text[start..end];
            match toml::from_str::<RawFile>(chunk) {
                Ok(parsed) => raws.extend(parsed.item.into_iter().map(|r| (index, start, r))),
                Err(e) => {
                    let offset = start + e.span().map_or(0, |s| s.start);
                    let message = e.message().trim().to_owned();
                    Problems {
                        file,
                        text,
                        out: &mut problems,
                    }
                    .at(offset, message);
                }
            }
        }
    }

    let mut items = Vec::with_capacity(raws.len());
    let mut seen_ids: BTreeMap<String, String> = BTreeMap::new();
    let mut seen_codes: BTreeMap<(String, Option<String>), String> = BTreeMap::new();
    let mut seen_keywords: BTreeMap<String, (String, String)> = BTreeMap::new();
    for (index, base, raw) in raws {
        let (file, text) = &sources[index];
        let mut p = Problems {
            file,
            text,
            out: &mut problems,
        };
        let item = check_item(
            &mut p,
            base,
            raw,
            &mut seen_ids,
            &mut seen_codes,
            &mut seen_keywords,
        );
        items.push(item);
    }

    let ids: BTreeSet<&str> = items.iter().map(|i| i.id.as_str()).collect();
    for item in &items {
        for related in &item.related {
            if related == &item.id || !ids.contains(related.as_str()) {
                problems.push(DictionaryProblem {
                    file: item.file.clone(),
                    line: item.line,
                    message: format!(
                        "item `{}`: related item `{related}` does not exist",
                        item.id
                    ),
                });
            }
        }
    }

    if problems.is_empty() {
        Ok(items)
    } else {
        problems.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        Err(DictionaryError(problems))
    }
}

fn check_item(
    p: &mut Problems<'_>,
    base: usize,
    raw: RawItem,
    seen_ids: &mut BTreeMap<String, String>,
    seen_codes: &mut BTreeMap<(String, Option<String>), String>,
    seen_keywords: &mut BTreeMap<String, (String, String)>,
) -> Item {
    let id = raw.id.get_ref().clone();
    let id_at = base + raw.id.span().start;
    let here = format!("{}:{}", p.file, line_of(p.text, id_at));
    if !is_slug(&id) {
        p.at(
            id_at,
            format!("item id `{id}` must be a non-empty slug of a-z, 0-9 and -"),
        );
    }
    if let Some(first) = seen_ids.get(&id) {
        p.at(
            id_at,
            format!("duplicate item id `{id}` (first at {first})"),
        );
    } else {
        seen_ids.insert(id.clone(), here.clone());
    }

    let regime = raw
        .regime
        .as_ref()
        .map_or(CATALOGUE_ID, |r| r.get_ref().as_str())
        .to_owned();
    if let Some(r) = &raw.regime {
        if !is_slug(r.get_ref()) {
            p.at(
                base + r.span().start,
                format!(
                    "item `{id}`: regime `{}` must be a non-empty slug of a-z, 0-9 and -",
                    r.get_ref()
                ),
            );
        }
    }
    let chinese = regime == CATALOGUE_ID;
    if let Some(code) = &raw.code {
        let at = base + code.span().start;
        let c = code.get_ref();
        let well_formed = c.len() == 7
            && c.as_bytes()[..6].iter().all(u8::is_ascii_digit)
            && (c.ends_with('J') || c.ends_with('X'));
        if !chinese {
            // Other regimes number their own way (ECCN `3E001`, `5A002.a`).
            if c.is_empty()
                || !c
                    .chars()
                    .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '.' | '-' | '/'))
            {
                p.at(
                    at,
                    format!(
                        "item `{id}`: code `{c}` must be ASCII letters, digits, `.`, `-` or `/`"
                    ),
                );
            }
        } else if !well_formed {
            p.at(
                at,
                format!("item `{id}`: code `{c}` is not six digits followed by J or X"),
            );
        } else if let Some(suffix) = raw.status.code_suffix() {
            if !c.ends_with(suffix) {
                p.at(
                    at,
                    format!(
                        "item `{id}`: code `{c}` does not end in {suffix} as status `{}` requires",
                        raw.status.as_str()
                    ),
                );
            }
        }
        let edition = raw.code_edition.as_ref().map(|e| e.get_ref().clone());
        let key = (format!("{regime}:{c}"), edition);
        if let Some(first) = seen_codes.get(&key) {
            p.at(
                at,
                format!("item `{id}`: duplicate code `{c}` (first at {first})"),
            );
        } else {
            seen_codes.insert(key, here.clone());
        }
    }
    if let Some(edition) = &raw.code_edition {
        let e = edition.get_ref();
        if raw.code.is_none() {
            p.at(
                base + edition.span().start,
                format!("item `{id}`: code_edition without a code"),
            );
        } else if e.len() != 4 || !e.bytes().all(|b| b.is_ascii_digit()) {
            p.at(
                base + edition.span().start,
                format!("item `{id}`: code_edition `{e}` is not a year"),
            );
        }
    }
    let former_codes = check_former_codes(
        p,
        base,
        &id,
        &regime,
        raw.status,
        raw.former_codes,
        seen_codes,
    );
    if raw.name_en.get_ref().trim().is_empty() {
        p.at(
            base + raw.name_en.span().start,
            format!("item `{id}`: empty name_en"),
        );
    }
    if let Some(name) = &raw.name_zh {
        if name.get_ref().trim().is_empty() {
            p.at(
                base + name.span().start,
                format!("item `{id}`: empty name_zh (omit it when not captured)"),
            );
        }
    }
    let history = check_history(p, base, &id, raw.history);
    let parameters = check_parameters(p, base, &id, "the item", raw.parameters);

    let active = raw.status.active().is_some();
    let mut local: BTreeMap<String, String> = BTreeMap::new();
    let mut specific = 0usize;
    let mut generic = 0usize;
    let mut check_lists = |p: &mut Problems<'_>,
                           owner: &str,
                           lists: [(&[Spanned<String>], bool, bool); 4]|
     -> Keywords {
        let mut out = [Vec::new(), Vec::new(), Vec::new(), Vec::new()];
        for (slot, (list, is_generic, zh)) in lists.into_iter().enumerate() {
            for kw in list {
                let at = base + kw.span().start;
                let text = kw.get_ref();
                let key = keyword_key(text);
                if key.is_empty() {
                    p.at(
                        at,
                        format!("item `{id}`: keyword `{text}` is empty after normalisation"),
                    );
                    continue;
                }
                let has_cjk = key.chars().any(is_cjk);
                if zh && !has_cjk {
                    p.at(at, format!("item `{id}`: keyword `{text}` in a _zh list has no Chinese characters (move it to the _en list)"));
                } else if !zh && has_cjk {
                    p.at(at, format!("item `{id}`: keyword `{text}` in an _en list has Chinese characters (move it to the _zh list)"));
                }
                if let Some(first) = local.get(&key) {
                    p.at(
                        at,
                        format!("item `{id}`: duplicate keyword `{text}` (also in {first})"),
                    );
                } else {
                    local.insert(key.clone(), owner.to_owned());
                }
                if active {
                    let where_ = format!("{owner} at {}:{}", p.file, line_of(p.text, at));
                    // Keywords are unique within a regime; regimes may share them.
                    let key = format!("{regime}\u{0}{key}");
                    match seen_keywords.get(&key) {
                        Some((other, first)) if other != &id => {
                            p.at(at, format!("item `{id}`: keyword `{text}` is also a keyword of item `{other}` ({first})"));
                        }
                        Some(_) => {}
                        None => {
                            seen_keywords.insert(key, (id.clone(), where_));
                        }
                    }
                }
                if is_generic {
                    generic += 1;
                } else {
                    specific += 1;
                }
                out[slot].push(text.clone());
            }
        }
        let [en, zh, generic_en, generic_zh] = out;
        Keywords {
            en,
            zh,
            generic_en,
            generic_zh,
        }
    };

    let keywords = check_lists(
        p,
        "the item",
        [
            (&raw.keywords_en, false, false),
            (&raw.keywords_zh, false, true),
            (&raw.generic_keywords_en, true, false),
            (&raw.generic_keywords_zh, true, true),
        ],
    );
    let mut numbers: BTreeMap<u32, usize> = BTreeMap::new();
    let mut control_points = Vec::with_capacity(raw.control_points.len());
    for cp in raw.control_points {
        let owner = cp.number.as_ref().map_or_else(
            || format!("control point `{}`", cp.name_en.get_ref()),
            |n| format!("control point {}", n.get_ref()),
        );
        if let Some(n) = &cp.number {
            let at = base + n.span().start;
            if let Some(&first) = numbers.get(n.get_ref()) {
                p.at(
                    at,
                    format!(
                        "item `{id}`: control point number {} used twice (first at line {first})",
                        n.get_ref()
                    ),
                );
            } else {
                numbers.insert(*n.get_ref(), line_of(p.text, at));
            }
        }
        if cp.name_en.get_ref().trim().is_empty() {
            p.at(
                base + cp.name_en.span().start,
                format!("item `{id}`: {owner} has an empty name_en"),
            );
        }
        let keywords = check_lists(
            p,
            &owner,
            [
                (&cp.keywords_en, false, false),
                (&cp.keywords_zh, false, true),
                (&cp.generic_keywords_en, true, false),
                (&cp.generic_keywords_zh, true, true),
            ],
        );
        let parameters = check_parameters(p, base, &id, &owner, cp.parameters);
        control_points.push(ControlPoint {
            parameters,
            number: cp.number.map(Spanned::into_inner),
            name_zh: cp.name_zh,
            name_en: cp.name_en.into_inner(),
            text_zh: cp.text_zh,
            text_en: cp.text_en,
            verification: cp.verification,
            keywords,
            sources: cp.sources,
            note: cp.note,
            history: check_history(p, base, &id, cp.history),
        });
    }
    if generic > 0 && specific == 0 {
        p.at(id_at, format!("item `{id}`: has only generic keywords, which can never be corroborated by a specific one"));
    }

    Item {
        id,
        regime,
        note: raw.note,
        code: raw.code.map(Spanned::into_inner),
        code_edition: raw.code_edition.map(Spanned::into_inner),
        code_note: raw.code_note,
        former_codes,
        status: raw.status,
        verification: raw.verification,
        sector_zh: raw.sector_zh,
        sector_en: raw.sector_en,
        name_zh: raw.name_zh.map(Spanned::into_inner),
        name_en: raw.name_en.into_inner(),
        summary: raw.summary,
        history_note: raw.history_note,
        related: raw.related.into_iter().map(Spanned::into_inner).collect(),
        keywords,
        sources: raw.sources,
        history,
        parameters,
        control_points,
        file: p.file.to_owned(),
        line: line_of(p.text, id_at),
    }
}

/// Checks former codes: the built-in catalogue's six digits and J/X with the status's
/// suffix, a year for the numbering, a real day for `until`; a former code may belong to
/// no other entry.
fn check_former_codes(
    p: &mut Problems<'_>,
    base: usize,
    id: &str,
    regime: &str,
    status: Status,
    raw: Vec<RawFormerCode>,
    seen_codes: &mut BTreeMap<(String, Option<String>), String>,
) -> Vec<FormerCode> {
    raw.into_iter()
        .map(|f| {
            let at = base + f.code.span().start;
            let c = f.code.get_ref();
            let well_formed = c.len() == 7
                && c.as_bytes()[..6].iter().all(u8::is_ascii_digit)
                && (c.ends_with('J') || c.ends_with('X'));
            if regime == CATALOGUE_ID && !well_formed {
                p.at(
                    at,
                    format!("item `{id}`: former code `{c}` is not six digits followed by J or X"),
                );
            } else if let Some(suffix) = status.code_suffix().filter(|_| regime == CATALOGUE_ID) {
                if !c.ends_with(suffix) {
                    p.at(
                        at,
                        format!("item `{id}`: former code `{c}` does not end in {suffix} as status `{}` requires", status.as_str()),
                    );
                }
            }
            let n = f.numbering.get_ref();
            if n.len() != 4 || !n.bytes().all(|b| b.is_ascii_digit()) {
                p.at(
                    base + f.numbering.span().start,
                    format!("item `{id}`: former code numbering `{n}` is not a year"),
                );
            }
            let until = f.until.get_ref();
            if !is_valid_date(until) {
                p.at(
                    base + f.until.span().start,
                    format!("item `{id}`: former code until `{until}` is not YYYY-MM-DD"),
                );
            }
            let key = (format!("{regime}:{c}"), Some(n.clone()));
            let here = format!("{}:{}", p.file, line_of(p.text, at));
            if let Some(first) = seen_codes.get(&key) {
                p.at(
                    at,
                    format!("item `{id}`: former code `{c}` is already used (first at {first})"),
                );
            } else {
                seen_codes.insert(key, here);
            }
            FormerCode {
                code: c.clone(),
                numbering: n.clone(),
                until: until.clone(),
                note: f.note,
            }
        })
        .collect()
}

/// Checks thresholds: a quantity, a finite value, and a comparison exactly when there is
/// a value.
fn check_parameters(
    p: &mut Problems<'_>,
    base: usize,
    id: &str,
    owner: &str,
    raw: Vec<RawParameter>,
) -> Vec<Parameter> {
    raw.into_iter()
        .map(|r| {
            let at = base + r.quantity.span().start;
            if r.quantity.get_ref().trim().is_empty() {
                p.at(at, format!("item `{id}`: {owner}: parameter with an empty quantity"));
            }
            if let Some(v) = &r.value {
                if !v.get_ref().is_finite() {
                    p.at(
                        base + v.span().start,
                        format!("item `{id}`: {owner}: parameter value is not a finite number"),
                    );
                }
            }
            if r.value.is_some() != r.comparison.is_some() {
                p.at(
                    at,
                    format!("item `{id}`: {owner}: parameter `{}` needs both comparison and value, or neither (a threshold whose value was not captured)", r.quantity.get_ref()),
                );
            }
            Parameter {
                quantity: r.quantity.into_inner(),
                comparison: r.comparison,
                value: r.value.map(Spanned::into_inner),
                unit: r.unit,
                condition: r.condition,
                verification: r.verification,
                note: r.note,
            }
        })
        .collect()
}

/// Checks history dates (`YYYY-MM-DD`, a real day) and builds the events.
fn check_history(
    p: &mut Problems<'_>,
    base: usize,
    id: &str,
    raw: Vec<RawHistory>,
) -> Vec<HistoryEvent> {
    raw.into_iter()
        .map(|h| {
            let d = h.date.get_ref();
            if !is_valid_date(d) {
                p.at(
                    base + h.date.span().start,
                    format!("item `{id}`: history date `{d}` is not YYYY-MM-DD"),
                );
            }
            HistoryEvent {
                event: h.event,
                instrument: h.instrument,
                date: d.clone(),
                note: h.note,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal valid item with extra lines appended to its table.
    fn item(id: &str, extra: &str) -> String {
        format!(
            "[[item]]\nid = \"{id}\"\nstatus = \"restricted\"\nverification = \"secondary\"\nname_en = \"Name of {id}\"\n{extra}\n"
        )
    }

    fn problems(files: &[(&str, String)]) -> Vec<DictionaryProblem> {
        let sources: Vec<(String, String)> = files
            .iter()
            .map(|(n, t)| ((*n).to_owned(), t.clone()))
            .collect();
        match load(&sources) {
            Ok(_) => Vec::new(),
            Err(e) => e.0,
        }
    }

    #[test]
    fn each_problem_is_reported_with_its_line() {
        // (dictionary text, expected message fragment, expected line)
        let cases: Vec<(String, &str, usize)> = vec![
            (item("a", "bogus = 1"), "unknown field `bogus`", 6),
            (
                item("a", "").replace("\"restricted\"", "\"banned\""),
                "unknown variant `banned`",
                3,
            ),
            (item("a", "") + &item("a", ""), "duplicate item id `a`", 8),
            (
                item("a", "code = \"086501X\"") + &item("b", "code = \"086501X\""),
                "duplicate code `086501X`",
                12,
            ),
            (item("a", "code = \"86501X\""), "is not six digits", 6),
            (item("a", "code = \"086501J\""), "does not end in X", 6),
            (item("a", "").replace("Name of a", " "), "empty name_en", 5),
            (
                item(
                    "a",
                    "keywords_en = [\"x ray\"]\n[[item.control_points]]\nnumber = 3\nname_en = \"p\"\n[[item.control_points]]\nnumber = 3\nname_en = \"q\"",
                ),
                "control point number 3 used twice",
                11,
            ),
            (
                item("a", "keywords_en = [\"speech synthesis\"]")
                    + &item("b", "keywords_en = [\"Speech-Synthesis\"]"),
                "is also a keyword of item `a`",
                12,
            ),
            (
                item("a", "keywords_en = [\"ok\", \"  \"]"),
                "empty after normalisation",
                6,
            ),
            (
                item("a", "generic_keywords_en = [\"laser\"]"),
                "only generic keywords",
                2,
            ),
            (
                item("a", "keywords_zh = [\"TTS\"]"),
                "has no Chinese characters",
                6,
            ),
            (
                item("a", "keywords_en = [\"TTS\", \"tts\"]"),
                "duplicate keyword `tts`",
                6,
            ),
            (
                item("a", "related = [\"nope\"]"),
                "related item `nope` does not exist",
                2,
            ),
            (
                item("a", "regime = \"US EAR\""),
                "regime `US EAR` must be a non-empty slug",
                6,
            ),
            (
                item("a", "regime = \"us-ear-ccl\"\ncode = \"3E 001\""),
                "must be ASCII letters, digits",
                7,
            ),
            (item("a", "code = \"12345\u{e9}\""), "is not six digits", 6),
            (
                item(
                    "a",
                    "code = \"086501X\"\n[[item.former_codes]]\ncode = \"056101J\"\nnumbering = \"2008\"\nuntil = \"2023-12-21\"",
                ),
                "former code `056101J` does not end in X",
                8,
            ),
            (
                item(
                    "a",
                    "[[item.former_codes]]\ncode = \"056101X\"\nnumbering = \"08\"\nuntil = \"2023-12-21\"",
                ),
                "numbering `08` is not a year",
                8,
            ),
            (
                item(
                    "a",
                    "[[item.former_codes]]\ncode = \"056101X\"\nnumbering = \"2008\"\nuntil = \"2023-12-21\"\nsince = \"2008\"",
                ),
                "unknown field `since`",
                10,
            ),
            (
                item("a", "code = \"056101X\"\ncode_edition = \"2008\"")
                    + &item(
                        "b",
                        "[[item.former_codes]]\ncode = \"056101X\"\nnumbering = \"2008\"\nuntil = \"2023-12-21\"",
                    ),
                "former code `056101X` is already used",
                14,
            ),
            (
                item(
                    "a",
                    "keywords_en = [\"lfp\"]\n[[item.control_points]]\nname_en = \"p\"\n[[item.control_points.parameters]]\nquantity = \"density\"\nvalue = 2.5",
                ),
                "needs both comparison and value",
                10,
            ),
            (
                item(
                    "a",
                    "[[item.parameters]]\nquantity = \"power\"\ncomparison = \"=>\"",
                ),
                "unknown variant `=>`",
                8,
            ),
            (
                item(
                    "a",
                    "[[item.parameters]]\nquantity = \"power\"\nthreshold = 3",
                ),
                "unknown field `threshold`",
                8,
            ),
        ];
        for (text, fragment, line) in cases {
            let found = problems(&[("f.toml", text.clone())]);
            assert!(
                found
                    .iter()
                    .any(|p| p.message.contains(fragment) && p.line == line && p.file == "f.toml"),
                "expected `{fragment}` at line {line} for:\n{text}\ngot: {found:#?}"
            );
        }
    }

    #[test]
    fn problems_of_every_file_and_entry_are_reported_at_once() {
        let one = item("a", "bogus = 1") + &item("b", "keywords_en = [\"\"]");
        let two = item("c", "").replace("\"restricted\"", "\"banned\"");
        let found = problems(&[("one.toml", one), ("two.toml", two)]);
        let at: Vec<(&str, usize)> = found.iter().map(|p| (p.file.as_str(), p.line)).collect();
        assert_eq!(
            at,
            vec![("one.toml", 6), ("one.toml", 12), ("two.toml", 3)],
            "{found:#?}"
        );
    }

    #[test]
    fn other_regimes_have_their_own_codes_and_may_share_keywords() {
        let text = item("a", "code = \"086501X\"\nkeywords_en = [\"gene editing\"]")
            + &item(
                "b",
                "regime = \"us-ear-ccl\"\ncode = \"3E001\"\nkeywords_en = [\"gene editing\"]",
            );
        assert!(problems(&[("f.toml", text.clone())]).is_empty());
        let items = match load(&[("f.toml".to_owned(), text)]) {
            Ok(items) => items,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(items[0].report_code(), "086501X");
        assert_eq!(items[1].report_code(), "us-ear-ccl:3E001");
        assert_eq!(items[0].regime, "cn-tech-export-catalogue");
    }

    #[test]
    fn inactive_items_may_share_keywords_with_active_ones() {
        let text = item("a", "keywords_en = [\"gene editing\"]")
            + &item("b", "keywords_en = [\"gene editing\"]")
                .replace("\"restricted\"", "\"draft-only\"");
        assert!(problems(&[("f.toml", text)]).is_empty());
    }
}

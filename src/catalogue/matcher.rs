//! The keyword matcher over in-force catalogue entries: one aho-corasick automaton built
//! once, shared read-only, mapping each `PatternID` to its keyword through a parallel `Vec`.
//!
//! Matching rules:
//! - English keywords (any keyword end that is a letter or digit outside CJK) need a word
//!   boundary there: a letter or digit next to the match rejects it ("ai" in "maintain").
//!   Chinese ends get no boundary check. Case folding is ASCII only; the text is NFKC
//!   already (normaliser), so full-width letters arrive folded.
//! - Inflection tolerance is generated at build time: hyphen/space variants
//!   ("text-to-speech" / "text to speech"), British/American endings (`-ise`/`-ize`,
//!   `-isation`/`-ization`, `-yse`/`-yze`) and plural endings (`s`, `es`, `y` → `ies`).
//! - Chinese: traditional characters are folded to simplified ones (`fold.rs`) in the
//!   keywords and, char for char with byte offsets kept, in the text, so "語音合成" matches
//!   语音合成 and the evidence quotes the original. Full-width forms arrive folded by NFKC,
//!   and lines of a paragraph arrive joined (no space between CJK characters, one space
//!   between English words, "non-\nexclusive" → "non-exclusive") from the normaliser.
//!   A word hyphenated at a wrap ("syn-\nthesis" → "syn-thesis") is found by a second
//!   search without hyphens between two lower-case letters, offsets mapped back.
//! - The automaton searches *overlapping* (Standard semantics); we then keep the leftmost,
//!   longest non-overlapping matches among those that pass the boundary check. Plain
//!   `LeftmostLongest` would let a rejected long match hide a valid shorter one.
//! - Generic keywords count only when corroborated: the segment is in the transfer context,
//!   or a specific keyword of the same entry (or of an entry it names as `related`) occurs
//!   in the same or an adjacent segment. Uncorroborated generic matches are not returned.
//! - At most one match per (segment, entry, control point), specific before generic, then
//!   earliest; output sorted by (location, item, control point, keyword).
//!
//! This module finds technology; it never decides direction or risk.

use std::collections::{BTreeMap, BTreeSet};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::edition::Edition;
use super::item::Item;
use crate::error::{DictionaryError, DictionaryProblem};
use crate::extract::normalize::{is_cjk, normalize};
use crate::fold::fold;
use crate::model::{Corroboration, ItemStatus, Segment, TechMatch};

/// A hit kept for one (segment, item, control point): (generic, start, end, keyword index).
type BestHit = (bool, usize, usize, usize);

/// A dictionary keyword of an in-force entry.
#[derive(Debug)]
struct KeywordMeta {
    item: usize,
    /// Index of the entry's regime among the regimes in the data (0 when only one).
    regime: usize,
    /// Index into the item's `control_points`.
    control_point: Option<usize>,
    /// The keyword as written in the dictionary.
    text: String,
    generic: bool,
}

/// One automaton pattern (a keyword or one of its generated variants).
#[derive(Debug)]
struct PatternMeta {
    keyword: usize,
    check_left: bool,
    check_right: bool,
}

/// The compiled matcher.
#[derive(Debug)]
pub(crate) struct Matcher {
    automaton: Option<AhoCorasick>,
    patterns: Vec<PatternMeta>,
    keywords: Vec<KeywordMeta>,
    /// For each item, the items (itself included) whose specific keywords corroborate it.
    corroborators: Vec<BTreeSet<usize>>,
    /// For each item, its status in the edition the matcher was built for (`None`: not
    /// in force there).
    statuses: Vec<Option<ItemStatus>>,
    /// For each item, the code it carried in that edition when it differs from its current
    /// one (a former code).
    edition_codes: Vec<Option<String>>,
}

/// A letter or digit that is not CJK: the characters a word boundary looks at.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// Spelling variants of a keyword: hyphen/space alternation and plural endings.
pub(crate) fn variants(keyword: &str) -> Vec<String> {
    let base = fold(&normalize(keyword)).into_owned();
    if base.chars().any(is_cjk) {
        return vec![base];
    }
    // Positions (char indices) of separators between words.
    let chars: Vec<char> = base.chars().collect();
    let seps: Vec<usize> = (1..chars.len().saturating_sub(1))
        .filter(|&i| {
            matches!(chars[i], ' ' | '-')
                && chars[i - 1].is_alphanumeric()
                && chars[i + 1].is_alphanumeric()
        })
        .collect();
    let mut forms: Vec<String> = Vec::new();
    let push = |s: String, forms: &mut Vec<String>| {
        if !forms.contains(&s) {
            forms.push(s);
        }
    };
    push(base.clone(), &mut forms);
    let with = |mask: &dyn Fn(usize) -> char| -> String {
        chars
            .iter()
            .enumerate()
            .map(|(i, &c)| match seps.iter().position(|&s| s == i) {
                Some(n) => mask(n),
                None => c,
            })
            .collect()
    };
    if seps.len() <= 3 {
        for bits in 0..(1u32 << seps.len()) {
            push(
                with(&|n| if bits & (1 << n) == 0 { ' ' } else { '-' }),
                &mut forms,
            );
        }
    } else {
        push(with(&|_| ' '), &mut forms);
        push(with(&|_| '-'), &mut forms);
    }
    for form in forms.clone() {
        let spelled = spelling_variant(&form);
        if spelled != form && !forms.contains(&spelled) {
            forms.push(spelled);
        }
    }
    let mut out = Vec::new();
    for form in forms {
        let plural = plural_forms(&form);
        out.push(form);
        for p in plural {
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    out
}

/// British and American endings (`-ise`/`-ize`, `-isation`/`-ization`, `-yse`/`-yze`),
/// swapped in every word of five letters or more: "personalised recommendation" also
/// matches "personalized recommendation".
fn spelling_variant(form: &str) -> String {
    const SWAPS: [(&str, &str); 18] = [
        ("isations", "izations"),
        ("izations", "isations"),
        ("isation", "ization"),
        ("ization", "isation"),
        ("ising", "izing"),
        ("izing", "ising"),
        ("ised", "ized"),
        ("ized", "ised"),
        ("iser", "izer"),
        ("izer", "iser"),
        ("ise", "ize"),
        ("ize", "ise"),
        ("ysed", "yzed"),
        ("yzed", "ysed"),
        ("yser", "yzer"),
        ("yzer", "yser"),
        ("yse", "yze"),
        ("yze", "yse"),
    ];
    let mut out = String::with_capacity(form.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let swapped = (word.len() >= 5)
            .then(|| {
                SWAPS.iter().find_map(|(from, to)| {
                    word.strip_suffix(from).map(|stem| format!("{stem}{to}"))
                })
            })
            .flatten();
        out.push_str(swapped.as_deref().unwrap_or(word));
        word.clear();
    };
    for c in form.chars() {
        if c.is_ascii_alphabetic() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

fn plural_forms(word: &str) -> Vec<String> {
    let last_word: String = word
        .chars()
        .rev()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    if last_word.len() < 2 {
        return Vec::new();
    }
    let lower = word.to_ascii_lowercase();
    let mut out = Vec::new();
    if lower.ends_with("sis") {
        out.push(format!("{}es", &word[..word.len() - 2]));
    } else if lower.ends_with(['s', 'x', 'z']) || lower.ends_with("ch") || lower.ends_with("sh") {
        out.push(format!("{word}es"));
    } else if lower.len() >= 2
        && lower.ends_with('y')
        && !b"aeiou".contains(&lower.as_bytes()[lower.len() - 2])
    {
        let stem = &word[..word.len() - 1];
        out.push(format!("{stem}ies"));
        out.push(format!("{word}s"));
    } else {
        out.push(format!("{word}s"));
    }
    out
}

impl Matcher {
    /// Compiles the keywords of every item (and control point) in force in `edition`.
    pub(crate) fn build(items: &[Item], edition: &Edition) -> Result<Matcher, DictionaryError> {
        let statuses: Vec<Option<ItemStatus>> =
            items.iter().map(|it| it.status_in(edition)).collect();
        let edition_codes = items
            .iter()
            .map(|it| it.former_code_in(edition).map(|f| f.code.clone()))
            .collect();
        let ids: BTreeMap<&str, usize> = items
            .iter()
            .enumerate()
            .map(|(i, it)| (it.id.as_str(), i))
            .collect();
        let corroborators = items
            .iter()
            .enumerate()
            .map(|(i, it)| {
                let mut set: BTreeSet<usize> = it
                    .related
                    .iter()
                    .filter_map(|r| ids.get(r.as_str()).copied())
                    .collect();
                set.insert(i);
                set
            })
            .collect();

        let regimes: Vec<&str> = items
            .iter()
            .map(|it| it.regime.as_str())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut keywords = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let regime = regimes
                .iter()
                .position(|r| *r == item.regime)
                .unwrap_or_default();
            if statuses[i].is_none() {
                continue;
            }
            let owners = std::iter::once((None, &item.keywords)).chain(
                item.control_points
                    .iter()
                    .enumerate()
                    .filter(|(_, cp)| cp.in_force_in(edition))
                    .map(|(c, cp)| (Some(c), &cp.keywords)),
            );
            for (control_point, list) in owners {
                for (text, generic) in list.all() {
                    keywords.push(KeywordMeta {
                        item: i,
                        regime,
                        control_point,
                        text: text.to_owned(),
                        generic,
                    });
                }
            }
        }

        let mut patterns = Vec::new();
        let mut texts: Vec<String> = Vec::new();
        let mut seen: BTreeSet<String> = BTreeSet::new();
        for (k, meta) in keywords.iter().enumerate() {
            let regime = &items[meta.item].regime;
            for form in variants(&meta.text) {
                // A form may serve one entry per regime.
                if !seen.insert(format!("{regime}\u{0}{}", keyword_key_exact(&form))) {
                    continue;
                }
                let check_left = form.chars().next().is_some_and(is_word_char);
                let check_right = form.chars().next_back().is_some_and(is_word_char);
                patterns.push(PatternMeta {
                    keyword: k,
                    check_left,
                    check_right,
                });
                texts.push(form);
            }
        }

        let automaton = if texts.is_empty() {
            None
        } else {
            let built = AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .build(&texts)
                .map_err(|e| {
                    DictionaryError(vec![DictionaryProblem {
                        file: "(catalogue)".to_owned(),
                        line: 0,
                        message: format!("cannot build the keyword matcher: {e}"),
                    }])
                })?;
            Some(built)
        };
        Ok(Matcher {
            automaton,
            patterns,
            keywords,
            corroborators,
            statuses,
            edition_codes,
        })
    }

    /// Number of compiled patterns (keywords and their variants).
    pub(crate) fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Accepted, non-overlapping hits of one text: (start, end, keyword index).
    fn hits(&self, text: &str) -> Vec<(usize, usize, usize)> {
        debug_assert!(self.keywords.iter().all(|k| !k.text.is_empty()));
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        // Traditional characters folded to simplified ones, byte offsets unchanged.
        let text = &*fold(text);
        let mut raw = self.raw_hits(ac, text);
        // A word hyphenated at a line wrap arrives as "syn-thesis": search again with
        // hyphens between two lower-case letters removed, and map offsets back, so the
        // evidence quotes "syn-thesis".
        if let Some((joined, map)) = dehyphenate(text) {
            raw.extend(
                self.raw_hits(ac, &joined)
                    .into_iter()
                    .map(|(s, e, k)| (map[s], map[e], k)),
            );
            raw.sort_unstable();
            raw.dedup();
        }
        raw.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        // Leftmost-longest, non-overlapping within each regime: one text may name a
        // Chinese catalogue item and an item of another regime at once.
        let mut out = Vec::new();
        let mut last_end: BTreeMap<usize, usize> = BTreeMap::new();
        for hit in raw {
            let end = last_end.entry(self.keywords[hit.2].regime).or_default();
            if hit.0 >= *end {
                *end = hit.1;
                out.push(hit);
            }
        }
        out
    }

    /// Every automaton match in `text` that passes the boundary and case checks:
    /// (start, end, keyword index), overlapping.
    fn raw_hits(&self, ac: &AhoCorasick, text: &str) -> Vec<(usize, usize, usize)> {
        ac.find_overlapping_iter(text)
            .filter_map(|m| {
                let meta = &self.patterns[m.pattern().as_usize()];
                let before = text[..m.start()].chars().next_back();
                let after = text[m.end()..].chars().next();
                let left_ok = !meta.check_left || !before.is_some_and(is_word_char);
                let right_ok = !meta.check_right || !after.is_some_and(is_word_char);
                // Abbreviations written in capitals (`SDN`, `TTS`, `ASR`) match only in
                // capitals: "Sdn. Bhd." is a Malaysian company, not software-defined networking.
                let keyword = &self.keywords[meta.keyword].text;
                let case_ok = !is_abbreviation(keyword)
                    || text.as_bytes().get(m.start()..m.start() + keyword.len())
                        == Some(keyword.as_bytes());
                (left_ok && right_ok && case_ok).then_some((m.start(), m.end(), meta.keyword))
            })
            .collect()
    }

    /// Finds catalogue technology in segments (see the module doc for the rules).
    pub(crate) fn find(
        &self,
        items: &[Item],
        segments: &[Segment],
        transfer_context: &BTreeSet<usize>,
    ) -> Vec<TechMatch> {
        let per_segment: Vec<Vec<(usize, usize, usize)>> =
            segments.iter().map(|s| self.hits(&s.text)).collect();

        // (segment, item, control point) -> best hit
        let mut best: BTreeMap<(usize, usize, Option<usize>), BestHit> = BTreeMap::new();
        // (segment, item) -> the specific keyword that corroborates a generic hit there:
        // (segment of the specific hit, its start, its end).
        let mut corroborating: BTreeMap<(usize, usize), (usize, usize, usize)> = BTreeMap::new();
        for (seg, hits) in per_segment.iter().enumerate() {
            let in_clause = transfer_context.contains(&seg);
            for &(start, end, k) in hits {
                let meta = &self.keywords[k];
                if meta.generic && !in_clause {
                    let lo = seg.saturating_sub(1);
                    let hi = (seg + 1).min(segments.len().saturating_sub(1));
                    let by = (lo..=hi).find_map(|s| {
                        per_segment[s]
                            .iter()
                            .find(|h| {
                                let other = &self.keywords[h.2];
                                !other.generic
                                    && self.corroborators[meta.item].contains(&other.item)
                            })
                            .map(|h| (s, h.0, h.1))
                    });
                    let Some(by) = by else {
                        continue;
                    };
                    corroborating.entry((seg, meta.item)).or_insert(by);
                }
                let candidate = (meta.generic, start, end, k);
                best.entry((seg, meta.item, meta.control_point))
                    .and_modify(|b| {
                        if (candidate.0, candidate.1) < (b.0, b.1) {
                            *b = candidate;
                        }
                    })
                    .or_insert(candidate);
            }
        }

        let mut out: Vec<(usize, TechMatch)> = Vec::with_capacity(best.len());
        for ((seg, i, cp), (_, start, end, k)) in best {
            let item = &items[i];
            let Some(status) = self.statuses[i] else {
                continue;
            };
            let meta = &self.keywords[k];
            let segment = &segments[seg];
            let point = cp.and_then(|c| item.control_points.get(c));
            let mut name = match point {
                Some(p) => format!("{} — {}", item.name_en, p.name_en),
                None => item.name_en.clone(),
            };
            let item_zh = item.name_zh.as_deref().unwrap_or(&item.name_en);
            let mut name_zh = match point {
                Some(p) => format!("{item_zh} — {}", p.name_zh.as_deref().unwrap_or(&p.name_en)),
                None => item_zh.to_owned(),
            };
            if item.regime != super::CATALOGUE_ID {
                name = format!("[{}] {name}", item.regime);
                name_zh = format!("[{}] {name_zh}", item.regime);
            }
            let verification = point
                .and_then(|p| p.verification)
                .unwrap_or(item.verification);
            if verification == super::Verification::Unverified {
                // A point with a verification of its own answers for its own sources only.
                let sources = point
                    .filter(|p| p.verification.is_some())
                    .map_or(item.sources.as_slice(), |p| p.sources.as_slice());
                name = format!(
                    "{name} — {}",
                    super::item::unverified_notice(sources, false)
                );
                name_zh = format!(
                    "{name_zh}（{}）",
                    super::item::unverified_notice(sources, true)
                );
            }
            out.push((
                seg,
                TechMatch {
                    ocr: None,
                    segment: seg,
                    item: item.report_code(),
                    numbering: item.code_edition.clone(),
                    edition_code: self.edition_codes[i].clone(),
                    control_point: point.and_then(|p| p.number),
                    name,
                    name_zh,
                    status,
                    keyword: meta.text.clone(),
                    matched: segment.text.get(start..end).unwrap_or_default().to_owned(),
                    location: segment.location.clone(),
                    in_clause: transfer_context.contains(&seg),
                    generic: meta.generic,
                    corroborated: true,
                    corroboration: meta.generic.then(|| match corroborating.get(&(seg, i)) {
                        Some(&(s, a, b)) if !transfer_context.contains(&seg) => Corroboration {
                            by: Some(segments[s].text.get(a..b).unwrap_or_default().to_owned()),
                            location: Some(segments[s].location.clone()),
                        },
                        _ => Corroboration {
                            by: None,
                            location: None,
                        },
                    }),
                    verification: verification.as_str().to_owned(),
                },
            ));
        }
        out.sort_by(|(sa, a), (sb, b)| {
            (&a.location, &a.item, a.control_point, &a.keyword, sa).cmp(&(
                &b.location,
                &b.item,
                b.control_point,
                &b.keyword,
                sb,
            ))
        });
        out.into_iter().map(|(_, m)| m).collect()
    }
}

/// The text without hyphens between two ASCII lower-case letters, with the original byte
/// offset of every byte of the result (and of its end); `None` when there is no such hyphen.
fn dehyphenate(text: &str) -> Option<(String, Vec<usize>)> {
    let bytes = text.as_bytes();
    let inner = |i: usize| {
        bytes[i] == b'-'
            && i > 0
            && bytes[i - 1].is_ascii_lowercase()
            && bytes.get(i + 1).is_some_and(u8::is_ascii_lowercase)
    };
    if !(0..bytes.len()).any(inner) {
        return None;
    }
    let mut joined = Vec::with_capacity(bytes.len());
    let mut map = Vec::with_capacity(bytes.len() + 1);
    for (i, &b) in bytes.iter().enumerate() {
        if !inner(i) {
            joined.push(b);
            map.push(i);
        }
    }
    map.push(bytes.len());
    // Only ASCII hyphens were removed, so the bytes are still UTF-8.
    String::from_utf8(joined).ok().map(|j| (j, map))
}

/// Key for de-duplicating generated patterns: ASCII case folded, as the automaton sees them.
fn keyword_key_exact(form: &str) -> String {
    form.to_ascii_lowercase()
}

/// A keyword written as a capitalised abbreviation (`TTS`, `5G`, `LiDAR` is not one): two
/// to six ASCII capitals and digits with at least one capital.
fn is_abbreviation(keyword: &str) -> bool {
    (2..=6).contains(&keyword.len())
        && keyword
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && keyword.bytes().any(|b| b.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Catalogue;
    use crate::model::Location;

    fn segments(texts: &[&str]) -> Vec<Segment> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Segment {
                text: normalize(t),
                location: Location {
                    page: None,
                    section: None,
                    paragraph: Some(i as u32 + 1),
                },
                ..Segment::default()
            })
            .collect()
    }

    fn run(
        catalogue: &Catalogue,
        texts: &[&str],
        context: &[usize],
    ) -> Vec<(String, Option<u32>, String, String)> {
        let context: BTreeSet<usize> = context.iter().copied().collect();
        catalogue
            .find(&segments(texts), &context)
            .into_iter()
            .map(|m| (m.item, m.control_point, m.keyword, m.matched))
            .collect()
    }

    fn builtin() -> Catalogue {
        match Catalogue::builtin() {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        }
    }

    type Expected = &'static [(&'static str, Option<u32>, &'static str, &'static str)];

    #[test]
    fn builtin_matching_cases() {
        let catalogue = builtin();
        // (segments, transfer-context indices, expected (item, control point, keyword, matched))
        let cases: &[(&[&str], &[usize], Expected)] = &[
            (
                &["Licensor shall transfer its text-to-speech (TTS) engine"],
                &[0],
                &[("086501X", Some(17), "text-to-speech", "text-to-speech")],
            ),
            (
                &["The speech-synthesis module"],
                &[],
                &[("086501X", Some(17), "speech synthesis", "speech-synthesis")],
            ),
            (
                &["text to speech"],
                &[],
                &[("086501X", Some(17), "text-to-speech", "text to speech")],
            ),
            (
                &["two Microphone Arrays"],
                &[],
                &[("086501X", Some(18), "microphone array", "Microphone Arrays")],
            ),
            (
                &["本合同涉及语音合成技术"],
                &[],
                &[("086501X", Some(17), "语音合成", "语音合成")],
            ),
            (
                &["许可ＴＴＳ引擎"],
                &[],
                &[("086501X", Some(17), "TTS", "TTS")],
            ),
            (&["The laser must be calibrated."], &[], &[]),
            (
                &["The laser must be calibrated.", "It feeds the LiDAR unit."],
                &[],
                &[
                    ("uncoded:laser", None, "laser", "laser"),
                    ("uncoded:lidar-system", None, "LiDAR", "LiDAR"),
                ],
            ),
            (
                &["Licensor assigns its laser know-how."],
                &[0],
                &[("uncoded:laser", None, "laser", "laser")],
            ),
            (&["traditional Chinese architecture and dougong"], &[0], &[]),
            (
                &["LiDARs"],
                &[],
                &[("uncoded:lidar-system", None, "LiDAR", "LiDARs")],
            ),
            (
                &["磷酸铁锂正极材料制备"],
                &[],
                &[
                    ("252604X", None, "正极材料制备", "正极材料制备"),
                    ("252604X", Some(1), "磷酸铁锂", "磷酸铁锂"),
                ],
            ),
            (
                &[
                    "UAV flight control system",
                    "drones with a flight controller",
                ],
                &[],
                &[
                    (
                        "203912X",
                        Some(5),
                        "UAV flight control",
                        "UAV flight control",
                    ),
                    ("203912X", None, "drone", "drones"),
                    ("203912X", Some(5), "flight controller", "flight controller"),
                ],
            ),
            (
                &["NdFeB magnets"],
                &[],
                &[("053302J", None, "NdFeB", "NdFeB")],
            ),
            (
                &["heat treatment and 热处理"],
                &[],
                &[("053401X", None, "heat treatment", "heat treatment")],
            ),
            (&["We maintain records"], &[0], &[]),
            (&["Kenari Aerosystems Sdn. Bhd. shall pay"], &[0], &[]),
            (
                &["the TTS engine"],
                &[0],
                &[("086501X", Some(17), "TTS", "TTS")],
            ),
            (&["Hong Kong SAR"], &[0], &[]),
        ];
        for (texts, context, expected) in cases {
            let got = run(&catalogue, texts, context);
            let want: Vec<(String, Option<u32>, String, String)> = expected
                .iter()
                .map(|(i, c, k, m)| ((*i).to_owned(), *c, (*k).to_owned(), (*m).to_owned()))
                .collect();
            assert_eq!(got, want, "segments: {texts:?}");
        }
    }

    #[test]
    fn matches_carry_clause_corroboration_and_verification() {
        let catalogue = builtin();
        let segs = segments(&["Licensor licenses its voice cloning system.", "智能阅卷"]);
        let found = catalogue.find(&segs, &BTreeSet::from([0]));
        assert_eq!(found.len(), 2);
        assert!(found[0].in_clause && found[0].corroborated);
        assert_eq!(found[0].verification, "secondary");
        assert_eq!(found[0].location.paragraph, Some(1));
        assert!(!found[1].in_clause);
        assert_eq!(
            (found[1].control_point, found[1].verification.as_str()),
            (Some(20), "unverified")
        );
    }

    fn custom(toml: &str) -> Catalogue {
        match Catalogue::from_sources(&[("t.toml".to_owned(), toml.to_owned())]) {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn word_boundaries_do_not_hide_valid_matches() {
        let catalogue = custom(
            "[[item]]\nid = \"x\"\nstatus = \"restricted\"\nverification = \"secondary\"\nname_en = \"X\"\nkeywords_en = [\"AI\", \"laser\", \"laser radar\"]\n",
        );
        let cases: &[(&str, &[&str])] = &[
            ("We maintain the plant.", &[]),
            ("We maintain the AI model.", &["AI"]),
            ("the laser radarscope", &["laser"]),
            ("laser radar", &["laser radar"]),
            ("AI-based", &["AI"]),
            ("采用AI技术", &["AI"]),
        ];
        for (text, want) in cases {
            let got: Vec<String> = run(&catalogue, &[text], &[])
                .into_iter()
                .map(|m| m.3)
                .collect();
            assert_eq!(got, *want, "text: {text}");
        }
    }

    type WantMatched = &'static [(&'static str, Option<u32>, &'static str)];

    #[test]
    fn wrapped_hyphenated_traditional_and_full_width_text_matches() {
        let catalogue = builtin();
        // (raw paragraph text as extracted, expected (item, control point, matched))
        let cases: &[(&str, WantMatched)] = &[
            (
                "Licensor provides its speech\nsynthesis engine",
                &[("086501X", Some(17), "speech synthesis")],
            ),
            (
                "the text-to-\nspeech module",
                &[("086501X", Some(17), "text-to-speech")],
            ),
            (
                "a LiDAR-\nbased system",
                &[("uncoded:lidar-system", None, "LiDAR")],
            ),
            (
                "multi-\nmicrophone-array beamforming",
                &[("086501X", Some(18), "microphone-array")],
            ),
            (
                "許可方向被許可方提供語音合成技術",
                &[("086501X", Some(17), "語音合成")],
            ),
            ("磷酸鐵鋰正極材料製備", &[("252604X", Some(1), "磷酸鐵鋰")]),
            (
                "ＬｉＤＡＲ　ｓｙｓｔｅｍ",
                &[("uncoded:lidar-system", None, "LiDAR")],
            ),
            ("语音\n合成技术", &[("086501X", Some(17), "语音合成")]),
            (
                "its speech syn-\nthesis engine",
                &[("086501X", Some(17), "speech syn-thesis")],
            ),
            (
                "personalized recommendation engines",
                &[("086501X", Some(21), "personalized recommendation")],
            ),
        ];
        for (text, want) in cases {
            let got: Vec<(String, Option<u32>, String)> = run(&catalogue, &[text], &[0])
                .into_iter()
                .map(|m| (m.0, m.1, m.3))
                .collect();
            for (item, cp, matched) in *want {
                assert!(
                    got.iter()
                        .any(|g| g.0 == *item && g.1 == *cp && g.2 == *matched),
                    "{text:?}: want ({item}, {cp:?}, {matched:?}), got {got:?}"
                );
            }
        }
    }

    #[test]
    fn generic_matches_say_what_corroborated_them() {
        let catalogue = builtin();
        let segments: Vec<Segment> = [
            "The laser must be calibrated.",
            "It feeds the LiDAR unit.",
            "Licensor assigns its laser know-how.",
        ]
        .iter()
        .enumerate()
        .map(|(i, t)| Segment {
            text: normalize(t),
            location: crate::model::Location {
                page: Some(1),
                section: None,
                paragraph: u32::try_from(i + 1).ok(),
            },
            ..Segment::default()
        })
        .collect();
        let found = catalogue
            .for_edition(Edition::latest())
            .find(&segments, &BTreeSet::from([2]));
        let laser: Vec<(Option<u32>, String)> = found
            .iter()
            .filter(|m| m.keyword == "laser")
            .map(|m| {
                (
                    m.location.paragraph,
                    m.corroboration
                        .as_ref()
                        .map(|c| c.describe(crate::model::Lang::En))
                        .unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(
            laser,
            [
                (
                    Some(1),
                    "with the specific term \"LiDAR\" nearby (p. 1, ¶ 2)".to_owned()
                ),
                (
                    Some(3),
                    "inside a transfer clause or a definition a transfer clause uses".to_owned()
                ),
            ]
        );
        let lidar = found.iter().find(|m| m.keyword == "LiDAR");
        assert!(
            lidar.is_some_and(|m| m.corroboration.is_none()),
            "specific terms need none"
        );
    }

    #[test]
    fn spelling_variants_swap_british_and_american_endings() {
        let cases: &[(&str, &str)] = &[
            ("personalised recommendation", "personalized recommendation"),
            ("data analysed", "data analyzed"),
            ("rare earth utilisation", "rare earth utilization"),
            ("optimizer", "optimiser"),
            ("rise", "rise"),
        ];
        for (from, to) in cases {
            assert_eq!(spelling_variant(from), *to, "{from}");
        }
        assert!(variants("customised voice").contains(&"customized voices".to_owned()));
    }

    #[test]
    fn variants_cover_hyphens_spaces_and_plurals() {
        let cases: &[(&str, &[&str])] = &[
            (
                "speech synthesis",
                &[
                    "speech synthesis",
                    "speech syntheses",
                    "speech-synthesis",
                    "speech-syntheses",
                ],
            ),
            (
                "recommender system",
                &[
                    "recommender system",
                    "recommender systems",
                    "recommender-system",
                    "recommender-systems",
                ],
            ),
            ("battery", &["battery", "batteries", "batterys"]),
            ("语音合成", &["语音合成"]),
        ];
        for (keyword, want) in cases {
            assert_eq!(variants(keyword), *want, "keyword: {keyword}");
        }
    }
}

//! The party table's columns beyond name, role and region: the name in the other language,
//! the legal form, the kind of party, the seat in English (country, and province / city /
//! state when given) and the seat's evidence (what kind of words, and the words).
//!
//! Word lists are data (`[kinds]` and `[seat_basis]` of `dictionaries/parties.toml`; legal
//! forms and places from `dictionaries/world.toml`). This module only *describes* what the
//! party stage decided: it reads the same region cue that set a party's region, and never
//! changes a region, a name or an alias.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::extract::normalize::is_cjk;
use crate::model::{Party, PartyKind, Region, Seat, SeatBasis, SeatEvidence, Segment};

use super::parties::{PartyCues, RegionHit};
use super::world::SeatPlace;

/// How far a quote or a context window reaches from the place it is about (chars).
const REACH: usize = 100;
/// How much of a party's description the individual and JV words are read from (chars).
const HEAD: usize = 240;

/// `[kinds]` of `dictionaries/parties.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindCues {
    #[serde(default)]
    company: Vec<String>,
    #[serde(default)]
    government: Vec<String>,
    #[serde(default)]
    individual: Vec<String>,
    #[serde(default)]
    individual_titles: Vec<String>,
    #[serde(default)]
    institute: Vec<String>,
    #[serde(default)]
    jv_to_be_formed: Vec<String>,
    #[serde(default)]
    university: Vec<String>,
}

impl KindCues {
    /// Titles that start an individual's name (`dr.`, `mr.`), lower case.
    pub fn individual_titles(&self) -> &[String] {
        &self.individual_titles
    }

    /// Words that describe an individual (`an individual`, `passport`), lower case.
    pub fn individual_words(&self) -> &[String] {
        &self.individual
    }

    pub fn all(&self) -> impl Iterator<Item = &String> {
        self.company
            .iter()
            .chain(&self.government)
            .chain(&self.individual)
            .chain(&self.individual_titles)
            .chain(&self.institute)
            .chain(&self.jv_to_be_formed)
            .chain(&self.university)
    }
}

/// `[seat_basis]` of `dictionaries/parties.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BasisCues {
    #[serde(default)]
    address: Vec<String>,
    #[serde(default)]
    laws_of: Vec<String>,
    #[serde(default)]
    notice_address: Vec<String>,
    #[serde(default)]
    place_of_incorporation: Vec<String>,
    #[serde(default)]
    registered_address: Vec<String>,
    #[serde(default)]
    zh_after_laws_of: Vec<String>,
    #[serde(default)]
    zh_after_place_of_incorporation: Vec<String>,
    #[serde(default)]
    field_labels: Vec<String>,
    #[serde(default)]
    credit_code: Vec<String>,
    #[serde(default)]
    id_number: Vec<String>,
}

impl BasisCues {
    pub fn all(&self) -> impl Iterator<Item = &String> {
        self.address
            .iter()
            .chain(&self.laws_of)
            .chain(&self.notice_address)
            .chain(&self.place_of_incorporation)
            .chain(&self.registered_address)
            .chain(&self.zh_after_laws_of)
            .chain(&self.zh_after_place_of_incorporation)
            .chain(&self.field_labels)
            .chain(&self.credit_code)
            .chain(&self.id_number)
    }

    /// The basis words before a place, nearest first: (basis, byte end of the word).
    fn before(&self) -> [(SeatBasis, &[String]); 5] {
        [
            (SeatBasis::LawsOf, &self.laws_of),
            (
                SeatBasis::PlaceOfIncorporation,
                &self.place_of_incorporation,
            ),
            (SeatBasis::RegisteredAddress, &self.registered_address),
            (SeatBasis::NoticeAddress, &self.notice_address),
            (SeatBasis::Address, &self.address),
        ]
    }
}

/// What the party table reads besides the region cues.
#[derive(Debug, Default)]
pub struct TableCues {
    pub(super) kinds: KindCues,
    pub(super) basis: BasisCues,
    /// Region cue (lower case) → its place in English.
    pub seat_places: BTreeMap<String, SeatPlace>,
    /// Every legal form, longest first.
    pub legal_forms: Vec<String>,
}

impl TableCues {
    pub fn new(kinds: KindCues, basis: BasisCues) -> TableCues {
        TableCues {
            kinds,
            basis,
            seat_places: BTreeMap::new(),
            legal_forms: Vec::new(),
        }
    }
}

/// Where the party stage read a party from.
pub struct Source<'a> {
    /// The party's descriptor (the text after its name up to the next party, or its role
    /// line and the address lines under it).
    pub descriptor: &'a str,
    /// The (expanded) segments the party stage read.
    pub segments: &'a [Segment],
    /// Whether the party was read from a signature block.
    pub in_signature: bool,
}

/// Fills the table columns of `party` (whose region the party stage has set from
/// `source`).
pub fn fill(party: &mut Party, source: &Source<'_>, cues: &PartyCues) {
    let t = &cues.table;
    let (before, after) = around_name(&party.name, source.segments);
    party.other_name = other_name(&party.name, after);
    party.legal_form = legal_form(&party.name, &t.legal_forms);
    let (kind, kind_evidence) = kind(party, source.descriptor, before, after, t);
    party.kind = kind;
    party.kind_evidence = kind_evidence;
    let (seat, evidence) = seat(party, source, cues);
    party.seat = seat;
    party.seat_evidence = evidence;
}

/// Rewrites the seat of a party whose region a presumption (or a template's `(甲方国名)`)
/// decided: the region's country, and `quote` (the words the presumption rests on; empty
/// when it rests on the document as a whole).
pub fn presumed(party: &mut Party, basis: SeatBasis, quote: &str) {
    let blank = basis == SeatBasis::TemplateBlank
        || is_blank(&party.name)
        || (party.role.as_deref() == Some(party.name.as_str())
            && is_blank(head_chars(&party.evidence, 40)));
    let country = match party.region {
        Region::Mainland | Region::HongKong | Region::Macau => Some("China".to_owned()),
        Region::Taiwan => Some("Taiwan".to_owned()),
        Region::Foreign | Region::Unknown => None,
    };
    party.seat = Seat {
        country,
        place: None,
        blank_in_template: blank,
    };
    party.seat_evidence = vec![SeatEvidence {
        basis,
        quote: quote.to_owned(),
    }];
}

/// The text before (at most 40 chars) and after the first use of `name` in the segments.
fn around_name<'a>(name: &str, segments: &'a [Segment]) -> (&'a str, &'a str) {
    if name.trim().is_empty() {
        return ("", "");
    }
    segments
        .iter()
        .find_map(|s| {
            let i = s.text.find(name)?;
            let before = tail_chars(&s.text[..i], 40);
            Some((before, &s.text[i + name.len()..]))
        })
        .unwrap_or(("", ""))
}

fn tail_chars(text: &str, n: usize) -> &str {
    let start = text
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    &text[start..]
}

fn head_chars(text: &str, n: usize) -> &str {
    let end = text.char_indices().nth(n).map_or(text.len(), |(i, _)| i);
    &text[..end]
}

/// `深圳某某有限公司 (Shenzhen X Co., Ltd.)` / `Acme Co., Ltd. (爱克米有限公司)`: the bracket right
/// after the name, when it is written in the other script and defines nothing.
fn other_name(name: &str, after: &str) -> Option<String> {
    let rest = after.trim_start();
    let open = rest.chars().next().filter(|c| matches!(c, '(' | '（'))?;
    let inner_start = open.len_utf8();
    let close = rest[inner_start..].find([')', '）'])? + inner_start;
    let inner = rest[inner_start..close].trim();
    let name_cjk = name.chars().any(is_cjk);
    let inner_cjk = inner.chars().any(is_cjk);
    let inner_latin = inner.chars().any(|c| c.is_ascii_alphabetic());
    let other_script = if name_cjk {
        inner_latin && !inner_cjk
    } else {
        inner_cjk && !inner_latin
    };
    let defines = ['"', '“', '”', '「', '」']
        .iter()
        .any(|q| inner.contains(*q))
        || ["hereinafter", "referred", "以下", "简称", "簡稱"]
            .iter()
            .any(|w| inner.to_lowercase().contains(w));
    (other_script && !defines && inner.chars().filter(|c| c.is_alphanumeric()).count() >= 4)
        .then(|| inner.to_owned())
}

/// The legal form that ends `name`, as written there.
fn legal_form(name: &str, forms: &[String]) -> Option<String> {
    let name = name.trim_end_matches([',', ' ']);
    forms.iter().find_map(|form| {
        let n = name.len().checked_sub(form.len())?;
        let tail = name.get(n..)?;
        let letters = form.chars().filter(|c| c.is_alphabetic()).count();
        let cjk = form.chars().any(is_cjk);
        // `AG`, `SA`, `AS`: short upper-case forms are words elsewhere; match them as written.
        let same = if cjk || (letters <= 3 && form.chars().all(|c| !c.is_lowercase())) {
            tail == form
        } else {
            tail.eq_ignore_ascii_case(form) || tail.to_lowercase() == form.to_lowercase()
        };
        let head = &name[..n];
        let bounded = cjk
            || form.starts_with(['(', '（'])
            || (!head.is_empty() && head.ends_with([' ', ',', '\u{a0}']));
        (same && bounded && !head.trim().is_empty()).then(|| tail.to_owned())
    })
}

/// The first word of `words` in `text` (Latin words on word boundaries, case-insensitively),
/// as written in `text` (as listed when lower-casing changed the text's length).
fn find_word(text: &str, words: &[String]) -> Option<String> {
    let lower = text.to_lowercase();
    let mut best: Option<(usize, &String)> = None;
    for w in words {
        let cjk = w.chars().any(is_cjk);
        let hit = lower
            .match_indices(w.as_str())
            .map(|(i, _)| i)
            .find(|&i| cjk || word_bounded(&lower, i, i + w.len()));
        if let Some(i) = hit {
            if best.is_none_or(|(bi, bw)| i < bi || (i == bi && w.len() > bw.len())) {
                best = Some((i, w));
            }
        }
    }
    let (i, w) = best?;
    let written = (lower.len() == text.len())
        .then(|| text.get(i..i + w.len()))
        .flatten();
    Some(written.map_or_else(|| w.clone(), str::to_owned))
}

fn word_bounded(text: &str, s: usize, e: usize) -> bool {
    let left = text[..s]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric());
    let right = text[e..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric());
    left && right
}

/// The party's kind and the words it was read from.
fn kind(
    party: &Party,
    descriptor: &str,
    before: &str,
    after: &str,
    t: &TableCues,
) -> (PartyKind, Option<String>) {
    let k = &t.kinds;
    let name = party.name.as_str();
    // A joint venture still to be set up: said right before or after its name
    // (`合资公司的名称为“…”`, `… Co., Ltd. (to be established)`), or by its short name.
    let near = format!("{} {}", tail_chars(before, 12), head_chars(after, 120));
    if let Some(a) = party
        .aliases
        .iter()
        .find(|a| k.jv_to_be_formed.iter().any(|w| w == &a.to_lowercase()))
    {
        return (PartyKind::JvToBeFormed, Some(a.clone()));
    }
    if let Some(w) = find_word(&near, &k.jv_to_be_formed) {
        return (PartyKind::JvToBeFormed, Some(w));
    }
    let head = head_chars(descriptor, HEAD);
    let title = k.individual_titles.iter().find(|t| {
        name.len() > t.len()
            && name.is_char_boundary(t.len())
            && name[..t.len()].eq_ignore_ascii_case(t)
            && name[t.len()..].starts_with(' ')
    });
    if let Some(t) = title {
        return (PartyKind::Individual, Some(name[..t.len()].to_owned()));
    }
    let form = party.legal_form.clone();
    if form.is_none() {
        if let Some(w) = find_word(head, &k.individual) {
            return (PartyKind::Individual, Some(w));
        }
        for (kind, words) in [
            (PartyKind::University, &k.university),
            (PartyKind::Institute, &k.institute),
            (PartyKind::Government, &k.government),
        ] {
            if let Some(w) = find_word(name, words) {
                return (kind, Some(w));
            }
        }
    }
    if form.is_some() {
        return (PartyKind::Company, form);
    }
    let ends_company = k.company.iter().find_map(|w| {
        let lower = name.to_lowercase();
        let at = lower.strip_suffix(w.as_str())?.len();
        (lower.len() == name.len())
            .then(|| name.get(at..))
            .flatten()
    });
    match ends_company {
        Some(w) => (PartyKind::Company, Some(w.to_owned())),
        None => (PartyKind::Unknown, None),
    }
}

/// Characters that end a quote.
fn is_boundary(c: char) -> bool {
    matches!(
        c,
        ';' | '；'
            | '。'
            | '('
            | '（'
            | ')'
            | '）'
            | ':'
            | '：'
            | ','
            | '，'
            | '"'
            | '“'
            | '”'
            | '\n'
    )
}

/// The seat and its evidence.
fn seat(party: &Party, source: &Source<'_>, cues: &PartyCues) -> (Seat, Vec<SeatEvidence>) {
    let t = &cues.table;
    let descriptor = source.descriptor;
    let name_span = descriptor
        .find(party.name.as_str())
        .filter(|_| !party.name.trim().is_empty())
        .map(|i| i..i + party.name.len());
    let mut evidence = Vec::new();
    let mut seat = Seat::default();
    let hits = cues.region_hits(descriptor);
    let blank_name = is_blank(&party.name) || party.name.trim().is_empty();
    // A place inside the party's own name, in either language, is evidence of kind `name`.
    let other_span = party
        .other_name
        .as_deref()
        .and_then(|o| descriptor.find(o).map(|i| i..i + o.len()));
    let in_names = |h: &RegionHit| {
        [&name_span, &other_span].iter().any(|span| {
            span.as_ref()
                .is_some_and(|n| n.start <= h.start && h.end <= n.end)
        })
    };
    // When the name's own place words and the words around it disagree, the words around
    // it decide, as they do the region (`Nippon Koga Sensing (Hangzhou) Co., Ltd. Address:
    // … Hangzhou`).
    let first = hits.first();
    let around = hits.iter().find(|h| !in_names(h));
    let primary = match (first, around) {
        (Some(f), Some(a)) if in_names(f) && a.region != f.region => Some(a),
        _ => first,
    };
    if let Some(primary) = primary {
        let primary_in_name = in_names(primary);
        let (basis, quote) = if primary_in_name {
            (SeatBasis::Name, party.name.clone())
        } else {
            describe_hit(descriptor, primary, source.in_signature, t)
        };
        seat = place_of(primary, t);
        evidence.push(SeatEvidence { basis, quote });
        // Later places of the same region outside the names corroborate: the strongest
        // (a law or place of incorporation before a registered address before any other
        // address) when it is stronger than the deciding one, and the first city when the
        // seat has none yet (the registered address after `the laws of the People's
        // Republic of China`).
        let later: Vec<(&RegionHit, SeatBasis, String)> = hits
            .iter()
            .skip(1)
            .filter(|h| h.region == primary.region && h.start >= primary.end && !in_names(h))
            .filter(|h| {
                let p = place_of(h, t);
                seat.country.is_none() || p.country.is_none() || p.country == seat.country
            })
            .map(|h| {
                let (basis, quote) = describe_hit(descriptor, h, source.in_signature, t);
                (h, basis, quote)
            })
            .collect();
        let deciding = if primary_in_name {
            u8::MAX
        } else {
            strength(evidence[0].basis)
        };
        let strongest = later
            .iter()
            .filter(|(_, b, _)| strength(*b) < deciding)
            .min_by_key(|(_, b, _)| strength(*b));
        let city = later
            .iter()
            .find(|(h, _, _)| seat_place_is_city(h, t))
            .filter(|_| !seat_place_is_city(primary, t) || primary_in_name);
        let first = later.first().filter(|_| seat.place.is_none());
        for (h, basis, quote) in [strongest, city, first].into_iter().flatten() {
            let p = place_of(h, t);
            let precise = seat_place_is_city(h, t) && !seat_place_is_city(primary, t);
            if p.place.is_some() && (seat.place.is_none() || precise) {
                seat.place = p.place;
            }
            seat.country = seat.country.take().or(p.country);
            if !evidence.iter().any(|e| &e.quote == quote) {
                evidence.push(SeatEvidence {
                    basis: *basis,
                    quote: quote.clone(),
                });
            }
        }
    } else if let Some(hit) = cues.region_hits(&party.name).first() {
        seat = place_of(hit, t);
        evidence.push(SeatEvidence {
            basis: SeatBasis::Name,
            quote: party.name.clone(),
        });
    } else if let Some((_, form)) = cues.foreign_form(&party.name) {
        let country = cues
            .foreign_form(&party.name)
            .map(|(s, _)| s)
            .and_then(|s| s.split(" (legal form").next().map(str::to_owned))
            .filter(|s| !s.starts_with("legal form"));
        seat.country = country;
        let written = party
            .name
            .trim_end_matches([',', ' '])
            .get(
                party
                    .name
                    .trim_end_matches([',', ' '])
                    .len()
                    .saturating_sub(form.len())..,
            )
            .unwrap_or(&form)
            .to_owned();
        evidence.push(SeatEvidence {
            basis: SeatBasis::LegalForm,
            quote: written,
        });
    } else if let Some(quote) = blank_jurisdiction(descriptor, &t.basis) {
        seat.blank_in_template = true;
        evidence.push(SeatEvidence {
            basis: SeatBasis::TemplateBlank,
            quote,
        });
    }
    if party.region == Region::Unknown && !seat.blank_in_template {
        // No seat the party stage would stand by: the country stays unknown.
        seat.country = None;
        seat.place = None;
        evidence.retain(|e| e.basis == SeatBasis::TemplateBlank);
    }
    if let Some(first) = evidence.first() {
        if first.basis != SeatBasis::Name && is_blank(&first.quote) {
            seat.blank_in_template = true;
        }
    }
    if blank_name && !party.name.trim().is_empty() && party.region != Region::Unknown {
        seat.blank_in_template = true;
        evidence.push(SeatEvidence {
            basis: SeatBasis::TemplateBlank,
            quote: party.name.clone(),
        });
    }
    if seat.blank_in_template && evidence.first().is_some_and(|e| is_blank(&e.quote)) {
        // `××国`: the template says only that the country is foreign.
        if party.region == Region::Foreign {
            seat.country = None;
            seat.place = None;
        }
    }
    for (basis, words) in [
        (SeatBasis::CreditCode, &t.basis.credit_code),
        (SeatBasis::IdNumber, &t.basis.id_number),
    ] {
        if let Some(quote) = numbered_field(descriptor, words) {
            if !evidence.iter().any(|e| e.quote == quote) {
                evidence.push(SeatEvidence { basis, quote });
            }
        }
    }
    (seat, evidence)
}

/// How strong a kind of seat evidence is: 0 a law or place of incorporation, 1 a
/// registered address, 2 any other address or number, 3 the rest.
fn strength(basis: SeatBasis) -> u8 {
    match basis {
        SeatBasis::LawsOf | SeatBasis::IncorporationAdjective | SeatBasis::PlaceOfIncorporation => {
            0
        }
        SeatBasis::RegisteredAddress | SeatBasis::CreditCode => 1,
        SeatBasis::NoticeAddress | SeatBasis::Address | SeatBasis::IdNumber => 2,
        _ => 3,
    }
}

fn seat_place_is_city(hit: &RegionHit, t: &TableCues) -> bool {
    t.seat_places.get(&hit.cue).is_some_and(|p| p.city)
}

/// The English place a region cue names; a cue the world data does not know gives the
/// country its region implies.
fn place_of(hit: &RegionHit, t: &TableCues) -> Seat {
    let known = t.seat_places.get(&hit.cue);
    let country = known.and_then(|p| p.country.clone()).or_else(|| {
        match hit.region {
            Region::Mainland | Region::HongKong | Region::Macau => Some("China"),
            Region::Taiwan => Some("Taiwan"),
            Region::Foreign | Region::Unknown => None,
        }
        .map(str::to_owned)
    });
    let place = known.and_then(|p| p.place.clone()).or(match hit.region {
        Region::HongKong => Some("Hong Kong".to_owned()),
        Region::Macau => Some("Macau".to_owned()),
        _ => None,
    });
    Seat {
        country,
        place,
        blank_in_template: is_blank(&hit.cue),
    }
}

/// Whether text is a template blank (`××国`, `＿＿`, `[JURISDICTION]`, `甲方国名`).
fn is_blank(text: &str) -> bool {
    text.contains(['×', '＿', '_', '＊'])
        || text.contains("国名")
        || text.contains("**")
        || text.contains("…")
        || placeholder(text).is_some()
}

/// A bracketed upper-case placeholder (`[JURISDICTION]`, `[NAME OF CUSTOMER]`).
fn placeholder(text: &str) -> Option<&str> {
    let open = text.find('[')?;
    let close = open + text[open..].find(']')?;
    let inner = &text[open + 1..close];
    (inner.chars().any(|c| c.is_ascii_uppercase())
        && inner
            .chars()
            .all(|c| c.is_ascii_uppercase() || c == ' ' || c == '/' || c == '-'))
    .then(|| &text[open..=close])
}

/// `a company incorporated under the laws of [JURISDICTION]`, `在＿＿注册成立`: a blank where
/// the seat would be, with the words that ask for it.
fn blank_jurisdiction(descriptor: &str, b: &BasisCues) -> Option<String> {
    let at = placeholder(descriptor)
        .and_then(|p| descriptor.find(p).map(|i| (i, i + p.len())))
        .or_else(|| {
            let i = descriptor.find(['×', '＿', '_'])?;
            let run = descriptor[i..]
                .char_indices()
                .find(|&(_, c)| !matches!(c, '×' | '＿' | '_'))
                .map_or(descriptor.len(), |(j, _)| i + j);
            Some((i, run))
        })?;
    let before = &descriptor[..at.0];
    let after = &descriptor[at.1..];
    let asks = nearest_before(tail_chars(before, 40), &b.before()).is_some()
        || after.starts_with(['国', '國'])
        || b.zh_after_place_of_incorporation
            .iter()
            .any(|w| after.starts_with(w.as_str()));
    if !asks {
        return None;
    }
    let start = quote_start(descriptor, at.0);
    let end = quote_end(descriptor, at.1, &b.field_labels);
    Some(descriptor[start..end].trim().to_owned())
}

/// The nearest basis word before the end of `context`: its basis.
fn nearest_before(context: &str, lists: &[(SeatBasis, &[String]); 5]) -> Option<SeatBasis> {
    let lower = context.to_lowercase();
    let mut best: Option<(usize, SeatBasis)> = None;
    for (basis, words) in lists {
        for w in *words {
            if let Some(i) = lower.rfind(w.as_str()) {
                let cjk = w.chars().any(is_cjk);
                if !cjk && !word_bounded(&lower, i, i + w.len()) {
                    continue;
                }
                let end = i + w.len();
                if best.is_none_or(|(e, _)| end > e) {
                    best = Some((end, *basis));
                }
            }
        }
    }
    best.map(|(_, b)| b)
}

/// The start of the quote for a place at `at`: after the last boundary character before
/// it, at most [`REACH`] characters back.
fn quote_start(text: &str, at: usize) -> usize {
    let window_start = at - tail_chars(&text[..at], REACH).len();
    text[window_start..at]
        .char_indices()
        .rev()
        .find(|&(_, c)| is_boundary(c))
        .map_or(window_start, |(i, c)| window_start + i + c.len_utf8())
}

/// The end of the quote for a place ending at `end`: the next boundary character, at most
/// [`REACH`] characters on, without a trailing field label (`…9 号统一社会信用代码`).
/// The end of an address: as [`quote_end`], but commas do not end it.
fn address_end(text: &str, end: usize, labels: &[String]) -> usize {
    let mut at = quote_end(text, end, labels);
    while text[at..].starts_with([',', '，']) {
        let next = at + text[at..].chars().next().map_or(1, char::len_utf8);
        let further = quote_end(text, next, labels);
        if further == next || text[end..further].chars().count() > REACH {
            break;
        }
        at = further;
    }
    at
}

fn quote_end(text: &str, end: usize, labels: &[String]) -> usize {
    let window = head_chars(&text[end..], REACH);
    let stop = window
        .char_indices()
        .find(|&(_, c)| is_boundary(c))
        .map_or(window.len(), |(i, _)| i);
    let mut out = end + stop;
    let piece = &text[end..out];
    if let Some(i) = labels.iter().filter_map(|l| piece.find(l.as_str())).min() {
        out = end + i;
    }
    out
}

/// What kind of words name the place of `hit`, and the quote.
fn describe_hit(
    text: &str,
    hit: &RegionHit,
    in_signature: bool,
    t: &TableCues,
) -> (SeatBasis, String) {
    let b = &t.basis;
    let written = &text[hit.start..hit.end];
    if is_blank(written) {
        let s = quote_start(text, hit.start);
        let e = quote_end(text, hit.end, &b.field_labels);
        return (SeatBasis::TemplateBlank, text[s..e].trim().to_owned());
    }
    // The context: back to the last `;` / `。` (or [`REACH`] characters).
    let window = tail_chars(&text[..hit.start], REACH);
    let context_start = window
        .char_indices()
        .rev()
        .find(|&(_, c)| matches!(c, ';' | '；' | '。'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let context = &window[context_start..];
    let after = head_chars(&text[hit.end..], 16);
    let immediately = context.trim_end().to_lowercase();
    let adjective = immediately.ends_with(" a")
        || immediately.ends_with(" an")
        || immediately == "a"
        || immediately == "an";
    // Chinese words after the place, before the next punctuation (`美国德克萨斯州法律注册成立`).
    let after_clause = after
        .char_indices()
        .find(|&(_, c)| is_boundary(c))
        .map_or(after, |(i, _)| &after[..i]);
    let after_zh = |words: &[String]| words.iter().any(|w| after_clause.contains(w.as_str()));
    let basis = if adjective {
        SeatBasis::IncorporationAdjective
    } else if after_zh(&b.zh_after_laws_of) {
        SeatBasis::LawsOf
    } else if after_zh(&b.zh_after_place_of_incorporation) {
        SeatBasis::PlaceOfIncorporation
    } else if let Some(basis) = nearest_before(context, &b.before()) {
        basis
    } else if in_signature {
        SeatBasis::SignatureBlock
    } else {
        SeatBasis::Description
    };
    let start = match basis {
        // An address is quoted from its first word: `住所：中华人民共和国…` → `中华人民共和国…`.
        SeatBasis::RegisteredAddress | SeatBasis::NoticeAddress | SeatBasis::Address => {
            address_start(
                text,
                hit.start,
                context_start_abs(text, hit.start, context_start),
                b,
            )
        }
        _ => quote_start(text, hit.start),
    };
    let end = match basis {
        // An English address runs on over its commas (`…, Nanshan District, Shenzhen,
        // Guangdong Province, People's Republic of China`) to the next other stop.
        SeatBasis::RegisteredAddress | SeatBasis::NoticeAddress | SeatBasis::Address => {
            address_end(text, hit.end, &b.field_labels)
        }
        _ => quote_end(text, hit.end, &b.field_labels),
    };
    let mut quote = text[start..end].trim().to_owned();
    if quote.is_empty() {
        written.clone_into(&mut quote);
    }
    (basis, quote)
}

fn context_start_abs(text: &str, at: usize, context_start: usize) -> usize {
    at - tail_chars(&text[..at], REACH).len() + context_start
}

/// Where an address starts: right after its label (`registered office at`, `住所：`).
fn address_start(text: &str, at: usize, from: usize, b: &BasisCues) -> usize {
    let context = &text[from..at];
    let lower = context.to_lowercase();
    let label_end = b
        .registered_address
        .iter()
        .chain(&b.notice_address)
        .chain(&b.address)
        .filter_map(|w| lower.rfind(w.as_str()).map(|i| i + w.len()))
        .max();
    let Some(end) = label_end.filter(|_| lower.len() == context.len()) else {
        return quote_start(text, at);
    };
    let Some(rest) = context.get(end..) else {
        return quote_start(text, at);
    };
    let skipped = rest.len()
        - rest
            .trim_start_matches([' ', ':', '：', ',', '为'])
            .trim_start_matches("at ")
            .trim_start_matches("is ")
            .trim_start_matches([' ', ':', '：'])
            .len();
    from + end + skipped
}

/// `统一社会信用代码：91150291EXAMPLE0007`, `passport no. EH4567890`: the label and the
/// number after it.
fn numbered_field(text: &str, labels: &[String]) -> Option<String> {
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        return None;
    }
    let (i, l) = labels
        .iter()
        .filter_map(|w| lower.find(w.as_str()).map(|i| (i, w.len())))
        .min_by_key(|&(i, l)| (i, std::cmp::Reverse(l)))?;
    let rest = text.get(i + l..)?;
    let value_start = rest.len() - rest.trim_start_matches([' ', ':', '：', '为']).len();
    let value: String = rest[value_start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if value.chars().filter(char::is_ascii_digit).count() < 6 {
        return None;
    }
    text.get(i..i + l + value_start + value.len())
        .map(str::to_owned)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn forms() -> Vec<String> {
        super::super::world::shared().unwrap().legal_forms.clone()
    }

    #[test]
    fn legal_forms_end_names_as_written() {
        let forms = forms();
        for (name, want) in [
            ("Shanghai Acme Co., Ltd.", Some("Co., Ltd.")),
            ("ZYPHORA AKUSTIK GMBH", Some("GMBH")),
            ("包头示例稀土新材料有限公司", Some("有限公司")),
            ("深圳某某股份有限公司", Some("股份有限公司")),
            ("Pannon Cathode Kft.", Some("Kft.")),
            ("Great Plains State University", None),
            ("Bag", None),
        ] {
            assert_eq!(legal_form(name, &forms).as_deref(), want, "{name}");
        }
    }

    #[test]
    fn a_bracketed_name_in_the_other_script_is_the_other_name() {
        for (name, after, want) in [
            (
                "越南示例磁材有限责任公司",
                "(VIDU MAGNET MATERIALS COMPANY LIMITED) 住所:越南",
                Some("VIDU MAGNET MATERIALS COMPANY LIMITED"),
            ),
            (
                "Acme Co., Ltd.",
                " (爱克米有限公司), a company",
                Some("爱克米有限公司"),
            ),
            ("Acme Co., Ltd.", " (the \"Licensor\")", None),
            ("Acme Co., Ltd.", " (Acme)", None),
            ("甲公司", "（以下简称甲方）", None),
        ] {
            assert_eq!(other_name(name, after).as_deref(), want, "{name}");
        }
    }

    #[test]
    fn numbered_fields_quote_label_and_number() {
        let labels = ["统一社会信用代码".to_owned()];
        assert_eq!(
            numbered_field(
                "住所:包头市 统一社会信用代码:91150291EXAMPLE0007 法定代表人",
                &labels
            )
            .as_deref(),
            Some("统一社会信用代码:91150291EXAMPLE0007")
        );
        assert_eq!(numbered_field("统一社会信用代码:____", &labels), None);
    }

    #[test]
    fn placeholders_are_blanks() {
        assert!(is_blank("[JURISDICTION]"));
        assert!(is_blank("××国"));
        assert!(is_blank("甲方国名"));
        assert!(!is_blank("People's Republic of China"));
        assert!(!is_blank("[a]"));
    }

    #[test]
    fn describing_a_place_after_chinese_punctuation_never_splits_a_character() {
        // Regression: a context window that started right after `。` panicked.
        let cues = super::super::parties::PartyCues::builtin()
            .unwrap()
            .with_world(super::super::world::shared().unwrap())
            .unwrap();
        for text in [
            "内实施许可技术,许可方式为普通许可。莱茵德国公司",
            "故障诊断。 住所：上海市浦东新区",
            "统一社会信用代码：91310000ÄÖ12345678",
        ] {
            for h in cues.region_hits(text) {
                let _ = describe_hit(text, &h, false, &cues.table);
            }
            let _ = numbered_field(text, &cues.table.basis.credit_code);
        }
    }
}

//! World data for seats (`dictionaries/world.toml`): every ISO 3166-1 country and territory
//! with its English and Chinese names, adjectives, main cities and federal subdivisions and
//! legal-entity forms; mainland provinces and cities; Hong Kong, Macau and Taiwan places.
//!
//! This module turns the data into two things the party stage uses: region cues (each name,
//! adjective or place → mainland, Hong Kong, Macau, Taiwan or foreign) and legal-form seat
//! hints (a form used only outside greater China, such as `Kft.` or `GmbH`, marks a party
//! as foreign when nothing else in its block names a place). It also gives the party table
//! each cue's place in English (country, and province / city / state when the cue names
//! one), every legal form, and the report stage the English names of Chinese place names.
//! It decides nothing itself.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde::Deserialize;

use crate::error::{DictionaryError, DictionaryProblem};
use crate::model::Region;

/// The shipped world data.
pub const BUILTIN_WORLD: &str = include_str!("../../dictionaries/world.toml");
const BUILTIN_WORLD_NAME: &str = "dictionaries/world.toml";

/// Names of the mainland that are no place on their own (`境内`, `the mainland`, `我国`
/// name the mainland only in a sentence that already says China): not region cues.
const NOT_A_SEAT: [&str; 6] = [
    "the mainland",
    "内地",
    "境内",
    "大陆",
    "我国",
    "mainland of china",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WorldFile {
    country: Vec<Country>,
    china: China,
    shared: Shared,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Country {
    iso2: String,
    name: String,
    #[serde(default)]
    names: Vec<String>,
    #[serde(default)]
    adjectives: Vec<String>,
    #[serde(default)]
    zh: Vec<String>,
    #[serde(default)]
    cities: Vec<String>,
    #[serde(default)]
    legal_forms: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct China {
    hong_kong: Vec<String>,
    macau: Vec<String>,
    mainland_names: Vec<String>,
    taiwan: Vec<String>,
    mainland_provinces: Vec<Province>,
    mainland_cities: Vec<City>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Province {
    en: String,
    zh: String,
    #[serde(default)]
    names: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct City {
    en: String,
    zh: String,
    province: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Shared {
    institutions: Vec<String>,
    legal_forms: Vec<String>,
}

/// What the party stage takes from the world data.
#[derive(Debug, Default)]
pub struct World {
    /// (cue in lower case, region, the country or place it names in English).
    pub region_cues: Vec<(String, Region, String)>,
    /// (legal form as written, the country when only one uses it, else "abroad"): forms used
    /// only outside greater China and not among the forms shared by many countries.
    pub foreign_forms: Vec<(String, String)>,
    /// Every legal form that can end a company name, in lower case (the country forms and the
    /// shared ones), except forms of fewer than three letters and forms that are everyday
    /// words ([`NOT_A_SUFFIX`]); the short forms of [`short_form`] are among them.
    pub name_suffixes: Vec<String>,
    /// The short forms (fewer than three letters: `N.A.`, `A.Ş.`, `AG`, `LP`) that end a
    /// company name only when written exactly so, as written.
    pub exact_suffixes: BTreeSet<String>,
    /// Cue in lower case → the place it names in English, for every cue (also those a
    /// party-cue file overrides).
    pub seat_places: BTreeMap<String, SeatPlace>,
    /// Every legal form of every country and the shared ones, as written, longest first.
    pub legal_forms: Vec<String>,
    /// Chinese country name → English short name (`越南` → `Vietnam`).
    pub zh_countries: BTreeMap<String, String>,
    /// Mainland cities then provinces as (Chinese, English), each list longest Chinese
    /// name first, so that `广东省深圳市` is Shenzhen and not Guangdong.
    pub zh_mainland: Vec<(String, String)>,
}

/// The place a region cue names, in English.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SeatPlace {
    /// `China` for the mainland, Hong Kong and Macau; `Taiwan`; else the ISO short name.
    pub country: Option<String>,
    /// City, province or state (`Shenzhen, Guangdong`, `Guangdong`, `Delaware`), when the
    /// cue names one.
    pub place: Option<String>,
    /// Whether `place` is a city (more precise than a province).
    pub city: bool,
}

/// The shipped world data, parsed once per process and shared (the party cues and the
/// report's place names both read it).
///
/// # Errors
/// A problem in the shipped file (a bug in techscan).
pub fn shared() -> Result<&'static World, DictionaryError> {
    static WORLD: OnceLock<Result<World, DictionaryError>> = OnceLock::new();
    WORLD.get_or_init(builtin).as_ref().map_err(Clone::clone)
}

/// Head words of institutions that are legal persons of their own.
const INSTITUTION_HEADS: [&str; 11] = [
    "univers",
    "institut",
    "istitut",
    "academ",
    "akademie",
    "laborator",
    "hospital",
    "polytechnic",
    "politecnico",
    "hochschule",
    "agency",
];

/// Legal forms that are also everyday words or name bodies (`Working Group`, `the Trust`):
/// they end no company name on their own.
const NOT_A_SUFFIX: [&str; 16] = [
    "association",
    "business trust",
    "cooperative",
    "co-op",
    "co-operative",
    "establishment",
    "est.",
    "firma",
    "foundation",
    "general partnership",
    "group",
    "partnership",
    "public company",
    "sole proprietorship",
    "the",
    "trust",
];

/// Short legal forms without a dot that are no everyday word or abbreviation when written in
/// capitals (`AS`, `AT`, `SE`, `PC` are): they end a company name as written (`Veoneer AB`,
/// `PRAIRIE ECI ACQUIROR LP`).
const UNDOTTED_SHORT_FORMS: [&str; 12] = [
    "AB", "AG", "BV", "GK", "KG", "KK", "LP", "NV", "Oy", "SA", "YK", "Ab",
];

/// Whether a legal form of fewer than three letters ends a company name when written exactly
/// as listed: one with a dot, slash or a letter beyond ASCII (`N.A.`, `S/A`, `A.Ş.`, `K.K.`) or
/// one of [`UNDOTTED_SHORT_FORMS`]; never one that starts in lower case (`e.V.`) nor an
/// Indonesian `PT`, which comes before the name.
fn short_form(form: &str) -> bool {
    let marked =
        form.contains(['.', '/']) || form.chars().any(|c| c.is_alphabetic() && !c.is_ascii());
    form.starts_with(char::is_uppercase)
        && !form.starts_with("PT")
        && !form.starts_with("P.T")
        && !form.chars().any(crate::extract::normalize::is_cjk)
        && (marked || UNDOTTED_SHORT_FORMS.contains(&form))
}

/// The shipped world data, parsed and validated.
///
/// # Errors
/// A problem in the shipped file (a bug in techscan).
pub fn builtin() -> Result<World, DictionaryError> {
    parse(BUILTIN_WORLD, BUILTIN_WORLD_NAME)
}

/// Parses and validates world data.
///
/// # Errors
/// Every problem found, with file and line.
/// `form` without its accents (`S.à r.l.` → `S.a r.l.`), when it has some and all of them
/// come off.
fn unaccented(form: &str) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    if form.is_ascii() {
        return None;
    }
    let plain: String = form
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect();
    plain.is_ascii().then_some(plain)
}

pub fn parse(source: &str, file: &str) -> Result<World, DictionaryError> {
    let problem = |line: usize, message: String| DictionaryProblem {
        file: file.to_owned(),
        line,
        message,
    };
    let parsed: WorldFile = toml::from_str(source).map_err(|e| {
        let line = e.span().map_or(0, |s| {
            source[..s.start.min(source.len())].matches('\n').count() + 1
        });
        DictionaryError(vec![problem(line, e.message().replace('\n', " "))])
    })?;
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for c in &parsed.country {
        if c.iso2.len() != 2 || !seen.insert(c.iso2.clone()) {
            problems.push(problem(
                0,
                format!("country code `{}` is not a new ISO alpha-2 code", c.iso2),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(DictionaryError(problems));
    }
    // Contracts often drop the accents of a legal form (`S.a r.l.`, `Societe Anonyme`): each
    // form with accented letters is also known in their plain spelling.
    let mut parsed = parsed;
    for c in &mut parsed.country {
        let plain: Vec<String> = c
            .legal_forms
            .iter()
            .filter_map(|f| unaccented(f))
            .filter(|p| !c.legal_forms.contains(p))
            .collect();
        c.legal_forms.extend(plain);
    }

    let mut cues: BTreeMap<String, (Region, String)> = BTreeMap::new();
    let mut seat_places: BTreeMap<String, SeatPlace> = BTreeMap::new();
    let mut add = |cue: &str, region: Region, place: &str, seat: SeatPlace| {
        let key = cue.trim().to_ascii_lowercase();
        if key.chars().count() < 2 || NOT_A_SEAT.contains(&key.as_str()) {
            return;
        }
        // The first region listed for a cue wins: greater China is added before the world.
        seat_places.entry(key.clone()).or_insert(seat);
        cues.entry(key).or_insert((region, place.to_owned()));
    };
    let china = &parsed.china;
    let in_china = |place: Option<&str>, city: bool| SeatPlace {
        country: Some("China".to_owned()),
        place: place.map(str::to_owned),
        city,
    };
    for n in &china.mainland_names {
        add(n, Region::Mainland, "mainland China", in_china(None, false));
    }
    for p in &china.mainland_provinces {
        for n in std::iter::once(&p.en)
            .chain(std::iter::once(&p.zh))
            .chain(&p.names)
        {
            add(n, Region::Mainland, &p.en, in_china(Some(&p.en), false));
        }
    }
    for c in &china.mainland_cities {
        // `Aksu, Xinjiang` already names its province.
        let place = if c.en.contains(", ") || c.en == c.province {
            c.en.clone()
        } else {
            format!("{}, {}", c.en, c.province)
        };
        add(&c.en, Region::Mainland, &c.en, in_china(Some(&place), true));
        add(&c.zh, Region::Mainland, &c.en, in_china(Some(&place), true));
    }
    for (list, region, place, country) in [
        (&china.hong_kong, Region::HongKong, "Hong Kong", "China"),
        (&china.macau, Region::Macau, "Macau", "China"),
        (&china.taiwan, Region::Taiwan, "Taiwan", "Taiwan"),
    ] {
        for n in list {
            let seat = SeatPlace {
                country: Some(country.to_owned()),
                place: (place != country).then(|| place.to_owned()),
                city: false,
            };
            add(n, region, place, seat);
        }
    }
    let region_of = |iso2: &str| match iso2 {
        "CN" => Region::Mainland,
        "HK" => Region::HongKong,
        "MO" => Region::Macau,
        "TW" => Region::Taiwan,
        _ => Region::Foreign,
    };
    // Greater China's own entries first, so that a name both use keeps its Chinese region.
    let (home, abroad): (Vec<&Country>, Vec<&Country>) = parsed
        .country
        .iter()
        .partition(|c| region_of(&c.iso2) != Region::Foreign);
    for c in home.iter().chain(&abroad) {
        let region = region_of(&c.iso2);
        // Hong Kong and Macau are China for the country column; their region says which.
        let (country, own_place) = match region {
            Region::Mainland | Region::HongKong | Region::Macau => (
                "China",
                (region != Region::Mainland).then_some(c.name.as_str()),
            ),
            _ => (c.name.as_str(), None),
        };
        let whole = || SeatPlace {
            country: Some(country.to_owned()),
            place: own_place.map(str::to_owned),
            city: false,
        };
        let all = std::iter::once(&c.name)
            .chain(&c.names)
            .chain(&c.adjectives)
            .chain(&c.zh);
        for n in all {
            add(n, region, &c.name, whole());
        }
        for n in &c.cities {
            // A city written in Latin letters is its own English name (`Munich`,
            // `Delaware`); a Chinese one (`迪拜`) gives the country only.
            let seat = if n.is_ascii() && own_place.is_none() {
                SeatPlace {
                    country: Some(country.to_owned()),
                    place: Some(n.clone()),
                    city: true,
                }
            } else {
                whole()
            };
            add(n, region, &c.name, seat);
        }
    }
    let mut zh_countries = BTreeMap::new();
    for c in &parsed.country {
        for zh in &c.zh {
            zh_countries
                .entry(zh.clone())
                .or_insert_with(|| c.name.clone());
        }
    }
    let mut zh_mainland = Vec::new();
    for list in [
        china
            .mainland_cities
            .iter()
            .map(|c| (c.zh.clone(), c.en.clone()))
            .collect::<Vec<_>>(),
        china
            .mainland_provinces
            .iter()
            .map(|p| (p.zh.clone(), p.en.clone()))
            .collect(),
    ] {
        let mut list = list;
        list.sort_by(|a, b| {
            b.0.chars()
                .count()
                .cmp(&a.0.chars().count())
                .then_with(|| a.cmp(b))
        });
        zh_mainland.extend(list);
    }
    let mut legal_forms: Vec<String> = parsed
        .country
        .iter()
        .flat_map(|c| &c.legal_forms)
        .chain(&parsed.shared.legal_forms)
        .cloned()
        .collect::<BTreeSet<String>>()
        .into_iter()
        .collect();
    legal_forms.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    let region_cues = cues
        .into_iter()
        .map(|(cue, (region, place))| (cue, region, place))
        .collect();

    let shared: BTreeSet<&str> = parsed
        .shared
        .legal_forms
        .iter()
        .map(String::as_str)
        .collect();
    let home_forms: BTreeSet<&str> = home
        .iter()
        .flat_map(|c| c.legal_forms.iter().map(String::as_str))
        .collect();
    let mut users: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for c in &abroad {
        for f in &c.legal_forms {
            if !shared.contains(f.as_str()) && !home_forms.contains(f.as_str()) {
                users.entry(f.as_str()).or_default().push(c.name.as_str());
            }
        }
    }
    let foreign_forms = users
        .into_iter()
        .map(|(form, countries)| {
            let seat = match countries.as_slice() {
                [one] => (*one).to_owned(),
                _ => "abroad".to_owned(),
            };
            (form.to_owned(), seat)
        })
        .collect();
    // Institutions end a party's name like a legal form (`XI'AN … RESEARCH INSTITUTE`,
    // `Great Plains State University`) when their head word names a kind of body that is
    // a legal person on its own; bodies that are also parts of one (Committee, Office,
    // Department, Center) are left out.
    let institutions = parsed.shared.institutions.iter().filter(|i| {
        let lower = i.to_ascii_lowercase();
        i.is_ascii()
            && INSTITUTION_HEADS.iter().any(|h| {
                lower
                    .split(' ')
                    .next_back()
                    .is_some_and(|w| w.starts_with(h))
            })
    });
    let exact_suffixes: BTreeSet<String> = parsed
        .country
        .iter()
        .flat_map(|c| &c.legal_forms)
        .chain(&parsed.shared.legal_forms)
        .filter(|f| f.chars().filter(|c| c.is_alphabetic()).count() < 3 && short_form(f))
        .cloned()
        .collect();
    let mut name_suffixes: BTreeSet<String> = parsed
        .country
        .iter()
        .flat_map(|c| &c.legal_forms)
        .chain(&parsed.shared.legal_forms)
        .chain(institutions)
        .map(|f| f.to_ascii_lowercase())
        .filter(|f| {
            f.chars().filter(|c| c.is_alphabetic()).count() >= 3
                && !f.chars().any(crate::extract::normalize::is_cjk)
                && !NOT_A_SUFFIX.contains(&f.as_str())
        })
        .collect();
    name_suffixes.extend(exact_suffixes.iter().map(|f| f.to_ascii_lowercase()));
    Ok(World {
        region_cues,
        foreign_forms,
        name_suffixes: name_suffixes.into_iter().collect(),
        exact_suffixes,
        seat_places,
        legal_forms,
        zh_countries,
        zh_mainland,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_world_data_is_canonical() {
        let w: WorldFile = toml::from_str(BUILTIN_WORLD).unwrap();
        let sorted = |list: &[String], what: &str| {
            let mut canon = list.to_vec();
            canon.sort();
            canon.dedup();
            assert_eq!(
                list,
                canon.as_slice(),
                "{what} is not sorted and deduplicated"
            );
        };
        let codes: Vec<String> = w.country.iter().map(|c| c.iso2.clone()).collect();
        sorted(&codes, "country codes");
        assert_eq!(codes.len(), 249, "every ISO 3166-1 country and territory");
        for c in &w.country {
            for (list, what) in [
                (&c.names, "names"),
                (&c.adjectives, "adjectives"),
                (&c.zh, "zh"),
                (&c.cities, "cities"),
                (&c.legal_forms, "legal_forms"),
            ] {
                sorted(list, &format!("{} {what}", c.iso2));
            }
        }
        sorted(&w.china.hong_kong, "hong_kong");
        sorted(&w.china.macau, "macau");
        sorted(&w.china.taiwan, "taiwan");
        sorted(&w.china.mainland_names, "mainland_names");
        sorted(&w.shared.legal_forms, "shared legal_forms");
        sorted(&w.shared.institutions, "shared institutions");
    }

    #[test]
    fn shipped_world_data_loads_and_places_the_regions() {
        let w = builtin().unwrap();
        let region = |cue: &str| {
            w.region_cues
                .iter()
                .find(|(c, _, _)| c == cue)
                .map(|(_, r, p)| (*r, p.as_str()))
        };
        assert_eq!(region("hungary"), Some((Region::Foreign, "Hungary")));
        assert_eq!(region("匈牙利"), Some((Region::Foreign, "Hungary")));
        assert_eq!(region("yichun"), Some((Region::Mainland, "Yichun")));
        assert_eq!(region("宜春"), Some((Region::Mainland, "Yichun")));
        assert_eq!(region("kowloon"), Some((Region::HongKong, "Hong Kong")));
        assert_eq!(region("hsinchu"), Some((Region::Taiwan, "Taiwan")));
        assert_eq!(region("taipa"), Some((Region::Macau, "Macau")));
        assert_eq!(region("delaware"), Some((Region::Foreign, "United States")));
        assert_eq!(region("境内"), None);
        let form = |f: &str| {
            w.foreign_forms
                .iter()
                .find(|(x, _)| x == f)
                .map(|(_, s)| s.as_str())
        };
        assert_eq!(form("Kft."), Some("Hungary"));
        assert_eq!(form("GmbH"), Some("abroad"));
        assert_eq!(form("Co., Ltd."), None);
        assert_eq!(form("有限公司"), None);
        let seat = |cue: &str| {
            w.seat_places
                .get(cue)
                .map(|s| (s.country.as_deref(), s.place.as_deref()))
        };
        assert_eq!(
            seat("深圳"),
            Some((Some("China"), Some("Shenzhen, Guangdong")))
        );
        assert_eq!(seat("guangdong"), Some((Some("China"), Some("Guangdong"))));
        assert_eq!(seat("kowloon"), Some((Some("China"), Some("Hong Kong"))));
        assert_eq!(seat("hsinchu"), Some((Some("Taiwan"), None)));
        assert_eq!(
            seat("delaware"),
            Some((Some("United States"), Some("Delaware")))
        );
        assert_eq!(seat("匈牙利"), Some((Some("Hungary"), None)));
        assert!(w.legal_forms.iter().any(|f| f == "股份有限公司"));
        // Accented forms are known without their accents too.
        assert!(w.legal_forms.iter().any(|f| f == "S.a r.l."));
        assert_eq!(
            unaccented("Société Anonyme").as_deref(),
            Some("Societe Anonyme")
        );
        assert_eq!(unaccented("GmbH"), None);
        assert_eq!(
            w.zh_countries.get("越南").map(String::as_str),
            Some("Vietnam")
        );
    }
}

//! English names for Chinese place names, so an English report writes a seat as
//! `Shenzhen (深圳), mainland China` rather than `深圳`.
//!
//! The names come from `dictionaries/world.toml` (countries' Chinese names, mainland
//! provinces and cities, in simplified and traditional characters), read once. This module
//! only translates names for display; it decides nothing about where a party is.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

const WORLD: &str = include_str!("../../dictionaries/world.toml");

#[derive(Deserialize)]
struct World {
    #[serde(default)]
    country: Vec<Country>,
    china: China,
}

#[derive(Deserialize)]
struct Country {
    name: String,
    #[serde(default)]
    zh: Vec<String>,
}

#[derive(Deserialize)]
struct China {
    #[serde(default)]
    mainland_provinces: Vec<Place>,
    #[serde(default)]
    mainland_cities: Vec<Place>,
}

#[derive(Deserialize)]
struct Place {
    en: String,
    zh: String,
}

/// Chinese name → English name: countries, and mainland provinces and cities.
struct Places {
    countries: BTreeMap<String, String>,
    /// Mainland cities, then provinces, each longest Chinese name first: a city is named
    /// before its province (`广东省深圳市` is Shenzhen).
    mainland: Vec<(String, String)>,
}

fn places() -> &'static Places {
    static PLACES: OnceLock<Places> = OnceLock::new();
    PLACES.get_or_init(|| {
        // The shipped file is checked by `world_data_parses`; a broken one only loses names.
        let world: Option<World> = toml::from_str(WORLD).ok();
        let mut countries = BTreeMap::new();
        let mut mainland = Vec::new();
        if let Some(world) = world {
            for c in world.country {
                for zh in c.zh {
                    countries.entry(zh).or_insert_with(|| c.name.clone());
                }
            }
            for list in [world.china.mainland_cities, world.china.mainland_provinces] {
                let mut list: Vec<(String, String)> =
                    list.into_iter().map(|p| (p.zh, p.en)).collect();
                // Longest first, so 深圳市 is found before 深圳.
                list.sort_by(|a, b| {
                    b.0.chars()
                        .count()
                        .cmp(&a.0.chars().count())
                        .then_with(|| a.cmp(b))
                });
                mainland.extend(list);
            }
        }
        Places {
            countries,
            mainland,
        }
    })
}

/// Whether `text` holds Chinese characters.
fn has_cjk(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'))
}

/// A party's seat for an English report: `Shenzhen (深圳), mainland China` for a mainland
/// party, `Vietnam (越南)` for a Chinese country name, and a seat already in English as it is.
/// `mainland` says whether the party is a mainland one.
pub fn seat_in_english(jurisdiction: Option<&str>, mainland: bool) -> String {
    let Some(j) = jurisdiction.map(str::trim).filter(|j| !j.is_empty()) else {
        return if mainland {
            "mainland China".to_owned()
        } else {
            "outside mainland".to_owned()
        };
    };
    if !has_cjk(j) {
        return if mainland && !j.to_lowercase().contains("china") {
            format!("{j}, mainland China")
        } else {
            j.to_owned()
        };
    }
    let p = places();
    if mainland {
        if let Some((_, en)) = p.mainland.iter().find(|(zh, _)| j.contains(zh.as_str())) {
            return format!("{en} ({j}), mainland China");
        }
        return format!("mainland China ({j})");
    }
    match p.countries.get(j) {
        Some(en) => format!("{en} ({j})"),
        None => j.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn world_data_parses() {
        assert!(toml::from_str::<World>(WORLD).is_ok());
        assert!(places().countries.len() > 200 && places().mainland.len() > 300);
    }

    #[test]
    fn chinese_seats_read_in_english_with_the_chinese_in_brackets() {
        for (jurisdiction, mainland, want) in [
            (Some("深圳"), true, "Shenzhen (深圳), mainland China"),
            (
                Some("广东省深圳市"),
                true,
                "Shenzhen (广东省深圳市), mainland China",
            ),
            (Some("江苏"), true, "Jiangsu (江苏), mainland China"),
            (
                Some("中华人民共和国"),
                true,
                "mainland China (中华人民共和国)",
            ),
            (None, true, "mainland China"),
            (
                Some("People's Republic of China"),
                true,
                "People's Republic of China",
            ),
            (Some("Beijing"), true, "Beijing, mainland China"),
            (Some("越南"), false, "Vietnam (越南)"),
            (Some("日本"), false, "Japan (日本)"),
            (Some("Delaware, USA"), false, "Delaware, USA"),
            (None, false, "outside mainland"),
        ] {
            assert_eq!(
                seat_in_english(jurisdiction, mainland),
                want,
                "{jurisdiction:?}"
            );
        }
    }
}

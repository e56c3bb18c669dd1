//! English names for Chinese place names, so an English report writes a seat as
//! `Shenzhen (深圳), mainland China` rather than `深圳`.
//!
//! The names come from `dictionaries/world.toml` (countries' Chinese names, mainland
//! provinces and cities, in simplified and traditional characters) as the analysis stage
//! parsed it ([`crate::analyze::world_data`]): the file is read once per process. This
//! module only translates names for display; it decides nothing about where a party is.

use crate::analyze::{World, world_data};

/// The shared world data; `None` only if the shipped file were broken (the analysis would
/// then refuse to start), in which case names stay as written.
fn places() -> Option<&'static World> {
    world_data().ok()
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
    let Some(p) = places() else {
        return j.to_owned();
    };
    if mainland {
        if let Some((_, en)) = p.zh_mainland.iter().find(|(zh, _)| j.contains(zh.as_str())) {
            return format!("{en} ({j}), mainland China");
        }
        return format!("mainland China ({j})");
    }
    match p.zh_countries.get(j) {
        Some(en) => format!("{en} ({j})"),
        None => j.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn world_data_is_shared_with_the_analysis() {
        let p = places().unwrap();
        assert!(p.zh_countries.len() > 200 && p.zh_mainland.len() > 300);
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

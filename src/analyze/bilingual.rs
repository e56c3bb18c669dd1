//! Bilingual contracts: many Sino-foreign agreements carry the English and the Chinese text
//! side by side or one after the other. The same obligation found in both languages is one
//! clause with the other version as its `parallel` quote; a kind of transfer that only one
//! language version contains is reported as a warning, since the versions then disagree on
//! what is transferred (a grant-back in the Chinese text only is the classic case).

use std::collections::BTreeSet;

use crate::extract::normalize::detect_language;
use crate::model::{Clause, Parallel, Segment};

/// Fewest paragraphs of each language for a document to count as bilingual.
const MIN_SEGMENTS: usize = 5;
/// The smaller language must have at least this share of the larger one's paragraphs.
const MIN_BALANCE: f64 = 0.25;

/// The language of a text (the document-level test, applied to one text): `true` for
/// Chinese, `false` for a Latin-script text, `None` without letters.
fn is_chinese(text: &str) -> Option<bool> {
    match detect_language([text]) {
        "zh" => Some(true),
        "en" => Some(false),
        _ => None,
    }
}

/// Whether the document has substantial text in both languages.
pub fn is_bilingual(segments: &[Segment]) -> bool {
    let (mut zh, mut en) = (0usize, 0usize);
    for s in segments {
        match is_chinese(&s.text) {
            Some(true) => zh += 1,
            Some(false) => en += 1,
            None => {}
        }
    }
    let (small, large) = (zh.min(en), zh.max(en));
    #[allow(clippy::cast_precision_loss)]
    let balanced = large > 0 && small as f64 / large as f64 >= MIN_BALANCE;
    small >= MIN_SEGMENTS && balanced
}

/// The clause number both versions share: `3.2` from `3.2`, `Article 3.2(a)`, `第3.2条`;
/// `5` from `第五条`.
fn section_key(section: &str) -> Option<String> {
    let digits: String = section
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let digits = digits.trim_end_matches('.');
    if !digits.is_empty() {
        return Some(digits.to_owned());
    }
    let (_, rest) = section.split_once('第')?;
    let (numeral, _) = rest.split_once(['条', '章', '款'])?;
    chinese_number(numeral).map(|n| n.to_string())
}

/// `五` → 5, `十二` → 12, `二十` → 20, `二十三` → 23 (up to 99).
fn chinese_number(text: &str) -> Option<u32> {
    let digit = |c: char| "零一二三四五六七八九".chars().position(|d| d == c);
    let chars: Vec<char> = text.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [d] => digit(*d).and_then(|d| u32::try_from(d).ok()),
        ['十', d] => digit(*d)
            .and_then(|d| u32::try_from(d).ok())
            .map(|d| 10 + d),
        [t, '十'] => digit(*t)
            .and_then(|t| u32::try_from(t).ok())
            .map(|t| t * 10),
        [t, '十', d] => {
            let t = u32::try_from(digit(*t)?).ok()?;
            let d = u32::try_from(digit(*d)?).ok()?;
            Some(t * 10 + d)
        }
        _ => None,
    }
}

/// Pairs the clauses of the two language versions (same kind, same clause number): the
/// later one becomes the earlier one's `parallel` and leaves the list. Returns a warning
/// for every kind of transfer that only one version contains. `clauses` must be in
/// document order; nothing happens unless the document is bilingual.
pub fn pair(clauses: &mut Vec<Clause>, segments: &[Segment]) -> Vec<String> {
    if !is_bilingual(segments) {
        return Vec::new();
    }
    let lang: Vec<Option<bool>> = clauses.iter().map(|c| is_chinese(&c.text)).collect();
    let key = |c: &Clause| c.location.section.as_deref().and_then(section_key);
    let mut absorbed = vec![false; clauses.len()];
    for i in 0..clauses.len() {
        if absorbed[i] || lang[i].is_none() {
            continue;
        }
        let Some(k) = key(&clauses[i]) else { continue };
        let partner = (i + 1..clauses.len()).find(|&j| {
            !absorbed[j]
                && lang[j].is_some()
                && lang[j] != lang[i]
                && clauses[j].kind == clauses[i].kind
                && key(&clauses[j]).as_deref() == Some(k.as_str())
        });
        let Some(j) = partner else { continue };
        absorbed[j] = true;
        let other = clauses[j].clone();
        let c = &mut clauses[i];
        // The versions may resolve the parties differently: keep the reading that crosses
        // the border, so that one language cannot hide an export.
        if other.outbound && !c.outbound {
            c.outbound = true;
            c.direction = other.direction;
            c.giver.clone_from(&other.giver);
            c.receiver.clone_from(&other.receiver);
        }
        c.confidence = c.confidence.max(other.confidence);
        for r in other.rules {
            if !c.rules.contains(&r) {
                c.rules.push(r);
            }
        }
        c.parallel = Some(Parallel {
            text: other.text,
            location: other.location,
        });
    }
    // Which kinds each version contains, from every clause before pairing.
    let kinds = |zh: bool| -> BTreeSet<crate::model::ClauseKind> {
        clauses
            .iter()
            .zip(&lang)
            .filter(|(_, l)| **l == Some(zh))
            .map(|(c, _)| c.kind)
            .collect()
    };
    let (en, zh) = (kinds(false), kinds(true));
    let mut warnings = Vec::new();
    for (only, missing, here, there) in [
        (&zh, &en, "Chinese", "English"),
        (&en, &zh, "English", "Chinese"),
    ] {
        for kind in only.difference(missing) {
            let first = clauses
                .iter()
                .zip(&lang)
                .find(|(c, l)| c.kind == *kind && **l == Some(here == "Chinese"))
                .map(|(c, _)| c.location.display());
            warnings.push(format!(
                "language versions differ: {} found only in the {here} text ({}); check what the {there} text says",
                kind.as_str(),
                first.unwrap_or_default()
            ));
        }
    }
    let mut i = 0;
    clauses.retain(|_| {
        let keep = !absorbed[i];
        i += 1;
        keep
    });
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_numbers_match_across_languages() {
        assert_eq!(section_key("3.2").as_deref(), Some("3.2"));
        assert_eq!(section_key("Article 3.2(a)").as_deref(), Some("3.2"));
        assert_eq!(section_key("第五条").as_deref(), Some("5"));
        assert_eq!(section_key("第二十三条").as_deref(), Some("23"));
        assert_eq!(section_key("第十条").as_deref(), Some("10"));
        assert_eq!(section_key("Recitals"), None);
    }

    #[test]
    fn languages_are_told_apart() {
        assert_eq!(is_chinese("乙方应将改进提供给甲方。"), Some(true));
        assert_eq!(
            is_chinese("The Licensee shall grant back improvements."),
            Some(false)
        );
        assert_eq!(is_chinese("3.2 (1)"), None);
    }
}

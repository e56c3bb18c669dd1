//! How CUAD's labels are read, shared by the `cuad` evaluation and the sentence scorer's
//! trainer (`examples/train_scorer.rs` includes this file), so that both call the same spans
//! technology: the word lists were fixed once, before any rule was changed against CUAD.

use std::collections::BTreeSet;

/// A licence span is a technology licence when it names one of these (lower case, substring).
pub const LICENCE_TECH: [&str; 14] = [
    "patent",
    "software",
    "technolog",
    "know-how",
    "know how",
    "knowhow",
    "technical",
    "source code",
    "object code",
    "invention",
    "firmware",
    "algorithm",
    "computer program",
    "formula",
];

/// An IP-ownership span is a technology assignment when it names one of these.
pub const ASSIGNMENT_TECH: [&str; 20] = [
    "invent",
    "patent",
    "software",
    "technolog",
    "know-how",
    "know how",
    "knowhow",
    "technical",
    "source code",
    "improvement",
    "discover",
    "development",
    "work product",
    "deliverable",
    "result",
    "data",
    "design",
    "formula",
    "algorithm",
    "intellectual property",
];

pub fn names_any(span: &str, words: &[&str]) -> bool {
    let lower = span.to_lowercase();
    words.iter().any(|w| lower.contains(w))
}

/// The strings of a Python list literal (`['a', "b's"]`), with Python's escapes decoded.
pub fn python_list(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\'' && c != '"' {
            continue;
        }
        let quote = c;
        let mut s = String::new();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some('n') => s.push('\n'),
                    Some('t') => s.push('\t'),
                    Some('x') => {
                        let hex: String = chars.by_ref().take(2).collect();
                        s.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
                    }
                    Some('u') => {
                        let hex: String = chars.by_ref().take(4).collect();
                        s.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
                    }
                    Some(other) => s.push(other),
                    None => {}
                },
                c if c == quote => break,
                c => s.push(c),
            }
        }
        out.push(s);
    }
    out
}

#[test]
fn python_list_literals_decode() {
    assert_eq!(
        python_list("['a', \"b's\", 'c\\'d\\xa0e']"),
        ["a", "b's", "c'd\u{a0}e"]
    );
    assert!(python_list("[]").is_empty());
}

/// Lower-cased words: runs of letters or digits, and every CJK character on its own.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        if is_cjk(c) {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            out.push(c.to_string());
        } else if c.is_alphanumeric() {
            current.extend(c.to_lowercase());
        } else if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Word trigrams of a text (unigrams when it has fewer than three words).
pub fn shingles(text: &str) -> BTreeSet<String> {
    let w = words(text);
    if w.len() < 3 {
        return w.into_iter().collect();
    }
    w.windows(3).map(|t| t.join(" ")).collect()
}

//! How CUAD's labels are read, shared by the `cuad` evaluation and the sentence scorer's
//! trainer (`examples/train_scorer.rs` includes this file), so that both call the same spans
//! technology: the word lists were fixed once, before any rule was changed against CUAD.

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

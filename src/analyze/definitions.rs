//! Defined terms: `"Licensed Technology" means …`, `"Know-How" shall mean …`,
//! `(the "Improvements")`, `“合同技术”是指…`, `本合同所称…是指`, `以下简称“…”`, and
//! numbered definition lists such as `2.1 合同产品指…`.
//!
//! It maps each term (as written) to the first segment that defines it and finds which
//! terms a clause uses, so the catalogue matcher can look into the definitions a transfer
//! clause relies on. It does not interpret what the definitions say.

use std::collections::BTreeMap;

use crate::extract::normalize::is_cjk;
use crate::model::Segment;

/// Terms too generic to be worth following into their definition.
const STOP_TERMS: [&str; 10] = [
    "Agreement",
    "This Agreement",
    "this Agreement",
    "Party",
    "Parties",
    "Effective Date",
    "本合同",
    "合同",
    "双方",
    "一方",
];

/// Words that, right after a quoted term, make the quote a definition.
const MEANS: [&str; 9] = [
    "means",
    "mean",
    "shall mean",
    "shall have the meaning",
    "has the meaning",
    "have the meaning",
    "refers to",
    "shall refer to",
    "is defined",
];

/// Chinese markers after a term that make it a definition.
const ZH_MEANS: [&str; 4] = ["是指", "系指", "指的是", "指"];

/// Characters after `指` that make it part of another word (指派, 指定, 指导 …).
const ZH_NOT_MEANS_AFTER: &str = "派定导示出明令挥标南";

/// Term → index of the first segment defining it.
pub fn find(segments: &[Segment]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for (i, seg) in segments.iter().enumerate() {
        for term in defined_in(&seg.text) {
            if !STOP_TERMS.contains(&term.as_str()) {
                out.entry(term).or_insert(i);
            }
        }
    }
    out
}

/// The terms a text defines.
pub fn defined_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (open, close) in [('"', '"'), ('“', '”'), ('「', '」')] {
        let mut from = 0;
        while let Some(rel) = text[from..].find(open) {
            let s = from + rel + open.len_utf8();
            let Some(rel_end) = text[s..].find(close) else {
                break;
            };
            let e = s + rel_end;
            from = e + close.len_utf8();
            let term = text[s..e].trim();
            if !plausible_term(term) {
                continue;
            }
            let after = text[from..].trim_start_matches([' ', ')', ',', '，', '）']);
            let before = &text[..s - open.len_utf8()];
            if defines_after(after)
                || in_defining_paren(before)
                || in_jianchen(before)
                || in_naming_phrase(before)
            {
                out.push(term.to_owned());
            }
        }
    }
    out.extend(unquoted_chinese(text));
    out
}

fn plausible_term(term: &str) -> bool {
    let n = term.chars().count();
    if !(2..=60).contains(&n) {
        return false;
    }
    let first = term.chars().next().unwrap_or(' ');
    first.is_uppercase() || first.is_ascii_digit() || is_cjk(first)
}

/// Whether `after`, the text right after a term, makes it a definition (`means`, `是指`,
/// a colon); closing quotes and parentheses are skipped.
pub fn defines_after(after: &str) -> bool {
    // `"Background Information" in connection with a designated Party means …`: a short
    // qualifier may come between the term and `means`.
    const QUALIFIED: [&str; 6] = [
        "in connection with ",
        "with respect to ",
        "in relation to ",
        "as used ",
        "when used ",
        "for the purposes of ",
    ];
    let after = after.trim_start_matches([' ', ')', ',', '，', '）', '"', '”', '」']);
    let lower: String = after.chars().take(30).collect::<String>().to_lowercase();
    if QUALIFIED.iter().any(|q| lower.starts_with(q)) {
        let head: String = after.chars().take(80).collect::<String>().to_lowercase();
        if let Some(i) = head.find(" means ").or_else(|| head.find(" shall mean ")) {
            return !head[..i].contains(['.', ';']);
        }
    }
    MEANS.iter().any(|m| {
        lower
            .strip_prefix(m)
            .is_some_and(|r| r.is_empty() || r.starts_with([' ', ',', ':']))
    }) || after.starts_with(['：', ':'])
        || ZH_MEANS
            .iter()
            .any(|m| after.strip_prefix(m).is_some_and(zh_means_ok))
}

fn zh_means_ok(rest: &str) -> bool {
    !rest
        .chars()
        .next()
        .is_some_and(|c| ZH_NOT_MEANS_AFTER.contains(c))
}

/// `(the "X")`, `("X")`, `(hereinafter called the "X")`, `(collectively, the "X")`.
fn in_defining_paren(before: &str) -> bool {
    let Some(open) = before.rfind(['(', '（']) else {
        return false;
    };
    let inside = &before[open..];
    inside.chars().count() <= 45 && !inside.contains([')', '）'])
}

/// A naming phrase shortly before the term, without a sentence or bracket end between:
/// `- hereinafter "Licensor" -`, `Referred to as "Yuanli" or the "Licensor"`,
/// `hereinafter called the "Developer"` on a line of its own, outside any parenthesis.
fn in_naming_phrase(before: &str) -> bool {
    const NAMING: [&str; 7] = [
        "hereinafter",
        "referred to as",
        "called",
        "known as",
        "designated as",
        "herein as",
        "doing business as",
    ];
    let start = before.char_indices().rev().nth(60).map_or(0, |(i, _)| i);
    let tail = before[start..].to_lowercase();
    NAMING.iter().any(|n| {
        tail.rfind(n)
            .is_some_and(|i| !tail[i..].contains(['.', ';', ')', '）', '\n']))
    })
}

/// `以下简称“X”`, `简称“X”`.
fn in_jianchen(before: &str) -> bool {
    let tail: String = before
        .chars()
        .rev()
        .take(8)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    tail.contains("简称") || tail.contains("称为")
}

/// `以下简称X）`, `本合同所称X是指`, and a numbered list entry `合同产品指…`.
fn unquoted_chinese(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for marker in ["以下简称", "简称"] {
        if let Some(i) = text.find(marker) {
            let rest = text[i + marker.len()..].trim_start_matches(['：', ':', ' ']);
            if !rest.starts_with(['“', '"']) {
                let term: String = rest
                    .chars()
                    .take_while(|&c| is_cjk(c) && !"，。）)、；".contains(c))
                    .collect();
                if (2..=12).contains(&term.chars().count()) {
                    out.push(term);
                }
            }
            break;
        }
    }
    if let Some(i) = text.find("所称") {
        let rest = &text[i + "所称".len()..];
        if let Some(j) = rest.find("是指").or_else(|| rest.find("指")) {
            let term = rest[..j].trim_matches(['“', '”', '"', ' ']);
            if (2..=16).contains(&term.chars().count()) {
                out.push(term.to_owned());
            }
        }
    }
    // `2.1 合同产品指…`: a short run of CJK after the clause number, then 指/是指.
    let body = text.trim_start_matches(|c: char| {
        c.is_ascii_digit() || c == '.' || c == ' ' || "（）()一二三四五六七八九十、".contains(c)
    });
    let run: String = body
        .chars()
        .take_while(|&c| is_cjk(c) && !"，。：；、“”".contains(c))
        .collect();
    for m in ZH_MEANS {
        if let Some(pos) = run.find(m) {
            let term = &run[..pos];
            let rest = &body[pos + m.len()..];
            if (2..=12).contains(&term.chars().count())
                && zh_means_ok(rest)
                && !term.ends_with('方')
                && !term.contains("所称")
            {
                out.push(term.to_owned());
            }
            break;
        }
    }
    out
}

/// Whether `text` uses `term` (word boundaries for Latin terms, case-sensitive).
#[cfg(test)]
pub fn uses(text: &str, term: &str) -> bool {
    !occurrences(text, term).is_empty()
}

/// Byte ranges where `text` uses `term` (word boundaries for Latin terms, case-sensitive).
pub fn occurrences(text: &str, term: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if term.is_empty() {
        return out;
    }
    let mut from = 0;
    while let Some(rel) = text[from..].find(term) {
        let s = from + rel;
        let e = s + term.len();
        if bounded_use(text, term, s, e) {
            out.push((s, e));
        }
        from = s + term.chars().next().map_or(1, char::len_utf8);
    }
    out
}

/// Whether `text[s..e]` (equal to `term`) is a use of the term: a Latin end of the term
/// may not continue a Latin word (`Product` in `Products` is no use of it).
fn bounded_use(text: &str, term: &str, s: usize, e: usize) -> bool {
    let latin_edge = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() && !is_cjk(c));
    let first_latin = term.chars().next().is_some_and(|c| !is_cjk(c));
    let last_latin = term.chars().next_back().is_some_and(|c| !is_cjk(c));
    let left_ok = !first_latin || !latin_edge(text[..s].chars().next_back());
    let right_ok = !last_latin || !latin_edge(text[e..].chars().next());
    left_ok && right_ok
}

/// Finds the uses of many defined terms in one pass over a text, with the same rules as
/// [`occurrences`]; a document with hundreds of definitions is not searched once per term
/// and segment.
pub struct TermFinder<'t> {
    terms: Vec<&'t str>,
    automaton: Option<aho_corasick::AhoCorasick>,
}

impl<'t> TermFinder<'t> {
    pub fn new(terms: impl IntoIterator<Item = &'t str>) -> TermFinder<'t> {
        let terms: Vec<&str> = terms.into_iter().filter(|t| !t.is_empty()).collect();
        // Building fails only past the automaton's size limits; the term-by-term search
        // below then gives the same answer, slower.
        let automaton = aho_corasick::AhoCorasick::new(&terms).ok();
        TermFinder { terms, automaton }
    }

    /// The terms, in the order [`TermFinder::find`] numbers them.
    pub fn terms(&self) -> &[&'t str] {
        &self.terms
    }

    /// `(term index, start, end)` of every use, sorted by position then term.
    pub fn find(&self, text: &str) -> Vec<(usize, usize, usize)> {
        let mut out: Vec<(usize, usize, usize)> = match &self.automaton {
            Some(ac) => ac
                .find_overlapping_iter(text)
                .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
                .filter(|&(i, s, e)| bounded_use(text, self.terms[i], s, e))
                .collect(),
            None => one_by_one(&self.terms, text),
        };
        out.sort_by_key(|&(i, s, e)| (s, e, i));
        out
    }
}

/// `(term index, start, end)` of every use of every term, searched term by term.
fn one_by_one(terms: &[&str], text: &str) -> Vec<(usize, usize, usize)> {
    terms
        .iter()
        .enumerate()
        .flat_map(|(i, t)| {
            occurrences(text, t)
                .into_iter()
                .map(move |(s, e)| (i, s, e))
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_short_qualifier_may_stand_between_term_and_means() {
        assert!(defines_after(
            " in connection with a designated Party means technical information, data"
        ));
        assert!(!defines_after(
            " in connection with the Program. It means nothing here"
        ));
    }

    #[test]
    fn the_term_finder_agrees_with_occurrences() {
        let text = "The Licensed Technology and the Technology, not Technologys; 合同技术和技术 Technology";
        let terms = [
            "Licensed Technology",
            "Technology",
            "技术",
            "合同技术",
            "Tech",
        ];
        let finder = TermFinder::new(terms);
        let mut want = one_by_one(&terms, text);
        want.sort_by_key(|&(i, s, e)| (s, e, i));
        assert_eq!(finder.find(text), want);
        assert!(!want.is_empty());
    }

    #[test]
    fn definitions_are_found() {
        let cases: &[(&str, &[&str])] = &[
            (
                "\"Licensed Technology\" means speech synthesis software.",
                &["Licensed Technology"],
            ),
            (
                "1.4 \"Know-How\" shall mean all technical information.",
                &["Know-How"],
            ),
            (
                "all enhancements (the \"Improvements\") made by Licensee",
                &["Improvements"],
            ),
            (
                "Sony Electronics Inc. (\"SONY\"), a Delaware corporation",
                &["SONY"],
            ),
            ("“合同技术”是指甲方拥有的语音合成技术。", &["合同技术"]),
            ("本合同所称技术秘密是指未公开的技术信息。", &["技术秘密"]),
            ("中国某某有限公司（以下简称“甲方”）", &["甲方"]),
            (
                "2.1 合同产品指本合同附件一中所列的全部产品。",
                &["合同产品"],
            ),
            ("The \"Party\" means either party.", &[]),
            ("He said \"hello\" to the Licensee.", &[]),
            ("乙方指派工程师。", &[]),
        ];
        for (text, want) in cases {
            let segs = vec![Segment {
                text: (*text).to_owned(),
                ..Segment::default()
            }];
            let got: Vec<String> = find(&segs).into_keys().collect();
            let mut want: Vec<String> = want.iter().map(|s| (*s).to_owned()).collect();
            want.sort();
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn use_of_a_term_respects_word_boundaries() {
        assert!(uses("the Licensed Technology shall", "Licensed Technology"));
        assert!(!uses("the Licensed Technologyx", "Licensed Technology"));
        assert!(uses("乙方使用合同技术生产", "合同技术"));
    }
}

//! Term matching for the clause rules: every literal piece of every term is compiled into
//! one Aho-Corasick automaton (built once, shared read-only), a segment is scanned once,
//! and terms are then evaluated per sentence from the recorded hits.
//!
//! Term syntax (lowercase; matching folds ASCII case only, so byte offsets are kept):
//! - `patent` matches the word `patent` (ASCII word boundaries on both sides);
//! - `licens*` matches any word starting with `licens`;
//! - `grant* ... licen*` matches the pieces in order, each within [`GAP`] words of the
//!   previous one (CJK characters count one word each);
//! - `shall be .. property of` matches the pieces in order with nothing but [`FILLER`] words
//!   (articles, intensifiers, `and`) between them: `shall be the sole and exclusive property
//!   of`, `is hereby irrevocably assigned to`, never `shall be jointly owned by`;
//! - pieces made of CJK characters match as plain substrings.
//!
//! This module knows nothing about clause kinds or parties.

use aho_corasick::{AhoCorasick, MatchKind};

use crate::extract::normalize::is_cjk;

/// Default maximum number of words between two pieces of one term.
pub const GAP: usize = 20;

/// The words that may stand between two pieces joined by ` .. `: articles, intensifiers and
/// the auxiliaries of a passive (`is hereby irrevocably assigned`). Nothing that changes who
/// holds what (`jointly`, `not`, `retained`) is filler, and no punctuation.
pub const FILLER: [&str; 21] = [
    "a",
    "absolute",
    "absolutely",
    "and",
    "are",
    "automatically",
    "entire",
    "entirely",
    "exclusive",
    "exclusively",
    "forthwith",
    "fully",
    "hereby",
    "immediately",
    "irrevocably",
    "is",
    "sole",
    "solely",
    "the",
    "thereupon",
    "wholly",
];

/// How two pieces of a term may be separated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Gap {
    /// Up to [`GAP`] words of anything (` ... `).
    Words,
    /// Only [`FILLER`] words (` .. `).
    Filler,
}

/// One literal piece of a term.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Piece {
    /// Index of the literal in the automaton.
    pattern: usize,
    /// Whether the piece ends with `*` (prefix of a word).
    stem: bool,
    /// What may separate it from the previous piece (ignored for the first).
    gap: Gap,
}

/// A compiled term: one or more pieces that must appear in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    pieces: Vec<Piece>,
}

/// Collects literals while rules are compiled.
#[derive(Debug, Default)]
pub struct TermSetBuilder {
    literals: Vec<String>,
}

impl TermSetBuilder {
    /// Compiles one term (see the module doc for the syntax).
    pub fn term(&mut self, source: &str) -> Term {
        let mut pieces = Vec::new();
        for (i, words) in source.split("...").enumerate() {
            for (j, p) in words.split("..").enumerate() {
                let p = p.trim();
                let stem = p.ends_with('*');
                let lit = p.trim_end_matches('*').to_ascii_lowercase();
                let pattern = if let Some(k) = self.literals.iter().position(|l| *l == lit) {
                    k
                } else {
                    self.literals.push(lit);
                    self.literals.len() - 1
                };
                // The first piece after a ` ... ` may be far; any other after a ` .. `.
                let gap = if i > 0 && j == 0 {
                    Gap::Words
                } else {
                    Gap::Filler
                };
                pieces.push(Piece { pattern, stem, gap });
            }
        }
        Term { pieces }
    }

    /// Builds the automaton.
    ///
    /// # Errors
    /// When the automaton cannot be built (too many or too long patterns).
    pub fn build(self) -> Result<TermSet, aho_corasick::BuildError> {
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&self.literals)?;
        Ok(TermSet {
            automaton,
            literals: self.literals,
        })
    }
}

/// The compiled literals of all terms.
#[derive(Debug)]
pub struct TermSet {
    automaton: AhoCorasick,
    literals: Vec<String>,
}

/// Every literal occurrence in one text, by literal.
#[derive(Debug)]
pub struct Hits {
    /// The ASCII-lowercased, traditional-folded text (same byte offsets as the original).
    pub lower: String,
    by_literal: Vec<Vec<(usize, usize)>>,
}

impl TermSet {
    pub fn builder() -> TermSetBuilder {
        TermSetBuilder::default()
    }

    /// Scans a text once for every literal. The text is ASCII-lowercased and its traditional
    /// Chinese characters folded to simplified ones (`讓與` reads as `让与`, `軟件工程師` as
    /// `软件工程师`), keeping every byte offset, so rules written once in simplified Chinese
    /// read Hong Kong, Macau and Taiwan drafting too.
    pub fn scan(&self, text: &str) -> Hits {
        let mut lower = text.to_ascii_lowercase();
        if let std::borrow::Cow::Owned(folded) = crate::fold::fold(&lower) {
            lower = folded;
        }
        let mut by_literal = vec![Vec::new(); self.literals.len()];
        for m in self.automaton.find_overlapping_iter(&lower) {
            by_literal[m.pattern().as_usize()].push((m.start(), m.end()));
        }
        // Sorted by start, so that a sentence's matches are found by binary search.
        for v in &mut by_literal {
            v.sort_unstable();
        }
        Hits { lower, by_literal }
    }
}

impl Hits {
    /// All matches `(start, end)` of `term` inside the byte range `range`.
    pub fn find(&self, term: &Term, range: std::ops::Range<usize>) -> Vec<(usize, usize)> {
        self.matches(term, &range, false)
    }

    /// The matches of `term` in `range`; only the first when `first_only`.
    fn matches(
        &self,
        term: &Term,
        range: &std::ops::Range<usize>,
        first_only: bool,
    ) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let Some(first) = term.pieces.first() else {
            return out;
        };
        let starts = self.within(first.pattern, range.start, range.end);
        for &(s, e) in starts {
            if e > range.end || !self.bounded(s, e, first.stem) {
                continue;
            }
            let mut end = e;
            let mut ok = true;
            for piece in &term.pieces[1..] {
                if let Some(pe) = self.next_piece(piece, end, range.end) {
                    end = pe;
                } else {
                    ok = false;
                    break;
                }
            }
            if ok {
                out.push((s, end));
                if first_only {
                    break;
                }
            }
        }
        out
    }

    /// The matches of literal `pattern` that start in `from..to`.
    fn within(&self, pattern: usize, from: usize, to: usize) -> &[(usize, usize)] {
        let list = &self.by_literal[pattern];
        let a = list.partition_point(|&(s, _)| s < from);
        let b = list.partition_point(|&(s, _)| s < to);
        &list[a..b.max(a)]
    }

    /// End of the nearest match of `piece` that starts at or after `end`, ends by
    /// `limit` and lies within [`GAP`] words of `end` (only [`FILLER`] words for a ` .. `
    /// piece).
    fn next_piece(&self, piece: &Piece, end: usize, limit: usize) -> Option<usize> {
        for &(ps, pe) in self.within(piece.pattern, end, limit) {
            let far = match piece.gap {
                Gap::Words => words_between(&self.lower, end, ps) > GAP,
                Gap::Filler => !only_filler(&self.lower[end..ps]),
            };
            if far {
                // Later matches are farther still.
                return None;
            }
            if pe <= limit && self.bounded(ps, pe, piece.stem) {
                return Some(pe);
            }
        }
        None
    }

    /// Whether any of `terms` occurs in `range`.
    pub fn any(&self, terms: &[Term], range: &std::ops::Range<usize>) -> bool {
        terms
            .iter()
            .any(|t| !self.matches(t, range, true).is_empty())
    }

    /// All matches of any of `terms` in `range`, sorted.
    pub fn all(&self, terms: &[Term], range: &std::ops::Range<usize>) -> Vec<(usize, usize)> {
        let mut v: Vec<(usize, usize)> = terms
            .iter()
            .flat_map(|t| self.find(t, range.clone()))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// ASCII word boundaries: an alphanumeric edge of the literal must not touch another
    /// alphanumeric character (the right edge is free for stems).
    fn bounded(&self, s: usize, e: usize, stem: bool) -> bool {
        let b = self.lower.as_bytes();
        let word = |c: u8| c.is_ascii_alphanumeric();
        let left_ok = !(word(b[s]) && s > 0 && word(b[s - 1]));
        let right_ok = stem || !(word(b[e - 1]) && e < b.len() && word(b[e]));
        // `non-transferable`, `non-exclusive`: a negated adjective, not the verb.
        let negated = self.lower[..s].ends_with("non-") || self.lower[..s].ends_with("non ");
        left_ok && right_ok && !negated
    }
}

/// Whether `gap` (lower-case) holds only [`FILLER`] words and spaces. A comma ends the
/// construction: `is, and shall be, the sole property of` restates who already owns.
fn only_filler(gap: &str) -> bool {
    gap.split_whitespace().all(|w| FILLER.contains(&w))
}

/// Number of words between two byte offsets: each CJK character counts one, each run of
/// other non-space characters counts one, and a closed parenthesis counts one whatever it
/// holds — an aside (`在中华人民共和国境内（不含香港、澳门、台湾）`, "(as defined in Section
/// 1.1)") does not pull a grant's pieces apart.
pub fn words_between(text: &str, from: usize, to: usize) -> usize {
    if to <= from {
        return 0;
    }
    let Some(gap) = text.get(from..to) else {
        return usize::MAX;
    };
    let mut n = 0;
    // Words inside the open parenthesis, counted only if it never closes.
    let mut inside = 0;
    let mut depth = 0usize;
    let mut in_word = false;
    for ch in gap.chars() {
        let counter = if depth > 0 { &mut inside } else { &mut n };
        if ch == '(' || ch == '（' {
            if depth == 0 {
                n += 1;
                inside = 0;
            }
            depth += 1;
            in_word = false;
        } else if (ch == ')' || ch == '）') && depth > 0 {
            depth -= 1;
            if depth == 0 {
                inside = 0;
            }
            in_word = false;
        } else if is_cjk(ch) {
            *counter += 1;
            in_word = false;
        } else if ch.is_whitespace() {
            in_word = false;
        } else if !in_word {
            *counter += 1;
            in_word = true;
        }
    }
    n + inside
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn matches(term: &str, text: &str) -> Vec<String> {
        let mut b = TermSet::builder();
        let t = b.term(term);
        let set = b.build().unwrap();
        let hits = set.scan(text);
        hits.find(&t, 0..text.len())
            .into_iter()
            .map(|(s, e)| text[s..e].to_owned())
            .collect()
    }

    #[test]
    fn term_matching_behaviour() {
        let cases: &[(&str, &str, &[&str])] = &[
            ("patent", "the Patent rights", &["Patent"]),
            ("patent", "patented", &[]),
            ("patent", "nonpatent", &[]),
            ("licens*", "a Licensed product", &["Licens"]),
            (
                "grant* ... licen*",
                "hereby grants to X a non-exclusive license",
                &["grants to X a non-exclusive licen"],
            ),
            ("grant* ... licen*", "grants", &[]),
            ("know-how", "its know-how.", &["know-how"]),
            ("transfer*", "a non-transferable licence", &[]),
            ("transfer*", "shall transfer the Know-How", &["transfer"]),
            ("转让", "甲方将专利权转让给乙方", &["转让"]),
            (
                "shall be .. property of",
                "shall be the sole and exclusive property of",
                &["shall be the sole and exclusive property of"],
            ),
            (
                "shall be .. property of",
                "shall be the property of",
                &["shall be the property of"],
            ),
            ("shall be .. owned by", "shall be jointly owned by", &[]),
            (
                "hereby .. assigned to",
                "is hereby irrevocably assigned to",
                &["hereby irrevocably assigned to"],
            ),
            (
                "shall be .. property of",
                "is, and shall be, the property of",
                &[],
            ),
            (
                "派遣 ... 技术人员",
                "乙方派遣五名技术人员",
                &["派遣五名技术人员"],
            ),
        ];
        for (term, text, want) in cases {
            assert_eq!(matches(term, text), *want, "{term} in {text}");
        }
    }

    #[test]
    fn pieces_farther_apart_than_the_gap_do_not_match() {
        let far = format!("grant {} licence", "word ".repeat(GAP + 1));
        assert!(matches("grant ... licence", &far).is_empty());
    }

    #[test]
    fn a_closed_parenthesis_counts_one_word() {
        let t = "grants to Licensee (as defined in Section 1.1, with its Affiliates) a licence";
        assert_eq!(words_between(t, 6, t.find(" a licence").unwrap()), 3);
        let z = "授予乙方在境内(不含香港、澳门、台湾)使用";
        assert_eq!(words_between(z, "授予".len(), z.find("使用").unwrap()), 6);
        // One that never closes counts every word in it.
        let open = "grants (as defined in";
        assert_eq!(words_between(open, 6, open.len()), 4);
    }

    #[test]
    fn words_between_counts_cjk_characters_singly() {
        assert_eq!(words_between("a bb ccc", 0, 8), 3);
        assert_eq!(words_between("甲方将", 0, "甲方将".len()), 3);
    }
}

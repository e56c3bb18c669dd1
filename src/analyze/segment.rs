//! Segmentation: extracted blocks become located [`Segment`]s (one per block), each with
//! the clause number it falls under; segments are further split into sentences for the
//! classifier.
//!
//! Numbering is recognised at the start of a paragraph (or of its list label): `1.`,
//! `1.1`, `3.2(a)`, `(a)`, `(iv)`, `Article 5`, `ARTICLE V`, `Section 4.2`, `Schedule 2`,
//! `第五条`, `第5条`, `第一章`, `一、`, `（一）`, `1、`, `1)`. Numbers form a stack: a style
//! already on the stack closes everything below it, a new style nests, so `(a)` under
//! `3.2` is `3.2(a)`; unnumbered paragraphs carry the current number forward. Text before
//! the first number (the preamble) has no section.
//!
//! This module only locates text; it never classifies it.

use std::ops::Range;

use crate::extract::normalize::{is_cjk, normalize};
use crate::model::{Block, Location, Segment};

/// The shape of a clause number; numbers of one style are siblings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    /// `第一章`, `Chapter 2`, `Part 3`: shown only when nothing deeper is open.
    Chapter,
    /// `Article 5`, `ARTICLE V`, `Section 4` (no dot), `Schedule 2`, `第五条`.
    Article,
    /// `一、`.
    CnEnum,
    /// `1.`, `1.1`, `3.2.1` (one style: deeper decimals replace shallower ones).
    Decimal,
    /// `1、`.
    DigitComma,
    /// `(a)`, `a)`.
    ParenLetter,
    /// `(i)`, `(iv)`.
    ParenRoman,
    /// `(1)`, `1)`.
    ParenDigit,
    /// `（一）`.
    CnParen,
}

impl Style {
    fn is_item(self) -> bool {
        matches!(
            self,
            Style::ParenLetter | Style::ParenRoman | Style::ParenDigit | Style::CnParen
        )
    }
}

/// A clause number found at the start of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Number {
    style: Style,
    /// As displayed in a section (`3.2`, `(a)`, `Article 5`, `第五条`).
    label: String,
    /// Byte length of the number in the text, including trailing separator.
    len: usize,
}

/// Splits blocks into segments with their locations.
pub fn segment(blocks: &[Block]) -> Vec<Segment> {
    let mut stack: Vec<(Style, String)> = Vec::new();
    let mut out = Vec::with_capacity(blocks.len());
    for (block, text) in blocks.iter().flat_map(|b| {
        clause_pieces(&b.display_text())
            .into_iter()
            .map(move |t| (b, t))
    }) {
        if text.is_empty() {
            continue;
        }
        let number = leading_number(&text);
        if let Some(n) = &number {
            if !n.style.is_item() {
                // Items such as `(a)` or the preamble's `(1)` nest under structural
                // numbers, never the other way round: a new `2.1` closes them.
                stack.retain(|(s, _)| !s.is_item());
            }
            if let Some(pos) = stack.iter().position(|(s, _)| *s == n.style) {
                stack.truncate(pos);
            } else if n.style == Style::Chapter || n.style == Style::Article {
                // A new top-level style closes all deeper numbering.
                stack.retain(|(s, _)| *s == Style::Chapter);
            }
            stack.push((n.style, n.label.clone()));
        }
        let rest = number.as_ref().map_or(text.as_str(), |n| &text[n.len..]);
        out.push(Segment {
            heading: is_heading(rest.trim()),
            location: Location {
                page: block.page,
                section: display(&stack),
                paragraph: Some(block.paragraph),
            },
            kind: block.kind,
            text,
        });
    }
    out
}

/// Normalised pieces of one block: a block holding several numbered clauses separated by
/// line breaks (Chinese templates often keep a whole contract in one table cell) is cut
/// before each line that starts with a clause number, when the line before it ends a
/// sentence or is short (a heading). A soft-wrapped PDF line that merely starts with a
/// number (`… under Section` / `3.2 of …`) follows no sentence end and stays joined.
fn clause_pieces(text: &str) -> Vec<String> {
    if !text.contains('\n') {
        return vec![normalize(text)];
    }
    let mut pieces = Vec::new();
    let mut current = String::new();
    let mut previous: Option<String> = None;
    for line in text.split('\n') {
        let norm = normalize(line);
        let cut = previous.as_deref().is_some_and(|prev: &str| {
            let ends_sentence = prev
                .ends_with(['。', '；', ';', '：', ':', '.', '!', '?', '！', '？'])
                || prev.chars().count() <= 20;
            ends_sentence && leading_number(&norm).is_some()
        });
        if cut && !current.is_empty() {
            pieces.push(normalize(&current));
            current.clear();
        }
        if !current.is_empty() {
            current.push('\n');
        }
        current.push_str(line);
        if !norm.is_empty() {
            previous = Some(norm);
        }
    }
    if !current.is_empty() {
        pieces.push(normalize(&current));
    }
    pieces
}

/// The section string for a numbering stack.
fn display(stack: &[(Style, String)]) -> Option<String> {
    let deeper_than_chapter = stack.iter().any(|(s, _)| *s != Style::Chapter);
    let mut out = String::new();
    let mut article_number: Option<String> = None;
    for (style, label) in stack {
        if *style == Style::Chapter && deeper_than_chapter {
            continue;
        }
        if *style == Style::Decimal {
            // `Article 5` followed by `5.1` reads as `5.1`.
            if let Some(n) = &article_number {
                if label.split('.').next() == Some(n.as_str()) {
                    out.clear();
                }
            }
        }
        if *style == Style::Article {
            article_number = label
                .rsplit(' ')
                .next()
                .filter(|n| n.chars().all(|c| c.is_ascii_digit()))
                .map(str::to_owned);
        }
        if !out.is_empty() && !style.is_item() {
            out.push(' ');
        }
        out.push_str(label);
    }
    (!out.is_empty()).then_some(out)
}

/// A short line without sentence punctuation reads as a heading.
fn is_heading(rest: &str) -> bool {
    let chars = rest.chars().count();
    let cjk = rest.chars().filter(|&c| is_cjk(c)).count();
    let limit = if cjk * 2 > chars { 30 } else { 90 };
    chars > 0
        && chars <= limit
        && !rest.ends_with(',')
        && !rest.contains(['。', ';', '；', ',', '，', ':', '：'])
        && !(rest.ends_with('.') && rest.contains(' '))
}

/// Whether `text` opens with an item number (`1.`, `1、`, `(a)`, `a)`, `（一）`, `一、`) or a
/// bullet: an entry of a list, not an article or chapter of its own.
pub fn opens_list_item(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with(['•', '·', '●', '▪', '-', '–'])
        || leading_number(t).is_some_and(|n| !matches!(n.style, Style::Article | Style::Chapter))
}

/// Recognises a clause number at the start of a normalised text.
fn leading_number(text: &str) -> Option<Number> {
    const KEYWORDS: [(&str, Style); 8] = [
        ("article", Style::Article),
        ("section", Style::Article),
        ("clause", Style::Article),
        ("schedule", Style::Article),
        ("exhibit", Style::Article),
        ("appendix", Style::Article),
        ("chapter", Style::Chapter),
        ("part", Style::Chapter),
    ];
    let lower = text.to_ascii_lowercase();
    for (kw, style) in KEYWORDS {
        let Some(rest) = lower.strip_prefix(kw) else {
            continue;
        };
        let Some(rest) = rest.strip_prefix(' ') else {
            continue;
        };
        let token: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '.')
            .collect();
        let token = token.trim_end_matches('.');
        let is_num = !token.is_empty()
            && (token.chars().all(|c| c.is_ascii_digit() || c == '.')
                || is_roman(token)
                || (token.len() == 1 && token.chars().all(|c| c.is_ascii_alphabetic())));
        if !is_num {
            continue;
        }
        let original = &text[kw.len() + 1..kw.len() + 1 + token.len()];
        let word = &text[..kw.len()];
        let (style, label) = if style == Style::Article && kw == "section" && token.contains('.') {
            (Style::Decimal, original.to_owned())
        } else {
            (style, format!("{word} {original}"))
        };
        let mut len = kw.len() + 1 + token.len();
        len += text[len..].len() - text[len..].trim_start_matches(['.', ':', ' ']).len();
        return Some(Number { style, label, len });
    }
    if let Some(n) = chinese_number(text) {
        return Some(n);
    }
    decimal_or_item(text)
}

/// `第五条`, `第5条`, `第一章`, `一、`, `（一）`.
fn chinese_number(text: &str) -> Option<Number> {
    let cn_digit = |c: char| "〇零一二三四五六七八九十百两".contains(c) || c.is_ascii_digit();
    if let Some(rest) = text.strip_prefix('第') {
        let n: String = rest.chars().take_while(|&c| cn_digit(c)).collect();
        let after = rest[n.len()..].chars().next();
        if !n.is_empty() {
            let style = match after {
                Some('条') => Some(Style::Article),
                Some('章' | '部' | '节') => Some(Style::Chapter),
                _ => None,
            };
            if let (Some(style), Some(unit)) = (style, after) {
                let label = format!("第{n}{unit}");
                let len = label.len() + trailing_space(&text[label.len()..]);
                return Some(Number { style, label, len });
            }
        }
    }
    let n: String = text
        .chars()
        .take_while(|&c| cn_digit(c) && !c.is_ascii_digit())
        .collect();
    if !n.is_empty() && text[n.len()..].starts_with(['、', '.']) {
        let len = n.len() + text[n.len()..].chars().next()?.len_utf8();
        return Some(Number {
            style: Style::CnEnum,
            label: format!("{n}、"),
            len: len + trailing_space(&text[len..]),
        });
    }
    if let Some(rest) = text.strip_prefix(['（', '(']) {
        let n: String = rest.chars().take_while(|&c| cn_digit(c)).collect();
        if !n.is_empty() && rest[n.len()..].starts_with(['）', ')']) {
            let style = if n.chars().all(|c| c.is_ascii_digit()) {
                Style::ParenDigit
            } else {
                Style::CnParen
            };
            let label = format!("({n})");
            let open = text.chars().next().map_or(1, char::len_utf8);
            let close = rest[n.len()..].chars().next().map_or(1, char::len_utf8);
            let len = open + n.len() + close;
            return Some(Number {
                style,
                label,
                len: len + trailing_space(&text[len..]),
            });
        }
    }
    None
}

/// `1.`, `1.1`, `3.2(a)` (decimal), `1、`, `(a)`, `(iv)`, `(1)`, `a)`, `1)`.
fn decimal_or_item(text: &str) -> Option<Number> {
    let digits: String = text
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    if digits.starts_with(|c: char| c.is_ascii_digit()) {
        let core = digits.trim_end_matches('.');
        let after = &text[digits.len()..];
        let parts = core.split('.').count();
        let plausible = core.split('.').all(|p| !p.is_empty() && p.len() <= 3);
        if plausible && (parts > 1 || digits.ends_with('.')) {
            let after_ok = after.is_empty()
                || after.starts_with([' ', '('])
                || after.starts_with(|c: char| is_cjk(c));
            if after_ok {
                // `1.0` reads as `1`.
                let label = core.strip_suffix(".0").unwrap_or(core).to_owned();
                let mut len = digits.len();
                // `3.2(a)`: the item belongs to the number.
                let mut label = label;
                if let Some(item) = paren_item(after) {
                    label.push_str(&item.label);
                    len += item.len;
                }
                return Some(Number {
                    style: Style::Decimal,
                    label,
                    len: len + trailing_space(&text[len..]),
                });
            }
        }
        if parts == 1 && !digits.ends_with('.') && core.len() <= 3 {
            if let Some(rest) = after.strip_prefix('、') {
                let len = core.len() + '、'.len_utf8();
                return Some(Number {
                    style: Style::DigitComma,
                    label: format!("{core}、"),
                    len: len + trailing_space(rest),
                });
            }
            if after.starts_with(") ") {
                let len = core.len() + 1;
                return Some(Number {
                    style: Style::ParenDigit,
                    label: format!("({core})"),
                    len: len + trailing_space(&text[len..]),
                });
            }
        }
        return None;
    }
    let item = paren_item(text)?;
    Some(Number {
        len: item.len + trailing_space(&text[item.len..]),
        ..item
    })
}

/// `(a)`, `(iv)`, `(1)`, `a)` at the start of `text` (followed by a space or the end).
fn paren_item(text: &str) -> Option<Number> {
    let (inner, len) = if let Some(rest) = text.strip_prefix('(') {
        let close = rest.find(')')?;
        (&rest[..close], close + 2)
    } else {
        let close = text.find(") ")?;
        let inner = &text[..close];
        if inner.len() != 1 || !inner.chars().all(|c| c.is_ascii_lowercase()) {
            return None;
        }
        (inner, close + 1)
    };
    if inner.is_empty()
        || inner.len() > 4
        || !(text[len..].is_empty() || text[len..].starts_with(' '))
    {
        return None;
    }
    let style = if inner.chars().all(|c| c.is_ascii_digit()) {
        Style::ParenDigit
    } else if inner == "i" || (inner.len() > 1 && is_roman(inner)) {
        Style::ParenRoman
    } else if inner.len() == 1 && inner.chars().all(|c| c.is_ascii_alphabetic()) {
        Style::ParenLetter
    } else {
        return None;
    };
    Some(Number {
        style,
        label: format!("({inner})"),
        len,
    })
}

fn is_roman(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 6
        && (s.chars().all(|c| "ivxlc".contains(c)) || s.chars().all(|c| "IVXLC".contains(c)))
}

fn trailing_space(s: &str) -> usize {
    s.len() - s.trim_start_matches([' ', '\u{3000}']).len()
}

/// The last clause number that starts a sentence inside `text` before byte `upto`
/// (`... Agreement. 3.2 Grant Back by PURCHASER Subject to ...`), for long paragraphs
/// that hold several numbered clauses.
pub fn inline_section(text: &str, upto: usize) -> Option<String> {
    let mut found = None;
    for start in sentence_starts(text) {
        if start >= upto {
            break;
        }
        if let Some(n) = leading_number(&text[start..]) {
            if n.style == Style::Decimal || n.style == Style::Article {
                found = Some(n.label);
            }
        }
    }
    found
}

/// Byte offsets where a sentence (or a numbered clause) may start.
fn sentence_starts(text: &str) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(
        sentences(text)
            .into_iter()
            .map(|r| r.start)
            .filter(|&s| s > 0),
    );
    // A number after a heading ("Licenses 3.1 Grant") also starts a clause.
    let b = text.as_bytes();
    for (i, w) in b.windows(2).enumerate() {
        if w[0] == b' ' && w[1].is_ascii_digit() && i > 0 && b[i - 1] != b',' {
            v.push(i + 1);
        }
    }
    v.sort_unstable();
    v.dedup();
    v
}

/// Words after which a full stop does not end a sentence.
const ABBREVIATIONS: [&str; 24] = [
    "co", "ltd", "inc", "corp", "no", "nos", "e.g", "i.e", "etc", "mr", "ms", "mrs", "dr", "st",
    "art", "sec", "u.s", "s.a", "n.v", "b.v", "pty", "vs", "para", "p.r.c",
];

/// Splits a normalised text into sentence byte ranges (trimmed). Splits after `。！？；`
/// and after `.`, `;`, `!`, `?` followed by a space, except after abbreviations and clause
/// numbers.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((i, ch)) = iter.next() {
        let end = i + ch.len_utf8();
        let split = match ch {
            '。' | '！' | '？' | '；' => true,
            '.' | ';' | '!' | '?' => {
                let next = iter.peek().map(|&(_, c)| c);
                let next_space = next.is_none_or(|c| c == ' ');
                // `…扩散和转让(双方商定同意乙方转让者除外).乙方对…`: a full stop between
                // Chinese text (NFKC made `．` and `！` ASCII) ends the sentence too.
                let cjk_stop = ch != ';'
                    && next.is_some_and(crate::extract::normalize::is_cjk)
                    && text[..i]
                        .chars()
                        .next_back()
                        .is_some_and(|c| crate::extract::normalize::is_cjk(c) || c == ')');
                cjk_stop || (next_space && (ch != '.' || !abbreviation_before(text, start, i)))
            }
            _ => false,
        };
        if split {
            push_trimmed(&mut out, text, start, end);
            start = end;
        }
    }
    push_trimmed(&mut out, text, start, text.len());
    out
}

fn abbreviation_before(text: &str, sentence_start: usize, dot: usize) -> bool {
    let before = &text[sentence_start..dot];
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == ',')
        .next()
        .unwrap_or("");
    if word.is_empty() {
        return false;
    }
    // Clause numbers (`1.`, `3.2.`) open a sentence and do not end it; after other words a
    // number ends one (`… set forth in Article 7. 2. Grant of License 2.1. Grant of rights`,
    // flattened text). Single letters (`A.`) do not end sentences.
    if word.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return before.trim_start().len() == word.len();
    }
    if word.chars().count() == 1 {
        return true;
    }
    let lower = word.to_ascii_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

fn push_trimmed(out: &mut Vec<Range<usize>>, text: &str, start: usize, end: usize) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if start + lead < end - trail {
        out.push(start + lead..end - trail);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn block(text: &str, paragraph: u32) -> Block {
        Block {
            text: text.to_owned(),
            paragraph,
            ..Block::default()
        }
    }

    fn sections(texts: &[&str]) -> Vec<Option<String>> {
        let blocks: Vec<Block> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| block(t, i as u32 + 1))
            .collect();
        segment(&blocks)
            .into_iter()
            .map(|s| s.location.section)
            .collect()
    }

    #[test]
    fn numbering_is_recognised() {
        let cases: &[(&str, Option<&str>)] = &[
            ("1. Definitions", Some("1")),
            ("1.1 Licensor grants", Some("1.1")),
            ("3.2(a) the Patents", Some("3.2(a)")),
            ("(a) the Patents", Some("(a)")),
            ("(iv) the Patents", Some("(iv)")),
            ("Article 5 Licence", Some("Article 5")),
            ("ARTICLE V LICENCE", Some("ARTICLE V")),
            ("Section 4.2 Grant", Some("4.2")),
            ("Schedule 2", Some("Schedule 2")),
            ("第五条 技术服务", Some("第五条")),
            ("第5条 技术服务", Some("第5条")),
            ("一、合同内容", Some("一、")),
            ("（一）技术资料", Some("(一)")),
            ("1、技术资料", Some("1、")),
            ("１．１　乙方同意", Some("1.1")),
            ("1.0 Limited Technology License", Some("1")),
            ("In 2009 the parties", None),
            ("3.5 million dollars", Some("3.5")),
        ];
        for (text, want) in cases {
            let got = leading_number(&normalize(text))
                .map(|n| display(&[(n.style, n.label)]).unwrap_or_default());
            assert_eq!(got.as_deref(), *want, "{text}");
        }
    }

    #[test]
    fn numbered_lines_inside_one_block_become_segments() {
        let got = sections(&[
            "第一条 定义\n本合同所称技术是指语音合成技术。\n第二条 甲方将技术转让给乙方。\n（一）交付资料；",
        ]);
        assert_eq!(
            got,
            [
                Some("第一条".into()),
                Some("第二条".into()),
                Some("第二条(一)".into())
            ]
        );
        // A soft wrap that starts with a number stays in its sentence.
        let got = sections(&[
            "1.1 The licence granted under Section\n3.2 of the Master Agreement continues.",
        ]);
        assert_eq!(got, [Some("1.1".into())]);
    }

    #[test]
    fn structural_number_closes_preamble_items() {
        let got = sections(&[
            "(1) Acme GmbH",
            "(C) The Licensor is willing",
            "2.1 The Licensor grants",
            "(a) first",
        ]);
        assert_eq!(
            got,
            [
                Some("(1)".into()),
                Some("(1)(C)".into()),
                Some("2.1".into()),
                Some("2.1(a)".into())
            ]
        );
    }

    #[test]
    fn sections_carry_forward_and_nest() {
        let got = sections(&[
            "This Agreement is made between A and B.",
            "3. Licences",
            "3.2 Grant back",
            "(a) Licensee shall grant back.",
            "It shall do so promptly.",
            "(b) And more.",
            "4. Term",
            "Five years.",
        ]);
        let want: Vec<Option<String>> = [
            None,
            Some("3"),
            Some("3.2"),
            Some("3.2(a)"),
            Some("3.2(a)"),
            Some("3.2(b)"),
            Some("4"),
            Some("4"),
        ]
        .iter()
        .map(|s| s.map(str::to_owned))
        .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn chinese_articles_nest_items() {
        let got = sections(&[
            "第一章 总则",
            "第五条 技术服务",
            "（一）乙方派遣工程师。",
            "第六条 保密",
        ]);
        assert_eq!(
            got,
            vec![
                Some("第一章".to_owned()),
                Some("第五条".to_owned()),
                Some("第五条(一)".to_owned()),
                Some("第六条".to_owned())
            ]
        );
    }

    #[test]
    fn article_then_matching_decimal_reads_as_decimal() {
        let got = sections(&["Article 5 Licence", "5.1 Licensor grants."]);
        assert_eq!(got[1].as_deref(), Some("5.1"));
    }

    #[test]
    fn headings_are_short_and_unpunctuated() {
        let blocks = [
            block("3.2 Grant Back by Purchaser", 1),
            block("Purchaser hereby grants to Sony a license.", 2),
        ];
        let segs = segment(&blocks);
        assert!(segs[0].heading);
        assert!(!segs[1].heading);
    }

    #[test]
    fn sentences_split_without_breaking_abbreviations() {
        let text =
            "GSI Technology, Inc. grants a licence. Sony Co., Ltd. agrees; the end。乙方同意。";
        let got: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            got,
            vec![
                "GSI Technology, Inc. grants a licence.",
                "Sony Co., Ltd. agrees;",
                "the end。",
                "乙方同意。"
            ]
        );
    }

    #[test]
    fn a_number_ends_a_sentence_unless_it_opens_one() {
        let text =
            "1. Scope. As set forth in Article 7. 2. Grant 2.1. Grant of rights Licensor grants.";
        let got: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            got,
            vec![
                "1. Scope.",
                "As set forth in Article 7.",
                "2. Grant 2.1.",
                "Grant of rights Licensor grants."
            ]
        );
    }

    #[test]
    fn a_full_stop_between_chinese_text_ends_a_sentence() {
        let text =
            "乙方不得转让(双方商定者除外).乙方如有后续改进,应告之甲方;甲方同意.第3.2条 P.R.C.乙方";
        let got: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            got,
            vec![
                "乙方不得转让(双方商定者除外).",
                "乙方如有后续改进,应告之甲方;甲方同意.",
                "第3.2条 P.R.C.乙方"
            ]
        );
    }

    #[test]
    fn inline_numbers_locate_clauses_in_long_paragraphs() {
        let text = "import Competing Products. 3.2 Grant Back by PURCHASER Subject to X, PURCHASER hereby grants to SONY a license.";
        let at = text.find("hereby").unwrap();
        assert_eq!(inline_section(text, at).as_deref(), Some("3.2"));
    }
}

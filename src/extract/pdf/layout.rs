//! Layout: positioned glyphs → words → lines → paragraphs, and page furniture.
//!
//! It owns reflow decisions: a space where the glyph gap exceeds a fraction of an em (none
//! between two CJK glyphs), lines by baseline clustering sorted top to bottom, paragraph
//! breaks from vertical gaps, clause numbering and indentation, removal of page-number
//! lines and marking of running headers and footers repeated across pages. It sees only
//! glyphs and strings, never PDF objects.

use std::collections::HashMap;

use super::content::{Glyph, PageText};
use super::encoding::is_cjk;
use crate::model::{Block, BlockKind};

/// A gap wider than this fraction of the font size separates words.
const SPACE_GAP_EM: f32 = 0.2;

/// One line of text on a page, in display coordinates (y grows upwards).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Line {
    pub(super) text: String,
    pub(super) x0: f32,
    pub(super) x1: f32,
    pub(super) y: f32,
    pub(super) size: f32,
}

impl Line {
    /// A line read by OCR (already in points, `y` upwards).
    pub(super) fn from_ocr(line: &crate::extract::ocr::OcrLine) -> Line {
        Line {
            text: line.text.clone(),
            x0: line.x0,
            x1: line.x1,
            y: line.y,
            size: line.size,
        }
    }
}

fn push_expanded(out: &mut String, text: &str) {
    for ch in text.chars() {
        match ch {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{FFFD}' => {}
            '\t' | '\n' | '\r' => out.push(' '),
            _ => out.push(ch),
        }
    }
}

/// Groups a page's glyphs into lines, top to bottom.
pub(super) fn lines(page: &PageText) -> Vec<Line> {
    let mut order: Vec<&Glyph> = page
        .glyphs
        .iter()
        .filter(|g| g.x.is_finite() && g.y.is_finite() && g.end.is_finite() && g.size.is_finite())
        .collect();
    // Stable: glyphs on one baseline keep content order until sorted by x.
    order.sort_by(|a, b| b.y.total_cmp(&a.y));
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(first) = order.get(i) {
        let tol = 0.35 * first.size.max(1.0);
        let mut j = i + 1;
        while order
            .get(j)
            .is_some_and(|g| first.y - g.y <= tol.max(0.35 * g.size))
        {
            j += 1;
        }
        let mut cluster: Vec<&Glyph> = order.get(i..j).unwrap_or_default().to_vec();
        cluster.sort_by(|a, b| a.x.total_cmp(&b.x));
        if let Some(line) = build_line(page, &cluster) {
            out.push(line);
        }
        i = j;
    }
    out
}

fn build_line(page: &PageText, glyphs: &[&Glyph]) -> Option<Line> {
    let mut text = String::new();
    let mut prev: Option<&Glyph> = None;
    let mut prev_end = f32::MIN;
    let mut pending_space = false;
    let mut size = 0.0f32;
    let mut x0 = f32::MAX;
    let mut x1 = f32::MIN;
    let mut last_char: Option<char> = None;
    for &g in glyphs {
        let t = page.glyph_text(g);
        if g.space {
            if !text.is_empty() {
                pending_space = true;
            }
            prev_end = prev_end.max(g.end);
            continue;
        }
        let end = if g.end > g.x {
            g.end
        } else {
            g.x + 0.5 * g.size
        };
        if let Some(p) = prev {
            // The same glyph drawn twice (fake bold, shadows).
            if (g.x - p.x).abs() < 0.05 * g.size.max(1.0)
                && (g.y - p.y).abs() < 0.05 * g.size.max(1.0)
                && page.glyph_text(p) == t
            {
                continue;
            }
            let gap = g.x - prev_end;
            let em = g.size.max(p.size).max(1.0);
            let first = t.chars().next();
            let cjk_pair = last_char.is_some_and(is_cjk) && first.is_some_and(is_cjk);
            if gap > SPACE_GAP_EM * em && !cjk_pair {
                pending_space = true;
            }
        }
        if pending_space && !text.is_empty() {
            text.push(' ');
        }
        pending_space = false;
        push_expanded(&mut text, t);
        if let Some(c) = text.chars().next_back() {
            last_char = Some(c);
        }
        prev = Some(g);
        prev_end = end;
        size = size.max(g.size);
        x0 = x0.min(g.x);
        x1 = x1.max(end);
    }
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return None;
    }
    let y = glyphs.first().map_or(0.0, |g| g.y);
    Some(Line {
        text: trimmed.to_owned(),
        x0,
        x1,
        y,
        size,
    })
}

/// Whether a line is only a page number ("3", "- 3 -", "Page 3 of 10", "第 3 页", "iv").
pub(super) fn is_page_number(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let lower = t.to_lowercase();
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let strip_dashes = lower.trim_matches(|c| matches!(c, '-' | '–' | '—' | '_' | '·' | '•'));
    if digits(strip_dashes) && strip_dashes.len() <= 4 {
        return true;
    }
    if !strip_dashes.is_empty()
        && strip_dashes.len() <= 6
        && strip_dashes
            .chars()
            .all(|c| matches!(c, 'i' | 'v' | 'x' | 'l'))
    {
        return true;
    }
    if let Some(rest) = lower.strip_prefix("page") {
        let rest = rest.trim_end_matches('.');
        if digits(rest) {
            return true;
        }
        if let Some((a, b)) = rest.split_once("of") {
            return digits(a) && digits(b);
        }
    }
    if let Some((a, b)) = lower.split_once('/') {
        return digits(a) && digits(b) && a.len() <= 4;
    }
    // 第3页, 第3页共10页, 共10页第3页
    let cn: String = t.chars().filter(|c| !c.is_ascii_digit()).collect();
    matches!(cn.as_str(), "第页" | "第页共页" | "共页第页" | "页")
        && t.chars().any(|c| c.is_ascii_digit())
}

/// Key under which a running header/footer line repeats across pages.
fn furniture_key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_ascii_digit() && !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Lines at the top or bottom of a page that are candidates for running furniture.
const EDGE_LINES: usize = 2;

/// Turns every page's lines into blocks: page-number lines dropped, running headers and
/// footers marked, body lines grouped into paragraphs.
pub(super) fn blocks(pages: &[Vec<Line>]) -> Vec<Block> {
    let mut pages: Vec<Vec<Line>> = pages.to_vec();
    for lines in &mut pages {
        strip_page_numbers(lines);
    }
    // Count, per key, the pages on which it appears at an edge.
    let mut counts: HashMap<String, usize> = HashMap::new();
    for lines in &pages {
        let mut keys: Vec<String> = edge_indices(lines.len())
            .filter_map(|i| lines.get(i))
            .map(|l| furniture_key(&l.text))
            .filter(|k| !k.is_empty())
            .collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            *counts.entry(k).or_default() += 1;
        }
    }
    let threshold = (pages.len() / 2).max(3);
    let repeated = |l: &Line| {
        pages.len() >= 3
            && counts
                .get(&furniture_key(&l.text))
                .is_some_and(|&c| c >= threshold)
    };

    let mut out = Vec::new();
    for (p, lines) in pages.iter().enumerate() {
        let page_no = p as u32 + 1;
        let n = lines.len();
        let mut head = 0;
        while head < EDGE_LINES.min(n) && lines.get(head).is_some_and(repeated) {
            head += 1;
        }
        let mut tail = n;
        while tail > head && n - tail < EDGE_LINES && lines.get(tail - 1).is_some_and(repeated) {
            tail -= 1;
        }
        let mut paragraph = 0u32;
        let mut push = |text: String, kind: BlockKind, out: &mut Vec<Block>| {
            paragraph += 1;
            out.push(Block {
                text,
                kind,
                page: Some(page_no),
                paragraph,
                label: None,
            });
        };
        let head_lines = lines.get(..head).unwrap_or_default();
        if !head_lines.is_empty() {
            push(join(head_lines), BlockKind::Header, &mut out);
        }
        for para in paragraphs(lines.get(head..tail).unwrap_or_default()) {
            push(para, BlockKind::Body, &mut out);
        }
        let tail_lines = lines.get(tail..).unwrap_or_default();
        if !tail_lines.is_empty() {
            push(join(tail_lines), BlockKind::Footer, &mut out);
        }
    }
    out
}

fn edge_indices(n: usize) -> impl Iterator<Item = usize> {
    let top = 0..EDGE_LINES.min(n);
    let bottom = n.saturating_sub(EDGE_LINES).max(EDGE_LINES.min(n))..n;
    top.chain(bottom)
}

fn join(lines: &[Line]) -> String {
    lines
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Drops page-number-only lines among the first and last two lines of a page.
fn strip_page_numbers(lines: &mut Vec<Line>) {
    for _ in 0..2 {
        if lines.first().is_some_and(|l| is_page_number(&l.text)) {
            lines.remove(0);
        }
    }
    for _ in 0..2 {
        if lines.last().is_some_and(|l| is_page_number(&l.text)) {
            lines.pop();
        }
    }
}

fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end_matches(['"', '”', '’', '\'', ')', '）', '」', '』']);
    t.chars().next_back().is_some_and(|c| {
        matches!(
            c,
            '.' | ';' | ':' | '!' | '?' | '。' | '；' | '：' | '！' | '？'
        )
    })
}

const CN_NUMERALS: &str = "一二三四五六七八九十百千零〇两";

/// Whether a line starts with clause or list numbering (`3.2`, `(a)`, `(iv)`, `Article 5`,
/// `第五条`, `一、`, `（一）`, a bullet).
pub(super) fn starts_with_numbering(text: &str) -> bool {
    let t = text.trim_start();
    let mut chars = t.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if matches!(first, '•' | '·' | '▪' | '●' | '◦' | '■' | '□' | '–' | '-')
        && chars.next().is_some_and(char::is_whitespace)
    {
        return true;
    }
    let lower = t.to_lowercase();
    for word in [
        "article ",
        "section ",
        "clause ",
        "schedule ",
        "exhibit ",
        "annex ",
        "appendix ",
    ] {
        if lower.starts_with(word)
            && lower
                .get(word.len()..)
                .and_then(|r| r.chars().next())
                .is_some_and(|c| c.is_ascii_alphanumeric())
        {
            return true;
        }
    }
    // 第…条/章/节/款
    if let Some(rest) = t.strip_prefix('第') {
        let num: String = rest
            .chars()
            .take_while(|c| CN_NUMERALS.contains(*c) || c.is_ascii_digit())
            .collect();
        if !num.is_empty() {
            let after = rest.chars().nth(num.chars().count());
            return after.is_some_and(|c| "条章节款部分".contains(c));
        }
    }
    // 一、 / 1、 / 1． / （一） / (1)
    let inner = t
        .strip_prefix(['(', '（'])
        .map_or((t, false), |r| (r, true));
    let (body, paren) = inner;
    let num: String = body
        .chars()
        .take_while(|c| CN_NUMERALS.contains(*c) || c.is_ascii_digit())
        .collect();
    if !num.is_empty() {
        let after = body.chars().nth(num.chars().count());
        if paren {
            return after.is_some_and(|c| c == ')' || c == '）');
        }
        if after.is_some_and(|c| "、．".contains(c)) {
            return true;
        }
    }
    // 1. / 1.2 / 1.2.3 / 1) followed by space
    let ascii_num: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    if ascii_num.starts_with(|c: char| c.is_ascii_digit()) && ascii_num.len() <= 12 {
        let after = t.get(ascii_num.len()..).and_then(|r| r.chars().next());
        if (ascii_num.contains('.') || after == Some(')'))
            && after.is_none_or(|c| c.is_whitespace() || c == ')')
        {
            return true;
        }
        if after.is_some_and(char::is_whitespace) && ascii_num.len() <= 3 {
            return true;
        }
    }
    // (a) (iv) a) A.
    if paren {
        let label: String = body.chars().take_while(char::is_ascii_alphabetic).collect();
        if !label.is_empty()
            && label.len() <= 4
            && body.get(label.len()..).is_some_and(|r| r.starts_with(')'))
        {
            return true;
        }
    }
    let mut cs = t.chars();
    if let (Some(a), Some(b), Some(c)) = (cs.next(), cs.next(), cs.next()) {
        if a.is_ascii_alphabetic() && (b == ')' || (b == '.' && a.is_ascii_uppercase())) && c == ' '
        {
            return true;
        }
    }
    false
}

/// Groups body lines of one page into paragraphs.
fn paragraphs(lines: &[Line]) -> Vec<String> {
    if lines.is_empty() {
        return Vec::new();
    }
    let right = lines.iter().map(|l| l.x1).fold(f32::MIN, f32::max);
    let mut gaps: Vec<f32> = lines
        .windows(2)
        .filter_map(|w| match w {
            [a, b] => Some(a.y - b.y),
            _ => None,
        })
        .filter(|g| *g > 0.0)
        .collect();
    gaps.sort_by(f32::total_cmp);
    let typical = gaps.get(gaps.len() / 3).copied();

    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut prev: Option<&Line> = None;
    for line in lines {
        if let Some(p) = prev {
            if is_break(p, line, right, typical) && !current.is_empty() {
                out.push(current.join("\n"));
                current.clear();
            }
        }
        current.push(&line.text);
        prev = Some(line);
    }
    if !current.is_empty() {
        out.push(current.join("\n"));
    }
    out
}

fn is_break(prev: &Line, cur: &Line, right: f32, typical: Option<f32>) -> bool {
    let size = prev.size.max(cur.size).max(1.0);
    let gap = prev.y - cur.y;
    let spacing = typical.unwrap_or(1.2 * size).clamp(0.8 * size, 3.0 * size);
    if gap < -0.5 * size || gap > 1.45 * spacing + 0.1 * size {
        return true;
    }
    let prev_short = prev.x1 < right - 4.0 * prev.size.max(1.0);
    let ends = ends_sentence(&prev.text);
    let numbered = starts_with_numbering(&cur.text);
    let indent = cur.x0 - prev.x0;
    if prev_short && (ends || numbered || indent.abs() > size) {
        return true;
    }
    if numbered && ends {
        return true;
    }
    ends && indent > 1.5 * size
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(items: &[(&str, f32, f32, f32)]) -> PageText {
        // (text, x, y, size): each char one glyph of width 0.5 em.
        let mut p = PageText::default();
        for &(text, x, y, size) in items {
            let mut cx = x;
            for ch in text.chars() {
                let start = p.text.len() as u32;
                p.text.push(ch);
                let w = if is_cjk(ch) { size } else { 0.5 * size };
                p.glyphs.push(Glyph {
                    x: cx,
                    y,
                    end: cx + w,
                    size,
                    start,
                    len: ch.len_utf8() as u32,
                    space: ch == ' ',
                });
                cx += w;
            }
        }
        p
    }

    fn line(text: &str, x0: f32, x1: f32, y: f32) -> Line {
        Line {
            text: text.to_owned(),
            x0,
            x1,
            y,
            size: 10.0,
        }
    }

    #[test]
    fn gap_between_glyphs_becomes_one_space() {
        let p = page(&[("Hello", 0.0, 100.0, 10.0), ("world", 30.0, 100.0, 10.0)]);
        let l = lines(&p);
        assert_eq!(l.len(), 1);
        assert_eq!(l[0].text, "Hello world");
    }

    #[test]
    fn space_glyph_and_gap_do_not_double_space() {
        let p = page(&[("Hello ", 0.0, 100.0, 10.0), ("world", 40.0, 100.0, 10.0)]);
        assert_eq!(lines(&p)[0].text, "Hello world");
    }

    #[test]
    fn no_space_between_cjk_glyphs_across_a_gap() {
        let p = page(&[("技术", 0.0, 100.0, 10.0), ("转让", 23.0, 100.0, 10.0)]);
        assert_eq!(lines(&p)[0].text, "技术转让");
    }

    #[test]
    fn lines_sort_top_to_bottom_and_left_to_right() {
        let p = page(&[
            ("second", 0.0, 80.0, 10.0),
            ("right", 60.0, 100.0, 10.0),
            ("left", 0.0, 100.5, 10.0),
        ]);
        let texts: Vec<String> = lines(&p).into_iter().map(|l| l.text).collect();
        assert_eq!(texts, vec!["left right", "second"]);
    }

    #[test]
    fn ligatures_are_expanded() {
        let p = page(&[("\u{FB01}le", 0.0, 100.0, 10.0)]);
        assert_eq!(lines(&p)[0].text, "file");
    }

    #[test]
    fn page_number_lines_are_recognised() {
        for t in [
            "3",
            "- 3 -",
            "Page 3 of 10",
            "page 4",
            "第 3 页",
            "第3页 共10页",
            "iv",
            "2/9",
        ] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["3.1 Licence", "Page", "2019 Agreement", "第三条"] {
            assert!(!is_page_number(t), "{t}");
        }
    }

    #[test]
    fn clause_numbering_is_recognised() {
        for t in [
            "3.2 The Licensor",
            "1. Definitions",
            "(a) any",
            "(iv) each",
            "Article 5 Term",
            "第五条 技术",
            "一、合同",
            "（一）甲方",
            "2、乙方",
            "a) the",
            "• item",
        ] {
            assert!(starts_with_numbering(t), "{t}");
        }
        for t in ["2019 was", "The 3.2 rule", "iBio hereby", "第一次"] {
            assert!(!starts_with_numbering(t), "{t}");
        }
    }

    #[test]
    fn numbered_clause_after_sentence_starts_a_paragraph() {
        let ls = vec![
            line(
                "1.1 The Licensor grants a licence to use the",
                0.0,
                500.0,
                700.0,
            ),
            line("Technology in China.", 0.0, 200.0, 688.0),
            line(
                "1.2 No other right is granted to the Licensee under",
                0.0,
                500.0,
                676.0,
            ),
            line("this Agreement.", 20.0, 200.0, 664.0),
        ];
        let paras = paragraphs(&ls);
        assert_eq!(paras.len(), 2, "{paras:?}");
        assert!(paras[1].starts_with("1.2"));
    }

    #[test]
    fn wide_vertical_gap_starts_a_paragraph() {
        let ls = vec![
            line(
                "a full line of text that reaches the margin",
                0.0,
                500.0,
                700.0,
            ),
            line(
                "another full line of text reaching the margin",
                0.0,
                500.0,
                688.0,
            ),
            line("after a blank line", 0.0, 500.0, 660.0),
        ];
        assert_eq!(paragraphs(&ls).len(), 2);
    }

    #[test]
    fn running_headers_are_marked_and_page_numbers_dropped() {
        let words = ["alpha", "beta", "gamma", "delta"];
        let page = |n: u32| {
            vec![
                line("ACME CONFIDENTIAL", 0.0, 200.0, 800.0),
                line(
                    &format!("Body text {}.", words[n as usize - 1]),
                    0.0,
                    300.0,
                    700.0,
                ),
                line(&format!("{n}"), 250.0, 260.0, 40.0),
            ]
        };
        let pages: Vec<Vec<Line>> = (1..=4).map(page).collect();
        let b = blocks(&pages);
        assert_eq!(b.len(), 8);
        assert_eq!(b[0].kind, BlockKind::Header);
        assert_eq!(b[1].kind, BlockKind::Body);
        assert_eq!(b[1].paragraph, 2);
        assert!(b.iter().all(|x| x.text != "3"));
    }
}

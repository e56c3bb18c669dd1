//! Normalisation of extracted text before analysis: Unicode NFKC (full-width ＡＩ → AI,
//! ligatures ﬁ → fi), removal of control, zero-width and bidi characters, and reflow of
//! the lines of one paragraph into a single line (no space between two CJK characters).
//!
//! It changes text only; it knows nothing of clauses or catalogues.

use unicode_normalization::UnicodeNormalization;

/// Normalises one paragraph for analysis.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for ch in text.nfkc() {
        if ch == '\n' || ch == '\r' || ch == '\t' || ch.is_whitespace() {
            let joins_cjk = ch == '\n' && out.chars().next_back().is_some_and(is_cjk);
            // `non-` at a line end followed by `exclusive`: a wrapped hyphenated word.
            let joins_hyphen = ch == '\n' && ends_with_wrapped_hyphen(&out);
            if joins_hyphen {
                pending_space = false;
                continue;
            }
            if !joins_cjk && !out.is_empty() {
                pending_space = true;
            }
            continue;
        }
        if is_invisible(ch) {
            continue;
        }
        if pending_space {
            let prev_cjk = out.chars().next_back().is_some_and(is_cjk);
            if !(prev_cjk && is_cjk(ch)) {
                out.push(' ');
            }
            pending_space = false;
        }
        out.push(ch);
    }
    out
}

/// `…non-` (a letter, then a hyphen) at the end of the text so far.
fn ends_with_wrapped_hyphen(out: &str) -> bool {
    let mut rev = out.chars().rev();
    rev.next() == Some('-') && rev.next().is_some_and(char::is_alphabetic)
}

/// Characters that carry no text: controls, zero-width and bidi formatting characters.
pub fn is_invisible(ch: char) -> bool {
    ch.is_control()
        || matches!(ch,
            '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
            | '\u{00AD}')
}

/// Whether a character is a CJK ideograph or CJK punctuation (text written without spaces).
pub fn is_cjk(ch: char) -> bool {
    matches!(ch,
        '\u{3000}'..='\u{303F}'
        | '\u{3040}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF00}'..='\u{FF60}'
        | '\u{20000}'..='\u{2FA1F}')
}

/// `zh` when CJK ideographs make up at least a fifth of the letters, else `en`; `und`
/// when there are no letters at all.
pub fn detect_language<'a>(texts: impl IntoIterator<Item = &'a str>) -> &'static str {
    let (mut cjk, mut letters) = (0usize, 0usize);
    for t in texts {
        for ch in t.chars() {
            if is_cjk(ch) {
                cjk += 1;
                letters += 1;
            } else if ch.is_alphabetic() {
                letters += 1;
            }
        }
    }
    if letters == 0 {
        "und"
    } else if cjk * 5 >= letters {
        "zh"
    } else {
        "en"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_and_ligatures_fold() {
        assert_eq!(normalize("ＡＩ ﬁle"), "AI file");
    }

    #[test]
    fn english_lines_join_with_a_space() {
        assert_eq!(
            normalize("Licensor hereby\n  grants"),
            "Licensor hereby grants"
        );
    }

    #[test]
    fn hyphen_at_line_end_joins_the_word_and_keeps_the_hyphen() {
        assert_eq!(
            normalize("a non-\nexclusive licence"),
            "a non-exclusive licence"
        );
        assert_eq!(normalize("fees -\n 5"), "fees - 5");
    }

    #[test]
    fn chinese_lines_join_without_space() {
        assert_eq!(normalize("甲方将其语音\n合成技术"), "甲方将其语音合成技术");
    }

    #[test]
    fn controls_and_bidi_are_removed() {
        assert_eq!(normalize("a\u{202E}b\u{200B}c\u{7}"), "abc");
    }

    #[test]
    fn language_is_detected_by_share_of_cjk() {
        assert_eq!(detect_language(["技术转让合同 Party A"]), "zh");
        assert_eq!(detect_language(["License Agreement"]), "en");
        assert_eq!(detect_language(["123"]), "und");
    }
}

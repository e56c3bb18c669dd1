//! One escaping function per output medium for untrusted document text.
//!
//! Text from documents (and file names) may carry terminal escape sequences, bidi
//! overrides or zero-width characters that hide or reorder what a reviewer sees.

/// Makes untrusted text safe to print on a terminal: control characters (including ESC),
/// bidi controls and zero-width characters are removed; tabs and newlines become spaces.
pub fn terminal_text(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            c if c.is_control() || is_format_char(c) => None,
            c => Some(c),
        })
        .collect()
}

fn is_format_char(c: char) -> bool {
    matches!(c,
        '\u{061C}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_bidi_controls_are_stripped() {
        assert_eq!(
            terminal_text("a\x1b[31mred\u{202E}b\u{200B}c\td"),
            "a[31mredbc d"
        );
    }
}

//! One escaping function per output medium for untrusted document text.
//!
//! Text from documents (and file names) may carry terminal escape sequences, bidi
//! overrides or zero-width characters that hide or reorder what a reviewer sees, HTML or
//! Markdown that a viewer would render, or spreadsheet formulas. Every emitter passes
//! document text through the function for its medium and through nothing else:
//! [`terminal_text`], [`html_text`], [`csv_cell`], [`markdown_text`], [`docx_text`]. JSON, JSON Lines and
//! SARIF carry the text unchanged as data (`serde_json` escapes control characters), and
//! [`json_invisible`] writes bidi and zero-width characters as `\uXXXX` escapes so that a
//! report viewed raw (a pager, a code-review diff) shows nothing reordered or hidden.

use std::fmt::Write as _;

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

/// Makes untrusted text safe inside HTML element content and quoted attribute values:
/// `& < > " '` become entities; control characters other than tab and newline, bidi
/// controls and zero-width characters are removed.
pub fn html_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            '\r' => out.push(' '),
            c if c.is_control() || is_format_char(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// One CSV cell (RFC 4180), safe to open in a spreadsheet: control characters other than
/// tab and newline, bidi controls and zero-width characters are removed; a cell whose first
/// non-blank character is `=`, `+`, `-`, `@`, tab or CR is prefixed with `'` so it is never
/// read as a formula; a cell with a comma, quote or line break is quoted with quotes
/// doubled.
pub fn csv_cell(s: &str) -> String {
    let clean: String = s
        .chars()
        .filter(|&c| matches!(c, '\t' | '\n' | '\r') || !(c.is_control() || is_format_char(c)))
        .collect();
    let first = clean.trim_start_matches(' ').chars().next();
    let guarded = if matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r'))
        || matches!(clean.chars().next(), Some('\t' | '\r'))
    {
        format!("'{clean}")
    } else {
        clean
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// Makes untrusted text inert in Markdown (GitHub-flavoured, also inside table cells):
/// controls, bidi and zero-width characters removed, line breaks become spaces, `& < >`
/// become entities (no HTML tag survives), the characters that start emphasis, code,
/// links, headings, strike-through, tables and mentions (`` \ ` * _ [ ] # | ~ @ ``) are
/// backslash-escaped, and so is a leading `-`, `+` or `=` (list items, setext headings).
pub fn markdown_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for (i, c) in s.chars().enumerate() {
        match c {
            '-' | '+' | '=' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' | '@' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() || is_format_char(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Makes untrusted text safe for a Word document (XML, escaped by docx-rs): control
/// characters (which XML 1.0 cannot carry), bidi controls and zero-width characters are
/// removed; tabs and line breaks become spaces.
pub fn docx_text(s: &str) -> String {
    terminal_text(s)
}

/// Rewrites serialised JSON so that bidi controls and zero-width characters appear as
/// `\uXXXX` escapes. Such characters can only occur inside JSON strings, where the escape
/// means the same character: a parser reads back exactly the original text.
pub fn json_invisible(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if is_format_char(c) {
            let mut buf = [0u16; 2];
            for unit in c.encode_utf16(&mut buf) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Bidi controls, zero-width characters, the BOM and interlinear annotation characters:
/// invisible characters that change how the text around them reads.
pub(crate) fn is_format_char(c: char) -> bool {
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

    #[test]
    fn html_text_escapes_markup_and_strips_controls() {
        assert_eq!(
            html_text("<script>alert('x')</script> & \"q\"\u{202E}\x1b[31m"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;[31m"
        );
    }

    #[test]
    fn csv_cells_are_quoted_and_never_formulas() {
        let cases = [
            ("plain", "plain"),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""),
            ("+cmd", "'+cmd"),
            ("-1+1", "'-1+1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "\"'\rx\""),
            ("  =1", "'  =1"),
            ("\u{202E}=1", "'=1"),
            ("line\nbreak", "\"line\nbreak\""),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(csv_cell(input), want, "{input:?}");
        }
    }

    #[test]
    fn json_keeps_invisible_characters_as_escapes() {
        let json = serde_json::to_string("a\u{202E}b\u{FEFF}").unwrap_or_default();
        let escaped = json_invisible(&json);
        assert_eq!(escaped, "\"a\\u202eb\\ufeff\"");
        assert_eq!(
            serde_json::from_str::<String>(&escaped).ok().as_deref(),
            Some("a\u{202E}b\u{FEFF}")
        );
    }

    #[test]
    fn markdown_text_is_inert() {
        assert_eq!(
            markdown_text("-<b>x</b> | [a](http://e) *y* @team\n# h-i"),
            "\\-&lt;b&gt;x&lt;/b&gt; \\| \\[a\\](http://e) \\*y\\* \\@team \\# h-i"
        );
    }
}

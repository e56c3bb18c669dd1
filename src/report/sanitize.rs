//! One escaping function per output medium for untrusted document text.
//!
//! Text from documents (and file names) may carry terminal escape sequences, bidi
//! overrides or zero-width characters that hide or reorder what a reviewer sees, HTML or
//! Markdown that a viewer would render, or spreadsheet formulas. Every emitter passes
//! document text through the function for its medium and through nothing else:
//! [`terminal_text`], [`html_text`], [`csv_cell`], [`markdown_text`], [`docx_text`]. JSON, JSON Lines and
//! SARIF carry the text unchanged as data (`serde_json` escapes control characters), and
//! [`json_invisible`] (or the [`JsonInvisible`] writer, for JSON serialised straight to its
//! destination) writes bidi and zero-width characters as `\uXXXX` escapes so that a
//! report viewed raw (a pager, a code-review diff) shows nothing reordered or hidden.

use std::fmt::Write as _;
use std::io::{self, Write};

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
            push_escape(c, &mut out);
        } else {
            out.push(c);
        }
    }
    out
}

/// `\uXXXX` for each UTF-16 unit of `c`.
fn push_escape(c: char, out: &mut String) {
    let mut buf = [0u16; 2];
    for unit in c.encode_utf16(&mut buf) {
        let _ = write!(out, "\\u{unit:04x}");
    }
}

/// [`json_invisible`] as a writer, for JSON serialised straight to its destination: the
/// bytes pass through to `inner` with bidi controls and zero-width characters written as
/// `\uXXXX` escapes. A UTF-8 sequence split across two writes is held back until it is
/// whole; call [`JsonInvisible::finish`] at the end.
pub struct JsonInvisible<W: Write> {
    inner: W,
    /// The start of a UTF-8 sequence whose end has not been written yet (at most 3 bytes).
    pending: Vec<u8>,
}

impl<W: Write> JsonInvisible<W> {
    pub fn new(inner: W) -> JsonInvisible<W> {
        JsonInvisible {
            inner,
            pending: Vec::new(),
        }
    }

    /// Writes out what was held back (nothing after well-formed UTF-8) and gives the inner
    /// writer back.
    ///
    /// # Errors
    /// Only errors of the writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.inner.write_all(&self.pending)?;
        Ok(self.inner)
    }

    fn put(&mut self, s: &str) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in s.char_indices() {
            if is_format_char(c) {
                self.inner.write_all(&s.as_bytes()[start..i])?;
                let mut escape = String::with_capacity(12);
                push_escape(c, &mut escape);
                self.inner.write_all(escape.as_bytes())?;
                start = i + c.len_utf8();
            }
        }
        self.inner.write_all(&s.as_bytes()[start..])
    }
}

impl<W: Write> Write for JsonInvisible<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // Every character to escape is non-ASCII.
        if self.pending.is_empty() && buf.is_ascii() {
            self.inner.write_all(buf)?;
            return Ok(buf.len());
        }
        let joined;
        let mut rest: &[u8] = if self.pending.is_empty() {
            buf
        } else {
            let mut bytes = std::mem::take(&mut self.pending);
            bytes.extend_from_slice(buf);
            joined = bytes;
            &joined
        };
        loop {
            match std::str::from_utf8(rest) {
                Ok(s) => {
                    self.put(s)?;
                    break;
                }
                Err(e) => {
                    let (valid, tail) = rest.split_at(e.valid_up_to());
                    self.put(std::str::from_utf8(valid).unwrap_or_default())?;
                    match e.error_len() {
                        // Incomplete at the end: wait for the next write.
                        None => {
                            self.pending = tail.to_vec();
                            break;
                        }
                        // Not UTF-8 at all (serde_json never writes that): unchanged.
                        Some(n) => {
                            self.inner.write_all(&tail[..n])?;
                            rest = &tail[n..];
                        }
                    }
                }
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
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
    fn json_invisible_writer_escapes_like_the_function_whatever_the_write_sizes() {
        let json = serde_json::to_string_pretty(&["a\u{202E}b\u{FEFF}", "技术\u{200B}x", "plain"])
            .unwrap_or_default();
        let want = json_invisible(&json);
        for chunk in [1, 2, 3, 5, 64] {
            let mut w = JsonInvisible::new(Vec::new());
            for part in json.as_bytes().chunks(chunk) {
                w.write_all(part).unwrap();
            }
            let got = w.finish().unwrap();
            assert_eq!(String::from_utf8(got).unwrap(), want, "chunks of {chunk}");
        }
        let mut w = JsonInvisible::new(Vec::new());
        w.write_all(b"a\xffb\xe2\x80").unwrap();
        assert_eq!(w.finish().unwrap(), b"a\xffb\xe2\x80");
    }

    #[test]
    fn markdown_text_is_inert() {
        assert_eq!(
            markdown_text("-<b>x</b> | [a](http://e) *y* @team\n# h-i"),
            "\\-&lt;b&gt;x&lt;/b&gt; \\| \\[a\\](http://e) \\*y\\* \\@team \\# h-i"
        );
    }
}

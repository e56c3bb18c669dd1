//! Zero-copy lexer over decoded content streams and CMap programs.
//!
//! It owns tokenisation only: numbers, names, literal and hex strings (returned raw, decoded
//! on demand by [`decode_string`]), array and dictionary delimiters, and operators. An inline
//! image (`BI … ID … EI`) is one token holding its dictionary's and its data's bytes: the data
//! ends where the dictionary says (`/L`, or the size of unfiltered samples) when `EI` follows
//! there, else at the first `EI` between white space. It never allocates per token and never
//! panics on garbage: unknown bytes are skipped, unterminated strings end at the end of the
//! data. It knows nothing of what operators mean.

/// One lexical token, borrowing from the stream.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Token<'a> {
    Number(f32),
    /// A name without its leading `/` (`#xx` escapes are left as written).
    Name(&'a [u8]),
    /// A literal string's raw bytes between the outer parentheses (escapes not applied).
    Literal(&'a [u8]),
    /// A hex string's raw bytes between `<` and `>`.
    Hex(&'a [u8]),
    ArrayStart,
    ArrayEnd,
    DictStart,
    DictEnd,
    /// An operator or keyword (`Tj`, `true`, `null`, `begincmap`).
    Op(&'a [u8]),
    /// An inline image: the bytes of its dictionary (between `BI` and `ID`) and of its data
    /// (between the white space after `ID` and `EI`).
    InlineImage {
        dict: &'a [u8],
        data: &'a [u8],
    },
}

/// What an inline image's dictionary says about the length of its data.
#[derive(Default)]
struct InlineShape {
    width: Option<f32>,
    height: Option<f32>,
    bpc: Option<f32>,
    components: Option<f32>,
    mask: bool,
    filtered: bool,
    /// The only filter is DCT: the data is a JPEG file, ending with its EOI marker.
    jpeg: bool,
    length: Option<f32>,
}

impl InlineShape {
    fn record(&mut self, key: &[u8], value: &Token<'_>) {
        match (key, value) {
            (b"W" | b"Width", Token::Number(n)) => self.width = Some(*n),
            (b"H" | b"Height", Token::Number(n)) => self.height = Some(*n),
            (b"BPC" | b"BitsPerComponent", Token::Number(n)) => self.bpc = Some(*n),
            (b"L" | b"Length", Token::Number(n)) => self.length = Some(*n),
            (b"IM" | b"ImageMask", Token::Op(b"true")) => self.mask = true,
            (b"F" | b"Filter", _) => {
                self.filtered = true;
                self.jpeg = matches!(value, Token::Name(b"DCT" | b"DCTDecode"));
            }
            (b"CS" | b"ColorSpace", Token::Name(n)) => {
                self.components = match *n {
                    b"G" | b"DeviceGray" | b"CalGray" => Some(1.0),
                    b"RGB" | b"DeviceRGB" | b"CalRGB" => Some(3.0),
                    b"CMYK" | b"DeviceCMYK" => Some(4.0),
                    _ => None,
                };
            }
            _ => {}
        }
    }

    /// Bytes of data, when the dictionary fixes them.
    fn bytes(&self) -> Option<usize> {
        let whole = |n: f32| (0.0..1e9).contains(&n).then_some(n as u64);
        if let Some(length) = self.length {
            return whole(length).and_then(|n| usize::try_from(n).ok());
        }
        if self.filtered {
            return None;
        }
        let (bpc, components) = if self.mask {
            (1, 1)
        } else {
            (whole(self.bpc?)?, whole(self.components?)?)
        };
        let row = whole(self.width?)?
            .checked_mul(bpc * components)?
            .div_ceil(8);
        usize::try_from(row.checked_mul(whole(self.height?)?)?).ok()
    }
}

/// Iterator over the tokens of a byte slice.
pub(super) struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

impl<'a> Lexer<'a> {
    pub(super) fn new(data: &'a [u8]) -> Self {
        Lexer { data, pos: 0 }
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.data.get(at).copied()
    }

    fn skip_white_and_comments(&mut self) {
        while let Some(b) = self.byte(self.pos) {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(c) = self.byte(self.pos) {
                    if c == b'\r' || c == b'\n' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// Bytes of a regular token (name body, number, operator) starting at `start`.
    fn regular_end(&self, start: usize) -> usize {
        let mut end = start;
        while let Some(b) = self.byte(end) {
            if is_white(b) || is_delim(b) {
                break;
            }
            end += 1;
        }
        end
    }

    fn literal(&mut self) -> Token<'a> {
        // self.pos is just after '('
        let start = self.pos;
        let mut depth = 1usize;
        while let Some(b) = self.byte(self.pos) {
            match b {
                b'\\' => self.pos += 1,
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        let s = self.data.get(start..self.pos).unwrap_or_default();
                        self.pos += 1;
                        return Token::Literal(s);
                    }
                }
                _ => {}
            }
            self.pos += 1;
        }
        self.pos = self.data.len();
        Token::Literal(self.data.get(start..).unwrap_or_default())
    }

    fn hex(&mut self) -> Token<'a> {
        let start = self.pos;
        while let Some(b) = self.byte(self.pos) {
            if b == b'>' {
                let s = self.data.get(start..self.pos).unwrap_or_default();
                self.pos += 1;
                return Token::Hex(s);
            }
            self.pos += 1;
        }
        Token::Hex(self.data.get(start..).unwrap_or_default())
    }

    /// Reads an inline image from after `BI` past the `EI` that ends its data.
    fn inline_image(&mut self) -> Token<'a> {
        let data = self.data;
        self.skip_white_and_comments();
        let dict_start = self.pos;
        let mut shape = InlineShape::default();
        let mut key: Option<&[u8]> = None;
        let mut depth = 0usize;
        // Find the ID keyword among the dictionary tokens.
        let dict_end = loop {
            self.skip_white_and_comments();
            let Some(b) = self.byte(self.pos) else {
                let dict = data.get(dict_start..).unwrap_or_default();
                return Token::InlineImage { dict, data: &[] };
            };
            if b == b'I'
                && self.byte(self.pos + 1) == Some(b'D')
                && self
                    .byte(self.pos + 2)
                    .is_none_or(|c| is_white(c) || is_delim(c))
            {
                let end = self.pos;
                self.pos += 2;
                break end;
            }
            let Some(token) = self.next_plain() else {
                let dict = data.get(dict_start..).unwrap_or_default();
                return Token::InlineImage { dict, data: &[] };
            };
            match token {
                Token::ArrayStart | Token::DictStart => {
                    if depth == 0 {
                        if let Some(k) = key.take() {
                            shape.record(k, &token);
                        }
                    }
                    depth += 1;
                }
                Token::ArrayEnd | Token::DictEnd => depth = depth.saturating_sub(1),
                _ if depth == 0 => match key.take() {
                    Some(k) => shape.record(k, &token),
                    None => {
                        if let Token::Name(n) = token {
                            key = Some(n);
                        }
                    }
                },
                _ => {}
            }
        };
        let dict = data.get(dict_start..dict_end).unwrap_or_default();
        // One white-space byte (CR LF counts as one) separates ID from the data.
        if self.byte(self.pos) == Some(b'\r') && self.byte(self.pos + 1) == Some(b'\n') {
            self.pos += 2;
        } else if self.byte(self.pos).is_some_and(is_white) {
            self.pos += 1;
        }
        let start = self.pos;
        let ends_at = |i: usize| {
            data.get(i..i + 2) == Some(b"EI")
                && data.get(i + 2).is_none_or(|&c| is_white(c) || is_delim(c))
        };
        if let Some(end) = shape.bytes().and_then(|n| start.checked_add(n)) {
            if end <= data.len() {
                let mut after = end;
                while data.get(after).copied().is_some_and(is_white) {
                    after += 1;
                }
                if ends_at(after) {
                    self.pos = after + 2;
                    let image = data.get(start..end).unwrap_or_default();
                    return Token::InlineImage { dict, data: image };
                }
            }
        }
        // A JPEG ends with its EOI marker (FF D9): EI follows it.
        if shape.jpeg {
            let mut i = start;
            while let Some(at) = data
                .get(i..)
                .and_then(|rest| rest.windows(2).position(|w| w == [0xFF, 0xD9]))
            {
                let end = i + at + 2;
                let mut after = end;
                while data.get(after).copied().is_some_and(is_white) {
                    after += 1;
                }
                if ends_at(after) {
                    self.pos = after + 2;
                    let image = data.get(start..end).unwrap_or_default();
                    return Token::InlineImage { dict, data: image };
                }
                i = end;
            }
        }
        // Look for white space, EI, white space or the end, followed by what content
        // streams hold (text, not binary data: a lone EI inside compressed data is not
        // the end).
        let textual = |from: usize| {
            data.get(from..(from + 16).min(data.len()))
                .unwrap_or_default()
                .iter()
                .all(|&c| matches!(c, b'\t' | b'\r' | b'\n' | b'\x0c' | 0x20..=0x7E))
        };
        let mut i = start;
        while i + 1 < data.len() {
            if i > start
                && data.get(i - 1).is_some_and(|&c| is_white(c) && c != 0)
                && ends_at(i)
                && textual(i + 2)
            {
                self.pos = i + 2;
                let image = data.get(start..i - 1).unwrap_or_default();
                return Token::InlineImage { dict, data: image };
            }
            i += 1;
        }
        self.pos = data.len();
        let image = data.get(start..).unwrap_or_default();
        Token::InlineImage { dict, data: image }
    }

    /// Next token without inline-image handling.
    fn next_plain(&mut self) -> Option<Token<'a>> {
        loop {
            self.skip_white_and_comments();
            let b = self.byte(self.pos)?;
            let start = self.pos;
            match b {
                b'(' => {
                    self.pos += 1;
                    return Some(self.literal());
                }
                b'<' => {
                    if self.byte(self.pos + 1) == Some(b'<') {
                        self.pos += 2;
                        return Some(Token::DictStart);
                    }
                    self.pos += 1;
                    return Some(self.hex());
                }
                b'>' => {
                    self.pos += 1;
                    if self.byte(self.pos) == Some(b'>') {
                        self.pos += 1;
                        return Some(Token::DictEnd);
                    }
                }
                b'[' => {
                    self.pos += 1;
                    return Some(Token::ArrayStart);
                }
                b']' => {
                    self.pos += 1;
                    return Some(Token::ArrayEnd);
                }
                b'{' | b'}' | b')' => self.pos += 1,
                b'/' => {
                    let end = self.regular_end(start + 1);
                    self.pos = end;
                    return Some(Token::Name(self.data.get(start + 1..end)?));
                }
                b'0'..=b'9' | b'+' | b'-' | b'.' => {
                    let end = self.regular_end(start);
                    self.pos = end.max(start + 1);
                    let text = self.data.get(start..end)?;
                    return Some(match parse_number(text) {
                        Some(n) => Token::Number(n),
                        None => Token::Op(text),
                    });
                }
                _ => {
                    let end = self.regular_end(start).max(start + 1);
                    self.pos = end;
                    return Some(Token::Op(self.data.get(start..end)?));
                }
            }
        }
    }
}

impl<'a> Iterator for Lexer<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let token = self.next_plain()?;
        if token == Token::Op(b"BI") {
            return Some(self.inline_image());
        }
        Some(token)
    }
}

/// Parses a PDF number (`12`, `-3.5`, `.5`, `4.`); tolerates doubled signs like `--2`.
pub(super) fn parse_number(text: &[u8]) -> Option<f32> {
    let mut neg = false;
    let mut i = 0;
    while let Some(&c) = text.get(i) {
        match c {
            b'-' => neg = !neg,
            b'+' => {}
            _ => break,
        }
        i += 1;
    }
    let mut int: f64 = 0.0;
    let mut frac: f64 = 0.0;
    let mut scale = 1.0f64;
    let mut seen_digit = false;
    let mut seen_dot = false;
    for &c in text.get(i..)? {
        match c {
            b'0'..=b'9' => {
                seen_digit = true;
                if seen_dot {
                    scale /= 10.0;
                    frac += f64::from(c - b'0') * scale;
                } else {
                    int = int * 10.0 + f64::from(c - b'0');
                }
            }
            b'.' if !seen_dot => seen_dot = true,
            _ => return None,
        }
    }
    if !seen_digit && !seen_dot {
        return None;
    }
    let v = (int + frac) as f32;
    Some(if neg { -v } else { v })
}

/// Decodes a literal or hex string token into `out` (cleared first). Other tokens leave
/// `out` empty.
pub(super) fn decode_string(token: &Token<'_>, out: &mut Vec<u8>) {
    out.clear();
    match *token {
        Token::Literal(raw) => decode_literal(raw, out),
        Token::Hex(raw) => decode_hex(raw, out),
        _ => {}
    }
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Hex digits to bytes, ignoring whitespace and junk; an odd final digit is padded with 0.
pub(super) fn decode_hex(raw: &[u8], out: &mut Vec<u8>) {
    let mut high: Option<u8> = None;
    for &b in raw {
        let Some(v) = hex_val(b) else { continue };
        match high.take() {
            Some(h) => out.push(h << 4 | v),
            None => high = Some(v),
        }
    }
    if let Some(h) = high {
        out.push(h << 4);
    }
}

fn decode_literal(raw: &[u8], out: &mut Vec<u8>) {
    let mut i = 0;
    while let Some(&b) = raw.get(i) {
        i += 1;
        if b != b'\\' {
            out.push(b);
            continue;
        }
        let Some(&e) = raw.get(i) else { break };
        i += 1;
        match e {
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'\r' => {
                if raw.get(i) == Some(&b'\n') {
                    i += 1;
                }
            }
            b'\n' => {}
            b'0'..=b'7' => {
                let mut v = u32::from(e - b'0');
                for _ in 0..2 {
                    match raw.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                out.push((v & 0xff) as u8);
            }
            other => out.push(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(data: &[u8]) -> Vec<Token<'_>> {
        Lexer::new(data).collect()
    }

    #[test]
    fn lexes_operators_numbers_names_and_strings() {
        let t = tokens(b"BT /F1 12 Tf -3.5 .5 Td (a\\(b) Tj <41 42> Tj ET");
        assert_eq!(
            t,
            vec![
                Token::Op(b"BT"),
                Token::Name(b"F1"),
                Token::Number(12.0),
                Token::Op(b"Tf"),
                Token::Number(-3.5),
                Token::Number(0.5),
                Token::Op(b"Td"),
                Token::Literal(b"a\\(b"),
                Token::Op(b"Tj"),
                Token::Hex(b"41 42"),
                Token::Op(b"Tj"),
                Token::Op(b"ET"),
            ]
        );
    }

    #[test]
    fn inline_images_are_one_token_with_their_data() {
        // No length known: the data ends at the first EI between white space.
        let t = tokens(b"BI /W 2 /H 2 ID \x00EI\xff) garbage\nEI (x) Tj");
        assert_eq!(
            t,
            vec![
                Token::InlineImage {
                    dict: b"/W 2 /H 2 ",
                    data: b"\x00EI\xff) garbage"
                },
                Token::Literal(b"x"),
                Token::Op(b"Tj")
            ]
        );
        // Unfiltered samples: the dictionary fixes the length, even when the data holds
        // white space and EI (2 x 2 gray pixels: 4 bytes).
        let t = tokens(b"BI /W 2 /H 2 /CS /G /BPC 8 ID  EI \nEI Q");
        assert_eq!(
            t,
            vec![
                Token::InlineImage {
                    dict: b"/W 2 /H 2 /CS /G /BPC 8 ",
                    data: b" EI "
                },
                Token::Op(b"Q")
            ]
        );
        // /L wins; a wrong length falls back to the search for EI.
        assert_eq!(
            tokens(b"BI /F /AHx /L 5 /DP << /K -1 >> ID\r\n4142>\nEI"),
            vec![Token::InlineImage {
                dict: b"/F /AHx /L 5 /DP << /K -1 >> ",
                data: b"4142>"
            }]
        );
        // A JPEG ends at its EOI marker; binary data holding " EI" is not cut there.
        assert_eq!(
            tokens(b"BI /F /DCT ID \xff\xd8 EI \xff\xd9 \nEI Q"),
            vec![
                Token::InlineImage {
                    dict: b"/F /DCT ",
                    data: b"\xff\xd8 EI \xff\xd9"
                },
                Token::Op(b"Q")
            ]
        );
        assert_eq!(
            tokens(b"BI /F /Fl ID x\x00EI]\x01\x02 EI\x03 y EI Q"),
            vec![
                Token::InlineImage {
                    dict: b"/F /Fl ",
                    data: b"x\x00EI]\x01\x02 EI\x03 y"
                },
                Token::Op(b"Q")
            ]
        );
        assert_eq!(
            tokens(b"BI /L 2 ID abc EI"),
            vec![Token::InlineImage {
                dict: b"/L 2 ",
                data: b"abc"
            }]
        );
    }

    #[test]
    fn literal_escapes_are_decoded() {
        let mut out = Vec::new();
        decode_string(&Token::Literal(b"a\\n\\101\\\\(b)\\\nc"), &mut out);
        assert_eq!(out, b"a\nA\\(b)c");
        decode_string(&Token::Hex(b"4 1 4"), &mut out);
        assert_eq!(out, b"A@");
    }

    #[test]
    fn garbage_never_panics_and_terminates() {
        let garbage: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
        let n = Lexer::new(&garbage).count();
        assert!(n > 0);
        assert_eq!(
            tokens(b"(unterminated"),
            vec![Token::Literal(b"unterminated")]
        );
        assert_eq!(tokens(b"<4142"), vec![Token::Hex(b"4142")]);
        assert_eq!(
            tokens(b"BI /W 1 ID xx"),
            vec![Token::InlineImage {
                dict: b"/W 1 ",
                data: b"xx"
            }]
        );
        assert_eq!(
            tokens(b"BI /W 1"),
            vec![Token::InlineImage {
                dict: b"/W 1",
                data: b""
            }]
        );
    }

    #[test]
    fn numbers_tolerate_odd_forms() {
        assert_eq!(parse_number(b"4."), Some(4.0));
        assert_eq!(parse_number(b"--2"), Some(2.0));
        assert_eq!(parse_number(b"1.2.3"), None);
        assert_eq!(parse_number(b"-"), None);
    }
}

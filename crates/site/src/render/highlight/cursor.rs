//! A position in the code a lexer is reading, with the few ways of taking
//! the next token that every lexer needs.
//!
//! Tokens end at ASCII bytes (or the end), so every slice falls on a char
//! boundary: a predicate given to [`Cursor::take_while`] must treat all
//! non-ASCII bytes alike (accept them all, or refuse them all).

#[derive(Debug)]
pub(super) struct Cursor<'a> {
    code: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    pub(super) fn new(code: &'a str) -> Self {
        Cursor { code, pos: 0 }
    }

    pub(super) fn done(&self) -> bool {
        self.pos >= self.code.len()
    }

    /// The byte `ahead` bytes on, or 0 past the end.
    pub(super) fn peek_at(&self, ahead: usize) -> u8 {
        self.code
            .as_bytes()
            .get(self.pos + ahead)
            .copied()
            .unwrap_or(0)
    }

    pub(super) fn peek(&self) -> u8 {
        self.peek_at(0)
    }

    /// The byte before the cursor, or `\n` at the start (a line start).
    pub(super) fn previous(&self) -> u8 {
        match self.pos {
            0 => b'\n',
            pos => self.code.as_bytes()[pos - 1],
        }
    }

    pub(super) fn rest(&self) -> &'a str {
        &self.code[self.pos..]
    }

    /// The next `bytes` bytes, which the caller has seen are ASCII.
    pub(super) fn take(&mut self, bytes: usize) -> &'a str {
        let end = (self.pos + bytes).min(self.code.len());
        let taken = &self.code[self.pos..end];
        self.pos = end;
        taken
    }

    /// The next whole character (plain text a lexer has no rule for).
    pub(super) fn take_char(&mut self) -> &'a str {
        let len = self.rest().chars().next().map_or(0, char::len_utf8);
        let taken = &self.code[self.pos..self.pos + len];
        self.pos += len;
        taken
    }

    pub(super) fn take_while(&mut self, keep: impl Fn(u8) -> bool) -> &'a str {
        self.take_while_after(0, keep)
    }

    /// The next `first` bytes (ASCII the caller has seen: a sigil such as
    /// `$` or `@`) and the bytes after them that `keep` accepts, as one token.
    pub(super) fn take_while_after(&mut self, first: usize, keep: impl Fn(u8) -> bool) -> &'a str {
        let rest = self.rest().as_bytes();
        let first = first.min(rest.len());
        let len = rest[first..]
            .iter()
            .position(|&b| !keep(b))
            .map_or(rest.len(), |len| first + len);
        self.take(len)
    }

    /// Up to the end of the line (the newline stays).
    pub(super) fn take_line(&mut self) -> &'a str {
        self.take_while(|b| b != b'\n')
    }

    /// A quoted string starting at the cursor with `quote` (one or three
    /// quote characters), through its closing quote; backslash escapes
    /// when `escapes`. A single-quote string stops at the end of its line
    /// when it is not closed; a triple-quoted one may span lines.
    pub(super) fn take_quoted(&mut self, quote: &str, escapes: bool) -> &'a str {
        self.take_delimited(quote, escapes, quote.len() == 3)
    }

    /// A string opening at the cursor with `quote`, backslash escapes and
    /// all, that may span lines (JavaScript's template literals).
    pub(super) fn take_quoted_multiline(&mut self, quote: &str) -> &'a str {
        self.take_delimited(quote, true, true)
    }

    fn take_delimited(&mut self, quote: &str, escapes: bool, multiline: bool) -> &'a str {
        let start = self.pos;
        let bytes = self.code.as_bytes();
        let mut at = self.pos + quote.len();
        while at < bytes.len() {
            if escapes && bytes[at] == b'\\' && at + 1 < bytes.len() && bytes[at + 1].is_ascii() {
                at += 2;
                continue;
            }
            if bytes[at..].starts_with(quote.as_bytes()) {
                at += quote.len();
                break;
            }
            if bytes[at] == b'\n' && !multiline {
                break;
            }
            at += 1;
        }
        // The loop stops only at an ASCII byte or the end: a boundary.
        self.pos = at;
        &self.code[start..at]
    }

    /// A number as C-family languages write it (Rust, JavaScript): `42`,
    /// `1_000u32`, `3.14f64`, `1e-9`, `0xFF`, `1n`. A `.` belongs to it only
    /// before a digit, so `1..2` stops before the range and `x.0.len()`
    /// before the call.
    pub(super) fn take_number(&mut self) -> &'a str {
        let bytes = self.rest().as_bytes();
        let hex = bytes.starts_with(b"0x") || bytes.starts_with(b"0X");
        let mut end = 0;
        while end < bytes.len() {
            let b = bytes[end];
            let exponent_sign = !hex
                && matches!(b, b'+' | b'-')
                && end > 0
                && matches!(bytes[end - 1], b'e' | b'E');
            let decimal_point = b == b'.' && bytes.get(end + 1).is_some_and(u8::is_ascii_digit);
            if is_word(b) || exponent_sign || decimal_point {
                end += 1;
            } else {
                break;
            }
        }
        self.take(end)
    }

    /// A string opening at the cursor with `"` or `'`, single or triple
    /// quoted (Python and TOML write strings alike).
    pub(super) fn take_string(&mut self, escapes: bool) -> &'a str {
        let quote = self.peek();
        let triple = self.peek_at(1) == quote && self.peek_at(2) == quote;
        let delimiter = match (quote, triple) {
            (b'"', true) => "\"\"\"",
            (b'"', false) => "\"",
            (_, true) => "'''",
            (_, false) => "'",
        };
        self.take_quoted(delimiter, escapes)
    }
}

/// Letters, digits and `_`: what identifiers are made of.
pub(super) fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_strings_end_where_they_should() {
        let mut c = Cursor::new(r#""a\"b" rest"#);
        assert_eq!(c.take_quoted("\"", true), r#""a\"b""#);
        assert_eq!(c.rest(), " rest");
        let mut c = Cursor::new("'open\nnext");
        assert_eq!(c.take_quoted("'", false), "'open");
        let mut c = Cursor::new("\"\"\"a\n\"b\"\"\"!");
        assert_eq!(c.take_quoted("\"\"\"", true), "\"\"\"a\n\"b\"\"\"");
        let mut c = Cursor::new("\"é\\é");
        assert_eq!(c.take_quoted("\"", true), "\"é\\é");
    }

    #[test]
    fn take_while_after_keeps_the_sigil_with_the_name() {
        let mut c = Cursor::new("$HOME/x");
        assert_eq!(c.take_while_after(1, is_word), "$HOME");
        assert_eq!(c.rest(), "/x");
        let mut c = Cursor::new("@");
        assert_eq!(c.take_while_after(1, is_word), "@");
        assert!(c.done());
    }

    #[test]
    fn take_char_takes_whole_characters() {
        let mut c = Cursor::new("😀x");
        assert_eq!(c.take_char(), "😀");
        assert_eq!(c.take_char(), "x");
        assert_eq!(c.take_char(), "");
        assert!(c.done());
    }
}

//! YAML: comments, keys (before `: `), quoted strings, `true`/`false`/
//! `null` and numbers as whole values, anchors and aliases (`&a`, `*a`),
//! tags (`!!str`), and document markers. Plain text values stay plain.

use super::cursor::Cursor;
use super::spans::{Class, Spans};

const CONSTANTS: [&str; 10] = [
    "true", "false", "True", "False", "TRUE", "FALSE", "null", "Null", "NULL", "~",
];

pub(super) fn highlight(code: &str, out: &mut Spans) {
    for line in code.split_inclusive('\n') {
        line_tokens(line, out);
    }
}

fn line_tokens(line: &str, out: &mut Spans) {
    let trimmed = line.trim_start();
    if trimmed.starts_with("---") || trimmed.starts_with("...") {
        out.token(Class::Keyword, line.trim_end_matches('\n'));
        out.plain(&line[line.trim_end_matches('\n').len()..]);
        return;
    }
    let mut c = Cursor::new(line);
    // Only the first `key:` of a line (after any `- `) is a key.
    let mut key_seen = false;
    while !c.done() {
        match c.peek() {
            b'#' if matches!(c.previous(), b' ' | b'\t' | b'\n') => {
                out.token(Class::Comment, c.take_line())
            }
            b'"' => out.token(Class::String, c.take_quoted("\"", true)),
            b'\'' => out.token(Class::String, c.take_quoted("'", false)),
            b'&' | b'*' if is_name_start(c.peek_at(1)) => {
                out.token(Class::Variable, c.take_while_after(1, is_name));
            }
            b'!' => out.token(Class::Keyword, c.take_while(|b| !b.is_ascii_whitespace())),
            b' ' | b'\t' | b'-' | b'[' | b']' | b'{' | b'}' | b',' | b':' | b'|' | b'>' | b'\n'
            | b'\r' => {
                out.plain(c.take(1));
            }
            _ => {
                let value = scalar(&mut c);
                if !key_seen && c.peek() == b':' && matches!(c.peek_at(1), b' ' | b'\n' | b'\r' | 0)
                {
                    key_seen = true;
                    out.token(Class::Entity, value);
                } else if CONSTANTS.contains(&value) || is_number(value) {
                    out.token(Class::Constant, value);
                } else {
                    out.plain(value);
                }
            }
        }
    }
}

/// A plain scalar: up to `: `, ` #`, a flow character or the end of the
/// line.
fn scalar<'a>(c: &mut Cursor<'a>) -> &'a str {
    let rest = c.rest();
    let bytes = rest.as_bytes();
    let mut end = 0;
    while end < bytes.len() {
        let b = bytes[end];
        let key_end = b == b':' && matches!(bytes.get(end + 1), None | Some(b' ' | b'\n' | b'\r'));
        let comment = b == b'#' && end > 0 && bytes[end - 1] == b' ';
        if key_end || comment || matches!(b, b'\n' | b'\r' | b',' | b'[' | b']' | b'{' | b'}') {
            break;
        }
        end += 1;
    }
    // Trailing spaces stay outside the token.
    let value = rest[..end].trim_end_matches([' ', '\t']);
    // Stops only at ASCII bytes or the end: a character boundary.
    let len = value
        .len()
        .max(rest.chars().next().map_or(0, char::len_utf8));
    c.take(len)
}

fn is_number(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    !digits.is_empty()
        && digits.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && digits.chars().all(|c| {
            c.is_ascii_digit() || matches!(c, '.' | '_' | 'e' | 'E' | '-' | '+' | 'x' | 'o')
        })
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn is_name(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
}

#[cfg(test)]
mod tests {
    use super::super::highlight;

    #[test]
    fn keys_values_comments_and_lists() {
        assert_eq!(
            highlight("name: chapter-1 # the name\non: [push]\njobs:\n  - run: cargo test\n    retries: 3\n    ok: true\n", "yaml").unwrap(),
            "<span class=\"hl-entity\">name</span>: chapter-1 <span class=\"hl-comment\"># the name</span>\n\
             <span class=\"hl-entity\">on</span>: [push]\n\
             <span class=\"hl-entity\">jobs</span>:\n  - \
             <span class=\"hl-entity\">run</span>: cargo test\n    \
             <span class=\"hl-entity\">retries</span>: <span class=\"hl-constant\">3</span>\n    \
             <span class=\"hl-entity\">ok</span>: <span class=\"hl-constant\">true</span>\n"
        );
    }

    #[test]
    fn strings_anchors_tags_and_markers() {
        let html = highlight("---\n# top\nurl: \"https://a#b\" # c\nbase: &base {a: 1}\nuse: *base\nv: !!str 1.0\ncolon: a:b\n", "yml").unwrap();
        for token in [
            "<span class=\"hl-keyword\">---</span>",
            "<span class=\"hl-comment\"># top</span>",
            "<span class=\"hl-string\">\"https://a#b\"</span> <span class=\"hl-comment\"># c</span>",
            "<span class=\"hl-variable\">&amp;base</span>",
            "<span class=\"hl-variable\">*base</span>",
            "<span class=\"hl-keyword\">!!str</span>",
            "<span class=\"hl-entity\">colon</span>: a:b",
        ] {
            assert!(html.contains(token), "{token} missing from {html}");
        }
    }
}

//! JSON (and JSON with comments): keys, string values, numbers,
//! `true`/`false`/`null`, `//` and `/* */` comments.

use super::cursor::Cursor;
use super::spans::{Class, Spans};

pub(super) fn highlight(code: &str, out: &mut Spans) {
    let mut c = Cursor::new(code);
    while !c.done() {
        match c.peek() {
            b'"' => {
                let string = c.take_quoted("\"", true);
                let is_key = c.rest().trim_start().starts_with(':');
                out.token(if is_key { Class::Entity } else { Class::String }, string);
            }
            b'-' | b'0'..=b'9' => {
                let number = c.take_while(|b| {
                    b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E')
                });
                out.token(Class::Constant, number);
            }
            b'/' if c.peek_at(1) == b'/' => out.token(Class::Comment, c.take_line()),
            b'/' if c.peek_at(1) == b'*' => {
                let len = c.rest()[2..]
                    .find("*/")
                    .map_or(c.rest().len(), |end| end + 4);
                out.token(Class::Comment, c.take(len));
            }
            b if b.is_ascii_alphabetic() => {
                let word = c.take_while(|b| b.is_ascii_alphabetic());
                if matches!(word, "true" | "false" | "null") {
                    out.token(Class::Constant, word);
                } else {
                    out.plain(word);
                }
            }
            b if is_punctuation(b) => out.plain(c.take_while(is_punctuation)),
            _ => out.plain(c.take_char()),
        }
    }
}

/// Whitespace and the structure between tokens.
fn is_punctuation(b: u8) -> bool {
    b.is_ascii_whitespace() || matches!(b, b'{' | b'}' | b'[' | b']' | b',' | b':')
}

#[cfg(test)]
mod tests {
    use super::super::highlight;

    #[test]
    fn keys_values_and_literals() {
        let html = highlight(
            "{\"detail\": {\"status\": \"missing_permissions\", \"n\": -1.5e3, \"ok\": false}}\n",
            "json",
        )
        .unwrap();
        assert_eq!(
            html,
            "{<span class=\"hl-entity\">\"detail\"</span>: {<span class=\"hl-entity\">\"status\"</span>: \
             <span class=\"hl-string\">\"missing_permissions\"</span>, <span class=\"hl-entity\">\"n\"</span>: \
             <span class=\"hl-constant\">-1.5e3</span>, <span class=\"hl-entity\">\"ok\"</span>: \
             <span class=\"hl-constant\">false</span>}}\n"
        );
    }

    #[test]
    fn comments_in_jsonc_and_a_lone_slash() {
        let html = highlight("// a\n/* b */ 1 / 2", "jsonc").unwrap();
        assert!(
            html.starts_with(
                "<span class=\"hl-comment\">// a</span>\n<span class=\"hl-comment\">/* b */</span>"
            ),
            "{html}"
        );
        assert!(
            html.ends_with(
                "<span class=\"hl-constant\">1</span> / <span class=\"hl-constant\">2</span>"
            ),
            "{html}"
        );
    }
}

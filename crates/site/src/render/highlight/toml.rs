//! TOML: comments, `[table]` and `[[array]]` headers, keys (bare, quoted,
//! dotted, also inside inline tables), strings of all four kinds, numbers,
//! dates and booleans.

use super::cursor::Cursor;
use super::spans::{Class, Spans};

pub(super) fn highlight(code: &str, out: &mut Spans) {
    let mut c = Cursor::new(code);
    // Where a key may start: a line start outside arrays, or after `{`/`,`
    // in an inline table.
    let mut expect_key = true;
    // Open `[` (arrays) and `{` (inline tables) of the current value.
    let mut arrays = 0usize;
    let mut tables = 0usize;
    while !c.done() {
        match c.peek() {
            b'\n' => {
                out.plain(c.take(1));
                expect_key = arrays == 0 && tables == 0;
            }
            b' ' | b'\t' | b'\r' => out.plain(c.take_while(|b| matches!(b, b' ' | b'\t' | b'\r'))),
            b'#' => out.token(Class::Comment, c.take_line()),
            b'[' if expect_key && tables == 0 => header(&mut c, out),
            _ if expect_key => {
                key(&mut c, out);
                expect_key = false;
            }
            b'"' | b'\'' => {
                let escapes = c.peek() == b'"';
                out.token(Class::String, c.take_string(escapes));
            }
            b'[' => {
                arrays += 1;
                out.plain(c.take(1));
            }
            b']' => {
                arrays = arrays.saturating_sub(1);
                out.plain(c.take(1));
            }
            b'{' => {
                tables += 1;
                expect_key = true;
                out.plain(c.take(1));
            }
            b'}' => {
                tables = tables.saturating_sub(1);
                out.plain(c.take(1));
            }
            b',' => {
                expect_key = tables > 0 && arrays == 0;
                out.plain(c.take(1));
            }
            b if b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'_' | b'.') => {
                let word = c.take_while(|b| {
                    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'_' | b'.' | b':')
                });
                let literal = matches!(word, "true" | "false" | "inf" | "nan" | "+inf" | "-inf")
                    || word
                        .bytes()
                        .next()
                        .is_some_and(|b| b.is_ascii_digit() || b == b'+' || b == b'-');
                if literal {
                    out.token(Class::Constant, word);
                } else {
                    out.plain(word);
                }
            }
            _ => out.plain(c.take_char()),
        }
    }
}

/// `[table]` or `[[array.of.tables]]`, and what follows on its line.
fn header(c: &mut Cursor, out: &mut Spans) {
    let brackets = if c.peek_at(1) == b'[' { 2 } else { 1 };
    out.plain(c.take(brackets));
    let name = c.take_while(|b| b != b']' && b != b'\n' && b != b'#');
    out.token(Class::Entity, name.trim_end());
    out.plain(&name[name.trim_end().len()..]);
    out.plain(c.take_while(|b| b == b']'));
}

/// A key up to its `=` (which stays for the value), or a stray line.
fn key(c: &mut Cursor, out: &mut Spans) {
    loop {
        match c.peek() {
            b'"' => out.token(Class::Variable, c.take_quoted("\"", true)),
            b'\'' => out.token(Class::Variable, c.take_quoted("'", false)),
            b'=' | b'\n' | b'#' | b'}' | 0 => break,
            b if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' => {
                out.token(
                    Class::Variable,
                    c.take_while(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'),
                );
            }
            b' ' | b'\t' | b'.' => out.plain(c.take(1)),
            _ => out.plain(c.take_char()),
        }
    }
    if c.peek() == b'=' {
        out.plain(c.take(1));
    }
}

#[cfg(test)]
mod tests {
    use super::super::highlight;

    #[test]
    fn tables_keys_and_values() {
        let html = highlight(
            "# agent\n[agent]\nid = \"agent_123\" # the id\nretries = 3\nlive = true\n[[hosts]]\nregion.name = 'eu'\n",
            "toml",
        )
        .unwrap();
        assert_eq!(
            html,
            "<span class=\"hl-comment\"># agent</span>\n[<span class=\"hl-entity\">agent</span>]\n\
             <span class=\"hl-variable\">id</span> = <span class=\"hl-string\">\"agent_123\"</span> \
             <span class=\"hl-comment\"># the id</span>\n\
             <span class=\"hl-variable\">retries</span> = <span class=\"hl-constant\">3</span>\n\
             <span class=\"hl-variable\">live</span> = <span class=\"hl-constant\">true</span>\n\
             [[<span class=\"hl-entity\">hosts</span>]]\n\
             <span class=\"hl-variable\">region</span>.<span class=\"hl-variable\">name</span> = \
             <span class=\"hl-string\">'eu'</span>\n"
        );
    }

    #[test]
    fn arrays_inline_tables_and_multiline_strings() {
        let html = highlight(
            "hosts = [\n  \"a\",\n  \"b\",\n]\npoint = { x = 1, y = 2023-05-27T07:32:00Z }\ntext = \"\"\"\nx = 1\n\"\"\"\n",
            "toml",
        )
        .unwrap();
        // Array items on their own lines are values, not keys.
        assert!(
            html.contains("  <span class=\"hl-string\">\"a\"</span>,"),
            "{html}"
        );
        assert!(html.contains("{ <span class=\"hl-variable\">x</span> = <span class=\"hl-constant\">1</span>, <span class=\"hl-variable\">y</span> = <span class=\"hl-constant\">2023-05-27T07:32:00Z</span> }"), "{html}");
        assert!(
            html.contains("<span class=\"hl-string\">\"\"\"\nx = 1\n\"\"\"</span>"),
            "{html}"
        );
    }
}

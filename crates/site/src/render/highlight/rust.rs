//! Rust: line, doc and nested block comments, strings (escaped, raw
//! `r#"…"#`, byte and C strings, across lines), character literals apart
//! from lifetimes, numbers with suffixes, keywords, `true`/`false`,
//! `self`/`Self`, macros (`println!`), attributes (`#[derive(…)]`), the
//! names `fn`, `struct`, `enum`, `trait`, `type`, `mod` and `union`
//! introduce, and the standard library's everyday types.

use super::cursor::{is_word, Cursor};
use super::spans::{Class, Spans};

const KEYWORDS: [&str; 38] = [
    "as",
    "async",
    "await",
    "break",
    "const",
    "continue",
    "crate",
    "dyn",
    "else",
    "enum",
    "extern",
    "fn",
    "for",
    "if",
    "impl",
    "in",
    "let",
    "loop",
    "match",
    "mod",
    "move",
    "mut",
    "pub",
    "ref",
    "return",
    "static",
    "struct",
    "super",
    "trait",
    "type",
    "unsafe",
    "use",
    "where",
    "while",
    "union",
    "yield",
    "macro_rules",
    "gen",
];

/// Words after which the next name is being defined.
const DEFINING: [&str; 7] = ["fn", "struct", "enum", "trait", "type", "mod", "union"];

const TYPES: [&str; 29] = [
    "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize", "f32",
    "f64", "bool", "char", "str", "String", "Vec", "Option", "Result", "Box", "Rc", "Arc",
    "HashMap", "Some", "None", "Ok", "Err",
];

pub(super) fn highlight(code: &str, out: &mut Spans) {
    let mut c = Cursor::new(code);
    let mut defining = false;
    while !c.done() {
        match c.peek() {
            b'/' if c.peek_at(1) == b'/' => out.token(Class::Comment, c.take_line()),
            b'/' if c.peek_at(1) == b'*' => out.token(Class::Comment, block_comment(&mut c)),
            b'"' => out.token(Class::String, string(&mut c, 0)),
            b'\'' => match char_literal_len(c.rest()) {
                Some(len) => out.token(Class::Constant, c.take(len)),
                // A lifetime or a label: `'a`, `'static`.
                None => out.token(Class::Keyword, c.take_while_after(1, is_word)),
            },
            b'#' if matches!(c.peek_at(1), b'[' | b'!') => {
                out.token(Class::Entity, attribute(&mut c));
            }
            b if b.is_ascii_digit() => out.token(Class::Constant, c.take_number()),
            b if b.is_ascii_alphabetic() || b == b'_' => {
                if let Some(len) = prefixed_string_len(c.rest()) {
                    out.token(Class::String, c.take(len));
                    continue;
                }
                let word = c.take_while(is_word);
                let is_macro = c.peek() == b'!' && c.peek_at(1) != b'=';
                if defining {
                    out.token(Class::Entity, word);
                } else if is_macro {
                    out.token(Class::Support, word);
                    out.token(Class::Support, c.take(1));
                } else if KEYWORDS.contains(&word) {
                    out.token(Class::Keyword, word);
                } else if word == "true" || word == "false" {
                    out.token(Class::Constant, word);
                } else if word == "self" || word == "Self" {
                    out.token(Class::Variable, word);
                } else if TYPES.contains(&word) {
                    out.token(Class::Support, word);
                } else {
                    out.plain(word);
                }
                defining = DEFINING.contains(&word);
            }
            _ => out.plain(c.take_char()),
        }
    }
}

/// `/* … */`, nested as Rust nests them; to the end when never closed.
fn block_comment<'a>(c: &mut Cursor<'a>) -> &'a str {
    let bytes = c.rest().as_bytes();
    let (mut depth, mut at) = (0usize, 0);
    while at < bytes.len() {
        if bytes[at..].starts_with(b"/*") {
            depth += 1;
            at += 2;
        } else if bytes[at..].starts_with(b"*/") {
            depth -= 1;
            at += 2;
            if depth == 0 {
                break;
            }
        } else {
            at += 1;
        }
    }
    take_to_boundary(c, at)
}

/// A string opening with `"` after `hashes` `#`s already counted (`0` for
/// an escaped string): through its closing quote, across lines.
fn string<'a>(c: &mut Cursor<'a>, hashes: usize) -> &'a str {
    let len = string_len(c.rest(), hashes);
    take_to_boundary(c, len)
}

/// The length of the string starting at `text[0] == '"'`: escaped when
/// `hashes` is 0 and `raw` is false.
fn quoted_len(text: &str, raw: bool, hashes: usize) -> usize {
    let bytes = text.as_bytes();
    let closing: Vec<u8> = std::iter::once(b'"')
        .chain(std::iter::repeat_n(b'#', hashes))
        .collect();
    let mut at = 1;
    while at < bytes.len() {
        if !raw && bytes[at] == b'\\' {
            at += 2;
            continue;
        }
        if bytes[at..].starts_with(&closing) {
            return at + closing.len();
        }
        at += 1;
    }
    bytes.len()
}

fn string_len(text: &str, hashes: usize) -> usize {
    quoted_len(text, hashes > 0, hashes)
}

/// `b"…"`, `c"…"`, `r"…"`, `r#"…"#`, `br#"…"#`, `cr"…"`: the length when
/// `text` opens one.
fn prefixed_string_len(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let prefix = match bytes {
        [b'b' | b'c', b'r', ..] => 2,
        [b'r' | b'b' | b'c', ..] => 1,
        _ => return None,
    };
    let raw = bytes[prefix - 1] == b'r';
    let hashes = if raw {
        bytes[prefix..].iter().take_while(|&&b| b == b'#').count()
    } else {
        0
    };
    if bytes.get(prefix + hashes) != Some(&b'"') {
        return None;
    }
    Some(prefix + hashes + quoted_len(&text[prefix + hashes..], raw, hashes))
}

/// `'a'`, `'\n'`, `'\u{1F600}'`, `'é'`: the length when `text` opens a
/// character literal rather than a lifetime.
fn char_literal_len(text: &str) -> Option<usize> {
    let rest = &text[1..];
    let body = if let Some(escaped) = rest.strip_prefix('\\') {
        let end = escaped.find('\'')?;
        // `'\''` and `'\\'`: the escaped character itself may be a quote.
        let end = if end == 0 {
            escaped[1..].find('\'')? + 1
        } else {
            end
        };
        1 + end
    } else {
        let ch = rest.chars().next()?;
        if ch == '\'' || ch == '\n' {
            return None;
        }
        ch.len_utf8()
    };
    (rest[body..].starts_with('\'') && body <= 12).then_some(1 + body + 1)
}

/// `#[…]` or `#![…]`, brackets nested, on as many lines as it takes.
fn attribute<'a>(c: &mut Cursor<'a>) -> &'a str {
    let bytes = c.rest().as_bytes();
    let mut depth = 0usize;
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'[' => depth += 1,
            b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    at += 1;
                    break;
                }
            }
            b'"' => {
                at += string_len(&c.rest()[at..], 0);
                continue;
            }
            _ => {}
        }
        at += 1;
    }
    take_to_boundary(c, at)
}

/// Takes `len` bytes, moved forward to the next character boundary (the
/// scanners above count bytes and may stop inside a character only at the
/// end of unclosed text).
fn take_to_boundary<'a>(c: &mut Cursor<'a>, len: usize) -> &'a str {
    let rest = c.rest();
    let mut len = len.min(rest.len());
    while !rest.is_char_boundary(len) {
        len += 1;
    }
    c.take(len)
}

#[cfg(test)]
mod tests {
    use super::super::highlight;

    fn rust(code: &str) -> String {
        highlight(code, "rust").expect("rust is known")
    }

    #[test]
    fn keywords_definitions_macros_and_types() {
        assert_eq!(
            rust("pub fn main() -> Option<u32> { println!(\"hi {}\", 1); None }\n"),
            "<span class=\"hl-keyword\">pub</span> <span class=\"hl-keyword\">fn</span> \
             <span class=\"hl-entity\">main</span>() -&gt; <span class=\"hl-support\">Option</span>&lt;\
             <span class=\"hl-support\">u32</span>&gt; { <span class=\"hl-support\">println</span>\
             <span class=\"hl-support\">!</span>(<span class=\"hl-string\">\"hi {}\"</span>, \
             <span class=\"hl-constant\">1</span>); <span class=\"hl-support\">None</span> }\n"
        );
    }

    #[test]
    fn comments_nest_and_strings_span_lines() {
        let html = rust("/* a /* b */ still */ x // end\nlet s = \"one\ntwo \\\" q\";\n");
        assert!(
            html.starts_with("<span class=\"hl-comment\">/* a /* b */ still */</span> x <span class=\"hl-comment\">// end</span>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"hl-string\">\"one\ntwo \\\" q\"</span>"),
            "{html}"
        );
    }

    #[test]
    fn raw_and_byte_strings_chars_and_lifetimes() {
        let html = rust("let r = r#\"a \"quoted\" b\"#; let b = b\"\\x00\"; let c = 'x'; let n = '\\n'; let e = 'é'; fn f<'a>(s: &'a str) {}\n");
        for token in [
            "<span class=\"hl-string\">r#\"a \"quoted\" b\"#</span>",
            "<span class=\"hl-string\">b\"\\x00\"</span>",
            "<span class=\"hl-constant\">'x'</span>",
            "<span class=\"hl-constant\">'\\n'</span>",
            "<span class=\"hl-constant\">'é'</span>",
            "<span class=\"hl-keyword\">'a</span>",
        ] {
            assert!(html.contains(token), "{token} missing from {html}");
        }
    }

    #[test]
    fn numbers_attributes_and_ranges() {
        let html = rust(
            "#[derive(Debug, Clone)]\nlet x = 1_000u32 + 0xFF + 2.5e-3f64; for i in 0..10 {}\n",
        );
        assert!(
            html.starts_with("<span class=\"hl-entity\">#[derive(Debug, Clone)]</span>"),
            "{html}"
        );
        for token in ["1_000u32", "0xFF", "2.5e-3f64", ">0<", ">10<"] {
            assert!(html.contains(token), "{token} missing from {html}");
        }
        assert!(
            html.contains(
                "<span class=\"hl-constant\">0</span>..<span class=\"hl-constant\">10</span>"
            ),
            "{html}"
        );
    }
}

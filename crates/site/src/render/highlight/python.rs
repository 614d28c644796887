//! Python: comments, strings with their prefixes (`f"…"`, `r'…'`, triple
//! quotes), numbers, keywords, `True`/`False`/`None`, built-ins, the names
//! `def` and `class` introduce, and decorators.

use super::cursor::{is_word, Cursor};
use super::spans::{Class, Spans};

const KEYWORDS: [&str; 33] = [
    "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
    "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
    "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "match",
];

const CONSTANTS: [&str; 3] = ["True", "False", "None"];

const BUILTINS: [&str; 24] = [
    "print",
    "len",
    "range",
    "open",
    "str",
    "int",
    "float",
    "bool",
    "dict",
    "list",
    "set",
    "tuple",
    "isinstance",
    "super",
    "type",
    "enumerate",
    "zip",
    "map",
    "filter",
    "sorted",
    "repr",
    "input",
    "getattr",
    "Exception",
];

const STRING_PREFIXES: [&str; 8] = ["r", "b", "f", "u", "rb", "br", "fr", "rf"];

pub(super) fn highlight(code: &str, out: &mut Spans) {
    let mut c = Cursor::new(code);
    // The previous word was `def` or `class`: this one is being defined.
    let mut defining = false;
    while !c.done() {
        match c.peek() {
            b'#' => out.token(Class::Comment, c.take_line()),
            b'"' | b'\'' => out.token(Class::String, c.take_string(true)),
            b'@' if line_start(&c) => {
                let decorator = c.take_while_after(1, |b| is_word(b) || b == b'.');
                out.token(Class::Entity, decorator);
            }
            b if b.is_ascii_digit() || b == b'.' && c.peek_at(1).is_ascii_digit() => {
                out.token(Class::Constant, number(&mut c));
            }
            b if b.is_ascii_alphabetic() || b == b'_' => {
                let word = c.take_while(is_word);
                let quote = c.peek();
                let lower = word.to_ascii_lowercase();
                if (quote == b'"' || quote == b'\'') && STRING_PREFIXES.contains(&lower.as_str()) {
                    let raw = lower.contains('r');
                    out.open(Class::String);
                    out.plain(word);
                    out.plain(c.take_string(!raw));
                    out.close();
                    continue;
                }
                if defining {
                    out.token(Class::Entity, word);
                } else if KEYWORDS.contains(&word) {
                    out.token(Class::Keyword, word);
                } else if CONSTANTS.contains(&word) {
                    out.token(Class::Constant, word);
                } else if BUILTINS.contains(&word) {
                    out.token(Class::Support, word);
                } else if word == "self" || word == "cls" {
                    out.token(Class::Variable, word);
                } else {
                    out.plain(word);
                }
                defining = word == "def" || word == "class";
            }
            _ => out.plain(c.take_char()),
        }
    }
}

/// `42`, `3.14`, `1e-9`, `0x1F`, `1_000`, `2j`.
fn number<'a>(c: &mut Cursor<'a>) -> &'a str {
    let rest = c.rest();
    let bytes = rest.as_bytes();
    let mut end = 0;
    while end < bytes.len() {
        let b = bytes[end];
        let exponent_sign = matches!(b, b'+' | b'-')
            && end > 0
            && matches!(bytes[end - 1], b'e' | b'E')
            && !rest.starts_with("0x");
        if is_word(b) || b == b'.' || exponent_sign {
            end += 1;
        } else {
            break;
        }
    }
    c.take(end)
}

fn line_start(c: &Cursor) -> bool {
    matches!(c.previous(), b'\n' | b' ' | b'\t')
}

#[cfg(test)]
mod tests {
    use super::super::highlight;

    #[test]
    fn keywords_builtins_strings_numbers() {
        let html = highlight(
            "import os\nprint(os.environ[\"ELEVENLABS_API_KEY\"][:4])  # last 4\nx = None or 1e-3\n",
            "python",
        )
        .unwrap();
        assert_eq!(
            html,
            "<span class=\"hl-keyword\">import</span> os\n\
             <span class=\"hl-support\">print</span>(os.environ[<span class=\"hl-string\">\"ELEVENLABS_API_KEY\"</span>]\
             [:<span class=\"hl-constant\">4</span>])  <span class=\"hl-comment\"># last 4</span>\n\
             x = <span class=\"hl-constant\">None</span> <span class=\"hl-keyword\">or</span> \
             <span class=\"hl-constant\">1e-3</span>\n"
        );
    }

    #[test]
    fn definitions_decorators_and_prefixed_strings() {
        let html = highlight(
            "@app.route\ndef check(self, key):\n    return f\"{key}\" + r'\\d' + '''a\n#b'''\n",
            "py",
        )
        .unwrap();
        assert!(
            html.contains("<span class=\"hl-entity\">@app.route</span>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"hl-entity\">check</span>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"hl-variable\">self</span>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"hl-string\">f\"{key}\"</span>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"hl-string\">r'\\d'</span>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"hl-string\">'''a\n#b'''</span>"),
            "{html}"
        );
        assert!(!html.contains("hl-comment"), "{html}");
    }
}

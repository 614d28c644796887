//! JavaScript and TypeScript: line and block comments, strings in three
//! quotes (template literals across lines, `${…}` kept inside), numbers,
//! keywords, `true`/`false`/`null`/`undefined`, `this`, everyday globals,
//! and the names `function` and `class` introduce. A `/` is division or a
//! regular expression depending on what came before; this lexer leaves
//! regular expressions uncoloured rather than guess.

use super::cursor::{is_word, Cursor};
use super::spans::{Class, Spans};

const KEYWORDS: [&str; 45] = [
    "async",
    "await",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "export",
    "extends",
    "finally",
    "for",
    "from",
    "function",
    "if",
    "import",
    "in",
    "instanceof",
    "let",
    "new",
    "of",
    "return",
    "static",
    "super",
    "switch",
    "throw",
    "try",
    "typeof",
    "var",
    "void",
    "while",
    "with",
    "yield",
    "as",
    "type",
    "interface",
    "enum",
    "implements",
    "readonly",
    "declare",
];

const CONSTANTS: [&str; 6] = ["true", "false", "null", "undefined", "NaN", "Infinity"];

const GLOBALS: [&str; 16] = [
    "console", "window", "document", "Math", "JSON", "Object", "Array", "String", "Number",
    "Promise", "Map", "Set", "Error", "fetch", "require", "module",
];

/// Words after which the next name is being defined.
const DEFINING: [&str; 4] = ["function", "class", "interface", "type"];

pub(super) fn highlight(code: &str, out: &mut Spans) {
    let mut c = Cursor::new(code);
    let mut defining = false;
    while !c.done() {
        match c.peek() {
            b'/' if c.peek_at(1) == b'/' => out.token(Class::Comment, c.take_line()),
            b'/' if c.peek_at(1) == b'*' => out.token(Class::Comment, block_comment(&mut c)),
            b'"' | b'\'' => out.token(Class::String, c.take_string(true)),
            b'`' => out.token(Class::String, c.take_quoted_multiline("`")),
            b if b.is_ascii_digit() => out.token(Class::Constant, c.take_number()),
            b if b.is_ascii_alphabetic() || b == b'_' || b == b'$' => {
                let word = c.take_while(|b| is_word(b) || b == b'$');
                if defining {
                    out.token(Class::Entity, word);
                } else if KEYWORDS.contains(&word) {
                    out.token(Class::Keyword, word);
                } else if CONSTANTS.contains(&word) {
                    out.token(Class::Constant, word);
                } else if word == "this" {
                    out.token(Class::Variable, word);
                } else if GLOBALS.contains(&word) {
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

/// `/* … */`, to the end when never closed.
fn block_comment<'a>(c: &mut Cursor<'a>) -> &'a str {
    let rest = c.rest();
    let len = rest[2..].find("*/").map_or(rest.len(), |end| end + 4);
    c.take(len)
}

#[cfg(test)]
mod tests {
    use super::super::highlight;

    #[test]
    fn keywords_strings_globals_and_definitions() {
        assert_eq!(
            highlight(
                "export function tally(words) { const n = 1.5e3; console.log(`${n} <b>`, 'a', null); } // done\n",
                "js"
            )
            .unwrap(),
            "<span class=\"hl-keyword\">export</span> <span class=\"hl-keyword\">function</span> \
             <span class=\"hl-entity\">tally</span>(words) { <span class=\"hl-keyword\">const</span> n = \
             <span class=\"hl-constant\">1.5e3</span>; <span class=\"hl-support\">console</span>.log(\
             <span class=\"hl-string\">`${n} &lt;b&gt;`</span>, <span class=\"hl-string\">'a'</span>, \
             <span class=\"hl-constant\">null</span>); } <span class=\"hl-comment\">// done</span>\n"
        );
    }

    #[test]
    fn template_literals_span_lines_and_block_comments_close() {
        let html = highlight("/* a\n b */ let s = `one\ntwo`; x / 2 / y\n", "ts").unwrap();
        assert!(
            html.starts_with("<span class=\"hl-comment\">/* a\n b */</span>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"hl-string\">`one\ntwo`</span>"),
            "{html}"
        );
        assert!(
            html.contains(" / <span class=\"hl-constant\">2</span> / y"),
            "{html}"
        );
    }
}

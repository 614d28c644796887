//! Shell (bash, sh, zsh, console snippets): comments, quoting with `$VAR`
//! inside double quotes, variables, keywords, the command of each simple
//! command, options and assignments.

use super::cursor::{is_word, Cursor};
use super::spans::{Class, Spans};

const KEYWORDS: [&str; 22] = [
    "if", "then", "else", "elif", "fi", "for", "in", "while", "until", "do", "done", "case",
    "esac", "function", "select", "return", "break", "continue", "export", "local", "readonly",
    "declare",
];

/// Keywords after which a `NAME=value` word is an assignment.
const DECLARES: [&str; 4] = ["export", "local", "readonly", "declare"];

/// Keywords after which a command starts.
const COMMAND_FOLLOWS: [&str; 8] = ["if", "then", "else", "elif", "while", "until", "do", "!"];

pub(super) fn highlight(code: &str, out: &mut Spans) {
    let mut c = Cursor::new(code);
    // At the start of a simple command: the next word is the command.
    let mut command = true;
    // After `export` and friends: words are assignments.
    let mut declaring = false;
    while !c.done() {
        match c.peek() {
            b'\n' => {
                out.plain(c.take(1));
                command = true;
                declaring = false;
            }
            b' ' | b'\t' | b'\r' => out.plain(c.take_while(|b| matches!(b, b' ' | b'\t' | b'\r'))),
            b'\\' => {
                // An escaped character, or a line continuation.
                out.plain(c.take(1));
                out.plain(c.take_char());
            }
            b'#' if is_word_start(c.previous()) => out.token(Class::Comment, c.take_line()),
            b'\'' => {
                out.token(Class::String, c.take_quoted("'", false));
                command = false;
            }
            b'"' => {
                double_quoted(&mut c, out);
                command = false;
            }
            b'$' => {
                match variable(&mut c) {
                    Some(name) => out.token(Class::Variable, name),
                    None => out.plain(c.take(1)),
                }
                command = false;
            }
            b if is_operator(b) => {
                let operator = c.take_while(is_operator);
                out.plain(operator);
                command = !operator.ends_with(['>', '<', ')']);
                declaring = false;
            }
            b if b >= 0x80 || is_word_byte(b) => {
                let word = c.take_while(|b| b >= 0x80 || is_word_byte(b));
                word_token(word, &mut command, &mut declaring, out);
            }
            _ => out.plain(c.take_char()),
        }
    }
}

fn word_token(word: &str, command: &mut bool, declaring: &mut bool, out: &mut Spans) {
    if let Some(name) = assignment_name(word).filter(|_| *command || *declaring) {
        out.token(Class::Variable, name);
        out.plain(&word[name.len()..]);
        return;
    }
    if *command && (KEYWORDS.contains(&word) || word == "!") {
        out.token(Class::Keyword, word);
        *declaring = DECLARES.contains(&word);
        *command = COMMAND_FOLLOWS.contains(&word);
    } else if *command {
        out.token(Class::Entity, word);
        *command = false;
    } else if word == "in" || word == "do" || word == "done" {
        out.token(Class::Keyword, word);
        *command = word == "do";
    } else if word.len() > 1 && word.starts_with('-') || word.bytes().all(|b| b.is_ascii_digit()) {
        out.token(Class::Constant, word);
    } else {
        out.plain(word);
    }
}

/// `NAME` of a word `NAME=…`.
fn assignment_name(word: &str) -> Option<&str> {
    let (name, _) = word.split_once('=')?;
    let valid =
        name.bytes().next().is_some_and(|b| !b.is_ascii_digit()) && name.bytes().all(is_word);
    valid.then_some(name)
}

/// `"…"`, with the variables inside it marked.
fn double_quoted(c: &mut Cursor, out: &mut Spans) {
    out.open(Class::String);
    out.plain(c.take(1));
    while !c.done() {
        match c.peek() {
            b'"' => {
                out.plain(c.take(1));
                break;
            }
            b'\\' => {
                out.plain(c.take(1));
                out.plain(c.take_char());
            }
            b'$' => match variable(c) {
                Some(name) => out.token(Class::Variable, name),
                None => out.plain(c.take(1)),
            },
            _ => out.plain(c.take_while(|b| !matches!(b, b'"' | b'\\' | b'$'))),
        }
    }
    out.close();
}

/// `$NAME`, `${…}`, `$1`, `$?` and the like, at the cursor (on the `$`).
fn variable<'a>(c: &mut Cursor<'a>) -> Option<&'a str> {
    let next = c.peek_at(1);
    if next == b'{' {
        let len = c.rest().find('}').map_or(c.rest().len(), |end| end + 1);
        Some(c.take(len))
    } else if next.is_ascii_alphabetic() || next == b'_' {
        Some(c.take_while_after(1, is_word))
    } else if next.is_ascii_digit()
        || matches!(next, b'@' | b'*' | b'#' | b'?' | b'$' | b'!' | b'-')
    {
        Some(c.take(2))
    } else {
        None
    }
}

fn is_operator(b: u8) -> bool {
    matches!(
        b,
        b'|' | b'&' | b';' | b'(' | b')' | b'<' | b'>' | b'`' | b'{' | b'}'
    )
}

fn is_word_byte(b: u8) -> bool {
    !b.is_ascii_whitespace()
        && !is_operator(b)
        && !matches!(b, b'"' | b'\'' | b'$' | b'\\')
        && b.is_ascii_graphic()
}

/// A `#` after these starts a comment; after anything else (`a#b`,
/// `${X}#`) it is part of a word.
fn is_word_start(previous: u8) -> bool {
    previous.is_ascii_whitespace() || matches!(previous, b';' | b'|' | b'&' | b'(')
}

#[cfg(test)]
mod tests {
    use super::super::highlight;

    #[test]
    fn commands_options_strings_and_variables() {
        let html = highlight(
            "export ELEVENLABS_API_KEY=\"sk_...\"   # never commit this\n\
             curl -sS -H \"xi-api-key: $ELEVENLABS_API_KEY\" https://api.elevenlabs.io/v1/user | jq .\n",
            "bash",
        )
        .unwrap();
        assert_eq!(
            html,
            "<span class=\"hl-keyword\">export</span> \
             <span class=\"hl-variable\">ELEVENLABS_API_KEY</span>=\
             <span class=\"hl-string\">\"sk_...\"</span>   \
             <span class=\"hl-comment\"># never commit this</span>\n\
             <span class=\"hl-entity\">curl</span> <span class=\"hl-constant\">-sS</span> \
             <span class=\"hl-constant\">-H</span> <span class=\"hl-string\">\"xi-api-key: \
             <span class=\"hl-variable\">$ELEVENLABS_API_KEY</span>\"</span> \
             https://api.elevenlabs.io/v1/user | <span class=\"hl-entity\">jq</span> .\n"
        );
    }

    #[test]
    fn a_hash_inside_a_word_is_not_a_comment() {
        let html = highlight("echo a#b '#c' ${X}#d\n", "bash").unwrap();
        assert!(!html.contains("hl-comment"), "{html}");
        assert!(
            html.contains("<span class=\"hl-variable\">${X}</span>"),
            "{html}"
        );
    }

    #[test]
    fn keywords_and_control_flow() {
        let html = highlight(
            "if [ -z \"$1\" ]; then\n  echo none\nfi\nfor f in a b; do rm $f; done\n",
            "sh",
        )
        .unwrap();
        for keyword in ["if", "then", "fi", "for", "in", "do", "done"] {
            assert!(
                html.contains(&format!("<span class=\"hl-keyword\">{keyword}</span>")),
                "{keyword}: {html}"
            );
        }
        assert!(
            html.contains("<span class=\"hl-entity\">echo</span>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"hl-entity\">rm</span>"),
            "{html}"
        );
    }
}

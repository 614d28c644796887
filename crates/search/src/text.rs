//! Words: how text (a page or a paste) is cut into tokens, which tokens
//! are codes, statuses or secrets, and which are too common to search for.
//!
//! The browser client (`search.js`) cuts text with the same rules — a run
//! of Unicode letters, digits and `_`, lower-cased — so the index written
//! here and the terms a reader types always meet. (UAX #29 word breaking,
//! as `unicode-segmentation` does it, keeps `api.elevenlabs.io` or `3.5`
//! whole and has no twin in the browser that breaks the same way on every
//! engine; a plain character class does.)
//!
//! Words are not stemmed. A Snowball English stemmer (`rust-stemmers` 1.2,
//! applied to plain words, stop words left whole, on both the index and the
//! paste) was measured on `tests/pastes`: the same 70/71 first, 71/71 top 3,
//! 8/9 nothing fits and 12/14 sections as without, and the one uncovered
//! paste that gets a page scored twice as high on it (14,404 against 7,186).
//! No gain, a more confident wrong page, and the browser would need the
//! same stemmer byte for byte to rank identically: not adopted.

use std::borrow::Cow;

/// Words too common in error text, tracebacks, JSON bodies and prose to
/// tell one error from another. They still count as positions, so a
/// phrase keeps its gaps.
pub const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "after",
    "all",
    "also",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "been",
    "body",
    "but",
    "by",
    "call",
    "can",
    "code",
    "content",
    "could",
    "data",
    "detail",
    "did",
    "do",
    "does",
    "else",
    "error",
    "errors",
    "exception",
    "false",
    "file",
    "for",
    "from",
    "get",
    "got",
    "has",
    "have",
    "how",
    "http",
    "https",
    "i",
    "if",
    "in",
    "input",
    "into",
    "is",
    "it",
    "its",
    "last",
    "line",
    "loc",
    "me",
    "message",
    "more",
    "most",
    "msg",
    "my",
    "need",
    "no",
    "none",
    "not",
    "null",
    "of",
    "on",
    "one",
    "only",
    "or",
    "our",
    "param",
    "please",
    "raise",
    "recent",
    "request_id",
    "return",
    "self",
    "so",
    "status",
    "status_code",
    "than",
    "that",
    "the",
    "then",
    "there",
    "these",
    "this",
    "to",
    "traceback",
    "true",
    "type",
    "undefined",
    "up",
    "use",
    "used",
    "using",
    "was",
    "we",
    "were",
    "what",
    "when",
    "which",
    "while",
    "will",
    "with",
    "www",
    "you",
    "your",
];

/// Whether `token` (lower case) is a stop word.
pub(crate) fn is_stop_word(token: &str) -> bool {
    // Checked on every token of every page: words longer than any stop
    // word are not, and the others are looked up among the stop words
    // sharing their first letter.
    let Some(&first) = token.as_bytes().first() else {
        return false;
    };
    if token.len() > LONGEST_STOP_WORD || !first.is_ascii_lowercase() {
        return false;
    }
    let (from, to) = STOP_WORDS_BY_LETTER[usize::from(first - b'a')];
    STOP_WORDS[usize::from(from)..usize::from(to)]
        .binary_search(&token)
        .is_ok()
}

/// For each letter `a` to `z`, the range of [`STOP_WORDS`] starting with
/// it (empty for none).
const STOP_WORDS_BY_LETTER: [(u8, u8); 26] = {
    assert!(STOP_WORDS.len() <= 255, "the ranges hold indexes as u8");
    let mut ranges = [(0u8, 0u8); 26];
    let mut i = 0;
    while i < STOP_WORDS.len() {
        let letter = (STOP_WORDS[i].as_bytes()[0] - b'a') as usize;
        if ranges[letter].1 == 0 {
            ranges[letter].0 = i as u8;
        }
        ranges[letter].1 = i as u8 + 1;
        i += 1;
    }
    ranges
};

/// The longest of [`STOP_WORDS`], in bytes.
const LONGEST_STOP_WORD: usize = 11;

/// A token of the text: its lower-case form, its byte range in the text
/// and its position (the count of tokens before it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Lower case; `_` kept inside, trimmed at the ends.
    pub text: String,
    /// Where it stands in the text, in bytes.
    pub start: usize,
    /// End of the range, in bytes.
    pub end: usize,
    /// Its number among the tokens of the text.
    pub position: u32,
}

/// Whether `c` belongs in a token: a letter, a digit or `_`.
pub(crate) fn is_token_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The tokens of `text`, in order. Runs of letters, digits and `_`, with
/// `_` trimmed from both ends (`__init__` is `init`).
pub fn tokens(text: &str) -> Vec<Token> {
    let mut found = Vec::new();
    each_token(text, |word, start, end| {
        let position = u32::try_from(found.len()).unwrap_or(u32::MAX);
        found.push(Token {
            text: word.into_owned(),
            start,
            end,
            position,
        });
    });
    found
}

/// Calls `f` with each token of `text` in order, as [`tokens`] cuts them:
/// its lower-case form (borrowed from `text` when it is already lower
/// case, as most words of a page are), and its byte range. The index
/// reads pages with it, so it allocates nothing per word.
pub(crate) fn each_token<'t>(text: &'t str, mut f: impl FnMut(Cow<'t, str>, usize, usize)) {
    let mut emit = |from: usize, to: usize| {
        let run = &text[from..to];
        let trimmed = run.trim_matches('_');
        if trimmed.is_empty() {
            return;
        }
        let start = from + (run.len() - run.trim_start_matches('_').len());
        let lower = if trimmed
            .bytes()
            .all(|b| !b.is_ascii_uppercase() && b.is_ascii())
        {
            Cow::Borrowed(trimmed)
        } else {
            Cow::Owned(trimmed.to_lowercase())
        };
        f(lower, start, start + trimmed.len());
    };
    // Byte by byte: ASCII (most of any page) without decoding; other
    // characters decoded and judged by `is_token_char`.
    let bytes = text.as_bytes();
    let mut start = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (inside, width) = if b.is_ascii() {
            (b.is_ascii_alphanumeric() || b == b'_', 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (is_token_char(c), c.len_utf8())
        };
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(from)) => {
                emit(from, i);
                start = None;
            }
            _ => {}
        }
        i += width;
    }
    if let Some(from) = start {
        emit(from, text.len());
    }
}

/// `snake_case` whose every part has a letter: the shape of error codes
/// and permission names (`missing_permissions`), not of numbered ids
/// (`agent_123`).
pub fn is_code(token: &str) -> bool {
    let mut parts = token.split('_').filter(|part| !part.is_empty()).peekable();
    parts.peek().is_some()
        && token.split('_').filter(|part| !part.is_empty()).count() >= 2
        && parts.all(|part| part.chars().any(char::is_alphabetic))
}

/// An HTTP error status: three digits from 400 to 599.
pub fn is_status(token: &str) -> bool {
    token.len() == 3
        && token.bytes().all(|b| b.is_ascii_digit())
        && matches!(token.as_bytes()[0], b'4' | b'5')
}

/// Worth indexing: not a stop word, at least two characters, and not a
/// number unless it is an HTTP error status.
pub fn is_indexable(token: &str) -> bool {
    if token.len() < 2 {
        // One byte: one character, never indexed (a digit is no status).
        return false;
    }
    let (length, digits) = if token.is_ascii() {
        (
            token.len(),
            token.bytes().filter(u8::is_ascii_digit).count(),
        )
    } else {
        (
            token.chars().count(),
            token.chars().filter(char::is_ascii_digit).count(),
        )
    };
    if digits == length {
        return is_status(token);
    }
    length >= 2 && !is_stop_word(token) && digits * 2 < length
}

/// Keys, tokens and ids: `sk_…` with a long tail, a JWT (`eyJ…`), or any
/// run of 16 or more characters mixing letters and digits. `chunk` is a
/// whole run of non-space characters without `/`, `"`, `'`, `=`, `:`, `,`
/// and brackets, so a token's parts are judged together.
pub fn looks_secret(chunk: &str) -> bool {
    let len = chunk.chars().count();
    let digits = chunk.chars().filter(char::is_ascii_digit).count();
    let letters = chunk.chars().any(char::is_alphabetic);
    ((chunk.starts_with("sk_") || chunk.starts_with("sk-")) && len >= 20)
        || (chunk.starts_with("eyJ") && len >= 10)
        || (len >= 16 && digits >= 2 && letters)
}

/// Whether a character ends a chunk judged by [`looks_secret`].
pub(crate) fn is_chunk_break(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '\''
                | '`'
                | '='
                | ':'
                | ','
                | ';'
                | '('
                | ')'
                | '['
                | ']'
                | '{'
                | '}'
                | '<'
                | '>'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, STOP_WORDS);
        assert_eq!(
            STOP_WORDS.iter().map(|w| w.len()).max(),
            Some(LONGEST_STOP_WORD)
        );
    }

    #[test]
    fn tokens_keep_codes_whole_and_count_positions() {
        let found = tokens("HTTP 401 missing_permissions: __init__ Ünïcode café");
        let words: Vec<&str> = found.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            words,
            [
                "http",
                "401",
                "missing_permissions",
                "init",
                "ünïcode",
                "café"
            ]
        );
        assert_eq!(found[3].position, 3);
        assert_eq!(
            &"HTTP 401 missing_permissions: __init__"[found[3].start..found[3].end],
            "init"
        );
    }

    #[test]
    fn codes_statuses_and_what_is_indexed() {
        assert!(is_code("convai_write"));
        assert!(!is_code("agent_123"));
        assert!(is_code("agent_id"));
        assert!(is_status("401") && is_status("503") && !is_status("200") && !is_status("4010"));
        assert!(is_indexable("401") && !is_indexable("1021") && !is_indexable("the"));
        assert!(!is_indexable("a1b2c3") && is_indexable("utf8"));
    }
}

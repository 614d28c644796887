//! Reducing a paste to its distinctive terms.

/// Words too common in error text, tracebacks and JSON to tell errors
/// apart.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "after",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "body",
    "but",
    "by",
    "call",
    "can",
    "client",
    "code",
    "content",
    "could",
    "data",
    "detail",
    "did",
    "do",
    "does",
    "error",
    "errors",
    "exception",
    "exceptions",
    "false",
    "file",
    "for",
    "from",
    "get",
    "got",
    "has",
    "have",
    "http",
    "https",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "last",
    "line",
    "message",
    "most",
    "my",
    "no",
    "none",
    "not",
    "null",
    "of",
    "on",
    "one",
    "or",
    "please",
    "post",
    "raise",
    "recent",
    "request",
    "requests",
    "response",
    "return",
    "self",
    "so",
    "status",
    "that",
    "the",
    "this",
    "to",
    "traceback",
    "true",
    "type",
    "url",
    "use",
    "used",
    "was",
    "we",
    "were",
    "what",
    "when",
    "which",
    "while",
    "will",
    "with",
    "you",
    "your",
];

/// At most this many terms: enough for any real error, few enough that a
/// long log does not drown the match.
const MAX_TERMS: usize = 12;

/// The terms of `paste` worth searching for, most distinctive first:
/// error codes in `snake_case` (`missing_permissions`, `convai_write`),
/// then HTTP error statuses (`401`), then other words of three letters or
/// more that are not stop words. Dropped: file paths and URLs (anything
/// with a `/`), numbers that are not error statuses, and anything shaped
/// like a secret (`sk_…` keys, long hex or random runs), so a pasted key
/// never becomes a search term. Lower case, without repeats.
pub fn distinctive_terms(paste: &str) -> Vec<String> {
    let mut codes = Vec::new();
    let mut statuses = Vec::new();
    let mut words = Vec::new();
    let candidates = paste
        .split_whitespace()
        // Paths and URLs: where an error happened, not what it is.
        .filter(|chunk| !chunk.contains('/'))
        .flat_map(|chunk| {
            chunk.split(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '+')))
        })
        .filter(|candidate| !looks_secret(candidate));
    for candidate in candidates {
        for token in candidate
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .map(|t| t.trim_matches('_'))
            .filter(|t| !t.is_empty())
        {
            let term = token.to_lowercase();
            if let Ok(number) = term.parse::<u32>() {
                if (400..600).contains(&number) && term.len() == 3 {
                    statuses.push(term);
                }
            } else if is_code(&term) {
                codes.push(term);
            } else if term.chars().count() >= 3
                && !STOP_WORDS.contains(&term.as_str())
                && !term.chars().all(|c| c.is_ascii_digit() || c == '_')
            {
                words.push(term);
            }
        }
    }
    let mut terms: Vec<String> = Vec::new();
    for term in codes.into_iter().chain(statuses).chain(words) {
        if !terms.contains(&term) {
            terms.push(term);
        }
        if terms.len() == MAX_TERMS {
            break;
        }
    }
    terms
}

/// `snake_case` with letters on both sides of an underscore: the shape of
/// error codes and permission names.
fn is_code(term: &str) -> bool {
    term.contains('_')
        && term.split('_').filter(|part| !part.is_empty()).count() >= 2
        && term.chars().any(|c| c.is_alphabetic())
}

/// Keys, tokens and ids: `sk_…` with a long tail, a JWT (`eyJ…`), or any
/// run of 16 or more characters mixing letters and digits. `candidate` is
/// a whole run of token characters (letters, digits, `_ - . +`), so a
/// token's parts are judged together.
fn looks_secret(candidate: &str) -> bool {
    let len = candidate.len();
    let digits = candidate.chars().any(|c| c.is_ascii_digit());
    let letters = candidate.chars().any(char::is_alphabetic);
    (candidate.starts_with("sk_") && len >= 20)
        || (candidate.starts_with("eyJ") && len >= 10)
        || (len >= 16 && digits && letters)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_message_gives_its_code_and_words() {
        assert_eq!(
            distinctive_terms("HTTP 401 missing_permissions: The API key you used is missing the permission convai_write"),
            ["missing_permissions", "convai_write", "401", "api", "key", "missing", "permission"]
        );
    }

    #[test]
    fn a_python_traceback_loses_its_paths_and_keeps_the_error() {
        let paste = r#"Traceback (most recent call last):
  File "/home/me/app/backend/app.py", line 42, in start_call
    response.raise_for_status()
  File "/usr/lib/python3/dist-packages/requests/models.py", line 1021, in raise_for_status
    raise HTTPError(http_error_msg, response=self)
requests.exceptions.HTTPError: 401 Client Error: Unauthorized for url: https://api.elevenlabs.io/v1/convai/conversation/get-signed-url?agent_id=agent_01jtestagent0000000000000"#;
        let terms = distinctive_terms(paste);
        assert!(terms.contains(&"401".to_owned()), "{terms:?}");
        assert!(terms.contains(&"unauthorized".to_owned()), "{terms:?}");
        for noise in [
            "usr",
            "lib",
            "models",
            "py",
            "1021",
            "42",
            "api.elevenlabs.io",
            "https",
        ] {
            assert!(!terms.contains(&noise.to_owned()), "{noise} in {terms:?}");
        }
    }

    #[test]
    fn a_json_body_gives_its_codes_first() {
        let paste = r#"{"detail":{"type":"authentication_error","code":"unauthorized","message":"The API key you used is missing the permission convai_write to execute this operation.","status":"missing_permissions","request_id":"3c807fc4c3a1705f9638ecc764a91c01"}}"#;
        let terms = distinctive_terms(paste);
        assert_eq!(
            &terms[..4],
            [
                "authentication_error",
                "convai_write",
                "missing_permissions",
                "request_id"
            ]
        );
        assert!(!terms.iter().any(|t| t.contains("3c807f")), "{terms:?}");
    }

    #[test]
    fn secrets_never_become_terms() {
        for secret in [
            "eyJhbGciOiJIUzI1NiJ9",
            "aGVsbG8gd29ybGQ9PT0xMjM0",
            "sk_0123456789abcdef0123",
        ] {
            assert!(distinctive_terms(secret).is_empty(), "{secret}");
        }
        let paste = "ELEVENLABS_API_KEY=sk_3f9a0c6e1b2d4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e xi-api-key: 0123456789abcdef0123456789abcdef Bearer eyJhbGciOiJIUzI1NiJ9x2 invalid_api_key";
        let terms = distinctive_terms(paste);
        assert_eq!(
            terms,
            [
                "elevenlabs_api_key",
                "invalid_api_key",
                "api",
                "key",
                "bearer"
            ]
        );
    }

    #[test]
    fn a_long_log_is_capped_and_empty_text_gives_nothing() {
        let log: String = (0..100).map(|i| format!(" word{i}x")).collect();
        let terms = distinctive_terms(&log);
        assert_eq!(terms.len(), MAX_TERMS);
        assert_eq!(terms[0], "word0x", "the first words are kept");
        assert!(distinctive_terms("").is_empty());
        assert!(distinctive_terms("   \n\t").is_empty());
    }
}

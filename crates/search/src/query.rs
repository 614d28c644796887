//! A paste, reduced: the terms worth looking up (codes, then HTTP
//! statuses, then words the site uses), the whole token stream for phrase
//! matching, and the paste's counter-evidence (codes the site never
//! names, the fields a validation error's `loc` names).

use crate::text::{is_chunk_break, is_code, is_indexable, is_status, looks_secret, tokens, Token};

/// At most this many terms are looked up: enough for any real error, few
/// enough that a long log neither drowns the match nor fetches the index.
pub const MAX_TERMS: usize = 12;

/// What kind of evidence a term is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// `snake_case`: an error code or a permission name.
    Code,
    /// An HTTP error status (`401`).
    Status,
    /// Any other word the site uses.
    Word,
}

/// One term to look up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Lower case.
    pub text: String,
    /// Code, status or word.
    pub kind: Kind,
    /// Where it stands in the paste's token stream.
    pub positions: Vec<u32>,
}

/// What the site's index tells the reducer before any shard is fetched.
pub trait Vocabulary {
    /// Whether the site may use `term` (false means certainly not).
    fn may_contain(&self, term: &str) -> bool;
    /// Whether `term` is on most of the site's pages (too common to help).
    fn is_common(&self, term: &str) -> bool;
}

/// A reduced paste.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Every token of the paste in order, lower case; tokens of secrets,
    /// URLs, paths and traceback frames are empty strings (they keep
    /// their positions, so phrases around them keep their gaps).
    pub stream: Vec<String>,
    /// The terms to look up, most distinctive first (codes, statuses,
    /// words), at most [`MAX_TERMS`].
    pub terms: Vec<Term>,
    /// HTTP statuses the paste names: a page that never mentions one
    /// expects another answer (or none).
    pub statuses: Vec<String>,
    /// Field names in a validation error's `loc`: a page about another
    /// field does not fit.
    pub fields: Vec<String>,
    /// Codes given as an error's `code`, `status`, `type` or `error` that
    /// the site never names: the error is someone else's.
    pub foreign_codes: Vec<String>,
    /// A pasted error (several lines, or a long line) rather than words
    /// typed into the box.
    pub is_paste: bool,
    /// The last token may be cut short (the reader is still typing).
    pub open_end: bool,
}

/// The byte ranges of `paste` that are noise: URLs and paths (anything
/// with a `/`), secret-shaped chunks, and traceback frame lines (`File
/// "…", line 3, in f`, `at f (file.js:1:2)`).
///
/// Also returns the host names of the URLs among them: a host
/// (`api.eu.residency.elevenlabs.io`) can tell errors apart where the
/// rest of a URL cannot.
fn noise(paste: &str) -> (Vec<std::ops::Range<usize>>, Vec<std::ops::Range<usize>>) {
    let mut ranges = Vec::new();
    let mut hosts = Vec::new();
    let mut line_start = 0;
    for line in paste.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("File \"") || trimmed.starts_with("at ") {
            ranges.push(line_start..line_start + line.len());
        }
        line_start += line.len();
    }
    let mut start = None;
    let judge = |from: usize, to: usize, ranges: &mut Vec<_>, hosts: &mut Vec<_>| {
        let chunk = &paste[from..to];
        if chunk.contains('/') || chunk.contains('\\') || looks_secret(chunk) {
            ranges.push(from..to);
        }
        // `https:` ends a chunk at its colon, so a URL's chunk starts `//`.
        if let Some(rest) = chunk.strip_prefix("//") {
            let host = to - rest.len();
            let end = paste[host..to].find('/').map_or(to, |e| host + e);
            hosts.push(host..end);
        }
    };
    for (i, c) in paste.char_indices() {
        match (is_chunk_break(c), start) {
            (false, None) => start = Some(i),
            (true, Some(from)) => {
                judge(from, i, &mut ranges, &mut hosts);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        judge(from, paste.len(), &mut ranges, &mut hosts);
    }
    (ranges, hosts)
}

/// Keys whose value is an error's own code.
const CODE_KEYS: &[&str] = &["code", "error", "error_code", "status", "type"];

impl Query {
    /// Reduces `paste`, choosing terms that `vocabulary` may contain.
    pub fn parse(paste: &str, vocabulary: &dyn Vocabulary) -> Self {
        let (noise, hosts) = noise(paste);
        let all: Vec<Token> = tokens(paste);
        let is_noise = |t: &Token| noise.iter().any(|r| r.start <= t.start && t.end <= r.end);
        let stream: Vec<String> = all
            .iter()
            .map(|t| {
                if is_noise(t) {
                    String::new()
                } else {
                    t.text.clone()
                }
            })
            .collect();
        let mut query = Query {
            is_paste: paste.trim().contains('\n') || all.len() > 12,
            open_end: paste.ends_with(is_token_end) && !paste.trim().contains('\n'),
            ..Query::default()
        };
        // Counter-evidence first: it does not spend the term budget.
        for (i, token) in all.iter().enumerate() {
            let text = &stream[i];
            if text.is_empty() {
                continue;
            }
            if is_status(text) && !query.statuses.contains(text) {
                query.statuses.push(text.clone());
            }
            if CODE_KEYS.contains(&text.as_str()) {
                if let Some(next) = all.get(i + 1) {
                    let between = &paste[token.end..next.start];
                    let value = &stream[i + 1];
                    if is_key_value_glue(between)
                        && is_code(value)
                        && !vocabulary.may_contain(value)
                        && !query.foreign_codes.contains(value)
                    {
                        query.foreign_codes.push(value.clone());
                    }
                }
            }
            if text == "loc" {
                query
                    .fields
                    .extend(loc_fields(paste, token.end, &all[i + 1..]));
            }
        }
        query.fields.dedup();
        // Then the terms: codes, statuses, words; each once, with every
        // position it takes in the paste.
        let mut candidates: Vec<Term> = Vec::new();
        for (position, text) in stream.iter().enumerate() {
            if text.is_empty() || !is_indexable(text) {
                continue;
            }
            let position = u32::try_from(position).unwrap_or(u32::MAX);
            if let Some(term) = candidates.iter_mut().find(|t| &t.text == text) {
                term.positions.push(position);
                continue;
            }
            let kind = if is_code(text) {
                Kind::Code
            } else if is_status(text) {
                Kind::Status
            } else {
                Kind::Word
            };
            candidates.push(Term {
                text: text.clone(),
                kind,
                positions: vec![position],
            });
        }
        let last = stream.len().checked_sub(1);
        let open_end = query.open_end;
        let known = |t: &Term| {
            vocabulary.may_contain(&t.text)
                || (open_end && t.positions.last().copied() == last.map(|l| l as u32))
        };
        candidates.retain(known);
        // Stable: within a kind, the paste's order; words on most of the
        // site's pages after the others (they only help phrases and short
        // queries, and a long paste has no room for them).
        candidates.sort_by_key(|t| {
            (
                t.kind,
                t.kind == Kind::Word && vocabulary.is_common(&t.text),
            )
        });
        // Last, the words of URLs' host names the site uses and few of
        // its pages share.
        for (position, token) in all.iter().enumerate() {
            let in_host = hosts
                .iter()
                .any(|h| h.start <= token.start && token.end <= h.end);
            if !in_host
                || !stream[position].is_empty()
                || !is_indexable(&token.text)
                || is_code(&token.text)
                || is_status(&token.text)
                || !vocabulary.may_contain(&token.text)
                || vocabulary.is_common(&token.text)
                || candidates.iter().any(|t| t.text == token.text)
            {
                continue;
            }
            candidates.push(Term {
                text: token.text.clone(),
                kind: Kind::Word,
                positions: vec![u32::try_from(position).unwrap_or(u32::MAX)],
            });
        }
        candidates.truncate(MAX_TERMS);
        query.terms = candidates;
        query.stream = stream;
        query
    }
}

/// Whether `c` ends a paste in the middle of a word.
fn is_token_end(c: char) -> bool {
    crate::text::is_token_char(c)
}

/// What may stand between a key and its value: quotes, `:` or `=`,
/// spaces.
fn is_key_value_glue(between: &str) -> bool {
    between.contains([':', '='])
        && between
            .chars()
            .all(|c| c.is_whitespace() || matches!(c, '"' | '\'' | ':' | '='))
}

/// The field names in the list after a `loc` key: `"loc": ["query",
/// "agent_id"]` names `agent_id` (where the field travels — body, query,
/// path, header — and list indices are not names).
fn loc_fields(paste: &str, after: usize, rest: &[Token]) -> Vec<String> {
    let tail = &paste[after..];
    let Some(open) = tail.find(['[', '(']) else {
        return Vec::new();
    };
    if !tail[..open]
        .chars()
        .all(|c| c.is_whitespace() || matches!(c, '"' | '\'' | ':' | '='))
    {
        return Vec::new();
    }
    let close = tail[open..]
        .find([']', ')'])
        .map_or(tail.len(), |c| open + c);
    let end = after + close;
    rest.iter()
        .take_while(|t| t.start < end)
        .map(|t| t.text.clone())
        .filter(|t| {
            !matches!(t.as_str(), "body" | "query" | "path" | "header" | "cookie")
                && !t.bytes().all(|b| b.is_ascii_digit())
        })
        .collect()
}

/// The terms of a paste, for a site that may contain any word: the paste
/// reducer on its own (codes, then statuses, then words).
pub fn distinctive_terms(paste: &str) -> Vec<String> {
    struct Any;
    impl Vocabulary for Any {
        fn may_contain(&self, _: &str) -> bool {
            true
        }
        fn is_common(&self, _: &str) -> bool {
            false
        }
    }
    Query::parse(paste, &Any)
        .terms
        .into_iter()
        .map(|t| t.text)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_message_gives_its_codes_status_and_words() {
        assert_eq!(
            distinctive_terms("HTTP 401 missing_permissions: The API key you used is missing the permission convai_write"),
            ["missing_permissions", "convai_write", "401", "api", "key", "missing", "permission"]
        );
    }

    #[test]
    fn a_python_traceback_loses_its_frames_paths_and_urls() {
        let paste = r#"Traceback (most recent call last):
  File "/home/me/app/backend/app.py", line 42, in start_call
    response.raise_for_status()
  File "/usr/lib/python3/dist-packages/requests/models.py", line 1021, in raise_for_status
    raise HTTPError(http_error_msg, response=self)
requests.exceptions.HTTPError: 401 Client Error: Unauthorized for url: https://api.elevenlabs.io/v1/convai/conversation/get-signed-url?agent_id=agent_01jtestagent0000000000000"#;
        let terms = distinctive_terms(paste);
        assert!(terms.contains(&"401".to_owned()), "{terms:?}");
        assert!(terms.contains(&"unauthorized".to_owned()), "{terms:?}");
        for noise in ["usr", "lib", "start_call", "1021", "convai", "agent_id"] {
            assert!(!terms.contains(&noise.to_owned()), "{noise} in {terms:?}");
        }
    }

    #[test]
    fn counter_evidence_is_read_from_the_shape_of_the_body() {
        struct Site;
        impl Vocabulary for Site {
            fn may_contain(&self, t: &str) -> bool {
                ["invalid_api_key", "agent_id", "key"].contains(&t)
            }
            fn is_common(&self, _: &str) -> bool {
                false
            }
        }
        let openai = "openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Incorrect API key provided: sk-proj-abcdefabcdef1234567890abcdef. You can find your API key at https://platform.openai.com/account/api-keys.', 'type': 'invalid_request_error', 'param': None, 'code': 'invalid_api_key'}}";
        let query = Query::parse(openai, &Site);
        assert_eq!(query.foreign_codes, ["invalid_request_error"]);
        assert_eq!(query.statuses, ["401"]);
        assert_eq!(query.terms[0].text, "invalid_api_key");
        let residency = Query::parse(
            "invalid_api_key from https://api.eu.residency.elevenlabs.io/v1/user",
            &Site,
        );
        assert_eq!(
            residency.terms.len(),
            1,
            "a host word the site lacks stays out"
        );
        let validation = r#"{"detail":[{"type":"missing","loc":["body","text"],"msg":"Field required","input":null}]}"#;
        assert_eq!(Query::parse(validation, &Site).fields, ["text"]);
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
        assert_eq!(
            distinctive_terms(paste),
            [
                "elevenlabs_api_key",
                "invalid_api_key",
                "xi",
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
        assert!(distinctive_terms("").is_empty());
        assert!(distinctive_terms("   \n\t").is_empty());
    }
}

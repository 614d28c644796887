//! Masking of secret-shaped values in any text the page shows. Whatever the
//! API (or a proxy in front of it) sends back may hold a credential: a signed
//! URL, a conversation token, a JWT, an echoed `sk_…` key. Every excerpt,
//! message and success card passes through [`redact`] before it is shown.
//!
//! The rules work on shapes (and the few names that always announce a
//! credential), never on the body's field names, so a secret in a body of
//! a shape nobody has seen yet is still hidden:
//! - a URL (`scheme://…`) keeps its scheme, host and path; every query value
//!   and the fragment are hidden (a signed URL's signature lives there);
//! - a JWT (`eyJ…` with dots) is hidden whole;
//! - any run of letters and digits (inside a token, `_` joins) of 32 or more
//!   characters, or of 16 or more with at least three digits and three
//!   letters, is hidden (a long run needs six different characters, so
//!   `xxxx…` padding stays): keys (`sk_` + 48 hex, 32-hex older keys), tokens,
//!   signatures. Words, permission names, paths and model ids stay;
//! - after a credential's name and its `:` or `=` (`password: …`,
//!   `Authorization: …`), the value is hidden whatever its shape; after an
//!   authentication scheme (`Basic`, `Bearer`), a word that is no English
//!   word is (a `Basic` credential is base64 of `user:password`, often too
//!   short to look random).
//!
//! Agent ids (`agent_…`, `seng_…`) are what the reader typed and stay.

use crate::text::{after, before, find, replace_all, split_once};

/// What a hidden value is replaced with.
pub const HIDDEN: &str = "…";

/// Public ids the reader typed; never masked.
const PUBLIC_ID_PREFIXES: [&str; 2] = ["agent_", "seng_"];

/// Characters that end a word: a URL or token never spans them.
fn ends_word(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '\''
                | '`'
                | '<'
                | '>'
                | '\\'
                | ','
                | ';'
                | '('
                | ')'
                | '['
                | ']'
                | '{'
                | '}'
                | '|'
        )
}

/// Characters a token (key, id, token, path) is made of.
fn in_token(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '~')
}

/// Names after which the next value is a credential whatever its shape
/// (`password: hunter2`, `"secret":"…"`, `token=…`).
const CREDENTIAL_NAMES: [&str; 8] = [
    "authorization",
    "xi-api-key",
    "api-key",
    "api_key",
    "apikey",
    "password",
    "secret",
    "token",
];

/// HTTP authentication schemes: the word after one is its credential
/// (`Basic dXNlcjpodW50ZXIy` is `user:hunter2`, too short to look random).
const AUTH_SCHEMES: [&str; 2] = ["basic", "bearer"];

/// What a word says about the word after it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Announces {
    Nothing,
    /// A credential's name, if a `:` or `=` follows.
    Name,
    /// A credential: the next word is hidden whole.
    Credential,
    /// An authentication scheme: the next word is hidden if it looks like
    /// a credential (so `Basic plan` stays).
    Scheme,
}

/// `text` with every secret-shaped value replaced by [`HIDDEN`].
pub fn redact(text: &str) -> String {
    // JSON may escape slashes; a URL written `wss:\/\/…` is still a URL.
    let text = replace_all(text, "\\/", "/");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    let mut announced = Announces::Nothing;
    while !rest.is_empty() {
        let start = rest.find(|c: char| !ends_word(c)).unwrap_or(rest.len());
        out.push_str(before(rest, start));
        rest = after(rest, start);
        let end = rest.find(ends_word).unwrap_or(rest.len());
        let word = before(rest, end);
        announced = match (announced, announcement(word)) {
            // `Authorization: Basic …`: the scheme stays, its credential goes.
            (Announces::Credential, Announces::Scheme) => {
                out.push_str(word);
                Announces::Credential
            }
            (Announces::Credential, _) => {
                out.push_str(HIDDEN);
                Announces::Nothing
            }
            (Announces::Scheme, next) => {
                if looks_like_credential(word) {
                    out.push_str(HIDDEN);
                } else {
                    redact_word(word, &mut out);
                }
                next
            }
            (Announces::Name, _) if word == ":" || word == "=" => {
                out.push_str(word);
                Announces::Credential
            }
            (_, next) => {
                redact_word(word, &mut out);
                next
            }
        };
        rest = after(rest, end);
    }
    out
}

/// A word after `Basic` or `Bearer` that is no English word: six or more
/// characters with a digit, a `+`, `/` or `=`, or upper and lower case.
fn looks_like_credential(word: &str) -> bool {
    let has = |test: fn(&u8) -> bool| word.as_bytes().iter().any(test);
    word.len() >= 6
        && (has(u8::is_ascii_digit)
            || has(|b| matches!(b, b'+' | b'/' | b'='))
            || (has(u8::is_ascii_uppercase) && has(u8::is_ascii_lowercase)))
}

/// Whether `word` names a credential (ending in `:` or `=`, or before a
/// lone one) or is an authentication scheme.
fn announcement(word: &str) -> Announces {
    let name = word.trim_end_matches([':', '=']);
    let is = |names: &[&str]| names.iter().any(|n| n.eq_ignore_ascii_case(name));
    if is(&AUTH_SCHEMES) && name.len() == word.len() {
        Announces::Scheme
    } else if !is(&CREDENTIAL_NAMES) {
        Announces::Nothing
    } else if name.len() < word.len() {
        Announces::Credential
    } else {
        Announces::Name
    }
}

fn redact_word(word: &str, out: &mut String) {
    // `password=hunter2`, `token:abc` in one word.
    if let Some(at) = word.find([':', '=']) {
        let value = after(word, at + 1);
        if !value.is_empty()
            && !value.starts_with('/')
            && announcement(before(word, at + 1)) == Announces::Credential
        {
            out.push_str(before(word, at + 1));
            out.push_str(HIDDEN);
            return;
        }
    }
    if let Some(at) = find(word, "://") {
        let scheme = before(word, at);
        let scheme_start = scheme.len()
            - scheme
                .chars()
                .rev()
                .take_while(char::is_ascii_alphabetic)
                .count();
        redact_tokens(before(word, scheme_start), out);
        out.push_str(&mask_url(after(word, scheme_start)));
    } else {
        redact_tokens(word, out);
    }
}

/// Masks the tokens of a word that holds no URL.
fn redact_tokens(word: &str, out: &mut String) {
    let mut rest = word;
    while !rest.is_empty() {
        let start = rest.find(in_token).unwrap_or(rest.len());
        out.push_str(before(rest, start));
        rest = after(rest, start);
        let end = rest.find(|c: char| !in_token(c)).unwrap_or(rest.len());
        redact_token(before(rest, end), out);
        rest = after(rest, end);
    }
}

fn redact_token(token: &str, out: &mut String) {
    if PUBLIC_ID_PREFIXES.iter().any(|p| token.starts_with(p)) {
        out.push_str(token);
        return;
    }
    // A JWT, alone or glued to a prefix such as `query.`.
    let mut jwt = None;
    let mut from = 0;
    while let Some(at) = crate::text::find_from(token, "eyJ", from) {
        let starts_word = !before(token, at).ends_with(|c: char| c.is_ascii_alphanumeric());
        if starts_word && after(token, at).contains('.') {
            jwt = Some(at);
            break;
        }
        from = at + 1;
    }
    if let Some(at) = jwt {
        redact_token(before(token, at), out);
        out.push_str("eyJ");
        out.push_str(HIDDEN);
        return;
    }
    // Runs of letters, digits and `_`, judged without their `_`.
    let mut rest = token;
    while !rest.is_empty() {
        let start = rest.find(is_run_char).unwrap_or(rest.len());
        out.push_str(before(rest, start));
        rest = after(rest, start);
        let end = rest.find(|c| !is_run_char(c)).unwrap_or(rest.len());
        let run = before(rest, end);
        match secret_start(run) {
            Some(at) => {
                out.push_str(before(run, at));
                out.push_str(HIDDEN);
            }
            None => out.push_str(run),
        }
        rest = after(rest, end);
    }
}

fn is_run_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Where the secret in a run starts: `sk_` and similar short prefixes stay
/// readable (`sk_…`), the rest goes. `None` when the run is no secret.
fn secret_start(run: &str) -> Option<usize> {
    let (letters, digits) = run.bytes().fold((0, 0), |(l, d), b| {
        (
            l + usize::from(b.is_ascii_alphabetic()),
            d + usize::from(b.is_ascii_digit()),
        )
    });
    let len = letters + digits;
    let varied = || {
        let mut seen = [false; 128];
        run.bytes()
            .filter(|b| b.is_ascii_alphanumeric())
            .for_each(|b| seen[usize::from(b)] = true);
        seen.iter().filter(|s| **s).count() >= 6
    };
    let secret = (len >= 32 && varied()) || (len >= 16 && letters >= 3 && digits >= 3);
    if !secret {
        return None;
    }
    // Keep a short lower-case prefix such as `sk_` or `sk_live_`.
    let mut keep = 0;
    for (i, part) in run.split_inclusive('_').enumerate() {
        let readable = part.len() <= 5 && part.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
        if i > 1 || !readable || !part.ends_with('_') {
            break;
        }
        keep += part.len();
    }
    Some(keep)
}

/// A URL with what may carry a credential hidden: every query value and the
/// fragment, and secret-shaped path segments. Scheme, host, path and the
/// query's parameter names stay, so the reader sees what was issued.
pub fn mask_url(url: &str) -> String {
    let (before_fragment, fragment) = url.split_once('#').unwrap_or((url, ""));
    let (base, query) = before_fragment
        .split_once('?')
        .unwrap_or((before_fragment, ""));
    let mut out = String::with_capacity(url.len());
    match split_once(base, "://") {
        Some((scheme, rest)) => {
            out.push_str(scheme);
            out.push_str("://");
            // The host may carry `user:password@`.
            let (host, path) = rest
                .split_once('/')
                .map_or((rest, None), |(h, p)| (h, Some(p)));
            match host.rsplit_once('@') {
                Some((_, host)) => {
                    out.push_str(HIDDEN);
                    out.push('@');
                    out.push_str(host);
                }
                None => out.push_str(host),
            }
            if let Some(path) = path {
                out.push('/');
                redact_tokens(path, &mut out);
            }
        }
        None => redact_tokens(base, &mut out),
    }
    if !query.is_empty() {
        out.push('?');
        for (i, pair) in query.split('&').enumerate() {
            if i > 0 {
                out.push('&');
            }
            let name = pair.split_once('=').map_or(pair, |(name, _)| name);
            redact_tokens(name, &mut out);
            out.push('=');
            out.push_str(HIDDEN);
        }
    }
    if !fragment.is_empty() {
        out.push('#');
        out.push_str(HIDDEN);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "sk_0123456789abcdef0123456789abcdef0123456789abcdef";

    #[test]
    fn signed_urls_keep_host_path_and_names() {
        assert_eq!(
            mask_url("wss://api.elevenlabs.io/v1/convai/conversation?agent_id=agent_1&conversation_signature=s3cr3t"),
            "wss://api.elevenlabs.io/v1/convai/conversation?agent_id=…&conversation_signature=…"
        );
        assert_eq!(mask_url("https://h/p#tok=abc"), "https://h/p#…");
        assert_eq!(mask_url("https://user:pw@h/p"), "https://…@h/p");
        // A token in the path of a URL of another shape.
        assert_eq!(
            mask_url("wss://h/v1/c/Zx81kQ2mA9pL0sT7vW3yB5nC"),
            "wss://h/v1/c/…"
        );
    }

    #[test]
    fn keys_tokens_and_jwts_are_hidden_in_text() {
        assert_eq!(
            redact(&format!("echo: {KEY} rejected")),
            "echo: sk_… rejected"
        );
        assert_eq!(
            redact("old key 0123456789abcdef0123456789abcdef here"),
            "old key … here"
        );
        assert_eq!(
            redact("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig_nature"),
            "jwt eyJ…"
        );
        assert_eq!(
            redact(r#"{"token":"cvtkn_SECRET_SIGNATURE_0123456789"}"#),
            r#"{"token":"…"}"#
        );
        assert_eq!(redact("sk_live_51Habcdefghijklmnop0123456789"), "sk_live_…");
        assert_eq!(
            redact(r#""url":"wss:\/\/h\/p?s=abc""#),
            r#""url":"wss://h/p?s=…""#
        );
    }

    #[test]
    fn words_ids_and_paths_stay() {
        for text in [
            "The API key you used is missing the permission convai_write to execute this operation.",
            "too_many_concurrent_requests",
            "Agent agent_3701k3ttaq12ewp8b7qv5rfyszkz was not found",
            "GET /v1/convai/conversation/get-signed-url?agent_id=x",
            "model eleven_multilingual_v2 and eleven_turbo_v2_5",
            "task_sk_x and sk_ alone",
            "HTTP 401 Unauthorized at 2026-11-29T10:00:00Z",
        ] {
            assert_eq!(redact(text), text);
        }
    }

    #[test]
    fn secrets_glued_to_urls_or_ids_are_still_hidden() {
        // A proxy URL with its credentials, behind a name.
        assert_eq!(
            redact("proxy=https://admin:hunter2@proxy.example/"),
            "proxy=https://…@proxy.example/"
        );
        // A token in a query string that also holds a URL.
        assert_eq!(
            redact("?state=0123456789abcdef0123456789abcdef&redirect_uri=https://app.example/cb"),
            "?state=…&redirect_uri=https://app.example/cb"
        );
        // An agent id stays; a key glued to it by punctuation does not.
        assert_eq!(
            redact(&format!("agent_3701k3ttaq12ewp8b7qv5rfyszkz/{KEY}")),
            "agent_3701k3ttaq12ewp8b7qv5rfyszkz/sk_…"
        );
    }

    #[test]
    fn a_credential_after_its_name_or_scheme_is_hidden_whatever_its_shape() {
        for (text, shown) in [
            (
                "Authorization: Basic dXNlcjpodW50ZXIy",
                "Authorization: Basic …",
            ),
            (
                "header Authorization: dXNlcjpodW50ZXIy sent",
                "header Authorization: … sent",
            ),
            ("got Bearer hunter2 from you", "got Bearer … from you"),
            ("xi-api-key: sk_short", "xi-api-key: …"),
            (
                r#"{"password":"hunter2","user":"me"}"#,
                r#"{"password":"…","user":"me"}"#,
            ),
            ("secret = letmein now", "secret = … now"),
            ("login password=hunter2 failed", "login password=… failed"),
            ("TOKEN:abc", "TOKEN:…"),
        ] {
            assert_eq!(redact(text), shown, "{text}");
        }
        // The names alone, or in prose, hide nothing.
        for text in [
            "The token expired; a password is needed",
            "Upgrade from the Basic plan",
            "Bearer tokens are not supported",
            "token_invalid and api_key_not_verifiable",
        ] {
            assert_eq!(redact(text), text);
        }
    }

    #[test]
    fn words_that_hold_eyj_are_not_jwts() {
        for text in ["see keyJar.txt", "heyJude.mp3 and eyJ alone"] {
            assert_eq!(redact(text), text);
        }
    }

    #[test]
    fn a_long_token_of_letters_with_few_digits_is_hidden_and_a_dotted_host_stays() {
        // 30 letters and 2 digits, or 32 letters: long and varied enough to
        // be a token.
        assert_eq!(
            redact("session hQzWkPfLmNbVcXrTyUiOpAsDfGhJkL9x2 expired"),
            "session … expired"
        );
        assert_eq!(
            redact("session hQzWkPfLmNbVcXrTyUiOpAsDfGhJkLxZ expired"),
            "session … expired"
        );
        // Pieces joined by - and . are judged one by one: a host name stays.
        let text = "upstream ip-10-0-12-34.eu-west-1.compute.internal refused";
        assert_eq!(redact(text), text);
    }
}

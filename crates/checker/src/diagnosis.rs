//! What an answer from the API means. Takes the HTTP status, a few headers
//! and the body text (or the way the request failed) and names the outcome.
//! Never depends on an exact message: the `detail.status` code, the HTTP
//! status and permission names decide, and anything unrecognised still gets
//! an outcome with its status and an excerpt of the body.

use crate::json::Json;
use crate::text::join;

/// How many characters of an unrecognised body are shown.
pub const EXCERPT_CHARS: usize = 300;

/// The permission the check needs.
pub const REQUIRED_PERMISSION: &str = "convai_write";

/// Every permission name known to appear in ElevenLabs' messages.
pub const KNOWN_PERMISSIONS: [&str; 25] = [
    "text_to_speech",
    "speech_to_speech",
    "speech_to_text",
    "sound_generation",
    "audio_isolation",
    "voice_generation",
    "dubbing_read",
    "dubbing_write",
    "projects_read",
    "projects_write",
    "audio_native_read",
    "audio_native_write",
    "pronunciation_dictionaries_read",
    "pronunciation_dictionaries_write",
    "voices_read",
    "voices_write",
    "models_read",
    "speech_history_read",
    "speech_history_write",
    "user_read",
    "user_write",
    "workspace_read",
    "workspace_write",
    "convai_read",
    "convai_write",
];

/// An HTTP answer, as far as the diagnosis needs it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HttpAnswer {
    /// The status code.
    pub status: u16,
    /// The `Content-Type` header.
    pub content_type: Option<String>,
    /// The `Retry-After` header.
    pub retry_after: Option<String>,
    /// The body as text (possibly cut short).
    pub body: String,
}

/// Why no HTTP answer arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// `fetch` rejected: offline, DNS, refused connection, a CORS or
    /// preflight refusal, a blocking extension. Browsers do not say which.
    Blocked,
    /// No answer within the time limit; the request was aborted.
    Timeout,
    /// The answer started but its body could not be read to the end.
    BodyUnreadable,
}

/// What the outcome of the check is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Diagnosis {
    /// 200 with a signed URL: the key works and has `convai_write`.
    SignedUrlIssued {
        /// The URL with its secret parts hidden.
        masked_url: String,
    },
    /// The key is valid but lacks permissions.
    MissingPermissions {
        /// The permission names found in the message (may be empty when the
        /// message names none).
        permissions: Vec<String>,
        /// The API's message.
        message: String,
    },
    /// The key is unknown, revoked or mistyped (or belongs to another
    /// residency host).
    InvalidKey {
        /// The API's message.
        message: String,
    },
    /// The API saw no key at all.
    NoKey {
        /// The API's message.
        message: String,
    },
    /// The account is out of credits.
    QuotaExceeded {
        /// The API's message.
        message: String,
    },
    /// The free tier was blocked for unusual activity.
    UnusualActivity {
        /// The API's message.
        message: String,
    },
    /// The key is fine but the agent id is not: not found (404) or rejected
    /// by validation (400/422).
    AgentProblem {
        /// The HTTP status.
        status: u16,
        /// What the API said, as text.
        message: String,
    },
    /// Too many requests; try again later.
    RateLimited {
        /// `detail.status`, such as `too_many_concurrent_requests`.
        code: Option<String>,
        /// The `Retry-After` header, when given.
        retry_after: Option<String>,
        /// The API's message.
        message: String,
    },
    /// A 5xx answer (JSON or not).
    ServerError {
        /// The HTTP status.
        status: u16,
        /// Whether the body was an HTML page (a proxy or gateway answered).
        html: bool,
        /// The start of the body, as text.
        excerpt: String,
    },
    /// A 2xx answer that is not the expected JSON.
    UnexpectedSuccess {
        /// The HTTP status.
        status: u16,
        /// The start of the body, as text.
        excerpt: String,
    },
    /// A status or error code the checker does not recognise.
    Unrecognised {
        /// The HTTP status.
        status: u16,
        /// `detail.status`, when the body had one.
        code: Option<String>,
        /// The start of the body, as text.
        excerpt: String,
    },
    /// The request never got an answer.
    NoAnswer(Failure),
}

/// What `detail` held, normalised.
struct ParsedError {
    code: Option<String>,
    message: String,
    about_agent: bool,
}

/// Reads FastAPI's error shapes: `{"detail": {"status", "message"}}`,
/// `{"detail": [{"loc", "msg"}, …]}` (validation) or `{"detail": "text"}`.
fn parse_error(body: &str) -> Option<ParsedError> {
    let parsed = Json::parse(body)?;
    let detail = parsed.get("detail")?;
    let text = |v: Option<&Json>| v.and_then(Json::as_str).map(str::to_owned);
    Some(match detail {
        Json::Object(_) => {
            let code = text(detail.get("status"));
            let message = text(detail.get("message")).unwrap_or_default();
            ParsedError {
                about_agent: mentions_agent(&message)
                    || code.as_deref().is_some_and(mentions_agent),
                code,
                message,
            }
        }
        Json::Array(items) => {
            let mut about_agent = false;
            let mut parts = Vec::new();
            for item in items {
                let loc: Vec<String> = item
                    .get("loc")
                    .and_then(Json::as_array)
                    .map(|loc| {
                        loc.iter()
                            .map(|l| match l {
                                Json::String(s) | Json::Number(s) => s.clone(),
                                _ => "?".to_owned(),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                about_agent |= loc.iter().any(|l| l == "agent_id");
                let msg = text(item.get("msg")).unwrap_or_default();
                parts.push(format!("{}: {msg}", join(&loc, ".")));
            }
            ParsedError {
                code: None,
                message: join(&parts, "; "),
                about_agent,
            }
        }
        Json::String(message) => ParsedError {
            code: None,
            about_agent: mentions_agent(message),
            message: message.clone(),
        },
        _ => return None,
    })
}

fn signed_url(body: &str) -> Option<String> {
    let parsed = Json::parse(body)?;
    let url = parsed.get("signed_url")?.as_str()?;
    (!url.is_empty()).then(|| url.to_owned())
}

fn mentions_agent(text: &str) -> bool {
    text.to_ascii_lowercase().contains("agent")
}

/// Names the outcome of an answer.
pub fn diagnose(answer: &HttpAnswer) -> Diagnosis {
    let status = answer.status;
    let error = parse_error(&answer.body);
    let code = error.as_ref().and_then(|e| e.code.clone());
    let message = error
        .as_ref()
        .map(|e| e.message.clone())
        .unwrap_or_default();
    match status {
        200..=299 => match signed_url(&answer.body) {
            Some(url) => Diagnosis::SignedUrlIssued {
                masked_url: mask_signed_url(&url),
            },
            None => Diagnosis::UnexpectedSuccess {
                status,
                excerpt: excerpt(&answer.body),
            },
        },
        429 => Diagnosis::RateLimited {
            code,
            retry_after: answer.retry_after.clone().filter(|v| !v.trim().is_empty()),
            message,
        },
        500..=599 => Diagnosis::ServerError {
            status,
            html: is_html(answer),
            excerpt: excerpt(&answer.body),
        },
        _ => diagnose_client_error(answer, error, code, message),
    }
}

fn diagnose_client_error(
    answer: &HttpAnswer,
    error: Option<ParsedError>,
    code: Option<String>,
    message: String,
) -> Diagnosis {
    let status = answer.status;
    match code.as_deref() {
        Some("missing_permissions") => {
            return Diagnosis::MissingPermissions {
                permissions: permissions_in(&message),
                message,
            }
        }
        Some("invalid_api_key") => return Diagnosis::InvalidKey { message },
        Some("needs_authorization") => return Diagnosis::NoKey { message },
        Some("quota_exceeded") => return Diagnosis::QuotaExceeded { message },
        Some("detected_unusual_activity") => return Diagnosis::UnusualActivity { message },
        Some("too_many_concurrent_requests" | "system_busy") => {
            return Diagnosis::RateLimited {
                code,
                retry_after: answer.retry_after.clone(),
                message,
            }
        }
        _ => {}
    }
    let about_agent = error.as_ref().is_some_and(|e| e.about_agent);
    match status {
        404 if error.is_some() || about_agent => Diagnosis::AgentProblem { status, message },
        400 | 422 if about_agent => Diagnosis::AgentProblem { status, message },
        // A 401 whose code is new but whose message speaks of permissions.
        401 | 403 if message.to_ascii_lowercase().contains("permission") => {
            Diagnosis::MissingPermissions {
                permissions: permissions_in(&message),
                message,
            }
        }
        _ => Diagnosis::Unrecognised {
            status,
            code,
            excerpt: excerpt(&answer.body),
        },
    }
}

/// Permission names in a message: every known name, plus the word after
/// "permission" when it looks like one.
pub fn permissions_in(message: &str) -> Vec<String> {
    let words: Vec<&str> = message
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut found: Vec<String> = Vec::new();
    let mut add = |name: &str| {
        if !found.iter().any(|f| f == name) {
            found.push(name.to_owned());
        }
    };
    for (i, word) in words.iter().enumerate() {
        let after_permission = i > 0 && words[i - 1].to_ascii_lowercase().starts_with("permission");
        let looks_like_scope =
            word.contains('_') && word.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
        if KNOWN_PERMISSIONS.contains(word) || (after_permission && looks_like_scope) {
            add(word);
        }
    }
    found
}

/// Shows that a signed URL was issued without revealing it: scheme, host and
/// path stay, the query (which carries the signature) is hidden.
pub fn mask_signed_url(url: &str) -> String {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    if query.is_empty() {
        return base.to_owned();
    }
    let names: Vec<&str> = query
        .split('&')
        .map(|pair| pair.split_once('=').map_or(pair, |(name, _)| name))
        .collect();
    let hidden: Vec<String> = names.iter().map(|name| format!("{name}=…")).collect();
    format!("{base}?{}", join(&hidden, "&"))
}

/// Hides what an answer must not show even when it is not understood: the
/// query of any `wss://` URL (a signed URL's signature) and anything shaped
/// like an API key (`sk_` followed by hex).
pub fn redact_secrets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let next_url = rest.find("wss://");
        let next_key = rest.find("sk_");
        let Some(at) = [next_url, next_key].into_iter().flatten().min() else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '\\'))
            .unwrap_or(rest.len());
        let token = &rest[..end];
        if token.starts_with("wss://") {
            out.push_str(&mask_signed_url(token));
        } else if token.len() > 3 + 8 && token[3..].bytes().take(8).all(|b| b.is_ascii_hexdigit()) {
            out.push_str("sk_…");
        } else {
            out.push_str(token);
        }
        rest = &rest[end..];
    }
}

fn is_html(answer: &HttpAnswer) -> bool {
    answer
        .content_type
        .as_deref()
        .is_some_and(|t| t.to_ascii_lowercase().contains("html"))
        || answer.body.trim_start().starts_with('<')
}

/// The first [`EXCERPT_CHARS`] characters of `body`, with `…` when cut, and
/// secrets hidden: signed URLs lose their query, API keys their body.
pub fn excerpt(body: &str) -> String {
    let redacted = redact_secrets(body);
    let body = redacted.trim();
    match body.char_indices().nth(EXCERPT_CHARS) {
        Some((at, _)) => format!("{}…", &body[..at]),
        None => body.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> HttpAnswer {
        HttpAnswer {
            status,
            content_type: Some("application/json".into()),
            retry_after: None,
            body: body.into(),
        }
    }

    fn coded(status: &str, message: &str) -> String {
        serde_json::json!({"detail": {"status": status, "message": message}}).to_string()
    }

    #[test]
    fn signed_url_is_masked() {
        let body = r#"{"signed_url":"wss://api.elevenlabs.io/v1/convai/conversation?agent_id=agent_1&conversation_signature=s3cr3t"}"#;
        let Diagnosis::SignedUrlIssued { masked_url } = diagnose(&answer(200, body)) else {
            panic!("not a success");
        };
        assert_eq!(
            masked_url,
            "wss://api.elevenlabs.io/v1/convai/conversation?agent_id=…&conversation_signature=…"
        );
        assert!(!masked_url.contains("s3cr3t"));
    }

    #[test]
    fn missing_permissions_names_the_permission() {
        let body = coded(
            "missing_permissions",
            "The API key you used is missing the permission convai_write to execute this operation.",
        );
        let d = diagnose(&answer(401, &body));
        assert_eq!(
            d,
            Diagnosis::MissingPermissions {
                permissions: vec!["convai_write".into()],
                message: "The API key you used is missing the permission convai_write to execute this operation.".into(),
            }
        );
    }

    #[test]
    fn missing_permissions_with_several_or_unknown_names() {
        let body = coded(
            "missing_permissions",
            "missing the permissions convai_write, convai_read",
        );
        let Diagnosis::MissingPermissions { permissions, .. } = diagnose(&answer(401, &body))
        else {
            panic!()
        };
        assert_eq!(permissions, ["convai_write", "convai_read"]);
        // A permission name the checker has never heard of.
        let body = coded(
            "missing_permissions",
            "missing the permission agents_admin to do that",
        );
        let Diagnosis::MissingPermissions { permissions, .. } = diagnose(&answer(401, &body))
        else {
            panic!()
        };
        assert_eq!(permissions, ["agents_admin"]);
        // No name at all.
        let body = coded("missing_permissions", "Not allowed.");
        let Diagnosis::MissingPermissions { permissions, .. } = diagnose(&answer(401, &body))
        else {
            panic!()
        };
        assert!(permissions.is_empty());
    }

    #[test]
    fn every_documented_401() {
        let cases = [
            ("invalid_api_key", "Invalid API key"),
            (
                "needs_authorization",
                "Neither authorization header nor xi-api-key received, please provide one.",
            ),
            (
                "quota_exceeded",
                "This request exceeds your quota of 10000.",
            ),
            ("detected_unusual_activity", "Unusual activity detected."),
        ];
        let got: Vec<Diagnosis> = cases
            .iter()
            .map(|(code, message)| diagnose(&answer(401, &coded(code, message))))
            .collect();
        assert_eq!(
            got,
            [
                Diagnosis::InvalidKey {
                    message: cases[0].1.into()
                },
                Diagnosis::NoKey {
                    message: cases[1].1.into()
                },
                Diagnosis::QuotaExceeded {
                    message: cases[2].1.into()
                },
                Diagnosis::UnusualActivity {
                    message: cases[3].1.into()
                },
            ]
        );
    }

    #[test]
    fn agent_not_found_in_any_shape() {
        let bodies = [
            coded("agent_not_found", "Agent with id agent_x not found"),
            r#"{"detail":"Agent not found"}"#.to_owned(),
            r#"{"detail":{"status":"not_found","message":"Document not found"}}"#.to_owned(),
        ];
        for body in bodies {
            assert!(
                matches!(
                    diagnose(&answer(404, &body)),
                    Diagnosis::AgentProblem { status: 404, .. }
                ),
                "{body}"
            );
        }
        // A bare 404 page from elsewhere is not blamed on the agent id.
        assert!(matches!(
            diagnose(&answer(404, "<html>Not Found</html>")),
            Diagnosis::Unrecognised { status: 404, .. }
        ));
    }

    #[test]
    fn validation_error_on_agent_id() {
        let body = r#"{"detail":[{"loc":["query","agent_id"],"msg":"field required","type":"value_error.missing"}]}"#;
        assert_eq!(
            diagnose(&answer(422, body)),
            Diagnosis::AgentProblem {
                status: 422,
                message: "query.agent_id: field required".into()
            }
        );
        // Validation of something else is not the agent id's fault.
        let body = r#"{"detail":[{"loc":["header","xi-api-key"],"msg":"bad"}]}"#;
        assert!(matches!(
            diagnose(&answer(422, body)),
            Diagnosis::Unrecognised { .. }
        ));
    }

    #[test]
    fn rate_limits_keep_retry_after() {
        for code in ["too_many_concurrent_requests", "system_busy"] {
            let mut a = answer(429, &coded(code, "Too many concurrent requests"));
            a.retry_after = Some("7".into());
            assert_eq!(
                diagnose(&a),
                Diagnosis::RateLimited {
                    code: Some(code.into()),
                    retry_after: Some("7".into()),
                    message: "Too many concurrent requests".into()
                }
            );
        }
        // A 429 with no body at all is still a rate limit.
        assert!(matches!(
            diagnose(&answer(429, "")),
            Diagnosis::RateLimited {
                code: None,
                retry_after: None,
                ..
            }
        ));
    }

    #[test]
    fn server_errors_json_or_html() {
        let mut a = answer(502, "<!doctype html><title>Bad gateway</title>");
        a.content_type = Some("text/html; charset=utf-8".into());
        assert_eq!(
            diagnose(&a),
            Diagnosis::ServerError {
                status: 502,
                html: true,
                excerpt: "<!doctype html><title>Bad gateway</title>".into()
            }
        );
        assert!(matches!(
            diagnose(&answer(500, &coded("internal", "oops"))),
            Diagnosis::ServerError {
                status: 500,
                html: false,
                ..
            }
        ));
    }

    #[test]
    fn malformed_success_bodies() {
        for body in [
            "",
            "{",
            r#"{"signed_url": "wss://api.elevenlabs.io/v1/con"#,
            r#"{"signed_url": ""}"#,
            r#"{"url": "x"}"#,
            "<html>captive portal</html>",
            "null",
        ] {
            assert!(
                matches!(
                    diagnose(&answer(200, body)),
                    Diagnosis::UnexpectedSuccess { status: 200, .. }
                ),
                "{body}"
            );
        }
    }

    #[test]
    fn unknown_statuses_keep_an_excerpt() {
        let body = "x".repeat(1000);
        let Diagnosis::Unrecognised {
            status,
            code,
            excerpt,
        } = diagnose(&answer(418, &body))
        else {
            panic!()
        };
        assert_eq!((status, code), (418, None));
        assert_eq!(excerpt.chars().count(), EXCERPT_CHARS + 1);
        assert!(excerpt.ends_with('…'));
        let d = diagnose(&answer(401, &coded("brand_new_code", "Something new")));
        assert!(
            matches!(d, Diagnosis::Unrecognised { status: 401, code: Some(ref c), .. } if c == "brand_new_code")
        );
        // Truncated JSON on an error status.
        assert!(matches!(
            diagnose(&answer(401, r#"{"detail": {"status": "invalid_api"#)),
            Diagnosis::Unrecognised {
                status: 401,
                code: None,
                ..
            }
        ));
        // Status 0 and other nonsense do not panic.
        assert!(matches!(
            diagnose(&answer(0, "")),
            Diagnosis::Unrecognised { .. }
        ));
        assert!(matches!(
            diagnose(&answer(301, "")),
            Diagnosis::Unrecognised { .. }
        ));
    }

    #[test]
    fn excerpts_never_show_signed_urls_or_keys() {
        // Found by the property tests: a cut signed-URL body on an unknown
        // status showed the signature in the excerpt.
        let body = r#"{"signed_url":"wss://api.elevenlabs.io/v1/convai/conversation?agent_id=a&conversation_signature=s3cr3t"#;
        let Diagnosis::Unrecognised { excerpt, .. } = diagnose(&answer(0, body)) else {
            panic!()
        };
        assert!(!excerpt.contains("s3cr3t"), "{excerpt}");
        assert!(excerpt.contains("conversation_signature=…"), "{excerpt}");
        let body = "echo: sk_0123456789abcdef0123456789abcdef0123456789abcdef rejected";
        assert_eq!(excerpt_of(body), "echo: sk_… rejected");
        assert_eq!(
            excerpt_of("task_sk_x and sk_ alone"),
            "task_sk_x and sk_ alone"
        );
    }

    fn excerpt_of(body: &str) -> String {
        excerpt(body)
    }

    #[test]
    fn excerpt_cuts_on_characters_not_bytes() {
        let body = "é".repeat(400);
        let cut = excerpt(&body);
        assert_eq!(cut.chars().count(), EXCERPT_CHARS + 1);
    }

    #[test]
    fn permission_words_in_new_401_codes() {
        let body = coded(
            "forbidden_scope",
            "This key lacks the permission convai_write",
        );
        assert!(matches!(
            diagnose(&answer(401, &body)),
            Diagnosis::MissingPermissions { ref permissions, .. } if permissions == &["convai_write"]
        ));
    }
}

//! What an answer from the API means. Takes the HTTP status, a few headers
//! and the body text (or the way the request failed) and names the outcome.
//!
//! Bodies come in four shapes (see `shared/elevenlabs-api.md`): the legacy
//! `{"detail":{"status","message"}}`, the current
//! `{"detail":{"type","code","message","status","request_id","param"}}`,
//! a validation list `{"detail":[{"loc","msg",…}]}` (Pydantic v1 and v2) and
//! a string `{"detail":"…"}`; proxies and CDNs in front of the API answer
//! with HTML pages. The outcome is decided on `detail.status`, then
//! `detail.code`, then the HTTP status, never on a message's exact words;
//! anything unrecognised still gets an outcome with an excerpt of the body.

use crate::json::Json;
use crate::secrets::{mask_url, redact};
use crate::text::{after, before, concat, contains, join, replace_all};
use crate::verdict::Speaker;

/// How many characters of an unrecognised body are shown.
pub const EXCERPT_CHARS: usize = 300;

/// How many characters of an HTML page's title are shown.
pub const TITLE_CHARS: usize = 100;

/// The permission the check needs.
pub const REQUIRED_PERMISSION: &str = "convai_write";

/// Every permission name an API key can have: the API's `PermissionType`
/// (elevenlabs-python `types/permission_type.py`, July 2026). The list
/// grows; names not in it are still read from messages.
pub const KNOWN_PERMISSIONS: [&str; 49] = [
    "text_to_speech",
    "speech_to_speech",
    "speech_to_text",
    "models_read",
    "models_write",
    "voices_read",
    "voices_write",
    "speech_history_read",
    "speech_history_write",
    "sound_generation",
    "audio_isolation",
    "voice_generation",
    "dubbing_read",
    "dubbing_write",
    "pronunciation_dictionaries_read",
    "pronunciation_dictionaries_write",
    "user_read",
    "user_write",
    "projects_read",
    "projects_write",
    "audio_native_read",
    "audio_native_write",
    "workspace_read",
    "workspace_write",
    "forced_alignment",
    "convai_read",
    "convai_write",
    "music_generation",
    "image_video_generation",
    "flows",
    "templates",
    "add_voice_from_voice_library",
    "create_instant_voice_clone",
    "create_professional_voice_clone",
    "publish_voice_to_voice_library",
    "share_voice_externally",
    "create_user_api_key",
    "workspace_analytics_full_read",
    "webhooks_write",
    "service_account_write",
    "group_members_manage",
    "workspace_members_read",
    "workspace_members_invite",
    "workspace_members_remove",
    "terms_of_service_accept",
    "audit_log_read",
    "conversation_privacy_manage",
    "copy_resources_cross_workspace",
    "synthid_detector",
];

/// An HTTP answer, as far as the diagnosis needs it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HttpAnswer {
    /// The status code.
    pub status: u16,
    /// The `Content-Type` header.
    pub content_type: Option<String>,
    /// The `Retry-After` header, when the browser may read it (the real API
    /// exposes no headers to pages, so usually `None`).
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

/// How long `Retry-After` asks to wait.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RetryAfter {
    /// `Retry-After: 30`.
    Seconds(u32),
    /// `Retry-After: Sun, 29 Nov 2026 10:00:00 GMT`, as written.
    Until(String),
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
    /// The key is unknown, revoked or mistyped (`invalid_api_key`,
    /// `api_key_not_verifiable`).
    InvalidKey {
        /// The API's message.
        message: String,
    },
    /// A 401 whose code the checker does not know: the key was refused, for
    /// a reason the answer does not name in a way the checker recognises.
    KeyRefused {
        /// `detail.status` or `detail.code`, when given.
        code: Option<String>,
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
    /// A JSON 403: the documented cause is a key whose IP allowlist does not
    /// include the caller (in a browser, the reader's own address).
    Forbidden {
        /// Whether the message speaks of IP addresses or an allowlist.
        names_ip: bool,
        /// `detail.status` or `detail.code`, when given.
        code: Option<String>,
        /// The API's message.
        message: String,
    },
    /// The key is fine but the agent id is not: not found (404) or rejected
    /// by validation (400/422), and the answer names the agent.
    AgentProblem {
        /// The HTTP status.
        status: u16,
        /// What the API said, as text.
        message: String,
    },
    /// A 404 or 405 that names no agent: a wrong host or path, or an outage.
    NotFound {
        /// The HTTP status.
        status: u16,
        /// What the API said, as text.
        message: String,
    },
    /// Too many requests; try again later.
    RateLimited {
        /// `detail.status` or `detail.code`, such as `too_many_concurrent_requests`.
        code: Option<String>,
        /// `Retry-After`, when the browser could read a valid one.
        retry_after: Option<RetryAfter>,
        /// The API's message.
        message: String,
    },
    /// A 5xx answer that is not an HTML page.
    ServerError {
        /// The HTTP status.
        status: u16,
        /// The start of the body, as text.
        excerpt: String,
    },
    /// An HTML page, at any status: a proxy, CDN, security service,
    /// challenge page or captive portal answered instead of the API. Only
    /// its title (and the service's name, when the page gives it away) is
    /// ever shown.
    HtmlPage {
        /// The HTTP status.
        status: u16,
        /// The page's `<title>`, as text.
        title: Option<String>,
        /// What kind of page it is.
        kind: PageKind,
        /// The security service or network product the page names, such
        /// as `Cloudflare` or `Zscaler`.
        service: Option<&'static str>,
    },
    /// A 401 or 403 saying this key may not use this agent: the agent is in
    /// another workspace, or not shared with the key's service account. Not
    /// a missing permission.
    AgentAccess {
        /// The HTTP status.
        status: u16,
        /// `detail.status` or `detail.code`, when given.
        code: Option<String>,
        /// The API's message.
        message: String,
    },
    /// The answer was a redirect. The key was not sent on.
    Redirected {
        /// The host it pointed to, when the browser could tell.
        to: Option<String>,
    },
    /// A 2xx answer that is not the expected JSON.
    UnexpectedSuccess {
        /// The HTTP status.
        status: u16,
        /// What the body held.
        held: Held,
    },
    /// A status or error code the checker does not recognise.
    Unrecognised {
        /// The HTTP status.
        status: u16,
        /// `detail.status` or `detail.code`, when the body had one.
        code: Option<String>,
        /// The start of the body, as text.
        excerpt: String,
    },
    /// The request never got an answer.
    NoAnswer(Failure),
}

/// What a 2xx body that is not a signed URL held. The card words it
/// (the checker's own description is prose; only the names are code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Held {
    /// A JSON object: the names of its fields (never their values), joined
    /// by `, `, secrets hidden; empty for `{}`.
    Fields(String),
    /// Anything else: the start of the text, secrets hidden.
    Text(String),
}

/// What kind of web page answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// A bot-protection challenge ("Just a moment…", a CAPTCHA).
    Challenge,
    /// A security service or filter saying it blocked the request.
    Blocked,
    /// Any other page: an error page, a Wi-Fi sign-in page.
    Plain,
}

/// What `detail` held, normalised.
#[derive(Debug, Default)]
struct ParsedError {
    /// `detail.status` (legacy, still sent).
    status: Option<String>,
    /// `detail.code` (current).
    code: Option<String>,
    message: String,
    request_id: Option<String>,
    about_agent: bool,
}

/// What an error code means, whichever field it came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    MissingPermissions,
    InvalidKey,
    NoKey,
    Quota,
    Unusual,
    RateLimited,
    AgentNotFound,
}

fn kind_of(code: &str) -> Option<Kind> {
    Some(match code {
        "missing_permissions" => Kind::MissingPermissions,
        "invalid_api_key" | "api_key_not_verifiable" => Kind::InvalidKey,
        "needs_authorization" => Kind::NoKey,
        "quota_exceeded" => Kind::Quota,
        "detected_unusual_activity" => Kind::Unusual,
        "too_many_concurrent_requests"
        | "system_busy"
        | "concurrent_limit_exceeded"
        | "rate_limit_exceeded" => Kind::RateLimited,
        "agent_not_found" => Kind::AgentNotFound,
        _ => return None,
    })
}

impl ParsedError {
    /// `detail.status` first, then `detail.code`.
    fn kind(&self) -> Option<Kind> {
        self.status
            .as_deref()
            .and_then(kind_of)
            .or_else(|| self.code.as_deref().and_then(kind_of))
    }

    /// The code to show: `status` (more specific in every sample) or `code`.
    fn shown_code(&self) -> Option<String> {
        self.status.clone().or_else(|| self.code.clone())
    }
}

/// Reads FastAPI's error shapes (see the module header). `None` when the
/// body is not JSON with a `detail`. A body too deep, cut short or
/// otherwise too odd to parse whole is scanned for its fields instead
/// (see [`scan_error`]).
fn parse_error(body: &str) -> Option<ParsedError> {
    let Some(parsed) = Json::parse(body) else {
        return scan_error(body);
    };
    let detail = parsed.get("detail")?;
    let text = |v: Option<&Json>| v.and_then(Json::as_str).map(str::to_owned);
    Some(match detail {
        Json::Object(_) => {
            let status = text(detail.get("status")).filter(|c| is_code(c));
            let code = text(detail.get("code")).filter(|c| is_code(c));
            let message = text(detail.get("message")).unwrap_or_default();
            let param_is_agent = text(detail.get("param")).as_deref() == Some("agent_id");
            ParsedError {
                about_agent: param_is_agent
                    || mentions_agent(&message)
                    || status.as_deref().is_some_and(mentions_agent)
                    || code.as_deref().is_some_and(mentions_agent),
                request_id: text(detail.get("request_id")).filter(|id| is_request_id(id)),
                status,
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
                parts.push(concat(&[&join(&loc, "."), ": ", &msg]));
            }
            ParsedError {
                message: join(&parts, "; "),
                about_agent,
                ..ParsedError::default()
            }
        }
        Json::String(message) => ParsedError {
            about_agent: mentions_agent(message),
            message: message.clone(),
            ..ParsedError::default()
        },
        _ => return None,
    })
}

/// The fields of an error body that could not be parsed whole (cut short,
/// nested too deep, broken further on): the first `"status"`, `"code"`,
/// `"message"`, `"request_id"` and `"param"` string values, read where they
/// stand. `None` unless the body starts like a JSON object with a `detail`
/// and one of them holds a code.
fn scan_error(body: &str) -> Option<ParsedError> {
    let body = body.trim_start();
    if !body.starts_with('{') || !contains(body, "\"detail\"") {
        return None;
    }
    // A value cut off by the end of the body is used only as a message.
    let whole = |name| {
        string_field(body, name)
            .filter(|(_, closed)| *closed)
            .map(|(v, _)| v)
    };
    let status = whole("status").filter(|c| is_code(c));
    let code = whole("code").filter(|c| is_code(c));
    if status.is_none() && code.is_none() {
        return None;
    }
    let message = string_field(body, "message")
        .map(|(v, _)| v)
        .unwrap_or_default();
    let param_is_agent = whole("param").as_deref() == Some("agent_id");
    Some(ParsedError {
        about_agent: param_is_agent || mentions_agent(&message),
        request_id: whole("request_id").filter(|id| is_request_id(id)),
        status,
        code,
        message,
    })
}

/// The string after the first `"name":` in `body`, up to its closing quote
/// or the end of the text (then `false`); a backslash keeps the character
/// after it.
fn string_field(body: &str, name: &str) -> Option<(String, bool)> {
    let key = concat(&["\"", name, "\""]);
    let mut from = 0;
    while let Some(at) = crate::text::find_from(body, &key, from) {
        from = at + key.len();
        let rest = after(body, from).trim_start();
        let Some(rest) = rest.strip_prefix(':') else {
            continue;
        };
        let rest = rest.trim_start().strip_prefix('"')?;
        let mut value = String::new();
        let mut chars = rest.chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => return Some((value, true)),
                '\\' => value.push(chars.next().unwrap_or('\\')),
                c => value.push(c),
            }
        }
        return Some((value, false));
    }
    None
}

/// An error code worth showing and matching: short, `snake_case`.
fn is_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 64
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// A request id as ElevenLabs writes them (32 hex in the docs' example):
/// short and made of id characters, so it can be shown as it is.
fn is_request_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && !id.starts_with("sk_")
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b':'))
}

/// The `request_id` of an error body, the thing to quote to ElevenLabs
/// support. `None` when the body has none (or one not shaped like an id).
pub fn request_id(body: &str) -> Option<String> {
    parse_error(body)?.request_id
}

/// The error code of a body: `detail.status`, else `detail.code`.
pub fn error_code(body: &str) -> Option<String> {
    parse_error(body)?.shown_code()
}

fn signed_url(body: &str) -> Option<String> {
    let parsed = Json::parse(body)?;
    let url = parsed.get("signed_url")?.as_str()?;
    (!url.is_empty()).then(|| url.to_owned())
}

fn mentions_agent(text: &str) -> bool {
    contains(&text.to_ascii_lowercase(), "agent")
}

/// Reads `Retry-After`: delta-seconds or an HTTP-date. Anything else is
/// ignored rather than repeated to the reader.
pub fn parse_retry_after(value: &str) -> Option<RetryAfter> {
    let value = value.trim();
    if value.bytes().all(|b| b.is_ascii_digit()) {
        // Empty, too long for a u32, or more than a day (no wait a reader
        // should be told to sit out): not read.
        return value
            .parse()
            .ok()
            .filter(|seconds| *seconds <= 86_400)
            .map(RetryAfter::Seconds);
    }
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let dated = (20..=40).contains(&value.len())
        && DAYS.iter().any(|d| value.starts_with(d))
        && value.contains(':')
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b' ' | b',' | b':' | b'-'));
    dated.then(|| RetryAfter::Until(value.to_owned()))
}

/// Who wrote an answer's body: the API (one of its JSON error shapes,
/// whole or readable in part), a web page, or something of no known shape.
pub fn speaker(answer: &HttpAnswer) -> Speaker {
    if is_html(answer) {
        Speaker::Page
    } else if parse_error(&answer.body).is_some() {
        Speaker::Api
    } else {
        Speaker::Unknown
    }
}

/// Names the outcome of an answer.
pub fn diagnose(answer: &HttpAnswer) -> Diagnosis {
    let status = answer.status;
    if is_html(answer) {
        let title = html_title(&answer.body);
        return Diagnosis::HtmlPage {
            status,
            kind: page_kind(status, &answer.body, title.as_deref()),
            service: service_named(&answer.body),
            title,
        };
    }
    let error = parse_error(&answer.body);
    match (status, error) {
        (200..=299, _) => match signed_url(&answer.body) {
            Some(url) => Diagnosis::SignedUrlIssued {
                masked_url: mask_url(&url),
            },
            None => Diagnosis::UnexpectedSuccess {
                status,
                held: describe_body(&answer.body),
            },
        },
        (300..=399, _) => Diagnosis::Redirected { to: None },
        (_, Some(error)) => diagnose_error(answer, error),
        (401, None) => Diagnosis::KeyRefused {
            code: None,
            message: excerpt(&answer.body),
        },
        (429, None) => Diagnosis::RateLimited {
            code: None,
            retry_after: retry_after(answer),
            message: String::new(),
        },
        (500..=599, None) => Diagnosis::ServerError {
            status,
            excerpt: excerpt(&answer.body),
        },
        (_, None) => Diagnosis::Unrecognised {
            status,
            code: None,
            excerpt: excerpt(&answer.body),
        },
    }
}

fn retry_after(answer: &HttpAnswer) -> Option<RetryAfter> {
    answer.retry_after.as_deref().and_then(parse_retry_after)
}

/// An answer whose body is an error of one of the API's JSON shapes.
fn diagnose_error(answer: &HttpAnswer, error: ParsedError) -> Diagnosis {
    let status = answer.status;
    let code = error.shown_code();
    let about_agent = error.about_agent;
    let message = error.message.clone();
    let permissions = permissions_in(&message);
    // "This key may not access this agent" (in a message, a code or the
    // `param`) names no permission: a workspace or sharing problem.
    let agent_access = matches!(status, 401 | 403)
        && permissions.is_empty()
        && (about_agent || speaks_of_workspace(&message))
        && !names_ip(&message)
        && !matches!(
            error.kind(),
            Some(Kind::InvalidKey | Kind::NoKey | Kind::Quota | Kind::Unusual | Kind::RateLimited)
        );
    if agent_access {
        return Diagnosis::AgentAccess {
            status,
            code,
            message,
        };
    }
    match error.kind() {
        Some(Kind::MissingPermissions) => Diagnosis::MissingPermissions {
            permissions,
            message,
        },
        Some(Kind::InvalidKey) => Diagnosis::InvalidKey { message },
        Some(Kind::NoKey) => Diagnosis::NoKey { message },
        Some(Kind::Quota) => Diagnosis::QuotaExceeded { message },
        Some(Kind::Unusual) => Diagnosis::UnusualActivity { message },
        Some(Kind::RateLimited) => Diagnosis::RateLimited {
            code,
            retry_after: retry_after(answer),
            message,
        },
        Some(Kind::AgentNotFound) => Diagnosis::AgentProblem { status, message },
        None => match status {
            404 | 400 | 422 if about_agent => Diagnosis::AgentProblem { status, message },
            404 | 405 => Diagnosis::NotFound { status, message },
            429 => Diagnosis::RateLimited {
                code,
                retry_after: retry_after(answer),
                message,
            },
            // A code that is new but whose message speaks of permissions.
            401 | 403
                if !permissions.is_empty()
                    || contains(&message.to_ascii_lowercase(), "permission") =>
            {
                Diagnosis::MissingPermissions {
                    permissions,
                    message,
                }
            }
            401 => Diagnosis::KeyRefused { code, message },
            403 => Diagnosis::Forbidden {
                names_ip: names_ip(&message),
                code,
                message,
            },
            500..=599 => Diagnosis::ServerError {
                status,
                excerpt: if message.trim().is_empty() {
                    excerpt(&answer.body)
                } else {
                    message
                },
            },
            _ => Diagnosis::Unrecognised {
                status,
                code,
                excerpt: excerpt(&answer.body),
            },
        },
    }
}

/// Whether a message speaks of workspaces, sharing or service accounts.
fn speaks_of_workspace(message: &str) -> bool {
    let lower = message.to_ascii_lowercase();
    ["workspace", "not shared", "service account"]
        .iter()
        .any(|word| contains(&lower, word))
}

/// Whether a 403 message is about the caller's IP address.
fn names_ip(message: &str) -> bool {
    let lower = message.to_ascii_lowercase();
    contains(&lower, "allowlist")
        || contains(&lower, "whitelist")
        || lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| w == "ip" || w == "ips")
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

/// Whether the answer is an HTML page rather than the API's JSON.
fn is_html(answer: &HttpAnswer) -> bool {
    let typed_html = answer
        .content_type
        .as_deref()
        .is_some_and(|t| contains(&t.to_ascii_lowercase(), "html"));
    let start = answer
        .body
        .trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let looks_html = start.get(..5).is_some_and(|s| {
        let s = s.to_ascii_lowercase();
        s == "<!doc" || s == "<html" || s == "<head" || s == "<body" || s == "<titl"
    });
    (typed_html && !start.starts_with(['{', '['])) || looks_html
}

/// `needle` in `haystack`, ignoring ASCII case; the byte offset.
fn find_ignoring_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The text of an HTML page's `<title>`: entities decoded, white space
/// folded, secrets hidden, cut to [`TITLE_CHARS`].
pub fn html_title(body: &str) -> Option<String> {
    let open = find_ignoring_case(body, "<title")?;
    let after_open = after(body, open);
    let content = after(after_open, after_open.find('>')? + 1);
    let content = before(
        content,
        find_ignoring_case(content, "</title").unwrap_or(content.len()),
    );
    let decoded = decode_entities(content);
    let folded = join(&decoded.split_whitespace().collect::<Vec<_>>(), " ");
    let title = cut(&redact(&folded), TITLE_CHARS);
    (!title.is_empty()).then_some(title)
}

fn decode_entities(text: &str) -> String {
    const ENTITIES: [(&str, &str); 9] = [
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&apos;", "'"),
        ("&nbsp;", " "),
        ("&hellip;", "…"),
        ("&#8230;", "…"),
        ("&amp;", "&"),
    ];
    let mut out = text.to_owned();
    for (entity, character) in ENTITIES {
        out = replace_all(&out, entity, character);
    }
    out
}

/// Whether `body` holds any of `markers`, ignoring ASCII case.
fn has_any(body: &str, markers: &[&str]) -> bool {
    markers
        .iter()
        .any(|marker| find_ignoring_case(body, marker).is_some())
}

/// What kind of page an HTML answer is: a bot-protection challenge, a
/// security service's block page, or anything else.
fn page_kind(status: u16, body: &str, title: Option<&str>) -> PageKind {
    const CHALLENGE: [&str; 8] = [
        "just a moment",
        "challenge-platform",
        "cf-chl",
        "checking your browser",
        "verify you are human",
        "captcha",
        "are you a robot",
        "security checkpoint",
    ];
    const BLOCKED: [&str; 13] = [
        "you have been blocked",
        "access denied",
        "access to this page has been denied",
        "request blocked",
        "request rejected",
        "requested url was rejected",
        "request unsuccessful",
        "web page blocked",
        "website blocked",
        "site blocked",
        "this site is blocked",
        "blocked by",
        "attention required",
    ];
    if has_any(body, &CHALLENGE) {
        PageKind::Challenge
    } else if has_any(body, &BLOCKED)
        || title.is_some_and(|t| has_any(t, &["blocked", "forbidden", "denied"]))
        || (status == 403 && service_named(body).is_some())
    {
        PageKind::Blocked
    } else {
        PageKind::Plain
    }
}

/// The security service, CDN or network filter an HTML page names, by the
/// marks its pages carry.
pub fn service_named(body: &str) -> Option<&'static str> {
    const SERVICES: [(&[&str], &str); 21] = [
        (
            &["cloudflare", "cf-ray", "/cdn-cgi/", "cf-chl"],
            "Cloudflare",
        ),
        (&["akamai", "edgesuite", "akamaighost"], "Akamai"),
        (&["incapsula", "imperva", "_incap_"], "Imperva"),
        (&["sucuri"], "Sucuri"),
        (&["aws waf", "awswaf", "aws-waf"], "AWS WAF"),
        (&["cloudfront"], "Amazon CloudFront"),
        (&["zscaler"], "Zscaler"),
        (
            &["fortiguard", "fortigate", "fortinet"],
            "Fortinet FortiGuard",
        ),
        (&["palo alto networks", "paloalto"], "Palo Alto Networks"),
        (&["cisco umbrella", "opendns"], "Cisco Umbrella"),
        (&["netskope"], "Netskope"),
        (&["forcepoint", "websense"], "Forcepoint"),
        (
            &["bluecoat", "blue coat", "symantec"],
            "Symantec (Blue Coat)",
        ),
        (&["sophos"], "Sophos"),
        (&["barracuda"], "Barracuda"),
        (&["check point", "checkpoint.com"], "Check Point"),
        (&["mod_security", "modsecurity"], "ModSecurity"),
        (
            &["requested url was rejected", "big-ip", "f5 networks"],
            "F5 BIG-IP",
        ),
        (&["datadome"], "DataDome"),
        (
            &["perimeterx", "px-captcha", "human security"],
            "HUMAN (PerimeterX)",
        ),
        (
            &["azure front door", "azure application gateway"],
            "Microsoft Azure",
        ),
    ];
    SERVICES
        .iter()
        .find(|(marks, _)| has_any(body, marks))
        .map(|(_, name)| *name)
}

/// What a 2xx body that is not a signed URL held: the names of its JSON
/// fields (never their values), or the start of the text, secrets hidden.
fn describe_body(body: &str) -> Held {
    match Json::parse(body) {
        Some(Json::Object(members)) => {
            let names: Vec<String> = members.iter().map(|(name, _)| redact(name)).collect();
            Held::Fields(join(&names, ", "))
        }
        _ => Held::Text(excerpt(body)),
    }
}

/// The first `limit` characters of `text`, with `…` when cut.
fn cut(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        Some((at, _)) => concat(&[before(text, at), "…"]),
        None => text.to_owned(),
    }
}

/// The first [`EXCERPT_CHARS`] characters of `body`, with `…` when cut, and
/// secrets hidden (see [`crate::secrets`]).
pub fn excerpt(body: &str) -> String {
    cut(redact(body).trim(), EXCERPT_CHARS)
}

/// An answer with a JSON content type, for the crate's tests.
#[cfg(test)]
pub(crate) fn json_answer(status: u16, body: &str) -> HttpAnswer {
    HttpAnswer {
        status,
        content_type: Some("application/json".into()),
        retry_after: None,
        body: body.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::json_answer as answer;

    fn html(status: u16, body: &str) -> HttpAnswer {
        HttpAnswer {
            content_type: Some("text/html; charset=UTF-8".into()),
            ..answer(status, body)
        }
    }

    /// Shape 1: `{"detail":{"status","message"}}`.
    fn legacy(status: &str, message: &str) -> String {
        serde_json::json!({"detail": {"status": status, "message": message}}).to_string()
    }

    /// Shape 2: the documented current form, as in 2026 captures.
    fn current(code: &str, status: Option<&str>, message: &str) -> String {
        let mut detail = serde_json::json!({
            "type": "authentication_error",
            "code": code,
            "message": message,
            "request_id": "3c807fc4c3a1705f9638ecc764a91c01",
        });
        if let Some(status) = status {
            detail["status"] = status.into();
        }
        serde_json::json!({ "detail": detail }).to_string()
    }

    const MISSING: &str =
        "The API key you used is missing the permission convai_write to execute this operation.";

    #[test]
    fn signed_url_is_masked_and_extra_fields_ignored() {
        let body = r#"{"signed_url":"wss://api.elevenlabs.io/v1/convai/conversation?agent_id=agent_1&conversation_signature=s3cr3t","conversation_id":"conv_1"}"#;
        let Diagnosis::SignedUrlIssued { masked_url } = diagnose(&answer(200, body)) else {
            panic!("not a success");
        };
        assert_eq!(
            masked_url,
            "wss://api.elevenlabs.io/v1/convai/conversation?agent_id=…&conversation_signature=…"
        );
    }

    #[test]
    fn missing_permissions_in_every_shape() {
        let want = Diagnosis::MissingPermissions {
            permissions: vec!["convai_write".into()],
            message: MISSING.into(),
        };
        for body in [
            legacy("missing_permissions", MISSING),
            // The 2026 capture: generic code, specific legacy status.
            current("unauthorized", Some("missing_permissions"), MISSING),
            // Only the current field.
            current("missing_permissions", None, MISSING),
        ] {
            assert_eq!(diagnose(&answer(401, &body)), want, "{body}");
        }
    }

    #[test]
    fn missing_permissions_with_several_or_unknown_names() {
        let body = legacy(
            "missing_permissions",
            "missing the permissions convai_write, convai_read",
        );
        let Diagnosis::MissingPermissions { permissions, .. } = diagnose(&answer(401, &body))
        else {
            panic!()
        };
        assert_eq!(permissions, ["convai_write", "convai_read"]);
        let body = legacy(
            "missing_permissions",
            "missing the permission agents_admin to do that",
        );
        let Diagnosis::MissingPermissions { permissions, .. } = diagnose(&answer(401, &body))
        else {
            panic!()
        };
        assert_eq!(permissions, ["agents_admin"]);
        let body = legacy("missing_permissions", "Not allowed.");
        let Diagnosis::MissingPermissions { permissions, .. } = diagnose(&answer(401, &body))
        else {
            panic!()
        };
        assert!(permissions.is_empty());
    }

    #[test]
    fn every_401_row_of_the_facts_sheet() {
        let rows = [
            ("invalid_api_key", "Invalid API key"),
            (
                "needs_authorization",
                "Neither authorization header nor xi-api-key received, please provide one.",
            ),
            (
                "quota_exceeded",
                "This request exceeds your quota of 10000. You have 0 credits remaining, while 91 credits are required for this request.",
            ),
            (
                "detected_unusual_activity",
                "Unusual activity detected. Free Tier usage disabled.",
            ),
        ];
        for shape in [legacy, |c: &str, m: &str| current(c, Some(c), m)] {
            let got: Vec<Diagnosis> = rows
                .iter()
                .map(|(code, message)| diagnose(&answer(401, &shape(code, message))))
                .collect();
            assert_eq!(
                got,
                [
                    Diagnosis::InvalidKey {
                        message: rows[0].1.into()
                    },
                    Diagnosis::NoKey {
                        message: rows[1].1.into()
                    },
                    Diagnosis::QuotaExceeded {
                        message: rows[2].1.into()
                    },
                    Diagnosis::UnusualActivity {
                        message: rows[3].1.into()
                    },
                ]
            );
        }
    }

    #[test]
    fn api_key_not_verifiable_is_an_invalid_key_at_any_status() {
        let message = "400: {'status': 'invalid_api_key', 'message': 'API key is invalid'}";
        for status in [400, 401] {
            assert_eq!(
                diagnose(&answer(status, &legacy("api_key_not_verifiable", message))),
                Diagnosis::InvalidKey {
                    message: message.into()
                }
            );
        }
    }

    #[test]
    fn status_decides_before_code_and_code_before_http_status() {
        // `status` known: it wins over a different known code.
        let body = current("rate_limit_exceeded", Some("invalid_api_key"), "x");
        assert!(matches!(
            diagnose(&answer(401, &body)),
            Diagnosis::InvalidKey { .. }
        ));
        // `status` unknown, `code` known.
        let body = current("invalid_api_key", Some("brand_new"), "x");
        assert!(matches!(
            diagnose(&answer(401, &body)),
            Diagnosis::InvalidKey { .. }
        ));
        // Neither known: the HTTP status decides.
        let body = current("unauthorized", None, "Unauthorized");
        assert_eq!(
            diagnose(&answer(401, &body)),
            Diagnosis::KeyRefused {
                code: Some("unauthorized".into()),
                message: "Unauthorized".into()
            }
        );
    }

    #[test]
    fn a_401_with_nothing_recognisable_still_says_the_key_was_refused() {
        for body in [
            "",
            "Unauthorized",
            r#"{"error":"nope"}"#,
            r#"{"detail":{}}"#,
        ] {
            assert!(
                matches!(diagnose(&answer(401, body)), Diagnosis::KeyRefused { .. }),
                "{body}"
            );
        }
    }

    #[test]
    fn request_id_is_read_from_the_current_shape_only_when_id_shaped() {
        let body = current("unauthorized", Some("missing_permissions"), MISSING);
        assert_eq!(
            request_id(&body).as_deref(),
            Some("3c807fc4c3a1705f9638ecc764a91c01")
        );
        assert_eq!(request_id(&legacy("invalid_api_key", "x")), None);
        let odd = r#"{"detail":{"status":"x","request_id":"<script>alert(1)</script>"}}"#;
        assert_eq!(request_id(odd), None);
        assert_eq!(request_id("<html>"), None);
    }

    #[test]
    fn agent_not_found_only_when_the_answer_names_the_agent() {
        for body in [
            legacy("agent_not_found", "Agent not found"),
            current("agent_not_found", None, "Agent not found"),
            r#"{"detail":"Agent not found"}"#.to_owned(),
            r#"{"detail":{"code":"not_found","param":"agent_id","message":"No such thing"}}"#
                .to_owned(),
        ] {
            assert!(
                matches!(
                    diagnose(&answer(404, &body)),
                    Diagnosis::AgentProblem { status: 404, .. }
                ),
                "{body}"
            );
        }
        // FastAPI's unknown path, a 405, a document of some other kind.
        for (status, body) in [
            (404, r#"{"detail":"Not Found"}"#),
            (405, r#"{"detail":"Method Not Allowed"}"#),
            (
                404,
                r#"{"detail":{"status":"not_found","message":"Document not found"}}"#,
            ),
        ] {
            assert!(
                matches!(diagnose(&answer(status, body)), Diagnosis::NotFound { status: s, .. } if s == status),
                "{body}"
            );
        }
    }

    #[test]
    fn validation_errors_in_both_pydantic_styles() {
        let v1 = r#"{"detail":[{"loc":["query","agent_id"],"msg":"field required","type":"value_error.missing"}]}"#;
        assert_eq!(
            diagnose(&answer(422, v1)),
            Diagnosis::AgentProblem {
                status: 422,
                message: "query.agent_id: field required".into()
            }
        );
        let v2 = r#"{"detail":[{"type":"missing","loc":["query","agent_id"],"msg":"Field required","input":null}]}"#;
        assert_eq!(
            diagnose(&answer(422, v2)),
            Diagnosis::AgentProblem {
                status: 422,
                message: "query.agent_id: Field required".into()
            }
        );
        // Validation of something else is not the agent id's fault.
        let other = r#"{"detail":[{"type":"missing","loc":["body","text"],"msg":"Field required","input":null}]}"#;
        assert!(matches!(
            diagnose(&answer(422, other)),
            Diagnosis::Unrecognised { status: 422, .. }
        ));
    }

    #[test]
    fn rate_limits_in_legacy_and_documented_codes() {
        for code in [
            "too_many_concurrent_requests",
            "system_busy",
            "concurrent_limit_exceeded",
            "rate_limit_exceeded",
        ] {
            let d = diagnose(&answer(429, &legacy(code, "Too many concurrent requests")));
            assert_eq!(
                d,
                Diagnosis::RateLimited {
                    code: Some(code.into()),
                    retry_after: None,
                    message: "Too many concurrent requests".into()
                }
            );
        }
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
    fn retry_after_takes_seconds_or_a_date_and_nothing_else() {
        assert_eq!(parse_retry_after(" 30 "), Some(RetryAfter::Seconds(30)));
        assert_eq!(parse_retry_after("0"), Some(RetryAfter::Seconds(0)));
        assert_eq!(
            parse_retry_after("86400"),
            Some(RetryAfter::Seconds(86_400))
        );
        // RFC 9110's obsolete date forms are still HTTP-dates.
        for date in ["Sunday, 29-Nov-26 10:00:00 GMT", "Sun Nov 29 10:00:00 2026"] {
            assert_eq!(
                parse_retry_after(date),
                Some(RetryAfter::Until(date.into())),
                "{date}"
            );
        }
        assert_eq!(
            parse_retry_after("Sun, 29 Nov 2026 10:00:00 GMT"),
            Some(RetryAfter::Until("Sun, 29 Nov 2026 10:00:00 GMT".into()))
        );
        for junk in [
            "",
            "-1",
            "1.5",
            "soon",
            "99999999999",
            "4294967295",
            "86401",
            "<b>Sun, 29 Nov 2026</b>",
            // Dates in forms HTTP does not use, and times without a date.
            "2026-11-29T10:00:00Z",
            "29 Nov 2026 10:00:00 GMT",
            "10:00",
            "Sun, 29 Nov 2026",
        ] {
            assert_eq!(parse_retry_after(junk), None, "{junk}");
        }
        let mut a = answer(429, &legacy("system_busy", "busy"));
        a.retry_after = Some("Sun, 29 Nov 2026 10:00:00 GMT".into());
        assert!(matches!(
            diagnose(&a),
            Diagnosis::RateLimited {
                retry_after: Some(RetryAfter::Until(_)),
                ..
            }
        ));
    }

    #[test]
    fn a_403_is_the_ip_allowlist_unless_it_speaks_of_permissions() {
        let ip = legacy(
            "forbidden",
            "Requests from your IP address are not allowed for this API key.",
        );
        assert!(matches!(
            diagnose(&answer(403, &ip)),
            Diagnosis::Forbidden { names_ip: true, .. }
        ));
        let plain = current("forbidden", None, "Forbidden");
        assert!(matches!(
            diagnose(&answer(403, &plain)),
            Diagnosis::Forbidden {
                names_ip: false,
                ..
            }
        ));
        // `invalid_subscription` is a 403 too, and not about scopes.
        let plan = legacy("invalid_subscription", "Your plan does not include this.");
        assert!(matches!(
            diagnose(&answer(403, &plan)),
            Diagnosis::Forbidden {
                names_ip: false,
                ..
            }
        ));
        assert!(matches!(
            diagnose(&answer(403, &legacy("missing_permissions", MISSING))),
            Diagnosis::MissingPermissions { .. }
        ));
    }

    #[test]
    fn html_pages_at_any_status_are_named_by_their_title() {
        let challenge = "<!DOCTYPE html><html lang=\"en-US\"><head><title>Just a moment...</title><script src=\"/cdn-cgi/challenge-platform/x.js\"></script></head></html>";
        assert_eq!(
            diagnose(&html(403, challenge)),
            Diagnosis::HtmlPage {
                status: 403,
                title: Some("Just a moment...".into()),
                kind: PageKind::Challenge,
                service: Some("Cloudflare"),
            }
        );
        let nginx = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
        assert_eq!(
            diagnose(&html(502, nginx)),
            Diagnosis::HtmlPage {
                status: 502,
                title: Some("502 Bad Gateway".into()),
                kind: PageKind::Plain,
                service: None,
            }
        );
        // No content type, but plainly a page; entities decoded, markup never kept.
        let portal =
            "  <!doctype html><TITLE>Sign in &amp; &quot;connect&quot;\n  to Wi-Fi</TITLE>";
        let mut a = html(200, portal);
        a.content_type = None;
        assert!(matches!(
            diagnose(&a),
            Diagnosis::HtmlPage { status: 200, title: Some(ref t), kind: PageKind::Plain, service: None } if t == "Sign in & \"connect\" to Wi-Fi"
        ));
        assert!(matches!(
            diagnose(&html(404, "<html><body>nothing</body></html>")),
            Diagnosis::HtmlPage {
                status: 404,
                title: None,
                ..
            }
        ));
        // JSON sent as text/html is still JSON.
        assert!(matches!(
            diagnose(&html(401, &legacy("invalid_api_key", "Invalid API key"))),
            Diagnosis::InvalidKey { .. }
        ));
    }

    #[test]
    fn titles_are_cut_and_hide_secrets() {
        let long = format!("<title>{}</title>", "a".repeat(500));
        assert_eq!(html_title(&long).unwrap().chars().count(), TITLE_CHARS + 1);
        let secret = "<title>token sk_0123456789abcdef0123456789abcdef0123456789abcdef</title>";
        assert_eq!(html_title(secret).as_deref(), Some("token sk_…"));
    }

    #[test]
    fn server_errors_in_json() {
        assert!(matches!(
            diagnose(&answer(500, &legacy("internal_server_error", "oops"))),
            Diagnosis::ServerError { status: 500, .. }
        ));
        assert!(matches!(
            diagnose(&answer(503, "upstream connect error")),
            Diagnosis::ServerError { status: 503, .. }
        ));
    }

    #[test]
    fn odd_success_bodies_show_field_names_never_values() {
        for body in [
            "",
            "{",
            r#"{"signed_url": "wss://api.elevenlabs.io/v1/con"#,
            r#"{"signed_url": ""}"#,
            r#"{"signed_url": 42}"#,
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
        let token =
            r#"{"token":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl","expires_in":900}"#;
        assert_eq!(
            diagnose(&answer(200, token)),
            Diagnosis::UnexpectedSuccess {
                status: 200,
                held: Held::Fields("token, expires_in".into())
            }
        );
    }

    #[test]
    fn redirects_and_unknown_statuses() {
        assert_eq!(
            diagnose(&answer(307, "")),
            Diagnosis::Redirected { to: None }
        );
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
        let d = diagnose(&answer(409, &legacy("brand_new_code", "Something new")));
        assert!(
            matches!(d, Diagnosis::Unrecognised { status: 409, code: Some(ref c), .. } if c == "brand_new_code")
        );
        // Truncated JSON on an error status.
        assert!(matches!(
            diagnose(&answer(409, r#"{"detail": {"status": "invalid_api"#)),
            Diagnosis::Unrecognised {
                status: 409,
                code: None,
                ..
            }
        ));
        // A code that is not code-shaped is not repeated.
        let d = diagnose(&answer(409, &legacy("<b>x</b>", "m")));
        assert!(matches!(d, Diagnosis::Unrecognised { code: None, .. }));
        assert!(matches!(
            diagnose(&answer(0, "")),
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
    }

    #[test]
    fn excerpt_cuts_on_characters_not_bytes() {
        let cut = excerpt(&"é".repeat(400));
        assert_eq!(cut.chars().count(), EXCERPT_CHARS + 1);
    }

    #[test]
    fn permission_words_in_new_codes() {
        let body = legacy(
            "forbidden_scope",
            "This key lacks the permission convai_write",
        );
        for status in [401, 403] {
            assert!(matches!(
                diagnose(&answer(status, &body)),
                Diagnosis::MissingPermissions { ref permissions, .. } if permissions == &["convai_write"]
            ));
        }
    }

    /// Block pages as security services and network filters send them
    /// (their well-known markup, shortened), each with the service it names.
    #[test]
    fn security_services_block_pages_are_named() {
        let pages: [(u16, &str, Option<&str>, PageKind); 8] = [
            (
                403,
                "<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title></head><body><h1>Sorry, you have been blocked</h1><span>Cloudflare Ray ID: <strong>8e0f1a2b3c4d5e6f</strong></span></body></html>",
                Some("Cloudflare"),
                PageKind::Blocked,
            ),
            (
                403,
                "<HTML><HEAD>\n<TITLE>Access Denied</TITLE>\n</HEAD><BODY>\n<H1>Access Denied</H1>\nYou don't have permission to access this server.<P>\nReference&#32;&#35;18&#46;2f3e4d5c<P>https&#58;&#47;&#47;errors&#46;edgesuite&#46;net&#47;18</P>\n</BODY>\n</HTML>",
                Some("Akamai"),
                PageKind::Blocked,
            ),
            (
                200,
                "<html><head><title>Request Rejected</title></head><body>The requested URL was rejected. Please consult with your administrator.<br><br>Your support ID is: 1234567890<br></body></html>",
                Some("F5 BIG-IP"),
                PageKind::Blocked,
            ),
            (
                403,
                "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\"><HTML><HEAD><TITLE>ERROR: The request could not be satisfied</TITLE></HEAD><BODY><H1>403 ERROR</H1><H2>The request could not be satisfied.</H2>Request blocked. Generated by cloudfront (CloudFront)</BODY></HTML>",
                Some("Amazon CloudFront"),
                PageKind::Blocked,
            ),
            (
                403,
                "<html style=\"height:100%\"><head><META NAME=\"ROBOTS\" CONTENT=\"NOINDEX, NOFOLLOW\"></head><body><iframe src=\"/_Incapsula_Resource?CWUDNSAI=1\">Request unsuccessful. Incapsula incident ID: 0-123</iframe></body></html>",
                Some("Imperva"),
                PageKind::Blocked,
            ),
            (
                200,
                "<html><head><title>Website blocked</title></head><body><p>Your organization has selected Zscaler to protect you from internet threats.</p></body></html>",
                Some("Zscaler"),
                PageKind::Blocked,
            ),
            (
                403,
                "<html><head><title>403 Forbidden</title></head><body>Some proxy said no.</body></html>",
                None,
                PageKind::Blocked,
            ),
            (
                502,
                "<html><head><title>api.elevenlabs.io | 502: Bad gateway</title></head><body><div id=\"cf-error-details\">Cloudflare Ray ID: 8e0f</div></body></html>",
                Some("Cloudflare"),
                PageKind::Plain,
            ),
        ];
        for (status, body, service, kind) in pages {
            let got = diagnose(&html(status, body));
            assert!(
                matches!(got, Diagnosis::HtmlPage { kind: k, service: s, .. } if k == kind && s == service),
                "{body}: {got:?}"
            );
        }
        assert_eq!(service_named("<html>nothing to see</html>"), None);
    }

    #[test]
    fn a_403_about_this_agent_is_access_not_a_missing_permission() {
        for (status, body) in [
            (
                403,
                legacy("forbidden", "You do not have access to this agent."),
            ),
            (
                403,
                legacy(
                    "access_denied",
                    "You do not have permission to access agent agent_123.",
                ),
            ),
            (
                401,
                current(
                    "unauthorized",
                    None,
                    "This agent belongs to another workspace.",
                ),
            ),
            (
                403,
                current(
                    "forbidden",
                    None,
                    "The resource is not shared with this service account.",
                ),
            ),
            (
                403,
                r#"{"detail":{"code":"forbidden","param":"agent_id","message":"Forbidden"}}"#
                    .to_owned(),
            ),
            (
                403,
                legacy("missing_permissions", "You may not access this agent."),
            ),
        ] {
            assert!(
                matches!(diagnose(&answer(status, &body)), Diagnosis::AgentAccess { status: s, .. } if s == status),
                "{body}"
            );
        }
        // A named permission is still a missing permission, agent or not.
        assert!(matches!(
            diagnose(&answer(
                403,
                &legacy("forbidden", "The key needs convai_read to see this agent.")
            )),
            Diagnosis::MissingPermissions { .. }
        ));
        // An IP allowlist that mentions the workspace stays an allowlist.
        assert!(matches!(
            diagnose(&answer(
                403,
                &legacy("forbidden", "Your IP is not on this workspace's allowlist.")
            )),
            Diagnosis::Forbidden { names_ip: true, .. }
        ));
        // A known code about the key wins.
        assert!(matches!(
            diagnose(&answer(
                401,
                &legacy("invalid_api_key", "Invalid API key for this workspace")
            )),
            Diagnosis::InvalidKey { .. }
        ));
        // Other statuses are not about access.
        assert!(matches!(
            diagnose(&answer(409, &legacy("conflict", "agent busy"))),
            Diagnosis::Unrecognised { .. }
        ));
    }

    #[test]
    fn a_404_naming_the_agent_only_in_its_message_blames_the_agent() {
        let body = legacy("not_found", "Agent agent_x does not exist.");
        assert!(matches!(
            diagnose(&answer(404, &body)),
            Diagnosis::AgentProblem { status: 404, .. }
        ));
        for status in [400, 422] {
            assert!(matches!(
                diagnose(&answer(status, r#"{"detail":"agent_id is not valid"}"#)),
                Diagnosis::AgentProblem { .. }
            ));
        }
        // A 400 that names no agent is not the agent id's fault.
        assert!(matches!(
            diagnose(&answer(400, r#"{"detail":"Bad request"}"#)),
            Diagnosis::Unrecognised { status: 400, .. }
        ));
    }

    #[test]
    fn a_string_detail_is_what_the_api_said() {
        // Shape 4, as the facts sheet quotes it: the reader sees the words.
        assert_eq!(
            diagnose(&answer(405, r#"{"detail":"Method Not Allowed"}"#)),
            Diagnosis::NotFound {
                status: 405,
                message: "Method Not Allowed".into()
            }
        );
    }

    #[test]
    fn a_403_whose_code_alone_names_the_agent_is_agent_access() {
        // The documented current shape: a generic legacy `status` and
        // message, the specific `code` naming the agent.
        let body = current(
            "agent_access_denied",
            Some("forbidden"),
            "You do not have access to this resource.",
        );
        assert!(matches!(
            diagnose(&answer(403, &body)),
            Diagnosis::AgentAccess { status: 403, code: Some(ref c), .. } if c == "forbidden"
        ));
    }

    #[test]
    fn a_body_cut_short_in_its_message_is_judged_like_the_whole_body() {
        // Fields in the order the API writes them (legacy: status, message;
        // current, as in the errors page's example: type, code, message,
        // status, request_id, param), about the agent id or not.
        for (status, whole) in [
            (
                404,
                r#"{"detail":{"status":"not_found","message":"Agent agent_x does not exist."}}"#,
            ),
            (
                404,
                r#"{"detail":{"status":"not_found","message":"Document not found"}}"#,
            ),
            (
                404,
                r#"{"detail":{"type":"not_found_error","code":"not_found","param":"agent_id","message":"Not found"}}"#,
            ),
            (
                403,
                r#"{"detail":{"type":"authorization_error","code":"forbidden","message":"This agent belongs to another workspace.","status":"forbidden"}}"#,
            ),
            (
                403,
                r#"{"detail":{"type":"authorization_error","code":"forbidden","message":"Forbidden","status":"forbidden"}}"#,
            ),
        ] {
            let message = whole.find(r#""message":""#).unwrap() + 11;
            let message_len = whole[message..].find('"').unwrap();
            let cut = &whole[..message + message_len / 2 + 1];
            let whole_said = diagnose(&answer(status, whole));
            let cut_said = diagnose(&answer(status, cut));
            assert_eq!(
                std::mem::discriminant(&cut_said),
                std::mem::discriminant(&whole_said),
                "{cut}: {cut_said:?}, whole: {whole_said:?}"
            );
        }
    }

    #[test]
    fn a_403_naming_an_allowlist_a_whitelist_or_ips_is_the_ip_allowlist() {
        // The 403's wording is not published: any one of the words will do.
        for message in [
            "Requests from your IP address are not allowed for this API key.",
            "Requests from non-whitelisted IPs are rejected.",
            "This request did not come from an address on the key's allowlist.",
            "Caller not whitelisted for this key.",
        ] {
            assert!(
                matches!(
                    diagnose(&answer(403, &legacy("forbidden", message))),
                    Diagnosis::Forbidden { names_ip: true, .. }
                ),
                "{message}"
            );
        }
        // A word that merely holds the letters is not one of them.
        for message in [
            "Your plan does not include this.",
            "Zip files are not allowed.",
        ] {
            assert!(
                matches!(
                    diagnose(&answer(403, &legacy("forbidden", message))),
                    Diagnosis::Forbidden {
                        names_ip: false,
                        ..
                    }
                ),
                "{message}"
            );
        }
    }

    #[test]
    fn a_page_with_no_content_type_is_known_by_its_first_tag() {
        // Captive portals and small proxies often send no Content-Type (or
        // text/plain), and not every page starts with a doctype.
        for body in [
            "<html><head><title>Portal</title></head></html>",
            "<head><meta http-equiv=\"refresh\" content=\"0; url=http://10.0.0.1/login\"></head>",
            "<body><h1>Access denied</h1></body>",
            "<title>403 Forbidden</title><h1>Forbidden</h1>",
            "\u{feff}\r\n<!DOCTYPE html><p>Sign in to Wi-Fi</p>",
        ] {
            for content_type in [None, Some("text/plain")] {
                let page = HttpAnswer {
                    content_type: content_type.map(str::to_owned),
                    ..answer(403, body)
                };
                assert!(
                    matches!(diagnose(&page), Diagnosis::HtmlPage { status: 403, .. }),
                    "{body} as {content_type:?}"
                );
            }
        }
        // Text that only starts with a bracket is not a page.
        let text = HttpAnswer {
            content_type: None,
            ..answer(403, "<error>forbidden</error>")
        };
        assert!(!matches!(diagnose(&text), Diagnosis::HtmlPage { .. }));
    }

    #[test]
    fn a_429_with_an_unknown_code_is_still_a_rate_limit() {
        assert_eq!(
            diagnose(&answer(429, &legacy("brand_new_limit", "Slow down"))),
            Diagnosis::RateLimited {
                code: Some("brand_new_limit".into()),
                retry_after: None,
                message: "Slow down".into()
            }
        );
    }

    #[test]
    fn cut_or_deep_bodies_still_give_their_code() {
        // Cut mid-message.
        let cut = r#"{"detail":{"status":"missing_permissions","message":"The API key you used is missing the permission convai_write to exec"#;
        assert_eq!(
            diagnose(&answer(401, cut)),
            Diagnosis::MissingPermissions {
                permissions: vec!["convai_write".into()],
                message: "The API key you used is missing the permission convai_write to exec"
                    .into()
            }
        );
        // Nested deeper than the reader goes, after the code.
        let deep = format!(
            r#"{{"detail":{{"code":"quota_exceeded","message":"Out of credits","request_id":"abc123","extra":{}1{}}}}}"#,
            "[".repeat(500),
            "]".repeat(500)
        );
        assert_eq!(
            diagnose(&answer(401, &deep)),
            Diagnosis::QuotaExceeded {
                message: "Out of credits".into()
            }
        );
        assert_eq!(request_id(&deep).as_deref(), Some("abc123"));
        // Broken further on: still an invalid key, escapes read.
        let broken =
            r#"{"detail": {"status" : "invalid_api_key", "message": "Invalid \"API\" key"}, oops"#;
        assert_eq!(
            diagnose(&answer(401, broken)),
            Diagnosis::InvalidKey {
                message: "Invalid \"API\" key".into()
            }
        );
        // A key named but not followed by a string, then one that is.
        let odd = r#"{"detail":{"status":7,"code":"agent_not_found","param":"agent_id" "#;
        assert!(matches!(
            diagnose(&answer(404, odd)),
            Diagnosis::AgentProblem { status: 404, .. }
        ));
        // Nothing code-shaped to read: unrecognised, never a guess.
        for body in [
            r#"{"detail":{"status":"<b>"#,
            r#"{"detail""#,
            r#"{"other":{"status":"invalid_api_key""#,
            r#"[{"detail":{"code":"x"#,
        ] {
            assert!(
                matches!(
                    diagnose(&answer(409, body)),
                    Diagnosis::Unrecognised { code: None, .. }
                ),
                "{body}"
            );
        }
    }

    #[test]
    fn the_speaker_is_the_api_only_for_its_shapes() {
        assert_eq!(speaker(&answer(401, &legacy("x", "y"))), Speaker::Api);
        assert_eq!(
            speaker(&answer(401, r#"{"detail":"Not Found"}"#)),
            Speaker::Api
        );
        assert_eq!(
            speaker(&html(403, "<html><title>x</title></html>")),
            Speaker::Page
        );
        assert_eq!(
            speaker(&answer(503, "upstream connect error")),
            Speaker::Unknown
        );
        assert_eq!(speaker(&answer(200, r#"{"ok":true}"#)), Speaker::Unknown);
    }

    #[test]
    fn a_missing_permission_takes_only_names_it_can_trust() {
        // Every known name, and the word after "permission" when scope-shaped.
        assert_eq!(
            permissions_in(
                "The key_id given is missing the permission convai_write; see user_guide."
            ),
            ["convai_write"]
        );
        assert_eq!(permissions_in("Permission new_scope needed"), ["new_scope"]);
        assert_eq!(permissions_in("permissions: voices_read"), ["voices_read"]);
        // Not after "permission", or not scope-shaped: not taken.
        assert!(permissions_in("the permission Convai_Write").is_empty());
        assert!(permissions_in("the permission nounderscore").is_empty());
        assert!(permissions_in("missing some_scope permission").is_empty());
        // Each name once.
        assert_eq!(
            permissions_in("convai_write and convai_write"),
            ["convai_write"]
        );
    }
}

//! What the reader is told, as data: turns a [`Diagnosis`] into a verdict
//! id, a tone, the answers that are known to the three questions (key
//! valid? `convai_write`? agent id right?) and named fields (host, status,
//! code, permission, what the API or the page that answered said, the curl
//! command …). The words live in the page: the widget's template
//! (`theme/widget.html`) holds one `<template data-verdict="ID">` per id in
//! [`VERDICT_IDS`], whose `data-slot` elements the page glue fills with
//! these fields as text, never as HTML. Every field passes through
//! [`crate::secrets::redact`] on its way in.

use crate::diagnosis::{Diagnosis, Failure, Held, PageKind, RetryAfter, REQUIRED_PERMISSION};
use crate::hosts::check_address;
use crate::secrets::redact;
use crate::text::{decimal, join};

/// The overall tone of a verdict card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Everything the check covers works.
    Success,
    /// A definite diagnosis the reader acts on: a key setting, credits, an
    /// allowlist, the agent id.
    Problem,
    /// A definite diagnosis that passes: rate limits, server trouble.
    Wait,
    /// Not settled: the key was not judged (blocked requests, pages from
    /// something in between, answers the checker does not know).
    Unsettled,
}

impl Tone {
    /// The `data-tone` value the theme styles and the template words.
    pub fn as_str(self) -> &'static str {
        match self {
            Tone::Success => "success",
            Tone::Problem => "problem",
            Tone::Wait => "wait",
            Tone::Unsettled => "unsettled",
        }
    }
}

/// The answer to one of the three questions the checker answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Yes.
    Yes,
    /// No.
    No,
    /// This check could not tell; the card does not show the question.
    Unknown,
}

impl Answer {
    /// The field value the template matches on; `None` when not known.
    pub fn as_field(self) -> Option<&'static str> {
        match self {
            Answer::Yes => Some("yes"),
            Answer::No => Some("no"),
            Answer::Unknown => None,
        }
    }
}

/// Who said the text a card quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speaker {
    /// The API, in one of its JSON error shapes: "The API said".
    Api,
    /// A web page from something in between: "The page that answered said".
    Page,
    /// A body of no known shape: "The answer said".
    Unknown,
}

impl Speaker {
    /// The field that holds what this speaker said.
    pub fn field(self) -> &'static str {
        match self {
            Speaker::Api => "api_said",
            Speaker::Page => "page_said",
            Speaker::Unknown => "answer_said",
        }
    }
}

/// Every verdict id the checker can produce. The widget's template needs a
/// `<template data-verdict="ID">` for each, and no other (checked by
/// `site build` and `site check` through the widget manifest).
pub const VERDICT_IDS: [&str; 28] = [
    "works",
    "missing-permission",
    "missing-permission-unnamed",
    "invalid-key",
    "key-not-accepted",
    "key-refused-code",
    "key-removed",
    "out-of-credits",
    "unusual-activity",
    "ip-allowlist",
    "forbidden",
    "agent-access",
    "agent-not-found",
    "agent-id-rejected",
    "not-found",
    "rate-limited",
    "server-error",
    "challenge-page",
    "security-block",
    "web-page",
    "web-page-not-found",
    "gateway-error",
    "redirect",
    "unexpected-success",
    "unrecognised",
    "blocked",
    "timeout",
    "cut-off",
];

/// Every field name a verdict card may carry (the template's `data-slot`
/// and `data-if` names; `tone`, the three answers, `report` and the count
/// of report requests the page glue adds included).
pub const FIELDS: [&str; 26] = [
    "report",
    "report_requests",
    "tone",
    "key_valid",
    "convai_write",
    "agent_ok",
    "host",
    "agent",
    "status",
    "code",
    "permission",
    "api_said",
    "page_said",
    "answer_said",
    "empty_body",
    "json_fields",
    "json_empty",
    "page_title",
    "service",
    "retry_seconds",
    "retry_until",
    "redirect_to",
    "signed_url",
    "request_id",
    "curl",
    "followed",
];

/// The check that was made, for filling in the verdict.
#[derive(Debug, Clone, Copy)]
pub struct CheckContext<'a> {
    /// The API origin the request went to.
    pub origin: &'a str,
    /// The agent id that was sent.
    pub agent_id: &'a str,
    /// Who wrote the body: the API (one of its JSON error shapes), or
    /// something else (see [`crate::diagnosis::speaker`]).
    pub speaker: Speaker,
}

/// A verdict: which template, its tone, its answers and its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// One of [`VERDICT_IDS`].
    pub id: &'static str,
    /// Its tone.
    pub tone: Tone,
    /// Is the key valid?
    pub key_valid: Answer,
    /// Does the key have `convai_write`?
    pub has_permission: Answer,
    /// Is the agent id right?
    pub agent_ok: Answer,
    /// Named fields, as text, secrets hidden.
    fields: Vec<(&'static str, String)>,
    /// Whether the key got through, so that asking what else it can do
    /// makes sense (the permission report). Never for a key that can reach
    /// nothing: refused, out of credits, blocked.
    pub offers_report: bool,
}

impl Verdict {
    fn new(id: &'static str, tone: Tone, answers: (Answer, Answer, Answer)) -> Self {
        Self {
            id,
            tone,
            key_valid: answers.0,
            has_permission: answers.1,
            agent_ok: answers.2,
            fields: Vec::new(),
            offers_report: false,
        }
    }

    /// Adds field `name` (secret-shaped parts hidden); empty text adds none.
    pub fn with(self, name: &'static str, value: &str) -> Self {
        self.with_raw(name, redact(value.trim()))
    }

    /// Adds field `name` as it is: only for what the checker wrote itself
    /// from the reader's cleaned input (host, agent id, curl command).
    fn with_raw(mut self, name: &'static str, value: String) -> Self {
        self.add(name, value);
        self
    }

    fn add(&mut self, name: &'static str, value: String) {
        if !value.is_empty() {
            self.fields.retain(|(n, _)| *n != name);
            self.fields.push((name, value));
        }
    }

    /// Adds the answer's request id, as it is: the API's own label for what
    /// to quote to support, already checked to be id-shaped (see
    /// [`crate::diagnosis::request_id`]), and 32 hex characters like an
    /// older key, which [`redact`] would hide.
    pub fn with_request_id(self, request_id: Option<String>) -> Self {
        self.with_raw("request_id", request_id.unwrap_or_default())
    }

    /// The named fields, in the order they were added.
    pub fn fields(&self) -> &[(&'static str, String)] {
        &self.fields
    }

    /// The value of field `name`: the named fields, then `tone` and the
    /// answers that are known.
    pub fn field(&self, name: &str) -> Option<&str> {
        let answer = |a: Answer| a.as_field();
        match name {
            "tone" => Some(self.tone.as_str()),
            "key_valid" => answer(self.key_valid),
            "convai_write" => answer(self.has_permission),
            "agent_ok" => answer(self.agent_ok),
            "report" => self.offers_report.then_some("yes"),
            _ => self
                .fields
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.as_str()),
        }
    }
}

/// The verdict for `diagnosis`. Each kind of diagnosis picks its id, tone
/// and answers and says which of its parts the card shows; the fields are
/// then added in one place, each through [`redact`] (the checker's own
/// host, agent id and curl command as they are).
pub fn verdict(diagnosis: &Diagnosis, context: CheckContext<'_>) -> Verdict {
    use Answer::{No, Unknown, Yes};
    let unknown = (Unknown, Unknown, Unknown);
    // What the card quotes, and who said it.
    let mut said: Option<(Speaker, &str)> = None;
    let mut status: Option<u16> = None;
    let mut code: Option<&str> = None;
    let mut permission = None;
    // Further fields, as they come.
    let mut fields: Vec<(&'static str, &str)> = Vec::new();
    let mut seconds = None;
    // Unsettled cards offer the same check from a terminal.
    let mut curl = false;
    let mut report = false;
    let api = Speaker::Api;
    let answered = context.speaker;
    let (id, tone, answers) = match diagnosis {
        Diagnosis::SignedUrlIssued { masked_url } => {
            fields.push(("signed_url", masked_url));
            report = true;
            ("works", Tone::Success, (Yes, Yes, Yes))
        }
        Diagnosis::MissingPermissions {
            permissions,
            message,
        } => {
            said = Some((api, message));
            report = true;
            if permissions.is_empty() {
                (
                    "missing-permission-unnamed",
                    Tone::Problem,
                    (Yes, No, Unknown),
                )
            } else {
                let lacks_required = permissions.iter().any(|p| p == REQUIRED_PERMISSION);
                permission = Some(join(permissions, ", "));
                (
                    "missing-permission",
                    Tone::Problem,
                    (Yes, if lacks_required { No } else { Unknown }, Unknown),
                )
            }
        }
        Diagnosis::InvalidKey { message } => {
            said = Some((api, message));
            ("invalid-key", Tone::Problem, (No, Unknown, Unknown))
        }
        Diagnosis::KeyRefused { code: c, message } => {
            said = Some((answered, message));
            code = c.as_deref();
            let id = if c.is_some() {
                "key-refused-code"
            } else {
                "key-not-accepted"
            };
            (id, Tone::Problem, (No, Unknown, Unknown))
        }
        Diagnosis::NoKey { message } => {
            said = Some((api, message));
            curl = true;
            ("key-removed", Tone::Unsettled, unknown)
        }
        Diagnosis::QuotaExceeded { message } => {
            said = Some((api, message));
            ("out-of-credits", Tone::Problem, (Yes, Unknown, Unknown))
        }
        Diagnosis::UnusualActivity { message } => {
            said = Some((api, message));
            ("unusual-activity", Tone::Problem, (Yes, Unknown, Unknown))
        }
        Diagnosis::Forbidden {
            names_ip,
            code: c,
            message,
        } => {
            said = Some((api, message));
            code = c.as_deref();
            curl = true;
            // The key got far enough for the API to refuse this request:
            // a definite answer to act on, not an untested key.
            let id = if *names_ip {
                "ip-allowlist"
            } else {
                "forbidden"
            };
            (id, Tone::Problem, unknown)
        }
        Diagnosis::AgentAccess {
            status: s,
            code: c,
            message,
        } => {
            said = Some((api, message));
            status = Some(*s);
            code = c.as_deref();
            report = true;
            ("agent-access", Tone::Problem, (Yes, Unknown, No))
        }
        Diagnosis::AgentProblem { status: s, message } => {
            said = Some((api, message));
            status = Some(*s);
            if *s == 404 {
                report = true;
                ("agent-not-found", Tone::Problem, (Yes, Unknown, No))
            } else {
                ("agent-id-rejected", Tone::Problem, (Unknown, Unknown, No))
            }
        }
        Diagnosis::NotFound { status: s, message } => {
            said = Some((answered, message));
            status = Some(*s);
            curl = true;
            ("not-found", Tone::Unsettled, unknown)
        }
        Diagnosis::RateLimited {
            code: c,
            retry_after,
            message,
        } => {
            said = Some((answered, message));
            code = c.as_deref();
            match retry_after {
                Some(RetryAfter::Seconds(s)) => seconds = Some(*s),
                Some(RetryAfter::Until(date)) => fields.push(("retry_until", date)),
                None => {}
            }
            ("rate-limited", Tone::Wait, unknown)
        }
        Diagnosis::ServerError { status: s, excerpt } => {
            said = Some((answered, excerpt));
            status = Some(*s);
            ("server-error", Tone::Wait, unknown)
        }
        Diagnosis::HtmlPage {
            status: s,
            title,
            kind,
            service,
        } => {
            status = Some(*s);
            said = title.as_deref().map(|t| (Speaker::Page, t));
            if let Some(service) = service {
                fields.push(("service", service));
            }
            curl = true;
            match (kind, s) {
                (PageKind::Challenge, _) => ("challenge-page", Tone::Unsettled, unknown),
                (PageKind::Blocked, _) => ("security-block", Tone::Unsettled, unknown),
                (PageKind::Plain, 404 | 405) => ("web-page-not-found", Tone::Unsettled, unknown),
                (PageKind::Plain, 500..=599) => ("gateway-error", Tone::Wait, unknown),
                (PageKind::Plain, _) => ("web-page", Tone::Unsettled, unknown),
            }
        }
        Diagnosis::Redirected { to } => {
            if let Some(to) = to {
                fields.push(("redirect_to", to));
            }
            curl = true;
            ("redirect", Tone::Unsettled, unknown)
        }
        Diagnosis::UnexpectedSuccess { status: s, held } => {
            status = Some(*s);
            match held {
                Held::Fields(names) if names.is_empty() => fields.push(("json_empty", "yes")),
                Held::Fields(names) => fields.push(("json_fields", names)),
                Held::Text(text) => said = Some((Speaker::Unknown, text)),
            }
            curl = true;
            ("unexpected-success", Tone::Unsettled, unknown)
        }
        Diagnosis::Unrecognised {
            status: s,
            code: c,
            excerpt,
        } => {
            said = Some((answered, excerpt));
            status = Some(*s);
            code = c.as_deref();
            curl = true;
            if excerpt.trim().is_empty() {
                fields.push(("empty_body", "yes"));
            }
            ("unrecognised", Tone::Unsettled, unknown)
        }
        Diagnosis::NoAnswer(failure) => {
            curl = true;
            let id = match failure {
                Failure::Blocked => "blocked",
                Failure::Timeout => "timeout",
                Failure::BodyUnreadable => "cut-off",
            };
            (id, Tone::Unsettled, unknown)
        }
    };
    let mut card = Verdict::new(id, tone, answers);
    card.offers_report = report;
    if let Some((speaker, text)) = said {
        card.add(speaker.field(), redact(text.trim()));
    }
    if let Some(status) = status {
        card.add("status", decimal(u64::from(status)));
    }
    if let Some(code) = code {
        card.add("code", redact(code.trim()));
    }
    if let Some(seconds) = seconds {
        card.add("retry_seconds", decimal(u64::from(seconds)));
    }
    if let Some(permission) = permission {
        card.add("permission", redact(&permission));
    }
    for (name, value) in fields {
        card.add(name, redact(value.trim()));
    }
    if curl {
        // The address only: the template words the command around it.
        card.add("curl", check_address(context.origin, context.agent_id));
    }
    card.add("host", crate::hosts::host_name(context.origin).to_owned());
    card.add("agent", context.agent_id.to_owned());
    card
}

/// How long the checker waits for an answer before it gives up.
pub const TIMEOUT_SECONDS: u32 = 15;

/// The status line under the form once a check has ended (a `status-…`
/// note, worded by the widget's template), as a reader would say it: a
/// timeout is "no answer within 15 seconds", not "checked in 15,002 ms".
pub fn status_after(diagnosis: &Diagnosis) -> &'static str {
    if matches!(diagnosis, Diagnosis::NoAnswer(Failure::Timeout)) {
        "status-no-answer"
    } else {
        "status-checked"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnosis::{diagnose, json_answer, speaker};

    const CONTEXT: CheckContext<'static> = CheckContext {
        origin: "https://api.elevenlabs.io",
        agent_id: "agent_123",
        speaker: Speaker::Api,
    };

    fn v(diagnosis: Diagnosis) -> Verdict {
        verdict(&diagnosis, CONTEXT)
    }

    fn answers(v: &Verdict) -> (Answer, Answer, Answer) {
        (v.key_valid, v.has_permission, v.agent_ok)
    }

    /// One diagnosis of every kind (and of every branch that picks a
    /// different id), with the id it must get.
    pub(crate) fn every_diagnosis() -> Vec<(Diagnosis, &'static str)> {
        let page = |status, kind| Diagnosis::HtmlPage {
            status,
            title: Some("Just a moment...".into()),
            kind,
            service: Some("Cloudflare"),
        };
        vec![
            (
                Diagnosis::SignedUrlIssued {
                    masked_url: "wss://x/y?a=…".into(),
                },
                "works",
            ),
            (
                Diagnosis::MissingPermissions {
                    permissions: vec!["convai_write".into()],
                    message: "m".into(),
                },
                "missing-permission",
            ),
            (
                Diagnosis::MissingPermissions {
                    permissions: vec![],
                    message: String::new(),
                },
                "missing-permission-unnamed",
            ),
            (
                Diagnosis::InvalidKey {
                    message: "Invalid API key".into(),
                },
                "invalid-key",
            ),
            (
                Diagnosis::KeyRefused {
                    code: Some("unauthorized".into()),
                    message: String::new(),
                },
                "key-refused-code",
            ),
            (
                Diagnosis::KeyRefused {
                    code: None,
                    message: String::new(),
                },
                "key-not-accepted",
            ),
            (
                Diagnosis::NoKey {
                    message: String::new(),
                },
                "key-removed",
            ),
            (
                Diagnosis::QuotaExceeded {
                    message: String::new(),
                },
                "out-of-credits",
            ),
            (
                Diagnosis::UnusualActivity {
                    message: String::new(),
                },
                "unusual-activity",
            ),
            (
                Diagnosis::Forbidden {
                    names_ip: true,
                    code: None,
                    message: "IP not allowed".into(),
                },
                "ip-allowlist",
            ),
            (
                Diagnosis::Forbidden {
                    names_ip: false,
                    code: Some("forbidden".into()),
                    message: String::new(),
                },
                "forbidden",
            ),
            (
                Diagnosis::AgentAccess {
                    status: 403,
                    code: None,
                    message: "no access to this agent".into(),
                },
                "agent-access",
            ),
            (
                Diagnosis::AgentProblem {
                    status: 404,
                    message: "Agent not found".into(),
                },
                "agent-not-found",
            ),
            (
                Diagnosis::AgentProblem {
                    status: 422,
                    message: "query.agent_id: Field required".into(),
                },
                "agent-id-rejected",
            ),
            (
                Diagnosis::NotFound {
                    status: 405,
                    message: "Method Not Allowed".into(),
                },
                "not-found",
            ),
            (
                Diagnosis::RateLimited {
                    code: None,
                    retry_after: Some(RetryAfter::Seconds(3)),
                    message: String::new(),
                },
                "rate-limited",
            ),
            (
                Diagnosis::ServerError {
                    status: 503,
                    excerpt: "down".into(),
                },
                "server-error",
            ),
            (page(403, PageKind::Challenge), "challenge-page"),
            (page(403, PageKind::Blocked), "security-block"),
            (page(200, PageKind::Plain), "web-page"),
            (page(418, PageKind::Plain), "web-page"),
            (page(404, PageKind::Plain), "web-page-not-found"),
            (page(405, PageKind::Plain), "web-page-not-found"),
            (page(502, PageKind::Plain), "gateway-error"),
            (
                Diagnosis::Redirected {
                    to: Some("example.com".into()),
                },
                "redirect",
            ),
            (Diagnosis::Redirected { to: None }, "redirect"),
            (
                Diagnosis::UnexpectedSuccess {
                    status: 200,
                    held: Held::Text("{".into()),
                },
                "unexpected-success",
            ),
            (
                Diagnosis::Unrecognised {
                    status: 418,
                    code: None,
                    excerpt: String::new(),
                },
                "unrecognised",
            ),
            (Diagnosis::NoAnswer(Failure::Blocked), "blocked"),
            (Diagnosis::NoAnswer(Failure::Timeout), "timeout"),
            (Diagnosis::NoAnswer(Failure::BodyUnreadable), "cut-off"),
        ]
    }

    #[test]
    fn every_diagnosis_gets_its_own_id_and_every_id_is_reachable() {
        let mut seen = Vec::new();
        for (diagnosis, id) in every_diagnosis() {
            let card = v(diagnosis.clone());
            assert_eq!(card.id, id, "{diagnosis:?}");
            assert!(VERDICT_IDS.contains(&card.id), "{id}");
            // Every card names the host and the agent it checked.
            assert_eq!(card.field("host"), Some("api.elevenlabs.io"));
            assert_eq!(card.field("agent"), Some("agent_123"));
            for (name, _) in &card.fields {
                assert!(FIELDS.contains(name), "{name} is not in FIELDS");
            }
            seen.push(id);
        }
        for id in VERDICT_IDS {
            assert!(seen.contains(&id), "no diagnosis gives {id}");
        }
        let mut ids = VERDICT_IDS.to_vec();
        ids.dedup();
        assert_eq!(ids.len(), VERDICT_IDS.len());
    }

    #[test]
    fn a_timeout_is_said_as_no_answer_not_as_a_time() {
        assert_eq!(
            status_after(&Diagnosis::NoAnswer(Failure::Timeout)),
            "status-no-answer"
        );
        assert_eq!(
            status_after(&Diagnosis::NoAnswer(Failure::Blocked)),
            "status-checked"
        );
        for id in ["status-no-answer", "status-checked"] {
            assert!(crate::input::NOTE_IDS.contains(&id), "{id}");
        }
    }

    #[test]
    fn unexpected_success_names_fields_as_code_and_describes_in_words() {
        let card = v(Diagnosis::UnexpectedSuccess {
            status: 200,
            held: Held::Fields("token, expires_in".into()),
        });
        assert_eq!(card.field("json_fields"), Some("token, expires_in"));
        assert_eq!(card.field("answer_said"), None);
        assert_eq!(card.field("json_empty"), None);
        let card = v(Diagnosis::UnexpectedSuccess {
            status: 200,
            held: Held::Fields(String::new()),
        });
        assert_eq!(card.field("json_empty"), Some("yes"));
        assert_eq!(card.field("json_fields"), None);
        let card = v(Diagnosis::UnexpectedSuccess {
            status: 200,
            held: Held::Text("OK".into()),
        });
        assert_eq!(card.field("answer_said"), Some("OK"));
    }

    #[test]
    fn tones_have_distinct_names() {
        let tones = [Tone::Success, Tone::Problem, Tone::Wait, Tone::Unsettled];
        for (i, a) in tones.iter().enumerate() {
            for b in &tones[i + 1..] {
                assert_ne!(a.as_str(), b.as_str());
            }
        }
    }

    #[test]
    fn tones_match_meaning() {
        let tone_of = |id: &str| {
            every_diagnosis()
                .into_iter()
                .find(|(_, i)| *i == id)
                .map(|(d, _)| v(d).tone)
                .unwrap()
        };
        assert_eq!(tone_of("works"), Tone::Success);
        // Definite diagnoses are never "not settled".
        for id in [
            "missing-permission",
            "missing-permission-unnamed",
            "invalid-key",
            "key-not-accepted",
            "key-refused-code",
            "out-of-credits",
            "unusual-activity",
            "ip-allowlist",
            "forbidden",
            "agent-access",
            "agent-not-found",
            "agent-id-rejected",
        ] {
            assert_eq!(tone_of(id), Tone::Problem, "{id}");
        }
        for id in ["rate-limited", "server-error", "gateway-error"] {
            assert_eq!(tone_of(id), Tone::Wait, "{id}");
        }
        for id in [
            "key-removed",
            "not-found",
            "challenge-page",
            "security-block",
            "web-page",
            "web-page-not-found",
            "redirect",
            "unexpected-success",
            "unrecognised",
            "blocked",
            "timeout",
            "cut-off",
        ] {
            assert_eq!(tone_of(id), Tone::Unsettled, "{id}");
        }
    }

    #[test]
    fn only_known_answers_are_fields() {
        let card = v(Diagnosis::QuotaExceeded {
            message: String::new(),
        });
        assert_eq!(card.field("key_valid"), Some("yes"));
        assert_eq!(card.field("convai_write"), None);
        assert_eq!(card.field("agent_ok"), None);
        assert_eq!(card.field("tone"), Some("problem"));
        assert_eq!(card.field("report"), None);
        assert_eq!(
            v(Diagnosis::SignedUrlIssued {
                masked_url: "x".into()
            })
            .field("report"),
            Some("yes")
        );
        let card = v(Diagnosis::NoAnswer(Failure::Blocked));
        for question in ["key_valid", "convai_write", "agent_ok"] {
            assert_eq!(card.field(question), None);
        }
        let card = v(Diagnosis::InvalidKey {
            message: String::new(),
        });
        assert_eq!(card.field("key_valid"), Some("no"));
    }

    #[test]
    fn missing_permission_answers_the_three_questions_and_names_it() {
        let card = v(Diagnosis::MissingPermissions {
            permissions: vec!["convai_write".into()],
            message: "msg".into(),
        });
        assert_eq!(card.id, "missing-permission");
        assert_eq!(card.field("permission"), Some("convai_write"));
        assert_eq!(answers(&card), (Answer::Yes, Answer::No, Answer::Unknown));
        assert!(card.offers_report);
        assert_eq!(card.field("api_said"), Some("msg"));
        // Another permission named: convai_write is not known to be missing.
        let card = v(Diagnosis::MissingPermissions {
            permissions: vec!["convai_read".into(), "user_read".into()],
            message: String::new(),
        });
        assert_eq!(card.field("permission"), Some("convai_read, user_read"));
        assert_eq!(card.has_permission, Answer::Unknown);
        // None named: the card does not pretend to know which.
        let card = v(Diagnosis::MissingPermissions {
            permissions: vec![],
            message: "Not allowed.".into(),
        });
        assert_eq!(card.id, "missing-permission-unnamed");
        assert_eq!(card.field("permission"), None);
        assert_eq!(card.has_permission, Answer::No);
    }

    #[test]
    fn success_never_shows_the_signed_url_in_full() {
        let card = v(Diagnosis::SignedUrlIssued {
            masked_url: "wss://h/p?s=…".into(),
        });
        assert_eq!(card.tone, Tone::Success);
        assert_eq!(answers(&card), (Answer::Yes, Answer::Yes, Answer::Yes));
        assert_eq!(card.field("signed_url"), Some("wss://h/p?s=…"));
        assert_eq!(card.field("curl"), None);
        assert!(card.offers_report);
    }

    #[test]
    fn the_report_is_offered_only_when_the_key_got_through() {
        for (diagnosis, id) in every_diagnosis() {
            let offered = v(diagnosis).offers_report;
            let expected = matches!(
                id,
                "works"
                    | "missing-permission"
                    | "missing-permission-unnamed"
                    | "agent-access"
                    | "agent-not-found"
            );
            assert_eq!(offered, expected, "{id}");
        }
    }

    #[test]
    fn unsettled_cards_offer_curl_with_the_agent_and_never_the_key() {
        for (diagnosis, id) in every_diagnosis() {
            let card = v(diagnosis);
            let wants_curl = card.tone == Tone::Unsettled
                || matches!(id, "ip-allowlist" | "forbidden" | "gateway-error");
            assert_eq!(card.field("curl").is_some(), wants_curl, "{id}");
            // The address the command asks (the template words the rest,
            // with the key in $ELEVENLABS_API_KEY): never the key.
            if let Some(curl) = card.field("curl") {
                assert_eq!(
                    curl,
                    "https://api.elevenlabs.io/v1/convai/conversation/get-signed-url?agent_id=agent_123"
                );
            }
        }
    }

    #[test]
    fn retry_after_is_a_field_only_when_read() {
        let wait = |retry_after| {
            v(Diagnosis::RateLimited {
                code: Some("system_busy".into()),
                retry_after,
                message: String::new(),
            })
        };
        let card = wait(Some(RetryAfter::Seconds(12)));
        assert_eq!(card.field("retry_seconds"), Some("12"));
        assert_eq!(card.field("retry_until"), None);
        assert_eq!(card.field("code"), Some("system_busy"));
        let card = wait(Some(RetryAfter::Until(
            "Sun, 29 Nov 2026 10:00:00 GMT".into(),
        )));
        assert_eq!(
            card.field("retry_until"),
            Some("Sun, 29 Nov 2026 10:00:00 GMT")
        );
        assert_eq!(card.field("retry_seconds"), None);
        let card = wait(None);
        assert_eq!(card.field("retry_seconds"), None);
        assert_eq!(card.field("retry_until"), None);
    }

    #[test]
    fn pages_are_what_the_page_said_never_what_the_api_said() {
        let card = v(Diagnosis::HtmlPage {
            status: 403,
            title: Some("Attention Required! | Cloudflare".into()),
            kind: PageKind::Blocked,
            service: Some("Cloudflare"),
        });
        assert_eq!(card.id, "security-block");
        assert_eq!(card.field("service"), Some("Cloudflare"));
        assert_eq!(
            card.field("page_said"),
            Some("Attention Required! | Cloudflare")
        );
        assert_eq!(card.field("api_said"), None);
        assert_eq!(card.field("status"), Some("403"));
        let card = v(Diagnosis::HtmlPage {
            status: 502,
            title: None,
            kind: PageKind::Plain,
            service: None,
        });
        assert_eq!(card.id, "gateway-error");
        assert_eq!(card.field("page_said"), None);
        assert_eq!(card.field("service"), None);
    }

    #[test]
    fn the_speaker_decides_who_said_an_unparsed_body() {
        let context = |speaker| CheckContext { speaker, ..CONTEXT };
        let body = "upstream connect error";
        let d = diagnose(&json_answer(503, body));
        let card = verdict(&d, context(speaker(&json_answer(503, body))));
        assert_eq!(card.field("answer_said"), Some(body));
        assert_eq!(card.field("api_said"), None);
        let body =
            r#"{"detail":{"status":"internal_error","message":"An internal error occurred."}}"#;
        let answer = json_answer(500, body);
        let card = verdict(&diagnose(&answer), context(speaker(&answer)));
        assert_eq!(card.field("api_said"), Some("An internal error occurred."));
        assert_eq!(card.field("answer_said"), None);
    }

    #[test]
    fn a_401_names_its_code_when_it_has_one() {
        let card = v(Diagnosis::KeyRefused {
            code: Some("unauthorized".into()),
            message: "Unauthorized".into(),
        });
        assert_eq!(card.id, "key-refused-code");
        assert_eq!(card.field("code"), Some("unauthorized"));
        let card = v(Diagnosis::KeyRefused {
            code: None,
            message: String::new(),
        });
        assert_eq!(card.id, "key-not-accepted");
        assert_eq!(card.field("code"), None);
        assert_eq!(card.key_valid, Answer::No);
        assert!(!card.offers_report);
    }

    #[test]
    fn agent_access_names_the_agent_and_blames_neither_key_nor_permission() {
        let card = v(Diagnosis::AgentAccess {
            status: 403,
            code: Some("forbidden".into()),
            message: "This API key cannot access agent agent_123.".into(),
        });
        assert_eq!(card.id, "agent-access");
        assert_eq!(answers(&card), (Answer::Yes, Answer::Unknown, Answer::No));
        assert_eq!(card.field("agent"), Some("agent_123"));
        assert_eq!(card.field("permission"), None);
    }

    #[test]
    fn a_redirect_names_where_it_pointed() {
        let card = v(Diagnosis::Redirected {
            to: Some("evil.example".into()),
        });
        assert_eq!(card.field("redirect_to"), Some("evil.example"));
        assert_eq!(card.field("host"), Some("api.elevenlabs.io"));
    }

    #[test]
    fn unknown_answers_say_when_the_body_was_empty() {
        let card = v(Diagnosis::Unrecognised {
            status: 418,
            code: Some("brand_new".into()),
            excerpt: "I'm a teapot".into(),
        });
        assert_eq!(card.field("empty_body"), None);
        assert_eq!(card.field("code"), Some("brand_new"));
        let card = v(Diagnosis::Unrecognised {
            status: 418,
            code: None,
            excerpt: " ".into(),
        });
        assert_eq!(card.field("empty_body"), Some("yes"));
    }

    #[test]
    fn secrets_in_fields_are_hidden_and_empty_fields_left_out() {
        let card = v(Diagnosis::KeyRefused {
            code: None,
            message: "bad key sk_0123456789abcdef0123456789abcdef0123456789abcdef".into(),
        });
        assert_eq!(card.field("api_said"), Some("bad key sk_…"));
        let card = v(Diagnosis::InvalidKey {
            message: "  ".into(),
        });
        assert_eq!(card.field("api_said"), None);
        let card = card.with_request_id(Some("3c807fc4c3a1705f9638ecc764a91c01".into()));
        assert_eq!(
            card.field("request_id"),
            Some("3c807fc4c3a1705f9638ecc764a91c01")
        );
        // A field set twice keeps the last value, once.
        let card = card.with("status", "1").with("status", "2");
        assert_eq!(card.field("status"), Some("2"));
        assert_eq!(
            card.fields.iter().filter(|(n, _)| *n == "status").count(),
            1
        );
    }

    #[test]
    fn the_known_answers_and_every_field_reach_the_page() {
        let card = v(Diagnosis::AgentAccess {
            status: 403,
            code: None,
            message: "m".into(),
        });
        assert_eq!(card.field("key_valid"), Some("yes"));
        assert_eq!(card.field("agent_ok"), Some("no"));
        let card = v(Diagnosis::MissingPermissions {
            permissions: vec!["convai_write".into()],
            message: String::new(),
        });
        assert_eq!(card.field("convai_write"), Some("no"));
        let names: Vec<&str> = card.fields().iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["permission", "host", "agent"]);
        assert_eq!(card.fields()[1].1, "api.elevenlabs.io");
    }
}

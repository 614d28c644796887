//! What the reader is told: turns a [`Diagnosis`] into a verdict card with a
//! title, the three questions answered (key valid? `convai_write`? agent id
//! right?), next steps and a link to the docs section that fixes it.
//! Everything here is plain text; the page inserts it as text.

use crate::diagnosis::{Diagnosis, Failure, REQUIRED_PERMISSION};
use crate::hosts::curl_command;
use crate::text::join;

/// The overall tone of a verdict card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Everything the check covers works.
    Success,
    /// Something the reader must fix.
    Problem,
    /// Not the reader's key: limits, outages, blocked requests.
    Warning,
}

impl Tone {
    /// The CSS class suffix and `data-tone` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Tone::Success => "success",
            Tone::Problem => "problem",
            Tone::Warning => "warning",
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
    /// This check could not tell.
    Unknown,
}

impl Answer {
    /// As shown in the card.
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::Unknown => "not known",
        }
    }
}

/// A section of the docs, by site path (relative to the base path) and anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocLink {
    /// The page's path below the base path, such as `missing-convai-write/`.
    pub page: &'static str,
    /// The heading id on that page.
    pub anchor: &'static str,
    /// The link text.
    pub label: &'static str,
}

impl DocLink {
    /// The link's URL under `base_path` (which starts and ends with `/`).
    pub fn href(&self, base_path: &str) -> String {
        format!("{base_path}{}#{}", self.page, self.anchor)
    }
}

macro_rules! doc_links {
    ($($name:ident = $page:literal # $anchor:literal, $label:literal;)*) => {
        $(
            #[doc = concat!("`", $page, "#", $anchor, "`")]
            pub const $name: DocLink = DocLink { page: $page, anchor: $anchor, label: $label };
        )*
        /// Every docs section a verdict links to; the site's tests check that
        /// each exists.
        pub const ALL_DOC_LINKS: &[DocLink] = &[$($name),*];
    };
}

doc_links! {
    FIX_PERMISSION = "missing-convai-write/" # "fix-it", "How to add convai_write";
    STILL_FAILING = "missing-convai-write/" # "still-failing", "If your app still fails";
    FIX_INVALID_KEY = "invalid-api-key/" # "fix-an-invalid-or-revoked-key", "Fix an invalid or revoked key";
    KEY_NOT_SENT = "invalid-api-key/" # "the-key-did-not-arrive", "When the key does not arrive";
    FIX_AGENT_ID = "agent-id/" # "find-the-right-agent-id", "Find the right agent id";
    OUT_OF_CREDITS = "quota-and-rate-limits/" # "out-of-credits", "Out of credits";
    UNUSUAL_ACTIVITY = "quota-and-rate-limits/" # "free-tier-blocked-for-unusual-activity", "Free tier blocked";
    TOO_MANY_REQUESTS = "quota-and-rate-limits/" # "too-many-requests", "Too many requests";
    SERVER_ERRORS = "quota-and-rate-limits/" # "server-errors-5xx", "Server errors";
    BLOCKED = "request-blocked/" # "check-from-a-terminal-instead", "Check from a terminal instead";
    OTHER_ANSWERS = "request-blocked/" # "other-answers", "Other answers";
}

/// The check that was made, for wording the verdict.
#[derive(Debug, Clone, Copy)]
pub struct CheckContext<'a> {
    /// The API origin the request went to.
    pub origin: &'a str,
    /// The agent id that was sent.
    pub agent_id: &'a str,
}

/// A verdict card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Success, problem or warning.
    pub tone: Tone,
    /// One line saying what happened.
    pub title: String,
    /// A sentence or two of explanation.
    pub explanation: String,
    /// Is the key valid?
    pub key_valid: Answer,
    /// Does the key have `convai_write`?
    pub has_permission: Answer,
    /// Is the agent id right?
    pub agent_ok: Answer,
    /// What to do next, in order.
    pub steps: Vec<String>,
    /// Where the docs explain the fix.
    pub doc: DocLink,
    /// What the API said (message or body excerpt), shown as text.
    pub api_text: Option<String>,
    /// The equivalent `curl` command, when the browser could not ask.
    pub curl: Option<String>,
}

fn api_text(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| crate::diagnosis::excerpt(text))
}

fn steps(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// The verdict for `diagnosis`.
pub fn verdict(diagnosis: &Diagnosis, context: CheckContext<'_>) -> Verdict {
    use Answer::{No, Unknown, Yes};
    let base =
        |tone, title: String, explanation: String, answers: (Answer, Answer, Answer), doc| {
            Verdict {
                tone,
                title,
                explanation,
                key_valid: answers.0,
                has_permission: answers.1,
                agent_ok: answers.2,
                steps: Vec::new(),
                doc,
                api_text: None,
                curl: None,
            }
        };
    let host = crate::hosts::host_name(context.origin);
    match diagnosis {
        Diagnosis::SignedUrlIssued { masked_url } => Verdict {
            steps: steps(&[
                "Make sure your application reads this same key: print its length or last four characters at start-up, never the whole key.",
                "Restart your server after changing .env, so the new value is loaded.",
            ]),
            api_text: Some(format!("Signed URL issued: {masked_url}")),
            ..base(
                Tone::Success,
                format!("This key works: it has {REQUIRED_PERMISSION} and the agent was found."),
                format!("{host} issued a signed conversation URL for agent {}. If your application still gets missing_permissions, it is not using this key.", context.agent_id),
                (Yes, Yes, Yes),
                STILL_FAILING,
            )
        },
        Diagnosis::MissingPermissions { permissions, message } => {
            let lacks_required = permissions.is_empty() || permissions.iter().any(|p| p == REQUIRED_PERMISSION);
            let named = if permissions.is_empty() {
                "a permission this request needs".to_owned()
            } else {
                join(permissions, ", ")
            };
            Verdict {
                steps: steps(&[
                    "In the ElevenLabs dashboard, open Settings → API Keys and edit this key.",
                    "Turn on Conversational AI with write access (convai_write) and save; or create a new key that has it.",
                    "Put the key in your .env (ELEVENLABS_API_KEY=…), restart your server, and check again here.",
                ]),
                api_text: api_text(message),
                ..base(
                    Tone::Problem,
                    format!("The key is valid but is missing the permission {named}."),
                    "ElevenLabs recognised the key, but its permissions do not allow starting a Conversational AI session.".to_owned(),
                    (Yes, if lacks_required { No } else { Unknown }, Unknown),
                    FIX_PERMISSION,
                )
            }
        }
        Diagnosis::InvalidKey { message } => Verdict {
            steps: steps(&[
                "Copy the key again from Settings → API Keys; it is shown in full only when created, so create a new key if you no longer have it.",
                "If your workspace uses data residency (EU or India) or the US host, pick that host above: a key is only known to its own host.",
                "Check that the key was not deleted or rotated by someone in your workspace.",
            ]),
            api_text: api_text(message),
            ..base(
                Tone::Problem,
                format!("{host} does not know this key."),
                "The key is mistyped, revoked, or belongs to a different API host.".to_owned(),
                (No, Unknown, Unknown),
                FIX_INVALID_KEY,
            )
        },
        Diagnosis::NoKey { message } => Verdict {
            steps: steps(&[
                "Paste the key again; if your application sees this error, it is sending an empty xi-api-key header.",
                "Check that ELEVENLABS_API_KEY is set in the environment your server really runs in.",
            ]),
            api_text: api_text(message),
            ..base(
                Tone::Problem,
                "The API received no key.".to_owned(),
                "The request reached ElevenLabs without an xi-api-key header value.".to_owned(),
                (Unknown, Unknown, Unknown),
                KEY_NOT_SENT,
            )
        },
        Diagnosis::QuotaExceeded { message } => Verdict {
            steps: steps(&[
                "Open your subscription page in the dashboard and check the remaining credits.",
                "Wait for the next billing cycle, upgrade, or enable usage-based billing.",
            ]),
            api_text: api_text(message),
            ..base(
                Tone::Warning,
                "The key is valid, but the account is out of credits.".to_owned(),
                "The request exceeds the quota of the workspace this key belongs to.".to_owned(),
                (Yes, Unknown, Unknown),
                OUT_OF_CREDITS,
            )
        },
        Diagnosis::UnusualActivity { message } => Verdict {
            steps: steps(&[
                "Turn off VPNs and proxies and try again.",
                "Free accounts can be blocked for unusual activity; a paid plan lifts the block.",
            ]),
            api_text: api_text(message),
            ..base(
                Tone::Warning,
                "ElevenLabs blocked this free-tier account for unusual activity.".to_owned(),
                "The key is known, but free-tier use from this account or network is paused.".to_owned(),
                (Yes, Unknown, Unknown),
                UNUSUAL_ACTIVITY,
            )
        },
        Diagnosis::AgentProblem { status, message } => Verdict {
            steps: steps(&[
                "Open the agent in the ElevenLabs dashboard and copy its id again (it starts with agent_).",
                "Make sure the agent belongs to the same workspace as the key, and that the host above is that workspace's host.",
            ]),
            api_text: api_text(message),
            ..base(
                Tone::Problem,
                format!("The key got through, but the agent id was rejected (HTTP {status})."),
                format!("No agent {} was found for this key on {host}.", context.agent_id),
                (Yes, Unknown, No),
                FIX_AGENT_ID,
            )
        },
        Diagnosis::RateLimited { code, retry_after, message } => {
            let wait = match retry_after {
                Some(after) => format!("The API asks you to wait {after} seconds (Retry-After) before trying again."),
                None => "Wait a little before trying again.".to_owned(),
            };
            Verdict {
                steps: vec![wait, "If this happens often in your application, lower its concurrency or move to a plan with a higher limit.".to_owned()],
                api_text: api_text(message).or_else(|| code.clone()),
                ..base(
                    Tone::Warning,
                    "Too many requests right now (HTTP 429).".to_owned(),
                    "The key was not judged: ElevenLabs is limiting requests for this account or is busy.".to_owned(),
                    (Unknown, Unknown, Unknown),
                    TOO_MANY_REQUESTS,
                )
            }
        }
        Diagnosis::ServerError { status, html, excerpt } => Verdict {
            steps: steps(&[
                "Try again in a few minutes; check status.elevenlabs.io for incidents.",
                "If it persists, contact ElevenLabs support with the time of the request.",
            ]),
            api_text: (!html).then(|| api_text(excerpt)).flatten(),
            ..base(
                Tone::Warning,
                format!("The API had a server error (HTTP {status})."),
                if *html {
                    "An HTML error page came back instead of the API's JSON: a proxy or gateway in front of the API answered. Your key was not judged.".to_owned()
                } else {
                    "The problem is on the server's side; your key was not judged.".to_owned()
                },
                (Unknown, Unknown, Unknown),
                SERVER_ERRORS,
            )
        },
        Diagnosis::UnexpectedSuccess { status, excerpt } => Verdict {
            steps: steps(&[
                "Something between your browser and the API changed the answer (a captive portal, proxy or extension). Try the curl command from a terminal.",
            ]),
            api_text: api_text(excerpt),
            curl: Some(curl_command(context.origin, context.agent_id)),
            ..base(
                Tone::Warning,
                format!("The API answered {status}, but not with a signed URL."),
                "The answer could not be read as the API's JSON, so the key could not be judged.".to_owned(),
                (Unknown, Unknown, Unknown),
                OTHER_ANSWERS,
            )
        },
        Diagnosis::Unrecognised { status, code, excerpt } => Verdict {
            steps: steps(&[
                "Read the API's answer below; it usually names the problem.",
                "Run the curl command from a terminal to see the full answer.",
            ]),
            api_text: Some(excerpt.clone()).filter(|e| !e.is_empty()).or_else(|| Some("(empty body)".to_owned())),
            curl: Some(curl_command(context.origin, context.agent_id)),
            ..base(
                Tone::Warning,
                match code {
                    Some(code) => format!("The API answered HTTP {status} ({code}), which this checker does not know."),
                    None => format!("The API answered HTTP {status}, which this checker does not know."),
                },
                "Here is the start of the answer, as text.".to_owned(),
                (Unknown, Unknown, Unknown),
                OTHER_ANSWERS,
            )
        },
        Diagnosis::NoAnswer(failure) => {
            let (title, explanation) = match failure {
                Failure::Blocked => (
                    format!("The request was blocked or failed before it reached {host}."),
                    "Your browser could not reach the API: you may be offline, an extension or firewall may block it, or the host refused the browser's cross-origin (CORS) request. Browsers do not say which.",
                ),
                Failure::Timeout => (
                    format!("{host} did not answer within 15 seconds."),
                    "The request was cancelled after 15 seconds. The network or the API may be slow or down.",
                ),
                Failure::BodyUnreadable => (
                    format!("The answer from {host} was cut off."),
                    "The connection broke while the answer was arriving.",
                ),
            };
            Verdict {
                steps: steps(&[
                    "Run the same check from a terminal with the command below: export ELEVENLABS_API_KEY first, so the key never appears in your shell history.",
                    "A 200 answer with a signed_url means the key has convai_write; any other answer names the problem.",
                ]),
                curl: Some(curl_command(context.origin, context.agent_id)),
                ..base(
                    Tone::Warning,
                    title,
                    explanation.to_owned(),
                    (Unknown, Unknown, Unknown),
                    BLOCKED,
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONTEXT: CheckContext<'static> = CheckContext {
        origin: "https://api.elevenlabs.io",
        agent_id: "agent_123",
    };

    fn every_diagnosis() -> Vec<Diagnosis> {
        vec![
            Diagnosis::SignedUrlIssued {
                masked_url: "wss://x/y?a=…".into(),
            },
            Diagnosis::MissingPermissions {
                permissions: vec!["convai_write".into()],
                message: "m".into(),
            },
            Diagnosis::MissingPermissions {
                permissions: vec![],
                message: String::new(),
            },
            Diagnosis::InvalidKey {
                message: "Invalid API key".into(),
            },
            Diagnosis::NoKey {
                message: String::new(),
            },
            Diagnosis::QuotaExceeded {
                message: String::new(),
            },
            Diagnosis::UnusualActivity {
                message: String::new(),
            },
            Diagnosis::AgentProblem {
                status: 404,
                message: "Agent not found".into(),
            },
            Diagnosis::RateLimited {
                code: None,
                retry_after: Some("3".into()),
                message: String::new(),
            },
            Diagnosis::ServerError {
                status: 503,
                html: true,
                excerpt: "<html>".into(),
            },
            Diagnosis::UnexpectedSuccess {
                status: 200,
                excerpt: "{".into(),
            },
            Diagnosis::Unrecognised {
                status: 418,
                code: None,
                excerpt: String::new(),
            },
            Diagnosis::NoAnswer(Failure::Blocked),
            Diagnosis::NoAnswer(Failure::Timeout),
            Diagnosis::NoAnswer(Failure::BodyUnreadable),
        ]
    }

    #[test]
    fn every_verdict_has_a_title_steps_and_a_known_doc_link() {
        for diagnosis in every_diagnosis() {
            let v = verdict(&diagnosis, CONTEXT);
            assert!(
                !v.title.is_empty() && !v.explanation.is_empty(),
                "{diagnosis:?}"
            );
            assert!(!v.steps.is_empty(), "{diagnosis:?}");
            assert!(ALL_DOC_LINKS.contains(&v.doc), "{diagnosis:?}");
        }
    }

    #[test]
    fn missing_permission_answers_the_three_questions() {
        let v = verdict(
            &Diagnosis::MissingPermissions {
                permissions: vec!["convai_write".into()],
                message: "msg".into(),
            },
            CONTEXT,
        );
        assert_eq!(v.tone, Tone::Problem);
        assert!(
            v.title.contains("missing the permission convai_write"),
            "{}",
            v.title
        );
        assert_eq!(
            (v.key_valid, v.has_permission, v.agent_ok),
            (Answer::Yes, Answer::No, Answer::Unknown)
        );
        assert_eq!(
            v.doc.href("/keydoctor/"),
            "/keydoctor/missing-convai-write/#fix-it"
        );
        assert_eq!(v.api_text.as_deref(), Some("msg"));
    }

    #[test]
    fn success_never_shows_the_signed_url_in_full() {
        let v = verdict(
            &Diagnosis::SignedUrlIssued {
                masked_url: "wss://h/p?s=…".into(),
            },
            CONTEXT,
        );
        assert_eq!(v.tone, Tone::Success);
        assert_eq!(
            (v.key_valid, v.has_permission, v.agent_ok),
            (Answer::Yes, Answer::Yes, Answer::Yes)
        );
        assert_eq!(
            v.api_text.as_deref(),
            Some("Signed URL issued: wss://h/p?s=…")
        );
    }

    #[test]
    fn failures_offer_curl_without_the_key() {
        for failure in [Failure::Blocked, Failure::Timeout] {
            let v = verdict(&Diagnosis::NoAnswer(failure), CONTEXT);
            let curl = v.curl.expect("curl command");
            assert!(curl.contains("$ELEVENLABS_API_KEY"), "{curl}");
            assert!(curl.contains("agent_id=agent_123"), "{curl}");
        }
        assert!(verdict(&Diagnosis::NoAnswer(Failure::Timeout), CONTEXT)
            .title
            .contains("15 seconds"));
    }

    #[test]
    fn rate_limit_mentions_retry_after() {
        let v = verdict(
            &Diagnosis::RateLimited {
                code: Some("system_busy".into()),
                retry_after: Some("12".into()),
                message: String::new(),
            },
            CONTEXT,
        );
        assert!(v.steps[0].contains("12 seconds"), "{:?}", v.steps);
        assert_eq!(v.api_text.as_deref(), Some("system_busy"));
    }

    #[test]
    fn html_bodies_are_not_shown_but_json_excerpts_are() {
        let html = verdict(
            &Diagnosis::ServerError {
                status: 502,
                html: true,
                excerpt: "<h1>x</h1>".into(),
            },
            CONTEXT,
        );
        assert_eq!(html.api_text, None);
        let unknown = verdict(
            &Diagnosis::Unrecognised {
                status: 418,
                code: Some("teapot".into()),
                excerpt: "short and stout".into(),
            },
            CONTEXT,
        );
        assert!(unknown.title.contains("418") && unknown.title.contains("teapot"));
        assert_eq!(unknown.api_text.as_deref(), Some("short and stout"));
    }
}

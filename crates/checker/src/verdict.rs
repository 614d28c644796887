//! What the reader is told: turns a [`Diagnosis`] into a verdict card with a
//! title, the three questions answered (key valid? `convai_write`? agent id
//! right?), next steps and a link to the docs section that fixes it.
//! Everything here is plain text; the page inserts it as text. Every text of
//! a card passes through [`crate::secrets::redact`] before it is returned.

use crate::diagnosis::{Diagnosis, Failure, RetryAfter, REQUIRED_PERMISSION};
use crate::hosts::curl_command;
use crate::secrets::redact;
use crate::text::join;

/// The overall tone of a verdict card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Everything the check covers works.
    Success,
    /// Something the reader must fix.
    Problem,
    /// Not settled, or not the reader's key: limits, outages, blocked
    /// requests, pages from something in between.
    Warning,
}

impl Tone {
    /// The `data-tone` value the theme styles.
    pub fn as_str(self) -> &'static str {
        match self {
            Tone::Success => "success",
            Tone::Problem => "problem",
            Tone::Warning => "warning",
        }
    }

    /// The word shown on the card beside its colour (never colour alone).
    pub fn label(self) -> &'static str {
        match self {
            Tone::Success => "Works",
            Tone::Problem => "Needs a fix",
            Tone::Warning => "Not settled",
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
    IP_ALLOWLIST = "request-blocked/" # "a-key-limited-to-some-ip-addresses", "Keys limited to some IP addresses";
    WEB_PAGE = "request-blocked/" # "a-web-page-instead-of-an-api-answer", "A web page instead of an API answer";
    REDIRECT = "request-blocked/" # "a-redirect-instead-of-an-answer", "A redirect instead of an answer";
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
    /// The answer's `request_id`, to quote to ElevenLabs support.
    pub request_id: Option<String>,
    /// The equivalent `curl` command, when the browser could not settle it.
    pub curl: Option<String>,
}

impl Verdict {
    /// The questions and answers, in the order the card shows them.
    pub fn answers(&self) -> [(&'static str, Answer); 3] {
        [
            ("Key valid", self.key_valid),
            (REQUIRED_PERMISSION, self.has_permission),
            ("Agent id right", self.agent_ok),
        ]
    }

    /// Whether the key was accepted, so that asking what else it can do
    /// makes sense (the permission report).
    pub fn key_accepted(&self) -> bool {
        self.key_valid == Answer::Yes
    }

    /// Adds the answer's request id.
    pub fn with_request_id(mut self, request_id: Option<String>) -> Self {
        self.request_id = request_id;
        self
    }

    /// Every text hidden of secret-shaped values.
    fn redacted(mut self) -> Self {
        self.title = redact(&self.title);
        self.explanation = redact(&self.explanation);
        for step in &mut self.steps {
            *step = redact(step);
        }
        self.api_text = self.api_text.as_deref().map(redact);
        self
    }
}

fn api_text(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| crate::diagnosis::excerpt(text))
}

fn steps(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// The step that says how to run the `curl` command without exposing the key.
pub const CURL_STEP: &str = "In a terminal, run `read -rs ELEVENLABS_API_KEY`, paste the key and press Enter (it is not shown or kept in your shell history), then run the command below: it passes the key to curl on its input, not on the command line.";

/// The verdict for `diagnosis`.
pub fn verdict(diagnosis: &Diagnosis, context: CheckContext<'_>) -> Verdict {
    card(diagnosis, context).redacted()
}

fn card(diagnosis: &Diagnosis, context: CheckContext<'_>) -> Verdict {
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
                request_id: None,
                curl: None,
            }
        };
    let host = crate::hosts::host_name(context.origin);
    let curl = || Some(curl_command(context.origin, context.agent_id));
    let unknown = (Unknown, Unknown, Unknown);
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
                format!("{host} issued a signed conversation URL for agent {}. If your application still gets missing_permissions, it is not using this key (or not this host).", context.agent_id),
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
                    "In the ElevenLabs dashboard, open the API keys page and edit this key, or create a new one.",
                    "Give it write access for agents (the dashboard has called the product Conversational AI, Agents Platform and ElevenAgents; the permission is convai_write), or make the key unrestricted, and save.",
                    "Put the key where your app reads it (such as .env), restart the app, and check again here.",
                ]),
                api_text: api_text(message),
                ..base(
                    Tone::Problem,
                    format!("The key is valid but is missing the permission {named}."),
                    "ElevenLabs recognised the key, but its permissions do not allow starting an agent conversation. The key's settings need changing, not your account.".to_owned(),
                    (Yes, if lacks_required { No } else { Unknown }, Unknown),
                    FIX_PERMISSION,
                )
            }
        }
        Diagnosis::InvalidKey { message } => Verdict {
            steps: steps(&[
                "Copy the key again from the API keys page; it is shown in full only when created, so create a new key if you no longer have it.",
                "If your workspace is in a data residency environment (EU, India or Singapore), that is a separate account with its own keys: pick its host above and use a key made there.",
                "Check that the key was not deleted or rotated by someone in your workspace.",
            ]),
            api_text: api_text(message),
            ..base(
                Tone::Problem,
                format!("{host} does not know this key."),
                "The key is mistyped, revoked, or from another environment than this host.".to_owned(),
                (No, Unknown, Unknown),
                FIX_INVALID_KEY,
            )
        },
        Diagnosis::KeyRefused { code, message } => Verdict {
            steps: steps(&[
                "Copy the key again from the API keys page, and make sure the host above is your workspace's.",
                "Read what the API said below; if it names a permission, the key needs that permission.",
            ]),
            api_text: api_text(message).or_else(|| code.clone()),
            ..base(
                Tone::Problem,
                format!("{host} refused the key (HTTP 401)."),
                "The answer did not say why in a form this checker knows. Most often the key is mistyped, revoked, or belongs to another host.".to_owned(),
                unknown,
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
                unknown,
                KEY_NOT_SENT,
            )
        },
        Diagnosis::QuotaExceeded { message } => Verdict {
            steps: steps(&[
                "Check the remaining credits on your subscription page, and any credit limit set on this key.",
                "Wait for the next billing cycle, raise the key's limit, upgrade, or turn on usage-based billing.",
            ]),
            api_text: api_text(message),
            ..base(
                Tone::Warning,
                "The key is valid, but it is out of credits.".to_owned(),
                "The request exceeds the quota of this key or of its workspace.".to_owned(),
                (Yes, Unknown, Unknown),
                OUT_OF_CREDITS,
            )
        },
        Diagnosis::UnusualActivity { message } => Verdict {
            steps: steps(&[
                "Turn off VPNs and proxies and try again.",
                "The message itself says a paid plan may be needed when you use a VPN or proxy; if the block stays, contact ElevenLabs support.",
            ]),
            api_text: api_text(message),
            ..base(
                Tone::Warning,
                "ElevenLabs paused free-tier use for unusual activity.".to_owned(),
                "The key is known, but free-tier use from this account or network is blocked.".to_owned(),
                (Yes, Unknown, Unknown),
                UNUSUAL_ACTIVITY,
            )
        },
        Diagnosis::Forbidden { names_ip, code, message } => Verdict {
            steps: steps(&[
                "Run the curl command below on the server your app runs on: the allowlist is meant for that address, and a 200 there means the key is fine.",
                "To check from this browser, add your current IP address to the key's allowlist, or use a key without one.",
            ]),
            api_text: api_text(message).or_else(|| code.clone()),
            curl: curl(),
            ..base(
                Tone::Warning,
                if *names_ip {
                    "This key only accepts requests from listed IP addresses (HTTP 403).".to_owned()
                } else {
                    format!("{host} refused the request (HTTP 403).")
                },
                format!(
                    "{}This check ran in your browser, so it came from your own IP address, not your server's.",
                    if *names_ip { "" } else { "ElevenLabs documents a 403 for keys whose IP allowlist does not include the caller; the answer did not say more. " }
                ),
                unknown,
                IP_ALLOWLIST,
            )
        },
        Diagnosis::AgentProblem { status, message } => Verdict {
            steps: steps(&[
                "Open the agent in the ElevenLabs dashboard and copy its id again (it starts with agent_).",
                "Make sure the agent belongs to the key's workspace and environment; a service-account key sees only agents shared with it.",
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
        Diagnosis::NotFound { status, message } => Verdict {
            steps: steps(&[
                "Make sure the host above is your workspace's API host.",
                "Check status.elevenlabs.io for an outage, then try again.",
                "Run the curl command below from a terminal to see the whole answer.",
            ]),
            api_text: api_text(message),
            curl: curl(),
            ..base(
                Tone::Warning,
                format!("{host} answered HTTP {status} without naming the agent."),
                "The answer does not say the agent is missing, so the agent id is not the likely cause: the host or path is wrong, or the API is having trouble.".to_owned(),
                unknown,
                OTHER_ANSWERS,
            )
        },
        Diagnosis::RateLimited { code, retry_after, message } => {
            let wait = match retry_after {
                Some(RetryAfter::Seconds(seconds)) => format!("The answer asks you to wait {seconds} seconds before trying again."),
                Some(RetryAfter::Until(date)) => format!("The answer asks you to wait until {date} before trying again."),
                None => "Wait a little before trying again (a browser cannot see whether the API said how long).".to_owned(),
            };
            Verdict {
                steps: vec![wait, "If this happens often in your application, lower its concurrency or move to a plan with a higher limit.".to_owned()],
                api_text: api_text(message).or_else(|| code.clone()),
                ..base(
                    Tone::Warning,
                    "Too many requests right now (HTTP 429).".to_owned(),
                    "The key was not judged: ElevenLabs is limiting requests for this account or is busy.".to_owned(),
                    unknown,
                    TOO_MANY_REQUESTS,
                )
            }
        }
        Diagnosis::ServerError { status, excerpt } => Verdict {
            steps: steps(&[
                "Try again in a few minutes; check status.elevenlabs.io for incidents.",
                "If it persists, contact ElevenLabs support with the time of the request (and the request id, when one is shown).",
            ]),
            api_text: api_text(excerpt),
            ..base(
                Tone::Warning,
                format!("The API had a server error (HTTP {status})."),
                "The problem is on the server's side; your key was not judged.".to_owned(),
                unknown,
                SERVER_ERRORS,
            )
        },
        Diagnosis::HtmlPage { status, title, challenge } => html_page_card(*status, title.as_deref(), *challenge, Verdict {
            api_text: Some(match title {
                Some(title) => format!("A web page titled “{title}”"),
                None => "A web page without a title".to_owned(),
            }),
            curl: curl(),
            ..base(Tone::Warning, String::new(), String::new(), unknown, WEB_PAGE)
        }),
        Diagnosis::Redirected { to } => Verdict {
            steps: steps(&[
                "Pick your workspace's API host above and check again.",
                "Run the curl command below with -i added: it shows the redirect's Location, and curl does not follow it (or send your key on) unless you add -L.",
            ]),
            curl: curl(),
            ..base(
                Tone::Warning,
                match to {
                    Some(to) => format!("{host} answered with a redirect to {to}."),
                    None => format!("{host} answered with a redirect."),
                },
                format!("The checker never follows a redirect, so your key went only to {host}. An API does not redirect this request: something in between (a proxy, a captive portal) answered, or the host is wrong."),
                unknown,
                REDIRECT,
            )
        },
        Diagnosis::UnexpectedSuccess { status, excerpt } => Verdict {
            steps: steps(&[
                "Something between your browser and the API may have changed the answer (a proxy or an extension).",
                CURL_STEP,
            ]),
            api_text: api_text(excerpt),
            curl: curl(),
            ..base(
                Tone::Warning,
                format!("The API answered {status}, but not with a signed URL."),
                "The answer was not the API's usual JSON, so the key could not be judged.".to_owned(),
                unknown,
                OTHER_ANSWERS,
            )
        },
        Diagnosis::Unrecognised { status, code, excerpt } => Verdict {
            steps: steps(&[
                "Read the API's answer below; it usually names the problem.",
                CURL_STEP,
            ]),
            api_text: Some(excerpt.clone()).filter(|e| !e.is_empty()).or_else(|| Some("(empty body)".to_owned())),
            curl: curl(),
            ..base(
                Tone::Warning,
                match code {
                    Some(code) => format!("The API answered HTTP {status} ({code}), which this checker does not know."),
                    None => format!("The API answered HTTP {status}, which this checker does not know."),
                },
                "Here is the start of the answer, as text.".to_owned(),
                unknown,
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
                    CURL_STEP,
                    "HTTP 200 with a signed_url means the key has convai_write; any other answer names the problem.",
                ]),
                curl: curl(),
                ..base(Tone::Warning, title, explanation.to_owned(), unknown, BLOCKED)
            }
        }
    }
}

/// The words for an HTML page, by what answered and with what status.
fn html_page_card(status: u16, title: Option<&str>, challenge: bool, card: Verdict) -> Verdict {
    let named = title.map_or_else(String::new, |t| format!(" (“{t}”)"));
    let (headline, explanation, doc, first_step) = if challenge {
        (
            format!("A bot-protection page answered instead of the API (HTTP {status})."),
            format!("A challenge page{named} came from a network service in front of the API; it screens browsers and servers alike. Your key was not judged."),
            WEB_PAGE,
            "Try again in a minute, with any VPN or proxy turned off.",
        )
    } else {
        match status {
            200..=299 => (
                format!("A web page came back instead of the API's answer (HTTP {status})."),
                format!("Something between your browser and the API answered{named}: a Wi-Fi sign-in page, a company proxy or an extension. Your key was not judged."),
                WEB_PAGE,
                "Finish any Wi-Fi sign-in, or try another network.",
            ),
            404 | 405 => (
                format!("A web server answered HTTP {status} with a page, not the API."),
                format!("The request did not reach the API's JSON answers{named}: the host is wrong, or something in between answered. The agent id was not judged."),
                WEB_PAGE,
                "Make sure the host above is your workspace's API host.",
            ),
            500..=599 => (
                format!("A gateway in front of the API failed (HTTP {status})."),
                format!("A proxy or load balancer answered with an error page{named}; the API may be down or restarting. Your key was not judged."),
                SERVER_ERRORS,
                "Try again in a few minutes; check status.elevenlabs.io for incidents.",
            ),
            _ => (
                format!("A web page came back instead of the API's answer (HTTP {status})."),
                format!("Something in front of the API answered with a page{named}. Your key was not judged."),
                WEB_PAGE,
                "Try again on another network, or with extensions, VPN or proxy turned off.",
            ),
        }
    };
    Verdict {
        title: headline,
        explanation,
        doc,
        steps: vec![first_step.to_owned(), CURL_STEP.to_owned()],
        ..card
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONTEXT: CheckContext<'static> = CheckContext {
        origin: "https://api.elevenlabs.io",
        agent_id: "agent_123",
    };

    /// One diagnosis of every kind (and of every branch that words a card
    /// differently).
    pub(crate) fn every_diagnosis() -> Vec<Diagnosis> {
        let mut all = vec![
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
            Diagnosis::KeyRefused {
                code: Some("unauthorized".into()),
                message: String::new(),
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
            Diagnosis::Forbidden {
                names_ip: true,
                code: None,
                message: "IP not allowed".into(),
            },
            Diagnosis::Forbidden {
                names_ip: false,
                code: Some("forbidden".into()),
                message: String::new(),
            },
            Diagnosis::AgentProblem {
                status: 404,
                message: "Agent not found".into(),
            },
            Diagnosis::NotFound {
                status: 405,
                message: "Method Not Allowed".into(),
            },
            Diagnosis::RateLimited {
                code: None,
                retry_after: Some(RetryAfter::Seconds(3)),
                message: String::new(),
            },
            Diagnosis::ServerError {
                status: 503,
                excerpt: "down".into(),
            },
            Diagnosis::Redirected {
                to: Some("example.com".into()),
            },
            Diagnosis::Redirected { to: None },
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
        ];
        for status in [200, 403, 404, 502, 418] {
            for challenge in [false, true] {
                all.push(Diagnosis::HtmlPage {
                    status,
                    title: Some("Just a moment...".into()),
                    challenge,
                });
            }
        }
        all
    }

    #[test]
    fn every_verdict_has_a_title_steps_a_known_doc_link_and_no_markup() {
        for diagnosis in every_diagnosis() {
            let v = verdict(&diagnosis, CONTEXT);
            assert!(
                !v.title.is_empty() && !v.explanation.is_empty(),
                "{diagnosis:?}"
            );
            assert!(!v.steps.is_empty(), "{diagnosis:?}");
            assert!(ALL_DOC_LINKS.contains(&v.doc), "{diagnosis:?}");
            assert!(!v.title.contains('<'), "{diagnosis:?}");
        }
    }

    #[test]
    fn tones_have_words_and_distinct_names() {
        let tones = [Tone::Success, Tone::Problem, Tone::Warning];
        for (i, a) in tones.iter().enumerate() {
            for b in &tones[i + 1..] {
                assert_ne!(a.as_str(), b.as_str());
                assert_ne!(a.label(), b.label());
            }
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
        assert!(v.key_accepted());
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
    fn failures_offer_curl_without_the_key_and_say_how_to_keep_it_out_of_history() {
        for failure in [Failure::Blocked, Failure::Timeout] {
            let v = verdict(&Diagnosis::NoAnswer(failure), CONTEXT);
            let curl = v.curl.expect("curl command");
            assert!(curl.contains("$ELEVENLABS_API_KEY"), "{curl}");
            assert!(curl.contains("agent_id=agent_123"), "{curl}");
            assert!(v.steps[0].contains("read -rs"), "{:?}", v.steps);
            assert!(!v
                .steps
                .iter()
                .any(|s| s.contains("export ELEVENLABS_API_KEY=")));
        }
        assert!(verdict(&Diagnosis::NoAnswer(Failure::Timeout), CONTEXT)
            .title
            .contains("15 seconds"));
    }

    #[test]
    fn retry_after_is_promised_only_when_read() {
        let wait = |retry_after| {
            verdict(
                &Diagnosis::RateLimited {
                    code: Some("system_busy".into()),
                    retry_after,
                    message: String::new(),
                },
                CONTEXT,
            )
        };
        let v = wait(Some(RetryAfter::Seconds(12)));
        assert!(v.steps[0].contains("wait 12 seconds"), "{:?}", v.steps);
        assert_eq!(v.api_text.as_deref(), Some("system_busy"));
        let v = wait(Some(RetryAfter::Until(
            "Sun, 29 Nov 2026 10:00:00 GMT".into(),
        )));
        assert_eq!(
            v.steps[0],
            "The answer asks you to wait until Sun, 29 Nov 2026 10:00:00 GMT before trying again."
        );
        let v = wait(None);
        assert!(v.steps[0].starts_with("Wait a little"), "{:?}", v.steps);
        assert!(!v.steps[0].contains("seconds"));
    }

    #[test]
    fn html_pages_show_their_title_never_their_markup() {
        let v = verdict(
            &Diagnosis::HtmlPage {
                status: 403,
                title: Some("Just a moment...".into()),
                challenge: true,
            },
            CONTEXT,
        );
        assert!(v.title.contains("bot-protection page"), "{}", v.title);
        assert_eq!(
            v.api_text.as_deref(),
            Some("A web page titled “Just a moment...”")
        );
        assert_eq!(v.doc, WEB_PAGE);
        let v = verdict(
            &Diagnosis::HtmlPage {
                status: 502,
                title: None,
                challenge: false,
            },
            CONTEXT,
        );
        assert_eq!(v.title, "A gateway in front of the API failed (HTTP 502).");
        assert_eq!(v.api_text.as_deref(), Some("A web page without a title"));
        assert_eq!(v.doc, SERVER_ERRORS);
    }

    #[test]
    fn a_403_points_at_the_ip_allowlist_and_the_server() {
        let v = verdict(
            &Diagnosis::Forbidden {
                names_ip: false,
                code: None,
                message: "Forbidden".into(),
            },
            CONTEXT,
        );
        assert_eq!(v.doc, IP_ALLOWLIST);
        assert!(
            v.explanation.contains("your own IP address"),
            "{}",
            v.explanation
        );
        assert!(v.steps[0].contains("on the server"), "{:?}", v.steps);
        assert!(v.curl.is_some());
        assert_eq!(v.has_permission, Answer::Unknown);
    }

    #[test]
    fn a_404_that_names_no_agent_does_not_blame_the_agent_id() {
        let v = verdict(
            &Diagnosis::NotFound {
                status: 404,
                message: "Not Found".into(),
            },
            CONTEXT,
        );
        assert_eq!(v.agent_ok, Answer::Unknown);
        assert_ne!(v.doc, FIX_AGENT_ID);
    }

    #[test]
    fn a_redirect_names_where_it_pointed() {
        let v = verdict(
            &Diagnosis::Redirected {
                to: Some("evil.example".into()),
            },
            CONTEXT,
        );
        assert_eq!(
            v.title,
            "api.elevenlabs.io answered with a redirect to evil.example."
        );
        assert!(v
            .explanation
            .contains("your key went only to api.elevenlabs.io"));
    }

    #[test]
    fn secrets_in_api_text_are_hidden_by_the_card() {
        let v = verdict(
            &Diagnosis::KeyRefused {
                code: None,
                message: "bad key sk_0123456789abcdef0123456789abcdef0123456789abcdef".into(),
            },
            CONTEXT,
        );
        assert_eq!(v.api_text.as_deref(), Some("bad key sk_…"));
    }
}

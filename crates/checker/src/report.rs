//! The permission report: after a check, the reader may ask what else the
//! key can do. Read-only `GET` probes (the recipe trufflehog's ElevenLabs
//! analyzer uses, minus every write probe) each show one permission as
//! granted, missing or not known; the agent id is looked up through
//! `convai_read`, and `/v1/user` gives the account's tier and character use.
//! Write permissions are never probed: they are listed as not tested, with
//! the reason. Plain Rust; the browser glue only sends the requests.

use crate::diagnosis::{error_code, HttpAnswer, KNOWN_PERMISSIONS, REQUIRED_PERMISSION};
use crate::hosts::percent_encode;
use crate::json::Json;
use crate::secrets::redact;
use crate::verdict::Answer;

/// An id no resource has, for probes that look one up (trufflehog's).
pub const FAKE_ID: &str = "_thou_shalt_not_exist_";

/// How many requests a report sends: one per probe, and the agent lookup.
pub const REQUEST_COUNT: usize = PROBES.len() + 1;

/// How many report requests may be in flight at once.
pub const MAX_IN_FLIGHT: usize = 2;

/// One read-only probe: the `GET` that shows a permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Probe {
    /// The permission it shows.
    pub permission: &'static str,
    /// The path, `{fake}` standing for [`FAKE_ID`].
    pub path: &'static str,
    /// The answers that mean "granted": status, and the error code when the
    /// answer is an error (a lookup of a fake id that got past the check).
    pub granted: &'static [(u16, Option<&'static str>)],
}

/// Every read-only probe, in the order the report lists them.
pub const PROBES: [Probe; 8] = [
    Probe {
        permission: "convai_read",
        path: "/v1/convai/agents",
        granted: &[(200, None)],
    },
    Probe {
        permission: "user_read",
        path: "/v1/user",
        granted: &[(200, None)],
    },
    Probe {
        permission: "voices_read",
        path: "/v1/voices",
        granted: &[(200, None)],
    },
    Probe {
        permission: "models_read",
        path: "/v1/models",
        granted: &[(200, None)],
    },
    Probe {
        permission: "speech_history_read",
        path: "/v1/history",
        granted: &[(200, None)],
    },
    Probe {
        permission: "dubbing_read",
        path: "/v1/dubbing/{fake}",
        granted: &[(404, Some("dubbing_not_found"))],
    },
    Probe {
        permission: "projects_read",
        path: "/v1/projects",
        granted: &[(200, None), (403, Some("invalid_subscription"))],
    },
    Probe {
        permission: "pronunciation_dictionaries_read",
        path: "/v1/pronunciation-dictionaries",
        granted: &[(200, None)],
    },
];

/// What a report request is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// `PROBES[i]`.
    Probe(usize),
    /// The agent id, looked up through `GET /v1/convai/agents/{id}`.
    Agent,
}

/// One `GET` of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRequest {
    /// What it is for.
    pub target: Target,
    /// The path and query, relative to the API origin.
    pub path: String,
}

/// The requests of a report for `agent_id`, in order. All are `GET`.
pub fn requests(agent_id: &str) -> Vec<ReportRequest> {
    let mut all: Vec<ReportRequest> = PROBES
        .iter()
        .enumerate()
        .map(|(i, probe)| ReportRequest {
            target: Target::Probe(i),
            path: crate::text::replace_all(probe.path, "{fake}", FAKE_ID),
        })
        .collect();
    all.push(ReportRequest {
        target: Target::Agent,
        path: format!("/v1/convai/agents/{}", percent_encode(agent_id)),
    });
    all
}

/// Whether a permission is there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grant {
    /// The probe's request was allowed.
    Granted,
    /// `401 missing_permissions`.
    Missing,
    /// Any other answer, or none.
    Unknown,
    /// Not probed: only a write request would show it.
    NotTested,
}

impl From<Answer> for Grant {
    /// What the check itself showed about `convai_write`, as a report row.
    fn from(answer: Answer) -> Self {
        match answer {
            Answer::Yes => Grant::Granted,
            Answer::No => Grant::Missing,
            Answer::Unknown => Grant::Unknown,
        }
    }
}

impl Grant {
    /// The `data-grant` value the theme styles, and the word shown.
    pub fn as_str(self) -> &'static str {
        match self {
            Grant::Granted => "granted",
            Grant::Missing => "missing",
            Grant::Unknown => "not known",
            Grant::NotTested => "not tested",
        }
    }
}

/// What one probe showed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeResult {
    /// Granted, missing or not known.
    pub grant: Grant,
    /// What the answer was, briefly: `HTTP 200`, `HTTP 401 missing_permissions`, `no answer`.
    pub answer: String,
}

/// The answer to a report request, or `None` when none came.
fn answered(
    answer: Option<&HttpAnswer>,
) -> Result<(&HttpAnswer, Option<String>, String), ProbeResult> {
    let Some(answer) = answer else {
        return Err(ProbeResult {
            grant: Grant::Unknown,
            answer: "no answer".to_owned(),
        });
    };
    let code = error_code(&answer.body);
    let described = match &code {
        Some(code) => format!("HTTP {} {code}", answer.status),
        None => format!("HTTP {}", answer.status),
    };
    Ok((answer, code, redact(&described)))
}

/// Judges a probe's answer (`None`: the request failed).
pub fn judge(probe: &Probe, answer: Option<&HttpAnswer>) -> ProbeResult {
    let (answer, code, described) = match answered(answer) {
        Ok(parts) => parts,
        Err(result) => return result,
    };
    let granted = probe.granted.iter().any(|&(status, wanted)| {
        status == answer.status && (wanted.is_none() || wanted == code.as_deref())
    });
    let grant = if granted {
        Grant::Granted
    } else if answer.status == 401 && code.as_deref() == Some("missing_permissions") {
        Grant::Missing
    } else {
        Grant::Unknown
    };
    ProbeResult {
        grant,
        answer: described,
    }
}

/// Whether the agent id exists for this key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgentLookup {
    /// `200`: the key's workspace has this agent.
    Found,
    /// `404`: not in this key's workspace (or not shared with it).
    NotFound,
    /// Anything else, such as a key without `convai_read`.
    Unknown(String),
}

/// Judges the answer to `GET /v1/convai/agents/{id}`.
pub fn judge_agent(answer: Option<&HttpAnswer>) -> AgentLookup {
    match answered(answer) {
        Err(result) => AgentLookup::Unknown(result.answer),
        Ok((answer, _, _)) if answer.status == 200 => AgentLookup::Found,
        Ok((answer, _, _)) if answer.status == 404 => AgentLookup::NotFound,
        Ok((_, Some(code), described)) if code == "missing_permissions" => {
            AgentLookup::Unknown(format!("{described}: the key lacks convai_read"))
        }
        Ok((_, _, described)) => AgentLookup::Unknown(described),
    }
}

/// What `/v1/user` says of the account: the plan and character use only.
/// Never the key (`xi_api_key`), names, ids or any other field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Account {
    /// `subscription.tier`, such as `free` or `creator`.
    pub tier: Option<String>,
    /// `subscription.status`, such as `active`.
    pub status: Option<String>,
    /// `subscription.character_count`.
    pub characters_used: Option<String>,
    /// `subscription.character_limit`.
    pub character_limit: Option<String>,
}

impl Account {
    /// One line for the report, such as `Plan: creator (active); characters
    /// used: 1200 of 100000.` `None` when nothing was readable.
    pub fn summary(&self) -> Option<String> {
        let mut parts = Vec::new();
        if let Some(tier) = &self.tier {
            parts.push(match &self.status {
                Some(status) => format!("Plan: {tier} ({status})"),
                None => format!("Plan: {tier}"),
            });
        }
        if let Some(used) = &self.characters_used {
            parts.push(match &self.character_limit {
                Some(limit) => format!("characters used: {used} of {limit}"),
                None => format!("characters used: {used}"),
            });
        }
        (!parts.is_empty()).then(|| format!("{}.", crate::text::join(&parts, "; ")))
    }
}

/// Reads the plan and character use out of a `/v1/user` body.
pub fn account(body: &str) -> Account {
    let parsed = Json::parse(body);
    let subscription = parsed.as_ref().and_then(|p| p.get("subscription"));
    let field = |name: &str, number: bool| {
        let value = subscription?.get(name)?;
        let text = match value {
            Json::String(s) if !number => s,
            Json::Number(n) if number => n,
            _ => return None,
        };
        let plain = !text.is_empty()
            && text.len() <= 32
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
        plain.then(|| redact(text))
    };
    Account {
        tier: field("tier", false),
        status: field("status", false),
        characters_used: field("character_count", true),
        character_limit: field("character_limit", true),
    }
}

/// One row of the report's table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The permission (or, for rows not tested, the permissions).
    pub permission: String,
    /// What the report found.
    pub grant: Grant,
    /// The answer that showed it, or why it was not tested.
    pub answer: String,
}

/// A report as it fills in: every row, the agent line and the account line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    rows: Vec<Row>,
    agent_id: String,
    /// What the agent lookup found, once it answered.
    pub agent: Option<String>,
    /// The plan and character use, once `/v1/user` answered with them.
    pub account: Option<String>,
    pending: usize,
}

fn row(permission: &str, grant: Grant, answer: &str) -> Row {
    Row {
        permission: permission.to_owned(),
        grant,
        answer: answer.to_owned(),
    }
}

impl Report {
    /// A report whose requests are all still out; `convai_write` is what the
    /// check itself showed.
    pub fn new(agent_id: &str, convai_write: Grant) -> Self {
        let mut rows = vec![row(
            REQUIRED_PERMISSION,
            convai_write,
            "from the check above",
        )];
        rows.extend(
            PROBES
                .iter()
                .map(|p| row(p.permission, Grant::Unknown, "checking…")),
        );
        for (names, reason) in not_tested() {
            rows.push(row(
                &crate::text::join(&names, ", "),
                Grant::NotTested,
                reason,
            ));
        }
        Self {
            rows,
            agent_id: agent_id.to_owned(),
            agent: None,
            account: None,
            pending: REQUEST_COUNT,
        }
    }

    /// The table's rows, in order.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// Whether every request has answered (or failed).
    pub fn done(&self) -> bool {
        self.pending == 0
    }

    /// Records the answer to one request (`None`: it failed).
    pub fn record(&mut self, target: Target, answer: Option<&HttpAnswer>) {
        self.pending = self.pending.saturating_sub(1);
        let agent = &self.agent_id;
        match target {
            Target::Probe(i) => {
                let result = judge(&PROBES[i], answer);
                self.rows[1 + i].grant = result.grant;
                self.rows[1 + i].answer = result.answer;
                if PROBES[i].permission == "user_read" {
                    self.account = answer
                        .filter(|a| a.status == 200)
                        .and_then(|a| account(&a.body).summary());
                }
            }
            Target::Agent => {
                self.agent = Some(match judge_agent(answer) {
                    AgentLookup::Found => format!("Agent {agent}: found in this key's workspace."),
                    AgentLookup::NotFound => format!("Agent {agent}: not found for this key (HTTP 404). Check the id, the workspace, and that the agent is shared with this key."),
                    AgentLookup::Unknown(why) => format!("Agent {agent}: could not tell ({why})."),
                });
            }
        }
    }
}

/// Permissions the report does not probe, in two groups with the reason:
/// those only a write request would show, and those no read-only request is
/// known to show.
pub fn not_tested() -> [(Vec<&'static str>, &'static str); 2] {
    let probed =
        |name: &str| name == REQUIRED_PERMISSION || PROBES.iter().any(|p| p.permission == name);
    // trufflehog probes these with real POST or DELETE requests.
    const WRITE_PROBED_ELSEWHERE: [&str; 3] =
        ["text_to_speech", "speech_to_speech", "audio_isolation"];
    let (mut writes, mut others) = (Vec::new(), Vec::new());
    for name in KNOWN_PERMISSIONS.iter().copied().filter(|n| !probed(n)) {
        if name.ends_with("_write") || WRITE_PROBED_ELSEWHERE.contains(&name) {
            writes.push(name);
        } else {
            others.push(name);
        }
    }
    [
        (
            writes,
            "only a write request (POST or DELETE) would show it, and this report never writes",
        ),
        (others, "no read-only request is known to show it"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::diagnosis::json_answer as answer;

    const MISSING: &str = r#"{"detail":{"status":"missing_permissions","message":"The API key you used is missing the permission user_read to execute this operation."}}"#;

    fn probe(permission: &str) -> &'static Probe {
        PROBES.iter().find(|p| p.permission == permission).unwrap()
    }

    #[test]
    fn requests_are_the_probes_and_the_agent_with_the_fake_id() {
        let all = requests("agent_1 x");
        assert_eq!(all.len(), REQUEST_COUNT);
        assert!(all
            .iter()
            .any(|r| r.path == "/v1/dubbing/_thou_shalt_not_exist_"));
        assert_eq!(all.last().unwrap().path, "/v1/convai/agents/agent_1%20x");
        assert_eq!(all.last().unwrap().target, Target::Agent);
        assert!(PROBES
            .iter()
            .all(|p| KNOWN_PERMISSIONS.contains(&p.permission)));
        // Every probe shows a read permission: none is a write.
        assert!(PROBES.iter().all(|p| p.permission.ends_with("_read")));
    }

    #[test]
    fn the_trufflehog_recipe_for_read_probes() {
        let cases = [
            ("user_read", 200, "{}", Grant::Granted),
            ("user_read", 401, MISSING, Grant::Missing),
            (
                "dubbing_read",
                404,
                r#"{"detail":{"status":"dubbing_not_found","message":"x"}}"#,
                Grant::Granted,
            ),
            (
                "dubbing_read",
                404,
                r#"{"detail":"Not Found"}"#,
                Grant::Unknown,
            ),
            (
                "projects_read",
                403,
                r#"{"detail":{"status":"invalid_subscription","message":"x"}}"#,
                Grant::Granted,
            ),
            (
                "projects_read",
                403,
                r#"{"detail":{"status":"forbidden","message":"x"}}"#,
                Grant::Unknown,
            ),
            ("voices_read", 500, "oops", Grant::Unknown),
            (
                "voices_read",
                401,
                r#"{"detail":{"status":"invalid_api_key","message":"x"}}"#,
                Grant::Unknown,
            ),
            // The current body shape, with only `code`.
            (
                "models_read",
                401,
                r#"{"detail":{"code":"missing_permissions","message":"x"}}"#,
                Grant::Missing,
            ),
        ];
        for (permission, status, body, want) in cases {
            let got = judge(probe(permission), Some(&answer(status, body)));
            assert_eq!(got.grant, want, "{permission} {status} {body}");
        }
        let got = judge(probe("user_read"), Some(&answer(401, MISSING)));
        assert_eq!(got.answer, "HTTP 401 missing_permissions");
        assert_eq!(
            judge(probe("user_read"), None),
            ProbeResult {
                grant: Grant::Unknown,
                answer: "no answer".into()
            }
        );
    }

    #[test]
    fn agent_lookup() {
        assert_eq!(judge_agent(Some(&answer(200, "{}"))), AgentLookup::Found);
        assert_eq!(
            judge_agent(Some(&answer(
                404,
                r#"{"detail":{"status":"agent_not_found"}}"#
            ))),
            AgentLookup::NotFound
        );
        let missing =
            r#"{"detail":{"status":"missing_permissions","message":"missing convai_read"}}"#;
        assert!(matches!(
            judge_agent(Some(&answer(401, missing))),
            AgentLookup::Unknown(ref why) if why.contains("lacks convai_read")
        ));
        assert!(matches!(judge_agent(None), AgentLookup::Unknown(_)));
    }

    #[test]
    fn account_reads_plan_and_characters_never_the_key_or_names() {
        let body = r#"{"user_id":"u_123","first_name":"Ada","xi_api_key":"sk_0123456789abcdef0123456789abcdef0123456789abcdef",
            "subscription":{"tier":"creator","status":"active","character_count":1200,"character_limit":100000}}"#;
        let account = account(body);
        let summary = account.summary().unwrap();
        assert_eq!(
            summary,
            "Plan: creator (active); characters used: 1200 of 100000."
        );
        assert!(!format!("{account:?}").contains("sk_"));
        assert!(!format!("{account:?}").contains("Ada"));
        assert_eq!(super::account("not json").summary(), None);
        // Odd values are not repeated.
        let odd = r#"{"subscription":{"tier":"<b>x</b>","character_count":"12"}}"#;
        assert_eq!(super::account(odd), Account::default());
    }

    #[test]
    fn the_checks_answer_becomes_the_convai_write_row() {
        assert_eq!(Grant::from(Answer::Yes), Grant::Granted);
        assert_eq!(Grant::from(Answer::No), Grant::Missing);
        assert_eq!(Grant::from(Answer::Unknown), Grant::Unknown);
    }

    #[test]
    fn a_report_fills_in_as_answers_come() {
        let mut report = Report::new("agent_1", Grant::Missing);
        assert_eq!(
            report.rows()[0],
            row("convai_write", Grant::Missing, "from the check above")
        );
        assert_eq!(report.rows().len(), 1 + PROBES.len() + 2);
        assert!(!report.done());
        for (i, request) in requests("agent_1").iter().enumerate() {
            let answer = match request.target {
                Target::Probe(_) if i % 2 == 0 => Some(answer(401, MISSING)),
                Target::Probe(_) => None,
                Target::Agent => Some(answer(404, "{}")),
            };
            report.record(request.target, answer.as_ref());
        }
        assert!(report.done());
        assert_eq!(report.rows()[1].grant, Grant::Missing);
        assert_eq!(
            report.rows()[2],
            row("user_read", Grant::Unknown, "no answer")
        );
        assert!(report
            .agent
            .as_deref()
            .unwrap()
            .starts_with("Agent agent_1: not found"));
        assert_eq!(report.account, None);
        let mut full = Report::new("agent_1", Grant::Granted);
        let user = r#"{"subscription":{"tier":"free","character_count":5,"character_limit":10}}"#;
        full.record(Target::Probe(1), Some(&answer(200, user)));
        assert_eq!(
            full.account.as_deref(),
            Some("Plan: free; characters used: 5 of 10.")
        );
    }

    #[test]
    fn not_tested_covers_every_permission_not_probed() {
        let [(writes, _), (others, _)] = not_tested();
        assert_eq!(
            writes.len() + others.len() + PROBES.len() + 1,
            KNOWN_PERMISSIONS.len()
        );
        assert!(writes.contains(&"voices_write") && writes.contains(&"text_to_speech"));
        assert!(others.contains(&"speech_to_text"));
        assert!(!writes.contains(&REQUIRED_PERMISSION) && !others.contains(&REQUIRED_PERMISSION));
    }
}

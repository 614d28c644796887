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
use crate::text::{concat, decimal};
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
        path: concat(&["/v1/convai/agents/", &percent_encode(agent_id)]),
    });
    all
}

/// Whether a permission is there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grant {
    /// The probe's request has not answered yet.
    Pending,
    /// The probe's request was allowed.
    Granted,
    /// `401 missing_permissions`.
    Missing,
    /// Any other answer, or none.
    Unknown,
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
    /// The `grant` field the template matches on.
    pub fn as_str(self) -> &'static str {
        match self {
            Grant::Pending => "pending",
            Grant::Granted => "granted",
            Grant::Missing => "missing",
            Grant::Unknown => "unknown",
        }
    }
}

/// Why an error answer means "granted", for the template to explain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantedBy {
    /// A plain success.
    Success,
    /// A lookup of a made-up id got past the permission check and found
    /// nothing (`404 dubbing_not_found`).
    NotFound,
    /// The permission is there but the plan lacks the product
    /// (`403 invalid_subscription`).
    Plan,
}

impl GrantedBy {
    /// The `why` field the template matches on.
    pub fn as_str(self) -> &'static str {
        match self {
            GrantedBy::Success => "success",
            GrantedBy::NotFound => "not-found",
            GrantedBy::Plan => "plan",
        }
    }
}

/// What one probe showed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeResult {
    /// Granted, missing or not known.
    pub grant: Grant,
    /// What the answer was, briefly: `HTTP 200`, `HTTP 401
    /// missing_permissions`; empty when none came.
    pub answer: String,
    /// For a grant shown by an error answer, why it means granted.
    pub granted_by: Option<GrantedBy>,
}

/// The answer to a report request, with its code and a brief description;
/// `None` when none came.
fn answered(answer: Option<&HttpAnswer>) -> Option<(&HttpAnswer, Option<String>, String)> {
    let answer = answer?;
    let code = error_code(&answer.body);
    let status = decimal(u64::from(answer.status));
    let described = match &code {
        Some(code) => concat(&["HTTP ", &status, " ", code]),
        None => concat(&["HTTP ", &status]),
    };
    Some((answer, code, redact(&described)))
}

/// Judges a probe's answer (`None`: the request failed).
pub fn judge(probe: &Probe, answer: Option<&HttpAnswer>) -> ProbeResult {
    let Some((answer, code, described)) = answered(answer) else {
        return ProbeResult {
            grant: Grant::Unknown,
            answer: String::new(),
            granted_by: None,
        };
    };
    let granted = probe.granted.iter().any(|&(status, wanted)| {
        status == answer.status && (wanted.is_none() || wanted == code.as_deref())
    });
    let (grant, granted_by) = if granted {
        let by = match answer.status {
            200..=299 => GrantedBy::Success,
            403 => GrantedBy::Plan,
            _ => GrantedBy::NotFound,
        };
        (Grant::Granted, Some(by))
    } else if answer.status == 401 && code.as_deref() == Some("missing_permissions") {
        (Grant::Missing, None)
    } else {
        (Grant::Unknown, None)
    };
    ProbeResult {
        grant,
        answer: described,
        granted_by,
    }
}

/// Whether the agent id exists for this key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgentLookup {
    /// `200`: the key's workspace has this agent.
    Found,
    /// `404`: not in this key's workspace (or not shared with it).
    NotFound,
    /// `401 missing_permissions`: the key lacks `convai_read`.
    NoConvaiRead,
    /// Anything else, or no answer.
    Unknown,
}

impl AgentLookup {
    /// The `agent_lookup` field the template matches on.
    pub fn as_str(self) -> &'static str {
        match self {
            AgentLookup::Found => "found",
            AgentLookup::NotFound => "not-found",
            AgentLookup::NoConvaiRead => "no-convai-read",
            AgentLookup::Unknown => "unknown",
        }
    }
}

/// Judges the answer to `GET /v1/convai/agents/{id}`, with the answer
/// described briefly (empty when none came).
pub fn judge_agent(answer: Option<&HttpAnswer>) -> (AgentLookup, String) {
    let Some((answer, code, described)) = answered(answer) else {
        return (AgentLookup::Unknown, String::new());
    };
    let lookup = match answer.status {
        200 => AgentLookup::Found,
        404 => AgentLookup::NotFound,
        _ if code.as_deref() == Some("missing_permissions") => AgentLookup::NoConvaiRead,
        _ => AgentLookup::Unknown,
    };
    (lookup, described)
}

/// What `/v1/user` says of the account: the plan and character use only.
/// Never the key (`xi_api_key`), names, ids or any other field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Account {
    /// `subscription.tier`, such as `free` or `creator`.
    pub tier: Option<String>,
    /// `subscription.status`, such as `active`.
    pub status: Option<String>,
    /// `subscription.character_count`, grouped in thousands (`1,200`).
    pub characters_used: Option<String>,
    /// `subscription.character_limit`, grouped in thousands (`100,000`).
    pub character_limit: Option<String>,
}

/// Reads the plan and character use out of a `/v1/user` body.
pub fn account(body: &str) -> Account {
    let parsed = Json::parse(body);
    let subscription = parsed.as_ref().and_then(|p| p.get("subscription"));
    let word = |name: &str| {
        let Some(Json::String(text)) = subscription?.get(name) else {
            return None;
        };
        let plain = !text.is_empty()
            && text.len() <= 32
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'));
        plain.then(|| redact(text))
    };
    let number = |name: &str| {
        let Some(Json::Number(digits)) = subscription?.get(name) else {
            return None;
        };
        group_thousands(digits)
    };
    Account {
        tier: word("tier"),
        status: word("status"),
        characters_used: number("character_count"),
        character_limit: number("character_limit"),
    }
}

/// A whole number of up to 15 digits with commas between thousands
/// (`100000` -> `100,000`); `None` for anything else (fractions,
/// exponents, signs, absurd lengths).
pub fn group_thousands(digits: &str) -> Option<String> {
    if digits.is_empty() || digits.len() > 15 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    Some(out)
}

/// One row of the report's table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The permission.
    pub permission: &'static str,
    /// What the probe showed, with the answer.
    pub result: ProbeResult,
}

/// Every field name the report's templates may use: the table's (agent
/// lookup, account, permissions not tested) and a row's.
pub const FIELDS: [&str; 16] = [
    "agent",
    "agent_lookup",
    "agent_answer",
    "tier",
    "plan_status",
    "characters_used",
    "character_limit",
    "writes",
    "writes_count",
    "others",
    "others_count",
    "permission",
    "grant",
    "answer",
    "why",
    "from_check",
];

/// The groups of permissions the report does not probe, as the template
/// names them (`untested` field values).
pub const UNTESTED_WRITES: &str = "writes";
/// See [`UNTESTED_WRITES`].
pub const UNTESTED_OTHERS: &str = "others";

/// A report as it fills in: every row, the agent lookup and the account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    rows: Vec<Row>,
    /// What the agent lookup found, once it answered, with its answer.
    pub agent: Option<(AgentLookup, String)>,
    /// The plan and character use, once `/v1/user` answered with them.
    pub account: Account,
    pending: usize,
}

fn row(permission: &'static str, grant: Grant) -> Row {
    Row {
        permission,
        result: ProbeResult {
            grant,
            answer: String::new(),
            granted_by: None,
        },
    }
}

impl Report {
    /// A report whose requests are all still out; `convai_write` is what the
    /// check itself showed.
    pub fn new(convai_write: Grant) -> Self {
        let mut rows = vec![row(REQUIRED_PERMISSION, convai_write)];
        rows.extend(PROBES.iter().map(|p| row(p.permission, Grant::Pending)));
        Self {
            rows,
            agent: None,
            account: Account::default(),
            pending: REQUEST_COUNT,
        }
    }

    /// The table's rows, in order: `convai_write` (from the check), then
    /// one per probe.
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
        match target {
            Target::Probe(i) => {
                self.rows[1 + i].result = judge(&PROBES[i], answer);
                if PROBES[i].permission == "user_read" {
                    if let Some(answer) = answer.filter(|a| a.status == 200) {
                        self.account = account(&answer.body);
                    }
                }
            }
            Target::Agent => self.agent = Some(judge_agent(answer)),
        }
    }
}

/// Permissions the report does not probe, in two groups: those only a
/// write request would show ([`UNTESTED_WRITES`]), and those no read-only
/// request is known to show ([`UNTESTED_OTHERS`]).
pub fn not_tested() -> [(&'static str, Vec<&'static str>); 2] {
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
    [(UNTESTED_WRITES, writes), (UNTESTED_OTHERS, others)]
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
        assert_eq!(REQUEST_COUNT, 9);
        assert!(all
            .iter()
            .any(|r| r.path == "/v1/dubbing/_thou_shalt_not_exist_"));
        assert_eq!(all.last().unwrap().path, "/v1/convai/agents/agent_1%20x");
        assert_eq!(all.last().unwrap().target, Target::Agent);
        for (i, request) in all.iter().take(PROBES.len()).enumerate() {
            assert_eq!(request.target, Target::Probe(i));
        }
        assert!(PROBES
            .iter()
            .all(|p| KNOWN_PERMISSIONS.contains(&p.permission)));
        // Every probe shows a read permission: none is a write.
        assert!(PROBES.iter().all(|p| p.permission.ends_with("_read")));
    }

    #[test]
    fn the_trufflehog_recipe_for_read_probes() {
        let not_found = r#"{"detail":{"status":"dubbing_not_found","message":"x"}}"#;
        let plan = r#"{"detail":{"status":"invalid_subscription","message":"x"}}"#;
        let cases = [
            (
                "user_read",
                200,
                "{}",
                Grant::Granted,
                Some(GrantedBy::Success),
            ),
            ("user_read", 401, MISSING, Grant::Missing, None),
            (
                "dubbing_read",
                404,
                not_found,
                Grant::Granted,
                Some(GrantedBy::NotFound),
            ),
            (
                "dubbing_read",
                404,
                r#"{"detail":"Not Found"}"#,
                Grant::Unknown,
                None,
            ),
            ("dubbing_read", 200, "{}", Grant::Unknown, None),
            (
                "projects_read",
                403,
                plan,
                Grant::Granted,
                Some(GrantedBy::Plan),
            ),
            (
                "projects_read",
                200,
                "{}",
                Grant::Granted,
                Some(GrantedBy::Success),
            ),
            (
                "projects_read",
                403,
                r#"{"detail":{"status":"forbidden","message":"x"}}"#,
                Grant::Unknown,
                None,
            ),
            ("voices_read", 500, "oops", Grant::Unknown, None),
            ("voices_read", 403, MISSING, Grant::Unknown, None),
            (
                "voices_read",
                401,
                r#"{"detail":{"status":"invalid_api_key","message":"x"}}"#,
                Grant::Unknown,
                None,
            ),
            // The current body shape, with only `code`.
            (
                "models_read",
                401,
                r#"{"detail":{"code":"missing_permissions","message":"x"}}"#,
                Grant::Missing,
                None,
            ),
        ];
        for (permission, status, body, grant, granted_by) in cases {
            let got = judge(probe(permission), Some(&answer(status, body)));
            assert_eq!(got.grant, grant, "{permission} {status} {body}");
            assert_eq!(got.granted_by, granted_by, "{permission} {status} {body}");
        }
        let got = judge(probe("user_read"), Some(&answer(401, MISSING)));
        assert_eq!(got.answer, "HTTP 401 missing_permissions");
        let got = judge(probe("user_read"), Some(&answer(200, "{}")));
        assert_eq!(got.answer, "HTTP 200");
        assert_eq!(
            judge(probe("user_read"), None),
            ProbeResult {
                grant: Grant::Unknown,
                answer: String::new(),
                granted_by: None,
            }
        );
    }

    #[test]
    fn agent_lookup() {
        assert_eq!(
            judge_agent(Some(&answer(200, "{}"))),
            (AgentLookup::Found, "HTTP 200".into())
        );
        assert_eq!(
            judge_agent(Some(&answer(
                404,
                r#"{"detail":{"status":"agent_not_found"}}"#
            )))
            .0,
            AgentLookup::NotFound
        );
        let missing =
            r#"{"detail":{"status":"missing_permissions","message":"missing convai_read"}}"#;
        assert_eq!(
            judge_agent(Some(&answer(401, missing))),
            (
                AgentLookup::NoConvaiRead,
                "HTTP 401 missing_permissions".into()
            )
        );
        assert_eq!(judge_agent(Some(&answer(500, ""))).0, AgentLookup::Unknown);
        assert_eq!(judge_agent(None), (AgentLookup::Unknown, String::new()));
        let words: Vec<&str> = [
            AgentLookup::Found,
            AgentLookup::NotFound,
            AgentLookup::NoConvaiRead,
            AgentLookup::Unknown,
        ]
        .iter()
        .map(|a| a.as_str())
        .collect();
        assert_eq!(words, ["found", "not-found", "no-convai-read", "unknown"]);
    }

    #[test]
    fn account_reads_plan_and_characters_never_the_key_or_names() {
        let body = r#"{"user_id":"u_123","first_name":"Ada","xi_api_key":"sk_0123456789abcdef0123456789abcdef0123456789abcdef",
            "subscription":{"tier":"creator","status":"active","character_count":1200,"character_limit":100000}}"#;
        let got = account(body);
        assert_eq!(
            got,
            Account {
                tier: Some("creator".into()),
                status: Some("active".into()),
                characters_used: Some("1,200".into()),
                character_limit: Some("100,000".into()),
            }
        );
        assert!(!format!("{got:?}").contains("sk_"));
        assert!(!format!("{got:?}").contains("Ada"));
        assert_eq!(account("not json"), Account::default());
        // Odd values are not repeated: markup, numbers as strings, words as numbers.
        let odd = r#"{"subscription":{"tier":"<b>x</b>","status":3,"character_count":"12","character_limit":1.5}}"#;
        assert_eq!(account(odd), Account::default());
        let long = format!(r#"{{"subscription":{{"tier":"{}"}}}}"#, "a".repeat(33));
        assert_eq!(account(&long).tier, None);
        let just = format!(r#"{{"subscription":{{"tier":"{}"}}}}"#, "a".repeat(32));
        assert_eq!(account(&just).tier.map(|t| t.len()), Some(32));
        assert_eq!(
            account(r#"{"subscription":{"tier":"pro_2-x"}}"#)
                .tier
                .as_deref(),
            Some("pro_2-x")
        );
        assert_eq!(account(r#"{"subscription":{"tier":""}}"#).tier, None);
    }

    #[test]
    fn numbers_are_grouped_in_thousands() {
        for (digits, grouped) in [
            ("0", "0"),
            ("999", "999"),
            ("1000", "1,000"),
            ("1200", "1,200"),
            ("100000", "100,000"),
            ("1000000", "1,000,000"),
            ("123456789012345", "123,456,789,012,345"),
        ] {
            assert_eq!(
                group_thousands(digits).as_deref(),
                Some(grouped),
                "{digits}"
            );
        }
        for odd in ["", "1.5", "-3", "1e9", "1234567890123456", "12a"] {
            assert_eq!(group_thousands(odd), None, "{odd}");
        }
    }

    #[test]
    fn the_checks_answer_becomes_the_convai_write_row() {
        assert_eq!(Grant::from(Answer::Yes), Grant::Granted);
        assert_eq!(Grant::from(Answer::No), Grant::Missing);
        assert_eq!(Grant::from(Answer::Unknown), Grant::Unknown);
        let words: Vec<&str> = [
            Grant::Pending,
            Grant::Granted,
            Grant::Missing,
            Grant::Unknown,
        ]
        .iter()
        .map(|g| g.as_str())
        .collect();
        assert_eq!(words, ["pending", "granted", "missing", "unknown"]);
        let why: Vec<&str> = [GrantedBy::Success, GrantedBy::NotFound, GrantedBy::Plan]
            .iter()
            .map(|g| g.as_str())
            .collect();
        assert_eq!(why, ["success", "not-found", "plan"]);
    }

    #[test]
    fn a_report_fills_in_as_answers_come() {
        let mut report = Report::new(Grant::Missing);
        assert_eq!(report.rows()[0], row("convai_write", Grant::Missing));
        assert_eq!(report.rows().len(), 1 + PROBES.len());
        assert!(report.rows()[1..]
            .iter()
            .all(|r| r.result.grant == Grant::Pending));
        assert!(!report.done());
        let all = requests("agent_1");
        for (i, request) in all.iter().enumerate() {
            assert!(!report.done(), "done before the last answer");
            let answer = match request.target {
                Target::Probe(_) if i % 2 == 0 => Some(answer(401, MISSING)),
                Target::Probe(_) => None,
                Target::Agent => Some(answer(404, "{}")),
            };
            report.record(request.target, answer.as_ref());
        }
        assert!(report.done());
        assert_eq!(report.rows()[1].result.grant, Grant::Missing);
        assert_eq!(report.rows()[2].permission, "user_read");
        assert_eq!(report.rows()[2].result.grant, Grant::Unknown);
        assert_eq!(
            report.agent,
            Some((AgentLookup::NotFound, "HTTP 404".into()))
        );
        assert_eq!(report.account, Account::default());
        let mut full = Report::new(Grant::Granted);
        let user =
            r#"{"subscription":{"tier":"free","character_count":5,"character_limit":10000}}"#;
        full.record(Target::Probe(1), Some(&answer(401, user)));
        assert_eq!(full.account, Account::default(), "only a 200 is read");
        full.record(Target::Probe(1), Some(&answer(200, user)));
        assert_eq!(full.account.tier.as_deref(), Some("free"));
        assert_eq!(full.account.character_limit.as_deref(), Some("10,000"));
        // Another probe's 200 is not an account.
        let mut other = Report::new(Grant::Granted);
        other.record(Target::Probe(2), Some(&answer(200, user)));
        assert_eq!(other.account, Account::default());
    }

    #[test]
    fn not_tested_covers_every_permission_not_probed() {
        let [(writes_name, writes), (others_name, others)] = not_tested();
        assert_eq!((writes_name, others_name), ("writes", "others"));
        assert_eq!(
            writes.len() + others.len() + PROBES.len() + 1,
            KNOWN_PERMISSIONS.len()
        );
        assert!(writes.contains(&"voices_write") && writes.contains(&"text_to_speech"));
        assert!(writes.contains(&"audio_isolation") && writes.contains(&"speech_to_speech"));
        assert!(others.contains(&"speech_to_text"));
        assert!(!others.contains(&"text_to_speech"));
        assert!(!writes.contains(&REQUIRED_PERMISSION) && !others.contains(&REQUIRED_PERMISSION));
        assert!(!others.contains(&"user_read") && !writes.contains(&"user_read"));
    }
}

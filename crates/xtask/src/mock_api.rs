//! A mock of the ElevenLabs API on 127.0.0.1, for the browser tests. It
//! answers `get-signed-url`, the read-only endpoints of the permission
//! report and the Twilio outbound call (for the pages' snippets) with the response shapes of `shared/elevenlabs-api.md` (legacy and
//! current error bodies, validation lists, string details) and the CORS
//! headers seen on the real API (`*` origin and headers, max-age 600, no
//! exposed headers); the key and the agent id pick the behaviour, including
//! what proxies and networks do: HTML challenge and error pages, redirects,
//! delays, hangs, truncated bodies, missing CORS headers, reset connections,
//! huge and hostile bodies. Where the facts sheet marks a body unconfirmed,
//! the mock's body is a plausible one and the checker must not rely on it.
//! It also stands in for Twilio's account lookup (`GET
//! /2010-04-01/Accounts/{sid}.json`, HTTP Basic), which the phone-call page
//! uses to check an Account SID and Auth Token without placing a call.

use std::io::{BufRead, BufReader, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::thread;
use std::time::Duration;

use percent_encoding::percent_decode_str;

/// A key with every permission.
pub(crate) const KEY_OK: &str = "sk_0000000000000000000000000000000000000000000000a1";
/// A valid key without `convai_write`, restricted the way a text-to-speech
/// key often is: voices and models only.
pub(crate) const KEY_NO_CONVAI: &str = "sk_0000000000000000000000000000000000000000000000b2";
/// A key out of credits.
pub(crate) const KEY_QUOTA: &str = "sk_0000000000000000000000000000000000000000000000c3";
/// A free-tier key blocked for unusual activity.
pub(crate) const KEY_UNUSUAL: &str = "sk_0000000000000000000000000000000000000000000000d4";
/// A key with an IP allowlist that excludes the caller (403; body unconfirmed).
pub(crate) const KEY_IP: &str = "sk_0000000000000000000000000000000000000000000000e5";
/// A key without `convai_write`, answered in the current body shape.
pub(crate) const KEY_NO_CONVAI_NEW: &str = "sk_0000000000000000000000000000000000000000000000f6";
/// A key refused with the current shape's generic `unauthorized` code only.
pub(crate) const KEY_UNAUTHORIZED: &str = "sk_000000000000000000000000000000000000000000000007";
/// A key the API cannot verify (`api_key_not_verifiable`, HTTP 400).
pub(crate) const KEY_NOT_VERIFIABLE: &str = "sk_000000000000000000000000000000000000000000000008";
/// The one agent that exists.
pub(crate) const AGENT_OK: &str = "agent_01jtestagent0000000000000";
/// The Twilio Account SID and Auth Token that belong together.
pub(crate) const TWILIO_SID_OK: &str = "AC00000000000000000000000000000001";
pub(crate) const TWILIO_TOKEN_OK: &str = "000000000000000000000000000000a1";
/// A request id, as the current error shape carries one.
pub(crate) const REQUEST_ID: &str = "3c807fc4c3a1705f9638ecc764a91c01";

/// One answer the mock can give, and what triggers it: listed by `cargo
/// xtask mock-site` so a person can try each by hand.
pub(crate) struct Scenario {
    /// The key (with [`AGENT_OK`]) or agent id (with [`KEY_OK`]) to use.
    pub(crate) trigger: &'static str,
    /// What the mock answers.
    pub(crate) answer: &'static str,
}

macro_rules! scenarios {
    ($($trigger:expr => $answer:literal;)*) => {
        /// Every scenario, keys first.
        pub(crate) const SCENARIOS: &[Scenario] = &[$(Scenario { trigger: $trigger, answer: $answer }),*];
    };
}

scenarios! {
    KEY_OK => "key: 200 with a signed URL (every permission)";
    KEY_NO_CONVAI => "key: 401 missing_permissions convai_write (legacy shape)";
    KEY_NO_CONVAI_NEW => "key: 401 missing_permissions convai_write (current shape, request id)";
    KEY_QUOTA => "key: 401 quota_exceeded";
    KEY_UNUSUAL => "key: 401 detected_unusual_activity";
    KEY_IP => "key: 403 IP not on the key's allowlist";
    KEY_UNAUTHORIZED => "key: 401 with only the generic code unauthorized";
    KEY_NOT_VERIFIABLE => "key: 400 api_key_not_verifiable";
    "any other sk_ key" => "key: 401 invalid_api_key";
    "agent_unknown (any id not below)" => "agent: 404 agent_not_found";
    "seng_01jtestengine000000000000" => "agent: a speech-engine id, 200";
    "agent_other_workspace" => "agent: 403, the key may not access this agent";
    "agent_scope_unnamed" => "agent: 401 missing_permissions naming no permission";
    "agent_401_plain" => "agent: 401 with a plain-text body";
    "agent_401_code" => "agent: 401 with a code the checker does not know";
    "agent_strip_key" => "agent: 401 needs_authorization, as if a proxy removed the header";
    "agent_forbidden" => "agent: 403 forbidden naming nothing";
    "agent_challenge" => "agent: 403 bot-protection challenge page";
    "agent_waf_cloudflare" => "agent: 403 Cloudflare block page";
    "agent_waf_akamai" => "agent: 403 Akamai Access Denied page";
    "agent_waf_zscaler" => "agent: 200 Zscaler web-filter page";
    "agent_portal" => "agent: 200 Wi-Fi sign-in page";
    "agent_html404" => "agent: 404 nginx page";
    "agent_html502" => "agent: 502 nginx gateway page";
    "agent_string404" => "agent: 404 {\"detail\":\"Not Found\"}";
    "agent_405" => "agent: 405 Method Not Allowed";
    "agent_invalid" => "agent: 422 Pydantic v2 list on agent_id";
    "agent_rate" => "agent: 429 too_many_concurrent_requests (Retry-After not exposed)";
    "agent_rate_date" => "agent: 429 rate_limit_exceeded, Retry-After date exposed";
    "agent_rate_new" => "agent: 429 with a code the checker does not know";
    "agent_busy" => "agent: 429 system_busy";
    "agent_json500" => "agent: 500 JSON error";
    "agent_cut_error" => "agent: 401 invalid_api_key body cut short";
    "agent_deep_error" => "agent: 401 quota_exceeded body nested too deep to parse";
    "agent_redirect" => "agent: 307 to the mock under another host name (never followed with the key)";
    "agent_moved" => "agent: 307 to the older path on the same host (followed with the key)";
    "agent_signed_path" => "agent: 200 signed URL of another shape";
    "agent_token200" => "agent: 200 carrying a token, not a signed URL";
    "agent_truncated" => "agent: 200 with a truncated body";
    "agent_cut" => "agent: 200 whose body breaks off";
    "agent_weird_status" => "agent: 299";
    "agent_teapot" => "agent: 418 plain text";
    "agent_huge" => "agent: 418 with 5 MB of text";
    "agent_hostile" => "agent: 401 whose message holds markup";
    "agent_hostile_html" => "agent: 418 HTML with script";
    "agent_nocors" => "agent: 200 without CORS headers (the browser refuses it)";
    "agent_slow" => "agent: 200 after 10 seconds";
    "agent_hang" => "agent: never answers (the checker gives up at 15 s)";
    "agent_reset" => "agent: connection reset";
}

const MISSING_CONVAI: &str =
    "The API key you used is missing the permission convai_write to execute this operation.";

/// What one request asked for.
struct Incoming {
    method: String,
    path: String,
    query: String,
    key: Option<String>,
    /// The `Host` header, for redirects to the same mock under another name.
    host: String,
    /// The `Authorization` header (Twilio's HTTP Basic).
    authorization: Option<String>,
    /// The request body (read up to `Content-Length`).
    body: Vec<u8>,
}

/// An answer to write.
struct Answer {
    status: u16,
    reason: &'static str,
    content_type: &'static str,
    extra_headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
    cors: bool,
    /// Claimed body length when it differs from the real one (a cut body).
    claimed_length: Option<usize>,
}

impl Answer {
    fn json(status: u16, reason: &'static str, body: String) -> Self {
        Self {
            status,
            reason,
            content_type: "application/json",
            extra_headers: Vec::new(),
            body: body.into_bytes(),
            cors: true,
            claimed_length: None,
        }
    }

    /// The legacy shape, fields in the real API's order (`status` first),
    /// as compact as FastAPI writes it.
    fn error(status: u16, reason: &'static str, code: &str, message: &str) -> Self {
        let text = |s: &str| serde_json::Value::from(s).to_string();
        let body = format!(
            r#"{{"detail":{{"status":{},"message":{}}}}}"#,
            text(code),
            text(message)
        );
        Self::json(status, reason, body)
    }

    /// The current documented shape, with `type`, `code` and `request_id`.
    fn current(
        status: u16,
        reason: &'static str,
        kind: &str,
        code: &str,
        legacy_status: Option<&str>,
        message: &str,
    ) -> Self {
        let mut detail = serde_json::json!({
            "type": kind,
            "code": code,
            "message": message,
            "request_id": REQUEST_ID,
        });
        if let Some(legacy) = legacy_status {
            detail["status"] = legacy.into();
        }
        Self::json(
            status,
            reason,
            serde_json::json!({ "detail": detail }).to_string(),
        )
    }

    fn missing(permission: &str) -> Self {
        Self::error(
            401,
            "Unauthorized",
            "missing_permissions",
            &format!("The API key you used is missing the permission {permission} to execute this operation."),
        )
    }

    fn html(status: u16, reason: &'static str, body: &str) -> Self {
        Self {
            content_type: "text/html; charset=utf-8",
            ..Self::json(status, reason, body.to_owned())
        }
    }
}

/// Starts the mock on a free port; returns its origin (`http://127.0.0.1:PORT`).
/// It runs until the process ends.
pub(crate) fn start() -> anyhow::Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let origin = format!("http://{}", listener.local_addr()?);
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            thread::spawn(move || {
                let _ = serve(stream);
            });
        }
    });
    Ok(origin)
}

/// An origin on which nothing listens: connections are refused.
pub(crate) fn refused_origin() -> anyhow::Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let origin = format!("http://{}", listener.local_addr()?);
    drop(listener);
    Ok(origin)
}

fn serve(stream: TcpStream) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_owned();
    let target = parts.next().unwrap_or("/");
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut incoming = Incoming {
        method,
        path: path.to_owned(),
        query: query.to_owned(),
        key: None,
        host: String::new(),
        authorization: None,
        body: Vec::new(),
    };
    let mut length = 0;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            match name.trim().to_ascii_lowercase().as_str() {
                "xi-api-key" => incoming.key = Some(value.trim().to_owned()),
                "host" => incoming.host = value.trim().to_owned(),
                "authorization" => incoming.authorization = Some(value.trim().to_owned()),
                "content-length" => length = value.trim().parse().unwrap_or(0).min(1 << 20),
                _ => {}
            }
        }
    }
    incoming.body = vec![0; length];
    std::io::Read::read_exact(&mut reader, &mut incoming.body)?;
    let agent_id = query_value(&incoming.query, "agent_id");
    match agent_id.as_deref() {
        Some("agent_hang") if incoming.method == "GET" => {
            // Never answer; hold the connection until the client gives up.
            thread::sleep(Duration::from_secs(120));
            return Ok(());
        }
        Some("agent_reset") if incoming.method == "GET" => {
            return stream.shutdown(Shutdown::Both);
        }
        Some("agent_slow") if incoming.method == "GET" => thread::sleep(Duration::from_secs(10)),
        _ => {}
    }
    let answer = respond(&incoming, agent_id.as_deref());
    write(stream, &answer)
}

/// Decodes `%XX` escapes; a malformed escape is kept as written, invalid
/// UTF-8 becomes U+FFFD.
fn percent_decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

fn query_value(query: &str, name: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        // A query string writes spaces as `+` (and a real `+` as `%2B`).
        (key == name).then(|| percent_decode(&value.replace('+', " ")))
    })
}

fn respond(incoming: &Incoming, agent_id: Option<&str>) -> Answer {
    let no_cors = agent_id == Some("agent_nocors");
    if incoming.method == "OPTIONS" {
        // The preflight: allowed unless this agent id asks for a CORS refusal.
        return Answer {
            cors: !no_cors,
            ..Answer::json(204, "No Content", String::new())
        };
    }
    if incoming.method == "POST" && incoming.path == "/v1/convai/twilio/outbound-call" {
        return outbound_call(incoming);
    }
    if let Some(sid) = incoming.path.strip_prefix("/2010-04-01/Accounts/") {
        return twilio_account(incoming, sid.trim_end_matches(".json"));
    }
    if incoming.method != "GET" {
        return Answer::json(
            405,
            "Method Not Allowed",
            r#"{"detail":"Method Not Allowed"}"#.to_owned(),
        );
    }
    // The documented path, and the older underscore alias (deprecated,
    // still answered).
    let mut answer = if matches!(
        incoming.path.as_str(),
        "/v1/convai/conversation/get-signed-url" | "/v1/convai/conversation/get_signed_url"
    ) {
        answer_for(incoming, agent_id)
    } else {
        report_answer(incoming.key.as_deref(), &incoming.path)
    };
    answer.cors = !no_cors;
    answer
}

/// `POST /v1/convai/twilio/outbound-call`: the call is "placed" when the
/// key may use agents and the body names the one agent, a phone number id
/// and a number to call. The success body is `TwilioOutboundCallResponse`
/// (`success`, `message`, `conversation_id`, `callSid`); its `message`
/// wording and the permission a call needs (`convai_write` here) are
/// unconfirmed.
fn outbound_call(incoming: &Incoming) -> Answer {
    let key = incoming.key.as_deref().unwrap_or("");
    if let Err(refused) = key_refusal(key) {
        return refused;
    }
    if key == KEY_NO_CONVAI {
        return Answer::missing("convai_write");
    }
    let body: serde_json::Value = serde_json::from_slice(&incoming.body).unwrap_or_default();
    let missing: Vec<serde_json::Value> = ["agent_id", "agent_phone_number_id", "to_number"]
        .into_iter()
        .filter(|field| !body[field].is_string())
        .map(|field| serde_json::json!({"type": "missing", "loc": ["body", field], "msg": "Field required", "input": null}))
        .collect();
    if !missing.is_empty() {
        let body = serde_json::json!({ "detail": missing });
        return Answer::json(422, "Unprocessable Entity", body.to_string());
    }
    if body["agent_id"] != AGENT_OK {
        return Answer::error(404, "Not Found", "agent_not_found", "Agent not found");
    }
    Answer::json(
        200,
        "OK",
        serde_json::json!({
            "success": true,
            "message": "Success",
            "conversation_id": "conv_01jtestcall000000000000000",
            "callSid": "CA00000000000000000000000000000001",
        })
        .to_string(),
    )
}

/// Twilio's account lookup: 200 when HTTP Basic carries this account's SID
/// and its Auth Token, else Twilio's error 20003 body. The 200 body is a
/// few fields of Twilio's Account resource (the real one also carries the
/// Auth Token, which is why the page's command does not print it).
fn twilio_account(incoming: &Incoming, sid: &str) -> Answer {
    use base64::Engine as _;
    let pair = incoming
        .authorization
        .as_deref()
        .and_then(|a| a.strip_prefix("Basic "))
        .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
    if incoming.method == "GET"
        && sid == TWILIO_SID_OK
        && pair == Some(format!("{TWILIO_SID_OK}:{TWILIO_TOKEN_OK}"))
    {
        let body = serde_json::json!({"sid": sid, "friendly_name": "My first Twilio account", "status": "active", "type": "Full"});
        return Answer {
            cors: false,
            ..Answer::json(200, "OK", body.to_string())
        };
    }
    let body = r#"{"code":20003,"message":"Authenticate","more_info":"https://www.twilio.com/docs/errors/20003","status":401}"#;
    Answer {
        cors: false,
        ..Answer::json(401, "Unauthorized", body.to_owned())
    }
}

/// What a key may do, for the report's read-only endpoints.
fn report_answer(key: Option<&str>, path: &str) -> Answer {
    if let Err(refused) = key_refusal(key.unwrap_or("")) {
        return refused;
    }
    let everything = key == Some(KEY_OK);
    let granted = |permission: &str| {
        everything
            || (key == Some(KEY_NO_CONVAI) && matches!(permission, "voices_read" | "models_read"))
    };
    let permission = match path {
        "/v1/user" => "user_read",
        "/v1/history" => "speech_history_read",
        "/v1/voices" => "voices_read",
        "/v1/models" => "models_read",
        "/v1/projects" => "projects_read",
        "/v1/pronunciation-dictionaries" => "pronunciation_dictionaries_read",
        "/v1/convai/agents" => "convai_read",
        p if p.starts_with("/v1/dubbing/") => "dubbing_read",
        p if p.starts_with("/v1/convai/agents/") => "convai_read",
        _ => return Answer::json(404, "Not Found", r#"{"detail":"Not Found"}"#.to_owned()),
    };
    if !granted(permission) {
        return Answer::missing(permission);
    }
    match path {
        "/v1/user" => Answer::json(
            200,
            "OK",
            serde_json::json!({
                "user_id": "u_mock0000000000000000000001",
                "first_name": "Ada",
                "xi_api_key": key,
                "subscription": {
                    "tier": "creator",
                    "status": "active",
                    "character_count": 1200,
                    "character_limit": 100000,
                },
            })
            .to_string(),
        ),
        // Granted, but the plan has no Projects: the trufflehog recipe's 403.
        "/v1/projects" => Answer::error(
            403,
            "Forbidden",
            "invalid_subscription",
            "Your subscription does not include Projects.",
        ),
        p if p.starts_with("/v1/dubbing/") => {
            Answer::error(404, "Not Found", "dubbing_not_found", "Dubbing not found.")
        }
        p if p.starts_with("/v1/convai/agents/") => {
            let id = percent_decode(&p["/v1/convai/agents/".len()..]);
            if id == AGENT_OK {
                Answer::json(
                    200,
                    "OK",
                    serde_json::json!({"agent_id": AGENT_OK, "name": "Support line"}).to_string(),
                )
            } else {
                Answer::error(404, "Not Found", "agent_not_found", "Agent not found")
            }
        }
        _ => Answer::json(200, "OK", r#"{"items":[],"has_more":false}"#.to_owned()),
    }
}

/// The answer every endpoint gives a key that does not get through.
fn key_refusal(key: &str) -> Result<(), Answer> {
    Err(match key {
        "" => Answer::error(
            401,
            "Unauthorized",
            "needs_authorization",
            "Neither authorization header nor xi-api-key received, please provide one.",
        ),
        KEY_OK | KEY_NO_CONVAI => return Ok(()),
        KEY_QUOTA => Answer::error(
            401,
            "Unauthorized",
            "quota_exceeded",
            "This request exceeds your quota of 10000. You have 0 credits remaining, while 91 credits are required for this request.",
        ),
        KEY_UNUSUAL => Answer::error(
            401,
            "Unauthorized",
            "detected_unusual_activity",
            "Unusual activity detected. Free Tier usage disabled. If you are using a proxy/VPN you might need to purchase a Paid Plan to not trigger our abuse detectors.",
        ),
        KEY_IP => Answer::current(
            403,
            "Forbidden",
            "authorization_error",
            "forbidden",
            None,
            "Requests from this IP address are not allowed for this API key.",
        ),
        KEY_NO_CONVAI_NEW => Answer::current(
            401,
            "Unauthorized",
            "authentication_error",
            "unauthorized",
            Some("missing_permissions"),
            MISSING_CONVAI,
        ),
        KEY_UNAUTHORIZED => Answer::current(
            401,
            "Unauthorized",
            "authentication_error",
            "unauthorized",
            None,
            "Unauthorized",
        ),
        KEY_NOT_VERIFIABLE => Answer::error(
            400,
            "Bad Request",
            "api_key_not_verifiable",
            "400: {'status': 'invalid_api_key', 'message': 'API key is invalid'}",
        ),
        _ => Answer::error(401, "Unauthorized", "invalid_api_key", "Invalid API key"),
    })
}

fn answer_for(incoming: &Incoming, agent_id: Option<&str>) -> Answer {
    if agent_id == Some("agent_redirect") {
        // Something in front of the API sends every client, key or not, to
        // the same mock under another host name.
        let port = incoming
            .host
            .rsplit_once(':')
            .map_or("80", |(_, port)| port);
        return Answer {
            extra_headers: vec![(
                "Location",
                format!("http://localhost:{port}/v1/convai/conversation/get-signed-url?agent_id=agent_redirected"),
            )],
            ..Answer::json(307, "Temporary Redirect", String::new())
        };
    }
    if agent_id == Some("agent_moved") {
        // Moved to the older path on the same host, as a relative Location.
        return Answer {
            extra_headers: vec![(
                "Location",
                format!("/v1/convai/conversation/get_signed_url?agent_id={AGENT_OK}"),
            )],
            ..Answer::json(307, "Temporary Redirect", String::new())
        };
    }
    // A proxy on the way drops the header: the API sees no key.
    let key = if agent_id == Some("agent_strip_key") {
        ""
    } else {
        incoming.key.as_deref().unwrap_or("")
    };
    if let Err(refused) = key_refusal(key) {
        return refused;
    }
    let Some(agent_id) = agent_id.filter(|a| !a.is_empty()) else {
        let body = r#"{"detail":[{"loc":["query","agent_id"],"msg":"field required","type":"value_error.missing"}]}"#;
        return Answer::json(422, "Unprocessable Entity", body.to_owned());
    };
    if key == KEY_NO_CONVAI {
        return Answer::missing("convai_write");
    }
    let signed = |url: String| {
        Answer::json(
            200,
            "OK",
            serde_json::json!({ "signed_url": url }).to_string(),
        )
    };
    match agent_id {
        AGENT_OK | "agent_nocors" | "agent_slow" | "seng_01jtestengine000000000000" => signed(format!(
            "wss://api.elevenlabs.io/v1/convai/conversation?agent_id={agent_id}&conversation_signature=cvtkn_SECRET_SIGNATURE_0123456789"
        )),
        // A signed URL of another shape: the token in the path, extra fields.
        "agent_signed_path" => Answer::json(
            200,
            "OK",
            serde_json::json!({
                "signed_url": "wss://api.elevenlabs.io/v1/convai/conversation/cvtkn01J9ZQ4XK7T2B8N5M3H6R0W1Y4",
                "conversation_id": "conv_01jtest",
            })
            .to_string(),
        ),
        // A 200 that is not a signed URL but carries a credential.
        "agent_token200" => Answer::json(
            200,
            "OK",
            r#"{"token":"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ0ZXN0In0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c","expires_in":900}"#.to_owned(),
        ),
        // The real API sends no Access-Control-Expose-Headers, so a page
        // cannot read this Retry-After.
        "agent_rate" => Answer {
            extra_headers: vec![("Retry-After", "30".to_owned())],
            ..Answer::error(
                429,
                "Too Many Requests",
                "too_many_concurrent_requests",
                "Too many concurrent requests. Your current subscription is associated with a maximum of 2 concurrent requests (running in parallel).",
            )
        },
        // A proxy that exposes Retry-After, as an HTTP-date.
        "agent_rate_date" => Answer {
            extra_headers: vec![
                ("Retry-After", "Sun, 29 Nov 2026 10:00:00 GMT".to_owned()),
                ("Access-Control-Expose-Headers", "Retry-After".to_owned()),
            ],
            ..Answer::current(
                429,
                "Too Many Requests",
                "rate_limit_error",
                "rate_limit_exceeded",
                None,
                "Rate limit exceeded.",
            )
        },
        "agent_challenge" => Answer::html(
            403,
            "Forbidden",
            "<!DOCTYPE html><html lang=\"en-US\"><head><title>Just a moment...</title><meta http-equiv=\"refresh\" content=\"390\"><script src=\"/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1\"></script></head><body><noscript>Enable JavaScript and cookies to continue</noscript></body></html>",
        ),
        "agent_html404" => Answer::html(
            404,
            "Not Found",
            "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
        ),
        "agent_forbidden" => Answer::error(403, "Forbidden", "forbidden", "Forbidden"),
        // The body is a plausible one (unconfirmed upstream): an agent in
        // another workspace, or not shared with a service account.
        "agent_other_workspace" => Answer::current(
            403,
            "Forbidden",
            "authorization_error",
            "forbidden",
            None,
            "This API key does not have access to the agent agent_other_workspace.",
        ),
        "agent_scope_unnamed" => Answer::error(
            401,
            "Unauthorized",
            "missing_permissions",
            "The API key you used does not have the permissions required for this operation.",
        ),
        "agent_401_plain" => Answer {
            content_type: "text/plain",
            ..Answer::json(401, "Unauthorized", "Unauthorized".to_owned())
        },
        "agent_401_code" => Answer::error(
            401,
            "Unauthorized",
            "api_key_disabled",
            "This API key has been disabled (exposed_publicly).",
        ),
        "agent_waf_cloudflare" => Answer::html(
            403,
            "Forbidden",
            "<!DOCTYPE html><html lang=\"en-US\"><head><title>Attention Required! | Cloudflare</title></head><body><div id=\"cf-wrapper\"><h1 data-translate=\"block_headline\">Sorry, you have been blocked</h1><h2>You are unable to access api.elevenlabs.io</h2><p>This website is using a security service to protect itself from online attacks.</p><span>Cloudflare Ray ID: <strong>8e0f1a2b3c4d5e6f</strong></span></div></body></html>",
        ),
        "agent_waf_akamai" => Answer::html(
            403,
            "Forbidden",
            "<HTML><HEAD>\n<TITLE>Access Denied</TITLE>\n</HEAD><BODY>\n<H1>Access Denied</H1>\n \nYou don't have permission to access \"http&#58;&#47;&#47;api&#46;elevenlabs&#46;io&#47;\" on this server.<P>\nReference&#32;&#35;18&#46;2f3e4d5c&#46;1732950000&#46;1a2b3c4d\n<P>https&#58;&#47;&#47;errors&#46;edgesuite&#46;net&#47;18&#46;2f3e4d5c</P>\n</BODY>\n</HTML>\n",
        ),
        "agent_waf_zscaler" => Answer::html(
            200,
            "OK",
            "<html><head><title>Website blocked</title></head><body><h1>Website blocked</h1><p>Not allowed to browse AI category</p><p>Your organization has selected Zscaler to protect you from internet threats.</p></body></html>",
        ),
        "agent_cut_error" => Answer::json(
            401,
            "Unauthorized",
            r#"{"detail":{"status":"invalid_api_key","message":"Invalid API k"#.to_owned(),
        ),
        "agent_deep_error" => Answer::json(
            401,
            "Unauthorized",
            format!(
                r#"{{"detail":{{"status":"quota_exceeded","message":"This request exceeds your quota of 10000.","trace":{}0{}}}}}"#,
                "[".repeat(300),
                "]".repeat(300)
            ),
        ),
        "agent_rate_new" => Answer::error(
            429,
            "Too Many Requests",
            "request_limit_reached",
            "Request limit reached; try again later.",
        ),
        // FastAPI's answer for a path or method it does not serve.
        "agent_string404" => Answer::json(404, "Not Found", r#"{"detail":"Not Found"}"#.to_owned()),
        "agent_405" => Answer::json(
            405,
            "Method Not Allowed",
            r#"{"detail":"Method Not Allowed"}"#.to_owned(),
        ),
        // Pydantic v2's validation list.
        "agent_invalid" => Answer::json(
            422,
            "Unprocessable Entity",
            r#"{"detail":[{"type":"string_pattern_mismatch","loc":["query","agent_id"],"msg":"String should match pattern '^[a-z0-9_]+$'","input":"agent_invalid"}]}"#.to_owned(),
        ),
        "agent_busy" => Answer::error(429, "Too Many Requests", "system_busy", "The system is busy, try again later."),
        "agent_html502" => Answer::html(
            502,
            "Bad Gateway",
            "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>",
        ),
        "agent_json500" => Answer::error(500, "Internal Server Error", "internal_error", "An internal error occurred."),
        "agent_truncated" => {
            let body = r#"{"signed_url": "wss://api.elevenlabs.io/v1/convai/conv"#;
            Answer::json(200, "OK", body.to_owned())
        }
        "agent_cut" => {
            // Claims more than it sends, then closes: the body cannot be read.
            let body = r#"{"signed_url": "wss://api.elevenlabs.io/v1/convai/conv"#;
            Answer {
                claimed_length: Some(4096),
                ..Answer::json(200, "OK", body.to_owned())
            }
        }
        "agent_portal" => Answer::html(200, "OK", "<html><head><title>Sign in to the hotel Wi-Fi</title></head><body><h1>Sign in to the hotel Wi-Fi</h1></body></html>"),
        "agent_teapot" => Answer {
            content_type: "text/plain",
            ..Answer::json(418, "I'm a teapot", format!("I'm a teapot. {}", "Short and stout. ".repeat(40)))
        },
        "agent_hostile" => Answer::error(
            401,
            "Unauthorized",
            "missing_permissions",
            "The API key you used is missing the permission convai_write <img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script>",
        ),
        "agent_hostile_html" => Answer::html(
            418,
            "I'm a teapot",
            "<script>window.__pwned=3</script><img src=x onerror=\"window.__pwned=4\">",
        ),
        "agent_huge" => Answer {
            content_type: "text/plain",
            ..Answer::json(418, "I'm a teapot", "x".repeat(5 * 1024 * 1024))
        },
        "agent_weird_status" => Answer::json(299, "Odd", r#"{"ok":true}"#.to_owned()),
        _ => Answer::error(
            404,
            "Not Found",
            "agent_not_found",
            &format!("Agent with id {agent_id} was not found."),
        ),
    }
}

fn write(mut stream: TcpStream, answer: &Answer) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n",
        answer.status,
        answer.reason,
        answer.content_type,
        answer.claimed_length.unwrap_or(answer.body.len()),
    );
    if answer.cors {
        // As seen on the real API (facts sheet, CORS): no exposed headers.
        head.push_str(
            "Access-Control-Allow-Origin: *\r\n\
             Access-Control-Allow-Methods: POST, PATCH, OPTIONS, DELETE, GET, PUT\r\n\
             Access-Control-Allow-Headers: *\r\n\
             Access-Control-Max-Age: 600\r\n",
        );
    }
    for (name, value) in &answer.extra_headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(&answer.body)?;
    stream.flush()?;
    if answer.claimed_length.is_some() {
        // Cut the body short: reset rather than a clean end of stream.
        stream.shutdown(Shutdown::Both)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(key: Option<&str>, path: &str, agent_id: Option<&str>) -> Answer {
        let incoming = Incoming {
            method: "GET".into(),
            path: path.into(),
            query: String::new(),
            key: key.map(str::to_owned),
            host: "127.0.0.1:4000".into(),
            authorization: None,
            body: Vec::new(),
        };
        respond(&incoming, agent_id)
    }

    fn check(key: Option<&str>, agent_id: Option<&str>) -> Answer {
        get(key, "/v1/convai/conversation/get-signed-url", agent_id)
    }

    fn body(answer: &Answer) -> String {
        String::from_utf8_lossy(&answer.body).into_owned()
    }

    #[test]
    fn keys_and_agents_pick_documented_answers() {
        let cases = [
            (None, Some(AGENT_OK), 401, "needs_authorization"),
            (Some("sk_nope"), Some(AGENT_OK), 401, "invalid_api_key"),
            (
                Some(KEY_NO_CONVAI),
                Some(AGENT_OK),
                401,
                "missing_permissions",
            ),
            (
                Some(KEY_NO_CONVAI_NEW),
                Some(AGENT_OK),
                401,
                "\"code\":\"unauthorized\"",
            ),
            (Some(KEY_UNAUTHORIZED), Some(AGENT_OK), 401, REQUEST_ID),
            (
                Some(KEY_NOT_VERIFIABLE),
                Some(AGENT_OK),
                400,
                "api_key_not_verifiable",
            ),
            (Some(KEY_IP), Some(AGENT_OK), 403, "IP address"),
            (Some(KEY_QUOTA), Some(AGENT_OK), 401, "quota_exceeded"),
            (Some(KEY_OK), Some(AGENT_OK), 200, "signed_url"),
            (Some(KEY_OK), Some("agent_unknown"), 404, "agent_not_found"),
            (Some(KEY_OK), None, 422, "value_error.missing"),
            (
                Some(KEY_OK),
                Some("agent_invalid"),
                422,
                "string_pattern_mismatch",
            ),
            (
                Some(KEY_OK),
                Some("agent_rate"),
                429,
                "too_many_concurrent_requests",
            ),
            (
                Some(KEY_OK),
                Some("agent_challenge"),
                403,
                "<title>Just a moment...</title>",
            ),
            (
                Some(KEY_OK),
                Some("agent_string404"),
                404,
                "{\"detail\":\"Not Found\"}",
            ),
            (Some(KEY_OK), Some("agent_redirect"), 307, ""),
        ];
        for (key, agent, status, marker) in cases {
            let answer = check(key, agent);
            assert_eq!(answer.status, status, "{key:?} {agent:?}");
            assert!(body(&answer).contains(marker), "{key:?} {agent:?}");
        }
    }

    #[test]
    fn cors_headers_are_the_real_apis_and_expose_nothing() {
        let answer = check(Some(KEY_OK), Some("agent_rate"));
        assert!(answer.cors);
        assert!(answer
            .extra_headers
            .iter()
            .any(|(n, _)| *n == "Retry-After"));
        assert!(!answer
            .extra_headers
            .iter()
            .any(|(n, _)| *n == "Access-Control-Expose-Headers"));
    }

    #[test]
    fn redirects_point_at_the_same_mock_under_another_name() {
        let answer = check(Some(KEY_OK), Some("agent_redirect"));
        let location = &answer.extra_headers[0];
        assert_eq!(
            (location.0, location.1.as_str()),
            (
                "Location",
                "http://localhost:4000/v1/convai/conversation/get-signed-url?agent_id=agent_redirected"
            )
        );
    }

    #[test]
    fn report_endpoints_follow_the_keys_permissions() {
        assert_eq!(get(Some(KEY_OK), "/v1/user", None).status, 200);
        assert!(body(&get(Some(KEY_OK), "/v1/user", None)).contains("\"tier\":\"creator\""));
        assert_eq!(get(Some(KEY_NO_CONVAI), "/v1/user", None).status, 401);
        assert_eq!(get(Some(KEY_NO_CONVAI), "/v1/voices", None).status, 200);
        assert!(body(&get(Some(KEY_NO_CONVAI), "/v1/convai/agents", None)).contains("convai_read"));
        assert!(body(&get(
            Some(KEY_OK),
            "/v1/dubbing/_thou_shalt_not_exist_",
            None
        ))
        .contains("dubbing_not_found"));
        assert!(body(&get(Some(KEY_OK), "/v1/projects", None)).contains("invalid_subscription"));
        assert_eq!(
            get(Some(KEY_OK), &format!("/v1/convai/agents/{AGENT_OK}"), None).status,
            200
        );
        assert_eq!(
            get(Some(KEY_OK), "/v1/convai/agents/agent_x", None).status,
            404
        );
        assert_eq!(get(Some("sk_nope"), "/v1/user", None).status, 401);
    }

    #[test]
    fn writes_are_refused() {
        let incoming = Incoming {
            method: "DELETE".into(),
            path: "/v1/voices/x".into(),
            query: String::new(),
            key: Some(KEY_OK.into()),
            host: String::new(),
            authorization: None,
            body: Vec::new(),
        };
        assert_eq!(respond(&incoming, None).status, 405);
    }

    #[test]
    fn outbound_calls_need_the_key_the_agent_and_every_field() {
        let call = |key: &str, body: &str| {
            let incoming = Incoming {
                method: "POST".into(),
                path: "/v1/convai/twilio/outbound-call".into(),
                query: String::new(),
                key: Some(key.into()),
                host: String::new(),
                authorization: None,
                body: body.as_bytes().to_vec(),
            };
            let answer = respond(&incoming, None);
            (
                answer.status,
                String::from_utf8_lossy(&answer.body).into_owned(),
            )
        };
        let full = format!(
            r#"{{"agent_id":"{AGENT_OK}","agent_phone_number_id":"phnum_x","to_number":"+15555550100"}}"#
        );
        let (status, body) = call(KEY_OK, &full);
        assert_eq!(status, 200);
        assert!(
            body.contains("\"success\":true") && body.contains("callSid"),
            "{body}"
        );
        assert!(call(KEY_NO_CONVAI, &full).1.contains("missing_permissions"));
        assert!(call("sk_nope", &full).1.contains("invalid_api_key"));
        let (status, body) = call(KEY_OK, &format!(r#"{{"agent_id":"{AGENT_OK}"}}"#));
        assert_eq!(status, 422);
        assert!(
            body.contains("agent_phone_number_id") && body.contains("to_number"),
            "{body}"
        );
        let other = full.replace(AGENT_OK, "agent_other");
        assert_eq!(call(KEY_OK, &other).0, 404);
    }

    #[test]
    fn twilio_accepts_only_the_accounts_own_sid_and_token() {
        use base64::Engine as _;
        let lookup = |sid: &str, user: &str, token: &str| {
            let basic = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{token}"));
            let incoming = Incoming {
                method: "GET".into(),
                path: format!("/2010-04-01/Accounts/{sid}.json"),
                query: String::new(),
                key: None,
                host: String::new(),
                authorization: Some(format!("Basic {basic}")),
                body: Vec::new(),
            };
            let answer = respond(&incoming, None);
            (
                answer.status,
                String::from_utf8_lossy(&answer.body).into_owned(),
            )
        };
        let (status, body) = lookup(TWILIO_SID_OK, TWILIO_SID_OK, TWILIO_TOKEN_OK);
        assert_eq!(status, 200, "{body}");
        assert!(body.contains(TWILIO_SID_OK));
        for (sid, user, token) in [
            (TWILIO_SID_OK, TWILIO_SID_OK, "wrong"),
            (
                TWILIO_SID_OK,
                "AC0000000000000000000000000000ffff",
                TWILIO_TOKEN_OK,
            ),
            (
                "AC0000000000000000000000000000ffff",
                TWILIO_SID_OK,
                TWILIO_TOKEN_OK,
            ),
        ] {
            let (status, body) = lookup(sid, user, token);
            assert_eq!(status, 401);
            assert!(
                body.contains("\"code\":20003") && body.contains("Authenticate"),
                "{body}"
            );
        }
    }

    #[test]
    fn query_values_are_decoded() {
        assert_eq!(
            query_value("a=1&agent_id=agent%5Fx%20y", "agent_id").as_deref(),
            Some("agent_x y")
        );
        assert_eq!(query_value("agent_id=", "agent_id").as_deref(), Some(""));
        assert_eq!(query_value("x=1", "agent_id"), None);
        assert_eq!(
            query_value("agent_id=a+b%2Bc", "agent_id").as_deref(),
            Some("a b+c")
        );
    }

    #[test]
    fn every_listed_agent_scenario_is_answered_as_listed() {
        let default = body(&check(Some(KEY_OK), Some("agent_nobody")));
        for scenario in SCENARIOS {
            let agent = scenario.trigger;
            if !(agent.starts_with("agent_") || agent.starts_with("seng_"))
                || agent.contains(' ')
                || matches!(
                    agent,
                    "agent_hang" | "agent_reset" | "agent_slow" | "agent_nocors"
                )
            {
                continue;
            }
            let answer = check(Some(KEY_OK), Some(agent));
            assert!(
                body(&answer) != default || answer.status != 404,
                "{agent} gets the default answer"
            );
            let status: u16 = scenario
                .answer
                .split_whitespace()
                .nth(1)
                .and_then(|s| s.trim_end_matches(',').parse().ok())
                .unwrap_or(200);
            assert_eq!(answer.status, status, "{agent}: {}", scenario.answer);
        }
        for key in [
            KEY_OK,
            KEY_NO_CONVAI,
            KEY_NO_CONVAI_NEW,
            KEY_QUOTA,
            KEY_UNUSUAL,
            KEY_IP,
            KEY_UNAUTHORIZED,
            KEY_NOT_VERIFIABLE,
        ] {
            assert!(
                SCENARIOS.iter().any(|s| s.trigger == key),
                "{key} is not listed"
            );
        }
    }

    #[test]
    fn a_same_origin_move_leads_to_the_older_path_which_answers_too() {
        let moved = check(Some(KEY_OK), Some("agent_moved"));
        assert_eq!(moved.status, 307);
        let location = &moved.extra_headers[0].1;
        assert!(
            location.starts_with("/v1/convai/conversation/get_signed_url?agent_id="),
            "{location}"
        );
        let old_path = get(
            Some(KEY_OK),
            "/v1/convai/conversation/get_signed_url",
            Some(AGENT_OK),
        );
        assert_eq!(old_path.status, 200);
        // Without the key (the checker's keyless look at where it leads).
        let keyless = get(
            None,
            "/v1/convai/conversation/get_signed_url",
            Some(AGENT_OK),
        );
        assert_eq!(keyless.status, 401);
        // A stripped header is the API seeing no key.
        assert!(body(&check(Some(KEY_OK), Some("agent_strip_key"))).contains("needs_authorization"));
    }
}

//! A mock of the ElevenLabs API's `get-signed-url` endpoint on 127.0.0.1,
//! for the browser tests. It answers with the real response shapes and real
//! CORS handling (preflight included); the key and the agent id pick the
//! behaviour, including faults: delays, hangs, HTML and truncated bodies,
//! missing CORS headers, reset connections, huge and hostile bodies.

use std::io::{BufRead, BufReader, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::thread;
use std::time::Duration;

use keydoctor_site::serve::percent_decode;

/// A key with every permission.
pub(crate) const KEY_OK: &str = "sk_0000000000000000000000000000000000000000000000a1";
/// A valid key without `convai_write`.
pub(crate) const KEY_NO_CONVAI: &str = "sk_0000000000000000000000000000000000000000000000b2";
/// A key out of credits.
pub(crate) const KEY_QUOTA: &str = "sk_0000000000000000000000000000000000000000000000c3";
/// A free-tier key blocked for unusual activity.
pub(crate) const KEY_UNUSUAL: &str = "sk_0000000000000000000000000000000000000000000000d4";
/// The one agent that exists.
pub(crate) const AGENT_OK: &str = "agent_01jtestagent0000000000000";

/// What one request asked for.
struct Incoming {
    method: String,
    path: String,
    query: String,
    key: Option<String>,
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

    fn error(status: u16, reason: &'static str, code: &str, message: &str) -> Self {
        let body = serde_json::json!({"detail": {"status": code, "message": message}});
        Self::json(status, reason, body.to_string())
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
    };
    let mut origin = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            match name.trim().to_ascii_lowercase().as_str() {
                "xi-api-key" => incoming.key = Some(value.trim().to_owned()),
                "origin" => origin = Some(value.trim().to_owned()),
                _ => {}
            }
        }
    }
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
    write(stream, &answer, origin.as_deref())
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
    if incoming.path != "/v1/convai/conversation/get-signed-url" || incoming.method != "GET" {
        return Answer::error(404, "Not Found", "not_found", "Not Found");
    }
    let mut answer = answer_for(incoming.key.as_deref(), agent_id);
    answer.cors = !no_cors;
    answer
}

fn answer_for(key: Option<&str>, agent_id: Option<&str>) -> Answer {
    let key = key.unwrap_or("");
    if key.is_empty() {
        return Answer::error(
            401,
            "Unauthorized",
            "needs_authorization",
            "Neither authorization header nor xi-api-key received, please provide one.",
        );
    }
    match key {
        KEY_OK | KEY_NO_CONVAI => {}
        KEY_QUOTA => {
            return Answer::error(
                401,
                "Unauthorized",
                "quota_exceeded",
                "This request exceeds your quota of 10000. You have 0 credits remaining.",
            )
        }
        KEY_UNUSUAL => {
            return Answer::error(
                401,
                "Unauthorized",
                "detected_unusual_activity",
                "Unusual activity detected. Free Tier usage disabled.",
            )
        }
        _ => return Answer::error(401, "Unauthorized", "invalid_api_key", "Invalid API key"),
    }
    let Some(agent_id) = agent_id.filter(|a| !a.is_empty()) else {
        let body = r#"{"detail":[{"loc":["query","agent_id"],"msg":"field required","type":"value_error.missing"}]}"#;
        return Answer::json(422, "Unprocessable Entity", body.to_owned());
    };
    if key == KEY_NO_CONVAI {
        return Answer::error(
            401,
            "Unauthorized",
            "missing_permissions",
            "The API key you used is missing the permission convai_write to execute this operation.",
        );
    }
    match agent_id {
        AGENT_OK | "agent_nocors" | "agent_slow" => Answer::json(
            200,
            "OK",
            serde_json::json!({
                "signed_url": format!(
                    "wss://api.elevenlabs.io/v1/convai/conversation?agent_id={agent_id}&conversation_signature=cvtkn_SECRET_SIGNATURE_0123456789"
                )
            })
            .to_string(),
        ),
        "agent_rate" => Answer {
            extra_headers: vec![("Retry-After", "30".to_owned())],
            ..Answer::error(
                429,
                "Too Many Requests",
                "too_many_concurrent_requests",
                "Too many concurrent requests for your subscription.",
            )
        },
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
        "agent_portal" => Answer::html(200, "OK", "<html><body><h1>Sign in to the hotel Wi-Fi</h1></body></html>"),
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

fn write(mut stream: TcpStream, answer: &Answer, origin: Option<&str>) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n",
        answer.status,
        answer.reason,
        answer.content_type,
        answer.claimed_length.unwrap_or(answer.body.len()),
    );
    if answer.cors {
        head.push_str(&format!(
            "Access-Control-Allow-Origin: {}\r\n\
             Access-Control-Allow-Methods: GET, OPTIONS\r\n\
             Access-Control-Allow-Headers: xi-api-key, content-type\r\n\
             Access-Control-Expose-Headers: Retry-After\r\n\
             Access-Control-Max-Age: 0\r\n\
             Vary: Origin\r\n",
            origin.unwrap_or("*")
        ));
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
            (Some(KEY_QUOTA), Some(AGENT_OK), 401, "quota_exceeded"),
            (Some(KEY_OK), Some(AGENT_OK), 200, "signed_url"),
            (Some(KEY_OK), Some("agent_unknown"), 404, "agent_not_found"),
            (Some(KEY_OK), None, 422, "value_error.missing"),
            (
                Some(KEY_OK),
                Some("agent_rate"),
                429,
                "too_many_concurrent_requests",
            ),
        ];
        for (key, agent, status, marker) in cases {
            let answer = answer_for(key, agent);
            assert_eq!(answer.status, status, "{key:?} {agent:?}");
            assert!(
                String::from_utf8_lossy(&answer.body).contains(marker),
                "{key:?} {agent:?}"
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
}

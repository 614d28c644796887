//! The API hosts the checker may talk to, and the request URL it builds.
//! A key is only ever sent to one of these origins.
use crate::text::concat;

/// One ElevenLabs API origin a reader can pick.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiHost {
    /// Scheme and host, no trailing slash.
    pub origin: &'static str,
    /// What the reader sees in the host menu.
    pub label: &'static str,
}

/// Every ElevenLabs API origin, the default first.
pub const API_HOSTS: [ApiHost; 5] = [
    ApiHost {
        origin: "https://api.elevenlabs.io",
        label: "api.elevenlabs.io (default)",
    },
    ApiHost {
        origin: "https://api.us.elevenlabs.io",
        label: "api.us.elevenlabs.io (US)",
    },
    ApiHost {
        origin: "https://api.eu.residency.elevenlabs.io",
        label: "api.eu.residency.elevenlabs.io (EU data residency)",
    },
    ApiHost {
        origin: "https://api.in.residency.elevenlabs.io",
        label: "api.in.residency.elevenlabs.io (India data residency)",
    },
    ApiHost {
        origin: "https://api.sg.residency.elevenlabs.io",
        label: "api.sg.residency.elevenlabs.io (Singapore data residency)",
    },
];

/// The path of the check, relative to the origin.
pub const SIGNED_URL_PATH: &str = "/v1/convai/conversation/get-signed-url";

/// The origins of [`API_HOSTS`] alone: what the wasm needs (the menu's
/// labels are the page's, and stay out of the wasm).
const ORIGINS: [&str; API_HOSTS.len()] = {
    let mut origins = [""; API_HOSTS.len()];
    let mut i = 0;
    while i < origins.len() {
        origins[i] = API_HOSTS[i].origin;
        i += 1;
    }
    origins
};

/// Whether the checker may send a key to `origin`. Loopback origins (the mock
/// API) are allowed only in a build with the `test-hosts` feature.
pub fn is_allowed(origin: &str) -> bool {
    ORIGINS.contains(&origin) || (cfg!(feature = "test-hosts") && is_loopback_origin(origin))
}

/// The host (and port) of an origin, as readers are shown it:
/// `https://api.elevenlabs.io` -> `api.elevenlabs.io`.
pub fn host_name(origin: &str) -> &str {
    crate::text::split_once(origin, "://").map_or(origin, |(_, host)| host)
}

/// The host (and port) of an absolute URL, such as `api.elevenlabs.io` for
/// `https://api.elevenlabs.io/v1/x?y`. `None` for anything else.
pub fn url_host(url: &str) -> Option<&str> {
    let (scheme, rest) = crate::text::split_once(url, "://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let plain = !scheme.is_empty()
        && scheme.bytes().all(|b| b.is_ascii_alphabetic())
        && !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    plain.then_some(host)
}

/// `http://127.0.0.1:PORT` or `http://localhost:PORT`.
pub fn is_loopback_origin(origin: &str) -> bool {
    let Some(rest) = origin.strip_prefix("http://") else {
        return false;
    };
    let Some((host, port)) = rest.rsplit_once(':') else {
        return false;
    };
    (host == "127.0.0.1" || host == "localhost")
        && !port.is_empty()
        && port.len() <= 5
        && port.bytes().all(|b| b.is_ascii_digit())
}

/// Where a redirect of a request to `origin` landed, when that is on the
/// same origin: the path and query to show (the checker may follow it
/// there with the key, which stays on the chosen host). `None` for any
/// other origin, scheme or port.
pub fn same_origin_path<'a>(origin: &str, url: &'a str) -> Option<&'a str> {
    let rest = url.strip_prefix(origin)?;
    rest.starts_with('/').then_some(rest)
}

/// `GET` URL of the signed-URL check for `agent_id` at `origin`.
pub fn signed_url_endpoint(origin: &str, agent_id: &str) -> String {
    concat(&[
        origin,
        SIGNED_URL_PATH,
        "?agent_id=",
        &percent_encode(agent_id),
    ])
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

/// The `curl` command equivalent to the check, with the key left in a
/// shell variable (safe to copy, paste and share). The shell's own
/// `printf` hands the header to curl on its standard input (`-H @-`), so
/// the key is never on a command line, where other users of the machine
/// could see it. It prints the HTTP status after the body.
pub fn curl_command(origin: &str, agent_id: &str) -> String {
    concat(&[CURL_BEFORE_ADDRESS, &check_address(origin, agent_id), "\""])
}

/// What [`curl_command`] says before the address it asks (the widget's
/// template holds the same words around a verdict's `curl` field, so they
/// stay out of the wasm).
pub const CURL_BEFORE_ADDRESS: &str =
    "printf 'xi-api-key: %s\\n' \"$ELEVENLABS_API_KEY\" |\n  curl -sS -w '\\nHTTP %{http_code}\\n' -H @- \\\n    \"";

/// The address the check asks: `origin`'s signed-URL path with the agent
/// id (percent-encoded), or `$ELEVENLABS_AGENT_ID` when there is none.
pub fn check_address(origin: &str, agent_id: &str) -> String {
    let agent = if agent_id.is_empty() {
        "$ELEVENLABS_AGENT_ID".to_owned()
    } else {
        percent_encode(agent_id)
    };
    concat(&[origin, SIGNED_URL_PATH, "?agent_id=", &agent])
}

/// What the page's terminal fallback asks the reader to replace with
/// their agent id.
pub const AGENT_PLACEHOLDER: &str = "agent_your_agent_id";

/// The page's terminal fallback, for readers who do not use the live
/// check: sets the agent id (a placeholder to replace), then runs
/// [`curl_command`] with it.
pub fn fallback_command(origin: &str) -> String {
    format!(
        "ELEVENLABS_AGENT_ID='{AGENT_PLACEHOLDER}'\n{}",
        curl_command(origin, "")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_drop_the_scheme() {
        assert_eq!(host_name("https://api.elevenlabs.io"), "api.elevenlabs.io");
        assert_eq!(host_name("http://127.0.0.1:8080"), "127.0.0.1:8080");
        assert_eq!(host_name("no-scheme"), "no-scheme");
    }

    #[test]
    fn only_elevenlabs_hosts_are_allowed_without_the_test_feature() {
        for host in API_HOSTS {
            assert!(is_allowed(host.origin));
        }
        assert!(!is_allowed("https://api.elevenlabs.io.evil.example"));
        assert!(!is_allowed("http://api.elevenlabs.io"));
        assert_eq!(
            is_allowed("http://127.0.0.1:8080"),
            cfg!(feature = "test-hosts")
        );
    }

    #[test]
    fn url_hosts() {
        assert_eq!(
            url_host("https://api.elevenlabs.io/v1/x?y=1"),
            Some("api.elevenlabs.io")
        );
        assert_eq!(url_host("http://localhost:8080"), Some("localhost:8080"));
        assert_eq!(
            url_host("https://user:pw@evil.example/p"),
            Some("evil.example")
        );
        assert_eq!(url_host("/relative"), None);
        assert_eq!(url_host("https://<b>/"), None);
    }

    #[test]
    fn loopback_origins_are_recognised_strictly() {
        assert!(is_loopback_origin("http://127.0.0.1:4000"));
        assert!(is_loopback_origin("http://localhost:80"));
        assert!(!is_loopback_origin("http://127.0.0.1"));
        assert!(!is_loopback_origin("http://127.0.0.1:80/x"));
        assert!(!is_loopback_origin("https://127.0.0.1:80"));
        assert!(!is_loopback_origin("http://127.0.0.2:80"));
    }

    #[test]
    fn endpoint_encodes_the_agent_id() {
        assert_eq!(
            signed_url_endpoint("https://api.elevenlabs.io", "agent_01 x&y"),
            "https://api.elevenlabs.io/v1/convai/conversation/get-signed-url?agent_id=agent_01%20x%26y"
        );
    }

    #[test]
    fn percent_encoding_keeps_unreserved_and_encodes_every_other_byte() {
        assert_eq!(percent_encode("aZ09-._~"), "aZ09-._~");
        // Upper-case hex, both nibbles, every byte of a multi-byte character.
        assert_eq!(
            percent_encode("/?#\u{7f}\u{ff}é"),
            "%2F%3F%23%7F%C3%BF%C3%A9"
        );
        assert_eq!(percent_encode("\0"), "%00");
    }

    #[test]
    fn curl_command_never_holds_a_key() {
        let cmd = curl_command("https://api.eu.residency.elevenlabs.io", "agent_abc");
        assert_eq!(
            cmd,
            "printf 'xi-api-key: %s\\n' \"$ELEVENLABS_API_KEY\" |\n  curl -sS -w '\\nHTTP %{http_code}\\n' -H @- \\\n    \"https://api.eu.residency.elevenlabs.io/v1/convai/conversation/get-signed-url?agent_id=agent_abc\""
        );
        assert!(
            curl_command("https://api.elevenlabs.io", "").contains("agent_id=$ELEVENLABS_AGENT_ID")
        );
    }

    #[test]
    fn only_redirects_to_the_same_origin_may_be_followed() {
        let origin = "https://api.elevenlabs.io";
        assert_eq!(
            same_origin_path(origin, "https://api.elevenlabs.io/v1/x?y=1"),
            Some("/v1/x?y=1")
        );
        for other in [
            "https://api.elevenlabs.io.evil.example/v1/x",
            "https://api.elevenlabs.io:8443/v1/x",
            "http://api.elevenlabs.io/v1/x",
            "https://api.eu.residency.elevenlabs.io/v1/x",
            "https://api.elevenlabs.io@evil.example/v1/x",
            "https://api.elevenlabs.io",
            "",
        ] {
            assert_eq!(same_origin_path(origin, other), None, "{other}");
        }
    }

    #[test]
    fn the_fallback_sets_the_agent_id_it_uses() {
        let command = fallback_command("https://api.elevenlabs.io");
        let (first, rest) = command.split_once('\n').unwrap();
        assert_eq!(first, "ELEVENLABS_AGENT_ID='agent_your_agent_id'");
        assert!(rest.ends_with("agent_id=$ELEVENLABS_AGENT_ID\""), "{rest}");
        assert!(rest.contains("\"$ELEVENLABS_API_KEY\""), "{rest}");
    }
}

//! Property tests (bounded fuzzing) of everything the checker does with
//! untrusted text: what readers paste and what the network answers. Each
//! property runs `CASES` generated inputs; raise `PROPTEST_CASES` to run
//! longer (see README). A failing case is shrunk and printed; it then belongs
//! in the unit tests as a regression test.

use keydoctor_checker::diagnosis::speaker;
use keydoctor_checker::diagnosis::{diagnose, excerpt, HttpAnswer, EXCERPT_CHARS};
use keydoctor_checker::input::{clean, key_shape, parse_env, KeyShape};
use keydoctor_checker::json::Json;
use keydoctor_checker::verdict::{verdict, CheckContext, Verdict, VERDICT_IDS};
use proptest::prelude::*;

const CASES: u32 = 2_000;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(CASES),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Text shaped like pastes: keys, env lines, quotes, odd whitespace and
/// look-alike characters mixed with anything at all.
fn pasted() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("sk_".to_owned()),
        Just("ELEVENLABS_API_KEY=".to_owned()),
        Just("ELEVENLABS_AGENT_ID=".to_owned()),
        Just("export ".to_owned()),
        Just("Bearer ".to_owned()),
        Just("agent_".to_owned()),
        Just("\"".to_owned()),
        Just("'".to_owned()),
        Just("\u{201C}".to_owned()),
        Just("\n".to_owned()),
        Just(" # ".to_owned()),
        "[0-9a-f]{1,48}",
        "\\PC{0,12}",
    ];
    prop::collection::vec(pieces, 0..8).prop_map(|p| p.concat())
}

/// JSON-ish bodies: real shapes, cut anywhere, with noise.
fn body() -> impl Strategy<Value = String> {
    let real = prop_oneof![
        Just(r#"{"detail":{"status":"missing_permissions","message":"missing the permission convai_write"}}"#.to_owned()),
        Just(r#"{"detail":[{"loc":["query","agent_id"],"msg":"field required"}]}"#.to_owned()),
        Just(r#"{"signed_url":"wss://api.elevenlabs.io/v1/convai/conversation?agent_id=a&conversation_signature=s"}"#.to_owned()),
        Just("<!DOCTYPE html><h1>502</h1>".to_owned()),
    ];
    prop_oneof![
        (real, any::<prop::sample::Index>()).prop_map(|(b, cut)| {
            let mut at = cut.index(b.len() + 1);
            while !b.is_char_boundary(at) {
                at -= 1;
            }
            b[..at].to_owned()
        }),
        "\\PC{0,200}",
        "[\\[\\]{}\",:0-9a-z\\\\ ]{0,200}",
    ]
}

/// Secrets of every shape `secrets` promises to hide: current and older
/// ElevenLabs keys, other vendors' keys, JWTs, random tokens of 32 or more
/// characters, with or without a short prefix. A string of fewer than six
/// different characters is padding, not a secret (see `secrets`).
fn secret() -> impl Strategy<Value = String> {
    prop_oneof![
        "sk_[0-9a-f]{48}",
        "[0-9a-f]{32}",
        "sk_live_[A-Za-z0-9]{32,64}",
        "eyJ[A-Za-z0-9_-]{10,40}\\.eyJ[A-Za-z0-9_-]{10,80}\\.[A-Za-z0-9_-]{16,43}",
        "[A-Za-z0-9]{32,64}",
        "cvtkn_[A-Za-z0-9]{32,48}",
    ]
    .prop_filter("padding, not a secret", |s| {
        let mut seen: Vec<char> = s.chars().collect();
        seen.sort_unstable();
        seen.dedup();
        seen.len() >= 6
    })
}

/// An answer with `secret` somewhere in it: in every slot of every body
/// shape the API, a proxy or a captive portal has been seen to send.
fn answer_with(
    secret: &str,
    template: usize,
    status: u16,
    content_type: Option<&str>,
) -> HttpAnswer {
    let s = secret;
    let body = match template % 12 {
        0 => format!(
            r#"{{"detail":{{"status":"invalid_api_key","message":"Invalid API key {s}"}}}}"#
        ),
        1 => format!(
            r#"{{"detail":{{"type":"authentication_error","code":"unauthorized","message":"key {s} refused","status":"brand_new"}}}}"#
        ),
        2 => format!(
            r#"{{"signed_url":"wss://api.elevenlabs.io/v1/convai/conversation?agent_id=agent_x&conversation_signature={s}"}}"#
        ),
        3 => format!(r#"{{"signed_url":"https://h.example/v1/c/{s}"}}"#),
        4 => format!(r#"{{"token":"{s}","expires_in":900}}"#),
        5 => format!(r#"{{"{s}":true}}"#),
        6 => format!(
            "<!DOCTYPE html><html><head><title>Session {s}</title></head><body>{s}</body></html>"
        ),
        7 => format!("upstream said: token={s}; retry"),
        8 => format!(
            r#"{{"detail":[{{"type":"missing","loc":["query","{s}"],"msg":"Field {s}","input":null}}]}}"#
        ),
        9 => format!(r#"{{"detail":"{s}"}}"#),
        10 => format!(r#"{{"detail":{{"status":"{s}","message":"x"}}}}"#),
        _ => format!(
            r#"{{"signed_url":"wss:\/\/api.elevenlabs.io\/v1\/convai\/conversation?token={s}"}}"#
        ),
    };
    HttpAnswer {
        status,
        content_type: content_type.map(str::to_owned),
        retry_after: Some(s.to_owned()),
        body,
    }
}

/// Every text a verdict card shows, but the request id: that one is the
/// API's own label for what to quote to support, shown as it is.
fn shown_texts(card: &Verdict) -> Vec<&str> {
    card.fields()
        .iter()
        .filter(|(name, _)| *name != "request_id")
        .map(|(_, text)| text.as_str())
        .collect()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn no_secret_survives_into_the_page(
        secret in secret(),
        template in 0usize..12,
        status in prop::sample::select(vec![0u16, 200, 201, 307, 400, 401, 403, 404, 405, 409, 422, 429, 500, 502, 503]),
        content_type in prop::sample::select(vec![None, Some("application/json"), Some("text/html; charset=utf-8"), Some("text/plain")]),
    ) {
        let answer = answer_with(&secret, template, status, content_type);
        let card = verdict(&diagnose(&answer), CheckContext { origin: "https://api.elevenlabs.io", agent_id: "agent_x", speaker: speaker(&answer) });
        let chars: Vec<char> = secret.chars().collect();
        for text in shown_texts(&card) {
            for window in chars.windows(12) {
                let piece: String = window.iter().collect();
                prop_assert!(!text.contains(&piece), "{piece:?} of the secret shown in {text:?}");
            }
        }
    }

    #[test]
    fn cleaning_never_panics_and_never_quotes_the_key(key in pasted(), agent in pasted()) {
        let cleaned = clean(&key, &agent);
        if cleaned.is_sendable() {
            // A sendable key is safe for an HTTP header.
            prop_assert!(cleaned.key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'), "{:?}", cleaned.key);
            prop_assert!(!cleaned.key.is_empty() && !cleaned.agent_id.is_empty());
        }
        if cleaned.key.len() >= 12 {
            for (_, value) in cleaned.notes.iter().flat_map(|note| &note.fields) {
                prop_assert!(!value.contains(&cleaned.key), "a note quoted the key");
            }
        }
        let _ = parse_env(&key);
    }

    #[test]
    fn env_values_round_trip(hex in "[0-9a-f]{48}", agent in "agent_[a-z0-9]{1,28}", quote in prop_oneof![Just(""), Just("\""), Just("'")]) {
        let key = format!("sk_{hex}");
        prop_assert_eq!(key_shape(&key), KeyShape::Current);
        let env = format!("ELEVENLABS_API_KEY={quote}{key}{quote}\nELEVENLABS_AGENT_ID={agent}\n");
        let values = parse_env(&env).expect("an env paste");
        prop_assert_eq!(values.key.as_deref(), Some(key.as_str()));
        prop_assert_eq!(values.agent_id.as_deref(), Some(agent.as_str()));
        // Newlines lost in a single-line field.
        let squashed = env.replace('\n', "");
        let values = parse_env(&squashed).expect("an env paste");
        prop_assert_eq!(values.key.as_deref(), Some(key.as_str()));
    }

    #[test]
    fn every_answer_gets_a_verdict(status in any::<u16>(), body in body(), retry in proptest::option::of("\\PC{0,10}"), html in any::<bool>()) {
        let answer = HttpAnswer {
            status,
            content_type: Some(if html { "text/html" } else { "application/json" }.to_owned()),
            retry_after: retry,
            body,
        };
        let diagnosis = diagnose(&answer);
        let card = verdict(&diagnosis, CheckContext { origin: "https://api.elevenlabs.io", agent_id: "agent_x", speaker: speaker(&answer) });
        prop_assert!(VERDICT_IDS.contains(&card.id));
        for said in ["api_said", "page_said", "answer_said"] {
            if let Some(text) = card.field(said) {
                prop_assert!(text.chars().count() <= EXCERPT_CHARS + 1, "{said}: {text}");
            }
        }
        for (_, text) in card.fields() {
            prop_assert!(!text.contains("conversation_signature=s"), "signed URL shown in full");
        }
    }

    #[test]
    fn json_reader_agrees_with_serde_json(text in body()) {
        let ours = Json::parse(&text);
        let theirs = serde_json::from_str::<serde_json::Value>(&text);
        prop_assert_eq!(ours.is_some(), theirs.is_ok(), "{:?}", text);
    }

    #[test]
    fn excerpts_are_bounded(text in "\\PC{0,600}") {
        prop_assert!(excerpt(&text).chars().count() <= EXCERPT_CHARS + 1);
    }
}

//! Property tests (bounded fuzzing) of everything the checker does with
//! untrusted text: what readers paste and what the network answers. Each
//! property runs `CASES` generated inputs; raise `PROPTEST_CASES` to run
//! longer (see README). A failing case is shrunk and printed; it then belongs
//! in the unit tests as a regression test.

use keydoctor_checker::diagnosis::{diagnose, excerpt, HttpAnswer, EXCERPT_CHARS};
use keydoctor_checker::input::{clean, key_shape, parse_env, KeyShape};
use keydoctor_checker::json::Json;
use keydoctor_checker::verdict::{verdict, CheckContext};
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

proptest! {
    #![proptest_config(config())]

    #[test]
    fn cleaning_never_panics_and_never_quotes_the_key(key in pasted(), agent in pasted()) {
        let cleaned = clean(&key, &agent);
        if cleaned.is_sendable() {
            // A sendable key is safe for an HTTP header.
            prop_assert!(cleaned.key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'), "{:?}", cleaned.key);
            prop_assert!(!cleaned.key.is_empty() && !cleaned.agent_id.is_empty());
        }
        if cleaned.key.len() >= 12 {
            for note in &cleaned.notes {
                prop_assert!(!note.text.contains(&cleaned.key), "a note quoted the key");
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
        let card = verdict(&diagnosis, CheckContext { origin: "https://api.elevenlabs.io", agent_id: "agent_x" });
        prop_assert!(!card.title.is_empty());
        prop_assert!(!card.steps.is_empty());
        if let Some(text) = &card.api_text {
            prop_assert!(text.chars().count() <= EXCERPT_CHARS + 1 || text.starts_with("Signed URL issued"));
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

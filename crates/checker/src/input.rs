//! Cleaning what the reader pasted, before anything is sent: strips the usual
//! copy-paste debris (quotes, `Bearer `, `.env` prefixes, whitespace) with a
//! note for each fix, and flags what cannot be fixed (look-alike characters,
//! an agent id in the key field, a key of no known shape).

use crate::text::{after, before, find, find_from, join};

/// How serious a note about the input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteLevel {
    /// Something was cleaned up; the check goes ahead.
    Fixed,
    /// Worth knowing; the check goes ahead.
    Warning,
    /// The check cannot run until the reader fixes this.
    Blocking,
}

/// Which field of the form a note is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The API key field.
    Key,
    /// The agent id field.
    Agent,
}

/// One remark about the input, shown beside the field it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// How serious it is.
    pub level: NoteLevel,
    /// The field it is about.
    pub field: Field,
    /// What was found and what to do, as plain text. Never contains the key.
    pub text: String,
}

/// The key and agent id after cleaning, with notes on what was done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanInput {
    /// The key, ready for the `xi-api-key` header (when not blocked).
    pub key: String,
    /// The agent id, ready for the query string.
    pub agent_id: String,
    /// What was fixed or found, in the order found.
    pub notes: Vec<Note>,
}

impl CleanInput {
    /// Whether the check may be sent.
    pub fn is_sendable(&self) -> bool {
        self.blocking_field().is_none()
    }

    /// The first field that blocks the check, where focus goes.
    pub fn blocking_field(&self) -> Option<Field> {
        self.notes
            .iter()
            .find(|n| n.level == NoteLevel::Blocking)
            .map(|n| n.field)
    }
}

/// The names a `.env` file uses for the key and the agent id.
pub const KEY_VARIABLES: [&str; 2] = ["ELEVENLABS_API_KEY", "XI_API_KEY"];
/// The names a `.env` file uses for the agent id.
pub const AGENT_VARIABLES: [&str; 2] = ["ELEVENLABS_AGENT_ID", "AGENT_ID"];

/// Values found in a pasted `.env` file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnvValues {
    /// `ELEVENLABS_API_KEY` (or `XI_API_KEY`).
    pub key: Option<String>,
    /// `ELEVENLABS_AGENT_ID` (or `AGENT_ID`).
    pub agent_id: Option<String>,
}

/// Reads the key and agent id out of pasted `.env` text. Understands
/// `export`, quotes, comments, `=` or `:` and variables run together on one
/// line (a paste that lost its newlines). `None` when the text names neither.
pub fn parse_env(text: &str) -> Option<EnvValues> {
    let mut found = EnvValues::default();
    let names = KEY_VARIABLES.iter().chain(AGENT_VARIABLES.iter());
    // Every place a known variable name starts as a word of its own (so
    // that `ELEVENLABS_AGENT_ID` is not also taken as `AGENT_ID`, nor
    // `MY_ELEVENLABS_API_KEY` as `ELEVENLABS_API_KEY`), or right after a
    // complete key (a paste that lost its newlines).
    let mut starts: Vec<(usize, &str)> = Vec::new();
    for name in names {
        let mut from = 0;
        while let Some(at) = find_from(text, name, from) {
            from = at + name.len();
            let followed_by_assignment = after(text, at + name.len())
                .trim_start_matches([' ', '\t'])
                .starts_with(['=', ':']);
            let word_start = !before(text, at)
                .ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
                || is_value_end(text, at);
            if followed_by_assignment && word_start {
                // Kept in text order (an insert, not a sort: no sort code in the wasm).
                starts.insert(starts.partition_point(|&(s, _)| s < at), (at, name));
            }
        }
    }
    if starts.is_empty() {
        return None;
    }
    for (i, &(at, name)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(text.len(), |&(next, _)| next);
        let rest = after(before(text, end), at + name.len()).trim_start_matches([' ', '\t']);
        let rest = after(rest, 1); // the `=` or `:`
        let line = rest.split(['\n', '\r']).next().unwrap_or("");
        let value = strip_comment(line).trim();
        let value = strip_quotes(value).0.to_owned();
        if KEY_VARIABLES.contains(&name) {
            found.key.get_or_insert(value);
        } else {
            found.agent_id.get_or_insert(value);
        }
    }
    Some(found)
}

/// A variable name glued to the end of the previous value (`…abcELEVENLABS_AGENT_ID=`)
/// still counts when the previous value is a complete key.
fn is_value_end(text: &str, at: usize) -> bool {
    let token = before(text, at)
        .rsplit(|c: char| c == '=' || c == ':' || c.is_whitespace())
        .next()
        .unwrap_or("");
    let token = strip_quotes(token).0;
    key_shape(token) != KeyShape::Unknown
}

fn strip_comment(value: &str) -> &str {
    // A `#` starts a comment only outside quotes and after whitespace.
    let trimmed = value.trim_start();
    if trimmed.starts_with(['"', '\'']) {
        return value;
    }
    match find(value, " #") {
        Some(at) => before(value, at),
        None => value,
    }
}

/// Removes one pair of matching quotes (straight or curly) around `value`.
fn strip_quotes(value: &str) -> (&str, bool) {
    const PAIRS: [(char, char); 5] = [
        ('"', '"'),
        ('\'', '\''),
        ('`', '`'),
        ('\u{201C}', '\u{201D}'),
        ('\u{2018}', '\u{2019}'),
    ];
    for (open, close) in PAIRS {
        if let Some(inner) = value
            .strip_prefix(open)
            .and_then(|rest| rest.strip_suffix(close))
        {
            return (inner, true);
        }
    }
    (value, false)
}

/// The shape of a key, as far as the checker knows key formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyShape {
    /// `sk_` followed by 48 lower-case hex characters.
    Current,
    /// 32 hex characters, no prefix.
    Legacy,
    /// Anything else.
    Unknown,
}

/// Length of the hex part of a current key.
pub const CURRENT_KEY_HEX_LEN: usize = 48;
/// Length of an older key.
pub const LEGACY_KEY_LEN: usize = 32;

/// Which known format `key` has.
pub fn key_shape(key: &str) -> KeyShape {
    let is_hex = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    };
    match key.strip_prefix("sk_") {
        Some(hex) if hex.len() == CURRENT_KEY_HEX_LEN && is_hex(hex) => KeyShape::Current,
        Some(_) => KeyShape::Unknown,
        None if key.len() == LEGACY_KEY_LEN && is_hex(&key.to_ascii_lowercase()) => {
            KeyShape::Legacy
        }
        None => KeyShape::Unknown,
    }
}

/// Cleans the two fields of the form. The key never appears in a note.
pub fn clean(key_field: &str, agent_field: &str) -> CleanInput {
    let mut notes = Vec::new();
    let key = clean_key(key_field, &mut notes);
    let about_key = notes.len();
    let agent_id = clean_agent_id(agent_field, &mut notes);
    for note in &mut notes[about_key..] {
        note.field = Field::Agent;
    }
    CleanInput {
        key,
        agent_id,
        notes,
    }
}

fn note(notes: &mut Vec<Note>, level: NoteLevel, text: impl Into<String>) {
    notes.push(Note {
        level,
        field: Field::Key,
        text: text.into(),
    });
}

/// Strips what surrounds a pasted value: whitespace, `NAME=` prefixes,
/// `export`, quotes, in any order they were stacked. Returns what was removed
/// as short descriptions.
fn unwrap_value<'a>(mut value: &'a str, prefixes: &[&str]) -> (&'a str, Vec<&'static str>) {
    let mut removed = Vec::new();
    loop {
        let before = value;
        let trimmed = value.trim();
        if trimmed.len() != value.len() {
            removed.push("spaces or line breaks around it");
            value = trimmed;
        }
        if let Some(rest) = value.strip_prefix("export ") {
            removed.push("the word `export`");
            value = rest;
        }
        for prefix in prefixes {
            let Some(rest) = value.strip_prefix(prefix) else {
                continue;
            };
            let rest = rest.trim_start();
            if let Some(rest) = rest.strip_prefix(['=', ':']) {
                removed.push("the variable name in front of it");
                value = rest;
            }
        }
        let (inner, quoted) = strip_quotes(value);
        if quoted {
            removed.push("the quotes around it");
            value = inner;
        }
        if value == before {
            break;
        }
    }
    removed.dedup();
    (value, removed)
}

fn describe_removed(what: &str, removed: &[&str]) -> String {
    format!("Removed {} from the {what}.", join_and(removed))
}

fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", join(rest, ", ")),
    }
}

fn clean_key(field: &str, notes: &mut Vec<Note>) -> String {
    let prefixes = [
        "ELEVENLABS_API_KEY",
        "XI_API_KEY",
        "xi-api-key",
        "Xi-Api-Key",
        "XI-API-KEY",
    ];
    let (mut key, mut removed) = unwrap_value(field, &prefixes);
    for bearer in ["Bearer ", "bearer ", "BEARER "] {
        if let Some(rest) = key.strip_prefix(bearer) {
            removed.push("`Bearer ` (the xi-api-key header takes the key alone)");
            key = unwrap_value(rest, &prefixes).0;
        }
    }
    if !removed.is_empty() {
        note(notes, NoteLevel::Fixed, describe_removed("key", &removed));
    }
    if key.is_empty() {
        note(
            notes,
            NoteLevel::Blocking,
            "Paste your API key (it starts with sk_). The dashboard shows a key in full only once, when it is created: copy it from where you saved it, or create a new key.",
        );
        return String::new();
    }
    if key.starts_with("agent_") {
        note(
            notes,
            NoteLevel::Blocking,
            "The key field holds an agent id (agent_…). Put it in the agent id field and paste your API key (sk_…) here.",
        );
        return key.to_owned();
    }
    if let Some(vendor) = other_vendor(key) {
        note(
            notes,
            NoteLevel::Blocking,
            format!("This looks like {vendor}, not an ElevenLabs key, so nothing was sent. ElevenLabs keys start with sk_ (an underscore) followed by {CURRENT_KEY_HEX_LEN} characters; paste yours from where you saved it, or create a new one on the API keys page."),
        );
        return key.to_owned();
    }
    if let Some(problem) = describe_odd_characters(key) {
        note(
            notes,
            NoteLevel::Blocking,
            format!("The key {problem}. Copy it again from where you saved it, or type the odd character over by hand."),
        );
        return key.to_owned();
    }
    match key_shape(key) {
        KeyShape::Current | KeyShape::Legacy => {}
        KeyShape::Unknown => {
            if let Some(hex) = key.strip_prefix("sk_") {
                if hex.len() != CURRENT_KEY_HEX_LEN {
                    note(
                        notes,
                        NoteLevel::Blocking,
                        format!(
                            "The key has {} characters after sk_ where ElevenLabs keys have {CURRENT_KEY_HEX_LEN}: part of it is missing or extra. Copy the whole key again.",
                            hex.len()
                        ),
                    );
                    return key.to_owned();
                }
            }
            if key.len() < 20 {
                note(
                    notes,
                    NoteLevel::Blocking,
                    format!(
                        "The key is only {} characters long; ElevenLabs keys are sk_ followed by {CURRENT_KEY_HEX_LEN} characters. Copy the whole key again.",
                        key.len()
                    ),
                );
                return key.to_owned();
            }
            note(
                notes,
                NoteLevel::Warning,
                "The key does not look like an ElevenLabs key (sk_ followed by 48 hex characters, or 32 hex characters for older keys). Checking it anyway; if it fails, copy it again from where you saved it, or create a new key.",
            );
        }
    }
    key.to_owned()
}

fn clean_agent_id(field: &str, notes: &mut Vec<Note>) -> String {
    let (agent_id, removed) = unwrap_value(field, &["ELEVENLABS_AGENT_ID", "AGENT_ID", "agent_id"]);
    if !removed.is_empty() {
        note(
            notes,
            NoteLevel::Fixed,
            describe_removed("agent id", &removed),
        );
    }
    if agent_id.is_empty() {
        note(
            notes,
            NoteLevel::Blocking,
            "Paste your agent id (agent_…): open the agent in the ElevenLabs dashboard and copy the id shown under its name or in its settings.",
        );
        return String::new();
    }
    if key_shape(agent_id) != KeyShape::Unknown || agent_id.starts_with("sk_") {
        note(
            notes,
            NoteLevel::Blocking,
            "The agent id field holds an API key. Move it to the key field: an agent id looks like agent_….",
        );
        return agent_id.to_owned();
    }
    if let Some(problem) = describe_odd_characters(agent_id) {
        note(
            notes,
            NoteLevel::Blocking,
            format!("The agent id {problem}. Copy it again from the agent's page."),
        );
        return agent_id.to_owned();
    }
    if !agent_id.starts_with("agent_") && !agent_id.starts_with("seng_") {
        note(
            notes,
            NoteLevel::Warning,
            "Agent ids usually start with agent_ (or seng_ for a speech engine). Checking this one anyway; if the agent is not found, copy the id again from the agent's page.",
        );
    }
    agent_id.to_owned()
}

/// What another service's secret key looks like, by its prefix; checked
/// before sending, so such a key never leaves the page.
const OTHER_VENDORS: [(&str, &str); 6] = [
    ("sk-proj-", "an OpenAI project key (sk-proj-…)"),
    ("sk-ant-", "an Anthropic key (sk-ant-…)"),
    ("sk-", "an OpenAI key (sk-…)"),
    ("sk_live_", "a Stripe live secret key (sk_live_…)"),
    ("sk_test_", "a Stripe test secret key (sk_test_…)"),
    ("rk_live_", "a Stripe restricted key (rk_live_…)"),
];

/// Names the service `key` belongs to, when its prefix is another vendor's.
pub fn other_vendor(key: &str) -> Option<&'static str> {
    OTHER_VENDORS
        .iter()
        .find(|(prefix, _)| key.starts_with(prefix))
        .map(|(_, name)| *name)
}

/// Describes the first character that has no place in a key or id (without
/// quoting the value itself): non-ASCII look-alikes, whitespace, punctuation.
fn describe_odd_characters(value: &str) -> Option<String> {
    let (index, c) = value
        .chars()
        .enumerate()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))?;
    let position = index + 1;
    let name = if c.is_whitespace() {
        "a space or line break".to_owned()
    } else if c.is_ascii() {
        format!("the character '{c}'")
    } else {
        format!(
            "a non-ASCII character, U+{:04X}{}",
            c as u32,
            lookalike_hint(c)
        )
    };
    Some(format!("contains {name} at position {position}"))
}

fn lookalike_hint(c: char) -> &'static str {
    match c {
        '\u{2010}'..='\u{2015}' | '\u{2212}' => " (a dash that looks like -)",
        '\u{0430}' | '\u{0435}' | '\u{043E}' | '\u{0441}' | '\u{0445}' | '\u{0440}' => {
            " (a Cyrillic letter that looks like a Latin one)"
        }
        // (A no-break space is white space, named as a space above.)
        '\u{200B}' | '\u{FEFF}' => " (an invisible space)",
        '\u{FF10}'..='\u{FF5A}' => " (a full-width letter or digit)",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "sk_0123456789abcdef0123456789abcdef0123456789abcdef";
    const AGENT: &str = "agent_01jz2x3y4w5v6u7t8s9r0q1p2n";

    fn levels(input: &CleanInput) -> Vec<NoteLevel> {
        input.notes.iter().map(|n| n.level).collect()
    }

    #[test]
    fn clean_values_pass_without_notes() {
        let input = clean(KEY, AGENT);
        assert_eq!(input.key, KEY);
        assert_eq!(input.agent_id, AGENT);
        assert!(input.notes.is_empty(), "{:?}", input.notes);
        assert!(input.is_sendable());
    }

    #[test]
    fn other_vendors_keys_are_named_and_never_sent() {
        for (pasted, named) in [
            (
                "sk-proj-AbCdEf0123456789AbCdEf0123456789",
                "OpenAI project key",
            ),
            ("sk-AbCdEf0123456789AbCdEf0123456789AbCdEf01", "OpenAI key"),
            (
                "sk_live_51HabcdefABCDEF0123456789",
                "Stripe live secret key",
            ),
            (
                "sk_test_51HabcdefABCDEF0123456789",
                "Stripe test secret key",
            ),
            (
                "Bearer sk-proj-AbCdEf0123456789AbCdEf0123456789",
                "OpenAI project key",
            ),
        ] {
            let input = clean(pasted, AGENT);
            assert!(!input.is_sendable(), "{pasted}");
            let text = &input.notes.last().expect("a note").text;
            assert!(text.contains(named), "{text}");
            assert!(!text.contains(&pasted[10..]), "the note quoted the key");
        }
    }

    #[test]
    fn speech_engine_ids_are_agent_ids_too() {
        assert!(clean(KEY, "seng_01jz2x3y4w5v6u7t8s9r0q1p2n")
            .notes
            .is_empty());
    }

    #[test]
    fn legacy_keys_are_known() {
        assert_eq!(
            key_shape("0123456789abcdef0123456789ABCDEF"),
            KeyShape::Legacy
        );
        assert_eq!(key_shape(KEY), KeyShape::Current);
        assert_eq!(key_shape(&KEY.to_uppercase()), KeyShape::Unknown);
        assert!(clean("0123456789abcdef0123456789abcdef", AGENT)
            .notes
            .is_empty());
    }

    #[test]
    fn debris_is_stripped_with_a_note() {
        for pasted in [
            format!("  \"{KEY}\"\n"),
            format!("'{KEY}'"),
            format!("Bearer {KEY}"),
            format!("ELEVENLABS_API_KEY={KEY}"),
            format!("export ELEVENLABS_API_KEY=\"{KEY}\""),
            format!("xi-api-key: {KEY}"),
            format!("\u{201C}{KEY}\u{201D}"),
            format!("\r\n\t{KEY} \n"),
        ] {
            let input = clean(&pasted, AGENT);
            assert_eq!(input.key, KEY, "{pasted:?}");
            assert_eq!(levels(&input), [NoteLevel::Fixed], "{pasted:?}");
            assert!(input.is_sendable());
            assert!(!input.notes[0].text.contains(KEY), "a note quoted the key");
        }
        let input = clean(&format!("Bearer {KEY}"), AGENT);
        assert!(input.notes[0].text.contains("Bearer"));
    }

    #[test]
    fn agent_id_in_key_field_is_blocked() {
        let input = clean(AGENT, AGENT);
        assert!(!input.is_sendable());
        assert!(input.notes[0].text.contains("agent id"));
    }

    #[test]
    fn key_in_agent_field_is_blocked() {
        let input = clean(KEY, KEY);
        assert!(!input.is_sendable());
        assert!(input.notes[0].text.contains("API key"));
    }

    #[test]
    fn empty_fields_are_blocked_with_what_to_do() {
        let input = clean("  ", "");
        assert_eq!(
            levels(&input)[1..],
            [NoteLevel::Blocking, NoteLevel::Blocking]
        );
        assert!(input
            .notes
            .iter()
            .any(|n| n.text.contains("Paste your API key")));
        assert!(input
            .notes
            .iter()
            .any(|n| n.text.contains("Paste your agent id")));
    }

    #[test]
    fn non_ascii_lookalikes_are_named_by_position() {
        // A Cyrillic 'а' (U+0430) in place of the Latin 'a' at position 14.
        let key = KEY.replacen('a', "\u{0430}", 1);
        let input = clean(&key, AGENT);
        assert!(!input.is_sendable());
        let text = &input.notes[0].text;
        assert!(text.contains("U+0430"), "{text}");
        assert!(text.contains("Cyrillic"), "{text}");
        assert!(text.contains("position 14"), "{text}");
    }

    #[test]
    fn embedded_whitespace_is_blocked() {
        let key = format!("{} {}", &KEY[..20], &KEY[20..]);
        let input = clean(&key, AGENT);
        assert!(!input.is_sendable());
        assert!(input.notes[0]
            .text
            .contains("space or line break at position 21"));
    }

    #[test]
    fn truncated_keys_are_blocked() {
        let input = clean(&KEY[..40], AGENT);
        assert!(!input.is_sendable());
        assert!(input.notes[0].text.contains("37 characters after sk_"));
        let input = clean("abc123", AGENT);
        assert!(!input.is_sendable());
        assert!(input.notes[0].text.contains("only 6 characters"));
    }

    #[test]
    fn unknown_but_plausible_keys_warn_and_go_ahead() {
        let input = clean("XYZ0123456789abcdef0123456789abcdef0123", AGENT);
        assert_eq!(levels(&input), [NoteLevel::Warning]);
        assert!(input.is_sendable());
    }

    #[test]
    fn odd_agent_ids() {
        let input = clean(KEY, "my-agent-1234");
        assert_eq!(levels(&input), [NoteLevel::Warning]);
        let input = clean(KEY, "agent_01 jz");
        assert!(!input.is_sendable());
        let input = clean(KEY, " ELEVENLABS_AGENT_ID='agent_1' ");
        assert_eq!(input.agent_id, "agent_1");
        assert_eq!(levels(&input), [NoteLevel::Fixed]);
    }

    #[test]
    fn env_files_fill_both_fields() {
        let env = format!(
            "# ElevenLabs\nexport ELEVENLABS_API_KEY=\"{KEY}\"\nELEVENLABS_AGENT_ID={AGENT}  # support bot\nOTHER=1\n"
        );
        let values = parse_env(&env).expect("an env file");
        assert_eq!(values.key.as_deref(), Some(KEY));
        assert_eq!(values.agent_id.as_deref(), Some(AGENT));
    }

    #[test]
    fn env_lines_run_together_are_split() {
        let env = format!("ELEVENLABS_API_KEY={KEY}ELEVENLABS_AGENT_ID={AGENT}");
        let values = parse_env(&env).expect("an env paste");
        assert_eq!(values.key.as_deref(), Some(KEY));
        assert_eq!(values.agent_id.as_deref(), Some(AGENT));
    }

    #[test]
    fn env_with_crlf_and_only_agent() {
        let values = parse_env(&format!("AGENT_ID = '{AGENT}'\r\n")).expect("agent only");
        assert_eq!(values.key, None);
        assert_eq!(values.agent_id.as_deref(), Some(AGENT));
    }

    #[test]
    fn plain_keys_are_not_env_files() {
        assert_eq!(parse_env(KEY), None);
        assert_eq!(parse_env("ELEVENLABS_API_KEY is missing"), None);
        assert_eq!(parse_env(""), None);
    }

    #[test]
    fn notes_name_their_field_and_the_first_blocking_one_takes_focus() {
        let input = clean("", "");
        assert_eq!(
            input.notes.iter().map(|n| n.field).collect::<Vec<_>>(),
            [Field::Key, Field::Agent]
        );
        assert_eq!(input.blocking_field(), Some(Field::Key));
        let input = clean(KEY, "");
        assert_eq!(input.blocking_field(), Some(Field::Agent));
        // A fixed note does not block, and names its field.
        let input = clean(&format!(" {KEY} "), &format!(" {AGENT} "));
        assert_eq!(input.blocking_field(), None);
        assert_eq!(
            input
                .notes
                .iter()
                .map(|n| (n.level, n.field))
                .collect::<Vec<_>>(),
            [
                (NoteLevel::Fixed, Field::Key),
                (NoteLevel::Fixed, Field::Agent)
            ]
        );
        // A warning on the key, a block on the agent id: focus on the agent id.
        let input = clean("abcdefghijklmnopqrstuvwxyz", "");
        assert_eq!(levels(&input), [NoteLevel::Warning, NoteLevel::Blocking]);
        assert_eq!(input.blocking_field(), Some(Field::Agent));
    }

    #[test]
    fn a_key_in_the_agent_id_field_is_never_sent_as_an_agent_id() {
        for pasted in [
            KEY.to_owned(),
            "0123456789abcdef0123456789abcdef".to_owned(),
            "0123456789ABCDEF0123456789ABCDEF".to_owned(),
            "sk_short".to_owned(),
            format!("ELEVENLABS_AGENT_ID={KEY}"),
        ] {
            let input = clean(KEY, &pasted);
            assert_eq!(input.blocking_field(), Some(Field::Agent), "{pasted}");
            assert!(
                input
                    .notes
                    .last()
                    .unwrap()
                    .text
                    .contains("holds an API key"),
                "{pasted}"
            );
        }
    }

    #[test]
    fn the_wording_never_promises_the_dashboard_shows_a_key_again() {
        for (key, agent) in [
            ("", AGENT),
            ("sk-proj-AbCdEf0123456789AbCdEf0123456789", AGENT),
            (
                "sk_0123456789abcdef0123456789abcdef0123456789abcde\u{0435}",
                AGENT,
            ),
            ("abcdefghijklmnopqrstuvwxyz", AGENT),
        ] {
            for note in clean(key, agent).notes {
                assert!(!note.text.contains("from the dashboard"), "{}", note.text);
                assert!(!note.text.contains("listed under"), "{}", note.text);
            }
        }
    }

    #[test]
    fn env_names_count_only_as_words_of_their_own_or_after_a_whole_key() {
        const HEX: &str = "0123456789abcdef0123456789abcdef0123456789abcdef";
        // Another variable whose name ends like ours is not ours.
        assert_eq!(parse_env("MY_ELEVENLABS_API_KEY=abc"), None);
        assert_eq!(parse_env("OLD_AGENT_ID=agent_old"), None);
        // On lines of their own, whatever the values look like.
        let values = parse_env("ELEVENLABS_API_KEY=abc\nELEVENLABS_AGENT_ID=agent_1").unwrap();
        assert_eq!(values.key.as_deref(), Some("abc"));
        assert_eq!(values.agent_id.as_deref(), Some("agent_1"));
        // Glued after a complete key, with = or : and no spaces.
        for text in [
            format!("ELEVENLABS_API_KEY=sk_{HEX}ELEVENLABS_AGENT_ID=agent_1"),
            format!("XI_API_KEY:sk_{HEX}AGENT_ID:agent_1"),
            format!("XI_API_KEY:\"sk_{HEX}\"AGENT_ID=agent_1"),
        ] {
            let values = parse_env(&text).unwrap();
            assert_eq!(values.key, Some(format!("sk_{HEX}")), "{text}");
            assert_eq!(values.agent_id.as_deref(), Some("agent_1"), "{text}");
        }
        // Glued after something that is not a key: not a name of its own.
        let values = parse_env("ELEVENLABS_API_KEY=abcELEVENLABS_AGENT_ID=agent_1").unwrap();
        assert_eq!(values.agent_id, None);
        // The first of each wins; the order in the text is kept.
        let values = parse_env("AGENT_ID=b\nELEVENLABS_API_KEY=k\nELEVENLABS_AGENT_ID=a").unwrap();
        assert_eq!(values.agent_id.as_deref(), Some("b"));
    }

    #[test]
    fn a_key_of_twenty_characters_is_long_enough_to_try() {
        let twenty = "abcdefghijklmnopqrst";
        assert_eq!(levels(&clean(twenty, AGENT)), [NoteLevel::Warning]);
        let nineteen = &twenty[..19];
        let input = clean(nineteen, AGENT);
        assert_eq!(levels(&input), [NoteLevel::Blocking]);
        assert!(input.notes[0].text.contains("only 19 characters"));
    }

    #[test]
    fn look_alike_characters_are_named() {
        for (c, hint) in [
            ('\u{2013}', "a dash that looks like -"),
            ('\u{2212}', "a dash that looks like -"),
            ('\u{0430}', "a Cyrillic letter"),
            ('\u{00A0}', "a space or line break"),
            ('\u{200B}', "an invisible space"),
            ('\u{FEFF}', "an invisible space"),
            ('\u{FF41}', "a full-width letter or digit"),
        ] {
            let key = format!("sk_0123456{c}789abcdef0123456789abcdef0123456789abcdef");
            let input = clean(&key, AGENT);
            let text = &input.notes.last().unwrap().text;
            assert!(text.contains(hint), "{c:?}: {text}");
        }
        let input = clean(
            "sk_0123456789abcdef0123456789abcdef0123456789abcde\u{00E9}",
            AGENT,
        );
        assert!(
            input.notes[0].text.contains("U+00E9 at position 51"),
            "{}",
            input.notes[0].text
        );
        assert!(!input.notes[0].text.contains("looks like"));
    }

    #[test]
    fn wrappers_stacked_in_any_order_come_off() {
        for pasted in [
            format!("\"ELEVENLABS_API_KEY={KEY}\""),
            format!("'export ELEVENLABS_API_KEY=\"{KEY}\"'"),
        ] {
            assert_eq!(clean(&pasted, AGENT).key, KEY, "{pasted}");
        }
    }
}

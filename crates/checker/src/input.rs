//! Cleaning what the reader pasted, before anything is sent: strips the usual
//! copy-paste debris (quotes, `Bearer `, `.env` prefixes, whitespace) with a
//! note for each fix, and flags what cannot be fixed (look-alike characters,
//! an agent id in the key field, a key of no known shape). A note is data:
//! an id from [`NOTE_IDS`] and named fields; its words are the page's
//! (`<template data-note="ID">` in the widget's template), as for verdicts.

use crate::text::{after, before, decimal, find, find_from};

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
    /// Which note: one of [`NOTE_IDS`], worded by the widget's template.
    pub id: &'static str,
    /// Named fields the template fills in, as text. Never the key.
    pub fields: Vec<(&'static str, String)>,
}

impl Note {
    /// A note with no fields.
    pub fn new(level: NoteLevel, field: Field, id: &'static str) -> Self {
        Note {
            level,
            field,
            id,
            fields: Vec::new(),
        }
    }

    /// A status line under the form (`status-…`): worded and filled like a
    /// note; its level and field mean nothing.
    pub fn status(id: &'static str) -> Self {
        Self::new(NoteLevel::Fixed, Field::Key, id)
    }

    /// Adds field `name`.
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.fields.push((name, value.into()));
        self
    }

    /// The value of field `name`.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Every note id the checker can produce: the notes about the fields, and
/// (`status-…`) the status line under the form. The widget's template needs
/// a `<template data-note="ID">` for each, and no other (checked by `site
/// build` and `site check` through the widget manifest).
pub const NOTE_IDS: [&str; 20] = [
    "env-filled",
    "key-cleaned",
    "key-empty",
    "key-is-agent-id",
    "key-other-vendor",
    "key-odd-character",
    "key-hex-length",
    "key-too-short",
    "key-unusual-shape",
    "agent-cleaned",
    "agent-empty",
    "agent-is-key",
    "agent-odd-character",
    "agent-unusual-prefix",
    "status-ready",
    "status-checking",
    "status-checked",
    "status-no-answer",
    "status-blocked",
    "status-host-not-allowed",
];

/// Every field name a note may carry (the note templates' `data-slot` and
/// `data-if` names).
pub const NOTE_FIELDS: [&str; 18] = [
    "spaces",
    "export",
    "var_name",
    "quotes",
    "bearer",
    "filled_key",
    "filled_agent",
    "vendor",
    "prefix",
    "position",
    "space",
    "character",
    "codepoint",
    "lookalike",
    "length",
    "host",
    "elapsed_ms",
    "both",
];

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

    /// Whether both fields block the check, so the status line says
    /// "fields", not "field".
    /// (Each field has at most one blocking note.)
    pub fn blocks_both(&self) -> bool {
        self.notes
            .iter()
            .filter(|n| n.level == NoteLevel::Blocking)
            .count()
            > 1
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

/// A note about the key (`clean` moves the agent id's to its field).
fn note(level: NoteLevel, id: &'static str) -> Note {
    Note::new(level, Field::Key, id)
}

/// Strips what surrounds a pasted value: whitespace, `NAME=` prefixes,
/// `export`, quotes, in any order they were stacked. Returns what was removed,
/// as the names of the note fields the template words (`spaces`, `export`,
/// `var_name`, `quotes`).
fn unwrap_value<'a>(mut value: &'a str, prefixes: &[&str]) -> (&'a str, Vec<&'static str>) {
    let mut removed = Vec::new();
    loop {
        let before = value;
        let trimmed = value.trim();
        if trimmed.len() != value.len() {
            removed.push("spaces");
            value = trimmed;
        }
        if let Some(rest) = value.strip_prefix("export ") {
            removed.push("export");
            value = rest;
        }
        for prefix in prefixes {
            let Some(rest) = value.strip_prefix(prefix) else {
                continue;
            };
            let rest = rest.trim_start();
            if let Some(rest) = rest.strip_prefix(['=', ':']) {
                removed.push("var_name");
                value = rest;
            }
        }
        let (inner, quoted) = strip_quotes(value);
        if quoted {
            removed.push("quotes");
            value = inner;
        }
        if value == before {
            break;
        }
    }
    removed.dedup();
    (value, removed)
}

/// Note `id` saying what was `removed`: one field (`yes`) per thing, each
/// worded by the template.
fn cleaned(id: &'static str, removed: &[&'static str]) -> Note {
    let mut note = note(NoteLevel::Fixed, id);
    for name in removed {
        note = note.with(name, "yes");
    }
    note
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
            removed.push("bearer");
            key = unwrap_value(rest, &prefixes).0;
        }
    }
    if !removed.is_empty() {
        notes.push(cleaned("key-cleaned", &removed));
    }
    if key.is_empty() {
        notes.push(note(NoteLevel::Blocking, "key-empty"));
        return String::new();
    }
    if key.starts_with("agent_") {
        notes.push(note(NoteLevel::Blocking, "key-is-agent-id"));
        return key.to_owned();
    }
    if let Some((prefix, vendor)) = other_vendor(key) {
        notes.push(
            note(NoteLevel::Blocking, "key-other-vendor")
                .with("vendor", vendor)
                .with("prefix", prefix),
        );
        return key.to_owned();
    }
    if let Some(odd) = odd_character(note(NoteLevel::Blocking, "key-odd-character"), key) {
        notes.push(odd);
        return key.to_owned();
    }
    match key_shape(key) {
        KeyShape::Current | KeyShape::Legacy => {}
        KeyShape::Unknown => {
            if let Some(hex) = key.strip_prefix("sk_") {
                if hex.len() != CURRENT_KEY_HEX_LEN {
                    notes.push(
                        note(NoteLevel::Blocking, "key-hex-length")
                            .with("length", decimal(hex.len() as u64)),
                    );
                    return key.to_owned();
                }
            }
            if key.len() < 20 {
                notes.push(
                    note(NoteLevel::Blocking, "key-too-short")
                        .with("length", decimal(key.len() as u64)),
                );
                return key.to_owned();
            }
            notes.push(note(NoteLevel::Warning, "key-unusual-shape"));
        }
    }
    key.to_owned()
}

fn clean_agent_id(field: &str, notes: &mut Vec<Note>) -> String {
    let (agent_id, removed) = unwrap_value(field, &["ELEVENLABS_AGENT_ID", "AGENT_ID", "agent_id"]);
    if !removed.is_empty() {
        notes.push(cleaned("agent-cleaned", &removed));
    }
    if agent_id.is_empty() {
        notes.push(note(NoteLevel::Blocking, "agent-empty"));
        return String::new();
    }
    if key_shape(agent_id) != KeyShape::Unknown || agent_id.starts_with("sk_") {
        notes.push(note(NoteLevel::Blocking, "agent-is-key"));
        return agent_id.to_owned();
    }
    if let Some(odd) = odd_character(note(NoteLevel::Blocking, "agent-odd-character"), agent_id) {
        notes.push(odd);
        return agent_id.to_owned();
    }
    if !agent_id.starts_with("agent_") && !agent_id.starts_with("seng_") {
        notes.push(note(NoteLevel::Warning, "agent-unusual-prefix"));
    }
    agent_id.to_owned()
}

/// What another service's secret key looks like, by its prefix, with the
/// `vendor` field the template names it by; checked before sending, so
/// such a key never leaves the page.
const OTHER_VENDORS: [(&str, &str); 6] = [
    ("sk-proj-", "openai-project"),
    ("sk-ant-", "anthropic"),
    ("sk-", "openai"),
    ("sk_live_", "stripe-live"),
    ("sk_test_", "stripe-test"),
    ("rk_live_", "stripe-restricted"),
];

/// The prefix and the `vendor` field of the service `key` belongs to, when
/// its prefix is another vendor's.
pub fn other_vendor(key: &str) -> Option<(&'static str, &'static str)> {
    OTHER_VENDORS
        .iter()
        .find(|(prefix, _)| key.starts_with(prefix))
        .copied()
}

/// `note` with the first character that has no place in a key or id
/// (without quoting the value itself): its `position`, and `space` (white
/// space), `character` (other ASCII) or `codepoint` (`U+0430`) with a
/// `lookalike` hint when it passes for a character that belongs.
fn odd_character(note: Note, value: &str) -> Option<Note> {
    let (index, c) = value
        .chars()
        .enumerate()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))?;
    let note = note.with("position", decimal(index as u64 + 1));
    Some(if c.is_whitespace() {
        note.with("space", "yes")
    } else if c.is_ascii() {
        note.with("character", c)
    } else {
        let note = note.with("codepoint", codepoint(c));
        match lookalike(c) {
            Some(kind) => note.with("lookalike", kind),
            None => note,
        }
    })
}

/// `U+` and at least four upper-case hex digits.
fn codepoint(c: char) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let n = c as u32;
    let mut out = String::from("U+");
    for shift in [20, 16, 12, 8, 4, 0] {
        if shift < 16 || n >> shift != 0 {
            out.push(char::from(HEX[(n >> shift & 15) as usize]));
        }
    }
    out
}

/// What a non-ASCII character passes for, as the `lookalike` field.
fn lookalike(c: char) -> Option<&'static str> {
    match c {
        '\u{2010}'..='\u{2015}' | '\u{2212}' => Some("dash"),
        '\u{0430}' | '\u{0435}' | '\u{043E}' | '\u{0441}' | '\u{0445}' | '\u{0440}' => {
            Some("cyrillic")
        }
        // (A no-break space is white space, named as a space above.)
        '\u{200B}' | '\u{FEFF}' => Some("invisible"),
        '\u{FF10}'..='\u{FF5A}' => Some("fullwidth"),
        _ => None,
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
                ("openai-project", "sk-proj-"),
            ),
            (
                "sk-ant-api03-AbCdEf0123456789AbCdEf0123456789",
                ("anthropic", "sk-ant-"),
            ),
            (
                "sk-AbCdEf0123456789AbCdEf0123456789AbCdEf01",
                ("openai", "sk-"),
            ),
            (
                "sk_live_51HabcdefABCDEF0123456789",
                ("stripe-live", "sk_live_"),
            ),
            (
                "sk_test_51HabcdefABCDEF0123456789",
                ("stripe-test", "sk_test_"),
            ),
            (
                "rk_live_51HabcdefABCDEF0123456789",
                ("stripe-restricted", "rk_live_"),
            ),
            (
                "Bearer sk-proj-AbCdEf0123456789AbCdEf0123456789",
                ("openai-project", "sk-proj-"),
            ),
        ] {
            let input = clean(pasted, AGENT);
            assert!(!input.is_sendable(), "{pasted}");
            let note = input.notes.last().expect("a note");
            assert_eq!(note.id, "key-other-vendor");
            assert_eq!(
                (note.field("vendor"), note.field("prefix")),
                (Some(named.0), Some(named.1))
            );
            for (_, value) in &note.fields {
                assert!(!value.contains(&pasted[10..]), "the note quoted the key");
            }
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
            assert_eq!(input.notes[0].id, "key-cleaned");
            assert!(
                !input.notes[0].fields.iter().any(|(_, v)| v.contains(KEY)),
                "a note quoted the key"
            );
        }
        // What was removed: one field per thing, worded by the template.
        let removed = |input: &CleanInput| {
            let mut names: Vec<&str> = input.notes[0].fields.iter().map(|(n, _)| *n).collect();
            names.dedup();
            names
        };
        let input = clean(&format!("Bearer {KEY}"), AGENT);
        assert_eq!(removed(&input), ["bearer"]);
        let input = clean(&format!(" export ELEVENLABS_API_KEY='{KEY}'"), AGENT);
        assert_eq!(removed(&input), ["spaces", "export", "var_name", "quotes"]);
        assert!(input.notes[0].fields.iter().all(|(_, v)| v == "yes"));
        let input = clean(KEY, &format!(" {AGENT}"));
        assert_eq!(input.notes[0].id, "agent-cleaned");
        assert_eq!(removed(&input), ["spaces"]);
    }

    #[test]
    fn agent_id_in_key_field_is_blocked() {
        let input = clean(AGENT, AGENT);
        assert!(!input.is_sendable());
        assert_eq!(input.notes[0].id, "key-is-agent-id");
    }

    #[test]
    fn key_in_agent_field_is_blocked() {
        let input = clean(KEY, KEY);
        assert!(!input.is_sendable());
        assert_eq!(input.notes[0].id, "agent-is-key");
    }

    #[test]
    fn empty_fields_are_blocked_with_what_to_do() {
        let input = clean("  ", "");
        assert_eq!(
            levels(&input)[1..],
            [NoteLevel::Blocking, NoteLevel::Blocking]
        );
        let ids: Vec<&str> = input.notes.iter().map(|n| n.id).collect();
        assert_eq!(ids, ["key-cleaned", "key-empty", "agent-empty"]);
    }

    #[test]
    fn non_ascii_lookalikes_are_named_by_position() {
        // A Cyrillic 'а' (U+0430) in place of the Latin 'a' at position 14.
        let key = KEY.replacen('a', "\u{0430}", 1);
        let input = clean(&key, AGENT);
        assert!(!input.is_sendable());
        let note = &input.notes[0];
        assert_eq!(note.id, "key-odd-character");
        assert_eq!(note.field("codepoint"), Some("U+0430"));
        assert_eq!(note.field("lookalike"), Some("cyrillic"));
        assert_eq!(note.field("position"), Some("14"));
    }

    #[test]
    fn embedded_whitespace_is_blocked() {
        let key = format!("{} {}", &KEY[..20], &KEY[20..]);
        let input = clean(&key, AGENT);
        assert!(!input.is_sendable());
        let note = &input.notes[0];
        assert_eq!(note.id, "key-odd-character");
        assert_eq!(
            (note.field("space"), note.field("position")),
            (Some("yes"), Some("21"))
        );
        let input = clean(&format!("{}#{}", &KEY[..5], &KEY[5..]), AGENT);
        let note = &input.notes[0];
        assert_eq!(
            (note.field("character"), note.field("position")),
            (Some("#"), Some("6"))
        );
        assert_eq!((note.field("space"), note.field("codepoint")), (None, None));
        let input = clean(KEY, "agent_01.x");
        let note = &input.notes[0];
        assert_eq!((note.id, note.field), ("agent-odd-character", Field::Agent));
        assert_eq!(
            (note.field("character"), note.field("position")),
            (Some("."), Some("9"))
        );
    }

    #[test]
    fn truncated_keys_are_blocked() {
        let input = clean(&KEY[..40], AGENT);
        assert!(!input.is_sendable());
        assert_eq!(input.notes[0].id, "key-hex-length");
        assert_eq!(input.notes[0].field("length"), Some("37"));
        let input = clean(&format!("{KEY}0"), AGENT);
        assert_eq!(input.notes[0].field("length"), Some("49"));
        let input = clean("abc123", AGENT);
        assert!(!input.is_sendable());
        assert_eq!(input.notes[0].id, "key-too-short");
        assert_eq!(input.notes[0].field("length"), Some("6"));
    }

    #[test]
    fn unknown_but_plausible_keys_warn_and_go_ahead() {
        let input = clean("XYZ0123456789abcdef0123456789abcdef0123", AGENT);
        assert_eq!(levels(&input), [NoteLevel::Warning]);
        assert_eq!(input.notes[0].id, "key-unusual-shape");
        assert!(input.is_sendable());
    }

    #[test]
    fn odd_agent_ids() {
        let input = clean(KEY, "my-agent-1234");
        assert_eq!(levels(&input), [NoteLevel::Warning]);
        assert_eq!(input.notes[0].id, "agent-unusual-prefix");
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
        // Both marked: the status line says "fields".
        assert!(input.blocks_both());
        assert!(!clean("", AGENT).blocks_both());
        let input = clean(KEY, "");
        assert_eq!(input.blocking_field(), Some(Field::Agent));
        assert!(!input.blocks_both());

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
            assert_eq!(input.notes.last().unwrap().id, "agent-is-key", "{pasted}");
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
        assert_eq!(input.notes[0].field("length"), Some("19"));
    }

    #[test]
    fn look_alike_characters_are_named() {
        for (c, hint) in [
            ('\u{2013}', ("lookalike", "dash")),
            ('\u{2212}', ("lookalike", "dash")),
            ('\u{0430}', ("lookalike", "cyrillic")),
            ('\u{00A0}', ("space", "yes")),
            ('\u{200B}', ("lookalike", "invisible")),
            ('\u{FEFF}', ("lookalike", "invisible")),
            ('\u{FF41}', ("lookalike", "fullwidth")),
        ] {
            let key = format!("sk_0123456{c}789abcdef0123456789abcdef0123456789abcdef");
            let input = clean(&key, AGENT);
            let note = input.notes.last().unwrap();
            assert_eq!(note.field(hint.0), Some(hint.1), "{c:?}: {note:?}");
            assert_eq!(note.field("position"), Some("11"), "{c:?}");
        }
        let input = clean(
            "sk_0123456789abcdef0123456789abcdef0123456789abcde\u{00E9}",
            AGENT,
        );
        let note = &input.notes[0];
        assert_eq!(note.field("codepoint"), Some("U+00E9"));
        assert_eq!(note.field("position"), Some("51"));
        assert_eq!(note.field("lookalike"), None);
    }

    #[test]
    fn code_points_are_written_as_unicode_writes_them() {
        for (c, written) in [
            ('\u{e9}', "U+00E9"),
            ('\u{430}', "U+0430"),
            ('\u{FEFF}', "U+FEFF"),
            ('\u{1F600}', "U+1F600"),
            ('\u{10FFFF}', "U+10FFFF"),
        ] {
            assert_eq!(codepoint(c), written);
            assert_eq!(codepoint(c), format!("U+{:04X}", c as u32));
        }
    }

    #[test]
    fn every_note_id_and_field_is_declared() {
        let pastes = [
            ("", ""),
            (" x ", " y "),
            ("agent_1", "agent_1"),
            ("sk-proj-AbCdEf0123456789AbCdEf0123456789", AGENT),
            (
                "sk_0123456\u{0430}789abcdef0123456789abcdef0123456789abcdef",
                "agent_\u{2013}",
            ),
            ("sk_ab cd", "a b"),
            ("sk_0123", KEY),
            ("abc", "x"),
            ("abcdefghijklmnopqrstuvwxyz", "my-agent"),
        ];
        let mut seen = Vec::new();
        for (key, agent) in pastes {
            for note in clean(key, agent).notes {
                assert!(NOTE_IDS.contains(&note.id), "{}", note.id);
                for (name, _) in &note.fields {
                    assert!(NOTE_FIELDS.contains(name), "{name}");
                }
                seen.push(note.id);
            }
        }
        // Every id but env-filled and the status lines (the page glue's)
        // comes from `clean`.
        for id in NOTE_IDS
            .iter()
            .filter(|id| **id != "env-filled" && !id.starts_with("status-"))
        {
            assert!(seen.contains(id), "{id} never produced");
        }
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

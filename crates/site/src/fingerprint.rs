//! Content-addressed asset names (`style-1a2b3c4d5e.css`) and Subresource
//! Integrity values, so browsers may cache assets forever and refuse any
//! that were altered.

use base64::Engine;
use sha2::{Digest, Sha384};

/// An asset's published name and its integrity value.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Fingerprinted {
    /// File name with the content hash inserted before the extension.
    pub name: String,
    /// `sha384-…`, for the `integrity` attribute.
    pub integrity: String,
}

/// Fingerprints `bytes` published under `name`.
pub(crate) fn fingerprint(name: &str, bytes: &[u8]) -> Fingerprinted {
    let digest = Sha384::digest(bytes);
    let hex: String = digest[..5].iter().map(|b| format!("{b:02x}")).collect();
    let hashed = match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}-{hex}.{ext}"),
        None => format!("{name}-{hex}"),
    };
    Fingerprinted {
        name: hashed,
        integrity: format!(
            "sha384-{}",
            base64::engine::general_purpose::STANDARD.encode(digest)
        ),
    }
}

/// A fast in-memory hash of `value`, for telling whether something changed
/// between two builds (not for publishing: names and SRI use SHA-384).
pub(crate) fn hash_of(value: impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// Feeds a TOML table to `state`, key by key: free-form settings
/// (`extra`) are part of what a page is made from. `toml::Value` has no
/// `Hash` of its own (it holds floats): floats go in by their bits, dates
/// as TOML writes them.
pub(crate) fn hash_toml_table<H: std::hash::Hasher>(
    table: &std::collections::BTreeMap<String, toml::Value>,
    state: &mut H,
) {
    use std::hash::Hash;
    table.len().hash(state);
    for (key, value) in table {
        key.hash(state);
        hash_toml(value, state);
    }
}

fn hash_toml<H: std::hash::Hasher>(value: &toml::Value, state: &mut H) {
    use std::hash::Hash;
    std::mem::discriminant(value).hash(state);
    match value {
        toml::Value::String(text) => text.hash(state),
        toml::Value::Integer(number) => number.hash(state),
        toml::Value::Float(number) => number.to_bits().hash(state),
        toml::Value::Boolean(flag) => flag.hash(state),
        toml::Value::Datetime(date) => date.to_string().hash(state),
        toml::Value::Array(items) => {
            items.len().hash(state);
            items.iter().for_each(|item| hash_toml(item, state));
        }
        toml::Value::Table(table) => {
            table.len().hash(state);
            for (key, value) in table {
                key.hash(state);
                hash_toml(value, state);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_carries_hash_before_extension() {
        let a = fingerprint("style.css", b"body{}");
        let b = fingerprint("style.css", b"body{ }");
        assert!(a.name.starts_with("style-") && a.name.ends_with(".css"));
        assert_eq!(a.name.len(), "style-.css".len() + 10);
        assert_ne!(a.name, b.name);
    }

    #[test]
    fn integrity_is_sha384_of_the_bytes() {
        // echo -n abc | openssl dgst -sha384 -binary | base64
        assert_eq!(
            fingerprint("x.js", b"abc").integrity,
            "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn"
        );
    }
}

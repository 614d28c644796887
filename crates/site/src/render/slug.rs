//! Heading ids the way GitHub makes them, so `page.md#anchor` links work both
//! on GitHub and on the built site; the collapsed style Zola gives them,
//! which headings answer to as well; and percent-encoded anchors and paths
//! read as the text they encode.

use std::collections::HashMap;

/// GitHub's anchor for a heading text: lower-cased; letters, digits, `_` and
/// `-` kept; spaces become `-`; everything else dropped.
pub(crate) fn heading_anchor(text: &str) -> String {
    let mut anchor = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            anchor.extend(c.to_lowercase());
        } else if c == ' ' {
            anchor.push('-');
        }
    }
    anchor
}

/// The anchor Zola (with its default `slugify.anchors = "on"`) gives a
/// heading: the `slug` crate's slug, as Zola makes it — transliterated to
/// ASCII (`é` → `e`, `日本` → `ri-ben`), lower-cased, every run of other
/// characters one `-`, none at either end. GitHub's style keeps `--` where
/// `&` stood and keeps accents; a heading answers to both.
pub(crate) fn collapsed_anchor(text: &str) -> String {
    slug::slugify(text)
}

/// `%XX` escapes decoded, when they make UTF-8; `None` when `text` has
/// none or they do not (the text is then taken as written).
pub(crate) fn percent_decoded(text: &str) -> Option<String> {
    if !text.contains('%') {
        return None;
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Hands out unique ids within one page: a repeated anchor gets `-1`, `-2`…
#[derive(Debug, Default)]
pub(crate) struct UniqueIds {
    seen: HashMap<String, usize>,
}

impl UniqueIds {
    /// Takes `wanted` as it is, if no one has it; whether it did.
    pub(crate) fn claim_exact(&mut self, wanted: &str) -> bool {
        if self.seen.contains_key(wanted) {
            return false;
        }
        self.seen.insert(wanted.to_owned(), 0);
        true
    }

    /// Returns `wanted`, or `wanted-N` if it is already taken.
    pub(crate) fn claim(&mut self, wanted: String) -> String {
        let wanted = if wanted.is_empty() {
            "section".to_owned()
        } else {
            wanted
        };
        let Some(&used) = self.seen.get(&wanted) else {
            self.seen.insert(wanted.clone(), 0);
            return wanted;
        };
        let mut n = used;
        loop {
            n += 1;
            let candidate = format!("{wanted}-{n}");
            if !self.seen.contains_key(&candidate) {
                self.seen.insert(wanted, n);
                self.seen.insert(candidate.clone(), 0);
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_match_github() {
        assert_eq!(
            heading_anchor("Step 1: Create a new key"),
            "step-1-create-a-new-key"
        );
        assert_eq!(
            heading_anchor("Missing `convai_write`?"),
            "missing-convai_write"
        );
        assert_eq!(heading_anchor("Quota & rate limits"), "quota--rate-limits");
        assert_eq!(heading_anchor("Résumé"), "résumé");
    }

    #[test]
    fn collapsed_anchors_match_zola() {
        assert_eq!(collapsed_anchor("Quota & rate limits"), "quota-rate-limits");
        assert_eq!(
            collapsed_anchor("Step 1: Create a key!"),
            "step-1-create-a-key"
        );
        assert_eq!(collapsed_anchor("Café crème"), "cafe-creme");
        assert_eq!(collapsed_anchor("Straße Œuvre"), "strasse-oeuvre");
        assert_eq!(collapsed_anchor("日本語のガイド"), "ri-ben-yu-nogaido");
        assert_eq!(
            collapsed_anchor("  `convai_write` missing? "),
            "convai-write-missing"
        );
    }

    #[test]
    fn percent_escapes_are_decoded_when_they_make_utf8() {
        assert_eq!(percent_decoded("caf%C3%A9").as_deref(), Some("café"));
        assert_eq!(
            percent_decoded("my%20notes.md").as_deref(),
            Some("my notes.md")
        );
        assert_eq!(percent_decoded("100%"), Some("100%".to_owned()));
        assert_eq!(percent_decoded("plain"), None);
        assert_eq!(percent_decoded("%FF"), None);
    }

    #[test]
    fn repeated_anchors_are_numbered() {
        let mut ids = UniqueIds::default();
        assert_eq!(ids.claim("a".into()), "a");
        assert_eq!(ids.claim("a".into()), "a-1");
        assert_eq!(ids.claim("a".into()), "a-2");
        assert_eq!(ids.claim("a-1".into()), "a-1-1");
        assert_eq!(ids.claim(String::new()), "section");
    }
}

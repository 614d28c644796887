//! Heading ids the way GitHub makes them, so `page.md#anchor` links work both
//! on GitHub and on the built site.

use std::collections::HashMap;

/// GitHub's anchor for a heading text: lower-cased; letters, digits, `_` and
/// `-` kept; spaces become `-`; everything else dropped.
pub fn heading_anchor(text: &str) -> String {
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

/// Hands out unique ids within one page: a repeated anchor gets `-1`, `-2`…
#[derive(Debug, Default)]
pub struct UniqueIds {
    seen: HashMap<String, usize>,
}

impl UniqueIds {
    /// Returns `wanted`, or `wanted-N` if it is already taken.
    pub fn claim(&mut self, wanted: String) -> String {
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
    fn repeated_anchors_are_numbered() {
        let mut ids = UniqueIds::default();
        assert_eq!(ids.claim("a".into()), "a");
        assert_eq!(ids.claim("a".into()), "a-1");
        assert_eq!(ids.claim("a".into()), "a-2");
        assert_eq!(ids.claim("a-1".into()), "a-1-1");
        assert_eq!(ids.claim(String::new()), "section");
    }
}

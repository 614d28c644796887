//! What a reader pastes into search is rarely a query: a whole log line, a
//! Python traceback, a JSON error body. This crate reduces such a paste to
//! the terms that tell one error from another ([`distinctive_terms`]), and
//! finds the page whose front matter declares it fixes the pasted error
//! ([`likely_fix`]). It knows no product: which words matter comes from the
//! shape of error text (codes in `snake_case`, HTTP statuses), and which
//! page fixes what comes from the writers' `fixes` lists.

mod terms;

pub use terms::distinctive_terms;

/// The longest declared fix found in `paste`, as `(page, fix)`: the page
/// that fixes this error, most specific declaration first. `fixes` lists
/// each page with the error texts its front matter declares. Matching
/// ignores case and runs of whitespace (a paste may be wrapped or
/// re-indented).
pub fn likely_fix<'f, P>(paste: &str, fixes: &'f [(P, Vec<String>)]) -> Option<(&'f P, &'f str)> {
    let paste = normalise(paste);
    fixes
        .iter()
        .flat_map(|(page, texts)| texts.iter().map(move |text| (page, text.as_str())))
        .filter(|(_, text)| {
            let text = normalise(text);
            !text.is_empty() && paste.contains(&text)
        })
        .max_by_key(|(_, text)| normalise(text).len())
}

/// Lower case, with every run of whitespace made one space.
fn normalise(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages() -> Vec<(&'static str, Vec<String>)> {
        let fixes = |texts: &[&str]| texts.iter().map(|t| (*t).to_owned()).collect();
        vec![
            (
                "permissions",
                fixes(&["missing_permissions", "is missing the permission"]),
            ),
            (
                "convai-write",
                fixes(&[
                    "missing_permissions",
                    "is missing the permission convai_write",
                ]),
            ),
            (
                "invalid-key",
                fixes(&["invalid_api_key", "Invalid API key"]),
            ),
            ("blocked", fixes(&["Failed to fetch"])),
        ]
    }

    #[test]
    fn the_most_specific_declaration_wins() {
        let pages = pages();
        let paste = "elevenlabs.core.api_error.ApiError: status_code: 401, body: {'detail': {'status': 'missing_permissions', 'message': 'The API key you used is missing the permission convai_write to execute this operation.'}}";
        assert_eq!(
            likely_fix(paste, &pages),
            Some((&"convai-write", "is missing the permission convai_write"))
        );
        let other =
            "The API key you used is missing the permission voices_read to execute this operation.";
        assert_eq!(
            likely_fix(other, &pages).map(|(p, _)| *p),
            Some("permissions")
        );
    }

    #[test]
    fn case_and_wrapping_do_not_matter_and_unknown_errors_match_nothing() {
        let pages = pages();
        assert_eq!(
            likely_fix("TypeError:   failed\n  TO fetch", &pages).map(|(p, _)| *p),
            Some("blocked")
        );
        assert_eq!(likely_fix("segmentation fault (core dumped)", &pages), None);
        assert_eq!(likely_fix("", &pages), None);
    }
}

//! Property tests: whatever surrounds it, a pasted key or token never
//! becomes a search term, and no paste makes the reducer panic.

use keydoctor_search::distinctive_terms;
use proptest::prelude::*;

/// Secret-shaped values as they appear in pastes.
fn secret() -> impl Strategy<Value = String> {
    prop_oneof![
        "sk_[0-9a-f]{48}",
        "[0-9a-f]{32}",
        "eyJ[A-Za-z0-9_-]{20,40}",
        "[A-Za-z0-9]{10}[0-9][A-Z][a-z][A-Za-z0-9]{20}",
    ]
}

proptest! {
    #[test]
    fn no_piece_of_a_secret_becomes_a_term(
        before in "[ -~\n]{0,80}",
        secret in secret(),
        after in "[ -~\n]{0,80}",
        glue in prop::sample::select(vec![" ", "=", ": ", "\"", "'", "\n", " Bearer "]),
    ) {
        let paste = format!("{before}{glue}{secret}{glue}{after}");
        for term in distinctive_terms(&paste) {
            let lower = secret.to_lowercase();
            // No 12-character piece of the secret reaches a term.
            for start in 0..lower.len().saturating_sub(11) {
                prop_assert!(!term.contains(&lower[start..start + 12]), "{term} from {paste:?}");
            }
        }
    }

    #[test]
    fn any_text_gives_a_bounded_list_of_lower_case_terms(paste in "\\PC{0,400}") {
        let terms = distinctive_terms(&paste);
        prop_assert!(terms.len() <= 12);
        for term in &terms {
            prop_assert_eq!(term, &term.to_lowercase());
            prop_assert!(!term.is_empty());
        }
    }
}

/// The tokens as the browser cuts them: runs of letters, digits and `_`,
/// `_` trimmed, each run lower-cased whole (the reference the index's
/// allocation-free reader must match).
fn reference_tokens(text: &str) -> Vec<(String, usize, usize)> {
    let mut found = Vec::new();
    let mut run = String::new();
    let mut from = 0;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if c.is_alphanumeric() || c == '_' {
            if run.is_empty() {
                from = i;
            }
            run.push(c);
        } else if !run.is_empty() {
            let trimmed = run.trim_matches('_');
            if !trimmed.is_empty() {
                let start = from + run.len() - run.trim_start_matches('_').len();
                found.push((trimmed.to_lowercase(), start, start + trimmed.len()));
            }
            run.clear();
        }
    }
    found
}

proptest! {
    #[test]
    fn tokens_lower_case_each_run_whole(text in "(\\PC|[_A-Za-zΣσΟΔ0-9 ]){0,120}") {
        let found: Vec<(String, usize, usize)> = keydoctor_search::tokens(&text)
            .into_iter()
            .enumerate()
            .map(|(i, t)| {
                assert_eq!(t.position as usize, i);
                (t.text, t.start, t.end)
            })
            .collect();
        prop_assert_eq!(found, reference_tokens(&text));
    }
}

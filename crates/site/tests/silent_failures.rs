//! Mistakes that used to pass with exit 0 and a quietly wrong site: an
//! unclosed code fence, an alert type that does not exist, a site without a
//! home page, a missing site.toml. Each fixture's whole stderr is pinned by
//! a snapshot, so the message a writer reads is reviewed like code.

mod common;
use common::{copy_fixture, site, stderr};

/// Builds the fixture `case` (and checks it): both fail with exit 1 and
/// the same report, and neither writes any output.
fn failure_of(case: &str) -> String {
    let dir = copy_fixture(case);
    let build = site(&["build"], dir.path());
    assert_eq!(build.status.code(), Some(1), "{case}: {}", stderr(&build));
    assert!(
        !dir.path().join("www").exists(),
        "{case}: a failed build wrote output"
    );
    stderr(&build)
}

#[test]
fn an_unclosed_code_fence_is_an_error_at_its_line() {
    insta::assert_snapshot!("unclosed_fence", failure_of("unclosed-fence"));
}

#[test]
fn an_unknown_alert_type_is_an_error_at_its_line() {
    insta::assert_snapshot!("unknown_alert", failure_of("unknown-alert"));
}

#[test]
fn a_site_without_a_home_page_is_an_error() {
    insta::assert_snapshot!("no_home", failure_of("no-home"));
}

#[test]
fn a_missing_site_toml_is_an_error_and_check_cannot_run() {
    insta::assert_snapshot!("no_site_toml", failure_of("no-site-toml"));
    let dir = copy_fixture("no-site-toml");
    let check = site(&["check"], dir.path());
    assert_eq!(check.status.code(), Some(2), "{}", stderr(&check));
}

//! Mistakes that used to pass with exit 0 and a quietly wrong site: an
//! unclosed code fence, an alert type that does not exist, a site without a
//! home page, a missing site.toml, links from the site root that were
//! given the base path twice and never checked; and messages that misled:
//! `weight = ten` called an "invalid boolean", a link to a draft called a
//! link to no page. Each fixture's whole stderr is pinned by
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

#[test]
fn site_root_links_get_the_base_path_once_and_are_checked() {
    insta::assert_snapshot!("site_root_links", failure_of("site-root-links"));
    let dir = copy_fixture("site-root-links");
    let index = dir.path().join("content/index.md");
    let fixed = std::fs::read_to_string(&index)
        .expect("index")
        .replace("- [nowhere](/guide/gone/)\n", "");
    std::fs::write(&index, fixed).expect("write");
    let build = site(&["build"], dir.path());
    assert!(build.status.success(), "{}", stderr(&build));
    let html = std::fs::read_to_string(dir.path().join("www/index.html")).expect("home");
    for href in [
        "href=\"/docs/guide/setup/\">with the base path",
        "href=\"/docs/guide/setup/\">without it",
        "href=\"/docs/guide/setup\">no trailing slash",
        "href=\"/docs/sitemap.xml\">a generated file",
    ] {
        assert!(html.contains(href), "{href} missing from the home page");
    }
}

#[test]
fn a_bare_word_in_front_matter_says_what_is_wrong() {
    insta::assert_snapshot!("bare_word", failure_of("bare-word"));
}

#[test]
fn a_link_to_a_draft_says_it_is_a_draft() {
    insta::assert_snapshot!("link_to_draft", failure_of("link-to-draft"));
    let dir = copy_fixture("link-to-draft");
    let build = site(&["build", "--drafts"], dir.path());
    assert!(build.status.success(), "{}", stderr(&build));
}

//! A Zola site (`config.toml`, `content/` with `_index.md` sections)
//! builds as it is: `@/` links, Zola's front-matter keys accepted or
//! warned about all in one run, and a heading reached by either of the
//! two common anchor styles (GitHub's `quota--rate-limits`, Zola's
//! `quota-rate-limits`).

mod common;
use common::{copy_fixture, read, section, site, stderr};

#[test]
fn a_zola_site_builds_as_it_is() {
    let dir = copy_fixture("zola-site");
    let build = site(&["build"], dir.path());
    assert!(build.status.success(), "{}", stderr(&build));
    let printed: String = stderr(&build)
        .lines()
        .filter(|l| !l.starts_with("Built "))
        .map(|l| format!("{l}\n"))
        .collect();
    insta::assert_snapshot!("zola_build", printed);
    let www = dir.path().join("www");
    let home = read(&www.join("index.html"));
    assert!(home.contains("<title>Zola docs: Welcome"), "{home}");
    // config.toml's base_url gives the base path.
    assert!(
        home.contains("href=\"/zola-docs/docs/getting-started/\""),
        "@/ link: {home}"
    );
    let start = read(&www.join("docs/getting-started/index.html"));
    for href in [
        "href=\"/zola-docs/docs/configuration/#quota--rate-limits\"",
        "href=\"/zola-docs/docs/configuration/#quota-rate-limits\"",
        "href=\"/zola-docs/\"",
    ] {
        assert!(start.contains(href), "{href}: {start}");
    }
    let config = read(&www.join("docs/configuration/index.html"));
    let heading = section(&config, "<h2 id=\"quota--rate-limits\"", "</h2>");
    assert!(heading.contains("id=\"quota-rate-limits\""), "{heading}");
    let sidebar = section(&config, "<nav class=\"sidebar\"", "</nav>");
    let getting = sidebar.find(">Getting started<").expect("page");
    let configuration = sidebar.find(">Configuration<").expect("page");
    assert!(getting < configuration, "weight order: {sidebar}");
    // Zola's own templates are not this site's theme.
    assert!(!www.join("docs.html").exists());
}

#[test]
fn every_unknown_key_is_reported_in_one_run() {
    let dir = copy_fixture("zola-unknown-keys");
    let build = site(&["build"], dir.path());
    assert_eq!(build.status.code(), Some(1), "{}", stderr(&build));
    insta::assert_snapshot!("zola_unknown_keys", stderr(&build));
}

//! Sections, through the `site` binary: the `sections` fixture nests them
//! three deep (`guide/advanced/internals/`), and has a folder without an
//! index page and an image without alt text (two warnings). Reading order,
//! the grouped sidebar with only the current page's sections open,
//! breadcrumbs, a section page's list of contents, warnings and
//! `check --strict`.

use std::path::Path;

mod common;
use common::{copy_fixture, read, section, site, stderr};

fn built() -> tempfile::TempDir {
    let dir = copy_fixture("sections");
    let output = site(&["build"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    dir
}

/// The page at site path `path` (`guide/`), from the built site.
fn page(dir: &Path, path: &str) -> String {
    read(&dir.join("www").join(path).join("index.html"))
}

#[test]
fn pages_are_read_section_by_section_in_weight_order() {
    let dir = built();
    // Follow "Next" from the home page to the end.
    let mut titles = Vec::new();
    let mut path = String::new();
    loop {
        let html = page(dir.path(), &path);
        let title = section(&html, "<title>", "</title>");
        titles.push(
            title
                .split([':', '·'])
                .next()
                .unwrap_or("")
                .trim()
                .replace("<title>", ""),
        );
        let Some(next) = html.split("class=\"pager-next\" href=\"/fixture/").nth(1) else {
            break;
        };
        path = next[..next.find('"').expect("end of href")].to_owned();
        assert!(titles.len() < 20, "the pager loops: {titles:?}");
    }
    assert_eq!(
        titles,
        [
            "Sections",
            "Install",
            "Guide",
            "First steps",
            "Advanced",
            "Tuning",
            "Internals",
            "Memory",
            "API"
        ]
    );
}

#[test]
fn the_sidebar_groups_sections_and_opens_only_the_current_ones() {
    let dir = built();
    let html = page(dir.path(), "guide/advanced/internals/memory/");
    let sidebar = section(&html, "<nav class=\"sidebar\"", "</nav>");
    insta::assert_snapshot!("memory_sidebar", sidebar);
    // Guide > Advanced > Internals are open; Reference is closed but listed
    // (a small site lists every page).
    assert_eq!(sidebar.matches("<details open>").count(), 3, "{sidebar}");
    assert!(sidebar.contains("<details><summary>Reference</summary>"));
    assert!(sidebar.contains("href=\"/fixture/reference/api/\""));
    assert_eq!(sidebar.matches("aria-current=\"page\"").count(), 1);

    // On a top-level page no section is open.
    let install = page(dir.path(), "install/");
    let sidebar = section(&install, "<nav class=\"sidebar\"", "</nav>");
    assert_eq!(sidebar.matches("<details open>").count(), 0, "{sidebar}");
    assert_eq!(sidebar.matches("<details>").count(), 4, "{sidebar}");
}

#[test]
fn breadcrumbs_lead_home_through_each_section() {
    let dir = built();
    let html = page(dir.path(), "guide/advanced/internals/memory/");
    let crumbs = section(&html, "<nav class=\"breadcrumbs\"", "</nav>");
    let links: Vec<&str> = crumbs
        .split("<a href=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').expect("href end")])
        .collect();
    assert_eq!(
        links,
        [
            "/fixture/",
            "/fixture/guide/",
            "/fixture/guide/advanced/",
            "/fixture/guide/advanced/internals/"
        ]
    );
    assert!(crumbs.contains("<span aria-current=\"page\">Memory</span>"));
    // A section without an index page is named, not linked.
    let api = page(dir.path(), "reference/api/");
    let crumbs = section(&api, "<nav class=\"breadcrumbs\"", "</nav>");
    assert!(crumbs.contains("<li>Reference</li>"), "{crumbs}");
    // Top-level pages have none.
    assert!(!page(dir.path(), "install/").contains("class=\"breadcrumbs\""));
}

#[test]
fn a_section_page_lists_what_it_holds() {
    let dir = built();
    let html = page(dir.path(), "guide/");
    let contents = section(&html, "<nav class=\"section-contents\"", "</nav>");
    let links: Vec<&str> = contents
        .split("<a href=\"")
        .skip(1)
        .map(|s| &s[..s.find('<').expect("text end")])
        .collect();
    assert_eq!(
        links,
        [
            "/fixture/guide/first-steps/\">First steps",
            "/fixture/guide/advanced/\">Advanced"
        ]
    );
    // The home page has its own words instead.
    assert!(!page(dir.path(), "").contains("section-contents"));
}

#[test]
fn warnings_are_listed_and_fail_only_a_strict_check() {
    let dir = copy_fixture("sections");
    let output = site(&["build"], dir.path());
    assert!(output.status.success());
    let err = stderr(&output);
    let warnings: Vec<&str> = err.lines().filter(|l| l.starts_with("warning:")).collect();
    insta::assert_snapshot!("sections_warnings", warnings.join("\n"));

    let check = site(&["check"], dir.path());
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert!(stderr(&check).contains("warning: content/reference: the section has no index.md"));

    let strict = site(&["check", "--strict"], dir.path());
    assert_eq!(strict.status.code(), Some(1));
    insta::assert_snapshot!("sections_strict_check", stderr(&strict));

    // -q prints errors only.
    let quiet = site(&["-q", "build"], dir.path());
    assert!(quiet.status.success());
    assert_eq!(stderr(&quiet), "");
}

#[test]
fn a_declared_fix_the_page_never_quotes_is_a_warning_with_its_line() {
    let dir = copy_fixture("sections");
    std::fs::write(
        dir.path().join("content/install.md"),
        "+++\nweight = 1\nfixes = [\"E42: disk full\", \"E7: no such file\"]\n+++\n\n# Install\n\nIf it says `E42: disk full`, free some space.\n",
    )
    .expect("page");
    let output = site(&["build"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("warning: content/install.md:3: fixes lists \"E7: no such file\", which the page's text never quotes"),
        "{err}"
    );
    assert!(!err.contains("E42"), "{err}");
}

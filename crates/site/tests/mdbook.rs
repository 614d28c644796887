//! An mdBook book (`book.toml` and `src/SUMMARY.md`) builds as it is: the
//! summary's order, nesting, titles and part headings; prefix, suffix and
//! draft chapters; `{{#include}}` and `{{#rustdoc_include}}` with anchors
//! and line ranges; rustdoc's hidden lines; links to `chapter.html`,
//! `README.md` and `index.html`; links out of the book warned about.

mod common;
use common::{copy_fixture, read, section, site, stderr};

/// The titles and addresses of the "All pages" listing: the reading order.
fn reading_order(www: &std::path::Path) -> Vec<(String, String)> {
    let listing = read(&www.join("all-pages/index.html"));
    let list = section(&listing, "<ol class=\"all-pages\"", "</ol>");
    list.split("<li><a href=\"")
        .skip(1)
        .map(|item| {
            let (url, rest) = item.split_once("\">").expect("href");
            let title = rest.split_once("</a>").expect("title").0;
            (title.to_owned(), url.to_owned())
        })
        .collect()
}

#[test]
fn a_book_builds_as_it_is_in_its_summarys_order() {
    let dir = copy_fixture("mdbook-book");
    let build = site(&["build"], dir.path());
    assert!(build.status.success(), "{}", stderr(&build));
    let printed: String = stderr(&build)
        .lines()
        .filter(|l| !l.starts_with("Built "))
        .map(|l| format!("{l}\n"))
        .collect();
    insta::assert_snapshot!("book_build", printed);
    let www = dir.path().join("www");
    let order: Vec<(String, String)> = reading_order(&www);
    let expected = [
        ("Introduction", "/example-book/"),
        ("Installation", "/example-book/getting-started/install/"),
        ("On Linux", "/example-book/getting-started/linux/"),
        ("First steps", "/example-book/first-steps/"),
        ("Configuration", "/example-book/reference/config/"),
        ("Contributors", "/example-book/contributors/"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(t, u)| ((*t).to_owned(), (*u).to_owned()))
        .collect();
    assert_eq!(order, expected);
    // Not in the summary: not built (as mdBook does not build it).
    assert!(!www.join("orphan").exists());
    assert!(!www.join("SUMMARY").exists() && !www.join("summary").exists());

    let install = read(&www.join("getting-started/install/index.html"));
    let sidebar = section(&install, "<nav class=\"sidebar\"", "</nav>");
    // Part headings, and the chapter nested under Installation.
    for part in [
        "<summary>Getting started</summary>",
        "<summary>Reference</summary>",
    ] {
        assert!(sidebar.contains(part), "{part} missing: {sidebar}");
    }
    let linux = sidebar.find("On Linux").expect("nested chapter");
    let installation = sidebar
        .find("<summary>Installation</summary>")
        .expect("its section");
    assert!(installation < linux, "{sidebar}");
    assert!(
        !sidebar.contains("Coming soon"),
        "a draft chapter is listed: {sidebar}"
    );
    insta::assert_snapshot!("book_install_main", section(&install, "<h1", "</article>"));

    let steps = read(&www.join("first-steps/index.html"));
    let code = section(&steps, "<pre", "</pre>");
    assert!(!code.contains("fn main"), "a hidden line shows: {code}");
    assert!(
        !code.contains("HashMap</span>;"),
        "a hidden use shows: {code}"
    );
    assert!(code.contains("scores"), "{code}");
    let bash = &steps[steps.find("language-bash").expect("bash block")..];
    assert!(bash.contains("# a shell comment stays"), "{bash}");

    let home = read(&www.join("index.html"));
    assert!(
        home.contains("href=\"/example-book/first-steps/\""),
        "chapter.html: {home}"
    );
    assert!(
        home.contains("href=\"/example-book/getting-started/install/#requirements\""),
        "{home}"
    );
    // The link out of the book climbs from where the book is hosted.
    assert!(home.contains("href=\"/std/index.html\""), "{home}");
    let config = read(&www.join("reference/config/index.html"));
    assert!(
        config.contains("href=\"/example-book/getting-started/install/#requirements\""),
        "{config}"
    );
}

#[test]
fn a_missing_include_anchor_or_line_range_is_an_error_at_its_line() {
    let dir = copy_fixture("mdbook-broken-include");
    let build = site(&["build"], dir.path());
    assert_eq!(build.status.code(), Some(1), "{}", stderr(&build));
    assert!(!dir.path().join("www").exists());
    insta::assert_snapshot!("book_broken_includes", stderr(&build));
}

#[test]
fn a_listed_chapter_without_a_file_is_shown_empty_with_a_warning() {
    let dir = copy_fixture("mdbook-broken-include");
    std::fs::write(
        dir.path().join("src/chapter.md"),
        "# Chapter\n\nFine now.\n",
    )
    .expect("fix");
    let build = site(&["build"], dir.path());
    assert!(build.status.success(), "{}", stderr(&build));
    let printed = stderr(&build);
    assert!(
        printed.contains("warning: src/SUMMARY.md:4: the chapter file missing.md does not exist"),
        "{printed}"
    );
    let missing = read(&dir.path().join("www/missing/index.html"));
    assert!(missing.contains("<title>Missing"), "{missing}");
}

#[test]
fn a_malformed_summary_names_its_line() {
    let dir = copy_fixture("mdbook-broken-include");
    std::fs::write(
        dir.path().join("src/SUMMARY.md"),
        "# Summary\n\n- [Chapter](chapter.md)\n\n[Suffix](missing.md)\n\n- [Late](late.md)\n",
    )
    .expect("summary");
    let build = site(&["build"], dir.path());
    assert_eq!(build.status.code(), Some(1), "{}", stderr(&build));
    let printed = stderr(&build);
    assert!(
        printed.contains("src/SUMMARY.md:7: mdBook cannot read the summary"),
        "{printed}"
    );
}

/// mdBook's own guide (its summary; see the fixture's NOTICE.md): `site`
/// gives the chapters in the order and with the titles mdBook's own build
/// gives them, as `cargo xtask mdbook-order` recorded from mdBook's output.
#[test]
fn mdbooks_guide_has_mdbooks_chapter_order_and_titles() {
    let dir = copy_fixture("mdbook-guide");
    let build = site(&["build"], dir.path());
    assert!(build.status.success(), "{}", stderr(&build));
    let expected: Vec<String> = read(&common::fixture("mdbook-order/guide.txt"))
        .lines()
        .map(str::to_owned)
        .collect();
    assert!(expected.len() > 20, "{expected:?}");
    let ours: Vec<String> = reading_order(&dir.path().join("www"))
        .into_iter()
        .map(|(title, _)| title.replace("&amp;", "&"))
        .collect();
    assert_eq!(ours, expected);
    // The summary's parts and nesting: Format holds Configuration, which
    // holds General.
    let general = read(
        &dir.path()
            .join("www/format/configuration/general/index.html"),
    );
    let crumbs = section(&general, "<nav class=\"breadcrumbs\"", "</nav>");
    let format = crumbs.find(">Format<").expect("Format");
    let configuration = crumbs.find(">Configuration<").expect("Configuration");
    assert!(format < configuration, "{crumbs}");
}

//! What went wrong without a word when real mdBook, Zola and Hugo sites
//! were built: front matter after a blank line or in YAML (a draft
//! published), templates and includes left unexpanded, sections titled
//! "_index", percent-encoded anchors reported broken, file names that are
//! not UTF-8, definition lists and footnotes, and the Content-Security-
//! Policy blocking images and styles with only a console error. Each
//! fixture's whole stderr is pinned by a snapshot; what the reader gets is
//! asserted on the built pages.

mod common;
use common::{copy_fixture, read, section, site, stderr};

/// Builds the fixture `case`, which must succeed; its directory and what
/// the build printed.
fn built(case: &str) -> (tempfile::TempDir, String) {
    let dir = copy_fixture(case);
    let build = site(&["build"], dir.path());
    assert!(build.status.success(), "{case}: {}", stderr(&build));
    let printed = stderr(&build);
    (dir, printed)
}

/// The build's stderr without the timing line, which changes every run.
fn without_timing(printed: &str) -> String {
    printed
        .lines()
        .filter(|line| !line.starts_with("Built ") && !line.starts_with("No problems in "))
        .map(|line| format!("{line}\n"))
        .collect()
}

/// Builds the fixture `case`, which must fail without writing anything;
/// what it printed.
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

/// `site check --strict` on `dir` fails on the warnings.
fn assert_strict_fails(dir: &std::path::Path) {
    let check = site(&["check", "--strict"], dir);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    assert!(stderr(&check).contains("--strict counts warnings as problems"));
}

fn page(dir: &std::path::Path, path: &str) -> String {
    read(&dir.join("www").join(path).join("index.html"))
}

fn main_of(html: &str) -> &str {
    section(html, "<main", "</main>")
}

#[test]
fn front_matter_after_blank_lines_is_read_and_a_draft_stays_out() {
    let (dir, printed) = built("front-matter-blank-line");
    insta::assert_snapshot!("blank_line_front_matter", without_timing(&printed));
    assert!(
        !dir.path().join("www/plan").exists(),
        "the draft was published"
    );
    let guide = page(dir.path(), "guide");
    assert!(guide.contains("<title>Guide"), "{guide}");
    assert!(
        !main_of(&guide).contains("+++"),
        "front matter shown as text"
    );
    assert_strict_fails(dir.path());
}

#[test]
fn yaml_front_matter_is_read_and_its_draft_stays_out() {
    let (dir, printed) = built("yaml-front-matter");
    insta::assert_snapshot!("yaml_front_matter", without_timing(&printed));
    assert!(
        !dir.path().join("www/posts/unfinished").exists(),
        "the draft was published"
    );
    let post = page(dir.path(), "posts/first");
    assert!(post.contains("<title>First post"), "{post}");
    let main = main_of(&post);
    assert!(!main.contains("<hr"), "front matter became a rule: {main}");
    assert!(
        !main.contains("tags:"),
        "front matter shown as text: {main}"
    );
    let home = page(dir.path(), "");
    assert!(
        home.contains("content=\"A Hugo site&#39;s home page\""),
        "the description is lost: {home}"
    );
}

#[test]
fn broken_yaml_front_matter_names_file_and_line() {
    insta::assert_snapshot!(
        "yaml_front_matter_error",
        failure_of("yaml-front-matter-error")
    );
}

#[test]
fn unexpanded_includes_and_shortcodes_are_warned_about_and_fail_strict() {
    let (dir, printed) = built("unexpanded-templates");
    insta::assert_snapshot!("unexpanded_templates", without_timing(&printed));
    assert_strict_fails(dir.path());
}

#[test]
fn sections_without_a_title_are_titled_from_their_folder_or_first_heading() {
    let (dir, printed) = built("untitled-section");
    insta::assert_snapshot!("untitled_sections", without_timing(&printed));
    let install = page(dir.path(), "getting-started/install");
    let sidebar = section(&install, "<nav class=\"sidebar\"", "</nav>");
    assert!(sidebar.contains(">Getting started<"), "{sidebar}");
    assert!(sidebar.contains(">Options<"), "{sidebar}");
    assert!(!sidebar.contains("_index"), "{sidebar}");
    // No H1: the first heading of any level.
    let cli = page(dir.path(), "reference/cli");
    assert!(cli.contains("<title>Command line"), "{cli}");
    let home = page(dir.path(), "");
    assert!(!home.contains("<title>_index"), "{home}");
}

#[test]
fn percent_encoded_links_and_anchors_resolve() {
    insta::assert_snapshot!("percent_fragments", failure_of("percent-fragments"));
    let dir = copy_fixture("percent-fragments");
    let index = dir.path().join("content/index.md");
    let fixed = read(&index).replace(" and to [a missing one](#caf%C3%A9-noir)", "");
    std::fs::write(&index, fixed).expect("write");
    let build = site(&["build"], dir.path());
    assert!(build.status.success(), "{}", stderr(&build));
    let home = page(dir.path(), "");
    assert!(home.contains("href=\"#caf%C3%A9-cr%C3%A8me\""), "{home}");
    assert!(home.contains("/docs/my-notes/\""), "{home}");
}

#[test]
fn a_file_name_that_is_not_utf8_is_named() {
    use std::os::unix::ffi::OsStrExt;
    let dir = copy_fixture("front-matter-blank-line");
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    std::fs::write(dir.path().join("content").join(name), "# Latin-1 name\n").expect("write");
    let build = site(&["build"], dir.path());
    assert_eq!(build.status.code(), Some(1), "{}", stderr(&build));
    insta::assert_snapshot!("non_utf8_file_name", stderr(&build));
}

#[test]
fn definition_lists_render_and_footnotes_gather_at_the_end() {
    let (dir, _) = built("definition-lists-footnotes");
    let home = page(dir.path(), "");
    let content = section(&home, "<dl>", "</section>");
    insta::assert_snapshot!("definition_lists_footnotes", content);
    let after = home.find("After the notes").expect("last section");
    let notes = home.find("class=\"footnotes\"").expect("footnotes");
    assert!(notes > after, "footnotes are not at the end");
}

#[test]
fn the_policy_widens_from_site_toml_and_check_names_what_it_blocks() {
    let dir = copy_fixture("csp-widen");
    let check = site(&["check"], dir.path());
    assert!(check.status.success(), "{}", stderr(&check));
    insta::assert_snapshot!("csp_check", without_timing(&stderr(&check)));
    let build = site(&["build"], dir.path());
    assert!(build.status.success(), "{}", stderr(&build));
    let home = page(dir.path(), "");
    let home = home.replace("&#39;", "'");
    assert!(
        home.contains("img-src 'self' data: https://img.shields.io;"),
        "{home}"
    );
    assert!(home.contains("style-src 'self';"), "{home}");
    assert_strict_fails(dir.path());
}

#[test]
fn keep_going_builds_a_site_that_still_has_problems_and_lists_them() {
    let dir = copy_fixture("check-problems");
    let build = site(&["build", "--keep-going"], dir.path());
    assert_eq!(build.status.code(), Some(1), "{}", stderr(&build));
    insta::assert_snapshot!("keep_going", without_timing(&stderr(&build)));
    let www = dir.path().join("www");
    assert!(www.join("index.html").is_file(), "nothing was built");
    assert!(www.join("guide/intro/index.html").is_file());
    // The page whose front matter cannot be read is left out.
    assert!(!www.join("guide/extra").exists());
    // build and check stay strict.
    let strict = copy_fixture("check-problems");
    let build = site(&["build"], strict.path());
    assert_eq!(build.status.code(), Some(1));
    assert!(!strict.path().join("www").exists());
    let check = site(&["check"], strict.path());
    assert_eq!(check.status.code(), Some(1));
}

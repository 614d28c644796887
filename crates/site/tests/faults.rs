//! Faults injected into builds: unreadable and non-UTF-8 files, an output
//! path that cannot be written, templates that recurse or fail, a 10 MB page
//! and 10,000 levels of nesting. Each ends in a clear error or a correct
//! render, never a panic or a crash, and never a half-written output.

use std::path::Path;
use std::process::Output;

mod common;
use common::{site, stderr};

fn site_root() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("content")).expect("content");
    std::fs::write(
        dir.path().join("site.toml"),
        "title = \"Faults\"\nbase-url = \"https://example.github.io/faults/\"\n",
    )
    .expect("site.toml");
    std::fs::write(dir.path().join("content/index.md"), "# Home\n").expect("index");
    dir
}

fn build(root: &Path, extra: &[&str]) -> Output {
    site(&[&["build"], extra].concat(), root)
}

/// A failure with a readable message, not a panic or a signal.
fn assert_clean_failure(output: &Output, expected: &str) {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains(expected), "expected {expected:?} in:\n{err}");
}

#[test]
fn unreadable_file_is_named() {
    let dir = site_root();
    std::os::unix::fs::symlink(
        "/nonexistent/target.md",
        dir.path().join("content/dangling.md"),
    )
    .expect("symlink");
    let output = build(dir.path(), &[]);
    assert_clean_failure(&output, "content/dangling.md");
    assert!(!dir.path().join("www").exists());
}

#[test]
fn unreadable_content_file_is_a_read_error() {
    // A file beside the pages is copied as it is: one that cannot be read
    // is named as unreadable (it used to say "cannot write").
    let dir = site_root();
    std::os::unix::fs::symlink("/nonexistent/logo.png", dir.path().join("content/logo.png"))
        .expect("symlink");
    let output = build(dir.path(), &[]);
    assert_clean_failure(&output, "content/logo.png: cannot read: ");
    assert!(
        !stderr(&output).contains("cannot write"),
        "{}",
        stderr(&output)
    );
    assert!(!dir.path().join("www").exists());
}

#[test]
fn non_utf8_file_is_named_with_its_line() {
    let dir = site_root();
    std::fs::write(dir.path().join("content/latin1.md"), b"# Caf\xe9\n\nok\n").expect("write");
    let output = build(dir.path(), &[]);
    assert_clean_failure(&output, "content/latin1.md");
    assert!(stderr(&output).contains("UTF-8"), "{}", stderr(&output));
}

#[test]
fn output_that_cannot_be_written() {
    let dir = site_root();
    std::fs::write(dir.path().join("a-file"), "not a directory").expect("write");
    let output = build(dir.path(), &["--output", "a-file/www"]);
    assert_clean_failure(&output, "a-file");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a-file")).expect("read"),
        "not a directory"
    );
}

#[test]
fn recursive_template_is_an_error_not_a_stack_overflow() {
    let dir = site_root();
    std::fs::create_dir(dir.path().join("theme")).expect("theme");
    std::fs::write(
        dir.path().join("theme/macros.html"),
        "{% macro loop(n) %}{{ self::loop(n=n+1) }}{% endmacro loop %}",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("theme/page.html"),
        "{% import \"macros.html\" as m %}{% extends \"base.html\" %}{% block main %}{{ m::loop(n=0) }}{% endblock main %}",
    )
    .expect("write");
    let output = build(dir.path(), &[]);
    assert_clean_failure(&output, "theme/");
}

#[test]
fn ten_megabyte_page_renders() {
    let dir = site_root();
    let paragraph = "A line about keys, `convai_write` and [home](index.md).\n\n";
    let big = format!(
        "# Big\n\n{}",
        paragraph.repeat(10 * 1024 * 1024 / paragraph.len())
    );
    std::fs::write(dir.path().join("content/big.md"), &big).expect("write");
    let output = build(dir.path(), &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let html = std::fs::read_to_string(dir.path().join("www/big/index.html")).expect("read");
    assert!(html.len() > 10 * 1024 * 1024);
    assert!(html.contains(r#"<code class="short">convai_write</code>"#));
}

#[test]
fn ten_thousand_levels_of_nesting_render() {
    let dir = site_root();
    let quotes = format!("# Quotes\n\n{}deep\n", "> ".repeat(10_000));
    let mut lists = String::from("# Lists\n\n");
    for level in 0..10_000 {
        lists.push_str(&"  ".repeat(level));
        lists.push_str("- item\n");
    }
    std::fs::write(dir.path().join("content/quotes.md"), quotes).expect("write");
    std::fs::write(dir.path().join("content/lists.md"), lists).expect("write");
    let output = build(dir.path(), &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let html = std::fs::read_to_string(dir.path().join("www/quotes/index.html")).expect("read");
    assert!(html.contains("deep"));
}

#[test]
fn a_fault_after_a_good_build_leaves_it_whole() {
    let dir = site_root();
    assert!(build(dir.path(), &[]).status.success());
    let before = std::fs::read(dir.path().join("www/index.html")).expect("read");
    std::fs::write(dir.path().join("content/bad.md"), b"\xff\xfe").expect("write");
    assert_eq!(build(dir.path(), &[]).status.code(), Some(1));
    assert_eq!(
        std::fs::read(dir.path().join("www/index.html")).expect("read"),
        before
    );
    assert!(!dir.path().join("www/bad").exists());
}

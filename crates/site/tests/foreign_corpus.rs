//! `site check` on a corpus nobody here wrote: the source package of the
//! `mdbook` crate (about 300 markdown files: mdBook's README, changelog and
//! its own test books), which `cargo xtask test` downloads and points
//! `KEYDOCTOR_FOREIGN_CORPUS` at. Run with `-- --ignored`.
//!
//! The corpus has real problems: mdBook's test books link to pages and
//! files that its tests create while they run, and test a duplicate
//! footnote and an unknown alert type on purpose. Each reported problem was
//! read against the files; the snapshot pins that list, so a false positive
//! (or a real problem no longer found) shows up as a snapshot change.

mod common;
use common::{site, stderr};

#[test]
#[ignore = "needs the downloaded corpus; `cargo xtask test` runs it"]
fn site_check_on_mdbooks_source_finds_only_the_real_problems() {
    let corpus = std::env::var_os("KEYDOCTOR_FOREIGN_CORPUS")
        .expect("KEYDOCTOR_FOREIGN_CORPUS names the unpacked mdbook crate");
    let root = tempfile::tempdir().expect("temp dir");
    let status = std::process::Command::new("cp")
        .arg("-R")
        .arg(&corpus)
        .arg(root.path().join("content"))
        .status()
        .expect("cp");
    assert!(status.success());
    std::fs::write(
        root.path().join("site.toml"),
        "title = \"mdBook's source\"\nbase-url = \"https://example.github.io/mdbook/\"\n",
    )
    .expect("site.toml");
    let pages = walk_md(&root.path().join("content"));
    assert!(pages > 250, "only {pages} markdown files in the corpus");

    let check = site(&["check"], root.path());
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    insta::assert_snapshot!("mdbook_check", stderr(&check));
    assert!(!root.path().join("www").exists(), "check wrote the output");
}

fn walk_md(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").path())
        .map(|p| {
            if p.is_dir() {
                walk_md(&p)
            } else {
                usize::from(p.extension().is_some_and(|e| e == "md"))
            }
        })
        .sum()
}

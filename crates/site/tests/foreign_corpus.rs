//! Books nobody here wrote: the ~50 mdBook books in the source package of
//! the `mdbook` crate (its examples and test books), which `cargo xtask
//! test` downloads and points `KEYDOCTOR_FOREIGN_CORPUS` at. Run with
//! `-- --ignored`.
//!
//! Each book is built as it is, with no edits, by `site build
//! --keep-going`: every one must build, and its reading order and titles
//! must be the ones mdBook itself renders for it
//! (`tests/fixtures/mdbook-order/corpus.txt`, written from mdBook's own
//! output by `cargo xtask mdbook-order`). Some of mdBook's test books hold
//! real problems on purpose (links to pages its tests create while they
//! run, an unknown alert type, a file that includes itself); each was read
//! against the files, and the snapshot pins every message, so a false
//! positive (or a real problem no longer found) shows up as a change.

mod common;
use common::{read, section, stderr};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What mdBook renders for each book: its chapter titles in order, or
/// `None` where mdBook did not build it.
fn mdbook_orders() -> BTreeMap<String, Option<Vec<String>>> {
    let text = read(&common::fixture("mdbook-order/corpus.txt"));
    let mut orders = BTreeMap::new();
    let mut current: Option<(String, Option<Vec<String>>)> = None;
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        if let Some(name) = line.strip_prefix("== ") {
            orders.extend(current.take());
            current = Some((name.to_owned(), Some(Vec::new())));
        } else if line.starts_with("!! ") {
            if let Some((_, titles)) = &mut current {
                *titles = None;
            }
        } else if let Some((_, Some(titles))) = &mut current {
            titles.push(line.to_owned());
        }
    }
    orders.extend(current);
    orders
}

fn books(dir: &Path, found: &mut Vec<PathBuf>) {
    if dir.join("book.toml").is_file() {
        found.push(dir.to_path_buf());
    }
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            books(&path, found);
        }
    }
}

/// The titles of the "All pages" listing, in order.
fn reading_order(www: &Path) -> Vec<String> {
    let listing = read(&www.join("all-pages/index.html"));
    let list = section(&listing, "<ol class=\"all-pages\"", "</ol>");
    list.split("<li><a href=\"")
        .skip(1)
        .map(|item| {
            let title = item.split_once("\">").expect("href").1;
            let title = title.split_once("</a>").expect("title").0;
            title
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&#x27;", "'")
                .replace("&amp;", "&")
        })
        .collect()
}

#[test]
#[ignore = "needs the downloaded corpus; `cargo xtask test` runs it"]
fn every_book_of_mdbooks_source_builds_as_it_is_in_mdbooks_order() {
    let corpus = PathBuf::from(
        std::env::var_os("KEYDOCTOR_FOREIGN_CORPUS")
            .expect("KEYDOCTOR_FOREIGN_CORPUS names the unpacked mdbook crate"),
    );
    let expected = mdbook_orders();
    let mut found = Vec::new();
    books(&corpus, &mut found);
    found.sort();
    assert!(
        found.len() >= 45,
        "only {} books in the corpus",
        found.len()
    );
    let out = tempfile::tempdir().expect("temp dir");
    let mut report = String::new();
    let mut compared = 0;
    for (i, book) in found.iter().enumerate() {
        let name = book
            .strip_prefix(&corpus)
            .expect("inside")
            .display()
            .to_string();
        let www = out.path().join(i.to_string());
        // Built where it stands, read-only: the output goes elsewhere.
        let build = std::process::Command::new(env!("CARGO_BIN_EXE_site"))
            .args(["build", "--keep-going", "--output"])
            .arg(&www)
            .current_dir(book)
            .output()
            .expect("run site");
        let printed: Vec<String> = stderr(&build)
            .lines()
            .filter(|l| !l.starts_with("Built "))
            .map(str::to_owned)
            .collect();
        report.push_str(&format!(
            "== {name} (exit {})\n",
            build.status.code().unwrap_or(-1)
        ));
        for line in &printed {
            report.push_str(line);
            report.push('\n');
        }
        assert!(
            www.join("index.html").is_file(),
            "{name} did not build:\n{}",
            printed.join("\n")
        );
        match expected.get(&name) {
            // A summary without chapters: mdBook lists none; the site has
            // only its (empty) home page.
            Some(Some(titles)) if titles.is_empty() => {
                assert_eq!(reading_order(&www).len(), 1, "{name}");
            }
            Some(Some(titles)) => {
                assert_eq!(
                    &reading_order(&www),
                    titles,
                    "{name}: not mdBook's order and titles"
                );
                compared += 1;
            }
            Some(None) => {}
            None => {
                panic!("{name} is not in mdbook-order/corpus.txt: run cargo xtask mdbook-order")
            }
        }
    }
    assert!(
        compared >= 40,
        "only {compared} books compared with mdBook's order"
    );
    insta::assert_snapshot!("mdbook_books", report);
}

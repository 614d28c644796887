//! The pastes each content page must win (`tests/pastes/`): every paste is
//! ranked exactly as `site search` and the browser rank it (the index built
//! from this repository's content by the render stage, the same ranking
//! code over the same files). Prints the hit rates and every miss.
//!
//! It fails on any paste that leaves the known state, so one wrong page is
//! seen at once: a page's paste that is not first, an uncovered paste
//! (`_none.toml`) that gets a page, or a paste naming a heading (`anchor`)
//! that lands on another section — unless the paste says it is a known
//! miss (`known_miss` / `known_section`, with why it is accepted). A known
//! miss that no longer misses fails too (take the note off, so the list
//! stays true). Beside that, the aims hold: every page's paste in
//! the top three, at least 85% first, at least 80% of `_none` nothing fits.

use std::path::{Path, PathBuf};

use keydoctor_site::search::{search_index, search_index_files};
use keydoctor_site::{BuildOptions, Config};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PasteFile {
    paste: Vec<Paste>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Paste {
    text: String,
    anchor: Option<String>,
    source: String,
    /// Why it is accepted that this paste does not put its page first
    /// (for `_none`: that it gets a page).
    known_miss: Option<String>,
    /// Why it is accepted that it lands on another section than `anchor`.
    known_section: Option<String>,
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every paste file under `dir`, with its page path (`guide/setup`).
fn paste_files(dir: &Path, prefix: &str, found: &mut Vec<(String, PathBuf)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("tests/pastes")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_owned();
        if path.is_dir() {
            paste_files(&path, &format!("{prefix}{name}/"), found);
        } else if let Some(stem) = name.strip_suffix(".toml") {
            found.push((format!("{prefix}{stem}"), path));
        }
    }
}

#[test]
fn every_paste_lands_on_its_page_and_uncovered_ones_on_nothing() {
    let root = repo_root();
    let config = Config::from_file(&root.join("site.toml")).expect("site.toml");
    let base = config.base_path().to_owned();
    let index = search_index(&BuildOptions::new(&root)).expect("the site indexes");
    let mut files = Vec::new();
    paste_files(&root.join("tests/pastes"), "", &mut files);
    assert!(files.len() > 1, "no paste files found");

    let (mut total, mut first, mut top3, mut none_total, mut none_ok) = (0, 0, 0, 0, 0);
    let (mut anchored, mut on_anchor) = (0, 0);
    let mut other_sections = Vec::new();
    let mut failures = Vec::new();
    // Pastes that left the known state (a new miss, or a known one gone).
    let mut regressions = Vec::new();
    for (page, path) in &files {
        let text = std::fs::read_to_string(path).expect("paste file");
        let file: PasteFile =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for paste in &file.paste {
            assert!(
                !paste.source.trim().is_empty(),
                "{}: a paste without a source",
                path.display()
            );
            for why in [&paste.known_miss, &paste.known_section]
                .into_iter()
                .flatten()
            {
                assert!(
                    why.split_whitespace().count() >= 5,
                    "{}: a known miss needs its reason, not {why:?}",
                    path.display()
                );
            }
            assert!(
                paste.known_section.is_none() || paste.anchor.is_some(),
                "{}: known_section without an anchor",
                path.display()
            );
            let report = search_index_files(&index, &paste.text).expect("the index opens");
            let short: String = paste
                .text
                .chars()
                .take(70)
                .collect::<String>()
                .replace('\n', " ");
            if page == "_none" {
                none_total += 1;
                if report.results.is_empty() {
                    none_ok += 1;
                    if paste.known_miss.is_some() {
                        regressions.push(format!(
                            "_none: {short:?} now gets nothing fits: take its known_miss off"
                        ));
                    }
                } else {
                    let line = format!(
                        "_none: {short:?} went to {} (score {}, terms {:?})",
                        report.results[0].url, report.results[0].score, report.terms
                    );
                    if paste.known_miss.is_none() {
                        regressions.push(format!("new miss: {line}"));
                    }
                    failures.push(line);
                }
                continue;
            }
            total += 1;
            let url = if page == "index" {
                base.clone()
            } else {
                format!("{base}{}/", page.strip_suffix("/index").unwrap_or(page))
            };
            let page_of = |found: &str| found.split('#').next().unwrap_or("").to_owned();
            let rank = report.results.iter().position(|r| page_of(&r.url) == url);
            if rank.is_some_and(|r| r < 3) {
                top3 += 1;
            }
            match rank {
                Some(0) => {
                    if std::env::var_os("PASTES_SCORES").is_some() {
                        println!("{:>7} {page}: {short:?}", report.results[0].score);
                    }
                    let landed = report.results[0].url.split_once('#').map_or("", |(_, a)| a);
                    first += 1;
                    if paste.known_miss.is_some() {
                        regressions.push(format!(
                            "{page}: {short:?} is now first: take its known_miss off"
                        ));
                    }
                    if let Some(anchor) = &paste.anchor {
                        anchored += 1;
                        if anchor == landed {
                            on_anchor += 1;
                            if paste.known_section.is_some() {
                                regressions.push(format!(
                                    "{page}: {short:?} now lands on #{anchor}: take its known_section off"
                                ));
                            }
                        } else {
                            let line =
                                format!("{page}: {short:?} landed on #{landed}, not #{anchor}");
                            if paste.known_section.is_none() {
                                regressions.push(format!("new section miss: {line}"));
                            }
                            other_sections.push(line);
                        }
                    }
                }
                _ => {
                    let line = format!(
                        "{page}: {short:?} ranked {} (first: {}; terms {:?}; counter-evidence {:?})",
                        rank.map_or("nowhere".to_owned(), |r| format!("#{}", r + 1)),
                        report.results.first().map_or("nothing fits", |r| r.url.as_str()),
                        report.terms,
                        report.counter_evidence,
                    );
                    if paste.known_miss.is_none() {
                        regressions.push(format!("new miss: {line}"));
                    }
                    failures.push(line);
                }
            }
        }
    }
    let percent = |n: usize, of: usize| {
        if of == 0 {
            100.0
        } else {
            n as f64 * 100.0 / of as f64
        }
    };
    println!(
        "pastes: {first}/{total} first ({:.0}%), {top3}/{total} in the top 3 ({:.0}%); uncovered: {none_ok}/{none_total} nothing fits ({:.0}%)",
        percent(first, total),
        percent(top3, total),
        percent(none_ok, none_total),
    );
    println!("anchors: {on_anchor}/{anchored} land on the heading they name");
    for line in &other_sections {
        println!("  other section: {line}");
    }
    for line in &failures {
        println!("  miss: {line}");
    }
    assert!(
        regressions.is_empty(),
        "pastes that left the known state (tests/pastes/README.md):\n{}",
        regressions.join("\n")
    );
    assert_eq!(
        top3,
        total,
        "pastes outside the top 3:\n{}",
        failures.join("\n")
    );
    assert!(
        percent(first, total) >= 85.0,
        "fewer than 85% first:\n{}",
        failures.join("\n")
    );
    assert!(
        percent(none_ok, none_total) >= 80.0,
        "fewer than 80% of uncovered pastes get nothing:\n{}",
        failures.join("\n")
    );
}

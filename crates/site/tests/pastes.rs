//! The pastes each content page must win (`tests/pastes/`): every paste is
//! ranked exactly as `site search` and the browser rank it (the index built
//! from this repository's content by the render stage, the same ranking
//! code over the same files). Every paste must put its page in the top
//! three, and at least 85% first (the aim for real pastes); at
//! least 80% of the pastes in `_none.toml` must get "nothing fits". Every
//! miss is listed. Prints the hit rates,
//! and how many of the pastes that name a heading (`anchor`) land on it
//! (a wrong section of the right page is listed, not failed: where a page
//! explains a fix is the writer's call, and the section chosen is the one
//! whose headings and prose match best).

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
                } else {
                    failures.push(format!(
                        "_none: {short:?} went to {} (score {}, terms {:?})",
                        report.results[0].url, report.results[0].score, report.terms
                    ));
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
                    if let Some(anchor) = &paste.anchor {
                        anchored += 1;
                        if anchor == landed {
                            on_anchor += 1;
                        } else {
                            other_sections.push(format!(
                                "{page}: {short:?} landed on #{landed}, not #{anchor}"
                            ));
                        }
                    }
                }
                _ => {
                    failures.push(format!(
                    "{page}: {short:?} ranked {} (first: {}; terms {:?}; counter-evidence {:?})",
                    rank.map_or("nowhere".to_owned(), |r| format!("#{}", r + 1)),
                    report.results.first().map_or("nothing fits", |r| r.url.as_str()),
                    report.terms,
                    report.counter_evidence,
                ))
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

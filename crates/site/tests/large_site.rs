//! A sectioned site of 10,000 pages (the build benchmark's corpus: parts of
//! ten chapters of up to 100 pages): every page can be reached from the
//! sidebar alone, following the sidebar's links, the "All pages" listing
//! its gaps lead to, and nothing else; and every page, with the theme's CSS
//! and JS, stays within the page budget (the figure is printed).

use std::collections::{BTreeSet, VecDeque};
use std::io::Write;

#[path = "../benches/corpus/mod.rs"]
mod corpus;

const PAGES: usize = 10_000;
const BASE_PATH: &str = "/bench/";
/// Any page but the checker's, gzipped: HTML, CSS and JS.
const PAGE_BUDGET: usize = 20 * 1024;

fn gzipped(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("in-memory write");
    encoder.finish().expect("in-memory write").len()
}

/// The `href`s between `start` and the `end` after it, if `html` has it.
fn links_in<'a>(html: &'a str, start: &str, end: &str) -> Vec<&'a str> {
    let Some(from) = html.find(start) else {
        return Vec::new();
    };
    let to = html[from..].find(end).map_or(html.len(), |i| from + i);
    html[from..to]
        .split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect()
}

#[test]
fn every_page_of_a_sectioned_10000_page_site_is_reachable_from_the_sidebar() {
    let dir = corpus::scratch_dir();
    corpus::generate_site(dir.path(), PAGES);
    let report = keydoctor_site::build(&keydoctor_site::BuildOptions::new(dir.path()))
        .unwrap_or_else(|e| panic!("build failed: {e}"));
    assert_eq!(report.pages, PAGES);
    let www = dir.path().join("www");

    let mut seen: BTreeSet<String> = BTreeSet::from([String::new()]);
    let mut queue = VecDeque::from([String::new()]);
    let mut largest = (0, String::new());
    while let Some(path) = queue.pop_front() {
        let file = www.join(&path).join("index.html");
        let html =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        largest = largest.max((gzipped(html.as_bytes()), path.clone()));
        let mut links = links_in(&html, "<nav class=\"sidebar\"", "</nav>");
        if path.starts_with("all-pages/") {
            links.extend(links_in(&html, "<main", "</main>"));
        }
        for link in links {
            let Some(target) = link.strip_prefix(BASE_PATH) else {
                continue;
            };
            let target = target.split('#').next().unwrap_or_default();
            if seen.insert(target.to_owned()) {
                queue.push_back(target.to_owned());
            }
        }
    }

    let pages: BTreeSet<String> = corpus::layout(PAGES)
        .iter()
        .map(|(key, _)| keydoctor_site::urls::page_path(key, None))
        .collect();
    let unreachable: Vec<&String> = pages.difference(&seen).collect();
    assert!(
        unreachable.is_empty(),
        "{} pages cannot be reached from the sidebar, such as {:?}",
        unreachable.len(),
        &unreachable[..unreachable.len().min(5)]
    );

    let shared: usize = std::fs::read_dir(&www)
        .expect("read output")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "css" || e == "js"))
        .map(|p| gzipped(&std::fs::read(p).expect("read asset")))
        .sum();
    let weight = largest.0 + shared;
    println!(
        "{PAGES} sectioned pages: heaviest page /{} is {:.1} KB gzipped, {:.1} KB with CSS and JS (budget {} KB)",
        largest.1,
        largest.0 as f64 / 1024.0,
        weight as f64 / 1024.0,
        PAGE_BUDGET / 1024
    );
    assert!(weight <= PAGE_BUDGET, "{weight} bytes");
}

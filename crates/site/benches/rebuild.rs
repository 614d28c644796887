//! Rebuild benchmark for `site serve`: a 1,000-page site is built once, then
//! one page is edited and the site rebuilt with the render cache, as the
//! watcher does. Prints the median, best and worst of the rebuilds (target:
//! under 100 ms).
//!
//! `cargo bench -p keydoctor-site --bench rebuild`

use std::time::Instant;

use keydoctor_site::{build_with_cache, BuildOptions, RenderCache};

mod corpus;

const PAGES: usize = 1_000;
const EDITS: usize = 9;
const BUDGET_MS: f64 = 100.0;

fn main() {
    let dir = corpus::scratch_dir();
    corpus::generate_site(dir.path(), PAGES);
    let options = BuildOptions::new(dir.path());
    let cache = RenderCache::default();
    let started = Instant::now();
    build_with_cache(&options, Some(&cache)).expect("first build");
    let first = started.elapsed().as_secs_f64() * 1000.0;

    let (key, _) = corpus::layout(PAGES)
        .into_iter()
        .find(|(key, _)| key.ends_with("/page-500.md"))
        .expect("page 500");
    let page = dir.path().join("content").join(&key);
    let original = std::fs::read_to_string(&page).expect("read page");
    let mut times = Vec::new();
    for edit in 0..EDITS {
        let text = original.replace("walks through", &format!("(edit {edit}) walks through"));
        std::fs::write(&page, text).expect("edit page");
        let started = Instant::now();
        build_with_cache(&options, Some(&cache)).expect("rebuild");
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        let published = format!("www/{}/index.html", key.trim_end_matches(".md"));
        let html = std::fs::read_to_string(dir.path().join(published)).expect("read output");
        assert!(
            html.contains(&format!("(edit {edit})")),
            "the edit is not in the output"
        );
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!("rebuild benchmark: {PAGES} pages, one page edited, render cache on");
    println!("  first build:  {first:>7.1} ms");
    println!(
        "  rebuild:      {median:>7.1} ms median (best {:.1}, worst {:.1}, {EDITS} edits)",
        times[0],
        times[times.len() - 1]
    );
    println!(
        "budget: rebuild under {BUDGET_MS} ms: {}",
        if median <= BUDGET_MS { "met" } else { "MISSED" }
    );
}

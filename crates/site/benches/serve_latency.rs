//! Edit-to-served latency of `site serve`: starts the real `site` binary on a
//! generated book (1,000 and 10,000 chapters), edits one chapter (a
//! sentence of its text, then its title), and polls the served page until
//! its HTML has the edit, as a writer's browser would see it. Prints the
//! median, best and worst over several edits, the median rebuild time
//! `site serve` reports for the same edits (the page is served before the
//! rebuild ends: listings and checks follow it), the median time it
//! reports for writing the search index after a rebuild (left for the next
//! edit's rebuild when that edit comes first), and whether the budget for a
//! text edit is met (median at most 100 ms at 1,000 chapters, 200 ms at
//! 10,000).
//!
//! `cargo bench -p keydoctor-site --bench serve_latency`
//! (`KEYDOCTOR_BENCH_PAGES=1000` runs one size.)

use std::time::{Duration, Instant};

#[allow(dead_code)] // only its scratch directory is used here
mod corpus;
#[path = "corpus/heavy.rs"]
mod heavy;
#[path = "../tests/common/served.rs"]
mod served;

use served::Served;

/// Book sizes and their budgets (median, ms).
const SIZES: [(usize, f64); 2] = [(1_000, 100.0), (10_000, 200.0)];
const ONE_SIZE: &str = "KEYDOCTOR_BENCH_PAGES";
const EDITS: usize = 11;
/// How long the server is left alone between edits, so each edit starts
/// from an idle server, plus up to `JITTER` more: a watcher that polls on
/// a period must not be met at the same point of its period every time.
const SETTLE: Duration = Duration::from_millis(400);
const JITTER_MS: u64 = 250;
/// Between two fetches while waiting for an edit.
const POLL: Duration = Duration::from_millis(2);
const WAIT: Duration = Duration::from_secs(60);

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// What an edit changes: a sentence of the chapter's text (the usual save:
/// one page is rendered again), or its title (every page's sidebar names
/// it, so every page is written again).
#[derive(Debug, Clone, Copy)]
enum Edit {
    Text,
    Title,
}

impl Edit {
    /// The chapter with `marker` written in.
    fn apply(self, chapter: &str, marker: &str) -> String {
        match self {
            Edit::Text => chapter.replacen(
                "Ownership is the rule set",
                &format!("Ownership ({marker}) is the rule set"),
                1,
            ),
            Edit::Title => chapter.replacen("understanding ownership", marker, 1),
        }
    }
}

/// Edits chapter 500 `EDITS` times; returns each edit's latency and the
/// rebuild and index times `site serve` reported.
fn measure(pages: usize, kind: Edit) -> Measured {
    let dir = corpus::scratch_dir();
    heavy::generate_book(dir.path(), pages);
    let served = Served::start(dir.path(), WAIT);
    let page = dir.path().join("content/chapter-500.md");
    let url = "/book/chapter-500/";
    let original = std::fs::read_to_string(&page).expect("read chapter");
    assert!(
        served.get(url).contains("Chapter 500"),
        "the chapter is not served"
    );
    let mut latencies = Vec::new();
    let mut printed = Vec::new();
    for edit in 0..EDITS {
        // A fixed spread over the jitter range, in a scrambled order.
        let jitter = (edit as u64 * 7 % EDITS as u64) * JITTER_MS / EDITS as u64;
        std::thread::sleep(SETTLE + Duration::from_millis(jitter));
        printed.extend(served.lines.try_iter());
        let marker = format!("edited-{pages}-{edit}");
        let text = kind.apply(&original, &marker);
        assert_ne!(text, original, "the edit changes nothing");
        let started = Instant::now();
        std::fs::write(&page, text).expect("edit chapter");
        loop {
            if served.get(url).contains(&marker) {
                break;
            }
            assert!(started.elapsed() < WAIT, "edit {edit} never served");
            std::thread::sleep(POLL);
        }
        latencies.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    // The search index is written after each rebuild, unless the next
    // edit comes first; the last one is always waited for.
    printed.push(served::wait_line(
        &served.lines,
        "Search index written",
        WAIT,
    ));
    printed.extend(served.lines.try_iter());
    // "Rebuilt N pages in M ms after a change to …", "Search index
    // written in M ms"
    let times = |start: &str| -> Vec<f64> {
        printed
            .iter()
            .filter(|line| line.starts_with(start))
            .filter_map(|line| {
                let rest = line.split(" in ").nth(1)?;
                rest.split(" ms").next()?.trim().parse().ok()
            })
            .collect()
    };
    Measured {
        latencies,
        rebuilds: times("Rebuilt "),
        indexes: times("Search index written"),
    }
}

/// What one run of edits measured (ms).
struct Measured {
    /// Each edit's latency, edit to served HTML.
    latencies: Vec<f64>,
    /// The rebuild times `site serve` reported.
    rebuilds: Vec<f64>,
    /// The times it reported for writing the search index after a
    /// rebuild (one each for the edits not overtaken by the next).
    indexes: Vec<f64>,
}

/// `N ms median WHAT of COUNT`, or that there were none.
fn summary(what: &str, values: &mut [f64]) -> String {
    if values.is_empty() {
        return format!("no {what} lines");
    }
    format!("{:.0} ms median {what} of {}", median(values), values.len())
}

fn main() {
    let only: Option<usize> = std::env::var(ONE_SIZE).ok().and_then(|p| p.parse().ok());
    println!("site serve: edit to served HTML, book corpus, one chapter edited {EDITS} times");
    let mut verdicts = Vec::new();
    let runs = SIZES
        .into_iter()
        .filter(|(pages, _)| only.is_none_or(|only| only == *pages))
        .flat_map(|size| [(size, Edit::Text), (size, Edit::Title)]);
    for ((pages, budget), kind) in runs {
        let Measured {
            mut latencies,
            mut rebuilds,
            mut indexes,
        } = measure(pages, kind);
        let median_latency = median(&mut latencies);
        let rebuild = summary("rebuild", &mut rebuilds);
        let index = summary("search index", &mut indexes);
        let what = match kind {
            Edit::Text => "text edit ",
            Edit::Title => "title edit",
        };
        println!(
            "  {pages:>6} chapters, {what}: {median_latency:>6.1} ms median (best {:.1}, worst {:.1}); {rebuild}; {index}",
            latencies[0],
            latencies[latencies.len() - 1],
        );
        // The budget is for the usual save; a title edit is shown beside it.
        if let Edit::Title = kind {
            continue;
        }
        verdicts.push(format!(
            "budget: text edit to served page at {pages} chapters in at most {budget} ms median ({median_latency:.1} ms): {}",
            if median_latency <= budget { "met" } else { "MISSED" }
        ));
    }
    for verdict in verdicts {
        println!("{verdict}");
    }
}

//! `cargo xtask bench`: the figures the issues set budgets for. Sizes of the
//! checker and of every page, gzipped, against their budgets; the time from
//! page load to a ready checker and from click to verdict, measured in
//! headless Chromium against the mock API; then the build-speed benchmark
//! and `site serve`'s edit-to-served latency.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use flate2::write::GzEncoder;
use flate2::Compression;
use keydoctor_site::{build, BuildOptions};

use crate::command::{self, RunExt};
use crate::{setup, suite, wasm};

/// Checker wasm + its JavaScript, gzipped.
const CHECKER_BUDGET: usize = 40 * 1024;
/// The whole checker page (HTML, CSS, JS, wasm), gzipped.
const CHECKER_PAGE_BUDGET: usize = 70 * 1024;
/// Any other page (HTML, CSS, JS), gzipped.
const PAGE_BUDGET: usize = 20 * 1024;

fn gzipped(bytes: &[u8]) -> usize {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes).expect("in-memory write");
    encoder.finish().expect("in-memory write").len()
}

fn kib(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

fn verdict(size: usize, budget: usize) -> &'static str {
    if size <= budget {
        "within budget"
    } else {
        "OVER BUDGET"
    }
}

/// Runs every benchmark and prints its figures; with `checker_only`, only
/// the checker's sizes and timings.
pub(crate) fn run(checker_only: bool) -> anyhow::Result<()> {
    sizes()?;
    timings(!checker_only)?;
    if checker_only {
        return Ok(());
    }
    command::cargo()
        .args([
            "bench",
            "--quiet",
            "--package",
            "keydoctor-site",
            "--bench",
            "build",
            "--bench",
            "serve_latency",
        ])
        .run()
}

/// Sizes of the production build (no test hosts), gzipped.
fn sizes() -> anyhow::Result<()> {
    setup::wasm_target()?;
    let pkg = wasm::build(&wasm::WasmArgs::default())?;
    let root = command::workspace_root();
    let www = root.join("target").join("bench-www");
    let mut options = BuildOptions::new(&root);
    options.output = www.clone();
    options.widget = Some(pkg);
    build(&options).context("building the site")?;

    println!("\nsizes (gzip -9)");
    let mut pages = Vec::new();
    collect_pages(&www, &mut pages)?;
    pages.sort();
    let mut checker_total = None;
    let mut worst_other = (String::new(), 0);
    for page in &pages {
        let html = std::fs::read_to_string(page)?;
        let assets = local_assets(&html, &www);
        let mut total = gzipped(html.as_bytes());
        let mut checker_files = 0;
        let mut checker_wasm = 0;
        for asset in &assets {
            let bytes = std::fs::read(www.join(asset))
                .with_context(|| format!("{asset} (from {})", page.display()))?;
            let size = gzipped(&bytes);
            total += size;
            // The checker's wasm, glue and loader (its stylesheet is part
            // of the page's weight, not of the wasm + JS figure).
            let widget_file = asset.starts_with("checker") || asset.starts_with(LOADER_PREFIX);
            if widget_file && !asset.ends_with(".css") {
                checker_files += size;
            }
            if widget_file && asset.ends_with(".wasm") {
                checker_wasm += size;
            }
        }
        let name = page
            .strip_prefix(&www)
            .unwrap_or(page)
            .display()
            .to_string();
        if assets.iter().any(|a| a.ends_with(".wasm")) {
            println!(
                "  checker wasm + JS          {:>9}  budget {:>7}  {}  (wasm {}, JS {})",
                kib(checker_files),
                kib(CHECKER_BUDGET),
                verdict(checker_files, CHECKER_BUDGET),
                kib(checker_wasm),
                kib(checker_files - checker_wasm),
            );
            println!(
                "  checker page ({name}) {:>9}  budget {:>7}  {}  ({total} of {CHECKER_PAGE_BUDGET} B)",
                kib(total),
                kib(CHECKER_PAGE_BUDGET),
                verdict(total, CHECKER_PAGE_BUDGET)
            );
            checker_total = Some(total);
        } else if total > worst_other.1 {
            worst_other = (name, total);
        }
    }
    println!(
        "  largest other page ({}) {:>9}  budget {:>7}  {}  ({} pages)",
        worst_other.0,
        kib(worst_other.1),
        kib(PAGE_BUDGET),
        verdict(worst_other.1, PAGE_BUDGET),
        pages.len()
    );
    anyhow::ensure!(checker_total.is_some(), "no page loads the checker");
    Ok(())
}

fn collect_pages(dir: &Path, pages: &mut Vec<std::path::PathBuf>) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_pages(&path, pages)?;
        } else if path.extension().is_some_and(|e| e == "html") {
            pages.push(path);
        }
    }
    Ok(())
}

/// Files a page loads from its own site: stylesheet, scripts, preloads,
/// and the wasm the loader names.
/// The published name of the widget's loader starts so (`widget-loader`
/// and its fingerprint; the test below builds a site to check it).
const LOADER_PREFIX: &str = "widget-loader";

fn local_assets(html: &str, www: &Path) -> Vec<String> {
    let mut assets = Vec::new();
    for attr in ["href=\"", "src=\""] {
        for (at, _) in html.match_indices(attr) {
            let rest = &html[at + attr.len()..];
            let url = &rest[..rest.find('"').unwrap_or(0)];
            let file = url.rsplit('/').next().unwrap_or("");
            let is_asset = [".css", ".js", ".wasm", ".svg"]
                .iter()
                .any(|e| file.ends_with(e));
            if is_asset && !assets.iter().any(|a| a == file) {
                assets.push(file.to_owned());
            }
        }
    }
    // The loader fetches the wasm; its name is in the loader's text.
    let loaders: Vec<String> = assets
        .iter()
        .filter(|a| a.starts_with(LOADER_PREFIX))
        .cloned()
        .collect();
    for loader in loaders {
        let text = std::fs::read_to_string(www.join(&loader)).unwrap_or_default();
        let wasm = text
            .split('"')
            .find(|part| part.ends_with(".wasm"))
            .map(|part| part.trim_start_matches("./").to_owned());
        assets.extend(wasm);
    }
    assets
}

/// Load-to-ready and click-to-verdict in Chromium, against the mock; then
/// Lighthouse when `lighthouse`.
fn timings(lighthouse: bool) -> anyhow::Result<()> {
    setup::browser_tools()?;
    let served = suite::serve_test_site()?;
    let e2e = command::workspace_root().join("tests").join("e2e");
    setup::npm_packages(&e2e)?;
    println!("\nchecker timings (headless Chromium, mock API on 127.0.0.1, no delay)");
    let node = |args: &[&str]| {
        let mut command = served.node(&e2e);
        command.args(args);
        command
    };
    node(&["bench.mjs"]).run()?;
    if !lighthouse {
        return Ok(());
    }
    println!("\nLighthouse (home and checker pages; budget: every category >= 0.95)");
    node(&["--test", "--test-reporter=spec", "lighthouse.test.mjs"]).run()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_with_the_widget_counts_the_wasm_its_loader_fetches() {
        // A one-page site with a widget, built as `site build` builds it.
        let root = tempfile::tempdir().expect("temp dir");
        let write = |path: &str, bytes: &[u8]| {
            let path = root.path().join(path);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
            std::fs::write(path, bytes).expect("write");
        };
        write(
            "site.toml",
            b"title = \"W\"\nbase-url = \"https://example.com/w/\"\n",
        );
        write("content/index.md", b"# Home\n\n```widget\n```\n");
        write("widget/widget.json", b"{}");
        write("widget/widget.js", b"export default function init() {}");
        write("widget/widget_bg.wasm", b"\0asm");
        let mut options = BuildOptions::new(root.path());
        options.widget = Some(root.path().join("widget"));
        build(&options).expect("the site builds");
        let www = root.path().join("www");
        let html = std::fs::read_to_string(www.join("index.html")).expect("the home page");
        let found = local_assets(&html, &www);
        assert!(found.iter().any(|a| a.ends_with(".wasm")), "{found:?}");
    }
}

//! `cargo xtask test`: every test keydoctor has, cheapest first. This is the
//! README's test command and what CI runs.
//!
//! After the Rust tests it builds the checker with its `test-hosts` feature,
//! starts the mock ElevenLabs API, builds the site pointing the checker at
//! the mock, serves it under its sub-path, drives it in headless Chromium
//! (`tests/e2e`, node:test + playwright-core) and validates every page with
//! the Nu HTML checker.

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::Path;
use std::process::Command;

use anyhow::Context;
use clap::Args;
use keydoctor_site::serve::Server;
use keydoctor_site::{build, BuildOptions};

use crate::command::{self, RunExt};
use crate::{foreign, mock_api, setup, snippets, summary, wasm};

/// Which parts of the suite to run.
#[derive(Debug, Clone, Args)]
pub(crate) struct TestArgs {
    /// Skip `cargo fmt --check` and clippy.
    #[arg(long)]
    pub(crate) no_lint: bool,
    /// Skip the Rust unit and integration tests.
    #[arg(long)]
    pub(crate) no_cargo_test: bool,
    /// Only run browser test files whose name contains this.
    #[arg(long)]
    pub(crate) e2e_filter: Option<String>,
}

/// Runs the suite; the first failing stage stops it.
pub(crate) fn run(args: &TestArgs) -> anyhow::Result<()> {
    setup::browser_tools()?;
    if !args.no_lint {
        command::cargo().args(["fmt", "--all", "--check"]).run()?;
        command::cargo()
            .args([
                "clippy",
                "--workspace",
                "--all-targets",
                "--quiet",
                "--",
                "-D",
                "warnings",
            ])
            .run()?;
        command::cargo()
            .args([
                "clippy",
                "--quiet",
                "--package",
                "keydoctor-checker",
                "--target",
                "wasm32-unknown-unknown",
                "--",
                "-D",
                "warnings",
            ])
            .run()?;
    }
    if !args.no_cargo_test {
        command::cargo()
            .args(["test", "--workspace", "--quiet"])
            .env("PROPTEST_CASES", PROPTEST_CASES.to_string())
            .run()?;
        // site check on a corpus nobody here wrote (mdBook's own books).
        let corpus = foreign::mdbook_corpus()?;
        command::cargo()
            .args([
                "test",
                "--quiet",
                "--package",
                "keydoctor-site",
                "--test",
                "foreign_corpus",
            ])
            .args(["--", "--ignored"])
            .env("KEYDOCTOR_FOREIGN_CORPUS", &corpus)
            .run()?;
    }
    let site_bin = command::workspace_root().join("target/debug/site");
    // `cargo test` has just built the binary for the integration tests;
    // building it again without the dev-dependencies' features would
    // recompile part of the dependency tree for nothing.
    if args.no_cargo_test || !site_bin.is_file() {
        command::cargo()
            .args([
                "build",
                "--quiet",
                "--package",
                "keydoctor-site",
                "--bin",
                "site",
            ])
            .run()?;
    }
    let served = serve_test_site()?;
    // The pages' own snippets, as a reader would run them, against the mock.
    let snippet_result = snippets::run(&site_bin, &served.api_origin);
    let e2e = command::workspace_root().join("tests").join("e2e");
    setup::npm_packages(&e2e)?;
    let files = e2e_files(&e2e, args.e2e_filter.as_deref())?;
    // Lighthouse measures performance, so it runs alone, after the others,
    // which run three files at a time (they mostly wait on the network).
    let (alone, together): (Vec<String>, Vec<String>) =
        files.into_iter().partition(|f| f.starts_with("lighthouse"));
    let node = |files: &[String], concurrency: u32, report: &Path| {
        let mut node = served.node(&e2e);
        node.arg("--test")
            .arg(format!("--test-concurrency={concurrency}"))
            .args(["--test-reporter=spec", "--test-reporter-destination=stdout"])
            .args(["--test-reporter=./summary-reporter.mjs"])
            .arg(format!("--test-reporter-destination={}", report.display()))
            .env("KEYDOCTOR_SITE_BIN", &site_bin)
            .args(files);
        node
    };
    let target = command::workspace_root().join("target");
    let reports = [
        target.join("e2e-summary.json"),
        target.join("e2e-summary-alone.json"),
    ];
    for report in &reports {
        let _ = std::fs::remove_file(report);
    }
    let mut browser_result = Ok(());
    for (files, concurrency, report) in [(&together, 3, &reports[0]), (&alone, 1, &reports[1])] {
        if !files.is_empty() && browser_result.is_ok() {
            browser_result = node(files, concurrency, report).run();
        }
    }
    let html_result = browser_result
        .as_ref()
        .ok()
        .map(|()| validate_html(&e2e, &served.www));
    summary::print(
        &reports,
        !args.no_cargo_test,
        html_result.as_ref().map(Result::is_ok),
        snippet_result.as_ref().ok().copied(),
    )?;
    snippet_result?;
    browser_result?;
    html_result.unwrap_or(Ok(()))?;
    eprintln!("xtask: every test passed");
    Ok(())
}

/// Cases each property test runs in the suite.
pub(crate) const PROPTEST_CASES: u32 = 1_000;

/// The test site, served, with the mock API beside it.
pub(crate) struct ServedSite {
    /// `http://127.0.0.1:PORT/keydoctor/`
    pub(crate) site_url: String,
    /// The mock API's origin.
    pub(crate) api_origin: String,
    /// An origin that refuses connections.
    pub(crate) dead_origin: String,
    /// The built site's directory.
    pub(crate) www: std::path::PathBuf,
    /// Keeps the server alive.
    _server: Server,
}

impl ServedSite {
    /// `node`, run in `dir`, told where the site, the mock API, a dead API
    /// origin and the built files are (what `tests/e2e/browser.mjs` reads).
    pub(crate) fn node(&self, dir: &Path) -> Command {
        let mut node = Command::new("node");
        node.current_dir(dir)
            .env("KEYDOCTOR_SITE", &self.site_url)
            .env("KEYDOCTOR_API", &self.api_origin)
            .env("KEYDOCTOR_DEAD_API", &self.dead_origin)
            .env("KEYDOCTOR_WWW", &self.www);
        node
    }
}

/// Builds the checker for the mock, the site pointing at it, and serves both.
pub(crate) fn serve_test_site() -> anyhow::Result<ServedSite> {
    let root = command::workspace_root();
    let pkg = wasm::build(&wasm::WasmArgs {
        test_hosts: true,
        ..Default::default()
    })?;
    let api_origin = mock_api::start()?;
    let dead_origin = mock_api::refused_origin()?;
    let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
        .local_addr()?
        .port();
    let base_path = "/keydoctor/";
    let site_url = format!("http://127.0.0.1:{port}{base_path}");
    let www = root.join("target").join("e2e-www");
    let mut options = BuildOptions::new(&root);
    options.output = www.clone();
    options.base_url = Some(site_url.clone());
    // The mock under another host name: where its redirects point. Allowed
    // by the test page's CSP, so the checker can name a redirect's target.
    let alias_origin = api_origin.replace("127.0.0.1", "localhost");
    wasm::write_manifest(
        &pkg,
        &[
            (api_origin.clone(), format!("{api_origin} (mock API)")),
            (
                dead_origin.clone(),
                format!("{dead_origin} (refuses connections, on purpose)"),
            ),
            (
                alias_origin.clone(),
                format!("{alias_origin} (mock API under another name)"),
            ),
        ],
    )?;
    options.widget = Some(pkg);
    let report = build(&options).context("building the test site")?;
    eprintln!(
        "xtask: built the test site ({} pages) in {}",
        report.pages,
        www.display()
    );
    let server = Server::start(
        &www,
        base_path,
        SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
    )
    .context("serving the test site")?;
    eprintln!("xtask: serving {site_url}; mock API at {api_origin}");
    Ok(ServedSite {
        site_url,
        api_origin,
        dead_origin,
        www,
        _server: server,
    })
}

fn e2e_files(dir: &Path, filter: Option<&str>) -> anyhow::Result<Vec<String>> {
    let mut files: Vec<String> = std::fs::read_dir(dir)?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".test.mjs"))
        .filter(|name| filter.is_none_or(|f| name.contains(f)))
        .collect();
    files.sort();
    Ok(files)
}

/// The Nu HTML checker (npm `vnu-jar`) on every built page: no errors.
fn validate_html(e2e: &Path, www: &Path) -> anyhow::Result<()> {
    let jar = e2e.join("node_modules/vnu-jar/build/dist/vnu.jar");
    Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args([
            "--errors-only",
            "--skip-non-html",
            "--filterpattern",
            ".*Trailing slash on void elements.*",
        ])
        .arg(www)
        .run()
        .context("the Nu HTML checker found errors")
}

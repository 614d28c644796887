//! `cargo xtask`: keydoctor's project automation. Builds the checker's
//! WebAssembly, serves the site with it, runs every test (unit, integration,
//! browser end-to-end, HTML validation) and the benchmarks.

mod bench;
mod command;
mod docs_contract;
mod foreign;
mod mdbook_order;
mod minify;
mod mock_api;
mod mutants;
mod peers;
mod setup;
mod shots;
mod snippets;
mod suite;
mod summary;
mod wasm;

use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

/// keydoctor's project tasks. Each does its own set-up.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Debug, Subcommand)]
enum Task {
    /// Build the checker's WebAssembly (size-tuned release profile,
    /// wasm-bindgen `--target web`, short wasm<->JS names, minified glue,
    /// `wasm-opt -Oz` when installed).
    Wasm(wasm::WasmArgs),
    /// Build the checker and the site, then serve it on 127.0.0.1.
    Serve {
        /// Port to listen on.
        #[arg(long, default_value_t = 1111)]
        port: u16,
    },
    /// Serve the test build: the checker pointed at a local mock of the
    /// ElevenLabs API (for trying every verdict by hand).
    MockSite,
    /// Print the figures with budgets: checker and page sizes (gzipped),
    /// checker start-up and check times in Chromium, site build speed.
    Bench {
        /// Instead, build a highlight-heavy book with site, Hugo and mdBook
        /// side by side (installing the peers when missing).
        #[arg(long)]
        peers: bool,
        /// Only the checker's figures: its size and its page's, time to
        /// ready and click to verdict (no Lighthouse, no build benchmarks).
        #[arg(long, conflicts_with = "peers")]
        checker: bool,
    },
    /// Measure the checker's test strength with cargo-mutants (installed
    /// into target/tools on first use): its pure modules (all but `web`),
    /// one job at a time; prints each module's score and every missed
    /// mutant. Slow: about an hour for every module on a shared machine.
    Mutants(mutants::MutantsArgs),
    /// Screenshot every verdict card, the permission report and the
    /// checker's other states at 1280 and 390 px, light and dark, into a
    /// folder (default target/shots), for a person to look at.
    Shots(shots::ShotsArgs),
    /// Run every test: formatting, clippy, unit and integration tests, the
    /// checker in headless Chromium against a mock API, HTML validation.
    Test(suite::TestArgs),
    /// Regenerate tests/fixtures/mdbook-order/: the chapters mdBook itself
    /// renders, in order, for mdBook's guide and each book of the foreign
    /// corpus (installs mdBook into target/peers/ when missing).
    MdbookOrder,
}

/// Builds the checker, starts `site serve` with it, and rebuilds the
/// checker when its sources change; `site serve` watches the checker's
/// output directory and reloads the pages.
fn serve(port: u16) -> anyhow::Result<()> {
    setup::wasm_target()?;
    let pkg = wasm::build(&wasm::WasmArgs::default())?;
    let mut site = command::cargo()
        .args([
            "run",
            "--release",
            "--quiet",
            "--package",
            "keydoctor-site",
            "--bin",
            "site",
            "--",
            "serve",
        ])
        .arg("--port")
        .arg(port.to_string())
        .arg("--widget")
        .arg(&pkg)
        .spawn()
        .context("cannot start site serve")?;
    let sources = command::workspace_root().join("crates/checker/src");
    let mut watcher = keydoctor_site::serve::Watcher::new(vec![sources])
        .context("cannot watch the checker's sources")?;
    loop {
        let changes = watcher.wait(std::time::Duration::from_millis(300));
        if let Some(status) = site.try_wait()? {
            anyhow::bail!("site serve stopped ({status})");
        }
        if !changes.is_empty() {
            eprintln!("xtask: the checker's sources changed; rebuilding it");
            if let Err(error) = wasm::build(&wasm::WasmArgs::default()) {
                eprintln!("xtask: the checker did not build: {error:#}");
            }
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.task {
        Task::Wasm(args) => wasm::build(&args).map(drop),
        Task::Serve { port } => serve(port),
        Task::MockSite => {
            let served = suite::serve_test_site()?;
            eprintln!(
                "Open {}missing-convai-write/ and pick {} (mock API) as the API host.\n\
                 {} refuses connections, on purpose: pick it to see a blocked request.\n\n\
                 What the mock answers (a key with agent {}, or the key {} with an agent id):",
                served.site_url,
                served.api_origin,
                served.dead_origin,
                mock_api::AGENT_OK,
                mock_api::KEY_OK,
            );
            for scenario in mock_api::SCENARIOS {
                eprintln!("  {:<54} {}", scenario.trigger, scenario.answer);
            }
            eprintln!("\nCtrl+C to stop.");
            loop {
                std::thread::park();
            }
        }
        Task::Shots(args) => shots::run(&args),
        Task::Test(args) => suite::run(&args),
        Task::Mutants(args) => mutants::run(&args),
        Task::MdbookOrder => mdbook_order::run(),
        Task::Bench { peers: true, .. } => peers::run(),
        Task::Bench { checker, .. } => bench::run(checker),
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}

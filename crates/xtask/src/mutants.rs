//! `cargo xtask mutants`: how strong the checker's tests are, measured with
//! cargo-mutants on its pure modules (every file of crates/checker/src but
//! the browser glue in `web`, which the host does not compile), one job at
//! a time (the machine is shared). Installs cargo-mutants into
//! `target/tools` on first use, makes one run over the chosen files (one
//! baseline build, in a copy of the sources without `target/`), then
//! prints each file's score over its viable mutants and every mutant no
//! test caught. The outcome stays in `target/mutants/mutants.out`.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context};
use clap::Args;

use crate::command::{self, RunExt};

/// The cargo-mutants release the scores are measured with: another
/// release may generate other mutants.
const CARGO_MUTANTS_VERSION: &str = "27.1.0";

/// The checker's sources, relative to the workspace root.
const SOURCES: &str = "crates/checker/src";

/// The share of viable mutants each module's tests should catch (issue 18).
const TARGET_PERCENT: f64 = 95.0;

/// What to mutate.
#[derive(Debug, Clone, Args)]
pub(crate) struct MutantsArgs {
    /// Modules of crates/checker/src to mutate, such as `diagnosis input`
    /// [default: every module but `web`].
    modules: Vec<String>,
    /// Mutants built and tested at once.
    #[arg(long, short, default_value_t = 1)]
    jobs: u32,
}

/// One file's outcomes.
#[derive(Default)]
struct Score {
    caught: usize,
    timeouts: usize,
    missed: Vec<String>,
    unviable: usize,
}

impl Score {
    fn viable(&self) -> usize {
        self.caught + self.timeouts + self.missed.len()
    }

    /// Caught or timed out, of the viable ones, in percent.
    fn percent(&self) -> f64 {
        match self.viable() {
            0 => 100.0,
            viable => 100.0 * (self.caught + self.timeouts) as f64 / viable as f64,
        }
    }
}

pub(crate) fn run(args: &MutantsArgs) -> anyhow::Result<()> {
    let root = command::workspace_root();
    let binary = install(&root)?;
    let out = root.join("target/mutants");
    std::fs::create_dir_all(&out)?;
    let mut mutants = Command::new(&binary);
    mutants
        .current_dir(&root)
        .args(["mutants", "--package", "keydoctor-checker"]);
    if args.modules.is_empty() {
        // `web` is compiled for wasm32 only: on the host its mutants would
        // all pass as "missed".
        mutants.args(["--file", &format!("{SOURCES}/*.rs")]).args([
            "--exclude",
            &format!("{SOURCES}/web.rs"),
            "--exclude",
            &format!("{SOURCES}/web/**"),
        ]);
    } else {
        for module in &args.modules {
            let file = format!("{SOURCES}/{module}.rs");
            if !root.join(&file).is_file() {
                bail!("no module {module}: {file} does not exist");
            }
            mutants.args(["--file", &file]);
        }
    }
    // No --timeout: cargo-mutants' own (five times the baseline's test
    // time, at least 20 s) ends a mutant that loops forever soon enough.
    mutants
        .args(["--jobs", &args.jobs.to_string()])
        .arg("--output")
        .arg(&out)
        // The unit tests carry the verdicts; the property tests (tests/fuzz.rs)
        // run in the suite, and would make each mutant take minutes.
        .args(["--", "--lib"]);
    let line = command::describe(&mutants);
    eprintln!("$ {line}");
    let status = mutants
        .status()
        .with_context(|| format!("cannot start `{line}`"))?;
    // cargo-mutants exits with 2 when a mutant was missed and 3 when one
    // timed out: those runs are complete, and their outcome is the score.
    if !matches!(status.code(), Some(0 | 2 | 3)) {
        bail!(
            "cargo-mutants failed ({status}); see {}",
            out.join("mutants.out/debug.log").display()
        );
    }
    report(&out.join("mutants.out"))
}

/// cargo-mutants in `target/tools`, installed there when missing.
fn install(root: &Path) -> anyhow::Result<std::path::PathBuf> {
    let tools = root.join("target/tools");
    let binary = tools.join("bin/cargo-mutants");
    if !binary.is_file() {
        eprintln!("xtask: installing cargo-mutants {CARGO_MUTANTS_VERSION} into target/tools (a few minutes, once)");
        command::cargo()
            .args([
                "install",
                "--locked",
                "--version",
                CARGO_MUTANTS_VERSION,
                "cargo-mutants",
                "--root",
            ])
            .arg(&tools)
            .run()?;
    }
    Ok(binary)
}

/// Prints each file's score from cargo-mutants' `outcomes.json`.
fn report(dir: &Path) -> anyhow::Result<()> {
    let path = dir.join("outcomes.json");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let outcomes: serde_json::Value =
        serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))?;
    let mut scores: BTreeMap<String, Score> = BTreeMap::new();
    let mut tested = 0;
    for outcome in outcomes["outcomes"].as_array().into_iter().flatten() {
        let Some(mutant) = outcome["scenario"].get("Mutant") else {
            continue; // the baseline
        };
        tested += 1;
        let file = mutant["file"].as_str().unwrap_or("?");
        let module = file
            .strip_prefix(SOURCES)
            .map_or(file, |m| m.trim_start_matches('/'));
        let score = scores.entry(module.to_owned()).or_default();
        match outcome["summary"].as_str() {
            Some("CaughtMutant") => score.caught += 1,
            Some("Timeout") => score.timeouts += 1,
            Some("MissedMutant") => score
                .missed
                .push(mutant["name"].as_str().unwrap_or("?").to_owned()),
            _ => score.unviable += 1,
        }
    }
    let total = outcomes["total_mutants"].as_u64().unwrap_or(0);
    eprintln!(
        "\ncargo-mutants {CARGO_MUTANTS_VERSION} on {SOURCES} (caught / viable; a timeout counts as caught):"
    );
    for (module, score) in &scores {
        let flag = if score.percent() < TARGET_PERCENT {
            "  below 95%"
        } else {
            ""
        };
        eprintln!(
            "  {module:<14} {:>4} / {:<4} {:5.1}%   ({} unviable){flag}",
            score.caught + score.timeouts,
            score.viable(),
            score.percent(),
            score.unviable,
        );
        for missed in &score.missed {
            eprintln!("      missed: {missed}");
        }
    }
    if tested < total {
        bail!("the run stopped after {tested} of {total} mutants; the scores above are partial");
    }
    eprintln!("Outcomes, logs and diffs: {}", dir.display());
    Ok(())
}

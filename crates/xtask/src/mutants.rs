//! `cargo xtask mutants`: how strong the checker's tests are, measured with
//! cargo-mutants on its pure modules (diagnosis, input, verdict, report),
//! one file at a time, one job at a time (the machine is shared). Installs
//! cargo-mutants into `target/tools` on first use, then prints each file's
//! score over its viable mutants and every mutant no test caught.

use std::path::Path;

use anyhow::Context;
use clap::Args;

use crate::command::{self, RunExt};

/// The checker's pure modules, whose tests carry the verdicts.
const PURE_MODULES: [&str; 4] = ["diagnosis", "input", "verdict", "report"];

/// What to mutate.
#[derive(Debug, Clone, Args)]
pub(crate) struct MutantsArgs {
    /// Modules of crates/checker/src to mutate [default: diagnosis, input,
    /// verdict, report].
    modules: Vec<String>,
    /// Mutants built and tested at once.
    #[arg(long, short, default_value_t = 1)]
    jobs: u32,
}

/// One file's outcome.
struct Score {
    caught: usize,
    missed: Vec<String>,
    timeouts: usize,
    unviable: usize,
}

pub(crate) fn run(args: &MutantsArgs) -> anyhow::Result<()> {
    let root = command::workspace_root();
    let tools = root.join("target/tools");
    let binary = tools.join("bin/cargo-mutants");
    if !binary.is_file() {
        command::cargo()
            .args(["install", "--locked", "cargo-mutants", "--root"])
            .arg(&tools)
            .run()?;
    }
    let modules: Vec<&str> = if args.modules.is_empty() {
        PURE_MODULES.to_vec()
    } else {
        args.modules.iter().map(String::as_str).collect()
    };
    let mut scores = Vec::new();
    for module in modules {
        let out = root.join("target/mutants").join(module);
        std::fs::create_dir_all(&out)?;
        // cargo-mutants exits non-zero when a mutant is missed: read its
        // outcome files rather than its status.
        let _ = std::process::Command::new(&binary)
            .current_dir(&root)
            .args(["mutants", "--package", "keydoctor-checker", "--file"])
            .arg(format!("crates/checker/src/{module}.rs"))
            .args([
                "--jobs",
                &args.jobs.to_string(),
                "--timeout",
                "120",
                "--output",
            ])
            .arg(&out)
            // The unit tests carry the verdicts; the property tests are
            // run by the suite.
            .args(["--", "--lib"])
            .run();
        scores.push((module, read_score(&out.join("mutants.out"))?));
    }
    eprintln!("\ncargo-mutants on crates/checker (caught / viable, timeouts count as caught):");
    for (module, score) in &scores {
        let viable = score.caught + score.timeouts + score.missed.len();
        let percent = if viable == 0 {
            100.0
        } else {
            100.0 * (score.caught + score.timeouts) as f64 / viable as f64
        };
        eprintln!(
            "  {module:<10} {:>4} / {viable:<4} {percent:5.1}%   ({} unviable)",
            score.caught + score.timeouts,
            score.unviable
        );
        for missed in &score.missed {
            eprintln!("      missed: {missed}");
        }
    }
    Ok(())
}

fn lines(path: &Path) -> anyhow::Result<Vec<String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect())
}

fn read_score(dir: &Path) -> anyhow::Result<Score> {
    Ok(Score {
        caught: lines(&dir.join("caught.txt"))?.len(),
        missed: lines(&dir.join("missed.txt"))?,
        timeouts: lines(&dir.join("timeout.txt"))?.len(),
        unviable: lines(&dir.join("unviable.txt"))?.len(),
    })
}

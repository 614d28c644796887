//! The troubleshooting pages' snippets, run as a reader would run them:
//! `site test` on this site with the API host pointed at the mock API and
//! the pages' placeholder key and agent id replaced by ones the mock
//! accepts. Python snippets get `requests` and `python-dotenv` from a
//! virtual environment under `target/` (made on first use, from PyPI).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Context;

use crate::command::{self, RunExt};
use crate::mock_api::{AGENT_OK, KEY_OK};

/// The real API host, as the pages write it.
const API_HOST: &str = "https://api.elevenlabs.io";
/// The placeholders the pages use for a reader's key and agent id.
const KEY_PLACEHOLDER: &str = "sk_your_key_here";
const AGENT_PLACEHOLDER: &str = "agent_your_agent_id";
/// What the Python snippets import.
const PYTHON_PACKAGES: [&str; 2] = ["requests", "python-dotenv"];

/// How the snippets fared.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SnippetCount {
    /// Blocks that did what their page promises.
    pub(crate) passed: usize,
    /// Blocks that did not.
    pub(crate) failed: usize,
}

/// A virtual environment with the Python snippets' packages.
fn python_env() -> anyhow::Result<PathBuf> {
    let venv = command::workspace_root().join("target/snippet-python");
    let python = venv.join("bin/python3");
    let ready = python.is_file()
        && Command::new(&python)
            .args(["-c", "import requests, dotenv"])
            .output()
            .is_ok_and(|o| o.status.success());
    if !ready {
        eprintln!("xtask: making a Python environment for the pages' snippets");
        Command::new("python3")
            .args(["-m", "venv", "--clear"])
            .arg(&venv)
            .run()
            .context("python3 -m venv (Debian: apt install python3-venv)")?;
        Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .args(PYTHON_PACKAGES)
            .run()?;
    }
    Ok(venv.join("bin"))
}

/// Runs every runnable block of the site against the mock API at
/// `api_origin`, printing `site test`'s report.
pub(crate) fn run(site_bin: &Path, api_origin: &str) -> anyhow::Result<SnippetCount> {
    let bin = python_env()?;
    let path = std::env::var_os("PATH").unwrap_or_default();
    let path = std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(&path)))?;
    let output = Command::new(site_bin)
        .args(["-v", "test", "--root"])
        .arg(command::workspace_root())
        .arg("--substitute")
        .arg(format!("{API_HOST}={api_origin}"))
        .arg("--substitute")
        .arg(format!("{KEY_PLACEHOLDER}={KEY_OK}"))
        .arg("--substitute")
        .arg(format!("{AGENT_PLACEHOLDER}={AGENT_OK}"))
        .env("PATH", path)
        .output()
        .context("cannot run site test")?;
    let report = String::from_utf8_lossy(&output.stderr);
    eprint!("{report}");
    let count = SnippetCount {
        passed: report.lines().filter(|l| l.starts_with("ok ")).count(),
        failed: report.lines().filter(|l| l.starts_with("FAIL ")).count(),
    };
    anyhow::ensure!(
        output.status.success(),
        "the pages' snippets failed against the mock API"
    );
    anyhow::ensure!(count.passed > 0, "no runnable snippet was found");
    Ok(count)
}

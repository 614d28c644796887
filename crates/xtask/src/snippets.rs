//! The troubleshooting pages' snippets, run as a reader would run them:
//! `site test` on this site with the API host pointed at the mock API and
//! the pages' placeholder key and agent id replaced by ones the mock
//! accepts (and the "old key" of the stale-key page by a valid key that
//! lacks `convai_write`, as a key replaced for that reason would; Twilio's
//! host and a reader's Twilio SID and token likewise, for the phone-call
//! page's credential check). Python snippets get `requests` and `python-dotenv` from a
//! virtual environment under `target/` (made on first use, from PyPI).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Context;

use crate::command::{self, RunExt};
use crate::mock_api::{AGENT_OK, KEY_NO_CONVAI, KEY_OK, TWILIO_SID_OK, TWILIO_TOKEN_OK};

/// The real API host, as the pages write it.
const API_HOST: &str = "https://api.elevenlabs.io";
/// Twilio's API host (the phone-call page checks Twilio credentials), which
/// the mock also answers.
const TWILIO_HOST: &str = "https://api.twilio.com";
/// The placeholders for a reader's Twilio Account SID and Auth Token.
const TWILIO_SID_PLACEHOLDER: &str = "AC_your_account_sid";
const TWILIO_TOKEN_PLACEHOLDER: &str = "your_twilio_auth_token";
/// The placeholders the pages use for a reader's key and agent id.
const KEY_PLACEHOLDER: &str = "sk_your_key_here";
/// The key a reader replaced but their environment still holds.
const OLD_KEY_PLACEHOLDER: &str = "sk_your_old_key";
const AGENT_PLACEHOLDER: &str = keydoctor_checker::hosts::AGENT_PLACEHOLDER;
/// What the Python snippets import.
const PYTHON_PACKAGES: [&str; 2] = ["requests", "python-dotenv"];

/// How the snippets fared.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SnippetCount {
    /// Blocks that did what their page promises.
    pub(crate) passed: usize,
    /// Blocks that did not.
    pub(crate) failed: usize,
    /// Blocks that fail, showing `missing_permissions`, with a key that
    /// lacks `convai_write`.
    pub(crate) scoped_failed: usize,
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

/// `site test` on this site against the mock API at `api_origin`, with
/// the pages' placeholder key replaced by `key`.
fn site_test(site_bin: &Path, api_origin: &str, key: &str) -> anyhow::Result<std::process::Output> {
    let bin = python_env()?;
    let path = std::env::var_os("PATH").unwrap_or_default();
    let path = std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(&path)))?;
    Command::new(site_bin)
        .args(["-v", "test", "--root"])
        .arg(command::workspace_root())
        .arg("--substitute")
        .arg(format!("{API_HOST}={api_origin}"))
        .arg("--substitute")
        .arg(format!("{KEY_PLACEHOLDER}={key}"))
        .arg("--substitute")
        .arg(format!("{OLD_KEY_PLACEHOLDER}={KEY_NO_CONVAI}"))
        .arg("--substitute")
        .arg(format!("{AGENT_PLACEHOLDER}={AGENT_OK}"))
        .arg("--substitute")
        .arg(format!("{TWILIO_HOST}={api_origin}"))
        .arg("--substitute")
        .arg(format!("{TWILIO_SID_PLACEHOLDER}={TWILIO_SID_OK}"))
        .arg("--substitute")
        .arg(format!("{TWILIO_TOKEN_PLACEHOLDER}={TWILIO_TOKEN_OK}"))
        .env("PATH", path)
        .output()
        .context("cannot run site test")
}

/// Runs every runnable block of the site against the mock API at
/// `api_origin`: with a working key each must do what its page promises;
/// with a key lacking `convai_write`, each that calls the API must fail
/// and show `missing_permissions`, as the pages say it will.
pub(crate) fn run(site_bin: &Path, api_origin: &str) -> anyhow::Result<SnippetCount> {
    let output = site_test(site_bin, api_origin, KEY_OK)?;
    let report = String::from_utf8_lossy(&output.stderr);
    eprint!("{report}");
    let mut count = SnippetCount {
        passed: report.lines().filter(|l| l.starts_with("ok ")).count(),
        failed: report.lines().filter(|l| l.starts_with("FAIL ")).count(),
        scoped_failed: 0,
    };
    anyhow::ensure!(
        output.status.success(),
        "the pages' snippets failed against the mock API"
    );
    anyhow::ensure!(count.passed > 0, "no runnable snippet was found");

    let scoped = site_test(site_bin, api_origin, KEY_NO_CONVAI)?;
    let report = String::from_utf8_lossy(&scoped.stderr);
    let failures = failed_blocks(&report);
    eprintln!(
        "xtask: with a key lacking convai_write, {} of {} snippets fail, as their pages say",
        failures.len(),
        count.passed
    );
    anyhow::ensure!(
        !failures.is_empty(),
        "with a key lacking convai_write every snippet still passed:\n{report}"
    );
    if let Some((block, _)) = failures
        .iter()
        .find(|(_, output)| !output.contains("missing_permissions"))
    {
        anyhow::bail!("{block} failed without showing missing_permissions:\n{report}");
    }
    count.scoped_failed = failures.len();

    // The commands the checker shows, run as written with the key in the
    // shell variable: a verdict's (the agent id filled in), and the page's
    // fallback (which sets the agent id itself, once the reader puts
    // theirs in place of the placeholder).
    use keydoctor_checker::hosts::{curl_command, fallback_command};
    for (what, command) in [
        (
            "a verdict's curl command",
            curl_command(api_origin, AGENT_OK),
        ),
        (
            "the page's fallback command",
            fallback_command(api_origin).replace(AGENT_PLACEHOLDER, AGENT_OK),
        ),
    ] {
        let output = Command::new("bash")
            .args(["-c", &command])
            .env("ELEVENLABS_API_KEY", KEY_OK)
            .env_remove("ELEVENLABS_AGENT_ID")
            .output()
            .context("cannot run bash")?;
        let printed = String::from_utf8_lossy(&output.stdout);
        anyhow::ensure!(
            output.status.success()
                && printed.ends_with("\nHTTP 200\n")
                && printed.contains("signed_url"),
            "{what} did not get a signed URL from the mock:\n{command}\n{printed}{}",
            String::from_utf8_lossy(&output.stderr)
        );
        eprintln!("ok    {what} (bash)");
        count.passed += 1;
    }
    Ok(count)
}

/// Each `FAIL` line of a `site test` report with the output printed under
/// it.
fn failed_blocks(report: &str) -> Vec<(String, String)> {
    let mut blocks: Vec<(String, String)> = Vec::new();
    for line in report.lines() {
        if let Some(rest) = line.strip_prefix("FAIL  ") {
            blocks.push((rest.to_owned(), String::new()));
        } else if let (Some(printed), Some((_, output))) =
            (line.strip_prefix("      | "), blocks.last_mut())
        {
            output.push_str(printed);
            output.push('\n');
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_blocks_keep_their_output() {
        let report = "ok    a.md:1 (bash, 3 ms)\nFAIL  a.md:9 (bash): exit status 1, expected 0\n      | HTTP 401\n      | missing_permissions\nFAIL  b.md:2 (python): timed out after 1 s\nerror: 2 of 3 runnable blocks failed\n";
        let blocks = failed_blocks(report);
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].1, "HTTP 401\nmissing_permissions\n");
        assert!(blocks[0].0.starts_with("a.md:9"));
        assert_eq!(blocks[1].1, "");
    }
}

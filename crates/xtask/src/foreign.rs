//! A corpus nobody here wrote, for `site check`: the ~300 markdown files
//! the `mdbook` crate ships in its source package (mdBook's own test
//! books). Fetched from crates.io at test time (the address cargo itself
//! downloads crates from), checked against a pinned SHA-256, unpacked into
//! `target/foreign/` and reused by later runs. Not committed.

use std::path::PathBuf;
use std::process::Command;

use anyhow::Context;

use crate::command::{self, RunExt};

/// The crate and version of the corpus.
const CRATE: &str = "mdbook";
const VERSION: &str = "0.5.4";
/// The `.crate` file's SHA-256, as crates.io's index records it.
const SHA256: &str = "5f68ffebcd0b9a4eb72aaacc4342bc94e1d63c01893b7c921437f6ef02443699";

/// The unpacked crate's directory, downloading it when needed.
pub(crate) fn mdbook_corpus() -> anyhow::Result<PathBuf> {
    let dir = command::workspace_root().join("target").join("foreign");
    let unpacked = dir.join(format!("{CRATE}-{VERSION}"));
    if unpacked.join("Cargo.toml").is_file() {
        return Ok(unpacked);
    }
    std::fs::create_dir_all(&dir)?;
    let archive = dir.join(format!("{CRATE}-{VERSION}.crate"));
    let url = format!("https://static.crates.io/crates/{CRATE}/{CRATE}-{VERSION}.crate");
    Command::new("curl")
        .args([
            "--silent",
            "--show-error",
            "--fail",
            "--location",
            "--retry",
            "3",
        ])
        .arg("--output")
        .arg(&archive)
        .arg(&url)
        .run()
        .with_context(|| format!("cannot download the foreign corpus from {url}"))?;
    let output = Command::new("sha256sum").arg(&archive).output()?;
    let sum = String::from_utf8_lossy(&output.stdout);
    anyhow::ensure!(
        sum.split_whitespace().next() == Some(SHA256),
        "{} does not have the pinned SHA-256 {SHA256} (got {sum})",
        archive.display()
    );
    Command::new("tar")
        .arg("xzf")
        .arg(&archive)
        .arg("-C")
        .arg(&dir)
        .run()?;
    Ok(unpacked)
}

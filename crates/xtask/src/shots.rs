//! `cargo xtask shots`: screenshots of every verdict card, the permission
//! report and the checker's other states (loading, a field marked, out of
//! date, focus) at 1280 and 390 px, light and dark, in headless Chromium
//! against the mock API, for a person to look at. Not a test: it judges
//! nothing; `tests/e2e/shots.mjs` takes the pictures.

use std::path::PathBuf;

use clap::Args;

use crate::command::{self, RunExt};
use crate::{setup, suite};

/// Where the pictures go and which to take.
#[derive(Debug, Clone, Args)]
pub(crate) struct ShotsArgs {
    /// Folder the PNGs are written to (created; files there are replaced).
    #[arg(long, default_value = "target/shots")]
    out: PathBuf,
    /// Only these cases (verdict ids of tests/e2e/verdict-cases.mjs, or
    /// loading, field-marked, stale, focus, page) [default: all].
    names: Vec<String>,
}

pub(crate) fn run(args: &ShotsArgs) -> anyhow::Result<()> {
    setup::browser_tools()?;
    let root = command::workspace_root();
    let out = root.join(&args.out);
    std::fs::create_dir_all(&out)?;
    let served = suite::serve_test_site()?;
    let e2e = root.join("tests").join("e2e");
    setup::npm_packages(&e2e)?;
    served
        .node(&e2e)
        .arg("shots.mjs")
        .arg(&out)
        .args(&args.names)
        .run()?;
    eprintln!("xtask: screenshots in {}", out.display());
    Ok(())
}

//! Installs what the tests need and a fresh machine lacks: Debian's Chromium
//! (with Java for the HTML checker, curl for the foreign corpus and Python's
//! venv for the pages' Python snippets) through apt, the wasm target through
//! rustup, and the npm test tools from `tests/e2e/package-lock.json`.

use std::path::Path;
use std::process::Command;

use crate::command::{on_path, RunExt};

/// apt packages, each with the program that shows it is installed.
const APT_PACKAGES: [(&str, &str); 4] = [
    ("chromium", "chromium"),
    ("chromium-driver", "chromedriver"),
    ("default-jre-headless", "java"),
    // Downloads the foreign corpus (see `foreign`).
    ("curl", "curl"),
];

/// Whether `python3 -m venv` can make an environment with pip (Debian
/// splits ensurepip into python3-venv).
fn python_venv_ready() -> bool {
    Command::new("python3")
        .args(["-c", "import ensurepip, venv"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Makes sure Chromium, Java, curl, Python's venv and the wasm target are
/// installed.
pub(crate) fn browser_tools() -> anyhow::Result<()> {
    let mut missing: Vec<&str> = APT_PACKAGES
        .iter()
        .filter(|(_, program)| !on_path(program))
        .map(|(package, _)| *package)
        .collect();
    if !python_venv_ready() {
        missing.push("python3-venv");
    }
    if !missing.is_empty() {
        eprintln!("xtask: installing {} with apt", missing.join(", "));
        let root = is_root();
        let apt = |args: &[&str]| {
            let mut command = if root {
                Command::new("apt-get")
            } else {
                let mut sudo = Command::new("sudo");
                sudo.arg("apt-get");
                sudo
            };
            command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
            command
        };
        apt(&["update", "-qq"]).run()?;
        let mut install = apt(&["install", "-y", "-qq", "--no-install-recommends"]);
        install.args(&missing).run()?;
    }
    wasm_target()
}

/// Makes sure the wasm32 target is installed.
pub(crate) fn wasm_target() -> anyhow::Result<()> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("wasm32-unknown-unknown"))
        .unwrap_or(false);
    if !installed {
        Command::new("rustup")
            .args(["target", "add", "wasm32-unknown-unknown"])
            .run()?;
    }
    Ok(())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout.starts_with(b"0"))
        .unwrap_or(false)
}

/// `npm ci` in `dir` unless its node_modules matches the lock file.
pub(crate) fn npm_packages(dir: &Path) -> anyhow::Result<()> {
    let lock = dir.join("package-lock.json");
    let stamp = dir.join("node_modules/.package-lock.json");
    let fresh = match (std::fs::metadata(&lock), std::fs::metadata(&stamp)) {
        (Ok(lock), Ok(stamp)) => stamp.modified()? >= lock.modified()?,
        _ => false,
    };
    if !fresh {
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(dir)
            .run()?;
    }
    Ok(())
}

//! Running child processes with the command line echoed and a clear error
//! when they fail.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context};

/// The workspace root (two levels above this crate).
pub(crate) fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("xtask lives in crates/xtask")
        .to_path_buf()
}

/// The cargo that runs this xtask.
pub(crate) fn cargo() -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(workspace_root());
    command
}

/// Runs a command to completion; fails unless it exits with status 0.
pub(crate) trait RunExt {
    /// Runs, echoing the command line first.
    fn run(&mut self) -> anyhow::Result<()>;
}

impl RunExt for Command {
    fn run(&mut self) -> anyhow::Result<()> {
        let line = describe(self);
        eprintln!("$ {line}");
        let started = std::time::Instant::now();
        let status = self
            .status()
            .with_context(|| format!("cannot start `{line}`"))?;
        let program = Path::new(self.get_program())
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let first = self
            .get_args()
            .next()
            .map(|a| a.to_string_lossy().into_owned())
            .unwrap_or_default();
        eprintln!(
            "  ({program} {first}: {:.1} s)",
            started.elapsed().as_secs_f64()
        );
        if !status.success() {
            bail!("`{line}` failed ({status})");
        }
        Ok(())
    }
}

/// Whether `program` is on the PATH.
pub(crate) fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// The command line, as echoed.
pub(crate) fn describe(command: &Command) -> String {
    let mut line = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        line.push(' ');
        line.push_str(&arg.to_string_lossy());
    }
    line
}

//! The publish stage: the one place built files go. A full build writes
//! into a staging directory swapped in whole at the end; a rebuild by
//! `site serve` rewrites only the files whose bytes changed, each in place
//! by an atomic rename, and removes the ones no longer built; `site check`
//! renders everything and writes nothing.

pub(crate) mod output;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use output::{io, OutputError, Staging};

/// Where and how this build's files are written.
#[derive(Debug)]
pub(crate) enum Publish {
    /// Every file into a fresh staging directory, committed at the end.
    Staged(Staging),
    /// Only changed files, in place; `previous` maps each file the last
    /// build wrote to the hash of its bytes.
    InPlace {
        /// The output directory.
        output: PathBuf,
        /// What the last build wrote.
        previous: HashMap<String, u64>,
    },
    /// Nothing written (`site check`).
    Discard,
}

impl Publish {
    /// Writes one file: `relative` to the output, with a hash of `bytes`.
    pub(crate) fn write(&self, relative: &str, bytes: &[u8], hash: u64) -> Result<(), OutputError> {
        match self {
            Publish::Staged(staging) => write_file(staging.path(), relative, bytes),
            Publish::InPlace { previous, .. } if previous.get(relative) == Some(&hash) => Ok(()),
            Publish::InPlace { output, .. } => write_in_place(output, relative, bytes),
            Publish::Discard => Ok(()),
        }
    }

    /// Ends the build: swaps the staged site in, or removes what a rebuild
    /// no longer writes (`written`: every file of this build).
    pub(crate) fn finish(self, written: &HashMap<String, u64>) -> Result<(), OutputError> {
        match self {
            Publish::Staged(staging) => staging.commit(),
            Publish::InPlace { output, previous } => {
                for stale in previous.keys().filter(|k| !written.contains_key(*k)) {
                    let _ = std::fs::remove_file(output.join(stale));
                }
                Ok(())
            }
            Publish::Discard => Ok(()),
        }
    }
}

/// Creates the directory `path` goes in.
fn create_parent(path: &Path) -> Result<(), OutputError> {
    match path.parent() {
        Some(parent) => {
            std::fs::create_dir_all(parent).map_err(io(parent, "cannot create the folder"))
        }
        None => Ok(()),
    }
}

fn write_file(out: &Path, relative: &str, bytes: &[u8]) -> Result<(), OutputError> {
    let path = out.join(relative);
    create_parent(&path)?;
    std::fs::write(&path, bytes).map_err(io(&path, "cannot write"))
}

/// Replaces one file atomically: readers see the old or the new bytes.
fn write_in_place(out: &Path, relative: &str, bytes: &[u8]) -> Result<(), OutputError> {
    let path = out.join(relative);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.new"));
    create_parent(&path)?;
    std::fs::write(&temporary, bytes)
        .and_then(|()| std::fs::rename(&temporary, &path))
        .map_err(io(&path, "cannot write"))
}

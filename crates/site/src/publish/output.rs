//! Writing the site atomically: everything goes to a staging directory next
//! to the output, which replaces the output only once the whole build has
//! succeeded. A failed build leaves the previous output untouched.
//!
//! The output directory carries a marker file; a non-empty directory without
//! it was not made by us and is never replaced.

use std::fs;
use std::path::{Path, PathBuf};

/// Name of the marker file in every output directory we create.
pub(crate) const MARKER: &str = ".keydoctor-output";

/// Why the output could not be prepared or replaced.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The directory holds files and no marker: refusing to replace it.
    #[error(
        "{}: refusing to replace this directory: it is not empty and was not created by `site build` \
         (no {MARKER} file). Choose another --output, or empty it yourself.",
        .0.display()
    )]
    NotOurs(PathBuf),
    /// A file-system operation failed.
    #[error("{}: {action}: {source}", path.display())]
    Io {
        /// The path involved.
        path: PathBuf,
        /// What we were doing.
        action: &'static str,
        /// The cause.
        source: std::io::Error,
    },
}

/// Wraps an I/O error with the path and what was being done.
pub(crate) fn io<'a>(
    path: &'a Path,
    action: &'static str,
) -> impl FnOnce(std::io::Error) -> OutputError + 'a {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        action,
        source,
    }
}

/// A directory being filled; removed on drop unless committed.
#[derive(Debug)]
pub(crate) struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    /// Checks that `target` may be replaced and creates an empty staging
    /// directory beside it.
    pub(crate) fn new(target: &Path) -> Result<Self, OutputError> {
        check_replaceable(target)?;
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent)
            .map_err(io(parent, "cannot create the output's parent directory"))?;
        let name = target
            .file_name()
            .map_or_else(|| "www".into(), |n| n.to_string_lossy().into_owned());
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(io(&dir, "cannot clear an old staging directory"))?;
        }
        fs::create_dir(&dir).map_err(io(&dir, "cannot create the staging directory"))?;
        fs::write(
            dir.join(MARKER),
            "Built by keydoctor `site build`; replaced on every build.\n",
        )
        .map_err(io(&dir, "cannot write to the staging directory"))?;
        Ok(Self {
            dir,
            target: target.to_path_buf(),
            committed: false,
        })
    }

    /// The directory to write into.
    pub(crate) fn path(&self) -> &Path {
        &self.dir
    }

    /// Replaces the target with the staged site.
    pub(crate) fn commit(mut self) -> Result<(), OutputError> {
        check_replaceable(&self.target)?;
        let old = self.dir.with_file_name(format!(
            "{}.old",
            self.dir.file_name().unwrap_or_default().to_string_lossy()
        ));
        let had_old = self.target.exists();
        if had_old {
            fs::rename(&self.target, &old)
                .map_err(io(&self.target, "cannot move the previous output aside"))?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.target) {
            if had_old {
                let _ = fs::rename(&old, &self.target);
            }
            return Err(io(&self.target, "cannot move the new output into place")(e));
        }
        self.committed = true;
        if had_old {
            let _ = fs::remove_dir_all(&old);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

fn check_replaceable(target: &Path) -> Result<(), OutputError> {
    match fs::read_dir(target) {
        Ok(mut entries) => {
            let empty = entries.next().is_none();
            if empty || target.join(MARKER).is_file() {
                Ok(())
            } else {
                Err(OutputError::NotOurs(target.to_path_buf()))
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => {
            Err(OutputError::NotOurs(target.to_path_buf()))
        }
        Err(e) => Err(io(target, "cannot read the output directory")(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_previous_output() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("www");
        let first = Staging::new(&target).unwrap();
        fs::write(first.path().join("a.html"), "one").unwrap();
        first.commit().unwrap();
        let second = Staging::new(&target).unwrap();
        fs::write(second.path().join("b.html"), "two").unwrap();
        second.commit().unwrap();
        assert!(!target.join("a.html").exists());
        assert_eq!(fs::read_to_string(target.join("b.html")).unwrap(), "two");
        assert!(target.join(MARKER).is_file());
        let leftovers: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(
            leftovers.len(),
            1,
            "staging and old directories are removed"
        );
    }

    #[test]
    fn dropped_staging_leaves_target_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("www");
        let first = Staging::new(&target).unwrap();
        fs::write(first.path().join("a.html"), "one").unwrap();
        first.commit().unwrap();
        let second = Staging::new(&target).unwrap();
        fs::write(second.path().join("a.html"), "changed").unwrap();
        drop(second);
        assert_eq!(fs::read_to_string(target.join("a.html")).unwrap(), "one");
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn foreign_directory_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("thesis.tex"), "precious").unwrap();
        let err = Staging::new(tmp.path()).unwrap_err();
        assert!(matches!(err, OutputError::NotOurs(_)));
        assert!(err
            .to_string()
            .contains("refusing to replace this directory"));
        assert_eq!(
            fs::read_to_string(tmp.path().join("thesis.tex")).unwrap(),
            "precious"
        );
    }
}

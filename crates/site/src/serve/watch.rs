//! Noticing edits for `site serve`: polls the modification time and size of
//! every file under the watched paths. Polling needs no platform API, works
//! on network and container file systems alike, and a few thousand `stat`
//! calls every 200 ms cost well under a millisecond.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// What a file looked like at the last look.
type Stamp = (Option<SystemTime>, u64);

/// Remembers the watched files and reports which changed.
#[derive(Debug)]
pub struct Watcher {
    roots: Vec<PathBuf>,
    seen: BTreeMap<PathBuf, Stamp>,
}

impl Watcher {
    /// Watches `roots` (files or directories; missing ones are fine and
    /// noticed when they appear).
    pub fn new(roots: Vec<PathBuf>) -> Self {
        let seen = scan(&roots);
        Self { roots, seen }
    }

    /// Files added, changed or removed since the last call.
    pub fn changes(&mut self) -> Vec<PathBuf> {
        let now = scan(&self.roots);
        let mut changed: Vec<PathBuf> = now
            .iter()
            .filter(|(path, stamp)| self.seen.get(*path) != Some(stamp))
            .map(|(path, _)| path.clone())
            .collect();
        changed.extend(self.seen.keys().filter(|p| !now.contains_key(*p)).cloned());
        self.seen = now;
        changed
    }
}

fn scan(roots: &[PathBuf]) -> BTreeMap<PathBuf, Stamp> {
    let mut files = BTreeMap::new();
    for root in roots {
        visit(root, &mut files);
    }
    files
}

fn visit(path: &Path, files: &mut BTreeMap<PathBuf, Stamp>) {
    let Ok(meta) = std::fs::metadata(path) else {
        return;
    };
    if meta.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            // Editors' swap and backup files are not content.
            let name = name.to_string_lossy();
            if name.starts_with('.') || name.ends_with('~') {
                continue;
            }
            visit(&entry.path(), files);
        }
    } else {
        files.insert(path.to_path_buf(), (meta.modified().ok(), meta.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sees_edits_additions_and_removals() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("page.md");
        std::fs::write(&page, "one").unwrap();
        let mut watcher = Watcher::new(vec![
            dir.path().to_path_buf(),
            dir.path().join("missing.toml"),
        ]);
        assert!(watcher.changes().is_empty());
        std::fs::write(&page, "three").unwrap();
        assert_eq!(watcher.changes(), vec![page]);
        let added = dir.path().join("sub/new.md");
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(&added, "x").unwrap();
        std::fs::write(dir.path().join(".page.md.swp"), "x").unwrap();
        assert_eq!(watcher.changes(), vec![added.clone()]);
        std::fs::remove_file(&added).unwrap();
        assert_eq!(watcher.changes(), [added]);
    }
}

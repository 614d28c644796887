//! Noticing edits for `site serve`: the operating system's file events
//! (inotify, FSEvents, ReadDirectoryChangesW through `notify`), debounced
//! by `notify-debouncer-full` so that one save (truncate, write, close; or
//! write to a temporary file and rename) is one change. notify walks a
//! watched folder with walkdir, following links and stepping over a link
//! loop (which the build then reports).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

/// How long a file must be quiet before its change is handed on: long
/// enough to gather one save's events, short against a rebuild.
const QUIET: Duration = Duration::from_millis(20);

/// Watches files and folders and reports which changed.
pub struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    events: mpsc::Receiver<DebounceEventResult>,
    /// What was asked for, and the same made absolute (notify's paths).
    roots: Vec<(PathBuf, PathBuf)>,
    /// The roots that are folders watched recursively now.
    watched: BTreeSet<PathBuf>,
}

impl std::fmt::Debug for Watcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watcher")
            .field("roots", &self.roots)
            .finish_non_exhaustive()
    }
}

impl Watcher {
    /// Watches `roots` (files or folders; a missing one is noticed when it
    /// appears, and a folder replaced is watched again).
    pub fn new(roots: Vec<PathBuf>) -> notify::Result<Self> {
        let (sender, events) = mpsc::channel();
        let debouncer = new_debouncer(QUIET, None, sender)?;
        let roots: Vec<(PathBuf, PathBuf)> = roots
            .into_iter()
            .map(|root| {
                let absolute = std::path::absolute(&root).unwrap_or_else(|_| root.clone());
                (root, absolute)
            })
            .collect();
        let mut watcher = Self {
            debouncer,
            events,
            roots,
            watched: BTreeSet::new(),
        };
        // Each root's folder, not recursively: it tells when a root file
        // is saved (editors often replace it) and when a root appears or
        // goes.
        let parents: BTreeSet<PathBuf> = watcher
            .roots
            .iter()
            .filter_map(|(_, root)| root.parent())
            .filter(|parent| parent.is_dir())
            .map(Path::to_path_buf)
            .collect();
        for parent in parents {
            watcher
                .debouncer
                .watch(&parent, RecursiveMode::NonRecursive)?;
        }
        watcher.watch_folders()?;
        Ok(watcher)
    }

    /// Watches the roots that are folders and are not watched yet.
    fn watch_folders(&mut self) -> notify::Result<()> {
        for (_, root) in &self.roots {
            if root.is_dir() && !self.watched.contains(root) {
                self.debouncer.watch(root, RecursiveMode::Recursive)?;
                self.watched.insert(root.clone());
            }
        }
        Ok(())
    }

    /// Waits up to `timeout` for an edit and returns the paths changed
    /// (as the roots were given), or nothing if none changed in that time.
    pub fn wait(&mut self, timeout: Duration) -> Vec<PathBuf> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let Ok(result) = self.events.recv_timeout(left) else {
                return Vec::new();
            };
            // Errors (a folder gone while being walked, say) change nothing
            // by themselves; the events around them tell what did.
            let Ok(events) = result else { continue };
            let mut changed = BTreeSet::new();
            for event in events.iter().filter(|e| is_edit(&e.kind)) {
                for path in &event.paths {
                    if let Some(shown) = self.shown(path) {
                        changed.insert(shown);
                    }
                    self.root_moved(path);
                }
            }
            // A root that appeared, or was replaced, is watched (again).
            let _ = self.watch_folders();
            if !changed.is_empty() {
                return changed.into_iter().collect();
            }
        }
    }

    /// Waits for the next edit, however long it takes.
    pub fn next_edit(&mut self) -> Vec<PathBuf> {
        loop {
            let changed = self.wait(Duration::from_secs(3600));
            if !changed.is_empty() {
                return changed;
            }
        }
    }

    /// `path` under the root that holds it, as that root was given; `None`
    /// when no root holds it or it is an editor's swap or backup file.
    fn shown(&self, path: &Path) -> Option<PathBuf> {
        self.roots.iter().find_map(|(given, root)| {
            let inside = path.strip_prefix(root).ok()?;
            let hidden = inside.components().any(|c| {
                let name = c.as_os_str().to_string_lossy();
                name.starts_with('.') || name.ends_with('~')
            });
            (!hidden).then(|| given.join(inside))
        })
    }

    /// Forgets the watch on a root folder that was removed or replaced (its
    /// watch went with it).
    fn root_moved(&mut self, path: &Path) {
        if self.watched.contains(path) {
            let _ = self.debouncer.unwatch(path);
            self.watched.remove(path);
        }
    }
}

/// Whether an event is an edit. Reading a file is not (the build reads
/// every page, and inotify tells of each open); finishing writing one is.
fn is_edit(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WAIT: Duration = Duration::from_secs(5);

    /// Changes until none come for a while (one edit may take a few
    /// batches on a busy machine).
    fn settle(watcher: &mut Watcher) -> BTreeSet<PathBuf> {
        let mut all: BTreeSet<PathBuf> = watcher.wait(WAIT).into_iter().collect();
        loop {
            let more = watcher.wait(Duration::from_millis(300));
            if more.is_empty() {
                return all;
            }
            all.extend(more);
        }
    }

    #[test]
    fn sees_edits_additions_and_removals_but_not_reads() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir(&content).unwrap();
        let page = content.join("page.md");
        std::fs::write(&page, "one").unwrap();
        let mut watcher =
            Watcher::new(vec![content.clone(), dir.path().join("site.toml")]).unwrap();
        std::fs::write(&page, "two").unwrap();
        assert_eq!(settle(&mut watcher), [page.clone()].into());
        let _ = std::fs::read(&page).unwrap();
        assert!(watcher.wait(Duration::from_millis(300)).is_empty());
        let added = content.join("sub/new.md");
        std::fs::create_dir(content.join("sub")).unwrap();
        std::fs::write(&added, "x").unwrap();
        std::fs::write(content.join(".page.md.swp"), "x").unwrap();
        std::fs::write(content.join("page.md~"), "x").unwrap();
        let changed = settle(&mut watcher);
        // The new folder's own watch may start after the file in it is
        // written; the folder's creation is a change all the same (and a
        // rebuild reads everything).
        assert!(
            changed.contains(&added) || changed.contains(&content.join("sub")),
            "{changed:?}"
        );
        assert!(
            changed.iter().all(|p| p.starts_with(&content)
                && !p.to_string_lossy().contains('~')
                && !p.to_string_lossy().contains(".swp")),
            "{changed:?}"
        );
        std::fs::remove_file(&added).unwrap();
        assert!(settle(&mut watcher).contains(&added));
    }

    #[test]
    fn a_missing_root_is_watched_once_it_appears() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("site.toml");
        let theme = dir.path().join("theme");
        let mut watcher = Watcher::new(vec![theme.clone(), config.clone()]).unwrap();
        std::fs::write(dir.path().join("unwatched.txt"), "x").unwrap();
        assert!(watcher.wait(Duration::from_millis(300)).is_empty());
        std::fs::write(&config, "title = \"x\"").unwrap();
        assert_eq!(settle(&mut watcher), [config].into());
        std::fs::create_dir(&theme).unwrap();
        settle(&mut watcher);
        let template = theme.join("page.html");
        std::fs::write(&template, "x").unwrap();
        assert_eq!(settle(&mut watcher), [template].into());
    }

    #[test]
    fn a_link_loop_is_watched_without_hanging() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("guide")).unwrap();
        std::os::unix::fs::symlink(&content, content.join("guide/loop")).unwrap();
        let mut watcher = Watcher::new(vec![content.clone()]).unwrap();
        let page = content.join("guide/page.md");
        std::fs::write(&page, "x").unwrap();
        assert!(settle(&mut watcher).contains(&page));
    }
}

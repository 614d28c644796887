//! Helpers shared by the integration tests: running the `site` binary,
//! fixture sites and snapshots of output trees.

#![allow(dead_code)] // each test file uses its own subset

pub(crate) mod served;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the `site` binary with `args` in `root`.
pub(crate) fn site(args: &[&str], root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_site"))
        .args(args)
        .current_dir(root)
        .output()
        .expect("run site")
}

/// What a run printed on stderr.
pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `tests/fixtures/<case>` at the workspace root.
pub(crate) fn fixture(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(case)
}

/// A copy of a fixture site in a fresh temporary directory.
pub(crate) fn copy_fixture(case: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&fixture(case), dir.path());
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read fixture") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Every file under `dir` with its bytes.
pub(crate) fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("read");
                files.insert(path.strip_prefix(dir).expect("inside").to_path_buf(), bytes);
            }
        }
    }
    files
}

/// The files that differ between the trees `a` and `b` (in one only, or
/// with other bytes), relative to them.
pub(crate) fn differing_files(a: &Path, b: &Path) -> Vec<PathBuf> {
    let (a, b) = (tree(a), tree(b));
    let differing: std::collections::BTreeSet<&PathBuf> = a
        .keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .collect();
    differing.into_iter().cloned().collect()
}

/// A file's text, panicking with its path.
pub(crate) fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `html` from the first `start` through the `end` after it.
pub(crate) fn section<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("no {start}"));
    let to = from + html[from..].find(end).unwrap_or_else(|| panic!("no {end}")) + end.len();
    &html[from..to]
}

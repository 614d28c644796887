//! `static/`: files copied into the site as they are (a CNAME, downloads,
//! images not referenced from markdown, `.nojekyll`), at the same relative
//! path. Walked with walkdir, which follows links and reports a link loop
//! instead of walking it forever.

use std::path::Path;

use walkdir::WalkDir;

use crate::location::Location;
use crate::problem::Problem;

/// The directory's name under the site root.
pub const STATIC_DIR: &str = "static";

/// Every file under `dir`, as `/`-separated paths relative to it, sorted.
/// A missing directory has none.
pub(crate) fn scan(dir: &Path, shown_dir: &Path) -> Result<Vec<String>, Problem> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(dir).follow_links(true).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e
                .path()
                .map_or_else(|| shown_dir.to_path_buf(), Path::to_path_buf);
            let shown = path
                .strip_prefix(dir)
                .map_or(path.clone(), |p| shown_dir.join(p));
            let why = walk_error_reason(&e);
            Problem::new(
                Location::file(shown),
                format!("cannot copy the static files: {why}"),
            )
        })?;
        if entry.file_type().is_file() {
            files.push(relative_key(dir, entry.path()));
        }
    }
    Ok(files)
}

/// `path` below `root` as a `/`-separated key (`guide/setup.md`), the form
/// both directory walks (`content/`, `static/`) name their files in.
pub(crate) fn relative_key(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// What went wrong in a directory walk, in words: a link loop is named as
/// one (walkdir's own message gives only the paths).
pub(crate) fn walk_error_reason(error: &walkdir::Error) -> String {
    match error.loop_ancestor() {
        Some(_) => "a link loop (a link to a folder that contains it)".to_owned(),
        None => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_nested_files_and_reports_link_loops() {
        let dir = tempfile::tempdir().expect("temp");
        let root = dir.path().join("static");
        std::fs::create_dir_all(root.join("a/b")).expect("dirs");
        std::fs::write(root.join("CNAME"), "docs.example.com").expect("file");
        std::fs::write(root.join("a/b/c.txt"), "c").expect("file");
        assert_eq!(
            scan(&root, Path::new("static")).expect("scan"),
            ["CNAME", "a/b/c.txt"]
        );
        assert_eq!(
            scan(&dir.path().join("none"), Path::new("none")).expect("scan"),
            Vec::<String>::new()
        );
        std::os::unix::fs::symlink(&root, root.join("a/loop")).expect("link");
        let problem = scan(&root, Path::new("static")).unwrap_err();
        assert!(problem.message.contains("link loop"), "{problem}");
        assert!(
            problem.to_string().starts_with("static/a/loop"),
            "{problem}"
        );
    }
}

//! Content pages: finding the markdown files, reading them, and where each
//! one is published.

use std::path::{Path, PathBuf};
use walkdir::WalkDir;

use crate::fingerprint::hash_of;
use crate::location::Location;
use crate::problem::Problem;
use crate::source::front_matter::{self, FrontMatter};
use crate::urls;

/// A markdown file that has been read and whose front matter is parsed.
#[derive(Debug)]
pub struct Page {
    /// Path relative to `content/`, `/`-separated: the name other pages
    /// link to (`invalid-key.md`).
    pub key: String,
    /// The file as shown in messages (`content/invalid-key.md`).
    pub file: PathBuf,
    /// The whole file.
    text: String,
    /// Byte offset of the markdown body in `text`.
    body_start: usize,
    /// Line where the body starts.
    pub body_line: usize,
    /// Parsed front matter.
    pub front_matter: FrontMatter,
    /// Site path below the base path: `""` for the home page,
    /// `invalid-key/` for others.
    pub path: String,
    /// What loading found that deserves a look (front matter after blank
    /// lines, other generators' keys that do nothing here).
    pub warnings: Vec<Problem>,
    /// For a body whose text was expanded (a book chapter's includes): the
    /// file line each line of the body comes from.
    pub line_map: Option<Vec<usize>>,
    /// Where the front matter is in the file (as read, before any
    /// expansion), to name the line of a key in a message.
    front_matter_at: Option<front_matter::FrontMatterText>,
    /// A hash of the body: what a rebuild compares instead of the text.
    body_hash: u64,
    /// The file's size and modification time when it was read.
    stamp: Option<FileStamp>,
}

/// A file's size and modification time: a page kept from the last build is
/// read again when they changed, even if no watcher said so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FileStamp(u64, Option<std::time::SystemTime>);

impl FileStamp {
    /// The stamp of the file at `path` now.
    pub(crate) fn of(path: &Path) -> Option<Self> {
        let meta = std::fs::metadata(path).ok()?;
        Some(FileStamp(meta.len(), meta.modified().ok()))
    }
}

impl Page {
    /// The markdown body.
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// Replaces the body with `body` (a book chapter with its includes
    /// expanded), whose lines come from the file lines of `line_map`.
    pub fn replace_body(&mut self, body: String, line_map: Vec<usize>) {
        // The front matter stays, for the lines of its keys.
        self.text.truncate(self.body_start);
        self.text.push_str(&body);
        self.line_map = Some(line_map);
        self.body_hash = hash_of(self.body());
    }

    /// A hash of [`Page::body`].
    pub(crate) fn body_hash(&self) -> u64 {
        self.body_hash
    }

    /// The file's size and modification time when it was read.
    pub(crate) fn stamp(&self) -> Option<&FileStamp> {
        self.stamp.as_ref()
    }

    /// The file line of the front matter's top-level `key`, if it has one.
    pub fn front_matter_line(&self, key: &str) -> Option<usize> {
        self.front_matter_at?.key_line(&self.text, key)
    }

    /// A page for a file that does not exist (a book chapter mdBook would
    /// create): `text` is its body, published at `path`.
    pub fn placeholder(key: &str, file: PathBuf, text: String, path: String) -> Page {
        Page {
            key: key.to_owned(),
            file,
            body_hash: hash_of(&text),
            stamp: None,
            text,
            body_start: 0,
            body_line: 1,
            front_matter: FrontMatter::default(),
            path,
            warnings: Vec::new(),
            line_map: None,
            front_matter_at: None,
        }
    }

    /// Whether this is the home page (`index.md` or `_index.md` at the top).
    pub fn is_home(&self) -> bool {
        self.path.is_empty()
    }

    /// Reads and splits the page at `key` in `content_dir`. `shown_dir` is how
    /// the content directory is named in messages.
    pub fn load(content_dir: &Path, shown_dir: &Path, key: &str) -> Result<Page, Vec<Problem>> {
        let file = shown_dir.join(key);
        // Taken before reading: an edit in between makes the stamp stale,
        // never the text.
        let stamp = FileStamp::of(&content_dir.join(key));
        let bytes = std::fs::read(content_dir.join(key)).map_err(|e| {
            vec![Problem::new(
                Location::file(&file),
                format!("cannot read the page: {e}"),
            )]
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..valid]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            vec![Problem::new(
                Location::new(&file, line),
                format!("the file is not valid UTF-8 (byte {valid}); save it as UTF-8"),
            )]
        })?;
        let as_problem = |e: front_matter::FrontMatterError| {
            Problem::new(e.location, format!("front matter: {}", e.message))
        };
        let split = front_matter::split(&text, &file)
            .map_err(|errors| errors.into_iter().map(as_problem).collect::<Vec<_>>())?;
        let warnings = split.warnings.into_iter().map(as_problem).collect();
        let body_start = text.len() - split.body.len();
        let body_line = split.body_line;
        let front_matter_at = split.data;
        let front_matter = split.front_matter;
        let path = urls::page_path(key, front_matter.slug.as_deref());
        Ok(Page {
            key: key.to_owned(),
            file,
            body_hash: hash_of(&text[body_start..]),
            stamp,
            text,
            body_start,
            body_line,
            front_matter,
            path,
            warnings,
            line_map: None,
            front_matter_at,
        })
    }
}

/// The files below `content_dir`, split into markdown pages and other files,
/// as `/`-separated relative paths, sorted. Hidden files and folders are
/// left out; links are followed, and a link loop is reported instead of
/// being walked forever. A link to nothing is listed, so that reading it
/// names it.
pub(crate) fn scan(content_dir: &Path, shown_dir: &Path) -> Result<ContentFiles, Problem> {
    let mut pages = Vec::new();
    let mut assets = Vec::new();
    let mut problems = Vec::new();
    let walk = WalkDir::new(content_dir)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk {
        let path = match entry {
            Ok(entry) if entry.file_type().is_dir() => continue,
            Ok(entry) => entry.into_path(),
            Err(e) if e.loop_ancestor().is_none() && e.path().is_some_and(|p| p.is_symlink()) => {
                e.path().map(Path::to_path_buf).unwrap_or_default()
            }
            Err(e) => {
                let place = e.path().unwrap_or(content_dir);
                return Err(Problem::new(
                    Location::file(place),
                    format!(
                        "cannot list the content directory: {}",
                        crate::source::static_dir::walk_error_reason(&e)
                    ),
                ));
            }
        };
        let key = crate::source::static_dir::relative_key(content_dir, &path);
        if path
            .strip_prefix(content_dir)
            .unwrap_or(&path)
            .to_str()
            .is_none()
        {
            problems.push(Problem::new(
                Location::file(shown_dir.join(&key)),
                "the file's name is not valid UTF-8 (shown here with \u{fffd} for the bytes that are not): rename it, since addresses and links are UTF-8",
            ));
            continue;
        }
        if key.ends_with(".md") {
            pages.push(key);
        } else {
            assets.push(key);
        }
    }
    pages.sort();
    assets.sort();
    Ok(ContentFiles {
        pages,
        assets,
        problems,
    })
}

/// What [`scan`] finds in a content directory.
#[derive(Debug, Default)]
pub(crate) struct ContentFiles {
    /// Markdown files, by key, sorted.
    pub pages: Vec<String>,
    /// Other files, by key, sorted.
    pub assets: Vec<String>,
    /// Files that cannot be built (a name that is not UTF-8).
    pub problems: Vec<Problem>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_skips_hidden_files_and_reports_link_loops() {
        let dir = tempfile::tempdir().expect("temp");
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("guide/.drafts")).expect("dirs");
        std::fs::write(content.join("index.md"), "# Home").expect("file");
        std::fs::write(content.join("guide/a.md"), "# A").expect("file");
        std::fs::write(content.join("guide/logo.png"), "png").expect("file");
        std::fs::write(content.join("guide/.drafts/b.md"), "# B").expect("file");
        std::fs::write(content.join(".hidden.md"), "# H").expect("file");
        let files = scan(&content, &content).expect("scan");
        assert_eq!(files.pages, ["guide/a.md", "index.md"]);
        assert_eq!(files.assets, ["guide/logo.png"]);
        std::os::unix::fs::symlink(&content, content.join("guide/loop")).expect("link");
        let problem = scan(&content, &content).unwrap_err();
        assert!(problem.message.contains("link loop"), "{problem}");
    }
}

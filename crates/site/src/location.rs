//! A place in a source file (`path:line`), carried by every error a user can
//! fix, so messages always say where to look.

use std::fmt;
use std::path::{Path, PathBuf};

/// A file and a 1-based line number in it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// The file, as the user named it (relative to the site root where possible).
    pub file: PathBuf,
    /// 1-based line number; 0 when the problem concerns the whole file.
    pub line: usize,
}

impl Location {
    /// A location at `line` of `file`.
    pub fn new(file: impl Into<PathBuf>, line: usize) -> Self {
        let file = file.into();
        let file = match file.strip_prefix(".") {
            Ok(relative) if !relative.as_os_str().is_empty() => relative.to_path_buf(),
            _ => file,
        };
        Self { file, line }
    }

    /// A location that names only the file.
    pub fn file(file: impl AsRef<Path>) -> Self {
        Self::new(file.as_ref(), 0)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.file.display())
        } else {
            write!(f, "{}:{}", self.file.display(), self.line)
        }
    }
}

/// The line where the top-level `key` of the TOML `text` has its value,
/// from the parser's spans (not a text search, which a comment or a longer
/// key starting alike would fool). `None` when the key is not there.
pub(crate) fn toml_key_line(text: &str, key: &str) -> Option<usize> {
    let table: std::collections::BTreeMap<String, toml::Spanned<toml::Value>> =
        toml::from_str(text).ok()?;
    table
        .get(key)
        .map(|value| line_of_offset(text, value.span().start))
}

/// Converts a byte offset in `text` into a 1-based line number.
pub(crate) fn line_of_offset(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Line-start table for fast offset→line lookups over one text.
#[derive(Debug)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Self { starts }
    }

    /// The 1-based line holding byte `offset`.
    pub(crate) fn line(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

/// `path` relative to the current directory's view of `root`, for messages.
pub(crate) fn shown_path(root: &Path, path: &Path) -> PathBuf {
    if root == Path::new(".") {
        path.strip_prefix(".").unwrap_or(path).to_path_buf()
    } else {
        path.to_path_buf()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_lines() {
        let text = "a\nbc\n\nd";
        let index = LineIndex::new(text);
        for (offset, line) in [(0, 1), (1, 1), (2, 2), (4, 2), (5, 3), (6, 4)] {
            assert_eq!(index.line(offset), line, "offset {offset}");
            assert_eq!(line_of_offset(text, offset), line, "offset {offset}");
        }
    }

    #[test]
    fn display_omits_line_zero() {
        assert_eq!(Location::new("a.md", 3).to_string(), "a.md:3");
        assert_eq!(Location::file("a.md").to_string(), "a.md");
    }

    #[test]
    fn key_lines_come_from_the_parser_not_from_text_that_looks_alike() {
        let text = "# base-url is set below\nbase-url-old = 1\ntitle = \"x\"\nbase-url = \"y\"\n";
        assert_eq!(toml_key_line(text, "base-url"), Some(4));
        assert_eq!(toml_key_line(text, "title"), Some(3));
        assert_eq!(toml_key_line(text, "slug"), None);
    }
}

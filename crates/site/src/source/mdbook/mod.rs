//! mdBook books, built as they are: a root holding `book.toml` and
//! `src/SUMMARY.md`. `book.toml` gives the site's title, language and
//! address; the summary gives the reading order, nesting and titles
//! ([`summary`]); chapters get mdBook's `{{#include}}` family expanded
//! ([`include`]).

pub(crate) mod book;
pub(crate) mod include;
pub(crate) mod summary;

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::location::{line_of_offset, Location};

/// What `book.toml` says that a site needs. Every other key (renderers,
/// preprocessors, search settings) is mdBook's own and ignored.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub(crate) struct BookToml {
    /// `[book]`.
    pub book: BookSection,
    /// `[output]`: only `[output.html]` matters here.
    pub output: Output,
}

/// `[book]` of `book.toml`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub(crate) struct BookSection {
    /// The book's title.
    pub title: Option<String>,
    /// Its description.
    pub description: Option<String>,
    /// Its language (`en`).
    pub language: Option<String>,
    /// The folder holding `SUMMARY.md` and the chapters (`src`).
    pub src: Option<PathBuf>,
}

/// `[output]` of `book.toml`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub(crate) struct Output {
    /// `[output.html]`.
    pub html: HtmlOutput,
}

/// `[output.html]` of `book.toml`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "kebab-case")]
pub(crate) struct HtmlOutput {
    /// The path the book is served under (`/book/`).
    pub site_url: Option<String>,
    /// The book's repository, linked from every page.
    pub git_repository_url: Option<String>,
    /// Where a chapter is edited: `{path}` stands for its path from the
    /// book's root.
    pub edit_url_template: Option<String>,
}

impl BookToml {
    /// Parses the text of a `book.toml`; `file` names it in errors.
    pub(crate) fn parse(text: &str, file: &Path) -> Result<Self, (Location, String)> {
        toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(0, |span| line_of_offset(text, span.start));
            let message = e.message().lines().next().unwrap_or("").trim().to_owned();
            (Location::new(file, line), message)
        })
    }

    /// The folder of chapters, relative to the book's root.
    pub(crate) fn src(&self) -> &Path {
        self.book.src.as_deref().unwrap_or(Path::new("src"))
    }
}

//! The source stage: what a site is made of, read from disk before anything
//! is rendered. Pages under `content/` with their front matter, and the
//! files of `static/` copied as they are. Other generators' ways of
//! writing these are read too: Zola's and Hugo's front matter, and mdBook
//! books (`book.toml`, `SUMMARY.md`, includes).

pub(crate) mod foreign_keys;
pub mod front_matter;
pub(crate) mod mdbook;
pub(crate) mod page;
pub(crate) mod project;
pub(crate) mod static_dir;

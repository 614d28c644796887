//! The source stage: what a site is made of, read from disk before anything
//! is rendered. Pages under `content/` with their front matter, and the
//! files of `static/` copied as they are.

pub mod front_matter;
pub mod page;
pub mod static_dir;

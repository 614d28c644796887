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

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rayon::prelude::*;

use crate::problem::Problem;
use page::{ContentFiles, Page};

/// The files of `content/`, every page read: the ones that fail are
/// remembered with their problems, so one run reports every problem of
/// the site. What `site build` and `site test` both start from.
#[derive(Debug, Default)]
pub(crate) struct Content {
    /// Pages read, in file order (drafts only when asked for).
    pub(crate) pages: Vec<Page>,
    /// Files that are not markdown, by key.
    pub(crate) assets: Vec<String>,
    /// Pages that could not be read: they exist, so links to them are not
    /// reported as broken.
    pub(crate) failed: HashSet<String>,
    /// Pages left out because they are drafts.
    pub(crate) drafts: HashSet<String>,
    /// What stops a build: pages that cannot be read or named.
    pub(crate) problems: Vec<Problem>,
    /// What deserves a look (front matter), drafts' included.
    pub(crate) warnings: Vec<Problem>,
}

/// Reads every page under `content_dir` (named `shown_dir` in messages),
/// in parallel; drafts are kept only `with_drafts`. A page in `kept` (from
/// the last build of `site serve`) is taken from it instead of read again
/// when its file's size and time are unchanged. Fails only when the folder
/// cannot be walked.
pub(crate) fn read_content(
    content_dir: &Path,
    shown_dir: &Path,
    with_drafts: bool,
    kept: &mut HashMap<String, Page>,
) -> Result<Content, Problem> {
    let ContentFiles {
        pages: keys,
        assets,
        problems,
    } = page::scan(content_dir, shown_dir)?;
    read_pages(
        content_dir,
        shown_dir,
        with_drafts,
        keys,
        assets,
        problems,
        kept,
    )
}

/// Reads the pages at `keys`, taking from `kept` those unchanged since it
/// was filled.
fn read_pages(
    content_dir: &Path,
    shown_dir: &Path,
    with_drafts: bool,
    keys: Vec<String>,
    assets: Vec<String>,
    problems: Vec<Problem>,
    kept: &mut HashMap<String, Page>,
) -> Result<Content, Problem> {
    let kept: Vec<Option<Page>> = keys.iter().map(|key| kept.remove(key)).collect();
    let loaded: Vec<_> = keys
        .par_iter()
        .zip(kept)
        .map(|(key, kept)| match kept {
            Some(page)
                if page.stamp().is_some()
                    && page::FileStamp::of(&content_dir.join(key)).as_ref() == page.stamp() =>
            {
                Ok(page)
            }
            _ => Page::load(content_dir, shown_dir, key),
        })
        .collect();
    let mut content = Content {
        pages: Vec::with_capacity(loaded.len()),
        assets,
        problems,
        ..Content::default()
    };
    for (key, result) in keys.into_iter().zip(loaded) {
        match result {
            Ok(page) => {
                // Cloned, not taken: a page kept for the next build keeps them.
                content.warnings.extend(page.warnings.iter().cloned());
                if page.front_matter.draft && !with_drafts {
                    content.drafts.insert(key);
                } else {
                    content.pages.push(page);
                }
            }
            Err(found) => {
                content.problems.extend(found);
                content.failed.insert(key);
            }
        }
    }
    Ok(content)
}

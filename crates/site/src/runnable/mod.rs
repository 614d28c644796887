//! `site test`: runs the code blocks a writer marks as runnable, so that the
//! snippets a page shows work as written. A block is runnable when its info
//! string holds the word `test` (```` ```bash test ````); `exit=N` sets the
//! exit status it must end with (default 0) and `timeout=S` its time limit
//! in seconds (default 30). A fenced block right after it whose info string
//! holds `output` (```` ```text output ````) is what it must print: each of
//! its non-blank lines must appear, in order, in what the block printed.
//! Each block runs in a fresh temporary directory holding the page's
//! declared files (front matter `[test.files]`), with the page's declared
//! environment (`[test.env]`) and standard input (`test.stdin`, empty by
//! default). Unmarked blocks are never run.

mod blocks;
mod run;

pub use blocks::{runnable_blocks, Expectation, Runnable};
pub use run::{run_block, Outcome, Substitution};

use std::path::Path;

use crate::build::BuildOptions;
use crate::location::shown_path;
use crate::problem::{Problem, Problems};
use crate::source::page::{self, Page};

/// Every runnable block of the site at `options.root`, in file order
/// (drafts only with `options.drafts`), or every problem found in reading
/// the pages or their test markings.
pub fn load(options: &BuildOptions) -> Result<Vec<Runnable>, Problems> {
    // A book's chapters, a Zola site's content, or this site's.
    let content_dir = crate::source::project::Project::open(&options.root, Path::to_path_buf)
        .map_or_else(
            |_| options.root.join("content"),
            |project| project.content_dir,
        );
    let shown_dir = shown_path(&options.root, &content_dir);
    let files = page::scan(&content_dir, &shown_dir).map_err(|p| Problems(vec![p]))?;
    let mut blocks = Vec::new();
    let mut problems: Vec<Problem> = files.problems;
    for key in &files.pages {
        match Page::load(&content_dir, &shown_dir, key) {
            Ok(page) if page.front_matter.draft && !options.drafts => {}
            Ok(page) => match runnable_blocks(&page) {
                Ok(found) => blocks.extend(found),
                Err(found) => problems.extend(found),
            },
            Err(found) => problems.extend(found),
        }
    }
    if problems.is_empty() {
        Ok(blocks)
    } else {
        problems.sort();
        Err(Problems(problems))
    }
}

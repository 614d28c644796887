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

use crate::build::{BuildError, BuildOptions};
use crate::location::shown_path;
use crate::problem::Problems;
use crate::source::project::Project;
use crate::source::read_content;

/// Every runnable block of the site at `options.root`, in file order
/// (drafts only with `options.drafts`), or every problem found in reading
/// the site, its pages or their test markings. The pages are found and
/// read as `site build` reads them (an mdBook book's in its `src/`).
pub fn load(options: &BuildOptions) -> Result<Vec<Runnable>, BuildError> {
    let project = Project::open(&options.root, |path| shown_path(&options.root, path))?;
    let shown_dir = shown_path(&options.root, &project.content_dir);
    let content = read_content(
        &project.content_dir,
        &shown_dir,
        options.drafts,
        &mut Default::default(),
    )
    .map_err(|p| Problems(vec![p]))?;
    let mut problems = content.problems;
    let mut blocks = Vec::new();
    for page in &content.pages {
        match runnable_blocks(page) {
            Ok(found) => blocks.extend(found),
            Err(found) => problems.extend(found),
        }
    }
    if problems.is_empty() {
        Ok(blocks)
    } else {
        problems.sort();
        Err(Problems(problems).into())
    }
}

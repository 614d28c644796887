//! A book's pages as mdBook builds them: the chapters its summary lists,
//! in its order, titled as it titles them, with their includes expanded.
//! A chapter listed but missing is shown empty, with a warning (mdBook
//! creates the file); a markdown file the summary does not list is not
//! built (mdBook does not build it either); the first chapter is the home
//! page when the book has no `README.md` or `index.md` at its top.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rayon::prelude::*;

use crate::location::Location;
use crate::problem::Problem;
use crate::source::page::Page;
use crate::source::project::Book;
use crate::urls;

use super::include;

/// Where a book's page sits in its summary (`SUMMARY.md`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Outline {
    /// The page it is nested under (an index into the pages).
    pub parent: Option<usize>,
    /// The part heading it falls under.
    pub part: Option<String>,
}

/// The pages of a book, arranged.
#[derive(Debug, Default)]
pub(crate) struct Arranged {
    /// The chapters, in reading order.
    pub pages: Vec<Page>,
    /// Where each sits in the summary.
    pub outline: Vec<Outline>,
    /// Includes that could not be expanded.
    pub problems: Vec<Problem>,
    /// Chapters listed but missing; directives mdBook does not know.
    pub warnings: Vec<Problem>,
}

/// Arranges the loaded `pages` of a book by its summary. `failed` and
/// `drafts` are the keys of pages that could not be read or are drafts.
pub(crate) fn arrange(
    pages: Vec<Page>,
    book: &Book,
    content_dir: &Path,
    shown_dir: &Path,
    failed: &HashSet<String>,
    drafts: &HashSet<String>,
) -> Arranged {
    let mut by_key: HashMap<String, Page> = pages.into_iter().map(|p| (p.key.clone(), p)).collect();
    let mut arranged = Arranged::default();
    // The page each chapter of the summary became, if any.
    let mut page_of_chapter: Vec<Option<usize>> = Vec::with_capacity(book.summary.chapters.len());
    for chapter in &book.summary.chapters {
        // A draft chapter's nested chapters hang from the nearest chapter
        // above that has a page.
        let mut parent = chapter.parent;
        while let Some(p) = parent {
            if page_of_chapter[p].is_some() {
                break;
            }
            parent = book.summary.chapters[p].parent;
        }
        let parent = parent.and_then(|p| page_of_chapter[p]);
        let Some(key) = &chapter.key else {
            page_of_chapter.push(None);
            continue;
        };
        let page = match by_key.remove(key) {
            Some(page) => Some(page),
            None if failed.contains(key) || drafts.contains(key) => None,
            // Listed twice: the first place holds it.
            None if arranged.pages.iter().any(|p: &Page| &p.key == key) => None,
            // A chapter file need not end in .md.
            None if content_dir.join(key).is_file() => {
                match Page::load(content_dir, shown_dir, key) {
                    Ok(page) => Some(page),
                    Err(problems) => {
                        arranged.problems.extend(problems);
                        None
                    }
                }
            }
            None => {
                arranged.warnings.push(Problem::new(
                    Location::new(&book.summary_file, chapter.line),
                    format!("the chapter file {key} does not exist; mdBook would create it, and this site shows the chapter empty: create the file"),
                ));
                Some(Page::placeholder(
                    key,
                    shown_dir.join(key),
                    format!("# {}\n", chapter.title),
                    urls::page_path(key, None),
                ))
            }
        };
        let Some(mut page) = page else {
            page_of_chapter.push(None);
            continue;
        };
        page.front_matter.title = Some(chapter.title.clone());
        page_of_chapter.push(Some(arranged.pages.len()));
        arranged.outline.push(Outline {
            parent,
            part: chapter.part.clone(),
        });
        arranged.pages.push(page);
    }
    if arranged.pages.is_empty() {
        arranged.warnings.push(Problem::new(
            Location::new(&book.summary_file, 1),
            "the summary lists no chapter: the book's home page is empty; list its chapters as - [Title](file.md)",
        ));
        let mut home = Page::placeholder(
            "index.md",
            book.summary_file.clone(),
            String::new(),
            String::new(),
        );
        home.front_matter.title = Some(book.title.clone());
        arranged.pages.push(home);
        arranged.outline.push(Outline::default());
    }
    if !arranged.pages.iter().any(Page::is_home) {
        if let Some(first) = arranged.pages.first_mut() {
            // mdBook copies the first chapter to index.html.
            first.path = String::new();
        }
    }
    let expanded: Vec<_> = arranged
        .pages
        .par_iter()
        .map(|page| {
            include::expand(
                page.body(),
                &content_dir.join(&page.key),
                &page.file,
                page.body_line,
            )
        })
        .collect();
    for (page, expanded) in arranged.pages.iter_mut().zip(expanded) {
        for (location, message) in expanded.problems {
            arranged.problems.push(Problem::new(location, message));
        }
        for (location, message) in expanded.warnings {
            arranged.warnings.push(Problem::new(location, message));
        }
        page.replace_body(expanded.text, expanded.line_map);
    }
    arranged
}

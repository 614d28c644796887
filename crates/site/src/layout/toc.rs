//! A page's table of contents: its level-2 headings, each with the level-3
//! ones below it, as the sidebar and the page template show them.

use serde::Serialize;

use crate::render::Heading;

/// A table-of-contents entry (level 2 headings, with level 3 children).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TocEntry<'a> {
    /// The heading's id, for `#id` links.
    pub id: &'a str,
    /// The heading's text.
    pub text: &'a str,
    /// Level-3 headings below a level-2 one.
    pub children: Vec<TocEntry<'a>>,
}

/// The table of contents of a page with `headings`, in order.
pub(crate) fn table_of_contents(headings: &[Heading]) -> Vec<TocEntry<'_>> {
    let mut toc: Vec<TocEntry<'_>> = Vec::new();
    for heading in headings {
        let entry = TocEntry {
            id: &heading.id,
            text: &heading.text,
            children: Vec::new(),
        };
        match (heading.level, toc.last_mut()) {
            (2, _) => toc.push(entry),
            (3, Some(parent)) => parent.children.push(entry),
            (3, None) => toc.push(entry),
            _ => {}
        }
    }
    toc
}

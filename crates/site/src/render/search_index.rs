//! The site's search index, made in the render stage: each rendered page's
//! sections (gathered from the parser's events), its title and its `fixes`,
//! handed to `keydoctor-search` and written under `search/`, where the
//! theme's search box (`search.js`) and `site search` read it.

use keydoctor_search::{IndexBuilder, IndexedPage, PageDoc, SearchIndex, SectionDoc};

use super::search_text::SectionText;
use crate::source::page::Page;
use crate::urls::{self, SEARCH_DIR};

/// One page's part of the index, made while the page renders. It depends
/// on nothing but the page (not its number, not another page), so a
/// rebuild can keep it for every page but the edited one and hand them
/// all to a fresh [`SiteIndexer`].
#[derive(Debug, Clone)]
pub(crate) struct PageIndex {
    indexed: IndexedPage,
    /// The home page's section holding a table (the table of errors), as
    /// a URL and a section number: where "nothing fits" points.
    fallback: Option<(String, u16)>,
}

/// Indexes a page from its rendered sections.
pub(crate) fn index_page(
    page: &Page,
    base_path: &str,
    title: &str,
    sections: &[SectionText],
) -> PageIndex {
    let url = urls::join(base_path, &page.path);
    let fallback = page.is_home().then(|| {
        match sections
            .iter()
            .position(|s| s.has_table && !s.anchor.is_empty())
        {
            Some(at) => (
                format!("{url}#{}", sections[at].anchor),
                u16::try_from(at).unwrap_or(0),
            ),
            None => (url.clone(), 0),
        }
    });
    let doc = PageDoc {
        url: &url,
        title,
        fixes: &page.front_matter.fixes,
        sections: sections
            .iter()
            .map(|s| SectionDoc {
                anchor: &s.anchor,
                heading: &s.heading,
                text: &s.text,
                code: &s.code,
            })
            .collect(),
    };
    PageIndex {
        indexed: IndexedPage::of(&doc),
        fallback,
    }
}

/// Gathers the pages' parts (in any order, from any thread).
#[derive(Debug)]
pub(crate) struct SiteIndexer {
    builder: IndexBuilder,
    fallback: Option<(String, u32, u16)>,
    home: String,
}

impl SiteIndexer {
    /// An empty index for a site under `base_path`.
    pub(crate) fn new(base_path: &str) -> Self {
        SiteIndexer {
            builder: IndexBuilder::default(),
            fallback: None,
            home: base_path.to_owned(),
        }
    }

    /// Adds `page` as page number `number` (its place in the site's
    /// reading order).
    pub(crate) fn add(&mut self, number: usize, page: &PageIndex) {
        let number = u32::try_from(number).unwrap_or(u32::MAX);
        self.builder.add(number, &page.indexed);
        if let Some((url, section)) = &page.fallback {
            self.fallback = Some((url.clone(), number, *section));
        }
    }

    /// Takes in what another indexer gathered.
    pub(crate) fn merge(&mut self, other: SiteIndexer) {
        self.builder.merge(other.builder);
        if other.fallback.is_some() {
            self.fallback = other.fallback;
        }
    }

    /// The index's files.
    pub(crate) fn finish(self) -> SearchIndex {
        match self.fallback {
            Some((url, page, section)) => self.builder.finish(&url, Some((page, section))),
            None => self.builder.finish(&self.home, None),
        }
    }
}

/// Where the build writes a file: its path in the site, its bytes.
pub(crate) type WriteFile<'w, E> = dyn Fn(&str, &[u8]) -> Result<(), E> + Sync + 'w;

impl SiteIndexer {
    /// Writes the index's files under `search/`, in a stable order, each
    /// put together only as it is written.
    pub(crate) fn write<E>(self, write: &WriteFile<'_, E>) -> Result<(), E> {
        let (fallback, page) = match &self.fallback {
            Some((url, page, section)) => (url.as_str(), Some((*page, *section))),
            None => (self.home.as_str(), None),
        };
        self.builder.write(fallback, page, &mut |path, bytes| {
            write(&format!("{SEARCH_DIR}{path}"), bytes)
        })
    }
}

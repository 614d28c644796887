//! The site's search index, made in the render stage: each rendered page's
//! sections (gathered from the parser's events), its title and its `fixes`,
//! handed to `keydoctor-search` and written under `search/`, where the
//! theme's search box (`search.js`) and `site search` read it.

use keydoctor_search::{IndexBuilder, IndexedPage, PageDoc, SearchIndex, SectionDoc};

use super::search_text::SectionText;
use crate::source::page::Page;
use crate::urls::SEARCH_DIR;

/// One page's part of the index, made while the page renders (and kept
/// by `site serve` until the page changes).
#[derive(Debug, Clone)]
pub(crate) struct PageIndex {
    indexed: IndexedPage,
    number: u32,
    /// The home page's section holding a table (the table of errors), as
    /// a URL and a section number: where "nothing fits" points.
    fallback: Option<(String, usize)>,
}

/// Indexes page number `i`.
pub(crate) fn index_page(
    i: usize,
    page: &Page,
    base_path: &str,
    title: &str,
    sections: &[SectionText],
) -> PageIndex {
    let url = format!("{base_path}{}", page.path);
    let fallback = page.is_home().then(|| {
        match sections
            .iter()
            .position(|s| s.has_table && !s.anchor.is_empty())
        {
            Some(at) => (format!("{url}#{}", sections[at].anchor), at),
            None => (url.clone(), 0),
        }
    });
    let doc = PageDoc {
        url,
        title: title.to_owned(),
        fixes: page.front_matter.fixes.clone(),
        sections: sections
            .iter()
            .map(|s| SectionDoc {
                anchor: s.anchor.clone(),
                heading: s.heading.clone(),
                text: s.text.clone(),
                code: s.code.clone(),
            })
            .collect(),
    };
    let number = u32::try_from(i).unwrap_or(u32::MAX);
    PageIndex {
        indexed: IndexedPage::of(number, &doc),
        number,
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

    /// Indexes and adds page number `i`.
    pub(crate) fn add(&mut self, i: usize, page: &Page, title: &str, sections: &[SectionText]) {
        let home = self.home.clone();
        self.add_indexed(index_page(i, page, &home, title, sections));
    }

    /// Adds a page indexed by [`index_page`].
    pub(crate) fn add_indexed(&mut self, page: PageIndex) {
        self.builder.add(page.indexed);
        if let Some((url, section)) = page.fallback {
            self.fallback = Some((url, page.number, u16::try_from(section).unwrap_or(0)));
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

/// Writes the index's files under `search/`, in a stable order.
pub(crate) fn write<E>(index: SearchIndex, write: &WriteFile<'_, E>) -> Result<(), E> {
    let mut files: Vec<(String, Vec<u8>)> = index.files.into_iter().collect();
    files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (path, bytes) in files {
        write(&format!("{SEARCH_DIR}{path}"), &bytes)?;
    }
    Ok(())
}

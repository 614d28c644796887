//! The site's search index: each rendered page's sections (gathered by the
//! render stage from the parser's events), its title and its `fixes`, handed
//! to `keydoctor-search` and written under `search/`, where the theme's
//! search box (`search.js`) and `site search` read it.

use keydoctor_search::{IndexBuilder, IndexedPage, PageDoc, SearchIndex, SectionDoc};

use crate::build::BuildError;
use crate::render::search_text::SectionText;
use crate::source::page::Page;

pub use crate::layout::SEARCH_DIR;

/// One page's part of the index, made while the page renders.
#[derive(Debug)]
pub struct PageIndex {
    indexed: IndexedPage,
    number: u32,
    /// The home page's section holding a table (the table of errors), as
    /// a URL and a section number: where "nothing fits" points.
    fallback: Option<(String, usize)>,
}

/// Indexes page number `i`.
pub fn index_page(
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
pub struct SiteIndexer {
    builder: IndexBuilder,
    fallback: Option<(String, u32, u16)>,
    home: String,
}

impl SiteIndexer {
    /// An empty index for a site under `base_path`.
    pub fn new(base_path: &str) -> Self {
        SiteIndexer {
            builder: IndexBuilder::default(),
            fallback: None,
            home: base_path.to_owned(),
        }
    }

    /// Indexes and adds page number `i`.
    pub fn add(&mut self, i: usize, page: &Page, title: &str, sections: &[SectionText]) {
        let home = self.home.clone();
        self.add_indexed(index_page(i, page, &home, title, sections));
    }

    /// Adds a page indexed by [`index_page`].
    pub fn add_indexed(&mut self, page: PageIndex) {
        self.builder.add(page.indexed);
        if let Some((url, section)) = page.fallback {
            self.fallback = Some((url, page.number, u16::try_from(section).unwrap_or(0)));
        }
    }

    /// Takes in what another indexer gathered.
    pub fn merge(&mut self, other: SiteIndexer) {
        self.builder.merge(other.builder);
        if other.fallback.is_some() {
            self.fallback = other.fallback;
        }
    }

    /// The index's files.
    pub fn finish(self) -> SearchIndex {
        match self.fallback {
            Some((url, page, section)) => self.builder.finish(&url, Some((page, section))),
            None => self.builder.finish(&self.home, None),
        }
    }
}

/// Writes the index's files under `search/`, in a stable order.
pub fn write(index: SearchIndex, write: &crate::build::Write<'_>) -> Result<(), BuildError> {
    let mut files: Vec<(String, Vec<u8>)> = index.files.into_iter().collect();
    files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (path, bytes) in files {
        write(&format!("{SEARCH_DIR}{path}"), &bytes)?;
    }
    Ok(())
}

/// One result of [`search_site`], as `site search` shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Found {
    /// The page's title.
    pub title: String,
    /// The page's URL, with the section's anchor when there is one.
    pub url: String,
    /// The section's heading (empty for the top of the page).
    pub section: String,
    /// The declared fix the text quotes, if any.
    pub fix: Option<String>,
    /// The terms the page matched.
    pub matched: Vec<String>,
    /// The ranking's score.
    pub score: i64,
}

/// What `site search` reports.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SearchReport {
    /// Whether the text was a pasted error.
    pub is_paste: bool,
    /// The terms looked up.
    pub terms: Vec<String>,
    /// Best first; empty when nothing fits.
    pub results: Vec<Found>,
    /// What lowered every page (another product's codes, statuses or
    /// fields no page mentions).
    pub counter_evidence: Vec<String>,
    /// Where "nothing fits" points.
    pub fallback: String,
}

/// Ranks the pages of the index in `store` for `text`, exactly as the
/// browser does (same ranking code, same files).
pub fn search_index_files(
    store: &dyn keydoctor_search::Store,
    text: &str,
) -> Result<SearchReport, keydoctor_search::OpenError> {
    let searcher = keydoctor_search::Searcher::open(store)?;
    let outcome = searcher.search(text);
    let results = outcome
        .hits
        .iter()
        .filter_map(|hit| {
            let fragment = searcher.fragment(hit.page)?;
            let (anchor, heading) = fragment
                .s
                .get(usize::from(hit.section))
                .map(|(a, h, _)| (a.clone(), h.clone()))
                .unwrap_or_default();
            let url = if anchor.is_empty() {
                fragment.u.clone()
            } else {
                format!("{}#{anchor}", fragment.u)
            };
            Some(Found {
                title: fragment.t,
                url,
                section: heading,
                fix: hit.fix.clone(),
                matched: hit.matched.clone(),
                score: hit.score,
            })
        })
        .collect();
    Ok(SearchReport {
        is_paste: outcome.is_paste,
        terms: outcome.terms,
        results,
        counter_evidence: outcome.counter_evidence,
        fallback: searcher.fallback().to_owned(),
    })
}

/// Builds the index of the site at `options.root` in memory and ranks its
/// pages for `text`: `site search`.
pub fn search_site(
    options: &crate::build::BuildOptions,
    text: &str,
) -> anyhow::Result<SearchReport> {
    let index = crate::build::search_index(options)?;
    Ok(search_index_files(&index, text)?)
}

impl SearchReport {
    /// The report as a person reads it.
    pub fn to_text(&self) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        let Some(first) = self.results.first() else {
            let what = if self.is_paste {
                "Nothing on this site fits this error."
            } else {
                "No page matches these words."
            };
            let _ = writeln!(
                out,
                "{what} Look it up in the table of errors: {}",
                self.fallback
            );
            if !self.counter_evidence.is_empty() {
                let _ = writeln!(
                    out,
                    "(no page mentions: {})",
                    self.counter_evidence.join(", ")
                );
            }
            return out;
        };
        let label = if self.is_paste {
            "Likely fix"
        } else {
            "Best match"
        };
        let _ = writeln!(out, "{label}: {}", first.title);
        let _ = writeln!(out, "  {}", first.url);
        if !first.section.is_empty() {
            let _ = writeln!(out, "  section: {}", first.section);
        }
        match &first.fix {
            Some(fix) => {
                let _ = writeln!(
                    out,
                    "  why: the text quotes \"{fix}\", which this page fixes"
                );
            }
            None => {
                let _ = writeln!(out, "  why: it matched {}", first.matched.join(", "));
            }
        }
        for (i, found) in self.results.iter().enumerate().skip(1) {
            let _ = writeln!(out, "{}. {}  {}", i + 1, found.title, found.url);
        }
        out
    }
}

//! `site search`: the pages ranked for a pasted error or a few words,
//! exactly as the site's search box ranks them (the same index, built in
//! memory by the render stage, and the same ranking code).

pub use crate::build::search_index;
pub use crate::urls::SEARCH_DIR;

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
    let index = search_index(options)?;
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

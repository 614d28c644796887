//! Search for a docs site, built for the moment a reader arrives with an
//! error in the clipboard. The render stage hands each page's text to
//! [`IndexedPage::of`] (title, `fixes`, sections with their anchors);
//! [`IndexBuilder`] writes an index split by term into small files, so a
//! query fetches only the shards of its terms; [`Searcher`] ranks against
//! those files exactly as the browser client does.
//!
//! A paste is rarely a query: [`Query`] reduces a log line, a traceback or
//! a JSON body to the terms that tell one error from another (codes in
//! `snake_case`, HTTP statuses, the words the site uses), dropping secrets,
//! URLs, paths and traceback frames. It knows no product: which words
//! matter comes from the shape of error text and from the site's own
//! index, and which page fixes what from the writers' `fixes` lists.

mod index;
mod query;
mod rank;
mod text;

pub use index::{
    Bloom, Field, Fragment, IndexBuilder, IndexedPage, Meta, PageDoc, Positions, Posting,
    SearchIndex, SectionDoc, WriteFile, MAX_POSTINGS,
};
pub use query::{distinctive_terms, Kind, Query, Term, Vocabulary, MAX_TERMS};
pub use rank::{quoted, Hit, OpenError, Outcome, Searcher, Store, MAX_HITS, THRESHOLD};
pub use text::{is_code, is_indexable, is_status, looks_secret, tokens, Token, STOP_WORDS};

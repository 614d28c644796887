//! Writing the index: each page's words with their field, section and
//! positions, merged into an inverted index split into small files by
//! term range, plus small files of a few pages each for the results'
//! titles, sections and snippets. A query fetches `meta.json`, the shards
//! of its terms, and the files of the pages it shows — never the whole
//! index.
//!
//! Files (under the site's `search/` folder):
//! - `meta.json`: `{"v":2,"n":pages,"group":pages per fragment file,
//!   "shards":[first term of each shard],
//!   "common":[terms on most pages],"bloom":"base64","bits":m,
//!   "stop":[stop words],"fallback":url}`
//! - `t/{i}.json`: `{"term":[idf,df,[[page,section,field,impact,pos…]…],
//!   [[fix text,[weight per token…],[page…]]…]]…}` — postings best first, at most
//!   [`MAX_POSTINGS`]; the declared fixes holding the term.
//! - `p/{k}.json`: pages `k·group` to `k·group + group − 1`, an array of
//!   `{"u":url,"t":title,"s":[[anchor,heading,text]…]}` (`null` for a
//!   number no page has).

use std::borrow::Cow;
use std::collections::HashMap;

use base64::Engine as _;
use serde::{Deserialize, Serialize};

use crate::text::{each_token, is_code, is_indexable, is_status, tokens};

/// Postings kept per term: a term on more pages than this is common, and
/// its best pages are the ones that matter.
pub const MAX_POSTINGS: usize = 96;
/// Positions kept per posting: enough to find a phrase.
const MAX_POSITIONS: usize = 6;
/// Characters of each section's text kept for snippets.
const SNIPPET_SOURCE: usize = 1200;
/// A shard is closed once its JSON passes this many bytes.
const SHARD_BYTES: usize = 6_000;
/// The size a fragment file aims at (see [`fragment_group`]).
const FRAGMENT_GROUP_BYTES: usize = 8_000;
/// Pages per fragment file, at most.
const MAX_GROUP: u32 = 64;

/// Where a word stands on a page, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[repr(u8)]
pub enum Field {
    /// The page's `fixes` front matter.
    Fixes = 0,
    /// The page's title.
    Title = 1,
    /// A section's heading.
    Heading = 2,
    /// A section's prose: paragraphs, lists, tables, quotes.
    Body = 3,
    /// A section's code blocks (where errors are usually quoted).
    Code = 4,
}

impl Field {
    /// Weight (fixed point, ×10) and the length a field usually has.
    fn weight_and_length(self) -> (u32, u32) {
        match self {
            Field::Fixes => (50, 12),
            Field::Title => (30, 6),
            Field::Heading => (20, 6),
            Field::Body => (10, 150),
            Field::Code => (8, 150),
        }
    }

    /// Whether the field belongs to the page rather than a section.
    pub fn is_page_level(self) -> bool {
        matches!(self, Field::Fixes | Field::Title)
    }

    /// From its number in the index.
    pub fn from_u8(n: u8) -> Option<Self> {
        [
            Field::Fixes,
            Field::Title,
            Field::Heading,
            Field::Body,
            Field::Code,
        ]
        .get(usize::from(n))
        .copied()
    }
}

/// One section of a page: the text under a heading, up to the next.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SectionDoc<'a> {
    /// The heading's id (`fix-it`); empty for the text before the first
    /// heading.
    pub anchor: &'a str,
    /// The heading's text; empty before the first heading.
    pub heading: &'a str,
    /// Paragraphs, list items, table cells and quotes, each block ended
    /// by a newline.
    pub text: &'a str,
    /// Its code blocks, each ended by a newline.
    pub code: &'a str,
}

/// What the render stage gives the index about a page (borrowed from
/// the render: the index copies only what it keeps).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageDoc<'a> {
    /// The page's URL (site-absolute, `/repo/page/`).
    pub url: &'a str,
    /// Its title.
    pub title: &'a str,
    /// The errors its front matter says it fixes.
    pub fixes: &'a [String],
    /// Its sections, in order.
    pub sections: Vec<SectionDoc<'a>>,
}

/// The first positions of a term in a field, kept in place (no
/// allocation per posting): enough to find a phrase.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Positions {
    len: u8,
    at: [u32; MAX_POSITIONS],
}

impl Positions {
    /// Adds `position`, unless [`MAX_POSITIONS`] are already kept.
    fn push(&mut self, position: u32) {
        if let Some(slot) = self.at.get_mut(usize::from(self.len)) {
            *slot = position;
            self.len += 1;
        }
    }

    /// The positions, in order.
    pub fn as_slice(&self) -> &[u32] {
        &self.at[..usize::from(self.len)]
    }
}

/// A term's occurrence on a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    /// The page's number.
    pub page: u32,
    /// The section's number in the page (0 for page-level fields).
    pub section: u16,
    /// Where on the page.
    pub field: Field,
    /// How much the occurrence weighs, 1–255: field weight, saturated
    /// term frequency, shorter fields weighing more.
    pub impact: u8,
    /// Token positions in the field (section text or heading), first few.
    pub positions: Positions,
}

impl Posting {
    /// Best first: impact, then stronger field, then page and section
    /// (a strict order, so which postings a term keeps depends only on
    /// the pages, never on the order they were added in).
    fn rank(&self, other: &Self) -> std::cmp::Ordering {
        other
            .impact
            .cmp(&self.impact)
            .then(self.field.cmp(&other.field))
            .then(self.page.cmp(&other.page))
            .then(self.section.cmp(&other.section))
    }
}

/// The index material of one page, made independently of every other
/// page and of the page's number (so pages are indexed in parallel while
/// they render, and a rebuild can keep an unchanged page's value and
/// index only the edited one). [`IndexBuilder::add`] gives it its number.
#[derive(Debug, Clone, Default)]
pub struct IndexedPage {
    /// The terms of `postings`, one after another.
    words: String,
    /// Each posting's term's end in `words` (it starts where the previous
    /// one ends), and the posting (its `page` set by the builder).
    postings: Vec<(u32, Posting)>,
    phrases: Vec<(String, String)>,
    fragment: Vec<u8>,
}

/// `impact` of `tf` occurrences in a field of `length` tokens. The fixes
/// are a list, not a text: a page declaring more of them is not diluted.
fn impact(field: Field, tf: usize, length: usize) -> u8 {
    let (weight, usual) = field.weight_and_length();
    let length = if field == Field::Fixes {
        usual as usize
    } else {
        length
    };
    // BM25's saturation with k1 = 1.2, b = 0.75, in fixed point.
    let tf = tf as u64;
    let norm = 1200 * (250 + 750 * length as u64 / u64::from(usual.max(1))) / 1000;
    let saturated = tf * 220_000 / (tf * 1000 + norm).max(1);
    u8::try_from((u64::from(weight) * saturated / 50).clamp(1, 255)).unwrap_or(255)
}

impl IndexedPage {
    /// Indexes a page (numbered when it is added to a builder).
    pub fn of(doc: &PageDoc) -> Self {
        let mut page = IndexedPage::default();
        let fixes = doc.fixes.join("\n");
        page.add_field(0, Field::Fixes, &fixes);
        page.add_field(0, Field::Title, doc.title);
        for (i, section) in doc.sections.iter().enumerate() {
            let i = u16::try_from(i).unwrap_or(u16::MAX);
            page.add_field(i, Field::Heading, section.heading);
            page.add_field(i, Field::Body, section.text);
            page.add_field(i, Field::Code, section.code);
        }
        // A page's fixes travel together: each is filed under every
        // searchable word of any of them, so a query that looks up one of
        // those words sees all of the page's declarations (and can tell a
        // paste that quotes one from a paste that names another slot).
        let keys = doc.fixes.iter().flat_map(|fix| tokens(fix)).flat_map(|t| {
            // A code's words too: a message may spell it out.
            let parts: Vec<String> = if is_code(&t.text) {
                t.text.split('_').map(str::to_owned).collect()
            } else {
                Vec::new()
            };
            std::iter::once(t.text).chain(parts)
        });
        for key in keys {
            if !is_indexable(&key) {
                continue;
            }
            for fix in doc.fixes {
                let pair = (key.clone(), fix.clone());
                if !page.phrases.contains(&pair) {
                    page.phrases.push(pair);
                }
            }
        }
        let fragment = FragmentOut {
            u: doc.url,
            t: doc.title,
            s: doc
                .sections
                .iter()
                .map(|s| (s.anchor, s.heading, Snippet(s.text, s.code)))
                .collect(),
        };
        page.fragment = serde_json::to_vec(&fragment).expect("a fragment serialises");
        page
    }

    /// Adds the postings of one field: each indexable term with its
    /// frequency's impact and first positions.
    fn add_field(&mut self, section: u16, field: Field, text: &str) {
        let mut found: Vec<(Cow<'_, str>, u32)> = Vec::new();
        let mut length = 0u32;
        each_token(text, |word, _, _| {
            if is_indexable(&word) {
                found.push((word, length));
            }
            length += 1;
        });
        // Stable: each term's positions stay in order.
        found.sort_by(|a, b| a.0.cmp(&b.0));
        for group in found.chunk_by(|a, b| a.0 == b.0) {
            let mut positions = Positions::default();
            for (_, at) in group.iter().take(MAX_POSITIONS) {
                positions.push(*at);
            }
            self.words.push_str(&group[0].0);
            let end = u32::try_from(self.words.len()).unwrap_or(u32::MAX);
            self.postings.push((
                end,
                Posting {
                    page: 0,
                    section,
                    field,
                    impact: impact(field, group.len(), length as usize),
                    positions,
                },
            ));
        }
    }
}

/// A section's snippet source: its text then its code, cut to
/// [`SNIPPET_SOURCE`] bytes (serialised without joining them first).
struct Snippet<'a>(&'a str, &'a str);

impl Serialize for Snippet<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = truncate(self.0, SNIPPET_SOURCE);
        // Text cut short (even by a character that straddles the limit)
        // leaves no room for code: a few code bytes glued to cut text
        // would read as a word of it.
        let code = if text.len() < self.0.len() {
            ""
        } else {
            truncate(self.1, SNIPPET_SOURCE - text.len())
        };
        serializer.collect_str(&format_args!("{text}{code}"))
    }
}

/// [`Fragment`] as the index writes it, borrowing the page's text.
#[derive(Serialize)]
struct FragmentOut<'a> {
    u: &'a str,
    t: &'a str,
    s: Vec<(&'a str, &'a str, Snippet<'a>)>,
}

/// `text` cut to at most `max` bytes, at a character boundary.
fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// A page's file: URL, title and sections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fragment {
    /// URL.
    pub u: String,
    /// Title.
    pub t: String,
    /// Sections: anchor, heading, text (cut for snippets).
    pub s: Vec<(String, String, String)>,
}

#[derive(Debug, Default)]
struct TermEntry {
    df: u32,
    last_page: Option<u32>,
    postings: Vec<Posting>,
}

impl TermEntry {
    /// Keeps the best `to` postings (in no particular order).
    fn trim(&mut self, to: usize) {
        if self.postings.len() > to {
            self.postings.select_nth_unstable_by(to, Posting::rank);
            self.postings.truncate(to);
        }
    }

    fn push(&mut self, posting: Posting) {
        self.postings.push(posting);
        if self.postings.len() >= 2 * MAX_POSTINGS {
            self.trim(MAX_POSTINGS);
        }
    }
}

/// Where [`IndexBuilder::write`] hands each file: its path under
/// `search/`, its bytes.
pub type WriteFile<'w, E> = dyn FnMut(&str, &[u8]) -> Result<(), E> + 'w;

/// Gathers pages into the index. Pages may come in any order and from
/// several builders ([`IndexBuilder::merge`]); the result depends only on
/// the pages and their numbers.
#[derive(Debug, Default)]
pub struct IndexBuilder {
    /// Looked up by `&str` and keyed by a copy made only for a new term
    /// (`entry_ref`), with hashbrown's fast default hasher.
    terms: hashbrown::HashMap<String, TermEntry>,
    phrases: HashMap<String, Vec<(String, u32)>>,
    fragments: Vec<(u32, Vec<u8>)>,
    pages: u32,
}

impl IndexBuilder {
    /// Adds one page's material as page number `page`.
    pub fn add(&mut self, page: u32, indexed: &IndexedPage) {
        self.pages += 1;
        let mut start = 0;
        for &(end, posting) in &indexed.postings {
            let end = end as usize;
            let term = &indexed.words[start..end];
            start = end;
            let entry = self.terms.entry_ref(term).or_default();
            if entry.last_page != Some(page) {
                entry.df += 1;
                entry.last_page = Some(page);
            }
            entry.push(Posting { page, ..posting });
        }
        for (key, fix) in &indexed.phrases {
            self.phrases
                .entry(key.clone())
                .or_default()
                .push((fix.clone(), page));
        }
        self.fragments.push((page, indexed.fragment.clone()));
    }

    /// Takes in everything `other` gathered.
    pub fn merge(&mut self, other: IndexBuilder) {
        self.pages += other.pages;
        for (term, entry) in other.terms {
            let mine = self.terms.entry(term).or_default();
            mine.df += entry.df;
            for posting in entry.postings {
                mine.push(posting);
            }
        }
        for (key, list) in other.phrases {
            self.phrases.entry(key).or_default().extend(list);
        }
        self.fragments.extend(other.fragments);
    }

    /// The index's files. `fallback` is where "nothing fits" sends the
    /// reader (the site's table of errors, or its home page).
    pub fn finish(self, fallback: &str, fallback_page: Option<(u32, u16)>) -> SearchIndex {
        let mut files = HashMap::new();
        let kept = self.write(fallback, fallback_page, &mut |path, bytes| {
            files.insert(path.to_owned(), bytes.to_vec());
            Ok::<(), std::convert::Infallible>(())
        });
        match kept {
            Ok(()) => SearchIndex { files },
            Err(never) => match never {},
        }
    }

    /// Hands the index's files to `write` one at a time (path under
    /// `search/`, bytes), shards and `meta.json` first, then the fragment
    /// files, each put together only as it is written: a shard is handed
    /// on before the next is made, so a writer that stops (returns an
    /// error) stops the work there, and `meta.json`, which names every
    /// shard, comes only after the last.
    pub fn write<E>(
        self,
        fallback: &str,
        fallback_page: Option<(u32, u16)>,
        write: &mut WriteFile<'_, E>,
    ) -> Result<(), E> {
        let pages = self.pages;
        let mut terms: Vec<(String, TermEntry)> = self.terms.into_iter().collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (_, entry) in &mut terms {
            entry.trim(MAX_POSTINGS);
            entry.postings.sort_unstable_by(Posting::rank);
        }
        let phrases = self.phrases;
        // How many pages declare each fix, and each term's document count:
        // a fix's words weigh their IDF, shared among the pages declaring
        // it (`status_code: 401, body:` on two pages weighs next to
        // nothing; `is missing the permission convai_write` a lot).
        let mut declarers: HashMap<String, Vec<u32>> = HashMap::new();
        for list in phrases.values() {
            for (fix, page) in list {
                let pages = declarers.entry(fix.clone()).or_default();
                if !pages.contains(page) {
                    pages.push(*page);
                }
            }
        }
        let declarers: HashMap<String, u32> = declarers
            .into_iter()
            .map(|(fix, pages)| (fix, u32::try_from(pages.len()).unwrap_or(u32::MAX)))
            .collect();
        let df_table: HashMap<&str, u32> = terms.iter().map(|(t, e)| (&**t, e.df)).collect();
        let df_of = |term: &str| df_table.get(term).copied().unwrap_or(0);
        let mut shards: Vec<String> = Vec::new();
        let mut current = String::new();
        let mut flush = |current: &mut String, n: usize| -> Result<(), E> {
            if !current.is_empty() {
                current.push('}');
                write(&format!("t/{n}.json"), current.as_bytes())?;
                current.clear();
            }
            Ok(())
        };
        let mut by_df: Vec<(u32, &str)> = Vec::new();
        for (term, entry) in &terms {
            let idf = idf(pages, entry.df);
            let postings: Vec<Vec<u32>> = entry
                .postings
                .iter()
                .map(|p| {
                    let mut row = vec![
                        p.page,
                        u32::from(p.section),
                        p.field as u32,
                        u32::from(p.impact),
                    ];
                    row.extend(p.positions.as_slice());
                    row
                })
                .collect();
            let mut fixes: Vec<(String, Vec<u32>, Vec<u32>)> = Vec::new();
            for (fix, page) in phrases.get(&**term).cloned().unwrap_or_default() {
                match fixes.iter_mut().find(|(f, _, _)| *f == fix) {
                    Some((_, _, list)) if list.len() < MAX_POSTINGS => list.push(page),
                    Some(_) => {}
                    None => {
                        let weights = fix_weights(&fix, &declarers, &df_of, pages);
                        fixes.push((fix, weights, vec![page]));
                    }
                }
            }
            for (_, _, list) in &mut fixes {
                list.sort_unstable();
                list.dedup();
            }
            let json = serde_json::to_string(&(idf, entry.df, postings, fixes))
                .expect("an entry serialises");
            if current.len() + json.len() > SHARD_BYTES && !current.is_empty() {
                flush(&mut current, shards.len() - 1)?;
            }
            if current.is_empty() {
                shards.push(term.to_string());
                current.push('{');
            } else {
                current.push(',');
            }
            current.push_str(&serde_json::to_string(term).expect("a string serialises"));
            current.push(':');
            current.push_str(&json);
            by_df.push((entry.df, term));
        }
        flush(&mut current, shards.len().saturating_sub(1))?;
        by_df.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        let common: Vec<String> = by_df
            .iter()
            .take_while(|(df, _)| pages >= 4 && *df * 2 > pages)
            .filter(|(_, t)| !is_code(t) && !is_status(t))
            .take(200)
            .map(|(_, t)| (*t).to_owned())
            .collect();
        let bloom = Bloom::of(terms.iter().map(|(t, _)| &**t), terms.len());
        let group = fragment_group(&self.fragments);
        let meta = Meta {
            v: 2,
            n: pages,
            group,
            shards,
            common,
            bits: bloom.bits,
            bloom: base64::engine::general_purpose::STANDARD.encode(&bloom.bytes),
            stop: crate::text::STOP_WORDS
                .iter()
                .map(|w| (*w).to_owned())
                .collect(),
            fallback: fallback.to_owned(),
            fallback_page,
        };
        write(
            "meta.json",
            &serde_json::to_vec(&meta).expect("meta serialises"),
        )?;
        write_fragment_files(self.fragments, group, write)
    }
}

/// Pages per fragment file: as many as make about
/// [`FRAGMENT_GROUP_BYTES`] on average, so a site of many small pages is
/// not written as as many tiny files, and one query's few results still
/// fetch little.
fn fragment_group(fragments: &[(u32, Vec<u8>)]) -> u32 {
    let total: usize = fragments.iter().map(|(_, f)| f.len()).sum();
    let average = total / fragments.len().max(1);
    u32::try_from(FRAGMENT_GROUP_BYTES / average.max(1))
        .map_or(MAX_GROUP, |g| g.clamp(1, MAX_GROUP))
}

/// Writes the fragment files: `p/{k}.json` is the array of pages
/// `k·group … k·group + group − 1` (`null` for a number no page has).
fn write_fragment_files<E>(
    mut fragments: Vec<(u32, Vec<u8>)>,
    group: u32,
    write: &mut WriteFile<'_, E>,
) -> Result<(), E> {
    fragments.sort_unstable_by_key(|(page, _)| *page);
    let mut bytes = Vec::new();
    for file in fragments.chunk_by(|a, b| a.0 / group == b.0 / group) {
        let k = file[0].0 / group;
        bytes.clear();
        bytes.push(b'[');
        let mut next = k * group;
        for (page, fragment) in file {
            while next < *page {
                bytes.extend_from_slice(b"null,");
                next += 1;
            }
            bytes.extend_from_slice(fragment);
            bytes.push(b',');
            next += 1;
        }
        bytes.pop();
        bytes.push(b']');
        write(&format!("p/{k}.json"), &bytes)?;
    }
    Ok(())
}

/// The weight of each token of `fix`: its IDF (×10) if it is searchable,
/// divided among the pages declaring the fix; stop words and numbers
/// other than statuses weigh nothing.
fn fix_weights(
    fix: &str,
    declarers: &HashMap<String, u32>,
    df_of: &dyn Fn(&str) -> u32,
    pages: u32,
) -> Vec<u32> {
    let shared = declarers.get(fix).copied().unwrap_or(1).max(1);
    tokens(fix)
        .iter()
        .map(|t| {
            if is_indexable(&t.text) {
                idf(pages, df_of(&t.text)) / shared
            } else {
                0
            }
        })
        .collect()
}

/// BM25's inverse document frequency, ×10, at least 1.
fn idf(pages: u32, df: u32) -> u32 {
    let (n, df) = (f64::from(pages), f64::from(df));
    let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
    // Rounded once here: the browser and `site search` then score in
    // integers and cannot disagree on a last bit.
    (idf * 10.0).round().max(1.0) as u32
}

/// The index's first file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// Format version.
    pub v: u32,
    /// Pages indexed.
    pub n: u32,
    /// Pages per fragment file: page `i` is item `i % group` of
    /// `p/{i / group}.json`.
    pub group: u32,
    /// The first term of each shard, in order.
    pub shards: Vec<String>,
    /// Words (not codes or statuses) on more than half of the pages.
    pub common: Vec<String>,
    /// The page and section "nothing fits" points to, if the site has
    /// one: where a bare status (`401`, nothing more) belongs.
    pub fallback_page: Option<(u32, u16)>,
    /// The Bloom filter's size in bits.
    pub bits: u32,
    /// The Bloom filter of every indexed term, base64.
    pub bloom: String,
    /// The stop words the index was built with (the client reads them
    /// from here rather than keep its own list).
    pub stop: Vec<String>,
    /// Where "nothing fits" points: the page (and section) holding the
    /// site's table of errors.
    pub fallback: String,
}

/// A Bloom filter of the index's terms: lets a query skip words the site
/// never uses before spending its term budget or a fetch.
#[derive(Debug, Clone)]
pub struct Bloom {
    bits: u32,
    bytes: Vec<u8>,
}

/// Probes per term.
const BLOOM_PROBES: u32 = 4;

/// FNV-1a over the UTF-8 bytes (the client computes the same).
fn fnv1a(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

impl Bloom {
    fn probes(term: &str, bits: u32) -> impl Iterator<Item = u32> {
        let h1 = fnv1a(term);
        let h2 = h1.wrapping_mul(0x9E37_79B1) | 1;
        (0..BLOOM_PROBES).map(move |i| h1.wrapping_add(i.wrapping_mul(h2)) % bits)
    }

    /// A filter for `count` terms (10 bits each, 1 Kib to 128 Kib).
    fn of<'t>(terms: impl Iterator<Item = &'t str>, count: usize) -> Self {
        let bits = u32::try_from(
            count
                .saturating_mul(10)
                .clamp(1024, 131_072)
                .next_multiple_of(8),
        )
        .unwrap_or(131_072);
        let mut bytes = vec![0u8; bits as usize / 8];
        for term in terms {
            for bit in Self::probes(term, bits) {
                bytes[bit as usize / 8] |= 1 << (bit % 8);
            }
        }
        Bloom { bits, bytes }
    }

    /// Reads the filter from `meta`.
    pub fn from_meta(meta: &Meta) -> Option<Self> {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(&meta.bloom)
            .ok()?;
        (bytes.len() * 8 == meta.bits as usize && meta.bits > 0).then_some(Bloom {
            bits: meta.bits,
            bytes,
        })
    }

    /// False when `term` is certainly not indexed.
    pub fn may_contain(&self, term: &str) -> bool {
        Self::probes(term, self.bits)
            .all(|bit| self.bytes[bit as usize / 8] & (1 << (bit % 8)) != 0)
    }
}

/// The index's files, by path under `search/`.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    /// Path (`meta.json`, `t/3.json`, `p/12.json`) to contents.
    pub files: HashMap<String, Vec<u8>>,
}

impl SearchIndex {
    /// Builds the index of `pages` in one go (page numbers are their
    /// places in the slice).
    pub fn of(pages: &[PageDoc<'_>]) -> Self {
        let mut builder = IndexBuilder::default();
        for (i, page) in pages.iter().enumerate() {
            builder.add(u32::try_from(i).unwrap_or(u32::MAX), &IndexedPage::of(page));
        }
        builder.finish("", None)
    }

    /// Total bytes.
    pub fn bytes(&self) -> usize {
        self.files.values().map(Vec::len).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impact_favours_strong_fields_and_short_text() {
        assert!(impact(Field::Fixes, 1, 5) > impact(Field::Title, 1, 5));
        assert!(impact(Field::Title, 1, 5) > impact(Field::Heading, 1, 5));
        assert!(impact(Field::Heading, 1, 5) > impact(Field::Body, 1, 5));
        assert!(impact(Field::Body, 1, 40) > impact(Field::Body, 1, 400));
        assert!(impact(Field::Body, 3, 100) > impact(Field::Body, 1, 100));
    }

    #[test]
    fn a_snippet_cut_in_its_text_carries_no_code() {
        let json = |text: &str, code: &str| serde_json::to_string(&Snippet(text, code)).unwrap();
        // 1,199 ASCII bytes and a 2-byte character straddling the limit:
        // the text is cut to 1,199 bytes and no code byte may follow it.
        let text = format!("{}é", "a".repeat(SNIPPET_SOURCE - 1));
        assert_eq!(
            json(&text, "xyz"),
            format!("\"{}\"", "a".repeat(SNIPPET_SOURCE - 1))
        );
        // Short text: the code fills the rest.
        assert_eq!(json("ab", "cd"), "\"abcd\"");
        let long_code = "c".repeat(SNIPPET_SOURCE);
        assert_eq!(json("ab", &long_code).len(), SNIPPET_SOURCE + 2);
    }

    #[test]
    fn the_bloom_filter_knows_every_term() {
        let terms: Vec<String> = (0..3000).map(|i| format!("term{i}")).collect();
        let bloom = Bloom::of(terms.iter().map(String::as_str), terms.len());
        assert!(terms.iter().all(|t| bloom.may_contain(t)));
        let false_hits = (0..3000)
            .filter(|i| bloom.may_contain(&format!("other{i}")))
            .count();
        assert!(false_hits < 90, "{false_hits} false positives in 3000");
    }

    /// 500 small pages with a word each of their own: several shards.
    fn five_hundred_pages() -> IndexBuilder {
        let mut builder = IndexBuilder::default();
        for i in 0..500u32 {
            let (url, title) = (format!("/p{i}/"), format!("Page {i}"));
            let text = format!("common words here and unique{i}x");
            let page = PageDoc {
                url: &url,
                title: &title,
                fixes: &[],
                sections: vec![SectionDoc {
                    text: &text,
                    ..SectionDoc::default()
                }],
            };
            builder.add(i, &IndexedPage::of(&page));
        }
        builder
    }

    #[test]
    fn a_writer_that_stops_is_handed_no_other_file() {
        let mut order = Vec::new();
        let whole = five_hundred_pages().write("", None, &mut |path, _| {
            order.push(path.to_owned());
            Ok::<(), &str>(())
        });
        assert_eq!(whole, Ok(()));
        // Every shard, then meta.json (which names them), then fragments.
        let shards = order.iter().take_while(|p| p.starts_with("t/")).count();
        assert!(shards >= 3, "{order:?}");
        assert_eq!(order[shards], "meta.json");
        assert!(order[shards + 1..].iter().all(|p| p.starts_with("p/")));

        let mut handed = Vec::new();
        let stopped = five_hundred_pages().write("", None, &mut |path, _| {
            handed.push(path.to_owned());
            if handed.len() == 2 {
                Err("stop")
            } else {
                Ok(())
            }
        });
        assert_eq!(stopped, Err("stop"));
        assert_eq!(handed, ["t/0.json", "t/1.json"]);
    }

    #[test]
    fn shards_stay_small_and_postings_bounded() {
        let texts: Vec<[String; 3]> = (0..500)
            .map(|i| {
                [
                    format!("/p{i}/"),
                    format!("Page {i}"),
                    format!("common words here and unique{i}x"),
                ]
            })
            .collect();
        let fixes = ["shared_code".to_owned()];
        let pages: Vec<PageDoc<'_>> = texts
            .iter()
            .map(|[url, title, text]| PageDoc {
                url,
                title,
                fixes: &fixes,
                sections: vec![SectionDoc {
                    text,
                    ..SectionDoc::default()
                }],
            })
            .collect();
        let index = SearchIndex::of(&pages);
        let meta: Meta = serde_json::from_slice(&index.files["meta.json"]).expect("meta");
        assert_eq!(meta.n, 500);
        assert!(meta.common.contains(&"common".to_owned()));
        for (path, bytes) in &index.files {
            if path.starts_with("t/") {
                assert!(
                    bytes.len() < 2 * SHARD_BYTES + 16_000,
                    "{path}: {}",
                    bytes.len()
                );
            }
        }
        let shard = &index.files[&format!(
            "t/{}.json",
            meta.shards.partition_point(|s| s.as_str() <= "shared_code") - 1
        )];
        let shard: HashMap<String, serde_json::Value> =
            serde_json::from_slice(shard).expect("shard");
        let entry = &shard["shared_code"];
        assert_eq!(entry[1], 500, "df counts every page");
        assert_eq!(entry[2].as_array().map(Vec::len), Some(MAX_POSTINGS));
        assert_eq!(entry[3][0][0], "shared_code");
        assert_eq!(entry[3][0][1][0], 0, "a fix on every page weighs nothing");
        assert!(
            !meta.common.contains(&"shared_code".to_owned()),
            "codes are never common"
        );
    }
}

//! Ranking a paste against the index's files: the reference the browser
//! client (`search.js`) follows step for step. Everything is scored in
//! integers (the index stores each term's IDF already rounded), so the two
//! cannot disagree on a last bit.
//!
//! A page's score is its page-level evidence (`fixes`, title), plus its
//! best section's (headings, body, words standing in the paste's order),
//! plus the longest declared fix the paste quotes; then counter-evidence
//! divides it: a code the site never names given as the error's code, an
//! HTTP status the page never mentions, a validation `loc` naming a field
//! the page never mentions. Below [`THRESHOLD`] a paste gets "nothing
//! fits".

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};

use crate::index::{Bloom, Field, Fragment, Meta};
use crate::query::{Kind, Query, Term, Vocabulary};
use crate::text::tokens;

/// A pasted error whose best page scores less than this gets "nothing
/// fits".
pub const THRESHOLD: i64 = 6_000;
/// Results kept.
pub const MAX_HITS: usize = 8;
/// Per weight point (IDF ×10, shared among the pages declaring it) of
/// the words of a declared fix the paste quotes whole.
const FIX_WHOLE: i64 = 500;
/// The same for a fix the paste quotes only in part (it was cut short).
const FIX_PART: i64 = 350;
/// Per IDF point of two words standing in the page as in the paste.
const PAIR: i64 = 60;

/// Where the index's files come from: the build's memory, a folder, or
/// (in the browser) `fetch`.
pub trait Store {
    /// The file at `path` under `search/`, if there is one.
    fn read(&self, path: &str) -> Option<Vec<u8>>;
}

impl Store for crate::index::SearchIndex {
    fn read(&self, path: &str) -> Option<Vec<u8>> {
        self.files.get(path).cloned()
    }
}

/// A folder holding the index (`www/search/`).
impl Store for std::path::PathBuf {
    fn read(&self, path: &str) -> Option<Vec<u8>> {
        std::fs::read(self.join(path)).ok()
    }
}

/// `[idf, df, postings, fixes: [text, weight per token, pages]]`.
type Entry = (i64, u32, Vec<Vec<u32>>, Vec<(String, Vec<u32>, Vec<u32>)>);
type Shard = HashMap<String, Entry>;
/// A field of a section of a page: `(page, section, field)`.
type Place = (u32, u16, u32);

/// Why the index could not be read.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// No `meta.json`.
    #[error("the site has no search index (search/meta.json is missing)")]
    Missing,
    /// A file is not what this version writes.
    #[error("the search index is damaged or from another version: {0}")]
    Damaged(String),
}

/// An open index.
pub struct Searcher<'s> {
    store: &'s dyn Store,
    meta: Meta,
    bloom: Bloom,
    common: HashSet<String>,
    shards: RefCell<HashMap<usize, Shard>>,
    fetched: RefCell<Vec<(String, usize)>>,
}

impl Vocabulary for Searcher<'_> {
    fn may_contain(&self, term: &str) -> bool {
        self.bloom.may_contain(term)
    }
    fn is_common(&self, term: &str) -> bool {
        self.common.contains(term)
    }
}

/// One result: a page, the section to land on, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Hit {
    /// The page's number.
    pub page: u32,
    /// The section's number in the page.
    pub section: u16,
    /// The score (higher is better).
    pub score: i64,
    /// The declared fix the paste quotes, if any.
    pub fix: Option<String>,
    /// The paste's terms the page matched, most distinctive first.
    pub matched: Vec<String>,
}

/// What a search found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Outcome {
    /// Whether the text was a pasted error (a "likely fix" is wanted).
    pub is_paste: bool,
    /// The terms looked up.
    pub terms: Vec<String>,
    /// Best first; empty when nothing fits.
    pub hits: Vec<Hit>,
    /// What lowered every page: codes of another product, statuses and
    /// fields no page mentions.
    pub counter_evidence: Vec<String>,
}

#[derive(Default)]
struct PageScore {
    page_level: i64,
    sections: BTreeMap<u16, i64>,
    /// The sections' evidence in headings and prose only: where to land.
    choice: BTreeMap<u16, i64>,
    fix: Option<(usize, String)>,
    fix_bonus: i64,
    /// A declared fix the paste follows for three words and more, then
    /// leaves for another value (another permission, another field).
    diverges: bool,
    /// Another page declares a fix this page's fix narrows, and the paste
    /// names nothing of the narrowing (`missing_permissions` alone, on
    /// the page for one permission).
    narrower: bool,
    matched: Vec<usize>,
}

impl<'s> Searcher<'s> {
    /// Opens the index in `store`.
    pub fn open(store: &'s dyn Store) -> Result<Self, OpenError> {
        let bytes = store.read("meta.json").ok_or(OpenError::Missing)?;
        let meta: Meta =
            serde_json::from_slice(&bytes).map_err(|e| OpenError::Damaged(e.to_string()))?;
        if meta.v != 2 {
            return Err(OpenError::Damaged(format!("format version {}", meta.v)));
        }
        let bloom =
            Bloom::from_meta(&meta).ok_or_else(|| OpenError::Damaged("bloom filter".into()))?;
        let common = meta.common.iter().cloned().collect();
        Ok(Searcher {
            store,
            fetched: RefCell::new(vec![("meta.json".to_owned(), bytes.len())]),
            meta,
            bloom,
            common,
            shards: RefCell::new(HashMap::new()),
        })
    }

    /// Where "nothing fits" points (the site's table of errors).
    pub fn fallback(&self) -> &str {
        &self.meta.fallback
    }

    /// Pages indexed.
    pub fn pages(&self) -> u32 {
        self.meta.n
    }

    /// Every file read so far, with its size: what a browser would fetch.
    pub fn fetched(&self) -> Vec<(String, usize)> {
        self.fetched.borrow().clone()
    }

    fn read(&self, path: &str) -> Option<Vec<u8>> {
        let bytes = self.store.read(path)?;
        let mut fetched = self.fetched.borrow_mut();
        if !fetched.iter().any(|(p, _)| p == path) {
            fetched.push((path.to_owned(), bytes.len()));
        }
        Some(bytes)
    }

    fn shard_of(&self, term: &str) -> Option<usize> {
        self.meta
            .shards
            .partition_point(|first| first.as_str() <= term)
            .checked_sub(1)
    }

    fn with_shard<T>(&self, term: &str, f: impl FnOnce(&Shard) -> T) -> Option<T> {
        let n = self.shard_of(term)?;
        if !self.shards.borrow().contains_key(&n) {
            let bytes = self.read(&format!("t/{n}.json"))?;
            let shard: Shard = serde_json::from_slice(&bytes).ok()?;
            self.shards.borrow_mut().insert(n, shard);
        }
        self.shards.borrow().get(&n).map(f)
    }

    fn entry(&self, term: &str) -> Option<Entry> {
        if !self.bloom.may_contain(term) {
            return None;
        }
        self.with_shard(term, |shard| shard.get(term).cloned())
            .flatten()
    }

    /// Terms of the index that start with `prefix` (a word still being
    /// typed), from its shard, shortest first, at most four.
    fn completions(&self, prefix: &str) -> Vec<String> {
        let collect = |shard: &Shard| {
            shard
                .keys()
                .filter(|t| t.starts_with(prefix) && t.as_str() != prefix)
                .cloned()
                .collect::<Vec<_>>()
        };
        let mut found = self.with_shard(prefix, collect).unwrap_or_default();
        // The words may begin the next shard (at most one more is read).
        let next = self.shard_of(prefix).map_or(0, |n| n + 1);
        if let Some(first) = self.meta.shards.get(next) {
            if first.starts_with(prefix) {
                found.extend(self.with_shard(first, collect).unwrap_or_default());
            }
        }
        found.sort_by(|a, b| (a.chars().count().cmp(&b.chars().count())).then(a.cmp(b)));
        found.dedup();
        found.truncate(4);
        found
    }

    /// A page's part of its fragment file: URL, title, sections.
    pub fn fragment(&self, page: u32) -> Option<Fragment> {
        let group = self.meta.group.max(1);
        let file = self.read(&format!("p/{}.json", page / group))?;
        let mut pages: Vec<Option<Fragment>> = serde_json::from_slice(&file).ok()?;
        let slot = usize::try_from(page % group).ok()?;
        pages.get_mut(slot)?.take()
    }

    /// Ranks the pages for `text` (typed words or a pasted error).
    pub fn search(&self, text: &str) -> Outcome {
        let mut query = Query::parse(text, self);
        // A word still being typed stands for the terms it begins.
        if query.open_end && !query.is_paste {
            if let Some(last) = query.stream.last().cloned() {
                let position = u32::try_from(query.stream.len() - 1).unwrap_or(u32::MAX);
                // (Not the Bloom filter: it may say yes to a word the
                // index does not hold.)
                if last.chars().count() >= 3
                    && crate::text::is_indexable(&last)
                    && self.entry(&last).is_none()
                {
                    query.terms.retain(|t| t.text != last);
                    for completion in self.completions(&last) {
                        if !query.terms.iter().any(|t| t.text == completion) {
                            query.terms.push(Term {
                                text: completion,
                                kind: Kind::Word,
                                positions: vec![position],
                            });
                        }
                    }
                }
            }
        }
        let terms = query.terms.clone();
        let entries: Vec<Option<Entry>> = terms.iter().map(|t| self.entry(&t.text)).collect();
        let mut pages: BTreeMap<u32, PageScore> = BTreeMap::new();
        // The declared fixes seen, by page.
        let mut declared: BTreeMap<u32, Vec<String>> = BTreeMap::new();
        // Positions of each term in each (page, section, field).
        let mut places: HashMap<Place, Vec<(usize, Vec<u32>)>> = HashMap::new();
        for (i, (term, entry)) in terms.iter().zip(&entries).enumerate() {
            let Some((idf, _, postings, fixes)) = entry else {
                continue;
            };
            let weight = match term.kind {
                Kind::Code => 3,
                Kind::Word => 2,
                Kind::Status => 1,
            };
            for row in postings {
                let [page, section, field, impact, positions @ ..] = row.as_slice() else {
                    continue;
                };
                let Some(field) = u8::try_from(*field).ok().and_then(Field::from_u8) else {
                    continue;
                };
                let section = u16::try_from(*section).unwrap_or(u16::MAX);
                let gain = weight * idf * i64::from(*impact);
                let score = pages.entry(*page).or_default();
                if !score.matched.contains(&i) {
                    score.matched.push(i);
                }
                if field.is_page_level() {
                    score.page_level += gain;
                } else {
                    *score.sections.entry(section).or_default() += gain;
                    if field != Field::Code {
                        *score.choice.entry(section).or_default() += gain;
                    }
                    places
                        .entry((*page, section, field as u32))
                        .or_default()
                        .push((i, positions.to_vec()));
                }
            }
            for (fix, weights, fix_pages) in fixes {
                for page in fix_pages {
                    let declared = declared.entry(*page).or_default();
                    if !declared.contains(fix) {
                        declared.push(fix.clone());
                    }
                }
                if diverges(&query.stream, fix) {
                    for page in fix_pages {
                        pages.entry(*page).or_default().diverges = true;
                    }
                }
                let Some((length, whole, weight)) = quoted(&query.stream, fix, weights) else {
                    continue;
                };
                let bonus = weight * if whole { FIX_WHOLE } else { FIX_PART };
                for page in fix_pages {
                    let score = pages.entry(*page).or_default();
                    if bonus > score.fix_bonus {
                        score.fix_bonus = bonus;
                        score.fix = Some((length, fix.clone()));
                    }
                }
            }
        }
        // A page whose fix narrows another page's (adds words to it) is
        // the wrong page when the paste has none of the added words.
        let present: HashSet<&str> = query.stream.iter().map(String::as_str).collect();
        let declared_pages: Vec<u32> = declared.keys().copied().collect();
        for &narrow in &declared_pages {
            let is_narrower = declared_pages.iter().any(|&wide| {
                wide != narrow
                    && pages.contains_key(&wide)
                    && declared[&narrow].iter().any(|fb| {
                        declared[&wide].iter().any(|fa| {
                            narrows(fa, fb).is_some_and(|added| {
                                !added.iter().any(|t| present.contains(t.as_str()))
                            })
                        }) && quoted(&query.stream, fb, &[]).is_none()
                    })
            });
            if is_narrower {
                pages.entry(narrow).or_default().narrower = true;
            }
        }
        // Words standing in a section as they stand in the paste.
        let pairs = pairs(&terms);
        let idf_of = |i: usize| entries[i].as_ref().map_or(0, |e| e.0);
        let mut place_keys: Vec<_> = places.keys().copied().collect();
        place_keys.sort_unstable();
        for key in place_keys {
            let found = &places[&key];
            let mut bonus = 0;
            for &(a, b, gap) in &pairs {
                let at = |t: usize| {
                    found
                        .iter()
                        .filter(move |(i, _)| *i == t)
                        .flat_map(|(_, p)| p)
                };
                if at(a).any(|&pa| at(b).any(|&pb| pb == pa + gap)) {
                    bonus += PAIR * (idf_of(a) + idf_of(b));
                }
            }
            if bonus > 0 {
                let score = pages.entry(key.0).or_default();
                *score.sections.entry(key.1).or_default() += bonus;
                if key.2 != Field::Code as u32 {
                    *score.choice.entry(key.1).or_default() += bonus;
                }
            }
        }
        // Counter-evidence.
        let mut counter_evidence = Vec::new();
        let mut global_divisor = 1;
        if !query.foreign_codes.is_empty() {
            global_divisor = 3;
            counter_evidence.extend(query.foreign_codes.iter().cloned());
        }
        let mut slots: Vec<(String, i64)> = Vec::new();
        for status in &query.statuses {
            slots.push((status.clone(), 3));
        }
        for field in &query.fields {
            slots.push((field.clone(), 2));
        }
        let mut slot_pages: Vec<(HashSet<u32>, i64)> = Vec::new();
        for (slot, weight) in &slots {
            let on: HashSet<u32> = match terms.iter().position(|t| &t.text == slot) {
                Some(i) => entries[i]
                    .as_ref()
                    .map(|e| e.2.iter().filter_map(|row| row.first().copied()).collect())
                    .unwrap_or_default(),
                None => match self.entry(slot) {
                    Some(e) => e.2.iter().filter_map(|row| row.first().copied()).collect(),
                    None => HashSet::new(),
                },
            };
            if on.is_empty() {
                counter_evidence.push(slot.clone());
            }
            slot_pages.push((on, *weight));
        }
        let mut hits: Vec<(Hit, i64, i64)> = pages
            .into_iter()
            .map(|(page, score)| {
                let best = score.sections.values().copied().max().unwrap_or(0);
                // Land where the page talks about the error rather than
                // where it quotes it: headings and prose choose, and the
                // top section (which opens by quoting) counts half.
                let choose = if score.choice.is_empty() {
                    &score.sections
                } else {
                    &score.choice
                };
                let section = choose
                    .iter()
                    .map(|(s, v)| (*s, if *s == 0 { v / 2 } else { *v }))
                    .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                    .map_or(0, |(s, _)| s);
                let mut total = score.page_level + best + score.fix_bonus;
                for (on, weight) in &slot_pages {
                    if !on.contains(&page) {
                        // 3 → ×2/3 for a status, 2 → ×1/2 for a field.
                        total = total * (weight - 1) / weight;
                    }
                }
                if score.diverges {
                    total /= 2;
                }
                if score.narrower {
                    total /= 2;
                }
                total /= global_divisor;
                let mut matched: Vec<usize> = score.matched.clone();
                matched.sort_unstable();
                let fix_length = score.fix.as_ref().map_or(0, |(l, _)| *l as i64);
                (
                    Hit {
                        page,
                        section,
                        score: total,
                        fix: score.fix.map(|(_, f)| f),
                        matched: matched.into_iter().map(|i| terms[i].text.clone()).collect(),
                    },
                    fix_length,
                    best,
                )
            })
            .filter(|(hit, _, _)| hit.score > 0)
            .collect();
        // Ties go to the more specific evidence, never to page order.
        hits.sort_by(|a, b| {
            b.0.score
                .cmp(&a.0.score)
                .then(b.1.cmp(&a.1))
                .then(b.2.cmp(&a.2))
                .then(a.0.matched.len().cmp(&b.0.matched.len()))
                .then(a.0.page.cmp(&b.0.page))
        });
        // A bare status and nothing that tells one error from another (no
        // code the site knows, no declared fix, few words): the table of
        // errors comes first, whatever else matched.
        let vague = !query.statuses.is_empty()
            && query.foreign_codes.is_empty()
            && !terms
                .iter()
                .zip(&entries)
                .any(|(t, e)| t.kind == Kind::Code && e.is_some())
            && hits.iter().all(|(hit, _, _)| hit.fix.is_none())
            && terms.iter().filter(|t| t.kind == Kind::Word).count() <= 3;
        let table = self.meta.fallback_page.filter(|_| vague);
        if let Some((page, section)) = table {
            let hit = match hits.iter().position(|(hit, _, _)| hit.page == page) {
                Some(at) => hits.remove(at).0,
                None => Hit {
                    page,
                    section,
                    score: 0,
                    fix: None,
                    matched: Vec::new(),
                },
            };
            hits.insert(0, (Hit { section, ..hit }, 0, 0));
        }
        let fits = table.is_some()
            || hits
                .first()
                .is_some_and(|(hit, _, _)| !query.is_paste || hit.score >= THRESHOLD);
        Outcome {
            is_paste: query.is_paste,
            terms: terms.into_iter().map(|t| t.text).collect(),
            hits: if fits {
                hits.into_iter().take(MAX_HITS).map(|(h, _, _)| h).collect()
            } else {
                Vec::new()
            },
            counter_evidence,
        }
    }
}

/// Pairs of looked-up terms standing close in the paste, with the gap
/// between them: `(first, second, gap)`, gap 1 to 3.
fn pairs(terms: &[Term]) -> Vec<(usize, usize, u32)> {
    let mut occurrences: Vec<(u32, usize)> = terms
        .iter()
        .enumerate()
        .flat_map(|(i, t)| t.positions.iter().map(move |&p| (p, i)))
        .collect();
    occurrences.sort_unstable();
    let mut found = Vec::new();
    for window in occurrences.windows(2) {
        let ((pa, a), (pb, b)) = (window[0], window[1]);
        let gap = pb - pa;
        if a != b && (1..=3).contains(&gap) && !found.contains(&(a, b, gap)) {
            found.push((a, b, gap));
        }
    }
    found
}

/// Whether the paste's token `stream` quotes the declared `fix`: the
/// number of the fix's tokens matched and whether all were. A paste cut
/// short (it ends inside the fix, the last word maybe cut) counts from
/// three tokens.
pub fn quoted(stream: &[String], fix: &str, weights: &[u32]) -> Option<(usize, bool, i64)> {
    let whole: Vec<String> = tokens(fix).into_iter().map(|t| t.text).collect();
    let whole_weights: Vec<i64> = (0..whole.len())
        .map(|i| i64::from(weights.get(i).copied().unwrap_or(0)))
        .collect();
    // An error code is its message's words joined: `too_many_requests`
    // is quoted by "Too many requests" too (its weight shared by its
    // words).
    let mut words = Vec::new();
    let mut word_weights = Vec::new();
    for (token, weight) in whole.iter().zip(&whole_weights) {
        let parts: Vec<&str> = token.split('_').filter(|w| !w.is_empty()).collect();
        let count = i64::try_from(parts.len()).unwrap_or(1).max(1);
        for part in parts {
            words.push(part.to_owned());
            word_weights.push(weight / count);
        }
    }
    let split = (words.len() > whole.len()).then_some((words, word_weights));
    [Some((whole, whole_weights)), split]
        .into_iter()
        .flatten()
        .filter_map(|(fix, weights)| quoted_tokens(stream, &fix, &weights))
        .max()
}

fn quoted_tokens(stream: &[String], fix: &[String], weights: &[i64]) -> Option<(usize, bool, i64)> {
    let first = fix.first()?;
    let mut best: Option<(usize, bool)> = None;
    for start in 0..stream.len() {
        if &stream[start] != first
            && !(start + 1 == stream.len() && first.starts_with(&stream[start]))
        {
            continue;
        }
        let mut length = 0;
        while length < fix.len()
            && start + length < stream.len()
            && stream[start + length] == fix[length]
        {
            length += 1;
        }
        let result = if length == fix.len() {
            Some((length, true))
        } else if start + length == stream.len() && length >= 3 {
            Some((length, false))
        } else if start + length + 1 == stream.len()
            && length >= 2
            && !stream[start + length].is_empty()
            && fix[length].starts_with(&stream[start + length])
        {
            Some((length + 1, false))
        } else {
            None
        };
        if result > best {
            best = result;
        }
    }
    best.map(|(length, whole)| (length, whole, weights[..length].iter().sum()))
}

/// If `narrow` is `wide` with words added (`wide`'s tokens stand in it in
/// a row), the searchable words added.
fn narrows(wide: &str, narrow: &str) -> Option<Vec<String>> {
    let wide: Vec<String> = tokens(wide).into_iter().map(|t| t.text).collect();
    let narrow: Vec<String> = tokens(narrow).into_iter().map(|t| t.text).collect();
    if wide.is_empty() || wide.len() >= narrow.len() {
        return None;
    }
    let at = (0..=narrow.len() - wide.len()).find(|&i| narrow[i..i + wide.len()] == wide[..])?;
    let added: Vec<String> = narrow[..at]
        .iter()
        .chain(&narrow[at + wide.len()..])
        .filter(|t| crate::text::is_indexable(t))
        .cloned()
        .collect();
    (!added.is_empty()).then_some(added)
}

/// Whether the paste follows `fix` for three tokens or more and then
/// names something else where the fix goes on (`… missing the permission
/// user_read` against `… missing the permission convai_write`).
pub(crate) fn diverges(stream: &[String], fix: &str) -> bool {
    let fix: Vec<String> = tokens(fix).into_iter().map(|t| t.text).collect();
    (0..stream.len()).any(|start| {
        let mut length = 0;
        while length < fix.len()
            && start + length < stream.len()
            && stream[start + length] == fix[length]
        {
            length += 1;
        }
        length >= 3
            && length < fix.len()
            && start + length + 1 < stream.len()
            && !stream[start + length].is_empty()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::{PageDoc, SearchIndex, SectionDoc};

    fn page(
        url: &'static str,
        title: &'static str,
        fixes: &[&str],
        sections: &[(&'static str, &'static str, &'static str)],
    ) -> PageDoc<'static> {
        // The test's pages live as long as the test.
        let fixes: Vec<String> = fixes.iter().map(|f| (*f).to_owned()).collect();
        PageDoc {
            url,
            title,
            fixes: Vec::leak(fixes),
            sections: sections
                .iter()
                .map(|&(anchor, heading, text)| SectionDoc {
                    anchor,
                    heading,
                    text,
                    code: "",
                })
                .collect(),
        }
    }

    fn site() -> SearchIndex {
        SearchIndex::of(&[
            page(
                "/permissions/",
                "API key permissions",
                &["missing_permissions", "is missing the permission"],
                &[("", "", "A key can lack a permission such as voices_read.\n"), ("fix", "Add the permission", "Edit the key.\n")],
            ),
            page(
                "/convai/",
                "Missing permission: convai_write",
                &["missing_permissions", "is missing the permission convai_write"],
                &[("", "", "HTTP 401 missing_permissions: The API key you used is missing the permission convai_write.\n"), ("fix-it", "Fix it", "Give the key write access for agents.\n")],
            ),
            page(
                "/invalid/",
                "Invalid API key",
                &["invalid_api_key", "Invalid API key"],
                &[("", "", "401 invalid_api_key: the key is unknown or revoked.\n")],
            ),
            page(
                "/blocked/",
                "Request blocked",
                &["Failed to fetch"],
                &[("", "", "TypeError: Failed to fetch. The request never reached the API.\n"), ("proxy", "A proxy page", "A 403 challenge page, Just a moment.\n")],
            ),
        ])
    }

    #[test]
    fn the_most_specific_fix_wins_and_lands_on_its_section() {
        let index = site();
        let searcher = Searcher::open(&index).expect("open");
        let outcome = searcher.search("elevenlabs.core.api_error.ApiError: status_code: 401, body: {'detail': {'status': 'missing_permissions', 'message': 'The API key you used is missing the permission convai_write to execute this operation.'}}");
        assert_eq!(outcome.hits[0].page, 1, "{outcome:?}");
        assert_eq!(
            outcome.hits[0].fix.as_deref(),
            Some("is missing the permission convai_write")
        );
        let other = searcher.search(
            "{\"detail\":{\"status\":\"missing_permissions\",\"message\":\"The API key you used is missing the permission voices_read to execute this operation.\"}}",
        );
        assert_eq!(other.hits[0].page, 0, "{other:?}");
    }

    #[test]
    fn counter_evidence_leaves_nothing_fitting() {
        let index = site();
        let searcher = Searcher::open(&index).expect("open");
        let openai = "openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Incorrect API key provided: sk-proj-abcdefabcdef1234567890abcdef.', 'type': 'invalid_request_error', 'param': None, 'code': 'invalid_api_key'}}";
        let outcome = searcher.search(openai);
        assert!(outcome.hits.is_empty(), "{outcome:?}");
        assert_eq!(outcome.counter_evidence, ["invalid_request_error"]);
        assert!(searcher
            .search("Segmentation fault (core dumped)\nin libfoo.so")
            .hits
            .is_empty());
    }

    #[test]
    fn a_word_being_typed_finds_the_words_it_begins() {
        let index = site();
        let searcher = Searcher::open(&index).expect("open");
        let outcome = searcher.search("convai_wr");
        assert_eq!(outcome.hits.first().map(|h| h.page), Some(1), "{outcome:?}");
        assert!(outcome.terms.contains(&"convai_write".to_owned()));
    }

    #[test]
    fn a_quote_cut_short_still_counts() {
        let stream: Vec<String> = tokens("The API key you used is missing the permission conv")
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(
            quoted(
                &stream,
                "is missing the permission convai_write",
                &[0, 5, 0, 7, 9]
            ),
            Some((5, false, 21))
        );
        assert_eq!(
            quoted(&stream, "is missing the permission", &[0, 5, 0, 7]),
            Some((4, true, 12))
        );
        assert_eq!(quoted(&stream, "Invalid API key", &[3, 1, 1]), None);
        let words: Vec<String> = tokens("Too many concurrent requests.")
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(
            quoted(&words, "too_many_concurrent_requests", &[20]),
            Some((4, true, 20))
        );
        assert_eq!(
            narrows(
                "is missing the permission",
                "is missing the permission convai_write"
            ),
            Some(vec!["convai_write".to_owned()])
        );
        assert_eq!(
            narrows("invalid_api_key", "'status': 'invalid_api_key'"),
            None
        );
    }
}

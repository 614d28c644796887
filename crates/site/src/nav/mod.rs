//! Navigation: the site's pages as a tree of sections (one per folder of
//! `content/`, introduced by its `index.md`) in reading order, and what
//! each page shows of that tree: the sidebar, its breadcrumbs, the previous
//! and next page, and a section page's list of what it holds.
//!
//! Every page is reachable from every sidebar: a small site lists all of
//! its pages (sections other than the current one closed); a large one
//! lists, at each level on the way to the current page, a window of entries
//! around it, with links for the rest to the "All pages" listing.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::Serialize;

use crate::source::mdbook::book::Outline;
use crate::source::page::Page;
use crate::urls;

/// Sites with up to this many pages list them all in the sidebar.
pub(crate) const FULL_NAV_LIMIT: usize = 100;
/// On larger sites, the entries each list shows on either side of the one
/// on the way to the current page.
pub(crate) const NAV_WINDOW: usize = 10;

/// One page, in reading order.
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct NavEntry {
    /// Page title.
    pub title: String,
    /// Site URL (path).
    pub url: String,
    /// The section the page is listed in.
    #[serde(skip)]
    parent: usize,
    /// The section the page introduces, if it is an index page.
    #[serde(skip)]
    heads: Option<usize>,
}

/// A folder of `content/`.
#[derive(Debug, Hash)]
struct Section {
    /// From its index page, else from the folder's name.
    title: String,
    /// Its index page, if it has one.
    entry: Option<usize>,
    /// The section holding this one (`None` for the site itself).
    parent: Option<usize>,
    /// Pages and sections in reading order.
    children: Vec<Child>,
    /// The first page in or below it, in reading order.
    first: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Child {
    Page(usize),
    Section(usize),
}

/// A link to a page or section, as templates get it.
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct Link<'a> {
    /// What the link says.
    pub title: &'a str,
    /// Where it goes.
    pub url: Cow<'a, str>,
}

/// A list of the sidebar: its entries, and how many were left out on either
/// side, with a link to where the listing shows them.
#[derive(Debug, Serialize, Hash)]
pub(crate) struct SidebarList<'a> {
    /// The home page, which heads the top-level list.
    pub home: Option<Box<SidebarItem<'a>>>,
    /// The entries shown.
    pub items: Vec<SidebarItem<'a>>,
    /// Entries left out before the first one shown.
    pub hidden_before: usize,
    /// Where the listing shows the nearest of those.
    pub before_url: String,
    /// Entries left out after the last one shown.
    pub hidden_after: usize,
    /// Where the listing shows the nearest of those.
    pub after_url: String,
}

/// A page or a section in the sidebar.
#[derive(Debug, Serialize, Hash)]
pub(crate) struct SidebarItem<'a> {
    /// The page's or section's title.
    pub title: &'a str,
    /// The page, the section's index page, or (for a section without one)
    /// the listing that shows its pages.
    pub url: Cow<'a, str>,
    /// Whether this is the page being shown (`aria-current`).
    pub current: bool,
    /// Whether this is a section.
    pub section: bool,
    /// Whether the section is on the way to the current page (shown open).
    pub open: bool,
    /// Whether the section has an index page (the first of its `children`).
    pub has_index: bool,
    /// A section's entries, when the sidebar shows them.
    pub children: Option<SidebarList<'a>>,
}

/// The site's pages as a tree of sections (hashed whole, it tells a
/// rebuild whether any page's navigation can have changed).
#[derive(Debug, Hash)]
pub(crate) struct Navigation {
    /// Every page in reading order: the same order as the build's pages.
    pub entries: Vec<NavEntry>,
    sections: Vec<Section>,
    base_path: String,
    /// Where each page stands among its section's children (`usize::MAX`
    /// for a page that heads a section), and each section in its parent's:
    /// the sidebar finds the current page's place without a search.
    page_slots: Vec<usize>,
    section_slots: Vec<usize>,
}

const ROOT: usize = 0;

/// The folder a page introduces, when it is its folder's index page
/// (`""` for the home page).
pub(crate) fn section_dir(page: &Page) -> Option<&str> {
    urls::introduced_folder(&page.key, page.front_matter.slug.as_deref())
}

fn folder_of(key: &str) -> &str {
    key.rsplit_once('/').map_or("", |(dir, _)| dir)
}

fn parent_folder(dir: &str) -> &str {
    folder_of(dir)
}

/// `getting-started` → `Getting started`.
pub(crate) fn title_from_folder(dir: &str) -> String {
    let name = dir
        .rsplit('/')
        .next()
        .unwrap_or(dir)
        .replace(['-', '_'], " ");
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// Where a page or section sorts among its siblings: index pages first,
/// then by weight, title and name.
type SortKey = (bool, i64, String, String);

fn sort_key(weight: Option<i64>, title: Option<&str>, name: &str) -> SortKey {
    (
        true,
        weight.unwrap_or(i64::MAX),
        title.unwrap_or_default().to_owned(),
        name.to_owned(),
    )
}

/// Sorts `pages` in reading order: depth first through the sections, each
/// section's index page first, then its pages and sections by weight, title
/// (from the front matter) and file name.
pub(crate) fn sort_in_reading_order(pages: &mut Vec<Page>) {
    let keys: Vec<Vec<SortKey>> = {
        let index_pages: HashMap<&str, &Page> = pages
            .iter()
            .filter_map(|p| section_dir(p).map(|dir| (dir, p)))
            .collect();
        let folder_key = |dir: &str| {
            let name = dir.rsplit('/').next().unwrap_or(dir);
            match index_pages.get(dir) {
                Some(page) => sort_key(
                    page.front_matter.weight,
                    page.front_matter.title.as_deref(),
                    name,
                ),
                None => sort_key(None, None, name),
            }
        };
        pages
            .iter()
            .map(|page| {
                let (folder, own) = match section_dir(page) {
                    Some(dir) => (dir, (false, 0, String::new(), String::new())),
                    None => {
                        let name = page.key.rsplit('/').next().unwrap_or(&page.key);
                        let fm = &page.front_matter;
                        (
                            folder_of(&page.key),
                            sort_key(fm.weight, fm.title.as_deref(), name),
                        )
                    }
                };
                let mut key: Vec<SortKey> = folder
                    .match_indices('/')
                    .map(|(end, _)| &folder[..end])
                    .chain((!folder.is_empty()).then_some(folder))
                    .map(folder_key)
                    .collect();
                key.push(own);
                key
            })
            .collect()
    };
    let mut keyed: Vec<(Vec<SortKey>, Page)> = keys.into_iter().zip(pages.drain(..)).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    pages.extend(keyed.into_iter().map(|(_, page)| page));
}

impl Navigation {
    /// A tree with only its root section, with room for `capacity` pages.
    fn rooted(capacity: usize, base_path: &str) -> Self {
        Navigation {
            entries: Vec::with_capacity(capacity),
            sections: vec![Section {
                title: String::new(),
                entry: None,
                parent: None,
                children: Vec::new(),
                first: 0,
            }],
            base_path: base_path.to_owned(),
            page_slots: Vec::new(),
            section_slots: Vec::new(),
        }
    }

    /// The tree with its slots numbered (see `page_slots`).
    fn with_slots(mut self) -> Self {
        self.page_slots = vec![usize::MAX; self.entries.len()];
        self.section_slots = vec![usize::MAX; self.sections.len()];
        for section in &self.sections {
            for (slot, child) in section.children.iter().enumerate() {
                match *child {
                    Child::Page(i) => self.page_slots[i] = slot,
                    Child::Section(s) => self.section_slots[s] = slot,
                }
            }
        }
        self
    }

    /// Where, among the children of `section`, the current page or the
    /// open section holding it stands.
    fn focus(&self, section: usize, current: Option<usize>, open: &[usize]) -> Option<usize> {
        let children = &self.sections[section].children;
        let page = current
            .and_then(|i| Some((self.page_slots.get(i)?, Child::Page(i))))
            .filter(|(slot, child)| children.get(**slot) == Some(child));
        let section = || {
            open.iter().find_map(|&s| {
                let slot = self.section_slots.get(s)?;
                (children.get(*slot) == Some(&Child::Section(s))).then_some(slot)
            })
        };
        page.map(|(slot, _)| slot).or_else(section).copied()
    }

    /// The tree of `pages`, which are in reading order, each with its
    /// title.
    pub(crate) fn new<'p>(
        pages: impl ExactSizeIterator<Item = (&'p Page, String)>,
        base_path: &str,
    ) -> Self {
        let mut nav = Navigation::rooted(pages.len(), base_path);
        let mut folders: HashMap<String, usize> = HashMap::from([(String::new(), ROOT)]);
        for (i, (page, title)) in pages.enumerate() {
            let url = urls::join(base_path, &page.path);
            let (parent, heads) = match section_dir(page) {
                Some(dir) => {
                    let section = nav.folder(&mut folders, dir, i);
                    nav.sections[section].entry = Some(i);
                    nav.sections[section].title.clone_from(&title);
                    (nav.sections[section].parent.unwrap_or(ROOT), Some(section))
                }
                None => {
                    let section = nav.folder(&mut folders, folder_of(&page.key), i);
                    nav.sections[section].children.push(Child::Page(i));
                    (section, None)
                }
            };
            nav.entries.push(NavEntry {
                title,
                url,
                parent,
                heads,
            });
        }
        nav.with_slots()
    }

    /// The tree of a book's `pages`, in the reading order of its summary,
    /// each with its title: `outline` says, for each, the page it is
    /// nested under and the part heading it falls under. A page with pages
    /// nested under it heads a section of them; a part heading is a
    /// section of its own, without a page.
    pub(crate) fn from_outline<'p>(
        pages: impl ExactSizeIterator<Item = (&'p Page, String)>,
        outline: &[Outline],
        base_path: &str,
    ) -> Self {
        let mut nav = Navigation::rooted(pages.len(), base_path);
        let mut has_children = vec![false; outline.len()];
        for parent in outline.iter().filter_map(|o| o.parent) {
            if let Some(flag) = has_children.get_mut(parent) {
                *flag = true;
            }
        }
        let mut headed: HashMap<usize, usize> = HashMap::new();
        let mut part: Option<(&str, usize)> = None;
        for (i, (page, title)) in pages.enumerate() {
            let url = urls::join(base_path, &page.path);
            let place = outline.get(i);
            let container = match (
                place.and_then(|o| o.parent),
                place.and_then(|o| o.part.as_deref()),
            ) {
                (Some(parent), _) => headed.get(&parent).copied().unwrap_or(ROOT),
                (None, Some(name)) => match part {
                    Some((current, section)) if current == name => section,
                    _ => {
                        let section = nav.sections.len();
                        nav.sections.push(Section {
                            title: name.to_owned(),
                            entry: None,
                            parent: Some(ROOT),
                            children: Vec::new(),
                            first: i,
                        });
                        nav.sections[ROOT].children.push(Child::Section(section));
                        part = Some((name, section));
                        section
                    }
                },
                (None, None) => ROOT,
            };
            let heads = if page.is_home() {
                nav.sections[ROOT].entry = Some(i);
                nav.sections[ROOT].title.clone_from(&title);
                headed.insert(i, ROOT);
                Some(ROOT)
            } else if has_children.get(i).copied().unwrap_or(false) {
                let section = nav.sections.len();
                nav.sections.push(Section {
                    title: title.clone(),
                    entry: Some(i),
                    parent: Some(container),
                    children: Vec::new(),
                    first: i,
                });
                nav.sections[container]
                    .children
                    .push(Child::Section(section));
                headed.insert(i, section);
                Some(section)
            } else {
                nav.sections[container].children.push(Child::Page(i));
                None
            };
            nav.entries.push(NavEntry {
                title,
                url,
                parent: if page.is_home() { ROOT } else { container },
                heads,
            });
        }
        nav.with_slots()
    }

    /// The section of folder `dir`, created (with its parents) when `first`
    /// is the first page seen in it.
    fn folder(&mut self, folders: &mut HashMap<String, usize>, dir: &str, first: usize) -> usize {
        if let Some(&section) = folders.get(dir) {
            return section;
        }
        let parent = self.folder(folders, parent_folder(dir), first);
        let section = self.sections.len();
        self.sections.push(Section {
            title: title_from_folder(dir),
            entry: None,
            parent: Some(parent),
            children: Vec::new(),
            first,
        });
        self.sections[parent].children.push(Child::Section(section));
        folders.insert(dir.to_owned(), section);
        section
    }

    /// The number of pages.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// The home page, if there is one.
    pub(crate) fn home(&self) -> Option<&NavEntry> {
        self.sections[ROOT].entry.map(|i| &self.entries[i])
    }

    /// The home page as a sidebar entry (current on the home page).
    fn home_item(&self, current: Option<usize>) -> Option<SidebarItem<'_>> {
        Some(self.page_item(self.sections[ROOT].entry?, current))
    }

    /// Page `entry` as a sidebar entry.
    fn page_item(&self, entry: usize, current: Option<usize>) -> SidebarItem<'_> {
        SidebarItem {
            title: &self.entries[entry].title,
            url: Cow::Borrowed(&self.entries[entry].url),
            current: current == Some(entry),
            section: false,
            open: false,
            has_index: false,
            children: None,
        }
    }

    /// Where a link to section `s` goes: its index page, or for a folder
    /// without one, the listing that shows its first page.
    fn section_url(&self, s: usize) -> Cow<'_, str> {
        let sec = &self.sections[s];
        match sec.entry {
            Some(i) => Cow::Borrowed(&self.entries[i].url),
            None => Cow::Owned(self.listing_url(sec.first)),
        }
    }

    /// The section page `entry` introduces, if it is an index page.
    fn headed_by(&self, entry: usize) -> Option<usize> {
        self.entries[entry].heads
    }

    /// The sections from the site down to the one `entry` is listed in, and
    /// the one it introduces: the sidebar opens these.
    fn open_sections(&self, entry: Option<usize>) -> Vec<usize> {
        let Some(entry) = entry else {
            return vec![ROOT];
        };
        let mut open: Vec<usize> = self.headed_by(entry).into_iter().collect();
        let mut section = Some(self.entries[entry].parent);
        while let Some(s) = section {
            open.push(s);
            section = self.sections[s].parent;
        }
        open
    }

    fn listing_url(&self, entry: usize) -> String {
        urls::join(
            &self.base_path,
            &urls::listing_path(urls::listing_part(entry)),
        )
    }

    /// The sidebar of page `current` (`None` for pages outside the tree,
    /// such as the 404 page): the home page, then the site's top level.
    pub(crate) fn sidebar(&self, current: Option<usize>) -> SidebarList<'_> {
        let open = self.open_sections(current);
        let everything = self.entries.len() <= FULL_NAV_LIMIT;
        let mut list = self.list(ROOT, current, &open, everything);
        list.home = self.home_item(current).map(Box::new);
        list
    }

    fn list<'a>(
        &'a self,
        section: usize,
        current: Option<usize>,
        open: &[usize],
        everything: bool,
    ) -> SidebarList<'a> {
        let children = &self.sections[section].children;
        let window = if everything || children.len() <= 2 * NAV_WINDOW + 1 {
            0..children.len()
        } else {
            let focus = self.focus(section, current, open).unwrap_or(0);
            let start = focus
                .saturating_sub(NAV_WINDOW)
                .min(children.len() - (2 * NAV_WINDOW + 1));
            start..start + 2 * NAV_WINDOW + 1
        };
        let first_entry = |child: &Child| match *child {
            Child::Page(i) => i,
            Child::Section(s) => self.sections[s].first,
        };
        let items = children[window.clone()]
            .iter()
            .map(|child| match *child {
                Child::Page(i) => self.page_item(i, current),
                Child::Section(s) => {
                    let sec = &self.sections[s];
                    let is_open = open.contains(&s);
                    SidebarItem {
                        title: &sec.title,
                        url: self.section_url(s),
                        current: sec.entry.is_some() && sec.entry == current,
                        section: true,
                        open: is_open,
                        has_index: sec.entry.is_some(),
                        children: (everything || is_open)
                            .then(|| self.list(s, current, open, everything)),
                    }
                }
            })
            .collect();
        SidebarList {
            home: None,
            items,
            hidden_before: window.start,
            before_url: window
                .start
                .checked_sub(1)
                .map(|i| self.listing_url(first_entry(&children[i])))
                .unwrap_or_default(),
            hidden_after: children.len() - window.end,
            after_url: children
                .get(window.end)
                .map(|c| self.listing_url(first_entry(c)))
                .unwrap_or_default(),
        }
    }

    /// The way from the home page to page `entry`: the home page and each
    /// section above it (a section without an index page has an empty URL).
    /// Empty for the home page.
    pub(crate) fn breadcrumbs(&self, entry: usize) -> Vec<Link<'_>> {
        if self.sections[ROOT].entry == Some(entry) {
            return Vec::new();
        }
        let mut crumbs = Vec::new();
        let mut section = Some(self.entries[entry].parent);
        while let Some(s) = section {
            let sec = &self.sections[s];
            if let Some(i) = sec.entry {
                crumbs.push(Link {
                    title: &self.entries[i].title,
                    url: Cow::Borrowed(&self.entries[i].url),
                });
            } else if s != ROOT {
                // No page to link to.
                crumbs.push(Link {
                    title: &sec.title,
                    url: Cow::Borrowed(""),
                });
            }
            section = sec.parent;
        }
        crumbs.reverse();
        crumbs
    }

    /// What the section introduced by page `entry` holds, in reading order
    /// (`None` when `entry` is not an index page). Lists up to `limit`
    /// entries; the second value counts the rest.
    pub(crate) fn section_contents(
        &self,
        entry: usize,
        limit: usize,
    ) -> Option<(Vec<Link<'_>>, usize)> {
        let section = self.headed_by(entry)?;
        let children = &self.sections[section].children;
        let links = children
            .iter()
            .take(limit)
            .map(|child| match *child {
                Child::Page(i) => Link {
                    title: &self.entries[i].title,
                    url: Cow::Borrowed(&self.entries[i].url),
                },
                Child::Section(s) => Link {
                    title: &self.sections[s].title,
                    url: self.section_url(s),
                },
            })
            .collect();
        Some((links, children.len().saturating_sub(limit)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_titles() {
        assert_eq!(
            title_from_folder("guide/getting-started"),
            "Getting started"
        );
        assert_eq!(title_from_folder("api_reference"), "Api reference");
        assert_eq!(title_from_folder(""), "");
    }

    #[test]
    fn folders() {
        assert_eq!(folder_of("a/b/c.md"), "a/b");
        assert_eq!(folder_of("c.md"), "");
        assert_eq!(parent_folder("a/b"), "a");
        assert_eq!(parent_folder("a"), "");
    }
}

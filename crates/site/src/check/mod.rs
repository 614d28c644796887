//! The check stage: every problem a rendered site can have that no single
//! page shows alone, found before anything is published. Clashing URLs, a
//! missing home page, static files in a page's place, duplicate ids,
//! anchors that lead nowhere, markup that renders wrongly, links to nothing.

pub(crate) mod external;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

use crate::csp::CspConfig;
use crate::location::{shown_path, Location};
use crate::nav;
use crate::problem::Problem;
use crate::render::Rendered;
use crate::source::page::Page;
use crate::source::static_dir;
use crate::urls;

/// The home page is there (or failed to load, and is reported as such).
pub(crate) fn home_page(
    pages: &[Page],
    failed: &HashSet<&str>,
    content_dir: &Path,
    problems: &mut Vec<Problem>,
) {
    if !pages.iter().any(Page::is_home) && !failed.contains("index.md") {
        problems.push(Problem::new(
            Location::file(content_dir.join("index.md")),
            "missing: the home page. Without it the site's root address is a 404; add content/index.md (a draft home page counts only with --drafts)",
        ));
    }
}

/// What the pages' renderings say, checked across pages: ids, anchors,
/// markup problems, broken links, widget blocks.
pub(crate) fn rendered_pages(
    pages: &[Page],
    rendered: &[std::sync::Arc<Rendered>],
    failed: &HashSet<&str>,
    problems: &mut Vec<Problem>,
) {
    // Every id of every page (headings, footnotes, raw HTML), sorted, for
    // anchor checks; an id used twice in one page is a problem of its own
    // (each use after the first). Sorted lists rather than hash sets: on a
    // large site this runs on every rebuild of `site serve`.
    let mut ids: HashMap<&str, Vec<&str>> = HashMap::with_capacity(pages.len());
    for (page, r) in pages.iter().zip(rendered) {
        let mut page_ids: Vec<(&str, usize)> = r
            .ids
            .iter()
            .enumerate()
            .map(|(at, (id, _))| (id.as_str(), at))
            .collect();
        page_ids.sort_unstable();
        for pair in page_ids.windows(2) {
            if pair[0].0 == pair[1].0 {
                let (id, location) = &r.ids[pair[1].1];
                problems.push(Problem::new(
                    location.clone(),
                    format!("duplicate id '{id}': a heading, footnote or HTML element already uses it, and ids must be unique in a page"),
                ));
            }
        }
        let sorted = page_ids.into_iter().map(|(id, _)| id).collect();
        ids.insert(page.key.as_str(), sorted);
    }
    for r in rendered {
        for (location, message) in &r.markup_problems {
            problems.push(Problem::new(location.clone(), message.clone()));
        }
    }
    for (page, r) in pages.iter().zip(rendered) {
        for broken in &r.broken_links {
            problems.push(Problem::new(
                broken.location.clone(),
                format!("broken link '{}': {}", broken.destination, broken.reason),
            ));
        }
        for link in &r.anchor_links {
            if failed.contains(link.page.as_str()) {
                continue;
            }
            let known = ids
                .get(link.page.as_str())
                .is_some_and(|ids| ids.binary_search(&link.anchor.as_str()).is_ok());
            if !known {
                problems.push(Problem::new(
                    link.location.clone(),
                    format!(
                        "broken link: '{}' has no heading with anchor '#{}'",
                        link.page, link.anchor
                    ),
                ));
            }
        }
        if r.widgets.len() > 1 {
            problems.push(Problem::new(
                Location::file(&page.file),
                "a page may hold only one ```widget block",
            ));
        }
    }
}

/// Folders that hold pages but no index page: their section is titled from
/// the folder's name and its address has no page (a warning).
pub(crate) fn folders_without_index(pages: &[Page], content_dir: &Path) -> Vec<Problem> {
    let introduced: HashSet<&str> = pages.iter().filter_map(nav::section_dir).collect();
    let mut folders: BTreeSet<&str> = BTreeSet::new();
    for page in pages {
        let mut folder = page.key.rsplit_once('/').map_or("", |(dir, _)| dir);
        if nav::section_dir(page) == Some(folder) {
            folder = folder.rsplit_once('/').map_or("", |(dir, _)| dir);
        }
        while !folder.is_empty() {
            folders.insert(folder);
            folder = folder.rsplit_once('/').map_or("", |(dir, _)| dir);
        }
    }
    folders
        .into_iter()
        .filter(|folder| !introduced.contains(folder))
        .map(|folder| {
            Problem::new(
                Location::file(content_dir.join(folder)),
                format!(
                    "the section has no index.md, so its title comes from the folder's name and /{folder}/ has no page; add an index.md with a title (and a weight to place it)"
                ),
            )
        })
        .collect()
}

/// Index pages with no title and no heading: the section is titled from
/// its folder's name ("Home" at the top), which deserves a look.
pub(crate) fn untitled_sections(
    pages: &[Page],
    rendered: &[std::sync::Arc<Rendered>],
) -> Vec<Problem> {
    pages
        .iter()
        .zip(rendered)
        .filter(|(page, r)| page.front_matter.title.is_none() && r.title().is_none())
        .filter_map(|(page, _)| {
            let dir = nav::section_dir(page)?;
            let title = crate::layout::title_of(page, None);
            let what = if dir.is_empty() { "the home page" } else { "the section" };
            Some(Problem::new(
                Location::new(&page.file, 1),
                format!("{what} has no title and no heading, so it is titled \"{title}\"; give it a title (title = \"…\" in its front matter) or a heading"),
            ))
        })
        .collect()
}

/// What the pages' Content-Security-Policy would block, which a browser
/// reports only in its console: images from sites `img-src` does not
/// allow, inline styles without `'unsafe-inline'` in `style-src`.
pub(crate) fn blocked_by_policy(
    rendered: &[std::sync::Arc<Rendered>],
    csp: &CspConfig,
) -> Vec<Problem> {
    let mut warnings = Vec::new();
    for r in rendered {
        for (location, url) in &r.external_images {
            if !csp.allows_image(url) {
                let origin = url.splitn(4, '/').take(3).collect::<Vec<_>>().join("/");
                warnings.push(Problem::new(
                    location.clone(),
                    format!("the image {url} will not load: the Content-Security-Policy allows images only from this site; add \"{origin}\" to img-src under [content-security-policy] in site.toml, or copy the image into content/"),
                ));
            }
        }
        if !csp.allows_inline_style() {
            for location in &r.inline_styles {
                warnings.push(Problem::new(
                    location.clone(),
                    "this inline style (a style attribute or <style> element) will not apply: the Content-Security-Policy allows only the theme's stylesheets; move it to a stylesheet in static/, or add \"'unsafe-inline'\" to style-src under [content-security-policy] in site.toml",
                ));
            }
        }
    }
    warnings
}

/// Declared `fixes` the page's own text does not show: a reader who
/// searches for the error would land on a page that never quotes it.
pub(crate) fn undeclared_fixes(pages: &[Page]) -> Vec<Problem> {
    let mut warnings = Vec::new();
    for page in pages {
        for fix in &page.front_matter.fixes {
            if !page.body().contains(fix.as_str()) {
                let line = page.front_matter_line("fixes").unwrap_or(1);
                warnings.push(Problem::new(
                    Location::new(&page.file, line),
                    format!("fixes lists \"{fix}\", which the page's text never quotes; quote the error as the reader sees it"),
                ));
            }
        }
    }
    warnings
}

/// A static file may not take the place of a page, a content file or a
/// file every build writes.
pub(crate) fn static_collisions(
    static_files: &[String],
    pages: &[Page],
    assets: &[String],
    root: &Path,
    problems: &mut Vec<Problem>,
) {
    for file in static_files {
        let page = pages.iter().find(|p| urls::html_file(&p.path) == *file);
        let clash = match page {
            Some(page) => Some(format!("the page built from {}", page.file.display())),
            None if assets.contains(file) => Some(format!("content/{file}")),
            None if urls::GENERATED_FILES.contains(&file.as_str()) => {
                Some("the file every build writes there".to_owned())
            }
            None => None,
        };
        if let Some(clash) = clash {
            let shown = shown_path(root, &root.join(static_dir::STATIC_DIR).join(file));
            problems.push(Problem::new(
                Location::file(shown),
                format!("would overwrite {clash}; rename or move one of them"),
            ));
        }
    }
}

pub(crate) fn unique_paths(pages: &[Page], problems: &mut Vec<Problem>) {
    let mut seen: BTreeMap<&str, &Page> = BTreeMap::new();
    for page in pages {
        if page.path.starts_with("all-pages/") {
            problems.push(Problem::new(
                Location::file(&page.file),
                format!(
                    "publishes to /{}, where the list of all pages goes; give it another `slug`",
                    page.path
                ),
            ));
        }
        if let Some(first) = seen.insert(&page.path, page) {
            problems.push(Problem::new(
                Location::file(&page.file),
                format!(
                    "publishes to /{} like {}; give one of them another `slug`",
                    page.path,
                    first.file.display()
                ),
            ));
        }
    }
}

//! Where everything is published, in one place at the bottom of the
//! pipeline: how a page's key becomes its site path (`guide/setup.md` →
//! `guide/setup/`), which file names introduce their folder (`index.md`,
//! Zola's `_index.md`, mdBook's `README.md`), where the "All pages" listing
//! and the other generated files live, and how a site path becomes a URL
//! under the base path (`/repo/` + `guide/setup/`). Every stage asks here;
//! none recomputes.

/// File stems that introduce their folder instead of being a page in it:
/// `index` (ours), `_index` (Zola's) and `README` (mdBook's).
pub const INDEX_NAMES: [&str; 3] = ["index", "_index", "README"];

/// The listing of every page, in navigation order, split into parts.
pub const LISTING_DIR: &str = "all-pages/";

/// The folder holding the search index (`search/meta.json`, …).
pub const SEARCH_DIR: &str = "search/";

/// Pages listed on each part of the "All pages" listing.
pub const LISTING_SIZE: usize = 500;

/// Files every build writes besides the pages and content files (site
/// paths; the listing by its folder).
pub const GENERATED_FILES: [&str; 4] = ["robots.txt", "sitemap.xml", "404.html", LISTING_DIR];

/// Whether a file stem introduces its folder (see [`INDEX_NAMES`]).
pub fn is_index_name(stem: &str) -> bool {
    INDEX_NAMES.contains(&stem)
}

/// The folder (`/`-separated, no trailing slash; `""` for the top) that the
/// page at `key` introduces, when it is its folder's index page. A page
/// with a `slug` is a page of its own, whatever its file is named.
pub fn introduced_folder<'k>(key: &'k str, slug: Option<&str>) -> Option<&'k str> {
    let stem = key.strip_suffix(".md").unwrap_or(key);
    let (dir, name) = stem.rsplit_once('/').unwrap_or(("", stem));
    (slug.is_none() && is_index_name(name)).then_some(dir)
}

/// Where the page at `key` (relative to `content/`) is published below the
/// base path: `""` for the home page, `guide/` for a folder's index page,
/// `guide/setup/` for others (the `slug` in place of the file's name).
pub fn page_path(key: &str, slug: Option<&str>) -> String {
    if let Some(dir) = introduced_folder(key, slug) {
        return if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
    }
    let stem = key.strip_suffix(".md").unwrap_or(key);
    let (dir, name) = match stem.rsplit_once('/') {
        Some((dir, name)) => (&stem[..=dir.len()], name),
        None => ("", stem),
    };
    let name = slug.map_or_else(|| slugify_file_name(name), str::to_owned);
    format!("{dir}{name}/")
}

/// A file name as a URL segment: lower-case ASCII letters and digits, with
/// one `-` for each run of anything else.
fn slugify_file_name(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_owned()
}

/// The HTML file a page at site path `path` is written to, relative to the
/// output.
pub fn html_file(path: &str) -> String {
    format!("{path}index.html")
}

/// A site path (or file name) as a URL under `base`: the base path (`/repo/`)
/// for links within the site, or the base URL (`https://u.github.io/repo/`)
/// for absolute ones. A base written without its trailing slash (`/repo`)
/// gives the same URLs; site paths never start with `/`.
pub fn join(base: &str, path: &str) -> String {
    let mut url = String::with_capacity(base.len() + 1 + path.len());
    url.push_str(base);
    if !base.ends_with('/') {
        url.push('/');
    }
    url.push_str(path);
    url
}

/// A base path as every stage uses it: starting and ending with one `/`
/// (`/repo/`; `/` for a site at the top), however it was written (`repo`,
/// `/repo`, `repo/`, `""`).
pub fn base_path(written: &str) -> String {
    match written.trim_matches('/') {
        "" => "/".to_owned(),
        path => format!("/{path}/"),
    }
}

/// The listing part (0-based) that holds page `index` of the navigation.
pub fn listing_part(index: usize) -> usize {
    index / LISTING_SIZE
}

/// The site path of listing part `part`: `all-pages/`, `all-pages/2/`, ….
pub fn listing_path(part: usize) -> String {
    match part {
        0 => LISTING_DIR.to_owned(),
        n => format!("{LISTING_DIR}{}/", n + 1),
    }
}

/// How many listing parts a navigation of `len` pages needs (at least one).
pub fn listing_parts(len: usize) -> usize {
    len.div_ceil(LISTING_SIZE).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_paths() {
        assert_eq!(page_path("index.md", None), "");
        assert_eq!(page_path("_index.md", None), "");
        assert_eq!(page_path("README.md", None), "");
        assert_eq!(page_path("invalid-key.md", None), "invalid-key/");
        assert_eq!(page_path("Quota & Limits.md", None), "quota-limits/");
        assert_eq!(page_path("guide/index.md", None), "guide/");
        assert_eq!(page_path("guide/deep/README.md", None), "guide/deep/");
        assert_eq!(page_path("guide/setup.md", Some("start")), "guide/start/");
        assert_eq!(page_path("guide/index.md", Some("intro")), "guide/intro/");
    }

    #[test]
    fn index_pages_introduce_their_folder() {
        assert_eq!(introduced_folder("index.md", None), Some(""));
        assert_eq!(introduced_folder("guide/_index.md", None), Some("guide"));
        assert_eq!(introduced_folder("a/b/README.md", None), Some("a/b"));
        assert_eq!(introduced_folder("guide/setup.md", None), None);
        assert_eq!(introduced_folder("guide/index.md", Some("x")), None);
        // Only the exact names: a page about indexes is a page.
        assert_eq!(introduced_folder("guide/indexes.md", None), None);
        assert_eq!(introduced_folder("guide/readme.md", None), None);
    }

    #[test]
    fn listing_parts_and_paths() {
        assert_eq!(listing_path(0), "all-pages/");
        assert_eq!(listing_path(1), "all-pages/2/");
        assert_eq!(listing_part(LISTING_SIZE - 1), 0);
        assert_eq!(listing_part(LISTING_SIZE), 1);
        assert_eq!(listing_parts(0), 1);
        assert_eq!(listing_parts(LISTING_SIZE), 1);
        assert_eq!(listing_parts(LISTING_SIZE + 1), 2);
        assert!(GENERATED_FILES.contains(&listing_path(0).as_str()));
    }

    #[test]
    fn a_base_with_or_without_its_trailing_slash_gives_the_same_urls() {
        for path in ["", "guide/setup/", "search/", "__keydoctor/live.js"] {
            assert_eq!(join("/repo", path), join("/repo/", path));
            assert_eq!(
                join("https://u.github.io/repo", path),
                join("https://u.github.io/repo/", path)
            );
        }
        for written in ["repo", "/repo", "repo/", "/repo/", "//repo//"] {
            assert_eq!(base_path(written), "/repo/", "{written:?}");
        }
        for written in ["", "/", "//"] {
            assert_eq!(base_path(written), "/", "{written:?}");
        }
        assert_eq!(base_path("/a/b"), "/a/b/");
    }

    #[test]
    fn urls_join_a_base_and_a_site_path() {
        assert_eq!(join("/repo/", "guide/setup/"), "/repo/guide/setup/");
        assert_eq!(join("/", ""), "/");
        assert_eq!(
            join("https://u.github.io/repo/", "guide/"),
            "https://u.github.io/repo/guide/"
        );
    }
}

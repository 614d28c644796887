//! One build: read `site.toml`, the theme and `content/`, render every page,
//! check every internal link, then publish the result atomically.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::checker_assets::{CheckerAssets, CheckerAssetsError};
use crate::config::{Config, ConfigError};
use crate::layout::{self, Layout};
use crate::location::Location;
use crate::markdown::{self, Rendered, SiteLinks, Source};
use crate::output::{OutputError, Staging};
use crate::page::{self, Page};
use crate::problem::{Problem, Problems};
use crate::theme::{Theme, ThemeError};

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site's root: holds `site.toml`, `content/` and `theme/`.
    pub root: PathBuf,
    /// Where the site is written (replaced atomically).
    pub output: PathBuf,
    /// Replaces `base-url` from `site.toml` (for serving locally).
    pub base_url: Option<String>,
    /// Directory with the checker's wasm-bindgen output; without it, checker
    /// blocks show the `curl` fallback only.
    pub checker: Option<PathBuf>,
    /// Extra API origins offered by the checker (the mock API in tests).
    pub test_api_hosts: Vec<String>,
    /// Also build pages marked `draft = true`.
    pub drafts: bool,
}

impl BuildOptions {
    /// Options for the site at `root`, written to `root/www`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        Self {
            output: root.join("www"),
            root,
            base_url: None,
            checker: None,
            test_api_hosts: Vec::new(),
            drafts: false,
        }
    }
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Pages written (not counting `404.html`).
    pub pages: usize,
    /// Wall-clock time of the build.
    pub elapsed: Duration,
    /// Where the site was written.
    pub output: PathBuf,
}

/// Why a build failed. The previous output is untouched in every case.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// `site.toml` is unreadable or invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A template or theme file is broken.
    #[error(transparent)]
    Theme(#[from] ThemeError),
    /// Pages have problems (front matter, links, encoding…).
    #[error(transparent)]
    Content(#[from] Problems),
    /// The checker's built files are missing.
    #[error(transparent)]
    Checker(#[from] CheckerAssetsError),
    /// The output directory cannot be prepared or replaced.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// A file of the new site could not be written.
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Rendered markdown kept between builds (by `site serve`): a page whose
/// text, position and site-wide links are unchanged is not rendered again.
#[derive(Debug, Default)]
pub struct RenderCache {
    entries: Mutex<HashMap<String, (u64, Rendered)>>,
}

impl RenderCache {
    fn get(&self, key: &str, hash: u64) -> Option<Rendered> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries
            .get(key)
            .filter(|(h, _)| *h == hash)
            .map(|(_, rendered)| rendered.clone())
    }

    fn put(&self, key: &str, hash: u64, rendered: &Rendered) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.insert(key.to_owned(), (hash, rendered.clone()));
    }
}

/// Builds the site described by `options`.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    build_with_cache(options, None)
}

/// Builds the site, reusing (and filling) `cache` when given.
pub fn build_with_cache(
    options: &BuildOptions,
    cache: Option<&RenderCache>,
) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let mut config = Config::from_file(&options.root.join("site.toml"))?;
    if let Some(base_url) = &options.base_url {
        config = Config {
            base_url: base_url.clone(),
            ..config
        };
        config.validate_base_url()?;
    }
    let theme = Theme::load(&options.root.join("theme"))?;
    let checker = options
        .checker
        .as_deref()
        .map(CheckerAssets::load)
        .transpose()?;
    let site = load_and_render(options, &config, cache)?;

    let layout = Layout::new(&config, &theme, checker.as_ref(), &options.test_api_hosts);
    let staging = Staging::new(&options.output)?;
    write_site(staging.path(), &site, &layout, &theme, checker.as_ref())?;
    staging.commit()?;
    Ok(BuildReport {
        pages: site.pages.len(),
        elapsed: started.elapsed(),
        output: options.output.clone(),
    })
}

/// Every page of the site, rendered and ordered.
#[derive(Debug)]
pub struct RenderedSite {
    /// Pages in navigation order, with their rendered markdown.
    pub pages: Vec<(Page, Rendered)>,
    /// Content files that are not markdown, by key.
    pub assets: Vec<String>,
    /// Where content files live.
    pub content_dir: PathBuf,
}

struct SiteIndex<'a> {
    urls: HashMap<&'a str, String>,
    assets: HashSet<&'a str>,
    base_path: &'a str,
}

impl SiteLinks for SiteIndex<'_> {
    fn page_url(&self, key: &str) -> Option<&str> {
        self.urls.get(key).map(String::as_str)
    }
    fn asset_url(&self, key: &str) -> Option<String> {
        self.assets
            .contains(key)
            .then(|| format!("{}{key}", self.base_path))
    }
    fn base_path(&self) -> &str {
        self.base_path
    }
}

/// Reads `content/`, renders every page and checks every internal link.
pub fn load_and_render(
    options: &BuildOptions,
    config: &Config,
    cache: Option<&RenderCache>,
) -> Result<RenderedSite, Problems> {
    let content_dir = options.root.join("content");
    let shown_dir = shown_path(&options.root, &content_dir);
    let (keys, assets) = page::scan(&content_dir).map_err(|p| Problems(vec![p]))?;

    let loaded: Vec<Result<Page, Problem>> = keys
        .par_iter()
        .map(|key| Page::load(&content_dir, &shown_dir, key))
        .collect();
    let mut problems = Vec::new();
    let mut pages = Vec::with_capacity(loaded.len());
    // Pages that failed to load still exist: links to them are not reported
    // as broken, so the problems listed are the real ones. Rendering goes on
    // so that one run reports every problem of the site.
    let mut failed: HashSet<&str> = HashSet::new();
    for (key, result) in keys.iter().zip(loaded) {
        match result {
            Ok(page) if page.front_matter.draft && !options.drafts => {}
            Ok(page) => pages.push(page),
            Err(problem) => {
                problems.push(problem);
                failed.insert(key.as_str());
            }
        }
    }
    check_unique_paths(&pages, &mut problems);
    pages.sort_by_cached_key(navigation_order);

    let base_path = config.base_path();
    let index = SiteIndex {
        urls: pages
            .iter()
            .map(|p| (p.key.as_str(), format!("{base_path}{}", p.path)))
            .chain(
                failed
                    .iter()
                    .map(|key| (*key, format!("{base_path}{}", page::site_path(key, None)))),
            )
            .collect(),
        assets: assets.iter().map(String::as_str).collect(),
        base_path,
    };
    markdown::highlight::warm_up();
    // What every page's rendering depends on besides its own text: where
    // each page and file lives.
    let site_hash = {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        let mut urls: Vec<_> = index.urls.iter().collect();
        urls.sort_unstable();
        urls.hash(&mut hasher);
        let mut assets: Vec<_> = index.assets.iter().collect();
        assets.sort_unstable();
        assets.hash(&mut hasher);
        hasher.finish()
    };
    let rendered: Vec<Rendered> = pages
        .par_iter()
        .map(|page| {
            let source = Source {
                key: &page.key,
                file: &page.file,
                body: page.body(),
                body_line: page.body_line,
            };
            let Some(cache) = cache else {
                return markdown::render(source, &index);
            };
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            (site_hash, source.body, source.body_line, source.file).hash(&mut hasher);
            let hash = hasher.finish();
            cache.get(&page.key, hash).unwrap_or_else(|| {
                let rendered = markdown::render(source, &index);
                cache.put(&page.key, hash, &rendered);
                rendered
            })
        })
        .collect();

    let ids: HashMap<&str, HashSet<&str>> = pages
        .iter()
        .zip(&rendered)
        .map(|(page, r)| {
            let mut ids: HashSet<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
            ids.extend(footnote_and_html_ids(&r.html));
            (page.key.as_str(), ids)
        })
        .collect();
    for (page, r) in pages.iter().zip(&rendered) {
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
                .is_some_and(|ids| ids.contains(link.anchor.as_str()));
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
        if r.html.matches(markdown::CHECKER_PLACEHOLDER).count() > 1 {
            problems.push(Problem::new(
                Location::file(&page.file),
                "a page may hold only one ```checker block",
            ));
        }
    }
    if !problems.is_empty() {
        problems.sort();
        return Err(Problems(problems));
    }
    drop(ids);
    Ok(RenderedSite {
        pages: pages.into_iter().zip(rendered).collect(),
        assets,
        content_dir,
    })
}

/// Ids written in raw HTML or generated for footnotes (`id="..."`).
fn footnote_and_html_ids(html: &str) -> impl Iterator<Item = &str> {
    html.split(" id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
}

fn navigation_order(page: &Page) -> (bool, i64, String, String) {
    let title = page.front_matter.title.clone().unwrap_or_default();
    (
        !page.is_home(),
        page.front_matter.weight.unwrap_or(i64::MAX),
        title,
        page.key.clone(),
    )
}

fn check_unique_paths(pages: &[Page], problems: &mut Vec<Problem>) {
    let mut seen: BTreeMap<&str, &Page> = BTreeMap::new();
    for page in pages {
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

/// `path` relative to the current directory's view of `root`, for messages.
fn shown_path(root: &Path, path: &Path) -> PathBuf {
    if root == Path::new(".") {
        path.strip_prefix(".").unwrap_or(path).to_path_buf()
    } else {
        path.to_path_buf()
    }
}

fn write_site(
    out: &Path,
    site: &RenderedSite,
    layout: &Layout<'_>,
    theme: &Theme,
    checker: Option<&CheckerAssets>,
) -> Result<(), BuildError> {
    let write = |relative: &str, bytes: &[u8]| -> Result<(), BuildError> {
        let path = out.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| BuildError::Write {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        std::fs::write(&path, bytes).map_err(|source| BuildError::Write { path, source })
    };

    for (name, bytes) in layout.static_files(theme) {
        write(&name, bytes)?;
    }
    if let Some(checker) = checker {
        for (name, bytes) in &checker.files {
            write(name, bytes)?;
        }
    }
    for key in &site.assets {
        let bytes =
            std::fs::read(site.content_dir.join(key)).map_err(|source| BuildError::Write {
                path: site.content_dir.join(key),
                source,
            })?;
        write(key, &bytes)?;
    }

    let nav = layout::navigation(&site.pages, layout.base_path());
    site.pages
        .par_iter()
        .enumerate()
        .try_for_each(|(i, (page, rendered))| {
            let html = layout.render_page(&nav, i, page, rendered)?;
            write(&format!("{}index.html", page.path), html.as_bytes())
        })?;
    write("404.html", layout.render_not_found(&nav)?.as_bytes())?;
    write(
        "sitemap.xml",
        layout::sitemap(&site.pages, layout.base_url()).as_bytes(),
    )?;
    write("robots.txt", layout::robots(layout.base_url()).as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_ids_are_found() {
        let ids: Vec<_> =
            footnote_and_html_ids(r#"<p id="a">x</p><div class="b" id="c">"#).collect();
        assert_eq!(ids, ["a", "c"]);
    }
}

//! One build, as a pipeline of stages: read `site.toml`, the theme and the
//! widget; load and render `content/` (`load_and_render`); find every
//! cross-page problem (`check`); lay pages out with the theme (`layout`);
//! and hand every file to one sink (`publish`: staged, in place, or
//! discarded by `site check`).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::check;
use crate::config::{Config, ConfigError};
use crate::fingerprint::hash_of;
use crate::layout::{self, Layout, PageNavigation};
use crate::markdown::{self, Rendered, SiteLinks, Source};
use crate::nav::{self, Navigation};
use crate::output::{OutputError, Staging};
use crate::page::{self, Page};
use crate::problem::{Problem, Problems};
use crate::publish::Publish;
use crate::static_dir;
use crate::theme::{Theme, ThemeError};
use crate::widget_assets::{WidgetAssets, WidgetAssetsError};

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site's root: holds `site.toml`, `content/` and `theme/`.
    pub root: PathBuf,
    /// Where the site is written (replaced atomically).
    pub output: PathBuf,
    /// Replaces `base-url` from `site.toml` (for serving locally).
    pub base_url: Option<String>,
    /// Directory with the embedded widget's files and manifest (`widget.json`);
    /// without it, ```widget blocks show what the theme's `widget.html` does.
    pub widget: Option<PathBuf>,
    /// Also build pages marked `draft = true`.
    pub drafts: bool,
    /// Render and check everything but write nothing (`site check`).
    pub discard_output: bool,
}

impl BuildOptions {
    /// Options for the site at `root`, written to `root/www`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        Self {
            output: root.join("www"),
            root,
            base_url: None,
            widget: None,
            drafts: false,
            discard_output: false,
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
    /// Every link to another site, for `site check --external`.
    pub external_links: Vec<markdown::ExternalLink>,
    /// What built but deserves a look, sorted by file and line (`site
    /// check --strict` fails on any).
    pub warnings: Vec<Problem>,
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
    /// The widget's built files are missing or its manifest is wrong.
    #[error(transparent)]
    Widget(#[from] WidgetAssetsError),
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
///
/// It also remembers each page's finished HTML (by everything it was made
/// from) and what the last build wrote where: a rebuild then renders only
/// the pages whose inputs changed and rewrites only the files whose bytes
/// changed, in place, each by an atomic rename.
#[derive(Debug, Default)]
pub struct RenderCache {
    entries: Mutex<HashMap<String, (u64, std::sync::Arc<Rendered>)>>,
    pages: Mutex<HashMap<String, CachedPage>>,
    written: Mutex<Option<WrittenSite>>,
}

/// A page's finished HTML: (hash of its inputs, hash of its bytes, bytes).
type CachedPage = (u64, u64, std::sync::Arc<String>);

/// What the last build left in the output directory.
#[derive(Debug)]
struct WrittenSite {
    output: PathBuf,
    files: HashMap<String, u64>,
}

impl RenderCache {
    fn get(&self, key: &str, hash: u64) -> Option<std::sync::Arc<Rendered>> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries
            .get(key)
            .filter(|(h, _)| *h == hash)
            .map(|(_, rendered)| std::sync::Arc::clone(rendered))
    }

    fn put(&self, key: &str, hash: u64, rendered: &std::sync::Arc<Rendered>) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.insert(key.to_owned(), (hash, std::sync::Arc::clone(rendered)));
    }

    /// The hash of the page's bytes, when its inputs are unchanged.
    fn page_html(&self, path: &str, inputs: u64) -> Option<(u64, std::sync::Arc<String>)> {
        let pages = self.pages.lock().unwrap_or_else(PoisonError::into_inner);
        pages
            .get(path)
            .filter(|(h, _, _)| *h == inputs)
            .map(|(_, bytes, html)| (*bytes, std::sync::Arc::clone(html)))
    }

    fn put_page_html(&self, path: &str, inputs: u64, html: std::sync::Arc<String>) {
        let bytes = hash_of(html.as_bytes());
        let mut pages = self.pages.lock().unwrap_or_else(PoisonError::into_inner);
        pages.insert(path.to_owned(), (inputs, bytes, html));
    }

    /// Hashes of the files the last build wrote to `output`, if it was there.
    fn take_written(&self, output: &Path) -> Option<HashMap<String, u64>> {
        let mut written = self.written.lock().unwrap_or_else(PoisonError::into_inner);
        match written.take() {
            Some(site) if site.output == output && output.join(crate::output::MARKER).is_file() => {
                Some(site.files)
            }
            _ => None,
        }
    }

    fn set_written(&self, output: &Path, files: HashMap<String, u64>) {
        *self.written.lock().unwrap_or_else(PoisonError::into_inner) = Some(WrittenSite {
            output: output.to_path_buf(),
            files,
        });
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
    let widget = options
        .widget
        .as_deref()
        .map(WidgetAssets::load)
        .transpose()?;
    let site = load_and_render(options, &config, cache)?;

    let layout = Layout::new(&config, &theme, widget.as_ref());
    let layout_hash = hash_of((
        theme.fingerprint(),
        format!("{config:?}"),
        widget
            .as_ref()
            .map(|c| (c.loader.name.clone(), format!("{:?}", c.manifest))),
    ));
    let publish = match cache.and_then(|c| c.take_written(&options.output)) {
        _ if options.discard_output => Publish::Discard,
        // A rebuild by `site serve` rewrites only what changed, in place; a
        // full build writes everything into a staging directory swapped in.
        Some(previous) => Publish::InPlace {
            output: options.output.clone(),
            previous,
        },
        None => Publish::Staged(Staging::new(&options.output)?),
    };
    let written = Mutex::new(HashMap::new());
    let sink = |relative: &str, bytes: &[u8], hash: u64| -> Result<(), BuildError> {
        publish.write(relative, bytes, hash)?;
        if cache.is_some() {
            written
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(relative.to_owned(), hash);
        }
        Ok(())
    };
    write_site(
        &sink,
        &site,
        &layout,
        &theme,
        widget.as_ref(),
        cache,
        layout_hash,
    )?;
    let written = written.into_inner().unwrap_or_else(PoisonError::into_inner);
    publish.finish(&written)?;
    if let Some(cache) = cache {
        cache.set_written(&options.output, written);
    }
    Ok(BuildReport {
        external_links: site
            .pages
            .iter()
            .flat_map(|(_, r)| r.external_links.iter().cloned())
            .collect(),
        pages: site.pages.len(),
        warnings: site.warnings.clone(),
        elapsed: started.elapsed(),
        output: options.output.clone(),
    })
}

/// Every page of the site, rendered and ordered.
#[derive(Debug)]
pub struct RenderedSite {
    /// Pages in navigation order, with their rendered markdown.
    pub pages: Vec<(Page, std::sync::Arc<Rendered>)>,
    /// Content files that are not markdown, by key.
    pub assets: Vec<String>,
    /// Where content files live.
    pub content_dir: PathBuf,
    /// Files of `static/`, copied as they are, by path.
    pub static_files: Vec<String>,
    /// Where static files live.
    pub static_dir: PathBuf,
    /// What built but deserves a look, sorted by file and line.
    pub warnings: Vec<Problem>,
}

struct SiteIndex<'a> {
    urls: HashMap<&'a str, String>,
    assets: HashSet<&'a str>,
    base_path: &'a str,
    /// Every path the built site has, relative to the base path.
    paths: HashSet<String>,
    /// Pages left out because they are drafts.
    drafts: HashSet<&'a str>,
}

/// Files every build writes besides the pages and content files.
pub(crate) const GENERATED_FILES: [&str; 4] =
    ["robots.txt", "sitemap.xml", "404.html", "all-pages/"];

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
    fn has_path(&self, path: &str) -> bool {
        self.paths.contains(path)
    }
    fn is_draft(&self, key: &str) -> bool {
        self.drafts.contains(key)
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
    let static_dir = options.root.join(static_dir::STATIC_DIR);
    let static_files = static_dir::scan(&static_dir, &shown_path(&options.root, &static_dir))
        .map_err(|p| Problems(vec![p]))?;

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
    let mut drafts: HashSet<&str> = HashSet::new();
    for (key, result) in keys.iter().zip(loaded) {
        match result {
            Ok(page) if page.front_matter.draft && !options.drafts => {
                drafts.insert(key.as_str());
            }
            Ok(page) => pages.push(page),
            Err(problem) => {
                problems.push(problem);
                failed.insert(key.as_str());
            }
        }
    }
    check::unique_paths(&pages, &mut problems);
    check::static_collisions(&static_files, &pages, &assets, &options.root, &mut problems);
    check::home_page(&pages, &failed, &shown_dir, &mut problems);
    nav::sort_in_reading_order(&mut pages);

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
        paths: pages
            .iter()
            .map(|p| p.path.clone())
            .chain(assets.iter().cloned())
            .chain(static_files.iter().cloned())
            .chain(failed.iter().map(|key| page::site_path(key, None)))
            .chain(GENERATED_FILES.iter().map(|f| (*f).to_owned()))
            .collect(),
        drafts,
    };
    // What every page's rendering depends on besides its own text: where
    // each page and file lives.
    let site_hash = {
        let mut urls: Vec<_> = index.urls.iter().collect();
        urls.sort_unstable();
        let mut assets: Vec<_> = index.assets.iter().collect();
        assets.sort_unstable();
        hash_of((urls, assets))
    };
    let rendered: Vec<std::sync::Arc<Rendered>> = pages
        .par_iter()
        .map(|page| {
            let source = Source {
                key: &page.key,
                file: &page.file,
                body: page.body(),
                body_line: page.body_line,
            };
            let hash = hash_of((site_hash, source.body, source.body_line, source.file));
            let render = || {
                let mut rendered = markdown::render(source, &index);
                rendered.source_hash = hash;
                std::sync::Arc::new(rendered)
            };
            let Some(cache) = cache else {
                return render();
            };
            cache.get(&page.key, hash).unwrap_or_else(|| {
                let rendered = render();
                cache.put(&page.key, hash, &rendered);
                rendered
            })
        })
        .collect();

    check::rendered_pages(&pages, &rendered, &failed, &mut problems);
    if !problems.is_empty() {
        problems.sort();
        return Err(Problems(problems));
    }
    let mut warnings = check::folders_without_index(&pages, &shown_dir);
    warnings.extend(check::undeclared_fixes(&pages));
    for r in &rendered {
        for (location, message) in &r.warnings {
            warnings.push(Problem::new(location.clone(), message.clone()));
        }
    }
    warnings.sort();
    Ok(RenderedSite {
        warnings,
        pages: pages.into_iter().zip(rendered).collect(),
        assets,
        content_dir,
        static_files,
        static_dir,
    })
}

/// `path` relative to the current directory's view of `root`, for messages.
pub(crate) fn shown_path(root: &Path, path: &Path) -> PathBuf {
    if root == Path::new(".") {
        path.strip_prefix(".").unwrap_or(path).to_path_buf()
    } else {
        path.to_path_buf()
    }
}

/// Where `write_site` sends each file: its path relative to the output, its
/// bytes and a hash of them (kept from the last build for cached pages).
type Sink<'s> = dyn Fn(&str, &[u8], u64) -> Result<(), BuildError> + Sync + 's;

fn write_site(
    sink: &Sink<'_>,
    site: &RenderedSite,
    layout: &Layout<'_>,
    theme: &Theme,
    widget: Option<&WidgetAssets>,
    cache: Option<&RenderCache>,
    layout_hash: u64,
) -> Result<(), BuildError> {
    // Only an incremental rebuild compares file hashes; a one-off build
    // skips hashing every byte it writes.
    let write =
        |relative: &str, bytes: &[u8]| sink(relative, bytes, cache.map_or(0, |_| hash_of(bytes)));

    for (name, bytes) in layout.static_files(theme) {
        write(&name, bytes)?;
    }
    if let Some(widget) = widget {
        for (name, bytes) in &widget.files {
            write(name, bytes)?;
        }
    }
    for name in &site.static_files {
        let path = site.static_dir.join(name);
        let bytes = std::fs::read(&path).map_err(|source| BuildError::Write { path, source })?;
        write(name, &bytes)?;
    }
    for key in &site.assets {
        let bytes =
            std::fs::read(site.content_dir.join(key)).map_err(|source| BuildError::Write {
                path: site.content_dir.join(key),
                source,
            })?;
        write(key, &bytes)?;
    }

    let nav = Navigation::new(&site.pages, layout.base_path());
    site.pages
        .par_iter()
        .enumerate()
        .try_for_each(|(i, (page, rendered))| {
            let relative = format!("{}index.html", page.path);
            let page_nav = PageNavigation::of(&nav, i);
            let Some(cache) = cache else {
                let html = layout.render_page(&page_nav, page, rendered)?;
                return write(&relative, html.as_bytes());
            };
            // Everything the page's HTML is made from.
            let inputs = hash_of((
                layout_hash,
                &relative,
                format!("{:?}", page.front_matter),
                rendered.source_hash,
                &page_nav,
                nav.home().map(|e| (&e.title, &e.url)),
            ));
            match cache.page_html(&relative, inputs) {
                Some((bytes_hash, html)) => sink(&relative, html.as_bytes(), bytes_hash),
                None => {
                    let html = std::sync::Arc::new(layout.render_page(&page_nav, page, rendered)?);
                    write(&relative, html.as_bytes())?;
                    cache.put_page_html(&relative, inputs, html);
                    Ok(())
                }
            }
        })?;
    for part in 0..layout::listing_parts(nav.len()) {
        let relative = format!("{}index.html", layout::listing_path(part));
        write(&relative, layout.render_listing(&nav, part)?.as_bytes())?;
    }
    write("404.html", layout.render_not_found(&nav)?.as_bytes())?;
    write(
        "sitemap.xml",
        layout.render_sitemap(&site.pages)?.as_bytes(),
    )?;
    write("robots.txt", layout.render_robots()?.as_bytes())?;
    Ok(())
}

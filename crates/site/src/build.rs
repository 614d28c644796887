//! One build, as a pipeline of stages: read `site.toml`, the theme and the
//! widget; load and render `content/` (`load_and_render`); find every
//! cross-page problem (`check`); lay pages out with the theme (`layout`);
//! and hand every file to one sink (`publish`: staged, in place, or
//! discarded by `site check`).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::check;
use crate::config::{Config, ConfigError};
use crate::fingerprint::hash_of;
use crate::layout::theme::{Theme, ThemeError};
use crate::layout::widget_assets::{WidgetAssets, WidgetAssetsError};
use crate::layout::widget_verdicts;
use crate::layout::{self, Layout, PageNavigation};
use crate::location::shown_path;
use crate::nav::{self, Navigation};
use crate::problem::{Problem, Problems};
use crate::publish::output::{OutputError, Staging};
use crate::publish::Publish;
use crate::render::search_index as search;
use crate::render::{self, Rendered, SiteLinks, Source};
use crate::source::mdbook::book::{self, Outline};
use crate::source::page::Page;
use crate::source::project::Project;
use crate::source::static_dir;
use crate::source::{self, Content};
use crate::urls;

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
    /// Write the site even when pages have problems (broken links, bad
    /// front matter…), leaving out the pages that cannot be read, and
    /// report the problems ([`BuildReport::problems`]): for previewing a
    /// site while it is fixed (`site serve`, `site build --keep-going`).
    pub keep_going: bool,
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
            keep_going: false,
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
    pub external_links: Vec<render::ExternalLink>,
    /// What built but deserves a look, sorted by file and line (`site
    /// check --strict` fails on any).
    pub warnings: Vec<Problem>,
    /// What a `keep_going` build went past (any other build fails on
    /// them), sorted by file and line.
    pub problems: Vec<Problem>,
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
    /// A file to copy into the site (from `static/` or `content/`) could
    /// not be read.
    #[error("{}: cannot read: {source}", path.display())]
    Read {
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
///
/// Each page's part of the search index is kept too, so that an edit
/// indexes only the edited pages again. Made with
/// [`RenderCache::deferring_search_index`] (`site serve`), a rebuild leaves
/// the index's files to a [`SearchIndexJob`] run after it.
#[derive(Debug, Default)]
pub struct RenderCache {
    entries: Mutex<HashMap<String, (u64, std::sync::Arc<Rendered>)>>,
    pages: Mutex<HashMap<String, CachedPage>>,
    written: Mutex<Option<WrittenSite>>,
    /// Each page's part of the search index, by key, with the hash of what
    /// it was made from.
    indexed: Mutex<HashMap<String, (u64, std::sync::Arc<search::PageIndex>)>>,
    /// Whether rebuilds leave the search index to a job.
    defer_search: bool,
    /// The pages the last build read, for the next to take.
    kept: Mutex<KeptPages>,
    /// The index the last rebuild left to do.
    pending_search: Mutex<Option<SearchIndexJob>>,
}

/// The pages of the last build, by key, and the content folder they were
/// read from. A build takes them only after [`RenderCache::changed`] has
/// dropped the ones edited since (a file's size and time alone may miss an
/// edit made within the same tick of the clock).
#[derive(Debug, Default)]
struct KeptPages {
    content_dir: PathBuf,
    pages: HashMap<String, Page>,
    told: bool,
}

/// The search index of a rebuild, assembled from every page's part and
/// written after the pages (see [`RenderCache::take_search_index_job`]).
#[derive(Debug)]
pub struct SearchIndexJob {
    parts: Vec<std::sync::Arc<search::PageIndex>>,
    base_path: String,
    output: PathBuf,
}

impl SearchIndexJob {
    /// Every page's part gathered, or `None` once `stop` is set.
    fn assemble(&self, stop: &AtomicBool) -> Option<search::SiteIndexer> {
        let mut indexer = search::SiteIndexer::new(&self.base_path);
        for (n, part) in self.parts.iter().enumerate() {
            if n % 64 == 0 && stop.load(Ordering::Relaxed) {
                return None;
            }
            indexer.add(n, part);
        }
        (!stop.load(Ordering::Relaxed)).then_some(indexer)
    }

    /// Assembles the index and rewrites, in place, the files of it that
    /// changed (removing those it no longer has), unless `stop` is set
    /// first (a new edit: its rebuild makes a new job, which finishes what
    /// this one began). Returns whether the whole index was written.
    ///
    /// `stop` is looked at between two files: the index hands on each
    /// shard as soon as it is made, so a stop also ends the making. Files
    /// written before the stop are recorded as written (the next job
    /// compares with what is on disk); `meta.json`, written after every
    /// shard, stays the previous index's until then.
    pub fn run(self, cache: &RenderCache, stop: &AtomicBool) -> Result<bool, BuildError> {
        self.run_telling(cache, stop, &|_| {})
    }

    /// [`SearchIndexJob::run`], telling `handed` each file of the index
    /// once it is on disk and recorded (a test stops the job there).
    fn run_telling(
        self,
        cache: &RenderCache,
        stop: &AtomicBool,
        handed: &(dyn Fn(&str) + Sync),
    ) -> Result<bool, BuildError> {
        let Some(index) = self.assemble(stop) else {
            return Ok(false);
        };
        // Each file is compared with, and recorded in, what the last build
        // wrote under the lock one at a time: a rebuild that starts while
        // this job winds down (`stop` set) never waits for the index.
        let now = Mutex::new(HashSet::new());
        // Compared with the record below, not with a copy taken now.
        let publish = Publish::InPlace {
            output: self.output.clone(),
            previous: HashMap::new(),
        };
        // `Err(None)`: stopped, or a rebuild has begun.
        let outcome = index.write(&|relative, bytes| -> Result<(), Option<BuildError>> {
            if stop.load(Ordering::Relaxed) {
                return Err(None);
            }
            let mut written = cache.written.lock().unwrap_or_else(PoisonError::into_inner);
            let Some(site) = written.as_mut().filter(|site| site.output == self.output) else {
                return Err(None);
            };
            let hash = hash_of(bytes);
            if site.files.get(relative) != Some(&hash) {
                publish
                    .write(relative, bytes, hash)
                    .map_err(|error| Some(error.into()))?;
                site.files.insert(relative.to_owned(), hash);
            }
            now.lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(relative.to_owned());
            handed(relative);
            Ok(())
        });
        if let Err(stopped_or_failed) = outcome {
            return stopped_or_failed.map_or(Ok(false), Err);
        }
        let now = now.into_inner().unwrap_or_else(PoisonError::into_inner);
        let mut written = cache.written.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(site) = written.as_mut().filter(|site| site.output == self.output) else {
            return Ok(false);
        };
        // The files of the last index this one no longer has.
        site.files.retain(|relative, _| {
            let stale = relative.starts_with(urls::SEARCH_DIR) && !now.contains(relative);
            if stale {
                let _ = std::fs::remove_file(self.output.join(relative));
            }
            !stale
        });
        Ok(true)
    }
}

/// A page's finished HTML.
#[derive(Debug)]
struct CachedPage {
    /// Hash of its inputs with the whole navigation.
    whole: u64,
    /// Hash of its inputs with its own navigation.
    inputs: u64,
    /// Hash of its bytes.
    bytes: u64,
    html: std::sync::Arc<String>,
}

/// What the last build left in the output directory.
#[derive(Debug)]
struct WrittenSite {
    output: PathBuf,
    files: HashMap<String, u64>,
}

impl RenderCache {
    /// A cache whose rebuilds leave the search index to
    /// [`RenderCache::take_search_index_job`] (the first build, which
    /// writes the whole site, writes it too).
    pub fn deferring_search_index() -> Self {
        Self {
            defer_search: true,
            ..Self::default()
        }
    }

    /// Tells the cache which files changed since the last build (the
    /// paths a watcher reported, files or folders): the next build reads
    /// again only the pages among them, and those whose file's size or
    /// modification time changed. Without it, a build reads every page.
    pub fn changed(&self, paths: &[PathBuf]) {
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        let dir =
            std::path::absolute(&kept.content_dir).unwrap_or_else(|_| kept.content_dir.clone());
        for path in paths {
            let path = std::path::absolute(path).unwrap_or_else(|_| path.clone());
            kept.pages
                .retain(|key, _| !dir.join(key).starts_with(&path));
        }
        kept.told = true;
    }

    /// The pages kept from the last build, if it read them from
    /// `content_dir` and the changes since have been told.
    fn take_kept_pages(&self, content_dir: &Path) -> HashMap<String, Page> {
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        let kept = std::mem::take(&mut *kept);
        if kept.told && kept.content_dir == content_dir {
            kept.pages
        } else {
            HashMap::new()
        }
    }

    fn keep_pages(&self, content_dir: &Path, pages: Vec<Page>) {
        *self.kept.lock().unwrap_or_else(PoisonError::into_inner) = KeptPages {
            content_dir: content_dir.to_path_buf(),
            pages: pages
                .into_iter()
                .map(|page| (page.key.clone(), page))
                .collect(),
            told: false,
        };
    }

    /// The search index the last rebuild left to write, if any.
    pub fn take_search_index_job(&self) -> Option<SearchIndexJob> {
        self.pending_search
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }

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

    /// The page's HTML and the hash of its bytes, when its inputs are
    /// unchanged.
    fn page_html(&self, path: &str, by: CachedBy) -> Option<(u64, std::sync::Arc<String>)> {
        let pages = self.pages.lock().unwrap_or_else(PoisonError::into_inner);
        pages
            .get(path)
            .filter(|cached| match by {
                CachedBy::Whole(whole) => cached.whole == whole,
                CachedBy::Inputs(inputs) => cached.inputs == inputs,
            })
            .map(|cached| (cached.bytes, std::sync::Arc::clone(&cached.html)))
    }

    /// Records that the page's HTML is unchanged under a new navigation.
    fn renew_page_html(&self, path: &str, whole: u64) {
        let mut pages = self.pages.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(cached) = pages.get_mut(path) {
            cached.whole = whole;
        }
    }

    fn put_page_html(&self, path: &str, whole: u64, inputs: u64, html: std::sync::Arc<String>) {
        let bytes = hash_of(html.as_bytes());
        let mut pages = self.pages.lock().unwrap_or_else(PoisonError::into_inner);
        pages.insert(
            path.to_owned(),
            CachedPage {
                whole,
                inputs,
                bytes,
                html,
            },
        );
    }

    /// Hashes of the files the last build wrote to `output`, if it was there.
    fn take_written(&self, output: &Path) -> Option<HashMap<String, u64>> {
        let mut written = self.written.lock().unwrap_or_else(PoisonError::into_inner);
        match written.take() {
            Some(site)
                if site.output == output
                    && output.join(crate::publish::output::MARKER).is_file() =>
            {
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
///
/// A one-off build (no cache) renders, lays out and writes each page in
/// one pass, keeping only what the cross-page checks need: a large site
/// never has all its HTML in memory. Its files go to a staging directory
/// that replaces the output only when the whole site checks out, so a
/// failed build still leaves the previous output untouched. `site serve`
/// (with a cache) renders everything first, checks, then rewrites only
/// what changed, in place.
pub fn build_with_cache(
    options: &BuildOptions,
    cache: Option<&RenderCache>,
) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let project = Project::open(&options.root, |path| shown_path(&options.root, path))?;
    let mut config = project.config.clone();
    if let Some(base_url) = &options.base_url {
        config = Config {
            base_url: base_url.clone(),
            ..config
        };
        config.validate_base_url()?;
    }
    let theme = match &project.theme_dir {
        Some(dir) => Theme::load(dir)?,
        None => Theme::builtin()?,
    };
    let widget = options
        .widget
        .as_deref()
        .map(WidgetAssets::load)
        .transpose()?;
    if let Some(widget) = &widget {
        let shown = |path: &Path| shown_path(&options.root, path);
        let mut problems = widget_verdicts::check(&theme, &widget.manifest, &shown);
        if !problems.is_empty() {
            problems.sort();
            return Err(Problems(problems).into());
        }
    }
    let mut kept = match cache {
        // A book's chapters include other files: read them all.
        Some(cache) if project.book.is_none() => cache.take_kept_pages(&project.content_dir),
        _ => HashMap::new(),
    };
    let site = load(options, &project, &mut kept)?;
    drop(kept);
    let layout = Layout::new(&config, &theme, widget.as_ref());
    let Some(cache) = cache else {
        return build_streaming(options, &site, &layout, &theme, widget.as_ref(), started);
    };

    let rendered = render_all(&site, config.base_path(), cache, config.search);
    // A build that goes past problems cannot fail on them: it checks after
    // writing the pages.
    let checked = match options.keep_going {
        true => None,
        false => Some(check_rendered(&site, &rendered, &config, false)?),
    };
    let layout_hash = hash_of((
        theme.fingerprint(),
        &config,
        widget.as_ref().map(|w| (&w.loader.name, &w.manifest)),
    ));
    let publish = match cache.take_written(&options.output) {
        _ if options.discard_output => Publish::Discard,
        // A rebuild rewrites only what changed, in place; the first build
        // writes everything into a staging directory swapped in.
        Some(previous) => Publish::InPlace {
            output: options.output.clone(),
            previous,
        },
        None => Publish::Staged(Staging::new(&options.output)?),
    };
    let written = Mutex::new(HashMap::new());
    let sink = |relative: &str, bytes: &[u8], hash: u64| -> Result<(), BuildError> {
        publish.write(relative, bytes, hash)?;
        written
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(relative.to_owned(), hash);
        Ok(())
    };
    let write = |relative: &str, bytes: &[u8]| sink(relative, bytes, hash_of(bytes));
    let nav = site.navigation(
        site.pages
            .iter()
            .zip(&rendered)
            .map(|(page, r)| layout::page_title(page, r)),
        layout.base_path(),
    );
    // The pages first: the page being edited is served as soon as it is
    // written; the listings, the 404 page and the search index follow.
    write_pages_cached(&sink, &site, &rendered, &nav, &layout, cache, layout_hash)?;
    write_other_files(&write, &site, &nav, &layout, &theme, widget.as_ref())?;
    if config.search {
        let parts = index_pages_cached(&site, &rendered, layout.base_path(), cache);
        let job = SearchIndexJob {
            parts,
            base_path: layout.base_path().to_owned(),
            output: options.output.clone(),
        };
        match &publish {
            // `site serve` writes the index after the build, where a new
            // edit can stop it: its files stay as they were till then.
            Publish::InPlace { previous, .. } if cache.defer_search => {
                let mut written = written.lock().unwrap_or_else(PoisonError::into_inner);
                for (relative, hash) in previous {
                    if relative.starts_with(urls::SEARCH_DIR) {
                        written.insert(relative.clone(), *hash);
                    }
                }
                *cache
                    .pending_search
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner) = Some(job);
            }
            _ => {
                let index = job
                    .assemble(&AtomicBool::new(false))
                    .expect("never stopped");
                index.write(&write)?;
            }
        }
    }
    let checked = match checked {
        Some(checked) => checked,
        None => check_rendered(&site, &rendered, &config, true)?,
    };
    let written = written.into_inner().unwrap_or_else(PoisonError::into_inner);
    publish.finish(&written)?;
    cache.set_written(&options.output, written);
    let report = report(&site, &rendered, checked, started, options);
    cache.keep_pages(&project.content_dir, site.pages);
    Ok(report)
}

fn report(
    site: &LoadedSite,
    rendered: &[std::sync::Arc<Rendered>],
    checked: Checked,
    started: Instant,
    options: &BuildOptions,
) -> BuildReport {
    BuildReport {
        external_links: rendered
            .iter()
            .flat_map(|r| r.external_links.iter().cloned())
            .collect(),
        pages: site.pages.len(),
        warnings: checked.warnings,
        problems: checked.problems,
        elapsed: started.elapsed(),
        output: options.output.clone(),
    }
}

/// A one-off build: each page rendered, laid out and written in one pass
/// (see [`build_with_cache`]).
fn build_streaming(
    options: &BuildOptions,
    site: &LoadedSite,
    layout: &Layout<'_>,
    theme: &Theme,
    widget: Option<&WidgetAssets>,
    started: Instant,
) -> Result<BuildReport, BuildError> {
    let publish = if options.discard_output {
        Publish::Discard
    } else {
        Publish::Staged(Staging::new(&options.output)?)
    };
    let write = |relative: &str, bytes: &[u8]| -> Result<(), BuildError> {
        Ok(publish.write(relative, bytes, 0)?)
    };
    let base_path = layout.base_path();
    let index = site.index(base_path);
    // Titles first: the navigation of every page needs all of them.
    let titles: Vec<String> = site
        .pages
        .par_iter()
        .map(|page| {
            let h1 = match page.front_matter.title {
                Some(_) => None,
                None => render::first_h1(page.body()),
            };
            layout::title_of(page, h1.as_deref())
        })
        .collect();
    let search_on = layout.search_enabled();
    // The index needs the titles after the navigation has taken them.
    let index_titles = if search_on {
        titles.clone()
    } else {
        Vec::new()
    };
    let nav = site.navigation(titles.into_iter(), base_path);
    let titles = &index_titles;
    // Each page is rendered, laid out, written and indexed in one pass;
    // the index is gathered per thread and merged, so no page's text
    // outlives its turn.
    let (mut rendered, written, indexer) = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| {
            let mut rendered = render_body(page, &index, 0, search_on);
            let page_nav = PageNavigation::of(&nav, i);
            let written = layout
                .render_page(&page_nav, page, &rendered)
                .map_err(BuildError::from)
                .and_then(|html| write(&urls::html_file(&page.path), html.as_bytes()));
            let indexed = search_on
                .then(|| search::index_page(page, base_path, &titles[i], &rendered.search_text));
            // Written: keep only what the checks need.
            rendered.html = String::new();
            rendered.search_text = Vec::new();
            (i, std::sync::Arc::new(rendered), (i, written), indexed)
        })
        .fold(
            || (Vec::new(), Vec::new(), search::SiteIndexer::new(base_path)),
            |(mut rendered, mut written, mut indexer), (i, r, w, indexed)| {
                rendered.push((i, r));
                written.push(w);
                if let Some(indexed) = indexed {
                    indexer.add(i, &indexed);
                }
                (rendered, written, indexer)
            },
        )
        .reduce(
            || (Vec::new(), Vec::new(), search::SiteIndexer::new(base_path)),
            |(mut r1, mut w1, mut i1), (r2, w2, i2)| {
                r1.extend(r2);
                w1.extend(w2);
                i1.merge(i2);
                (r1, w1, i1)
            },
        );
    rendered.sort_unstable_by_key(|(i, _)| *i);
    let rendered: Vec<_> = rendered.into_iter().map(|(_, r)| r).collect();
    let mut written = written;
    written.sort_unstable_by_key(|(i, _)| *i);
    // Problems in the pages come first, as in a cached build; then a
    // template or write failure.
    let checked = check_rendered(site, &rendered, layout.config(), options.keep_going)?;
    written.into_iter().try_for_each(|(_, w)| w)?;
    if search_on {
        indexer.write(&write)?;
    }
    write_other_files(&write, site, &nav, layout, theme, widget)?;
    publish.finish(&HashMap::new())?;
    Ok(report(site, &rendered, checked, started, options))
}

/// The search index of the site at `options.root`, built in memory from
/// the same render stage as a build (nothing is written): what `site
/// search` ranks against.
pub fn search_index(options: &BuildOptions) -> Result<keydoctor_search::SearchIndex, BuildError> {
    let project = Project::open(&options.root, |path| shown_path(&options.root, path))?;
    let config = project.config.clone();
    let site = load(options, &project, &mut HashMap::new())?;
    let base_path = config.base_path();
    let index = site.index(base_path);
    let rendered: Vec<Rendered> = site
        .pages
        .par_iter()
        .map(|page| render_body(page, &index, 0, true))
        .collect();
    check_rendered(
        &site,
        &rendered
            .iter()
            .cloned()
            .map(std::sync::Arc::new)
            .collect::<Vec<_>>(),
        &config,
        options.keep_going,
    )?;
    let mut indexer = search::SiteIndexer::new(base_path);
    for (i, (page, r)) in site.pages.iter().zip(&rendered).enumerate() {
        let title = layout::page_title(page, r);
        indexer.add(
            i,
            &search::index_page(page, base_path, &title, &r.search_text),
        );
    }
    Ok(indexer.finish())
}

/// The site's files, read and ordered, before any page is rendered.
#[derive(Debug)]
struct LoadedSite {
    /// Pages in reading order (drafts left out unless asked for).
    pages: Vec<Page>,
    /// Content files that are not markdown, by key.
    assets: Vec<String>,
    /// Where content files live.
    content_dir: PathBuf,
    /// As it is named in messages.
    shown_dir: PathBuf,
    /// Files of `static/`, copied as they are, by path.
    static_files: Vec<String>,
    /// Where static files live.
    static_dir: PathBuf,
    /// Pages that could not be read: they exist, so links to them are not
    /// reported as broken.
    failed: HashSet<String>,
    /// Pages left out because they are drafts.
    drafts: HashSet<String>,
    /// Problems found so far (pages that could not be read, clashes).
    problems: Vec<Problem>,
    /// Warnings found in reading the pages.
    warnings: Vec<Problem>,
    /// For a book, where each page sits in its summary.
    outline: Option<Vec<Outline>>,
}

/// Where every page and file of the site is: what links are checked
/// against and rewritten to.
struct SiteIndex<'a> {
    urls: HashMap<&'a str, String>,
    assets: HashSet<&'a str>,
    base_path: &'a str,
    /// Every path the built site has, relative to the base path.
    paths: HashSet<String>,
    /// Pages left out because they are drafts.
    drafts: HashSet<&'a str>,
}

impl SiteLinks for SiteIndex<'_> {
    fn page_url(&self, key: &str) -> Option<&str> {
        self.urls.get(key).map(String::as_str)
    }
    fn asset_url(&self, key: &str) -> Option<String> {
        self.assets
            .contains(key)
            .then(|| urls::join(self.base_path, key))
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

/// Reads `content/` and `static/`: every page loaded (the ones that fail
/// are remembered with their problem, so one run reports every problem of
/// the site), clashes found, pages in reading order.
fn load(
    options: &BuildOptions,
    project: &Project,
    kept: &mut HashMap<String, Page>,
) -> Result<LoadedSite, Problems> {
    let content_dir = project.content_dir.clone();
    let shown_dir = shown_path(&options.root, &content_dir);
    let Content {
        mut pages,
        assets,
        failed,
        drafts,
        mut problems,
        mut warnings,
    } = source::read_content(&content_dir, &shown_dir, options.drafts, kept)
        .map_err(|p| Problems(vec![p]))?;
    let static_dir = options.root.join(static_dir::STATIC_DIR);
    let static_files = static_dir::scan(&static_dir, &shown_path(&options.root, &static_dir))
        .map_err(|p| Problems(vec![p]))?;
    let outline = match &project.book {
        Some(book) => {
            let arranged = book::arrange(pages, book, &content_dir, &shown_dir, &failed, &drafts);
            pages = arranged.pages;
            problems.extend(arranged.problems);
            warnings.extend(arranged.warnings);
            Some(arranged.outline)
        }
        None => {
            nav::sort_in_reading_order(&mut pages);
            None
        }
    };
    let failed_keys: HashSet<&str> = failed.iter().map(String::as_str).collect();
    check::unique_paths(&pages, &mut problems);
    check::static_collisions(&static_files, &pages, &assets, &options.root, &mut problems);
    check::home_page(&pages, &failed_keys, &shown_dir, &mut problems);
    Ok(LoadedSite {
        pages,
        assets,
        content_dir,
        shown_dir,
        static_files,
        static_dir,
        failed,
        drafts,
        problems,
        warnings,
        outline,
    })
}

impl LoadedSite {
    /// The navigation of the pages, titled `titles`: a book's from its
    /// summary, any other site's from its folders.
    fn navigation(
        &self,
        titles: impl ExactSizeIterator<Item = String>,
        base_path: &str,
    ) -> Navigation {
        let pages = self.pages.iter().zip(titles);
        match &self.outline {
            Some(outline) => Navigation::from_outline(pages, outline, base_path),
            None => Navigation::new(pages, base_path),
        }
    }

    /// Where every page and file of the site is, for links.
    fn index<'a>(&'a self, base_path: &'a str) -> SiteIndex<'a> {
        SiteIndex {
            urls: self
                .pages
                .iter()
                .map(|p| (p.key.as_str(), urls::join(base_path, &p.path)))
                .chain(self.failed.iter().map(|key| {
                    (
                        key.as_str(),
                        urls::join(base_path, &urls::page_path(key, None)),
                    )
                }))
                .collect(),
            assets: self.assets.iter().map(String::as_str).collect(),
            base_path,
            paths: self
                .pages
                .iter()
                .map(|p| p.path.clone())
                .chain(self.assets.iter().cloned())
                .chain(self.static_files.iter().cloned())
                .chain(self.failed.iter().map(|key| urls::page_path(key, None)))
                .chain(urls::GENERATED_FILES.iter().map(|f| (*f).to_owned()))
                .collect(),
            drafts: self.drafts.iter().map(String::as_str).collect(),
        }
    }
}

/// Renders one page's markdown (with its text for the search index when
/// `search` is on).
fn render_body(page: &Page, index: &SiteIndex<'_>, source_hash: u64, search: bool) -> Rendered {
    let source = Source {
        key: &page.key,
        file: &page.file,
        body: page.body(),
        body_line: page.body_line,
        line_map: page.line_map.as_deref(),
    };
    let mut rendered = render::render_for_search(source, index, search);
    rendered.source_hash = source_hash;
    rendered
}

/// Renders every page, reusing what `cache` holds for unchanged pages.
fn render_all(
    site: &LoadedSite,
    base_path: &str,
    cache: &RenderCache,
    search: bool,
) -> Vec<std::sync::Arc<Rendered>> {
    let index = site.index(base_path);
    // What every page's rendering depends on besides its own text: where
    // each page and file lives.
    let site_hash = {
        let mut urls: Vec<_> = index.urls.iter().collect();
        urls.sort_unstable();
        let mut assets: Vec<_> = index.assets.iter().collect();
        assets.sort_unstable();
        hash_of((urls, assets, search))
    };
    site.pages
        .par_iter()
        .map(|page| {
            let hash = hash_of((site_hash, page.body_hash(), page.body_line, &page.file));
            cache.get(&page.key, hash).unwrap_or_else(|| {
                let rendered = std::sync::Arc::new(render_body(page, &index, hash, search));
                cache.put(&page.key, hash, &rendered);
                rendered
            })
        })
        .collect()
}

/// Every page's part of the search index, made again only for the pages
/// whose text, title, place or fixes changed.
fn index_pages_cached(
    site: &LoadedSite,
    rendered: &[std::sync::Arc<Rendered>],
    base_path: &str,
    cache: &RenderCache,
) -> Vec<std::sync::Arc<search::PageIndex>> {
    let parts: Vec<_> = site
        .pages
        .par_iter()
        .zip(rendered)
        .map(|(page, rendered)| {
            let title = layout::page_title(page, rendered);
            // Everything the part is made from (the sections come from the
            // rendering, which `source_hash` names; its number in the site
            // is given when the parts are gathered).
            let inputs = hash_of((
                &page.path,
                page.is_home(),
                &page.front_matter.fixes,
                base_path,
                &title,
                rendered.source_hash,
            ));
            let mut indexed = cache.indexed.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some((_, part)) = indexed.get(&page.key).filter(|(h, _)| *h == inputs) {
                return std::sync::Arc::clone(part);
            }
            drop(indexed);
            let part = std::sync::Arc::new(search::index_page(
                page,
                base_path,
                &title,
                &rendered.search_text,
            ));
            indexed = cache.indexed.lock().unwrap_or_else(PoisonError::into_inner);
            indexed.insert(page.key.clone(), (inputs, std::sync::Arc::clone(&part)));
            part
        })
        .collect();
    let mut indexed = cache.indexed.lock().unwrap_or_else(PoisonError::into_inner);
    if indexed.len() > parts.len() {
        // Pages removed: their parts go.
        let keys: HashSet<&str> = site.pages.iter().map(|p| p.key.as_str()).collect();
        indexed.retain(|key, _| keys.contains(key.as_str()));
    }
    parts
}

/// Every problem across the rendered pages (with those found in loading),
/// or the warnings, sorted by file and line.
fn check_rendered(
    site: &LoadedSite,
    rendered: &[std::sync::Arc<Rendered>],
    config: &Config,
    keep_going: bool,
) -> Result<Checked, Problems> {
    let mut problems = site.problems.clone();
    let failed: HashSet<&str> = site.failed.iter().map(String::as_str).collect();
    check::rendered_pages(&site.pages, rendered, &failed, &mut problems);
    problems.sort();
    if !problems.is_empty() && !keep_going {
        return Err(Problems(problems));
    }
    let mut warnings = site.warnings.clone();
    if site.outline.is_none() {
        // A book's sections come from its summary, not its folders.
        warnings.extend(check::folders_without_index(&site.pages, &site.shown_dir));
    }
    warnings.extend(check::undeclared_fixes(&site.pages));
    warnings.extend(check::untitled_sections(&site.pages, rendered));
    warnings.extend(check::blocked_by_policy(
        rendered,
        &config.content_security_policy,
    ));
    for r in rendered {
        for (location, message) in &r.warnings {
            warnings.push(Problem::new(location.clone(), message.clone()));
        }
    }
    warnings.sort();
    Ok(Checked { warnings, problems })
}

/// What the check stage found in a build that goes on.
struct Checked {
    warnings: Vec<Problem>,
    /// Problems a `keep_going` build went past.
    problems: Vec<Problem>,
}

/// Where a cached build sends each file: its path relative to the output,
/// its bytes and a hash of them (kept from the last build for cached pages).
type Sink<'s> = dyn Fn(&str, &[u8], u64) -> Result<(), BuildError> + Sync + 's;

/// Where every other file goes: its path relative to the output and its
/// bytes.
type Write<'s> = dyn Fn(&str, &[u8]) -> Result<(), BuildError> + Sync + 's;

/// Lays out and writes every page, reusing a page's last HTML when nothing
/// it is made from changed.
fn write_pages_cached(
    sink: &Sink<'_>,
    site: &LoadedSite,
    rendered: &[std::sync::Arc<Rendered>],
    nav: &Navigation,
    layout: &Layout<'_>,
    cache: &RenderCache,
    layout_hash: u64,
) -> Result<(), BuildError> {
    // The whole navigation: while it is unchanged, no page's part of it
    // needs working out to know that the page is unchanged.
    let nav_hash = hash_of(nav);
    site.pages
        .par_iter()
        .zip(rendered)
        .enumerate()
        .try_for_each(|(i, (page, rendered))| {
            let relative = urls::html_file(&page.path);
            let own = (
                layout_hash,
                &relative,
                &page.front_matter,
                rendered.source_hash,
            );
            let whole = hash_of((own, nav_hash, i));
            if let Some((bytes_hash, html)) = cache.page_html(&relative, CachedBy::Whole(whole)) {
                return sink(&relative, html.as_bytes(), bytes_hash);
            }
            let page_nav = PageNavigation::of(nav, i);
            // Everything the page's HTML is made from (a title edited
            // elsewhere changes only the pages whose navigation shows it).
            let inputs = hash_of((own, &page_nav, nav.home().map(|e| (&e.title, &e.url))));
            match cache.page_html(&relative, CachedBy::Inputs(inputs)) {
                Some((bytes_hash, html)) => {
                    cache.renew_page_html(&relative, whole);
                    sink(&relative, html.as_bytes(), bytes_hash)
                }
                None => {
                    let html = std::sync::Arc::new(layout.render_page(&page_nav, page, rendered)?);
                    sink(&relative, html.as_bytes(), hash_of(html.as_bytes()))?;
                    cache.put_page_html(&relative, whole, inputs, html);
                    Ok(())
                }
            }
        })
}

/// How a page's cached HTML is looked up: by everything it is made from
/// with the whole navigation, or with the page's own part of it.
#[derive(Debug, Clone, Copy)]
enum CachedBy {
    Whole(u64),
    Inputs(u64),
}

/// Everything but the pages: theme and widget files, `static/`, content
/// files, the listing, the 404 page, the sitemap and robots.txt.
fn write_other_files(
    write: &Write<'_>,
    site: &LoadedSite,
    nav: &Navigation,
    layout: &Layout<'_>,
    theme: &Theme,
    widget: Option<&WidgetAssets>,
) -> Result<(), BuildError> {
    for (name, bytes) in layout.static_files(theme) {
        write(&name, bytes)?;
    }
    if let Some(widget) = widget {
        for (name, bytes) in &widget.files {
            write(name, bytes)?;
        }
    }
    let copy = |dir: &Path, name: &str| -> Result<(), BuildError> {
        let path = dir.join(name);
        let bytes = std::fs::read(&path).map_err(|source| BuildError::Read { path, source })?;
        write(name, &bytes)
    };
    for name in &site.static_files {
        copy(&site.static_dir, name)?;
    }
    for key in &site.assets {
        copy(&site.content_dir, key)?;
    }
    for part in 0..urls::listing_parts(nav.len()) {
        let relative = urls::html_file(&urls::listing_path(part));
        write(&relative, layout.render_listing(nav, part)?.as_bytes())?;
    }
    write("404.html", layout.render_not_found(nav)?.as_bytes())?;
    write(
        "sitemap.xml",
        layout.render_sitemap(site.pages.iter())?.as_bytes(),
    )?;
    write("robots.txt", layout.render_robots()?.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;
    use std::sync::atomic::AtomicUsize;

    use super::*;

    /// Every file under `dir`, by path relative to it.
    fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        fn walk(root: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
            for entry in std::fs::read_dir(dir).expect("read dir") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    walk(root, &path, files);
                } else {
                    let relative = path.strip_prefix(root).expect("below root");
                    let relative = relative.to_string_lossy().replace('\\', "/");
                    files.insert(relative, std::fs::read(&path).expect("read"));
                }
            }
        }
        let mut found = BTreeMap::new();
        walk(dir, dir, &mut found);
        found
    }

    /// A site of `pages` pages, each with a word of its own: an index of
    /// several shards.
    fn site(pages: usize) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        std::fs::write(
            root.join("site.toml"),
            "title = \"Shards\"\nbase-url = \"https://example.github.io/shards/\"\n",
        )
        .expect("site.toml");
        std::fs::create_dir_all(root.join("content")).expect("content");
        std::fs::write(root.join("content/index.md"), "# Home\n\nAll pages.\n").expect("home");
        for i in 0..pages {
            std::fs::write(
                root.join(format!("content/page-{i}.md")),
                format!(
                    "# Page {i}\n\nThe word unique{i}word is here, and quota{}.\n",
                    i % 7
                ),
            )
            .expect("page");
        }
        dir
    }

    #[test]
    fn an_index_job_stopped_between_shards_keeps_the_record_true_and_the_next_job_finishes() {
        let dir = site(600);
        let root = dir.path();
        let options = BuildOptions::new(root);
        let www = options.output.clone();
        let cache = RenderCache::deferring_search_index();
        build_with_cache(&options, Some(&cache)).expect("first build");
        let before = files(&www.join(urls::SEARCH_DIR));
        let shards = before.keys().filter(|p| p.starts_with("t/")).count();
        assert!(shards >= 4, "{shards} shards: too few to stop between");

        // One more page: every term's weight changes, so every shard does.
        std::fs::write(root.join("content/extra.md"), "# Extra\n\nMore.\n").expect("add");
        build_with_cache(&options, Some(&cache)).expect("rebuild");
        let job = cache.take_search_index_job().expect("a job left");
        let stop = AtomicBool::new(false);
        let handed = AtomicUsize::new(0);
        let finished = job
            .run_telling(&cache, &stop, &|_| {
                if handed.fetch_add(1, Ordering::Relaxed) + 1 == 2 {
                    stop.store(true, Ordering::Relaxed);
                }
            })
            .expect("no write fails");
        assert!(!finished, "stopped, yet it says it finished");
        assert_eq!(handed.load(Ordering::Relaxed), 2, "went on after the stop");

        // The first two shards are new; the rest, meta.json included, are
        // the previous index's.
        let after = files(&www.join(urls::SEARCH_DIR));
        let changed: Vec<&String> = before
            .iter()
            .filter(|(path, bytes)| after.get(*path) != Some(bytes))
            .map(|(path, _)| path)
            .collect();
        assert_eq!(changed, ["t/0.json", "t/1.json"]);
        // What the cache says is on disk is on disk: the next job
        // compares with it.
        let written = cache.written.lock().expect("lock");
        let recorded = &written.as_ref().expect("a record").files;
        for (path, bytes) in &after {
            let relative = format!("{}{path}", urls::SEARCH_DIR);
            assert_eq!(
                recorded.get(&relative),
                Some(&hash_of(bytes.as_slice())),
                "{path}"
            );
        }
        drop(written);

        // The next rebuild's job finishes the index: the site is then a
        // clean build's.
        build_with_cache(&options, Some(&cache)).expect("rebuild");
        let job = cache.take_search_index_job().expect("a job left");
        assert!(job.run(&cache, &AtomicBool::new(false)).expect("written"));
        let mut clean = BuildOptions::new(root);
        clean.output = root.join("clean");
        build(&clean).expect("clean build");
        let (served, clean) = (files(&www), files(&clean.output));
        let differing: Vec<&String> = clean
            .keys()
            .chain(served.keys())
            .filter(|path| served.get(*path) != clean.get(*path))
            .collect();
        assert!(
            differing.is_empty(),
            "differs from a clean build: {differing:?}"
        );
    }
}

//! Turning rendered pages into whole HTML documents with the theme's
//! templates: the template context, navigation, the Content-Security-Policy,
//! the widget's panel, and the sitemap and robots files.

pub(crate) mod minify;
pub(crate) mod sidebar;
pub(crate) mod theme;
pub(crate) mod toc;
pub(crate) mod widget_assets;
pub(crate) mod widget_manifest;
pub(crate) mod widget_verdicts;

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Context;

use crate::config::Config;
use crate::fingerprint::fingerprint;
use crate::layout::sidebar::sidebar_html;
use crate::layout::theme::{Theme, ThemeError};
use crate::layout::toc::{table_of_contents, TocEntry};
use crate::layout::widget_assets::WidgetAssets;
use crate::nav::{Link, NavEntry, Navigation, SidebarList};
use crate::render::Rendered;
use crate::source::page::Page;
use crate::urls;

/// Static theme files that keep their name (browsers look for them there).
const UNHASHED: [&str; 1] = ["favicon.svg"];

/// What a page template gets as `page`: the template API of a page, one
/// documented field each.
#[derive(Debug, Serialize)]
pub(crate) struct PageContext<'a> {
    /// The title: front matter, else the first heading, else the file name.
    pub title: &'a str,
    /// The description: front matter, else `site.toml`'s.
    pub description: &'a str,
    /// The page's URL path, base path included (`/repo/guide/`).
    pub url: &'a str,
    /// The page's absolute URL (`base-url` + path), for canonical links.
    pub permalink: &'a str,
    /// The rendered markdown, widget panel included; insert with `| safe`.
    pub content: &'a str,
    /// Level-2 headings with their level-3 children: `id`, `text`, `children`.
    pub toc: Vec<TocEntry<'a>>,
    /// Whether the markdown has its own `# heading` (else the template
    /// writes the title as the `h1`).
    pub has_h1: bool,
    /// Whether the page holds the widget (and gets its scripts).
    pub has_widget: bool,
    /// The "Edit this page" URL, when `site.toml` sets `edit-url`.
    pub edit_url: Option<String>,
    /// The page's path under `content/` (`guide/setup.md`).
    pub source_path: &'a str,
    /// Whether this is the site's home page.
    pub is_home: bool,
    /// `weight` from the front matter.
    pub weight: Option<i64>,
    /// `[extra]` from the front matter.
    pub extra: &'a BTreeMap<String, toml::Value>,
    /// The error messages the page declares it fixes (`fixes`).
    pub fixes: &'a [String],
    /// The home page and the sections above this page (`title`, `url`),
    /// outermost first; empty on the home page.
    pub breadcrumbs: &'a [Link<'a>],
    /// On a section's index page, what the section holds.
    pub section: Option<&'a SectionContents<'a>>,
}

/// What a section's index page gets as `page.section`.
#[derive(Debug, Serialize, Hash)]
pub(crate) struct SectionContents<'a> {
    /// The section's pages and sections (`title`, `url`), in reading order.
    pub entries: Vec<Link<'a>>,
    /// How many more there are than `entries` shows (see the "All pages"
    /// listing).
    pub more: usize,
}

/// A section page lists up to this many of its entries.
pub(crate) const SECTION_LIST_LIMIT: usize = 200;

/// Everything of the navigation one page shows; the page's HTML depends on
/// it (an incremental rebuild hashes it).
#[derive(Debug, Serialize, Hash)]
pub(crate) struct PageNavigation<'a> {
    /// The sidebar.
    pub sidebar: SidebarList<'a>,
    /// Home and the sections above the page.
    pub breadcrumbs: Vec<Link<'a>>,
    /// The previous page in reading order.
    pub prev: Option<Link<'a>>,
    /// The next page in reading order.
    pub next: Option<Link<'a>>,
    /// On an index page, its section's contents.
    pub section: Option<SectionContents<'a>>,
}

impl<'a> PageNavigation<'a> {
    /// The navigation page `index` of `nav` shows.
    pub(crate) fn of(nav: &'a Navigation, index: usize) -> Self {
        let link = |entry: &'a NavEntry| Link {
            title: &entry.title,
            url: std::borrow::Cow::Borrowed(&entry.url),
        };
        Self {
            sidebar: nav.sidebar(Some(index)),
            breadcrumbs: nav.breadcrumbs(index),
            prev: index
                .checked_sub(1)
                .and_then(|i| nav.entries.get(i))
                .map(link),
            next: nav.entries.get(index + 1).map(link),
            section: nav
                .section_contents(index, SECTION_LIST_LIMIT)
                .map(|(entries, more)| SectionContents { entries, more }),
        }
    }
}

/// A stylesheet and its Subresource Integrity.
#[derive(Debug, Serialize)]
pub(crate) struct Stylesheet<'a> {
    /// Its URL.
    pub url: String,
    /// Its integrity (`sha384-…`).
    pub integrity: &'a str,
}

/// What a page with the widget gets as `widget`: its scripts and
/// stylesheets, with their Subresource Integrity.
#[derive(Debug, Serialize)]
pub(crate) struct WidgetScripts<'a> {
    /// URL of the loader module the page's `<script type="module">` runs.
    pub loader: String,
    /// The loader's integrity (`sha384-…`).
    pub loader_integrity: &'a str,
    /// URL of the wasm-bindgen glue, preloaded.
    pub glue: String,
    /// The glue's integrity.
    pub glue_integrity: &'a str,
    /// The widget's stylesheets, to link after the theme's.
    pub styles: Vec<Stylesheet<'a>>,
}

/// Everything shared by every page of one build.
#[derive(Debug)]
pub(crate) struct Layout<'a> {
    config: &'a Config,
    theme: &'a Theme,
    widget: Option<&'a WidgetAssets>,
    asset_urls: BTreeMap<String, String>,
    /// Subresource Integrity of each theme file, by name.
    asset_integrity: BTreeMap<String, String>,
    static_names: BTreeMap<String, String>,
}

/// The page's title: front matter, else its first heading, else its file.
pub(crate) fn page_title(page: &Page, rendered: &Rendered) -> String {
    title_of(page, rendered.title())
}

/// The page's title given the text of its first heading (level 1 if it
/// has one): front matter, else that heading, else, for a section's index
/// page, its folder's name ("Home" at the top), else the file's name.
pub(crate) fn title_of(page: &Page, heading: Option<&str>) -> String {
    page.front_matter
        .title
        .clone()
        .or_else(|| heading.map(str::to_owned))
        .unwrap_or_else(|| match crate::nav::section_dir(page) {
            Some("") => "Home".to_owned(),
            Some(dir) => crate::nav::title_from_folder(dir),
            None => {
                let stem = page.key.trim_end_matches(".md");
                stem.rsplit('/').next().unwrap_or(stem).replace('-', " ")
            }
        })
}

/// One part of the "All pages" listing, as its template gets it (`listing`).
#[derive(Debug, Serialize)]
pub(crate) struct ListingContext<'a> {
    /// This part's number, from 1.
    pub number: usize,
    /// How many parts there are.
    pub count: usize,
    /// The navigation number of this part's first page, from 1.
    pub first_number: usize,
    /// The pages of this part, in navigation order.
    pub entries: &'a [NavEntry],
    /// URL of the previous part, if any.
    pub prev: Option<String>,
    /// URL of the next part, if any.
    pub next: Option<String>,
}

impl<'a> Layout<'a> {
    /// Prepares what every page shares.
    pub(crate) fn new(
        config: &'a Config,
        theme: &'a Theme,
        widget: Option<&'a WidgetAssets>,
    ) -> Self {
        let base_path = config.base_path();
        let mut static_names = BTreeMap::new();
        let mut asset_urls = BTreeMap::new();
        let mut asset_integrity = BTreeMap::new();
        for (name, bytes) in &theme.static_files {
            let print = fingerprint(name, bytes);
            let published = if UNHASHED.contains(&name.as_str()) {
                name.clone()
            } else {
                print.name
            };
            asset_urls.insert(name.clone(), urls::join(base_path, &published));
            asset_integrity.insert(name.clone(), print.integrity);
            static_names.insert(name.clone(), published);
        }
        Self {
            config,
            theme,
            widget,
            asset_urls,
            asset_integrity,
            static_names,
        }
    }

    /// The site's configuration.
    pub(crate) fn config(&self) -> &Config {
        self.config
    }

    /// The site's base path.
    pub(crate) fn base_path(&self) -> &str {
        self.config.base_path()
    }

    /// Theme static files under their published names.
    pub(crate) fn static_files<'t>(
        &'t self,
        theme: &'t Theme,
    ) -> impl Iterator<Item = (String, &'t [u8])> {
        theme
            .static_files
            .iter()
            .map(|(name, bytes)| (self.static_names[name].clone(), bytes.as_slice()))
    }

    /// The Content-Security-Policy of a page. Pages with the widget may
    /// connect to the origins the widget's manifest names and run WebAssembly;
    /// no page runs inline code.
    fn content_security_policy(&self, with_widget: bool) -> String {
        let (script, connect) = match self.widget.filter(|_| with_widget) {
            Some(widget) => {
                let mut connect = String::from("'self'");
                for origin in &widget.manifest.connect {
                    connect.push(' ');
                    connect.push_str(origin);
                }
                ("'self' 'wasm-unsafe-eval'", connect)
            }
            None => ("'self'", "'self'".to_owned()),
        };
        let csp = &self.config.content_security_policy;
        format!(
            "default-src 'none'; script-src {script}; style-src {}; img-src {}; \
             font-src 'self'; connect-src {connect}; manifest-src 'self'; base-uri 'none'; \
             form-action 'none'",
            csp.style_src(),
            csp.img_src()
        )
    }

    /// The context every template gets, with the sidebar of `sidebar`.
    fn base_context(&self, sidebar: &SidebarList<'_>, toc: &[TocEntry<'_>]) -> Context {
        let mut context = Context::new();
        context.insert("config", self.config);
        context.insert("base_path", self.config.base_path());
        context.insert("assets", &self.asset_urls);
        context.insert("integrity", &self.asset_integrity);
        context.insert("sidebar", &sidebar_html(sidebar, toc));
        context.insert("search", &self.search_context());
        context
    }

    /// Whether pages get the search box and the build writes its index.
    pub(crate) fn search_enabled(&self) -> bool {
        self.config.search
    }

    /// What the search box needs: where the index is, and the home page
    /// (where "nothing fits" points until the index names a better place).
    fn search_context(&self) -> Option<SearchContext> {
        self.config.search.then(|| SearchContext {
            index: urls::join(self.config.base_path(), urls::SEARCH_DIR),
            fallback: self.config.base_path().to_owned(),
        })
    }

    /// Renders `page` as a whole HTML document, with its part of the
    /// navigation (see [`PageNavigation::of`]).
    pub(crate) fn render_page(
        &self,
        page_nav: &PageNavigation<'_>,
        page: &Page,
        rendered: &Rendered,
    ) -> Result<String, ThemeError> {
        let toc = table_of_contents(&rendered.headings);
        let mut context = self.base_context(&page_nav.sidebar, &toc);
        let title = page_title(page, rendered);
        let url = urls::join(self.config.base_path(), &page.path);
        let permalink = urls::join(&self.config.base_url, &page.path);
        let description = page
            .front_matter
            .description
            .clone()
            .unwrap_or_else(|| self.config.description.clone());
        let with_widget = !rendered.widgets.is_empty();
        let content = match rendered.widgets.first() {
            Some(&at) => {
                let panel = self.render_widget_panel(&context)?;
                let (before, after) = rendered.html.split_at(at);
                [before, &panel, after].concat()
            }
            None => rendered.html.clone(),
        };
        context.insert(
            "page",
            &PageContext {
                title: &title,
                description: &description,
                url: &url,
                permalink: &permalink,
                content: &content,
                toc,
                has_h1: rendered.h1.is_some(),
                has_widget: with_widget,
                edit_url: self
                    .config
                    .edit_url
                    .as_ref()
                    .map(|base| format!("{base}{}", page.key)),
                source_path: &page.key,
                is_home: page.is_home(),
                weight: page.front_matter.weight,
                extra: &page.front_matter.extra,
                fixes: &page.front_matter.fixes,
                breadcrumbs: &page_nav.breadcrumbs,
                section: page_nav.section.as_ref(),
            },
        );
        context.insert("current_url", &url);
        context.insert("prev", &page_nav.prev);
        context.insert("next", &page_nav.next);
        context.insert("csp", &self.content_security_policy(with_widget));
        let base_path = self.config.base_path();
        context.insert(
            "widget",
            &self.widget.filter(|_| with_widget).map(|w| WidgetScripts {
                loader: urls::join(base_path, &w.loader.name),
                loader_integrity: &w.loader.integrity,
                glue: urls::join(base_path, &w.glue.name),
                glue_integrity: &w.glue.integrity,
                styles: w
                    .styles
                    .iter()
                    .map(|style| Stylesheet {
                        url: urls::join(base_path, &style.name),
                        integrity: &style.integrity,
                    })
                    .collect(),
            }),
        );
        self.theme.render("page.html", &context)
    }

    /// The widget's panel (`widget.html`), given the manifest's context as
    /// `widget` and whether the widget is part of this build as
    /// `widget_built`.
    fn render_widget_panel(&self, base: &Context) -> Result<String, ThemeError> {
        let mut context = base.clone();
        context.insert("widget", &self.widget.map(|w| &w.manifest.context));
        context.insert("widget_built", &self.widget.is_some());
        self.theme.render("widget.html", &context)
    }

    /// Renders part `part` of the "All pages" listing.
    pub(crate) fn render_listing(
        &self,
        nav: &Navigation,
        part: usize,
    ) -> Result<String, ThemeError> {
        let mut context = self.base_context(&nav.sidebar(None), &[]);
        let count = urls::listing_parts(nav.len());
        let start = (part * urls::LISTING_SIZE).min(nav.len());
        let end = (start + urls::LISTING_SIZE).min(nav.len());
        let base_path = self.config.base_path();
        let url = |p: usize| urls::join(base_path, &urls::listing_path(p));
        context.insert(
            "listing",
            &ListingContext {
                number: part + 1,
                count,
                first_number: start + 1,
                entries: &nav.entries[start..end],
                prev: part.checked_sub(1).map(url),
                next: (part + 1 < count).then(|| url(part + 1)),
            },
        );
        context.insert("csp", &self.content_security_policy(false));
        context.insert("current_url", &url(part));
        self.theme.render("all-pages.html", &context)
    }

    /// Renders `sitemap.xml` (every page's absolute URL, as
    /// `sitemap_urls`).
    pub(crate) fn render_sitemap<'p>(
        &self,
        pages: impl Iterator<Item = &'p Page>,
    ) -> Result<String, ThemeError> {
        let mut context = Context::new();
        context.insert("config", self.config);
        let urls: Vec<String> = pages
            .map(|page| urls::join(&self.config.base_url, &page.path))
            .collect();
        context.insert("sitemap_urls", &urls);
        self.theme.render("sitemap.xml", &context)
    }

    /// Renders `robots.txt` (given `base_url`).
    pub(crate) fn render_robots(&self) -> Result<String, ThemeError> {
        let mut context = Context::new();
        context.insert("config", self.config);
        context.insert("base_url", &self.config.base_url);
        self.theme.render("robots.txt", &context)
    }

    /// Renders `404.html`.
    pub(crate) fn render_not_found(&self, nav: &Navigation) -> Result<String, ThemeError> {
        let mut context = self.base_context(&nav.sidebar(None), &[]);
        context.insert("csp", &self.content_security_policy(false));
        context.insert("current_url", "");
        self.theme.render("404.html", &context)
    }
}

/// What templates get as `search` (none when search is off).
#[derive(Debug, serde::Serialize)]
struct SearchContext {
    /// The index's folder URL.
    index: String,
    /// Where "nothing fits" points.
    fallback: String,
}

//! What kind of site a root holds, and where its parts are: this site's
//! own layout (`site.toml`, `content/`, `theme/`), an mdBook book
//! (`book.toml`, `src/SUMMARY.md`), or a Zola site (`config.toml` with a
//! `base_url`, `content/`). A root is built as it is; `site.toml`, when
//! present, always wins.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::config::{Config, ConfigError};
use crate::location::{line_of_offset, Location};
use crate::source::mdbook::summary::{self, Summary};
use crate::source::mdbook::BookToml;
use crate::urls;

/// The address a site without one of its own is built for (`--base-url`
/// replaces it).
const LOCAL_ORIGIN: &str = "http://127.0.0.1:1111";

/// A site's root, read.
#[derive(Debug)]
pub struct Project {
    /// The site's settings.
    pub config: Config,
    /// Where its pages are.
    pub content_dir: PathBuf,
    /// Where its theme overrides are (`None`: the built-in theme alone).
    pub theme_dir: Option<PathBuf>,
    /// For an mdBook book: its summary, and where it is.
    pub book: Option<Book>,
    /// The files whose edits change the site (for `site serve`).
    pub config_file: PathBuf,
}

/// An mdBook book's reading order.
#[derive(Debug)]
pub struct Book {
    /// `SUMMARY.md`, read.
    pub summary: Summary,
    /// `SUMMARY.md` as messages name it.
    pub summary_file: PathBuf,
    /// The book's title (for the home page of a book without chapters).
    pub title: String,
}

impl Project {
    /// Reads the root `root`; `shown` turns a path into how messages name
    /// it.
    pub fn open(root: &Path, shown: impl Fn(&Path) -> PathBuf) -> Result<Self, ConfigError> {
        let site_toml = root.join("site.toml");
        let book_toml = root.join("book.toml");
        let zola_toml = root.join("config.toml");
        if !site_toml.exists() && book_toml.is_file() {
            return Self::book(root, &book_toml, &shown);
        }
        if !site_toml.exists() && zola_toml.is_file() {
            if let Some(project) = Self::zola(root, &zola_toml, &shown)? {
                return Ok(project);
            }
        }
        Ok(Project {
            config: Config::from_file(&site_toml)?,
            content_dir: root.join("content"),
            theme_dir: Some(root.join("theme")),
            book: None,
            config_file: site_toml,
        })
    }

    fn book(
        root: &Path,
        book_toml: &Path,
        shown: &dyn Fn(&Path) -> PathBuf,
    ) -> Result<Self, ConfigError> {
        let file = shown(book_toml);
        let text = read(book_toml, &file)?;
        let book = BookToml::parse(&text, &file)
            .map_err(|(location, message)| ConfigError::Invalid { location, message })?;
        let content_dir = root.join(book.src());
        let summary_path = content_dir.join("SUMMARY.md");
        let summary_file = shown(&summary_path);
        let summary_text = read(&summary_path, &summary_file)?;
        let summary = summary::parse(&summary_text, &summary_file)
            .map_err(|(location, message)| ConfigError::Invalid { location, message })?;
        let html = &book.output.html;
        let site_url = urls::base_path(html.site_url.as_deref().unwrap_or("/"));
        let defaults = Config::default();
        let book_title = book.book.title.clone().unwrap_or_else(|| "Book".to_owned());
        let config = Config {
            title: book_title.clone(),
            description: book.book.description.clone().unwrap_or_default(),
            base_url: format!("{LOCAL_ORIGIN}{site_url}"),
            language: book
                .book
                .language
                .clone()
                .unwrap_or(defaults.language.clone()),
            repository: html.git_repository_url.clone(),
            edit_url: html.edit_url_template.as_deref().and_then(|template| {
                let prefix = template.strip_suffix("{path}")?;
                Some(format!("{prefix}{}/", book.src().display()))
            }),
            ..defaults
        };
        Ok(Project {
            config,
            content_dir,
            theme_dir: None,
            book: Some(Book {
                summary,
                summary_file,
                title: book_title,
            }),
            config_file: book_toml.to_path_buf(),
        })
    }

    /// A Zola site, if `config.toml` is Zola's (it has a `base_url`).
    fn zola(
        root: &Path,
        zola_toml: &Path,
        shown: &dyn Fn(&Path) -> PathBuf,
    ) -> Result<Option<Self>, ConfigError> {
        /// What a site needs of Zola's `config.toml`; the rest (Sass,
        /// feeds, taxonomies, search) is Zola's own.
        #[derive(Debug, Deserialize)]
        struct ZolaConfig {
            base_url: Option<String>,
            title: Option<String>,
            description: Option<String>,
            default_language: Option<String>,
        }
        let file = shown(zola_toml);
        let text = read(zola_toml, &file)?;
        let zola: ZolaConfig = toml::from_str(&text).map_err(|e| ConfigError::Invalid {
            location: Location::new(
                &file,
                e.span().map_or(0, |s| line_of_offset(&text, s.start)),
            ),
            message: e.message().lines().next().unwrap_or("").trim().to_owned(),
        })?;
        let Some(base_url) = zola.base_url else {
            return Ok(None);
        };
        let defaults = Config::default();
        let mut base_url = base_url;
        if !base_url.ends_with('/') {
            base_url.push('/');
        }
        let config = Config {
            title: zola.title.unwrap_or(defaults.title.clone()),
            description: zola.description.unwrap_or_default(),
            base_url,
            language: zola.default_language.unwrap_or(defaults.language.clone()),
            ..defaults
        };
        config.validate_base_url().map_err(|e| match e {
            ConfigError::Invalid { message, .. } => ConfigError::Invalid {
                location: Location::file(&file),
                message: message.replace("base-url", "base_url"),
            },
            other => other,
        })?;
        Ok(Some(Project {
            config,
            content_dir: root.join("content"),
            // Zola's templates/ are Tera templates of Zola's own context.
            theme_dir: None,
            book: None,
            config_file: zola_toml.to_path_buf(),
        }))
    }
}

fn read(path: &Path, shown: &Path) -> Result<String, ConfigError> {
    std::fs::read_to_string(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => ConfigError::Invalid {
            location: Location::file(shown),
            message: "not found: an mdBook book needs it".to_owned(),
        },
        _ => ConfigError::Read {
            location: Location::file(shown),
            source,
        },
    })
}

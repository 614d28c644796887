//! `site.toml`: the site-wide settings. [`Config::parse`] deserialises and
//! validates a string; [`Config::from_file`] adds reading the file.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::csp::CspConfig;
use crate::fingerprint::hash_toml_table;
use crate::location::{line_of_offset, toml_key_line, Location};

/// Everything `site.toml` can say.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// The site's name, shown in the header and page titles.
    pub title: String,
    /// Default description for pages that have none.
    pub description: String,
    /// Where the site is published, e.g. `https://user.github.io/repo/`.
    /// Its path (`/repo/`) prefixes every URL in the output.
    pub base_url: String,
    /// Language of the content (`lang` attribute).
    pub language: String,
    /// Link to the project's source, shown in the footer when set.
    pub repository: Option<String>,
    /// Where a page's source can be edited: the page's path under
    /// `content/` is appended, so a GitHub repository's is
    /// `https://github.com/USER/REPO/edit/main/content/`. Each page then
    /// links to "Edit this page".
    pub edit_url: Option<String>,
    /// A line of text for the footer of every page.
    pub footer: Option<String>,
    /// Whether pages get a search box (and the build writes the index
    /// it reads, under `search/`). On unless set to `false`.
    pub search: bool,
    /// Sources the pages' Content-Security-Policy allows besides the
    /// site itself (`[content-security-policy]`: `img-src`, `style-src`).
    pub content_security_policy: CspConfig,
    /// Free-form values for templates (`config.extra`).
    pub extra: BTreeMap<String, toml::Value>,
}

/// Every setting, for the cache of `site serve`: a change to any of them
/// lays every page out again.
impl std::hash::Hash for Config {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // Named one by one: a new setting must be added here to compile.
        let Config {
            title,
            description,
            base_url,
            language,
            repository,
            edit_url,
            footer,
            search,
            content_security_policy,
            extra,
        } = self;
        (
            title,
            description,
            base_url,
            language,
            repository,
            edit_url,
            footer,
            search,
        )
            .hash(state);
        content_security_policy.hash(state);
        hash_toml_table(extra, state);
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            title: "Documentation".to_owned(),
            description: String::new(),
            base_url: "http://127.0.0.1:1111/".to_owned(),
            language: "en".to_owned(),
            repository: None,
            edit_url: None,
            footer: None,
            search: true,
            content_security_policy: CspConfig::default(),
            extra: BTreeMap::new(),
        }
    }
}

/// A `site.toml` that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("{location}: cannot read the site configuration: {source}")]
    Read {
        /// The file.
        location: Location,
        /// Why.
        source: std::io::Error,
    },
    /// There is no `site.toml`.
    #[error("{location}: not found. Is this the site's root directory? `site init DIR` makes a new site; a site.toml needs at least title and base-url")]
    Missing {
        /// Where it was looked for.
        location: Location,
    },
    /// The TOML is malformed, has an unknown key or a value of the wrong type.
    #[error("{location}: {message}")]
    Invalid {
        /// File and line of the problem.
        location: Location,
        /// What is wrong, in the TOML parser's words.
        message: String,
    },
}

impl Config {
    /// Parses and validates the text of a `site.toml`; `file` is only used in
    /// error messages.
    pub fn parse(text: &str, file: &Path) -> Result<Self, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| ConfigError::Invalid {
            location: Location::new(
                file,
                e.span().map_or(0, |span| line_of_offset(text, span.start)),
            ),
            message: first_line(e.message()),
        })?;
        if let Some(edit_url) = &config.edit_url {
            if !(edit_url.starts_with("https://") || edit_url.starts_with("http://")) {
                return Err(ConfigError::Invalid {
                    location: Location::new(file, toml_key_line(text, "edit-url").unwrap_or(0)),
                    message: format!(
                        "edit-url must be an absolute http(s) URL to which a page's path is added, \
                         such as 'https://github.com/USER/REPO/edit/main/content/'; got '{edit_url}'"
                    ),
                });
            }
        }
        if let Err(message) = config.content_security_policy.validate() {
            return Err(ConfigError::Invalid {
                location: Location::new(
                    file,
                    toml_key_line(text, "content-security-policy").unwrap_or(0),
                ),
                message,
            });
        }
        config.validate_base_url().map_err(|e| match e {
            ConfigError::Invalid { message, .. } => ConfigError::Invalid {
                location: Location::new(file, toml_key_line(text, "base-url").unwrap_or(0)),
                message,
            },
            other => other,
        })?;
        Ok(config)
    }

    /// Reads and parses `path`. A missing file is an error, not a silent
    /// set of defaults: a site built from the wrong directory would
    /// otherwise publish with someone else's title and base URL.
    pub fn from_file(path: &Path) -> Result<Self, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::parse(&text, path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(ConfigError::Missing {
                location: Location::file(path),
            }),
            Err(source) => Err(ConfigError::Read {
                location: Location::file(path),
                source,
            }),
        }
    }

    /// Checks that `base-url` is an absolute http(s) URL ending in `/`.
    pub fn validate_base_url(&self) -> Result<(), ConfigError> {
        let base = &self.base_url;
        let scheme_ok = base.starts_with("https://") || base.starts_with("http://");
        if !scheme_ok || !base.ends_with('/') {
            return Err(ConfigError::Invalid {
                location: Location::file("--base-url"),
                message: format!(
                    "base-url must be an absolute http(s) URL ending in '/', such as \
                     'https://user.github.io/repo/'; got '{base}'"
                ),
            });
        }
        Ok(())
    }

    /// The path part of `base-url`, always starting and ending with `/`
    /// (`/repo/` for `https://user.github.io/repo/`).
    pub fn base_path(&self) -> &str {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, rest)| rest);
        after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
    }

    /// `base-url` without its trailing slash, for joining with a site path.
    pub fn origin_and_base(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, String> {
        Config::parse(text, Path::new("site.toml")).map_err(|e| e.to_string())
    }

    #[test]
    fn empty_file_gives_defaults() {
        assert_eq!(parse("").unwrap(), Config::default());
    }

    #[test]
    fn unknown_key_names_file_line_and_key() {
        let err = parse("title = \"x\"\n\nbase_url = \"https://a.b/\"\n").unwrap_err();
        assert!(
            err.starts_with("site.toml:3: unknown field `base_url`, expected one of"),
            "{err}"
        );
    }

    #[test]
    fn wrong_type_names_line() {
        let err = parse("title = 3\n").unwrap_err();
        assert!(
            err.starts_with("site.toml:1: invalid type: integer `3`"),
            "{err}"
        );
    }

    #[test]
    fn base_url_must_be_absolute_with_trailing_slash() {
        let err = parse("title = \"t\"\nbase-url = \"https://u.github.io/repo\"\n").unwrap_err();
        assert_eq!(
            err,
            "site.toml:2: base-url must be an absolute http(s) URL ending in '/', such as \
             'https://user.github.io/repo/'; got 'https://u.github.io/repo'"
        );
    }

    #[test]
    fn base_path_is_the_url_path() {
        let config = parse("base-url = \"https://u.github.io/repo/\"").unwrap();
        assert_eq!(config.base_path(), "/repo/");
        assert_eq!(config.origin_and_base(), "https://u.github.io/repo");
        let config = parse("base-url = \"http://127.0.0.1:8000/\"").unwrap();
        assert_eq!(config.base_path(), "/");
    }
}

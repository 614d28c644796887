//! Page front matter: optional TOML between `+++` lines at the top of a
//! markdown file.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::location::{line_of_offset, toml_key_line, Location};

/// What a page may declare about itself.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct FrontMatter {
    /// Page title; defaults to the first heading, then the file name.
    pub title: Option<String>,
    /// Summary for search engines and link previews.
    pub description: Option<String>,
    /// Position in the sidebar and prev/next order (lower first).
    pub weight: Option<i64>,
    /// The page's URL segment; defaults to the file name without `.md`.
    pub slug: Option<String>,
    /// Drafts are not built.
    pub draft: bool,
    /// The error messages (or their distinctive parts) this page fixes, as
    /// a reader would paste them: for templates (`page.fixes`) and search.
    /// Each should appear in the page's text (a warning otherwise).
    pub fixes: Vec<String>,
    /// Free-form values for templates (`page.extra`).
    pub extra: BTreeMap<String, toml::Value>,
    /// What `site test` gives the page's runnable blocks.
    pub test: TestSetup,
}

/// The files and environment every runnable block of a page gets
/// (`[test.files]`, `[test.env]`).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct TestSetup {
    /// Files written into the block's directory, by name (`".env"`).
    pub files: BTreeMap<String, String>,
    /// Environment variables set for the block.
    pub env: BTreeMap<String, String>,
    /// What the block reads on its standard input (for snippets that ask,
    /// such as `read -rs`); nothing by default.
    pub stdin: String,
}

/// A page file split into its parsed front matter and its markdown body.
#[derive(Debug)]
pub struct SplitPage<'a> {
    /// The parsed front matter (defaults when the page has none).
    pub front_matter: FrontMatter,
    /// The markdown after the front matter.
    pub body: &'a str,
    /// 1-based line number in the file where `body` starts.
    pub body_line: usize,
}

/// Front matter that could not be used.
#[derive(Debug, thiserror::Error)]
#[error("{location}: front matter: {message}")]
pub struct FrontMatterError {
    /// File and line of the problem.
    pub location: Location,
    /// What is wrong.
    pub message: String,
}

const DELIMITER: &str = "+++";

/// Splits `text` (the contents of `file`) into front matter and body.
pub fn split<'a>(text: &'a str, file: &Path) -> Result<SplitPage<'a>, FrontMatterError> {
    let text_no_bom = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(after_open) = strip_delimiter_line(text_no_bom) else {
        return Ok(SplitPage {
            front_matter: FrontMatter::default(),
            body: text_no_bom,
            body_line: 1,
        });
    };
    let toml_start = text_no_bom.len() - after_open.len();
    let mut offset = 0;
    let close = after_open.split_inclusive('\n').find_map(|line| {
        let start = offset;
        offset += line.len();
        (line.trim_end() == DELIMITER).then_some((start, offset))
    });
    let Some((close_start, close_end)) = close else {
        return Err(FrontMatterError {
            location: Location::new(file, 1),
            message: "the opening '+++' has no closing '+++' line".to_owned(),
        });
    };
    let toml_text = &after_open[..close_start];
    let front_matter: FrontMatter = toml::from_str(toml_text).map_err(|e| {
        let line = e
            .span()
            .map_or(1, |span| line_of_offset(toml_text, span.start) + 1);
        let message = e.message().lines().next().unwrap_or("").trim().to_owned();
        FrontMatterError {
            location: Location::new(file, line),
            message: bare_word_hint(toml_text.lines().nth(line.saturating_sub(2)).unwrap_or(""))
                .unwrap_or(message),
        }
    })?;
    if let Some(slug) = &front_matter.slug {
        if !is_valid_slug(slug) {
            // The file's line: the TOML starts on the line after `+++`.
            let line = toml_key_line(toml_text, "slug").map_or(1, |l| l + 1);
            return Err(FrontMatterError {
                location: Location::new(file, line),
                message: format!(
                    "slug '{slug}' may only hold lower-case letters, digits and '-' \
                     (it becomes the page's URL)"
                ),
            });
        }
    }
    let body = &after_open[close_end..];
    Ok(SplitPage {
        front_matter,
        body,
        body_line: line_of_offset(text_no_bom, toml_start + close_end),
    })
}

/// TOML's message for `weight = ten` is "invalid boolean" (it read the
/// `t` as the start of `true`): for a value that is a bare word, say what
/// is wrong instead.
fn bare_word_hint(line: &str) -> Option<String> {
    let (key, value) = line.split_once('=')?;
    let (key, value) = (key.trim(), value.trim());
    let bare = value.starts_with(|c: char| c.is_ascii_alphabetic())
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && value != "true"
        && value != "false";
    bare.then(|| {
        format!(
            "{key} = {value}: a bare word is not a TOML value; write a number in digits ({key} = 10), text in quotes ({key} = \"{value}\") \
             or true / false, whichever {key} takes"
        )
    })
}

fn strip_delimiter_line(text: &str) -> Option<&str> {
    let rest = text.strip_prefix(DELIMITER)?;
    let rest = rest.trim_start_matches([' ', '\t']);
    rest.strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))
}

/// A slug is a non-empty run of `a-z`, `0-9` and `-`.
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_ok(text: &str) -> SplitPage<'_> {
        split(text, Path::new("p.md")).unwrap()
    }

    fn split_err(text: &str) -> String {
        split(text, Path::new("p.md")).unwrap_err().to_string()
    }

    #[test]
    fn page_without_front_matter_is_all_body() {
        let page = split_ok("# Hi\n");
        assert_eq!(page.front_matter, FrontMatter::default());
        assert_eq!(page.body, "# Hi\n");
        assert_eq!(page.body_line, 1);
    }

    #[test]
    fn front_matter_is_parsed_and_body_line_counted() {
        let text = "+++\ntitle = \"T\"\nweight = 3\n[extra]\nicon = \"key\"\n+++\n# Body\n";
        let page = split_ok(text);
        assert_eq!(page.front_matter.title.as_deref(), Some("T"));
        assert_eq!(page.front_matter.weight, Some(3));
        assert_eq!(
            page.front_matter.extra["icon"],
            toml::Value::String("key".into())
        );
        assert_eq!(page.body, "# Body\n");
        assert_eq!(page.body_line, 7);
    }

    #[test]
    fn unknown_key_is_an_error_with_its_line() {
        let err = split_err("+++\ntitle = \"T\"\nauthor = \"me\"\n+++\n");
        assert!(
            err.starts_with("p.md:3: front matter: unknown field `author`, expected one of"),
            "{err}"
        );
    }

    #[test]
    fn bad_toml_names_the_line() {
        let err = split_err("+++\ntitle = \"T\"\nweight = \n+++\n");
        assert!(err.starts_with("p.md:3: front matter: "), "{err}");
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        assert_eq!(
            split_err("+++\ntitle = \"T\"\n# body\n"),
            "p.md:1: front matter: the opening '+++' has no closing '+++' line"
        );
    }

    #[test]
    fn bad_slug_is_rejected() {
        assert!(split_err("+++\nslug = \"A B\"\n+++\n")
            .starts_with("p.md:2: front matter: slug 'A B' may only hold"));
    }

    #[test]
    fn crlf_and_bom_are_accepted() {
        let page = split_ok("\u{feff}+++\r\ntitle = \"T\"\r\n+++\r\nbody");
        assert_eq!(page.front_matter.title.as_deref(), Some("T"));
        assert_eq!(page.body, "body");
    }
}

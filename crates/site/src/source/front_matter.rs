//! Page front matter: optional TOML between `+++` lines at the top of a
//! markdown file (as Zola writes it), or YAML between `---` lines (as Hugo
//! does). Keys of those generators are accepted, or warned about when
//! they ask for what this site does not do (see [`crate::source::foreign_keys`]).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::fingerprint::hash_toml_table;
use crate::location::{line_of_offset, Location};
use crate::source::foreign_keys::{self, Foreign};

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

/// Everything the page declared, for the cache of `site serve`: a change
/// to any of it lays the page out again.
impl std::hash::Hash for FrontMatter {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // Named one by one: a new key must be added here to compile.
        let FrontMatter {
            title,
            description,
            weight,
            slug,
            draft,
            fixes,
            extra,
            test,
        } = self;
        (title, description, weight, slug, draft, fixes, test).hash(state);
        hash_toml_table(extra, state);
    }
}

/// The files and environment every runnable block of a page gets
/// (`[test.files]`, `[test.env]`).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Hash)]
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
    /// What was read but deserves a look: blank lines before the front
    /// matter, keys of other generators that change nothing here.
    pub warnings: Vec<FrontMatterError>,
    /// Where the front matter's TOML or YAML is, when the page has some.
    pub data: Option<FrontMatterText>,
}

/// Where a page's front matter stands in its file, to find a key's line
/// when a message needs it (not on every page: most never do).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrontMatterText {
    /// Byte range of the TOML or YAML (delimiters excluded) in the text
    /// given to [`split`].
    pub start: usize,
    /// End of that range.
    pub end: usize,
    /// The file line of its first line.
    pub first_line: usize,
    /// Whether it is YAML (else TOML).
    pub yaml: bool,
}

impl FrontMatterText {
    /// The file line of the top-level `key` in `text` (the text given to
    /// [`split`]).
    pub fn key_line(&self, text: &str, key: &str) -> Option<usize> {
        let data = text.get(self.start..self.end)?;
        let line = if self.yaml {
            yaml_key_line(data, key)?
        } else {
            crate::location::toml_key_line(data, key)?
        };
        Some(self.first_line + line - 1)
    }
}

/// Front matter that could not be used.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{location}: front matter: {message}")]
pub struct FrontMatterError {
    /// File and line of the problem.
    pub location: Location,
    /// What is wrong.
    pub message: String,
}

/// How the front matter is written: TOML between `+++` lines (Zola, and
/// this site), or YAML between `---` lines (Hugo, Jekyll).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Toml,
    Yaml,
}

impl Format {
    fn delimiter(self) -> &'static str {
        match self {
            Format::Toml => "+++",
            Format::Yaml => "---",
        }
    }
}

/// Splits `text` (the contents of `file`) into front matter and body.
/// Every problem of the front matter is reported, not only the first.
pub fn split<'a>(text: &'a str, file: &Path) -> Result<SplitPage<'a>, Vec<FrontMatterError>> {
    let text_no_bom = text.strip_prefix('\u{feff}').unwrap_or(text);
    let no_front_matter = || SplitPage {
        front_matter: FrontMatter::default(),
        body: text_no_bom,
        body_line: 1,
        warnings: Vec::new(),
        data: None,
    };
    // Zola reads front matter after blank lines too; so does this site,
    // with a warning, since other tools show it as text.
    let blank = text_no_bom.len()
        - text_no_bom
            .trim_start_matches(|c: char| c.is_whitespace())
            .len();
    let blank = text_no_bom[..blank].rfind('\n').map_or(0, |i| i + 1);
    let opening = &text_no_bom[blank..];
    let (format, after_open) = match (
        strip_delimiter_line(opening, "+++"),
        strip_delimiter_line(opening, "---"),
    ) {
        (Some(rest), _) => (Format::Toml, rest),
        // `---` after a blank line is a thematic break, not front matter.
        (None, Some(rest)) if blank == 0 => (Format::Yaml, rest),
        _ => return Ok(no_front_matter()),
    };
    let open_line = line_of_offset(text_no_bom, blank);
    let delimiter = format.delimiter();
    let data_start = text_no_bom.len() - after_open.len();
    let mut offset = 0;
    let close = after_open.split_inclusive('\n').find_map(|line| {
        let start = offset;
        offset += line.len();
        (line.trim_end() == delimiter).then_some((start, offset))
    });
    let Some((close_start, close_end)) = close else {
        if format == Format::Yaml {
            // A page that starts with a rule and never closes it.
            return Ok(no_front_matter());
        }
        return Err(vec![FrontMatterError {
            location: Location::new(file, open_line),
            message: format!("the opening '{delimiter}' has no closing '{delimiter}' line"),
        }]);
    };
    let data = &after_open[..close_start];
    // File line of line 1 of `data`.
    let first_line = open_line + 1;
    let mut warnings = Vec::new();
    if blank > 0 {
        warnings.push(FrontMatterError {
            location: Location::new(file, open_line),
            message: format!(
                "blank lines before the opening '{delimiter}': read as front matter, but GitHub and most editors show it as text; start the file with '{delimiter}'"
            ),
        });
    }
    let by_line = |a: &FrontMatterError, b: &FrontMatterError| a.location.cmp(&b.location);
    let front_matter = match format {
        Format::Toml => parse_toml(data, file, first_line, &mut warnings),
        Format::Yaml => parse_yaml(data, file, first_line, &mut warnings),
    }
    .map_err(|mut problems| {
        problems.sort_by(by_line);
        problems
    })?;
    warnings.sort_by(by_line);
    let bom = text.len() - text_no_bom.len();
    let located = FrontMatterText {
        start: bom + data_start,
        end: bom + data_start + close_start,
        first_line,
        yaml: format == Format::Yaml,
    };
    if let Some(slug) = &front_matter.slug {
        if !is_valid_slug(slug) {
            let line = located.key_line(text, "slug").unwrap_or(open_line);
            return Err(vec![FrontMatterError {
                location: Location::new(file, line),
                message: format!(
                    "slug '{slug}' may only hold lower-case letters, digits and '-' \
                     (it becomes the page's URL)"
                ),
            }]);
        }
    }
    let body = &after_open[close_end..];
    Ok(SplitPage {
        front_matter,
        body,
        body_line: line_of_offset(text_no_bom, data_start + close_end),
        warnings,
        data: Some(located),
    })
}

/// What to do with each top-level key: the site's own are kept; Zola's
/// and Hugo's are accepted or warned about; any other is a problem (in
/// TOML, where a misspelt key would otherwise be lost) or, in YAML, where
/// Hugo gives templates every key, kept as `extra` with a warning. Every
/// key is judged, so one run names them all.
enum KeyVerdict {
    Keep,
    Drop,
    ToExtra,
}

fn judge_key(
    key: &str,
    value_text: Option<&str>,
    format: Format,
    location: Location,
    warnings: &mut Vec<FrontMatterError>,
    problems: &mut Vec<FrontMatterError>,
) -> KeyVerdict {
    if foreign_keys::OWN_KEYS.contains(&key) {
        return KeyVerdict::Keep;
    }
    match foreign_keys::classify(key) {
        Some(Foreign::Accepted) => KeyVerdict::Drop,
        Some(Foreign::Ignored(_))
            if key == "sort_by" && value_text.is_some_and(foreign_keys::sort_by_matches) =>
        {
            KeyVerdict::Drop
        }
        Some(Foreign::Ignored(why)) => {
            warnings.push(FrontMatterError {
                location,
                message: format!("`{key}` is ignored here: {why}"),
            });
            KeyVerdict::Drop
        }
        None if format == Format::Yaml => {
            warnings.push(FrontMatterError {
                location,
                message: format!(
                    "unknown key `{key}`: kept for templates as page.extra.{key} (as Hugo keeps it in .Params); if it is misspelt, fix it"
                ),
            });
            KeyVerdict::ToExtra
        }
        None => {
            problems.push(FrontMatterError {
                location,
                message: format!(
                    "unknown key `{key}`; the keys are {} (and other generators' keys such as date, template or sort_by); put your own values under [extra]",
                    foreign_keys::OWN_KEYS.join(", ")
                ),
            });
            KeyVerdict::Drop
        }
    }
}

fn parse_toml(
    data: &str,
    file: &Path,
    first_line: usize,
    warnings: &mut Vec<FrontMatterError>,
) -> Result<FrontMatter, Vec<FrontMatterError>> {
    // Most pages hold only this site's keys: one pass reads them. Only a
    // page with other keys, or a mistake, takes the key-by-key pass below.
    if let Ok(front_matter) = toml::from_str::<FrontMatter>(data) {
        return Ok(front_matter);
    }
    let table: BTreeMap<String, toml::Spanned<toml::Value>> =
        toml::from_str(data).map_err(|e| {
            let line = e.span().map_or(1, |span| line_of_offset(data, span.start));
            let message = e.message().lines().next().unwrap_or("").trim().to_owned();
            vec![FrontMatterError {
                location: Location::new(file, first_line + line - 1),
                message: bare_word_hint(data.lines().nth(line.saturating_sub(1)).unwrap_or(""))
                    .unwrap_or(message),
            }]
        })?;
    let mut problems = Vec::new();
    let mut kept = toml::Table::new();
    let mut key_lines = BTreeMap::new();
    for (key, value) in table {
        let line = first_line + line_of_offset(data, value.span().start) - 1;
        let location = Location::new(file, line);
        let value = value.into_inner();
        match judge_key(
            &key,
            value.as_str(),
            Format::Toml,
            location,
            warnings,
            &mut problems,
        ) {
            KeyVerdict::Keep => {
                key_lines.insert(key.clone(), line);
                kept.insert(key, value);
            }
            KeyVerdict::Drop | KeyVerdict::ToExtra => {}
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let deserialize = |table: toml::Table| FrontMatter::deserialize(toml::Value::Table(table));
    finish(deserialize(kept.clone()), &key_lines, file, |key| {
        let one: toml::Table = kept
            .get(key)
            .map(|v| (key.to_owned(), v.clone()))
            .into_iter()
            .collect();
        deserialize(one).err().map(|e| e.message().to_owned())
    })
}

fn parse_yaml(
    data: &str,
    file: &Path,
    first_line: usize,
    warnings: &mut Vec<FrontMatterError>,
) -> Result<FrontMatter, Vec<FrontMatterError>> {
    use serde_yaml_ng::{Mapping, Value};
    let mapping: Mapping = if data.trim().is_empty() {
        Mapping::new()
    } else {
        serde_yaml_ng::from_str(data).map_err(|e| {
            let line = e.location().map_or(1, |l| l.line());
            let message = e.to_string();
            // Drop serde_yaml's own " at line N column M".
            let message = message
                .split(" at line ")
                .next()
                .unwrap_or(&message)
                .to_owned();
            vec![FrontMatterError {
                location: Location::new(file, first_line + line - 1),
                message: format!("YAML: {message}"),
            }]
        })?
    };
    let mut problems = Vec::new();
    let mut kept = Mapping::new();
    let mut extra = Mapping::new();
    let mut key_lines = BTreeMap::new();
    for (key, value) in mapping {
        let Some(name) = key.as_str().map(str::to_owned) else {
            continue;
        };
        let line = first_line + yaml_key_line(data, &name).unwrap_or(1) - 1;
        let location = Location::new(file, line);
        match judge_key(
            &name,
            value.as_str(),
            Format::Yaml,
            location,
            warnings,
            &mut problems,
        ) {
            KeyVerdict::Keep => {
                key_lines.insert(name, line);
                kept.insert(key, value);
            }
            KeyVerdict::ToExtra if !value.is_null() => {
                extra.insert(key, value);
            }
            KeyVerdict::ToExtra | KeyVerdict::Drop => {}
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if !extra.is_empty() {
        let own = match kept.remove("extra") {
            Some(Value::Mapping(own)) => own,
            _ => Mapping::new(),
        };
        extra.extend(own);
        kept.insert(Value::from("extra"), Value::Mapping(extra));
    }
    let deserialize =
        |mapping: Mapping| serde_yaml_ng::from_value::<FrontMatter>(Value::Mapping(mapping));
    finish(deserialize(kept.clone()), &key_lines, file, |key| {
        let one: Mapping = kept
            .get(key)
            .map(|v| (Value::from(key), v.clone()))
            .into_iter()
            .collect();
        deserialize(one).err().map(|e| e.to_string())
    })
}

/// The front matter, or the error of the first key that does not
/// deserialize alone, at its line.
fn finish<E: std::fmt::Display>(
    result: Result<FrontMatter, E>,
    key_lines: &BTreeMap<String, usize>,
    file: &Path,
    error_of: impl Fn(&str) -> Option<String>,
) -> Result<FrontMatter, Vec<FrontMatterError>> {
    match result {
        Ok(front_matter) => Ok(front_matter),
        Err(e) => {
            let (line, message) = key_lines
                .iter()
                .find_map(|(key, line)| error_of(key).map(|m| (*line, format!("{key}: {m}"))))
                .unwrap_or_else(|| {
                    (
                        key_lines.values().next().copied().unwrap_or(1),
                        e.to_string(),
                    )
                });
            let message = message.lines().next().unwrap_or("").trim().to_owned();
            Err(vec![FrontMatterError {
                location: Location::new(file, line),
                message,
            }])
        }
    }
}

/// The line (1-based, in `data`) of the top-level YAML key `key`: top-level
/// keys start at column 0, plain or quoted.
fn yaml_key_line(data: &str, key: &str) -> Option<usize> {
    data.lines()
        .position(|line| {
            [key.to_owned(), format!("\"{key}\""), format!("'{key}'")]
                .iter()
                .any(|k| {
                    line.strip_prefix(k.as_str())
                        .is_some_and(|rest| rest.trim_start().starts_with(':'))
                })
        })
        .map(|i| i + 1)
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

fn strip_delimiter_line<'t>(text: &'t str, delimiter: &str) -> Option<&'t str> {
    let rest = text.strip_prefix(delimiter)?;
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
        let errors = split(text, Path::new("p.md")).unwrap_err();
        errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
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
        let err = split_err("+++\ntitle = \"T\"\nauthr = \"me\"\ntitel = 2\n+++\n");
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 2, "every unknown key at once: {err}");
        assert!(
            lines[0].starts_with("p.md:3: front matter: unknown key `authr`; the keys are title,"),
            "{err}"
        );
        assert!(
            lines[1].starts_with("p.md:4: front matter: unknown key `titel`"),
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
    fn zola_keys_are_accepted_or_warned_about_each_at_its_line() {
        let text = "+++\ntitle = \"T\"\ndate = 2024-01-01\nsort_by = \"weight\"\ntemplate = \"x.html\"\naliases = [\"/a/\"]\n[taxonomies]\ntags = [\"a\"]\n+++\nbody";
        let page = split_ok(text);
        assert_eq!(page.front_matter.title.as_deref(), Some("T"));
        let warnings: Vec<String> = page.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings[0].starts_with("p.md:5: front matter: `template` is ignored here"),
            "{warnings:?}"
        );
        assert!(
            warnings[1].starts_with("p.md:6: front matter: `aliases` is ignored here"),
            "{warnings:?}"
        );
        let data = page.data.expect("front matter");
        assert_eq!(data.key_line(text, "title"), Some(2));
    }

    #[test]
    fn a_wrong_type_names_its_key_and_line() {
        let err = split_err("+++\ntitle = \"T\"\ndraft = \"yes\"\n+++\n");
        assert!(
            err.starts_with("p.md:3: front matter: draft: invalid type"),
            "{err}"
        );
        let err = split_err("---\ntitle: T\nweight: heavy\n---\n");
        assert!(
            err.starts_with("p.md:3: front matter: weight: invalid type"),
            "{err}"
        );
    }

    #[test]
    fn yaml_front_matter_is_read() {
        let page =
            split_ok("---\ntitle: \"T\"\ndraft: true\ntags: [a, b]\nmood: calm\n---\n# Body\n");
        assert_eq!(page.front_matter.title.as_deref(), Some("T"));
        assert!(page.front_matter.draft);
        assert_eq!(page.body, "# Body\n");
        assert_eq!(page.body_line, 7);
        assert_eq!(
            page.front_matter.extra["mood"],
            toml::Value::String("calm".into())
        );
        assert_eq!(page.warnings.len(), 1, "{:?}", page.warnings);
        assert!(page.warnings[0]
            .to_string()
            .starts_with("p.md:5: front matter: unknown key `mood`"));
        let err = split_err("---\ntitle: T\ntags: [a, b\n---\n");
        assert!(err.starts_with("p.md:"), "{err}");
        assert!(err.contains("YAML: "), "{err}");
    }

    #[test]
    fn a_rule_is_not_front_matter() {
        let page = split_ok("Text\n\n---\n\nMore\n");
        assert_eq!(page.body, "Text\n\n---\n\nMore\n");
        let page = split_ok("\n---\ntitle: x\n---\n");
        assert_eq!(page.front_matter, FrontMatter::default());
    }

    #[test]
    fn front_matter_after_blank_lines_is_read_with_a_warning() {
        let text = "\n\n+++\ntitle = \"T\"\ndraft = true\n+++\n# Body\n";
        let page = split_ok(text);
        assert!(page.front_matter.draft);
        assert_eq!(page.body, "# Body\n");
        assert_eq!(page.body_line, 7);
        let data = page.data.expect("front matter");
        assert_eq!(data.key_line(text, "draft"), Some(5));
        assert_eq!(page.warnings.len(), 1);
        assert!(page.warnings[0]
            .to_string()
            .starts_with("p.md:3: front matter: blank lines before the opening '+++'"));
    }

    #[test]
    fn crlf_and_bom_are_accepted() {
        let page = split_ok("\u{feff}+++\r\ntitle = \"T\"\r\n+++\r\nbody");
        assert_eq!(page.front_matter.title.as_deref(), Some("T"));
        assert_eq!(page.body, "body");
    }
}

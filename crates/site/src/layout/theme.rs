//! The theme: Tera templates and static files (CSS, JS, icons). The default
//! theme is compiled into the binary; a file of the same name in the site's
//! `theme/` directory replaces the built-in one, file by file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;

use crate::location::Location;

macro_rules! builtin {
    ($name:literal) => {
        (
            $name,
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/theme/", $name)),
        )
    };
}

/// The built-in templates, by name.
pub(crate) const BUILTIN_TEMPLATES: [(&str, &str); 8] = [
    builtin!("base.html"),
    builtin!("page.html"),
    builtin!("404.html"),
    builtin!("all-pages.html"),
    builtin!("widget.html"),
    builtin!("macros.html"),
    builtin!("sitemap.xml"),
    builtin!("robots.txt"),
];

/// The built-in static files, by name. They are fingerprinted when written.
pub(crate) const BUILTIN_STATIC: [(&str, &str); 3] = [
    builtin!("style.css"),
    builtin!("site.js"),
    builtin!("favicon.svg"),
];

/// A template or theme file that could not be used.
#[derive(Debug, thiserror::Error)]
#[error("{location}: {message}")]
pub struct ThemeError {
    /// The file (and line, when known).
    pub location: Location,
    /// What is wrong.
    pub message: String,
}

/// Templates ready to render, and the static files to publish.
#[derive(Debug)]
pub(crate) struct Theme {
    /// The compiled templates.
    pub tera: Tera,
    /// Static files by name (`style.css`), user overrides applied.
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// Where each template came from, for error messages.
    origins: BTreeMap<String, PathBuf>,
    /// Each template's text, to find the line a render error points at.
    sources: BTreeMap<String, String>,
}

impl Theme {
    /// Loads the built-in theme with the overrides found in `dir` (which may
    /// not exist).
    pub(crate) fn load(dir: &Path) -> Result<Self, ThemeError> {
        Self::with_files(dir, theme_files(dir)?)
    }

    /// The built-in theme alone (for a book, whose `theme/` holds mdBook's
    /// Handlebars templates, not this site's).
    pub(crate) fn builtin() -> Result<Self, ThemeError> {
        Self::with_files(Path::new(""), Vec::new())
    }

    fn with_files(dir: &Path, files: Vec<PathBuf>) -> Result<Self, ThemeError> {
        let mut templates: BTreeMap<String, String> = BUILTIN_TEMPLATES
            .iter()
            .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
            .collect();
        let mut origins: BTreeMap<String, PathBuf> = BUILTIN_TEMPLATES
            .iter()
            .map(|(name, _)| {
                (
                    (*name).to_owned(),
                    PathBuf::from(format!("<built-in theme>/{name}")),
                )
            })
            .collect();
        let mut static_files: BTreeMap<String, Vec<u8>> = BUILTIN_STATIC
            .iter()
            .map(|(name, text)| ((*name).to_owned(), text.as_bytes().to_vec()))
            .collect();

        for path in files {
            let name = path
                .strip_prefix(dir)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            let read_error = |e: std::io::Error| ThemeError {
                location: Location::file(&path),
                message: format!("cannot read theme file: {e}"),
            };
            let is_template = name.ends_with(".html")
                || name.ends_with(".xml")
                || BUILTIN_TEMPLATES
                    .iter()
                    .any(|(builtin, _)| *builtin == name);
            if is_template {
                let text = std::fs::read_to_string(&path).map_err(read_error)?;
                templates.insert(name.clone(), text);
                origins.insert(name, path);
            } else {
                static_files.insert(name, std::fs::read(&path).map_err(read_error)?);
            }
        }

        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| {
                let chain = error_chain(&e);
                let name = origins
                    .keys()
                    .find(|n| chain.contains(&format!("'{n}'")))
                    .cloned()
                    .unwrap_or_default();
                template_error(&origins, &name, &e)
            })?;
        check_recursion(&tera, &origins, &templates)?;
        Ok(Self {
            tera,
            static_files,
            origins,
            sources: templates,
        })
    }

    /// A hash of every template and static file, to tell whether the theme
    /// changed between two builds.
    pub(crate) fn fingerprint(&self) -> u64 {
        crate::fingerprint::hash_of((&self.sources, &self.static_files))
    }

    /// A template's text and the file it came from (`<built-in theme>/…`
    /// for a built-in one).
    pub(crate) fn source(&self, name: &str) -> Option<(&Path, &str)> {
        Some((
            self.origins.get(name)?.as_path(),
            self.sources.get(name)?.as_str(),
        ))
    }

    /// Renders `template` with `context`, turning Tera's error into one that
    /// names the template file.
    pub(crate) fn render(
        &self,
        template: &str,
        context: &tera::Context,
    ) -> Result<String, ThemeError> {
        self.tera.render(template, context).map_err(|e| {
            let mut error = template_error(&self.origins, template, &e);
            if error.location.line == 0 {
                if let Some((name, line)) = self.locate(template, &error_chain(&e)) {
                    error.location = Location::new(self.origins[&name].clone(), line);
                }
            }
            error
        })
    }

    /// Tera's render errors carry no line, but they quote what failed
    /// (`Filter 'x' not found`, `Variable `y` not found`). Finds the first
    /// template line using it, in `template` first, then in the others
    /// (the failure may be in a parent or an include).
    fn locate(&self, template: &str, chain: &str) -> Option<(String, usize)> {
        let quoted = chain
            .split(['\'', '`'])
            .skip(1)
            .step_by(2)
            .filter(|q| !q.is_empty() && !self.sources.contains_key(*q));
        let order = std::iter::once(template).chain(self.sources.keys().map(String::as_str));
        for needle in quoted {
            for name in order.clone() {
                let Some(text) = self.sources.get(name) else {
                    continue;
                };
                if let Some(index) = text.lines().position(|l| l.contains(needle)) {
                    return Some((name.to_owned(), index + 1));
                }
            }
        }
        None
    }
}

fn theme_files(dir: &Path) -> Result<Vec<PathBuf>, ThemeError> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let entries = match std::fs::read_dir(&current) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && current == dir => {
                return Ok(files)
            }
            Err(e) => {
                return Err(ThemeError {
                    location: Location::file(&current),
                    message: format!("cannot list theme directory: {e}"),
                })
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if hidden {
                continue;
            }
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(inner) = source {
        text.push('\n');
        text.push_str(&inner.to_string());
        source = inner.source();
    }
    text
}

/// Tera reports parse errors as ` --> LINE:COL` followed by a pest excerpt;
/// keep the line and the explanation, drop the art.
fn template_error(origins: &BTreeMap<String, PathBuf>, name: &str, e: &tera::Error) -> ThemeError {
    let chain = error_chain(e);
    let file = origins
        .get(name)
        .cloned()
        .unwrap_or_else(|| PathBuf::from(name));
    let line = chain
        .split("--> ")
        .nth(1)
        .and_then(|rest| rest.split(':').next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    let explanation = chain
        .lines()
        .map(str::trim)
        .filter(|l| {
            !l.is_empty()
                && !l.starts_with("-->")
                && !l.starts_with('|')
                && !l.chars().next().is_some_and(|c| c.is_ascii_digit())
        })
        .map(|l| l.trim_start_matches("= ").to_owned())
        .collect::<Vec<_>>()
        .join(": ");
    ThemeError {
        location: Location::new(file, line),
        message: format!("template error: {explanation}"),
    }
}

/// Escapes text for HTML element content and quoted attributes. Unlike
/// Tera's default it leaves `/` alone, so URLs stay readable in the output.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut rest = text;
    // Copies the runs between special characters whole: Tera calls this for
    // every value a template prints, and most have nothing to escape.
    while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
    out
}

/// Tera has no recursion limit: a macro that calls itself (directly or
/// through others) or a template that includes itself overflows the stack
/// and kills the process. Such cycles are refused up front with the file and
/// line. Tera's AST types are private, so calls are read from its `Debug`
/// form, which names every `MacroCall { namespace, name }` and `Include`.
fn check_recursion(
    tera: &Tera,
    origins: &BTreeMap<String, PathBuf>,
    sources: &BTreeMap<String, String>,
) -> Result<(), ThemeError> {
    // Nodes are "file#macro" for macros and "file" for includes.
    let mut edges: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, template) in &tera.templates {
        for (macro_name, definition) in &template.macros {
            let body = format!("{:?}", definition.body);
            let node = format!("{name}#{macro_name}");
            for (namespace, called) in debug_macro_calls(&body) {
                let file = if namespace == "self" {
                    Some(name.clone())
                } else {
                    template
                        .imported_macro_files
                        .iter()
                        .find(|(_, ns)| *ns == namespace)
                        .map(|(file, _)| file.clone())
                };
                if let Some(file) = file {
                    edges
                        .entry(node.clone())
                        .or_default()
                        .push(format!("{file}#{called}"));
                }
            }
        }
        let ast = format!("{:?}", template.ast);
        for included in debug_includes(&ast) {
            edges.entry(name.clone()).or_default().push(included);
        }
    }
    for start in edges.keys() {
        let mut stack = vec![(start.clone(), 0_usize)];
        let mut seen = std::collections::BTreeSet::new();
        while let Some((node, depth)) = stack.pop() {
            for next in edges.get(&node).into_iter().flatten() {
                if next == start {
                    let (file, item) = start.split_once('#').unwrap_or((start.as_str(), ""));
                    let what = if item.is_empty() {
                        format!(
                            "template includes itself{}",
                            if depth > 0 {
                                " through other templates"
                            } else {
                                ""
                            }
                        )
                    } else {
                        format!(
                            "macro `{item}` calls itself{}",
                            if depth > 0 {
                                " through other macros"
                            } else {
                                ""
                            }
                        )
                    };
                    let needle = if item.is_empty() {
                        "include".to_owned()
                    } else {
                        format!("macro {item}")
                    };
                    let line = sources
                        .get(file)
                        .and_then(|text| text.lines().position(|l| l.contains(&needle)))
                        .map_or(0, |i| i + 1);
                    return Err(ThemeError {
                        location: Location::new(
                            origins.get(file).cloned().unwrap_or_else(|| PathBuf::from(file)),
                            line,
                        ),
                        message: format!(
                            "template error: {what}; recursive templates are not supported (an endless one would crash the build)"
                        ),
                    });
                }
                if seen.insert(next.clone()) {
                    stack.push((next.clone(), depth + 1));
                }
            }
        }
    }
    Ok(())
}

/// `(namespace, name)` of every `MacroCall { namespace: "…", name: "…"` in
/// Tera's Debug output.
fn debug_macro_calls(debug: &str) -> Vec<(String, String)> {
    let mut calls = Vec::new();
    for chunk in debug.split("MacroCall { namespace: \"").skip(1) {
        let Some((namespace, rest)) = chunk.split_once('"') else {
            continue;
        };
        let Some(rest) = rest.strip_prefix(", name: \"") else {
            continue;
        };
        if let Some((name, _)) = rest.split_once('"') {
            calls.push((namespace.to_owned(), name.to_owned()));
        }
    }
    calls
}

/// Template names in every `Include(WS { … }, ["a.html", …], …)` of Tera's
/// Debug output.
fn debug_includes(debug: &str) -> Vec<String> {
    let mut names = Vec::new();
    for chunk in debug.split("Include(").skip(1) {
        let Some(list) = chunk
            .split_once('[')
            .and_then(|(_, rest)| rest.split_once(']'))
        else {
            continue;
        };
        names.extend(
            list.0
                .split(',')
                .map(|n| n.trim().trim_matches('"').to_owned())
                .filter(|n| !n.is_empty()),
        );
    }
    names
}

#[cfg(test)]
mod tests {
    use super::escape_html;

    #[test]
    fn escapes_every_special_character_and_keeps_the_rest() {
        assert_eq!(escape_html("plain é 😀"), "plain é 😀");
        assert_eq!(
            escape_html(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(escape_html(""), "");
    }
}

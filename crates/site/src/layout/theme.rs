//! The theme: Tera templates and static files (CSS, JS, icons). The default
//! theme is compiled into the binary; a file of the same name in the site's
//! `theme/` directory replaces the built-in one, file by file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use tera::ast::{Expr, ExprVal, FunctionCall, Node};
use tera::Tera;

use super::minify;
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
pub(crate) const BUILTIN_STATIC: [(&str, &str); 4] = [
    builtin!("style.css"),
    builtin!("site.js"),
    builtin!("search.js"),
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

/// The built-in static files as published, minified once per process:
/// `site serve` loads the theme on every rebuild, and they never change.
fn builtin_static_files() -> &'static BTreeMap<String, Vec<u8>> {
    static FILES: OnceLock<BTreeMap<String, Vec<u8>>> = OnceLock::new();
    FILES.get_or_init(|| {
        BUILTIN_STATIC
            .iter()
            .map(|(name, text)| {
                let bytes = minify::asset(name, text.as_bytes().to_vec());
                ((*name).to_owned(), bytes)
            })
            .collect()
    })
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
        let mut static_files = builtin_static_files().clone();

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
                let bytes = std::fs::read(&path).map_err(read_error)?;
                static_files.insert(name.clone(), minify::asset(&name, bytes));
            }
        }

        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        // Parsed one by one first, so a syntax error is pinned to its own
        // file by name rather than found again in Tera's message text.
        for (name, text) in &templates {
            tera::Template::new(name, None, text)
                .map_err(|e| template_error(&origins, name, &e))?;
        }
        // What is left to fail here is between templates (a parent that
        // does not exist, a macro import); Tera names the one that asks.
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
/// line. Calls and includes are read from Tera's syntax tree
/// ([`References`]).
fn check_recursion(
    tera: &Tera,
    origins: &BTreeMap<String, PathBuf>,
    sources: &BTreeMap<String, String>,
) -> Result<(), ThemeError> {
    // Nodes are "file#macro" for macros and "file" for includes.
    let mut edges: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, template) in &tera.templates {
        for (macro_name, definition) in &template.macros {
            let node = format!("{name}#{macro_name}");
            for (namespace, called) in References::of(&definition.body).macro_calls {
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
        for included in References::of(&template.ast).includes {
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

/// What a part of a template refers to: the macros it calls (`namespace`,
/// `name`) and the templates it includes, wherever they sit (in a block, a
/// loop, a condition, a filter's or another call's arguments).
///
/// It walks Tera's syntax tree (`tera::ast`, public but outside Tera's
/// semver promise): the matches name every kind of node and expression,
/// so a Tera release that adds one fails to compile here instead of
/// hiding a call from the recursion check.
#[derive(Debug, Default)]
struct References {
    macro_calls: Vec<(String, String)>,
    includes: Vec<String>,
}

impl References {
    fn of(nodes: &[Node]) -> Self {
        let mut references = Self::default();
        references.nodes(nodes);
        references
    }

    fn nodes(&mut self, nodes: &[Node]) {
        for node in nodes {
            match node {
                Node::VariableBlock(_, expr) => self.expr(expr),
                Node::MacroDefinition(_, definition, _) => {
                    definition
                        .args
                        .values()
                        .flatten()
                        .for_each(|e| self.expr(e));
                    self.nodes(&definition.body);
                }
                Node::Include(_, names, _) => self.includes.extend(names.iter().cloned()),
                Node::Set(_, set) => self.expr(&set.value),
                Node::FilterSection(_, section, _) => {
                    self.call(&section.filter);
                    self.nodes(&section.body);
                }
                Node::Block(_, block, _) => self.nodes(&block.body),
                Node::Forloop(_, forloop, _) => {
                    self.expr(&forloop.container);
                    self.nodes(&forloop.body);
                    if let Some(empty) = &forloop.empty_body {
                        self.nodes(empty);
                    }
                }
                Node::If(branches, _) => {
                    for (_, condition, body) in &branches.conditions {
                        self.expr(condition);
                        self.nodes(body);
                    }
                    if let Some((_, body)) = &branches.otherwise {
                        self.nodes(body);
                    }
                }
                Node::Super
                | Node::Text(_)
                | Node::Extends(..)
                | Node::ImportMacro(..)
                | Node::Raw(..)
                | Node::Break(_)
                | Node::Continue(_)
                | Node::Comment(..) => {}
            }
        }
    }

    fn expr(&mut self, expr: &Expr) {
        self.value(&expr.val);
        for filter in &expr.filters {
            self.call(filter);
        }
    }

    fn call(&mut self, call: &FunctionCall) {
        call.args.values().for_each(|e| self.expr(e));
    }

    fn value(&mut self, value: &ExprVal) {
        match value {
            ExprVal::MacroCall(call) => {
                self.macro_calls
                    .push((call.namespace.clone(), call.name.clone()));
                call.args.values().for_each(|e| self.expr(e));
            }
            ExprVal::FunctionCall(call) => self.call(call),
            ExprVal::Math(math) => {
                self.expr(&math.lhs);
                self.expr(&math.rhs);
            }
            ExprVal::Logic(logic) => {
                self.expr(&logic.lhs);
                self.expr(&logic.rhs);
            }
            ExprVal::In(within) => {
                self.expr(&within.lhs);
                self.expr(&within.rhs);
            }
            ExprVal::Test(test) => test.args.iter().for_each(|e| self.expr(e)),
            ExprVal::Array(items) => items.iter().for_each(|e| self.expr(e)),
            ExprVal::StringConcat(concat) => concat.values.iter().for_each(|v| self.value(v)),
            ExprVal::String(_)
            | ExprVal::Int(_)
            | ExprVal::Float(_)
            | ExprVal::Bool(_)
            | ExprVal::Ident(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The theme with `overrides` (name, text) on top of the built-in one.
    fn theme_with(overrides: &[(&str, &str)]) -> Result<Theme, ThemeError> {
        let dir = tempfile::tempdir().expect("temp dir");
        let files = overrides
            .iter()
            .map(|(name, text)| {
                let path = dir.path().join(name);
                std::fs::write(&path, text).expect("write");
                path
            })
            .collect();
        Theme::with_files(dir.path(), files)
    }

    fn refused(overrides: &[(&str, &str)]) -> ThemeError {
        theme_with(overrides).expect_err("a recursive theme is refused")
    }

    #[test]
    fn a_syntax_error_names_its_own_file_even_when_its_line_quotes_another() {
        // The failing line names base.html, which sorts before page.html:
        // finding the file in Tera's message text would blame base.html.
        let err = refused(&[(
            "page.html",
            "{% extends 'base.html' %}{% block main %}{% if %}{% endblock main %}",
        )]);
        assert!(
            err.location.to_string().ends_with("page.html:1"),
            "{}",
            err.location
        );
        assert!(err.message.starts_with("template error:"), "{err}");
    }

    #[test]
    fn recursion_is_found_wherever_the_call_or_include_sits() {
        // Each would overflow the stack when rendered.
        let err = refused(&[("a.html", "x\n{% include \"a.html\" %}")]);
        assert!(err.message.contains("template includes itself;"), "{err}");
        assert_eq!(err.location.line, 2, "{err}");
        let err = refused(&[
            ("a.html", "{% include \"b.html\" %}"),
            (
                "b.html",
                "{% for x in xs %}{% include \"a.html\" %}{% endfor %}",
            ),
        ]);
        assert!(err.message.contains("through other templates"), "{err}");
        for body in [
            "{{ self::m(n=1) }}",
            "{% if n > 0 %}{{ self::m(n=n - 1) | upper }}{% endif %}",
            "{% set y = self::m(n=1) %}",
            "{{ [1, self::m(n=1)] | length }}",
            "{% filter upper %}{% for i in [self::m(n=1)] %}{% endfor %}{% endfilter %}",
            "{{ n | default(value=self::m(n=1)) }}",
        ] {
            let text = format!("{{% macro m(n) %}}{body}{{% endmacro m %}}");
            let err = refused(&[("m.html", &text)]);
            assert!(
                err.message.contains("macro `m` calls itself"),
                "{body}: {err}"
            );
        }
        let err = refused(&[
            (
                "m.html",
                "{% import \"n.html\" as n %}{% macro a() %}{{ n::b() }}{% endmacro a %}",
            ),
            (
                "n.html",
                "{% import \"m.html\" as m %}{% macro b() %}{{ m::a() }}{% endmacro b %}",
            ),
        ]);
        assert!(err.message.contains("through other macros"), "{err}");
    }

    #[test]
    fn built_in_and_overriding_stylesheets_are_published_minified() {
        let theme =
            theme_with(&[("extra.css", "/* mine */\n.a { color: red; }\n")]).expect("theme");
        let text = |name: &str| String::from_utf8(theme.static_files[name].clone()).expect("utf-8");
        assert_eq!(text("extra.css").trim(), ".a{color:red;}");
        let style = text("style.css");
        assert!(
            !style.contains("/*") && !style.contains("\n  "),
            "{}",
            &style[..200]
        );
        // The theme's source keeps its comments (scaffold copies it as written).
        assert!(BUILTIN_STATIC
            .iter()
            .any(|(n, t)| *n == "style.css" && t.contains("/*")));
    }

    #[test]
    fn calls_and_includes_without_a_cycle_are_fine() {
        theme_with(&[
            (
                "m.html",
                "{% macro a() %}{{ self::b() }}{% endmacro a %}{% macro b() %}b{% endmacro b %}",
            ),
            ("x.html", "{% include \"y.html\" %}{% include \"y.html\" %}"),
            ("y.html", "{% import \"m.html\" as m %}{{ m::a() }}"),
        ])
        .expect("no recursion");
    }

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

//! A widget's worded templates against its manifest. A widget that shows
//! verdicts and notes (keydoctor's checker) keeps their words in its
//! template, one `<template data-verdict="ID">` per verdict and one
//! `<template data-note="ID">` per note about the form's fields, and
//! declares in its manifest the ids its code can produce. A template
//! missing for one of them would leave a reader with an empty card or
//! message; one for an id the code never produces is dead text a writer
//! keeps editing. Both stop `site build` and `site check`, naming the id,
//! the file and the line.

use std::path::{Path, PathBuf};

use crate::layout::theme::Theme;
use crate::layout::widget_manifest::WidgetManifest;
use crate::location::Location;
use crate::problem::Problem;

/// The widget's template, where the search starts.
const WIDGET_TEMPLATE: &str = "widget.html";

/// What a worded template words: its attribute and the manifest's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `<template data-verdict="ID">`, the manifest's `verdicts`.
    Verdict,
    /// `<template data-note="ID">`, the manifest's `notes`.
    Note,
}

impl Kind {
    fn attribute(self) -> &'static str {
        match self {
            Kind::Verdict => "data-verdict",
            Kind::Note => "data-note",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Kind::Verdict => "verdict",
            Kind::Note => "note",
        }
    }
}

/// One `<template data-verdict="ID">` (or `data-note`) found in a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// The id.
    pub(crate) id: String,
    /// The template file (as given by the theme) and the line.
    pub(crate) file: PathBuf,
    /// 1-based line of the `<template` tag.
    pub(crate) line: usize,
}

/// Every `<template data-verdict="ID">` (or `data-note`, as `kind` says) of
/// `widget.html` and of the templates it includes, in order. Tera and HTML
/// comments are skipped.
pub(crate) fn found(theme: &Theme, kind: Kind) -> Vec<Found> {
    let mut found = Vec::new();
    let mut pending = vec![WIDGET_TEMPLATE.to_owned()];
    let mut seen: Vec<String> = Vec::new();
    while let Some(name) = pending.pop() {
        if seen.contains(&name) {
            continue;
        }
        let Some((file, text)) = theme.source(&name) else {
            continue;
        };
        let text = blank_comments(text);
        for (id, line) in templates(&text, kind.attribute()) {
            found.push(Found {
                id,
                file: file.to_path_buf(),
                line,
            });
        }
        pending.extend(includes(&text));
        seen.push(name);
    }
    found
}

/// The problems of a theme whose verdict and note templates do not match
/// the ids a widget declares; `shown` turns a file into the path to show.
pub(crate) fn check(
    theme: &Theme,
    manifest: &WidgetManifest,
    shown: &dyn Fn(&Path) -> PathBuf,
) -> Vec<Problem> {
    let mut problems = check_kind(theme, Kind::Verdict, &manifest.verdicts, shown);
    problems.extend(check_kind(theme, Kind::Note, &manifest.notes, shown));
    problems
}

/// [`check`] for one kind of template.
fn check_kind(
    theme: &Theme,
    kind: Kind,
    declared: &[String],
    shown: &dyn Fn(&Path) -> PathBuf,
) -> Vec<Problem> {
    let found = found(theme, kind);
    let (attribute, noun) = (kind.attribute(), kind.noun());
    let mut problems = Vec::new();
    let at = |file: &Path, line| Location::new(shown(file), line);
    for (i, template) in found.iter().enumerate() {
        if let Some(first) = found[..i].iter().find(|f| f.id == template.id) {
            problems.push(Problem::new(
                at(&template.file, template.line),
                format!(
                    "a second <template {attribute}=\"{}\"> (the first is at line {}); keep one",
                    template.id, first.line
                ),
            ));
        } else if !declared.contains(&template.id) {
            problems.push(Problem::new(
                at(&template.file, template.line),
                format!(
                    "<template {attribute}=\"{}\">: the widget cannot produce {noun} \"{}\" (its widget.json does not declare it); remove the template or fix its id",
                    template.id, template.id
                ),
            ));
        }
    }
    // A missing one is reported where the templates of its kind are (after
    // the last), or at the top of the widget's template when there are none.
    let (file, line) = match (found.last(), theme.source(WIDGET_TEMPLATE)) {
        (Some(last), _) => (last.file.clone(), last.line),
        (None, Some((file, _))) => (file.to_path_buf(), 1),
        (None, None) => (PathBuf::from(WIDGET_TEMPLATE), 0),
    };
    for id in declared {
        if !found.iter().any(|f| &f.id == id) {
            problems.push(Problem::new(
                at(&file, line),
                format!(
                    "no <template {attribute}=\"{id}\"> for {noun} \"{id}\", which the widget can produce (its widget.json declares it); add one"
                ),
            ));
        }
    }
    problems
}

/// `text` with `{# … #}` and `<!-- … -->` replaced by spaces, lines kept.
fn blank_comments(text: &str) -> String {
    let mut out = text.to_owned();
    for (open, close) in [("{#", "#}"), ("<!--", "-->")] {
        let mut from = 0;
        while let Some(start) = out[from..].find(open).map(|i| i + from) {
            let end = out[start..]
                .find(close)
                .map_or(out.len(), |i| start + i + close.len());
            let blank: String = out[start..end]
                .chars()
                .map(|c| if c == '\n' { '\n' } else { ' ' })
                .collect();
            out.replace_range(start..end, &blank);
            from = start + blank.len();
        }
    }
    out
}

/// Each `<template …>` tag's `attribute` value, with its line.
fn templates(text: &str, attribute: &str) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    let needle = format!(" {attribute}=\"");
    for (start, _) in text.match_indices("<template") {
        let tag = &text[start..text[start..].find('>').map_or(text.len(), |i| start + i)];
        let Some(at) = tag.find(&needle) else {
            continue;
        };
        let value = &tag[at + needle.len()..];
        let id = &value[..value.find('"').unwrap_or(value.len())];
        let line = text[..start].matches('\n').count() + 1;
        found.push((id.to_owned(), line));
    }
    found
}

/// The templates `{% include "…" %}` names.
fn includes(text: &str) -> Vec<String> {
    text.match_indices("{%")
        .filter_map(|(start, _)| {
            let tag = text[start + 2..].trim_start_matches('-').trim_start();
            let rest = tag.strip_prefix("include")?.trim_start();
            let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
            let name = &rest[1..];
            Some(name[..name.find(quote)?].to_owned())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_found_with_their_lines_comments_skipped() {
        let text = "{# <template data-verdict=\"in-comment\"> #}\n<template data-verdict=\"a\">\n</template>\n<!-- <template data-verdict=\"html-comment\"> -->\n  <template id=\"x\" data-verdict=\"b-2\" class=\"c\"></template>\n<div data-verdict=\"not-a-template\"></div>";
        let found = templates(&blank_comments(text), "data-verdict");
        assert_eq!(found, [("a".to_owned(), 2), ("b-2".to_owned(), 5)]);
        let text =
            "<template data-note=\"n\"></template>\n<template data-verdict=\"v\" data-note=\"m\">";
        assert_eq!(
            templates(text, "data-note"),
            [("n".to_owned(), 1), ("m".to_owned(), 2)]
        );
        assert_eq!(templates(text, "data-verdict"), [("v".to_owned(), 2)]);
    }

    #[test]
    fn includes_are_followed() {
        assert_eq!(
            includes("{% include \"verdicts.html\" %}{%- include 'more.html' -%}{% if x %}"),
            ["verdicts.html", "more.html"]
        );
    }
}

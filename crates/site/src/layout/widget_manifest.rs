//! The manifest an embedded widget's build writes beside its files
//! (`widget.json`), so the generator needs to know nothing about the widget:
//! its module and wasm files, its stylesheets, which origins its page may
//! connect to (the CSP's `connect-src`) and a free-form context its
//! template gets as `widget` (menus, a fallback command). `parse` reads the
//! text; `WidgetAssets::load` reads the files. The widget's build writes
//! the manifest from this same type (`cargo xtask`), so the two cannot
//! disagree on its shape.

use serde::{Deserialize, Serialize};

/// The manifest's file name, in the widget's directory.
pub const MANIFEST_FILE: &str = "widget.json";

/// What a widget needs from the page around it.
#[derive(Debug, Clone, PartialEq, Hash, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WidgetManifest {
    /// The wasm-bindgen module (`--target web`), whose default export
    /// starts the widget given its wasm.
    #[serde(default = "default_glue")]
    pub glue: String,
    /// The WebAssembly module.
    #[serde(default = "default_wasm")]
    pub wasm: String,
    /// Stylesheets the widget's page loads, after the theme's.
    #[serde(default)]
    pub styles: Vec<String>,
    /// Origins (`scheme://host[:port]`) the widget's page may connect to.
    #[serde(default)]
    pub connect: Vec<String>,
    /// Given to the widget's template as `widget`.
    #[serde(default)]
    pub context: serde_json::Value,
    /// The verdict ids the widget can produce. Its template (`widget.html`,
    /// or a template it includes) must hold one `<template
    /// data-verdict="ID">` for each, and none for any other id; `site build`
    /// and `site check` refuse a theme that does not (see
    /// [`crate::layout::widget_verdicts`]).
    #[serde(default)]
    pub verdicts: Vec<String>,
    /// The note ids (about the form's fields, before anything is sent) the
    /// widget can produce; its template must hold one `<template
    /// data-note="ID">` for each, and none for any other id, checked as
    /// the verdicts are.
    #[serde(default)]
    pub notes: Vec<String>,
}

fn default_glue() -> String {
    "widget.js".to_owned()
}

fn default_wasm() -> String {
    "widget_bg.wasm".to_owned()
}

impl Default for WidgetManifest {
    fn default() -> Self {
        Self {
            glue: default_glue(),
            wasm: default_wasm(),
            styles: Vec::new(),
            connect: Vec::new(),
            context: serde_json::Value::Null,
            verdicts: Vec::new(),
            notes: Vec::new(),
        }
    }
}

/// A manifest that cannot be used, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ManifestError {
    /// Not JSON of the manifest's shape.
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What serde_json said.
        message: String,
    },
    /// A file name is a path: the widget's files sit beside its manifest.
    #[error("{0:?} is not a file name of the widget's directory (no folders, no ..)")]
    NotAFileName(String),
    /// A verdict or note id that could not sit in an HTML attribute or a
    /// selector.
    #[error("verdict or note id {0:?} is not made of lower-case letters, digits and '-'")]
    NotAnId(String),
    /// A `connect` entry is not a bare origin.
    #[error("connect entry {0:?} is not an origin such as https://api.example.com (scheme, host and optional port; no path, spaces or quotes)")]
    NotAnOrigin(String),
}

impl WidgetManifest {
    /// Reads a manifest from its JSON text.
    pub fn parse(text: &str) -> Result<Self, ManifestError> {
        let manifest: Self = serde_json::from_str(text).map_err(|e| ManifestError::Syntax {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        if let Some(bad) = manifest.connect.iter().find(|o| !is_origin(o)) {
            return Err(ManifestError::NotAnOrigin(bad.clone()));
        }
        let ids = manifest.verdicts.iter().chain(&manifest.notes);
        if let Some(bad) = ids.into_iter().find(|id| !is_verdict_id(id)) {
            return Err(ManifestError::NotAnId(bad.clone()));
        }
        let files = [&manifest.glue, &manifest.wasm].into_iter();
        if let Some(bad) = files.chain(&manifest.styles).find(|f| !is_file_name(f)) {
            return Err(ManifestError::NotAFileName(bad.clone()));
        }
        Ok(manifest)
    }
}

/// A verdict id: it becomes an attribute value the widget selects on.
fn is_verdict_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A plain file name: published beside the page's other files.
fn is_file_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

/// `http(s)://host[:port]`, nothing else: each entry goes into a CSP
/// directive, so a space or `;` must never get through.
fn is_origin(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once("://") else {
        return false;
    };
    matches!(scheme, "http" | "https")
        && !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_origins_and_context() {
        let manifest = WidgetManifest::parse(
            r#"{"connect":["https://api.example.com","http://127.0.0.1:8080"],"context":{"hosts":[1]}}"#,
        )
        .unwrap();
        assert_eq!(manifest.connect.len(), 2);
        assert_eq!(manifest.glue, "widget.js");
        let named =
            WidgetManifest::parse(r#"{"glue":"c.js","wasm":"c.wasm","styles":["c.css"]}"#).unwrap();
        assert_eq!((named.glue.as_str(), named.styles.len()), ("c.js", 1));
        assert_eq!(manifest.context["hosts"][0], 1);
        assert_eq!(
            WidgetManifest::parse("{}").unwrap(),
            WidgetManifest::default()
        );
    }

    #[test]
    fn refuses_what_could_break_the_csp_and_names_the_place() {
        for bad in [
            "https://a.example/path",
            "https://a.example; script-src *",
            "ftp://a.example",
            "a.example",
            "https://",
        ] {
            let text = serde_json::json!({ "connect": [bad] }).to_string();
            assert_eq!(
                WidgetManifest::parse(&text),
                Err(ManifestError::NotAnOrigin(bad.to_owned()))
            );
        }
        for bad in ["../secret.js", "a/b.css", "", ".."] {
            let text = serde_json::json!({ "styles": [bad] }).to_string();
            assert_eq!(
                WidgetManifest::parse(&text),
                Err(ManifestError::NotAFileName(bad.to_owned()))
            );
        }
        let err = WidgetManifest::parse("{\n  \"conect\": []\n}").unwrap_err();
        assert!(
            matches!(err, ManifestError::Syntax { line: 2, .. }),
            "{err}"
        );
        assert!(err.to_string().contains("unknown field `conect`"), "{err}");
    }

    #[test]
    fn verdict_ids_are_read_and_checked() {
        let manifest =
            WidgetManifest::parse(r#"{"verdicts":["works","key-refused-401"]}"#).unwrap();
        assert_eq!(manifest.verdicts, ["works", "key-refused-401"]);
        for bad in [r#""""#, r#""Works""#, r#""a b""#, r#""a\"]""#] {
            let text = format!(r#"{{"verdicts":[{bad}]}}"#);
            assert!(
                matches!(WidgetManifest::parse(&text), Err(ManifestError::NotAnId(_))),
                "{text}"
            );
        }
    }
}

//! The manifest an embedded widget's build writes beside its files
//! (`widget.json`), so the generator needs to know nothing about the widget:
//! which origins its page may connect to (the CSP's `connect-src`) and a
//! free-form context its template gets as `widget` (menus, a fallback
//! command). `parse` reads the text; `CheckerAssets::load` reads the file.

use serde::Deserialize;

/// The manifest's file name, in the widget's directory.
pub const MANIFEST_FILE: &str = "widget.json";

/// What a widget needs from the page around it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WidgetManifest {
    /// Origins (`scheme://host[:port]`) the widget's page may connect to.
    #[serde(default)]
    pub connect: Vec<String>,
    /// Given to the widget's template as `widget`.
    #[serde(default)]
    pub context: serde_json::Value,
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
        Ok(manifest)
    }
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
        let err = WidgetManifest::parse("{\n  \"conect\": []\n}").unwrap_err();
        assert!(
            matches!(err, ManifestError::Syntax { line: 2, .. }),
            "{err}"
        );
        assert!(err.to_string().contains("unknown field `conect`"), "{err}");
    }
}

//! The embedded widget's files: its wasm-bindgen module (`--target web`),
//! its wasm and its stylesheets, as its manifest (`widget.json`) names them,
//! published under fingerprinted names with a small loader module that
//! verifies the wasm it loads.

use std::path::{Path, PathBuf};

use crate::fingerprint::{fingerprint, Fingerprinted};
use crate::layout::widget_manifest::{ManifestError, WidgetManifest, MANIFEST_FILE};

/// The widget's files, ready to publish.
#[derive(Debug, Clone)]
pub(crate) struct WidgetAssets {
    /// `(published name, bytes)` for every file.
    pub files: Vec<(String, Vec<u8>)>,
    /// The loader module the page's `<script>` points at.
    pub loader: Fingerprinted,
    /// The wasm-bindgen glue, preloaded with its integrity.
    pub glue: Fingerprinted,
    /// The stylesheets, in the manifest's order.
    pub styles: Vec<Fingerprinted>,
    /// What the widget needs from its page.
    pub manifest: WidgetManifest,
}

/// The widget directory lacks a file, or its manifest is wrong.
#[derive(Debug, thiserror::Error)]
pub enum WidgetAssetsError {
    /// A file cannot be read.
    #[error("{}: cannot read the widget's built files: {error}. Build the widget first: its build writes widget.json and the files it names.", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why (part of the message, so not a `source`).
        error: std::io::Error,
    },
    /// `widget.json` is not a usable manifest.
    #[error("{}: {source}", path.display())]
    Manifest {
        /// The manifest file.
        path: PathBuf,
        /// What is wrong.
        source: ManifestError,
    },
}

impl WidgetAssets {
    /// Reads the manifest in `dir` and the files it names.
    pub(crate) fn load(dir: &Path) -> Result<Self, WidgetAssetsError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(|error| WidgetAssetsError::Read { path, error })
        };
        let manifest_path = dir.join(MANIFEST_FILE);
        let manifest_text = String::from_utf8_lossy(&read(MANIFEST_FILE)?).into_owned();
        let manifest = WidgetManifest::parse(&manifest_text).map_err(|source| {
            WidgetAssetsError::Manifest {
                path: manifest_path,
                source,
            }
        })?;
        let styles = manifest
            .styles
            .iter()
            .map(|name| Ok((name.clone(), read(name)?)))
            .collect::<Result<Vec<_>, WidgetAssetsError>>()?;
        Ok(Self::from_bytes(
            read(&manifest.glue)?,
            read(&manifest.wasm)?,
            styles,
            manifest,
        ))
    }

    /// Publishes the given glue, wasm and stylesheet bytes.
    pub(crate) fn from_bytes(
        glue_js: Vec<u8>,
        wasm: Vec<u8>,
        styles: Vec<(String, Vec<u8>)>,
        manifest: WidgetManifest,
    ) -> Self {
        let wasm_print = fingerprint(&manifest.wasm, &wasm);
        let glue = fingerprint(&manifest.glue, &glue_js);
        // On failure the page's `[data-widget-status]` element says so; the
        // widget's template decides what else the reader sees.
        let loader_js = format!(
            "// Starts the page's widget; the wasm is checked against its hash.\n\
             import init from \"./{glue}\";\n\
             const wasm = fetch(new URL(\"./{wasm}\", import.meta.url), {{ integrity: \"{integrity}\" }});\n\
             init({{ module_or_path: wasm }}).catch((error) => {{\n\
             \x20 const status = document.querySelector(\"[data-widget-status]\");\n\
             \x20 if (status) status.textContent = (status.dataset.widgetStatus || \"This part of the page could not start:\") + \" \" + error;\n\
             }});\n",
            glue = glue.name,
            wasm = wasm_print.name,
            integrity = wasm_print.integrity,
        );
        let loader = fingerprint("widget-loader.js", loader_js.as_bytes());
        let mut files = vec![
            (wasm_print.name, wasm),
            (glue.name.clone(), glue_js),
            (loader.name.clone(), loader_js.into_bytes()),
        ];
        let mut printed = Vec::with_capacity(styles.len());
        for (name, bytes) in styles {
            let bytes = super::minify::asset(&name, bytes);
            let print = fingerprint(&name, &bytes);
            files.push((print.name.clone(), bytes));
            printed.push(print);
        }
        Self {
            files,
            loader,
            glue,
            styles: printed,
            manifest,
        }
    }
}

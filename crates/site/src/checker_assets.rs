//! The embedded widget's files, as produced by `wasm-bindgen --target web`
//! (`checker.js` and `checker_bg.wasm`) with its manifest (`widget.json`),
//! published under fingerprinted names with a small loader module that
//! verifies every file it loads.

use std::path::{Path, PathBuf};

use crate::fingerprint::{fingerprint, Fingerprinted};
use crate::widget_manifest::{ManifestError, WidgetManifest, MANIFEST_FILE};

/// The wasm-bindgen output files the build expects in the checker directory.
pub const GLUE_FILE: &str = "checker.js";
/// The WebAssembly module.
pub const WASM_FILE: &str = "checker_bg.wasm";

/// The checker's files, ready to publish.
#[derive(Debug, Clone)]
pub struct CheckerAssets {
    /// `(published name, bytes)` for every file.
    pub files: Vec<(String, Vec<u8>)>,
    /// The loader module the page's `<script>` points at.
    pub loader: Fingerprinted,
    /// The wasm-bindgen glue, preloaded with its integrity.
    pub glue: Fingerprinted,
    /// What the widget needs from its page.
    pub manifest: WidgetManifest,
}

/// The widget directory lacks a file, or its manifest is wrong.
#[derive(Debug, thiserror::Error)]
pub enum CheckerAssetsError {
    /// A file cannot be read.
    #[error("{}: cannot read the widget's built files: {source}. Build them with `cargo xtask wasm`.", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
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

impl CheckerAssets {
    /// Reads the wasm-bindgen output and the manifest in `dir`.
    pub fn load(dir: &Path) -> Result<Self, CheckerAssetsError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(|source| CheckerAssetsError::Read { path, source })
        };
        let manifest_path = dir.join(MANIFEST_FILE);
        let manifest_text = String::from_utf8_lossy(&read(MANIFEST_FILE)?).into_owned();
        let manifest = WidgetManifest::parse(&manifest_text).map_err(|source| {
            CheckerAssetsError::Manifest {
                path: manifest_path,
                source,
            }
        })?;
        Ok(Self::from_bytes(
            read(GLUE_FILE)?,
            read(WASM_FILE)?,
            manifest,
        ))
    }

    /// Publishes the given glue and wasm bytes.
    pub fn from_bytes(glue_js: Vec<u8>, wasm: Vec<u8>, manifest: WidgetManifest) -> Self {
        let wasm_print = fingerprint("checker.wasm", &wasm);
        let glue = fingerprint(GLUE_FILE, &glue_js);
        let loader_js = format!(
            "// Loads the keydoctor checker; every file is checked against its hash.\n\
             import init from \"./{glue}\";\n\
             const wasm = fetch(new URL(\"./{wasm}\", import.meta.url), {{ integrity: \"{integrity}\" }});\n\
             init({{ module_or_path: wasm }}).catch((error) => {{\n\
             \x20 const status = document.getElementById(\"checker-status\");\n\
             \x20 if (status) status.textContent = \"The checker could not start: \" + error + \". Use the curl command below instead.\";\n\
             }});\n",
            glue = glue.name,
            wasm = wasm_print.name,
            integrity = wasm_print.integrity,
        );
        let loader = fingerprint("checker-loader.js", loader_js.as_bytes());
        Self {
            files: vec![
                (wasm_print.name, wasm),
                (glue.name.clone(), glue_js),
                (loader.name.clone(), loader_js.into_bytes()),
            ],
            loader,
            glue,
            manifest,
        }
    }
}

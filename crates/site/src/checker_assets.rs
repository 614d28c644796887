//! The live checker's files, as produced by `wasm-bindgen --target web`
//! (`checker.js` and `checker_bg.wasm`), published under fingerprinted names
//! with a small loader module that verifies every file it loads.

use std::path::{Path, PathBuf};

use crate::fingerprint::{fingerprint, Fingerprinted};

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
}

/// The checker directory lacks a file or cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("{}: cannot read the checker's built files: {source}. Build them with `cargo xtask wasm`.", path.display())]
pub struct CheckerAssetsError {
    /// The file.
    pub path: PathBuf,
    /// Why.
    pub source: std::io::Error,
}

impl CheckerAssets {
    /// Reads the wasm-bindgen output in `dir`.
    pub fn load(dir: &Path) -> Result<Self, CheckerAssetsError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(|source| CheckerAssetsError { path, source })
        };
        Ok(Self::from_bytes(read(GLUE_FILE)?, read(WASM_FILE)?))
    }

    /// Publishes the given glue and wasm bytes.
    pub fn from_bytes(glue_js: Vec<u8>, wasm: Vec<u8>) -> Self {
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
        }
    }
}

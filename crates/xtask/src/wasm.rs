//! Builds the checker crate to WebAssembly and runs wasm-bindgen on it
//! (`--target web`), shortens the names between wasm and JS and minifies
//! the JS (see `minify`), then shrinks the wasm with `wasm-opt -Oz` when
//! binaryen is installed, and writes the widget manifest. The output
//! directory is what `site build --widget` reads.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Context;
use clap::Args;

use crate::command::{self, on_path, RunExt};
use crate::minify;

/// Where the checker is built, and for what.
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct WasmArgs {
    /// Allow the checker to call an API on 127.0.0.1 (the tests' mock API).
    #[arg(long)]
    pub(crate) test_hosts: bool,
    /// Output directory [default: target/checker-pkg, or
    /// target/checker-pkg-test with --test-hosts].
    #[arg(long)]
    pub(crate) out: Option<PathBuf>,
    /// Keep the function names in the wasm (for `twiggy top` and
    /// `twiggy dominators` on what ships; a few hundred KB larger).
    #[arg(long)]
    pub(crate) keep_names: bool,
}

const TARGET: &str = "wasm32-unknown-unknown";
/// The checker's stylesheet, in crates/checker/, copied beside the wasm.
const STYLESHEET: &str = "checker.css";
const PROFILE: &str = "wasm-release";

/// Builds the checker; returns the directory holding `checker.js` and
/// `checker_bg.wasm`.
pub(crate) fn build(args: &WasmArgs) -> anyhow::Result<PathBuf> {
    let root = command::workspace_root();
    let out = args.out.clone().unwrap_or_else(|| {
        root.join("target").join(if args.test_hosts {
            "checker-pkg-test"
        } else {
            "checker-pkg"
        })
    });
    // A separate target dir for the test-hosts build keeps the two builds
    // from invalidating each other.
    let target_dir = root
        .join("target")
        .join(if args.test_hosts { "wasm-test" } else { "wasm" });
    let mut cargo = command::cargo();
    cargo
        .args([
            "build",
            "--quiet",
            "--package",
            "keydoctor-checker",
            "--lib",
        ])
        .args(["--target", TARGET, "--profile", PROFILE])
        .arg("--target-dir")
        .arg(&target_dir);
    if args.test_hosts {
        cargo.args(["--features", "test-hosts"]);
    }
    if let Some(flags) = remap_registry_paths() {
        cargo.arg("--config").arg(flags);
    }
    cargo.run()?;

    let input = target_dir
        .join(TARGET)
        .join(PROFILE)
        .join("keydoctor_checker.wasm");
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&input)
        .out_name("checker")
        .web(true)?
        .typescript(false)
        .remove_producers_section(true)
        .remove_name_section(!args.keep_names)
        .generate(&out)
        .with_context(|| format!("wasm-bindgen failed on {}", input.display()))?;

    let wasm = out.join("checker_bg.wasm");
    let glue = out.join("checker.js");
    let mut js = std::fs::read_to_string(&glue)
        .with_context(|| format!("cannot read {}", glue.display()))?;
    minify::shorten_names(&wasm, &mut js)?;
    minify::drop_unused_exports(&mut js)?;
    std::fs::write(&glue, js).with_context(|| format!("cannot write {}", glue.display()))?;
    let tools = tools_dir();
    if !minify::minify_js(&glue, &tools)? {
        eprintln!("note: no esbuild (needs npm); the checker's JS is not minified");
    }
    match find_wasm_opt(&tools) {
        Some(wasm_opt) => Command::new(wasm_opt)
            .arg("-Oz")
            .args(args.keep_names.then_some("--debuginfo"))
            // Rust's wasm keeps its stack and data above the first KiB, and
            // the module's own (exported, never imported) memory starts
            // zeroed: two facts binaryen may use to drop loads and stores.
            .args(["--low-memory-unused", "--zero-filled-memory", "-Oz"])
            .args([
                "--enable-bulk-memory",
                "--enable-nontrapping-float-to-int",
                "--enable-sign-ext",
                "--enable-mutable-globals",
                "--enable-reference-types",
                "--enable-multivalue",
            ])
            .arg(&wasm)
            .arg("-o")
            .arg(&wasm)
            .run()?,
        None => eprintln!("note: no usable wasm-opt (needs npm, or binaryen >= {MIN_BINARYEN}); the checker is not shrunk further"),
    }
    write_manifest(&out, &[])?;
    let size = std::fs::metadata(&wasm).map(|m| m.len()).unwrap_or(0);
    eprintln!("checker: {} ({} bytes of wasm)", out.display(), size);
    Ok(out)
}

/// Cargo's `--config` for the wasm target's rustflags that cut the
/// registry's directory (`~/.cargo/registry/src/index.crates.io-…/`) off the
/// source paths panics carry in the wasm's data: the build machine's home
/// is no business of the page, and the bytes are downloaded by every reader
/// (about 40 B gzipped). `None` when there is no registry directory.
fn remap_registry_paths() -> Option<String> {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))?;
    let mut flags: Vec<String> = std::fs::read_dir(cargo_home.join("registry/src"))
        .ok()?
        .filter_map(|entry| entry.ok()?.path().into_os_string().into_string().ok())
        // A TOML string: backslashes and quotes escaped.
        .map(|dir| dir.replace('\\', "\\\\").replace('"', "\\\""))
        .map(|dir| format!("\"--remap-path-prefix={dir}/=\""))
        .collect();
    flags.sort();
    (!flags.is_empty()).then(|| format!("target.{TARGET}.rustflags=[{}]", flags.join(",")))
}

/// Writes `widget.json`, what `site build` needs to know about the checker:
/// the origins its page may connect to (the CSP) and, for its template, the
/// host menu and the fallback curl command. All from the checker's one host
/// list; `extra_hosts` (the tests' mock API: origin and menu label) are
/// added to both. Copies the checker's stylesheet beside it.
pub(crate) fn write_manifest(out: &Path, extra_hosts: &[(String, String)]) -> anyhow::Result<()> {
    use keydoctor_checker::hosts::{fallback_command, API_HOSTS};
    use keydoctor_site::{WidgetManifest, MANIFEST_FILE};
    let hosts: Vec<(String, String)> = API_HOSTS
        .iter()
        .map(|h| (h.origin.to_owned(), h.label.to_owned()))
        .chain(extra_hosts.iter().cloned())
        .collect();
    let styles = out.join(STYLESHEET);
    std::fs::copy(
        command::workspace_root()
            .join("crates/checker")
            .join(STYLESHEET),
        &styles,
    )
    .with_context(|| format!("cannot write {}", styles.display()))?;
    let manifest = WidgetManifest {
        glue: "checker.js".to_owned(),
        wasm: "checker_bg.wasm".to_owned(),
        styles: vec![STYLESHEET.to_owned()],
        connect: hosts.iter().map(|(origin, _)| origin.clone()).collect(),
        // Its template must word each of these, and no other.
        verdicts: keydoctor_checker::verdict::VERDICT_IDS
            .iter()
            .map(|id| (*id).to_owned())
            .collect(),
        notes: keydoctor_checker::input::NOTE_IDS
            .iter()
            .map(|id| (*id).to_owned())
            .collect(),
        context: serde_json::json!({
            "hosts": hosts
                .iter()
                .map(|(origin, label)| serde_json::json!({ "origin": origin, "label": label }))
                .collect::<Vec<_>>(),
            "curl": fallback_command(API_HOSTS[0].origin),
        }),
    };
    let path = out.join(MANIFEST_FILE);
    std::fs::write(&path, serde_json::to_string_pretty(&manifest)?)
        .with_context(|| format!("cannot write {}", path.display()))
}

/// The npm build tools (binaryen, esbuild), installed on first use when npm
/// is there.
fn tools_dir() -> PathBuf {
    let tools = command::workspace_root().join("crates/xtask/tools");
    if on_path("npm") {
        if let Err(error) = crate::setup::npm_packages(&tools) {
            eprintln!("note: could not install the build tools from npm: {error:#}");
        }
    }
    tools
}

/// Older binaryen breaks wasm-bindgen's reference-types tables
/// (`WebAssembly.Table.set(): Argument 1 is invalid`); Debian 12 ships 108.
const MIN_BINARYEN: u32 = 116;

/// binaryen's wasm-opt: from npm in `tools` (see `tools_dir`), else a
/// recent enough one on the PATH.
fn find_wasm_opt(tools: &Path) -> Option<PathBuf> {
    let npm_bin = tools.join("node_modules/.bin/wasm-opt");
    if npm_bin.is_file() {
        return Some(npm_bin);
    }
    let version = Command::new("wasm-opt").arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&version.stdout);
    let number: u32 = text.split_whitespace().find_map(|word| word.parse().ok())?;
    (number >= MIN_BINARYEN).then(|| PathBuf::from("wasm-opt"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use keydoctor_site::{WidgetManifest, MANIFEST_FILE};

    /// What the checker's build writes is what `site build` reads: every
    /// API host (and the test API) may be connected to and is on the menu,
    /// the files are the checker's.
    #[test]
    fn the_written_manifest_is_the_one_site_reads() {
        let out = tempfile::tempdir().expect("temp dir");
        let test_api = "http://127.0.0.1:4010".to_owned();
        let labelled = (test_api.clone(), format!("{test_api} (mock API)"));
        write_manifest(out.path(), std::slice::from_ref(&labelled)).expect("write");
        let text = std::fs::read_to_string(out.path().join(MANIFEST_FILE)).expect("read");
        let manifest = WidgetManifest::parse(&text).expect("the site's parser reads it");
        assert_eq!(manifest.glue, "checker.js");
        assert_eq!(manifest.wasm, "checker_bg.wasm");
        assert_eq!(manifest.styles, [STYLESHEET]);
        assert!(out.path().join(STYLESHEET).is_file());
        let menu: Vec<&str> = manifest.context["hosts"]
            .as_array()
            .expect("a host menu")
            .iter()
            .map(|h| h["origin"].as_str().expect("an origin"))
            .collect();
        for host in keydoctor_checker::hosts::API_HOSTS {
            assert!(
                manifest.connect.iter().any(|c| c == host.origin),
                "{host:?}"
            );
            assert!(menu.contains(&host.origin), "{host:?}");
        }
        assert!(manifest.connect.contains(&test_api));
        assert!(menu.contains(&test_api.as_str()));
        // The verdicts its template must word are the checker's.
        assert_eq!(manifest.verdicts, keydoctor_checker::verdict::VERDICT_IDS);
        assert_eq!(manifest.notes, keydoctor_checker::input::NOTE_IDS);
    }
}

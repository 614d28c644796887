//! Shrinks what wasm-bindgen leaves behind: the names the checker's wasm and
//! its JS glue use for each other (`__wbg_setAttribute_f2c9…`, 50 bytes each,
//! written once in the wasm and once in the JS, and mostly hex that no
//! compressor can squeeze) become one- or two-letter names, and the glue is
//! minified with esbuild when npm can provide it. Emscripten does the same
//! renaming in its size-optimised builds.

use std::path::Path;

use anyhow::{bail, Context};

/// What the rewrite's errors advise: they mean wasm-bindgen's output no
/// longer looks the way this module expects.
const FORMAT_CHANGED: &str = "did the wasm-bindgen version change? Adapt \
     crates/xtask/src/minify.rs to its glue (or remove the shorten_names call \
     in wasm.rs to build without it)";

/// The module every import is moved to (wasm-bindgen uses `./checker_bg.js`).
const IMPORT_MODULE: &str = "a";

/// Gives every import and export of `wasm` a short name and rewrites `js` (the
/// wasm-bindgen glue for it) to match. Fails, changing nothing on disk, if
/// the glue does not mention a name where wasm-bindgen's output puts it.
pub(crate) fn shorten_names(wasm: &Path, js: &mut String) -> anyhow::Result<()> {
    let mut module = walrus::Module::from_file(wasm)
        .with_context(|| format!("cannot read {} as wasm", wasm.display()))?;
    let mut renames = Vec::new();
    let mut modules = Vec::new();
    for (index, export) in module.exports.iter_mut().enumerate() {
        let short = short_name(index);
        renames.push(Rename::export(&export.name, &short));
        export.name = short;
    }
    let offset = renames.len();
    for (index, import) in module.imports.iter_mut().enumerate() {
        let short = short_name(offset + index);
        renames.push(Rename::import(&import.name, &short));
        if !modules.contains(&import.module) {
            modules.push(import.module.clone());
        }
        import.module = IMPORT_MODULE.to_owned();
        import.name = short;
    }
    let mut rewritten = js.clone();
    for rename in &renames {
        rewritten = rename.apply(&rewritten)?;
    }
    for name in &modules {
        let quoted = format!("\"{name}\":");
        if rewritten.matches(&quoted).count() != 1 {
            bail!("the JS glue does not name the import module {name} once; {FORMAT_CHANGED}");
        }
        rewritten = rewritten.replace(&quoted, &format!("{IMPORT_MODULE}:"));
    }
    std::fs::write(wasm, module.emit_wasm())
        .with_context(|| format!("cannot write {}", wasm.display()))?;
    *js = rewritten;
    Ok(())
}

/// One name to change in the glue, written the way the glue uses it.
#[derive(Debug)]
struct Rename {
    /// How the glue refers to the old name: `wasm.NAME` for an export (what
    /// the glue calls), `NAME:` for an import (a key of the imports object).
    from: String,
    to: String,
    kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Import,
    Export,
}

impl Rename {
    fn export(old: &str, new: &str) -> Self {
        Rename {
            from: format!("wasm.{old}"),
            to: format!("wasm.{new}"),
            kind: Kind::Export,
        }
    }

    fn import(old: &str, new: &str) -> Self {
        Rename {
            from: format!("{old}:"),
            to: format!("{new}:"),
            kind: Kind::Import,
        }
    }

    /// Replaces every whole-word use; an import must appear exactly once
    /// (its key), an export may be unused by the glue.
    fn apply(&self, js: &str) -> anyhow::Result<String> {
        let mut out = String::with_capacity(js.len());
        let mut copied = 0;
        let mut count = 0;
        for (at, _) in js.match_indices(&self.from) {
            let end = at + self.from.len();
            let starts_word = !js[..at].chars().next_back().is_some_and(is_identifier_char);
            // An import's key ends with its `:`.
            let ends_word = self.kind == Kind::Import
                || !js[end..].chars().next().is_some_and(is_identifier_char);
            if starts_word && ends_word {
                out.push_str(&js[copied..at]);
                out.push_str(&self.to);
                copied = end;
                count += 1;
            }
        }
        out.push_str(&js[copied..]);
        if self.kind == Kind::Import && count != 1 {
            bail!(
                "the JS glue names the import `{}` {count} times, expected once; {FORMAT_CHANGED}",
                self.from.trim_end_matches(':')
            );
        }
        Ok(out)
    }
}

fn is_identifier_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

/// `a`…`z`, `A`…`Z`, then `aa`, `ab`, …: short, valid JS property names.
fn short_name(mut index: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = Vec::new();
    loop {
        name.push(LETTERS[index % LETTERS.len()]);
        index /= LETTERS.len();
        if index == 0 {
            break;
        }
        index -= 1;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII letters")
}

/// The glue's exports the widget's loader never uses: `initSync` (it loads
/// with the default export, `init`) and `start` (the wasm's start function,
/// which `init` already runs). Made private, esbuild's tree shaking drops
/// `initSync` and its warnings. Fails, changing nothing, if the glue does
/// not export them the way wasm-bindgen writes it.
pub(crate) fn drop_unused_exports(js: &mut String) -> anyhow::Result<()> {
    const EDITS: [(&str, &str); 2] = [
        (
            "\nexport { initSync, __wbg_init as default };",
            "\nexport { __wbg_init as default };",
        ),
        ("\nexport function start() {", "\nfunction start() {"),
    ];
    let mut rewritten = js.clone();
    for (from, to) in EDITS {
        if rewritten.matches(from).count() != 1 {
            bail!(
                "the JS glue does not hold {:?} once; {FORMAT_CHANGED}",
                from.trim()
            );
        }
        rewritten = rewritten.replace(from, to);
    }
    *js = rewritten;
    Ok(())
}

/// Minifies the glue with esbuild from `tools` (installed by npm on first
/// use), dropping what nothing uses; returns false, leaving the file as it
/// is, when there is no esbuild.
pub(crate) fn minify_js(js: &Path, tools: &Path) -> anyhow::Result<bool> {
    let esbuild = tools.join("node_modules/.bin/esbuild");
    if !esbuild.is_file() {
        return Ok(false);
    }
    use crate::command::RunExt;
    std::process::Command::new(esbuild)
        .arg(js)
        .args([
            "--minify",
            "--tree-shaking=true",
            "--format=esm",
            "--log-level=warning",
            "--allow-overwrite",
        ])
        .arg(format!("--outfile={}", js.display()))
        .run()?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loaders_unused_exports_are_made_private_or_nothing_changes() {
        let glue = "export function start() {\n    wasm.start();\n}\nfunction initSync(module) {}\nexport { initSync, __wbg_init as default };\n";
        let mut js = format!("\n{glue}");
        drop_unused_exports(&mut js).expect("wasm-bindgen's shape");
        assert!(js.contains("\nfunction start() {"), "{js}");
        assert!(js.contains("\nexport { __wbg_init as default };"), "{js}");
        assert!(
            !js.contains("export function") && !js.contains("initSync,"),
            "{js}"
        );
        // Another shape: an error, and the text left as it was.
        let mut other = "\nexport { initSync, init as default };".to_owned();
        let before = other.clone();
        assert!(drop_unused_exports(&mut other).is_err());
        assert_eq!(other, before);
    }

    #[test]
    fn short_names_are_unique_identifiers() {
        let names: Vec<String> = (0..3000).map(short_name).collect();
        assert_eq!(names[0], "a");
        assert_eq!(names[51], "Z");
        assert_eq!(names[52], "aa");
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len());
        assert!(names
            .iter()
            .all(|n| n.chars().all(|c| c.is_ascii_alphabetic())));
    }

    #[test]
    fn renames_whole_words_only() {
        let js = "x = wasm.__wbindgen_malloc(1); y = wasm.__wbindgen_malloc2; \
                  z = notwasm.__wbindgen_malloc;";
        let out = Rename::export("__wbindgen_malloc", "b").apply(js).unwrap();
        assert_eq!(
            out,
            "x = wasm.b(1); y = wasm.__wbindgen_malloc2; z = notwasm.__wbindgen_malloc;"
        );
    }

    #[test]
    fn an_import_key_must_be_there_once() {
        let js = "{ __wbg_now_0a: function() {}, __wbg_now_0ab: function() {} }";
        let out = Rename::import("__wbg_now_0a", "c").apply(js).unwrap();
        assert_eq!(out, "{ c: function() {}, __wbg_now_0ab: function() {} }");
        let missing = Rename::import("__wbg_gone_1f", "d").apply(js).unwrap_err();
        assert!(missing.to_string().contains("__wbg_gone_1f"), "{missing}");
    }
}

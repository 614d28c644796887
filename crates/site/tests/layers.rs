//! The crate's modules form one-way layers: no module uses a module that
//! uses it, and the stage folders only look down the pipeline. Reads every
//! file of `src/` (the library; `main.rs` is a crate of its own), finds
//! what each module uses (`use` trees, inline `crate::`/`super::`/`self::`
//! paths and child modules named in code; `#[cfg(test)]` items left out)
//! and fails on a cycle between two files, on a cycle between two top-level
//! modules, and on a top-level module that uses one above its layer.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The library's top-level modules from the bottom up: each may use its
/// own layer's and the layers below, never one above. A new top-level
/// module must be placed here.
const LAYERS: &[&[&str]] = &[
    // Foundations every stage shares.
    &[
        "location",
        "problem",
        "csp",
        "config",
        "fingerprint",
        "urls",
    ],
    // The pipeline's stages, in order.
    &["source"],
    &["render"],
    &["nav"],
    &["layout"],
    &["check"],
    &["publish"],
    // One build through the stages.
    &["build"],
    // Commands over builds and sources.
    &["runnable", "scaffold", "search", "serve"],
];

#[test]
fn no_module_uses_a_module_that_uses_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = Graph::of_dir(&src);
    assert!(
        graph.modules.len() > 20,
        "read too few modules from {}: {:?}",
        src.display(),
        graph.modules
    );
    if let Some(cycle) = graph.cycle() {
        panic!("import cycle between modules: {}", cycle.join(" -> "));
    }
    let stages = graph.top_level();
    if let Some(cycle) = stages.cycle() {
        panic!(
            "import cycle between top-level modules: {}",
            cycle.join(" -> ")
        );
    }
    // The parser saw the imports these rely on.
    assert!(graph.uses("crate::build", "crate::publish"), "{graph:#?}");
    assert!(
        graph.uses("crate::layout::sidebar", "crate::layout::toc"),
        "{graph:#?}"
    );
    assert!(
        graph.uses("crate::serve", "crate::serve::live"),
        "{graph:#?}"
    );
}

#[test]
fn stages_use_only_the_layers_below() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let stages = Graph::of_dir(&src).top_level();
    let layer_of = |module: &str| -> usize {
        let name = module.trim_start_matches("crate::");
        LAYERS
            .iter()
            .position(|layer| layer.contains(&name))
            .unwrap_or_else(|| {
                panic!(
                    "top-level module `{name}` is in no layer: add it to LAYERS in tests/layers.rs"
                )
            })
    };
    for module in stages.modules.iter().filter(|m| *m != "crate") {
        layer_of(module);
    }
    let mut upward = Vec::new();
    // The crate's root only declares the modules and re-exports the API.
    for (from, tos) in stages.edges.iter().filter(|(from, _)| *from != "crate") {
        for to in tos {
            if layer_of(to) > layer_of(from) {
                upward.push(format!("{from} uses {to}"));
            }
        }
    }
    assert!(upward.is_empty(), "uses up the layers: {upward:#?}");
}

#[test]
fn the_check_finds_a_reintroduced_loop() {
    // build -> check -> build, as it was: `check` took `shown_path` from
    // `build`, and `build` calls `check`.
    let graph = Graph::of_files([
        ("lib.rs", "pub mod build;\nmod check;\n"),
        ("build.rs", "use crate::check;\nfn f() { check::all(); }\n"),
        (
            "check.rs",
            "use crate::{location::Location, build::{shown_path, GENERATED}};\n",
        ),
        ("location.rs", "pub struct Location;"),
    ]);
    assert_eq!(
        graph.cycle().expect("a cycle"),
        ["crate::build", "crate::check", "crate::build"]
    );

    // layout -> nav -> layout through a child module's `super::`, and an
    // inline path in code.
    let graph = Graph::of_files([
        ("lib.rs", "pub mod layout;\npub mod nav;\n"),
        (
            "layout/mod.rs",
            "mod sidebar;\nfn f() { sidebar::html(); }\n",
        ),
        (
            "layout/sidebar.rs",
            "fn g() -> crate::nav::List { todo!() }\n",
        ),
        ("nav.rs", "use crate::layout::TocEntry;\n"),
    ]);
    assert_eq!(
        graph.cycle().expect("a cycle"),
        [
            "crate::layout",
            "crate::layout::sidebar",
            "crate::nav",
            "crate::layout"
        ]
    );

    // A child using its parent's item (`super::X`) while the parent uses
    // the child: a cycle between two files of one folder.
    let graph = Graph::of_files([
        ("lib.rs", "pub mod layout;\n"),
        (
            "layout/mod.rs",
            "pub mod toc;\nuse toc::Entry;\npub struct Layout;\n",
        ),
        ("layout/toc.rs", "use super::Layout;\n"),
    ]);
    assert_eq!(
        graph.cycle().expect("a cycle"),
        ["crate::layout", "crate::layout::toc", "crate::layout"]
    );
}

#[test]
fn tests_comments_strings_and_other_crates_are_not_imports() {
    let graph = Graph::of_files([
        ("lib.rs", "pub mod a;\npub mod b;\n"),
        (
            "a.rs",
            r##"//! Uses [`crate::b`] in its docs only.
use std::collections::HashMap;
use serde::Serialize;
const S: &str = "crate::b::X";
const R: &str = r#"use crate::b;"#;
const C: char = '{';
fn f<'a>(x: &'a str) -> &'a str { /* crate::b::y() */ x }
#[cfg(test)]
mod tests {
    use super::*;
    use crate::b::helper;
    #[test]
    fn t() { let _ = "}"; }
}
"##,
        ),
        ("b.rs", "use crate::a;\n"),
    ]);
    assert!(graph.uses("crate::b", "crate::a"));
    assert!(!graph.uses("crate::a", "crate::b"), "{graph:#?}");
    assert_eq!(graph.cycle(), None);
}

/// Modules (`crate::a::b`) and, for each, the modules it uses.
#[derive(Debug, Default)]
struct Graph {
    modules: BTreeSet<String>,
    edges: BTreeMap<String, BTreeSet<String>>,
}

impl Graph {
    /// The library under `src` (every `.rs` file but `main.rs`).
    fn of_dir(src: &Path) -> Graph {
        let mut files = Vec::new();
        for entry in walk(src) {
            let relative = entry.strip_prefix(src).expect("below src");
            let relative = relative.to_string_lossy().replace('\\', "/");
            if relative.ends_with(".rs") && relative != "main.rs" {
                let text = std::fs::read_to_string(&entry).expect("read a source file");
                files.push((relative, text));
            }
        }
        Graph::of_files(files)
    }

    /// The graph of files given as (path relative to `src/`, text).
    fn of_files<P: AsRef<str>, T: AsRef<str>>(files: impl IntoIterator<Item = (P, T)>) -> Graph {
        let files: Vec<(String, Vec<Token>)> = files
            .into_iter()
            .map(|(path, text)| {
                let code = without_test_items(&tokens(&blank_comments_and_strings(text.as_ref())));
                (module_of(path.as_ref()), code)
            })
            .collect();
        let mut graph = Graph {
            modules: files.iter().map(|(m, _)| m.clone()).collect(),
            edges: BTreeMap::new(),
        };
        for (module, code) in &files {
            let children = child_modules(code);
            let mut used = BTreeSet::new();
            for path in paths_used(code, &children) {
                if let Some(target) = graph.resolve(module, &path) {
                    if target != *module {
                        used.insert(target);
                    }
                }
            }
            graph.edges.insert(module.clone(), used);
        }
        graph
    }

    fn uses(&self, from: &str, to: &str) -> bool {
        self.edges.get(from).is_some_and(|tos| tos.contains(to))
    }

    /// The module a path used in `module` names: the longest prefix of its
    /// absolute form that is a module of the crate (`None` for other
    /// crates).
    fn resolve(&self, module: &str, path: &[String]) -> Option<String> {
        let mut absolute: Vec<&str> = module.split("::").collect();
        let mut segments = path.iter().map(String::as_str).peekable();
        match segments.peek().copied() {
            Some("crate") => {
                absolute = vec!["crate"];
                segments.next();
            }
            Some("self") => {
                segments.next();
            }
            Some("super") => {
                while segments.peek() == Some(&"super") {
                    segments.next();
                    absolute.pop();
                }
            }
            // A child module of this one (checked below), else another crate.
            Some(_) => {}
            None => return None,
        }
        absolute.extend(segments);
        (1..=absolute.len())
            .rev()
            .map(|n| absolute[..n].join("::"))
            .find(|candidate| candidate != "crate" && self.modules.contains(candidate))
            .filter(|found| {
                // A bare first segment must be a child of `module`.
                matches!(path[0].as_str(), "crate" | "self" | "super")
                    || found.starts_with(&format!("{module}::{}", path[0]))
            })
    }

    /// The graph of top-level modules (`crate::a` for all of `crate::a::…`).
    fn top_level(&self) -> Graph {
        let top = |m: &str| m.split("::").take(2).collect::<Vec<_>>().join("::");
        let mut graph = Graph::default();
        for module in &self.modules {
            graph.modules.insert(top(module));
            let edges = graph.edges.entry(top(module)).or_default();
            for to in &self.edges[module] {
                if top(to) != top(module) {
                    edges.insert(top(to));
                }
            }
        }
        graph
    }

    /// A cycle, as the modules along it (the first repeated at the end),
    /// or `None`.
    fn cycle(&self) -> Option<Vec<String>> {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            Open,
            Done,
        }
        fn visit<'g>(
            graph: &'g Graph,
            module: &'g str,
            marks: &mut BTreeMap<&'g str, Mark>,
            stack: &mut Vec<&'g str>,
        ) -> Option<Vec<String>> {
            match marks.get(module) {
                Some(Mark::Done) => return None,
                Some(Mark::Open) => {
                    let start = stack
                        .iter()
                        .position(|m| *m == module)
                        .expect("on the stack");
                    let mut cycle: Vec<String> =
                        stack[start..].iter().map(|m| (*m).to_owned()).collect();
                    cycle.push(module.to_owned());
                    return Some(cycle);
                }
                None => {}
            }
            marks.insert(module, Mark::Open);
            stack.push(module);
            for to in graph.edges.get(module).into_iter().flatten() {
                if let Some(cycle) = visit(graph, to, marks, stack) {
                    return Some(cycle);
                }
            }
            stack.pop();
            marks.insert(module, Mark::Done);
            None
        }
        let mut marks = BTreeMap::new();
        self.modules
            .iter()
            .find_map(|m| visit(self, m, &mut marks, &mut Vec::new()))
    }
}

/// `lib.rs` → `crate`, `a.rs` and `a/mod.rs` → `crate::a`, `a/b.rs` →
/// `crate::a::b`.
fn module_of(relative: &str) -> String {
    let stem = relative.strip_suffix(".rs").expect("a .rs file");
    let stem = stem.strip_suffix("/mod").unwrap_or(stem);
    match stem {
        "lib" => "crate".to_owned(),
        _ => format!("crate::{}", stem.replace('/', "::")),
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// The text with comments, string and char literals blanked (their
/// contents are not code), lifetimes kept.
fn blank_comments_and_strings(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c == 'r'
            && (i == 0 || !is_ident(chars[i - 1]) || chars[i - 1] == 'b')
            && matches!(next, Some('"' | '#'))
            && raw_string_end(&chars, i + 1).is_some()
        {
            i = raw_string_end(&chars, i + 1).expect("checked");
            out.push_str("\"\"");
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && next == Some('\\') {
            i += 2;
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else if c == '\'' && chars.get(i + 2) == Some(&'\'') {
            i += 3;
            out.push_str("' '");
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Where a raw string starting at `start` (its `#`s or `"`) ends.
fn raw_string_end(chars: &[char], start: usize) -> Option<usize> {
    let hashes = chars[start..].iter().take_while(|&&c| c == '#').count();
    if chars.get(start + hashes) != Some(&'"') {
        return None;
    }
    let mut i = start + hashes + 1;
    while i < chars.len() {
        if chars[i] == '"'
            && chars[i + 1..]
                .iter()
                .take(hashes)
                .filter(|&&c| c == '#')
                .count()
                == hashes
        {
            return Some(i + 1 + hashes);
        }
        i += 1;
    }
    None
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    /// `::`
    Path,
    Punct(char),
}

fn tokens(code: &str) -> Vec<Token> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Token::Ident(chars[start..i].iter().collect()));
        } else if c.is_ascii_digit() {
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            out.push(Token::Path);
            i += 2;
        } else {
            if !c.is_whitespace() {
                out.push(Token::Punct(c));
            }
            i += 1;
        }
    }
    out
}

/// The tokens without `#[cfg(test)]` items (a test module's `use super::*`
/// is its own file's module).
fn without_test_items(tokens: &[Token]) -> Vec<Token> {
    let cfg_test = [
        Token::Punct('#'),
        Token::Punct('['),
        Token::Ident("cfg".into()),
        Token::Punct('('),
        Token::Ident("test".into()),
        Token::Punct(')'),
        Token::Punct(']'),
    ];
    let mut out = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i..].starts_with(&cfg_test) {
            i += cfg_test.len();
            // Skip to the item's end: its `;`, or its braces' match.
            while i < tokens.len() && !matches!(tokens[i], Token::Punct(';' | '{')) {
                i += 1;
            }
            if tokens.get(i) == Some(&Token::Punct('{')) {
                let mut depth = 0;
                while i < tokens.len() {
                    match tokens[i] {
                        Token::Punct('{') => depth += 1,
                        Token::Punct('}') => depth -= 1,
                        _ => {}
                    }
                    i += 1;
                    if depth == 0 {
                        break;
                    }
                }
            } else {
                i += 1;
            }
        } else {
            out.push(tokens[i].clone());
            i += 1;
        }
    }
    out
}

/// Modules declared in this file (`mod x;`).
fn child_modules(code: &[Token]) -> BTreeSet<String> {
    code.windows(3)
        .filter_map(|w| match w {
            [Token::Ident(m), Token::Ident(name), Token::Punct(';')] if m == "mod" => {
                Some(name.clone())
            }
            _ => None,
        })
        .collect()
}

/// Every path the code uses that may name a module of this crate: each
/// leaf of its `use` trees, and each path in code that starts at `crate`,
/// `self`, `super` or a child module.
fn paths_used(code: &[Token], children: &BTreeSet<String>) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    let mut i = 0;
    while i < code.len() {
        let after_path = i > 0 && code[i - 1] == Token::Path;
        match &code[i] {
            Token::Ident(word) if word == "use" => {
                let end = code[i..]
                    .iter()
                    .position(|t| *t == Token::Punct(';'))
                    .map_or(code.len(), |n| i + n);
                let mut tree = &code[i + 1..end];
                if tree.first() == Some(&Token::Path) {
                    tree = &tree[1..];
                }
                use_tree(tree, &mut Vec::new(), &mut paths);
                i = end;
            }
            Token::Ident(word)
                if !after_path
                    && code.get(i + 1) == Some(&Token::Path)
                    && (matches!(word.as_str(), "crate" | "self" | "super")
                        || children.contains(word)) =>
            {
                let mut path = vec![word.clone()];
                let mut j = i + 1;
                while code.get(j) == Some(&Token::Path) {
                    match code.get(j + 1) {
                        Some(Token::Ident(segment)) => path.push(segment.clone()),
                        _ => break,
                    }
                    j += 2;
                }
                paths.push(path);
                i = j;
            }
            _ => i += 1,
        }
    }
    paths
}

/// The leaves of a `use` tree: `a::{b, c::{d, e as f}, *}` gives `a::b`,
/// `a::c::d`, `a::c::e` and `a`.
fn use_tree(tree: &[Token], prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    let depth_before = prefix.len();
    let mut i = 0;
    loop {
        match tree.get(i) {
            Some(Token::Ident(word)) if word == "as" => break,
            Some(Token::Ident(segment)) => {
                if segment != "self" || prefix.is_empty() {
                    prefix.push(segment.clone());
                }
                i += 1;
            }
            Some(Token::Path) => i += 1,
            Some(Token::Punct('{')) => {
                // Split the group's contents at its top-level commas.
                let mut depth = 0;
                let mut start = i + 1;
                for (j, token) in tree.iter().enumerate().skip(i) {
                    match token {
                        Token::Punct('{') => depth += 1,
                        Token::Punct('}') => {
                            depth -= 1;
                            if depth == 0 {
                                if start < j {
                                    use_tree(&tree[start..j], prefix, out);
                                }
                                break;
                            }
                        }
                        Token::Punct(',') if depth == 1 => {
                            if start < j {
                                use_tree(&tree[start..j], prefix, out);
                            }
                            start = j + 1;
                        }
                        _ => {}
                    }
                }
                prefix.truncate(depth_before);
                return;
            }
            _ => break,
        }
    }
    if !prefix.is_empty() {
        out.push(prefix.clone());
    }
    prefix.truncate(depth_before);
}

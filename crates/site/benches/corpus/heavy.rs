//! A highlight-heavy corpus shaped like a real programming book: long
//! chapters (~15 KB of markdown each) of prose, lists and tables around
//! many code blocks, most of them Rust, with TOML, console, JavaScript and
//! YAML. Every block's identifiers carry the page's number, so no two
//! pages share a block (a cache keyed on block text would only flatter).

use std::fmt::Write;
use std::path::Path;

const PROSE: &str = "Ownership is the rule set that governs how a program manages memory. Some languages have garbage collection that regularly looks for no-longer-used memory as the program runs; in other languages, the programmer must explicitly allocate and free the memory. This one uses a third approach: memory is managed through a system of ownership with a set of rules that the compiler checks. If any of the rules are violated, the program won't compile, and none of the features of ownership will slow down your program while it's running.";

fn rust_block(out: &mut String, i: usize, k: usize) {
    let _ = write!(
        out,
        r#"
```rust
use std::collections::HashMap;
use std::fmt;

/// A record of chapter {i}, example {k}.
#[derive(Debug, Clone, PartialEq)]
pub struct Record{i}x{k} {{
    name: String,
    count: u32,
    ratio: f64,
    tags: Vec<&'static str>,
}}

impl fmt::Display for Record{i}x{k} {{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {{
        write!(f, "{{}} ({{}}): {{:.2}}", self.name, self.count, self.ratio)
    }}
}}

fn tally_{i}_{k}(words: &[&str]) -> HashMap<String, usize> {{
    let mut counts = HashMap::new();
    for word in words.iter().filter(|w| !w.is_empty()) {{
        *counts.entry(word.to_lowercase()).or_insert(0) += 1; // count it
    }}
    counts
}}

fn main() {{
    let r = Record{i}x{k} {{ name: "chapter-{i}".to_string(), count: {k}, ratio: 0.5, tags: vec!["a", "b"] }};
    let counts = tally_{i}_{k}(&["one", "two", "two", "three"]);
    println!("{{r}} -> {{:?}}", counts.get("two"));
}}
```
"#
    );
}

fn other_blocks(out: &mut String, i: usize) {
    let _ = write!(
        out,
        r#"
```toml
[package]
name = "chapter-{i}"
version = "0.{i}.0"
edition = "2021"

[dependencies]
serde = {{ version = "1", features = ["derive"] }}
rand = "0.8.{i}"
```

```console
$ cargo run --example chapter_{i}
   Compiling chapter-{i} v0.{i}.0 (file:///projects/chapter-{i})
    Finished dev [unoptimized + debuginfo] target(s) in 0.{i}s
     Running `target/debug/examples/chapter_{i}`
Record {i}: 3 words
```

```js
// The same idea in JavaScript, chapter {i}.
export function tally{i}(words) {{
  const counts = new Map();
  for (const word of words.filter((w) => w.length > 0)) {{
    counts.set(word.toLowerCase(), (counts.get(word) ?? 0) + 1);
  }}
  return counts;
}}
```

```yaml
name: chapter-{i}
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: cargo test --example chapter_{i}
```
"#
    );
}

/// The markdown of chapter `i`.
pub(crate) fn chapter(i: usize) -> String {
    let mut out = String::with_capacity(16_000);
    let _ = write!(
        out,
        "+++\ntitle = \"Chapter {i}: understanding ownership, part {i}\"\nweight = {i}\n+++\n\n# Chapter {i}: understanding ownership\n\n{PROSE}\n\n"
    );
    for section in 0..4 {
        let _ = write!(out, "## Section {i}.{section}\n\n{PROSE}\n\n- The first rule, for chapter {i}.\n- The second rule, with `code` and *emphasis*.\n- The third rule: see [the next chapter](#section-{i}{section}).\n\n");
        rust_block(&mut out, i, section * 2);
        let _ = write!(out, "\n{PROSE}\n\n| Type | Size | Copy |\n| --- | --- | --- |\n| `u32` | 4 | yes |\n| `String` | 24 | no |\n| `&str` | 16 | yes |\n\n");
        rust_block(&mut out, i, section * 2 + 1);
    }
    other_blocks(&mut out, i);
    out
}

/// Writes a book of `pages` chapters (a home page included) under `root`.
pub(crate) fn generate_book(root: &Path, pages: usize) {
    let content = root.join("content");
    std::fs::create_dir_all(&content).expect("content dir");
    std::fs::write(
        root.join("site.toml"),
        "title = \"Book\"\nbase-url = \"https://example.github.io/book/\"\n",
    )
    .expect("site.toml");
    std::fs::write(
        content.join("index.md"),
        "# The book\n\nStart with chapter 1.\n",
    )
    .expect("home");
    for i in 1..pages {
        std::fs::write(content.join(format!("chapter-{i}.md")), chapter(i)).expect("chapter");
    }
}

//! `cargo xtask mdbook-order`: what mdBook itself renders as the reading
//! order of each book `site` is tested on — every book of the foreign
//! corpus (the `mdbook` crate's own test books) and mdBook's guide
//! (`tests/fixtures/mdbook-guide`) — written to
//! `tests/fixtures/mdbook-order/` for the tests to judge `site` against,
//! so our reading of SUMMARY.md cannot drift from mdBook's.
//!
//! Each book is copied, its `book.toml` cut down to `[book]` (a book's
//! preprocessors and renderers are programs of its own that need not be
//! here, and do not change the order), and built by mdBook (installed into
//! `target/peers/` like `cargo xtask bench --peers` does). Its sidebar
//! (`toc.html`) gives each linked chapter's title, in order; draft
//! chapters, part headings and separators are not chapters.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Context;

use crate::{command, foreign, peers};

pub(crate) fn run() -> anyhow::Result<()> {
    let root = command::workspace_root();
    let mdbook = peers::mdbook(&root).context("mdBook is needed: cargo install mdbook failed")?;
    let out_dir = root.join("tests/fixtures/mdbook-order");
    std::fs::create_dir_all(&out_dir)?;
    let work = root.join("target/mdbook-order");
    let _ = std::fs::remove_dir_all(&work);

    let guide = order_of(
        &mdbook,
        &root.join("tests/fixtures/mdbook-guide"),
        &work.join("guide"),
    )?;
    std::fs::write(out_dir.join("guide.txt"), guide.join("\n") + "\n")?;

    let corpus = foreign::mdbook_corpus()?;
    let mut books = Vec::new();
    find_books(&corpus, &mut books)?;
    books.sort();
    let mut text = String::from(
        "# The chapters mdBook renders for each book of the foreign corpus, in order\n# (cargo xtask mdbook-order writes this file).\n",
    );
    for (i, book) in books.iter().enumerate() {
        let name = book
            .strip_prefix(&corpus)
            .unwrap_or(book)
            .display()
            .to_string();
        match order_of(&mdbook, book, &work.join(i.to_string())) {
            Ok(titles) => {
                writeln!(text, "== {name}")?;
                for title in titles {
                    writeln!(text, "{title}")?;
                }
            }
            Err(e) => writeln!(
                text,
                "== {name}\n!! mdBook did not build it: {}",
                first_line(&e)
            )?,
        }
    }
    std::fs::write(out_dir.join("corpus.txt"), text)?;
    println!(
        "mdbook-order: wrote {} (guide and {} books)",
        out_dir.display(),
        books.len()
    );
    Ok(())
}

fn first_line(error: &anyhow::Error) -> String {
    format!("{error:#}").lines().next().unwrap_or("").to_owned()
}

fn find_books(dir: &Path, books: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    if dir.join("book.toml").is_file() {
        books.push(dir.to_path_buf());
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            find_books(&path, books)?;
        }
    }
    Ok(())
}

/// The chapter titles mdBook's sidebar lists for `book`, in order.
fn order_of(mdbook: &Path, book: &Path, work: &Path) -> anyhow::Result<Vec<String>> {
    let copy = work.join("book");
    std::fs::create_dir_all(&copy)?;
    let status = Command::new("cp")
        .arg("-R")
        .arg(format!("{}/.", book.display()))
        .arg(&copy)
        .status()?;
    anyhow::ensure!(status.success(), "cannot copy {}", book.display());
    let toml_path = copy.join("book.toml");
    let text = std::fs::read_to_string(&toml_path)?;
    let kept: String = keep_book_table(&text);
    std::fs::write(&toml_path, kept)?;
    let out = work.join("out");
    let output = Command::new(mdbook)
        .arg("build")
        .arg(&copy)
        .arg("--dest-dir")
        .arg(&out)
        .output()?;
    anyhow::ensure!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
            .lines()
            .last()
            .unwrap_or("")
    );
    let toc = std::fs::read_to_string(out.join("toc.html"))
        .with_context(|| format!("no toc.html in {}", out.display()))?;
    Ok(sidebar_titles(&toc))
}

/// `book.toml` without its tables other than `[book]`.
fn keep_book_table(text: &str) -> String {
    let mut keep = true;
    let mut out = String::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            keep = trimmed == "[book]";
        }
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The text of each chapter link of mdBook's sidebar, in order, without
/// its section number.
fn sidebar_titles(toc: &str) -> Vec<String> {
    let mut titles = Vec::new();
    for piece in toc.split("<a href=\"").skip(1) {
        let Some((href, rest)) = piece.split_once('"') else {
            continue;
        };
        if href.starts_with("http") || href.starts_with('#') {
            continue;
        }
        let Some(inner) = rest.split_once('>').map(|(_, r)| r) else {
            continue;
        };
        let inner = inner.split("</a>").next().unwrap_or("");
        let inner = match inner.find("</strong>") {
            Some(at) => &inner[at + "</strong>".len()..],
            None => inner,
        };
        let mut text = String::new();
        let mut in_tag = false;
        for c in inner.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        titles.push(unescape(text.trim()));
    }
    titles
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sidebar_titles_are_the_linked_chapters_without_numbers() {
        let toc = r#"<ol class="chapter"><li class="chapter-item expanded affix "><a href="index.html">Intro</a></li><li class="chapter-item expanded affix "><li class="part-title">Part</li><li class="chapter-item expanded "><a href="a.html"><strong aria-hidden="true">1.</strong> A &amp; B</a></li><li class="chapter-item expanded "><div><strong aria-hidden="true">2.</strong> Draft</div></li><li class="spacer"></li></ol>"#;
        assert_eq!(sidebar_titles(toc), ["Intro", "A & B"]);
    }

    #[test]
    fn only_the_book_table_is_kept() {
        let text =
            "[book]\ntitle = \"x\"\n[preprocessor.a]\ncommand = \"y\"\n[output.html]\nfold = 1\n";
        assert_eq!(keep_book_table(text), "[book]\ntitle = \"x\"\n");
    }
}

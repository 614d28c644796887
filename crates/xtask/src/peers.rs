//! `cargo xtask bench --peers`: the highlight-heavy book corpus (the build
//! benchmark's, shaped like a real programming book) built by `site`, by
//! Hugo (Debian's `hugo`) and by mdBook (`cargo install mdbook --locked`
//! into `target/peers/`), side by side in one run. A peer that is neither
//! present nor installable is skipped, and the run says so. Each tool
//! builds the same chapters three times, the tools taking turns, and the
//! table gives each one's median, its peak memory and its time as a
//! multiple of `site`'s.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::Context;

use crate::command::{self, on_path, RunExt};

#[path = "../../site/benches/corpus/heavy.rs"]
mod book;

/// Chapters per book: the size the issue measured peers at.
const PAGES: usize = 1_000;
/// Runs per tool, taking turns.
const RUNS: usize = 3;

/// One tool: how to build a book laid out for it into `out`.
struct Peer {
    name: &'static str,
    program: PathBuf,
    args: Vec<String>,
    note: &'static str,
}

pub(crate) fn run() -> anyhow::Result<()> {
    command::cargo()
        .args([
            "build",
            "--quiet",
            "--release",
            "--package",
            "keydoctor-site",
            "--bin",
            "site",
        ])
        .run()?;
    let root = command::workspace_root();
    let work = root.join("target/peers/work");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).context("cannot make target/peers/work")?;

    let site_dir = work.join("site");
    book::generate_book(&site_dir, PAGES);
    let mut peers = vec![Peer {
        name: "site",
        program: root.join("target/release/site"),
        args: vec![
            "-q".into(),
            "build".into(),
            "--root".into(),
            site_dir.display().to_string(),
            "--output".into(),
            work.join("out-site").display().to_string(),
        ],
        note: "highlights at build time (own lexers, syntect for the rest)",
    }];
    match hugo() {
        Some(program) => {
            let dir = work.join("hugo");
            lay_out_for_hugo(&site_dir, &dir)?;
            peers.push(Peer {
                name: "hugo",
                program,
                args: vec![
                    "--quiet".into(),
                    "--source".into(),
                    dir.display().to_string(),
                    "--destination".into(),
                    work.join("out-hugo").display().to_string(),
                ],
                note: "highlights at build time (chroma)",
            });
        }
        None => println!("peers: skipping Hugo: not installed, and apt could not install it"),
    }
    match mdbook(&root) {
        Some(program) => {
            let dir = work.join("mdbook");
            lay_out_for_mdbook(&site_dir, &dir)?;
            peers.push(Peer {
                name: "mdbook",
                program,
                args: vec![
                    "build".into(),
                    dir.display().to_string(),
                    "--dest-dir".into(),
                    work.join("out-mdbook").display().to_string(),
                ],
                note: "highlights in the reader's browser (highlight.js); builds its search index by default",
            });
        }
        None => println!("peers: skipping mdBook: not installed, and cargo install failed"),
    }

    let mut times: Vec<Vec<f64>> = vec![Vec::new(); peers.len()];
    let mut memory: Vec<u64> = vec![0; peers.len()];
    for _ in 0..RUNS {
        for (i, peer) in peers.iter().enumerate() {
            let (seconds, kib) = time(peer)?;
            times[i].push(seconds);
            memory[i] = memory[i].max(kib);
        }
    }
    println!("\npeers: {PAGES} highlight-heavy chapters (~14 KB of markdown each), median of {RUNS} runs, tools taking turns");
    println!(
        "{:>8}  {:>9}  {:>9}  {:>11}  {:>8}  notes",
        "tool", "time", "pages/s", "peak memory", "vs site"
    );
    let median = |runs: &mut Vec<f64>| {
        runs.sort_by(f64::total_cmp);
        runs[runs.len() / 2]
    };
    let medians: Vec<f64> = times.iter_mut().map(median).collect();
    for (i, peer) in peers.iter().enumerate() {
        println!(
            "{:>8}  {:>8.2}s  {:>9.0}  {:>7.1} MiB  {:>7.1}x  {}",
            peer.name,
            medians[i],
            PAGES as f64 / medians[i],
            memory[i] as f64 / 1024.0,
            medians[i] / medians[0],
            peer.note
        );
    }
    Ok(())
}

/// Wall time and peak memory (KiB, from GNU time when installed) of one
/// build.
fn time(peer: &Peer) -> anyhow::Result<(f64, u64)> {
    let gnu_time = Path::new("/usr/bin/time");
    let mut command = if gnu_time.is_file() {
        let mut command = Command::new(gnu_time);
        command.args(["-f", "%M"]).arg(&peer.program);
        command
    } else {
        Command::new(&peer.program)
    };
    command.args(&peer.args);
    let started = Instant::now();
    let output = command
        .output()
        .with_context(|| format!("cannot run {}", peer.name))?;
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    anyhow::ensure!(output.status.success(), "{} failed:\n{stderr}", peer.name);
    let kib = stderr
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(0);
    Ok((seconds, kib))
}

/// Debian's Hugo, installed with apt when missing (as root).
fn hugo() -> Option<PathBuf> {
    if !on_path("hugo") {
        println!("peers: installing Hugo with apt");
        let installed = Command::new("apt-get")
            .args(["install", "-y", "-qq", "--no-install-recommends", "hugo"])
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .is_ok_and(|s| s.success());
        if !installed {
            return None;
        }
    }
    Some(PathBuf::from("hugo"))
}

/// mdBook, installed by cargo into `target/peers/` when missing.
pub(crate) fn mdbook(root: &Path) -> Option<PathBuf> {
    let installed = root.join("target/peers/bin/mdbook");
    if installed.is_file() {
        return Some(installed);
    }
    if on_path("mdbook") {
        return Some(PathBuf::from("mdbook"));
    }
    println!("peers: installing mdBook with cargo (a few minutes, once)");
    let ok = command::cargo()
        .args(["install", "--quiet", "--locked", "mdbook", "--root"])
        .arg(root.join("target/peers"))
        .status()
        .is_ok_and(|s| s.success());
    ok.then_some(installed)
}

/// The chapters of `site_dir/content` as a Hugo site: its TOML front
/// matter as is, and the smallest layouts that render every page.
fn lay_out_for_hugo(site_dir: &Path, dir: &Path) -> anyhow::Result<()> {
    copy_dir(&site_dir.join("content"), &dir.join("content"))?;
    // Hugo's home page is _index.md: an index.md would make the whole
    // content folder one page bundle, and the chapters its resources.
    std::fs::rename(dir.join("content/index.md"), dir.join("content/_index.md"))?;
    std::fs::write(
        dir.join("hugo.toml"),
        "baseURL = \"https://example.github.io/book/\"\ntitle = \"Book\"\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\"]\n",
    )?;
    let layouts = dir.join("layouts/_default");
    std::fs::create_dir_all(&layouts)?;
    // The least a page needs; site's pages carry more (sidebar, contents,
    // pager), so this favours Hugo.
    let page = "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body>{{ .Content }}</body></html>\n";
    for name in ["single.html", "list.html"] {
        std::fs::write(layouts.join(name), page)?;
    }
    std::fs::write(dir.join("layouts/index.html"), page)?;
    Ok(())
}

/// The chapters as an mdBook: front matter dropped (mdBook has none), a
/// SUMMARY.md listing them in order.
fn lay_out_for_mdbook(site_dir: &Path, dir: &Path) -> anyhow::Result<()> {
    let src = dir.join("src");
    std::fs::create_dir_all(&src)?;
    std::fs::write(dir.join("book.toml"), "[book]\ntitle = \"Book\"\n")?;
    let mut summary = String::from("# Summary\n\n[The book](index.md)\n\n");
    std::fs::copy(site_dir.join("content/index.md"), src.join("index.md"))?;
    for i in 1..PAGES {
        let name = format!("chapter-{i}.md");
        let text = std::fs::read_to_string(site_dir.join("content").join(&name))?;
        let body = text
            .strip_prefix("+++\n")
            .and_then(|rest| rest.split_once("\n+++\n"))
            .map_or(text.as_str(), |(_, body)| body);
        std::fs::write(src.join(&name), body)?;
        summary.push_str(&format!("- [Chapter {i}]({name})\n"));
    }
    std::fs::write(src.join("SUMMARY.md"), summary)?;
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        std::fs::copy(entry.path(), to.join(entry.file_name()))?;
    }
    Ok(())
}

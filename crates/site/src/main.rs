//! The `site` command: builds a documentation site from markdown, checks it,
//! serves it with live reload, and starts new ones.

use std::io::IsTerminal;
#[cfg(feature = "serve")]
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
#[cfg(feature = "serve")]
use std::sync::atomic::{AtomicBool, Ordering};
#[cfg(feature = "serve")]
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use keydoctor_site::runnable::{self, Outcome, Substitution};
#[cfg(feature = "serve")]
use keydoctor_site::serve::{LiveStatus, Server, Watcher};
use keydoctor_site::{
    build, BuildError, BuildOptions, BuildReport, ConfigError, Problem, Problems,
};
#[cfg(feature = "serve")]
use keydoctor_site::{build_with_cache, Config, Project, RenderCache};

/// Builds a static troubleshooting site from markdown in `content/` and Tera
/// templates in `theme/`, ready for GitHub Pages.
#[derive(Debug, Parser)]
#[command(name = "site", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print nothing but errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print more about what is done.
    #[arg(short, long, global = true)]
    verbose: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into the output directory (replaced atomically: a failed
    /// build leaves the previous output untouched).
    Build {
        #[command(flatten)]
        build: BuildArgs,
        /// Write the site even when pages have problems (broken links, bad
        /// front matter…), leaving out pages that cannot be read, and list
        /// the problems: for looking at a migrated site while fixing it.
        /// Still exits 1 when there are problems.
        #[arg(long)]
        keep_going: bool,
    },
    /// Build the site and serve it on 127.0.0.1 under its base path; rebuild
    /// on every edit to content/, theme/ or site.toml and reload open pages.
    #[cfg(feature = "serve")]
    Serve {
        #[command(flatten)]
        build: BuildArgs,
        /// Port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
    },
    /// Build into a temporary directory and report every problem (broken
    /// links and anchors, missing images, duplicate ids, front matter,
    /// templates) with file and line. Leaves the output alone. Exits 0 when
    /// there is none, 1 when there are problems, 2 when it could not run
    /// (an unreadable directory, the widget's files missing).
    Check {
        #[command(flatten)]
        build: BuildArgs,
        /// Also fetch every external link (needs curl and the network).
        #[arg(long)]
        external: bool,
        /// Count warnings (such as an image without alt text, or a section
        /// without index.md) as problems: exit 1 if there are any.
        #[arg(long)]
        strict: bool,
    },
    /// Run the code blocks marked `test` (```bash test, ```python test),
    /// each in a fresh temporary directory with the page's [test] files and
    /// environment, and report each with file and line. A block must exit
    /// with 0 (or its exit=N) and print the lines of the ```output block
    /// that follows it. Exits 0 when every block passes, 1 when one fails,
    /// times out or cannot run.
    Test {
        /// The site's root directory, holding content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Replace FROM with TO in every block and declared file before it
        /// runs (repeatable): point an API host at a test server, a
        /// placeholder key at a test key.
        #[arg(long = "substitute", value_name = "FROM=TO")]
        substitutions: Vec<Substitution>,
        /// Include pages marked `draft = true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Find the page that fixes a pasted error (or matches a few words),
    /// ranked exactly as the site's search box ranks it: the index is built
    /// in memory from content/, nothing is written. Reads the text from
    /// standard input when TEXT is `-` or missing.
    Search {
        /// The pasted error or the words to look for.
        text: Option<String>,
        /// Print the ranking as JSON (terms, results with URL, section,
        /// score and why, counter-evidence).
        #[arg(long)]
        json: bool,
        /// The site's root directory, holding site.toml and content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Create a new docs site in DIR: site.toml, a home page and a sample
    /// getting-started page.
    Init {
        /// Where to create the site (created if missing).
        dir: PathBuf,
        /// Also copy the default theme into DIR/theme/ for editing.
        #[arg(long)]
        theme: bool,
    },
}

#[derive(Debug, Args)]
struct BuildArgs {
    /// The site's root directory, holding site.toml, content/ and theme/.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Where to write the site [default: ROOT/www].
    #[arg(long)]
    output: Option<PathBuf>,
    /// Use this base URL instead of base-url from site.toml.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Directory holding the widget that ```widget blocks embed: its
    /// widget.json (naming its wasm-bindgen module, wasm, stylesheets and
    /// the origins it may connect to) and those files, as the widget's own
    /// build writes them.
    #[arg(long, value_name = "DIR", alias = "checker")]
    widget: Option<PathBuf>,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    drafts: bool,
}

impl BuildArgs {
    fn options(&self) -> BuildOptions {
        BuildOptions {
            output: self.output.clone().unwrap_or_else(|| self.root.join("www")),
            root: self.root.clone(),
            base_url: self.base_url.clone(),
            widget: self.widget.clone(),
            drafts: self.drafts,
            discard_output: false,
            keep_going: false,
        }
    }
}

/// Whether stderr is a terminal that wants colour.
fn colour_on_stderr() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Prints an error as `error: …`, the label red on a terminal.
fn print_error(error: &anyhow::Error) {
    let label = if colour_on_stderr() {
        "\x1b[1;31merror\x1b[0m"
    } else {
        "error"
    };
    eprintln!("{label}: {error:#}");
}

/// The summary line of a build.
fn built_line(report: &BuildReport) -> String {
    format!(
        "Built {} pages in {} ms -> {}",
        report.pages,
        report.elapsed.as_millis(),
        report.output.display()
    )
}

/// How much to print, and whether in colour.
#[derive(Debug, Clone, Copy)]
struct Output {
    quiet: bool,
    verbose: bool,
    colour: bool,
}

impl Output {
    fn summary(&self, text: &str) {
        if !self.quiet {
            if self.colour {
                eprintln!("\x1b[32m{text}\x1b[0m");
            } else {
                eprintln!("{text}");
            }
        }
    }

    /// Lists what built but deserves a look, as `warning: file:line: …`.
    fn warnings(&self, warnings: &[Problem]) {
        if self.quiet {
            return;
        }
        let label = if self.colour {
            "\x1b[1;33mwarning\x1b[0m"
        } else {
            "warning"
        };
        for warning in warnings {
            eprintln!("{label}: {warning}");
        }
    }

    fn detail(&self, text: &str) {
        if self.verbose {
            eprintln!("{text}");
        }
    }
}

fn run_build(args: &BuildArgs, keep_going: bool, out: Output) -> anyhow::Result<BuildOptions> {
    let options = BuildOptions {
        keep_going,
        ..args.options()
    };
    out.detail(&format!(
        "building {} into {} ({})",
        options.root.display(),
        options.output.display(),
        match &options.widget {
            Some(dir) => format!("widget from {}", dir.display()),
            None => "no widget: widget blocks show the theme's fallback".to_owned(),
        }
    ));
    let report = build(&options)?;
    out.warnings(&report.warnings);
    out.summary(&built_line(&report));
    if !report.problems.is_empty() {
        return Err(BuiltWithProblems(Problems(report.problems)).into());
    }
    Ok(options)
}

/// Problems a `--keep-going` build went past: the site is written, and
/// the exit status is still 1.
#[derive(Debug, thiserror::Error)]
#[error(
    "{0}\n(the site was built anyway: --keep-going leaves out only the pages that cannot be read)"
)]
struct BuiltWithProblems(Problems);

fn run_check(args: &BuildArgs, external: bool, strict: bool, out: Output) -> anyhow::Result<()> {
    let mut options = args.options();
    options.discard_output = true;
    let report = build(&options).map_err(|error| match error {
        // What is wrong with the site itself: problems found.
        BuildError::Config(ConfigError::Invalid { .. })
        | BuildError::Theme(_)
        | BuildError::Content(_) => anyhow::Error::from(error),
        other => CheckCouldNotRun(other.into()).into(),
    })?;
    if strict && !report.warnings.is_empty() {
        return Err(StrictWarnings(Problems(report.warnings)).into());
    }
    out.warnings(&report.warnings);
    if external {
        out.detail(&format!(
            "checking {} external links",
            report.external_links.len()
        ));
        let problems = keydoctor_site::check_external_links(&report.external_links);
        if !problems.is_empty() {
            return Err(Problems(problems).into());
        }
    }
    out.summary(&format!(
        "No problems in {} pages (checked in {} ms)",
        report.pages,
        report.elapsed.as_millis()
    ));
    Ok(())
}

/// Warnings found by `site check --strict`: exit status 1, like problems.
#[derive(Debug, thiserror::Error)]
#[error("--strict counts warnings as problems; {}", .0.to_string().replacen("problem", "warning", 1))]
struct StrictWarnings(Problems);

/// `site check` could not look at the site at all (as opposed to finding
/// problems in it): exit status 2.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
struct CheckCouldNotRun(anyhow::Error);

fn run_snippets(
    root: &Path,
    substitutions: &[Substitution],
    drafts: bool,
    out: Output,
) -> anyhow::Result<()> {
    let mut options = BuildOptions::new(root);
    options.drafts = drafts;
    let blocks = runnable::load(&options)?;
    let mut failed = 0;
    for block in &blocks {
        let started = Instant::now();
        let outcome = runnable::run_block(block, substitutions);
        let took = started.elapsed().as_millis();
        let (verdict, output) = match &outcome {
            Outcome::Passed => {
                out.detail(&format!(
                    "ok    {} ({}, {took} ms)",
                    block.location, block.lang
                ));
                continue;
            }
            Outcome::Failed { reason, output } => (reason.clone(), output.as_str()),
            Outcome::TimedOut { after, output } => (
                format!("timed out after {} s", after.as_secs()),
                output.as_str(),
            ),
            Outcome::NotRun(reason) => (reason.clone(), ""),
        };
        failed += 1;
        eprintln!("FAIL  {} ({}): {verdict}", block.location, block.lang);
        for line in output.lines().take(40) {
            eprintln!("      | {line}");
        }
    }
    anyhow::ensure!(
        failed == 0,
        "{failed} of {} runnable blocks failed",
        blocks.len()
    );
    out.summary(&match blocks.len() {
        1 => "1 runnable block passed".to_owned(),
        n => format!("{n} runnable blocks passed"),
    });
    Ok(())
}

fn run_search(text: Option<String>, json: bool, root: &Path) -> anyhow::Result<()> {
    let text = match text.as_deref() {
        None | Some("-") => {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
                .context("cannot read the text to search for from standard input")?;
            text
        }
        Some(text) => text.to_owned(),
    };
    let report = keydoctor_site::search::search_site(&BuildOptions::new(root), &text)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report.to_text());
    }
    Ok(())
}

fn run_init(dir: &Path, theme: bool, out: Output) -> anyhow::Result<()> {
    let written = keydoctor_site::init(dir, theme)?;
    for path in &written {
        out.detail(&format!("wrote {}", path.display()));
    }
    out.summary(&format!(
        "Created a site in {} ({} files). Next: site serve --root {}",
        dir.display(),
        written.len(),
        dir.display()
    ));
    Ok(())
}

#[cfg(feature = "serve")]
/// Serves the site with live reload: builds, serves, then rebuilds on every
/// edit. A failed rebuild is reported in the terminal and over the open
/// pages while the last good site stays served.
fn serve(mut args: BuildArgs, port: u16, out: Output) -> anyhow::Result<()> {
    let project = Project::open(&args.root, Path::to_path_buf)?;
    let base_url = match &args.base_url {
        Some(url) => url.clone(),
        None => project.config.base_url.clone(),
    };
    let base_path = keydoctor_site::urls::base_path(
        Config {
            base_url,
            ..Config::default()
        }
        .base_path(),
    );
    let live = Arc::new(LiveStatus::default());
    let output = args.options().output;
    let server = Server::start_live(
        &output,
        &base_path,
        SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
        Arc::clone(&live),
    )
    .with_context(|| format!("cannot listen on 127.0.0.1:{port}"))?;
    if args.base_url.is_none() {
        args.base_url = Some(format!("http://{}{base_path}", server.addr()));
    }
    // Serve what builds while the problems are being fixed.
    let options = BuildOptions {
        keep_going: true,
        ..args.options()
    };
    // Watching starts before the first build, so that no edit falls
    // between the two.
    let mut watched = vec![
        project.content_dir.clone(),
        options.root.join("theme"),
        options.root.join(keydoctor_site::STATIC_DIR),
        project.config_file.clone(),
    ];
    // `cargo xtask serve` rebuilds keydoctor's checker into this directory when its
    // sources change.
    watched.extend(options.widget.clone());
    let mut watcher = Watcher::new(watched).context("cannot watch the site's files for edits")?;
    let cache = RenderCache::deferring_search_index();
    match build_with_cache(&options, Some(&cache)) {
        Ok(report) => {
            out.warnings(&report.warnings);
            out.summary(&built_line(&report));
            // Nothing to reload yet: the open pages (if any) show the problems.
            if let Some(problems) = problems(&report) {
                print_error(&problems);
                live.failed(format!("{problems:#}"));
            }
        }
        Err(error) => {
            let error = anyhow::Error::from(error);
            print_error(&error);
            live.failed(format!("{error:#}"));
        }
    }
    out.summary(&format!(
        "Serving {} at http://{}{base_path} with live reload (Ctrl+C to stop)",
        options.output.display(),
        server.addr()
    ));
    let rebuild = |changes: Vec<PathBuf>| {
        let first = &changes[0];
        let started = Instant::now();
        cache.changed(&changes);
        match build_with_cache(&options, Some(&cache)) {
            Ok(report) => {
                // One update, so that open pages never reload into a build
                // whose problems they have not been told.
                let problems = problems(&report);
                match &problems {
                    None => live.built(),
                    Some(problems) => live.built_with_problems(format!("{problems:#}")),
                }
                out.warnings(&report.warnings);
                out.summary(&format!(
                    "Rebuilt {} pages in {} ms after a change to {}",
                    report.pages,
                    started.elapsed().as_millis(),
                    first.display()
                ));
                if let Some(problems) = problems {
                    print_error(&problems);
                }
            }
            Err(error) => {
                let error = anyhow::Error::from(error);
                print_error(&error);
                eprintln!("(still serving the last good build)");
                live.failed(format!("{error:#}"));
            }
        }
    };
    loop {
        write_search_index_until_edit(&mut watcher, &cache, out, &rebuild);
    }
}

#[cfg(feature = "serve")]
/// Waits for the next edit and `rebuild`s, writing meanwhile the search
/// index the last rebuild left (after the pages, so that an edit is served
/// without waiting for it). An edit stops that work, and the rebuild starts
/// while it winds down (its own index job finishes what this one began).
fn write_search_index_until_edit(
    watcher: &mut Watcher,
    cache: &RenderCache,
    out: Output,
    rebuild: &dyn Fn(Vec<PathBuf>),
) {
    let Some(job) = cache.take_search_index_job() else {
        return rebuild(watcher.next_edit());
    };
    let stop = AtomicBool::new(false);
    let started = Instant::now();
    std::thread::scope(|scope| {
        let mut running = Some(scope.spawn(|| job.run(cache, &stop)));
        loop {
            let changes = match running {
                Some(_) => watcher.wait(std::time::Duration::from_millis(20)),
                None => watcher.next_edit(),
            };
            if !changes.is_empty() {
                stop.store(true, Ordering::Relaxed);
            }
            let finished = |job: std::thread::ScopedJoinHandle<'_, _>| match job.join() {
                Ok(Ok(true)) => out.summary(&format!(
                    "Search index written in {} ms",
                    started.elapsed().as_millis()
                )),
                Ok(Ok(false)) => {}
                Ok(Err(error)) => print_error(&anyhow::Error::from(error)),
                Err(panic) => std::panic::resume_unwind(panic),
            };
            if let Some(job) = running.take_if(|job| job.is_finished()) {
                finished(job);
            }
            if !changes.is_empty() {
                rebuild(changes);
                if let Some(job) = running.take() {
                    finished(job);
                }
                return;
            }
        }
    })
}

#[cfg(feature = "serve")]
/// The problems a served build went past, as the error `site build
/// --keep-going` would end with.
fn problems(report: &BuildReport) -> Option<anyhow::Error> {
    (!report.problems.is_empty())
        .then(|| BuiltWithProblems(Problems(report.problems.clone())).into())
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let out = Output {
        quiet: cli.quiet,
        verbose: cli.verbose,
        colour: colour_on_stderr(),
    };
    match cli.command {
        Command::Build { build, keep_going } => run_build(&build, keep_going, out).map(drop),
        Command::Check {
            build,
            external,
            strict,
        } => run_check(&build, external, strict, out),
        Command::Init { dir, theme } => run_init(&dir, theme, out),
        Command::Test {
            root,
            substitutions,
            drafts,
        } => run_snippets(&root, &substitutions, drafts, out),
        #[cfg(feature = "serve")]
        Command::Serve { build, port } => serve(build, port, out),
        Command::Search { text, json, root } => run_search(text, json, &root),
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            print_error(&error);
            if error.downcast_ref::<CheckCouldNotRun>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}

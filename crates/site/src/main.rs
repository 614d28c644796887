//! The `site` command: builds keydoctor's documentation site and serves it.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use keydoctor_site::config::Config;
use keydoctor_site::serve::Server;
use keydoctor_site::{build, BuildOptions};

/// Builds a static troubleshooting site from markdown in `content/` and Tera
/// templates in `theme/`, ready for GitHub Pages.
#[derive(Debug, Parser)]
#[command(name = "site", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into the output directory (replaced atomically: a failed
    /// build leaves the previous output untouched).
    Build(BuildArgs),
    /// Build the site, then serve it on 127.0.0.1 under its base path.
    Serve {
        #[command(flatten)]
        build: BuildArgs,
        /// Port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
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
    /// Directory holding the checker's wasm-bindgen output (checker.js,
    /// checker_bg.wasm); `cargo xtask wasm` makes it.
    #[arg(long, value_name = "DIR")]
    checker: Option<PathBuf>,
    /// Also offer this API origin in the checker (tests with a mock API only;
    /// the checker must be built with its test-hosts feature to use it).
    #[arg(long = "test-api-host", value_name = "ORIGIN", hide = true)]
    test_api_hosts: Vec<String>,
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
            checker: self.checker.clone(),
            test_api_hosts: self.test_api_hosts.clone(),
            drafts: self.drafts,
        }
    }
}

fn run_build(args: &BuildArgs) -> anyhow::Result<BuildOptions> {
    let options = args.options();
    let report = build(&options)?;
    eprintln!(
        "Built {} pages in {} ms -> {}",
        report.pages,
        report.elapsed.as_millis(),
        report.output.display()
    );
    Ok(options)
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Build(args) => run_build(&args).map(drop),
        Command::Serve { build, port } => {
            let mut args = build;
            if args.base_url.is_none() {
                let config = Config::from_file(&args.root.join("site.toml"))?;
                args.base_url = Some(format!("http://127.0.0.1:{port}{}", config.base_path()));
            }
            let options = run_build(&args)?;
            let base_url = args.base_url.unwrap_or_default();
            let base_path = Config {
                base_url: base_url.clone(),
                ..Config::default()
            }
            .base_path()
            .to_owned();
            let server = Server::start(
                &options.output,
                &base_path,
                SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
            )
            .with_context(|| format!("cannot listen on 127.0.0.1:{port}"))?;
            eprintln!(
                "Serving {} at http://{}{base_path} (Ctrl+C to stop)",
                options.output.display(),
                server.addr()
            );
            loop {
                std::thread::park();
            }
        }
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
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

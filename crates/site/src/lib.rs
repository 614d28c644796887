//! keydoctor's static site generator: troubleshooting pages written in
//! markdown (`content/`), rendered through Tera templates (`theme/`) into a
//! static site (`www/`) that can be hosted under a sub-path such as GitHub
//! Pages' `/repo/`.
//!
//! [`build::build`] is the entry point; the `site` binary is a thin CLI over it.

pub mod build;
mod check;
pub mod config;
pub mod external;
pub mod fingerprint;
pub mod front_matter;
pub mod layout;
pub mod live;
pub mod location;
pub mod markdown;
pub mod nav;
pub mod output;
pub mod page;
pub mod problem;
mod publish;
pub mod runnable;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod sidebar;
pub mod static_dir;
pub mod theme;
pub mod watch;
pub mod widget_assets;
pub mod widget_manifest;

pub use build::{build, build_with_cache, BuildError, BuildOptions, BuildReport, RenderCache};

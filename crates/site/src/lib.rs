//! keydoctor's static site generator: troubleshooting pages written in
//! markdown (`content/`), rendered through Tera templates (`theme/`) into a
//! static site (`www/`) that can be hosted under a sub-path such as GitHub
//! Pages' `/repo/`.
//!
//! The folders are the pipeline's stages, each using only the ones before
//! it: [`source`] reads pages and static files, [`render`] turns markdown
//! into HTML, [`nav`] orders pages into the site's navigation, [`layout`]
//! puts pages through the theme's templates, [`check`] finds cross-page
//! problems and [`publish`] writes the output. [`build`] drives one build
//! through them; [`serve`] serves and rebuilds a site while it is edited.
//!
//! [`search`] indexes the rendered pages for the search box and `site
//! search`.
//!
//! [`build::build`] is the entry point; the `site` binary is a thin CLI over it.

pub mod config;
pub mod csp;
pub mod fingerprint;
pub mod location;
pub mod problem;

pub mod source;

pub mod render;

pub mod nav;

pub mod layout;

pub mod check;

pub mod publish;

pub mod build;

pub mod runnable;
pub mod scaffold;
pub mod search;
pub mod serve;

pub use build::{build, build_with_cache, BuildError, BuildOptions, BuildReport, RenderCache};

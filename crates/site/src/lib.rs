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
//! [`build()`] is the entry point; the `site` binary is a thin CLI over it.
//! The stages are the crate's own; what other crates use is re-exported
//! here, with the markdown renderer ([`render`]), where pages are published
//! ([`urls`]), front matter ([`source::front_matter`]), `site test`
//! ([`runnable`]) and the development server ([`serve`]).

// Foundations every stage shares.
pub(crate) mod config;
pub(crate) mod csp;
pub(crate) mod fingerprint;
pub(crate) mod location;
pub(crate) mod problem;
pub mod urls;

// The pipeline's stages, in order (apart, so rustfmt keeps the order).
pub mod source;

pub mod render;

pub(crate) mod nav;

pub(crate) mod layout;

pub(crate) mod check;

pub(crate) mod publish;

// One build through the stages.
pub(crate) mod build;

// Commands over builds and sources.
pub mod runnable;
pub(crate) mod scaffold;
pub mod search;
#[cfg(feature = "serve")]
pub mod serve;

pub use build::{
    build, build_with_cache, BuildError, BuildOptions, BuildReport, RenderCache, SearchIndexJob,
};
pub use check::external::check as check_external_links;
pub use config::{Config, ConfigError};
pub use csp::CspConfig;
pub use layout::theme::ThemeError;
pub use layout::widget_assets::WidgetAssetsError;
pub use layout::widget_manifest::{ManifestError, WidgetManifest, MANIFEST_FILE};
pub use location::Location;
pub use problem::{Problem, Problems};
pub use publish::output::OutputError;
pub use scaffold::{init, ScaffoldError};
pub use source::project::Project;
pub use source::static_dir::STATIC_DIR;

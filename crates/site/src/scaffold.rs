//! `site init`: a new docs site to start from (site.toml, a home page, a
//! getting-started page showing code, links and an alert), and optionally
//! a copy of the default theme to edit file by file.

use std::path::{Path, PathBuf};

use crate::layout::theme::{BUILTIN_STATIC, BUILTIN_TEMPLATES};

/// Why a site could not be scaffolded.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// The directory already holds a site; nothing was written.
    #[error("{}: already holds a site.toml; refusing to overwrite it", .0.display())]
    Exists(PathBuf),
    /// A file could not be written.
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

const SITE_TOML: &str = r#"# Settings for `site build`.
title = "My docs"
description = "Guides and fixes for our users."
# Where the site is published. On GitHub Pages: https://USER.github.io/REPO/
base-url = "https://example.github.io/my-docs/"
language = "en"
# Optional: an "Edit this page" link (the page's path is added), and a footer.
# edit-url = "https://github.com/USER/REPO/edit/main/content/"
# footer = "Made by the My docs team."
"#;

const INDEX_MD: &str = r#"# My docs

Start with [the first steps](getting-started.md), or find your error in
the menu.
"#;

const SAMPLE_MD: &str = r#"+++
title = "Getting started"
description = "Install the tool and check that it works."
weight = 10
+++

# Getting started

## Install

```bash
pip install my-tool
```

## Check that it works

```console
$ my-tool --version
my-tool 1.0.0
```

If it prints an error instead, see [the first section](#install) again.

> [!TIP]
> Link to other pages by their file, such as [the home page](index.md):
> the links then work on GitHub too, and `site check` finds broken ones.
"#;

/// Writes a new site into `dir` (created if needed). With `with_theme`, the
/// default templates and static files are copied into `dir/theme/`.
/// Returns the files written.
pub fn init(dir: &Path, with_theme: bool) -> Result<Vec<PathBuf>, ScaffoldError> {
    if dir.join("site.toml").exists() {
        return Err(ScaffoldError::Exists(dir.to_path_buf()));
    }
    let mut files: Vec<(PathBuf, &str)> = vec![
        (dir.join("site.toml"), SITE_TOML),
        (dir.join("content/index.md"), INDEX_MD),
        (dir.join("content/getting-started.md"), SAMPLE_MD),
    ];
    if with_theme {
        for (name, text) in BUILTIN_TEMPLATES.iter().chain(BUILTIN_STATIC.iter()) {
            files.push((dir.join("theme").join(name), text));
        }
    }
    let mut written = Vec::new();
    for (path, text) in files {
        if path.exists() {
            continue;
        }
        let write = |path: &Path| -> std::io::Result<()> {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, text)
        };
        write(&path).map_err(|source| ScaffoldError::Write {
            path: path.clone(),
            source,
        })?;
        written.push(path);
    }
    Ok(written)
}

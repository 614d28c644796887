//! `site init`: a new docs site to start from (site.toml, a home page, a
//! sample troubleshooting page with a checker block), and optionally a copy
//! of the default theme to edit file by file.

use std::path::{Path, PathBuf};

use crate::theme::{BUILTIN_STATIC, BUILTIN_TEMPLATES};

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
title = "My API troubleshooting guide"
description = "Fixes for the API errors our users meet."
# Where the site is published. On GitHub Pages: https://USER.github.io/REPO/
base-url = "https://example.github.io/my-docs/"
language = "en"
# Optional: an "Edit this page" link (the page's path is added), and a footer.
# edit-url = "https://github.com/USER/REPO/edit/main/content/"
# footer = "Made by the My API team."
"#;

const INDEX_MD: &str = r#"# My API troubleshooting guide

Find your error below, or paste it into your browser's search.

- [Missing permission](missing-permission.md)
"#;

const SAMPLE_MD: &str = r#"+++
title = "Missing permission: convai_write"
description = "What the 401 missing_permissions error means and how to fix it."
weight = 10
+++

# Missing permission: `convai_write`

## The error

```json
{"detail": {"status": "missing_permissions", "message": "The API key you used is missing the permission convai_write to execute this operation."}}
```

## Check your key

```checker
```

## Fix it

1. Open **Settings → API Keys** and edit the key.
2. Enable Conversational AI with write access.
3. Restart your server so it reads the key again.

> [!TIP]
> Go back to [the error](#the-error) to compare what you see.
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
        (dir.join("content/missing-permission.md"), SAMPLE_MD),
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

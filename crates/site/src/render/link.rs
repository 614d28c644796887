//! What a link or image destination in markdown points at, and how a
//! content-relative path is resolved.

/// The kinds of destination the renderer treats differently.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Destination<'a> {
    /// Another site, a `mailto:` address and the like: left as written.
    External,
    /// `/path` on this site: prefixed with the base path.
    SiteRoot(&'a str),
    /// `#anchor` on the same page.
    Fragment(&'a str),
    /// A relative markdown file, with an optional anchor: `other.md#fix`.
    Page {
        /// The path as written, without the anchor.
        path: &'a str,
        /// The anchor, without `#`.
        anchor: Option<&'a str>,
    },
    /// A relative file that is not markdown (an image, a download).
    Asset(&'a str),
}

/// Classifies a destination as written in markdown.
pub(crate) fn classify(dest: &str) -> Destination<'_> {
    let lower = dest.get(..12).unwrap_or(dest).to_ascii_lowercase();
    let has_scheme = dest.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if has_scheme || dest.starts_with("//") || lower.starts_with("mailto:") || dest.is_empty() {
        return Destination::External;
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return Destination::Fragment(anchor);
    }
    if let Some(rest) = dest.strip_prefix('/') {
        return Destination::SiteRoot(rest);
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor)),
        None => (dest, None),
    };
    let path_only = path.split('?').next().unwrap_or(path);
    if path_only.ends_with(".md") {
        Destination::Page {
            path: path_only,
            anchor,
        }
    } else {
        Destination::Asset(dest)
    }
}

/// Resolves `relative` against the directory of the content file `from`
/// (both `/`-separated, relative to `content/`). `None` if it climbs out.
pub(crate) fn resolve(from: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for segment in relative.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destinations_are_classified() {
        assert_eq!(classify("https://elevenlabs.io"), Destination::External);
        assert_eq!(classify("mailto:a@b.c"), Destination::External);
        assert_eq!(classify("//cdn.example/x"), Destination::External);
        assert_eq!(classify("#fix"), Destination::Fragment("fix"));
        assert_eq!(classify("/robots.txt"), Destination::SiteRoot("robots.txt"));
        assert_eq!(
            classify("invalid-key.md#check"),
            Destination::Page {
                path: "invalid-key.md",
                anchor: Some("check")
            }
        );
        assert_eq!(
            classify("../a.md"),
            Destination::Page {
                path: "../a.md",
                anchor: None
            }
        );
        assert_eq!(classify("img/shot.png"), Destination::Asset("img/shot.png"));
    }

    #[test]
    fn relative_paths_resolve_inside_content() {
        assert_eq!(resolve("a.md", "b.md").as_deref(), Some("b.md"));
        assert_eq!(resolve("guide/a.md", "../b.md").as_deref(), Some("b.md"));
        assert_eq!(
            resolve("guide/a.md", "./img/x.png").as_deref(),
            Some("guide/img/x.png")
        );
        assert_eq!(resolve("a.md", "../../etc/passwd"), None);
    }
}

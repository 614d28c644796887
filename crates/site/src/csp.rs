//! The pages' Content-Security-Policy: what `site.toml` may add to it
//! (`[content-security-policy]`: more image and style sources), and what
//! a page holds that the policy would block (an image from another site,
//! an inline `style`), which `site check` warns about: the browser would
//! only say so in its console.

use serde::{Deserialize, Serialize};

/// `[content-security-policy]` of `site.toml`: sources added to the
/// policy's `img-src` and `style-src` (each already allows the site
/// itself; `img-src` also `data:`).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct CspConfig {
    /// More image sources: `https://img.shields.io`, `https:`,
    /// `https://*.example.com`.
    pub img_src: Vec<String>,
    /// More style sources; `'unsafe-inline'` lets pages use `style=`
    /// attributes and `<style>` elements.
    pub style_src: Vec<String>,
}

impl CspConfig {
    /// Checks that every source is one the browser understands, so a typo
    /// is not silently ignored by the browser.
    pub fn validate(&self) -> Result<(), String> {
        for (directive, sources) in [("img-src", &self.img_src), ("style-src", &self.style_src)] {
            for source in sources {
                if !is_valid_source(source) {
                    return Err(format!(
                        "content-security-policy.{directive}: '{source}' is not a CSP source; write a scheme (`https:`), an origin (`https://img.shields.io`, `https://*.example.com`) or a keyword in single quotes (`'unsafe-inline'`)"
                    ));
                }
            }
        }
        Ok(())
    }

    /// `img-src` of the policy.
    pub fn img_src(&self) -> String {
        joined("'self' data:", &self.img_src)
    }

    /// `style-src` of the policy.
    pub fn style_src(&self) -> String {
        joined("'self'", &self.style_src)
    }

    /// Whether an image at `url` (absolute) may load.
    pub fn allows_image(&self, url: &str) -> bool {
        self.img_src
            .iter()
            .any(|source| source_matches(source, url))
    }

    /// Whether inline styles may apply.
    pub fn allows_inline_style(&self) -> bool {
        self.style_src.iter().any(|s| s == "'unsafe-inline'")
    }
}

fn joined(base: &str, extra: &[String]) -> String {
    let mut out = base.to_owned();
    for source in extra {
        out.push(' ');
        out.push_str(source);
    }
    out
}

fn is_valid_source(source: &str) -> bool {
    if source.starts_with('\'') {
        return source.len() > 2
            && source.ends_with('\'')
            && source[1..source.len() - 1]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-+/=".contains(&b));
    }
    !source.is_empty()
        && !source.contains([';', ',', ' ', '\'', '"'])
        && (source == "*" || source.contains(':') || source.contains('.'))
}

/// Whether the CSP source expression `source` allows `url`.
fn source_matches(source: &str, url: &str) -> bool {
    if source == "*" {
        return !url.starts_with("data:") && !url.starts_with("blob:");
    }
    let Some((scheme, rest)) = url.split_once(':') else {
        return false;
    };
    // A scheme source: `https:`.
    if let Some(source_scheme) = source.strip_suffix(':') {
        return source_scheme.eq_ignore_ascii_case(scheme)
            || (source_scheme.eq_ignore_ascii_case("http")
                && scheme.eq_ignore_ascii_case("https"));
    }
    let (source_scheme, source_rest) = match source.split_once("://") {
        Some((s, r)) => (Some(s), r),
        None => (None, source),
    };
    let scheme_ok = match source_scheme {
        Some(s) => s.eq_ignore_ascii_case(scheme) || (s == "http" && scheme == "https"),
        None => scheme == "https" || scheme == "http",
    };
    let Some(after) = rest.strip_prefix("//") else {
        return false;
    };
    let (host_port, path) = after.find('/').map_or((after, "/"), |i| after.split_at(i));
    let host = host_port.rsplit_once('@').map_or(host_port, |(_, h)| h);
    let (host, _port) = host.rsplit_once(':').unwrap_or((host, ""));
    let (source_host_port, source_path) = source_rest
        .find('/')
        .map_or((source_rest, ""), |i| source_rest.split_at(i));
    let source_host = source_host_port
        .rsplit_once(':')
        .map_or(source_host_port, |(h, _)| h);
    let host_ok = match source_host.strip_prefix("*.") {
        Some(domain) => {
            host.len() > domain.len()
                && host
                    .to_ascii_lowercase()
                    .ends_with(&format!(".{}", domain.to_ascii_lowercase()))
        }
        None => host.eq_ignore_ascii_case(source_host),
    };
    let path_ok = source_path.is_empty()
        || if source_path.ends_with('/') {
            path.starts_with(source_path)
        } else {
            path == source_path
        };
    scheme_ok && host_ok && path_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_images(sources: &[&str]) -> CspConfig {
        CspConfig {
            img_src: sources.iter().map(|s| (*s).to_owned()).collect(),
            style_src: Vec::new(),
        }
    }

    #[test]
    fn sources_match_as_browsers_match_them() {
        let csp = with_images(&[
            "https://img.shields.io",
            "https://*.example.com",
            "http://cdn.test/img/",
        ]);
        assert!(csp.allows_image("https://img.shields.io/badge/x.svg"));
        assert!(!csp.allows_image("https://img.shields.io.evil.com/x.svg"));
        assert!(csp.allows_image("https://a.example.com/x.png"));
        assert!(!csp.allows_image("https://example.com/x.png"));
        assert!(csp.allows_image("https://cdn.test/img/a.png"));
        assert!(!csp.allows_image("https://cdn.test/other/a.png"));
        assert!(!csp.allows_image("https://other.org/a.png"));
        assert!(with_images(&["https:"]).allows_image("https://any.where/a.png"));
        assert!(!with_images(&["https:"]).allows_image("http://any.where/a.png"));
        assert!(with_images(&["*"]).allows_image("http://any.where/a.png"));
    }

    #[test]
    fn the_policy_keeps_its_base_and_adds_sources() {
        let csp = CspConfig {
            img_src: vec!["https:".into()],
            style_src: vec!["'unsafe-inline'".into()],
        };
        assert_eq!(csp.img_src(), "'self' data: https:");
        assert_eq!(csp.style_src(), "'self' 'unsafe-inline'");
        assert!(csp.allows_inline_style());
        assert!(!CspConfig::default().allows_inline_style());
    }

    #[test]
    fn typos_are_rejected() {
        assert!(with_images(&["unsafe-inline"]).validate().is_err());
        assert!(with_images(&["https://a.b; script-src *"])
            .validate()
            .is_err());
        assert!(with_images(&["https://a.b", "'none'"]).validate().is_ok());
    }
}

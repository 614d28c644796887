//! `site check --external`: asks every linked site whether the page is
//! there. Uses the system's `curl` (present on every CI image and developer
//! machine) rather than a TLS stack compiled into the generator for one
//! optional check. Off by default: builds and tests make no network calls.

use std::process::Command;
use std::time::Duration;

use rayon::prelude::*;

use crate::problem::Problem;
use crate::render::ExternalLink;

/// How long one URL may take.
pub(crate) const TIMEOUT: Duration = Duration::from_secs(15);

/// What became of one URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LinkStatus {
    /// 2xx or 3xx after redirects.
    Ok(u16),
    /// 4xx or 5xx.
    Broken(u16),
    /// No answer: DNS, refused, timeout, TLS.
    Unreachable(String),
}

/// Checks one URL: HEAD first, then GET when the server refuses HEAD.
pub(crate) fn check_url(url: &str) -> LinkStatus {
    let status = |method: &str| -> Result<u16, String> {
        let output = Command::new("curl")
            .args([
                "--silent",
                "--show-error",
                "--location",
                "--output",
                "/dev/null",
            ])
            .args(["--write-out", "%{http_code}", "--max-time"])
            .arg(TIMEOUT.as_secs().to_string())
            .args(["--request", method, "--user-agent", "site-check"])
            .arg("--")
            .arg(url)
            .output()
            .map_err(|e| format!("cannot run curl: {e}"))?;
        let code: u16 = String::from_utf8_lossy(&output.stdout)
            .trim()
            .parse()
            .unwrap_or(0);
        if code == 0 {
            let err = String::from_utf8_lossy(&output.stderr);
            return Err(err.trim().trim_start_matches("curl: ").to_owned());
        }
        Ok(code)
    };
    let first = status("HEAD");
    let code = match first {
        Ok(405 | 403 | 501) | Err(_) => status("GET"),
        other => other,
    };
    match code {
        Ok(code @ 200..=399) => LinkStatus::Ok(code),
        Ok(code) => LinkStatus::Broken(code),
        Err(why) => LinkStatus::Unreachable(why),
    }
}

/// Checks every distinct URL once, in parallel; one problem per broken link.
pub fn check(links: &[ExternalLink]) -> Vec<Problem> {
    let mut urls: Vec<&str> = links.iter().map(|l| l.url.as_str()).collect();
    urls.sort_unstable();
    urls.dedup();
    let results: std::collections::HashMap<&str, LinkStatus> =
        urls.par_iter().map(|url| (*url, check_url(url))).collect();
    let mut problems: Vec<Problem> = links
        .iter()
        .filter_map(|link| {
            let why = match &results[link.url.as_str()] {
                LinkStatus::Ok(_) => return None,
                LinkStatus::Broken(code) => format!("answered HTTP {code}"),
                LinkStatus::Unreachable(why) => format!("unreachable: {why}"),
            };
            Some(Problem::new(
                link.location.clone(),
                format!("external link '{}' {why}", link.url),
            ))
        })
        .collect();
    problems.sort();
    problems
}

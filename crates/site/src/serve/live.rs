//! Live reload for `site serve`: the build status that open pages follow
//! (a generation number that grows with every build that writes the site, and
//! the last error or problems), the server-sent events that carry it, and the
//! script injected into served pages that swaps in the new page or shows the
//! error.

use std::convert::Infallible;
use std::time::Duration;

use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use tokio::sync::watch;

/// The path, under the base path, of the injected script.
pub(crate) const SCRIPT_PATH: &str = "__keydoctor/live.js";
/// The path, under the base path, of the event stream.
pub(crate) const EVENTS_PATH: &str = "__keydoctor/events";

/// The script open pages run (served only by `site serve`).
pub(crate) const SCRIPT: &str = include_str!("live.js");

/// How often an idle event stream sends a comment, so that proxies and
/// browsers keep it open.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Status {
    generation: u64,
    error: Option<String>,
}

/// What the last build did, shared between the rebuild loop and the server:
/// every open event stream follows it.
#[derive(Debug)]
pub struct LiveStatus {
    status: watch::Sender<Status>,
}

impl Default for LiveStatus {
    fn default() -> Self {
        Self {
            status: watch::Sender::new(Status::default()),
        }
    }
}

impl LiveStatus {
    /// A build succeeded: pages reload.
    pub fn built(&self) {
        self.status.send_modify(|status| {
            status.generation += 1;
            status.error = None;
        });
    }

    /// A build wrote the site but went past `problems`: pages show them
    /// and keep their content (they reload at the next clean build).
    pub fn built_with_problems(&self, problems: String) {
        self.status.send_modify(|status| {
            status.generation += 1;
            status.error = Some(problems);
        });
    }

    /// A build failed: pages show `error` and keep their content. The same
    /// error twice in a row is told once.
    pub fn failed(&self, error: String) {
        self.status.send_if_modified(|status| {
            let changed = status.error.as_ref() != Some(&error);
            status.error = Some(error);
            changed
        });
    }

    /// The status as server-sent events: one `status` event now and one
    /// per change (a burst of changes may arrive as its last), a comment
    /// every 15 s.
    pub(crate) fn events(&self) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
        let receiver = self.status.subscribe();
        let stream =
            futures_util::stream::unfold((receiver, true), |(mut receiver, first)| async move {
                if !first && receiver.changed().await.is_err() {
                    return None;
                }
                let event = event(&receiver.borrow_and_update());
                Some((Ok(event), (receiver, false)))
            });
        Sse::new(stream).keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
    }
}

/// One status as an event: `event: status` and the status as JSON (which
/// has no line breaks, so it is one `data:` line).
fn event(status: &Status) -> Event {
    let data = serde_json::json!({ "generation": status.generation, "error": status.error });
    Event::default().event("status").data(data.to_string())
}

/// Adds the live-reload script to an HTML page.
pub(crate) fn inject(html: &[u8], base_path: &str) -> Vec<u8> {
    let src = crate::urls::join(base_path, SCRIPT_PATH);
    let tag = format!("<script src=\"{src}\"></script>\n</head>");
    match std::str::from_utf8(html) {
        Ok(text) if text.contains("</head>") => text.replacen("</head>", &tag, 1).into_bytes(),
        _ => html.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_count_and_failures_keep_the_generation() {
        let live = LiveStatus::default();
        let mut receiver = live.status.subscribe();
        live.built();
        live.failed("content/a.md:3: broken link".into());
        assert!(receiver.has_changed().unwrap());
        assert_eq!(
            *receiver.borrow_and_update(),
            Status {
                generation: 1,
                error: Some("content/a.md:3: broken link".into())
            }
        );
        // The same error again is no news; a good build clears it.
        live.failed("content/a.md:3: broken link".into());
        assert!(!receiver.has_changed().unwrap());
        live.built();
        assert_eq!(
            *receiver.borrow_and_update(),
            Status {
                generation: 2,
                error: None
            }
        );
        // A build with problems is one change: pages hear of both at once.
        live.built_with_problems("content/b.md:1: broken link".into());
        assert_eq!(
            *receiver.borrow_and_update(),
            Status {
                generation: 3,
                error: Some("content/b.md:1: broken link".into())
            }
        );
    }

    #[test]
    fn script_goes_before_head_end() {
        let html = inject(
            b"<html><head><title>x</title></head><body></body></html>",
            "/repo/",
        );
        let html = String::from_utf8(html).unwrap();
        assert!(html.contains("<script src=\"/repo/__keydoctor/live.js\"></script>\n</head>"));
        assert_eq!(inject(b"plain", "/"), b"plain");
    }
}

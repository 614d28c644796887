//! Live reload for `site serve`: the build status that open pages follow
//! (a generation number that grows with every good build, and the last
//! error), the server-sent-events stream that carries it, and the script
//! injected into served pages that swaps in the new page or shows the error.

use std::io::Write;
use std::net::TcpStream;
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::Duration;

/// The path, under the base path, of the injected script.
pub const SCRIPT_PATH: &str = "__keydoctor/live.js";
/// The path, under the base path, of the event stream.
pub const EVENTS_PATH: &str = "__keydoctor/events";

/// The script open pages run (served only by `site serve`).
pub const SCRIPT: &str = include_str!("live.js");

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Status {
    generation: u64,
    error: Option<String>,
}

/// What the last build did, shared between the watcher and the server.
#[derive(Debug, Default)]
pub struct LiveStatus {
    status: Mutex<Status>,
    changed: Condvar,
}

impl LiveStatus {
    /// A build succeeded: pages reload.
    pub fn built(&self) {
        self.update(|s| {
            s.generation += 1;
            s.error = None;
        });
    }

    /// A build failed: pages show `error` and keep their content.
    pub fn failed(&self, error: String) {
        self.update(|s| s.error = Some(error));
    }

    fn update(&self, change: impl FnOnce(&mut Status)) {
        let mut status = self.status.lock().unwrap_or_else(PoisonError::into_inner);
        change(&mut status);
        self.changed.notify_all();
    }

    fn snapshot(&self) -> Status {
        self.status
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Waits up to `timeout` for a status other than `seen`.
    fn wait_change(&self, seen: &Status, timeout: Duration) -> Status {
        let status = self.status.lock().unwrap_or_else(PoisonError::into_inner);
        let (status, _) = self
            .changed
            .wait_timeout_while(status, timeout, |s| s == seen)
            .unwrap_or_else(PoisonError::into_inner);
        status.clone()
    }

    /// Streams the status to one client as server-sent events until it goes
    /// away: one `status` event now and one per change, a comment every 15 s.
    pub fn stream(&self, mut stream: TcpStream) -> std::io::Result<()> {
        stream.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\n\r\n",
        )?;
        let mut seen = self.snapshot();
        loop {
            stream.write_all(event(&seen).as_bytes())?;
            stream.flush()?;
            loop {
                let next = self.wait_change(&seen, Duration::from_secs(15));
                if next != seen {
                    seen = next;
                    break;
                }
                stream.write_all(b": keep-alive\n\n")?;
                stream.flush()?;
            }
        }
    }
}

fn event(status: &Status) -> String {
    let data = serde_json::json!({ "generation": status.generation, "error": status.error });
    format!("event: status\ndata: {data}\n\n")
}

/// Adds the live-reload script to an HTML page.
pub fn inject(html: &[u8], base_path: &str) -> Vec<u8> {
    let tag = format!("<script src=\"{base_path}{SCRIPT_PATH}\"></script>\n</head>");
    match std::str::from_utf8(html) {
        Ok(text) if text.contains("</head>") => text.replacen("</head>", &tag, 1).into_bytes(),
        _ => html.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_carry_generation_and_error() {
        let live = LiveStatus::default();
        live.built();
        live.failed("content/a.md:3: broken link".into());
        let text = event(&live.snapshot());
        assert!(text.starts_with("event: status\ndata: {"), "{text}");
        assert!(text.contains("\"generation\":1"), "{text}");
        assert!(text.contains("content/a.md:3: broken link"), "{text}");
        live.built();
        assert_eq!(
            live.snapshot(),
            Status {
                generation: 2,
                error: None
            }
        );
    }

    #[test]
    fn waiting_returns_on_change() {
        let live = std::sync::Arc::new(LiveStatus::default());
        let seen = live.snapshot();
        let other = std::sync::Arc::clone(&live);
        let handle = std::thread::spawn(move || other.wait_change(&seen, Duration::from_secs(5)));
        std::thread::sleep(Duration::from_millis(50));
        live.built();
        assert_eq!(handle.join().unwrap().generation, 1);
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

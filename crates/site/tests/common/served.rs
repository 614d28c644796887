//! `site serve` started on a site, for the serve tests and the
//! edit-to-served benchmark (`benches/serve_latency.rs` includes this
//! file): the real binary on a free port, its stderr read line by line.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// `site serve` on a directory; killed when dropped.
pub(crate) struct Served {
    pub(crate) child: Child,
    /// `127.0.0.1:port`.
    pub(crate) host: String,
    /// What it prints on stderr, line by line.
    pub(crate) lines: mpsc::Receiver<String>,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    /// Starts `site serve --port 0` on the site at `root` and waits up to
    /// `wait` for it to say where it serves.
    pub(crate) fn start(root: &Path, wait: Duration) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_site"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .stderr(Stdio::piped())
            .spawn()
            .expect("start site serve");
        let (tx, lines) = mpsc::channel();
        let stderr = child.stderr.take().expect("stderr");
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    return;
                }
            }
        });
        let line = wait_line(&lines, "Serving ", wait);
        let host = line
            .split(" at ")
            .nth(1)
            .and_then(|url| url.trim_start_matches("http://").split('/').next())
            .expect("an address")
            .to_owned();
        Served { child, host, lines }
    }

    /// The whole response to `GET path` (status line, headers, body), over
    /// a fresh HTTP/1.1 connection.
    pub(crate) fn get(&self, path: &str) -> String {
        let host = &self.host;
        let mut stream = TcpStream::connect(host).expect("connect");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .expect("send");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("read");
        response
    }
}

/// The first line from `lines` holding `needle`, waiting up to `wait`;
/// panics with the lines seen otherwise.
pub(crate) fn wait_line(lines: &mpsc::Receiver<String>, needle: &str, wait: Duration) -> String {
    let deadline = Instant::now() + wait;
    let mut seen = Vec::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match lines.recv_timeout(left) {
            Ok(line) if line.contains(needle) => return line,
            Ok(line) => seen.push(line),
            Err(_) => break,
        }
    }
    panic!("no line with {needle:?} within {wait:?}; saw {seen:?}");
}

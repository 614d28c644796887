//! A small static file server for a built site: serves the output directory
//! under the site's base path on 127.0.0.1, with correct MIME types
//! (`application/wasm` included) and the site's `404.html` for misses.

pub mod live;
pub mod watch;

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use live::LiveStatus;

/// A running server; stops when dropped.
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
}

impl Server {
    /// Serves `dir` under `base_path` on `addr` (port 0 picks a free one),
    /// in background threads.
    pub fn start(dir: &Path, base_path: &str, addr: SocketAddr) -> std::io::Result<Self> {
        Self::start_live(dir, base_path, addr, None)
    }

    /// Like [`Server::start`]; with `live`, pages get the live-reload script
    /// and the event stream that tells them about rebuilds.
    pub fn start_live(
        dir: &Path,
        base_path: &str,
        addr: SocketAddr,
        live: Option<Arc<LiveStatus>>,
    ) -> std::io::Result<Self> {
        let listener = TcpListener::bind(addr)?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let root = Arc::new(SiteRoot {
            dir: dir.to_path_buf(),
            base_path: base_path.to_owned(),
            live,
        });
        let stop_flag = Arc::clone(&stop);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop_flag.load(Ordering::Relaxed) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let root = Arc::clone(&root);
                std::thread::spawn(move || {
                    let _ = root.handle(stream);
                });
            }
        });
        Ok(Self { addr, stop })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_millis(200));
    }
}

struct SiteRoot {
    dir: PathBuf,
    base_path: String,
    live: Option<Arc<LiveStatus>>,
}

/// One response.
struct Reply {
    status: &'static str,
    content_type: &'static str,
    body: Vec<u8>,
    location: Option<String>,
}

/// The MIME type for a file name.
pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

impl SiteRoot {
    fn handle(&self, stream: TcpStream) -> std::io::Result<()> {
        stream.set_read_timeout(Some(Duration::from_secs(10)))?;
        let mut reader = BufReader::new(stream.try_clone()?);
        let mut stream = stream;
        loop {
            let mut request_line = String::new();
            if reader.read_line(&mut request_line)? == 0 {
                return Ok(());
            }
            let mut close = false;
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
                    break;
                }
                if header.to_ascii_lowercase().starts_with("connection: close") {
                    close = true;
                }
            }
            let mut parts = request_line.split_whitespace();
            let method = parts.next().unwrap_or("");
            let target = parts.next().unwrap_or("/");
            if let Some(live) = &self.live {
                let path = target.split('?').next().unwrap_or("");
                if path.strip_prefix(self.base_path.as_str()) == Some(live::EVENTS_PATH) {
                    return live.stream(stream);
                }
            }
            let reply = self.respond(target);
            let location = reply
                .location
                .map(|l| format!("Location: {l}\r\n"))
                .unwrap_or_default();
            let head = format!(
                "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n{location}Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\n\r\n",
                reply.status,
                reply.content_type,
                reply.body.len()
            );
            stream.write_all(head.as_bytes())?;
            if method != "HEAD" {
                stream.write_all(&reply.body)?;
            }
            stream.flush()?;
            if close {
                return Ok(());
            }
        }
    }

    fn respond(&self, target: &str) -> Reply {
        let path = target.split(['?', '#']).next().unwrap_or("/");
        let path = percent_decode(path);
        if path == self.base_path.trim_end_matches('/') {
            return Reply {
                status: "301 Moved Permanently",
                content_type: "text/plain",
                body: Vec::new(),
                location: Some(self.base_path.clone()),
            };
        }
        let relative = path.strip_prefix(&self.base_path);
        if self.live.is_some() && relative == Some(live::SCRIPT_PATH) {
            return Reply {
                status: "200 OK",
                content_type: "text/javascript; charset=utf-8",
                body: live::SCRIPT.as_bytes().to_vec(),
                location: None,
            };
        }
        let file = relative.and_then(|relative| self.file_for(relative));
        let (status, content_type, body) = match file
            .and_then(|f| std::fs::read(&f).ok().map(|bytes| (f, bytes)))
        {
            Some((file, bytes)) => ("200 OK", content_type(&file), bytes),
            None => (
                "404 Not Found",
                "text/html; charset=utf-8",
                std::fs::read(self.dir.join("404.html")).unwrap_or_else(|_| b"Not found".to_vec()),
            ),
        };
        let body = match &self.live {
            Some(_) if content_type.starts_with("text/html") => {
                live::inject(&body, &self.base_path)
            }
            _ => body,
        };
        Reply {
            status,
            content_type,
            body,
            location: None,
        }
    }

    fn file_for(&self, relative: &str) -> Option<PathBuf> {
        let relative = Path::new(relative);
        if relative
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
        {
            return None;
        }
        let path = self.dir.join(relative);
        if path.is_dir() {
            Some(path.join("index.html")).filter(|p| p.is_file())
        } else {
            Some(path).filter(|p| p.is_file())
        }
    }
}

/// Decodes `%XX` escapes (two hex digits); anything else, malformed escapes
/// included, is kept as written. Invalid UTF-8 becomes U+FFFD.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match bytes.get(i..i + 3) {
            Some([b'%', high, low]) => hex(*high).zip(hex(*low)),
            _ => None,
        };
        match escaped {
            Some((high, low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wasm_and_html_types() {
        assert_eq!(
            content_type(Path::new("a/widget-1.wasm")),
            "application/wasm"
        );
        assert_eq!(
            content_type(Path::new("index.html")),
            "text/html; charset=utf-8"
        );
    }

    #[test]
    fn escapes_need_two_hex_digits() {
        assert_eq!(percent_decode("a%20b%2Fc"), "a b/c");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%+f"), "%+f");
    }

    #[test]
    fn traversal_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("index.html"), "home").unwrap();
        let root = SiteRoot {
            dir: tmp.path().join("www"),
            base_path: "/repo/".into(),
            live: None,
        };
        assert!(root.file_for("../index.html").is_none());
        assert_eq!(
            root.respond("/repo/%2e%2e/index.html").status,
            "404 Not Found"
        );
        assert_eq!(root.respond("/elsewhere/").status, "404 Not Found");
        let moved = root.respond("/repo");
        assert_eq!(moved.status, "301 Moved Permanently");
        assert_eq!(moved.location.as_deref(), Some("/repo/"));
    }
}

//! The HTTP server of `site serve` and of the browser tests: serves a built
//! site's output directory on 127.0.0.1 under the site's base path, answers
//! misses with the site's `404.html`, and, for `site serve`, adds live
//! reload (the script in every page and the event stream it follows).
//!
//! axum runs on a small tokio runtime of the server's own, so callers stay
//! synchronous. Files go through tower-http's `ServeDir`: MIME types from
//! mime_guess (`application/wasm` included), percent-decoding, `..` and
//! other escapes refused, HEAD, ranges and ETags.

mod live;
mod watch;

pub use live::LiveStatus;
pub use watch::Watcher;

use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_LENGTH, CONTENT_TYPE, LOCATION};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use tower_http::services::ServeDir;

use crate::urls;

/// What a browser percent-encodes in a URL's path (the WHATWG URL
/// standard's path percent-encode set); the base path is matched in that
/// form.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// Served for a miss when the site has no `404.html` (it has not built
/// yet): a page all the same, so that live reload can follow the build.
const NO_404_PAGE: &str = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Not found</title>\n</head>\n<body>\n<p>Not found.</p>\n</body>\n</html>\n";

/// A running server; stops when dropped.
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Server {
    /// Serves `dir` under `base_path` (such as `/repo/`; `/repo` and `repo`
    /// mean the same) on `addr` (port 0 picks a free one), in background
    /// threads.
    pub fn start(dir: &Path, base_path: &str, addr: SocketAddr) -> io::Result<Self> {
        Self::spawn(Site::new(dir, base_path, None), addr)
    }

    /// Like [`Server::start`], with live reload: pages get the script that
    /// follows `live`, and the event stream that carries it.
    pub fn start_live(
        dir: &Path,
        base_path: &str,
        addr: SocketAddr,
        live: Arc<LiveStatus>,
    ) -> io::Result<Self> {
        Self::spawn(Site::new(dir, base_path, Some(live)), addr)
    }

    fn spawn(site: Site, addr: SocketAddr) -> io::Result<Self> {
        // Bound here, so that a port in use is this call's error.
        let listener = std::net::TcpListener::bind(addr)?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("site-serve")
            .enable_all()
            .build()?;
        let listener = {
            let _entered = runtime.enter();
            tokio::net::TcpListener::from_std(listener)?
        };
        let app = Router::new().fallback(respond).with_state(Arc::new(site));
        runtime.spawn(async move { axum::serve(listener, app).await });
        Ok(Self {
            addr,
            runtime: Some(runtime),
        })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Ends every task at once, open event streams included (a graceful
        // shutdown would wait for them forever).
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// What one server serves.
struct Site {
    /// The output directory, for its `404.html`.
    dir: PathBuf,
    /// The base path as configured (`/repo/`), written into pages.
    base_path: String,
    /// The base path as browsers send it, percent-encoded.
    url_base: String,
    files: ServeDir,
    live: Option<Arc<LiveStatus>>,
}

impl Site {
    fn new(dir: &Path, base_path: &str, live: Option<Arc<LiveStatus>>) -> Self {
        let base_path = urls::base_path(base_path);
        let url_base = utf8_percent_encode(&base_path, PATH).to_string();
        // A folder asked for without its trailing slash is redirected to
        // it (as GitHub Pages does), under the base path.
        let files = ServeDir::new(dir).redirect_path_prefix(url_base.trim_end_matches('/'));
        Self {
            dir: dir.to_path_buf(),
            base_path,
            url_base,
            files,
            live,
        }
    }

    async fn route(&self, mut request: Request) -> Response {
        let path = request.uri().path();
        if path != "/" && path == self.url_base.trim_end_matches('/') {
            return (
                StatusCode::MOVED_PERMANENTLY,
                [(LOCATION, self.url_base.clone())],
            )
                .into_response();
        }
        let Some(relative) = path.strip_prefix(self.url_base.as_str()) else {
            return self.not_found().await;
        };
        if let Some(live) = &self.live {
            match relative {
                live::SCRIPT_PATH => {
                    return (
                        [(CONTENT_TYPE, "text/javascript; charset=utf-8")],
                        live::SCRIPT,
                    )
                        .into_response()
                }
                live::EVENTS_PATH => return live.events().into_response(),
                _ => {}
            }
        }
        // ServeDir looks paths up from the output directory's root.
        let inner = match request.uri().query() {
            Some(query) => format!("/{relative}?{query}"),
            None => format!("/{relative}"),
        };
        let Ok(inner) = inner.parse::<Uri>() else {
            return self.not_found().await;
        };
        *request.uri_mut() = inner;
        let head = request.method() == Method::HEAD;
        match self.files.clone().try_call(request).await {
            Ok(response) if response.status() == StatusCode::NOT_FOUND => self.not_found().await,
            Ok(response) => self.finish(response.map(Body::new), head).await,
            Err(error) if error.kind() == io::ErrorKind::NotFound => self.not_found().await,
            Err(error) => (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response(),
        }
    }

    /// A file's response as sent: text declared UTF-8, and with live
    /// reload, the script added to pages.
    async fn finish(&self, response: Response, head: bool) -> Response {
        let (mut parts, body) = response.into_parts();
        declare_utf8(&mut parts.headers);
        let is_page = parts
            .headers
            .get(CONTENT_TYPE)
            .is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
        if self.live.is_none() || !is_page || head || parts.status != StatusCode::OK {
            return Response::from_parts(parts, body);
        }
        let page = match axum::body::to_bytes(body, usize::MAX).await {
            Ok(page) => page,
            Err(error) => {
                return (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response()
            }
        };
        parts.headers.remove(CONTENT_LENGTH);
        Response::from_parts(parts, Body::from(live::inject(&page, &self.base_path)))
    }

    /// The site's `404.html` with status 404.
    async fn not_found(&self) -> Response {
        let page = tokio::fs::read(self.dir.join("404.html"))
            .await
            .unwrap_or_else(|_| NO_404_PAGE.as_bytes().to_vec());
        let page = match &self.live {
            Some(_) => live::inject(&page, &self.base_path),
            None => page,
        };
        (
            StatusCode::NOT_FOUND,
            [(CONTENT_TYPE, "text/html; charset=utf-8")],
            page,
        )
            .into_response()
    }
}

/// The one handler: every request goes through [`Site::route`]; no answer
/// is cached without asking (pages change with every build).
async fn respond(State(site): State<Arc<Site>>, request: Request) -> Response {
    let mut response = site.route(request).await;
    let headers = response.headers_mut();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// Adds `charset=utf-8` to a text type that names no charset (the site's
/// pages, styles and scripts are UTF-8).
fn declare_utf8(headers: &mut HeaderMap) {
    let Some(Ok(kind)) = headers.get(CONTENT_TYPE).map(HeaderValue::to_str) else {
        return;
    };
    let textual = kind.starts_with("text/") || kind == "application/javascript";
    if textual && !kind.contains("charset") {
        if let Ok(value) = HeaderValue::from_str(&format!("{kind}; charset=utf-8")) {
            headers.insert(CONTENT_TYPE, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::{Ipv4Addr, TcpStream};

    /// One request over a fresh connection: the status line, the headers
    /// (names lower-cased) and the body.
    fn fetch(server: &Server, method: &str, path: &str) -> (String, Vec<(String, String)>, String) {
        let mut stream = TcpStream::connect(server.addr()).unwrap();
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            server.addr()
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let (head, body) = response.split_once("\r\n\r\n").unwrap();
        let mut lines = head.lines();
        let status = lines.next().unwrap().to_owned();
        let headers = lines
            .filter_map(|line| line.split_once(": "))
            .map(|(name, value)| (name.to_ascii_lowercase(), value.to_owned()))
            .collect();
        (status, headers, body.to_owned())
    }

    fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn site() -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        let www = tmp.path().join("www");
        std::fs::create_dir_all(www.join("guide")).unwrap();
        std::fs::write(
            www.join("index.html"),
            "<html><head><title>Home</title></head><body>home</body></html>",
        )
        .unwrap();
        std::fs::write(
            www.join("guide/index.html"),
            "<html><head></head><body>guide</body></html>",
        )
        .unwrap();
        std::fs::write(
            www.join("404.html"),
            "<html><head></head><body>no such page</body></html>",
        )
        .unwrap();
        std::fs::write(www.join("widget-1.wasm"), b"\0asm").unwrap();
        std::fs::write(www.join("style.css"), "body{}").unwrap();
        std::fs::write(tmp.path().join("secret.txt"), "outside").unwrap();
        tmp
    }

    fn local() -> SocketAddr {
        SocketAddr::from((Ipv4Addr::LOCALHOST, 0))
    }

    #[test]
    fn serves_under_the_base_path_with_types() {
        let tmp = site();
        let server = Server::start(&tmp.path().join("www"), "/repo/", local()).unwrap();
        let (status, headers, body) = fetch(&server, "GET", "/repo/");
        assert_eq!(status, "HTTP/1.1 200 OK");
        assert_eq!(
            body,
            "<html><head><title>Home</title></head><body>home</body></html>"
        );
        assert_eq!(
            header(&headers, "content-type"),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(header(&headers, "cache-control"), Some("no-cache"));
        assert_eq!(header(&headers, "x-content-type-options"), Some("nosniff"));
        let (_, headers, _) = fetch(&server, "GET", "/repo/widget-1.wasm");
        assert_eq!(header(&headers, "content-type"), Some("application/wasm"));
        let (_, headers, _) = fetch(&server, "GET", "/repo/style.css?v=2");
        assert_eq!(
            header(&headers, "content-type"),
            Some("text/css; charset=utf-8")
        );
        let (status, headers, body) = fetch(&server, "HEAD", "/repo/guide/");
        assert_eq!(status, "HTTP/1.1 200 OK");
        let guide = std::fs::read(tmp.path().join("www/guide/index.html")).unwrap();
        assert_eq!(
            header(&headers, "content-length"),
            Some(guide.len().to_string().as_str())
        );
        assert_eq!(body, "");
        // No live reload on a plain server.
        assert!(fetch(&server, "GET", "/repo/__keydoctor/live.js")
            .0
            .contains("404"));
    }

    #[test]
    fn the_base_path_and_folders_are_redirected_to_their_slash() {
        let tmp = site();
        let server = Server::start(&tmp.path().join("www"), "/repo/", local()).unwrap();
        let (status, headers, _) = fetch(&server, "GET", "/repo");
        assert_eq!(status, "HTTP/1.1 301 Moved Permanently");
        assert_eq!(header(&headers, "location"), Some("/repo/"));
        let (status, headers, _) = fetch(&server, "GET", "/repo/guide?x=1");
        assert_eq!(status, "HTTP/1.1 307 Temporary Redirect");
        assert_eq!(header(&headers, "location"), Some("/repo/guide/?x=1"));
    }

    #[test]
    fn misses_and_escapes_get_the_404_page() {
        let tmp = site();
        let server = Server::start(&tmp.path().join("www"), "/repo/", local()).unwrap();
        for path in [
            "/repo/nowhere/",
            "/repo/../secret.txt",
            "/repo/%2e%2e/secret.txt",
            "/repo/..%2fsecret.txt",
            "/elsewhere/",
            "/",
        ] {
            let (status, headers, body) = fetch(&server, "GET", path);
            assert_eq!(status, "HTTP/1.1 404 Not Found", "{path}");
            assert_eq!(
                body, "<html><head></head><body>no such page</body></html>",
                "{path}"
            );
            assert_eq!(
                header(&headers, "content-type"),
                Some("text/html; charset=utf-8")
            );
        }
    }

    #[test]
    fn a_base_path_is_matched_as_browsers_encode_it() {
        let tmp = site();
        let server = Server::start(&tmp.path().join("www"), "/my docs/", local()).unwrap();
        assert_eq!(fetch(&server, "GET", "/my%20docs/").0, "HTTP/1.1 200 OK");
        let (status, headers, _) = fetch(&server, "GET", "/my%20docs");
        assert_eq!(status, "HTTP/1.1 301 Moved Permanently");
        assert_eq!(header(&headers, "location"), Some("/my%20docs/"));
    }

    #[test]
    fn live_pages_get_the_script_and_the_stream_follows_builds() {
        let tmp = site();
        let live = Arc::new(LiveStatus::default());
        let server = Server::start_live(
            &tmp.path().join("www"),
            "/repo/",
            local(),
            Arc::clone(&live),
        )
        .unwrap();
        let tag = "<script src=\"/repo/__keydoctor/live.js\"></script>\n</head>";
        let (_, headers, body) = fetch(&server, "GET", "/repo/guide/");
        assert!(body.contains(tag), "{body}");
        let length: usize = header(&headers, "content-length").unwrap().parse().unwrap();
        assert_eq!(length, body.len());
        assert!(fetch(&server, "GET", "/repo/missing").2.contains(tag));
        let (status, headers, script) = fetch(&server, "GET", "/repo/__keydoctor/live.js");
        assert_eq!(status, "HTTP/1.1 200 OK");
        assert_eq!(
            header(&headers, "content-type"),
            Some("text/javascript; charset=utf-8")
        );
        assert!(script.contains("EventSource"));

        let mut stream = TcpStream::connect(server.addr()).unwrap();
        write!(
            stream,
            "GET /repo/__keydoctor/events HTTP/1.1\r\nHost: x\r\n\r\n"
        )
        .unwrap();
        let mut lines = BufReader::new(stream).lines().map_while(Result::ok);
        let mut next_data = || {
            lines
                .by_ref()
                .find_map(|line| line.strip_prefix("data: ").map(str::to_owned))
                .unwrap()
        };
        assert_eq!(next_data(), r#"{"error":null,"generation":0}"#);
        live.failed("content/a.md:3: broken link 'gone.md'\nsecond line".into());
        assert_eq!(
            next_data(),
            r#"{"error":"content/a.md:3: broken link 'gone.md'\nsecond line","generation":0}"#
        );
        live.built();
        assert_eq!(next_data(), r#"{"error":null,"generation":1}"#);
    }

    #[test]
    fn a_base_path_without_its_trailing_slash_serves_the_same_urls() {
        let tmp = site();
        let www = tmp.path().join("www");
        let live = || Arc::new(LiveStatus::default());
        let with = Server::start_live(&www, "/repo/", local(), live()).unwrap();
        let without = Server::start_live(&www, "/repo", local(), live()).unwrap();
        let bare = Server::start_live(&www, "repo", local(), live()).unwrap();
        // The whole answer but its date.
        let answer = |server: &Server, path: &str| {
            let (status, mut headers, body) = fetch(server, "GET", path);
            headers.retain(|(name, _)| name != "date");
            (status, headers, body)
        };
        for path in [
            "/repo/",
            "/repo",
            "/repo/guide/",
            "/repo/guide",
            "/repo/missing",
            "/repo/__keydoctor/live.js",
            "/repog/",
            "/",
        ] {
            let expected = answer(&with, path);
            assert_eq!(answer(&without, path), expected, "{path}");
            assert_eq!(answer(&bare, path), expected, "{path}");
        }
        // The script pages load is under the base path either way.
        let tag = "<script src=\"/repo/__keydoctor/live.js\"></script>";
        assert!(fetch(&without, "GET", "/repo/guide/").2.contains(tag));
    }

    #[test]
    fn a_site_not_built_yet_still_answers_with_a_page() {
        let tmp = tempfile::tempdir().unwrap();
        let live = Arc::new(LiveStatus::default());
        let server = Server::start_live(&tmp.path().join("www"), "/", local(), live).unwrap();
        let (status, _, body) = fetch(&server, "GET", "/");
        assert_eq!(status, "HTTP/1.1 404 Not Found");
        assert!(
            body.contains("<script src=\"/__keydoctor/live.js\"></script>"),
            "{body}"
        );
    }
}

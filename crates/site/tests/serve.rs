//! `site serve` as a writer uses it: start it on a free port, fetch pages,
//! edit a page and see the rebuilt page and the reload signal; break a page
//! and see the error reported while the last good site stays served.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

mod common;
use common::copy_fixture;

const WAIT: Duration = Duration::from_secs(10);

struct Served {
    child: Child,
    origin: String,
    lines: mpsc::Receiver<String>,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &Path) -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_site"))
        .args(["serve", "--port", "0"])
        .current_dir(root)
        .stderr(Stdio::piped())
        .spawn()
        .expect("start site serve");
    let (tx, lines) = mpsc::channel();
    let stderr = child.stderr.take().expect("stderr");
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let line = wait_line(&lines, "Serving ");
    let origin = line
        .split("at ")
        .nth(1)
        .and_then(|rest| rest.split('/').nth(2))
        .map(|host| format!("http://{host}"))
        .expect("an address");
    Served {
        child,
        origin,
        lines,
    }
}

fn wait_line(lines: &mpsc::Receiver<String>, needle: &str) -> String {
    let deadline = Instant::now() + WAIT;
    let mut seen = Vec::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match lines.recv_timeout(left) {
            Ok(line) if line.contains(needle) => return line,
            Ok(line) => seen.push(line),
            Err(_) => break,
        }
    }
    panic!("no line with {needle:?} within {WAIT:?}; saw {seen:?}");
}

/// GET over plain HTTP/1.1; returns status line and body.
fn get(origin: &str, path: &str) -> (String, String) {
    let host = origin.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    (
        head.lines().next().unwrap_or("").to_owned(),
        body.to_owned(),
    )
}

/// Opens the live-reload event stream; events arrive on the channel.
fn events(origin: &str) -> mpsc::Receiver<String> {
    let host = origin.trim_start_matches("http://").to_owned();
    let (tx, rx) = mpsc::channel();
    let mut stream = TcpStream::connect(&host).expect("connect");
    write!(
        stream,
        "GET /fixture/__keydoctor/events HTTP/1.1\r\nHost: {host}\r\n\r\n"
    )
    .expect("send");
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if let Some(data) = line.strip_prefix("data: ") {
                if tx.send(data.to_owned()).is_err() {
                    return;
                }
            }
        }
    });
    rx
}

fn wait_until(mut check: impl FnMut() -> bool) -> Duration {
    let started = Instant::now();
    while started.elapsed() < WAIT {
        if check() {
            return started.elapsed();
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("condition not met within {WAIT:?}");
}

#[test]
fn edits_are_rebuilt_and_signalled_and_problems_are_listed_over_the_new_site() {
    let dir = copy_fixture("valid");
    let served = start(dir.path());

    let (status, home) = get(&served.origin, "/fixture/");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(home.contains("Welcome to the fixture"));
    assert!(
        home.contains("<script src=\"/fixture/__keydoctor/live.js\"></script>"),
        "no live-reload script"
    );
    let (status, script) = get(&served.origin, "/fixture/__keydoctor/live.js");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(script.contains("EventSource"));
    let (status, wasm_type) = get(&served.origin, "/fixture");
    assert_eq!(status, "HTTP/1.1 301 Moved Permanently", "{wasm_type}");

    let stream = events(&served.origin);
    let first = stream.recv_timeout(WAIT).expect("an initial status event");
    assert!(
        first.contains("\"generation\":0") && first.contains("\"error\":null"),
        "{first}"
    );

    // A good edit: the page changes and the stream says so.
    let page = dir.path().join("content/index.md");
    std::fs::write(&page, "# Welcome, edited\n\nNew text.\n").expect("edit");
    let took = wait_until(|| {
        get(&served.origin, "/fixture/")
            .1
            .contains("Welcome, edited")
    });
    let event = stream.recv_timeout(WAIT).expect("a reload event");
    assert!(event.contains("\"generation\":1"), "{event}");
    wait_line(&served.lines, "Rebuilt 3 pages");
    eprintln!("edit visible after {took:?}");

    // An edit with a problem: the site is rebuilt and served as it is (a
    // migrating writer looks while fixing), and the problem is listed in
    // the terminal and over the open pages.
    std::fs::write(&page, "# Broken\n\n[nowhere](gone.md)\n").expect("break");
    let event = loop {
        let event = stream
            .recv_timeout(WAIT)
            .expect("an event with the problem");
        if !event.contains("\"error\":null") {
            break event;
        }
    };
    assert!(
        event.contains("content/index.md:3: broken link 'gone.md'"),
        "{event}"
    );
    wait_line(&served.lines, "the site was built anyway");
    assert!(get(&served.origin, "/fixture/").1.contains("Broken"));

    // Fixing it clears the problem.
    std::fs::write(&page, "# Fixed again\n").expect("fix");
    let event = stream.recv_timeout(WAIT).expect("a recovery event");
    assert!(
        event.contains("\"generation\":3") && event.contains("\"error\":null"),
        "{event}"
    );
    assert!(get(&served.origin, "/fixture/").1.contains("Fixed again"));
}

/// A link loop in content/ (a folder linking to its own ancestor) must
/// neither hang nor overflow the watcher: `site serve` reports the loop as
/// `site build` does, keeps serving, and builds once the link is gone.
#[cfg(unix)]
#[test]
fn a_link_loop_in_content_is_reported_and_serving_goes_on() {
    let dir = copy_fixture("valid");
    let link = dir.path().join("content/guide/loop");
    std::os::unix::fs::symlink(dir.path().join("content"), &link).expect("link");
    let mut served = start(dir.path());

    let stream = events(&served.origin);
    let first = stream.recv_timeout(WAIT).expect("an initial status event");
    assert!(
        first.contains("content/guide/loop") && first.contains("link loop"),
        "{first}"
    );
    let (status, _) = get(&served.origin, "/fixture/");
    assert_eq!(status, "HTTP/1.1 404 Not Found");

    // Still watching: an edit and the link's removal rebuild the site.
    std::fs::write(
        dir.path().join("content/guide/setup.md"),
        "# Setup, edited\n\n## Install it\n",
    )
    .expect("edit");
    std::fs::remove_file(&link).expect("unlink");
    let event = stream.recv_timeout(WAIT).expect("a build event");
    assert!(
        event.contains("\"generation\":1") && event.contains("\"error\":null"),
        "{event}"
    );
    wait_line(&served.lines, "Rebuilt 3 pages");
    assert!(get(&served.origin, "/fixture/guide/setup/")
        .1
        .contains("Setup, edited"));
    assert!(
        served.child.try_wait().expect("status").is_none(),
        "site serve stopped"
    );
}

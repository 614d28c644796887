//! `site serve` as a writer uses it: start it on a free port, fetch pages,
//! edit a page and see the rebuilt page and the reload signal; break a page
//! and see the error reported while the last good site stays served.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

mod common;
use common::served::{self, Served};
use common::{copy_fixture, differing_files, tree};

const WAIT: Duration = Duration::from_secs(10);

fn start(root: &Path) -> Served {
    Served::start(root, WAIT)
}

fn wait_line(lines: &mpsc::Receiver<String>, needle: &str) -> String {
    served::wait_line(lines, needle, WAIT)
}

/// GET over plain HTTP/1.1; returns status line and body.
fn get(served: &Served, path: &str) -> (String, String) {
    let response = served.get(path);
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    (
        head.lines().next().unwrap_or("").to_owned(),
        body.to_owned(),
    )
}

/// Opens the live-reload event stream; events arrive on the channel.
fn events(served: &Served) -> mpsc::Receiver<String> {
    let host = served.host.clone();
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

    let (status, home) = get(&served, "/fixture/");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(home.contains("Welcome to the fixture"));
    assert!(
        home.contains("<script src=\"/fixture/__keydoctor/live.js\"></script>"),
        "no live-reload script"
    );
    let (status, script) = get(&served, "/fixture/__keydoctor/live.js");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(script.contains("EventSource"));
    let (status, wasm_type) = get(&served, "/fixture");
    assert_eq!(status, "HTTP/1.1 301 Moved Permanently", "{wasm_type}");

    let stream = events(&served);
    let first = stream.recv_timeout(WAIT).expect("an initial status event");
    assert!(
        first.contains("\"generation\":0") && first.contains("\"error\":null"),
        "{first}"
    );

    // A good edit: the page changes and the stream says so.
    let page = dir.path().join("content/index.md");
    std::fs::write(&page, "# Welcome, edited\n\nNew text.\n").expect("edit");
    let took = wait_until(|| get(&served, "/fixture/").1.contains("Welcome, edited"));
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
    assert!(get(&served, "/fixture/").1.contains("Broken"));

    // Fixing it clears the problem.
    std::fs::write(&page, "# Fixed again\n").expect("fix");
    let event = stream.recv_timeout(WAIT).expect("a recovery event");
    assert!(
        event.contains("\"generation\":3") && event.contains("\"error\":null"),
        "{event}"
    );
    assert!(get(&served, "/fixture/").1.contains("Fixed again"));
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

    let stream = events(&served);
    let first = stream.recv_timeout(WAIT).expect("an initial status event");
    assert!(
        first.contains("content/guide/loop") && first.contains("link loop"),
        "{first}"
    );
    let (status, _) = get(&served, "/fixture/");
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
    assert!(get(&served, "/fixture/guide/setup/")
        .1
        .contains("Setup, edited"));
    assert!(
        served.child.try_wait().expect("status").is_none(),
        "site serve stopped"
    );
}

/// What `site serve` leaves in www/ after edits (pages rewritten in place,
/// each page's search-index part reused, the index written after the
/// rebuild) must be exactly what a clean `site build` of the same sources
/// writes: HTML, listings and search index alike.
#[test]
fn after_edits_the_served_site_equals_a_clean_build() {
    let dir = copy_fixture("valid");
    let root = dir.path();
    let served = start(root);
    let setup = root.join("content/guide/setup.md");
    let text = std::fs::read_to_string(&setup).expect("read");
    // (file, its new text or its removal, a page that shows the edit, what it shows)
    let edits: [(&Path, Option<String>, &str, &str); 4] = [
        // A sentence: one page rendered again.
        (
            &setup,
            Some(text.replace("Run this", "First run this")),
            "/fixture/guide/setup/",
            "First run this",
        ),
        // A title alone: every page's sidebar names it.
        (
            &setup,
            Some(
                text.replace("Run this", "First run this")
                    .replace("title = \"Setup guide\"", "title = \"Installing\""),
            ),
            "/fixture/",
            "Installing",
        ),
        // A new page: every page's number in the index may move.
        (
            &root.join("content/extra.md"),
            Some("# Extra\n\nSee [setup](guide/setup.md#install-it).\n".to_owned()),
            "/fixture/extra/",
            "See <a",
        ),
        // Its removal.
        (
            &root.join("content/extra.md"),
            None,
            "/fixture/",
            "Installing",
        ),
    ];
    for (file, new_text, url, shown) in edits {
        match new_text {
            Some(new_text) => std::fs::write(file, new_text).expect("edit"),
            None => std::fs::remove_file(file).expect("remove"),
        }
        wait_line(&served.lines, "Rebuilt ");
        wait_line(&served.lines, "Search index written");
        // Until nothing more happens (one save may be seen twice).
        while served
            .lines
            .recv_timeout(Duration::from_millis(500))
            .is_ok()
        {}
        assert!(
            get(&served, url).1.contains(shown),
            "{url} does not show {shown:?}"
        );
        let fresh = root.join("fresh");
        let origin = format!("http://{}/fixture/", served.host);
        let built = common::site(&["build", "--base-url", &origin, "--output", "fresh"], root);
        assert!(built.status.success(), "{}", common::stderr(&built));
        let differing = differing_files(&root.join("www"), &fresh);
        assert!(
            differing.is_empty(),
            "after the edit showing {shown:?}, the served site and a clean build differ in {differing:?}"
        );
        assert!(
            tree(&fresh).keys().any(|k| k.starts_with("search")),
            "no search index to compare"
        );
        std::fs::remove_dir_all(&fresh).expect("clean up");
    }
}

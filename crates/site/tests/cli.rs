//! The `site` binary on the fixture sites in `tests/fixtures/<case>/`:
//! exit codes, the summary line, error messages with file and line, the
//! files written, an output directory left byte-for-byte intact by a failed
//! build, and snapshots of rendered features.

use std::path::Path;

mod common;
use common::{copy_fixture, read, section, site, stderr, tree};

/// The `<main>` element of a page: what the markdown became.
fn main_of(html: &str) -> &str {
    section(html, "<main", "</main>")
}

/// The `<nav class="sidebar">` of a page.
fn sidebar_of(html: &str) -> &str {
    section(html, "<nav class=\"sidebar\"", "</nav>")
}

#[test]
fn valid_site_builds_every_file() {
    let dir = copy_fixture("valid");
    let output = site(&["build"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let summary = stderr(&output);
    let line = summary.lines().last().expect("a summary line");
    assert!(line.starts_with("Built 3 pages in "), "{line}");
    assert!(
        line.ends_with(" ms -> ./www") || line.contains("www"),
        "{line}"
    );

    let www = dir.path().join("www");
    for file in [
        "index.html",
        "guide/setup/index.html",
        "reference/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "favicon.svg",
        ".keydoctor-output",
    ] {
        assert!(www.join(file).is_file(), "{file} missing");
    }
    let sitemap = read(&www.join("sitemap.xml"));
    assert!(sitemap.contains("<loc>https://example.github.io/fixture/guide/setup/</loc>"));
    let robots = read(&www.join("robots.txt"));
    assert!(robots.contains("Sitemap: https://example.github.io/fixture/sitemap.xml"));
}

#[test]
fn pages_work_under_the_base_path() {
    let dir = copy_fixture("valid");
    assert!(site(&["build"], dir.path()).status.success());
    let page = read(&dir.path().join("www/guide/setup/index.html"));
    // Title from front matter; home title from its first heading.
    assert!(page.contains("<title>Setup guide"), "no title");
    let home = read(&dir.path().join("www/index.html"));
    assert!(home.contains("Welcome to the fixture"));
    // Every local URL is under the sub-path.
    for attr in ["href=\"/", "src=\"/"] {
        for (at, _) in page.match_indices(attr) {
            let rest = &page[at + attr.len() - 1..];
            assert!(
                rest.starts_with("/fixture/"),
                "{}",
                &rest[..40.min(rest.len())]
            );
        }
    }
    assert!(page.contains(
        r#"<link rel="canonical" href="https://example.github.io/fixture/guide/setup/">"#
    ));
    assert!(page.contains(r#"<meta property="og:title" content="Setup guide">"#));
    // Links written as .md files became site URLs, anchors kept.
    assert!(home.contains(r#"href="/fixture/guide/setup/#install-it""#));
    assert!(page.contains(r#"href="/fixture/""#));
}

#[test]
fn rendered_features_snapshot() {
    let dir = copy_fixture("valid");
    assert!(site(&["build"], dir.path()).status.success());
    let page = read(&dir.path().join("www/guide/setup/index.html"));
    insta::assert_snapshot!("guide_setup_main", main_of(&page));
    let reference = read(&dir.path().join("www/reference/index.html"));
    insta::assert_snapshot!("widget_placeholder_main", main_of(&reference));
}

#[test]
fn unknown_front_matter_key_names_file_and_line() {
    let dir = copy_fixture("bad-front-matter");
    let output = site(&["build"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("content/page.md:3: front matter: unknown key `colour`"),
        "{err}"
    );
    assert!(
        !dir.path().join("www").exists(),
        "a failed first build left output"
    );
}

#[test]
fn invalid_toml_names_file_and_line() {
    let dir = copy_fixture("bad-toml");
    let output = site(&["build"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("content/page.md:3: front matter:"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn broken_links_and_anchors_fail_with_file_and_line() {
    let dir = copy_fixture("broken-link");
    let output = site(&["build"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("content/index.md:5: broken link 'missing.md'"),
        "{}",
        stderr(&output)
    );

    let dir = copy_fixture("broken-anchor");
    let output = site(&["build"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("content/index.md:3: broken link: 'other.md' has no heading with anchor '#no-such-heading'"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn template_errors_name_the_theme_file_and_line() {
    let dir = copy_fixture("template-error");
    let output = site(&["build"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("theme/page.html:4: template error:"), "{err}");
    assert!(err.contains("no_such_filter"), "{err}");
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_for_byte() {
    let dir = copy_fixture("valid");
    assert!(site(&["build"], dir.path()).status.success());
    let www = dir.path().join("www");
    let before = tree(&www);

    let page = dir.path().join("content/guide/setup.md");
    for breakage in [
        "+++\ntitle = 3 = 4\n+++\n# Broken\n",
        "# Broken\n\n[nowhere](gone.md)\n",
        "+++\nunknown = true\n+++\n",
    ] {
        std::fs::write(&page, breakage).expect("break the page");
        let output = site(&["build"], dir.path());
        assert_eq!(output.status.code(), Some(1), "{breakage}");
        assert_eq!(tree(&www), before, "output changed after a failed build");
    }
    // No staging directories are left beside the output.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("read root")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.contains("keydoctor") || n.starts_with(".www"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn refuses_to_replace_a_directory_it_did_not_create() {
    let dir = copy_fixture("valid");
    let precious = dir.path().join("precious");
    std::fs::create_dir(&precious).expect("mkdir");
    std::fs::write(precious.join("thesis.txt"), "years of work").expect("write");
    let output = site(&["build", "--output", "precious"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("precious"), "{}", stderr(&output));
    assert_eq!(read(&precious.join("thesis.txt")), "years of work");
    assert_eq!(std::fs::read_dir(&precious).expect("read").count(), 1);
}

#[test]
fn help_lists_every_command_and_option() {
    let output = site(&["--help"], Path::new("."));
    let help = String::from_utf8_lossy(&output.stdout);
    for word in ["build", "check", "init"] {
        assert!(help.contains(word), "{help}");
    }
    // `serve` is a default feature (see Cargo.toml).
    let lists_serve = help
        .lines()
        .any(|line| line.trim_start().starts_with("serve "));
    assert_eq!(lists_serve, cfg!(feature = "serve"), "{help}");
    let output = site(&["check", "--help"], Path::new("."));
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("--strict"), "{help}");
    let output = site(&["build", "--help"], Path::new("."));
    let help = String::from_utf8_lossy(&output.stdout);
    for option in ["--root", "--output", "--base-url", "--widget", "--drafts"] {
        assert!(help.contains(option), "{option} missing from:\n{help}");
    }
}

#[test]
fn check_reports_every_problem_with_file_and_line() {
    let dir = copy_fixture("check-problems");
    let output = site(&["check"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    for expected in [
        "5 problems",
        "content/guide/extra.md:2: front matter: weight: invalid type",
        "content/guide/intro.md:9: broken link '../gone.md'",
        "content/guide/intro.md:9: broken link: 'index.md' has no heading with anchor '#welcome'",
        "content/index.md:3: broken link: 'guide/intro.md' has no heading with anchor '#first-steps'",
        "content/index.md:5: broken link 'images/logo.png': no such file",
    ] {
        assert!(err.contains(expected), "{expected:?} missing from:\n{err}");
    }
    assert!(!dir.path().join("www").exists(), "check wrote the output");
}

#[test]
fn check_that_cannot_run_exits_2_not_1() {
    let dir = copy_fixture("valid");
    let output = site(&["check", "--checker", "no-such-widget"], dir.path());
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("no-such-widget"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn check_passes_a_good_site_and_leaves_its_output_alone() {
    let dir = copy_fixture("valid");
    assert!(site(&["build"], dir.path()).status.success());
    let before = tree(&dir.path().join("www"));
    let output = site(&["check"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("No problems in 3 pages"));
    assert_eq!(tree(&dir.path().join("www")), before);
}

#[test]
fn init_makes_a_site_that_builds_and_checks() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = site(&["init", "docs", "--theme"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let docs = dir.path().join("docs");
    for file in [
        "site.toml",
        "content/index.md",
        "content/getting-started.md",
        "theme/base.html",
        "theme/style.css",
    ] {
        assert!(docs.join(file).is_file(), "{file} missing");
    }
    // Nothing of keydoctor's own in a stranger's new site.
    for file in [
        "site.toml",
        "content/index.md",
        "content/getting-started.md",
    ] {
        let text = read(&docs.join(file));
        assert!(
            !text.contains("keydoctor") && !text.contains("ElevenLabs"),
            "{file}: {text}"
        );
    }
    let output = site(&["check", "--root", "docs"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let output = site(&["build", "--root", "docs"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let page = read(&docs.join("www/getting-started/index.html"));
    assert!(page.contains("callout-tip"), "{page}");
    assert!(!page.contains("ElevenLabs"), "{page}");

    // A second init changes nothing.
    std::fs::write(docs.join("site.toml"), "title = \"mine\"\n").expect("write");
    let output = site(&["init", "docs"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("refusing to overwrite"));
    assert_eq!(read(&docs.join("site.toml")), "title = \"mine\"\n");
}

#[test]
fn quiet_prints_nothing_and_errors_have_no_colour_off_a_terminal() {
    let dir = copy_fixture("valid");
    let output = site(&["build", "-q"], dir.path());
    assert!(output.status.success());
    assert_eq!(stderr(&output), "");
    let dir = copy_fixture("broken-link");
    let err = stderr(&site(&["build"], dir.path()));
    assert!(err.starts_with("error: "), "{err}");
    assert!(!err.contains('\x1b'), "colour codes in piped output");
}

/// A local web server answering 200 on `/ok` and 404 elsewhere.
fn local_server() -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let origin = format!("http://{}", listener.local_addr().expect("addr"));
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut line = String::new();
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let _ = reader.read_line(&mut line);
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
                    break;
                }
            }
            let status = if line.contains(" /ok ") {
                "200 OK"
            } else {
                "404 Not Found"
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    origin
}

#[test]
fn check_external_reports_broken_and_unreachable_links() {
    let origin = local_server();
    let dead = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        format!("http://{}", listener.local_addr().expect("addr"))
    };
    let dir = copy_fixture("valid");
    std::fs::write(
        dir.path().join("content/links.md"),
        format!("# Links\n\n[fine]({origin}/ok)\n\n[gone]({origin}/gone)\n\n[dead]({dead}/)\n"),
    )
    .expect("write");
    // Without --external nothing is fetched.
    let output = site(&["check"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let output = site(&["check", "--external"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("2 problems"), "{err}");
    assert!(
        err.contains(&format!(
            "content/links.md:5: external link '{origin}/gone' answered HTTP 404"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "content/links.md:7: external link '{dead}/' unreachable"
        )),
        "{err}"
    );
    assert!(!err.contains("/ok'"), "{err}");
}

#[test]
fn duplicate_ids_are_reported() {
    let dir = copy_fixture("valid");
    std::fs::write(
        dir.path().join("content/dup.md"),
        "# Dup\n\n<p id=\"dup\">x</p>\n",
    )
    .expect("write");
    let output = site(&["check"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("content/dup.md:3: duplicate id 'dup'"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn markup_inside_code_defines_no_id() {
    let dir = copy_fixture("valid");
    std::fs::write(
        dir.path().join("content/code.md"),
        "# Code\n\n```html\n<div id=\"app\"></div>\n<div id=\"app\"></div>\n```\n\nSee [the app](#app).\n",
    )
    .expect("write");
    let output = site(&["check"], dir.path());
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(!err.contains("duplicate id"), "{err}");
    assert!(
        err.contains("content/code.md:8: broken link: 'code.md' has no heading with anchor '#app'"),
        "{err}"
    );
}

#[test]
fn the_sidebar_marks_the_current_page_and_lists_its_contents() {
    let dir = copy_fixture("valid");
    let output = site(&["build"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let html = read(&dir.path().join("www/guide/setup/index.html"));
    let sidebar = sidebar_of(&html);
    // A small site lists every page, in weight order, and only this one is current.
    assert_eq!(
        sidebar.matches("<a href=\"/fixture/").count(),
        3,
        "{sidebar}"
    );
    assert_eq!(
        sidebar.matches("aria-current=\"page\"").count(),
        1,
        "{sidebar}"
    );
    assert!(
        sidebar.contains("<a href=\"/fixture/guide/setup/\" aria-current=\"page\">"),
        "{sidebar}"
    );
    assert!(sidebar.contains("<ul class=\"toc\">"), "{sidebar}");
    assert!(!sidebar.contains("nav-gap"), "{sidebar}");
    // The 404 page has no current page.
    let not_found = read(&dir.path().join("www/404.html"));
    assert!(!sidebar_of(&not_found).contains("aria-current"));
}

#[test]
fn a_large_site_shows_home_and_a_window_of_pages() {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).expect("content dir");
    std::fs::write(dir.path().join("site.toml"), "title = \"Big\"\n").expect("site.toml");
    std::fs::write(content.join("index.md"), "# Home\n").expect("home");
    for i in 0..300 {
        let page = format!("+++\nweight = {i}\n+++\n# Page {i}\n\n## Part\n");
        std::fs::write(content.join(format!("p{i:03}.md")), page).expect("page");
    }
    let output = site(&["build"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let html = read(&dir.path().join("www/p150/index.html"));
    let sidebar = sidebar_of(&html);
    let links = sidebar.matches("<li><a href=\"/p").count() + 1; // + the current one
    assert!(
        (20..=50).contains(&links),
        "{links} pages listed: {sidebar}"
    );
    assert!(
        sidebar.contains("<li><a href=\"/\">Home</a></li>"),
        "{sidebar}"
    );
    // The gaps link to the "All pages" listing, which lists every page.
    assert!(
        sidebar.contains("<a href=\"/all-pages/\">140 earlier pages</a>"),
        "{sidebar}"
    );
    assert!(
        sidebar.contains("<a href=\"/all-pages/\">139 more pages</a>"),
        "{sidebar}"
    );
    let listing = read(&dir.path().join("www/all-pages/index.html"));
    for i in [0, 1, 150, 299] {
        assert!(
            listing.contains(&format!("<a href=\"/p{i:03}/\">Page {i}</a>")),
            "page {i} is not in the listing"
        );
    }
    assert!(
        sidebar.contains("<a href=\"/p150/\" aria-current=\"page\">Page 150</a>"),
        "{sidebar}"
    );
    assert!(sidebar.contains("<a href=\"#part\">Part</a>"), "{sidebar}");
    // The listed pages are the current one's neighbours.
    assert!(sidebar.contains("href=\"/p149/\"") && sidebar.contains("href=\"/p151/\""));
    assert!(!sidebar.contains("href=\"/p000/\"") && !sidebar.contains("href=\"/p299/\""));
}

#[test]
fn edit_links_and_footer_come_from_site_toml() {
    let dir = copy_fixture("valid");
    let toml = dir.path().join("site.toml");
    let plain = read(&toml);
    assert!(site(&["build"], dir.path()).status.success());
    let home = read(&dir.path().join("www/index.html"));
    assert!(!home.contains("<footer"), "a footer nobody asked for");
    assert!(!home.contains("Edit this page"));

    std::fs::write(
        &toml,
        format!("{plain}edit-url = \"https://github.com/me/docs/edit/main/content/\"\nfooter = \"Made by <me>.\"\n"),
    )
    .expect("write");
    let output = site(&["build"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let setup = read(&dir.path().join("www/guide/setup/index.html"));
    assert!(
        setup.contains("<a href=\"https://github.com/me/docs/edit/main/content/guide/setup.md\">Edit this page</a>"),
        "{setup}"
    );
    assert!(
        setup.contains("<p>Made by &lt;me&gt;."),
        "the footer is missing or not escaped"
    );

    std::fs::write(&toml, format!("{plain}edit-url = \"github.com/me/docs\"\n")).expect("write");
    let err = stderr(&site(&["build"], dir.path()));
    let line = plain.lines().count() + 1;
    assert!(
        err.contains(&format!(
            "site.toml:{line}: edit-url must be an absolute http(s) URL"
        )),
        "{err}"
    );
}

#[test]
fn links_and_images_in_raw_html_are_checked_and_rewritten() {
    let dir = copy_fixture("valid");
    std::fs::write(
        dir.path().join("content/raw.md"),
        "# Raw\n\n<p><a href=\"guide/setup.md\">setup</a> <a href=\"/reference/\">ref</a></p>\n\n<img src=\"gone.png\" alt=\"\">\n",
    )
    .expect("write");
    let output = site(&["build"], dir.path());
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/raw.md:5: broken link 'gone.png'"),
        "{err}"
    );
    std::fs::write(
        dir.path().join("content/raw.md"),
        "# Raw\n\n<p><a href=\"guide/setup.md\">setup</a> <a href=\"/reference/\">ref</a></p>\n",
    )
    .expect("write");
    let output = site(&["build"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let html = read(&dir.path().join("www/raw/index.html"));
    assert!(
        html.contains(
            "<a href=\"/fixture/guide/setup/\">setup</a> <a href=\"/fixture/reference/\">ref</a>"
        ),
        "{}",
        main_of(&html)
    );
}

#[test]
fn every_page_of_a_large_site_is_reachable_from_the_sidebar() {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).expect("content dir");
    std::fs::write(
        dir.path().join("site.toml"),
        "title = \"Big\"\nbase-url = \"https://example.github.io/\"\n",
    )
    .expect("site.toml");
    std::fs::write(content.join("index.md"), "# Home\n").expect("home");
    for i in 0..1200 {
        let page = format!("+++\nweight = {i}\n+++\n# Page {i}\n");
        std::fs::write(content.join(format!("p{i:04}.md")), page).expect("page");
    }
    let output = site(&["build"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let www = dir.path().join("www");
    // Three listing parts of 500 hold all 1,201 pages, each linking on.
    let mut listed = 0;
    for part in ["all-pages", "all-pages/2", "all-pages/3"] {
        let html = read(&www.join(part).join("index.html"));
        listed += section(&html, "<ol class=\"all-pages\"", "</ol>")
            .matches("<li>")
            .count();
    }
    assert_eq!(listed, 1201);
    assert!(!www.join("all-pages/4").exists());
    assert!(
        read(&www.join("all-pages/2/index.html")).contains("href=\"/all-pages/3/\" rel=\"next\"")
    );
    // Page 1100's gaps lead to the parts holding its hidden neighbours.
    let sidebar_html = read(&www.join("p1100/index.html"));
    let sidebar = sidebar_of(&sidebar_html);
    assert!(sidebar.contains("<a href=\"/all-pages/3/\">"), "{sidebar}");
    let earlier = section(sidebar, "<li class=\"nav-gap\">", "</li>");
    assert!(earlier.contains("/all-pages/3/"), "{earlier}");
}

#[test]
fn sitemap_and_robots_are_templates_a_theme_can_override() {
    let dir = copy_fixture("valid");
    std::fs::create_dir_all(dir.path().join("theme")).expect("theme dir");
    std::fs::write(
        dir.path().join("theme/robots.txt"),
        "User-agent: *\nDisallow: /drafts/\nSitemap: {{ base_url }}sitemap.xml\n",
    )
    .expect("robots");
    let output = site(&["build"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        read(&dir.path().join("www/robots.txt")),
        "User-agent: *\nDisallow: /drafts/\nSitemap: https://example.github.io/fixture/sitemap.xml\n"
    );
    // The built-in sitemap lists every page, escaped as XML.
    let sitemap = read(&dir.path().join("www/sitemap.xml"));
    assert_eq!(sitemap.matches("<url><loc>").count(), 3, "{sitemap}");
}

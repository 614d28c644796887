//! An embedded widget brings its needs in `widget.json`: the origins its
//! page may connect to become that page's CSP `connect-src` (and no other
//! page's), its stylesheets are linked from that page only, its context
//! reaches its template, and a broken manifest stops the build with the
//! file and the problem named, leaving the last site.

use std::path::Path;

mod common;
use common::{site, stderr};

fn site_with_widget(manifest: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("content")).expect("content");
    std::fs::create_dir_all(root.join("theme")).expect("theme");
    std::fs::create_dir_all(root.join("widget")).expect("widget");
    std::fs::write(
        root.join("site.toml"),
        "title = \"Widget\"\nbase-url = \"https://example.github.io/w/\"\n",
    )
    .expect("site.toml");
    std::fs::write(root.join("content/index.md"), "# Home\n").expect("index");
    std::fs::write(root.join("content/tool.md"), "# Tool\n\n```widget\n```\n").expect("tool");
    // A widget template of the site's own, reading the manifest's context.
    std::fs::write(
        root.join("theme/widget.html"),
        "<div id=\"widget\">{% if widget %}{% for item in widget.items %}<span>{{ item }}</span>{% endfor %}{% endif %}</div>",
    )
    .expect("template");
    std::fs::write(
        root.join("widget/widget.js"),
        "export default function init() {}",
    )
    .expect("js");
    std::fs::write(root.join("widget/widget_bg.wasm"), b"\0asm\x01\0\0\0").expect("wasm");
    std::fs::write(root.join("widget/tool.css"), ".tool { color: red; }\n").expect("css");
    std::fs::write(root.join("widget/widget.json"), manifest).expect("manifest");
    dir
}

fn build(root: &Path) -> std::process::Output {
    site(&["build", "--widget", "widget"], root)
}

fn csp_of(html: &str) -> String {
    let start = html
        .find("Content-Security-Policy\" content=\"")
        .expect("a CSP")
        + 34;
    html[start..start + html[start..].find('"').expect("end")].replace("&#39;", "'")
}

#[test]
fn the_manifest_sets_connect_src_and_the_template_context() {
    let dir = site_with_widget(
        r#"{"connect":["https://api.example.com","http://127.0.0.1:9"],"context":{"items":["one","<two>"]}}"#,
    );
    let output = build(dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let tool = std::fs::read_to_string(dir.path().join("www/tool/index.html")).expect("tool page");
    assert!(
        csp_of(&tool).contains("connect-src 'self' https://api.example.com http://127.0.0.1:9;"),
        "{}",
        csp_of(&tool)
    );
    assert!(
        tool.contains("<span>one</span><span>&lt;two&gt;</span>"),
        "{tool}"
    );
    let home = std::fs::read_to_string(dir.path().join("www/index.html")).expect("home");
    assert!(
        csp_of(&home).contains("connect-src 'self';"),
        "{}",
        csp_of(&home)
    );
}

#[test]
fn the_widgets_stylesheets_are_linked_from_its_page_only() {
    let dir = site_with_widget(r#"{"glue":"widget.js","styles":["tool.css"]}"#);
    let output = build(dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let tool = std::fs::read_to_string(dir.path().join("www/tool/index.html")).expect("tool page");
    let link = tool
        .lines()
        .find(|l| l.contains("rel=\"stylesheet\" href=\"/w/tool-"))
        .unwrap_or_else(|| panic!("no link to the widget's stylesheet: {tool}"));
    assert!(link.contains("integrity=\"sha384-"), "{link}");
    let href = link
        .split("href=\"/w/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("href");
    let published = std::fs::read_to_string(dir.path().join("www").join(href)).expect("css");
    // Published minified (layout/minify.rs).
    assert_eq!(published, ".tool{color:red;}");
    let home = std::fs::read_to_string(dir.path().join("www/index.html")).expect("home");
    assert!(
        !home.contains("/w/tool."),
        "another page loads the widget's CSS"
    );
}

#[test]
fn a_broken_manifest_names_the_file_and_the_problem_and_keeps_the_last_site() {
    let dir = site_with_widget(r#"{"connect":["https://api.example.com"]}"#);
    assert!(build(dir.path()).status.success());
    let before = common::tree(&dir.path().join("www"));
    for (manifest, file, problem) in [
        (
            r#"{"connect":["https://a.example; script-src *"]}"#,
            "widget.json",
            "is not an origin",
        ),
        ("{\n  \"conect\": []\n}", "widget.json", "line 2, column"),
        (
            r#"{"styles":["../theme/style.css"]}"#,
            "widget.json",
            "is not a file name",
        ),
        (
            r#"{"styles":["missing.css"]}"#,
            "missing.css",
            "cannot read the widget's built files",
        ),
    ] {
        std::fs::write(dir.path().join("widget/widget.json"), manifest).expect("manifest");
        let output = build(dir.path());
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{err}");
        assert!(err.contains(file) && err.contains(problem), "{err}");
        assert_eq!(common::tree(&dir.path().join("www")), before, "www changed");
    }
    std::fs::remove_file(dir.path().join("widget/widget.json")).expect("remove");
    let err = stderr(&build(dir.path()));
    assert!(
        err.contains("widget.json") && err.contains("Build the widget first"),
        "{err}"
    );
}

/// A widget declaring verdicts `a` and `b`, with `templates` as its
/// template's verdict part.
fn site_with_verdicts(templates: &str) -> tempfile::TempDir {
    let dir = site_with_widget(r#"{"verdicts":["works","key-refused"]}"#);
    std::fs::write(
        dir.path().join("theme/widget.html"),
        format!("{{# The checker's panel #}}\n<div id=\"widget\">\n{templates}</div>\n"),
    )
    .expect("template");
    dir
}

#[test]
fn a_verdict_template_missing_for_a_declared_id_stops_build_and_check() {
    let dir = site_with_verdicts("  <template data-verdict=\"works\"><h3>Works</h3></template>\n");
    for command in [
        &["build", "--widget", "widget"][..],
        &["check", "--widget", "widget"],
    ] {
        let output = site(command, dir.path());
        assert!(!output.status.success(), "{command:?} passed");
        insta::assert_snapshot!(format!("missing_verdict_{}", command[0]), stderr(&output));
    }
    assert!(!dir.path().join("www").exists(), "a site was written");
}

#[test]
fn a_verdict_template_the_widget_cannot_produce_stops_build_and_check() {
    let dir = site_with_verdicts(
        "  <template data-verdict=\"works\"><h3>Works</h3></template>\n  <template data-verdict=\"key-refused\"><h3>Refused</h3></template>\n  <template data-verdict=\"key-revoked\"><h3>Revoked</h3></template>\n  <template data-verdict=\"works\"><h3>Works again</h3></template>\n",
    );
    for command in [
        &["build", "--widget", "widget"][..],
        &["check", "--widget", "widget"],
    ] {
        let output = site(command, dir.path());
        assert!(!output.status.success(), "{command:?} passed");
        insta::assert_snapshot!(format!("extra_verdict_{}", command[0]), stderr(&output));
    }
}

#[test]
fn verdict_templates_matching_the_manifest_build_even_in_an_included_file() {
    let dir = site_with_verdicts("{% include \"verdicts.html\" %}\n");
    std::fs::write(
        dir.path().join("theme/verdicts.html"),
        "<template data-verdict=\"works\"></template>\n<template data-verdict=\"key-refused\"></template>\n",
    )
    .expect("include");
    let output = build(dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    // Without the widget in the build, nothing is declared and nothing checked.
    let dir = site_with_verdicts("");
    let output = site(&["build"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn note_templates_are_checked_against_the_manifest_like_verdicts() {
    // One note declared but not worded, one worded but not declared.
    let dir = site_with_widget(r#"{"verdicts":["works"],"notes":["key-empty","agent-empty"]}"#);
    std::fs::write(
        dir.path().join("theme/widget.html"),
        "<div id=\"widget\">\n  <template data-verdict=\"works\"></template>\n  <template data-note=\"key-empty\">Paste your key.</template>\n  <template data-note=\"key-gone\">Gone.</template>\n</div>\n",
    )
    .expect("template");
    for command in [
        &["build", "--widget", "widget"][..],
        &["check", "--widget", "widget"],
    ] {
        let output = site(command, dir.path());
        assert!(!output.status.success(), "{command:?} passed");
        insta::assert_snapshot!(format!("notes_{}", command[0]), stderr(&output));
    }
    assert!(!dir.path().join("www").exists(), "a site was written");
    // Worded as declared: it builds.
    std::fs::write(
        dir.path().join("theme/widget.html"),
        "<div id=\"widget\">\n  <template data-verdict=\"works\"></template>\n  <template data-note=\"key-empty\">Paste your key.</template>\n  <template data-note=\"agent-empty\">Paste your agent id.</template>\n</div>\n",
    )
    .expect("template");
    let output = build(dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
}

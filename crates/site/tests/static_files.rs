//! `static/` is copied into the site as it is, dotfiles included; links to
//! its files are checked like any other; a static file may not replace a
//! page or a generated file.

mod common;
use common::{copy_fixture, site, stderr};

#[test]
fn static_files_are_copied_as_they_are() {
    let dir = copy_fixture("static-files");
    let output = site(&["build"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let www = dir.path().join("www");
    for (file, content) in [
        ("CNAME", "docs.example.com\n"),
        (".nojekyll", ""),
        ("downloads/sheet.txt", "a sheet\n"),
    ] {
        assert_eq!(
            std::fs::read_to_string(www.join(file)).expect(file),
            content,
            "{file}"
        );
    }
    let home = std::fs::read_to_string(www.join("index.html")).expect("home");
    assert!(
        home.contains("href=\"/docs/downloads/sheet.txt\""),
        "{home}"
    );
}

#[test]
fn a_static_file_may_not_replace_a_page() {
    let dir = copy_fixture("static-files");
    std::fs::write(dir.path().join("static/index.html"), "<p>mine</p>").expect("write");
    std::fs::write(dir.path().join("static/sitemap.xml"), "<urlset/>").expect("write");
    let output = site(&["build"], dir.path());
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("static/index.html: would overwrite the page built from content/index.md"),
        "{err}"
    );
    assert!(
        err.contains("static/sitemap.xml: would overwrite the file every build writes there"),
        "{err}"
    );
}

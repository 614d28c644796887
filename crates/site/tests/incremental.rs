//! Rebuilds with the render cache (what `site serve` does) must give exactly
//! the site a fresh build gives: after edits to titles, bodies and the
//! theme, and after pages are added and removed.

use std::path::Path;

use keydoctor_site::{build, build_with_cache, BuildOptions, RenderCache};

mod common;
use common::{copy_fixture, differing_files, tree};

/// The incremental output equals a fresh build of the same sources.
fn assert_same_as_fresh(root: &Path, incremental: &Path) {
    let fresh = root.join("fresh-www");
    let mut options = BuildOptions::new(root);
    options.output = fresh.clone();
    build(&options).expect("fresh build");
    let differing = differing_files(incremental, &fresh);
    assert!(
        differing.is_empty(),
        "incremental and fresh builds differ in {differing:?}"
    );
    std::fs::remove_dir_all(fresh).expect("clean up");
}

#[test]
fn rebuilds_match_fresh_builds() {
    let dir = copy_fixture("valid");
    let root = dir.path();
    let options = BuildOptions::new(root);
    let www = options.output.clone();
    let cache = RenderCache::default();
    build_with_cache(&options, Some(&cache)).expect("first build");
    assert_same_as_fresh(root, &www);

    let setup = root.join("content/guide/setup.md");
    let text = std::fs::read_to_string(&setup).expect("read");

    // A title change reaches the neighbours' prev/next links and the sidebar.
    std::fs::write(
        &setup,
        text.replace("title = \"Setup guide\"", "title = \"Installing\""),
    )
    .expect("edit");
    build_with_cache(&options, Some(&cache)).expect("rebuild");
    let reference = std::fs::read_to_string(www.join("reference/index.html")).expect("read");
    assert!(
        reference.contains("Installing"),
        "the next page still shows the old title"
    );
    assert_same_as_fresh(root, &www);

    // A body-only change.
    std::fs::write(&setup, text.replace("Run this", "First run this")).expect("edit");
    build_with_cache(&options, Some(&cache)).expect("rebuild");
    assert_same_as_fresh(root, &www);

    // A new page, then its removal.
    std::fs::write(
        root.join("content/extra.md"),
        "# Extra\n\nSee [setup](guide/setup.md#install-it).\n",
    )
    .expect("add");
    build_with_cache(&options, Some(&cache)).expect("rebuild");
    assert!(www.join("extra/index.html").is_file());
    assert_same_as_fresh(root, &www);
    std::fs::remove_file(root.join("content/extra.md")).expect("remove");
    build_with_cache(&options, Some(&cache)).expect("rebuild");
    assert!(
        !www.join("extra/index.html").exists(),
        "a removed page is still served"
    );
    assert_same_as_fresh(root, &www);

    // A theme override.
    std::fs::create_dir_all(root.join("theme")).expect("theme dir");
    std::fs::write(root.join("theme/style.css"), "body { color: black; }\n").expect("theme");
    build_with_cache(&options, Some(&cache)).expect("rebuild");
    assert_same_as_fresh(root, &www);

    // A failed rebuild leaves the last good files.
    let before = tree(&www);
    std::fs::write(&setup, "[broken](nowhere.md)\n").expect("break");
    assert!(build_with_cache(&options, Some(&cache)).is_err());
    assert_eq!(tree(&www), before);
}

#[test]
fn free_form_values_reach_rebuilt_pages() {
    // `[extra]` of a page and of site.toml go into the page's HTML: a
    // rebuild must see a change to them (floats included), or `site serve`
    // shows the old value.
    let dir = copy_fixture("valid");
    let root = dir.path();
    std::fs::create_dir_all(root.join("theme")).expect("theme dir");
    std::fs::write(
        root.join("theme/page.html"),
        "{% extends \"base.html\" %}{% block main %}<p id=\"extra\">{{ page.extra.rating | default(value=\"-\") }} \
         {{ config.extra.level | default(value=\"-\") }}</p>{{ page.content | safe }}{% endblock main %}",
    )
    .expect("template");
    let setup = root.join("content/guide/setup.md");
    let text = std::fs::read_to_string(&setup).expect("read");
    let site_toml = std::fs::read_to_string(root.join("site.toml")).expect("read");
    let options = BuildOptions::new(root);
    let www = options.output.clone();
    let cache = RenderCache::default();
    let shown = || {
        let html = std::fs::read_to_string(www.join("guide/setup/index.html")).expect("page");
        let at = html.find("<p id=\"extra\">").expect("the template's line") + 14;
        html[at..at + html[at..].find('<').expect("its end")].to_owned()
    };

    std::fs::write(&setup, text.replace("[extra]\n", "[extra]\nrating = 1.5\n")).expect("edit");
    std::fs::write(
        root.join("site.toml"),
        format!("{site_toml}\n[extra]\nlevel = 0.5\n"),
    )
    .expect("edit");
    build_with_cache(&options, Some(&cache)).expect("first build");
    assert_eq!(shown(), "1.5 0.5");

    std::fs::write(&setup, text.replace("[extra]\n", "[extra]\nrating = 2.5\n")).expect("edit");
    build_with_cache(&options, Some(&cache)).expect("rebuild");
    assert_eq!(shown(), "2.5 0.5");
    assert_same_as_fresh(root, &www);

    std::fs::write(
        root.join("site.toml"),
        format!("{site_toml}\n[extra]\nlevel = [0.75]\n"),
    )
    .expect("edit");
    build_with_cache(&options, Some(&cache)).expect("rebuild");
    assert_eq!(shown(), "2.5 [0.75]");
    assert_same_as_fresh(root, &www);
}

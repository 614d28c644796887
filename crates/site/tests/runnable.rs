//! `site test` on the `runnable` fixture: a block that passes with the
//! output its page promises, one in Python reading the page's declared
//! `.env`, one that reads the page's declared input, one that must exit 3, one whose output differs (file, line,
//! expected line and what it printed), one that hangs (stopped at its
//! timeout), and an unmarked block that is never run. Substitutions change
//! what runs, not the page.

use std::path::Path;
use std::time::Instant;

mod common;
use common::{copy_fixture, fixture, site, stderr};

#[test]
fn failures_name_file_and_line_with_expected_and_actual() {
    let started = Instant::now();
    let output = site(&["test"], &fixture("runnable"));
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    // The hanging block is stopped at its one-second limit, not left to
    // sleep for 30.
    assert!(started.elapsed().as_secs() < 15, "{:?}", started.elapsed());
    insta::assert_snapshot!("runnable_failures", stderr(&output));
}

#[test]
fn substitutions_apply_before_running_and_every_marked_block_passes() {
    let output = site(
        &[
            "-v",
            "test",
            "--substitute",
            "Goodbye=Hello",
            "--substitute",
            "sleep 30=true",
        ],
        &fixture("runnable"),
    );
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    // Six marked blocks ran and passed; the unmarked `exit 1` did not run.
    assert_eq!(
        err.matches("\nok    ").count() + usize::from(err.starts_with("ok    ")),
        6,
        "{err}"
    );
    assert!(err.contains("6 runnable blocks passed"), "{err}");
}

#[test]
fn a_bad_marking_is_a_problem_with_file_and_line_and_nothing_runs() {
    let dir = copy_fixture("runnable");
    let page = dir.path().join("content/extra.md");
    std::fs::write(
        &page,
        "# Extra\n\n```bash test exit=three\ntouch ran\n```\n\n```output\norphan\n```\n",
    )
    .expect("page");
    let output = site(&["test"], dir.path());
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/extra.md:3: test block attribute 'exit=three': the exit status must be a whole number"),
        "{err}"
    );
    assert!(
        err.contains("content/extra.md:7: an `output` block must come right after"),
        "{err}"
    );
    assert!(
        !err.contains("FAIL"),
        "blocks ran despite the problems: {err}"
    );
    assert!(!Path::new(&dir.path().join("ran")).exists());
}

#[test]
fn a_book_s_runnable_blocks_are_found_in_its_src() {
    // An mdBook book keeps its pages in src/, not content/: `site test`
    // reads them where `site build` does.
    let dir = copy_fixture("mdbook-book");
    std::fs::write(
        dir.path().join("src/first-steps.md"),
        "# First steps\n\n```bash test\necho book-block-ran\n```\n\n```text output\nbook-block-ran\n```\n",
    )
    .expect("page");
    let output = site(&["-v", "test"], dir.path());
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert!(err.contains("ok    src/first-steps.md:3 (bash"), "{err}");
}

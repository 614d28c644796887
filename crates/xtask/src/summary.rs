//! The closing summary of `cargo xtask test`: fuzz cases run, faults
//! injected, pages audited, and how many of each failed.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::command;
use crate::snippets::SnippetCount;
use crate::suite::PROPTEST_CASES;

/// Number of tests a Rust test target holds (`cargo test -- --list`).
fn count_tests(package: &str, target: &str) -> usize {
    command::cargo()
        .args([
            "test",
            "--quiet",
            "--package",
            package,
            "--test",
            target,
            "--",
            "--list",
        ])
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .filter(|l| l.ends_with(": test"))
                .count()
        })
        .unwrap_or(0)
}

/// Prints the summary from the browser tests' report and the Rust targets.
pub(crate) fn print(
    reports: &[PathBuf],
    cargo_tests_ran: bool,
    html_valid: Option<bool>,
    snippets: Option<SnippetCount>,
) -> anyhow::Result<()> {
    let mut files: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for report in reports {
        let part: BTreeMap<String, BTreeMap<String, usize>> = std::fs::read_to_string(report)
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default();
        files.extend(part);
    }
    let count = |file: &str, key: &str| {
        files
            .get(file)
            .and_then(|f| f.get(key))
            .copied()
            .unwrap_or(0)
    };

    println!("\nsummary");
    if cargo_tests_ran {
        let properties = count_tests("keydoctor-checker", "fuzz")
            + count_tests("keydoctor-site", "fuzz")
            + count_tests("keydoctor-search", "fuzz");
        let faults = count_tests("keydoctor-site", "faults");
        println!(
            "  fuzz: {} cases ({properties} properties x {PROPTEST_CASES}), 0 crashes",
            properties * PROPTEST_CASES as usize
        );
        println!("  build faults injected: {faults}, 0 crashes");
    }
    match snippets {
        Some(count) => println!(
            "  runnable snippets of the pages (site test, against the mock API): {} passed, {} failed; with a key lacking convai_write, {} fail showing missing_permissions, as the pages say",
            count.passed, count.failed, count.scoped_failed
        ),
        None => println!("  runnable snippets of the pages: could not run (see above)"),
    }
    let mut total_failed = 0;
    let mut rows = Vec::new();
    for (file, counts) in &files {
        let failed = counts.get("failed").copied().unwrap_or(0);
        total_failed += failed;
        rows.push(format!(
            "{} {}/{}",
            file.trim_end_matches(".test.mjs"),
            counts.get("passed").copied().unwrap_or(0),
            counts.get("passed").copied().unwrap_or(0) + failed
        ));
    }
    println!(
        "  browser tests passed: {} ({} failed)",
        rows.join(", "),
        total_failed
    );
    println!(
        "  checker stress faults in Chromium (slow, reset, 5 MB body, 100 clicks, keyboard only): {}, {} failed",
        count("faults.test.mjs", "passed") + count("faults.test.mjs", "failed"),
        count("faults.test.mjs", "failed")
    );
    println!(
        "  axe-core audits (every page light and dark, 404, verdict cards): {}, {} with violations",
        count("a11y.test.mjs", "passed") + count("a11y.test.mjs", "failed"),
        count("a11y.test.mjs", "failed")
    );
    println!(
        "  Lighthouse pages >= 0.95 in every category: {} of {}",
        count("lighthouse.test.mjs", "passed"),
        count("lighthouse.test.mjs", "passed") + count("lighthouse.test.mjs", "failed")
    );
    match html_valid {
        Some(true) => println!("  Nu HTML checker: no errors"),
        Some(false) => println!("  Nu HTML checker: errors (see above)"),
        None => println!("  Nu HTML checker: not run"),
    }
    Ok(())
}

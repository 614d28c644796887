//! Finding the runnable blocks of a page, with what each must do.

use std::path::PathBuf;
use std::time::Duration;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use crate::location::{LineIndex, Location};
use crate::problem::Problem;
use crate::source::page::Page;

/// Seconds a block may run unless it says otherwise.
pub(super) const DEFAULT_TIMEOUT_SECONDS: u64 = 30;

/// What a block must do to pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expectation {
    /// Its exit status.
    pub exit: i32,
    /// Lines its output must hold, in order (from the `output` block).
    pub output: Vec<String>,
    /// How long it may take.
    pub timeout: Duration,
}

/// A code block to run.
#[derive(Debug, Clone)]
pub struct Runnable {
    /// The page's file and the line of the opening fence.
    pub location: Location,
    /// The language (`bash`, `python`, …).
    pub lang: String,
    /// The code.
    pub code: String,
    /// What it must do.
    pub expect: Expectation,
    /// Files to put in its directory: `(name, contents)`.
    pub files: Vec<(PathBuf, String)>,
    /// Environment variables to set.
    pub env: Vec<(String, String)>,
    /// Its standard input.
    pub stdin: String,
}

/// The words of an info string after the language.
fn attributes(info: &str) -> (&str, Vec<&str>) {
    let mut words = info.split_whitespace();
    let lang = words.next().unwrap_or("");
    (lang, words.collect())
}

/// Whether an info string marks an expected-output block.
fn is_output(info: &str) -> bool {
    let (lang, words) = attributes(info);
    lang == "output" || words.contains(&"output")
}

/// The runnable blocks of `page`, or the problems in their markings (an
/// unknown attribute, a bad number, an `output` block with no block to
/// belong to).
pub fn runnable_blocks(page: &Page) -> Result<Vec<Runnable>, Vec<Problem>> {
    let body = page.body();
    let lines = LineIndex::new(body);
    let location =
        |offset: usize| Location::new(&page.file, lines.line(offset) + page.body_line - 1);
    let mut blocks: Vec<Runnable> = Vec::new();
    let mut problems = Vec::new();
    // The last block seen, if it was runnable: an `output` block right
    // after it is its expectation.
    let mut last_runnable: Option<usize> = None;
    let mut current: Option<(String, usize, String)> = None;
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                current = Some((info.to_string(), range.start, String::new()));
            }
            Event::Text(text) => {
                if let Some((_, _, code)) = &mut current {
                    code.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                let Some((info, start, code)) = current.take() else {
                    continue;
                };
                let place = location(start);
                if is_output(&info) {
                    match last_runnable.take() {
                        Some(i) => {
                            blocks[i].expect.output = code
                                .lines()
                                .map(str::trim)
                                .filter(|l| !l.is_empty())
                                .map(str::to_owned)
                                .collect();
                        }
                        None => problems.push(Problem::new(
                            place,
                            "an `output` block must come right after the ```… test block whose output it shows",
                        )),
                    }
                    continue;
                }
                last_runnable = None;
                match runnable(&info, code, place, page) {
                    Ok(Some(block)) => {
                        last_runnable = Some(blocks.len());
                        blocks.push(block);
                    }
                    Ok(None) => {}
                    Err(problem) => problems.push(problem),
                }
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => last_runnable = None,
            // Prose between a block and its output is fine; another block
            // is not (handled above).
            _ => {}
        }
    }
    if problems.is_empty() {
        Ok(blocks)
    } else {
        Err(problems)
    }
}

fn runnable(
    info: &str,
    code: String,
    location: Location,
    page: &Page,
) -> Result<Option<Runnable>, Problem> {
    let (lang, words) = attributes(info);
    if !words.contains(&"test") {
        return Ok(None);
    }
    let mut expect = Expectation {
        exit: 0,
        output: Vec::new(),
        timeout: Duration::from_secs(DEFAULT_TIMEOUT_SECONDS),
    };
    for word in words.iter().filter(|w| **w != "test") {
        let bad = |what: &str| {
            Problem::new(
                location.clone(),
                format!("test block attribute '{word}': {what}"),
            )
        };
        match word.split_once('=') {
            Some(("exit", n)) => {
                expect.exit = n
                    .parse()
                    .map_err(|_| bad("the exit status must be a whole number, such as exit=1"))?;
            }
            Some(("timeout", n)) => {
                let seconds: u64 = n.parse().ok().filter(|s| *s > 0).ok_or_else(|| {
                    bad("the timeout must be a whole number of seconds, such as timeout=10")
                })?;
                expect.timeout = Duration::from_secs(seconds);
            }
            _ => {
                return Err(bad(
                    "unknown; a test block takes exit=N and timeout=SECONDS",
                ))
            }
        }
    }
    let test = &page.front_matter.test;
    Ok(Some(Runnable {
        location,
        lang: lang.to_owned(),
        code,
        expect,
        files: test
            .files
            .iter()
            .map(|(name, text)| (PathBuf::from(name), text.clone()))
            .collect(),
        env: test
            .env
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        stdin: test.stdin.clone(),
    }))
}

//! mdBook's `links` preprocessor, as a book's chapters expect it:
//! `{{#include file}}`, `{{#include file:anchor}}`, `{{#include file:10:20}}`
//! (and `file:10`, `file:10:`, `file::20`), `{{#rustdoc_include …}}` (the
//! same, with the lines left out kept behind rustdoc's `# ` so they stay
//! hidden), `{{#playground file}}` and `{{#title …}}`. An escaped
//! `\{{#include …}}` is left as written, without its backslash.
//!
//! Unlike mdBook, a file that cannot be read, an anchor the file does not
//! have or a line range past its end is a problem at the directive's file
//! and line (mdBook logs it and renders the directive, or nothing), and
//! a directive mdBook does not know is a warning (mdBook leaves it as text).
//! Every line of the expanded text remembers the chapter line it came from,
//! so what the renderer finds in included text is reported where the
//! writer can act on it.

use std::path::{Path, PathBuf};

use crate::location::Location;

/// How deep includes may nest (mdBook's limit too).
const MAX_DEPTH: usize = 10;

/// A chapter with its directives expanded.
#[derive(Debug, Default)]
pub(crate) struct Expanded {
    /// The chapter's text.
    pub text: String,
    /// For each line of `text`, the line of the chapter it comes from
    /// (counted from the chapter's `first_line`).
    pub line_map: Vec<usize>,
    /// Directives that could not be expanded (left out of `text`).
    pub problems: Vec<(Location, String)>,
    /// Directives mdBook does not know (left in `text` as written).
    pub warnings: Vec<(Location, String)>,
    /// What `{{#title …}}` sets.
    pub title: Option<String>,
}

/// A directive found in a text.
#[derive(Debug, PartialEq, Eq)]
struct Directive<'a> {
    /// Byte range of the whole directive.
    start: usize,
    end: usize,
    /// `include`, `rustdoc_include`…; empty for an escaped directive.
    name: &'a str,
    /// What follows the name, trimmed.
    argument: &'a str,
}

/// The directives of `text`, in order: `{{#name argument}}`, with
/// optional spaces after `{{`, or `\{{#…}}` escaped.
fn directives(text: &str) -> Vec<Directive<'_>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(i) = text[at..].find("{{").map(|i| i + at) {
        at = i + 2;
        let after = text[at..].trim_start_matches([' ', '\t']);
        let Some(rest) = after.strip_prefix('#') else {
            continue;
        };
        let name_len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        let Some(close) = rest.find("}}") else {
            continue;
        };
        let inner = &rest[..close];
        if inner.contains(['{', '}', '\n']) || name_len == 0 {
            continue;
        }
        let end = text.len() - rest.len() + close + 2;
        if i > 0 && bytes[i - 1] == b'\\' {
            found.push(Directive {
                start: i - 1,
                end,
                name: "",
                argument: "",
            });
            at = end;
            continue;
        }
        let (name, argument) = inner.split_at(name_len);
        if !argument.starts_with(char::is_whitespace) {
            continue;
        }
        found.push(Directive {
            start: i,
            end,
            name,
            argument: argument.trim(),
        });
        at = end;
    }
    found
}

/// Which lines of a file to take.
#[derive(Debug, PartialEq, Eq)]
enum Selection<'a> {
    /// 0-based `start`, exclusive `end` (`None`: to the end).
    Lines(usize, Option<usize>),
    /// Between `ANCHOR: name` and `ANCHOR_END: name`.
    Anchor(&'a str),
}

/// `file`, `file:anchor`, `file:3`, `file:3:7`, `file:3:`, `file::7`,
/// as mdBook reads them.
fn parse_target(argument: &str) -> (&str, Selection<'_>) {
    let target = argument.split_whitespace().next().unwrap_or("");
    let Some((file, selection)) = target.split_once(':') else {
        return (target, Selection::Lines(0, None));
    };
    let mut parts = selection.splitn(2, ':');
    let first = parts.next().unwrap_or("");
    let second = parts.next();
    let start = match first.parse::<usize>() {
        Ok(n) => Some(n.saturating_sub(1)),
        Err(_) if first.is_empty() => None,
        Err(_) => return (file, Selection::Anchor(first)),
    };
    let end = second.map(str::parse::<usize>);
    let selection = match (start, end) {
        (Some(start), Some(Ok(end))) => Selection::Lines(start, Some(end)),
        (Some(start), Some(Err(_))) => Selection::Lines(start, None),
        (Some(start), None) => Selection::Lines(start, Some(start + 1)),
        (None, Some(Ok(end))) => Selection::Lines(0, Some(end)),
        (None, _) => Selection::Lines(0, None),
    };
    (file, selection)
}

/// The name of an `ANCHOR:` or `ANCHOR_END:` marker on `line`.
fn anchor_marker<'l>(line: &'l str, marker: &str) -> Option<&'l str> {
    let at = line.find(marker)?;
    let rest = line[at + marker.len()..].trim_start();
    let len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
        .count();
    (len > 0).then(|| &rest[..len])
}

/// Whether `line` is an anchor marker of any name (never included).
fn is_marker(line: &str) -> bool {
    anchor_marker(line, "ANCHOR:").is_some() || anchor_marker(line, "ANCHOR_END:").is_some()
}

/// Each line of `file` with whether it is selected, or why the selection
/// is wrong. Anchor markers are never selected (nor kept hidden).
fn select<'f>(
    content: &'f str,
    selection: &Selection<'_>,
    hiding: bool,
) -> Result<Vec<(&'f str, bool)>, String> {
    let lines: Vec<&str> = content.lines().collect();
    match *selection {
        Selection::Lines(start, end) => {
            // Like mdBook, a range running past the end stops there; a
            // rustdoc include may show no line at all (it hides them all).
            let end = end.unwrap_or(lines.len()).min(lines.len());
            if start >= end && !hiding {
                return Err(format!(
                    "asks for lines from {} of a file that has {} lines",
                    start + 1,
                    lines.len()
                ));
            }
            Ok(lines
                .iter()
                .enumerate()
                .map(|(i, line)| (*line, (start..end).contains(&i)))
                .collect())
        }
        Selection::Anchor(name) => {
            let mut inside = false;
            let mut seen = false;
            let mut out = Vec::with_capacity(lines.len());
            for line in lines {
                if anchor_marker(line, "ANCHOR_END:") == Some(name) {
                    inside = false;
                } else if anchor_marker(line, "ANCHOR:") == Some(name) {
                    inside = true;
                    seen = true;
                } else if is_marker(line) {
                    // Another anchor's marker: never shown.
                } else {
                    out.push((line, inside));
                }
            }
            if !seen {
                return Err(format!(
                    "the file has no 'ANCHOR: {name}' line (mark the part to include with ANCHOR: {name} and ANCHOR_END: {name})"
                ));
            }
            Ok(out)
        }
    }
}

/// Expands the directives of a chapter's markdown. `chapter` is its file
/// on disk (includes are relative to its folder), `shown` how messages
/// name it, `first_line` the file line `text` starts on.
pub(crate) fn expand(text: &str, chapter: &Path, shown: &Path, first_line: usize) -> Expanded {
    let mut expansion = Expansion {
        expanded: Expanded::default(),
        out: String::with_capacity(text.len() + text.len() / 4),
        marks: Vec::new(),
        shown,
    };
    let dir = chapter.parent().unwrap_or(Path::new("."));
    expansion.expand(text, dir, Origin::Chapter(first_line), 0);
    let Expansion {
        mut expanded,
        out,
        marks,
        ..
    } = expansion;
    expanded.line_map = line_map(&out, &marks);
    expanded.text = out;
    expanded
}

/// Where the text being expanded comes from.
#[derive(Debug, Clone, Copy)]
enum Origin {
    /// The chapter itself, starting at this line.
    Chapter(usize),
    /// An included file: every line maps to the directive's line.
    Included(usize),
}

/// For each line of `out`, the chapter line of the last mark at or
/// before its start.
fn line_map(out: &str, marks: &[(usize, usize)]) -> Vec<usize> {
    let mut map = Vec::with_capacity(out.len() / 40 + 1);
    let mut next = 0;
    let mut current = marks.first().map_or(1, |m| m.1);
    let starts = std::iter::once(0).chain(out.match_indices('\n').map(|(i, _)| i + 1));
    for start in starts {
        while next < marks.len() && marks[next].0 <= start {
            current = marks[next].1;
            next += 1;
        }
        map.push(current);
    }
    map
}

/// One chapter being expanded.
struct Expansion<'s> {
    expanded: Expanded,
    out: String,
    /// (offset in `out`, chapter line from there on).
    marks: Vec<(usize, usize)>,
    shown: &'s Path,
}

impl Expansion<'_> {
    /// Writes `piece` (which starts at chapter line `line`) to the output.
    fn write(&mut self, piece: &str, origin: Origin, line: usize) {
        self.marks.push((self.out.len(), line));
        if let Origin::Chapter(_) = origin {
            for (i, _) in piece.match_indices('\n') {
                let n = line + piece[..=i].matches('\n').count();
                self.marks.push((self.out.len() + i + 1, n));
            }
        }
        self.out.push_str(piece);
    }

    fn expand(&mut self, text: &str, dir: &Path, origin: Origin, depth: usize) {
        let line_of = |offset: usize| match origin {
            Origin::Chapter(first) => first + text[..offset].matches('\n').count(),
            Origin::Included(line) => line,
        };
        let mut copied = 0;
        for directive in directives(text) {
            self.write(&text[copied..directive.start], origin, line_of(copied));
            copied = directive.end;
            let line = line_of(directive.start);
            let location = Location::new(self.shown, line);
            let written = &text[directive.start..directive.end];
            match directive.name {
                "" => self.write(&written[1..], Origin::Included(line), line),
                "title" => self.expanded.title = Some(directive.argument.to_owned()),
                "include" | "rustdoc_include" | "playground" | "playpen" => {
                    match self.included(&directive, dir, depth) {
                        Ok((path, included)) => {
                            let sub_dir = path.parent().unwrap_or(dir).to_path_buf();
                            self.expand(&included, &sub_dir, Origin::Included(line), depth + 1);
                        }
                        Err(why) => self
                            .expanded
                            .problems
                            .push((location, format!("{written}: {why}"))),
                    }
                }
                // Handlebars and the like, shown in a code block.
                _ if in_fence(text, directive.start) => {
                    self.write(written, Origin::Included(line), line);
                }
                other => {
                    self.expanded.warnings.push((
                        location,
                        format!(
                            "{{{{#{other} …}}}} is not an mdBook directive this site knows (include, rustdoc_include, playground, title): it shows as written"
                        ),
                    ));
                    self.write(written, Origin::Included(line), line);
                }
            }
        }
        self.write(&text[copied..], origin, line_of(copied));
    }

    /// The text a file directive stands for, and the file it came from.
    fn included(
        &self,
        directive: &Directive<'_>,
        dir: &Path,
        depth: usize,
    ) -> Result<(PathBuf, String), String> {
        if depth >= MAX_DEPTH {
            return Err(format!(
                "includes nest more than {MAX_DEPTH} deep here; does a file include itself?"
            ));
        }
        let (file, selection) = parse_target(directive.argument);
        let (path, content) = read_target(dir, file)?;
        let text = match directive.name {
            "include" => select(&content, &selection, false)?
                .into_iter()
                .filter(|(_, keep)| *keep)
                .map(|(line, _)| line)
                .collect::<Vec<_>>()
                .join("\n"),
            "rustdoc_include" => select(&content, &selection, true)?
                .into_iter()
                .map(|(line, keep)| {
                    if keep {
                        line.to_owned()
                    } else {
                        format!("# {line}")
                    }
                })
                .collect::<Vec<_>>()
                .join("\n"),
            _ => {
                let attributes: Vec<&str> = directive.argument.split_whitespace().skip(1).collect();
                let info = if attributes.is_empty() {
                    "rust".to_owned()
                } else {
                    format!("rust,{}", attributes.join(","))
                };
                let body = content.strip_suffix('\n').unwrap_or(&content);
                format!("```{info}\n{body}\n```\n")
            }
        };
        Ok((path, text))
    }
}

/// Whether byte `at` of the markdown `text` is inside a fenced code block
/// (``` or ~~~, at the top level).
fn in_fence(text: &str, at: usize) -> bool {
    let mut fence: Option<(char, usize)> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if offset > at {
            break;
        }
        offset += line.len();
        let trimmed = line.trim_start();
        let Some(marker) = trimmed.chars().next().filter(|c| matches!(c, '`' | '~')) else {
            continue;
        };
        let width = trimmed.chars().take_while(|&c| c == marker).count();
        if width < 3 {
            continue;
        }
        fence = match fence {
            None => Some((marker, width)),
            Some((open, open_width))
                if open == marker && width >= open_width && trimmed.trim_end().len() == width =>
            {
                None
            }
            still => still,
        };
    }
    fence.is_some()
}

/// Reads an included file, relative to `dir`.
fn read_target(dir: &Path, file: &str) -> Result<(PathBuf, String), String> {
    if file.is_empty() {
        return Err("names no file".to_owned());
    }
    let path = dir.join(file);
    match std::fs::read_to_string(&path) {
        Ok(content) => Ok((path, content)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(format!(
            "cannot read {file}: no such file (it is looked for beside the chapter)"
        )),
        Err(e) => Err(format!("cannot read {file}: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "use std::io;\n// ANCHOR: main\nfn main() {}\n// ANCHOR: inner\nlet x = 1;\n// ANCHOR_END: inner\n// ANCHOR_END: main\nfn rest() {}\n";

    fn book() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp");
        std::fs::create_dir_all(dir.path().join("src/sub")).expect("dirs");
        std::fs::write(dir.path().join("code.rs"), FILE).expect("code");
        std::fs::write(
            dir.path().join("src/sub/note.md"),
            "Note with {{#include ../../code.rs:2:2}}\n",
        )
        .expect("note");
        dir
    }

    fn run(dir: &Path, text: &str) -> Expanded {
        expand(
            text,
            &dir.join("src/chapter.md"),
            Path::new("src/chapter.md"),
            1,
        )
    }

    #[test]
    fn targets_are_read_as_mdbook_reads_them() {
        assert_eq!(parse_target("a.rs"), ("a.rs", Selection::Lines(0, None)));
        assert_eq!(
            parse_target("a.rs:main"),
            ("a.rs", Selection::Anchor("main"))
        );
        assert_eq!(
            parse_target("a.rs:3"),
            ("a.rs", Selection::Lines(2, Some(3)))
        );
        assert_eq!(
            parse_target("a.rs:3:7"),
            ("a.rs", Selection::Lines(2, Some(7)))
        );
        assert_eq!(parse_target("a.rs:3:"), ("a.rs", Selection::Lines(2, None)));
        assert_eq!(
            parse_target("a.rs::7"),
            ("a.rs", Selection::Lines(0, Some(7)))
        );
        assert_eq!(
            parse_target("a.rs editable"),
            ("a.rs", Selection::Lines(0, None))
        );
    }

    #[test]
    fn includes_take_lines_and_anchors_without_markers() {
        let dir = book();
        let e = run(dir.path(), "A\n{{#include ../code.rs:main}}\nB\n");
        assert_eq!(e.text, "A\nfn main() {}\nlet x = 1;\nB\n");
        assert!(e.problems.is_empty(), "{:?}", e.problems);
        let e = run(dir.path(), "{{ #include ../code.rs:1:1 }}");
        assert_eq!(e.text, "use std::io;");
    }

    #[test]
    fn rustdoc_include_hides_what_is_left_out() {
        let dir = book();
        let e = run(dir.path(), "{{#rustdoc_include ../code.rs:inner}}");
        assert_eq!(
            e.text,
            "# use std::io;\n# fn main() {}\nlet x = 1;\n# fn rest() {}"
        );
        let e = run(dir.path(), "{{#rustdoc_include ../code.rs:1}}");
        assert!(
            e.text.starts_with("use std::io;\n# // ANCHOR: main\n"),
            "{}",
            e.text
        );
    }

    #[test]
    fn nested_includes_are_relative_to_their_file_and_map_to_the_directive_line() {
        let dir = book();
        let e = run(dir.path(), "# T\n\n{{#include sub/note.md}}\nafter\n");
        // Like mdBook, an included file's last newline is dropped.
        assert_eq!(e.text, "# T\n\nNote with // ANCHOR: main\nafter\n");
        assert_eq!(e.line_map, [1, 2, 3, 4, 5]);
        let e = run(dir.path(), "```\n{{#include ../code.rs:main}}\n```\nend");
        assert_eq!(e.line_map, [1, 2, 2, 3, 4]);
    }

    #[test]
    fn escaped_directives_lose_their_backslash() {
        let dir = book();
        let e = run(dir.path(), "`\\{{#include x.rs}}`");
        assert_eq!(e.text, "`{{#include x.rs}}`");
        assert!(e.problems.is_empty());
    }

    #[test]
    fn missing_files_anchors_and_lines_are_problems_at_their_line() {
        let dir = book();
        let e = run(
            dir.path(),
            "# T\n{{#include gone.rs}}\n{{#include ../code.rs:nowhere}}\n{{#include ../code.rs:20:30}}\n{{#title The Title}}\n{{#tabs}}\n{{#frob x}}\n```hbs\n{{#if x}}\n```\n",
        );
        let problems: Vec<String> = e
            .problems
            .iter()
            .map(|(l, m)| format!("{l}: {m}"))
            .collect();
        assert_eq!(problems.len(), 3, "{problems:#?}");
        assert!(
            problems[0].starts_with("src/chapter.md:2: {{#include gone.rs}}: cannot read gone.rs"),
            "{}",
            problems[0]
        );
        assert!(problems[1].starts_with("src/chapter.md:3: {{#include ../code.rs:nowhere}}: the file has no 'ANCHOR: nowhere' line"), "{}", problems[1]);
        assert!(
            problems[2].starts_with(
                "src/chapter.md:4: {{#include ../code.rs:20:30}}: asks for lines from 20"
            ),
            "{}",
            problems[2]
        );
        assert_eq!(e.title.as_deref(), Some("The Title"));
        assert_eq!(e.warnings.len(), 1, "{:?}", e.warnings);
        assert_eq!(e.warnings[0].0.line, 7);
        assert!(
            e.text
                .ends_with("\n{{#tabs}}\n{{#frob x}}\n```hbs\n{{#if x}}\n```\n"),
            "{}",
            e.text
        );
        // A rustdoc include may hide every line.
        let e = run(dir.path(), "{{#rustdoc_include ../code.rs:20}}");
        assert!(e.problems.is_empty(), "{:?}", e.problems);
        assert!(e.text.lines().all(|l| l.starts_with("# ")), "{}", e.text);
    }

    #[test]
    fn a_file_that_includes_itself_stops() {
        let dir = book();
        std::fs::write(dir.path().join("src/self.md"), "x {{#include self.md}}").expect("self");
        let e = run(dir.path(), "{{#include self.md}}");
        assert_eq!(e.problems.len(), 1, "{:?}", e.problems);
        assert!(e.problems[0].1.contains("nest more than 10 deep"));
    }
}

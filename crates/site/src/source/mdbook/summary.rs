//! A book's `SUMMARY.md`, read with mdBook's own parser (the
//! `mdbook-summary` crate, so our reading cannot drift from mdBook's) and
//! flattened into the reading order: every chapter with its title, the
//! chapter it is nested in, and the part heading it falls under.

use std::path::Path;

use mdbook_summary::{Link, SummaryItem};

use crate::location::Location;

/// One entry of the summary, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chapter {
    /// The chapter's title, as the summary gives it.
    pub title: String,
    /// Its file relative to the book's source folder, `/`-separated;
    /// `None` for a draft chapter (`- [Title]()`), which mdBook lists
    /// but does not build.
    pub key: Option<String>,
    /// The chapter it is nested in (an index into the list).
    pub parent: Option<usize>,
    /// The part heading (`# Part`) it falls under, if any.
    pub part: Option<String>,
    /// The line of `SUMMARY.md` that lists it.
    pub line: usize,
}

/// A summary, flattened.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Every chapter, prefix and suffix chapters included, in order.
    pub chapters: Vec<Chapter>,
}

/// Reads `text`, the contents of the summary `file` (as messages name it).
pub(crate) fn parse(text: &str, file: &Path) -> Result<Summary, (Location, String)> {
    let parsed = mdbook_summary::parse_summary(text).map_err(|e| {
        // "failed to parse SUMMARY.md line 3, column 1: …"
        let message = format!("{e:#}");
        let line = message
            .split_once(" line ")
            .and_then(|(_, rest)| rest.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        let message = message
            .split_once(": ")
            .filter(|_| line > 0)
            .map_or(message.as_str(), |(_, rest)| rest)
            .to_owned();
        (
            Location::new(file, line),
            format!("mdBook cannot read the summary: {message}"),
        )
    })?;
    let mut summary = Summary::default();
    let mut finder = LineFinder { text, from: 0 };
    let mut part = None;
    for (items, outside_parts) in [
        (&parsed.prefix_chapters, true),
        (&parsed.numbered_chapters, false),
        (&parsed.suffix_chapters, true),
    ] {
        // A part heading covers the numbered chapters after it; prefix
        // and suffix chapters stand outside any part.
        if outside_parts {
            part = None;
        }
        flatten(items, None, &mut part, &mut summary, &mut finder);
    }
    Ok(summary)
}

fn flatten(
    items: &[SummaryItem],
    parent: Option<usize>,
    part: &mut Option<String>,
    summary: &mut Summary,
    finder: &mut LineFinder<'_>,
) {
    for item in items {
        match item {
            SummaryItem::Link(link) => {
                let index = summary.chapters.len();
                summary.chapters.push(Chapter {
                    title: link.name.clone(),
                    key: key_of(link),
                    parent,
                    part: part.clone(),
                    line: finder.line_of(&link.name),
                });
                flatten(&link.nested_items, Some(index), part, summary, finder);
            }
            SummaryItem::PartTitle(title) => {
                finder.line_of(title);
                *part = Some(title.clone());
            }
            // A separator is a rule in mdBook's sidebar: nothing to read.
            SummaryItem::Separator => {}
            _ => {}
        }
    }
}

/// The chapter's file, `/`-separated, without `./`.
fn key_of(link: &Link) -> Option<String> {
    let location = link.location.as_ref()?;
    if location.as_os_str().is_empty() {
        return None;
    }
    let parts: Vec<String> = location
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// Finds the lines of entries in order (the parser does not give them):
/// each title is looked for after the previous one.
struct LineFinder<'t> {
    text: &'t str,
    from: usize,
}

impl LineFinder<'_> {
    fn line_of(&mut self, title: &str) -> usize {
        let first_word = title.split_whitespace().next().unwrap_or(title);
        match self.text[self.from..].find(first_word) {
            Some(at) => {
                let at = self.from + at;
                self.from = at + first_word.len();
                crate::location::line_of_offset(self.text, at)
            }
            None => crate::location::line_of_offset(self.text, self.from),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Title, file, parent, part and line of each chapter.
    type Row = (String, Option<String>, Option<usize>, Option<String>, usize);

    fn chapters(text: &str) -> Vec<Row> {
        parse(text, Path::new("src/SUMMARY.md"))
            .expect("parses")
            .chapters
            .into_iter()
            .map(|c| (c.title, c.key, c.parent, c.part, c.line))
            .collect()
    }

    #[test]
    fn prefix_parts_nesting_drafts_and_suffix_in_order() {
        let text = "# Summary\n\n[Intro](./README.md)\n\n---\n\n# Start\n\n- [Install](start/install.md)\n    - [Linux](start/linux.md)\n- [Soon]()\n\n# Reference\n\n- [Config](ref/config.md)\n\n---\n\n[Thanks](thanks.md)\n";
        let s = |x: &str| Some(x.to_owned());
        assert_eq!(
            chapters(text),
            [
                ("Intro".into(), s("README.md"), None, None, 3),
                ("Install".into(), s("start/install.md"), None, s("Start"), 9),
                ("Linux".into(), s("start/linux.md"), Some(1), s("Start"), 10),
                ("Soon".into(), None, None, s("Start"), 11),
                (
                    "Config".into(),
                    s("ref/config.md"),
                    None,
                    s("Reference"),
                    15
                ),
                ("Thanks".into(), s("thanks.md"), None, None, 19),
            ]
        );
    }

    #[test]
    fn a_malformed_summary_names_its_line() {
        let err = parse(
            "# Summary\n\n- [A](a.md)\n\n[B](b.md)\n\n- [C](c.md)\n",
            Path::new("SUMMARY.md"),
        )
        .unwrap_err();
        assert_eq!(err.0.line, 7, "{err:?}");
        assert!(
            err.1.starts_with("mdBook cannot read the summary: "),
            "{}",
            err.1
        );
    }
}

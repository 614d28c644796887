//! The page's text for the search index, read from the same parser events
//! the HTML is written from (no second parse, of the markdown or of the
//! HTML): each heading starts a section; paragraphs, list items, table
//! cells and quotes become its text, one block per line, and its code
//! blocks (where error text is usually quoted) its code.

use pulldown_cmark::{Event, Tag, TagEnd};

/// The text of one section while it is read.
#[derive(Debug, Default)]
struct Section {
    /// The index of its heading in the page's headings; `None` before the
    /// first heading.
    heading: Option<usize>,
    text: String,
    code: String,
    has_table: bool,
}

/// Gathers a page's sections from its events.
#[derive(Debug, Default)]
pub(crate) struct SearchText {
    /// The info string of the fenced block that places a widget (its
    /// content is no text of the page).
    widget_info: &'static str,
    sections: Vec<Section>,
    headings_seen: usize,
    in_heading: bool,
    in_widget: bool,
    in_code: bool,
}

/// One section of a page, ready for the index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SectionText {
    /// The heading's id; empty before the first heading.
    pub anchor: String,
    /// The heading's text; empty before the first heading.
    pub heading: String,
    /// Its prose blocks, one per line.
    pub text: String,
    /// Its code blocks.
    pub code: String,
    /// Whether it holds a table (the home page's table of errors is where
    /// "nothing fits" points).
    pub has_table: bool,
}

impl SearchText {
    /// A gatherer that skips the blocks whose info string is `widget_info`.
    pub(crate) fn new(widget_info: &'static str) -> Self {
        SearchText {
            widget_info,
            ..SearchText::default()
        }
    }

    fn current(&mut self) -> &mut Section {
        if self.sections.is_empty() {
            self.sections.push(Section::default());
        }
        let last = self.sections.len() - 1;
        &mut self.sections[last]
    }

    fn end_block(&mut self) {
        let section = self.current();
        if !section.text.is_empty() && !section.text.ends_with('\n') {
            section.text.push('\n');
        }
    }

    /// Reads one event (before the renderer takes it).
    pub(crate) fn observe(&mut self, event: &Event<'_>) {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                self.sections.push(Section {
                    heading: Some(self.headings_seen),
                    ..Section::default()
                });
                self.headings_seen += 1;
                self.in_heading = true;
            }
            Event::End(TagEnd::Heading(_)) => self.in_heading = false,
            Event::Start(Tag::CodeBlock(kind)) => {
                self.in_code = true;
                self.in_widget = matches!(kind, pulldown_cmark::CodeBlockKind::Fenced(info)
                    if info.split_whitespace().next() == Some(self.widget_info));
            }
            Event::End(TagEnd::CodeBlock) => {
                self.in_code = false;
                self.in_widget = false;
                let section = self.current();
                if !section.code.ends_with('\n') {
                    section.code.push('\n');
                }
            }
            // The heading's text comes from the renderer's headings.
            Event::Text(_) | Event::Code(_) if self.in_heading || self.in_widget => {}
            Event::Text(text) if self.in_code => self.current().code.push_str(text),
            Event::Text(text) | Event::Code(text) => self.current().text.push_str(text),
            Event::SoftBreak | Event::HardBreak => self.current().text.push(' '),
            Event::Start(Tag::Table(_)) => self.current().has_table = true,
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition,
            ) => self.end_block(),
            _ => {}
        }
    }

    /// The sections, with their headings' ids and text; sections with
    /// neither heading nor text left out.
    /// `headings` are the page's headings in order: level, id, text.
    pub(crate) fn finish<'h>(
        self,
        headings: impl Iterator<Item = (u8, &'h str, &'h str)>,
    ) -> Vec<SectionText> {
        let headings: Vec<(u8, &str, &str)> = headings.collect();
        self.sections
            .into_iter()
            .filter_map(|section| {
                let (anchor, heading) = match section.heading.and_then(|i| headings.get(i)) {
                    // The page's title heading: its section is the top
                    // of the page.
                    Some((1, _, text)) => (String::new(), (*text).to_owned()),
                    Some((_, id, text)) => ((*id).to_owned(), (*text).to_owned()),
                    None => (String::new(), String::new()),
                };
                let empty = section.text.trim().is_empty() && section.code.trim().is_empty();
                (!heading.is_empty() || !empty).then_some(SectionText {
                    anchor,
                    heading,
                    text: section.text,
                    code: section.code,
                    has_table: section.has_table,
                })
            })
            .collect()
    }
}

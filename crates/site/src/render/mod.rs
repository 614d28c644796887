//! Markdown to HTML with pulldown-cmark: GitHub-flavoured syntax, heading ids
//! and permalinks, callouts for GFM alerts, highlighted code blocks with a
//! copy button, links between pages rewritten to site URLs, and the place
//! where a ```widget block puts the site's widget. Definition lists render
//! as `<dl>`, footnotes gather at the end of the page, rustdoc's hidden
//! `# ` lines stay hidden in Rust blocks, and template syntax left
//! unexpanded (an mdBook include, a Zola or Hugo shortcode) is warned about.

pub mod highlight;
pub(crate) mod link;
pub(crate) mod search_index;
pub(crate) mod search_text;
pub(crate) mod slug;
pub(crate) mod unexpanded;

use std::path::Path;

use pulldown_cmark::{
    html, BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser,
    Tag, TagEnd,
};

use std::cell::RefCell;

use crate::location::{LineIndex, Location};
use crate::urls;
use link::Destination;
use slug::{heading_anchor, UniqueIds};

/// The info string of a fenced block that places the site's widget.
pub const WIDGET_INFO: &str = "widget";

/// What the renderer needs to know about the rest of the site.
pub trait SiteLinks {
    /// The URL of the page whose content-relative path is `key`.
    fn page_url(&self, key: &str) -> Option<&str>;
    /// The URL of the non-markdown content file `key`, if it exists.
    fn asset_url(&self, key: &str) -> Option<String>;
    /// The site's base path (`/` or `/repo/`).
    fn base_path(&self) -> &str;
    /// Whether the page `key` exists but is a draft left out of this build.
    fn is_draft(&self, _key: &str) -> bool {
        false
    }
    /// Whether the built site has something at `path` (relative to the base
    /// path: `guide/setup/`, `images/a.png`, `robots.txt`, `` for home).
    fn has_path(&self, path: &str) -> bool;
}

/// One markdown body to render.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// Path relative to `content/`, `/`-separated (`guide/page.md`).
    pub key: &'a str,
    /// The file as shown in messages.
    pub file: &'a Path,
    /// The markdown, front matter removed.
    pub body: &'a str,
    /// Line of the file where `body` starts.
    pub body_line: usize,
    /// For a body whose includes were expanded (a book chapter): the file
    /// line of each of its lines. Its directives were looked at then.
    pub line_map: Option<&'a [usize]>,
}

/// A heading, for the table of contents and anchor checks.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The element id (unique in the page).
    pub id: String,
    /// Plain text of the heading.
    pub text: String,
}

/// A link to an anchor, checked once every page is rendered.
#[derive(Debug, Clone)]
pub struct AnchorLink {
    /// Content key of the target page.
    pub page: String,
    /// The anchor, without `#`.
    pub anchor: String,
    /// Where the link is written.
    pub location: Location,
}

/// A link whose target does not exist.
#[derive(Debug, Clone, PartialEq)]
pub struct BrokenLink {
    /// Where the link is written.
    pub location: Location,
    /// The destination as written.
    pub destination: String,
    /// Why it is broken.
    pub reason: &'static str,
}

/// The result of rendering one page body.
#[derive(Debug, Default, Clone)]
pub struct Rendered {
    /// The HTML of the body.
    pub html: String,
    /// Text of the first level-1 heading.
    pub h1: Option<String>,
    /// Every heading, in order.
    pub headings: Vec<Heading>,
    /// Anchor links to verify against the target pages' headings.
    pub anchor_links: Vec<AnchorLink>,
    /// Links to pages or files that do not exist.
    pub broken_links: Vec<BrokenLink>,
    /// Where each `widget` block stands in `html`, as byte offsets: the
    /// page renderer puts the widget's panel there (only one is allowed).
    /// Recorded while the HTML is written, so nothing in the page's own
    /// text can pass for one.
    pub widgets: Vec<usize>,
    /// Every `id` the body defines, in order, with where it is written:
    /// headings, footnotes and tags of raw HTML, read from the parser's
    /// events (never from the output, where code can look like markup).
    /// Links may point at any; no two may be equal.
    pub ids: Vec<(String, Location)>,
    /// A hash of everything this rendering was made from (set by the build).
    pub source_hash: u64,
    /// Links to other sites, for `site check --external`.
    pub external_links: Vec<ExternalLink>,
    /// Markdown that renders, but not as its writer meant: a code fence
    /// never closed, an alert type that does not exist.
    pub markup_problems: Vec<(Location, String)>,
    /// What builds but deserves a look: an image without a description.
    pub warnings: Vec<(Location, String)>,
    /// The page's sections as text, for the search index (empty unless
    /// asked for with [`render_for_search`]).
    pub search_text: Vec<search_text::SectionText>,
    /// Images from other sites, which the Content-Security-Policy must
    /// allow: their URL, and where they are.
    pub external_images: Vec<(Location, String)>,
    /// Where raw HTML styles inline (`style=`, `<style>`), which the
    /// Content-Security-Policy must allow.
    pub inline_styles: Vec<Location>,
}

impl Rendered {
    /// What titles a page without a title in its front matter: its first
    /// level-1 heading, else its first heading of any level.
    pub fn title(&self) -> Option<&str> {
        self.h1
            .as_deref()
            .or_else(|| self.headings.first().map(|h| h.text.as_str()))
    }
}

/// A link to another site.
#[derive(Debug, Clone, PartialEq)]
pub struct ExternalLink {
    /// The URL as written.
    pub url: String,
    /// Where the link is written.
    pub location: Location,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_DEFINITION_LIST
}

/// The text a page without a title in its front matter is titled by: its
/// first level-1 heading, else its first heading of any level, exactly as
/// [`render`] finds them ([`Rendered::title`]), without rendering: the
/// navigation needs every page's title before pages are rendered and
/// written one by one.
pub fn first_h1(body: &str) -> Option<String> {
    let mut text: Option<String> = None;
    let mut first_any: Option<String> = None;
    let mut level = HeadingLevel::H1;
    for event in Parser::new_ext(body, options()) {
        match (&mut text, event) {
            (None, Event::Start(Tag::Heading { level: l, .. })) => {
                level = l;
                text = Some(String::new());
            }
            (Some(text), Event::Text(t) | Event::Code(t)) => text.push_str(&t),
            (Some(heading), Event::End(TagEnd::Heading(_))) => {
                let heading = heading.trim().to_owned();
                if level == HeadingLevel::H1 {
                    return Some(heading);
                }
                first_any.get_or_insert(heading);
                text = None;
            }
            _ => {}
        }
    }
    first_any
}

/// Renders one markdown body.
pub fn render(source: Source<'_>, site: &dyn SiteLinks) -> Rendered {
    render_for_search(source, site, false)
}

/// Renders one markdown body and, when `search` is set, gathers its
/// sections' text for the search index from the same events.
pub fn render_for_search(source: Source<'_>, site: &dyn SiteLinks, search: bool) -> Rendered {
    let mut text = search.then(|| search_text::SearchText::new(WIDGET_INFO));
    let mut renderer = Renderer {
        source,
        site,
        lines: LineIndex::new(source.body),
        out: Vec::new(),
        heading: None,
        code: None,
        ids: UniqueIds::default(),
        widget_slots: Vec::new(),
        image: None,
        footnote: None,
        footnotes: Vec::new(),
        footnote_order: Vec::new(),
        result: Rendered::default(),
    };
    let mut code_blocks = Vec::new();
    let mut inline_code = Vec::new();
    for (event, range) in Parser::new_ext(source.body, options()).into_offset_iter() {
        let block = source.body.get(range.clone()).unwrap_or("");
        let problem = match &event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => unclosed_fence(block),
            Event::Start(Tag::BlockQuote(None)) => unknown_alert(block),
            _ => None,
        };
        match &event {
            Event::Start(Tag::CodeBlock(_)) => code_blocks.push(range.clone()),
            Event::Code(_) | Event::Html(_) | Event::InlineHtml(_) => {
                inline_code.push(range.clone());
            }
            _ => {}
        }
        if let Some(message) = problem {
            let location = renderer.location(range.start);
            renderer.result.markup_problems.push((location, message));
        }
        if let Some(text) = &mut text {
            text.observe(&event);
        }
        renderer.handle(event, range.start);
    }
    if let Some(text) = text {
        let headings = renderer.result.headings.iter();
        renderer.result.search_text =
            text.finish(headings.map(|h| (h.level, h.id.as_str(), h.text.as_str())));
    }
    if source.line_map.is_none() {
        for (offset, message) in unexpanded::scan(source.body, &code_blocks, &inline_code) {
            let location = renderer.location(offset);
            renderer.result.warnings.push((location, message));
        }
    }
    // Footnotes go at the end of the page, in the order they are
    // referred to (pulldown-cmark numbers them so), whatever their place
    // in the text.
    if !renderer.footnotes.is_empty() {
        renderer.out.push(Event::Html(CowStr::Borrowed(
            "<section class=\"footnotes\" role=\"doc-endnotes\">\n<hr>\n",
        )));
        let mut footnotes = std::mem::take(&mut renderer.footnotes);
        footnotes.sort_by_key(|(label, _)| {
            renderer
                .footnote_order
                .iter()
                .position(|l| l == label)
                .unwrap_or(usize::MAX)
        });
        for (_, events) in footnotes {
            renderer.out.extend(events);
        }
        renderer
            .out
            .push(Event::Html(CowStr::Borrowed("</section>\n")));
    }
    let (html_out, widgets) = write_html(
        renderer.out,
        &renderer.widget_slots,
        source.body.len() * 3 / 2,
    );
    renderer.result.html = html_out;
    renderer.result.widgets = widgets;
    renderer.result
}

/// Writes `events` as HTML, and where in it each of `slots` (indices in
/// `events`, in order) falls. pulldown-cmark's writer writes each event
/// before it asks for the next, so the length written when the iterator
/// reaches a slot is the slot's offset; one writer for the whole page keeps
/// footnote numbers running across widgets.
fn write_html(events: Vec<Event<'_>>, slots: &[usize], capacity: usize) -> (String, Vec<usize>) {
    struct Shared<'s>(&'s RefCell<String>);
    impl std::fmt::Write for Shared<'_> {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0.borrow_mut().push_str(s);
            Ok(())
        }
    }
    let out = RefCell::new(String::with_capacity(capacity));
    let mut offsets = Vec::with_capacity(slots.len());
    let mut pending = slots.iter().copied().peekable();
    let events = events.into_iter().enumerate().map(|(i, event)| {
        while pending.next_if_eq(&i).is_some() {
            offsets.push(out.borrow().len());
        }
        event
    });
    html::write_html_fmt(Shared(&out), events).expect("writing to a String cannot fail");
    let html = out.into_inner();
    offsets.extend(pending.map(|_| html.len()));
    (html, offsets)
}

/// The attributes with a value in the start tags of a piece of raw HTML:
/// each name, and where its value stands in `html` (quotes excluded).
fn html_attributes(html: &str) -> Vec<(&str, std::ops::Range<usize>)> {
    let at = |part: &str| part.as_ptr() as usize - html.as_ptr() as usize;
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let tag = &rest[open + 1..];
        let end = tag.find('>').unwrap_or(tag.len());
        let inside = &tag[..end];
        rest = &tag[end..];
        if !inside.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue; // an end tag, comment or declaration
        }
        let mut attrs = inside.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '-');
        loop {
            attrs = attrs.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            let name_end = attrs
                .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
                .unwrap_or(attrs.len());
            if name_end == 0 {
                break;
            }
            let name = &attrs[..name_end];
            attrs = attrs[name_end..].trim_start();
            let Some(after_equals) = attrs.strip_prefix('=') else {
                continue; // an attribute without a value
            };
            let after_equals = after_equals.trim_start();
            let (value, after) = match after_equals.chars().next() {
                Some(quote @ ('"' | '\'')) => {
                    let body = &after_equals[1..];
                    let close = body.find(quote).unwrap_or(body.len());
                    (&body[..close], body.get(close + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after_equals
                        .find(char::is_whitespace)
                        .unwrap_or(after_equals.len());
                    after_equals.split_at(end)
                }
            };
            found.push((name, at(value)..at(value) + value.len()));
            attrs = after;
        }
    }
    found
}

/// The values of `id` attributes in the start tags of a piece of raw HTML.
fn html_ids(html: &str) -> Vec<String> {
    html_attributes(html)
        .into_iter()
        .filter(|(name, value)| name.eq_ignore_ascii_case("id") && !value.is_empty())
        .map(|(_, value)| html[value].to_owned())
        .collect()
}

/// The GitHub alert types that render as callouts.
const ALERT_TYPES: [&str; 5] = ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"];

/// A fenced code block whose closing fence never comes: everything after
/// the opening fence (to the end of the page or of its container) became
/// code.
fn unclosed_fence(block: &str) -> Option<String> {
    let mut lines = block.lines();
    let opening = lines.next()?.trim_start();
    let marker = opening.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let width = opening.chars().take_while(|&c| c == marker).count();
    let closed = lines
        .rev()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|last| {
            let last = last
                .trim_start_matches(|c: char| c.is_whitespace() || c == '>')
                .trim_end();
            last.len() >= width && last.chars().all(|c| c == marker)
        });
    let fence: String = std::iter::repeat_n(marker, width).collect();
    (!closed).then(|| {
        format!("this code fence ({fence}) is never closed, so everything after it became code; close it with a line holding {fence}")
    })
}

/// A blockquote that starts like a GitHub alert of a type that does not
/// exist, such as `> [!INFO]`: it would render as a plain quote showing
/// the marker.
fn unknown_alert(block: &str) -> Option<String> {
    let first = block.lines().next()?;
    let first = first.trim_start_matches(|c: char| c.is_whitespace() || c == '>');
    let name = first.strip_prefix("[!")?.split(']').next()?;
    let is_marker = !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_alphabetic())
        && first[2 + name.len()..].starts_with(']');
    let known = ALERT_TYPES.iter().any(|t| t.eq_ignore_ascii_case(name));
    (is_marker && !known).then(|| {
        format!("unknown alert type [!{name}]: it would show as a plain quote; use [!NOTE], [!TIP], [!IMPORTANT], [!WARNING] or [!CAUTION]")
    })
}

struct HeadingState<'a> {
    level: HeadingLevel,
    offset: usize,
    explicit_id: Option<String>,
    classes: Vec<String>,
    events: Vec<Event<'a>>,
    text: String,
}

struct CodeState {
    lang: String,
    text: String,
}

struct Renderer<'a, 's> {
    source: Source<'a>,
    site: &'s dyn SiteLinks,
    lines: LineIndex,
    out: Vec<Event<'a>>,
    heading: Option<HeadingState<'a>>,
    code: Option<CodeState>,
    ids: UniqueIds,
    /// Indices in `out` where a widget goes.
    widget_slots: Vec<usize>,
    /// An image being read: where it starts, and whether it has alt text.
    image: Option<(usize, bool)>,
    /// The footnote definition being read: its label and events.
    footnote: Option<(String, Vec<Event<'a>>)>,
    /// Every footnote definition, for the end of the page.
    footnotes: Vec<(String, Vec<Event<'a>>)>,
    /// Footnote labels in the order they are first referred to.
    footnote_order: Vec<String>,
    result: Rendered,
}

impl<'a> Renderer<'a, '_> {
    fn location(&self, offset: usize) -> Location {
        let line = self.lines.line(offset);
        let line = match self.source.line_map {
            Some(map) => map.get(line - 1).or(map.last()).copied().unwrap_or(line),
            None => line + self.source.body_line - 1,
        };
        Location::new(self.source.file, line)
    }

    fn emit(&mut self, event: Event<'a>) {
        match (&mut self.heading, &mut self.footnote) {
            (Some(heading), _) => heading.events.push(event),
            (None, Some((_, events))) => events.push(event),
            (None, None) => self.out.push(event),
        }
    }

    /// Images without alt text are invisible to screen readers and to
    /// search: a warning, not an error (a decorative image may mean it).
    fn note_image_text(&mut self, event: &Event<'a>, offset: usize) {
        match (event, &mut self.image) {
            (Event::Start(Tag::Image { .. }), _) => self.image = Some((offset, false)),
            (Event::Text(text) | Event::Code(text), Some((_, has_text))) => {
                *has_text |= !text.trim().is_empty();
            }
            (Event::End(TagEnd::Image), Some((start, has_text))) => {
                let (start, has_text) = (*start, *has_text);
                self.image = None;
                if !has_text {
                    let location = self.location(start);
                    self.result.warnings.push((
                        location,
                        "image without alt text: describe it between the brackets, `![what it shows](…)`, so screen readers and search can use it".to_owned(),
                    ));
                }
            }
            _ => {}
        }
    }

    fn handle(&mut self, event: Event<'a>, offset: usize) {
        if let Some(code) = &mut self.code {
            match event {
                Event::Text(text) => code.text.push_str(&text),
                Event::End(TagEnd::CodeBlock) => self.finish_code_block(),
                _ => {}
            }
            return;
        }
        self.note_image_text(&event, offset);
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs: _,
            }) => {
                self.heading = Some(HeadingState {
                    level,
                    offset,
                    explicit_id: id.map(|id| id.to_string()),
                    classes: classes.iter().map(|c| c.to_string()).collect(),
                    events: Vec::new(),
                    text: String::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => self.finish_heading(),
            Event::Text(ref text) | Event::Code(ref text) => {
                if let Some(heading) = &mut self.heading {
                    heading.text.push_str(text);
                }
                self.emit(short_code(event));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                        .next()
                        .unwrap_or("")
                        .to_owned(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some(CodeState {
                    lang,
                    text: String::new(),
                });
            }
            Event::Html(ref html) | Event::InlineHtml(ref html) => {
                for id in html_ids(html) {
                    let location = self.location(offset);
                    self.result.ids.push((id, location));
                }
                if styles_inline(html) {
                    let location = self.location(offset);
                    self.result.inline_styles.push(location);
                }
                let rewritten = self.rewrite_html_links(html, offset);
                self.emit(match (event, rewritten) {
                    (Event::Html(_), Some(html)) => Event::Html(CowStr::from(html)),
                    (Event::InlineHtml(_), Some(html)) => Event::InlineHtml(CowStr::from(html)),
                    (event, _) => event,
                });
            }
            Event::Start(Tag::FootnoteDefinition(ref label)) => {
                let location = self.location(offset);
                self.result.ids.push((label.to_string(), location));
                // Nested definitions are not CommonMark; keep the outer one.
                if self.footnote.is_none() {
                    self.footnote = Some((label.to_string(), Vec::new()));
                }
                self.emit(event);
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                self.emit(event);
                if let Some(done) = self.footnote.take() {
                    self.footnotes.push(done);
                }
            }
            Event::FootnoteReference(ref label) => {
                if !self.footnote_order.iter().any(|l| l == &**label) {
                    self.footnote_order.push(label.to_string());
                }
                self.emit(event);
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, title) = alert_class_and_title(kind);
                self.emit(Event::Html(CowStr::from(format!(
                    "<div class=\"callout callout-{class}\">\n<p class=\"callout-title\">{title}</p>\n"
                ))));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                self.emit(Event::Html(CowStr::Borrowed("</div>\n")));
            }
            Event::Start(Tag::Table(alignments)) => {
                self.emit(Event::Html(CowStr::Borrowed(
                    "<div class=\"table-wrap\" tabindex=\"0\">",
                )));
                self.emit(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                self.emit(Event::End(TagEnd::Table));
                self.emit(Event::Html(CowStr::Borrowed("</div>\n")));
            }
            Event::TaskListMarker(done) => {
                let (checked, label) = if done {
                    (" checked", "Done")
                } else {
                    ("", "Not done")
                };
                self.emit(Event::InlineHtml(CowStr::from(format!(
                    "<input type=\"checkbox\" class=\"task\" disabled{checked} aria-label=\"{label}\"> "
                ))));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self.rewrite(link_type, dest_url, offset, false);
                self.emit(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self.rewrite(link_type, dest_url, offset, true);
                self.emit(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            other => self.emit(other),
        }
    }

    /// Links (`href`) and images (`src`) in raw HTML get what markdown links
    /// get: checked, and rewritten to site URLs. `None` when nothing changed.
    fn rewrite_html_links(&mut self, html: &str, offset: usize) -> Option<String> {
        let mut out = String::with_capacity(html.len());
        let mut copied = 0;
        for (name, value) in html_attributes(html) {
            let is_image = name.eq_ignore_ascii_case("src");
            if !(is_image || name.eq_ignore_ascii_case("href")) {
                continue;
            }
            let written = &html[value.clone()];
            let url = self.rewrite(
                LinkType::Inline,
                CowStr::from(written.to_owned()),
                offset,
                is_image,
            );
            if *url != *written {
                out.push_str(&html[copied..value.start]);
                out.push_str(&escape_attr(&url));
                copied = value.end;
            }
        }
        (copied > 0).then(|| {
            out.push_str(&html[copied..]);
            out
        })
    }

    /// Turns a destination as written into the URL the built site needs,
    /// recording links that point nowhere.
    fn rewrite(
        &mut self,
        link_type: LinkType,
        dest: CowStr<'a>,
        offset: usize,
        is_image: bool,
    ) -> CowStr<'a> {
        if matches!(link_type, LinkType::Email | LinkType::Autolink) {
            return dest;
        }
        let key = self.source.key;
        match link::classify(&dest) {
            Destination::External => {
                if dest.starts_with("http://") || dest.starts_with("https://") {
                    let location = self.location(offset);
                    if is_image {
                        self.result
                            .external_images
                            .push((location.clone(), dest.to_string()));
                    }
                    self.result.external_links.push(ExternalLink {
                        url: dest.to_string(),
                        location,
                    });
                } else if is_image && dest.starts_with("//") {
                    let location = self.location(offset);
                    self.result
                        .external_images
                        .push((location, format!("https:{dest}")));
                }
                dest
            }
            Destination::SiteRoot(rest) => {
                // Written with the base path already (`/repo/page/`) or
                // without it (`/page/`): either way the link gets it once.
                let base = self.site.base_path();
                let within = match dest.strip_prefix(base) {
                    Some(within) if base != "/" => within,
                    _ => rest,
                };
                let target = within.split(['#', '?']).next().unwrap_or("");
                let exists = self.site.has_path(target)
                    || (!target.ends_with('/') && self.site.has_path(&format!("{target}/")));
                if !exists {
                    self.result.broken_links.push(BrokenLink {
                        location: self.location(offset),
                        destination: dest.to_string(),
                        reason: "nothing in this site at that address (links from the site root are checked too; a link to another page is best written as its file, such as guide/setup.md)",
                    });
                }
                CowStr::from(urls::join(base, within))
            }
            Destination::Fragment(anchor) => {
                self.result.anchor_links.push(AnchorLink {
                    page: key.to_owned(),
                    anchor: slug::percent_decoded(anchor).unwrap_or_else(|| anchor.to_owned()),
                    location: self.location(offset),
                });
                dest
            }
            Destination::Page { path, anchor } => {
                let target = match path.strip_prefix("@/") {
                    // Zola's link to a file from the content folder.
                    Some(from_content) => Some(from_content.to_owned()),
                    None => link::resolve(key, path),
                };
                let Some(target) = target else {
                    return self.climbs_out(dest, offset);
                };
                let found = self
                    .site
                    .page_url(&target)
                    .map(|url| (target.clone(), url))
                    .or_else(|| {
                        let decoded = slug::percent_decoded(&target)?;
                        let url = self.site.page_url(&decoded)?;
                        Some((decoded, url))
                    });
                match found {
                    Some((target, url)) if !is_image => {
                        let url = url.to_owned();
                        CowStr::from(self.with_anchor(url, &target, anchor, offset))
                    }
                    _ => {
                        let target = Some(target);
                        let draft = target.as_deref().is_some_and(|t| self.site.is_draft(t));
                        let reason = if draft {
                            "that page is a draft (draft = true), built only with --drafts; publish it or link to it later"
                        } else {
                            "no such page in content/"
                        };
                        self.broken(offset, &dest, reason);
                        dest
                    }
                }
            }
            Destination::Asset(path) => {
                let (file, suffix) = match path.find(['?', '#']) {
                    Some(i) => (&path[..i], &path[i..]),
                    None => (path, ""),
                };
                let Some(target) = link::resolve(key, file) else {
                    return self.climbs_out(dest, offset);
                };
                let decoded = slug::percent_decoded(&target);
                let asset = self
                    .site
                    .asset_url(&target)
                    .or_else(|| decoded.as_deref().and_then(|d| self.site.asset_url(d)));
                if let Some(url) = asset {
                    return CowStr::from(format!("{url}{suffix}"));
                }
                // mdBook's address of a chapter: `chapter.html`, and
                // `index.html` for a folder's README.md or index.md.
                if !is_image {
                    if let Some((page, url)) = self.html_link_target(&target) {
                        let anchor = suffix.split_once('#').map(|(_, a)| a);
                        return CowStr::from(self.with_anchor(url, &page, anchor, offset));
                    }
                }
                self.broken(offset, &dest, "no such file in content/");
                dest
            }
        }
    }

    /// `url` with `#anchor` (as written), the anchor remembered for the
    /// check against page `target`'s ids.
    fn with_anchor(
        &mut self,
        url: String,
        target: &str,
        anchor: Option<&str>,
        offset: usize,
    ) -> String {
        match anchor {
            Some(anchor) => {
                self.result.anchor_links.push(AnchorLink {
                    page: target.to_owned(),
                    anchor: slug::percent_decoded(anchor).unwrap_or_else(|| anchor.to_owned()),
                    location: self.location(offset),
                });
                format!("{url}#{anchor}")
            }
            None => url,
        }
    }

    /// The page an mdBook-style `chapter.html` (or `folder/index.html`)
    /// address stands for, and its URL.
    fn html_link_target(&self, target: &str) -> Option<(String, String)> {
        let stem = target.strip_suffix(".html")?;
        let decoded = slug::percent_decoded(stem);
        let stem = decoded.as_deref().unwrap_or(stem);
        let mut candidates = vec![format!("{stem}.md")];
        if let Some(folder) = stem.strip_suffix("index") {
            for name in ["README.md", "_index.md"] {
                candidates.push(format!("{folder}{name}"));
            }
        }
        candidates.into_iter().find_map(|key| {
            self.site
                .page_url(&key)
                .map(|url| (key.clone(), url.to_owned()))
        })
    }

    /// A relative link that climbs out of the content folder (`../std/…`
    /// in a book hosted beside other books): a warning, not an error, and
    /// the link made absolute so it climbs from where the page's file
    /// stands, as it does where the book is hosted.
    fn climbs_out(&mut self, dest: CowStr<'a>, offset: usize) -> CowStr<'a> {
        let location = self.location(offset);
        self.result.warnings.push((
            location,
            format!("the link '{dest}' climbs out of the content folder: it works only where the site is hosted beside what it points to, and is not checked"),
        ));
        let base = self.site.base_path();
        let folder = self.source.key.rsplit_once('/').map_or("", |(dir, _)| dir);
        let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
        parts.extend(folder.split('/').filter(|p| !p.is_empty()));
        for segment in dest.split('/') {
            match segment {
                "" | "." => {}
                ".." => {
                    parts.pop();
                }
                other => parts.push(other),
            }
        }
        CowStr::from(format!("/{}", parts.join("/")))
    }

    fn broken(&mut self, offset: usize, dest: &str, reason: &'static str) {
        self.result.broken_links.push(BrokenLink {
            location: self.location(offset),
            destination: dest.to_owned(),
            reason,
        });
    }

    fn finish_heading(&mut self) {
        let Some(heading) = self.heading.take() else {
            return;
        };
        let level = heading.level as u8;
        let text = heading.text.trim().to_owned();
        let explicit = heading.explicit_id.is_some();
        let id = self
            .ids
            .claim(heading.explicit_id.unwrap_or_else(|| heading_anchor(&text)));
        // Zola's style of anchor for the same heading (`quota-rate-limits`
        // for GitHub's `quota--rate-limits`), so links written either way
        // land here.
        // (Most headings are plain words, the same in either style.)
        let plain = text
            .split(' ')
            .all(|word| !word.is_empty() && word.bytes().all(|b| b.is_ascii_alphanumeric()));
        let alias = (!plain && !explicit)
            .then(|| slug::collapsed_anchor(&text))
            .filter(|alias| !alias.is_empty() && *alias != id)
            .filter(|alias| self.ids.claim_exact(alias));
        if level == 1 && self.result.h1.is_none() {
            self.result.h1 = Some(text.clone());
        }
        let mut inner = String::new();
        html::push_html(&mut inner, heading.events.into_iter());
        let class_attr = if heading.classes.is_empty() {
            String::new()
        } else {
            format!(" class=\"{}\"", escape_attr(&heading.classes.join(" ")))
        };
        let id_attr = escape_attr(&id);
        let alias_span = alias.as_deref().map_or_else(String::new, |alias| {
            format!("<span id=\"{}\"></span>", escape_attr(alias))
        });
        self.emit(Event::Html(CowStr::from(format!(
            "<h{level} id=\"{id_attr}\"{class_attr}>{alias_span}{inner} <a class=\"anchor\" href=\"#{id_attr}\" aria-label=\"Link to this section\">#</a></h{level}>\n"
        ))));
        let location = self.location(heading.offset);
        if let Some(alias) = alias {
            self.result.ids.push((alias, location.clone()));
        }
        self.result.ids.push((id.clone(), location));
        self.result.headings.push(Heading { level, id, text });
    }

    fn finish_code_block(&mut self) {
        let Some(code) = self.code.take() else {
            return;
        };
        if code.lang == WIDGET_INFO {
            self.widget_slots.push(self.out.len());
            return;
        }
        let text = if code.lang == "rust" {
            hide_rustdoc_lines(&code.text)
        } else {
            std::borrow::Cow::Borrowed(code.text.as_str())
        };
        let body = if code.lang.is_empty() {
            None
        } else {
            highlight::highlight(&text, &code.lang)
        }
        .unwrap_or_else(|| escape_text(&text));
        let lang = escape_attr(&code.lang);
        let (lang_attr, code_class) = if lang.is_empty() {
            (String::new(), String::new())
        } else {
            (
                format!(" data-lang=\"{lang}\""),
                format!(" class=\"language-{lang}\""),
            )
        };
        self.emit(Event::Html(CowStr::from(format!(
            "<div class=\"code-block\"{lang_attr}><button type=\"button\" class=\"copy-button\" hidden>Copy</button><pre tabindex=\"0\"><code{code_class}>{body}</code></pre></div>\n"
        ))));
    }
}

/// Rust code without the lines rustdoc and mdBook hide (`# ` and a lone
/// `#`, which only make the example compile), and with `##` at the start
/// of a line shown as the `#` it escapes.
fn hide_rustdoc_lines(code: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |line: &str| {
        let trimmed = line.trim_start();
        trimmed == "#" || trimmed.starts_with("# ") || trimmed.starts_with("##")
    };
    if !code.lines().any(hidden) {
        return std::borrow::Cow::Borrowed(code);
    }
    let mut out = String::with_capacity(code.len());
    for line in code.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start();
        if trimmed == "#" || trimmed.starts_with("# ") {
            continue;
        }
        match trimmed.strip_prefix("##") {
            Some(rest) => {
                out.push_str(&content[..content.len() - trimmed.len()]);
                out.push('#');
                out.push_str(rest);
                out.push_str(&line[content.len()..]);
            }
            None => out.push_str(line),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Whether raw HTML styles inline: a `style` attribute, or a `<style>`
/// element.
fn styles_inline(html: &str) -> bool {
    let lower = html.to_ascii_lowercase();
    lower.contains("<style")
        || html_attributes(html)
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("style"))
}

fn alert_class_and_title(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

/// Inline code shorter than this many characters is never broken across
/// lines (`xi-api-key`, `convai_write`, `npm install dotenv`): the theme
/// styles `code.short` with `white-space: nowrap`. Longer code (a URL
/// path, a whole command) may still wrap, at `/` and `-` first.
pub const SHORT_CODE_CHARS: usize = 28;

/// `event`, with inline code shorter than [`SHORT_CODE_CHARS`] written as
/// `<code class="short">`.
fn short_code(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Code(code) if code.chars().count() < SHORT_CODE_CHARS => {
            Event::InlineHtml(CowStr::from(format!(
                "<code class=\"short\">{}</code>",
                escape_text(&code)
            )))
        }
        event => event,
    }
}

/// Escapes text for an HTML element body.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html_body_text(&mut out, text).expect("writing to a String");
    out
}

/// Escapes text for a double-quoted HTML attribute.
pub fn escape_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).expect("writing to a String");
    out
}

#[cfg(test)]
mod tests {

    fn markup_problems_of(markdown: &str) -> Vec<(usize, String)> {
        render_text(markdown)
            .markup_problems
            .into_iter()
            .map(|(location, message)| (location.line, message))
            .collect()
    }

    #[test]
    fn closed_fences_of_every_kind_pass() {
        for markdown in [
            "```\ncode\n```\n",
            "~~~~ rust\nfn main() {}\n~~~~~\n",
            "> ```\n> quoted\n> ```\n",
            "- item\n\n  ```bash\n  ls\n  ```\n",
            "```\n```\n",
            "````\n```\nnested\n```\n````\n",
        ] {
            assert_eq!(markup_problems_of(markdown), [], "{markdown:?}");
        }
    }

    #[test]
    fn unclosed_fences_are_named_at_their_line() {
        for (markdown, line) in [
            ("text\n\n```bash\nls\n\n# Not a heading\n", 3),
            ("~~~\ncode\n```\n", 1),
            ("> ```\n> quoted\n\nafter\n", 1),
            ("````\ncode\n```\n", 1),
        ] {
            let problems = markup_problems_of(markdown);
            assert_eq!(problems.len(), 1, "{markdown:?}: {problems:?}");
            assert_eq!(problems[0].0, line, "{markdown:?}");
            assert!(problems[0].1.contains("never closed"), "{problems:?}");
        }
    }

    #[test]
    fn only_unknown_alert_types_are_problems() {
        for markdown in [
            "> [!NOTE]\n> x\n",
            "> [!warning]\n> x\n",
            "> plain quote\n",
            "> [link](x.md)\n",
            "> [!]\n",
        ] {
            assert_eq!(markup_problems_of(markdown), [], "{markdown:?}");
        }
        let problems = markup_problems_of("# T\n\n> [!INFO]\n> x\n");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].0, 3);
        assert!(
            problems[0].1.starts_with("unknown alert type [!INFO]"),
            "{problems:?}"
        );
    }
    use super::*;

    struct NoPages;

    impl SiteLinks for NoPages {
        fn page_url(&self, _: &str) -> Option<&str> {
            None
        }
        fn asset_url(&self, _: &str) -> Option<String> {
            None
        }
        fn base_path(&self) -> &str {
            "/"
        }
        fn has_path(&self, _: &str) -> bool {
            true
        }
    }

    fn render_text(body: &str) -> Rendered {
        render(
            Source {
                key: "page.md",
                file: Path::new("content/page.md"),
                body,
                body_line: 1,
                line_map: None,
            },
            &NoPages,
        )
    }

    #[test]
    fn short_inline_code_is_marked_to_stay_whole_and_long_code_is_not() {
        let html = render_text(
            "Send `xi-api-key` & `<b>`; see `/v1/convai/conversation/get-signed-url`.\n\n## The `convai_write` permission\n",
        )
        .html;
        assert!(
            html.contains(r#"<code class="short">xi-api-key</code>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<code class="short">&lt;b&gt;</code>"#),
            "{html}"
        );
        assert!(
            html.contains("<code>/v1/convai/conversation/get-signed-url</code>"),
            "{html}"
        );
        assert!(
            html.contains(r#"The <code class="short">convai_write</code> permission"#),
            "{html}"
        );
        // 27 characters is short; 28 is not.
        let html = render_text(&format!("`{}` `{}`", "a".repeat(27), "b".repeat(28))).html;
        assert!(
            html.contains(&format!(r#"<code class="short">{}</code>"#, "a".repeat(27))),
            "{html}"
        );
        assert!(
            html.contains(&format!("<code>{}</code>", "b".repeat(28))),
            "{html}"
        );
    }

    #[test]
    fn raw_html_and_footnote_ids_are_collected() {
        let rendered = render_text("<p id=\"a\">x</p>\n\nText.[^note]\n\n[^note]: A note.\n");
        let ids: Vec<(&str, usize)> = rendered
            .ids
            .iter()
            .map(|(id, location)| (id.as_str(), location.line))
            .collect();
        assert_eq!(ids, [("a", 1), ("note", 5)]);
    }

    #[test]
    fn links_in_raw_html_are_rewritten_like_markdown_links() {
        let rendered = render_text(
            "<a href=\"#here\">x</a> <img src='https://example.com/a.png' alt=\"a\">\n\n<p><a class=\"x\" href=/root.txt>r</a></p>\n",
        );
        assert!(
            rendered.html.contains("<a href=\"#here\">x</a>"),
            "{}",
            rendered.html
        );
        assert!(
            rendered.html.contains("src='https://example.com/a.png'"),
            "{}",
            rendered.html
        );
        assert!(
            rendered.html.contains("href=/root.txt>"),
            "{}",
            rendered.html
        );
        assert_eq!(rendered.anchor_links.len(), 1);
        assert_eq!(rendered.external_links.len(), 1);
    }

    #[test]
    fn ids_come_from_headings_footnotes_and_tags_never_from_code() {
        let rendered = render_text(
            "# Title\n\n```html\n<div id=\"app\"></div>\n```\n\n`<b id=\"x\">`\n\n<span class=\"a\" ID='b' data-id=\"no\">s</span> and <i id=c>i</i>\n",
        );
        let ids: Vec<&str> = rendered.ids.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["title", "b", "c"]);
    }

    #[test]
    fn widget_blocks_are_placed_where_they_stand_and_cannot_be_forged() {
        let rendered = render_text(
            "Text[^a].\n\n```widget\n```\n\n<!--keydoctor:checker-->\n\n```widget\n```\n\nEnd[^b].\n\n[^a]: A.\n[^b]: B.\n",
        );
        let html = &rendered.html;
        assert_eq!(rendered.widgets.len(), 2, "{html}");
        let (first, second) = (rendered.widgets[0], rendered.widgets[1]);
        assert!(html[..first].ends_with("</p>\n"), "{html}");
        assert!(
            html[first..second].trim() == "<!--keydoctor:checker-->",
            "raw HTML stays raw HTML: {html}"
        );
        assert!(html[second..].starts_with("<p>End"), "{html}");
        // Footnote numbers run across the widgets.
        assert!(html.contains(">2</a></sup>"), "{html}");
    }

    #[test]
    fn autolinks_of_any_scheme_are_left_as_written() {
        // Found by the property test: `<aa:>` is a CommonMark autolink.
        let rendered = render_text("<aa:> and <vscode://file/x>\n");
        assert!(
            rendered.html.contains("<a href=\"aa:\">aa:</a>"),
            "{}",
            rendered.html
        );
        assert!(
            rendered.html.contains("href=\"vscode://file/x\""),
            "{}",
            rendered.html
        );
        assert!(rendered.broken_links.is_empty());
    }
}

//! The sidebar as HTML. It is written here rather than by a template loop,
//! as mdBook writes its table of contents: the loop over every entry, with
//! Tera's per-variable lookups, doubled the build time of a 10,000-page
//! site. Templates place it with `{{ sidebar | safe }}` and style it by its
//! classes: `nav-section` (a collapsible group), `nav-section-closed` (a
//! section whose entries are not listed), `nav-gap` (entries left out on a
//! large site, linked to the listing), `toc` (the current page's contents).

use pulldown_cmark_escape::escape_html;

use crate::layout::toc::TocEntry;
use crate::nav::{SidebarItem, SidebarList};

/// The `<ul>` of `list`, the current page's entry holding `toc`.
pub(crate) fn sidebar_html(list: &SidebarList<'_>, toc: &[TocEntry<'_>]) -> String {
    let mut html = String::with_capacity(4096);
    html.push_str("<ul>");
    if let Some(home) = &list.home {
        push_item(&mut html, home, "", toc);
    }
    push_list(&mut html, list, toc);
    html.push_str("\n</ul>");
    html
}

fn push_list(html: &mut String, list: &SidebarList<'_>, toc: &[TocEntry<'_>]) {
    if list.hidden_before > 0 {
        push_gap(html, &list.before_url, list.hidden_before, "earlier");
    }
    for item in &list.items {
        match &item.children {
            Some(children) => {
                html.push_str("\n<li class=\"nav-section\"><details");
                if item.open {
                    html.push_str(" open");
                }
                html.push_str("><summary>");
                push_escaped(html, item.title);
                html.push_str("</summary><ul>");
                if item.has_index {
                    push_item(html, item, "", toc);
                }
                push_list(html, children, toc);
                html.push_str("\n</ul></details></li>");
            }
            None if item.section => push_item(html, item, " class=\"nav-section-closed\"", toc),
            None => push_item(html, item, "", toc),
        }
    }
    if list.hidden_after > 0 {
        push_gap(html, &list.after_url, list.hidden_after, "more");
    }
}

fn push_item(html: &mut String, item: &SidebarItem<'_>, class: &str, toc: &[TocEntry<'_>]) {
    html.push_str("\n<li");
    html.push_str(class);
    html.push_str("><a href=\"");
    push_escaped(html, &item.url);
    html.push('"');
    if item.current {
        html.push_str(" aria-current=\"page\"");
    }
    html.push('>');
    push_escaped(html, item.title);
    html.push_str("</a>");
    if item.current && !toc.is_empty() {
        push_toc(html, toc);
    }
    html.push_str("</li>");
}

fn push_toc(html: &mut String, toc: &[TocEntry<'_>]) {
    html.push_str("<ul class=\"toc\">");
    for entry in toc {
        html.push_str("<li><a href=\"#");
        push_escaped(html, entry.id);
        html.push_str("\">");
        push_escaped(html, entry.text);
        html.push_str("</a>");
        if !entry.children.is_empty() {
            html.push_str("<ul>");
            for child in &entry.children {
                html.push_str("<li><a href=\"#");
                push_escaped(html, child.id);
                html.push_str("\">");
                push_escaped(html, child.text);
                html.push_str("</a></li>");
            }
            html.push_str("</ul>");
        }
        html.push_str("</li>");
    }
    html.push_str("</ul>");
}

fn push_gap(html: &mut String, url: &str, count: usize, which: &str) {
    html.push_str("\n<li class=\"nav-gap\"><a href=\"");
    push_escaped(html, url);
    html.push_str(&format!("\">{count} {which} pages</a></li>"));
}

fn push_escaped(html: &mut String, text: &str) {
    escape_html(&mut *html, text).expect("writing to a String");
}

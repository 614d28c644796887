//! Front-matter keys of the generators people migrate from (Zola, Hugo):
//! which are read as they mean, which change nothing a reader sees and
//! are accepted, and which ask for something this site does not do, and
//! are warned about (once per key, every one in the same run).

/// What the site makes of a front-matter key that is not its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Foreign {
    /// Accepted: it changes nothing a reader would miss here.
    Accepted,
    /// Ignored, with the reason a writer should know.
    Ignored(&'static str),
}

/// The site's own keys.
pub(crate) const OWN_KEYS: [&str; 8] = [
    "title",
    "description",
    "weight",
    "slug",
    "draft",
    "fixes",
    "extra",
    "test",
];

const NO_TEMPLATES: &str =
    "every page is laid out with the theme's page.html (override it in theme/)";
const NO_REDIRECTS: &str = "no redirect pages are made for old addresses";
const OWN_ADDRESS: &str = "a page's address comes from its file name, or from `slug`";
const NO_PAGINATION: &str = "a section page lists all of its pages";

/// What the site makes of `key`, written by Zola or Hugo; `None` for a
/// key no generator this site knows uses.
pub(crate) fn classify(key: &str) -> Option<Foreign> {
    use Foreign::{Accepted, Ignored};
    Some(match key {
        // Dates, people and taxonomies: metadata the theme does not show.
        "date" | "updated" | "lastmod" | "publishDate" | "publishdate" | "authors"
        | "author" | "taxonomies" | "tags" | "categories" | "keywords" | "series" => Accepted,
        // Zola: anchor links are always inserted; every page is searchable.
        "insert_anchor_links" | "in_search_index" => Accepted,
        // Hugo: the description and table of contents are always there.
        "summary" | "toc" | "showToc" | "images" => Accepted,
        "template" | "page_template" | "layout" | "type" => Ignored(NO_TEMPLATES),
        "aliases" => Ignored(NO_REDIRECTS),
        "path" | "url" => Ignored(OWN_ADDRESS),
        "paginate_by" | "paginate_path" | "paginate_reversed" => Ignored(NO_PAGINATION),
        "sort_by" => Ignored(
            "pages are ordered by weight, then title, then file name (sort_by = \"weight\" is that order)",
        ),
        "render" => Ignored("every page is rendered and published"),
        "redirect_to" => Ignored(NO_REDIRECTS),
        "transparent" => Ignored("a section's pages are listed in its own section"),
        "generate_feeds" | "generate_feed" | "outputs" => Ignored("no feeds are made"),
        "menu" | "linkTitle" => Ignored(
            "the sidebar lists every page by its title, in reading order",
        ),
        "expiryDate" | "expirydate" => Ignored("pages do not expire; use draft = true"),
        _ => return None,
    })
}

/// Whether `sort_by = value` asks for the order the site uses anyway.
pub(crate) fn sort_by_matches(value: &str) -> bool {
    matches!(value, "weight" | "none")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_keys_are_not_foreign() {
        for key in OWN_KEYS {
            assert_eq!(classify(key), None, "{key}");
        }
    }

    #[test]
    fn zola_and_hugo_keys_are_known() {
        assert_eq!(classify("date"), Some(Foreign::Accepted));
        assert!(matches!(classify("template"), Some(Foreign::Ignored(_))));
        assert!(matches!(classify("aliases"), Some(Foreign::Ignored(_))));
        assert_eq!(classify("titel"), None);
        assert!(sort_by_matches("weight"));
        assert!(!sort_by_matches("date"));
    }
}

//! What the checker promises about the docs and its page, checked against
//! the real content and theme: every docs section a verdict links to exists
//! in the built site, every API host the checker offers is documented, and
//! the widget's template fills only fields the checker produces.

#[cfg(test)]
mod tests {
    use keydoctor_checker::hosts::API_HOSTS;
    use keydoctor_checker::verdict::{FIELDS, VERDICT_IDS};
    use keydoctor_site::{build, BuildOptions};

    use crate::command::workspace_root;

    fn built_site() -> tempfile::TempDir {
        let out = tempfile::tempdir().expect("a temporary directory");
        let mut options = BuildOptions::new(workspace_root());
        options.output = out.path().join("www");
        build(&options).expect("the site builds");
        out
    }

    fn widget_template() -> String {
        std::fs::read_to_string(workspace_root().join("theme/widget.html"))
            .expect("theme/widget.html")
    }

    /// Every value of attribute `name` in `html`, in order.
    fn attribute_values<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
        let needle = format!(" {name}=\"");
        html.match_indices(&needle)
            .map(|(at, _)| {
                let rest = &html[at + needle.len()..];
                &rest[..rest.find('"').expect("a closing quote")]
            })
            .collect()
    }

    #[test]
    fn every_verdict_link_leads_to_an_existing_section() {
        let site = built_site();
        let template = widget_template();
        let links: Vec<&str> = attribute_values(&template, "href")
            .into_iter()
            .filter_map(|href| href.strip_prefix("{{ base_path }}"))
            .collect();
        assert!(links.len() >= VERDICT_IDS.len(), "{links:?}");
        for link in links {
            let (page, anchor) = link.split_once('#').expect("a page#anchor link");
            let path = site.path().join("www").join(page).join("index.html");
            let html = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert!(
                html.contains(&format!("id=\"{anchor}\"")),
                "{page}#{anchor} does not exist"
            );
        }
    }

    #[test]
    fn a_cards_curl_command_is_the_checkers_own() {
        // The card's template words the command around the address the
        // checker fills in: the same words as the page's own fallback.
        let template = widget_template();
        let before = keydoctor_checker::hosts::CURL_BEFORE_ADDRESS;
        assert!(
            template.contains(&format!(
                "<code>{before}<span data-slot=\"curl\"></span>\"</code>"
            )),
            "theme/widget.html's card curl differs from hosts::curl_command"
        );
    }

    #[test]
    fn the_template_fills_only_fields_the_checker_produces() {
        let template = widget_template();
        let known = |name: &str| {
            FIELDS.contains(&name)
                || keydoctor_checker::report::FIELDS.contains(&name)
                || keydoctor_checker::input::NOTE_FIELDS.contains(&name)
        };
        for name in attribute_values(&template, "data-slot") {
            assert!(
                known(name),
                "data-slot=\"{name}\" is no field the checker produces"
            );
        }
        for condition in attribute_values(&template, "data-if") {
            let condition = condition.replace("&amp;", "&");
            for name in keydoctor_checker::slots::names(&condition) {
                assert!(
                    known(name),
                    "data-if=\"{condition}\" reads {name}, no field the checker produces"
                );
            }
        }
    }

    /// The dashboard shows a key in full once, when it is created: no note
    /// about the key field may send the reader there to copy it again.
    #[test]
    fn no_note_promises_the_dashboard_shows_a_key_again() {
        let template = widget_template();
        // Each note template starts a line (the header comment names the tag too).
        let notes: Vec<&str> = template
            .split("\n  <template data-note=\"")
            .skip(1)
            .map(|rest| &rest[..rest.find("</template>").expect("a closing tag")])
            .collect();
        assert_eq!(notes.len(), keydoctor_checker::input::NOTE_IDS.len());
        for note in notes {
            assert!(!note.contains("from the dashboard"), "{note}");
            assert!(!note.contains("listed under"), "{note}");
        }
        let empty = template
            .split("<template data-note=\"key-empty\">")
            .nth(1)
            .expect("the key-empty note");
        assert!(empty.starts_with("Paste your API key"), "{empty}");
        assert!(empty.contains("only once"), "{empty}");
    }

    #[test]
    fn every_api_host_is_documented() {
        let page = std::fs::read_to_string(workspace_root().join("content/data-residency.md"))
            .expect("content/data-residency.md");
        for host in API_HOSTS {
            assert!(
                page.contains(host.origin),
                "{} is not documented",
                host.origin
            );
        }
    }
}

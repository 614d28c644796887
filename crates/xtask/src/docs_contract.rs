//! What the checker promises about the docs, checked against the real
//! content: every docs section a verdict links to exists in the built site,
//! and every API host the checker offers is documented.

#[cfg(test)]
mod tests {
    use keydoctor_checker::hosts::API_HOSTS;
    use keydoctor_checker::verdict::ALL_DOC_LINKS;
    use keydoctor_site::{build, BuildOptions};

    use crate::command::workspace_root;

    fn built_site() -> tempfile::TempDir {
        let out = tempfile::tempdir().expect("a temporary directory");
        let mut options = BuildOptions::new(workspace_root());
        options.output = out.path().join("www");
        build(&options).expect("the site builds");
        out
    }

    #[test]
    fn every_verdict_link_leads_to_an_existing_section() {
        let site = built_site();
        for link in ALL_DOC_LINKS {
            let page = site.path().join("www").join(link.page).join("index.html");
            let html = std::fs::read_to_string(&page)
                .unwrap_or_else(|e| panic!("{}: {e}", page.display()));
            assert!(
                html.contains(&format!("id=\"{}\"", link.anchor)),
                "{}#{} does not exist",
                link.page,
                link.anchor
            );
        }
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

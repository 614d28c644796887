//! Property tests (bounded fuzzing) of the generator's input handling: front
//! matter splitting and markdown rendering with link rewriting, on generated
//! pages mixing real syntax with noise. Nothing may panic, and every link the
//! renderer writes must be a site URL, an anchor or an external URL. The
//! built-in highlighters get code-like noise: whatever they make of it, the
//! text they leave is the code, escaped.
//! `PROPTEST_CASES=100000 cargo test -p keydoctor-site --test fuzz` runs longer.

use std::path::Path;

use keydoctor_site::render::{self, SiteLinks, Source};
use keydoctor_site::source::front_matter;
use proptest::prelude::*;

const CASES: u32 = 1_000;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(CASES),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

struct Site;

impl SiteLinks for Site {
    fn page_url(&self, key: &str) -> Option<&str> {
        match key {
            "index.md" => Some("/base/"),
            "other.md" => Some("/base/other/"),
            "guide/setup.md" => Some("/base/guide/setup/"),
            _ => None,
        }
    }
    fn asset_url(&self, key: &str) -> Option<String> {
        (key == "img/logo.png").then(|| "/base/img/logo.png".to_owned())
    }
    fn base_path(&self) -> &str {
        "/base/"
    }
    fn has_path(&self, _: &str) -> bool {
        true
    }
}

fn markdown_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("# Title\n".to_owned()),
        Just("## Sub heading\n".to_owned()),
        Just("\n".to_owned()),
        Just("> [!WARNING]\n> careful\n".to_owned()),
        Just("> ".to_owned()),
        Just("- [x] done\n".to_owned()),
        Just("1. item\n   ".to_owned()),
        Just("| a | b |\n| - | - |\n| 1 | 2 |\n".to_owned()),
        Just("```bash\necho $HOME\n```\n".to_owned()),
        Just("```widget\n```\n".to_owned()),
        Just("```".to_owned()),
        Just("[x](other.md#sub-heading)".to_owned()),
        Just("[y](missing.md)".to_owned()),
        Just("[z](#title)".to_owned()),
        Just("[w](../../../etc/passwd.md)".to_owned()),
        Just("![img](img/logo.png)".to_owned()),
        Just("[^1]\n\n[^1]: note\n".to_owned()),
        Just("<div>raw <em>HTML</em></div>\n".to_owned()),
        Just("~~x~~ *y* **z** `c` -- \"q\"".to_owned()),
        "\\PC{0,20}",
    ];
    prop::collection::vec(pieces, 0..24).prop_map(|p| p.concat())
}

fn page_text() -> impl Strategy<Value = String> {
    let front = prop_oneof![
        Just(String::new()),
        Just("+++\ntitle = \"T\"\nweight = 3\n+++\n".to_owned()),
        Just("+++\ntitle = \n+++\n".to_owned()),
        Just("+++\n[extra]\na = 1\n".to_owned()),
        Just("+++\nslug = \"../x\"\n+++\n".to_owned()),
        "\\+\\+\\+\n\\PC{0,40}\n\\+\\+\\+\n",
    ];
    (front, markdown_text()).prop_map(|(f, m)| f + &m)
}

/// An absolute URL: `scheme:` as RFC 3986 spells a scheme.
fn has_scheme(url: &str) -> bool {
    url.split_once(':').is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn pages_render_or_fail_cleanly(text in page_text()) {
        let file = Path::new("content/guide/page.md");
        let Ok(split) = front_matter::split(&text, file) else {
            return Ok(());
        };
        let rendered = render::render(
            Source { key: "guide/page.md", file, body: split.body, body_line: split.body_line, line_map: None },
            &Site,
        );
        // A link that cannot be resolved is reported (and fails the build);
        // every other link must have become a site URL, or be an absolute
        // URL (any scheme: `<aa:>` is a CommonMark autolink, left as written).
        let reported: Vec<&str> = rendered.broken_links.iter().map(|b| b.destination.as_str()).collect();
        // A link climbing out of content/ is warned about and made
        // absolute, climbing from the page's folder below the base path.
        let climbs_out = rendered.warnings.iter().any(|(_, m)| m.contains("climbs out of the content folder"));
        for (at, _) in rendered.html.match_indices("href=\"") {
            let url = &rendered.html[at + 6..];
            let url = &url[..url.find('"').unwrap_or(0)];
            prop_assert!(
                reported.iter().any(|r| url.starts_with(r)) || url.starts_with("/base/") || url.starts_with('#') || has_scheme(url)
                    || (climbs_out && url.starts_with('/')),
                "unexpected link {:?}", url
            );
        }
    }
}

/// Code-like noise: the characters lexers treat specially, among others.
fn code_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("\"".to_owned()),
        Just("'".to_owned()),
        Just("\"\"\"".to_owned()),
        Just("\\".to_owned()),
        Just("$".to_owned()),
        Just("${".to_owned()),
        Just("#".to_owned()),
        Just("\n".to_owned()),
        Just("[[".to_owned()),
        Just("]".to_owned()),
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just("=".to_owned()),
        Just("/*".to_owned()),
        Just("*/".to_owned()),
        Just("r#\"".to_owned()),
        Just("b'".to_owned()),
        Just("'\\".to_owned()),
        Just("#[".to_owned()),
        Just("!".to_owned()),
        Just("`".to_owned()),
        Just(": ".to_owned()),
        Just("- ".to_owned()),
        Just("&".to_owned()),
        Just("*".to_owned()),
        Just("<&>".to_owned()),
        Just("export ".to_owned()),
        Just("1e-".to_owned()),
        "[a-z_ .,:;|@-]{0,8}",
        "\\PC{0,6}",
    ];
    prop::collection::vec(pieces, 0..40).prop_map(|p| p.concat())
}

/// Languages with a built-in lexer, by one of their names each.
const LEXED: [&str; 8] = [
    "bash", "env", "python", "json", "toml", "rust", "js", "yaml",
];

proptest! {
    #![proptest_config(config())]

    #[test]
    fn highlighting_keeps_the_code_and_escapes_it(
        code in code_text(),
        lang in prop::sample::select(LEXED.to_vec()),
    ) {
        let html = render::highlight::highlight(&code, lang).expect("a built-in language");
        prop_assert_eq!(render::highlight::text_of(&html), code);
        prop_assert_eq!(html.matches("<span").count(), html.matches("</span>").count());
    }
}

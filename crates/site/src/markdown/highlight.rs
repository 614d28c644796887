//! Build-time syntax highlighting of fenced code blocks with syntect,
//! emitting CSS classes (`hl-…`) that the theme's stylesheet colours for
//! light and dark mode. No inline styles, so the page's CSP stays strict.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxDefinition, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

const EXTRA_SYNTAXES: [(&str, &str); 2] = [
    ("toml", include_str!("syntaxes/toml.sublime-syntax")),
    ("ini", include_str!("syntaxes/ini.sublime-syntax")),
];

/// Names people write after the opening fence, mapped to a syntax token.
const ALIASES: [(&str, &str); 9] = [
    ("console", "bash"),
    ("shell", "bash"),
    ("sh", "bash"),
    ("zsh", "bash"),
    ("env", "ini"),
    ("dotenv", "ini"),
    ("py", "python"),
    ("python3", "python"),
    ("jsonc", "json"),
];

fn syntax_set() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(|| {
        let mut builder = SyntaxSet::load_defaults_newlines().into_builder();
        for (name, source) in EXTRA_SYNTAXES {
            let definition = SyntaxDefinition::load_from_str(source, true, Some(name))
                .unwrap_or_else(|e| panic!("built-in {name} syntax is invalid: {e}"));
            builder.add(definition);
        }
        builder.build()
    })
}

/// Loads the syntax definitions now rather than on the first code block.
pub fn warm_up() {
    syntax_set();
}

fn find_syntax(lang: &str) -> Option<&'static SyntaxReference> {
    let lower = lang.to_ascii_lowercase();
    let token = ALIASES
        .iter()
        .find(|(alias, _)| *alias == lower)
        .map_or(lower.as_str(), |(_, token)| token);
    syntax_set().find_syntax_by_token(token)
}

/// Highlights `code` written in `lang`; returns `None` for a language it
/// does not know (the caller then emits escaped plain text).
pub fn highlight(code: &str, lang: &str) -> Option<String> {
    let syntax = find_syntax(lang)?;
    let mut generator =
        ClassedHTMLGenerator::new_with_class_style(syntax, syntax_set(), CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_languages_are_known() {
        for lang in [
            "bash", "sh", "console", "env", "ini", "python", "json", "toml",
        ] {
            assert!(find_syntax(lang).is_some(), "{lang} has no syntax");
        }
        assert!(find_syntax("no-such-language").is_none());
    }

    #[test]
    fn toml_gets_key_string_and_comment_classes() {
        let html = highlight("# c\nname = \"v\" # x\n[table]\n", "toml").unwrap();
        assert!(
            html.contains(r#"<span class="hl-comment hl-line hl-number-sign hl-toml">"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<span class="hl-variable hl-other hl-key hl-toml">name</span>"#),
            "{html}"
        );
        assert!(html.contains("hl-string"), "{html}");
        assert!(
            html.contains(r#"<span class="hl-entity hl-name hl-section hl-toml">table</span>"#),
            "{html}"
        );
    }

    #[test]
    fn dotenv_lines_get_key_and_value_classes() {
        let html = highlight("ELEVENLABS_API_KEY=sk_123\n", "env").unwrap();
        assert!(
            html.contains(
                r#"<span class="hl-variable hl-other hl-key hl-ini">ELEVENLABS_API_KEY</span>"#
            ),
            "{html}"
        );
        assert!(
            html.contains(r#"<span class="hl-string hl-unquoted hl-ini">sk_123</span>"#),
            "{html}"
        );
    }

    #[test]
    fn markup_in_code_is_escaped() {
        let html = highlight("echo '<b>&'\n", "bash").unwrap();
        assert!(html.contains("&lt;b&gt;&amp;"), "{html}");
        assert!(!html.contains("<b>"));
    }
}

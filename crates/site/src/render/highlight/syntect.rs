//! The fallback highlighter for languages without a built-in lexer: syntect
//! with its bundled Sublime Text grammars, emitting the same `hl-` classes.
//! Its grammars load on the first such code block, so sites that only use
//! the built-in languages never pay for them.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntax_set() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Highlights `code` when syntect knows `lang`.
pub(super) fn highlight(code: &str, lang: &str) -> Option<String> {
    let set = syntax_set();
    let syntax = set.find_syntax_by_token(lang)?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
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
    fn other_languages_get_classes_and_escaping() {
        let html = highlight("// a < b\nfn main() {}\n", "rust").unwrap();
        assert!(html.contains("hl-comment"), "{html}");
        assert!(html.contains("hl-storage"), "{html}");
        assert!(html.contains("a &lt; b"), "{html}");
        assert!(highlight("x", "no-such-language").is_none());
    }
}

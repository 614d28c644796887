//! Build-time syntax highlighting of fenced code blocks, as CSS classes
//! (`hl-…`) that the theme colours for light and dark mode; no inline
//! styles, so the page's CSP stays strict.
//!
//! The languages troubleshooting pages are written in (shell, `.env`/INI,
//! Python, JSON, TOML) and the ones programming books use most (Rust,
//! JavaScript/TypeScript, YAML) have small hand-written lexers: a 10,000-page site builds in a fraction of
//! the time syntect's regex grammars take, and the HTML carries one class
//! per token instead of a scope stack. Every other language goes to
//! syntect.

mod bash;
mod cursor;
mod ini;
mod javascript;
mod json;
mod python;
mod rust;
mod spans;
mod syntect;
mod toml;
mod yaml;

pub use spans::text_of;
use spans::Spans;

/// A built-in lexer: reads `code`, writes escaped, classed HTML to `out`.
type Lexer = fn(&str, &mut Spans);

/// Names people write after the opening fence, and the lexer for each.
const LEXERS: [(&str, Lexer); 27] = [
    ("bash", bash::highlight),
    ("sh", bash::highlight),
    ("shell", bash::highlight),
    ("console", bash::highlight),
    ("zsh", bash::highlight),
    ("env", ini::highlight),
    ("dotenv", ini::highlight),
    ("ini", ini::highlight),
    ("cfg", ini::highlight),
    ("conf", ini::highlight),
    ("properties", ini::highlight),
    ("python", python::highlight),
    ("py", python::highlight),
    ("python3", python::highlight),
    ("json", json::highlight),
    ("jsonc", json::highlight),
    ("toml", toml::highlight),
    ("rust", rust::highlight),
    ("rs", rust::highlight),
    ("js", javascript::highlight),
    ("javascript", javascript::highlight),
    ("jsx", javascript::highlight),
    ("ts", javascript::highlight),
    ("typescript", javascript::highlight),
    ("tsx", javascript::highlight),
    ("yaml", yaml::highlight),
    ("yml", yaml::highlight),
];

/// Highlights `code` written in `lang`; returns `None` for a language
/// neither the built-in lexers nor syntect know (the caller then emits
/// escaped plain text).
pub fn highlight(code: &str, lang: &str) -> Option<String> {
    let lang = lang.to_ascii_lowercase();
    match LEXERS.iter().find(|(name, _)| *name == lang) {
        Some((_, lexer)) => {
            let mut out = Spans::with_capacity(code.len() * 2);
            lexer(code, &mut out);
            Some(out.finish())
        }
        None => syntect::highlight(code, &lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_languages_and_their_aliases_are_known() {
        for lang in [
            "bash", "sh", "console", "Shell", "env", "ini", "python", "py", "json", "toml", "rust",
            "rs", "js", "ts", "yaml", "yml",
        ] {
            let html =
                highlight("x = \"1\" # c\n", lang).unwrap_or_else(|| panic!("{lang} unknown"));
            assert!(html.contains("hl-"), "{lang}: {html}");
        }
        assert!(highlight("x", "no-such-language").is_none());
    }

    #[test]
    fn every_lexer_keeps_the_text_of_tricky_code_and_escapes_it() {
        let code = "a <b> & \"c\" 'd' # e ; f = [g] {h: 1.5e-3} $i ${j} `k` \\\n\u{e9}\u{1F600} \"unterminated\n'x";
        for (name, lexer) in LEXERS {
            let mut out = Spans::with_capacity(0);
            lexer(code, &mut out);
            let html = out.finish();
            assert!(!html.contains("<b>"), "{name}: {html}");
            assert_eq!(text_of(&html), code, "{name}: {html}");
        }
    }
}

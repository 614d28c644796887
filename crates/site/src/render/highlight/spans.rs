//! What the built-in lexers write: the code, HTML-escaped, with
//! `<span class="hl-…">` around the tokens that get a colour.

/// The colours the theme's stylesheet knows (`.hl-comment`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    Comment,
    String,
    Keyword,
    Constant,
    /// Names being defined or called: commands, functions, tables, keys.
    Entity,
    Variable,
    /// Built-in functions.
    Support,
}

impl Class {
    fn css(self) -> &'static str {
        match self {
            Class::Comment => "hl-comment",
            Class::String => "hl-string",
            Class::Keyword => "hl-keyword",
            Class::Constant => "hl-constant",
            Class::Entity => "hl-entity",
            Class::Variable => "hl-variable",
            Class::Support => "hl-support",
        }
    }
}

/// Highlighted HTML being written.
#[derive(Debug)]
pub(super) struct Spans {
    html: String,
    open: usize,
}

impl Spans {
    pub(super) fn with_capacity(bytes: usize) -> Self {
        Spans {
            html: String::with_capacity(bytes),
            open: 0,
        }
    }

    /// Text without a colour.
    pub(super) fn plain(&mut self, text: &str) {
        // The escaping the rest of the page's text gets (`<`, `>`, `&`).
        pulldown_cmark_escape::escape_html_body_text(&mut self.html, text)
            .expect("writing to a String");
    }

    /// One token in `class`; nothing for empty text.
    pub(super) fn token(&mut self, class: Class, text: &str) {
        if !text.is_empty() {
            self.open(class);
            self.plain(text);
            self.close();
        }
    }

    /// Starts a span that later tokens nest in (a string holding `$VAR`).
    pub(super) fn open(&mut self, class: Class) {
        self.html.push_str("<span class=\"");
        self.html.push_str(class.css());
        self.html.push_str("\">");
        self.open += 1;
    }

    pub(super) fn close(&mut self) {
        if self.open > 0 {
            self.html.push_str("</span>");
            self.open -= 1;
        }
    }

    pub(super) fn finish(mut self) -> String {
        while self.open > 0 {
            self.close();
        }
        self.html
    }
}

/// The text highlighted HTML shows: tags dropped, the escapes this module
/// writes decoded. What every lexer must give back unchanged (the tests).
pub fn text_of(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_escaped_and_nest() {
        let mut out = Spans::with_capacity(0);
        out.open(Class::String);
        out.plain("\"a<b ");
        out.token(Class::Variable, "$X&");
        out.token(Class::Comment, "");
        let html = out.finish();
        assert_eq!(
            html,
            "<span class=\"hl-string\">&quot;a&lt;b <span class=\"hl-variable\">$X&amp;</span></span>"
                .replace("&quot;", "\"")
        );
    }
}

//! Template syntax that reached the renderer unexpanded: an mdBook
//! directive (`{{#include …}}`) or a Zola or Hugo shortcode (`{{ name(…) }}`,
//! `{% name(…) %}`, `{{< name >}}`, `{{% name %}}`). Each would show on
//! the page as written; the renderer warns where it stands.

use std::ops::Range;

/// Every unexpanded template in `body`, with its byte offset and what to
/// say about it. `code_blocks` and `inline_code` are the byte ranges of
/// the body's code: in a code block, where `{{ … }}` is often meant
/// literally (Handlebars, Jinja, GitHub Actions), only mdBook's
/// directives count; inline code is never looked at.
pub(crate) fn scan(
    body: &str,
    code_blocks: &[Range<usize>],
    inline_code: &[Range<usize>],
) -> Vec<(usize, String)> {
    let bytes = body.as_bytes();
    let mut found = Vec::new();
    let mut inline = inline_code.iter().peekable();
    let mut blocks = code_blocks.iter().peekable();
    let mut at = 0;
    while let Some(i) = body[at..].find('{').map(|i| i + at) {
        at = i + 1;
        if i > 0 && matches!(bytes[i - 1], b'\\' | b'$' | b'{') {
            // Escaped, a GitHub Actions expression, or inside a run of
            // braces already looked at.
            continue;
        }
        // Both lists are in the body's order, as `{`s are found.
        while inline.peek().is_some_and(|r| r.end <= i) {
            inline.next();
        }
        if inline.peek().is_some_and(|r| r.contains(&i)) {
            continue;
        }
        while blocks.peek().is_some_and(|r| r.end <= i) {
            blocks.next();
        }
        let in_code = blocks.peek().is_some_and(|r| r.contains(&i));
        let rest = &body[i..];
        let message = match mdbook_directive(rest) {
            Some(message) => Some(message),
            None if in_code => None,
            None => shortcode(rest),
        };
        if let Some(message) = message {
            found.push((i, message));
            at = i + 2;
        }
    }
    found
}

/// `{{#name argument}}` (spaces allowed after `{{`).
fn mdbook_directive(rest: &str) -> Option<String> {
    let inner = rest.strip_prefix("{{")?;
    let name = inner.trim_start_matches([' ', '\t']).strip_prefix('#')?;
    let len = name
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count();
    let close = inner.find("}}")?;
    (len > 0 && !inner[..close].contains('\n')).then(|| {
        format!(
            "the mdBook directive {{{{#{} …}}}} is not expanded here and shows as written (this site expands it in a book: a folder with book.toml and src/SUMMARY.md)",
            &name[..len]
        )
    })
}

/// `{{ name(…) }}`, `{% name(…) %}`, `{{< name … >}}`, `{{% name … %}}`.
fn shortcode(rest: &str) -> Option<String> {
    let line = rest.split('\n').next().unwrap_or(rest);
    let (open, close, generator) = if line.starts_with("{{<") {
        ("{{<", ">}}", "Hugo")
    } else if line.starts_with("{{%") {
        ("{{%", "%}}", "Hugo")
    } else if line.starts_with("{{") {
        ("{{", "}}", "Zola")
    } else if line.starts_with("{%") {
        ("{%", "%}", "Zola")
    } else {
        return None;
    };
    let end = line[open.len()..].find(close)? + open.len();
    let inner = line[open.len()..end].trim();
    if inner.is_empty() {
        return None;
    }
    let shown = &line[..end + close.len()];
    Some(match generator {
        "Hugo" => format!(
            "the Hugo shortcode {shown} shows as written: this site has no shortcodes; write what it stands for in markdown or HTML"
        ),
        _ => format!(
            "the template syntax {shown} (a Zola shortcode or Tera expression) shows as written: content is not a template here; write what it stands for in markdown or HTML, or put it in `code` if it is meant literally"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, code: bool) -> usize {
        let all = 0..text.len();
        let blocks = if code { vec![all] } else { Vec::new() };
        scan(text, &blocks, &[]).len()
    }

    #[test]
    fn directives_and_shortcodes_are_found() {
        for (text, code) in [
            ("{{#include a.rs:main}}", true),
            ("x {{ #rustdoc_include a.rs }}", true),
            ("{{ youtube(id=\"x\") }}", false),
            ("{% note(kind=\"tip\") %}", false),
            ("{% end %}", false),
            ("{{< figure src=\"a.png\" >}}", false),
            ("{{% notice info %}}", false),
            ("{{ page.title }}", false),
            ("{% if x %}", false),
        ] {
            assert_eq!(found(text, code), 1, "{text}");
        }
    }

    #[test]
    fn literal_braces_are_left_alone() {
        for (text, code) in [
            ("${{ secrets.TOKEN }}", false),
            ("{{ user.name }}", true),
            ("\\{{#include x.md}}", false),
            ("a {b} c", false),
            ("{{ youtube(id=1) }}", true),
            ("{{", false),
            ("{{}}", false),
        ] {
            assert_eq!(found(text, code), 0, "{text}");
        }
        let text = "`{{ page.title }}` and {{ x }}";
        let inline = std::iter::once(0..18).collect::<Vec<_>>();
        assert_eq!(scan(text, &[], &inline).len(), 1);
    }
}

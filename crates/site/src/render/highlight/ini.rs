//! `.env` files and INI: comments, `[sections]`, `export`, `KEY=value` or
//! `key: value` with quoted or bare values and trailing comments.

use super::cursor::Cursor;
use super::spans::{Class, Spans};

pub(super) fn highlight(code: &str, out: &mut Spans) {
    for line in code.split_inclusive('\n') {
        let (text, newline) = match line.strip_suffix('\n') {
            Some(text) => (text, "\n"),
            None => (line, ""),
        };
        highlight_line(text, out);
        out.plain(newline);
    }
}

fn highlight_line(line: &str, out: &mut Spans) {
    let body = line.trim_start();
    out.plain(&line[..line.len() - body.len()]);
    if body.starts_with(['#', ';']) {
        return out.token(Class::Comment, body);
    }
    if let Some(section) = body.strip_prefix('[') {
        let (name, rest) = section.split_once(']').unwrap_or((section, ""));
        out.plain("[");
        out.token(Class::Entity, name);
        if body.len() > name.len() + 1 {
            out.plain("]");
        }
        return out.plain(rest);
    }
    let mut body = body;
    if let Some(rest) = body.strip_prefix("export ") {
        out.token(Class::Keyword, "export");
        out.plain(" ");
        body = rest;
    }
    let Some(separator) = body.find(['=', ':']) else {
        return out.plain(body);
    };
    let key = body[..separator].trim_end();
    out.token(Class::Variable, key);
    out.plain(&body[key.len()..=separator]);
    value(&body[separator + 1..], out);
}

/// What follows `=`: spaces, a quoted or bare value, a ` # comment`.
fn value(text: &str, out: &mut Spans) {
    let mut c = Cursor::new(text);
    out.plain(c.take_while(|b| b == b' ' || b == b'\t'));
    let quote = c.peek();
    if quote == b'"' || quote == b'\'' {
        let quoted = c.take_quoted(if quote == b'"' { "\"" } else { "'" }, quote == b'"');
        out.token(Class::String, quoted);
    } else {
        let rest = c.rest();
        let end = rest.find(" #").unwrap_or(rest.len());
        let bare = rest[..end].trim_end();
        out.token(Class::String, bare);
        c.take(bare.len());
    }
    let rest = c.rest();
    match rest.find('#') {
        Some(at) => {
            out.plain(&rest[..at]);
            out.token(Class::Comment, &rest[at..]);
        }
        None => out.plain(rest),
    }
}

#[cfg(test)]
mod tests {
    use super::super::highlight;

    #[test]
    fn dotenv_keys_values_and_comments() {
        let html = highlight(
            "# keydoctor\nELEVENLABS_API_KEY=sk_123\nexport ELEVENLABS_AGENT_ID=\"agent_1\" # quoted\nEMPTY=\n",
            "env",
        )
        .unwrap();
        assert_eq!(
            html,
            "<span class=\"hl-comment\"># keydoctor</span>\n\
             <span class=\"hl-variable\">ELEVENLABS_API_KEY</span>=<span class=\"hl-string\">sk_123</span>\n\
             <span class=\"hl-keyword\">export</span> <span class=\"hl-variable\">ELEVENLABS_AGENT_ID</span>=\
             <span class=\"hl-string\">\"agent_1\"</span> <span class=\"hl-comment\"># quoted</span>\n\
             <span class=\"hl-variable\">EMPTY</span>=\n"
        );
    }

    #[test]
    fn ini_sections_and_colon_pairs() {
        let html = highlight("[server]\nport: 8080 # x\n; note\n", "ini").unwrap();
        assert_eq!(
            html,
            "[<span class=\"hl-entity\">server</span>]\n\
             <span class=\"hl-variable\">port</span>: <span class=\"hl-string\">8080</span> \
             <span class=\"hl-comment\"># x</span>\n<span class=\"hl-comment\">; note</span>\n"
        );
    }
}

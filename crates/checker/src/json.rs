//! A small, strict JSON reader for API answers. The checker only needs to
//! look up a few string fields, and serde_json costs about 7 KB of gzipped
//! WebAssembly (float parsing and printing included), a sixth of the
//! checker's size budget. Numbers are kept as their source text, nesting is
//! capped so a hostile body cannot exhaust the stack, and the tests check it
//! against serde_json on the host.

/// A parsed JSON value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, members in source order.
    Object(Vec<(String, Json)>),
}

/// The nesting refused: containers inside `MAX_DEPTH - 1` others (serde_json's
/// default limit too).
pub const MAX_DEPTH: usize = 128;

impl Json {
    /// Parses a whole document; `None` unless it is valid JSON.
    pub fn parse(text: &str) -> Option<Json> {
        let mut reader = Reader {
            bytes: text.as_bytes(),
            at: 0,
        };
        let value = reader.value(0)?;
        reader.skip_space();
        (reader.at == reader.bytes.len()).then_some(value)
    }

    /// The member `key` of an object (the last one, when repeated).
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(text) => Some(text),
            _ => None,
        }
    }

    /// The items of an array.
    pub fn as_array(&self) -> Option<&[Json]> {
        match self {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        self.skip_space();
        (self.peek()? == byte).then(|| self.at += 1)
    }

    fn literal(&mut self, word: &[u8], value: Json) -> Option<Json> {
        self.bytes[self.at..].starts_with(word).then(|| {
            self.at += word.len();
            value
        })
    }

    fn value(&mut self, depth: usize) -> Option<Json> {
        self.skip_space();
        match self.peek()? {
            // Counted where a container opens, so an empty one counts too.
            b'{' | b'[' if depth + 1 >= MAX_DEPTH => None,
            b'{' => self.object(depth + 1),
            b'[' => self.array(depth + 1),
            b'"' => self.string().map(Json::String),
            b't' => self.literal(b"true", Json::Bool(true)),
            b'f' => self.literal(b"false", Json::Bool(false)),
            b'n' => self.literal(b"null", Json::Null),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn object(&mut self, depth: usize) -> Option<Json> {
        self.at += 1;
        let mut members = Vec::new();
        if self.eat(b'}').is_some() {
            return Some(Json::Object(members));
        }
        loop {
            self.skip_space();
            if self.peek()? != b'"' {
                return None;
            }
            let key = self.string()?;
            self.eat(b':')?;
            members.push((key, self.value(depth)?));
            self.skip_space();
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Some(Json::Object(members));
                }
                _ => return None,
            }
        }
    }

    fn array(&mut self, depth: usize) -> Option<Json> {
        self.at += 1;
        let mut items = Vec::new();
        if self.eat(b']').is_some() {
            return Some(Json::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.skip_space();
            match self.peek()? {
                b',' => self.at += 1,
                b']' => {
                    self.at += 1;
                    return Some(Json::Array(items));
                }
                _ => return None,
            }
        }
    }

    fn number(&mut self) -> Option<Json> {
        let start = self.at;
        let digits = |r: &mut Self| {
            let from = r.at;
            while matches!(r.peek(), Some(b'0'..=b'9')) {
                r.at += 1;
            }
            r.at > from
        };
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        if self.peek() == Some(b'0') {
            self.at += 1;
        } else if !digits(self) {
            return None;
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if !digits(self) {
                return None;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if !digits(self) {
                return None;
            }
        }
        let text = std::str::from_utf8(&self.bytes[start..self.at]).ok()?;
        Some(Json::Number(text.to_owned()))
    }

    fn hex4(&mut self) -> Option<u32> {
        let hex = self.bytes.get(self.at..self.at + 4)?;
        self.at += 4;
        let text = std::str::from_utf8(hex).ok()?;
        if !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(text, 16).ok()
    }

    fn string(&mut self) -> Option<String> {
        self.at += 1; // the opening quote
        let mut out = String::new();
        loop {
            let start = self.at;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            // The input is a &str, and runs break only at ASCII bytes.
            out.push_str(std::str::from_utf8(&self.bytes[start..self.at]).ok()?);
            match self.peek()? {
                b'"' => {
                    self.at += 1;
                    return Some(out);
                }
                b'\\' => {
                    self.at += 1;
                    let escape = self.peek()?;
                    self.at += 1;
                    let c = match escape {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return None,
                    };
                    out.push(c);
                }
                _ => return None, // a raw control character
            }
        }
    }

    fn unicode_escape(&mut self) -> Option<char> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) {
            if self.bytes.get(self.at..self.at + 2)? != b"\\u" {
                return None;
            }
            self.at += 2;
            let second = self.hex4()?;
            if !(0xDC00..0xE000).contains(&second) {
                return None;
            }
            return char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00));
        }
        char::from_u32(first)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Converts serde_json's value to ours, for differential checks.
    fn from_serde(value: &serde_json::Value) -> Json {
        match value {
            serde_json::Value::Null => Json::Null,
            serde_json::Value::Bool(b) => Json::Bool(*b),
            serde_json::Value::Number(n) => Json::Number(n.to_string()),
            serde_json::Value::String(s) => Json::String(s.clone()),
            serde_json::Value::Array(items) => Json::Array(items.iter().map(from_serde).collect()),
            serde_json::Value::Object(map) => Json::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), from_serde(v)))
                    .collect(),
            ),
        }
    }

    fn same_as_serde(text: &str) {
        let ours = Json::parse(text);
        let theirs = serde_json::from_str::<serde_json::Value>(text).ok();
        assert_eq!(
            ours.is_some(),
            theirs.is_some(),
            "validity differs on {text:?}"
        );
        if let (Some(ours), Some(theirs)) = (ours, theirs) {
            // Numbers are compared loosely: we keep source text.
            if !text.contains(['.', 'e', 'E']) {
                assert_eq!(ours, from_serde(&theirs), "{text:?}");
            }
        }
    }

    #[test]
    fn agrees_with_serde_json() {
        for text in [
            r#"{"detail":{"status":"missing_permissions","message":"The API key you used is missing the permission convai_write to execute this operation."}}"#,
            r#"{"detail":[{"loc":["query","agent_id"],"msg":"field required","type":"value_error.missing"}]}"#,
            r#"{"signed_url":"wss://api.elevenlabs.io/v1/convai/conversation?agent_id=a&conversation_signature=b"}"#,
            r#" [1, -2, 0, 3.5e10, true, false, null, "\u00e9\ud83d\ude00\n\"\\\/"] "#,
            r#"{"a":{}, "b":[], "c":[[[]]]}"#,
            "",
            " ",
            "{",
            "}",
            "[1,]",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "01",
            "-",
            "1.",
            ".5",
            "1e",
            "\"\\x\"",
            "\"\\ud800\"",
            "\"\\udc00\"",
            "\"a\nb\"",
            "nul",
            "truex",
            "[1 2]",
            "{\"detail\": {\"status\": \"invalid_api",
            "<html>",
            "\"\u{e9}\"",
            // Every escape, signed exponents, a high surrogate without its pair.
            r#""\b\f\n\r\t\"\\\/""#,
            "[1e+5, 1E-2, -0.5e-10, 2E5]",
            "1e+",
            r#""\ud83d\u0041""#,
            r#""\ud83dx""#,
            // Surrogate pairs, first to last (compared in full: no e, E or .).
            r#""\ud83d\udca9 \ud800\udc00 \udbff\udfff""#,
        ] {
            same_as_serde(text);
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        assert_eq!(Json::parse(&deep), None);
        let ok = "[".repeat(MAX_DEPTH - 1) + &"]".repeat(MAX_DEPTH - 1);
        assert!(Json::parse(&ok).is_some());
        // Objects count as deep as arrays, mixed or not, with serde_json's
        // limit at the edge.
        let objects = r#"{"a":"#.repeat(100_000) + "1" + &"}".repeat(100_000);
        assert_eq!(Json::parse(&objects), None);
        for depth in [MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1] {
            same_as_serde(&(r#"{"a":"#.repeat(depth) + "1" + &"}".repeat(depth)));
            same_as_serde(&(r#"[{"a":"#.repeat(depth / 2) + "1" + &"}]".repeat(depth / 2)));
            same_as_serde(&("[".repeat(depth) + &"]".repeat(depth)));
        }
    }

    #[test]
    fn lookups() {
        let value = Json::parse(r#"{"a":"x","a":"y","n":[1]}"#).unwrap();
        assert_eq!(value.get("a").and_then(Json::as_str), Some("y"));
        assert_eq!(
            value.get("n").and_then(Json::as_array).map(<[Json]>::len),
            Some(1)
        );
        assert_eq!(value.get("missing"), None);
        assert_eq!(Json::Null.get("a"), None);
    }
}

//! String helpers shared by the checker's modules, written out for the
//! checker's download budget: `join` rather than `[S]::join` (whose generic
//! copy loops cost about 1 KB of wasm per item type), and substring search
//! and slicing that never panic, so that neither core's two-way string
//! searcher nor its string-slicing panic path (with the `char` Debug tables
//! it formats its message with) is linked into the wasm. Every needle here
//! is a short ASCII literal, where a plain byte scan is as fast.

/// `items` with `separator` between them.
pub(crate) fn join<S: AsRef<str>>(items: &[S], separator: &str) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        out.push_str(item.as_ref());
    }
    out
}

/// `parts` run together: a `format!` without `core::fmt`'s machinery.
pub(crate) fn concat(parts: &[&str]) -> String {
    join(parts, "")
}

/// `n` in decimal digits, without `core::fmt`'s integer printing.
pub(crate) fn decimal(n: u64) -> String {
    let mut digits = Vec::new();
    let mut rest = n;
    loop {
        digits.push(b'0' + (rest % 10) as u8);
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    digits.iter().rev().map(|&d| char::from(d)).collect()
}

/// Byte offset of the first `needle` in `haystack`.
pub(crate) fn find(haystack: &str, needle: &str) -> Option<usize> {
    find_from(haystack, needle, 0)
}

/// Byte offset of the first `needle` in `haystack` at or after `from`.
pub(crate) fn find_from(haystack: &str, needle: &str, from: usize) -> Option<usize> {
    let (hay, needle) = (haystack.as_bytes(), needle.as_bytes());
    (from..=hay.len().checked_sub(needle.len())?)
        .find(|&i| hay.get(i..i + needle.len()) == Some(needle))
}

/// Whether `needle` occurs in `haystack`.
pub(crate) fn contains(haystack: &str, needle: &str) -> bool {
    find(haystack, needle).is_some()
}

/// `text` up to byte `at` (all of it when `at` is out of range).
pub(crate) fn before(text: &str, at: usize) -> &str {
    text.get(..at).unwrap_or(text)
}

/// `text` from byte `at` on (nothing when `at` is out of range).
pub(crate) fn after(text: &str, at: usize) -> &str {
    text.get(at..).unwrap_or("")
}

/// `text` split around the first `needle`.
pub(crate) fn split_once<'a>(text: &'a str, needle: &str) -> Option<(&'a str, &'a str)> {
    let at = find(text, needle)?;
    Some((before(text, at), after(text, at + needle.len())))
}

/// `text` with every `from` replaced by `to`.
pub(crate) fn replace_all(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = find(rest, from) {
        out.push_str(before(rest, at));
        out.push_str(to);
        rest = after(rest, at + from.len());
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_and_slicing_agree_with_std_and_never_panic() {
        for (hay, needle) in [
            ("a://b", "://"),
            ("", "x"),
            ("xx", "xxx"),
            ("é#", "#"),
            ("abab", "ab"),
        ] {
            assert_eq!(find(hay, needle), hay.find(needle), "{hay:?} {needle:?}");
            assert_eq!(split_once(hay, needle), hay.split_once(needle));
            assert_eq!(replace_all(hay, needle, "-"), hay.replace(needle, "-"));
        }
        assert_eq!(before("é", 1), "é");
        assert_eq!(after("é", 1), "");
        assert_eq!(find_from("abab", "ab", 1), Some(2));
    }

    #[test]
    fn decimal_and_concat_agree_with_format() {
        for n in [0, 7, 10, 99, 100, 1_200, 100_000, 4_294_967_296, u64::MAX] {
            assert_eq!(decimal(n), format!("{n}"));
        }
        assert_eq!(concat(&["HTTP ", "401", " ", "x"]), "HTTP 401 x");
        assert_eq!(concat(&[]), "");
    }

    #[test]
    fn joins_like_std() {
        let none: [&str; 0] = [];
        assert_eq!(join(&none, ", "), "");
        assert_eq!(join(&["a"], ", "), "a");
        assert_eq!(
            join(&["a".to_owned(), "b".to_owned(), "c".to_owned()], "; "),
            "a; b; c"
        );
    }
}

//! String helpers shared by the checker's modules. `join` is written out
//! rather than taken from `[S]::join`, whose generic copy loops cost about
//! 1 KB of wasm per item type; the checker's download budget is tight.

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

#[cfg(test)]
mod tests {
    use super::join;

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

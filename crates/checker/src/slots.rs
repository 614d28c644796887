//! How the widget's templates pick their parts: an element with
//! `data-if="CONDITION"` is kept only when the condition holds for the
//! fields the checker hands the page. A condition is alternatives joined
//! with `|`, each a list of terms joined with `&`; a term is `name` (the
//! field is there), `!name` (it is not) or `name=value` (it has that
//! value). Plain Rust, so the page glue only walks the DOM.

/// Whether `condition` holds, `field` giving each field's value.
pub fn holds<'a>(condition: &str, field: &dyn Fn(&str) -> Option<&'a str>) -> bool {
    condition.split('|').any(|alternative| {
        alternative.split('&').all(|term| {
            let term = term.trim();
            if let Some(name) = term.strip_prefix('!') {
                field(name).is_none()
            } else if let Some((name, value)) = crate::text::split_once(term, "=") {
                field(name) == Some(value)
            } else {
                field(term).is_some()
            }
        })
    })
}

/// The field names a condition reads, for checking a template against the
/// fields the checker can produce.
pub fn names(condition: &str) -> impl Iterator<Item = &str> {
    condition.split(['|', '&']).map(|term| {
        let term = term.trim().trim_start_matches('!');
        crate::text::split_once(term, "=").map_or(term, |(name, _)| name)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(name: &str) -> Option<&'static str> {
        match name {
            "tone" => Some("problem"),
            "code" => Some("x"),
            _ => None,
        }
    }

    #[test]
    fn terms_alternatives_and_conjunctions() {
        let cases = [
            ("code", true),
            ("status", false),
            ("!status", true),
            ("!code", false),
            ("tone=problem", true),
            ("tone=success", false),
            ("status=x", false),
            ("status|code", true),
            ("status|curl", false),
            ("code&tone=problem", true),
            ("code&!tone", false),
            ("status&code|tone=problem", true),
            (" code & !status ", true),
        ];
        for (condition, want) in cases {
            assert_eq!(holds(condition, &fields), want, "{condition}");
        }
    }

    #[test]
    fn names_are_read_out_of_conditions() {
        let got: Vec<&str> = names("!a&b=c|d").collect();
        assert_eq!(got, ["a", "b", "d"]);
    }
}

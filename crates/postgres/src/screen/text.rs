//! Quoting file text in messages.

/// `text` with control characters and bidirectional overrides escaped, so a message that
/// quotes a schema file cannot move the cursor, ring the bell or reorder what a terminal
/// shows.
pub(crate) fn escape(text: &str) -> String {
    strata_catalog::comment_text(text)
}

/// A dotted name from the parser's list of `String` nodes: `public.f`.
pub(crate) fn dotted(names: &[pg_query::Node]) -> String {
    names
        .iter()
        .filter_map(|n| match &n.node {
            Some(pg_query::NodeEnum::String(s)) => Some(s.sval.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(
            escape("a\u{1b}[2Jb\n\u{202e}c"),
            "a\\u{1b}[2Jb\\n\\u{202e}c"
        );
        assert_eq!(escape("psql \\connect é"), "psql \\connect é");
    }
}

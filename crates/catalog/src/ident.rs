use serde::Serialize;
use std::fmt;

/// A schema-qualified object name. SQLite objects use the schema `main`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct QualName {
    /// The schema (PostgreSQL namespace; `main` for SQLite).
    pub schema: String,
    /// The object's own name.
    pub name: String,
}

impl QualName {
    /// Builds a qualified name.
    pub fn new(schema: impl Into<String>, name: impl Into<String>) -> Self {
        QualName {
            schema: schema.into(),
            name: name.into(),
        }
    }
}

impl fmt::Display for QualName {
    /// Human-readable form for messages: `schema.name`, unquoted, with control characters
    /// escaped (see [`comment_text`]): a name never breaks the line it is printed on.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}.{}",
            comment_text(&self.schema),
            comment_text(&self.name)
        )
    }
}

/// `text` with every character that could break a line or drive a terminal escaped:
/// control characters (`\n`, `\r`, `\t` by name, others as `\u{1b}`), the Unicode line
/// and paragraph separators, and the bidirectional overrides. For lines that must stay
/// one line: SQL `--` comments, revision headers, status lines. Text that is already
/// escaped comes back unchanged.
pub fn comment_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if breaks_line(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Control characters, line/paragraph separators and bidirectional controls.
pub fn breaks_line(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_comments_cannot_break_lines() {
        let evil = QualName::new("public", "evil\nDROP TABLE victim;\n--");
        assert_eq!(evil.to_string(), "public.evil\\nDROP TABLE victim;\\n--");
        assert_eq!(
            comment_text("a\u{1b}[31m\u{2028}b\r"),
            "a\\u{1b}[31m\\u{2028}b\\r"
        );
        assert_eq!(comment_text(&comment_text("x\ny")), comment_text("x\ny"));
    }
}

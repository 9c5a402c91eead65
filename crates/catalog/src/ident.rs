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

    /// The name rendered as `"schema"."name"`, always quoted.
    pub fn quoted(&self) -> String {
        format!("{}.{}", quote_ident(&self.schema), quote_ident(&self.name))
    }
}

impl fmt::Display for QualName {
    /// Human-readable form for messages: `schema.name`, unquoted.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.schema, self.name)
    }
}

/// Quotes an identifier for SQL. Identifiers are always quoted when rendered, so a name
/// that is a keyword or has upper-case letters survives the round trip.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Quotes a string literal for SQL (standard-conforming strings).
pub fn quote_literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_doubles_embedded_quotes() {
        assert_eq!(quote_ident(r#"we"ird"#), r#""we""ird""#);
        assert_eq!(quote_literal("it's"), "'it''s'");
        assert_eq!(
            QualName::new("public", "User").quoted(),
            r#""public"."User""#
        );
    }
}

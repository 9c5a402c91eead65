//! Quoting for the databases that quote identifiers with `"` and strings with `'`
//! (PostgreSQL, SQLite). The generic stages quote through `Dialect::quote_ident` and
//! `Dialect::literal`; the dialect crates implement those, and render, with these.
use strata_catalog::QualName;

/// Quotes an identifier. Identifiers are always quoted when rendered, so a name that is
/// a keyword or has upper-case letters survives the round trip.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Quotes a string literal (standard-conforming strings: only `'` is special).
pub fn quote_literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// `name.quoted()` for rendering code: the `"schema"."name"` form of a qualified name.
pub trait Quoted {
    /// The name rendered as `"schema"."name"`, always quoted.
    fn quoted(&self) -> String;
}

impl Quoted for QualName {
    fn quoted(&self) -> String {
        format!("{}.{}", quote_ident(&self.schema), quote_ident(&self.name))
    }
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

    #[test]
    fn quoting_keeps_line_breaks_as_they_are() {
        let evil = QualName::new("public", "evil\nDROP TABLE victim;\n--");
        assert_eq!(evil.quoted(), "\"public\".\"evil\nDROP TABLE victim;\n--\"");
    }
}

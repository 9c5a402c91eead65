//! The `unsupported-change` rule.
use strata_plan::{Axis, Rule};

/// `SQLITE005 unsupported-change` (compatibility): a change SQLite has no statement for.
///
/// SQLite has no schemas, types, sequences or grants; such a change in a hand-built plan is left out, so the database will not match the schema.
///
/// Instead: keep the SQLite schema to what SQLite supports.
pub static UNSUPPORTED_CHANGE: Rule = Rule {
    code: "SQLITE005",
    name: "unsupported-change",
    axis: Axis::Compatibility,
    summary: "a change SQLite has no statement for",
    why: "SQLite has no schemas, types, sequences or grants; such a change in a hand-built plan is left out, so the database will not match the schema.",
    instead: "keep the SQLite schema to what SQLite supports.",
};

#[cfg(test)]
mod tests {
    use crate::SqliteDialect;
    use strata_catalog::Schema;
    use strata_diff::Change;
    use strata_plan::Dialect;

    #[test]
    fn found_for_changes_sqlite_cannot_run() {
        let schema = Schema {
            name: "app".into(),
            comment: None,
        };
        let r = SqliteDialect.render(&Change::CreateSchema(schema));
        assert_eq!(r.hazards[0].code, "SQLITE005");
        let r = SqliteDialect.render(&Change::CreateTable(crate::hazards::testing::table()));
        assert!(r.hazards.is_empty());
    }
}

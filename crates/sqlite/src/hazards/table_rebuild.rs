//! The `table-rebuild` rule.
use strata_plan::{Axis, Rule};

/// `SQLITE001 table-rebuild` (duration): rebuilds a table to change its shape.
///
/// SQLite cannot alter most of a table in place: the plan creates the new shape, copies every row and drops the old table, holding the database write lock for the whole copy.
///
/// Instead: run the step when writers can wait, or keep the change to what ALTER TABLE does in place (adding a nullable column, renaming).
pub static TABLE_REBUILD: Rule = Rule {
    code: "SQLITE001",
    name: "table-rebuild",
    axis: Axis::Duration,
    summary: "rebuilds a table to change its shape",
    why: "SQLite cannot alter most of a table in place: the plan creates the new shape, copies every row and drops the old table, holding the database write lock for the whole copy.",
    instead: "run the step when writers can wait, or keep the change to what ALTER TABLE does in place (adding a nullable column, renaming).",
};

#[cfg(test)]
mod tests {
    use crate::hazards::testing::codes;

    #[test]
    fn found_when_a_table_is_rebuilt() {
        assert!(
            codes(
                "CREATE TABLE t (a INTEGER, b TEXT);",
                "CREATE TABLE t (a INTEGER);",
            )
            .contains(&"SQLITE001")
        );
        assert!(
            !codes(
                "CREATE TABLE t (a INTEGER);",
                "CREATE TABLE t (a INTEGER, b TEXT);",
            )
            .contains(&"SQLITE001")
        );
    }
}

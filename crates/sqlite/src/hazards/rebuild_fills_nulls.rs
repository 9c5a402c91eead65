//! The `rebuild-fills-nulls` rule.
use strata_plan::{Axis, Rule};

/// `SQLITE003 rebuild-fills-nulls` (data loss): makes a column NOT NULL with a default, filling its NULLs.
///
/// The rebuild replaces the column's NULLs with the default so the copy succeeds; which rows were NULL cannot be told afterwards.
///
/// Instead: replace the NULLs yourself first if they mean something, or keep the column nullable.
pub static REBUILD_FILLS_NULLS: Rule = Rule {
    code: "SQLITE003",
    name: "rebuild-fills-nulls",
    axis: Axis::DataLoss,
    summary: "makes a column NOT NULL with a default, filling its NULLs",
    why: "The rebuild replaces the column's NULLs with the default so the copy succeeds; which rows were NULL cannot be told afterwards.",
    instead: "replace the NULLs yourself first if they mean something, or keep the column nullable.",
};

#[cfg(test)]
mod tests {
    use crate::hazards::testing::codes;

    #[test]
    fn found_when_nulls_are_replaced() {
        assert!(
            codes(
                "CREATE TABLE t (a INTEGER);",
                "CREATE TABLE t (a INTEGER NOT NULL DEFAULT 0);",
            )
            .contains(&"SQLITE003")
        );
        assert!(
            !codes(
                "CREATE TABLE t (a INTEGER);",
                "CREATE TABLE t (a INTEGER NOT NULL);",
            )
            .contains(&"SQLITE003")
        );
    }
}

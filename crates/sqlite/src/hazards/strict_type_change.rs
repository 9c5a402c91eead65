//! The `strict-type-change` rule.
use strata_plan::{Axis, Rule};

/// `SQLITE004 strict-type-change` (data-dependent): changes a column type of a STRICT table.
///
/// A STRICT table rejects values of another type, so the copy fails if any stored value does not fit the new type.
///
/// Instead: convert or remove the values that do not fit before the step runs.
pub static STRICT_TYPE_CHANGE: Rule = Rule {
    code: "SQLITE004",
    name: "strict-type-change",
    axis: Axis::DataDependent,
    summary: "changes a column type of a STRICT table",
    why: "A STRICT table rejects values of another type, so the copy fails if any stored value does not fit the new type.",
    instead: "convert or remove the values that do not fit before the step runs.",
};

#[cfg(test)]
mod tests {
    use crate::hazards::testing::codes;

    #[test]
    fn found_when_a_strict_column_changes_type() {
        assert!(
            codes(
                "CREATE TABLE t (a INTEGER, b TEXT) STRICT;",
                "CREATE TABLE t (a INTEGER, b BLOB) STRICT;",
            )
            .contains(&"SQLITE004")
        );
        assert!(
            !codes(
                "CREATE TABLE t (a INTEGER, b TEXT);",
                "CREATE TABLE t (a INTEGER, b BLOB);",
            )
            .contains(&"SQLITE004")
        );
    }
}

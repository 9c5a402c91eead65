//! The `affinity-change` rule.
use strata_plan::{Axis, Rule};

/// `SQLITE002 affinity-change` (data loss): changes a column to a numeric type affinity.
///
/// The rebuild copies values into a column of INTEGER, REAL or NUMERIC affinity, which converts text that looks numeric and loses its spelling ('010' becomes 10).
///
/// Instead: check the column holds no numeric-looking text whose spelling matters, or add a new column and convert the values yourself.
pub static AFFINITY_CHANGE: Rule = Rule {
    code: "SQLITE002",
    name: "affinity-change",
    axis: Axis::DataLoss,
    summary: "changes a column to a numeric type affinity",
    why: "The rebuild copies values into a column of INTEGER, REAL or NUMERIC affinity, which converts text that looks numeric and loses its spelling ('010' becomes 10).",
    instead: "check the column holds no numeric-looking text whose spelling matters, or add a new column and convert the values yourself.",
};

#[cfg(test)]
mod tests {
    use crate::hazards::testing::codes;

    #[test]
    fn found_when_text_becomes_numeric() {
        assert!(
            codes("CREATE TABLE t (a TEXT);", "CREATE TABLE t (a INTEGER);").contains(&"SQLITE002")
        );
        assert!(
            !codes("CREATE TABLE t (a INTEGER);", "CREATE TABLE t (a TEXT);")
                .contains(&"SQLITE002")
        );
    }
}

//! The `collation-change` rule.
use strata_plan::{Axis, Rule};

/// `PG005 collation-change` (lock): changes the collation of a column.
///
/// The indexes on the column are rebuilt under an ACCESS EXCLUSIVE lock on the table.
///
/// Instead: build an index with the new collation CONCURRENTLY beside the old one and switch to it, or run the step in a maintenance window.
pub static COLLATION_CHANGE: Rule = Rule {
    code: "PG005",
    name: "collation-change",
    axis: Axis::Lock,
    summary: "changes the collation of a column",
    why: "The indexes on the column are rebuilt under an ACCESS EXCLUSIVE lock on the table.",
    instead: "build an index with the new collation CONCURRENTLY beside the old one and switch to it, or run the step in a maintenance window.",
};

#[cfg(test)]
mod tests {
    use crate::hazards::testing::*;

    #[test]
    fn found_when_only_the_collation_changes() {
        let mut collated = col("s", "text");
        collated.collation = Some(QualName::new("pg_catalog", "C"));
        assert!(
            codes(Change::AlterColumn {
                table: q("t"),
                from: col("s", "text"),
                to: collated,
            })
            .contains(&"PG005")
        );
        assert!(
            !codes(Change::AlterColumn {
                table: q("t"),
                from: col("s", "text"),
                to: col("s", "text"),
            })
            .contains(&"PG005")
        );
    }
}

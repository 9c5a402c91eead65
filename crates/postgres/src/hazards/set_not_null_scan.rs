//! The `set-not-null-scan` rule.
use strata_plan::{Axis, Rule};

/// `PG014 set-not-null-scan` (lock): makes a column NOT NULL by scanning the table under an ACCESS EXCLUSIVE lock.
///
/// SET NOT NULL reads every row to check for NULLs while reads and writes wait, for as long as the table is large.
///
/// Instead: add CHECK (column IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT it in a later step (reads and writes continue), then SET NOT NULL, which uses the check instead of scanning, and drop the check.
pub static SET_NOT_NULL_SCAN: Rule = Rule {
    code: "PG014",
    name: "set-not-null-scan",
    axis: Axis::Lock,
    summary: "makes a column NOT NULL by scanning the table under an ACCESS EXCLUSIVE lock",
    why: "SET NOT NULL reads every row to check for NULLs while reads and writes wait, for as long as the table is large.",
    instead: "add CHECK (column IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT it in a later step (reads and writes continue), then SET NOT NULL, which uses the check instead of scanning, and drop the check.",
};

#[cfg(test)]
mod tests {
    use crate::hazards::testing::*;

    fn set_not_null() -> Change {
        let mut to = col("n", "integer");
        to.not_null = true;
        Change::AlterColumn {
            table: q("t"),
            from: col("n", "integer"),
            to,
        }
    }

    fn instead_on(version: u32) -> Option<String> {
        rendered_on(version, set_not_null())
            .hazards
            .into_iter()
            .find(|h| h.code == "PG014")
            .expect("PG014")
            .instead
    }

    #[test]
    fn found_with_the_alternative_the_server_has() {
        // 12 to 17: the rule's own advice, a validated CHECK.
        assert_eq!(instead_on(12), None);
        assert_eq!(instead_on(15), None);
        assert!(instead_on(11).unwrap().contains("before 12 always scans"));
        assert!(instead_on(18).unwrap().contains("NOT NULL \"n\" NOT VALID"));
    }

    #[test]
    fn absent_when_the_column_stays_nullable() {
        let drop = Change::AlterColumn {
            table: q("t"),
            from: col("n", "integer"),
            to: col("n", "bigint"),
        };
        assert!(!codes(drop).contains(&"PG014"));
    }
}

//! The `attach-partition-scan` rule.
use strata_plan::{Axis, Rule};

/// `PG008 attach-partition-scan` (lock): attaches a table as a partition.
///
/// ATTACH PARTITION scans the table to check every row fits the partition bound, holding a lock that blocks writes to it.
///
/// Instead: first add a CHECK constraint matching the bound (NOT VALID, then VALIDATE CONSTRAINT): PostgreSQL then skips the scan.
pub static ATTACH_PARTITION_SCAN: Rule = Rule {
    code: "PG008",
    name: "attach-partition-scan",
    axis: Axis::Lock,
    summary: "attaches a table as a partition",
    why: "ATTACH PARTITION scans the table to check every row fits the partition bound, holding a lock that blocks writes to it.",
    instead: "first add a CHECK constraint matching the bound (NOT VALID, then VALIDATE CONSTRAINT): PostgreSQL then skips the scan.",
};

#[cfg(test)]
mod tests {
    use crate::hazards::testing::*;

    #[test]
    fn found_when_a_table_is_attached() {
        let attached = PgTable {
            partition_of: Some((q("p"), "FOR VALUES IN (1)".into())),
            ..PgTable::default()
        };
        assert!(
            codes(Change::AlterTableOptions {
                table: q("p1"),
                from: PgTable::default(),
                to: attached,
            })
            .contains(&"PG008")
        );
        assert!(
            !codes(Change::AlterTableOptions {
                table: q("p1"),
                from: PgTable::default(),
                to: PgTable::default(),
            })
            .contains(&"PG008")
        );
    }
}

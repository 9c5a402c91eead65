//! The `table-rewrite` rule.
use strata_plan::{Axis, Rule};

/// `PG004 table-rewrite` (duration): rewrites a table and its indexes.
///
/// The table is copied row by row under an ACCESS EXCLUSIVE lock: reads and writes wait for the whole rewrite, which grows with the table.
///
/// Instead: add a new column, fill it in batches and switch to it; or run the step in a maintenance window.
pub static TABLE_REWRITE: Rule = Rule {
    code: "PG004",
    name: "table-rewrite",
    axis: Axis::Duration,
    summary: "rewrites a table and its indexes",
    why: "The table is copied row by row under an ACCESS EXCLUSIVE lock: reads and writes wait for the whole rewrite, which grows with the table.",
    instead: "add a new column, fill it in batches and switch to it; or run the step in a maintenance window.",
};

#[cfg(test)]
mod tests {
    use crate::hazards::testing::*;

    #[test]
    fn found_when_a_type_change_rewrites() {
        assert!(
            codes(Change::AlterColumn {
                table: q("t"),
                from: col("n", "integer"),
                to: col("n", "bigint"),
            })
            .contains(&"PG004")
        );
        assert!(
            !codes(Change::AlterColumn {
                table: q("t"),
                from: col("n", "character varying(10)"),
                to: col("n", "text"),
            })
            .contains(&"PG004")
        );
    }

    #[test]
    fn a_constant_default_rewrites_only_before_11() {
        let add = || {
            let mut c = col("n", "integer");
            c.default = Some("0".into());
            Change::AddColumn {
                table: q("t"),
                column: c,
            }
        };
        assert!(codes_on(10, add()).contains(&"PG004"));
        for version in [11, 13, 17] {
            assert!(!codes_on(version, add()).contains(&"PG004"), "{version}");
        }
        // A volatile default rewrites on every version.
        let mut c = col("k", "uuid");
        c.default = Some("gen_random_uuid()".into());
        let volatile = Change::AddColumn {
            table: q("t"),
            column: c,
        };
        assert!(codes_on(17, volatile).contains(&"PG004"));
    }
}

//! The `drop-index-drops-constraint` rule.
use strata_plan::{Axis, Rule};

/// `PG003 drop-index-drops-constraint` (lock): drops a partitioned index together with the key constraints attached to it.
///
/// The constraints backed by the index go with it (CASCADE), under an ACCESS EXCLUSIVE lock on their tables.
///
/// Instead: check nothing relies on those constraints, and drop the index at a quiet time; the plan adds back the constraints that stay.
pub static DROP_INDEX_DROPS_CONSTRAINT: Rule = Rule {
    code: "PG003",
    name: "drop-index-drops-constraint",
    axis: Axis::Lock,
    summary: "drops a partitioned index together with the key constraints attached to it",
    why: "The constraints backed by the index go with it (CASCADE), under an ACCESS EXCLUSIVE lock on their tables.",
    instead: "check nothing relies on those constraints, and drop the index at a quiet time; the plan adds back the constraints that stay.",
};

#[cfg(test)]
mod tests {
    use crate::hazards::testing::*;

    #[test]
    fn found_when_a_cascade_drops_constraints() {
        let index = |unique| Index {
            name: q("users_email"),
            table: q("users"),
            definition: "CREATE INDEX users_email ON public.users (email)".into(),
            unique,
            comment: None,
            parent: None,
        };
        assert!(
            codes(Change::DropIndexCascade {
                index: index(false),
                constraints: vec![(q("p1"), "p1_key".into())],
            })
            .contains(&"PG003")
        );
        assert!(
            !codes(Change::DropIndexCascade {
                index: index(false),
                constraints: vec![],
            })
            .contains(&"PG003")
        );
    }
}

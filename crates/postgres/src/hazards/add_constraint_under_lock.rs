//! The `add-constraint-under-lock` rule.
use strata_plan::{Axis, Rule};

/// `PG006 add-constraint-under-lock` (lock): validates a new constraint while holding a lock on the table.
///
/// Adding a constraint checks every row, or builds its index, while writes (and for most kinds reads) wait, for as long as the table is large.
///
/// Instead: add CHECK and FOREIGN KEY constraints NOT VALID and VALIDATE CONSTRAINT in a later step; build a unique index CONCURRENTLY and add the key USING INDEX.
pub static ADD_CONSTRAINT_UNDER_LOCK: Rule = Rule {
    code: "PG006",
    name: "add-constraint-under-lock",
    axis: Axis::Lock,
    summary: "validates a new constraint while holding a lock on the table",
    why: "Adding a constraint checks every row, or builds its index, while writes (and for most kinds reads) wait, for as long as the table is large.",
    instead: "add CHECK and FOREIGN KEY constraints NOT VALID and VALIDATE CONSTRAINT in a later step; build a unique index CONCURRENTLY and add the key USING INDEX.",
};

#[cfg(test)]
mod tests {
    use crate::hazards::testing::*;

    #[test]
    fn found_unless_the_constraint_is_not_valid() {
        assert!(codes(add(check("CHECK (n > 0)"))).contains(&"PG006"));
        assert!(!codes(add(check("CHECK (n > 0) NOT VALID"))).contains(&"PG006"));
    }
}

//! The `add-enum-value-outside-transaction` rule.
use strata_plan::{Axis, Rule};

/// `PG013 add-enum-value-outside-transaction` (transaction): adds a value to an enum type on a server before PostgreSQL 12.
///
/// Before PostgreSQL 12, ALTER TYPE ... ADD VALUE cannot run inside a transaction block: the step runs on its own, and a failure after it leaves the value added.
///
/// Instead: upgrade to PostgreSQL 12 or later, where the value can be added inside the plan's transaction; or add the value in a migration of its own before the rest.
pub static ADD_ENUM_VALUE_OUTSIDE_TRANSACTION: Rule = Rule {
    code: "PG013",
    name: "add-enum-value-outside-transaction",
    axis: Axis::Transaction,
    summary: "adds a value to an enum type on a server before PostgreSQL 12",
    why: "Before PostgreSQL 12, ALTER TYPE ... ADD VALUE cannot run inside a transaction block: the step runs on its own, and a failure after it leaves the value added.",
    instead: "upgrade to PostgreSQL 12 or later, where the value can be added inside the plan's transaction; or add the value in a migration of its own before the rest.",
};

#[cfg(test)]
mod tests {
    use crate::hazards::testing::*;
    use strata_diff::EnumPosition;

    fn add_value() -> Change {
        Change::AddEnumValue {
            name: q("mood"),
            value: "sad".into(),
            position: EnumPosition::Last,
        }
    }

    #[test]
    fn found_before_12_and_the_step_leaves_the_transaction() {
        assert!(codes_on(11, add_value()).contains(&"PG013"));
        assert!(rendered_on(11, add_value()).non_transactional);
    }

    #[test]
    fn absent_since_12() {
        for version in [12, 13, 17] {
            assert!(!codes_on(version, add_value()).contains(&"PG013"));
            assert!(!rendered_on(version, add_value()).non_transactional);
        }
    }
}

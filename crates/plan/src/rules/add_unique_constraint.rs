//! The `add-unique-constraint` rule.
use crate::{Axis, Rule};

/// `S013 add-unique-constraint` (data-dependent): adds a unique index, unique constraint or primary key.
///
/// The step fails if existing rows hold duplicate values.
///
/// Instead: find and resolve duplicates before the step runs.
pub static ADD_UNIQUE_CONSTRAINT: Rule = Rule {
    code: "S013",
    name: "add-unique-constraint",
    axis: Axis::DataDependent,
    summary: "adds a unique index, unique constraint or primary key",
    why: "The step fails if existing rows hold duplicate values.",
    instead: "find and resolve duplicates before the step runs.",
};

#[cfg(test)]
mod tests {
    use crate::rules::new_constraint;
    use strata_catalog::ConstraintKind;

    #[test]
    fn found_for_unique_keys_only() {
        assert_eq!(new_constraint(ConstraintKind::Unique).code, "S013");
        assert_eq!(new_constraint(ConstraintKind::PrimaryKey).code, "S013");
        assert_ne!(new_constraint(ConstraintKind::Check).code, "S013");
    }
}

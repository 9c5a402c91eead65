//! The `add-check-constraint` rule.
use crate::{Axis, Rule};

/// `S014 add-check-constraint` (data-dependent): adds a check constraint to a table or domain.
///
/// The step fails if existing rows violate the check.
///
/// Instead: fix the violating rows first, or add the constraint NOT VALID and validate it separately.
pub static ADD_CHECK_CONSTRAINT: Rule = Rule {
    code: "S014",
    name: "add-check-constraint",
    axis: Axis::DataDependent,
    summary: "adds a check constraint to a table or domain",
    why: "The step fails if existing rows violate the check.",
    instead: "fix the violating rows first, or add the constraint NOT VALID and validate it separately.",
};

#[cfg(test)]
mod tests {
    use crate::rules::new_constraint;
    use strata_catalog::ConstraintKind;

    #[test]
    fn found_for_checks_only() {
        assert_eq!(new_constraint(ConstraintKind::Check).code, "S014");
        assert_ne!(new_constraint(ConstraintKind::Unique).code, "S014");
    }
}

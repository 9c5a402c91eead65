//! The `add-exclusion-constraint` rule.
use crate::{Axis, Rule};

/// `S016 add-exclusion-constraint` (data-dependent): adds an exclusion constraint.
///
/// The step fails if existing rows conflict with each other under the constraint.
///
/// Instead: find and resolve conflicting rows before the step runs.
pub static ADD_EXCLUSION_CONSTRAINT: Rule = Rule {
    code: "S016",
    name: "add-exclusion-constraint",
    axis: Axis::DataDependent,
    summary: "adds an exclusion constraint",
    why: "The step fails if existing rows conflict with each other under the constraint.",
    instead: "find and resolve conflicting rows before the step runs.",
};

#[cfg(test)]
mod tests {
    use crate::rules::new_constraint;
    use strata_catalog::ConstraintKind;

    #[test]
    fn found_for_exclusion_constraints_only() {
        assert_eq!(new_constraint(ConstraintKind::Exclusion).code, "S016");
        assert_ne!(new_constraint(ConstraintKind::Unique).code, "S016");
    }
}

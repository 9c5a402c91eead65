//! The `add-foreign-key` rule.
use crate::{Axis, Rule};

/// `S015 add-foreign-key` (data-dependent): adds a foreign key.
///
/// The step fails if existing rows reference keys that do not exist.
///
/// Instead: fix orphaned rows first, or add the key NOT VALID and validate it separately.
pub static ADD_FOREIGN_KEY: Rule = Rule {
    code: "S015",
    name: "add-foreign-key",
    axis: Axis::DataDependent,
    summary: "adds a foreign key",
    why: "The step fails if existing rows reference keys that do not exist.",
    instead: "fix orphaned rows first, or add the key NOT VALID and validate it separately.",
};

#[cfg(test)]
mod tests {
    use crate::rules::new_constraint;
    use strata_catalog::ConstraintKind;

    #[test]
    fn found_for_foreign_keys_only() {
        assert_eq!(new_constraint(ConstraintKind::ForeignKey).code, "S015");
        assert_ne!(new_constraint(ConstraintKind::Check).code, "S015");
    }
}

//! The `rename-constraint` rule.
use crate::{Axis, Rule};

/// `S044 rename-constraint` (compatibility): renames a constraint.
///
/// Code that matches constraint names in error messages, or ON CONFLICT ON CONSTRAINT clauses, stops matching once the rename commits.
///
/// Instead: update the code that names the constraint in the same release.
pub static RENAME_CONSTRAINT: Rule = Rule {
    code: "S044",
    name: "rename-constraint",
    axis: Axis::Compatibility,
    summary: "renames a constraint",
    why: "Code that matches constraint names in error messages, or ON CONFLICT ON CONSTRAINT clauses, stops matching once the rename commits.",
    instead: "update the code that names the constraint in the same release.",
};

//! The `rename-type` rule.
use crate::{Axis, Rule};

/// `S042 rename-type` (compatibility): renames a type or domain.
///
/// Code and functions that name the type (casts such as ::old_name) fail once the rename commits.
///
/// Instead: update the code and functions that name the type in the same release, before the rename runs.
pub static RENAME_TYPE: Rule = Rule {
    code: "S042",
    name: "rename-type",
    axis: Axis::Compatibility,
    summary: "renames a type or domain",
    why: "Code and functions that name the type (casts such as ::old_name) fail once the rename commits.",
    instead: "update the code and functions that name the type in the same release, before the rename runs.",
};

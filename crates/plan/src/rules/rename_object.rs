//! The `rename-object` rule.
use crate::{Axis, Rule};

/// `S048 rename-object` (compatibility): renames an object of a kind without its own rename rule (an index, sequence or function).
///
/// Clients that still use the old name fail as soon as the rename commits, and during a rolling deploy the old code is still running.
///
/// Instead: expand and contract: add the new name (a new column kept in sync, or a view with the new name), move the clients over, and drop the old name in a later release.
pub static RENAME_OBJECT: Rule = Rule {
    code: "S048",
    name: "rename-object",
    axis: Axis::Compatibility,
    summary: "renames an object of a kind without its own rename rule (an index, sequence or function)",
    why: "Clients that still use the old name fail as soon as the rename commits, and during a rolling deploy the old code is still running.",
    instead: "expand and contract: add the new name (a new column kept in sync, or a view with the new name), move the clients over, and drop the old name in a later release.",
};

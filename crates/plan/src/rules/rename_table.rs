//! The `rename-table` rule.
use crate::{Axis, Rule};

/// `S040 rename-table` (compatibility): renames a table or view.
///
/// Code that is running now still uses the old name, and its queries fail from the moment the rename commits.
///
/// Instead: deploy code that works with both names first (for example through a view named like the old table), then rename, then drop the compatibility view.
pub static RENAME_TABLE: Rule = Rule {
    code: "S040",
    name: "rename-table",
    axis: Axis::Compatibility,
    summary: "renames a table or view",
    why: "Code that is running now still uses the old name, and its queries fail from the moment the rename commits.",
    instead: "deploy code that works with both names first (for example through a view named like the old table), then rename, then drop the compatibility view.",
};

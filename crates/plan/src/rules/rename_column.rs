//! The `rename-column` rule.
use crate::{Axis, Rule};

/// `S041 rename-column` (compatibility): renames a column.
///
/// Code that is running now still reads and writes the old column name, and its queries fail once the rename commits.
///
/// Instead: add the new column, write both and backfill, move readers over, then drop the old column in a later release; or rename in the same deploy as the code when a short outage is acceptable.
pub static RENAME_COLUMN: Rule = Rule {
    code: "S041",
    name: "rename-column",
    axis: Axis::Compatibility,
    summary: "renames a column",
    why: "Code that is running now still reads and writes the old column name, and its queries fail once the rename commits.",
    instead: "add the new column, write both and backfill, move readers over, then drop the old column in a later release; or rename in the same deploy as the code when a short outage is acceptable.",
};

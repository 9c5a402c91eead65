//! The `drop-column` rule.
use crate::{Axis, Rule};

/// `S002 drop-column` (data loss): drops a column and the values it holds.
///
/// The column's value in every row is deleted, and clients still naming the column fail.
///
/// Instead: stop reading and writing the column first, keep a copy of its values if they may be needed, then drop it in a later release.
pub static DROP_COLUMN: Rule = Rule {
    code: "S002",
    name: "drop-column",
    axis: Axis::DataLoss,
    summary: "drops a column and the values it holds",
    why: "The column's value in every row is deleted, and clients still naming the column fail.",
    instead: "stop reading and writing the column first, keep a copy of its values if they may be needed, then drop it in a later release.",
};

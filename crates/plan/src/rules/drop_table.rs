//! The `drop-table` rule.
use crate::{Axis, Rule};

/// `S001 drop-table` (data loss): drops a table and all its rows.
///
/// Every row goes with the table; only a backup brings them back.
///
/// Instead: copy or archive the rows first, or stop using the table and drop it in a later release once nothing reads it.
pub static DROP_TABLE: Rule = Rule {
    code: "S001",
    name: "drop-table",
    axis: Axis::DataLoss,
    summary: "drops a table and all its rows",
    why: "Every row goes with the table; only a backup brings them back.",
    instead: "copy or archive the rows first, or stop using the table and drop it in a later release once nothing reads it.",
};

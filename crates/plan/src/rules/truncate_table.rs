//! The `truncate-table` rule.
use crate::{Axis, Rule};

/// `S047 truncate-table` (data loss): empties a table with TRUNCATE.
///
/// TRUNCATE removes every row at once (and with CASCADE those of the tables that reference it); only a backup brings them back.
///
/// Instead: copy or archive the rows first, or delete only the rows the change is meant for.
pub static TRUNCATE_TABLE: Rule = Rule {
    code: "S047",
    name: "truncate-table",
    axis: Axis::DataLoss,
    summary: "empties a table with TRUNCATE",
    why: "TRUNCATE removes every row at once (and with CASCADE those of the tables that reference it); only a backup brings them back.",
    instead: "copy or archive the rows first, or delete only the rows the change is meant for.",
};

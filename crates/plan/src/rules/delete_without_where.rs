//! The `delete-without-where` rule.
use crate::{Axis, Rule};

/// `S046 delete-without-where` (data loss): deletes every row of a table.
///
/// A DELETE with no WHERE clause removes every row; only a backup brings them back.
///
/// Instead: add the WHERE clause the change is meant for, or archive the rows first and say so with an ignore comment.
pub static DELETE_WITHOUT_WHERE: Rule = Rule {
    code: "S046",
    name: "delete-without-where",
    axis: Axis::DataLoss,
    summary: "deletes every row of a table",
    why: "A DELETE with no WHERE clause removes every row; only a backup brings them back.",
    instead: "add the WHERE clause the change is meant for, or archive the rows first and say so with an ignore comment.",
};

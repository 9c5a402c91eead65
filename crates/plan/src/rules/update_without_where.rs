//! The `update-without-where` rule.
use crate::{Axis, Rule};

/// `S045 update-without-where` (data loss): updates every row of a table.
///
/// An UPDATE with no WHERE clause overwrites the column in every row, and the old values are gone; in a migration it also locks every row it touches until the migration commits.
///
/// Instead: add the WHERE clause the change is meant for; to backfill a large table, update it in batches of keys outside the schema migration.
pub static UPDATE_WITHOUT_WHERE: Rule = Rule {
    code: "S045",
    name: "update-without-where",
    axis: Axis::DataLoss,
    summary: "updates every row of a table",
    why: "An UPDATE with no WHERE clause overwrites the column in every row, and the old values are gone; in a migration it also locks every row it touches until the migration commits.",
    instead: "add the WHERE clause the change is meant for; to backfill a large table, update it in batches of keys outside the schema migration.",
};

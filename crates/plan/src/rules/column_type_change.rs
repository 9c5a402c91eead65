//! The `column-type-change` rule.
use crate::{Axis, Rule};

/// `S022 column-type-change` (compatibility): changes the type of a column.
///
/// Code that is running now reads and writes the column with the old type: parameters, casts and result decoding may fail.
///
/// Instead: add a column of the new type, write both and backfill, move readers to it, then drop the old one.
pub static COLUMN_TYPE_CHANGE: Rule = Rule {
    code: "S022",
    name: "column-type-change",
    axis: Axis::Compatibility,
    summary: "changes the type of a column",
    why: "Code that is running now reads and writes the column with the old type: parameters, casts and result decoding may fail.",
    instead: "add a column of the new type, write both and backfill, move readers to it, then drop the old one.",
};

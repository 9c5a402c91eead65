//! The `drop-generated-column` rule.
use crate::{Axis, Rule};

/// `S018 drop-generated-column` (compatibility): drops a generated column.
///
/// No data is lost, its values are computed from the rest of the row, but clients selecting the column fail.
///
/// Instead: stop reading the column first.
pub static DROP_GENERATED_COLUMN: Rule = Rule {
    code: "S018",
    name: "drop-generated-column",
    axis: Axis::Compatibility,
    summary: "drops a generated column",
    why: "No data is lost, its values are computed from the rest of the row, but clients selecting the column fail.",
    instead: "stop reading the column first.",
};

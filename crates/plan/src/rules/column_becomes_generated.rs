//! The `column-becomes-generated` rule.
use crate::{Axis, Rule};

/// `S010 column-becomes-generated` (data loss): turns a stored column into a generated one.
///
/// The values written to the column are replaced by computed ones.
///
/// Instead: add the generated column under a new name, compare the two, then drop the old column.
pub static COLUMN_BECOMES_GENERATED: Rule = Rule {
    code: "S010",
    name: "column-becomes-generated",
    axis: Axis::DataLoss,
    summary: "turns a stored column into a generated one",
    why: "The values written to the column are replaced by computed ones.",
    instead: "add the generated column under a new name, compare the two, then drop the old column.",
};

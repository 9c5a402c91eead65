//! The `add-not-null-column-without-default` rule.
use crate::{Axis, Rule};

/// `S011 add-not-null-column-without-default` (data-dependent): adds a NOT NULL column without a default.
///
/// Existing rows have no value for the column, so the step fails unless the table is empty.
///
/// Instead: add the column nullable or with a default, fill it, then make it NOT NULL.
pub static ADD_NOT_NULL_COLUMN_WITHOUT_DEFAULT: Rule = Rule {
    code: "S011",
    name: "add-not-null-column-without-default",
    axis: Axis::DataDependent,
    summary: "adds a NOT NULL column without a default",
    why: "Existing rows have no value for the column, so the step fails unless the table is empty.",
    instead: "add the column nullable or with a default, fill it, then make it NOT NULL.",
};

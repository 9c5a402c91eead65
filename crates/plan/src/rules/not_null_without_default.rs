//! The `not-null-without-default` rule.
use crate::{Axis, Rule};

/// `S023 not-null-without-default` (compatibility): makes a column NOT NULL without a default.
///
/// Inserts by code that is running now and does not set the column fail once it is NOT NULL.
///
/// Instead: give the column a default first, or deploy code that always sets it before this step.
pub static NOT_NULL_WITHOUT_DEFAULT: Rule = Rule {
    code: "S023",
    name: "not-null-without-default",
    axis: Axis::Compatibility,
    summary: "makes a column NOT NULL without a default",
    why: "Inserts by code that is running now and does not set the column fail once it is NOT NULL.",
    instead: "give the column a default first, or deploy code that always sets it before this step.",
};

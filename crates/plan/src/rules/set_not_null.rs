//! The `set-not-null` rule.
use crate::{Axis, Rule};

/// `S012 set-not-null` (data-dependent): makes a column or domain NOT NULL.
///
/// The step fails if any existing value is NULL, and reads every row to find out.
///
/// Instead: fill the NULLs first; on PostgreSQL, a validated CHECK (column IS NOT NULL) lets SET NOT NULL skip the scan.
pub static SET_NOT_NULL: Rule = Rule {
    code: "S012",
    name: "set-not-null",
    axis: Axis::DataDependent,
    summary: "makes a column or domain NOT NULL",
    why: "The step fails if any existing value is NULL, and reads every row to find out.",
    instead: "fill the NULLs first; on PostgreSQL, a validated CHECK (column IS NOT NULL) lets SET NOT NULL skip the scan.",
};

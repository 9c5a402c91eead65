//! The `drop-without-deprecation` rule.
use crate::{Axis, Rule};

/// `S049 drop-without-deprecation` (compatibility): drops a table, column or materialized view that running code may still use.
///
/// Code deployed before the drop still reads the object and fails once the drop commits; the team's rule is to deprecate first. Needs approval unless the object was marked `-- strata:deprecated` in the schema that was applied (or in an earlier revision).
///
/// Instead: mark the object `-- strata:deprecated` in the schema files and apply that, move the clients off it, then drop it in a later release.
pub static DROP_WITHOUT_DEPRECATION: Rule = Rule {
    code: "S049",
    name: "drop-without-deprecation",
    axis: Axis::Compatibility,
    summary: "drops a table, column or materialized view that running code may still use",
    why: "Code deployed before the drop still reads the object and fails once the drop commits; the team's rule is to deprecate first. Needs approval unless the object was marked `-- strata:deprecated` in the schema that was applied (or in an earlier revision).",
    instead: "mark the object `-- strata:deprecated` in the schema files and apply that, move the clients off it, then drop it in a later release.",
};

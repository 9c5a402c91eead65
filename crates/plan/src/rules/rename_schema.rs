//! The `rename-schema` rule.
use crate::{Axis, Rule};

/// `S043 rename-schema` (compatibility): renames a schema.
///
/// Every qualified name in it changes at once: running code, search_path settings and functions that name the old schema stop finding their objects.
///
/// Instead: point search_path and code at both schemas first, or move objects one by one.
pub static RENAME_SCHEMA: Rule = Rule {
    code: "S043",
    name: "rename-schema",
    axis: Axis::Compatibility,
    summary: "renames a schema",
    why: "Every qualified name in it changes at once: running code, search_path settings and functions that name the old schema stop finding their objects.",
    instead: "point search_path and code at both schemas first, or move objects one by one.",
};

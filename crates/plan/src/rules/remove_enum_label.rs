//! The `remove-enum-label` rule.
use crate::{Axis, Rule};

/// `S007 remove-enum-label` (data loss): removes labels from an enum type that columns use.
///
/// Rows holding a removed label cannot be converted to the new type.
///
/// Instead: update those rows to another label first, then remove it.
pub static REMOVE_ENUM_LABEL: Rule = Rule {
    code: "S007",
    name: "remove-enum-label",
    axis: Axis::DataLoss,
    summary: "removes labels from an enum type that columns use",
    why: "Rows holding a removed label cannot be converted to the new type.",
    instead: "update those rows to another label first, then remove it.",
};

//! The `drop-type-attribute` rule.
use crate::{Axis, Rule};

/// `S008 drop-type-attribute` (data loss): drops an attribute of a composite type that is in use.
///
/// The attribute's value is removed from every stored value of the type.
///
/// Instead: copy the values elsewhere first if they are still needed.
pub static DROP_TYPE_ATTRIBUTE: Rule = Rule {
    code: "S008",
    name: "drop-type-attribute",
    axis: Axis::DataLoss,
    summary: "drops an attribute of a composite type that is in use",
    why: "The attribute's value is removed from every stored value of the type.",
    instead: "copy the values elsewhere first if they are still needed.",
};

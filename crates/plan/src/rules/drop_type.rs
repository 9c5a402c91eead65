//! The `drop-type` rule.
use crate::{Axis, Rule};

/// `S017 drop-type` (compatibility): drops a user-defined type.
///
/// Clients, functions and casts that name the type stop working.
///
/// Instead: stop using the type everywhere first.
pub static DROP_TYPE: Rule = Rule {
    code: "S017",
    name: "drop-type",
    axis: Axis::Compatibility,
    summary: "drops a user-defined type",
    why: "Clients, functions and casts that name the type stop working.",
    instead: "stop using the type everywhere first.",
};

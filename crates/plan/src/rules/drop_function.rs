//! The `drop-function` rule.
use crate::{Axis, Rule};

/// `S021 drop-function` (compatibility): drops a function or procedure.
///
/// Clients, triggers and other functions that call it fail as soon as the drop commits.
///
/// Instead: stop calling the function everywhere first, then drop it in a later release.
pub static DROP_FUNCTION: Rule = Rule {
    code: "S021",
    name: "drop-function",
    axis: Axis::Compatibility,
    summary: "drops a function or procedure",
    why: "Clients, triggers and other functions that call it fail as soon as the drop commits.",
    instead: "stop calling the function everywhere first, then drop it in a later release.",
};

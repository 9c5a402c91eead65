//! The `drop-sequence` rule.
use crate::{Axis, Rule};

/// `S004 drop-sequence` (data loss): drops a sequence and its current value.
///
/// The position the sequence reached is lost; a recreated sequence starts over and can hand out values already used.
///
/// Instead: keep the sequence, or note its current value and start the new one past it.
pub static DROP_SEQUENCE: Rule = Rule {
    code: "S004",
    name: "drop-sequence",
    axis: Axis::DataLoss,
    summary: "drops a sequence and its current value",
    why: "The position the sequence reached is lost; a recreated sequence starts over and can hand out values already used.",
    instead: "keep the sequence, or note its current value and start the new one past it.",
};

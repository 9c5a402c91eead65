//! The `drop-identity` rule.
use crate::{Axis, Rule};

/// `S009 drop-identity` (data loss): drops the identity of a column.
///
/// The identity's sequence and the position it reached are deleted; a new identity restarts numbering.
///
/// Instead: keep the identity, or note its current value and restart the new generator past it.
pub static DROP_IDENTITY: Rule = Rule {
    code: "S009",
    name: "drop-identity",
    axis: Axis::DataLoss,
    summary: "drops the identity of a column",
    why: "The identity's sequence and the position it reached are deleted; a new identity restarts numbering.",
    instead: "keep the identity, or note its current value and restart the new generator past it.",
};

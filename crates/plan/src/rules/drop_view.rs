//! The `drop-view` rule.
use crate::{Axis, Rule};

/// `S020 drop-view` (compatibility): drops a view.
///
/// Clients and functions that query the view fail as soon as the drop commits.
///
/// Instead: stop using the view everywhere first, then drop it in a later release.
pub static DROP_VIEW: Rule = Rule {
    code: "S020",
    name: "drop-view",
    axis: Axis::Compatibility,
    summary: "drops a view",
    why: "Clients and functions that query the view fail as soon as the drop commits.",
    instead: "stop using the view everywhere first, then drop it in a later release.",
};

//! The `drop-materialized-view` rule.
use crate::{Axis, Rule};

/// `S005 drop-materialized-view` (data loss): drops a materialized view and the rows it stores.
///
/// Its stored rows are gone; a new one is filled by running its query again, which may take long or give other rows.
///
/// Instead: create the replacement under a new name, move readers to it, then drop the old one.
pub static DROP_MATERIALIZED_VIEW: Rule = Rule {
    code: "S005",
    name: "drop-materialized-view",
    axis: Axis::DataLoss,
    summary: "drops a materialized view and the rows it stores",
    why: "Its stored rows are gone; a new one is filled by running its query again, which may take long or give other rows.",
    instead: "create the replacement under a new name, move readers to it, then drop the old one.",
};

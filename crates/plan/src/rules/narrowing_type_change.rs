//! The `narrowing-type-change` rule.
use crate::{Axis, Rule};

/// `S006 narrowing-type-change` (data loss): changes a column to a type that may not hold every old value.
///
/// Values may be truncated, rounded or fail to convert, and the originals cannot be recovered.
///
/// Instead: check that existing values fit first, or add a column of the new type, copy with an explicit conversion, and drop the old column later.
pub static NARROWING_TYPE_CHANGE: Rule = Rule {
    code: "S006",
    name: "narrowing-type-change",
    axis: Axis::DataLoss,
    summary: "changes a column to a type that may not hold every old value",
    why: "Values may be truncated, rounded or fail to convert, and the originals cannot be recovered.",
    instead: "check that existing values fit first, or add a column of the new type, copy with an explicit conversion, and drop the old column later.",
};

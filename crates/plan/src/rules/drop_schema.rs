//! The `drop-schema` rule.
use crate::{Axis, Rule};

/// `S003 drop-schema` (data loss): drops a schema and anything still in it.
///
/// Objects left in the schema, tables and their rows included, go with it.
///
/// Instead: move or drop the schema's objects in their own reviewed steps first.
pub static DROP_SCHEMA: Rule = Rule {
    code: "S003",
    name: "drop-schema",
    axis: Axis::DataLoss,
    summary: "drops a schema and anything still in it",
    why: "Objects left in the schema, tables and their rows included, go with it.",
    instead: "move or drop the schema's objects in their own reviewed steps first.",
};

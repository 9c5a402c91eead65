//! The `concurrent-index` rule.
use strata_plan::{Axis, Rule};

/// `PG030 concurrent-index` (transaction): builds or drops an index CONCURRENTLY, outside a transaction.
///
/// CONCURRENTLY keeps reads and writes going (PG001 and PG002 do not apply), but it cannot run in a transaction block: the step commits on its own, waits for every older transaction on the table, and a failed build leaves an INVALID index behind.
///
/// Instead: nothing to change: strata drops an invalid index of the same name before building it again; keep transactions on the table short while the step runs.
pub static CONCURRENT_INDEX: Rule = Rule {
    code: "PG030",
    name: "concurrent-index",
    axis: Axis::Transaction,
    summary: "builds or drops an index CONCURRENTLY, outside a transaction",
    why: "CONCURRENTLY keeps reads and writes going (PG001 and PG002 do not apply), but it cannot run in a transaction block: the step commits on its own, waits for every older transaction on the table, and a failed build leaves an INVALID index behind.",
    instead: "nothing to change: strata drops an invalid index of the same name before building it again; keep transactions on the table short while the step runs.",
};

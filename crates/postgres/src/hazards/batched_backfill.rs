//! The `batched-backfill` rule.
use strata_plan::{Axis, Rule};

/// `PG032 batched-backfill` (duration): fills a new column in batches, each committed on its own.
///
/// A column with a volatile default (`gen_random_uuid()`, `clock_timestamp()`, a sequence) is added without it, the default is set for new rows, and the existing rows are filled a batch at a time outside a transaction: each batch locks only its own rows, so reads and writes go on (PG004 does not apply). Until the fill ends, old rows read NULL in the column.
///
/// Instead: nothing to change: a failed or interrupted fill resumes where it stopped when the plan runs again; keep code from relying on the column's value in old rows until the step is done.
pub static BATCHED_BACKFILL: Rule = Rule {
    code: "PG032",
    name: "batched-backfill",
    axis: Axis::Duration,
    summary: "fills a new column in batches, each committed on its own",
    why: "A column with a volatile default (`gen_random_uuid()`, `clock_timestamp()`, a sequence) is added without it, the default is set for new rows, and the existing rows are filled a batch at a time outside a transaction: each batch locks only its own rows, so reads and writes go on (PG004 does not apply). Until the fill ends, old rows read NULL in the column.",
    instead: "nothing to change: a failed or interrupted fill resumes where it stopped when the plan runs again; keep code from relying on the column's value in old rows until the step is done.",
};

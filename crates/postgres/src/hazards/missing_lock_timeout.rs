//! The `missing-lock-timeout` rule.
use strata_plan::{Axis, Rule};

/// `PG041 missing-lock-timeout` (lock): takes an ACCESS EXCLUSIVE lock with no lock_timeout set.
///
/// While the statement waits for its lock behind a long transaction, every other query on the table queues behind it: a fast ALTER becomes an outage.
///
/// Instead: SET lock_timeout (for example `SET lock_timeout = '5s'`, or SET LOCAL in a transaction) before the statement, and retry the migration when it times out.
pub static MISSING_LOCK_TIMEOUT: Rule = Rule {
    code: "PG041",
    name: "missing-lock-timeout",
    axis: Axis::Lock,
    summary: "takes an ACCESS EXCLUSIVE lock with no lock_timeout set",
    why: "While the statement waits for its lock behind a long transaction, every other query on the table queues behind it: a fast ALTER becomes an outage.",
    instead: "SET lock_timeout (for example `SET lock_timeout = '5s'`, or SET LOCAL in a transaction) before the statement, and retry the migration when it times out.",
};

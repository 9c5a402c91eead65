//! The `non-transactional-in-transaction` rule.
use strata_plan::{Axis, Rule};

/// `PG040 non-transactional-in-transaction` (transaction): runs a statement that cannot run inside a transaction block.
///
/// CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY, VACUUM (and ALTER TYPE ... ADD VALUE before PostgreSQL 12) fail inside a transaction block, so the migration fails when it reaches the statement.
///
/// Instead: put the statement in a revision of its own marked `-- strata:no-transaction`, outside any BEGIN .. COMMIT.
pub static NON_TRANSACTIONAL_IN_TRANSACTION: Rule = Rule {
    code: "PG040",
    name: "non-transactional-in-transaction",
    axis: Axis::Transaction,
    summary: "runs a statement that cannot run inside a transaction block",
    why: "CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY, VACUUM (and ALTER TYPE ... ADD VALUE before PostgreSQL 12) fail inside a transaction block, so the migration fails when it reaches the statement.",
    instead: "put the statement in a revision of its own marked `-- strata:no-transaction`, outside any BEGIN .. COMMIT.",
};

//! PostgreSQL-specific rules (`PG…` codes), one file per rule: findings that describe
//! PostgreSQL's own behaviour (its locks, rewrites, extensions). Generic rules are in
//! [`strata_plan::rules`].
use strata_plan::Rule;

mod add_constraint_under_lock;
mod add_enum_value_outside_transaction;
mod add_index_non_concurrently;
mod attach_partition_scan;
mod batched_backfill;
mod collation_change;
mod concurrent_index;
mod concurrent_index_on_14_early;
mod create_event_trigger;
mod create_trigger_blocks_writes;
mod drop_collation;
mod drop_extension;
mod drop_index_drops_constraint;
mod drop_index_non_concurrently;
mod set_not_null_scan;
mod table_rewrite;
mod upgrade_extension;
// Found by `strata lint` in hand-written SQL, not by plans.
mod add_key_without_index;
mod missing_lock_timeout;
mod non_transactional_in_transaction;
mod validate_constraint;

pub(crate) use add_constraint_under_lock::ADD_CONSTRAINT_UNDER_LOCK;
pub(crate) use add_enum_value_outside_transaction::ADD_ENUM_VALUE_OUTSIDE_TRANSACTION;
pub(crate) use add_index_non_concurrently::ADD_INDEX_NON_CONCURRENTLY;
pub(crate) use add_key_without_index::ADD_KEY_WITHOUT_INDEX;
pub(crate) use attach_partition_scan::ATTACH_PARTITION_SCAN;
pub(crate) use batched_backfill::BATCHED_BACKFILL;
pub(crate) use collation_change::COLLATION_CHANGE;
pub(crate) use concurrent_index::CONCURRENT_INDEX;
pub(crate) use concurrent_index_on_14_early::CONCURRENT_INDEX_ON_14_EARLY;
pub(crate) use create_event_trigger::CREATE_EVENT_TRIGGER;
pub(crate) use create_trigger_blocks_writes::CREATE_TRIGGER_BLOCKS_WRITES;
pub(crate) use drop_collation::DROP_COLLATION;
pub(crate) use drop_extension::DROP_EXTENSION;
pub(crate) use drop_index_drops_constraint::DROP_INDEX_DROPS_CONSTRAINT;
pub(crate) use drop_index_non_concurrently::DROP_INDEX_NON_CONCURRENTLY;
pub(crate) use missing_lock_timeout::MISSING_LOCK_TIMEOUT;
pub(crate) use non_transactional_in_transaction::NON_TRANSACTIONAL_IN_TRANSACTION;
pub(crate) use set_not_null_scan::SET_NOT_NULL_SCAN;
pub(crate) use table_rewrite::TABLE_REWRITE;
pub(crate) use upgrade_extension::UPGRADE_EXTENSION;
pub(crate) use validate_constraint::VALIDATE_CONSTRAINT;

/// Every PostgreSQL-specific rule, in code order.
pub static RULES: &[&Rule] = &[
    &ADD_INDEX_NON_CONCURRENTLY,
    &DROP_INDEX_NON_CONCURRENTLY,
    &DROP_INDEX_DROPS_CONSTRAINT,
    &TABLE_REWRITE,
    &COLLATION_CHANGE,
    &ADD_CONSTRAINT_UNDER_LOCK,
    &CREATE_TRIGGER_BLOCKS_WRITES,
    &ATTACH_PARTITION_SCAN,
    &DROP_EXTENSION,
    &UPGRADE_EXTENSION,
    &DROP_COLLATION,
    &CREATE_EVENT_TRIGGER,
    &ADD_ENUM_VALUE_OUTSIDE_TRANSACTION,
    &SET_NOT_NULL_SCAN,
    &CONCURRENT_INDEX_ON_14_EARLY,
    &NON_TRANSACTIONAL_IN_TRANSACTION,
    &MISSING_LOCK_TIMEOUT,
    &ADD_KEY_WITHOUT_INDEX,
    &CONCURRENT_INDEX,
    &VALIDATE_CONSTRAINT,
    &BATCHED_BACKFILL,
];

#[cfg(test)]
pub(crate) mod testing;

#[cfg(test)]
mod tests;

//! SQLite-specific rules (`SQLITE…` codes), one file per rule: findings that describe
//! SQLite's own behaviour (its table rebuild, type affinity, STRICT tables). Generic rules
//! are in [`strata_plan::rules`].
use strata_plan::Rule;

mod affinity_change;
mod rebuild_fills_nulls;
mod strict_type_change;
mod table_rebuild;

pub(crate) use affinity_change::AFFINITY_CHANGE;
pub(crate) use rebuild_fills_nulls::REBUILD_FILLS_NULLS;
pub(crate) use strict_type_change::STRICT_TYPE_CHANGE;
pub(crate) use table_rebuild::TABLE_REBUILD;

/// Every SQLite-specific rule, in code order.
pub static RULES: &[&Rule] = &[
    &TABLE_REBUILD,
    &AFFINITY_CHANGE,
    &REBUILD_FILLS_NULLS,
    &STRICT_TYPE_CHANGE,
];

#[cfg(test)]
pub(crate) mod testing;

#[cfg(test)]
mod tests;

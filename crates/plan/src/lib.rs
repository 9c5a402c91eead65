//! Turns changes into a [`Plan`]: ordered by a dependency graph (create before use, drop
//! in reverse), each step rendered by a [`Dialect`] and marked with its hazards.
#![deny(missing_docs)]

mod deps;
mod dialect;
mod footprint;
mod hazard;
mod order;
mod recreate;
pub mod rules;
mod step;
mod summary;

pub use dialect::{ColumnType, Dialect, Rendered};
pub use hazard::{Axis, Hazard, Rule};
pub use order::{PlanError, build_plan, plan_changes};
pub use step::{Plan, Step};
pub use summary::summary;

#[cfg(test)]
mod tests;

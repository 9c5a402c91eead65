//! Turns changes into a [`Plan`]: ordered by a dependency graph (create before use, drop
//! in reverse), each step rendered by a [`Dialect`] and marked with its hazards.
#![deny(missing_docs)]

mod deps;
mod dialect;
mod footprint;
mod hazard;
mod lock;
mod op;
mod order;
mod recreate;
pub mod rules;
mod step;
mod subject;
mod summary;

pub use dialect::{ColumnType, Dialect, OnlineStep, Rendered, Unsupported};
pub use hazard::{Axis, Hazard, Rule};
pub use lock::{Blocks, Effort, Lock, strongest};
pub use op::op;
pub use order::{
    PlanError, PlanOptions, build_plan, build_plan_with, build_plan_with_renames, plan_changes,
    plan_changes_with,
};
pub use step::{Group, ObjectKind, Plan, Step, StepOp, Verb};
pub use subject::{object_name as object_subject, subject};
pub use summary::summary;

#[cfg(test)]
mod tests;

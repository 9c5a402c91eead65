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

pub use dialect::{ColumnType, Dialect, Rendered, Unsupported};
pub use hazard::{Axis, Hazard, Rule};
pub use lock::{Blocks, Effort, Lock, strongest};
pub use op::op;
pub use order::{PlanError, build_plan, plan_changes};
pub use step::{ObjectKind, Plan, Step, StepOp, Verb};
pub use subject::subject;
pub use summary::summary;

#[cfg(test)]
mod tests;

//! Turns changes into a [`Plan`]: ordered by a dependency graph (create before use, drop
//! in reverse), each step rendered by a [`Dialect`] and marked with its hazards.
#![deny(missing_docs)]

mod dialect;
mod hazard;
mod order;
mod step;

pub use dialect::{Dialect, Rendered};
pub use hazard::{Hazard, HazardKind};
pub use order::{PlanError, build_plan};
pub use step::{Plan, Step};

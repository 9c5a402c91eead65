use crate::{Dialect, Plan};
use strata_catalog::Catalog;

/// Why a plan cannot be built.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// Objects depend on each other in a circle that no order can satisfy.
    #[error("cannot order the plan: these objects depend on each other in a cycle: {}", .0.join(", "))]
    Cycle(Vec<String>),
}

/// Diffs `from` against `to`, lowers the changes for the dialect, orders them by
/// dependencies and renders each into a step.
pub fn build_plan(
    _from: &Catalog,
    _to: &Catalog,
    _dialect: &dyn Dialect,
) -> Result<Plan, PlanError> {
    todo!("written by the plan helper")
}

//! Placeholder until the PostgreSQL renderer lands.
use strata_diff::Change;
use strata_plan::{Dialect, Rendered};

/// PostgreSQL's SQL rendering.
pub struct PostgresDialect;

impl Dialect for PostgresDialect {
    fn name(&self) -> &'static str {
        "postgres"
    }

    fn render(&self, _change: &Change) -> Rendered {
        unimplemented!("PostgreSQL rendering is not written yet")
    }
}

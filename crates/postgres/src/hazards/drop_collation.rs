//! The `drop-collation` rule.
use strata_plan::{Axis, Rule};

/// `PG011 drop-collation` (data-dependent): drops a collation.
///
/// The drop fails while any column, index or type still uses the collation.
///
/// Instead: move the columns to another collation in earlier steps first.
pub static DROP_COLLATION: Rule = Rule {
    code: "PG011",
    name: "drop-collation",
    axis: Axis::DataDependent,
    summary: "drops a collation",
    why: "The drop fails while any column, index or type still uses the collation.",
    instead: "move the columns to another collation in earlier steps first.",
};

#[cfg(test)]
mod tests {
    use crate::hazards::testing::*;

    #[test]
    fn found_when_a_collation_is_dropped() {
        let c = Collation {
            name: q("ci"),
            definition: "provider = icu, locale = 'und'".into(),
            comment: None,
        };
        assert!(codes(Change::DropCollation(c.clone())).contains(&"PG011"));
        assert!(!codes(Change::CreateCollation(c)).contains(&"PG011"));
    }
}

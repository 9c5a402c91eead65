//! The `add-index-non-concurrently` rule.
use strata_plan::{Axis, Rule};

/// `PG001 add-index-non-concurrently` (lock): builds an index without CONCURRENTLY.
///
/// CREATE INDEX holds a SHARE lock on the table for the whole build: every write waits until the index is done.
///
/// Instead: build the index with CREATE INDEX CONCURRENTLY, outside a transaction, in a migration of its own.
pub static ADD_INDEX_NON_CONCURRENTLY: Rule = Rule {
    code: "PG001",
    name: "add-index-non-concurrently",
    axis: Axis::Lock,
    summary: "builds an index without CONCURRENTLY",
    why: "CREATE INDEX holds a SHARE lock on the table for the whole build: every write waits until the index is done.",
    instead: "build the index with CREATE INDEX CONCURRENTLY, outside a transaction, in a migration of its own.",
};

#[cfg(test)]
mod tests {
    use crate::hazards::testing::*;

    #[test]
    fn found_when_an_index_is_built() {
        let index = |unique| Index {
            name: q("users_email"),
            table: q("users"),
            definition: "CREATE INDEX users_email ON public.users (email)".into(),
            unique,
            comment: None,
            parent: None,
        };
        assert!(codes(Change::CreateIndex(index(false))).contains(&"PG001"));
        assert!(!codes(Change::CreateTable(table("t", vec![]))).contains(&"PG001"));
    }
}

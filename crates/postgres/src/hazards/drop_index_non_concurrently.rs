//! The `drop-index-non-concurrently` rule.
use strata_plan::{Axis, Rule};

/// `PG002 drop-index-non-concurrently` (lock): drops an index without CONCURRENTLY.
///
/// DROP INDEX takes an ACCESS EXCLUSIVE lock on the table: reads and writes wait, and queue behind any long query already running.
///
/// Instead: drop the index with DROP INDEX CONCURRENTLY, outside a transaction, in a migration of its own.
pub static DROP_INDEX_NON_CONCURRENTLY: Rule = Rule {
    code: "PG002",
    name: "drop-index-non-concurrently",
    axis: Axis::Lock,
    summary: "drops an index without CONCURRENTLY",
    why: "DROP INDEX takes an ACCESS EXCLUSIVE lock on the table: reads and writes wait, and queue behind any long query already running.",
    instead: "drop the index with DROP INDEX CONCURRENTLY, outside a transaction, in a migration of its own.",
};

#[cfg(test)]
mod tests {
    use crate::hazards::testing::*;

    #[test]
    fn found_when_an_index_is_dropped() {
        let index = |unique| Index {
            name: q("users_email"),
            table: q("users"),
            definition: "CREATE INDEX users_email ON public.users (email)".into(),
            unique,
            comment: None,
            parent: None,
        };
        assert!(codes(Change::DropIndex(index(false))).contains(&"PG002"));
        assert!(!codes(Change::CreateIndex(index(false))).contains(&"PG002"));
    }
}

//! The `add-key-without-index` rule.
use strata_plan::{Axis, Rule};

/// `PG042 add-key-without-index` (lock): adds a unique or primary key constraint that builds its index under the table lock.
///
/// ALTER TABLE ... ADD PRIMARY KEY / UNIQUE builds the index while holding an ACCESS EXCLUSIVE lock: nothing can read or write the table until the build is done.
///
/// Instead: build a unique index with CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT ... PRIMARY KEY USING INDEX (or UNIQUE USING INDEX).
pub static ADD_KEY_WITHOUT_INDEX: Rule = Rule {
    code: "PG042",
    name: "add-key-without-index",
    axis: Axis::Lock,
    summary: "adds a unique or primary key constraint that builds its index under the table lock",
    why: "ALTER TABLE ... ADD PRIMARY KEY / UNIQUE builds the index while holding an ACCESS EXCLUSIVE lock: nothing can read or write the table until the build is done.",
    instead: "build a unique index with CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT ... PRIMARY KEY USING INDEX (or UNIQUE USING INDEX).",
};

//! What a step holds while it runs: the lock it takes on each existing relation, which
//! statements of other sessions that lock blocks, and how long it is held. The dialect
//! fills these in ([`crate::Rendered`]); the plan copies them onto the step and onto the
//! step's lock and duration findings.
use serde::{Deserialize, Serialize};
use std::fmt;

/// A lock a step takes on one existing relation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lock {
    /// The relation, as approvals name it: `public.users`.
    pub relation: String,
    /// The database's name for the lock mode: `ACCESS EXCLUSIVE`, `SHARE`, or
    /// `database write` for SQLite.
    pub mode: String,
    /// What other sessions cannot do while it is held.
    pub blocks: Blocks,
}

/// The statements of other sessions a lock makes wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Blocks {
    /// Reads and writes continue (only other DDL and maintenance wait).
    Nothing,
    /// Writes wait; reads continue.
    Writes,
    /// Reads and writes wait.
    ReadsAndWrites,
}

/// How long a step holds its locks, relative to the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Effort {
    /// Catalog changes only: brief, whatever the size of the table.
    Metadata,
    /// Reads the whole table (to check rows or build an index).
    Scan,
    /// Writes the table and its indexes again.
    Rewrite,
}

impl Lock {
    /// A lock of `mode` on `relation`.
    pub fn new(relation: impl Into<String>, mode: impl Into<String>, blocks: Blocks) -> Self {
        Lock {
            relation: relation.into(),
            mode: mode.into(),
            blocks,
        }
    }
}

impl Blocks {
    /// For people: `reads and writes`.
    pub fn as_str(self) -> &'static str {
        match self {
            Blocks::Nothing => "nothing",
            Blocks::Writes => "writes",
            Blocks::ReadsAndWrites => "reads and writes",
        }
    }
}

impl Effort {
    /// For people: `brief`, `scans the table`, `rewrites the table and its indexes`.
    pub fn as_str(self) -> &'static str {
        match self {
            Effort::Metadata => "brief",
            Effort::Scan => "scans the table",
            Effort::Rewrite => "rewrites the table and its indexes",
        }
    }
}

/// `ACCESS EXCLUSIVE on public.users (blocks reads and writes)`.
impl fmt::Display for Lock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} on {} (blocks {})",
            self.mode,
            self.relation,
            self.blocks.as_str()
        )
    }
}

/// The lock of `locks` that gets in the way of most traffic (the first of equals).
pub fn strongest(locks: &[Lock]) -> Option<&Lock> {
    locks.iter().rev().max_by_key(|l| l.blocks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_strongest_lock_is_the_first_that_blocks_most() {
        let locks = vec![
            Lock::new("public.a", "SHARE", Blocks::Writes),
            Lock::new("public.b", "ACCESS EXCLUSIVE", Blocks::ReadsAndWrites),
            Lock::new("public.c", "ACCESS EXCLUSIVE", Blocks::ReadsAndWrites),
        ];
        assert_eq!(strongest(&locks).unwrap().relation, "public.b");
        assert_eq!(strongest(&[]), None);
        assert_eq!(
            locks[1].to_string(),
            "ACCESS EXCLUSIVE on public.b (blocks reads and writes)"
        );
    }

    #[test]
    fn serializes_kebab_case() {
        let json =
            serde_json::to_value(Lock::new("public.a", "SHARE", Blocks::ReadsAndWrites)).unwrap();
        assert_eq!(json["blocks"], "reads-and-writes");
        assert_eq!(serde_json::to_value(Effort::Rewrite).unwrap(), "rewrite");
    }
}

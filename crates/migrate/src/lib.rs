//! Versioned migrations: revision files with ids and parent pointers, the revision graph,
//! and a history table that records every step run against a database.
//!
//! Functions take a `&mut dyn Database`, a parsed [`MigrationDir`] and an options struct,
//! and return reports; nothing here prints.
//!
//! - A revision file is plain SQL with a `-- strata:` header (see [`Revision`]); its id is
//!   in the header, its file name only sorts.
//! - The history table (default `strata_history`) is an append-only log: one row per step
//!   (run, stamp, resolve, repair), with direction, checksum (`sha256:<hex>` over the
//!   normalised file), times, who, tool version and the down SQL of applied revisions.
//!   The applied set is what replaying the log gives ([`History`]).
//! - Every command that writes takes the engine's migration lock (key
//!   `strata-migrate:<table>`) before it creates or reads the history table. Each step's
//!   history row is written first in the step's own transaction with the next row id, so
//!   even without the lock two runners cannot record (or run) the same step twice.
//! - A squashed baseline lists the ids it replaces (`-- strata:replaces`, the revision it
//!   was squashed to last); a database that ran that revision counts the baseline as
//!   applied.
#![deny(missing_docs)]

mod autogen;
mod check;
mod checksum;
mod clock;
mod dir;
mod error;
mod file;
mod graph;
mod history;
mod judge;
mod lint;
mod replay;
mod run;
mod script;
mod settings;
mod squash;
mod state;
mod status;
mod target;

pub use autogen::{PlannedStep, RevisionOptions, RevisionOutcome, merge, revision};
pub use check::{CheckKind, CheckOptions, CheckReport, Finding, check};
pub use checksum::Checksum;
pub use dir::MigrationDir;
pub use error::{Error, Mismatch, Problem, StepFailure};
pub use file::{Lines, Revision};
pub use history::{Applied, Direction, Dirty, History, HistoryTable, Kind, Row, TABLE_VERSION};
pub use judge::Unapproved;
pub use lint::{Group, LintFailure, LintRun, lint, lint_revisions, scripts};
pub use run::{
    RepairReport, Resolution, RunReport, StepReport, UpgradeOptions, downgrade, downgrade_approved,
    downgrade_with, repair, resolve, stamp, upgrade, upgrade_with,
};
pub use script::upgrade_sql;
pub use settings::{DEFAULT_TABLE, Settings};
pub use squash::{SquashOptions, SquashReport, squash};
pub use state::DbState;
pub use status::{Current, HistoryEntry, Status, current, history, status};
pub use target::Target;

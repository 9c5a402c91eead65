//! Versioned migrations: revision files with ids and parent pointers, the revision graph,
//! and a history table that records every step run against a database.
//!
//! Functions take a `&mut dyn Database`, a parsed [`MigrationDir`] and an options struct,
//! and return reports; nothing here prints.
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
pub use history::{Applied, Direction, Dirty, History, HistoryTable, Kind, Row};
pub use run::{
    RepairReport, Resolution, RunReport, StepReport, UpgradeOptions, downgrade, repair, resolve,
    stamp, upgrade,
};
pub use script::upgrade_sql;
pub use settings::{DEFAULT_TABLE, Settings};
pub use squash::{SquashOptions, SquashReport, squash};
pub use state::DbState;
pub use status::{Current, HistoryEntry, Status, current, history, status};
pub use target::Target;

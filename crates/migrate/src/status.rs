//! Read-only questions about a database and a folder: current, history, status and
//! drift. None of these take the lock or create the history table.
use crate::dir::MigrationDir;
use crate::error::Error;
use crate::history::{Applied, Dirty, History};
use crate::replay::replayed_catalog;
use crate::settings::Settings;
use crate::state::DbState;
use serde::Serialize;
use std::path::PathBuf;
use strata::Database;

/// Where a database is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Current {
    /// Its applied revisions that no applied revision builds on (one, unless branches
    /// were applied separately; none at base).
    pub revisions: Vec<String>,
    /// Applied revisions the folder does not contain.
    pub unknown: Vec<String>,
    /// An unsettled no-transaction step.
    pub dirty: Option<Dirty>,
}

/// Reads where `db` is.
pub fn current(
    db: &mut dyn Database,
    dir: &MigrationDir,
    settings: &Settings,
) -> Result<Current, Error> {
    let history = History::read(&settings.history_table(), db)?;
    let state = DbState::new(dir, &history)?;
    Ok(Current {
        revisions: state.current(dir),
        unknown: state.unknown.iter().map(|a| a.revision.clone()).collect(),
        dirty: history.dirty,
    })
}

/// One revision of the folder, for `history`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryEntry {
    /// The revision id.
    pub revision: String,
    /// Its parents.
    pub parents: Vec<String>,
    /// Its message.
    pub message: String,
    /// Its file.
    pub path: PathBuf,
    /// True when nothing names it as a parent.
    pub head: bool,
    /// True for a merge revision.
    pub merge: bool,
    /// Whether the database has it (`None` when no database was asked).
    pub applied: Option<bool>,
    /// When it was applied, if it was.
    pub applied_at: Option<String>,
}

/// Every revision in graph order, marked with whether `db` (when given) applied it.
pub fn history(
    db: Option<&mut dyn Database>,
    dir: &MigrationDir,
    settings: &Settings,
) -> Result<Vec<HistoryEntry>, Error> {
    let (history, state) = match db {
        Some(db) => {
            let history = History::read(&settings.history_table(), db)?;
            let state = DbState::new(dir, &history)?;
            (Some(history), Some(state))
        }
        None => (None, None),
    };
    let heads: Vec<String> = dir.heads().iter().map(|r| r.id.clone()).collect();
    Ok(dir
        .revisions()
        .iter()
        .enumerate()
        .map(|(pos, r)| {
            let applied = state.as_ref().map(|s| s.applied.contains(&pos));
            HistoryEntry {
                revision: r.id.clone(),
                parents: r.parents.clone(),
                message: r.message.clone(),
                path: r.path.clone(),
                head: heads.contains(&r.id),
                merge: r.is_merge(),
                applied,
                applied_at: history
                    .as_ref()
                    .and_then(|h| h.applied.get(&r.id))
                    .map(|a| a.applied_at.clone()),
            }
        })
        .collect())
}

/// The full picture of a database against a folder.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Status {
    /// Where the database is.
    pub current: Vec<String>,
    /// The folder's heads.
    pub heads: Vec<String>,
    /// Revisions of the folder not applied yet, in graph order.
    pub pending: Vec<String>,
    /// Applied revisions the folder does not contain.
    pub unknown: Vec<Applied>,
    /// Applied revisions whose files changed.
    pub mismatches: Vec<crate::Mismatch>,
    /// An unsettled no-transaction step.
    pub dirty: Option<Dirty>,
    /// Differences between the live schema and what its applied revisions produce;
    /// empty when they match. `None` when drift was not checked.
    pub drift: Option<Vec<String>>,
}

impl Status {
    /// True when the database is at the folder's head(s) with nothing wrong.
    pub fn is_clean(&self) -> bool {
        self.pending.is_empty()
            && self.unknown.is_empty()
            && self.mismatches.is_empty()
            && self.dirty.is_none()
            && self.drift.as_ref().is_none_or(Vec::is_empty)
    }
}

/// Reads the database's state; with `drift`, also replays its applied revisions into a
/// scratch database and compares that schema with the live one.
pub fn status(
    db: &mut dyn Database,
    dir: &MigrationDir,
    settings: &Settings,
    drift: bool,
) -> Result<Status, Error> {
    let history = History::read(&settings.history_table(), db)?;
    let state = DbState::new(dir, &history)?;
    let drift = if drift {
        let scope = settings.diff_scope();
        let expected = replayed_catalog(db, dir, state.applied.iter().copied(), &scope)?;
        let live = strata::introspect(db, &scope)?;
        let plan = strata::plan(&expected, &live, db)?;
        Some(plan.steps.iter().map(|s| s.summary.clone()).collect())
    } else {
        None
    };
    Ok(Status {
        current: state.current(dir),
        heads: dir.heads().iter().map(|r| r.id.clone()).collect(),
        pending: dir
            .revisions()
            .iter()
            .enumerate()
            .filter(|(p, _)| !state.applied.contains(p))
            .map(|(_, r)| r.id.clone())
            .collect(),
        unknown: state.unknown.clone(),
        mismatches: state.mismatches.clone(),
        dirty: history.dirty,
        drift,
    })
}

//! Relates a database's history to a migrations folder: which revisions of the folder are
//! applied, which applied revisions the folder does not know, and which files changed.
use crate::dir::MigrationDir;
use crate::error::{Error, Mismatch};
use crate::history::{Applied, History};
use std::collections::BTreeSet;

/// The database's state in terms of one migrations folder.
#[derive(Debug, Clone, Default)]
pub struct DbState {
    /// Positions (in graph order) of applied revisions of the folder.
    pub applied: BTreeSet<usize>,
    /// Baselines counted as applied because the database ran the revisions they replace.
    pub via_replaced: BTreeSet<usize>,
    /// Applied revisions the folder does not contain (nor replace), newest first.
    pub unknown: Vec<Applied>,
    /// Applied revisions whose files changed since.
    pub mismatches: Vec<Mismatch>,
}

impl DbState {
    /// Relates `history` to `dir`. A database that ran only some of the revisions a
    /// baseline replaces is an error: the baseline cannot be partly applied.
    pub fn new(dir: &MigrationDir, history: &History) -> Result<DbState, Error> {
        let mut state = DbState::default();
        for applied in history.applied_newest_first() {
            if let Some(pos) = dir.position(&applied.revision) {
                state.applied.insert(pos);
                let rev = &dir.revisions()[pos];
                if let Some(recorded) = &applied.checksum
                    && recorded != rev.checksum.as_str()
                {
                    state.mismatches.push(Mismatch {
                        revision: rev.id.clone(),
                        path: rev.path.clone(),
                        recorded: recorded.clone(),
                        actual: rev.checksum.to_string(),
                    });
                }
            } else if dir.replaced_by(&applied.revision).is_none() {
                state.unknown.push(applied.clone());
            }
        }
        for (pos, rev) in dir.revisions().iter().enumerate() {
            let Some(to) = rev.replaces.last() else {
                continue;
            };
            // Once the baseline itself has a history row, that row decides.
            if history.rows.iter().any(|r| r.revision == rev.id) {
                continue;
            }
            if history.applied.contains_key(to) {
                state.applied.insert(pos);
                state.via_replaced.insert(pos);
            } else {
                let partial: Vec<String> = rev
                    .replaces
                    .iter()
                    .filter(|id| history.applied.contains_key(*id))
                    .cloned()
                    .collect();
                if !partial.is_empty() {
                    return Err(Error::PartlySquashed {
                        baseline: rev.id.clone(),
                        to: to.clone(),
                        applied: partial,
                    });
                }
            }
        }
        state.mismatches.sort_by(|a, b| a.revision.cmp(&b.revision));
        Ok(state)
    }

    /// The applied revisions no other applied revision builds on: where the database is.
    pub fn current(&self, dir: &MigrationDir) -> Vec<String> {
        self.applied
            .iter()
            .filter(|&&p| !self.applied.iter().any(|&q| dir.parents_of(q).contains(&p)))
            .map(|&p| dir.revisions()[p].id.clone())
            .collect()
    }

    /// Refuses to go on when applied files were edited or a step is unsettled.
    pub fn ensure_clean(&self, history: &History) -> Result<(), Error> {
        if let Some(d) = &history.dirty {
            return Err(Error::Dirty {
                revision: d.revision.clone(),
                direction: d.direction,
                error: d.error.clone(),
            });
        }
        if !self.mismatches.is_empty() {
            return Err(Error::ChecksumMismatch(self.mismatches.clone()));
        }
        Ok(())
    }
}

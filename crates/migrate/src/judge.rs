//! Judging revisions before they run: a revision's findings come from replaying it on a
//! scratch database (after the revisions the target already has) and planning the
//! difference between the schema before and after it; the plan's steps carry the generic
//! and dialect hazards. Findings that need approval must be approved by `--allow`, the
//! approval file or the revision's own `-- strata:allow` lines. Revisions already applied
//! are never judged again (their downs are, when a downgrade would run them).
use crate::dir::MigrationDir;
use crate::error::Error;
use crate::history::Direction;
use crate::replay;
use crate::settings::Settings;
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::PathBuf;
use strata::{Approvals, Database, Pending, Plan, Policy};

/// One revision's findings that need an approval nobody gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unapproved {
    /// The revision id.
    pub revision: String,
    /// Its file.
    pub path: PathBuf,
    /// The direction it would run in.
    pub direction: Direction,
    /// Each unapproved finding (`step` numbers the steps of the revision's own plan).
    #[serde(skip)]
    pub pending: Vec<Pending>,
}

/// The unapproved findings of running `todo` (positions, in the order they would run) in
/// `direction`, on top of the `applied` revisions.
pub(crate) fn judge(
    host: &mut dyn Database,
    dir: &MigrationDir,
    settings: &Settings,
    applied: &BTreeSet<usize>,
    todo: &[usize],
    direction: Direction,
    approvals: &Approvals,
) -> Result<Vec<Unapproved>, Error> {
    let mut out = Vec::new();
    if Policy::default().all_approved(approvals) {
        return Ok(out);
    }
    for (pos, plan) in plans(host, dir, settings, applied, todo, direction)? {
        let rev = &dir.revisions()[pos];
        let own = approvals.with(rev.allow.iter().cloned());
        let pending = strata::approval::pending(&plan, &Policy::default(), &own);
        if !pending.is_empty() {
            out.push(Unapproved {
                revision: rev.id.clone(),
                path: rev.path.clone(),
                direction,
                pending,
            });
        }
    }
    Ok(out)
}

/// For each of `todo` that can be replayed, the plan of the schema difference it makes:
/// its steps carry the revision's findings.
pub(crate) fn plans(
    host: &mut dyn Database,
    dir: &MigrationDir,
    settings: &Settings,
    applied: &BTreeSet<usize>,
    todo: &[usize],
    direction: Direction,
) -> Result<Vec<(usize, Plan)>, Error> {
    let scope = &settings.diff_scope();
    if todo.is_empty() {
        return Ok(Vec::new());
    }
    let mut scratch = host.scratch()?;
    if replay::replay(scratch.as_mut(), dir, applied.iter().copied()).is_err() {
        return Ok(Vec::new());
    }
    let mut before = strata::introspect(scratch.as_mut(), scope)?;
    let mut out = Vec::new();
    for &pos in todo {
        // A revision that cannot run on an empty scratch database (it needs rows, roles
        // or objects only the target has) cannot be judged this way; it and the ones
        // after it go unjudged, and the run reports its failure on the target itself.
        if replay::run(scratch.as_mut(), dir, pos, direction).is_err() {
            break;
        }
        let after = strata::introspect(scratch.as_mut(), scope)?;
        out.push((pos, settings.plan(&before, &after, scratch.as_mut())?));
        before = after;
    }
    Ok(out)
}

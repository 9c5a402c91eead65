//! `squash --to REV`: replaces REV and everything it requires by one baseline revision
//! holding the schema they produce. The baseline lists the ids it replaces, so databases
//! that ran them keep working (see `DbState`), and children of REV keep their files.
use crate::autogen::render;
use crate::clock;
use crate::dir::MigrationDir;
use crate::error::Error;
use crate::file::{self, Revision};
use crate::replay::replayed_catalog;
use crate::settings::Settings;
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::PathBuf;
use strata::Database;

/// What `squash` should do.
#[derive(Debug, Clone, Default)]
pub struct SquashOptions {
    /// The last revision to replace (id or prefix).
    pub to: String,
    /// The baseline's message; `squashed baseline` when empty.
    pub message: String,
}

/// What `squash` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SquashReport {
    /// The baseline's id.
    pub baseline: String,
    /// Its file.
    pub path: PathBuf,
    /// The ids it replaces, in graph order (the `--to` revision last).
    pub replaced: Vec<String>,
    /// The files removed.
    pub removed: Vec<PathBuf>,
}

/// Replays the revisions up to `options.to` into a scratch database from `host`, writes
/// their schema as one baseline revision and removes their files.
pub fn squash(
    dir: &mut MigrationDir,
    host: &mut dyn Database,
    settings: &Settings,
    options: &SquashOptions,
) -> Result<SquashReport, Error> {
    let to = dir.resolve(&options.to)?.clone();
    let to_pos = dir.position(&to.id).unwrap_or_else(|| unreachable!());
    let set: BTreeSet<usize> = dir.ancestry(&[to_pos]);
    // Only `to` may have children outside the set: a branch leaving from the middle
    // would lose the revisions it started from.
    for (pos, rev) in dir.revisions().iter().enumerate() {
        if set.contains(&pos) {
            continue;
        }
        for &req in dir.requires_of(pos) {
            if set.contains(&req) && req != to_pos {
                return Err(Error::Usage(format!(
                    "cannot squash to {}: revision {} ({}) builds on {}, which would be squashed; squash to {} or later",
                    to.id,
                    rev.id,
                    rev.path.display(),
                    dir.revisions()[req].id,
                    rev.id
                )));
            }
        }
    }

    let scope = settings.diff_scope();
    let schema = replayed_catalog(host, dir, set.iter().copied(), &scope)?;
    // What a new database already has (PostgreSQL's `public` schema), so the baseline
    // neither creates nor drops it.
    let empty = replayed_catalog(host, dir, [], &scope)?;
    let up = strata::plan(&empty, &schema, host)?;
    let down = strata::plan(&schema, &empty, host)?;

    let message = if options.message.trim().is_empty() {
        "squashed baseline".to_string()
    } else {
        options.message.clone()
    };
    let mut baseline = Revision::new(&clock::new_id(&message), Vec::new(), &message);
    for &pos in &set {
        let rev = &dir.revisions()[pos];
        baseline.replaces.extend(rev.replaces.iter().cloned());
        baseline.replaces.push(rev.id.clone());
    }
    baseline.no_transaction = up.steps.iter().chain(&down.steps).any(|s| !s.transactional);
    baseline.up = render(&up);
    baseline.down = Some(render(&down));

    // Sort the baseline where the oldest replaced file was.
    let oldest = set
        .iter()
        .map(|&p| dir.revisions()[p].path.clone())
        .min()
        .unwrap_or_default();
    let stamp = oldest
        .file_stem()
        .and_then(|s| s.to_str())
        .and_then(|s| s.split('_').next())
        .filter(|s| !s.is_empty())
        .map_or_else(|| clock::file_stamp(clock::now()), String::from);
    let path = dir.free_name(&stamp, &message);
    let text = baseline.render();

    // Prove the new folder is valid before touching any file.
    let parsed = file::parse(&path, &text).map_err(Error::Invalid)?;
    let kept: Vec<Revision> = dir
        .revisions()
        .iter()
        .enumerate()
        .filter(|(p, _)| !set.contains(p))
        .map(|(_, r)| r.clone())
        .chain(std::iter::once(parsed))
        .collect();
    MigrationDir::from_revisions(dir.path(), kept)?;

    let removed: Vec<PathBuf> = set
        .iter()
        .map(|&p| dir.revisions()[p].path.clone())
        .collect();
    let io = |path: &PathBuf| {
        let path = path.clone();
        move |source| Error::Io { path, source }
    };
    std::fs::write(&path, &text).map_err(io(&path))?;
    for old in &removed {
        std::fs::remove_file(old).map_err(io(old))?;
    }
    *dir = MigrationDir::load(dir.path())?;
    Ok(SquashReport {
        baseline: baseline.id,
        path,
        replaced: baseline.replaces,
        removed,
    })
}

//! Replaying revisions into a scratch database, to learn the schema they produce.
use crate::dir::MigrationDir;
use crate::error::Error;
use crate::history::Direction;
use strata::{Catalog, Database, DbError, Scope};

/// Runs the up SQL of the revisions at `positions` (graph order) against `db`.
pub(crate) fn replay(
    db: &mut dyn Database,
    dir: &MigrationDir,
    positions: impl IntoIterator<Item = usize>,
) -> Result<(), Error> {
    for pos in positions {
        run(db, dir, pos, Direction::Up)?;
    }
    Ok(())
}

/// Runs one revision's up or down SQL, without touching any history table.
///
/// Unlike schema files, revisions are code and replay runs them as the target will:
/// an event trigger a revision makes fires on the later revisions here too, as it will
/// on the target. Disabling it here would let `check` and `revision` pass a chain that
/// `upgrade` then fails on.
pub(crate) fn run(
    db: &mut dyn Database,
    dir: &MigrationDir,
    pos: usize,
    direction: Direction,
) -> Result<(), Error> {
    let rev = &dir.revisions()[pos];
    let statements = rev.statements(direction);
    let failed = |e: DbError| {
        let statement = e.statement().unwrap_or_default();
        let line = statements
            .iter()
            .find(|s| s.text == statement)
            .map_or(0, |s| s.line);
        Error::Replay {
            revision: rev.id.clone(),
            path: rev.path.clone(),
            line,
            message: match &e {
                DbError::Statement { message, .. } => message.clone(),
                other => other.to_string(),
            },
        }
    };
    if rev.no_transaction {
        for s in &statements {
            db.execute(&s.text).map_err(failed)?;
        }
    } else if !statements.is_empty() {
        let texts: Vec<String> = statements.iter().map(|s| s.text.clone()).collect();
        db.execute_in_transaction(&texts).map_err(failed)?;
    }
    Ok(())
}

/// The schema the revisions at `positions` produce: replayed into a fresh scratch
/// database from `host`, then introspected within `scope`.
pub(crate) fn replayed_catalog(
    host: &mut dyn Database,
    dir: &MigrationDir,
    positions: impl IntoIterator<Item = usize>,
    scope: &Scope,
) -> Result<Catalog, Error> {
    let mut scratch = host.scratch()?;
    replay(scratch.as_mut(), dir, positions)?;
    Ok(strata::introspect(scratch.as_mut(), scope)?)
}

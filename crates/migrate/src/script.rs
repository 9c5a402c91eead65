//! `upgrade --sql`: the SQL an upgrade would run, history-table statements included, as
//! a script for someone to review or run by hand. The database is only read.
use crate::clock;
use crate::dir::MigrationDir;
use crate::error::Error;
use crate::history::{Direction, History, Kind, Row};
use crate::run::tool_version;
use crate::settings::Settings;
use crate::state::DbState;
use crate::target::{self, Target};
use strata::Database;
use strata::catalog::comment_text;
use strata::plan::Dialect;

/// The upgrade to `target` as a SQL script. With a database, starts from what its history
/// says (read only: no lock, the history table is not created) and writes its dialect;
/// without one, starts from base and writes `offline`'s.
pub fn upgrade_sql(
    db: Option<&mut dyn Database>,
    dir: &MigrationDir,
    settings: &Settings,
    target: &Target,
    offline: &dyn Dialect,
) -> Result<String, Error> {
    let table = settings.history_table();
    let (history, described, dialect) = match db {
        Some(db) => (History::read(&table, db)?, db.describe(), db.dialect()),
        None => (History::default(), "an empty database".to_string(), offline),
    };
    let state = DbState::new(dir, &history)?;
    state.ensure_clean(&history)?;
    let steps = target::upgrade_steps(dir, &state.applied, target)?;
    let current = state.current(dir);
    let mut out = format!(
        "-- strata upgrade to {target}\n-- from {} on {}\n-- {} revision(s)\n\n",
        if current.is_empty() {
            "base".to_string()
        } else {
            current.join(", ")
        },
        comment_text(&described),
        steps.len(),
    );
    // For psql and other clients: the revisions' SQL was rendered for these settings.
    for statement in dialect.preamble() {
        out.push_str(&statement);
        out.push_str(";\n");
    }
    for statement in table.create_sql(dialect) {
        out.push_str(&statement);
        out.push_str(";\n");
    }
    let who = clock::who();
    for pos in steps {
        let rev = &dir.revisions()[pos];
        let row = Row {
            id: 0,
            revision: rev.id.clone(),
            parents: rev.parents.clone(),
            direction: Direction::Up,
            kind: Kind::Run,
            transactional: !rev.no_transaction,
            success: Some(true),
            checksum: Some(rev.checksum.to_string()),
            message: rev.message.clone(),
            started_at: String::new(),
            finished_at: None,
            duration_ms: None,
            applied_by: who.clone(),
            tool_version: tool_version(),
            down_sql: rev.down.clone(),
            error: None,
        };
        out.push_str(&format!(
            "\n-- {}: {} ({})\n",
            rev.id,
            comment_text(&rev.message),
            comment_text(&rev.path.display().to_string())
        ));
        if rev.no_transaction {
            out.push_str("-- runs without a transaction\n");
        } else {
            out.push_str("BEGIN;\n");
        }
        for s in rev.statements(Direction::Up) {
            out.push_str(&s.text);
            out.push_str(";\n");
        }
        out.push_str(&table.script_insert_sql(&row, dialect));
        out.push_str(";\n");
        if !rev.no_transaction {
            out.push_str("COMMIT;\n");
        }
    }
    Ok(out)
}

//! Settings shared by every command that touches a database.
use crate::history::HistoryTable;
use std::time::Duration;
use strata::{LoadRules, Scope};

/// The default history table.
pub const DEFAULT_TABLE: &str = "strata_history";

/// How commands find and guard the history table.
#[derive(Debug, Clone)]
pub struct Settings {
    /// History table name, optionally schema-qualified.
    pub table: String,
    /// Take the migration lock (turn off only behind poolers that break session locks).
    pub lock: bool,
    /// How long to wait for another runner's lock.
    pub lock_timeout: Duration,
    /// What schema comparisons (drift, check, autogenerate) look at. The history table is
    /// always left out.
    pub scope: Scope,
    /// What schema files may contain beyond the defaults (extensions, languages).
    pub load: LoadRules,
    /// How long one statement of a revision may run (PostgreSQL's `statement_timeout`);
    /// concurrent index builds, validations and VACUUM are left out, as they take as long
    /// as the table needs without blocking anyone. `None` is no limit.
    pub statement_timeout: Option<Duration>,
    /// Judge revisions for this PostgreSQL version instead of the replaying server's.
    pub pg_version: Option<strata::PgVersion>,
    /// When a table counts as large: revisions that rewrite or lock one while they scan
    /// it need approval.
    pub threshold: strata::OnlineThreshold,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            table: DEFAULT_TABLE.to_string(),
            lock: true,
            lock_timeout: Duration::from_secs(60),
            scope: Scope::default(),
            load: LoadRules::default(),
            statement_timeout: None,
            pg_version: None,
            threshold: strata::OnlineThreshold::default(),
        }
    }
}

impl Settings {
    /// The history table.
    pub fn history_table(&self) -> HistoryTable {
        HistoryTable::new(&self.table)
    }

    /// The lock key: one lock per history table, so two projects sharing a database with
    /// different tables do not block each other. The engine scopes it to the database.
    pub fn lock_key(&self) -> String {
        strata::runner_lock_key(&self.table)
    }

    /// The plan of the difference `from` → `to`, judged for [`Settings::pg_version`]
    /// when given (else for `db`'s server).
    pub fn plan(
        &self,
        from: &strata::Catalog,
        to: &strata::Catalog,
        db: &mut dyn strata::Database,
    ) -> Result<strata::Plan, strata::Error> {
        let settings = strata::PlanSettings {
            mode: strata::Mode::Simple,
            pg_version: self.pg_version,
            ..strata::PlanSettings::default()
        };
        Ok(strata::plan_with(from, to, db, &settings)?.0)
    }

    /// The scope for comparing schemas, without the history table.
    pub fn diff_scope(&self) -> Scope {
        let mut scope = self.scope.clone();
        let table = self.history_table();
        scope.exclude.push(table.table_name().to_string());
        scope
    }
}

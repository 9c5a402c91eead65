//! Picks the database engine for a URL. The only place that knows the URL schemes.
use crate::Error;
use strata_execute::Database;
use strata_plan::Dialect;

pub use strata_postgres::{
    BadVersion, CleanAction, CleanOptions, Cleaned, FoundScratch, Owner, PgVersion, ScratchOrigin,
    StaleNote,
};

/// The supported databases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// PostgreSQL (`postgres://`, `postgresql://`).
    Postgres,
    /// SQLite (`sqlite:path`, `sqlite::memory:`).
    Sqlite,
}

impl Engine {
    /// The engine a URL names, if any.
    pub fn of_url(url: &str) -> Option<Engine> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Engine::Postgres)
        } else if url.starts_with("sqlite:") {
            Some(Engine::Sqlite)
        } else {
            None
        }
    }
}

/// How a kind of database renders SQL, without a connection (for offline scripts).
pub fn dialect(engine: Engine) -> &'static dyn Dialect {
    static POSTGRES: strata_postgres::PostgresDialect = strata_postgres::PostgresDialect;
    static SQLITE: strata_sqlite::SqliteDialect = strata_sqlite::SqliteDialect;
    match engine {
        Engine::Postgres => &POSTGRES,
        Engine::Sqlite => &SQLITE,
    }
}

/// How a kind of database renders SQL and judges steps for a server of `pg_version`
/// (PostgreSQL only; `None` assumes the oldest supported release, and SQLite has no
/// version-dependent findings). For plans without a connection (`--pg-version`) and
/// for linting.
pub fn dialect_for(engine: Engine, pg_version: Option<PgVersion>) -> Box<dyn Dialect> {
    match engine {
        Engine::Postgres => Box::new(strata_postgres::PostgresDialect::for_version(
            pg_version.unwrap_or_default(),
        )),
        Engine::Sqlite => Box::new(strata_sqlite::SqliteDialect),
    }
}

impl Engine {
    /// Every supported database.
    pub const ALL: [Engine; 2] = [Engine::Postgres, Engine::Sqlite];
}

/// Every hazard rule strata can report, once each in code order, with the databases that
/// report it (the generic `S…` rules are reported on all of them).
pub fn all_rules() -> Vec<(&'static strata_plan::Rule, Vec<Engine>)> {
    let mut rules: Vec<(&'static strata_plan::Rule, Vec<Engine>)> = Vec::new();
    for engine in Engine::ALL {
        for rule in strata_plan::rules::all(dialect(engine)) {
            match rules.iter_mut().find(|(r, _)| r.code == rule.code) {
                Some((_, engines)) => engines.push(engine),
                None => rules.push((rule, vec![engine])),
            }
        }
    }
    rules.sort_by_key(|(r, _)| rule_order(r.code));
    rules
}

/// `S002` < `S010` < `PG001` < `SQLITE001`: generic rules first, then by dialect and number.
fn rule_order(code: &str) -> (u8, String, u32) {
    let digits = code.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let prefix = &code[..code.len() - digits.len()];
    let group = match prefix {
        "S" => 0,
        "PG" => 1,
        _ => 2,
    };
    (
        group,
        prefix.to_string(),
        digits.parse().unwrap_or(u32::MAX),
    )
}

/// True when `arg` looks like a database URL rather than a path.
pub fn is_database_url(arg: &str) -> bool {
    Engine::of_url(arg).is_some()
}

/// Connects to a database. `dev_url`, when given, names an empty database of the same
/// kind used to load desired schemas instead of a temporary database on the target.
pub fn connect(url: &str, dev_url: Option<&str>) -> Result<Box<dyn Database>, Error> {
    match Engine::of_url(url) {
        Some(Engine::Postgres) => {
            let mut db = strata_postgres::connect(url)?;
            if let Some(dev) = dev_url {
                db = db.with_dev_url(dev)?;
            }
            Ok(Box::new(db))
        }
        // SQLite's scratch database is in memory; a dev URL adds nothing.
        Some(Engine::Sqlite) => Ok(Box::new(strata_sqlite::connect(url)?)),
        None => Err(Error::UnsupportedUrl(redact(url))),
    }
}

/// The file a SQLite URL names, when it does not exist (`None` for other URLs, in-memory
/// databases and files that exist).
pub fn missing_sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    match strata_sqlite::parse_url(url) {
        Ok(strata_sqlite::Location::File { path, .. }) if !path.exists() => Some(path),
        _ => None,
    }
}

/// [`connect`] for commands that only read the database: a SQLite file is opened
/// read-only and must exist, so a mistyped path is an error instead of a new, empty
/// database. PostgreSQL connects as usual (a missing database is an error already).
pub fn connect_read_only(url: &str, dev_url: Option<&str>) -> Result<Box<dyn Database>, Error> {
    match Engine::of_url(url) {
        Some(Engine::Sqlite) => Ok(Box::new(strata_sqlite::connect_read_only(url)?)),
        _ => connect(url, dev_url),
    }
}

/// Removes every scratch database this process still has, and refuses new ones: for a
/// signal handler that ends the process.
pub fn cleanup_scratch() {
    let _ = strata_postgres::close_scratch_databases();
}

/// Lists the strata scratch databases on the server `url` points at and drops those left
/// behind: owner gone, or nobody using them (all but this process's own with `force`),
/// unless `dry_run`. SQLite keeps its scratch databases in memory, so there is nothing
/// to list.
pub fn clean_scratch_databases(url: &str, options: CleanOptions) -> Result<Vec<Cleaned>, Error> {
    match Engine::of_url(url) {
        Some(Engine::Postgres) => Ok(strata_postgres::clean_scratch_databases(url, options)?),
        Some(Engine::Sqlite) => Ok(Vec::new()),
        None => Err(Error::UnsupportedUrl(redact(url))),
    }
}

/// What the automatic drops of leftover scratch databases (before each new one) did since
/// the last call; each database is mentioned once per process.
pub fn take_scratch_notes() -> Vec<StaleNote> {
    strata_postgres::take_stale_notes()
}

/// A URL safe to print: any password removed.
pub fn redact(url: &str) -> String {
    match Engine::of_url(url) {
        Some(Engine::Sqlite) => url.to_string(),
        // Unknown schemes may still carry `user:password@`.
        _ => strata_postgres::redact(url),
    }
}

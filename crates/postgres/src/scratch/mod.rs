//! Scratch databases: empty databases that schema files are loaded into, to read back
//! what they mean.
//!
//! Two ways to get one:
//! - `CREATE DATABASE strata_scratch_<host>_<pid>_<created>_<random> TEMPLATE template0`
//!   on the target's server, with the target's encoding and locale, dropped (`WITH (FORCE)`)
//!   when the value is dropped. Every live one is also in a process-wide registry, so
//!   [`close_scratch_databases`] can remove them from a signal handler.
//! - With a dev database (for roles without CREATEDB): a transaction in that database,
//!   which must be empty, rolled back when the value is dropped.
use crate::connect;
use crate::database::{PgDatabase, ScratchSource, Session};
use crate::introspect::{Reader, get, read_catalog};
use crate::render::literal;
use crate::url::{ConnInfo, redact};
use postgres::Client;
use postgres::error::SqlState;
use registry::CreateError;
use strata_catalog::{Catalog, Kind, ObjectId};
use strata_execute::DbError;
use strata_sqltext::quote_ident;

mod leftovers;
mod name;
mod process;
mod registry;

pub use leftovers::{
    CleanAction, CleanOptions, Cleaned, FoundScratch, IDLE_LIMIT, NEW_GRACE, Owner, StaleNote,
    clean_scratch_databases, take_stale_notes,
};
pub use name::{SCRATCH_PREFIX, ScratchOrigin, host_label, parse_scratch_name, scratch_name_for};
pub use registry::{close_scratch_databases, drop_scratch_databases, live_scratch_databases};

/// A scratch database owned by a [`PgDatabase`]; dropping it drops the database.
pub(crate) struct ScratchDatabase {
    name: String,
    admin: Client,
}

impl ScratchDatabase {
    pub(crate) fn name(&self) -> &str {
        &self.name
    }
}

impl Drop for ScratchDatabase {
    fn drop(&mut self) {
        // Best effort: Drop cannot report, and a leftover is named so that a later run can
        // tell its owner is gone and drop it.
        let _ = self.admin.batch_execute(&drop_sql(&self.name));
        registry::unregister(&self.name);
    }
}

pub(crate) fn drop_sql(name: &str) -> String {
    format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", quote_ident(name))
}

/// Creates a scratch database next to `origin`'s database.
pub(crate) fn create(origin: &mut PgDatabase) -> Result<PgDatabase, DbError> {
    let info = origin.conn_info().clone();
    let target = info.display_url();
    let scratch_error = |message: String| DbError::Scratch {
        target: target.clone(),
        message,
    };
    let create = create_sql(origin.client(), &name::scratch_name())?;
    let mut admin = connect::open(&info, &target)?;
    leftovers::drop_stale(&mut admin);
    registry::create_registered(&mut admin, &create.sql, &create.name, &info).map_err(
        |e| match e {
            CreateError::Closed => scratch_error("strata is being interrupted".to_string()),
            CreateError::Server(e) => scratch_error(create_failure(&info, &e)),
        },
    )?;
    let guard = ScratchDatabase {
        name: create.name.clone(),
        admin,
    };
    let scratch_info = info.with_dbname(&create.name);
    let description = scratch_info.display_url();
    // If this fails, `guard` drops the new database on the way out.
    let client = connect::open(&scratch_info, &description)?;
    Ok(PgDatabase::new(
        client,
        scratch_info,
        description,
        Session::Scratch(Box::new(guard)),
    ))
}

struct CreateDatabase {
    name: String,
    sql: String,
}

/// `CREATE DATABASE` with the origin's encoding and locale, so collation-dependent
/// output reads the same in both. `to_jsonb` reads the PostgreSQL 15 locale-provider
/// columns without failing on older servers that lack them.
fn create_sql(origin: &mut Client, name: &str) -> Result<CreateDatabase, DbError> {
    let sql = "SELECT pg_catalog.pg_encoding_to_char(d.encoding)::text AS encoding,
                      d.datcollate::text AS collate, d.datctype::text AS ctype,
                      pg_catalog.to_jsonb(d) ->> 'datlocprovider' AS provider,
                      pg_catalog.to_jsonb(d) ->> 'daticulocale' AS icu_locale
               FROM pg_catalog.pg_database d
               WHERE d.datname = pg_catalog.current_database()";
    let row = origin
        .query_one(sql, &[])
        .map_err(|e| crate::error::statement_error(sql, &e))?;
    let encoding: String = get(&row, "encoding")?;
    let collate: String = get(&row, "collate")?;
    let ctype: String = get(&row, "ctype")?;
    let mut create = format!(
        "CREATE DATABASE {} TEMPLATE template0 ENCODING {} LC_COLLATE {} LC_CTYPE {}",
        quote_ident(name),
        literal(&encoding),
        literal(&collate),
        literal(&ctype),
    );
    let provider: Option<String> = get(&row, "provider")?;
    let icu_locale: Option<String> = get(&row, "icu_locale")?;
    if let (Some("i"), Some(icu)) = (provider.as_deref(), icu_locale) {
        create.push_str(&format!(
            " LOCALE_PROVIDER icu ICU_LOCALE {}",
            literal(&icu)
        ));
    }
    Ok(CreateDatabase {
        name: name.to_string(),
        sql: create,
    })
}

fn create_failure(info: &ConnInfo, err: &postgres::Error) -> String {
    match err.as_db_error() {
        Some(db) if *db.code() == SqlState::INSUFFICIENT_PRIVILEGE => format!(
            "{} (role \"{}\" lacks CREATEDB). Strata loads the desired schema into a \
             throwaway database; grant CREATEDB to the role, or pass --dev-url with an empty \
             database strata may use (it loads inside a transaction and rolls it back)",
            db.message(),
            info.user
        ),
        Some(db) => format!("{} (SQLSTATE {})", db.message(), db.code().code()),
        None => err.to_string(),
    }
}

/// Opens a dev database connection inside a transaction that is rolled back on drop.
pub(crate) fn dev_transaction(dev: &ConnInfo) -> Result<PgDatabase, DbError> {
    let description = dev.display_url();
    let mut client = connect::open(dev, &description)?;
    ensure_empty(&mut client, &description)?;
    client
        .batch_execute("BEGIN")
        .map_err(|e| crate::error::statement_error("BEGIN", &e))?;
    let mut db = PgDatabase::new(client, dev.clone(), description, Session::DevTransaction);
    db.set_scratch_source(ScratchSource::DevDatabase(Box::new(dev.clone())));
    Ok(db)
}

/// Connects to a dev database: a database strata may load schemas into, inside a
/// transaction it rolls back. It must hold no user objects. `scratch()` on the result
/// opens a new connection to it in such a transaction.
pub fn connect_dev(url: &str) -> Result<PgDatabase, DbError> {
    PgDatabase::connect(url)?.with_dev_url(url)
}

/// Fails unless the database behind `client` has no user objects. Only `public` may exist
/// (with any comment and its default privileges).
pub(crate) fn ensure_empty(client: &mut Client, target: &str) -> Result<(), DbError> {
    let catalog = read_in_snapshot(client)?;
    let found = user_objects(&catalog);
    if found.is_empty() {
        return Ok(());
    }
    let shown: Vec<&str> = found.iter().take(5).map(String::as_str).collect();
    let more = found.len().saturating_sub(shown.len());
    Err(DbError::Scratch {
        target: redact(target),
        message: format!(
            "the dev database must be empty, but it has {}{}; point --dev-url at an empty \
             database (strata loads into it inside a transaction and rolls back)",
            shown.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ),
    })
}

fn read_in_snapshot(client: &mut Client) -> Result<Catalog, DbError> {
    let mut reader = Reader::new(client);
    reader.run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")?;
    let result = reader
        .run("SET LOCAL search_path = ''")
        .and_then(|()| read_catalog(&mut reader));
    let _ = reader.run("ROLLBACK");
    result
}

/// Everything a user made, by kind (the parts of a table go with it). An event trigger
/// there would fire on every statement loaded into the transaction.
fn user_objects(catalog: &Catalog) -> Vec<String> {
    let public = ObjectId::Schema("public".into());
    Kind::ALL
        .into_iter()
        .filter(|k| !k.is_part())
        .flat_map(|k| catalog.ids(k))
        .filter(|id| *id != public)
        .map(|id| id.to_string())
        .collect()
}

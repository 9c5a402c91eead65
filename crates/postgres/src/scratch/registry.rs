//! The process-wide list of scratch databases this process created and has not dropped,
//! so a signal handler can drop them while other threads are mid-load.
use crate::connect;
use crate::url::ConnInfo;
use postgres::Client;
use std::sync::{Mutex, MutexGuard};
use strata_execute::DbError;

struct Registry {
    live: Vec<(String, ConnInfo)>,
    /// Set by [`close_scratch_databases`]: the process is ending, so no new scratch
    /// database may be created (nothing would drop it).
    closed: bool,
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
    live: Vec::new(),
    closed: false,
});

fn registry() -> MutexGuard<'static, Registry> {
    // A panic while holding the lock leaves the list itself intact.
    REGISTRY.lock().unwrap_or_else(|e| e.into_inner())
}

/// Why a scratch database could not be registered.
pub(crate) enum CreateError {
    /// [`close_scratch_databases`] already ran: the process is being interrupted.
    Closed,
    /// `CREATE DATABASE` failed.
    Server(postgres::Error),
}

/// Runs `create_sql` on `admin` and registers `name`, holding the registry lock
/// throughout: a signal handler calling [`close_scratch_databases`] either waits and sees
/// the new database, or has already closed the registry and nothing is created.
pub(crate) fn create_registered(
    admin: &mut Client,
    create_sql: &str,
    name: &str,
    info: &ConnInfo,
) -> Result<(), CreateError> {
    let mut registry = registry();
    if registry.closed {
        return Err(CreateError::Closed);
    }
    admin
        .batch_execute(create_sql)
        .map_err(CreateError::Server)?;
    registry.live.push((name.to_string(), info.clone()));
    Ok(())
}

pub(crate) fn unregister(name: &str) {
    registry().live.retain(|(n, _)| n != name);
}

/// Drops every scratch database this process still has. It opens its own connections,
/// so it works while other threads are mid-load. Tries them all and returns the first
/// error.
pub fn drop_scratch_databases() -> Result<(), DbError> {
    drop_live(false)
}

/// [`drop_scratch_databases`], for a signal handler that ends the process: afterwards no
/// new scratch database can be created, so one created by a thread mid-load cannot
/// outlive the process.
pub fn close_scratch_databases() -> Result<(), DbError> {
    drop_live(true)
}

fn drop_live(close: bool) -> Result<(), DbError> {
    let live = {
        let mut registry = registry();
        registry.closed |= close;
        std::mem::take(&mut registry.live)
    };
    let mut first_error = None;
    for (name, info) in live {
        if let Err(e) = drop_on(&info, &name) {
            first_error.get_or_insert(e);
        }
    }
    first_error.map_or(Ok(()), Err)
}

fn drop_on(info: &ConnInfo, name: &str) -> Result<(), DbError> {
    let sql = super::drop_sql(name);
    let mut client = connect::open(info, &info.display_url())?;
    client
        .batch_execute(&sql)
        .map_err(|e| crate::error::statement_error(&sql, &e))
}

/// The names of the scratch databases this process has open (for tests and messages).
pub fn live_scratch_databases() -> Vec<String> {
    registry()
        .live
        .iter()
        .map(|(name, _)| name.clone())
        .collect()
}

//! Dropping scratch databases: every live one of this process (`drop_scratch_databases`,
//! the signal path) and the leftovers of other runs (before each new scratch database,
//! and on request). Its own test binary: it drops every scratch database of the process,
//! which would pull the rug from under parallel tests. Within it, tests take [`serial`]
//! for the same reason.
use std::sync::{Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};
use strata_execute::Database;
use strata_postgres::{
    CleanAction, CleanOptions, Owner, PgDatabase, StaleNote, clean_scratch_databases,
    drop_scratch_databases, host_label, live_scratch_databases, scratch_name_for, take_stale_notes,
};
use strata_testkit::{TestDb, connect, database_exists, pg_url, with_dbname};

fn serial() -> MutexGuard<'static, ()> {
    static SERIAL: Mutex<()> = Mutex::new(());
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// A pid no process has: a child that has exited and been waited for.
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

/// Databases named like scratch databases of other runs, dropped at the end even when
/// the test fails.
struct Leftovers(Vec<String>);

impl Leftovers {
    fn create(&mut self, host: &str, pid: u32, created: u64) -> String {
        let name = scratch_name_for(host, pid, created);
        connect(&pg_url())
            .batch_execute(&format!("CREATE DATABASE \"{name}\" TEMPLATE template0"))
            .unwrap();
        self.0.push(name.clone());
        name
    }
}

impl Drop for Leftovers {
    fn drop(&mut self) {
        let mut admin = connect(&pg_url());
        for name in &self.0 {
            let _ =
                admin.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
        }
    }
}

/// A host label no other test uses, so parallel runs cannot judge these leftovers the
/// same way by accident.
fn other_host() -> String {
    format!("elsewhere_{}", std::process::id())
}

#[test]
fn drop_scratch_databases_removes_every_live_one() {
    let _serial = serial();
    let target = TestDb::new();
    let mut conn = PgDatabase::connect(target.url()).unwrap();
    let first = conn.scratch().unwrap();
    let mut second = conn.scratch().unwrap();
    second.execute("CREATE TABLE busy (id int)").unwrap();
    let names = live_scratch_databases();
    assert_eq!(names.len(), 2);

    drop_scratch_databases().unwrap();

    assert!(live_scratch_databases().is_empty());
    for name in &names {
        assert!(!database_exists(name), "{name} should be gone");
    }
    // Dropping the values afterwards is harmless.
    drop(first);
    drop(second);
}

#[test]
fn a_new_scratch_database_drops_leftovers_whose_owner_is_gone() {
    let _serial = serial();
    let target = TestDb::new();
    let mut leftovers = Leftovers(Vec::new());
    let here = host_label();
    let dead = leftovers.create(&here, dead_pid(), now() - 60);
    let live = leftovers.create(&here, std::process::id(), now() - 60);
    let old = leftovers.create(&other_host(), 4242, now() - 2 * 3600);
    let young = leftovers.create(&other_host(), 4242, now() - 60);
    // A backend still connected (a killed run's statement still running) does not save
    // a leftover whose owner is gone.
    let _still_connected = connect(&with_dbname(&pg_url(), &dead));

    let mut conn = PgDatabase::connect(target.url()).unwrap();
    let scratch = conn.scratch().unwrap();

    assert!(!database_exists(&dead), "the dead pid's {dead} is dropped");
    assert!(
        !database_exists(&old),
        "the unused 2-hour-old {old} is dropped"
    );
    assert!(database_exists(&live), "the running pid's {live} is kept");
    assert!(database_exists(&young), "the 1-minute-old {young} is kept");
    let mut dropped: Vec<String> = take_stale_notes()
        .into_iter()
        .filter_map(|note| match note {
            StaleNote::Dropped(found) => Some(found.name),
            _ => None,
        })
        .filter(|name| leftovers.0.contains(name))
        .collect();
    dropped.sort();
    let mut expected = [dead, old];
    expected.sort();
    assert_eq!(dropped, expected, "each drop is noted once");
    drop(scratch);
}

#[test]
fn clean_scratch_databases_lists_then_drops_the_unused() {
    let _serial = serial();
    let target = TestDb::new();
    let mut leftovers = Leftovers(Vec::new());
    let idle = leftovers.create(&other_host(), 4242, now() - 10 * 60);
    let busy = leftovers.create(&other_host(), 4243, now() - 10 * 60);
    let _connected = connect(&with_dbname(&pg_url(), &busy));
    let mut conn = PgDatabase::connect(target.url()).unwrap();
    let own = conn.scratch().unwrap();
    let own_name = live_scratch_databases().pop().unwrap();

    let action = |options: CleanOptions, name: &str| {
        let cleaned = clean_scratch_databases(target.url(), options).unwrap();
        let found = cleaned
            .into_iter()
            .find(|c| c.scratch.name == name)
            .unwrap_or_else(|| panic!("{name} is listed"));
        (found.scratch.owner, found.scratch.connected, found.action)
    };
    let dry_run = CleanOptions {
        dry_run: true,
        force: false,
    };
    assert!(matches!(
        action(dry_run, &idle),
        (Owner::Unknown, false, CleanAction::WouldDrop)
    ));
    assert!(database_exists(&idle), "--dry-run drops nothing");
    assert!(matches!(
        action(dry_run, &busy),
        (Owner::Unknown, true, CleanAction::KeptInUse)
    ));
    let forced = CleanOptions {
        dry_run: true,
        force: true,
    };
    assert!(matches!(
        action(forced, &busy),
        (_, _, CleanAction::WouldDrop)
    ));
    assert!(matches!(
        action(forced, &own_name),
        (Owner::ThisProcess, true, CleanAction::KeptOwn)
    ));

    assert!(matches!(
        action(CleanOptions::default(), &idle),
        (_, _, CleanAction::Dropped)
    ));
    assert!(!database_exists(&idle));
    assert!(database_exists(&busy), "in use and not forced: kept");
    drop(own);
}

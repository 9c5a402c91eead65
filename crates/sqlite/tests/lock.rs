//! The migration lock: a write transaction per locked run, savepoints inside it.
mod common;

use common::{column, file_db};
use std::path::Path;
use std::time::Duration;
use strata_execute::{ApplyOptions, Database};
use strata_plan::{Plan, Step};
use strata_sqlite::SqliteDatabase;

const KEY: &str = "strata";

fn open(dir: &Path) -> SqliteDatabase {
    file_db(dir, "locked.db")
}

#[test]
fn a_second_connection_waits_then_gives_up() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = open(dir.path());
    let mut second = open(dir.path());
    first.acquire_lock(KEY, Duration::from_secs(1)).unwrap();
    assert!(first.is_locked());
    assert!(first.acquire_lock(KEY, Duration::from_secs(1)).is_err());
    let err = second
        .acquire_lock(KEY, Duration::from_millis(200))
        .unwrap_err();
    assert!(
        err.to_string().contains("is locked by another connection"),
        "{err}"
    );
    assert!(!second.is_locked());
    first.release_lock(KEY).unwrap();
    second.acquire_lock(KEY, Duration::from_secs(1)).unwrap();
    second.release_lock(KEY).unwrap();
    // Releasing twice is harmless.
    second.release_lock(KEY).unwrap();
}

#[test]
fn work_under_the_lock_uses_savepoints_and_commits_on_release() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = open(dir.path());
    db.execute("CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (p_id REFERENCES p (id))")
        .unwrap();
    db.acquire_lock(KEY, Duration::from_secs(1)).unwrap();
    db.execute_in_transaction(&["INSERT INTO p VALUES (1)".into()])
        .unwrap();
    // A failing batch is undone alone; the earlier one stays.
    let err = db
        .execute_in_transaction(&["INSERT INTO p VALUES (2)".into(), "BROKEN".into()])
        .unwrap_err();
    assert_eq!(err.statement(), Some("BROKEN"));
    // Foreign keys are off during the locked run but checked before each batch ends.
    let err = db
        .execute_in_transaction(&["INSERT INTO c VALUES (99)".into()])
        .unwrap_err();
    assert!(
        err.to_string().contains("foreign key check failed"),
        "{err}"
    );
    let plan = Plan {
        steps: vec![Step {
            summary: "insert".into(),
            reason: None,
            statements: vec!["INSERT INTO c VALUES (1)".into()],
            hazards: Vec::new(),
            transactional: true,
            own_transaction: false,
            replaces_invalid_index: None,
            op: None,
            locks: Vec::new(),
            effort: None,
        }],
        preamble: Vec::new(),
        server_version: None,
    };
    db.apply(&plan, &ApplyOptions::default()).unwrap();

    // Nothing is visible to another connection before release.
    let mut other = open(dir.path());
    assert_eq!(column(&mut other, "SELECT count(*) FROM p"), vec!["0"]);
    db.release_lock(KEY).unwrap();
    assert_eq!(column(&mut other, "SELECT id FROM p"), vec!["1"]);
    assert_eq!(column(&mut other, "SELECT p_id FROM c"), vec!["1"]);
    assert_eq!(column(&mut db, "PRAGMA foreign_keys"), vec!["1"]);
}

#[test]
fn dropping_a_locked_connection_rolls_the_run_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = open(dir.path());
    db.execute("CREATE TABLE t (a)").unwrap();
    db.acquire_lock(KEY, Duration::from_secs(1)).unwrap();
    db.execute("INSERT INTO t VALUES (1)").unwrap();
    drop(db);
    let mut again = open(dir.path());
    assert_eq!(column(&mut again, "SELECT count(*) FROM t"), vec!["0"]);
}

/// What a migration runner does: lock, read history, apply what is missing, record it.
fn run_migrations(dir: &Path) -> usize {
    let mut db = open(dir);
    db.acquire_lock(KEY, Duration::from_secs(30)).unwrap();
    db.execute("CREATE TABLE IF NOT EXISTS history (revision TEXT PRIMARY KEY)")
        .unwrap();
    let mut applied = 0;
    for revision in ["001", "002", "003"] {
        let done = column(
            &mut db,
            &format!("SELECT count(*) FROM history WHERE revision = '{revision}'"),
        );
        if done == vec!["1"] {
            continue;
        }
        db.execute_in_transaction(&[
            format!("CREATE TABLE t{revision} (id INTEGER PRIMARY KEY)"),
            format!("INSERT INTO history VALUES ('{revision}')"),
        ])
        .unwrap();
        applied += 1;
    }
    db.release_lock(KEY).unwrap();
    applied
}

#[test]
fn eight_racing_runners_apply_each_revision_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let runners: Vec<_> = (0..8)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || run_migrations(&path))
        })
        .collect();
    let applied: usize = runners.into_iter().map(|r| r.join().unwrap()).sum();
    assert_eq!(applied, 3);
    let mut db = open(dir.path());
    assert_eq!(
        column(&mut db, "SELECT revision FROM history ORDER BY 1"),
        vec!["001", "002", "003"]
    );
}

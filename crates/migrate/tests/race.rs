//! Eight real processes race `upgrade head` against one database; every revision must be
//! applied exactly once. The test binary is its own helper: started with
//! `STRATA_RACE_URL` set, it runs one upgrade and prints the revisions it applied.
mod common;

use common::{Project, Target, scalar};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use strata_migrate::{HistoryTable, MigrationDir, Settings, UpgradeOptions, upgrade};

const RUNNERS: usize = 8;
const REVISIONS: usize = 20;

fn main() {
    if let Ok(url) = std::env::var("STRATA_RACE_URL") {
        child(&url);
        return;
    }
    let mut passed = 0;
    for (name, target) in [
        ("sqlite", Target::sqlite as fn() -> Target),
        ("postgres", Target::postgres),
    ] {
        print!("test eight_processes_apply_every_revision_once_{name} ... ");
        race(target(), true);
        println!("ok");
        // With the lock turned off (poolers), the history ids alone still keep two
        // runners from applying the same revision.
        print!("test eight_processes_without_the_lock_still_apply_each_revision_once_{name} ... ");
        race(target(), false);
        println!("ok");
        passed += 2;
    }
    println!("\ntest result: ok. {passed} passed; 0 failed; 0 ignored; 0 measured; 0 filtered out");
}

/// One runner: wait for the start signal, upgrade, print applied ids one per line.
fn child(url: &str) {
    let dir = std::env::var("STRATA_RACE_DIR").unwrap();
    let go = Path::new(&dir).join("../go");
    let deadline = Instant::now() + Duration::from_secs(30);
    while !go.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    let mut db = common::open(url);
    let dir = MigrationDir::load(Path::new(&dir)).unwrap();
    let settings = Settings {
        lock_timeout: Duration::from_secs(120),
        lock: std::env::var("STRATA_RACE_NO_LOCK").is_err(),
        ..Settings::default()
    };
    match upgrade(db.as_mut(), &dir, &settings, &UpgradeOptions::default()) {
        Ok(report) => {
            for s in report.steps {
                println!("{}", s.revision);
            }
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}

fn race(target: Target, lock: bool) {
    let p = Project::new();
    p.revision(
        "000",
        "r000",
        &[],
        "CREATE TABLE runs (revision TEXT NOT NULL);",
        Some("DROP TABLE runs;"),
    );
    for i in 1..REVISIONS {
        let id = format!("r{i:03}");
        let parent = format!("r{:03}", i - 1);
        p.revision(
            &format!("{i:03}"),
            &id,
            &[&parent],
            &format!("CREATE TABLE t{i} (id INTEGER);\nINSERT INTO runs VALUES ('{id}');"),
            Some(&format!("DROP TABLE t{i};")),
        );
    }
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..RUNNERS)
        .map(|_| {
            let mut command = Command::new(&exe);
            if !lock {
                command.env("STRATA_RACE_NO_LOCK", "1");
            }
            command
                .env("STRATA_RACE_URL", &target.url)
                .env("STRATA_RACE_DIR", p.migrations())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    std::fs::write(p.root().join("go"), "").unwrap();
    let mut applied: Vec<String> = Vec::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}: a runner failed: {}",
            target.kind,
            String::from_utf8_lossy(&out.stderr)
        );
        applied.extend(
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .map(String::from),
        );
    }
    applied.sort();
    let expected: Vec<String> = (0..REVISIONS).map(|i| format!("r{i:03}")).collect();
    assert_eq!(
        applied, expected,
        "{}: each revision applied by exactly one runner",
        target.kind
    );

    let mut db = target.open();
    assert_eq!(
        scalar(db.as_mut(), "SELECT COUNT(*) FROM runs").as_deref(),
        Some(&*(REVISIONS - 1).to_string()),
        "{}: each revision's SQL ran once",
        target.kind
    );
    let rows = HistoryTable::new("strata_history")
        .read(db.as_mut())
        .unwrap();
    assert_eq!(
        rows.len(),
        REVISIONS,
        "{}: one history row per revision: {rows:?}",
        target.kind
    );
    assert!(rows.iter().all(|r| r.success == Some(true)));
}

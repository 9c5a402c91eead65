//! Applying 1,000 small pending revisions, each creating a table, on a fresh database.
//! `cargo bench -p strata-migrate --bench apply_many`
use std::path::Path;
use strata::Database;
use strata_migrate::{MigrationDir, Revision, Settings, UpgradeOptions, upgrade};
use strata_testkit::TestDb;

const REVISIONS: usize = 1000;

fn main() {
    divan::main();
}

/// A folder of `REVISIONS` linear revisions.
fn folder(root: &Path) -> MigrationDir {
    let dir = root.join("migrations");
    std::fs::create_dir_all(&dir).unwrap();
    let mut parent: Option<String> = None;
    for i in 0..REVISIONS {
        let id = format!("r{i:05}");
        let mut r = Revision::new(&id, parent.iter().cloned().collect(), &format!("table {i}"));
        r.up = format!("CREATE TABLE t{i} (id INTEGER PRIMARY KEY, name TEXT NOT NULL);");
        r.down = Some(format!("DROP TABLE t{i};"));
        std::fs::write(dir.join(format!("{i:05}_t{i}.sql")), r.render()).unwrap();
        parent = Some(id);
    }
    MigrationDir::load(&dir).unwrap()
}

fn apply_all(db: &mut dyn Database, dir: &MigrationDir) {
    let report = upgrade(db, dir, &Settings::default(), &UpgradeOptions::default()).unwrap();
    assert_eq!(report.steps.len(), REVISIONS);
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn sqlite_file(bencher: divan::Bencher) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = folder(tmp.path());
    let mut n = 0;
    bencher
        .with_inputs(|| {
            n += 1;
            let url = format!(
                "sqlite:{}",
                tmp.path().join(format!("bench{n}.db")).display()
            );
            strata::connect(&url, None).unwrap()
        })
        .bench_local_values(|mut db| apply_all(db.as_mut(), &dir));
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn postgres(bencher: divan::Bencher) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = folder(tmp.path());
    bencher
        .with_inputs(|| {
            let test_db = TestDb::new();
            let db = strata::connect(test_db.url(), None).unwrap();
            (test_db, db)
        })
        .bench_local_values(|(_test_db, mut db)| apply_all(db.as_mut(), &dir));
}

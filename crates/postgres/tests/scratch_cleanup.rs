//! `drop_scratch_databases` (the Ctrl-C path). Its own test binary: it drops every scratch
//! database of the process, which would pull the rug from under parallel tests.
use strata_execute::Database;
use strata_postgres::{PgDatabase, drop_scratch_databases, live_scratch_databases};
use strata_testkit::{TestDb, connect, pg_url};

#[test]
fn drop_scratch_databases_removes_every_live_one() {
    let target = TestDb::new();
    let mut conn = PgDatabase::connect(target.url()).unwrap();
    let first = conn.scratch().unwrap();
    let mut second = conn.scratch().unwrap();
    second.execute("CREATE TABLE busy (id int)").unwrap();
    let names = live_scratch_databases();
    assert_eq!(names.len(), 2);

    drop_scratch_databases().unwrap();

    assert!(live_scratch_databases().is_empty());
    let mut admin = connect(&pg_url());
    for name in &names {
        let n: i64 = admin
            .query_one(
                "SELECT count(*) FROM pg_database WHERE datname = $1",
                &[name],
            )
            .unwrap()
            .get(0);
        assert_eq!(n, 0, "{name} should be gone");
    }
    // Dropping the values afterwards is harmless.
    drop(first);
    drop(second);
}

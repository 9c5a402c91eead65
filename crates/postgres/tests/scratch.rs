//! Scratch databases: created and dropped on the same server, or borrowed from an empty
//! dev database inside a transaction that is rolled back.
use strata_catalog::QualName;
use strata_execute::{Database, DbError};
use strata_postgres::{PgDatabase, connect_dev, live_scratch_databases};
use strata_testkit::{TestDb, TestRole, database_exists, require_server, with_dbname};

fn value(db: &mut dyn Database, sql: &str) -> String {
    db.query(sql).unwrap()[0][0].clone().unwrap_or_default()
}

#[test]
fn scratch_database_lives_as_long_as_its_value() {
    let target = TestDb::new();
    let mut conn = PgDatabase::connect(target.url()).unwrap();
    let mut scratch = conn.scratch().unwrap();
    let name = value(scratch.as_mut(), "SELECT current_database()");
    assert!(name.starts_with("strata_scratch_"), "{name}");
    assert!(live_scratch_databases().contains(&name));
    assert!(scratch.describe().contains(&name));
    assert_eq!(
        value(
            scratch.as_mut(),
            "SELECT datcollate FROM pg_database WHERE datname = current_database()"
        ),
        value(
            &mut conn,
            "SELECT datcollate FROM pg_database WHERE datname = current_database()"
        ),
        "the scratch database has the origin's locale"
    );

    scratch.execute("CREATE TABLE loaded (id int)").unwrap();
    let catalog = scratch.introspect().unwrap();
    assert!(
        catalog
            .tables
            .contains_key(&QualName::new("public", "loaded"))
    );
    assert!(
        conn.introspect().unwrap().tables.is_empty(),
        "the target is untouched"
    );

    drop(scratch);
    assert!(!database_exists(&name), "{name} should be dropped");
    assert!(!live_scratch_databases().contains(&name));
}

#[test]
fn scratch_outlives_the_connection_it_came_from() {
    let target = TestDb::new();
    let mut conn = PgDatabase::connect(target.url()).unwrap();
    let mut scratch = conn.scratch().unwrap();
    drop(conn);
    let name = value(scratch.as_mut(), "SELECT current_database()");
    scratch.execute("CREATE TABLE t (id int)").unwrap();
    drop(scratch);
    assert!(!database_exists(&name));
}

#[test]
fn a_role_without_createdb_is_told_to_use_a_dev_database() {
    let role = TestRole::new("LOGIN NOCREATEDB");
    let mut conn = PgDatabase::connect(&role.url()).unwrap();
    let err = conn.scratch().map(|_| ()).unwrap_err();
    let DbError::Scratch { message, target } = &err else {
        panic!("expected DbError::Scratch, got {err:?}");
    };
    assert!(message.contains("--dev-url"), "{message}");
    assert!(message.contains("CREATEDB"), "{message}");
    assert!(target.contains(role.name()), "{target}");
}

#[test]
fn dev_database_loads_in_a_transaction_that_is_rolled_back() {
    let target = TestDb::new();
    let dev = TestDb::new();
    let mut conn = PgDatabase::connect(target.url())
        .unwrap()
        .with_dev_url(dev.url())
        .unwrap();
    let mut scratch = conn.scratch().unwrap();

    // A statement that fails can be retried once what it needs exists.
    let err = scratch.execute("CREATE TABLE later (m mood)").unwrap_err();
    assert_eq!(err.code(), Some("42704"));
    scratch.execute("CREATE TYPE mood AS ENUM ('ok')").unwrap();
    scratch.execute("CREATE TABLE later (m mood)").unwrap();
    // Transaction control in schema files cannot end the dev transaction.
    scratch
        .execute("BEGIN; CREATE TABLE wrapped (id int); COMMIT;")
        .unwrap();
    assert!(scratch.execute("ROLLBACK").is_err());
    // A failing query does not abort the dev transaction either.
    assert!(scratch.query("SELECT * FROM nope").is_err());
    assert_eq!(value(scratch.as_mut(), "SELECT count(*) FROM later"), "0");

    let catalog = scratch.introspect().unwrap();
    assert!(
        catalog
            .tables
            .contains_key(&QualName::new("public", "later"))
    );
    assert!(
        catalog
            .tables
            .contains_key(&QualName::new("public", "wrapped"))
    );
    assert!(catalog.types.contains_key(&QualName::new("public", "mood")));

    // Not visible to anyone else, and gone after the drop.
    let mut other = PgDatabase::connect(dev.url()).unwrap();
    assert!(other.introspect().unwrap().tables.is_empty());
    drop(scratch);
    let after = other.introspect().unwrap();
    assert!(after.tables.is_empty() && after.types.is_empty());
    assert!(target_has_no_tables(&target));
}

fn target_has_no_tables(db: &TestDb) -> bool {
    let mut conn = PgDatabase::connect(db.url()).unwrap();
    conn.introspect().unwrap().tables.is_empty()
}

#[test]
fn plans_apply_inside_the_dev_transaction() {
    let dev = TestDb::new();
    let mut conn = connect_dev(dev.url()).unwrap();
    let mut scratch = conn.scratch().unwrap();
    scratch
        .execute_in_transaction(&[
            "CREATE TABLE a (id int)".into(),
            "CREATE TABLE a (id int)".into(),
        ])
        .unwrap_err();
    scratch
        .execute_in_transaction(&["CREATE TABLE b (id int)".into()])
        .unwrap();
    let tables = scratch.introspect().unwrap().tables;
    assert!(!tables.contains_key(&QualName::new("public", "a")));
    assert!(tables.contains_key(&QualName::new("public", "b")));
}

#[test]
fn a_dev_database_with_objects_is_refused() {
    let dev = TestDb::new();
    dev.batch("CREATE TABLE junk (id int); CREATE SCHEMA extra;");
    let err = connect_dev(dev.url()).unwrap_err();
    let DbError::Scratch { message, .. } = &err else {
        panic!("expected DbError::Scratch, got {err:?}");
    };
    assert!(message.contains("must be empty"), "{message}");
    assert!(message.contains("table public.junk"), "{message}");
    assert!(message.contains("schema extra"), "{message}");

    let target = TestDb::new();
    let err = PgDatabase::connect(target.url())
        .unwrap()
        .with_dev_url(dev.url())
        .unwrap_err();
    assert!(matches!(err, DbError::Scratch { .. }), "{err:?}");
}

#[test]
fn a_missing_dev_database_is_a_connection_error() {
    let err = connect_dev(&with_dbname(&require_server(), "strata_no_such_dev_db")).unwrap_err();
    assert!(err.to_string().contains("database does not exist"), "{err}");
}

#[test]
fn a_dev_database_with_an_event_trigger_is_not_empty() {
    let dev = TestDb::new();
    // It would fire on every statement loaded into the dev transaction.
    dev.batch(
        "CREATE FUNCTION public.noop() RETURNS event_trigger LANGUAGE plpgsql
             AS $$ BEGIN END $$;
         CREATE EVENT TRIGGER watch ON ddl_command_start EXECUTE FUNCTION public.noop();",
    );
    let err = connect_dev(dev.url()).unwrap_err();
    let DbError::Scratch { message, .. } = &err else {
        panic!("expected DbError::Scratch, got {err:?}");
    };
    assert!(message.contains("event trigger watch"), "{message}");
}

//! Running SQL and plans: errors carry the statement and SQLSTATE, plans are all or
//! nothing, and the migration lock names its holder.
use std::time::{Duration, Instant};
use strata_execute::{ApplyOptions, Database, DbError};
use strata_plan::{Plan, Step};
use strata_postgres::PgDatabase;
use strata_testkit::TestDb;

fn open(db: &TestDb) -> PgDatabase {
    PgDatabase::connect(db.url()).expect("connect")
}

fn count(conn: &mut PgDatabase, sql: &str) -> String {
    conn.query(sql).unwrap()[0][0].clone().unwrap()
}

fn step(summary: &str, statements: &[&str]) -> Step {
    Step {
        summary: summary.into(),
        reason: None,
        statements: statements.iter().map(|s| s.to_string()).collect(),
        hazards: Vec::new(),
        transactional: true,
        own_transaction: false,
        replaces_invalid_index: None,
        op: None,
        locks: Vec::new(),
        effort: None,
    }
}

#[test]
fn statement_errors_carry_sqlstate_detail_and_statement() {
    let db = TestDb::new();
    let mut conn = open(&db);
    conn.execute("CREATE TABLE t (id int PRIMARY KEY)").unwrap();
    conn.execute("INSERT INTO t VALUES (1)").unwrap();
    let err = conn.execute("INSERT INTO t VALUES (1)").unwrap_err();
    let DbError::Statement {
        statement,
        message,
        code,
        ..
    } = &err
    else {
        panic!("expected a statement error, got {err:?}");
    };
    assert_eq!(statement, "INSERT INTO t VALUES (1)");
    assert_eq!(code.as_deref(), Some("23505"));
    assert!(message.contains("duplicate key"), "{message}");
    assert!(
        message.contains("DETAIL: Key (id)=(1) already exists."),
        "{message}"
    );

    let err = conn.execute("SELECT * FROM missing").unwrap_err();
    assert_eq!(err.code(), Some("42P01"));
}

#[test]
fn execute_in_transaction_is_all_or_nothing() {
    let db = TestDb::new();
    let mut conn = open(&db);
    let err = conn
        .execute_in_transaction(&[
            "CREATE TABLE a (id int)".into(),
            "CREATE TABLE a (id int)".into(),
        ])
        .unwrap_err();
    assert_eq!(err.code(), Some("42P07"));
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) FROM pg_tables WHERE tablename = 'a'"
        ),
        "0"
    );
    conn.execute_in_transaction(&["CREATE TABLE a (id int)".into()])
        .unwrap();
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) FROM pg_tables WHERE tablename = 'a'"
        ),
        "1"
    );
}

#[test]
fn apply_commits_a_good_plan() {
    let db = TestDb::new();
    let mut conn = open(&db);
    let plan = Plan {
        steps: vec![
            step("create table public.a", &["CREATE TABLE a (id int)"]),
            step(
                "create table public.b",
                &["CREATE TABLE b (id int)", "COMMENT ON TABLE b IS 'x'"],
            ),
        ],
        preamble: Vec::new(),
        server_version: None,
    };
    conn.apply(&plan, &ApplyOptions::default()).unwrap();
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) FROM pg_tables WHERE tablename IN ('a', 'b')"
        ),
        "2"
    );
}

#[test]
fn apply_rolls_back_everything_on_the_first_error() {
    let db = TestDb::new();
    let mut conn = open(&db);
    let plan = Plan {
        steps: vec![
            step("create table public.a", &["CREATE TABLE a (id int)"]),
            step(
                "add column public.a.x",
                &["ALTER TABLE a ADD COLUMN x nosuchtype"],
            ),
            step("create table public.c", &["CREATE TABLE c (id int)"]),
        ],
        preamble: Vec::new(),
        server_version: None,
    };
    let err = conn.apply(&plan, &ApplyOptions::default()).unwrap_err();
    assert_eq!(err.step, 2);
    assert_eq!(err.summary, "add column public.a.x");
    assert_eq!(err.statement, "ALTER TABLE a ADD COLUMN x nosuchtype");
    assert!(
        err.message.contains("type \"nosuchtype\" does not exist"),
        "{}",
        err.message
    );
    assert!(err.message.contains("42704"), "{}", err.message);
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) FROM pg_tables WHERE tablename IN ('a', 'c')"
        ),
        "0"
    );
    // The connection is still usable.
    conn.execute("CREATE TABLE ok (id int)").unwrap();
}

#[test]
fn apply_runs_non_transactional_steps_alone_after_committing_the_ones_before() {
    let db = TestDb::new();
    let mut conn = open(&db);
    conn.execute("CREATE TABLE a (id int)").unwrap();
    let mut concurrent = step(
        "create index public.a_id",
        &["CREATE INDEX CONCURRENTLY a_id ON a (id)"],
    );
    concurrent.transactional = false;
    let plan = Plan {
        steps: vec![
            step("create table public.b", &["CREATE TABLE b (id int)"]),
            concurrent,
            step("create table public.c", &["CREATE TABLE c (id int)"]),
        ],
        ..Plan::default()
    };
    conn.apply(&plan, &ApplyOptions::default()).unwrap();
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) FROM pg_indexes WHERE indexname = 'a_id'"
        ),
        "1"
    );
    // A failing concurrent step: the transaction before it stays, the one after never ran.
    let mut failing = step(
        "create index public.missing_id",
        &["CREATE INDEX CONCURRENTLY missing_id ON missing (id)"],
    );
    failing.transactional = false;
    let plan = Plan {
        steps: vec![
            step("create table public.d", &["CREATE TABLE d (id int)"]),
            failing,
            step("create table public.e", &["CREATE TABLE e (id int)"]),
        ],
        preamble: Vec::new(),
        server_version: None,
    };
    let err = conn.apply(&plan, &ApplyOptions::default()).unwrap_err();
    assert_eq!((err.step, err.applied, err.total), (2, 1, 3));
    assert!(
        err.to_string()
            .contains("step 1 was applied and stays; step 3 did not run"),
        "{err}"
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) FROM pg_tables WHERE tablename IN ('d', 'e')"
        ),
        "1"
    );
}

#[test]
fn query_returns_text_and_nulls() {
    let db = TestDb::new();
    let mut conn = open(&db);
    let rows = conn
        .query(
            "SELECT 1 AS a, NULL::text AS b, 'x''y' AS c UNION ALL SELECT 2, 'z', NULL ORDER BY 1",
        )
        .unwrap();
    assert_eq!(
        rows,
        vec![
            vec![Some("1".into()), None, Some("x'y".into())],
            vec![Some("2".into()), Some("z".into()), None],
        ]
    );
    assert!(conn.query("SELECT 1 WHERE false").unwrap().is_empty());
}

#[test]
fn the_lock_is_exclusive_and_names_its_holder() {
    let db = TestDb::new();
    let mut first = open(&db);
    let mut second = open(&db);
    first
        .acquire_lock("migrate", Duration::from_secs(1))
        .unwrap();
    let holder_pid = count(&mut first, "SELECT pg_backend_pid()");

    let started = Instant::now();
    let err = second
        .acquire_lock("migrate", Duration::from_millis(600))
        .unwrap_err();
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(600),
        "gave up early: {waited:?}"
    );
    assert!(
        waited < Duration::from_secs(5),
        "waited too long: {waited:?}"
    );
    let msg = err.to_string();
    assert!(msg.contains(&format!("pid {holder_pid}")), "{msg}");
    assert!(msg.contains("application_name 'strata'"), "{msg}");
    assert!(msg.contains("client 127.0.0.1"), "{msg}");
    assert!(msg.contains("connected since"), "{msg}");

    // Another key is a different lock.
    second.acquire_lock("other", Duration::ZERO).unwrap();
    second.release_lock("other").unwrap();

    first.release_lock("migrate").unwrap();
    second
        .acquire_lock("migrate", Duration::from_secs(2))
        .unwrap();
    second.release_lock("migrate").unwrap();
    assert!(second.release_lock("migrate").is_err(), "not held any more");
}

#[test]
fn a_waiting_process_gets_the_lock_when_it_is_released() {
    let db = TestDb::new();
    let mut first = open(&db);
    first.acquire_lock("migrate", Duration::ZERO).unwrap();
    let url = db.url().to_string();
    let waiter = std::thread::spawn(move || {
        let mut second = PgDatabase::connect(&url).unwrap();
        second.acquire_lock("migrate", Duration::from_secs(10))
    });
    std::thread::sleep(Duration::from_millis(400));
    first.release_lock("migrate").unwrap();
    waiter.join().unwrap().unwrap();
}

#[test]
fn the_lock_is_per_database() {
    let a = TestDb::new();
    let b = TestDb::new();
    let mut on_a = open(&a);
    let mut on_b = open(&b);
    on_a.acquire_lock("migrate", Duration::ZERO).unwrap();
    on_b.acquire_lock("migrate", Duration::ZERO).unwrap();
}

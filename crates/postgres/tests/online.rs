//! Online plans on a real server: each recipe's SQL shape, convergence with the rows
//! kept, lock timeouts retried while another session holds the table, and a failure in
//! the middle that a second apply finishes.
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use strata_catalog::Catalog;
use strata_execute::{ApplyOptions, Database};
use strata_plan::{Group, Plan, PlanOptions, build_plan_with};
use strata_postgres::PgDatabase;
use strata_testkit::TestDb;

fn open(db: &TestDb) -> PgDatabase {
    PgDatabase::connect(db.url()).expect("connect")
}

fn value(conn: &mut PgDatabase, sql: &str) -> String {
    conn.query(sql).unwrap()[0][0].clone().unwrap_or_default()
}

/// The catalog `sql` makes, read from a database of its own.
fn desired(sql: &str) -> Catalog {
    let want = TestDb::new();
    want.batch(sql);
    open(&want).introspect().unwrap()
}

/// The plan from the live database to `to`, online for every existing table.
fn online_plan(conn: &mut PgDatabase, to: &Catalog) -> Plan {
    let from = conn.introspect().unwrap();
    let options = PlanOptions {
        online: from.tables.keys().cloned().collect(),
    };
    build_plan_with(&from, to, conn.dialect(), &options).unwrap()
}

fn statements(plan: &Plan) -> Vec<String> {
    plan.steps
        .iter()
        .flat_map(|s| s.statements.iter().cloned())
        .collect()
}

fn codes(plan: &Plan) -> Vec<String> {
    plan.steps
        .iter()
        .flat_map(|s| s.hazards.iter().map(|h| h.code.clone()))
        .collect()
}

const BASE: &str = "
    CREATE TABLE parent (id int PRIMARY KEY);
    INSERT INTO parent SELECT g FROM generate_series(1, 10) g;
    CREATE TABLE t (id int NOT NULL, n int, p int, email text, note varchar(10), price numeric(6,2));
    CREATE INDEX t_old ON t (note);
    INSERT INTO t SELECT g, g, 1 + g % 10, 'u' || g, 'x', 1.5 FROM generate_series(1, 2000) g;";

const WANTED: &str = "
    CREATE TABLE parent (id int PRIMARY KEY);
    CREATE TABLE t (
        id int NOT NULL, n int NOT NULL, p int, email text, note varchar(40), price numeric(9,2),
        CONSTRAINT t_pkey PRIMARY KEY (id),
        CONSTRAINT t_email_key UNIQUE (email),
        CONSTRAINT t_n_check CHECK (n > 0),
        CONSTRAINT t_p_fkey FOREIGN KEY (p) REFERENCES parent (id)
    );
    CREATE INDEX t_n ON t (n);";

#[test]
fn every_recipe_has_its_online_shape_and_converges_keeping_rows() {
    let db = TestDb::new();
    db.batch(BASE);
    let mut conn = open(&db);
    let relfilenode = value(&mut conn, "SELECT pg_relation_filenode('t')::text");
    let to = desired(WANTED);
    let plan = online_plan(&mut conn, &to);
    let sql = statements(&plan).join("\n");
    for shape in [
        "CREATE INDEX CONCURRENTLY t_n ON public.t USING btree (n)",
        "DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"t_old\"",
        "CREATE UNIQUE INDEX CONCURRENTLY \"t_email_key\" ON \"public\".\"t\" USING btree (\"email\")",
        "ADD CONSTRAINT \"t_email_key\" UNIQUE USING INDEX \"t_email_key\"",
        "ADD CONSTRAINT \"t_pkey\" PRIMARY KEY USING INDEX \"t_pkey\"",
        "ADD CONSTRAINT \"t_n_check\" CHECK ((n > 0)) NOT VALID",
        "VALIDATE CONSTRAINT \"t_n_check\"",
        "REFERENCES public.parent(id) NOT VALID",
        "VALIDATE CONSTRAINT \"t_p_fkey\"",
        "CHECK (\"n\" IS NOT NULL) NOT VALID",
        "ALTER COLUMN \"n\" SET NOT NULL",
    ] {
        assert!(sql.contains(shape), "no {shape} in\n{sql}");
    }
    let hazards = codes(&plan);
    for avoided in ["PG001", "PG002", "PG006", "PG004"] {
        assert!(
            !hazards.iter().any(|c| c == avoided),
            "{avoided} in {hazards:?}"
        );
    }
    assert!(hazards.iter().any(|c| c == "PG030"), "{hazards:?}");
    assert!(hazards.iter().any(|c| c == "PG031"), "{hazards:?}");
    let groups = plan.groups();
    assert!(groups.iter().any(|g| matches!(g, Group::Alone(_))));
    assert!(groups.len() > 3, "{groups:?}");

    conn.apply(&plan, &ApplyOptions::default()).unwrap();

    let again = online_plan(&mut conn, &to);
    assert!(again.is_empty(), "not converged:\n{}", again.to_sql());
    assert_eq!(value(&mut conn, "SELECT count(*)::text FROM t"), "2000");
    // varchar widening and numeric precision growth kept the table's file: no rewrite.
    assert_eq!(
        value(&mut conn, "SELECT pg_relation_filenode('t')::text"),
        relfilenode
    );
    assert_eq!(
        value(
            &mut conn,
            "SELECT count(*)::text FROM pg_constraint WHERE conrelid = 't'::regclass AND NOT convalidated"
        ),
        "0"
    );
}

#[test]
fn table_sizes_come_from_statistics_or_the_size_on_disk() {
    let db = TestDb::new();
    db.batch(
        "CREATE TABLE big (id int, pad text);
         INSERT INTO big SELECT g, repeat('x', 20) FROM generate_series(1, 20000) g;
         ANALYZE big;
         CREATE TABLE small (id int);
         INSERT INTO small VALUES (1), (2);
         ANALYZE small;
         CREATE TABLE fresh (id int) WITH (autovacuum_enabled = off);
         INSERT INTO fresh SELECT g FROM generate_series(1, 30000) g;
         CREATE TABLE empty (id int);",
    );
    let mut conn = open(&db);
    let sizes = conn.table_sizes().unwrap();
    let of = |name: &str| sizes[&strata_catalog::QualName::new("public", name)];
    assert!(
        (19_000..=21_000).contains(&of("big").rows),
        "{:?}",
        of("big")
    );
    assert!(of("big").bytes > 500_000, "{:?}", of("big"));
    assert_eq!(of("small").rows, 2);
    // Never analysed: estimated from its pages (about 30,000 rows of one int).
    assert!(
        (10_000..=100_000).contains(&of("fresh").rows),
        "{:?}",
        of("fresh")
    );
    assert_eq!(of("empty").rows, 0);
    // Sizes are not part of the catalog: inserting rows changes no introspected object.
    let before = conn.introspect().unwrap();
    db.batch("INSERT INTO small SELECT g FROM generate_series(1, 5000) g; ANALYZE small;");
    assert_eq!(conn.introspect().unwrap(), before);
}

static RETRIES: AtomicUsize = AtomicUsize::new(0);

fn count_retry(message: &str) {
    assert!(message.contains("retrying"), "{message}");
    RETRIES.fetch_add(1, Ordering::SeqCst);
}

#[test]
fn an_online_apply_waits_at_most_the_lock_timeout_retries_and_succeeds() {
    let db = TestDb::new();
    db.batch(BASE);
    let mut conn = open(&db);
    let to = desired(&WANTED.replace("CONSTRAINT t_pkey PRIMARY KEY (id),", ""));
    let plan = online_plan(&mut conn, &to);

    // Another session reads t in a transaction it keeps open for a few seconds.
    let mut holder = db.client();
    holder
        .batch_execute("BEGIN; SELECT count(*) FROM t")
        .unwrap();
    let holder_pid: i32 = holder
        .query_one("SELECT pg_backend_pid()", &[])
        .unwrap()
        .get(0);
    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(4));
        holder.batch_execute("COMMIT").unwrap();
        holder
    });
    // A reader that keeps querying t meanwhile: it may queue behind strata's waiting
    // ALTER, but never for much longer than the lock timeout.
    let reader_url = db.url().to_string();
    let reader = std::thread::spawn(move || {
        let mut r = strata_testkit::connect(&reader_url);
        let mut worst = Duration::ZERO;
        let end = Instant::now() + Duration::from_secs(5);
        while Instant::now() < end {
            let start = Instant::now();
            r.query_one("SELECT count(*) FROM t", &[]).unwrap();
            worst = worst.max(start.elapsed());
            std::thread::sleep(Duration::from_millis(50));
        }
        worst
    });
    // Watch strata wait on a lock that the holder has, through pg_locks.
    let watch_url = db.url().to_string();
    let watcher = std::thread::spawn(move || {
        let mut w = strata_testkit::connect(&watch_url);
        let end = Instant::now() + Duration::from_secs(4);
        while Instant::now() < end {
            let row = w
                .query_one(
                    "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                     WHERE NOT l.granted AND $1 = ANY (pg_blocking_pids(a.pid))",
                    &[&holder_pid],
                )
                .unwrap();
            if row.get::<_, i64>(0) > 0 {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    });

    RETRIES.store(0, Ordering::SeqCst);
    let options = ApplyOptions {
        lock_timeout: Some(Duration::from_millis(500)),
        retries: 8,
        backoff: Duration::from_millis(300),
        on_retry: Some(count_retry),
        ..ApplyOptions::default()
    };
    conn.apply(&plan, &options).unwrap();
    let _holder = release.join().unwrap();
    assert!(
        watcher.join().unwrap(),
        "strata never waited behind the holder"
    );
    assert!(RETRIES.load(Ordering::SeqCst) >= 1, "no retry was made");
    let worst = reader.join().unwrap();
    assert!(
        worst < Duration::from_millis(2500),
        "a reader waited {worst:?} (the holder kept the table for 4s)"
    );
    assert!(online_plan(&mut conn, &to).is_empty());
    assert_eq!(value(&mut conn, "SELECT count(*)::text FROM t"), "2000");
}

#[test]
fn a_failure_in_the_middle_says_what_ran_and_a_second_apply_finishes() {
    let db = TestDb::new();
    db.batch(BASE);
    db.batch("UPDATE t SET email = 'dup' WHERE id IN (1, 2)");
    let mut conn = open(&db);
    let to = desired(WANTED);
    let plan = online_plan(&mut conn, &to);
    let build = plan
        .steps
        .iter()
        .position(|s| s.statements[0].contains("INDEX CONCURRENTLY \"t_email_key\""))
        .expect("a concurrent build of t_email_key");
    let err = conn.apply(&plan, &ApplyOptions::default()).unwrap_err();
    assert_eq!(err.step, build + 1, "{err}");
    assert!(err.message.contains("23505"), "{err}");
    assert_eq!(err.applied, build, "{err}");
    let text = err.to_string();
    if build > 0 {
        assert!(
            text.contains("were applied and stay") || text.contains("was applied and stays"),
            "{text}"
        );
    }
    assert!(
        text.contains("did not run") || build + 1 == plan.steps.len(),
        "{text}"
    );
    // The failed build left an invalid index behind.
    assert_eq!(
        value(
            &mut conn,
            "SELECT count(*)::text FROM pg_index WHERE NOT indisvalid AND indrelid = 't'::regclass"
        ),
        "1"
    );
    db.batch("UPDATE t SET email = 'u2' WHERE id = 2");
    let resumed = online_plan(&mut conn, &to);
    assert!(
        resumed.steps.len() < plan.steps.len() + 2,
        "{}",
        resumed.to_sql()
    );
    conn.apply(&resumed, &ApplyOptions::default()).unwrap();
    assert!(online_plan(&mut conn, &to).is_empty());
    assert_eq!(
        value(
            &mut conn,
            "SELECT count(*)::text FROM pg_index WHERE NOT indisvalid AND indrelid = 't'::regclass"
        ),
        "0"
    );
    assert_eq!(value(&mut conn, "SELECT count(*)::text FROM t"), "2000");
}

#[test]
fn a_volatile_default_is_backfilled_in_batches_without_a_rewrite() {
    let db = TestDb::new();
    // More rows than one batch, so the fill commits several times.
    db.batch(
        "CREATE TABLE t (id int PRIMARY KEY);
         INSERT INTO t SELECT g FROM generate_series(1, 25000) g;",
    );
    let mut conn = open(&db);
    let relfilenode = value(&mut conn, "SELECT pg_relation_filenode('t')::text");
    let to = desired(
        "CREATE TABLE t (id int PRIMARY KEY, k uuid NOT NULL DEFAULT gen_random_uuid());
         COMMENT ON COLUMN t.k IS 'it''s new';",
    );
    let plan = online_plan(&mut conn, &to);
    let hazards = codes(&plan);
    assert!(hazards.iter().any(|c| c == "PG032"), "{hazards:?}");
    assert!(!hazards.iter().any(|c| c == "PG004"), "{hazards:?}");
    let fill = plan
        .steps
        .iter()
        .find(|s| s.hazards.iter().any(|h| h.code == "PG032"))
        .unwrap();
    assert!(!fill.transactional, "the fill commits per batch");
    assert_eq!(fill.locks[0].mode, "ROW EXCLUSIVE");
    let sql = statements(&plan).join("\n");
    assert!(sql.contains("ADD COLUMN \"k\" uuid\n"), "{sql}");
    assert!(sql.contains("SET DEFAULT gen_random_uuid()"), "{sql}");

    conn.apply(&plan, &ApplyOptions::default()).unwrap();

    let again = online_plan(&mut conn, &to);
    assert!(again.is_empty(), "not converged:\n{}", again.to_sql());
    assert_eq!(
        value(
            &mut conn,
            "SELECT count(DISTINCT k)::text FROM t WHERE k IS NOT NULL"
        ),
        "25000",
        "every row got its own value"
    );
    // The table keeps its file: filled by UPDATEs, never rewritten.
    assert_eq!(
        value(&mut conn, "SELECT pg_relation_filenode('t')::text"),
        relfilenode
    );
}

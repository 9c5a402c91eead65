//! Schema files are data, not code: loading them must never act on the server outside the
//! database they are loaded into. These tests load hostile files into real PostgreSQL
//! databases and check, on the server, that nothing happened.
//!
//! They need the test server (`STRATA_TEST_PG_URL`, default 127.0.0.1:5432) and panic with
//! a fix-it message when it is missing; they never skip.
use std::path::PathBuf;
use strata::catalog::QualName;
use strata::{Database, LoadError, LoadReport, LoadRules, Scope, Source, SqlFile};
use strata_testkit::{TestDb, unique_name};

fn file(text: &str) -> SqlFile {
    SqlFile {
        path: PathBuf::from("schema.sql"),
        text: text.to_string(),
    }
}

fn connect(db: &TestDb) -> Box<dyn Database> {
    strata::connect(db.url(), None).unwrap_or_else(|e| panic!("cannot connect: {e}"))
}

/// Loads `text` into `db` as a schema file.
fn load(db: &TestDb, text: &str, rules: &LoadRules) -> Result<LoadReport, LoadError> {
    strata::load_files(connect(db).as_mut(), &[file(text)], rules)
}

fn refused(db: &TestDb, text: &str) -> LoadError {
    match load(db, text, &LoadRules::default()) {
        Ok(report) => panic!("loaded, expected a refusal: {report:?}\n{text}"),
        Err(e) => e,
    }
}

/// The first column of the first row of `sql`, run by the test harness itself.
fn scalar_bool(db: &TestDb, sql: &str) -> bool {
    db.client()
        .query_one(sql, &[])
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .get(0)
}

fn table_exists(db: &TestDb, name: &str) -> bool {
    scalar_bool(
        db,
        &format!("SELECT to_regclass('public.{name}') IS NOT NULL"),
    )
}

#[test]
fn drop_database_is_refused_and_the_other_database_survives() {
    let other = TestDb::new();
    let db = TestDb::new();
    let e = refused(
        &db,
        &format!(
            "CREATE TABLE kept (a int);\n\nDROP DATABASE \"{}\";\n",
            other.name()
        ),
    );
    assert_eq!(e.line, 3);
    assert_eq!(e.message, "DROP DATABASE is not allowed in a schema file");
    let exists = scalar_bool(
        &db,
        &format!(
            "SELECT EXISTS (SELECT FROM pg_database WHERE datname = '{}')",
            other.name()
        ),
    );
    assert!(exists, "the other database must still exist");
    assert!(
        !table_exists(&db, "kept"),
        "nothing of a refused file is sent"
    );
}

#[test]
fn create_role_is_skipped_and_no_role_is_created() {
    let db = TestDb::new();
    let role = unique_name("strata_screen_role");
    let report = load(
        &db,
        &format!("CREATE ROLE {role} SUPERUSER;\nCREATE TABLE t (a int);\n"),
        &LoadRules::default(),
    )
    .unwrap_or_else(|e| panic!("load failed: {e}"));
    assert_eq!(report.skipped.len(), 1, "{report:?}");
    assert_eq!(report.skipped[0].line, 1);
    assert!(report.skipped[0].reason.starts_with(&format!(
        "CREATE ROLE {role}: roles belong to the whole server"
    )));
    let role_exists = scalar_bool(
        &db,
        &format!("SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}')"),
    );
    assert!(!role_exists, "the role must not have been created");
    assert!(table_exists(&db, "t"));
}

#[test]
fn alter_system_is_refused_and_the_configuration_is_unchanged() {
    let db = TestDb::new();
    let before = work_mem_settings(&db);
    let e = refused(&db, "ALTER SYSTEM SET work_mem = '1GB';");
    assert_eq!(e.message, "ALTER SYSTEM is not allowed in a schema file");
    assert_eq!(work_mem_settings(&db), before);
}

/// work_mem as the server's configuration files set it (postgresql.auto.conf included).
fn work_mem_settings(db: &TestDb) -> Vec<String> {
    db.client()
        .query(
            "SELECT coalesce(setting, '') FROM pg_file_settings WHERE name = 'work_mem'",
            &[],
        )
        .expect("pg_file_settings")
        .iter()
        .map(|r| r.get(0))
        .collect()
}

#[test]
fn copy_from_program_is_refused_and_the_program_never_runs() {
    let db = TestDb::new();
    let marker = std::env::temp_dir().join(unique_name("strata_screen_marker"));
    let e = refused(
        &db,
        &format!(
            "CREATE TABLE t (a text);\nCOPY t FROM PROGRAM 'touch {}';\n",
            marker.display()
        ),
    );
    assert_eq!(e.line, 2);
    assert_eq!(
        e.message,
        "COPY ... FROM PROGRAM is not allowed in a schema file"
    );
    assert!(!marker.exists(), "the program must not have run");
    assert!(!table_exists(&db, "t"), "nothing of a refused file is sent");
}

#[test]
fn materialized_view_is_loaded_without_running_its_query() {
    let host = TestDb::new();
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("views.sql"),
        "CREATE MATERIALIZED VIEW broken AS SELECT 1/0 AS x;\n",
    )
    .expect("write schema file");
    let source = Source::Files(dir.path().to_path_buf());
    let catalog = strata::read_catalog(
        &source,
        connect(&host).as_mut(),
        &Scope::default(),
        &LoadRules::default(),
    )
    .unwrap_or_else(|e| panic!("read_catalog failed: {e}"));
    let view = catalog
        .views
        .get(&QualName::new("public", "broken"))
        .expect("the materialized view is in the catalog");
    assert!(view.materialized);

    // Loaded directly, the view can be inspected on the server too.
    let db = TestDb::new();
    load(
        &db,
        "CREATE MATERIALIZED VIEW broken AS SELECT 1/0 AS x;",
        &LoadRules::default(),
    )
    .unwrap_or_else(|e| panic!("load failed: {e}"));
    let populated = scalar_bool(
        &db,
        "SELECT ispopulated FROM pg_matviews WHERE matviewname = 'broken'",
    );
    assert!(!populated, "the materialized view must not be populated");
}

const RAISES: &str = "CREATE FUNCTION boom() RETURNS int IMMUTABLE LANGUAGE plpgsql \
    AS $$ BEGIN RAISE EXCEPTION 'executed'; END $$;\n";

#[test]
fn add_column_default_does_not_run_its_function() {
    let db = TestDb::new();
    load(
        &db,
        &format!(
            "{RAISES}CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN b int DEFAULT boom();\n"
        ),
        &LoadRules::default(),
    )
    .unwrap_or_else(|e| panic!("load failed (the default ran?): {e}"));
    let default_is_boom = scalar_bool(
        &db,
        "SELECT pg_get_expr(adbin, adrelid) = 'boom()' FROM pg_attrdef \
         WHERE adrelid = 'public.t'::regclass",
    );
    assert!(default_is_boom, "the column keeps its default");
}

#[test]
fn partition_bound_cannot_call_a_user_function() {
    let db = TestDb::new();
    let e = load(
        &db,
        &format!(
            "{RAISES}CREATE TABLE p (k int) PARTITION BY RANGE (k);\n\
             CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (boom()) TO (10);\n"
        ),
        &LoadRules::default(),
    )
    .expect_err("a user function in a partition bound must not load");
    assert!(!e.message.contains("executed"), "boom() ran: {e}");
    assert!(e.message.contains("pg_catalog.boom()"), "{e}");
}

#[test]
fn dblink_is_refused_unless_configured() {
    let db = TestDb::new();
    let e = refused(&db, "CREATE EXTENSION dblink;");
    assert_eq!(
        e.message,
        "extension dblink is not allowed in a schema file"
    );
    assert!(
        e.hint
            .as_deref()
            .unwrap_or("")
            .contains("`extensions = [\"dblink\"]`")
    );
    let available = scalar_bool(
        &db,
        "SELECT EXISTS (SELECT FROM pg_available_extensions WHERE name = 'dblink')",
    );
    if available {
        let rules = LoadRules {
            extensions: vec!["dblink".into()],
            ..LoadRules::default()
        };
        load(&db, "CREATE EXTENSION dblink;", &rules)
            .unwrap_or_else(|e| panic!("configured dblink must load: {e}"));
        assert!(scalar_bool(
            &db,
            "SELECT EXISTS (SELECT FROM pg_extension WHERE extname = 'dblink')"
        ));
    }
}

#[test]
fn pg_dump_output_loads() {
    let db = TestDb::new();
    let report = load(
        &db,
        "--\n-- PostgreSQL database dump\n--\n\n\\restrict Xy9\n\n\
         SET statement_timeout = 0;\nSET client_encoding = 'UTF8';\n\
         SET standard_conforming_strings = on;\n\
         SELECT pg_catalog.set_config('search_path', '', false);\n\
         SET check_function_bodies = false;\n\n\
         CREATE TABLE public.t (id integer NOT NULL);\n\
         CREATE SEQUENCE public.t_id_seq;\n\
         SELECT pg_catalog.setval('public.t_id_seq', 42, true);\n\n\\unrestrict Xy9\n",
        &LoadRules::default(),
    )
    .unwrap_or_else(|e| panic!("pg_dump output must load: {e}"));
    assert_eq!(report.skipped.len(), 2, "{report:?}");
    assert!(table_exists(&db, "t"));
    let at_42 = scalar_bool(&db, "SELECT last_value = 42 FROM public.t_id_seq");
    assert!(at_42, "setval ran");
}

#[test]
fn planned_expressions_cannot_fold_a_user_function() {
    // PostgreSQL plans these while the DDL runs, and planning runs an immutable function
    // whose arguments are all constants.
    for ddl in [
        "CREATE INDEX ON t ((boom()));",
        "CREATE INDEX ON t (a) WHERE boom() > 0;",
        "ALTER TABLE t ADD CONSTRAINT c CHECK (a < boom());",
        "ALTER TABLE t ALTER COLUMN a TYPE bigint USING boom();",
        "CREATE DOMAIN d AS int;\nALTER DOMAIN d ADD CONSTRAINT c CHECK (VALUE < boom());",
    ] {
        let db = TestDb::new();
        let e = load(
            &db,
            &format!("{RAISES}CREATE TABLE t (a int);\n{ddl}\n"),
            &LoadRules::default(),
        )
        .expect_err(ddl);
        assert!(!e.message.contains("executed"), "boom() ran for {ddl}: {e}");
        assert!(e.message.contains("pg_catalog.boom()"), "{ddl}: {e}");
    }
    // Functions of columns are not folded, and keep working.
    let db = TestDb::new();
    load(
        &db,
        "CREATE FUNCTION twice(int) RETURNS int IMMUTABLE LANGUAGE sql AS 'SELECT $1 * 2';\n\
         CREATE TABLE t (a int);\nCREATE INDEX ON t (twice(a));\n\
         ALTER TABLE t ADD CONSTRAINT c CHECK (twice(a) < 100);\n",
        &LoadRules::default(),
    )
    .unwrap_or_else(|e| panic!("functions of columns must load: {e}"));
}

/// A function that says so if it ever runs.
const CANARY: &str = "CREATE FUNCTION pwn(tag text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE \
    AS $f$ BEGIN RAISE EXCEPTION 'user code ran: %', tag; END $f$;\n";

/// Loads `text` after the canary; whatever happens, the canary must not have run.
fn user_code_never_runs(case: &str, text: &str) {
    let db = TestDb::new();
    if let Err(e) = load(&db, &format!("{CANARY}{text}"), &LoadRules::default()) {
        assert!(
            !e.message.contains("user code ran"),
            "{case}: the schema's own function ran while loading: {e}"
        );
    }
}

// Found by review: PostgreSQL calls functions by itself (a domain's checks when a literal
// becomes the domain, cast functions, operator class support functions) without any call
// in the statement. Each of these ran `pwn` before those places were pinned to pg_catalog.
#[test]
fn functions_postgres_calls_by_itself_never_run_while_loading() {
    let domain = "CREATE DOMAIN d AS int CHECK (pwn('x'));\n";
    let cases = [
        (
            "a composite literal as a default",
            format!("{domain}CREATE TYPE comp AS (x d);\nCREATE TABLE t (c comp DEFAULT '(1)');\n"),
        ),
        (
            "a composite literal in a view",
            format!("{domain}CREATE TYPE comp AS (x d);\nCREATE VIEW v AS SELECT '(1)'::comp AS c;\n"),
        ),
        (
            "a partition of a domain-typed key",
            format!("{domain}CREATE TABLE p (a d) PARTITION BY LIST (a);\nCREATE TABLE p1 PARTITION OF p FOR VALUES IN (1);\n"),
        ),
        (
            "an aggregate's initial state",
            format!("{domain}CREATE FUNCTION sf(d, int) RETURNS d LANGUAGE sql AS 'select $1';\nCREATE AGGREGATE ag(int) (sfunc = sf, stype = d, initcond = '1');\n"),
        ),
        (
            "a column added with a domain default",
            format!("{domain}CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN c d DEFAULT 1;\n"),
        ),
        (
            "a domain's own default",
            "CREATE DOMAIN d AS boolean DEFAULT pwn('x');\nCREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN c d;\n".to_string(),
        ),
        (
            "a domain check added later",
            "CREATE DOMAIN d AS int;\nALTER DOMAIN d ADD CONSTRAINT c CHECK (pwn('x'));\nCREATE VIEW v AS SELECT '1'::d AS x;\n".to_string(),
        ),
        (
            "an operator class's comparison function",
            "CREATE FUNCTION my_cmp(a int, b int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS $f$ BEGIN PERFORM pwn('cmp'); RETURN btint4cmp(a, b); END $f$;\n\
             CREATE OPERATOR CLASS my_ops FOR TYPE int USING btree AS OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >, FUNCTION 1 my_cmp(int, int);\n\
             CREATE TABLE p (a int) PARTITION BY RANGE (a my_ops);\n\
             CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (1) TO (2);\n".to_string(),
        ),
        (
            "an operator PostgreSQL picks for IN",
            "CREATE TYPE pair AS (a int, b int);\n\
             CREATE FUNCTION evil_eq(pair, pair) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $f$ BEGIN RETURN pwn('in'); END $f$;\n\
             CREATE OPERATOR = (leftarg = pair, rightarg = pair, function = evil_eq);\n\
             CREATE DOMAIN dp AS pair CHECK (VALUE IN (ROW(1, 2)::pair));\n\
             CREATE TYPE wrap AS (p dp);\n\
             CREATE VIEW v AS SELECT '(\"(1,2)\")'::wrap AS x;\n".to_string(),
        ),
        (
            "a cast function",
            "CREATE TYPE box2 AS (a int);\n\
             CREATE FUNCTION to_box2(int) RETURNS box2 LANGUAGE plpgsql IMMUTABLE AS $f$ BEGIN PERFORM pwn('cast'); RETURN ROW($1); END $f$;\n\
             CREATE CAST (int AS box2) WITH FUNCTION to_box2(int);\n\
             CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN c box2 DEFAULT 1::box2;\n".to_string(),
        ),
    ];
    for (case, text) in cases {
        user_code_never_runs(case, &text);
    }
}

#[test]
fn a_schema_qualified_function_in_a_domain_check_is_refused_and_says_why() {
    let db = TestDb::new();
    let e = refused(
        &db,
        &format!("{CANARY}CREATE DOMAIN d AS int CHECK (public.pwn('x'));\n"),
    );
    assert_eq!(e.line, 2);
    assert!(
        e.message
            .starts_with("a domain's CHECK constraint uses public.pwn"),
        "{e}"
    );
    // An unqualified one is pinned, and the error says why it is not found.
    let e = load(
        &db,
        &format!("{CANARY}CREATE DOMAIN d AS int CHECK (pwn('x'));\n"),
        &LoadRules::default(),
    )
    .unwrap_err();
    assert!(e.message.contains("pg_catalog.pwn"), "{e}");
    assert!(
        e.message
            .contains("note: strata sent this statement rewritten"),
        "{e}"
    );
    // Built-in functions keep working.
    load(
        &db,
        "CREATE DOMAIN email AS text CHECK (lower(VALUE) = VALUE AND length(VALUE) > 3);\n",
        &LoadRules::default(),
    )
    .unwrap();
}

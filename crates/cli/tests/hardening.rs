//! Regression tests for the data-loss and security defects a careful DBA found: each one
//! failed before the fix. Real binary, real PostgreSQL and SQLite.
mod common;

use common::{Project, pg_has_table};
use strata_testkit::TestDb;

const USERS: &str =
    "CREATE TABLE users (\n    id integer PRIMARY KEY,\n    email text NOT NULL\n);\n";

/// Both engines: a SQLite file in the project, or a fresh PostgreSQL database.
enum Target {
    Sqlite,
    Postgres(TestDb),
}

impl Target {
    fn all() -> Vec<Target> {
        vec![Target::Sqlite, Target::Postgres(TestDb::new())]
    }

    fn url(&self) -> String {
        match self {
            Target::Sqlite => "sqlite:app.db".into(),
            Target::Postgres(db) => db.url().to_string(),
        }
    }
}

// 1. The history table is never planned away, under any name, after a rename, whatever
//    the scope flags.

#[test]
fn the_history_table_is_never_planned_away() {
    for target in Target::all() {
        let p = Project::new(&target.url(), &[("users.sql", USERS)]);
        p.ok(&["revision", "-m", "create users"]);
        p.ok(&["upgrade"]);
        let clean = |args: &[&str]| {
            let mut all = vec!["plan", "--exit-code"];
            all.extend_from_slice(args);
            let run = p.run(&all);
            assert_eq!(run.code, 0, "{run}");
            assert!(!run.stdout.contains("strata_history"), "{run}");
        };
        clean(&[]);
        clean(&["--exclude", "users"]);
        if let Target::Postgres(_) = target {
            clean(&["--schema-filter", "public"]);
        }
        let run = p.ok(&["apply", "--yes", "--allow-destructive"]);
        assert!(run.stderr.contains("No changes"), "{run}");
        let dump = p.ok(&["dump"]);
        assert!(!dump.stdout.contains("strata_history"), "{dump}");
        assert!(dump.stdout.contains("users"), "{dump}");
        let run = p.run(&["diff", &target.url(), "schema"]);
        assert_eq!(run.code, 0, "{run}");
        // The history is still there and still read.
        assert!(p.ok(&["current"]).stdout.contains("(head)"));
    }
}

#[test]
fn a_renamed_or_custom_history_table_is_left_alone_too() {
    let db = TestDb::new();
    let p = Project::new(db.url(), &[("users.sql", USERS)]);
    p.ok(&["revision", "-m", "create users"]);
    p.ok(&["upgrade", "--history-table", "ops_log"]);
    db.batch("ALTER TABLE ops_log RENAME TO renamed_log");
    let run = p.run(&["plan", "--exit-code"]);
    assert_eq!(run.code, 0, "the renamed table keeps its mark: {run}");
    let run = p.ok(&["current", "--history-table", "renamed_log"]);
    assert!(run.stdout.contains("(head)"), "{run}");
}

#[test]
fn history_tables_made_before_the_marker_are_upgraded_keeping_their_rows() {
    for target in Target::all() {
        let p = Project::new(&target.url(), &[("users.sql", USERS)]);
        p.ok(&["revision", "-m", "create users"]);
        p.ok(&["upgrade"]);
        unmark_history(&target, &p);
        let run = p.run(&["plan", "--exit-code"]);
        assert_eq!(run.code, 2, "an unmarked table is a user table: {run}");
        // A writing migration command brings the table to the current version.
        let run = p.ok(&["upgrade"]);
        assert!(run.stderr.contains("Nothing to do"), "{run}");
        let run = p.run(&["plan", "--exit-code"]);
        assert_eq!(run.code, 0, "{run}");
        assert!(p.ok(&["current"]).stdout.contains("(head)"), "rows kept");
    }
}

/// Makes the history table look like one written by a strata without markers.
fn unmark_history(target: &Target, p: &Project) {
    match target {
        Target::Postgres(db) => db.batch("COMMENT ON TABLE strata_history IS NULL"),
        // SQLite keeps the marker in the CREATE TABLE text: rebuild the table without it.
        Target::Sqlite => sqlite(p)
            .execute_batch(
                "CREATE TABLE plain AS SELECT * FROM strata_history;
                 DROP TABLE strata_history;
                 ALTER TABLE plain RENAME TO strata_history;",
            )
            .unwrap(),
    }
}

fn sqlite(p: &Project) -> rusqlite::Connection {
    rusqlite::Connection::open(p.file("app.db")).unwrap()
}

/// The history table's messages, oldest first.
fn history_messages(target: &Target, p: &Project) -> Vec<String> {
    let sql = "SELECT message FROM strata_history ORDER BY id";
    match target {
        Target::Postgres(db) => db
            .client()
            .query(sql, &[])
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect(),
        Target::Sqlite => {
            let conn = sqlite(p);
            let mut stmt = conn.prepare(sql).unwrap();
            stmt.query_map([], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect()
        }
    }
}

// 2. Names never escape into executable text.

const EVIL: &str = "CREATE TABLE \"evil\nDROP TABLE victim;\n--\" (id integer);\n";

#[test]
fn hostile_names_cannot_start_a_line_of_sql_in_a_plan_or_a_revision() {
    let db = TestDb::new();
    db.batch("CREATE TABLE victim (id integer)");
    let p = Project::new(
        db.url(),
        &[
            ("evil.sql", EVIL),
            ("victim.sql", "CREATE TABLE victim (id integer);\n"),
        ],
    );
    let plan = p.run(&["plan"]);
    assert_eq!(plan.code, 0, "{plan}");
    assert!(
        plan.stdout
            .contains("-- 1. create table public.evil\\nDROP TABLE victim;\\n--"),
        "{plan}"
    );
    // Piping the plan into the database (as `strata plan | psql` does) runs only the plan.
    db.batch(&plan.stdout);
    assert!(pg_has_table(db.url(), "victim"), "the plan dropped victim");
    assert!(pg_has_table(db.url(), "\"evil\nDROP TABLE victim;\n--\""));

    // The revision file written by autogenerate is just as safe when it runs.
    let other = TestDb::new();
    other.batch("CREATE TABLE victim (id integer)");
    let p = Project::new(
        other.url(),
        &[
            ("evil.sql", EVIL),
            ("victim.sql", "CREATE TABLE victim (id integer);\n"),
        ],
    );
    p.ok(&["revision", "-m", "evil\nDROP TABLE victim;"]);
    let file = std::fs::read_to_string(&p.files("migrations")[0]).unwrap();
    assert!(
        file.contains("-- create table public.evil\\nDROP TABLE victim;\\n--\nCREATE TABLE"),
        "{file}"
    );
    assert!(
        file.contains("-- strata:message    evil DROP TABLE victim;\n"),
        "{file}"
    );
    other.batch("DROP TABLE victim");
    p.ok(&["upgrade"]);
    assert!(pg_has_table(other.url(), "victim"), "{file}");
}

// 3. Literals do not depend on standard_conforming_strings.

#[test]
fn comments_with_backslashes_cannot_break_out_when_strings_are_not_standard() {
    let db = TestDb::new();
    db.batch(&format!(
        "ALTER DATABASE \"{}\" SET standard_conforming_strings = off",
        db.name()
    ));
    db.batch("CREATE TABLE keep (id integer); CREATE TABLE t (id integer)");
    let schema = "CREATE TABLE keep (id integer);\nCREATE TABLE t (id integer);\n\
                  COMMENT ON TABLE t IS $c$x\\'; DROP TABLE keep; --$c$;\n";
    let p = Project::new(db.url(), &[("s.sql", schema)]);
    let plan = p.ok(&["plan"]);
    // The plan as text, run in a session without standard strings, is still safe.
    let mut client = db.client();
    client
        .batch_execute(&format!(
            "SET standard_conforming_strings = off; {}",
            plan.stdout
        ))
        .unwrap();
    assert!(pg_has_table(db.url(), "keep"), "{plan}");
    db.batch("COMMENT ON TABLE t IS NULL");
    p.ok(&["apply", "--yes"]);
    assert!(pg_has_table(db.url(), "keep"));
    let comment: String = db
        .client()
        .query_one("SELECT obj_description('t'::regclass, 'pg_class')", &[])
        .unwrap()
        .get(0);
    assert_eq!(comment, "x\\'; DROP TABLE keep; --");
    assert_eq!(p.run(&["plan", "--exit-code"]).code, 0);
}

#[test]
fn history_rows_are_bound_not_built_as_text() {
    for target in Target::all() {
        if let Target::Postgres(db) = &target {
            db.batch(&format!(
                "ALTER DATABASE \"{}\" SET standard_conforming_strings = off",
                db.name()
            ));
        }
        let p = Project::new(&target.url(), &[]);
        let message = r"ends in \'), ('forged";
        p.write(
            "migrations/001_a.sql",
            &format!(
                "-- strata:revision aaa111\n-- strata:message {message}\n-- strata:up\n\
                 CREATE TABLE keep (id integer);\n-- strata:down\nDROP TABLE keep;\n"
            ),
        );
        p.ok(&["upgrade"]);
        assert_eq!(history_messages(&target, &p), [message]);
        let run = p.ok(&["status", "--no-drift"]);
        assert!(run.stdout.contains("pending:  none"), "{run}");
    }
}

// 5. Concurrent applies serialise under the runner lock and plan under it.

/// Runs `strata apply --yes` with each schema at once, one process per schema.
fn concurrent_applies(url: &str, schemas: &[String], extra: &[&str]) -> Vec<common::Run> {
    let projects: Vec<Project> = schemas
        .iter()
        .map(|s| Project::new(url, &[("t.sql", s.as_str())]))
        .collect();
    let children: Vec<_> = projects
        .iter()
        .map(|p| {
            let mut args = vec!["apply", "--yes"];
            args.extend_from_slice(extra);
            p.command(&args)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    children
        .into_iter()
        .map(|c| {
            let out = c.wait_with_output().unwrap();
            common::Run {
                code: out.status.code().unwrap_or(-1),
                stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            }
        })
        .collect()
}

#[test]
fn eight_identical_applies_give_one_apply_and_seven_nothing_to_do() {
    for target in Target::all() {
        let dir = tempfile::tempdir().unwrap();
        let url = match &target {
            Target::Sqlite => format!("sqlite:{}", dir.path().join("app.db").display()),
            Target::Postgres(db) => db.url().to_string(),
        };
        let schema = "CREATE TABLE t (id integer, a integer, b text);\n".to_string();
        let runs = concurrent_applies(&url, &vec![schema; 8], &[]);
        for run in &runs {
            assert_eq!(run.code, 0, "{run}");
        }
        let applied = runs.iter().filter(|r| r.stderr.contains("Applied")).count();
        let nothing = runs
            .iter()
            .filter(|r| r.stderr.contains("No changes"))
            .count();
        assert_eq!((applied, nothing), (1, 7), "{}", runs[0]);
    }
}

#[test]
fn eight_different_applies_serialise_each_seeing_the_last() {
    let db = TestDb::new();
    db.batch("CREATE TABLE t (id integer)");
    let schemas: Vec<String> = (0..8)
        .map(|i| format!("CREATE TABLE t (id integer, c{i} integer);\n"))
        .collect();
    let runs = concurrent_applies(db.url(), &schemas, &["--allow-destructive"]);
    for run in &runs {
        assert_eq!(run.code, 0, "{run}");
        assert!(!run.stderr.contains("error"), "{run}");
    }
    let columns: Vec<String> = db
        .client()
        .query(
            "SELECT attname::text FROM pg_attribute WHERE attrelid = 't'::regclass \
             AND attnum > 0 AND NOT attisdropped ORDER BY attname",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(
        columns.len(),
        2,
        "the table matches one schema exactly: {columns:?}"
    );
    assert!(columns.contains(&"id".to_string()), "{columns:?}");
}

// 6. Reviewed plans are applied as reviewed.

#[test]
fn a_saved_plan_applies_exactly_as_reviewed_and_refuses_a_changed_database() {
    let db = TestDb::new();
    db.batch("CREATE TABLE users (id integer PRIMARY KEY)");
    let p = Project::new(db.url(), &[("users.sql", USERS)]);
    let run = p.ok(&["plan", "--out", "plan.json"]);
    assert!(run.stderr.contains("Saved the plan to plan.json"), "{run}");
    let saved: serde_json::Value = serde_json::from_str(&p.read("plan.json")).unwrap();
    assert_eq!(saved["format_version"], 1);
    assert_eq!(saved["transaction"], "single");
    assert!(
        saved["fingerprints"]["table public.users"].is_string(),
        "{saved}"
    );

    // Edits to the schema files after review do not change what is applied.
    p.write("schema/orders.sql", "CREATE TABLE orders (id integer);\n");
    let run = p.ok(&["apply", "--plan", "plan.json", "--yes"]);
    assert!(run.stderr.contains("Applied 1 step"), "{run}");
    assert!(!pg_has_table(db.url(), "orders"));
    let run = p.run(&["plan", "--exit-code"]);
    assert_eq!(run.code, 2, "orders is still to do: {run}");

    // A database that changed since the plan is refused, naming what changed.
    db.batch("ALTER TABLE users DROP COLUMN email");
    let p = Project::new(db.url(), &[("users.sql", USERS)]);
    p.ok(&["plan", "--out", "plan.json"]);
    db.batch("ALTER TABLE users ADD COLUMN nickname text");
    let run = p.run(&["apply", "--plan", "plan.json", "--yes"]);
    assert_eq!(run.code, 3, "{run}");
    assert!(run.stderr.contains("table public.users changed"), "{run}");
    assert!(run.stderr.contains("nothing was changed"), "{run}");

    std::fs::write(p.file("plan.json"), r#"{"format_version": 7}"#).unwrap();
    let run = p.run(&["apply", "--plan", "plan.json", "--yes"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.contains("format_version 7"), "{run}");
}

// Also: statements give up on table locks instead of queueing behind them.

#[test]
fn apply_gives_up_on_a_held_table_lock_and_says_where() {
    let db = TestDb::new();
    db.batch("CREATE TABLE users (id integer PRIMARY KEY)");
    let mut holder = db.client();
    holder
        .batch_execute("BEGIN; LOCK TABLE users IN ACCESS SHARE MODE")
        .unwrap();
    let p = Project::new(db.url(), &[("users.sql", USERS)]);
    let started = std::time::Instant::now();
    let run = p.run(&["apply", "--yes", "--statement-lock-timeout", "1s"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr.contains(
            "gave up waiting for more than 1.0s for a lock on \"public\".\"users\" (held by"
        ),
        "{run}"
    );
    assert!(run.stderr.contains("nothing was changed"), "{run}");
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    holder.batch_execute("ROLLBACK").unwrap();
    assert_eq!(
        p.run(&["plan", "--exit-code"]).code,
        2,
        "nothing was applied"
    );
}

// 12. Steps that lose data are refused without approval.

#[test]
fn dropping_an_identity_or_a_materialized_view_needs_approval() {
    let db = TestDb::new();
    db.batch(
        "CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY, x integer);
         INSERT INTO t (x) VALUES (1), (2);
         CREATE MATERIALIZED VIEW mv AS SELECT x FROM t",
    );
    let p = Project::new(
        db.url(),
        &[("t.sql", "CREATE TABLE t (id bigint NOT NULL, x integer);\n")],
    );
    let run = p.run(&["apply", "--yes"]);
    assert_eq!(run.code, 3, "{run}");
    assert!(
        run.stderr.contains("drops the identity of public.t.id"),
        "{run}"
    );
    assert!(
        run.stderr
            .contains("drops materialized view public.mv and the rows it stores"),
        "{run}"
    );
    assert!(pg_has_table(db.url(), "mv"), "nothing ran");
    p.ok(&["apply", "--yes", "--allow-destructive"]);
    assert!(!pg_has_table(db.url(), "mv"));
}

#[test]
fn a_sqlite_rebuild_that_fills_nulls_needs_approval() {
    let p = Project::new(
        "sqlite:app.db",
        &[(
            "t.sql",
            "CREATE TABLE t (id integer PRIMARY KEY, note text);\n",
        )],
    );
    p.ok(&["apply", "--yes"]);
    sqlite(&p)
        .execute_batch("INSERT INTO t (id, note) VALUES (1, NULL), (2, 'kept')")
        .unwrap();
    p.write(
        "schema/t.sql",
        "CREATE TABLE t (id integer PRIMARY KEY, note text NOT NULL DEFAULT 'none');\n",
    );
    let run = p.run(&["apply", "--yes"]);
    assert_eq!(run.code, 3, "{run}");
    assert!(
        run.stderr
            .contains("becomes NOT NULL: its NULLs are replaced by 'none'"),
        "{run}"
    );
    let nulls: i64 = sqlite(&p)
        .query_row("SELECT count(*) FROM t WHERE note IS NULL", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(nulls, 1, "nothing ran");
}

// 9. Exit codes CI can use: status --exit-code and check --url see drift and edits.

#[test]
fn status_and_check_report_pending_drift_and_edits_with_exit_code_2() {
    let p = Project::new("sqlite:app.db", &[("users.sql", USERS)]);
    p.ok(&["revision", "-m", "create users"]);
    p.ok(&["upgrade"]);
    p.write("schema/posts.sql", "CREATE TABLE posts (id integer);\n");
    p.ok(&["revision", "-m", "create posts"]);
    assert_eq!(p.run(&["status", "--exit-code"]).code, 2, "pending");
    p.ok(&["upgrade"]);
    let run = p.run(&["status", "--exit-code"]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(
        p.run(&["status"]).code,
        0,
        "without the flag, status reports only"
    );
    p.ok(&["check", "--url", "sqlite:app.db"]);

    sqlite(&p)
        .execute_batch("CREATE TABLE stray (id integer)")
        .unwrap();
    let run = p.run(&["status", "--exit-code"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stdout.contains("create table main.stray"), "{run}");
    let run = p.run(&["check", "--url", "sqlite:app.db"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("[drift]"), "{run}");
    sqlite(&p).execute_batch("DROP TABLE stray").unwrap();

    let file = p.files("migrations")[0].clone();
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}-- edited\n")).unwrap();
    let run = p.run(&["status", "--exit-code"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stdout.contains("edited:"), "{run}");
}

#[test]
fn diff_plan_and_usage_errors_follow_the_table() {
    let p = Project::new("sqlite:app.db", &[("users.sql", USERS)]);
    assert_eq!(p.run(&["plan", "--exit-code"]).code, 2, "changes pending");
    assert_eq!(p.run(&["diff", "schema", "schema"]).code, 0);
    p.write("other.sql", "CREATE TABLE other (id integer);\n");
    assert_eq!(p.run(&["diff", "schema", "other.sql"]).code, 2);
    assert_eq!(p.run(&["plan", "--no-such-flag"]).code, 1, "usage error");
    assert_eq!(p.run(&["--help"]).code, 0);
    assert_eq!(p.run(&["apply"]).code, 3, "not confirmed: refused");
    assert_eq!(p.run(&["plan", "--url", "mysql://x/y"]).code, 1, "error");
}

// 8. Hangs: a server that never answers, a symlink loop.

/// Waits for the child at most `limit`; a hang fails the test instead of the whole run.
fn finish_within(mut child: std::process::Child, limit: std::time::Duration) -> common::Run {
    let started = std::time::Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            let out = child.wait_with_output().unwrap();
            return common::Run {
                code: out.status.code().unwrap_or(-1),
                stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            };
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("strata still running after {limit:?}: it hangs");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

fn spawn(p: &Project, args: &[&str]) -> std::process::Child {
    p.command(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn a_server_that_accepts_but_never_answers_times_out() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    // Accept and hold every connection without a word.
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            held.push(stream);
        }
    });
    let url = format!("postgres://postgres@127.0.0.1:{port}/db?connect_timeout=1");
    let p = Project::new(&url, &[("users.sql", USERS)]);
    let run = finish_within(spawn(&p, &["plan"]), std::time::Duration::from_secs(30));
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.contains("within 1s (connect_timeout)"), "{run}");
}

#[test]
fn a_symlink_loop_in_the_schema_folder_is_an_error() {
    let p = Project::new("sqlite:app.db", &[("users.sql", USERS)]);
    std::os::unix::fs::symlink(p.file("schema"), p.file("schema/again")).unwrap();
    let run = finish_within(spawn(&p, &["plan"]), std::time::Duration::from_secs(30));
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.contains("symbolic link loop at"), "{run}");
}

// 11. History is complete and told as it happens.

fn pg_revisions(p: &Project, second: &str) {
    p.write(
        "migrations/001_a.sql",
        "-- strata:revision aaa111\n-- strata:message create a\n-- strata:up\nCREATE TABLE a (id integer);\n-- strata:down\nDROP TABLE a;\n",
    );
    p.write(
        "migrations/002_b.sql",
        &format!("-- strata:revision bbb222\n-- strata:parents aaa111\n-- strata:message second\n-- strata:up\n{second}\n-- strata:down\nSELECT 1;\n"),
    );
}

#[test]
fn a_killed_upgrade_leaves_complete_rows_and_said_what_it_applied() {
    let db = TestDb::new();
    let p = Project::new(db.url(), &[]);
    pg_revisions(&p, "SELECT pg_sleep(60);");
    // Approving everything up front skips judging the revisions, which replays them on a
    // scratch database first (sleep included).
    let mut child = spawn(&p, &["upgrade", "--allow-destructive"]);
    let mut client = db.client();
    let started = std::time::Instant::now();
    loop {
        let committed = client
            .query_opt(
                "SELECT 1 FROM pg_class WHERE relname = 'strata_history'",
                &[],
            )
            .unwrap()
            .is_some()
            && client
                .query_opt(
                    "SELECT 1 FROM strata_history WHERE revision = 'aaa111'",
                    &[],
                )
                .unwrap()
                .is_some();
        if committed {
            break;
        }
        assert!(started.elapsed().as_secs() < 60, "aaa111 never committed");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // Give the second revision time to start, then kill the process outright.
    std::thread::sleep(std::time::Duration::from_millis(300));
    child.kill().unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Applied aaa111 create a"), "{stderr}");
    let row = client
        .query_one(
            "SELECT finished_at IS NOT NULL, duration_ms IS NOT NULL, success \
             FROM strata_history WHERE revision = 'aaa111'",
            &[],
        )
        .unwrap();
    assert!(
        row.get::<_, bool>(0) && row.get::<_, bool>(1),
        "row left incomplete"
    );
    assert_eq!(row.get::<_, Option<bool>>(2), Some(true));
}

#[test]
fn a_lost_connection_names_the_failing_revision_and_the_committed_ones() {
    let db = TestDb::new();
    let p = Project::new(db.url(), &[]);
    pg_revisions(&p, "SELECT pg_terminate_backend(pg_backend_pid());");
    let run = p.run(&["upgrade"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.contains("Applied aaa111"), "{run}");
    assert!(
        run.stderr.contains("upgrade of revision bbb222 failed"),
        "{run}"
    );
    assert!(run.stderr.contains("the connection was lost"), "{run}");
    assert!(
        run.stderr
            .contains("completed before it (still applied): aaa111"),
        "{run}"
    );
}

#[test]
fn a_permission_error_names_the_statement() {
    let db = TestDb::new();
    let role = strata_testkit::TestRole::new("LOGIN");
    let url = strata_testkit::with_dbname(&role.url(), db.name());
    let p = Project::new(&url, &[]);
    pg_revisions(&p, "SELECT 1;");
    let run = p.run(&["upgrade"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr.contains("permission denied for schema public"),
        "{run}"
    );
    assert!(
        run.stderr
            .contains("statement: CREATE TABLE IF NOT EXISTS \"strata_history\""),
        "{run}"
    );
}

#[test]
fn a_history_table_from_a_newer_strata_is_left_alone() {
    let db = TestDb::new();
    let p = Project::new(db.url(), &[]);
    pg_revisions(&p, "SELECT 1;");
    p.ok(&["upgrade", "aaa111"]);
    db.batch("COMMENT ON TABLE strata_history IS 'strata:owned history v9'");
    let run = p.run(&["upgrade"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr
            .contains("upgraded to version 9 by a newer strata"),
        "{run}"
    );
    assert!(!pg_has_table(db.url(), "b"));
}

// 3. A schema file's settings do not leak into the next file.

#[test]
fn one_files_search_path_does_not_leak_into_the_next() {
    let db = TestDb::new();
    let a = "CREATE SCHEMA app;\nSELECT pg_catalog.set_config('search_path', 'app', false);\n\
             CREATE TABLE a (id integer);\n";
    let b = "CREATE TABLE b (id integer);\n";
    let p = Project::new(db.url(), &[("10_a.sql", a), ("20_b.sql", b)]);
    let dump = p.ok(&["dump", "schema"]);
    assert!(dump.stdout.contains("CREATE TABLE \"app\".\"a\""), "{dump}");
    assert!(
        dump.stdout.contains("CREATE TABLE \"public\".\"b\""),
        "{dump}"
    );
    // A configured search_path is what every file starts with.
    p.write(
        "strata.toml",
        &format!(
            "url = \"{}\"\n\n[load]\nsearch_path = \"app, public\"\n",
            db.url()
        ),
    );
    p.write("schema/10_a.sql", "CREATE SCHEMA app;\n");
    let dump = p.ok(&["dump", "schema"]);
    assert!(dump.stdout.contains("CREATE TABLE \"app\".\"b\""), "{dump}");
}

// 5. On a terminal: plan and ask without the lock, then re-plan under it.

/// `strata apply` on a pseudo-terminal (util-linux `script`), answering `answer` once the
/// prompt shows, after running `meanwhile` against the database.
fn apply_on_a_terminal(p: &Project, answer: &str, meanwhile: impl FnOnce()) -> common::Run {
    use std::io::{Read, Write};
    let command = format!("{} apply", env!("CARGO_BIN_EXE_strata"));
    let mut child = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(p.path())
        .env_remove("DATABASE_URL")
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("util-linux `script` runs strata on a pseudo-terminal");
    let mut stdout = child.stdout.take().unwrap();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let reader = {
        let seen = seen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 {
                    break;
                }
                seen.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        })
    };
    let started = std::time::Instant::now();
    while !String::from_utf8_lossy(&seen.lock().unwrap()).contains("[y/N]") {
        assert!(started.elapsed().as_secs() < 60, "no prompt");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    meanwhile();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{answer}\n").as_bytes())
        .unwrap();
    let status = child.wait().unwrap();
    reader.join().unwrap();
    let text = String::from_utf8_lossy(&seen.lock().unwrap()).into_owned();
    common::Run {
        code: status.code().unwrap_or(-1),
        stdout: text,
        stderr: String::new(),
    }
}

#[test]
fn a_confirmed_apply_refuses_when_the_database_changed_while_it_asked() {
    let db = TestDb::new();
    db.batch("CREATE TABLE users (id integer PRIMARY KEY)");
    let p = Project::new(db.url(), &[("users.sql", USERS)]);
    let run = apply_on_a_terminal(&p, "y", || {
        db.batch("ALTER TABLE users ADD COLUMN email text NOT NULL DEFAULT ''")
    });
    assert_eq!(run.code, 3, "{run}");
    assert!(
        run.stdout
            .contains("the database changed since the plan was shown; nothing was changed"),
        "{run}"
    );
    db.batch("ALTER TABLE users DROP COLUMN email");
    let run = apply_on_a_terminal(&p, "n", || {});
    assert_eq!(run.code, 3, "{run}");
    assert!(run.stdout.contains("Nothing was changed."), "{run}");
    let run = apply_on_a_terminal(&p, "y", || {});
    assert_eq!(run.code, 0, "{run}");
    assert!(run.stdout.contains("Applied 1 step"), "{run}");
}

#[test]
fn hostile_names_cannot_start_a_line_of_sql_on_sqlite_either() {
    let p = Project::new(
        "sqlite:app.db",
        &[
            ("evil.sql", EVIL),
            ("victim.sql", "CREATE TABLE victim (id integer);\n"),
        ],
    );
    p.ok(&["apply", "--yes"]);
    sqlite(&p)
        .execute_batch("DROP TABLE \"evil\nDROP TABLE victim;\n--\"")
        .unwrap();
    let plan = p.ok(&["plan"]);
    assert!(
        plan.stdout
            .contains("-- 1. create table main.evil\\nDROP TABLE victim;\\n--"),
        "{plan}"
    );
    sqlite(&p).execute_batch(&plan.stdout).unwrap();
    let victims: i64 = sqlite(&p)
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'victim'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(victims, 1, "{plan}");
}

// Found by review: text the server renders (defaults, views) is written for
// standard-conforming strings, so printed plans and scripts start by setting them.
#[test]
fn printed_plans_and_scripts_pin_standard_conforming_strings() {
    let hostile = "CREATE TABLE victim (id int);\n\
                   CREATE TABLE t (a text DEFAULT '\\''; DROP TABLE victim; --');\n\
                   CREATE VIEW v AS SELECT '\\''; DROP TABLE victim; --'::text AS x;\n";
    let db = TestDb::new();
    db.batch(&format!(
        "ALTER DATABASE \"{}\" SET standard_conforming_strings = off",
        db.name()
    ));
    db.batch("CREATE TABLE victim (id int); CREATE TABLE t (a text)");
    let p = Project::new(db.url(), &[("s.sql", hostile)]);
    let plan = p.ok(&["plan"]);
    assert!(
        plan.stdout
            .contains("SET standard_conforming_strings = on;\n"),
        "{plan}"
    );
    // psql, as `strata plan | psql` runs it, in a session without standard strings.
    let run = common::psql(db.url(), &plan.stdout);
    assert_eq!(run.code, 0, "{run}\n{plan}");
    assert!(pg_has_table(db.url(), "victim"), "{plan}");

    // The same through an autogenerated revision and `upgrade --sql`.
    let other = TestDb::new();
    other.batch(&format!(
        "ALTER DATABASE \"{}\" SET standard_conforming_strings = off",
        other.name()
    ));
    let p = Project::new(other.url(), &[("s.sql", hostile)]);
    p.ok(&["revision", "-m", "hostile"]);
    let script = p.ok(&["upgrade", "--sql"]);
    assert!(
        script
            .stdout
            .contains("SET standard_conforming_strings = on;\n"),
        "{script}"
    );
    other.batch("CREATE TABLE keep_me (id int)");
    let run = common::psql(other.url(), &script.stdout);
    assert_eq!(run.code, 0, "{run}\n{script}");
    assert!(pg_has_table(other.url(), "victim"), "{script}");
    assert!(pg_has_table(other.url(), "keep_me"), "{script}");
}

#[test]
fn objects_strata_does_not_manage_are_reported_on_both_sides() {
    let db = TestDb::new();
    db.batch("CREATE TABLE t (a int, b int); CREATE STATISTICS t_ab ON a, b FROM t;");
    let p = Project::new(
        db.url(),
        &[(
            "t.sql",
            "CREATE TABLE t (a int, b int);\n\
             CREATE AGGREGATE total (int) (sfunc = int4pl, stype = int);\n",
        )],
    );
    let run = p.run(&["plan", "--exit-code"]);
    assert_eq!(run.code, 0, "nothing strata manages differs: {run}");
    assert!(
        run.stderr.contains(
            "1 object of a kind strata does not manage, left out of plans and dumps: aggregate public.total(integer)"
        ),
        "{run}"
    );
    assert!(
        run.stderr
            .contains("left out of plans and dumps: statistics public.t_ab"),
        "{run}"
    );
    assert!(run.stderr.contains("hint: strata neither creates"), "{run}");
}

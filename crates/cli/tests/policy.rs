//! The approval policy end to end on PostgreSQL: heavy steps on large tables (above
//! `online_threshold`) need approval, in both schools.
mod common;

use common::Project;

/// `strata.toml` with a threshold of 100 rows, so a test table is large with 500.
fn config(url: &str) -> String {
    format!("url = \"{url}\"\nonline_threshold = {{ rows = 100 }}\n")
}

const TABLES: &str = "CREATE TABLE big (id bigint PRIMARY KEY, n int);\n\
                      CREATE TABLE small (id bigint PRIMARY KEY, n int);\n";

/// `big` holds 500 rows (large), `small` 5; both analysed. The schema adds an index to
/// `table`.
fn indexing(db: &strata_testkit::TestDb, table: &str) -> Project {
    let project = Project::new(db.url(), &[("10_tables.sql", TABLES)]);
    project.write("strata.toml", &config(db.url()));
    db.batch(&format!(
        "{TABLES} INSERT INTO big SELECT g, g FROM generate_series(1, 500) g; \
         INSERT INTO small SELECT g, g FROM generate_series(1, 5) g; ANALYZE big; ANALYZE small"
    ));
    project.write(
        "schema/10_tables.sql",
        &format!("{TABLES}CREATE INDEX {table}_n_idx ON {table} (n);\n"),
    );
    project
}

fn has_index(db: &strata_testkit::TestDb, name: &str) -> bool {
    let mut client = strata_testkit::connect(db.url());
    client
        .query_one(
            "SELECT to_regclass($1) IS NOT NULL",
            &[&format!("public.{name}")],
        )
        .unwrap()
        .get(0)
}

#[test]
fn a_plain_index_on_a_large_table_needs_approval() {
    let db = strata_testkit::TestDb::new();
    let project = indexing(&db, "big");
    let run = project.run(&["apply", "--yes", "--mode", "simple"]);
    assert_eq!(run.code, 3, "{run}");
    insta::assert_snapshot!("apply_large_table_needs_approval", run.stderr);
    assert!(
        run.stderr.contains("PG001 add-index-non-concurrently")
            && run
                .stderr
                .contains("approve it for this run: --allow PG001:public.big_n_idx")
            && run.stderr.contains("object = \"public.big_n_idx\""),
        "{run}"
    );
    assert_eq!(
        run.stderr.matches("approve it for this run").count(),
        1,
        "one finding carries the approval: {run}"
    );
    assert!(!has_index(&db, "big_n_idx"), "nothing ran");
    let plan = project.ok(&["plan", "--mode", "simple"]);
    assert!(
        plan.stdout.contains("[needs approval: PG001]"),
        "plan marks it: {plan}"
    );
    project.ok(&[
        "apply",
        "--yes",
        "--mode",
        "simple",
        "--allow",
        "PG001:public.big_n_idx",
    ]);
    assert!(has_index(&db, "big_n_idx"));
}

#[test]
fn the_online_recipe_on_a_large_table_needs_none() {
    let db = strata_testkit::TestDb::new();
    let project = indexing(&db, "big");
    let run = project.ok(&["apply", "--yes"]);
    assert!(run.stdout.contains("\nCREATE INDEX CONCURRENTLY"), "{run}");
    assert!(!run.stdout.contains("needs approval"), "{run}");
    assert!(has_index(&db, "big_n_idx"));
}

#[test]
fn set_not_null_on_a_large_table_needs_approval_unless_online() {
    let db = strata_testkit::TestDb::new();
    let project = indexing(&db, "big");
    let not_null = TABLES.replace(
        "big (id bigint PRIMARY KEY, n int)",
        "big (id bigint PRIMARY KEY, n int NOT NULL)",
    );
    project.write("schema/10_tables.sql", &not_null);
    let run = project.run(&["plan", "--mode", "simple"]);
    assert!(run.stdout.contains("[needs approval: PG014]"), "{run}");
    let run = project.ok(&["apply", "--yes"]);
    assert!(run.stdout.contains("NOT VALID"), "the online recipe: {run}");
    assert!(!run.stdout.contains("needs approval"), "{run}");
}

#[test]
fn a_small_table_never_needs_approval() {
    let db = strata_testkit::TestDb::new();
    let project = indexing(&db, "small");
    let run = project.ok(&["apply", "--yes", "--mode", "simple"]);
    assert!(
        run.stdout.contains("\nCREATE INDEX small_n_idx ON"),
        "{run}"
    );
    assert!(!run.stdout.contains("needs approval"), "{run}");
    assert!(has_index(&db, "small_n_idx"));
}

#[test]
fn the_approval_file_and_the_blanket_flag_approve_it_too() {
    let db = strata_testkit::TestDb::new();
    let project = indexing(&db, "big");
    project.write(
        "strata.approvals.toml",
        "[[approve]]\ncode = \"add-index-non-concurrently\"\nobject = \"public.big_n_idx\"\nreason = \"built at night\"\n",
    );
    project.ok(&["apply", "--yes", "--mode", "simple"]);
    assert!(has_index(&db, "big_n_idx"));
    db.batch("DROP INDEX big_n_idx");
    std::fs::remove_file(project.file("strata.approvals.toml")).unwrap();
    project.ok(&["apply", "--yes", "--mode", "simple", "--allow-destructive"]);
    assert!(has_index(&db, "big_n_idx"));
}

// ---------------------------------------------------------------------------------------
// Versioned

const CREATE: &str = "-- strata:revision aaa111\n-- strata:message create\n-- strata:up\n\
    CREATE TABLE big (id bigint PRIMARY KEY, n int);\n\
    INSERT INTO big SELECT g, g FROM generate_series(1, 500) g;\n\
    -- strata:down\nDROP TABLE big;\n";

fn index_revision(header: &str, concurrently: bool) -> String {
    let how = if concurrently { "CONCURRENTLY " } else { "" };
    format!(
        "-- strata:revision bbb222\n-- strata:parents aaa111\n-- strata:message index\n{header}\
         -- strata:up\nCREATE INDEX {how}big_n_idx ON big (n);\n-- strata:down\nDROP INDEX big_n_idx;\n"
    )
}

/// The first revision applied and `big` analysed: 500 rows, large.
fn versioned(db: &strata_testkit::TestDb) -> Project {
    let project = Project::new(db.url(), &[]);
    project.write("strata.toml", &config(db.url()));
    project.write("migrations/001_create.sql", CREATE);
    project.ok(&["upgrade"]);
    db.batch("ANALYZE big");
    project
}

#[test]
fn upgrade_refuses_a_plain_index_on_a_large_table_unless_approved() {
    let db = strata_testkit::TestDb::new();
    let project = versioned(&db);
    project.write("migrations/002_index.sql", &index_revision("", false));
    let run = project.run(&["upgrade"]);
    assert_eq!(run.code, 3, "{run}");
    assert!(
        run.stderr.contains("bbb222 up")
            && run
                .stderr
                .contains("-- strata:allow PG001 <why this is safe>")
            && run.stderr.contains("--allow PG001:public.big_n_idx"),
        "{run}"
    );
    assert!(!has_index(&db, "big_n_idx"), "nothing ran");
    project.write(
        "migrations/002_index.sql",
        &index_revision(
            "-- strata:allow PG001 built in the maintenance window\n",
            false,
        ),
    );
    project.ok(&["upgrade"]);
    assert!(has_index(&db, "big_n_idx"));
}

#[test]
fn upgrade_runs_a_concurrent_index_on_a_large_table_unapproved() {
    let db = strata_testkit::TestDb::new();
    let project = versioned(&db);
    project.write(
        "migrations/002_index.sql",
        &index_revision("-- strata:no-transaction\n", true),
    );
    project.ok(&["upgrade"]);
    assert!(has_index(&db, "big_n_idx"));
}

// ---------------------------------------------------------------------------------------
// Deprecate before you drop (declarative)

const USERS: &str =
    "CREATE TABLE users (\n  id bigint PRIMARY KEY,\n  name text,\n  email text\n);\n";
const USERS_MARKED: &str = "CREATE TABLE users (\n  id bigint PRIMARY KEY,\n  name text,\n  email text -- strata:deprecated\n);\n";
const USERS_WITHOUT_EMAIL: &str =
    "CREATE TABLE users (\n  id bigint PRIMARY KEY,\n  name text\n);\n";

/// `users` applied from the files, with a row.
fn users(db: &strata_testkit::TestDb, schema: &str) -> Project {
    let project = Project::new(db.url(), &[("10_users.sql", schema)]);
    project.ok(&["apply", "--yes"]);
    db.batch("INSERT INTO users VALUES (1, 'a', 'a@example.com')");
    project
}

fn has_column(db: &strata_testkit::TestDb, column: &str) -> bool {
    let mut client = strata_testkit::connect(db.url());
    client
        .query_one(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = $1",
            &[&column],
        )
        .unwrap()
        .get::<_, i64>(0)
        == 1
}

#[test]
fn dropping_a_column_not_marked_deprecated_needs_a_compatibility_approval() {
    let db = strata_testkit::TestDb::new();
    let project = users(&db, USERS);
    project.write("schema/10_users.sql", USERS_WITHOUT_EMAIL);
    let run = project.run(&["apply", "--yes", "--allow", "S002:public.users.email"]);
    assert_eq!(run.code, 3, "{run}");
    assert!(
        run.stderr
            .contains("S049 drop-without-deprecation: drops column public.users.email")
            && run
                .stderr
                .contains("approve it for this run: --allow S049:public.users.email"),
        "{run}"
    );
    assert!(has_column(&db, "email"), "nothing ran");
    project.ok(&[
        "apply",
        "--yes",
        "--allow",
        "S002:public.users.email,S049:public.users.email",
    ]);
    assert!(!has_column(&db, "email"));
}

#[test]
fn a_column_marked_deprecated_in_the_applied_schema_drops_with_the_data_loss_approval_only() {
    let db = strata_testkit::TestDb::new();
    let project = users(&db, USERS);
    // Marking changes no schema: nothing to apply, but the mark is recorded.
    project.write("schema/10_users.sql", USERS_MARKED);
    let run = project.ok(&["apply", "--yes"]);
    assert!(run.stderr.contains("No changes"), "{run}");
    // strata's marks table is its own: plans and dumps do not see it.
    assert!(common::pg_has_table(db.url(), "strata_history_marks"));
    let run = project.ok(&["plan"]);
    assert!(run.stderr.contains("No changes"), "{run}");
    let dump = project.ok(&["dump", db.url()]);
    assert!(dump.stdout.contains("CREATE TABLE"), "{dump}");
    assert!(!dump.stdout.contains("strata_history_marks"), "{dump}");

    project.write("schema/10_users.sql", USERS_WITHOUT_EMAIL);
    let plan = project.ok(&["plan"]);
    assert!(plan.stdout.contains("[needs approval: S002]"), "{plan}");
    project.ok(&["apply", "--yes", "--allow", "S002:public.users.email"]);
    assert!(!has_column(&db, "email"));
}

#[test]
fn a_mark_removed_from_the_files_no_longer_counts() {
    let db = strata_testkit::TestDb::new();
    let project = users(&db, USERS_MARKED);
    project.write("schema/10_users.sql", USERS);
    project.ok(&["apply", "--yes"]);
    project.write("schema/10_users.sql", USERS_WITHOUT_EMAIL);
    let run = project.run(&["apply", "--yes", "--allow", "S002:public.users.email"]);
    assert_eq!(run.code, 3, "{run}");
    assert!(
        run.stderr.contains("--allow S049:public.users.email"),
        "{run}"
    );
}

// ---------------------------------------------------------------------------------------
// Deprecate before you drop (versioned)

fn revision(id: &str, parent: Option<&str>, header: &str, up: &str) -> String {
    let parents = parent.map_or(String::new(), |p| format!("-- strata:parents {p}\n"));
    format!("-- strata:revision {id}\n{parents}-- strata:message m\n{header}-- strata:up\n{up}\n")
}

/// 001 creates `users`; 002 (when `mark`) marks `email` deprecated; 003 drops it, with
/// its data loss approved in its header.
fn dropping_email(db: &strata_testkit::TestDb, mark: &str) -> Project {
    let project = Project::new(db.url(), &[]);
    project.write(
        "migrations/001_users.sql",
        &revision(
            "aaa111",
            None,
            "",
            "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);",
        ),
    );
    project.write(
        "migrations/002_mark.sql",
        &revision(
            "bbb222",
            Some("aaa111"),
            "",
            &format!("ALTER TABLE users ALTER COLUMN email DROP NOT NULL; {mark}"),
        ),
    );
    project.write(
        "migrations/003_drop.sql",
        &revision(
            "ccc333",
            Some("bbb222"),
            "-- strata:allow S002 moved to contacts\n",
            "ALTER TABLE users DROP COLUMN email;",
        ),
    );
    project
}

#[test]
fn a_revision_drops_what_an_earlier_revision_marked_with_the_data_loss_approval_only() {
    let db = strata_testkit::TestDb::new();
    let project = dropping_email(&db, "-- strata:deprecated");
    project.ok(&["upgrade"]);
    let mut client = strata_testkit::connect(db.url());
    let left: i64 = client
        .query_one(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'users'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(left, 1, "email is gone");
}

#[test]
fn a_revision_dropping_an_unmarked_column_needs_the_compatibility_approval() {
    let db = strata_testkit::TestDb::new();
    let project = dropping_email(&db, "");
    let run = project.run(&["upgrade"]);
    assert_eq!(run.code, 3, "{run}");
    assert!(
        run.stderr.contains("ccc333 up")
            && run
                .stderr
                .contains("S049 drop-without-deprecation: drops column public.users.email")
            && !run.stderr.contains("S002 drop-column"),
        "{run}"
    );
    project.ok(&["upgrade", "--allow", "S049:public.users.email"]);
}

//! Approvals end to end: `--allow`, `strata.approvals.toml`, the refusal that lists what to
//! add, `plan`'s marks and `check`'s stale entries, on SQLite and PostgreSQL.
mod common;

use common::Project;

const USERS_V1: &str =
    "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, age INTEGER);\n";
/// V1 with `age` marked deprecated: dropping it needs the data-loss approval only.
const USERS_V1_AGE_DEPRECATED: &str = "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL,\n  age INTEGER -- strata:deprecated\n);\n";
const USERS_V2: &str = "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);\n";

/// A SQLite project whose next plan drops `main.users.age` (marked deprecated when it
/// was applied).
fn dropping_age() -> Project {
    let project = Project::new(
        "sqlite:app.db",
        &[("10_users.sql", USERS_V1_AGE_DEPRECATED)],
    );
    project.ok(&["apply", "--yes"]);
    project.write("schema/10_users.sql", USERS_V2);
    project
}

fn pending(project: &Project) -> bool {
    project.run(&["plan", "--exit-code"]).code == 2
}

#[test]
fn refusal_lists_every_step_with_the_lines_that_approve_it() {
    let old = "CREATE TABLE old_orders (id INTEGER PRIMARY KEY);\n";
    let project = Project::new(
        "sqlite:app.db",
        &[("10_users.sql", USERS_V1), ("20_old.sql", old)],
    );
    project.ok(&["apply", "--yes"]);
    project.write("schema/10_users.sql", USERS_V2);
    std::fs::remove_file(project.file("schema/20_old.sql")).unwrap();
    let run = project.run(&["apply", "--yes"]);
    assert_eq!(run.code, 3, "{run}");
    insta::assert_snapshot!("apply_needs_approval", run.to_string());
    assert!(pending(&project), "nothing ran");
}

#[test]
fn plan_marks_the_steps_that_need_approval() {
    let project = dropping_age();
    let run = project.ok(&["plan"]);
    assert!(run.stdout.contains("[needs approval: S002]"), "{run}");
    let run = project.ok(&["plan", "--allow", "S002:main.users.age"]);
    assert!(!run.stdout.contains("needs approval"), "{run}");
    let run = project.ok(&["plan", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        doc["steps"][0]["needs_approval"],
        serde_json::json!(["S002"])
    );
}

#[test]
fn a_flag_approves_the_rule_on_its_object_only() {
    let project = dropping_age();
    let run = project.run(&["apply", "--yes", "--allow", "S002:main.users.email"]);
    assert_eq!(run.code, 3, "another object is not approved: {run}");
    assert!(pending(&project));
    project.ok(&["apply", "--yes", "--allow", "S002:main.users.age"]);
    assert!(!pending(&project), "applied");
}

#[test]
fn a_flag_without_object_approves_the_rule_everywhere() {
    let project = dropping_age();
    project.ok(&["apply", "--yes", "--allow", "drop-column,S001"]);
    assert!(!pending(&project));
}

#[test]
fn the_approval_file_approves_one_rule_on_one_object() {
    let project = dropping_age();
    project.write(
        "strata.approvals.toml",
        "[[approve]]\ncode = \"S002\"\nobject = \"main.users.age\"\nreason = \"age moved to profiles\"\nby = \"alice\"\n",
    );
    project.ok(&["apply", "--yes"]);
    assert!(!pending(&project));
}

#[test]
fn a_malformed_approval_file_is_an_error_with_file_and_line() {
    let project = dropping_age();
    project.write(
        "strata.approvals.toml",
        "# reviewed in CI\n[[approve]]\ncode = \"S002\"\nreason = \"r\"\n",
    );
    let run = project.run(&["apply", "--yes"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr
            .contains("strata.approvals.toml:2: the approval of S002 names no `object`"),
        "{run}"
    );
    std::fs::remove_file(project.file("strata.approvals.toml")).unwrap();
    assert!(pending(&project), "nothing ran");
    let run = project.run(&["plan", "--allow", "S999"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.contains("unknown rule `S999`"), "{run}");
}

// ---------------------------------------------------------------------------------------
// PostgreSQL

fn postgres(db: &strata_testkit::TestDb) -> Project {
    let project = Project::new(
        db.url(),
        &[(
            "10_users.sql",
            "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n",
        )],
    );
    db.batch(
        "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, age int); \
         CREATE TABLE old_orders (id bigint PRIMARY KEY); \
         INSERT INTO users VALUES (1, 'a@example.com', 30)",
    );
    project
}

#[test]
fn postgres_refuses_and_approves_by_flag_and_file() {
    let db = strata_testkit::TestDb::new();
    let project = postgres(&db);
    let run = project.run(&["apply", "--yes", "--allow", "S002:public.users.age"]);
    assert_eq!(run.code, 3, "{run}");
    assert!(
        run.stderr.contains("--allow S001:public.old_orders"),
        "{run}"
    );
    assert!(!run.stderr.contains("--allow S002"), "approved: {run}");
    assert!(common::pg_has_table(db.url(), "old_orders"), "nothing ran");
    // Tables strata did not apply carry no deprecation marks: the drops need S049 too.
    assert!(
        run.stderr.contains("--allow S049:public.old_orders"),
        "{run}"
    );
    project.write(
        "strata.approvals.toml",
        "[[approve]]\ncode = \"drop-table\"\nobject = \"public.old_orders\"\nreason = \"replaced by orders\"\n\n\
         [[approve]]\ncode = \"drop-without-deprecation\"\nobject = \"public.old_orders\"\nreason = \"unused since 2024\"\n",
    );
    project.ok(&[
        "apply",
        "--yes",
        "--allow",
        "S002:public.users.age,S049:public.users.age",
    ]);
    assert!(!common::pg_has_table(db.url(), "old_orders"));
    let mut client = strata_testkit::connect(db.url());
    let email: String = client
        .query_one("SELECT email FROM users WHERE id = 1", &[])
        .unwrap()
        .get(0);
    assert_eq!(email, "a@example.com", "the kept column keeps its data");
}

#[test]
fn check_reports_stale_approvals() {
    let db = strata_testkit::TestDb::new();
    let project = postgres(&db);
    project.write(
        "strata.approvals.toml",
        "[[approve]]\ncode = \"S001\"\nobject = \"public.old_orders\"\nreason = \"r\"\n\n\
         [[approve]]\ncode = \"S002\"\nobject = \"public.users.nickname\"\nreason = \"r\"\n\n\
         [[approve]]\ncode = \"S001\"\nobject = \"public.gone\"\nreason = \"r\"\n",
    );
    // A revision still pending on the database drops `gone`: its approval is in use.
    project.write("migrations/001_create.sql", CREATE);
    project.write("migrations/002_drop.sql", &drop_gone(""));
    let run = project.run(&["check", "--url", db.url()]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr.contains(
            "[approvals] strata.approvals.toml:6: the approval of S002 on public.users.nickname matches nothing"
        ),
        "{run}"
    );
    assert!(
        !run.stderr.contains("on public.old_orders matches nothing"),
        "the drop is still planned: {run}"
    );
    assert!(
        !run.stderr.contains("on public.gone matches nothing"),
        "a pending revision drops it: {run}"
    );
}

// ---------------------------------------------------------------------------------------
// Versioned: upgrade and downgrade judge revisions not yet run

const CREATE: &str = "-- strata:revision aaa111\n-- strata:message create\n-- strata:up\n\
    CREATE TABLE t (id integer PRIMARY KEY, note text);\n\
    CREATE TABLE gone (id integer PRIMARY KEY);\n\
    -- strata:down\nDROP TABLE gone;\nDROP TABLE t;\n";

fn drop_gone(header: &str) -> String {
    format!(
        "-- strata:revision bbb222\n-- strata:parents aaa111\n-- strata:message drop gone\n{header}\
         -- strata:up\nDROP TABLE gone;\n-- strata:down\nCREATE TABLE gone (id integer PRIMARY KEY);\n"
    )
}

/// Upgrade refuses the unapproved drop (running nothing, not even the revision before
/// it), the revision's own header approves it, and an applied revision is not judged
/// again.
fn upgrade_by_header(project: &Project, object: &str) {
    project.write("migrations/001_create.sql", CREATE);
    project.write("migrations/002_drop.sql", &drop_gone(""));
    let run = project.run(&["upgrade"]);
    assert_eq!(run.code, 3, "{run}");
    assert!(
        run.stderr
            .contains(&format!("S001 drop-table: drops table {object}"))
            && run.stderr.contains(
                "approve it in the revision's header: -- strata:allow S001 <why this is safe>"
            )
            && run.stderr.contains(&format!("--allow S001:{object}")),
        "{run}"
    );
    let run = project.ok(&["current"]);
    assert!(!run.stdout.contains("aaa111"), "nothing ran: {run}");

    project.write(
        "migrations/002_drop.sql",
        &drop_gone(
            "-- strata:allow S001 gone was never used\n-- strata:allow S049 gone was never used\n",
        ),
    );
    let run = project.ok(&["upgrade"]);
    assert!(run.stderr.contains("2 revisions"), "{run}");
    // The approval is not part of the checksum, and applied revisions are not judged.
    project.write("migrations/002_drop.sql", &drop_gone(""));
    let run = project.ok(&["upgrade"]);
    assert!(run.stderr.starts_with("Nothing to do"), "{run}");
    project.ok(&["status", "--exit-code"]);
}

#[test]
fn sqlite_upgrade_needs_approval_and_the_header_gives_it() {
    let project = Project::new("sqlite:app.db", &[]);
    upgrade_by_header(&project, "main.gone");
    // Downgrading re-creates `gone` and drops nothing in 002's down; 001's down drops.
    let run = project.run(&["downgrade", "base", "--yes"]);
    assert_eq!(run.code, 3, "{run}");
    assert!(run.stderr.contains("aaa111 down"), "{run}");
    project.ok(&["downgrade", "base", "--yes", "--allow", "S001,S049"]);
}

#[test]
fn postgres_upgrade_needs_approval_and_the_header_gives_it() {
    let db = strata_testkit::TestDb::new();
    let project = Project::new(db.url(), &[]);
    upgrade_by_header(&project, "public.gone");
    assert!(!common::pg_has_table(db.url(), "gone"));
    assert!(common::pg_has_table(db.url(), "t"));
}

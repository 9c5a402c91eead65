//! The real `strata` binary, run in temporary directories against real SQLite files and
//! PostgreSQL databases. Exit code, stdout and stderr are snapshot-tested together, with
//! temporary paths and database names filtered out.
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A temporary project directory.
struct Project {
    dir: tempfile::TempDir,
}

/// One finished run of the binary.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl fmt::Display for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "exit_code: {}\n----- stdout -----\n{}----- stderr -----\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

impl Project {
    fn new() -> Project {
        Project {
            dir: tempfile::tempdir().expect("temporary directory"),
        }
    }

    /// A project whose `strata.toml` points at `sqlite:app.db`, with these schema files.
    fn sqlite(files: &[(&str, &str)]) -> Project {
        let project = Project::new();
        project.write("strata.toml", "url = \"sqlite:app.db\"\n");
        for (path, text) in files {
            project.write(&format!("schema/{path}"), text);
        }
        project
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn file(&self, rel: &str) -> PathBuf {
        self.path().join(rel)
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.file(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// An empty SQLite database at `rel`, for read-only commands, which never create one.
    /// SQLite reads a zero-length file as an empty database.
    fn empty_database(&self, rel: &str) {
        self.write(rel, "");
    }

    /// The binary in this directory, with a clean environment: no `DATABASE_URL`, no
    /// terminal on stdin (so no prompts), no colours.
    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_strata"));
        cmd.args(args)
            .current_dir(self.path())
            .env_remove("DATABASE_URL")
            .env_remove("RUST_BACKTRACE")
            .env_remove("NO_COLOR")
            .env_remove("PGPASSWORD");
        cmd
    }

    fn run(&self, args: &[&str]) -> Run {
        self.run_command(self.command(args))
    }

    fn run_with_env(&self, args: &[&str], name: &str, value: &str) -> Run {
        let mut cmd = self.command(args);
        cmd.env(name, value);
        self.run_command(cmd)
    }

    fn run_command(&self, mut cmd: Command) -> Run {
        let output = cmd.output().expect("run strata");
        Run {
            code: output.status.code().expect("exit code"),
            stdout: String::from_utf8(output.stdout).expect("utf-8 stdout"),
            stderr: String::from_utf8(output.stderr).expect("utf-8 stderr"),
        }
    }

    fn filters(&self) -> Vec<(String, &'static str)> {
        let mut filters = Vec::new();
        if let Ok(real) = self.path().canonicalize() {
            filters.push((escape(&real.display().to_string()), "[TEMP]"));
        }
        filters.push((escape(&self.path().display().to_string()), "[TEMP]"));
        filters.push((r"strata_test_\w+".to_string(), "[DB]"));
        filters.push((r"127\.0\.0\.1:\d{4,5}".to_string(), "[PG]"));
        filters
    }
}

/// Escapes regex metacharacters for a literal filter.
fn escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if r"\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Snapshots a run (exit code, stdout, stderr) under `name`, with the project's filters.
macro_rules! snapshot {
    ($project:expr, $name:expr, $run:expr) => {{
        let filters = $project.filters();
        let filters: Vec<(&str, &str)> = filters.iter().map(|(a, b)| (a.as_str(), *b)).collect();
        insta::with_settings!({ filters => filters, prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!($name, $run.to_string());
        });
    }};
}

const USERS_V1: &str = "\
CREATE TABLE users (
    id integer PRIMARY KEY,
    email text NOT NULL UNIQUE,
    age integer
);
";

const USERS_V2: &str = "\
CREATE TABLE users (
    id integer PRIMARY KEY,
    email text NOT NULL UNIQUE
);
";

const ORDERS: &str = "\
CREATE TABLE orders (
    id integer PRIMARY KEY,
    user_id integer NOT NULL REFERENCES users (id),
    total integer NOT NULL DEFAULT 0
);

CREATE INDEX orders_user_id_idx ON orders (user_id);
";

/// A project whose database has `USERS_V1` applied and whose schema now drops `age` and
/// adds `orders`: a plan with a destructive step, a new table and an index.
fn changed_project() -> Project {
    let project = Project::sqlite(&[("10_users.sql", USERS_V1)]);
    let run = project.run(&["apply", "--yes"]);
    assert_eq!(run.code, 0, "{run}");
    project.write("schema/10_users.sql", USERS_V2);
    project.write("schema/20_orders.sql", ORDERS);
    project
}

// ---------------------------------------------------------------------------------------
// The main flow

#[test]
fn init_then_apply_then_nothing_to_do() {
    let project = Project::new();
    snapshot!(project, "init", project.run(&["init"]));
    // `plan` only reads: before the first `apply` it plans from an empty database and
    // says the file does not exist yet, without creating it.
    snapshot!(project, "init_plan", project.run(&["plan"]));
    assert!(!project.file("app.db").exists());
    snapshot!(project, "init_apply", project.run(&["apply", "--yes"]));
    assert!(project.file("app.db").is_file());
    snapshot!(project, "init_plan_again", project.run(&["plan"]));
    let run = project.run(&["plan", "--exit-code"]);
    assert_eq!(run.code, 0, "{run}");
    let run = project.run(&["apply", "--yes"]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(run.stderr, "No changes: the database matches the schema.\n");
}

#[test]
fn init_refuses_to_overwrite() {
    let project = Project::new();
    assert_eq!(project.run(&["init"]).code, 0);
    snapshot!(project, "init_twice", project.run(&["init"]));

    let other = Project::new();
    other.write("schema/mine.sql", "CREATE TABLE mine (id integer);\n");
    snapshot!(other, "init_into_existing_schema", other.run(&["init"]));
    assert!(!other.file("strata.toml").exists());

    let run = other.run(&["init", "sub", "--url", "sqlite:sub.db"]);
    assert_eq!(run.code, 0, "{run}");
    let config = std::fs::read_to_string(other.file("sub/strata.toml")).unwrap();
    assert!(config.contains("url = \"sqlite:sub.db\""), "{config}");
    let run = other.run(&["--config", "sub/strata.toml", "apply", "--yes"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(
        other.file("sub/sub.db").is_file(),
        "paths follow strata.toml"
    );
}

// ---------------------------------------------------------------------------------------
// plan

#[test]
fn plan_text_marks_destructive_steps() {
    let project = changed_project();
    snapshot!(project, "plan_text", project.run(&["plan"]));
}

#[test]
fn plan_sql_is_only_runnable_statements() {
    let project = changed_project();
    let run = project.run(&["plan", "--format", "sql"]);
    snapshot!(project, "plan_sql", run);
    assert!(!run.stdout.contains("--"), "{run}");
    assert!(run.stdout.trim_end().ends_with(';'), "{run}");
}

#[test]
fn plan_json_is_machine_readable() {
    let project = changed_project();
    let run = project.run(&["plan", "--format", "json"]);
    assert_eq!(run.code, 0, "{run}");
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    let steps = doc["steps"].as_array().expect("steps");
    assert!(steps.len() >= 3, "{run}");
    for step in steps {
        for key in [
            "summary",
            "reason",
            "statements",
            "hazards",
            "transactional",
            "destructive",
        ] {
            assert!(step.get(key).is_some(), "{key} missing in {step}");
        }
    }
    let destructive: Vec<_> = steps.iter().filter(|s| s["destructive"] == true).collect();
    assert_eq!(destructive.len(), 1, "{run}");
    assert!(destructive[0]["hazards"].as_array().unwrap().iter().any(
        |h| h["axis"] == "data-loss" && h["code"].as_str().is_some_and(|c| c.starts_with('S'))
    ));
    snapshot!(project, "plan_json", run);
}

#[test]
fn plan_exit_code_says_whether_changes_are_pending() {
    let project = changed_project();
    let run = project.run(&["plan", "--exit-code"]);
    assert_eq!(run.code, 2, "{run}");
    assert_eq!(run.stdout, project.run(&["plan"]).stdout);
    let run = project.run(&["apply", "--yes", "--allow-destructive"]);
    assert_eq!(run.code, 0, "{run}");
    let run = project.run(&["plan", "--exit-code"]);
    assert_eq!(run.code, 0, "{run}");
}

#[test]
fn quiet_prints_only_data() {
    let project = changed_project();
    let run = project.run(&["plan", "-q", "--format", "sql"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(!run.stdout.is_empty());
    assert_eq!(run.stderr, "");
}

#[test]
fn schema_can_come_from_a_program() {
    let project = Project::sqlite(&[]);
    project.empty_database("app.db");
    project.write("db.sql", USERS_V2);
    let run = project.run(&["plan", "--schema", "exec:cat db.sql", "--format", "sql"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(run.stdout.contains("CREATE TABLE"), "{run}");
}

// ---------------------------------------------------------------------------------------
// apply

#[test]
fn apply_without_a_terminal_needs_yes() {
    let project = Project::sqlite(&[("10_users.sql", USERS_V2)]);
    snapshot!(project, "apply_no_tty", project.run(&["apply"]));
    let run = project.run(&["plan", "--exit-code"]);
    assert_eq!(run.code, 2, "nothing was applied: {run}");
}

#[test]
fn apply_refuses_destructive_steps() {
    let project = changed_project();
    snapshot!(
        project,
        "apply_destructive",
        project.run(&["apply", "--yes"])
    );
    let run = project.run(&["plan", "--exit-code"]);
    assert_eq!(run.code, 2, "nothing was applied: {run}");
    assert!(run.stdout.contains("destructive"), "{run}");

    let run = project.run(&["apply", "--yes", "--allow-destructive"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(run.stderr.ends_with("to sqlite:app.db.\n"), "{run}");
    let run = project.run(&["plan"]);
    assert_eq!(run.stderr, "No changes: the database matches the schema.\n");
}

#[test]
fn apply_failure_changes_nothing() {
    let project = Project::sqlite(&[("10_users.sql", USERS_V2)]);
    assert_eq!(project.run(&["apply", "--yes"]).code, 0);
    // Rows the new unique index rejects, so the plan fails part-way through.
    let status = Command::new("sqlite3")
        .arg(project.file("app.db"))
        .arg("CREATE TABLE t (a integer); INSERT INTO t VALUES (1), (1);")
        .status()
        .expect("sqlite3");
    assert!(status.success());
    project.write(
        "schema/20_t.sql",
        "CREATE TABLE t (a integer);\nCREATE UNIQUE INDEX t_a ON t (a);\n",
    );
    project.write("schema/30_orders.sql", ORDERS);
    snapshot!(project, "apply_failure", project.run(&["apply", "--yes"]));
    let run = project.run(&["plan"]);
    assert!(
        run.stdout.contains("create table main.orders"),
        "the whole plan was rolled back: {run}"
    );
}

#[test]
fn database_url_is_honoured_and_flags_override_it() {
    let project = Project::new();
    project.write("schema/10_users.sql", USERS_V2);
    let run = project.run_with_env(&["apply", "--yes"], "DATABASE_URL", "sqlite:env.db");
    assert_eq!(run.code, 0, "{run}");
    assert!(project.file("env.db").is_file());

    project.write("strata.toml", "url = \"sqlite:config.db\"\n");
    let run = project.run_with_env(&["plan"], "DATABASE_URL", "sqlite:env.db");
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(run.stderr, "No changes: the database matches the schema.\n");

    // The note names the database that was chosen; plan creates neither file.
    let run = project.run_with_env(
        &["plan", "--url", "sqlite:flag.db", "--exit-code"],
        "DATABASE_URL",
        "sqlite:env.db",
    );
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr.contains("`flag.db` does not exist yet"),
        "the flag wins: {run}"
    );
    let run = project.run(&["plan", "--exit-code"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr.contains("`config.db` does not exist yet"),
        "without the variable the config URL is used: {run}"
    );
    assert!(!project.file("flag.db").exists() && !project.file("config.db").exists());
}

// ---------------------------------------------------------------------------------------
// diff and dump

#[test]
fn diff_exits_like_diff() {
    let project = Project::new();
    project.write("a.sql", USERS_V1);
    project.write("b/10_users.sql", USERS_V2);
    project.write("b/20_orders.sql", ORDERS);
    snapshot!(
        project,
        "diff_different",
        project.run(&["diff", "a.sql", "b"])
    );
    snapshot!(
        project,
        "diff_equal",
        project.run(&["diff", "a.sql", "a.sql"])
    );
    snapshot!(
        project,
        "diff_missing",
        project.run(&["diff", "a.sql", "nope"])
    );
    let run = project.run(&["diff", "b", "a.sql", "--format", "sql"]);
    assert_eq!(run.code, 2, "{run}");

    // Files are loaded in memory even when strata.toml names a SQLite file.
    project.write("strata.toml", "url = \"sqlite:app.db\"\n");
    let run = project.run(&["diff", "a.sql", "a.sql"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(!project.file("app.db").exists());
}

#[test]
fn diff_against_a_database() {
    let project = Project::sqlite(&[("10_users.sql", USERS_V2)]);
    assert_eq!(project.run(&["apply", "--yes"]).code, 0);
    let run = project.run(&["diff", "sqlite:app.db", "schema"]);
    assert_eq!(run.code, 0, "{run}");
    project.write("schema/20_orders.sql", ORDERS);
    let run = project.run(&["diff", "sqlite:app.db", "schema", "--format", "sql"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stdout.contains("orders"), "{run}");
    snapshot!(
        project,
        "diff_sqlite_file_as_path",
        project.run(&["diff", "app.db", "schema"])
    );
}

#[test]
fn dump_prints_canonical_sql() {
    let project = Project::sqlite(&[("10_users.sql", USERS_V2), ("20_orders.sql", ORDERS)]);
    let files = project.run(&["dump", "schema"]);
    snapshot!(project, "dump_files", files);
    assert_eq!(project.run(&["apply", "--yes"]).code, 0);
    let database = project.run(&["dump", "sqlite:app.db"]);
    assert_eq!(database.code, 0, "{database}");
    assert_eq!(database.stdout, files.stdout);
    let configured = project.run(&["dump"]);
    assert_eq!(
        configured.stdout, files.stdout,
        "dump defaults to the configured URL"
    );
}

// ---------------------------------------------------------------------------------------
// Read-only commands never create a SQLite file

#[test]
fn plan_of_a_missing_sqlite_file_says_so_without_creating_it() {
    let project = Project::sqlite(&[("10_users.sql", USERS_V2)]);
    snapshot!(
        project,
        "plan_missing_sqlite_file",
        project.run(&["plan", "--url", "sqlite:typo.db"])
    );
    assert!(!project.file("typo.db").exists());
}

#[test]
fn diff_and_dump_of_a_missing_sqlite_file_fail_without_creating_it() {
    let project = Project::sqlite(&[("10_users.sql", USERS_V2)]);
    assert_eq!(project.run(&["apply", "--yes"]).code, 0);
    for args in [
        &["diff", "sqlite:typo.db", "schema"][..],
        &["diff", "sqlite:app.db", "sqlite:typo.db"],
        &["diff", "schema", "sqlite:typo.db"],
        &["dump", "sqlite:typo.db"],
        &["dump"],
    ] {
        let run = project.run_with_env(args, "DATABASE_URL", "sqlite:typo.db");
        assert_eq!(run.code, 1, "{args:?}: {run}");
        assert!(
            run.stderr
                .contains("database file `typo.db` does not exist"),
            "{args:?}: {run}"
        );
        assert!(!project.file("typo.db").exists(), "{args:?} created it");
    }
}

// ---------------------------------------------------------------------------------------
// Schema files are data: only schema objects are loaded

#[test]
fn schema_files_cannot_attach_databases() {
    let project = Project::sqlite(&[(
        "x.sql",
        "CREATE TABLE t (a integer);\n\nATTACH DATABASE 'x.db' AS x;\nCREATE TABLE x.u (a integer);\n",
    )]);
    project.empty_database("app.db");
    snapshot!(project, "schema_attach", project.run(&["plan"]));
    let run = project.run(&["apply", "--yes"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(!project.file("x.db").exists(), "nothing was attached");
}

#[test]
fn schema_files_cannot_vacuum_into_a_file_or_change_data() {
    let project = Project::new();
    project.write(
        "schema/x.sql",
        "CREATE TABLE t (a integer);\nVACUUM INTO 'copy.db';\n",
    );
    let run = project.run(&["dump", "schema"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr.starts_with(
            "error: schema/x.sql:2: VACUUM INTO is not allowed in a schema file\n\nhint: "
        ),
        "{run}"
    );
    assert!(!project.file("copy.db").exists(), "no copy was written");

    project.write(
        "schema/x.sql",
        "CREATE TABLE t (a integer);\n\n\nINSERT INTO t VALUES (1);\n",
    );
    let run = project.run(&["dump", "schema"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr
            .starts_with("error: schema/x.sql:4: INSERT is not allowed in a schema file\n"),
        "{run}"
    );
    assert!(run.stderr.contains("strata revision --empty"), "{run}");
}

#[test]
fn sqlite3_dump_files_load() {
    let project = Project::new();
    project.write(
        "schema/dump.sql",
        "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n\
         CREATE TABLE users (id integer PRIMARY KEY AUTOINCREMENT, email text NOT NULL UNIQUE);\n\
         CREATE INDEX users_email ON users (email);\n\
         DELETE FROM sqlite_sequence;\nCOMMIT;\n",
    );
    snapshot!(project, "sqlite3_dump", project.run(&["dump", "schema"]));

    // What sqlite3 itself writes reads back as the database it came from.
    assert_eq!(
        project
            .run(&["apply", "--url", "sqlite:app.db", "--yes"])
            .code,
        0
    );
    let dump = Command::new("sqlite3")
        .arg(project.file("app.db"))
        .arg(".dump")
        .output()
        .expect("sqlite3");
    assert!(dump.status.success());
    let text = String::from_utf8(dump.stdout).unwrap();
    assert!(text.contains("BEGIN TRANSACTION;"), "{text}");
    project.write("real/dump.sql", &text);
    let run = project.run(&["diff", "sqlite:app.db", "real"]);
    assert_eq!(run.code, 0, "{run}");
}

// ---------------------------------------------------------------------------------------
// Bad input: one paragraph on stderr and exit code 2

#[test]
fn syntax_error_names_the_file_and_line() {
    let project = Project::sqlite(&[
        ("10_users.sql", USERS_V2),
        (
            "20_orders.sql",
            "-- Orders.\n\nCREATE TABLE orders (\n    id integer PRIMARY KEY\n);\n\nCREATE TABL broken (id integer);\n",
        ),
    ]);
    project.empty_database("app.db");
    snapshot!(project, "syntax_error", project.run(&["plan"]));
}

#[test]
fn missing_schema_directory() {
    let project = Project::sqlite(&[]);
    snapshot!(project, "missing_schema", project.run(&["plan"]));
}

#[test]
fn unknown_config_key() {
    let project = Project::sqlite(&[("10_users.sql", USERS_V2)]);
    project.write(
        "strata.toml",
        "url = \"sqlite:app.db\"\nschema_dir = \"schema\"\n",
    );
    snapshot!(project, "unknown_config_key", project.run(&["plan"]));
}

#[test]
fn unsupported_url_scheme() {
    let project = Project::sqlite(&[("10_users.sql", USERS_V2)]);
    snapshot!(
        project,
        "unsupported_url",
        project.run(&["plan", "--url", "mysql://root@localhost/app"])
    );
    let run = project.run(&["diff", "mysql://root@localhost/app", "schema"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr.starts_with("error: unsupported database URL"),
        "{run}"
    );
}

#[test]
fn no_database_url() {
    let project = Project::new();
    project.write("schema/10_users.sql", USERS_V2);
    snapshot!(project, "no_url", project.run(&["plan"]));
}

#[test]
fn unreachable_database() {
    let project = Project::sqlite(&[("10_users.sql", USERS_V2)]);
    let run = project.run(&["plan", "--url", "postgres://postgres@127.0.0.1:1/x"]);
    assert_eq!(run.code, 1, "{run}");
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .starts_with("error: cannot connect to postgres://postgres@127.0.0.1:1/x"),
        "{run}"
    );
    assert!(run.stderr.contains("\n\nhint: "), "{run}");
}

#[test]
fn passwords_are_never_printed() {
    const SECRET: &str = "s3cr3t-pw";
    let project = Project::sqlite(&[("10_users.sql", USERS_V2)]);
    let url = format!("postgres://app:{SECRET}@127.0.0.1:1/x");
    let query_url = format!("postgres://app@127.0.0.1:1/x?password={SECRET}&sslmode=disable");
    let mysql = format!("mysql://root:{SECRET}@localhost/app");
    let runs = [
        project.run(&["plan", "--url", &url]),
        project.run(&["plan", "-v", "--url", &query_url]),
        project.run(&["apply", "--yes", "--url", &url]),
        project.run(&["diff", &url, "schema"]),
        project.run(&["dump", &url]),
        project.run(&["plan", "--url", &mysql]),
        project.run(&["diff", "schema", &mysql]),
        project.run(&[
            "plan",
            "--dev-url",
            &url,
            "--url",
            "postgres://app@127.0.0.1:1/y",
        ]),
        project.run_with_env(&["plan", "-v"], "DATABASE_URL", &url),
    ];
    for run in runs {
        assert_eq!(run.code, 1, "{run}");
        assert!(!run.stderr.contains(SECRET), "{run}");
        assert!(!run.stdout.contains(SECRET), "{run}");
    }
}

// ---------------------------------------------------------------------------------------
// PostgreSQL

/// A project whose schema is one PostgreSQL table.
fn postgres_project() -> Project {
    let project = Project::new();
    project.write(
        "schema/10_users.sql",
        "CREATE TABLE users (\n    id bigint PRIMARY KEY,\n    email text NOT NULL\n);\n",
    );
    project
}

#[test]
fn postgres_plan_apply_plan() {
    let db = strata_testkit::TestDb::new();
    let project = postgres_project();
    let run = project.run(&["plan", "--url", db.url()]);
    assert_eq!(run.code, 0, "{run}");
    assert!(
        run.stdout.contains("-- 1. create table public.users"),
        "{run}"
    );
    let run = project.run(&["apply", "--yes", "--url", db.url()]);
    assert_eq!(run.code, 0, "{run}");
    let run = project.run(&["plan", "--url", db.url(), "--exit-code"]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(run.stderr, "No changes: the database matches the schema.\n");
    let run = project.run(&["diff", db.url(), "schema"]);
    assert_eq!(run.code, 0, "{run}");
}

/// Findings follow the server version: the connected one, or `--pg-version`.
#[test]
fn postgres_findings_follow_the_server_version() {
    let db = strata_testkit::TestDb::new();
    db.batch("CREATE TABLE users (id bigint PRIMARY KEY)");
    let project = Project::new();
    project.write(
        "schema/users.sql",
        "CREATE TABLE users (id bigint PRIMARY KEY, n integer NOT NULL DEFAULT 0);\n",
    );
    let plan = |extra: &[&str]| {
        let mut args = vec!["plan", "--url", db.url(), "--format", "json"];
        args.extend_from_slice(extra);
        let run = project.run(&args);
        assert_eq!(run.code, 0, "{run}");
        serde_json::from_str::<serde_json::Value>(&run.stdout).expect("JSON")
    };
    let codes = |doc: &serde_json::Value| -> Vec<String> {
        doc["steps"][0]["hazards"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["code"].as_str().unwrap().to_string())
            .collect()
    };
    // The test server (13 or later) stores a constant default without a rewrite.
    let live = plan(&[]);
    let version = live["server_version"].as_str().unwrap();
    assert!(version.split('.').next().unwrap().parse::<u32>().unwrap() >= 13);
    assert!(!codes(&live).contains(&"PG004".to_string()), "{live}");
    let step = &live["steps"][0];
    assert_eq!(step["locks"][0]["relation"], "public.users");
    assert_eq!(step["locks"][0]["mode"], "ACCESS EXCLUSIVE");
    assert_eq!(step["effort"], "metadata");
    // PostgreSQL 10 writes the default into every row.
    let old = plan(&["--pg-version", "10"]);
    assert_eq!(old["server_version"], "10");
    let rewrite = old["steps"][0]["hazards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["code"] == "PG004")
        .unwrap_or_else(|| panic!("{old}"));
    assert_eq!(rewrite["relation"], "public.users");
    assert_eq!(rewrite["lock"], "ACCESS EXCLUSIVE");
    assert_eq!(rewrite["blocks"], "reads-and-writes");
    assert_eq!(old["steps"][0]["effort"], "rewrite");
    let text = project.run(&["plan", "--url", db.url(), "--pg-version", "10"]);
    assert!(
        text.stdout.contains(
            "--    lock ACCESS EXCLUSIVE on public.users (blocks reads and writes, while it rewrites the table and its indexes)"
        ),
        "{text}"
    );
    assert!(text.stdout.contains("--      instead: "), "{text}");
    let bad = project.run(&["plan", "--url", db.url(), "--pg-version", "9"]);
    assert_eq!(bad.code, 1, "{bad}");
}

#[test]
fn postgres_diff_two_databases() {
    let a = strata_testkit::TestDb::new();
    let b = strata_testkit::TestDb::new();
    b.batch("CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL)");
    let project = Project::new();
    let run = project.run(&["diff", a.url(), b.url()]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stdout.contains("CREATE TABLE"), "{run}");
    let run = project.run(&["diff", b.url(), b.url()]);
    assert_eq!(run.code, 0, "{run}");
}

#[test]
fn postgres_load_errors_name_the_file() {
    let db = strata_testkit::TestDb::new();
    let project = postgres_project();
    project.write(
        "schema/20_orders.sql",
        "CREATE TABLE orders (\n    id bigint PRIMARY KEY\n);\n\nCREATE TABL broken ();\n",
    );
    let run = project.run(&["plan", "--url", db.url()]);
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr
            .starts_with("error: schema/20_orders.sql:5: syntax error at or near \"TABL\""),
        "{run}"
    );
}

// ---------------------------------------------------------------------------------------
// Ctrl-C

#[test]
fn interrupt_exits_130() {
    let project = Project::sqlite(&[]);
    project.empty_database("app.db");
    project.write("db.sql", USERS_V2);
    let mut cmd = project.command(&["plan", "--schema", "exec:sleep 2; cat db.sql"]);
    cmd.stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let child = cmd.spawn().expect("start strata");
    // Give it time to install the handler and start the program.
    std::thread::sleep(std::time::Duration::from_millis(700));
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let output = child.wait_with_output().expect("wait");
    assert_eq!(output.status.code(), Some(130));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: interrupted\n"
    );
}

// ---------------------------------------------------------------------------------------
// Rule documentation

#[test]
fn explain_lists_the_rules_and_documents_one() {
    let project = Project::sqlite(&[]);
    snapshot!(project, "explain_list", project.run(&["explain"]));
    snapshot!(
        project,
        "explain_one",
        project.run(&["explain", "drop-column"])
    );
    let by_code = project.run(&["explain", "s002"]);
    assert_eq!(
        by_code.stdout,
        project.run(&["explain", "drop-column"]).stdout
    );
    snapshot!(
        project,
        "explain_unknown",
        project.run(&["explain", "no-such-rule"])
    );
}

#[test]
fn explain_json_carries_every_rule_once_with_its_databases() {
    let project = Project::sqlite(&[]);
    let run = project.run(&["explain", "--json"]);
    assert_eq!(run.code, 0, "{run}");
    let rules: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    let codes: std::collections::BTreeSet<&str> =
        rules.iter().map(|r| r["code"].as_str().unwrap()).collect();
    assert_eq!(codes.len(), rules.len(), "a code is listed twice");
    let dbs = |code: &str| {
        let rule = rules.iter().find(|r| r["code"] == code).unwrap();
        rule["databases"].as_array().unwrap().len()
    };
    assert_eq!(dbs("S001"), 2, "generic rules apply to every database");
    assert_eq!(dbs("PG001"), 1);
    assert_eq!(dbs("SQLITE001"), 1);
}

/// `users` renamed to `accounts` and `email` to `mail`, with no hint in the file.
const ACCOUNTS_UNHINTED: &str = "\
CREATE TABLE accounts (
    id integer PRIMARY KEY,
    mail text NOT NULL UNIQUE,
    age integer
);
";

#[test]
fn rename_flags_turn_a_drop_and_add_into_renames() {
    let project = Project::sqlite(&[("schema.sql", USERS_V1)]);
    assert_eq!(project.run(&["apply", "--yes"]).code, 0);
    project.write("schema/schema.sql", ACCOUNTS_UNHINTED);
    // Without a terminal nothing is offered: the plan drops and adds, and apply refuses.
    assert_eq!(project.run(&["apply", "--yes"]).code, 3);
    let flags = [
        "--rename",
        "main.users=main.accounts",
        "--rename",
        "main.accounts.email=main.accounts.mail",
    ];
    let plan = [&["plan"][..], &flags[..]].concat();
    snapshot!(project, "rename_flags_plan", project.run(&plan));
    let apply = [&["apply", "--yes"][..], &flags[..]].concat();
    assert_eq!(project.run(&apply).code, 0, "{}", project.run(&apply));
    snapshot!(project, "rename_flags_done", project.run(&["plan"]));
}

#[test]
fn rename_hints_warn_when_both_names_exist_and_fail_on_lines_naming_nothing() {
    let project = Project::sqlite(&[(
        "schema.sql",
        "CREATE TABLE users (id integer);\nCREATE TABLE accounts (id integer);\n",
    )]);
    assert_eq!(project.run(&["apply", "--yes"]).code, 0);
    project.write(
        "schema/schema.sql",
        "CREATE TABLE accounts (id integer); -- strata:renamed-from users\n",
    );
    snapshot!(project, "rename_hint_both_exist", project.run(&["plan"]));
    project.write(
        "schema/schema.sql",
        "CREATE TABLE users (\n    id integer,\n    PRIMARY KEY (id) -- strata:renamed-from x\n);\n",
    );
    snapshot!(project, "rename_hint_names_nothing", project.run(&["plan"]));
}

/// A large table gets the online recipes by size, `--mode simple` opts out, the plan
/// shows its transaction boundaries, a failure in the middle says what stays, and the
/// next apply reports the stopped run and finishes.
#[test]
fn postgres_online_plan_by_size_fails_in_the_middle_and_resumes() {
    let db = strata_testkit::TestDb::new();
    db.batch(
        "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
         INSERT INTO users SELECT g, 'u' || g FROM generate_series(1, 20000) g;
         UPDATE users SET email = 'dup' WHERE id IN (1, 2);
         ANALYZE users;",
    );
    let project = Project::new();
    project.write(
        "schema/10_users.sql",
        "CREATE TABLE users (\n    id bigint PRIMARY KEY,\n    email text NOT NULL\n);\n\
         CREATE INDEX users_a ON users (id, email);\n\
         CREATE UNIQUE INDEX users_z_email ON users (email);\n",
    );
    let run = project.run(&["plan", "--url", db.url()]);
    assert_eq!(run.code, 0, "{run}");
    assert!(
        run.stdout
            .contains("CREATE UNIQUE INDEX CONCURRENTLY users_z_email"),
        "{run}"
    );
    assert!(
        run.stdout.contains("-- step 1 runs outside a transaction"),
        "{run}"
    );
    assert!(run.stdout.contains("PG030 concurrent-index"), "{run}");
    assert!(!run.stdout.contains("hazard PG001"), "{run}");
    assert!(run.stderr.contains("outside a transaction"), "{run}");
    let simple = project.run(&["plan", "--url", db.url(), "--mode", "simple"]);
    // Only the statements: the findings' `instead:` lines do mention CONCURRENTLY.
    assert!(
        !simple.stdout.contains("INDEX CONCURRENTLY users_"),
        "{simple}"
    );
    assert!(simple.stdout.contains("PG001"), "{simple}");

    let run = project.run(&["apply", "--yes", "--url", db.url()]);
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr.contains("could not create unique index"),
        "{run}"
    );
    assert!(run.stderr.contains("step 1 was applied and stays"), "{run}");

    db.batch("UPDATE users SET email = 'u2' WHERE id = 2");
    let run = project.run(&["apply", "--yes", "--url", db.url()]);
    assert_eq!(run.code, 0, "{run}");
    assert!(
        run.stderr.contains("note: the online apply started at"),
        "{run}"
    );
    assert!(
        run.stderr
            .contains("failed after 1 of 2 steps were applied"),
        "{run}"
    );
    let run = project.run(&["plan", "--url", db.url(), "--exit-code"]);
    assert_eq!(run.code, 0, "{run}");
    let run = project.run(&["apply", "--yes", "--url", db.url()]);
    assert!(
        !run.stderr.contains("note: the online apply"),
        "reported once: {run}"
    );
}

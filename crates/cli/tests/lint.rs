//! `strata lint` through the real binary: the three output formats, ignore comments,
//! parse errors, revision folders, SQLite replay, and PostgreSQL replay and statistics.
mod common;

use common::Project;

fn project(files: &[(&str, &str)]) -> Project {
    let p = Project::new("sqlite:app.db", &[]);
    for (name, text) in files {
        p.write(name, text);
    }
    p
}

const SCRIPT: &str = "\
-- a hand-written migration
CREATE INDEX users_email ON users (email);
ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();
UPDATE users SET active = true;
CREATE TABLE audit (id bigint PRIMARY KEY, note text);
CREATE INDEX audit_note ON audit (note);
";

#[test]
fn text_output() {
    let p = project(&[("m/001.sql", SCRIPT)]);
    let run = p.run(&["lint", "m/001.sql"]);
    assert_eq!(run.code, 2, "{run}");
    insta::assert_snapshot!("lint_text", run.to_string());
}

#[test]
fn json_output() {
    let p = project(&[("m/001.sql", SCRIPT)]);
    let run = p.run(&["lint", "--format", "json", "m/001.sql"]);
    assert_eq!(run.code, 2, "{run}");
    let findings: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(findings[0]["method"], "syntax");
    insta::assert_snapshot!("lint_json", run.to_string());
}

#[test]
fn github_output() {
    let p = project(&[("m/001.sql", SCRIPT)]);
    let run = p.run(&["lint", "--format", "github", "m/001.sql"]);
    assert_eq!(run.code, 2, "{run}");
    insta::assert_snapshot!("lint_github", run.to_string());
}

#[test]
fn github_annotations_escape_line_breaks_and_percent() {
    let p = project(&[("m/a,b.sql", "DROP TABLE \"50%\r\nx\";\n")]);
    let run = p.run(&["lint", "--format", "github", "m/a,b.sql"]);
    assert_eq!(run.code, 2, "{run}");
    let first = run.stdout.lines().next().unwrap();
    assert!(
        first.starts_with("::warning file=m/a%2Cb.sql,line=1,col=1,title=S001 drop-table::"),
        "{first}"
    );
    assert!(first.contains("50%25\\r\\nx"), "{first}");
}

#[test]
fn ignore_comments_silence_their_codes_on_their_statement() {
    let p = project(&[(
        "m/001.sql",
        "SET lock_timeout = '2s';\n-- strata:ignore S001\nDROP TABLE old_stuff;\nTRUNCATE logs; -- strata:ignore S047, PG041\nDELETE FROM jobs;\n",
    )]);
    let run = p.run(&["lint", "m/001.sql"]);
    assert_eq!(run.code, 2, "{run}");
    assert_eq!(
        run.stdout,
        "m/001.sql:5:1: S046 delete-without-where: deletes every row of jobs (no WHERE clause)\n"
    );
    assert!(
        run.stderr.contains("1 finding in 1 file (2 ignored)."),
        "{run}"
    );
    p.write("m/001.sql", "-- strata:ignore S046\nDELETE FROM jobs;\n");
    let run = p.ok(&["lint", "m/001.sql"]);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "0 findings in 1 file (1 ignored).\n");
}

#[test]
fn a_file_that_does_not_parse_is_an_error_at_its_line() {
    let p = project(&[("bad.sql", "SELECT 1;\n\nALTER TABLE t ADD COLUM c int;\n")]);
    let run = p.run(&["lint", "bad.sql"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr
            .starts_with("error: bad.sql:3: syntax error at or near"),
        "{run}"
    );
}

fn revision(id: &str, parent: Option<&str>, no_transaction: bool, up: &str) -> String {
    let parents = parent.map_or(String::new(), |p| format!("-- strata:parents {p}\n"));
    let header = if no_transaction {
        "-- strata:no-transaction\n"
    } else {
        ""
    };
    format!(
        "-- strata:revision {id}\n{parents}-- strata:message m\n{header}-- strata:up\n{up}\n-- strata:down\nDROP TABLE t;\n"
    )
}

#[test]
fn concurrently_is_clean_only_in_a_no_transaction_revision() {
    let first = revision("aaa111", None, false, "CREATE TABLE t (a int);");
    let index = |no_tx| {
        revision(
            "bbb222",
            Some("aaa111"),
            no_tx,
            "CREATE INDEX CONCURRENTLY t_a ON t (a);",
        )
    };
    let p = project(&[
        ("migrations/001_t.sql", &first),
        ("migrations/002_index.sql", &index(true)),
    ]);
    let run = p.ok(&["lint", "migrations"]);
    assert_eq!(run.stderr, "0 findings in 2 files.\n", "{run}");
    p.write("migrations/002_index.sql", &index(false));
    let run = p.run(&["lint", "migrations"]);
    assert_eq!(run.code, 2, "{run}");
    assert_eq!(
        run.stdout,
        "migrations/002_index.sql:5:1: PG040 non-transactional-in-transaction: CREATE INDEX CONCURRENTLY cannot run in a transaction block, and this one runs in a revision that runs in a transaction (add `-- strata:no-transaction`)\n"
    );
    // The down section (DROP TABLE) is not linted.
    assert!(!run.stdout.contains("S001"), "{run}");
}

#[test]
fn sqlite_scripts_get_findings_by_replay() {
    let p = project(&[
        ("m/001.sql", "CREATE TABLE t (a integer, b text);\n"),
        (
            "m/002.sql",
            "CREATE INDEX t_a ON t (a);\n\nALTER TABLE t DROP COLUMN b;\n",
        ),
    ]);
    let run = p.run(&["lint", "--dialect", "sqlite", "--format", "json", "m"]);
    assert_eq!(run.code, 2, "{run}");
    let findings: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let found: Vec<(String, u64, String)> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["method"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // SQLite drops a column by rebuilding the table.
    let expected =
        [("SQLITE001", 3), ("S002", 3)].map(|(c, l)| (c.to_string(), l, "replay".to_string()));
    assert_eq!(found, expected, "{run}");
    // Alone, 002 cannot replay (no table t): a note, and no findings.
    let run = p.ok(&["lint", "--dialect", "sqlite", "m/002.sql"]);
    assert!(
        run.stderr.contains("note: m/002.sql:1: replay stopped"),
        "{run}"
    );
}

#[test]
fn postgres_replay_and_statistics_from_the_live_database() {
    let db = strata_testkit::TestDb::new();
    let setup = common::psql(
        db.url(),
        "CREATE TABLE users (id int, name text);\n\
         INSERT INTO users SELECT g, 'u' || g FROM generate_series(1, 500) g;\n\
         CREATE TABLE empty_t (id int);\n\
         ANALYZE users; ANALYZE empty_t;\n",
    );
    assert_eq!(setup.code, 0, "{setup}");
    let p = project(&[(
        "m/001.sql",
        "SET lock_timeout = '1s';\nCREATE INDEX users_name ON users (name);\nCREATE INDEX empty_id ON empty_t (id);\nALTER TABLE users ALTER COLUMN name TYPE varchar(5);\n",
    )]);
    let run = p.run(&["lint", "--url", db.url(), "--format", "json", "m/001.sql"]);
    assert_eq!(run.code, 2, "{run}");
    let findings: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let of = |code: &str| -> Vec<&serde_json::Value> {
        findings
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["code"] == code)
            .collect()
    };
    // The index on the table with rows says so; the one on the empty table is left out.
    let index = of("PG001");
    assert_eq!(index.len(), 1, "{run}");
    assert_eq!(index[0]["line"], 2);
    assert_eq!(index[0]["method"], "statistics");
    assert!(
        index[0]["message"]
            .as_str()
            .unwrap()
            .contains("about 500 rows"),
        "{run}"
    );
    // Only replay sees that text becomes a narrower type.
    let narrowing = of("S006");
    assert_eq!(narrowing.len(), 1, "{run}");
    assert_eq!(narrowing[0]["line"], 4);
    assert!(
        narrowing[0]["method"] == "replay" || narrowing[0]["method"] == "statistics",
        "{run}"
    );
    assert!(run.stderr.contains("about empty tables left out"), "{run}");
}

#[test]
fn check_lints_the_revisions_not_yet_applied() {
    let db = strata_testkit::TestDb::new();
    let p = Project::new(
        db.url(),
        &[(
            "s.sql",
            "CREATE TABLE t (a int);\nCREATE INDEX t_a ON t (a);\n",
        )],
    );
    let first = revision("aaa111", None, false, "CREATE TABLE t (a int);");
    let index = "-- strata:revision bbb222\n-- strata:parents aaa111\n-- strata:message index\n-- strata:up\nCREATE INDEX t_a ON t (a);\n-- strata:down\nDROP INDEX t_a;\n";
    p.write("migrations/001_t.sql", &first);
    p.write("migrations/002_index.sql", index);
    let run = p.run(&["check"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr
            .contains("  - [lint] migrations/002_index.sql:5:1: PG001 add-index-non-concurrently:")
            || run
                .stderr
                .contains("002_index.sql:5:1: PG001 add-index-non-concurrently:"),
        "{run}"
    );
    assert_eq!(run.stderr.matches("[lint]").count(), 1, "{run}");
    // Applied revisions can no longer change: check --url lints only pending ones.
    p.ok(&["upgrade"]);
    let run = p.ok(&["check", "--url", db.url()]);
    assert!(run.stderr.contains("lint"), "{run}");
    // An ignore comment accepts the finding.
    p.write(
        "migrations/002_index.sql",
        &index.replace("CREATE INDEX", "-- strata:ignore PG001\nCREATE INDEX"),
    );
    let run = p.run(&["check"]);
    assert!(!run.stderr.contains("[lint]"), "{run}");
}

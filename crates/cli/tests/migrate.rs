//! The migration subcommands through the real `strata` binary: SQLite files in temporary
//! projects, and PostgreSQL databases from the test server.
mod common;

use common::Project;

fn sqlite(files: &[(&str, &str)]) -> Project {
    Project::new("sqlite:app.db", files)
}

/// Replaces what changes from run to run: ids, file time stamps, timings, checksums.
fn stable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let words: Vec<&str> = text
        .split_inclusive(|c: char| !c.is_ascii_alphanumeric() && c != '.')
        .collect();
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let (word, sep) = w.split_at(
            w.trim_end_matches(|c: char| !c.is_ascii_alphanumeric() && c != '.')
                .len(),
        );
        let is_id = word.len() == 12
            && word
                .chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase());
        let is_stamp = word.len() == 15
            && word.as_bytes()[8] == b'T'
            && word.chars().filter(char::is_ascii_digit).count() == 14;
        let is_sha = word.len() == 64 && word.chars().all(|c| c.is_ascii_hexdigit());
        let next = words.get(i + 1).copied().unwrap_or("");
        let is_time = word.parse::<f64>().is_ok()
            && sep == " "
            && (next.starts_with("ms") || next.starts_with("s.") || next.starts_with("s)"));
        if is_id {
            out.push_str("[REV]");
        } else if is_stamp {
            out.push_str("[STAMP]");
        } else if is_sha {
            out.push_str("[SHA]");
        } else if is_time {
            out.push_str("[N]");
        } else {
            out.push_str(word);
        }
        out.push_str(sep);
        i += 1;
    }
    out
}

const USERS: &str =
    "CREATE TABLE users (\n    id integer PRIMARY KEY,\n    email text NOT NULL\n);\n";
const POSTS: &str = "CREATE TABLE posts (\n    id integer PRIMARY KEY,\n    user_id integer NOT NULL REFERENCES users (id)\n);\n";

#[test]
fn stable_masks_what_changes() {
    assert_eq!(
        stable("Applied 3f9a1c0b7d2e add (12 ms)\nmigrations/20261122T011500_x.sql sha256:"),
        "Applied [REV] add ([N] ms)\nmigrations/[STAMP]_x.sql sha256:"
    );
}

#[test]
fn revision_upgrade_history_downgrade_on_sqlite() {
    let p = sqlite(&[("users.sql", USERS)]);
    let run = p.ok(&["revision", "-m", "create users"]);
    assert!(
        run.stdout.starts_with("migrations/")
            && run.stdout.trim_end().ends_with("_create_users.sql"),
        "{run}"
    );
    assert!(
        run.stderr.contains("Wrote revision") && run.stderr.contains("create table main.users"),
        "{run}"
    );
    let run = p.ok(&["revision", "-m", "again"]);
    assert!(run.stderr.contains("No changes"), "{run}");
    assert_eq!(p.files("migrations").len(), 1);

    let run = p.ok(&["upgrade"]);
    assert_eq!(
        stable(&run.stderr),
        "Applied [REV] create users ([N] ms)\nUpgraded to [REV]: 1 revision in [N] ms.\n"
    );
    let run = p.ok(&["upgrade"]);
    assert!(
        run.stderr.starts_with("Nothing to do: the database is at "),
        "{run}"
    );

    p.write("schema/posts.sql", POSTS);
    p.ok(&["revision", "-m", "add posts"]);
    let run = p.ok(&["history"]);
    assert_eq!(
        stable(&run.stdout),
        "[REV] applied  create users\n[REV] pending  add posts (head)\n"
    );
    let run = p.ok(&["status"]);
    assert!(
        run.stdout.contains("pending:  ") && run.stdout.contains("drift:    none"),
        "{run}"
    );

    p.ok(&["upgrade"]);
    let run = p.ok(&["current"]);
    assert_eq!(stable(&run.stdout), "[REV] (head) add posts\n");
    // Downs drop tables: they need approval, named with the lines that give it.
    let run = p.run(&["downgrade", "-1", "--yes"]);
    assert_eq!(run.code, 3, "{run}");
    assert!(
        run.stderr
            .starts_with("error: refusing to run: 1 revision has findings that need approval"),
        "{run}"
    );
    assert!(
        run.stderr
            .contains("S001 drop-table: drops table main.posts")
            && run
                .stderr
                .contains("-- strata:allow S001 <why this is safe>")
            && run.stderr.contains("--allow S001:main.posts"),
        "{run}"
    );
    // Without a terminal, downgrade also needs --yes and changes nothing.
    let run = p.run(&["downgrade", "base", "--allow-destructive"]);
    assert_eq!(run.code, 3, "{run}");
    assert!(
        run.stderr
            .starts_with("error: refusing to downgrade without confirmation"),
        "{run}"
    );
    assert!(run.stderr.contains("hint: pass `--yes`"), "{run}");
    assert_eq!(
        stable(&p.ok(&["current"]).stdout),
        "[REV] (head) add posts\n"
    );
    let run = p.ok(&[
        "downgrade",
        "-1",
        "--yes",
        "--allow",
        "S001:main.posts,S049:main.posts",
    ]);
    assert!(
        run.stderr.contains("Reverted ") && run.stderr.contains("add posts"),
        "{run}"
    );
    let run = p.ok(&["current"]);
    assert_eq!(stable(&run.stdout), "[REV] create users\n");
    let run = p.ok(&[
        "downgrade",
        "base",
        "--yes",
        "--allow",
        "drop-table,drop-without-deprecation",
    ]);
    assert!(run.stderr.contains("Downgraded to base"), "{run}");
    let run = p.ok(&["check"]);
    assert_eq!(
        run.stderr,
        "check passed: 2 revisions (files, heads, replay, downs, schema).\n"
    );
}

#[test]
fn several_heads_refuse_upgrade_until_merged() {
    let p = sqlite(&[("users.sql", USERS)]);
    p.ok(&["revision", "-m", "create users"]);
    let first = std::fs::read_to_string(&p.files("migrations")[0]).unwrap();
    let id = first
        .lines()
        .next()
        .unwrap()
        .split_whitespace()
        .last()
        .unwrap()
        .to_string();
    for (name, rev) in [("a", "aaaa00000001"), ("b", "bbbb00000002")] {
        p.write(
            &format!("migrations/99990101T00000{}_{name}.sql", if name == "a" { 1 } else { 2 }),
            &format!("-- strata:revision {rev}\n-- strata:parents {id}\n-- strata:message branch {name}\n-- strata:up\nCREATE TABLE {name} (x integer);\n-- strata:down\nDROP TABLE {name};\n"),
        );
    }
    let run = p.run(&["upgrade"]);
    assert_eq!(run.code, 3, "{run}");
    assert!(
        run.stderr
            .contains("the migrations have 2 heads: aaaa00000001, bbbb00000002"),
        "{run}"
    );
    assert!(run.stderr.contains("hint: `strata merge"), "{run}");
    let run = p.ok(&["heads"]);
    assert_eq!(run.stdout, "aaaa00000001 branch a\nbbbb00000002 branch b\n");
    let run = p.run(&["check", "--no-downs"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("[heads] 2 heads"), "{run}");

    let run = p.ok(&["merge", "-m", "join branches"]);
    assert!(
        run.stdout.trim_end().ends_with("_join_branches.sql"),
        "{run}"
    );
    let run = p.ok(&["upgrade"]);
    assert!(run.stderr.contains("4 revisions"), "{run}");
    assert_eq!(p.ok(&["heads"]).stdout.lines().count(), 1);
}

#[test]
fn failures_name_the_revision_file_and_line() {
    let p = sqlite(&[]);
    p.write(
        "migrations/001_a.sql",
        "-- strata:revision aaa111\n-- strata:up\nCREATE TABLE a (id integer);\n-- strata:down\nDROP TABLE a;\n",
    );
    p.write(
        "migrations/002_b.sql",
        "-- strata:revision bbb222\n-- strata:parents aaa111\n-- strata:up\nCREATE TABLE b (id integer);\nINSERT INTO missing VALUES (1);\n-- strata:down\nDROP TABLE b;\n",
    );
    let run = p.run(&["upgrade"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.contains("error: upgrade of revision bbb222 failed at migrations/002_b.sql:5: no such table: missing"), "{run}");
    assert!(
        run.stderr
            .contains("completed before it (still applied): aaa111"),
        "{run}"
    );
    assert_eq!(p.ok(&["current"]).stdout, "aaa111 \n");

    // Editing an applied file is refused until repaired.
    p.write(
        "migrations/001_a.sql",
        "-- strata:revision aaa111\n-- strata:up\nCREATE TABLE a (id bigint);\n-- strata:down\nDROP TABLE a;\n",
    );
    let run = p.run(&["upgrade"]);
    assert_eq!(run.code, 3, "{run}");
    assert!(
        run.stderr
            .contains("aaa111 (migrations/001_a.sql): recorded sha256:"),
        "{run}"
    );
    assert!(
        run.stderr
            .contains("hint: applied revisions should not change"),
        "{run}"
    );
    let run = p.ok(&["repair", "aaa"]);
    assert!(
        run.stderr
            .starts_with("Recorded the new checksum of aaa111"),
        "{run}"
    );

    // A broken header is reported with its line.
    p.write(
        "migrations/003_c.sql",
        "-- strata:revision ccc333\n-- strata:parent bbb222\n-- strata:up\n",
    );
    let run = p.run(&["history"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr
            .contains("migrations/003_c.sql:2: unknown header `-- strata:parent`"),
        "{run}"
    );
}

#[test]
fn dirty_databases_need_resolve() {
    let p = sqlite(&[]);
    p.write(
        "migrations/001_a.sql",
        "-- strata:revision aaa111\n-- strata:no-transaction\n-- strata:up\nCREATE TABLE a (id integer);\nINSERT INTO missing VALUES (1);\n-- strata:down\nDROP TABLE a;\n",
    );
    let run = p.run(&["upgrade"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.contains("marked dirty"), "{run}");
    let run = p.run(&["upgrade"]);
    assert_eq!(run.code, 3, "{run}");
    assert!(run.stderr.contains("hint: look at what revision aaa111 changed, then run `strata resolve aaa111 --applied` or `--rolled-back`"), "{run}");
    let run = p.run(&["resolve", "aaa111"]);
    assert_eq!(
        run.code, 1,
        "one of --applied/--rolled-back is required: {run}"
    );
    let run = p.ok(&["resolve", "aaa111", "--applied"]);
    assert!(run.stderr.contains("no longer dirty"), "{run}");
    assert_eq!(p.ok(&["current"]).stdout, "aaa111 (head) \n");
}

#[test]
fn upgrade_sql_prints_the_script_and_changes_nothing() {
    let p = sqlite(&[("users.sql", USERS)]);
    p.ok(&["revision", "-m", "create users"]);
    // An empty database: `upgrade --sql` only reads, and never creates the file.
    p.write("app.db", "");
    let run = p.ok(&["upgrade", "--sql"]);
    assert!(
        run.stdout
            .starts_with("-- strata upgrade to head\n-- from base on sqlite:app.db\n"),
        "{run}"
    );
    assert!(
        run.stdout.contains("BEGIN;\nCREATE TABLE \"users\""),
        "{run}"
    );
    assert!(
        run.stdout.contains("INSERT INTO \"strata_history\""),
        "{run}"
    );
    assert!(run.stdout.contains("COMMIT;"), "{run}");
    assert_eq!(
        p.ok(&["current"]).stdout,
        "base\n",
        "nothing ran, no history table written"
    );
}

#[test]
fn read_only_commands_never_create_a_sqlite_file() {
    let p = sqlite(&[("users.sql", USERS)]);
    p.ok(&["revision", "-m", "create users"]);
    for args in [
        &["current", "--url", "sqlite:typo.db"][..],
        &["history", "--url", "sqlite:typo.db"],
        &["status", "--url", "sqlite:typo.db"],
        &["check", "--url", "sqlite:typo.db"],
        &["check", "--schema", "sqlite:typo.db"],
        &["upgrade", "--sql", "--url", "sqlite:typo.db"],
    ] {
        let run = p.run(args);
        assert_eq!(run.code, 1, "{args:?}: {run}");
        assert!(
            run.stderr
                .contains("database file `typo.db` does not exist"),
            "{args:?}: {run}"
        );
        assert!(!p.path().join("typo.db").exists(), "{args:?} created it");
    }
    p.ok(&["heads"]);
    assert!(!p.path().join("app.db").exists(), "heads reads no database");

    // The commands that write still create it, and the others then read it.
    p.ok(&["upgrade", "--url", "sqlite:typo.db"]);
    for args in [
        &["current", "--url", "sqlite:typo.db"][..],
        &["history", "--url", "sqlite:typo.db"],
        &["status", "--url", "sqlite:typo.db"],
        &["check", "--url", "sqlite:typo.db"],
        &["upgrade", "--sql", "--url", "sqlite:typo.db"],
    ] {
        p.ok(args);
    }
}

#[test]
fn check_fails_with_a_list() {
    let p = sqlite(&[("users.sql", USERS)]);
    p.write(
        "migrations/001_a.sql",
        "-- strata:revision aaa111\n-- strata:up\nCREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL);\nCREATE TABLE extra (x integer);\n-- strata:down\nDROP TABLE users;\n",
    );
    let run = p.run(&["check"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr
            .starts_with("error: check failed: 2 problems:\n  - [downs] the down of aaa111"),
        "{run}"
    );
    assert!(
        run.stderr.contains("left over: drop table main.extra"),
        "{run}"
    );
    assert!(run.stderr.contains("  - [schema] replaying the migrations does not give the schema files' schema; to get there: drop table main.extra"), "{run}");
}

#[test]
fn migrations_settings_come_from_strata_toml() {
    let p = sqlite(&[("users.sql", USERS)]);
    p.write(
        "strata.toml",
        "url = \"sqlite:app.db\"\n\n[migrations]\ndir = \"db/revisions\"\ntable = \"schema_log\"\n",
    );
    let run = p.ok(&["revision", "-m", "create users"]);
    assert!(run.stdout.starts_with("db/revisions/"), "{run}");
    p.ok(&["upgrade"]);
    assert_eq!(
        stable(&p.ok(&["current"]).stdout),
        "[REV] (head) create users\n"
    );
    let run = p.ok(&["current", "--history-table", "other_log"]);
    assert_eq!(run.stdout, "base\n", "a different table knows nothing");
    p.write(
        "strata.toml",
        "url = \"sqlite:app.db\"\n\n[migrations]\ndirectory = \"x\"\n",
    );
    let run = p.run(&["heads"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr.contains("unknown field `directory`")
            || run.stderr.contains("unknown key `directory`"),
        "{run}"
    );
}

#[test]
fn squash_stamp_and_status_on_postgres() {
    let db = strata_testkit::TestDb::new();
    let p = Project::new(db.url(), &[("users.sql", USERS)]);
    p.ok(&["revision", "-m", "create users"]);
    p.write("schema/posts.sql", POSTS);
    p.ok(&["revision", "-m", "add posts"]);
    let run = p.ok(&["upgrade"]);
    assert!(run.stderr.contains("2 revisions"), "{run}");
    let run = p.ok(&["status"]);
    assert!(
        run.stdout.contains("pending:  none\ndrift:    none\n"),
        "{run}"
    );

    db.batch("CREATE TABLE sneaky (id integer)");
    let run = p.ok(&["status"]);
    assert!(run.stdout.contains("drift:    the live schema differs from what its revisions produce:\n  - create table public.sneaky"), "{run}");
    db.batch("DROP TABLE sneaky");

    let head = stable(&p.ok(&["current"]).stdout);
    assert_eq!(head, "[REV] (head) add posts\n");
    let files = p.files("migrations");
    let second = std::fs::read_to_string(&files[1]).unwrap();
    let second_id = second
        .lines()
        .next()
        .unwrap()
        .split_whitespace()
        .last()
        .unwrap()
        .to_string();
    let run = p.ok(&["squash", "--to", &second_id]);
    assert!(run.stderr.contains("replacing 2 revisions"), "{run}");
    assert_eq!(p.files("migrations").len(), 1);
    let run = p.ok(&["upgrade"]);
    assert!(run.stderr.starts_with("Nothing to do"), "{run}");

    // A second database built from the baseline, then stamped back and forth.
    let other = strata_testkit::TestDb::new();
    let run = p.ok(&["upgrade", "--url", other.url()]);
    assert!(run.stderr.contains("1 revision"), "{run}");
    let run = p.ok(&["stamp", "base", "--url", other.url()]);
    assert!(run.stderr.contains("Stamped to base"), "{run}");
    let run = p.ok(&["check", "--url", db.url()]);
    assert!(run.stderr.starts_with("check passed: 1 revision"), "{run}");
}

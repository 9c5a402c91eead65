//! Rename hints end to end: schema files with `-- strata:renamed-from`, planned against a
//! real database holding rows, applied without allowing data loss (a drop would be
//! refused), then the rows are read back under the new names and a second plan is empty.
//!
//! PostgreSQL tests need the test server (`STRATA_TEST_PG_URL`); they never skip.
use std::path::{Path, PathBuf};
use strata::diff::{Rename, RenameNote};
use strata::{Database, LoadRules, Plan, Scope, Source};
use strata_testkit::TestDb;

/// A database to rename in, with a directory for its schema files.
struct Target {
    db: Box<dyn Database>,
    dir: tempfile::TempDir,
    _pg: Option<TestDb>,
}

fn postgres() -> Target {
    let pg = TestDb::new();
    let db = strata::connect(pg.url(), None).unwrap_or_else(|e| panic!("cannot connect: {e}"));
    Target {
        db,
        dir: tempfile::tempdir().unwrap(),
        _pg: Some(pg),
    }
}

fn sqlite() -> Target {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("app.db").display());
    let db = strata::connect(&url, None).unwrap_or_else(|e| panic!("cannot connect: {e}"));
    Target { db, dir, _pg: None }
}

impl Target {
    fn schema(&self, text: &str) -> PathBuf {
        let dir = self.dir.path().join("schema");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("schema.sql"), text).unwrap();
        dir
    }

    /// The plan from the database to `text`, with the files' hints and `flags`.
    fn plan(&mut self, text: &str, flags: &[&str]) -> (Plan, Vec<RenameNote>) {
        let dir = self.schema(text);
        let read = strata::read_source(
            &Source::Files(dir),
            self.db.as_mut(),
            &Scope::default(),
            &LoadRules::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let current = strata::introspect(self.db.as_mut(), &Scope::default()).unwrap();
        let naming = strata::naming(self.db.dialect());
        let mut hints = read.load.rename_hints();
        hints.extend(
            flags
                .iter()
                .map(|f| strata::parse_rename(f, naming, &current).unwrap()),
        );
        strata::plan_with_renames(&current, &read.catalog, &hints, self.db.as_ref()).unwrap()
    }

    /// Applies the plan to `text`, refusing data loss, and returns it.
    fn apply(&mut self, text: &str, flags: &[&str]) -> (Plan, Vec<RenameNote>) {
        let (plan, notes) = self.plan(text, flags);
        strata::apply(self.db.as_mut(), &plan, false).unwrap_or_else(|e| {
            panic!("{e}\n{}", plan.to_sql());
        });
        (plan, notes)
    }

    fn rows(&mut self, sql: &str) -> Vec<Vec<Option<String>>> {
        self.db.query(sql).unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    fn assert_settled(&mut self, text: &str) {
        let (plan, notes) = self.plan(text, &[]);
        assert!(plan.is_empty(), "second plan:\n{}", plan.to_sql());
        assert!(notes.is_empty(), "{notes:?}");
    }
}

fn summaries(plan: &Plan) -> Vec<&str> {
    plan.steps.iter().map(|s| s.summary.as_str()).collect()
}

fn codes(plan: &Plan) -> Vec<&str> {
    plan.steps
        .iter()
        .flat_map(|s| &s.hazards)
        .map(|h| h.code.as_str())
        .collect()
}

const USERS: &str = "CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL);\n";
const ACCOUNTS: &str = "CREATE TABLE accounts ( -- strata:renamed-from users\n\
    id integer PRIMARY KEY,\n\
    -- strata:renamed-from email\n\
    mail text NOT NULL\n\
    );\n";
/// A view over the columns, before and after: made again after the renames.
const USERS_VIEW: &str = "CREATE VIEW emails AS SELECT email FROM users;\n";
const ACCOUNTS_VIEW: &str = "CREATE VIEW emails AS SELECT mail FROM accounts;\n";

fn table_and_column_keep_their_rows(mut t: Target) {
    t.apply(&format!("{USERS}{USERS_VIEW}"), &[]);
    t.db.execute("INSERT INTO users (id, email) VALUES (1, 'a@x'), (2, 'b@x')")
        .unwrap();
    let accounts = format!("{ACCOUNTS}{ACCOUNTS_VIEW}");
    let (plan, notes) = t.apply(&accounts, &[]);
    assert!(notes.is_empty(), "{notes:?}");
    let s = summaries(&plan);
    assert!(
        s.contains(&"rename table public.users to accounts")
            || s.contains(&"rename table main.users to accounts"),
        "{s:?}"
    );
    assert!(s.iter().any(|s| s.starts_with("rename column")), "{s:?}");
    assert!(codes(&plan).contains(&"S040") && codes(&plan).contains(&"S041"));
    assert_eq!(
        t.rows("SELECT id, mail FROM accounts ORDER BY id"),
        vec![
            vec![Some("1".into()), Some("a@x".into())],
            vec![Some("2".into()), Some("b@x".into())],
        ]
    );
    assert_eq!(t.rows("SELECT mail FROM emails ORDER BY mail").len(), 2);
    // The hints stay in the files: once done, they are ignored, silently.
    t.assert_settled(&accounts);
}

#[test]
fn postgres_table_and_column_renames_keep_rows() {
    table_and_column_keep_their_rows(postgres());
}

#[test]
fn sqlite_table_and_column_renames_keep_rows() {
    table_and_column_keep_their_rows(sqlite());
}

#[test]
fn postgres_schema_type_constraint_index_and_view_renames_keep_rows() {
    let mut t = postgres();
    let before = "CREATE SCHEMA app;\n\
        CREATE TYPE app.mood AS ENUM ('ok', 'sad');\n\
        CREATE TABLE app.t (id int PRIMARY KEY, m app.mood,\n\
          CONSTRAINT t_id_check CHECK (id > 0));\n\
        CREATE INDEX t_m_idx ON app.t (m);\n\
        CREATE VIEW app.v AS SELECT id, m FROM app.t;\n";
    let after = "CREATE SCHEMA core; -- strata:renamed-from app\n\
        CREATE TYPE core.feeling AS ENUM ('ok', 'sad'); -- strata:renamed-from mood\n\
        CREATE TABLE core.t (id int PRIMARY KEY, m core.feeling,\n\
          CONSTRAINT t_id_positive CHECK (id > 0)); -- strata:renamed-from t_id_check\n\
        CREATE INDEX t_m_key ON core.t (m); -- strata:renamed-from t_m_idx\n\
        CREATE VIEW core.w AS SELECT id, m FROM core.t; -- strata:renamed-from v\n";
    t.apply(before, &[]);
    t.db.execute("INSERT INTO app.t VALUES (1, 'ok'), (2, 'sad')")
        .unwrap();
    let (plan, notes) = t.apply(after, &[]);
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(
        summaries(&plan),
        [
            "rename schema app to core",
            "rename type core.mood to feeling",
            "rename constraint t_id_check on core.t to t_id_positive",
            "rename view core.v to w",
            "rename index core.t_m_idx to t_m_key",
        ],
        "{}",
        plan.to_sql()
    );
    assert_eq!(
        t.rows("SELECT id, m::text FROM core.w ORDER BY id"),
        vec![
            vec![Some("1".into()), Some("ok".into())],
            vec![Some("2".into()), Some("sad".into())],
        ]
    );
    t.assert_settled(after);
}

#[test]
fn sqlite_views_and_indexes_are_made_again_under_their_new_names() {
    let mut t = sqlite();
    let before = "CREATE TABLE t (id INTEGER PRIMARY KEY, m TEXT);\n\
        CREATE INDEX t_m_idx ON t (m);\n\
        CREATE VIEW v AS SELECT id, m FROM t;\n";
    let after = "CREATE TABLE t (id INTEGER PRIMARY KEY, m TEXT);\n\
        CREATE INDEX t_m_key ON t (m); -- strata:renamed-from t_m_idx\n\
        CREATE VIEW w AS SELECT id, m FROM t; -- strata:renamed-from v\n";
    t.apply(before, &[]);
    t.db.execute("INSERT INTO t VALUES (1, 'ok')").unwrap();
    t.apply(after, &[]);
    assert_eq!(
        t.rows("SELECT id, m FROM w"),
        vec![vec![Some("1".into()), Some("ok".into())]]
    );
    t.assert_settled(after);
}

#[test]
fn both_names_existing_ignores_the_hint_with_a_note() {
    let mut t = sqlite();
    t.apply(
        "CREATE TABLE users (id INTEGER);\nCREATE TABLE accounts (id INTEGER);\n",
        &[],
    );
    let (plan, notes) = t.plan(
        "CREATE TABLE accounts (id INTEGER); -- strata:renamed-from users\n",
        &[],
    );
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(matches!(&notes[0], RenameNote::BothExist(Rename { .. })));
    assert!(
        notes[0].to_string().contains("both names exist"),
        "{}",
        notes[0]
    );
    assert_eq!(summaries(&plan), ["drop table main.users"]);
}

#[test]
fn rename_flags_apply_in_order_and_chains_become_one_rename() {
    for mut t in [postgres(), sqlite()] {
        t.apply(USERS, &[]);
        t.db.execute("INSERT INTO users (id, email) VALUES (7, 'c@x')")
            .unwrap();
        let schema = if t._pg.is_some() { "public" } else { "main" };
        let after = "CREATE TABLE people (id integer PRIMARY KEY, mail text NOT NULL);\n";
        let flags = [
            format!("{schema}.users={schema}.members"),
            format!("{schema}.members={schema}.people"),
            format!("{schema}.people.email={schema}.people.mail"),
        ];
        let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
        let (plan, notes) = t.apply(after, &flags);
        assert!(notes.is_empty(), "{notes:?}");
        let renames: Vec<&str> = summaries(&plan)
            .into_iter()
            .filter(|s| s.starts_with("rename"))
            .collect();
        assert_eq!(
            renames,
            [
                format!("rename table {schema}.users to people").as_str(),
                format!("rename column {schema}.people.email to mail").as_str(),
            ]
        );
        assert_eq!(
            t.rows("SELECT id, mail FROM people"),
            vec![vec![Some("7".into()), Some("c@x".into())]]
        );
        t.assert_settled(after);
    }
}

#[test]
fn an_annotation_on_a_line_naming_nothing_fails_the_read_with_file_and_line() {
    let mut t = sqlite();
    let dir = t.schema(
        "CREATE TABLE t (\n  id INTEGER,\n  PRIMARY KEY (id) -- strata:renamed-from x\n);\n",
    );
    let err = strata::read_source(
        &Source::Files(dir),
        t.db.as_mut(),
        &Scope::default(),
        &LoadRules::default(),
    )
    .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("schema.sql:3:"), "{text}");
    assert!(text.contains("names no table"), "{text}");
}

#[test]
fn deprecated_marks_are_on_the_load_report() {
    let mut t = sqlite();
    let dir = t.schema("CREATE TABLE t (\n  id INTEGER,\n  old TEXT -- strata:deprecated\n);\n");
    let read = strata::read_source(
        &Source::Files(dir),
        t.db.as_mut(),
        &Scope::default(),
        &LoadRules::default(),
    )
    .unwrap();
    let marked: Vec<String> = read
        .load
        .deprecated()
        .iter()
        .map(|id| id.to_string())
        .collect();
    assert_eq!(marked, ["column main.t.old"]);
    let _: &Path = t.dir.path();
}

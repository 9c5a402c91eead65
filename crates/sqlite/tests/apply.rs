//! Rendering and applying changes on real database files: rebuilds keep every row,
//! failures leave the file unchanged, foreign keys are checked.
mod common;

use common::{catalog_of, column, file_db, load, plan_for};
use strata_catalog::{QualName, TableExt};
use strata_diff::Change;
use strata_execute::{ApplyOptions, Database};
use strata_plan::{Axis, Dialect, Plan, Step};
use strata_sqlite::{SqliteDatabase, SqliteDialect};

/// Loads `from`, migrates to `to`, and checks that the result reads back like `to`.
fn migrate(db: &mut SqliteDatabase, to: &str) -> Plan {
    let desired = catalog_of(to);
    let current = db.introspect().unwrap();
    let plan = plan_for(&current, &desired);
    db.apply(&plan, &ApplyOptions::default())
        .unwrap_or_else(|e| panic!("{e}\n{}", plan.to_sql()));
    let after = db.introspect().unwrap();
    assert_eq!(after, desired, "plan was:\n{}", plan.to_sql());
    assert!(plan_for(&after, &desired).is_empty());
    plan
}

fn hazards(plan: &Plan, axis: Axis) -> Vec<String> {
    plan.steps
        .iter()
        .flat_map(|s| &s.hazards)
        .filter(|h| h.axis == axis)
        .map(|h| h.message.clone())
        .collect()
}

fn step(statements: &[&str]) -> Step {
    Step {
        summary: "test step".into(),
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
fn add_column_in_place_and_rebuild_when_it_cannot() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = file_db(dir.path(), "t.db");
    load(
        &mut db,
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT); INSERT INTO t (a) VALUES ('x'), ('y');",
    );
    let plan = migrate(
        &mut db,
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INTEGER NOT NULL DEFAULT 7);",
    );
    assert_eq!(
        plan.to_sql(),
        "ALTER TABLE \"t\" ADD COLUMN \"b\" INTEGER NOT NULL DEFAULT 7;\n"
    );
    // A timestamp default is not constant: SQLite refuses ADD COLUMN, so it is a rebuild.
    let plan = migrate(
        &mut db,
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INTEGER NOT NULL DEFAULT 7, \
         at TEXT DEFAULT CURRENT_TIMESTAMP);",
    );
    assert!(plan.to_sql().contains("_strata_new_t"), "{}", plan.to_sql());
    assert_eq!(
        column(&mut db, "SELECT a || b FROM t ORDER BY id"),
        vec!["x7", "y7"]
    );
}

#[test]
fn drop_column_rebuild_keeps_rows_and_says_what_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = file_db(dir.path(), "t.db");
    load(
        &mut db,
        "CREATE TABLE t (id INTEGER PRIMARY KEY, keep TEXT, gone TEXT UNIQUE);
         CREATE INDEX t_keep ON t (keep);
         CREATE TABLE log (msg TEXT);
         CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN INSERT INTO log VALUES (NEW.keep); END;
         INSERT INTO t (keep, gone) VALUES ('a', '1'), ('b', '2');",
    );
    let plan = migrate(
        &mut db,
        "CREATE TABLE t (id INTEGER PRIMARY KEY, keep TEXT);
         CREATE INDEX t_keep ON t (keep);
         CREATE TABLE log (msg TEXT);
         CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN INSERT INTO log VALUES (NEW.keep); END;",
    );
    assert_eq!(
        hazards(&plan, Axis::DataLoss),
        vec!["drops column main.t.gone and its data"]
    );
    assert_eq!(hazards(&plan, Axis::Duration).len(), 1);
    assert_eq!(
        column(&mut db, "SELECT id || keep FROM t ORDER BY id"),
        vec!["1a", "2b"]
    );
    // The copy fired no trigger; the recreated trigger fires on new rows.
    assert_eq!(column(&mut db, "SELECT msg FROM log"), vec!["a", "b"]);
    db.execute("INSERT INTO t (keep) VALUES ('c')").unwrap();
    assert_eq!(column(&mut db, "SELECT msg FROM log"), vec!["a", "b", "c"]);
    assert_eq!(
        column(
            &mut db,
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 't'"
        ),
        vec!["t_keep"]
    );
}

#[test]
fn change_type_and_add_not_null_with_default() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = file_db(dir.path(), "t.db");
    load(
        &mut db,
        "CREATE TABLE t (id INTEGER PRIMARY KEY, n TEXT, flag INTEGER);
         INSERT INTO t (n, flag) VALUES ('10', 1), ('x', NULL);",
    );
    let plan = migrate(
        &mut db,
        "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, flag INTEGER NOT NULL DEFAULT 0);",
    );
    let loss = hazards(&plan, Axis::DataLoss);
    assert_eq!(loss.len(), 2, "{loss:?}");
    assert!(
        loss[0].contains("main.t.n from TEXT to INTEGER"),
        "{loss:?}"
    );
    assert!(
        loss[1].contains("main.t.flag becomes NOT NULL: its NULLs are replaced by 0"),
        "{loss:?}"
    );
    assert_eq!(
        column(
            &mut db,
            "SELECT typeof(n) || ':' || n || ':' || flag FROM t ORDER BY id"
        ),
        vec!["integer:10:1", "text:x:0"]
    );
}

#[test]
fn new_not_null_column_without_default_fails_with_its_statement() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = file_db(dir.path(), "t.db");
    load(
        &mut db,
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT); INSERT INTO t (a) VALUES ('x');",
    );
    let desired = catalog_of("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT NOT NULL);");
    let plan = plan_for(&db.introspect().unwrap(), &desired);
    assert!(!hazards(&plan, Axis::DataDependent).is_empty());
    let err = db.apply(&plan, &ApplyOptions::default()).unwrap_err();
    assert_eq!(err.step, 1);
    assert!(
        err.statement.starts_with("INSERT INTO \"_strata_new_t\""),
        "{err}"
    );
    assert!(err.message.contains("NOT NULL"), "{err}");
    // Nothing changed, and foreign keys are back on.
    assert_eq!(column(&mut db, "SELECT a FROM t"), vec!["x"]);
    assert!(
        db.introspect().unwrap().tables[&QualName::new("main", "t")]
            .column("b")
            .is_none()
    );
    assert_eq!(column(&mut db, "PRAGMA foreign_keys"), vec!["1"]);
}

#[test]
fn rebuild_of_a_table_referenced_by_a_foreign_key_and_a_view() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = file_db(dir.path(), "t.db");
    let child = "CREATE TABLE purchase (
            id INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
            amount REAL NOT NULL);
        CREATE VIEW spend AS SELECT c.name, sum(p.amount) AS total
            FROM customer c JOIN purchase p ON p.customer_id = c.id GROUP BY c.name;
        CREATE TABLE audit (what TEXT);
        CREATE TRIGGER purchase_audit AFTER INSERT ON purchase
        BEGIN INSERT INTO audit SELECT name FROM customer WHERE id = NEW.customer_id; END;";
    load(
        &mut db,
        &format!(
            "CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT NOT NULL, tier INTEGER);
             {child}
             INSERT INTO customer (name, tier) VALUES ('ann', 1), ('bob', 2);
             INSERT INTO purchase (customer_id, amount) VALUES (1, 10), (1, 5), (2, 7);"
        ),
    );
    migrate(
        &mut db,
        &format!(
            "CREATE TABLE customer (id INTEGER PRIMARY KEY,
                name TEXT NOT NULL CHECK (length(name) > 0), tier TEXT NOT NULL DEFAULT 'basic');
             {child}"
        ),
    );
    // DROP TABLE with foreign keys on would have cascaded into purchase.
    assert_eq!(column(&mut db, "SELECT count(*) FROM purchase"), vec!["3"]);
    assert_eq!(
        column(
            &mut db,
            "SELECT name || '=' || total FROM spend ORDER BY name"
        ),
        vec!["ann=15.0", "bob=7.0"]
    );
    assert_eq!(
        column(&mut db, "SELECT tier FROM customer ORDER BY id"),
        vec!["1", "2"]
    );
    db.execute("INSERT INTO purchase (customer_id, amount) VALUES (2, 1)")
        .unwrap();
    assert_eq!(
        column(&mut db, "SELECT what FROM audit"),
        vec!["ann", "ann", "bob", "bob"]
    );
    // Foreign keys are enforced again after the apply.
    assert_eq!(column(&mut db, "PRAGMA foreign_keys"), vec!["1"]);
    db.execute("DELETE FROM customer WHERE id = 1").unwrap();
    assert_eq!(column(&mut db, "SELECT count(*) FROM purchase"), vec!["2"]);
}

#[test]
fn autoincrement_keeps_its_high_water_mark() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = file_db(dir.path(), "t.db");
    load(
        &mut db,
        "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, a TEXT);
         INSERT INTO t (a) VALUES ('1'), ('2'), ('3');
         DELETE FROM t WHERE id = 3;",
    );
    migrate(
        &mut db,
        "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, a TEXT NOT NULL DEFAULT '');",
    );
    db.execute("INSERT INTO t (a) VALUES ('4')").unwrap();
    assert_eq!(
        column(&mut db, "SELECT id FROM t ORDER BY id"),
        vec!["1", "2", "4"]
    );
}

#[test]
fn composite_keys_unique_and_without_rowid_survive_rebuilds() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = file_db(dir.path(), "t.db");
    load(
        &mut db,
        "CREATE TABLE m (a INTEGER NOT NULL, b INTEGER NOT NULL, note TEXT, PRIMARY KEY (a, b));
         INSERT INTO m VALUES (1, 1, 'x'), (1, 2, 'y');",
    );
    migrate(
        &mut db,
        "CREATE TABLE m (a INTEGER NOT NULL, b INTEGER NOT NULL, note TEXT UNIQUE,
            PRIMARY KEY (a, b)) WITHOUT ROWID;",
    );
    assert_eq!(
        column(&mut db, "SELECT a || b || note FROM m ORDER BY a, b"),
        vec!["11x", "12y"]
    );
    let dup = db.execute("INSERT INTO m VALUES (2, 1, 'x')").unwrap_err();
    assert!(dup.to_string().contains("UNIQUE"), "{dup}");
}

#[test]
fn a_failing_step_leaves_the_file_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = file_db(dir.path(), "t.db");
    load(&mut db, "CREATE TABLE t (a); INSERT INTO t VALUES (1);");
    let before = std::fs::read(dir.path().join("t.db")).unwrap();
    let plan = Plan {
        steps: vec![
            step(&["CREATE TABLE u (b)", "INSERT INTO t VALUES (2)"]),
            step(&["CREATE TABLE v (c)"]),
            step(&["CREATE INDEX broken ON nowhere (x)"]),
        ],
        preamble: Vec::new(),
        server_version: None,
    };
    let err = db.apply(&plan, &ApplyOptions::default()).unwrap_err();
    assert_eq!(err.step, 3);
    assert_eq!(err.summary, "test step");
    assert_eq!(err.statement, "CREATE INDEX broken ON nowhere (x)");
    assert!(err.message.contains("no such table"), "{err}");
    assert_eq!(column(&mut db, "SELECT count(*) FROM t"), vec!["1"]);
    assert_eq!(db.introspect().unwrap().tables.len(), 1);
    drop(db);
    assert_eq!(std::fs::read(dir.path().join("t.db")).unwrap(), before);
}

#[test]
fn foreign_key_violations_fail_a_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = file_db(dir.path(), "t.db");
    load(
        &mut db,
        "CREATE TABLE p (id INTEGER PRIMARY KEY, code TEXT);
         CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id));
         INSERT INTO p VALUES (1, 'a'), (2, 'b');
         INSERT INTO c VALUES (1, 1), (2, 2);",
    );
    // A rebuild that loses parent rows: the CHECK-less copy keeps them, so delete one by
    // hand inside the same plan to provoke the check.
    let desired = catalog_of(
        "CREATE TABLE p (id INTEGER PRIMARY KEY, code TEXT NOT NULL DEFAULT '');
         CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id));",
    );
    let mut plan = plan_for(&db.introspect().unwrap(), &desired);
    assert!(plan.to_sql().contains("_strata_new_p"));
    plan.steps.push(step(&["DELETE FROM p WHERE id = 2"]));
    let err = db.apply(&plan, &ApplyOptions::default()).unwrap_err();
    assert_eq!(err.statement, "PRAGMA foreign_key_check");
    assert!(
        err.message
            .contains("1 rows of table c reference missing rows of p"),
        "{err}"
    );
    assert_eq!(column(&mut db, "SELECT count(*) FROM p"), vec!["2"]);
    assert_eq!(column(&mut db, "PRAGMA foreign_keys"), vec!["1"]);
    assert_eq!(column(&mut db, "PRAGMA legacy_alter_table"), vec!["0"]);
}

#[test]
fn execute_in_transaction_is_all_or_nothing() {
    let mut db = SqliteDatabase::open_in_memory().unwrap();
    let err = db
        .execute_in_transaction(&["CREATE TABLE t (a)".into(), "SELEC 1".into()])
        .unwrap_err();
    assert_eq!(err.statement(), Some("SELEC 1"));
    assert!(db.introspect().unwrap().tables.is_empty());
    db.execute_in_transaction(&["CREATE TABLE t (a)".into()])
        .unwrap();
    assert_eq!(db.introspect().unwrap().tables.len(), 1);
}

#[test]
fn renders_hand_built_changes() {
    let cat = catalog_of(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);
         CREATE VIEW v AS SELECT a FROM t;
         CREATE INDEX t_a ON t (a);
         CREATE TRIGGER tr AFTER DELETE ON t BEGIN SELECT 1; END;",
    );
    let name = |n: &str| QualName::new("main", n);
    let table = cat.tables[&name("t")].clone();
    let view = cat.views[&name("v")].clone();
    let dialect = SqliteDialect;
    assert_eq!(dialect.name(), "sqlite");
    let render = |change: &Change| dialect.render(change).expect("sqlite renders it");
    let drop = render(&Change::DropTable(table.clone()));
    assert_eq!(drop.statements, vec!["DROP TABLE \"t\""]);
    assert_eq!(drop.hazards[0].axis, Axis::DataLoss);
    assert_eq!(
        drop.hazards[0].message,
        "drops table main.t and all its rows"
    );
    let create = render(&Change::CreateTable(table.clone()));
    assert_eq!(
        create.statements,
        vec![r#"CREATE TABLE "t" ("id" INTEGER PRIMARY KEY, "a" TEXT)"#]
    );
    let mut changed = view.clone();
    changed.definition = r#"CREATE VIEW "v" AS SELECT "id" FROM "t""#.into();
    let replace = render(&Change::ReplaceView {
        from: view.clone(),
        to: changed,
    });
    assert_eq!(
        replace.statements,
        vec![
            r#"DROP VIEW "v""#.to_string(),
            r#"CREATE VIEW "v" AS SELECT "id" FROM "t""#.to_string()
        ]
    );
    let index = cat.indexes[&name("t_a")].clone();
    assert_eq!(
        render(&Change::DropIndex(index)).statements,
        vec![r#"DROP INDEX "t_a""#]
    );
    let trigger = cat.triggers[&(name("t"), "tr".to_string())].clone();
    assert_eq!(
        render(&Change::DropTrigger(trigger)).statements,
        vec![r#"DROP TRIGGER "tr""#]
    );
    let schema = dialect.render(&Change::CreateSchema(strata_catalog::Schema {
        name: "x".into(),
        comment: None,
    }));
    assert_eq!(schema, Err(strata_plan::Unsupported));
}

#[test]
fn lower_folds_table_changes_into_one_rebuild() {
    let from = catalog_of(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT);
         CREATE INDEX t_a ON t (a);
         CREATE TABLE other (x);",
    );
    let to = catalog_of(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER NOT NULL DEFAULT 0, c TEXT);
         CREATE INDEX t_a ON t (a);
         CREATE INDEX t_c ON t (c);
         CREATE TABLE other (x, y);",
    );
    let changes = SqliteDialect.lower(strata_diff::diff(&from, &to, &SqliteDialect), &from, &to);
    let kinds: Vec<String> = changes
        .iter()
        .map(|c| {
            format!("{c:?}")
                .split(['(', ' ', '{'])
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        kinds,
        vec!["AddColumn", "RebuildTable", "CreateIndex", "CreateIndex"],
        "{changes:#?}"
    );
}

#[test]
fn views_using_a_dropped_column_are_recreated_around_the_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = file_db(dir.path(), "t.db");
    load(
        &mut db,
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT);
         CREATE VIEW v AS SELECT id, a, b FROM t;
         CREATE VIEW w AS SELECT a FROM v;
         INSERT INTO t (a, b) VALUES ('x', 'y');",
    );
    migrate(
        &mut db,
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);
         CREATE VIEW v AS SELECT id, a FROM t;
         CREATE VIEW w AS SELECT a FROM v;",
    );
    assert_eq!(column(&mut db, "SELECT a FROM w"), vec!["x"]);
    assert_eq!(
        column(&mut db, "PRAGMA integrity_check"),
        vec!["ok".to_string()]
    );
}

#[test]
fn new_tables_keep_their_foreign_keys_without_stored_text() {
    let mut to = catalog_of(
        "CREATE TABLE p (id INTEGER PRIMARY KEY);
         CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id));",
    );
    for table in to.tables.values_mut() {
        table.ext = TableExt::Neutral;
    }
    let mut db = SqliteDatabase::open_in_memory().unwrap();
    let plan = plan_for(&db.introspect().unwrap(), &to);
    db.apply(&plan, &ApplyOptions::default()).unwrap();
    let err = db.execute("INSERT INTO c VALUES (1, 42)").unwrap_err();
    assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
}

const TRICKY: &str = r#"
CREATE TABLE "odd ""name""" ("the key" TEXT PRIMARY KEY, [order] INTEGER DEFAULT -1,
    `select` BLOB DEFAULT x'00ff', note TEXT DEFAULT 'it''s -- not /* a */ comment')
    WITHOUT ROWID, STRICT;
CREATE TABLE kv (key TEXT NOT NULL PRIMARY KEY ON CONFLICT REPLACE, value TEXT,
    at TEXT DEFAULT (datetime('now', '+1 day')),
    flag INTEGER NOT NULL DEFAULT TRUE CHECK (flag IN (0, 1)),
    CONSTRAINT "kv value" CHECK (value IS NOT NULL OR key LIKE 'tmp%' ESCAPE '\'));
CREATE INDEX kv_at ON kv (at COLLATE nocase DESC, lower(value)) WHERE flag = 1 AND at > '2020';
CREATE VIEW kv_view AS
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3)
    SELECT key, value, row_number() OVER (PARTITION BY flag ORDER BY key) AS rn,
        CASE WHEN value ->> '$.a' IS NULL THEN 'none' ELSE 'some' END AS kind,
        CAST(flag AS text) AS flag_text, (SELECT count(*) FROM n) AS three
    FROM kv WHERE key NOT IN (SELECT "the key" FROM "odd ""name""");
CREATE TRIGGER kv_guard BEFORE UPDATE OF value ON kv FOR EACH ROW
    WHEN new.value = 'forbidden'
BEGIN
    SELECT RAISE(ABORT, 'no; really');
END;
CREATE TRIGGER kv_view_insert INSTEAD OF INSERT ON kv_view
BEGIN
    INSERT INTO kv (key, value) VALUES (new.key, new.value)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value;
END;
"#;

#[test]
fn tricky_schema_created_from_canonical_text_reads_back_equal() {
    let desired = catalog_of(TRICKY);
    let dir = tempfile::tempdir().unwrap();
    let mut db = file_db(dir.path(), "t.db");
    let plan = plan_for(&db.introspect().unwrap(), &desired);
    db.apply(&plan, &ApplyOptions::default())
        .unwrap_or_else(|e| panic!("{e}\n{}", plan.to_sql()));
    assert_eq!(db.introspect().unwrap(), desired, "{}", plan.to_sql());
    assert_eq!(
        column(&mut db, "SELECT name FROM pragma_table_info('kv_view')"),
        vec!["key", "value", "rn", "kind", "flag_text", "three"]
    );
    db.execute("INSERT INTO kv_view (key, value) VALUES ('a', '{\"a\": 1}')")
        .unwrap();
    assert_eq!(
        column(&mut db, "SELECT key || kind || three FROM kv_view"),
        vec!["asome3"]
    );
    let err = db.execute("UPDATE kv SET value = 'forbidden'").unwrap_err();
    assert!(err.to_string().contains("no; really"), "{err}");

    // Rebuild kv (its CHECK changes) under the view and the triggers.
    let changed = TRICKY.replace("flag IN (0, 1)", "flag IN (0, 1, 2)");
    migrate(&mut db, &changed);
    assert_eq!(
        column(&mut db, "SELECT key || kind FROM kv_view"),
        vec!["asome"]
    );
    let err = db.execute("UPDATE kv SET value = 'forbidden'").unwrap_err();
    assert!(err.to_string().contains("no; really"), "{err}");
}

#[test]
fn an_event_trigger_planned_for_sqlite_fails_naming_it() {
    let mut to = strata_catalog::Catalog::default();
    to.event_triggers.insert(
        "audit_ddl".into(),
        strata_catalog::EventTrigger {
            name: "audit_ddl".into(),
            event: strata_catalog::EventTriggerEvent::DdlCommandEnd,
            tags: Vec::new(),
            function: QualName::new("main", "audit"),
            enabled: strata_catalog::TriggerState::Origin,
            comment: None,
        },
    );
    let err = strata_plan::build_plan(&strata_catalog::Catalog::default(), &to, &SqliteDialect)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "sqlite cannot express: create event trigger audit_ddl"
    );
}

//! Event triggers in schema files: loading the files never fires them (a trigger that
//! would refuse every later DDL command loads, and the commands after it too), and what
//! is read back, or applied to a real database, has the state the files asked for.
//!
//! They need the test server (`STRATA_TEST_PG_URL`); they never skip.
use std::path::PathBuf;
use strata::catalog::{Catalog, QualName, TriggerState};
use strata::{Database, LoadRules, Scope, Source, SqlFile};
use strata_testkit::TestDb;

/// A function that refuses every DDL command it sees, saying so.
const REFUSE_DDL: &str = "CREATE FUNCTION refuse_ddl() RETURNS event_trigger LANGUAGE plpgsql \
    AS $$ BEGIN RAISE EXCEPTION 'event trigger fired on %', tg_tag; END $$;\n";

/// Event triggers before more DDL, in each state; `late` is made before its function
/// exists (a later file defines it), so the loader retries it.
fn schema_files() -> Vec<(&'static str, String)> {
    vec![
        (
            "01-triggers.sql",
            format!(
                "{REFUSE_DDL}\
                 CREATE EVENT TRIGGER no_ddl ON ddl_command_start EXECUTE FUNCTION refuse_ddl();\n\
                 CREATE TABLE after_no_ddl (a int);\n\
                 CREATE EVENT TRIGGER always ON ddl_command_end\n\
                     WHEN TAG IN ('create table', 'CREATE INDEX') EXECUTE FUNCTION refuse_ddl();\n\
                 ALTER EVENT TRIGGER always ENABLE ALWAYS;\n\
                 CREATE EVENT TRIGGER replica ON sql_drop EXECUTE FUNCTION refuse_ddl();\n\
                 ALTER EVENT TRIGGER replica ENABLE REPLICA;\n\
                 CREATE EVENT TRIGGER off ON table_rewrite EXECUTE FUNCTION refuse_ddl();\n\
                 ALTER EVENT TRIGGER off DISABLE;\n\
                 COMMENT ON EVENT TRIGGER off IS 'kept off';\n\
                 CREATE EVENT TRIGGER late ON ddl_command_start EXECUTE FUNCTION late_fn();\n\
                 CREATE TABLE after_all (a int);\n\
                 CREATE INDEX after_all_a ON after_all (a);\n"
            ),
        ),
        (
            "02-more.sql",
            "CREATE FUNCTION late_fn() RETURNS event_trigger LANGUAGE plpgsql \
                 AS $$ BEGIN RAISE EXCEPTION 'late fired'; END $$;\n\
             CREATE TABLE second_file (a int);\n\
             DROP TABLE second_file;\n"
                .to_string(),
        ),
    ]
}

const WANTED: [(&str, TriggerState); 5] = [
    ("always", TriggerState::Always),
    ("late", TriggerState::Origin),
    ("no_ddl", TriggerState::Origin),
    ("off", TriggerState::Disabled),
    ("replica", TriggerState::Replica),
];

fn write_files(dir: &std::path::Path) {
    for (name, text) in schema_files() {
        std::fs::write(dir.join(name), text).expect("write schema file");
    }
}

fn sql_files() -> Vec<SqlFile> {
    schema_files()
        .into_iter()
        .map(|(name, text)| SqlFile {
            path: PathBuf::from(name),
            text,
        })
        .collect()
}

fn connect(db: &TestDb) -> Box<dyn Database> {
    strata::connect(db.url(), None).unwrap_or_else(|e| panic!("cannot connect: {e}"))
}

fn states(catalog: &Catalog) -> Vec<(&str, TriggerState)> {
    catalog
        .event_triggers
        .values()
        .map(|e| (e.name.as_str(), e.enabled))
        .collect()
}

/// `evtname` and `evtenabled` of every event trigger, as the server has them.
fn server_states(db: &TestDb) -> Vec<(String, String)> {
    db.client()
        .query(
            "SELECT evtname::text, evtenabled::text FROM pg_event_trigger ORDER BY 1",
            &[],
        )
        .expect("read pg_event_trigger")
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect()
}

fn read_files(host: &TestDb) -> Catalog {
    let dir = tempfile::tempdir().expect("temp dir");
    write_files(dir.path());
    strata::read_catalog(
        &Source::Files(dir.path().to_path_buf()),
        connect(host).as_mut(),
        &Scope::default(),
        &LoadRules::default(),
    )
    .unwrap_or_else(|e| panic!("the files must load without firing their triggers: {e}"))
}

#[test]
fn files_with_refusing_event_triggers_load_and_read_back_in_the_asked_states() {
    let host = TestDb::new();
    let catalog = read_files(&host);
    assert_eq!(states(&catalog), WANTED);
    for table in ["after_no_ddl", "after_all"] {
        assert!(
            catalog.tables.contains_key(&QualName::new("public", table)),
            "{table} was loaded after the triggers"
        );
    }
    let always = &catalog.event_triggers["always"];
    assert_eq!(always.tags, ["CREATE INDEX", "CREATE TABLE"]);
    assert_eq!(always.function, QualName::new("public", "refuse_ddl"));
    assert_eq!(
        catalog.event_triggers["off"].comment.as_deref(),
        Some("kept off")
    );
}

#[test]
fn loading_leaves_every_event_trigger_disabled_until_the_states_are_set() {
    let db = TestDb::new();
    let report = strata::load_files(connect(&db).as_mut(), &sql_files(), &LoadRules::default())
        .unwrap_or_else(|e| panic!("load failed: {e}"));
    let disabled: Vec<(String, String)> = WANTED
        .iter()
        .map(|(n, _)| (n.to_string(), "D".to_string()))
        .collect();
    assert_eq!(
        server_states(&db),
        disabled,
        "nothing was enabled while loading"
    );
    assert_eq!(report.deferred.len(), 8, "{:#?}", report.deferred);

    // A database that keeps the files gets the states once everything is in.
    let kept = TestDb::new();
    let mut conn = connect(&kept);
    let report = strata::load_files(conn.as_mut(), &sql_files(), &LoadRules::default())
        .unwrap_or_else(|e| panic!("load failed: {e}"));
    strata::apply_deferred(conn.as_mut(), &report)
        .unwrap_or_else(|e| panic!("apply_deferred failed: {e}"));
    let codes: Vec<(String, String)> = ["A", "O", "O", "D", "R"]
        .iter()
        .zip(WANTED)
        .map(|(code, (n, _))| (n.to_string(), code.to_string()))
        .collect();
    assert_eq!(server_states(&kept), codes);
}

#[test]
fn apply_creates_the_event_triggers_last_in_their_states() {
    let host = TestDb::new();
    let desired = read_files(&host);
    let target = TestDb::new();
    let mut db = connect(&target);
    let current = strata::introspect(db.as_mut(), &Scope::default()).unwrap();
    let plan = strata::plan(&current, &desired, db.as_ref()).unwrap();
    // `no_ddl` refuses every DDL command: applying works only if it is made after the
    // plan's other steps.
    strata::apply(db.as_mut(), &plan, false)
        .unwrap_or_else(|e| panic!("{e}\n--- plan ---\n{}", plan.to_sql()));
    let codes: Vec<(String, String)> = ["A", "O", "O", "D", "R"]
        .iter()
        .zip(WANTED)
        .map(|(code, (n, _))| (n.to_string(), code.to_string()))
        .collect();
    assert_eq!(server_states(&target), codes);
    let after = strata::introspect(db.as_mut(), &Scope::default()).unwrap();
    let replan = strata::plan(&after, &desired, db.as_ref()).unwrap();
    assert!(replan.is_empty(), "re-plan:\n{}", replan.to_sql());
    let hazards: Vec<&str> = plan
        .steps
        .iter()
        .flat_map(|s| s.hazards.iter().map(|h| h.code.as_str()))
        .filter(|c| *c == "PG012")
        .collect();
    assert_eq!(hazards.len(), 4, "every enabled event trigger is flagged");
}

#[test]
fn a_state_for_an_event_trigger_the_files_never_make_fails_at_its_line() {
    let host = TestDb::new();
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("schema.sql"),
        "CREATE TABLE t (a int);\nALTER EVENT TRIGGER ghost ENABLE ALWAYS;\n",
    )
    .unwrap();
    let err = strata::read_catalog(
        &Source::Files(dir.path().to_path_buf()),
        connect(&host).as_mut(),
        &Scope::default(),
        &LoadRules::default(),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("schema.sql:2: event trigger \"ghost\" does not exist"),
        "{err}"
    );
}

#[test]
fn states_follow_the_order_statements_ran_in_and_dropped_triggers_are_gone() {
    let host = TestDb::new();
    let dir = tempfile::tempdir().expect("temp dir");
    // The ALTER comes first by file name, but can only run after the CREATE it needs,
    // which is retried after its function: the ALTER's state is the last one set.
    std::fs::write(
        dir.path().join("01-state.sql"),
        "ALTER EVENT TRIGGER late ENABLE ALWAYS;\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("02-trigger.sql"),
        "CREATE EVENT TRIGGER late ON ddl_command_start EXECUTE FUNCTION refuse_ddl();\n\
         CREATE EVENT TRIGGER gone ON ddl_command_start EXECUTE FUNCTION refuse_ddl();\n\
         DROP EVENT TRIGGER gone;\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("03-function.sql"), REFUSE_DDL).unwrap();
    let catalog = strata::read_catalog(
        &Source::Files(dir.path().to_path_buf()),
        connect(&host).as_mut(),
        &Scope::default(),
        &LoadRules::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(states(&catalog), [("late", TriggerState::Always)]);
}

#[test]
fn renaming_an_event_trigger_in_a_file_is_refused() {
    let db = TestDb::new();
    let err = strata::load_files(
        connect(&db).as_mut(),
        &[SqlFile {
            path: PathBuf::from("schema.sql"),
            text: "ALTER EVENT TRIGGER a RENAME TO b;".into(),
        }],
        &LoadRules::default(),
    )
    .unwrap_err();
    assert_eq!(
        err.message,
        "ALTER EVENT TRIGGER .. RENAME TO / OWNER TO is not allowed in a schema file"
    );
}
